/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "st-db-pg-private.h"

#include <glib/gi18n-lib.h>
#include <stdlib.h>
#include <string.h>

/*
 * The PostgreSQL store over libpq.  Statements are prepared once per SQL
 * text (`?` becomes $1..$n) and executed with text parameters (blobs in
 * binary) and text results.  A write transaction is READ COMMITTED: the
 * writers queue on the audit chain head's row lock (SELECT ... FOR UPDATE
 * in st-store-audit.c), which every write takes first, and each statement
 * after it sees everything committed before.  A read transaction is
 * REPEATABLE READ: one snapshot for all its statements, as with SQLite.
 */

/* How long a writer waits for another before giving up (as SQLite's 3 x 10 s). */
#define LOCK_TIMEOUT "30s"
/* Rows fetched at a time by a streaming statement. */
#define STREAM_BATCH 1000
#define STREAM_BATCH_TEXT "1000"
#define SESSION_SETTINGS \
  "SET lock_timeout = '" LOCK_TIMEOUT "'; SET client_min_messages = warning; SET bytea_output = 'hex'"

typedef struct {
  StDb *db;
  char *sql;                /* with $n placeholders */
  char *name;               /* of the prepared statement, or of the cursor */
  int n_params;
  gboolean stream;
  guint64 prepared_in;      /* generation the statement was prepared in (0: not yet) */

  char **values;
  int *lengths;
  int *formats;

  PGresult *result;
  int row;
  int n_rows;
  gint64 changes;
  GPtrArray *blobs;         /* unescaped bytea columns of the current row */

  gboolean cursor_open;
  guint64 cursor_transaction;
  gboolean cursor_exhausted;
} PgStmt;

static void
ignore_notice (void       *user_data,
               const char *message)
{
  g_debug ("postgresql: %s", message);
}

/* The server's text, one line, for a message. */
static char *
first_line (const char *text)
{
  const char *end;

  if (text == NULL || *text == '\0')
    return g_strdup (_("no answer from the server"));
  end = strchr (text, '\n');
  return g_strstrip (end ? g_strndup (text, end - text) : g_strdup (text));
}

gboolean
st_db_pg_set_error (PgDb            *pg,
                    const PGresult  *result,
                    GError         **error)
{
  const char *state = result ? PQresultErrorField (result, PG_DIAG_SQLSTATE) : NULL;
  const char *primary = result ? PQresultErrorField (result, PG_DIAG_MESSAGE_PRIMARY) : NULL;
  g_autofree char *detail = first_line (primary ? primary : PQerrorMessage (pg->conn));

  if (PQstatus (pg->conn) == CONNECTION_BAD || state == NULL || g_str_has_prefix (state, "08")
      || g_str_equal (state, "57P01") || g_str_equal (state, "57P02") || g_str_equal (state, "57P03"))
    g_set_error (error, ST_DB_ERROR, ST_DB_ERROR_CONNECTION,
                 _("database: the connection to the server %s was lost (%s); nothing was changed"),
                 pg->display, detail);
  else if (g_str_has_prefix (state, "23"))
    g_set_error (error, ST_DB_ERROR, ST_DB_ERROR_CONSTRAINT,
                 _("database: refused by a constraint (%s)"), detail);
  else if (g_str_equal (state, "40001") || g_str_equal (state, "40P01") || g_str_equal (state, "55P03")
           || g_str_equal (state, "57014"))
    g_set_error (error, ST_DB_ERROR, ST_DB_ERROR_BUSY,
                 _("database: busy: another user held it for more than %s; nothing was changed, try again"),
                 LOCK_TIMEOUT);
  else if (g_str_equal (state, "53100"))
    g_set_error (error, ST_DB_ERROR, ST_DB_ERROR_FULL,
                 _("database: the server's disk is full; nothing was changed, ask its administrator"));
  else if (g_str_equal (state, "25006") || g_str_equal (state, "42501"))
    g_set_error (error, ST_DB_ERROR, ST_DB_ERROR_READONLY,
                 _("database: cannot be written (%s: the server role lacks the privilege); nothing was changed"),
                 detail);
  else if (g_str_has_prefix (state, "58"))
    g_set_error (error, ST_DB_ERROR, ST_DB_ERROR_IO,
                 _("database: a disk read or write failed on the server (%s); nothing was changed"), detail);
  else if (g_str_has_prefix (state, "XX0"))
    g_set_error (error, ST_DB_ERROR, ST_DB_ERROR_CORRUPT,
                 _("database: the server reports damaged data (%s) — restore it from a backup"), detail);
  else
    g_set_error (error, ST_DB_ERROR, ST_DB_ERROR_FAILED, _("database: %s"), detail);
  return FALSE;
}

