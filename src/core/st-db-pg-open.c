/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "st-db-pg-private.h"
#include "st-db-pg-schema.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>
#include <glib/gstdio.h>
#include <string.h>

/*
 * The PostgreSQL backend's schema work (creation in an empty database,
 * numbered migrations recorded in stroma_schema_version, each in its own
 * transaction under an advisory lock so that two workstations starting at
 * once do not both migrate), its description of the tables for copies, the
 * backup into a SQLite file and the integrity check.
 */

/* 'STRM', as SQLite's application_id: the advisory lock of schema changes. */
#define SCHEMA_LOCK "1398035021"

/* Objects in the current schema: tables, sequences, views, functions. */
#define COUNT_OBJECTS \
  "SELECT (SELECT count(*) FROM pg_class WHERE relnamespace = current_schema ()::regnamespace)" \
  " + (SELECT count(*) FROM pg_proc WHERE pronamespace = current_schema ()::regnamespace)"

static gboolean
query_int (PgDb        *pg,
           const char  *sql,
           gint64      *value,
           GError     **error)
{
  g_autofree char *text = NULL;

  if (!st_db_pg_query_value (pg, sql, &text, error))
    return FALSE;
  *value = text ? g_ascii_strtoll (text, NULL, 10) : 0;
  return TRUE;
}

/* A Stroma schema with no site in it is what an interrupted init or
 * migrate-to leaves behind: it counts as empty. */
static gboolean
check_empty (PgDb     *pg,
             gboolean  has_version_table,
             GError  **error)
{
  gint64 count = 0;

  if (has_version_table)
    {
      if (!query_int (pg, "SELECT (SELECT count(*) FROM site) + (SELECT seq FROM audit_head WHERE id = 1)",
                      &count, error))
        return FALSE;
      if (count == 0)
        return TRUE;
      g_set_error (error, ST_DB_ERROR, ST_DB_ERROR_EXISTS,
                   _("database: a Stroma site already exists in the server database %s; it is never overwritten"),
                   pg->display);
      return FALSE;
    }
  if (!query_int (pg, COUNT_OBJECTS, &count, error))
    return FALSE;
  if (count > 0)
    {
      g_set_error (error, ST_DB_ERROR, ST_DB_ERROR_EXISTS,
                   _("database: the server database %s is not empty (it holds tables or functions of "
                     "its own); a new site needs an empty database"), pg->display);
      return FALSE;
    }
  return TRUE;
}

static gboolean
read_version (PgDb     *pg,
              gboolean *has_table,
              gint64   *version,
              GError  **error)
{
  g_autofree char *regclass = NULL;

  *version = 0;
  if (!st_db_pg_query_value (pg, "SELECT to_regclass ('stroma_schema_version')", &regclass, error))
    return FALSE;
  *has_table = regclass != NULL;
  if (!*has_table)
    return TRUE;
  return query_int (pg, "SELECT COALESCE (max (version), 0) FROM stroma_schema_version", version, error);
}

static gboolean
not_a_site (PgDb    *pg,
            GError **error)
{
  gint64 count = 0;

  if (!query_int (pg, COUNT_OBJECTS, &count, error))
    return FALSE;
  if (count == 0)
    g_set_error (error, ST_DB_ERROR, ST_DB_ERROR_NOT_FOUND,
                 _("database: the server database %s holds no site yet; create one with stromactl init"),
                 pg->display);
  else
    g_set_error (error, ST_DB_ERROR, ST_DB_ERROR_CORRUPT,
                 _("database: the server database %s is not a Stroma database"), pg->display);
  return FALSE;
}

static gboolean
newer_schema (gint64   version,
              GError **error)
{
  g_set_error (error, ST_DB_ERROR, ST_DB_ERROR_NEWER_SCHEMA,
               _("database: made by a newer Stroma (schema %d, this program knows %d); update Stroma"),
               (int) version, ST_DB_SCHEMA_VERSION);
  return FALSE;
}

static gboolean
apply_migration (PgDb    *pg,
                 gint64   next,
                 GError **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *at = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
  g_autofree char *record = g_strdup_printf ("INSERT INTO stroma_schema_version (version, applied_at)"
                                             " VALUES (%" G_GINT64_FORMAT ", '%s')", next, at);
  g_autoptr(GError) local = NULL;

  if (st_db_pg_exec (pg, st_db_pg_migrations[next - 1], &local) && st_db_pg_exec (pg, record, &local))
    return TRUE;
  if (g_error_matches (local, ST_DB_ERROR, ST_DB_ERROR_READONLY))
    {
      g_set_error (error, ST_DB_ERROR, ST_DB_ERROR_READONLY,
                   _("database: the schema of %s must be brought to version %" PRId64
                     " by the database's owner: run stromactl once with the owner's role (%s)"),
                   pg->display, next, local->message);
      return FALSE;
    }
  g_propagate_error (error, g_steal_pointer (&local));
  return FALSE;
}

