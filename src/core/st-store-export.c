/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "st-store-export.h"

#include <glib/gi18n-lib.h>

/*
 * Every query is assembled from fixed fragments and `?` placeholders only;
 * the values (bounds, lot numbers) travel as bound parameters beside it.  The
 * text of a query depends only on the shape of the scope (how many lots), so
 * the statement cache keeps one prepared statement per shape.
 */

/* Bounds that every ISO 8601 timestamp lies between. */
#define NO_LOWER_BOUND "0000-01-01"
#define NO_UPPER_BOUND "9999-12-31"

typedef struct {
  GString *sql;
  GPtrArray *values;        /* const char *, borrowed, one per placeholder */
} Query;

static void
query_init (Query      *query,
            const char *sql)
{
  query->sql = g_string_new (sql);
  query->values = g_ptr_array_new ();
}

static void
query_clear (Query *query)
{
  g_string_free (query->sql, TRUE);
  g_ptr_array_unref (query->values);
}

static void
query_sql (Query      *query,
           const char *fragment)
{
  g_string_append (query->sql, fragment);
}

static void
query_value (Query      *query,
             const char *value)
{
  g_string_append_c (query->sql, '?');
  g_ptr_array_add (query->values, (gpointer) value);
}

static gboolean
filter_is_everything (const StExportFilter *filter)
{
  return filter->lots == NULL && filter->from == NULL && filter->before == NULL;
}

/* The lots in scope as conditions on @alias, each preceded by " AND ": no
 * condition at all for every lot, so that the planner walks the lot-number
 * index in order instead of sorting. */
static void
query_lot_scope (Query                *query,
                 const StExportFilter *filter,
                 const char           *alias)
{
  if (filter->from != NULL || filter->before != NULL)
    {
      g_string_append_printf (query->sql, " AND %s.created_at >= ", alias);
      query_value (query, filter->from ? filter->from : NO_LOWER_BOUND);
      g_string_append_printf (query->sql, " AND %s.created_at < ", alias);
      query_value (query, filter->before ? filter->before : NO_UPPER_BOUND);
    }
  if (filter->lots != NULL)
    {
      g_string_append_printf (query->sql, " AND %s.lot_number IN (", alias);
      for (guint i = 0; i < filter->n_lots; i++)
        {
          if (i > 0)
            query_sql (query, ", ");
          query_value (query, filter->lots[i]);
        }
      query_sql (query, ")");
    }
}

static StDbStmt *
query_prepare (StDb     *db,
               Query    *query,
               GError  **error)
{
  StDbStmt *stmt = st_db_prepare (db, query->sql->str, error);

  if (stmt == NULL)
    return NULL;
  for (guint i = 0; i < query->values->len; i++)
    st_db_bind_text (stmt, (int) i + 1, g_ptr_array_index (query->values, i));
  return stmt;
}

/* Steps @stmt to its end, calling @row for each row. */
typedef gboolean (*RowFunc) (StDbStmt *stmt, gpointer func, gpointer user_data, GError **error);

static gboolean
run_rows (StDbStmt  *stmt,
          RowFunc    row,
          gpointer   func,
          gpointer   user_data,
          GError   **error)
{
  StDbStep step;

  if (stmt == NULL)
    return FALSE;
  while ((step = st_db_step (stmt, error)) == ST_DB_ROW)
    if (!row (stmt, func, user_data, error))
      {
        st_db_reset (stmt);
        return FALSE;
      }
  return step == ST_DB_DONE;
}

static gboolean
run_query (StDb      *db,
           Query     *query,
           RowFunc    row,
           gpointer   func,
           gpointer   user_data,
           GError   **error)
{
  gboolean ok = run_rows (query_prepare (db, query, error), row, func, user_data, error);

  query_clear (query);
  return ok;
}

static const char *
text (StDbStmt *stmt,
      int       column)
{
  return st_db_column_text (stmt, column);
}

/* Lots */

