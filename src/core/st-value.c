/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "st-value.h"

#include "st-decimal.h"

#include <errno.h>
#include <langinfo.h>
#include <locale.h>
#include <string.h>

G_DEFINE_QUARK (st-value-error-quark, st_value_error)

/* Input echoed in a message: messages are UTF-8 whatever bytes were typed. */
static char *
shown (const char *text)
{
  return g_utf8_make_valid (text, -1);
}

static gboolean
all_digits (const char *text)
{
  if (*text == '\0')
    return FALSE;
  for (; *text != '\0'; text++)
    if (!g_ascii_isdigit (*text))
      return FALSE;
  return TRUE;
}

gboolean
st_value_parse_date (const char *field,
                     const char *text,
                     GDate      *out,
                     GError    **error)
{
  guint year, month, day;

  g_return_val_if_fail (field != NULL, FALSE);

  if (text == NULL || *text == '\0')
    {
      g_set_error (error, ST_VALUE_ERROR, ST_VALUE_ERROR_EMPTY,
                   _("%s: a date is required (YYYY-MM-DD)"), field);
      return FALSE;
    }

  if (strlen (text) != 10 || text[4] != '-' || text[7] != '-')
    goto invalid;
  for (int i = 0; i < 10; i++)
    if (i != 4 && i != 7 && !g_ascii_isdigit (text[i]))
      goto invalid;

  year = (guint) g_ascii_strtoull (text, NULL, 10);
  month = (guint) g_ascii_strtoull (text + 5, NULL, 10);
  day = (guint) g_ascii_strtoull (text + 8, NULL, 10);
  if (month < 1 || month > 12
      || !g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year))
    goto invalid;

  if (out != NULL)
    {
      g_date_clear (out, 1);
      g_date_set_dmy (out, (GDateDay) day, (GDateMonth) month, (GDateYear) year);
    }
  return TRUE;

invalid:
  {
    g_autofree char *typed = shown (text);
    g_set_error (error, ST_VALUE_ERROR, ST_VALUE_ERROR_FORMAT,
                 _("%s: '%s' is not a date (YYYY-MM-DD)"), field, typed);
  }
  return FALSE;
}

gboolean
st_value_parse_past_date (const char *field,
                          const char *text,
                          GDate      *out,
                          GError    **error)
{
  GDate date;
  GDate today;

  if (!st_value_parse_date (field, text, &date, error))
    return FALSE;

  st_value_today (&today);
  if (g_date_compare (&date, &today) > 0)
    {
      g_set_error (error, ST_VALUE_ERROR, ST_VALUE_ERROR_RANGE,
                   _("%s: %s is in the future"), field, text);
      return FALSE;
    }
  if (out != NULL)
    *out = date;
  return TRUE;
}

char *
st_value_now_iso (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
}

void
st_value_today (GDate *out)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  g_return_if_fail (out != NULL);

  g_date_clear (out, 1);
  g_date_set_dmy (out,
                  (GDateDay) g_date_time_get_day_of_month (now),
                  (GDateMonth) g_date_time_get_month (now),
                  (GDateYear) g_date_time_get_year (now));
}

gboolean
st_value_parse_count (const char *field,
                      const char *text,
                      gint64     *out,
                      GError    **error)
{
  guint64 value;

  g_return_val_if_fail (field != NULL, FALSE);

  if (text == NULL || *text == '\0')
    {
      g_set_error (error, ST_VALUE_ERROR, ST_VALUE_ERROR_EMPTY,
                   _("%s: a value is required"), field);
      return FALSE;
    }
  if (text[0] == '-' && all_digits (text + 1))
    {
      g_set_error (error, ST_VALUE_ERROR, ST_VALUE_ERROR_RANGE,
                   _("%s: %s is not a positive number"), field, text);
      return FALSE;
    }
  if (!all_digits (text))
    {
      g_autofree char *typed = shown (text);
      g_set_error (error, ST_VALUE_ERROR, ST_VALUE_ERROR_FORMAT,
                   _("%s: '%s' is not a whole number"), field, typed);
      return FALSE;
    }
  if (!g_ascii_string_to_unsigned (text, 10, 0, G_MAXINT64, &value, NULL))
    {
      g_set_error (error, ST_VALUE_ERROR, ST_VALUE_ERROR_RANGE,
                   _("%s: %s is too large"), field, text);
      return FALSE;
    }
  if (value == 0)
    {
      g_set_error (error, ST_VALUE_ERROR, ST_VALUE_ERROR_RANGE,
                   _("%s: %s is not a positive number"), field, text);
      return FALSE;
    }
  if (out != NULL)
    *out = (gint64) value;
  return TRUE;
}

