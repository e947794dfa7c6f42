/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "gui-fixture.h"
#include "gui-lots.h"

#include "st-deviations.h"
#include "st-signing-dialog.h"

static GuiFixture *fixture;
static gint64 exceptional_deviation;

static StWindow *
open_lot_as (const char *username,
             const char *lot)
{
  StWindow *window = gui_fixture_window (fixture);

  gui_sign_in (window, username, GUI_PASSWORD);
  g_assert_cmpstr (st_window_get_page_name (window), ==, "lots");
  g_assert_true (st_window_open_lot (window, lot));
  g_assert_cmpstr (st_window_get_page_name (window), ==, "lot");
  return window;
}

static GtkWidget *
page_child (StWindow   *window,
            const char *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (st_window_get_lot_page (window)), ST_TYPE_LOT_PAGE, name);

  g_assert_nonnull (child);
  return GTK_WIDGET (child);
}

/* Which workflow buttons are shown: "submit review release reject". */
static char *
buttons_shown (StWindow *window)
{
  static const char *const names[] = { "submit", "review", "release", "reject" };
  g_autoptr(GString) shown = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *id = g_strconcat (names[i], "_button", NULL);
      if (gtk_widget_get_visible (page_child (window, id)))
        g_string_append_printf (shown, "%s%s", shown->len > 0 ? " " : "", names[i]);
    }
  return g_string_free (g_steal_pointer (&shown), FALSE);
}

static StSigningDialog *
start (StWindow   *window,
       const char *action)
{
  StSigningDialog *dialog;

  gtk_widget_activate_action (GTK_WIDGET (st_window_get_lot_page (window)), action, NULL);
  gui_spin (30);
  dialog = ST_SIGNING_DIALOG (gui_find_window (ST_TYPE_SIGNING_DIALOG));
  g_assert_nonnull (dialog);
  return dialog;
}

static gboolean
signing_done (gpointer data)
{
  return !st_signing_dialog_is_busy (data);
}

/* Signs as the user does and waits for the worker; returns the longest
 * stall of the main loop meanwhile. */
static GuiStall
sign (StSigningDialog *dialog,
      const char      *password)
{
  GuiStall stall;

  g_object_ref (dialog);
  gui_stall_start ();
  st_signing_dialog_sign (dialog, password);
  g_assert_true (st_signing_dialog_is_busy (dialog));
  g_assert_true (gui_wait_until (signing_done, dialog, 30000));
  stall = gui_stall_stop ();
  gui_spin (30);
  g_object_unref (dialog);
  return stall;
}

static char *
status_of (const char *lot)
{
  GError *error = NULL;
  g_autoptr(StLot) record = st_lots_get (fixture->session, lot, &error);

  g_assert_no_error (error);
  return g_strdup (record->record->status);
}

static void
assert_labelled (GObject    *widget,
                 const char *name)
{
  gui_assert_labelled (GTK_WIDGET (widget), name);
}

