/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "st-cli-test.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

/*
 * Someone edits the database file behind Stroma's back with the sqlite3
 * shell (dropping the protecting trigger first): `audit verify` must exit 1
 * and name the first bad entry.  Files that are not (this version's) Stroma
 * databases, damaged ones and missing folders are refused with exit 4, and
 * a damaged file is never written to.
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

static char *
file_sha256 (const char *path)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, length);
}

/* Refused, and left exactly as it was, with no journal made next to it. */
static void
assert_refused_untouched (StCliFixture *fixture,
                          const char   *db)
{
  g_autofree char *before = file_sha256 (db);
  g_autofree char *after = NULL;
  g_autofree char *journal = g_strconcat (db, "-journal", NULL);
  g_autofree char *wal = g_strconcat (db, "-wal", NULL);

  assert_storage_failure (fixture, db, "restore it from a backup");
  after = file_sha256 (db);
  g_assert_cmpstr (before, ==, after);
  g_assert_false (g_file_test (journal, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
}

static void
test_not_a_database (StCliFixture  *fixture,
                     gconstpointer  data)
{
  g_autofree char *junk = g_build_filename (fixture->dir, "junk.db", NULL);
  g_autofree char *cut = g_build_filename (fixture->dir, "cut.db", NULL);
  g_autofree char *empty = g_build_filename (fixture->dir, "empty.db", NULL);
  g_autofree char *text = g_build_filename (fixture->dir, "results.csv", NULL);
  g_autoptr(GRand) rand = g_rand_new_with_seed (26);
  g_autofree guint8 *bytes = g_new (guint8, 16384);
  g_autofree char *contents = NULL;
  gsize length = 0;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < 16384; i++)
    bytes[i] = (guint8) g_rand_int_range (rand, 0, 256);
  g_file_set_contents (junk, (const char *) bytes, 16384, &error);
  g_assert_no_error (error);
  assert_refused_untouched (fixture, junk);

  /* SQLite would take these for new databases and write into them. */
  g_file_set_contents (empty, "", 0, &error);
  g_assert_no_error (error);
  assert_refused_untouched (fixture, empty);
  g_file_set_contents (text, "lot;viability\nLOT-0001;92.5\n", -1, &error);
  g_assert_no_error (error);
  assert_refused_untouched (fixture, text);

  /* A real database cut off in the middle (a full disk, a broken copy). */
  g_file_get_contents (fixture->db, &contents, &length, &error);
  g_assert_no_error (error);
  g_file_set_contents (cut, contents, (gssize) (length / 2), &error);
  g_assert_no_error (error);
  assert_refused_untouched (fixture, cut);
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

static void
test_missing_folder (StCliFixture  *fixture,
                     gconstpointer  data)
{
  g_autofree char *folder = g_build_filename (fixture->dir, "no-such-folder", NULL);
  g_autofree char *db = g_build_filename (folder, "site.db", NULL);
  const char *env[] = { "STROMA_NEW_PASSWORD=boss-password-1", NULL };
  const char *init[] = { "--db", db, "init", "--admin", "boss", NULL };
  g_autofree char *err = NULL;

  /* init makes a database, never the folder someone named. */
  g_assert_cmpint (st_cli_run_env (fixture, NULL, NULL, env, NULL, &err, init), ==, 4);
  g_assert_true (g_str_has_prefix (err, "stromactl: database: "));
  g_assert_nonnull (strstr (err, "folder"));
  g_assert_nonnull (strstr (err, "does not exist"));
  g_assert_cmpint (strchr (err, '\n') - err, ==, strlen (err) - 1);
  g_assert_false (g_file_test (folder, G_FILE_TEST_EXISTS));

  assert_storage_failure (fixture, db, "does not exist");
  g_assert_false (g_file_test (folder, G_FILE_TEST_EXISTS));
}

/* Overwrites @count pages from page @first (numbered from 1) with noise. */
static void
damage_pages (const char *db,
              gint64      first,
              gint64      count,
              gint64      page_size)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (10);
  g_autofree guint8 *noise = g_new (guint8, page_size * count);
  FILE *file = fopen (db, "r+b");

  g_assert_nonnull (file);
  for (gint64 i = 0; i < page_size * count; i++)
    noise[i] = (guint8) g_rand_int_range (rand, 0, 256);
  g_assert_cmpint (fseek (file, (long) ((first - 1) * page_size), SEEK_SET), ==, 0);
  g_assert_cmpuint (fwrite (noise, 1, page_size * count, file), ==, (gsize) (page_size * count));
  g_assert_cmpint (fclose (file), ==, 0);
}

/* A few pages in the middle of the file overwritten (a failing disk, a bad
 * copy): every command refuses with exit 4 and the advice to restore a
 * backup, audit verify cannot say yes, and the file is never written to. */
static void
test_damaged_pages (StCliFixture  *fixture,
                    gconstpointer  data)
{
  static const char *const commands[][9] = {
    { "operator", "lot", "list", NULL },
    { "operator", "lot", "show", ST_CLI_TEST_LOT, NULL },
    { "operator", "lot", "create", "LOT-0002", "--donor", ST_CLI_TEST_DONOR, NULL },
    { "operator", "deviation", "open", ST_CLI_TEST_LOT, "--class", "minor", "--text", "Spill", NULL },
    { "operator", "lot", "submit", ST_CLI_TEST_LOT, NULL },
    { "operator", "donor", "test", ST_CLI_TEST_DONOR, "htlv", "negative", NULL },
    { "admin", "user", "list", NULL },
  };
  g_autofree char *wal = g_strconcat (fixture->db, "-wal", NULL);
  gint64 pages = query_int (fixture->db, "PRAGMA page_count");
  gint64 page_size = query_int (fixture->db, "PRAGMA page_size");
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status;

  g_assert_cmpint (pages, >, 8);
  damage_pages (fixture->db, pages / 2 - 1, 3, page_size);
  before = file_sha256 (fixture->db);

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autofree char *password = g_strconcat (commands[i][0], "-password-1", NULL);

      g_clear_pointer (&err, g_free);
      status = st_cli_run_env (fixture, commands[i][0], password, NULL, NULL, &err, &commands[i][1]);
      g_assert_cmpint (status, ==, 4);
      g_assert_true (g_str_has_prefix (err, "stromactl: database: "));
      g_assert_nonnull (strstr (err, "restore it from a backup"));
      g_assert_cmpint (strchr (err, '\n') - err, ==, strlen (err) - 1);
    }
  g_clear_pointer (&err, g_free);
  status = st_cli_run (fixture, "reviewer", &out, &err, "audit", "verify", NULL);
  g_assert_true (status == 1 || status == 4);
  if (status == 4)
    g_assert_nonnull (strstr (err, "restore it from a backup"));

  after = file_sha256 (fixture->db);
  g_assert_cmpstr (before, ==, after);
  if (g_file_test (wal, G_FILE_TEST_EXISTS))
    {
      GStatBuf buf;
      g_assert_cmpint (g_stat (wal, &buf), ==, 0);
      g_assert_cmpint (buf.st_size, ==, 0);
    }
}

