/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "gui-fixture.h"
#include "gui-lots.h"

#include <glib/gstdio.h>

#include "st-deviations.h"
#include "st-donor-dialog.h"
#include "st-donors.h"
#include "st-history-item.h"
#include "st-record-item.h"
#include "st-spec-diff-row.h"
#include "st-specs.h"
#include "st-user-dialog.h"
#include "st-users.h"

static GuiFixture *fixture;

static StWindow *
signed_in (const char *username)
{
  StWindow *window = gui_fixture_window (fixture);

  gui_sign_in (window, username, GUI_PASSWORD);
  return window;
}

static GtkWidget *
child_of (gpointer    widget,
          GType       type,
          const char *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (widget), type, name);

  g_assert_nonnull (child);
  return GTK_WIDGET (child);
}

/* A second version of MSC-REL: viability >= 75 instead of 70, potency
 * left out, a new item; written next to the database. */
static char *
write_spec_v2 (void)
{
  GError *error = NULL;
  g_autoptr(StSpec) v1 = st_specs_get (fixture->session, "MSC-REL@1", &error);
  g_autofree char *json = NULL;
  char *path = g_build_filename (fixture->folder, "msc-rel-v2.json", NULL);
  StSpecItem *item;

  g_assert_no_error (error);
  for (guint i = 0; i < v1->items->len; i++)
    {
      item = g_ptr_array_index (v1->items, i);
      if (g_str_equal (item->param, "viability"))
        {
          StLimit *limit = g_ptr_array_index (item->limits, 0);
          g_free (limit->value);
          limit->value = g_strdup ("75");
        }
      if (g_str_equal (item->param, "potency_mlr"))
        g_ptr_array_remove_index (v1->items, i--);
    }
  item = st_spec_item_new ();
  item->param = g_strdup ("potency_ido");
  item->test = g_strdup ("Potency (IDO)");
  item->type = ST_ITEM_NUMBER;
  item->limits = g_ptr_array_new_with_free_func ((GDestroyNotify) st_limit_free);
  g_ptr_array_add (v1->items, item);
  json = st_spec_to_json (v1, FALSE);
  g_assert_true (g_file_set_contents (path, json, -1, &error));
  g_assert_no_error (error);
  return path;
}

static guint
count_rows (GtkListBox *list,
            StSpecDiff  diff)
{
  guint n = 0;

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (list)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (ST_IS_SPEC_DIFF_ROW (row) && st_spec_diff_row_get_diff (ST_SPEC_DIFF_ROW (row)) == diff)
      n++;
  return n;
}

static gboolean
signing_done (gpointer data)
{
  return !st_signing_dialog_is_busy (data);
}

static const char *
status_of_spec (const char *ref)
{
  static char status[32];
  GError *error = NULL;
  g_autoptr(StSpec) spec = st_specs_get (fixture->session, ref, &error);

  g_assert_no_error (error);
  g_strlcpy (status, spec->status, sizeof status);
  return status;
}

/* An administrator imports a draft; the versions side by side mark the
 * differences; a QP approves it with a signature. */