static gboolean
result_ok (PgDb      *pg,
           PGresult  *result,
           GError   **error)
{
  ExecStatusType status = PQresultStatus (result);

  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK)
    return TRUE;
  return st_db_pg_set_error (pg, result, error);
}

gboolean
st_db_pg_exec (PgDb        *pg,
               const char  *sql,
               GError     **error)
{
  PGresult *result = PQexec (pg->conn, sql);
  gboolean ok = result_ok (pg, result, error);

  PQclear (result);
  return ok;
}

gboolean
st_db_pg_query_value (PgDb        *pg,
                      const char  *sql,
                      char       **value,
                      GError     **error)
{
  PGresult *result = PQexec (pg->conn, sql);
  gboolean ok = result_ok (pg, result, error);

  *value = NULL;
  if (ok && PQntuples (result) > 0 && !PQgetisnull (result, 0, 0))
    *value = g_strdup (PQgetvalue (result, 0, 0));
  PQclear (result);
  return ok;
}

static gboolean
apply_settings (PgDb    *pg,
                GError **error)
{
  return st_db_pg_exec (pg, SESSION_SETTINGS, error)
      && (!pg->read_only || st_db_pg_exec (pg, "SET default_transaction_read_only = on", error));
}

/* Between transactions a dropped connection is made again, so that a long
 * session (the desktop app) outlives a restart of the server; within one
 * it is not: that transaction is lost, and says so. */
static gboolean
ensure_connected (StDb    *db,
                  GError **error)
{
  PgDb *pg = st_db_pg_of (db);

  if (PQstatus (pg->conn) == CONNECTION_OK || db->in_transaction)
    return TRUE;
  PQreset (pg->conn);
  if (PQstatus (pg->conn) != CONNECTION_OK)
    return st_db_pg_set_error (pg, NULL, error);
  pg->generation++;
  return apply_settings (pg, error);
}

static gboolean
in_transaction (PgDb *pg)
{
  PGTransactionStatusType status = PQtransactionStatus (pg->conn);

  return status == PQTRANS_INTRANS || status == PQTRANS_INERROR || status == PQTRANS_ACTIVE;
}

static gboolean
pg_open (StDb         *db,
         const char   *location,
         StDbOpenMode  mode,
         GError      **error)
{
  /* The URI may set these too; client_encoding comes last, so it wins. */
  const char *const keywords[] = { "application_name", "connect_timeout", "dbname", "client_encoding", NULL };
  const char *const values[] = { "stroma", "10", location, "UTF8", NULL };
  PgDb *pg = g_new0 (PgDb, 1);
  g_autofree char *encoding = NULL;

  db->impl = pg;
  pg->display = st_db_location_display (location);
  pg->generation = 1;
  pg->conn = PQconnectdbParams (keywords, values, 1);
  if (pg->conn == NULL || PQstatus (pg->conn) != CONNECTION_OK)
    {
      g_autofree char *detail = first_line (pg->conn ? PQerrorMessage (pg->conn) : NULL);
      g_set_error (error, ST_DB_ERROR, ST_DB_ERROR_CANTOPEN,
                   _("database: cannot connect to the server %s: %s"), pg->display, detail);
      goto fail;
    }
  PQsetNoticeProcessor (pg->conn, ignore_notice, NULL);
  if (PQserverVersion (pg->conn) < 110000)
    {
      g_set_error (error, ST_DB_ERROR, ST_DB_ERROR_CANTOPEN,
                   _("database: the server %s runs PostgreSQL %d; Stroma needs version 11 or newer"),
                   pg->display, PQserverVersion (pg->conn) / 10000);
      goto fail;
    }
  if (!st_db_pg_query_value (pg, "SHOW server_encoding", &encoding, error))
    goto fail;
  if (g_strcmp0 (encoding, "UTF8") != 0)
    {
      g_set_error (error, ST_DB_ERROR, ST_DB_ERROR_CANTOPEN,
                   _("database: the server database %s uses the encoding %s; Stroma needs UTF8"),
                   pg->display, encoding);
      goto fail;
    }
  pg->read_only = mode == ST_DB_OPEN_READ_ONLY;
  if (!apply_settings (pg, error))
    goto fail;
  if (!st_db_pg_prepare_schema (db, mode, error))
    goto fail;
  return TRUE;

fail:
  PQfinish (pg->conn);
  g_free (pg->display);
  g_free (pg);
  db->impl = NULL;
  return FALSE;
}

