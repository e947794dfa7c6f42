/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "st-fingerprint.h"

#include <glib/gi18n-lib.h>

#include "st-canon.h"
#include "st-crypto.h"
#include "st-eligibility.h"
#include "st-store-certificates.h"
#include "st-store-specs.h"

G_DEFINE_QUARK (st-fingerprint-error-quark, st_fingerprint_error)

/* Bumped whenever the serialisation changes, so that old and new
 * fingerprints can never be confused. */
#define LOT_DOMAIN "stroma lot record v1"
#define SPEC_DOMAIN "stroma specification version v1"

static char *
finish (GByteArray *bytes)
{
  return st_crypto_sha256_hex (bytes->data, bytes->len);
}

/* The donor's eligibility from its tests as of @as_of, not the stored
 * column, so that it is recomputed from the primary records. */
static gboolean
add_donor (GByteArray           *out,
           StDb                 *db,
           const StDonorRecord  *donor,
           gint64                as_of,
           GError              **error)
{
  g_autoptr(GPtrArray) tests = st_store_certificates_donor_tests_as_of (db, donor->id, as_of, error);
  g_autofree StDonorTestView *views = NULL;
  StEligibility eligibility;

  if (tests == NULL)
    return FALSE;
  views = g_new0 (StDonorTestView, MAX (tests->len, 1));
  for (guint i = 0; i < tests->len; i++)
    {
      const StDonorTestRecord *test = g_ptr_array_index (tests, i);
      views[i].marker = test->marker;
      views[i].result = test->result;
      views[i].sampled_on = test->sampled_on;
    }
  eligibility = st_eligibility_evaluate (donor->htlv_required, views, tests->len, NULL);
  st_canon_add_text (out, donor->code);
  st_canon_add_text (out, st_eligibility_to_string (eligibility));
  return TRUE;
}

char *
st_fingerprint_lot (StDb    *db,
                    gint64   lot_id,
                    gint64   as_of,
                    GError **error)
{
  g_autoptr(GByteArray) out = g_byte_array_new ();
  g_autoptr(StLotRecord) lot = NULL;
  g_autoptr(GPtrArray) donors = NULL;
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GPtrArray) passages = NULL;
  g_autoptr(GPtrArray) deviations = NULL;
  g_autoptr(GError) local = NULL;

  lot = st_store_lots_get (db, lot_id, &local);
  if (lot == NULL)
    {
      if (local != NULL)
        g_propagate_error (error, g_steal_pointer (&local));
      else
        g_set_error (error, ST_FINGERPRINT_ERROR, ST_FINGERPRINT_ERROR_MISSING,
                     _("lot: record %" G_GINT64_FORMAT " is missing"), lot_id);
      return NULL;
    }
  if ((donors = st_store_lots_donors (db, lot_id, error)) == NULL
      || (results = st_store_certificates_results_as_of (db, lot_id, as_of, error)) == NULL
      || (passages = st_store_certificates_passages_as_of (db, lot_id, as_of, error)) == NULL
      || (deviations = st_store_certificates_deviations_as_of (db, lot_id, as_of, error)) == NULL)
    return NULL;

  st_canon_add_text (out, LOT_DOMAIN);
  st_canon_add_text (out, lot->lot_number);
  st_canon_add_text (out, lot->product);
  st_canon_add_text (out, lot->created_by_name);
  st_canon_add_text (out, lot->created_at);
  st_canon_add_text (out, lot->spec_code);
  st_canon_add_int (out, lot->spec_version);

  st_canon_add_int (out, donors->len);
  for (guint i = 0; i < donors->len; i++)
    if (!add_donor (out, db, g_ptr_array_index (donors, i), as_of, error))
      return NULL;

  st_canon_add_int (out, results->len);
  for (guint i = 0; i < results->len; i++)
    {
      const StResultRecord *result = g_ptr_array_index (results, i);
      st_canon_add_int (out, result->id);
      st_canon_add_text (out, result->param);
      st_canon_add_text (out, result->value);
      st_canon_add_text (out, result->method);
      st_canon_add_text (out, result->entered_by_name);
      st_canon_add_text (out, result->entered_at);
      st_canon_add_int (out, result->supersedes);
      st_canon_add_text (out, result->reason);
    }

  st_canon_add_int (out, passages->len);
  for (guint i = 0; i < passages->len; i++)
    {
      const StPassageRecord *passage = g_ptr_array_index (passages, i);
      st_canon_add_int (out, passage->id);
      st_canon_add_int (out, passage->number);
      st_canon_add_int (out, passage->seeded);
      st_canon_add_int (out, passage->harvested);
      st_canon_add_text (out, passage->seeded_on);
      st_canon_add_text (out, passage->harvested_on);
      st_canon_add_text (out, passage->entered_by_name);
      st_canon_add_text (out, passage->entered_at);
    }

  st_canon_add_int (out, deviations->len);
  for (guint i = 0; i < deviations->len; i++)
    {
      const StDeviationRecord *deviation = g_ptr_array_index (deviations, i);
      st_canon_add_int (out, deviation->number);
      st_canon_add_text (out, deviation->severity);
      st_canon_add_text (out, deviation->status);
      st_canon_add_text (out, deviation->text);
      st_canon_add_text (out, deviation->assessment);
    }
  return finish (out);
}

char *
st_fingerprint_spec (StDb    *db,
                     gint64   spec_id,
                     GError **error)
{
  g_autoptr(GByteArray) out = g_byte_array_new ();
  g_autoptr(StSpecRecord) spec = NULL;
  g_autoptr(GError) local = NULL;

  spec = st_store_specs_get (db, spec_id, &local);
  if (spec == NULL)
    {
      if (local != NULL)
        g_propagate_error (error, g_steal_pointer (&local));
      else
        g_set_error (error, ST_FINGERPRINT_ERROR, ST_FINGERPRINT_ERROR_MISSING,
                     _("specification: version record %" G_GINT64_FORMAT " is missing"), spec_id);
      return NULL;
    }
  st_canon_add_text (out, SPEC_DOMAIN);
  st_canon_add_text (out, spec->code);
  st_canon_add_int (out, spec->version);
  st_canon_add_text (out, spec->title);
  st_canon_add_text (out, spec->document);
  return finish (out);
}
