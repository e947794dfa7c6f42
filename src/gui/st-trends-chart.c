/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "st-trends-chart.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <stdio.h>

#include "st-format.h"

struct _StTrendsChart {
  GtkDrawingArea parent_instance;

  StTrend *trend;
  GArray *days;               /* guint32 Julian day of each point */
  int hovered;
  cairo_surface_t *cache;     /* everything but the ring of the hovered point */
};

G_DEFINE_FINAL_TYPE (StTrendsChart, st_trends_chart, GTK_TYPE_DRAWING_AREA)

enum {
  PROP_0,
  PROP_HOVERED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Where things go in a chart of a given size. */
typedef struct {
  double left, right, top, bottom;   /* the plot area */
  double x_min, x_max;               /* Julian days */
  double y_min, y_max;
} Frame;

#define MARGIN_LEFT 64.0
#define MARGIN_RIGHT 150.0
#define MARGIN_TOP 18.0
#define MARGIN_BOTTOM 40.0
#define HIT_RADIUS 8.0

static guint32
julian_of (const char *date)
{
  int year = 0, month = 0, day = 0;
  GDate parsed;

  if (date == NULL || sscanf (date, "%4d-%2d-%2d", &year, &month, &day) != 3
      || !g_date_valid_dmy (day, month, year))
    return 0;
  g_date_clear (&parsed, 1);
  g_date_set_dmy (&parsed, day, month, year);
  return g_date_get_julian (&parsed);
}

static char *
date_of (double julian)
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_julian (&date, (guint32) CLAMP (julian, 1.0, G_MAXUINT32));
  return g_strdup_printf ("%04d-%02d-%02d", g_date_get_year (&date), g_date_get_month (&date),
                          g_date_get_day (&date));
}

static void
include (double *low,
         double *high,
         double  value)
{
  *low = MIN (*low, value);
  *high = MAX (*high, value);
}

static Frame
frame_for (StTrendsChart *self,
           int            width,
           int            height)
{
  const StTrend *trend = self->trend;
  Frame frame = {
    .left = MARGIN_LEFT, .right = MAX (MARGIN_LEFT + 10.0, width - MARGIN_RIGHT),
    .top = MARGIN_TOP, .bottom = MAX (MARGIN_TOP + 10.0, height - MARGIN_BOTTOM),
    .x_min = G_MAXDOUBLE, .x_max = -G_MAXDOUBLE, .y_min = G_MAXDOUBLE, .y_max = -G_MAXDOUBLE,
  };
  double pad;

  for (guint i = 0; trend != NULL && i < trend->points->len; i++)
    {
      const StTrendPoint *point = g_ptr_array_index (trend->points, i);
      include (&frame.x_min, &frame.x_max, g_array_index (self->days, guint32, i));
      include (&frame.y_min, &frame.y_max, point->number);
    }
  if (trend != NULL && trend->points->len > 1)
    {
      include (&frame.y_min, &frame.y_max, trend->mean - 3 * trend->sd);
      include (&frame.y_min, &frame.y_max, trend->mean + 3 * trend->sd);
    }
  if (trend != NULL && trend->has_low)
    include (&frame.y_min, &frame.y_max, trend->low);
  if (trend != NULL && trend->has_high)
    include (&frame.y_min, &frame.y_max, trend->high);
  if (frame.x_min > frame.x_max)
    frame.x_min = frame.x_max = 0;
  if (frame.y_min > frame.y_max)
    frame.y_min = frame.y_max = 0;
  if (frame.x_max - frame.x_min < 2)
    {
      frame.x_min -= 1;
      frame.x_max += 1;
    }
  pad = MAX ((frame.y_max - frame.y_min) * 0.06, 0.5);
  frame.y_min -= pad;
  frame.y_max += pad;
  return frame;
}

static double
x_of (const Frame *frame,
      double       day)
{
  return frame->left + (day - frame->x_min) / (frame->x_max - frame->x_min) * (frame->right - frame->left);
}

static double
y_of (const Frame *frame,
      double       value)
{
  return frame->bottom - (value - frame->y_min) / (frame->y_max - frame->y_min) * (frame->bottom - frame->top);
}

