/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "st-trends.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "st-decimal.h"
#include "st-evaluate.h"
#include "st-lots.h"
#include "st-store-specs.h"
#include "st-store-trends.h"

G_DEFINE_QUARK (st-trends-error-quark, st_trends_error)

static void
trend_point_free (StTrendPoint *point)
{
  g_free (point->lot_number);
  g_free (point->made_on);
  g_free (point->value);
  g_free (point->status);
  g_free (point);
}

void
st_trend_free (StTrend *trend)
{
  if (trend == NULL)
    return;
  g_free (trend->param);
  g_free (trend->test);
  g_free (trend->unit);
  g_free (trend->limit_text);
  g_clear_pointer (&trend->points, g_ptr_array_unref);
  g_free (trend);
}

static gboolean
check_date (const char  *field,
            const char  *date,
            GError     **error)
{
  g_autofree char *iso = NULL;
  g_autoptr(GDateTime) parsed = NULL;

  if (date == NULL)
    return TRUE;
  iso = g_strconcat (date, "T00:00:00Z", NULL);
  if (strlen (date) != 10 || (parsed = g_date_time_new_from_iso8601 (iso, NULL)) == NULL)
    {
      g_set_error (error, ST_TRENDS_ERROR, ST_TRENDS_ERROR_INVALID,
                   _("%s: '%s' is not a date (YYYY-MM-DD)"), field, date);
      return FALSE;
    }
  return TRUE;
}

/* The limit lines: the lower and upper limits of the item. */
static void
take_limits (StTrend          *trend,
             const StSpecItem *item)
{
  trend->test = g_strdup (item->test);
  trend->unit = g_strdup (item->unit);
  trend->limit_text = st_spec_item_limit_text (item);
  for (guint i = 0; item->limits != NULL && i < item->limits->len; i++)
    {
      const StLimit *limit = g_ptr_array_index (item->limits, i);
      double value = st_decimal_to_double (limit->value);

      if (limit->op == ST_LIMIT_GE || limit->op == ST_LIMIT_GT)
        {
          trend->has_low = TRUE;
          trend->low = value;
          trend->low_inclusive = limit->op == ST_LIMIT_GE;
        }
      else
        {
          trend->has_high = TRUE;
          trend->high = value;
          trend->high_inclusive = limit->op == ST_LIMIT_LE;
        }
    }
}

static void
compute_statistics (StTrend *trend)
{
  guint n = trend->points->len;
  double sum = 0.0, squares = 0.0;

  for (guint i = 0; i < n; i++)
    sum += ((StTrendPoint *) g_ptr_array_index (trend->points, i))->number;
  trend->mean = n > 0 ? sum / n : 0.0;
  for (guint i = 0; i < n; i++)
    {
      double d = ((StTrendPoint *) g_ptr_array_index (trend->points, i))->number - trend->mean;
      squares += d * d;
    }
  trend->sd = n > 1 ? sqrt (squares / (n - 1)) : 0.0;
}

static gboolean
fill (StSession    *session,
      StTrend      *trend,
      const char   *since,
      const char   *until,
      GError      **error)
{
  StDb *db = st_session_get_db (session);
  g_autoptr(GPtrArray) rows = st_store_trends_rows (db, trend->param, since, until, error);
  gint64 limits_spec = 0;
  const StSpec *spec;
  const StSpecItem *item;

  if (rows == NULL)
    return FALSE;
  for (guint i = 0; i < rows->len; i++)
    {
      StTrendRow *row = g_ptr_array_index (rows, i);
      StTrendPoint *point;

      if (!st_decimal_is_valid (row->value))
        continue;
      spec = st_evaluate_spec (db, row->spec_id, error);
      if (spec == NULL)
        return FALSE;
      item = st_spec_find_item (spec, trend->param);
      point = g_new0 (StTrendPoint, 1);
      point->lot_number = g_steal_pointer (&row->lot_number);
      point->made_on = g_steal_pointer (&row->made_on);
      point->value = g_steal_pointer (&row->value);
      point->status = g_steal_pointer (&row->status);
      point->number = st_decimal_to_double (point->value);
      point->verdict = item != NULL ? st_spec_item_judge (item, point->value) : ST_VERDICT_REPORT;
      g_ptr_array_add (trend->points, point);
      if (item != NULL)
        limits_spec = row->spec_id;
    }

  /* The limits of the newest lot's version; without points, of the
   * default specification's newest approved version. */
  if (limits_spec == 0)
    {
      g_autoptr(StSpecRecord) record = st_store_specs_find (db, ST_DEFAULT_SPEC_CODE, 0, NULL);
      limits_spec = record != NULL ? record->id : 0;
    }
  if (limits_spec != 0)
    {
      spec = st_evaluate_spec (db, limits_spec, error);
      if (spec == NULL)
        return FALSE;
      if ((item = st_spec_find_item (spec, trend->param)) != NULL)
        take_limits (trend, item);
    }
  compute_statistics (trend);
  return TRUE;
}

StTrend *
st_trends_get (StSession   *session,
               const char  *param,
               const char  *since,
               const char  *until,
               GError     **error)
{
  g_autoptr(StTrend) trend = NULL;
  gboolean ok;

  if (param == NULL || *param == '\0' || strlen (param) > 64)
    {
      g_set_error (error, ST_TRENDS_ERROR, ST_TRENDS_ERROR_INVALID, _("parameter: name one, e.g. viability"));
      return NULL;
    }
  if (!check_date (_("since"), since, error) || !check_date (_("until"), until, error))
    return NULL;
  if (!st_session_begin_read (session, error))
    return NULL;
  trend = g_new0 (StTrend, 1);
  trend->param = g_strdup (param);
  trend->points = g_ptr_array_new_with_free_func ((GDestroyNotify) trend_point_free);
  ok = fill (session, trend, since, until, error);
  st_session_end_read (session);
  if (!ok)
    return NULL;
  return g_steal_pointer (&trend);
}
