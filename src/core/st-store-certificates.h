/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "st-db.h"
#include "st-store-deviations.h"
#include "st-store-donors.h"
#include "st-store-lots.h"

G_BEGIN_DECLS

/* A signed batch certificate: the PDF as issued and its detached CMS
 * signature, append-only like the signature it belongs to. */
typedef struct {
  gint64 id;
  gint64 lot_id;
  gint64 signature_id;
  char *kind;               /* release | initial | final | exceptional */
  GBytes *pdf;
  GBytes *cms;
  char *pdf_sha256;         /* lower-case hex */
  char *record_fingerprint;
  char *created_at;
} StCertificateRecord;

void st_certificate_record_free (StCertificateRecord *record);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (StCertificateRecord, st_certificate_record_free)

gboolean             st_store_certificates_insert      (StDb                 *db,
                                                        StCertificateRecord  *record,
                                                        GError              **error);
/* The newest certificate whose PDF has this SHA-256, or NULL without an error. */
StCertificateRecord *st_store_certificates_find_by_pdf (StDb                 *db,
                                                        const char           *pdf_sha256,
                                                        GError              **error);
/* The certificates of a lot, oldest first. */
GPtrArray           *st_store_certificates_for_lot     (StDb                 *db,
                                                        gint64                lot_id,
                                                        GError              **error);

/*
 * A lot's record as it stood when the audit trail ended at entry @as_of
 * (G_MAXINT64: as it stands now), for record fingerprints that can be
 * recomputed later.  A row counts unless the trail shows it was created
 * after @as_of; a row the trail does not know at all counts too, so that
 * one slipped in behind the program's back changes the fingerprint.
 */
/* StResultRecord, superseded ones too, by id; 'superseded' is not filled. */
GPtrArray *st_store_certificates_results_as_of     (StDb    *db,
                                                    gint64   lot_id,
                                                    gint64   as_of,
                                                    GError **error);
/* StPassageRecord by number. */
GPtrArray *st_store_certificates_passages_as_of    (StDb    *db,
                                                    gint64   lot_id,
                                                    gint64   as_of,
                                                    GError **error);
/* StDeviationRecord by number (number, class, status, text, assessment
 * filled); one closed after @as_of reads as open without an assessment. */
GPtrArray *st_store_certificates_deviations_as_of  (StDb    *db,
                                                    gint64   lot_id,
                                                    gint64   as_of,
                                                    GError **error);
/* StDonorTestRecord of every donor of a lot: by the donor's position in the
 * lot, then sample date, then entry; id, donor, marker, result and sample
 * date only (what eligibility is judged on). */
GPtrArray *st_store_certificates_lot_donor_tests_as_of (StDb    *db,
                                                        gint64   lot_id,
                                                        gint64   as_of,
                                                        GError **error);
/* *unchanged: no audit entry after @seq but signatures, certificates and
 * changes of a lot's status or flag (nothing a lot's fingerprint holds). */
gboolean   st_store_certificates_lot_unchanged_since   (StDb     *db,
                                                        gint64    seq,
                                                        gboolean *unchanged,
                                                        GError  **error);
/* The newest audit entry and donor test (0 when there is none). */
gboolean   st_store_certificates_newest                (StDb    *db,
                                                        gint64  *audit_seq,
                                                        gint64  *donor_test_id,
                                                        GError **error);

G_END_DECLS
