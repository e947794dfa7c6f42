/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "st-trends.h"

G_BEGIN_DECLS

/*
 * A parameter across lots over time, drawn with cairo: x the date of
 * manufacture, y the value; the specification limits (solid), the mean and
 * mean +/- 3 SD (dashed); points within the limits as dots, out of
 * specification as crosses, beyond 3 SD (but within the limits) as hollow
 * diamonds, so that the shape says it without the colour.  The point last
 * under the pointer is "hovered" (its index in the trend's points, or -1
 * once the pointer left the chart), and named in the tooltip.
 */

#define ST_TYPE_TRENDS_CHART (st_trends_chart_get_type ())
G_DECLARE_FINAL_TYPE (StTrendsChart, st_trends_chart, ST, TRENDS_CHART, GtkDrawingArea)

typedef enum {
  ST_TREND_MARK_WITHIN,       /* a dot */
  ST_TREND_MARK_OOS,          /* a cross */
  ST_TREND_MARK_BEYOND_3SD,   /* a hollow diamond */
} StTrendMark;

StTrendsChart *st_trends_chart_new          (void);
/* Takes @trend (NULL: nothing to show). */
void           st_trends_chart_set_trend    (StTrendsChart *self,
                                             StTrend       *trend);
const StTrend *st_trends_chart_get_trend    (StTrendsChart *self);
/* Draws the chart on any cairo context (the widget's, or an image
 * surface's in a test or an export). */
void           st_trends_chart_render       (StTrendsChart *self,
                                             cairo_t       *cr,
                                             int            width,
                                             int            height);
/* The point drawn nearest (@x, @y) within a few pixels, or -1, in a chart
 * of the widget's current size. */
int            st_trends_chart_point_at     (StTrendsChart *self,
                                             double         x,
                                             double         y);
int            st_trends_chart_get_hovered  (StTrendsChart *self);
StTrendMark    st_trends_chart_mark_of      (StTrendsChart *self,
                                             guint          index);
/* "MSC-2026-00012 · made 2026-10-23 · Viability 91.5 % · conforms" */
char          *st_trends_chart_describe     (StTrendsChart *self,
                                             guint          index);

G_END_DECLS
