/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "gui-fixture.h"

#include "st-lot-item.h"
#include "st-lot-list-model.h"
#include "st-lock-page.h"
#include "st-lots.h"
#include "st-new-lot-dialog.h"

#define N_LOTS 30

static GuiFixture *fixture;

static GObject *
child (gpointer    widget,
       GType       type,
       const char *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (widget), type, name);

  g_assert_nonnull (object);
  return object;
}

static guint
n_lots (StWindow *window)
{
  return g_list_model_get_n_items (st_lots_view_get_model (st_window_get_lots_view (window)));
}

static char *
lot_at (StWindow *window,
        guint     position)
{
  g_autoptr(StLotItem) item = g_list_model_get_item (st_lots_view_get_model (st_window_get_lots_view (window)),
                                                     position);
  g_assert_nonnull (item);
  return g_strdup (st_lot_item_get_lot_number (item));
}

static gboolean
list_is_shown (gpointer data)
{
  return !st_lots_view_is_busy (st_window_get_lots_view (data));
}

/* The query runs in a worker thread: waits for its answer to be shown. */
static void
wait_for_list (StWindow *window)
{
  g_assert_true (gui_wait_until (list_is_shown, window, 10000));
}

/* Types into the search as a person does and waits for the answer. */
static void
search (StWindow   *window,
        const char *text)
{
  GtkEditable *entry = GTK_EDITABLE (child (st_window_get_lots_view (window), ST_TYPE_LOTS_VIEW, "search_entry"));

  gtk_editable_set_text (entry, text);
  wait_for_list (window);
}

static void
press_enter_in_search (StWindow *window)
{
  g_signal_emit_by_name (child (st_window_get_lots_view (window), ST_TYPE_LOTS_VIEW, "search_entry"), "activate");
  wait_for_list (window);
  gui_spin (50);
}

static void
select_status (StWindow *window,
               guint     position)
{
  gtk_drop_down_set_selected (GTK_DROP_DOWN (child (st_window_get_lots_view (window), ST_TYPE_LOTS_VIEW,
                                                    "status_dropdown")), position);
  wait_for_list (window);
}

static StWindow *
signed_in_window (const char *username)
{
  StWindow *window = gui_fixture_window (fixture);

  gui_sign_in (window, username, GUI_PASSWORD);
  g_assert_cmpstr (st_window_get_page_name (window), ==, "lots");
  return window;
}

static void
test_list (void)
{
  StWindow *window = signed_in_window ("operator");
  g_autofree char *first = NULL;
  g_autofree char *last = NULL;

  g_assert_cmpuint (n_lots (window), ==, N_LOTS);
  /* Newest first; every lot is open, so each waits for an operator. */
  first = lot_at (window, 0);
  last = lot_at (window, N_LOTS - 1);
  g_assert_cmpstr (first, ==, "GUI-0030");
  g_assert_cmpstr (last, ==, "GUI-0001");
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (child (st_window_get_lots_view (window), ST_TYPE_LOTS_VIEW,
                                                          "count_label"))), ==, "30 lots · 30 wait for you");
  gui_assert_labelled (GTK_WIDGET (child (st_window_get_lots_view (window), ST_TYPE_LOTS_VIEW, "new_lot_button")),
                       "New lot");
  gui_close_window (window);

  /* Nothing waits for a QP: the same lots, none of them first for a reason. */
  window = signed_in_window ("qp");
  g_assert_cmpuint (n_lots (window), ==, N_LOTS);
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (child (st_window_get_lots_view (window), ST_TYPE_LOTS_VIEW,
                                                          "count_label"))), ==, "30 lots");
  gui_close_window (window);
}

