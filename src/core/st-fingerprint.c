/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "st-fingerprint.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>

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

static char *compute_lot (StDb *db, gint64 lot_id, gint64 as_of, GError **error);

#define ELIGIBILITY_CACHE_KEY "st-fingerprint-eligibility"

/*
 * A signature's fingerprint is as of now, and the lots of a site share
 * their donors: each donor's eligibility as of now is judged from its tests
 * once, and judged again once a donor test is added.  Donor tests are
 * append-only, so the newest test's id tells whether any was added (by any
 * connection); only a write rolled back on this one can hand its id to
 * another test.
 */
typedef struct {
  guint64 write_rollbacks;
  gint64 newest_test;
  GHashTable *eligibility;  /* donor id * 2 + htlv_required -> StEligibility + 1 */
} EligibilityCache;

static void
eligibility_cache_free (gpointer data)
{
  EligibilityCache *cache = data;

  g_hash_table_unref (cache->eligibility);
  g_free (cache);
}

/* The cache when @as_of is now, emptied when it is out of date; else NULL. */
static EligibilityCache *
eligibility_cache (StDb    *db,
                   gint64   as_of,
                   GError **error)
{
  EligibilityCache *cache = st_db_get_data (db, ELIGIBILITY_CACHE_KEY);
  gint64 newest_seq = 0, newest_test = 0;

  if (!st_store_certificates_newest (db, &newest_seq, &newest_test, error) || as_of < newest_seq)
    return NULL;
  if (cache == NULL)
    {
      cache = g_new0 (EligibilityCache, 1);
      cache->eligibility = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
      st_db_set_data (db, ELIGIBILITY_CACHE_KEY, cache, eligibility_cache_free);
    }
  if (cache->write_rollbacks != st_db_write_rollbacks (db) || cache->newest_test != newest_test)
    {
      g_hash_table_remove_all (cache->eligibility);
      cache->write_rollbacks = st_db_write_rollbacks (db);
      cache->newest_test = newest_test;
    }
  return cache;
}

/* The donor's eligibility from its tests as of @as_of, not the stored
 * column, so that it is recomputed from the primary records.  @tests holds
 * the tests of every donor of the lot, grouped by donor in the lot's order;
 * *next is the first one not yet used. */
static StEligibility
judge_donor (const StDonorRecord  *donor,
             GPtrArray            *tests,
             guint                *next)
{
  g_autofree StDonorTestView *views = NULL;
  guint first = *next;
  guint n = 0;

  while (first + n < tests->len
         && ((const StDonorTestRecord *) g_ptr_array_index (tests, first + n))->donor_id == donor->id)
    n++;
  views = g_new0 (StDonorTestView, MAX (n, 1));
  for (guint i = 0; i < n; i++)
    {
      const StDonorTestRecord *test = g_ptr_array_index (tests, first + i);
      views[i].marker = test->marker;
      views[i].result = test->result;
      views[i].sampled_on = test->sampled_on;
    }
  *next = first + n;
  return st_eligibility_evaluate (donor->htlv_required, views, n, NULL);
}

static gboolean
add_donors (GByteArray  *out,
            StDb        *db,
            gint64       lot_id,
            gint64       as_of,
            GPtrArray   *donors,
            GError     **error)
{
  g_autoptr(GError) local = NULL;
  EligibilityCache *cache = eligibility_cache (db, as_of, &local);
  g_autoptr(GPtrArray) tests = NULL;
  g_autofree gint64 *keys = g_new0 (gint64, MAX (donors->len, 1));
  gboolean all_known = cache != NULL;

  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  for (guint i = 0; i < donors->len; i++)
    {
      const StDonorRecord *donor = g_ptr_array_index (donors, i);
      keys[i] = donor->id * 2 + (donor->htlv_required ? 1 : 0);
      if (cache != NULL && !g_hash_table_contains (cache->eligibility, &keys[i]))
        all_known = FALSE;
    }
  if (!all_known
      && (tests = st_store_certificates_lot_donor_tests_as_of (db, lot_id, as_of, error)) == NULL)
    return FALSE;

  st_canon_add_int (out, donors->len);
  for (guint i = 0, next = 0; i < donors->len; i++)
    {
      const StDonorRecord *donor = g_ptr_array_index (donors, i);
      StEligibility eligibility;

      if (tests != NULL)
        {
          eligibility = judge_donor (donor, tests, &next);
          if (cache != NULL)
            g_hash_table_insert (cache->eligibility, g_memdup2 (&keys[i], sizeof keys[i]),
                                 GINT_TO_POINTER (eligibility + 1));
        }
      else
        eligibility = GPOINTER_TO_INT (g_hash_table_lookup (cache->eligibility, &keys[i])) - 1;
      st_canon_add_text (out, donor->code);
      st_canon_add_text (out, st_eligibility_to_string (eligibility));
    }
  return TRUE;
}

