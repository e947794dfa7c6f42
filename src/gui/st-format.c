/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "st-format.h"

#include <glib/gi18n-lib.h>

#include "st-decimal.h"
#include "st-value.h"

const char *
st_format_status (const char *status)
{
  static const struct { const char *status; const char *label; } statuses[] = {
    { "open", N_("Open") },
    { "in_review", N_("In review") },
    { "reviewed", N_("Reviewed") },
    { "released", N_("Released") },
    { "released_initial", N_("Released (initial)") },
    { "released_exceptional", N_("Released (exceptional)") },
    { "rejected", N_("Rejected") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    if (g_strcmp0 (status, statuses[i].status) == 0)
      return _(statuses[i].label);
  return status != NULL ? status : "";
}

StBadge
st_format_lot_verdict (const char *verdict)
{
  if (g_strcmp0 (verdict, "conform") == 0)
    return (StBadge) { _("Conforms"), "emblem-ok-symbolic", "verdict-conform" };
  if (g_strcmp0 (verdict, "oos") == 0)
    return (StBadge) { _("Out of specification"), "dialog-error-symbolic", "verdict-oos" };
  return (StBadge) { _("Incomplete"), "content-loading-symbolic", "verdict-incomplete" };
}

StBadge
st_format_item_verdict (const char *verdict)
{
  if (g_strcmp0 (verdict, "conform") == 0)
    return (StBadge) { _("Conforms"), "emblem-ok-symbolic", "verdict-conform" };
  if (g_strcmp0 (verdict, "oos") == 0)
    return (StBadge) { _("OOS"), "dialog-error-symbolic", "verdict-oos" };
  if (g_strcmp0 (verdict, "pending") == 0)
    return (StBadge) { _("Pending"), "appointment-soon-symbolic", "verdict-pending" };
  if (g_strcmp0 (verdict, "report") == 0)
    return (StBadge) { _("Reported"), "dialog-information-symbolic", "verdict-report" };
  return (StBadge) { _("Missing"), "content-loading-symbolic", "verdict-incomplete" };
}

StBadge
st_format_eligibility (const char *eligibility)
{
  if (g_strcmp0 (eligibility, "eligible") == 0)
    return (StBadge) { _("Eligible"), "emblem-ok-symbolic", "verdict-conform" };
  if (g_strcmp0 (eligibility, "ineligible") == 0)
    return (StBadge) { _("Ineligible"), "dialog-error-symbolic", "verdict-oos" };
  return (StBadge) { _("Incomplete"), "content-loading-symbolic", "verdict-incomplete" };
}

typedef struct {
  const char *word;
  const char *context;
  const char *label;
} Word;

static const char *
word_label (const Word *words,
            gsize       n_words,
            const char *word)
{
  for (gsize i = 0; i < n_words; i++)
    if (g_strcmp0 (word, words[i].word) == 0)
      return g_dpgettext2 (GETTEXT_PACKAGE, words[i].context, words[i].label);
  return word != NULL ? word : "";
}

const char *
st_format_sex (const char *sex)
{
  static const Word words[] = {
    { "female", "sex", NC_("sex", "female") },
    { "male", "sex", NC_("sex", "male") },
  };

  return word_label (words, G_N_ELEMENTS (words), sex);
}

const char *
st_format_severity (const char *severity)
{
  static const Word words[] = {
    { "minor", "deviation class", NC_("deviation class", "minor") },
    { "major", "deviation class", NC_("deviation class", "major") },
    { "critical", "deviation class", NC_("deviation class", "critical") },
  };

  return word_label (words, G_N_ELEMENTS (words), severity);
}

const char *
st_format_deviation_status (const char *status)
{
  static const Word words[] = {
    { "open", "deviation status", NC_("deviation status", "open") },
    { "closed", "deviation status", NC_("deviation status", "closed") },
  };

  return word_label (words, G_N_ELEMENTS (words), status);
}

static char *
format_local (const char *iso_utc,
              const char *format)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;

  if (iso_utc == NULL || *iso_utc == '\0')
    return g_strdup ("");
  utc = g_date_time_new_from_iso8601 (iso_utc, NULL);
  if (utc == NULL)
    return g_strdup (iso_utc);
  local = g_date_time_to_local (utc);
  return g_date_time_format (local, format);
}

/* The local date in the locale's order, then the time if @time_format. */
static char *
format_local_day (const char *iso_utc,
                  const char *time_format)
{
  g_autofree char *day = format_local (iso_utc, "%Y-%m-%d");
  g_autofree char *shown = NULL;
  g_autofree char *time = NULL;

  if (*day == '\0' || g_str_equal (day, iso_utc))
    return g_steal_pointer (&day);
  shown = st_value_date_to_locale (day, NULL);
  if (time_format == NULL)
    return g_steal_pointer (&shown);
  time = format_local (iso_utc, time_format);
  return g_strdup_printf ("%s %s", shown, time);
}

char *
st_format_time (const char *iso_utc)
{
  return format_local_day (iso_utc, "%H:%M");
}

char *
st_format_time_seconds (const char *iso_utc)
{
  return format_local_day (iso_utc, "%H:%M:%S");
}

char *
st_format_date (const char *iso_utc)
{
  return format_local_day (iso_utc, NULL);
}

char *
st_format_day (const char *iso_date)
{
  if (iso_date == NULL)
    return g_strdup ("");
  return st_value_date_to_locale (iso_date, NULL);
}

char *
st_format_value (const char *canonical)
{
  if (canonical == NULL)
    return g_strdup ("");
  if (!st_decimal_is_valid (canonical))
    return g_strdup (canonical);
  return st_value_number_to_locale (canonical, NULL);
}
