/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "st-keys.h"

#include <glib/gi18n-lib.h>

#include "st-pki.h"

G_DEFINE_QUARK (st-keys-error-quark, st_keys_error)

#define MAX_P12_SIZE (1024 * 1024)

gboolean
st_keys_import_pkcs12 (StSession   *session,
                       GBytes      *p12,
                       const char  *passphrase,
                       const char  *password,
                       GError     **error)
{
  StDb *db = st_session_get_db (session);
  const StUserRecord *user = st_session_get_user (session);
  g_autoptr(EVP_PKEY) key = NULL;
  g_autoptr(GBytes) der = NULL;
  g_autoptr(StUserKeyRecord) record = g_new0 (StUserKeyRecord, 1);
  g_autofree char *cert_pem = NULL;
  g_autofree char *chain_pem = NULL;
  g_autofree char *context = NULL;
  g_autofree char *fingerprint = NULL;
  g_autofree char *subject = NULL;
  g_autofree char *key_id = NULL;
  g_autofree char *reason = NULL;
  StPasswordKeys keys = { 0 };

  if (!st_session_require (session, ST_ROLE_NONE, _("pki import"), error))
    return FALSE;
  if (p12 == NULL || g_bytes_get_size (p12) == 0 || g_bytes_get_size (p12) > MAX_P12_SIZE)
    {
      g_set_error (error, ST_KEYS_ERROR, ST_KEYS_ERROR_INVALID,
                   _("pkcs12: the file is empty or larger than %d bytes"), MAX_P12_SIZE);
      return FALSE;
    }
  if (!st_pki_import_pkcs12 (p12, passphrase ? passphrase : "", &cert_pem, &key, &chain_pem, error)
      || (der = st_pki_key_to_der (key, error)) == NULL)
    return FALSE;

  /* The password both re-authenticates and gives the key that seals. */
  if (!st_session_confirm_password (session, password, &keys, error))
    return FALSE;
  context = g_strconcat ("user-key:", user->username, NULL);
  record->key_sealed = st_crypto_seal (keys.kek, g_bytes_get_data (der, NULL), g_bytes_get_size (der),
                                       context, error);
  st_password_keys_clear (&keys);
  if (record->key_sealed == NULL)
    return FALSE;

  /* The chain travels with the certificate, so that signatures carry it. */
  record->cert_pem = g_strconcat (cert_pem, chain_pem, NULL);
  record->user_id = user->id;
  record->source = g_strdup ("pkcs12");
  fingerprint = st_pki_cert_fingerprint_sha256 (cert_pem);
  subject = st_pki_cert_subject (cert_pem);
  reason = g_strdup_printf ("signing certificate from an outside CA: %s", subject ? subject : "?");

  if (!st_session_begin (session, ST_ROLE_NONE, _("pki import"), error))
    return FALSE;
  record->created_at = g_strdup (st_session_now (session));
  if (!st_store_users_retire_keys (db, user->id, error) || !st_store_users_insert_key (db, record, error))
    goto fail;
  key_id = g_strdup_printf ("%" G_GINT64_FORMAT, record->id);
  {
    StAuditChange change = {
      .action = "certificate imported", .table = "user_keys", .record = key_id,
      .field = user->username, .new_value = fingerprint, .reason = reason,
    };
    if (!st_session_audit (session, &change, error))
      goto fail;
  }
  return st_session_commit (session, error);

fail:
  st_session_rollback (session);
  return FALSE;
}
