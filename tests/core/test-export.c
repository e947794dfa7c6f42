/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "st-audit.h"
#include "st-deviations.h"
#include "st-donors.h"
#include "st-error.h"
#include "st-evaluate.h"
#include "st-export.h"
#include "st-lots.h"
#include "st-signing.h"
#include "st-site.h"
#include "st-store-audit.h"
#include "st-store-lots.h"
#include "st-store-signatures.h"
#include "st-users.h"
#include "st-workflow.h"

/*
 * One small site, built once (each user costs a key derivation): three lots,
 * one out of specification, one corrected result, a passage, a deviation, a
 * rejection signature.  Every test exports from it and reads the workbook
 * back with openpyxl (tests/core/check-workbook.py).
 */

#define ADMIN_PASSWORD "admin-password-1"
#define OPERATOR_PASSWORD "operator-password-1"
#define REVIEWER_PASSWORD "reviewer-password-1"
#define QP_PASSWORD "qp-password-1234"

static char *site_dir;
static StSession *session;

static void
sign_in (const char *username,
         const char *password)
{
  g_autoptr(GError) error = NULL;

  st_session_sign_in (session, username, password, &error);
  g_assert_no_error (error);
}

static void
build_site (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *db = NULL;
  StSiteSetup setup = {
    .site_name = "Export Test Site", .admin_username = "admin",
    .admin_full_name = "Ada Admin", .admin_password = ADMIN_PASSWORD,
  };
  const char *d1[] = { "D-001", NULL };
  const char *d2[] = { "D-002", "D-001", NULL };
  StDonorInput donor1 = { "D-001", "1980", "female", "2026-01-02", FALSE };
  StDonorInput donor2 = { "D-002", "1975", "male", NULL, TRUE };
  StPassageInput passage = { "1", "1000000", "8000000", "2026-01-10", "2026-01-17" };
  StResultInput l1[] = {
    { "viability", "92.5", NULL, NULL }, { "cell_concentration", "2.1", NULL, NULL },
    { "sterility", "no-growth", NULL, NULL }, { "endotoxin", "0.2", NULL, NULL },
  };
  StResultInput l2[] = { { "viability", "65", NULL, NULL }, { "cd73", "97.5", NULL, NULL } };

  site_dir = g_dir_make_tmp ("stroma-export-XXXXXX", &error);
  g_assert_no_error (error);
  db = g_build_filename (site_dir, "site.db", NULL);
  session = st_site_create (db, &setup, &error);
  g_assert_no_error (error);
  st_users_add (session, "olga", "Olga Operator", ST_ROLE_OPERATOR, OPERATOR_PASSWORD, &error);
  g_assert_no_error (error);
  st_users_add (session, "rita", "Rita Reviewer", ST_ROLE_REVIEWER, REVIEWER_PASSWORD, &error);
  g_assert_no_error (error);
  st_users_add (session, "quinn", "Quinn QP", ST_ROLE_QP, QP_PASSWORD, &error);
  g_assert_no_error (error);

  sign_in ("olga", OPERATOR_PASSWORD);
  st_donors_add (session, &donor1, &error);
  g_assert_no_error (error);
  st_donors_add (session, &donor2, &error);
  g_assert_no_error (error);
  st_donors_add_test (session, "D-001", "hiv", "negative", "2026-01-05", &error);
  g_assert_no_error (error);
  st_donors_add_test (session, "D-001", "hcv", "indeterminate", "2026-01-05", &error);
  g_assert_no_error (error);
  st_donors_add_test (session, "D-001", "hcv", "negative", "2026-01-20", &error);
  g_assert_no_error (error);
  st_lots_create (session, "L-001", "MSC suspension", d1, NULL, &error);
  g_assert_no_error (error);
  st_lots_create (session, "L-002", "MSC suspension", d2, NULL, &error);
  g_assert_no_error (error);
  st_lots_create (session, "L-003", "MSC suspension", d1, NULL, &error);
  g_assert_no_error (error);
  st_lots_add_passage (session, "L-001", &passage, &error);
  g_assert_no_error (error);
  st_lots_save_results (session, "L-001", l1, G_N_ELEMENTS (l1), &error);
  g_assert_no_error (error);
  st_lots_save_results (session, "L-002", l2, G_N_ELEMENTS (l2), &error);
  g_assert_no_error (error);
  st_lots_correct_result (session, "L-001", "viability", "91.0", "transcription error", &error);
  g_assert_no_error (error);
  st_deviations_open (session, "L-002", "major", "Viability below the limit", NULL, &error);
  g_assert_no_error (error);

  sign_in ("rita", REVIEWER_PASSWORD);
  st_workflow_reject (session, "L-003", "Donor consent withdrawn", REVIEWER_PASSWORD, &error);
  g_assert_no_error (error);
}

