/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "core-fixture.h"

#include <string.h>

#include "st-donors.h"
#include "st-lots.h"
#include "st-session-private.h"
#include "st-users.h"

#define WRONG_PASSWORD "not-the-password-1"

static gint64
failed_count (CoreSite   *site,
              const char *username)
{
  g_autofree char *sql = g_strdup_printf ("SELECT failed_count FROM users WHERE username = '%s'", username);
  return core_sql_int (site, sql);
}

static gint64
locked_flag (CoreSite   *site,
             const char *username)
{
  g_autofree char *sql = g_strdup_printf ("SELECT locked FROM users WHERE username = '%s'", username);
  return core_sql_int (site, sql);
}

static StSession *
open_session (CoreSite *site)
{
  g_autoptr(GError) error = NULL;
  StSession *session = st_session_open (site->path, &error);

  g_assert_no_error (error);
  return session;
}

static void
test_sign_in (void)
{
  g_autoptr(CoreSite) site = core_site_new ();
  g_autoptr(StSession) session = open_session (site);
  g_autoptr(GError) error = NULL;
  g_autofree char *last_action = NULL;
  gint64 entries = core_audit_count (site);

  g_assert_false (st_session_is_signed_in (session));

  /* Right: signed in with the roles and the key of the password. */
  g_assert_true (st_session_sign_in (session, "operator", CORE_PASSWORD, &error));
  g_assert_no_error (error);
  g_assert_true (st_session_is_signed_in (session));
  g_assert_cmpstr (st_session_get_user (session)->username, ==, "operator");
  g_assert_cmpint (st_session_get_roles (session), ==, ST_ROLE_OPERATOR);
  g_assert_false (st_session_password_expired (session));
  g_assert_nonnull (st_session_get_kek (session));
  g_assert_cmpmem (st_session_get_kek (session), ST_KEY_LENGTH, core_template_kek (CORE_OPERATOR), ST_KEY_LENGTH);
  g_assert_cmpint (core_audit_count (site), ==, entries);

  /* Wrong: refused, signed out, and the failure is counted and audited. */
  g_assert_false (st_session_sign_in (session, "operator", WRONG_PASSWORD, &error));
  core_assert_error (error, ST_AUTH_ERROR, ST_AUTH_ERROR_WRONG_PASSWORD, "password", NULL);
  g_clear_error (&error);
  g_assert_false (st_session_is_signed_in (session));
  g_assert_null (st_session_get_kek (session));
  g_assert_cmpint (failed_count (site, "operator"), ==, 1);
  g_assert_cmpint (core_audit_count (site), ==, entries + 1);
  last_action = core_sql_text (site, "SELECT action || '|' || tbl || '|' || record || '|' || field || '|' || new_value"
                                     " FROM audit_trail ORDER BY seq DESC LIMIT 1");
  g_assert_cmpstr (last_action, ==, "sign-in failed|users|operator|failed_sign_ins|1");

  /* An unknown name gets the same answer, and is recorded too. */
  g_assert_false (st_session_sign_in (session, "nobody", CORE_PASSWORD, &error));
  core_assert_error (error, ST_AUTH_ERROR, ST_AUTH_ERROR_WRONG_PASSWORD, NULL);
  g_clear_error (&error);
  g_assert_cmpint (core_audit_count (site), ==, entries + 2);
  g_clear_pointer (&last_action, g_free);
  last_action = core_sql_text (site, "SELECT action || '|' || tbl || '|' || record FROM audit_trail ORDER BY seq DESC LIMIT 1");
  g_assert_cmpstr (last_action, ==, "sign-in failed|sign-in|nobody");

  /* A success resets the count of consecutive failures, audited. */
  g_assert_true (st_session_sign_in (session, "operator", CORE_PASSWORD, &error));
  g_assert_no_error (error);
  g_assert_cmpint (failed_count (site, "operator"), ==, 0);
  g_assert_cmpint (core_audit_count (site), ==, entries + 3);
  g_clear_pointer (&last_action, g_free);
  last_action = core_sql_text (site, "SELECT field || ':' || old_value || '->' || new_value FROM audit_trail ORDER BY seq DESC LIMIT 1");
  g_assert_cmpstr (last_action, ==, "failed_sign_ins:1->0");

  st_session_sign_out (session);
  g_assert_false (st_session_is_signed_in (session));
  g_assert_null (st_session_get_kek (session));
  core_assert_audit_intact (site);
}

