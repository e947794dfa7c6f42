/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "st-audit-page.h"
#include "st-deviations-page.h"
#include "st-donors-page.h"
#include "st-idle-monitor.h"
#include "st-lock-page.h"
#include "st-lot-page.h"
#include "st-lots-view.h"
#include "st-session.h"
#include "st-setup-page.h"
#include "st-sign-in-page.h"
#include "st-specs-page.h"
#include "st-trends-page.h"
#include "st-users-page.h"

G_BEGIN_DECLS

/*
 * The one window: a progress page (demo site), the new-site page, sign-in,
 * and once signed in the work area: a sidebar of places (lots, donors,
 * specifications, deviations, audit trail, trends, users for
 * administrators) beside the place shown.  After the idle time of the
 * preferences the window hides the data behind the lock page and asks for
 * the password again; what was typed and not saved stays.
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
/* "loading", "setup", "sign-in", "locked", "error", or the place shown:
 * "lots", "lot", "donors", "specs", "deviations", "audit", "trends", "users". */
const char   *st_window_get_page_name      (StWindow       *self);
/* Shows a place of the sidebar by name; FALSE when the user may not see it. */
gboolean      st_window_show_section       (StWindow       *self,
                                            const char     *name);
/* Locks now, as the idle time does. */
void          st_window_lock               (StWindow       *self);
/* The PDF written at the last release in this window, or NULL. */
const char   *st_window_get_last_certificate (StWindow     *self);
StDonorsPage     *st_window_get_donors_page     (StWindow  *self);
StSpecsPage      *st_window_get_specs_page      (StWindow  *self);
StDeviationsPage *st_window_get_deviations_page (StWindow  *self);
StAuditPage      *st_window_get_audit_page      (StWindow  *self);
StTrendsPage     *st_window_get_trends_page     (StWindow  *self);
StUsersPage      *st_window_get_users_page      (StWindow  *self);
StLockPage       *st_window_get_lock_page       (StWindow  *self);
StIdleMonitor    *st_window_get_idle_monitor    (StWindow  *self);
StSession    *st_window_get_session        (StWindow       *self);
StSignInPage *st_window_get_sign_in_page   (StWindow       *self);
StLotsView   *st_window_get_lots_view      (StWindow       *self);
StLotPage    *st_window_get_lot_page       (StWindow       *self);

G_END_DECLS
