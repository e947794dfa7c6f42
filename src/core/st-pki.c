/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "st-pki.h"
#include "st-pki-private.h"

#include <glib/gi18n-lib.h>
#include <openssl/bn.h>
#include <openssl/crypto.h>
#include <openssl/decoder.h>
#include <openssl/encoder.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/provider.h>
#include <openssl/rand.h>
#include <openssl/x509v3.h>
#include <string.h>

G_DEFINE_QUARK (st-pki-error-quark, st_pki_error)

void
st_pki_x509_list_free (StX509List *list)
{
  sk_X509_pop_free (list, X509_free);
}

#define CA_YEARS 10
#define SIGNING_CERT_YEARS 5
/* Certificates start a little in the past so that a machine whose clock is
 * slightly behind still accepts a signature made right after issue. */
#define BACKDATE_SECONDS (5 * 60)
#define SERIAL_BYTES 16
/* X.520 upper bounds, in characters. */
#define MAX_COMMON_NAME 64
#define MAX_ORGANIZATION 64
#define MAX_USERNAME 128
#define CA_CN_SUFFIX " Stroma signing CA"
#define MAX_SITE_NAME (MAX_COMMON_NAME - (int) (sizeof CA_CN_SUFFIX - 1))
#define MAX_DNS_LABEL 63

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BIGNUM, BN_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (OSSL_ENCODER_CTX, OSSL_ENCODER_CTX_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (OSSL_DECODER_CTX, OSSL_DECODER_CTX_free)

gboolean
st_pki_set_openssl_error (GError    **error,
                          const char *what)
{
  char detail[256] = "";
  unsigned long code = ERR_peek_last_error ();

  if (code != 0)
    ERR_error_string_n (code, detail, sizeof detail);
  ERR_clear_error ();
  g_set_error (error, ST_PKI_ERROR, ST_PKI_ERROR_FAILED,
               _("%s: failed in OpenSSL%s%s"), what, *detail ? ": " : "", detail);
  return FALSE;
}

/* Bytes that are overwritten before they are freed. */
typedef struct {
  guint8 *data;
  gsize len;
} SecretBuffer;

static void
secret_buffer_free (gpointer user_data)
{
  SecretBuffer *buffer = user_data;

  OPENSSL_cleanse (buffer->data, buffer->len);
  g_free (buffer->data);
  g_free (buffer);
}

static GBytes *
secret_bytes_new (const guint8 *data,
                  gsize         len)
{
  SecretBuffer *buffer = g_new0 (SecretBuffer, 1);

  buffer->len = len;
  buffer->data = g_memdup2 (data, len);
  return g_bytes_new_with_free_func (buffer->data, len, secret_buffer_free, buffer);
}

/* A read-only memory BIO over @bytes; an empty GBytes may have no data. */
static BIO *
bio_for_bytes (GBytes *bytes)
{
  gsize len = 0;
  const void *data = g_bytes_get_data (bytes, &len);

  if (len > G_MAXINT)
    return NULL;
  return BIO_new_mem_buf (data != NULL ? data : "", (int) len);
}

static X509 *
cert_from_pem (const char *pem)
{
  g_autoptr(BIO) bio = NULL;
  X509 *cert;

  if (pem == NULL || (bio = BIO_new_mem_buf (pem, -1)) == NULL)
    return NULL;
  cert = PEM_read_bio_X509 (bio, NULL, NULL, NULL);
  ERR_clear_error ();
  return cert;
}

/* Every certificate in @pem; NULL when there is none or the text is damaged. */
static StX509List *
certs_from_pem (const char *pem)
{
  g_autoptr(StX509List) certs = sk_X509_new_null ();
  g_autoptr(BIO) bio = BIO_new_mem_buf (pem, -1);
  X509 *cert;
  unsigned long last;

  if (certs == NULL || bio == NULL)
    return NULL;
  while ((cert = PEM_read_bio_X509 (bio, NULL, NULL, NULL)) != NULL)
    {
      if (!sk_X509_push (certs, cert))
        {
          X509_free (cert);
          return NULL;
        }
    }
  /* The loop ends at the end of the text (no further start line) or at a
   * damaged block; only the former is fine. */
  last = ERR_peek_last_error ();
  ERR_clear_error ();
  if (ERR_GET_LIB (last) != ERR_LIB_PEM || ERR_GET_REASON (last) != PEM_R_NO_START_LINE)
    return NULL;
  if (sk_X509_num (certs) == 0)
    return NULL;
  return g_steal_pointer (&certs);
}

char *
st_pki_cert_to_pem (X509 *cert)
{
  g_autoptr(BIO) bio = BIO_new (BIO_s_mem ());
  char *data = NULL;
  long len;

  if (bio == NULL || !PEM_write_bio_X509 (bio, cert))
    return NULL;
  len = BIO_get_mem_data (bio, &data);
  return g_strndup (data, len);
}

char *
st_pki_asn1_time_to_iso (const ASN1_TIME *time)
{
  struct tm tm;

  if (time == NULL || !ASN1_TIME_to_tm (time, &tm))
    {
      ERR_clear_error ();
      return NULL;
    }
  return g_strdup_printf ("%04d-%02d-%02dT%02d:%02d:%02dZ",
                          tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                          tm.tm_hour, tm.tm_min, tm.tm_sec);
}

static gboolean
check_name (const char  *field,
            const char  *value,
            glong        max_chars,
            GError     **error)
{
  if (value == NULL || !g_utf8_validate (value, -1, NULL))
    {
      g_set_error (error, ST_PKI_ERROR, ST_PKI_ERROR_INVALID,
                   _("%s: is not valid UTF-8 text"), field);
      return FALSE;
    }
  for (const char *p = value; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_iscntrl (g_utf8_get_char (p)))
      {
        g_set_error (error, ST_PKI_ERROR, ST_PKI_ERROR_INVALID,
                     _("%s: contains a control character"), field);
        return FALSE;
      }
  if (*value == '\0' || g_ascii_isspace (*value) || g_ascii_isspace (value[strlen (value) - 1]))
    {
      g_set_error (error, ST_PKI_ERROR, ST_PKI_ERROR_INVALID,
                   _("%s: is empty or begins or ends with a space"), field);
      return FALSE;
    }
  if (g_utf8_strlen (value, -1) > max_chars)
    {
      g_set_error (error, ST_PKI_ERROR, ST_PKI_ERROR_INVALID,
                   _("%s: is longer than %ld characters"), field, max_chars);
      return FALSE;
    }
  return TRUE;
}

static EVP_PKEY *
new_p256_key (GError **error)
{
  EVP_PKEY *key = EVP_PKEY_Q_keygen (NULL, NULL, "EC", "P-256");

  if (key == NULL)
    st_pki_set_openssl_error (error, _("key generation"));
  return key;
}

static gboolean
set_random_serial (X509    *cert,
                   GError **error)
{
  guint8 bytes[SERIAL_BYTES];
  g_autoptr(BIGNUM) bn = NULL;

  do
    {
      if (!st_crypto_random (bytes, sizeof bytes, error))
        return FALSE;
      g_clear_pointer (&bn, BN_free);
      bn = BN_bin2bn (bytes, sizeof bytes, NULL);
    }
  while (bn != NULL && BN_is_zero (bn));

  if (bn == NULL || BN_to_ASN1_INTEGER (bn, X509_get_serialNumber (cert)) == NULL)
    return st_pki_set_openssl_error (error, _("certificate serial number"));
  return TRUE;
}

static gboolean
set_validity (X509    *cert,
              int      years,
              GError **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) until = g_date_time_add_years (now, years);
  time_t from = (time_t) (g_date_time_to_unix (now) - BACKDATE_SECONDS);

  if (ASN1_TIME_set (X509_getm_notBefore (cert), from) == NULL
      || ASN1_TIME_set (X509_getm_notAfter (cert), (time_t) g_date_time_to_unix (until)) == NULL)
    return st_pki_set_openssl_error (error, _("certificate validity"));
  return TRUE;
}

