/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "st-users-page.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>
#include <string.h>

#include "st-format.h"
#include "st-record-item.h"
#include "st-twin-task.h"
#include "st-user-dialog.h"
#include "st-users.h"

struct _StUsersPage {
  AdwBin parent_instance;

  AdwWindowTitle *window_title;
  GtkListView *list_view;
  GtkStack *detail_stack;
  GtkLabel *name_label;
  GtkLabel *meta_label;
  GtkWidget *state_box;
  GtkImage *state_icon;
  GtkLabel *state_label;
  GtkLabel *attempts_label;
  GtkCheckButton *operator_check;
  GtkCheckButton *reviewer_check;
  GtkCheckButton *qp_check;
  GtkCheckButton *admin_check;
  GtkPasswordEntry *password_entry;
  GtkWidget *save_roles_button;
  GtkSpinner *spinner;
  GtkWidget *unlock_button;
  GtkButton *disable_button;
  GtkLabel *error_label;

  StSession *session;
  GListStore *users;
  GtkSingleSelection *selection;
  GPtrArray *records;         /* StUserRecord, in the list's order */
  char *shown;
  char *state_class;
  gboolean busy;
};

G_DEFINE_FINAL_TYPE (StUsersPage, st_users_page, ADW_TYPE_BIN)

static StBadge
state_badge (const StUserRecord *user)
{
  if (user->disabled)
    return (StBadge) { _("Disabled"), "action-unavailable-symbolic", "verdict-incomplete" };
  if (user->locked)
    return (StBadge) { _("Locked"), "system-lock-screen-symbolic", "verdict-oos" };
  return (StBadge) { _("Active"), "emblem-ok-symbolic", "verdict-conform" };
}

static char *
role_words (const char *roles_text)
{
  StRole roles = ST_ROLE_NONE;
  static const StRole all[] = { ST_ROLE_OPERATOR, ST_ROLE_REVIEWER, ST_ROLE_QP, ST_ROLE_ADMIN };
  g_autoptr(GPtrArray) words = g_ptr_array_new ();

  if (!st_role_parse_list (roles_text, &roles, NULL))
    return g_strdup (roles_text);
  for (guint i = 0; i < G_N_ELEMENTS (all); i++)
    if (roles & all[i])
      g_ptr_array_add (words, (gpointer) st_role_display_name (all[i]));
  if (words->len == 0)
    return g_strdup (_("no role"));
  g_ptr_array_add (words, NULL);
  return g_strjoinv (", ", (char **) words->pdata);
}

static const StUserRecord *
find_user (StUsersPage *self,
           const char  *username)
{
  for (guint i = 0; username != NULL && self->records != NULL && i < self->records->len; i++)
    {
      const StUserRecord *user = g_ptr_array_index (self->records, i);
      if (g_str_equal (user->username, username))
        return user;
    }
  return NULL;
}

