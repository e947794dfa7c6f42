/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/*
 * End-to-end tests run the real stromactl in a temporary folder.  A site
 * with users admin, operator, operator2, reviewer and qp (password
 * "<name>-password-1") and one conforming lot is made once per test binary
 * and copied for each test, so that the strong password hash is paid only
 * for the commands a test runs.
 */

#define ST_TEST_PASSWORD(user) user "-password-1"

/* In the template site: an eligible donor and a lot of it, open, with two
 * passages and every result entered (conforming) by "operator". */
#define ST_CLI_TEST_DONOR "D-0001"
#define ST_CLI_TEST_LOT "LOT-0001"

typedef struct {
  char *dir;
  char *db;
} StCliFixture;

/* Makes the template site (call once in main before g_test_run). */
void     st_cli_test_init          (void);
void     st_cli_fixture_set_up     (StCliFixture  *fixture,
                                    gconstpointer  data);
void     st_cli_fixture_tear_down  (StCliFixture  *fixture,
                                    gconstpointer  data);

/*
 * Runs stromactl with @args (NULL-terminated) as @user with that user's
 * test password (@user NULL: no user or password in the environment).
 * Returns the exit status; @out and @err (optional) receive the output.
 */
int      st_cli_run                (StCliFixture  *fixture,
                                    const char    *user,
                                    char         **out,
                                    char         **err,
                                    ...) G_GNUC_NULL_TERMINATED;
/* The same with an explicit password and extra environment ("NAME=value"). */
int      st_cli_run_env            (StCliFixture  *fixture,
                                    const char    *user,
                                    const char    *password,
                                    const char * const *extra_env,
                                    char         **out,
                                    char         **err,
                                    const char * const *args);
/* Runs with --json and parses stdout; asserts the command succeeded
 * or answered no (exit 0 or 1). */
JsonNode *st_cli_run_json          (StCliFixture  *fixture,
                                    const char    *user,
                                    int           *status,
                                    ...) G_GNUC_NULL_TERMINATED;

/* SHA-256 over every row of every table but the housekeeping one (when the
 * file was last checked for damage): equal digests mean nothing changed. */
char    *st_cli_db_digest          (const char    *db);
/* Runs SQL through the sqlite3 shell, as someone tampering with the file. */
void     st_cli_sqlite_shell       (const char    *db,
                                    const char    *sql);

/* A donor with all markers negative, a lot of it with passages and a full
 * conforming result set, entered by @operator. */
void     st_cli_make_conforming_lot (StCliFixture *fixture,
                                     const char   *operator,
                                     const char   *donor,
                                     const char   *lot);

G_END_DECLS
