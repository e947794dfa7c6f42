/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "st-results-panel.h"
#include "st-session.h"

G_BEGIN_DECLS

/*
 * One lot: its header (number, status, verdict and the workflow actions of
 * the user's role in the lot's state), results against the specification,
 * passages, donors, deviations, signatures and history.
 *
 * The workflow buttons (Submit for review, Review, Release, Reject) only
 * emit "workflow" with "submit", "review", "release" or "reject": the
 * dialogs that sign connect there.
 */

#define ST_TYPE_LOT_PAGE (st_lot_page_get_type ())
G_DECLARE_FINAL_TYPE (StLotPage, st_lot_page, ST, LOT_PAGE, AdwBin)

void            st_lot_page_set_session       (StLotPage   *self,
                                               StSession   *session);
gboolean        st_lot_page_load              (StLotPage   *self,
                                               const char  *lot_number,
                                               GError     **error);
/* Reads the lot again, keeping what was typed and not saved. */
gboolean        st_lot_page_refresh           (StLotPage   *self,
                                               GError     **error);
const char     *st_lot_page_get_lot_number    (StLotPage   *self);
StResultsPanel *st_lot_page_get_results_panel (StLotPage   *self);
void            st_lot_page_save_results      (StLotPage   *self);
/* The focus to the first result entry that waits for a value. */
void            st_lot_page_focus_entry       (StLotPage   *self);

G_END_DECLS
