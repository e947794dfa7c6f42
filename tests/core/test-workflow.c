/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "flow-fixture.h"

#include "st-deviations.h"
#include "st-pki.h"
#include "st-signing.h"
#include "st-workflow.h"

static StCertificate *
release (StSession     *session,
         const char    *lot,
         StReleaseMode  mode,
         gint64         deviation,
         GError       **error)
{
  return st_workflow_release (session, lot, mode, deviation, FLOW_PASSWORD, error);
}

static void
submit_and_review (const char *lot)
{
  g_autoptr(GError) error = NULL;

  st_workflow_submit (flow.operator, lot, &error);
  g_assert_no_error (error);
  st_workflow_review (flow.reviewer, lot, FLOW_PASSWORD, &error);
  g_assert_no_error (error);
}

static void
assert_status (const char *lot,
               const char *status)
{
  g_autofree char *actual = flow_lot_status (lot);
  g_assert_cmpstr (actual, ==, status);
}

static void
test_full_flow (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(StCertificate) certificate = NULL;
  g_autoptr(StLot) lot = NULL;
  g_autofree char *ca = NULL;
  g_autofree char *signer = NULL;
  const StSignatureRecord *reviewed, *certified;

  flow_make_lot ("WF-001", NULL, NULL);
  st_workflow_submit (flow.operator, "WF-001", &error);
  g_assert_no_error (error);
  assert_status ("WF-001", "in_review");
  st_workflow_review (flow.reviewer, "WF-001", FLOW_PASSWORD, &error);
  g_assert_no_error (error);
  assert_status ("WF-001", "reviewed");

  certificate = release (flow.qp, "WF-001", ST_RELEASE_FULL, 0, &error);
  g_assert_no_error (error);
  g_assert_nonnull (certificate);
  g_assert_cmpstr (certificate->kind, ==, "release");
  g_assert_cmpstr (certificate->status, ==, "released");
  g_assert_cmpstr (certificate->lot_number, ==, "WF-001");
  g_assert_true (g_bytes_get_size (certificate->pdf) > 1000);
  g_assert_cmpmem (g_bytes_get_data (certificate->pdf, NULL), 5, "%PDF-", 5);
  g_assert_cmpuint (strlen (certificate->pdf_sha256), ==, 64);
  assert_status ("WF-001", "released");

  /* The detached signature verifies over the PDF with the site CA. */
  ca = st_site_ca_cert_pem (flow.qp, &error);
  g_assert_no_error (error);
  st_pki_cms_verify (certificate->pdf, certificate->cms, ca, &signer, NULL, &error);
  g_assert_no_error (error);

  lot = st_lots_get (flow.qp, "WF-001", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (lot->signatures->len, ==, 2);
  reviewed = g_ptr_array_index (lot->signatures, 0);
  certified = g_ptr_array_index (lot->signatures, 1);
  g_assert_cmpstr (reviewed->meaning, ==, "reviewed");
  g_assert_cmpstr (reviewed->role, ==, "reviewer");
  g_assert_cmpstr (reviewed->full_name, ==, "Rita Reviewer");
  g_assert_cmpstr (certified->meaning, ==, "certified");
  g_assert_cmpstr (certified->role, ==, "qp");
  g_assert_cmpstr (certified->username, ==, "qp");
  g_assert_cmpstr (certified->record_fingerprint, ==, certificate->record_fingerprint);
  g_assert_cmpstr (reviewed->record_fingerprint, ==, certified->record_fingerprint);
  g_assert_nonnull (certified->manifest_cms);
  g_assert_true (certified->chain_seq > reviewed->chain_seq);
  g_assert_nonnull (lot->record->released_at);

  /* The signature's manifest verifies with the signer's certificate. */
  {
    g_autoptr(GBytes) manifest = st_signing_manifest (certified, "WF-001");
    st_pki_cms_verify (manifest, certified->manifest_cms, ca, NULL, NULL, &error);
    g_assert_no_error (error);
  }

  /* Released data are locked. */
  st_lots_correct_result (flow.operator, "WF-001", "viability", "93", "typo", &error);
  g_assert_error (error, ST_LOTS_ERROR, ST_LOTS_ERROR_LOCKED);
  flow_assert_audit_intact ();
}

static void
test_segregation (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(StCertificate) certificate = NULL;
  const char *viability[] = { "viability", NULL };

  /* multi entered a result of SEG-1: it may neither review nor release it. */
  flow_make_lot ("SEG-1", viability, NULL);
  st_lots_record_result (flow.multi, "SEG-1", "viability", "91", NULL, &error);
  g_assert_no_error (error);
  st_workflow_submit (flow.operator, "SEG-1", &error);
  g_assert_no_error (error);
  st_workflow_review (flow.multi, "SEG-1", FLOW_PASSWORD, &error);
  g_assert_error (error, ST_WORKFLOW_ERROR, ST_WORKFLOW_ERROR_SEGREGATION);
  g_test_message ("%s", error->message);
  g_clear_error (&error);
  assert_status ("SEG-1", "in_review");
  st_workflow_review (flow.reviewer, "SEG-1", FLOW_PASSWORD, &error);
  g_assert_no_error (error);
  certificate = release (flow.multi, "SEG-1", ST_RELEASE_FULL, 0, &error);
  g_assert_error (error, ST_WORKFLOW_ERROR, ST_WORKFLOW_ERROR_SEGREGATION);
  g_assert_null (certificate);
  g_clear_error (&error);
  assert_status ("SEG-1", "reviewed");

  /* multi reviewed SEG-2: the QP who certifies must be someone else. */
  flow_make_lot ("SEG-2", NULL, NULL);
  st_workflow_submit (flow.operator, "SEG-2", &error);
  g_assert_no_error (error);
  st_workflow_review (flow.multi, "SEG-2", FLOW_PASSWORD, &error);
  g_assert_no_error (error);
  certificate = release (flow.multi, "SEG-2", ST_RELEASE_FULL, 0, &error);
  g_assert_error (error, ST_WORKFLOW_ERROR, ST_WORKFLOW_ERROR_SEGREGATION);
  g_assert_nonnull (strstr (error->message, "reviewed"));
  g_clear_error (&error);
  certificate = release (flow.qp, "SEG-2", ST_RELEASE_FULL, 0, &error);
  g_assert_no_error (error);
  assert_status ("SEG-2", "released");

  /* Roles: an operator neither reviews nor releases. */
  st_workflow_review (flow.operator, "SEG-1", FLOW_PASSWORD, &error);
  g_assert_error (error, ST_AUTH_ERROR, ST_AUTH_ERROR_ROLE);
  g_clear_error (&error);
  g_clear_pointer (&certificate, st_certificate_free);
  certificate = release (flow.reviewer, "SEG-1", ST_RELEASE_FULL, 0, &error);
  g_assert_error (error, ST_AUTH_ERROR, ST_AUTH_ERROR_ROLE);
  flow_assert_audit_intact ();
}

static gint64
failed_count (const char *username)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(StUserRecord) user = st_store_users_find (st_session_get_db (flow.admin), username, &error);

  g_assert_no_error (error);
  return user->failed_count;
}

