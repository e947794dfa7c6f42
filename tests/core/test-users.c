/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "core-fixture.h"

#include <string.h>

#include "st-error.h"
#include "st-pki.h"
#include "st-site.h"
#include "st-users.h"

static StUserRecord *
find_user (CoreSite   *site,
           const char *username)
{
  g_autoptr(GError) error = NULL;
  StUserRecord *user = st_store_users_find (st_session_get_db (site->admin), username, &error);

  g_assert_no_error (error);
  g_assert_nonnull (user);
  return user;
}

static StUserKeyRecord *
active_key (CoreSite   *site,
            const char *username)
{
  g_autoptr(StUserRecord) user = find_user (site, username);
  g_autoptr(GError) error = NULL;
  StUserKeyRecord *key = st_store_users_active_key (st_session_get_db (site->admin), user->id, &error);

  g_assert_no_error (error);
  return key;
}

/* The key-encryption key @password gives @username with the stored salt. */
static void
derive_kek (CoreSite   *site,
            const char *username,
            const char *password,
            guint8      kek[ST_KEY_LENGTH])
{
  g_autoptr(StUserRecord) user = find_user (site, username);
  g_autoptr(GError) error = NULL;
  StPasswordKeys keys = { 0 };
  gsize salt_len = 0;
  const guint8 *salt = g_bytes_get_data (user->pw_salt, &salt_len);

  g_assert_true (st_auth_derive (password, salt, salt_len, (guint) user->pw_iterations, &keys, &error));
  g_assert_no_error (error);
  memcpy (kek, keys.kek, ST_KEY_LENGTH);
  st_password_keys_clear (&keys);
}

static GBytes *
open_key (const StUserKeyRecord *key,
          const char            *username,
          const guint8          *kek,
          GError               **error)
{
  g_autofree char *context = g_strconcat ("user-key:", username, NULL);
  return st_crypto_open (kek, key->key_sealed, context, error);
}

/* The sealed key opens with @kek, belongs to the certificate, and signs
 * what the site CA verifies. */
static void
assert_key_signs (CoreSite              *site,
                  const StUserKeyRecord *key,
                  const char            *username,
                  const guint8          *kek)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) der = open_key (key, username, kek, &error);
  g_autoptr(EVP_PKEY) private_key = NULL;
  g_autoptr(GBytes) content = g_bytes_new_static ("batch record", 12);
  g_autoptr(GBytes) cms = NULL;
  g_autofree char *ca = st_site_ca_cert_pem (site->admin, &error);
  g_autofree char *signer = NULL;
  g_autofree char *subject = st_pki_cert_subject (key->cert_pem);

  g_assert_no_error (error);
  g_assert_nonnull (der);
  private_key = st_pki_key_from_der (der, &error);
  g_assert_no_error (error);
  g_assert_true (st_pki_cert_matches_key (key->cert_pem, private_key));
  g_assert_nonnull (strstr (subject, username));

  cms = st_pki_cms_sign (key->cert_pem, private_key, NULL, content, &error);
  g_assert_no_error (error);
  g_assert_true (st_pki_cms_verify (content, cms, ca, &signer, NULL, &error));
  g_assert_no_error (error);
  {
    g_autofree char *signer_fingerprint = st_pki_cert_fingerprint_sha256 (signer);
    g_autofree char *key_fingerprint = st_pki_cert_fingerprint_sha256 (key->cert_pem);
    g_assert_cmpstr (signer_fingerprint, ==, key_fingerprint);
  }
}

static void
assert_key_refuses (const StUserKeyRecord *key,
                    const char            *username,
                    const guint8          *kek)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) der = open_key (key, username, kek, &error);

  g_assert_null (der);
  g_assert_error (error, ST_CRYPTO_ERROR, ST_CRYPTO_ERROR_AUTHENTICATION);
}

static gint64
user_count (CoreSite *site)
{
  return core_sql_int (site, "SELECT count(*) FROM users");
}

