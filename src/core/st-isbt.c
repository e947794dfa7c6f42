/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "st-isbt.h"

#include <string.h>

G_DEFINE_QUARK (st-isbt-error-quark, st_isbt_error)

static const char mod37_characters[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ*";

static int
character_value (char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'A' && c <= 'Z')
    return c - 'A' + 10;
  return -1;
}

char
st_isbt_check_character (const char *din)
{
  int sum = 0;

  if (din == NULL || strlen (din) != ST_ISBT_DIN_LENGTH)
    return '\0';
  for (int i = 0; i < ST_ISBT_DIN_LENGTH; i++)
    {
      int value = character_value (din[i]);
      if (value < 0)
        return '\0';
      sum = ((sum + value) * 2) % 37;
    }
  return mod37_characters[(38 - sum) % 37];
}

/* Facility code: a letter then four letters or digits; year and sequence:
 * eight digits. */
static gboolean
is_din (const char *din)
{
  if (strlen (din) != ST_ISBT_DIN_LENGTH || !g_ascii_isupper (din[0]))
    return FALSE;
  for (int i = 1; i < 5; i++)
    if (!g_ascii_isupper (din[i]) && !g_ascii_isdigit (din[i]))
      return FALSE;
  for (int i = 5; i < ST_ISBT_DIN_LENGTH; i++)
    if (!g_ascii_isdigit (din[i]))
      return FALSE;
  return TRUE;
}

char *
st_isbt_normalize_din (const char *field,
                       const char *text,
                       GError    **error)
{
  g_autoptr(GString) compact = g_string_new (NULL);
  g_autofree char *din = NULL;
  gsize length;

  g_return_val_if_fail (field != NULL, NULL);

  if (text == NULL || *text == '\0')
    {
      g_set_error (error, ST_ISBT_ERROR, ST_ISBT_ERROR_INVALID,
                   _("%s: a donation identification number is required"), field);
      return NULL;
    }
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isspace (*p))
      g_string_append_c (compact, g_ascii_toupper (*p));
  if (compact->str[0] == '=')
    g_string_erase (compact, 0, 1);

  length = compact->len;
  if (length == ST_ISBT_DIN_LENGTH + 2)
    length = ST_ISBT_DIN_LENGTH;   /* the flag characters */
  din = g_strndup (compact->str, MIN (length, ST_ISBT_DIN_LENGTH));
  if ((length != ST_ISBT_DIN_LENGTH && length != ST_ISBT_DIN_LENGTH + 1) || !is_din (din))
    {
      /* Messages are UTF-8 whatever bytes were typed or scanned. */
      g_autofree char *typed = g_utf8_make_valid (text, -1);
      g_set_error (error, ST_ISBT_ERROR, ST_ISBT_ERROR_INVALID,
                   _("%s: '%s' is not an ISBT 128 donation identification number "
                     "(13 characters: a letter, 4 letters or digits, 8 digits)"),
                   field, typed);
      return NULL;
    }

  if (length == ST_ISBT_DIN_LENGTH + 1)
    {
      char expected = st_isbt_check_character (din);
      char typed = compact->str[ST_ISBT_DIN_LENGTH];

      if (typed != expected)
        {
          g_set_error (error, ST_ISBT_ERROR, ST_ISBT_ERROR_CHECK_CHARACTER,
                       _("%s: check character '%c' does not match %s (expected '%c')"),
                       field, g_ascii_isprint (typed) ? typed : '?', din, expected);
          return NULL;
        }
    }
  return g_steal_pointer (&din);
}
