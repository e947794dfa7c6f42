/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "st-lot-page.h"
#include "st-lots-view.h"
#include "st-session.h"
#include "st-sign-in-page.h"

G_BEGIN_DECLS

/*
 * The one window: a progress page (demo site), the new-site page, sign-in,
 * and the work area (lots, then a lot) once signed in.
 */

#define ST_TYPE_WINDOW (st_window_get_type ())
G_DECLARE_FINAL_TYPE (StWindow, st_window, ST, WINDOW, AdwApplicationWindow)

StWindow     *st_window_new                (GtkApplication *application);
/* Sign-in on @session (an opened database); @demo shows the demo users. */
void          st_window_show_sign_in       (StWindow       *self,
                                            StSession      *session,
                                            gboolean        demo);
void          st_window_show_setup         (StWindow       *self,
                                            const char     *location);
void          st_window_show_progress      (StWindow       *self,
                                            const char     *title,
                                            double          fraction);
void          st_window_show_error         (StWindow       *self,
                                            const char     *title,
                                            const char     *message);
/* Opens a lot's page; FALSE (and a toast) when it cannot be read. */
gboolean      st_window_open_lot           (StWindow       *self,
                                            const char     *lot_number);
void          st_window_show_lots          (StWindow       *self);
void          st_window_sign_out           (StWindow       *self);
void          st_window_add_toast          (StWindow       *self,
                                            const char     *message);
/* "loading", "setup", "sign-in", "lots", "lot" or "error". */
const char   *st_window_get_page_name      (StWindow       *self);
StSession    *st_window_get_session        (StWindow       *self);
StSignInPage *st_window_get_sign_in_page   (StWindow       *self);
StLotsView   *st_window_get_lots_view      (StWindow       *self);
StLotPage    *st_window_get_lot_page       (StWindow       *self);

G_END_DECLS
