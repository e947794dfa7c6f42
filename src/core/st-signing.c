/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "st-signing.h"
#include "st-workflow-private.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "st-canon.h"
#include "st-fingerprint.h"
#include "st-pki.h"

G_DEFINE_QUARK (st-signing-error-quark, st_signing_error)

#define MANIFEST_DOMAIN "stroma signature manifest v1"
#define MAX_REASON 2000
#define PEM_BEGIN "-----BEGIN CERTIFICATE-----"

struct _StSigningKey {
  char *cert_pem;
  char *chain_pem;
  EVP_PKEY *key;
  StPkiSigner *signer;      /* the certificates parsed once for every signature */
};

void
st_signing_key_free (StSigningKey *key)
{
  if (key == NULL)
    return;
  /* EVP_PKEY_free clears the private scalar (BN_clear_free). */
  g_clear_pointer (&key->signer, st_pki_signer_free);
  g_clear_pointer (&key->key, EVP_PKEY_free);
  g_free (key->cert_pem);
  g_free (key->chain_pem);
  g_free (key);
}

const char *
st_signing_key_cert_pem (const StSigningKey *key)
{
  return key->cert_pem;
}

const char *
st_signing_key_chain_pem (const StSigningKey *key)
{
  return key->chain_pem;
}

EVP_PKEY *
st_signing_key_get_private (const StSigningKey *key)
{
  return key->key;
}

GBytes *
st_signing_key_sign (const StSigningKey  *key,
                     GBytes              *content,
                     GError             **error)
{
  return st_pki_signer_sign (key->signer, content, error);
}

void
st_signing_split_pem (const char  *pem,
                      char       **first,
                      char       **rest)
{
  const char *start = pem ? strstr (pem, PEM_BEGIN) : NULL;
  const char *next = start ? strstr (start + strlen (PEM_BEGIN), PEM_BEGIN) : NULL;

  if (next == NULL)
    {
      *first = g_strdup (pem ? pem : "");
      *rest = g_strdup ("");
      return;
    }
  *first = g_strndup (pem, next - pem);
  *rest = g_strdup (next);
}

static gboolean
check_certificate_valid_now (const char  *cert_pem,
                             GError     **error)
{
  g_autofree char *not_after = st_pki_cert_not_after (cert_pem);
  g_autoptr(GDateTime) until = not_after ? g_date_time_new_from_iso8601 (not_after, NULL) : NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  if (until == NULL)
    {
      g_set_error (error, ST_SIGNING_ERROR, ST_SIGNING_ERROR_KEY_UNUSABLE,
                   _("signing certificate: cannot be read; ask an administrator to issue a new one"));
      return FALSE;
    }
  if (g_date_time_compare (now, until) > 0)
    {
      g_set_error (error, ST_SIGNING_ERROR, ST_SIGNING_ERROR_KEY_UNUSABLE,
                   _("signing certificate: expired on %s; a new one is needed (user passwd by an "
                     "administrator, or pki import)"), not_after);
      return FALSE;
    }
  return TRUE;
}

/* The user's active key record, or a refusal when there is none. */
static StUserKeyRecord *
find_key_record (StSession  *session,
                 GError    **error)
{
  const StUserRecord *user = st_session_get_user (session);
  g_autoptr(GError) local = NULL;
  StUserKeyRecord *record;

  record = st_store_users_active_key (st_session_get_db (session), user->id, &local);
  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return NULL;
    }
  if (record == NULL)
    g_set_error (error, ST_SIGNING_ERROR, ST_SIGNING_ERROR_NO_KEY,
                 _("signature: %s holds no signing certificate; an administrator issues one "
                   "(reviewer or qp role), or import your own (pki import)"), user->username);
  return record;
}

static StSigningKey *
open_key (StSession              *session,
          const StUserKeyRecord  *record,
          const guint8           *kek,
          GError                **error)
{
  const StUserRecord *user = st_session_get_user (session);
  g_autoptr(StSigningKey) key = NULL;
  g_autoptr(GBytes) der = NULL;
  g_autoptr(GError) local = NULL;
  g_autofree char *context = g_strconcat ("user-key:", user->username, NULL);

  der = st_crypto_open (kek, record->key_sealed, context, &local);
  if (der == NULL)
    {
      g_set_error (error, ST_SIGNING_ERROR, ST_SIGNING_ERROR_KEY_UNUSABLE,
                   _("signing key: cannot be opened with %s's password (%s); ask an administrator "
                     "to issue a new one"), user->username, local->message);
      return NULL;
    }

  key = g_new0 (StSigningKey, 1);
  st_signing_split_pem (record->cert_pem, &key->cert_pem, &key->chain_pem);
  key->key = st_pki_key_from_der (der, error);
  if (key->key == NULL || !check_certificate_valid_now (key->cert_pem, error))
    return NULL;
  if (!st_pki_cert_matches_key (key->cert_pem, key->key))
    {
      g_set_error (error, ST_SIGNING_ERROR, ST_SIGNING_ERROR_KEY_UNUSABLE,
                   _("signing key: does not match %s's certificate; ask an administrator to issue a new one"),
                   user->username);
      return NULL;
    }
  key->signer = st_pki_signer_new (key->cert_pem, key->key, key->chain_pem, error);
  if (key->signer == NULL)
    return NULL;
  return g_steal_pointer (&key);
}

