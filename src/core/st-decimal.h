/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * Exact decimal text: a number as people type it and as the record keeps it,
 * -?[0-9]+(\.[0-9]+)?  (no exponent, no spaces, no digit grouping, '.' as the
 * decimal point).  Comparisons work on the digits, never through a double, so
 * a result of 69.99 is never judged ">= 70" by rounding.
 */

gboolean st_decimal_is_valid     (const char *text);
/* Exact comparison of two valid decimals: <0, 0, >0.  "70" == "70.00",
 * "69.99" < "70", "-0" == "0". */
int      st_decimal_compare      (const char *a,
                                  const char *b);
/* TRUE when @text is valid and has no non-zero digit after the point. */
gboolean st_decimal_is_whole     (const char *text);
double   st_decimal_to_double    (const char *text);
/* Shortest decimal text that reads back as @value (for limits read from
 * JSON numbers): 70 -> "70", 1.0 -> "1", 0.5 -> "0.5", 1e-7 -> "0.0000001".
 * Never exponent notation.  NULL for infinities and NaN. */
char    *st_decimal_from_double  (double value);

G_END_DECLS