gboolean
st_value_parse_int_range (const char *field,
                          const char *text,
                          gint64      min,
                          gint64      max,
                          gint64     *out,
                          GError    **error)
{
  gint64 value;

  g_return_val_if_fail (field != NULL, FALSE);
  g_return_val_if_fail (min <= max, FALSE);

  if (text == NULL || *text == '\0')
    {
      g_set_error (error, ST_VALUE_ERROR, ST_VALUE_ERROR_EMPTY,
                   _("%s: a value is required"), field);
      return FALSE;
    }
  if (!all_digits (text[0] == '-' ? text + 1 : text))
    {
      g_autofree char *typed = shown (text);
      g_set_error (error, ST_VALUE_ERROR, ST_VALUE_ERROR_FORMAT,
                   _("%s: '%s' is not a whole number"), field, typed);
      return FALSE;
    }
  errno = 0;
  value = g_ascii_strtoll (text, NULL, 10);
  /* Numbers too long for gint64 are out of range on their sign's side. */
  if ((errno == ERANGE && text[0] == '-') || (errno != ERANGE && value < min))
    {
      g_autofree char *bound = g_strdup_printf ("%" G_GINT64_FORMAT, min);
      g_set_error (error, ST_VALUE_ERROR, ST_VALUE_ERROR_RANGE,
                   _("%s: %s is below %s"), field, text, bound);
      return FALSE;
    }
  if (errno == ERANGE || value > max)
    {
      g_autofree char *bound = g_strdup_printf ("%" G_GINT64_FORMAT, max);
      g_set_error (error, ST_VALUE_ERROR, ST_VALUE_ERROR_RANGE,
                   _("%s: %s is above %s"), field, text, bound);
      return FALSE;
    }
  if (out != NULL)
    *out = value;
  return TRUE;
}

static const char *
locale_decimal_point (const char *decimal_point)
{
  if (decimal_point == NULL || *decimal_point == '\0')
    {
      const struct lconv *conv = localeconv ();
      decimal_point = conv->decimal_point;
    }
  return (decimal_point != NULL && *decimal_point != '\0') ? decimal_point : ".";
}

/* Characters people put between groups of digits, besides '.' and ','. */
static gboolean
is_group_separator (gunichar c)
{
  return g_unichar_isspace (c) || c == '\'' || c == 0x2019 /* ’ */
      || c == 0x00A0 || c == 0x202F || c == 0x2009;
}

char *
st_value_number_from_locale (const char *field,
                             const char *text,
                             const char *decimal_point,
                             GError    **error)
{
  g_autofree char *trimmed = NULL;
  g_autoptr(GString) canonical = NULL;
  gsize point_len;
  guint n_points = 0;
  guint n_other = 0;
  gboolean grouped = FALSE;
  const char *p;

  g_return_val_if_fail (field != NULL, NULL);

  decimal_point = locale_decimal_point (decimal_point);
  point_len = strlen (decimal_point);
  trimmed = g_strstrip (g_strdup (text != NULL ? text : ""));
  if (*trimmed == '\0')
    {
      g_set_error (error, ST_VALUE_ERROR, ST_VALUE_ERROR_EMPTY,
                   _("%s: a value is required"), field);
      return NULL;
    }
  if (!g_utf8_validate (trimmed, -1, NULL))
    goto not_a_number;

  canonical = g_string_new (NULL);
  p = trimmed;
  if (*p == '-')
    {
      g_string_append_c (canonical, '-');
      p++;
    }
  while (*p != '\0')
    {
      gunichar c;

      if (strncmp (p, decimal_point, point_len) == 0)
        {
          n_points++;
          g_string_append_c (canonical, '.');
          p += point_len;
          continue;
        }
      c = g_utf8_get_char (p);
      if (g_ascii_isdigit (*p))
        g_string_append_c (canonical, *p);
      else if (*p == '.' || *p == ',')
        n_other++;
      else if (is_group_separator (c))
        grouped = TRUE;
      else
        goto not_a_number;
      p = g_utf8_next_char (p);
    }

  /* "1.000,5" could be a thousand and a half or a typo: never guess. */
  if (grouped || n_points > 1 || n_other > 1 || (n_points > 0 && n_other > 0))
    {
      g_set_error (error, ST_VALUE_ERROR, ST_VALUE_ERROR_SEPARATOR,
                   _("%s: '%s' is ambiguous; type the number without digit grouping"),
                   field, trimmed);
      return NULL;
    }
  if (n_other == 1)
    {
      g_set_error (error, ST_VALUE_ERROR, ST_VALUE_ERROR_SEPARATOR,
                   _("%s: use '%s' as the decimal separator"), field, decimal_point);
      return NULL;
    }
  if (!st_decimal_is_valid (canonical->str))
    goto not_a_number;
  return g_string_free (g_steal_pointer (&canonical), FALSE);

not_a_number:
  {
    g_autofree char *typed = shown (trimmed);
    g_set_error (error, ST_VALUE_ERROR, ST_VALUE_ERROR_FORMAT,
                 _("%s: '%s' is not a number"), field, typed);
  }
  return NULL;
}

char *
st_value_number_to_locale (const char *canonical,
                           const char *decimal_point)
{
  const char *point;

  g_return_val_if_fail (canonical != NULL, NULL);

  decimal_point = locale_decimal_point (decimal_point);
  point = strchr (canonical, '.');
  if (point == NULL)
    return g_strdup (canonical);
  return g_strdup_printf ("%.*s%s%s", (int) (point - canonical), canonical,
                          decimal_point, point + 1);
}

