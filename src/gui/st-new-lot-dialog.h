/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "st-session.h"

G_BEGIN_DECLS

/* Creating a lot: number, product, donors and specification version.
 * Emits "created" with the lot number and closes. */

#define ST_TYPE_NEW_LOT_DIALOG (st_new_lot_dialog_get_type ())
G_DECLARE_FINAL_TYPE (StNewLotDialog, st_new_lot_dialog, ST, NEW_LOT_DIALOG, AdwWindow)

StNewLotDialog *st_new_lot_dialog_new (GtkWindow *parent,
                                       StSession *session);

G_END_DECLS
