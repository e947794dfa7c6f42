/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "fuzz-common.h"
#include "st-pki.h"

/*
 * `cert verify PDF P7S`: both files come from outside.  The input is a
 * 4-byte little-endian length, that many bytes of document and the rest the
 * detached DER CMS signature; the trust anchors are the fixed CAs of
 * tests/fuzz/fuzz-ca.pem (see make-seeds.sh).  A signature either
 * verifies, giving its signer's certificate, or is refused with a 1xx (no)
 * or 2xx error, never a crash; the signer's facts can be read.
 */

static char *ca_pem;

static void
load_ca (void)
{
  g_autoptr(GError) error = NULL;
  const char *path = g_getenv ("STROMA_FUZZ_CA");

  if (ca_pem != NULL)
    return;
  if (path == NULL)
    path = FUZZ_CA_PEM;
  if (!g_file_get_contents (path, &ca_pem, NULL, &error))
    fuzz_fail ("fuzz-cert-verify: %s", error->message);
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GBytes) document = NULL;
  g_autoptr(GBytes) signature = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *signer = NULL;
  g_autofree char *signed_at = NULL;
  g_autofree char *subject = NULL;
  g_autofree char *serial = NULL;
  g_autofree char *fingerprint = NULL;
  g_autofree char *not_after = NULL;
  guint32 length;

  fuzz_init ();
  load_ca ();
  if (size < 4)
    return 0;
  length = (guint32) data[0] | (guint32) data[1] << 8 | (guint32) data[2] << 16 | (guint32) data[3] << 24;
  data += 4;
  size -= 4;
  if (length > size)
    length = (guint32) size;
  document = g_bytes_new (data, length);
  signature = g_bytes_new (data + length, size - length);

  if (!st_pki_cms_verify (document, signature, ca_pem, &signer, &signed_at, &error))
    {
      FUZZ_ASSERT (error != NULL && error->domain == ST_PKI_ERROR);
      if (error->code / 100 != 1 && error->code / 100 != 2)
        fuzz_fail ("not a refusal of the input: %d %s", error->code, error->message);
      FUZZ_ASSERT (g_utf8_validate (error->message, -1, NULL));
      FUZZ_ASSERT (signer == NULL);
      return 0;
    }
  FUZZ_ASSERT (signer != NULL);
  subject = st_pki_cert_subject (signer);
  serial = st_pki_cert_serial_hex (signer);
  fingerprint = st_pki_cert_fingerprint_sha256 (signer);
  not_after = st_pki_cert_not_after (signer);
  FUZZ_ASSERT (serial != NULL && fingerprint != NULL && not_after != NULL);
  FUZZ_ASSERT (subject == NULL || g_utf8_validate (subject, -1, NULL));
  FUZZ_ASSERT (signed_at == NULL || strlen (signed_at) == 20);
  return 0;
}
