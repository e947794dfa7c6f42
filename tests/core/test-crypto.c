/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "st-crypto.h"

#include <string.h>

static void
test_sha256_known_answer (void)
{
  g_autofree char *hex = st_crypto_sha256_hex ("abc", 3);

  g_assert_cmpstr (hex, ==, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

static void
test_pbkdf2_known_answer (void)
{
  /* RFC 7914 section 11: PBKDF2-HMAC-SHA256, "passwd"/"salt", 1 iteration. */
  const guint8 salt[] = "salt";
  guint8 out[ST_KEY_LENGTH];
  g_autofree char *hex = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (st_crypto_pbkdf2 ("passwd", salt, 4, 1, out, &error));
  g_assert_no_error (error);
  hex = st_crypto_hex (out, sizeof out);
  g_assert_cmpstr (hex, ==, "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc");
}

static void
test_hkdf_subkeys_differ (void)
{
  guint8 master[ST_KEY_LENGTH] = { 1, 2, 3 };
  guint8 a[ST_KEY_LENGTH], b[ST_KEY_LENGTH], again[ST_KEY_LENGTH];
  g_autoptr(GError) error = NULL;

  g_assert_true (st_crypto_hkdf_expand (master, "one", a, &error));
  g_assert_true (st_crypto_hkdf_expand (master, "two", b, &error));
  g_assert_true (st_crypto_hkdf_expand (master, "one", again, &error));
  g_assert_no_error (error);
  g_assert_true (memcmp (a, b, sizeof a) != 0);
  g_assert_cmpmem (a, sizeof a, again, sizeof again);
}

static void
test_seal_round_trip_and_tamper (void)
{
  guint8 key[ST_KEY_LENGTH] = { 9 };
  guint8 other[ST_KEY_LENGTH] = { 8 };
  const char secret[] = "the private key";
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) sealed = st_crypto_seal (key, (const guint8 *) secret, sizeof secret, "user 1", &error);
  g_autoptr(GBytes) opened = NULL;
  g_autoptr(GBytes) wrong_key = NULL;
  g_autoptr(GBytes) wrong_context = NULL;
  g_autoptr(GBytes) flipped = NULL;
  guint8 *copy;
  gsize len;

  g_assert_no_error (error);
  g_assert_nonnull (sealed);
  g_assert_cmpuint (g_bytes_get_size (sealed), ==, 12 + sizeof secret + 16);

  opened = st_crypto_open (key, sealed, "user 1", &error);
  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (opened, NULL), g_bytes_get_size (opened), secret, sizeof secret);

  wrong_key = st_crypto_open (other, sealed, "user 1", &error);
  g_assert_null (wrong_key);
  g_assert_error (error, ST_CRYPTO_ERROR, ST_CRYPTO_ERROR_AUTHENTICATION);
  g_clear_error (&error);

  /* A sealed key moved to another user's row does not open. */
  wrong_context = st_crypto_open (key, sealed, "user 2", &error);
  g_assert_null (wrong_context);
  g_assert_error (error, ST_CRYPTO_ERROR, ST_CRYPTO_ERROR_AUTHENTICATION);
  g_clear_error (&error);

  copy = g_bytes_unref_to_data (g_bytes_ref (sealed), &len);
  copy[20] ^= 1;
  flipped = g_bytes_new_take (copy, len);
  g_assert_null (st_crypto_open (key, flipped, "user 1", &error));
  g_assert_error (error, ST_CRYPTO_ERROR, ST_CRYPTO_ERROR_AUTHENTICATION);
}

static void
test_secret_free_accepts_null (void)
{
  g_autoptr(StSecret) secret = g_strdup ("demo-password");

  st_secret_free (NULL);
  g_assert_cmpstr (secret, ==, "demo-password");
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/crypto/sha256", test_sha256_known_answer);
  g_test_add_func ("/core/crypto/pbkdf2", test_pbkdf2_known_answer);
  g_test_add_func ("/core/crypto/hkdf", test_hkdf_subkeys_differ);
  g_test_add_func ("/core/crypto/seal", test_seal_round_trip_and_tamper);
  g_test_add_func ("/core/crypto/secret-free", test_secret_free_accepts_null);
  return g_test_run ();
}
