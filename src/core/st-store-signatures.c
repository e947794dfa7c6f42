/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "st-store-signatures.h"

void
st_signature_record_free (StSignatureRecord *record)
{
  if (record == NULL)
    return;
  g_free (record->meaning);
  g_free (record->username);
  g_free (record->full_name);
  g_free (record->role);
  g_free (record->signed_at);
  g_free (record->reason);
  g_free (record->chain_hash);
  g_free (record->record_fingerprint);
  g_free (record->cert_pem);
  g_clear_pointer (&record->manifest_cms, g_bytes_unref);
  g_free (record);
}

#define SIGNATURE_COLUMNS \
  "id, lot_id, spec_id, meaning, user_id, username, full_name, role, signed_at, reason," \
  " chain_seq, chain_hash, record_fingerprint, cert_pem, manifest_cms"

static StSignatureRecord *
read_signature (StDbStmt *stmt)
{
  StSignatureRecord *record = g_new0 (StSignatureRecord, 1);

  record->id = st_db_column_int (stmt, 0);
  record->lot_id = st_db_column_is_null (stmt, 1) ? 0 : st_db_column_int (stmt, 1);
  record->spec_id = st_db_column_is_null (stmt, 2) ? 0 : st_db_column_int (stmt, 2);
  record->meaning = g_strdup (st_db_column_text (stmt, 3));
  record->user_id = st_db_column_int (stmt, 4);
  record->username = g_strdup (st_db_column_text (stmt, 5));
  record->full_name = g_strdup (st_db_column_text (stmt, 6));
  record->role = g_strdup (st_db_column_text (stmt, 7));
  record->signed_at = g_strdup (st_db_column_text (stmt, 8));
  record->reason = g_strdup (st_db_column_text (stmt, 9));
  record->chain_seq = st_db_column_int (stmt, 10);
  record->chain_hash = g_strdup (st_db_column_text (stmt, 11));
  record->record_fingerprint = g_strdup (st_db_column_text (stmt, 12));
  record->cert_pem = g_strdup (st_db_column_text (stmt, 13));
  if (!st_db_column_is_null (stmt, 14))
    {
      gsize len = 0;
      const guint8 *data = st_db_column_blob (stmt, 14, &len);
      record->manifest_cms = g_bytes_new (data, len);
    }
  return record;
}

gboolean
st_store_signatures_insert (StDb               *db,
                            StSignatureRecord  *record,
                            GError            **error)
{
  StDbStmt *stmt = st_db_prepare (db,
    "INSERT INTO signatures (lot_id, spec_id, meaning, user_id, username, full_name, role, signed_at,"
    " reason, chain_seq, chain_hash, record_fingerprint, cert_pem, manifest_cms)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id", error);
  gsize len = 0;
  const void *cms = record->manifest_cms ? g_bytes_get_data (record->manifest_cms, &len) : NULL;

  if (stmt == NULL)
    return FALSE;
  if (record->lot_id > 0)
    st_db_bind_int (stmt, 1, record->lot_id);
  else
    st_db_bind_null (stmt, 1);
  if (record->spec_id > 0)
    st_db_bind_int (stmt, 2, record->spec_id);
  else
    st_db_bind_null (stmt, 2);
  st_db_bind_text (stmt, 3, record->meaning);
  st_db_bind_int (stmt, 4, record->user_id);
  st_db_bind_text (stmt, 5, record->username);
  st_db_bind_text (stmt, 6, record->full_name);
  st_db_bind_text (stmt, 7, record->role);
  st_db_bind_text (stmt, 8, record->signed_at);
  st_db_bind_text (stmt, 9, record->reason);
  st_db_bind_int (stmt, 10, record->chain_seq);
  st_db_bind_text (stmt, 11, record->chain_hash);
  st_db_bind_text (stmt, 12, record->record_fingerprint);
  st_db_bind_text (stmt, 13, record->cert_pem);
  st_db_bind_blob (stmt, 14, cms, len);
  if (st_db_step (stmt, error) != ST_DB_ROW)
    return FALSE;
  record->id = st_db_column_int (stmt, 0);
  st_db_reset (stmt);
  return TRUE;
}

StSignatureRecord *
st_store_signatures_get (StDb    *db,
                         gint64   id,
                         GError **error)
{
  StDbStmt *stmt = st_db_prepare (db, "SELECT " SIGNATURE_COLUMNS " FROM signatures WHERE id = ?", error);
  StSignatureRecord *record = NULL;

  if (stmt == NULL)
    return NULL;
  st_db_bind_int (stmt, 1, id);
  if (st_db_step (stmt, error) == ST_DB_ROW)
    record = read_signature (stmt);
  st_db_reset (stmt);
  return record;
}

static GPtrArray *
read_all (StDbStmt  *stmt,
          gint64     key,
          GError   **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) st_signature_record_free);
  StDbStep step;

  st_db_bind_int (stmt, 1, key);
  while ((step = st_db_step (stmt, error)) == ST_DB_ROW)
    g_ptr_array_add (list, read_signature (stmt));
  if (step == ST_DB_FAILED)
    return NULL;
  return g_steal_pointer (&list);
}

GPtrArray *
st_store_signatures_for_lot (StDb    *db,
                             gint64   lot_id,
                             GError **error)
{
  StDbStmt *stmt = st_db_prepare (db, "SELECT " SIGNATURE_COLUMNS " FROM signatures WHERE lot_id = ? ORDER BY id",
                                  error);
  return stmt ? read_all (stmt, lot_id, error) : NULL;
}

GPtrArray *
st_store_signatures_for_spec (StDb    *db,
                              gint64   spec_id,
                              GError **error)
{
  StDbStmt *stmt = st_db_prepare (db, "SELECT " SIGNATURE_COLUMNS " FROM signatures WHERE spec_id = ? ORDER BY id",
                                  error);
  return stmt ? read_all (stmt, spec_id, error) : NULL;
}
