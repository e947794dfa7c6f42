/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "st-export-private.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "st-eligibility.h"
#include "st-evaluate.h"

/*
 * The sheets.  Column headers are fixed English words (with the unit in
 * brackets for numbers, "(UTC)" for times) so that scripts reading the
 * workbook can rely on them whatever the exporting user's language.
 */

/* The parameter charted on the summary against its lower limit. */
#define CHART_PARAM "viability"

static const char *
yes_no (gboolean value)
{
  return value ? "yes" : "no";
}

/* Lots */

enum {
  LOT_LOT, LOT_PRODUCT, LOT_SPEC, LOT_SPEC_VERSION, LOT_STATUS, LOT_VERDICT, LOT_FLAG,
  LOT_DONORS, LOT_CREATED_BY, LOT_CREATED_AT, LOT_RELEASED_AT, LOT_VIABILITY, LOT_VIABILITY_LIMIT,
  N_LOT_COLUMNS
};

static const StExportColumn lot_columns[N_LOT_COLUMNS] = {
  [LOT_LOT] = { "Lot", 12, 24 },
  [LOT_PRODUCT] = { "Product", 16, 40 },
  [LOT_SPEC] = { "Specification", 10, 20 },
  [LOT_SPEC_VERSION] = { "Spec version", 6, 6 },
  [LOT_STATUS] = { "Status", 10, 22 },
  [LOT_VERDICT] = { "Verdict", 10, 12 },
  [LOT_FLAG] = { "Flag", 8, 40 },
  [LOT_DONORS] = { "Donors", 10, 48 },
  [LOT_CREATED_BY] = { "Created by", 10, 20 },
  [LOT_CREATED_AT] = { "Created at (UTC)", 20, 20 },
  [LOT_RELEASED_AT] = { "Released at (UTC)", 20, 20 },
  [LOT_VIABILITY] = { "Viability (%)", 8, 8 },
  [LOT_VIABILITY_LIMIT] = { "Viability lower limit (%)", 8, 8 },
};

typedef struct {
  StExportContext *context;
  StExportSheetWriter *sheet;
  GString *text;
  GHashTable *limits;         /* StSpecItem -> its limit text, made once */
} RowWriter;

/* The highest lower limit of @param in @spec (">= 70" gives "70"), or NULL. */
static const char *
lower_limit (const StSpec *spec,
             const char   *param)
{
  const StSpecItem *item = st_spec_find_item (spec, param);
  const char *lowest = NULL;
  double best = 0;

  for (guint i = 0; item != NULL && i < item->limits->len; i++)
    {
      const StLimit *limit = g_ptr_array_index (item->limits, i);
      double value = g_ascii_strtod (limit->value, NULL);

      if ((limit->op == ST_LIMIT_GE || limit->op == ST_LIMIT_GT) && (lowest == NULL || value > best))
        {
          lowest = limit->value;
          best = value;
        }
    }
  return lowest;
}

static gboolean
lot_row (const StExportLotRow  *row,
         gpointer               user_data,
         GError               **error)
{
  RowWriter *w = user_data;
  StExportSheetWriter *s = w->sheet;
  const StSpec *spec = st_evaluate_spec (w->context->db, row->spec_id, error);

  if (spec == NULL)
    return FALSE;
  g_string_truncate (w->text, 0);
  if (!st_store_export_lot_donors (w->context->db, row->id, w->text, error))
    return FALSE;
  return st_export_row (s, g_strcmp0 (row->verdict, "oos") == 0, error)
      && st_export_text (s, LOT_LOT, row->lot_number, error)
      && st_export_text (s, LOT_PRODUCT, row->product, error)
      && st_export_text (s, LOT_SPEC, row->spec_code, error)
      && st_export_number (s, LOT_SPEC_VERSION, row->spec_version, ST_EXPORT_FORMAT_ID, error)
      && st_export_text (s, LOT_STATUS, row->status, error)
      && st_export_text (s, LOT_VERDICT, row->verdict, error)
      && st_export_text (s, LOT_FLAG, row->flag, error)
      && st_export_text (s, LOT_DONORS, w->text->str, error)
      && st_export_text (s, LOT_CREATED_BY, row->created_by, error)
      && st_export_time (s, LOT_CREATED_AT, row->created_at, error)
      && st_export_time (s, LOT_RELEASED_AT, row->released_at, error)
      && st_export_decimal (s, LOT_VIABILITY, row->key_value, error)
      && st_export_decimal (s, LOT_VIABILITY_LIMIT, lower_limit (spec, CHART_PARAM), error);
}

