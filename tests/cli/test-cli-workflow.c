/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "st-cli-test.h"

#include <glib/gstdio.h>
#include <string.h>

#define LOT ST_CLI_TEST_LOT

static char *
path_in (StCliFixture *fixture,
         const char   *name)
{
  return g_build_filename (fixture->dir, name, NULL);
}

static void
require_openssl (void)
{
  g_autofree char *openssl = g_find_program_in_path ("openssl");

  /* That anyone can check a certificate with openssl is part of the contract. */
  if (openssl == NULL)
    g_error ("the openssl command-line tool is needed by this test");
}

/* Runs a tool (openssl) in the test folder; returns its exit status. */
static int
run_tool (StCliFixture       *fixture,
          const char * const *argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  int wait_status = 0;

  g_spawn_sync (fixture->dir, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
                NULL, &err, &wait_status, &error);
  g_assert_no_error (error);
  g_test_message ("%s %s: %s", argv[0], argv[1], err);
  return WIFEXITED (wait_status) ? WEXITSTATUS (wait_status) : -1;
}

static char *
lot_status (StCliFixture *fixture,
            const char   *lot)
{
  g_autoptr(JsonNode) node = st_cli_run_json (fixture, "operator", NULL, "lot", "show", lot, NULL);
  return g_strdup (json_object_get_string_member (json_node_get_object (node), "status"));
}

static void
assert_status (StCliFixture *fixture,
               const char   *lot,
               const char   *expected)
{
  g_autofree char *status = lot_status (fixture, lot);
  g_assert_cmpstr (status, ==, expected);
}

static void
submit_and_review (StCliFixture *fixture,
                   const char   *lot)
{
  g_assert_cmpint (st_cli_run (fixture, "operator", NULL, NULL, "lot", "submit", lot, NULL), ==, 0);
  g_assert_cmpint (st_cli_run (fixture, "reviewer", NULL, NULL, "lot", "review", lot, NULL), ==, 0);
}

static void
test_release_and_verify (StCliFixture  *fixture,
                         gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *pdf = path_in (fixture, LOT "-certificate.pdf");
  g_autofree char *p7s = path_in (fixture, LOT "-certificate.pdf.p7s");
  g_autofree char *flipped = path_in (fixture, "flipped.pdf");
  g_autoptr(JsonNode) lot = NULL;
  g_autoptr(JsonNode) verdict = NULL;
  JsonArray *signatures;
  const char *openssl_argv[] = {
    "openssl", "cms", "-verify", "-binary", "-inform", "DER", "-in", LOT "-certificate.pdf.p7s",
    "-content", LOT "-certificate.pdf", "-CAfile", "ca.pem", "-out", "/dev/null", NULL
  };
  char *contents = NULL;
  gsize length = 0;
  int status = -1;

  require_openssl ();
  submit_and_review (fixture, LOT);
  g_assert_cmpint (st_cli_run (fixture, "qp", &out, NULL, "lot", "release", LOT, "--out", ".", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "released"));
  g_assert_true (g_file_test (pdf, G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_file_test (p7s, G_FILE_TEST_IS_REGULAR));
  assert_status (fixture, LOT, "released");

  lot = st_cli_run_json (fixture, "operator", NULL, "lot", "show", LOT, NULL);
  signatures = json_object_get_array_member (json_node_get_object (lot), "signatures");
  g_assert_cmpuint (json_array_get_length (signatures), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (signatures, 1), "meaning"), ==,
                   "certified");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (signatures, 1), "full_name"), ==,
                   "Dr. Thomas Richter");

  g_assert_cmpint (st_cli_run (fixture, "operator", NULL, NULL, "pki", "export-ca", "ca.pem", NULL), ==, 0);
  g_assert_cmpint (run_tool (fixture, openssl_argv), ==, 0);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (st_cli_run (fixture, "operator", &out, NULL, "cert", "verify", LOT "-certificate.pdf",
                               LOT "-certificate.pdf.p7s", NULL), ==, 0);
  verdict = st_cli_run_json (fixture, "operator", &status, "cert", "verify", LOT "-certificate.pdf",
                             LOT "-certificate.pdf.p7s", NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_true (json_object_get_boolean_member (json_node_get_object (verdict), "valid"));
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (verdict), "lot"), ==, LOT);
  g_assert_cmpint (st_cli_run (fixture, "operator", NULL, NULL, "audit", "verify", NULL), ==, 0);

  /* One bit of the PDF changed: the signature no longer verifies. */
  g_assert_true (g_file_get_contents (pdf, &contents, &length, NULL));
  contents[length / 2] ^= 0x04;
  g_assert_true (g_file_set_contents (flipped, contents, (gssize) length, NULL));
  g_free (contents);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (st_cli_run (fixture, "operator", NULL, &err, "cert", "verify", "flipped.pdf",
                               LOT "-certificate.pdf.p7s", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "changed after signing"));

  /* A certified value changed in the file afterwards. */
  st_cli_sqlite_shell (fixture->db, "DROP TRIGGER results_no_update;"
                                    " UPDATE results SET value = '99.9' WHERE param = 'viability';");
  g_clear_pointer (&err, g_free);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (st_cli_run (fixture, "operator", &out, &err, "cert", "verify", LOT "-certificate.pdf",
                               LOT "-certificate.pdf.p7s", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "record fingerprint"));
  g_assert_nonnull (strstr (err, "changed after signing"));
  g_assert_nonnull (strstr (out, "Certified record unchanged:           NO"));
  g_assert_cmpint (st_cli_run (fixture, "operator", NULL, NULL, "audit", "verify", NULL), ==, 1);
}

