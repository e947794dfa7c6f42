/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "st-evaluate.h"

G_BEGIN_DECLS

/*
 * One item of the specification on the lot page: test, method, limit, the
 * entry (typed in the user's locale), unit and the verdict.  What is typed
 * is checked at once against the item's physical bounds (the message names
 * the field and the bound) and judged against the limit.
 */

#define ST_TYPE_RESULT_ROW (st_result_row_get_type ())
G_DECLARE_FINAL_TYPE (StResultRow, st_result_row, ST, RESULT_ROW, GtkListBoxRow)

typedef enum {
  ST_RESULT_UNCHANGED,      /* as saved (or still empty) */
  ST_RESULT_CHANGED,        /* a valid new value or correction, not saved yet */
  ST_RESULT_INVALID,        /* breaks a physical rule: cannot be saved */
} StResultState;

/* @item belongs to the session's specification cache; @check gives the
 * saved value and verdict (and the derived values). */
StResultRow   *st_result_row_new        (const StSpecItem  *item,
                                         const StCheckItem *check,
                                         gboolean           editable);
const char    *st_result_row_get_param  (StResultRow *self);
const char    *st_result_row_get_test   (StResultRow *self);
StResultState  st_result_row_get_state  (StResultRow *self);
/* The canonical value to save (CHANGED), else NULL. */
const char    *st_result_row_get_value  (StResultRow *self);
/* The saved value (canonical), or NULL. */
const char    *st_result_row_get_saved  (StResultRow *self);
/* Why the entry cannot be saved (INVALID), else NULL. */
const char    *st_result_row_get_error  (StResultRow *self);
/* The widget that takes input (entry or drop-down); NULL when derived or
 * read-only. */
GtkWidget     *st_result_row_get_input  (StResultRow *self);
/* What is typed, as typed; and putting it back after a reload. */
char          *st_result_row_get_text   (StResultRow *self);
void           st_result_row_set_text   (StResultRow *self,
                                         const char  *text);

G_END_DECLS