static void
pg_close (StDb *db)
{
  PgDb *pg = st_db_pg_of (db);

  PQfinish (pg->conn);
  g_free (pg->display);
  g_free (pg);
}

static gboolean
pg_exec (StDb        *db,
         const char  *sql,
         GError     **error)
{
  if (!ensure_connected (db, error))
    return FALSE;
  return st_db_pg_exec (st_db_pg_of (db), sql, error);
}

static gboolean
pg_begin (StDb      *db,
          gboolean   write,
          GError   **error)
{
  PgDb *pg = st_db_pg_of (db);
  const char *begin = write ? "BEGIN ISOLATION LEVEL READ COMMITTED" : "BEGIN ISOLATION LEVEL REPEATABLE READ";
  g_autoptr(GError) local = NULL;

  if (!ensure_connected (db, error))
    return FALSE;
  if (in_transaction (pg))
    st_db_pg_exec (pg, "ROLLBACK", NULL);
  pg->transaction++;
  if (st_db_pg_exec (pg, begin, &local))
    return TRUE;
  /* A connection the server closed while it was idle shows only now;
   * nothing was done in it yet, so it is made again once. */
  if (!g_error_matches (local, ST_DB_ERROR, ST_DB_ERROR_CONNECTION) || PQstatus (pg->conn) == CONNECTION_OK)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  return ensure_connected (db, error) && st_db_pg_exec (pg, begin, error);
}

static gboolean
pg_commit (StDb    *db,
           GError **error)
{
  PgDb *pg = st_db_pg_of (db);
  PGresult *result;
  gboolean ok;

  if (PQtransactionStatus (pg->conn) == PQTRANS_INERROR)
    {
      g_set_error (error, ST_DB_ERROR, ST_DB_ERROR_FAILED,
                   _("database: a statement of this transaction failed; nothing was changed"));
      return FALSE;
    }
  result = PQexec (pg->conn, "COMMIT");
  ok = result_ok (pg, result, error);
  /* A transaction that failed answers COMMIT with ROLLBACK. */
  if (ok && g_strcmp0 (PQcmdStatus (result), "COMMIT") != 0)
    {
      g_set_error (error, ST_DB_ERROR, ST_DB_ERROR_FAILED,
                   _("database: the server rolled this transaction back; nothing was changed"));
      ok = FALSE;
    }
  if (!ok && error != NULL && g_error_matches (*error, ST_DB_ERROR, ST_DB_ERROR_CONNECTION))
    {
      g_clear_error (error);
      g_set_error (error, ST_DB_ERROR, ST_DB_ERROR_CONNECTION,
                   _("database: the connection to the server %s was lost while saving; check with "
                     "'stromactl audit show' whether the change was recorded before repeating it"), pg->display);
    }
  PQclear (result);
  return ok;
}

static void
pg_rollback (StDb *db)
{
  PgDb *pg = st_db_pg_of (db);

  if (PQstatus (pg->conn) == CONNECTION_OK && in_transaction (pg))
    st_db_pg_exec (pg, "ROLLBACK", NULL);
}

/* `?` outside quotes and comments becomes $1, $2, ... */
static char *
translate_placeholders (const char *sql,
                        int        *n_params)
{
  GString *out = g_string_sized_new (strlen (sql) + 16);
  int n = 0;

  for (const char *p = sql; *p != '\0'; p++)
    {
      if (*p == '\'' || *p == '"')
        {
          char quote = *p;
          g_string_append_c (out, *p++);
          /* A doubled quote inside stays inside. */
          while (*p != '\0' && !(*p == quote && p[1] != quote))
            {
              if (*p == quote)
                g_string_append_c (out, *p++);
              g_string_append_c (out, *p++);
            }
          if (*p == '\0')
            break;
          g_string_append_c (out, *p);
        }
      else if (p[0] == '-' && p[1] == '-')
        {
          while (*p != '\0' && *p != '\n')
            g_string_append_c (out, *p++);
          if (*p == '\0')
            break;
          g_string_append_c (out, *p);
        }
      else if (p[0] == '/' && p[1] == '*')
        {
          const char *end = strstr (p + 2, "*/");
          const char *stop = end ? end + 2 : p + strlen (p);
          g_string_append_len (out, p, stop - p);
          p = stop - 1;
        }
      else if (*p == '?')
        g_string_append_printf (out, "$%d", ++n);
      else
        g_string_append_c (out, *p);
    }
  *n_params = n;
  return g_string_free (out, FALSE);
}