static gint64
audit_entries (void)
{
  g_autoptr(GError) error = NULL;
  StAuditReport report = { 0 };
  gint64 entries;

  st_audit_verify (st_session_get_db (session), &report, &error);
  g_assert_no_error (error);
  g_assert_true (report.intact);
  entries = report.entries;
  st_audit_report_clear (&report);
  return entries;
}

static gint64
spec_items (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(StLotRecord) lot = st_store_lots_find (st_session_get_db (session), "L-001", &error);
  const StSpec *spec;

  g_assert_no_error (error);
  spec = st_evaluate_spec (st_session_get_db (session), lot->spec_id, &error);
  g_assert_no_error (error);
  return spec->items->len;
}

static gint64
lot_signatures (const char *lot_number)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(StLotRecord) lot = st_store_lots_find (st_session_get_db (session), lot_number, &error);
  g_autoptr(GPtrArray) signatures = NULL;

  g_assert_no_error (error);
  signatures = st_store_signatures_for_lot (st_session_get_db (session), lot->id, &error);
  g_assert_no_error (error);
  return signatures->len;
}

static gint64
spec_signatures (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(StLotRecord) lot = st_store_lots_find (st_session_get_db (session), "L-001", &error);
  g_autoptr(GPtrArray) signatures = NULL;

  g_assert_no_error (error);
  signatures = st_store_signatures_for_spec (st_session_get_db (session), lot->spec_id, &error);
  g_assert_no_error (error);
  return signatures->len;
}

static char *
rows_argument (const gint64 rows[ST_EXPORT_N_SHEETS])
{
  GString *text = g_string_new (NULL);

  for (int i = 0; i < ST_EXPORT_N_SHEETS; i++)
    g_string_append_printf (text, "%s%s=%" G_GINT64_FORMAT, i ? "," : "", st_export_sheet_name (i), rows[i]);
  return g_string_free (text, FALSE);
}

/* Runs check-workbook.py; returns its exit status, its complaints as messages. */
static int
check_workbook (const char         *path,
                const gint64        rows[ST_EXPORT_N_SHEETS],
                const char *const  *extra)
{
  g_autofree char *script = g_test_build_filename (G_TEST_DIST, "core", "check-workbook.py", NULL);
  g_autofree char *rows_text = rows_argument (rows);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status = -1;

  g_ptr_array_add (argv, (char *) "/usr/bin/python3");
  g_ptr_array_add (argv, script);
  g_ptr_array_add (argv, (char *) path);
  g_ptr_array_add (argv, (char *) "--rows");
  g_ptr_array_add (argv, rows_text);
  for (guint i = 0; extra != NULL && extra[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) extra[i]);
  g_ptr_array_add (argv, NULL);
  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error);
  g_assert_no_error (error);
  if (err != NULL && *err != '\0')
    g_test_message ("%s", err);
  return g_spawn_check_wait_status (status, NULL) ? 0 : 1;
}

static gboolean
export (const StExportScope  *scope,
        const char           *name,
        StExportResult       *result,
        GError              **error)
{
  g_autofree char *path = g_build_filename (site_dir, name, NULL);

  return st_export_xlsx (session, scope, path, NULL, NULL, NULL, result, error);
}

