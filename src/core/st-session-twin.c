/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "st-session-twin.h"

#include <glib/gi18n-lib.h>
#include <openssl/crypto.h>
#include <string.h>

#include "st-session-private.h"

struct _StSessionTwin {
  char *location;
  char *username;
  guint8 kek[ST_KEY_LENGTH];
};

StSessionTwin *
st_session_twin_new (StSession  *session,
                     GError    **error)
{
  const StUserRecord *user;
  const guint8 *kek;
  StSessionTwin *twin;

  g_return_val_if_fail (ST_IS_SESSION (session), NULL);

  user = st_session_get_user (session);
  if (user == NULL)
    {
      g_set_error (error, ST_AUTH_ERROR, ST_AUTH_ERROR_NOT_SIGNED_IN, _("session: sign in first"));
      return NULL;
    }
  kek = st_session_get_kek (session);
  if (st_session_is_locked (session) || kek == NULL)
    {
      g_set_error (error, ST_AUTH_ERROR, ST_AUTH_ERROR_NOT_SIGNED_IN,
                   _("session: the session is locked; enter the password to continue"));
      return NULL;
    }
  twin = g_new0 (StSessionTwin, 1);
  twin->location = g_strdup (st_session_get_location (session));
  twin->username = g_strdup (user->username);
  memcpy (twin->kek, kek, sizeof twin->kek);
  return twin;
}

StSession *
st_session_twin_open (StSessionTwin  *twin,
                      GError        **error)
{
  g_autoptr(StSession) session = NULL;
  const StUserRecord *user;

  g_return_val_if_fail (twin != NULL, NULL);

  session = st_session_open (twin->location, error);
  if (session == NULL || !st_session_adopt (session, twin->username, twin->kek, error))
    return NULL;
  user = st_session_get_user (session);
  if (user->disabled)
    {
      g_set_error (error, ST_AUTH_ERROR, ST_AUTH_ERROR_DISABLED, _("user: %s is disabled"), user->username);
      return NULL;
    }
  if (user->locked)
    {
      g_set_error (error, ST_AUTH_ERROR, ST_AUTH_ERROR_LOCKED,
                   _("user: %s is locked after %d failed sign-ins; an administrator can unlock it"),
                   user->username, ST_AUTH_MAX_FAILED_SIGN_INS);
      return NULL;
    }
  return g_steal_pointer (&session);
}

void
st_session_twin_free (StSessionTwin *twin)
{
  if (twin == NULL)
    return;
  OPENSSL_cleanse (twin->kek, sizeof twin->kek);
  g_free (twin->location);
  g_free (twin->username);
  g_free (twin);
}
