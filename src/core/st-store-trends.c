/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "st-store-trends.h"

void
st_trend_row_free (StTrendRow *row)
{
  if (row == NULL)
    return;
  g_free (row->lot_number);
  g_free (row->made_on);
  g_free (row->value);
  g_free (row->status);
  g_free (row);
}

/* The newest row of a lot's parameter is its current value: a correction
 * always comes after the value it supersedes. */
#define TREND_SQL \
  "SELECT t.lot_number, t.made_on, t.value, t.spec_id, t.status FROM (" \
  " SELECT l.lot_number, l.spec_id, l.status," \
  "  (SELECT c.value FROM results c WHERE c.lot_id = l.id AND c.param = ? ORDER BY c.id DESC LIMIT 1) AS value," \
  "  COALESCE ((SELECT max (p.harvested_on) FROM passages p WHERE p.lot_id = l.id)," \
  "            substr (l.created_at, 1, 10)) AS made_on" \
  " FROM lots l) t" \
  " WHERE t.value IS NOT NULL AND t.made_on >= ? AND t.made_on <= ?" \
  " ORDER BY t.made_on, t.lot_number"

GPtrArray *
st_store_trends_rows (StDb        *db,
                      const char  *param,
                      const char  *since,
                      const char  *until,
                      GError     **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) st_trend_row_free);
  StDbStmt *stmt = st_db_prepare_stream (db, TREND_SQL, error);
  StDbStep step;

  if (stmt == NULL)
    return NULL;
  st_db_bind_text (stmt, 1, param);
  st_db_bind_text (stmt, 2, since != NULL ? since : "0000-01-01");
  st_db_bind_text (stmt, 3, until != NULL ? until : "9999-12-31");
  while ((step = st_db_step (stmt, error)) == ST_DB_ROW)
    {
      StTrendRow *row = g_new0 (StTrendRow, 1);

      row->lot_number = g_strdup (st_db_column_text (stmt, 0));
      row->made_on = g_strdup (st_db_column_text (stmt, 1));
      row->value = g_strdup (st_db_column_text (stmt, 2));
      row->spec_id = st_db_column_int (stmt, 3);
      row->status = g_strdup (st_db_column_text (stmt, 4));
      g_ptr_array_add (rows, row);
    }
  st_db_reset (stmt);
  if (step == ST_DB_FAILED)
    return NULL;
  return g_steal_pointer (&rows);
}
