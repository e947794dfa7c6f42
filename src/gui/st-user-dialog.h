/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "st-session.h"

G_BEGIN_DECLS

/* Adds a user (administrators): name, roles and a first password;
 * reviewers and QPs get a signing certificate whose key is sealed under it
 * (a slow key derivation and a key pair: done in a worker thread).  Emits
 * "added" with the user name. */

#define ST_TYPE_USER_DIALOG (st_user_dialog_get_type ())
G_DECLARE_FINAL_TYPE (StUserDialog, st_user_dialog, ST, USER_DIALOG, AdwWindow)

StUserDialog *st_user_dialog_new     (GtkWindow    *parent,
                                      StSession    *session);
/* As the user does: fills the form and presses Add. */
void          st_user_dialog_add     (StUserDialog *self,
                                      const char   *username,
                                      const char   *full_name,
                                      StRole        roles,
                                      const char   *password);
gboolean      st_user_dialog_is_busy (StUserDialog *self);

G_END_DECLS
