/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "st-record-item.h"

G_BEGIN_DECLS

/* A StRecordItem as a row of the lot page's lists. */

#define ST_TYPE_RECORD_ROW (st_record_row_get_type ())
G_DECLARE_FINAL_TYPE (StRecordRow, st_record_row, ST, RECORD_ROW, GtkListBoxRow)

StRecordRow *st_record_row_new (StRecordItem *item);

G_END_DECLS
