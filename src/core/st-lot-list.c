/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "st-lot-list.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "st-lots.h"

/* Past every text that starts with the prefix: U+10FFFF, the last code point. */
#define PREFIX_END "\xf4\x8f\xbf\xbf"

/* A search matching more than SEARCH_NARROW (lot numbers, products and
 * donor links counted together, up to SEARCH_BREADTH) and half of all lots
 * or more is broad: tested row by row, counted up to BROAD_LIMIT.  Read in
 * the sort order, a broad search finds a window's rows at once; a sparser
 * one (a year's lot numbers, one donor's lots) could have its matches at
 * the far end of the order, so it is collected from the indexes and sorted,
 * which costs little below SEARCH_BREADTH matches. */
#define SEARCH_NARROW 5000
#define SEARCH_BREADTH 40000
#define BROAD_LIMIT 10000
/* A set of lots this small is found through the status index and sorted;
 * a larger one is read in the sort index's order. */
#define SMALL_SET 2000

struct _StLotList {
  StSession *session;
  StLotListFilter filter;
  char *search_low;
  char *search_high;
  char *status;
  gboolean split;
  gboolean capped;
  gint64 limit;             /* 0, or BROAD_LIMIT for a broad search */
  guint n_rows;
  guint n_needs_me;
};

void
st_lot_list_statuses_for (StRole      roles,
                          const char *out[ST_LOT_LIST_MAX_MINE + 1])
{
  guint n = 0;

  if (roles & ST_ROLE_OPERATOR)
    out[n++] = "open";
  if (roles & ST_ROLE_REVIEWER)
    out[n++] = "in_review";
  if (roles & ST_ROLE_QP)
    {
      out[n++] = "reviewed";
      out[n++] = "released_initial";
    }
  while (n <= ST_LOT_LIST_MAX_MINE)
    out[n++] = NULL;
}

void
st_lot_list_free (StLotList *list)
{
  if (list == NULL)
    return;
  g_clear_object (&list->session);
  g_free (list->search_low);
  g_free (list->search_high);
  g_free (list->status);
  g_free (list);
}

StLotList *
st_lot_list_copy (const StLotList *list)
{
  StLotList *copy = g_new0 (StLotList, 1);

  *copy = *list;
  copy->session = NULL;
  copy->search_low = g_strdup (list->search_low);
  copy->search_high = g_strdup (list->search_high);
  copy->status = g_strdup (list->status);
  copy->filter.search_low = copy->search_low;
  copy->filter.search_high = copy->search_high;
  copy->filter.status = copy->status;
  return copy;
}

/* Scanned ISBT 128 codes start with the data identifier '='. */
static char *
normalise_search (const char *search)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (search != NULL ? search : ""));
  const char *start = trimmed;

  if (*start == '=')
    start++;
  if (*start == '\0' || !g_utf8_validate (start, -1, NULL))
    return NULL;
  return g_ascii_strdown (start, -1);
}

static gboolean
count_segment (StLotList     *list,
               StLotSegment   segment,
               guint         *count,
               GError       **error)
{
  gint64 n = 0;

  list->filter.segment = segment;
  list->filter.scan_status = FALSE;
  if (!st_store_lot_list_count (st_session_get_db (list->session), &list->filter, list->limit, &n, error))
    return FALSE;
  *count = (guint) MIN (n, (gint64) G_MAXUINT);
  return TRUE;
}

static gboolean
measure_search (StLotList  *list,
                GError    **error)
{
  StDb *db = st_session_get_db (list->session);
  gint64 breadth = 0;
  gint64 max_id = 0;

  if (!st_store_lot_list_search_breadth (db, list->search_low, list->search_high, SEARCH_BREADTH + 1,
                                         &breadth, error)
      || !st_store_lot_list_max_id (db, &max_id, error))
    return FALSE;
  list->filter.scan_search = breadth > SEARCH_NARROW && (breadth > SEARCH_BREADTH || breadth * 2 >= max_id);
  list->limit = list->filter.scan_search ? BROAD_LIMIT : 0;
  return TRUE;
}

