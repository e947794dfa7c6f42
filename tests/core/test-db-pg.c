/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "st-db.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "pg-server.h"

/*
 * The PostgreSQL store against the test server (suite 'postgresql'): the
 * connection, statements, transactions, errors, streaming, the schema and
 * its refusals, privileges, and that the schema cannot drift from SQLite's.
 */

typedef struct {
  char *dbname;
  char *location;
  char *dir;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dbname = st_test_pg_create_database (NULL);
  fixture->location = st_test_pg_uri_for (fixture->dbname);
  fixture->dir = g_dir_make_tmp ("stroma-db-pg-XXXXXX", &error);
  g_assert_no_error (error);
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
  st_test_pg_drop_database (fixture->dbname);
  g_free (fixture->dbname);
  g_free (fixture->location);
  g_free (fixture->dir);
}

static StDb *
create (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  StDb *db = st_db_open (fixture->location, ST_DB_OPEN_CREATE, &error);

  g_assert_no_error (error);
  g_assert_nonnull (db);
  return db;
}

static gint64
query_int (StDb       *db,
           const char *sql)
{
  g_autoptr(GError) error = NULL;
  StDbStmt *stmt = st_db_prepare (db, sql, &error);
  gint64 value;

  g_assert_no_error (error);
  g_assert_cmpint (st_db_step (stmt, &error), ==, ST_DB_ROW);
  value = st_db_column_int (stmt, 0);
  st_db_reset (stmt);
  return value;
}

static void
test_create_then_reopen (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  StDb *db = create (fixture);

  g_assert_cmpstr (st_db_backend_name (db), ==, "postgresql");
  g_assert_true (st_db_is_postgresql (db));
  g_assert_cmpint (st_db_schema_version (db), ==, ST_DB_SCHEMA_VERSION);
  g_assert_cmpint (query_int (db, "SELECT seq FROM audit_head WHERE id = 1"), ==, 0);
  st_db_close (db);

  db = st_db_open (fixture->location, ST_DB_OPEN_EXISTING, &error);
  g_assert_no_error (error);
  g_assert_cmpint (st_db_schema_version (db), ==, ST_DB_SCHEMA_VERSION);
  st_db_close (db);

  db = st_db_open (fixture->location, ST_DB_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  g_assert_false (st_db_exec (db, "INSERT INTO site (id, name, cert_language, created_at)"
                                  " VALUES (1, 'x', 'en', 'now')", &error));
  g_assert_error (error, ST_DB_ERROR, ST_DB_ERROR_READONLY);
  st_db_close (db);
}

static void
test_create_refuses_non_empty (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  StDb *db;

  st_test_pg_exec (fixture->dbname, "CREATE TABLE foreign_thing (x integer)");
  db = st_db_open (fixture->location, ST_DB_OPEN_CREATE, &error);
  g_assert_null (db);
  g_assert_error (error, ST_DB_ERROR, ST_DB_ERROR_EXISTS);
  g_assert_nonnull (strstr (error->message, "not empty"));
  g_clear_error (&error);

  /* Not a Stroma database either. */
  db = st_db_open (fixture->location, ST_DB_OPEN_EXISTING, &error);
  g_assert_null (db);
  g_assert_error (error, ST_DB_ERROR, ST_DB_ERROR_CORRUPT);
}

static void
test_create_refuses_a_site (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  StDb *db = create (fixture);

  st_db_close (db);
  /* An empty Stroma schema (an interrupted init) may be used again ... */
  db = create (fixture);
  g_assert_true (st_db_exec (db, "INSERT INTO site (id, name, cert_language, created_at)"
                                 " VALUES (1, 'Site', 'en', '2026-01-01T00:00:00Z')", &error));
  g_assert_no_error (error);
  st_db_close (db);

  /* ... a site never. */
  db = st_db_open (fixture->location, ST_DB_OPEN_CREATE, &error);
  g_assert_null (db);
  g_assert_error (error, ST_DB_ERROR, ST_DB_ERROR_EXISTS);
}

static void
test_empty_database_is_no_site (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  StDb *db = st_db_open (fixture->location, ST_DB_OPEN_EXISTING, &error);

  g_assert_null (db);
  g_assert_error (error, ST_DB_ERROR, ST_DB_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "stromactl init"));
  /* Nothing was made. */
  g_assert_null (st_test_pg_value (fixture->dbname, "SELECT to_regclass ('stroma_schema_version')"));
}

static void
test_newer_schema_refused (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  StDb *db = create (fixture);

  st_db_close (db);
  st_test_pg_exec (fixture->dbname, "INSERT INTO stroma_schema_version VALUES (99, 'later')");
  db = st_db_open (fixture->location, ST_DB_OPEN_EXISTING, &error);
  g_assert_null (db);
  g_assert_error (error, ST_DB_ERROR, ST_DB_ERROR_NEWER_SCHEMA);
}

