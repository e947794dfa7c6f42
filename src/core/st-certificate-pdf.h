/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * The batch certificate as a PDF (A4), drawn with cairo and pango from a
 * plain content struct that the release code fills: no database here.
 * Every label comes from the certificate-labels resource in the SITE's
 * certificate language, never from the user's locale.  Strings are UTF-8;
 * a NULL or empty optional string prints as a dash.
 */

#define ST_CERTIFICATE_PDF_ERROR (st_certificate_pdf_error_quark ())
GQuark st_certificate_pdf_error_quark (void);

typedef enum {
  /* A required field is empty, or a word (language, kind, verdict) is not
   * one the certificate knows. */
  ST_CERTIFICATE_PDF_ERROR_INVALID = 200,
  /* The label resource is missing or broken: a fault of the build. */
  ST_CERTIFICATE_PDF_ERROR_LABELS = 400,
  /* cairo could not produce the PDF. */
  ST_CERTIFICATE_PDF_ERROR_CAIRO = 401,
} StCertificatePdfError;

/* One item of the results of analysis. */
typedef struct {
  char     *param;      /* specification item code, e.g. "viability" */
  char     *test;       /* test name as the specification names it, e.g. "Viability" */
  char     *method;     /* e.g. "Trypan blue, 7-AAD or automated counter" */
  char     *limit;      /* limit as printed, e.g. ">= 70"; NULL for report-only items */
  char     *value;      /* result as entered, e.g. "92.5" or "no-growth"; NULL if none */
  char     *unit;       /* e.g. "%"; NULL when the item has none */
  char     *verdict;    /* required: "conform", "oos", "missing", "pending" or "report" */
  gboolean  corrected;  /* the value was changed after its first entry */
} StCertResult;

/* One donor of the lot (several for a pooled lot). */
typedef struct {
  char *code;         /* donor identifier, e.g. an ISBT 128 DIN */
  char *eligibility;  /* "eligible", "ineligible" or "incomplete" (others print as given) */
} StCertDonor;

/* A deviation linked to the lot. */
typedef struct {
  gint64  number;      /* the deviation's number */
  char   *severity;    /* "minor", "major" or "critical" */
  char   *status;      /* "open" or "closed" (others print as given) */
  char   *text;        /* what happened */
  char   *assessment;  /* its assessment (impact on the lot, physician's request, ...) */
} StCertDeviation;

/* An electronic signature on the lot's record (review, certification, ...). */
typedef struct {
  char *meaning;    /* "entered", "reviewed", "certified", "rejected", "approved" (others as given) */
  char *full_name;  /* printed name of the signer */
  char *username;   /* the signer's unique user name */
  char *role;       /* "operator", "reviewer", "qp", "admin" (others as given) */
  char *signed_at;  /* UTC, ISO 8601, e.g. "2026-11-26T10:15:00Z" */
} StCertSignature;

typedef struct {
  char   *language;          /* required: "en", or "de" for German / English labels */
  char   *kind;              /* required: "release", "initial", "final" or "exceptional" */
  char   *site_name;         /* required: the manufacturing site's name */
  char   *site_address;      /* its postal address, one line or several */
  char   *authorisation;     /* manufacturing authorisation, clinical-trial or hospital-exemption no. */
  char   *product;           /* required: product name */
  char   *strength;          /* e.g. "60 x 10^6 cells per bag, 2.0 x 10^6 cells/mL" */
  char   *dosage_form;       /* e.g. "Suspension for infusion" */
  char   *container;         /* container and size, e.g. "Cryobag, 30 mL" */
  char   *lot_number;        /* required */
  char   *manufactured_on;   /* date of manufacture, ISO date */
  char   *expiry_on;         /* expiry date, ISO date */
  char   *manufacturing_site;
  char   *testing_site;
  char   *spec_code;         /* specification code, e.g. "MSC-REL" */
  gint64  spec_version;      /* specification version, e.g. 1 */
  GPtrArray *donors;         /* of StCertDonor, owned */
  GPtrArray *results;        /* of StCertResult, owned, in specification order */
  GPtrArray *deviations;     /* of StCertDeviation, owned */
  GPtrArray *signatures;     /* of StCertSignature, owned, oldest first */
  GStrv   pending_tests;     /* "initial": names of the tests still pending; required non-empty */
  GStrv   oos_tests;         /* "exceptional": every OOS test with its result, e.g.
                              * "Viability: 62 % (limit >= 70 %)"; required non-empty */
  char   *flag;              /* a flag shown prominently at the top (e.g. a pending
                              * result that failed after initial certification), or NULL */
  char   *comments;          /* free text, or NULL */
  char   *qp_name;           /* required: printed name of the certifying QP */
  char   *qp_position;       /* e.g. "Qualified Person, Cell Therapy Unit" */
  char   *meaning;           /* meaning of the QP's signature, same words as StCertSignature */
  char   *signed_at;         /* required: UTC, ISO 8601; also the PDF's creation date */
  char   *cert_subject;      /* signing certificate: subject DN */
  char   *cert_serial;       /* its serial number (hex) */
  char   *cert_fingerprint;  /* SHA-256 over its DER, hex */
  char   *record_fingerprint;  /* required: SHA-256 hex over the certified record */
  char   *chain_seq;         /* audit chain head anchored in the signature: its sequence number */
  char   *chain_hash;        /* and its hash, hex */
  char   *generator;         /* e.g. "Stroma 0.1.0"; written as the PDF's Creator */
} StCertificateContent;

StCertResult    *st_cert_result_new        (void);
void             st_cert_result_free       (StCertResult *result);
StCertDonor     *st_cert_donor_new         (void);
void             st_cert_donor_free        (StCertDonor *donor);
StCertDeviation *st_cert_deviation_new     (void);
void             st_cert_deviation_free    (StCertDeviation *deviation);
StCertSignature *st_cert_signature_new     (void);
void             st_cert_signature_free    (StCertSignature *signature);

/* All strings NULL; the four arrays empty and freeing their elements. */
StCertificateContent *st_certificate_content_new  (void);
void                  st_certificate_content_free (StCertificateContent *content);

/* The PDF bytes.  The PDF's creation date is @content->signed_at, so the same
 * content renders the same bytes as far as cairo allows. */
GBytes *st_certificate_render_pdf (const StCertificateContent *content,
                                   GError                    **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (StCertResult, st_cert_result_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (StCertDonor, st_cert_donor_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (StCertDeviation, st_cert_deviation_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (StCertSignature, st_cert_signature_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (StCertificateContent, st_certificate_content_free)

G_END_DECLS
