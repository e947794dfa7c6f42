/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "st-session.h"
#include "st-store-lot-list.h"

G_BEGIN_DECLS

/*
 * A list of lots for a screen: one query (search, status, sort) counted once
 * and then read a window at a time by position.  With "needs me first" the
 * lots waiting for the signed-in user's role (operator: open; reviewer:
 * in_review; QP: reviewed and released_initial) come first, each part in the
 * query's order.
 */

typedef struct {
  const char *search;          /* prefix of lot number, product or donor; NULL or "" for all */
  const char *status;          /* NULL: every status */
  StLotSort sort;
  gboolean descending;
  gboolean needs_me_first;
} StLotQuery;

typedef struct _StLotList StLotList;

/* Counts the lots of @query (one snapshot); the list keeps @session. */
StLotList  *st_lot_list_new            (StSession         *session,
                                        const StLotQuery  *query,
                                        GError           **error);
/* Reads the next windows through @session, another session of the same
 * site and user: a list counted in a worker thread (on a twin session) is
 * handed to the thread that shows it.  NULL lets the session go; the list
 * keeps its counts but cannot be read until it has a session again. */
void        st_lot_list_set_session    (StLotList         *list,
                                        StSession         *session);
void        st_lot_list_free           (StLotList         *list);
/* The same query and counts, without a session (set one to read it): a
 * worker thread reads windows of a list that another thread shows. */
StLotList  *st_lot_list_copy           (const StLotList   *list);
guint       st_lot_list_get_n_rows     (const StLotList   *list);
/* How many of them wait for the user (0 without needs_me_first). */
guint       st_lot_list_get_n_needs_me (const StLotList   *list);
/* A broad search (a prefix that half the lots or more share) is counted
 * only up to 10,000 rows: TRUE when it stopped there (more lots match). */
gboolean    st_lot_list_is_capped      (const StLotList   *list);
/* StLotRow of positions @offset .. @offset + @limit - 1; fewer when the
 * records changed since the count. */
GPtrArray  *st_lot_list_fetch          (StLotList         *list,
                                        guint              offset,
                                        guint              limit,
                                        GError           **error);

/* The lot numbered @lot_number (exactly, else ignoring case), for a scanned
 * or typed number; NULL without an error when there is none. */
StLotRow   *st_lot_list_lookup         (StSession         *session,
                                        const char        *lot_number,
                                        GError           **error);

/* The statuses of lots that wait for someone with @roles, NULL-terminated
 * into @out (at most ST_LOT_LIST_MAX_MINE). */
void        st_lot_list_statuses_for   (StRole             roles,
                                        const char        *out[ST_LOT_LIST_MAX_MINE + 1]);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (StLotList, st_lot_list_free)

G_END_DECLS
