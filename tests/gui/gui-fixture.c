/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "gui-fixture.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <stdio.h>

#include "st-donors.h"
#include "st-lots.h"
#include "st-site.h"
#include "st-users.h"

static void
skip_without_display (void)
{
  g_test_skip ("no display (run under xvfb-run)");
}

gboolean
gui_test_init (int    *argc,
               char ***argv)
{
  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_test_init (argc, argv, NULL);
      g_test_add_func ("/gui/skipped", skip_without_display);
      return FALSE;
    }
  /* Accessible properties readable without a bus; no portal, no saved
   * settings in a test. */
  g_setenv ("GTK_A11Y", "test", TRUE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_setenv ("ADW_DISABLE_PORTAL", "1", TRUE);
  gtk_test_init (argc, argv, NULL);
  adw_init ();
  return TRUE;
}

static void
check (gboolean  ok,
       GError   *error)
{
  g_assert_no_error (error);
  g_assert_true (ok);
}

static void
add_donor (StSession  *session,
           const char *code)
{
  static const char *const markers[] = {
    "hiv", "hbsag", "anti-hbc", "hcv", "syphilis", "hiv-nat", "hbv-nat", "hcv-nat",
  };
  StDonorInput input = { .code = code, .birth_year = "1980", .sex = "female", .consent_date = "2026-01-05" };
  GError *error = NULL;

  check (st_donors_add (session, &input, &error), error);
  for (guint i = 0; i < G_N_ELEMENTS (markers); i++)
    check (st_donors_add_test (session, code, markers[i], "negative", "2026-01-05", &error), error);
}

