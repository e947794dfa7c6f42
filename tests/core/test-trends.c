/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "core-fixture.h"

#include <math.h>

#include "st-lots.h"
#include "st-trends.h"

static StTrend *
get (StSession  *session,
     const char *param,
     const char *since,
     const char *until)
{
  g_autoptr(GError) error = NULL;
  StTrend *trend = st_trends_get (session, param, since, until, &error);

  g_assert_no_error (error);
  g_assert_nonnull (trend);
  return trend;
}

static const StTrendPoint *
point (const StTrend *trend,
       guint          index)
{
  g_assert_cmpuint (index, <, trend->points->len);
  return g_ptr_array_index (trend->points, index);
}

static void
record (CoreSite   *site,
        const char *lot,
        const char *param,
        const char *value)
{
  g_autoptr(GError) error = NULL;

  st_lots_record_result (site->operator, lot, param, value, NULL, &error);
  g_assert_no_error (error);
}

/* The current value of each lot, by date of manufacture, judged against
 * the specification, with limits and statistics. */
static void
test_points (void)
{
  g_autoptr(CoreSite) site = core_site_new ();
  g_autoptr(StTrend) trend = NULL;
  g_autoptr(StTrend) none = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *today = core_date (0);
  g_autofree char *harvest = core_date (-14);

  core_add_donor (site, "D-1", TRUE);
  core_create_lot (site, "T-1", NULL);
  core_create_lot (site, "T-2", NULL);
  core_create_lot (site, "T-3", NULL);
  core_create_lot (site, "T-4", NULL);
  core_add_passages (site, "T-2");          /* made 14 days ago: first */
  record (site, "T-1", "viability", "90");
  record (site, "T-2", "viability", "80");
  record (site, "T-3", "viability", "60");  /* out of specification (>= 70) */
  /* A correction: only the current value counts. */
  g_assert_true (st_lots_correct_result (site->operator, "T-1", "viability", "94", "transcription error", &error));
  g_assert_no_error (error);
  /* T-4 has no viability: not a point. */
  record (site, "T-4", "cd73", "97");

  trend = get (site->reviewer, "viability", NULL, NULL);
  g_assert_cmpuint (trend->points->len, ==, 3);
  g_assert_cmpstr (point (trend, 0)->lot_number, ==, "T-2");
  g_assert_cmpstr (point (trend, 0)->made_on, ==, harvest);
  g_assert_cmpstr (point (trend, 1)->lot_number, ==, "T-1");
  g_assert_cmpstr (point (trend, 1)->made_on, ==, today);
  g_assert_cmpstr (point (trend, 1)->value, ==, "94");
  g_assert_cmpfloat (point (trend, 1)->number, ==, 94.0);
  g_assert_cmpint (point (trend, 1)->verdict, ==, ST_VERDICT_CONFORM);
  g_assert_cmpstr (point (trend, 2)->lot_number, ==, "T-3");
  g_assert_cmpint (point (trend, 2)->verdict, ==, ST_VERDICT_OOS);
  g_assert_cmpstr (point (trend, 2)->status, ==, "open");

  g_assert_cmpstr (trend->test, ==, "Viability");
  g_assert_cmpstr (trend->unit, ==, "%");
  g_assert_true (trend->has_low);
  g_assert_false (trend->has_high);
  g_assert_cmpfloat (trend->low, ==, 70.0);
  g_assert_true (trend->low_inclusive);
  /* (80 + 94 + 60) / 3 = 78; SD of 2, 16, -18 over n - 1 = sqrt (292) */
  g_assert_cmpfloat_with_epsilon (trend->mean, 78.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (trend->sd, sqrt (292.0), 1e-9);

  /* The period is on the date of manufacture. */
  none = get (site->reviewer, "viability", today, today);
  g_assert_cmpuint (none->points->len, ==, 2);
  g_clear_pointer (&none, st_trend_free);
  none = get (site->reviewer, "viability", NULL, harvest);
  g_assert_cmpuint (none->points->len, ==, 1);
  g_clear_pointer (&none, st_trend_free);

  /* Two limits: both lines. */
  none = get (site->reviewer, "cell_concentration", NULL, NULL);
  g_assert_cmpuint (none->points->len, ==, 0);
  g_assert_true (none->has_low && none->has_high);
  g_assert_cmpfloat (none->high, ==, 3.0);
  g_assert_cmpfloat (none->mean, ==, 0.0);
}

static void
test_refused (void)
{
  g_autoptr(CoreSite) site = core_site_new ();
  g_autoptr(GError) error = NULL;

  g_assert_null (st_trends_get (site->reviewer, "viability", "2026-13-01", NULL, &error));
  core_assert_error (error, ST_TRENDS_ERROR, ST_TRENDS_ERROR_INVALID, "since", "2026-13-01", NULL);
  g_clear_error (&error);
  g_assert_null (st_trends_get (site->reviewer, "", NULL, NULL, &error));
  core_assert_error (error, ST_TRENDS_ERROR, ST_TRENDS_ERROR_INVALID, "parameter", NULL);
  g_clear_error (&error);
  st_session_sign_out (site->reviewer);
  g_assert_null (st_trends_get (site->reviewer, "viability", NULL, NULL, &error));
  core_assert_error (error, ST_AUTH_ERROR, ST_AUTH_ERROR_NOT_SIGNED_IN, NULL);
}

int
main (int   argc,
      char *argv[])
{
  core_fixture_init (&argc, &argv);
  g_test_add_func ("/core/trends/points", test_points);
  g_test_add_func ("/core/trends/refused", test_refused);
  return core_fixture_run ();
}
