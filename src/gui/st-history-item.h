/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "st-audit.h"

G_BEGIN_DECLS

/* One audit-trail entry of a lot, as the history table shows it. */

#define ST_TYPE_HISTORY_ITEM (st_history_item_get_type ())
G_DECLARE_FINAL_TYPE (StHistoryItem, st_history_item, ST, HISTORY_ITEM, GObject)

StHistoryItem *st_history_item_new (const StAuditEntry *entry);

G_END_DECLS
