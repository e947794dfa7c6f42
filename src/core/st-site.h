/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <openssl/evp.h>

#include "st-session.h"
#include "st-store-site.h"

G_BEGIN_DECLS

#define ST_SITE_ERROR (st_site_error_quark ())
GQuark st_site_error_quark (void);

typedef enum {
  /* A set-up value is missing or not allowed. */
  ST_SITE_ERROR_INVALID = 200,
  /* The site's certificate authority key cannot be opened by this user. */
  ST_SITE_ERROR_CA_LOCKED = 300,
} StSiteError;

typedef struct {
  const char *site_name;
  const char *cert_language;       /* "en" or "de"; NULL: "en" */
  const char *admin_username;
  const char *admin_full_name;     /* NULL: the user name */
  const char *admin_password;
  const char *address;             /* printed on certificates; may be NULL */
  const char *authorisation;       /* manufacturing authorisation, clinical-trial or
                                      hospital-exemption number; may be NULL */
} StSiteSetup;

/*
 * Creates a new site database at @location: the schema, the site and its
 * certificate authority, the first administrator and the default
 * specification MSC-REL version 1, all in one transaction.  Returns a
 * session signed in as that administrator.
 */
StSession    *st_site_create      (const char         *location,
                                   const StSiteSetup  *setup,
                                   GError            **error);
StSiteRecord *st_site_get         (StSession          *session,
                                   GError            **error);
/* The site CA certificate (PEM) that verifies every signature. */
char         *st_site_ca_cert_pem (StSession          *session,
                                   GError            **error);
/* Opens the CA private key with the signed-in administrator's key. */
gboolean      st_site_unlock_ca   (StSession          *session,
                                   char              **ca_cert_pem,
                                   EVP_PKEY          **ca_key,
                                   GError            **error);
/* The CA key's key sealed for an administrator whose password gives @kek. */
GBytes       *st_site_wrap_ca_for (StSession          *session,
                                   const char         *username,
                                   const guint8       *kek,
                                   GError            **error);

/* Checks a user name: 2-32 of a-z, 0-9, '.', '_', '-', starting with a letter. */
gboolean      st_site_check_username (const char      *username,
                                      GError         **error);

G_END_DECLS