gboolean
st_export_write_lots (StExportContext  *context,
                      GError          **error)
{
  g_autoptr(GString) text = g_string_new (NULL);
  RowWriter w = { context, NULL, text, NULL };

  w.sheet = st_export_sheet_begin (context->book, ST_EXPORT_SHEET_LOTS, lot_columns, N_LOT_COLUMNS, error);
  return w.sheet != NULL
      && st_store_export_lots (context->db, context->filter, CHART_PARAM, lot_row, &w, error)
      && st_export_sheet_end (w.sheet, error);
}

/* Donors */

static const struct {
  const char *marker;
  const char *header;
} markers[] = {
  { "hiv", "HIV" }, { "hbsag", "HBsAg" }, { "anti-hbc", "Anti-HBc" }, { "hcv", "HCV" },
  { "syphilis", "Syphilis" }, { "htlv", "HTLV" }, { "hiv-nat", "HIV NAT" },
  { "hbv-nat", "HBV NAT" }, { "hcv-nat", "HCV NAT" },
};
#define N_MARKERS G_N_ELEMENTS (markers)

enum {
  DONOR_DONOR, DONOR_BIRTH_YEAR, DONOR_SEX, DONOR_CONSENT, DONOR_HTLV, DONOR_ELIGIBILITY,
  DONOR_MARKERS, DONOR_LATEST = DONOR_MARKERS + N_MARKERS, DONOR_CREATED_BY, DONOR_CREATED_AT,
  N_DONOR_COLUMNS
};

static const StExportColumn donor_columns[N_DONOR_COLUMNS] = {
  [DONOR_DONOR] = { "Donor", 10, 24 },
  [DONOR_BIRTH_YEAR] = { "Birth year", 6, 6 },
  [DONOR_SEX] = { "Sex", 7, 7 },
  [DONOR_CONSENT] = { "Consent date", 12, 12 },
  [DONOR_HTLV] = { "HTLV required", 6, 6 },
  [DONOR_ELIGIBILITY] = { "Eligibility", 11, 11 },
  /* Each marker's latest result; the whole history is in the audit trail. */
  [DONOR_MARKERS + 0] = { "HIV", 9, 13 },
  [DONOR_MARKERS + 1] = { "HBsAg", 9, 13 },
  [DONOR_MARKERS + 2] = { "Anti-HBc", 9, 13 },
  [DONOR_MARKERS + 3] = { "HCV", 9, 13 },
  [DONOR_MARKERS + 4] = { "Syphilis", 9, 13 },
  [DONOR_MARKERS + 5] = { "HTLV", 9, 13 },
  [DONOR_MARKERS + 6] = { "HIV NAT", 9, 13 },
  [DONOR_MARKERS + 7] = { "HBV NAT", 9, 13 },
  [DONOR_MARKERS + 8] = { "HCV NAT", 9, 13 },
  [DONOR_LATEST] = { "Latest sample", 12, 12 },
  [DONOR_CREATED_BY] = { "Created by", 10, 20 },
  [DONOR_CREATED_AT] = { "Created at (UTC)", 20, 20 },
};

typedef struct {
  char *latest[N_MARKERS];
  char *latest_sample;
} DonorTests;

static void
donor_tests_clear (DonorTests *tests)
{
  for (guint i = 0; i < N_MARKERS; i++)
    g_clear_pointer (&tests->latest[i], g_free);
  g_clear_pointer (&tests->latest_sample, g_free);
}

static gboolean
donor_test (const char  *marker,
            const char  *result,
            const char  *sampled_on,
            gpointer     user_data,
            GError     **error)
{
  DonorTests *tests = user_data;

  /* Tests come by sample date, so the last one of a marker is its latest. */
  for (guint i = 0; i < N_MARKERS; i++)
    if (g_strcmp0 (marker, markers[i].marker) == 0)
      {
        g_free (tests->latest[i]);
        tests->latest[i] = g_strdup (result);
      }
  g_free (tests->latest_sample);
  tests->latest_sample = g_strdup (sampled_on);
  return TRUE;
}

static gboolean
donor_row (const StDonorRecord  *row,
           gpointer              user_data,
           GError              **error)
{
  RowWriter *w = user_data;
  StExportSheetWriter *s = w->sheet;
  DonorTests tests = { 0 };
  gboolean ok;

  ok = st_store_export_donor_tests (w->context->db, row->id, donor_test, &tests, error)
    && st_export_row (s, g_strcmp0 (row->eligibility, "ineligible") == 0, error)
    && st_export_text (s, DONOR_DONOR, row->code, error)
    && st_export_number (s, DONOR_BIRTH_YEAR, row->birth_year, ST_EXPORT_FORMAT_ID, error)
    && st_export_text (s, DONOR_SEX, row->sex, error)
    && st_export_time (s, DONOR_CONSENT, row->consent_date, error)
    && st_export_text (s, DONOR_HTLV, yes_no (row->htlv_required), error)
    && st_export_text (s, DONOR_ELIGIBILITY, row->eligibility, error);
  for (guint i = 0; ok && i < N_MARKERS; i++)
    ok = st_export_text (s, DONOR_MARKERS + i, tests.latest[i], error);
  ok = ok
    && st_export_time (s, DONOR_LATEST, tests.latest_sample, error)
    && st_export_text (s, DONOR_CREATED_BY, row->created_by_name, error)
    && st_export_time (s, DONOR_CREATED_AT, row->created_at, error);
  donor_tests_clear (&tests);
  return ok;
}

