/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "st-db-private.h"
#include "st-db-sqlite-schema.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>
#include <unistd.h>

/* How long a writer waits for another before giving up, and how often. */
#define BUSY_TIMEOUT_MS 10000
#define BEGIN_ATTEMPTS 3
/* 'STRM': marks the file as a Stroma database. */
#define STROMA_APPLICATION_ID 0x5354524d

typedef struct {
  sqlite3 *handle;
  /* The file passed its quick check before this connection's first write. */
  gboolean checked;
  gboolean record_check;
} SqliteDb;

static sqlite3 *
handle_of (StDb *db)
{
  return ((SqliteDb *) db->impl)->handle;
}

static gboolean
set_sqlite_error (GError    **error,
                  sqlite3    *handle,
                  int         rc)
{
  int primary = rc & 0xff;
  const char *detail = handle ? sqlite3_errmsg (handle) : sqlite3_errstr (rc);

  /* The extended code, for whoever diagnoses a fault (G_MESSAGES_DEBUG). */
  g_debug ("SQLite result %d: %s", rc, detail);
  switch (primary)
    {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      g_set_error (error, ST_DB_ERROR, ST_DB_ERROR_BUSY,
                   _("database: busy: another user held it for more than %d s; nothing was changed, try again"),
                   BUSY_TIMEOUT_MS / 1000);
      break;
    case SQLITE_FULL:
      g_set_error (error, ST_DB_ERROR, ST_DB_ERROR_FULL,
                   _("database: the disk is full; nothing was changed, free some space and try again"));
      break;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      g_set_error (error, ST_DB_ERROR, ST_DB_ERROR_CORRUPT,
                   _("database: the database is damaged or is not a Stroma database — restore it from a backup"));
      break;
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_AUTH:
      g_set_error (error, ST_DB_ERROR, ST_DB_ERROR_READONLY,
                   _("database: cannot be written (read-only file or folder); nothing was changed"));
      break;
    case SQLITE_CANTOPEN:
      g_set_error (error, ST_DB_ERROR, ST_DB_ERROR_CANTOPEN,
                   _("database: cannot be opened (missing folder or no permission)"));
      break;
    case SQLITE_IOERR:
      if (rc == SQLITE_IOERR_WRITE && errno == ENOSPC)
        g_set_error (error, ST_DB_ERROR, ST_DB_ERROR_FULL,
                     _("database: the disk is full; nothing was changed, free some space and try again"));
      else
        g_set_error (error, ST_DB_ERROR, ST_DB_ERROR_IO,
                     _("database: a disk read or write failed (%s); nothing was changed"), detail);
      break;
    case SQLITE_INTERRUPT:
      g_set_error (error, ST_DB_ERROR, ST_DB_ERROR_INTERRUPTED, _("database: the query was interrupted"));
      break;
    case SQLITE_CONSTRAINT:
      g_set_error (error, ST_DB_ERROR, ST_DB_ERROR_CONSTRAINT,
                   _("database: refused by a constraint (%s)"), detail);
      break;
    default:
      g_set_error (error, ST_DB_ERROR, ST_DB_ERROR_FAILED,
                   _("database: %s"), detail);
      break;
    }
  return FALSE;
}

static gboolean
sqlite_exec (StDb        *db,
             const char  *sql,
             GError     **error)
{
  sqlite3 *handle = handle_of (db);
  const char *tail = sql;

  /* Runs every statement of @sql in turn, without sqlite3_exec. */
  while (tail != NULL && *tail != '\0')
    {
      sqlite3_stmt *stmt = NULL;
      const char *next = NULL;
      int rc = sqlite3_prepare_v2 (handle, tail, -1, &stmt, &next);

      if (rc != SQLITE_OK)
        return set_sqlite_error (error, handle, rc);
      if (stmt == NULL)
        break;
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        ;
      sqlite3_finalize (stmt);
      if (rc != SQLITE_DONE)
        return set_sqlite_error (error, handle, rc);
      tail = next;
    }
  return TRUE;
}

