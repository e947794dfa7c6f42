/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "st-session.h"

G_BEGIN_DECLS

/*
 * Signing keys from an outside certificate authority.  The PKCS#12 file's
 * certificate and key become the acting user's signing key, the key sealed
 * under the key-encryption key of the user's password exactly like a
 * site-issued one; the user's previous keys are retired (their certificates
 * stay in the signatures they made).  `cert verify --ca` accepts the outside
 * CA.
 */

#define ST_KEYS_ERROR (st_keys_error_quark ())
GQuark st_keys_error_quark (void);

typedef enum {
  /* The file is empty or too large to be a PKCS#12 file. */
  ST_KEYS_ERROR_INVALID = 200,
} StKeysError;

/* @p12: the file's bytes; @passphrase: the file's; @password: the user's own
 * (asked again; a wrong one is counted and refused with a 3xx error).  The
 * PKCS#12 errors (wrong passphrase, unusable certificate) come from ST_PKI_ERROR. */
gboolean st_keys_import_pkcs12 (StSession   *session,
                                GBytes      *p12,
                                const char  *passphrase,
                                const char  *password,
                                GError     **error);

G_END_DECLS
