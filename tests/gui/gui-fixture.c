/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "gui-fixture.h"

#include <glib/gstdio.h>
#include <locale.h>

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

void
gui_fixture_free (GuiFixture *fixture)
{
  const char *suffixes[] = { "", "-wal", "-shm", "-journal" };

  if (fixture == NULL)
    return;
  g_clear_object (&fixture->application);
  g_clear_object (&fixture->session);
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *path = g_strconcat (fixture->location, suffixes[i], NULL);
      g_unlink (path);
    }
  g_rmdir (fixture->folder);
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
      fixture->application = st_application_new ();
      check (g_application_register (G_APPLICATION (fixture->application), NULL, &error), error);
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

void
gui_sign_in (StWindow   *window,
             const char *username,
             const char *password)
{
  st_sign_in_page_sign_in (st_window_get_sign_in_page (window), username, password);
  g_assert_true (gui_wait_until (sign_in_finished, window, 20000));
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
