/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "st-db.h"

G_BEGIN_DECLS

/* An electronic signature: append-only, linked to its record by the record's
 * fingerprint and to the audit trail by the chain head it embeds. */
typedef struct {
  gint64 id;
  gint64 lot_id;            /* 0 when it signs a specification */
  gint64 spec_id;           /* 0 when it signs a lot */
  char *meaning;            /* reviewed | certified for release | ... */
  gint64 user_id;
  char *username;
  char *full_name;
  char *role;
  char *signed_at;
  char *reason;
  gint64 chain_seq;
  char *chain_hash;
  char *record_fingerprint;
  char *cert_pem;           /* the signer's certificate, NULL without one */
  GBytes *manifest_cms;     /* CMS over the signature's manifest, or NULL */
} StSignatureRecord;

void st_signature_record_free (StSignatureRecord *record);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (StSignatureRecord, st_signature_record_free)

gboolean   st_store_signatures_insert       (StDb               *db,
                                             StSignatureRecord  *record,
                                             GError            **error);
StSignatureRecord *st_store_signatures_get  (StDb               *db,
                                             gint64              id,
                                             GError            **error);
/* The signatures of a lot, oldest first. */
GPtrArray *st_store_signatures_for_lot      (StDb               *db,
                                             gint64              lot_id,
                                             GError            **error);
/* The signatures of a specification version, oldest first. */
GPtrArray *st_store_signatures_for_spec     (StDb               *db,
                                             gint64              spec_id,
                                             GError            **error);

G_END_DECLS