static void
test_cannot_connect (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  /* A password in the URI never reaches a message. */
  StDb *db = st_db_open ("postgresql://someone:s3cret-word@127.0.0.1:1/nowhere?connect_timeout=2&password=other-s3cret",
                         ST_DB_OPEN_EXISTING, &error);

  g_assert_null (db);
  g_assert_error (error, ST_DB_ERROR, ST_DB_ERROR_CANTOPEN);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "someone@127.0.0.1:1/nowhere"));
  g_assert_null (strstr (error->message, "s3cret"));
}

static void
test_location_display (void)
{
  const char *cases[][2] = {
    { "postgresql://u:pw@h:5432/db?sslmode=require&password=x", "postgresql://u@h:5432/db?sslmode=require" },
    { "postgres://h/db", "postgres://h/db" },
    { "postgresql:///db?host=/run/pg&password=x&user=u", "postgresql:///db?host=/run/pg&user=u" },
    { "postgresql://u@h", "postgresql://u@h" },
    { "/var/lib/stroma/site.db", "/var/lib/stroma/site.db" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *display = st_db_location_display (cases[i][0]);
      g_assert_cmpstr (display, ==, cases[i][1]);
    }
  g_assert_true (st_db_location_is_server ("postgres://h/db"));
  g_assert_false (st_db_location_is_server ("site.db"));
}

static void
test_tls_when_asked (Fixture       *fixture,
                     gconstpointer  data)
{
  StDb *db = create (fixture);

  /* The test server's URI asks for TLS (sslmode=require). */
  if (strstr (fixture->location, "sslmode=require") != NULL)
    g_assert_cmpint (query_int (db, "SELECT CASE WHEN ssl THEN 1 ELSE 0 END FROM pg_stat_ssl"
                                    " WHERE pid = pg_backend_pid ()"), ==, 1);
  st_db_close (db);
}

static void
test_statements_and_transactions (Fixture       *fixture,
                                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  StDb *db = create (fixture);
  const guint8 blob[] = { 0, 1, 2, '\\', 'x', 0xff, 0 };
  const guint8 *read;
  gsize len = 0;
  StDbStmt *stmt;

  g_assert_true (st_db_begin (db, &error));
  stmt = st_db_prepare (db, "INSERT INTO site (id, name, cert_language, created_at, ca_key_sealed) "
                            "VALUES (1, ?, ?, ?, ?) RETURNING id", &error);
  g_assert_no_error (error);
  st_db_bind_text (stmt, 1, "Frankfurt 'quoted' ?");
  st_db_bind_text (stmt, 2, "de");
  st_db_bind_text (stmt, 3, "2026-11-26T09:00:00Z");
  st_db_bind_blob (stmt, 4, blob, sizeof blob);
  g_assert_cmpint (st_db_step (stmt, &error), ==, ST_DB_ROW);
  g_assert_cmpint (st_db_column_int (stmt, 0), ==, 1);
  st_db_reset (stmt);

  stmt = st_db_prepare (db, "SELECT name, ca_key_sealed, address, shelf_life_days, '?' || 'x', ?"
                            " FROM site WHERE id = ?", &error);
  g_assert_no_error (error);
  st_db_bind_text (stmt, 1, "param");
  st_db_bind_int (stmt, 2, 1);
  g_assert_cmpint (st_db_step (stmt, &error), ==, ST_DB_ROW);
  g_assert_cmpstr (st_db_column_text (stmt, 0), ==, "Frankfurt 'quoted' ?");
  read = st_db_column_blob (stmt, 1, &len);
  g_assert_cmpmem (read, len, blob, sizeof blob);
  g_assert_true (st_db_column_is_null (stmt, 2));
  g_assert_null (st_db_column_text (stmt, 2));
  g_assert_cmpint (st_db_column_int (stmt, 3), ==, 0);
  g_assert_cmpstr (st_db_column_text (stmt, 4), ==, "?x");
  g_assert_cmpstr (st_db_column_text (stmt, 5), ==, "param");
  g_assert_cmpint (st_db_step (stmt, &error), ==, ST_DB_DONE);
  st_db_rollback (db);

  stmt = st_db_prepare (db, "SELECT count(*) FROM site", &error);
  g_assert_cmpint (st_db_step (stmt, &error), ==, ST_DB_ROW);
  g_assert_cmpint (st_db_column_int (stmt, 0), ==, 0);
  st_db_reset (stmt);
  /* The same SQL comes back as the same, reset statement. */
  g_assert_true (st_db_prepare (db, "SELECT count(*) FROM site", &error) == stmt);

  /* An empty blob is not NULL; rows changed are counted. */
  g_assert_true (st_db_begin (db, &error));
  stmt = st_db_prepare (db, "INSERT INTO site (id, name, cert_language, created_at, ca_key_sealed)"
                            " VALUES (1, 'S', 'en', 'now', ?)", &error);
  st_db_bind_blob (stmt, 1, "", 0);
  g_assert_true (st_db_run (stmt, &error));
  stmt = st_db_prepare (db, "UPDATE site SET address = ? WHERE id = 1", &error);
  st_db_bind_text (stmt, 1, "Main street");
  g_assert_true (st_db_run (stmt, &error));
  g_assert_cmpint (st_db_changes (stmt), ==, 1);
  g_assert_true (st_db_commit (db, &error));
  g_assert_cmpint (query_int (db, "SELECT CASE WHEN ca_key_sealed IS NULL THEN -1"
                                  " ELSE length (ca_key_sealed) END FROM site"), ==, 0);

  /* A statement that fails spoils its transaction, which then cannot commit. */
  g_assert_true (st_db_begin (db, &error));
  stmt = st_db_prepare (db, "INSERT INTO site (id, name, cert_language, created_at) VALUES (2, 'x', 'en', 'now')",
                        &error);
  g_assert_false (st_db_run (stmt, &error));
  g_assert_error (error, ST_DB_ERROR, ST_DB_ERROR_CONSTRAINT);
  g_clear_error (&error);
  g_assert_false (st_db_commit (db, &error));
  g_assert_error (error, ST_DB_ERROR, ST_DB_ERROR_FAILED);
  g_clear_error (&error);
  g_assert_false (st_db_in_transaction (db));
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM site"), ==, 1);
  st_db_close (db);
}

static void
insert_entry (StDb   *db,
              gint64  seq)
{
  g_autoptr(GError) error = NULL;
  StDbStmt *stmt = st_db_prepare (db, "INSERT INTO audit_trail (seq, at, username, action, tbl, record,"
                                      " prev_hash, hash) VALUES (?, 't', 'u', 'a', 't', 'r', 'p', 'h')", &error);

  g_assert_no_error (error);
  st_db_bind_int (stmt, 1, seq);
  g_assert_true (st_db_run (stmt, &error));
  g_assert_no_error (error);
}

static void
assert_refused (StDb       *db,
                const char *sql,
                const char *fragment)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (st_db_exec (db, sql, &error));
  g_assert_error (error, ST_DB_ERROR, ST_DB_ERROR_CONSTRAINT);
  if (strstr (error->message, fragment) == NULL)
    g_test_message ("'%s' not in '%s'", fragment, error->message);
  g_assert_nonnull (strstr (error->message, fragment));
}

