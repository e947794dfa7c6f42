/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "st-eligibility.h"

#include <string.h>

/* A test result sampled @day days after 2026-01-10. */
typedef struct {
  const char *marker;
  const char *result;
  int day;
} Row;

#define MAX_ROWS 24
#define SEROLOGY(day, res) \
  { "hiv", res, day }, { "hbsag", res, day }, { "anti-hbc", res, day }, \
  { "hcv", res, day }, { "syphilis", res, day }
#define NAT(day) \
  { "hiv-nat", "negative", day }, { "hbv-nat", "negative", day }, { "hcv-nat", "negative", day }

static const char *const with_nat = "all required markers negative, NAT negative";
static const char *const with_retest = "all required markers negative, 180-day retest negative";
static const char *const no_nat = "NAT or 180-day retest missing";

typedef struct {
  const char *name;
  gboolean htlv_required;
  Row rows[MAX_ROWS];
  StEligibility expected;
  const char *why;
} Case;

static const Case cases[] = {
  { "all negative with NAT", FALSE, { SEROLOGY (0, "negative"), NAT (0) },
    ST_ELIGIBILITY_ELIGIBLE, with_nat },
  { "NAT a few days later", FALSE, { SEROLOGY (0, "negative"), NAT (3) },
    ST_ELIGIBILITY_ELIGIBLE, with_nat },
  { "no tests at all", FALSE, { { NULL } }, ST_ELIGIBILITY_INCOMPLETE, "hiv missing" },
  { "serology without NAT or retest", FALSE, { SEROLOGY (0, "negative") },
    ST_ELIGIBILITY_INCOMPLETE, no_nat },

  /* HTLV only counts as required when the donor is flagged. */
  { "htlv not flagged, not tested", FALSE, { SEROLOGY (0, "negative"), NAT (0) },
    ST_ELIGIBILITY_ELIGIBLE, with_nat },
  { "htlv flagged, not tested", TRUE, { SEROLOGY (0, "negative"), NAT (0) },
    ST_ELIGIBILITY_INCOMPLETE, "htlv missing" },
  { "htlv flagged, negative", TRUE, { SEROLOGY (0, "negative"), { "htlv", "negative", 0 }, NAT (0) },
    ST_ELIGIBILITY_ELIGIBLE, with_nat },
  { "htlv flagged, indeterminate", TRUE,
    { SEROLOGY (0, "negative"), { "htlv", "indeterminate", 0 }, NAT (0) },
    ST_ELIGIBILITY_INCOMPLETE, "htlv indeterminate" },
  { "htlv not flagged, indeterminate", FALSE,
    { SEROLOGY (0, "negative"), { "htlv", "indeterminate", 0 }, NAT (0) },
    ST_ELIGIBILITY_ELIGIBLE, with_nat },
  { "htlv not flagged, positive", FALSE,
    { SEROLOGY (0, "negative"), { "htlv", "positive", 0 }, NAT (0) },
    ST_ELIGIBILITY_INELIGIBLE, "htlv positive" },

  /* The 180-day retest instead of NAT. */
  { "retest at 180 days", FALSE, { SEROLOGY (0, "negative"), SEROLOGY (180, "negative") },
    ST_ELIGIBILITY_ELIGIBLE, with_retest },
  { "retest at 181 days", FALSE, { SEROLOGY (0, "negative"), SEROLOGY (181, "negative") },
    ST_ELIGIBILITY_ELIGIBLE, with_retest },
  { "retest at 179 days", FALSE, { SEROLOGY (0, "negative"), SEROLOGY (179, "negative") },
    ST_ELIGIBILITY_INCOMPLETE, no_nat },
  { "retest lacks hcv", FALSE,
    { SEROLOGY (0, "negative"), { "hiv", "negative", 180 }, { "hbsag", "negative", 180 },
      { "anti-hbc", "negative", 180 }, { "syphilis", "negative", 180 } },
    ST_ELIGIBILITY_INCOMPLETE, no_nat },
  { "retest positive", FALSE,
    { SEROLOGY (0, "negative"), { "hiv", "negative", 180 }, { "hbsag", "negative", 180 },
      { "anti-hbc", "negative", 180 }, { "hcv", "positive", 180 }, { "syphilis", "negative", 180 } },
    ST_ELIGIBILITY_INELIGIBLE, "hcv positive" },
  { "retest indeterminate", FALSE,
    { SEROLOGY (0, "negative"), { "hiv", "indeterminate", 180 }, { "hbsag", "negative", 180 },
      { "anti-hbc", "negative", 180 }, { "hcv", "negative", 180 }, { "syphilis", "negative", 180 } },
    ST_ELIGIBILITY_INCOMPLETE, "hiv indeterminate" },
  { "htlv flagged, retest lacks htlv", TRUE,
    { SEROLOGY (0, "negative"), { "htlv", "negative", 0 }, SEROLOGY (180, "negative") },
    ST_ELIGIBILITY_INCOMPLETE, no_nat },
  { "htlv flagged, retest with htlv", TRUE,
    { SEROLOGY (0, "negative"), { "htlv", "negative", 0 }, SEROLOGY (180, "negative"),
      { "htlv", "negative", 180 } },
    ST_ELIGIBILITY_ELIGIBLE, with_retest },
  { "htlv not flagged, retest without htlv", FALSE,
    { SEROLOGY (0, "negative"), { "htlv", "negative", 0 }, SEROLOGY (180, "negative") },
    ST_ELIGIBILITY_ELIGIBLE, with_retest },
  /* The donation date is the earliest serology sample of any marker. */
  { "donation date is the earliest sample", FALSE,
    { { "hiv", "negative", -30 }, SEROLOGY (0, "negative"), SEROLOGY (150, "negative") },
    ST_ELIGIBILITY_ELIGIBLE, with_retest },
  { "earliest sample 149 days before retest", FALSE,
    { { "hiv", "negative", -30 }, SEROLOGY (0, "negative"), SEROLOGY (149, "negative") },
    ST_ELIGIBILITY_INCOMPLETE, no_nat },
  { "NAT indeterminate, retest done", FALSE,
    { SEROLOGY (0, "negative"), { "hiv-nat", "indeterminate", 0 }, { "hbv-nat", "negative", 0 },
      { "hcv-nat", "negative", 0 }, SEROLOGY (180, "negative") },
    ST_ELIGIBILITY_ELIGIBLE, with_retest },
  { "NAT positive, retest negative", FALSE,
    { SEROLOGY (0, "negative"), { "hiv-nat", "positive", 0 }, SEROLOGY (180, "negative") },
    ST_ELIGIBILITY_INELIGIBLE, "hiv-nat positive" },

  /* The latest result counts; of two on one day, the later row. */
  { "indeterminate then negative", FALSE,
    { SEROLOGY (0, "negative"), { "hiv", "indeterminate", 0 }, { "hiv", "negative", 7 }, NAT (0) },
    ST_ELIGIBILITY_ELIGIBLE, with_nat },
  { "negative then indeterminate", FALSE,
    { SEROLOGY (0, "negative"), { "hiv", "indeterminate", 7 }, NAT (0) },
    ST_ELIGIBILITY_INCOMPLETE, "hiv indeterminate" },
  { "same day: later row indeterminate", FALSE,
    { SEROLOGY (0, "negative"), { "hcv", "indeterminate", 0 }, NAT (0) },
    ST_ELIGIBILITY_INCOMPLETE, "hcv indeterminate" },
  { "same day: later row negative", FALSE,
    { { "hcv", "indeterminate", 0 }, SEROLOGY (0, "negative"), NAT (0) },
    ST_ELIGIBILITY_ELIGIBLE, with_nat },
  { "rows out of date order", FALSE,
    { { "hcv", "negative", 9 }, SEROLOGY (0, "negative"), { "hcv", "indeterminate", 3 }, NAT (0) },
    ST_ELIGIBILITY_ELIGIBLE, with_nat },
  { "NAT indeterminate then negative", FALSE,
    { SEROLOGY (0, "negative"), { "hbv-nat", "indeterminate", 0 }, NAT (3) },
    ST_ELIGIBILITY_ELIGIBLE, with_nat },
  { "NAT negative then indeterminate", FALSE,
    { SEROLOGY (0, "negative"), NAT (0), { "hbv-nat", "indeterminate", 3 } },
    ST_ELIGIBILITY_INCOMPLETE, no_nat },
  /* A positive is never washed out by a later negative. */
  { "positive then negative", FALSE,
    { { "hbsag", "positive", 0 }, SEROLOGY (7, "negative"), NAT (7) },
    ST_ELIGIBILITY_INELIGIBLE, "hbsag positive" },
  { "two positives: named in marker order", FALSE,
    { SEROLOGY (0, "negative"), { "syphilis", "positive", 1 }, { "anti-hbc", "positive", 2 }, NAT (0) },
    ST_ELIGIBILITY_INELIGIBLE, "anti-hbc positive" },
  { "unknown markers are ignored", FALSE,
    { SEROLOGY (0, "negative"), NAT (0), { "cmv", "positive", 0 } },
    ST_ELIGIBILITY_ELIGIBLE, with_nat },
};

