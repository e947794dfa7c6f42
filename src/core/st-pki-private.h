/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <openssl/x509.h>

G_BEGIN_DECLS

/* Shared by the PKI modules (st-pki.c, st-pki-pkcs12.c); not for the faces. */
typedef STACK_OF (X509) StX509List;

void      st_pki_x509_list_free    (StX509List *list);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (StX509List, st_pki_x509_list_free)

/* Sets a ST_PKI_ERROR_FAILED "@what: failed in OpenSSL: ..." from OpenSSL's
 * error queue (then emptied); returns FALSE. */
gboolean  st_pki_set_openssl_error (GError    **error,
                                    const char *what);
char     *st_pki_cert_to_pem       (X509 *cert);
/* "2026-11-26T09:14:03Z", or NULL. */
char     *st_pki_asn1_time_to_iso  (const ASN1_TIME *time);

G_END_DECLS