static void
clear_row (PgStmt *stmt)
{
  if (stmt->blobs != NULL)
    g_ptr_array_set_size (stmt->blobs, 0);
}

static void
clear_result (PgStmt *stmt)
{
  clear_row (stmt);
  g_clear_pointer (&stmt->result, PQclear);
  stmt->row = -1;
  stmt->n_rows = 0;
}

static void
clear_params (PgStmt *stmt)
{
  for (int i = 0; i < stmt->n_params; i++)
    {
      g_clear_pointer (&stmt->values[i], g_free);
      stmt->lengths[i] = 0;
      stmt->formats[i] = 0;
    }
}

static PgStmt *
stmt_new (StDb       *db,
          const char *sql,
          gboolean    stream)
{
  PgDb *pg = st_db_pg_of (db);
  PgStmt *stmt = g_new0 (PgStmt, 1);

  stmt->db = db;
  stmt->sql = translate_placeholders (sql, &stmt->n_params);
  stmt->name = g_strdup_printf (stream ? "st_cursor_%u" : "st_stmt_%u", ++pg->next_name);
  stmt->stream = stream;
  stmt->values = g_new0 (char *, MAX (stmt->n_params, 1));
  stmt->lengths = g_new0 (int, MAX (stmt->n_params, 1));
  stmt->formats = g_new0 (int, MAX (stmt->n_params, 1));
  stmt->row = -1;
  return stmt;
}

static gboolean
ensure_prepared (PgStmt  *stmt,
                 GError **error)
{
  PgDb *pg = st_db_pg_of (stmt->db);
  PGresult *result;
  gboolean ok;

  if (!ensure_connected (stmt->db, error))
    return FALSE;
  if (stmt->prepared_in == pg->generation)
    return TRUE;
  result = PQprepare (pg->conn, stmt->name, stmt->sql, 0, NULL);
  ok = result_ok (pg, result, error);
  PQclear (result);
  if (ok)
    stmt->prepared_in = pg->generation;
  return ok;
}

static void pg_finalize (gpointer data);

static gpointer
pg_prepare (StDb        *db,
            const char  *sql,
            GError     **error)
{
  PgStmt *stmt = stmt_new (db, sql, FALSE);

  /* Prepared now, so that a fault in the SQL shows where it is made. */
  if (!ensure_prepared (stmt, error))
    {
      pg_finalize (stmt);
      return NULL;
    }
  return stmt;
}

static gpointer
pg_prepare_stream (StDb        *db,
                   const char  *sql,
                   GError     **error)
{
  return stmt_new (db, sql, TRUE);
}

static void
close_cursor (PgStmt *stmt)
{
  PgDb *pg = st_db_pg_of (stmt->db);

  if (stmt->cursor_open && stmt->cursor_transaction == pg->transaction
      && PQtransactionStatus (pg->conn) == PQTRANS_INTRANS)
    {
      g_autofree char *sql = g_strconcat ("CLOSE ", stmt->name, NULL);
      st_db_pg_exec (pg, sql, NULL);
    }
  stmt->cursor_open = FALSE;
}

static void
pg_finalize (gpointer data)
{
  PgStmt *stmt = data;

  /* The server forgets prepared statements and cursors with the connection. */
  clear_result (stmt);
  clear_params (stmt);
  g_clear_pointer (&stmt->blobs, g_ptr_array_unref);
  g_free (stmt->values);
  g_free (stmt->lengths);
  g_free (stmt->formats);
  g_free (stmt->sql);
  g_free (stmt->name);
  g_free (stmt);
}

static void
pg_reset (gpointer data)
{
  PgStmt *stmt = data;

  close_cursor (stmt);
  clear_result (stmt);
  clear_params (stmt);
}

static void
set_param (PgStmt *stmt,
           int     index,
           char   *value,
           int     length,
           int     format)
{
  g_return_if_fail (index >= 1 && index <= stmt->n_params);

  g_free (stmt->values[index - 1]);
  stmt->values[index - 1] = value;
  stmt->lengths[index - 1] = length;
  stmt->formats[index - 1] = format;
}