/* 1, 2 or 5 times a power of ten, near @range / 5. */
static double
nice_step (double range)
{
  double rough = range / 5.0;
  double power = pow (10.0, floor (log10 (rough)));
  double fraction = rough / power;

  if (fraction < 1.5)
    return power;
  if (fraction < 3.5)
    return 2 * power;
  if (fraction < 7.5)
    return 5 * power;
  return 10 * power;
}

static char *
number_text (double value,
             double step)
{
  int decimals = step >= 1.0 ? 0 : (int) ceil (-log10 (step));
  g_autofree char *plain = g_strdup_printf ("%.*f", decimals, value);

  return st_format_value (plain);
}

static void
show_text (cairo_t     *cr,
           PangoLayout *layout,
           const char  *text,
           double       x,
           double       y,
           double       x_align,
           double       y_align)
{
  int width, height;

  pango_layout_set_text (layout, text, -1);
  pango_layout_get_pixel_size (layout, &width, &height);
  cairo_move_to (cr, x - x_align * width, y - y_align * height);
  pango_cairo_show_layout (cr, layout);
}

static void
set_color (cairo_t       *cr,
           const GdkRGBA *color,
           double         alpha)
{
  cairo_set_source_rgba (cr, color->red, color->green, color->blue, color->alpha * alpha);
}

static const GdkRGBA limit_color = { 0.75, 0.11, 0.16, 1.0 };
static const GdkRGBA mean_color = { 0.11, 0.44, 0.85, 1.0 };
static const GdkRGBA within_color = { 0.11, 0.44, 0.85, 1.0 };
static const GdkRGBA beyond_color = { 0.61, 0.38, 0.0, 1.0 };

/* A horizontal line across the plot, its label to the right. */
typedef struct {
  double value;
  const GdkRGBA *color;
  gboolean dashed;
  double width;
  char *label;
  double label_y;
} Line;

static int
compare_lines (gconstpointer a,
               gconstpointer b)
{
  double ya = ((const Line *) a)->label_y, yb = ((const Line *) b)->label_y;

  return ya < yb ? -1 : ya > yb;
}

/* Labels of lines close together are pushed apart, so none covers another. */
static void
draw_lines (cairo_t     *cr,
            PangoLayout *layout,
            const Frame *frame,
            GArray      *lines)
{
  static const double dashes[] = { 6.0, 4.0 };
  int text_height = 0;

  pango_layout_set_text (layout, "0", -1);
  pango_layout_get_pixel_size (layout, NULL, &text_height);
  for (guint i = 0; i < lines->len; i++)
    {
      Line *line = &g_array_index (lines, Line, i);
      line->label_y = round (y_of (frame, line->value)) + 0.5;
    }
  g_array_sort (lines, compare_lines);
  for (guint i = 1; i < lines->len; i++)
    {
      Line *line = &g_array_index (lines, Line, i);
      double above = g_array_index (lines, Line, i - 1).label_y;
      line->label_y = MAX (line->label_y, above + text_height + 1);
    }
  for (guint i = 0; i < lines->len; i++)
    {
      const Line *line = &g_array_index (lines, Line, i);
      double y = round (y_of (frame, line->value)) + 0.5;

      cairo_save (cr);
      set_color (cr, line->color, 1.0);
      cairo_set_line_width (cr, line->width);
      cairo_set_dash (cr, dashes, line->dashed ? 2 : 0, 0);
      cairo_move_to (cr, frame->left, y);
      cairo_line_to (cr, frame->right, y);
      cairo_stroke (cr);
      show_text (cr, layout, line->label, frame->right + 8, line->label_y, 0.0, 0.5);
      cairo_restore (cr);
    }
}

static void
line_clear (Line *line)
{
  g_free (line->label);
}

/* Adds the mark to the path; the marks of one kind are filled or stroked
 * at once (100,000 lots draw in tens of milliseconds, not seconds). */
