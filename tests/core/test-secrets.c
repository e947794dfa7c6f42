/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <openssl/core_names.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/stat.h>

#include "st-backup.h"
#include "st-deviations.h"
#include "st-donors.h"
#include "st-export.h"
#include "st-keys.h"
#include "st-lots.h"
#include "st-pki.h"
#include "st-session-private.h"
#include "st-site.h"
#include "st-users-private.h"
#include "st-workflow.h"

/*
 * Secrets: what is freed is overwritten first, and what is stored is never
 * a password or an unencrypted private key.
 *
 * This binary is linked with -Wl,--wrap=g_free (tests/core/meson.build):
 * every g_free() of the core and of this file passes __wrap_g_free() below
 * first, which looks at a watched buffer at the moment it is freed, while
 * it is still the program's memory.
 */

#define ADMIN_PASSWORD "Secret-admin-pass-1"
#define USER_PASSWORD "Secret-user-pass-2"
#define CHANGED_PASSWORD "Secret-changed-pass-3"
#define P12_PASSPHRASE "Secret-p12-phrase-4"

void __real_g_free (gpointer mem);
void __wrap_g_free (gpointer mem);

static struct {
  gconstpointer data;
  gsize len;
  guint freed;
  gboolean zero;
} watch;

void
__wrap_g_free (gpointer mem)
{
  if (mem != NULL && mem == watch.data)
    {
      const guint8 *bytes = mem;

      watch.freed++;
      watch.zero = TRUE;
      for (gsize i = 0; i < watch.len; i++)
        if (bytes[i] != 0)
          watch.zero = FALSE;
      watch.data = NULL;
    }
  __real_g_free (mem);
}

static void
watch_start (gconstpointer data,
             gsize         len)
{
  watch.data = data;
  watch.len = len;
  watch.freed = 0;
  watch.zero = FALSE;
}

static void
assert_watched_freed_zeroed (void)
{
  g_assert_cmpuint (watch.freed, ==, 1);
  g_assert_true (watch.zero);
}

/* The wrap itself: a plain g_free() of a password is seen, not zeroed. */
static void
test_wrap_sees_free (void)
{
  char *password = g_strdup (USER_PASSWORD);

  watch_start (password, strlen (password));
  g_free (password);
  g_assert_cmpuint (watch.freed, ==, 1);
  g_assert_false (watch.zero);
}

static void
test_secret_free_cleanses (void)
{
  StSecret *secret = g_strdup (USER_PASSWORD);

  watch_start (secret, strlen (secret));
  st_secret_free (secret);
  assert_watched_freed_zeroed ();

  /* The same at the end of a g_autoptr(StSecret) scope. */
  {
    g_autoptr(StSecret) scoped = g_strdup (CHANGED_PASSWORD);
    watch_start (scoped, strlen (scoped));
  }
  assert_watched_freed_zeroed ();
}

/* An opened key's plaintext (a signing key's PKCS#8 DER) is overwritten
 * when the last reference goes. */
static void
test_opened_key_cleansed (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) sealed = NULL;
  GBytes *plain;
  guint8 kek[ST_KEY_LENGTH];
  const char text[] = "-----a private key's bytes-----";

  g_assert_true (st_crypto_random (kek, sizeof kek, &error));
  sealed = st_crypto_seal (kek, (const guint8 *) text, sizeof text, "user-key:test", &error);
  g_assert_no_error (error);
  plain = st_crypto_open (kek, sealed, "user-key:test", &error);
  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (plain, NULL), g_bytes_get_size (plain), text, sizeof text);

  watch_start (g_bytes_get_data (plain, NULL), g_bytes_get_size (plain));
  g_bytes_unref (plain);
  assert_watched_freed_zeroed ();
}

static void
test_key_der_cleansed (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EVP_PKEY) key = NULL;
  g_autofree char *ca_pem = NULL;
  GBytes *der;

  st_pki_create_ca ("Secret Test", &ca_pem, &key, &error);
  g_assert_no_error (error);
  der = st_pki_key_to_der (key, &error);
  g_assert_no_error (error);
  watch_start (g_bytes_get_data (der, NULL), g_bytes_get_size (der));
  g_bytes_unref (der);
  assert_watched_freed_zeroed ();
}