StSigningKey *
st_signing_unlock (StSession   *session,
                   const char  *password,
                   GError     **error)
{
  g_autoptr(StUserKeyRecord) record = NULL;
  StPasswordKeys keys = { 0 };
  StSigningKey *key;

  if (!st_session_require (session, ST_ROLE_NONE, _("signature"), error))
    return NULL;
  /* No key, no signature: said before the password is even checked. */
  record = find_key_record (session, error);
  if (record == NULL)
    return NULL;
  /* Part 11: every signing asks for the password again. */
  if (!st_session_confirm_password (session, password, &keys, error))
    return NULL;
  key = open_key (session, record, keys.kek, error);
  st_password_keys_clear (&keys);
  return key;
}

StSigningKey *
st_signing_unlock_with_kek (StSession  *session,
                            GError    **error)
{
  g_autoptr(StUserKeyRecord) record = NULL;
  const guint8 *kek = st_session_get_kek (session);

  if (!st_session_require (session, ST_ROLE_NONE, _("signature"), error))
    return NULL;
  record = find_key_record (session, error);
  if (record == NULL)
    return NULL;
  if (kek == NULL)
    {
      g_set_error (error, ST_SIGNING_ERROR, ST_SIGNING_ERROR_KEY_UNUSABLE,
                   _("signing key: the session is locked; enter the password again"));
      return NULL;
    }
  return open_key (session, record, kek, error);
}

GBytes *
st_signing_manifest (const StSignatureRecord *signature,
                     const char              *record_key)
{
  g_autoptr(GByteArray) out = g_byte_array_new ();

  st_canon_add_text (out, MANIFEST_DOMAIN);
  st_canon_add_text (out, signature->meaning);
  st_canon_add_text (out, signature->lot_id > 0 ? "lot" : "specification");
  st_canon_add_text (out, record_key);
  st_canon_add_text (out, signature->record_fingerprint);
  st_canon_add_int (out, signature->chain_seq);
  st_canon_add_text (out, signature->chain_hash);
  st_canon_add_text (out, signature->signed_at);
  st_canon_add_text (out, signature->username);
  st_canon_add_text (out, signature->full_name);
  st_canon_add_text (out, signature->role);
  st_canon_add_text (out, signature->reason);
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

static StSignatureRecord *
sign (StSession    *session,
      StSigningKey *key,
      gint64        lot_id,
      gint64        spec_id,
      const char   *record_key,
      const char   *lot_number,
      const char   *meaning,
      StRole        role,
      const char   *reason,
      GError      **error)
{
  const StUserRecord *user = st_session_get_user (session);
  StDb *db = st_session_get_db (session);
  g_autoptr(StSignatureRecord) signature = g_new0 (StSignatureRecord, 1);
  g_autoptr(GBytes) manifest = NULL;
  g_autofree char *id_text = NULL;

  g_return_val_if_fail (key != NULL && meaning != NULL, NULL);

  if (!st_session_has_role (session, role))
    {
      g_set_error (error, ST_SIGNING_ERROR, ST_SIGNING_ERROR_ROLE,
                   _("signature: %s does not hold the %s role"), user->username, st_role_to_string (role));
      return NULL;
    }
  if (reason != NULL && (strlen (reason) > MAX_REASON || !g_utf8_validate (reason, -1, NULL)))
    {
      g_set_error (error, ST_SIGNING_ERROR, ST_SIGNING_ERROR_INVALID,
                   _("reason: at most %d characters of text"), MAX_REASON);
      return NULL;
    }

  signature->lot_id = lot_id;
  signature->spec_id = spec_id;
  signature->meaning = g_strdup (meaning);
  signature->user_id = user->id;
  signature->username = g_strdup (user->username);
  signature->full_name = g_strdup (user->full_name);
  signature->role = g_strdup (st_role_to_string (role));
  signature->signed_at = g_strdup (st_session_now (session));
  signature->reason = g_strdup (reason);
  /* The head before the signature's own entry: what it anchors. */
  signature->chain_seq = st_session_audit_head_seq (session);
  signature->chain_hash = g_strdup (st_session_audit_head_hash (session));
  signature->record_fingerprint = lot_id > 0
    ? st_fingerprint_lot (db, lot_id, signature->chain_seq, error)
    : st_fingerprint_spec (db, spec_id, error);
  if (signature->record_fingerprint == NULL)
    return NULL;
  signature->cert_pem = g_strconcat (key->cert_pem, key->chain_pem, NULL);

  manifest = st_signing_manifest (signature, record_key);
  signature->manifest_cms = st_signing_key_sign (key, manifest, error);
  if (signature->manifest_cms == NULL || !st_store_signatures_insert (db, signature, error))
    return NULL;

  id_text = g_strdup_printf ("%" G_GINT64_FORMAT, signature->id);
  {
    StAuditChange change = {
      .action = "sign", .table = "signatures", .record = id_text, .lot = lot_number,
      .field = "meaning", .new_value = meaning, .reason = reason,
    };
    if (!st_session_audit (session, &change, error))
      return NULL;
  }
  return g_steal_pointer (&signature);
}

StSignatureRecord *
st_signing_sign_lot (StSession          *session,
                     StSigningKey       *key,
                     const StLotRecord  *lot,
                     const char         *meaning,
                     StRole              role,
                     const char         *reason,
                     GError            **error)
{
  return sign (session, key, lot->id, 0, lot->lot_number, lot->lot_number, meaning, role, reason, error);
}

StSignatureRecord *
st_signing_sign_spec (StSession           *session,
                      StSigningKey        *key,
                      const StSpecRecord  *spec,
                      const char          *meaning,
                      StRole               role,
                      const char          *reason,
                      GError             **error)
{
  g_autofree char *spec_key = g_strdup_printf ("%s@%" G_GINT64_FORMAT, spec->code, spec->version);

  return sign (session, key, 0, spec->id, spec_key, NULL, meaning, role, reason, error);
}