static char *
date_after (int day)
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, 10, G_DATE_JANUARY, 2026);
  if (day >= 0)
    g_date_add_days (&date, (guint) day);
  else
    g_date_subtract_days (&date, (guint) -day);
  return g_strdup_printf ("%04u-%02u-%02u", g_date_get_year (&date),
                          g_date_get_month (&date), g_date_get_day (&date));
}

static void
check_case (const char    *name,
            gboolean       htlv_required,
            const Row     *rows,
            guint          n_rows,
            StEligibility  expected,
            const char    *expected_why)
{
  g_autoptr(GPtrArray) dates = g_ptr_array_new_with_free_func (g_free);
  g_autofree StDonorTestView *views = g_new0 (StDonorTestView, MAX (n_rows, 1));
  g_autofree char *why = NULL;
  StEligibility result;

  for (guint i = 0; i < n_rows; i++)
    {
      char *date = date_after (rows[i].day);
      g_ptr_array_add (dates, date);
      views[i].marker = rows[i].marker;
      views[i].result = rows[i].result;
      views[i].sampled_on = date;
    }
  result = st_eligibility_evaluate (htlv_required, views, n_rows, &why);
  g_test_message ("%s: %s (%s)", name, st_eligibility_to_string (result), why);
  g_assert_cmpstr (st_eligibility_to_string (result), ==, st_eligibility_to_string (expected));
  g_assert_cmpstr (why, ==, expected_why);

  /* @why is optional. */
  g_assert_cmpint (st_eligibility_evaluate (htlv_required, views, n_rows, NULL), ==, expected);
}