static void
test_append_only_tables (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  StDb *db = create (fixture);

  insert_entry (db, 1);
  assert_refused (db, "UPDATE audit_trail SET action = 'x'", "append-only");
  assert_refused (db, "DELETE FROM audit_trail", "append-only");
  assert_refused (db, "TRUNCATE audit_trail", "append-only");
  assert_refused (db, "DELETE FROM audit_head", "cannot be removed");
  assert_refused (db, "UPDATE audit_head SET seq = 0", "only moves forward");
  g_assert_true (st_db_exec (db, "UPDATE audit_head SET seq = 1, hash = 'h'", &error));
  g_assert_no_error (error);

  /* The conditional triggers refuse only what SQLite's refuse. */
  g_assert_true (st_db_exec (db,
    "INSERT INTO users (id, username, full_name, roles, pw_salt, pw_iterations, pw_verifier, pw_changed_at,"
    " created_at) VALUES (1, 'u', 'U', 'qp', '\\x00', 1, '\\x00', 'now', 'now');"
    "INSERT INTO specs (id, code, version, title, status, document, created_by, created_at)"
    " VALUES (1, 'S', 1, 'T', 'draft', '{}', 1, 'now');"
    "UPDATE specs SET document = '{\"a\": 1}' WHERE id = 1;"
    "UPDATE specs SET status = 'approved', approved_by = 1, approved_at = 'now' WHERE id = 1;"
    "UPDATE specs SET status = 'retired' WHERE id = 1;"
    "INSERT INTO lots (id, lot_number, product, spec_id, status, created_by, created_at)"
    " VALUES (1, 'L', 'P', 1, 'open', 1, 'now');"
    "INSERT INTO deviations (id, lot_id, class, status, text, opened_by, opened_at)"
    " VALUES (1, 1, 'minor', 'open', 'x', 1, 'now');"
    "UPDATE deviations SET status = 'closed', assessment = 'ok' WHERE id = 1;", &error));
  g_assert_no_error (error);
  assert_refused (db, "UPDATE specs SET document = '{}' WHERE id = 1", "approved specification");
  assert_refused (db, "UPDATE deviations SET text = 'y' WHERE id = 1", "closed deviation");
  assert_refused (db, "DELETE FROM lots", "never deleted");
  assert_refused (db, "DELETE FROM users", "never deleted");
  assert_refused (db, "TRUNCATE users CASCADE", "never deleted");
  st_db_close (db);
}

