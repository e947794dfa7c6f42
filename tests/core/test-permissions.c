/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "core-fixture.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <string.h>

#include "st-backup.h"
#include "st-deviations.h"
#include "st-donors.h"
#include "st-export.h"
#include "st-keys.h"
#include "st-lots.h"
#include "st-pki.h"
#include "st-session-private.h"
#include "st-site.h"
#include "st-specs.h"
#include "st-users-private.h"
#include "st-workflow.h"

/*
 * Every state-changing core function against every role and every lot
 * state: the core's own answer, whatever a window would have offered.  A
 * row {action, role, expected outcome in each lot state} stands for one
 * call per state on a copy of a site whose lots are in that state; a
 * refusal must change nothing (no audit entry but a recorded sign-in
 * attempt, no lot status), an acceptance must be audited and leave the
 * trail intact.
 *
 * The actors are the fixture's operator, reviewer, qp and admin, a user
 * holding every role whose account was disabled while signed in, and a
 * session nobody signed in to.  So that the many signatures stay cheap,
 * every user's password is made anew with FAST_ITERATIONS rounds (the
 * count is stored per user and honoured at every check).
 */

#define FAST_PASSWORD "Permissions-test-1"
#define FAST_ITERATIONS 1000
#define NEW_PASSWORD "Permissions-new-pass-2"
#define P12_PASSPHRASE "outside-ca-passphrase"

typedef enum {
  AS_OPERATOR,
  AS_REVIEWER,
  AS_QP,
  AS_ADMIN,
  AS_DISABLED,              /* every role, disabled after sign-in */
  AS_NOBODY,                /* a session nobody signed in to */
  N_ACTORS
} Actor;

static const char *const actor_names[N_ACTORS] = {
  "operator", "reviewer", "qp", "admin", "disabled", "nobody",
};
/* The users behind the actors (the last has none). */
static const char *const actor_users[N_ACTORS] = {
  "operator", "reviewer", "qp", "admin", "multi", NULL,
};

typedef enum {
  S_OPEN,
  S_IN_REVIEW,
  S_REVIEWED,
  S_RELEASED,
  S_RELEASED_INITIAL,
  S_RELEASED_EXCEPTIONAL,
  S_REJECTED,
  N_STATES
} State;

static const char *const state_names[N_STATES] = {
  "open", "in_review", "reviewed", "released", "released_initial", "released_exceptional", "rejected",
};

typedef enum {
  OK,
  ROLE,                     /* auth 305: the role is missing */
  DISABLED,                 /* auth 302: the account is disabled */
  NOBODY,                   /* auth 304: nobody signed in */
  STATE,                    /* workflow 300: the lot's state does not allow it */
  LOCKED,                   /* lots 300: the lot's data are locked */
  NO_KEY,                   /* signing 300: no signing certificate */
  N_OUTCOMES
} Outcome;

static const char *const outcome_names[N_OUTCOMES] = {
  "accepted", "role", "disabled", "nobody", "state", "locked", "no-key",
};

/* Lot actions act on the lot of their kind in the state's site. */
typedef enum {
  LOT_MAIN,                 /* complete and conforming */
  LOT_STAGED,               /* sterility (may be pending) not yet in */
  LOT_OOS,                  /* viability out of specification, a closed deviation */
  N_KINDS
} LotKind;

typedef enum {
  ACT_PASSAGE_ADD,
  ACT_RESULT_RECORD,
  ACT_RESULT_CORRECT,
  ACT_RESULTS_SAVE,
  ACT_SUBMIT,
  ACT_REVIEW,
  ACT_REJECT,
  ACT_RELEASE,
  ACT_RELEASE_INITIAL,
  ACT_RELEASE_EXCEPTIONAL,
  ACT_DEVIATION_OPEN,
  ACT_DEVIATION_CLOSE,
  N_LOT_ACTIONS,
  /* Not about one lot: tried in the open state only. */
  ACT_LOT_CREATE = N_LOT_ACTIONS,
  ACT_DONOR_ADD,
  ACT_DONOR_TEST,
  ACT_SPEC_IMPORT,
  ACT_SPEC_APPROVE,
  ACT_USER_ADD,
  ACT_USER_DISABLE,
  ACT_USER_ENABLE,
  ACT_USER_UNLOCK,
  ACT_USER_RESET,
  ACT_USER_ROLES,
  ACT_OWN_PASSWORD,
  ACT_PKI_IMPORT,
  ACT_EXPORT,
  ACT_EXPORT_SIGNED,
  ACT_BACKUP,
  N_ACTIONS
} Action;

static const struct {
  const char *name;
  LotKind kind;
} actions[N_ACTIONS] = {
  [ACT_PASSAGE_ADD] = { "passage-add", LOT_MAIN },
  [ACT_RESULT_RECORD] = { "result-record", LOT_STAGED },
  [ACT_RESULT_CORRECT] = { "result-correct", LOT_MAIN },
  [ACT_RESULTS_SAVE] = { "results-save", LOT_MAIN },
  [ACT_SUBMIT] = { "submit", LOT_MAIN },
  [ACT_REVIEW] = { "review", LOT_MAIN },
  [ACT_REJECT] = { "reject", LOT_MAIN },
  [ACT_RELEASE] = { "release", LOT_MAIN },
  [ACT_RELEASE_INITIAL] = { "release-initial", LOT_STAGED },
  [ACT_RELEASE_EXCEPTIONAL] = { "release-exceptional", LOT_OOS },
  [ACT_DEVIATION_OPEN] = { "deviation-open", LOT_MAIN },
  [ACT_DEVIATION_CLOSE] = { "deviation-close", LOT_MAIN },
  [ACT_LOT_CREATE] = { "lot-create" },
  [ACT_DONOR_ADD] = { "donor-add" },
  [ACT_DONOR_TEST] = { "donor-test" },
  [ACT_SPEC_IMPORT] = { "spec-import" },
  [ACT_SPEC_APPROVE] = { "spec-approve" },
  [ACT_USER_ADD] = { "user-add" },
  [ACT_USER_DISABLE] = { "user-disable" },
  [ACT_USER_ENABLE] = { "user-enable" },
  [ACT_USER_UNLOCK] = { "user-unlock" },
  [ACT_USER_RESET] = { "user-reset" },
  [ACT_USER_ROLES] = { "user-roles" },
  [ACT_OWN_PASSWORD] = { "own-password" },
  [ACT_PKI_IMPORT] = { "pki-import" },
  [ACT_EXPORT] = { "export" },
  [ACT_EXPORT_SIGNED] = { "export-signed" },
  [ACT_BACKUP] = { "backup" },
};