gboolean
st_export_write_donors (StExportContext  *context,
                        GError          **error)
{
  RowWriter w = { context, NULL, NULL, NULL };

  w.sheet = st_export_sheet_begin (context->book, ST_EXPORT_SHEET_DONORS, donor_columns, N_DONOR_COLUMNS, error);
  return w.sheet != NULL
      && st_store_export_donors (context->db, context->filter, donor_row, &w, error)
      && st_export_sheet_end (w.sheet, error);
}

/* Passages */

enum {
  PAS_LOT, PAS_PASSAGE, PAS_SEEDED, PAS_HARVESTED, PAS_SEEDED_ON, PAS_HARVESTED_ON, PAS_DOUBLINGS,
  PAS_ENTERED_BY, PAS_ENTERED_AT,
  N_PASSAGE_COLUMNS
};

static const StExportColumn passage_columns[N_PASSAGE_COLUMNS] = {
  [PAS_LOT] = { "Lot", 12, 24 },
  [PAS_PASSAGE] = { "Passage", 8, 8 },
  [PAS_SEEDED] = { "Seeded (cells)", 14, 14 },
  [PAS_HARVESTED] = { "Harvested (cells)", 14, 14 },
  [PAS_SEEDED_ON] = { "Seeded on", 12, 12 },
  [PAS_HARVESTED_ON] = { "Harvested on", 12, 12 },
  [PAS_DOUBLINGS] = { "Population doublings (PD)", 10, 10 },
  [PAS_ENTERED_BY] = { "Entered by", 10, 20 },
  [PAS_ENTERED_AT] = { "Entered at (UTC)", 20, 20 },
};

static gboolean
passage_row (const StExportPassageRow  *row,
             gpointer                   user_data,
             GError                   **error)
{
  StExportSheetWriter *s = ((RowWriter *) user_data)->sheet;

  return st_export_row (s, FALSE, error)
      && st_export_text (s, PAS_LOT, row->lot_number, error)
      && st_export_number (s, PAS_PASSAGE, row->number, ST_EXPORT_FORMAT_ID, error)
      && st_export_number (s, PAS_SEEDED, row->seeded, ST_EXPORT_FORMAT_COUNT, error)
      && st_export_number (s, PAS_HARVESTED, row->harvested, ST_EXPORT_FORMAT_COUNT, error)
      && st_export_time (s, PAS_SEEDED_ON, row->seeded_on, error)
      && st_export_time (s, PAS_HARVESTED_ON, row->harvested_on, error)
      && st_export_number (s, PAS_DOUBLINGS, st_evaluate_population_doublings (row->seeded, row->harvested),
                           ST_EXPORT_FORMAT_DECIMAL2, error)
      && st_export_text (s, PAS_ENTERED_BY, row->entered_by, error)
      && st_export_time (s, PAS_ENTERED_AT, row->entered_at, error);
}

gboolean
st_export_write_passages (StExportContext  *context,
                          GError          **error)
{
  RowWriter w = { context, NULL, NULL, NULL };

  w.sheet = st_export_sheet_begin (context->book, ST_EXPORT_SHEET_PASSAGES,
                                   passage_columns, N_PASSAGE_COLUMNS, error);
  return w.sheet != NULL
      && st_store_export_passages (context->db, context->filter, passage_row, &w, error)
      && st_export_sheet_end (w.sheet, error);
}

/* Results */

enum {
  RES_LOT, RES_PARAM, RES_TEST, RES_VALUE, RES_UNIT, RES_LIMIT, RES_VERDICT, RES_ENTERED_BY,
  RES_ENTERED_AT, RES_SUPERSEDED, RES_REASON, RES_AS_ENTERED, RES_METHOD,
  N_RESULT_COLUMNS
};