static void
test_search (void)
{
  StWindow *window = signed_in_window ("operator");
  g_autofree char *first = NULL;

  /* Lot number prefix, any case. */
  search (window, "gui-001");
  g_assert_cmpuint (n_lots (window), ==, 10);
  first = lot_at (window, 0);
  g_assert_cmpstr (first, ==, "GUI-0019");
  /* A donor of the pools (the odd lots). */
  search (window, "DONOR-B");
  g_assert_cmpuint (n_lots (window), ==, N_LOTS / 2);
  /* Product prefix. */
  search (window, "pooled");
  g_assert_cmpuint (n_lots (window), ==, N_LOTS / 2);
  search (window, "no such lot");
  g_assert_cmpuint (n_lots (window), ==, 0);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (child (st_window_get_lots_view (window),
                                                                       ST_TYPE_LOTS_VIEW, "list_stack"))),
                   ==, "empty");
  search (window, "");
  g_assert_cmpuint (n_lots (window), ==, N_LOTS);

  /* The status filter: nothing is in review yet, everything is open. */
  select_status (window, 2);
  g_assert_cmpuint (n_lots (window), ==, 0);
  select_status (window, 1);
  g_assert_cmpuint (n_lots (window), ==, N_LOTS);
  gui_close_window (window);
}

/* The answer comes from a worker thread: the list shown stays until it is
 * there, only the newest of quickly typed searches is shown, and the
 * items a view holds keep their positions and show the new rows. */
static void
test_search_async (void)
{
  StWindow *window = signed_in_window ("operator");
  StLotsView *view = st_window_get_lots_view (window);
  GtkEditable *entry = GTK_EDITABLE (child (view, ST_TYPE_LOTS_VIEW, "search_entry"));
  GListModel *model = st_lots_view_get_model (view);
  g_autoptr(StLotItem) first = g_list_model_get_item (model, 0);
  g_autoptr(StLotItem) again = NULL;
  g_autofree char *found = NULL;

  g_assert_cmpstr (st_lot_item_get_lot_number (first), ==, "GUI-0030");
  gtk_editable_set_text (entry, "gui-001");
  g_assert_true (st_lots_view_is_busy (view));
  g_assert_cmpuint (n_lots (window), ==, N_LOTS);
  /* Typed over before any answer: only the last search counts. */
  gtk_editable_set_text (entry, "gui-002");
  gtk_editable_set_text (entry, "gui-0021");
  wait_for_list (window);
  g_assert_cmpuint (n_lots (window), ==, 1);
  found = lot_at (window, 0);
  g_assert_cmpstr (found, ==, "GUI-0021");
  /* Position 0 is still the item the caller holds, showing its new row. */
  again = g_list_model_get_item (model, 0);
  g_assert_true (again == first);
  g_assert_cmpstr (st_lot_item_get_lot_number (first), ==, "GUI-0021");
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (child (view, ST_TYPE_LOTS_VIEW, "count_label"))), ==,
                   "1 lot · 1 waits for you");

  /* Back to every lot, counted again. */
  search (window, "");
  g_assert_cmpuint (n_lots (window), ==, N_LOTS);
  g_assert_cmpstr (st_lot_item_get_lot_number (first), ==, "GUI-0030");
  gui_close_window (window);
}

static void
test_sort (void)
{
  StWindow *window = signed_in_window ("operator");
  GtkColumnView *view = GTK_COLUMN_VIEW (child (st_window_get_lots_view (window), ST_TYPE_LOTS_VIEW, "column_view"));
  GtkColumnViewColumn *number = GTK_COLUMN_VIEW_COLUMN (child (st_window_get_lots_view (window), ST_TYPE_LOTS_VIEW,
                                                               "number_column"));
  GtkColumnViewColumn *product = GTK_COLUMN_VIEW_COLUMN (child (st_window_get_lots_view (window), ST_TYPE_LOTS_VIEW,
                                                                "product_column"));
  g_autofree char *first = NULL;
  g_autofree char *last = NULL;
  g_autofree char *descending = NULL;
  g_autofree char *pooled = NULL;

  gtk_column_view_sort_by_column (view, number, GTK_SORT_ASCENDING);
  wait_for_list (window);
  first = lot_at (window, 0);
  last = lot_at (window, N_LOTS - 1);
  g_assert_cmpstr (first, ==, "GUI-0001");
  g_assert_cmpstr (last, ==, "GUI-0030");
  gtk_column_view_sort_by_column (view, number, GTK_SORT_DESCENDING);
  wait_for_list (window);
  descending = lot_at (window, 0);
  g_assert_cmpstr (descending, ==, "GUI-0030");
  /* "Mesenchymal..." sorts before "Pooled MSC": the even lots first, the
   * newest of them first within the same product. */
  gtk_column_view_sort_by_column (view, product, GTK_SORT_ASCENDING);
  wait_for_list (window);
  pooled = lot_at (window, N_LOTS - 1);
  g_assert_cmpstr (pooled, ==, "GUI-0029");
  gui_close_window (window);
}

