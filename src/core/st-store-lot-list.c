/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "st-store-lot-list.h"

/*
 * Each query is put together from the fixed fragments below, chosen by the
 * filter's flags, never from what a user typed: the typed text only ever
 * reaches a `?`.  The statement cache keeps each variant prepared.
 *
 * The search is a prefix match on the lot number, the product and the codes
 * of the lot's donors, ignoring ASCII case.  A narrow search is the union of
 * three index range scans (indexes on lower (...) in the schema), sorted
 * afterwards; a broad one ("m", the facility code of every DIN: a large
 * share of all lots) is tested on each row while the sort index is read,
 * and counted only up to a limit.
 * Every sort key has an index ending in the lot id and the status, so a
 * window at any offset is read in index order.  Writing the status as the
 * expression "l.status || ''" keeps the planner from driving a large set
 * through the status index and sorting all of it.
 */

void
st_lot_row_free (StLotRow *row)
{
  if (row == NULL)
    return;
  g_free (row->lot_number);
  g_free (row->product);
  g_free (row->status);
  g_free (row->verdict);
  g_free (row->flag);
  g_free (row->spec_code);
  g_free (row->created_at);
  g_free (row->released_at);
  g_free (row->first_donor);
  g_free (row);
}

#define ROW_COLUMNS \
  "SELECT l.id, l.lot_number, l.product, l.status, l.verdict, l.flag, s.code, s.version," \
  " l.created_at, l.released_at," \
  " (SELECT count(*) FROM lot_donors nd WHERE nd.lot_id = l.id)," \
  " (SELECT d.code FROM lot_donors fd JOIN donors d ON d.id = fd.donor_id" \
  "  WHERE fd.lot_id = l.id ORDER BY fd.position LIMIT 1)," \
  " CASE WHEN l.status IN (?, ?, ?, ?) THEN 1 ELSE 0 END" \
  " FROM lots l JOIN specs s ON s.id = l.spec_id"

#define SEARCH_BY_INDEX \
  " AND l.id IN (" \
  "SELECT id FROM lots WHERE lower (lot_number) >= ? AND lower (lot_number) < ?" \
  " UNION SELECT id FROM lots WHERE lower (product) >= ? AND lower (product) < ?" \
  " UNION SELECT sl.lot_id FROM donors sd JOIN lot_donors sl ON sl.donor_id = sd.id" \
  " WHERE lower (sd.code) >= ? AND lower (sd.code) < ?)"

#define SEARCH_BY_ROW \
  " AND (lower (l.lot_number) >= ? AND lower (l.lot_number) < ?" \
  " OR lower (l.product) >= ? AND lower (l.product) < ?" \
  " OR EXISTS (SELECT 1 FROM lot_donors sl JOIN donors sd ON sd.id = sl.donor_id" \
  " WHERE sl.lot_id = l.id AND lower (sd.code) >= ? AND lower (sd.code) < ?))"

static const char *const sort_columns[] = {
  [ST_LOT_SORT_CREATED] = "l.created_at",
  [ST_LOT_SORT_NUMBER] = "l.lot_number",
  [ST_LOT_SORT_PRODUCT] = "l.product",
  [ST_LOT_SORT_STATUS] = "l.status",
  [ST_LOT_SORT_VERDICT] = "l.verdict",
  [ST_LOT_SORT_SPEC] = "l.spec_id",
  [ST_LOT_SORT_RELEASED] = "l.released_at",
};

typedef struct {
  GString *sql;
  const char *texts[16];
  guint n_texts;
} Query;

static void
add_text (Query      *query,
          const char *text)
{
  g_assert_cmpuint (query->n_texts, <, G_N_ELEMENTS (query->texts));
  query->texts[query->n_texts++] = text;
}

static void
add_mine (Query                  *query,
          const StLotListFilter  *filter)
{
  for (guint i = 0; i < ST_LOT_LIST_MAX_MINE; i++)
    add_text (query, filter->mine[i] != NULL ? filter->mine[i] : filter->mine[0]);
}

