/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "st-lot-list.h"

G_BEGIN_DECLS

/*
 * A column's sorter that only names its sort key: the lot list sorts in SQL.
 * GTK 4.8 has no public way to ask a column view which column sorts, so
 * st_lot_sorter_probe() asks the view's sorter to compare two probe objects
 * and sees which column sorter answers first, and in which direction.
 */

#define ST_TYPE_LOT_SORTER (st_lot_sorter_get_type ())
G_DECLARE_FINAL_TYPE (StLotSorter, st_lot_sorter, ST, LOT_SORTER, GtkSorter)

/* The primary sort key of @view_sorter (a column view's sorter); FALSE when
 * no column sorts. */
gboolean st_lot_sorter_probe (GtkSorter *view_sorter,
                              StLotSort *sort,
                              gboolean  *descending);

G_END_DECLS
