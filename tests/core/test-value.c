/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "st-value.h"

#include "st-decimal.h"

static void
test_date_valid (void)
{
  const struct {
    const char *text;
    int year, month, day;
  } cases[] = {
    { "2026-02-28", 2026, 2, 28 },
    { "2024-02-29", 2024, 2, 29 },
    { "2000-02-29", 2000, 2, 29 },
    { "2026-12-31", 2026, 12, 31 },
    { "1950-01-01", 1950, 1, 1 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      GDate date;

      g_assert_true (st_value_parse_date ("consent-date", cases[i].text, &date, &error));
      g_assert_no_error (error);
      g_assert_cmpint (g_date_get_year (&date), ==, cases[i].year);
      g_assert_cmpint (g_date_get_month (&date), ==, cases[i].month);
      g_assert_cmpint (g_date_get_day (&date), ==, cases[i].day);
    }
  g_assert_true (st_value_parse_date ("consent-date", "2026-01-01", NULL, NULL));
}

static void
test_date_invalid (void)
{
  const char *cases[] = {
    "2026-02-30", "2023-02-29", "1900-02-29", "2026-13-01", "2026-00-10",
    "2026-01-00", "2026-01-32", "2026-1-1", "2026/01/01", "26-01-01",
    "2026-01-01T00:00", " 2026-01-01", "2026-01-01 ", "0000-01-01",
    "abcd-ef-gh", "2026-0a-01", "+2026-01-01", "20260101",
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *expected = g_strdup_printf ("seeded-on: '%s' is not a date (YYYY-MM-DD)",
                                                   cases[i]);

      g_assert_false (st_value_parse_date ("seeded-on", cases[i], NULL, &error));
      g_assert_error (error, ST_VALUE_ERROR, ST_VALUE_ERROR_FORMAT);
      g_assert_cmpstr (error->message, ==, expected);
    }
}

static void
test_date_empty (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) null_error = NULL;

  g_assert_false (st_value_parse_date ("sampled-on", "", NULL, &error));
  g_assert_error (error, ST_VALUE_ERROR, ST_VALUE_ERROR_EMPTY);
  g_assert_cmpstr (error->message, ==, "sampled-on: a date is required (YYYY-MM-DD)");
  g_assert_false (st_value_parse_date ("sampled-on", NULL, NULL, &null_error));
  g_assert_error (null_error, ST_VALUE_ERROR, ST_VALUE_ERROR_EMPTY);
}

static char *
format_date (const GDate *date)
{
  return g_strdup_printf ("%04u-%02u-%02u", g_date_get_year (date),
                          g_date_get_month (date), g_date_get_day (date));
}

static void
test_past_date (void)
{
  GDate today;
  GDate tomorrow;
  GDate parsed;
  g_autofree char *today_text = NULL;
  g_autofree char *tomorrow_text = NULL;
  g_autofree char *expected = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) far_error = NULL;
  g_autoptr(GError) format_error = NULL;

  st_value_today (&today);
  tomorrow = today;
  g_date_add_days (&tomorrow, 1);
  today_text = format_date (&today);
  tomorrow_text = format_date (&tomorrow);

  g_assert_true (st_value_parse_past_date ("consent-date", today_text, &parsed, NULL));
  g_assert_cmpint (g_date_compare (&parsed, &today), ==, 0);
  g_assert_true (st_value_parse_past_date ("consent-date", "2001-09-11", NULL, NULL));

  g_assert_false (st_value_parse_past_date ("consent-date", tomorrow_text, &parsed, &error));
  g_assert_error (error, ST_VALUE_ERROR, ST_VALUE_ERROR_RANGE);
  expected = g_strdup_printf ("consent-date: %s is in the future", tomorrow_text);
  g_assert_cmpstr (error->message, ==, expected);

  g_assert_false (st_value_parse_past_date ("consent-date", "9999-12-31", NULL, &far_error));
  g_assert_cmpstr (far_error->message, ==, "consent-date: 9999-12-31 is in the future");

  g_assert_false (st_value_parse_past_date ("consent-date", "2026-02-30", NULL, &format_error));
  g_assert_error (format_error, ST_VALUE_ERROR, ST_VALUE_ERROR_FORMAT);
}

