/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "st-window-private.h"

#include <glib/gi18n-lib.h>

#include "st-application.h"
#include "st-site.h"

G_DEFINE_FINAL_TYPE (StWindow, st_window, ADW_TYPE_APPLICATION_WINDOW)

static gboolean
is_working (StWindow *self)
{
  return g_strcmp0 (gtk_stack_get_visible_child_name (self->main_stack), "work") == 0;
}

static const char *
section_name (StWindow *self)
{
  return gtk_stack_get_visible_child_name (self->section_stack);
}

static gboolean
lot_is_shown (StWindow *self)
{
  return is_working (self) && g_strcmp0 (section_name (self), "lots") == 0
         && g_strcmp0 (adw_leaflet_get_visible_child_name (self->leaflet), "lot") == 0;
}

static gboolean
lots_are_shown (StWindow *self)
{
  return is_working (self) && g_strcmp0 (section_name (self), "lots") == 0
         && g_strcmp0 (adw_leaflet_get_visible_child_name (self->leaflet), "lots") == 0;
}

GSettings *
st_window_get_settings (StWindow *self)
{
  GtkApplication *application = gtk_window_get_application (GTK_WINDOW (self));

  if (!ST_IS_APPLICATION (application))
    return NULL;
  return st_application_get_settings (ST_APPLICATION (application));
}

static void
set_session (StWindow  *self,
             StSession *session)
{
  if (self->session == session)
    return;
  g_clear_signal_handler (&self->committed_id, self->session);
  g_set_object (&self->session, session);
}

static void
enable (StWindow   *self,
        const char *name,
        gboolean    enabled)
{
  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self), name)), enabled);
}

static void
update_actions (StWindow *self)
{
  gboolean working = is_working (self);
  gboolean lot = lot_is_shown (self);

  enable (self, "search", working);
  enable (self, "new-lot", working && st_session_has_role (self->session, ST_ROLE_OPERATOR));
  enable (self, "save-results", lot);
  enable (self, "back", lot);
  enable (self, "refresh", working);
  enable (self, "sign-out", working);
  enable (self, "lock", working);
  enable (self, "section", working);
  enable (self, "export", working);
  enable (self, "preferences", st_window_get_settings (self) != NULL);
}

void
st_window_add_toast (StWindow   *self,
                     const char *message)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
}

/* What the place shown reads when it comes into view or the records change. */
static void
refresh_section (StWindow *self)
{
  const char *name = section_name (self);

  if (g_strcmp0 (name, "donors") == 0)
    st_donors_page_reload (self->donors_page);
  else if (g_strcmp0 (name, "specs") == 0)
    st_specs_page_reload (self->specs_page);
  else if (g_strcmp0 (name, "deviations") == 0)
    st_deviations_page_reload (self->deviations_page);
  else if (g_strcmp0 (name, "audit") == 0)
    st_audit_page_show (self->audit_page);
  else if (g_strcmp0 (name, "trends") == 0)
    st_trends_page_reload (self->trends_page);
  else if (g_strcmp0 (name, "users") == 0)
    st_users_page_reload (self->users_page);
}

/* A change committed through the window's session (its dialogs included);
 * work done on a twin session calls this when it is done. */
void
st_window_reload_after_change (StWindow *self)
{
  g_autoptr(GError) error = NULL;

  if (!is_working (self))
    return;
  st_lots_view_reload (self->lots_view);
  if (st_lot_page_get_lot_number (self->lot_page) != NULL && !st_lot_page_refresh (self->lot_page, &error))
    g_warning ("lot: %s", error->message);
  if (g_strcmp0 (section_name (self), "lots") != 0)
    refresh_section (self);
}

static void
on_committed (StWindow *self)
{
  if (!is_working (self))
    return;
  st_lots_view_reload (self->lots_view);
  if (g_strcmp0 (section_name (self), "lots") != 0 && g_strcmp0 (section_name (self), "audit") != 0)
    refresh_section (self);
}

