/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "st-measure.h"

#include <stdio.h>

static GHashTable *marks;   /* mark -> gint64 monotonic time, main thread only */

gboolean
st_measure_enabled (void)
{
  static int enabled = -1;

  if (enabled < 0)
    enabled = g_strcmp0 (g_getenv ("STROMA_MEASURE"), "1") == 0;
  return enabled;
}

void
st_measure_mark (const char *mark)
{
  gint64 *at;

  if (!st_measure_enabled ())
    return;
  if (marks == NULL)
    marks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  at = g_new (gint64, 1);
  *at = g_get_monotonic_time ();
  g_hash_table_insert (marks, g_strdup (mark), at);
}

typedef struct {
  char *what;
  gint64 since;
  GdkFrameClock *clock;
  gulong handler;
} Pending;

static void
on_after_paint (GdkFrameClock *clock,
                Pending       *pending)
{
  gint64 now = g_get_monotonic_time ();

  fprintf (stderr, "stroma-measure: %s: %.1f ms (frame started %.1f ms after the mark)\n", pending->what,
           (now - pending->since) / 1000.0, (gdk_frame_clock_get_frame_time (clock) - pending->since) / 1000.0);
  fflush (stderr);
  g_signal_handler_disconnect (clock, pending->handler);
  g_object_unref (pending->clock);
  g_free (pending->what);
  g_free (pending);
}

static gboolean
on_tick (GtkWidget     *widget,
         GdkFrameClock *clock,
         gpointer       user_data)
{
  Pending *pending = user_data;

  /* The tick comes before this frame's layout and paint. */
  pending->clock = g_object_ref (clock);
  pending->handler = g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint), pending);
  return G_SOURCE_REMOVE;
}

void
st_measure_after_frame (GtkWidget  *widget,
                        const char *mark,
                        const char *what)
{
  gint64 *since;
  Pending *pending;

  if (!st_measure_enabled () || marks == NULL || (since = g_hash_table_lookup (marks, mark)) == NULL)
    return;
  pending = g_new0 (Pending, 1);
  pending->what = g_strdup (what);
  pending->since = *since;
  g_hash_table_remove (marks, mark);
  gtk_widget_add_tick_callback (widget, on_tick, pending, NULL);
  gtk_widget_queue_draw (widget);
}