gboolean
st_db_pg_prepare_schema (StDb          *db,
                         StDbOpenMode   mode,
                         GError       **error)
{
  PgDb *pg = st_db_pg_of (db);
  gboolean has_table = FALSE;
  gint64 version = 0;

  if (mode == ST_DB_OPEN_READ_ONLY)
    {
      if (!read_version (pg, &has_table, &version, error))
        return FALSE;
      if (!has_table || version == 0)
        return not_a_site (pg, error);
      return version > ST_DB_SCHEMA_VERSION ? newer_schema (version, error) : TRUE;
    }

  /* One migration per transaction; the lock makes a second workstation
   * wait and then find the work done. */
  for (gboolean first = TRUE; ; first = FALSE)
    {
      if (!st_db_pg_exec (pg, "BEGIN; SELECT pg_advisory_xact_lock (" SCHEMA_LOCK ")", error)
          || !read_version (pg, &has_table, &version, error))
        goto fail;
      if (first && mode == ST_DB_OPEN_CREATE)
        {
          g_autoptr(GError) local = NULL;

          if (!check_empty (pg, has_table, error))
            goto fail;
          if (!has_table && !st_db_pg_exec (pg, st_db_pg_bootstrap, &local))
            {
              if (g_error_matches (local, ST_DB_ERROR, ST_DB_ERROR_READONLY))
                g_set_error (error, ST_DB_ERROR, ST_DB_ERROR_READONLY,
                             _("database: a new site's schema is made with the role that owns the server "
                               "database %s, not an application role (%s)"), pg->display, local->message);
              else
                g_propagate_error (error, g_steal_pointer (&local));
              goto fail;
            }
        }
      else if (first && (!has_table || version == 0))
        {
          not_a_site (pg, error);
          goto fail;
        }
      if (version > ST_DB_SCHEMA_VERSION)
        {
          newer_schema (version, error);
          goto fail;
        }
      if (version == ST_DB_SCHEMA_VERSION)
        return st_db_pg_exec (pg, "COMMIT", error);
      if (!apply_migration (pg, version + 1, error) || !st_db_pg_exec (pg, "COMMIT", error))
        goto fail;
    }

fail:
  st_db_pg_exec (pg, "ROLLBACK", NULL);
  return FALSE;
}

int
st_db_pg_schema_version (StDb *db)
{
  gint64 version = -1;

  if (!query_int (st_db_pg_of (db), "SELECT COALESCE (max (version), 0) FROM stroma_schema_version",
                  &version, NULL))
    return -1;
  return (int) version;
}

GPtrArray *
st_db_pg_describe (StDb    *db,
                   GError **error)
{
  PgDb *pg = st_db_pg_of (db);
  g_autoptr(GPtrArray) tables = g_ptr_array_new_with_free_func ((GDestroyNotify) st_db_table_info_free);
  PGresult *result;
  gboolean ok;

  /* Creation order (oid) respects the references between the tables. */
  result = PQexec (pg->conn,
                   "SELECT c.relname, a.attname, format_type (a.atttypid, a.atttypmod)"
                   " FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid"
                   " WHERE c.relnamespace = current_schema ()::regnamespace AND c.relkind IN ('r', 'p')"
                   " AND c.relname <> 'stroma_schema_version' AND a.attnum > 0 AND NOT a.attisdropped"
                   " ORDER BY c.oid, a.attnum");
  ok = PQresultStatus (result) == PGRES_TUPLES_OK;
  if (!ok)
    st_db_pg_set_error (pg, result, error);
  for (int i = 0; ok && i < PQntuples (result); i++)
    {
      const char *table = PQgetvalue (result, i, 0);
      StDbTableInfo *info = tables->len > 0 ? g_ptr_array_index (tables, tables->len - 1) : NULL;

      if (info == NULL || !g_str_equal (info->name, table))
        {
          info = st_db_table_info_new (table);
          g_ptr_array_add (tables, info);
        }
      st_db_table_info_add_column (info, PQgetvalue (result, i, 1), PQgetvalue (result, i, 2));
    }
  PQclear (result);
  return ok ? g_steal_pointer (&tables) : NULL;
}