/* {action, role, expected outcome in the states open, in_review, reviewed,
 * released, released_initial, released_exceptional, rejected}.  Actions
 * that are not about a lot give one outcome, for any state. */
#define ALL(o) { o, o, o, o, o, o, o }
typedef struct {
  Action action;
  Actor actor;
  Outcome expected[N_STATES];
} Row;

static const Row rows[] = {
  /* Data entry: operators; locked once released (a staged release still
   * takes its pending sterility result). */
  { ACT_PASSAGE_ADD, AS_OPERATOR, { OK, OK, OK, LOCKED, LOCKED, LOCKED, LOCKED } },
  { ACT_PASSAGE_ADD, AS_REVIEWER, ALL (ROLE) },
  { ACT_PASSAGE_ADD, AS_QP, ALL (ROLE) },
  { ACT_PASSAGE_ADD, AS_ADMIN, ALL (ROLE) },
  { ACT_PASSAGE_ADD, AS_DISABLED, ALL (DISABLED) },
  { ACT_PASSAGE_ADD, AS_NOBODY, ALL (NOBODY) },
  { ACT_RESULT_RECORD, AS_OPERATOR, { OK, OK, OK, LOCKED, OK, LOCKED, LOCKED } },
  { ACT_RESULT_RECORD, AS_REVIEWER, ALL (ROLE) },
  { ACT_RESULT_RECORD, AS_QP, ALL (ROLE) },
  { ACT_RESULT_RECORD, AS_ADMIN, ALL (ROLE) },
  { ACT_RESULT_RECORD, AS_DISABLED, ALL (DISABLED) },
  { ACT_RESULT_RECORD, AS_NOBODY, ALL (NOBODY) },
  { ACT_RESULT_CORRECT, AS_OPERATOR, { OK, OK, OK, LOCKED, LOCKED, LOCKED, LOCKED } },
  { ACT_RESULT_CORRECT, AS_REVIEWER, ALL (ROLE) },
  { ACT_RESULT_CORRECT, AS_QP, ALL (ROLE) },
  { ACT_RESULT_CORRECT, AS_ADMIN, ALL (ROLE) },
  { ACT_RESULT_CORRECT, AS_DISABLED, ALL (DISABLED) },
  { ACT_RESULT_CORRECT, AS_NOBODY, ALL (NOBODY) },
  { ACT_RESULTS_SAVE, AS_OPERATOR, { OK, OK, OK, LOCKED, LOCKED, LOCKED, LOCKED } },
  { ACT_RESULTS_SAVE, AS_REVIEWER, ALL (ROLE) },
  { ACT_RESULTS_SAVE, AS_QP, ALL (ROLE) },
  { ACT_RESULTS_SAVE, AS_ADMIN, ALL (ROLE) },
  { ACT_RESULTS_SAVE, AS_DISABLED, ALL (DISABLED) },
  { ACT_RESULTS_SAVE, AS_NOBODY, ALL (NOBODY) },

  /* The life cycle. */
  { ACT_SUBMIT, AS_OPERATOR, { OK, STATE, STATE, STATE, STATE, STATE, STATE } },
  { ACT_SUBMIT, AS_REVIEWER, ALL (ROLE) },
  { ACT_SUBMIT, AS_QP, ALL (ROLE) },
  { ACT_SUBMIT, AS_ADMIN, ALL (ROLE) },
  { ACT_SUBMIT, AS_DISABLED, ALL (DISABLED) },
  { ACT_SUBMIT, AS_NOBODY, ALL (NOBODY) },
  { ACT_REVIEW, AS_OPERATOR, ALL (ROLE) },
  { ACT_REVIEW, AS_REVIEWER, { STATE, OK, STATE, STATE, STATE, STATE, STATE } },
  { ACT_REVIEW, AS_QP, ALL (ROLE) },
  { ACT_REVIEW, AS_ADMIN, ALL (ROLE) },
  { ACT_REVIEW, AS_DISABLED, ALL (DISABLED) },
  { ACT_REVIEW, AS_NOBODY, ALL (NOBODY) },
  { ACT_REJECT, AS_OPERATOR, ALL (ROLE) },
  { ACT_REJECT, AS_REVIEWER, { OK, OK, OK, STATE, STATE, STATE, STATE } },
  { ACT_REJECT, AS_QP, { OK, OK, OK, STATE, STATE, STATE, STATE } },
  { ACT_REJECT, AS_ADMIN, ALL (ROLE) },
  { ACT_REJECT, AS_DISABLED, ALL (DISABLED) },
  { ACT_REJECT, AS_NOBODY, ALL (NOBODY) },
  /* On a released_initial lot a full release is the final certification. */
  { ACT_RELEASE, AS_OPERATOR, ALL (ROLE) },
  { ACT_RELEASE, AS_REVIEWER, ALL (ROLE) },
  { ACT_RELEASE, AS_QP, { STATE, STATE, OK, STATE, OK, STATE, STATE } },
  { ACT_RELEASE, AS_ADMIN, ALL (ROLE) },
  { ACT_RELEASE, AS_DISABLED, ALL (DISABLED) },
  { ACT_RELEASE, AS_NOBODY, ALL (NOBODY) },
  { ACT_RELEASE_INITIAL, AS_OPERATOR, ALL (ROLE) },
  { ACT_RELEASE_INITIAL, AS_REVIEWER, ALL (ROLE) },
  { ACT_RELEASE_INITIAL, AS_QP, { STATE, STATE, OK, STATE, STATE, STATE, STATE } },
  { ACT_RELEASE_INITIAL, AS_ADMIN, ALL (ROLE) },
  { ACT_RELEASE_INITIAL, AS_DISABLED, ALL (DISABLED) },
  { ACT_RELEASE_INITIAL, AS_NOBODY, ALL (NOBODY) },
  { ACT_RELEASE_EXCEPTIONAL, AS_OPERATOR, ALL (ROLE) },
  { ACT_RELEASE_EXCEPTIONAL, AS_REVIEWER, ALL (ROLE) },
  { ACT_RELEASE_EXCEPTIONAL, AS_QP, { STATE, STATE, OK, STATE, STATE, STATE, STATE } },
  { ACT_RELEASE_EXCEPTIONAL, AS_ADMIN, ALL (ROLE) },
  { ACT_RELEASE_EXCEPTIONAL, AS_DISABLED, ALL (DISABLED) },
  { ACT_RELEASE_EXCEPTIONAL, AS_NOBODY, ALL (NOBODY) },

  /* Deviations are raised and closed in any state, released lots too. */
  { ACT_DEVIATION_OPEN, AS_OPERATOR, ALL (OK) },
  { ACT_DEVIATION_OPEN, AS_REVIEWER, ALL (OK) },
  { ACT_DEVIATION_OPEN, AS_QP, ALL (OK) },
  { ACT_DEVIATION_OPEN, AS_ADMIN, ALL (ROLE) },
  { ACT_DEVIATION_OPEN, AS_DISABLED, ALL (DISABLED) },
  { ACT_DEVIATION_OPEN, AS_NOBODY, ALL (NOBODY) },
  { ACT_DEVIATION_CLOSE, AS_OPERATOR, ALL (ROLE) },
  { ACT_DEVIATION_CLOSE, AS_REVIEWER, ALL (OK) },
  { ACT_DEVIATION_CLOSE, AS_QP, ALL (OK) },
  { ACT_DEVIATION_CLOSE, AS_ADMIN, ALL (ROLE) },
  { ACT_DEVIATION_CLOSE, AS_DISABLED, ALL (DISABLED) },
  { ACT_DEVIATION_CLOSE, AS_NOBODY, ALL (NOBODY) },

  /* Records that are not a lot's. */
  { ACT_LOT_CREATE, AS_OPERATOR, ALL (OK) },
  { ACT_LOT_CREATE, AS_REVIEWER, ALL (ROLE) },
  { ACT_LOT_CREATE, AS_QP, ALL (ROLE) },
  { ACT_LOT_CREATE, AS_ADMIN, ALL (ROLE) },
  { ACT_LOT_CREATE, AS_DISABLED, ALL (DISABLED) },
  { ACT_LOT_CREATE, AS_NOBODY, ALL (NOBODY) },
  { ACT_DONOR_ADD, AS_OPERATOR, ALL (OK) },
  { ACT_DONOR_ADD, AS_REVIEWER, ALL (ROLE) },
  { ACT_DONOR_ADD, AS_QP, ALL (ROLE) },
  { ACT_DONOR_ADD, AS_ADMIN, ALL (ROLE) },
  { ACT_DONOR_ADD, AS_DISABLED, ALL (DISABLED) },
  { ACT_DONOR_ADD, AS_NOBODY, ALL (NOBODY) },
  { ACT_DONOR_TEST, AS_OPERATOR, ALL (OK) },
  { ACT_DONOR_TEST, AS_REVIEWER, ALL (ROLE) },
  { ACT_DONOR_TEST, AS_QP, ALL (ROLE) },
  { ACT_DONOR_TEST, AS_ADMIN, ALL (ROLE) },
  { ACT_DONOR_TEST, AS_DISABLED, ALL (DISABLED) },
  { ACT_DONOR_TEST, AS_NOBODY, ALL (NOBODY) },
  { ACT_SPEC_IMPORT, AS_OPERATOR, ALL (ROLE) },
  { ACT_SPEC_IMPORT, AS_REVIEWER, ALL (ROLE) },
  { ACT_SPEC_IMPORT, AS_QP, ALL (ROLE) },
  { ACT_SPEC_IMPORT, AS_ADMIN, ALL (OK) },
  { ACT_SPEC_IMPORT, AS_DISABLED, ALL (DISABLED) },
  { ACT_SPEC_IMPORT, AS_NOBODY, ALL (NOBODY) },
  { ACT_SPEC_APPROVE, AS_OPERATOR, ALL (ROLE) },
  { ACT_SPEC_APPROVE, AS_REVIEWER, ALL (ROLE) },
  { ACT_SPEC_APPROVE, AS_QP, ALL (OK) },
  { ACT_SPEC_APPROVE, AS_ADMIN, ALL (ROLE) },
  { ACT_SPEC_APPROVE, AS_DISABLED, ALL (DISABLED) },
  { ACT_SPEC_APPROVE, AS_NOBODY, ALL (NOBODY) },

  /* Accounts: administrators; one's own password: anyone signed in. */
  { ACT_USER_ADD, AS_OPERATOR, ALL (ROLE) },
  { ACT_USER_ADD, AS_REVIEWER, ALL (ROLE) },
  { ACT_USER_ADD, AS_QP, ALL (ROLE) },
  { ACT_USER_ADD, AS_ADMIN, ALL (OK) },
  { ACT_USER_ADD, AS_DISABLED, ALL (DISABLED) },
  { ACT_USER_ADD, AS_NOBODY, ALL (NOBODY) },
  { ACT_USER_DISABLE, AS_OPERATOR, ALL (ROLE) },
  { ACT_USER_DISABLE, AS_REVIEWER, ALL (ROLE) },
  { ACT_USER_DISABLE, AS_QP, ALL (ROLE) },
  { ACT_USER_DISABLE, AS_ADMIN, ALL (OK) },
  { ACT_USER_DISABLE, AS_DISABLED, ALL (DISABLED) },
  { ACT_USER_DISABLE, AS_NOBODY, ALL (NOBODY) },
  { ACT_USER_ENABLE, AS_OPERATOR, ALL (ROLE) },
  { ACT_USER_ENABLE, AS_REVIEWER, ALL (ROLE) },
  { ACT_USER_ENABLE, AS_QP, ALL (ROLE) },
  { ACT_USER_ENABLE, AS_ADMIN, ALL (OK) },
  /* A disabled user cannot enable their own account. */
  { ACT_USER_ENABLE, AS_DISABLED, ALL (DISABLED) },
  { ACT_USER_ENABLE, AS_NOBODY, ALL (NOBODY) },
  { ACT_USER_UNLOCK, AS_OPERATOR, ALL (ROLE) },
  { ACT_USER_UNLOCK, AS_REVIEWER, ALL (ROLE) },
  { ACT_USER_UNLOCK, AS_QP, ALL (ROLE) },
  { ACT_USER_UNLOCK, AS_ADMIN, ALL (OK) },
  { ACT_USER_UNLOCK, AS_DISABLED, ALL (DISABLED) },
  { ACT_USER_UNLOCK, AS_NOBODY, ALL (NOBODY) },
  { ACT_USER_RESET, AS_OPERATOR, ALL (ROLE) },
  { ACT_USER_RESET, AS_REVIEWER, ALL (ROLE) },
  { ACT_USER_RESET, AS_QP, ALL (ROLE) },
  { ACT_USER_RESET, AS_ADMIN, ALL (OK) },
  { ACT_USER_RESET, AS_DISABLED, ALL (DISABLED) },
  { ACT_USER_RESET, AS_NOBODY, ALL (NOBODY) },
  { ACT_USER_ROLES, AS_OPERATOR, ALL (ROLE) },
  { ACT_USER_ROLES, AS_REVIEWER, ALL (ROLE) },
  { ACT_USER_ROLES, AS_QP, ALL (ROLE) },
  { ACT_USER_ROLES, AS_ADMIN, ALL (OK) },
  { ACT_USER_ROLES, AS_DISABLED, ALL (DISABLED) },
  { ACT_USER_ROLES, AS_NOBODY, ALL (NOBODY) },
  { ACT_OWN_PASSWORD, AS_OPERATOR, ALL (OK) },
  { ACT_OWN_PASSWORD, AS_REVIEWER, ALL (OK) },
  { ACT_OWN_PASSWORD, AS_QP, ALL (OK) },
  { ACT_OWN_PASSWORD, AS_ADMIN, ALL (OK) },
  { ACT_OWN_PASSWORD, AS_DISABLED, ALL (DISABLED) },
  { ACT_OWN_PASSWORD, AS_NOBODY, ALL (NOBODY) },

  /* Keys, exports and backups. */
  { ACT_PKI_IMPORT, AS_OPERATOR, ALL (OK) },
  { ACT_PKI_IMPORT, AS_REVIEWER, ALL (OK) },
  { ACT_PKI_IMPORT, AS_QP, ALL (OK) },
  { ACT_PKI_IMPORT, AS_ADMIN, ALL (OK) },
  { ACT_PKI_IMPORT, AS_DISABLED, ALL (DISABLED) },
  { ACT_PKI_IMPORT, AS_NOBODY, ALL (NOBODY) },
  { ACT_EXPORT, AS_OPERATOR, ALL (OK) },
  { ACT_EXPORT, AS_REVIEWER, ALL (OK) },
  { ACT_EXPORT, AS_QP, ALL (OK) },
  { ACT_EXPORT, AS_ADMIN, ALL (OK) },
  { ACT_EXPORT, AS_DISABLED, ALL (DISABLED) },
  { ACT_EXPORT, AS_NOBODY, ALL (NOBODY) },
  { ACT_EXPORT_SIGNED, AS_OPERATOR, ALL (NO_KEY) },
  { ACT_EXPORT_SIGNED, AS_REVIEWER, ALL (OK) },
  { ACT_EXPORT_SIGNED, AS_QP, ALL (OK) },
  { ACT_EXPORT_SIGNED, AS_ADMIN, ALL (NO_KEY) },
  { ACT_EXPORT_SIGNED, AS_DISABLED, ALL (DISABLED) },
  { ACT_EXPORT_SIGNED, AS_NOBODY, ALL (NOBODY) },
  { ACT_BACKUP, AS_OPERATOR, ALL (ROLE) },
  { ACT_BACKUP, AS_REVIEWER, ALL (ROLE) },
  { ACT_BACKUP, AS_QP, ALL (ROLE) },
  { ACT_BACKUP, AS_ADMIN, ALL (OK) },
  { ACT_BACKUP, AS_DISABLED, ALL (DISABLED) },
  { ACT_BACKUP, AS_NOBODY, ALL (NOBODY) },
};