static void
add_mark (cairo_t     *cr,
          StTrendMark  mark,
          double       x,
          double       y,
          double       size)
{
  switch (mark)
    {
    case ST_TREND_MARK_OOS:
      cairo_move_to (cr, x - size, y - size);
      cairo_line_to (cr, x + size, y + size);
      cairo_move_to (cr, x - size, y + size);
      cairo_line_to (cr, x + size, y - size);
      break;
    case ST_TREND_MARK_BEYOND_3SD:
      cairo_move_to (cr, x, y - size - 1);
      cairo_line_to (cr, x + size + 1, y);
      cairo_line_to (cr, x, y + size + 1);
      cairo_line_to (cr, x - size - 1, y);
      cairo_close_path (cr);
      break;
    case ST_TREND_MARK_WITHIN:
    default:
      if (size > 3.0)
        {
          cairo_new_sub_path (cr);
          cairo_arc (cr, x, y, size * 0.8, 0, 2 * G_PI);
        }
      else
        /* A dense chart: whole-pixel squares, which cairo fills fast. */
        cairo_rectangle (cr, round (x - size / 2), round (y - size / 2), round (size), round (size));
      break;
    }
}

static void
draw_marks (StTrendsChart *self,
            cairo_t       *cr,
            const Frame   *frame)
{
  static const StTrendMark order[] = { ST_TREND_MARK_WITHIN, ST_TREND_MARK_BEYOND_3SD, ST_TREND_MARK_OOS };
  const StTrend *trend = self->trend;
  /* Dense charts get smaller dots (squares): they would only cover each other. */
  double size = trend->points->len > 5000 ? 2.0 : trend->points->len > 300 ? 3.0 : 4.0;

  for (guint k = 0; k < G_N_ELEMENTS (order); k++)
    {
      cairo_new_path (cr);
      for (guint i = 0; i < trend->points->len; i++)
        if (st_trends_chart_mark_of (self, i) == order[k])
          {
            const StTrendPoint *point = g_ptr_array_index (trend->points, i);
            add_mark (cr, order[k], x_of (frame, g_array_index (self->days, guint32, i)), y_of (frame, point->number),
                      order[k] == ST_TREND_MARK_WITHIN ? size : MAX (size, 3.5));
          }
      switch (order[k])
        {
        case ST_TREND_MARK_OOS:
          set_color (cr, &limit_color, 1.0);
          cairo_set_line_width (cr, 2.5);
          cairo_stroke (cr);
          break;
        case ST_TREND_MARK_BEYOND_3SD:
          set_color (cr, &beyond_color, 1.0);
          cairo_set_line_width (cr, 2.0);
          cairo_stroke (cr);
          break;
        case ST_TREND_MARK_WITHIN:
        default:
          set_color (cr, &within_color, 0.85);
          cairo_fill (cr);
          break;
        }
    }
}

static char *
line_label (const char *what,
            double      value,
            const char *unit)
{
  g_autofree char *plain = g_strdup_printf ("%.4g", value);
  g_autofree char *number = st_format_value (plain);

  return g_strdup_printf ("%s %s%s%s", what, number, unit != NULL ? " " : "", unit != NULL ? unit : "");
}

static void
draw_axes (StTrendsChart *self,
           cairo_t       *cr,
           PangoLayout   *layout,
           const Frame   *frame,
           const GdkRGBA *fg)
{
  double step = nice_step (frame->y_max - frame->y_min);
  double days = frame->x_max - frame->x_min;
  guint n_dates = (guint) CLAMP ((frame->right - frame->left) / 130.0, 2, 8);

  cairo_set_line_width (cr, 1.0);
  for (double value = ceil (frame->y_min / step) * step; value <= frame->y_max; value += step)
    {
      double y = round (y_of (frame, value)) + 0.5;
      g_autofree char *text = number_text (value, step);

      set_color (cr, fg, 0.10);
      cairo_move_to (cr, frame->left, y);
      cairo_line_to (cr, frame->right, y);
      cairo_stroke (cr);
      set_color (cr, fg, 0.7);
      show_text (cr, layout, text, frame->left - 8, y, 1.0, 0.5);
    }
  for (guint i = 0; i <= n_dates; i++)
    {
      double day = frame->x_min + days * i / n_dates;
      double x = round (x_of (frame, day)) + 0.5;
      g_autofree char *text = date_of (day);

      set_color (cr, fg, 0.10);
      cairo_move_to (cr, x, frame->top);
      cairo_line_to (cr, x, frame->bottom);
      cairo_stroke (cr);
      set_color (cr, fg, 0.7);
      show_text (cr, layout, text, x, frame->bottom + 8, i == 0 ? 0.0 : i == n_dates ? 1.0 : 0.5, 0.0);
    }
  set_color (cr, fg, 0.5);
  cairo_rectangle (cr, frame->left + 0.5, frame->top + 0.5, frame->right - frame->left, frame->bottom - frame->top);
  cairo_stroke (cr);
}

