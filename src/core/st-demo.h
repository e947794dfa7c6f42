/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Every demo user's password. */
#define ST_DEMO_PASSWORD "demo-password"

typedef void (*StDemoProgress) (guint    done,
                                guint    total,
                                gpointer user_data);

typedef struct {
  guint users;
  guint donors;
  guint lots;
  guint status_counts[7];   /* open, in_review, reviewed, released, released_initial,
                               released_exceptional, rejected */
  guint certificates;
  guint deviations;
} StDemoSummary;

/*
 * Creates a new database at @location filled with a realistic demo site:
 * users admin, operator, operator2, reviewer and qp (password
 * ST_DEMO_PASSWORD), eligible and ineligible donors, and @n_lots lots spread
 * over every state of the life cycle with conforming, out-of-specification
 * and pending results.  Everything goes through the same core functions as
 * real work (checked and audited), in batches of one transaction each.
 */
gboolean st_demo_create (const char     *location,
                         guint           n_lots,
                         StDemoProgress  progress,
                         gpointer        user_data,
                         StDemoSummary  *summary,
                         GError        **error);

G_END_DECLS
