/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "st-cli-test.h"

#include <sqlite3.h>
#include <string.h>

/*
 * Access control end to end: wrong passwords (counted, locking the account
 * after 5), missing roles, disabled accounts and password ageing all exit 3
 * and change nothing but the sign-in bookkeeping.
 */

/* A digest of every table except the sign-in bookkeeping: the users table
 * (failure count, lock) and the audit trail with its head. */
static char *
records_digest (const char *db)
{
  sqlite3 *handle = NULL;
  sqlite3_stmt *tables = NULL;
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);

  g_assert_cmpint (sqlite3_open_v2 (db, &handle, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (handle, "SELECT name FROM sqlite_master WHERE type = 'table' "
                                       "AND name NOT IN ('users', 'audit_trail', 'audit_head', 'maintenance') ORDER BY name",
                                       -1, &tables, NULL), ==, SQLITE_OK);
  while (sqlite3_step (tables) == SQLITE_ROW)
    {
      const char *name = (const char *) sqlite3_column_text (tables, 0);
      g_autofree char *sql = g_strdup_printf ("SELECT * FROM \"%s\"", name);
      sqlite3_stmt *rows = NULL;

      g_checksum_update (checksum, (const guchar *) name, -1);
      g_assert_cmpint (sqlite3_prepare_v2 (handle, sql, -1, &rows, NULL), ==, SQLITE_OK);
      while (sqlite3_step (rows) == SQLITE_ROW)
        for (int c = 0; c < sqlite3_column_count (rows); c++)
          {
            const void *blob = sqlite3_column_blob (rows, c);
            g_checksum_update (checksum, (const guchar *) "|", 1);
            if (blob != NULL)
              g_checksum_update (checksum, blob, sqlite3_column_bytes (rows, c));
          }
      sqlite3_finalize (rows);
    }
  sqlite3_finalize (tables);
  sqlite3_close (handle);
  return g_strdup (g_checksum_get_string (checksum));
}

static int
run_with_password (StCliFixture  *fixture,
                   const char    *user,
                   const char    *password,
                   const char    *new_password,
                   char         **out,
                   char         **err,
                   const char   *const *args)
{
  g_autofree char *variable = new_password ? g_strconcat ("STROMA_NEW_PASSWORD=", new_password, NULL) : NULL;
  const char *env[] = { variable, NULL };

  return st_cli_run_env (fixture, user, password, env, out, err, args);
}

/* The `user list --json` entry of @name, as seen by admin. */
static JsonObject *
user_entry (StCliFixture *fixture,
            JsonNode    **holder,
            const char   *name)
{
  JsonArray *users;

  *holder = st_cli_run_json (fixture, "admin", NULL, "user", "list", NULL);
  users = json_node_get_array (*holder);
  for (guint i = 0; i < json_array_get_length (users); i++)
    {
      JsonObject *user = json_array_get_object_element (users, i);
      if (g_str_equal (json_object_get_string_member (user, "user"), name))
        return user;
    }
  g_assert_not_reached ();
}

static void
test_wrong_password (StCliFixture  *fixture,
                     gconstpointer  data)
{
  const char *args[] = { "donor", "add", "D-0002", "--birth-year", "1980", "--sex", "male", NULL };
  g_autofree char *before = records_digest (fixture->db);
  g_autofree char *after = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonNode) users = NULL;
  g_autoptr(JsonNode) trail = NULL;
  JsonObject *operator;
  JsonArray *entries;
  gboolean logged = FALSE;

  g_assert_cmpint (run_with_password (fixture, "operator", "not-my-password", NULL, NULL, &err, args), ==, 3);
  g_assert_cmpstr (err, ==, "stromactl: password: wrong user name or password\n");
  after = records_digest (fixture->db);
  g_assert_cmpstr (before, ==, after);

  operator = user_entry (fixture, &users, "operator");
  g_assert_cmpint (json_object_get_int_member (operator, "failed_sign_ins"), ==, 1);
  g_assert_false (json_object_get_boolean_member (operator, "locked"));

  trail = st_cli_run_json (fixture, "admin", NULL, "audit", "show", NULL);
  entries = json_node_get_array (trail);
  for (guint i = 0; i < json_array_get_length (entries); i++)
    {
      JsonObject *entry = json_array_get_object_element (entries, i);
      if (g_str_equal (json_object_get_string_member (entry, "action"), "sign-in failed")
          && g_str_equal (json_object_get_string_member (entry, "record"), "operator"))
        logged = TRUE;
    }
  g_assert_true (logged);
  /* The failure entries are chained like every other. */
  g_assert_cmpint (st_cli_run (fixture, "admin", NULL, NULL, "audit", "verify", NULL), ==, 0);
}