static void
select_row (StWindow   *self,
            const char *name)
{
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->sidebar_list)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (g_strcmp0 (gtk_widget_get_name (row), name) == 0)
      {
        gtk_list_box_select_row (self->sidebar_list, GTK_LIST_BOX_ROW (row));
        return;
      }
}

static void
set_pages_session (StWindow  *self,
                   StSession *session)
{
  st_lots_view_set_session (self->lots_view, session);
  st_lot_page_set_session (self->lot_page, session);
  st_donors_page_set_session (self->donors_page, session);
  st_specs_page_set_session (self->specs_page, session);
  st_deviations_page_set_session (self->deviations_page, session);
  st_audit_page_set_session (self->audit_page, session);
  st_trends_page_set_session (self->trends_page, session);
  st_users_page_set_session (self->users_page, session);
}

static void
on_signed_in (StWindow *self)
{
  const StUserRecord *user = st_session_get_user (self->session);
  g_autofree char *title = NULL;
  static const StRole all[] = { ST_ROLE_OPERATOR, ST_ROLE_REVIEWER, ST_ROLE_QP, ST_ROLE_ADMIN };
  g_autoptr(GPtrArray) roles = g_ptr_array_new ();
  g_autofree char *roles_text = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (all); i++)
    if (st_session_has_role (self->session, all[i]))
      g_ptr_array_add (roles, (gpointer) st_role_display_name (all[i]));
  g_ptr_array_add (roles, NULL);
  roles_text = g_strjoinv (", ", (char **) roles->pdata);

  if (self->committed_id == 0)
    self->committed_id = g_signal_connect_swapped (self->session, "committed", G_CALLBACK (on_committed), self);
  set_pages_session (self, self->session);
  gtk_widget_set_visible (self->users_row, st_session_has_role (self->session, ST_ROLE_ADMIN));
  gtk_label_set_label (self->user_label, user->full_name);
  gtk_label_set_label (self->roles_label, roles_text);
  select_row (self, "lots");
  gtk_stack_set_visible_child_name (self->section_stack, "lots");
  gtk_stack_set_visible_child_name (self->main_stack, "work");
  adw_leaflet_set_visible_child_name (self->leaflet, "lots");
  title = g_strdup_printf (_("Stroma — %s"), user->full_name);
  gtk_window_set_title (GTK_WINDOW (self), title);
  update_actions (self);
  if (st_session_password_expired (self->session))
    st_window_add_toast (self, _("Your password has expired: change it with “stromactl user passwd”."));
  st_lots_view_focus_search (self->lots_view);
  st_idle_monitor_set_active (self->idle_monitor, TRUE);
  /* The lot list reports the sign-in's time when its rows are drawn. */
}

static void
on_site_created (StWindow  *self,
                 StSession *session)
{
  set_session (self, session);
  st_sign_in_page_set_session (self->sign_in_page, session, FALSE);
  on_signed_in (self);
}

static void
on_leaflet_child_changed (StWindow *self)
{
  update_actions (self);
  if (lots_are_shown (self))
    st_lots_view_focus_search (self->lots_view);
}

static void
on_sidebar_row_selected (StWindow      *self,
                         GtkListBoxRow *row)
{
  const char *name;

  if (row == NULL)
    return;
  name = gtk_widget_get_name (GTK_WIDGET (row));
  if (g_strcmp0 (section_name (self), name) == 0)
    return;
  /* A lot with entries not saved stays as it is behind the other places. */
  gtk_stack_set_visible_child_name (self->section_stack, name);
  update_actions (self);
  if (!is_working (self))
    return;
  /* The focus stays with the places (a hidden page cannot keep it), or
   * goes to the search of the lot list. */
  if (lots_are_shown (self))
    st_lots_view_focus_search (self->lots_view);
  else
    gtk_widget_grab_focus (GTK_WIDGET (row));
  refresh_section (self);
}