StLotList *
st_lot_list_new (StSession         *session,
                 const StLotQuery  *query,
                 GError           **error)
{
  g_autoptr(StLotList) list = g_new0 (StLotList, 1);
  const char *mine[ST_LOT_LIST_MAX_MINE + 1];
  gboolean ok;

  g_return_val_if_fail (ST_IS_SESSION (session), NULL);

  if (query->status != NULL && !st_lots_status_is_known (query->status))
    {
      g_set_error (error, ST_LOTS_ERROR, ST_LOTS_ERROR_INVALID,
                   _("status: '%s' is not one of open, in_review, reviewed, released, released_initial, "
                     "released_exceptional, rejected"), query->status);
      return NULL;
    }

  list->session = g_object_ref (session);
  list->search_low = normalise_search (query->search);
  if (list->search_low != NULL)
    list->search_high = g_strconcat (list->search_low, PREFIX_END, NULL);
  list->status = g_strdup (query->status);
  st_lot_list_statuses_for (st_session_get_roles (session), mine);
  memcpy (list->filter.mine, mine, sizeof list->filter.mine);
  list->filter.search_low = list->search_low;
  list->filter.search_high = list->search_high;
  list->filter.status = list->status;
  list->filter.sort = query->sort;
  list->filter.descending = query->descending;
  list->split = query->needs_me_first && mine[0] != NULL;

  if (!st_session_begin_read (session, error))
    return NULL;
  ok = (list->search_low == NULL || measure_search (list, error))
    && count_segment (list, ST_LOT_SEGMENT_ALL, &list->n_rows, error)
    && (!list->split || count_segment (list, ST_LOT_SEGMENT_MINE, &list->n_needs_me, error));
  st_session_end_read (session);
  if (!ok)
    return NULL;
  list->capped = list->limit > 0 && list->n_rows >= list->limit;
  return g_steal_pointer (&list);
}

void
st_lot_list_set_session (StLotList *list,
                         StSession *session)
{
  g_return_if_fail (session == NULL || ST_IS_SESSION (session));

  g_set_object (&list->session, session);
}

guint
st_lot_list_get_n_rows (const StLotList *list)
{
  return list->n_rows;
}

guint
st_lot_list_get_n_needs_me (const StLotList *list)
{
  return list->n_needs_me;
}

gboolean
st_lot_list_is_capped (const StLotList *list)
{
  return list->capped;
}

static gboolean
fetch_segment (StLotList     *list,
               StLotSegment   segment,
               guint          offset,
               guint          limit,
               GPtrArray     *rows,
               GError       **error)
{
  g_autoptr(GPtrArray) part = NULL;

  if (limit == 0)
    return TRUE;
  list->filter.segment = segment;
  switch (segment)
    {
    case ST_LOT_SEGMENT_MINE:
      list->filter.scan_status = list->n_needs_me > SMALL_SET;
      break;
    case ST_LOT_SEGMENT_OTHERS:
      list->filter.scan_status = list->n_rows - list->n_needs_me > SMALL_SET;
      break;
    case ST_LOT_SEGMENT_ALL:
    default:
      list->filter.scan_status = list->filter.status != NULL && list->n_rows > SMALL_SET;
      break;
    }
  part = st_store_lot_list_fetch (st_session_get_db (list->session), &list->filter, offset, limit, error);
  if (part == NULL)
    return FALSE;
  for (guint i = 0; i < part->len; i++)
    g_ptr_array_add (rows, g_steal_pointer (&g_ptr_array_index (part, i)));
  g_ptr_array_set_free_func (part, NULL);
  return TRUE;
}

GPtrArray *
st_lot_list_fetch (StLotList  *list,
                   guint       offset,
                   guint       limit,
                   GError    **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) st_lot_row_free);
  gboolean ok;

  g_return_val_if_fail (list->session != NULL, NULL);

  if (offset >= list->n_rows)
    return g_steal_pointer (&rows);
  limit = MIN (limit, list->n_rows - offset);
  if (!st_session_begin_read (list->session, error))
    return NULL;
  if (!list->split)
    ok = fetch_segment (list, ST_LOT_SEGMENT_ALL, offset, limit, rows, error);
  else if (offset >= list->n_needs_me)
    ok = fetch_segment (list, ST_LOT_SEGMENT_OTHERS, offset - list->n_needs_me, limit, rows, error);
  else
    {
      guint first = MIN (limit, list->n_needs_me - offset);
      ok = fetch_segment (list, ST_LOT_SEGMENT_MINE, offset, first, rows, error)
        && fetch_segment (list, ST_LOT_SEGMENT_OTHERS, 0, limit - first, rows, error);
    }
  st_session_end_read (list->session);
  if (!ok)
    return NULL;
  return g_steal_pointer (&rows);
}

StLotRow *
st_lot_list_lookup (StSession   *session,
                    const char  *lot_number,
                    GError     **error)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (lot_number != NULL ? lot_number : ""));
  const char *mine[ST_LOT_LIST_MAX_MINE + 1];
  g_autoptr(GError) local = NULL;
  StLotRow *row;

  if (*trimmed == '\0')
    return NULL;
  st_lot_list_statuses_for (st_session_get_roles (session), mine);
  if (!st_session_begin_read (session, error))
    return NULL;
  row = st_store_lot_list_find (st_session_get_db (session), trimmed, mine, &local);
  st_session_end_read (session);
  if (local != NULL)
    g_propagate_error (error, g_steal_pointer (&local));
  return row;
}
