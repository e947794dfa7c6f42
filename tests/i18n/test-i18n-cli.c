/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "st-cli-test.h"

#include <locale.h>
#include <string.h>

/*
 * stromactl in a German locale: German help and messages from the catalogue
 * built in the tree ($STROMA_LOCALEDIR), '.' decimals in and out all the
 * same; certificates in the site's language whoever signs them.
 */

static const char *const german[] = { "LANGUAGE=de", "LC_ALL=de_DE.UTF-8", NULL };
/* A German workstation whose user reads English. */
static const char *const english_on_german[] = { "LANGUAGE=en", "LC_ALL=de_DE.UTF-8", NULL };

static int
run (StCliFixture       *fixture,
     const char         *user,
     const char * const *env,
     char              **out,
     char              **err,
     ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autofree char *password = user ? g_strconcat (user, "-password-1", NULL) : NULL;
  const char *arg;
  va_list ap;
  int status;

  va_start (ap, err);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (args, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);
  status = st_cli_run_env (fixture, user, password, env, out, err, (const char * const *) args->pdata);
  return status;
}

static void
assert_contains (const char *haystack,
                 const char *needle)
{
  if (haystack == NULL || strstr (haystack, needle) == NULL)
    g_test_message ("expected “%s” in:\n%s", needle, haystack ? haystack : "(null)");
  g_assert_nonnull (haystack);
  g_assert_nonnull (strstr (haystack, needle));
}

static void
assert_lacks (const char *haystack,
              const char *needle)
{
  if (haystack != NULL && strstr (haystack, needle) != NULL)
    g_test_message ("did not expect “%s” in:\n%s", needle, haystack);
  g_assert_null (haystack != NULL ? strstr (haystack, needle) : NULL);
}

static void
test_help (StCliFixture  *fixture,
           gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autofree char *sub = NULL;
  g_autofree char *english = NULL;

  g_assert_cmpint (run (fixture, NULL, german, &out, NULL, "--help", NULL), ==, 0);
  assert_contains (out, "Befehle:");
  assert_contains (out, "Eine Charge zur Freigabe zertifizieren");  /* a command summary */
  assert_contains (out, "Der handelnde Benutzer");                  /* an option (N_() entry) */
  assert_contains (out, "Exit-Status");
  assert_lacks (out, "Commands:");

  g_assert_cmpint (run (fixture, NULL, german, &sub, NULL, "result", "record", "--help", NULL), ==, 0);
  assert_contains (sub, "result record CHARGE PARAMETER WERT");
  assert_contains (sub, "„.“ als Dezimaltrennzeichen");

  /* The same binary speaks English without the German locale. */
  g_assert_cmpint (run (fixture, NULL, NULL, &english, NULL, "--help", NULL), ==, 0);
  assert_contains (english, "Commands:");
}

static void
test_errors (StCliFixture  *fixture,
             gconstpointer  data)
{
  g_autofree char *unknown = NULL;
  g_autofree char *bound = NULL;
  g_autofree char *role = NULL;
  g_autofree char *missing = NULL;

  g_assert_cmpint (run (fixture, NULL, german, NULL, &unknown, "frobnicate", NULL), ==, 2);
  assert_contains (unknown, "frobnicate: unbekannter Befehl");

  /* A core message: the subject is the parameter code, the reason German. */
  g_assert_cmpint (run (fixture, "operator", german, NULL, &bound, "result", "correct", ST_CLI_TEST_LOT,
                        "viability", "105", "--reason", "Tippfehler", NULL), ==, 2);
  assert_contains (bound, "viability: 105 liegt über 100 %");

  g_assert_cmpint (run (fixture, "operator", german, NULL, &role, "lot", "review", ST_CLI_TEST_LOT, NULL), ==, 3);
  assert_contains (role, "lot review: erfordert die Rolle reviewer");

  g_assert_cmpint (run (fixture, "operator", german, NULL, &missing, "lot", "show", NULL), ==, 2);
  assert_contains (missing, "lot show: CHARGE fehlt");
}

