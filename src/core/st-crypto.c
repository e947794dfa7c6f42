/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "st-crypto.h"

#include <glib/gi18n-lib.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/kdf.h>
#include <openssl/rand.h>
#include <string.h>

G_DEFINE_QUARK (st-crypto-error-quark, st_crypto_error)

#define GCM_NONCE_LENGTH 12
#define GCM_TAG_LENGTH 16

static gboolean
set_openssl_error (GError    **error,
                   const char *what)
{
  char detail[256] = "";
  unsigned long code = ERR_get_error ();

  if (code != 0)
    ERR_error_string_n (code, detail, sizeof detail);
  ERR_clear_error ();
  g_set_error (error, ST_CRYPTO_ERROR, ST_CRYPTO_ERROR_FAILED,
               _("%s failed in OpenSSL%s%s"), what, *detail ? ": " : "", detail);
  return FALSE;
}

const EVP_MD *
st_crypto_sha256_md (void)
{
  static EVP_MD *md;

  if (g_once_init_enter (&md))
    {
      EVP_MD *fetched = EVP_MD_fetch (NULL, "SHA256", NULL);
      g_assert_nonnull (fetched);
      g_once_init_leave (&md, fetched);
    }
  return md;
}

static const EVP_CIPHER *
aes_gcm (void)
{
  static EVP_CIPHER *cipher;

  if (g_once_init_enter (&cipher))
    {
      EVP_CIPHER *fetched = EVP_CIPHER_fetch (NULL, "AES-256-GCM", NULL);
      g_assert_nonnull (fetched);
      g_once_init_leave (&cipher, fetched);
    }
  return cipher;
}

void
st_crypto_sha256 (const void *data,
                  gsize       len,
                  guint8      digest[ST_SHA256_LENGTH])
{
  unsigned int out_len = 0;

  if (!EVP_Digest (data, len, digest, &out_len, st_crypto_sha256_md (), NULL))
    g_error ("SHA-256 is not available in OpenSSL");
}

void
st_crypto_hex_into (const guint8 *data,
                    gsize         len,
                    char         *out)
{
  static const char digits[] = "0123456789abcdef";

  for (gsize i = 0; i < len; i++)
    {
      out[2 * i] = digits[data[i] >> 4];
      out[2 * i + 1] = digits[data[i] & 0xf];
    }
  out[2 * len] = '\0';
}

char *
st_crypto_hex (const guint8 *data,
               gsize         len)
{
  char *out = g_malloc (2 * len + 1);
  st_crypto_hex_into (data, len, out);
  return out;
}

char *
st_crypto_sha256_hex (const void *data,
                      gsize       len)
{
  guint8 digest[ST_SHA256_LENGTH];

  st_crypto_sha256 (data, len, digest);
  return st_crypto_hex (digest, sizeof digest);
}

gboolean
st_crypto_random (guint8  *out,
                  gsize    len,
                  GError **error)
{
  if (RAND_bytes (out, (int) len) != 1)
    return set_openssl_error (error, _("Random number generation"));
  return TRUE;
}

static EVP_KDF *
fetch_kdf (const char *name)
{
  return EVP_KDF_fetch (NULL, name, NULL);
}

gboolean
st_crypto_pbkdf2 (const char   *password,
                  const guint8 *salt,
                  gsize         salt_len,
                  guint         iterations,
                  guint8        out[ST_KEY_LENGTH],
                  GError      **error)
{
  static EVP_KDF *kdf;
  g_autoptr(EVP_KDF_CTX) ctx = NULL;
  OSSL_PARAM params[5];
  int i = 0;

  if (g_once_init_enter (&kdf))
    g_once_init_leave (&kdf, fetch_kdf (OSSL_KDF_NAME_PBKDF2));
  if (kdf == NULL || (ctx = EVP_KDF_CTX_new (kdf)) == NULL)
    return set_openssl_error (error, _("Password key derivation"));

  params[i++] = OSSL_PARAM_construct_utf8_string (OSSL_KDF_PARAM_DIGEST, (char *) "SHA256", 0);
  params[i++] = OSSL_PARAM_construct_octet_string (OSSL_KDF_PARAM_PASSWORD,
                                                   (void *) password, strlen (password));
  params[i++] = OSSL_PARAM_construct_octet_string (OSSL_KDF_PARAM_SALT,
                                                   (void *) salt, salt_len);
  params[i++] = OSSL_PARAM_construct_uint (OSSL_KDF_PARAM_ITER, &iterations);
  params[i] = OSSL_PARAM_construct_end ();

  if (EVP_KDF_derive (ctx, out, ST_KEY_LENGTH, params) != 1)
    return set_openssl_error (error, _("Password key derivation"));
  return TRUE;
}