static void
test_streaming (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  StDb *db = create (fixture);
  StDbStmt *rows;
  StDbStmt *other;
  gint64 expected = 0;

  g_assert_true (st_db_begin_read (db, &error));
  rows = st_db_prepare_stream (db, "SELECT g, 'row ' || g FROM generate_series (1, ?) g ORDER BY g", &error);
  g_assert_no_error (error);
  g_assert_true (rows != st_db_prepare (db, "SELECT g, 'row ' || g FROM generate_series (1, ?) g ORDER BY g",
                                        &error));
  st_db_bind_int (rows, 1, 2500);
  /* Other statements run between the steps of a stream. */
  other = st_db_prepare (db, "SELECT ? + 1", &error);
  while (st_db_step (rows, &error) == ST_DB_ROW)
    {
      g_autofree char *text = g_strdup_printf ("row %" G_GINT64_FORMAT, ++expected);
      g_assert_cmpint (st_db_column_int (rows, 0), ==, expected);
      g_assert_cmpstr (st_db_column_text (rows, 1), ==, text);
      st_db_bind_int (other, 1, expected);
      g_assert_cmpint (st_db_step (other, &error), ==, ST_DB_ROW);
      g_assert_cmpint (st_db_column_int (other, 0), ==, expected + 1);
      st_db_reset (other);
    }
  g_assert_no_error (error);
  g_assert_cmpint (expected, ==, 2500);

  /* Stopped half-way, reset and walked again from the start. */
  st_db_bind_int (rows, 1, 1500);
  for (int i = 0; i < 1200; i++)
    g_assert_cmpint (st_db_step (rows, &error), ==, ST_DB_ROW);
  rows = st_db_prepare_stream (db, "SELECT g, 'row ' || g FROM generate_series (1, ?) g ORDER BY g", &error);
  st_db_bind_int (rows, 1, 3);
  g_assert_cmpint (st_db_step (rows, &error), ==, ST_DB_ROW);
  g_assert_cmpint (st_db_column_int (rows, 0), ==, 1);
  st_db_reset (rows);

  /* A walk cut off by the end of its transaction starts afresh. */
  st_db_bind_int (rows, 1, 1500);
  for (int i = 0; i < 1100; i++)
    g_assert_cmpint (st_db_step (rows, &error), ==, ST_DB_ROW);
  st_db_rollback (db);
  g_assert_cmpint (st_db_step (rows, &error), ==, ST_DB_ROW);
  g_assert_no_error (error);
  g_assert_cmpint (st_db_column_int (rows, 0), ==, 1);
  st_db_reset (rows);

  /* Outside a transaction the rows come at once. */
  st_db_bind_int (rows, 1, 1100);
  expected = 0;
  while (st_db_step (rows, &error) == ST_DB_ROW)
    g_assert_cmpint (st_db_column_int (rows, 0), ==, ++expected);
  g_assert_no_error (error);
  g_assert_cmpint (expected, ==, 1100);
  st_db_close (db);
}

static void
test_lost_connection (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  StDb *db = create (fixture);
  gint64 pid = query_int (db, "SELECT pg_backend_pid ()");
  char *kill = g_strdup_printf ("SELECT pg_terminate_backend (%" G_GINT64_FORMAT ")", pid);

  g_assert_true (st_db_begin (db, &error));
  insert_entry (db, 1);
  st_test_pg_exec (NULL, kill);
  g_assert_false (st_db_exec (db, "UPDATE audit_head SET seq = 1, hash = 'h'", &error));
  g_assert_error (error, ST_DB_ERROR, ST_DB_ERROR_CONNECTION);
  g_assert_cmpint (error->code / 100, ==, 4);
  g_clear_error (&error);
  /* Within the transaction there is no way back. */
  g_assert_false (st_db_exec (db, "SELECT 1", &error));
  g_assert_error (error, ST_DB_ERROR, ST_DB_ERROR_CONNECTION);
  g_clear_error (&error);
  st_db_rollback (db);

  /* After it, the next statement connects again, and so does the next
   * transaction after a connection closed while idle; nothing of the lost
   * transaction was written. */
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM audit_trail"), ==, 0);
  pid = query_int (db, "SELECT pg_backend_pid ()");
  g_free (kill);
  kill = g_strdup_printf ("SELECT pg_terminate_backend (%" G_GINT64_FORMAT ")", pid);
  st_test_pg_exec (NULL, kill);
  g_assert_true (st_db_begin (db, &error));
  g_assert_no_error (error);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM audit_trail"), ==, 0);
  insert_entry (db, 1);
  g_assert_true (st_db_commit (db, &error));
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM audit_trail"), ==, 1);
  g_free (kill);
  st_db_close (db);
}

