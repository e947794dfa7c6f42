/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "st-session.h"

G_BEGIN_DECLS

/*
 * No database at the location yet: create a site there (site name and the
 * first administrator), or read how to do it with stromactl init.  Emits
 * "created" with the new session, signed in as the administrator.
 */

#define ST_TYPE_SETUP_PAGE (st_setup_page_get_type ())
G_DECLARE_FINAL_TYPE (StSetupPage, st_setup_page, ST, SETUP_PAGE, AdwBin)

void st_setup_page_set_location (StSetupPage *self,
                                 const char  *location);

G_END_DECLS