static void
test_table (void)
{
  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      guint n = 0;

      while (n < MAX_ROWS && cases[c].rows[n].marker != NULL)
        n++;
      check_case (cases[c].name, cases[c].htlv_required, cases[c].rows, n,
                  cases[c].expected, cases[c].why);
    }
}

/* Each marker in turn positive, indeterminate and missing, against a donor
 * flagged for HTLV with every other result negative and NAT done. */
static void
test_each_marker (void)
{
  const char *const *markers = st_eligibility_markers ();

  for (guint m = 0; markers[m] != NULL; m++)
    {
      gboolean nat = g_str_has_suffix (markers[m], "-nat");

      for (guint outcome = 0; outcome < 3; outcome++)
        {
          Row rows[MAX_ROWS];
          guint n = 0;
          g_autofree char *name = NULL;
          g_autofree char *why = NULL;
          StEligibility expected;

          for (guint k = 0; markers[k] != NULL; k++)
            {
              if (k == m && outcome == 2)
                continue;
              rows[n].marker = markers[k];
              rows[n].result = k != m ? "negative" : outcome == 0 ? "positive" : "indeterminate";
              rows[n].day = 0;
              n++;
            }

          switch (outcome)
            {
            case 0:
              expected = ST_ELIGIBILITY_INELIGIBLE;
              why = g_strdup_printf ("%s positive", markers[m]);
              break;
            case 1:
              expected = ST_ELIGIBILITY_INCOMPLETE;
              why = nat ? g_strdup (no_nat) : g_strdup_printf ("%s indeterminate", markers[m]);
              break;
            default:
              expected = ST_ELIGIBILITY_INCOMPLETE;
              why = nat ? g_strdup (no_nat) : g_strdup_printf ("%s missing", markers[m]);
              break;
            }
          name = g_strdup_printf ("%s %s", markers[m],
                                  outcome == 0 ? "positive" : outcome == 1 ? "indeterminate" : "missing");
          check_case (name, TRUE, rows, n, expected, why);
        }
    }
}

