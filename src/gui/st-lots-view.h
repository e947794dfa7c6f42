/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "st-session.h"

G_BEGIN_DECLS

/* The home view: every lot, searched, filtered and sorted in SQL, off the
 * main thread. */

#define ST_TYPE_LOTS_VIEW (st_lots_view_get_type ())
G_DECLARE_FINAL_TYPE (StLotsView, st_lots_view, ST, LOTS_VIEW, AdwBin)

void        st_lots_view_set_session  (StLotsView *self,
                                       StSession  *session);
/* Counts again (after a change) keeping the search. */
void        st_lots_view_reload       (StLotsView *self);
/* The window locks: the list's worker thread closes its session;
 * st_lots_view_reload() after the unlock opens another. */
void        st_lots_view_suspend      (StLotsView *self);
void        st_lots_view_focus_search (StLotsView *self);
/* Opens the new-lot dialog. */
void        st_lots_view_new_lot      (StLotsView *self);
GListModel *st_lots_view_get_model    (StLotsView *self);
/* The list is still waiting for the answer to the search, filter or sort
 * last asked (the query runs in a worker thread). */
gboolean    st_lots_view_is_busy      (StLotsView *self);

G_END_DECLS