static void
test_password_keys_cleared (void)
{
  g_autoptr(GError) error = NULL;
  StPasswordKeys keys = { 0 };
  const guint8 salt[ST_AUTH_SALT_LENGTH] = { 1, 2, 3 };

  g_assert_true (st_auth_derive (USER_PASSWORD, salt, sizeof salt, 1000, &keys, &error));
  st_password_keys_clear (&keys);
  for (gsize i = 0; i < sizeof keys; i++)
    g_assert_cmpuint (((const guint8 *) &keys)[i], ==, 0);
}

/* ---- the database ---- */

typedef struct {
  const char *what;
  GBytes *bytes;
} Needle;

static void
needle_add (GArray     *needles,
            const char *what,
            GBytes     *bytes)
{
  Needle needle = { what, bytes };
  g_array_append_val (needles, needle);
}

static void
needle_add_text (GArray     *needles,
                 const char *what,
                 const char *text)
{
  needle_add (needles, what, g_bytes_new_static (text, strlen (text)));
}

static void
needle_clear (gpointer data)
{
  g_bytes_unref (((Needle *) data)->bytes);
}

/* The PKCS#8 DER of @key and its bare private scalar: neither may be stored. */
static void
needle_add_key (GArray     *needles,
                const char *what,
                EVP_PKEY   *key)
{
  g_autoptr(GError) error = NULL;
  BIGNUM *scalar = NULL;
  guint8 raw[32];

  needle_add (needles, what, st_pki_key_to_der (key, &error));
  g_assert_no_error (error);
  g_assert_true (EVP_PKEY_get_bn_param (key, OSSL_PKEY_PARAM_PRIV_KEY, &scalar));
  g_assert_cmpint (BN_bn2binpad (scalar, raw, sizeof raw), ==, sizeof raw);
  BN_clear_free (scalar);
  needle_add (needles, what, g_bytes_new (raw, sizeof raw));
}

/* Every signing key stored for @username, opened with the @kek of its password. */
static void
needle_add_user_keys (GArray       *needles,
                      const char   *path,
                      const char   *username,
                      const guint8 *kek)
{
  g_autofree char *context = g_strconcat ("user-key:", username, NULL);
  sqlite3 *sql = NULL;
  sqlite3_stmt *stmt = NULL;
  guint found = 0;

  g_assert_cmpint (sqlite3_open_v2 (path, &sql, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (sql, "SELECT k.key_sealed FROM user_keys k JOIN users u ON u.id = k.user_id "
                                            "WHERE u.username = ? AND k.active = 1", -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, username, -1, SQLITE_STATIC);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) sealed = g_bytes_new (sqlite3_column_blob (stmt, 0), sqlite3_column_bytes (stmt, 0));
      g_autoptr(GBytes) der = st_crypto_open (kek, sealed, context, &error);
      g_autoptr(EVP_PKEY) key = NULL;

      g_assert_no_error (error);
      key = st_pki_key_from_der (der, &error);
      g_assert_no_error (error);
      needle_add_key (needles, username, key);
      found++;
    }
  sqlite3_finalize (stmt);
  sqlite3_close (sql);
  g_assert_cmpuint (found, ==, 1);
}

static gboolean
contains (const char   *haystack,
          gsize         length,
          const guint8 *needle,
          gsize         size)
{
  for (gsize i = 0; i + size <= length; i++)
    if ((guint8) haystack[i] == needle[0] && memcmp (haystack + i, needle, size) == 0)
      return TRUE;
  return FALSE;
}

static void
assert_no_needle_in (const char *path,
                     GArray     *needles)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    return;
  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < needles->len; i++)
    {
      const Needle *needle = &g_array_index (needles, Needle, i);
      gsize size = 0;
      gconstpointer data = g_bytes_get_data (needle->bytes, &size);

      g_assert_cmpuint (size, >=, 8);
      gboolean found = contains (contents, length, data, size);

      if (found)
        g_test_message ("%s holds %s", path, needle->what);
      g_assert_false (found);
    }
}