static gboolean
add_extension (X509        *cert,
               X509V3_CTX  *v3,
               int          nid,
               const char  *value,
               GError     **error)
{
  X509_EXTENSION *ext = X509V3_EXT_conf_nid (NULL, v3, nid, value);
  gboolean ok = ext != NULL && X509_add_ext (cert, ext, -1);

  X509_EXTENSION_free (ext);
  if (!ok)
    return st_pki_set_openssl_error (error, OBJ_nid2sn (nid));
  return TRUE;
}

static gboolean
add_name_entry (X509_NAME   *name,
                int          nid,
                const char  *value,
                GError     **error)
{
  if (!X509_NAME_add_entry_by_NID (name, nid, MBSTRING_UTF8,
                                   (const unsigned char *) value, -1, -1, 0))
    return st_pki_set_openssl_error (error, OBJ_nid2sn (nid));
  return TRUE;
}

static gboolean
sign_cert (X509      *cert,
           EVP_PKEY  *issuer_key,
           GError   **error)
{
  if (X509_sign (cert, issuer_key, st_crypto_sha256_md ()) <= 0)
    return st_pki_set_openssl_error (error, _("certificate signature"));
  return TRUE;
}

gboolean
st_pki_create_ca (const char  *site_name,
                  char       **ca_cert_pem,
                  EVP_PKEY   **ca_key,
                  GError     **error)
{
  g_autoptr(EVP_PKEY) key = NULL;
  g_autoptr(X509) cert = NULL;
  g_autoptr(X509_NAME) name = NULL;
  g_autofree char *common_name = NULL;
  X509V3_CTX v3 = { 0 };

  g_return_val_if_fail (ca_cert_pem != NULL && ca_key != NULL, FALSE);

  if (!check_name (_("site name"), site_name, MAX_SITE_NAME, error))
    return FALSE;
  if ((key = new_p256_key (error)) == NULL)
    return FALSE;

  common_name = g_strconcat (site_name, CA_CN_SUFFIX, NULL);
  if ((cert = X509_new ()) == NULL || (name = X509_NAME_new ()) == NULL)
    return st_pki_set_openssl_error (error, _("CA certificate"));
  if (!add_name_entry (name, NID_organizationName, site_name, error)
      || !add_name_entry (name, NID_commonName, common_name, error))
    return FALSE;
  if (!X509_set_version (cert, X509_VERSION_3)
      || !X509_set_subject_name (cert, name)
      || !X509_set_issuer_name (cert, name)
      || !X509_set_pubkey (cert, key))
    return st_pki_set_openssl_error (error, _("CA certificate"));
  if (!set_random_serial (cert, error) || !set_validity (cert, CA_YEARS, error))
    return FALSE;

  X509V3_set_ctx (&v3, cert, cert, NULL, NULL, 0);
  if (!add_extension (cert, &v3, NID_basic_constraints, "critical,CA:TRUE", error)
      || !add_extension (cert, &v3, NID_key_usage, "critical,keyCertSign,cRLSign", error)
      || !add_extension (cert, &v3, NID_subject_key_identifier, "hash", error)
      || !sign_cert (cert, key, error))
    return FALSE;

  if ((*ca_cert_pem = st_pki_cert_to_pem (cert)) == NULL)
    return st_pki_set_openssl_error (error, _("CA certificate"));
  *ca_key = g_steal_pointer (&key);
  return TRUE;
}