/* The buttons of each role in each state: only what the user may do now. */
static void
test_buttons (void)
{
  static const struct { const char *user; const char *lot; const char *shown; } cases[] = {
    { "operator", "WF-OPEN", "submit" },
    { "operator", "WF-REVIEW", "" },
    { "operator", "WF-RELEASE", "" },
    { "reviewer", "WF-OPEN", "reject" },
    { "reviewer", "WF-REVIEW", "review reject" },
    { "reviewer", "WF-RELEASE", "reject" },
    { "qp", "WF-REVIEW", "reject" },
    { "qp", "WF-RELEASE", "release reject" },
    { "admin", "WF-RELEASE", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      StWindow *window = open_lot_as (cases[i].user, cases[i].lot);
      g_autofree char *shown = buttons_shown (window);

      g_test_message ("%s on %s: %s", cases[i].user, cases[i].lot, shown);
      g_assert_cmpstr (shown, ==, cases[i].shown);
      gui_close_window (window);
    }
}

static void
test_submit (void)
{
  StWindow *window = open_lot_as ("operator", "WF-OPEN");
  AdwMessageDialog *dialog;
  g_autofree char *status = NULL;

  gui_assert_labelled (page_child (window, "submit_button"), "Submit for review");
  gtk_widget_activate_action (GTK_WIDGET (st_window_get_lot_page (window)), "lot.submit", NULL);
  gui_spin (30);
  dialog = ADW_MESSAGE_DIALOG (gui_find_window (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_nonnull (dialog);
  adw_message_dialog_response (dialog, "submit");
  gtk_window_close (GTK_WINDOW (dialog));
  gui_spin (50);
  status = status_of ("WF-OPEN");
  g_assert_cmpstr (status, ==, "in_review");
  g_assert_false (gtk_widget_get_visible (page_child (window, "submit_button")));
  gui_close_window (window);
}

static void
test_review (void)
{
  StWindow *window = open_lot_as ("reviewer", "WF-REVIEW");
  StSigningDialog *dialog;
  g_autofree char *status = NULL;
  GuiStall stall;

  gui_assert_labelled (page_child (window, "review_button"), "Review");
  dialog = start (window, "lot.review");
  assert_labelled (gtk_widget_get_template_child (GTK_WIDGET (dialog), ST_TYPE_SIGNING_DIALOG, "password_entry"),
                   "Password");
  assert_labelled (gtk_widget_get_template_child (GTK_WIDGET (dialog), ST_TYPE_SIGNING_DIALOG, "sign_button"), "Sign");
  /* Named by its label alone: no "_Sign" of the mnemonic as the name. */
  g_assert_false (gtk_test_accessible_has_property (GTK_ACCESSIBLE (gtk_widget_get_template_child (
                    GTK_WIDGET (dialog), ST_TYPE_SIGNING_DIALOG, "sign_button")), GTK_ACCESSIBLE_PROPERTY_LABEL));
  g_assert_true (g_str_has_prefix (st_signing_dialog_get_meaning (dialog), "Reviewed: "));
  g_assert_nonnull (strstr (st_signing_dialog_get_meaning (dialog), "second-person verification"));

  /* A wrong password is refused by the core; the dialog stays. */
  sign (dialog, "not-the-password");
  g_assert_true (gui_find_window (ST_TYPE_SIGNING_DIALOG) == GTK_WINDOW (dialog));
  g_assert_cmpstr (st_signing_dialog_get_error (dialog), ==, "password: wrong user name or password");
  status = status_of ("WF-REVIEW");
  g_assert_cmpstr (status, ==, "in_review");
  g_clear_pointer (&status, g_free);

  stall = sign (dialog, GUI_PASSWORD);
  gui_stall_check ("review (the key derivation in a worker thread)", stall);
  {
    /* For comparison: what the key derivation alone would hold the main loop. */
    gint64 started = g_get_monotonic_time ();
    GError *error = NULL;

    g_assert_true (st_session_confirm_password (fixture->session, GUI_PASSWORD, NULL, &error));
    g_assert_no_error (error);
    g_test_message ("for comparison, the same key derivation on the main thread: %.1f ms",
                    (g_get_monotonic_time () - started) / 1000.0);
  }
  g_assert_null (gui_find_window (ST_TYPE_SIGNING_DIALOG));
  status = status_of ("WF-REVIEW");
  g_assert_cmpstr (status, ==, "reviewed");
  /* The page follows: the reviewer has nothing more to do here. */
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (page_child (window, "status_label"))), ==, "Reviewed");
  g_assert_false (gtk_widget_get_visible (page_child (window, "review_button")));
  gui_close_window (window);
}

static gboolean
file_starts_with (const char *path,
                  const char *magic)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  return g_file_get_contents (path, &contents, &length, NULL) && length > strlen (magic)
         && memcmp (contents, magic, strlen (magic)) == 0;
}

static void
test_release (void)
{
  StWindow *window = open_lot_as ("qp", "WF-RELEASE");
  StSigningDialog *dialog;
  g_autofree char *status = NULL;
  g_autofree char *p7s = NULL;
  g_autofree char *shown = NULL;
  GuiStall stall;

  gui_assert_labelled (page_child (window, "release_button"), "Release");
  dialog = start (window, "lot.release");
  g_assert_cmpint (st_signing_dialog_get_mode (dialog), ==, ST_RELEASE_FULL);
  g_assert_cmpstr (st_signing_dialog_get_blocker (dialog), ==, "");
  g_assert_true (g_str_has_prefix (st_signing_dialog_get_meaning (dialog), "Certified for release: "));
  g_assert_nonnull (strstr (st_signing_dialog_get_meaning (dialog), "conforms to specification MSC-REL v1"));

  stall = sign (dialog, GUI_PASSWORD);
  gui_stall_check ("release (key derivation, signature and certificate PDF in a worker thread)", stall);
  g_assert_null (gui_find_window (ST_TYPE_SIGNING_DIALOG));
  status = status_of ("WF-RELEASE");
  g_assert_cmpstr (status, ==, "released");

  /* The signed certificate and its signature, written for the viewer. */
  g_assert_nonnull (st_window_get_last_certificate (window));
  g_assert_true (g_str_has_suffix (st_window_get_last_certificate (window), "WF-RELEASE-certificate.pdf"));
  g_assert_true (file_starts_with (st_window_get_last_certificate (window), "%PDF-"));
  p7s = g_strconcat (st_window_get_last_certificate (window), ".p7s", NULL);
  g_assert_true (g_file_test (p7s, G_FILE_TEST_IS_REGULAR));
  shown = buttons_shown (window);
  g_assert_cmpstr (shown, ==, "");
  gui_close_window (window);
}

