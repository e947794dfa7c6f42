/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "fuzz-common.h"
#include "st-decimal.h"
#include "st-isbt.h"
#include "st-value.h"

/*
 * What people type: exact decimals, dates, counts, whole numbers, numbers
 * with the locale's decimal separator and ISBT 128 donation numbers.  Each
 * parser either accepts or refuses with a 2xx error whose message is valid
 * UTF-8, and what it accepts keeps its promises: canonical decimals,
 * comparisons that are an order, numbers that survive the trip to a locale
 * and back, DINs that normalise to themselves.
 */

static const char *const decimal_points[] = { ".", ",", "\xd9\xab" /* U+066B Arabic */, NULL };

static void
assert_refusal (GError   *error,
                GQuark    domain)
{
  FUZZ_ASSERT (error != NULL);
  FUZZ_ASSERT (error->domain == domain);
  FUZZ_ASSERT (error->code / 100 == 2);
  if (!g_utf8_validate (error->message, -1, NULL))
    fuzz_fail ("error message is not UTF-8: %s", error->message);
}

static void
check_decimal (const char *a,
               const char *b)
{
  char *back;
  double value;

  if (!st_decimal_is_valid (a))
    return;
  FUZZ_ASSERT (st_decimal_compare (a, a) == 0);
  if (st_decimal_is_valid (b))
    {
      int ab = st_decimal_compare (a, b);
      int ba = st_decimal_compare (b, a);
      FUZZ_ASSERT (ab >= -1 && ab <= 1);
      FUZZ_ASSERT (ab == -ba);
    }
  (void) st_decimal_is_whole (a);
  value = st_decimal_to_double (a);
  if (!isfinite (value))
    return;
  back = st_decimal_from_double (value);
  FUZZ_ASSERT (back != NULL && st_decimal_is_valid (back));
  if (g_ascii_strtod (back, NULL) != value)
    fuzz_fail ("%s -> %.17g -> %s does not read back", a, value, back);
  g_free (back);
}

static void
check_double (const guint8 *data,
              size_t        size)
{
  double value;
  g_autofree char *text = NULL;

  if (size < sizeof value)
    return;
  memcpy (&value, data, sizeof value);
  if (!isfinite (value))
    return;
  text = st_decimal_from_double (value);
  FUZZ_ASSERT (text != NULL);
  if (!st_decimal_is_valid (text))
    fuzz_fail ("%.17g -> '%s' is not a decimal", value, text);
  if (g_ascii_strtod (text, NULL) != value)
    fuzz_fail ("%.17g -> '%s' does not read back", value, text);
}

static void
check_dates_and_counts (const char *text)
{
  GError *error = NULL;
  GDate date;
  gint64 number = 0;

  if (st_value_parse_date ("date", text, &date, &error))
    FUZZ_ASSERT (g_date_valid (&date) && strlen (text) == 10);
  else
    assert_refusal (error, ST_VALUE_ERROR);
  g_clear_error (&error);
  if (!st_value_parse_past_date ("date", text, NULL, &error))
    assert_refusal (error, ST_VALUE_ERROR);
  g_clear_error (&error);

  if (st_value_parse_count ("count", text, &number, &error))
    FUZZ_ASSERT (number > 0);
  else
    assert_refusal (error, ST_VALUE_ERROR);
  g_clear_error (&error);

  if (st_value_parse_int_range ("passage", text, 1, 99, &number, &error))
    FUZZ_ASSERT (number >= 1 && number <= 99);
  else
    assert_refusal (error, ST_VALUE_ERROR);
  g_clear_error (&error);
  if (st_value_parse_int_range ("whole", text, G_MININT64, G_MAXINT64, &number, &error))
    {
      g_autofree char *printed = g_strdup_printf ("%" G_GINT64_FORMAT, number);
      /* Digits as typed, up to leading zeros. */
      FUZZ_ASSERT (st_decimal_compare (printed, text) == 0);
    }
  else
    assert_refusal (error, ST_VALUE_ERROR);
  g_clear_error (&error);
}

static void
check_locale_numbers (const char *text)
{
  for (guint i = 0; decimal_points[i] != NULL; i++)
    {
      GError *error = NULL;
      g_autofree char *canonical = st_value_number_from_locale ("value", text, decimal_points[i], &error);
      g_autofree char *shown = NULL;
      g_autofree char *again = NULL;

      if (canonical == NULL)
        {
          assert_refusal (error, ST_VALUE_ERROR);
          g_clear_error (&error);
          continue;
        }
      FUZZ_ASSERT (error == NULL);
      if (!st_decimal_is_valid (canonical))
        fuzz_fail ("'%s' with '%s' -> '%s' is not a decimal", text, decimal_points[i], canonical);
      shown = st_value_number_to_locale (canonical, decimal_points[i]);
      again = st_value_number_from_locale ("value", shown, decimal_points[i], &error);
      if (again == NULL || !g_str_equal (again, canonical))
        fuzz_fail ("'%s' -> '%s' -> '%s' -> '%s'", text, canonical, shown, again ? again : error->message);
    }
}

static void
check_din (const char *text)
{
  GError *error = NULL;
  g_autofree char *din = st_isbt_normalize_din ("donor", text, &error);
  g_autofree char *again = NULL;
  g_autofree char *with_check = NULL;
  char check;

  (void) st_isbt_check_character (text);
  if (din == NULL)
    {
      assert_refusal (error, ST_ISBT_ERROR);
      g_clear_error (&error);
      return;
    }
  FUZZ_ASSERT (strlen (din) == ST_ISBT_DIN_LENGTH);
  check = st_isbt_check_character (din);
  FUZZ_ASSERT (check != '\0');
  again = st_isbt_normalize_din ("donor", din, &error);
  FUZZ_ASSERT (again != NULL && g_str_equal (again, din));
  with_check = g_strdup_printf ("%s%c", din, check);
  g_free (again);
  again = st_isbt_normalize_din ("donor", with_check, &error);
  FUZZ_ASSERT (again != NULL && g_str_equal (again, din));
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autofree char *text = NULL;
  const char *newline;
  g_autofree char *first = NULL;

  fuzz_init ();
  text = fuzz_string (data, size);
  /* A second operand for comparisons: the text after the first line. */
  newline = strchr (text, '\n');
  first = newline != NULL ? g_strndup (text, newline - text) : g_strdup (text);

  check_decimal (first, newline != NULL ? newline + 1 : "0");
  check_decimal (text, "0");
  check_double (data, size);
  check_dates_and_counts (text);
  check_locale_numbers (text);
  check_din (text);
  return 0;
}