/* The address's domain label: the site name in lower-case ASCII, other
 * characters as single hyphens. */
static char *
site_slug (const char *site)
{
  g_autofree char *ascii = g_str_to_ascii (site, "C");
  GString *slug = g_string_new (NULL);

  for (const char *p = ascii; *p != '\0' && slug->len < MAX_DNS_LABEL; p++)
    {
      if (g_ascii_isalnum (*p))
        g_string_append_c (slug, g_ascii_tolower (*p));
      else if (slug->len > 0 && slug->str[slug->len - 1] != '-')
        g_string_append_c (slug, '-');
    }
  while (slug->len > 0 && slug->str[slug->len - 1] == '-')
    g_string_truncate (slug, slug->len - 1);
  if (slug->len == 0)
    g_string_append (slug, "site");
  return g_string_free (slug, FALSE);
}

/* The address's local part: the user name where it is a valid dot-atom,
 * other characters (and misplaced dots) as hyphens. */
static char *
email_local_part (const char *username)
{
  char *local = g_str_to_ascii (username, "C");
  gsize len = strlen (local);

  for (gsize i = 0; i < len; i++)
    {
      gboolean dot_ok = i > 0 && i + 1 < len && local[i - 1] != '.';

      if (!(g_ascii_isalnum (local[i]) || strchr ("_-+", local[i]) != NULL
            || (local[i] == '.' && dot_ok)))
        local[i] = '-';
    }
  return local;
}