static const StExportColumn result_columns[N_RESULT_COLUMNS] = {
  [RES_LOT] = { "Lot", 12, 24 },
  [RES_PARAM] = { "Parameter", 12, 24 },
  [RES_TEST] = { "Test", 12, 32 },
  [RES_VALUE] = { "Value", 10, 20 },
  [RES_UNIT] = { "Unit", 8, 16 },
  [RES_LIMIT] = { "Limit", 10, 24 },
  [RES_VERDICT] = { "Verdict", 10, 10 },
  [RES_ENTERED_BY] = { "Entered by", 10, 20 },
  [RES_ENTERED_AT] = { "Entered at (UTC)", 20, 20 },
  [RES_SUPERSEDED] = { "Superseded", 8, 8 },
  [RES_REASON] = { "Reason", 12, 48 },
  [RES_AS_ENTERED] = { "Value as entered", 10, 20 },
  [RES_METHOD] = { "Method", 12, 36 },
};

static gboolean
result_row (const StExportResultRow  *row,
            gpointer                  user_data,
            GError                  **error)
{
  RowWriter *w = user_data;
  StExportSheetWriter *s = w->sheet;
  const StSpec *spec = st_evaluate_spec (w->context->db, row->spec_id, error);
  const StSpecItem *item;
  const char *limit = NULL;
  const char *verdict = NULL;
  gboolean numeric = FALSE;

  if (spec == NULL)
    return FALSE;
  item = st_spec_find_item (spec, row->param);
  if (item != NULL)
    {
      /* Superseded values too are judged as they stood. */
      verdict = st_verdict_to_string (st_spec_item_judge (item, row->value));
      /* The specifications stay cached for the connection, so their items do too. */
      if ((limit = g_hash_table_lookup (w->limits, item)) == NULL)
        {
          limit = st_spec_item_limit_text_c (item);
          g_hash_table_insert (w->limits, (gpointer) item, (gpointer) limit);
        }
      numeric = item->type == ST_ITEM_NUMBER || item->type == ST_ITEM_INTEGER;
    }
  return st_export_row (s, g_strcmp0 (verdict, "oos") == 0, error)
      && st_export_text (s, RES_LOT, row->lot_number, error)
      && st_export_text (s, RES_PARAM, row->param, error)
      && st_export_text (s, RES_TEST, item != NULL ? item->test : NULL, error)
      && (numeric ? st_export_decimal (s, RES_VALUE, row->value, error)
                  : st_export_text (s, RES_VALUE, row->value, error))
      && st_export_text (s, RES_UNIT, item != NULL ? item->unit : NULL, error)
      && st_export_text (s, RES_LIMIT, limit, error)
      && st_export_text (s, RES_VERDICT, verdict, error)
      && st_export_text (s, RES_ENTERED_BY, row->entered_by, error)
      && st_export_time (s, RES_ENTERED_AT, row->entered_at, error)
      && st_export_text (s, RES_SUPERSEDED, yes_no (row->superseded), error)
      && st_export_text (s, RES_REASON, row->reason, error)
      && st_export_text (s, RES_AS_ENTERED, row->value, error)
      && st_export_text (s, RES_METHOD, row->method, error);
}

gboolean
st_export_write_results (StExportContext  *context,
                         GError          **error)
{
  g_autoptr(GHashTable) limits = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, g_free);
  RowWriter w = { context, NULL, NULL, limits };

  w.sheet = st_export_sheet_begin (context->book, ST_EXPORT_SHEET_RESULTS,
                                   result_columns, N_RESULT_COLUMNS, error);
  return w.sheet != NULL
      && st_store_export_results (context->db, context->filter, result_row, &w, error)
      && st_export_sheet_end (w.sheet, error);
}

/* Deviations */

enum {
  DEV_NUMBER, DEV_LOT, DEV_CLASS, DEV_STATUS, DEV_TEXT, DEV_OPENED_BY, DEV_OPENED_AT,
  DEV_ASSESSMENT, DEV_CLOSED_BY, DEV_CLOSED_AT,
  N_DEVIATION_COLUMNS
};

static const StExportColumn deviation_columns[N_DEVIATION_COLUMNS] = {
  [DEV_NUMBER] = { "Deviation", 8, 8 },
  [DEV_LOT] = { "Lot", 12, 24 },
  [DEV_CLASS] = { "Class", 8, 8 },
  [DEV_STATUS] = { "Status", 8, 8 },
  [DEV_TEXT] = { "Text", 24, 60 },
  [DEV_OPENED_BY] = { "Opened by", 10, 20 },
  [DEV_OPENED_AT] = { "Opened at (UTC)", 20, 20 },
  [DEV_ASSESSMENT] = { "Assessment", 16, 60 },
  [DEV_CLOSED_BY] = { "Closed by", 10, 20 },
  [DEV_CLOSED_AT] = { "Closed at (UTC)", 20, 20 },
};