static void
lots_query (Query                *query,
            const StExportFilter *filter,
            const char           *select,
            const char           *key_param)
{
  query_init (query, select);
  if (key_param != NULL)
    {
      query_sql (query, ", (SELECT r.value FROM results r WHERE r.lot_id = l.id AND r.param = ");
      query_value (query, key_param);
      query_sql (query, " AND NOT EXISTS (SELECT 1 FROM results n WHERE n.supersedes = r.id)"
                        " ORDER BY r.id DESC LIMIT 1)");
    }
  query_sql (query, " FROM lots l JOIN specs s ON s.id = l.spec_id JOIN users u ON u.id = l.created_by WHERE 1 = 1");
  query_lot_scope (query, filter, "l");
}

static gboolean
lot_row (StDbStmt  *stmt,
         gpointer   func,
         gpointer   user_data,
         GError   **error)
{
  StExportLotRow row = {
    .id = st_db_column_int (stmt, 0),
    .lot_number = text (stmt, 1),
    .product = text (stmt, 2),
    .spec_id = st_db_column_int (stmt, 3),
    .spec_code = text (stmt, 4),
    .spec_version = st_db_column_int (stmt, 5),
    .status = text (stmt, 6),
    .verdict = text (stmt, 7),
    .flag = text (stmt, 8),
    .created_by = text (stmt, 9),
    .created_at = text (stmt, 10),
    .released_at = text (stmt, 11),
    .key_value = text (stmt, 12),
  };
  return ((StExportLotFunc) func) (&row, user_data, error);
}

gboolean
st_store_export_lots (StDb                  *db,
                      const StExportFilter  *filter,
                      const char            *key_param,
                      StExportLotFunc        func,
                      gpointer               user_data,
                      GError               **error)
{
  Query query;

  g_return_val_if_fail (key_param != NULL, FALSE);

  lots_query (&query, filter,
              "SELECT l.id, l.lot_number, l.product, l.spec_id, s.code, s.version, l.status, l.verdict,"
              " l.flag, u.username, l.created_at, l.released_at", key_param);
  query_sql (&query, " ORDER BY l.lot_number");
  return run_query (db, &query, lot_row, func, user_data, error);
}

gboolean
st_store_export_lot_donors (StDb     *db,
                            gint64    lot_id,
                            GString  *codes,
                            GError  **error)
{
  StDbStmt *stmt = st_db_prepare (db,
    "SELECT d.code FROM lot_donors ld JOIN donors d ON d.id = ld.donor_id"
    " WHERE ld.lot_id = ? ORDER BY ld.position", error);
  StDbStep step;
  gboolean first = TRUE;

  if (stmt == NULL)
    return FALSE;
  st_db_bind_int (stmt, 1, lot_id);
  while ((step = st_db_step (stmt, error)) == ST_DB_ROW)
    {
      if (!first)
        g_string_append (codes, ", ");
      g_string_append (codes, text (stmt, 0));
      first = FALSE;
    }
  return step == ST_DB_DONE;
}

gboolean
st_store_export_chain_head (StDb     *db,
                            gint64   *seq,
                            char    **hash,
                            GError  **error)
{
  StDbStmt *stmt = st_db_prepare (db, "SELECT seq, hash FROM audit_head WHERE id = 1", error);
  StDbStep step;

  if (stmt == NULL)
    return FALSE;
  step = st_db_step (stmt, error);
  if (step == ST_DB_FAILED)
    return FALSE;
  if (step == ST_DB_ROW)
    {
      *seq = st_db_column_int (stmt, 0);
      *hash = g_strdup (text (stmt, 1));
    }
  st_db_reset (stmt);
  if (step != ST_DB_ROW || *hash == NULL)
    {
      g_set_error (error, ST_AUDIT_ERROR, ST_AUDIT_ERROR_DAMAGED,
                   _("audit trail: the chain head is missing or damaged — restore the database from a backup"));
      return FALSE;
    }
  return TRUE;
}

