/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "st-demo.h"
#include "st-donors.h"
#include "st-lots.h"
#include "st-trail.h"
#include "st-users.h"

#define N_LOTS 40

static const char *const statuses[] = {
  "open", "in_review", "reviewed", "released", "released_initial", "released_exceptional", "rejected",
};

static struct {
  char *dir;
  char *path;
  StDemoSummary summary;
  guint progress_calls;
  guint last_done;
  guint last_total;
} demo;

static void
on_progress (guint    done,
             guint    total,
             gpointer user_data)
{
  demo.progress_calls++;
  g_assert_cmpuint (done, >=, demo.last_done);
  demo.last_done = done;
  demo.last_total = total;
}

static StSession *
sign_in (const char *username)
{
  g_autoptr(GError) error = NULL;
  StSession *session = st_session_open (demo.path, &error);

  g_assert_no_error (error);
  st_session_sign_in (session, username, ST_DEMO_PASSWORD, &error);
  g_assert_no_error (error);
  return session;
}

static gint64
sql_count (const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_open_v2 (demo.path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return value;
}

typedef struct {
  GHashTable *statuses;    /* status -> count */
  GHashTable *verdicts;    /* verdict -> count */
  guint lots;
} Tally;

static void
tally_add (GHashTable *table,
           const char *key)
{
  guint count = GPOINTER_TO_UINT (g_hash_table_lookup (table, key));
  g_hash_table_replace (table, g_strdup (key), GUINT_TO_POINTER (count + 1));
}

static gboolean
tally_lot (const StLotRecord  *lot,
           gpointer            user_data,
           GError            **error)
{
  Tally *tally = user_data;

  tally->lots++;
  tally_add (tally->statuses, lot->status);
  tally_add (tally->verdicts, lot->verdict);
  return TRUE;
}

static void
test_summary (void)
{
  g_autoptr(StSession) admin = sign_in ("admin");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) users = NULL;
  g_autoptr(GPtrArray) donors = NULL;
  guint status_total = 0;

  g_assert_cmpuint (demo.summary.lots, ==, N_LOTS);
  g_assert_cmpuint (demo.summary.users, ==, 5);
  g_assert_cmpuint (demo.progress_calls, >=, 1);
  g_assert_cmpuint (demo.last_done, ==, N_LOTS);
  g_assert_cmpuint (demo.last_total, ==, N_LOTS);

  users = st_users_list (admin, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (users->len, ==, demo.summary.users);
  donors = st_donors_list (admin, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (donors->len, ==, demo.summary.donors);
  g_assert_cmpint (sql_count ("SELECT count(*) FROM lots"), ==, demo.summary.lots);
  g_assert_cmpint (sql_count ("SELECT count(*) FROM certificates"), ==, demo.summary.certificates);
  g_assert_cmpint (sql_count ("SELECT count(*) FROM deviations"), ==, demo.summary.deviations);
  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    status_total += demo.summary.status_counts[i];
  g_assert_cmpuint (status_total, ==, demo.summary.lots);
}

static void
test_statuses (void)
{
  g_autoptr(StSession) operator = sign_in ("operator");
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) by_status = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) by_verdict = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  Tally tally = { by_status, by_verdict, 0 };

  g_assert_true (st_lots_foreach (operator, NULL, tally_lot, &tally, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (tally.lots, ==, demo.summary.lots);

  /* Every state the summary claims is in the database, as many times. */
  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    {
      g_autoptr(GHashTable) one = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      g_autoptr(GHashTable) verdicts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      Tally filtered = { one, verdicts, 0 };
      guint claimed = demo.summary.status_counts[i];

      g_test_message ("%s: %u", statuses[i], claimed);
      g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (by_status, statuses[i])), ==, claimed);
      g_assert_true (st_lots_foreach (operator, statuses[i], tally_lot, &filtered, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (filtered.lots, ==, claimed);
      g_assert_cmpuint (g_hash_table_size (one), <=, 1);
    }

  /* Conforming, out-of-specification and incomplete lots. */
  g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (by_verdict, "conform")), >, 0);
  g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (by_verdict, "oos")), >, 0);
  g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (by_verdict, "incomplete")), >, 0);
}

static void
test_donors (void)
{
  g_autoptr(StSession) qp = sign_in ("qp");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) donors = st_donors_list (qp, &error);
  guint eligible = 0, not_eligible = 0;

  g_assert_no_error (error);
  for (guint i = 0; i < donors->len; i++)
    {
      const StDonorRecord *donor = g_ptr_array_index (donors, i);
      if (g_str_equal (donor->eligibility, "eligible"))
        eligible++;
      else
        not_eligible++;
    }
  g_assert_cmpuint (eligible, >, 0);
  g_assert_cmpuint (not_eligible, >, 0);
  g_assert_cmpint (sql_count ("SELECT count(*) FROM donors WHERE eligibility = 'ineligible'"), >, 0);
}

static void
test_audit_intact (void)
{
  g_autoptr(StSession) reviewer = sign_in ("reviewer");
  g_autoptr(GError) error = NULL;
  StAuditReport report = { 0 };

  g_assert_true (st_trail_verify (reviewer, &report, &error));
  g_assert_no_error (error);
  if (!report.intact)
    g_test_message ("entry %" G_GINT64_FORMAT ": %s", report.first_bad, report.reason);
  g_assert_true (report.intact);
  g_assert_cmpint (report.entries, ==, sql_count ("SELECT count(*) FROM audit_trail"));
  g_assert_cmpint (report.entries, >, demo.summary.lots * 10);
  st_audit_report_clear (&report);
}

static void
test_refuses_existing (void)
{
  g_autoptr(GError) error = NULL;
  StDemoSummary summary = { 0 };

  /* A second demo never overwrites (or removes) a database. */
  g_assert_false (st_demo_create (demo.path, 3, NULL, NULL, &summary, &error));
  g_assert_error (error, ST_DB_ERROR, ST_DB_ERROR_EXISTS);
  g_assert_true (g_file_test (demo.path, G_FILE_TEST_EXISTS));
  g_assert_cmpint (sql_count ("SELECT count(*) FROM lots"), ==, N_LOTS);
}

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *wal = NULL;
  g_autofree char *shm = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  demo.dir = g_dir_make_tmp ("stroma-demo-XXXXXX", &error);
  g_assert_no_error (error);
  demo.path = g_build_filename (demo.dir, "demo.db", NULL);
  st_demo_create (demo.path, N_LOTS, on_progress, NULL, &demo.summary, &error);
  g_assert_no_error (error);

  g_test_add_func ("/core/demo/summary", test_summary);
  g_test_add_func ("/core/demo/statuses", test_statuses);
  g_test_add_func ("/core/demo/donors", test_donors);
  g_test_add_func ("/core/demo/audit-intact", test_audit_intact);
  g_test_add_func ("/core/demo/refuses-existing", test_refuses_existing);
  status = g_test_run ();

  wal = g_strconcat (demo.path, "-wal", NULL);
  shm = g_strconcat (demo.path, "-shm", NULL);
  g_remove (demo.path);
  g_remove (wal);
  g_remove (shm);
  g_rmdir (demo.dir);
  g_free (demo.path);
  g_free (demo.dir);
  return status;
}
