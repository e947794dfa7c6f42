/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "st-cli-test.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

/*
 * Someone edits the database file behind Stroma's back with the sqlite3
 * shell (dropping the protecting trigger first): `audit verify` must exit 1
 * and name the first bad entry.  Files that are not (this version's) Stroma
 * databases are refused with exit 4.
 */

static gint64
query_int (const char *db,
           const char *sql)
{
  sqlite3 *handle = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_open_v2 (db, &handle, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (handle, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (handle);
  return value;
}

/* The sequence number of the audit entry that recorded LOT-0001's @param. */
static gint64
result_entry (StCliFixture *fixture,
              const char   *param)
{
  g_autofree char *sql = g_strdup_printf ("SELECT a.seq FROM audit_trail a JOIN results r "
                                          "ON a.tbl = 'results' AND a.record = CAST (r.id AS TEXT) "
                                          "WHERE r.param = '%s'", param);
  return query_int (fixture->db, sql);
}

static gint64
last_entry (StCliFixture *fixture)
{
  return query_int (fixture->db, "SELECT max (seq) FROM audit_trail");
}

static void
copy_file (const char *from,
           const char *to)
{
  g_autoptr(GFile) source = g_file_new_for_path (from);
  g_autoptr(GFile) target = g_file_new_for_path (to);
  g_autoptr(GError) error = NULL;

  g_file_copy (source, target, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
}

/* Asserts that `audit verify` finds the trail broken first at @first_bad,
 * for a reason that mentions @why. */
static void
assert_broken_at (StCliFixture *fixture,
                  gint64        first_bad,
                  const char   *why)
{
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *out = NULL;
  g_autofree char *expected = g_strdup_printf ("first bad entry %" G_GINT64_FORMAT ":", first_bad);
  JsonObject *report;
  int status = -1;

  g_assert_cmpint (st_cli_run (fixture, "reviewer", &out, NULL, "audit", "verify", NULL), ==, 1);
  g_assert_nonnull (strstr (out, expected));

  root = st_cli_run_json (fixture, "reviewer", &status, "audit", "verify", NULL);
  g_assert_cmpint (status, ==, 1);
  report = json_node_get_object (root);
  g_assert_false (json_object_get_boolean_member (report, "intact"));
  g_assert_cmpint (json_object_get_int_member (report, "first_bad"), ==, first_bad);
  g_assert_nonnull (strstr (json_object_get_string_member (report, "reason"), why));
}

static void
test_result_value_changed (StCliFixture  *fixture,
                           gconstpointer  data)
{
  gint64 seq = result_entry (fixture, "viability");

  st_cli_sqlite_shell (fixture->db, "DROP TRIGGER results_no_update;"
                       "UPDATE results SET value = '99.5' WHERE param = 'viability';");
  assert_broken_at (fixture, seq, "viability is '99.5' in the records");
}

static void
test_audit_value_edited (StCliFixture  *fixture,
                         gconstpointer  data)
{
  gint64 seq = result_entry (fixture, "cd73");
  g_autofree char *backup = g_build_filename (fixture->dir, "backup.db", NULL);
  g_autofree char *edit_entry = g_strdup_printf ("DROP TRIGGER audit_trail_no_update;"
                                                 "UPDATE audit_trail SET new_value = '96.0' WHERE seq = %"
                                                 G_GINT64_FORMAT ";", seq);

  copy_file (fixture->db, backup);
  st_cli_sqlite_shell (fixture->db, edit_entry);
  assert_broken_at (fixture, seq, "altered");

  /* Changing the record and its entry to match does not help: the hash. */
  copy_file (backup, fixture->db);
  st_cli_sqlite_shell (fixture->db, "DROP TRIGGER results_no_update;"
                       "UPDATE results SET value = '96.0' WHERE param = 'cd73';");
  st_cli_sqlite_shell (fixture->db, edit_entry);
  assert_broken_at (fixture, seq, "altered");
}

static void
test_entry_deleted (StCliFixture  *fixture,
                    gconstpointer  data)
{
  gint64 middle = last_entry (fixture) / 2;
  g_autofree char *sql = g_strdup_printf ("DROP TRIGGER audit_trail_no_delete;"
                                          "DELETE FROM audit_trail WHERE seq = %" G_GINT64_FORMAT ";", middle);

  g_assert_cmpint (middle, >, 1);
  st_cli_sqlite_shell (fixture->db, sql);
  assert_broken_at (fixture, middle, "missing");
}

static void
test_entries_reordered (StCliFixture  *fixture,
                        gconstpointer  data)
{
  gint64 first = result_entry (fixture, "cd90");
  g_autofree char *sql = g_strdup_printf ("DROP TRIGGER audit_trail_no_update;"
                                          "UPDATE audit_trail SET seq = -1 WHERE seq = %" G_GINT64_FORMAT ";"
                                          "UPDATE audit_trail SET seq = %" G_GINT64_FORMAT
                                          " WHERE seq = %" G_GINT64_FORMAT ";"
                                          "UPDATE audit_trail SET seq = %" G_GINT64_FORMAT " WHERE seq = -1;",
                                          first, first, first + 1, first + 1);

  st_cli_sqlite_shell (fixture->db, sql);
  assert_broken_at (fixture, first, "does not link");
}

static void
test_end_cut_off (StCliFixture  *fixture,
                  gconstpointer  data)
{
  gint64 last = last_entry (fixture);
  g_autofree char *backup = g_build_filename (fixture->dir, "backup.db", NULL);
  g_autofree char *sql = g_strdup_printf ("DROP TRIGGER audit_trail_no_delete;"
                                          "DELETE FROM audit_trail WHERE seq > %" G_GINT64_FORMAT ";", last - 3);

  /* audit_head still says where the trail ended. */
  copy_file (fixture->db, backup);
  st_cli_sqlite_shell (fixture->db, sql);
  g_assert_cmpint (query_int (fixture->db, "SELECT seq FROM audit_head"), ==, last);
  assert_broken_at (fixture, last - 2, "without an audit entry");

  /* The last three results go too: only the head tells. */
  copy_file (backup, fixture->db);
  st_cli_sqlite_shell (fixture->db, "DROP TRIGGER results_no_delete;"
                       "DELETE FROM results WHERE id > (SELECT max (id) - 3 FROM results);");
  st_cli_sqlite_shell (fixture->db, sql);
  assert_broken_at (fixture, last - 2, "cut off");
}

static void
assert_storage_failure (StCliFixture *fixture,
                        const char   *db,
                        const char   *message)
{
  const char *args[] = { "--db", db, "lot", "list", NULL };
  g_autofree char *err = NULL;

  g_assert_cmpint (st_cli_run_env (fixture, "operator", ST_TEST_PASSWORD ("operator"), NULL, NULL, &err, args),
                   ==, 4);
  g_assert_true (g_str_has_prefix (err, "stromactl: database: "));
  g_assert_nonnull (strstr (err, message));
  g_assert_cmpint (strchr (err, '\n') - err, ==, strlen (err) - 1);
}

static void
test_not_a_database (StCliFixture  *fixture,
                     gconstpointer  data)
{
  g_autofree char *junk = g_build_filename (fixture->dir, "junk.db", NULL);
  g_autofree char *cut = g_build_filename (fixture->dir, "cut.db", NULL);
  g_autoptr(GRand) rand = g_rand_new_with_seed (26);
  g_autofree guint8 *bytes = g_new (guint8, 16384);
  g_autofree char *contents = NULL;
  gsize length = 0;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < 16384; i++)
    bytes[i] = (guint8) g_rand_int_range (rand, 0, 256);
  g_file_set_contents (junk, (const char *) bytes, 16384, &error);
  g_assert_no_error (error);
  assert_storage_failure (fixture, junk, "restore it from a backup");

  /* A real database cut off in the middle (a full disk, a broken copy). */
  g_file_get_contents (fixture->db, &contents, &length, &error);
  g_assert_no_error (error);
  g_file_set_contents (cut, contents, (gssize) (length / 2), &error);
  g_assert_no_error (error);
  assert_storage_failure (fixture, cut, "restore it from a backup");
}

static void
test_missing_database (StCliFixture  *fixture,
                       gconstpointer  data)
{
  g_autofree char *missing = g_build_filename (fixture->dir, "missing.db", NULL);

  assert_storage_failure (fixture, missing, "does not exist");
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));
}

static void
test_newer_schema (StCliFixture  *fixture,
                   gconstpointer  data)
{
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  st_cli_sqlite_shell (fixture->db, "PRAGMA user_version = 99;");
  before = st_cli_db_digest (fixture->db);
  assert_storage_failure (fixture, fixture->db, "newer");
  after = st_cli_db_digest (fixture->db);
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpint (query_int (fixture->db, "PRAGMA user_version"), ==, 99);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  st_cli_test_init ();
#define ADD(path, func) \
  g_test_add (path, StCliFixture, NULL, st_cli_fixture_set_up, func, st_cli_fixture_tear_down)
  ADD ("/cli/tamper/result-value-changed", test_result_value_changed);
  ADD ("/cli/tamper/audit-value-edited", test_audit_value_edited);
  ADD ("/cli/tamper/entry-deleted", test_entry_deleted);
  ADD ("/cli/tamper/entries-reordered", test_entries_reordered);
  ADD ("/cli/tamper/end-cut-off", test_end_cut_off);
  ADD ("/cli/tamper/not-a-database", test_not_a_database);
  ADD ("/cli/tamper/missing-database", test_missing_database);
  ADD ("/cli/tamper/newer-schema", test_newer_schema);
#undef ADD
  return g_test_run ();
}
