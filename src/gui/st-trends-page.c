/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "st-trends-page.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "st-format.h"
#include "st-lots.h"
#include "st-specs.h"
#include "st-twin-task.h"

struct _StTrendsPage {
  AdwBin parent_instance;

  GtkDropDown *param_dropdown;
  GtkDropDown *period_dropdown;
  GtkSpinner *spinner;
  StTrendsChart *chart;
  GtkLabel *stats_label;
  GtkLabel *hover_label;

  StSession *session;
  GPtrArray *params;          /* char *: the parameters offered, in the drop-down's order */
  GCancellable *cancellable;
  gboolean busy;
  gboolean filling;
};

G_DEFINE_FINAL_TYPE (StTrendsPage, st_trends_page, ADW_TYPE_BIN)

typedef struct {
  char *param;
  char *since;
} Query;

static void
query_free (Query *query)
{
  g_free (query->param);
  g_free (query->since);
  g_free (query);
}

static gpointer
trend_work (StSession     *twin,
            gpointer       data,
            GCancellable  *cancellable,
            GError       **error)
{
  Query *query = data;

  return st_trends_get (twin, query->param, query->since, NULL, error);
}

static void
show_stats (StTrendsPage *self)
{
  const StTrend *trend = st_trends_chart_get_trend (self->chart);
  guint oos = 0, beyond = 0;
  g_autofree char *mean = NULL;
  g_autofree char *sd = NULL;
  g_autofree char *text = NULL;

  if (trend == NULL || trend->points->len == 0)
    {
      gtk_label_set_label (self->stats_label, trend == NULL ? "" : _("No lot has a result of this parameter in "
                                                                       "the period."));
      return;
    }
  for (guint i = 0; i < trend->points->len; i++)
    {
      StTrendMark mark = st_trends_chart_mark_of (self->chart, i);
      oos += mark == ST_TREND_MARK_OOS;
      beyond += mark == ST_TREND_MARK_BEYOND_3SD;
    }
  {
    g_autofree char *mean_plain = g_strdup_printf ("%.2f", trend->mean);
    g_autofree char *sd_plain = g_strdup_printf ("%.2f", trend->sd);
    mean = st_format_value (mean_plain);
    sd = st_format_value (sd_plain);
  }
  text = g_strdup_printf (_("%u lots · mean %s%s%s · SD %s · limit %s · %u out of specification · %u beyond 3 SD"),
                          trend->points->len, mean, trend->unit ? " " : "", trend->unit ? trend->unit : "", sd,
                          trend->limit_text != NULL ? trend->limit_text : _("none"), oos, beyond);
  gtk_label_set_label (self->stats_label, text);
}

static void
trend_done (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  StTrendsPage *self = ST_TRENDS_PAGE (source);
  g_autoptr(GError) error = NULL;
  StTrend *trend = st_twin_task_finish (result, &error);

  if (g_cancellable_is_cancelled (g_task_get_cancellable (G_TASK (result))))
    {
      if (trend != NULL)
        st_trend_free (trend);
      return;
    }
  self->busy = FALSE;
  gtk_spinner_set_spinning (self->spinner, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), FALSE);
  if (trend == NULL)
    {
      gtk_label_set_label (self->stats_label, error->message);
      return;
    }
  st_trends_chart_set_trend (self->chart, trend);
  show_stats (self);
}

static char *
since_for (StTrendsPeriod period)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) since = NULL;

  switch (period)
    {
    case ST_TRENDS_PERIOD_3_MONTHS:
      since = g_date_time_add_months (now, -3);
      break;
    case ST_TRENDS_PERIOD_12_MONTHS:
      since = g_date_time_add_years (now, -1);
      break;
    case ST_TRENDS_PERIOD_3_YEARS:
      since = g_date_time_add_years (now, -3);
      break;
    case ST_TRENDS_PERIOD_ALL:
    default:
      return NULL;
    }
  return g_date_time_format (since, "%Y-%m-%d");
}

static void
on_choice_changed (StTrendsPage *self)
{
  if (!self->filling)
    st_trends_page_reload (self);
}

static void
on_hovered (StTrendsPage *self)
{
  int hovered = st_trends_chart_get_hovered (self->chart);
  g_autofree char *text = hovered >= 0 ? st_trends_chart_describe (self->chart, hovered) : NULL;

  gtk_label_set_label (self->hover_label, text != NULL ? text : _("Point at a lot to see it here."));
}

static void
st_trends_page_dispose (GObject *object)
{
  StTrendsPage *self = ST_TRENDS_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), ST_TYPE_TRENDS_PAGE);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->session);
  g_clear_pointer (&self->params, g_ptr_array_unref);
  G_OBJECT_CLASS (st_trends_page_parent_class)->dispose (object);
}