static char *
name_entry_text (X509_NAME *name,
                 int        nid)
{
  int index = X509_NAME_get_index_by_NID (name, nid, -1);
  unsigned char *utf8 = NULL;
  char *text;
  int len;

  if (index < 0)
    return NULL;
  len = ASN1_STRING_to_UTF8 (&utf8, X509_NAME_ENTRY_get_data (X509_NAME_get_entry (name, index)));
  if (len < 0)
    {
      ERR_clear_error ();
      return NULL;
    }
  text = g_strndup ((const char *) utf8, len);
  OPENSSL_free (utf8);
  return text;
}

gboolean
st_pki_issue_signing_cert (const char  *ca_cert_pem,
                           EVP_PKEY    *ca_key,
                           const char  *username,
                           const char  *full_name,
                           char       **cert_pem,
                           EVP_PKEY   **key,
                           GError     **error)
{
  g_autoptr(X509) ca = NULL;
  g_autoptr(X509) cert = NULL;
  g_autoptr(X509_NAME) name = NULL;
  g_autoptr(EVP_PKEY) user_key = NULL;
  g_autofree char *site = NULL;
  g_autofree char *slug = NULL;
  g_autofree char *local = NULL;
  g_autofree char *san = NULL;
  X509V3_CTX v3 = { 0 };

  g_return_val_if_fail (ca_key != NULL && cert_pem != NULL && key != NULL, FALSE);

  if ((ca = cert_from_pem (ca_cert_pem)) == NULL)
    {
      g_set_error (error, ST_PKI_ERROR, ST_PKI_ERROR_INVALID,
                   _("CA certificate: is not a PEM certificate"));
      return FALSE;
    }
  if (X509_check_ca (ca) == 0)
    {
      g_set_error (error, ST_PKI_ERROR, ST_PKI_ERROR_UNUSABLE,
                   _("CA certificate: is not a certificate authority"));
      return FALSE;
    }
  if (X509_check_private_key (ca, ca_key) != 1)
    {
      ERR_clear_error ();
      g_set_error (error, ST_PKI_ERROR, ST_PKI_ERROR_UNUSABLE,
                   _("CA key: does not match the CA certificate"));
      return FALSE;
    }
  if ((site = name_entry_text (X509_get_subject_name (ca), NID_organizationName)) == NULL)
    {
      g_set_error (error, ST_PKI_ERROR, ST_PKI_ERROR_UNUSABLE,
                   _("CA certificate: has no organization (O) in its subject"));
      return FALSE;
    }
  if (!check_name (_("user name"), username, MAX_USERNAME, error)
      || !check_name (_("full name"), full_name, MAX_COMMON_NAME, error))
    return FALSE;
  if ((user_key = new_p256_key (error)) == NULL)
    return FALSE;

  if ((cert = X509_new ()) == NULL || (name = X509_NAME_new ()) == NULL)
    return st_pki_set_openssl_error (error, _("signing certificate"));
  if (!add_name_entry (name, NID_organizationName, site, error)
      || !add_name_entry (name, NID_userId, username, error)
      || !add_name_entry (name, NID_commonName, full_name, error))
    return FALSE;
  if (!X509_set_version (cert, X509_VERSION_3)
      || !X509_set_subject_name (cert, name)
      || !X509_set_issuer_name (cert, X509_get_subject_name (ca))
      || !X509_set_pubkey (cert, user_key))
    return st_pki_set_openssl_error (error, _("signing certificate"));
  if (!set_random_serial (cert, error) || !set_validity (cert, SIGNING_CERT_YEARS, error))
    return FALSE;

  /* S/MIME verification (`openssl cms -verify`) wants emailProtection and
   * an address; the .invalid domain (RFC 2606) cannot receive mail. */
  slug = site_slug (site);
  local = email_local_part (username);
  san = g_strdup_printf ("email:%s@%s.stroma.invalid", local, slug);

  X509V3_set_ctx (&v3, ca, cert, NULL, NULL, 0);
  if (!add_extension (cert, &v3, NID_basic_constraints, "CA:FALSE", error)
      || !add_extension (cert, &v3, NID_key_usage, "critical,digitalSignature,nonRepudiation", error)
      || !add_extension (cert, &v3, NID_ext_key_usage, "emailProtection", error)
      || !add_extension (cert, &v3, NID_subject_key_identifier, "hash", error)
      || !add_extension (cert, &v3, NID_authority_key_identifier, "keyid:always", error)
      || !add_extension (cert, &v3, NID_subject_alt_name, san, error)
      || !sign_cert (cert, ca_key, error))
    return FALSE;

  if ((*cert_pem = st_pki_cert_to_pem (cert)) == NULL)
    return st_pki_set_openssl_error (error, _("signing certificate"));
  *key = g_steal_pointer (&user_key);
  return TRUE;
}

