/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "st-cli-test.h"

#include <string.h>

static void
test_version_and_help (StCliFixture  *fixture,
                       gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (st_cli_run (fixture, NULL, &out, NULL, "--version", NULL), ==, 0);
  g_assert_true (g_str_has_prefix (out, "stromactl "));
  g_clear_pointer (&out, g_free);

  g_assert_cmpint (st_cli_run (fixture, NULL, &out, NULL, "--help", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "lot release"));
  g_assert_nonnull (strstr (out, "audit verify"));
  g_clear_pointer (&out, g_free);

  g_assert_cmpint (st_cli_run (fixture, NULL, &out, NULL, "lot", "create", "--help", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "--donor"));
}

static void
test_usage_errors (StCliFixture  *fixture,
                   gconstpointer  data)
{
  g_autofree char *err = NULL;

  g_assert_cmpint (st_cli_run (fixture, NULL, NULL, &err, "frobnicate", NULL), ==, 2);
  g_assert_true (g_str_has_prefix (err, "stromactl: frobnicate: unknown command"));
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (st_cli_run (fixture, "operator", NULL, &err, "lot", "show", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "missing LOT"));
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (st_cli_run (fixture, "operator", NULL, &err, "lot", "show", "A", "B", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "unexpected argument 'B'"));
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (st_cli_run (fixture, "operator", NULL, &err, "lot", "list", "--colour", NULL), ==, 2);
  g_assert_true (g_str_has_prefix (err, "stromactl: lot list: "));
}

static void
test_init_refuses_an_existing_file (StCliFixture  *fixture,
                                    gconstpointer  data)
{
  const char *env[] = { "STROMA_NEW_PASSWORD=another-password-1", NULL };
  const char *args[] = { "init", "--admin", "root", NULL };
  g_autofree char *before = st_cli_db_digest (fixture->db);
  g_autofree char *after = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (st_cli_run_env (fixture, NULL, NULL, env, NULL, &err, args), ==, 2);
  g_assert_nonnull (strstr (err, "already exists"));
  after = st_cli_db_digest (fixture->db);
  g_assert_cmpstr (before, ==, after);
}

static void
test_init_without_password_source (StCliFixture  *fixture,
                                   gconstpointer  data)
{
  const char *args[] = { "--db", "new.db", "init", "--admin", "root", NULL };
  g_autofree char *err = NULL;
  g_autofree char *path = g_build_filename (fixture->dir, "new.db", NULL);

  /* No terminal and no STROMA_NEW_PASSWORD: exit 2, saying so. */
  g_assert_cmpint (st_cli_run_env (fixture, NULL, NULL, NULL, NULL, &err, args), ==, 2);
  g_assert_nonnull (strstr (err, "STROMA_NEW_PASSWORD"));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
}

static void
test_template_lot_conforms (StCliFixture  *fixture,
                            gconstpointer  data)
{
  g_autoptr(JsonNode) check = NULL;
  JsonObject *object;
  int status = -1;

  check = st_cli_run_json (fixture, "reviewer", &status, "lot", "check", ST_CLI_TEST_LOT, NULL);
  g_assert_cmpint (status, ==, 0);
  object = json_node_get_object (check);
  g_assert_cmpstr (json_object_get_string_member (object, "verdict"), ==, "conform");
  g_assert_cmpstr (json_object_get_string_member (object, "spec"), ==, "MSC-REL");
  g_assert_cmpint (json_object_get_int_member (object, "spec_version"), ==, 1);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  st_cli_test_init ();
#define ADD(path, func) \
  g_test_add (path, StCliFixture, NULL, st_cli_fixture_set_up, func, st_cli_fixture_tear_down)
  ADD ("/cli/basics/version-and-help", test_version_and_help);
  ADD ("/cli/basics/usage-errors", test_usage_errors);
  ADD ("/cli/basics/init-refuses-existing", test_init_refuses_an_existing_file);
  ADD ("/cli/basics/init-needs-a-password", test_init_without_password_source);
  ADD ("/cli/basics/template-lot-conforms", test_template_lot_conforms);
#undef ADD
  return g_test_run ();
}