static void
test_now_and_today (void)
{
  g_autofree char *now = st_value_now_iso ();
  g_autoptr(GRegex) shape = g_regex_new ("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$",
                                         0, 0, NULL);
  g_autoptr(GDateTime) parsed = g_date_time_new_from_iso8601 (now, NULL);
  g_autoptr(GDateTime) reference = g_date_time_new_now_utc ();
  GDate today;

  g_assert_true (g_regex_match (shape, now, 0, NULL));
  g_assert_nonnull (parsed);
  g_assert_cmpint (ABS (g_date_time_difference (reference, parsed)), <, 5 * G_TIME_SPAN_SECOND);
  g_assert_cmpint (g_date_time_get_utc_offset (parsed), ==, 0);

  st_value_today (&today);
  g_assert_true (g_date_valid (&today));
  /* Today in UTC, whatever the local zone: a minute's slack at midnight. */
  if (g_date_time_get_hour (reference) != 23 || g_date_time_get_minute (reference) != 59)
    {
      g_assert_cmpint (g_date_get_year (&today), ==, g_date_time_get_year (reference));
      g_assert_cmpint (g_date_get_month (&today), ==, g_date_time_get_month (reference));
      g_assert_cmpint (g_date_get_day (&today), ==, g_date_time_get_day_of_month (reference));
    }
}

