/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "st-session.h"

G_BEGIN_DECLS

/*
 * Signing in: user name, password, the site's name.  The password check
 * (a deliberately slow key derivation) runs in a worker thread; the session
 * is not touched by anyone else meanwhile.  Emits "signed-in" on success.
 */

#define ST_TYPE_SIGN_IN_PAGE (st_sign_in_page_get_type ())
G_DECLARE_FINAL_TYPE (StSignInPage, st_sign_in_page, ST, SIGN_IN_PAGE, AdwBin)

void     st_sign_in_page_set_session (StSignInPage *self,
                                      StSession    *session,
                                      gboolean      demo);
/* Clears the fields and puts the focus in the user name. */
void     st_sign_in_page_reset       (StSignInPage *self);
/* Fills the fields and signs in, as the button does. */
void     st_sign_in_page_sign_in     (StSignInPage *self,
                                      const char   *username,
                                      const char   *password);
gboolean st_sign_in_page_is_busy     (StSignInPage *self);
/* The message of the last failed attempt ("" when none). */
const char *st_sign_in_page_get_error (StSignInPage *self);

G_END_DECLS