/* Nothing but the files the fixture itself made: no partial export. */
static void
assert_no_partial_files (const char *folder)
{
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    g_assert_false (strstr (name, ".part-") != NULL);
}

typedef struct {
  const char *record;
  const char *sha256;
  const char *username;
  const char *reason;
  gboolean found;
} ExportEntry;

static gboolean
find_export_entry (const StAuditEntry  *entry,
                   gpointer             user_data,
                   GError             **error)
{
  ExportEntry *want = user_data;

  if (g_strcmp0 (entry->table, "exports") == 0 && g_strcmp0 (entry->action, "export") == 0
      && g_strcmp0 (entry->record, want->record) == 0 && g_strcmp0 (entry->field, "sha256") == 0
      && g_strcmp0 (entry->new_value, want->sha256) == 0
      && g_strcmp0 (entry->username, want->username) == 0 && g_strcmp0 (entry->reason, want->reason) == 0)
    want->found = TRUE;
  return TRUE;
}

static gboolean
count_entry (const StAuditEntry  *entry,
             gpointer             user_data,
             GError             **error)
{
  (*(gint64 *) user_data)++;
  return TRUE;
}

static void
test_whole_site (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (site_dir, "all.xlsx", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *sha256 = NULL;
  StExportResult result = { 0 };
  gint64 expected[ST_EXPORT_N_SHEETS] = {
    [ST_EXPORT_SHEET_SUMMARY] = 17,
    [ST_EXPORT_SHEET_LOTS] = 3,
    [ST_EXPORT_SHEET_DONORS] = 2,
    [ST_EXPORT_SHEET_PASSAGES] = 1,
    [ST_EXPORT_SHEET_RESULTS] = 4 + 2 + 1,   /* L-001, L-002, the superseded viability */
    [ST_EXPORT_SHEET_DEVIATIONS] = 1,
  };
  const char *extra[] = { "--oos", "1", "--superseded", "1", "--lots", "L-001,L-002,L-003", NULL };
  gsize length;
  struct stat st;
  mode_t mask;
  gboolean found = FALSE;

  sign_in ("olga", OPERATOR_PASSWORD);
  expected[ST_EXPORT_SHEET_SIGNATURES] = lot_signatures ("L-001") + lot_signatures ("L-002")
                                         + lot_signatures ("L-003") + spec_signatures ();
  expected[ST_EXPORT_SHEET_AUDIT] = audit_entries ();
  expected[ST_EXPORT_SHEET_SPECIFICATIONS] = spec_items ();
  g_assert_cmpint (expected[ST_EXPORT_SHEET_SIGNATURES], >=, 1);

  export (NULL, "all.xlsx", &result, &error);
  g_assert_no_error (error);
  for (int i = 0; i < ST_EXPORT_N_SHEETS; i++)
    g_assert_cmpint (result.rows[i], ==, expected[i]);
  g_assert_null (result.p7s_path);
  g_assert_cmpint (result.cells, >, 100);
  g_assert_cmpint (check_workbook (path, expected, extra), ==, 0);

  /* The audit trail names the file and the hash of what was written. */
  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  sha256 = st_crypto_sha256_hex (contents, length);
  g_assert_cmpstr (result.sha256, ==, sha256);
  {
    ExportEntry want = { "all.xlsx", sha256, "olga", "all lots, all dates", FALSE };

    st_store_audit_foreach (st_session_get_db (session), NULL, find_export_entry, &want, &error);
    g_assert_no_error (error);
    found = want.found;
  }
  g_assert_true (found);
  g_assert_cmpint (audit_entries (), ==, expected[ST_EXPORT_SHEET_AUDIT] + 1);

  /* Private while written, then the ordinary mode of a new file. */
  mask = umask (022);
  umask (mask);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0666 & ~mask);
  assert_no_partial_files (site_dir);
  st_export_result_clear (&result);
}

