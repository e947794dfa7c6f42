/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "st-db.h"

G_BEGIN_DECLS

/*
 * The record fingerprint: SHA-256 (lower-case hex) over a canonical
 * serialisation (st-canon: fixed order, length-prefixed) of everything a
 * signature certifies.  It is computed from the database alone, so that it
 * can be recomputed at any later time and compared with the one stored in a
 * signature or certificate.
 *
 * A lot: its number, product, creator and creation time, the specification
 * code and version, every donor with the eligibility its tests give, every
 * result including superseded ones (id, param, value, method, entered by,
 * entered at, supersedes, reason), every passage and every deviation
 * (number, class, status, text, assessment).  The lot's status, verdict and
 * flag are not part of it: they follow from the record and the signatures.
 *
 * @as_of is an audit sequence number: the record as it stood when the trail
 * ended there (a signature's anchored chain head), so that later entries —
 * the pending result of a staged release, a deviation opened after release —
 * do not make an earlier certificate look altered, while a value changed in
 * place does.  ST_FINGERPRINT_NOW takes the record as it stands.
 */

#define ST_FINGERPRINT_ERROR (st_fingerprint_error_quark ())
GQuark st_fingerprint_error_quark (void);

typedef enum {
  /* The lot or specification version named by its id is not in the
   * database: a fault of the caller or a damaged database. */
  ST_FINGERPRINT_ERROR_MISSING = 402,
} StFingerprintError;

#define ST_FINGERPRINT_NOW G_MAXINT64

char *st_fingerprint_lot  (StDb    *db,
                           gint64   lot_id,
                           gint64   as_of,
                           GError **error);
/* A specification version: code, version, title and document. */
char *st_fingerprint_spec (StDb    *db,
                           gint64   spec_id,
                           GError **error);

G_END_DECLS
