/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "st-audit.h"
#include "st-canon.h"
#include "st-store-audit.h"

#include <glib/gi18n-lib.h>
#include <string.h>

G_DEFINE_QUARK (st-audit-error-quark, st_audit_error)

StAuditEntry *
st_audit_entry_copy (const StAuditEntry *entry)
{
  StAuditEntry *copy = g_new0 (StAuditEntry, 1);

  copy->seq = entry->seq;
  copy->at = g_strdup (entry->at);
  copy->username = g_strdup (entry->username);
  copy->action = g_strdup (entry->action);
  copy->table = g_strdup (entry->table);
  copy->record = g_strdup (entry->record);
  copy->lot = g_strdup (entry->lot);
  copy->field = g_strdup (entry->field);
  copy->old_value = g_strdup (entry->old_value);
  copy->new_value = g_strdup (entry->new_value);
  copy->reason = g_strdup (entry->reason);
  copy->prev_hash = g_strdup (entry->prev_hash);
  copy->hash = g_strdup (entry->hash);
  return copy;
}

void
st_audit_entry_free (StAuditEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->at);
  g_free (entry->username);
  g_free (entry->action);
  g_free (entry->table);
  g_free (entry->record);
  g_free (entry->lot);
  g_free (entry->field);
  g_free (entry->old_value);
  g_free (entry->new_value);
  g_free (entry->reason);
  g_free (entry->prev_hash);
  g_free (entry->hash);
  g_free (entry);
}

struct _StAuditHasher {
  EVP_MD_CTX *ctx;
  GByteArray *bytes;
};

StAuditHasher *
st_audit_hasher_new (void)
{
  StAuditHasher *hasher = g_new0 (StAuditHasher, 1);

  hasher->ctx = EVP_MD_CTX_new ();
  hasher->bytes = g_byte_array_sized_new (512);
  return hasher;
}

void
st_audit_hasher_free (StAuditHasher *hasher)
{
  if (hasher == NULL)
    return;
  EVP_MD_CTX_free (hasher->ctx);
  g_byte_array_unref (hasher->bytes);
  g_free (hasher);
}

void
st_audit_hasher_hash (StAuditHasher      *hasher,
                      const StAuditEntry *entry,
                      char                out[ST_SHA256_HEX_LENGTH + 1])
{
  guint8 digest[ST_SHA256_LENGTH];
  unsigned int len = 0;

  /* Fixed order and length prefixes: see st-canon.h. */
  g_byte_array_set_size (hasher->bytes, 0);
  st_canon_add_int (hasher->bytes, entry->seq);
  st_canon_add_text (hasher->bytes, entry->at);
  st_canon_add_text (hasher->bytes, entry->username);
  st_canon_add_text (hasher->bytes, entry->action);
  st_canon_add_text (hasher->bytes, entry->table);
  st_canon_add_text (hasher->bytes, entry->record);
  st_canon_add_text (hasher->bytes, entry->lot);
  st_canon_add_text (hasher->bytes, entry->field);
  st_canon_add_text (hasher->bytes, entry->old_value);
  st_canon_add_text (hasher->bytes, entry->new_value);
  st_canon_add_text (hasher->bytes, entry->reason);

  if (EVP_DigestInit_ex2 (hasher->ctx, st_crypto_sha256_md (), NULL) != 1
      || EVP_DigestUpdate (hasher->ctx, entry->prev_hash ? entry->prev_hash : "",
                           entry->prev_hash ? strlen (entry->prev_hash) : 0) != 1
      || EVP_DigestUpdate (hasher->ctx, hasher->bytes->data, hasher->bytes->len) != 1
      || EVP_DigestFinal_ex (hasher->ctx, digest, &len) != 1)
    g_error ("SHA-256 failed in OpenSSL");
  st_crypto_hex_into (digest, sizeof digest, out);
}

struct _StAuditWriter {
  StAuditHasher *hasher;
  gboolean started;
  gint64 start_seq;
  gint64 seq;
  char hash[ST_SHA256_HEX_LENGTH + 1];
};

StAuditWriter *
st_audit_writer_new (void)
{
  StAuditWriter *writer = g_new0 (StAuditWriter, 1);

  writer->hasher = st_audit_hasher_new ();
  return writer;
}

void
st_audit_writer_free (StAuditWriter *writer)
{
  if (writer == NULL)
    return;
  st_audit_hasher_free (writer->hasher);
  g_free (writer);
}

gboolean
st_audit_writer_start (StAuditWriter *writer,
                       StDb          *db,
                       GError       **error)
{
  g_return_val_if_fail (st_db_in_transaction (db), FALSE);

  if (!st_store_audit_read_head (db, &writer->seq, writer->hash, error))
    return FALSE;
  writer->start_seq = writer->seq;
  writer->started = TRUE;
  return TRUE;
}

gboolean
st_audit_writer_append (StAuditWriter       *writer,
                        StDb                *db,
                        const char          *at,
                        const char          *username,
                        const StAuditChange *change,
                        GError             **error)
{
  char hash[ST_SHA256_HEX_LENGTH + 1];
  StAuditEntry entry = {
    .seq = writer->seq + 1,
    .at = (char *) at,
    .username = (char *) username,
    .action = (char *) change->action,
    .table = (char *) change->table,
    .record = (char *) change->record,
    .lot = (char *) change->lot,
    .field = (char *) change->field,
    .old_value = (char *) change->old_value,
    .new_value = (char *) change->new_value,
    .reason = (char *) change->reason,
    .prev_hash = writer->hash,
    .hash = hash,
  };

  g_return_val_if_fail (writer->started, FALSE);
  g_return_val_if_fail (change->action != NULL && change->table != NULL && change->record != NULL, FALSE);

  st_audit_hasher_hash (writer->hasher, &entry, hash);
  if (!st_store_audit_insert (db, &entry, error))
    return FALSE;
  writer->seq = entry.seq;
  memcpy (writer->hash, hash, sizeof hash);
  return TRUE;
}

gboolean
st_audit_writer_finish (StAuditWriter *writer,
                        StDb          *db,
                        GError       **error)
{
  gboolean ok = TRUE;

  g_return_val_if_fail (writer->started, FALSE);

  if (writer->seq != writer->start_seq)
    ok = st_store_audit_write_head (db, writer->seq, writer->hash, error);
  writer->started = FALSE;
  return ok;
}

void
st_audit_writer_abandon (StAuditWriter *writer)
{
  writer->started = FALSE;
}

gint64
st_audit_writer_head_seq (StAuditWriter *writer)
{
  return writer->seq;
}

const char *
st_audit_writer_head_hash (StAuditWriter *writer)
{
  return writer->hash;
}

void
st_audit_report_clear (StAuditReport *report)
{
  g_clear_pointer (&report->reason, g_free);
  report->entries = 0;
  report->intact = FALSE;
  report->first_bad = 0;
}
