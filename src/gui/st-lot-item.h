/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "st-lot-list.h"

G_BEGIN_DECLS

/* One row of the lot list, as the cells show it. */

#define ST_TYPE_LOT_ITEM (st_lot_item_get_type ())
G_DECLARE_FINAL_TYPE (StLotItem, st_lot_item, ST, LOT_ITEM, GObject)

/* @row NULL: an empty placeholder (the records changed under the list). */
StLotItem  *st_lot_item_new            (const StLotRow *row);
/* Shows another row in the same item (a list's rows stay, their contents
 * change); @row NULL empties it. */
void        st_lot_item_set_row        (StLotItem      *self,
                                        const StLotRow *row);
const char *st_lot_item_get_lot_number (StLotItem      *self);
const char *st_lot_item_get_status     (StLotItem      *self);
gboolean    st_lot_item_get_needs_me   (StLotItem      *self);

G_END_DECLS