GBytes *
st_pki_key_to_der (EVP_PKEY  *key,
                   GError   **error)
{
  g_autoptr(OSSL_ENCODER_CTX) ctx = NULL;
  unsigned char *der = NULL;
  size_t len = 0;
  GBytes *bytes;

  g_return_val_if_fail (key != NULL, NULL);

  ctx = OSSL_ENCODER_CTX_new_for_pkey (key, EVP_PKEY_KEYPAIR, "DER", "PrivateKeyInfo", NULL);
  if (ctx == NULL || OSSL_ENCODER_CTX_get_num_encoders (ctx) == 0
      || !OSSL_ENCODER_to_data (ctx, &der, &len))
    {
      st_pki_set_openssl_error (error, _("private key encoding"));
      return NULL;
    }
  bytes = secret_bytes_new (der, len);
  OPENSSL_clear_free (der, len);
  return bytes;
}

EVP_PKEY *
st_pki_key_from_der (GBytes  *der,
                     GError **error)
{
  g_autoptr(OSSL_DECODER_CTX) ctx = NULL;
  EVP_PKEY *key = NULL;
  gsize size = 0;
  const unsigned char *data;
  size_t left;

  g_return_val_if_fail (der != NULL, NULL);

  data = g_bytes_get_data (der, &size);
  left = size;
  ctx = OSSL_DECODER_CTX_new_for_pkey (&key, "DER", "PrivateKeyInfo", NULL,
                                       EVP_PKEY_KEYPAIR, NULL, NULL);
  if (ctx == NULL)
    {
      st_pki_set_openssl_error (error, _("private key decoding"));
      return NULL;
    }
  if (size == 0 || !OSSL_DECODER_from_data (ctx, &data, &left) || key == NULL)
    {
      ERR_clear_error ();
      EVP_PKEY_free (key);
      g_set_error (error, ST_PKI_ERROR, ST_PKI_ERROR_INVALID,
                   _("private key: is not a PKCS#8 DER private key"));
      return NULL;
    }
  return key;
}

struct _StPkiSigner {
  X509 *cert;
  StX509List *chain;        /* NULL when there is none */
  EVP_PKEY *key;
};

void
st_pki_signer_free (StPkiSigner *signer)
{
  if (signer == NULL)
    return;
  g_clear_pointer (&signer->cert, X509_free);
  g_clear_pointer (&signer->chain, st_pki_x509_list_free);
  g_clear_pointer (&signer->key, EVP_PKEY_free);
  g_free (signer);
}