static void
test_scope (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (site_dir, "l2.xlsx", NULL);
  const char *lots[] = { "L-002", "L-002", NULL };
  StExportScope scope = { .lots = lots };
  StExportResult result = { 0 };
  const char *extra[] = { "--oos", "1", "--superseded", "0", "--lots", "L-002", NULL };
  gint64 expected[ST_EXPORT_N_SHEETS] = {
    [ST_EXPORT_SHEET_SUMMARY] = 17,
    [ST_EXPORT_SHEET_LOTS] = 1,
    [ST_EXPORT_SHEET_DONORS] = 2,
    [ST_EXPORT_SHEET_PASSAGES] = 0,
    [ST_EXPORT_SHEET_RESULTS] = 2,
    [ST_EXPORT_SHEET_DEVIATIONS] = 1,
  };
  gint64 lot_entries = 0;

  sign_in ("olga", OPERATOR_PASSWORD);
  st_store_audit_foreach (st_session_get_db (session), "L-002", count_entry, &lot_entries, &error);
  g_assert_no_error (error);
  expected[ST_EXPORT_SHEET_SIGNATURES] = lot_signatures ("L-002") + spec_signatures ();
  expected[ST_EXPORT_SHEET_AUDIT] = lot_entries;
  expected[ST_EXPORT_SHEET_SPECIFICATIONS] = spec_items ();

  export (&scope, "l2.xlsx", &result, &error);
  g_assert_no_error (error);
  for (int i = 0; i < ST_EXPORT_N_SHEETS; i++)
    g_assert_cmpint (result.rows[i], ==, expected[i]);
  g_assert_cmpint (check_workbook (path, expected, extra), ==, 0);
  st_export_result_clear (&result);

  /* Dates: a window before any lot holds no lots and no entries. */
  {
    StExportScope old = { .since = "2001-01-01", .until = "2001-12-31" };
    gint64 empty[ST_EXPORT_N_SHEETS] = { [ST_EXPORT_SHEET_SUMMARY] = 17 };
    const char *no_chart[] = { "--no-chart", NULL };
    g_autofree char *old_path = g_build_filename (site_dir, "2001.xlsx", NULL);

    export (&old, "2001.xlsx", &result, &error);
    g_assert_no_error (error);
    for (int i = 0; i < ST_EXPORT_N_SHEETS; i++)
      g_assert_cmpint (result.rows[i], ==, empty[i]);
    g_assert_cmpint (check_workbook (old_path, empty, no_chart), ==, 0);
    st_export_result_clear (&result);
  }
  /* A window from yesterday to today (UTC) holds every lot and entry. */
  {
    g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
    g_autoptr(GDateTime) yesterday = g_date_time_add_days (now, -1);
    g_autofree char *since = g_date_time_format (yesterday, "%Y-%m-%d");
    g_autofree char *until = g_date_time_format (now, "%Y-%m-%d");
    StExportScope recent = { .since = since, .until = until };
    gint64 entries = audit_entries ();

    export (&recent, "recent.xlsx", &result, &error);
    g_assert_no_error (error);
    g_assert_cmpint (result.rows[ST_EXPORT_SHEET_LOTS], ==, 3);
    g_assert_cmpint (result.rows[ST_EXPORT_SHEET_RESULTS], ==, 7);
    g_assert_cmpint (result.rows[ST_EXPORT_SHEET_AUDIT], ==, entries);
    st_export_result_clear (&result);
  }
}

static int
run (const char *const *argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = -1;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, &status, &error);
  g_assert_no_error (error);
  if (err != NULL && *err != '\0')
    g_test_message ("%s: %s", argv[0], err);
  return g_spawn_check_wait_status (status, NULL) ? 0 : 1;
}

