/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "st-store-lots.h"

void
st_lot_record_free (StLotRecord *record)
{
  if (record == NULL)
    return;
  g_free (record->lot_number);
  g_free (record->product);
  g_free (record->spec_code);
  g_free (record->status);
  g_free (record->verdict);
  g_free (record->flag);
  g_free (record->created_by_name);
  g_free (record->created_at);
  g_free (record->released_at);
  g_free (record);
}

void
st_passage_record_free (StPassageRecord *record)
{
  if (record == NULL)
    return;
  g_free (record->seeded_on);
  g_free (record->harvested_on);
  g_free (record->entered_by_name);
  g_free (record->entered_at);
  g_free (record);
}

void
st_result_record_free (StResultRecord *record)
{
  if (record == NULL)
    return;
  g_free (record->param);
  g_free (record->value);
  g_free (record->method);
  g_free (record->entered_by_name);
  g_free (record->entered_at);
  g_free (record->reason);
  g_free (record);
}

#define LOT_COLUMNS \
  "l.id, l.lot_number, l.product, l.spec_id, s.code, s.version, l.status, l.verdict, l.flag," \
  " l.created_by, u.username, l.created_at, l.released_at"
#define LOT_FROM \
  " FROM lots l JOIN specs s ON s.id = l.spec_id JOIN users u ON u.id = l.created_by"

/* Fills @record with borrowed strings valid until the next step. */
static void
peek_lot (StDbStmt    *stmt,
          StLotRecord *record)
{
  record->id = st_db_column_int (stmt, 0);
  record->lot_number = (char *) st_db_column_text (stmt, 1);
  record->product = (char *) st_db_column_text (stmt, 2);
  record->spec_id = st_db_column_int (stmt, 3);
  record->spec_code = (char *) st_db_column_text (stmt, 4);
  record->spec_version = st_db_column_int (stmt, 5);
  record->status = (char *) st_db_column_text (stmt, 6);
  record->verdict = (char *) st_db_column_text (stmt, 7);
  record->flag = (char *) st_db_column_text (stmt, 8);
  record->created_by = st_db_column_int (stmt, 9);
  record->created_by_name = (char *) st_db_column_text (stmt, 10);
  record->created_at = (char *) st_db_column_text (stmt, 11);
  record->released_at = (char *) st_db_column_text (stmt, 12);
}

static StLotRecord *
read_lot (StDbStmt *stmt)
{
  StLotRecord peeked = { 0 };
  StLotRecord *record = g_new0 (StLotRecord, 1);

  peek_lot (stmt, &peeked);
  *record = peeked;
  record->lot_number = g_strdup (peeked.lot_number);
  record->product = g_strdup (peeked.product);
  record->spec_code = g_strdup (peeked.spec_code);
  record->status = g_strdup (peeked.status);
  record->verdict = g_strdup (peeked.verdict);
  record->flag = g_strdup (peeked.flag);
  record->created_by_name = g_strdup (peeked.created_by_name);
  record->created_at = g_strdup (peeked.created_at);
  record->released_at = g_strdup (peeked.released_at);
  return record;
}

static StLotRecord *
read_one_lot (StDbStmt  *stmt,
              GError   **error)
{
  StLotRecord *record = NULL;

  if (st_db_step (stmt, error) == ST_DB_ROW)
    record = read_lot (stmt);
  st_db_reset (stmt);
  return record;
}

StLotRecord *
st_store_lots_find (StDb        *db,
                    const char  *lot_number,
                    GError     **error)
{
  StDbStmt *stmt = st_db_prepare (db, "SELECT " LOT_COLUMNS LOT_FROM " WHERE l.lot_number = ?", error);

  if (stmt == NULL)
    return NULL;
  st_db_bind_text (stmt, 1, lot_number);
  return read_one_lot (stmt, error);
}

StLotRecord *
st_store_lots_get (StDb    *db,
                   gint64   id,
                   GError **error)
{
  StDbStmt *stmt = st_db_prepare (db, "SELECT " LOT_COLUMNS LOT_FROM " WHERE l.id = ?", error);

  if (stmt == NULL)
    return NULL;
  st_db_bind_int (stmt, 1, id);
  return read_one_lot (stmt, error);
}

gboolean
st_store_lots_insert (StDb         *db,
                      StLotRecord  *record,
                      GError      **error)
{
  StDbStmt *stmt = st_db_prepare (db,
    "INSERT INTO lots (lot_number, product, spec_id, status, verdict, created_by, created_at)"
    " VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id", error);

  if (stmt == NULL)
    return FALSE;
  st_db_bind_text (stmt, 1, record->lot_number);
  st_db_bind_text (stmt, 2, record->product);
  st_db_bind_int (stmt, 3, record->spec_id);
  st_db_bind_text (stmt, 4, record->status);
  st_db_bind_text (stmt, 5, record->verdict ? record->verdict : "incomplete");
  st_db_bind_int (stmt, 6, record->created_by);
  st_db_bind_text (stmt, 7, record->created_at);
  if (st_db_step (stmt, error) != ST_DB_ROW)
    return FALSE;
  record->id = st_db_column_int (stmt, 0);
  st_db_reset (stmt);
  return TRUE;
}

