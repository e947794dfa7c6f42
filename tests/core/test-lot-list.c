/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "core-fixture.h"

#include "st-history.h"
#include "st-lot-list.h"
#include "st-lot-spec.h"
#include "st-lots.h"

#include <string.h>

#define N_LOTS 130

/* Lots L-0001 ... L-0130 (every third from donor D-2, the others from D-1);
 * L-0010 ... L-0019 are in review. */
static CoreSite *
site_with_lots (void)
{
  CoreSite *site = core_site_new ();

  core_add_donor (site, "D-1", TRUE);
  core_add_donor (site, "D-2", TRUE);
  for (guint i = 1; i <= N_LOTS; i++)
    {
      g_autofree char *lot = g_strdup_printf ("L-%04u", i);
      core_create_lot (site, lot, i % 3 == 0 ? "D-2" : "D-1");
    }
  core_sql_exec (site, "UPDATE lots SET status = 'in_review' WHERE lot_number BETWEEN 'L-0010' AND 'L-0019'");
  return site;
}

static StLotList *
list_new (StSession        *session,
          const StLotQuery *query)
{
  g_autoptr(GError) error = NULL;
  StLotList *list = st_lot_list_new (session, query, &error);

  g_assert_no_error (error);
  g_assert_nonnull (list);
  return list;
}

static GPtrArray *
fetch (StLotList *list,
       guint      offset,
       guint      limit)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *rows = st_lot_list_fetch (list, offset, limit, &error);

  g_assert_no_error (error);
  g_assert_nonnull (rows);
  return rows;
}

static const char *
lot_of (GPtrArray *rows,
        guint      index)
{
  return ((StLotRow *) g_ptr_array_index (rows, index))->lot_number;
}

static void
test_windows (void)
{
  g_autoptr(CoreSite) site = site_with_lots ();
  StLotQuery query = { .sort = ST_LOT_SORT_CREATED, .descending = TRUE };
  g_autoptr(StLotList) list = list_new (site->admin, &query);
  g_autoptr(GPtrArray) first = NULL;
  g_autoptr(GPtrArray) last = NULL;
  g_autoptr(GPtrArray) none = NULL;
  const StLotRow *row;

  g_assert_cmpuint (st_lot_list_get_n_rows (list), ==, N_LOTS);
  g_assert_cmpuint (st_lot_list_get_n_needs_me (list), ==, 0);
  first = fetch (list, 0, 50);
  g_assert_cmpuint (first->len, ==, 50);
  g_assert_cmpstr (lot_of (first, 0), ==, "L-0130");
  g_assert_cmpstr (lot_of (first, 49), ==, "L-0081");
  row = g_ptr_array_index (first, 0);
  g_assert_cmpstr (row->first_donor, ==, "D-1");
  g_assert_cmpint (row->n_donors, ==, 1);
  g_assert_cmpstr (row->status, ==, "open");
  g_assert_cmpstr (row->spec_code, ==, "MSC-REL");
  g_assert_cmpint (row->spec_version, ==, 1);
  g_assert_false (row->needs_me);
  last = fetch (list, 120, 50);
  g_assert_cmpuint (last->len, ==, 10);
  g_assert_cmpstr (lot_of (last, 9), ==, "L-0001");
  none = fetch (list, N_LOTS, 10);
  g_assert_cmpuint (none->len, ==, 0);
}

