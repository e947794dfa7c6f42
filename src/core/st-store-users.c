/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "st-store-users.h"

void
st_user_record_free (StUserRecord *record)
{
  if (record == NULL)
    return;
  g_free (record->username);
  g_free (record->full_name);
  g_free (record->roles);
  g_clear_pointer (&record->pw_salt, g_bytes_unref);
  g_clear_pointer (&record->pw_verifier, g_bytes_unref);
  g_free (record->pw_changed_at);
  g_free (record->created_at);
  g_clear_pointer (&record->ca_key_wrap, g_bytes_unref);
  g_free (record);
}

void
st_user_key_record_free (StUserKeyRecord *record)
{
  if (record == NULL)
    return;
  g_free (record->cert_pem);
  g_clear_pointer (&record->key_sealed, g_bytes_unref);
  g_free (record->source);
  g_free (record->created_at);
  g_free (record);
}

static GBytes *
column_bytes (StDbStmt *stmt,
              int       column)
{
  gsize len = 0;
  const guint8 *data;

  if (st_db_column_is_null (stmt, column))
    return NULL;
  data = st_db_column_blob (stmt, column, &len);
  return g_bytes_new (data, len);
}

static void
bind_bytes (StDbStmt *stmt,
            int       index,
            GBytes   *bytes)
{
  gsize len = 0;
  const void *data = bytes ? g_bytes_get_data (bytes, &len) : NULL;

  if (bytes == NULL)
    st_db_bind_null (stmt, index);
  else
    st_db_bind_blob (stmt, index, data ? data : "", len);
}

#define USER_COLUMNS \
  "id, username, full_name, roles, pw_salt, pw_iterations, pw_verifier, pw_changed_at," \
  " pw_must_change, failed_count, locked, disabled, created_at, ca_key_wrap"

static StUserRecord *
read_user (StDbStmt *stmt)
{
  StUserRecord *record = g_new0 (StUserRecord, 1);

  record->id = st_db_column_int (stmt, 0);
  record->username = g_strdup (st_db_column_text (stmt, 1));
  record->full_name = g_strdup (st_db_column_text (stmt, 2));
  record->roles = g_strdup (st_db_column_text (stmt, 3));
  record->pw_salt = column_bytes (stmt, 4);
  record->pw_iterations = st_db_column_int (stmt, 5);
  record->pw_verifier = column_bytes (stmt, 6);
  record->pw_changed_at = g_strdup (st_db_column_text (stmt, 7));
  record->pw_must_change = st_db_column_int (stmt, 8) != 0;
  record->failed_count = st_db_column_int (stmt, 9);
  record->locked = st_db_column_int (stmt, 10) != 0;
  record->disabled = st_db_column_int (stmt, 11) != 0;
  record->created_at = g_strdup (st_db_column_text (stmt, 12));
  record->ca_key_wrap = column_bytes (stmt, 13);
  return record;
}

static StUserRecord *
read_one_user (StDbStmt  *stmt,
               GError   **error)
{
  StDbStep step = st_db_step (stmt, error);
  StUserRecord *record = NULL;

  if (step == ST_DB_ROW)
    record = read_user (stmt);
  st_db_reset (stmt);
  return record;
}

StUserRecord *
st_store_users_find (StDb        *db,
                     const char  *username,
                     GError     **error)
{
  StDbStmt *stmt = st_db_prepare (db, "SELECT " USER_COLUMNS " FROM users WHERE username = ?", error);

  if (stmt == NULL)
    return NULL;
  st_db_bind_text (stmt, 1, username);
  return read_one_user (stmt, error);
}

StUserRecord *
st_store_users_get (StDb    *db,
                    gint64   id,
                    GError **error)
{
  StDbStmt *stmt = st_db_prepare (db, "SELECT " USER_COLUMNS " FROM users WHERE id = ?", error);

  if (stmt == NULL)
    return NULL;
  st_db_bind_int (stmt, 1, id);
  return read_one_user (stmt, error);
}

