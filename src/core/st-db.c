/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "st-db-private.h"

#include <glib/gi18n-lib.h>
#include <string.h>

G_DEFINE_QUARK (st-db-error-quark, st_db_error)

static gboolean
is_postgresql_location (const char *location)
{
  return g_str_has_prefix (location, "postgresql://")
      || g_str_has_prefix (location, "postgres://");
}

gboolean
st_db_location_is_server (const char *location)
{
  return location != NULL && is_postgresql_location (location);
}

static gboolean
is_password_parameter (const char *parameter)
{
  return g_str_has_prefix (parameter, "password=") || g_str_has_prefix (parameter, "sslpassword=");
}

char *
st_db_location_display (const char *location)
{
  const char *authority;
  const char *end;
  const char *at = NULL;
  const char *query;
  GString *out;

  if (!st_db_location_is_server (location))
    return g_strdup (location);

  /* scheme://[user[:password]@]host[:port][/dbname][?parameters] */
  authority = strstr (location, "://") + 3;
  end = authority + strcspn (authority, "/?");
  for (const char *p = authority; p < end; p++)
    if (*p == '@')
      at = p;
  out = g_string_new_len (location, authority - location);
  if (at != NULL)
    {
      const char *colon = memchr (authority, ':', at - authority);
      g_string_append_len (out, authority, (colon ? colon : at) - authority);
      g_string_append_c (out, '@');
      authority = at + 1;
    }
  query = strchr (end, '?');
  g_string_append_len (out, authority, (query ? query : end + strlen (end)) - authority);
  if (query != NULL)
    {
      g_auto(GStrv) parameters = g_strsplit (query + 1, "&", -1);
      gboolean first = TRUE;

      for (guint i = 0; parameters[i] != NULL; i++)
        {
          if (is_password_parameter (parameters[i]))
            continue;
          g_string_append_c (out, first ? '?' : '&');
          g_string_append (out, parameters[i]);
          first = FALSE;
        }
    }
  return g_string_free (out, FALSE);
}

static void
stmt_free (gpointer data)
{
  StDbStmt *stmt = data;

  stmt->db->backend->finalize (stmt->impl);
  g_free (stmt->sql);
  g_free (stmt);
}

/* Past this many texts the pointer index starts afresh: SQL built at run
 * time would otherwise leave an entry behind for every address it had. */
#define MAX_POINTER_ENTRIES 4096

StDb *
st_db_open (const char   *location,
            StDbOpenMode  mode,
            GError      **error)
{
  const StDbBackend *backend = &st_db_sqlite_backend;
  StDb *db;

  g_return_val_if_fail (location != NULL, NULL);

  if (*location == '\0')
    {
      g_set_error (error, ST_DB_ERROR, ST_DB_ERROR_LOCATION,
                   _("database: no location given"));
      return NULL;
    }
  if (is_postgresql_location (location))
    {
#ifdef HAVE_POSTGRESQL
      backend = &st_db_pg_backend;
#else
      g_set_error (error, ST_DB_ERROR, ST_DB_ERROR_LOCATION,
                   _("database: this build of Stroma has no PostgreSQL support"));
      return NULL;
#endif
    }

  db = g_new0 (StDb, 1);
  db->backend = backend;
  db->location = g_strdup (location);
  db->statements = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, stmt_free);
  db->streams = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, stmt_free);
  db->by_pointer = g_hash_table_new (g_direct_hash, g_direct_equal);
  if (!backend->open (db, location, mode, error))
    {
      g_hash_table_unref (db->by_pointer);
      g_hash_table_unref (db->statements);
      g_hash_table_unref (db->streams);
      g_free (db->location);
      g_free (db);
      return NULL;
    }
  return db;
}

void
st_db_close (StDb *db)
{
  if (db == NULL)
    return;
  if (db->in_transaction)
    st_db_rollback (db);
  g_hash_table_unref (db->by_pointer);
  g_hash_table_unref (db->statements);
  g_hash_table_unref (db->streams);
  g_datalist_clear (&db->data);
  db->backend->close (db);
  g_free (db->location);
  g_free (db);
}

const char *
st_db_location (StDb *db)
{
  return db->location;
}

const char *
st_db_backend_name (StDb *db)
{
  return db->backend->name;
}

gboolean
st_db_is_postgresql (StDb *db)
{
  return g_str_equal (db->backend->name, "postgresql");
}

int
st_db_schema_version (StDb *db)
{
  return db->backend->schema_version (db);
}

gpointer
st_db_get_data (StDb       *db,
                const char *key)
{
  return g_datalist_get_data (&db->data, key);
}

void
st_db_set_data (StDb           *db,
                const char     *key,
                gpointer        data,
                GDestroyNotify  destroy)
{
  g_datalist_set_data_full (&db->data, key, data, destroy);
}

gboolean
st_db_begin (StDb    *db,
             GError **error)
{
  g_return_val_if_fail (!db->in_transaction, FALSE);

  g_atomic_int_set (&db->interrupted, 0);
  if (!db->backend->begin (db, TRUE, error))
    return FALSE;
  db->in_transaction = TRUE;
  db->writing = TRUE;
  db->transaction_serial++;
  return TRUE;
}

