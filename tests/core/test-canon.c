/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "st-canon.h"

#include <string.h>

static void
test_lengths_are_prefixed (void)
{
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  const guint8 expected[] = { 0, 0, 0, 2, 'a', 'b', 0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff };

  st_canon_add_text (bytes, "ab");
  st_canon_add_text (bytes, "");
  st_canon_add_text (bytes, NULL);
  g_assert_cmpmem (bytes->data, bytes->len, expected, sizeof expected);
}

static void
test_field_boundaries_are_unambiguous (void)
{
  g_autoptr(GByteArray) first = g_byte_array_new ();
  g_autoptr(GByteArray) second = g_byte_array_new ();

  /* "ab" + "c" and "a" + "bc" concatenate alike but must not serialise alike. */
  st_canon_add_text (first, "ab");
  st_canon_add_text (first, "c");
  st_canon_add_text (second, "a");
  st_canon_add_text (second, "bc");
  g_assert_cmpuint (first->len, ==, second->len);
  g_assert_true (memcmp (first->data, second->data, first->len) != 0);
}

static void
test_integers_are_decimal_text (void)
{
  g_autoptr(GByteArray) number = g_byte_array_new ();
  g_autoptr(GByteArray) text = g_byte_array_new ();

  st_canon_add_int (number, -42);
  st_canon_add_text (text, "-42");
  g_assert_cmpmem (number->data, number->len, text->data, text->len);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/canon/lengths-are-prefixed", test_lengths_are_prefixed);
  g_test_add_func ("/core/canon/field-boundaries", test_field_boundaries_are_unambiguous);
  g_test_add_func ("/core/canon/integers", test_integers_are_decimal_text);
  return g_test_run ();
}