static void
show_error (StUsersPage *self,
            const char  *message)
{
  gtk_label_set_label (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void
show_user (StUsersPage *self,
           const char  *username)
{
  const StUserRecord *user = find_user (self, username);
  g_autofree char *meta = NULL;
  g_autofree char *created = NULL;
  g_autofree char *changed = NULL;
  StRole roles = ST_ROLE_NONE;
  StBadge badge;

  show_error (self, NULL);
  if (user == NULL)
    {
      g_clear_pointer (&self->shown, g_free);
      gtk_stack_set_visible_child_name (self->detail_stack, "empty");
      return;
    }
  g_free (self->shown);
  self->shown = g_strdup (user->username);
  created = st_format_date (user->created_at);
  changed = st_format_date (user->pw_changed_at);
  meta = g_strdup_printf (_("User name %s · created %s · password changed %s%s"), user->username, created, changed,
                          user->pw_must_change ? _(" · must be changed at the next sign-in") : "");
  gtk_label_set_label (self->name_label, user->full_name);
  gtk_label_set_label (self->meta_label, meta);
  badge = state_badge (user);
  if (self->state_class != NULL)
    gtk_widget_remove_css_class (self->state_box, self->state_class);
  g_free (self->state_class);
  self->state_class = g_strdup (badge.css_class);
  gtk_widget_add_css_class (self->state_box, badge.css_class);
  gtk_image_set_from_icon_name (self->state_icon, badge.icon_name);
  gtk_label_set_label (self->state_label, badge.label);
  if (user->failed_count > 0)
    {
      g_autofree char *attempts = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                                "%" PRId64 " failed sign-in since the last "
                                                                "successful one (each is in the audit trail).",
                                                                "%" PRId64 " failed sign-ins since the last "
                                                                "successful one (each is in the audit trail).",
                                                                (gulong) user->failed_count),
                                                   user->failed_count);
      gtk_label_set_label (self->attempts_label, attempts);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->attempts_label), user->failed_count > 0);

  st_role_parse_list (user->roles, &roles, NULL);
  gtk_check_button_set_active (self->operator_check, (roles & ST_ROLE_OPERATOR) != 0);
  gtk_check_button_set_active (self->reviewer_check, (roles & ST_ROLE_REVIEWER) != 0);
  gtk_check_button_set_active (self->qp_check, (roles & ST_ROLE_QP) != 0);
  gtk_check_button_set_active (self->admin_check, (roles & ST_ROLE_ADMIN) != 0);
  gtk_editable_set_text (GTK_EDITABLE (self->password_entry), "");
  gtk_widget_set_visible (self->unlock_button, user->locked);
  gtk_button_set_label (self->disable_button, user->disabled ? _("_Enable account") : _("_Disable account"));
  if (user->disabled)
    gtk_widget_remove_css_class (GTK_WIDGET (self->disable_button), "destructive-action");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->disable_button), "destructive-action");
  gtk_stack_set_visible_child_name (self->detail_stack, "user");
}

static void
on_selection_changed (StUsersPage *self)
{
  StRecordItem *item = gtk_single_selection_get_selected_item (self->selection);

  if (item != NULL && !self->busy)
    show_user (self, st_record_item_get_key (item));
}

static void
after_change (StUsersPage *self,
              const char  *username)
{
  g_autofree char *name = g_strdup (username);

  st_users_page_reload (self);
  st_users_page_select (self, name);
}

typedef struct {
  char *username;
  StRole roles;
  char *password;
} RolesJob;

static void
roles_job_free (RolesJob *job)
{
  g_free (job->username);
  st_secret_free (job->password);   /* overwritten (OPENSSL_cleanse), then freed */
  g_free (job);
}

static gpointer
roles_work (StSession     *twin,
            gpointer       data,
            GCancellable  *cancellable,
            GError       **error)
{
  RolesJob *job = data;

  return st_users_set_roles (twin, job->username, job->roles, job->password, error) ? ST_TWIN_DONE : NULL;
}

static void
set_busy (StUsersPage *self,
          gboolean     busy)
{
  self->busy = busy;
  /* A focused entry made insensitive loses its focus-out in GTK 4.8. */
  if (busy)
    gtk_widget_grab_focus (GTK_WIDGET (self->list_view));
  gtk_widget_set_sensitive (GTK_WIDGET (self->detail_stack), !busy);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_spinner_set_spinning (self->spinner, busy);
}

static void
roles_done (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  StUsersPage *self = ST_USERS_PAGE (source);
  g_autoptr(GError) error = NULL;
  g_autofree char *username = g_strdup (self->shown);

  set_busy (self, FALSE);
  if (st_twin_task_finish (result, &error) == NULL)
    {
      show_error (self, error->message);
      return;
    }
  after_change (self, username);
}