GuiFixture *
gui_fixture_new (guint n_lots)
{
  GuiFixture *fixture = g_new0 (GuiFixture, 1);
  StSiteSetup setup = {
    .site_name = "GUI test site", .admin_username = "admin", .admin_full_name = "Ada Admin",
    .admin_password = GUI_PASSWORD,
  };
  const char *single[] = { "DONOR-A", NULL };
  const char *pool[] = { "DONOR-A", "DONOR-B", NULL };
  GError *error = NULL;

  fixture->folder = g_dir_make_tmp ("stroma-gui-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->location = g_build_filename (fixture->folder, "stroma.db", NULL);
  fixture->session = st_site_create (fixture->location, &setup, &error);
  g_assert_no_error (error);
  check (st_users_add (fixture->session, "operator", "Olga Operator", ST_ROLE_OPERATOR, GUI_PASSWORD, &error), error);
  check (st_users_add (fixture->session, "reviewer", "Rita Reviewer", ST_ROLE_REVIEWER, GUI_PASSWORD, &error), error);
  check (st_users_add (fixture->session, "qp", "Quentin QP", ST_ROLE_QP, GUI_PASSWORD, &error), error);
  check (st_session_sign_in (fixture->session, "operator", GUI_PASSWORD, &error), error);
  add_donor (fixture->session, "DONOR-A");
  add_donor (fixture->session, "DONOR-B");
  for (guint i = 1; i <= n_lots; i++)
    {
      g_autofree char *lot = g_strdup_printf ("GUI-%04u", i);
      check (st_lots_create (fixture->session, lot, i % 2 ? "Pooled MSC" : NULL,
                             i % 2 ? pool : single, NULL, &error), error);
    }
  return fixture;
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

void
gui_fixture_free (GuiFixture *fixture)
{
  if (fixture == NULL)
    return;
  g_clear_object (&fixture->application);
  g_clear_object (&fixture->session);
  /* The database, and what the tests wrote beside it (exports, certificates). */
  remove_tree (fixture->folder);
  g_free (fixture->location);
  g_free (fixture->folder);
  g_free (fixture);
}

StWindow *
gui_fixture_window (GuiFixture *fixture)
{
  g_autoptr(StSession) session = NULL;
  GError *error = NULL;
  StWindow *window;

  if (fixture->application == NULL)
    {
      g_autofree char *out = g_build_filename (fixture->folder, "out", NULL);
      GSettings *settings;

      fixture->application = st_application_new ();
      check (g_application_register (G_APPLICATION (fixture->application), NULL, &error), error);
      /* No viewer is started in a test; what the app writes stays in the
       * fixture's folder. */
      settings = st_application_get_settings (fixture->application);
      g_assert_nonnull (settings);
      g_assert_cmpint (g_mkdir_with_parents (out, 0700), ==, 0);
      g_settings_set_boolean (settings, "open-certificate", FALSE);
      g_settings_set_string (settings, "export-folder", out);
    }
  session = st_session_open (fixture->location, &error);
  g_assert_no_error (error);
  window = st_window_new (GTK_APPLICATION (fixture->application));
  st_window_show_sign_in (window, session, FALSE);
  gtk_window_present (GTK_WINDOW (window));
  gui_spin (50);
  return window;
}

static gboolean
sign_in_finished (gpointer data)
{
  return !st_sign_in_page_is_busy (st_window_get_sign_in_page (data));
}

static gboolean
lots_shown (gpointer data)
{
  return !st_lots_view_is_busy (st_window_get_lots_view (data));
}

void
gui_sign_in (StWindow   *window,
             const char *username,
             const char *password)
{
  st_sign_in_page_sign_in (st_window_get_sign_in_page (window), username, password);
  g_assert_true (gui_wait_until (sign_in_finished, window, 20000));
  /* The lot list is counted in a worker thread. */
  g_assert_true (gui_wait_until (lots_shown, window, 20000));
  gui_spin (20);
}

gboolean
gui_wait_until (gboolean (*done) (gpointer data),
                gpointer   data,
                guint      timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  while (!done (data))
    {
      if (g_get_monotonic_time () > deadline)
        return FALSE;
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (1000);
    }
  return TRUE;
}

void
gui_spin (guint ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) ms * 1000;

  while (g_get_monotonic_time () < deadline)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (1000);
}

void
gui_close_window (StWindow *window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  gui_spin (20);
}

void
gui_assert_labelled (GtkWidget  *widget,
                     const char *name)
{
  g_autoptr(GList) labels = gtk_widget_list_mnemonic_labels (widget);

  g_assert_nonnull (labels);
  g_assert_true (GTK_IS_LABEL (labels->data));
  g_assert_cmpstr (gtk_label_get_text (labels->data), ==, name);
}

StSession *
gui_fixture_sign_in (GuiFixture *fixture,
                     const char *username)
{
  GError *error = NULL;
  StSession *session = st_session_open (fixture->location, &error);

  g_assert_no_error (error);
  check (st_session_sign_in (session, username, GUI_PASSWORD, &error), error);
  return session;
}

GSettings *
gui_fixture_settings (GuiFixture *fixture)
{
  g_assert_nonnull (fixture->application);
  return st_application_get_settings (fixture->application);
}

GtkWindow *
gui_find_window (GType type)
{
  g_autoptr(GList) windows = gtk_window_list_toplevels ();

  for (GList *l = windows; l != NULL; l = l->next)
    if (G_TYPE_CHECK_INSTANCE_TYPE (l->data, type) && gtk_widget_get_visible (l->data))
      return l->data;
  return NULL;
}

static struct {
  guint id;
  gint64 last;
  gint64 last_wait;
  gint64 last_cpu;
  GuiStall longest;
} stall;

/* This thread's processor time and its time waiting for a processor (ns),
 * from the scheduler's statistics; FALSE when the system does not tell. */
static gboolean
thread_times (gint64 *cpu,
              gint64 *wait)
{
  g_autofree char *text = NULL;
  guint64 run = 0, queued = 0;

  if (!g_file_get_contents ("/proc/thread-self/schedstat", &text, NULL, NULL)
      || sscanf (text, "%" G_GUINT64_FORMAT " %" G_GUINT64_FORMAT, &run, &queued) != 2)
    return FALSE;
  *cpu = (gint64) run;
  *wait = (gint64) queued;
  return TRUE;
}

static gboolean
stall_tick (gpointer user_data)
{
  gint64 now = g_get_monotonic_time ();
  gint64 cpu = -1, wait = -1;
  double gap = (now - stall.last) / 1000.0;
  double unqueued = gap, running = gap;

  if (thread_times (&cpu, &wait) && stall.last_cpu >= 0)
    {
      unqueued = gap - (wait - stall.last_wait) / 1e6;
      running = (cpu - stall.last_cpu) / 1e6;
    }
  if (g_getenv ("GUI_STALL_DEBUG") != NULL && gap > 30.0)
    g_printerr ("gap %.1f ms: running %.1f ms, waiting for a processor %.1f ms\n", gap, running, gap - unqueued);
  stall.longest.clock_ms = MAX (stall.longest.clock_ms, gap);
  stall.longest.unqueued_ms = MAX (stall.longest.unqueued_ms, unqueued);
  stall.longest.cpu_ms = MAX (stall.longest.cpu_ms, running);
  stall.last = now;
  stall.last_cpu = cpu;
  stall.last_wait = wait;
  return G_SOURCE_CONTINUE;
}

void
gui_stall_start (void)
{
  g_assert_cmpuint (stall.id, ==, 0);
  stall.last = g_get_monotonic_time ();
  if (!thread_times (&stall.last_cpu, &stall.last_wait))
    stall.last_cpu = stall.last_wait = -1;
  stall.longest = (GuiStall) { 0 };
  stall.id = g_timeout_add (5, stall_tick, NULL);
}

GuiStall
gui_stall_stop (void)
{
  stall_tick (NULL);
  g_clear_handle_id (&stall.id, g_source_remove);
  return stall.longest;
}

void
gui_stall_check (const char *what,
                 GuiStall    measured)
{
  g_test_message ("%s: longest main-loop stall %.1f ms of the main thread's own work (%.1f ms by the clock, "
                  "%.1f ms without waiting for a processor)", what, measured.cpu_ms, measured.clock_ms,
                  measured.unqueued_ms);
  g_assert_cmpfloat (measured.cpu_ms, <, 100.0);
}