static void
test_lockout_and_unlock (StCliFixture  *fixture,
                         gconstpointer  data)
{
  const char *list[] = { "lot", "list", NULL };
  const char *unlock[] = { "user", "unlock", "operator", NULL };
  g_autofree char *before = records_digest (fixture->db);
  g_autofree char *after = NULL;
  g_autoptr(JsonNode) users = NULL;
  JsonObject *operator;

  for (int attempt = 1; attempt <= 5; attempt++)
    {
      g_autofree char *err = NULL;

      g_assert_cmpint (run_with_password (fixture, "operator", "guess", NULL, NULL, &err, list), ==, 3);
      if (attempt < 5)
        g_assert_cmpstr (err, ==, "stromactl: password: wrong user name or password\n");
      else
        {
          /* The message says who can unlock the account. */
          g_assert_true (g_str_has_prefix (err, "stromactl: password: "));
          g_assert_nonnull (strstr (err, "locked after 5 failed sign-ins"));
          g_assert_nonnull (strstr (err, "administrator (admin) can unlock"));
        }
    }

  {
    g_autofree char *err = NULL;
    /* Locked: even the right password is refused. */
    g_assert_cmpint (st_cli_run (fixture, "operator", NULL, &err, "lot", "list", NULL), ==, 3);
    g_assert_true (g_str_has_prefix (err, "stromactl: user: operator is locked"));
    g_assert_nonnull (strstr (err, "administrator (admin) can unlock"));
  }
  operator = user_entry (fixture, &users, "operator");
  g_assert_true (json_object_get_boolean_member (operator, "locked"));
  g_assert_cmpint (json_object_get_int_member (operator, "failed_sign_ins"), ==, 5);
  after = records_digest (fixture->db);
  g_assert_cmpstr (before, ==, after);

  /* Only an administrator unlocks. */
  g_assert_cmpint (run_with_password (fixture, "reviewer", "reviewer-password-1", NULL, NULL, NULL, unlock), ==, 3);
  g_assert_cmpint (run_with_password (fixture, "admin", "admin-password-1", NULL, NULL, NULL, unlock), ==, 0);
  g_assert_cmpint (st_cli_run (fixture, "operator", NULL, NULL, "lot", "list", NULL), ==, 0);
}

static void
test_missing_role (StCliFixture  *fixture,
                   gconstpointer  data)
{
  const char *user_add[] = { "user", "add", "zoe", "--role", "operator", NULL };
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *out = NULL;
  g_autofree char *number = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (st_cli_run (fixture, "operator", &out, NULL, "deviation", "open", ST_CLI_TEST_LOT,
                               "--class", "minor", "--text", "Bag label smudged", NULL), ==, 0);
  number = g_strstrip (g_strdup (out));
  before = st_cli_db_digest (fixture->db);

  g_assert_cmpint (run_with_password (fixture, "operator", "operator-password-1", "zoe-password-1", NULL, &err,
                                      user_add), ==, 3);
  g_assert_true (g_str_has_prefix (err, "stromactl: user add: needs the admin role"));
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (st_cli_run (fixture, "reviewer", NULL, &err, "result", "record", ST_CLI_TEST_LOT,
                               "viability", "93", NULL), ==, 3);
  g_assert_true (g_str_has_prefix (err, "stromactl: result record: needs the operator role"));
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (st_cli_run (fixture, "operator", NULL, &err, "deviation", "close", number,
                               "--assessment", "No impact on the product", NULL), ==, 3);
  g_assert_true (g_str_has_prefix (err, "stromactl: deviation close: needs the reviewer or qp role"));

  after = st_cli_db_digest (fixture->db);
  g_assert_cmpstr (before, ==, after);
}

static void
test_no_user (StCliFixture  *fixture,
              gconstpointer  data)
{
  g_autofree char *before = st_cli_db_digest (fixture->db);
  g_autofree char *after = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (st_cli_run (fixture, NULL, NULL, &err, "lot", "list", NULL), ==, 2);
  g_assert_cmpstr (err, ==, "stromactl: user: name the acting user with --user or STROMA_USER\n");
  after = st_cli_db_digest (fixture->db);
  g_assert_cmpstr (before, ==, after);
}

