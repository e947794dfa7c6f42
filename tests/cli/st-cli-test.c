/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "st-cli-test.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <openssl/evp.h>
#include <sqlite3.h>
#include <string.h>
#include <unistd.h>

#ifdef ST_TEST_HAVE_POSTGRESQL
#include "pg-server.h"
#endif

static char *template_dir;
static char *template_db;
/* With STROMA_TEST_BACKEND=postgresql: the template site is a database on
 * the test server, and each fixture a copy of it (CREATE DATABASE ... TEMPLATE). */
#ifdef ST_TEST_HAVE_POSTGRESQL
static char *template_dbname;
#endif

#ifdef ST_TEST_HAVE_POSTGRESQL
static gboolean
on_server (void)
{
  return st_test_pg_wanted ();
}

static gboolean
is_server_location (const char *db)
{
  return g_str_has_prefix (db, "postgresql://") || g_str_has_prefix (db, "postgres://");
}
#endif

static const char *
stromactl (void)
{
  const char *path = g_getenv ("STROMACTL");
  g_assert_nonnull (path);
  return path;
}

/* Without a controlling terminal stromactl can never stop to ask. */
static void
detach_terminal (gpointer user_data)
{
  setsid ();
}

int
st_cli_run_env (StCliFixture       *fixture,
                const char         *user,
                const char         *password,
                const char * const *extra_env,
                char              **out,
                char              **err,
                const char * const *args)
{
  g_auto(GStrv) env = g_get_environ ();
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *stdout_text = NULL;
  g_autofree char *stderr_text = NULL;
  g_autoptr(GError) error = NULL;
  int wait_status = 0;

  env = g_environ_setenv (env, "STROMA_DB", fixture->db, TRUE);
  env = g_environ_setenv (env, "LC_ALL", "C.UTF-8", TRUE);
  env = g_environ_unsetenv (env, "LANGUAGE");
  env = g_environ_unsetenv (env, "STROMA_NEW_PASSWORD");
  env = g_environ_unsetenv (env, "STROMA_P12_PASSWORD");
  if (user != NULL)
    env = g_environ_setenv (env, "STROMA_USER", user, TRUE);
  else
    env = g_environ_unsetenv (env, "STROMA_USER");
  if (password != NULL)
    env = g_environ_setenv (env, "STROMA_PASSWORD", password, TRUE);
  else
    env = g_environ_unsetenv (env, "STROMA_PASSWORD");
  for (guint i = 0; extra_env != NULL && extra_env[i] != NULL; i++)
    {
      g_auto(GStrv) pair = g_strsplit (extra_env[i], "=", 2);
      env = g_environ_setenv (env, pair[0], pair[1] ? pair[1] : "", TRUE);
    }

  g_ptr_array_add (argv, (gpointer) stromactl ());
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  g_spawn_sync (fixture->dir, (char **) argv->pdata, env, G_SPAWN_DEFAULT, detach_terminal, NULL,
                &stdout_text, &stderr_text, &wait_status, &error);
  g_assert_no_error (error);
  g_test_message ("stromactl %s -> %d\n%s%s", args[0], WIFEXITED (wait_status) ? WEXITSTATUS (wait_status) : -1,
                  stdout_text, stderr_text);
  g_assert_true (WIFEXITED (wait_status));
  if (out != NULL)
    *out = g_steal_pointer (&stdout_text);
  if (err != NULL)
    *err = g_steal_pointer (&stderr_text);
  return WEXITSTATUS (wait_status);
}

static int
run_va (StCliFixture  *fixture,
        const char    *user,
        char         **out,
        char         **err,
        va_list        args)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new ();
  g_autofree char *password = user ? g_strconcat (user, "-password-1", NULL) : NULL;
  const char *arg;

  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (list, (gpointer) arg);
  g_ptr_array_add (list, NULL);
  return st_cli_run_env (fixture, user, password, NULL, out, err, (const char * const *) list->pdata);
}

int
st_cli_run (StCliFixture  *fixture,
            const char    *user,
            char         **out,
            char         **err,
            ...)
{
  va_list args;
  int status;

  va_start (args, err);
  status = run_va (fixture, user, out, err, args);
  va_end (args);
  return status;
}

