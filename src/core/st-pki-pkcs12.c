/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Import of a signer's own PKCS#12 file (certificate, key and chain from an
 * outside authority): parsed with the legacy provider when it needs one, the
 * password checked by the MAC first, the certificate checked for signing.
 */
#include "config.h"

#include "st-pki.h"
#include "st-pki-private.h"

#include <glib/gi18n-lib.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <openssl/provider.h>
#include <openssl/x509v3.h>
#include <string.h>

/* TRUE when the legacy provider is available; it is loaded on first use and
 * stays loaded for the process. */
static gboolean
ensure_legacy_provider (void)
{
  static OSSL_PROVIDER *default_provider, *legacy_provider;
  static gsize tried;

  if (g_once_init_enter (&tried))
    {
      /* Loading any provider stops OpenSSL from loading the default one by
       * itself, so both are loaded. */
      default_provider = OSSL_PROVIDER_load (NULL, "default");
      legacy_provider = OSSL_PROVIDER_load (NULL, "legacy");
      ERR_clear_error ();
      g_once_init_leave (&tried, 1);
    }
  return default_provider != NULL && legacy_provider != NULL;
}

static gboolean
pkcs12_parse (PKCS12      *p12,
              const char  *passphrase,
              EVP_PKEY   **key,
              X509       **cert,
              StX509List **chain)
{
  *key = NULL;
  *cert = NULL;
  *chain = NULL;
  return PKCS12_parse (p12, passphrase, key, cert, chain) == 1;
}

static gboolean
pkcs12_mac_matches (PKCS12     *p12,
                    const char *passphrase)
{
  gboolean ok;

  if (!PKCS12_mac_present (p12))
    return TRUE;
  /* An empty passphrase may have been applied as "no passphrase". */
  ok = PKCS12_verify_mac (p12, passphrase, -1)
       || (*passphrase == '\0' && PKCS12_verify_mac (p12, NULL, 0));
  ERR_clear_error ();
  return ok;
}

static gboolean
check_signing_cert_usable (X509    *cert,
                           GError **error)
{
  if (X509_check_purpose (cert, X509_PURPOSE_SMIME_SIGN, 0) <= 0)
    {
      ERR_clear_error ();
      g_set_error (error, ST_PKI_ERROR, ST_PKI_ERROR_UNUSABLE,
                   _("certificate: is not allowed to sign documents (it needs key usage "
                     "digitalSignature or nonRepudiation and, if it lists extended key "
                     "usages, emailProtection)"));
      return FALSE;
    }
  if (X509_cmp_current_time (X509_get0_notAfter (cert)) <= 0)
    {
      g_autofree char *when = st_pki_asn1_time_to_iso (X509_get0_notAfter (cert));
      g_set_error (error, ST_PKI_ERROR, ST_PKI_ERROR_UNUSABLE,
                   _("certificate: expired on %s"), when ? when : "?");
      return FALSE;
    }
  if (X509_cmp_current_time (X509_get0_notBefore (cert)) >= 0)
    {
      g_autofree char *when = st_pki_asn1_time_to_iso (X509_get0_notBefore (cert));
      g_set_error (error, ST_PKI_ERROR, ST_PKI_ERROR_UNUSABLE,
                   _("certificate: is not valid before %s"), when ? when : "?");
      return FALSE;
    }
  return TRUE;
}

gboolean
st_pki_import_pkcs12 (GBytes      *p12_bytes,
                      const char  *passphrase,
                      char       **cert_pem,
                      EVP_PKEY   **key,
                      char       **chain_pem,
                      GError     **error)
{
  g_autoptr(PKCS12) p12 = NULL;
  g_autoptr(EVP_PKEY) p12_key = NULL;
  g_autoptr(X509) cert = NULL;
  g_autoptr(StX509List) chain = NULL;
  g_autoptr(GString) chain_text = g_string_new ("");
  const unsigned char *data;
  gsize size = 0;

  g_return_val_if_fail (p12_bytes != NULL && passphrase != NULL, FALSE);
  g_return_val_if_fail (cert_pem != NULL && key != NULL && chain_pem != NULL, FALSE);

  data = g_bytes_get_data (p12_bytes, &size);
  if (size == 0 || size > G_MAXLONG || (p12 = d2i_PKCS12 (NULL, &data, (long) size)) == NULL)
    {
      ERR_clear_error ();
      g_set_error (error, ST_PKI_ERROR, ST_PKI_ERROR_INVALID,
                   _("pkcs12: is not a PKCS#12 file"));
      return FALSE;
    }
  if (!pkcs12_mac_matches (p12, passphrase))
    {
      g_set_error (error, ST_PKI_ERROR, ST_PKI_ERROR_PKCS12,
                   _("pkcs12: wrong passphrase or damaged file"));
      return FALSE;
    }
  if (!pkcs12_parse (p12, passphrase, &p12_key, &cert, &chain))
    {
      /* The MAC was right, so the contents may be encrypted with RC2 or
       * another algorithm only the legacy provider has. */
      ERR_clear_error ();
      if (!ensure_legacy_provider ()
          || !pkcs12_parse (p12, passphrase, &p12_key, &cert, &chain))
        {
          char detail[256] = "";
          ERR_error_string_n (ERR_peek_last_error (), detail, sizeof detail);
          ERR_clear_error ();
          g_set_error (error, ST_PKI_ERROR, ST_PKI_ERROR_PKCS12,
                       _("pkcs12: wrong passphrase or damaged file (%s)"), detail);
          return FALSE;
        }
    }

  if (p12_key == NULL)
    {
      g_set_error (error, ST_PKI_ERROR, ST_PKI_ERROR_UNUSABLE,
                   _("pkcs12: holds no private key"));
      return FALSE;
    }
  if (cert == NULL)
    {
      g_set_error (error, ST_PKI_ERROR, ST_PKI_ERROR_UNUSABLE,
                   _("pkcs12: holds no certificate for its private key"));
      return FALSE;
    }
  if (X509_check_private_key (cert, p12_key) != 1)
    {
      ERR_clear_error ();
      g_set_error (error, ST_PKI_ERROR, ST_PKI_ERROR_UNUSABLE,
                   _("pkcs12: the private key does not match the certificate"));
      return FALSE;
    }
  if (!check_signing_cert_usable (cert, error))
    return FALSE;

  for (int i = 0; chain != NULL && i < sk_X509_num (chain); i++)
    {
      g_autofree char *pem = st_pki_cert_to_pem (sk_X509_value (chain, i));
      if (pem == NULL)
        return st_pki_set_openssl_error (error, _("certificate chain"));
      g_string_append (chain_text, pem);
    }
  if ((*cert_pem = st_pki_cert_to_pem (cert)) == NULL)
    return st_pki_set_openssl_error (error, _("certificate"));
  *key = g_steal_pointer (&p12_key);
  *chain_pem = g_string_free (g_steal_pointer (&chain_text), FALSE);
  return TRUE;
}