static void
test_disabled_user (StCliFixture  *fixture,
                    gconstpointer  data)
{
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *err = NULL;

  g_autofree char *trail = NULL;

  g_assert_cmpint (st_cli_run (fixture, "admin", NULL, NULL, "user", "disable", "reviewer", NULL), ==, 0);
  before = records_digest (fixture->db);
  g_assert_cmpint (st_cli_run (fixture, "reviewer", NULL, &err, "lot", "list", NULL), ==, 3);
  g_assert_cmpstr (err, ==, "stromactl: user: reviewer is disabled\n");
  after = records_digest (fixture->db);
  g_assert_cmpstr (before, ==, after);

  /* The refused attempt itself is recorded (Part 11), and nothing else. */
  g_assert_cmpint (st_cli_run (fixture, "admin", &trail, NULL, "audit", "show", NULL), ==, 0);
  g_assert_nonnull (strstr (trail, "sign-in refused"));
  g_assert_nonnull (strstr (trail, "account disabled"));
}

static void
test_expired_password (StCliFixture  *fixture,
                       gconstpointer  data)
{
  const char *list[] = { "lot", "list", NULL };
  const char *passwd[] = { "user", "passwd", NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  st_cli_sqlite_shell (fixture->db, "UPDATE users SET pw_changed_at = "
                       "strftime ('%Y-%m-%dT%H:%M:%SZ', 'now', '-200 days') WHERE username = 'operator';");

  g_assert_cmpint (run_with_password (fixture, "operator", "operator-password-1", NULL, NULL, &err, list), ==, 3);
  g_assert_true (g_str_has_prefix (err, "stromactl: password: the password of operator has expired"));
  g_clear_pointer (&err, g_free);

  /* An expired password may still be changed, and then work goes on. */
  g_assert_cmpint (run_with_password (fixture, "operator", "operator-password-1", "operator-password-2",
                                      &out, NULL, passwd), ==, 0);
  g_assert_cmpstr (out, ==, "Changed the password of operator.\n");
  g_assert_cmpint (run_with_password (fixture, "operator", "operator-password-2", NULL, NULL, NULL, list), ==, 0);
  g_assert_cmpint (run_with_password (fixture, "operator", "operator-password-1", NULL, NULL, NULL, list), ==, 3);
}

static void
test_admin_forces_a_change (StCliFixture  *fixture,
                            gconstpointer  data)
{
  const char *list[] = { "lot", "list", NULL };
  const char *reset[] = { "user", "passwd", "qp", NULL };
  const char *passwd[] = { "user", "passwd", NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  /* Only an administrator resets another user's password. */
  g_assert_cmpint (run_with_password (fixture, "reviewer", "reviewer-password-1", "temporary-password-9",
                                      NULL, NULL, reset), ==, 3);
  g_assert_cmpint (run_with_password (fixture, "admin", "admin-password-1", "temporary-password-9",
                                      &out, NULL, reset), ==, 0);
  g_assert_true (g_str_has_prefix (out, "Reset the password of qp;"));
  g_clear_pointer (&out, g_free);

  g_assert_cmpint (run_with_password (fixture, "qp", "qp-password-1", NULL, NULL, NULL, list), ==, 3);
  g_assert_cmpint (run_with_password (fixture, "qp", "temporary-password-9", NULL, NULL, &err, list), ==, 3);
  g_assert_nonnull (strstr (err, "change it first"));

  g_assert_cmpint (run_with_password (fixture, "qp", "temporary-password-9", "qp-password-2",
                                      &out, NULL, passwd), ==, 0);
  g_assert_cmpstr (out, ==, "Changed the password of qp.\n");
  g_assert_cmpint (run_with_password (fixture, "qp", "qp-password-2", NULL, NULL, NULL, list), ==, 0);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  st_cli_test_init ();
#define ADD(path, func) \
  g_test_add (path, StCliFixture, NULL, st_cli_fixture_set_up, func, st_cli_fixture_tear_down)
  ADD ("/cli/auth/wrong-password", test_wrong_password);
  ADD ("/cli/auth/lockout-and-unlock", test_lockout_and_unlock);
  ADD ("/cli/auth/missing-role", test_missing_role);
  ADD ("/cli/auth/no-user", test_no_user);
  ADD ("/cli/auth/disabled-user", test_disabled_user);
  ADD ("/cli/auth/expired-password", test_expired_password);
  ADD ("/cli/auth/admin-forces-a-change", test_admin_forces_a_change);
#undef ADD
  return g_test_run ();
}
