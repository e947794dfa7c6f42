/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "st-users.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "st-pki.h"
#include "st-users-private.h"
#include "st-site.h"

G_DEFINE_QUARK (st-users-error-quark, st_users_error)

#define SIGNER_ROLES (ST_ROLE_REVIEWER | ST_ROLE_QP)
#define MAX_FULL_NAME 200

static char *
user_key_context (const char *username)
{
  return g_strconcat ("user-key:", username, NULL);
}

static gboolean
audit_field (StSession   *session,
             const char  *action,
             const char  *username,
             const char  *field,
             const char  *old_value,
             const char  *new_value,
             const char  *reason,
             GError     **error)
{
  StAuditChange change = {
    .action = action, .table = "users", .record = username, .field = field,
    .old_value = old_value, .new_value = new_value, .reason = reason,
  };
  return st_session_audit (session, &change, error);
}

static StUserRecord *
find_user (StSession   *session,
           const char  *username,
           GError     **error)
{
  g_autoptr(GError) local = NULL;
  StUserRecord *user = st_store_users_find (st_session_get_db (session), username, &local);

  if (user == NULL)
    {
      if (local != NULL)
        g_propagate_error (error, g_steal_pointer (&local));
      else
        g_set_error (error, ST_USERS_ERROR, ST_USERS_ERROR_NOT_FOUND,
                     _("user: no user named '%s'"), username);
    }
  return user;
}

/* A new key pair and site certificate for @username, sealed under @kek. */
static gboolean
issue_signing_key (StSession          *session,
                   const StUserRecord *user,
                   const guint8       *kek,
                   GError            **error)
{
  g_autofree char *ca_cert_pem = NULL;
  g_autoptr(EVP_PKEY) ca_key = NULL;
  g_autoptr(EVP_PKEY) key = NULL;
  g_autoptr(GBytes) der = NULL;
  g_autoptr(StUserKeyRecord) record = g_new0 (StUserKeyRecord, 1);
  g_autofree char *context = user_key_context (user->username);
  g_autofree char *fingerprint = NULL;
  g_autofree char *record_key = NULL;

  if (!st_site_unlock_ca (session, &ca_cert_pem, &ca_key, error)
      || !st_pki_issue_signing_cert (ca_cert_pem, ca_key, user->username, user->full_name,
                                     &record->cert_pem, &key, error)
      || (der = st_pki_key_to_der (key, error)) == NULL)
    return FALSE;
  record->key_sealed = st_crypto_seal (kek, g_bytes_get_data (der, NULL), g_bytes_get_size (der),
                                       context, error);
  if (record->key_sealed == NULL)
    return FALSE;
  record->user_id = user->id;
  record->source = g_strdup ("site");
  record->created_at = g_strdup (st_session_now (session));
  if (!st_store_users_insert_key (st_session_get_db (session), record, error))
    return FALSE;

  fingerprint = st_pki_cert_fingerprint_sha256 (record->cert_pem);
  record_key = g_strdup_printf ("%" G_GINT64_FORMAT, record->id);
  {
    StAuditChange change = {
      .action = "certificate issued", .table = "user_keys", .record = record_key,
      .field = user->username, .new_value = fingerprint,
      .reason = "signing certificate from the site CA",
    };
    return st_session_audit (session, &change, error);
  }
}

static gboolean
check_full_name (const char  *full_name,
                 GError     **error)
{
  if (full_name == NULL || *full_name == '\0' || strlen (full_name) > MAX_FULL_NAME
      || !g_utf8_validate (full_name, -1, NULL))
    {
      g_set_error (error, ST_USERS_ERROR, ST_USERS_ERROR_INVALID,
                   _("full name: must be 1 to %d characters of text"), MAX_FULL_NAME);
      return FALSE;
    }
  return TRUE;
}

gboolean
st_users_add (StSession   *session,
              const char  *username,
              const char  *full_name,
              StRole       roles,
              const char  *password,
              GError     **error)
{
  return st_users_add_with_keys (session, username, full_name, roles, password, NULL, error);
}

