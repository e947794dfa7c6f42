/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "st-session.h"
#include "st-trends-chart.h"

G_BEGIN_DECLS

/* Trends: one numeric parameter of the specification (viability, a marker
 * percentage...) across lots over a period, read in a worker thread. */

#define ST_TYPE_TRENDS_PAGE (st_trends_page_get_type ())
G_DECLARE_FINAL_TYPE (StTrendsPage, st_trends_page, ST, TRENDS_PAGE, AdwBin)

typedef enum {
  ST_TRENDS_PERIOD_3_MONTHS,
  ST_TRENDS_PERIOD_12_MONTHS,
  ST_TRENDS_PERIOD_3_YEARS,
  ST_TRENDS_PERIOD_ALL,
} StTrendsPeriod;

void           st_trends_page_set_session (StTrendsPage   *self,
                                           StSession      *session);
/* Reads the parameter and period chosen. */
void           st_trends_page_reload      (StTrendsPage   *self);
/* Chooses @param (an item of the specification) and @period, and reads. */
gboolean       st_trends_page_show_trend  (StTrendsPage   *self,
                                           const char     *param,
                                           StTrendsPeriod  period);
gboolean       st_trends_page_is_busy     (StTrendsPage   *self);
StTrendsChart *st_trends_page_get_chart   (StTrendsPage   *self);

G_END_DECLS