static void
test_busy_writer (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  StDb *db = create (fixture);
  StDb *other = st_db_open (fixture->location, ST_DB_OPEN_EXISTING, &error);
  StDbStmt *head;

  g_assert_no_error (error);
  g_assert_true (st_db_exec (other, "SET lock_timeout = '200ms'", &error));
  g_assert_true (st_db_begin (db, &error));
  head = st_db_prepare (db, "SELECT seq FROM audit_head WHERE id = 1 FOR UPDATE", &error);
  g_assert_cmpint (st_db_step (head, &error), ==, ST_DB_ROW);
  st_db_reset (head);

  g_assert_true (st_db_begin (other, &error));
  head = st_db_prepare (other, "SELECT seq FROM audit_head WHERE id = 1 FOR UPDATE", &error);
  g_assert_cmpint (st_db_step (head, &error), ==, ST_DB_FAILED);
  g_assert_error (error, ST_DB_ERROR, ST_DB_ERROR_BUSY);
  st_db_rollback (other);
  st_db_rollback (db);
  st_db_close (other);
  st_db_close (db);
}

/* The application's role may add and read, never change history. */
static void
test_application_role (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *owner = g_strdup_printf ("%s_owner", fixture->dbname);
  g_autofree char *app = g_strdup_printf ("%s_app", fixture->dbname);
  g_autofree char *sql = NULL;
  g_autofree char *owner_location = NULL;
  g_autofree char *app_location = NULL;
  g_autofree char *owned_db = g_strdup_printf ("%s_owned", fixture->dbname);
  StDb *db;

  st_test_pg_exec (NULL, "DO $$ BEGIN CREATE ROLE stroma_app NOLOGIN;"
                         " EXCEPTION WHEN duplicate_object THEN NULL; END $$");
  sql = g_strdup_printf ("CREATE ROLE %s LOGIN; CREATE ROLE %s LOGIN IN ROLE stroma_app;"
                         " CREATE DATABASE %s OWNER %s", owner, app, owned_db, owner);
  {
    g_auto(GStrv) statements = g_strsplit (sql, ";", -1);
    for (guint i = 0; statements[i] != NULL; i++)
      st_test_pg_exec (NULL, statements[i]);
  }
  {
    g_autofree char *base = st_test_pg_uri_for (owned_db);
    const char *authority = strstr (base, "://") + 3;
    const char *at = strchr (authority, '@');
    g_autofree char *prefix = g_strndup (base, authority - base);
    const char *rest = at ? at + 1 : authority;

    owner_location = g_strdup_printf ("%s%s@%s", prefix, owner, rest);
    app_location = g_strdup_printf ("%s%s@%s", prefix, app, rest);
  }

  /* The application's role cannot make the schema ... */
  db = st_db_open (app_location, ST_DB_OPEN_CREATE, &error);
  g_assert_null (db);
  g_assert_error (error, ST_DB_ERROR, ST_DB_ERROR_READONLY);
  g_test_message ("%s", error->message);
  g_clear_error (&error);

  /* ... the owner can; the application's role then works with it. */
  db = st_db_open (owner_location, ST_DB_OPEN_CREATE, &error);
  g_assert_no_error (error);
  st_db_close (db);
  db = st_db_open (app_location, ST_DB_OPEN_EXISTING, &error);
  g_assert_no_error (error);
  g_assert_true (st_db_exec (db, "INSERT INTO site (id, name, cert_language, created_at)"
                                 " VALUES (1, 'Site', 'en', 'now')", &error));
  g_assert_true (st_db_exec (db, "UPDATE site SET address = 'x'", &error));
  g_assert_no_error (error);
  insert_entry (db, 1);
  g_assert_true (st_db_exec (db, "UPDATE audit_head SET seq = 1, hash = 'h'", &error));
  g_assert_no_error (error);
  g_assert_cmpint (query_int (db, "SELECT seq FROM audit_head WHERE id = 1 FOR UPDATE"), ==, 1);

  /* History is out of its reach by privilege, before any trigger. */
  {
    const char *refused[] = {
      "UPDATE audit_trail SET action = 'x'",
      "DELETE FROM audit_trail",
      "TRUNCATE audit_trail",
      "DELETE FROM site",
      "UPDATE results SET value = '1'",
      "ALTER TABLE audit_trail DISABLE TRIGGER audit_trail_no_update",
      "DROP TRIGGER audit_trail_no_update ON audit_trail",
      "DROP TABLE audit_trail",
      "SELECT stroma_grant_application ('public')",
    };
    for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
      {
        g_assert_false (st_db_exec (db, refused[i], &error));
        g_test_message ("%s: %s", refused[i], error->message);
        g_assert_error (error, ST_DB_ERROR, ST_DB_ERROR_READONLY);
        g_clear_error (&error);
      }
  }
  st_db_close (db);

  {
    g_autofree char *drop = g_strdup_printf ("DROP DATABASE %s WITH (FORCE)", owned_db);
    g_autofree char *drop_owner = g_strdup_printf ("DROP ROLE %s", owner);
    g_autofree char *drop_app = g_strdup_printf ("DROP ROLE %s", app);
    st_test_pg_exec (NULL, drop);
    st_test_pg_exec (NULL, drop_owner);
    st_test_pg_exec (NULL, drop_app);
  }
}

