/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "flow-fixture.h"

#include <sqlite3.h>

#include "st-deviations.h"
#include "st-donors.h"
#include "st-fingerprint.h"
#include "st-keys.h"
#include "st-pki.h"
#include "st-session-private.h"
#include "st-workflow.h"

/* A German site: the certificate follows the site's language. */

static void
write_file (const char *name,
            GBytes     *bytes)
{
  g_autofree char *path = g_build_filename (flow.dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, g_bytes_get_data (bytes, NULL), (gssize) g_bytes_get_size (bytes), &error);
  g_assert_no_error (error);
}

static char *
in_dir (const char *name)
{
  return g_build_filename (flow.dir, name, NULL);
}

/* Runs a command in the test folder; returns its exit status. */
static int
run (const char *const *argv,
     char              **err_out)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int wait_status = 0;

  g_spawn_sync (flow.dir, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err,
                &wait_status, &error);
  g_assert_no_error (error);
  if (err != NULL && *err != '\0')
    g_test_message ("%s: %s", argv[0], err);
  if (err_out != NULL)
    *err_out = g_steal_pointer (&err);
  return WIFEXITED (wait_status) ? WEXITSTATUS (wait_status) : -1;
}

static void
require_openssl (void)
{
  g_autofree char *openssl = g_find_program_in_path ("openssl");

  /* Anyone must be able to check a certificate with the openssl tool: that
   * is part of what these tests show, so its absence is a failure. */
  if (openssl == NULL)
    g_error ("the openssl command-line tool is needed by this test");
}

static StCertificate *
released_lot (const char         *lot,
              const char * const *skip,
              StReleaseMode       mode)
{
  g_autoptr(GError) error = NULL;
  StCertificate *certificate;

  flow_make_lot (lot, skip, NULL);
  st_workflow_submit (flow.operator, lot, &error);
  g_assert_no_error (error);
  st_workflow_review (flow.reviewer, lot, FLOW_PASSWORD, &error);
  g_assert_no_error (error);
  certificate = st_workflow_release (flow.qp, lot, mode, 0, FLOW_PASSWORD, &error);
  g_assert_no_error (error);
  return certificate;
}

static void
export_site_ca (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *ca = st_site_ca_cert_pem (flow.qp, &error);
  g_autofree char *path = in_dir ("ca.pem");

  g_assert_no_error (error);
  g_file_set_contents (path, ca, -1, &error);
  g_assert_no_error (error);
}

static void
test_openssl_verifies (void)
{
  g_autoptr(StCertificate) certificate = NULL;
  const char *argv[] = {
    "openssl", "cms", "-verify", "-binary", "-inform", "DER", "-in", "CT-001-certificate.pdf.p7s",
    "-content", "CT-001-certificate.pdf", "-CAfile", "ca.pem", "-out", "/dev/null", NULL
  };
  const char *bad_argv[] = {
    "openssl", "cms", "-verify", "-binary", "-inform", "DER", "-in", "CT-001-certificate.pdf.p7s",
    "-content", "flipped.pdf", "-CAfile", "ca.pem", "-out", "/dev/null", NULL
  };
  g_autoptr(GByteArray) flipped = NULL;
  gsize size = 0;
  const guint8 *data;

  require_openssl ();
  certificate = released_lot ("CT-001", NULL, ST_RELEASE_FULL);
  write_file ("CT-001-certificate.pdf", certificate->pdf);
  write_file ("CT-001-certificate.pdf.p7s", certificate->cms);
  export_site_ca ();
  g_assert_cmpint (run (argv, NULL), ==, 0);

  data = g_bytes_get_data (certificate->pdf, &size);
  flipped = g_byte_array_sized_new (size);
  g_byte_array_append (flipped, data, size);
  flipped->data[size / 2] ^= 0x01;
  {
    g_autoptr(GBytes) bytes = g_bytes_new (flipped->data, flipped->len);
    write_file ("flipped.pdf", bytes);
  }
  g_assert_cmpint (run (bad_argv, NULL), !=, 0);
}

