/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "st-pki.h"

#include <glib/gstdio.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>
#include <stdarg.h>
#include <string.h>

#define SITE "Example Site"
#define CONTENT "%PDF-1.7 batch certificate of lot L-2024-001\n\x00\x01\xff binary tail"

typedef struct {
  char *ca_pem;
  EVP_PKEY *ca_key;
  char *cert_pem;
  EVP_PKEY *key;
} Site;

static void
site_init (Site *site)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (st_pki_create_ca (SITE, &site->ca_pem, &site->ca_key, &error));
  g_assert_no_error (error);
  g_assert_true (st_pki_issue_signing_cert (site->ca_pem, site->ca_key, "jdoe", "Jane Doe",
                                            &site->cert_pem, &site->key, &error));
  g_assert_no_error (error);
}

static void
site_clear (Site *site)
{
  g_free (site->ca_pem);
  g_free (site->cert_pem);
  EVP_PKEY_free (site->ca_key);
  EVP_PKEY_free (site->key);
}

static X509 *
parse_cert (const char *pem)
{
  g_autoptr(BIO) bio = BIO_new_mem_buf (pem, -1);
  X509 *cert = PEM_read_bio_X509 (bio, NULL, NULL, NULL);

  g_assert_nonnull (cert);
  return cert;
}

static GBytes *
content_bytes (void)
{
  return g_bytes_new_static (CONTENT, sizeof CONTENT - 1);
}