/* The WHERE clause; the caller has written "... WHERE 1 = 1". */
static void
add_conditions (Query                  *query,
                const StLotListFilter  *filter)
{
  const char *status = filter->scan_status ? " AND l.status || ''" : " AND l.status";

  if (filter->status != NULL)
    {
      g_string_append (query->sql, status);
      g_string_append (query->sql, " = ?");
      add_text (query, filter->status);
    }
  if (filter->segment != ST_LOT_SEGMENT_ALL)
    {
      g_string_append (query->sql, status);
      g_string_append (query->sql, filter->segment == ST_LOT_SEGMENT_MINE
                       ? " IN (?, ?, ?, ?)" : " NOT IN (?, ?, ?, ?)");
      add_mine (query, filter);
    }
  if (filter->search_low != NULL)
    {
      g_string_append (query->sql, filter->scan_search ? SEARCH_BY_ROW : SEARCH_BY_INDEX);
      for (guint i = 0; i < 3; i++)
        {
          add_text (query, filter->search_low);
          add_text (query, filter->search_high);
        }
    }
}

static void
bind_texts (StDbStmt    *stmt,
            const Query *query)
{
  for (guint i = 0; i < query->n_texts; i++)
    st_db_bind_text (stmt, (int) i + 1, query->texts[i]);
}

gboolean
st_store_lot_list_count (StDb                   *db,
                         const StLotListFilter  *filter,
                         gint64                  limit,
                         gint64                 *count,
                         GError                **error)
{
  Query query = { .sql = g_string_new (limit > 0 ? "SELECT count(*) FROM (SELECT 1 FROM lots l WHERE 1 = 1"
                                                 : "SELECT count(*) FROM lots l WHERE 1 = 1") };
  g_autoptr(GString) sql = query.sql;
  StDbStmt *stmt;
  StDbStep step;

  add_conditions (&query, filter);
  if (limit > 0)
    g_string_append (sql, " LIMIT ?) counted");
  stmt = st_db_prepare (db, sql->str, error);
  if (stmt == NULL)
    return FALSE;
  bind_texts (stmt, &query);
  if (limit > 0)
    st_db_bind_int (stmt, (int) query.n_texts + 1, limit);
  step = st_db_step (stmt, error);
  if (step == ST_DB_ROW)
    *count = st_db_column_int (stmt, 0);
  st_db_reset (stmt);
  return step == ST_DB_ROW;
}

gboolean
st_store_lot_list_search_breadth (StDb        *db,
                                  const char  *search_low,
                                  const char  *search_high,
                                  gint64       limit,
                                  gint64      *breadth,
                                  GError     **error)
{
  StDbStmt *stmt = st_db_prepare (db,
    "SELECT (SELECT count(*) FROM (SELECT 1 FROM lots"
    "  WHERE lower (lot_number) >= ? AND lower (lot_number) < ? LIMIT ?) n)"
    " + (SELECT count(*) FROM (SELECT 1 FROM lots"
    "  WHERE lower (product) >= ? AND lower (product) < ? LIMIT ?) p)"
    " + (SELECT count(*) FROM (SELECT 1 FROM donors sd JOIN lot_donors sl ON sl.donor_id = sd.id"
    "  WHERE lower (sd.code) >= ? AND lower (sd.code) < ? LIMIT ?) d)", error);
  StDbStep step;

  if (stmt == NULL)
    return FALSE;
  for (int i = 0; i < 3; i++)
    {
      st_db_bind_text (stmt, 3 * i + 1, search_low);
      st_db_bind_text (stmt, 3 * i + 2, search_high);
      st_db_bind_int (stmt, 3 * i + 3, limit);
    }
  step = st_db_step (stmt, error);
  if (step == ST_DB_ROW)
    *breadth = st_db_column_int (stmt, 0);
  st_db_reset (stmt);
  return step == ST_DB_ROW;
}

gboolean
st_store_lot_list_max_id (StDb     *db,
                          gint64   *max_id,
                          GError  **error)
{
  StDbStmt *stmt = st_db_prepare (db, "SELECT coalesce (max (id), 0) FROM lots", error);
  StDbStep step;

  if (stmt == NULL)
    return FALSE;
  step = st_db_step (stmt, error);
  if (step == ST_DB_ROW)
    *max_id = st_db_column_int (stmt, 0);
  st_db_reset (stmt);
  return step == ST_DB_ROW;
}