static void
test_add (void)
{
  g_autoptr(CoreSite) site = core_site_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(StUserRecord) anna = NULL;
  g_autoptr(StUserRecord) admin = NULL;
  g_autoptr(StUserKeyRecord) operator_key = active_key (site, "operator");
  g_autoptr(StUserKeyRecord) anna_key = NULL;
  g_autoptr(GPtrArray) users = NULL;
  g_autofree char *anna_entries = NULL;
  gint64 entries = core_audit_count (site);

  g_assert_true (st_users_add (site->admin, "anna", "Anna Analyst", ST_ROLE_OPERATOR | ST_ROLE_REVIEWER,
                               CORE_PASSWORD, &error));
  g_assert_no_error (error);
  anna = find_user (site, "anna");
  g_assert_cmpstr (anna->full_name, ==, "Anna Analyst");
  g_assert_cmpstr (anna->roles, ==, "operator,reviewer");
  g_assert_cmpint (anna->pw_iterations, ==, ST_AUTH_ITERATIONS);
  g_assert_cmpuint (g_bytes_get_size (anna->pw_salt), ==, ST_AUTH_SALT_LENGTH);
  g_assert_false (anna->pw_must_change);
  g_assert_false (anna->locked);
  g_assert_false (anna->disabled);
  g_assert_cmpint (anna->failed_count, ==, 0);
  g_assert_null (anna->ca_key_wrap);

  /* Every replayed field of the new user, and the certificate. */
  anna_entries = core_sql_text (site, "SELECT group_concat (field || '=' || new_value, ';') FROM"
                                      " (SELECT field, new_value FROM audit_trail"
                                      "  WHERE tbl = 'users' AND record = 'anna' ORDER BY seq)");
  g_assert_cmpstr (anna_entries, ==, "full_name=Anna Analyst;roles=operator,reviewer;disabled=no;locked=no;failed_sign_ins=0");
  g_assert_cmpint (core_sql_int (site, "SELECT count(*) FROM audit_trail WHERE tbl = 'user_keys' AND field = 'anna'"
                                       " AND action = 'certificate issued'"), ==, 1);
  g_assert_cmpint (core_audit_count (site), ==, entries + 6);

  /* A reviewer gets a signing key; a plain operator has none; an
   * administrator holds a key to the site CA instead. */
  anna_key = active_key (site, "anna");
  g_assert_nonnull (anna_key);
  g_assert_cmpstr (anna_key->source, ==, "site");
  g_assert_null (operator_key);
  admin = find_user (site, "admin");
  g_assert_nonnull (admin->ca_key_wrap);

  users = st_users_list (site->admin, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (users->len, ==, CORE_N_USERS + 1);
  g_assert_null (st_users_list (site->operator, &error));
  core_assert_error (error, ST_AUTH_ERROR, ST_AUTH_ERROR_ROLE, NULL);
  core_assert_audit_intact (site);
}

static void
test_signing_keys (void)
{
  g_autoptr(CoreSite) site = core_site_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(EVP_PKEY) other_ca_key = NULL;
  g_autofree char *other_ca = NULL;
  const char *signers[] = { "reviewer", "qp" };

  for (guint i = 0; i < G_N_ELEMENTS (signers); i++)
    {
      g_autoptr(StUserKeyRecord) key = active_key (site, signers[i]);
      guint8 kek[ST_KEY_LENGTH];

      g_assert_nonnull (key);
      derive_kek (site, signers[i], CORE_PASSWORD, kek);
      assert_key_signs (site, key, signers[i], kek);
      /* Sealed for this user only, and only under this password. */
      assert_key_refuses (key, i == 0 ? "qp" : "reviewer", kek);
      derive_kek (site, signers[i], "Some-other-password", kek);
      assert_key_refuses (key, signers[i], kek);
    }

  /* The certificate chains to this site's CA, not to any other. */
  g_assert_true (st_pki_create_ca ("Another site", &other_ca, &other_ca_key, &error));
  g_assert_no_error (error);
  {
    g_autoptr(StUserKeyRecord) key = active_key (site, "qp");
    g_autoptr(GBytes) der = open_key (key, "qp", core_template_kek (CORE_QP), &error);
    g_autoptr(EVP_PKEY) private_key = st_pki_key_from_der (der, &error);
    g_autoptr(GBytes) content = g_bytes_new_static ("x", 1);
    g_autoptr(GBytes) cms = st_pki_cms_sign (key->cert_pem, private_key, NULL, content, &error);

    g_assert_no_error (error);
    g_assert_false (st_pki_cms_verify (content, cms, other_ca, NULL, NULL, &error));
    g_assert_error (error, ST_PKI_ERROR, ST_PKI_ERROR_UNTRUSTED);
  }
}

static void
test_own_password (void)
{
  g_autoptr(CoreSite) site = core_site_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(StUserKeyRecord) before = active_key (site, "reviewer");
  g_autoptr(StUserKeyRecord) after = NULL;
  g_autoptr(StUserRecord) reviewer = NULL;
  g_autoptr(StUserKeyRecord) rolf_key = NULL;
  const char *new_password = "Reviewer-new-pass-9";
  guint8 kek[ST_KEY_LENGTH];
  gint64 entries = core_audit_count (site);

  g_assert_true (st_users_set_password (site->reviewer, NULL, new_password, &error));
  g_assert_no_error (error);

  /* The same key and certificate, sealed again under the new password. */
  after = active_key (site, "reviewer");
  g_assert_cmpint (after->id, ==, before->id);
  g_assert_cmpstr (after->cert_pem, ==, before->cert_pem);
  assert_key_refuses (after, "reviewer", core_template_kek (CORE_REVIEWER));
  derive_kek (site, "reviewer", new_password, kek);
  assert_key_signs (site, after, "reviewer", kek);
  g_assert_cmpmem (st_session_get_kek (site->reviewer), ST_KEY_LENGTH, kek, ST_KEY_LENGTH);
  reviewer = find_user (site, "reviewer");
  g_assert_false (reviewer->pw_must_change);

  /* Audited, and no password in the trail. */
  g_assert_cmpint (core_audit_count (site), ==, entries + 1);
  g_assert_cmpint (core_sql_int (site, "SELECT count(*) FROM audit_trail WHERE action = 'password changed'"
                                       " AND record = 'reviewer' AND username = 'reviewer'"), ==, 1);
  g_assert_cmpint (core_sql_int (site, "SELECT count(*) FROM audit_trail WHERE new_value LIKE '%Reviewer-new-pass%'"
                                       " OR old_value LIKE '%Reviewer-new-pass%'"), ==, 0);

  /* An administrator's key to the CA moves to the new password too: the
   * CA still issues certificates afterwards. */
  g_assert_true (st_users_set_password (site->admin, NULL, "Admin-new-pass-99", &error));
  g_assert_no_error (error);
  g_assert_true (st_users_add (site->admin, "rolf", "Rolf Reviewer", ST_ROLE_REVIEWER, CORE_PASSWORD, &error));
  g_assert_no_error (error);
  rolf_key = active_key (site, "rolf");
  g_assert_nonnull (rolf_key);
  core_assert_audit_intact (site);
}

static void
test_reset (void)
{
  g_autoptr(CoreSite) site = core_site_new ();
  g_autoptr(StSession) session = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(StUserKeyRecord) before = active_key (site, "qp");
  g_autoptr(StUserKeyRecord) after = NULL;
  g_autoptr(StUserRecord) qp = NULL;
  g_autofree char *sql = NULL;
  const char *reset_password = "Reset-password-77";
  guint8 kek[ST_KEY_LENGTH];
  gint64 entries = core_audit_count (site);

  /* Only administrators reset another user's password. */
  g_assert_false (st_users_set_password (site->operator, "qp", reset_password, &error));
  core_assert_error (error, ST_AUTH_ERROR, ST_AUTH_ERROR_ROLE, NULL);
  g_clear_error (&error);
  g_assert_cmpint (core_audit_count (site), ==, entries);

  g_assert_true (st_users_set_password (site->admin, "qp", reset_password, &error));
  g_assert_no_error (error);

  /* The old key cannot be opened any more: retired, a new one issued. */
  after = active_key (site, "qp");
  g_assert_nonnull (after);
  g_assert_cmpint (after->id, !=, before->id);
  g_assert_cmpstr (after->cert_pem, !=, before->cert_pem);
  sql = g_strdup_printf ("SELECT active FROM user_keys WHERE id = %" G_GINT64_FORMAT, before->id);
  g_assert_cmpint (core_sql_int (site, sql), ==, 0);
  g_assert_cmpint (core_sql_int (site, "SELECT count(*) FROM user_keys k JOIN users u ON u.id = k.user_id"
                                       " WHERE u.username = 'qp' AND k.active = 1"), ==, 1);
  derive_kek (site, "qp", reset_password, kek);
  assert_key_signs (site, after, "qp", kek);
  assert_key_refuses (after, "qp", core_template_kek (CORE_QP));
  qp = find_user (site, "qp");
  g_assert_true (qp->pw_must_change);
  g_assert_cmpint (core_audit_count (site), ==, entries + 2);
  g_assert_cmpint (core_sql_int (site, "SELECT count(*) FROM audit_trail WHERE action = 'password reset'"
                                       " AND record = 'qp' AND username = 'admin'"), ==, 1);

  /* The QP must change it at the next sign-in; then the key is theirs. */
  session = st_session_open (site->path, &error);
  g_assert_true (st_session_sign_in (session, "qp", reset_password, &error));
  g_assert_no_error (error);
  g_assert_true (st_session_password_expired (session));
  g_assert_false (st_session_begin (session, ST_ROLE_QP, "test", &error));
  core_assert_error (error, ST_AUTH_ERROR, ST_AUTH_ERROR_EXPIRED, NULL);
  g_clear_error (&error);
  g_assert_true (st_users_set_password (session, NULL, "Qp-own-password-1", &error));
  g_assert_no_error (error);
  g_assert_false (st_session_password_expired (session));
  g_clear_pointer (&qp, st_user_record_free);
  qp = find_user (site, "qp");
  g_assert_false (qp->pw_must_change);
  g_clear_pointer (&after, st_user_key_record_free);
  after = active_key (site, "qp");
  assert_key_signs (site, after, "qp", st_session_get_kek (session));
  core_assert_audit_intact (site);
}

static void
assert_add_refused (CoreSite    *site,
                    const char  *username,
                    const char  *full_name,
                    StRole       roles,
                    const char  *password,
                    GQuark       domain,
                    int          code)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (st_users_add (site->admin, username, full_name, roles, password, &error));
  g_test_message ("%s: %s", username ? username : "(null)", error ? error->message : "(no error)");
  g_assert_error (error, domain, code);
  g_assert_cmpint (st_error_kind (error), ==, ST_ERROR_KIND_INPUT);
}

