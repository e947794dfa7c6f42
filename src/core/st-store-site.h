/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "st-db.h"

G_BEGIN_DECLS

/* The site: one row, written at init. */
typedef struct {
  char *name;
  char *cert_language;      /* "en" or "de" */
  char *created_at;
  char *address;
  char *authorisation;
  char *dosage_form;
  char *container;
  gint64 shelf_life_days;
  char *ca_cert_pem;
  GBytes *ca_key_sealed;    /* the CA private key, sealed under the CA key's key */
} StSiteRecord;

void st_site_record_free (StSiteRecord *record);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (StSiteRecord, st_site_record_free)

StSiteRecord *st_store_site_get    (StDb                *db,
                                    GError             **error);
gboolean      st_store_site_insert (StDb                *db,
                                    const StSiteRecord  *record,
                                    GError             **error);

G_END_DECLS
