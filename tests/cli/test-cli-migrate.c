/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "st-cli-test.h"

#include <glib/gstdio.h>
#include <string.h>

#include "pg-server.h"

/*
 * `migrate-to URI` moves a SQLite site (the fixture) into an empty database
 * of the test server: afterwards every command answers the same there, the
 * signatures and certificates still verify, and both trails record the move.
 * `backup` of a server site writes a SQLite file that verifies on its own.
 */

#define LOT ST_CLI_TEST_LOT

typedef struct {
  StCliFixture cli;
  char *dbname;
  char *uri;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  st_cli_fixture_set_up (&fixture->cli, data);
  fixture->dbname = st_test_pg_create_database (NULL);
  fixture->uri = st_test_pg_uri_for (fixture->dbname);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  st_test_pg_drop_database (fixture->dbname);
  g_free (fixture->dbname);
  g_free (fixture->uri);
  st_cli_fixture_tear_down (&fixture->cli, data);
}

/* stdout of a command on the server site, which must succeed (or say no). */
static char *
on_server (Fixture    *fixture,
           const char *user,
           int         expected,
           ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autofree char *password = g_strconcat (user, "-password-1", NULL);
  char *out = NULL;
  const char *arg;
  va_list list;

  g_ptr_array_add (args, (gpointer) "--db");
  g_ptr_array_add (args, fixture->uri);
  va_start (list, expected);
  while ((arg = va_arg (list, const char *)) != NULL)
    g_ptr_array_add (args, (gpointer) arg);
  va_end (list);
  g_ptr_array_add (args, NULL);
  g_assert_cmpint (st_cli_run_env (&fixture->cli, user, password, NULL, &out, NULL,
                                   (const char * const *) args->pdata), ==, expected);
  return out;
}

static char *
on_file (Fixture    *fixture,
         const char *user,
         int         expected,
         ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autofree char *password = g_strconcat (user, "-password-1", NULL);
  char *out = NULL;
  const char *arg;
  va_list list;

  va_start (list, expected);
  while ((arg = va_arg (list, const char *)) != NULL)
    g_ptr_array_add (args, (gpointer) arg);
  va_end (list);
  g_ptr_array_add (args, NULL);
  g_assert_cmpint (st_cli_run_env (&fixture->cli, user, password, NULL, &out, NULL,
                                   (const char * const *) args->pdata), ==, expected);
  return out;
}

/* The URI with a password in it, which must never be shown or kept. */
static char *
uri_with_password (Fixture *fixture)
{
  const char *authority = strstr (fixture->uri, "://") + 3;
  const char *at = strchr (authority, '@');

  g_assert_nonnull (at);
  return g_strdup_printf ("%.*s:Hidden-s3cret%s", (int) (at - fixture->uri), fixture->uri, at);
}