static void
render_base (StTrendsChart *self,
             cairo_t       *cr,
             int            width,
             int            height)
{
  const StTrend *trend = self->trend;
  g_autoptr(PangoLayout) layout = pango_cairo_create_layout (cr);
  PangoFontDescription *font = pango_font_description_from_string ("Sans 9");
  GdkRGBA fg = { 0.15, 0.15, 0.15, 1.0 };
  g_autoptr(GArray) lines = NULL;
  const char *unit;
  Frame frame;

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (GTK_WIDGET (self)), &fg);
  G_GNUC_END_IGNORE_DEPRECATIONS
  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);

  if (trend == NULL || trend->points->len == 0)
    {
      set_color (cr, &fg, 0.6);
      show_text (cr, layout, trend == NULL ? _("Choose a parameter") : _("No results in this period"),
                 width / 2.0, height / 2.0, 0.5, 0.5);
      return;
    }
  unit = trend->unit;
  frame = frame_for (self, width, height);
  draw_axes (self, cr, layout, &frame, &fg);

  lines = g_array_new (FALSE, TRUE, sizeof (Line));
  g_array_set_clear_func (lines, (GDestroyNotify) line_clear);
  if (trend->points->len > 1)
    {
      Line mean = { trend->mean, &mean_color, FALSE, 1.0, line_label (_("Mean"), trend->mean, unit) };
      Line upper = { trend->mean + 3 * trend->sd, &mean_color, TRUE, 1.0,
                     line_label (_("+3 SD"), trend->mean + 3 * trend->sd, unit) };
      Line lower = { trend->mean - 3 * trend->sd, &mean_color, TRUE, 1.0,
                     line_label (_("−3 SD"), trend->mean - 3 * trend->sd, unit) };

      g_array_append_val (lines, mean);
      g_array_append_val (lines, upper);
      g_array_append_val (lines, lower);
    }
  if (trend->has_low)
    {
      Line low = { trend->low, &limit_color, FALSE, 2.0,
                   line_label (trend->low_inclusive ? _("Limit ≥") : _("Limit >"), trend->low, unit) };
      g_array_append_val (lines, low);
    }
  if (trend->has_high)
    {
      Line high = { trend->high, &limit_color, FALSE, 2.0,
                    line_label (trend->high_inclusive ? _("Limit ≤") : _("Limit <"), trend->high, unit) };
      g_array_append_val (lines, high);
    }
  draw_lines (cr, layout, &frame, lines);

  cairo_save (cr);
  cairo_rectangle (cr, frame.left - HIT_RADIUS, frame.top - HIT_RADIUS, frame.right - frame.left + 2 * HIT_RADIUS,
                   frame.bottom - frame.top + 2 * HIT_RADIUS);
  cairo_clip (cr);
  draw_marks (self, cr, &frame);
  cairo_restore (cr);
}

/* The ring around the point under the pointer, drawn over the rest. */
static void
render_hovered (StTrendsChart *self,
                cairo_t       *cr,
                int            width,
                int            height)
{
  const StTrendPoint *point;
  GdkRGBA fg = { 0.15, 0.15, 0.15, 1.0 };
  Frame frame;

  if (self->trend == NULL || self->hovered < 0 || (guint) self->hovered >= self->trend->points->len)
    return;
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (GTK_WIDGET (self)), &fg);
  G_GNUC_END_IGNORE_DEPRECATIONS
  frame = frame_for (self, width, height);
  point = g_ptr_array_index (self->trend->points, self->hovered);
  set_color (cr, &fg, 0.9);
  cairo_set_line_width (cr, 1.5);
  cairo_new_path (cr);
  cairo_arc (cr, x_of (&frame, g_array_index (self->days, guint32, self->hovered)), y_of (&frame, point->number),
             9.0, 0, 2 * G_PI);
  cairo_stroke (cr);
}

