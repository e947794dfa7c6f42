/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "core-fixture.h"

#include <string.h>

#include "st-lots.h"
#include "st-store-audit.h"
#include "st-store-signatures.h"
#include "st-trail.h"

/*
 * Each tamper case changes the database behind the program's back (triggers
 * dropped where the schema refuses the change) and checks that
 * st_audit_verify() names the first entry a reader must look at.
 */

#define N_TRAILING_SIGN_INS 3

/* A donor, a lot with passages and two results, then three failed
 * sign-ins of an unknown name (entries that describe no record). */
static CoreSite *
site_with_records (void)
{
  CoreSite *site = core_site_new ();
  g_autoptr(StSession) intruder = st_session_open (site->path, NULL);
  g_autoptr(GError) error = NULL;

  core_add_donor (site, "D-1", TRUE);
  core_create_lot (site, "LOT-1", NULL);
  core_add_passages (site, "LOT-1");
  st_lots_record_result (site->operator, "LOT-1", "viability", "92.5", NULL, &error);
  g_assert_no_error (error);
  st_lots_record_result (site->operator, "LOT-1", "cd73", "98.1", NULL, &error);
  g_assert_no_error (error);
  for (int i = 0; i < N_TRAILING_SIGN_INS; i++)
    {
      g_assert_false (st_session_sign_in (intruder, "intruder", "guess-guess-guess", &error));
      g_clear_error (&error);
    }
  core_assert_audit_intact (site);
  return site;
}

static gint64
seq_of (CoreSite   *site,
        const char *table,
        const char *field)
{
  g_autofree char *sql = g_strdup_printf ("SELECT seq FROM audit_trail WHERE tbl = '%s' AND field = '%s'", table, field);
  gint64 seq = core_sql_int (site, sql);

  g_assert_cmpint (seq, >, 1);
  return seq;
}

/* Verifies and checks the first bad entry and that the reason says @words. */
static void
assert_broken_at (CoreSite   *site,
                  gint64      first_bad,
                  const char *words)
{
  StAuditReport report = { 0 };

  core_verify (site, &report);
  g_test_message ("first bad %" G_GINT64_FORMAT ": %s", report.first_bad, report.reason ? report.reason : "(none)");
  g_assert_false (report.intact);
  g_assert_cmpint (report.first_bad, ==, first_bad);
  g_assert_nonnull (report.reason);
  if (words != NULL)
    g_assert_nonnull (strstr (report.reason, words));
  st_audit_report_clear (&report);
}

typedef struct {
  StAuditHasher *hasher;
  gint64 count;
  char last_hash[ST_SHA256_HEX_LENGTH + 1];
} ChainWalk;

static gboolean
walk_entry (const StAuditEntry  *entry,
            gpointer             user_data,
            GError             **error)
{
  ChainWalk *walk = user_data;
  char expected[ST_SHA256_HEX_LENGTH + 1];

  walk->count++;
  g_assert_cmpint (entry->seq, ==, walk->count);
  g_assert_cmpstr (entry->prev_hash, ==, walk->last_hash);
  st_audit_hasher_hash (walk->hasher, entry, expected);
  g_assert_cmpstr (entry->hash, ==, expected);
  g_assert_true (g_regex_match_simple ("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ$", entry->at, 0, 0));
  g_assert_nonnull (entry->username);
  g_strlcpy (walk->last_hash, entry->hash, sizeof walk->last_hash);
  return TRUE;
}

