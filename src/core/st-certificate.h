/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "st-evaluate.h"
#include "st-session.h"
#include "st-signing.h"
#include "st-store-certificates.h"

G_BEGIN_DECLS

/*
 * The signed batch certificate: at release the lot's record is laid out as
 * a PDF (st-certificate-pdf, in the SITE's certificate language), signed by
 * the QP's key as a detached DER CMS, and both are stored in the database
 * in the release transaction.  Verification checks a PDF and its signature
 * against the database: the signature, the chain to the CA, that the
 * database issued that very PDF, and that the certified record is unchanged.
 */

#define ST_CERTIFICATE_ERROR (st_certificate_error_quark ())
GQuark st_certificate_error_quark (void);

typedef enum {
  /* The PDF is not one this database signed (changed, or from elsewhere). */
  ST_CERTIFICATE_ERROR_UNKNOWN_PDF = 110,
  /* The signature is by another certificate than the certifying QP's. */
  ST_CERTIFICATE_ERROR_SIGNER = 111,
  /* The certified record differs from the one signed. */
  ST_CERTIFICATE_ERROR_RECORD_CHANGED = 112,
  /* A kind or content value the certificate cannot carry. */
  ST_CERTIFICATE_ERROR_INVALID = 200,
} StCertificateError;

/* A certificate as issued: the bytes the face writes to
 * DIR/LOT-certificate.pdf and DIR/LOT-certificate.pdf.p7s. */
typedef struct {
  gint64 id;
  char *lot_number;
  char *kind;               /* release | initial | final | exceptional */
  char *status;             /* the lot's status after the release */
  GBytes *pdf;
  GBytes *cms;              /* detached DER CMS over @pdf */
  char *pdf_sha256;
  char *record_fingerprint;
  char *signed_at;
} StCertificate;

void st_certificate_free (StCertificate *certificate);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (StCertificate, st_certificate_free)

/* Inside the release transaction, after the QP's @signature was inserted:
 * renders, signs and stores the certificate with its audit entry. */
StCertificate *st_certificate_issue (StSession               *session,
                                     const StLotRecord       *lot,
                                     const StLotCheck        *check,
                                     const StSignatureRecord *signature,
                                     StSigningKey            *key,
                                     const char              *kind,
                                     gint64                   deviation,
                                     GError                 **error);

/* What cert verify found; filled as far as the checks got. */
typedef struct {
  char *lot;
  char *kind;
  char *signer_subject;     /* from the CMS signature */
  char *signer_name;        /* printed name in the database's signature */
  char *signed_at;
  char *record_fingerprint; /* as certified */
  gboolean signature_valid; /* CMS signature over the PDF, chained to the CA */
  gboolean issued;          /* the database issued this PDF, signed by that QP */
  gboolean record_unchanged;
  /* Facts, not failures: the lot's record has later entries (the pending
   * result of a staged release...), or a later certificate was issued. */
  gboolean later_entries;
  gboolean superseded;
  char *flag;               /* the lot's flag now (a pending result failed...), or NULL */
  char *failed_check;       /* NULL, "signature", "issued", "record" */
} StCertificateReport;

void     st_certificate_report_clear (StCertificateReport *report);

/* Checks in order: the CMS signature over @pdf and its chain to @ca_pem
 * (NULL: the site CA from the database), that the database issued this PDF
 * and its signer, and that the record fingerprint recomputed now (as of the
 * signature's chain head) equals the certified one.  FALSE with a 1xx error
 * naming the failed check; 2xx/4xx when the files or the database cannot be
 * read. */
gboolean st_certificate_verify (StSession           *session,
                                GBytes              *pdf,
                                GBytes              *p7s,
                                const char          *ca_pem,
                                StCertificateReport *report,
                                GError             **error);

G_END_DECLS