static void
test_not_signed_in (void)
{
  g_autoptr(CoreSite) site = core_site_new ();
  g_autoptr(StSession) session = open_session (site);
  g_autoptr(GError) error = NULL;
  StDonorInput input = { .code = "D-9", .birth_year = "1980", .sex = "male" };

  g_assert_false (st_session_begin (session, ST_ROLE_NONE, "test", &error));
  core_assert_error (error, ST_AUTH_ERROR, ST_AUTH_ERROR_NOT_SIGNED_IN, "sign in", NULL);
  g_clear_error (&error);
  g_assert_false (st_session_begin_read (session, &error));
  core_assert_error (error, ST_AUTH_ERROR, ST_AUTH_ERROR_NOT_SIGNED_IN, NULL);
  g_clear_error (&error);
  g_assert_false (st_donors_add (session, &input, &error));
  core_assert_error (error, ST_AUTH_ERROR, ST_AUTH_ERROR_NOT_SIGNED_IN, NULL);
  g_assert_cmpint (core_sql_int (site, "SELECT count(*) FROM donors"), ==, 0);
}

static void
test_lockout (void)
{
  g_autoptr(CoreSite) site = core_site_new ();
  g_autoptr(StSession) session = open_session (site);
  g_autoptr(GError) error = NULL;
  g_autofree char *lock_entry = NULL;
  gint64 entries = core_audit_count (site);

  /* Four failures: each one entry, the account still open. */
  for (int i = 1; i <= 4; i++)
    {
      g_assert_false (st_session_sign_in (session, "operator", WRONG_PASSWORD, &error));
      core_assert_error (error, ST_AUTH_ERROR, ST_AUTH_ERROR_WRONG_PASSWORD, NULL);
      g_clear_error (&error);
      g_assert_cmpint (failed_count (site, "operator"), ==, i);
      g_assert_cmpint (locked_flag (site, "operator"), ==, 0);
      g_assert_cmpint (core_audit_count (site), ==, entries + i);
    }

  /* The fifth locks: its failure and the lock are two entries. */
  g_assert_false (st_session_sign_in (session, "operator", WRONG_PASSWORD, &error));
  core_assert_error (error, ST_AUTH_ERROR, ST_AUTH_ERROR_LOCKED, "locked", "admin", NULL);
  g_clear_error (&error);
  g_assert_cmpint (failed_count (site, "operator"), ==, 5);
  g_assert_cmpint (locked_flag (site, "operator"), ==, 1);
  g_assert_cmpint (core_audit_count (site), ==, entries + 6);
  lock_entry = core_sql_text (site, "SELECT action || '|' || field || '|' || old_value || '->' || new_value"
                                    " FROM audit_trail ORDER BY seq DESC LIMIT 1");
  g_assert_cmpstr (lock_entry, ==, "account locked|locked|no->yes");

  /* Locked: even the right password is refused, naming the administrator. */
  g_assert_false (st_session_sign_in (session, "operator", CORE_PASSWORD, &error));
  core_assert_error (error, ST_AUTH_ERROR, ST_AUTH_ERROR_LOCKED, "locked", "admin", NULL);
  g_clear_error (&error);
  g_assert_false (st_session_is_signed_in (session));

  /* A session signed in before the lock cannot change anything either. */
  g_assert_false (st_session_begin (site->operator, ST_ROLE_OPERATOR, "test", &error));
  core_assert_error (error, ST_AUTH_ERROR, ST_AUTH_ERROR_LOCKED, NULL);
  g_clear_error (&error);

  /* Only an administrator unlocks. */
  g_assert_false (st_users_unlock (site->operator2, "operator", &error));
  core_assert_error (error, ST_AUTH_ERROR, ST_AUTH_ERROR_ROLE, NULL);
  g_clear_error (&error);
  g_assert_cmpint (locked_flag (site, "operator"), ==, 1);

  entries = core_audit_count (site);
  g_assert_true (st_users_unlock (site->admin, "operator", &error));
  g_assert_no_error (error);
  g_assert_cmpint (locked_flag (site, "operator"), ==, 0);
  g_assert_cmpint (failed_count (site, "operator"), ==, 0);
  g_assert_cmpint (core_audit_count (site), ==, entries + 2);
  g_assert_cmpint (core_sql_int (site, "SELECT count(*) FROM audit_trail WHERE action = 'unlock'"
                                       " AND username = 'admin' AND record = 'operator'"), ==, 2);

  g_assert_true (st_session_sign_in (session, "operator", CORE_PASSWORD, &error));
  g_assert_no_error (error);
  core_assert_audit_intact (site);
}