static void
test_invalid (void)
{
  g_autoptr(CoreSite) site = core_site_new ();
  g_autoptr(GError) error = NULL;
  const char *bad_names[] = {
    NULL, "", "a", "A", "Anna", "1anna", "_anna", "an na", "anna!", "anna@site", "änna",
    "abcdefghijklmnopqrstuvwxyzabcdefg",
  };
  g_autofree char *long_name = g_strnfill (201, 'n');
  g_autofree char *long_password = g_strnfill (ST_AUTH_MAX_PASSWORD_LENGTH + 1, 'p');
  gint64 users = user_count (site);
  gint64 keys = core_sql_int (site, "SELECT count(*) FROM user_keys");
  gint64 entries = core_audit_count (site);

  assert_add_refused (site, "operator", "Someone Else", ST_ROLE_OPERATOR, CORE_PASSWORD,
                      ST_USERS_ERROR, ST_USERS_ERROR_EXISTS);
  for (guint i = 0; i < G_N_ELEMENTS (bad_names); i++)
    assert_add_refused (site, bad_names[i], NULL, ST_ROLE_OPERATOR, CORE_PASSWORD,
                        ST_SITE_ERROR, ST_SITE_ERROR_INVALID);
  assert_add_refused (site, "anna", NULL, ST_ROLE_OPERATOR, "nine-char", ST_AUTH_ERROR, ST_AUTH_ERROR_WEAK_PASSWORD);
  assert_add_refused (site, "anna", NULL, ST_ROLE_OPERATOR, NULL, ST_AUTH_ERROR, ST_AUTH_ERROR_WEAK_PASSWORD);
  assert_add_refused (site, "anna", NULL, ST_ROLE_OPERATOR, "", ST_AUTH_ERROR, ST_AUTH_ERROR_WEAK_PASSWORD);
  assert_add_refused (site, "anna", NULL, ST_ROLE_OPERATOR, long_password, ST_AUTH_ERROR, ST_AUTH_ERROR_WEAK_PASSWORD);
  assert_add_refused (site, "annabelle.lee", NULL, ST_ROLE_OPERATOR, "AnnaBelle.Lee", ST_AUTH_ERROR,
                      ST_AUTH_ERROR_WEAK_PASSWORD);
  assert_add_refused (site, "anna", NULL, ST_ROLE_NONE, CORE_PASSWORD, ST_USERS_ERROR, ST_USERS_ERROR_INVALID);
  assert_add_refused (site, "anna", NULL, 1 << 7, CORE_PASSWORD, ST_USERS_ERROR, ST_USERS_ERROR_INVALID);
  assert_add_refused (site, "anna", long_name, ST_ROLE_OPERATOR, CORE_PASSWORD, ST_USERS_ERROR, ST_USERS_ERROR_INVALID);
  assert_add_refused (site, "anna", "Anna \xff", ST_ROLE_OPERATOR, CORE_PASSWORD, ST_USERS_ERROR, ST_USERS_ERROR_INVALID);

  /* Nothing of it was written. */
  g_assert_cmpint (user_count (site), ==, users);
  g_assert_cmpint (core_sql_int (site, "SELECT count(*) FROM user_keys"), ==, keys);
  g_assert_cmpint (core_audit_count (site), ==, entries);

  /* The limits themselves are allowed: ten characters, a 32-character name. */
  g_assert_true (st_users_add (site->admin, "abcdefghijklmnopqrstuvwxyz.-_789", NULL, ST_ROLE_OPERATOR,
                               "ten-chars!", &error));
  g_assert_no_error (error);
  g_assert_cmpint (user_count (site), ==, users + 1);
  core_assert_audit_intact (site);
}