#define LOT_CACHE_KEY "st-fingerprint-lot"

/*
 * In a batch a lot is often signed twice within one transaction (reviewed,
 * then released or rejected): the second fingerprint as of now is the first
 * one when the trail shows nothing since but signatures, certificates and
 * changes of the lot's status or flag, none of which the fingerprint holds.
 */
typedef struct {
  guint64 transaction;
  gint64 lot_id;
  gint64 newest_seq;
  char *fingerprint;
} LotCache;

static void
lot_cache_free (gpointer data)
{
  LotCache *cache = data;

  g_free (cache->fingerprint);
  g_free (cache);
}

/* The cache when @as_of is now inside a transaction, else NULL; *hit is the
 * fingerprint of @lot_id when it still holds. */
static LotCache *
lot_cache (StDb     *db,
           gint64    lot_id,
           gint64    as_of,
           char    **hit,
           GError  **error)
{
  LotCache *cache;
  gint64 newest_seq = 0, newest_test = 0;
  gboolean unchanged = FALSE;

  *hit = NULL;
  if (!st_db_in_transaction (db))
    return NULL;
  if (!st_store_certificates_newest (db, &newest_seq, &newest_test, error) || as_of < newest_seq)
    return NULL;
  cache = st_db_get_data (db, LOT_CACHE_KEY);
  if (cache == NULL)
    {
      cache = g_new0 (LotCache, 1);
      st_db_set_data (db, LOT_CACHE_KEY, cache, lot_cache_free);
    }
  if (cache->fingerprint != NULL && cache->transaction == st_db_transaction_serial (db)
      && cache->lot_id == lot_id)
    {
      if (!st_store_certificates_lot_unchanged_since (db, cache->newest_seq, &unchanged, error))
        return NULL;
      if (unchanged)
        *hit = g_strdup (cache->fingerprint);
    }
  g_clear_pointer (&cache->fingerprint, g_free);
  cache->transaction = st_db_transaction_serial (db);
  cache->lot_id = lot_id;
  cache->newest_seq = newest_seq;
  if (*hit != NULL)
    cache->fingerprint = g_strdup (*hit);
  return cache;
}

char *
st_fingerprint_lot (StDb    *db,
                    gint64   lot_id,
                    gint64   as_of,
                    GError **error)
{
  g_autoptr(GError) cache_error = NULL;
  char *hit = NULL;
  LotCache *cache = lot_cache (db, lot_id, as_of, &hit, &cache_error);

  if (cache_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&cache_error));
      return NULL;
    }
  if (hit != NULL)
    return hit;
  hit = compute_lot (db, lot_id, as_of, error);
  if (cache != NULL && hit != NULL)
    cache->fingerprint = g_strdup (hit);
  return hit;
}

static char *
compute_lot (StDb    *db,
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
                     _("lot: record %" PRId64 " is missing"), lot_id);
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

  if (!add_donors (out, db, lot_id, as_of, donors, error))
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
                     _("specification: version record %" PRId64 " is missing"), spec_id);
      return NULL;
    }
  st_canon_add_text (out, SPEC_DOMAIN);
  st_canon_add_text (out, spec->code);
  st_canon_add_int (out, spec->version);
  st_canon_add_text (out, spec->title);
  st_canon_add_text (out, spec->document);
  return finish (out);
}