gboolean
st_users_add_with_keys (StSession       *session,
                        const char      *username,
                        const char      *full_name,
                        StRole           roles,
                        const char      *password,
                        StPasswordKeys  *keys_out,
                        GError         **error)
{
  StDb *db = st_session_get_db (session);
  StPasswordKeys keys = { 0 };
  g_autoptr(StUserRecord) user = g_new0 (StUserRecord, 1);
  g_autoptr(StUserRecord) existing = NULL;
  g_autoptr(GError) local = NULL;

  if (!st_session_require (session, ST_ROLE_ADMIN, _("user add"), error)
      || !st_site_check_username (username, error))
    return FALSE;
  if (full_name == NULL || *full_name == '\0')
    full_name = username;
  if (!check_full_name (full_name, error))
    return FALSE;
  if ((roles & ST_ROLE_ALL) == ST_ROLE_NONE || (roles & ~ST_ROLE_ALL) != 0)
    {
      g_set_error (error, ST_USERS_ERROR, ST_USERS_ERROR_INVALID,
                   _("role: at least one of operator, reviewer, qp, admin is required"));
      return FALSE;
    }
  if (!st_auth_check_policy (username, password, error))
    return FALSE;
  /* The slow derivation before the write lock is taken. */
  if (!st_auth_derive_new (password, &keys, error))
    return FALSE;

  if (!st_session_begin (session, ST_ROLE_ADMIN, _("user add"), error))
    goto out;
  existing = st_store_users_find (db, username, &local);
  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      goto fail;
    }
  if (existing != NULL)
    {
      g_set_error (error, ST_USERS_ERROR, ST_USERS_ERROR_EXISTS,
                   _("user: '%s' already exists"), username);
      goto fail;
    }

  user->username = g_strdup (username);
  user->full_name = g_strdup (full_name);
  user->roles = st_role_list_to_string (roles);
  user->pw_salt = g_bytes_new (keys.salt, sizeof keys.salt);
  user->pw_iterations = keys.iterations;
  user->pw_verifier = g_bytes_new (keys.verifier, sizeof keys.verifier);
  user->pw_changed_at = g_strdup (st_session_now (session));
  user->created_at = g_strdup (st_session_now (session));
  if ((roles & ST_ROLE_ADMIN)
      && (user->ca_key_wrap = st_site_wrap_ca_for (session, username, keys.kek, error)) == NULL)
    goto fail;

  if (!st_store_users_insert (db, user, error)
      || !audit_field (session, "create", username, "full_name", NULL, user->full_name, NULL, error)
      || !audit_field (session, "create", username, "roles", NULL, user->roles, NULL, error)
      || !audit_field (session, "create", username, "disabled", NULL, "no", NULL, error)
      || !audit_field (session, "create", username, "locked", NULL, "no", NULL, error)
      || !audit_field (session, "create", username, "failed_sign_ins", NULL, "0", NULL, error))
    goto fail;
  if ((roles & SIGNER_ROLES) && !issue_signing_key (session, user, keys.kek, error))
    goto fail;
  if (!st_session_commit (session, error))
    goto out;
  if (keys_out != NULL)
    *keys_out = keys;
  st_password_keys_clear (&keys);
  return TRUE;

fail:
  st_session_rollback (session);
out:
  st_password_keys_clear (&keys);
  return FALSE;
}

GPtrArray *
st_users_list (StSession  *session,
               GError    **error)
{
  if (!st_session_require (session, ST_ROLE_ADMIN, _("user list"), error))
    return NULL;
  return st_store_users_list (st_session_get_db (session), error);
}

static gboolean
set_disabled (StSession   *session,
              const char  *username,
              gboolean     disabled,
              GError     **error)
{
  const char *what = disabled ? _("user disable") : _("user enable");
  g_autoptr(StUserRecord) user = NULL;

  if (!st_session_begin (session, ST_ROLE_ADMIN, what, error))
    return FALSE;
  user = find_user (session, username, error);
  if (user == NULL)
    goto fail;
  if (disabled && user->id == st_session_get_user (session)->id)
    {
      g_set_error (error, ST_USERS_ERROR, ST_USERS_ERROR_SELF,
                   _("user: %s cannot disable their own account"), username);
      goto fail;
    }
  if (user->disabled == disabled)
    {
      st_session_rollback (session);
      return TRUE;
    }
  if (!st_store_users_set_disabled (st_session_get_db (session), user->id, disabled, error)
      || !audit_field (session, disabled ? "disable" : "enable", username, "disabled",
                       disabled ? "no" : "yes", disabled ? "yes" : "no", NULL, error))
    goto fail;
  return st_session_commit (session, error);

fail:
  st_session_rollback (session);
  return FALSE;
}

gboolean
st_users_disable (StSession   *session,
                  const char  *username,
                  GError     **error)
{
  return set_disabled (session, username, TRUE, error);
}

gboolean
st_users_enable (StSession   *session,
                 const char  *username,
                 GError     **error)
{
  return set_disabled (session, username, FALSE, error);
}

