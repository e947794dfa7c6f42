/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * The PostgreSQL server of the tests: build-aux/pg-test-cluster starts a
 * throw-away cluster and build-aux/test exports its URI (a superuser's, of
 * the maintenance database) as STROMA_TEST_PG_URI.  Tests of the suite
 * 'postgresql' make a database of their own on it for each fixture.
 */

/* Whether the tests of this binary run against the server: STROMA_TEST_BACKEND=postgresql. */
gboolean  st_test_pg_wanted           (void);
/* STROMA_TEST_PG_URI, or NULL when it is not set. */
const char *st_test_pg_server_uri     (void);
/*
 * For main() of a test that needs the server: when STROMA_TEST_PG_URI is
 * missing, adds one test that fails saying so (such a test must never pass
 * without a server) and returns FALSE.
 */
gboolean  st_test_pg_require          (void);

/* The server URI with its database name replaced by @dbname. */
char     *st_test_pg_uri_for          (const char *dbname);
/* A new database with a unique name (a copy of @template_name when not
 * NULL); returns its name. */
char     *st_test_pg_create_database  (const char *template_name);
void      st_test_pg_drop_database    (const char *dbname);
/* Runs @sql on @dbname as the test superuser; asserts that it succeeded. */
void      st_test_pg_exec             (const char *dbname,
                                       const char *sql);
/* The same; returns the SQLSTATE of the failure, or NULL when it succeeded. */
char     *st_test_pg_try              (const char *dbname,
                                       const char *sql);
/* The first column of the first row (NULL for SQL NULL). */
char     *st_test_pg_value            (const char *dbname,
                                       const char *sql);
/* SHA-256 over every row of every table of @dbname, in a fixed order. */
char     *st_test_pg_digest           (const char *dbname);
/*
 * SQL written for the sqlite3 shell, as tests tamper with a database behind
 * Stroma's back, made to run on the server: statements split outside
 * quotes, "DROP TRIGGER name" given its table, a subquery in FROM given the
 * alias PostgreSQL 15 wants.  st_test_pg_install_sqlite_functions() adds the
 * few SQLite functions such tests use (group_concat, ifnull, julianday,
 * printf of one integer, strftime with 'now' and a modifier) to a database.
 */
char     *st_test_pg_from_sqlite      (const char *dbname,
                                       const char *statement);
/* Runs every statement of @sql; the SQLSTATE of the first failure, or NULL. */
char     *st_test_pg_try_sqlite       (const char *dbname,
                                       const char *sql);
void      st_test_pg_install_sqlite_functions (const char *dbname);
/* The database name of a location made by st_test_pg_uri_for(). */
char     *st_test_pg_dbname_of        (const char *location);

G_END_DECLS
