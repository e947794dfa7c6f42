/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/*
 * The desktop application: `stroma [--db PATH] [--demo]`.  The database is
 * --db, else $STROMA_DB, else the preference, else the user's data folder;
 * --demo makes a fresh demo site in a temporary folder instead.
 */

#define ST_TYPE_APPLICATION (st_application_get_type ())
G_DECLARE_FINAL_TYPE (StApplication, st_application, ST, APPLICATION, AdwApplication)

StApplication *st_application_new          (void);
/* NULL when the settings schema is not installed (running from a build
 * without it): then nothing is remembered. */
GSettings     *st_application_get_settings (StApplication *self);
/* Where the database is (--db, $STROMA_DB, preference, default). */
char          *st_application_default_location (StApplication *self);

G_END_DECLS