static void
test_specifications (void)
{
  g_autofree char *path = write_spec_v2 ();
  g_autoptr(GFile) file = g_file_new_for_path (path);
  StWindow *window = signed_in ("admin");
  StSpecsPage *page = st_window_get_specs_page (window);
  StSigningDialog *dialog;

  g_assert_true (st_window_show_section (window, "specs"));
  g_assert_cmpstr (st_window_get_page_name (window), ==, "specs");
  g_assert_true (gtk_widget_get_visible (child_of (page, ST_TYPE_SPECS_PAGE, "import_button")));
  g_assert_false (gtk_widget_get_visible (child_of (page, ST_TYPE_SPECS_PAGE, "approve_button")));
  g_assert_true (st_specs_page_import_file (page, file));
  g_assert_cmpstr (status_of_spec ("MSC-REL@2"), ==, "draft");

  /* v1 on the left, the new draft on the right: three differences. */
  g_assert_cmpuint (st_specs_page_get_n_differences (page), ==, 3);
  g_assert_cmpuint (count_rows (st_specs_page_get_rows (page), ST_SPEC_DIFF_CHANGED), ==, 1);
  g_assert_cmpuint (count_rows (st_specs_page_get_rows (page), ST_SPEC_DIFF_ADDED), ==, 1);
  g_assert_cmpuint (count_rows (st_specs_page_get_rows (page), ST_SPEC_DIFF_REMOVED), ==, 1);
  /* The same version on both sides differs nowhere. */
  g_assert_true (st_specs_page_compare (page, "MSC-REL@1", "MSC-REL@1"));
  g_assert_cmpuint (st_specs_page_get_n_differences (page), ==, 0);
  /* Importing the same document again is refused, with the core's words. */
  g_assert_false (st_specs_page_import_file (page, file));
  g_assert_cmpstr (st_specs_page_get_error (page), !=, "");
  gui_close_window (window);

  /* The QP approves. */
  window = signed_in ("qp");
  page = st_window_get_specs_page (window);
  g_assert_true (st_window_show_section (window, "specs"));
  g_assert_false (gtk_widget_get_visible (child_of (page, ST_TYPE_SPECS_PAGE, "import_button")));
  g_assert_true (gtk_widget_get_visible (child_of (page, ST_TYPE_SPECS_PAGE, "approve_button")));
  g_assert_true (st_specs_page_compare (page, "MSC-REL@1", "MSC-REL@2"));
  dialog = st_specs_page_approve (page);
  g_assert_nonnull (dialog);
  g_assert_true (g_str_has_prefix (st_signing_dialog_get_meaning (dialog), "Approved: "));
  g_object_ref (dialog);
  st_signing_dialog_sign (dialog, GUI_PASSWORD);
  g_assert_true (gui_wait_until (signing_done, dialog, 30000));
  g_assert_cmpstr (st_signing_dialog_get_error (dialog), ==, "");
  g_object_unref (dialog);
  gui_spin (30);
  g_assert_cmpstr (status_of_spec ("MSC-REL@2"), ==, "approved");
  gui_close_window (window);
}

static gboolean
donors_read (gpointer data)
{
  return !st_donors_page_is_busy (data);
}

/* Operators add donors and record tests; eligibility shows at once. */
static void
test_donors (void)
{
  StWindow *window = signed_in ("operator");
  StDonorsPage *page = st_window_get_donors_page (window);
  static const char *const markers[] = { "hiv", "hbsag", "anti-hbc", "hcv", "syphilis", "hiv-nat", "hbv-nat" };
  g_autofree char *today = gui_date (0);
  GtkWindow *dialog;
  GError *error = NULL;
  g_autoptr(StDonor) donor = NULL;

  g_assert_true (st_window_show_section (window, "donors"));
  g_assert_true (gui_wait_until (donors_read, page, 20000));
  g_assert_cmpuint (g_list_model_get_n_items (st_donors_page_get_model (page)), ==, 2);
  gtk_widget_activate_action (GTK_WIDGET (page), "donors.add", NULL);
  gui_spin (30);
  dialog = gui_find_window (ST_TYPE_DONOR_DIALOG);
  g_assert_nonnull (dialog);
  gtk_editable_set_text (GTK_EDITABLE (child_of (dialog, ST_TYPE_DONOR_DIALOG, "code_entry")), "=G123426000042 00");
  gtk_editable_set_text (GTK_EDITABLE (child_of (dialog, ST_TYPE_DONOR_DIALOG, "birth_year_entry")), "1984");
  gtk_editable_set_text (GTK_EDITABLE (child_of (dialog, ST_TYPE_DONOR_DIALOG, "consent_entry")), today);
  g_signal_emit_by_name (child_of (dialog, ST_TYPE_DONOR_DIALOG, "add_button"), "clicked");
  gui_spin (30);
  g_assert_null (gui_find_window (ST_TYPE_DONOR_DIALOG));
  g_assert_true (gui_wait_until (donors_read, page, 20000));
  g_assert_cmpuint (g_list_model_get_n_items (st_donors_page_get_model (page)), ==, 3);

  /* Incomplete until the last marker is negative. */
  for (guint i = 0; i < G_N_ELEMENTS (markers); i++)
    g_assert_true (st_donors_page_record_test (page, markers[i], "negative", today));
  donor = st_donors_get (fixture->session, "G123426000042", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (donor->record->eligibility, ==, "incomplete");
  g_clear_pointer (&donor, st_donor_free);
  g_assert_true (st_donors_page_record_test (page, "hcv-nat", "negative", today));
  donor = st_donors_get (fixture->session, "G123426000042", &error);
  g_assert_cmpstr (donor->record->eligibility, ==, "eligible");
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (child_of (page, ST_TYPE_DONORS_PAGE, "eligibility_label"))), ==,
                   "Eligible");
  /* A refusal of the core is shown in the form. */
  g_assert_false (st_donors_page_record_test (page, "hiv", "negative", "someday"));
  g_assert_nonnull (strstr (st_donors_page_get_error (page), "someday"));
  gui_close_window (window);
}