static void
test_intact (void)
{
  g_autoptr(CoreSite) site = site_with_records ();
  g_autoptr(GError) error = NULL;
  g_autoptr(StAuditHasher) hasher = st_audit_hasher_new ();
  g_autofree char *entry = NULL;
  g_autofree char *head_hash = NULL;
  ChainWalk walk = { .hasher = hasher };
  StAuditReport report = { 0 };
  gint64 entries = core_audit_count (site);
  gint64 viability = seq_of (site, "results", "viability");

  /* The chain: seq from 1, each entry links to the one before and hashes
   * its own fields; the head names the last. */
  g_strlcpy (walk.last_hash, ST_AUDIT_GENESIS_HASH, sizeof walk.last_hash);
  g_assert_true (st_trail_foreach (site->reviewer, NULL, walk_entry, &walk, &error));
  g_assert_no_error (error);
  g_assert_cmpint (walk.count, ==, entries);
  g_assert_cmpint (core_sql_int (site, "SELECT seq FROM audit_head"), ==, entries);
  head_hash = core_sql_text (site, "SELECT hash FROM audit_head");
  g_assert_cmpstr (head_hash, ==, walk.last_hash);

  /* Who, what, when: the entry of a result. */
  entry = core_sql_text (site, "SELECT a.username || '|' || a.action || '|' || a.record || '|' || a.lot || '|'"
                               " || a.field || '|' || a.new_value || '|' || ifnull (a.old_value, '-')"
                               " FROM audit_trail a JOIN results r ON CAST (r.id AS TEXT) = a.record"
                               " WHERE a.tbl = 'results' AND r.param = 'viability'");
  g_assert_cmpstr (entry, ==, "operator|create|1|LOT-1|viability|92.5|-");

  /* The verification says so, through the face's call too. */
  g_assert_true (st_trail_verify (site->qp, &report, &error));
  g_assert_no_error (error);
  g_assert_true (report.intact);
  g_assert_cmpint (report.entries, ==, entries);
  g_assert_cmpint (report.first_bad, ==, 0);
  g_assert_null (report.reason);
  st_audit_report_clear (&report);

  /* A new change appends exactly at the head, still intact. */
  st_lots_record_result (site->operator, "LOT-1", "cd90", "97.4", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (core_audit_count (site), ==, entries + 1);
  g_assert_cmpint (core_sql_int (site, "SELECT seq FROM audit_head"), ==, entries + 1);
  core_assert_audit_intact (site);

  /* The schema itself refuses to rewrite history. */
  g_assert_cmpint (core_sql_try (site, "UPDATE audit_trail SET new_value = 'x' WHERE seq = 1"), ==, SQLITE_CONSTRAINT);
  g_assert_cmpint (core_sql_try (site, "DELETE FROM audit_trail WHERE seq = 1"), ==, SQLITE_CONSTRAINT);
  g_assert_cmpint (core_sql_try (site, "UPDATE results SET value = '99' WHERE param = 'viability'"), ==, SQLITE_CONSTRAINT);
  g_assert_cmpint (core_sql_try (site, "DELETE FROM results"), ==, SQLITE_CONSTRAINT);
  g_assert_cmpint (core_sql_try (site, "UPDATE audit_head SET seq = 1"), ==, SQLITE_CONSTRAINT);
  g_assert_cmpint (viability, >, 0);
  core_assert_audit_intact (site);
}

static void
test_value_changed (void)
{
  g_autoptr(CoreSite) site = site_with_records ();
  gint64 viability = seq_of (site, "results", "viability");

  core_sql_exec (site, "DROP TRIGGER results_no_update");
  core_sql_exec (site, "UPDATE results SET value = '99.9' WHERE param = 'viability'");
  assert_broken_at (site, viability, "'99.9'");
}

static void
test_entry_edited (void)
{
  g_autoptr(CoreSite) site = site_with_records ();
  gint64 product = seq_of (site, "lots", "product");
  gint64 viability = seq_of (site, "results", "viability");
  g_autofree char *edit = g_strdup_printf ("UPDATE audit_trail SET username = 'reviewer' WHERE seq = %" G_GINT64_FORMAT, product);
  g_autofree char *edit_value = g_strdup_printf ("UPDATE audit_trail SET new_value = '70.0' WHERE seq = %" G_GINT64_FORMAT,
                                                 viability);

  core_sql_exec (site, "DROP TRIGGER audit_trail_no_update");
  core_sql_exec (site, edit_value);
  assert_broken_at (site, viability, "altered");
  /* An earlier edit is the first a reader must see. */
  core_sql_exec (site, edit);
  assert_broken_at (site, product, "altered");
}

static void
test_entry_deleted (void)
{
  g_autoptr(CoreSite) site = site_with_records ();
  gint64 product = seq_of (site, "lots", "product");
  g_autofree char *delete = g_strdup_printf ("DELETE FROM audit_trail WHERE seq = %" G_GINT64_FORMAT, product);

  core_sql_exec (site, "DROP TRIGGER audit_trail_no_delete");
  core_sql_exec (site, delete);
  assert_broken_at (site, product, "missing");
}

static void
test_entries_reordered (void)
{
  g_autoptr(CoreSite) site = site_with_records ();
  gint64 product = seq_of (site, "lots", "product");
  g_autofree char *swap = g_strdup_printf ("UPDATE audit_trail SET seq = -1 WHERE seq = %1$" G_GINT64_FORMAT ";"
                                           "UPDATE audit_trail SET seq = %1$" G_GINT64_FORMAT " WHERE seq = %2$" G_GINT64_FORMAT ";"
                                           "UPDATE audit_trail SET seq = %2$" G_GINT64_FORMAT " WHERE seq = -1;",
                                           product, product + 1);

  core_sql_exec (site, "DROP TRIGGER audit_trail_no_update");
  core_sql_exec (site, swap);
  assert_broken_at (site, product, "does not link");
}

static void
test_cut_off (void)
{
  g_autoptr(CoreSite) site = site_with_records ();
  gint64 entries = core_audit_count (site);
  g_autofree char *cut = g_strdup_printf ("DELETE FROM audit_trail WHERE seq > %" G_GINT64_FORMAT,
                                          entries - N_TRAILING_SIGN_INS);
  g_autofree char *cut_more = g_strdup_printf ("DELETE FROM audit_trail WHERE seq > %" G_GINT64_FORMAT,
                                               entries - N_TRAILING_SIGN_INS - 1);

  core_sql_exec (site, "DROP TRIGGER audit_trail_no_delete");
  /* Entries of no record: only the head tells. */
  core_sql_exec (site, cut);
  assert_broken_at (site, entries - N_TRAILING_SIGN_INS + 1, "cut off");
  /* The entry of a result too: the first missing entry still comes first. */
  core_sql_exec (site, cut_more);
  assert_broken_at (site, entries - N_TRAILING_SIGN_INS, NULL);
}

static void
test_row_without_entry (void)
{
  g_autoptr(CoreSite) site = site_with_records ();
  gint64 entries = core_audit_count (site);

  core_sql_exec (site, "INSERT INTO results (lot_id, param, value, entered_by, entered_at)"
                       " SELECT id, 'cd90', '97.0', created_by, created_at FROM lots WHERE lot_number = 'LOT-1'");
  assert_broken_at (site, entries + 1, "added without an audit entry");
}

static void
test_mutable_row_without_entry (void)
{
  g_autoptr(CoreSite) site = site_with_records ();
  gint64 entries = core_audit_count (site);

  core_sql_exec (site, "INSERT INTO donors (code, birth_year, sex, created_by, created_at)"
                       " VALUES ('D-X', 1970, 'male', 2, '2026-01-01T00:00:00Z')");
  assert_broken_at (site, entries + 1, "without an audit entry");
}

static void
test_mutable_changed (void)
{
  g_autoptr(CoreSite) site = site_with_records ();
  gint64 status = seq_of (site, "lots", "status");

  core_sql_exec (site, "UPDATE lots SET status = 'released' WHERE lot_number = 'LOT-1'");
  assert_broken_at (site, status, "'released'");
}

/* A signature written the way the core writes one: anchored at the chain
 * head, with its own entry. */
static gint64
sign (CoreSite *site)
{
  StSession *session = site->reviewer;
  StDb *db = st_session_get_db (session);
  const StUserRecord *user = st_session_get_user (session);
  g_autoptr(GError) error = NULL;
  g_autoptr(StSignatureRecord) signature = g_new0 (StSignatureRecord, 1);
  g_autofree char *key = NULL;
  gint64 anchor;

  g_assert_true (st_session_begin (session, ST_ROLE_REVIEWER, "test signature", &error));
  g_assert_no_error (error);
  anchor = st_session_audit_head_seq (session);
  signature->lot_id = core_sql_int (site, "SELECT id FROM lots WHERE lot_number = 'LOT-1'");
  signature->meaning = g_strdup ("reviewed");
  signature->user_id = user->id;
  signature->username = g_strdup (user->username);
  signature->full_name = g_strdup (user->full_name);
  signature->role = g_strdup ("reviewer");
  signature->signed_at = g_strdup (st_session_now (session));
  signature->chain_seq = anchor;
  signature->chain_hash = g_strdup (st_session_audit_head_hash (session));
  signature->record_fingerprint = g_strdup ("test");
  g_assert_true (st_store_signatures_insert (db, signature, &error));
  g_assert_no_error (error);
  key = g_strdup_printf ("%" G_GINT64_FORMAT, signature->id);
  {
    StAuditChange change = {
      .action = "sign", .table = "signatures", .record = key, .lot = "LOT-1",
      .field = "meaning", .new_value = "reviewed",
    };
    g_assert_true (st_session_audit (session, &change, &error));
  }
  g_assert_true (st_session_commit (session, &error));
  g_assert_no_error (error);
  return anchor;
}

static void
test_signature_anchor (void)
{
  g_autoptr(CoreSite) site = site_with_records ();
  gint64 anchor = sign (site);
  gint64 entries = core_audit_count (site);

  g_assert_cmpint (anchor, ==, entries - 1);
  core_assert_audit_intact (site);
  g_assert_cmpint (core_sql_try (site, "UPDATE signatures SET chain_hash = 'x'"), ==, SQLITE_CONSTRAINT);

  core_sql_exec (site, "DROP TRIGGER signatures_no_update");
  core_sql_exec (site, "UPDATE signatures SET chain_hash = '" ST_AUDIT_GENESIS_HASH "'");
  assert_broken_at (site, anchor, "signature");

  core_sql_exec (site, "UPDATE signatures SET chain_seq = 100000");
  assert_broken_at (site, entries + 1, "no longer on the trail");
}

int
main (int argc, char **argv)
{
  core_fixture_init (&argc, &argv);

  g_test_add_func ("/core/audit/intact", test_intact);
  g_test_add_func ("/core/audit/value-changed", test_value_changed);
  g_test_add_func ("/core/audit/entry-edited", test_entry_edited);
  g_test_add_func ("/core/audit/entry-deleted", test_entry_deleted);
  g_test_add_func ("/core/audit/entries-reordered", test_entries_reordered);
  g_test_add_func ("/core/audit/cut-off", test_cut_off);
  g_test_add_func ("/core/audit/row-without-entry", test_row_without_entry);
  g_test_add_func ("/core/audit/mutable-row-without-entry", test_mutable_row_without_entry);
  g_test_add_func ("/core/audit/mutable-changed", test_mutable_changed);
  g_test_add_func ("/core/audit/signature-anchor", test_signature_anchor);

  return core_fixture_run ();
}