static gboolean
deviation_row (const StDeviationRecord  *row,
               gpointer                  user_data,
               GError                  **error)
{
  StExportSheetWriter *s = ((RowWriter *) user_data)->sheet;

  return st_export_row (s, FALSE, error)
      && st_export_number (s, DEV_NUMBER, row->number, ST_EXPORT_FORMAT_ID, error)
      && st_export_text (s, DEV_LOT, row->lot_number, error)
      && st_export_text (s, DEV_CLASS, row->severity, error)
      && st_export_text (s, DEV_STATUS, row->status, error)
      && st_export_text (s, DEV_TEXT, row->text, error)
      && st_export_text (s, DEV_OPENED_BY, row->opened_by_name, error)
      && st_export_time (s, DEV_OPENED_AT, row->opened_at, error)
      && st_export_text (s, DEV_ASSESSMENT, row->assessment, error)
      && st_export_text (s, DEV_CLOSED_BY, row->closed_by_name, error)
      && st_export_time (s, DEV_CLOSED_AT, row->closed_at, error);
}

gboolean
st_export_write_deviations (StExportContext  *context,
                            GError          **error)
{
  RowWriter w = { context, NULL, NULL, NULL };

  w.sheet = st_export_sheet_begin (context->book, ST_EXPORT_SHEET_DEVIATIONS,
                                   deviation_columns, N_DEVIATION_COLUMNS, error);
  return w.sheet != NULL
      && st_store_export_deviations (context->db, context->filter, deviation_row, &w, error)
      && st_export_sheet_end (w.sheet, error);
}

/* Signatures */

enum {
  SIG_ID, SIG_LOT, SIG_SPEC, SIG_MEANING, SIG_USER, SIG_NAME, SIG_ROLE, SIG_SIGNED_AT, SIG_REASON,
  SIG_CHAIN_SEQ, SIG_CHAIN_HASH, SIG_FINGERPRINT,
  N_SIGNATURE_COLUMNS
};

static const StExportColumn signature_columns[N_SIGNATURE_COLUMNS] = {
  [SIG_ID] = { "Signature", 8, 8 },
  [SIG_LOT] = { "Lot", 12, 24 },
  [SIG_SPEC] = { "Specification", 12, 20 },
  [SIG_MEANING] = { "Meaning", 16, 32 },
  [SIG_USER] = { "User", 10, 20 },
  [SIG_NAME] = { "Name", 16, 32 },
  [SIG_ROLE] = { "Role", 10, 20 },
  [SIG_SIGNED_AT] = { "Signed at (UTC)", 20, 20 },
  [SIG_REASON] = { "Reason", 12, 40 },
  [SIG_CHAIN_SEQ] = { "Chain sequence", 10, 10 },
  [SIG_CHAIN_HASH] = { "Chain hash", 20, 20 },
  [SIG_FINGERPRINT] = { "Record fingerprint", 20, 20 },
};

static gboolean
signature_row (const StExportSignatureRow  *row,
               gpointer                     user_data,
               GError                     **error)
{
  StExportSheetWriter *s = ((RowWriter *) user_data)->sheet;
  g_autofree char *spec = NULL;

  if (row->spec_code != NULL)
    spec = g_strdup_printf ("%s@%" G_GINT64_FORMAT, row->spec_code, row->spec_version);
  return st_export_row (s, FALSE, error)
      && st_export_number (s, SIG_ID, row->id, ST_EXPORT_FORMAT_ID, error)
      && st_export_text (s, SIG_LOT, row->lot_number, error)
      && st_export_text (s, SIG_SPEC, spec, error)
      && st_export_text (s, SIG_MEANING, row->meaning, error)
      && st_export_text (s, SIG_USER, row->username, error)
      && st_export_text (s, SIG_NAME, row->full_name, error)
      && st_export_text (s, SIG_ROLE, row->role, error)
      && st_export_time (s, SIG_SIGNED_AT, row->signed_at, error)
      && st_export_text (s, SIG_REASON, row->reason, error)
      && st_export_number (s, SIG_CHAIN_SEQ, row->chain_seq, ST_EXPORT_FORMAT_ID, error)
      && st_export_text (s, SIG_CHAIN_HASH, row->chain_hash, error)
      && st_export_text (s, SIG_FINGERPRINT, row->record_fingerprint, error);
}

gboolean
st_export_write_signatures (StExportContext  *context,
                            GError          **error)
{
  RowWriter w = { context, NULL, NULL, NULL };

  w.sheet = st_export_sheet_begin (context->book, ST_EXPORT_SHEET_SIGNATURES,
                                   signature_columns, N_SIGNATURE_COLUMNS, error);
  return w.sheet != NULL
      && st_store_export_signatures (context->db, context->filter, signature_row, &w, error)
      && st_export_sheet_end (w.sheet, error);
}