/* The sites the rows start from, one per lot state, made once. */
static struct {
  char *dir;
  char *template_path[N_STATES];
  /* The lot of each kind in each state's site, and the deviations there. */
  const char *lot[N_STATES][N_KINDS];
  gint64 oos_deviation;
  gint64 open_deviation[N_STATES];
  guint8 kek[N_ACTORS][ST_KEY_LENGTH];
  GBytes *p12;
  guint copies;
} perm;

/* A copy of a state's site with a session per actor. */
typedef struct {
  char *path;
  sqlite3 *sql;
  StSession *as[N_ACTORS];
} Copy;

static char *
blob_hex (GBytes *bytes)
{
  gsize size = 0;
  const guint8 *data = g_bytes_get_data (bytes, &size);
  g_autofree char *hex = st_crypto_hex (data, size);

  return g_strdup_printf ("X'%s'", hex);
}

static GBytes *
sql_blob (sqlite3    *sql,
          const char *query)
{
  sqlite3_stmt *stmt = NULL;
  GBytes *bytes = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (sql, query, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_type (stmt, 0) == SQLITE_BLOB)
    bytes = g_bytes_new (sqlite3_column_blob (stmt, 0), sqlite3_column_bytes (stmt, 0));
  sqlite3_finalize (stmt);
  return bytes;
}

