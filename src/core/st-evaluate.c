/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "st-evaluate.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>
#include <math.h>

#include "st-eligibility.h"
#include "st-store-lots.h"
#include "st-store-specs.h"

#define SPEC_CACHE_KEY "st-evaluate-specs"
#define DEFERRED_KEY "st-evaluate-deferred"

static void
check_item_free (gpointer data)
{
  StCheckItem *item = data;

  g_free (item->param);
  g_free (item->test);
  g_free (item->method);
  g_free (item->unit);
  g_free (item->limit);
  g_free (item->value);
  g_free (item->detail);
  g_free (item);
}

void
st_lot_check_free (StLotCheck *check)
{
  if (check == NULL)
    return;
  g_free (check->lot);
  g_free (check->spec_code);
  g_clear_pointer (&check->items, g_ptr_array_unref);
  g_free (check->passage);
  g_free (check->cumulative_pd);
  g_free (check);
}

const StSpec *
st_evaluate_spec (StDb    *db,
                  gint64   spec_id,
                  GError **error)
{
  GHashTable *cache = st_db_get_data (db, SPEC_CACHE_KEY);
  g_autoptr(StSpecRecord) record = NULL;
  g_autoptr(GError) local = NULL;
  StSpec *spec;

  if (cache == NULL)
    {
      cache = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, (GDestroyNotify) st_spec_free);
      st_db_set_data (db, SPEC_CACHE_KEY, cache, (GDestroyNotify) g_hash_table_unref);
    }
  spec = g_hash_table_lookup (cache, &spec_id);
  if (spec != NULL)
    return spec;

  record = st_store_specs_get (db, spec_id, &local);
  if (record == NULL)
    {
      if (local != NULL)
        g_propagate_error (error, g_steal_pointer (&local));
      else
        g_set_error (error, ST_DB_ERROR, ST_DB_ERROR_CORRUPT,
                     _("specification: version %" PRId64 " is missing — restore the database from a backup"),
                     spec_id);
      return NULL;
    }
  spec = st_spec_parse (record->document, -1, error);
  if (spec == NULL)
    return NULL;
  /* A version's document never changes once stored (only its status does),
   * so the parsed form can be kept for the life of the connection. */
  spec->version = record->version;
  {
    gint64 *key = g_new (gint64, 1);
    *key = spec_id;
    g_hash_table_insert (cache, key, spec);
  }
  return spec;
}

double
st_evaluate_population_doublings (gint64 seeded,
                                  gint64 harvested)
{
  if (seeded <= 0 || harvested <= 0)
    return 0.0;
  return log2 ((double) harvested / (double) seeded);
}

static char *
format_decimal (double value,
                int    decimals)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];
  char format[8];

  g_snprintf (format, sizeof format, "%%.%df", decimals);
  return g_strdup (g_ascii_formatd (buffer, sizeof buffer, format, value));
}

static StCheckItem *
item_from_spec (const StSpecItem *spec_item)
{
  StCheckItem *item = g_new0 (StCheckItem, 1);

  item->param = g_strdup (spec_item->param);
  item->test = g_strdup (spec_item->test);
  item->method = g_strdup (spec_item->method);
  item->unit = g_strdup (spec_item->unit);
  item->limit = st_spec_item_limit_text (spec_item);
  item->derived = spec_item->derived;
  item->may_be_pending = spec_item->may_be_pending;
  return item;
}

/* Derived values are judged on more digits than are shown, so that 30.004
 * is not rounded into a limit of 30. */
static void
judge_derived (StCheckItem       *item,
               const StSpecItem  *spec_item,
               const char        *shown,
               const char        *exact)
{
  item->value = g_strdup (shown);
  item->verdict = st_spec_item_judge (spec_item, exact);
}

