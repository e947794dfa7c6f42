/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "st-store-site.h"

#include <glib/gi18n-lib.h>

void
st_site_record_free (StSiteRecord *record)
{
  if (record == NULL)
    return;
  g_free (record->name);
  g_free (record->cert_language);
  g_free (record->created_at);
  g_free (record->address);
  g_free (record->authorisation);
  g_free (record->dosage_form);
  g_free (record->container);
  g_free (record->ca_cert_pem);
  g_clear_pointer (&record->ca_key_sealed, g_bytes_unref);
  g_free (record);
}

StSiteRecord *
st_store_site_get (StDb    *db,
                   GError **error)
{
  StDbStmt *stmt = st_db_prepare (db,
    "SELECT name, cert_language, created_at, address, authorisation, dosage_form, container,"
    " shelf_life_days, ca_cert_pem, ca_key_sealed FROM site WHERE id = 1", error);
  StSiteRecord *record;
  StDbStep step;

  if (stmt == NULL)
    return NULL;
  step = st_db_step (stmt, error);
  if (step == ST_DB_FAILED)
    return NULL;
  if (step == ST_DB_DONE)
    {
      g_set_error (error, ST_DB_ERROR, ST_DB_ERROR_CORRUPT,
                   _("database: the site record is missing — restore the database from a backup"));
      return NULL;
    }
  record = g_new0 (StSiteRecord, 1);
  record->name = g_strdup (st_db_column_text (stmt, 0));
  record->cert_language = g_strdup (st_db_column_text (stmt, 1));
  record->created_at = g_strdup (st_db_column_text (stmt, 2));
  record->address = g_strdup (st_db_column_text (stmt, 3));
  record->authorisation = g_strdup (st_db_column_text (stmt, 4));
  record->dosage_form = g_strdup (st_db_column_text (stmt, 5));
  record->container = g_strdup (st_db_column_text (stmt, 6));
  record->shelf_life_days = st_db_column_int (stmt, 7);
  record->ca_cert_pem = g_strdup (st_db_column_text (stmt, 8));
  if (!st_db_column_is_null (stmt, 9))
    {
      gsize len = 0;
      const guint8 *data = st_db_column_blob (stmt, 9, &len);
      record->ca_key_sealed = g_bytes_new (data, len);
    }
  st_db_reset (stmt);
  return record;
}

gboolean
st_store_site_insert (StDb                *db,
                      const StSiteRecord  *record,
                      GError             **error)
{
  StDbStmt *stmt = st_db_prepare (db,
    "INSERT INTO site (id, name, cert_language, created_at, address, authorisation, dosage_form,"
    " container, shelf_life_days, ca_cert_pem, ca_key_sealed)"
    " VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", error);
  gsize len = 0;
  const void *data;

  if (stmt == NULL)
    return FALSE;
  st_db_bind_text (stmt, 1, record->name);
  st_db_bind_text (stmt, 2, record->cert_language);
  st_db_bind_text (stmt, 3, record->created_at);
  st_db_bind_text (stmt, 4, record->address);
  st_db_bind_text (stmt, 5, record->authorisation);
  st_db_bind_text (stmt, 6, record->dosage_form);
  st_db_bind_text (stmt, 7, record->container);
  st_db_bind_int (stmt, 8, record->shelf_life_days);
  st_db_bind_text (stmt, 9, record->ca_cert_pem);
  data = record->ca_key_sealed ? g_bytes_get_data (record->ca_key_sealed, &len) : NULL;
  st_db_bind_blob (stmt, 10, data, len);
  return st_db_run (stmt, error);
}
