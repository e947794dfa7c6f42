/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * Donor eligibility from the donor's test results (Directive 2006/17/EC,
 * Annex II; DOMAIN.md "Donors").  Pure: the caller reads the tests.
 *
 * - Serology for every donor: hiv, hbsag, anti-hbc, hcv, syphilis; htlv
 *   only when the donor is flagged as from a high-prevalence area.
 * - Any positive result of any marker: ineligible.
 * - Each required serology marker's latest result (by sample date; of two
 *   on the same day the later row wins) must be negative; indeterminate or
 *   missing: incomplete.
 * - And either the three NAT markers (hiv-nat, hbv-nat, hcv-nat) have a
 *   negative latest result, or every required serology marker has a
 *   negative result sampled at least 180 days after the donation date (the
 *   earliest sample date of any serology test).  Neither: incomplete.
 */

typedef enum {
  ST_ELIGIBILITY_ELIGIBLE,
  ST_ELIGIBILITY_INELIGIBLE,
  ST_ELIGIBILITY_INCOMPLETE,
} StEligibility;

/* "eligible", "ineligible", "incomplete" */
const char *st_eligibility_to_string (StEligibility e);

typedef struct {
  const char *marker;
  const char *result;       /* "negative" | "positive" | "indeterminate" */
  const char *sampled_on;   /* YYYY-MM-DD */
} StDonorTestView;

#define ST_ELIGIBILITY_RETEST_DAYS 180

/* hiv hbsag anti-hbc hcv syphilis htlv hiv-nat hbv-nat hcv-nat */
gboolean            st_eligibility_marker_is_known (const char *marker);
/* negative positive indeterminate */
gboolean            st_eligibility_result_is_known (const char *result);
/* NULL-terminated, in the order above. */
const char *const  *st_eligibility_markers         (void);

/* @why (optional) receives a short explanation for people: "hiv positive",
 * "hcv missing", "NAT or 180-day retest missing".  Tests with an unknown
 * marker are ignored; a test with an unreadable sample date still counts
 * when positive but never as a negative result. */
StEligibility st_eligibility_evaluate (gboolean               htlv_required,
                                       const StDonorTestView *tests,
                                       guint                  n_tests,
                                       char                 **why);

G_END_DECLS
