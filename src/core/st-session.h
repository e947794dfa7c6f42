/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "st-audit.h"
#include "st-auth.h"
#include "st-db.h"
#include "st-store-users.h"

G_BEGIN_DECLS

/*
 * A session is an open database plus an authenticated user: the one object
 * both faces use to reach the core.  Every change of GMP data runs inside
 * st_session_begin() .. st_session_commit(): one serialised transaction in
 * which the permission is checked, the input validated, the records written
 * and the audit entries appended.  Any failure rolls all of it back.
 */

#define ST_TYPE_SESSION (st_session_get_type ())
G_DECLARE_FINAL_TYPE (StSession, st_session, ST, SESSION, GObject)

typedef enum {
  ST_SESSION_BEGIN_DEFAULT = 0,
  /* For changing one's own expired password: the only thing allowed then. */
  ST_SESSION_BEGIN_ALLOW_EXPIRED = 1 << 0,
} StSessionBeginFlags;

StSession   *st_session_open             (const char   *location,
                                          GError      **error);
/* Takes ownership of @db. */
StSession   *st_session_new_for_db       (StDb         *db);

StDb        *st_session_get_db           (StSession    *self);
const char  *st_session_get_location     (StSession    *self);

gboolean     st_session_sign_in          (StSession    *self,
                                          const char   *username,
                                          const char   *password,
                                          GError      **error);
void         st_session_sign_out         (StSession    *self);
gboolean     st_session_is_signed_in     (StSession    *self);
/* The signed-in user as read at sign-in (NULL when nobody is signed in). */
const StUserRecord *st_session_get_user  (StSession    *self);
StRole       st_session_get_roles        (StSession    *self);
gboolean     st_session_has_role         (StSession    *self,
                                          StRole        roles);
gboolean     st_session_password_expired (StSession    *self);

/* Checks that someone is signed in, not expired, and holds one of @roles
 * (ST_ROLE_NONE: any role).  @what names the action in the message. */
gboolean     st_session_require          (StSession    *self,
                                          StRole        roles,
                                          const char   *what,
                                          GError      **error);

gboolean     st_session_begin            (StSession    *self,
                                          StRole        roles,
                                          const char   *what,
                                          GError      **error);
gboolean     st_session_begin_full       (StSession           *self,
                                          StRole               roles,
                                          const char          *what,
                                          StSessionBeginFlags  flags,
                                          GError             **error);
gboolean     st_session_commit           (StSession    *self,
                                          GError      **error);
void         st_session_rollback         (StSession    *self);
/* The UTC time of the running transaction, the same for all its rows. */
const char  *st_session_now              (StSession    *self);
gboolean     st_session_audit            (StSession           *self,
                                          const StAuditChange *change,
                                          GError             **error);
/* The chain head before the next entry: what a signature anchors. */
gint64       st_session_audit_head_seq   (StSession    *self);
const char  *st_session_audit_head_hash  (StSession    *self);

/* A consistent snapshot for reading GMP records (signed in required). */
gboolean     st_session_begin_read       (StSession    *self,
                                          GError      **error);
void         st_session_end_read         (StSession    *self);

/*
 * Asks for the password again (signing, unlocking an idle session).  Counts
 * a wrong password like a failed sign-in, so it must be called outside a
 * transaction.  On success @keys (optional) receives the key-encryption key
 * that unlocks the user's signing key; clear it with
 * st_password_keys_clear() after use.
 */
gboolean     st_session_confirm_password (StSession      *self,
                                          const char     *password,
                                          StPasswordKeys *keys,
                                          GError        **error);
/* The key-encryption key from sign-in (NULL after an idle lock). */
const guint8 *st_session_get_kek         (StSession    *self);
void          st_session_set_kek         (StSession    *self,
                                          const guint8 *kek);
/* The idle lock: forgets the key until the password is given again. */
void          st_session_lock            (StSession    *self);
gboolean      st_session_unlock          (StSession    *self,
                                          const char   *password,
                                          GError      **error);
gboolean      st_session_is_locked       (StSession    *self);

/* Re-reads the signed-in user (after a change of their own record). */
gboolean      st_session_refresh_user    (StSession    *self,
                                          GError      **error);

G_END_DECLS