StPkiSigner *
st_pki_signer_new (const char  *cert_pem,
                   EVP_PKEY    *key,
                   const char  *chain_pem,
                   GError     **error)
{
  g_autoptr(StPkiSigner) signer = g_new0 (StPkiSigner, 1);

  g_return_val_if_fail (key != NULL, NULL);

  if ((signer->cert = cert_from_pem (cert_pem)) == NULL)
    {
      g_set_error (error, ST_PKI_ERROR, ST_PKI_ERROR_INVALID,
                   _("signing certificate: is not a PEM certificate"));
      return NULL;
    }
  if (X509_check_private_key (signer->cert, key) != 1)
    {
      ERR_clear_error ();
      g_set_error (error, ST_PKI_ERROR, ST_PKI_ERROR_UNUSABLE,
                   _("signing key: does not match the signing certificate"));
      return NULL;
    }
  if (chain_pem != NULL && *chain_pem != '\0' && (signer->chain = certs_from_pem (chain_pem)) == NULL)
    {
      g_set_error (error, ST_PKI_ERROR, ST_PKI_ERROR_INVALID,
                   _("certificate chain: is not a list of PEM certificates"));
      return NULL;
    }
  if (!EVP_PKEY_up_ref (key))
    {
      st_pki_set_openssl_error (error, _("signature"));
      return NULL;
    }
  signer->key = key;
  return g_steal_pointer (&signer);
}

GBytes *
st_pki_signer_sign (StPkiSigner  *signer,
                    GBytes       *content,
                    GError      **error)
{
  const unsigned int flags = CMS_DETACHED | CMS_BINARY;
  g_autoptr(CMS_ContentInfo) cms = NULL;
  g_autoptr(BIO) content_bio = NULL;
  unsigned char *der = NULL;
  GBytes *signature;
  int len;

  g_return_val_if_fail (signer != NULL && content != NULL, NULL);

  if ((content_bio = bio_for_bytes (content)) == NULL)
    {
      g_set_error (error, ST_PKI_ERROR, ST_PKI_ERROR_INVALID,
                   _("document: is too large to sign"));
      return NULL;
    }

  /* Partial first, so that the digest can be chosen for the signer; the
   * message digest and signing time attributes are added at CMS_final. */
  if ((cms = CMS_sign (NULL, NULL, signer->chain, NULL, flags | CMS_PARTIAL)) == NULL
      || CMS_add1_signer (cms, signer->cert, signer->key, st_crypto_sha256_md (), CMS_NOSMIMECAP) == NULL
      || CMS_final (cms, content_bio, NULL, flags) != 1
      || (len = i2d_CMS_ContentInfo (cms, &der)) <= 0)
    {
      st_pki_set_openssl_error (error, _("signature"));
      return NULL;
    }
  signature = g_bytes_new (der, len);
  OPENSSL_free (der);
  return signature;
}

GBytes *
st_pki_cms_sign (const char  *cert_pem,
                 EVP_PKEY    *key,
                 const char  *chain_pem,
                 GBytes      *content,
                 GError     **error)
{
  g_autoptr(StPkiSigner) signer = NULL;

  g_return_val_if_fail (key != NULL && content != NULL, NULL);

  signer = st_pki_signer_new (cert_pem, key, chain_pem, error);
  if (signer == NULL)
    return NULL;
  return st_pki_signer_sign (signer, content, error);
}

static gboolean
set_not_signature (GError    **error,
                   const char *message)
{
  g_set_error_literal (error, ST_PKI_ERROR, ST_PKI_ERROR_NOT_SIGNATURE, message);
  return FALSE;
}

/* Which check of CMS_verify failed, from OpenSSL's error queue. */
static gboolean
set_cms_verify_error (GError **error)
{
  gboolean changed = FALSE, no_signer_cert = FALSE;
  unsigned long code;

  while ((code = ERR_get_error ()) != 0)
    {
      if (ERR_GET_LIB (code) != ERR_LIB_CMS)
        continue;
      if (ERR_GET_REASON (code) == CMS_R_CONTENT_VERIFY_ERROR)
        changed = TRUE;
      else if (ERR_GET_REASON (code) == CMS_R_SIGNER_CERTIFICATE_NOT_FOUND)
        no_signer_cert = TRUE;
    }
  if (no_signer_cert)
    return set_not_signature (error, _("signature: the signer's certificate is not included"));
  if (changed)
    g_set_error (error, ST_PKI_ERROR, ST_PKI_ERROR_CONTENT_CHANGED,
                 _("signature: the document was changed after signing"));
  else
    g_set_error (error, ST_PKI_ERROR, ST_PKI_ERROR_BAD_SIGNATURE,
                 _("signature: the signature does not match the signer's certificate"));
  return FALSE;
}