static StLotRow *
read_row (StDbStmt *stmt)
{
  StLotRow *row = g_new0 (StLotRow, 1);

  row->id = st_db_column_int (stmt, 0);
  row->lot_number = g_strdup (st_db_column_text (stmt, 1));
  row->product = g_strdup (st_db_column_text (stmt, 2));
  row->status = g_strdup (st_db_column_text (stmt, 3));
  row->verdict = g_strdup (st_db_column_text (stmt, 4));
  row->flag = g_strdup (st_db_column_text (stmt, 5));
  row->spec_code = g_strdup (st_db_column_text (stmt, 6));
  row->spec_version = st_db_column_int (stmt, 7);
  row->created_at = g_strdup (st_db_column_text (stmt, 8));
  row->released_at = g_strdup (st_db_column_text (stmt, 9));
  row->n_donors = st_db_column_int (stmt, 10);
  row->first_donor = g_strdup (st_db_column_text (stmt, 11));
  row->needs_me = st_db_column_int (stmt, 12) != 0;
  return row;
}

GPtrArray *
st_store_lot_list_fetch (StDb                   *db,
                         const StLotListFilter  *filter,
                         gint64                  offset,
                         gint64                  limit,
                         GError                **error)
{
  Query query = { .sql = g_string_new (ROW_COLUMNS " WHERE 1 = 1") };
  g_autoptr(GString) sql = query.sql;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) st_lot_row_free);
  const char *direction = filter->descending ? " DESC" : "";
  StDbStmt *stmt;
  StDbStep step;

  g_return_val_if_fail ((guint) filter->sort < G_N_ELEMENTS (sort_columns), NULL);

  add_mine (&query, filter);
  add_conditions (&query, filter);
  g_string_append (sql, " ORDER BY ");
  if (filter->sort != ST_LOT_SORT_NUMBER)
    {
      g_string_append (sql, sort_columns[filter->sort]);
      g_string_append (sql, direction);
      /* Lots not yet released: first going up, last going down, on either
       * engine (PostgreSQL's default is the other way round). */
      if (filter->sort == ST_LOT_SORT_RELEASED)
        g_string_append (sql, filter->descending ? " NULLS LAST" : " NULLS FIRST");
      g_string_append (sql, ", ");
    }
  g_string_append (sql, filter->sort == ST_LOT_SORT_NUMBER ? "l.lot_number" : "l.id");
  g_string_append (sql, direction);
  g_string_append (sql, " LIMIT ? OFFSET ?");

  stmt = st_db_prepare (db, sql->str, error);
  if (stmt == NULL)
    return NULL;
  bind_texts (stmt, &query);
  st_db_bind_int (stmt, (int) query.n_texts + 1, limit);
  st_db_bind_int (stmt, (int) query.n_texts + 2, offset);
  while ((step = st_db_step (stmt, error)) == ST_DB_ROW)
    g_ptr_array_add (rows, read_row (stmt));
  if (step == ST_DB_FAILED)
    return NULL;
  return g_steal_pointer (&rows);
}

StLotRow *
st_store_lot_list_find (StDb                *db,
                        const char          *lot_number,
                        const char * const  *mine,
                        GError             **error)
{
  StDbStmt *stmt = st_db_prepare (db,
    ROW_COLUMNS " WHERE lower (l.lot_number) = lower (?)"
    " ORDER BY CASE WHEN l.lot_number = ? THEN 0 ELSE 1 END, l.id LIMIT 1", error);
  StLotRow *row = NULL;

  if (stmt == NULL)
    return NULL;
  for (guint i = 0; i < ST_LOT_LIST_MAX_MINE; i++)
    st_db_bind_text (stmt, (int) i + 1, mine[i] != NULL ? mine[i] : mine[0]);
  st_db_bind_text (stmt, ST_LOT_LIST_MAX_MINE + 1, lot_number);
  st_db_bind_text (stmt, ST_LOT_LIST_MAX_MINE + 2, lot_number);
  if (st_db_step (stmt, error) == ST_DB_ROW)
    row = read_row (stmt);
  st_db_reset (stmt);
  return row;
}
