/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "st-auth.h"

#include <glib/gi18n-lib.h>
#include <openssl/crypto.h>
#include <string.h>

G_DEFINE_QUARK (st-auth-error-quark, st_auth_error)

static const struct {
  StRole role;
  const char *name;
} role_names[] = {
  { ST_ROLE_OPERATOR, "operator" },
  { ST_ROLE_REVIEWER, "reviewer" },
  { ST_ROLE_QP, "qp" },
  { ST_ROLE_ADMIN, "admin" },
};

gboolean
st_auth_check_policy (const char  *username,
                      const char  *password,
                      GError     **error)
{
  glong length;

  if (password == NULL || !g_utf8_validate (password, -1, NULL))
    {
      g_set_error (error, ST_AUTH_ERROR, ST_AUTH_ERROR_WEAK_PASSWORD,
                   _("password: not valid text"));
      return FALSE;
    }
  length = g_utf8_strlen (password, -1);
  if (length < ST_AUTH_MIN_PASSWORD_LENGTH)
    {
      g_set_error (error, ST_AUTH_ERROR, ST_AUTH_ERROR_WEAK_PASSWORD,
                   _("password: must have at least %d characters"), ST_AUTH_MIN_PASSWORD_LENGTH);
      return FALSE;
    }
  if (strlen (password) > ST_AUTH_MAX_PASSWORD_LENGTH)
    {
      g_set_error (error, ST_AUTH_ERROR, ST_AUTH_ERROR_WEAK_PASSWORD,
                   _("password: must have at most %d bytes"), ST_AUTH_MAX_PASSWORD_LENGTH);
      return FALSE;
    }
  if (username != NULL && g_ascii_strcasecmp (username, password) == 0)
    {
      g_set_error (error, ST_AUTH_ERROR, ST_AUTH_ERROR_WEAK_PASSWORD,
                   _("password: must not be the user name"));
      return FALSE;
    }
  return TRUE;
}

gboolean
st_auth_derive (const char     *password,
                const guint8   *salt,
                gsize           salt_len,
                guint           iterations,
                StPasswordKeys *keys,
                GError        **error)
{
  guint8 master[ST_KEY_LENGTH];
  gboolean ok;

  g_return_val_if_fail (salt_len == ST_AUTH_SALT_LENGTH, FALSE);

  memcpy (keys->salt, salt, ST_AUTH_SALT_LENGTH);
  keys->iterations = iterations;
  ok = st_crypto_pbkdf2 (password, salt, salt_len, iterations, master, error)
       && st_crypto_hkdf_expand (master, "stroma password verifier", keys->verifier, error)
       && st_crypto_hkdf_expand (master, "stroma key encryption", keys->kek, error);
  OPENSSL_cleanse (master, sizeof master);
  if (!ok)
    st_password_keys_clear (keys);
  return ok;
}

gboolean
st_auth_derive_new (const char     *password,
                    StPasswordKeys *keys,
                    GError        **error)
{
  guint8 salt[ST_AUTH_SALT_LENGTH];

  if (!st_crypto_random (salt, sizeof salt, error))
    return FALSE;
  return st_auth_derive (password, salt, sizeof salt, ST_AUTH_ITERATIONS, keys, error);
}

gboolean
st_auth_verifier_matches (const StPasswordKeys *keys,
                          const guint8         *stored,
                          gsize                 stored_len)
{
  return stored != NULL && stored_len == ST_KEY_LENGTH
         && CRYPTO_memcmp (keys->verifier, stored, ST_KEY_LENGTH) == 0;
}

void
st_password_keys_clear (StPasswordKeys *keys)
{
  OPENSSL_cleanse (keys, sizeof *keys);
}

gboolean
st_role_parse_list (const char  *text,
                    StRole      *roles,
                    GError     **error)
{
  g_auto(GStrv) words = g_strsplit (text ? text : "", ",", -1);
  StRole result = ST_ROLE_NONE;

  for (guint i = 0; words[i] != NULL; i++)
    {
      const char *word = g_strstrip (words[i]);
      gboolean known = FALSE;

      for (guint r = 0; r < G_N_ELEMENTS (role_names); r++)
        if (g_str_equal (word, role_names[r].name))
          {
            result |= role_names[r].role;
            known = TRUE;
          }
      if (!known)
        {
          g_set_error (error, ST_AUTH_ERROR, ST_AUTH_ERROR_UNKNOWN_ROLE,
                       _("role: '%s' is not one of operator, reviewer, qp, admin"), word);
          return FALSE;
        }
    }
  if (result == ST_ROLE_NONE)
    {
      g_set_error (error, ST_AUTH_ERROR, ST_AUTH_ERROR_UNKNOWN_ROLE,
                   _("role: at least one of operator, reviewer, qp, admin is required"));
      return FALSE;
    }
  *roles = result;
  return TRUE;
}

char *
st_role_list_to_string (StRole roles)
{
  GString *text = g_string_new (NULL);

  for (guint r = 0; r < G_N_ELEMENTS (role_names); r++)
    if (roles & role_names[r].role)
      {
        if (text->len > 0)
          g_string_append_c (text, ',');
        g_string_append (text, role_names[r].name);
      }
  return g_string_free (text, FALSE);
}

const char *
st_role_to_string (StRole role)
{
  for (guint r = 0; r < G_N_ELEMENTS (role_names); r++)
    if (role == role_names[r].role)
      return role_names[r].name;
  return "";
}

const char *
st_role_display_name (StRole role)
{
  switch (role)
    {
    case ST_ROLE_OPERATOR:
      return _("Operator");
    case ST_ROLE_REVIEWER:
      return _("Reviewer");
    case ST_ROLE_QP:
      return _("Qualified Person");
    case ST_ROLE_ADMIN:
      return _("Administrator");
    case ST_ROLE_NONE:
    default:
      return "";
    }
}
