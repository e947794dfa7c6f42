/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "st-site.h"

#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <openssl/crypto.h>
#include <string.h>

#include "st-pki.h"
#include "st-session-private.h"
#include "st-spec.h"
#include "stroma-core-resources.h"
#include "st-store-specs.h"

G_DEFINE_QUARK (st-site-error-quark, st_site_error)

#define DEFAULT_SPEC_RESOURCE "/org/stroma/core/specs/msc-rel-v1.json"
#define CA_KEY_CONTEXT "site-ca-key"

static char *
ca_wrap_context (const char *username)
{
  return g_strconcat ("ca-wrap:", username, NULL);
}

/* Certificate values in the site's certificate language ("German / English"
 * on a German site), not in the locale of whoever creates the site. */
static char *
site_words (const char *language,
            const char *english,
            const char *german)
{
  if (g_strcmp0 (language, "de") == 0)
    return g_strdup_printf ("%s / %s", german, english);
  return g_strdup (english);
}

gboolean
st_site_check_username (const char  *username,
                        GError     **error)
{
  gsize length = username ? strlen (username) : 0;

  if (length < 2 || length > 32 || !g_ascii_islower (username[0]))
    goto bad;
  for (gsize i = 0; i < length; i++)
    if (!g_ascii_islower (username[i]) && !g_ascii_isdigit (username[i])
        && username[i] != '.' && username[i] != '_' && username[i] != '-')
      goto bad;
  return TRUE;

bad:
  g_set_error (error, ST_SITE_ERROR, ST_SITE_ERROR_INVALID,
               _("user name: '%s' must be 2 to 32 characters of a-z, 0-9, '.', '_' or '-', starting with a letter"),
               username ? username : "");
  return FALSE;
}

static gboolean
audit_value (StSession   *session,
             const char  *table,
             const char  *record,
             const char  *field,
             const char  *value,
             GError     **error)
{
  StAuditChange change = {
    .action = "create", .table = table, .record = record, .field = field, .new_value = value,
  };
  return st_session_audit (session, &change, error);
}

static gboolean
store_default_spec (StSession  *session,
                    gint64      admin_id,
                    GError    **error)
{
  /* Through the resource object itself: a static library's resource is
   * only linked in when something refers to it. */
  g_autoptr(GBytes) bytes = g_resource_lookup_data (st_core_get_resource (), DEFAULT_SPEC_RESOURCE, 0, error);
  g_autoptr(StSpec) spec = NULL;
  g_autoptr(StSpecRecord) record = g_new0 (StSpecRecord, 1);
  g_autofree char *key = NULL;
  gsize len = 0;
  const char *data;

  if (bytes == NULL)
    return FALSE;
  data = g_bytes_get_data (bytes, &len);
  spec = st_spec_parse (data, (gssize) len, error);
  if (spec == NULL)
    return FALSE;

  record->code = g_strdup (spec->code);
  record->version = 1;
  record->title = g_strdup (spec->title);
  record->status = g_strdup ("approved");
  record->document = st_spec_to_json (spec, FALSE);
  record->created_by = admin_id;
  record->created_at = g_strdup (st_session_now (session));
  record->approved_at = g_strdup (st_session_now (session));
  if (!st_store_specs_insert (st_session_get_db (session), record, error))
    return FALSE;

  key = g_strdup_printf ("%s@%" G_GINT64_FORMAT, record->code, record->version);
  {
    StAuditChange status = {
      .action = "create", .table = "specs", .record = key, .field = "status",
      .new_value = "approved",
      .reason = "default specification shipped with Stroma (DOMAIN.md), approved at site set-up",
    };
    return audit_value (session, "specs", key, "title", record->title, error)
           && audit_value (session, "specs", key, "document", record->document, error)
           && st_session_audit (session, &status, error);
  }
}

static gboolean
check_setup (const StSiteSetup  *setup,
             GError            **error)
{
  const char *language = setup->cert_language ? setup->cert_language : "en";

  g_autofree char *name = g_strstrip (g_strdup (setup->site_name ? setup->site_name : ""));

  if (*name == '\0')
    {
      g_set_error (error, ST_SITE_ERROR, ST_SITE_ERROR_INVALID, _("site: a site name is required"));
      return FALSE;
    }
  if (!g_str_equal (language, "en") && !g_str_equal (language, "de"))
    {
      g_set_error (error, ST_SITE_ERROR, ST_SITE_ERROR_INVALID,
                   _("cert-language: '%s' is not one of en, de"), language);
      return FALSE;
    }
  if ((setup->address != NULL && (strlen (setup->address) > 300 || !g_utf8_validate (setup->address, -1, NULL)))
      || (setup->authorisation != NULL
          && (strlen (setup->authorisation) > 120 || !g_utf8_validate (setup->authorisation, -1, NULL))))
    {
      g_set_error (error, ST_SITE_ERROR, ST_SITE_ERROR_INVALID,
                   _("site: the address (300) or authorisation number (120 characters) is too long or not text"));
      return FALSE;
    }
  if (!st_site_check_username (setup->admin_username, error))
    return FALSE;
  return st_auth_check_policy (setup->admin_username, setup->admin_password, error);
}

