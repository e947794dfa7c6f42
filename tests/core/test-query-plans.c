/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "core-fixture.h"

#include <glib/gstdio.h>
#include <string.h>

#include "st-certificate.h"
#include "st-db-private.h"
#include "st-deviations.h"
#include "st-donors.h"
#include "st-evaluate.h"
#include "st-export.h"
#include "st-fingerprint.h"
#include "st-history.h"
#include "st-lot-list.h"
#include "st-lots.h"
#include "st-session-private.h"
#include "st-signing.h"
#include "st-store-audit.h"
#include "st-trail.h"
#include "st-trends.h"
#include "st-users.h"
#include "st-workflow.h"
#include "st-workflow-private.h"

/*
 * Every statement the store prepares in a typical session must find its
 * rows through an index: a lot check, a lot's page or a result entry must
 * cost the same with 100,000 lots as with 40.  The session below does the
 * main work of a site (donors, lots, data entry, review, release with its
 * certificate, deviations, lists, history, export, verification), then each
 * statement its connections keep is given to EXPLAIN QUERY PLAN.  A full
 * scan of a table ("SCAN t" without an index) fails the test, except for
 * the statements below, which read everything by design.
 */

typedef struct {
  const char *fragment;   /* a part of the SQL text that identifies it */
  const char *why;
} Allowed;

static const Allowed allowed_scans[] = {
  /* The audit walk: verification, `audit show` and the export read the
   * whole trail in order (the primary key). */
  { "FROM audit_trail ORDER BY seq", "the audit walk reads every entry" },
  /* Verification: every signature's anchor. */
  { "SELECT id, chain_seq, chain_hash FROM signatures ORDER BY id", "every signature's anchor is checked" },
  /* `lot list` without a status lists every lot, newest first. */
  { " FROM lots l JOIN specs s ON s.id = l.spec_id JOIN users u ON u.id = l.created_by ORDER BY l.id DESC",
    "lot list without a filter lists every lot" },
  /* An export of a period: the trail's entries of that time (the time of
   * an entry has no index of its own; an export reads for seconds anyway). */
  { "FROM audit_trail a WHERE a.lot IN (SELECT l.lot_number FROM lots l WHERE",
    "an export of a period looks at every entry's time" },
  /* A trend chart: the day a lot was made is derived from its passages,
   * so every lot is looked at once (no index can hold it). */
  { "AS made_on FROM lots l) t", "a trend looks at every lot's day of manufacture" },
};

/* The replay queries of verification read whole tables by design. */
static gboolean
is_replay_query (const char *sql)
{
  guint n_tables = 0;
  const StReplayTable *tables = st_store_audit_replay_tables (&n_tables);

  for (guint i = 0; i < n_tables; i++)
    if (g_str_equal (tables[i].rows_sql, sql))
      return TRUE;
  return FALSE;
}

static const Allowed *
allowed_for (const char *sql)
{
  for (guint i = 0; i < G_N_ELEMENTS (allowed_scans); i++)
    if (strstr (sql, allowed_scans[i].fragment) != NULL)
      return &allowed_scans[i];
  return NULL;
}

static void
collect_sql (const char *sql,
             gpointer    user_data)
{
  g_hash_table_add (user_data, g_strdup (sql));
}

/* "SCAN lots" or "SCAN l": a full scan of a table, not of an index, a
 * constant row or the rows of a subquery (which the plan names in a
 * "CO-ROUTINE name" or "MATERIALIZE name" line of its own). */
static gboolean
is_table_scan (const char  *detail,
               GHashTable  *subqueries)
{
  if (!g_str_has_prefix (detail, "SCAN "))
    return FALSE;
  detail += strlen ("SCAN ");
  if (*detail == '(' || g_str_has_prefix (detail, "CONSTANT ROW"))
    return FALSE;
  if (strstr (detail, " USING ") != NULL && strstr (detail, "INDEX") != NULL)
    return FALSE;
  return !g_hash_table_contains (subqueries, detail);
}

