/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "st-window.h"

#include "st-audit-page.h"
#include "st-deviations-page.h"
#include "st-donors-page.h"
#include "st-idle-monitor.h"
#include "st-lock-page.h"
#include "st-specs-page.h"
#include "st-trends-page.h"
#include "st-users-page.h"

G_BEGIN_DECLS

/* The window is split in two files: st-window.c (pages, navigation, the
 * idle lock) and st-window-workflow.c (signing dialogs, certificates,
 * export and preferences). */

struct _StWindow {
  AdwApplicationWindow parent_instance;

  AdwToastOverlay *toast_overlay;
  GtkStack *main_stack;
  AdwStatusPage *loading_page;
  GtkProgressBar *progress_bar;
  StSetupPage *setup_page;
  StSignInPage *sign_in_page;
  GtkListBox *sidebar_list;
  GtkWidget *users_row;
  GtkLabel *user_label;
  GtkLabel *roles_label;
  GtkStack *section_stack;
  AdwLeaflet *leaflet;
  StLotsView *lots_view;
  StLotPage *lot_page;
  StDonorsPage *donors_page;
  StSpecsPage *specs_page;
  StDeviationsPage *deviations_page;
  StAuditPage *audit_page;
  StTrendsPage *trends_page;
  StUsersPage *users_page;
  StLockPage *lock_page;
  AdwStatusPage *error_page;

  StSession *session;
  gulong committed_id;
  gboolean demo;
  StIdleMonitor *idle_monitor;
  GPtrArray *hidden_dialogs;   /* GtkWindow: hidden while locked */
  char *last_certificate;      /* the PDF written at the last release */
};

/* st-window.c */
GSettings *st_window_get_settings          (StWindow   *self);
void       st_window_reload_after_change   (StWindow   *self);

/* st-window-workflow.c */
void       st_window_workflow_init         (StWindow   *self);
void       st_window_on_workflow           (StWindow   *self,
                                            const char *kind);

G_END_DECLS