gboolean
st_store_lots_add_donor (StDb    *db,
                         gint64   lot_id,
                         gint64   donor_id,
                         gint64   position,
                         GError **error)
{
  StDbStmt *stmt = st_db_prepare (db, "INSERT INTO lot_donors (lot_id, donor_id, position) VALUES (?, ?, ?)", error);

  if (stmt == NULL)
    return FALSE;
  st_db_bind_int (stmt, 1, lot_id);
  st_db_bind_int (stmt, 2, donor_id);
  st_db_bind_int (stmt, 3, position);
  return st_db_run (stmt, error);
}

GPtrArray *
st_store_lots_donors (StDb    *db,
                      gint64   lot_id,
                      GError **error)
{
  StDbStmt *stmt = st_db_prepare (db,
    "SELECT d.id, d.code, d.birth_year, d.sex, d.consent_date, d.htlv_required, d.eligibility,"
    " d.created_by, u.username, d.created_at"
    " FROM lot_donors ld JOIN donors d ON d.id = ld.donor_id JOIN users u ON u.id = d.created_by"
    " WHERE ld.lot_id = ? ORDER BY ld.position", error);
  g_autoptr(GPtrArray) donors = g_ptr_array_new_with_free_func ((GDestroyNotify) st_donor_record_free);
  StDbStep step;

  if (stmt == NULL)
    return NULL;
  st_db_bind_int (stmt, 1, lot_id);
  while ((step = st_db_step (stmt, error)) == ST_DB_ROW)
    {
      StDonorRecord *donor = g_new0 (StDonorRecord, 1);
      donor->id = st_db_column_int (stmt, 0);
      donor->code = g_strdup (st_db_column_text (stmt, 1));
      donor->birth_year = st_db_column_int (stmt, 2);
      donor->sex = g_strdup (st_db_column_text (stmt, 3));
      donor->consent_date = g_strdup (st_db_column_text (stmt, 4));
      donor->htlv_required = st_db_column_int (stmt, 5) != 0;
      donor->eligibility = g_strdup (st_db_column_text (stmt, 6));
      donor->created_by = st_db_column_int (stmt, 7);
      donor->created_by_name = g_strdup (st_db_column_text (stmt, 8));
      donor->created_at = g_strdup (st_db_column_text (stmt, 9));
      g_ptr_array_add (donors, donor);
    }
  if (step == ST_DB_FAILED)
    return NULL;
  return g_steal_pointer (&donors);
}

gboolean
st_store_lots_set_status (StDb        *db,
                          gint64       lot_id,
                          const char  *status,
                          const char  *released_at,
                          GError     **error)
{
  StDbStmt *stmt = st_db_prepare (db,
    "UPDATE lots SET status = ?, released_at = COALESCE (?, released_at) WHERE id = ?", error);

  if (stmt == NULL)
    return FALSE;
  st_db_bind_text (stmt, 1, status);
  st_db_bind_text (stmt, 2, released_at);
  st_db_bind_int (stmt, 3, lot_id);
  return st_db_run (stmt, error);
}

gboolean
st_store_lots_set_verdict (StDb        *db,
                           gint64       lot_id,
                           const char  *verdict,
                           GError     **error)
{
  StDbStmt *stmt = st_db_prepare (db, "UPDATE lots SET verdict = ? WHERE id = ? AND verdict <> ?", error);

  if (stmt == NULL)
    return FALSE;
  st_db_bind_text (stmt, 1, verdict);
  st_db_bind_int (stmt, 2, lot_id);
  st_db_bind_text (stmt, 3, verdict);
  return st_db_run (stmt, error);
}

gboolean
st_store_lots_set_flag (StDb        *db,
                        gint64       lot_id,
                        const char  *flag,
                        GError     **error)
{
  StDbStmt *stmt = st_db_prepare (db, "UPDATE lots SET flag = ? WHERE id = ?", error);

  if (stmt == NULL)
    return FALSE;
  st_db_bind_text (stmt, 1, flag);
  st_db_bind_int (stmt, 2, lot_id);
  return st_db_run (stmt, error);
}