static void
pg_bind_text (gpointer stmt, int index, const char *value)
{
  set_param (stmt, index, g_strdup (value), 0, 0);
}

static void
pg_bind_int (gpointer stmt, int index, gint64 value)
{
  set_param (stmt, index, g_strdup_printf ("%" G_GINT64_FORMAT, value), 0, 0);
}

static void
pg_bind_double (gpointer stmt, int index, double value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  set_param (stmt, index, g_strdup (g_ascii_dtostr (buffer, sizeof buffer, value)), 0, 0);
}

static void
pg_bind_blob (gpointer stmt, int index, const void *data, gsize len)
{
  /* Never a NULL pointer: that would be SQL NULL, not an empty blob. */
  char *copy = g_malloc (MAX (len, 1));

  g_return_if_fail (len <= G_MAXINT);
  memcpy (copy, data, len);
  set_param (stmt, index, copy, (int) len, 1);
}

static void
pg_bind_null (gpointer stmt, int index)
{
  set_param (stmt, index, NULL, 0, 0);
}

/* Runs a prepared statement; its rows (if any) become the current result. */
static StDbStep
execute (PgStmt  *stmt,
         GError **error)
{
  PgDb *pg = st_db_pg_of (stmt->db);
  PGresult *result;
  ExecStatusType status;

  if (!ensure_prepared (stmt, error))
    return ST_DB_FAILED;
  result = PQexecPrepared (pg->conn, stmt->name, stmt->n_params, (const char *const *) stmt->values,
                           stmt->lengths, stmt->formats, 0);
  status = PQresultStatus (result);
  if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK)
    {
      st_db_pg_set_error (pg, result, error);
      PQclear (result);
      return ST_DB_FAILED;
    }
  stmt->changes = g_ascii_strtoll (PQcmdTuples (result), NULL, 10);
  stmt->result = result;
  stmt->n_rows = PQntuples (result);
  stmt->row = -1;
  return ST_DB_ROW;
}

/* A cursor needs a transaction; the rows then come in batches. */
static gboolean
fetch_batch (PgStmt  *stmt,
             GError **error)
{
  PgDb *pg = st_db_pg_of (stmt->db);
  PGresult *result;

  if (!stmt->cursor_open)
    {
      g_autofree char *declare = g_strconcat ("DECLARE ", stmt->name, " NO SCROLL CURSOR FOR ", stmt->sql, NULL);

      result = PQexecParams (pg->conn, declare, stmt->n_params, NULL, (const char *const *) stmt->values,
                             stmt->lengths, stmt->formats, 0);
      if (!result_ok (pg, result, error))
        {
          PQclear (result);
          return FALSE;
        }
      PQclear (result);
      stmt->cursor_open = TRUE;
      stmt->cursor_transaction = pg->transaction;
      stmt->cursor_exhausted = FALSE;
    }
  {
    g_autofree char *fetch = g_strconcat ("FETCH FORWARD " STREAM_BATCH_TEXT " FROM ", stmt->name, NULL);
    result = PQexec (pg->conn, fetch);
  }
  if (PQresultStatus (result) != PGRES_TUPLES_OK)
    {
      st_db_pg_set_error (pg, result, error);
      PQclear (result);
      stmt->cursor_open = FALSE;
      return FALSE;
    }
  stmt->result = result;
  stmt->n_rows = PQntuples (result);
  stmt->row = -1;
  stmt->cursor_exhausted = stmt->n_rows < STREAM_BATCH;
  return TRUE;
}

static StDbStep
step_stream (PgStmt  *stmt,
             GError **error)
{
  for (;;)
    {
      if (stmt->result != NULL && stmt->row + 1 < stmt->n_rows)
        {
          stmt->row++;
          return ST_DB_ROW;
        }
      if (stmt->result != NULL && stmt->cursor_exhausted)
        {
          clear_result (stmt);
          close_cursor (stmt);
          return ST_DB_DONE;
        }
      clear_result (stmt);
      if (!fetch_batch (stmt, error))
        return ST_DB_FAILED;
    }
}