static void
assert_private_file (const char *path)
{
  struct stat info;

  g_assert_cmpint (g_stat (path, &info), ==, 0);
  if ((info.st_mode & 0777) != 0600)
    g_test_message ("%s has mode %o", path, info.st_mode & 0777);
  g_assert_cmpint (info.st_mode & 0777, ==, 0600);
}

static GBytes *
make_p12 (EVP_PKEY **key_out)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *ca_pem = NULL;
  g_autofree char *cert_pem = NULL;
  g_autoptr(EVP_PKEY) ca_key = NULL;
  g_autoptr(BIO) bio = NULL;
  g_autoptr(X509) cert = NULL;
  g_autoptr(PKCS12) p12 = NULL;
  unsigned char *der = NULL;
  GBytes *bytes;
  int length;

  st_pki_create_ca ("Outside Hospital", &ca_pem, &ca_key, &error);
  g_assert_no_error (error);
  st_pki_issue_signing_cert (ca_pem, ca_key, "reviewer", "Rita Reviewer", &cert_pem, key_out, &error);
  g_assert_no_error (error);
  bio = BIO_new_mem_buf (cert_pem, -1);
  cert = PEM_read_bio_X509 (bio, NULL, NULL, NULL);
  p12 = PKCS12_create (P12_PASSPHRASE, "Rita Reviewer", *key_out, cert, NULL, 0, 0, 0, 0, 0);
  g_assert_nonnull (p12);
  length = i2d_PKCS12 (p12, &der);
  g_assert_cmpint (length, >, 0);
  bytes = g_bytes_new (der, length);
  OPENSSL_free (der);
  return bytes;
}

static StSession *
add_user (StSession  *admin,
          const char *path,
          const char *username,
          const char *full_name,
          StRole      roles,
          guint8      kek[ST_KEY_LENGTH])
{
  g_autoptr(GError) error = NULL;
  StPasswordKeys keys = { 0 };
  StSession *session;

  st_users_add_with_keys (admin, username, full_name, roles, USER_PASSWORD, &keys, &error);
  g_assert_no_error (error);
  memcpy (kek, keys.kek, ST_KEY_LENGTH);
  st_password_keys_clear (&keys);
  session = st_session_open (path, &error);
  g_assert_no_error (error);
  st_session_adopt (session, username, kek, &error);
  g_assert_no_error (error);
  return session;
}

/*
 * A whole life on one site, created under umask 0 so that no file is
 * private by luck: init, users, data, a wrong password, signatures and a
 * release, a signed export, a PKCS#12 import, a password change, a backup.
 * Then neither the database, its WAL and shared-memory files (while open
 * and after the last close) nor the backup hold a password, a PEM private
 * key, the DER or the bare scalar of any private key (users', imported,
 * the CA's) or a key-encryption key; and each is mode 0600.
 */