GStrv
st_store_export_missing_lots (StDb                 *db,
                              const StExportFilter *filter,
                              GError              **error)
{
  g_autoptr(GStrvBuilder) missing = g_strv_builder_new ();
  StDbStmt *stmt = st_db_prepare (db, "SELECT 1 FROM lots WHERE lot_number = ?", error);

  if (stmt == NULL)
    return NULL;
  for (guint i = 0; filter->lots != NULL && i < filter->n_lots; i++)
    {
      StDbStep step;

      st_db_reset (stmt);
      st_db_bind_text (stmt, 1, filter->lots[i]);
      step = st_db_step (stmt, error);
      st_db_reset (stmt);
      if (step == ST_DB_FAILED)
        return NULL;
      if (step == ST_DB_DONE)
        g_strv_builder_add (missing, filter->lots[i]);
    }
  return g_strv_builder_end (missing);
}

/* Donors */

static void
donors_query (Query                *query,
              const StExportFilter *filter,
              const char           *select)
{
  query_init (query, select);
  query_sql (query, " FROM donors d JOIN users u ON u.id = d.created_by");
  if (!filter_is_everything (filter))
    {
      query_sql (query, " WHERE d.id IN (SELECT ld.donor_id FROM lot_donors ld"
                        " JOIN lots l ON l.id = ld.lot_id WHERE 1 = 1");
      query_lot_scope (query, filter, "l");
      query_sql (query, ")");
    }
}

static gboolean
donor_row (StDbStmt  *stmt,
           gpointer   func,
           gpointer   user_data,
           GError   **error)
{
  StDonorRecord row = {
    .id = st_db_column_int (stmt, 0),
    .code = (char *) text (stmt, 1),
    .birth_year = st_db_column_int (stmt, 2),
    .sex = (char *) text (stmt, 3),
    .consent_date = (char *) text (stmt, 4),
    .htlv_required = st_db_column_int (stmt, 5) != 0,
    .eligibility = (char *) text (stmt, 6),
    .created_by_name = (char *) text (stmt, 7),
    .created_at = (char *) text (stmt, 8),
  };
  return ((StExportDonorFunc) func) (&row, user_data, error);
}

gboolean
st_store_export_donors (StDb                  *db,
                        const StExportFilter  *filter,
                        StExportDonorFunc      func,
                        gpointer               user_data,
                        GError               **error)
{
  Query query;

  donors_query (&query, filter,
                "SELECT d.id, d.code, d.birth_year, d.sex, d.consent_date, d.htlv_required,"
                " d.eligibility, u.username, d.created_at");
  query_sql (&query, " ORDER BY d.code");
  return run_query (db, &query, donor_row, func, user_data, error);
}

gboolean
st_store_export_donor_tests (StDb                   *db,
                             gint64                  donor_id,
                             StExportDonorTestFunc   func,
                             gpointer                user_data,
                             GError                **error)
{
  StDbStmt *stmt = st_db_prepare (db,
    "SELECT marker, result, sampled_on FROM donor_tests WHERE donor_id = ? ORDER BY sampled_on, id", error);
  StDbStep step;

  if (stmt == NULL)
    return FALSE;
  st_db_bind_int (stmt, 1, donor_id);
  while ((step = st_db_step (stmt, error)) == ST_DB_ROW)
    if (!func (text (stmt, 0), text (stmt, 1), text (stmt, 2), user_data, error))
      {
        st_db_reset (stmt);
        return FALSE;
      }
  return step == ST_DB_DONE;
}

/* Passages */

static void
passages_query (Query                *query,
                const StExportFilter *filter,
                const char           *select)
{
  query_init (query, select);
  /* Lots first (CROSS JOIN fixes the order in SQLite): rows come in lot
   * order from the indexes, without a sort. */
  query_sql (query, " FROM lots l CROSS JOIN passages p JOIN users u ON u.id = p.entered_by"
                    " WHERE p.lot_id = l.id");
  query_lot_scope (query, filter, "l");
}