static StDbStep
pg_step (StDb      *db,
         gpointer   data,
         GError   **error)
{
  PgStmt *stmt = data;
  PgDb *pg = st_db_pg_of (db);

  clear_row (stmt);
  if (stmt->stream && stmt->cursor_open
      && (stmt->cursor_transaction != pg->transaction || !in_transaction (pg)))
    {
      /* The transaction of an unfinished walk has ended: start afresh. */
      clear_result (stmt);
      stmt->cursor_open = FALSE;
    }
  /* Outside a transaction there can be no cursor: the rows come at once. */
  if (stmt->stream && (stmt->cursor_open || in_transaction (pg)))
    return step_stream (stmt, error);

  if (stmt->result == NULL && execute (stmt, error) == ST_DB_FAILED)
    return ST_DB_FAILED;
  if (stmt->row + 1 < stmt->n_rows)
    {
      stmt->row++;
      return ST_DB_ROW;
    }
  clear_result (stmt);
  return ST_DB_DONE;
}

static gboolean
pg_column_is_null (gpointer data, int column)
{
  PgStmt *stmt = data;

  g_return_val_if_fail (stmt->result != NULL && stmt->row >= 0, TRUE);
  return PQgetisnull (stmt->result, stmt->row, column);
}

static const char *
pg_column_text (gpointer data, int column)
{
  PgStmt *stmt = data;

  if (pg_column_is_null (stmt, column))
    return NULL;
  return PQgetvalue (stmt->result, stmt->row, column);
}

static gint64
pg_column_int (gpointer data, int column)
{
  const char *text = pg_column_text (data, column);

  if (text == NULL)
    return 0;
  /* A boolean expression counts as SQLite would count it. */
  if (g_str_equal (text, "t"))
    return 1;
  if (g_str_equal (text, "f"))
    return 0;
  return g_ascii_strtoll (text, NULL, 10);
}

static double
pg_column_double (gpointer data, int column)
{
  const char *text = pg_column_text (data, column);

  return text ? g_ascii_strtod (text, NULL) : 0.0;
}

static void
free_blob (gpointer data)
{
  GBytes *bytes = data;

  if (bytes != NULL)
    g_bytes_unref (bytes);
}

static const guint8 *
pg_column_blob (gpointer data, int column, gsize *len)
{
  PgStmt *stmt = data;
  const char *text = pg_column_text (stmt, column);
  unsigned char *raw;
  size_t raw_len = 0;
  GBytes *bytes;

  *len = 0;
  if (text == NULL)
    return NULL;
  if (PQftype (stmt->result, column) != 17 /* bytea */)
    {
      *len = strlen (text);
      return (const guint8 *) text;
    }
  if (stmt->blobs == NULL)
    stmt->blobs = g_ptr_array_new_with_free_func (free_blob);
  if ((guint) column < stmt->blobs->len && g_ptr_array_index (stmt->blobs, column) != NULL)
    bytes = g_ptr_array_index (stmt->blobs, column);
  else
    {
      raw = PQunescapeBytea ((const unsigned char *) text, &raw_len);
      if (raw == NULL)
        return NULL;
      bytes = g_bytes_new (raw, raw_len);
      PQfreemem (raw);
      if ((guint) column >= stmt->blobs->len)
        g_ptr_array_set_size (stmt->blobs, column + 1);
      g_ptr_array_index (stmt->blobs, column) = bytes;
    }
  return g_bytes_get_data (bytes, len);
}

static gint64
pg_changes (StDb *db, gpointer data)
{
  PgStmt *stmt = data;

  return stmt->changes;
}

const StDbBackend st_db_pg_backend = {
  .name = "postgresql",
  .open = pg_open,
  .close = pg_close,
  .exec = pg_exec,
  .begin = pg_begin,
  .commit = pg_commit,
  .rollback = pg_rollback,
  .schema_version = st_db_pg_schema_version,
  .prepare = pg_prepare,
  .finalize = pg_finalize,
  .reset = pg_reset,
  .bind_text = pg_bind_text,
  .bind_int = pg_bind_int,
  .bind_double = pg_bind_double,
  .bind_blob = pg_bind_blob,
  .bind_null = pg_bind_null,
  .step = pg_step,
  .column_is_null = pg_column_is_null,
  .column_text = pg_column_text,
  .column_int = pg_column_int,
  .column_double = pg_column_double,
  .column_blob = pg_column_blob,
  .changes = pg_changes,
  .backup_to = st_db_pg_backup_to,
  .check_integrity = st_db_pg_check_integrity,
  .prepare_stream = pg_prepare_stream,
  .describe = st_db_pg_describe,
  .reset_keys = st_db_pg_reset_keys,
};
