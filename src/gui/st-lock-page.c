/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "st-lock-page.h"

#include <glib/gi18n-lib.h>
#include <string.h>

struct _StLockPage {
  AdwBin parent_instance;

  AdwStatusPage *status_page;
  GtkPasswordEntry *password_entry;
  GtkLabel *error_label;
  GtkButton *unlock_button;
  GtkSpinner *spinner;

  StSession *session;
  gboolean busy;
};

G_DEFINE_FINAL_TYPE (StLockPage, st_lock_page, ADW_TYPE_BIN)

enum {
  SIGNAL_UNLOCKED,
  SIGNAL_SIGN_OUT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
clear_password (char *password)
{
  st_secret_free (password);   /* overwritten (OPENSSL_cleanse), then freed */
}

static void
unlock_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  StSession *session = g_object_get_data (G_OBJECT (task), "session");
  GError *error = NULL;

  if (st_session_unlock (session, task_data, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
set_busy (StLockPage *self,
          gboolean    busy)
{
  self->busy = busy;
  gtk_editable_set_editable (GTK_EDITABLE (self->password_entry), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->unlock_button), !busy);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_spinner_set_spinning (self->spinner, busy);
}

static void
show_error (StLockPage *self,
            const char *message)
{
  gtk_label_set_label (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void
unlock_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  StLockPage *self = ST_LOCK_PAGE (source);
  g_autoptr(GError) error = NULL;

  set_busy (self, FALSE);
  gtk_editable_set_text (GTK_EDITABLE (self->password_entry), "");
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      show_error (self, error->message);
      gtk_widget_grab_focus (GTK_WIDGET (self->password_entry));
      return;
    }
  show_error (self, NULL);
  g_signal_emit (self, signals[SIGNAL_UNLOCKED], 0);
}

static void
on_unlock (StLockPage *self)
{
  g_autoptr(GTask) task = NULL;

  if (self->busy || self->session == NULL)
    return;
  task = g_task_new (self, NULL, unlock_done, NULL);
  g_object_set_data_full (G_OBJECT (task), "session", g_object_ref (self->session), g_object_unref);
  g_task_set_task_data (task, g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->password_entry))),
                        (GDestroyNotify) clear_password);
  set_busy (self, TRUE);
  g_task_run_in_thread (task, unlock_thread);
}

static void
on_sign_out (StLockPage *self)
{
  if (!self->busy)
    g_signal_emit (self, signals[SIGNAL_SIGN_OUT], 0);
}

static void
st_lock_page_dispose (GObject *object)
{
  StLockPage *self = ST_LOCK_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), ST_TYPE_LOCK_PAGE);
  g_clear_object (&self->session);
  G_OBJECT_CLASS (st_lock_page_parent_class)->dispose (object);
}

static void
st_lock_page_class_init (StLockPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = st_lock_page_dispose;

  signals[SIGNAL_UNLOCKED] =
    g_signal_new ("unlocked", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_SIGN_OUT] =
    g_signal_new ("sign-out", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/stroma/Stroma/ui/st-lock-page.ui");
  gtk_widget_class_bind_template_child (widget_class, StLockPage, status_page);
  gtk_widget_class_bind_template_child (widget_class, StLockPage, password_entry);
  gtk_widget_class_bind_template_child (widget_class, StLockPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, StLockPage, unlock_button);
  gtk_widget_class_bind_template_child (widget_class, StLockPage, spinner);
  gtk_widget_class_bind_template_callback (widget_class, on_unlock);
  gtk_widget_class_bind_template_callback (widget_class, on_sign_out);
}

static void
st_lock_page_init (StLockPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

void
st_lock_page_show (StLockPage *self,
                   StSession  *session,
                   double      minutes)
{
  const StUserRecord *user;
  g_autofree char *description = NULL;
  guint whole = (guint) (minutes + 0.5);

  g_return_if_fail (ST_IS_LOCK_PAGE (self));

  g_set_object (&self->session, session);
  user = st_session_get_user (session);
  if (minutes >= 1.0)
    description = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                "%s (%s) was away for %u minute: the data are hidden until the "
                                                "password is entered again. Entries not saved are kept.",
                                                "%s (%s) was away for %u minutes: the data are hidden until the "
                                                "password is entered again. Entries not saved are kept.", whole),
                                   user->full_name, user->username, whole);
  else if (minutes > 0.0)
    description = g_strdup_printf (_("%s (%s) was away: the data are hidden until the password is entered "
                                     "again. Entries not saved are kept."), user->full_name, user->username);
  else
    description = g_strdup_printf (_("The session of %s (%s) is locked: the data are hidden until the password "
                                     "is entered again. Entries not saved are kept."), user->full_name,
                                   user->username);
  adw_status_page_set_description (self->status_page, description);
  gtk_editable_set_text (GTK_EDITABLE (self->password_entry), "");
  show_error (self, NULL);
  gtk_widget_grab_focus (GTK_WIDGET (self->password_entry));
}

void
st_lock_page_unlock (StLockPage *self,
                     const char *password)
{
  g_return_if_fail (ST_IS_LOCK_PAGE (self));

  gtk_editable_set_text (GTK_EDITABLE (self->password_entry), password);
  on_unlock (self);
}

gboolean
st_lock_page_is_busy (StLockPage *self)
{
  return self->busy;
}

const char *
st_lock_page_get_error (StLockPage *self)
{
  return gtk_widget_get_visible (GTK_WIDGET (self->error_label)) ? gtk_label_get_label (self->error_label) : "";
}