/* Audit trail */

enum {
  AUD_SEQ, AUD_AT, AUD_USER, AUD_ACTION, AUD_TABLE, AUD_RECORD, AUD_LOT, AUD_FIELD, AUD_OLD, AUD_NEW,
  AUD_REASON, AUD_HASH,
  N_AUDIT_COLUMNS
};

static const StExportColumn audit_columns[N_AUDIT_COLUMNS] = {
  [AUD_SEQ] = { "Sequence", 8, 8 },
  [AUD_AT] = { "Time (UTC)", 20, 20 },
  [AUD_USER] = { "User", 10, 20 },
  [AUD_ACTION] = { "Action", 10, 24 },
  [AUD_TABLE] = { "Table", 10, 14 },
  [AUD_RECORD] = { "Record", 10, 24 },
  [AUD_LOT] = { "Lot", 10, 24 },
  [AUD_FIELD] = { "Field", 10, 24 },
  [AUD_OLD] = { "Old value", 12, 40 },
  [AUD_NEW] = { "New value", 12, 40 },
  [AUD_REASON] = { "Reason", 12, 40 },
  [AUD_HASH] = { "Hash", 20, 20 },
};

static gboolean
audit_row (const StAuditEntry  *row,
           gpointer             user_data,
           GError             **error)
{
  StExportSheetWriter *s = ((RowWriter *) user_data)->sheet;

  return st_export_row (s, FALSE, error)
      && st_export_number (s, AUD_SEQ, row->seq, ST_EXPORT_FORMAT_ID, error)
      && st_export_time (s, AUD_AT, row->at, error)
      && st_export_text (s, AUD_USER, row->username, error)
      && st_export_text (s, AUD_ACTION, row->action, error)
      && st_export_text (s, AUD_TABLE, row->table, error)
      && st_export_text (s, AUD_RECORD, row->record, error)
      && st_export_text (s, AUD_LOT, row->lot, error)
      && st_export_text (s, AUD_FIELD, row->field, error)
      && st_export_text (s, AUD_OLD, row->old_value, error)
      && st_export_text (s, AUD_NEW, row->new_value, error)
      && st_export_text (s, AUD_REASON, row->reason, error)
      && st_export_text (s, AUD_HASH, row->hash, error);
}

gboolean
st_export_write_audit (StExportContext  *context,
                       GError          **error)
{
  RowWriter w = { context, NULL, NULL, NULL };

  w.sheet = st_export_sheet_begin (context->book, ST_EXPORT_SHEET_AUDIT, audit_columns, N_AUDIT_COLUMNS, error);
  return w.sheet != NULL
      && st_store_export_audit (context->db, context->filter, audit_row, &w, error)
      && st_export_sheet_end (w.sheet, error);
}

/* Specifications: one row per item of each version */

enum {
  SPEC_CODE, SPEC_VERSION, SPEC_TITLE, SPEC_STATUS, SPEC_APPROVED_BY, SPEC_APPROVED_AT, SPEC_PARAM,
  SPEC_TEST, SPEC_METHOD, SPEC_UNIT, SPEC_TYPE, SPEC_LIMIT, SPEC_LOW, SPEC_HIGH, SPEC_PENDING,
  SPEC_DERIVED,
  N_SPEC_COLUMNS
};

static const StExportColumn spec_columns[N_SPEC_COLUMNS] = {
  [SPEC_CODE] = { "Specification", 10, 20 },
  [SPEC_VERSION] = { "Version", 8, 8 },
  [SPEC_TITLE] = { "Title", 20, 44 },
  [SPEC_STATUS] = { "Status", 9, 9 },
  [SPEC_APPROVED_BY] = { "Approved by", 10, 20 },
  [SPEC_APPROVED_AT] = { "Approved at (UTC)", 20, 20 },
  [SPEC_PARAM] = { "Parameter", 12, 24 },
  [SPEC_TEST] = { "Test", 12, 32 },
  [SPEC_METHOD] = { "Method", 12, 40 },
  [SPEC_UNIT] = { "Unit", 8, 16 },
  [SPEC_TYPE] = { "Type", 8, 8 },
  [SPEC_LIMIT] = { "Limit", 10, 24 },
  [SPEC_LOW] = { "Lower bound", 8, 8 },
  [SPEC_HIGH] = { "Upper bound", 8, 8 },
  [SPEC_PENDING] = { "May be pending", 8, 8 },
  [SPEC_DERIVED] = { "Derived", 8, 8 },
};

