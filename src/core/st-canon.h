/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * Canonical bytes for hashing: each field is a 4-byte big-endian length
 * followed by its bytes, in a fixed order, so no two different records can
 * serialise to the same bytes.  A missing value (NULL) is the length
 * 0xffffffff with no bytes, distinct from the empty string.
 */
void st_canon_add_text  (GByteArray *out,
                         const char *text);
void st_canon_add_int   (GByteArray *out,
                         gint64      value);
void st_canon_add_bytes (GByteArray   *out,
                         const guint8 *data,
                         gsize         len);

G_END_DECLS