void
st_trends_chart_render (StTrendsChart *self,
                        cairo_t       *cr,
                        int            width,
                        int            height)
{
  g_return_if_fail (ST_IS_TRENDS_CHART (self));

  render_base (self, cr, width, height);
  render_hovered (self, cr, width, height);
}

/* Drawn once per trend and size: moving the pointer only redraws the ring. */
static void
draw (GtkDrawingArea *area,
      cairo_t        *cr,
      int             width,
      int             height,
      gpointer        user_data)
{
  StTrendsChart *self = ST_TRENDS_CHART (area);
  int scale = gtk_widget_get_scale_factor (GTK_WIDGET (self));

  if (self->cache != NULL
      && (cairo_image_surface_get_width (self->cache) != width * scale
          || cairo_image_surface_get_height (self->cache) != height * scale))
    g_clear_pointer (&self->cache, cairo_surface_destroy);
  if (self->cache == NULL)
    {
      cairo_t *cache_cr;

      self->cache = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width * scale, height * scale);
      cairo_surface_set_device_scale (self->cache, scale, scale);
      cache_cr = cairo_create (self->cache);
      render_base (self, cache_cr, width, height);
      cairo_destroy (cache_cr);
    }
  cairo_set_source_surface (cr, self->cache, 0, 0);
  cairo_paint (cr);
  render_hovered (self, cr, width, height);
}

static void
forget_cache (StTrendsChart *self)
{
  g_clear_pointer (&self->cache, cairo_surface_destroy);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
st_trends_chart_css_changed (GtkWidget         *widget,
                             GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (st_trends_chart_parent_class)->css_changed (widget, change);
  forget_cache (ST_TRENDS_CHART (widget));
}

static void
set_hovered (StTrendsChart *self,
             int            hovered)
{
  g_autofree char *tooltip = NULL;

  if (self->hovered == hovered)
    {
      if (hovered >= 0 && gtk_widget_get_tooltip_text (GTK_WIDGET (self)) == NULL)
        {
          tooltip = st_trends_chart_describe (self, hovered);
          gtk_widget_set_tooltip_text (GTK_WIDGET (self), tooltip);
        }
      return;
    }
  self->hovered = hovered;
  if (hovered >= 0)
    tooltip = st_trends_chart_describe (self, hovered);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self), tooltip);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HOVERED]);
}

/* The lot pointed at stays named (and ringed) until the pointer reaches
 * another one or leaves the chart; the tooltip only over the point. */
static void
on_motion (GtkEventControllerMotion *controller,
           double                    x,
           double                    y,
           StTrendsChart            *self)
{
  int point = st_trends_chart_point_at (self, x, y);

  if (point >= 0)
    set_hovered (self, point);
  else
    gtk_widget_set_tooltip_text (GTK_WIDGET (self), NULL);
}

static void
on_leave (GtkEventControllerMotion *controller,
          StTrendsChart            *self)
{
  set_hovered (self, -1);
}

static void
st_trends_chart_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_HOVERED:
      g_value_set_int (value, ST_TRENDS_CHART (object)->hovered);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
st_trends_chart_finalize (GObject *object)
{
  StTrendsChart *self = ST_TRENDS_CHART (object);

  g_clear_pointer (&self->trend, st_trend_free);
  g_clear_pointer (&self->days, g_array_unref);
  g_clear_pointer (&self->cache, cairo_surface_destroy);
  G_OBJECT_CLASS (st_trends_chart_parent_class)->finalize (object);
}