gboolean
st_store_lots_foreach (StDb        *db,
                       const char  *status,
                       StLotFunc    func,
                       gpointer     user_data,
                       GError     **error)
{
  StDbStmt *stmt;
  StDbStep step;

  if (status != NULL)
    {
      stmt = st_db_prepare_stream (db, "SELECT " LOT_COLUMNS LOT_FROM " WHERE l.status = ? ORDER BY l.id DESC", error);
      if (stmt != NULL)
        st_db_bind_text (stmt, 1, status);
    }
  else
    stmt = st_db_prepare_stream (db, "SELECT " LOT_COLUMNS LOT_FROM " ORDER BY l.id DESC", error);
  if (stmt == NULL)
    return FALSE;

  while ((step = st_db_step (stmt, error)) == ST_DB_ROW)
    {
      StLotRecord lot = { 0 };

      peek_lot (stmt, &lot);
      if (!func (&lot, user_data, error))
        {
          st_db_reset (stmt);
          return FALSE;
        }
    }
  return step == ST_DB_DONE;
}

GPtrArray *
st_store_lots_passages (StDb    *db,
                        gint64   lot_id,
                        GError **error)
{
  StDbStmt *stmt = st_db_prepare (db,
    "SELECT p.id, p.lot_id, p.number, p.seeded, p.harvested, p.seeded_on, p.harvested_on,"
    " p.entered_by, u.username, p.entered_at"
    " FROM passages p JOIN users u ON u.id = p.entered_by WHERE p.lot_id = ? ORDER BY p.number", error);
  g_autoptr(GPtrArray) passages = g_ptr_array_new_with_free_func ((GDestroyNotify) st_passage_record_free);
  StDbStep step;

  if (stmt == NULL)
    return NULL;
  st_db_bind_int (stmt, 1, lot_id);
  while ((step = st_db_step (stmt, error)) == ST_DB_ROW)
    {
      StPassageRecord *passage = g_new0 (StPassageRecord, 1);
      passage->id = st_db_column_int (stmt, 0);
      passage->lot_id = st_db_column_int (stmt, 1);
      passage->number = st_db_column_int (stmt, 2);
      passage->seeded = st_db_column_int (stmt, 3);
      passage->harvested = st_db_column_int (stmt, 4);
      passage->seeded_on = g_strdup (st_db_column_text (stmt, 5));
      passage->harvested_on = g_strdup (st_db_column_text (stmt, 6));
      passage->entered_by = st_db_column_int (stmt, 7);
      passage->entered_by_name = g_strdup (st_db_column_text (stmt, 8));
      passage->entered_at = g_strdup (st_db_column_text (stmt, 9));
      g_ptr_array_add (passages, passage);
    }
  if (step == ST_DB_FAILED)
    return NULL;
  return g_steal_pointer (&passages);
}

gboolean
st_store_lots_passage_exists (StDb      *db,
                              gint64     lot_id,
                              gint64     number,
                              gboolean  *exists,
                              GError   **error)
{
  StDbStmt *stmt = st_db_prepare (db, "SELECT 1 FROM passages WHERE lot_id = ? AND number = ?", error);
  StDbStep step;

  if (stmt == NULL)
    return FALSE;
  st_db_bind_int (stmt, 1, lot_id);
  st_db_bind_int (stmt, 2, number);
  step = st_db_step (stmt, error);
  st_db_reset (stmt);
  *exists = step == ST_DB_ROW;
  return step != ST_DB_FAILED;
}

gboolean
st_store_lots_insert_passage (StDb             *db,
                              StPassageRecord  *record,
                              GError          **error)
{
  StDbStmt *stmt = st_db_prepare (db,
    "INSERT INTO passages (lot_id, number, seeded, harvested, seeded_on, harvested_on, entered_by, entered_at)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id", error);

  if (stmt == NULL)
    return FALSE;
  st_db_bind_int (stmt, 1, record->lot_id);
  st_db_bind_int (stmt, 2, record->number);
  st_db_bind_int (stmt, 3, record->seeded);
  st_db_bind_int (stmt, 4, record->harvested);
  st_db_bind_text (stmt, 5, record->seeded_on);
  st_db_bind_text (stmt, 6, record->harvested_on);
  st_db_bind_int (stmt, 7, record->entered_by);
  st_db_bind_text (stmt, 8, record->entered_at);
  if (st_db_step (stmt, error) != ST_DB_ROW)
    return FALSE;
  record->id = st_db_column_int (stmt, 0);
  st_db_reset (stmt);
  return TRUE;
}

#define RESULT_COLUMNS \
  "r.id, r.lot_id, r.param, r.value, r.method, r.entered_by, u.username, r.entered_at," \
  " r.supersedes, r.reason," \
  " CASE WHEN EXISTS (SELECT 1 FROM results n WHERE n.supersedes = r.id) THEN 1 ELSE 0 END"
#define RESULT_FROM " FROM results r JOIN users u ON u.id = r.entered_by"

