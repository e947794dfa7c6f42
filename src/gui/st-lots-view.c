/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "st-lots-view.h"

#include <glib/gi18n-lib.h>

#include "st-lot-item.h"
#include "st-lot-list-model.h"
#include "st-lot-sorter.h"
#include "st-measure.h"
#include "st-new-lot-dialog.h"
#include "st-site.h"

struct _StLotsView {
  AdwBin parent_instance;

  AdwWindowTitle *window_title;
  GtkWidget *new_lot_button;
  GtkSearchEntry *search_entry;
  GtkDropDown *status_dropdown;
  GtkLabel *count_label;
  GtkStack *list_stack;
  GtkColumnView *column_view;
  GtkColumnViewColumn *number_column;
  GtkColumnViewColumn *product_column;
  AdwStatusPage *empty_page;

  StSession *session;
  StLotListModel *model;
  GtkSingleSelection *selection;
  char *asked_search;           /* the search of the query last asked */
  gboolean activate_when_loaded;
  GdkFrameClock *paint_clock;   /* while the rest of the rows wait for a paint */
  gulong after_paint_id;
};

G_DEFINE_FINAL_TYPE (StLotsView, st_lots_view, ADW_TYPE_BIN)

enum {
  SIGNAL_OPEN_LOT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* In the order of the status filter's items; index 0 is every status. */
static const char *const filter_statuses[] = {
  NULL, "open", "in_review", "reviewed", "released", "released_initial", "released_exceptional", "rejected",
};

static void
update_count (StLotsView *self)
{
  guint n = st_lot_list_model_get_n_lots (self->model);
  guint mine = st_lot_list_model_get_n_needs_me (self->model);
  g_autofree char *lots = NULL;
  g_autofree char *text = NULL;

  if (st_lot_list_model_is_capped (self->model))
    lots = g_strdup_printf (_("At least %'u lots match: type more to narrow the search"), n);
  else
    lots = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'u lot", "%'u lots", n), n);

  if (mine > 0)
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s · %'u waits for you", "%s · %'u wait for you", mine),
                            lots, mine);
  gtk_label_set_label (self->count_label, text != NULL ? text : lots);
  gtk_stack_set_visible_child_name (self->list_stack, n > 0 ? "list" : "empty");
  adw_status_page_set_title (self->empty_page,
                             *gtk_editable_get_text (GTK_EDITABLE (self->search_entry)) != '\0'
                             ? _("No lot matches the search") : _("No lots yet"));
}

/* GtkSingleSelection looks for its selected item among every item of a
 * change, which would read the whole list: forget it first. */
static void
unselect (StLotsView *self)
{
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
}

static void
run_query (StLotsView *self)
{
  guint selected = gtk_drop_down_get_selected (self->status_dropdown);
  const char *search = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  StLotQuery query = {
    .search = search,
    .status = selected < G_N_ELEMENTS (filter_statuses) ? filter_statuses[selected] : NULL,
    .sort = ST_LOT_SORT_CREATED,
    .descending = TRUE,
    .needs_me_first = TRUE,
  };

  g_free (self->asked_search);
  self->asked_search = g_strdup (search);
  if (self->session == NULL)
    return;
  unselect (self);
  st_lot_sorter_probe (gtk_column_view_get_sorter (self->column_view), &query.sort, &query.descending);
  st_lot_list_model_set_query (self->model, &query);
  /* A new search starts at the top of its results. */
  gtk_adjustment_set_value (gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->column_view)), 0.0);
}

static void activate_search (StLotsView *self);

static void
on_first_rows_painted (StLotsView *self)
{
  g_clear_signal_handler (&self->after_paint_id, self->paint_clock);
  g_clear_object (&self->paint_clock);
  st_lot_list_model_show_all (self->model);
}

/* The tick comes before the frame's layout and paint. */
static gboolean
show_all_after_paint (GtkWidget     *widget,
                      GdkFrameClock *clock,
                      gpointer       data)
{
  StLotsView *self = ST_LOTS_VIEW (widget);

  if (self->after_paint_id == 0)
    {
      self->paint_clock = g_object_ref (clock);
      self->after_paint_id = g_signal_connect_swapped (clock, "after-paint", G_CALLBACK (on_first_rows_painted), self);
    }
  return G_SOURCE_REMOVE;
}