static void
test_refusals (StCliFixture  *fixture,
               gconstpointer  data)
{
  g_autofree char *err = NULL;
  const char *wrong[] = { "lot", "review", LOT, NULL };

  /* Out of order, named by the state. */
  g_assert_cmpint (st_cli_run (fixture, "reviewer", NULL, &err, "lot", "review", LOT, NULL), ==, 3);
  g_assert_nonnull (strstr (err, "is open"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (st_cli_run (fixture, "qp", NULL, &err, "lot", "release", LOT, "--out", ".", NULL), ==, 3);
  g_assert_cmpint (st_cli_run (fixture, "operator", NULL, NULL, "lot", "submit", LOT, NULL), ==, 0);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (st_cli_run (fixture, "operator", NULL, &err, "lot", "submit", LOT, NULL), ==, 3);
  g_assert_nonnull (strstr (err, "is in_review"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (st_cli_run (fixture, "qp", NULL, &err, "lot", "release", LOT, "--out", ".", NULL), ==, 3);
  g_assert_nonnull (strstr (err, "is in_review"));

  /* Roles and a wrong password: not permitted, nothing changed. */
  g_assert_cmpint (st_cli_run (fixture, "operator", NULL, NULL, "lot", "review", LOT, NULL), ==, 3);
  g_assert_cmpint (st_cli_run_env (fixture, "reviewer", "not-the-password", NULL, NULL, NULL, wrong), ==, 3);
  assert_status (fixture, LOT, "in_review");

  /* Usage. */
  g_assert_cmpint (st_cli_run (fixture, "qp", NULL, NULL, "lot", "release", LOT, NULL), ==, 2);
  g_assert_cmpint (st_cli_run (fixture, "qp", NULL, NULL, "lot", "release", LOT, "--out", "no-such-dir", NULL), ==, 2);
  g_assert_cmpint (st_cli_run (fixture, "qp", NULL, NULL, "lot", "release", LOT, "--out", ".", "--initial",
                               "--exceptional", NULL), ==, 2);
  g_assert_cmpint (st_cli_run (fixture, "qp", NULL, NULL, "lot", "release", LOT, "--out", ".", "--exceptional",
                               NULL), ==, 2);
  g_assert_cmpint (st_cli_run (fixture, "reviewer", NULL, NULL, "lot", "reject", LOT, NULL), ==, 2);
  g_assert_cmpint (st_cli_run (fixture, "operator", NULL, NULL, "cert", "verify", "none.pdf", "none.p7s", NULL),
                   ==, 2);

  /* Reject, then everything is locked. */
  g_assert_cmpint (st_cli_run (fixture, "reviewer", NULL, NULL, "lot", "reject", LOT, "--reason",
                               "Bag damaged during thawing", NULL), ==, 0);
  assert_status (fixture, LOT, "rejected");
  g_assert_cmpint (st_cli_run (fixture, "operator", NULL, NULL, "result", "correct", LOT, "viability", "90",
                               "--reason", "typo", NULL), ==, 3);
}

static void
test_segregation (StCliFixture  *fixture,
                  gconstpointer  data)
{
  const char *env[] = { "STROMA_NEW_PASSWORD=dual-password-1", NULL };
  const char *add[] = { "user", "add", "dual", "--role", "operator,reviewer", "--full-name", "Dana Dual", NULL };
  g_autofree char *err = NULL;

  g_assert_cmpint (st_cli_run_env (fixture, "admin", "admin-password-1", env, NULL, NULL, add), ==, 0);
  g_assert_cmpint (st_cli_run (fixture, "dual", NULL, NULL, "result", "correct", LOT, "cd90", "98.5",
                               "--reason", "transcription error", NULL), ==, 0);
  g_assert_cmpint (st_cli_run (fixture, "operator", NULL, NULL, "lot", "submit", LOT, NULL), ==, 0);
  g_assert_cmpint (st_cli_run (fixture, "dual", NULL, &err, "lot", "review", LOT, NULL), ==, 3);
  g_assert_nonnull (strstr (err, "another person"));
  assert_status (fixture, LOT, "in_review");
}

static void
test_not_conforming_and_exceptional (StCliFixture  *fixture,
                                     gconstpointer  data)
{
  g_autofree char *err = NULL;
  g_autofree char *out = NULL;
  g_autofree char *number = NULL;
  g_autoptr(JsonNode) verdict = NULL;
  int status = -1;

  g_assert_cmpint (st_cli_run (fixture, "operator", NULL, NULL, "result", "correct", LOT, "viability", "62",
                               "--reason", "recount after thaw", NULL), ==, 0);
  submit_and_review (fixture, LOT);
  g_assert_cmpint (st_cli_run (fixture, "qp", NULL, &err, "lot", "release", LOT, "--out", ".", NULL), ==, 3);
  g_assert_nonnull (strstr (err, "viability 62 % is out of specification (>= 70)"));

  g_assert_cmpint (st_cli_run (fixture, "operator", &number, NULL, "deviation", "open", LOT, "--class", "major",
                               "--text", "Viability 62 % below the limit.", NULL), ==, 0);
  g_strstrip (number);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (st_cli_run (fixture, "qp", NULL, &err, "lot", "release", LOT, "--out", ".", "--exceptional",
                               "--deviation", number, NULL), ==, 3);
  g_assert_nonnull (strstr (err, "is open"));
  g_assert_cmpint (st_cli_run (fixture, "qp", NULL, NULL, "deviation", "close", number, "--assessment",
                               "Physician's request (Dr. Weber) for patient 0042; risk assessed as acceptable.",
                               NULL), ==, 0);
  g_assert_cmpint (st_cli_run (fixture, "qp", &out, NULL, "lot", "release", LOT, "--out", ".", "--exceptional",
                               "--deviation", number, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "exceptional"));
  assert_status (fixture, LOT, "released_exceptional");
  verdict = st_cli_run_json (fixture, "reviewer", &status, "cert", "verify", LOT "-certificate.pdf",
                             LOT "-certificate.pdf.p7s", NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (verdict), "kind"), ==, "exceptional");
}

static void
test_staged_release (StCliFixture  *fixture,
                     gconstpointer  data)
{
  static const char *const results[][2] = {
    { "appearance", "conforms" }, { "viability", "91" }, { "cell_concentration", "1.9" },
    { "cd73", "98.1" }, { "cd90", "99.0" }, { "cd105", "97.4" }, { "cd45", "0.8" }, { "cd34", "0.4" },
    { "cd14", "1.1" }, { "cd19", "0.3" }, { "hla_dr", "0.9" },
    { "endotoxin", "0.12" }, { "mycoplasma", "not-detected" }, { "potency_mlr", "54" },
  };
  g_autofree char *err = NULL;
  g_autoptr(JsonNode) verdict = NULL;
  int status = -1;

  g_assert_cmpint (st_cli_run (fixture, "operator", NULL, NULL, "lot", "create", "LOT-S", "--donor",
                               ST_CLI_TEST_DONOR, NULL), ==, 0);
  g_assert_cmpint (st_cli_run (fixture, "operator", NULL, NULL, "passage", "add", "LOT-S", "1", "--seeded",
                               "1000000", "--harvested", "9000000", "--seeded-on", "2026-03-01",
                               "--harvested-on", "2026-03-08", NULL), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (results); i++)
    g_assert_cmpint (st_cli_run (fixture, "operator", NULL, NULL, "result", "record", "LOT-S", results[i][0],
                                 results[i][1], NULL), ==, 0);
  submit_and_review (fixture, "LOT-S");
  g_assert_cmpint (st_cli_run (fixture, "qp", NULL, &err, "lot", "release", "LOT-S", "--out", ".", NULL), ==, 3);
  g_assert_nonnull (strstr (err, "--initial"));
  g_assert_cmpint (st_cli_run (fixture, "qp", NULL, NULL, "lot", "release", "LOT-S", "--out", ".", "--initial",
                               NULL), ==, 0);
  assert_status (fixture, "LOT-S", "released_initial");
  {
    g_autofree char *pdf = path_in (fixture, "LOT-S-certificate.pdf");
    g_autofree char *p7s = path_in (fixture, "LOT-S-certificate.pdf.p7s");
    g_autofree char *kept_pdf = path_in (fixture, "initial.pdf");
    g_autofree char *kept_p7s = path_in (fixture, "initial.pdf.p7s");

    g_assert_cmpint (g_rename (pdf, kept_pdf), ==, 0);
    g_assert_cmpint (g_rename (p7s, kept_p7s), ==, 0);
  }

  g_assert_cmpint (st_cli_run (fixture, "operator", NULL, NULL, "result", "record", "LOT-S", "sterility",
                               "no-growth", NULL), ==, 0);
  g_assert_cmpint (st_cli_run (fixture, "qp", NULL, NULL, "lot", "release", "LOT-S", "--out", ".", NULL), ==, 0);
  assert_status (fixture, "LOT-S", "released");

  verdict = st_cli_run_json (fixture, "operator", &status, "cert", "verify", "initial.pdf", "initial.pdf.p7s",
                             NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (verdict), "kind"), ==, "initial");
  g_assert_true (json_object_get_boolean_member (json_node_get_object (verdict), "superseded"));
  g_clear_pointer (&verdict, json_node_unref);
  verdict = st_cli_run_json (fixture, "operator", &status, "cert", "verify", "LOT-S-certificate.pdf",
                             "LOT-S-certificate.pdf.p7s", NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (verdict), "kind"), ==, "final");
  g_assert_cmpint (st_cli_run (fixture, "operator", NULL, NULL, "audit", "verify", NULL), ==, 0);
}

static void
test_specs (StCliFixture  *fixture,
            gconstpointer  data)
{
  g_autoptr(JsonNode) spec = NULL;
  g_autoptr(JsonNode) list = NULL;
  g_autoptr(JsonNode) check = NULL;
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *file = path_in (fixture, "msc-rel-v2.json");
  g_autofree char *bad = path_in (fixture, "bad.json");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  JsonArray *items;
  int status = -1;

  spec = st_cli_run_json (fixture, "operator", NULL, "spec", "show", "MSC-REL", NULL);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (spec), "version"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (spec), "status"), ==, "approved");

  /* Viability >= 95 from version 2 on. */
  items = json_object_get_array_member (json_node_get_object (spec), "items");
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);
      if (g_str_equal (json_object_get_string_member (item, "param"), "viability"))
        json_object_set_int_member (json_array_get_object_element (json_object_get_array_member (item, "limits"), 0),
                                    "value", 95);
    }
  json_generator_set_root (generator, spec);
  g_assert_true (json_generator_to_file (generator, file, NULL));
  g_assert_true (g_file_set_contents (bad, "{\"code\": \"MSC-REL\", \"title\": \"x\", \"items\": "
                                           "[{\"param\": \"viability\", \"type\": \"numbr\"}]}", -1, NULL));

  g_assert_cmpint (st_cli_run (fixture, "admin", NULL, &err, "spec", "import", "bad.json", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "viability"));
  g_assert_cmpint (st_cli_run (fixture, "operator", NULL, NULL, "spec", "import", "msc-rel-v2.json", NULL), ==, 3);
  g_assert_cmpint (st_cli_run (fixture, "admin", &out, NULL, "spec", "import", "msc-rel-v2.json", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "MSC-REL@2"));
  g_assert_cmpint (st_cli_run (fixture, "reviewer", NULL, NULL, "spec", "approve", "MSC-REL@2", NULL), ==, 3);
  g_assert_cmpint (st_cli_run (fixture, "qp", NULL, NULL, "spec", "approve", "MSC-REL@2", NULL), ==, 0);
  g_assert_cmpint (st_cli_run (fixture, "qp", NULL, NULL, "spec", "approve", "MSC-REL@2", NULL), ==, 3);

  g_clear_pointer (&spec, json_node_unref);
  spec = st_cli_run_json (fixture, "operator", NULL, "spec", "show", "MSC-REL", NULL);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (spec), "version"), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (spec), "approved_by"), ==,
                   "Dr. Thomas Richter");
  list = st_cli_run_json (fixture, "operator", NULL, "spec", "list", NULL);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (list)), ==, 2);

  /* The lot made before keeps version 1 and its verdict; a new lot gets 2. */
  check = st_cli_run_json (fixture, "operator", &status, "lot", "check", LOT, NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (check), "spec_version"), ==, 1);
  g_assert_cmpint (st_cli_run (fixture, "operator", NULL, NULL, "lot", "create", "LOT-V2", "--donor",
                               ST_CLI_TEST_DONOR, NULL), ==, 0);
  g_clear_pointer (&check, json_node_unref);
  check = st_cli_run_json (fixture, "operator", &status, "lot", "check", "LOT-V2", NULL);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (check), "spec_version"), ==, 2);
  g_assert_cmpint (st_cli_run (fixture, "operator", NULL, NULL, "audit", "verify", NULL), ==, 0);
}

