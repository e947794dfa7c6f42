/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pg-server.h"

#include <libpq-fe.h>
#include <string.h>
#include <unistd.h>

gboolean
st_test_pg_wanted (void)
{
  return g_strcmp0 (g_getenv ("STROMA_TEST_BACKEND"), "postgresql") == 0;
}

const char *
st_test_pg_server_uri (void)
{
  const char *uri = g_getenv ("STROMA_TEST_PG_URI");

  return uri != NULL && *uri != '\0' ? uri : NULL;
}

static void
fail_without_server (void)
{
  g_test_fail_printf ("STROMA_TEST_PG_URI is not set: these tests need a PostgreSQL server "
                      "(build-aux/test starts one with build-aux/pg-test-cluster)");
}

gboolean
st_test_pg_require (void)
{
  if (st_test_pg_server_uri () != NULL)
    return TRUE;
  g_test_add_func ("/postgresql/server-missing", fail_without_server);
  return FALSE;
}

char *
st_test_pg_uri_for (const char *dbname)
{
  const char *uri = st_test_pg_server_uri ();
  const char *authority;
  const char *end;
  const char *query;

  g_assert_nonnull (uri);
  authority = strstr (uri, "://");
  g_assert_nonnull (authority);
  authority += 3;
  end = authority + strcspn (authority, "/?");
  query = strchr (end, '?');
  return g_strdup_printf ("%.*s/%s%s", (int) (end - uri), uri, dbname, query ? query : "");
}

char *
st_test_pg_dbname_of (const char *location)
{
  const char *authority = strstr (location, "://");
  const char *path;

  g_assert_nonnull (authority);
  path = strchr (authority + 3, '/');
  g_assert_nonnull (path);
  return g_strndup (path + 1, strcspn (path + 1, "?"));
}

static PGconn *
connect_to (const char *dbname)
{
  g_autofree char *uri = st_test_pg_uri_for (dbname ? dbname : "postgres");
  PGconn *conn = PQconnectdb (uri);

  if (PQstatus (conn) != CONNECTION_OK)
    g_error ("cannot connect to the test server: %s", PQerrorMessage (conn));
  PQexec (conn, "SET client_min_messages = warning");
  return conn;
}

char *
st_test_pg_try (const char *dbname,
                const char *sql)
{
  PGconn *conn = connect_to (dbname);
  PGresult *result = PQexec (conn, sql);
  ExecStatusType status = PQresultStatus (result);
  char *state = NULL;

  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
    {
      const char *code = PQresultErrorField (result, PG_DIAG_SQLSTATE);
      g_test_message ("%s: %s", sql, PQresultErrorMessage (result));
      state = g_strdup (code ? code : "?????");
    }
  PQclear (result);
  PQfinish (conn);
  return state;
}

void
st_test_pg_exec (const char *dbname,
                 const char *sql)
{
  g_autofree char *state = st_test_pg_try (dbname, sql);

  g_assert_null (state);
}

char *
st_test_pg_value (const char *dbname,
                  const char *sql)
{
  PGconn *conn = connect_to (dbname);
  PGresult *result = PQexec (conn, sql);
  char *value = NULL;

  if (PQresultStatus (result) != PGRES_TUPLES_OK)
    g_error ("%s: %s", sql, PQresultErrorMessage (result));
  if (PQntuples (result) > 0 && !PQgetisnull (result, 0, 0))
    value = g_strdup (PQgetvalue (result, 0, 0));
  PQclear (result);
  PQfinish (conn);
  return value;
}

char *
st_test_pg_create_database (const char *template_name)
{
  static guint counter;
  char *name = g_strdup_printf ("stroma_t_%d_%u", (int) getpid (), ++counter);
  g_autofree char *sql = template_name
    ? g_strdup_printf ("CREATE DATABASE %s TEMPLATE %s", name, template_name)
    : g_strdup_printf ("CREATE DATABASE %s", name);

  /* A template's last sessions may take a moment to end on the server. */
  for (int attempt = 0; ; attempt++)
    {
      g_autofree char *state = st_test_pg_try (NULL, sql);

      if (state == NULL)
        break;
      g_assert_cmpstr (state, ==, "55006");
      g_assert_cmpint (attempt, <, 100);
      g_usleep (100 * 1000);
    }
  return name;
}

void
st_test_pg_drop_database (const char *dbname)
{
  g_autofree char *sql = g_strdup_printf ("DROP DATABASE IF EXISTS %s WITH (FORCE)", dbname);

  st_test_pg_exec (NULL, sql);
}

char *
st_test_pg_digest (const char *dbname)
{
  PGconn *conn = connect_to (dbname);
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  PGresult *tables = PQexec (conn, "SELECT quote_ident (relname) FROM pg_class"
                                   " WHERE relnamespace = 'public'::regnamespace AND relkind = 'r' ORDER BY relname");

  g_assert_cmpint (PQresultStatus (tables), ==, PGRES_TUPLES_OK);
  for (int i = 0; i < PQntuples (tables); i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT t::text FROM %s t ORDER BY 1", PQgetvalue (tables, i, 0));
      PGresult *rows = PQexec (conn, sql);

      g_assert_cmpint (PQresultStatus (rows), ==, PGRES_TUPLES_OK);
      g_checksum_update (checksum, (const guchar *) PQgetvalue (tables, i, 0), -1);
      for (int r = 0; r < PQntuples (rows); r++)
        {
          g_checksum_update (checksum, (const guchar *) "|", 1);
          g_checksum_update (checksum, (const guchar *) PQgetvalue (rows, r, 0), -1);
        }
      PQclear (rows);
    }
  PQclear (tables);
  PQfinish (conn);
  return g_strdup (g_checksum_get_string (checksum));
}