static void
test_disabled (void)
{
  g_autoptr(CoreSite) site = core_site_new ();
  g_autoptr(StSession) session = open_session (site);
  g_autoptr(GError) error = NULL;
  gint64 entries;

  g_assert_false (st_users_disable (site->operator, "operator2", &error));
  core_assert_error (error, ST_AUTH_ERROR, ST_AUTH_ERROR_ROLE, NULL);
  g_clear_error (&error);
  g_assert_false (st_users_disable (site->admin, "admin", &error));
  core_assert_error (error, ST_USERS_ERROR, ST_USERS_ERROR_SELF, NULL);
  g_clear_error (&error);

  entries = core_audit_count (site);
  g_assert_true (st_users_disable (site->admin, "operator2", &error));
  g_assert_no_error (error);
  g_assert_cmpint (core_sql_int (site, "SELECT disabled FROM users WHERE username = 'operator2'"), ==, 1);
  g_assert_cmpint (core_audit_count (site), ==, entries + 1);

  /* Refused at sign-in even with the right password, without a failure. */
  g_assert_false (st_session_sign_in (session, "operator2", CORE_PASSWORD, &error));
  core_assert_error (error, ST_AUTH_ERROR, ST_AUTH_ERROR_DISABLED, "operator2", "disabled", NULL);
  g_clear_error (&error);
  g_assert_false (st_session_is_signed_in (session));
  g_assert_cmpint (failed_count (site, "operator2"), ==, 0);

  /* And a session that was signed in before cannot write. */
  g_assert_false (st_session_begin (site->operator2, ST_ROLE_OPERATOR, "test", &error));
  core_assert_error (error, ST_AUTH_ERROR, ST_AUTH_ERROR_DISABLED, NULL);
  g_clear_error (&error);

  g_assert_true (st_users_enable (site->admin, "operator2", &error));
  g_assert_no_error (error);
  g_assert_true (st_session_sign_in (session, "operator2", CORE_PASSWORD, &error));
  g_assert_no_error (error);
  core_assert_audit_intact (site);
}

static void
set_changed_days_ago (CoreSite   *site,
                      const char *username,
                      int         days)
{
  g_autofree char *sql = g_strdup_printf ("UPDATE users SET pw_changed_at ="
                                          " strftime ('%%Y-%%m-%%dT%%H:%%M:%%SZ', 'now', '-%d days')"
                                          " WHERE username = '%s'", days, username);
  core_sql_exec (site, sql);
}

