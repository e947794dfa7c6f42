/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "st-canon.h"

#include <string.h>

#define ST_CANON_NULL_LENGTH G_MAXUINT32

static void
add_length (GByteArray *out,
            guint32     length)
{
  guint8 be[4] = {
    (length >> 24) & 0xff, (length >> 16) & 0xff, (length >> 8) & 0xff, length & 0xff
  };
  g_byte_array_append (out, be, sizeof be);
}

void
st_canon_add_bytes (GByteArray   *out,
                    const guint8 *data,
                    gsize         len)
{
  g_return_if_fail (len < ST_CANON_NULL_LENGTH);

  if (data == NULL)
    {
      add_length (out, ST_CANON_NULL_LENGTH);
      return;
    }
  add_length (out, (guint32) len);
  g_byte_array_append (out, data, (guint) len);
}

void
st_canon_add_text (GByteArray *out,
                   const char *text)
{
  st_canon_add_bytes (out, (const guint8 *) text, text ? strlen (text) : 0);
}

void
st_canon_add_int (GByteArray *out,
                  gint64      value)
{
  char buffer[24];

  g_snprintf (buffer, sizeof buffer, "%" G_GINT64_FORMAT, value);
  st_canon_add_text (out, buffer);
}
