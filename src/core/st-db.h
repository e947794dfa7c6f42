/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * The connection under the store: one open database, prepared statements
 * (cached by their SQL text and reused), transactions.  Which engine sits
 * behind it (SQLite file or PostgreSQL server) is chosen by the location and
 * hidden from everything above the store files.  SQL given here is portable:
 * `?` placeholders, integer keys, text timestamps, RETURNING for new keys.
 */

#define ST_DB_ERROR (st_db_error_quark ())
GQuark st_db_error_quark (void);

typedef enum {
  /* init was asked to create a database where one already exists (or a
   * server database that is not empty). */
  ST_DB_ERROR_EXISTS = 201,
  /* The location is not a path or a postgresql:// URI that can be used. */
  ST_DB_ERROR_LOCATION = 202,
  /* Another writer held the database past the busy timeout. */
  ST_DB_ERROR_BUSY = 400,
  /* The disk (or the server's quota) is full. */
  ST_DB_ERROR_FULL = 401,
  /* The file is damaged or is not a Stroma database. */
  ST_DB_ERROR_CORRUPT = 402,
  /* The database cannot be written (read-only file, folder or server role). */
  ST_DB_ERROR_READONLY = 403,
  /* The database cannot be opened (permissions, missing folder, server down). */
  ST_DB_ERROR_CANTOPEN = 404,
  /* The schema is newer than this program knows. */
  ST_DB_ERROR_NEWER_SCHEMA = 405,
  /* A read or write failed at the operating system. */
  ST_DB_ERROR_IO = 406,
  /* A constraint in the database refused a change (a program fault). */
  ST_DB_ERROR_CONSTRAINT = 407,
  /* The connection to the server was lost. */
  ST_DB_ERROR_CONNECTION = 408,
  /* Any other failure of the database engine. */
  ST_DB_ERROR_FAILED = 409,
  /* There is no database at the location (and none was to be created). */
  ST_DB_ERROR_NOT_FOUND = 410,
  /* st_db_interrupt() stopped the statement: an answer nobody waits for. */
  ST_DB_ERROR_INTERRUPTED = 411,
} StDbError;

typedef enum {
  /* The database must exist; migrations bring it up to date. */
  ST_DB_OPEN_EXISTING = 0,
  /* The database must not exist (a file) or be empty (a server); it is made. */
  ST_DB_OPEN_CREATE = 1,
  /* Open for reading only (verification of a copy); no migration. */
  ST_DB_OPEN_READ_ONLY = 2,
} StDbOpenMode;

typedef enum {
  ST_DB_DONE = 0,
  ST_DB_ROW = 1,
  ST_DB_FAILED = -1,
} StDbStep;

typedef struct _StDb StDb;
typedef struct _StDbStmt StDbStmt;

/* The latest schema version this program creates and understands. */
#define ST_DB_SCHEMA_VERSION 1

StDb       *st_db_open             (const char   *location,
                                    StDbOpenMode  mode,
                                    GError      **error);
void        st_db_close            (StDb         *db);
/* TRUE for a postgresql:// or postgres:// URI, FALSE for a file path. */
gboolean    st_db_location_is_server (const char *location);
/* The location fit for messages and the audit trail: without a password. */
char       *st_db_location_display (const char   *location);
const char *st_db_location         (StDb         *db);
/* "sqlite" or "postgresql". */
const char *st_db_backend_name     (StDb         *db);
gboolean    st_db_is_postgresql    (StDb         *db);
int         st_db_schema_version   (StDb         *db);

/* Per-connection data of the layers above (caches), freed with the connection. */
gpointer    st_db_get_data         (StDb           *db,
                                    const char     *key);
void        st_db_set_data         (StDb           *db,
                                    const char     *key,
                                    gpointer        data,
                                    GDestroyNotify  destroy);

/* A write transaction that is serialised against every other writer. */
gboolean    st_db_begin            (StDb     *db,
                                    GError  **error);
/* A read transaction: one consistent snapshot for several statements. */
gboolean    st_db_begin_read       (StDb     *db,
                                    GError  **error);
gboolean    st_db_commit           (StDb     *db,
                                    GError  **error);
void        st_db_rollback         (StDb     *db);
gboolean    st_db_in_transaction   (StDb     *db);
/* In a transaction of st_db_begin() (not st_db_begin_read()). */
gboolean    st_db_in_write_transaction (StDb *db);
/* Changes whenever a transaction begins or ends: what the connection read
 * under one value may be kept while the value stays (in a write transaction
 * nobody else writes). */
guint64     st_db_transaction_serial (StDb *db);
/* How many write transactions of this connection were rolled back: rows
 * it wrote and took back may leave their keys to others (SQLite reuses the
 * largest rowid). */
