/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "st-db.h"

G_BEGIN_DECLS

/*
 * The current result of one parameter across lots, with the lot's date of
 * manufacture (the last passage's harvest, else the day it was created):
 * one pass over the lots, each lot's result and passages read through
 * their indexes (results_by_lot on lot and parameter, passages on lot and
 * number), so no index on the parameter alone is needed.
 */

typedef struct {
  char *lot_number;
  char *made_on;            /* YYYY-MM-DD */
  char *value;              /* the current value as entered */
  gint64 spec_id;
  char *status;
} StTrendRow;

void st_trend_row_free (StTrendRow *row);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (StTrendRow, st_trend_row_free)

/* StTrendRow of the lots made between @since and @until (inclusive,
 * YYYY-MM-DD), by date then lot number. */
GPtrArray *st_store_trends_rows (StDb        *db,
                                 const char  *param,
                                 const char  *since,
                                 const char  *until,
                                 GError     **error);

G_END_DECLS