static void
test_wrong_password (void)
{
  g_autoptr(GError) error = NULL;

  flow_make_lot ("PW-1", NULL, NULL);
  st_workflow_submit (flow.operator, "PW-1", &error);
  g_assert_no_error (error);
  g_assert_cmpint (failed_count ("reviewer"), ==, 0);
  st_workflow_review (flow.reviewer, "PW-1", "not-the-password", &error);
  g_assert_error (error, ST_AUTH_ERROR, ST_AUTH_ERROR_WRONG_PASSWORD);
  g_assert_cmpint (error->code / 100, ==, 3);
  g_clear_error (&error);
  g_assert_cmpint (failed_count ("reviewer"), ==, 1);
  assert_status ("PW-1", "in_review");

  st_workflow_review (flow.reviewer, "PW-1", FLOW_PASSWORD, &error);
  g_assert_no_error (error);
  g_assert_cmpint (failed_count ("reviewer"), ==, 0);
  assert_status ("PW-1", "reviewed");
  flow_assert_audit_intact ();
}

static void
test_out_of_order (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(StCertificate) certificate = NULL;

  flow_make_lot ("OO-1", NULL, NULL);
  st_workflow_review (flow.reviewer, "OO-1", FLOW_PASSWORD, &error);
  g_assert_error (error, ST_WORKFLOW_ERROR, ST_WORKFLOW_ERROR_STATE);
  g_assert_nonnull (strstr (error->message, "is open"));
  g_clear_error (&error);
  certificate = release (flow.qp, "OO-1", ST_RELEASE_FULL, 0, &error);
  g_assert_error (error, ST_WORKFLOW_ERROR, ST_WORKFLOW_ERROR_STATE);
  g_clear_error (&error);

  st_workflow_submit (flow.operator, "OO-1", &error);
  g_assert_no_error (error);
  st_workflow_submit (flow.operator, "OO-1", &error);
  g_assert_error (error, ST_WORKFLOW_ERROR, ST_WORKFLOW_ERROR_STATE);
  g_assert_nonnull (strstr (error->message, "is in_review"));
  g_clear_error (&error);
  certificate = release (flow.qp, "OO-1", ST_RELEASE_FULL, 0, &error);
  g_assert_error (error, ST_WORKFLOW_ERROR, ST_WORKFLOW_ERROR_STATE);
  g_assert_nonnull (strstr (error->message, "is in_review"));
  g_clear_error (&error);

  st_workflow_review (flow.reviewer, "OO-1", FLOW_PASSWORD, &error);
  g_assert_no_error (error);
  certificate = release (flow.qp, "OO-1", ST_RELEASE_FULL, 0, &error);
  g_assert_no_error (error);
  g_clear_pointer (&certificate, st_certificate_free);

  st_workflow_submit (flow.operator, "OO-1", &error);
  g_assert_error (error, ST_WORKFLOW_ERROR, ST_WORKFLOW_ERROR_STATE);
  g_assert_nonnull (strstr (error->message, "is released"));
  g_clear_error (&error);
  st_workflow_reject (flow.qp, "OO-1", "too late", FLOW_PASSWORD, &error);
  g_assert_error (error, ST_WORKFLOW_ERROR, ST_WORKFLOW_ERROR_STATE);
  g_clear_error (&error);
  certificate = release (flow.qp, "OO-1", ST_RELEASE_FULL, 0, &error);
  g_assert_error (error, ST_WORKFLOW_ERROR, ST_WORKFLOW_ERROR_STATE);
  g_clear_error (&error);
  certificate = release (flow.qp, "NO-SUCH-LOT", ST_RELEASE_FULL, 0, &error);
  g_assert_error (error, ST_WORKFLOW_ERROR, ST_WORKFLOW_ERROR_NOT_FOUND);
  assert_status ("OO-1", "released");
}

