/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "st-audit.h"
#include "st-store-audit.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>
#include <string.h>

/*
 * One ordered pass over the trail checks the links and hashes, merges the
 * append-only tables with their entries (rows and entries share one order),
 * and remembers the newest value of every audited field of the mutable
 * tables, which are compared with the records after the pass.
 */

typedef struct {
  const StReplayTable *table;
  StDbStmt *rows;
  gboolean has_row;
} AppendCursor;

typedef struct {
  gint64 seq;
  char *value;
  gboolean seen;
} AuditedValue;

typedef struct {
  StDb *db;
  StAuditHasher *hasher;
  gint64 entries;
  gint64 last_seq;
  char last_hash[ST_SHA256_HEX_LENGTH + 1];
  gboolean chain_broken;

  GHashTable *cursors;      /* table name -> AppendCursor */
  GHashTable *mutable;      /* table name -> table */
  GHashTable *values;       /* "table\037record\037field" -> AuditedValue */
  GHashTable *anchors;      /* chain seq -> GPtrArray of expected hashes */

  gint64 first_bad;
  char *reason;
} Verification;

static void
audited_value_free (gpointer data)
{
  AuditedValue *value = data;

  g_free (value->value);
  g_free (value);
}

static void
append_cursor_free (gpointer data)
{
  AppendCursor *cursor = data;

  if (cursor->rows != NULL)
    st_db_reset (cursor->rows);
  g_free (cursor);
}

/* Keeps the earliest failure: that is the one a user must look at first. */
static void
report_bad (Verification *v,
            gint64        seq,
            char         *reason)
{
  if (v->first_bad == 0 || seq < v->first_bad)
    {
      v->first_bad = seq;
      g_free (v->reason);
      v->reason = reason;
    }
  else
    g_free (reason);
}

static char *
value_key (const char *table,
           const char *record,
           const char *field)
{
  return g_strconcat (table, "\037", record, "\037", field ? field : "", NULL);
}

static gboolean
advance (AppendCursor  *cursor,
         GError       **error)
{
  StDbStep step = st_db_step (cursor->rows, error);

  cursor->has_row = step == ST_DB_ROW;
  return step != ST_DB_FAILED;
}

static gboolean
check_append_only (Verification        *v,
                   AppendCursor        *cursor,
                   const StAuditEntry  *entry,
                   GError             **error)
{
  char *end = NULL;
  gint64 record_id = g_ascii_strtoll (entry->record, &end, 10);
  gint64 row_id;
  const char *field;
  const char *value;

  if (end == entry->record || *end != '\0')
    {
      report_bad (v, entry->seq,
                  g_strdup_printf (_("entry %" PRId64 " names no %s record"), entry->seq, entry->table));
      return TRUE;
    }
  if (!cursor->has_row)
    {
      report_bad (v, entry->seq,
                  g_strdup_printf (_("%s %s of entry %" PRId64 " was removed from the records"),
                                   entry->table, entry->record, entry->seq));
      return TRUE;
    }

  row_id = st_db_column_int (cursor->rows, 0);
  if (row_id < record_id)
    {
      report_bad (v, entry->seq,
                  g_strdup_printf (_("%s %" PRId64 " was added without an audit entry"),
                                   entry->table, row_id));
      /* Skip the unaudited rows so that later entries still line up. */
      while (cursor->has_row && st_db_column_int (cursor->rows, 0) < record_id)
        if (!advance (cursor, error))
          return FALSE;
      if (!cursor->has_row)
        return TRUE;
      row_id = st_db_column_int (cursor->rows, 0);
    }
  if (row_id > record_id)
    {
      report_bad (v, entry->seq,
                  g_strdup_printf (_("%s %s of entry %" PRId64 " was removed from the records"),
                                   entry->table, entry->record, entry->seq));
      return TRUE;
    }

  field = st_db_column_text (cursor->rows, 1);
  value = st_db_column_text (cursor->rows, 2);
  if (g_strcmp0 (field, entry->field) != 0 || g_strcmp0 (value, entry->new_value) != 0)
    report_bad (v, entry->seq,
                g_strdup_printf (_("%s %s: %s is '%s' in the records but '%s' in entry %" PRId64),
                                 entry->table, entry->record, entry->field ? entry->field : "",
                                 value ? value : "", entry->new_value ? entry->new_value : "",
                                 entry->seq));
  return advance (cursor, error);
}

