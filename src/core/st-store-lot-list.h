/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "st-db.h"

G_BEGIN_DECLS

/*
 * The lot list as the desktop shows it: counted and read a window at a time,
 * filtered and sorted in SQL on indexed columns, so that a site with 100,000
 * lots scrolls without loading them.
 */

typedef enum {
  ST_LOT_SORT_CREATED,
  ST_LOT_SORT_NUMBER,
  ST_LOT_SORT_PRODUCT,
  ST_LOT_SORT_STATUS,
  ST_LOT_SORT_VERDICT,
  ST_LOT_SORT_SPEC,
  ST_LOT_SORT_RELEASED,
} StLotSort;

/* Which lots of the filter: all, only those waiting for the user, or the rest. */
typedef enum {
  ST_LOT_SEGMENT_ALL,
  ST_LOT_SEGMENT_MINE,
  ST_LOT_SEGMENT_OTHERS,
} StLotSegment;

#define ST_LOT_LIST_MAX_MINE 4

typedef struct {
  const char *search_low;      /* lower-case prefix and its upper bound; NULL: no search */
  const char *search_high;
  const char *status;          /* NULL: every status */
  const char *mine[ST_LOT_LIST_MAX_MINE];   /* statuses that wait for the user; unused NULL */
  StLotSegment segment;
  StLotSort sort;
  gboolean descending;
  /* How the rows are found.  A small set is looked up through its index
   * and then sorted; a large one is read in the sort index's order with
   * the condition tested on each row (so a window needs no sort). */
  gboolean scan_status;        /* status and segment tested per row */
  gboolean scan_search;        /* the search tested per row */
} StLotListFilter;

typedef struct {
  gint64 id;
  char *lot_number;
  char *product;
  char *status;
  char *verdict;
  char *flag;
  char *spec_code;
  gint64 spec_version;
  char *created_at;
  char *released_at;        /* NULL until released */
  gint64 n_donors;
  char *first_donor;        /* the first donor's code, NULL without donors */
  gboolean needs_me;        /* the lot waits for the user's role */
} StLotRow;

void st_lot_row_free (StLotRow *row);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (StLotRow, st_lot_row_free)

/* The number of rows of @filter, at most @limit (0: no limit). */
gboolean   st_store_lot_list_count (StDb                   *db,
                                    const StLotListFilter  *filter,
                                    gint64                  limit,
                                    gint64                 *count,
                                    GError                **error);
/* How many lot numbers, products and donor links start with the prefix,
 * each counted up to @limit: a cheap measure of how broad a search is. */
gboolean   st_store_lot_list_search_breadth (StDb        *db,
                                             const char  *search_low,
                                             const char  *search_high,
                                             gint64       limit,
                                             gint64      *breadth,
                                             GError     **error);
/* The highest lot id: about how many lots there are, at the cost of one
 * index lookup. */
gboolean   st_store_lot_list_max_id (StDb     *db,
                                     gint64   *max_id,
                                     GError  **error);
/* StLotRow, in the filter's order. */
GPtrArray *st_store_lot_list_fetch (StDb                   *db,
                                    const StLotListFilter  *filter,
                                    gint64                  offset,
                                    gint64                  limit,
                                    GError                **error);
/* The lot whose number is @lot_number (exactly, else ignoring ASCII case),
 * or NULL without an error. */
StLotRow  *st_store_lot_list_find  (StDb                   *db,
                                    const char             *lot_number,
                                    const char * const     *mine,
                                    GError                **error);

G_END_DECLS
