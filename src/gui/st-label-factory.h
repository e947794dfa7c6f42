/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/*
 * A list item factory whose cell is one label showing a string property of
 * the item.  For long, many-column lists: a GtkBuilderListItemFactory parses
 * its XML for every cell it sets up, which on the audit trail's nine
 * columns cost the main loop ~100 ms when the first rows appeared.
 */

typedef enum {
  ST_LABEL_ELLIPSIZE = 0,     /* one line, ellipsized */
  ST_LABEL_WRAP = 1 << 0,     /* wrapped at word or character boundaries */
  ST_LABEL_NUMERIC = 1 << 1,  /* tabular figures */
} StLabelFlags;

/* @property: a string property of the list's items; the label's tooltip
 * says the same (a wrapped or ellipsized value in full). */
GtkListItemFactory *st_label_factory_new (const char   *property,
                                          StLabelFlags  flags);

G_END_DECLS
