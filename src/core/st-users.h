/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "st-session.h"

G_BEGIN_DECLS

#define ST_USERS_ERROR (st_users_error_quark ())
GQuark st_users_error_quark (void);

typedef enum {
  /* A user name, full name or role list is not acceptable. */
  ST_USERS_ERROR_INVALID = 200,
  /* There is no user of that name. */
  ST_USERS_ERROR_NOT_FOUND = 201,
  /* A user of that name exists already. */
  ST_USERS_ERROR_EXISTS = 202,
  /* The change would leave the site without a working administrator. */
  ST_USERS_ERROR_SELF = 300,
} StUsersError;

/* Administrators add users; reviewers and QPs get a signing certificate
 * from the site CA, its key sealed under their password. */
gboolean   st_users_add             (StSession   *session,
                                     const char  *username,
                                     const char  *full_name,
                                     StRole       roles,
                                     const char  *password,
                                     GError     **error);
/* StUserRecord of every user, for administrators. */
GPtrArray *st_users_list            (StSession   *session,
                                     GError     **error);
gboolean   st_users_disable         (StSession   *session,
                                     const char  *username,
                                     GError     **error);
gboolean   st_users_enable          (StSession   *session,
                                     const char  *username,
                                     GError     **error);
gboolean   st_users_unlock          (StSession   *session,
                                     const char  *username,
                                     GError     **error);
/*
 * Changes a password.  @username NULL (or the signed-in user): one's own,
 * allowed even when expired; the signing key is re-sealed under the new
 * password.  Another user's (administrators): a reset that the user must
 * change at the next sign-in; their old keys cannot be opened any more, so
 * they are retired and a new site certificate is issued.
 */
gboolean   st_users_set_password    (StSession   *session,
                                     const char  *username,
                                     const char  *new_password,
                                     GError     **error);
/* Granting reviewer or qp to a user without a signing key issues one, which
 * needs a new password for them (@new_password), like a reset. */
gboolean   st_users_set_roles       (StSession   *session,
                                     const char  *username,
                                     StRole       roles,
                                     const char  *new_password,
                                     GError     **error);

G_END_DECLS