/* Statements of @sql, split at semicolons outside quotes. */
static GPtrArray *
split_statements (const char *sql)
{
  GPtrArray *statements = g_ptr_array_new_with_free_func (g_free);
  GString *current = g_string_new (NULL);
  char quote = 0;

  for (const char *p = sql; *p != '\0'; p++)
    {
      if (quote != 0 && *p == quote)
        quote = 0;
      else if (quote == 0 && (*p == '\'' || *p == '"'))
        quote = *p;
      else if (quote == 0 && *p == ';')
        {
          g_ptr_array_add (statements, g_strstrip (g_string_free (current, FALSE)));
          current = g_string_new (NULL);
          continue;
        }
      g_string_append_c (current, *p);
    }
  g_ptr_array_add (statements, g_strstrip (g_string_free (current, FALSE)));
  return statements;
}

static gboolean
starts_clause (const char *p)
{
  static const char *const words[] = { "WHERE", "ORDER", "GROUP", "LIMIT", "UNION", "JOIN", "LEFT", NULL };

  while (g_ascii_isspace (*p))
    p++;
  if (*p == '\0' || *p == ')' || *p == ',')
    return TRUE;
  for (guint i = 0; words[i] != NULL; i++)
    if (g_ascii_strncasecmp (p, words[i], strlen (words[i])) == 0)
      return TRUE;
  return FALSE;
}

char *
st_test_pg_from_sqlite (const char *dbname,
                        const char *statement)
{
  GString *out = g_string_new (statement);
  guint aliases = 0;
  const char *p;

  if (g_ascii_strncasecmp (statement, "DROP TRIGGER ", 13) == 0 && strstr (statement, " ON ") == NULL)
    {
      g_autofree char *lookup = g_strdup_printf ("SELECT tgrelid::regclass FROM pg_trigger WHERE tgname = '%s'",
                                                 statement + 13);
      g_autofree char *table = st_test_pg_value (dbname, lookup);

      g_assert_nonnull (table);
      g_string_append_printf (out, " ON %s", table);
      return g_string_free (out, FALSE);
    }
  /* FROM (SELECT ...) needs a name on PostgreSQL before 16. */
  while ((p = strstr (out->str, "FROM (SELECT")) != NULL)
    {
      gsize open = p - out->str + 5;
      int depth = 0;
      gsize close = open;

      for (; close < out->len; close++)
        {
          if (out->str[close] == '(')
            depth++;
          else if (out->str[close] == ')' && --depth == 0)
            break;
        }
      g_assert_cmpuint (close, <, out->len);
      /* Mark this FROM as done (lower case) so the search moves on. */
      memcpy (out->str + (p - out->str), "from", 4);
      if (starts_clause (out->str + close + 1))
        {
          g_autofree char *alias = g_strdup_printf (" AS sqlite_subquery_%u", ++aliases);
          g_string_insert (out, close + 1, alias);
        }
    }
  return g_string_free (out, FALSE);
}

char *
st_test_pg_try_sqlite (const char *dbname,
                       const char *sql)
{
  g_autoptr(GPtrArray) statements = split_statements (sql);

  for (guint i = 0; i < statements->len; i++)
    {
      const char *statement = g_ptr_array_index (statements, i);
      g_autofree char *translated = NULL;
      char *state;

      if (*statement == '\0')
        continue;
      translated = st_test_pg_from_sqlite (dbname, statement);
      state = st_test_pg_try (dbname, translated);
      if (state != NULL)
        return state;
    }
  return NULL;
}

void
st_test_pg_install_sqlite_functions (const char *dbname)
{
  st_test_pg_exec (dbname,
    "CREATE FUNCTION group_concat_step (acc text, value text, sep text) RETURNS text LANGUAGE sql IMMUTABLE AS"
    " $$ SELECT CASE WHEN value IS NULL THEN acc WHEN acc IS NULL THEN value ELSE acc || sep || value END $$;"
    "CREATE AGGREGATE group_concat (text, text) (SFUNC = group_concat_step, STYPE = text);"
    "CREATE FUNCTION ifnull (a text, b text) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT COALESCE (a, b) $$;"
    "CREATE FUNCTION julianday (t text) RETURNS double precision LANGUAGE sql STABLE AS"
    " $$ SELECT extract (epoch FROM CASE WHEN t = 'now' THEN now () ELSE t::timestamptz END) / 86400.0"
    "    + 2440587.5 $$;"
    "CREATE FUNCTION printf (format text, value bigint) RETURNS text LANGUAGE sql IMMUTABLE AS"
    " $$ SELECT regexp_replace (format, '%0?[0-9]*d', lpad (value::text, greatest (length (value::text),"
    "    COALESCE (NULLIF (substring (format FROM '%0?([0-9]*)d'), '')::int, 0)), '0')) $$;"
    "CREATE FUNCTION strftime (format text, t text, modifier text) RETURNS text LANGUAGE sql STABLE AS"
    " $$ SELECT to_char ((CASE WHEN t = 'now' THEN now () ELSE t::timestamptz END + modifier::interval)"
    "    AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') $$;");
}