static void
test_decimals (StCliFixture  *fixture,
               gconstpointer  data)
{
  g_autofree char *comma = NULL;
  g_autofree char *point = NULL;
  g_autofree char *show = NULL;
  g_autofree char *check = NULL;

  g_assert_cmpint (run (fixture, "operator", german, NULL, NULL, "lot", "create", "LOT-DE",
                        "--donor", ST_CLI_TEST_DONOR, NULL), ==, 0);
  /* The command line reads '.' in every locale: "92,5" is refused... */
  g_assert_cmpint (run (fixture, "operator", german, NULL, &comma, "result", "record", "LOT-DE",
                        "viability", "92,5", NULL), ==, 2);
  assert_contains (comma, "viability: verwenden Sie „.“ als Dezimaltrennzeichen");
  /* ... "92.5" accepted, in German. */
  g_assert_cmpint (run (fixture, "operator", german, &point, NULL, "result", "record", "LOT-DE",
                        "viability", "92.5", NULL), ==, 0);
  assert_contains (point, "viability = 92.5 für Charge LOT-DE erfasst.");
  g_assert_cmpint (run (fixture, "operator", german, NULL, NULL, "result", "record", "LOT-DE",
                        "cell_concentration", "1.75", NULL), ==, 0);

  /* ... and printed with '.', the words German. */
  g_assert_cmpint (run (fixture, "operator", german, &show, NULL, "lot", "show", "LOT-DE", NULL), ==, 0);
  assert_contains (show, "Ergebnisse gegen die Spezifikation:");
  assert_contains (show, "92.5");
  assert_contains (show, "1.75");
  assert_lacks (show, "92,5");
  assert_lacks (show, "1,75");
  g_assert_cmpint (run (fixture, "operator", german, &check, NULL, "lot", "check", "LOT-DE", NULL), ==, 1);
  assert_contains (check, "92.5");
  assert_contains (check, "< 0.5");      /* a limit */
  assert_lacks (check, "0,5");
  assert_lacks (check, "92,5");
}

/* A site of its own, with certificates in @language, one conforming lot
 * submitted and reviewed. */