static void
on_save_roles (StUsersPage *self)
{
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->password_entry));
  RolesJob *job;

  if (self->shown == NULL || self->busy)
    return;
  job = g_new0 (RolesJob, 1);
  job->username = g_strdup (self->shown);
  job->roles = (gtk_check_button_get_active (self->operator_check) ? ST_ROLE_OPERATOR : 0)
             | (gtk_check_button_get_active (self->reviewer_check) ? ST_ROLE_REVIEWER : 0)
             | (gtk_check_button_get_active (self->qp_check) ? ST_ROLE_QP : 0)
             | (gtk_check_button_get_active (self->admin_check) ? ST_ROLE_ADMIN : 0);
  job->password = *password != '\0' ? g_strdup (password) : NULL;
  show_error (self, NULL);
  /* A new signing key means a key derivation: off the main thread. */
  set_busy (self, TRUE);
  st_twin_task_run (self, self->session, roles_work, job, (GDestroyNotify) roles_job_free, NULL, NULL,
                    roles_done, NULL);
}

static void
on_unlock (StUsersPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *username = g_strdup (self->shown);

  if (username == NULL)
    return;
  if (!st_users_unlock (self->session, username, &error))
    {
      show_error (self, error->message);
      return;
    }
  after_change (self, username);
}

static void
on_disable (StUsersPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *username = g_strdup (self->shown);
  const StUserRecord *user = find_user (self, username);
  gboolean ok;

  if (user == NULL)
    return;
  ok = user->disabled ? st_users_enable (self->session, username, &error)
                      : st_users_disable (self->session, username, &error);
  if (!ok)
    {
      show_error (self, error->message);
      return;
    }
  after_change (self, username);
}

static void
on_user_added (StUsersPage *self,
               const char  *username)
{
  after_change (self, username);
}

static void
add_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  st_users_page_add_user (ST_USERS_PAGE (widget));
}

static void
st_users_page_dispose (GObject *object)
{
  StUsersPage *self = ST_USERS_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), ST_TYPE_USERS_PAGE);
  g_clear_object (&self->session);
  g_clear_object (&self->selection);
  g_clear_pointer (&self->records, g_ptr_array_unref);
  g_clear_pointer (&self->shown, g_free);
  g_clear_pointer (&self->state_class, g_free);
  G_OBJECT_CLASS (st_users_page_parent_class)->dispose (object);
}

static void
st_users_page_class_init (StUsersPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = st_users_page_dispose;

  g_type_ensure (ST_TYPE_RECORD_ITEM);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/stroma/Stroma/ui/st-users-page.ui");
  gtk_widget_class_bind_template_child (widget_class, StUsersPage, window_title);
  gtk_widget_class_bind_template_child (widget_class, StUsersPage, list_view);
  gtk_widget_class_bind_template_child (widget_class, StUsersPage, detail_stack);
  gtk_widget_class_bind_template_child (widget_class, StUsersPage, name_label);
  gtk_widget_class_bind_template_child (widget_class, StUsersPage, meta_label);
  gtk_widget_class_bind_template_child (widget_class, StUsersPage, state_box);
  gtk_widget_class_bind_template_child (widget_class, StUsersPage, state_icon);
  gtk_widget_class_bind_template_child (widget_class, StUsersPage, state_label);
  gtk_widget_class_bind_template_child (widget_class, StUsersPage, attempts_label);
  gtk_widget_class_bind_template_child (widget_class, StUsersPage, operator_check);
  gtk_widget_class_bind_template_child (widget_class, StUsersPage, reviewer_check);
  gtk_widget_class_bind_template_child (widget_class, StUsersPage, qp_check);
  gtk_widget_class_bind_template_child (widget_class, StUsersPage, admin_check);
  gtk_widget_class_bind_template_child (widget_class, StUsersPage, password_entry);
  gtk_widget_class_bind_template_child (widget_class, StUsersPage, save_roles_button);
  gtk_widget_class_bind_template_child (widget_class, StUsersPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, StUsersPage, unlock_button);
  gtk_widget_class_bind_template_child (widget_class, StUsersPage, disable_button);
  gtk_widget_class_bind_template_child (widget_class, StUsersPage, error_label);
  gtk_widget_class_bind_template_callback (widget_class, on_save_roles);
  gtk_widget_class_bind_template_callback (widget_class, on_unlock);
  gtk_widget_class_bind_template_callback (widget_class, on_disable);

  gtk_widget_class_install_action (widget_class, "users.add", NULL, add_action);
}