StSession *
st_site_create (const char         *location,
                const StSiteSetup  *setup,
                GError            **error)
{
  g_autoptr(StSession) session = NULL;
  g_autoptr(EVP_PKEY) ca_key = NULL;
  g_autoptr(GBytes) ca_der = NULL;
  g_autoptr(GBytes) ca_wrap = NULL;
  g_autoptr(StUserRecord) admin = g_new0 (StUserRecord, 1);
  g_autoptr(StSiteRecord) site = g_new0 (StSiteRecord, 1);
  g_autofree char *wrap_context = NULL;
  StPasswordKeys keys = { 0 };
  guint8 ca_kek[ST_KEY_LENGTH];
  StDb *db;
  gboolean ok = FALSE;

  if (!check_setup (setup, error))
    return NULL;

  /* The slow steps (key derivation, key generation) come before the file. */
  if (!st_auth_derive_new (setup->admin_password, &keys, error))
    return NULL;
  site->name = g_strstrip (g_strdup (setup->site_name));
  if (!st_pki_create_ca (site->name, &site->ca_cert_pem, &ca_key, error)
      || !st_crypto_random (ca_kek, sizeof ca_kek, error)
      || (ca_der = st_pki_key_to_der (ca_key, error)) == NULL
      || (site->ca_key_sealed = st_crypto_seal (ca_kek, g_bytes_get_data (ca_der, NULL),
                                                g_bytes_get_size (ca_der), CA_KEY_CONTEXT, error)) == NULL)
    goto out;
  wrap_context = ca_wrap_context (setup->admin_username);
  ca_wrap = st_crypto_seal (keys.kek, ca_kek, sizeof ca_kek, wrap_context, error);
  if (ca_wrap == NULL)
    goto out;

  db = st_db_open (location, ST_DB_OPEN_CREATE, error);
  if (db == NULL)
    goto out;
  session = st_session_new_for_db (db);

  admin->username = g_strdup (setup->admin_username);
  admin->full_name = g_strdup (setup->admin_full_name && *setup->admin_full_name
                               ? setup->admin_full_name : setup->admin_username);
  admin->roles = g_strdup ("admin");
  admin->pw_salt = g_bytes_new (keys.salt, sizeof keys.salt);
  admin->pw_iterations = keys.iterations;
  admin->pw_verifier = g_bytes_new (keys.verifier, sizeof keys.verifier);
  admin->ca_key_wrap = g_bytes_ref (ca_wrap);

  /* The first transaction has no signed-in user yet: it writes as the new
   * administrator, whose account it creates. */
  if (!st_db_begin (db, error))
    goto fail_file;
  {
    g_autoptr(StAuditWriter) writer = st_audit_writer_new ();
    g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
    g_autofree char *at = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
    const StAuditChange changes[] = {
      { .action = "create", .table = "site", .record = "site", .field = "name", .new_value = site->name },
      { .action = "create", .table = "site", .record = "site", .field = "cert_language",
        .new_value = setup->cert_language ? setup->cert_language : "en" },
      { .action = "create", .table = "users", .record = admin->username, .field = "full_name",
        .new_value = admin->full_name },
      { .action = "create", .table = "users", .record = admin->username, .field = "roles",
        .new_value = admin->roles },
      { .action = "create", .table = "users", .record = admin->username, .field = "disabled", .new_value = "no" },
      { .action = "create", .table = "users", .record = admin->username, .field = "locked", .new_value = "no" },
      { .action = "create", .table = "users", .record = admin->username, .field = "failed_sign_ins",
        .new_value = "0" },
    };

    site->cert_language = g_strdup (setup->cert_language ? setup->cert_language : "en");
    site->created_at = g_strdup (at);
    site->dosage_form = site_words (site->cert_language, "Cell suspension for infusion",
                                    "Zellsuspension zur Infusion");
    site->container = site_words (site->cert_language, "Cryopreservation bag", "Kryokonservierungsbeutel");
    site->shelf_life_days = 365;
    site->address = g_strdup (setup->address);
    site->authorisation = g_strdup (setup->authorisation);
    admin->pw_changed_at = g_strdup (at);
    admin->created_at = g_strdup (at);

    if (!st_audit_writer_start (writer, db, error)
        || !st_store_site_insert (db, site, error)
        || !st_store_users_insert (db, admin, error))
      goto fail_transaction;
    for (guint i = 0; i < G_N_ELEMENTS (changes); i++)
      if (!st_audit_writer_append (writer, db, at, admin->username, &changes[i], error))
        goto fail_transaction;
    {
      const StAuditChange printed[] = {
        { .action = "create", .table = "site", .record = "site", .field = "address", .new_value = site->address },
        { .action = "create", .table = "site", .record = "site", .field = "authorisation",
          .new_value = site->authorisation },
      };
      for (guint i = 0; i < G_N_ELEMENTS (printed); i++)
        if (printed[i].new_value != NULL
            && !st_audit_writer_append (writer, db, at, admin->username, &printed[i], error))
          goto fail_transaction;
    }
    if (!st_audit_writer_finish (writer, db, error) || !st_db_commit (db, error))
      goto fail_transaction;
  }

  /* Now signed in, the specification is written like any other change. */
  if (!st_session_adopt (session, setup->admin_username, keys.kek, error)
      || !st_session_begin (session, ST_ROLE_ADMIN, _("init"), error))
    goto fail_file;
  if (!store_default_spec (session, admin->id, error) || !st_session_commit (session, error))
    {
      st_session_rollback (session);
      goto fail_file;
    }
  ok = TRUE;
  goto out;

fail_transaction:
  st_db_rollback (db);
fail_file:
  /* A site that is not complete is no site: remove the file again. */
  g_clear_object (&session);
  {
    g_autofree char *wal = g_strconcat (location, "-wal", NULL);
    g_autofree char *shm = g_strconcat (location, "-shm", NULL);
    g_remove (location);
    g_remove (wal);
    g_remove (shm);
  }
out:
  OPENSSL_cleanse (ca_kek, sizeof ca_kek);
  st_password_keys_clear (&keys);
  return ok ? g_steal_pointer (&session) : NULL;
}

