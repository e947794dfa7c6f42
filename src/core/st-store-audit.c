/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "st-store-audit.h"

#include <glib/gi18n-lib.h>
#include <string.h>

gboolean
st_store_audit_read_head (StDb     *db,
                          gint64   *seq,
                          char     *hash_out,
                          GError  **error)
{
  /* On a server the row lock serialises every writer's appends; a reader
   * (verification, export) must not hold writers up, nor wait for them. */
  const char *sql = st_db_is_postgresql (db) && st_db_in_write_transaction (db)
    ? "SELECT seq, hash FROM audit_head WHERE id = 1 FOR UPDATE"
    : "SELECT seq, hash FROM audit_head WHERE id = 1";
  StDbStmt *stmt = st_db_prepare (db, sql, error);
  StDbStep step;
  const char *hash;

  if (stmt == NULL)
    return FALSE;
  step = st_db_step (stmt, error);
  if (step == ST_DB_FAILED)
    return FALSE;
  hash = step == ST_DB_ROW ? st_db_column_text (stmt, 1) : NULL;
  if (hash == NULL || strlen (hash) != ST_SHA256_HEX_LENGTH)
    {
      st_db_reset (stmt);
      g_set_error (error, ST_AUDIT_ERROR, ST_AUDIT_ERROR_DAMAGED,
                   _("audit trail: the chain head is missing or damaged — restore the database from a backup"));
      return FALSE;
    }
  *seq = st_db_column_int (stmt, 0);
  memcpy (hash_out, hash, ST_SHA256_HEX_LENGTH + 1);
  st_db_reset (stmt);
  return TRUE;
}

gboolean
st_store_audit_write_head (StDb        *db,
                           gint64       seq,
                           const char  *hash,
                           GError     **error)
{
  StDbStmt *stmt = st_db_prepare (db, "UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1", error);

  if (stmt == NULL)
    return FALSE;
  st_db_bind_int (stmt, 1, seq);
  st_db_bind_text (stmt, 2, hash);
  return st_db_run (stmt, error);
}

gboolean
st_store_audit_insert (StDb               *db,
                       const StAuditEntry *entry,
                       GError            **error)
{
  StDbStmt *stmt = st_db_prepare (db,
    "INSERT INTO audit_trail (seq, at, username, action, tbl, record, lot, field,"
    " old_value, new_value, reason, prev_hash, hash)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", error);

  if (stmt == NULL)
    return FALSE;
  st_db_bind_int (stmt, 1, entry->seq);
  st_db_bind_text (stmt, 2, entry->at);
  st_db_bind_text (stmt, 3, entry->username);
  st_db_bind_text (stmt, 4, entry->action);
  st_db_bind_text (stmt, 5, entry->table);
  st_db_bind_text (stmt, 6, entry->record);
  st_db_bind_text (stmt, 7, entry->lot);
  st_db_bind_text (stmt, 8, entry->field);
  st_db_bind_text (stmt, 9, entry->old_value);
  st_db_bind_text (stmt, 10, entry->new_value);
  st_db_bind_text (stmt, 11, entry->reason);
  st_db_bind_text (stmt, 12, entry->prev_hash);
  st_db_bind_text (stmt, 13, entry->hash);
  return st_db_run (stmt, error);
}

#define AUDIT_COLUMNS \
  "seq, at, username, action, tbl, record, lot, field, old_value, new_value, reason, prev_hash, hash"

gboolean
st_store_audit_foreach (StDb             *db,
                        const char       *lot,
                        StAuditEntryFunc  func,
                        gpointer          user_data,
                        GError          **error)
{
  StDbStmt *stmt;
  StDbStep step;

  if (lot != NULL)
    {
      stmt = st_db_prepare_stream (db, "SELECT " AUDIT_COLUMNS " FROM audit_trail WHERE lot = ? ORDER BY seq",
                                   error);
      if (stmt != NULL)
        st_db_bind_text (stmt, 1, lot);
    }
  else
    stmt = st_db_prepare_stream (db, "SELECT " AUDIT_COLUMNS " FROM audit_trail ORDER BY seq", error);
  if (stmt == NULL)
    return FALSE;

  while ((step = st_db_step (stmt, error)) == ST_DB_ROW)
    {
      StAuditEntry entry = {
        .seq = st_db_column_int (stmt, 0),
        .at = (char *) st_db_column_text (stmt, 1),
        .username = (char *) st_db_column_text (stmt, 2),
        .action = (char *) st_db_column_text (stmt, 3),
        .table = (char *) st_db_column_text (stmt, 4),
        .record = (char *) st_db_column_text (stmt, 5),
        .lot = (char *) st_db_column_text (stmt, 6),
        .field = (char *) st_db_column_text (stmt, 7),
        .old_value = (char *) st_db_column_text (stmt, 8),
        .new_value = (char *) st_db_column_text (stmt, 9),
        .reason = (char *) st_db_column_text (stmt, 10),
        .prev_hash = (char *) st_db_column_text (stmt, 11),
        .hash = (char *) st_db_column_text (stmt, 12),
      };

      if (!func (&entry, user_data, error))
        {
          st_db_reset (stmt);
          return FALSE;
        }
    }
  return step == ST_DB_DONE;
}