static gboolean
bytes_contain (GBytes     *bytes,
               const char *needle)
{
  gsize len = 0;
  const guint8 *data = g_bytes_get_data (bytes, &len);
  gsize needle_len = strlen (needle);

  for (gsize i = 0; i + needle_len <= len; i++)
    if (memcmp (data + i, needle, needle_len) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
ext_is_critical (X509 *cert,
                 int   nid)
{
  int index = X509_get_ext_by_NID (cert, nid, -1);

  g_assert_cmpint (index, >=, 0);
  return X509_EXTENSION_get_critical (X509_get_ext (cert, index)) == 1;
}

static void
assert_p256 (EVP_PKEY *key)
{
  char group[64] = "";

  g_assert_true (EVP_PKEY_is_a (key, "EC"));
  g_assert_true (EVP_PKEY_get_group_name (key, group, sizeof group, NULL));
  g_assert_cmpint (OBJ_sn2nid (group), ==, NID_X9_62_prime256v1);
}

static void
test_create_ca (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *pem = NULL;
  g_autofree char *other_pem = NULL;
  g_autoptr(EVP_PKEY) key = NULL;
  g_autoptr(EVP_PKEY) other_key = NULL;
  g_autoptr(X509) cert = NULL;
  g_autofree char *subject = NULL;
  g_autofree char *serial = NULL;
  g_autofree char *other_serial = NULL;
  g_autofree char *not_after = NULL;
  g_autofree char *expected_year = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  char *too_long;

  g_assert_true (st_pki_create_ca (SITE, &pem, &key, &error));
  g_assert_no_error (error);
  cert = parse_cert (pem);

  assert_p256 (key);
  g_assert_true (st_pki_cert_matches_key (pem, key));
  g_assert_cmpint (X509_verify (cert, key), ==, 1);
  g_assert_cmpint (X509_get_version (cert), ==, X509_VERSION_3);

  g_assert_cmpint (X509_check_ca (cert), ==, 1);
  g_assert_true (X509_get_extension_flags (cert) & EXFLAG_CA);
  g_assert_true (ext_is_critical (cert, NID_basic_constraints));
  g_assert_cmphex (X509_get_key_usage (cert), ==, KU_KEY_CERT_SIGN | KU_CRL_SIGN);
  g_assert_true (ext_is_critical (cert, NID_key_usage));
  g_assert_nonnull (X509_get0_subject_key_id (cert));

  subject = st_pki_cert_subject (pem);
  g_assert_cmpstr (subject, ==, "CN=Example Site Stroma signing CA,O=Example Site");
  not_after = st_pki_cert_not_after (pem);
  expected_year = g_strdup_printf ("%04d-", g_date_time_get_year (now) + 10);
  g_assert_true (g_str_has_prefix (not_after, expected_year));
  g_assert_cmpuint (strlen (not_after), ==, strlen ("2034-01-01T00:00:00Z"));
  g_assert_true (g_str_has_suffix (not_after, "Z"));

  /* Random serials: two CAs never share one (128 bits). */
  g_assert_true (st_pki_create_ca (SITE, &other_pem, &other_key, &error));
  serial = st_pki_cert_serial_hex (pem);
  other_serial = st_pki_cert_serial_hex (other_pem);
  g_assert_cmpuint (strlen (serial), >, 16);
  g_assert_cmpuint (strlen (serial), <=, 32);
  g_assert_cmpstr (serial, !=, other_serial);

  g_clear_pointer (&pem, g_free);
  g_clear_pointer (&key, EVP_PKEY_free);
  g_assert_false (st_pki_create_ca ("", &pem, &key, &error));
  g_assert_error (error, ST_PKI_ERROR, ST_PKI_ERROR_INVALID);
  g_clear_error (&error);
  too_long = g_strnfill (47, 'x');
  g_assert_false (st_pki_create_ca (too_long, &pem, &key, &error));
  g_assert_error (error, ST_PKI_ERROR, ST_PKI_ERROR_INVALID);
  g_assert_null (pem);
  g_assert_null (key);
  g_free (too_long);
}

static void
assert_chains_for_smime (const char *ca_pem,
                         const char *cert_pem)
{
  g_autoptr(X509) ca = parse_cert (ca_pem);
  g_autoptr(X509) cert = parse_cert (cert_pem);
  g_autoptr(X509_STORE) store = X509_STORE_new ();
  g_autoptr(X509_STORE_CTX) ctx = X509_STORE_CTX_new ();

  g_assert_true (X509_STORE_add_cert (store, ca));
  g_assert_true (X509_STORE_CTX_init (ctx, store, cert, NULL));
  g_assert_true (X509_STORE_CTX_set_default (ctx, "smime_sign"));
  if (X509_verify_cert (ctx) != 1)
    g_test_message ("verify error: %s",
                    X509_verify_cert_error_string (X509_STORE_CTX_get_error (ctx)));
  g_assert_cmpint (X509_STORE_CTX_get_error (ctx), ==, X509_V_OK);
}

static void
test_issue_signing_cert (void)
{
  Site site = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(X509) ca = NULL;
  g_autoptr(X509) cert = NULL;
  g_autofree char *subject = NULL;
  g_autofree char *other_pem = NULL;
  g_autoptr(EVP_PKEY) other_key = NULL;
  STACK_OF (OPENSSL_STRING) *emails;
  uint32_t usage;

  site_init (&site);
  ca = parse_cert (site.ca_pem);
  cert = parse_cert (site.cert_pem);

  assert_p256 (site.key);
  g_assert_true (st_pki_cert_matches_key (site.cert_pem, site.key));
  g_assert_false (st_pki_cert_matches_key (site.cert_pem, site.ca_key));
  g_assert_false (st_pki_cert_matches_key (site.ca_pem, site.key));
  assert_chains_for_smime (site.ca_pem, site.cert_pem);
  g_assert_cmpint (X509_check_issued (ca, cert), ==, X509_V_OK);

  usage = X509_get_key_usage (cert);
  g_assert_true (usage & KU_DIGITAL_SIGNATURE);
  g_assert_true (usage & KU_NON_REPUDIATION);
  g_assert_false (usage & KU_KEY_CERT_SIGN);
  g_assert_true (ext_is_critical (cert, NID_key_usage));
  g_assert_true (X509_get_extended_key_usage (cert) & XKU_SMIME);
  g_assert_cmpint (X509_check_purpose (cert, X509_PURPOSE_SMIME_SIGN, 0), ==, 1);
  g_assert_cmpint (X509_check_ca (cert), ==, 0);
  g_assert_cmpint (X509_get_ext_by_NID (cert, NID_basic_constraints, -1), >=, 0);
  g_assert_nonnull (X509_get0_authority_key_id (cert));
  g_assert_cmpint (ASN1_OCTET_STRING_cmp (X509_get0_authority_key_id (cert),
                                          X509_get0_subject_key_id (ca)), ==, 0);

  emails = X509_get1_email (cert);
  g_assert_cmpint (sk_OPENSSL_STRING_num (emails), ==, 1);
  g_assert_cmpstr (sk_OPENSSL_STRING_value (emails, 0), ==, "jdoe@example-site.stroma.invalid");
  X509_email_free (emails);

  subject = st_pki_cert_subject (site.cert_pem);
  g_assert_cmpstr (subject, ==, "CN=Jane Doe,UID=jdoe,O=Example Site");

  /* A key that is not the CA's cannot issue. */
  g_assert_false (st_pki_issue_signing_cert (site.ca_pem, site.key, "x", "X",
                                             &other_pem, &other_key, &error));
  g_assert_error (error, ST_PKI_ERROR, ST_PKI_ERROR_UNUSABLE);
  g_clear_error (&error);
  /* A user certificate is not a CA. */
  g_assert_false (st_pki_issue_signing_cert (site.cert_pem, site.key, "x", "X",
                                             &other_pem, &other_key, &error));
  g_assert_error (error, ST_PKI_ERROR, ST_PKI_ERROR_UNUSABLE);
  g_clear_error (&error);
  g_assert_false (st_pki_issue_signing_cert ("not pem", site.ca_key, "x", "X",
                                             &other_pem, &other_key, &error));
  g_assert_error (error, ST_PKI_ERROR, ST_PKI_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (st_pki_issue_signing_cert (site.ca_pem, site.ca_key, "x", "",
                                             &other_pem, &other_key, &error));
  g_assert_error (error, ST_PKI_ERROR, ST_PKI_ERROR_INVALID);
  g_assert_null (other_pem);

  site_clear (&site);
}

static void
test_non_ascii_names (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *ca_pem = NULL;
  g_autofree char *cert_pem = NULL;
  g_autoptr(EVP_PKEY) ca_key = NULL;
  g_autoptr(EVP_PKEY) key = NULL;
  g_autofree char *subject = NULL;
  g_autoptr(X509) cert = NULL;
  STACK_OF (OPENSSL_STRING) *emails;

  g_assert_true (st_pki_create_ca ("Hôpital Universitaire, Genève", &ca_pem, &ca_key, &error));
  g_assert_no_error (error);
  g_assert_true (st_pki_issue_signing_cert (ca_pem, ca_key, "jürgen.m", "Jürgen Müller",
                                            &cert_pem, &key, &error));
  g_assert_no_error (error);

  subject = st_pki_cert_subject (cert_pem);
  g_assert_cmpstr (subject, ==, "CN=Jürgen Müller,UID=jürgen.m,O=Hôpital Universitaire\\, Genève");
  cert = parse_cert (cert_pem);
  emails = X509_get1_email (cert);
  g_assert_cmpstr (sk_OPENSSL_STRING_value (emails, 0), ==,
                   "jurgen.m@hopital-universitaire-geneve.stroma.invalid");
  X509_email_free (emails);
  assert_chains_for_smime (ca_pem, cert_pem);
}

static void
test_key_der_round_trip (void)
{
  Site site = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) der = NULL;
  g_autoptr(EVP_PKEY) back = NULL;
  g_autoptr(GBytes) garbage = g_bytes_new_static ("\x30\x03\x02\x01\x00", 5);
  g_autoptr(GBytes) empty = g_bytes_new_static ("", 0);
  g_autoptr(EVP_PKEY) none = NULL;

  site_init (&site);
  der = st_pki_key_to_der (site.key, &error);
  g_assert_no_error (error);
  g_assert_nonnull (der);
  g_assert_cmpuint (g_bytes_get_size (der), >, 64);
  g_assert_cmphex (((const guint8 *) g_bytes_get_data (der, NULL))[0], ==, 0x30);

  back = st_pki_key_from_der (der, &error);
  g_assert_no_error (error);
  g_assert_nonnull (back);
  g_assert_cmpint (EVP_PKEY_eq (back, site.key), ==, 1);
  g_assert_true (st_pki_cert_matches_key (site.cert_pem, back));
  assert_p256 (back);

  none = st_pki_key_from_der (garbage, &error);
  g_assert_null (none);
  g_assert_error (error, ST_PKI_ERROR, ST_PKI_ERROR_INVALID);
  g_clear_error (&error);
  none = st_pki_key_from_der (empty, &error);
  g_assert_null (none);
  g_assert_error (error, ST_PKI_ERROR, ST_PKI_ERROR_INVALID);

  site_clear (&site);
}

static void
test_sign_verify (void)
{
  Site site = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) content = content_bytes ();
  g_autoptr(GBytes) signature = NULL;
  g_autofree char *signer = NULL;
  g_autofree char *signing_time = NULL;
  g_autofree char *other_ca = NULL;
  g_autofree char *both = NULL;
  g_autoptr(EVP_PKEY) other_key = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) signed_at = NULL;
  g_autoptr(GBytes) empty = g_bytes_new_static ("", 0);
  g_autoptr(GBytes) empty_signature = NULL;

  site_init (&site);
  signature = st_pki_cms_sign (site.cert_pem, site.key, NULL, content, &error);
  g_assert_no_error (error);
  g_assert_nonnull (signature);
  /* Detached: the content is not inside the signature. */
  g_assert_false (bytes_contain (signature, "batch certificate"));

  g_assert_true (st_pki_cms_verify (content, signature, site.ca_pem, &signer, &signing_time, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (signer, ==, site.cert_pem);
  g_assert_nonnull (signing_time);
  signed_at = g_date_time_new_from_iso8601 (signing_time, NULL);
  g_assert_nonnull (signed_at);
  g_assert_cmpint (ABS (g_date_time_difference (now, signed_at)), <, 60 * G_TIME_SPAN_SECOND);

  g_assert_true (st_pki_cms_verify (content, signature, site.ca_pem, NULL, NULL, &error));
  g_assert_no_error (error);

  /* Several trust anchors: the right one among them suffices. */
  g_assert_true (st_pki_create_ca ("Other Site", &other_ca, &other_key, &error));
  both = g_strconcat (other_ca, site.ca_pem, NULL);
  g_assert_true (st_pki_cms_verify (content, signature, both, NULL, NULL, &error));
  g_assert_no_error (error);

  /* With the CA as the chain, and over empty content. */
  empty_signature = st_pki_cms_sign (site.cert_pem, site.key, site.ca_pem, empty, &error);
  g_assert_no_error (error);
  g_assert_true (st_pki_cms_verify (empty, empty_signature, site.ca_pem, NULL, NULL, &error));
  g_assert_no_error (error);

  /* The signing key must be the certificate's. */
  g_clear_pointer (&signature, g_bytes_unref);
  signature = st_pki_cms_sign (site.cert_pem, site.ca_key, NULL, content, &error);
  g_assert_null (signature);
  g_assert_error (error, ST_PKI_ERROR, ST_PKI_ERROR_UNUSABLE);

  site_clear (&site);
}

static void
test_changed_content (void)
{
  Site site = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) content = content_bytes ();
  g_autoptr(GBytes) signature = NULL;
  g_autoptr(GBytes) changed = NULL;
  g_autofree char *signer = NULL;
  guint8 *copy;
  gsize len;

  site_init (&site);
  signature = st_pki_cms_sign (site.cert_pem, site.key, NULL, content, &error);
  g_assert_no_error (error);

  copy = g_bytes_unref_to_data (g_bytes_ref (content), &len);
  copy[len / 2] ^= 0x01;
  changed = g_bytes_new_take (copy, len);

  g_assert_false (st_pki_cms_verify (changed, signature, site.ca_pem, &signer, NULL, &error));
  g_assert_error (error, ST_PKI_ERROR, ST_PKI_ERROR_CONTENT_CHANGED);
  g_assert_cmpstr (error->message, ==, "signature: the document was changed after signing");
  g_assert_null (signer);

  site_clear (&site);
}

static void
test_bad_signature_value (void)
{
  Site site = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) content = content_bytes ();
  g_autoptr(GBytes) signature = NULL;
  g_autoptr(GBytes) forged = NULL;
  guint8 *copy;
  gsize len;

  site_init (&site);
  signature = st_pki_cms_sign (site.cert_pem, site.key, NULL, content, &error);
  g_assert_no_error (error);

  /* The DER ends with the ECDSA signature value: change its last byte. */
  copy = g_bytes_unref_to_data (g_bytes_ref (signature), &len);
  copy[len - 1] ^= 0x01;
  forged = g_bytes_new_take (copy, len);

  g_assert_false (st_pki_cms_verify (content, forged, site.ca_pem, NULL, NULL, &error));
  g_assert_error (error, ST_PKI_ERROR, ST_PKI_ERROR_BAD_SIGNATURE);

  site_clear (&site);
}

