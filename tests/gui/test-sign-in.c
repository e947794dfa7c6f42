/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "gui-fixture.h"

#include "st-auth.h"
#include "st-setup-page.h"

static GuiFixture *fixture;

static GtkWidget *
child (gpointer    widget,
       GType       type,
       const char *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (widget), type, name);

  g_assert_nonnull (object);
  return GTK_WIDGET (object);
}

static void
test_right_password (void)
{
  StWindow *window = gui_fixture_window (fixture);
  StSignInPage *page = st_window_get_sign_in_page (window);
  StLotsView *lots = st_window_get_lots_view (window);
  GtkWidget *search = child (lots, ST_TYPE_LOTS_VIEW, "search_entry");
  GtkWidget *focus;

  g_assert_cmpstr (st_window_get_page_name (window), ==, "sign-in");
  gui_assert_labelled (child (page, ST_TYPE_SIGN_IN_PAGE, "username_entry"), "User name");
  gui_assert_labelled (child (page, ST_TYPE_SIGN_IN_PAGE, "password_entry"), "Password");
  gui_assert_labelled (child (page, ST_TYPE_SIGN_IN_PAGE, "sign_in_button"), "Sign in");
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (child (page, ST_TYPE_SIGN_IN_PAGE, "site_label"))), ==,
                   "GUI test site");

  gui_sign_in (window, "operator", GUI_PASSWORD);
  g_assert_cmpstr (st_sign_in_page_get_error (page), ==, "");
  g_assert_cmpstr (st_window_get_page_name (window), ==, "lots");
  g_assert_true (st_session_is_signed_in (st_window_get_session (window)));
  g_assert_cmpstr (st_session_get_user (st_window_get_session (window))->username, ==, "operator");

  /* The search owns the focus when the list opens: a scanner types there. */
  focus = gtk_root_get_focus (GTK_ROOT (window));
  g_assert_nonnull (focus);
  g_assert_true (focus == search || gtk_widget_is_ancestor (focus, search));
  gtk_test_accessible_assert_property (search, GTK_ACCESSIBLE_PROPERTY_LABEL, "Search lots");

  /* Signing out returns to the page with empty fields. */
  g_action_group_activate_action (G_ACTION_GROUP (window), "sign-out", NULL);
  gui_spin (20);
  g_assert_cmpstr (st_window_get_page_name (window), ==, "sign-in");
  g_assert_false (st_session_is_signed_in (st_window_get_session (window)));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child (page, ST_TYPE_SIGN_IN_PAGE, "password_entry"))), ==, "");
  gui_close_window (window);
}

static void
test_wrong_password (void)
{
  StWindow *window = gui_fixture_window (fixture);
  StSignInPage *page = st_window_get_sign_in_page (window);

  gui_sign_in (window, "operator", "not-the-password");
  g_assert_cmpstr (st_window_get_page_name (window), ==, "sign-in");
  g_assert_false (st_session_is_signed_in (st_window_get_session (window)));
  g_assert_cmpstr (st_sign_in_page_get_error (page), ==, "password: wrong user name or password");
  /* The password never stays in the field. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child (page, ST_TYPE_SIGN_IN_PAGE, "password_entry"))), ==, "");

  gui_sign_in (window, "nobody", GUI_PASSWORD);
  g_assert_cmpstr (st_sign_in_page_get_error (page), ==, "password: wrong user name or password");

  /* Then the right one: the failures are counted, not sticky. */
  gui_sign_in (window, "operator", GUI_PASSWORD);
  g_assert_cmpstr (st_window_get_page_name (window), ==, "lots");
  gui_close_window (window);
}

static void
test_locked_account (void)
{
  StWindow *window = gui_fixture_window (fixture);
  StSignInPage *page = st_window_get_sign_in_page (window);
  const char *message;

  for (guint i = 0; i < ST_AUTH_MAX_FAILED_SIGN_INS; i++)
    gui_sign_in (window, "reviewer", "wrong-password-again");
  message = st_sign_in_page_get_error (page);
  g_test_message ("locked: %s", message);
  g_assert_nonnull (strstr (message, "locked"));
  /* It says who can unlock it. */
  g_assert_nonnull (strstr (message, "admin"));

  gui_sign_in (window, "reviewer", GUI_PASSWORD);
  g_assert_cmpstr (st_window_get_page_name (window), ==, "sign-in");
  message = st_sign_in_page_get_error (page);
  g_assert_nonnull (strstr (message, "reviewer is locked"));
  g_assert_nonnull (strstr (message, "admin"));
  gui_close_window (window);
}

static gboolean
site_created (gpointer data)
{
  return g_strcmp0 (st_window_get_page_name (data), "lots") == 0;
}

/* No database at the location: the window offers to create the site. */
static void
test_create_site (void)
{
  g_autofree char *location = g_build_filename (fixture->folder, "new-site", "stroma.db", NULL);
  StWindow *window = gui_fixture_window (fixture);
  GtkWidget *page;
  StSession *session;

  st_window_show_setup (window, location);
  g_assert_cmpstr (st_window_get_page_name (window), ==, "setup");
  page = gtk_stack_get_visible_child (GTK_STACK (child (window, ST_TYPE_WINDOW, "main_stack")));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (child (page, ST_TYPE_SETUP_PAGE, "cli_label"))),
                            "stromactl"));
  gtk_editable_set_text (GTK_EDITABLE (child (page, ST_TYPE_SETUP_PAGE, "site_entry")), "New test site");
  gtk_editable_set_text (GTK_EDITABLE (child (page, ST_TYPE_SETUP_PAGE, "admin_entry")), "boss");
  gtk_editable_set_text (GTK_EDITABLE (child (page, ST_TYPE_SETUP_PAGE, "password_entry")), GUI_PASSWORD);
  gtk_editable_set_text (GTK_EDITABLE (child (page, ST_TYPE_SETUP_PAGE, "repeat_entry")), "something-else-1");
  g_signal_emit_by_name (child (page, ST_TYPE_SETUP_PAGE, "create_button"), "clicked");
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (child (page, ST_TYPE_SETUP_PAGE, "error_label"))), ==,
                   "password: the two passwords differ");
  g_assert_false (g_file_test (location, G_FILE_TEST_EXISTS));

  gtk_editable_set_text (GTK_EDITABLE (child (page, ST_TYPE_SETUP_PAGE, "password_entry")), GUI_PASSWORD);
  gtk_editable_set_text (GTK_EDITABLE (child (page, ST_TYPE_SETUP_PAGE, "repeat_entry")), GUI_PASSWORD);
  g_signal_emit_by_name (child (page, ST_TYPE_SETUP_PAGE, "create_button"), "clicked");
  g_assert_true (gui_wait_until (site_created, window, 30000));
  session = st_window_get_session (window);
  g_assert_cmpstr (st_session_get_user (session)->username, ==, "boss");
  g_assert_true (st_session_has_role (session, ST_ROLE_ADMIN));
  g_assert_true (g_file_test (location, G_FILE_TEST_EXISTS));
  gui_close_window (window);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GuiFixture) owned = NULL;
  int status;

  if (!gui_test_init (&argc, &argv))
    return g_test_run ();
  owned = fixture = gui_fixture_new (2);
  g_test_add_func ("/gui/sign-in/right-password", test_right_password);
  g_test_add_func ("/gui/sign-in/wrong-password", test_wrong_password);
  g_test_add_func ("/gui/sign-in/locked-account", test_locked_account);
  g_test_add_func ("/gui/sign-in/create-site", test_create_site);
  status = g_test_run ();
  return status;
}