static void
test_enter_opens (void)
{
  StWindow *window = signed_in_window ("operator");
  GtkWidget *search_entry = GTK_WIDGET (child (st_window_get_lots_view (window), ST_TYPE_LOTS_VIEW, "search_entry"));
  GtkWidget *focus;

  /* A scanner types the whole number and Enter at once, before the
   * search's delay runs out. */
  gtk_editable_set_text (GTK_EDITABLE (search_entry), "GUI-0007");
  press_enter_in_search (window);
  g_assert_cmpstr (st_window_get_page_name (window), ==, "lot");
  g_assert_cmpstr (st_lot_page_get_lot_number (st_window_get_lot_page (window)), ==, "GUI-0007");

  /* Back to the list: the search has the focus again. */
  g_action_group_activate_action (G_ACTION_GROUP (window), "back", NULL);
  gui_spin (20);
  g_assert_cmpstr (st_window_get_page_name (window), ==, "lots");
  focus = gtk_root_get_focus (GTK_ROOT (window));
  g_assert_true (focus == search_entry || gtk_widget_is_ancestor (focus, search_entry));

  /* Any case; and a prefix that only one lot has. */
  gtk_editable_set_text (GTK_EDITABLE (search_entry), "gui-0008");
  press_enter_in_search (window);
  g_assert_cmpstr (st_lot_page_get_lot_number (st_window_get_lot_page (window)), ==, "GUI-0008");
  g_action_group_activate_action (G_ACTION_GROUP (window), "back", NULL);
  gtk_editable_set_text (GTK_EDITABLE (search_entry), "GUI-003");
  press_enter_in_search (window);
  g_assert_cmpstr (st_lot_page_get_lot_number (st_window_get_lot_page (window)), ==, "GUI-0030");

  /* Several matches: nothing opens. */
  g_action_group_activate_action (G_ACTION_GROUP (window), "back", NULL);
  gtk_editable_set_text (GTK_EDITABLE (search_entry), "GUI-00");
  press_enter_in_search (window);
  g_assert_cmpstr (st_window_get_page_name (window), ==, "lots");
  gui_close_window (window);
}

static gboolean
unlock_done (gpointer data)
{
  return !st_lock_page_is_busy (st_window_get_lock_page (data));
}

/* Locked, the list's worker lets its signed-in session go; after the
 * unlock a search is answered by another. */
static void
test_lock (void)
{
  StWindow *window = signed_in_window ("operator");
  StLotsView *view = st_window_get_lots_view (window);
  g_autofree char *found = NULL;

  search (window, "gui-001");
  gtk_editable_set_text (GTK_EDITABLE (child (view, ST_TYPE_LOTS_VIEW, "search_entry")), "gui-0030");
  /* Locked before the search was asked: it waits for the unlock. */
  st_window_lock (window);
  g_assert_cmpstr (st_window_get_page_name (window), ==, "locked");
  gui_spin (50);
  g_assert_false (st_lot_list_model_is_loading (ST_LOT_LIST_MODEL (st_lots_view_get_model (view))));
  g_assert_cmpuint (n_lots (window), ==, 10);

  st_lock_page_unlock (st_window_get_lock_page (window), GUI_PASSWORD);
  g_assert_true (gui_wait_until (unlock_done, window, 20000));
  wait_for_list (window);
  g_assert_cmpuint (n_lots (window), ==, 1);
  found = lot_at (window, 0);
  g_assert_cmpstr (found, ==, "GUI-0030");
  search (window, "gui-002");
  g_assert_cmpuint (n_lots (window), ==, 10);
  gui_close_window (window);
}