gboolean
st_db_begin_read (StDb    *db,
                  GError **error)
{
  g_return_val_if_fail (!db->in_transaction, FALSE);

  g_atomic_int_set (&db->interrupted, 0);
  if (!db->backend->begin (db, FALSE, error))
    return FALSE;
  db->in_transaction = TRUE;
  db->writing = FALSE;
  db->transaction_serial++;
  return TRUE;
}

gboolean
st_db_commit (StDb    *db,
              GError **error)
{
  g_return_val_if_fail (db->in_transaction, FALSE);

  if (!db->backend->commit (db, error))
    {
      st_db_rollback (db);
      return FALSE;
    }
  db->in_transaction = FALSE;
  db->transaction_serial++;
  return TRUE;
}

void
st_db_rollback (StDb *db)
{
  if (!db->in_transaction)
    return;
  if (db->writing)
    db->write_rollbacks++;
  db->backend->rollback (db);
  db->in_transaction = FALSE;
  db->transaction_serial++;
}

gboolean
st_db_in_transaction (StDb *db)
{
  return db->in_transaction;
}

guint64
st_db_transaction_serial (StDb *db)
{
  return db->transaction_serial;
}

guint64
st_db_write_rollbacks (StDb *db)
{
  return db->write_rollbacks;
}

gboolean
st_db_in_write_transaction (StDb *db)
{
  return db->in_transaction && db->writing;
}

gboolean
st_db_exec (StDb        *db,
            const char  *sql,
            GError     **error)
{
  return db->backend->exec (db, sql, error);
}

/* Almost every SQL text is a literal, passed at the same address each time:
 * the pointer finds the statement, and one comparison of the text makes sure
 * that the address does not now hold other SQL (text built at run time). */
static StDbStmt *
prepare_cached (StDb        *db,
                GHashTable  *cache,
                gpointer   (*prepare) (StDb *db, const char *sql, GError **error),
                const char  *sql,
                GError     **error)
{
  StDbStmt *stmt = g_hash_table_lookup (db->by_pointer, sql);

  if (stmt == NULL || stmt->cache != cache || strcmp (stmt->sql, sql) != 0)
    {
      stmt = g_hash_table_lookup (cache, sql);
      if (stmt == NULL)
        {
          stmt = g_new0 (StDbStmt, 1);
          stmt->db = db;
          stmt->cache = cache;
          stmt->impl = prepare (db, sql, error);
          if (stmt->impl == NULL)
            {
              g_free (stmt);
              return NULL;
            }
          stmt->sql = g_strdup (sql);
          g_hash_table_insert (cache, stmt->sql, stmt);
          /* A new statement starts out reset. */
          if (g_hash_table_size (db->by_pointer) >= MAX_POINTER_ENTRIES)
            g_hash_table_remove_all (db->by_pointer);
          g_hash_table_insert (db->by_pointer, (gpointer) sql, stmt);
          return stmt;
        }
      if (g_hash_table_size (db->by_pointer) >= MAX_POINTER_ENTRIES)
        g_hash_table_remove_all (db->by_pointer);
      g_hash_table_insert (db->by_pointer, (gpointer) sql, stmt);
    }
  db->backend->reset (stmt->impl);
  return stmt;
}

void
st_db_foreach_cached_sql (StDb           *db,
                          StDbSqlFunc     func,
                          gpointer        user_data)
{
  GHashTable *caches[] = { db->statements, db->streams };

  for (guint i = 0; i < G_N_ELEMENTS (caches); i++)
    {
      GHashTableIter iter;
      gpointer key;

      g_hash_table_iter_init (&iter, caches[i]);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        func (key, user_data);
    }
}

StDbStmt *
st_db_prepare (StDb        *db,
               const char  *sql,
               GError     **error)
{
  return prepare_cached (db, db->statements, db->backend->prepare, sql, error);
}

StDbStmt *
st_db_prepare_stream (StDb        *db,
                      const char  *sql,
                      GError     **error)
{
  if (db->backend->prepare_stream == NULL)
    return st_db_prepare (db, sql, error);
  return prepare_cached (db, db->streams, db->backend->prepare_stream, sql, error);
}

void
st_db_bind_text (StDbStmt   *stmt,
                 int         index,
                 const char *value)
{
  if (value == NULL)
    stmt->db->backend->bind_null (stmt->impl, index);
  else
    stmt->db->backend->bind_text (stmt->impl, index, value);
}

void
st_db_bind_int (StDbStmt *stmt,
                int       index,
                gint64    value)
{
  stmt->db->backend->bind_int (stmt->impl, index, value);
}

void
st_db_bind_double (StDbStmt *stmt,
                   int       index,
                   double    value)
{
  stmt->db->backend->bind_double (stmt->impl, index, value);
}

void
st_db_bind_blob (StDbStmt   *stmt,
                 int         index,
                 const void *data,
                 gsize       len)
{
  if (data == NULL)
    stmt->db->backend->bind_null (stmt->impl, index);
  else
    stmt->db->backend->bind_blob (stmt->impl, index, data, len);
}