static gboolean
visit_entry (const StAuditEntry  *entry,
             gpointer             user_data,
             GError             **error)
{
  Verification *v = user_data;
  char expected[ST_SHA256_HEX_LENGTH + 1];
  AppendCursor *cursor;
  GPtrArray *anchored;

  v->entries++;
  if (!v->chain_broken)
    {
      if (entry->seq != v->last_seq + 1)
        {
          gint64 bad = entry->seq > v->last_seq + 1 ? v->last_seq + 1 : entry->seq;
          report_bad (v, bad,
                      g_strdup_printf (_("entry %" PRId64 " is missing or out of order"), bad));
          v->chain_broken = TRUE;
        }
      else if (g_strcmp0 (entry->prev_hash, v->last_hash) != 0)
        {
          report_bad (v, entry->seq,
                      g_strdup_printf (_("entry %" PRId64 " does not link to the entry before it"),
                                       entry->seq));
          v->chain_broken = TRUE;
        }
      else
        {
          st_audit_hasher_hash (v->hasher, entry, expected);
          if (g_strcmp0 (expected, entry->hash) != 0)
            {
              report_bad (v, entry->seq,
                          g_strdup_printf (_("entry %" PRId64 " was altered after it was written"),
                                           entry->seq));
              v->chain_broken = TRUE;
            }
        }
    }
  v->last_seq = entry->seq;
  g_strlcpy (v->last_hash, entry->hash ? entry->hash : "", sizeof v->last_hash);

  anchored = g_hash_table_lookup (v->anchors, &entry->seq);
  if (anchored != NULL)
    {
      for (guint i = 0; i < anchored->len; i++)
        if (g_strcmp0 (g_ptr_array_index (anchored, i), entry->hash) != 0)
          report_bad (v, entry->seq,
                      g_strdup_printf (_("a signature anchored at entry %" PRId64
                                         " no longer matches the trail"), entry->seq));
      g_hash_table_remove (v->anchors, &entry->seq);
    }

  cursor = g_hash_table_lookup (v->cursors, entry->table);
  if (cursor != NULL)
    return check_append_only (v, cursor, entry, error);

  if (g_hash_table_contains (v->mutable, entry->table))
    {
      AuditedValue *value = g_new0 (AuditedValue, 1);

      value->seq = entry->seq;
      value->value = g_strdup (entry->new_value);
      g_hash_table_replace (v->values, value_key (entry->table, entry->record, entry->field), value);
    }
  return TRUE;
}

static gboolean
collect_anchor (gint64       signature_id,
                gint64       chain_seq,
                const char  *chain_hash,
                gpointer     user_data,
                GError     **error)
{
  Verification *v = user_data;
  GPtrArray *hashes = g_hash_table_lookup (v->anchors, &chain_seq);

  if (hashes == NULL)
    {
      gint64 *key = g_new (gint64, 1);
      *key = chain_seq;
      hashes = g_ptr_array_new_with_free_func (g_free);
      g_hash_table_insert (v->anchors, key, hashes);
    }
  g_ptr_array_add (hashes, g_strdup (chain_hash));
  return TRUE;
}

static gboolean
compare_mutable (Verification         *v,
                 const StReplayTable  *table,
                 GError              **error)
{
  StDbStmt *rows = st_db_prepare_stream (v->db, table->rows_sql, error);
  StDbStep step;
  GHashTableIter iter;
  gpointer key, data;
  g_autofree char *prefix = g_strconcat (table->table, "\037", NULL);
  g_autoptr(GHashTable) replayed_fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  if (rows == NULL)
    return FALSE;
  while ((step = st_db_step (rows, error)) == ST_DB_ROW)
    {
      const char *record = st_db_column_text (rows, 0);
      const char *field = st_db_column_text (rows, 1);
      const char *current = st_db_column_text (rows, 2);
      g_autofree char *lookup = value_key (table->table, record, field);
      AuditedValue *audited = g_hash_table_lookup (v->values, lookup);

      g_hash_table_add (replayed_fields, g_strdup (field));
      if (audited == NULL)
        {
          if (current != NULL)
            report_bad (v, v->last_seq + 1,
                        g_strdup_printf (_("%s %s: %s was set without an audit entry"),
                                         table->table, record, field));
          continue;
        }
      audited->seen = TRUE;
      if (g_strcmp0 (audited->value, current) != 0)
        report_bad (v, audited->seq,
                    g_strdup_printf (_("%s %s: %s is '%s' in the records but '%s' in entry %" PRId64),
                                     table->table, record, field, current ? current : "",
                                     audited->value ? audited->value : "", audited->seq));
    }
  if (step == ST_DB_FAILED)
    return FALSE;

  /* An audited record that no longer exists was deleted behind our back.
   * (Fields that are audited but not replayed, such as a password change,
   * are not looked for.) */
  g_hash_table_iter_init (&iter, v->values);
  while (g_hash_table_iter_next (&iter, &key, &data))
    {
      AuditedValue *audited = data;
      const char *field = strrchr (key, '\037') + 1;

      if (!audited->seen && g_str_has_prefix (key, prefix)
          && g_hash_table_contains (replayed_fields, field))
        report_bad (v, audited->seq,
                    g_strdup_printf (_("the %s record of entry %" PRId64 " was removed"),
                                     table->table, audited->seq));
    }
  return TRUE;
}