gboolean
st_db_pg_reset_keys (StDb    *db,
                     GError **error)
{
  PgDb *pg = st_db_pg_of (db);
  PGresult *result = PQexec (pg->conn,
                             "SELECT table_name, column_name FROM information_schema.columns"
                             " WHERE table_schema = current_schema () AND is_identity = 'YES'");
  gboolean ok = PQresultStatus (result) == PGRES_TUPLES_OK;

  if (!ok)
    st_db_pg_set_error (pg, result, error);
  for (int i = 0; ok && i < PQntuples (result); i++)
    {
      const char *table = PQgetvalue (result, i, 0);
      const char *column = PQgetvalue (result, i, 1);
      char *quoted_table;
      char *quoted_column;
      char *table_literal;
      char *column_literal;
      g_autofree char *sql = NULL;

      /* Only names of Stroma's own schema are written into the statement. */
      if (!st_db_is_schema_identifier (table) || !st_db_is_schema_identifier (column))
        continue;
      quoted_table = PQescapeIdentifier (pg->conn, table, strlen (table));
      quoted_column = PQescapeIdentifier (pg->conn, column, strlen (column));
      table_literal = PQescapeLiteral (pg->conn, quoted_table, strlen (quoted_table));
      column_literal = PQescapeLiteral (pg->conn, column, strlen (column));
      sql = g_strdup_printf ("SELECT setval (pg_get_serial_sequence (%s, %s), COALESCE (max (%s), 0) + 1, false)"
                             " FROM %s", table_literal, column_literal, quoted_column, quoted_table);

      ok = st_db_pg_exec (pg, sql, error);
      PQfreemem (quoted_table);
      PQfreemem (quoted_column);
      PQfreemem (table_literal);
      PQfreemem (column_literal);
    }
  PQclear (result);
  return ok;
}

/*
 * A backup of a server database is a SQLite file with the same schema and
 * rows, copied from one snapshot while others keep working: it can be
 * opened, verified and restored (stromactl migrate-to) like any site.
 */
gboolean
st_db_pg_backup_to (StDb        *db,
                    const char  *path,
                    GError     **error)
{
  StDb *target = st_db_open (path, ST_DB_OPEN_CREATE, error);
  gboolean ok;

  if (target == NULL)
    return FALSE;
  ok = st_db_begin_read (db, error)
       && st_db_begin (target, error)
       && st_db_copy (db, target, error)
       && st_db_commit (target, error);
  st_db_rollback (target);
  st_db_rollback (db);
  st_db_close (target);
  if (!ok)
    {
      g_autofree char *wal = g_strconcat (path, "-wal", NULL);
      g_autofree char *shm = g_strconcat (path, "-shm", NULL);
      g_unlink (path);
      g_unlink (wal);
      g_unlink (shm);
    }
  return ok;
}

/*
 * Every table is read to its end (a damaged page fails the read); where the
 * site installed amcheck (CREATE EXTENSION amcheck), every index is checked
 * against its table as well.
 */
gboolean
st_db_pg_check_integrity (StDb     *db,
                          char    **problem,
                          GError  **error)
{
  PgDb *pg = st_db_pg_of (db);
  g_autoptr(GPtrArray) tables = st_db_pg_describe (db, error);
  g_autofree char *amcheck = NULL;

  if (tables == NULL)
    return FALSE;
  for (guint i = 0; i < tables->len; i++)
    {
      StDbTableInfo *info = g_ptr_array_index (tables, i);
      char *quoted;
      g_autofree char *sql = NULL;
      g_autoptr(GError) local = NULL;
      g_autofree char *count = NULL;

      /* Only names of Stroma's own schema are written into the statement. */
      if (!st_db_is_schema_identifier (info->name))
        {
          *problem = g_strdup_printf (_("%s: not a table of Stroma's schema"), info->name);
          return TRUE;
        }
      quoted = PQescapeIdentifier (pg->conn, info->name, strlen (info->name));
      sql = g_strdup_printf ("SELECT count(*) FROM %s", quoted);
      PQfreemem (quoted);
      if (!st_db_pg_query_value (pg, sql, &count, &local))
        {
          if (!g_error_matches (local, ST_DB_ERROR, ST_DB_ERROR_CORRUPT))
            {
              g_propagate_error (error, g_steal_pointer (&local));
              return FALSE;
            }
          *problem = g_strdup_printf ("%s: %s", info->name, local->message);
          return TRUE;
        }
    }

  if (!st_db_pg_query_value (pg, "SELECT extname FROM pg_extension WHERE extname = 'amcheck'", &amcheck, error))
    return FALSE;
  if (amcheck != NULL)
    {
      g_autoptr(GError) local = NULL;
      g_autofree char *bad = NULL;

      if (!st_db_pg_query_value (pg,
                                 "SELECT count(*) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid"
                                 " JOIN pg_am am ON am.oid = c.relam"
                                 " WHERE c.relnamespace = current_schema ()::regnamespace AND am.amname = 'btree'"
                                 " AND bt_index_check (i.indexrelid) IS NULL", &bad, &local))
        {
          if (g_error_matches (local, ST_DB_ERROR, ST_DB_ERROR_CORRUPT))
            *problem = g_strdup (local->message);
          else
            g_debug ("postgresql: amcheck not usable here: %s", local->message);
        }
    }
  return TRUE;
}
