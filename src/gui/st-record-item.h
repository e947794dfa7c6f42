/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "st-format.h"

G_BEGIN_DECLS

/* A line in one of the lot page's lists (passages, donors, deviations,
 * signatures): a title, a subtitle, a detail on the right and an optional
 * badge (icon and word). */

#define ST_TYPE_RECORD_ITEM (st_record_item_get_type ())
G_DECLARE_FINAL_TYPE (StRecordItem, st_record_item, ST, RECORD_ITEM, GObject)

StRecordItem *st_record_item_new       (const char    *key,
                                        const char    *title,
                                        const char    *subtitle,
                                        const char    *detail);
void          st_record_item_set_badge (StRecordItem  *self,
                                        StBadge        badge);
/* What the line stands for (a deviation's number, a donor's code). */
const char   *st_record_item_get_key   (StRecordItem  *self);

G_END_DECLS