static void
test_signed (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (site_dir, "signed.xlsx", NULL);
  g_autofree char *p7s = g_build_filename (site_dir, "signed.xlsx.p7s", NULL);
  g_autofree char *ca = g_build_filename (site_dir, "ca.pem", NULL);
  g_autofree char *ca_pem = NULL;
  g_autofree char *tampered = g_build_filename (site_dir, "tampered.xlsx", NULL);
  g_autofree char *contents = NULL;
  gsize length;
  StExportScope scope = { .sign = TRUE, .password = QP_PASSWORD };
  StExportResult result = { 0 };
  const char *verify[] = { "openssl", "cms", "-verify", "-binary", "-inform", "DER", "-in", p7s,
                           "-content", path, "-CAfile", ca, "-out", "/dev/null", NULL };
  const char *verify_tampered[] = { "openssl", "cms", "-verify", "-binary", "-inform", "DER", "-in", p7s,
                                    "-content", tampered, "-CAfile", ca, "-out", "/dev/null", NULL };

  sign_in ("quinn", QP_PASSWORD);
  st_export_check_signing (session, &error);
  g_assert_no_error (error);
  export (&scope, "signed.xlsx", &result, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (result.p7s_path, ==, p7s);
  ca_pem = st_site_ca_cert_pem (session, &error);
  g_assert_no_error (error);
  g_file_set_contents (ca, ca_pem, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (run (verify), ==, 0);

  /* One byte changed and the signature no longer holds. */
  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  contents[length / 2] ^= 1;
  g_file_set_contents (tampered, contents, length, &error);
  g_assert_no_error (error);
  g_assert_cmpint (run (verify_tampered), !=, 0);
  st_export_result_clear (&result);

  /* A wrong password: refused (and counted), nothing written. */
  {
    StExportScope wrong = { .sign = TRUE, .password = "not-the-password" };
    g_autofree char *wrong_path = g_build_filename (site_dir, "wrong.xlsx", NULL);

    g_assert_false (export (&wrong, "wrong.xlsx", &result, &error));
    g_assert_cmpint (st_error_kind (error), ==, ST_ERROR_KIND_PERMISSION);
    g_clear_error (&error);
    g_assert_false (g_file_test (wrong_path, G_FILE_TEST_EXISTS));
    assert_no_partial_files (site_dir);
  }
  sign_in ("quinn", QP_PASSWORD);   /* clears the failed attempt */
}

static void
test_sign_refused (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (site_dir, "operator-signed.xlsx", NULL);
  StExportScope scope = { .sign = TRUE, .password = OPERATOR_PASSWORD };

  sign_in ("olga", OPERATOR_PASSWORD);
  g_assert_false (st_export_check_signing (session, &error));
  g_assert_error (error, ST_EXPORT_ERROR, ST_EXPORT_ERROR_NO_SIGNING_KEY);
  g_assert_nonnull (strstr (error->message, "no signing certificate"));
  g_clear_error (&error);
  g_assert_false (export (&scope, "operator-signed.xlsx", NULL, &error));
  g_assert_error (error, ST_EXPORT_ERROR, ST_EXPORT_ERROR_NO_SIGNING_KEY);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  assert_no_partial_files (site_dir);
}

static void
assert_refused (const StExportScope *scope,
                const char          *path,
                StErrorKind          kind,
                const char          *words)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (st_export_xlsx (session, scope, path, NULL, NULL, NULL, NULL, &error));
  g_assert_nonnull (error);
  g_test_message ("%s: %s", path, error->message);
  g_assert_cmpint (st_error_kind (error), ==, kind);
  g_assert_nonnull (strstr (error->message, words));
}

/* A folder this process cannot write in, or NULL. */
static char *
unwritable_folder (void)
{
  char *folder;
  g_autofree char *probe = NULL;
  int fd;

  if (geteuid () != 0)
    {
      folder = g_build_filename (site_dir, "read-only", NULL);
      g_assert_cmpint (g_mkdir (folder, 0500), ==, 0);
      return folder;
    }
  /* root writes anywhere on an ordinary file system; sysfs still refuses. */
  folder = g_strdup ("/sys/kernel");
  probe = g_build_filename (folder, "stroma-probe", NULL);
  fd = g_open (probe, O_WRONLY | O_CREAT | O_EXCL, 0600);
  if (fd >= 0 || !g_file_test (folder, G_FILE_TEST_IS_DIR))
    {
      if (fd >= 0)
        {
          close (fd);
          g_unlink (probe);
        }
      g_free (folder);
      return NULL;
    }
  return folder;
}

static void
test_bad_input (void)
{
  g_autofree char *missing = g_build_filename (site_dir, "no-such-folder", "x.xlsx", NULL);
  g_autofree char *good = g_build_filename (site_dir, "bad.xlsx", NULL);
  g_autofree char *unwritable = unwritable_folder ();
  const char *unknown[] = { "L-001", "L-404", NULL };
  StExportScope bad_date = { .since = "2026-02-30" };
  StExportScope not_date = { .until = "yesterday" };
  StExportScope backwards = { .since = "2026-03-01", .until = "2026-02-01" };
  StExportScope unknown_lot = { .lots = unknown };

  sign_in ("olga", OPERATOR_PASSWORD);
  assert_refused (NULL, missing, ST_ERROR_KIND_INPUT, "does not exist");
  assert_refused (NULL, site_dir, ST_ERROR_KIND_INPUT, "is a folder");
  assert_refused (NULL, "", ST_ERROR_KIND_INPUT, "file");
  assert_refused (&bad_date, good, ST_ERROR_KIND_INPUT, "since: '2026-02-30' is not a date");
  assert_refused (&not_date, good, ST_ERROR_KIND_INPUT, "until: 'yesterday' is not a date");
  assert_refused (&backwards, good, ST_ERROR_KIND_INPUT, "before the since date");
  assert_refused (&unknown_lot, good, ST_ERROR_KIND_INPUT, "L-404");
  if (unwritable != NULL)
    {
      g_autofree char *path = g_build_filename (unwritable, "x.xlsx", NULL);
      assert_refused (NULL, path, ST_ERROR_KIND_SYSTEM, "cannot write");
      g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
    }
  else
    g_test_message ("no unwritable folder to test with");
  g_assert_false (g_file_test (good, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));
  assert_no_partial_files (site_dir);
}

static void
cancel_at_first_report (double   fraction,
                        gpointer user_data)
{
  g_cancellable_cancel (user_data);
}

static void
record_progress (double   fraction,
                 gpointer user_data)
{
  GArray *fractions = user_data;

  g_array_append_val (fractions, fraction);
}

static void
test_progress_and_cancel (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GArray) fractions = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *path = g_build_filename (site_dir, "cancelled.xlsx", NULL);
  g_autofree char *done = g_build_filename (site_dir, "progress.xlsx", NULL);
  gint64 before;

  sign_in ("olga", OPERATOR_PASSWORD);
  before = audit_entries ();
  g_assert_false (st_export_xlsx (session, NULL, path, cancel_at_first_report, cancellable,
                                  cancellable, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_cmpint (audit_entries (), ==, before);
  assert_no_partial_files (site_dir);
  g_clear_error (&error);

  st_export_xlsx (session, NULL, done, record_progress, fractions, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fractions->len, >=, 2);
  for (guint i = 1; i < fractions->len; i++)
    g_assert_cmpfloat (g_array_index (fractions, double, i), >=, g_array_index (fractions, double, i - 1));
  g_assert_cmpfloat (g_array_index (fractions, double, fractions->len - 1), ==, 1.0);
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

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/export/whole-site", test_whole_site);
  g_test_add_func ("/core/export/scope", test_scope);
  g_test_add_func ("/core/export/signed", test_signed);
  g_test_add_func ("/core/export/sign-refused", test_sign_refused);
  g_test_add_func ("/core/export/bad-input", test_bad_input);
  g_test_add_func ("/core/export/progress-and-cancel", test_progress_and_cancel);
  build_site ();
  status = g_test_run ();
  g_clear_object (&session);
  remove_tree (site_dir);
  g_free (site_dir);
  return status;
}