static void
test_move_to_server (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *with_password = uri_with_password (fixture);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *file_lot = NULL;
  g_autofree char *server_lot = NULL;
  g_autofree char *file_check = NULL;
  g_autofree char *server_check = NULL;
  g_autofree char *file_trail = NULL;
  g_autofree char *server_trail = NULL;
  g_autofree char *verify = NULL;
  g_autofree char *before = NULL;
  g_autoptr(JsonNode) moved = NULL;
  g_autoptr(JsonNode) trail = NULL;
  JsonArray *entries;
  JsonObject *last;

  /* A released lot: signatures, a certificate and their anchors to move. */
  g_assert_cmpint (st_cli_run (&fixture->cli, "operator", NULL, NULL, "lot", "submit", LOT, NULL), ==, 0);
  g_assert_cmpint (st_cli_run (&fixture->cli, "reviewer", NULL, NULL, "lot", "review", LOT, NULL), ==, 0);
  g_assert_cmpint (st_cli_run (&fixture->cli, "qp", NULL, NULL, "lot", "release", LOT, "--out", ".", NULL), ==, 0);

  {
    const char *args[] = { "--json", "migrate-to", with_password, NULL };
    g_assert_cmpint (st_cli_run_env (&fixture->cli, "admin", "admin-password-1", NULL, &out, &err, args), ==, 0);
  }
  g_assert_null (strstr (out, "Hidden-s3cret"));
  moved = json_from_string (out, NULL);
  g_assert_nonnull (moved);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (moved), "target"), ==, fixture->uri);
  g_assert_true (json_object_get_boolean_member (json_node_get_object (moved), "verified"));
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (moved), "audit_entries"), >, 50);

  /* Every answer is the same on the server. */
  file_lot = on_file (fixture, "operator", 0, "--json", "lot", "show", LOT, NULL);
  server_lot = on_server (fixture, "operator", 0, "--json", "lot", "show", LOT, NULL);
  g_assert_cmpstr (server_lot, ==, file_lot);
  file_check = on_file (fixture, "operator", 0, "--json", "lot", "check", LOT, NULL);
  server_check = on_server (fixture, "operator", 0, "--json", "lot", "check", LOT, NULL);
  g_assert_cmpstr (server_check, ==, file_check);
  g_free (on_server (fixture, "operator", 0, "cert", "verify", LOT "-certificate.pdf",
                     LOT "-certificate.pdf.p7s", NULL));
  verify = on_server (fixture, "operator", 0, "audit", "verify", NULL);
  g_assert_nonnull (strstr (verify, "intact"));
  g_free (on_file (fixture, "operator", 0, "audit", "verify", NULL));

  /* Both trails are the same up to the move, which each records. */
  file_trail = on_file (fixture, "admin", 0, "--json", "audit", "show", NULL);
  server_trail = on_server (fixture, "admin", 0, "--json", "audit", "show", NULL);
  g_assert_null (strstr (file_trail, "Hidden-s3cret"));
  g_assert_null (strstr (server_trail, "Hidden-s3cret"));
  trail = json_from_string (server_trail, NULL);
  entries = json_node_get_array (trail);
  last = json_array_get_object_element (entries, json_array_get_length (entries) - 1);
  g_assert_cmpstr (json_object_get_string_member (last, "action"), ==, "migrate");
  g_assert_cmpstr (json_object_get_string_member (last, "field"), ==, "from");
  g_assert_cmpstr (json_object_get_string_member (last, "user"), ==, "admin");
  {
    g_autoptr(JsonNode) file_node = json_from_string (file_trail, NULL);
    JsonArray *file_entries = json_node_get_array (file_node);
    JsonObject *file_last = json_array_get_object_element (file_entries, json_array_get_length (file_entries) - 1);

    g_assert_cmpuint (json_array_get_length (file_entries), ==, json_array_get_length (entries));
    g_assert_cmpstr (json_object_get_string_member (file_last, "action"), ==, "migrate");
    g_assert_cmpstr (json_object_get_string_member (file_last, "field"), ==, "to");
    g_assert_cmpstr (json_object_get_string_member (file_last, "new_value"), ==, fixture->uri);
    /* The entries before the move are the very same, hashes included. */
    for (guint i = 0; i + 1 < json_array_get_length (entries); i++)
      g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (entries, i), "hash"), ==,
                       json_object_get_string_member (json_array_get_object_element (file_entries, i), "hash"));
  }

  /* The server site works on: new keys continue after the copied ones. */
  g_free (on_server (fixture, "operator", 0, "lot", "create", "LOT-0002", "--donor", ST_CLI_TEST_DONOR, NULL));
  g_free (on_server (fixture, "operator", 0, "deviation", "open", "LOT-0002", "--class", "minor",
                     "--text", "Label smudged", NULL));
  g_free (on_server (fixture, "operator", 0, "audit", "verify", NULL));

  /* A second move into the same database is refused and changes nothing. */
  before = st_test_pg_digest (fixture->dbname);
  g_clear_pointer (&err, g_free);
  {
    const char *args[] = { "migrate-to", fixture->uri, NULL };
    g_assert_cmpint (st_cli_run_env (&fixture->cli, "admin", "admin-password-1", NULL, NULL, &err, args), ==, 2);
  }
  g_assert_nonnull (strstr (err, "already exists"));
  {
    g_autofree char *after = st_test_pg_digest (fixture->dbname);
    g_assert_cmpstr (after, ==, before);
  }
}