/* A change after review voids it: the lot must be reviewed again. */
static void
test_change_voids_review (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(StCertificate) certificate = NULL;

  flow_make_lot ("VOID-1", NULL, NULL);
  submit_and_review ("VOID-1");
  st_lots_correct_result (flow.operator, "VOID-1", "viability", "90.5", "transcription error", &error);
  g_assert_no_error (error);
  assert_status ("VOID-1", "in_review");
  certificate = release (flow.qp, "VOID-1", ST_RELEASE_FULL, 0, &error);
  g_assert_error (error, ST_WORKFLOW_ERROR, ST_WORKFLOW_ERROR_STATE);
}

static void
test_not_conforming (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(StCertificate) certificate = NULL;
  const char *low[] = { "viability=62", NULL };
  const char *no_endotoxin[] = { "endotoxin", NULL };

  flow_make_lot ("NC-1", NULL, low);
  submit_and_review ("NC-1");
  certificate = release (flow.qp, "NC-1", ST_RELEASE_FULL, 0, &error);
  g_assert_error (error, ST_WORKFLOW_ERROR, ST_WORKFLOW_ERROR_NOT_CONFORMING);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "viability 62 % is out of specification (>= 70)"));
  g_clear_error (&error);
  /* Not pending either: a staged release does not cover an OOS result. */
  certificate = release (flow.qp, "NC-1", ST_RELEASE_INITIAL, 0, &error);
  g_assert_error (error, ST_WORKFLOW_ERROR, ST_WORKFLOW_ERROR_NOT_CONFORMING);
  g_clear_error (&error);
  assert_status ("NC-1", "reviewed");

  flow_make_lot ("NC-2", no_endotoxin, NULL);
  submit_and_review ("NC-2");
  certificate = release (flow.qp, "NC-2", ST_RELEASE_FULL, 0, &error);
  g_assert_error (error, ST_WORKFLOW_ERROR, ST_WORKFLOW_ERROR_NOT_CONFORMING);
  g_assert_nonnull (strstr (error->message, "endotoxin is missing"));
  g_clear_error (&error);
  certificate = release (flow.qp, "NC-2", ST_RELEASE_INITIAL, 0, &error);
  g_assert_error (error, ST_WORKFLOW_ERROR, ST_WORKFLOW_ERROR_NOT_CONFORMING);
  g_assert_nonnull (strstr (error->message, "endotoxin is missing"));
  g_clear_error (&error);
  assert_status ("NC-2", "reviewed");

  /* An ineligible donor is a failing item too. */
  {
    const char *donors[] = { "G123426000001", "G123426000099", NULL };
    st_lots_create (flow.operator, "NC-3", NULL, donors, NULL, &error);
    g_assert_no_error (error);
    flow_record_results (flow.operator, "NC-3", NULL, NULL);
    submit_and_review ("NC-3");
    certificate = release (flow.qp, "NC-3", ST_RELEASE_FULL, 0, &error);
    g_assert_error (error, ST_WORKFLOW_ERROR, ST_WORKFLOW_ERROR_NOT_CONFORMING);
    g_assert_nonnull (strstr (error->message, "donors"));
  }
}