static gboolean
passage_row (StDbStmt  *stmt,
             gpointer   func,
             gpointer   user_data,
             GError   **error)
{
  StExportPassageRow row = {
    .lot_number = text (stmt, 0),
    .number = st_db_column_int (stmt, 1),
    .seeded = st_db_column_int (stmt, 2),
    .harvested = st_db_column_int (stmt, 3),
    .seeded_on = text (stmt, 4),
    .harvested_on = text (stmt, 5),
    .entered_by = text (stmt, 6),
    .entered_at = text (stmt, 7),
  };
  return ((StExportPassageFunc) func) (&row, user_data, error);
}

gboolean
st_store_export_passages (StDb                  *db,
                          const StExportFilter  *filter,
                          StExportPassageFunc    func,
                          gpointer               user_data,
                          GError               **error)
{
  Query query;

  passages_query (&query, filter,
                  "SELECT l.lot_number, p.number, p.seeded, p.harvested, p.seeded_on, p.harvested_on,"
                  " u.username, p.entered_at");
  query_sql (&query, " ORDER BY l.lot_number, p.number");
  return run_query (db, &query, passage_row, func, user_data, error);
}

/* Results */

static void
results_query (Query                *query,
               const StExportFilter *filter,
               const char           *select)
{
  query_init (query, select);
  query_sql (query, " FROM lots l CROSS JOIN results r JOIN users u ON u.id = r.entered_by"
                    " WHERE r.lot_id = l.id");
  query_lot_scope (query, filter, "l");
}

static gboolean
result_row (StDbStmt  *stmt,
            gpointer   func,
            gpointer   user_data,
            GError   **error)
{
  StExportResultRow row = {
    .lot_number = text (stmt, 0),
    .spec_id = st_db_column_int (stmt, 1),
    .id = st_db_column_int (stmt, 2),
    .param = text (stmt, 3),
    .value = text (stmt, 4),
    .method = text (stmt, 5),
    .entered_by = text (stmt, 6),
    .entered_at = text (stmt, 7),
    .reason = text (stmt, 8),
    .superseded = st_db_column_int (stmt, 9) != 0,
  };
  return ((StExportResultFunc) func) (&row, user_data, error);
}

gboolean
st_store_export_results (StDb                  *db,
                         const StExportFilter  *filter,
                         StExportResultFunc     func,
                         gpointer               user_data,
                         GError               **error)
{
  Query query;

  results_query (&query, filter,
                 "SELECT l.lot_number, l.spec_id, r.id, r.param, r.value, r.method, u.username,"
                 " r.entered_at, r.reason,"
                 " CASE WHEN EXISTS (SELECT 1 FROM results n WHERE n.supersedes = r.id) THEN 1 ELSE 0 END");
  query_sql (&query, " ORDER BY l.lot_number, r.param, r.id");
  return run_query (db, &query, result_row, func, user_data, error);
}

/* Deviations */

static void
deviations_query (Query                *query,
                  const StExportFilter *filter,
                  const char           *select)
{
  query_init (query, select);
  query_sql (query, " FROM deviations v JOIN lots l ON l.id = v.lot_id JOIN users uo ON uo.id = v.opened_by"
                    " LEFT JOIN users uc ON uc.id = v.closed_by WHERE 1 = 1");
  query_lot_scope (query, filter, "l");
}

static gboolean
deviation_row (StDbStmt  *stmt,
               gpointer   func,
               gpointer   user_data,
               GError   **error)
{
  StDeviationRecord row = {
    .number = st_db_column_int (stmt, 0),
    .lot_number = (char *) text (stmt, 1),
    .severity = (char *) text (stmt, 2),
    .status = (char *) text (stmt, 3),
    .text = (char *) text (stmt, 4),
    .opened_by_name = (char *) text (stmt, 5),
    .opened_at = (char *) text (stmt, 6),
    .assessment = (char *) text (stmt, 7),
    .closed_by_name = (char *) text (stmt, 8),
    .closed_at = (char *) text (stmt, 9),
  };
  return ((StExportDeviationFunc) func) (&row, user_data, error);
}