static void
make_outside_p12 (StCliFixture *fixture)
{
  const char *ca[] = {
    "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
    "-keyout", "outside-ca.key", "-out", "outside-ca.pem", "-subj", "/O=Outside Trust/CN=Outside Trust CA",
    "-days", "30", "-addext", "basicConstraints=critical,CA:TRUE",
    "-addext", "keyUsage=critical,keyCertSign,cRLSign", NULL
  };
  const char *csr[] = {
    "openssl", "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
    "-keyout", "qp2.key", "-out", "qp2.csr", "-subj", "/O=Outside Trust/CN=Dr. Paula Outside", NULL
  };
  const char *sign[] = {
    "openssl", "x509", "-req", "-in", "qp2.csr", "-CA", "outside-ca.pem", "-CAkey", "outside-ca.key",
    "-CAcreateserial", "-out", "qp2.pem", "-days", "30", "-extfile", "qp2.ext", NULL
  };
  const char *p12[] = {
    "openssl", "pkcs12", "-export", "-inkey", "qp2.key", "-in", "qp2.pem", "-certfile", "outside-ca.pem",
    "-out", "qp2.p12", "-passout", "pass:p12-secret", NULL
  };
  g_autofree char *ext = path_in (fixture, "qp2.ext");

  g_assert_true (g_file_set_contents (ext, "basicConstraints=CA:FALSE\n"
                                           "keyUsage=critical,digitalSignature,nonRepudiation\n"
                                           "extendedKeyUsage=emailProtection\n", -1, NULL));
  g_assert_cmpint (run_tool (fixture, ca), ==, 0);
  g_assert_cmpint (run_tool (fixture, csr), ==, 0);
  g_assert_cmpint (run_tool (fixture, sign), ==, 0);
  g_assert_cmpint (run_tool (fixture, p12), ==, 0);
}