guint64     st_db_write_rollbacks  (StDb *db);
/* From any thread, while another thread works with @db: its statement
 * running now fails with ST_DB_ERROR_INTERRUPTED, or the next one to step
 * when none is running (until a transaction begins, which forgets the
 * interrupt).  SQLite stops a statement in the middle; PostgreSQL only
 * between statements (the running one finishes).  The connection stays
 * usable; a write transaction must be rolled back. */
void        st_db_interrupt        (StDb *db);

/* Runs fixed SQL without parameters (schema, pragmas); never user text. */
gboolean    st_db_exec             (StDb        *db,
                                    const char  *sql,
                                    GError     **error);

/*
 * The prepared statement for @sql, made on first use and kept for the life of
 * the connection; it comes back reset with no bindings.  Placeholders are
 * numbered from 1.
 */
StDbStmt   *st_db_prepare          (StDb        *db,
                                    const char  *sql,
                                    GError     **error);
/*
 * The same for a query whose rows may be many (the whole audit trail, every
 * lot): they are fetched in batches rather than all at once (PostgreSQL: a
 * server-side cursor, which lives in the transaction of
 * st_db_begin()/st_db_begin_read(); outside one the rows come at once).
 * Other statements may run between its steps.  SQLite: st_db_prepare().
 */
StDbStmt   *st_db_prepare_stream   (StDb        *db,
                                    const char  *sql,
                                    GError     **error);
void        st_db_bind_text        (StDbStmt    *stmt,
                                    int          index,
                                    const char  *value);
void        st_db_bind_int         (StDbStmt    *stmt,
                                    int          index,
                                    gint64       value);
void        st_db_bind_double      (StDbStmt    *stmt,
                                    int          index,
                                    double       value);
void        st_db_bind_blob        (StDbStmt    *stmt,
                                    int          index,
                                    const void  *data,
                                    gsize        len);
void        st_db_bind_null        (StDbStmt    *stmt,
                                    int          index);
StDbStep    st_db_step             (StDbStmt    *stmt,
                                    GError     **error);
/* Steps a statement that returns no rows (or whose rows are not wanted). */
gboolean    st_db_run              (StDbStmt    *stmt,
                                    GError     **error);
void        st_db_reset            (StDbStmt    *stmt);

gboolean     st_db_column_is_null  (StDbStmt *stmt,
                                    int       column);
const char  *st_db_column_text     (StDbStmt *stmt,
                                    int       column);
gint64       st_db_column_int      (StDbStmt *stmt,
                                    int       column);
double       st_db_column_double   (StDbStmt *stmt,
                                    int       column);
/* The blob's bytes, valid until the next step or reset. */
const guint8 *st_db_column_blob    (StDbStmt *stmt,
                                    int       column,
                                    gsize    *len);
/*
 * A consistent copy of the whole database written to the new file @path
 * while others keep working: SQLite's online backup; of a server database,
 * a SQLite file with the same schema and every row, read from one snapshot.
 * Fails if @path exists.
 */
gboolean     st_db_backup_to       (StDb        *db,
                                    const char  *path,
                                    GError     **error);
/* The engine's own structural check; *problem is NULL when it is sound.
 * (A server database: every table read through, and every index checked
 * where the amcheck extension is installed.) */
gboolean     st_db_check_integrity (StDb        *db,
                                    char       **problem,
                                    GError     **error);

/* For a transaction that writes much (a batch): keep up to @kib KiB of
 * pages in memory, so that none is written out twice before the commit.
 * Durability is unchanged.  No effect on a server database. */
void         st_db_set_cache_size  (StDb        *db,
                                    guint        kib);

/* Rows changed by the last INSERT, UPDATE or DELETE of @stmt. */
gint64       st_db_changes         (StDbStmt *stmt);

/*
 * Copies every row of every table of @source into @target, whose schema is
 * the same and whose tables hold only what the schema itself put there
 * (the chain head row, which takes the source's values).  Keys are kept.
 * Runs inside transactions the caller began on both; st-db-copy.c.
 */
gboolean     st_db_copy            (StDb        *source,
                                    StDb        *target,
                                    GError     **error);
/* After a copy: generated keys continue after the largest key of each table. */
gboolean     st_db_reset_keys      (StDb        *db,
                                    GError     **error);

typedef struct {
  char *table;
  gint64 rows;
} StDbTableCount;
void         st_db_table_count_free (StDbTableCount *count);
/* The number of rows of every table, in the order the tables were made. */
GPtrArray   *st_db_count_rows      (StDb        *db,
                                    GError     **error);

G_END_DECLS