gboolean
st_store_export_deviations (StDb                   *db,
                            const StExportFilter   *filter,
                            StExportDeviationFunc   func,
                            gpointer                user_data,
                            GError                **error)
{
  Query query;

  deviations_query (&query, filter,
                    "SELECT v.id, l.lot_number, v.class, v.status, v.text, uo.username, v.opened_at,"
                    " v.assessment, uc.username, v.closed_at");
  query_sql (&query, " ORDER BY v.id");
  return run_query (db, &query, deviation_row, func, user_data, error);
}

/* Signatures */

static void
signatures_query (Query                *query,
                  const StExportFilter *filter,
                  const char           *select)
{
  query_init (query, select);
  query_sql (query, " FROM signatures g LEFT JOIN lots gl ON gl.id = g.lot_id"
                    " LEFT JOIN specs gs ON gs.id = g.spec_id");
  if (!filter_is_everything (filter))
    {
      query_sql (query, " WHERE g.lot_id IN (SELECT l.id FROM lots l WHERE 1 = 1");
      query_lot_scope (query, filter, "l");
      query_sql (query, ") OR g.spec_id IN (SELECT l.spec_id FROM lots l WHERE 1 = 1");
      query_lot_scope (query, filter, "l");
      query_sql (query, ")");
    }
}

static gboolean
signature_row (StDbStmt  *stmt,
               gpointer   func,
               gpointer   user_data,
               GError   **error)
{
  StExportSignatureRow row = {
    .id = st_db_column_int (stmt, 0),
    .lot_number = text (stmt, 1),
    .spec_code = text (stmt, 2),
    .spec_version = st_db_column_int (stmt, 3),
    .meaning = text (stmt, 4),
    .username = text (stmt, 5),
    .full_name = text (stmt, 6),
    .role = text (stmt, 7),
    .signed_at = text (stmt, 8),
    .reason = text (stmt, 9),
    .chain_seq = st_db_column_int (stmt, 10),
    .chain_hash = text (stmt, 11),
    .record_fingerprint = text (stmt, 12),
  };
  return ((StExportSignatureFunc) func) (&row, user_data, error);
}

gboolean
st_store_export_signatures (StDb                   *db,
                            const StExportFilter   *filter,
                            StExportSignatureFunc   func,
                            gpointer                user_data,
                            GError                **error)
{
  Query query;

  signatures_query (&query, filter,
                    "SELECT g.id, gl.lot_number, gs.code, gs.version, g.meaning, g.username, g.full_name,"
                    " g.role, g.signed_at, g.reason, g.chain_seq, g.chain_hash, g.record_fingerprint");
  query_sql (&query, " ORDER BY g.id");
  return run_query (db, &query, signature_row, func, user_data, error);
}

/* Audit trail */

static void
audit_query (Query                *query,
             const StExportFilter *filter,
             const char           *select)
{
  query_init (query, select);
  query_sql (query, " FROM audit_trail a");
  if (filter_is_everything (filter))
    return;
  query_sql (query, " WHERE a.lot IN (SELECT l.lot_number FROM lots l WHERE 1 = 1");
  query_lot_scope (query, filter, "l");
  query_sql (query, ")");
  if (filter->lots == NULL)
    {
      query_sql (query, " OR (a.at >= ");
      query_value (query, filter->from ? filter->from : NO_LOWER_BOUND);
      query_sql (query, " AND a.at < ");
      query_value (query, filter->before ? filter->before : NO_UPPER_BOUND);
      query_sql (query, ")");
    }
}

static gboolean
audit_row (StDbStmt  *stmt,
           gpointer   func,
           gpointer   user_data,
           GError   **error)
{
  StAuditEntry entry = {
    .seq = st_db_column_int (stmt, 0),
    .at = (char *) text (stmt, 1),
    .username = (char *) text (stmt, 2),
    .action = (char *) text (stmt, 3),
    .table = (char *) text (stmt, 4),
    .record = (char *) text (stmt, 5),
    .lot = (char *) text (stmt, 6),
    .field = (char *) text (stmt, 7),
    .old_value = (char *) text (stmt, 8),
    .new_value = (char *) text (stmt, 9),
    .reason = (char *) text (stmt, 10),
    .prev_hash = (char *) text (stmt, 11),
    .hash = (char *) text (stmt, 12),
  };
  return ((StAuditEntryFunc) func) (&entry, user_data, error);
}

