/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "core-fixture.h"

#include "st-history.h"
#include "st-lot-list.h"
#include "st-lot-spec.h"
#include "st-lots.h"

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
  return core_fixture_run ();
}