/* @username's password becomes FAST_PASSWORD with FAST_ITERATIONS rounds:
 * the stored verifier, the signing key and (administrators) the CA key's
 * wrap are made for it, behind the core's back but exactly as it keeps them.
 * None of these are fields the audit trail replays. */
static void
make_password_fast (CoreSite     *site,
                    const char   *username,
                    const guint8 *old_kek,
                    guint8        new_kek[ST_KEY_LENGTH])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *context = g_strconcat ("user-key:", username, NULL);
  g_autofree char *query = NULL;
  g_autofree char *salt_hex = NULL;
  g_autofree char *verifier_hex = NULL;
  g_autoptr(GBytes) salt = NULL;
  g_autoptr(GBytes) verifier = NULL;
  g_autoptr(GBytes) sealed = NULL;
  g_autoptr(GBytes) wrap = NULL;
  StPasswordKeys keys = { 0 };
  guint8 salt_bytes[ST_AUTH_SALT_LENGTH];

  g_assert_true (st_crypto_random (salt_bytes, sizeof salt_bytes, &error));
  st_auth_derive (FAST_PASSWORD, salt_bytes, sizeof salt_bytes, FAST_ITERATIONS, &keys, &error);
  g_assert_no_error (error);
  salt = g_bytes_new (keys.salt, sizeof keys.salt);
  verifier = g_bytes_new (keys.verifier, sizeof keys.verifier);
  salt_hex = blob_hex (salt);
  verifier_hex = blob_hex (verifier);
  query = g_strdup_printf ("UPDATE users SET pw_salt = %s, pw_iterations = %d, pw_verifier = %s "
                           "WHERE username = '%s'", salt_hex, FAST_ITERATIONS, verifier_hex, username);
  core_sql_exec (site, query);

  g_free (query);
  query = g_strdup_printf ("SELECT k.key_sealed FROM user_keys k JOIN users u ON u.id = k.user_id "
                           "WHERE u.username = '%s' AND k.active = 1", username);
  sealed = sql_blob (site->sql, query);
  if (sealed != NULL)
    {
      g_autoptr(GBytes) plain = st_crypto_open (old_kek, sealed, context, &error);
      g_autoptr(GBytes) resealed = NULL;
      g_autofree char *hex = NULL;

      g_assert_no_error (error);
      resealed = st_crypto_seal (keys.kek, g_bytes_get_data (plain, NULL), g_bytes_get_size (plain),
                                 context, &error);
      g_assert_no_error (error);
      hex = blob_hex (resealed);
      g_free (query);
      query = g_strdup_printf ("UPDATE user_keys SET key_sealed = %s WHERE active = 1 AND user_id = "
                               "(SELECT id FROM users WHERE username = '%s')", hex, username);
      core_sql_exec (site, query);
    }

  g_free (query);
  query = g_strdup_printf ("SELECT ca_key_wrap FROM users WHERE username = '%s'", username);
  wrap = sql_blob (site->sql, query);
  if (wrap != NULL)
    {
      /* The administrator's session still holds the old key: it opens the CA key's key. */
      g_autoptr(GBytes) rewrapped = st_site_wrap_ca_for (site->admin, username, keys.kek, &error);
      g_autofree char *hex = NULL;

      g_assert_no_error (error);
      hex = blob_hex (rewrapped);
      g_free (query);
      query = g_strdup_printf ("UPDATE users SET ca_key_wrap = %s WHERE username = '%s'", hex, username);
      core_sql_exec (site, query);
    }
  memcpy (new_kek, keys.kek, ST_KEY_LENGTH);
  st_password_keys_clear (&keys);
}