static void
test_staged_pass (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(StCertificate) initial = NULL;
  g_autoptr(StCertificate) final = NULL;
  g_autoptr(StLot) lot = NULL;
  const char *sterility[] = { "sterility", NULL };
  StPassageInput p3 = { "3", "10000000", "80000000", "2026-10-17", "2026-10-25" };

  flow_make_lot ("ST-1", sterility, NULL);
  submit_and_review ("ST-1");
  final = release (flow.qp, "ST-1", ST_RELEASE_FULL, 0, &error);
  g_assert_error (error, ST_WORKFLOW_ERROR, ST_WORKFLOW_ERROR_NOT_CONFORMING);
  g_assert_nonnull (strstr (error->message, "sterility is pending"));
  g_assert_nonnull (strstr (error->message, "--initial"));
  g_clear_error (&error);

  initial = release (flow.qp, "ST-1", ST_RELEASE_INITIAL, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (initial->kind, ==, "initial");
  assert_status ("ST-1", "released_initial");
  final = release (flow.qp, "ST-1", ST_RELEASE_FULL, 0, &error);
  g_assert_error (error, ST_WORKFLOW_ERROR, ST_WORKFLOW_ERROR_NOT_CONFORMING);
  g_clear_error (&error);
  final = release (flow.qp, "ST-1", ST_RELEASE_INITIAL, 0, &error);
  g_assert_error (error, ST_WORKFLOW_ERROR, ST_WORKFLOW_ERROR_STATE);
  g_clear_error (&error);

  /* Only the pending result may still come in. */
  st_lots_add_passage (flow.operator, "ST-1", &p3, &error);
  g_assert_error (error, ST_LOTS_ERROR, ST_LOTS_ERROR_LOCKED);
  g_clear_error (&error);
  st_lots_record_result (flow.operator, "ST-1", "sterility", "no-growth", NULL, &error);
  g_assert_no_error (error);
  assert_status ("ST-1", "released_initial");

  final = release (flow.qp, "ST-1", ST_RELEASE_FULL, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (final->kind, ==, "final");
  g_assert_cmpstr (final->status, ==, "released");
  g_assert_cmpstr (final->record_fingerprint, !=, initial->record_fingerprint);
  assert_status ("ST-1", "released");

  lot = st_lots_get (flow.qp, "ST-1", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (lot->signatures->len, ==, 3);
  g_assert_null (lot->record->flag);
  flow_assert_audit_intact ();
}

static void
test_staged_fail (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(StCertificate) certificate = NULL;
  g_autoptr(StCertificate) initial = NULL;
  g_autoptr(StLot) lot = NULL;
  const char *sterility[] = { "sterility", NULL };
  const StDeviationRecord *deviation;
  StCertificateReport report = { 0 };

  flow_make_lot ("ST-2", sterility, NULL);
  submit_and_review ("ST-2");
  initial = release (flow.qp, "ST-2", ST_RELEASE_INITIAL, 0, &error);
  g_assert_no_error (error);

  st_lots_record_result (flow.operator, "ST-2", "sterility", "growth", NULL, &error);
  g_assert_no_error (error);
  lot = st_lots_get (flow.qp, "ST-2", &error);
  g_assert_no_error (error);
  g_assert_nonnull (lot->record->flag);
  g_assert_nonnull (strstr (lot->record->flag, "Sterility"));
  g_assert_cmpuint (lot->deviations->len, ==, 1);
  deviation = g_ptr_array_index (lot->deviations, 0);
  g_assert_cmpstr (deviation->severity, ==, "critical");
  g_assert_cmpstr (deviation->status, ==, "open");
  g_assert_cmpstr (lot->record->status, ==, "released_initial");

  /* The initial certificate still verifies, and says the lot is flagged now. */
  st_certificate_verify (flow.admin, initial->pdf, initial->cms, NULL, &report, &error);
  g_assert_no_error (error);
  g_assert_true (report.record_unchanged);
  g_assert_true (report.later_entries);
  g_assert_cmpstr (report.flag, ==, lot->record->flag);
  st_certificate_report_clear (&report);

  certificate = release (flow.qp, "ST-2", ST_RELEASE_FULL, 0, &error);
  g_assert_error (error, ST_WORKFLOW_ERROR, ST_WORKFLOW_ERROR_NOT_CONFORMING);
  g_assert_nonnull (strstr (error->message, "sterility growth is out of specification"));
  g_clear_error (&error);
  certificate = release (flow.qp, "ST-2", ST_RELEASE_EXCEPTIONAL, deviation->number, &error);
  g_assert_error (error, ST_WORKFLOW_ERROR, ST_WORKFLOW_ERROR_STATE);
  assert_status ("ST-2", "released_initial");
  flow_assert_audit_intact ();
}

static void
test_initial_needs_pending (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(StCertificate) certificate = NULL;

  flow_make_lot ("ST-3", NULL, NULL);
  submit_and_review ("ST-3");
  certificate = release (flow.qp, "ST-3", ST_RELEASE_INITIAL, 0, &error);
  g_assert_error (error, ST_WORKFLOW_ERROR, ST_WORKFLOW_ERROR_INVALID);
  assert_status ("ST-3", "reviewed");
}

static void
test_exceptional (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(StCertificate) certificate = NULL;
  const char *low[] = { "viability=62", NULL };
  const char *no_endotoxin[] = { "endotoxin", NULL };
  gint64 number = 0, other = 0;

  flow_make_lot ("EX-1", NULL, low);
  submit_and_review ("EX-1");
  st_deviations_open (flow.operator, "EX-1", "major", "Viability 62 % below the limit of 70 %.", &number, &error);
  g_assert_no_error (error);

  certificate = release (flow.qp, "EX-1", ST_RELEASE_EXCEPTIONAL, 0, &error);
  g_assert_error (error, ST_WORKFLOW_ERROR, ST_WORKFLOW_ERROR_INVALID);
  g_clear_error (&error);
  certificate = release (flow.qp, "EX-1", ST_RELEASE_FULL, number, &error);
  g_assert_error (error, ST_WORKFLOW_ERROR, ST_WORKFLOW_ERROR_INVALID);
  g_clear_error (&error);
  certificate = release (flow.qp, "EX-1", ST_RELEASE_EXCEPTIONAL, number, &error);
  g_assert_error (error, ST_WORKFLOW_ERROR, ST_WORKFLOW_ERROR_DEVIATION);
  g_assert_nonnull (strstr (error->message, "is open"));
  g_clear_error (&error);
  certificate = release (flow.qp, "EX-1", ST_RELEASE_EXCEPTIONAL, 999999, &error);
  g_assert_error (error, ST_WORKFLOW_ERROR, ST_WORKFLOW_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* A closed deviation of another lot does not do. */
  flow_make_lot ("EX-2", no_endotoxin, NULL);
  submit_and_review ("EX-2");
  st_deviations_open (flow.operator, "EX-2", "minor", "Endotoxin sample lost.", &other, &error);
  g_assert_no_error (error);
  st_deviations_close (flow.reviewer, other, "Retest ordered.", &error);
  g_assert_no_error (error);
  certificate = release (flow.qp, "EX-1", ST_RELEASE_EXCEPTIONAL, other, &error);
  g_assert_error (error, ST_WORKFLOW_ERROR, ST_WORKFLOW_ERROR_DEVIATION);
  g_assert_nonnull (strstr (error->message, "EX-2"));
  g_clear_error (&error);
  /* An incomplete lot is not an OOS lot. */
  certificate = release (flow.qp, "EX-2", ST_RELEASE_EXCEPTIONAL, other, &error);
  g_assert_error (error, ST_WORKFLOW_ERROR, ST_WORKFLOW_ERROR_NOT_CONFORMING);
  g_assert_nonnull (strstr (error->message, "no out-of-specification result"));
  g_clear_error (&error);

  st_deviations_close (flow.qp, number,
                       "Treating physician Dr. Weber requests the lot for patient 0042 (no alternative "
                       "treatment, steroid-refractory GvHD grade IV). Risk assessed as acceptable.", &error);
  g_assert_no_error (error);
  certificate = release (flow.qp, "EX-1", ST_RELEASE_EXCEPTIONAL, number, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (certificate->kind, ==, "exceptional");
  assert_status ("EX-1", "released_exceptional");
  g_clear_pointer (&certificate, st_certificate_free);

  /* A conforming lot is not released exceptionally. */
  flow_make_lot ("EX-3", NULL, NULL);
  submit_and_review ("EX-3");
  st_deviations_open (flow.operator, "EX-3", "minor", "Label reprinted.", &other, &error);
  g_assert_no_error (error);
  st_deviations_close (flow.reviewer, other, "No impact.", &error);
  g_assert_no_error (error);
  certificate = release (flow.qp, "EX-3", ST_RELEASE_EXCEPTIONAL, other, &error);
  g_assert_error (error, ST_WORKFLOW_ERROR, ST_WORKFLOW_ERROR_NOT_CONFORMING);
  flow_assert_audit_intact ();
}

static void
test_reject (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(StLot) lot = NULL;
  const StSignatureRecord *signature;

  flow_make_lot ("RJ-1", NULL, NULL);
  st_workflow_submit (flow.operator, "RJ-1", &error);
  g_assert_no_error (error);
  st_workflow_reject (flow.reviewer, "RJ-1", "  ", FLOW_PASSWORD, &error);
  g_assert_error (error, ST_WORKFLOW_ERROR, ST_WORKFLOW_ERROR_INVALID);
  g_clear_error (&error);
  st_workflow_reject (flow.operator, "RJ-1", "bag damaged", FLOW_PASSWORD, &error);
  g_assert_error (error, ST_AUTH_ERROR, ST_AUTH_ERROR_ROLE);
  g_clear_error (&error);
  st_workflow_reject (flow.reviewer, "RJ-1", "Bag damaged during thawing", FLOW_PASSWORD, &error);
  g_assert_no_error (error);
  assert_status ("RJ-1", "rejected");

  lot = st_lots_get (flow.reviewer, "RJ-1", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (lot->signatures->len, ==, 1);
  signature = g_ptr_array_index (lot->signatures, 0);
  g_assert_cmpstr (signature->meaning, ==, "rejected");
  g_assert_cmpstr (signature->role, ==, "reviewer");
  g_assert_cmpstr (signature->reason, ==, "Bag damaged during thawing");

  st_lots_correct_result (flow.operator, "RJ-1", "viability", "93", "typo", &error);
  g_assert_error (error, ST_LOTS_ERROR, ST_LOTS_ERROR_LOCKED);
  g_clear_error (&error);
  st_workflow_submit (flow.operator, "RJ-1", &error);
  g_assert_error (error, ST_WORKFLOW_ERROR, ST_WORKFLOW_ERROR_STATE);
  g_clear_error (&error);

  /* A QP rejects a reviewed lot in the QP role. */
  flow_make_lot ("RJ-2", NULL, NULL);
  submit_and_review ("RJ-2");
  st_workflow_reject (flow.qp, "RJ-2", "Transport temperature excursion", FLOW_PASSWORD, &error);
  g_assert_no_error (error);
  g_clear_pointer (&lot, st_lot_free);
  lot = st_lots_get (flow.qp, "RJ-2", &error);
  g_assert_no_error (error);
  signature = g_ptr_array_index (lot->signatures, lot->signatures->len - 1);
  g_assert_cmpstr (signature->role, ==, "qp");
  g_assert_cmpstr (lot->record->status, ==, "rejected");
  flow_assert_audit_intact ();
}

static void
test_no_key (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(StSession) session = NULL;
  g_autoptr(StUserRecord) user = NULL;
  StDb *db = st_session_get_db (flow.admin);

  flow_add_user ("keyless", "Karl Keyless", ST_ROLE_REVIEWER);
  user = st_store_users_find (db, "keyless", &error);
  g_assert_no_error (error);
  st_store_users_retire_keys (db, user->id, &error);
  g_assert_no_error (error);
  session = flow_sign_in ("keyless");

  flow_make_lot ("NK-1", NULL, NULL);
  st_workflow_submit (flow.operator, "NK-1", &error);
  g_assert_no_error (error);
  st_workflow_review (session, "NK-1", FLOW_PASSWORD, &error);
  g_assert_error (error, ST_SIGNING_ERROR, ST_SIGNING_ERROR_NO_KEY);
  g_assert_nonnull (strstr (error->message, "keyless"));
  assert_status ("NK-1", "in_review");
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  flow_setup ("en");
  g_test_add_func ("/core/workflow/full-flow", test_full_flow);
  g_test_add_func ("/core/workflow/segregation", test_segregation);
  g_test_add_func ("/core/workflow/wrong-password", test_wrong_password);
  g_test_add_func ("/core/workflow/out-of-order", test_out_of_order);
  g_test_add_func ("/core/workflow/change-voids-review", test_change_voids_review);
  g_test_add_func ("/core/workflow/not-conforming", test_not_conforming);
  g_test_add_func ("/core/workflow/staged-pass", test_staged_pass);
  g_test_add_func ("/core/workflow/staged-fail", test_staged_fail);
  g_test_add_func ("/core/workflow/initial-needs-pending", test_initial_needs_pending);
  g_test_add_func ("/core/workflow/exceptional", test_exceptional);
  g_test_add_func ("/core/workflow/reject", test_reject);
  g_test_add_func ("/core/workflow/no-key", test_no_key);
  status = g_test_run ();
  flow_teardown ();
  return status;
}
