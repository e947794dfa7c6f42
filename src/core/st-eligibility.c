/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "st-eligibility.h"

#include "st-value.h"

#include <string.h>

/* The serology markers come first, htlv last among them, then the NATs. */
static const char *const markers[] = {
  "hiv", "hbsag", "anti-hbc", "hcv", "syphilis", "htlv",
  "hiv-nat", "hbv-nat", "hcv-nat",
  NULL
};

enum {
  FIRST_SEROLOGY = 0,
  HTLV = 5,
  FIRST_NAT = 6,
  N_MARKERS = 9,
};

const char *
st_eligibility_to_string (StEligibility e)
{
  switch (e)
    {
    case ST_ELIGIBILITY_ELIGIBLE:
      return "eligible";
    case ST_ELIGIBILITY_INELIGIBLE:
      return "ineligible";
    case ST_ELIGIBILITY_INCOMPLETE:
      return "incomplete";
    default:
      g_return_val_if_reached ("?");
    }
}

const char *const *
st_eligibility_markers (void)
{
  return markers;
}

static int
marker_index (const char *marker)
{
  for (int i = 0; marker != NULL && markers[i] != NULL; i++)
    if (strcmp (marker, markers[i]) == 0)
      return i;
  return -1;
}

gboolean
st_eligibility_marker_is_known (const char *marker)
{
  return marker_index (marker) >= 0;
}

gboolean
st_eligibility_result_is_known (const char *result)
{
  return g_strcmp0 (result, "negative") == 0
      || g_strcmp0 (result, "positive") == 0
      || g_strcmp0 (result, "indeterminate") == 0;
}

static gboolean
is_serology (int index)
{
  return index >= FIRST_SEROLOGY && index < FIRST_NAT;
}

static gboolean
is_negative (const StDonorTestView *test)
{
  return g_strcmp0 (test->result, "negative") == 0;
}

static void
set_why (char      **why,
         char       *text)
{
  if (why != NULL)
    *why = text;
  else
    g_free (text);
}

StEligibility
st_eligibility_evaluate (gboolean               htlv_required,
                         const StDonorTestView *tests,
                         guint                  n_tests,
                         char                 **why)
{
  /* Per marker: the latest dated test, and its date. */
  const StDonorTestView *latest[N_MARKERS] = { NULL };
  GDate latest_on[N_MARKERS];
  GDate donation;
  GDate retest_from;
  gboolean have_donation = FALSE;
  int first_positive = -1;
  int last_serology = htlv_required ? HTLV : HTLV - 1;
  gboolean nat_negative = TRUE;
  gboolean retested = TRUE;

  g_return_val_if_fail (n_tests == 0 || tests != NULL, ST_ELIGIBILITY_INCOMPLETE);

  g_date_clear (&donation, 1);
  for (guint i = 0; i < n_tests; i++)
    {
      int index = marker_index (tests[i].marker);
      GDate on;

      if (index < 0)
        continue;
      if (g_strcmp0 (tests[i].result, "positive") == 0
          && (first_positive < 0 || index < first_positive))
        first_positive = index;
      if (!st_value_parse_date ("sampled_on", tests[i].sampled_on, &on, NULL))
        continue;
      if (latest[index] == NULL || g_date_compare (&on, &latest_on[index]) >= 0)
        {
          latest[index] = &tests[i];
          latest_on[index] = on;
        }
      if (is_serology (index) && (!have_donation || g_date_compare (&on, &donation) < 0))
        {
          donation = on;
          have_donation = TRUE;
        }
    }

  if (first_positive >= 0)
    {
      set_why (why, g_strdup_printf (_("%s positive"), markers[first_positive]));
      return ST_ELIGIBILITY_INELIGIBLE;
    }

  for (int m = FIRST_SEROLOGY; m <= last_serology; m++)
    {
      if (latest[m] == NULL)
        {
          set_why (why, g_strdup_printf (_("%s missing"), markers[m]));
          return ST_ELIGIBILITY_INCOMPLETE;
        }
      if (!is_negative (latest[m]))
        {
          if (g_strcmp0 (latest[m]->result, "indeterminate") == 0)
            set_why (why, g_strdup_printf (_("%s indeterminate"), markers[m]));
          else
            set_why (why, g_strdup_printf (_("%s has no valid result"), markers[m]));
          return ST_ELIGIBILITY_INCOMPLETE;
        }
    }

  for (int m = FIRST_NAT; m < N_MARKERS; m++)
    if (latest[m] == NULL || !is_negative (latest[m]))
      nat_negative = FALSE;
  if (nat_negative)
    {
      set_why (why, g_strdup (_("all required markers negative, NAT negative")));
      return ST_ELIGIBILITY_ELIGIBLE;
    }

  /* Every required serology marker is negative, so a donation date exists. */
  g_return_val_if_fail (have_donation, ST_ELIGIBILITY_INCOMPLETE);
  retest_from = donation;
  g_date_add_days (&retest_from, ST_ELIGIBILITY_RETEST_DAYS);
  for (int m = FIRST_SEROLOGY; m <= last_serology && retested; m++)
    {
      gboolean found = FALSE;

      for (guint i = 0; i < n_tests && !found; i++)
        {
          GDate on;

          if (marker_index (tests[i].marker) != m || !is_negative (&tests[i])
              || !st_value_parse_date ("sampled_on", tests[i].sampled_on, &on, NULL))
            continue;
          found = g_date_compare (&on, &retest_from) >= 0;
        }
      retested = found;
    }
  if (retested)
    {
      set_why (why, g_strdup (_("all required markers negative, 180-day retest negative")));
      return ST_ELIGIBILITY_ELIGIBLE;
    }

  set_why (why, g_strdup (_("NAT or 180-day retest missing")));
  return ST_ELIGIBILITY_INCOMPLETE;
}