static void
test_count (void)
{
  const struct {
    const char *text;
    gint64 expected;
  } good[] = {
    { "1", 1 },
    { "007", 7 },
    { "30000000", 30000000 },
    { "9223372036854775807", G_MAXINT64 },
  };
  const struct {
    const char *text;
    int code;
    const char *message;
  } bad[] = {
    { "abc", ST_VALUE_ERROR_FORMAT, "seeded: 'abc' is not a whole number" },
    { "0", ST_VALUE_ERROR_RANGE, "seeded: 0 is not a positive number" },
    { "000", ST_VALUE_ERROR_RANGE, "seeded: 000 is not a positive number" },
    { "-5", ST_VALUE_ERROR_RANGE, "seeded: -5 is not a positive number" },
    { "1.5", ST_VALUE_ERROR_FORMAT, "seeded: '1.5' is not a whole number" },
    { "1e6", ST_VALUE_ERROR_FORMAT, "seeded: '1e6' is not a whole number" },
    { " 1", ST_VALUE_ERROR_FORMAT, "seeded: ' 1' is not a whole number" },
    { "+1", ST_VALUE_ERROR_FORMAT, "seeded: '+1' is not a whole number" },
    { "1,000", ST_VALUE_ERROR_FORMAT, "seeded: '1,000' is not a whole number" },
    { "9223372036854775808", ST_VALUE_ERROR_RANGE, "seeded: 9223372036854775808 is too large" },
    { "", ST_VALUE_ERROR_EMPTY, "seeded: a value is required" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      gint64 value = 0;
      g_assert_true (st_value_parse_count ("seeded", good[i].text, &value, NULL));
      g_assert_cmpint (value, ==, good[i].expected);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      gint64 value = 42;

      g_assert_false (st_value_parse_count ("seeded", bad[i].text, &value, &error));
      g_assert_error (error, ST_VALUE_ERROR, bad[i].code);
      g_assert_cmpstr (error->message, ==, bad[i].message);
      g_assert_cmpint (value, ==, 42);
    }
}

static void
test_int_range (void)
{
  const struct {
    const char *field;
    const char *text;
    gint64 min, max;
    int code;             /* 0: accepted */
    const char *message;  /* or the value accepted */
  } cases[] = {
    { "birth-year", "1980", 1900, 2026, 0, "1980" },
    { "birth-year", "1900", 1900, 2026, 0, "1900" },
    { "birth-year", "2026", 1900, 2026, 0, "2026" },
    { "birth-year", "1850", 1900, 2026, ST_VALUE_ERROR_RANGE, "birth-year: 1850 is below 1900" },
    { "birth-year", "1899", 1900, 2026, ST_VALUE_ERROR_RANGE, "birth-year: 1899 is below 1900" },
    { "birth-year", "2027", 1900, 2026, ST_VALUE_ERROR_RANGE, "birth-year: 2027 is above 2026" },
    { "birth-year", "19x0", 1900, 2026, ST_VALUE_ERROR_FORMAT, "birth-year: '19x0' is not a whole number" },
    { "birth-year", "", 1900, 2026, ST_VALUE_ERROR_EMPTY, "birth-year: a value is required" },
    { "passage", "-5", 1, 99, ST_VALUE_ERROR_RANGE, "passage: -5 is below 1" },
    { "passage", "2.5", 1, 99, ST_VALUE_ERROR_FORMAT, "passage: '2.5' is not a whole number" },
    { "passage", "-", 1, 99, ST_VALUE_ERROR_FORMAT, "passage: '-' is not a whole number" },
    { "passage", "99999999999999999999", 1, 99, ST_VALUE_ERROR_RANGE,
      "passage: 99999999999999999999 is above 99" },
    { "passage", "-99999999999999999999", 1, 99, ST_VALUE_ERROR_RANGE,
      "passage: -99999999999999999999 is below 1" },
    { "offset", "-7", -10, -5, 0, "-7" },
    { "offset", "-3", -10, -5, ST_VALUE_ERROR_RANGE, "offset: -3 is above -5" },
    { "offset", "-11", -10, -5, ST_VALUE_ERROR_RANGE, "offset: -11 is below -10" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      gint64 value = 0;
      gboolean ok = st_value_parse_int_range (cases[i].field, cases[i].text,
                                              cases[i].min, cases[i].max, &value, &error);

      g_test_message ("%s '%s'", cases[i].field, cases[i].text);
      if (cases[i].code == 0)
        {
          g_assert_no_error (error);
          g_assert_true (ok);
          g_assert_cmpint (value, ==, g_ascii_strtoll (cases[i].message, NULL, 10));
        }
      else
        {
          g_assert_false (ok);
          g_assert_error (error, ST_VALUE_ERROR, cases[i].code);
          g_assert_cmpstr (error->message, ==, cases[i].message);
        }
    }
}

static void
test_number_from_locale (void)
{
  const struct {
    const char *point;
    const char *text;
    int code;               /* 0: accepted */
    const char *expected;   /* canonical text or the message */
  } cases[] = {
    { ",", "92,5", 0, "92.5" },
    { ",", "92,50", 0, "92.50" },
    { ",", " 92,5 ", 0, "92.5" },
    { ",", "\t92,5\n", 0, "92.5" },
    { ",", "-1,25", 0, "-1.25" },
    { ",", "100", 0, "100" },
    { ",", "0,05", 0, "0.05" },
    { ".", "92.5", 0, "92.5" },
    { ".", "92.50", 0, "92.50" },
    { "\xd9\xab", "92\xd9\xab" "5", 0, "92.5" },   /* Arabic decimal separator */
    { ",", "92.5", ST_VALUE_ERROR_SEPARATOR, "viability: use ',' as the decimal separator" },
    { ".", "92,5", ST_VALUE_ERROR_SEPARATOR, "viability: use '.' as the decimal separator" },
    { ",", "1.000,5", ST_VALUE_ERROR_SEPARATOR,
      "viability: '1.000,5' is ambiguous; type the number without digit grouping" },
    { ".", "1,000.5", ST_VALUE_ERROR_SEPARATOR,
      "viability: '1,000.5' is ambiguous; type the number without digit grouping" },
    { ",", "1,000.5", ST_VALUE_ERROR_SEPARATOR,
      "viability: '1,000.5' is ambiguous; type the number without digit grouping" },
    { ",", "1.000.000", ST_VALUE_ERROR_SEPARATOR,
      "viability: '1.000.000' is ambiguous; type the number without digit grouping" },
    { ".", "1.000.000", ST_VALUE_ERROR_SEPARATOR,
      "viability: '1.000.000' is ambiguous; type the number without digit grouping" },
    { ",", "1 000", ST_VALUE_ERROR_SEPARATOR,
      "viability: '1 000' is ambiguous; type the number without digit grouping" },
    { ",", "1\xc2\xa0" "000,5", ST_VALUE_ERROR_SEPARATOR,
      "viability: '1\xc2\xa0" "000,5' is ambiguous; type the number without digit grouping" },
    { ".", "1'000.5", ST_VALUE_ERROR_SEPARATOR,
      "viability: '1'000.5' is ambiguous; type the number without digit grouping" },
    { ",", "", ST_VALUE_ERROR_EMPTY, "viability: a value is required" },
    { ",", "   ", ST_VALUE_ERROR_EMPTY, "viability: a value is required" },
    { ",", "abc", ST_VALUE_ERROR_FORMAT, "viability: 'abc' is not a number" },
    { ",", "1e5", ST_VALUE_ERROR_FORMAT, "viability: '1e5' is not a number" },
    { ",", "1,5e3", ST_VALUE_ERROR_FORMAT, "viability: '1,5e3' is not a number" },
    { ".", "1.5E-3", ST_VALUE_ERROR_FORMAT, "viability: '1.5E-3' is not a number" },
    { ",", ",5", ST_VALUE_ERROR_FORMAT, "viability: ',5' is not a number" },
    { ",", "5,", ST_VALUE_ERROR_FORMAT, "viability: '5,' is not a number" },
    { ",", "-", ST_VALUE_ERROR_FORMAT, "viability: '-' is not a number" },
    { ",", "+1", ST_VALUE_ERROR_FORMAT, "viability: '+1' is not a number" },
    { ",", "92 %", ST_VALUE_ERROR_FORMAT, "viability: '92 %' is not a number" },
    { ",", "0x1A", ST_VALUE_ERROR_FORMAT, "viability: '0x1A' is not a number" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *canonical = NULL;

      g_test_message ("'%s' with '%s'", cases[i].text, cases[i].point);
      canonical = st_value_number_from_locale ("viability", cases[i].text, cases[i].point, &error);
      if (cases[i].code == 0)
        {
          g_assert_no_error (error);
          g_assert_cmpstr (canonical, ==, cases[i].expected);
          g_assert_true (st_decimal_is_valid (canonical));
        }
      else
        {
          g_assert_null (canonical);
          g_assert_error (error, ST_VALUE_ERROR, cases[i].code);
          g_assert_cmpstr (error->message, ==, cases[i].expected);
        }
    }
}

static void
test_number_current_locale (void)
{
  g_autofree char *canonical = NULL;
  g_autofree char *shown = NULL;

  /* The tests run in C.UTF-8, whose decimal point is '.'. */
  canonical = st_value_number_from_locale ("viability", "92.5", NULL, NULL);
  g_assert_cmpstr (canonical, ==, "92.5");
  shown = st_value_number_to_locale ("92.5", NULL);
  g_assert_cmpstr (shown, ==, "92.5");
}

static void
test_number_to_locale (void)
{
  const struct {
    const char *canonical;
    const char *point;
    const char *expected;
  } cases[] = {
    { "92.50", ",", "92,50" },
    { "100", ",", "100" },
    { "-0.5", ",", "-0,5" },
    { "92.50", ".", "92.50" },
    { "1.5", "\xd9\xab", "1\xd9\xab" "5" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *shown = st_value_number_to_locale (cases[i].canonical, cases[i].point);
      g_autofree char *back = st_value_number_from_locale ("x", shown, cases[i].point, NULL);

      g_assert_cmpstr (shown, ==, cases[i].expected);
      g_assert_cmpstr (back, ==, cases[i].canonical);
    }
}

static void
assert_date_read (const char *text,
                  const char *d_fmt,
                  const char *expected)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *iso = st_value_date_from_locale ("seeded", text, d_fmt, &error);

  if (expected == NULL)
    {
      g_assert_null (iso);
      g_assert_error (error, ST_VALUE_ERROR, ST_VALUE_ERROR_FORMAT);
      g_assert_true (g_str_has_prefix (error->message, "seeded: "));
    }
  else
    {
      g_assert_no_error (error);
      g_assert_cmpstr (iso, ==, expected);
    }
}

static void
test_locale_dates (void)
{
  g_autofree char *de = st_value_date_to_locale ("2026-03-07", "%d.%m.%Y");
  g_autofree char *us = st_value_date_to_locale ("2026-03-07", "%m/%d/%Y");
  g_autofree char *gb = st_value_date_to_locale ("2026-03-07", "%d/%m/%y");
  g_autofree char *c = st_value_date_to_locale ("2026-03-07", "%m/%d/%y");
  g_autofree char *hint_de = st_value_date_hint ("%d.%m.%Y");
  g_autofree char *hint_c = st_value_date_hint ("%m/%d/%y");

  g_assert_cmpstr (de, ==, "07.03.2026");
  g_assert_cmpstr (us, ==, "03/07/2026");
  g_assert_cmpstr (gb, ==, "07/03/2026");
  g_assert_cmpstr (c, ==, "2026-03-07");
  g_assert_cmpstr (hint_de, ==, "DD.MM.YYYY");
  g_assert_cmpstr (hint_c, ==, "YYYY-MM-DD");

  assert_date_read ("7.3.2026", "%d.%m.%Y", "2026-03-07");
  assert_date_read (" 07.03.2026 ", "%d.%m.%Y", "2026-03-07");
  assert_date_read ("2026-03-07", "%d.%m.%Y", "2026-03-07");
  assert_date_read ("03/07/2026", "%m/%d/%Y", "2026-03-07");
  assert_date_read ("07/03/2026", "%d/%m/%y", "2026-03-07");
  assert_date_read ("2026-03-07", "%m/%d/%y", "2026-03-07");
  /* Two-digit years, impossible days, the wrong separator, extra parts. */
  assert_date_read ("07.03.26", "%d.%m.%Y", NULL);
  assert_date_read ("31.02.2026", "%d.%m.%Y", NULL);
  assert_date_read ("07/03/2026", "%d.%m.%Y", NULL);
  assert_date_read ("07.03.2026.1", "%d.%m.%Y", NULL);
  assert_date_read ("7.3.", "%d.%m.%Y", NULL);
  assert_date_read ("07.03.2026", "%m/%d/%y", NULL);
  assert_date_read ("+7.3.2026", "%d.%m.%Y", NULL);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/value/date-valid", test_date_valid);
  g_test_add_func ("/core/value/date-invalid", test_date_invalid);
  g_test_add_func ("/core/value/date-empty", test_date_empty);
  g_test_add_func ("/core/value/past-date", test_past_date);
  g_test_add_func ("/core/value/now-and-today", test_now_and_today);
  g_test_add_func ("/core/value/count", test_count);
  g_test_add_func ("/core/value/int-range", test_int_range);
  g_test_add_func ("/core/value/number-from-locale", test_number_from_locale);
  g_test_add_func ("/core/value/number-current-locale", test_number_current_locale);
  g_test_add_func ("/core/value/number-to-locale", test_number_to_locale);
  g_test_add_func ("/core/value/locale-dates", test_locale_dates);
  return g_test_run ();
}
