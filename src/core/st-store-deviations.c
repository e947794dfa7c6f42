/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "st-store-deviations.h"

void
st_deviation_record_free (StDeviationRecord *record)
{
  if (record == NULL)
    return;
  g_free (record->lot_number);
  g_free (record->severity);
  g_free (record->status);
  g_free (record->text);
  g_free (record->opened_by_name);
  g_free (record->opened_at);
  g_free (record->assessment);
  g_free (record->closed_by_name);
  g_free (record->closed_at);
  g_free (record);
}

#define DEVIATION_COLUMNS \
  "d.id, d.lot_id, l.lot_number, d.class, d.status, d.text, d.opened_by, o.username, d.opened_at," \
  " d.assessment, d.closed_by, c.username, d.closed_at"
#define DEVIATION_FROM \
  " FROM deviations d JOIN lots l ON l.id = d.lot_id JOIN users o ON o.id = d.opened_by" \
  " LEFT JOIN users c ON c.id = d.closed_by"

static StDeviationRecord *
read_deviation (StDbStmt *stmt)
{
  StDeviationRecord *record = g_new0 (StDeviationRecord, 1);

  record->number = st_db_column_int (stmt, 0);
  record->lot_id = st_db_column_int (stmt, 1);
  record->lot_number = g_strdup (st_db_column_text (stmt, 2));
  record->severity = g_strdup (st_db_column_text (stmt, 3));
  record->status = g_strdup (st_db_column_text (stmt, 4));
  record->text = g_strdup (st_db_column_text (stmt, 5));
  record->opened_by = st_db_column_int (stmt, 6);
  record->opened_by_name = g_strdup (st_db_column_text (stmt, 7));
  record->opened_at = g_strdup (st_db_column_text (stmt, 8));
  record->assessment = g_strdup (st_db_column_text (stmt, 9));
  record->closed_by = st_db_column_is_null (stmt, 10) ? 0 : st_db_column_int (stmt, 10);
  record->closed_by_name = g_strdup (st_db_column_text (stmt, 11));
  record->closed_at = g_strdup (st_db_column_text (stmt, 12));
  return record;
}

StDeviationRecord *
st_store_deviations_get (StDb    *db,
                         gint64   number,
                         GError **error)
{
  StDbStmt *stmt = st_db_prepare (db, "SELECT " DEVIATION_COLUMNS DEVIATION_FROM " WHERE d.id = ?", error);
  StDeviationRecord *record = NULL;

  if (stmt == NULL)
    return NULL;
  st_db_bind_int (stmt, 1, number);
  if (st_db_step (stmt, error) == ST_DB_ROW)
    record = read_deviation (stmt);
  st_db_reset (stmt);
  return record;
}

GPtrArray *
st_store_deviations_list (StDb    *db,
                          gint64   lot_id,
                          GError **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) st_deviation_record_free);
  StDbStmt *stmt;
  StDbStep step;

  if (lot_id > 0)
    {
      stmt = st_db_prepare (db, "SELECT " DEVIATION_COLUMNS DEVIATION_FROM " WHERE d.lot_id = ? ORDER BY d.id", error);
      if (stmt != NULL)
        st_db_bind_int (stmt, 1, lot_id);
    }
  else
    stmt = st_db_prepare (db, "SELECT " DEVIATION_COLUMNS DEVIATION_FROM " ORDER BY d.id", error);
  if (stmt == NULL)
    return NULL;
  while ((step = st_db_step (stmt, error)) == ST_DB_ROW)
    g_ptr_array_add (list, read_deviation (stmt));
  if (step == ST_DB_FAILED)
    return NULL;
  return g_steal_pointer (&list);
}

gboolean
st_store_deviations_insert (StDb               *db,
                            StDeviationRecord  *record,
                            GError            **error)
{
  StDbStmt *stmt = st_db_prepare (db,
    "INSERT INTO deviations (lot_id, class, status, text, opened_by, opened_at)"
    " VALUES (?, ?, 'open', ?, ?, ?) RETURNING id", error);

  if (stmt == NULL)
    return FALSE;
  st_db_bind_int (stmt, 1, record->lot_id);
  st_db_bind_text (stmt, 2, record->severity);
  st_db_bind_text (stmt, 3, record->text);
  st_db_bind_int (stmt, 4, record->opened_by);
  st_db_bind_text (stmt, 5, record->opened_at);
  if (st_db_step (stmt, error) != ST_DB_ROW)
    return FALSE;
  record->number = st_db_column_int (stmt, 0);
  st_db_reset (stmt);
  return TRUE;
}

gboolean
st_store_deviations_close (StDb        *db,
                           gint64       number,
                           const char  *assessment,
                           gint64       closed_by,
                           const char  *closed_at,
                           GError     **error)
{
  StDbStmt *stmt = st_db_prepare (db,
    "UPDATE deviations SET status = 'closed', assessment = ?, closed_by = ?, closed_at = ?"
    " WHERE id = ? AND status = 'open'", error);

  if (stmt == NULL)
    return FALSE;
  st_db_bind_text (stmt, 1, assessment);
  st_db_bind_int (stmt, 2, closed_by);
  st_db_bind_text (stmt, 3, closed_at);
  st_db_bind_int (stmt, 4, number);
  return st_db_run (stmt, error);
}
