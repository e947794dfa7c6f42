/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "st-preferences-window.h"

#include <glib/gi18n-lib.h>

struct _StPreferencesWindow {
  AdwPreferencesWindow parent_instance;

  AdwEntryRow *database_row;
  GtkSpinButton *idle_spin;
  AdwEntryRow *export_row;
  GtkSwitch *open_certificate_switch;

  GSettings *settings;
  GtkFileChooserNative *chooser;
};

G_DEFINE_FINAL_TYPE (StPreferencesWindow, st_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static void
on_chooser_response (StPreferencesWindow *self,
                     int                  response)
{
  AdwEntryRow *row = g_object_get_data (G_OBJECT (self->chooser), "row");

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (self->chooser));
      g_autofree char *path = g_file_get_path (file);

      if (path != NULL)
        gtk_editable_set_text (GTK_EDITABLE (row), path);
    }
  g_clear_object (&self->chooser);
}

static void
choose (StPreferencesWindow  *self,
        AdwEntryRow          *row,
        const char           *title,
        GtkFileChooserAction  action)
{
  if (self->chooser != NULL)
    return;
  self->chooser = gtk_file_chooser_native_new (title, GTK_WINDOW (self), action, _("_Choose"), _("_Cancel"));
  g_object_set_data (G_OBJECT (self->chooser), "row", row);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  g_signal_connect_swapped (self->chooser, "response", G_CALLBACK (on_chooser_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
on_choose_database (StPreferencesWindow *self)
{
  choose (self, self->database_row, _("Database File"), GTK_FILE_CHOOSER_ACTION_OPEN);
}

static void
on_choose_export (StPreferencesWindow *self)
{
  choose (self, self->export_row, _("Export Folder"), GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER);
}

static void
st_preferences_window_dispose (GObject *object)
{
  StPreferencesWindow *self = ST_PREFERENCES_WINDOW (object);

  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  gtk_widget_dispose_template (GTK_WIDGET (self), ST_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->settings);
  G_OBJECT_CLASS (st_preferences_window_parent_class)->dispose (object);
}

static void
st_preferences_window_class_init (StPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = st_preferences_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/stroma/Stroma/ui/st-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, StPreferencesWindow, database_row);
  gtk_widget_class_bind_template_child (widget_class, StPreferencesWindow, idle_spin);
  gtk_widget_class_bind_template_child (widget_class, StPreferencesWindow, export_row);
  gtk_widget_class_bind_template_child (widget_class, StPreferencesWindow, open_certificate_switch);
  gtk_widget_class_bind_template_callback (widget_class, on_choose_database);
  gtk_widget_class_bind_template_callback (widget_class, on_choose_export);
}

static void
st_preferences_window_init (StPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

StPreferencesWindow *
st_preferences_window_new (GtkWindow *parent,
                           GSettings *settings)
{
  StPreferencesWindow *self = g_object_new (ST_TYPE_PREFERENCES_WINDOW, "transient-for", parent, NULL);

  self->settings = g_object_ref (settings);
  g_settings_bind (settings, "database-file", self->database_row, "text", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "idle-lock-minutes", self->idle_spin, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "export-folder", self->export_row, "text", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "open-certificate", self->open_certificate_switch, "active", G_SETTINGS_BIND_DEFAULT);
  return self;
}
