/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "st-db.h"
#include "st-db-private.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/stat.h>

typedef struct {
  char *dir;
  char *path;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("stroma-db-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "site.db", NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GDir) dir = g_dir_open (fixture->dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (fixture->dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (fixture->dir);
  g_free (fixture->path);
  g_free (fixture->dir);
}

static void
test_create_then_reopen (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  StDb *db = st_db_open (fixture->path, ST_DB_OPEN_CREATE, &error);
  struct stat st;

  g_assert_no_error (error);
  g_assert_nonnull (db);
  g_assert_cmpint (st_db_schema_version (db), ==, ST_DB_SCHEMA_VERSION);
  g_assert_cmpstr (st_db_backend_name (db), ==, "sqlite");
  st_db_close (db);

  /* The file holds keys: owner only. */
  g_assert_cmpint (g_stat (fixture->path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  db = st_db_open (fixture->path, ST_DB_OPEN_EXISTING, &error);
  g_assert_no_error (error);
  g_assert_cmpint (st_db_schema_version (db), ==, ST_DB_SCHEMA_VERSION);
  st_db_close (db);
}

static void
test_create_refuses_existing (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  StDb *db;

  g_assert_true (g_file_set_contents (fixture->path, "keep me", -1, NULL));
  db = st_db_open (fixture->path, ST_DB_OPEN_CREATE, &error);
  g_assert_null (db);
  g_assert_error (error, ST_DB_ERROR, ST_DB_ERROR_EXISTS);
}

static void
test_missing_file_is_not_created (Fixture       *fixture,
                                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  StDb *db = st_db_open (fixture->path, ST_DB_OPEN_EXISTING, &error);

  g_assert_null (db);
  g_assert_error (error, ST_DB_ERROR, ST_DB_ERROR_NOT_FOUND);
  g_assert_false (g_file_test (fixture->path, G_FILE_TEST_EXISTS));
}

static void
test_not_a_database (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = g_strnfill (8192, 'x');
  g_autofree char *after = NULL;
  StDb *db;

  g_assert_true (g_file_set_contents (fixture->path, contents, -1, NULL));
  db = st_db_open (fixture->path, ST_DB_OPEN_EXISTING, &error);
  g_assert_null (db);
  g_assert_error (error, ST_DB_ERROR, ST_DB_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, "backup"));

  /* Nothing was written into it. */
  g_assert_true (g_file_get_contents (fixture->path, &after, NULL, NULL));
  g_assert_cmpstr (after, ==, contents);
}

static void
test_foreign_sqlite_file (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  sqlite3 *handle = NULL;
  StDb *db;

  g_assert_cmpint (sqlite3_open (fixture->path, &handle), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (handle, "CREATE TABLE t (x)", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (handle);

  db = st_db_open (fixture->path, ST_DB_OPEN_EXISTING, &error);
  g_assert_null (db);
  g_assert_error (error, ST_DB_ERROR, ST_DB_ERROR_CORRUPT);
}

static void
test_newer_schema_refused (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  StDb *db = st_db_open (fixture->path, ST_DB_OPEN_CREATE, &error);
  sqlite3 *handle = NULL;

  g_assert_no_error (error);
  st_db_close (db);
  g_assert_cmpint (sqlite3_open (fixture->path, &handle), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (handle, "PRAGMA user_version = 99", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (handle);

  db = st_db_open (fixture->path, ST_DB_OPEN_EXISTING, &error);
  g_assert_null (db);
  g_assert_error (error, ST_DB_ERROR, ST_DB_ERROR_NEWER_SCHEMA);
}

static void
test_statements_and_transactions (Fixture       *fixture,
                                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  StDb *db = st_db_open (fixture->path, ST_DB_OPEN_CREATE, &error);
  StDbStmt *stmt;

  g_assert_no_error (error);
  g_assert_true (st_db_begin (db, &error));
  stmt = st_db_prepare (db, "INSERT INTO site (id, name, cert_language, created_at) "
                            "VALUES (1, ?, ?, ?) RETURNING id", &error);
  g_assert_no_error (error);
  st_db_bind_text (stmt, 1, "Frankfurt");
  st_db_bind_text (stmt, 2, "de");
  st_db_bind_text (stmt, 3, "2026-11-26T09:00:00Z");
  g_assert_cmpint (st_db_step (stmt, &error), ==, ST_DB_ROW);
  g_assert_cmpint (st_db_column_int (stmt, 0), ==, 1);
  st_db_reset (stmt);
  st_db_rollback (db);

  stmt = st_db_prepare (db, "SELECT count(*) FROM site", &error);
  g_assert_cmpint (st_db_step (stmt, &error), ==, ST_DB_ROW);
  g_assert_cmpint (st_db_column_int (stmt, 0), ==, 0);
  st_db_reset (stmt);

  /* The same SQL comes back as the same, reset statement. */
  g_assert_true (st_db_prepare (db, "SELECT count(*) FROM site", &error) == stmt);
  st_db_close (db);
}

static void
test_append_only_tables (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  StDb *db = st_db_open (fixture->path, ST_DB_OPEN_CREATE, &error);
  StDbStmt *stmt;

  g_assert_no_error (error);
  g_assert_true (st_db_exec (db,
                             "INSERT INTO audit_trail (seq, at, username, action, tbl, record, prev_hash, hash)"
                             " VALUES (1, 't', 'u', 'a', 't', 'r', 'p', 'h')", &error));
  stmt = st_db_prepare (db, "UPDATE audit_trail SET action = 'x'", &error);
  g_assert_false (st_db_run (stmt, &error));
  g_assert_error (error, ST_DB_ERROR, ST_DB_ERROR_CONSTRAINT);
  g_assert_nonnull (strstr (error->message, "append-only"));
  g_clear_error (&error);

  stmt = st_db_prepare (db, "DELETE FROM audit_trail", &error);
  g_assert_false (st_db_run (stmt, &error));
  g_assert_error (error, ST_DB_ERROR, ST_DB_ERROR_CONSTRAINT);
  st_db_close (db);
}

/* Overwrites one page in the middle of the file, as a failing disk would. */
static void
damage_middle_page (const char *path)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_cmpuint (length, >, 16 * 4096);
  memset (contents + (length / 2 / 4096) * 4096, 0x5a, 4096);
  g_assert_true (g_file_set_contents (path, contents, length, NULL));
}

static gboolean
try_write (const char  *path,
           GError     **error)
{
  StDb *db = st_db_open (path, ST_DB_OPEN_EXISTING, error);
  gboolean ok;

  if (db == NULL)
    return FALSE;
  ok = st_db_begin (db, error)
       && st_db_exec (db, "UPDATE site SET name = name", error)
       && st_db_commit (db, error);
  st_db_close (db);
  return ok;
}

static void
test_damage_is_found_before_writing (Fixture       *fixture,
                                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  StDb *db = st_db_open (fixture->path, ST_DB_OPEN_CREATE, &error);
  sqlite3 *handle = NULL;
  g_autofree char *big = g_strnfill (1024 * 1024, 'b');
  sqlite3_stmt *stmt = NULL;

  g_assert_no_error (error);
  g_assert_true (st_db_exec (db, "INSERT INTO site (id, name, cert_language, created_at)"
                                 " VALUES (1, 'Site', 'en', '2026-01-01T00:00:00Z')", &error));
  st_db_close (db);

  /* A file over the size that is checked at every first write: 70 MB. */
  g_assert_cmpint (sqlite3_open (fixture->path, &handle), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (handle, "CREATE TABLE ballast (b BLOB); BEGIN", NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (handle, "INSERT INTO ballast VALUES (?)", -1, &stmt, NULL), ==, SQLITE_OK);
  for (int i = 0; i < 70; i++)
    {
      sqlite3_bind_blob (stmt, 1, big, 1024 * 1024, SQLITE_STATIC);
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
      sqlite3_reset (stmt);
    }
  sqlite3_finalize (stmt);
  g_assert_cmpint (sqlite3_exec (handle, "COMMIT; PRAGMA wal_checkpoint(TRUNCATE);"
                                         "UPDATE maintenance SET integrity_checked_at = NULL;"
                                         "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (handle);

  /* A first write checks the whole file and records when. */
  g_assert_true (try_write (fixture->path, &error));
  g_assert_no_error (error);

  /* Damage within a day of that check goes unnoticed by a write that does
   * not touch it: the price of not reading 70 MB for every entry. */
  damage_middle_page (fixture->path);
  g_assert_true (try_write (fixture->path, &error));
  g_assert_no_error (error);

  /* A day later the check runs again, and the write is refused. */
  g_assert_cmpint (sqlite3_open (fixture->path, &handle), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (handle, "UPDATE maintenance SET integrity_checked_at = '2000-01-01T00:00:00Z'",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (handle);
  g_assert_false (try_write (fixture->path, &error));
  g_assert_error (error, ST_DB_ERROR, ST_DB_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, "restore it from a backup"));
}

/* A query that runs for minutes unless it is stopped. */
#define LONG_QUERY \
  "WITH RECURSIVE c (x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 1000000000)" \
  " SELECT count(*) FROM c"

static gpointer
interrupt_later (gpointer data)
{
  g_usleep (200 * G_TIME_SPAN_MILLISECOND);
  st_db_interrupt (data);
  return NULL;
}

static void
assert_select_one (StDb *db)
{
  g_autoptr(GError) error = NULL;
  StDbStmt *stmt = st_db_prepare (db, "SELECT 1", &error);

  g_assert_no_error (error);
  g_assert_cmpint (st_db_step (stmt, &error), ==, ST_DB_ROW);
  g_assert_no_error (error);
  g_assert_cmpint (st_db_column_int (stmt, 0), ==, 1);
  st_db_reset (stmt);
}

/* st_db_interrupt() from another thread stops a long query with an error of
 * its own; the connection (and its read transaction) stays usable. */
static void
test_interrupt (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  StDb *db = st_db_open (fixture->path, ST_DB_OPEN_CREATE, &error);
  gint64 started;
  StDbStmt *stmt;
  GThread *thread;

  g_assert_no_error (error);
  g_assert_true (st_db_begin_read (db, &error));
  stmt = st_db_prepare (db, LONG_QUERY, &error);
  g_assert_no_error (error);
  started = g_get_monotonic_time ();
  thread = g_thread_new ("interrupt", interrupt_later, db);
  g_assert_cmpint (st_db_step (stmt, &error), ==, ST_DB_FAILED);
  g_thread_join (thread);
  g_assert_error (error, ST_DB_ERROR, ST_DB_ERROR_INTERRUPTED);
  g_clear_error (&error);
  /* Stopped, not run to its end. */
  g_assert_cmpint (g_get_monotonic_time () - started, <, 20 * G_TIME_SPAN_SECOND);
  assert_select_one (db);
  g_assert_true (st_db_commit (db, &error));
  g_assert_no_error (error);

  /* Asked while nothing runs: the next statement is stopped, once. */
  st_db_interrupt (db);
  stmt = st_db_prepare (db, "SELECT 1", &error);
  g_assert_cmpint (st_db_step (stmt, &error), ==, ST_DB_FAILED);
  g_assert_error (error, ST_DB_ERROR, ST_DB_ERROR_INTERRUPTED);
  g_clear_error (&error);
  assert_select_one (db);
  /* A transaction that begins forgets an interrupt meant for the one before. */
  st_db_interrupt (db);
  g_assert_true (st_db_begin_read (db, &error));
  g_assert_no_error (error);
  assert_select_one (db);
  st_db_rollback (db);
  /* Still writable afterwards. */
  g_assert_true (st_db_begin (db, &error));
  g_assert_true (st_db_exec (db, "CREATE TABLE after_interrupt (x INTEGER)", &error));
  g_assert_true (st_db_commit (db, &error));
  g_assert_no_error (error);
  st_db_close (db);
}

/* Only such names are ever written into a statement (copy, counts). */
static void
test_schema_identifiers (void)
{
  g_assert_true (st_db_is_schema_identifier ("audit_trail"));
  g_assert_true (st_db_is_schema_identifier ("_x9"));
  g_assert_false (st_db_is_schema_identifier (""));
  g_assert_false (st_db_is_schema_identifier (NULL));
  g_assert_false (st_db_is_schema_identifier ("9lots"));
  g_assert_false (st_db_is_schema_identifier ("Lots"));
  g_assert_false (st_db_is_schema_identifier ("lots; DROP TABLE users"));
  g_assert_false (st_db_is_schema_identifier ("lots\" x"));
  g_assert_false (st_db_is_schema_identifier ("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/core/db/create-then-reopen", test_create_then_reopen);
  ADD ("/core/db/create-refuses-existing", test_create_refuses_existing);
  ADD ("/core/db/missing-file", test_missing_file_is_not_created);
  ADD ("/core/db/not-a-database", test_not_a_database);
  ADD ("/core/db/foreign-sqlite-file", test_foreign_sqlite_file);
  ADD ("/core/db/newer-schema", test_newer_schema_refused);
  ADD ("/core/db/statements-and-transactions", test_statements_and_transactions);
  ADD ("/core/db/append-only", test_append_only_tables);
  ADD ("/core/db/damage-found-before-writing", test_damage_is_found_before_writing);
  ADD ("/core/db/interrupt", test_interrupt);
#undef ADD
  g_test_add_func ("/core/db/schema-identifiers", test_schema_identifiers);
  return g_test_run ();
}