/* Nothing is painted while the view is hidden: no rows to wait for. */
static void
on_unmap (StLotsView *self)
{
  g_clear_signal_handler (&self->after_paint_id, self->paint_clock);
  g_clear_object (&self->paint_clock);
  if (self->model != NULL)
    st_lot_list_model_show_all (self->model);
}

/* The answer to the newest query is in the model. */
static void
on_loaded (StLotsView *self)
{
  update_count (self);
  if (st_lot_list_model_is_loading (self->model))
    {
      if (gtk_widget_get_mapped (GTK_WIDGET (self)))
        gtk_widget_add_tick_callback (GTK_WIDGET (self), show_all_after_paint, NULL, NULL);
      else
        st_lot_list_model_show_all (self->model);
    }
  /* The measurement mode: the user waited from the last key (or the sign
   * in) to the frame that shows the answer to what the search says now. */
  if (g_strcmp0 (self->asked_search, gtk_editable_get_text (GTK_EDITABLE (self->search_entry))) == 0)
    st_measure_after_frame (GTK_WIDGET (self), "search", "search keystroke to the list updated");
  st_measure_after_frame (GTK_WIDGET (self), "sign-in", "sign-in to the lot list drawn");
  if (self->activate_when_loaded)
    {
      self->activate_when_loaded = FALSE;
      activate_search (self);
    }
}

/* The measurement mode times a search from the last key typed. */
static gboolean
on_search_key_measured (GtkEventControllerKey *controller,
                        guint                  keyval,
                        guint                  keycode,
                        GdkModifierType        state,
                        StLotsView            *self)
{
  st_measure_mark ("search");
  return FALSE;
}

static void
on_search_changed (StLotsView *self)
{
  /* Enter may have asked for this search already. */
  if (g_strcmp0 (self->asked_search, gtk_editable_get_text (GTK_EDITABLE (self->search_entry))) == 0)
    return;
  self->activate_when_loaded = FALSE;
  run_query (self);
}

static void
on_status_changed (StLotsView *self)
{
  run_query (self);
}

static void
on_sorter_changed (StLotsView *self)
{
  run_query (self);
}

static void
on_stop_search (StLotsView *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
}

static void
open_lot (StLotsView *self,
          const char *lot_number)
{
  if (lot_number != NULL && *lot_number != '\0')
    g_signal_emit (self, signals[SIGNAL_OPEN_LOT], 0, lot_number);
}

/* Enter with the answer to the search shown: a search with one match
 * opens it; otherwise the list takes the focus. */
static void
activate_search (StLotsView *self)
{
  guint n = st_lot_list_model_get_n_lots (self->model);

  if (n == 1)
    {
      g_autoptr(StLotItem) item = g_list_model_get_item (G_LIST_MODEL (self->model), 0);
      open_lot (self, st_lot_item_get_lot_number (item));
    }
  else if (n > 1)
    gtk_widget_grab_focus (GTK_WIDGET (self->column_view));
  else
    gtk_widget_error_bell (GTK_WIDGET (self));
}

/* Enter in the search: a scanner's lot number opens at once; else as
 * activate_search() once the answer to the search is shown. */
static void
on_search_activate (StLotsView *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  g_autoptr(StLotRow) row = NULL;
  g_autoptr(GError) error = NULL;

  if (self->session == NULL)
    return;
  row = st_lot_list_lookup (self->session, text, &error);
  if (row != NULL)
    {
      open_lot (self, row->lot_number);
      return;
    }
  /* The search may still wait for its delay: ask for it now. */
  if (g_strcmp0 (self->asked_search, text) != 0)
    run_query (self);
  if (st_lot_list_model_is_loading (self->model))
    self->activate_when_loaded = TRUE;
  else
    activate_search (self);
}

/* The whole text of a cut cell under the pointer.  One handler for the list
 * rather than a tooltip per cell: setting a widget's tooltip asks the
 * display server where the pointer is, and a list view builds some 200
 * rows at once. */
