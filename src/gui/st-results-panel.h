/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "st-lots.h"
#include "st-result-row.h"

G_BEGIN_DECLS

/*
 * The results of a lot against its specification, one row per item, and
 * saving them: every changed entry in one transaction; values outside their
 * bounds stay on the screen, unsaved, with their message; a change of a
 * saved value asks for the reason first.  Emits "saved" after a commit,
 * and "entries-done" when Enter leaves the last entry (the page's save
 * button takes the focus then).
 */

#define ST_TYPE_RESULTS_PANEL (st_results_panel_get_type ())
G_DECLARE_FINAL_TYPE (StResultsPanel, st_results_panel, ST, RESULTS_PANEL, AdwBin)

/* Shows @lot judged against @spec.  @editable: the user may enter data into
 * the lot in its state.  @keep_unsaved: entries that were not saved (not
 * valid, or changed) keep what was typed. */
void         st_results_panel_set_lot     (StResultsPanel *self,
                                           StSession      *session,
                                           const StLot    *lot,
                                           const StSpec   *spec,
                                           gboolean        editable,
                                           gboolean        keep_unsaved);
/* Saves the changed entries (asking for a reason when saved values change). */
void         st_results_panel_save        (StResultsPanel *self);
gboolean     st_results_panel_has_changes (StResultsPanel *self);
StResultRow *st_results_panel_get_row     (StResultsPanel *self,
                                           const char     *param);
/* The focus to the first entry that is not valid, else the first still
 * empty; FALSE when there is none. */
gboolean     st_results_panel_focus_entry (StResultsPanel *self);
/* What the last save did, or what waits to be saved ("" when nothing). */
const char  *st_results_panel_get_summary (StResultsPanel *self);
gboolean     st_results_panel_summary_is_error (StResultsPanel *self);
/* Entries changed and not saved yet, and entries that are not valid. */
void         st_results_panel_get_counts  (StResultsPanel *self,
                                           guint          *n_changed,
                                           guint          *n_invalid);

G_END_DECLS
