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
/* Signs in through the page and waits for the worker thread. */
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

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GuiFixture, gui_fixture_free)

G_END_DECLS