static void
st_trends_chart_class_init (StTrendsChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = st_trends_chart_get_property;
  object_class->finalize = st_trends_chart_finalize;
  GTK_WIDGET_CLASS (klass)->css_changed = st_trends_chart_css_changed;

  properties[PROP_HOVERED] =
    g_param_spec_int ("hovered", NULL, NULL, -1, G_MAXINT, -1,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  gtk_widget_class_set_css_name (GTK_WIDGET_CLASS (klass), "trendschart");
}

static void
st_trends_chart_init (StTrendsChart *self)
{
  GtkEventController *motion = gtk_event_controller_motion_new ();

  self->hovered = -1;
  self->days = g_array_new (FALSE, FALSE, sizeof (guint32));
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (self), draw, NULL, NULL);
  g_signal_connect (motion, "motion", G_CALLBACK (on_motion), self);
  g_signal_connect (motion, "leave", G_CALLBACK (on_leave), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Trend chart"), -1);
}

StTrendsChart *
st_trends_chart_new (void)
{
  return g_object_new (ST_TYPE_TRENDS_CHART, NULL);
}

void
st_trends_chart_set_trend (StTrendsChart *self,
                           StTrend       *trend)
{
  g_return_if_fail (ST_IS_TRENDS_CHART (self));

  g_clear_pointer (&self->trend, st_trend_free);
  self->trend = trend;
  g_array_set_size (self->days, 0);
  for (guint i = 0; trend != NULL && i < trend->points->len; i++)
    {
      guint32 day = julian_of (((StTrendPoint *) g_ptr_array_index (trend->points, i))->made_on);
      g_array_append_val (self->days, day);
    }
  self->hovered = -2;
  set_hovered (self, -1);
  forget_cache (self);
}

const StTrend *
st_trends_chart_get_trend (StTrendsChart *self)
{
  return self->trend;
}

int
st_trends_chart_point_at (StTrendsChart *self,
                          double         x,
                          double         y)
{
  Frame frame;
  double best = HIT_RADIUS * HIT_RADIUS;
  int found = -1;

  if (self->trend == NULL || self->trend->points->len == 0)
    return -1;
  frame = frame_for (self, gtk_widget_get_width (GTK_WIDGET (self)), gtk_widget_get_height (GTK_WIDGET (self)));
  for (guint i = 0; i < self->trend->points->len; i++)
    {
      const StTrendPoint *point = g_ptr_array_index (self->trend->points, i);
      double dx = x_of (&frame, g_array_index (self->days, guint32, i)) - x;
      double dy = y_of (&frame, point->number) - y;

      if (dx * dx + dy * dy <= best)
        {
          best = dx * dx + dy * dy;
          found = (int) i;
        }
    }
  return found;
}

int
st_trends_chart_get_hovered (StTrendsChart *self)
{
  return self->hovered;
}

StTrendMark
st_trends_chart_mark_of (StTrendsChart *self,
                         guint          index)
{
  const StTrendPoint *point;

  g_return_val_if_fail (self->trend != NULL && index < self->trend->points->len, ST_TREND_MARK_WITHIN);

  point = g_ptr_array_index (self->trend->points, index);
  if (point->verdict == ST_VERDICT_OOS)
    return ST_TREND_MARK_OOS;
  if (self->trend->points->len > 1 && self->trend->sd > 0
      && fabs (point->number - self->trend->mean) > 3 * self->trend->sd)
    return ST_TREND_MARK_BEYOND_3SD;
  return ST_TREND_MARK_WITHIN;
}

char *
st_trends_chart_describe (StTrendsChart *self,
                          guint          index)
{
  const StTrendPoint *point;
  g_autofree char *value = NULL;
  const char *verdict;

  g_return_val_if_fail (self->trend != NULL && index < self->trend->points->len, NULL);

  point = g_ptr_array_index (self->trend->points, index);
  value = st_format_value (point->value);
  switch (st_trends_chart_mark_of (self, index))
    {
    case ST_TREND_MARK_OOS:
      verdict = _("out of specification");
      break;
    case ST_TREND_MARK_BEYOND_3SD:
      verdict = _("within the limits, beyond 3 SD of the mean");
      break;
    case ST_TREND_MARK_WITHIN:
    default:
      verdict = point->verdict == ST_VERDICT_REPORT ? _("reported") : _("within the limits");
      break;
    }
  return g_strdup_printf (_("%s · made %s · %s %s%s%s · %s · %s"), point->lot_number, point->made_on,
                          self->trend->test != NULL ? self->trend->test : self->trend->param, value,
                          self->trend->unit != NULL ? " " : "", self->trend->unit != NULL ? self->trend->unit : "",
                          verdict, st_format_status (point->status));
}