static void back_action (GSimpleAction *action, GVariant *parameter, gpointer user_data);

/* "Lots" again while a lot is shown: back to the list. */
static void
on_sidebar_row_activated (StWindow      *self,
                          GtkListBoxRow *row)
{
  if (g_strcmp0 (gtk_widget_get_name (GTK_WIDGET (row)), "lots") == 0 && lot_is_shown (self))
    back_action (NULL, NULL, self);
}

static void
on_open_lot (StWindow   *self,
             const char *lot_number)
{
  st_window_open_lot (self, lot_number);
}

typedef void (*LeaveFunc) (StWindow *self);

static void
on_discard_response (AdwMessageDialog *dialog,
                     const char       *response,
                     StWindow         *self)
{
  LeaveFunc leave = g_object_get_data (G_OBJECT (dialog), "leave");

  if (g_str_equal (response, "discard"))
    leave (self);
}

static gboolean
has_unsaved_entries (StWindow *self)
{
  return st_lot_page_get_lot_number (self->lot_page) != NULL
         && st_results_panel_has_changes (st_lot_page_get_results_panel (self->lot_page));
}

/* Leaving a lot with entries not saved asks first. */
static void
confirm_leave (StWindow  *self,
               LeaveFunc  leave,
               gboolean   anywhere)
{
  AdwMessageDialog *dialog;

  if (!(anywhere || lot_is_shown (self)) || !has_unsaved_entries (self))
    {
      leave (self);
      return;
    }
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), _("Discard the Entries Not Saved?"),
                                                       _("Some results were typed but not saved. They are lost "
                                                         "when you leave the lot.")));
  adw_message_dialog_add_responses (dialog, "cancel", _("_Stay"), "discard", _("_Discard"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "discard", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_object_set_data (G_OBJECT (dialog), "leave", leave);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_discard_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The idle lock ------------------------------------------------------------ */

static void lock_window (StWindow *self, double minutes);

static void
on_idle (StWindow *self)
{
  lock_window (self, st_idle_monitor_get_minutes (self->idle_monitor));
}

static void
on_unlocked (StWindow *self)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  gtk_stack_set_visible_child_name (self->main_stack, "work");
  update_actions (self);
  /* A dialog that finished its work meanwhile (a signature) is gone. */
  for (guint i = 0; i < self->hidden_dialogs->len; i++)
    if (g_list_find (toplevels, g_ptr_array_index (self->hidden_dialogs, i)) != NULL)
      gtk_window_present (g_ptr_array_index (self->hidden_dialogs, i));
  g_ptr_array_set_size (self->hidden_dialogs, 0);
  /* What was done in worker threads meanwhile; entries not saved stay. */
  st_window_reload_after_change (self);
  st_idle_monitor_set_active (self->idle_monitor, TRUE);
  if (lots_are_shown (self))
    st_lots_view_focus_search (self->lots_view);
}

static void
on_lock_sign_out (StWindow *self)
{
  confirm_leave (self, st_window_sign_out, TRUE);
}

/* Actions ------------------------------------------------------------------ */

static void
search_action (GSimpleAction *action,
               GVariant      *parameter,
               gpointer       user_data)
{
  StWindow *self = user_data;

  confirm_leave (self, st_window_show_lots, FALSE);
}

static void
save_results_action (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  StWindow *self = user_data;

  if (lot_is_shown (self))
    st_lot_page_save_results (self->lot_page);
}

static void
new_lot_action (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  StWindow *self = user_data;

  select_row (self, "lots");
  st_lots_view_new_lot (self->lots_view);
}

static void
back_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  confirm_leave (ST_WINDOW (user_data), st_window_show_lots, FALSE);
}

static void
refresh_action (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  StWindow *self = user_data;
  g_autoptr(GError) error = NULL;

  st_lots_view_reload (self->lots_view);
  if (lot_is_shown (self) && !st_lot_page_refresh (self->lot_page, &error))
    st_window_add_toast (self, error->message);
  refresh_section (self);
}