/* The order of day, month and year in the locale's numeric dates and the
 * character between them, read from LC_TIME's D_FMT ("%d.%m.%Y" for de,
 * "%m/%d/%Y" for en_US).  The C locale's "%m/%d/%y" means no locale was
 * chosen: dates stay ISO 8601 there. */
typedef struct {
  char order[3];   /* 'd', 'm', 'y' in the order typed */
  char separator;
} DateShape;

static gboolean
locale_date_shape (const char *d_fmt,
                   DateShape  *shape)
{
  guint n = 0;

  if (d_fmt == NULL)
    d_fmt = nl_langinfo (D_FMT);
  if (d_fmt == NULL || g_str_equal (d_fmt, "%m/%d/%y") || g_str_equal (d_fmt, "%Y-%m-%d")
      || g_str_equal (d_fmt, "%F"))
    return FALSE;
  shape->separator = '\0';
  for (const char *p = d_fmt; *p != '\0'; p++)
    {
      if (*p == '%' && p[1] != '\0')
        {
          char c = g_ascii_tolower (p[1] == 'e' ? 'd' : p[1]);
          if ((c != 'd' && c != 'm' && c != 'y') || n == 3)
            return FALSE;
          shape->order[n++] = c;
          p++;
        }
      else if (shape->separator == '\0' && n > 0)
        shape->separator = *p;
    }
  return n == 3 && shape->separator != '\0'
      && memchr (shape->order, 'd', 3) && memchr (shape->order, 'm', 3) && memchr (shape->order, 'y', 3);
}

char *
st_value_date_hint (const char *d_fmt)
{
  DateShape shape;
  GString *hint;

  if (!locale_date_shape (d_fmt, &shape))
    return g_strdup (_("YYYY-MM-DD"));
  hint = g_string_new (NULL);
  for (guint i = 0; i < 3; i++)
    {
      if (i > 0)
        g_string_append_c (hint, shape.separator);
      /* TRANSLATORS: the parts of a date's pattern shown in empty date fields. */
      g_string_append (hint, shape.order[i] == 'd' ? C_("date pattern", "DD")
                             : shape.order[i] == 'm' ? C_("date pattern", "MM") : C_("date pattern", "YYYY"));
    }
  return g_string_free (hint, FALSE);
}

char *
st_value_date_to_locale (const char *iso_date,
                         const char *d_fmt)
{
  DateShape shape;
  GDate date;
  guint parts[3];

  g_return_val_if_fail (iso_date != NULL, NULL);

  if (!locale_date_shape (d_fmt, &shape) || !st_value_parse_date ("date", iso_date, &date, NULL))
    return g_strdup (iso_date);
  for (guint i = 0; i < 3; i++)
    parts[i] = shape.order[i] == 'd' ? g_date_get_day (&date)
             : shape.order[i] == 'm' ? (guint) g_date_get_month (&date) : g_date_get_year (&date);
  return g_strdup_printf (shape.order[0] == 'y' ? "%04u%c%02u%c%02u" : shape.order[2] == 'y' ? "%02u%c%02u%c%04u"
                                                                                            : "%02u%c%04u%c%02u",
                          parts[0], shape.separator, parts[1], shape.separator, parts[2]);
}

char *
st_value_date_from_locale (const char *field,
                           const char *text,
                           const char *d_fmt,
                           GError    **error)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (text != NULL ? text : ""));
  g_auto(GStrv) parts = NULL;
  DateShape shape;
  guint day = 0, month = 0, year = 0;
  char *iso;

  g_return_val_if_fail (field != NULL, NULL);

  /* ISO 8601 is understood everywhere, and is the only form without a locale. */
  if (*trimmed == '\0' || !locale_date_shape (d_fmt, &shape)
      || (strlen (trimmed) == 10 && trimmed[4] == '-' && trimmed[7] == '-'))
    return st_value_parse_date (field, trimmed, NULL, error) ? g_steal_pointer (&trimmed) : NULL;

  parts = g_strsplit (trimmed, (char[]) { shape.separator, '\0' }, -1);
  if (g_strv_length (parts) != 3)
    goto invalid;
  for (guint i = 0; i < 3; i++)
    {
      gsize length = strlen (parts[i]);
      guint value;

      if (!all_digits (parts[i]) || length > (shape.order[i] == 'y' ? 4u : 2u)
          || (shape.order[i] == 'y' && length != 4))
        goto invalid;
      value = (guint) g_ascii_strtoull (parts[i], NULL, 10);
      if (shape.order[i] == 'd')
        day = value;
      else if (shape.order[i] == 'm')
        month = value;
      else
        year = value;
    }
  iso = g_strdup_printf ("%04u-%02u-%02u", year, month, day);
  if (!st_value_parse_date (field, iso, NULL, NULL))
    {
      g_free (iso);
      goto invalid;
    }
  return iso;

invalid:
  {
    g_autofree char *typed = shown (trimmed);
    g_autofree char *hint = st_value_date_hint (d_fmt);
    g_set_error (error, ST_VALUE_ERROR, ST_VALUE_ERROR_FORMAT,
                 _("%s: '%s' is not a date (%s)"), field, typed, hint);
    return NULL;
  }
}
