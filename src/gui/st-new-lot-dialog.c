/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "st-new-lot-dialog.h"

#include <glib/gi18n-lib.h>

#include "st-donors.h"
#include "st-format.h"
#include "st-lot-spec.h"
#include "st-lots.h"

struct _StNewLotDialog {
  AdwWindow parent_instance;

  GtkEntry *lot_entry;
  GtkEntry *product_entry;
  GtkEntry *donors_entry;
  GtkLabel *donors_label;
  GtkDropDown *spec_dropdown;
  GtkLabel *error_label;
  GtkWidget *create_button;

  StSession *session;
  GHashTable *eligibility;     /* donor code -> eligibility */
  GStrv specs;
};

G_DEFINE_FINAL_TYPE (StNewLotDialog, st_new_lot_dialog, ADW_TYPE_WINDOW)

enum {
  SIGNAL_CREATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Scanned DINs may carry the '=' data identifier. */
static GStrv
donor_codes (StNewLotDialog *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->donors_entry));
  g_auto(GStrv) words = g_strsplit_set (text, " ,;\t", -1);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; words[i] != NULL; i++)
    {
      const char *code = words[i][0] == '=' ? words[i] + 1 : words[i];
      if (*code != '\0')
        g_strv_builder_add (builder, code);
    }
  return g_strv_builder_end (builder);
}

static void
on_donors_changed (StNewLotDialog *self)
{
  g_auto(GStrv) codes = donor_codes (self);
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; codes[i] != NULL; i++)
    {
      const char *eligibility = g_hash_table_lookup (self->eligibility, codes[i]);

      if (text->len > 0)
        g_string_append (text, "   ");
      if (eligibility == NULL)
        g_string_append_printf (text, _("%s: unknown donor"), codes[i]);
      else
        g_string_append_printf (text, "%s: %s", codes[i], st_format_eligibility (eligibility).label);
    }
  gtk_label_set_label (self->donors_label, text->str);
}

static void
show_error (StNewLotDialog *self,
            const char     *message)
{
  gtk_label_set_label (self->error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
}

static void
on_create (StNewLotDialog *self)
{
  g_auto(GStrv) codes = donor_codes (self);
  g_autoptr(GError) error = NULL;
  g_autofree char *lot_number = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->lot_entry))));
  g_autofree char *product = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->product_entry))));
  guint selected = gtk_drop_down_get_selected (self->spec_dropdown);
  const char *spec = self->specs != NULL && selected < g_strv_length (self->specs) ? self->specs[selected] : NULL;

  if (!st_lots_create (self->session, lot_number, *product != '\0' ? product : NULL,
                       (const char * const *) codes, spec, &error))
    {
      show_error (self, error->message);
      return;
    }
  g_signal_emit (self, signals[SIGNAL_CREATED], 0, lot_number);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
st_new_lot_dialog_dispose (GObject *object)
{
  StNewLotDialog *self = ST_NEW_LOT_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), ST_TYPE_NEW_LOT_DIALOG);
  g_clear_object (&self->session);
  g_clear_pointer (&self->eligibility, g_hash_table_unref);
  g_clear_pointer (&self->specs, g_strfreev);
  G_OBJECT_CLASS (st_new_lot_dialog_parent_class)->dispose (object);
}

static void
st_new_lot_dialog_class_init (StNewLotDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = st_new_lot_dialog_dispose;

  signals[SIGNAL_CREATED] =
    g_signal_new ("created", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/stroma/Stroma/ui/st-new-lot-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, StNewLotDialog, lot_entry);
  gtk_widget_class_bind_template_child (widget_class, StNewLotDialog, product_entry);
  gtk_widget_class_bind_template_child (widget_class, StNewLotDialog, donors_entry);
  gtk_widget_class_bind_template_child (widget_class, StNewLotDialog, donors_label);
  gtk_widget_class_bind_template_child (widget_class, StNewLotDialog, spec_dropdown);
  gtk_widget_class_bind_template_child (widget_class, StNewLotDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, StNewLotDialog, create_button);
  gtk_widget_class_bind_template_callback (widget_class, on_create);
  gtk_widget_class_bind_template_callback (widget_class, on_donors_changed);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
st_new_lot_dialog_init (StNewLotDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->eligibility = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

StNewLotDialog *
st_new_lot_dialog_new (GtkWindow *parent,
                       StSession *session)
{
  StNewLotDialog *self = g_object_new (ST_TYPE_NEW_LOT_DIALOG, "transient-for", parent, NULL);
  g_autoptr(GPtrArray) donors = NULL;
  g_autoptr(GtkStringList) specs = NULL;
  g_autoptr(GError) error = NULL;

  self->session = g_object_ref (session);
  donors = st_donors_list (session, &error);
  for (guint i = 0; donors != NULL && i < donors->len; i++)
    {
      const StDonorRecord *donor = g_ptr_array_index (donors, i);
      g_hash_table_insert (self->eligibility, g_strdup (donor->code), g_strdup (donor->eligibility));
    }
  g_clear_error (&error);
  self->specs = st_lot_spec_choices (session, &error);
  if (self->specs == NULL)
    show_error (self, error->message);
  specs = gtk_string_list_new ((const char * const *) self->specs);
  gtk_drop_down_set_model (self->spec_dropdown, G_LIST_MODEL (specs));
  return self;
}
