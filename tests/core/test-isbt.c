/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "st-isbt.h"

#include <string.h>

static void
test_check_character_vectors (void)
{
  /* DOMAIN.md's vectors, a '*' (value 36) and a '0'. */
  g_assert_cmpint (st_isbt_check_character ("G123417654321"), ==, 'A');
  g_assert_cmpint (st_isbt_check_character ("A999921123456"), ==, '3');
  g_assert_cmpint (st_isbt_check_character ("G123498654321"), ==, 'H');
  g_assert_cmpint (st_isbt_check_character ("G123417600005"), ==, '*');
  g_assert_cmpint (st_isbt_check_character ("A999921000189"), ==, '0');
}

static void
test_check_character_invalid (void)
{
  const char *cases[] = {
    "", "G12341765432", "G1234176543210", "g123417654321", "G12341765432*",
    "G1234 7654321", "=G12341765432",
  };

  g_assert_cmpint (st_isbt_check_character (NULL), ==, '\0');
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_assert_cmpint (st_isbt_check_character (cases[i]), ==, '\0');
}

static void
test_check_character_detects_typos (void)
{
  const char *din = "G123417654321";
  char expected = st_isbt_check_character (din);

  /* Mod 37-2 catches every single substitution and adjacent transposition. */
  for (guint i = 0; i < 13; i++)
    {
      char typo[14];

      memcpy (typo, din, sizeof typo);
      typo[i] = typo[i] == '9' ? '8' : (typo[i] == 'Z' ? 'Y' : typo[i] + 1);
      g_assert_cmpint (st_isbt_check_character (typo), !=, expected);
      if (i < 12 && din[i] != din[i + 1])
        {
          memcpy (typo, din, sizeof typo);
          typo[i] = din[i + 1];
          typo[i + 1] = din[i];
          g_assert_cmpint (st_isbt_check_character (typo), !=, expected);
        }
    }
}

static void
test_normalize (void)
{
  const struct {
    const char *text;
    const char *expected;
  } cases[] = {
    { "G123417654321", "G123417654321" },
    { "=G123417654321 00", "G123417654321" },
    { "=G12341765432100", "G123417654321" },
    { "G12341765432100", "G123417654321" },
    { "  =G123417654321  ", "G123417654321" },
    { "g123417654321", "G123417654321" },
    { "G1234 17 654321", "G123417654321" },
    { "G1234 17 654321 A", "G123417654321" },
    { "G123417654321A", "G123417654321" },
    { "G123417600005*", "G123417600005" },
    { "A999921123456", "A999921123456" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *din = st_isbt_normalize_din ("donor", cases[i].text, &error);

      g_test_message ("'%s'", cases[i].text);
      g_assert_no_error (error);
      g_assert_cmpstr (din, ==, cases[i].expected);
    }
}

static void
test_normalize_refuses (void)
{
  const struct {
    const char *text;
    int code;
    const char *message;
  } cases[] = {
    { "", ST_ISBT_ERROR_INVALID, "donor: a donation identification number is required" },
    { "G12341765432", ST_ISBT_ERROR_INVALID,
      "donor: 'G12341765432' is not an ISBT 128 donation identification number "
      "(13 characters: a letter, 4 letters or digits, 8 digits)" },
    { "D-0042", ST_ISBT_ERROR_INVALID,
      "donor: 'D-0042' is not an ISBT 128 donation identification number "
      "(13 characters: a letter, 4 letters or digits, 8 digits)" },
    { "1123417654321", ST_ISBT_ERROR_INVALID, NULL },
    { "G1234176543AB", ST_ISBT_ERROR_INVALID, NULL },
    { "G12341765432100X", ST_ISBT_ERROR_INVALID, NULL },
    { "=G123417654321 0", ST_ISBT_ERROR_CHECK_CHARACTER, NULL },
    { "G123417654321B", ST_ISBT_ERROR_CHECK_CHARACTER,
      "donor: check character 'B' does not match G123417654321 (expected 'A')" },
    { "   ", ST_ISBT_ERROR_INVALID, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *din = st_isbt_normalize_din ("donor", cases[i].text, &error);

      g_test_message ("'%s'", cases[i].text);
      g_assert_null (din);
      g_assert_error (error, ST_ISBT_ERROR, cases[i].code);
      if (cases[i].message != NULL)
        g_assert_cmpstr (error->message, ==, cases[i].message);
      else
        g_assert_true (g_str_has_prefix (error->message, "donor: "));
    }
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/isbt/check-character-vectors", test_check_character_vectors);
  g_test_add_func ("/core/isbt/check-character-invalid", test_check_character_invalid);
  g_test_add_func ("/core/isbt/check-character-detects-typos", test_check_character_detects_typos);
  g_test_add_func ("/core/isbt/normalize", test_normalize);
  g_test_add_func ("/core/isbt/normalize-refuses", test_normalize_refuses);
  return g_test_run ();
}