/* The check CMS_verify makes of each signer's certificate (same store
 * settings and purpose), done here to know why it failed. */
static gboolean
verify_signer_chain (X509_STORE  *store,
                     X509        *signer,
                     StX509List  *untrusted,
                     GError     **error)
{
  g_autoptr(X509_STORE_CTX) ctx = X509_STORE_CTX_new ();
  int reason;

  if (ctx == NULL
      || !X509_STORE_CTX_init (ctx, store, signer, untrusted)
      || !X509_STORE_CTX_set_default (ctx, "smime_sign"))
    return st_pki_set_openssl_error (error, _("certificate verification"));
  if (X509_verify_cert (ctx) == 1)
    return TRUE;

  ERR_clear_error ();
  reason = X509_STORE_CTX_get_error (ctx);
  switch (reason)
    {
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT:
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
    case X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE:
    case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT:
    case X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN:
    case X509_V_ERR_CERT_SIGNATURE_FAILURE:
      g_set_error (error, ST_PKI_ERROR, ST_PKI_ERROR_UNTRUSTED,
                   _("signature: the signer's certificate does not chain to the CA"));
      break;
    default:
      g_set_error (error, ST_PKI_ERROR, ST_PKI_ERROR_UNTRUSTED,
                   _("signature: the signer's certificate is not valid for signing (%s)"),
                   X509_verify_cert_error_string (reason));
      break;
    }
  return FALSE;
}

static char *
signer_signing_time (CMS_SignerInfo *si)
{
  int index = CMS_signed_get_attr_by_NID (si, NID_pkcs9_signingTime, -1);
  const ASN1_TYPE *value;

  if (index < 0)
    return NULL;
  value = X509_ATTRIBUTE_get0_type (CMS_signed_get_attr (si, index), 0);
  if (value == NULL
      || (value->type != V_ASN1_UTCTIME && value->type != V_ASN1_GENERALIZEDTIME))
    return NULL;
  return st_pki_asn1_time_to_iso (value->value.utctime);
}

static X509_STORE *
trust_store_from_pem (const char *ca_pem)
{
  g_autoptr(X509_STORE) store = X509_STORE_new ();
  g_autoptr(StX509List) anchors = NULL;

  if (store == NULL || ca_pem == NULL || (anchors = certs_from_pem (ca_pem)) == NULL)
    return NULL;
  for (int i = 0; i < sk_X509_num (anchors); i++)
    if (!X509_STORE_add_cert (store, sk_X509_value (anchors, i)))
      {
        ERR_clear_error ();
        return NULL;
      }
  return g_steal_pointer (&store);
}

