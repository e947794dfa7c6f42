/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "st-application.h"
#include "st-session.h"
#include "st-window.h"

G_BEGIN_DECLS

/*
 * A site in a temporary folder for the GUI tests: made with the core
 * (st_site_create, st_users_add, ...), then shown in the real window built
 * from the templates.  Users: admin, operator, reviewer, qp, all with
 * GUI_PASSWORD.
 */

#define GUI_PASSWORD "gui-test-password"

typedef struct {
  char *folder;
  char *location;
  StSession *session;       /* signed in as operator: the core's view for checks */
  StApplication *application;
} GuiFixture;

/* Skips every test when there is no display; else gtk_test_init. */
gboolean    gui_test_init         (int    *argc,
                                   char ***argv);
/* A site with @n_lots lots GUI-0001... (odd ones from a pool of two donors). */
GuiFixture *gui_fixture_new       (guint       n_lots);
void        gui_fixture_free      (GuiFixture *fixture);
/* A window on a fresh session of the site, showing sign-in. */
StWindow   *gui_fixture_window    (GuiFixture *fixture);
/* Signs in through the page and waits for the worker threads (the sign-in,
 * then the lot list's first answer). */
void        gui_sign_in           (StWindow   *window,
                                   const char *username,
                                   const char *password);
/* Runs the main loop until @done returns TRUE or @timeout_ms pass. */
gboolean    gui_wait_until        (gboolean  (*done) (gpointer data),
                                   gpointer    data,
                                   guint       timeout_ms);
/* Runs the main loop for @ms milliseconds. */
void        gui_spin              (guint       ms);
void        gui_close_window      (StWindow   *window);
/* @widget is named by its mnemonic label (what screen readers and AT-SPI
 * drivers read as its name), and the label says @name. */
void        gui_assert_labelled   (GtkWidget  *widget,
                                   const char *name);

/* Another core session on the site, signed in as @username. */
StSession  *gui_fixture_sign_in   (GuiFixture *fixture,
                                   const char *username);
/* The application's settings (memory backend), once a window was made. */
GSettings  *gui_fixture_settings  (GuiFixture *fixture);
/* The visible toplevel of @type, or NULL. */
GtkWindow  *gui_find_window       (GType       type);

/*
 * A stall detector: a 5 ms timeout in the main loop notes the longest gap
 * between two of its runs, i.e. the longest time the main loop did not
 * run, in three ways: by the clock; without the time the main thread
 * waited for a processor; and the main thread's own processor time in the
 * gap (from /proc/thread-self/schedstat).  On a machine whose processors
 * other processes keep busy the clock says more about them than about the
 * app; the processor time is the app's own work, which is what must stay
 * under 100 ms: slow work (a key derivation, an export, the audit
 * verification) on the main thread shows there at once.
 */
typedef struct {
  double clock_ms;
  double unqueued_ms;
  double cpu_ms;
} GuiStall;

void        gui_stall_start       (void);
GuiStall    gui_stall_stop        (void);
/* Reports the three figures under @what and asserts the last < 100 ms. */
void        gui_stall_check       (const char *what,
                                   GuiStall    measured);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GuiFixture, gui_fixture_free)

G_END_DECLS