static void
test_other_ca (void)
{
  Site site = { 0 };
  Site other = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) content = content_bytes ();
  g_autoptr(GBytes) signature = NULL;

  site_init (&site);
  site_init (&other);
  signature = st_pki_cms_sign (site.cert_pem, site.key, NULL, content, &error);
  g_assert_no_error (error);

  g_assert_false (st_pki_cms_verify (content, signature, other.ca_pem, NULL, NULL, &error));
  g_assert_error (error, ST_PKI_ERROR, ST_PKI_ERROR_UNTRUSTED);
  g_assert_cmpstr (error->message, ==, "signature: the signer's certificate does not chain to the CA");
  g_clear_error (&error);

  /* Another site's user certificate is no trust anchor either. */
  g_assert_false (st_pki_cms_verify (content, signature, other.cert_pem, NULL, NULL, &error));
  g_assert_error (error, ST_PKI_ERROR, ST_PKI_ERROR_UNTRUSTED);

  site_clear (&site);
  site_clear (&other);
}

static void
test_garbage_signature (void)
{
  Site site = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) content = content_bytes ();
  g_autoptr(GBytes) garbage = g_bytes_new_static ("this is no signature", 20);
  g_autoptr(GBytes) empty = g_bytes_new_static ("", 0);
  g_autoptr(GBytes) signature = NULL;
  g_autoptr(GBytes) truncated = NULL;
  g_autoptr(X509) cert = NULL;
  unsigned char *der = NULL;
  int der_len;
  g_autoptr(GBytes) cert_der = NULL;

  site_init (&site);
  g_assert_false (st_pki_cms_verify (content, garbage, site.ca_pem, NULL, NULL, &error));
  g_assert_error (error, ST_PKI_ERROR, ST_PKI_ERROR_NOT_SIGNATURE);
  g_assert_cmpstr (error->message, ==, "signature: not a CMS signature");
  g_clear_error (&error);

  g_assert_false (st_pki_cms_verify (content, empty, site.ca_pem, NULL, NULL, &error));
  g_assert_error (error, ST_PKI_ERROR, ST_PKI_ERROR_NOT_SIGNATURE);
  g_clear_error (&error);

  /* Well-formed DER that is not CMS. */
  cert = parse_cert (site.cert_pem);
  der_len = i2d_X509 (cert, &der);
  cert_der = g_bytes_new (der, der_len);
  OPENSSL_free (der);
  g_assert_false (st_pki_cms_verify (content, cert_der, site.ca_pem, NULL, NULL, &error));
  g_assert_error (error, ST_PKI_ERROR, ST_PKI_ERROR_NOT_SIGNATURE);
  g_clear_error (&error);

  signature = st_pki_cms_sign (site.cert_pem, site.key, NULL, content, &error);
  g_assert_no_error (error);
  truncated = g_bytes_new_from_bytes (signature, 0, g_bytes_get_size (signature) - 10);
  g_assert_false (st_pki_cms_verify (content, truncated, site.ca_pem, NULL, NULL, &error));
  g_assert_error (error, ST_PKI_ERROR, ST_PKI_ERROR_NOT_SIGNATURE);
  g_clear_error (&error);

  /* A trust anchor that is not PEM is bad input. */
  g_assert_false (st_pki_cms_verify (content, signature, "no certificate", NULL, NULL, &error));
  g_assert_error (error, ST_PKI_ERROR, ST_PKI_ERROR_INVALID);

  site_clear (&site);
}