/* Deviations are opened by anyone who works on lots, and assessed and
 * closed by reviewers and QPs. */
static void
test_deviations (void)
{
  StWindow *window = signed_in ("reviewer");
  StDeviationsPage *page = st_window_get_deviations_page (window);
  GError *error = NULL;
  gint64 number = 0;
  g_autoptr(GPtrArray) list = NULL;
  const StDeviationRecord *deviation;

  st_deviations_open (fixture->session, "PG-LOT", "minor", "Label printed twice", &number, &error);
  g_assert_no_error (error);
  g_assert_true (st_window_show_section (window, "deviations"));
  g_assert_true (st_deviations_page_select (page, number));
  /* No assessment, no closing. */
  g_assert_false (st_deviations_page_close (page, ""));
  g_assert_nonnull (strstr (st_deviations_page_get_error (page), "assessment"));
  g_assert_true (st_deviations_page_close (page, "Duplicate label destroyed; no impact on the lot"));
  list = st_deviations_list (fixture->session, "PG-LOT", &error);
  g_assert_no_error (error);
  deviation = g_ptr_array_index (list, list->len - 1);
  g_assert_cmpstr (deviation->status, ==, "closed");
  g_assert_cmpstr (deviation->closed_by_name, ==, "reviewer");
  gui_close_window (window);
}

static gboolean
page_idle (gpointer data)
{
  return !st_audit_page_is_busy (data);
}

/* The chain is verified in a worker thread; the filters narrow the list. */
static void
test_audit_trail (void)
{
  StWindow *window = signed_in ("qp");
  StAuditPage *page = st_window_get_audit_page (window);
  GListModel *model = st_audit_page_get_model (page);
  g_autofree char *today = gui_date (0);

  gui_stall_start ();
  g_assert_true (st_window_show_section (window, "audit"));
  g_assert_cmpstr (st_audit_page_get_state (page), ==, "Verifying the audit trail…");
  g_assert_true (gui_wait_until (page_idle, page, 30000));
  gui_stall_check ("audit trail (verified and read in worker threads)", gui_stall_stop ());
  g_assert_cmpstr (st_audit_page_get_state (page), ==, "The audit trail is intact");
  g_assert_cmpuint (g_list_model_get_n_items (model), >, 20);

  st_audit_page_set_filter (page, "PG-LOT", NULL, NULL, NULL);
  g_assert_true (gui_wait_until (page_idle, page, 30000));
  g_assert_cmpuint (g_list_model_get_n_items (model), >, 0);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(StHistoryItem) item = g_list_model_get_item (model, i);
      g_autofree char *lot = NULL;
      g_object_get (item, "lot", &lot, NULL);
      g_assert_cmpstr (lot, ==, "PG-LOT");
    }
  st_audit_page_set_filter (page, NULL, "admin", today, today);
  g_assert_true (gui_wait_until (page_idle, page, 30000));
  g_assert_cmpuint (g_list_model_get_n_items (model), >, 0);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(StHistoryItem) item = g_list_model_get_item (model, i);
      g_autofree char *who = NULL;
      g_object_get (item, "who", &who, NULL);
      g_assert_cmpstr (who, ==, "admin");
    }
  st_audit_page_set_filter (page, NULL, "nobody", NULL, NULL);
  g_assert_true (gui_wait_until (page_idle, page, 30000));
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 0);
  gui_close_window (window);
}