static void
sign_out_action (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  confirm_leave (ST_WINDOW (user_data), st_window_sign_out, TRUE);
}

static void
lock_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  st_window_lock (ST_WINDOW (user_data));
}

static void
section_action (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  st_window_show_section (ST_WINDOW (user_data), g_variant_get_string (parameter, NULL));
}

static const GActionEntry win_entries[] = {
  { "search", search_action },
  { "save-results", save_results_action },
  { "new-lot", new_lot_action },
  { "back", back_action },
  { "refresh", refresh_action },
  { "sign-out", sign_out_action },
  { "lock", lock_action },
  { "section", section_action, "s" },
};

static void
st_window_dispose (GObject *object)
{
  StWindow *self = ST_WINDOW (object);

  set_session (self, NULL);
  g_clear_object (&self->idle_monitor);
  g_clear_pointer (&self->hidden_dialogs, g_ptr_array_unref);
  g_clear_pointer (&self->last_certificate, g_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), ST_TYPE_WINDOW);
  G_OBJECT_CLASS (st_window_parent_class)->dispose (object);
}

static void
st_window_class_init (StWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = st_window_dispose;

  g_type_ensure (ST_TYPE_SETUP_PAGE);
  g_type_ensure (ST_TYPE_SIGN_IN_PAGE);
  g_type_ensure (ST_TYPE_LOTS_VIEW);
  g_type_ensure (ST_TYPE_LOT_PAGE);
  g_type_ensure (ST_TYPE_DONORS_PAGE);
  g_type_ensure (ST_TYPE_SPECS_PAGE);
  g_type_ensure (ST_TYPE_DEVIATIONS_PAGE);
  g_type_ensure (ST_TYPE_AUDIT_PAGE);
  g_type_ensure (ST_TYPE_TRENDS_PAGE);
  g_type_ensure (ST_TYPE_USERS_PAGE);
  g_type_ensure (ST_TYPE_LOCK_PAGE);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/stroma/Stroma/ui/st-window.ui");
  gtk_widget_class_bind_template_child (widget_class, StWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, StWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, StWindow, loading_page);
  gtk_widget_class_bind_template_child (widget_class, StWindow, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, StWindow, setup_page);
  gtk_widget_class_bind_template_child (widget_class, StWindow, sign_in_page);
  gtk_widget_class_bind_template_child (widget_class, StWindow, sidebar_list);
  gtk_widget_class_bind_template_child (widget_class, StWindow, users_row);
  gtk_widget_class_bind_template_child (widget_class, StWindow, user_label);
  gtk_widget_class_bind_template_child (widget_class, StWindow, roles_label);
  gtk_widget_class_bind_template_child (widget_class, StWindow, section_stack);
  gtk_widget_class_bind_template_child (widget_class, StWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, StWindow, lots_view);
  gtk_widget_class_bind_template_child (widget_class, StWindow, lot_page);
  gtk_widget_class_bind_template_child (widget_class, StWindow, donors_page);
  gtk_widget_class_bind_template_child (widget_class, StWindow, specs_page);
  gtk_widget_class_bind_template_child (widget_class, StWindow, deviations_page);
  gtk_widget_class_bind_template_child (widget_class, StWindow, audit_page);
  gtk_widget_class_bind_template_child (widget_class, StWindow, trends_page);
  gtk_widget_class_bind_template_child (widget_class, StWindow, users_page);
  gtk_widget_class_bind_template_child (widget_class, StWindow, lock_page);
  gtk_widget_class_bind_template_child (widget_class, StWindow, error_page);
  gtk_widget_class_bind_template_callback (widget_class, on_signed_in);
  gtk_widget_class_bind_template_callback (widget_class, on_site_created);
  gtk_widget_class_bind_template_callback (widget_class, on_open_lot);
  gtk_widget_class_bind_template_callback (widget_class, on_leaflet_child_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_sidebar_row_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_sidebar_row_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_unlocked);
  gtk_widget_class_bind_template_callback (widget_class, on_lock_sign_out);
}

