/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>

G_BEGIN_DECLS

#define ST_CRYPTO_ERROR (st_crypto_error_quark ())
GQuark st_crypto_error_quark (void);

typedef enum {
  /* The sealed data were altered or the key is wrong. */
  ST_CRYPTO_ERROR_AUTHENTICATION = 300,
  /* OpenSSL refused an operation it should not refuse. */
  ST_CRYPTO_ERROR_FAILED = 400,
} StCryptoError;

#define ST_SHA256_LENGTH 32
#define ST_SHA256_HEX_LENGTH 64
#define ST_KEY_LENGTH 32

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EVP_MD_CTX, EVP_MD_CTX_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EVP_CIPHER_CTX, EVP_CIPHER_CTX_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EVP_KDF_CTX, EVP_KDF_CTX_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EVP_PKEY, EVP_PKEY_free)

/* The SHA-256 implementation, fetched once for the process. */
const EVP_MD *st_crypto_sha256_md (void);

void   st_crypto_sha256     (const void *data,
                             gsize       len,
                             guint8      digest[ST_SHA256_LENGTH]);
char  *st_crypto_sha256_hex (const void *data,
                             gsize       len);
void   st_crypto_hex_into   (const guint8 *data,
                             gsize         len,
                             char         *out);
char  *st_crypto_hex        (const guint8 *data,
                             gsize         len);

gboolean st_crypto_random   (guint8  *out,
                             gsize    len,
                             GError **error);

/* PBKDF2-HMAC-SHA256 into one 32-byte master secret. */
gboolean st_crypto_pbkdf2   (const char   *password,
                             const guint8 *salt,
                             gsize         salt_len,
                             guint         iterations,
                             guint8        out[ST_KEY_LENGTH],
                             GError      **error);
/* HKDF-Expand a master secret into independent subkeys named by @info. */
gboolean st_crypto_hkdf_expand (const guint8 master[ST_KEY_LENGTH],
                                const char  *info,
                                guint8       out[ST_KEY_LENGTH],
                                GError     **error);

/* AES-256-GCM: the result is nonce (12) || ciphertext || tag (16). */
GBytes  *st_crypto_seal     (const guint8  key[ST_KEY_LENGTH],
                             const guint8 *plain,
                             gsize         plain_len,
                             const char   *associated,
                             GError      **error);
/* The plaintext in memory that is cleansed when freed. */
GBytes  *st_crypto_open     (const guint8  key[ST_KEY_LENGTH],
                             GBytes       *sealed,
                             const char   *associated,
                             GError      **error);

/* Frees @secret after overwriting it; for passwords and keys in memory. */
typedef char StSecret;
void     st_secret_free     (StSecret *secret);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (StSecret, st_secret_free)

G_END_DECLS