gboolean
st_crypto_hkdf_expand (const guint8 master[ST_KEY_LENGTH],
                       const char  *info,
                       guint8       out[ST_KEY_LENGTH],
                       GError     **error)
{
  static EVP_KDF *kdf;
  g_autoptr(EVP_KDF_CTX) ctx = NULL;
  OSSL_PARAM params[5];
  int mode = EVP_KDF_HKDF_MODE_EXPAND_ONLY;
  int i = 0;

  if (g_once_init_enter (&kdf))
    g_once_init_leave (&kdf, fetch_kdf (OSSL_KDF_NAME_HKDF));
  if (kdf == NULL || (ctx = EVP_KDF_CTX_new (kdf)) == NULL)
    return set_openssl_error (error, _("Key expansion"));

  params[i++] = OSSL_PARAM_construct_utf8_string (OSSL_KDF_PARAM_DIGEST, (char *) "SHA256", 0);
  params[i++] = OSSL_PARAM_construct_int (OSSL_KDF_PARAM_MODE, &mode);
  params[i++] = OSSL_PARAM_construct_octet_string (OSSL_KDF_PARAM_KEY,
                                                   (void *) master, ST_KEY_LENGTH);
  params[i++] = OSSL_PARAM_construct_octet_string (OSSL_KDF_PARAM_INFO,
                                                   (void *) info, strlen (info));
  params[i] = OSSL_PARAM_construct_end ();

  if (EVP_KDF_derive (ctx, out, ST_KEY_LENGTH, params) != 1)
    return set_openssl_error (error, _("Key expansion"));
  return TRUE;
}

GBytes *
st_crypto_seal (const guint8  key[ST_KEY_LENGTH],
                const guint8 *plain,
                gsize         plain_len,
                const char   *associated,
                GError      **error)
{
  g_autoptr(EVP_CIPHER_CTX) ctx = EVP_CIPHER_CTX_new ();
  gsize total = GCM_NONCE_LENGTH + plain_len + GCM_TAG_LENGTH;
  guint8 *out = g_malloc (total);
  int len = 0;

  if (!st_crypto_random (out, GCM_NONCE_LENGTH, error))
    goto fail;
  if (ctx == NULL
      || EVP_EncryptInit_ex2 (ctx, aes_gcm (), key, out, NULL) != 1
      || (associated != NULL
          && EVP_EncryptUpdate (ctx, NULL, &len, (const guint8 *) associated,
                                (int) strlen (associated)) != 1)
      || EVP_EncryptUpdate (ctx, out + GCM_NONCE_LENGTH, &len, plain, (int) plain_len) != 1
      || EVP_EncryptFinal_ex (ctx, out + GCM_NONCE_LENGTH + len, &len) != 1
      || EVP_CIPHER_CTX_ctrl (ctx, EVP_CTRL_GCM_GET_TAG, GCM_TAG_LENGTH,
                              out + GCM_NONCE_LENGTH + plain_len) != 1)
    {
      set_openssl_error (error, _("Encryption"));
      goto fail;
    }
  return g_bytes_new_take (out, total);

fail:
  g_free (out);
  return NULL;
}

static void
cleanse_and_free (gpointer data,
                  gsize    len)
{
  OPENSSL_cleanse (data, len);
  g_free (data);
}

typedef struct {
  guint8 *data;
  gsize len;
} SecretBuffer;

static void
secret_buffer_free (gpointer user_data)
{
  SecretBuffer *buffer = user_data;
  cleanse_and_free (buffer->data, buffer->len);
  g_free (buffer);
}

GBytes *
st_crypto_open (const guint8  key[ST_KEY_LENGTH],
                GBytes       *sealed,
                const char   *associated,
                GError      **error)
{
  g_autoptr(EVP_CIPHER_CTX) ctx = EVP_CIPHER_CTX_new ();
  gsize sealed_len = 0;
  const guint8 *in = g_bytes_get_data (sealed, &sealed_len);
  SecretBuffer *plain;
  gsize plain_len;
  int len = 0;

  if (sealed_len < GCM_NONCE_LENGTH + GCM_TAG_LENGTH)
    {
      g_set_error (error, ST_CRYPTO_ERROR, ST_CRYPTO_ERROR_AUTHENTICATION,
                   _("The encrypted key is damaged"));
      return NULL;
    }
  plain_len = sealed_len - GCM_NONCE_LENGTH - GCM_TAG_LENGTH;
  plain = g_new0 (SecretBuffer, 1);
  plain->len = plain_len;
  plain->data = g_malloc (plain_len + 1);

  if (ctx == NULL
      || EVP_DecryptInit_ex2 (ctx, aes_gcm (), key, in, NULL) != 1
      || (associated != NULL
          && EVP_DecryptUpdate (ctx, NULL, &len, (const guint8 *) associated,
                                (int) strlen (associated)) != 1)
      || EVP_DecryptUpdate (ctx, plain->data, &len, in + GCM_NONCE_LENGTH, (int) plain_len) != 1
      || EVP_CIPHER_CTX_ctrl (ctx, EVP_CTRL_GCM_SET_TAG, GCM_TAG_LENGTH,
                              (void *) (in + sealed_len - GCM_TAG_LENGTH)) != 1
      || EVP_DecryptFinal_ex (ctx, plain->data + len, &len) != 1)
    {
      ERR_clear_error ();
      secret_buffer_free (plain);
      g_set_error (error, ST_CRYPTO_ERROR, ST_CRYPTO_ERROR_AUTHENTICATION,
                   _("The encrypted key cannot be opened with this password"));
      return NULL;
    }
  return g_bytes_new_with_free_func (plain->data, plain_len, secret_buffer_free, plain);
}

void
st_secret_free (StSecret *secret)
{
  if (secret == NULL)
    return;
  OPENSSL_cleanse (secret, strlen (secret));
  g_free (secret);
}
