/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Migration N (1-based) is element N-1; each ends by setting user_version. */
extern const char *const st_db_sqlite_migrations[];
