/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "st-store-specs.h"

void
st_spec_record_free (StSpecRecord *record)
{
  if (record == NULL)
    return;
  g_free (record->code);
  g_free (record->title);
  g_free (record->status);
  g_free (record->document);
  g_free (record->created_at);
  g_free (record->approved_by_name);
  g_free (record->approved_at);
  g_free (record);
}

#define SPEC_COLUMNS \
  "s.id, s.code, s.version, s.title, s.status, s.document, s.created_by, s.created_at," \
  " s.approved_by, u.full_name, s.approved_at"
#define SPEC_FROM " FROM specs s LEFT JOIN users u ON u.id = s.approved_by"

static StSpecRecord *
read_spec (StDbStmt *stmt)
{
  StSpecRecord *record = g_new0 (StSpecRecord, 1);

  record->id = st_db_column_int (stmt, 0);
  record->code = g_strdup (st_db_column_text (stmt, 1));
  record->version = st_db_column_int (stmt, 2);
  record->title = g_strdup (st_db_column_text (stmt, 3));
  record->status = g_strdup (st_db_column_text (stmt, 4));
  record->document = g_strdup (st_db_column_text (stmt, 5));
  record->created_by = st_db_column_int (stmt, 6);
  record->created_at = g_strdup (st_db_column_text (stmt, 7));
  record->approved_by = st_db_column_is_null (stmt, 8) ? 0 : st_db_column_int (stmt, 8);
  record->approved_by_name = g_strdup (st_db_column_text (stmt, 9));
  record->approved_at = g_strdup (st_db_column_text (stmt, 10));
  return record;
}

static StSpecRecord *
read_one (StDbStmt  *stmt,
          GError   **error)
{
  StSpecRecord *record = NULL;

  if (st_db_step (stmt, error) == ST_DB_ROW)
    record = read_spec (stmt);
  st_db_reset (stmt);
  return record;
}

StSpecRecord *
st_store_specs_get (StDb    *db,
                    gint64   id,
                    GError **error)
{
  StDbStmt *stmt = st_db_prepare (db, "SELECT " SPEC_COLUMNS SPEC_FROM " WHERE s.id = ?", error);

  if (stmt == NULL)
    return NULL;
  st_db_bind_int (stmt, 1, id);
  return read_one (stmt, error);
}

StSpecRecord *
st_store_specs_find (StDb        *db,
                     const char  *code,
                     gint64       version,
                     GError     **error)
{
  StDbStmt *stmt;

  if (version > 0)
    {
      stmt = st_db_prepare (db, "SELECT " SPEC_COLUMNS SPEC_FROM " WHERE s.code = ? AND s.version = ?", error);
      if (stmt == NULL)
        return NULL;
      st_db_bind_text (stmt, 1, code);
      st_db_bind_int (stmt, 2, version);
    }
  else
    {
      stmt = st_db_prepare (db, "SELECT " SPEC_COLUMNS SPEC_FROM
                                " WHERE s.code = ? AND s.status = 'approved'"
                                " ORDER BY s.version DESC LIMIT 1", error);
      if (stmt == NULL)
        return NULL;
      st_db_bind_text (stmt, 1, code);
    }
  return read_one (stmt, error);
}

gint64
st_store_specs_next_version (StDb        *db,
                             const char  *code,
                             GError     **error)
{
  StDbStmt *stmt = st_db_prepare (db, "SELECT COALESCE (MAX (version), 0) + 1 FROM specs WHERE code = ?", error);
  gint64 next = 0;

  if (stmt == NULL)
    return 0;
  st_db_bind_text (stmt, 1, code);
  if (st_db_step (stmt, error) == ST_DB_ROW)
    next = st_db_column_int (stmt, 0);
  st_db_reset (stmt);
  return next;
}

GPtrArray *
st_store_specs_list (StDb    *db,
                     GError **error)
{
  StDbStmt *stmt = st_db_prepare (db, "SELECT " SPEC_COLUMNS SPEC_FROM " ORDER BY s.code, s.version", error);
  g_autoptr(GPtrArray) specs = g_ptr_array_new_with_free_func ((GDestroyNotify) st_spec_record_free);
  StDbStep step;

  if (stmt == NULL)
    return NULL;
  while ((step = st_db_step (stmt, error)) == ST_DB_ROW)
    g_ptr_array_add (specs, read_spec (stmt));
  if (step == ST_DB_FAILED)
    return NULL;
  return g_steal_pointer (&specs);
}

gboolean
st_store_specs_insert (StDb          *db,
                       StSpecRecord  *record,
                       GError       **error)
{
  StDbStmt *stmt = st_db_prepare (db,
    "INSERT INTO specs (code, version, title, status, document, created_by, created_at,"
    " approved_by, approved_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id", error);

  if (stmt == NULL)
    return FALSE;
  st_db_bind_text (stmt, 1, record->code);
  st_db_bind_int (stmt, 2, record->version);
  st_db_bind_text (stmt, 3, record->title);
  st_db_bind_text (stmt, 4, record->status);
  st_db_bind_text (stmt, 5, record->document);
  st_db_bind_int (stmt, 6, record->created_by);
  st_db_bind_text (stmt, 7, record->created_at);
  if (record->approved_by > 0)
    st_db_bind_int (stmt, 8, record->approved_by);
  else
    st_db_bind_null (stmt, 8);
  st_db_bind_text (stmt, 9, record->approved_at);
  if (st_db_step (stmt, error) != ST_DB_ROW)
    return FALSE;
  record->id = st_db_column_int (stmt, 0);
  st_db_reset (stmt);
  return TRUE;
}

gboolean
st_store_specs_set_status (StDb        *db,
                           gint64       id,
                           const char  *status,
                           gint64       approved_by,
                           const char  *approved_at,
                           GError     **error)
{
  StDbStmt *stmt;

  if (approved_at != NULL)
    {
      stmt = st_db_prepare (db, "UPDATE specs SET status = ?, approved_by = ?, approved_at = ? WHERE id = ?", error);
      if (stmt == NULL)
        return FALSE;
      st_db_bind_text (stmt, 1, status);
      st_db_bind_int (stmt, 2, approved_by);
      st_db_bind_text (stmt, 3, approved_at);
      st_db_bind_int (stmt, 4, id);
    }
  else
    {
      stmt = st_db_prepare (db, "UPDATE specs SET status = ? WHERE id = ?", error);
      if (stmt == NULL)
        return FALSE;
      st_db_bind_text (stmt, 1, status);
      st_db_bind_int (stmt, 2, id);
    }
  return st_db_run (stmt, error);
}
