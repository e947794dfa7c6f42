/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * How the desktop shows the core's words: statuses, verdicts and
 * eligibility as words with an icon and a style class (never colour alone),
 * times in the local zone, numbers with the locale's decimal separator.
 */

typedef struct {
  const char *label;        /* translated word */
  const char *icon_name;
  const char *css_class;    /* "verdict-conform", ... */
} StBadge;

const char *st_format_status          (const char *status);
/* A lot's verdict: conform, oos, incomplete. */
StBadge     st_format_lot_verdict     (const char *verdict);
/* An item's verdict: conform, oos, missing, pending, report. */
StBadge     st_format_item_verdict    (const char *verdict);
StBadge     st_format_eligibility     (const char *eligibility);
/* The core's words for a donor's sex and a deviation's class and status,
 * translated ("female" -> "weiblich"); unknown words as they are. */
const char *st_format_sex             (const char *sex);
const char *st_format_severity        (const char *severity);
const char *st_format_deviation_status (const char *status);

/* "2026-11-26T09:14:03Z" -> "26.11.2026 10:14" (de) in the local zone and the locale's date order; "" for NULL. */
char       *st_format_time            (const char *iso_utc);
/* The same with seconds. */
char       *st_format_time_seconds    (const char *iso_utc);
/* The local date only, in the locale's order. */
char       *st_format_date            (const char *iso_utc);
/* A calendar date "2026-11-26" in the locale's order ("26.11.2026"). */
char       *st_format_day             (const char *iso_date);
/* Canonical decimal text to the user's locale ("92.5" -> "92,5" in German);
 * anything that is not a number is returned as it is. */
char       *st_format_value           (const char *canonical);

G_END_DECLS