static gboolean
spec_item_row (StExportSheetWriter  *s,
               const StSpecRecord   *row,
               const StSpecItem     *item,
               GError              **error)
{
  g_autofree char *limit = item != NULL ? st_spec_item_limit_text_c (item) : NULL;
  gboolean ok;

  ok = st_export_row (s, FALSE, error)
    && st_export_text (s, SPEC_CODE, row->code, error)
    && st_export_number (s, SPEC_VERSION, row->version, ST_EXPORT_FORMAT_ID, error)
    && st_export_text (s, SPEC_TITLE, row->title, error)
    && st_export_text (s, SPEC_STATUS, row->status, error)
    && st_export_text (s, SPEC_APPROVED_BY, row->approved_by_name, error)
    && st_export_time (s, SPEC_APPROVED_AT, row->approved_at, error);
  if (!ok || item == NULL)
    return ok;
  return st_export_text (s, SPEC_PARAM, item->param, error)
      && st_export_text (s, SPEC_TEST, item->test, error)
      && st_export_text (s, SPEC_METHOD, item->method, error)
      && st_export_text (s, SPEC_UNIT, item->unit, error)
      && st_export_text (s, SPEC_TYPE, st_item_type_to_string (item->type), error)
      && st_export_text (s, SPEC_LIMIT, limit, error)
      && st_export_decimal (s, SPEC_LOW, item->bound_low, error)
      && st_export_decimal (s, SPEC_HIGH, item->bound_high, error)
      && st_export_text (s, SPEC_PENDING, yes_no (item->may_be_pending), error)
      && st_export_text (s, SPEC_DERIVED, yes_no (item->derived), error);
}

static gboolean
spec_row (const StSpecRecord  *row,
          gpointer             user_data,
          GError             **error)
{
  RowWriter *w = user_data;
  const StSpec *spec = st_evaluate_spec (w->context->db, row->id, error);

  if (spec == NULL)
    return FALSE;
  if (spec->items->len == 0)
    return spec_item_row (w->sheet, row, NULL, error);
  for (guint i = 0; i < spec->items->len; i++)
    if (!spec_item_row (w->sheet, row, g_ptr_array_index (spec->items, i), error))
      return FALSE;
  return TRUE;
}

gboolean
st_export_write_specifications (StExportContext  *context,
                                GError          **error)
{
  RowWriter w = { context, NULL, NULL, NULL };

  w.sheet = st_export_sheet_begin (context->book, ST_EXPORT_SHEET_SPECIFICATIONS,
                                   spec_columns, N_SPEC_COLUMNS, error);
  return w.sheet != NULL
      && st_store_export_specs (context->db, context->filter, spec_row, &w, error)
      && st_export_sheet_end (w.sheet, error);
}

/* Summary, written last because it counts the other sheets' rows */

static const StExportColumn summary_columns[] = {
  { "Item", 30, 30 },
  { "Value", 24, 72 },
};

static gboolean
summary_text (StExportSheetWriter  *s,
              const char           *item,
              const char           *value,
              GError              **error)
{
  return st_export_row (s, FALSE, error)
      && st_export_text (s, 0, item, error)
      && st_export_text (s, 1, value, error);
}

static gboolean
summary_time (StExportSheetWriter  *s,
              const char           *item,
              const char           *value,
              const char           *otherwise,
              GError              **error)
{
  return st_export_row (s, FALSE, error)
      && st_export_text (s, 0, item, error)
      && (value != NULL ? st_export_time (s, 1, value, error) : st_export_text (s, 1, otherwise, error));
}

static gboolean
summary_number (StExportSheetWriter  *s,
                const char           *item,
                gint64                value,
                GError              **error)
{
  return st_export_row (s, FALSE, error)
      && st_export_text (s, 0, item, error)
      && st_export_number (s, 1, value, ST_EXPORT_FORMAT_COUNT, error);
}

/* Viability of each lot as points, the specification's lower limit as a
 * dashed line, from the Lots sheet's columns. */