static StSession *
open_as (const char *path,
         Actor       actor)
{
  g_autoptr(GError) error = NULL;
  StSession *session = st_session_open (path, &error);

  g_assert_no_error (error);
  if (actor_users[actor] != NULL)
    {
      st_session_adopt (session, actor_users[actor], perm.kek[actor], &error);
      g_assert_no_error (error);
    }
  return session;
}

static void
copy_free (Copy *copy)
{
  g_autofree char *wal = NULL;
  g_autofree char *shm = NULL;

  if (copy == NULL)
    return;
  for (guint i = 0; i < N_ACTORS; i++)
    g_clear_object (&copy->as[i]);
  sqlite3_close (copy->sql);
  wal = g_strconcat (copy->path, "-wal", NULL);
  shm = g_strconcat (copy->path, "-shm", NULL);
  g_remove (copy->path);
  g_remove (wal);
  g_remove (shm);
  g_free (copy->path);
  g_free (copy);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Copy, copy_free)

static Copy *
copy_new (State state)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) source = g_file_new_for_path (perm.template_path[state]);
  g_autoptr(GFile) target = NULL;
  g_autofree char *name = g_strdup_printf ("copy-%u.db", ++perm.copies);
  Copy *copy = g_new0 (Copy, 1);

  copy->path = g_build_filename (perm.dir, name, NULL);
  target = g_file_new_for_path (copy->path);
  g_file_copy (source, target, G_FILE_COPY_NONE, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < N_ACTORS; i++)
    copy->as[i] = open_as (copy->path, i);
  g_assert_cmpint (sqlite3_open_v2 (copy->path, &copy->sql, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (copy->sql, 5000);
  return copy;
}

static char *
copy_text (Copy       *copy,
           const char *query)
{
  sqlite3_stmt *stmt = NULL;
  char *text = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (copy->sql, query, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    text = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return text;
}

/* What a refused call must leave as it was: every audit entry but recorded
 * sign-in attempts, and the lots' states. */
static char *
copy_digest (Copy *copy)
{
  g_autofree char *audit = copy_text (copy, "SELECT count(*) || ' ' || coalesce(max(seq), 0) FROM audit_trail "
                                            "WHERE tbl <> 'sign-in' AND action NOT IN ('sign-in failed', 'sign-in refused')");
  g_autofree char *lots = copy_text (copy, "SELECT group_concat(lot_number || '=' || status, ' ') "
                                           "FROM (SELECT lot_number, status FROM lots ORDER BY id)");

  return g_strdup_printf ("audit %s; lots %s", audit, lots);
}

static void
copy_assert_intact (Copy *copy)
{
  g_autoptr(GError) error = NULL;
  StAuditReport report = { 0 };

  st_audit_verify (st_session_get_db (copy->as[AS_ADMIN]), &report, &error);
  g_assert_no_error (error);
  if (!report.intact)
    g_test_message ("audit trail: entry %" G_GINT64_FORMAT ": %s", report.first_bad, report.reason);
  g_assert_true (report.intact);
  st_audit_report_clear (&report);
}

static const char *
lot_of (State  state,
        Action action)
{
  return perm.lot[state][actions[action].kind];
}

/* One call of @action by @actor on @copy, whose lots are in @state. */
static gboolean
run (Copy     *copy,
     Action    action,
     Actor     actor,
     State     state,
     GError  **error)
{
  StSession *session = copy->as[actor];
  const char *lot = lot_of (state, action);
  g_autofree char *today = core_date (0);
  g_autofree char *out = g_build_filename (perm.dir, "out", NULL);

  switch (action)
    {
    case ACT_PASSAGE_ADD:
      {
        StPassageInput input = { "3", "10000000", "150000000", today, today };
        return st_lots_add_passage (session, lot, &input, error);
      }
    case ACT_RESULT_RECORD:
      return st_lots_record_result (session, lot, "sterility", "no-growth", NULL, error);
    case ACT_RESULT_CORRECT:
      return st_lots_correct_result (session, lot, "viability", "93", "transcription error", error);
    case ACT_RESULTS_SAVE:
      {
        StResultInput entry = { .param = "viability", .value = "93.5", .reason = "recount" };
        return st_lots_save_results (session, lot, &entry, 1, error);
      }
    case ACT_SUBMIT:
      return st_workflow_submit (session, lot, error);
    case ACT_REVIEW:
      return st_workflow_review (session, lot, FAST_PASSWORD, error);
    case ACT_REJECT:
      return st_workflow_reject (session, lot, "Bag damaged in transport", FAST_PASSWORD, error);
    case ACT_RELEASE:
    case ACT_RELEASE_INITIAL:
    case ACT_RELEASE_EXCEPTIONAL:
      {
        StReleaseMode mode = action == ACT_RELEASE ? ST_RELEASE_FULL
                             : action == ACT_RELEASE_INITIAL ? ST_RELEASE_INITIAL : ST_RELEASE_EXCEPTIONAL;
        g_autoptr(StCertificate) certificate =
          st_workflow_release (session, lot, mode, mode == ST_RELEASE_EXCEPTIONAL ? perm.oos_deviation : 0,
                               FAST_PASSWORD, error);
        return certificate != NULL;
      }
    case ACT_DEVIATION_OPEN:
      {
        gint64 number = 0;
        return st_deviations_open (session, lot, "minor", "Label printed twice.", &number, error);
      }
    case ACT_DEVIATION_CLOSE:
      return st_deviations_close (session, perm.open_deviation[state], "No impact on the product.", error);
    case ACT_LOT_CREATE:
      {
        const char *donors[] = { "D-1", NULL };
        return st_lots_create (session, "NEW-1", NULL, donors, NULL, error);
      }
    case ACT_DONOR_ADD:
      {
        g_autofree char *consent = core_date (-10);
        StDonorInput input = { .code = "D-NEW", .birth_year = "1990", .sex = "male", .consent_date = consent };
        return st_donors_add (session, &input, error);
      }
    case ACT_DONOR_TEST:
      return st_donors_add_test (session, "D-2", "hiv", "negative", today, error);
    case ACT_SPEC_IMPORT:
      return st_specs_import (session, "{\"code\": \"PERM\", \"title\": \"Permissions, second\", "
                              "\"items\": [{\"param\": \"a\", \"type\": \"number\"}, "
                              "{\"param\": \"b\", \"type\": \"number\"}]}", -1, NULL, error);
    case ACT_SPEC_APPROVE:
      return st_specs_approve (session, "PERM@1", FAST_PASSWORD, error);
    case ACT_USER_ADD:
      return st_users_add (session, "newcomer", "Nina Newcomer", ST_ROLE_OPERATOR, NEW_PASSWORD, error);
    case ACT_USER_DISABLE:
      return st_users_disable (session, "operator2", error);
    case ACT_USER_ENABLE:
      return st_users_enable (session, "multi", error);
    case ACT_USER_UNLOCK:
      return st_users_unlock (session, "operator2", error);
    case ACT_USER_RESET:
      return st_users_set_password (session, "operator2", NEW_PASSWORD, error);
    case ACT_USER_ROLES:
      return st_users_set_roles (session, "reviewer", ST_ROLE_OPERATOR, NULL, error);
    case ACT_OWN_PASSWORD:
      return st_users_set_password (session, NULL, NEW_PASSWORD, error);
    case ACT_PKI_IMPORT:
      return st_keys_import_pkcs12 (session, perm.p12, P12_PASSPHRASE, FAST_PASSWORD, error);
    case ACT_EXPORT:
    case ACT_EXPORT_SIGNED:
      {
        g_autofree char *path = g_build_filename (out, "records.xlsx", NULL);
        g_autofree char *p7s = g_strconcat (path, ".p7s", NULL);
        StExportScope scope = { .sign = action == ACT_EXPORT_SIGNED, .password = FAST_PASSWORD };
        StExportResult result = { 0 };
        gboolean ok = st_export_xlsx (session, &scope, path, NULL, NULL, NULL, &result, error);

        st_export_result_clear (&result);
        /* No file is left behind by a refusal. */
        g_assert_true (ok == g_file_test (path, G_FILE_TEST_EXISTS));
        g_remove (path);
        g_remove (p7s);
        return ok;
      }
    case ACT_BACKUP:
      {
        g_autofree char *path = g_build_filename (out, "backup.db", NULL);
        StBackupReport report = { 0 };
        gboolean ok = st_backup_create (session, path, &report, error);

        st_backup_report_clear (&report);
        g_assert_true (ok == g_file_test (path, G_FILE_TEST_EXISTS));
        g_remove (path);
        return ok;
      }
    case N_ACTIONS:
    default:
      g_assert_not_reached ();
    }
}

static gboolean
outcome_matches (Outcome       expected,
                 const GError *error)
{
  switch (expected)
    {
    case OK:
      return error == NULL;
    case ROLE:
      return g_error_matches (error, ST_AUTH_ERROR, ST_AUTH_ERROR_ROLE);
    case DISABLED:
      return g_error_matches (error, ST_AUTH_ERROR, ST_AUTH_ERROR_DISABLED);
    case NOBODY:
      return g_error_matches (error, ST_AUTH_ERROR, ST_AUTH_ERROR_NOT_SIGNED_IN);
    case STATE:
      return g_error_matches (error, ST_WORKFLOW_ERROR, ST_WORKFLOW_ERROR_STATE);
    case LOCKED:
      return g_error_matches (error, ST_LOTS_ERROR, ST_LOTS_ERROR_LOCKED);
    case NO_KEY:
      return error != NULL && error->code == 300
             && (error->domain == ST_EXPORT_ERROR || error->domain == ST_SIGNING_ERROR);
    case N_OUTCOMES:
    default:
      g_assert_not_reached ();
    }
}

/* Every row of @action, in every state it is tried in; mismatches are
 * collected so that one run names them all. */
static void
test_action (gconstpointer data)
{
  Action action = GPOINTER_TO_INT (data);
  guint n_states = action < N_LOT_ACTIONS ? N_STATES : 1;
  g_autoptr(GString) mismatches = g_string_new (NULL);
  guint checked = 0;

  for (guint state = 0; state < n_states; state++)
    {
      g_autoptr(Copy) copy = NULL;

      for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
        {
          const Row *row = &rows[i];
          g_autoptr(GError) error = NULL;
          g_autofree char *before = NULL;
          g_autofree char *after = NULL;
          Outcome expected = row->expected[state];
          gboolean ok;

          if (row->action != action)
            continue;
          if (copy == NULL)
            copy = copy_new (state);
          before = copy_digest (copy);
          ok = run (copy, action, row->actor, state, &error);
          after = copy_digest (copy);
          checked++;

          /* Any refusal is one of the core's 1xx-3xx answers; the ones in
           * the table are 3xx. */
          g_assert_true (ok == (error == NULL));
          if (!outcome_matches (expected, error))
            g_string_append_printf (mismatches, "%s by %s on a lot %s: expected %s, got %s\n",
                                    actions[action].name, actor_names[row->actor], state_names[state],
                                    outcome_names[expected],
                                    error != NULL ? error->message : "accepted");
          if (ok)
            {
              if (g_str_equal (before, after))
                g_string_append_printf (mismatches, "%s by %s on a lot %s: accepted without an audit entry\n",
                                        actions[action].name, actor_names[row->actor], state_names[state]);
              copy_assert_intact (copy);
              /* The next row starts from the state's site again. */
              g_clear_pointer (&copy, copy_free);
            }
          else if (!g_str_equal (before, after))
            g_string_append_printf (mismatches, "%s by %s on a lot %s: refused (%s) but changed %s -> %s\n",
                                    actions[action].name, actor_names[row->actor], state_names[state],
                                    error->message, before, after);
        }
    }
  if (mismatches->len > 0)
    g_test_message ("%s", mismatches->str);
  g_assert_cmpuint (mismatches->len, ==, 0);
  g_assert_cmpuint (checked, ==, n_states * N_ACTORS);
}

/* Every (action, actor) pair has exactly one row. */
static void
test_table_complete (void)
{
  for (guint action = 0; action < N_ACTIONS; action++)
    for (guint actor = 0; actor < N_ACTORS; actor++)
      {
        guint found = 0;

        for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
          if (rows[i].action == action && rows[i].actor == actor)
            found++;
        if (found != 1)
          g_test_message ("%s by %s: %u rows", actions[action].name, actor_names[actor], found);
        g_assert_cmpuint (found, ==, 1);
      }
}

/* ---- the sites of the states ---- */

static void
add_lot (CoreSite   *site,
         const char *lot,
         LotKind     kind)
{
  g_autoptr(GError) error = NULL;
  const char *skip_sterility[] = { "sterility", NULL };
  const char *skip_viability[] = { "viability", NULL };

  core_create_lot (site, lot, "D-1");
  core_add_passages (site, lot);
  switch (kind)
    {
    case LOT_MAIN:
      core_record_all_results (site, lot, NULL);
      break;
    case LOT_STAGED:
      core_record_all_results (site, lot, skip_sterility);
      break;
    case LOT_OOS:
    default:
      core_record_all_results (site, lot, skip_viability);
      st_lots_record_result (site->operator, lot, "viability", "62", NULL, &error);
      g_assert_no_error (error);
      break;
    }
}

static StSession *
fast_session (CoreSite *site,
              Actor     actor)
{
  return open_as (site->path, actor);
}

static void
for_lots (CoreSite    *site,
          const char  *const *lots,
          Actor        actor,
          const char  *what)
{
  g_autoptr(StSession) session = fast_session (site, actor);

  for (guint i = 0; lots[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;

      if (g_str_equal (what, "submit"))
        st_workflow_submit (session, lots[i], &error);
      else if (g_str_equal (what, "review"))
        st_workflow_review (session, lots[i], FAST_PASSWORD, &error);
      else
        g_assert_not_reached ();
      g_assert_no_error (error);
    }
}

static void
release (CoreSite      *site,
         const char    *lot,
         StReleaseMode  mode,
         gint64         deviation)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(StSession) qp = fast_session (site, AS_QP);
  g_autoptr(StCertificate) certificate = st_workflow_release (qp, lot, mode, deviation, FAST_PASSWORD, &error);

  g_assert_no_error (error);
}

static void
save_template (CoreSite *site,
               State     state)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_strdup_printf ("state-%s.db", state_names[state]);
  g_autofree char *sql = NULL;
  const char *main_lot = perm.lot[state][LOT_MAIN];

  /* An open deviation on the state's main lot, for deviation-close. */
  st_deviations_open (site->operator, main_lot, "minor", "Pipette out of calibration.",
                      &perm.open_deviation[state], &error);
  g_assert_no_error (error);

  perm.template_path[state] = g_build_filename (perm.dir, name, NULL);
  sql = g_strdup_printf ("VACUUM INTO '%s'", perm.template_path[state]);
  core_sql_exec (site, sql);

  /* What the rows expect of the state's site. */
  for (guint kind = 0; kind < N_KINDS; kind++)
    {
      g_autofree char *query = g_strdup_printf ("SELECT status = '%s' FROM lots WHERE lot_number = '%s'",
                                                state_names[state], perm.lot[state][kind]);
      g_assert_cmpint (core_sql_int (site, query), ==, 1);
    }
}

static void
lots_for_state (State       state,
                const char *main_lot,
                const char *staged,
                const char *oos)
{
  perm.lot[state][LOT_MAIN] = main_lot;
  perm.lot[state][LOT_STAGED] = staged;
  perm.lot[state][LOT_OOS] = oos;
}

static GBytes *
make_p12 (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *ca_pem = NULL;
  g_autofree char *cert_pem = NULL;
  g_autoptr(EVP_PKEY) ca_key = NULL;
  g_autoptr(EVP_PKEY) key = NULL;
  g_autoptr(BIO) bio = NULL;
  g_autoptr(X509) cert = NULL;
  g_autoptr(PKCS12) p12 = NULL;
  unsigned char *der = NULL;
  GBytes *bytes;
  int length;

  st_pki_create_ca ("Outside Hospital", &ca_pem, &ca_key, &error);
  g_assert_no_error (error);
  st_pki_issue_signing_cert (ca_pem, ca_key, "outside", "Otto Outside", &cert_pem, &key, &error);
  g_assert_no_error (error);
  bio = BIO_new_mem_buf (cert_pem, -1);
  cert = PEM_read_bio_X509 (bio, NULL, NULL, NULL);
  g_assert_nonnull (cert);
  p12 = PKCS12_create (P12_PASSPHRASE, "Otto Outside", key, cert, NULL, 0, 0, 0, 0, 0);
  g_assert_nonnull (p12);
  length = i2d_PKCS12 (p12, &der);
  g_assert_cmpint (length, >, 0);
  bytes = g_bytes_new (der, length);
  OPENSSL_free (der);
  return bytes;
}

static void
make_sites (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CoreSite) site = core_site_new ();
  g_autofree char *out = NULL;
  StPasswordKeys multi_keys = { 0 };
  const char *all_lots[] = { "MAIN", "STAGED", "OOS", "FINAL", NULL };
  gint64 version = 0;

  perm.dir = g_dir_make_tmp ("stroma-permissions-XXXXXX", &error);
  g_assert_no_error (error);
  out = g_build_filename (perm.dir, "out", NULL);
  g_assert_cmpint (g_mkdir (out, 0700), ==, 0);
  perm.p12 = make_p12 ();

  /* The user with every role, and every password made fast. */
  st_users_add_with_keys (site->admin, "multi", "Mia Multi", ST_ROLE_ALL, CORE_PASSWORD, &multi_keys, &error);
  g_assert_no_error (error);
  make_password_fast (site, "operator", core_template_kek (CORE_OPERATOR), perm.kek[AS_OPERATOR]);
  make_password_fast (site, "reviewer", core_template_kek (CORE_REVIEWER), perm.kek[AS_REVIEWER]);
  make_password_fast (site, "qp", core_template_kek (CORE_QP), perm.kek[AS_QP]);
  make_password_fast (site, "multi", multi_keys.kek, perm.kek[AS_DISABLED]);
  make_password_fast (site, "admin", core_template_kek (CORE_ADMIN), perm.kek[AS_ADMIN]);
  st_password_keys_clear (&multi_keys);

  /* The records the actions work on. */
  core_add_donor (site, "D-1", TRUE);
  core_add_donor (site, "D-2", TRUE);
  add_lot (site, "MAIN", LOT_MAIN);
  add_lot (site, "STAGED", LOT_STAGED);
  add_lot (site, "OOS", LOT_OOS);
  add_lot (site, "FINAL", LOT_STAGED);
  st_deviations_open (site->operator, "OOS", "major", "Viability 62 % below the limit of 70 %.",
                      &perm.oos_deviation, &error);
  g_assert_no_error (error);
  st_deviations_close (site->qp, perm.oos_deviation,
                       "Treating physician requests the lot; no alternative; risk assessed.", &error);
  g_assert_no_error (error);
  st_specs_import (site->admin, "{\"code\": \"PERM\", \"title\": \"Permissions\", "
                   "\"items\": [{\"param\": \"a\", \"type\": \"number\"}]}", -1, &version, &error);
  g_assert_no_error (error);
  g_assert_cmpint (version, ==, 1);

  /* operator2 locked by five wrong passwords; multi disabled while signed in. */
  {
    g_autoptr(StSession) operator2 = st_session_open (site->path, &error);
    g_assert_no_error (error);
    st_session_adopt (operator2, "operator2", core_template_kek (CORE_OPERATOR2), &error);
    g_assert_no_error (error);
    make_password_fast (site, "operator2", core_template_kek (CORE_OPERATOR2), (guint8[ST_KEY_LENGTH]) { 0 });
    for (guint i = 0; i < ST_AUTH_MAX_FAILED_SIGN_INS; i++)
      {
        st_session_confirm_password (operator2, "not-the-password", NULL, &error);
        g_assert_nonnull (error);
        g_clear_error (&error);
      }
  }
  st_users_disable (site->admin, "multi", &error);
  g_assert_no_error (error);

  lots_for_state (S_OPEN, "MAIN", "STAGED", "OOS");
  save_template (site, S_OPEN);
  for_lots (site, all_lots, AS_OPERATOR, "submit");
  lots_for_state (S_IN_REVIEW, "MAIN", "STAGED", "OOS");
  save_template (site, S_IN_REVIEW);
  for_lots (site, all_lots, AS_REVIEWER, "review");
  lots_for_state (S_REVIEWED, "MAIN", "STAGED", "OOS");
  save_template (site, S_REVIEWED);

  /* The released states, one after the other on the same site. */
  release (site, "MAIN", ST_RELEASE_FULL, 0);
  lots_for_state (S_RELEASED, "MAIN", "MAIN", "MAIN");
  save_template (site, S_RELEASED);
  release (site, "STAGED", ST_RELEASE_INITIAL, 0);
  release (site, "FINAL", ST_RELEASE_INITIAL, 0);
  st_lots_record_result (site->operator, "FINAL", "sterility", "no-growth", NULL, &error);
  g_assert_no_error (error);
  lots_for_state (S_RELEASED_INITIAL, "FINAL", "STAGED", "FINAL");
  save_template (site, S_RELEASED_INITIAL);
  release (site, "OOS", ST_RELEASE_EXCEPTIONAL, perm.oos_deviation);
  lots_for_state (S_RELEASED_EXCEPTIONAL, "OOS", "OOS", "OOS");
  save_template (site, S_RELEASED_EXCEPTIONAL);

  /* Rejected: a lot of its own, rejected in review. */
  add_lot (site, "REJECTED", LOT_MAIN);
  {
    const char *rejected[] = { "REJECTED", NULL };
    g_autoptr(StSession) reviewer = fast_session (site, AS_REVIEWER);

    for_lots (site, rejected, AS_OPERATOR, "submit");
    st_workflow_reject (reviewer, "REJECTED", "Bag damaged", FAST_PASSWORD, &error);
    g_assert_no_error (error);
  }
  lots_for_state (S_REJECTED, "REJECTED", "REJECTED", "REJECTED");
  save_template (site, S_REJECTED);
  core_assert_audit_intact (site);
}

