/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "st-cli-test.h"

#include <string.h>
#include <unistd.h>

/*
 * `stromactl export xlsx`: the workbook and its signature, the exit status
 * of each refusal (CLI.md), and that a refusal leaves neither a file nor a
 * change in the database.  The workbook's content is checked by
 * tests/core/test-export.c.
 */

static char *
path_in (StCliFixture *fixture,
         const char   *name)
{
  return g_build_filename (fixture->dir, name, NULL);
}

static gboolean
folder_has_partial_files (const char *folder)
{
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (strstr (name, ".part-") != NULL)
      return TRUE;
  return FALSE;
}

static void
test_signed (StCliFixture  *fixture,
             gconstpointer  data)
{
  g_autofree char *xlsx = path_in (fixture, "batch.xlsx");
  g_autofree char *p7s = path_in (fixture, "batch.xlsx.p7s");
  g_autofree char *ca = path_in (fixture, "ca.pem");
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *err = NULL;
  JsonObject *object, *sheets;
  int status = -1;
  const char *verify[] = { "openssl", "cms", "-verify", "-binary", "-inform", "DER", "-in", p7s,
                           "-content", xlsx, "-CAfile", ca, "-out", "/dev/null", NULL };

  root = st_cli_run_json (fixture, "qp", &status, "export", "xlsx", xlsx, "--sign", NULL);
  g_assert_cmpint (status, ==, 0);
  object = json_node_get_object (root);
  g_assert_cmpstr (json_object_get_string_member (object, "file"), ==, xlsx);
  g_assert_cmpstr (json_object_get_string_member (object, "signature"), ==, p7s);
  g_assert_cmpint (strlen (json_object_get_string_member (object, "sha256")), ==, 64);
  sheets = json_object_get_object_member (object, "sheets");
  g_assert_cmpint (json_object_get_int_member (sheets, "Lots"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (sheets, "Summary"), ==, 17);
  g_assert_true (json_object_has_member (sheets, "Audit trail"));
  g_assert_true (g_file_test (xlsx, G_FILE_TEST_IS_REGULAR));

  /* Anyone can check it with the site CA and openssl alone. */
  g_assert_cmpint (st_cli_run (fixture, "qp", NULL, NULL, "pki", "export-ca", ca, NULL), ==, 0);
  g_spawn_sync (NULL, (char **) verify, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                NULL, NULL, NULL, &err, &status, NULL);
  g_test_message ("openssl: %s", err);
  g_assert_true (g_spawn_check_wait_status (status, NULL));

  /* The export is in the trail, and the trail still verifies. */
  g_assert_cmpint (st_cli_run (fixture, "qp", NULL, NULL, "audit", "verify", NULL), ==, 0);
}

static void
test_text_output (StCliFixture  *fixture,
                  gconstpointer  data)
{
  g_autofree char *xlsx = path_in (fixture, "operator.xlsx");
  g_autofree char *out = NULL;

  g_assert_cmpint (st_cli_run (fixture, "operator", &out, NULL, "export", "xlsx", xlsx,
                               "--lot", ST_CLI_TEST_LOT, "--since", "2000-01-01", NULL), ==, 0);
  g_assert_true (g_str_has_prefix (out, "Wrote "));
  g_assert_nonnull (strstr (out, "SHA-256 "));
  g_assert_true (g_file_test (xlsx, G_FILE_TEST_IS_REGULAR));
}

/* Refused with @expected, one line "stromactl: ...@words...", nothing written. */
static void
assert_refused (StCliFixture       *fixture,
                const char         *user,
                int                 expected,
                const char         *words,
                const char         *file,
                const char * const *args)
{
  g_autofree char *before = st_cli_db_digest (fixture->db);
  g_autofree char *after = NULL;
  g_autofree char *password = g_strconcat (user, "-password-1", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status;

  status = st_cli_run_env (fixture, user, password, NULL, &out, &err, args);
  g_test_message ("%s", err);
  g_assert_cmpint (status, ==, expected);
  g_assert_true (g_str_has_prefix (err, "stromactl: "));
  g_assert_nonnull (strstr (err, words));
  g_assert_cmpint (strchr (err, '\n') - err, ==, strlen (err) - 1);
  g_assert_cmpstr (out, ==, "");
  if (file != NULL)
    g_assert_false (g_file_test (file, G_FILE_TEST_EXISTS));
  g_assert_false (folder_has_partial_files (fixture->dir));
  after = st_cli_db_digest (fixture->db);
  g_assert_cmpstr (before, ==, after);
}

#define REFUSED(fixture, user, expected, words, file, ...) \
  G_STMT_START { \
    const char *args_[] = { __VA_ARGS__, NULL }; \
    assert_refused (fixture, user, expected, words, file, args_); \
  } G_STMT_END

static void
test_refusals (StCliFixture  *fixture,
               gconstpointer  data)
{
  g_autofree char *xlsx = path_in (fixture, "refused.xlsx");
  g_autofree char *missing = g_build_filename (fixture->dir, "no-such-folder", "x.xlsx", NULL);

  REFUSED (fixture, "operator", 2, "since: '2026-02-30' is not a date", xlsx,
           "export", "xlsx", xlsx, "--since", "2026-02-30");
  REFUSED (fixture, "operator", 2, "until: 'soon' is not a date", xlsx,
           "export", "xlsx", xlsx, "--until", "soon");
  REFUSED (fixture, "operator", 2, "lot: no lot 'LOT-9999'", xlsx,
           "export", "xlsx", xlsx, "--lot", "LOT-9999");
  REFUSED (fixture, "operator", 2, "does not exist", missing,
           "export", "xlsx", missing);
  REFUSED (fixture, "operator", 2, "is a folder", NULL,
           "export", "xlsx", fixture->dir);
  REFUSED (fixture, "operator", 2, "missing FILE", NULL,
           "export", "xlsx");
  /* No certificate, no signature: refused before the password is asked. */
  REFUSED (fixture, "operator", 3, "no signing certificate", xlsx,
           "export", "xlsx", xlsx, "--sign");
  if (geteuid () == 0 && g_file_test ("/sys/kernel", G_FILE_TEST_IS_DIR))
    REFUSED (fixture, "operator", 4, "cannot write in the folder", NULL,
             "export", "xlsx", "/sys/kernel/stroma.xlsx");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  st_cli_test_init ();
  g_test_add ("/cli/export/signed", StCliFixture, NULL,
              st_cli_fixture_set_up, test_signed, st_cli_fixture_tear_down);
  g_test_add ("/cli/export/text-output", StCliFixture, NULL,
              st_cli_fixture_set_up, test_text_output, st_cli_fixture_tear_down);
  g_test_add ("/cli/export/refusals", StCliFixture, NULL,
              st_cli_fixture_set_up, test_refusals, st_cli_fixture_tear_down);
  return g_test_run ();
}
