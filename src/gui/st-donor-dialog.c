/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "st-donor-dialog.h"

#include <glib/gi18n-lib.h>

#include "st-donors.h"
#include "st-value.h"

struct _StDonorDialog {
  AdwWindow parent_instance;

  GtkEntry *code_entry;
  GtkEntry *birth_year_entry;
  GtkDropDown *sex_dropdown;
  GtkEntry *consent_entry;
  GtkSwitch *htlv_switch;
  GtkLabel *error_label;
  GtkWidget *add_button;

  StSession *session;
};

G_DEFINE_FINAL_TYPE (StDonorDialog, st_donor_dialog, ADW_TYPE_WINDOW)

enum {
  SIGNAL_ADDED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* In the order of the drop-down's (translated) items. */
static const char *const sexes[] = { "female", "male" };

static void
on_add (StDonorDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *code = st_donors_normalize_code (gtk_editable_get_text (GTK_EDITABLE (self->code_entry)), &error);
  g_autofree char *consent_typed = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->consent_entry))));
  g_autofree char *consent = NULL;
  guint sex = gtk_drop_down_get_selected (self->sex_dropdown);
  StDonorInput input = {
    .code = code,
    .birth_year = gtk_editable_get_text (GTK_EDITABLE (self->birth_year_entry)),
    .sex = sex < G_N_ELEMENTS (sexes) ? sexes[sex] : NULL,
    .htlv_required = gtk_switch_get_active (self->htlv_switch),
  };

  /* Typed in the locale's order; the core takes ISO 8601. */
  if (code != NULL && *consent_typed != '\0')
    consent = st_value_date_from_locale ("consent-date", consent_typed, NULL, &error);
  input.consent_date = consent;
  if (code == NULL || error != NULL || !st_donors_add (self->session, &input, &error))
    {
      gtk_label_set_label (self->error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      return;
    }
  g_signal_emit (self, signals[SIGNAL_ADDED], 0, code);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
st_donor_dialog_dispose (GObject *object)
{
  StDonorDialog *self = ST_DONOR_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), ST_TYPE_DONOR_DIALOG);
  g_clear_object (&self->session);
  G_OBJECT_CLASS (st_donor_dialog_parent_class)->dispose (object);
}

static void
st_donor_dialog_class_init (StDonorDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = st_donor_dialog_dispose;

  signals[SIGNAL_ADDED] =
    g_signal_new ("added", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/stroma/Stroma/ui/st-donor-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, StDonorDialog, code_entry);
  gtk_widget_class_bind_template_child (widget_class, StDonorDialog, birth_year_entry);
  gtk_widget_class_bind_template_child (widget_class, StDonorDialog, sex_dropdown);
  gtk_widget_class_bind_template_child (widget_class, StDonorDialog, consent_entry);
  gtk_widget_class_bind_template_child (widget_class, StDonorDialog, htlv_switch);
  gtk_widget_class_bind_template_child (widget_class, StDonorDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, StDonorDialog, add_button);
  gtk_widget_class_bind_template_callback (widget_class, on_add);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
st_donor_dialog_init (StDonorDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

StDonorDialog *
st_donor_dialog_new (GtkWindow *parent,
                     StSession *session)
{
  StDonorDialog *self = g_object_new (ST_TYPE_DONOR_DIALOG, "transient-for", parent, NULL);

  g_autofree char *hint = st_value_date_hint (NULL);

  self->session = g_object_ref (session);
  gtk_entry_set_placeholder_text (self->consent_entry, hint);
  gtk_widget_grab_focus (GTK_WIDGET (self->code_entry));
  return self;
}