static void
remove_sites (void)
{
  g_autoptr(GDir) dir = g_dir_open (perm.dir, 0, NULL);
  g_autofree char *out = g_build_filename (perm.dir, "out", NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (perm.dir, name, NULL);
      g_remove (path);
    }
  g_rmdir (out);
  g_rmdir (perm.dir);
  for (guint i = 0; i < N_STATES; i++)
    g_free (perm.template_path[i]);
  g_clear_pointer (&perm.p12, g_bytes_unref);
  g_clear_pointer (&perm.dir, g_free);
  memset (perm.kek, 0, sizeof perm.kek);
}

int
main (int    argc,
      char **argv)
{
  int status;

  core_fixture_init (&argc, &argv);
  if (g_getenv ("STROMA_TEST_BACKEND") != NULL)
    {
      /* The copies are SQLite files; the PostgreSQL store has its own tests. */
      g_test_skip ("SQLite only");
      return core_fixture_run ();
    }
  make_sites ();
  g_test_add_func ("/core/permissions/table-complete", test_table_complete);
  for (guint action = 0; action < N_ACTIONS; action++)
    {
      g_autofree char *path = g_strdup_printf ("/core/permissions/%s", actions[action].name);
      g_test_add_data_func (path, GINT_TO_POINTER (action), test_action);
    }
  status = core_fixture_run ();
  remove_sites ();
  return status;
}