static void
st_trends_page_class_init (StTrendsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = st_trends_page_dispose;

  g_type_ensure (ST_TYPE_TRENDS_CHART);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/stroma/Stroma/ui/st-trends-page.ui");
  gtk_widget_class_bind_template_child (widget_class, StTrendsPage, param_dropdown);
  gtk_widget_class_bind_template_child (widget_class, StTrendsPage, period_dropdown);
  gtk_widget_class_bind_template_child (widget_class, StTrendsPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, StTrendsPage, chart);
  gtk_widget_class_bind_template_child (widget_class, StTrendsPage, stats_label);
  gtk_widget_class_bind_template_child (widget_class, StTrendsPage, hover_label);
  gtk_widget_class_bind_template_callback (widget_class, on_choice_changed);
}

static void
st_trends_page_init (StTrendsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->params = g_ptr_array_new_with_free_func (g_free);
  g_signal_connect_swapped (self->chart, "notify::hovered", G_CALLBACK (on_hovered), self);
  on_hovered (self);
}

/* The numeric items of the default specification's newest version that
 * are entered (derived ones have no results of their own). */
static void
fill_params (StTrendsPage *self)
{
  g_autoptr(StSpec) spec = st_specs_get (self->session, ST_DEFAULT_SPEC_CODE, NULL);
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  guint viability = 0;

  g_ptr_array_set_size (self->params, 0);
  for (guint i = 0; spec != NULL && i < spec->items->len; i++)
    {
      const StSpecItem *item = g_ptr_array_index (spec->items, i);
      g_autofree char *name = NULL;

      if (item->type != ST_ITEM_NUMBER || item->derived)
        continue;
      if (g_str_equal (item->param, "viability"))
        viability = self->params->len;
      g_ptr_array_add (self->params, g_strdup (item->param));
      name = item->unit != NULL ? g_strdup_printf ("%s (%s)", item->test, item->unit) : g_strdup (item->test);
      gtk_string_list_append (names, name);
    }
  self->filling = TRUE;
  gtk_drop_down_set_model (self->param_dropdown, G_LIST_MODEL (names));
  gtk_drop_down_set_selected (self->param_dropdown, viability);
  self->filling = FALSE;
}

void
st_trends_page_set_session (StTrendsPage *self,
                            StSession    *session)
{
  g_return_if_fail (ST_IS_TRENDS_PAGE (self));

  g_cancellable_cancel (self->cancellable);
  g_set_object (&self->session, session);
  st_trends_chart_set_trend (self->chart, NULL);
  g_ptr_array_set_size (self->params, 0);
  show_stats (self);
}

void
st_trends_page_reload (StTrendsPage *self)
{
  guint selected;
  Query *query;

  g_return_if_fail (ST_IS_TRENDS_PAGE (self));

  if (self->session == NULL)
    return;
  if (self->params->len == 0)
    fill_params (self);
  selected = gtk_drop_down_get_selected (self->param_dropdown);
  if (selected >= self->params->len)
    return;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  query = g_new0 (Query, 1);
  query->param = g_strdup (g_ptr_array_index (self->params, selected));
  query->since = since_for (gtk_drop_down_get_selected (self->period_dropdown));
  self->busy = TRUE;
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), TRUE);
  gtk_spinner_set_spinning (self->spinner, TRUE);
  st_twin_task_run (self, self->session, trend_work, query, (GDestroyNotify) query_free,
                    (GDestroyNotify) st_trend_free, self->cancellable, trend_done, NULL);
}

gboolean
st_trends_page_show_trend (StTrendsPage   *self,
                           const char     *param,
                           StTrendsPeriod  period)
{
  g_return_val_if_fail (ST_IS_TRENDS_PAGE (self), FALSE);

  if (self->params->len == 0 && self->session != NULL)
    fill_params (self);
  for (guint i = 0; i < self->params->len; i++)
    if (g_str_equal (g_ptr_array_index (self->params, i), param))
      {
        self->filling = TRUE;
        gtk_drop_down_set_selected (self->param_dropdown, i);
        gtk_drop_down_set_selected (self->period_dropdown, period);
        self->filling = FALSE;
        st_trends_page_reload (self);
        return TRUE;
      }
  return FALSE;
}

gboolean
st_trends_page_is_busy (StTrendsPage *self)
{
  return self->busy;
}

StTrendsChart *
st_trends_page_get_chart (StTrendsPage *self)
{
  return self->chart;
}