static void
test_nothing_stored (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("stroma-secrets-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "site.db", NULL);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);
  g_autofree char *backup = g_build_filename (dir, "backup.db", NULL);
  g_autofree char *workbook = g_build_filename (dir, "records.xlsx", NULL);
  g_autofree char *workbook_p7s = g_strconcat (workbook, ".p7s", NULL);
  g_autofree char *ca_pem = NULL;
  g_autoptr(GArray) needles = g_array_new (FALSE, TRUE, sizeof (Needle));
  g_autoptr(StSession) admin = NULL;
  g_autoptr(StSession) operator = NULL;
  g_autoptr(StSession) reviewer = NULL;
  g_autoptr(StSession) qp = NULL;
  g_autoptr(StCertificate) certificate = NULL;
  g_autoptr(GBytes) p12 = NULL;
  g_autoptr(EVP_PKEY) imported_key = NULL;
  g_autoptr(EVP_PKEY) ca_key = NULL;
  g_autofree char *today = NULL;
  const char *files[] = { path, wal, shm, backup, NULL };
  guint8 kek_operator[ST_KEY_LENGTH], kek_reviewer[ST_KEY_LENGTH], kek_qp[ST_KEY_LENGTH];
  guint8 kek_admin[ST_KEY_LENGTH];
  StSiteSetup setup = {
    .site_name = "Secrets Unit", .admin_username = "admin", .admin_full_name = "Ada Admin",
    .admin_password = ADMIN_PASSWORD,
  };
  mode_t saved_umask = umask (0);

  g_assert_no_error (error);
  g_array_set_clear_func (needles, needle_clear);

  admin = st_site_create (path, &setup, &error);
  g_assert_no_error (error);
  memcpy (kek_admin, st_session_get_kek (admin), ST_KEY_LENGTH);
  operator = add_user (admin, path, "operator", "Olga Operator", ST_ROLE_OPERATOR, kek_operator);
  reviewer = add_user (admin, path, "reviewer", "Rita Reviewer", ST_ROLE_REVIEWER, kek_reviewer);
  qp = add_user (admin, path, "qp", "Quentin Person", ST_ROLE_QP, kek_qp);

  /* A lot through review and release. */
  {
    const char *markers[] = { "hiv", "hbsag", "anti-hbc", "hcv", "syphilis", "hiv-nat", "hbv-nat", "hcv-nat" };
    const char *conforming[][2] = {
      { "appearance", "conforms" }, { "viability", "92.5" }, { "cell_concentration", "1.8" },
      { "cd73", "98.1" }, { "cd90", "97.4" }, { "cd105", "96.2" }, { "cd45", "0.8" }, { "cd34", "0.4" },
      { "cd14", "0.6" }, { "cd19", "0.3" }, { "hla_dr", "0.9" }, { "sterility", "no-growth" },
      { "endotoxin", "0.1" }, { "mycoplasma", "not-detected" }, { "potency_mlr", "45" },
    };
    StDonorInput donor = { .code = "D-1", .birth_year = "1985", .sex = "female", .consent_date = "2026-01-05" };
    StPassageInput p1 = { "1", "5000000", "40000000", "2026-01-10", "2026-01-18" };
    StPassageInput p2 = { "2", "10000000", "160000000", "2026-01-18", "2026-01-26" };
    const char *donors[] = { "D-1", NULL };
    gint64 deviation = 0;

    st_donors_add (operator, &donor, &error);
    g_assert_no_error (error);
    for (guint i = 0; i < G_N_ELEMENTS (markers); i++)
      {
        st_donors_add_test (operator, "D-1", markers[i], "negative", "2026-01-05", &error);
        g_assert_no_error (error);
      }
    st_lots_create (operator, "LOT-1", NULL, donors, NULL, &error);
    g_assert_no_error (error);
    st_lots_add_passage (operator, "LOT-1", &p1, &error);
    g_assert_no_error (error);
    st_lots_add_passage (operator, "LOT-1", &p2, &error);
    g_assert_no_error (error);
    for (guint i = 0; i < G_N_ELEMENTS (conforming); i++)
      {
        st_lots_record_result (operator, "LOT-1", conforming[i][0], conforming[i][1], NULL, &error);
        g_assert_no_error (error);
      }
    st_deviations_open (operator, "LOT-1", "minor", "Label reprinted.", &deviation, &error);
    g_assert_no_error (error);
    st_workflow_submit (operator, "LOT-1", &error);
    g_assert_no_error (error);
    /* A wrong password is counted, never kept. */
    st_workflow_review (reviewer, "LOT-1", CHANGED_PASSWORD, &error);
    g_assert_error (error, ST_AUTH_ERROR, ST_AUTH_ERROR_WRONG_PASSWORD);
    g_clear_error (&error);
    st_workflow_review (reviewer, "LOT-1", USER_PASSWORD, &error);
    g_assert_no_error (error);
    certificate = st_workflow_release (qp, "LOT-1", ST_RELEASE_FULL, 0, USER_PASSWORD, &error);
    g_assert_no_error (error);
  }

  /* A signed export, a key from outside, a password change, a backup. */
  {
    StExportScope scope = { .sign = TRUE, .password = USER_PASSWORD };
    StExportResult result = { 0 };

    st_export_xlsx (qp, &scope, workbook, NULL, NULL, NULL, &result, &error);
    g_assert_no_error (error);
    st_export_result_clear (&result);
  }
  p12 = make_p12 (&imported_key);
  st_keys_import_pkcs12 (reviewer, p12, P12_PASSPHRASE, USER_PASSWORD, &error);
  g_assert_no_error (error);
  st_users_set_password (operator, NULL, CHANGED_PASSWORD, &error);
  g_assert_no_error (error);
  {
    StBackupReport report = { 0 };
    st_backup_create (admin, backup, &report, &error);
    g_assert_no_error (error);
    st_backup_report_clear (&report);
  }

  /* What must not be found. */
  needle_add_text (needles, "the administrator's password", ADMIN_PASSWORD);
  needle_add_text (needles, "a user's password", USER_PASSWORD);
  needle_add_text (needles, "a changed (and a wrong) password", CHANGED_PASSWORD);
  needle_add_text (needles, "the PKCS#12 passphrase", P12_PASSPHRASE);
  needle_add_text (needles, "a PEM private key", "PRIVATE KEY");
  needle_add (needles, "the administrator's key-encryption key", g_bytes_new (kek_admin, sizeof kek_admin));
  needle_add (needles, "the operator's key-encryption key", g_bytes_new (kek_operator, sizeof kek_operator));
  needle_add (needles, "the reviewer's key-encryption key", g_bytes_new (kek_reviewer, sizeof kek_reviewer));
  needle_add (needles, "the QP's key-encryption key", g_bytes_new (kek_qp, sizeof kek_qp));
  needle_add_user_keys (needles, path, "qp", kek_qp);
  needle_add_user_keys (needles, path, "reviewer", kek_reviewer);
  needle_add_key (needles, "the imported key", imported_key);
  st_site_unlock_ca (admin, &ca_pem, &ca_key, &error);
  g_assert_no_error (error);
  needle_add_key (needles, "the CA key", ca_key);
  {
    /* The reviewer's site-issued key, retired by the import. */
    sqlite3 *sql = NULL;
    sqlite3_stmt *stmt = NULL;
    guint retired = 0;

    g_assert_cmpint (sqlite3_open_v2 (path, &sql, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_prepare_v2 (sql, "SELECT k.key_sealed FROM user_keys k JOIN users u ON u.id = k.user_id "
                                              "WHERE u.username = 'reviewer' AND k.active = 0", -1, &stmt, NULL),
                     ==, SQLITE_OK);
    while (sqlite3_step (stmt) == SQLITE_ROW)
      {
        g_autoptr(GBytes) sealed = g_bytes_new (sqlite3_column_blob (stmt, 0), sqlite3_column_bytes (stmt, 0));
        g_autoptr(GBytes) der = st_crypto_open (kek_reviewer, sealed, "user-key:reviewer", &error);
        g_autoptr(EVP_PKEY) key = NULL;

        g_assert_no_error (error);
        key = st_pki_key_from_der (der, &error);
        g_assert_no_error (error);
        needle_add_key (needles, "the reviewer's retired key", key);
        retired++;
      }
    sqlite3_finalize (stmt);
    sqlite3_close (sql);
    g_assert_cmpuint (retired, ==, 1);
  }

  /* While the sessions are open: the WAL holds the recent writes. */
  g_assert_true (g_file_test (wal, G_FILE_TEST_EXISTS));
  for (guint i = 0; files[i] != NULL; i++)
    {
      assert_private_file (files[i]);
      assert_no_needle_in (files[i], needles);
    }

  /* After the last close the WAL is folded into the file. */
  g_clear_object (&admin);
  g_clear_object (&operator);
  g_clear_object (&reviewer);
  g_clear_object (&qp);
  assert_private_file (path);
  assert_no_needle_in (path, needles);
  assert_no_needle_in (backup, needles);

  umask (saved_umask);
  for (guint i = 0; files[i] != NULL; i++)
    g_remove (files[i]);
  g_remove (workbook);
  g_remove (workbook_p7s);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/secrets/wrap-sees-free", test_wrap_sees_free);
  g_test_add_func ("/core/secrets/secret-free-cleanses", test_secret_free_cleanses);
  g_test_add_func ("/core/secrets/opened-key-cleansed", test_opened_key_cleansed);
  g_test_add_func ("/core/secrets/key-der-cleansed", test_key_der_cleansed);
  g_test_add_func ("/core/secrets/password-keys-cleared", test_password_keys_cleared);
  g_test_add_func ("/core/secrets/nothing-stored", test_nothing_stored);
  return g_test_run ();
}
