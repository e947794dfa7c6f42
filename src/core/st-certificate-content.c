/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "st-certificate-pdf.h"

/* The content structs of the batch certificate; rendering is in
 * st-certificate-pdf.c. */

StCertResult *
st_cert_result_new (void)
{
  return g_new0 (StCertResult, 1);
}

void
st_cert_result_free (StCertResult *result)
{
  if (result == NULL)
    return;
  g_free (result->param);
  g_free (result->test);
  g_free (result->method);
  g_free (result->limit);
  g_free (result->value);
  g_free (result->unit);
  g_free (result->verdict);
  g_free (result);
}

StCertDonor *
st_cert_donor_new (void)
{
  return g_new0 (StCertDonor, 1);
}

void
st_cert_donor_free (StCertDonor *donor)
{
  if (donor == NULL)
    return;
  g_free (donor->code);
  g_free (donor->eligibility);
  g_free (donor);
}

StCertDeviation *
st_cert_deviation_new (void)
{
  return g_new0 (StCertDeviation, 1);
}

void
st_cert_deviation_free (StCertDeviation *deviation)
{
  if (deviation == NULL)
    return;
  g_free (deviation->severity);
  g_free (deviation->status);
  g_free (deviation->text);
  g_free (deviation->assessment);
  g_free (deviation);
}

StCertSignature *
st_cert_signature_new (void)
{
  return g_new0 (StCertSignature, 1);
}

void
st_cert_signature_free (StCertSignature *signature)
{
  if (signature == NULL)
    return;
  g_free (signature->meaning);
  g_free (signature->full_name);
  g_free (signature->username);
  g_free (signature->role);
  g_free (signature->signed_at);
  g_free (signature);
}

StCertificateContent *
st_certificate_content_new (void)
{
  StCertificateContent *content = g_new0 (StCertificateContent, 1);

  content->donors = g_ptr_array_new_with_free_func ((GDestroyNotify) st_cert_donor_free);
  content->results = g_ptr_array_new_with_free_func ((GDestroyNotify) st_cert_result_free);
  content->deviations = g_ptr_array_new_with_free_func ((GDestroyNotify) st_cert_deviation_free);
  content->signatures = g_ptr_array_new_with_free_func ((GDestroyNotify) st_cert_signature_free);
  return content;
}

void
st_certificate_content_free (StCertificateContent *c)
{
  if (c == NULL)
    return;
  g_free (c->language);
  g_free (c->kind);
  g_free (c->site_name);
  g_free (c->site_address);
  g_free (c->authorisation);
  g_free (c->product);
  g_free (c->strength);
  g_free (c->dosage_form);
  g_free (c->container);
  g_free (c->lot_number);
  g_free (c->manufactured_on);
  g_free (c->expiry_on);
  g_free (c->manufacturing_site);
  g_free (c->testing_site);
  g_free (c->spec_code);
  g_clear_pointer (&c->donors, g_ptr_array_unref);
  g_clear_pointer (&c->results, g_ptr_array_unref);
  g_clear_pointer (&c->deviations, g_ptr_array_unref);
  g_clear_pointer (&c->signatures, g_ptr_array_unref);
  g_strfreev (c->pending_tests);
  g_strfreev (c->oos_tests);
  g_free (c->flag);
  g_free (c->comments);
  g_free (c->qp_name);
  g_free (c->qp_position);
  g_free (c->meaning);
  g_free (c->signed_at);
  g_free (c->cert_subject);
  g_free (c->cert_serial);
  g_free (c->cert_fingerprint);
  g_free (c->record_fingerprint);
  g_free (c->chain_seq);
  g_free (c->chain_hash);
  g_free (c->generator);
  g_free (c);
}