static void
make_site (StCliFixture *fixture,
           const char   *language)
{
  static const char *const users[][3] = {
    { "operator", "operator", "Jonas Becker" },
    { "reviewer", "reviewer", "Dr. Miriam Schulz" },
    { "qp", "qp", "Dr. Thomas Richter" },
  };
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("stroma-i18n-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->db = g_build_filename (fixture->dir, "site.db", NULL);
  {
    const char *env[] = { "STROMA_NEW_PASSWORD=admin-password-1", NULL };
    const char *args[] = { "init", "--admin", "admin", "--site", "Zelltherapie Frankfurt",
                           "--cert-language", language, NULL };
    g_assert_cmpint (st_cli_run_env (fixture, NULL, NULL, env, NULL, NULL, args), ==, 0);
  }
  for (guint i = 0; i < G_N_ELEMENTS (users); i++)
    {
      g_autofree char *password = g_strdup_printf ("STROMA_NEW_PASSWORD=%s-password-1", users[i][0]);
      const char *env[] = { password, NULL };
      const char *args[] = { "user", "add", users[i][0], "--role", users[i][1], "--full-name", users[i][2], NULL };
      g_assert_cmpint (st_cli_run_env (fixture, "admin", "admin-password-1", env, NULL, NULL, args), ==, 0);
    }
  st_cli_make_conforming_lot (fixture, "operator", "D-0001", "LOT-0001");
  g_assert_cmpint (st_cli_run (fixture, "operator", NULL, NULL, "lot", "submit", "LOT-0001", NULL), ==, 0);
  g_assert_cmpint (st_cli_run (fixture, "reviewer", NULL, NULL, "lot", "review", "LOT-0001", NULL), ==, 0);
}

static char *
certificate_text (StCliFixture *fixture)
{
  const char *argv[] = { "pdftotext", "-layout", "LOT-0001-certificate.pdf", "-", NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  char *text = NULL;
  int status = 0;

  g_spawn_sync (fixture->dir, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &text, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("pdftotext failed (install poppler-utils): %s", err);
  g_test_message ("certificate:\n%s", text);
  return text;
}

static void
remove_site (StCliFixture *fixture)
{
  const char *argv[] = { "rm", "-rf", fixture->dir, NULL };

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
  g_free (fixture->dir);
  g_free (fixture->db);
}

static void
test_certificate_german_site (void)
{
  StCliFixture fixture = { 0 };
  g_autofree char *out = NULL;
  g_autofree char *text = NULL;

  make_site (&fixture, "de");
  /* The QP reads English; the site's certificates are German/English. */
  g_assert_cmpint (run (&fixture, "qp", english_on_german, &out, NULL, "lot", "release", "LOT-0001",
                        "--out", ".", NULL), ==, 0);
  assert_contains (out, "Certified lot LOT-0001");
  text = certificate_text (&fixture);
  assert_contains (text, "Chargenzertifikat");
  assert_contains (text, "Batch certificate");
  assert_contains (text, "Sachkundige Person");
  assert_contains (text, "Qualified Person");
  assert_contains (text, "Spezifikation");
  /* Values keep '.' on the certificate whatever the locale. */
  assert_contains (text, "92.5");
  assert_lacks (text, "92,5");
  remove_site (&fixture);
}

static void
test_certificate_english_site (StCliFixture  *fixture,
                               gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autofree char *text = NULL;

  g_assert_cmpint (st_cli_run (fixture, "operator", NULL, NULL, "lot", "submit", ST_CLI_TEST_LOT, NULL), ==, 0);
  g_assert_cmpint (st_cli_run (fixture, "reviewer", NULL, NULL, "lot", "review", ST_CLI_TEST_LOT, NULL), ==, 0);
  /* The QP works in German; the template site's certificates are English. */
  g_assert_cmpint (run (fixture, "qp", german, &out, NULL, "lot", "release", ST_CLI_TEST_LOT, "--out", ".", NULL),
                   ==, 0);
  assert_contains (out, "Zertifizierte Charge " ST_CLI_TEST_LOT);
  text = certificate_text (fixture);
  assert_contains (text, "Batch certificate");
  assert_contains (text, "Qualified Person");
  assert_contains (text, "92.5");
  /* No German from the catalogue: labels, limits ("and", not "und"). */
  assert_lacks (text, "Chargenzertifikat");
  assert_lacks (text, "Sachkundige");
  assert_lacks (text, "Spezifikation");
  assert_lacks (text, " und ");
  assert_contains (text, " and ");
  assert_lacks (text, "92,5");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  /* build-aux/test makes the locale on CI: these tests never skip for it. */
  if (setlocale (LC_ALL, "de_DE.UTF-8") == NULL)
    g_error ("the locale de_DE.UTF-8 is missing: localedef -i de_DE -f UTF-8 de_DE.UTF-8");
  setlocale (LC_ALL, "C.UTF-8");
  if (g_getenv ("STROMA_LOCALEDIR") == NULL)
    g_error ("STROMA_LOCALEDIR must name the catalogues built in the tree (<build>/po)");

  st_cli_test_init ();
  g_test_add ("/i18n/cli/help", StCliFixture, NULL, st_cli_fixture_set_up, test_help, st_cli_fixture_tear_down);
  g_test_add ("/i18n/cli/errors", StCliFixture, NULL, st_cli_fixture_set_up, test_errors, st_cli_fixture_tear_down);
  g_test_add ("/i18n/cli/decimals", StCliFixture, NULL, st_cli_fixture_set_up, test_decimals,
              st_cli_fixture_tear_down);
  g_test_add_func ("/i18n/certificate/german-site-english-signer", test_certificate_german_site);
  g_test_add ("/i18n/certificate/english-site-german-signer", StCliFixture, NULL, st_cli_fixture_set_up,
              test_certificate_english_site, st_cli_fixture_tear_down);
  return g_test_run ();
}