/* Staged release: the wording names the pending test. */
static void
test_staged (void)
{
  StWindow *window = open_lot_as ("qp", "WF-STAGED");
  StSigningDialog *dialog = start (window, "lot.release");
  const char *meaning = st_signing_dialog_get_meaning (dialog);
  g_autofree char *status = NULL;

  g_test_message ("%s", meaning);
  g_assert_cmpint (st_signing_dialog_get_mode (dialog), ==, ST_RELEASE_INITIAL);
  g_assert_true (g_str_has_prefix (meaning, "Certified for release — initial certification (staged release): "));
  g_assert_nonnull (strstr (meaning, "while these tests are still pending: Sterility."));
  g_assert_nonnull (strstr (meaning, "Released (initial)"));
  sign (dialog, GUI_PASSWORD);
  status = status_of ("WF-STAGED");
  g_assert_cmpstr (status, ==, "released_initial");
  g_assert_true (g_str_has_suffix (st_window_get_last_certificate (window), "WF-STAGED-initial-certificate.pdf"));
  gui_close_window (window);
}

/* Exceptional release: the wording names the OOS results and the closed
 * deviation chosen. */
static void
test_exceptional (void)
{
  StWindow *window = open_lot_as ("qp", "WF-EXCEPT");
  StSigningDialog *dialog = start (window, "lot.release");
  g_autofree char *under = g_strdup_printf ("under closed deviation %" G_GINT64_FORMAT, exceptional_deviation);
  g_autofree char *status = NULL;
  const char *meaning;

  g_assert_cmpint (st_signing_dialog_get_mode (dialog), ==, ST_RELEASE_EXCEPTIONAL);
  g_assert_true (st_signing_dialog_select_deviation (dialog, exceptional_deviation));
  g_assert_false (st_signing_dialog_select_deviation (dialog, exceptional_deviation + 100));
  meaning = st_signing_dialog_get_meaning (dialog);
  g_test_message ("%s", meaning);
  g_assert_true (g_str_has_prefix (meaning, "Certified for release — exceptional release (out of specification): "));
  g_assert_nonnull (strstr (meaning, "At the treating physician’s request"));
  g_assert_nonnull (strstr (meaning, under));
  g_assert_nonnull (strstr (meaning, "Viability 62 % (>= 70)"));
  sign (dialog, GUI_PASSWORD);
  status = status_of ("WF-EXCEPT");
  g_assert_cmpstr (status, ==, "released_exceptional");
  gui_close_window (window);
}

static void
test_reject (void)
{
  StWindow *window = open_lot_as ("reviewer", "WF-REJECT");
  StSigningDialog *dialog;
  GtkWidget *sign_button;
  GError *error = NULL;
  g_autoptr(StLot) lot = NULL;
  const StSignatureRecord *signature;

  gui_assert_labelled (page_child (window, "reject_button"), "Reject");
  dialog = start (window, "lot.reject");
  sign_button = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (dialog), ST_TYPE_SIGNING_DIALOG, "sign_button"));
  assert_labelled (gtk_widget_get_template_child (GTK_WIDGET (dialog), ST_TYPE_SIGNING_DIALOG, "reason_entry"),
                   "Reason");
  g_assert_true (g_str_has_prefix (st_signing_dialog_get_meaning (dialog), "Rejected: "));
  /* No reason, no signature. */
  g_assert_false (gtk_widget_get_sensitive (sign_button));
  st_signing_dialog_set_reason (dialog, "Mycoplasma sample lost; the lot cannot be tested in time");
  g_assert_true (gtk_widget_get_sensitive (sign_button));
  sign (dialog, GUI_PASSWORD);
  g_assert_null (gui_find_window (ST_TYPE_SIGNING_DIALOG));

  lot = st_lots_get (fixture->session, "WF-REJECT", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (lot->record->status, ==, "rejected");
  signature = g_ptr_array_index (lot->signatures, lot->signatures->len - 1);
  g_assert_cmpstr (signature->meaning, ==, "rejected");
  g_assert_cmpstr (signature->username, ==, "reviewer");
  g_assert_cmpstr (signature->reason, ==, "Mycoplasma sample lost; the lot cannot be tested in time");
  gui_close_window (window);
}