static gboolean
users_idle (gpointer data)
{
  return st_users_page_get_model (data) != NULL && !st_users_page_is_busy (data);
}

static gboolean
dialog_gone (gpointer data)
{
  return gui_find_window (ST_TYPE_USER_DIALOG) == NULL;
}

/* Administrators only: add a user (a key derivation and a key pair, in a
 * worker), unlock a locked account, disable one. */
static void
test_users (void)
{
  StWindow *window = signed_in ("operator");
  StUsersPage *page;
  StUserDialog *dialog;
  GError *error = NULL;
  g_autoptr(StSession) probe = st_session_open (fixture->location, &error);
  g_autoptr(GPtrArray) users = NULL;

  g_assert_no_error (error);
  g_assert_false (st_window_show_section (window, "users"));
  gui_close_window (window);

  /* Five wrong passwords lock the QP account. */
  for (guint i = 0; i < 5; i++)
    {
      g_assert_false (st_session_sign_in (probe, "qp", "wrong-password-1", &error));
      g_clear_error (&error);
    }

  window = signed_in ("admin");
  page = st_window_get_users_page (window);
  g_assert_true (st_window_show_section (window, "users"));
  g_assert_cmpuint (g_list_model_get_n_items (st_users_page_get_model (page)), ==, 4);
  dialog = st_users_page_add_user (page);
  st_user_dialog_add (dialog, "mschulz", "Dr. Miriam Schulz", ST_ROLE_REVIEWER, "a-new-user-password");
  g_assert_true (gui_wait_until (dialog_gone, NULL, 30000));
  g_assert_true (gui_wait_until (users_idle, page, 1000));
  g_assert_cmpuint (g_list_model_get_n_items (st_users_page_get_model (page)), ==, 5);

  g_assert_true (st_users_page_select (page, "qp"));
  g_assert_true (gtk_widget_get_visible (child_of (page, ST_TYPE_USERS_PAGE, "unlock_button")));
  st_users_page_unlock (page);
  g_assert_cmpstr (st_users_page_get_error (page), ==, "");
  g_assert_true (st_users_page_select (page, "mschulz"));
  st_users_page_toggle_disabled (page);
  g_clear_object (&probe);
  probe = gui_fixture_sign_in (fixture, "admin");
  users = st_users_list (probe, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < users->len; i++)
    {
      const StUserRecord *user = g_ptr_array_index (users, i);
      if (g_str_equal (user->username, "qp"))
        g_assert_false (user->locked);
      if (g_str_equal (user->username, "mschulz"))
        {
          g_assert_true (user->disabled);
          g_assert_cmpstr (user->roles, ==, "reviewer");
        }
    }
  gui_close_window (window);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GuiFixture) owned = NULL;

  if (!gui_test_init (&argc, &argv))
    return g_test_run ();
  owned = fixture = gui_fixture_new (0);
  gui_make_lot (fixture, NULL, "PG-LOT", NULL, NULL, 10, GUI_LOT_OPEN);
  g_test_add_func ("/gui/pages/specifications", test_specifications);
  g_test_add_func ("/gui/pages/donors", test_donors);
  g_test_add_func ("/gui/pages/deviations", test_deviations);
  g_test_add_func ("/gui/pages/audit-trail", test_audit_trail);
  g_test_add_func ("/gui/pages/users", test_users);
  return g_test_run ();
}