/* ---- the openssl command-line tool ---- */

static char *
openssl_path (void)
{
  char *path = g_find_program_in_path ("openssl");

  /* The tool is part of the platform: its absence is a failure. */
  g_assert_nonnull (path);
  return path;
}

/* Runs `openssl ARGS...` (NULL-terminated) in @dir; TRUE when it exits 0.
 * Standard output, if wanted, is returned in @out. */
static gboolean
run_openssl (const char *dir,
             char      **out,
             ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *std_out = NULL;
  g_autofree char *std_err = NULL;
  g_autofree char *command = NULL;
  const char *arg;
  int status = 0;
  va_list args;

  g_ptr_array_add (argv, openssl_path ());
  va_start (args, out);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, g_strdup (arg));
  va_end (args);
  g_ptr_array_add (argv, NULL);

  command = g_strjoinv (" ", (char **) argv->pdata);
  g_assert_true (g_spawn_sync (dir, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               &std_out, &std_err, &status, &error));
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    {
      g_test_message ("%s failed: %s", command, std_err);
      return FALSE;
    }
  if (out != NULL)
    *out = g_steal_pointer (&std_out);
  return TRUE;
}

static void
write_file (const char *dir,
            const char *name,
            const void *data,
            gsize       len)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (path, data, len, &error));
  g_assert_no_error (error);
}

