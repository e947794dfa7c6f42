/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "st-users.h"

G_BEGIN_DECLS

/* For the core only (demo generation): st_users_add() that also hands back
 * the keys derived from the new password, so the caller can act as that
 * user without deriving them a second time. */
gboolean st_users_add_with_keys (StSession       *session,
                                 const char      *username,
                                 const char      *full_name,
                                 StRole           roles,
                                 const char      *password,
                                 StPasswordKeys  *keys_out,
                                 GError         **error);

G_END_DECLS