/* The plan's lines that scan a table, "" when there is none. */
static char *
table_scans (sqlite3    *sql,
             const char *statement)
{
  g_autofree char *explain = g_strconcat ("EXPLAIN QUERY PLAN ", statement, NULL);
  g_autoptr(GPtrArray) details = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) subqueries = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GString) scans = g_string_new (NULL);
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (sql, explain, -1, &stmt, NULL);

  if (rc != SQLITE_OK)
    g_error ("cannot explain %s: %s", statement, sqlite3_errmsg (sql));
  /* Parameters stay unbound (NULL): the plan does not depend on them. */
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *detail = (const char *) sqlite3_column_text (stmt, 3);
      if (detail == NULL)
        continue;
      if (g_str_has_prefix (detail, "CO-ROUTINE "))
        g_hash_table_add (subqueries, g_strdup (detail + strlen ("CO-ROUTINE ")));
      else if (g_str_has_prefix (detail, "MATERIALIZE "))
        g_hash_table_add (subqueries, g_strdup (detail + strlen ("MATERIALIZE ")));
      g_ptr_array_add (details, g_strdup (detail));
    }
  g_assert_cmpint (rc, ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
  for (guint i = 0; i < details->len; i++)
    if (is_table_scan (g_ptr_array_index (details, i), subqueries))
      g_string_append_printf (scans, "%s%s", scans->len > 0 ? "; " : "", (char *) g_ptr_array_index (details, i));
  return g_string_free (g_steal_pointer (&scans), FALSE);
}

static StSigningKey *
key_of (StSession *session)
{
  g_autoptr(GError) error = NULL;
  StSigningKey *key = st_signing_unlock_with_kek (session, &error);

  g_assert_no_error (error);
  g_assert_nonnull (key);
  return key;
}

/* A lot taken through data entry, review and (with @release) release with
 * its PDF certificate. */
static void
lot_through_workflow (CoreSite     *site,
                      const char   *lot,
                      StSigningKey *reviewer_key,
                      StSigningKey *qp_key,
                      gboolean      release)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(StCertificate) certificate = NULL;

  core_create_lot (site, lot, "D-1");
  core_add_passages (site, lot);
  core_record_all_results (site, lot, NULL);
  st_lots_correct_result (site->operator, lot, "viability", "91.5", "recount", &error);
  g_assert_no_error (error);
  st_workflow_submit (site->operator, lot, &error);
  g_assert_no_error (error);
  st_workflow_review_with_key (site->reviewer, lot, reviewer_key, &error);
  g_assert_no_error (error);
  if (!release)
    return;
  certificate = st_workflow_release_with_key (site->qp, lot, ST_RELEASE_FULL, 0, qp_key, &error);
  g_assert_no_error (error);
  g_assert_nonnull (certificate);
}

static void
read_everything (CoreSite *site)
{
  static const StLotSort sorts[] = {
    ST_LOT_SORT_CREATED, ST_LOT_SORT_NUMBER, ST_LOT_SORT_PRODUCT, ST_LOT_SORT_STATUS,
    ST_LOT_SORT_VERDICT, ST_LOT_SORT_SPEC, ST_LOT_SORT_RELEASED,
  };
  StSession *sessions[] = { site->operator, site->reviewer, site->qp };
  g_autoptr(GError) error = NULL;
  g_autoptr(StLot) lot = NULL;
  g_autoptr(StLotCheck) check = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(GPtrArray) deviations = NULL;
  g_autoptr(StTrend) trend = NULL;
  g_autoptr(StLotRow) row = NULL;
  StAuditReport report = { 0 };

  lot = st_lots_get (site->qp, "L-0001", &error);
  g_assert_no_error (error);
  check = st_lots_check (site->operator, "L-0002", &error);
  g_assert_no_error (error);
  history = st_history_lot (site->qp, "L-0001", &error);
  g_assert_no_error (error);
  deviations = st_deviations_list (site->qp, "L-0002", &error);
  g_assert_no_error (error);
  trend = st_trends_get (site->qp, "viability", NULL, NULL, &error);
  g_assert_no_error (error);
  row = st_lot_list_lookup (site->operator, "l-0002", &error);
  g_assert_no_error (error);

  for (guint s = 0; s < G_N_ELEMENTS (sessions); s++)
    for (guint i = 0; i < G_N_ELEMENTS (sorts); i++)
      for (guint variant = 0; variant < 4; variant++)
        {
          StLotQuery query = {
            .sort = sorts[i], .descending = variant % 2 == 0,
            .search = variant >= 2 ? "L-00" : NULL,
            .status = variant == 3 ? "in_review" : NULL,
            .needs_me_first = variant == 1,
          };
          g_autoptr(StLotList) list = st_lot_list_new (sessions[s], &query, &error);
          g_autoptr(GPtrArray) rows = NULL;

          g_assert_no_error (error);
          rows = st_lot_list_fetch (list, 0, 50, &error);
          g_assert_no_error (error);
        }

  st_trail_verify (site->admin, &report, &error);
  g_assert_no_error (error);
  g_assert_true (report.intact);
  st_audit_report_clear (&report);
}

static gboolean
count_lot (const StLotRecord  *lot,
           gpointer            user_data,
           GError            **error)
{
  (*(guint *) user_data)++;
  return TRUE;
}