static void
write_bytes (const char *dir,
             const char *name,
             GBytes     *bytes)
{
  write_file (dir, name, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

static GBytes *
read_bytes (const char *dir,
            const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;
  char *data = NULL;
  gsize len = 0;

  g_assert_true (g_file_get_contents (path, &data, &len, &error));
  g_assert_no_error (error);
  return g_bytes_new_take (data, len);
}

static char *
make_temp_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("stroma-pki-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static void
remove_temp_dir (char *dir)
{
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  const char *name;

  while (listing != NULL && (name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_assert_cmpint (g_remove (path), ==, 0);
    }
  g_assert_cmpint (g_rmdir (dir), ==, 0);
  g_free (dir);
}

static void
test_openssl_verifies (void)
{
  Site site = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) content = content_bytes ();
  g_autoptr(GBytes) signature = NULL;
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *fingerprint_line = NULL;
  g_autofree char *serial_line = NULL;
  g_autofree char *fingerprint = NULL;
  g_autofree char *serial = NULL;
  g_autofree char *expected = NULL;

  site_init (&site);
  signature = st_pki_cms_sign (site.cert_pem, site.key, NULL, content, &error);
  g_assert_no_error (error);

  write_file (dir, "ca.pem", site.ca_pem, strlen (site.ca_pem));
  write_file (dir, "user.pem", site.cert_pem, strlen (site.cert_pem));
  write_bytes (dir, "doc.pdf", content);
  write_bytes (dir, "doc.pdf.p7s", signature);
  g_assert_true (run_openssl (dir, NULL, "cms", "-verify", "-binary", "-inform", "DER",
                              "-in", "doc.pdf.p7s", "-content", "doc.pdf",
                              "-CAfile", "ca.pem", "-out", "/dev/null", NULL));

  /* The tool does notice a change, so the success above means something. */
  write_file (dir, "changed.pdf", "%PDF-1.7 other", 14);
  g_assert_false (run_openssl (dir, NULL, "cms", "-verify", "-binary", "-inform", "DER",
                               "-in", "doc.pdf.p7s", "-content", "changed.pdf",
                               "-CAfile", "ca.pem", "-out", "/dev/null", NULL));

  /* Our facts agree with the tool's. */
  g_assert_true (run_openssl (dir, &fingerprint_line, "x509", "-in", "user.pem", "-noout",
                              "-fingerprint", "-sha256", NULL));
  fingerprint = st_pki_cert_fingerprint_sha256 (site.cert_pem);
  g_assert_cmpuint (strlen (fingerprint), ==, 32 * 3 - 1);
  expected = g_ascii_strdown (strchr (fingerprint_line, '=') + 1, -1);
  g_strstrip (expected);
  g_assert_cmpstr (fingerprint, ==, expected);

  g_assert_true (run_openssl (dir, &serial_line, "x509", "-in", "user.pem", "-noout",
                              "-serial", NULL));
  serial = st_pki_cert_serial_hex (site.cert_pem);
  g_strstrip (serial_line);
  g_assert_cmpstr (serial_line + strlen ("serial="), ==, serial);

  remove_temp_dir (g_steal_pointer (&dir));
  site_clear (&site);
}

#define P12_PASS "outside-secret"

/* An outside CA and a user certificate made with the tool in @dir: ca.pem,
 * and user.p12 (current algorithms), legacy.p12 (RC2/3DES, as Windows
 * exports) and bad-usage.p12 (key encipherment only). */
static void
make_outside_pkcs12 (const char *dir)
{
  const char good_ext[] =
    "basicConstraints=CA:FALSE\n"
    "keyUsage=critical,digitalSignature,nonRepudiation\n"
    "extendedKeyUsage=emailProtection\n"
    "subjectAltName=email:outside.user@example.org\n";
  const char bad_ext[] =
    "basicConstraints=CA:FALSE\n"
    "keyUsage=critical,keyEncipherment\n"
    "extendedKeyUsage=clientAuth\n";

  write_file (dir, "good.ext", good_ext, strlen (good_ext));
  write_file (dir, "bad.ext", bad_ext, strlen (bad_ext));
  g_assert_true (run_openssl (dir, NULL, "req", "-x509", "-newkey", "ec",
                              "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                              "-keyout", "ca.key", "-out", "ca.pem", "-days", "30",
                              "-subj", "/O=Outside Authority/CN=Outside Test CA",
                              "-addext", "basicConstraints=critical,CA:TRUE",
                              "-addext", "keyUsage=critical,keyCertSign,cRLSign", NULL));
  g_assert_true (run_openssl (dir, NULL, "req", "-new", "-newkey", "rsa:2048", "-nodes",
                              "-keyout", "user.key", "-out", "user.csr",
                              "-subj", "/O=Outside Authority/CN=Outside User", NULL));
  g_assert_true (run_openssl (dir, NULL, "x509", "-req", "-in", "user.csr",
                              "-CA", "ca.pem", "-CAkey", "ca.key", "-set_serial", "4660",
                              "-days", "30", "-extfile", "good.ext", "-out", "user.pem", NULL));
  g_assert_true (run_openssl (dir, NULL, "x509", "-req", "-in", "user.csr",
                              "-CA", "ca.pem", "-CAkey", "ca.key", "-set_serial", "4661",
                              "-days", "30", "-extfile", "bad.ext", "-out", "bad.pem", NULL));
  g_assert_true (run_openssl (dir, NULL, "pkcs12", "-export", "-in", "user.pem",
                              "-inkey", "user.key", "-certfile", "ca.pem",
                              "-passout", "pass:" P12_PASS, "-out", "user.p12", NULL));
  g_assert_true (run_openssl (dir, NULL, "pkcs12", "-export", "-legacy", "-in", "user.pem",
                              "-inkey", "user.key", "-certfile", "ca.pem",
                              "-passout", "pass:" P12_PASS, "-out", "legacy.p12", NULL));
  g_assert_true (run_openssl (dir, NULL, "pkcs12", "-export", "-in", "bad.pem",
                              "-inkey", "user.key",
                              "-passout", "pass:" P12_PASS, "-out", "bad-usage.p12", NULL));
}

static void
assert_imports_and_signs (const char *dir,
                          const char *p12_name,
                          const char *outside_ca_pem,
                          const char *site_ca_pem)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) p12 = read_bytes (dir, p12_name);
  g_autoptr(GBytes) content = content_bytes ();
  g_autoptr(GBytes) signature = NULL;
  g_autofree char *cert_pem = NULL;
  g_autofree char *chain_pem = NULL;
  g_autofree char *subject = NULL;
  g_autofree char *chain_fp = NULL;
  g_autofree char *ca_fp = NULL;
  g_autoptr(EVP_PKEY) key = NULL;
  g_autoptr(GBytes) der = NULL;
  g_autoptr(EVP_PKEY) back = NULL;

  g_assert_true (st_pki_import_pkcs12 (p12, P12_PASS, &cert_pem, &key, &chain_pem, &error));
  g_assert_no_error (error);
  g_assert_true (st_pki_cert_matches_key (cert_pem, key));
  g_assert_true (EVP_PKEY_is_a (key, "RSA"));
  subject = st_pki_cert_subject (cert_pem);
  g_assert_cmpstr (subject, ==, "CN=Outside User,O=Outside Authority");
  chain_fp = st_pki_cert_fingerprint_sha256 (chain_pem);
  ca_fp = st_pki_cert_fingerprint_sha256 (outside_ca_pem);
  g_assert_cmpstr (chain_fp, ==, ca_fp);

  /* The key is stored like a site-issued one. */
  der = st_pki_key_to_der (key, &error);
  g_assert_no_error (error);
  back = st_pki_key_from_der (der, &error);
  g_assert_no_error (error);
  g_assert_true (st_pki_cert_matches_key (cert_pem, back));

  signature = st_pki_cms_sign (cert_pem, back, chain_pem, content, &error);
  g_assert_no_error (error);
  g_assert_true (st_pki_cms_verify (content, signature, outside_ca_pem, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (st_pki_cms_verify (content, signature, site_ca_pem, NULL, NULL, &error));
  g_assert_error (error, ST_PKI_ERROR, ST_PKI_ERROR_UNTRUSTED);
}

static void
test_import_pkcs12 (void)
{
  Site site = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = make_temp_dir ();
  g_autoptr(GBytes) outside_ca = NULL;
  g_autofree char *outside_ca_pem = NULL;
  g_autoptr(GBytes) p12 = NULL;
  g_autoptr(GBytes) bad_usage = NULL;
  g_autoptr(GBytes) garbage = g_bytes_new_static ("not a pkcs12 file", 17);
  char *cert_pem = NULL;
  char *chain_pem = NULL;
  EVP_PKEY *key = NULL;

  site_init (&site);
  make_outside_pkcs12 (dir);
  outside_ca = read_bytes (dir, "ca.pem");
  outside_ca_pem = g_strndup (g_bytes_get_data (outside_ca, NULL), g_bytes_get_size (outside_ca));

  assert_imports_and_signs (dir, "user.p12", outside_ca_pem, site.ca_pem);
  assert_imports_and_signs (dir, "legacy.p12", outside_ca_pem, site.ca_pem);

  p12 = read_bytes (dir, "user.p12");
  g_assert_false (st_pki_import_pkcs12 (p12, "wrong", &cert_pem, &key, &chain_pem, &error));
  g_assert_error (error, ST_PKI_ERROR, ST_PKI_ERROR_PKCS12);
  g_assert_cmpstr (error->message, ==, "pkcs12: wrong passphrase or damaged file");
  g_clear_error (&error);
  g_assert_false (st_pki_import_pkcs12 (p12, "", &cert_pem, &key, &chain_pem, &error));
  g_assert_error (error, ST_PKI_ERROR, ST_PKI_ERROR_PKCS12);
  g_clear_error (&error);

  bad_usage = read_bytes (dir, "bad-usage.p12");
  g_assert_false (st_pki_import_pkcs12 (bad_usage, P12_PASS, &cert_pem, &key, &chain_pem, &error));
  g_assert_error (error, ST_PKI_ERROR, ST_PKI_ERROR_UNUSABLE);
  g_clear_error (&error);

  /* Signed anyway with that certificate, the chain is fine but the purpose
   * is not. */
  {
    g_autoptr(GBytes) bad_pem = read_bytes (dir, "bad.pem");
    g_autoptr(GBytes) key_pem = read_bytes (dir, "user.key");
    g_autofree char *bad_cert = g_strndup (g_bytes_get_data (bad_pem, NULL), g_bytes_get_size (bad_pem));
    g_autoptr(BIO) bio = BIO_new_mem_buf (g_bytes_get_data (key_pem, NULL), g_bytes_get_size (key_pem));
    g_autoptr(EVP_PKEY) user_key = PEM_read_bio_PrivateKey (bio, NULL, NULL, NULL);
    g_autoptr(GBytes) content = content_bytes ();
    g_autoptr(GBytes) signature = NULL;

    g_assert_nonnull (user_key);
    signature = st_pki_cms_sign (bad_cert, user_key, NULL, content, &error);
    g_assert_no_error (error);
    g_assert_false (st_pki_cms_verify (content, signature, outside_ca_pem, NULL, NULL, &error));
    g_assert_error (error, ST_PKI_ERROR, ST_PKI_ERROR_UNTRUSTED);
    g_test_message ("%s", error->message);
    g_assert_true (g_str_has_prefix (error->message,
                                     "signature: the signer's certificate is not valid for signing ("));
    g_clear_error (&error);
  }

  g_assert_false (st_pki_import_pkcs12 (garbage, P12_PASS, &cert_pem, &key, &chain_pem, &error));
  g_assert_error (error, ST_PKI_ERROR, ST_PKI_ERROR_INVALID);
  g_assert_null (cert_pem);
  g_assert_null (key);
  g_assert_null (chain_pem);

  remove_temp_dir (g_steal_pointer (&dir));
  site_clear (&site);
}

static void
test_cert_facts_of_garbage (void)
{
  g_assert_null (st_pki_cert_subject ("junk"));
  g_assert_null (st_pki_cert_serial_hex ("junk"));
  g_assert_null (st_pki_cert_fingerprint_sha256 ("junk"));
  g_assert_null (st_pki_cert_not_after ("junk"));
  g_assert_false (st_pki_cert_matches_key ("junk", NULL));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/pki/create-ca", test_create_ca);
  g_test_add_func ("/core/pki/issue-signing-cert", test_issue_signing_cert);
  g_test_add_func ("/core/pki/non-ascii-names", test_non_ascii_names);
  g_test_add_func ("/core/pki/key-der-round-trip", test_key_der_round_trip);
  g_test_add_func ("/core/pki/sign-verify", test_sign_verify);
  g_test_add_func ("/core/pki/changed-content", test_changed_content);
  g_test_add_func ("/core/pki/bad-signature-value", test_bad_signature_value);
  g_test_add_func ("/core/pki/other-ca", test_other_ca);
  g_test_add_func ("/core/pki/garbage-signature", test_garbage_signature);
  g_test_add_func ("/core/pki/openssl-verifies", test_openssl_verifies);
  g_test_add_func ("/core/pki/import-pkcs12", test_import_pkcs12);
  g_test_add_func ("/core/pki/cert-facts-of-garbage", test_cert_facts_of_garbage);

  return g_test_run ();
}