static void
test_needs_me_first (void)
{
  g_autoptr(CoreSite) site = site_with_lots ();
  StLotQuery query = { .sort = ST_LOT_SORT_CREATED, .descending = TRUE, .needs_me_first = TRUE };
  g_autoptr(StLotList) reviewer = list_new (site->reviewer, &query);
  g_autoptr(StLotList) operator = list_new (site->operator, &query);
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) across = NULL;
  g_autoptr(GPtrArray) mine = NULL;

  /* The reviewer: the ten lots in review first, newest first. */
  g_assert_cmpuint (st_lot_list_get_n_rows (reviewer), ==, N_LOTS);
  g_assert_cmpuint (st_lot_list_get_n_needs_me (reviewer), ==, 10);
  rows = fetch (reviewer, 0, 12);
  g_assert_cmpuint (rows->len, ==, 12);
  g_assert_cmpstr (lot_of (rows, 0), ==, "L-0019");
  g_assert_cmpstr (lot_of (rows, 9), ==, "L-0010");
  g_assert_true (((StLotRow *) g_ptr_array_index (rows, 9))->needs_me);
  g_assert_cmpstr (lot_of (rows, 10), ==, "L-0130");
  g_assert_false (((StLotRow *) g_ptr_array_index (rows, 10))->needs_me);
  /* A window across the seam. */
  across = fetch (reviewer, 8, 4);
  g_assert_cmpstr (lot_of (across, 0), ==, "L-0011");
  g_assert_cmpstr (lot_of (across, 1), ==, "L-0010");
  g_assert_cmpstr (lot_of (across, 2), ==, "L-0130");
  g_assert_cmpstr (lot_of (across, 3), ==, "L-0129");

  /* The operator: the open lots wait for operators. */
  g_assert_cmpuint (st_lot_list_get_n_needs_me (operator), ==, N_LOTS - 10);
  mine = fetch (operator, N_LOTS - 11, 2);
  g_assert_cmpstr (lot_of (mine, 0), ==, "L-0001");
  g_assert_cmpstr (lot_of (mine, 1), ==, "L-0019");
}

static guint
count (StSession  *session,
       const char *search,
       const char *status)
{
  StLotQuery query = { .search = search, .status = status };
  g_autoptr(StLotList) list = list_new (session, &query);

  return st_lot_list_get_n_rows (list);
}

static void
test_search (void)
{
  g_autoptr(CoreSite) site = site_with_lots ();
  g_autoptr(GError) error = NULL;
  g_autoptr(StLotList) invalid = NULL;
  StLotQuery bad = { .status = "shipped" };

  g_assert_cmpuint (count (site->admin, "L-001", NULL), ==, 10);
  g_assert_cmpuint (count (site->admin, "l-001", NULL), ==, 10);
  g_assert_cmpuint (count (site->admin, "  L-0130 ", NULL), ==, 1);
  g_assert_cmpuint (count (site->admin, "L-01", "in_review"), ==, 0);
  g_assert_cmpuint (count (site->admin, "L-001", "in_review"), ==, 10);
  /* Donor codes, with the '=' a scanned ISBT 128 code starts with. */
  g_assert_cmpuint (count (site->admin, "D-2", NULL), ==, N_LOTS / 3);
  g_assert_cmpuint (count (site->admin, "=d-2", NULL), ==, N_LOTS / 3);
  /* The product, by the start of its name. */
  g_assert_cmpuint (count (site->admin, "mesenchymal", NULL), ==, N_LOTS);
  g_assert_cmpuint (count (site->admin, "stromal", NULL), ==, 0);
  g_assert_cmpuint (count (site->admin, "Z", NULL), ==, 0);
  g_assert_cmpuint (count (site->admin, "", NULL), ==, N_LOTS);
  /* A prefix never matches inside a value ("%" and "_" are plain text). */
  g_assert_cmpuint (count (site->admin, "%", NULL), ==, 0);
  g_assert_cmpuint (count (site->admin, "L_0", NULL), ==, 0);

  invalid = st_lot_list_new (site->admin, &bad, &error);
  g_assert_null (invalid);
  g_assert_error (error, ST_LOTS_ERROR, ST_LOTS_ERROR_INVALID);
}

static void
test_sort (void)
{
  g_autoptr(CoreSite) site = site_with_lots ();
  StLotQuery query = { .sort = ST_LOT_SORT_NUMBER };
  g_autoptr(StLotList) ascending = list_new (site->admin, &query);
  g_autoptr(StLotList) descending = NULL;
  g_autoptr(StLotList) by_status = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) rows_down = NULL;
  g_autoptr(GPtrArray) rows_status = NULL;

  rows = fetch (ascending, 0, 3);
  g_assert_cmpstr (lot_of (rows, 0), ==, "L-0001");
  g_assert_cmpstr (lot_of (rows, 2), ==, "L-0003");
  query.descending = TRUE;
  descending = list_new (site->admin, &query);
  rows_down = fetch (descending, 0, 1);
  g_assert_cmpstr (lot_of (rows_down, 0), ==, "L-0130");
  /* "in_review" sorts before "open"; within a status, by creation. */
  query.sort = ST_LOT_SORT_STATUS;
  query.descending = FALSE;
  by_status = list_new (site->admin, &query);
  rows_status = fetch (by_status, 9, 2);
  g_assert_cmpstr (lot_of (rows_status, 0), ==, "L-0019");
  g_assert_cmpstr (lot_of (rows_status, 1), ==, "L-0001");
}

