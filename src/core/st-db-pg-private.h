/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libpq-fe.h>

#include "st-db-private.h"

G_BEGIN_DECLS

/* The PostgreSQL backend's connection, shared by its two files. */
typedef struct {
  PGconn *conn;
  char *display;            /* the location without its password */
  guint64 generation;       /* counts (re)connections: prepared statements die with one */
  guint64 transaction;      /* counts transactions: cursors die with one */
  guint next_name;
  gboolean read_only;       /* opened with ST_DB_OPEN_READ_ONLY */
} PgDb;

static inline PgDb *
st_db_pg_of (StDb *db)
{
  return db->impl;
}

/* Sets @error from a failed result (NULL: a failure without one); FALSE. */
gboolean st_db_pg_set_error   (PgDb            *pg,
                               const PGresult  *result,
                               GError         **error);
/* Runs fixed SQL; TRUE when the server accepted all of it. */
gboolean st_db_pg_exec        (PgDb            *pg,
                               const char      *sql,
                               GError         **error);
/* Runs a query of one row and one column; the value (NULL for SQL NULL) is copied. */
gboolean st_db_pg_query_value (PgDb            *pg,
                               const char      *sql,
                               char           **value,
                               GError         **error);

/* st-db-pg-open.c */
gboolean st_db_pg_prepare_schema (StDb          *db,
                                  StDbOpenMode   mode,
                                  GError       **error);
int      st_db_pg_schema_version (StDb          *db);
gboolean st_db_pg_backup_to      (StDb          *db,
                                  const char    *path,
                                  GError       **error);
gboolean st_db_pg_check_integrity (StDb         *db,
                                   char        **problem,
                                   GError      **error);
GPtrArray *st_db_pg_describe     (StDb          *db,
                                  GError       **error);
gboolean st_db_pg_reset_keys     (StDb          *db,
                                  GError       **error);

G_END_DECLS