/* "name: (columns)" without spaces; NULLS FIRST is SQLite's order anyway. */
static char *
index_key (const char *name,
           const char *columns)
{
  GString *key = g_string_new (name);

  g_string_append (key, ": ");
  for (const char *p = columns; *p != '\0'; p++)
    if (!g_ascii_isspace (*p))
      g_string_append_c (key, *p);
  g_string_replace (key, "NULLSFIRST", "", 0);
  return g_string_free (key, FALSE);
}

/* Table -> "column kind notnull" lines of one engine's schema. */
static char *
sqlite_schema_text (const char *path,
                    GStrv      *indexes,
                    GStrv      *triggers)
{
  sqlite3 *handle = NULL;
  sqlite3_stmt *stmt = NULL;
  GString *text = g_string_new (NULL);
  g_autoptr(GStrvBuilder) index_names = g_strv_builder_new ();
  g_autoptr(GStrvBuilder) trigger_names = g_strv_builder_new ();

  g_assert_cmpint (sqlite3_open_v2 (path, &handle, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (handle,
    "SELECT m.name, c.name, upper (c.type), c.\"notnull\" OR c.pk > 0"
    " FROM sqlite_master m, pragma_table_info (m.name) c"
    " WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite%' ORDER BY m.name, c.name", -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *type = (const char *) sqlite3_column_text (stmt, 2);
      const char *kind = strstr (type, "INT") ? "integer" : strstr (type, "BLOB") ? "blob" : "text";
      g_string_append_printf (text, "%s.%s %s%s\n", sqlite3_column_text (stmt, 0), sqlite3_column_text (stmt, 1),
                              kind, sqlite3_column_int (stmt, 3) ? " not null" : "");
    }
  sqlite3_finalize (stmt);
  g_assert_cmpint (sqlite3_prepare_v2 (handle,
    "SELECT type, name, sql FROM sqlite_master WHERE type IN ('index', 'trigger') AND sql IS NOT NULL ORDER BY name",
    -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *name = (const char *) sqlite3_column_text (stmt, 1);

      if (g_str_equal ((const char *) sqlite3_column_text (stmt, 0), "trigger"))
        g_strv_builder_add (trigger_names, name);
      else
        {
          g_autofree char *key = index_key (name, strchr (strstr ((const char *) sqlite3_column_text (stmt, 2),
                                                                  " ON "), '('));
          g_strv_builder_add (index_names, key);
        }
    }
  sqlite3_finalize (stmt);
  sqlite3_close (handle);
  *indexes = g_strv_builder_end (index_names);
  *triggers = g_strv_builder_end (trigger_names);
  return g_string_free (text, FALSE);
}

static char *
pg_schema_text (StDb   *db,
                GStrv  *indexes,
                GStrv  *triggers)
{
  g_autoptr(GError) error = NULL;
  GString *text = g_string_new (NULL);
  g_autoptr(GStrvBuilder) index_names = g_strv_builder_new ();
  g_autoptr(GStrvBuilder) trigger_names = g_strv_builder_new ();
  StDbStmt *stmt = st_db_prepare (db,
    "SELECT table_name, column_name,"
    " CASE WHEN data_type IN ('bigint', 'integer', 'smallint') THEN 'integer'"
    "      WHEN data_type = 'bytea' THEN 'blob' ELSE data_type END,"
    " is_nullable"
    " FROM information_schema.columns WHERE table_schema = current_schema ()"
    " AND table_name <> 'stroma_schema_version' ORDER BY table_name COLLATE \"C\", column_name COLLATE \"C\"",
    &error);

  g_assert_no_error (error);
  while (st_db_step (stmt, &error) == ST_DB_ROW)
    g_string_append_printf (text, "%s.%s %s%s\n", st_db_column_text (stmt, 0), st_db_column_text (stmt, 1),
                            st_db_column_text (stmt, 2),
                            g_str_equal (st_db_column_text (stmt, 3), "NO") ? " not null" : "");
  g_assert_no_error (error);
  stmt = st_db_prepare (db, "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema ()",
                        &error);
  while (st_db_step (stmt, &error) == ST_DB_ROW)
    {
      g_autofree char *key = index_key (st_db_column_text (stmt, 0),
                                        strstr (st_db_column_text (stmt, 1), " USING btree ") + 13);
      g_strv_builder_add (index_names, key);
    }
  stmt = st_db_prepare (db, "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal", &error);
  while (st_db_step (stmt, &error) == ST_DB_ROW)
    g_strv_builder_add (trigger_names, st_db_column_text (stmt, 0));
  g_assert_no_error (error);
  *indexes = g_strv_builder_end (index_names);
  *triggers = g_strv_builder_end (trigger_names);
  return g_string_free (text, FALSE);
}

/* Whoever changes one schema must change the other: same tables, columns,
 * kinds and NOT NULLs; every SQLite index has its namesake on the same
 * columns, every SQLite trigger its namesake. */
static void
test_schema_matches_sqlite (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (fixture->dir, "site.db", NULL);
  StDb *sqlite = st_db_open (path, ST_DB_OPEN_CREATE, &error);
  StDb *pg = create (fixture);
  g_auto(GStrv) sqlite_indexes = NULL;
  g_auto(GStrv) sqlite_triggers = NULL;
  g_auto(GStrv) pg_indexes = NULL;
  g_auto(GStrv) pg_triggers = NULL;
  g_autofree char *sqlite_text = NULL;
  g_autofree char *pg_text = NULL;

  g_assert_no_error (error);
  st_db_close (sqlite);
  sqlite_text = sqlite_schema_text (path, &sqlite_indexes, &sqlite_triggers);
  pg_text = pg_schema_text (pg, &pg_indexes, &pg_triggers);
  g_assert_cmpstr (pg_text, ==, sqlite_text);
  g_assert_cmpuint (g_strv_length (sqlite_indexes), >, 10);
  for (guint i = 0; sqlite_indexes[i] != NULL; i++)
    {
      if (!g_strv_contains ((const char * const *) pg_indexes, sqlite_indexes[i]))
        g_test_message ("index %s is missing on PostgreSQL", sqlite_indexes[i]);
      g_assert_true (g_strv_contains ((const char * const *) pg_indexes, sqlite_indexes[i]));
    }
  g_assert_cmpuint (g_strv_length (sqlite_triggers), >, 10);
  for (guint i = 0; sqlite_triggers[i] != NULL; i++)
    {
      if (!g_strv_contains ((const char * const *) pg_triggers, sqlite_triggers[i]))
        g_test_message ("trigger %s is missing on PostgreSQL", sqlite_triggers[i]);
      g_assert_true (g_strv_contains ((const char * const *) pg_triggers, sqlite_triggers[i]));
    }
  st_db_close (pg);
}

/* Copies both ways keep every row and key; keys then continue after them. */
static void
test_copy_and_backup (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (fixture->dir, "site.db", NULL);
  g_autofree char *back = g_build_filename (fixture->dir, "back.db", NULL);
  const guint8 salt[] = { 0, 200, 7 };
  StDb *sqlite = st_db_open (path, ST_DB_OPEN_CREATE, &error);
  StDb *pg = create (fixture);
  StDb *copy;
  StDbStmt *stmt;
  g_autoptr(GPtrArray) counts = NULL;
  g_autoptr(GPtrArray) copied = NULL;

  g_assert_no_error (error);
  g_assert_true (st_db_exec (sqlite,
    "INSERT INTO audit_trail (seq, at, username, action, tbl, record, prev_hash, hash)"
    " VALUES (1, 't', 'u', 'a', 't', 'r', 'p', 'h1'), (2, 't', 'u', 'a', 't', 'r', 'h1', 'h2');"
    "UPDATE audit_head SET seq = 2, hash = 'h2';", &error));
  stmt = st_db_prepare (sqlite, "INSERT INTO users (id, username, full_name, roles, pw_salt, pw_iterations,"
                                " pw_verifier, pw_changed_at, created_at) VALUES (7, 'u', 'U', 'qp', ?, 1, ?, 'n', 'n')",
                        &error);
  st_db_bind_blob (stmt, 1, salt, sizeof salt);
  st_db_bind_blob (stmt, 2, "", 0);
  g_assert_true (st_db_run (stmt, &error));
  g_assert_no_error (error);

  g_assert_true (st_db_begin (sqlite, &error));
  g_assert_true (st_db_begin (pg, &error));
  if (!st_db_copy (sqlite, pg, &error))
    g_error ("copy: %s", error->message);
  g_assert_no_error (error);
  g_assert_true (st_db_reset_keys (pg, &error));
  g_assert_true (st_db_commit (pg, &error));
  st_db_rollback (sqlite);

  g_assert_cmpint (query_int (pg, "SELECT seq FROM audit_head"), ==, 2);
  g_assert_cmpint (query_int (pg, "SELECT length (pw_salt) FROM users WHERE id = 7"), ==, 3);
  g_assert_cmpint (query_int (pg, "SELECT get_byte (pw_salt, 1) FROM users WHERE id = 7"), ==, 200);
  g_assert_cmpint (query_int (pg, "SELECT length (pw_verifier) FROM users WHERE id = 7"), ==, 0);
  stmt = st_db_prepare (pg, "INSERT INTO users (username, full_name, roles, pw_salt, pw_iterations, pw_verifier,"
                            " pw_changed_at, created_at) VALUES ('v', 'V', 'qp', '\\x00', 1, '\\x00', 'n', 'n')"
                            " RETURNING id", &error);
  g_assert_cmpint (st_db_step (stmt, &error), ==, ST_DB_ROW);
  g_assert_cmpint (st_db_column_int (stmt, 0), ==, 8);
  st_db_reset (stmt);

  /* A second copy into a site that has rows is refused. */
  g_assert_true (st_db_begin (sqlite, &error));
  g_assert_true (st_db_begin (pg, &error));
  g_assert_false (st_db_copy (sqlite, pg, &error));
  g_assert_error (error, ST_DB_ERROR, ST_DB_ERROR_EXISTS);
  g_clear_error (&error);
  st_db_rollback (pg);
  st_db_rollback (sqlite);

  /* The backup of a server database is a SQLite file of the same rows. */
  g_assert_true (st_db_backup_to (pg, back, &error));
  g_assert_no_error (error);
  g_assert_false (st_db_backup_to (pg, back, &error));
  g_assert_error (error, ST_DB_ERROR, ST_DB_ERROR_EXISTS);
  g_clear_error (&error);
  copy = st_db_open (back, ST_DB_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  counts = st_db_count_rows (pg, &error);
  copied = st_db_count_rows (copy, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (counts->len, ==, copied->len);
  for (guint i = 0; i < counts->len; i++)
    {
      StDbTableCount *a = g_ptr_array_index (counts, i);
      StDbTableCount *b = g_ptr_array_index (copied, i);
      g_assert_cmpstr (a->table, ==, b->table);
      g_assert_cmpint (a->rows, ==, b->rows);
    }
  g_assert_cmpint (query_int (copy, "SELECT count(*) FROM users"), ==, 2);
  g_assert_cmpint (query_int (copy, "SELECT seq FROM audit_head"), ==, 2);
  {
    char *problem = NULL;
    g_assert_true (st_db_check_integrity (pg, &problem, &error));
    g_assert_null (problem);
  }
  st_db_close (copy);
  st_db_close (sqlite);
  st_db_close (pg);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/db-pg/location-display", test_location_display);
  if (!st_test_pg_require ())
    return g_test_run ();
#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/core/db-pg/create-then-reopen", test_create_then_reopen);
  ADD ("/core/db-pg/create-refuses-non-empty", test_create_refuses_non_empty);
  ADD ("/core/db-pg/create-refuses-a-site", test_create_refuses_a_site);
  ADD ("/core/db-pg/empty-database-is-no-site", test_empty_database_is_no_site);
  ADD ("/core/db-pg/newer-schema", test_newer_schema_refused);
  ADD ("/core/db-pg/cannot-connect", test_cannot_connect);
  ADD ("/core/db-pg/tls", test_tls_when_asked);
  ADD ("/core/db-pg/statements-and-transactions", test_statements_and_transactions);
  ADD ("/core/db-pg/append-only", test_append_only_tables);
  ADD ("/core/db-pg/streaming", test_streaming);
  ADD ("/core/db-pg/lost-connection", test_lost_connection);
  ADD ("/core/db-pg/busy-writer", test_busy_writer);
  ADD ("/core/db-pg/application-role", test_application_role);
  ADD ("/core/db-pg/schema-matches-sqlite", test_schema_matches_sqlite);
  ADD ("/core/db-pg/copy-and-backup", test_copy_and_backup);
  return g_test_run ();
}