static void
test_lookup (void)
{
  g_autoptr(CoreSite) site = site_with_lots ();
  g_autoptr(GError) error = NULL;
  g_autoptr(StLotRow) exact = st_lot_list_lookup (site->operator, "L-0042", &error);
  g_autoptr(StLotRow) any_case = NULL;
  g_autoptr(StLotRow) missing = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (exact);
  g_assert_cmpstr (exact->lot_number, ==, "L-0042");
  g_assert_true (exact->needs_me);
  any_case = st_lot_list_lookup (site->operator, "l-0042", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (any_case->lot_number, ==, "L-0042");
  /* A prefix is not a lot number. */
  missing = st_lot_list_lookup (site->operator, "L-004", &error);
  g_assert_no_error (error);
  g_assert_null (missing);
}

static void
test_history_and_specs (void)
{
  g_autoptr(CoreSite) site = core_site_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(GPtrArray) unknown = NULL;
  g_auto(GStrv) specs = NULL;
  const StAuditEntry *last;

  core_add_donor (site, "D-1", TRUE);
  core_create_lot (site, "H-1", "D-1");
  g_assert_true (st_lots_record_result (site->operator, "H-1", "viability", "91.5", NULL, &error));
  g_assert_no_error (error);
  g_assert_true (st_lots_correct_result (site->operator, "H-1", "viability", "92.5", "typo", &error));
  g_assert_no_error (error);

  history = st_history_lot (site->reviewer, "H-1", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (history->len, >=, 6);
  g_assert_cmpstr (((StAuditEntry *) g_ptr_array_index (history, 0))->action, ==, "create");
  last = g_ptr_array_index (history, history->len - 1);
  g_assert_cmpstr (last->action, ==, "correct");
  g_assert_cmpstr (last->field, ==, "viability");
  g_assert_cmpstr (last->old_value, ==, "91.5");
  g_assert_cmpstr (last->new_value, ==, "92.5");
  g_assert_cmpstr (last->reason, ==, "typo");
  g_assert_cmpstr (last->username, ==, "operator");
  unknown = st_history_lot (site->reviewer, "H-2", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (unknown->len, ==, 0);

  specs = st_lot_spec_choices (site->operator, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (specs), ==, 1);
  g_assert_cmpstr (specs[0], ==, "MSC-REL@1");
}

/* 12,000 lots written behind the core's back (the list only reads them):
 * past the limits where the list stops sorting whole sets and counting
 * broad searches to the end.  Every third is in review. */
static void
test_large_site (void)
{
  g_autoptr(CoreSite) site = core_site_new ();
  StLotQuery broad = { .search = "B-", .descending = TRUE, .needs_me_first = TRUE };
  StLotQuery narrow = { .search = "b-0001", .descending = TRUE, .needs_me_first = TRUE };
  StLotQuery open = { .status = "open", .descending = TRUE };
  StLotQuery mine = { .descending = TRUE, .needs_me_first = TRUE };
  g_autoptr(StLotList) broad_list = NULL;
  g_autoptr(StLotList) narrow_list = NULL;
  g_autoptr(StLotList) open_list = NULL;
  g_autoptr(StLotList) mine_list = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) tail = NULL;
  g_autoptr(GPtrArray) open_rows = NULL;
  g_autoptr(GPtrArray) seam = NULL;

  core_add_donor (site, "D-1", TRUE);
  core_sql_exec (site,
    "WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 12000)"
    " INSERT INTO lots (lot_number, product, spec_id, status, verdict, created_by, created_at)"
    " SELECT 'B-' || substr ('0000' || i, length ('0000' || i) - 4), 'Bulk MSC', (SELECT min (id) FROM specs),"
    "  CASE WHEN i % 3 = 0 THEN 'in_review' ELSE 'open' END, 'incomplete',"
    "  (SELECT id FROM users WHERE username = 'operator'), '2026-01-01T00:00:00Z' FROM n");
  core_sql_exec (site,
    "INSERT INTO lot_donors (lot_id, donor_id, position)"
    " SELECT l.id, d.id, 0 FROM lots l, donors d WHERE d.code = 'D-1'");

  /* Broad: counted up to the limit, newest first, still in order far down. */
  broad_list = list_new (site->admin, &broad);
  g_assert_cmpuint (st_lot_list_get_n_rows (broad_list), ==, 10000);
  g_assert_true (st_lot_list_is_capped (broad_list));
  rows = fetch (broad_list, 0, 2);
  g_assert_cmpstr (lot_of (rows, 0), ==, "B-12000");
  g_assert_cmpstr (lot_of (rows, 1), ==, "B-11999");
  tail = fetch (broad_list, 9998, 5);
  g_assert_cmpuint (tail->len, ==, 2);
  g_assert_cmpstr (lot_of (tail, 1), ==, "B-02001");

  /* Narrow: exact. */
  narrow_list = list_new (site->admin, &narrow);
  g_assert_cmpuint (st_lot_list_get_n_rows (narrow_list), ==, 10);
  g_assert_false (st_lot_list_is_capped (narrow_list));

  /* A large status: read in the sort order, every row of that status. */
  open_list = list_new (site->admin, &open);
  g_assert_cmpuint (st_lot_list_get_n_rows (open_list), ==, 8000);
  open_rows = fetch (open_list, 7990, 20);
  g_assert_cmpuint (open_rows->len, ==, 10);
  for (guint i = 0; i < open_rows->len; i++)
    g_assert_cmpstr (((StLotRow *) g_ptr_array_index (open_rows, i))->status, ==, "open");
  g_assert_cmpstr (lot_of (open_rows, 9), ==, "B-00001");

  /* A large "needs me" part: the reviewer's 4,000 lots in review first. */
  mine_list = list_new (site->reviewer, &mine);
  g_assert_cmpuint (st_lot_list_get_n_needs_me (mine_list), ==, 4000);
  seam = fetch (mine_list, 3999, 2);
  g_assert_cmpstr (lot_of (seam, 0), ==, "B-00003");
  g_assert_true (((StLotRow *) g_ptr_array_index (seam, 0))->needs_me);
  g_assert_cmpstr (lot_of (seam, 1), ==, "B-11999");
  g_assert_false (((StLotRow *) g_ptr_array_index (seam, 1))->needs_me);
}

/* 300 lots written behind the core's back, mixing the three things a search
 * matches: lot numbers "B-", "b2-", "A-" and "MX-", products "Bulk MSC",
 * "bone marrow MSC" and "Adipose MSC", and donors D-1, D-2 and B-9 (whose
 * code starts like the "B-" lots), with DB-3 as a second donor of every
 * fourth lot.  Statuses, creation days (with ties) and release dates vary. */
static CoreSite *
site_with_mixed_lots (void)
{
  CoreSite *site = core_site_new ();

  core_add_donor (site, "D-1", TRUE);
  core_add_donor (site, "D-2", TRUE);
  core_add_donor (site, "B-9", TRUE);
  core_add_donor (site, "DB-3", TRUE);
  core_sql_exec (site,
    "WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300)"
    " INSERT INTO lots (lot_number, product, spec_id, status, verdict, created_by, created_at, released_at)"
    " SELECT CASE i % 4 WHEN 0 THEN 'B-' WHEN 1 THEN 'b2-' WHEN 2 THEN 'A-' ELSE 'MX-' END"
    "   || substr ('000' || i, length ('000' || i) - 3),"
    "  CASE i % 3 WHEN 0 THEN 'Bulk MSC' WHEN 1 THEN 'bone marrow MSC' ELSE 'Adipose MSC' END,"
    "  (SELECT min (id) FROM specs),"
    "  CASE i % 5 WHEN 0 THEN 'open' WHEN 1 THEN 'in_review' WHEN 2 THEN 'reviewed'"
    "   WHEN 3 THEN 'released' ELSE 'rejected' END,"
    "  CASE i % 2 WHEN 0 THEN 'conform' ELSE 'incomplete' END,"
    "  (SELECT id FROM users WHERE username = 'operator'),"
    "  '2026-01-0' || (i % 7 + 1) || 'T00:00:00Z',"
    "  CASE WHEN i % 5 = 3 THEN '2026-02-0' || (i % 9 + 1) || 'T00:00:00Z' END FROM n");
  core_sql_exec (site,
    "INSERT INTO lot_donors (lot_id, donor_id, position)"
    " SELECT l.id, d.id, 0 FROM lots l, donors d"
    " WHERE d.code = CASE l.id % 3 WHEN 0 THEN 'D-1' WHEN 1 THEN 'D-2' ELSE 'B-9' END");
  core_sql_exec (site,
    "INSERT INTO lot_donors (lot_id, donor_id, position)"
    " SELECT l.id, d.id, 1 FROM lots l, donors d WHERE d.code = 'DB-3' AND l.id % 4 = 0");
  return site;
}

/* The rows of @filter read through the given search path. */
static GPtrArray *
store_fetch (StSession       *session,
             StLotListFilter *filter,
             gboolean         scan_search,
             gint64           offset,
             gint64           limit)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *rows;

  filter->scan_search = scan_search;
  g_assert_true (st_session_begin_read (session, &error));
  g_assert_no_error (error);
  rows = st_store_lot_list_fetch (st_session_get_db (session), filter, offset, limit, &error);
  st_session_end_read (session);
  g_assert_no_error (error);
  g_assert_nonnull (rows);
  return rows;
}

static gint64
store_count (StSession       *session,
             StLotListFilter *filter,
             gboolean         scan_search)
{
  g_autoptr(GError) error = NULL;
  gint64 n = -1;

  filter->scan_search = scan_search;
  g_assert_true (st_session_begin_read (session, &error));
  g_assert_true (st_store_lot_list_count (st_session_get_db (session), filter, 0, &n, &error));
  st_session_end_read (session);
  g_assert_no_error (error);
  return n;
}

static void
assert_same_rows (GPtrArray *expected,
                  GPtrArray *actual)
{
  g_assert_cmpuint (actual->len, ==, expected->len);
  for (guint i = 0; i < expected->len; i++)
    {
      const StLotRow *a = g_ptr_array_index (expected, i);
      const StLotRow *b = g_ptr_array_index (actual, i);

      g_assert_cmpint (b->id, ==, a->id);
      g_assert_cmpstr (b->lot_number, ==, a->lot_number);
      g_assert_cmpstr (b->first_donor, ==, a->first_donor);
      g_assert_cmpint (b->n_donors, ==, a->n_donors);
      g_assert_cmpint (b->needs_me, ==, a->needs_me);
    }
}

/* Lots matching the lower-case prefix @low, counted with LIKE: an oracle
 * independent of both search paths (the prefixes used contain no LIKE
 * wildcards). */
static gint64
oracle_count (CoreSite   *site,
              const char *low)
{
  g_autofree char *sql = g_strdup_printf (
    "SELECT count(*) FROM lots l WHERE lower (l.lot_number) LIKE '%1$s%%'"
    " OR lower (l.product) LIKE '%1$s%%' OR l.id IN (SELECT sl.lot_id FROM lot_donors sl"
    " JOIN donors sd ON sd.id = sl.donor_id WHERE lower (sd.code) LIKE '%1$s%%')", low);

  return core_sql_int (site, sql);
}

/* The index lookup (sparse) and the row-by-row test (broad) find the same
 * lots in the same order, for every sort, direction, status and part. */
static void
test_search_paths_agree (void)
{
  g_autoptr(CoreSite) site = site_with_mixed_lots ();
  /* lot-number prefixes ("b-" also starts the donor B-9), product prefixes,
   * donor-code prefixes (first and second donors), one matching nothing */
  const char *searches[] = { "b-", "b2-00", "b", "bone", "adipose msc", "mx-0", "d", "db-", "d-2", "zz" };
  const gint64 expected_counts[] = { 150, 25, 300, 100, 100, 75, 225, 75, 100, 0 };
  const char *statuses[] = { NULL, "open", "released" };
  const char *mine[ST_LOT_LIST_MAX_MINE + 1];
  guint n_compared = 0;

  g_assert_cmpint (core_sql_int (site, "SELECT count(*) FROM lots"), ==, 300);
  st_lot_list_statuses_for (ST_ROLE_REVIEWER | ST_ROLE_QP, mine);
  for (guint s = 0; s < G_N_ELEMENTS (searches); s++)
    {
      g_autofree char *high = g_strconcat (searches[s], "\xf4\x8f\xbf\xbf", NULL);
      StLotListFilter filter = { .search_low = searches[s], .search_high = high };

      memcpy (filter.mine, mine, sizeof filter.mine);
      g_assert_cmpint (oracle_count (site, searches[s]), ==, expected_counts[s]);
      g_assert_cmpint (store_count (site->admin, &filter, FALSE), ==, expected_counts[s]);
      g_assert_cmpint (store_count (site->admin, &filter, TRUE), ==, expected_counts[s]);
      for (guint st = 0; st < G_N_ELEMENTS (statuses); st++)
        for (StLotSegment segment = ST_LOT_SEGMENT_ALL; segment <= ST_LOT_SEGMENT_OTHERS; segment++)
          for (StLotSort sort = ST_LOT_SORT_CREATED; sort <= ST_LOT_SORT_RELEASED; sort++)
            for (int descending = 0; descending < 2; descending++)
              {
                g_autoptr(GPtrArray) sparse = NULL;
                g_autoptr(GPtrArray) broad = NULL;
                g_autoptr(GPtrArray) sparse_window = NULL;
                g_autoptr(GPtrArray) broad_window = NULL;

                filter.status = statuses[st];
                filter.segment = segment;
                filter.sort = sort;
                filter.descending = descending;
                sparse = store_fetch (site->admin, &filter, FALSE, 0, 1000);
                broad = store_fetch (site->admin, &filter, TRUE, 0, 1000);
                assert_same_rows (broad, sparse);
                g_assert_cmpint (store_count (site->admin, &filter, FALSE), ==, sparse->len);
                g_assert_cmpint (store_count (site->admin, &filter, TRUE), ==, broad->len);
                sparse_window = store_fetch (site->admin, &filter, FALSE, 7, 13);
                broad_window = store_fetch (site->admin, &filter, TRUE, 7, 13);
                assert_same_rows (broad_window, sparse_window);
                n_compared += sparse->len;
              }
    }
  /* Not a comparison of empty sets. */
  g_assert_cmpuint (n_compared, >, 10000);
}

/* What the user types (any case, spaces, the '=' of a scanned code) finds
 * through the list the same lots, in the same order, as the broad path
 * with the normalised prefix. */
static void
test_search_typed (void)
{
  g_autoptr(CoreSite) site = site_with_mixed_lots ();
  const struct { const char *typed; const char *low; gint64 n; } cases[] = {
    { "B-", "b-", 150 },
    { "=b-", "b-", 150 },
    { "  B2-00 ", "b2-00", 25 },
    { "BONE", "bone", 100 },
    { "Adipose", "adipose", 100 },
    { "=DB-3", "db-3", 75 },
    { "=d-2", "d-2", 100 },
    { "mX-02", "mx-02", 25 },
  };

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    for (StLotSort sort = ST_LOT_SORT_CREATED; sort <= ST_LOT_SORT_RELEASED; sort++)
      {
        g_autofree char *high = g_strconcat (cases[c].low, "\xf4\x8f\xbf\xbf", NULL);
        StLotQuery query = { .search = cases[c].typed, .sort = sort, .descending = sort % 2 == 0 };
        StLotListFilter filter = { .search_low = cases[c].low, .search_high = high,
                                   .sort = sort, .descending = query.descending };
        g_autoptr(StLotList) list = list_new (site->reviewer, &query);
        g_autoptr(GPtrArray) rows = NULL;
        g_autoptr(GPtrArray) broad = NULL;
        const char *mine[ST_LOT_LIST_MAX_MINE + 1];

        st_lot_list_statuses_for (st_session_get_roles (site->reviewer), mine);
        memcpy (filter.mine, mine, sizeof filter.mine);
        g_assert_cmpuint (st_lot_list_get_n_rows (list), ==, cases[c].n);
        g_assert_false (st_lot_list_is_capped (list));
        rows = fetch (list, 0, 1000);
        broad = store_fetch (site->reviewer, &filter, TRUE, 0, 1000);
        g_assert_cmpuint (broad->len, ==, cases[c].n);
        assert_same_rows (broad, rows);
      }
}

/* A search that matches more than 5,000 lots is broad (read row by row,
 * counted only up to 10,000) when it matches half the lots or more, else
 * it is sparse and counted exactly; both read the same rows. */
static void
test_search_choice (void)
{
  g_autoptr(CoreSite) site = core_site_new ();
  g_autoptr(GError) error = NULL;
  StLotQuery query = { .search = "a-", .sort = ST_LOT_SORT_NUMBER, .descending = TRUE };
  g_autoptr(StLotList) broad = NULL;
  g_autoptr(StLotList) sparse = NULL;
  const guint offsets[] = { 0, 5000, 9980 };

  core_add_donor (site, "D-1", TRUE);
  core_sql_exec (site,
    "WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10500)"
    " INSERT INTO lots (id, lot_number, product, spec_id, status, verdict, created_by, created_at)"
    " SELECT i, 'A-' || substr ('0000' || i, length ('0000' || i) - 4), 'Bulk MSC', (SELECT min (id) FROM specs),"
    "  'open', 'incomplete', (SELECT id FROM users WHERE username = 'operator'), '2026-01-01T00:00:00Z' FROM n");

  /* All 10,500 lots match: broad. */
  broad = list_new (site->admin, &query);
  g_assert_true (st_lot_list_is_capped (broad));
  g_assert_cmpuint (st_lot_list_get_n_rows (broad), ==, 10000);

  /* One lot far up the ids: 10,500 matches are now less than half: sparse. */
  core_sql_exec (site,
    "INSERT INTO lots (id, lot_number, product, spec_id, status, verdict, created_by, created_at)"
    " SELECT 30000, 'Z-1', 'Bulk MSC', (SELECT min (id) FROM specs), 'open', 'incomplete',"
    "  (SELECT id FROM users WHERE username = 'operator'), '2026-01-01T00:00:00Z'");
  sparse = list_new (site->admin, &query);
  g_assert_false (st_lot_list_is_capped (sparse));
  g_assert_cmpuint (st_lot_list_get_n_rows (sparse), ==, 10500);

  for (guint i = 0; i < G_N_ELEMENTS (offsets); i++)
    {
      g_autoptr(GPtrArray) from_broad = fetch (broad, offsets[i], 20);
      g_autoptr(GPtrArray) from_sparse = fetch (sparse, offsets[i], 20);

      g_assert_cmpuint (from_broad->len, ==, 20);
      assert_same_rows (from_broad, from_sparse);
    }
  g_assert_no_error (error);
}

static void
test_max_id (void)
{
  g_autoptr(CoreSite) site = core_site_new ();
  g_autoptr(GError) error = NULL;
  StDb *db = st_session_get_db (site->admin);
  gint64 max_id = -1;

  g_assert_true (st_store_lot_list_max_id (db, &max_id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (max_id, ==, 0);
  core_add_donor (site, "D-1", TRUE);
  core_create_lot (site, "M-1", "D-1");
  core_create_lot (site, "M-2", "D-1");
  g_assert_true (st_store_lot_list_max_id (db, &max_id, &error));
  g_assert_cmpint (max_id, ==, core_sql_int (site, "SELECT id FROM lots WHERE lot_number = 'M-2'"));
  /* The highest id, not the number of lots. */
  core_sql_exec (site,
    "INSERT INTO lots (id, lot_number, product, spec_id, status, verdict, created_by, created_at)"
    " SELECT 7777, 'M-3', 'Bulk MSC', (SELECT min (id) FROM specs), 'open', 'incomplete',"
    "  (SELECT id FROM users WHERE username = 'operator'), '2026-01-01T00:00:00Z'");
  g_assert_true (st_store_lot_list_max_id (db, &max_id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (max_id, ==, 7777);
}

/* A copy keeps the query and counts but no session; it reads through the
 * session it is given, independently of the list it was copied from. */
static void
test_copy_and_session (void)
{
  g_autoptr(CoreSite) site = site_with_mixed_lots ();
  g_autoptr(StSession) other = core_site_open_as (site, CORE_REVIEWER);
  g_autofree char *search = g_strdup ("=B-");
  g_autofree char *status = g_strdup ("in_review");
  StLotQuery query = { .search = search, .status = status, .sort = ST_LOT_SORT_NUMBER,
                       .descending = TRUE, .needs_me_first = TRUE };
  StLotList *list;
  g_autoptr(StLotList) copy = NULL;
  g_autoptr(GPtrArray) expected = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) again = NULL;
  g_autoptr(GPtrArray) after = NULL;

  list = list_new (site->reviewer, &query);
  /* The query's strings are the caller's: the list keeps its own. */
  memset (search, 'x', strlen (search));
  memset (status, 'x', strlen (status));
  g_assert_cmpuint (st_lot_list_get_n_rows (list), ==, 30);
  g_assert_cmpuint (st_lot_list_get_n_needs_me (list), ==, 30);
  expected = fetch (list, 0, 100);
  g_assert_cmpuint (expected->len, ==, 30);
  for (guint i = 0; i < expected->len; i++)
    {
      const StLotRow *row = g_ptr_array_index (expected, i);
      g_assert_true (g_str_has_prefix (row->lot_number, "B-") || g_strcmp0 (row->first_donor, "B-9") == 0);
      g_assert_cmpstr (row->status, ==, "in_review");
    }

  copy = st_lot_list_copy (list);
  g_assert_cmpuint (st_lot_list_get_n_rows (copy), ==, 30);
  g_assert_cmpuint (st_lot_list_get_n_needs_me (copy), ==, 30);
  g_assert_false (st_lot_list_is_capped (copy));
  /* The copy outlives the original. */
  st_lot_list_set_session (list, NULL);
  st_lot_list_free (list);

  /* Without a session it cannot be read. */
  if (g_test_undefined ())
    {
      g_autoptr(GPtrArray) none = NULL;

      g_test_expect_message (NULL, G_LOG_LEVEL_CRITICAL, "*session != NULL*");
      none = st_lot_list_fetch (copy, 0, 10, NULL);
      g_test_assert_expected_messages ();
      g_assert_null (none);
    }

  st_lot_list_set_session (copy, other);
  rows = fetch (copy, 0, 100);
  assert_same_rows (expected, rows);
  /* Handed back to the first session (both are the reviewer). */
  st_lot_list_set_session (copy, site->reviewer);
  again = fetch (copy, 5, 3);
  g_assert_cmpuint (again->len, ==, 3);
  g_assert_cmpstr (lot_of (again, 0), ==, lot_of (expected, 5));
  g_assert_cmpstr (lot_of (again, 2), ==, lot_of (expected, 7));
  /* Counts are the snapshot's: a new lot shows in a new list, not the copy. */
  core_sql_exec (site, "UPDATE lots SET status = 'in_review' WHERE lot_number = 'B-0004'");
  after = fetch (copy, 0, 100);
  g_assert_cmpuint (after->len, ==, 30);
  g_assert_cmpuint (st_lot_list_get_n_rows (copy), ==, 30);
}

int
main (int   argc,
      char *argv[])
{
  core_fixture_init (&argc, &argv);
  g_test_add_func ("/core/lot-list/windows", test_windows);
  g_test_add_func ("/core/lot-list/needs-me-first", test_needs_me_first);
  g_test_add_func ("/core/lot-list/search", test_search);
  g_test_add_func ("/core/lot-list/sort", test_sort);
  g_test_add_func ("/core/lot-list/lookup", test_lookup);
  g_test_add_func ("/core/lot-list/history-and-specs", test_history_and_specs);
  g_test_add_func ("/core/lot-list/large-site", test_large_site);
  g_test_add_func ("/core/lot-list/search-paths-agree", test_search_paths_agree);
  g_test_add_func ("/core/lot-list/search-typed", test_search_typed);
  g_test_add_func ("/core/lot-list/search-choice", test_search_choice);
  g_test_add_func ("/core/lot-list/max-id", test_max_id);
  g_test_add_func ("/core/lot-list/copy-and-session", test_copy_and_session);
  return core_fixture_run ();
}