static gboolean
on_list_query_tooltip (GtkWidget  *list,
                       int         x,
                       int         y,
                       gboolean    keyboard,
                       GtkTooltip *tooltip,
                       StLotsView *self)
{
  GtkWidget *picked = keyboard ? NULL : gtk_widget_pick (list, x, y, GTK_PICK_DEFAULT);

  for (; picked != NULL && picked != list; picked = gtk_widget_get_parent (picked))
    if (GTK_IS_LABEL (picked))
      {
        if (!pango_layout_is_ellipsized (gtk_label_get_layout (GTK_LABEL (picked))))
          return FALSE;
        gtk_tooltip_set_text (tooltip, gtk_label_get_text (GTK_LABEL (picked)));
        return TRUE;
      }
  return FALSE;
}

static void
on_row_activate (StLotsView *self,
                 guint       position)
{
  g_autoptr(StLotItem) item = g_list_model_get_item (G_LIST_MODEL (self->model), position);

  if (item != NULL)
    open_lot (self, st_lot_item_get_lot_number (item));
}

/* Down from the search goes to the list, as in a browser's address bar. */
static gboolean
on_search_key (GtkEventControllerKey *controller,
               guint                  keyval,
               guint                  keycode,
               GdkModifierType        state,
               StLotsView            *self)
{
  if ((keyval == GDK_KEY_Down || keyval == GDK_KEY_KP_Down)
      && g_list_model_get_n_items (G_LIST_MODEL (self->model)) > 0)
    {
      gtk_widget_grab_focus (GTK_WIDGET (self->column_view));
      return TRUE;
    }
  return FALSE;
}

static void
on_lot_created (StLotsView *self,
                const char *lot_number)
{
  st_lots_view_reload (self);
  open_lot (self, lot_number);
}

static void
new_lot_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  st_lots_view_new_lot (ST_LOTS_VIEW (widget));
}

static void
st_lots_view_dispose (GObject *object)
{
  StLotsView *self = ST_LOTS_VIEW (object);

  if (self->column_view != NULL)
    g_signal_handlers_disconnect_by_func (gtk_column_view_get_sorter (self->column_view), on_sorter_changed, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), ST_TYPE_LOTS_VIEW);
  g_clear_object (&self->selection);
  g_clear_signal_handler (&self->after_paint_id, self->paint_clock);
  g_clear_object (&self->paint_clock);
  if (self->model != NULL)
    g_signal_handlers_disconnect_by_func (self->model, on_loaded, self);
  g_clear_object (&self->model);
  g_clear_object (&self->session);
  g_clear_pointer (&self->asked_search, g_free);
  G_OBJECT_CLASS (st_lots_view_parent_class)->dispose (object);
}

static void
st_lots_view_class_init (StLotsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = st_lots_view_dispose;

  /* Emitted with the lot number when a lot is to be opened. */
  signals[SIGNAL_OPEN_LOT] =
    g_signal_new ("open-lot", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  g_type_ensure (ST_TYPE_LOT_ITEM);
  g_type_ensure (ST_TYPE_LOT_SORTER);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/stroma/Stroma/ui/st-lots-view.ui");
  gtk_widget_class_bind_template_child (widget_class, StLotsView, window_title);
  gtk_widget_class_bind_template_child (widget_class, StLotsView, new_lot_button);
  gtk_widget_class_bind_template_child (widget_class, StLotsView, search_entry);
  gtk_widget_class_bind_template_child (widget_class, StLotsView, status_dropdown);
  gtk_widget_class_bind_template_child (widget_class, StLotsView, count_label);
  gtk_widget_class_bind_template_child (widget_class, StLotsView, list_stack);
  gtk_widget_class_bind_template_child (widget_class, StLotsView, column_view);
  gtk_widget_class_bind_template_child (widget_class, StLotsView, number_column);
  gtk_widget_class_bind_template_child (widget_class, StLotsView, product_column);
  gtk_widget_class_bind_template_child (widget_class, StLotsView, empty_page);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_search_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_stop_search);
  gtk_widget_class_bind_template_callback (widget_class, on_status_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_list_query_tooltip);

  gtk_widget_class_install_action (widget_class, "lots.new-lot", NULL, new_lot_action);
}

