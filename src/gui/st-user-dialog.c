/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "st-user-dialog.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "st-twin-task.h"
#include "st-users.h"

struct _StUserDialog {
  AdwWindow parent_instance;

  GtkEntry *username_entry;
  GtkEntry *full_name_entry;
  GtkCheckButton *operator_check;
  GtkCheckButton *reviewer_check;
  GtkCheckButton *qp_check;
  GtkCheckButton *admin_check;
  GtkPasswordEntry *password_entry;
  GtkPasswordEntry *repeat_entry;
  GtkWidget *add_button;
  GtkSpinner *spinner;
  GtkLabel *error_label;

  StSession *session;
  gboolean busy;
};

G_DEFINE_FINAL_TYPE (StUserDialog, st_user_dialog, ADW_TYPE_WINDOW)

enum {
  SIGNAL_ADDED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct {
  char *username;
  char *full_name;
  StRole roles;
  char *password;
} NewUser;

static void
new_user_free (NewUser *user)
{
  g_free (user->username);
  g_free (user->full_name);
  st_secret_free (user->password);   /* overwritten (OPENSSL_cleanse), then freed */
  g_free (user);
}

static gpointer
add_work (StSession     *twin,
          gpointer       data,
          GCancellable  *cancellable,
          GError       **error)
{
  NewUser *user = data;

  return st_users_add (twin, user->username, user->full_name, user->roles, user->password, error)
         ? ST_TWIN_DONE : NULL;
}

static void
show_error (StUserDialog *self,
            const char   *message)
{
  gtk_label_set_label (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void
set_busy (StUserDialog *self,
          gboolean      busy)
{
  self->busy = busy;
  gtk_widget_set_sensitive (self->add_button, !busy);
  gtk_window_set_deletable (GTK_WINDOW (self), !busy);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_spinner_set_spinning (self->spinner, busy);
}

static void
add_done (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  StUserDialog *self = ST_USER_DIALOG (source);
  g_autoptr(GError) error = NULL;
  g_autofree char *username = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->username_entry)));

  set_busy (self, FALSE);
  if (st_twin_task_finish (result, &error) == NULL)
    {
      show_error (self, error->message);
      return;
    }
  g_signal_emit (self, signals[SIGNAL_ADDED], 0, g_strstrip (username));
  gtk_window_destroy (GTK_WINDOW (self));
}

static StRole
checked_roles (StUserDialog *self)
{
  return (gtk_check_button_get_active (self->operator_check) ? ST_ROLE_OPERATOR : 0)
       | (gtk_check_button_get_active (self->reviewer_check) ? ST_ROLE_REVIEWER : 0)
       | (gtk_check_button_get_active (self->qp_check) ? ST_ROLE_QP : 0)
       | (gtk_check_button_get_active (self->admin_check) ? ST_ROLE_ADMIN : 0);
}

static void
on_add (StUserDialog *self)
{
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->password_entry));
  NewUser *user;

  if (self->busy)
    return;
  if (!g_str_equal (password, gtk_editable_get_text (GTK_EDITABLE (self->repeat_entry))))
    {
      show_error (self, _("password: the two passwords differ"));
      return;
    }
  user = g_new0 (NewUser, 1);
  user->username = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->username_entry))));
  user->full_name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->full_name_entry))));
  user->roles = checked_roles (self);
  user->password = g_strdup (password);
  show_error (self, NULL);
  set_busy (self, TRUE);
  st_twin_task_run (self, self->session, add_work, user, (GDestroyNotify) new_user_free, NULL, NULL, add_done, NULL);
}

static gboolean
st_user_dialog_close_request (GtkWindow *window)
{
  if (ST_USER_DIALOG (window)->busy)
    return TRUE;
  return GTK_WINDOW_CLASS (st_user_dialog_parent_class)->close_request (window);
}

static void
st_user_dialog_dispose (GObject *object)
{
  StUserDialog *self = ST_USER_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), ST_TYPE_USER_DIALOG);
  g_clear_object (&self->session);
  G_OBJECT_CLASS (st_user_dialog_parent_class)->dispose (object);
}

static void
st_user_dialog_class_init (StUserDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = st_user_dialog_dispose;
  GTK_WINDOW_CLASS (klass)->close_request = st_user_dialog_close_request;

  signals[SIGNAL_ADDED] =
    g_signal_new ("added", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/stroma/Stroma/ui/st-user-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, StUserDialog, username_entry);
  gtk_widget_class_bind_template_child (widget_class, StUserDialog, full_name_entry);
  gtk_widget_class_bind_template_child (widget_class, StUserDialog, operator_check);
  gtk_widget_class_bind_template_child (widget_class, StUserDialog, reviewer_check);
  gtk_widget_class_bind_template_child (widget_class, StUserDialog, qp_check);
  gtk_widget_class_bind_template_child (widget_class, StUserDialog, admin_check);
  gtk_widget_class_bind_template_child (widget_class, StUserDialog, password_entry);
  gtk_widget_class_bind_template_child (widget_class, StUserDialog, repeat_entry);
  gtk_widget_class_bind_template_child (widget_class, StUserDialog, add_button);
  gtk_widget_class_bind_template_child (widget_class, StUserDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, StUserDialog, error_label);
  gtk_widget_class_bind_template_callback (widget_class, on_add);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
st_user_dialog_init (StUserDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

StUserDialog *
st_user_dialog_new (GtkWindow *parent,
                    StSession *session)
{
  StUserDialog *self = g_object_new (ST_TYPE_USER_DIALOG, "transient-for", parent, NULL);

  self->session = g_object_ref (session);
  gtk_widget_grab_focus (GTK_WIDGET (self->username_entry));
  return self;
}

void
st_user_dialog_add (StUserDialog *self,
                    const char   *username,
                    const char   *full_name,
                    StRole        roles,
                    const char   *password)
{
  gtk_editable_set_text (GTK_EDITABLE (self->username_entry), username);
  gtk_editable_set_text (GTK_EDITABLE (self->full_name_entry), full_name);
  gtk_check_button_set_active (self->operator_check, (roles & ST_ROLE_OPERATOR) != 0);
  gtk_check_button_set_active (self->reviewer_check, (roles & ST_ROLE_REVIEWER) != 0);
  gtk_check_button_set_active (self->qp_check, (roles & ST_ROLE_QP) != 0);
  gtk_check_button_set_active (self->admin_check, (roles & ST_ROLE_ADMIN) != 0);
  gtk_editable_set_text (GTK_EDITABLE (self->password_entry), password);
  gtk_editable_set_text (GTK_EDITABLE (self->repeat_entry), password);
  on_add (self);
}

gboolean
st_user_dialog_is_busy (StUserDialog *self)
{
  return self->busy;
}