gboolean
st_users_unlock (StSession   *session,
                 const char  *username,
                 GError     **error)
{
  g_autoptr(StUserRecord) user = NULL;
  g_autofree char *old_count = NULL;

  if (!st_session_begin (session, ST_ROLE_ADMIN, _("user unlock"), error))
    return FALSE;
  user = find_user (session, username, error);
  if (user == NULL)
    goto fail;
  if (!user->locked && user->failed_count == 0)
    {
      st_session_rollback (session);
      return TRUE;
    }
  old_count = g_strdup_printf ("%" G_GINT64_FORMAT, user->failed_count);
  if (!st_store_users_set_sign_in_state (st_session_get_db (session), user->id, 0, FALSE, error)
      || (user->locked
          && !audit_field (session, "unlock", username, "locked", "yes", "no", NULL, error))
      || (user->failed_count != 0
          && !audit_field (session, "unlock", username, "failed_sign_ins", old_count, "0", NULL, error)))
    goto fail;
  return st_session_commit (session, error);

fail:
  st_session_rollback (session);
  return FALSE;
}

/* Re-seals the signed-in user's own key and CA wrap under @new_kek. */
static gboolean
reseal_own_keys (StSession     *session,
                 StUserRecord  *user,
                 const guint8  *new_kek,
                 GError       **error)
{
  const guint8 *old_kek = st_session_get_kek (session);
  StDb *db = st_session_get_db (session);
  g_autoptr(StUserKeyRecord) key = NULL;
  g_autoptr(GError) local = NULL;

  if (old_kek == NULL)
    {
      g_set_error (error, ST_AUTH_ERROR, ST_AUTH_ERROR_NOT_SIGNED_IN,
                   _("password: the session is locked; enter the current password first"));
      return FALSE;
    }

  key = st_store_users_active_key (db, user->id, &local);
  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  if (key != NULL)
    {
      g_autofree char *context = user_key_context (user->username);
      g_autoptr(GBytes) plain = st_crypto_open (old_kek, key->key_sealed, context, error);
      g_autoptr(GBytes) sealed = NULL;

      if (plain == NULL)
        return FALSE;
      sealed = st_crypto_seal (new_kek, g_bytes_get_data (plain, NULL), g_bytes_get_size (plain), context, error);
      if (sealed == NULL || !st_store_users_reseal_key (db, key->id, sealed, error))
        return FALSE;
    }
  if (user->ca_key_wrap != NULL)
    {
      GBytes *wrap = st_site_wrap_ca_for (session, user->username, new_kek, error);
      if (wrap == NULL)
        return FALSE;
      g_bytes_unref (user->ca_key_wrap);
      user->ca_key_wrap = wrap;
    }
  return TRUE;
}

/* After a reset the old keys cannot be opened: new ones for the new password. */
static gboolean
replace_keys_after_reset (StSession     *session,
                          StUserRecord  *user,
                          const guint8  *new_kek,
                          GError       **error)
{
  StRole roles = ST_ROLE_NONE;

  if (!st_role_parse_list (user->roles, &roles, error)
      || !st_store_users_retire_keys (st_session_get_db (session), user->id, error))
    return FALSE;
  g_clear_pointer (&user->ca_key_wrap, g_bytes_unref);
  if ((roles & ST_ROLE_ADMIN)
      && (user->ca_key_wrap = st_site_wrap_ca_for (session, user->username, new_kek, error)) == NULL)
    return FALSE;
  if ((roles & SIGNER_ROLES) && !issue_signing_key (session, user, new_kek, error))
    return FALSE;
  return TRUE;
}

gboolean
st_users_set_password (StSession   *session,
                       const char  *username,
                       const char  *new_password,
                       GError     **error)
{
  const StUserRecord *me = st_session_get_user (session);
  gboolean own;
  StPasswordKeys keys = { 0 };
  g_autoptr(StUserRecord) user = NULL;

  if (me == NULL)
    return st_session_require (session, ST_ROLE_NONE, _("user passwd"), error);
  own = username == NULL || g_str_equal (username, me->username);
  if (!st_auth_check_policy (own ? me->username : username, new_password, error))
    return FALSE;
  if (!own && !st_session_require (session, ST_ROLE_ADMIN, _("user passwd"), error))
    return FALSE;
  if (!st_auth_derive_new (new_password, &keys, error))
    return FALSE;

  if (!st_session_begin_full (session, own ? ST_ROLE_NONE : ST_ROLE_ADMIN, _("user passwd"),
                              own ? ST_SESSION_BEGIN_ALLOW_EXPIRED : ST_SESSION_BEGIN_DEFAULT, error))
    goto out;
  user = find_user (session, own ? me->username : username, error);
  if (user == NULL)
    goto fail;

  if (own ? !reseal_own_keys (session, user, keys.kek, error)
          : !replace_keys_after_reset (session, user, keys.kek, error))
    goto fail;

  g_bytes_unref (user->pw_salt);
  user->pw_salt = g_bytes_new (keys.salt, sizeof keys.salt);
  user->pw_iterations = keys.iterations;
  g_bytes_unref (user->pw_verifier);
  user->pw_verifier = g_bytes_new (keys.verifier, sizeof keys.verifier);
  g_free (user->pw_changed_at);
  user->pw_changed_at = g_strdup (st_session_now (session));
  user->pw_must_change = !own;
  if (!st_store_users_set_password (st_session_get_db (session), user, error)
      || !audit_field (session, own ? "password changed" : "password reset", user->username,
                       "password", NULL, own ? "changed" : "reset by an administrator", NULL, error))
    goto fail;
  if (!st_session_commit (session, error))
    goto out;
  if (own)
    {
      st_session_set_kek (session, keys.kek);
      st_session_refresh_user (session, NULL);
    }
  st_password_keys_clear (&keys);
  return TRUE;

fail:
  st_session_rollback (session);
out:
  st_password_keys_clear (&keys);
  return FALSE;
}

