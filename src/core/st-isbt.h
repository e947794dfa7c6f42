/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * ISBT 128 Donation Identification Numbers (DIN): 13 characters, facility
 * code (5: a letter and four characters), year (2 digits), sequence (6
 * digits).  Barcodes carry a leading '=' and two trailing flag characters;
 * eye-readable labels add the check character in a box.
 */

#define ST_ISBT_ERROR (st_isbt_error_quark ())
GQuark st_isbt_error_quark (void);

typedef enum {
  /* The text is not a DIN (length, characters). */
  ST_ISBT_ERROR_INVALID = 200,
  /* A check character was typed and does not match the DIN. */
  ST_ISBT_ERROR_CHECK_CHARACTER = 201,
} StIsbtError;

#define ST_ISBT_DIN_LENGTH 13

/* ISO/IEC 7064 Mod 37-2 check character of a 13-character DIN ('0'-'9',
 * 'A'-'Z'): '0'-'9', 'A'-'Z' or '*'; '\0' for invalid input. */
char  st_isbt_check_character (const char *din);

/* A DIN as typed or scanned: surrounding and inner spaces, a leading '=',
 * and the two trailing flag characters ("=G123417654321 00") are removed,
 * lower-case letters raised.  Fourteen characters are a DIN followed by its
 * check character, which must match.  Returns the 13-character DIN or NULL
 * with an error naming @field. */
char *st_isbt_normalize_din   (const char *field,
                               const char *text,
                               GError    **error);

G_END_DECLS