/*
 * What each domain writes to the trail (see the store file of each domain):
 * these queries must produce exactly the values those entries carry.
 */
static const StReplayTable replay_tables[] = {
  { "site", ST_REPLAY_MUTABLE,
    "SELECT 'site', 'name', name FROM site"
    " UNION ALL SELECT 'site', 'cert_language', cert_language FROM site" },
  { "users", ST_REPLAY_MUTABLE,
    "SELECT username, 'full_name', full_name FROM users"
    " UNION ALL SELECT username, 'roles', roles FROM users"
    " UNION ALL SELECT username, 'disabled', CASE WHEN disabled = 1 THEN 'yes' ELSE 'no' END FROM users"
    " UNION ALL SELECT username, 'locked', CASE WHEN locked = 1 THEN 'yes' ELSE 'no' END FROM users"
    " UNION ALL SELECT username, 'failed_sign_ins', CAST(failed_count AS TEXT) FROM users" },
  { "specs", ST_REPLAY_MUTABLE,
    "SELECT code || '@' || CAST(version AS TEXT), 'title', title FROM specs"
    " UNION ALL SELECT code || '@' || CAST(version AS TEXT), 'document', document FROM specs"
    " UNION ALL SELECT code || '@' || CAST(version AS TEXT), 'status', status FROM specs" },
  { "donors", ST_REPLAY_MUTABLE,
    "SELECT code, 'birth_year', CAST(birth_year AS TEXT) FROM donors"
    " UNION ALL SELECT code, 'sex', sex FROM donors"
    " UNION ALL SELECT code, 'consent_date', consent_date FROM donors"
    " UNION ALL SELECT code, 'htlv_required', CASE WHEN htlv_required = 1 THEN 'yes' ELSE 'no' END FROM donors" },
  { "donor_tests", ST_REPLAY_APPEND_ONLY,
    "SELECT id, marker, result || ' (sampled ' || sampled_on || ')' FROM donor_tests ORDER BY id" },
  { "lots", ST_REPLAY_MUTABLE,
    "SELECT lot_number, 'product', product FROM lots"
    " UNION ALL SELECT l.lot_number, 'spec', s.code || '@' || CAST(s.version AS TEXT)"
    "   FROM lots l JOIN specs s ON s.id = l.spec_id"
    " UNION ALL SELECT lot_number, 'status', status FROM lots"
    " UNION ALL SELECT lot_number, 'flag', flag FROM lots" },
  { "passages", ST_REPLAY_APPEND_ONLY,
    "SELECT id, 'passage ' || CAST(number AS TEXT),"
    "  'seeded ' || CAST(seeded AS TEXT) || ' on ' || seeded_on"
    "  || ', harvested ' || CAST(harvested AS TEXT) || ' on ' || harvested_on"
    " FROM passages ORDER BY id" },
  { "results", ST_REPLAY_APPEND_ONLY,
    "SELECT id, param, value FROM results ORDER BY id" },
  { "deviations", ST_REPLAY_MUTABLE,
    "SELECT CAST(id AS TEXT), 'class', class FROM deviations"
    " UNION ALL SELECT CAST(id AS TEXT), 'text', text FROM deviations"
    " UNION ALL SELECT CAST(id AS TEXT), 'status', status FROM deviations"
    " UNION ALL SELECT CAST(id AS TEXT), 'assessment', assessment FROM deviations" },
  { "signatures", ST_REPLAY_APPEND_ONLY,
    "SELECT id, 'meaning', meaning FROM signatures ORDER BY id" },
  { "certificates", ST_REPLAY_APPEND_ONLY,
    "SELECT id, 'pdf_sha256', pdf_sha256 FROM certificates ORDER BY id" },
};

const StReplayTable *
st_store_audit_replay_tables (guint *n_tables)
{
  *n_tables = G_N_ELEMENTS (replay_tables);
  return replay_tables;
}

gboolean
st_store_audit_foreach_anchor (StDb         *db,
                               StAnchorFunc  func,
                               gpointer      user_data,
                               GError      **error)
{
  StDbStmt *stmt = st_db_prepare_stream (db, "SELECT id, chain_seq, chain_hash FROM signatures ORDER BY id", error);
  StDbStep step;

  if (stmt == NULL)
    return FALSE;
  while ((step = st_db_step (stmt, error)) == ST_DB_ROW)
    {
      if (!func (st_db_column_int (stmt, 0), st_db_column_int (stmt, 1),
                 st_db_column_text (stmt, 2), user_data, error))
        {
          st_db_reset (stmt);
          return FALSE;
        }
    }
  return step == ST_DB_DONE;
}