JsonNode *
st_cli_run_json (StCliFixture *fixture,
                 const char   *user,
                 int          *status,
                 ...)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new ();
  g_autofree char *password = user ? g_strconcat (user, "-password-1", NULL) : NULL;
  g_autofree char *out = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  const char *arg;
  va_list args;
  int code;

  g_ptr_array_add (list, (gpointer) "--json");
  va_start (args, status);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (list, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (list, NULL);

  code = st_cli_run_env (fixture, user, password, NULL, &out, NULL, (const char * const *) list->pdata);
  g_assert_cmpint (code, <=, 1);
  if (status != NULL)
    *status = code;
  json_parser_load_from_data (parser, out, -1, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
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

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static void
remove_template (void)
{
  if (template_dir != NULL)
    remove_tree (template_dir);
#ifdef ST_TEST_HAVE_POSTGRESQL
  if (template_dbname != NULL)
    st_test_pg_drop_database (template_dbname);
#endif
}

void
st_cli_test_init (void)
{
  StCliFixture fixture = { 0 };
  static const char *const users[][3] = {
    { "operator", "operator", "Jonas Becker" },
    { "operator2", "operator", "Lea Hoffmann" },
    { "reviewer", "reviewer", "Dr. Miriam Schulz" },
    { "qp", "qp", "Dr. Thomas Richter" },
  };
  g_autoptr(GError) error = NULL;

  template_dir = g_dir_make_tmp ("stroma-cli-template-XXXXXX", &error);
  g_assert_no_error (error);
  template_db = g_build_filename (template_dir, "site.db", NULL);
#ifdef ST_TEST_HAVE_POSTGRESQL
  if (on_server ())
    {
      if (st_test_pg_server_uri () == NULL)
        g_error ("STROMA_TEST_BACKEND=postgresql needs STROMA_TEST_PG_URI: a server made by build-aux/pg-test-cluster");
      template_dbname = st_test_pg_create_database (NULL);
      g_free (template_db);
      template_db = st_test_pg_uri_for (template_dbname);
    }
#endif
  atexit (remove_template);
  fixture.dir = template_dir;
  fixture.db = template_db;

  {
    const char *env[] = { "STROMA_NEW_PASSWORD=admin-password-1", NULL };
    const char *args[] = { "init", "--admin", "admin", "--full-name", "Dr. Katrin Weber",
                           "--site", "Test site", NULL };
    g_assert_cmpint (st_cli_run_env (&fixture, NULL, NULL, env, NULL, NULL, args), ==, 0);
  }
  for (guint i = 0; i < G_N_ELEMENTS (users); i++)
    {
      g_autofree char *password = g_strdup_printf ("STROMA_NEW_PASSWORD=%s-password-1", users[i][0]);
      const char *env[] = { password, NULL };
      const char *args[] = { "user", "add", users[i][0], "--role", users[i][1], "--full-name", users[i][2], NULL };
      g_assert_cmpint (st_cli_run_env (&fixture, "admin", "admin-password-1", env, NULL, NULL, args), ==, 0);
    }
  /* Every test starts from a site with one complete, conforming lot. */
  st_cli_make_conforming_lot (&fixture, "operator", ST_CLI_TEST_DONOR, ST_CLI_TEST_LOT);
}

void
st_cli_fixture_set_up (StCliFixture  *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (template_db);
  fixture->dir = g_dir_make_tmp ("stroma-cli-XXXXXX", &error);
  g_assert_no_error (error);
#ifdef ST_TEST_HAVE_POSTGRESQL
  if (on_server ())
    {
      g_autofree char *dbname = st_test_pg_create_database (template_dbname);
      fixture->db = st_test_pg_uri_for (dbname);
      return;
    }
#endif
  fixture->db = g_build_filename (fixture->dir, "site.db", NULL);
  copy_file (template_db, fixture->db);
  g_chmod (fixture->db, 0600);
}

void
st_cli_fixture_tear_down (StCliFixture  *fixture,
                          gconstpointer  data)
{
  remove_tree (fixture->dir);
#ifdef ST_TEST_HAVE_POSTGRESQL
  if (is_server_location (fixture->db))
    {
      g_autofree char *dbname = st_test_pg_dbname_of (fixture->db);
      st_test_pg_drop_database (dbname);
    }
#endif
  g_free (fixture->dir);
  g_free (fixture->db);
}

char *
st_cli_db_digest (const char *db)
{
  sqlite3 *handle = NULL;
  sqlite3_stmt *tables = NULL;
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);

#ifdef ST_TEST_HAVE_POSTGRESQL
  if (is_server_location (db))
    {
      g_autofree char *dbname = st_test_pg_dbname_of (db);
      return st_test_pg_digest (dbname);
    }
#endif
  g_assert_cmpint (sqlite3_open_v2 (db, &handle, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (handle, "SELECT name FROM sqlite_master WHERE type = 'table'"
                                       /* housekeeping: when the file was last checked */
                                       " AND name <> 'maintenance' ORDER BY name",
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
            int len = sqlite3_column_bytes (rows, c);
            g_checksum_update (checksum, (const guchar *) "|", 1);
            if (blob != NULL)
              g_checksum_update (checksum, blob, len);
          }
      sqlite3_finalize (rows);
    }
  sqlite3_finalize (tables);
  sqlite3_close (handle);
  return g_strdup (g_checksum_get_string (checksum));
}

void
st_cli_sqlite_shell (const char *db,
                     const char *sql)
{
  const char *argv[] = { "sqlite3", db, sql, NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  int status = 0;

#ifdef ST_TEST_HAVE_POSTGRESQL
  if (is_server_location (db))
    {
      g_autofree char *dbname = st_test_pg_dbname_of (db);
      g_autofree char *state = NULL;

      /* The same tampering as the owner of the server database would do it. */
      state = st_test_pg_try_sqlite (dbname, sql);
      g_assert_null (state);
      return;
    }
#endif

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
                NULL, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("sqlite3 failed: %s", err);
}

void
st_cli_make_conforming_lot (StCliFixture *fixture,
                            const char   *operator,
                            const char   *donor,
                            const char   *lot)
{
  static const char *const markers[] = {
    "hiv", "hbsag", "anti-hbc", "hcv", "syphilis", "hiv-nat", "hbv-nat", "hcv-nat",
  };
  static const char *const results[][2] = {
    { "appearance", "conforms" }, { "viability", "92.5" }, { "cell_concentration", "2.1" },
    { "cd73", "98.1" }, { "cd90", "99.0" }, { "cd105", "97.4" }, { "cd45", "0.8" }, { "cd34", "0.4" },
    { "cd14", "1.1" }, { "cd19", "0.3" }, { "hla_dr", "0.9" }, { "sterility", "no-growth" },
    { "endotoxin", "0.12" }, { "mycoplasma", "not-detected" }, { "potency_mlr", "54" },
  };

  g_assert_cmpint (st_cli_run (fixture, operator, NULL, NULL, "donor", "add", donor, "--birth-year", "1985",
                               "--sex", "female", "--consent-date", "2026-01-05", NULL), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (markers); i++)
    g_assert_cmpint (st_cli_run (fixture, operator, NULL, NULL, "donor", "test", donor, markers[i], "negative",
                                 "--sampled-on", "2026-01-05", NULL), ==, 0);
  g_assert_cmpint (st_cli_run (fixture, operator, NULL, NULL, "lot", "create", lot, "--donor", donor, NULL), ==, 0);
  g_assert_cmpint (st_cli_run (fixture, operator, NULL, NULL, "passage", "add", lot, "1", "--seeded", "1000000",
                               "--harvested", "9000000", "--seeded-on", "2026-02-01", "--harvested-on", "2026-02-08",
                               NULL), ==, 0);
  g_assert_cmpint (st_cli_run (fixture, operator, NULL, NULL, "passage", "add", lot, "2", "--seeded", "1000000",
                               "--harvested", "12000000", "--seeded-on", "2026-02-09", "--harvested-on", "2026-02-16",
                               NULL), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (results); i++)
    g_assert_cmpint (st_cli_run (fixture, operator, NULL, NULL, "result", "record", lot, results[i][0],
                                 results[i][1], NULL), ==, 0);
}