GPtrArray *
st_store_users_list (StDb    *db,
                     GError **error)
{
  StDbStmt *stmt = st_db_prepare (db, "SELECT " USER_COLUMNS " FROM users ORDER BY username", error);
  g_autoptr(GPtrArray) users = g_ptr_array_new_with_free_func ((GDestroyNotify) st_user_record_free);
  StDbStep step;

  if (stmt == NULL)
    return NULL;
  while ((step = st_db_step (stmt, error)) == ST_DB_ROW)
    g_ptr_array_add (users, read_user (stmt));
  if (step == ST_DB_FAILED)
    return NULL;
  return g_steal_pointer (&users);
}

GStrv
st_store_users_admin_names (StDb    *db,
                            GError **error)
{
  /* Roles are stored in a fixed order, so 'admin' is always last. */
  StDbStmt *stmt = st_db_prepare (db,
    "SELECT username FROM users WHERE disabled = 0"
    " AND (roles = 'admin' OR roles LIKE '%,admin') ORDER BY username", error);
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
  StDbStep step;

  if (stmt == NULL)
    return NULL;
  while ((step = st_db_step (stmt, error)) == ST_DB_ROW)
    g_strv_builder_add (names, st_db_column_text (stmt, 0));
  if (step == ST_DB_FAILED)
    return NULL;
  return g_strv_builder_end (names);
}

gboolean
st_store_users_insert (StDb          *db,
                       StUserRecord  *record,
                       GError       **error)
{
  StDbStmt *stmt = st_db_prepare (db,
    "INSERT INTO users (username, full_name, roles, pw_salt, pw_iterations, pw_verifier,"
    " pw_changed_at, pw_must_change, failed_count, locked, disabled, created_at, ca_key_wrap)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, 0, 0, ?, ?) RETURNING id", error);

  if (stmt == NULL)
    return FALSE;
  st_db_bind_text (stmt, 1, record->username);
  st_db_bind_text (stmt, 2, record->full_name);
  st_db_bind_text (stmt, 3, record->roles);
  bind_bytes (stmt, 4, record->pw_salt);
  st_db_bind_int (stmt, 5, record->pw_iterations);
  bind_bytes (stmt, 6, record->pw_verifier);
  st_db_bind_text (stmt, 7, record->pw_changed_at);
  st_db_bind_int (stmt, 8, record->pw_must_change ? 1 : 0);
  st_db_bind_text (stmt, 9, record->created_at);
  bind_bytes (stmt, 10, record->ca_key_wrap);
  if (st_db_step (stmt, error) != ST_DB_ROW)
    return FALSE;
  record->id = st_db_column_int (stmt, 0);
  st_db_reset (stmt);
  return TRUE;
}

gboolean
st_store_users_set_password (StDb                *db,
                             const StUserRecord  *record,
                             GError             **error)
{
  StDbStmt *stmt = st_db_prepare (db,
    "UPDATE users SET pw_salt = ?, pw_iterations = ?, pw_verifier = ?, pw_changed_at = ?,"
    " pw_must_change = ?, ca_key_wrap = ? WHERE id = ?", error);

  if (stmt == NULL)
    return FALSE;
  bind_bytes (stmt, 1, record->pw_salt);
  st_db_bind_int (stmt, 2, record->pw_iterations);
  bind_bytes (stmt, 3, record->pw_verifier);
  st_db_bind_text (stmt, 4, record->pw_changed_at);
  st_db_bind_int (stmt, 5, record->pw_must_change ? 1 : 0);
  bind_bytes (stmt, 6, record->ca_key_wrap);
  st_db_bind_int (stmt, 7, record->id);
  return st_db_run (stmt, error);
}

gboolean
st_store_users_set_sign_in_state (StDb     *db,
                                  gint64    id,
                                  gint64    failed_count,
                                  gboolean  locked,
                                  GError  **error)
{
  StDbStmt *stmt = st_db_prepare (db, "UPDATE users SET failed_count = ?, locked = ? WHERE id = ?", error);

  if (stmt == NULL)
    return FALSE;
  st_db_bind_int (stmt, 1, failed_count);
  st_db_bind_int (stmt, 2, locked ? 1 : 0);
  st_db_bind_int (stmt, 3, id);
  return st_db_run (stmt, error);
}

