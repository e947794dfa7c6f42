/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "st-decimal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

gboolean
st_decimal_is_valid (const char *text)
{
  const char *p = text;

  if (p == NULL)
    return FALSE;
  if (*p == '-')
    p++;
  if (!g_ascii_isdigit (*p))
    return FALSE;
  while (g_ascii_isdigit (*p))
    p++;
  if (*p == '.')
    {
      p++;
      if (!g_ascii_isdigit (*p))
        return FALSE;
      while (g_ascii_isdigit (*p))
        p++;
    }
  return *p == '\0';
}

/* A valid decimal taken apart: the integer digits without leading zeros and
 * the fraction digits without trailing zeros, so equal numbers have equal
 * parts whatever their spelling. */
typedef struct {
  gboolean negative;
  const char *integer;
  gsize integer_len;
  const char *fraction;
  gsize fraction_len;
} Parts;

static void
split (const char *text,
       Parts      *parts)
{
  const char *p = text;

  parts->negative = (*p == '-');
  if (parts->negative)
    p++;
  while (*p == '0')
    p++;
  parts->integer = p;
  while (g_ascii_isdigit (*p))
    p++;
  parts->integer_len = (gsize) (p - parts->integer);

  parts->fraction = "";
  parts->fraction_len = 0;
  if (*p == '.')
    {
      parts->fraction = ++p;
      parts->fraction_len = strlen (p);
      while (parts->fraction_len > 0 && parts->fraction[parts->fraction_len - 1] == '0')
        parts->fraction_len--;
    }

  /* Zero has no sign: "-0" == "0". */
  if (parts->integer_len == 0 && parts->fraction_len == 0)
    parts->negative = FALSE;
}

static int
compare_magnitude (const Parts *a,
                   const Parts *b)
{
  gsize n;
  gsize i;
  int c;

  if (a->integer_len != b->integer_len)
    return a->integer_len < b->integer_len ? -1 : 1;
  c = memcmp (a->integer, b->integer, a->integer_len);
  if (c != 0)
    return c < 0 ? -1 : 1;

  n = MAX (a->fraction_len, b->fraction_len);
  for (i = 0; i < n; i++)
    {
      char da = i < a->fraction_len ? a->fraction[i] : '0';
      char db = i < b->fraction_len ? b->fraction[i] : '0';
      if (da != db)
        return da < db ? -1 : 1;
    }
  return 0;
}

int
st_decimal_compare (const char *a,
                    const char *b)
{
  Parts pa, pb;
  int magnitude;

  g_return_val_if_fail (st_decimal_is_valid (a), 0);
  g_return_val_if_fail (st_decimal_is_valid (b), 0);

  split (a, &pa);
  split (b, &pb);
  if (pa.negative != pb.negative)
    return pa.negative ? -1 : 1;
  magnitude = compare_magnitude (&pa, &pb);
  return pa.negative ? -magnitude : magnitude;
}

gboolean
st_decimal_is_whole (const char *text)
{
  Parts parts;

  if (!st_decimal_is_valid (text))
    return FALSE;
  split (text, &parts);
  return parts.fraction_len == 0;
}

double
st_decimal_to_double (const char *text)
{
  g_return_val_if_fail (st_decimal_is_valid (text), 0.0);

  return g_ascii_strtod (text, NULL);
}

char *
st_decimal_from_double (double value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];
  char digits[32];
  gsize n_digits = 0;
  const char *p;
  gboolean negative;
  int exponent;
  int point;
  int precision;
  GString *out;

  g_return_val_if_fail (isfinite (value), NULL);

  if (value == 0.0)
    return g_strdup ("0");

  /* The fewest significant digits that read back as the same double. */
  for (precision = 1; precision <= 17; precision++)
    {
      char format[8];

      g_snprintf (format, sizeof format, "%%.%de", precision - 1);
      g_ascii_formatd (buffer, sizeof buffer, format, value);
      if (g_ascii_strtod (buffer, NULL) == value)
        break;
    }

  /* buffer is "-d.ddde+XX": collect the digits and the exponent. */
  p = buffer;
  negative = (*p == '-');
  if (negative)
    p++;
  for (; *p != 'e' && *p != 'E' && *p != '\0'; p++)
    if (g_ascii_isdigit (*p) && n_digits < sizeof digits - 1)
      digits[n_digits++] = *p;
  digits[n_digits] = '\0';
  exponent = (*p != '\0') ? (int) strtol (p + 1, NULL, 10) : 0;
  while (n_digits > 1 && digits[n_digits - 1] == '0')
    digits[--n_digits] = '\0';

  /* The value is 0.DIGITS x 10^point. */
  point = exponent + 1;
  out = g_string_new (negative ? "-" : "");
  if (point <= 0)
    {
      g_string_append (out, "0.");
      for (int i = 0; i < -point; i++)
        g_string_append_c (out, '0');
      g_string_append (out, digits);
    }
  else if ((gsize) point >= n_digits)
    {
      g_string_append (out, digits);
      for (gsize i = n_digits; i < (gsize) point; i++)
        g_string_append_c (out, '0');
    }
  else
    {
      g_string_append_len (out, digits, point);
      g_string_append_c (out, '.');
      g_string_append (out, digits + point);
    }
  return g_string_free (out, FALSE);
}
