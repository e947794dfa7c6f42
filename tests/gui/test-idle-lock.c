/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "gui-fixture.h"

#include "st-lots.h"
#include "st-passage-dialog.h"

static GuiFixture *fixture;

static gboolean
is_locked (gpointer data)
{
  return g_strcmp0 (st_window_get_page_name (data), "locked") == 0;
}

static gboolean
unlock_done (gpointer data)
{
  return !st_lock_page_is_busy (st_window_get_lock_page (data));
}

static void
unlock (StWindow   *window,
        const char *password)
{
  st_lock_page_unlock (st_window_get_lock_page (window), password);
  g_assert_true (gui_wait_until (unlock_done, window, 20000));
  gui_spin (30);
}

/* After the idle time of the preferences the window hides the data and
 * asks for the password; what was typed, and an open dialog, survive. */
static void
test_idle_lock (void)
{
  StWindow *window = gui_fixture_window (fixture);
  GSettings *settings = gui_fixture_settings (fixture);
  StResultRow *viability;
  GtkWindow *dialog;
  gint64 started;
  double waited;

  /* 0.02 minutes: 1.2 seconds. */
  g_settings_set_double (settings, "idle-lock-minutes", 0.02);
  gui_sign_in (window, "operator", GUI_PASSWORD);
  g_assert_true (st_window_open_lot (window, "GUI-0001"));
  viability = st_results_panel_get_row (st_lot_page_get_results_panel (st_window_get_lot_page (window)), "viability");
  gtk_editable_set_text (GTK_EDITABLE (st_result_row_get_input (viability)), "92.5");
  gtk_widget_activate_action (GTK_WIDGET (st_window_get_lot_page (window)), "lot.add-passage", NULL);
  gui_spin (30);
  dialog = gui_find_window (ST_TYPE_PASSAGE_DIALOG);
  g_assert_nonnull (dialog);

  /* The last input is now. */
  st_idle_monitor_touch (st_window_get_idle_monitor (window));
  started = g_get_monotonic_time ();
  g_assert_true (gui_wait_until (is_locked, window, 10000));
  waited = (g_get_monotonic_time () - started) / 1e6;
  g_test_message ("locked after %.2f s without input", waited);
  /* 1.2 s, checked every 0.12 s. */
  g_assert_cmpfloat (waited, >=, 1.05);
  g_assert_true (st_session_is_locked (st_window_get_session (window)));
  /* The dialog with its data is hidden too. */
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (dialog)));
  gui_assert_labelled (GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (st_window_get_lock_page (window)),
                                                                 ST_TYPE_LOCK_PAGE, "password_entry")), "Password");
  /* The core refuses to read or write meanwhile, whatever asks. */
  {
    GError *error = NULL;
    g_assert_null (st_lots_get (st_window_get_session (window), "GUI-0001", &error));
    g_assert_nonnull (strstr (error->message, "locked"));
    g_clear_error (&error);
  }

  unlock (window, "not-the-password");
  g_assert_cmpstr (st_window_get_page_name (window), ==, "locked");
  g_assert_cmpstr (st_lock_page_get_error (st_window_get_lock_page (window)), ==,
                   "password: wrong user name or password");

  /* A long idle time, so that the check below is not locked again. */
  g_settings_set_double (settings, "idle-lock-minutes", 15.0);
  unlock (window, GUI_PASSWORD);
  g_assert_cmpstr (st_window_get_page_name (window), ==, "lot");
  g_assert_false (st_session_is_locked (st_window_get_session (window)));
  /* The page was read again after the unlock: its rows are new. */
  viability = st_results_panel_get_row (st_lot_page_get_results_panel (st_window_get_lot_page (window)), "viability");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (st_result_row_get_input (viability))), ==, "92.5");
  g_assert_cmpint (st_result_row_get_state (viability), ==, ST_RESULT_CHANGED);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (dialog)));
  gtk_window_destroy (dialog);
  gui_close_window (window);
}

/* Input keeps the session open: what the window's input controller does
 * at each key, click or pointer movement is to touch the monitor. */
static void
test_input_keeps_open (void)
{
  StWindow *window = gui_fixture_window (fixture);
  GSettings *settings = gui_fixture_settings (fixture);
  gint64 until;

  g_settings_set_double (settings, "idle-lock-minutes", 0.02);
  gui_sign_in (window, "operator", GUI_PASSWORD);
  /* Input every 0.3 s for 2.5 s, longer than the idle time. */
  until = g_get_monotonic_time () + 2500000;
  while (g_get_monotonic_time () < until)
    {
      st_idle_monitor_touch (st_window_get_idle_monitor (window));
      gui_spin (300);
      g_assert_cmpstr (st_window_get_page_name (window), ==, "lots");
    }
  g_assert_true (gui_wait_until (is_locked, window, 10000));
  g_settings_set_double (settings, "idle-lock-minutes", 15.0);
  gui_close_window (window);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GuiFixture) owned = NULL;

  if (!gui_test_init (&argc, &argv))
    return g_test_run ();
  owned = fixture = gui_fixture_new (1);
  g_test_add_func ("/gui/idle-lock/lock-and-unlock", test_idle_lock);
  g_test_add_func ("/gui/idle-lock/input-keeps-open", test_input_keeps_open);
  return g_test_run ();
}
