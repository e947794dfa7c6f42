/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "st-session.h"
#include "st-spec.h"

G_BEGIN_DECLS

/*
 * One parameter across lots over time, for trend charts (viability, marker
 * percentages...): every lot's current result with its date of manufacture
 * (the last passage's harvest, else the day the lot was created), judged
 * against the lot's own specification version, with the limits of the
 * newest version among them and the mean and standard deviation.
 */

#define ST_TRENDS_ERROR (st_trends_error_quark ())
GQuark st_trends_error_quark (void);

typedef enum {
  /* A parameter name or a date that cannot be used. */
  ST_TRENDS_ERROR_INVALID = 200,
} StTrendsError;

typedef struct {
  char *lot_number;
  char *made_on;            /* YYYY-MM-DD */
  char *value;              /* as entered */
  double number;
  char *status;
  StVerdict verdict;        /* against the lot's specification version */
} StTrendPoint;

typedef struct {
  char *param;
  char *test;               /* the item's name and unit in the limits' version; */
  char *unit;               /* NULL when no version has the item */
  char *limit_text;         /* ">= 70", "report only"; NULL as above */
  gboolean has_low, has_high;
  double low, high;
  gboolean low_inclusive, high_inclusive;
  GPtrArray *points;        /* StTrendPoint, by date then lot number */
  double mean, sd;          /* sample standard deviation; 0 below two points */
} StTrend;

void st_trend_free (StTrend *trend);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (StTrend, st_trend_free)

/* Any signed-in user.  @since and @until: YYYY-MM-DD (inclusive) or NULL.
 * Results that are not numbers (choice items) are left out. */
StTrend *st_trends_get (StSession   *session,
                        const char  *param,
                        const char  *since,
                        const char  *until,
                        GError     **error);

G_END_DECLS