/* A page that the commands below never read (the root of the certificates,
 * of which there are none yet): SQLite itself would not notice, but nothing
 * is written to a damaged file, and the backup refuses to copy it. */
static void
test_damaged_unread_page (StCliFixture  *fixture,
                          gconstpointer  data)
{
  static const char *const writes[][9] = {
    { "operator", "lot", "create", "LOT-0002", "--donor", ST_CLI_TEST_DONOR, NULL },
    { "operator", "deviation", "open", ST_CLI_TEST_LOT, "--class", "minor", "--text", "Spill", NULL },
    { "operator", "donor", "add", "D-0002", "--birth-year", "1990", "--sex", "male", NULL },
    { "admin", "backup", "copy.db", NULL },
  };
  g_autofree char *copy = g_build_filename (fixture->dir, "copy.db", NULL);
  gint64 root = query_int (fixture->db, "SELECT rootpage FROM sqlite_master WHERE name = 'certificates'");
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  damage_pages (fixture->db, root, 1, query_int (fixture->db, "PRAGMA page_size"));
  before = file_sha256 (fixture->db);
  for (guint i = 0; i < G_N_ELEMENTS (writes); i++)
    {
      g_autofree char *password = g_strconcat (writes[i][0], "-password-1", NULL);
      g_autofree char *err = NULL;

      g_assert_cmpint (st_cli_run_env (fixture, writes[i][0], password, NULL, NULL, &err, &writes[i][1]), ==, 4);
      g_assert_nonnull (strstr (err, "damaged"));
      g_assert_nonnull (strstr (err, "restore it from a backup"));
      g_assert_cmpint (strchr (err, '\n') - err, ==, strlen (err) - 1);
    }
  g_assert_false (g_file_test (copy, G_FILE_TEST_EXISTS));
  after = file_sha256 (fixture->db);
  g_assert_cmpstr (before, ==, after);
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
  ADD ("/cli/tamper/missing-folder", test_missing_folder);
  ADD ("/cli/tamper/damaged-pages", test_damaged_pages);
  ADD ("/cli/tamper/damaged-unread-page", test_damaged_unread_page);
#undef ADD
  return g_test_run ();
}