static gboolean
check_head (Verification  *v,
            GError       **error)
{
  gint64 head_seq = 0;
  char head_hash[ST_SHA256_HEX_LENGTH + 1];

  if (!st_store_audit_read_head (v->db, &head_seq, head_hash, error))
    return FALSE;
  if (head_seq > v->last_seq)
    report_bad (v, v->last_seq + 1,
                g_strdup_printf (_("the trail ends at entry %" PRId64 " but was %" PRId64
                                   " entries long: entries were cut off its end"), v->last_seq, head_seq));
  else if (head_seq < v->last_seq || g_strcmp0 (head_hash, v->last_hash) != 0)
    report_bad (v, head_seq + 1,
                g_strdup_printf (_("entries after %" PRId64 " were not written by Stroma"), head_seq));
  return TRUE;
}

static gboolean verify_open (StDb *db, StAuditReport *report, GError **error);

gboolean
st_audit_verify (StDb          *db,
                 StAuditReport *report,
                 GError       **error)
{
  gboolean ok;

  g_return_val_if_fail (report != NULL, FALSE);
  memset (report, 0, sizeof *report);

  /* One snapshot for the whole walk, so a writer cannot slip in between. */
  if (!st_db_begin_read (db, error))
    return FALSE;
  ok = verify_open (db, report, error);
  st_db_rollback (db);
  return ok;
}

gboolean
st_audit_verify_in_transaction (StDb          *db,
                                StAuditReport *report,
                                GError       **error)
{
  g_return_val_if_fail (report != NULL, FALSE);
  g_return_val_if_fail (st_db_in_transaction (db), FALSE);
  memset (report, 0, sizeof *report);
  return verify_open (db, report, error);
}

static gboolean
verify_open (StDb          *db,
             StAuditReport *report,
             GError       **error)
{
  Verification v = { .db = db };
  const StReplayTable *tables;
  guint n_tables;
  gboolean ok = FALSE;
  GHashTableIter iter;
  gpointer data;

  v.hasher = st_audit_hasher_new ();
  g_strlcpy (v.last_hash, ST_AUDIT_GENESIS_HASH, sizeof v.last_hash);
  v.cursors = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, append_cursor_free);
  v.mutable = g_hash_table_new (g_str_hash, g_str_equal);
  v.values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, audited_value_free);
  v.anchors = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                     (GDestroyNotify) g_ptr_array_unref);

  if (!st_store_audit_foreach_anchor (db, collect_anchor, &v, error))
    goto out;

  tables = st_store_audit_replay_tables (&n_tables);
  for (guint i = 0; i < n_tables; i++)
    {
      if (tables[i].kind == ST_REPLAY_MUTABLE)
        {
          g_hash_table_insert (v.mutable, (gpointer) tables[i].table, (gpointer) &tables[i]);
          continue;
        }
      AppendCursor *cursor = g_new0 (AppendCursor, 1);
      cursor->table = &tables[i];
      g_hash_table_insert (v.cursors, (gpointer) tables[i].table, cursor);
      cursor->rows = st_db_prepare_stream (db, tables[i].rows_sql, error);
      if (cursor->rows == NULL || !advance (cursor, error))
        goto out;
    }

  if (!st_store_audit_foreach (db, NULL, visit_entry, &v, error))
    goto out;

  g_hash_table_iter_init (&iter, v.cursors);
  while (g_hash_table_iter_next (&iter, NULL, &data))
    {
      AppendCursor *cursor = data;
      if (cursor->has_row)
        report_bad (&v, v.last_seq + 1,
                    g_strdup_printf (_("%s %" PRId64 " was added without an audit entry"),
                                     cursor->table->table, st_db_column_int (cursor->rows, 0)));
    }
  for (guint i = 0; i < n_tables; i++)
    if (tables[i].kind == ST_REPLAY_MUTABLE && !compare_mutable (&v, &tables[i], error))
      goto out;

  if (g_hash_table_size (v.anchors) > 0)
    report_bad (&v, v.last_seq + 1,
                g_strdup (_("a signature is anchored at an entry that is no longer on the trail")));

  if (!check_head (&v, error))
    goto out;

  report->entries = v.entries;
  report->intact = v.first_bad == 0;
  report->first_bad = v.first_bad;
  report->reason = g_steal_pointer (&v.reason);
  ok = TRUE;

out:
  g_hash_table_unref (v.cursors);
  g_hash_table_unref (v.mutable);
  g_hash_table_unref (v.values);
  g_hash_table_unref (v.anchors);
  st_audit_hasher_free (v.hasher);
  g_free (v.reason);
  return ok;
}