static StNewLotDialog *
find_new_lot_dialog (void)
{
  g_autoptr(GList) windows = gtk_window_list_toplevels ();

  for (GList *l = windows; l != NULL; l = l->next)
    if (ST_IS_NEW_LOT_DIALOG (l->data))
      return l->data;
  return NULL;
}

static void
test_new_lot (void)
{
  StWindow *window = signed_in_window ("operator");
  StNewLotDialog *dialog;
  g_autoptr(StLot) lot = NULL;
  GError *error = NULL;

  g_action_group_activate_action (G_ACTION_GROUP (window), "new-lot", NULL);
  gui_spin (20);
  dialog = find_new_lot_dialog ();
  g_assert_nonnull (dialog);
  gtk_editable_set_text (GTK_EDITABLE (child (dialog, ST_TYPE_NEW_LOT_DIALOG, "lot_entry")), "GUI-NEW-1");
  gtk_editable_set_text (GTK_EDITABLE (child (dialog, ST_TYPE_NEW_LOT_DIALOG, "donors_entry")), "DONOR-A, =DONOR-B");
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (child (dialog, ST_TYPE_NEW_LOT_DIALOG, "donors_label"))),
                            "DONOR-B: Eligible"));
  g_signal_emit_by_name (child (dialog, ST_TYPE_NEW_LOT_DIALOG, "create_button"), "clicked");
  gui_spin (50);
  if (find_new_lot_dialog () != NULL)
    g_test_message ("new lot: %s",
                    gtk_label_get_label (GTK_LABEL (child (dialog, ST_TYPE_NEW_LOT_DIALOG, "error_label"))));
  g_assert_null (find_new_lot_dialog ());
  g_assert_cmpstr (st_window_get_page_name (window), ==, "lot");
  g_assert_cmpstr (st_lot_page_get_lot_number (st_window_get_lot_page (window)), ==, "GUI-NEW-1");

  lot = st_lots_get (fixture->session, "GUI-NEW-1", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (lot->donors->len, ==, 2);
  g_assert_cmpstr (lot->record->created_by_name, ==, "operator");

  /* A refusal of the core stays in the dialog, which stays open. */
  g_action_group_activate_action (G_ACTION_GROUP (window), "new-lot", NULL);
  gui_spin (20);
  dialog = find_new_lot_dialog ();
  gtk_editable_set_text (GTK_EDITABLE (child (dialog, ST_TYPE_NEW_LOT_DIALOG, "lot_entry")), "GUI-NEW-2");
  gtk_editable_set_text (GTK_EDITABLE (child (dialog, ST_TYPE_NEW_LOT_DIALOG, "donors_entry")), "NOBODY");
  g_signal_emit_by_name (child (dialog, ST_TYPE_NEW_LOT_DIALOG, "create_button"), "clicked");
  gui_spin (20);
  g_assert_true (find_new_lot_dialog () == dialog);
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (child (dialog, ST_TYPE_NEW_LOT_DIALOG, "error_label"))), ==,
                   "donor: no donor 'NOBODY'");
  gtk_window_destroy (GTK_WINDOW (dialog));
  gui_close_window (window);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GuiFixture) owned = NULL;

  if (!gui_test_init (&argc, &argv))
    return g_test_run ();
  owned = fixture = gui_fixture_new (N_LOTS);
  g_test_add_func ("/gui/lots/list", test_list);
  g_test_add_func ("/gui/lots/search", test_search);
  g_test_add_func ("/gui/lots/search-async", test_search_async);
  g_test_add_func ("/gui/lots/sort", test_sort);
  g_test_add_func ("/gui/lots/enter-opens", test_enter_opens);
  g_test_add_func ("/gui/lots/lock", test_lock);
  g_test_add_func ("/gui/lots/new-lot", test_new_lot);
  return g_test_run ();
}
