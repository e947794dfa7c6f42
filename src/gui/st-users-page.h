/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "st-session.h"
#include "st-user-dialog.h"

G_BEGIN_DECLS

/* Users (administrators only): every account with its state and failed
 * sign-ins; adding users, changing roles, disabling and unlocking. */

#define ST_TYPE_USERS_PAGE (st_users_page_get_type ())
G_DECLARE_FINAL_TYPE (StUsersPage, st_users_page, ST, USERS_PAGE, AdwBin)

void          st_users_page_set_session      (StUsersPage *self,
                                              StSession   *session);
void          st_users_page_reload           (StUsersPage *self);
gboolean      st_users_page_select           (StUsersPage *self,
                                              const char  *username);
GListModel   *st_users_page_get_model        (StUsersPage *self);
StUserDialog *st_users_page_add_user         (StUsersPage *self);
/* The buttons of the user shown. */
void          st_users_page_unlock           (StUsersPage *self);
void          st_users_page_toggle_disabled  (StUsersPage *self);
gboolean      st_users_page_is_busy          (StUsersPage *self);
const char   *st_users_page_get_error        (StUsersPage *self);

G_END_DECLS