gboolean
st_pki_cms_verify (GBytes      *content,
                   GBytes      *cms_der,
                   const char  *ca_pem,
                   char       **signer_cert_pem,
                   char       **signing_time,
                   GError     **error)
{
  g_autoptr(X509_STORE) store = NULL;
  g_autoptr(CMS_ContentInfo) cms = NULL;
  g_autoptr(BIO) content_bio = NULL;
  g_autoptr(StX509List) untrusted = NULL;
  STACK_OF (X509) *signers = NULL;
  STACK_OF (CMS_SignerInfo) *infos;
  const unsigned char *data;
  gsize size = 0;
  gboolean ok = TRUE;

  g_return_val_if_fail (content != NULL && cms_der != NULL, FALSE);

  if ((store = trust_store_from_pem (ca_pem)) == NULL)
    {
      g_set_error (error, ST_PKI_ERROR, ST_PKI_ERROR_INVALID,
                   _("CA certificate: is not a list of PEM certificates"));
      return FALSE;
    }

  data = g_bytes_get_data (cms_der, &size);
  if (size == 0 || size > G_MAXLONG
      || (cms = d2i_CMS_ContentInfo (NULL, &data, (long) size)) == NULL
      || data != (const unsigned char *) g_bytes_get_data (cms_der, NULL) + size
      || OBJ_obj2nid (CMS_get0_type (cms)) != NID_pkcs7_signed)
    {
      ERR_clear_error ();
      return set_not_signature (error, _("signature: not a CMS signature"));
    }
  if (!CMS_is_detached (cms))
    return set_not_signature (error, _("signature: not a detached signature"));
  infos = CMS_get0_SignerInfos (cms);
  if (infos == NULL || sk_CMS_SignerInfo_num (infos) == 0)
    return set_not_signature (error, _("signature: has no signer"));
  if ((content_bio = bio_for_bytes (content)) == NULL)
    {
      g_set_error (error, ST_PKI_ERROR, ST_PKI_ERROR_INVALID,
                   _("document: is too large to verify"));
      return FALSE;
    }

  /* The signature and the content digest first, so that a changed
   * document is reported as such whatever the certificate. */
  ERR_clear_error ();
  if (CMS_verify (cms, NULL, NULL, content_bio, NULL,
                  CMS_BINARY | CMS_NO_SIGNER_CERT_VERIFY) != 1)
    return set_cms_verify_error (error);

  if ((signers = CMS_get0_signers (cms)) == NULL
      || (untrusted = CMS_get1_certs (cms)) == NULL)
    {
      sk_X509_free (signers);
      return st_pki_set_openssl_error (error, _("signature"));
    }
  for (int i = 0; ok && i < sk_X509_num (signers); i++)
    ok = verify_signer_chain (store, sk_X509_value (signers, i), untrusted, error);

  if (ok && signer_cert_pem != NULL
      && (*signer_cert_pem = st_pki_cert_to_pem (sk_X509_value (signers, 0))) == NULL)
    ok = st_pki_set_openssl_error (error, _("signer certificate"));
  sk_X509_free (signers);
  if (ok && signing_time != NULL)
    *signing_time = signer_signing_time (sk_CMS_SignerInfo_value (infos, 0));
  return ok;
}

char *
st_pki_cert_subject (const char *cert_pem)
{
  g_autoptr(X509) cert = cert_from_pem (cert_pem);
  g_autoptr(BIO) bio = NULL;
  char *data = NULL;
  long len;

  if (cert == NULL || (bio = BIO_new (BIO_s_mem ())) == NULL)
    return NULL;
  /* RFC 2253, but names in other scripts stay readable UTF-8. */
  if (X509_NAME_print_ex (bio, X509_get_subject_name (cert), 0,
                          XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB) < 0)
    {
      ERR_clear_error ();
      return NULL;
    }
  len = BIO_get_mem_data (bio, &data);
  return g_strndup (data, len);
}

char *
st_pki_cert_serial_hex (const char *cert_pem)
{
  g_autoptr(X509) cert = cert_from_pem (cert_pem);
  g_autoptr(BIGNUM) bn = NULL;
  char *hex;
  char *copy;

  if (cert == NULL || (bn = ASN1_INTEGER_to_BN (X509_get0_serialNumber (cert), NULL)) == NULL
      || (hex = BN_bn2hex (bn)) == NULL)
    {
      ERR_clear_error ();
      return NULL;
    }
  copy = g_strdup (hex);
  OPENSSL_free (hex);
  return copy;
}

char *
st_pki_cert_fingerprint_sha256 (const char *cert_pem)
{
  g_autoptr(X509) cert = cert_from_pem (cert_pem);
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  GString *out;

  if (cert == NULL || !X509_digest (cert, st_crypto_sha256_md (), digest, &len))
    {
      ERR_clear_error ();
      return NULL;
    }
  out = g_string_sized_new (len * 3);
  for (unsigned int i = 0; i < len; i++)
    g_string_append_printf (out, i == 0 ? "%02x" : ":%02x", digest[i]);
  return g_string_free (out, FALSE);
}

char *
st_pki_cert_not_after (const char *cert_pem)
{
  g_autoptr(X509) cert = cert_from_pem (cert_pem);

  if (cert == NULL)
    return NULL;
  return st_pki_asn1_time_to_iso (X509_get0_notAfter (cert));
}

gboolean
st_pki_cert_matches_key (const char *cert_pem,
                         EVP_PKEY   *key)
{
  g_autoptr(X509) cert = cert_from_pem (cert_pem);
  gboolean matches;

  if (cert == NULL || key == NULL)
    return FALSE;
  matches = X509_check_private_key (cert, key) == 1;
  ERR_clear_error ();
  return matches;
}
