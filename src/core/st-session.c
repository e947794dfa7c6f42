/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "st-session-private.h"

#include <glib/gi18n-lib.h>
#include <openssl/crypto.h>
#include <string.h>

struct _StSession {
  GObject parent_instance;

  StDb *db;
  StAuditWriter *audit;
  StUserRecord *user;
  StRole roles;
  gboolean password_expired;
  gboolean locked;
  gboolean have_kek;
  guint8 kek[ST_KEY_LENGTH];
  char *now;
  gboolean writing;
  gboolean reading;
  gboolean batch;
  gboolean batch_failed;
};

G_DEFINE_FINAL_TYPE (StSession, st_session, G_TYPE_OBJECT)

#define BATCH_CACHE_KIB (64 * 1024)

enum {
  SIGNAL_COMMITTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
forget_kek (StSession *self)
{
  OPENSSL_cleanse (self->kek, sizeof self->kek);
  self->have_kek = FALSE;
}

static void
st_session_finalize (GObject *object)
{
  StSession *self = ST_SESSION (object);

  forget_kek (self);
  g_clear_pointer (&self->user, st_user_record_free);
  g_clear_pointer (&self->audit, st_audit_writer_free);
  g_clear_pointer (&self->db, st_db_close);
  g_clear_pointer (&self->now, g_free);
  G_OBJECT_CLASS (st_session_parent_class)->finalize (object);
}

static void
st_session_class_init (StSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = st_session_finalize;

  /* Emitted after every committed change, so that views can refresh. */
  signals[SIGNAL_COMMITTED] =
    g_signal_new ("committed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
st_session_init (StSession *self)
{
  self->audit = st_audit_writer_new ();
}

StSession *
st_session_new_for_db (StDb *db)
{
  StSession *self = g_object_new (ST_TYPE_SESSION, NULL);

  self->db = db;
  return self;
}

StSession *
st_session_open (const char  *location,
                 GError     **error)
{
  StDb *db = st_db_open (location, ST_DB_OPEN_EXISTING, error);

  if (db == NULL)
    return NULL;
  return st_session_new_for_db (db);
}

StDb *
st_session_get_db (StSession *self)
{
  g_return_val_if_fail (ST_IS_SESSION (self), NULL);
  return self->db;
}

const char *
st_session_get_location (StSession *self)
{
  return st_db_location (self->db);
}

static char *
utc_now (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  return g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
}

static gboolean
password_is_expired (const StUserRecord *user)
{
  g_autoptr(GDateTime) changed = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  if (user->pw_must_change)
    return TRUE;
  changed = g_date_time_new_from_iso8601 (user->pw_changed_at, NULL);
  if (changed == NULL)
    return TRUE;
  return g_date_time_difference (now, changed) > (GTimeSpan) ST_AUTH_PASSWORD_MAX_AGE_DAYS * G_TIME_SPAN_DAY;
}

static char *
admin_names_text (StDb *db)
{
  g_auto(GStrv) names = st_store_users_admin_names (db, NULL);

  if (names == NULL || names[0] == NULL)
    return g_strdup (_("an administrator"));
  return g_strjoinv (", ", names);
}

/* Writes a failed attempt (and a lock) in its own transaction: the failure
 * must be recorded even though the command that asked is refused. */
static gboolean
record_failed_attempt (StSession   *self,
                       const char  *username,
                       gboolean    *now_locked,
                       GError     **error)
{
  g_autoptr(StUserRecord) user = NULL;
  g_autofree char *old_count = NULL;
  g_autofree char *new_count = NULL;
  g_autofree char *at = utc_now ();
  gint64 failed;

  *now_locked = FALSE;
  if (!st_db_begin (self->db, error))
    return FALSE;
  if (!st_audit_writer_start (self->audit, self->db, error))
    goto fail;

  user = st_store_users_find (self->db, username, error);
  if (user == NULL)
    {
      StAuditChange change = {
        .action = "sign-in failed", .table = "sign-in", .record = username,
        .new_value = "unknown user name",
      };
      if ((error && *error) || !st_audit_writer_append (self->audit, self->db, at, username, &change, error))
        goto fail;
    }
  else
    {
      failed = user->failed_count + 1;
      *now_locked = failed >= ST_AUTH_MAX_FAILED_SIGN_INS;
      old_count = g_strdup_printf ("%" G_GINT64_FORMAT, user->failed_count);
      new_count = g_strdup_printf ("%" G_GINT64_FORMAT, failed);
      StAuditChange change = {
        .action = "sign-in failed", .table = "users", .record = username,
        .field = "failed_sign_ins", .old_value = old_count, .new_value = new_count,
      };
      if (!st_store_users_set_sign_in_state (self->db, user->id, failed, *now_locked || user->locked, error)
          || !st_audit_writer_append (self->audit, self->db, at, username, &change, error))
        goto fail;
      if (*now_locked && !user->locked)
        {
          StAuditChange lock = {
            .action = "account locked", .table = "users", .record = username,
            .field = "locked", .old_value = "no", .new_value = "yes",
            .reason = "5 consecutive failed sign-ins",
          };
          if (!st_audit_writer_append (self->audit, self->db, at, username, &lock, error))
            goto fail;
        }
    }
  if (!st_audit_writer_finish (self->audit, self->db, error) || !st_db_commit (self->db, error))
    goto fail;
  return TRUE;

fail:
  st_audit_writer_abandon (self->audit);
  st_db_rollback (self->db);
  return FALSE;
}

static gboolean
reset_failed_attempts (StSession           *self,
                       const StUserRecord  *user,
                       GError             **error)
{
  g_autofree char *at = utc_now ();
  g_autofree char *old_count = g_strdup_printf ("%" G_GINT64_FORMAT, user->failed_count);
  StAuditChange change = {
    .action = "sign-in", .table = "users", .record = user->username,
    .field = "failed_sign_ins", .old_value = old_count, .new_value = "0",
  };

  if (!st_db_begin (self->db, error))
    return FALSE;
  if (!st_audit_writer_start (self->audit, self->db, error)
      || !st_store_users_set_sign_in_state (self->db, user->id, 0, FALSE, error)
      || !st_audit_writer_append (self->audit, self->db, at, user->username, &change, error)
      || !st_audit_writer_finish (self->audit, self->db, error)
      || !st_db_commit (self->db, error))
    {
      st_audit_writer_abandon (self->audit);
      st_db_rollback (self->db);
      return FALSE;
    }
  return TRUE;
}

static gboolean
refuse_unusable_account (StSession           *self,
                         const StUserRecord  *user,
                         GError             **error)
{
  if (user->disabled)
    {
      g_set_error (error, ST_AUTH_ERROR, ST_AUTH_ERROR_DISABLED,
                   _("user: %s is disabled"), user->username);
      return FALSE;
    }
  if (user->locked)
    {
      g_autofree char *admins = admin_names_text (self->db);
      g_set_error (error, ST_AUTH_ERROR, ST_AUTH_ERROR_LOCKED,
                   _("user: %s is locked after %d failed sign-ins; an administrator (%s) can unlock it"),
                   user->username, ST_AUTH_MAX_FAILED_SIGN_INS, admins);
      return FALSE;
    }
  return TRUE;
}

static gboolean
record_refused_attempt (StSession           *self,
                        const StUserRecord  *user,
                        GError             **error)
{
  g_autofree char *at = utc_now ();
  StAuditChange change = {
    .action = "sign-in refused", .table = "sign-in", .record = user->username,
    .new_value = user->disabled ? "account disabled" : "account locked",
  };

  if (!st_db_begin (self->db, error))
    return FALSE;
  if (!st_audit_writer_start (self->audit, self->db, error)
      || !st_audit_writer_append (self->audit, self->db, at, user->username, &change, error)
      || !st_audit_writer_finish (self->audit, self->db, error)
      || !st_db_commit (self->db, error))
    {
      st_audit_writer_abandon (self->audit);
      st_db_rollback (self->db);
      return FALSE;
    }
  return TRUE;
}

/* Checks @password for @username, counting a failure.  On success returns
 * the user's record and fills @keys. */
static StUserRecord *
check_password (StSession       *self,
                const char      *username,
                const char      *password,
                StPasswordKeys  *keys,
                GError         **error)
{
  g_autoptr(StUserRecord) user = NULL;
  g_autoptr(GError) local = NULL;
  gboolean matches = FALSE;
  gboolean now_locked = FALSE;

  g_return_val_if_fail (!st_db_in_transaction (self->db), NULL);

  user = st_store_users_find (self->db, username ? username : "", &local);
  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return NULL;
    }
  if (user != NULL && (user->disabled || user->locked))
    {
      /* Every attempt is recorded (Part 11), also on an account that is
       * refused before its password is looked at. */
      if (!record_refused_attempt (self, user, error))
        return NULL;
      refuse_unusable_account (self, user, error);
      return NULL;
    }

  if (user == NULL && password != NULL)
    {
      /* The same slow derivation for a name that does not exist, so that
       * the time taken does not tell which user names do. */
      static const guint8 dummy_salt[ST_AUTH_SALT_LENGTH] = { 0 };
      if (!st_auth_derive (password, dummy_salt, sizeof dummy_salt, ST_AUTH_ITERATIONS, keys, error))
        return NULL;
    }
  else if (user != NULL && password != NULL)
    {
      gsize salt_len = 0;
      const guint8 *salt = g_bytes_get_data (user->pw_salt, &salt_len);
      gsize verifier_len = 0;
      const guint8 *verifier = g_bytes_get_data (user->pw_verifier, &verifier_len);

      if (salt_len != ST_AUTH_SALT_LENGTH)
        {
          g_set_error (error, ST_DB_ERROR, ST_DB_ERROR_CORRUPT,
                       _("user: the password record of %s is damaged"), username);
          return NULL;
        }
      if (!st_auth_derive (password, salt, salt_len, (guint) user->pw_iterations, keys, error))
        return NULL;
      matches = st_auth_verifier_matches (keys, verifier, verifier_len);
    }

  if (!matches)
    {
      st_password_keys_clear (keys);
      if (!record_failed_attempt (self, username ? username : "", &now_locked, error))
        return NULL;
      if (now_locked)
        {
          g_autofree char *admins = admin_names_text (self->db);
          g_set_error (error, ST_AUTH_ERROR, ST_AUTH_ERROR_LOCKED,
                       _("password: wrong; %s is now locked after %d failed sign-ins, an administrator (%s) can unlock it"),
                       username, ST_AUTH_MAX_FAILED_SIGN_INS, admins);
        }
      else
        g_set_error (error, ST_AUTH_ERROR, ST_AUTH_ERROR_WRONG_PASSWORD,
                     _("password: wrong user name or password"));
      return NULL;
    }

  if (user->failed_count > 0)
    {
      if (!reset_failed_attempts (self, user, error))
        return NULL;
      user->failed_count = 0;
    }
  return g_steal_pointer (&user);
}

gboolean
st_session_sign_in (StSession   *self,
                    const char  *username,
                    const char  *password,
                    GError     **error)
{
  StPasswordKeys keys = { 0 };
  StUserRecord *user;
  StRole roles = ST_ROLE_NONE;

  g_return_val_if_fail (ST_IS_SESSION (self), FALSE);

  st_session_sign_out (self);
  user = check_password (self, username, password, &keys, error);
  if (user == NULL)
    return FALSE;
  if (!st_role_parse_list (user->roles, &roles, error))
    {
      st_password_keys_clear (&keys);
      st_user_record_free (user);
      return FALSE;
    }
  self->user = user;
  self->roles = roles;
  self->password_expired = password_is_expired (user);
  memcpy (self->kek, keys.kek, sizeof self->kek);
  self->have_kek = TRUE;
  self->locked = FALSE;
  st_password_keys_clear (&keys);
  return TRUE;
}

void
st_session_sign_out (StSession *self)
{
  g_return_if_fail (ST_IS_SESSION (self));

  forget_kek (self);
  g_clear_pointer (&self->user, st_user_record_free);
  self->roles = ST_ROLE_NONE;
  self->password_expired = FALSE;
  self->locked = FALSE;
}

gboolean
st_session_is_signed_in (StSession *self)
{
  return self->user != NULL;
}

const StUserRecord *
st_session_get_user (StSession *self)
{
  return self->user;
}

StRole
st_session_get_roles (StSession *self)
{
  return self->roles;
}

gboolean
st_session_has_role (StSession *self,
                     StRole     roles)
{
  return self->user != NULL && (self->roles & roles) != 0;
}

gboolean
st_session_password_expired (StSession *self)
{
  return self->password_expired;
}

static gboolean
require_full (StSession            *self,
              StRole                roles,
              const char           *what,
              StSessionBeginFlags   flags,
              GError              **error)
{
  if (self->user == NULL)
    {
      g_set_error (error, ST_AUTH_ERROR, ST_AUTH_ERROR_NOT_SIGNED_IN,
                   _("%s: sign in first"), what);
      return FALSE;
    }
  if (self->locked)
    {
      g_set_error (error, ST_AUTH_ERROR, ST_AUTH_ERROR_NOT_SIGNED_IN,
                   _("%s: the session is locked; enter the password to continue"), what);
      return FALSE;
    }
  if (self->password_expired && !(flags & ST_SESSION_BEGIN_ALLOW_EXPIRED))
    {
      g_set_error (error, ST_AUTH_ERROR, ST_AUTH_ERROR_EXPIRED,
                   _("password: the password of %s has expired or was reset; change it first (stromactl user passwd)"),
                   self->user->username);
      return FALSE;
    }
  if (roles != ST_ROLE_NONE && (self->roles & roles) == 0)
    {
      g_autofree char *needed = st_role_list_to_string (roles);
      g_auto(GStrv) needed_list = g_strsplit (needed, ",", -1);
      g_autofree char *needed_words = g_strjoinv (_(" or "), needed_list);
      g_set_error (error, ST_AUTH_ERROR, ST_AUTH_ERROR_ROLE,
                   _("%s: needs the %s role; %s has %s"),
                   what, needed_words, self->user->username, self->user->roles);
      return FALSE;
    }
  return TRUE;
}

gboolean
st_session_require (StSession   *self,
                    StRole       roles,
                    const char  *what,
                    GError     **error)
{
  return require_full (self, roles, what, ST_SESSION_BEGIN_DEFAULT, error);
}

gboolean
st_session_begin_full (StSession            *self,
                       StRole                roles,
                       const char           *what,
                       StSessionBeginFlags   flags,
                       GError              **error)
{
  g_autoptr(StUserRecord) current = NULL;
  g_autoptr(GError) local = NULL;
  StRole current_roles = ST_ROLE_NONE;

  g_return_val_if_fail (ST_IS_SESSION (self), FALSE);
  g_return_val_if_fail (!self->writing && !self->reading, FALSE);

  if (!require_full (self, roles, what, flags, error))
    return FALSE;
  if (self->batch)
    {
      /* Inside a batch every change joins the one open transaction. */
      if (self->batch_failed)
        {
          g_set_error (error, ST_DB_ERROR, ST_DB_ERROR_FAILED,
                       _("%s: an earlier change of this batch failed; nothing will be written"), what);
          return FALSE;
        }
      g_free (self->now);
      self->now = utc_now ();
      self->writing = TRUE;
      return TRUE;
    }
  if (!st_db_begin (self->db, error))
    return FALSE;
  if (!st_audit_writer_start (self->audit, self->db, error))
    goto fail;

  /* The account may have been disabled, locked or changed since sign-in. */
  current = st_store_users_get (self->db, self->user->id, &local);
  if (current == NULL)
    {
      if (local != NULL)
        g_propagate_error (error, g_steal_pointer (&local));
      else
        g_set_error (error, ST_AUTH_ERROR, ST_AUTH_ERROR_DISABLED,
                     _("user: %s no longer exists"), self->user->username);
      goto fail;
    }
  if (!refuse_unusable_account (self, current, error)
      || !st_role_parse_list (current->roles, &current_roles, error))
    goto fail;
  self->roles = current_roles;
  /* A password that expired (or was reset) while the session was open. */
  self->password_expired = password_is_expired (current);
  if (!require_full (self, roles, what, flags, error))
    goto fail;

  g_free (self->now);
  self->now = utc_now ();
  self->writing = TRUE;
  return TRUE;

fail:
  st_audit_writer_abandon (self->audit);
  st_db_rollback (self->db);
  return FALSE;
}

gboolean
st_session_begin (StSession   *self,
                  StRole       roles,
                  const char  *what,
                  GError     **error)
{
  return st_session_begin_full (self, roles, what, ST_SESSION_BEGIN_DEFAULT, error);
}

gboolean
st_session_commit (StSession  *self,
                   GError    **error)
{
  g_return_val_if_fail (self->writing, FALSE);

  self->writing = FALSE;
  if (self->batch)
    return TRUE;
  if (!st_audit_writer_finish (self->audit, self->db, error)
      || !st_db_commit (self->db, error))
    {
      st_audit_writer_abandon (self->audit);
      st_db_rollback (self->db);
      return FALSE;
    }
  g_signal_emit (self, signals[SIGNAL_COMMITTED], 0);
  return TRUE;
}

void
st_session_rollback (StSession *self)
{
  if (!self->writing)
    return;
  self->writing = FALSE;
  if (self->batch)
    {
      /* What the failed change wrote cannot be taken back alone. */
      self->batch_failed = TRUE;
      return;
    }
  st_audit_writer_abandon (self->audit);
  st_db_rollback (self->db);
}

const char *
st_session_now (StSession *self)
{
  g_return_val_if_fail (self->writing, NULL);
  return self->now;
}

gboolean
st_session_audit (StSession            *self,
                  const StAuditChange  *change,
                  GError              **error)
{
  g_return_val_if_fail (self->writing, FALSE);
  return st_audit_writer_append (self->audit, self->db, self->now, self->user->username, change, error);
}

gint64
st_session_audit_head_seq (StSession *self)
{
  return st_audit_writer_head_seq (self->audit);
}

const char *
st_session_audit_head_hash (StSession *self)
{
  return st_audit_writer_head_hash (self->audit);
}

gboolean
st_session_begin_read (StSession  *self,
                       GError    **error)
{
  g_return_val_if_fail (!self->writing && !self->reading, FALSE);

  if (!require_full (self, ST_ROLE_NONE, _("reading records"), ST_SESSION_BEGIN_DEFAULT, error))
    return FALSE;
  if (!self->batch && !st_db_begin_read (self->db, error))
    return FALSE;
  self->reading = TRUE;
  return TRUE;
}

void
st_session_end_read (StSession *self)
{
  if (!self->reading)
    return;
  self->reading = FALSE;
  if (!self->batch)
    st_db_rollback (self->db);
}

gboolean
st_session_confirm_password (StSession       *self,
                             const char      *password,
                             StPasswordKeys  *keys,
                             GError         **error)
{
  StPasswordKeys local_keys = { 0 };
  g_autoptr(StUserRecord) user = NULL;

  g_return_val_if_fail (ST_IS_SESSION (self), FALSE);

  if (self->user == NULL)
    {
      g_set_error (error, ST_AUTH_ERROR, ST_AUTH_ERROR_NOT_SIGNED_IN, _("password: sign in first"));
      return FALSE;
    }
  user = check_password (self, self->user->username, password, &local_keys, error);
  if (user == NULL)
    return FALSE;
  if (keys != NULL)
    *keys = local_keys;
  st_password_keys_clear (&local_keys);
  return TRUE;
}

const guint8 *
st_session_get_kek (StSession *self)
{
  return self->have_kek ? self->kek : NULL;
}

void
st_session_set_kek (StSession    *self,
                    const guint8 *kek)
{
  memcpy (self->kek, kek, sizeof self->kek);
  self->have_kek = TRUE;
}

void
st_session_lock (StSession *self)
{
  forget_kek (self);
  self->locked = TRUE;
}

gboolean
st_session_unlock (StSession   *self,
                   const char  *password,
                   GError     **error)
{
  StPasswordKeys keys = { 0 };

  if (!st_session_confirm_password (self, password, &keys, error))
    return FALSE;
  st_session_set_kek (self, keys.kek);
  st_password_keys_clear (&keys);
  self->locked = FALSE;
  return TRUE;
}

gboolean
st_session_is_locked (StSession *self)
{
  return self->locked;
}

gboolean
st_session_refresh_user (StSession  *self,
                         GError    **error)
{
  g_autoptr(GError) local = NULL;
  StUserRecord *user;
  StRole roles = ST_ROLE_NONE;

  g_return_val_if_fail (self->user != NULL, FALSE);

  user = st_store_users_get (self->db, self->user->id, &local);
  if (user == NULL)
    {
      if (local != NULL)
        g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  if (!st_role_parse_list (user->roles, &roles, error))
    {
      st_user_record_free (user);
      return FALSE;
    }
  st_user_record_free (self->user);
  self->user = user;
  self->roles = roles;
  self->password_expired = password_is_expired (user);
  return TRUE;
}

gboolean
st_session_adopt (StSession     *self,
                  const char    *username,
                  const guint8  *kek,
                  GError       **error)
{
  g_autoptr(GError) local = NULL;
  StUserRecord *user;
  StRole roles = ST_ROLE_NONE;

  st_session_sign_out (self);
  user = st_store_users_find (self->db, username, &local);
  if (user == NULL)
    {
      if (local != NULL)
        g_propagate_error (error, g_steal_pointer (&local));
      else
        g_set_error (error, ST_AUTH_ERROR, ST_AUTH_ERROR_WRONG_PASSWORD,
                     _("user: %s does not exist"), username);
      return FALSE;
    }
  if (!st_role_parse_list (user->roles, &roles, error))
    {
      st_user_record_free (user);
      return FALSE;
    }
  self->user = user;
  self->roles = roles;
  self->password_expired = password_is_expired (user);
  st_session_set_kek (self, kek);
  return TRUE;
}

gboolean
st_session_begin_batch (StSession  *self,
                        GError    **error)
{
  g_return_val_if_fail (!self->writing && !self->reading && !self->batch, FALSE);

  /* A batch dirties far more pages than SQLite's default cache holds; pages
   * that spill are written to the journal twice. */
  st_db_set_cache_size (self->db, BATCH_CACHE_KIB);
  if (!st_db_begin (self->db, error))
    return FALSE;
  if (!st_audit_writer_start (self->audit, self->db, error))
    {
      st_db_rollback (self->db);
      return FALSE;
    }
  self->batch = TRUE;
  self->batch_failed = FALSE;
  return TRUE;
}

gboolean
st_session_end_batch (StSession  *self,
                      GError    **error)
{
  g_return_val_if_fail (self->batch && !self->writing, FALSE);

  self->batch = FALSE;
  if (self->batch_failed)
    {
      st_audit_writer_abandon (self->audit);
      st_db_rollback (self->db);
      g_set_error (error, ST_DB_ERROR, ST_DB_ERROR_FAILED, _("database: a change in the batch failed; nothing was written"));
      return FALSE;
    }
  if (!st_audit_writer_finish (self->audit, self->db, error) || !st_db_commit (self->db, error))
    {
      st_audit_writer_abandon (self->audit);
      st_db_rollback (self->db);
      return FALSE;
    }
  g_signal_emit (self, signals[SIGNAL_COMMITTED], 0);
  return TRUE;
}

void
st_session_abandon_batch (StSession *self)
{
  if (!self->batch)
    return;
  self->batch = FALSE;
  self->writing = FALSE;
  st_audit_writer_abandon (self->audit);
  st_db_rollback (self->db);
}
