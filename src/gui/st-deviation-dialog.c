/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "st-deviation-dialog.h"

#include <glib/gi18n-lib.h>

#include "st-deviations.h"

struct _StDeviationDialog {
  AdwWindow parent_instance;

  GtkWidget *lot_label;
  GtkEntry *lot_entry;
  GtkDropDown *severity_dropdown;
  GtkTextView *text_view;
  GtkLabel *error_label;
  GtkWidget *action_button;

  StSession *session;
  char *lot_number;
};

G_DEFINE_FINAL_TYPE (StDeviationDialog, st_deviation_dialog, ADW_TYPE_WINDOW)

enum {
  SIGNAL_OPENED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* In the order of the drop-down's (translated) items. */
static const char *const severities[] = { "minor", "major", "critical" };

static void
on_open (StDeviationDialog *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  guint selected = gtk_drop_down_get_selected (self->severity_dropdown);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *lot_text = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->lot_entry)));
  GtkTextIter start, end;
  gint64 number = 0;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = g_strstrip (gtk_text_buffer_get_text (buffer, &start, &end, FALSE));
  if (!st_deviations_open (self->session,
                           self->lot_number != NULL ? self->lot_number
                                                    : g_strstrip (lot_text),
                           selected < G_N_ELEMENTS (severities) ? severities[selected] : NULL,
                           text, &number, &error))
    {
      gtk_label_set_label (self->error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      return;
    }
  g_signal_emit (self, signals[SIGNAL_OPENED], 0, number);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
st_deviation_dialog_dispose (GObject *object)
{
  StDeviationDialog *self = ST_DEVIATION_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), ST_TYPE_DEVIATION_DIALOG);
  g_clear_object (&self->session);
  g_clear_pointer (&self->lot_number, g_free);
  G_OBJECT_CLASS (st_deviation_dialog_parent_class)->dispose (object);
}

static void
st_deviation_dialog_class_init (StDeviationDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = st_deviation_dialog_dispose;

  signals[SIGNAL_OPENED] =
    g_signal_new ("opened", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/stroma/Stroma/ui/st-deviation-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, StDeviationDialog, lot_label);
  gtk_widget_class_bind_template_child (widget_class, StDeviationDialog, lot_entry);
  gtk_widget_class_bind_template_child (widget_class, StDeviationDialog, severity_dropdown);
  gtk_widget_class_bind_template_child (widget_class, StDeviationDialog, text_view);
  gtk_widget_class_bind_template_child (widget_class, StDeviationDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, StDeviationDialog, action_button);
  gtk_widget_class_bind_template_callback (widget_class, on_open);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
st_deviation_dialog_init (StDeviationDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

StDeviationDialog *
st_deviation_dialog_new (GtkWindow  *parent,
                         StSession  *session,
                         const char *lot_number)
{
  StDeviationDialog *self = g_object_new (ST_TYPE_DEVIATION_DIALOG, "transient-for", parent, NULL);

  self->session = g_object_ref (session);
  self->lot_number = g_strdup (lot_number);
  if (lot_number != NULL)
    {
      g_autofree char *title = g_strdup_printf (_("Open a Deviation of %s"), lot_number);
      gtk_window_set_title (GTK_WINDOW (self), title);
      gtk_widget_grab_focus (GTK_WIDGET (self->text_view));
    }
  else
    {
      /* Opened from the deviations page: the lot is asked first. */
      gtk_widget_set_visible (self->lot_label, TRUE);
      gtk_widget_set_visible (GTK_WIDGET (self->lot_entry), TRUE);
      gtk_widget_grab_focus (GTK_WIDGET (self->lot_entry));
    }
  return self;
}