static void
st_lots_view_init (StLotsView *self)
{
  GtkEventController *keys;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->model = st_lot_list_model_new ();
  g_signal_connect_swapped (self->model, "loaded", G_CALLBACK (on_loaded), self);
  g_signal_connect (self, "unmap", G_CALLBACK (on_unmap), NULL);
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->model)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));
  g_signal_connect_swapped (gtk_column_view_get_sorter (self->column_view), "changed",
                            G_CALLBACK (on_sorter_changed), self);

  keys = gtk_event_controller_key_new ();
  g_signal_connect (keys, "key-pressed", G_CALLBACK (on_search_key), self);
  gtk_widget_add_controller (GTK_WIDGET (self->search_entry), keys);
  gtk_search_entry_set_key_capture_widget (self->search_entry, GTK_WIDGET (self));
  if (st_measure_enabled ())
    {
      GtkEventController *measured = gtk_event_controller_key_new ();

      gtk_event_controller_set_propagation_phase (measured, GTK_PHASE_CAPTURE);
      g_signal_connect (measured, "key-pressed", G_CALLBACK (on_search_key_measured), self);
      gtk_widget_add_controller (GTK_WIDGET (self->search_entry), measured);
    }
  update_count (self);
}

void
st_lots_view_set_session (StLotsView *self,
                          StSession  *session)
{
  g_return_if_fail (ST_IS_LOTS_VIEW (self));

  g_set_object (&self->session, session);
  unselect (self);
  st_lot_list_model_set_session (self->model, session);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "lots.new-lot",
                                 session != NULL && st_session_has_role (session, ST_ROLE_OPERATOR));
  /* Only operators make lots: the others do not see the button. */
  gtk_widget_set_visible (self->new_lot_button, session == NULL || st_session_has_role (session, ST_ROLE_OPERATOR));
  if (session != NULL && st_session_is_signed_in (session))
    {
      const StUserRecord *user = st_session_get_user (session);
      g_autoptr(StSiteRecord) site = st_site_get (session, NULL);
      g_autofree char *roles = st_role_list_to_string (st_session_get_roles (session));
      g_autofree char *subtitle = g_strdup_printf (_("%s · signed in as %s (%s)"),
                                                   site != NULL ? site->name : "", user->full_name, roles);
      adw_window_title_set_subtitle (self->window_title, subtitle);
    }
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  run_query (self);
}

void
st_lots_view_reload (StLotsView *self)
{
  g_return_if_fail (ST_IS_LOTS_VIEW (self));

  unselect (self);
  st_lot_list_model_reload (self->model);
}

void
st_lots_view_suspend (StLotsView *self)
{
  g_return_if_fail (ST_IS_LOTS_VIEW (self));

  self->activate_when_loaded = FALSE;
  st_lot_list_model_stop_worker (self->model);
}

void
st_lots_view_focus_search (StLotsView *self)
{
  g_return_if_fail (ST_IS_LOTS_VIEW (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
  gtk_editable_select_region (GTK_EDITABLE (self->search_entry), 0, -1);
}

void
st_lots_view_new_lot (StLotsView *self)
{
  StNewLotDialog *dialog;

  g_return_if_fail (ST_IS_LOTS_VIEW (self));

  if (self->session == NULL || !st_session_has_role (self->session, ST_ROLE_OPERATOR))
    return;
  dialog = st_new_lot_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))), self->session);
  g_signal_connect_object (dialog, "created", G_CALLBACK (on_lot_created), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

GListModel *
st_lots_view_get_model (StLotsView *self)
{
  return G_LIST_MODEL (self->model);
}

gboolean
st_lots_view_is_busy (StLotsView *self)
{
  g_return_val_if_fail (ST_IS_LOTS_VIEW (self), FALSE);

  return st_lot_list_model_is_loading (self->model)
    || g_strcmp0 (self->asked_search, gtk_editable_get_text (GTK_EDITABLE (self->search_entry))) != 0;
}
