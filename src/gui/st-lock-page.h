/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "st-session.h"

G_BEGIN_DECLS

/*
 * The idle lock: the data are hidden and the password is asked again
 * (st_session_unlock, off the main thread: the key derivation is slow;
 * nothing else uses the session meanwhile, the work area being hidden).
 * Emits "unlocked", or "sign-out" when the user would rather sign out.
 */

#define ST_TYPE_LOCK_PAGE (st_lock_page_get_type ())
G_DECLARE_FINAL_TYPE (StLockPage, st_lock_page, ST, LOCK_PAGE, AdwBin)

/* Shows the lock of @session (already locked with st_session_lock);
 * @minutes: the idle time that locked it, 0 when the user locked it. */
void     st_lock_page_show    (StLockPage *self,
                               StSession  *session,
                               double      minutes);
/* Types the password and unlocks, as the user does. */
void     st_lock_page_unlock  (StLockPage *self,
                               const char *password);
gboolean st_lock_page_is_busy (StLockPage *self);
const char *st_lock_page_get_error (StLockPage *self);

G_END_DECLS