static StCheckItem *
donors_item (GPtrArray *donors)
{
  StCheckItem *item = g_new0 (StCheckItem, 1);
  g_autoptr(GString) value = g_string_new (NULL);
  guint eligible = 0;
  g_autoptr(GPtrArray) ineligible = g_ptr_array_new ();
  g_autoptr(GPtrArray) incomplete = g_ptr_array_new ();

  item->param = g_strdup ("donors");
  item->test = g_strdup (_("Donor eligibility"));
  item->method = g_strdup (_("Directive 2006/17/EC, Annex II"));
  item->limit = g_strdup (_("every donor eligible"));

  for (guint i = 0; i < donors->len; i++)
    {
      const StDonorRecord *donor = g_ptr_array_index (donors, i);
      if (g_str_equal (donor->eligibility, "eligible"))
        eligible++;
      else if (g_str_equal (donor->eligibility, "ineligible"))
        g_ptr_array_add (ineligible, donor->code);
      else
        g_ptr_array_add (incomplete, donor->code);
    }

  if (donors->len == 0)
    item->verdict = ST_VERDICT_MISSING;
  else if (ineligible->len > 0)
    item->verdict = ST_VERDICT_OOS;
  else if (incomplete->len > 0)
    item->verdict = ST_VERDICT_MISSING;
  else
    item->verdict = ST_VERDICT_CONFORM;

  g_string_append_printf (value, g_dngettext (GETTEXT_PACKAGE, "%u of %u donor eligible",
                                              "%u of %u donors eligible", donors->len),
                          eligible, donors->len);
  g_ptr_array_add (ineligible, NULL);
  g_ptr_array_add (incomplete, NULL);
  if (ineligible->len > 1)
    {
      g_autofree char *codes = g_strjoinv (", ", (char **) ineligible->pdata);
      g_string_append_printf (value, _("; ineligible: %s"), codes);
    }
  if (incomplete->len > 1)
    {
      g_autofree char *codes = g_strjoinv (", ", (char **) incomplete->pdata);
      g_string_append_printf (value, _("; incomplete: %s"), codes);
    }
  /* A missing item has no value (CLI.md); the counts stay as the detail. */
  item->detail = donors->len > 0 ? g_strdup (value->str) : NULL;
  item->value = item->verdict != ST_VERDICT_MISSING ? g_strdup (item->detail) : NULL;
  return item;
}

StLotCheck *
st_evaluate_lot (StDb    *db,
                 gint64   lot_id,
                 GError **error)
{
  g_autoptr(StLotRecord) lot = NULL;
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GPtrArray) passages = NULL;
  g_autoptr(GPtrArray) donors = NULL;
  g_autoptr(GHashTable) current = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GArray) verdicts = g_array_new (FALSE, FALSE, sizeof (StVerdict));
  g_autoptr(GError) local = NULL;
  g_autofree char *pd_exact = NULL;
  g_autoptr(StLotCheck) check = g_new0 (StLotCheck, 1);
  const StSpec *spec;
  gint64 highest = 0;
  double doublings = 0.0;

  lot = st_store_lots_get (db, lot_id, &local);
  if (lot == NULL)
    {
      if (local != NULL)
        g_propagate_error (error, g_steal_pointer (&local));
      else
        g_set_error (error, ST_DB_ERROR, ST_DB_ERROR_CORRUPT, _("lot: record %" PRId64 " is missing"), lot_id);
      return NULL;
    }
  if ((spec = st_evaluate_spec (db, lot->spec_id, error)) == NULL
      || (results = st_store_lots_results (db, lot_id, error)) == NULL
      || (passages = st_store_lots_passages (db, lot_id, error)) == NULL
      || (donors = st_store_lots_donors (db, lot_id, error)) == NULL)
    return NULL;

  check->lot_id = lot_id;
  check->lot = g_strdup (lot->lot_number);
  check->spec_id = lot->spec_id;
  check->spec_code = g_strdup (lot->spec_code);
  check->spec_version = lot->spec_version;
  check->items = g_ptr_array_new_with_free_func (check_item_free);

  for (guint i = 0; i < results->len; i++)
    {
      StResultRecord *result = g_ptr_array_index (results, i);
      if (!result->superseded)
        g_hash_table_insert (current, result->param, result);
    }
  for (guint i = 0; i < passages->len; i++)
    {
      const StPassageRecord *passage = g_ptr_array_index (passages, i);
      highest = MAX (highest, passage->number);
      doublings += st_evaluate_population_doublings (passage->seeded, passage->harvested);
    }
  if (passages->len > 0)
    {
      check->passage = g_strdup_printf ("%" G_GINT64_FORMAT, highest);
      check->cumulative_pd = format_decimal (doublings, 2);
      pd_exact = format_decimal (doublings, 6);
    }

  for (guint i = 0; i < spec->items->len; i++)
    {
      const StSpecItem *spec_item = g_ptr_array_index (spec->items, i);
      StCheckItem *item = item_from_spec (spec_item);

      if (g_str_equal (spec_item->param, "passage") && spec_item->derived)
        judge_derived (item, spec_item, check->passage, check->passage);
      else if (g_str_equal (spec_item->param, "cumulative_pd") && spec_item->derived)
        judge_derived (item, spec_item, check->cumulative_pd, pd_exact);
      else
        {
          const StResultRecord *result = g_hash_table_lookup (current, spec_item->param);
          if (result != NULL)
            {
              item->value = g_strdup (result->value);
              item->result_id = result->id;
              item->corrected = result->supersedes != 0;
              if (result->method != NULL && *result->method != '\0')
                {
                  g_free (item->method);
                  item->method = g_strdup (result->method);
                }
            }
          item->verdict = st_spec_item_judge (spec_item, item->value);
        }
      g_array_append_val (verdicts, item->verdict);
      g_ptr_array_add (check->items, item);
    }

  {
    StCheckItem *item = donors_item (donors);
    g_array_append_val (verdicts, item->verdict);
    g_ptr_array_add (check->items, item);
  }
  check->verdict = st_lot_verdict_combine ((const StVerdict *) verdicts->data, verdicts->len);
  return g_steal_pointer (&check);
}