static void
st_window_init (StWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_action_map_add_action_entries (G_ACTION_MAP (self), win_entries, G_N_ELEMENTS (win_entries), self);
  self->hidden_dialogs = g_ptr_array_new_with_free_func (g_object_unref);
  self->idle_monitor = st_idle_monitor_new ();
  g_signal_connect_object (self->idle_monitor, "idle", G_CALLBACK (on_idle), self, G_CONNECT_SWAPPED);
  st_window_workflow_init (self);
  update_actions (self);
}

StWindow *
st_window_new (GtkApplication *application)
{
  StWindow *self = g_object_new (ST_TYPE_WINDOW, "application", application, NULL);
  GSettings *settings = st_window_get_settings (self);

  if (settings != NULL)
    g_settings_bind (settings, "idle-lock-minutes", self->idle_monitor, "minutes", G_SETTINGS_BIND_GET);
  update_actions (self);
  return self;
}

void
st_window_show_sign_in (StWindow  *self,
                        StSession *session,
                        gboolean   demo)
{
  g_return_if_fail (ST_IS_WINDOW (self));

  set_session (self, session);
  self->demo = demo;
  st_sign_in_page_set_session (self->sign_in_page, session, demo);
  gtk_stack_set_visible_child_name (self->main_stack, "sign-in");
  gtk_window_set_title (GTK_WINDOW (self), _("Stroma"));
  update_actions (self);
  st_sign_in_page_reset (self->sign_in_page);
}

void
st_window_show_setup (StWindow   *self,
                      const char *location)
{
  g_return_if_fail (ST_IS_WINDOW (self));

  st_setup_page_set_location (self->setup_page, location);
  gtk_stack_set_visible_child_name (self->main_stack, "setup");
  update_actions (self);
}

void
st_window_show_progress (StWindow   *self,
                         const char *title,
                         double      fraction)
{
  g_return_if_fail (ST_IS_WINDOW (self));

  adw_status_page_set_title (self->loading_page, title);
  gtk_progress_bar_set_fraction (self->progress_bar, CLAMP (fraction, 0.0, 1.0));
  gtk_stack_set_visible_child_name (self->main_stack, "loading");
  update_actions (self);
}

void
st_window_show_error (StWindow   *self,
                      const char *title,
                      const char *message)
{
  g_return_if_fail (ST_IS_WINDOW (self));

  adw_status_page_set_title (self->error_page, title);
  adw_status_page_set_description (self->error_page, message);
  gtk_stack_set_visible_child_name (self->main_stack, "error");
  update_actions (self);
}

gboolean
st_window_open_lot (StWindow   *self,
                    const char *lot_number)
{
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (ST_IS_WINDOW (self), FALSE);

  if (!st_lot_page_load (self->lot_page, lot_number, &error))
    {
      st_window_add_toast (self, error->message);
      return FALSE;
    }
  select_row (self, "lots");
  adw_leaflet_set_visible_child_name (self->leaflet, "lot");
  update_actions (self);
  st_lot_page_focus_entry (self->lot_page);
  return TRUE;
}

void
st_window_show_lots (StWindow *self)
{
  g_return_if_fail (ST_IS_WINDOW (self));

  if (!is_working (self))
    return;
  select_row (self, "lots");
  adw_leaflet_set_visible_child_name (self->leaflet, "lots");
  update_actions (self);
  st_lots_view_focus_search (self->lots_view);
}

gboolean
st_window_show_section (StWindow   *self,
                        const char *name)
{
  g_return_val_if_fail (ST_IS_WINDOW (self), FALSE);

  if (!is_working (self) || gtk_stack_get_child_by_name (self->section_stack, name) == NULL
      || (g_str_equal (name, "users") && !gtk_widget_get_visible (self->users_row)))
    return FALSE;
  select_row (self, name);
  return TRUE;
}

