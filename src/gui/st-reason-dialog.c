/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "st-reason-dialog.h"

#include <glib/gi18n-lib.h>

struct _StReasonDialog {
  AdwMessageDialog parent_instance;

  GtkEntry *reason_entry;
};

G_DEFINE_FINAL_TYPE (StReasonDialog, st_reason_dialog, ADW_TYPE_MESSAGE_DIALOG)

enum {
  SIGNAL_CONFIRMED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static char *
reason_text (StReasonDialog *self)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->reason_entry))));
}

static void
on_reason_changed (StReasonDialog *self)
{
  g_autofree char *reason = reason_text (self);

  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "confirm", *reason != '\0');
}

/* Enter confirms, as the button does (which also closes the dialog). */
static void
on_reason_activate (StReasonDialog *self)
{
  if (!adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (self), "confirm"))
    return;
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (self), "confirm");
  gtk_window_close (GTK_WINDOW (self));
}

static void
st_reason_dialog_response (AdwMessageDialog *dialog,
                           const char       *response)
{
  StReasonDialog *self = ST_REASON_DIALOG (dialog);

  if (g_str_equal (response, "confirm"))
    {
      g_autofree char *reason = reason_text (self);
      if (*reason != '\0')
        g_signal_emit (self, signals[SIGNAL_CONFIRMED], 0, reason);
    }
  if (ADW_MESSAGE_DIALOG_CLASS (st_reason_dialog_parent_class)->response != NULL)
    ADW_MESSAGE_DIALOG_CLASS (st_reason_dialog_parent_class)->response (dialog, response);
}

static void
st_reason_dialog_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), ST_TYPE_REASON_DIALOG);
  G_OBJECT_CLASS (st_reason_dialog_parent_class)->dispose (object);
}

static void
st_reason_dialog_class_init (StReasonDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  AdwMessageDialogClass *dialog_class = ADW_MESSAGE_DIALOG_CLASS (klass);

  object_class->dispose = st_reason_dialog_dispose;
  dialog_class->response = st_reason_dialog_response;

  signals[SIGNAL_CONFIRMED] =
    g_signal_new ("confirmed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/stroma/Stroma/ui/st-reason-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, StReasonDialog, reason_entry);
  gtk_widget_class_bind_template_callback (widget_class, on_reason_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_reason_activate);
}

static void
st_reason_dialog_init (StReasonDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

StReasonDialog *
st_reason_dialog_new (GtkWindow  *parent,
                      const char *changes)
{
  StReasonDialog *self = g_object_new (ST_TYPE_REASON_DIALOG, "transient-for", parent, NULL);
  g_autofree char *body = g_strdup_printf (_("Saved values are never overwritten: the old value stays in the "
                                             "record and the new one supersedes it.\n\n%s"), changes);

  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (self), body);
  gtk_widget_grab_focus (GTK_WIDGET (self->reason_entry));
  return self;
}

void
st_reason_dialog_confirm (StReasonDialog *self,
                          const char     *reason)
{
  g_return_if_fail (ST_IS_REASON_DIALOG (self));

  gtk_editable_set_text (GTK_EDITABLE (self->reason_entry), reason);
  on_reason_activate (self);
}
