/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <openssl/evp.h>

#include "st-session.h"
#include "st-store-lots.h"
#include "st-store-signatures.h"
#include "st-store-specs.h"

G_BEGIN_DECLS

/*
 * The electronic signature (21 CFR 11.50/11.70, Annex 11 §14): every signing
 * asks for the password again, which both authenticates the signer and
 * unlocks their private key.  A signature row carries the printed name, the
 * user name, the role signed in, the meaning, the UTC time, the record
 * fingerprint (st-fingerprint) and the audit chain head, and a detached CMS
 * by the signer's key over a canonical manifest of all of these, so that it
 * can neither be moved to another record nor survive a change of its record
 * unnoticed.
 *
 * Two steps, because the password check is slow and counts failures in its
 * own transaction:
 *   key = st_signing_unlock (session, password, error);       before begin
 *   st_session_begin (...);  checks ...
 *   st_signing_sign_lot (session, key, lot, "reviewed", ST_ROLE_REVIEWER, NULL, error);
 *   st_session_commit (...);
 *   st_signing_key_free (key);                                 clears the key
 */

#define ST_SIGNING_ERROR (st_signing_error_quark ())
GQuark st_signing_error_quark (void);

typedef enum {
  /* A reason is too long or not text. */
  ST_SIGNING_ERROR_INVALID = 200,
  /* The user holds no signing key (certificate). */
  ST_SIGNING_ERROR_NO_KEY = 300,
  /* The signing key cannot be opened or its certificate cannot sign now
   * (expired, not yet valid). */
  ST_SIGNING_ERROR_KEY_UNUSABLE = 301,
  /* The signer does not hold the role the signature is given in. */
  ST_SIGNING_ERROR_ROLE = 302,
} StSigningError;

typedef struct _StSigningKey StSigningKey;

/* Outside a transaction: confirms @password (a wrong one is counted like a
 * failed sign-in and refused with a 3xx error) and opens the signed-in
 * user's active signing key. */
StSigningKey *st_signing_unlock          (StSession     *session,
                                          const char    *password,
                                          GError       **error);
/* Frees the key; the private key material is cleared. */
void          st_signing_key_free        (StSigningKey  *key);
/* The signer's certificate (PEM) and the certificates of its chain (PEM,
 * "" when the key comes from the site CA). */
const char   *st_signing_key_cert_pem    (const StSigningKey *key);
const char   *st_signing_key_chain_pem   (const StSigningKey *key);
EVP_PKEY     *st_signing_key_get_private (const StSigningKey *key);
/* A detached CMS signature over @content by the key, as st_pki_cms_sign()
 * makes it, with the certificates parsed once when the key was opened. */
GBytes       *st_signing_key_sign        (const StSigningKey *key,
                                          GBytes             *content,
                                          GError            **error);

/* Inside the caller's write transaction: inserts the signature of the
 * signed-in user over @lot (or @spec) with its audit entry and returns the
 * new row.  @meaning: "reviewed", "certified", "rejected", "approved";
 * @role: the one role the user signs in; @reason optional. */
StSignatureRecord *st_signing_sign_lot   (StSession          *session,
                                          StSigningKey       *key,
                                          const StLotRecord  *lot,
                                          const char         *meaning,
                                          StRole              role,
                                          const char         *reason,
                                          GError            **error);
StSignatureRecord *st_signing_sign_spec  (StSession          *session,
                                          StSigningKey       *key,
                                          const StSpecRecord *spec,
                                          const char         *meaning,
                                          StRole              role,
                                          const char         *reason,
                                          GError            **error);

/* The canonical bytes a signature's manifest_cms signs; @record_key is the
 * lot number or "CODE@VERSION". */
GBytes       *st_signing_manifest        (const StSignatureRecord *signature,
                                          const char              *record_key);

/* Splits PEM text holding a certificate followed by its chain (how an
 * imported PKCS#12 certificate is stored). */
void          st_signing_split_pem       (const char  *pem,
                                          char       **first,
                                          char       **rest);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (StSigningKey, st_signing_key_free)

G_END_DECLS
