/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "st-crypto.h"
#include "st-db.h"

G_BEGIN_DECLS

/*
 * The hash-chained, append-only audit trail.  Each entry's hash is
 * SHA-256 (previous hash || canonical bytes of the entry), so an entry that
 * is edited, removed or moved breaks every link after it.
 */

#define ST_AUDIT_ERROR (st_audit_error_quark ())
GQuark st_audit_error_quark (void);

typedef enum {
  /* The chain head could not be read: the database was altered. */
  ST_AUDIT_ERROR_DAMAGED = 402,
} StAuditError;

#define ST_AUDIT_GENESIS_HASH \
  "0000000000000000000000000000000000000000000000000000000000000000"

/* What a change says; the writer adds time, user, sequence and hashes. */
typedef struct {
  const char *action;
  const char *table;
  const char *record;
  const char *lot;        /* lot number, when the change belongs to a lot */
  const char *field;
  const char *old_value;
  const char *new_value;
  const char *reason;
} StAuditChange;

typedef struct {
  gint64 seq;
  char *at;
  char *username;
  char *action;
  char *table;
  char *record;
  char *lot;
  char *field;
  char *old_value;
  char *new_value;
  char *reason;
  char *prev_hash;
  char *hash;
} StAuditEntry;

/* A deep copy (entries passed to a callback live only for the call). */
StAuditEntry *st_audit_entry_copy (const StAuditEntry *entry);
void st_audit_entry_free (StAuditEntry *entry);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (StAuditEntry, st_audit_entry_free)

/* The hash an entry must carry, from its fields and its prev_hash. */
typedef struct _StAuditHasher StAuditHasher;
StAuditHasher *st_audit_hasher_new  (void);
void           st_audit_hasher_free (StAuditHasher *hasher);
void           st_audit_hasher_hash (StAuditHasher      *hasher,
                                     const StAuditEntry *entry,
                                     char                out[ST_SHA256_HEX_LENGTH + 1]);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (StAuditHasher, st_audit_hasher_free)

/*
 * Appends within one write transaction.  The head is read (and, on a server,
 * locked) when the transaction starts, kept in memory while entries are
 * appended, and written back once before commit.
 */
typedef struct _StAuditWriter StAuditWriter;
StAuditWriter *st_audit_writer_new    (void);
void           st_audit_writer_free   (StAuditWriter *writer);
gboolean       st_audit_writer_start  (StAuditWriter *writer,
                                       StDb          *db,
                                       GError       **error);
gboolean       st_audit_writer_append (StAuditWriter       *writer,
                                       StDb                *db,
                                       const char          *at,
                                       const char          *username,
                                       const StAuditChange *change,
                                       GError             **error);
gboolean       st_audit_writer_finish (StAuditWriter *writer,
                                       StDb          *db,
                                       GError       **error);
void           st_audit_writer_abandon (StAuditWriter *writer);
/* The newest entry so far (before any signature is appended). */
gint64         st_audit_writer_head_seq  (StAuditWriter *writer);
const char    *st_audit_writer_head_hash (StAuditWriter *writer);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (StAuditWriter, st_audit_writer_free)

typedef struct {
  gint64 entries;
  gboolean intact;
  gint64 first_bad;   /* 0 when intact */
  char *reason;       /* NULL when intact */
} StAuditReport;

void st_audit_report_clear (StAuditReport *report);

/*
 * Walks the whole chain once: every link and hash, the stored head, and a
 * replay of the trail against the current records (a value changed behind
 * the program's back, a record added or removed without its entry), and
 * that every signature's anchored chain head is on the chain.  Returns FALSE
 * only when the database cannot be read; @report says whether it is intact.
 */
gboolean st_audit_verify (StDb          *db,
                          StAuditReport *report,
                          GError       **error);
/* The same inside a transaction the caller holds (a copy being made). */
gboolean st_audit_verify_in_transaction (StDb          *db,
                                         StAuditReport *report,
                                         GError       **error);

G_END_DECLS