gboolean
st_store_users_set_disabled (StDb     *db,
                             gint64    id,
                             gboolean  disabled,
                             GError  **error)
{
  StDbStmt *stmt = st_db_prepare (db, "UPDATE users SET disabled = ? WHERE id = ?", error);

  if (stmt == NULL)
    return FALSE;
  st_db_bind_int (stmt, 1, disabled ? 1 : 0);
  st_db_bind_int (stmt, 2, id);
  return st_db_run (stmt, error);
}

gboolean
st_store_users_set_roles (StDb        *db,
                          gint64       id,
                          const char  *roles,
                          GError     **error)
{
  StDbStmt *stmt = st_db_prepare (db, "UPDATE users SET roles = ? WHERE id = ?", error);

  if (stmt == NULL)
    return FALSE;
  st_db_bind_text (stmt, 1, roles);
  st_db_bind_int (stmt, 2, id);
  return st_db_run (stmt, error);
}

StUserKeyRecord *
st_store_users_active_key (StDb    *db,
                           gint64   user_id,
                           GError **error)
{
  StDbStmt *stmt = st_db_prepare (db,
    "SELECT id, user_id, cert_pem, key_sealed, source, created_at FROM user_keys"
    " WHERE user_id = ? AND active = 1 ORDER BY id DESC LIMIT 1", error);
  StUserKeyRecord *record = NULL;

  if (stmt == NULL)
    return NULL;
  st_db_bind_int (stmt, 1, user_id);
  if (st_db_step (stmt, error) == ST_DB_ROW)
    {
      record = g_new0 (StUserKeyRecord, 1);
      record->id = st_db_column_int (stmt, 0);
      record->user_id = st_db_column_int (stmt, 1);
      record->cert_pem = g_strdup (st_db_column_text (stmt, 2));
      record->key_sealed = column_bytes (stmt, 3);
      record->source = g_strdup (st_db_column_text (stmt, 4));
      record->created_at = g_strdup (st_db_column_text (stmt, 5));
    }
  st_db_reset (stmt);
  return record;
}

gboolean
st_store_users_insert_key (StDb             *db,
                           StUserKeyRecord  *record,
                           GError          **error)
{
  StDbStmt *stmt = st_db_prepare (db,
    "INSERT INTO user_keys (user_id, cert_pem, key_sealed, source, created_at, active)"
    " VALUES (?, ?, ?, ?, ?, 1) RETURNING id", error);

  if (stmt == NULL)
    return FALSE;
  st_db_bind_int (stmt, 1, record->user_id);
  st_db_bind_text (stmt, 2, record->cert_pem);
  bind_bytes (stmt, 3, record->key_sealed);
  st_db_bind_text (stmt, 4, record->source);
  st_db_bind_text (stmt, 5, record->created_at);
  if (st_db_step (stmt, error) != ST_DB_ROW)
    return FALSE;
  record->id = st_db_column_int (stmt, 0);
  st_db_reset (stmt);
  return TRUE;
}

gboolean
st_store_users_retire_keys (StDb    *db,
                            gint64   user_id,
                            GError **error)
{
  StDbStmt *stmt = st_db_prepare (db, "UPDATE user_keys SET active = 0 WHERE user_id = ? AND active = 1", error);

  if (stmt == NULL)
    return FALSE;
  st_db_bind_int (stmt, 1, user_id);
  return st_db_run (stmt, error);
}

gboolean
st_store_users_reseal_key (StDb    *db,
                           gint64   key_id,
                           GBytes  *key_sealed,
                           GError **error)
{
  StDbStmt *stmt = st_db_prepare (db, "UPDATE user_keys SET key_sealed = ? WHERE id = ?", error);

  if (stmt == NULL)
    return FALSE;
  bind_bytes (stmt, 1, key_sealed);
  st_db_bind_int (stmt, 2, key_id);
  return st_db_run (stmt, error);
}
