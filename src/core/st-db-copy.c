/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "st-db-private.h"

#include <glib/gi18n-lib.h>
#include <string.h>

/*
 * Row-for-row copies between two stores of the same schema (migrate-to, the
 * backup of a server database).  The SQL is made from the names the engines
 * report for their own tables and columns, quoted; never from user text.
 * Rows are read in batches (st_db_prepare_stream) and written with one
 * reused statement per table, in the caller's transactions.
 */

static char *
quote (const char *name)
{
  g_autofree char *doubled = NULL;
  g_auto(GStrv) parts = g_strsplit (name, "\"", -1);

  doubled = g_strjoinv ("\"\"", parts);
  return g_strconcat ("\"", doubled, "\"", NULL);
}

/* The tables and columns, refused unless every name is a plain schema
 * identifier: they are written into the statements below. */
static GPtrArray *
describe (StDb    *db,
          GError **error)
{
  g_autoptr(GPtrArray) tables = db->backend->describe (db, error);

  if (tables == NULL)
    return NULL;
  for (guint i = 0; i < tables->len; i++)
    {
      StDbTableInfo *table = g_ptr_array_index (tables, i);
      gboolean plain = st_db_is_schema_identifier (table->name);

      for (guint c = 0; plain && c < table->columns->len; c++)
        plain = st_db_is_schema_identifier (((StDbColumnInfo *) g_ptr_array_index (table->columns, c))->name);
      if (!plain)
        {
          g_autofree char *shown = g_utf8_make_valid (table->name, -1);
          g_set_error (error, ST_DB_ERROR, ST_DB_ERROR_CORRUPT,
                       _("database: table %s has a name that is not Stroma's schema — restore it from a backup"),
                       shown);
          return NULL;
        }
    }
  return g_steal_pointer (&tables);
}

static StDbTableInfo *
find_table (GPtrArray  *tables,
            const char *name)
{
  for (guint i = 0; i < tables->len; i++)
    {
      StDbTableInfo *info = g_ptr_array_index (tables, i);
      if (g_str_equal (info->name, name))
        return info;
    }
  return NULL;
}

static gboolean
schemas_differ (const char  *table,
                const char  *column,
                GError     **error)
{
  g_set_error (error, ST_DB_ERROR, ST_DB_ERROR_FAILED,
               _("database: the two schemas differ at %s%s%s; bring both to the same Stroma version first"),
               table, column ? "." : "", column ? column : "");
  return FALSE;
}

static gboolean
same_columns (const StDbTableInfo  *source,
              const StDbTableInfo  *target,
              GError              **error)
{
  if (source->columns->len != target->columns->len)
    return schemas_differ (source->name, NULL, error);
  for (guint i = 0; i < source->columns->len; i++)
    {
      StDbColumnInfo *column = g_ptr_array_index (source->columns, i);
      gboolean found = FALSE;

      for (guint j = 0; j < target->columns->len && !found; j++)
        {
          StDbColumnInfo *other = g_ptr_array_index (target->columns, j);
          found = g_str_equal (column->name, other->name) && column->kind == other->kind;
        }
      if (!found)
        return schemas_differ (source->name, column->name, error);
    }
  return TRUE;
}

static gboolean
count_table (StDb        *db,
             const char  *table,
             gint64      *rows,
             GError     **error)
{
  g_autofree char *name = quote (table);
  g_autofree char *sql = g_strconcat ("SELECT count(*) FROM ", name, NULL);
  StDbStmt *stmt = st_db_prepare (db, sql, error);
  StDbStep step;

  if (stmt == NULL)
    return FALSE;
  step = st_db_step (stmt, error);
  if (step == ST_DB_ROW)
    *rows = st_db_column_int (stmt, 0);
  st_db_reset (stmt);
  return step == ST_DB_ROW;
}

static void
bind_value (StDbStmt             *from,
            int                   column,
            const StDbColumnInfo *info,
            StDbStmt             *to,
            int                   index)
{
  gsize len = 0;
  const guint8 *data;

  if (st_db_column_is_null (from, column))
    {
      st_db_bind_null (to, index);
      return;
    }
  switch (info->kind)
    {
    case ST_DB_KIND_INTEGER:
      st_db_bind_int (to, index, st_db_column_int (from, column));
      break;
    case ST_DB_KIND_BLOB:
      data = st_db_column_blob (from, column, &len);
      st_db_bind_blob (to, index, data ? (const void *) data : "", len);
      break;
    case ST_DB_KIND_TEXT:
    default:
      st_db_bind_text (to, index, st_db_column_text (from, column));
      break;
    }
}

/* @update: the target's rows exist already (made by the schema) and take
 * the source's values, found by the first column. */
