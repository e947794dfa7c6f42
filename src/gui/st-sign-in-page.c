/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "st-sign-in-page.h"

#include <glib/gi18n-lib.h>

#include "st-demo.h"
#include "st-measure.h"
#include "st-site.h"

struct _StSignInPage {
  AdwBin parent_instance;

  GtkLabel *site_label;
  GtkEntry *username_entry;
  GtkPasswordEntry *password_entry;
  GtkLabel *error_label;
  GtkButton *sign_in_button;
  GtkSpinner *spinner;
  GtkWidget *demo_box;
  GtkLabel *demo_label;

  StSession *session;
  GCancellable *cancellable;
  gboolean busy;
};

G_DEFINE_FINAL_TYPE (StSignInPage, st_sign_in_page, ADW_TYPE_BIN)

enum {
  SIGNAL_SIGNED_IN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct {
  char *username;
  char *password;
} Attempt;

static void
attempt_free (Attempt *attempt)
{
  g_free (attempt->username);
  st_secret_free (attempt->password);   /* overwritten (OPENSSL_cleanse), then freed */
  g_free (attempt);
}

static void
sign_in_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  StSession *session = g_object_get_data (G_OBJECT (task), "session");
  Attempt *attempt = task_data;
  GError *error = NULL;

  if (st_session_sign_in (session, attempt->username, attempt->password, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
set_busy (StSignInPage *self,
          gboolean      busy)
{
  /* Fields stay sensitive (an insensitive focused GtkText loses its
   * focus-out in GTK 4.8): they only stop taking input. */
  self->busy = busy;
  gtk_editable_set_editable (GTK_EDITABLE (self->username_entry), !busy);
  gtk_editable_set_editable (GTK_EDITABLE (self->password_entry), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->sign_in_button), !busy);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_spinner_set_spinning (self->spinner, busy);
}

static void
show_error (StSignInPage *self,
            const char   *message)
{
  gtk_label_set_label (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void
sign_in_done (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  StSignInPage *self = ST_SIGN_IN_PAGE (source);
  g_autoptr(GError) error = NULL;

  set_busy (self, FALSE);
  gtk_editable_set_text (GTK_EDITABLE (self->password_entry), "");
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      show_error (self, error->message);
      gtk_widget_grab_focus (GTK_WIDGET (self->password_entry));
      return;
    }
  show_error (self, NULL);
  g_signal_emit (self, signals[SIGNAL_SIGNED_IN], 0);
}

static void
start_sign_in (StSignInPage *self)
{
  const char *username = gtk_editable_get_text (GTK_EDITABLE (self->username_entry));
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->password_entry));
  g_autoptr(GTask) task = NULL;
  Attempt *attempt;

  if (self->busy || self->session == NULL)
    return;
  if (*username == '\0')
    {
      show_error (self, _("user: enter your user name"));
      gtk_widget_grab_focus (GTK_WIDGET (self->username_entry));
      return;
    }
  st_measure_mark ("sign-in");
  attempt = g_new0 (Attempt, 1);
  attempt->username = g_strstrip (g_strdup (username));
  attempt->password = g_strdup (password);
  task = g_task_new (self, self->cancellable, sign_in_done, NULL);
  g_task_set_source_tag (task, start_sign_in);
  g_object_set_data_full (G_OBJECT (task), "session", g_object_ref (self->session), g_object_unref);
  g_task_set_task_data (task, attempt, (GDestroyNotify) attempt_free);
  set_busy (self, TRUE);
  g_task_run_in_thread (task, sign_in_thread);
}

static void
on_sign_in (StSignInPage *self)
{
  start_sign_in (self);
}

static void
on_username_activate (StSignInPage *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self->password_entry));
}

static void
demo_user_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  StSignInPage *self = ST_SIGN_IN_PAGE (widget);

  gtk_editable_set_text (GTK_EDITABLE (self->username_entry), g_variant_get_string (parameter, NULL));
  gtk_editable_set_text (GTK_EDITABLE (self->password_entry), ST_DEMO_PASSWORD);
  gtk_widget_grab_focus (GTK_WIDGET (self->sign_in_button));
}

static void
st_sign_in_page_dispose (GObject *object)
{
  StSignInPage *self = ST_SIGN_IN_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), ST_TYPE_SIGN_IN_PAGE);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->session);
  G_OBJECT_CLASS (st_sign_in_page_parent_class)->dispose (object);
}

static void
st_sign_in_page_class_init (StSignInPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = st_sign_in_page_dispose;

  signals[SIGNAL_SIGNED_IN] =
    g_signal_new ("signed-in", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/stroma/Stroma/ui/st-sign-in-page.ui");
  gtk_widget_class_bind_template_child (widget_class, StSignInPage, site_label);
  gtk_widget_class_bind_template_child (widget_class, StSignInPage, username_entry);
  gtk_widget_class_bind_template_child (widget_class, StSignInPage, password_entry);
  gtk_widget_class_bind_template_child (widget_class, StSignInPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, StSignInPage, sign_in_button);
  gtk_widget_class_bind_template_child (widget_class, StSignInPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, StSignInPage, demo_box);
  gtk_widget_class_bind_template_child (widget_class, StSignInPage, demo_label);
  gtk_widget_class_bind_template_callback (widget_class, on_sign_in);
  gtk_widget_class_bind_template_callback (widget_class, on_username_activate);

  gtk_widget_class_install_action (widget_class, "sign-in.demo-user", "s", demo_user_action);
}

static void
st_sign_in_page_init (StSignInPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
}

void
st_sign_in_page_set_session (StSignInPage *self,
                             StSession    *session,
                             gboolean      demo)
{
  g_autoptr(StSiteRecord) site = NULL;
  g_autofree char *demo_text = NULL;

  g_return_if_fail (ST_IS_SIGN_IN_PAGE (self));
  g_return_if_fail (!self->busy);

  g_set_object (&self->session, session);
  if (session != NULL)
    site = st_site_get (session, NULL);
  gtk_label_set_label (self->site_label, site != NULL ? site->name : _("Stroma"));
  demo_text = g_strdup_printf (_("A fresh database with example lots. Every demo user has the password "
                                 "“%s”. Choose one to fill in the fields."), ST_DEMO_PASSWORD);
  gtk_label_set_label (self->demo_label, demo_text);
  gtk_widget_set_visible (self->demo_box, demo);
  st_sign_in_page_reset (self);
}

void
st_sign_in_page_reset (StSignInPage *self)
{
  g_return_if_fail (ST_IS_SIGN_IN_PAGE (self));

  gtk_editable_set_text (GTK_EDITABLE (self->username_entry), "");
  gtk_editable_set_text (GTK_EDITABLE (self->password_entry), "");
  show_error (self, NULL);
  gtk_widget_grab_focus (GTK_WIDGET (self->username_entry));
}

void
st_sign_in_page_sign_in (StSignInPage *self,
                         const char   *username,
                         const char   *password)
{
  g_return_if_fail (ST_IS_SIGN_IN_PAGE (self));

  gtk_editable_set_text (GTK_EDITABLE (self->username_entry), username);
  gtk_editable_set_text (GTK_EDITABLE (self->password_entry), password);
  start_sign_in (self);
}

gboolean
st_sign_in_page_is_busy (StSignInPage *self)
{
  return self->busy;
}

const char *
st_sign_in_page_get_error (StSignInPage *self)
{
  return gtk_widget_get_visible (GTK_WIDGET (self->error_label)) ? gtk_label_get_label (self->error_label) : "";
}