static void
test_password_expiry (void)
{
  g_autoptr(CoreSite) site = core_site_new ();
  g_autoptr(StSession) session = open_session (site);
  g_autoptr(StSession) again = open_session (site);
  g_autoptr(GError) error = NULL;
  StDonorInput input = { .code = "D-9", .birth_year = "1980", .sex = "male" };
  gint64 entries;

  /* The limit is 180 days: at 179 the password still works. */
  set_changed_days_ago (site, "operator2", 179);
  g_assert_true (st_session_refresh_user (site->operator2, &error));
  g_assert_no_error (error);
  g_assert_false (st_session_password_expired (site->operator2));
  set_changed_days_ago (site, "operator2", 181);
  g_assert_true (st_session_refresh_user (site->operator2, &error));
  g_assert_true (st_session_password_expired (site->operator2));
  g_assert_false (st_session_begin (site->operator2, ST_ROLE_OPERATOR, "test", &error));
  core_assert_error (error, ST_AUTH_ERROR, ST_AUTH_ERROR_EXPIRED, NULL);
  g_clear_error (&error);

  /* Signed in with an expired password: nothing but changing it. */
  set_changed_days_ago (site, "operator", 181);
  g_assert_true (st_session_sign_in (session, "operator", CORE_PASSWORD, &error));
  g_assert_no_error (error);
  g_assert_true (st_session_password_expired (session));
  g_assert_false (st_session_begin (session, ST_ROLE_OPERATOR, "test", &error));
  core_assert_error (error, ST_AUTH_ERROR, ST_AUTH_ERROR_EXPIRED, "expired", NULL);
  g_clear_error (&error);
  g_assert_false (st_donors_add (session, &input, &error));
  core_assert_error (error, ST_AUTH_ERROR, ST_AUTH_ERROR_EXPIRED, NULL);
  g_clear_error (&error);
  g_assert_cmpint (core_sql_int (site, "SELECT count(*) FROM donors"), ==, 0);

  /* The new password must follow the rules even now. */
  g_assert_false (st_users_set_password (session, NULL, "short", &error));
  core_assert_error (error, ST_AUTH_ERROR, ST_AUTH_ERROR_WEAK_PASSWORD, NULL);
  g_clear_error (&error);

  entries = core_audit_count (site);
  g_assert_true (st_users_set_password (session, NULL, "A-new-password-42", &error));
  g_assert_no_error (error);
  g_assert_false (st_session_password_expired (session));
  g_assert_cmpint (core_sql_int (site, "SELECT julianday ('now') - julianday (pw_changed_at) < 0.01"
                                       " FROM users WHERE username = 'operator'"), ==, 1);
  g_assert_cmpint (core_audit_count (site), ==, entries + 1);
  g_assert_true (st_donors_add (session, &input, &error));
  g_assert_no_error (error);

  /* The old password is gone, the new one works. */
  g_assert_false (st_session_sign_in (again, "operator", CORE_PASSWORD, &error));
  core_assert_error (error, ST_AUTH_ERROR, ST_AUTH_ERROR_WRONG_PASSWORD, NULL);
  g_clear_error (&error);
  g_assert_true (st_session_sign_in (again, "operator", "A-new-password-42", &error));
  g_assert_no_error (error);
  g_assert_false (st_session_password_expired (again));

  /* A reset by an administrator expires the password at once. */
  core_sql_exec (site, "UPDATE users SET pw_must_change = 1 WHERE username = 'qp'");
  g_assert_true (st_session_refresh_user (site->qp, &error));
  g_assert_true (st_session_password_expired (site->qp));
  core_assert_audit_intact (site);
}

static void
test_roles (void)
{
  g_autoptr(CoreSite) site = core_site_new ();
  g_autoptr(GError) error = NULL;
  StDonorInput input = { .code = "D-9", .birth_year = "1980", .sex = "male" };
  StResultInput entry = { .param = "viability", .value = "92.5" };
  const char *donors[] = { "D-1", NULL };
  gint64 entries;

  core_add_donor (site, "D-1", TRUE);
  core_create_lot (site, "LOT-1", NULL);
  entries = core_audit_count (site);

  /* An operator cannot add users. */
  g_assert_false (st_users_add (site->operator, "newbie", "New Person", ST_ROLE_OPERATOR, CORE_PASSWORD, &error));
  core_assert_error (error, ST_AUTH_ERROR, ST_AUTH_ERROR_ROLE, "admin", NULL);
  g_clear_error (&error);
  g_assert_cmpint (core_sql_int (site, "SELECT count(*) FROM users"), ==, CORE_N_USERS);

  /* A reviewer (or QP) cannot enter results, donors or lots. */
  g_assert_false (st_lots_record_result (site->reviewer, "LOT-1", "viability", "92.5", NULL, &error));
  core_assert_error (error, ST_AUTH_ERROR, ST_AUTH_ERROR_ROLE, "operator", "reviewer", NULL);
  g_clear_error (&error);
  g_assert_false (st_lots_save_results (site->qp, "LOT-1", &entry, 1, &error));
  core_assert_error (error, ST_AUTH_ERROR, ST_AUTH_ERROR_ROLE, NULL);
  g_clear_error (&error);
  g_assert_false (st_donors_add (site->reviewer, &input, &error));
  core_assert_error (error, ST_AUTH_ERROR, ST_AUTH_ERROR_ROLE, NULL);
  g_clear_error (&error);
  g_assert_false (st_lots_create (site->admin, "LOT-2", NULL, donors, NULL, &error));
  core_assert_error (error, ST_AUTH_ERROR, ST_AUTH_ERROR_ROLE, NULL);
  g_clear_error (&error);
  g_assert_false (st_session_begin (site->operator, ST_ROLE_QP, "lot release", &error));
  core_assert_error (error, ST_AUTH_ERROR, ST_AUTH_ERROR_ROLE, "lot release", NULL);
  g_clear_error (&error);
  g_assert_cmpint (core_sql_int (site, "SELECT count(*) FROM results"), ==, 0);
  g_assert_cmpint (core_sql_int (site, "SELECT count(*) FROM lots"), ==, 1);
  g_assert_cmpint (core_audit_count (site), ==, entries);

  /* Roles are read again when a change begins, not only at sign-in. */
  core_sql_exec (site, "UPDATE users SET roles = 'reviewer' WHERE username = 'operator2'");
  g_assert_false (st_donors_add (site->operator2, &input, &error));
  core_assert_error (error, ST_AUTH_ERROR, ST_AUTH_ERROR_ROLE, NULL);
  g_assert_cmpint (core_sql_int (site, "SELECT count(*) FROM donors"), ==, 1);
}

