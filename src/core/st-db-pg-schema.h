/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The table that records which migrations ran (PostgreSQL has no user_version). */
extern const char st_db_pg_bootstrap[];
/* Migration N (1-based) is element N-1; the same numbering as SQLite's. */
extern const char *const st_db_pg_migrations[];
/* The group role that migrations grant the application's privileges to. */
#define ST_DB_PG_APPLICATION_ROLE "stroma_app"
