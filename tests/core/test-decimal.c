/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "st-decimal.h"

#include <math.h>
#include <string.h>

static void
test_valid (void)
{
  const char *valid[] = { "0", "70", "-1", "92.50", "007", "-0.0", "0.5", "12345678901234567890.123" };
  const char *invalid[] = {
    "", "-", ".", "1.", ".5", "-.5", "1e5", "1E5", "+1", " 1", "1 ", "1,5",
    "1.2.3", "--1", "1_000", "0x10", "inf", "nan", "1-", "١٢", "1.0 ",
  };

  for (guint i = 0; i < G_N_ELEMENTS (valid); i++)
    g_assert_true (st_decimal_is_valid (valid[i]));
  for (guint i = 0; i < G_N_ELEMENTS (invalid); i++)
    {
      g_test_message ("invalid: '%s'", invalid[i]);
      g_assert_false (st_decimal_is_valid (invalid[i]));
    }
  g_assert_false (st_decimal_is_valid (NULL));
}

static void
test_compare (void)
{
  const struct {
    const char *a;
    const char *b;
    int expected;
  } cases[] = {
    { "70", "70.00", 0 },
    { "69.99", "70", -1 },
    { "-0", "0", 0 },
    { "-0.000", "0.0", 0 },
    { "0.5", "0.50", 0 },
    { "0.499999", "0.5", -1 },
    { "0.5", "0.5000001", -1 },
    { "-1", "1", -1 },
    { "-2", "-1", -1 },
    { "-1.5", "-1.25", -1 },
    { "100", "99.999", 1 },
    { "007", "7", 0 },
    { "0.0001", "0", 1 },
    { "-0.0001", "0", -1 },
    { "10", "9", 1 },
    { "9.9", "10", -1 },
    { "3", "3.0000000000000000001", -1 },
    /* Beyond the precision of a double: still exact. */
    { "12345678901234567890.1", "12345678901234567890.09", 1 },
    { "9007199254740993", "9007199254740992", 1 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      int c = st_decimal_compare (cases[i].a, cases[i].b);
      int reverse = st_decimal_compare (cases[i].b, cases[i].a);

      g_test_message ("%s vs %s", cases[i].a, cases[i].b);
      g_assert_cmpint (c < 0 ? -1 : c > 0 ? 1 : 0, ==, cases[i].expected);
      g_assert_cmpint (reverse < 0 ? -1 : reverse > 0 ? 1 : 0, ==, -cases[i].expected);
    }
}

static void
test_whole (void)
{
  g_assert_true (st_decimal_is_whole ("4"));
  g_assert_true (st_decimal_is_whole ("4.000"));
  g_assert_true (st_decimal_is_whole ("-0"));
  g_assert_false (st_decimal_is_whole ("4.5"));
  g_assert_false (st_decimal_is_whole ("4.0001"));
  g_assert_false (st_decimal_is_whole ("four"));
}

static void
test_to_double (void)
{
  g_assert_cmpfloat (st_decimal_to_double ("92.50"), ==, 92.5);
  g_assert_cmpfloat (st_decimal_to_double ("-0.1"), ==, -0.1);
  g_assert_cmpfloat (st_decimal_to_double ("70"), ==, 70.0);
}

static void
test_from_double (void)
{
  const struct {
    double value;
    const char *expected;
  } cases[] = {
    { 70, "70" },
    { 1.0, "1" },
    { 3.0, "3" },
    { 0.5, "0.5" },
    { 0.1, "0.1" },
    { -2.5, "-2.5" },
    { 0.0, "0" },
    { -0.0, "0" },
    { 1e-7, "0.0000001" },
    { 1.5e-5, "0.000015" },
    { 1e21, "1000000000000000000000" },
    { 123456.789, "123456.789" },
    { 1.0 / 3.0, "0.3333333333333333" },
    { 100, "100" },
    { 0.05, "0.05" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = st_decimal_from_double (cases[i].value);
      g_assert_cmpstr (text, ==, cases[i].expected);
    }
}

static void
test_from_double_round_trips (void)
{
  for (guint i = 0; i < 2000; i++)
    {
      double value = g_test_rand_double_range (-1e6, 1e6);
      g_autofree char *text = NULL;

      if (i % 4 == 1)
        value = round (value * 100) / 100;   /* typical two-decimal limits */
      else if (i % 4 == 2)
        value = value * 1e-9;
      text = st_decimal_from_double (value);
      g_assert_true (st_decimal_is_valid (text));
      g_assert_cmpfloat (st_decimal_to_double (text), ==, value);
      g_assert_null (strchr (text, 'e'));
    }
}

static void
test_from_double_refuses_infinity (void)
{
  char *text;

  g_test_expect_message (NULL, G_LOG_LEVEL_CRITICAL, "*isfinite*");
  text = st_decimal_from_double (INFINITY);
  g_test_assert_expected_messages ();
  g_assert_null (text);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/decimal/valid", test_valid);
  g_test_add_func ("/core/decimal/compare", test_compare);
  g_test_add_func ("/core/decimal/whole", test_whole);
  g_test_add_func ("/core/decimal/to-double", test_to_double);
  g_test_add_func ("/core/decimal/from-double", test_from_double);
  g_test_add_func ("/core/decimal/from-double-round-trips", test_from_double_round_trips);
  g_test_add_func ("/core/decimal/from-double-refuses-infinity", test_from_double_refuses_infinity);
  return g_test_run ();
}