static void
test_verify (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(StCertificate) certificate = released_lot ("CT-002", NULL, ST_RELEASE_FULL);
  StCertificateReport report = { 0 };

  st_certificate_verify (flow.admin, certificate->pdf, certificate->cms, NULL, &report, &error);
  g_assert_no_error (error);
  g_assert_true (report.signature_valid);
  g_assert_true (report.issued);
  g_assert_true (report.record_unchanged);
  g_assert_false (report.later_entries);
  g_assert_false (report.superseded);
  g_assert_cmpstr (report.lot, ==, "CT-002");
  g_assert_cmpstr (report.kind, ==, "release");
  g_assert_cmpstr (report.signer_name, ==, "Dr. Quentin Person");
  g_assert_cmpstr (report.record_fingerprint, ==, certificate->record_fingerprint);
  g_assert_nonnull (strstr (report.signer_subject, "Dr. Quentin Person"));
  g_assert_null (report.failed_check);
  st_certificate_report_clear (&report);

  /* The stored PDF and signature are the ones returned. */
  {
    g_autoptr(GPtrArray) stored = NULL;
    g_autoptr(StLot) lot = st_lots_get (flow.admin, "CT-002", &error);
    const StCertificateRecord *record;

    g_assert_no_error (error);
    stored = st_store_certificates_for_lot (st_session_get_db (flow.admin), lot->record->id, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (stored->len, ==, 1);
    record = g_ptr_array_index (stored, 0);
    g_assert_true (g_bytes_equal (record->pdf, certificate->pdf));
    g_assert_true (g_bytes_equal (record->cms, certificate->cms));
    g_assert_cmpstr (record->kind, ==, "release");
    g_assert_cmpstr (record->pdf_sha256, ==, certificate->pdf_sha256);
  }
}

static void
test_bit_flip (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(StCertificate) certificate = released_lot ("CT-003", NULL, ST_RELEASE_FULL);
  g_autoptr(GBytes) flipped = NULL;
  g_autoptr(GBytes) other_cms = NULL;
  g_autoptr(StSigningKey) key = NULL;
  g_autoptr(StSigningKey) reviewer_key = NULL;
  StCertificateReport report = { 0 };
  gsize size = g_bytes_get_size (certificate->pdf);
  guint8 *copy = g_memdup2 (g_bytes_get_data (certificate->pdf, NULL), size);

  copy[size - 100] ^= 0x10;
  flipped = g_bytes_new_take (copy, size);
  st_certificate_verify (flow.admin, flipped, certificate->cms, NULL, &report, &error);
  g_assert_error (error, ST_PKI_ERROR, ST_PKI_ERROR_CONTENT_CHANGED);
  g_assert_cmpstr (report.failed_check, ==, "signature");
  g_assert_false (report.signature_valid);
  g_clear_error (&error);
  st_certificate_report_clear (&report);

  /* Signed with a valid site key, but not issued by the database... */
  key = st_signing_unlock (flow.qp, FLOW_PASSWORD, &error);
  g_assert_no_error (error);
  other_cms = st_pki_cms_sign (st_signing_key_cert_pem (key), st_signing_key_get_private (key),
                               NULL, flipped, &error);
  g_assert_no_error (error);
  st_certificate_verify (flow.admin, flipped, other_cms, NULL, &report, &error);
  g_assert_error (error, ST_CERTIFICATE_ERROR, ST_CERTIFICATE_ERROR_UNKNOWN_PDF);
  g_assert_true (report.signature_valid);
  g_assert_cmpstr (report.failed_check, ==, "issued");
  g_clear_error (&error);
  st_certificate_report_clear (&report);
  g_clear_pointer (&other_cms, g_bytes_unref);

  /* ...or issued, but signed again by someone else than the certifying QP. */
  reviewer_key = st_signing_unlock (flow.reviewer, FLOW_PASSWORD, &error);
  g_assert_no_error (error);
  other_cms = st_pki_cms_sign (st_signing_key_cert_pem (reviewer_key), st_signing_key_get_private (reviewer_key),
                               NULL, certificate->pdf, &error);
  g_assert_no_error (error);
  st_certificate_verify (flow.admin, certificate->pdf, other_cms, NULL, &report, &error);
  g_assert_error (error, ST_CERTIFICATE_ERROR, ST_CERTIFICATE_ERROR_SIGNER);
  g_assert_cmpstr (report.failed_check, ==, "issued");
  st_certificate_report_clear (&report);
}

/* The initial certificate still verifies after the pending result and the
 * final certification; it says that there is more now. */
static void
test_staged_certificates (void)
{
  g_autoptr(GError) error = NULL;
  const char *sterility[] = { "sterility", NULL };
  g_autoptr(StCertificate) initial = released_lot ("CT-010", sterility, ST_RELEASE_INITIAL);
  g_autoptr(StCertificate) final = NULL;
  StCertificateReport report = { 0 };

  write_file ("CT-010-initial.pdf", initial->pdf);
  st_lots_record_result (flow.operator, "CT-010", "sterility", "no-growth", NULL, &error);
  g_assert_no_error (error);
  final = st_workflow_release (flow.qp, "CT-010", ST_RELEASE_FULL, 0, FLOW_PASSWORD, &error);
  g_assert_no_error (error);
  write_file ("CT-010-final.pdf", final->pdf);

  st_certificate_verify (flow.admin, initial->pdf, initial->cms, NULL, &report, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (report.kind, ==, "initial");
  g_assert_true (report.record_unchanged);
  g_assert_true (report.later_entries);
  g_assert_true (report.superseded);
  st_certificate_report_clear (&report);

  st_certificate_verify (flow.admin, final->pdf, final->cms, NULL, &report, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (report.kind, ==, "final");
  g_assert_false (report.later_entries);
  g_assert_false (report.superseded);
  st_certificate_report_clear (&report);
}

static void
test_exceptional_certificate (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(StCertificate) certificate = NULL;
  const char *low[] = { "viability=62", "cd105=93.5", NULL };
  gint64 number = 0;
  StCertificateReport report = { 0 };

  flow_make_lot ("CT-020", NULL, low);
  st_workflow_submit (flow.operator, "CT-020", &error);
  g_assert_no_error (error);
  st_workflow_review (flow.reviewer, "CT-020", FLOW_PASSWORD, &error);
  g_assert_no_error (error);
  st_deviations_open (flow.operator, "CT-020", "major",
                      "Viability and CD105 below their limits at release testing.", &number, &error);
  g_assert_no_error (error);
  st_deviations_close (flow.qp, number,
                       "Request of the treating physician (Dr. Weber, 2026-11-20): no alternative therapy for "
                       "patient 0042. Risk assessment: acceptable, documented in RA-2026-117.", &error);
  g_assert_no_error (error);
  certificate = st_workflow_release (flow.qp, "CT-020", ST_RELEASE_EXCEPTIONAL, number, FLOW_PASSWORD, &error);
  g_assert_no_error (error);
  write_file ("CT-020-certificate.pdf", certificate->pdf);

  /* A deviation opened after release leaves the certified record alone. */
  st_deviations_open (flow.reviewer, "CT-020", "minor", "Certificate copy sent late.", NULL, &error);
  g_assert_no_error (error);
  st_certificate_verify (flow.admin, certificate->pdf, certificate->cms, NULL, &report, &error);
  g_assert_no_error (error);
  g_assert_true (report.later_entries);
  st_certificate_report_clear (&report);
}

static void
test_german_text (void)
{
  g_autoptr(StCertificate) certificate = released_lot ("CT-030", NULL, ST_RELEASE_FULL);
  g_autofree char *pdftotext = g_find_program_in_path ("pdftotext");
  g_autofree char *text_path = in_dir ("CT-030.txt");
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  const char *argv[] = { "pdftotext", "CT-030-certificate.pdf", "CT-030.txt", NULL };

  write_file ("CT-030-certificate.pdf", certificate->pdf);
  if (pdftotext == NULL)
    {
      g_test_skip ("pdftotext is not installed");
      return;
    }
  g_assert_cmpint (run (argv, NULL), ==, 0);
  g_file_get_contents (text_path, &text, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (text, "Chargenzertifikat"));
  g_assert_nonnull (strstr (text, "CT-030"));
  g_assert_nonnull (strstr (text, "Dr. Quentin Person"));
  g_assert_nonnull (strstr (text, certificate->record_fingerprint));
  g_assert_nonnull (strstr (text, "1.8 × 10^6 cells/mL"));
  g_assert_nonnull (strstr (text, "2026-10-17"));        /* manufactured: last harvest */
  g_assert_nonnull (strstr (text, "2027-10-17"));        /* + 365 days of shelf life */
}

/* A signing certificate from an outside CA, made here with the openssl tool. */
static void
make_outside_ca (void)
{
  const char *ca_argv[] = {
    "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
    "-keyout", "outside-ca.key", "-out", "outside-ca.pem", "-subj", "/O=Outside Trust/CN=Outside Trust CA",
    "-days", "30", "-addext", "basicConstraints=critical,CA:TRUE",
    "-addext", "keyUsage=critical,keyCertSign,cRLSign", NULL
  };
  const char *csr_argv[] = {
    "openssl", "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
    "-keyout", "qp2.key", "-out", "qp2.csr", "-subj", "/O=Outside Trust/CN=Dr. Paula Outside", NULL
  };
  const char *sign_argv[] = {
    "openssl", "x509", "-req", "-in", "qp2.csr", "-CA", "outside-ca.pem", "-CAkey", "outside-ca.key",
    "-CAcreateserial", "-out", "qp2.pem", "-days", "30", "-extfile", "qp2.ext", NULL
  };
  const char *p12_argv[] = {
    "openssl", "pkcs12", "-export", "-inkey", "qp2.key", "-in", "qp2.pem", "-certfile", "outside-ca.pem",
    "-out", "qp2.p12", "-passout", "pass:p12-secret", NULL
  };
  g_autofree char *ext = in_dir ("qp2.ext");
  g_autoptr(GError) error = NULL;

  g_file_set_contents (ext, "basicConstraints=CA:FALSE\n"
                            "keyUsage=critical,digitalSignature,nonRepudiation\n"
                            "extendedKeyUsage=emailProtection\n"
                            "subjectAltName=email:paula@outside.example\n", -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (run (ca_argv, NULL), ==, 0);
  g_assert_cmpint (run (csr_argv, NULL), ==, 0);
  g_assert_cmpint (run (sign_argv, NULL), ==, 0);
  g_assert_cmpint (run (p12_argv, NULL), ==, 0);
}

static void
test_pkcs12 (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(StSession) qp2 = NULL;
  g_autoptr(StCertificate) certificate = NULL;
  g_autoptr(StUserRecord) user = NULL;
  g_autoptr(StUserKeyRecord) key = NULL;
  g_autofree char *p12_path = in_dir ("qp2.p12");
  g_autofree char *outside_path = in_dir ("outside-ca.pem");
  g_autofree char *outside_ca = NULL;
  g_autoptr(GBytes) p12 = NULL;
  StCertificateReport report = { 0 };
  char *contents = NULL;
  gsize length = 0;
  const char *argv[] = {
    "openssl", "cms", "-verify", "-binary", "-inform", "DER", "-in", "CT-040-certificate.pdf.p7s",
    "-content", "CT-040-certificate.pdf", "-CAfile", "outside-ca.pem", "-out", "/dev/null", NULL
  };

  require_openssl ();
  make_outside_ca ();
  g_file_get_contents (p12_path, &contents, &length, &error);
  g_assert_no_error (error);
  p12 = g_bytes_new_take (contents, length);
  g_file_get_contents (outside_path, &outside_ca, NULL, &error);
  g_assert_no_error (error);

  flow_add_user ("qp2", "Dr. Paula Outside", ST_ROLE_QP);
  qp2 = flow_sign_in ("qp2");
  st_keys_import_pkcs12 (qp2, p12, "wrong-secret", FLOW_PASSWORD, &error);
  g_assert_error (error, ST_PKI_ERROR, ST_PKI_ERROR_PKCS12);
  g_clear_error (&error);
  st_keys_import_pkcs12 (qp2, p12, "p12-secret", "wrong-password", &error);
  g_assert_error (error, ST_AUTH_ERROR, ST_AUTH_ERROR_WRONG_PASSWORD);
  g_clear_error (&error);
  st_keys_import_pkcs12 (qp2, p12, "p12-secret", FLOW_PASSWORD, &error);
  g_assert_no_error (error);

  user = st_store_users_find (st_session_get_db (flow.admin), "qp2", &error);
  g_assert_no_error (error);
  key = st_store_users_active_key (st_session_get_db (flow.admin), user->id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (key->source, ==, "pkcs12");

  flow_make_lot ("CT-040", NULL, NULL);
  st_workflow_submit (flow.operator, "CT-040", &error);
  g_assert_no_error (error);
  st_workflow_review (flow.reviewer, "CT-040", FLOW_PASSWORD, &error);
  g_assert_no_error (error);
  certificate = st_workflow_release (qp2, "CT-040", ST_RELEASE_FULL, 0, FLOW_PASSWORD, &error);
  g_assert_no_error (error);
  write_file ("CT-040-certificate.pdf", certificate->pdf);
  write_file ("CT-040-certificate.pdf.p7s", certificate->cms);
  g_assert_cmpint (run (argv, NULL), ==, 0);

  st_certificate_verify (flow.admin, certificate->pdf, certificate->cms, outside_ca, &report, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (report.signer_subject, "Dr. Paula Outside"));
  st_certificate_report_clear (&report);
  /* Not by the site CA. */
  st_certificate_verify (flow.admin, certificate->pdf, certificate->cms, NULL, &report, &error);
  g_assert_error (error, ST_PKI_ERROR, ST_PKI_ERROR_UNTRUSTED);
  st_certificate_report_clear (&report);
  flow_assert_audit_intact ();
}

/* As of a signature, entries made afterwards are left out; now they count. */
static void
test_fingerprint_as_of (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(StLot) lot = NULL;
  g_autofree char *now_before = NULL;
  g_autofree char *now_after = NULL;
  g_autofree char *as_of = NULL;
  const StSignatureRecord *review;
  StDb *db = st_session_get_db (flow.admin);
  const char *viability[] = { "viability", NULL };

  flow_make_lot ("CT-050", viability, NULL);
  st_workflow_submit (flow.operator, "CT-050", &error);
  g_assert_no_error (error);
  st_workflow_review (flow.reviewer, "CT-050", FLOW_PASSWORD, &error);
  g_assert_no_error (error);
  lot = st_lots_get (flow.admin, "CT-050", &error);
  g_assert_no_error (error);
  review = g_ptr_array_index (lot->signatures, 0);
  now_before = st_fingerprint_lot (db, lot->record->id, ST_FINGERPRINT_NOW, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (now_before, ==, review->record_fingerprint);

  st_lots_record_result (flow.operator, "CT-050", "viability", "88", NULL, &error);
  g_assert_no_error (error);
  now_after = st_fingerprint_lot (db, lot->record->id, ST_FINGERPRINT_NOW, &error);
  g_assert_no_error (error);
  as_of = st_fingerprint_lot (db, lot->record->id, review->chain_seq, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (now_after, !=, now_before);
  g_assert_cmpstr (as_of, ==, review->record_fingerprint);
}

/* In a batch (one transaction) a lot's fingerprint is remembered while only
 * status changes and signatures follow, and taken anew after a change. */
static void
test_fingerprint_in_batch (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(StLot) lot = NULL;
  g_autofree char *first = NULL;
  g_autofree char *changed = NULL;
  g_autofree char *submitted = NULL;
  g_autofree char *fresh = NULL;
  StDb *db = st_session_get_db (flow.operator);
  const char *viability[] = { "viability", NULL };

  flow_make_lot ("CT-051", viability, NULL);
  lot = st_lots_get (flow.operator, "CT-051", &error);
  g_assert_no_error (error);

  g_assert_true (st_session_begin_batch (flow.operator, &error));
  g_assert_no_error (error);
  first = st_fingerprint_lot (db, lot->record->id, ST_FINGERPRINT_NOW, &error);
  g_assert_no_error (error);
  g_assert_true (st_lots_record_result (flow.operator, "CT-051", "viability", "88", NULL, &error));
  g_assert_no_error (error);
  changed = st_fingerprint_lot (db, lot->record->id, ST_FINGERPRINT_NOW, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (changed, !=, first);
  g_assert_true (st_workflow_submit (flow.operator, "CT-051", &error));
  g_assert_no_error (error);
  submitted = st_fingerprint_lot (db, lot->record->id, ST_FINGERPRINT_NOW, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (submitted, ==, changed);
  g_assert_true (st_session_end_batch (flow.operator, &error));
  g_assert_no_error (error);

  /* Outside a transaction nothing is remembered: the record read afresh. */
  fresh = st_fingerprint_lot (db, lot->record->id, ST_FINGERPRINT_NOW, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (fresh, ==, changed);
  flow_assert_audit_intact ();
}

/* A donor test written and rolled back leaves its id to the next one: the
 * eligibility judged from the first must not be taken for the second's. */
static void
test_fingerprint_after_rollback (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(StLot) lot = NULL;
  g_autofree char *rolled_back = NULL;
  g_autofree char *after = NULL;
  g_autofree char *elsewhere = NULL;
  StDb *db = st_session_get_db (flow.operator);

  flow_make_lot ("CT-052", NULL, NULL);
  lot = st_lots_get (flow.operator, "CT-052", &error);
  g_assert_no_error (error);

  g_assert_true (st_session_begin_batch (flow.operator, &error));
  g_assert_no_error (error);
  g_assert_true (st_donors_add_test (flow.operator, "G123426000002", "hcv", "positive", "2026-01-05", &error));
  g_assert_no_error (error);
  rolled_back = st_fingerprint_lot (db, lot->record->id, ST_FINGERPRINT_NOW, &error);
  g_assert_no_error (error);
  st_session_abandon_batch (flow.operator);

  g_assert_true (st_donors_add_test (flow.operator, "G123426000002", "htlv", "negative", "2026-01-05", &error));
  g_assert_no_error (error);
  after = st_fingerprint_lot (db, lot->record->id, ST_FINGERPRINT_NOW, &error);
  g_assert_no_error (error);
  elsewhere = st_fingerprint_lot (st_session_get_db (flow.admin), lot->record->id, ST_FINGERPRINT_NOW, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (after, !=, rolled_back);
  g_assert_cmpstr (after, ==, elsewhere);
}

/* Last: it changes a certified value behind the program's back. */
static void
test_record_changed (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(StCertificate) certificate = released_lot ("CT-099", NULL, ST_RELEASE_FULL);
  StCertificateReport report = { 0 };
  StAuditReport audit = { 0 };
  sqlite3 *raw = NULL;
  char *message = NULL;

  flow_assert_audit_intact ();
#ifdef ST_TEST_HAVE_POSTGRESQL
  if (flow.pg_dbname != NULL)
    {
      g_autofree char *state = st_test_pg_try_sqlite (flow.pg_dbname, "DROP TRIGGER results_no_update;"
        "UPDATE results SET value = '99.5' WHERE param = 'viability'"
        " AND lot_id = (SELECT id FROM lots WHERE lot_number = 'CT-099');");
      g_assert_null (state);
    }
  else
#endif
    {
      g_assert_cmpint (sqlite3_open (flow.db_path, &raw), ==, SQLITE_OK);
      sqlite3_exec (raw, "DROP TRIGGER results_no_update;"
                         "UPDATE results SET value = '99.5' WHERE param = 'viability'"
                         " AND lot_id = (SELECT id FROM lots WHERE lot_number = 'CT-099');",
                    NULL, NULL, &message);
      g_assert_null (message);
      g_assert_cmpint (sqlite3_changes (raw), ==, 1);
      sqlite3_close (raw);
    }

  st_certificate_verify (flow.admin, certificate->pdf, certificate->cms, NULL, &report, &error);
  g_assert_error (error, ST_CERTIFICATE_ERROR, ST_CERTIFICATE_ERROR_RECORD_CHANGED);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "fingerprint"));
  g_assert_nonnull (strstr (error->message, "CT-099"));
  g_assert_cmpstr (report.failed_check, ==, "record");
  g_assert_true (report.signature_valid);
  g_assert_true (report.issued);
  g_assert_false (report.record_unchanged);
  st_certificate_report_clear (&report);

  /* The audit trail sees it too. */
  g_clear_error (&error);
  st_audit_verify (st_session_get_db (flow.admin), &audit, &error);
  g_assert_no_error (error);
  g_assert_false (audit.intact);
  st_audit_report_clear (&audit);
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  flow_setup ("de");
  g_test_add_func ("/core/certificate/openssl-verifies", test_openssl_verifies);
  g_test_add_func ("/core/certificate/verify", test_verify);
  g_test_add_func ("/core/certificate/bit-flip", test_bit_flip);
  g_test_add_func ("/core/certificate/staged", test_staged_certificates);
  g_test_add_func ("/core/certificate/exceptional", test_exceptional_certificate);
  g_test_add_func ("/core/certificate/site-language", test_german_text);
  g_test_add_func ("/core/certificate/pkcs12", test_pkcs12);
  g_test_add_func ("/core/certificate/fingerprint-as-of", test_fingerprint_as_of);
  g_test_add_func ("/core/certificate/fingerprint-in-batch", test_fingerprint_in_batch);
  g_test_add_func ("/core/certificate/fingerprint-after-rollback", test_fingerprint_after_rollback);
  g_test_add_func ("/core/certificate/record-changed", test_record_changed);
  status = g_test_run ();
  if (g_getenv ("STROMA_TEST_KEEP") != NULL)
    g_printerr ("# kept %s\n", flow.dir);
  else
    flow_teardown ();
  return status;
}
