/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "st-history-item.h"

G_BEGIN_DECLS

/* One audit-trail entry in the lot's history: when, who, action, field,
 * old value, new value, reason. */

#define ST_TYPE_HISTORY_ROW (st_history_row_get_type ())
G_DECLARE_FINAL_TYPE (StHistoryRow, st_history_row, ST, HISTORY_ROW, GtkListBoxRow)

StHistoryRow *st_history_row_new (StHistoryItem *item);

G_END_DECLS