static void
st_users_page_init (StUsersPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->users = g_list_store_new (ST_TYPE_RECORD_ITEM);
  self->selection = gtk_single_selection_new (G_LIST_MODEL (self->users));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));
  g_signal_connect_swapped (self->selection, "selection-changed", G_CALLBACK (on_selection_changed), self);
}

void
st_users_page_set_session (StUsersPage *self,
                           StSession   *session)
{
  g_return_if_fail (ST_IS_USERS_PAGE (self));

  g_set_object (&self->session, session);
  g_list_store_remove_all (self->users);
  g_clear_pointer (&self->records, g_ptr_array_unref);
  show_user (self, NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "users.add",
                                 session != NULL && st_session_has_role (session, ST_ROLE_ADMIN));
}

void
st_users_page_reload (StUsersPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autofree char *shown = g_strdup (self->shown);
  g_autofree char *subtitle = NULL;
  guint attention = 0;

  g_return_if_fail (ST_IS_USERS_PAGE (self));

  if (self->session == NULL || !st_session_has_role (self->session, ST_ROLE_ADMIN))
    return;
  g_clear_pointer (&self->records, g_ptr_array_unref);
  self->records = st_users_list (self->session, &error);
  if (self->records == NULL)
    {
      show_error (self, error->message);
      return;
    }
  items = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < self->records->len; i++)
    {
      const StUserRecord *user = g_ptr_array_index (self->records, i);
      g_autofree char *roles = role_words (user->roles);
      g_autofree char *line = g_strdup_printf ("%s · %s", user->username, roles);
      StRecordItem *item = st_record_item_new (user->username, user->full_name, line, "");

      st_record_item_set_badge (item, state_badge (user));
      g_ptr_array_add (items, item);
      attention += user->locked || user->failed_count > 0;
    }
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  g_list_store_splice (self->users, 0, g_list_model_get_n_items (G_LIST_MODEL (self->users)),
                       items->pdata, items->len);
  subtitle = attention > 0
             ? g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u users · %u with failed sign-ins",
                                             "%u users · %u with failed sign-ins", attention),
                                self->records->len, attention)
             : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u user", "%u users", self->records->len),
                                self->records->len);
  adw_window_title_set_subtitle (self->window_title, subtitle);
  if ((shown == NULL || !st_users_page_select (self, shown))
      && (self->records->len == 0
          || !st_users_page_select (self, ((StUserRecord *) g_ptr_array_index (self->records, 0))->username)))
    show_user (self, NULL);
}

gboolean
st_users_page_select (StUsersPage *self,
                      const char  *username)
{
  g_return_val_if_fail (ST_IS_USERS_PAGE (self), FALSE);

  for (guint i = 0; self->records != NULL && i < self->records->len; i++)
    if (g_strcmp0 (((StUserRecord *) g_ptr_array_index (self->records, i))->username, username) == 0)
      {
        gtk_single_selection_set_selected (self->selection, i);
        show_user (self, username);
        return TRUE;
      }
  return FALSE;
}

GListModel *
st_users_page_get_model (StUsersPage *self)
{
  return G_LIST_MODEL (self->users);
}

StUserDialog *
st_users_page_add_user (StUsersPage *self)
{
  StUserDialog *dialog;

  g_return_val_if_fail (ST_IS_USERS_PAGE (self), NULL);

  if (self->session == NULL)
    return NULL;
  dialog = st_user_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))), self->session);
  g_signal_connect_object (dialog, "added", G_CALLBACK (on_user_added), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}

void
st_users_page_unlock (StUsersPage *self)
{
  on_unlock (self);
}

void
st_users_page_toggle_disabled (StUsersPage *self)
{
  on_disable (self);
}

gboolean
st_users_page_is_busy (StUsersPage *self)
{
  return self->busy;
}

const char *
st_users_page_get_error (StUsersPage *self)
{
  return gtk_widget_get_visible (GTK_WIDGET (self->error_label)) ? gtk_label_get_label (self->error_label) : "";
}
