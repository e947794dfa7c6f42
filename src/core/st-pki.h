/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <openssl/bio.h>
#include <openssl/cms.h>
#include <openssl/pkcs12.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>

#include "st-crypto.h"

G_BEGIN_DECLS

/*
 * The site's public-key infrastructure: a certificate authority, signing
 * certificates for users, keys from outside CAs (PKCS#12), and detached CMS
 * signatures that `openssl cms -verify` accepts.  Nothing here touches the
 * database: callers store the PEM and sealed DER this module returns.
 */

#define ST_PKI_ERROR (st_pki_error_quark ())
GQuark st_pki_error_quark (void);

typedef enum {
  /* The content's digest differs from the one signed. */
  ST_PKI_ERROR_CONTENT_CHANGED = 100,
  /* The signer's certificate does not chain to a trusted CA, or is not valid
   * for signing (expired, revoked usage, wrong purpose). */
  ST_PKI_ERROR_UNTRUSTED = 101,
  /* The signature value does not verify with the signer's public key. */
  ST_PKI_ERROR_BAD_SIGNATURE = 102,
  /* The bytes are not a detached CMS signature (or lack the signer's
   * certificate); a "no" to "is this a valid signature", hence 1xx. */
  ST_PKI_ERROR_NOT_SIGNATURE = 103,
  /* A name, PEM text or DER key given by the caller cannot be used. */
  ST_PKI_ERROR_INVALID = 200,
  /* The PKCS#12 passphrase is wrong or the file is damaged. */
  ST_PKI_ERROR_PKCS12 = 201,
  /* A certificate or key is unusable for signing: wrong key usage, key does
   * not match, expired, not a CA. */
  ST_PKI_ERROR_UNUSABLE = 202,
  /* OpenSSL refused an operation it should not refuse. */
  ST_PKI_ERROR_FAILED = 400,
} StPkiError;

G_DEFINE_AUTOPTR_CLEANUP_FUNC (X509, X509_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (X509_NAME, X509_NAME_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (X509_STORE, X509_STORE_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (X509_STORE_CTX, X509_STORE_CTX_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CMS_ContentInfo, CMS_ContentInfo_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BIO, BIO_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PKCS12, PKCS12_free)

/* A new site CA: ECDSA P-256, self-signed, CN "<site> Stroma signing CA",
 * O <site>, CA:TRUE and keyCertSign+cRLSign (both critical), subject key
 * identifier, valid 10 years, random 128-bit serial.  @site_name is at most
 * 46 characters so that the common name fits in 64. */
gboolean  st_pki_create_ca          (const char  *site_name,
                                     char       **ca_cert_pem,
                                     EVP_PKEY   **ca_key,
                                     GError     **error);

/* A user's signing certificate from the site CA, with a new P-256 key:
 * CN=<full_name>, UID=<username>, O=<the CA's O>; subjectAltName e-mail
 * "<username>@<site-slug>.stroma.invalid" (both transliterated to ASCII,
 * other characters not allowed in an address as '-'); keyUsage digitalSignature+nonRepudiation (critical),
 * extendedKeyUsage emailProtection, CA:FALSE, key identifiers, 5 years. */
gboolean  st_pki_issue_signing_cert (const char  *ca_cert_pem,
                                     EVP_PKEY    *ca_key,
                                     const char  *username,
                                     const char  *full_name,
                                     char       **cert_pem,
                                     EVP_PKEY   **key,
                                     GError     **error);

/* Private key <-> unencrypted PKCS#8 (PrivateKeyInfo) DER, which the caller
 * seals with st_crypto_seal().  The returned bytes are cleansed when freed. */
GBytes   *st_pki_key_to_der         (EVP_PKEY    *key,
                                     GError     **error);
EVP_PKEY *st_pki_key_from_der       (GBytes      *der,
                                     GError     **error);

/* The certificate, its private key and the other certificates (PEM, "" when
 * none) of a PKCS#12 file from an outside CA.  The certificate must be
 * usable for S/MIME signing (key usage digitalSignature or nonRepudiation,
 * emailProtection when it lists extended key usages), valid now and match
 * the key.  Files protected with legacy algorithms (RC2, as Windows exports)
 * are read too: the OpenSSL legacy provider is loaded once if present. */
gboolean  st_pki_import_pkcs12      (GBytes      *p12,
                                     const char  *passphrase,
                                     char       **cert_pem,
                                     EVP_PKEY   **key,
                                     char       **chain_pem,
                                     GError     **error);

/* A detached DER CMS SignedData over @content: SHA-256, binary content,
 * signed attributes (content type, signing time, message digest), the
 * signer's certificate and @chain_pem's certificates (may be NULL). */
GBytes   *st_pki_cms_sign           (const char  *cert_pem,
                                     EVP_PKEY    *key,
                                     const char  *chain_pem,
                                     GBytes      *content,
                                     GError     **error);

/* The same signature, with the certificates parsed once for many
 * documents (parsing a certificate costs more than the signature itself).
 * The signer holds its own reference to @key. */
typedef struct _StPkiSigner StPkiSigner;
StPkiSigner *st_pki_signer_new      (const char   *cert_pem,
                                     EVP_PKEY     *key,
                                     const char   *chain_pem,
                                     GError      **error);
GBytes      *st_pki_signer_sign     (StPkiSigner  *signer,
                                     GBytes       *content,
                                     GError      **error);
void         st_pki_signer_free     (StPkiSigner  *signer);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (StPkiSigner, st_pki_signer_free)

/* Verifies a detached DER CMS signature over @content against the trust
 * anchors in @ca_pem (one or more PEM certificates), at the current time and
 * for the S/MIME signing purpose, as `openssl cms -verify` does.  Checks in
 * this order: the structure (103), the signature value (102), the content
 * digest (100), the signer's chain (101).  On success gives the first
 * signer's certificate (PEM) and its signing time "YYYY-MM-DDTHH:MM:SSZ"
 * (NULL when the signature has none); either may be NULL. */
gboolean  st_pki_cms_verify         (GBytes      *content,
                                     GBytes      *cms_der,
                                     const char  *ca_pem,
                                     char       **signer_cert_pem,
                                     char       **signing_time,
                                     GError     **error);

/* Facts of the first certificate in @cert_pem; NULL when it is not one. */
/* RFC 2253 one-line form, most specific first, UTF-8 left unescaped. */
char     *st_pki_cert_subject            (const char *cert_pem);
/* Upper-case hex without colons, as `openssl x509 -serial` prints it. */
char     *st_pki_cert_serial_hex         (const char *cert_pem);
/* SHA-256 over the DER, lower-case colon-separated pairs "ab:cd:...". */
char     *st_pki_cert_fingerprint_sha256 (const char *cert_pem);
/* "YYYY-MM-DDTHH:MM:SSZ". */
char     *st_pki_cert_not_after          (const char *cert_pem);
gboolean  st_pki_cert_matches_key        (const char *cert_pem,
                                          EVP_PKEY   *key);

G_END_DECLS