void
st_window_sign_out (StWindow *self)
{
  g_return_if_fail (ST_IS_WINDOW (self));

  if (self->session == NULL)
    return;
  st_idle_monitor_set_active (self->idle_monitor, FALSE);
  for (guint i = 0; i < self->hidden_dialogs->len; i++)
    gtk_window_destroy (g_ptr_array_index (self->hidden_dialogs, i));
  g_ptr_array_set_size (self->hidden_dialogs, 0);
  adw_leaflet_set_visible_child_name (self->leaflet, "lots");
  set_pages_session (self, NULL);
  st_session_sign_out (self->session);
  st_window_show_sign_in (self, self->session, self->demo);
}

void
st_window_lock (StWindow *self)
{
  g_return_if_fail (ST_IS_WINDOW (self));

  lock_window (self, 0.0);
}

/* @minutes: the idle time that locked it, 0 when locked on purpose. */
static void
lock_window (StWindow *self,
             double    minutes)
{
  g_autoptr(GList) windows = NULL;

  if (!is_working (self) || self->session == NULL || !st_session_is_signed_in (self->session))
    return;
  st_idle_monitor_set_active (self->idle_monitor, FALSE);
  st_session_lock (self->session);
  /* The lot list's worker keeps a session of its own, signed in. */
  st_lots_view_suspend (self->lots_view);
  /* Dialogs show data too: hidden, and shown again after the unlock. */
  windows = gtk_window_list_toplevels ();
  for (GList *l = windows; l != NULL; l = l->next)
    if (gtk_window_get_transient_for (l->data) == GTK_WINDOW (self) && gtk_widget_get_visible (l->data))
      {
        g_ptr_array_add (self->hidden_dialogs, g_object_ref (l->data));
        gtk_widget_set_visible (l->data, FALSE);
      }
  gtk_stack_set_visible_child_name (self->main_stack, "locked");
  update_actions (self);
  st_lock_page_show (self->lock_page, self->session, minutes);
}

const char *
st_window_get_page_name (StWindow *self)
{
  const char *name = gtk_stack_get_visible_child_name (self->main_stack);

  if (g_strcmp0 (name, "work") != 0)
    return name;
  if (g_strcmp0 (section_name (self), "lots") == 0)
    return adw_leaflet_get_visible_child_name (self->leaflet);
  return section_name (self);
}

const char *
st_window_get_last_certificate (StWindow *self)
{
  return self->last_certificate;
}

StSession *
st_window_get_session (StWindow *self)
{
  return self->session;
}

StSignInPage *
st_window_get_sign_in_page (StWindow *self)
{
  return self->sign_in_page;
}

StLotsView *
st_window_get_lots_view (StWindow *self)
{
  return self->lots_view;
}

StLotPage *
st_window_get_lot_page (StWindow *self)
{
  return self->lot_page;
}

StDonorsPage *
st_window_get_donors_page (StWindow *self)
{
  return self->donors_page;
}

StSpecsPage *
st_window_get_specs_page (StWindow *self)
{
  return self->specs_page;
}

StDeviationsPage *
st_window_get_deviations_page (StWindow *self)
{
  return self->deviations_page;
}

StAuditPage *
st_window_get_audit_page (StWindow *self)
{
  return self->audit_page;
}

StTrendsPage *
st_window_get_trends_page (StWindow *self)
{
  return self->trends_page;
}

StUsersPage *
st_window_get_users_page (StWindow *self)
{
  return self->users_page;
}

StLockPage *
st_window_get_lock_page (StWindow *self)
{
  return self->lock_page;
}

StIdleMonitor *
st_window_get_idle_monitor (StWindow *self)
{
  return self->idle_monitor;
}