static int
read_int_pragma (sqlite3    *handle,
                 const char *sql,
                 int        *rc_out)
{
  sqlite3_stmt *stmt = NULL;
  int value = -1;
  int rc = sqlite3_prepare_v2 (handle, sql, -1, &stmt, NULL);

  if (rc == SQLITE_OK)
    {
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          value = sqlite3_column_int (stmt, 0);
          rc = SQLITE_OK;
        }
    }
  sqlite3_finalize (stmt);
  *rc_out = rc;
  return value;
}

static int
sqlite_schema_version (StDb *db)
{
  int rc;
  return read_int_pragma (handle_of (db), "PRAGMA user_version", &rc);
}

static gboolean
migrate (StDb     *db,
         gboolean  created,
         GError  **error)
{
  sqlite3 *handle = handle_of (db);
  int rc;
  int version = read_int_pragma (handle, "PRAGMA user_version", &rc);
  int application_id;

  if (rc != SQLITE_OK)
    return set_sqlite_error (error, handle, rc);
  application_id = read_int_pragma (handle, "PRAGMA application_id", &rc);
  if (rc != SQLITE_OK)
    return set_sqlite_error (error, handle, rc);

  if (!created && (version == 0 || application_id != STROMA_APPLICATION_ID))
    {
      g_set_error (error, ST_DB_ERROR, ST_DB_ERROR_CORRUPT,
                   _("database: %s is not a Stroma database"), db->location);
      return FALSE;
    }
  if (version > ST_DB_SCHEMA_VERSION)
    {
      g_set_error (error, ST_DB_ERROR, ST_DB_ERROR_NEWER_SCHEMA,
                   _("database: made by a newer Stroma (schema %d, this program knows %d); update Stroma"),
                   version, ST_DB_SCHEMA_VERSION);
      return FALSE;
    }

  /* Each migration runs in its own transaction and records its number. */
  for (int next = version + 1; next <= ST_DB_SCHEMA_VERSION; next++)
    {
      if (!sqlite_exec (db, "BEGIN IMMEDIATE", error))
        return FALSE;
      if (!sqlite_exec (db, st_db_sqlite_migrations[next - 1], error))
        {
          sqlite_exec (db, "ROLLBACK", NULL);
          return FALSE;
        }
      if (!sqlite_exec (db, "COMMIT", error))
        {
          sqlite_exec (db, "ROLLBACK", NULL);
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
create_file_exclusively (const char  *path,
                         GError     **error)
{
  /* Stroma's files hold keys and GMP data: readable by the owner only. */
  int fd = g_open (path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);

  if (fd < 0)
    {
      int saved = errno;
      if (saved == EEXIST)
        g_set_error (error, ST_DB_ERROR, ST_DB_ERROR_EXISTS,
                     _("database: %s already exists; init never overwrites a database"), path);
      else if (saved == ENOENT)
        g_set_error (error, ST_DB_ERROR, ST_DB_ERROR_CANTOPEN,
                     _("database: the folder of %s does not exist"), path);
      else
        g_set_error (error, ST_DB_ERROR, ST_DB_ERROR_CANTOPEN,
                     _("database: cannot create %s: %s"), path, g_strerror (saved));
      return FALSE;
    }
  close (fd);
  return TRUE;
}

/* SQLite takes an empty file (or a device) for an empty database and writes
 * into it, or a journal next to it, before anyone could refuse it: a file
 * that does not start as an SQLite database is refused untouched.  The
 * header is read through the connection's own file handle: opening and
 * closing another descriptor on the file would drop every POSIX lock this
 * process holds on it, and a writer elsewhere could then checkpoint and
 * truncate the WAL under this process's readers. */
static gboolean
check_database_header (sqlite3     *handle,
                       const char  *location,
                       GError     **error)
{
  static const char header[16] = "SQLite format 3";
  char start[sizeof header] = { 0 };
  sqlite3_file *file = NULL;
  int rc;

  rc = sqlite3_file_control (handle, "main", SQLITE_FCNTL_FILE_POINTER, &file);
  if (rc != SQLITE_OK || file == NULL || file->pMethods == NULL)
    {
      g_set_error (error, ST_DB_ERROR, ST_DB_ERROR_CANTOPEN,
                   _("database: cannot read %s"), location);
      return FALSE;
    }
  rc = file->pMethods->xRead (file, start, sizeof start, 0);
  if (rc != SQLITE_OK || memcmp (start, header, sizeof header) != 0)
    {
      g_set_error (error, ST_DB_ERROR, ST_DB_ERROR_CORRUPT,
                   _("database: %s is damaged or is not a Stroma database — restore it from a backup"), location);
      return FALSE;
    }
  return TRUE;
}

static gboolean
sqlite_open (StDb         *db,
             const char   *location,
             StDbOpenMode  mode,
             GError      **error)
{
  SqliteDb *self = g_new0 (SqliteDb, 1);
  int flags = SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE;
  int rc;

  db->impl = self;

  if (mode == ST_DB_OPEN_CREATE)
    {
      if (!create_file_exclusively (location, error))
        goto fail;
      flags |= SQLITE_OPEN_READWRITE;
    }
  else
    {
      if (!g_file_test (location, G_FILE_TEST_EXISTS))
        {
          g_set_error (error, ST_DB_ERROR, ST_DB_ERROR_NOT_FOUND,
                       _("database: %s does not exist; create a site with stromactl init"), location);
          goto fail;
        }
      if (g_file_test (location, G_FILE_TEST_IS_DIR))
        {
          g_set_error (error, ST_DB_ERROR, ST_DB_ERROR_CANTOPEN,
                       _("database: %s is a folder, not a database file"), location);
          goto fail;
        }
      if (!g_file_test (location, G_FILE_TEST_IS_REGULAR))
        {
          g_set_error (error, ST_DB_ERROR, ST_DB_ERROR_CANTOPEN,
                       _("database: %s is not a regular file"), location);
          goto fail;
        }
      flags |= mode == ST_DB_OPEN_READ_ONLY ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
    }

  rc = sqlite3_open_v2 (location, &self->handle, flags, NULL);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (error, self->handle, rc);
      goto fail_created;
    }
  if (mode != ST_DB_OPEN_CREATE && !check_database_header (self->handle, location, error))
    goto fail_created;
  sqlite3_extended_result_codes (self->handle, 1);
  sqlite3_busy_timeout (self->handle, BUSY_TIMEOUT_MS);

  /* A damaged or foreign file fails here, before anything is written. */
  if (!sqlite_exec (db, "PRAGMA foreign_keys = ON", error))
    goto fail_created;
  if (mode != ST_DB_OPEN_READ_ONLY)
    {
      int version = read_int_pragma (self->handle, "PRAGMA user_version", &rc);
      if (rc != SQLITE_OK)
        {
          set_sqlite_error (error, self->handle, rc);
          goto fail_created;
        }
      if (version > ST_DB_SCHEMA_VERSION)
        {
          g_set_error (error, ST_DB_ERROR, ST_DB_ERROR_NEWER_SCHEMA,
                       _("database: made by a newer Stroma (schema %d, this program knows %d); update Stroma"),
                       version, ST_DB_SCHEMA_VERSION);
          goto fail_created;
        }
      if (!sqlite_exec (db, "PRAGMA journal_mode = WAL", error)
          || !sqlite_exec (db, "PRAGMA synchronous = FULL", error)
          || !migrate (db, mode == ST_DB_OPEN_CREATE, error))
        goto fail_created;
    }
  else if (!sqlite_exec (db, "PRAGMA query_only = ON", error))
    goto fail_created;
  return TRUE;

fail_created:
  sqlite3_close_v2 (self->handle);
  self->handle = NULL;
  if (mode == ST_DB_OPEN_CREATE)
    {
      g_autofree char *wal = g_strconcat (location, "-wal", NULL);
      g_autofree char *shm = g_strconcat (location, "-shm", NULL);
      g_unlink (location);
      g_unlink (wal);
      g_unlink (shm);
    }
fail:
  g_free (self);
  db->impl = NULL;
  return FALSE;
}

static void
sqlite_close (StDb *db)
{
  SqliteDb *self = db->impl;

  sqlite3_close_v2 (self->handle);
  g_free (self);
}

/* PRAGMA quick_check or integrity_check: *problem is NULL when sound. */
static gboolean
run_check (sqlite3     *handle,
           const char  *pragma,
           char       **problem,
           GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (handle, pragma, -1, &stmt, NULL);

  *problem = NULL;
  if (rc == SQLITE_OK)
    {
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          const char *answer = (const char *) sqlite3_column_text (stmt, 0);
          if (g_strcmp0 (answer, "ok") != 0)
            *problem = g_strdup (answer ? answer : "");
          rc = SQLITE_OK;
        }
    }
  sqlite3_finalize (stmt);
  if (rc == SQLITE_OK || rc == SQLITE_DONE)
    return TRUE;
  if ((rc & 0xff) == SQLITE_CORRUPT || (rc & 0xff) == SQLITE_NOTADB)
    {
      *problem = g_strdup (sqlite3_errstr (rc));
      return TRUE;
    }
  return set_sqlite_error (error, handle, rc);
}

/* A file this small is checked at every connection's first write. */
#define ALWAYS_CHECK_BYTES (64 * 1024 * 1024)
/* A larger one when its last full check is older than this. */
#define CHECK_INTERVAL_SECONDS (24 * 60 * 60)

/* Whether the whole file needs checking before this connection writes. */
static gboolean
check_is_due (StDb     *db,
              GError  **error)
{
  SqliteDb *self = db->impl;
  GStatBuf st;
  sqlite3_stmt *stmt = NULL;
  gboolean due = TRUE;
  int rc;

  if (g_stat (db->location, &st) != 0 || st.st_size < ALWAYS_CHECK_BYTES)
    return TRUE;
  rc = sqlite3_prepare_v2 (self->handle, "SELECT integrity_checked_at FROM maintenance WHERE id = 1", -1,
                           &stmt, NULL);
  if (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW
      && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
    {
      g_autoptr(GDateTime) checked = g_date_time_new_from_iso8601 ((const char *) sqlite3_column_text (stmt, 0),
                                                                   NULL);
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
      due = checked == NULL
            || g_date_time_difference (now, checked) > (GTimeSpan) CHECK_INTERVAL_SECONDS * G_TIME_SPAN_SECOND;
    }
  if (rc != SQLITE_OK && rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      /* Unreadable bookkeeping is damage too: the caller refuses. */
      set_sqlite_error (error, self->handle, rc);
      sqlite3_finalize (stmt);
      return TRUE;
    }
  sqlite3_finalize (stmt);
  return due;
}

/* A damaged file is never written to: what was entered into it would be
 * lost with the restore it needs.  Damage in pages that the command does
 * not read would go unnoticed, so the whole file is checked (quick_check
 * reads every page: about 2 ms a megabyte from the page cache) before a
 * connection's first write: always for a file under 64 MB, and for a larger
 * one when its last check is a day old, so that a result entry on a
 * thirty-year site does not pay seconds for it.  The time of the check is
 * recorded in the same transaction as the write that follows it. */
static gboolean
check_before_first_write (StDb    *db,
                          GError **error)
{
  SqliteDb *self = db->impl;
  g_autofree char *problem = NULL;
  g_autoptr(GError) local = NULL;

  if (self->checked)
    return TRUE;
  if (!check_is_due (db, &local))
    {
      if (local != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
      self->checked = TRUE;
      return TRUE;
    }
  if (!run_check (self->handle, "PRAGMA quick_check", &problem, error))
    return FALSE;
  if (problem != NULL)
    {
      const char *heading = "*** in database main ***";
      char *detail = g_str_has_prefix (problem, heading) ? problem + strlen (heading) : problem;

      /* One line, SQLite's first findings. */
      g_strstrip (g_strdelimit (detail, "\r\n", ' '));
      g_set_error (error, ST_DB_ERROR, ST_DB_ERROR_CORRUPT,
                   _("database: %s is damaged (%.160s) — restore it from a backup; nothing was changed"),
                   db->location, detail);
      return FALSE;
    }
  self->checked = TRUE;
  self->record_check = TRUE;
  return TRUE;
}

/* Inside the write transaction that follows a check. */
static void
record_check (StDb *db)
{
  SqliteDb *self = db->impl;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *at = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
  sqlite3_stmt *stmt = NULL;

  if (!self->record_check)
    return;
  if (sqlite3_prepare_v2 (self->handle, "UPDATE maintenance SET integrity_checked_at = ? WHERE id = 1", -1,
                          &stmt, NULL) == SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, at, -1, SQLITE_TRANSIENT);
      /* Only a record of housekeeping: the write goes ahead without it. */
      if (sqlite3_step (stmt) == SQLITE_DONE)
        self->record_check = FALSE;
    }
  sqlite3_finalize (stmt);
}

static gboolean
sqlite_begin (StDb      *db,
              gboolean   write,
              GError   **error)
{
  if (write && !check_before_first_write (db, error))
    return FALSE;
  /* IMMEDIATE takes the write lock at once, so a writer never fails half-way
   * for a lock; the busy timeout waits for others, and a few more attempts
   * cover a burst of writers that outlasts it. */
  for (int attempt = 1; ; attempt++)
    {
      g_autoptr(GError) local = NULL;

      if (sqlite_exec (db, write ? "BEGIN IMMEDIATE" : "BEGIN", &local))
        {
          if (write)
            record_check (db);
          return TRUE;
        }
      if (!g_error_matches (local, ST_DB_ERROR, ST_DB_ERROR_BUSY) || attempt == BEGIN_ATTEMPTS)
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
    }
}

static gboolean
sqlite_commit (StDb    *db,
               GError **error)
{
  return sqlite_exec (db, "COMMIT", error);
}

static void
sqlite_rollback (StDb *db)
{
  if (!sqlite3_get_autocommit (handle_of (db)))
    sqlite_exec (db, "ROLLBACK", NULL);
}

/* A prepared statement.  "INSERT INTO ... VALUES (...) RETURNING id" (the
 * portable way to learn a new key) runs as the INSERT alone and then shows
 * the new rowid as its one row: SQLite keeps RETURNING rows in a temporary
 * table that it makes and frees on every run, which costs several times the
 * insert itself.  Every table that is inserted into this way has "id INTEGER
 * PRIMARY KEY", so the rowid is the id. */
typedef enum {
  ROWID_NONE,               /* an ordinary statement */
  ROWID_NOT_RUN,
  ROWID_ROW,                /* the INSERT ran; the row with the id is current */
  ROWID_DONE,
} RowidState;

typedef struct {
  sqlite3_stmt *stmt;
  sqlite3 *handle;
  RowidState rowid_state;
  gint64 rowid;
  char rowid_text[24];
} SqliteStmt;

#define RETURNING_ID " RETURNING id"

static gboolean
is_single_insert_returning_id (const char *sql)
{
  gsize length = strlen (sql);
  const char *values = strstr (sql, " VALUES (");

  return g_str_has_prefix (sql, "INSERT INTO ")
      && length > strlen (RETURNING_ID)
      && strcmp (sql + length - strlen (RETURNING_ID), RETURNING_ID) == 0
      && values != NULL && strstr (values + 1, " VALUES") == NULL
      && strstr (sql, "SELECT") == NULL && strstr (sql, "),") == NULL;
}

static gpointer
sqlite_prepare (StDb        *db,
                const char  *sql,
                GError     **error)
{
  SqliteStmt *self = g_new0 (SqliteStmt, 1);
  g_autofree char *insert = NULL;
  int rc;

  self->handle = handle_of (db);
  if (is_single_insert_returning_id (sql))
    {
      insert = g_strndup (sql, strlen (sql) - strlen (RETURNING_ID));
      self->rowid_state = ROWID_NOT_RUN;
    }
  rc = sqlite3_prepare_v3 (self->handle, insert ? insert : sql, -1, SQLITE_PREPARE_PERSISTENT, &self->stmt, NULL);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (error, self->handle, rc);
      g_free (self);
      return NULL;
    }
  return self;
}

static void
sqlite_finalize (gpointer stmt)
{
  SqliteStmt *self = stmt;

  sqlite3_finalize (self->stmt);
  g_free (self);
}

static void
sqlite_reset (gpointer stmt)
{
  SqliteStmt *self = stmt;

  sqlite3_reset (self->stmt);
  sqlite3_clear_bindings (self->stmt);
  if (self->rowid_state != ROWID_NONE)
    self->rowid_state = ROWID_NOT_RUN;
}

static void
sqlite_bind_text (gpointer stmt, int index, const char *value)
{
  sqlite3_bind_text (((SqliteStmt *) stmt)->stmt, index, value, -1, SQLITE_TRANSIENT);
}

static void
sqlite_bind_int (gpointer stmt, int index, gint64 value)
{
  sqlite3_bind_int64 (((SqliteStmt *) stmt)->stmt, index, value);
}

static void
sqlite_bind_double (gpointer stmt, int index, double value)
{
  sqlite3_bind_double (((SqliteStmt *) stmt)->stmt, index, value);
}

static void
sqlite_bind_blob (gpointer stmt, int index, const void *data, gsize len)
{
  sqlite3_bind_blob64 (((SqliteStmt *) stmt)->stmt, index, data, len, SQLITE_TRANSIENT);
}

static void
sqlite_bind_null (gpointer stmt, int index)
{
  sqlite3_bind_null (((SqliteStmt *) stmt)->stmt, index);
}

static StDbStep
sqlite_step (StDb      *db,
             gpointer   stmt,
             GError   **error)
{
  SqliteStmt *self = stmt;
  int rc;

  if (self->rowid_state == ROWID_ROW)
    {
      self->rowid_state = ROWID_DONE;
      return ST_DB_DONE;
    }
  /* Stepped again after its end: runs again, as SQLite does. */
  if (self->rowid_state == ROWID_DONE)
    self->rowid_state = ROWID_NOT_RUN;
  rc = sqlite3_step (self->stmt);
  if (rc == SQLITE_ROW)
    return ST_DB_ROW;
  if (rc == SQLITE_DONE)
    {
      sqlite3_reset (self->stmt);
      if (self->rowid_state == ROWID_NOT_RUN)
        {
          self->rowid = sqlite3_last_insert_rowid (self->handle);
          g_snprintf (self->rowid_text, sizeof self->rowid_text, "%" G_GINT64_FORMAT, self->rowid);
          self->rowid_state = ROWID_ROW;
          return ST_DB_ROW;
        }
      return ST_DB_DONE;
    }
  set_sqlite_error (error, handle_of (db), rc);
  sqlite3_reset (self->stmt);
  return ST_DB_FAILED;
}

/* Thread-safe while the connection is open (the caller sees to that). */
static void
sqlite_interrupt (StDb *db)
{
  sqlite3_interrupt (handle_of (db));
}

static gboolean
sqlite_column_is_null (gpointer stmt, int column)
{
  SqliteStmt *self = stmt;

  if (self->rowid_state == ROWID_ROW)
    return column != 0;
  return sqlite3_column_type (self->stmt, column) == SQLITE_NULL;
}

static const char *
sqlite_column_text (gpointer stmt, int column)
{
  SqliteStmt *self = stmt;

  if (self->rowid_state == ROWID_ROW)
    return column == 0 ? self->rowid_text : NULL;
  return (const char *) sqlite3_column_text (self->stmt, column);
}

static gint64
sqlite_column_int (gpointer stmt, int column)
{
  SqliteStmt *self = stmt;

  if (self->rowid_state == ROWID_ROW)
    return column == 0 ? self->rowid : 0;
  return sqlite3_column_int64 (self->stmt, column);
}

static double
sqlite_column_double (gpointer stmt, int column)
{
  SqliteStmt *self = stmt;

  if (self->rowid_state == ROWID_ROW)
    return column == 0 ? (double) self->rowid : 0.0;
  return sqlite3_column_double (self->stmt, column);
}

static const guint8 *
sqlite_column_blob (gpointer stmt, int column, gsize *len)
{
  SqliteStmt *self = stmt;
  const guint8 *data;

  if (self->rowid_state == ROWID_ROW)
    {
      *len = 0;
      return NULL;
    }
  data = sqlite3_column_blob (self->stmt, column);
  *len = (gsize) sqlite3_column_bytes (self->stmt, column);
  return data;
}

static gint64
sqlite_changes (StDb *db, gpointer stmt)
{
  return sqlite3_changes64 (handle_of (db));
}

static gboolean
sqlite_backup_to (StDb        *db,
                  const char  *path,
                  GError     **error)
{
  sqlite3 *target = NULL;
  sqlite3_backup *backup;
  int rc;

  if (!create_file_exclusively (path, error))
    return FALSE;
  rc = sqlite3_open_v2 (path, &target, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK)
    goto fail;
  backup = sqlite3_backup_init (target, "main", handle_of (db), "main");
  if (backup == NULL)
    {
      rc = sqlite3_errcode (target);
      goto fail;
    }
  /* All pages in one step, that is one read transaction on the source:
   * in WAL mode it holds up no writer, and the copy is one moment however
   * busy the site.  (In portions, every write by another process between
   * two portions starts the copy afresh: on a large site with someone
   * always writing it never finished.) */
  for (int attempt = 0; ; attempt++)
    {
      rc = sqlite3_backup_step (backup, -1);
      if ((rc != SQLITE_BUSY && rc != SQLITE_LOCKED) || attempt * 20 >= BUSY_TIMEOUT_MS)
        break;
      sqlite3_sleep (20);
    }
  sqlite3_backup_finish (backup);
  if (rc != SQLITE_DONE)
    goto fail;
  rc = sqlite3_close (target);
  target = NULL;
  if (rc != SQLITE_OK)
    goto fail;
  return TRUE;

fail:
  set_sqlite_error (error, target, rc);
  if (target != NULL)
    sqlite3_close (target);
  g_unlink (path);
  return FALSE;
}

static gboolean
sqlite_check_integrity (StDb     *db,
                        char    **problem,
                        GError  **error)
{
  return run_check (handle_of (db), "PRAGMA integrity_check", problem, error);
}

static void
sqlite_set_cache_size (StDb  *db,
                       guint  kib)
{
  g_autofree char *pragma = g_strdup_printf ("PRAGMA cache_size = -%u", kib);

  /* A smaller cache is only slower: a failure changes nothing else. */
  sqlite_exec (db, pragma, NULL);
}

static GPtrArray *
sqlite_describe (StDb    *db,
                 GError **error)
{
  g_autoptr(GPtrArray) tables = g_ptr_array_new_with_free_func ((GDestroyNotify) st_db_table_info_free);
  sqlite3_stmt *stmt = NULL;
  int rc;

  /* rowid order of sqlite_master is the order the tables were made in. */
  rc = sqlite3_prepare_v2 (handle_of (db),
                           "SELECT m.name, c.name, c.type FROM sqlite_master m, pragma_table_info (m.name) c"
                           " WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"
                           " ORDER BY m.rowid, c.cid", -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (error, handle_of (db), rc);
      return NULL;
    }
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *table = (const char *) sqlite3_column_text (stmt, 0);
      StDbTableInfo *info = tables->len > 0 ? g_ptr_array_index (tables, tables->len - 1) : NULL;

      if (info == NULL || !g_str_equal (info->name, table))
        {
          info = st_db_table_info_new (table);
          g_ptr_array_add (tables, info);
        }
      st_db_table_info_add_column (info, (const char *) sqlite3_column_text (stmt, 1),
                                   (const char *) sqlite3_column_text (stmt, 2));
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (error, handle_of (db), rc);
      return NULL;
    }
  return g_steal_pointer (&tables);
}

const StDbBackend st_db_sqlite_backend = {
  .name = "sqlite",
  .open = sqlite_open,
  .close = sqlite_close,
  .exec = sqlite_exec,
  .begin = sqlite_begin,
  .commit = sqlite_commit,
  .rollback = sqlite_rollback,
  .schema_version = sqlite_schema_version,
  .prepare = sqlite_prepare,
  .finalize = sqlite_finalize,
  .reset = sqlite_reset,
  .bind_text = sqlite_bind_text,
  .bind_int = sqlite_bind_int,
  .bind_double = sqlite_bind_double,
  .bind_blob = sqlite_bind_blob,
  .bind_null = sqlite_bind_null,
  .step = sqlite_step,
  .column_is_null = sqlite_column_is_null,
  .column_text = sqlite_column_text,
  .column_int = sqlite_column_int,
  .column_double = sqlite_column_double,
  .column_blob = sqlite_column_blob,
  .changes = sqlite_changes,
  .backup_to = sqlite_backup_to,
  .check_integrity = sqlite_check_integrity,
  .describe = sqlite_describe,
  .set_cache_size = sqlite_set_cache_size,
  .interrupt = sqlite_interrupt,
};
