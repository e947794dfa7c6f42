/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "st-session.h"

G_BEGIN_DECLS

/* Opening a deviation of a lot: its class and what happened.  Emits
 * "opened" with the deviation's number.  Without a lot number (from the
 * deviations page) the dialog asks for the lot too. */

#define ST_TYPE_DEVIATION_DIALOG (st_deviation_dialog_get_type ())
G_DECLARE_FINAL_TYPE (StDeviationDialog, st_deviation_dialog, ST, DEVIATION_DIALOG, AdwWindow)

StDeviationDialog *st_deviation_dialog_new (GtkWindow  *parent,
                                            StSession  *session,
                                            const char *lot_number);

G_END_DECLS
