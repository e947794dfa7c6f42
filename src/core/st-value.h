/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * Parsing what users type: dates, counts, whole numbers and numbers typed
 * with the locale's decimal separator.  Every error names the field and the
 * rule, "seeded: 0 is not a positive number".
 */

#define ST_VALUE_ERROR (st_value_error_quark ())
GQuark st_value_error_quark (void);

typedef enum {
  /* The text is not of the kind asked for (not a date, not a number). */
  ST_VALUE_ERROR_FORMAT = 200,
  /* The value is well formed but outside what the field allows. */
  ST_VALUE_ERROR_RANGE = 201,
  /* A number typed with the wrong decimal separator or with digit grouping. */
  ST_VALUE_ERROR_SEPARATOR = 202,
  /* Nothing was typed where a value is required. */
  ST_VALUE_ERROR_EMPTY = 203,
} StValueError;

/* Strict YYYY-MM-DD, a real calendar date.  @out may be NULL. */
gboolean st_value_parse_date      (const char *field,
                                   const char *text,
                                   GDate      *out,
                                   GError    **error);
/* The same, and not after today (UTC). */
gboolean st_value_parse_past_date (const char *field,
                                   const char *text,
                                   GDate      *out,
                                   GError    **error);
/* Now in UTC to the second: "2026-11-26T09:14:03Z". */
char    *st_value_now_iso         (void);
/* Today's date in UTC. */
void     st_value_today           (GDate      *out);

/* A positive whole number (cells, ...): digits only, > 0, fits gint64. */
gboolean st_value_parse_count     (const char *field,
                                   const char *text,
                                   gint64     *out,
                                   GError    **error);
/* A whole number in [@min, @max] (birth year, passage number). */
gboolean st_value_parse_int_range (const char *field,
                                   const char *text,
                                   gint64      min,
                                   gint64      max,
                                   gint64     *out,
                                   GError    **error);

/* A number typed in the desktop app with the locale's @decimal_point (","
 * for de; NULL means the current locale's) returned as canonical decimal
 * text with '.', digits kept as typed: "92,50" -> "92.50".  Surrounding
 * spaces are trimmed; the other separator, digit grouping, exponents and
 * empty text are refused. */
char    *st_value_number_from_locale (const char *field,
                                      const char *text,
                                      const char *decimal_point,
                                      GError    **error);
/* Canonical "92.50" -> "92,50" for display with @decimal_point (NULL: the
 * current locale's). */
char    *st_value_number_to_locale   (const char *canonical,
                                      const char *decimal_point);

/* Dates typed and shown in the desktop app in the order of the locale's
 * numeric dates (@d_fmt is LC_TIME's D_FMT, "%d.%m.%Y" for de; NULL means
 * the current locale's), four-digit years: "26.11.2026" <-> "2026-11-26".
 * ISO 8601 is always understood, and is the only form in the C locale.
 * st_value_date_hint() is the pattern for an empty field ("DD.MM.YYYY"). */
char    *st_value_date_from_locale   (const char *field,
                                      const char *text,
                                      const char *d_fmt,
                                      GError    **error);
char    *st_value_date_to_locale     (const char *iso_date,
                                      const char *d_fmt);
char    *st_value_date_hint          (const char *d_fmt);

G_END_DECLS
