/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/*
 * The idle lock's clock: any key, click, pointer movement or scroll in the
 * application's windows (its dialogs included) counts as input.  While
 * active, "idle" is emitted once after "minutes" without input; then the
 * monitor stops until it is activated again.
 */

#define ST_TYPE_IDLE_MONITOR (st_idle_monitor_get_type ())
G_DECLARE_FINAL_TYPE (StIdleMonitor, st_idle_monitor, ST, IDLE_MONITOR, GObject)

StIdleMonitor *st_idle_monitor_new         (void);
/* Counts from now; inactive, it never emits "idle". */
void           st_idle_monitor_set_active  (StIdleMonitor *self,
                                            gboolean       active);
gboolean       st_idle_monitor_get_active  (StIdleMonitor *self);
/* The "minutes" property, fractions allowed. */
double         st_idle_monitor_get_minutes (StIdleMonitor *self);
/* Counts as input now. */
void           st_idle_monitor_touch       (StIdleMonitor *self);

G_END_DECLS