static void
test_undated_results (void)
{
  StDonorTestView tests[] = {
    { "hiv", "negative", "not-a-date" },
    { "hbsag", "negative", "2026-01-10" },
    { "anti-hbc", "negative", "2026-01-10" },
    { "hcv", "negative", "2026-01-10" },
    { "syphilis", "negative", "2026-01-10" },
    { "hiv-nat", "negative", "2026-01-10" },
    { "hbv-nat", "negative", "2026-01-10" },
    { "hcv-nat", "negative", "2026-01-10" },
  };
  g_autofree char *why = NULL;
  g_autofree char *why_positive = NULL;

  /* An undated negative proves nothing; an undated positive still counts. */
  g_assert_cmpint (st_eligibility_evaluate (FALSE, tests, G_N_ELEMENTS (tests), &why),
                   ==, ST_ELIGIBILITY_INCOMPLETE);
  g_assert_cmpstr (why, ==, "hiv missing");
  tests[0].result = "positive";
  tests[0].sampled_on = NULL;
  g_assert_cmpint (st_eligibility_evaluate (FALSE, tests, G_N_ELEMENTS (tests), &why_positive),
                   ==, ST_ELIGIBILITY_INELIGIBLE);
  g_assert_cmpstr (why_positive, ==, "hiv positive");
}

static void
test_names (void)
{
  const char *expected[] = {
    "hiv", "hbsag", "anti-hbc", "hcv", "syphilis", "htlv", "hiv-nat", "hbv-nat", "hcv-nat", NULL
  };
  const char *const *markers = st_eligibility_markers ();

  g_assert_cmpstrv (markers, expected);
  for (guint i = 0; expected[i] != NULL; i++)
    g_assert_true (st_eligibility_marker_is_known (expected[i]));
  g_assert_false (st_eligibility_marker_is_known ("HIV"));
  g_assert_false (st_eligibility_marker_is_known ("cmv"));
  g_assert_false (st_eligibility_marker_is_known (NULL));

  g_assert_true (st_eligibility_result_is_known ("negative"));
  g_assert_true (st_eligibility_result_is_known ("positive"));
  g_assert_true (st_eligibility_result_is_known ("indeterminate"));
  g_assert_false (st_eligibility_result_is_known ("reactive"));
  g_assert_false (st_eligibility_result_is_known (NULL));

  g_assert_cmpstr (st_eligibility_to_string (ST_ELIGIBILITY_ELIGIBLE), ==, "eligible");
  g_assert_cmpstr (st_eligibility_to_string (ST_ELIGIBILITY_INELIGIBLE), ==, "ineligible");
  g_assert_cmpstr (st_eligibility_to_string (ST_ELIGIBILITY_INCOMPLETE), ==, "incomplete");
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/eligibility/table", test_table);
  g_test_add_func ("/core/eligibility/each-marker", test_each_marker);
  g_test_add_func ("/core/eligibility/undated-results", test_undated_results);
  g_test_add_func ("/core/eligibility/names", test_names);
  return g_test_run ();
}
