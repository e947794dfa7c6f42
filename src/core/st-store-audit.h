/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "st-audit.h"
#include "st-db.h"

G_BEGIN_DECLS

/* Reads the chain head; in a write transaction on a server the row stays
 * locked until commit (that queues the writers). */
gboolean st_store_audit_read_head  (StDb        *db,
                                    gint64      *seq,
                                    char        *hash_out,
                                    GError     **error);
gboolean st_store_audit_write_head (StDb        *db,
                                    gint64       seq,
                                    const char  *hash,
                                    GError     **error);
gboolean st_store_audit_insert     (StDb               *db,
                                    const StAuditEntry *entry,
                                    GError            **error);

/*
 * Calls @func for each entry in sequence order (of one lot when @lot is not
 * NULL).  The entry's strings belong to the database and are valid only
 * during the call.  @func returns FALSE (with @error set) to stop.
 */
typedef gboolean (*StAuditEntryFunc) (const StAuditEntry *entry,
                                      gpointer            user_data,
                                      GError            **error);
gboolean st_store_audit_foreach    (StDb             *db,
                                    const char       *lot,
                                    StAuditEntryFunc  func,
                                    gpointer          user_data,
                                    GError          **error);

/*
 * How the trail is replayed against the records.  An append-only table has
 * exactly one entry per row, appended in the row's key order, whose record is
 * the row's integer key: its rows (id, field, value) come in key order and are
 * merged with the trail in one pass.  A mutable table's rows give
 * (record, field, value) for every audited field; each must equal the newest
 * entry for that record and field.
 */
typedef enum {
  ST_REPLAY_APPEND_ONLY,
  ST_REPLAY_MUTABLE,
} StReplayKind;

typedef struct {
  const char *table;
  StReplayKind kind;
  const char *rows_sql;
} StReplayTable;

const StReplayTable *st_store_audit_replay_tables (guint *n_tables);

/* Every signature's anchor: the chain entry it embeds. */
typedef gboolean (*StAnchorFunc) (gint64      signature_id,
                                  gint64      chain_seq,
                                  const char *chain_hash,
                                  gpointer    user_data,
                                  GError    **error);
gboolean st_store_audit_foreach_anchor (StDb         *db,
                                        StAnchorFunc  func,
                                        gpointer      user_data,
                                        GError      **error);

G_END_DECLS