static void
test_set_roles (void)
{
  g_autoptr(CoreSite) site = core_site_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(StUserRecord) operator2 = NULL;
  g_autoptr(StUserRecord) reviewer = NULL;
  g_autoptr(StUserKeyRecord) key = NULL;
  g_autofree char *roles = NULL;
  guint8 kek[ST_KEY_LENGTH];
  gint64 entries = core_audit_count (site);

  /* Granting qp needs a new password: the key is sealed under it. */
  g_assert_false (st_users_set_roles (site->admin, "operator2", ST_ROLE_OPERATOR | ST_ROLE_QP, NULL, &error));
  core_assert_error (error, ST_USERS_ERROR, ST_USERS_ERROR_INVALID, "password", NULL);
  g_clear_error (&error);
  roles = core_sql_text (site, "SELECT roles FROM users WHERE username = 'operator2'");
  g_assert_cmpstr (roles, ==, "operator");
  key = active_key (site, "operator2");
  g_assert_null (key);
  g_assert_cmpint (core_audit_count (site), ==, entries);

  /* Granting admin likewise (a key to the CA). */
  g_assert_false (st_users_set_roles (site->admin, "operator2", ST_ROLE_OPERATOR | ST_ROLE_ADMIN, NULL, &error));
  core_assert_error (error, ST_USERS_ERROR, ST_USERS_ERROR_INVALID, NULL);
  g_clear_error (&error);

  /* Other refusals: no roles, not an administrator, one's own admin role,
   * an unknown user. */
  g_assert_false (st_users_set_roles (site->admin, "operator2", ST_ROLE_NONE, NULL, &error));
  core_assert_error (error, ST_USERS_ERROR, ST_USERS_ERROR_INVALID, NULL);
  g_clear_error (&error);
  g_assert_false (st_users_set_roles (site->qp, "operator2", ST_ROLE_OPERATOR, NULL, &error));
  core_assert_error (error, ST_AUTH_ERROR, ST_AUTH_ERROR_ROLE, NULL);
  g_clear_error (&error);
  g_assert_false (st_users_set_roles (site->admin, "admin", ST_ROLE_OPERATOR, NULL, &error));
  core_assert_error (error, ST_USERS_ERROR, ST_USERS_ERROR_SELF, NULL);
  g_clear_error (&error);
  g_assert_false (st_users_set_roles (site->admin, "nobody", ST_ROLE_OPERATOR, NULL, &error));
  core_assert_error (error, ST_USERS_ERROR, ST_USERS_ERROR_NOT_FOUND, NULL);
  g_clear_error (&error);
  g_assert_cmpint (core_audit_count (site), ==, entries);

  /* With a password: the role, a key under it, and a change at next sign-in. */
  g_assert_true (st_users_set_roles (site->admin, "operator2", ST_ROLE_OPERATOR | ST_ROLE_QP, "Operator2-qp-pass", &error));
  g_assert_no_error (error);
  operator2 = find_user (site, "operator2");
  g_assert_cmpstr (operator2->roles, ==, "operator,qp");
  g_assert_true (operator2->pw_must_change);
  g_clear_pointer (&key, st_user_key_record_free);
  key = active_key (site, "operator2");
  g_assert_nonnull (key);
  derive_kek (site, "operator2", "Operator2-qp-pass", kek);
  assert_key_signs (site, key, "operator2", kek);
  g_assert_cmpint (core_sql_int (site, "SELECT count(*) FROM audit_trail WHERE record = 'operator2'"
                                       " AND field = 'roles' AND old_value = 'operator' AND new_value = 'operator,qp'"), ==, 1);

  /* Taking a role away needs no password. */
  g_assert_true (st_users_set_roles (site->admin, "reviewer", ST_ROLE_OPERATOR, NULL, &error));
  g_assert_no_error (error);
  reviewer = find_user (site, "reviewer");
  g_assert_cmpstr (reviewer->roles, ==, "operator");
  g_assert_false (reviewer->pw_must_change);
  g_assert_false (st_session_begin (site->reviewer, ST_ROLE_REVIEWER, "lot review", &error));
  core_assert_error (error, ST_AUTH_ERROR, ST_AUTH_ERROR_ROLE, NULL);
  core_assert_audit_intact (site);
}

int
main (int argc, char **argv)
{
  core_fixture_init (&argc, &argv);

  g_test_add_func ("/core/users/add", test_add);
  g_test_add_func ("/core/users/signing-keys", test_signing_keys);
  g_test_add_func ("/core/users/own-password", test_own_password);
  g_test_add_func ("/core/users/reset", test_reset);
  g_test_add_func ("/core/users/invalid", test_invalid);
  g_test_add_func ("/core/users/set-roles", test_set_roles);

  return core_fixture_run ();
}
