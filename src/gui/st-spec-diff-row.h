/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* One item of two specification versions side by side; a difference is
 * marked with an icon and a word ("Changed", "Added", "Removed"), the
 * highlight only repeats it. */

typedef enum {
  ST_SPEC_DIFF_SAME,
  ST_SPEC_DIFF_CHANGED,
  ST_SPEC_DIFF_ADDED,
  ST_SPEC_DIFF_REMOVED,
} StSpecDiff;

#define ST_TYPE_SPEC_DIFF_ROW (st_spec_diff_row_get_type ())
G_DECLARE_FINAL_TYPE (StSpecDiffRow, st_spec_diff_row, ST, SPEC_DIFF_ROW, GtkListBoxRow)

/* @left_* / @right_*: the item's limit and its details in each version
 * (NULL when the version lacks the item). */
StSpecDiffRow *st_spec_diff_row_new      (StSpecDiff  diff,
                                          const char *test,
                                          const char *param,
                                          const char *left_limit,
                                          const char *left_detail,
                                          const char *right_limit,
                                          const char *right_detail);
StSpecDiff     st_spec_diff_row_get_diff (StSpecDiffRow *self);

G_END_DECLS