/* Lot ids in the order first noted; each once. */
typedef struct {
  GArray *order;
  GHashTable *noted;
} Deferred;

static void
deferred_free (gpointer data)
{
  Deferred *deferred = data;

  g_array_unref (deferred->order);
  g_hash_table_unref (deferred->noted);
  g_free (deferred);
}

void
st_evaluate_defer (StDb *db)
{
  Deferred *deferred;

  if (st_db_get_data (db, DEFERRED_KEY) != NULL)
    return;
  deferred = g_new0 (Deferred, 1);
  deferred->order = g_array_new (FALSE, FALSE, sizeof (gint64));
  deferred->noted = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  st_db_set_data (db, DEFERRED_KEY, deferred, deferred_free);
}

gboolean
st_evaluate_flush (StDb    *db,
                   GError **error)
{
  Deferred *deferred = st_db_get_data (db, DEFERRED_KEY);
  g_autoptr(GArray) order = NULL;
  g_autoptr(GHashTable) noted = NULL;

  if (deferred == NULL)
    return TRUE;
  order = g_array_ref (deferred->order);
  noted = g_hash_table_ref (deferred->noted);
  /* Refreshes from here on are done at once again. */
  st_db_set_data (db, DEFERRED_KEY, NULL, NULL);
  for (guint i = 0; i < order->len; i++)
    {
      gint64 lot_id = g_array_index (order, gint64, i);
      /* Judged (and stored) since it was noted, with nothing changed after. */
      if (!g_hash_table_contains (noted, &lot_id))
        continue;
      if (!st_evaluate_refresh (db, lot_id, NULL, error))
        return FALSE;
      g_hash_table_remove (noted, &lot_id);
    }
  return TRUE;
}

gboolean
st_evaluate_refresh (StDb        *db,
                     gint64       lot_id,
                     StLotCheck **check_out,
                     GError     **error)
{
  Deferred *deferred = st_db_get_data (db, DEFERRED_KEY);
  g_autoptr(StLotCheck) check = NULL;

  if (deferred != NULL && check_out == NULL)
    {
      if (!g_hash_table_contains (deferred->noted, &lot_id))
        {
          g_hash_table_add (deferred->noted, g_memdup2 (&lot_id, sizeof lot_id));
          g_array_append_val (deferred->order, lot_id);
        }
      return TRUE;
    }
  /* Judged now: a refresh noted before is done by this one. */
  if (deferred != NULL)
    g_hash_table_remove (deferred->noted, &lot_id);
  check = st_evaluate_lot (db, lot_id, error);
  if (check == NULL
      || !st_store_lots_set_verdict (db, lot_id, st_lot_verdict_to_string (check->verdict), error))
    return FALSE;
  if (check_out != NULL)
    *check_out = g_steal_pointer (&check);
  return TRUE;
}

gboolean
st_evaluate_refresh_donor_lots (StDb    *db,
                                gint64   donor_id,
                                GError **error)
{
  g_autoptr(GArray) lots = st_store_donors_lot_ids (db, donor_id, error);

  if (lots == NULL)
    return FALSE;
  for (guint i = 0; i < lots->len; i++)
    if (!st_evaluate_refresh (db, g_array_index (lots, gint64, i), NULL, error))
      return FALSE;
  return TRUE;
}

const StCheckItem *
st_lot_check_find (const StLotCheck *check,
                   const char       *param)
{
  for (guint i = 0; i < check->items->len; i++)
    {
      const StCheckItem *item = g_ptr_array_index (check->items, i);
      if (g_str_equal (item->param, param))
        return item;
    }
  return NULL;
}
