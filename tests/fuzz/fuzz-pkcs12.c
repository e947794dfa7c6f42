/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "fuzz-common.h"
#include "st-pki.h"

#include <openssl/err.h>

/*
 * `pki import FILE.p12`: the file comes from outside.  With the passphrase
 * of the seeds (corpus/pkcs12/, see make-seeds.sh) any bytes are either
 * refused with a 2xx error or give a certificate and a matching private key
 * usable for signing, whose key survives the trip through the PKCS#8 DER
 * that Stroma seals.
 *
 * A mutated file almost never keeps a valid MAC, and OpenSSL reads nothing
 * past a wrong one; so each input that is a PKCS#12 structure is also tried
 * with its MAC made anew, which lets the mutations reach the bags, the key
 * and the certificates behind it.
 */

#define PASSPHRASE "fuzz-pass"

static void
import (GBytes *p12)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EVP_PKEY) key = NULL;
  g_autoptr(EVP_PKEY) key_again = NULL;
  g_autoptr(GBytes) der = NULL;
  g_autofree char *cert_pem = NULL;
  g_autofree char *chain_pem = NULL;
  g_autofree char *subject = NULL;
  g_autofree char *serial = NULL;
  g_autofree char *fingerprint = NULL;
  g_autofree char *not_after = NULL;

  if (!st_pki_import_pkcs12 (p12, PASSPHRASE, &cert_pem, &key, &chain_pem, &error))
    {
      FUZZ_ASSERT (error != NULL && error->domain == ST_PKI_ERROR);
      if (error->code / 100 != 2)
        fuzz_fail ("not a refusal of the input: %d %s", error->code, error->message);
      FUZZ_ASSERT (g_utf8_validate (error->message, -1, NULL));
      return;
    }
  FUZZ_ASSERT (cert_pem != NULL && key != NULL && chain_pem != NULL);
  FUZZ_ASSERT (st_pki_cert_matches_key (cert_pem, key));

  subject = st_pki_cert_subject (cert_pem);
  serial = st_pki_cert_serial_hex (cert_pem);
  fingerprint = st_pki_cert_fingerprint_sha256 (cert_pem);
  not_after = st_pki_cert_not_after (cert_pem);
  FUZZ_ASSERT (fingerprint != NULL && serial != NULL && not_after != NULL);
  FUZZ_ASSERT (subject == NULL || g_utf8_validate (subject, -1, NULL));

  der = st_pki_key_to_der (key, &error);
  if (der == NULL)
    fuzz_fail ("the imported key cannot be written as PKCS#8: %s", error->message);
  key_again = st_pki_key_from_der (der, &error);
  if (key_again == NULL)
    fuzz_fail ("the imported key does not read back from PKCS#8: %s", error->message);
  FUZZ_ASSERT (st_pki_cert_matches_key (cert_pem, key_again));
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GBytes) as_is = NULL;
  g_autoptr(PKCS12) p12 = NULL;
  const unsigned char *in = data;
  unsigned char *out = NULL;
  int length;

  fuzz_init ();
  as_is = g_bytes_new (data, size);
  import (as_is);

  if (size > G_MAXLONG || (p12 = d2i_PKCS12 (NULL, &in, (long) size)) == NULL
      || !PKCS12_set_mac (p12, PASSPHRASE, -1, NULL, 0, 1, NULL)
      || (length = i2d_PKCS12 (p12, &out)) <= 0)
    {
      ERR_clear_error ();
      return 0;
    }
  {
    g_autoptr(GBytes) re_maced = g_bytes_new (out, length);
    OPENSSL_free (out);
    import (re_maced);
  }
  return 0;
}