static void
test_refusals (Fixture       *fixture,
               gconstpointer  data)
{
  g_autofree char *err = NULL;
  g_autofree char *before = st_cli_db_digest (fixture->cli.db);
  g_autofree char *after = NULL;

  /* Not a server URI. */
  g_assert_cmpint (st_cli_run (&fixture->cli, "admin", NULL, &err, "migrate-to", "other.db", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "postgresql://"));
  /* Administrators only. */
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (st_cli_run (&fixture->cli, "operator", NULL, &err, "migrate-to", fixture->uri, NULL), ==, 3);
  /* A database that holds something else. */
  st_test_pg_exec (fixture->dbname, "CREATE TABLE inventory (item text)");
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (st_cli_run (&fixture->cli, "admin", NULL, &err, "migrate-to", fixture->uri, NULL), ==, 2);
  g_assert_nonnull (strstr (err, "not empty"));
  g_assert_null (st_test_pg_value (fixture->dbname, "SELECT to_regclass ('audit_trail')"));
  /* No server there. */
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (st_cli_run (&fixture->cli, "admin", NULL, &err, "migrate-to",
                               "postgresql://nobody@127.0.0.1:1/none?connect_timeout=2", NULL), ==, 4);
  g_assert_nonnull (strstr (err, "cannot connect"));
  /* Nothing of this reached the site's own trail. */
  after = st_cli_db_digest (fixture->cli.db);
  g_assert_cmpstr (after, ==, before);
}

/* A server site is backed up into a SQLite file that stands on its own. */
static void
test_backup_of_server (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *copy = g_build_filename (fixture->cli.dir, "copy.db", NULL);
  g_autofree char *out = NULL;
  g_autofree char *server_lot = NULL;
  g_autofree char *copy_lot = NULL;
  g_autoptr(JsonNode) verified = NULL;
  int status = 0;

  g_free (on_file (fixture, "admin", 0, "migrate-to", fixture->uri, NULL));
  out = on_server (fixture, "admin", 0, "backup", copy, NULL);
  g_assert_nonnull (strstr (out, "audit entries verified"));
  g_assert_true (g_file_test (copy, G_FILE_TEST_IS_REGULAR));

  {
    const char *args[] = { "--db", copy, "--json", "audit", "verify", NULL };
    g_autofree char *json = NULL;
    status = st_cli_run_env (&fixture->cli, "admin", "admin-password-1", NULL, &json, NULL, args);
    verified = json_from_string (json, NULL);
  }
  g_assert_cmpint (status, ==, 0);
  g_assert_true (json_object_get_boolean_member (json_node_get_object (verified), "intact"));
  server_lot = on_server (fixture, "operator", 0, "--json", "lot", "show", LOT, NULL);
  {
    const char *args[] = { "--db", copy, "--json", "lot", "show", LOT, NULL };
    g_assert_cmpint (st_cli_run_env (&fixture->cli, "operator", "operator-password-1", NULL, &copy_lot, NULL, args),
                     ==, 0);
  }
  g_assert_cmpstr (copy_lot, ==, server_lot);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  if (st_test_pg_require ())
    {
      st_cli_test_init ();
      g_test_add ("/cli/migrate/to-server", Fixture, NULL, fixture_set_up, test_move_to_server, fixture_tear_down);
      g_test_add ("/cli/migrate/refusals", Fixture, NULL, fixture_set_up, test_refusals, fixture_tear_down);
      g_test_add ("/cli/migrate/backup-of-server", Fixture, NULL, fixture_set_up, test_backup_of_server,
                  fixture_tear_down);
    }
  return g_test_run ();
}