static gboolean
copy_table (StDb                 *source,
            StDb                 *target,
            const StDbTableInfo  *table,
            gboolean              update,
            GError              **error)
{
  g_autoptr(GString) select = g_string_new ("SELECT ");
  g_autoptr(GString) write = g_string_new (NULL);
  g_autofree char *name = quote (table->name);
  guint n = table->columns->len;
  StDbStmt *rows;
  StDbStmt *out;
  StDbStep step;

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *column = quote (((StDbColumnInfo *) g_ptr_array_index (table->columns, i))->name);
      g_string_append_printf (select, "%s%s", i > 0 ? ", " : "", column);
    }
  /* Key order: a row that refers to another of its table comes after it. */
  g_string_append_printf (select, " FROM %s ORDER BY 1", name);

  if (update)
    {
      g_string_append_printf (write, "UPDATE %s SET ", name);
      for (guint i = 1; i < n; i++)
        {
          g_autofree char *column = quote (((StDbColumnInfo *) g_ptr_array_index (table->columns, i))->name);
          g_string_append_printf (write, "%s%s = ?", i > 1 ? ", " : "", column);
        }
      {
        g_autofree char *key = quote (((StDbColumnInfo *) g_ptr_array_index (table->columns, 0))->name);
        g_string_append_printf (write, " WHERE %s = ?", key);
      }
    }
  else
    {
      g_string_append_printf (write, "INSERT INTO %s (", name);
      for (guint i = 0; i < n; i++)
        {
          g_autofree char *column = quote (((StDbColumnInfo *) g_ptr_array_index (table->columns, i))->name);
          g_string_append_printf (write, "%s%s", i > 0 ? ", " : "", column);
        }
      g_string_append (write, ") VALUES (");
      for (guint i = 0; i < n; i++)
        g_string_append (write, i > 0 ? ", ?" : "?");
      g_string_append (write, ")");
    }

  rows = st_db_prepare_stream (source, select->str, error);
  if (rows == NULL)
    return FALSE;
  out = st_db_prepare (target, write->str, error);
  if (out == NULL)
    {
      st_db_reset (rows);
      return FALSE;
    }
  while ((step = st_db_step (rows, error)) == ST_DB_ROW)
    {
      for (guint i = 0; i < n; i++)
        {
          const StDbColumnInfo *column = g_ptr_array_index (table->columns, i);
          int index = update ? (i == 0 ? (int) n : (int) i) : (int) i + 1;
          bind_value (rows, (int) i, column, out, index);
        }
      if (!st_db_run (out, error))
        {
          st_db_reset (rows);
          return FALSE;
        }
      if (update && st_db_changes (out) != 1)
        {
          st_db_reset (rows);
          g_set_error (error, ST_DB_ERROR, ST_DB_ERROR_FAILED,
                       _("database: %s of the copy has no row to take the source's values"), table->name);
          return FALSE;
        }
    }
  st_db_reset (out);
  return step == ST_DB_DONE;
}

gboolean
st_db_copy (StDb    *source,
            StDb    *target,
            GError **error)
{
  g_autoptr(GPtrArray) from = describe (source, error);
  g_autoptr(GPtrArray) to = NULL;

  if (from == NULL || (to = describe (target, error)) == NULL)
    return FALSE;
  for (guint i = 0; i < to->len; i++)
    if (find_table (from, ((StDbTableInfo *) g_ptr_array_index (to, i))->name) == NULL)
      return schemas_differ (((StDbTableInfo *) g_ptr_array_index (to, i))->name, NULL, error);

  for (guint i = 0; i < from->len; i++)
    {
      StDbTableInfo *table = g_ptr_array_index (from, i);
      StDbTableInfo *other = find_table (to, table->name);
      gint64 present = 0;

      if (other == NULL)
        return schemas_differ (table->name, NULL, error);
      /* The store's own bookkeeping (when this file was last checked) is not
       * a record: the copy keeps the row its schema made. */
      if (g_str_equal (table->name, "maintenance"))
        continue;
      if (!same_columns (table, other, error) || !count_table (target, table->name, &present, error))
        return FALSE;
      /* Only the schema's own rows (the chain head) may be there already. */
      if (present > 0 && !g_str_equal (table->name, "audit_head"))
        {
          g_set_error (error, ST_DB_ERROR, ST_DB_ERROR_EXISTS,
                       _("database: %s of the copy is not empty; a copy needs an empty database"), table->name);
          return FALSE;
        }
      if (!copy_table (source, target, table, present > 0, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
st_db_reset_keys (StDb    *db,
                  GError **error)
{
  if (db->backend->reset_keys == NULL)
    return TRUE;
  return db->backend->reset_keys (db, error);
}

void
st_db_table_count_free (StDbTableCount *count)
{
  if (count == NULL)
    return;
  g_free (count->table);
  g_free (count);
}

GPtrArray *
st_db_count_rows (StDb    *db,
                  GError **error)
{
  g_autoptr(GPtrArray) tables = describe (db, error);
  g_autoptr(GPtrArray) counts = g_ptr_array_new_with_free_func ((GDestroyNotify) st_db_table_count_free);

  if (tables == NULL)
    return NULL;
  for (guint i = 0; i < tables->len; i++)
    {
      StDbTableInfo *table = g_ptr_array_index (tables, i);
      StDbTableCount *count = g_new0 (StDbTableCount, 1);

      count->table = g_strdup (table->name);
      g_ptr_array_add (counts, count);
      if (!count_table (db, table->name, &count->rows, error))
        return NULL;
    }
  return g_steal_pointer (&counts);
}