void
st_db_bind_null (StDbStmt *stmt,
                 int       index)
{
  stmt->db->backend->bind_null (stmt->impl, index);
}

static void
set_interrupted (GError **error)
{
  g_set_error (error, ST_DB_ERROR, ST_DB_ERROR_INTERRUPTED, _("database: the query was interrupted"));
}

void
st_db_interrupt (StDb *db)
{
  g_atomic_int_set (&db->interrupted, 1);
  if (db->backend->interrupt != NULL)
    db->backend->interrupt (db);
}

StDbStep
st_db_step (StDbStmt  *stmt,
            GError   **error)
{
  g_autoptr(GError) local = NULL;
  StDbStep step;

  if (g_atomic_int_compare_and_exchange (&stmt->db->interrupted, 1, 0))
    {
      /* Between two rows too: the statement ends as the engine's would. */
      stmt->db->backend->reset (stmt->impl);
      set_interrupted (error);
      return ST_DB_FAILED;
    }
  step = stmt->db->backend->step (stmt->db, stmt->impl, &local);
  if (step != ST_DB_FAILED)
    return step;
  /* Reported once, whether the engine or the check above stopped it. */
  if (g_error_matches (local, ST_DB_ERROR, ST_DB_ERROR_INTERRUPTED))
    g_atomic_int_set (&stmt->db->interrupted, 0);
  g_propagate_error (error, g_steal_pointer (&local));
  return ST_DB_FAILED;
}

gboolean
st_db_run (StDbStmt  *stmt,
           GError   **error)
{
  StDbStep step;

  while ((step = st_db_step (stmt, error)) == ST_DB_ROW)
    ;
  return step == ST_DB_DONE;
}

void
st_db_reset (StDbStmt *stmt)
{
  stmt->db->backend->reset (stmt->impl);
}

gboolean
st_db_column_is_null (StDbStmt *stmt,
                      int       column)
{
  return stmt->db->backend->column_is_null (stmt->impl, column);
}

const char *
st_db_column_text (StDbStmt *stmt,
                   int       column)
{
  return stmt->db->backend->column_text (stmt->impl, column);
}

gint64
st_db_column_int (StDbStmt *stmt,
                  int       column)
{
  return stmt->db->backend->column_int (stmt->impl, column);
}

double
st_db_column_double (StDbStmt *stmt,
                     int       column)
{
  return stmt->db->backend->column_double (stmt->impl, column);
}

const guint8 *
st_db_column_blob (StDbStmt *stmt,
                   int       column,
                   gsize    *len)
{
  return stmt->db->backend->column_blob (stmt->impl, column, len);
}

gint64
st_db_changes (StDbStmt *stmt)
{
  return stmt->db->backend->changes (stmt->db, stmt->impl);
}

gboolean
st_db_backup_to (StDb        *db,
                 const char  *path,
                 GError     **error)
{
  return db->backend->backup_to (db, path, error);
}

void
st_db_set_cache_size (StDb  *db,
                      guint  kib)
{
  if (db->backend->set_cache_size != NULL)
    db->backend->set_cache_size (db, kib);
}

gboolean
st_db_check_integrity (StDb        *db,
                       char       **problem,
                       GError     **error)
{
  *problem = NULL;
  return db->backend->check_integrity (db, problem, error);
}

StDbTableInfo *
st_db_table_info_new (const char *name)
{
  StDbTableInfo *info = g_new0 (StDbTableInfo, 1);

  info->name = g_strdup (name);
  info->columns = g_ptr_array_new ();
  return info;
}

void
st_db_table_info_add_column (StDbTableInfo *info,
                             const char    *name,
                             const char    *declared_type)
{
  StDbColumnInfo *column = g_new0 (StDbColumnInfo, 1);
  g_autofree char *type = g_ascii_strup (declared_type ? declared_type : "", -1);

  column->name = g_strdup (name);
  if (strstr (type, "INT") != NULL)
    column->kind = ST_DB_KIND_INTEGER;
  else if (strstr (type, "BLOB") != NULL || strstr (type, "BYTEA") != NULL)
    column->kind = ST_DB_KIND_BLOB;
  else
    column->kind = ST_DB_KIND_TEXT;
  g_ptr_array_add (info->columns, column);
}

void
st_db_table_info_free (StDbTableInfo *info)
{
  if (info == NULL)
    return;
  for (guint i = 0; i < info->columns->len; i++)
    {
      StDbColumnInfo *column = g_ptr_array_index (info->columns, i);
      g_free (column->name);
      g_free (column);
    }
  g_ptr_array_unref (info->columns);
  g_free (info->name);
  g_free (info);
}

gboolean
st_db_is_schema_identifier (const char *name)
{
  gsize length;

  if (name == NULL || (length = strlen (name)) == 0 || length > 63
      || !(g_ascii_islower (name[0]) || name[0] == '_'))
    return FALSE;
  for (const char *p = name; *p != '\0'; p++)
    if (!(g_ascii_islower (*p) || g_ascii_isdigit (*p) || *p == '_'))
      return FALSE;
  return TRUE;
}
