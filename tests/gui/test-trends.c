/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "gui-fixture.h"
#include "gui-lots.h"

static GuiFixture *fixture;

static gboolean
trend_read (gpointer data)
{
  return !st_trends_page_is_busy (data);
}

/* Pixels that differ from the first one (the background). */
static guint
count_drawn (cairo_surface_t *surface,
             guint           *reddish)
{
  const guchar *data = cairo_image_surface_get_data (surface);
  int stride = cairo_image_surface_get_stride (surface);
  int width = cairo_image_surface_get_width (surface);
  int height = cairo_image_surface_get_height (surface);
  guint32 background = *(const guint32 *) data;
  guint drawn = 0;

  *reddish = 0;
  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        guint32 pixel = *(const guint32 *) (data + y * stride + x * 4);
        guint r = (pixel >> 16) & 0xff, g = (pixel >> 8) & 0xff, b = pixel & 0xff;

        if (pixel != background)
          drawn++;
        if (r > 150 && g < 90 && b < 90)
          (*reddish)++;
      }
  return drawn;
}

static void
test_chart (void)
{
  StWindow *window = gui_fixture_window (fixture);
  StTrendsPage *page = st_window_get_trends_page (window);
  StTrendsChart *chart = st_trends_page_get_chart (page);
  const StTrend *trend;
  cairo_surface_t *surface;
  cairo_t *cr;
  guint drawn, reddish;
  int hit = -1;
  int oos = -1;

  gui_sign_in (window, "qp", GUI_PASSWORD);
  g_assert_true (st_window_show_section (window, "trends"));
  g_assert_true (st_trends_page_show_trend (page, "viability", ST_TRENDS_PERIOD_ALL));
  g_assert_true (gui_wait_until (trend_read, page, 20000));
  trend = st_trends_chart_get_trend (chart);
  g_assert_nonnull (trend);
  g_assert_cmpuint (trend->points->len, ==, 8);
  g_assert_true (trend->has_low);
  g_assert_cmpfloat (trend->low, ==, 70.0);

  /* Out of specification is a cross, not only a colour. */
  for (guint i = 0; i < trend->points->len; i++)
    if (st_trends_chart_mark_of (chart, i) == ST_TREND_MARK_OOS)
      {
        g_assert_cmpint (oos, ==, -1);
        oos = (int) i;
      }
  g_assert_cmpint (oos, >=, 0);
  g_assert_cmpstr (((StTrendPoint *) g_ptr_array_index (trend->points, oos))->lot_number, ==, "TR-OOS");

  /* Drawn on an image surface: axes, lines, points. */
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 900, 420);
  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  st_trends_chart_render (chart, cr, 900, 420);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  drawn = count_drawn (surface, &reddish);
  g_test_message ("%u pixels drawn, %u of them red (the limit line and the cross)", drawn, reddish);
  g_assert_cmpuint (drawn, >, 5000);
  g_assert_cmpuint (reddish, >, 500);
  cairo_surface_destroy (surface);

  /* The pointer over a point names the lot: search the drawn chart for one. */
  gui_spin (100);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (chart)), >, 300);
  for (int y = 0; y < gtk_widget_get_height (GTK_WIDGET (chart)) && hit < 0; y += 2)
    for (int x = 0; x < gtk_widget_get_width (GTK_WIDGET (chart)) && hit < 0; x += 2)
      hit = st_trends_chart_point_at (chart, x, y);
  g_assert_cmpint (hit, >=, 0);
  {
    g_autofree char *text = st_trends_chart_describe (chart, (guint) hit);
    g_test_message ("%s", text);
    g_assert_true (g_str_has_prefix (text, "TR-"));
    g_assert_nonnull (strstr (text, "Viability"));
  }
  g_assert_cmpint (st_trends_chart_point_at (chart, 1, 1), ==, -1);

  /* A shorter period: the lots made in it. */
  g_assert_true (st_trends_page_show_trend (page, "viability", ST_TRENDS_PERIOD_3_MONTHS));
  g_assert_true (gui_wait_until (trend_read, page, 20000));
  g_assert_cmpuint (st_trends_chart_get_trend (chart)->points->len, ==, 3);
  gui_close_window (window);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GuiFixture) owned = NULL;
  static const char *const values[] = { "88.1", "91.4", "90.2", "86.7", "93.0", "89.5", "92.2" };

  if (!gui_test_init (&argc, &argv))
    return g_test_run ();
  owned = fixture = gui_fixture_new (0);
  /* Seven conforming lots made 300, 255 ... 30 days ago, and one OOS lot 20 days ago. */
  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      g_autofree char *lot = g_strdup_printf ("TR-%u", i + 1);
      g_autofree char *override = g_strdup_printf ("viability=%s", values[i]);
      const char *overrides[] = { override, NULL };
      gui_make_lot (fixture, NULL, lot, NULL, overrides, 300 - i * 45, GUI_LOT_OPEN);
    }
  gui_make_lot (fixture, NULL, "TR-OOS", NULL, (const char *[]) { "viability=61.5", NULL }, 20, GUI_LOT_OPEN);
  g_test_add_func ("/gui/trends/chart", test_chart);
  return g_test_run ();
}