/* The buttons are hidden, and the core refuses when the action is forced. */
static void
test_refused (void)
{
  StWindow *window = open_lot_as ("operator", "WF-REFUSE");
  StSigningDialog *dialog;
  g_autofree char *status = NULL;

  g_assert_false (gtk_widget_get_visible (page_child (window, "review_button")));
  dialog = start (window, "lot.review");
  sign (dialog, GUI_PASSWORD);
  g_test_message ("%s", st_signing_dialog_get_error (dialog));
  g_assert_cmpstr (st_signing_dialog_get_error (dialog), ==, "lot review: needs the reviewer role; operator has operator");
  gtk_window_destroy (GTK_WINDOW (dialog));
  gui_close_window (window);

  /* A QP cannot release what was not reviewed. */
  window = open_lot_as ("qp", "WF-REFUSE");
  g_assert_false (gtk_widget_get_visible (page_child (window, "release_button")));
  dialog = start (window, "lot.release");
  sign (dialog, GUI_PASSWORD);
  g_test_message ("%s", st_signing_dialog_get_error (dialog));
  g_assert_cmpstr (st_signing_dialog_get_error (dialog), ==,
                   "lot: WF-REFUSE is in_review; release needs a reviewed lot (submit and review it first)");
  gtk_window_destroy (GTK_WINDOW (dialog));
  gui_close_window (window);

  status = status_of ("WF-REFUSE");
  g_assert_cmpstr (status, ==, "in_review");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GuiFixture) owned = NULL;
  g_autoptr(StSession) reviewer = NULL;
  g_autoptr(StSession) qp = NULL;
  const char *no_sterility[] = { "sterility", NULL };
  const char *low_viability[] = { "viability=62", NULL };
  GError *error = NULL;

  if (!gui_test_init (&argc, &argv))
    return g_test_run ();
  owned = fixture = gui_fixture_new (0);
  reviewer = gui_fixture_sign_in (fixture, "reviewer");
  qp = gui_fixture_sign_in (fixture, "qp");
  gui_make_lot (fixture, reviewer, "WF-OPEN", NULL, NULL, 20, GUI_LOT_OPEN);
  gui_make_lot (fixture, reviewer, "WF-REVIEW", NULL, NULL, 20, GUI_LOT_IN_REVIEW);
  gui_make_lot (fixture, reviewer, "WF-REJECT", NULL, NULL, 20, GUI_LOT_IN_REVIEW);
  gui_make_lot (fixture, reviewer, "WF-REFUSE", NULL, NULL, 20, GUI_LOT_IN_REVIEW);
  gui_make_lot (fixture, reviewer, "WF-RELEASE", NULL, NULL, 20, GUI_LOT_REVIEWED);
  gui_make_lot (fixture, reviewer, "WF-STAGED", no_sterility, NULL, 20, GUI_LOT_REVIEWED);
  gui_make_lot (fixture, reviewer, "WF-EXCEPT", NULL, low_viability, 20, GUI_LOT_REVIEWED);
  st_deviations_open (fixture->session, "WF-EXCEPT", "major",
                      "Viability 62 %; the treating physician requests supply for a patient without alternative",
                      &exceptional_deviation, &error);
  g_assert_no_error (error);
  st_deviations_close (qp, exceptional_deviation, "Risk assessed with the physician; supply justified", &error);
  g_assert_no_error (error);

  g_test_add_func ("/gui/workflow/buttons", test_buttons);
  g_test_add_func ("/gui/workflow/submit", test_submit);
  g_test_add_func ("/gui/workflow/review", test_review);
  g_test_add_func ("/gui/workflow/release", test_release);
  g_test_add_func ("/gui/workflow/staged", test_staged);
  g_test_add_func ("/gui/workflow/exceptional", test_exceptional);
  g_test_add_func ("/gui/workflow/reject", test_reject);
  g_test_add_func ("/gui/workflow/refused", test_refused);
  return g_test_run ();
}