gboolean
st_store_export_audit (StDb                  *db,
                       const StExportFilter  *filter,
                       StAuditEntryFunc       func,
                       gpointer               user_data,
                       GError               **error)
{
  Query query;

  audit_query (&query, filter,
               "SELECT a.seq, a.at, a.username, a.action, a.tbl, a.record, a.lot, a.field,"
               " a.old_value, a.new_value, a.reason, a.prev_hash, a.hash");
  query_sql (&query, " ORDER BY a.seq");
  return run_query (db, &query, audit_row, func, user_data, error);
}

/* Specifications */

static void
specs_query (Query                *query,
             const StExportFilter *filter,
             const char           *select)
{
  query_init (query, select);
  query_sql (query, " FROM specs sp LEFT JOIN users ua ON ua.id = sp.approved_by");
  if (!filter_is_everything (filter))
    {
      query_sql (query, " WHERE sp.id IN (SELECT l.spec_id FROM lots l WHERE 1 = 1");
      query_lot_scope (query, filter, "l");
      query_sql (query, ")");
    }
}

static gboolean
spec_row (StDbStmt  *stmt,
          gpointer   func,
          gpointer   user_data,
          GError   **error)
{
  StSpecRecord row = {
    .id = st_db_column_int (stmt, 0),
    .code = (char *) text (stmt, 1),
    .version = st_db_column_int (stmt, 2),
    .title = (char *) text (stmt, 3),
    .status = (char *) text (stmt, 4),
    .created_at = (char *) text (stmt, 5),
    .approved_by_name = (char *) text (stmt, 6),
    .approved_at = (char *) text (stmt, 7),
  };
  return ((StExportSpecFunc) func) (&row, user_data, error);
}

gboolean
st_store_export_specs (StDb                  *db,
                       const StExportFilter  *filter,
                       StExportSpecFunc       func,
                       gpointer               user_data,
                       GError               **error)
{
  Query query;

  specs_query (&query, filter,
               "SELECT sp.id, sp.code, sp.version, sp.title, sp.status, sp.created_at, ua.username,"
               " sp.approved_at");
  query_sql (&query, " ORDER BY sp.code, sp.version");
  return run_query (db, &query, spec_row, func, user_data, error);
}

/* Counts, over the same scopes as the rows */

static gboolean
count_query (StDb     *db,
             Query    *query,
             gint64   *count,
             GError  **error)
{
  StDbStmt *stmt = query_prepare (db, query, error);
  gboolean ok = FALSE;

  if (stmt != NULL && st_db_step (stmt, error) == ST_DB_ROW)
    {
      *count = st_db_column_int (stmt, 0);
      st_db_reset (stmt);
      ok = TRUE;
    }
  query_clear (query);
  return ok;
}

gboolean
st_store_export_count (StDb                  *db,
                       const StExportFilter  *filter,
                       StExportCounts        *counts,
                       GError               **error)
{
  const char *count = "SELECT COUNT(*)";
  Query query;

  lots_query (&query, filter, count, NULL);
  if (!count_query (db, &query, &counts->lots, error))
    return FALSE;
  donors_query (&query, filter, count);
  if (!count_query (db, &query, &counts->donors, error))
    return FALSE;
  passages_query (&query, filter, count);
  if (!count_query (db, &query, &counts->passages, error))
    return FALSE;
  results_query (&query, filter, count);
  if (!count_query (db, &query, &counts->results, error))
    return FALSE;
  deviations_query (&query, filter, count);
  if (!count_query (db, &query, &counts->deviations, error))
    return FALSE;
  signatures_query (&query, filter, count);
  if (!count_query (db, &query, &counts->signatures, error))
    return FALSE;
  audit_query (&query, filter, count);
  if (!count_query (db, &query, &counts->audit, error))
    return FALSE;
  specs_query (&query, filter, count);
  return count_query (db, &query, &counts->specs, error);
}