static void
test_confirm_password (void)
{
  g_autoptr(CoreSite) site = core_site_new ();
  g_autoptr(StSession) nobody = open_session (site);
  g_autoptr(GError) error = NULL;
  StPasswordKeys keys = { 0 };
  static const guint8 zero[ST_KEY_LENGTH] = { 0 };
  gint64 entries = core_audit_count (site);

  g_assert_false (st_session_confirm_password (nobody, CORE_PASSWORD, NULL, &error));
  core_assert_error (error, ST_AUTH_ERROR, ST_AUTH_ERROR_NOT_SIGNED_IN, NULL);
  g_clear_error (&error);

  /* A wrong password at signing counts like a failed sign-in. */
  g_assert_false (st_session_confirm_password (site->reviewer, WRONG_PASSWORD, &keys, &error));
  core_assert_error (error, ST_AUTH_ERROR, ST_AUTH_ERROR_WRONG_PASSWORD, NULL);
  g_clear_error (&error);
  g_assert_cmpmem (keys.kek, sizeof keys.kek, zero, sizeof zero);
  g_assert_cmpint (failed_count (site, "reviewer"), ==, 1);
  g_assert_cmpint (core_audit_count (site), ==, entries + 1);

  /* The right one gives the key-encryption key and resets the count. */
  g_assert_true (st_session_confirm_password (site->reviewer, CORE_PASSWORD, &keys, &error));
  g_assert_no_error (error);
  g_assert_cmpmem (keys.kek, sizeof keys.kek, core_template_kek (CORE_REVIEWER), ST_KEY_LENGTH);
  st_password_keys_clear (&keys);
  g_assert_cmpint (failed_count (site, "reviewer"), ==, 0);
  g_assert_cmpint (core_audit_count (site), ==, entries + 2);

  /* The idle lock forgets the key until the password is given again. */
  st_session_lock (site->reviewer);
  g_assert_true (st_session_is_locked (site->reviewer));
  g_assert_null (st_session_get_kek (site->reviewer));
  g_assert_false (st_session_begin (site->reviewer, ST_ROLE_REVIEWER, "test", &error));
  core_assert_error (error, ST_AUTH_ERROR, ST_AUTH_ERROR_NOT_SIGNED_IN, "locked", NULL);
  g_clear_error (&error);
  g_assert_false (st_session_unlock (site->reviewer, WRONG_PASSWORD, &error));
  core_assert_error (error, ST_AUTH_ERROR, ST_AUTH_ERROR_WRONG_PASSWORD, NULL);
  g_clear_error (&error);
  g_assert_true (st_session_is_locked (site->reviewer));
  g_assert_cmpint (failed_count (site, "reviewer"), ==, 1);
  g_assert_true (st_session_unlock (site->reviewer, CORE_PASSWORD, &error));
  g_assert_no_error (error);
  g_assert_false (st_session_is_locked (site->reviewer));
  g_assert_cmpmem (st_session_get_kek (site->reviewer), ST_KEY_LENGTH,
                   core_template_kek (CORE_REVIEWER), ST_KEY_LENGTH);
  g_assert_cmpint (failed_count (site, "reviewer"), ==, 0);
  core_assert_audit_intact (site);
}