static void
test_pkcs12 (StCliFixture  *fixture,
             gconstpointer  data)
{
  const char *add_env[] = { "STROMA_NEW_PASSWORD=qp2-password-1", NULL };
  const char *add[] = { "user", "add", "qp2", "--role", "qp", "--full-name", "Dr. Paula Outside", NULL };
  const char *wrong_env[] = { "STROMA_P12_PASSWORD=not-it", NULL };
  const char *right_env[] = { "STROMA_P12_PASSWORD=p12-secret", NULL };
  const char *import[] = { "pki", "import", "qp2.p12", NULL };
  const char *openssl_argv[] = {
    "openssl", "cms", "-verify", "-binary", "-inform", "DER", "-in", LOT "-certificate.pdf.p7s",
    "-content", LOT "-certificate.pdf", "-CAfile", "outside-ca.pem", "-out", "/dev/null", NULL
  };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  require_openssl ();
  make_outside_p12 (fixture);
  g_assert_cmpint (st_cli_run_env (fixture, "admin", "admin-password-1", add_env, NULL, NULL, add), ==, 0);
  g_assert_cmpint (st_cli_run_env (fixture, "qp2", "qp2-password-1", wrong_env, NULL, &err, import), ==, 2);
  g_assert_nonnull (strstr (err, "passphrase"));
  g_assert_cmpint (st_cli_run_env (fixture, "qp2", "qp2-password-1", right_env, NULL, NULL, import), ==, 0);

  submit_and_review (fixture, LOT);
  g_assert_cmpint (st_cli_run (fixture, "qp2", NULL, NULL, "lot", "release", LOT, "--out", ".", NULL), ==, 0);
  g_assert_cmpint (run_tool (fixture, openssl_argv), ==, 0);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (st_cli_run (fixture, "operator", &out, NULL, "cert", "verify", LOT "-certificate.pdf",
                               LOT "-certificate.pdf.p7s", "--ca", "outside-ca.pem", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "Dr. Paula Outside"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (st_cli_run (fixture, "operator", NULL, &err, "cert", "verify", LOT "-certificate.pdf",
                               LOT "-certificate.pdf.p7s", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "does not chain to the CA"));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  st_cli_test_init ();
#define ADD(path, func) \
  g_test_add (path, StCliFixture, NULL, st_cli_fixture_set_up, func, st_cli_fixture_tear_down)
  ADD ("/cli/workflow/release-and-verify", test_release_and_verify);
  ADD ("/cli/workflow/refusals", test_refusals);
  ADD ("/cli/workflow/segregation", test_segregation);
  ADD ("/cli/workflow/exceptional", test_not_conforming_and_exceptional);
  ADD ("/cli/workflow/staged", test_staged_release);
  ADD ("/cli/workflow/specs", test_specs);
  ADD ("/cli/workflow/pkcs12", test_pkcs12);
#undef ADD
  return g_test_run ();
}
