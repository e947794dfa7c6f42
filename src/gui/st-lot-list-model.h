/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "st-lot-list.h"

G_BEGIN_DECLS

/*
 * The lots as a lazy GListModel: the count comes from SQL, and an item is
 * made only when a row asks for it, from a window of rows read at once and
 * kept in a small cache.  Sorting and filtering run in SQL.
 */

#define ST_TYPE_LOT_LIST_MODEL (st_lot_list_model_get_type ())
G_DECLARE_FINAL_TYPE (StLotListModel, st_lot_list_model, ST, LOT_LIST_MODEL, GObject)

StLotListModel *st_lot_list_model_new            (void);
/* NULL empties the model (signed out). */
void            st_lot_list_model_set_session    (StLotListModel  *self,
                                                  StSession       *session);
/* Sets the query and counts again; on failure the model is empty. */
gboolean        st_lot_list_model_set_query      (StLotListModel  *self,
                                                  const StLotQuery *query,
                                                  GError         **error);
/* Counts again with the same query (after a change of the records). */
gboolean        st_lot_list_model_reload         (StLotListModel  *self,
                                                  GError         **error);
guint           st_lot_list_model_get_n_needs_me (StLotListModel  *self);
/* A broad search was counted only up to its limit: more lots match. */
gboolean        st_lot_list_model_is_capped      (StLotListModel  *self);

G_END_DECLS