gboolean
st_users_set_roles (StSession   *session,
                    const char  *username,
                    StRole       roles,
                    const char  *new_password,
                    GError     **error)
{
  StDb *db = st_session_get_db (session);
  g_autoptr(StUserRecord) user = NULL;
  g_autoptr(StUserKeyRecord) key = NULL;
  g_autoptr(GError) local = NULL;
  g_autofree char *new_roles = NULL;
  StPasswordKeys keys = { 0 };
  StRole old_roles = ST_ROLE_NONE;

  if ((roles & ST_ROLE_ALL) == ST_ROLE_NONE || (roles & ~ST_ROLE_ALL) != 0)
    {
      g_set_error (error, ST_USERS_ERROR, ST_USERS_ERROR_INVALID,
                   _("role: at least one of operator, reviewer, qp, admin is required"));
      return FALSE;
    }
  if (!st_session_require (session, ST_ROLE_ADMIN, _("user roles"), error))
    return FALSE;
  if (new_password != NULL
      && (!st_auth_check_policy (username, new_password, error)
          || !st_auth_derive_new (new_password, &keys, error)))
    return FALSE;

  if (!st_session_begin (session, ST_ROLE_ADMIN, _("user roles"), error))
    goto out;
  user = find_user (session, username, error);
  if (user == NULL || !st_role_parse_list (user->roles, &old_roles, error))
    goto fail;
  if (user->id == st_session_get_user (session)->id && !(roles & ST_ROLE_ADMIN))
    {
      g_set_error (error, ST_USERS_ERROR, ST_USERS_ERROR_SELF,
                   _("role: %s cannot take the admin role from their own account"), username);
      goto fail;
    }
  key = st_store_users_active_key (db, user->id, &local);
  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      goto fail;
    }
  new_roles = st_role_list_to_string (roles);
  if (g_str_equal (new_roles, user->roles) && new_password == NULL)
    {
      st_session_rollback (session);
      st_password_keys_clear (&keys);
      return TRUE;
    }
  if (!st_store_users_set_roles (db, user->id, new_roles, error)
      || !audit_field (session, "roles changed", username, "roles", user->roles, new_roles, NULL, error))
    goto fail;
  g_free (user->roles);
  user->roles = g_strdup (new_roles);

  if (new_password != NULL)
    {
      if (!replace_keys_after_reset (session, user, keys.kek, error))
        goto fail;
      g_bytes_unref (user->pw_salt);
      user->pw_salt = g_bytes_new (keys.salt, sizeof keys.salt);
      user->pw_iterations = keys.iterations;
      g_bytes_unref (user->pw_verifier);
      user->pw_verifier = g_bytes_new (keys.verifier, sizeof keys.verifier);
      g_free (user->pw_changed_at);
      user->pw_changed_at = g_strdup (st_session_now (session));
      user->pw_must_change = TRUE;
      if (!st_store_users_set_password (db, user, error)
          || !audit_field (session, "password reset", username, "password", NULL,
                           "reset by an administrator", NULL, error))
        goto fail;
    }
  else if ((roles & SIGNER_ROLES) && key == NULL)
    {
      g_set_error (error, ST_USERS_ERROR, ST_USERS_ERROR_INVALID,
                   _("role: granting reviewer or qp issues a signing key under %s's password; "
                     "set a new password for them at the same time"), username);
      goto fail;
    }
  else if ((roles & ST_ROLE_ADMIN) && !(old_roles & ST_ROLE_ADMIN))
    {
      g_set_error (error, ST_USERS_ERROR, ST_USERS_ERROR_INVALID,
                   _("role: granting admin gives a key to the site certificate authority under %s's password; "
                     "set a new password for them at the same time"), username);
      goto fail;
    }
  if (!st_session_commit (session, error))
    goto out;
  st_password_keys_clear (&keys);
  return TRUE;

fail:
  st_session_rollback (session);
out:
  st_password_keys_clear (&keys);
  return FALSE;
}