static void
count_commit (StSession *session,
              guint     *count)
{
  (*count)++;
}

static void
test_batch (void)
{
  g_autoptr(CoreSite) site = core_site_new ();
  g_autoptr(GError) error = NULL;
  StDonorInput first = { .code = "B-1", .birth_year = "1980", .sex = "male" };
  StDonorInput second = { .code = "B-2", .birth_year = "1981", .sex = "female" };
  StDonorInput third = { .code = "B-3", .birth_year = "1982", .sex = "female" };
  guint commits = 0;
  gint64 entries = core_audit_count (site);
  gint64 head;

  g_signal_connect (site->operator, "committed", G_CALLBACK (count_commit), &commits);

  /* Every change joins one transaction: nothing is seen before the end. */
  g_assert_true (st_session_begin_batch (site->operator, &error));
  g_assert_no_error (error);
  g_assert_true (st_donors_add (site->operator, &first, &error));
  g_assert_no_error (error);
  g_assert_true (st_donors_add (site->operator, &second, &error));
  g_assert_no_error (error);
  g_assert_cmpint (core_sql_int (site, "SELECT count(*) FROM donors"), ==, 0);
  g_assert_cmpint (core_audit_count (site), ==, entries);
  g_assert_cmpuint (commits, ==, 0);
  g_assert_true (st_session_end_batch (site->operator, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (commits, ==, 1);
  g_assert_cmpint (core_sql_int (site, "SELECT count(*) FROM donors"), ==, 2);
  /* birth_year, sex and htlv_required of each (no consent date given). */
  g_assert_cmpint (core_audit_count (site), ==, entries + 6);
  head = core_sql_int (site, "SELECT seq FROM audit_head");
  g_assert_cmpint (head, ==, core_sql_int (site, "SELECT max (seq) FROM audit_trail"));

  /* A change that fails inside makes the whole batch fail: nothing written. */
  entries = core_audit_count (site);
  g_assert_true (st_session_begin_batch (site->operator, &error));
  g_assert_true (st_donors_add (site->operator, &third, &error));
  g_assert_no_error (error);
  g_assert_false (st_donors_add (site->operator, &first, &error));
  core_assert_error (error, ST_DONORS_ERROR, ST_DONORS_ERROR_EXISTS, NULL);
  g_clear_error (&error);
  g_assert_false (st_session_end_batch (site->operator, &error));
  core_assert_error (error, ST_DB_ERROR, ST_DB_ERROR_FAILED, "nothing was written", NULL);
  g_clear_error (&error);
  g_assert_cmpuint (commits, ==, 1);
  g_assert_cmpint (core_sql_int (site, "SELECT count(*) FROM donors WHERE code = 'B-3'"), ==, 0);
  g_assert_cmpint (core_audit_count (site), ==, entries);
  g_assert_cmpint (core_sql_int (site, "SELECT seq FROM audit_head"), ==, head);

  /* The session works on as usual afterwards. */
  g_assert_true (st_donors_add (site->operator, &third, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (commits, ==, 2);
  core_assert_audit_intact (site);
}

int
main (int argc, char **argv)
{
  core_fixture_init (&argc, &argv);

  g_test_add_func ("/core/session/sign-in", test_sign_in);
  g_test_add_func ("/core/session/not-signed-in", test_not_signed_in);
  g_test_add_func ("/core/session/lockout", test_lockout);
  g_test_add_func ("/core/session/disabled", test_disabled);
  g_test_add_func ("/core/session/password-expiry", test_password_expiry);
  g_test_add_func ("/core/session/roles", test_roles);
  g_test_add_func ("/core/session/confirm-password", test_confirm_password);
  g_test_add_func ("/core/session/batch", test_batch);

  return core_fixture_run ();
}
