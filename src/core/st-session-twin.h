/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "st-session.h"

G_BEGIN_DECLS

/*
 * A second session for a worker thread.  A session is not thread-safe, so a
 * face that runs slow work (signing with the strong KDF, an export, the
 * audit verification) in a worker thread gives that thread a session of its
 * own: the same database location, signed in as the same user.
 *
 * The twin is signed in from the first session's key-encryption key, which
 * exists in memory only after that user's password was checked (sign-in or
 * unlock), so the password is not asked again just to open it, and a
 * locked session cannot make one.  Signing in the twin still asks for the
 * password, as every signature does.  The twin's sign-in is not a new
 * sign-in event: nothing is written to the trail for it.
 *
 *   ticket = st_session_twin_new (session, &error);     main thread
 *   twin = st_session_twin_open (ticket, &error);        worker thread
 *   ... work with twin ...; g_object_unref (twin);
 *   st_session_twin_free (ticket);                       clears the key
 */

typedef struct _StSessionTwin StSessionTwin;

/* In the thread that owns @session: copies its location, user and key.
 * Refused (ST_AUTH_ERROR) when nobody is signed in or the session is locked. */
StSessionTwin *st_session_twin_new  (StSession      *session,
                                     GError        **error);
/* In any thread: opens the database again and signs the same user in.
 * Refused when the account was disabled or locked meanwhile. */
StSession     *st_session_twin_open (StSessionTwin  *twin,
                                     GError        **error);
void           st_session_twin_free (StSessionTwin  *twin);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (StSessionTwin, st_session_twin_free)

G_END_DECLS