StSiteRecord *
st_site_get (StSession  *session,
             GError    **error)
{
  return st_store_site_get (st_session_get_db (session), error);
}

char *
st_site_ca_cert_pem (StSession  *session,
                     GError    **error)
{
  g_autoptr(StSiteRecord) site = NULL;

  if (!st_session_require (session, ST_ROLE_NONE, _("pki export-ca"), error))
    return NULL;
  site = st_store_site_get (st_session_get_db (session), error);
  if (site == NULL)
    return NULL;
  return g_steal_pointer (&site->ca_cert_pem);
}

/* The CA key's key, opened with the signed-in administrator's password key. */
static gboolean
open_ca_kek (StSession  *session,
             guint8      ca_kek[ST_KEY_LENGTH],
             GError    **error)
{
  const StUserRecord *user = st_session_get_user (session);
  const guint8 *kek = st_session_get_kek (session);
  g_autoptr(StUserRecord) current = NULL;
  g_autoptr(GBytes) opened = NULL;
  g_autofree char *context = NULL;

  if (!st_session_require (session, ST_ROLE_ADMIN, _("site certificate authority"), error))
    return FALSE;
  current = st_store_users_get (st_session_get_db (session), user->id, error);
  if (current == NULL)
    return FALSE;
  if (current->ca_key_wrap == NULL || kek == NULL)
    {
      g_set_error (error, ST_SITE_ERROR, ST_SITE_ERROR_CA_LOCKED,
                   _("site certificate authority: %s holds no key to it; ask another administrator"),
                   user->username);
      return FALSE;
    }
  context = ca_wrap_context (user->username);
  opened = st_crypto_open (kek, current->ca_key_wrap, context, error);
  if (opened == NULL || g_bytes_get_size (opened) != ST_KEY_LENGTH)
    return FALSE;
  memcpy (ca_kek, g_bytes_get_data (opened, NULL), ST_KEY_LENGTH);
  return TRUE;
}

gboolean
st_site_unlock_ca (StSession  *session,
                   char      **ca_cert_pem,
                   EVP_PKEY  **ca_key,
                   GError    **error)
{
  g_autoptr(StSiteRecord) site = NULL;
  g_autoptr(GBytes) der = NULL;
  guint8 ca_kek[ST_KEY_LENGTH];
  gboolean ok = FALSE;

  if (!open_ca_kek (session, ca_kek, error))
    return FALSE;
  site = st_store_site_get (st_session_get_db (session), error);
  if (site != NULL && site->ca_key_sealed != NULL)
    {
      der = st_crypto_open (ca_kek, site->ca_key_sealed, CA_KEY_CONTEXT, error);
      if (der != NULL && (*ca_key = st_pki_key_from_der (der, error)) != NULL)
        {
          *ca_cert_pem = g_steal_pointer (&site->ca_cert_pem);
          ok = TRUE;
        }
    }
  OPENSSL_cleanse (ca_kek, sizeof ca_kek);
  return ok;
}

GBytes *
st_site_wrap_ca_for (StSession     *session,
                     const char    *username,
                     const guint8  *kek,
                     GError       **error)
{
  guint8 ca_kek[ST_KEY_LENGTH];
  g_autofree char *context = ca_wrap_context (username);
  GBytes *wrap;

  if (!open_ca_kek (session, ca_kek, error))
    return NULL;
  wrap = st_crypto_seal (kek, ca_kek, sizeof ca_kek, context, error);
  OPENSSL_cleanse (ca_kek, sizeof ca_kek);
  return wrap;
}
