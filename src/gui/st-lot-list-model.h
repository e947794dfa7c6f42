/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "st-lot-list.h"

G_BEGIN_DECLS

/*
 * The lots as a lazy GListModel: the count comes from SQL, and an item is
 * made only when a row asks for it, from a window of rows read at once and
 * kept in a small cache.  Sorting and filtering run in SQL, in a worker
 * thread: a new query is answered asynchronously ("loaded").
 */

#define ST_TYPE_LOT_LIST_MODEL (st_lot_list_model_get_type ())
G_DECLARE_FINAL_TYPE (StLotListModel, st_lot_list_model, ST, LOT_LIST_MODEL, GObject)

StLotListModel *st_lot_list_model_new            (void);
/* NULL empties the model (signed out). */
void            st_lot_list_model_set_session    (StLotListModel  *self,
                                                  StSession       *session);
/* Sets the query and counts again in the worker thread; "loaded" is
 * emitted when its answer is shown (on failure the model is empty). */
void            st_lot_list_model_set_query      (StLotListModel  *self,
                                                  const StLotQuery *query);
/* Counts again with the same query (after a change of the records). */
void            st_lot_list_model_reload         (StLotListModel  *self);
/* Lets the worker thread and its twin session go (the window locks): the
 * list stays as shown, and the next query starts another worker. */
void            st_lot_list_model_stop_worker    (StLotListModel  *self);
/* A query was asked and its answer is not wholly shown yet. */
gboolean        st_lot_list_model_is_loading     (StLotListModel  *self);
/* A list that grows is shown in two steps, so that a view builds no more
 * rows than fill the window before its first frame: "loaded" comes with
 * the first rows, and this, called when they are drawn, tells the rest. */
void            st_lot_list_model_show_all       (StLotListModel  *self);
/* The lots of the answer shown (the items once wholly shown). */
guint           st_lot_list_model_get_n_lots     (StLotListModel  *self);
guint           st_lot_list_model_get_n_needs_me (StLotListModel  *self);
/* A broad search was counted only up to its limit: more lots match. */
gboolean        st_lot_list_model_is_capped      (StLotListModel  *self);

G_END_DECLS
