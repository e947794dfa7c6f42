/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* Preferences bound to GSettings (g_settings_bind): the database file, the
 * idle lock's minutes, the default export folder and whether certificates
 * open after a release. */

#define ST_TYPE_PREFERENCES_WINDOW (st_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (StPreferencesWindow, st_preferences_window, ST, PREFERENCES_WINDOW, AdwPreferencesWindow)

StPreferencesWindow *st_preferences_window_new (GtkWindow *parent,
                                                GSettings *settings);

G_END_DECLS
