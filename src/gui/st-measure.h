/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/*
 * The measurement mode for the scale benchmark (tests/bench/bench-gui.sh):
 * with STROMA_MEASURE=1 the window prints to stderr how long the user
 * waited, from a mark (a click, a keystroke) to the end of the frame that
 * shows the answer:
 *   stroma-measure: sign-in: 412.3 ms
 *   stroma-measure: search: 131.0 ms
 * Times are monotonic, the clock the frame clock counts in.
 */

gboolean st_measure_enabled     (void);
/* Remembers now under @mark (only in the measurement mode). */
void     st_measure_mark        (const char *mark);
/* After the next frame of @widget is painted, prints the time since
 * @mark under @what and forgets the mark; nothing without the mark. */
void     st_measure_after_frame (GtkWidget  *widget,
                                 const char *mark,
                                 const char *what);

G_END_DECLS