static gboolean
count_entry (const StAuditEntry  *entry,
             gpointer             user_data,
             GError             **error)
{
  (*(guint *) user_data)++;
  return TRUE;
}

static void
test_no_full_scans (void)
{
  g_autoptr(CoreSite) site = core_site_new ();
  g_autoptr(StSigningKey) reviewer_key = key_of (site->reviewer);
  g_autoptr(StSigningKey) qp_key = key_of (site->qp);
  g_autoptr(GHashTable) statements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) failures = g_string_new (NULL);
  g_autofree char *export_path = g_strconcat (site->path, ".xlsx", NULL);
  const char *export_lots[] = { "L-0001", NULL };
  g_autofree char *today = core_date (0);
  StExportScope scopes[] = { { .lots = export_lots }, { .since = today, .until = today } };
  StExportResult exported = { 0 };
  StSession *sessions[] = { site->admin, site->operator, site->operator2, site->reviewer, site->qp };
  GHashTableIter iter;
  gpointer key;
  guint n = 0, scans = 0;
  gint64 deviation = 0;

  core_add_donor (site, "D-1", TRUE);
  core_add_donor (site, "D-2", FALSE);
  lot_through_workflow (site, "L-0001", reviewer_key, qp_key, TRUE);
  lot_through_workflow (site, "L-0002", reviewer_key, qp_key, FALSE);
  core_create_lot (site, "L-0003", "D-2");
  st_deviations_open (site->operator, "L-0002", "minor", "Label printed twice", &deviation, &error);
  g_assert_no_error (error);
  st_deviations_close (site->qp, deviation, "Second label destroyed", &error);
  g_assert_no_error (error);
  st_workflow_reject_with_key (site->qp, "L-0002", "Destroyed after the deviation", qp_key, &error);
  g_assert_no_error (error);
  st_donors_add_test (site->operator, "D-2", "htlv", "negative", "2026-01-05", &error);
  g_assert_no_error (error);

  /* A lot signed twice in one batch: the second fingerprint asks the trail
   * whether anything changed since the first. */
  {
    g_autoptr(StLot) lot = st_lots_get (site->operator, "L-0003", &error);
    StDb *db = st_session_get_db (site->operator);
    g_autofree char *first = NULL;
    g_autofree char *second = NULL;

    g_assert_no_error (error);
    g_assert_true (st_session_begin_batch (site->operator, &error));
    first = st_fingerprint_lot (db, lot->record->id, ST_FINGERPRINT_NOW, &error);
    g_assert_no_error (error);
    second = st_fingerprint_lot (db, lot->record->id, ST_FINGERPRINT_NOW, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (first, ==, second);
    g_assert_true (st_session_end_batch (site->operator, &error));
  }
  read_everything (site);
  st_lots_foreach (site->qp, NULL, count_lot, &n, &error);
  g_assert_no_error (error);
  st_lots_foreach (site->qp, "released", count_lot, &n, &error);
  g_assert_no_error (error);
  st_trail_foreach (site->qp, "L-0001", count_entry, &n, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (scopes); i++)
    {
      st_export_xlsx (site->qp, &scopes[i], export_path, NULL, NULL, NULL, &exported, &error);
      g_assert_no_error (error);
      st_export_result_clear (&exported);
      g_remove (export_path);
    }

  for (guint i = 0; i < G_N_ELEMENTS (sessions); i++)
    st_db_foreach_cached_sql (st_session_get_db (sessions[i]), collect_sql, statements);
  g_assert_cmpuint (g_hash_table_size (statements), >, 50);

  g_hash_table_iter_init (&iter, statements);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      const char *sql = key;
      g_autofree char *found = table_scans (site->sql, sql);
      const Allowed *allowed;

      if (*found == '\0')
        continue;
      scans++;
      if (is_replay_query (sql))
        {
          g_test_message ("allowed (verification replays the table): %s: %s", found, sql);
          continue;
        }
      if ((allowed = allowed_for (sql)) != NULL)
        {
          g_test_message ("allowed (%s): %s: %s", allowed->why, found, sql);
          continue;
        }
      g_string_append_printf (failures, "\n  %s\n    in: %s", found, sql);
    }
  g_test_message ("%u statements explained, %u read a whole table", g_hash_table_size (statements), scans);
  /* Each line: the scan, then the statement that does it. */
  g_assert_cmpstr (failures->str, ==, "");
}

int
main (int    argc,
      char **argv)
{
  core_fixture_init (&argc, &argv);
  g_test_add_func ("/core/query-plans/no-full-scans", test_no_full_scans);
  return core_fixture_run ();
}