static StResultRecord *
read_result (StDbStmt *stmt)
{
  StResultRecord *result = g_new0 (StResultRecord, 1);

  result->id = st_db_column_int (stmt, 0);
  result->lot_id = st_db_column_int (stmt, 1);
  result->param = g_strdup (st_db_column_text (stmt, 2));
  result->value = g_strdup (st_db_column_text (stmt, 3));
  result->method = g_strdup (st_db_column_text (stmt, 4));
  result->entered_by = st_db_column_int (stmt, 5);
  result->entered_by_name = g_strdup (st_db_column_text (stmt, 6));
  result->entered_at = g_strdup (st_db_column_text (stmt, 7));
  result->supersedes = st_db_column_is_null (stmt, 8) ? 0 : st_db_column_int (stmt, 8);
  result->reason = g_strdup (st_db_column_text (stmt, 9));
  result->superseded = st_db_column_int (stmt, 10) != 0;
  return result;
}

GPtrArray *
st_store_lots_results (StDb    *db,
                       gint64   lot_id,
                       GError **error)
{
  StDbStmt *stmt = st_db_prepare (db,
    "SELECT " RESULT_COLUMNS RESULT_FROM " WHERE r.lot_id = ? ORDER BY r.param, r.id", error);
  g_autoptr(GPtrArray) results = g_ptr_array_new_with_free_func ((GDestroyNotify) st_result_record_free);
  StDbStep step;

  if (stmt == NULL)
    return NULL;
  st_db_bind_int (stmt, 1, lot_id);
  while ((step = st_db_step (stmt, error)) == ST_DB_ROW)
    g_ptr_array_add (results, read_result (stmt));
  if (step == ST_DB_FAILED)
    return NULL;
  return g_steal_pointer (&results);
}

StResultRecord *
st_store_lots_current_result (StDb        *db,
                              gint64       lot_id,
                              const char  *param,
                              GError     **error)
{
  StDbStmt *stmt = st_db_prepare (db,
    "SELECT " RESULT_COLUMNS RESULT_FROM
    " WHERE r.lot_id = ? AND r.param = ?"
    " AND NOT EXISTS (SELECT 1 FROM results n WHERE n.supersedes = r.id)"
    " ORDER BY r.id DESC LIMIT 1", error);
  StResultRecord *result = NULL;

  if (stmt == NULL)
    return NULL;
  st_db_bind_int (stmt, 1, lot_id);
  st_db_bind_text (stmt, 2, param);
  if (st_db_step (stmt, error) == ST_DB_ROW)
    result = read_result (stmt);
  st_db_reset (stmt);
  return result;
}

gboolean
st_store_lots_insert_result (StDb            *db,
                             StResultRecord  *record,
                             GError         **error)
{
  StDbStmt *stmt = st_db_prepare (db,
    "INSERT INTO results (lot_id, param, value, method, entered_by, entered_at, supersedes, reason)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id", error);

  if (stmt == NULL)
    return FALSE;
  st_db_bind_int (stmt, 1, record->lot_id);
  st_db_bind_text (stmt, 2, record->param);
  st_db_bind_text (stmt, 3, record->value);
  st_db_bind_text (stmt, 4, record->method);
  st_db_bind_int (stmt, 5, record->entered_by);
  st_db_bind_text (stmt, 6, record->entered_at);
  if (record->supersedes > 0)
    st_db_bind_int (stmt, 7, record->supersedes);
  else
    st_db_bind_null (stmt, 7);
  st_db_bind_text (stmt, 8, record->reason);
  if (st_db_step (stmt, error) != ST_DB_ROW)
    return FALSE;
  record->id = st_db_column_int (stmt, 0);
  st_db_reset (stmt);
  return TRUE;
}

gboolean
st_store_lots_user_entered_data (StDb      *db,
                                 gint64     lot_id,
                                 gint64     user_id,
                                 gboolean  *entered,
                                 GError   **error)
{
  StDbStmt *stmt = st_db_prepare (db,
    "SELECT 1 FROM lots WHERE id = ? AND created_by = ?"
    " UNION ALL SELECT 1 FROM results WHERE lot_id = ? AND entered_by = ?"
    " UNION ALL SELECT 1 FROM passages WHERE lot_id = ? AND entered_by = ?"
    " LIMIT 1", error);
  StDbStep step;

  if (stmt == NULL)
    return FALSE;
  for (int i = 0; i < 3; i++)
    {
      st_db_bind_int (stmt, 2 * i + 1, lot_id);
      st_db_bind_int (stmt, 2 * i + 2, user_id);
    }
  step = st_db_step (stmt, error);
  st_db_reset (stmt);
  *entered = step == ST_DB_ROW;
  return step != ST_DB_FAILED;
}
