/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "st-window.h"

#include <glib/gi18n-lib.h>

#include "st-setup-page.h"

struct _StWindow {
  AdwApplicationWindow parent_instance;

  AdwToastOverlay *toast_overlay;
  GtkStack *main_stack;
  AdwStatusPage *loading_page;
  GtkProgressBar *progress_bar;
  StSetupPage *setup_page;
  StSignInPage *sign_in_page;
  AdwLeaflet *leaflet;
  StLotsView *lots_view;
  StLotPage *lot_page;
  AdwStatusPage *error_page;

  StSession *session;
  gulong committed_id;
  gboolean demo;
};

G_DEFINE_FINAL_TYPE (StWindow, st_window, ADW_TYPE_APPLICATION_WINDOW)

static gboolean
is_working (StWindow *self)
{
  return g_strcmp0 (gtk_stack_get_visible_child_name (self->main_stack), "work") == 0;
}

static gboolean
lot_is_shown (StWindow *self)
{
  return is_working (self) && g_strcmp0 (adw_leaflet_get_visible_child_name (self->leaflet), "lot") == 0;
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
update_actions (StWindow *self)
{
  gboolean working = is_working (self);
  gboolean lot = lot_is_shown (self);
  GActionMap *map = G_ACTION_MAP (self);

  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (map, "search")), working);
  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (map, "new-lot")),
                               working && st_session_has_role (self->session, ST_ROLE_OPERATOR));
  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (map, "save-results")), lot);
  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (map, "back")), lot);
  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (map, "refresh")), working);
  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (map, "sign-out")), working);
}

void
st_window_add_toast (StWindow   *self,
                     const char *message)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
}

/* A change committed anywhere (this window's dialogs included). */
static void
on_committed (StWindow *self)
{
  st_lots_view_reload (self->lots_view);
}

static void
on_signed_in (StWindow *self)
{
  const StUserRecord *user = st_session_get_user (self->session);
  g_autofree char *title = NULL;

  if (self->committed_id == 0)
    self->committed_id = g_signal_connect_swapped (self->session, "committed", G_CALLBACK (on_committed), self);
  st_lots_view_set_session (self->lots_view, self->session);
  st_lot_page_set_session (self->lot_page, self->session);
  gtk_stack_set_visible_child_name (self->main_stack, "work");
  adw_leaflet_set_visible_child_name (self->leaflet, "lots");
  title = g_strdup_printf (_("Stroma — %s"), user->full_name);
  gtk_window_set_title (GTK_WINDOW (self), title);
  update_actions (self);
  if (st_session_password_expired (self->session))
    st_window_add_toast (self, _("Your password has expired: change it with “stromactl user passwd”."));
  st_lots_view_focus_search (self->lots_view);
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
  if (is_working (self) && !lot_is_shown (self))
    st_lots_view_focus_search (self->lots_view);
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

/* Leaving a lot with entries not saved asks first. */
static void
confirm_leave (StWindow  *self,
               LeaveFunc  leave)
{
  AdwMessageDialog *dialog;

  if (!lot_is_shown (self) || !st_results_panel_has_changes (st_lot_page_get_results_panel (self->lot_page)))
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

static void
search_action (GSimpleAction *action,
               GVariant      *parameter,
               gpointer       user_data)
{
  StWindow *self = user_data;

  confirm_leave (self, st_window_show_lots);
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
  st_lots_view_new_lot (ST_WINDOW (user_data)->lots_view);
}

static void
back_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  confirm_leave (ST_WINDOW (user_data), st_window_show_lots);
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
}

static void
sign_out_action (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  confirm_leave (ST_WINDOW (user_data), st_window_sign_out);
}

static const GActionEntry win_entries[] = {
  { "search", search_action },
  { "save-results", save_results_action },
  { "new-lot", new_lot_action },
  { "back", back_action },
  { "refresh", refresh_action },
  { "sign-out", sign_out_action },
};

static void
st_window_dispose (GObject *object)
{
  StWindow *self = ST_WINDOW (object);

  set_session (self, NULL);
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
  gtk_widget_class_set_template_from_resource (widget_class, "/org/stroma/Stroma/ui/st-window.ui");
  gtk_widget_class_bind_template_child (widget_class, StWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, StWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, StWindow, loading_page);
  gtk_widget_class_bind_template_child (widget_class, StWindow, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, StWindow, setup_page);
  gtk_widget_class_bind_template_child (widget_class, StWindow, sign_in_page);
  gtk_widget_class_bind_template_child (widget_class, StWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, StWindow, lots_view);
  gtk_widget_class_bind_template_child (widget_class, StWindow, lot_page);
  gtk_widget_class_bind_template_child (widget_class, StWindow, error_page);
  gtk_widget_class_bind_template_callback (widget_class, on_signed_in);
  gtk_widget_class_bind_template_callback (widget_class, on_site_created);
  gtk_widget_class_bind_template_callback (widget_class, on_open_lot);
  gtk_widget_class_bind_template_callback (widget_class, on_leaflet_child_changed);
}

static void
st_window_init (StWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_action_map_add_action_entries (G_ACTION_MAP (self), win_entries, G_N_ELEMENTS (win_entries), self);
  update_actions (self);
}

StWindow *
st_window_new (GtkApplication *application)
{
  return g_object_new (ST_TYPE_WINDOW, "application", application, NULL);
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
  adw_leaflet_set_visible_child_name (self->leaflet, "lots");
  update_actions (self);
  st_lots_view_focus_search (self->lots_view);
}

void
st_window_sign_out (StWindow *self)
{
  g_return_if_fail (ST_IS_WINDOW (self));

  if (self->session == NULL)
    return;
  adw_leaflet_set_visible_child_name (self->leaflet, "lots");
  st_lot_page_set_session (self->lot_page, NULL);
  st_lots_view_set_session (self->lots_view, NULL);
  st_session_sign_out (self->session);
  st_window_show_sign_in (self, self->session, self->demo);
}

const char *
st_window_get_page_name (StWindow *self)
{
  const char *name = gtk_stack_get_visible_child_name (self->main_stack);

  if (g_strcmp0 (name, "work") == 0)
    return adw_leaflet_get_visible_child_name (self->leaflet);
  return name;
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
