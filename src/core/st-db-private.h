/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "st-db.h"

G_BEGIN_DECLS

/* What a database engine provides to st-db; one backend per file. */
typedef struct {
  const char *name;

  gboolean   (*open)           (StDb *db, const char *location, StDbOpenMode mode, GError **error);
  void       (*close)          (StDb *db);
  gboolean   (*exec)           (StDb *db, const char *sql, GError **error);
  gboolean   (*begin)          (StDb *db, gboolean write, GError **error);
  gboolean   (*commit)         (StDb *db, GError **error);
  void       (*rollback)       (StDb *db);
  int        (*schema_version) (StDb *db);

  gpointer   (*prepare)        (StDb *db, const char *sql, GError **error);
  void       (*finalize)       (gpointer stmt);
  void       (*reset)          (gpointer stmt);
  void       (*bind_text)      (gpointer stmt, int index, const char *value);
  void       (*bind_int)       (gpointer stmt, int index, gint64 value);
  void       (*bind_double)    (gpointer stmt, int index, double value);
  void       (*bind_blob)      (gpointer stmt, int index, const void *data, gsize len);
  void       (*bind_null)      (gpointer stmt, int index);
  StDbStep   (*step)           (StDb *db, gpointer stmt, GError **error);
  gboolean   (*column_is_null) (gpointer stmt, int column);
  const char *(*column_text)   (gpointer stmt, int column);
  gint64     (*column_int)     (gpointer stmt, int column);
  double     (*column_double)  (gpointer stmt, int column);
  const guint8 *(*column_blob) (gpointer stmt, int column, gsize *len);
  gint64     (*changes)        (StDb *db, gpointer stmt);
  gboolean   (*backup_to)      (StDb *db, const char *path, GError **error);
  gboolean   (*check_integrity) (StDb *db, char **problem, GError **error);
  /* Optional: a statement whose rows are fetched in batches (NULL: prepare). */
  gpointer   (*prepare_stream) (StDb *db, const char *sql, GError **error);
  /* The tables (StDbTableInfo) in the order they were made, which respects
   * their references; the backend's own bookkeeping tables are left out. */
  GPtrArray *(*describe)       (StDb *db, GError **error);
  /* Optional: generated keys continue after the largest key (after a copy). */
  gboolean   (*reset_keys)     (StDb *db, GError **error);
  /* Optional: the page cache size in KiB. */
  void       (*set_cache_size) (StDb *db, guint kib);
  /* Optional, called from another thread: stops the statement running. */
  void       (*interrupt)      (StDb *db);
} StDbBackend;

typedef enum {
  ST_DB_KIND_INTEGER,
  ST_DB_KIND_TEXT,
  ST_DB_KIND_BLOB,
} StDbKind;

typedef struct {
  char *name;
  StDbKind kind;
} StDbColumnInfo;

typedef struct {
  char *name;
  GPtrArray *columns;      /* StDbColumnInfo */
} StDbTableInfo;

StDbTableInfo *st_db_table_info_new        (const char    *name);
/* Adds a column of the declared SQL type (INTEGER, BIGINT, TEXT, BLOB, BYTEA ...). */
void           st_db_table_info_add_column (StDbTableInfo *info,
                                            const char    *name,
                                            const char    *declared_type);
void           st_db_table_info_free       (StDbTableInfo *info);

/* TRUE for a name Stroma's schemas use: [a-z_][a-z0-9_]*, at most 63 bytes.
 * Table and column names cannot be bound as parameters; the few statements
 * built from the catalogue's names (copy, counts, key reset) accept only
 * such names, and quote them as well. */
gboolean       st_db_is_schema_identifier  (const char    *name);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (StDbTableInfo, st_db_table_info_free)

struct _StDb {
  const StDbBackend *backend;
  char *location;
  GHashTable *statements;  /* SQL text -> StDbStmt */
  GHashTable *streams;     /* SQL text -> StDbStmt made by st_db_prepare_stream */
  GHashTable *by_pointer;  /* address of the SQL text last passed -> StDbStmt */
  gboolean in_transaction;
  gboolean writing;         /* the transaction is st_db_begin()'s */
  guint64 transaction_serial;
  guint64 write_rollbacks;
  gint interrupted;         /* atomic: st_db_interrupt() not yet reported */
  GData *data;             /* caches of the layers above, e.g. parsed specs */
  gpointer impl;
};

struct _StDbStmt {
  StDb *db;
  gpointer impl;
  char *sql;               /* owned; the key in its cache */
  GHashTable *cache;       /* statements or streams */
};

/* Calls @func with the text of every statement the connection has prepared
 * and keeps (for tests that check the query plans). */
typedef void (*StDbSqlFunc) (const char *sql, gpointer user_data);
void st_db_foreach_cached_sql (StDb        *db,
                               StDbSqlFunc  func,
                               gpointer     user_data);

extern const StDbBackend st_db_sqlite_backend;
#ifdef HAVE_POSTGRESQL
extern const StDbBackend st_db_pg_backend;
#endif

G_END_DECLS