static gboolean
insert_chart (StExportContext      *context,
              StExportSheetWriter  *summary,
              GError              **error)
{
  const StExportSheetWriter *lots = &context->book->sheets[ST_EXPORT_SHEET_LOTS];
  lxw_row_t last = lots->part > 0 ? LXW_ROW_MAX - 1 : lots->row;
  lxw_chart *chart;
  lxw_chart_series *points, *limit;
  lxw_chart_line no_line = { .none = LXW_TRUE };
  lxw_chart_line limit_line = { .color = 0xC00000, .width = 1.5, .dash_type = LXW_CHART_LINE_DASH_DASH };
  lxw_chart_options placement = { .x_offset = 4, .y_offset = 12, .x_scale = 1.55, .y_scale = 1.5 };
  lxw_chart_font small = { .size = 7, .rotation = -45 };
  lxw_chart_font title = { .size = 12, .bold = LXW_TRUE };
  lxw_error status;

  if (last < 1)
    return TRUE;
  chart = workbook_add_chart (context->book->workbook, LXW_CHART_LINE);
  if (chart == NULL
      || (points = chart_add_series (chart, NULL, NULL)) == NULL
      || (limit = chart_add_series (chart, NULL, NULL)) == NULL)
    {
      g_set_error (error, ST_EXPORT_ERROR, ST_EXPORT_ERROR_WRITE,
                   _("Summary: the chart could not be made (out of memory)"));
      return FALSE;
    }
  chart_title_set_name (chart, "Viability per lot");
  chart_title_set_name_font (chart, &title);
  chart_series_set_name (points, "Viability (%)");
  chart_series_set_categories (points, "Lots", 1, LOT_LOT, last, LOT_LOT);
  chart_series_set_values (points, "Lots", 1, LOT_VIABILITY, last, LOT_VIABILITY);
  chart_series_set_line (points, &no_line);
  chart_series_set_marker_type (points, LXW_CHART_MARKER_CIRCLE);
  chart_series_set_marker_size (points, 5);
  chart_series_set_name (limit, "Lower limit (%)");
  chart_series_set_categories (limit, "Lots", 1, LOT_LOT, last, LOT_LOT);
  chart_series_set_values (limit, "Lots", 1, LOT_VIABILITY_LIMIT, last, LOT_VIABILITY_LIMIT);
  chart_series_set_line (limit, &limit_line);
  chart_series_set_marker_type (limit, LXW_CHART_MARKER_NONE);
  chart_axis_set_name (chart->x_axis, "Lot");
  chart_axis_set_name (chart->y_axis, "Viability (%)");
  chart_axis_set_min (chart->y_axis, 0);
  chart_axis_set_max (chart->y_axis, 100);
  chart_axis_set_num_font (chart->x_axis, &small);
  /* About 30 lot numbers along the axis whatever the number of lots. */
  if (last > 30)
    {
      chart_axis_set_interval_unit (chart->x_axis, (uint16_t) MIN (last / 30 + 1, G_MAXUINT16));
      chart_axis_set_interval_tick (chart->x_axis, (uint16_t) MIN (last / 30 + 1, G_MAXUINT16));
    }
  chart_legend_set_position (chart, LXW_CHART_LEGEND_BOTTOM);

  status = worksheet_insert_chart_opt (summary->parts[0], ST_EXPORT_SUMMARY_ROWS + 2, 0, chart, &placement);
  if (status != LXW_NO_ERROR)
    {
      g_set_error (error, ST_EXPORT_ERROR, ST_EXPORT_ERROR_WRITE,
                   _("Summary: the chart could not be placed (%s)"), lxw_strerror (status));
      return FALSE;
    }
  return TRUE;
}

gboolean
st_export_write_summary (StExportContext        *context,
                         const StExportSummary  *summary,
                         GError                **error)
{
  StExportSheetWriter *s = st_export_sheet_begin (context->book, ST_EXPORT_SHEET_SUMMARY,
                                                  summary_columns, G_N_ELEMENTS (summary_columns), error);
  gboolean ok;

  ok = s != NULL
    && summary_text (s, "Site", summary->site, error)
    && summary_text (s, "Exported by", summary->exported_by, error)
    && summary_time (s, "Exported at (UTC)", summary->exported_at, NULL, error)
    && summary_text (s, "Scope: lots", summary->scope_lots, error)
    && summary_time (s, "Scope: created from (UTC date)", summary->since, "no lower bound", error)
    && summary_time (s, "Scope: created until (UTC date)", summary->until, "no upper bound", error);
  for (int id = ST_EXPORT_SHEET_LOTS; ok && id < ST_EXPORT_N_SHEETS; id++)
    {
      g_autofree char *item = g_strdup_printf ("Rows: %s", st_export_sheet_name (id));
      ok = summary_number (s, item, summary->rows[id], error);
    }
  ok = ok
    && summary_number (s, "Audit chain head: sequence", summary->chain_seq, error)
    && summary_text (s, "Audit chain head: hash", summary->chain_hash, error)
    && summary_text (s, "Stroma version", PACKAGE_VERSION, error)
    && insert_chart (context, s, error)
    && st_export_sheet_end (s, error);
  if (ok)
    {
      /* The summary and its chart on one page. */
      worksheet_set_portrait (s->parts[0]);
      worksheet_fit_to_pages (s->parts[0], 1, 1);
    }
  return ok;
}
