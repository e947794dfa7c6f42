/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "core-fixture.h"

#include <string.h>

#include "st-deviations.h"
#include "st-error.h"
#include "st-lots.h"
#include "st-value.h"

static gint64
count_rows (CoreSite   *site,
            const char *table)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM %s", table);
  return core_sql_int (site, sql);
}

static char *
lot_field (CoreSite   *site,
           const char *lot,
           const char *field)
{
  g_autofree char *sql = g_strdup_printf ("SELECT ifnull (%s, '(null)') FROM lots WHERE lot_number = '%s'", field, lot);
  return core_sql_text (site, sql);
}

static void
assert_lot_field (CoreSite   *site,
                  const char *lot,
                  const char *field,
                  const char *expected)
{
  g_autofree char *value = lot_field (site, lot, field);
  g_assert_cmpstr (value, ==, expected);
}

static void
set_status (CoreSite   *site,
            const char *lot,
            const char *status)
{
  g_autofree char *sql = g_strdup_printf ("UPDATE lots SET status = '%s' WHERE lot_number = '%s'", status, lot);
  core_sql_exec (site, sql);
}

/* Snapshot of what a refused call must leave alone. */
typedef struct {
  gint64 lots, passages, results, deviations, entries;
} Counts;

static Counts
counts (CoreSite *site)
{
  Counts c = {
    .lots = count_rows (site, "lots"),
    .passages = count_rows (site, "passages"),
    .results = count_rows (site, "results"),
    .deviations = count_rows (site, "deviations"),
    .entries = core_audit_count (site),
  };
  return c;
}

static void
assert_unchanged (CoreSite     *site,
                  const Counts *before)
{
  Counts now = counts (site);

  g_assert_cmpint (now.lots, ==, before->lots);
  g_assert_cmpint (now.passages, ==, before->passages);
  g_assert_cmpint (now.results, ==, before->results);
  g_assert_cmpint (now.deviations, ==, before->deviations);
  g_assert_cmpint (now.entries, ==, before->entries);
}

/* @error is of @domain/@code, of the kind its code says, starts with
 * @subject; then it is cleared. */
static void
assert_refused (GError     **error,
                GQuark       domain,
                int          code,
                const char  *subject)
{
  g_assert_nonnull (*error);
  g_test_message ("refused: %s", (*error)->message);
  g_assert_error (*error, domain, code);
  g_assert_cmpint (st_error_kind (*error), ==, code / 100);
  if (subject != NULL)
    g_assert_true (g_str_has_prefix ((*error)->message, subject));
  g_clear_error (error);
}

static StVerdict
item_verdict (CoreSite    *site,
              const char  *lot,
              const char  *param,
              char       **value)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(StLotCheck) check = st_lots_check (site->reviewer, lot, &error);
  const StCheckItem *item;

  g_assert_no_error (error);
  item = st_lot_check_find (check, param);
  g_assert_nonnull (item);
  if (value != NULL)
    *value = g_strdup (item->value);
  return item->verdict;
}

static void
assert_item (CoreSite   *site,
             const char *lot,
             const char *param,
             StVerdict   expected)
{
  StVerdict verdict = item_verdict (site, lot, param, NULL);

  if (verdict != expected)
    g_test_message ("%s %s: %s, expected %s", lot, param, st_verdict_to_string (verdict),
                    st_verdict_to_string (expected));
  g_assert_cmpint (verdict, ==, expected);
}

static void
record (CoreSite   *site,
        const char *lot,
        const char *param,
        const char *value)
{
  g_autoptr(GError) error = NULL;

  st_lots_record_result (site->operator, lot, param, value, NULL, &error);
  g_assert_no_error (error);
}

static void
correct (CoreSite   *site,
         const char *lot,
         const char *param,
         const char *value)
{
  g_autoptr(GError) error = NULL;

  st_lots_correct_result (site->operator, lot, param, value, "re-measured", &error);
  g_assert_no_error (error);
}

static void
add_passage (CoreSite   *site,
             const char *lot,
             const char *number,
             const char *seeded,
             const char *harvested)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *seeded_on = core_date (-20);
  g_autofree char *harvested_on = core_date (-12);
  StPassageInput input = { number, seeded, harvested, seeded_on, harvested_on };

  st_lots_add_passage (site->operator, lot, &input, &error);
  g_assert_no_error (error);
}

static void
test_create (void)
{
  g_autoptr(CoreSite) site = core_site_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(StLot) lot = NULL;
  g_autoptr(StLot) pool = NULL;
  g_autofree char *entries_text = NULL;
  g_autofree char *long_number = g_strnfill (41, '7');
  g_autofree char *longest_number = g_strnfill (40, '7');
  g_autofree char *long_product = g_strnfill (201, 'p');
  const char *one[] = { "D-1", NULL };
  const char *two[] = { "D-2", "D-1", NULL };
  const char *twice[] = { "D-1", "D-1", NULL };
  const char *unknown[] = { "D-1", "D-404", NULL };
  const char *none[] = { NULL };
  const char *bad_numbers[] = { NULL, "", "-LOT", "LOT 1", "LOT#1", "LÖT-1", long_number };
  Counts before;

  core_add_donor (site, "D-1", TRUE);
  core_add_donor (site, "D-2", TRUE);
  before = counts (site);

  g_assert_true (st_lots_create (site->operator, "LOT-1", NULL, one, NULL, &error));
  g_assert_no_error (error);
  lot = st_lots_get (site->reviewer, "LOT-1", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (lot->record->lot_number, ==, "LOT-1");
  g_assert_cmpstr (lot->record->status, ==, "open");
  g_assert_cmpstr (lot->record->verdict, ==, "incomplete");
  g_assert_null (lot->record->flag);
  g_assert_cmpstr (lot->record->spec_code, ==, "MSC-REL");
  g_assert_cmpint (lot->record->spec_version, ==, 1);
  g_assert_cmpstr (lot->record->product, ==, "Mesenchymal stromal cells, bone marrow");
  g_assert_cmpint (lot->record->created_by, ==, st_session_get_user (site->operator)->id);
  g_assert_cmpuint (lot->donors->len, ==, 1);
  g_assert_cmpuint (lot->results->len, ==, 0);
  g_assert_cmpuint (lot->passages->len, ==, 0);
  entries_text = core_sql_text (site, "SELECT group_concat (field || '=' || new_value, ';') FROM"
                                      " (SELECT field, new_value FROM audit_trail"
                                      "  WHERE tbl = 'lots' AND record = 'LOT-1' AND lot = 'LOT-1' ORDER BY seq)");
  g_assert_cmpstr (entries_text, ==, "product=Mesenchymal stromal cells, bone marrow;spec=MSC-REL@1;donors=D-1;status=open");
  g_assert_cmpint (core_audit_count (site), ==, before.entries + 4);

  /* A pool keeps its donors in the order given. */
  g_assert_true (st_lots_create (site->operator, "POOL/1", "MSC-FFM", two, "MSC-REL", &error));
  g_assert_no_error (error);
  pool = st_lots_get (site->reviewer, "POOL/1", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pool->record->product, ==, "MSC-FFM");
  g_assert_cmpuint (pool->donors->len, ==, 2);
  g_assert_cmpstr (((StDonorRecord *) g_ptr_array_index (pool->donors, 0))->code, ==, "D-2");
  g_assert_cmpstr (((StDonorRecord *) g_ptr_array_index (pool->donors, 1))->code, ==, "D-1");
  g_assert_true (st_lots_create (site->operator, longest_number, NULL, one, NULL, &error));
  g_assert_no_error (error);

  /* Refused, and nothing of it written. */
  before = counts (site);
  for (guint i = 0; i < G_N_ELEMENTS (bad_numbers); i++)
    {
      g_assert_false (st_lots_create (site->operator, bad_numbers[i], NULL, one, NULL, &error));
      assert_refused (&error, ST_LOTS_ERROR, ST_LOTS_ERROR_INVALID, "lot");
    }
  g_assert_false (st_lots_create (site->operator, "LOT-1", NULL, one, NULL, &error));
  assert_refused (&error, ST_LOTS_ERROR, ST_LOTS_ERROR_EXISTS, "lot");
  g_assert_false (st_lots_create (site->operator, "LOT-2", NULL, NULL, NULL, &error));
  assert_refused (&error, ST_LOTS_ERROR, ST_LOTS_ERROR_INVALID, "donor");
  g_assert_false (st_lots_create (site->operator, "LOT-2", NULL, none, NULL, &error));
  assert_refused (&error, ST_LOTS_ERROR, ST_LOTS_ERROR_INVALID, "donor");
  g_assert_false (st_lots_create (site->operator, "LOT-2", NULL, twice, NULL, &error));
  assert_refused (&error, ST_LOTS_ERROR, ST_LOTS_ERROR_INVALID, "donor");
  g_assert_false (st_lots_create (site->operator, "LOT-2", NULL, unknown, NULL, &error));
  assert_refused (&error, ST_LOTS_ERROR, ST_LOTS_ERROR_NOT_FOUND, "donor");
  g_assert_false (st_lots_create (site->operator, "LOT-2", NULL, one, "MSC-REL@9", &error));
  assert_refused (&error, ST_LOTS_ERROR, ST_LOTS_ERROR_NOT_FOUND, "spec");
  g_assert_false (st_lots_create (site->operator, "LOT-2", NULL, one, "NOPE", &error));
  assert_refused (&error, ST_LOTS_ERROR, ST_LOTS_ERROR_NOT_FOUND, "spec");
  g_assert_false (st_lots_create (site->operator, "LOT-2", NULL, one, "MSC-REL@x", &error));
  assert_refused (&error, ST_LOTS_ERROR, ST_LOTS_ERROR_INVALID, "spec");
  g_assert_false (st_lots_create (site->operator, "LOT-2", NULL, one, "MSC-REL@0", &error));
  assert_refused (&error, ST_LOTS_ERROR, ST_LOTS_ERROR_INVALID, "spec");
  g_assert_false (st_lots_create (site->operator, "LOT-2", "", one, NULL, &error));
  assert_refused (&error, ST_LOTS_ERROR, ST_LOTS_ERROR_INVALID, "product");
  g_assert_false (st_lots_create (site->operator, "LOT-2", long_product, one, NULL, &error));
  assert_refused (&error, ST_LOTS_ERROR, ST_LOTS_ERROR_INVALID, "product");
  g_assert_false (st_lots_create (site->reviewer, "LOT-2", NULL, one, NULL, &error));
  assert_refused (&error, ST_AUTH_ERROR, ST_AUTH_ERROR_ROLE, NULL);
  assert_unchanged (site, &before);
  core_assert_audit_intact (site);
}

static void
test_spec_pinning (void)
{
  g_autoptr(CoreSite) site = core_site_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(StLotCheck) check = NULL;
  const char *one[] = { "D-1", NULL };
  struct {
    const char *lot;
    const char *spec_ref;
    const char *version;
  } pinned[] = {
    { "LOT-DEFAULT", NULL, "2" },
    { "LOT-CODE", "MSC-REL", "2" },
    { "LOT-V1", "MSC-REL@1", "1" },
    { "LOT-V2", "MSC-REL@2", "2" },
  };

  core_add_donor (site, "D-1", TRUE);
  core_create_lot (site, "LOT-OLD", NULL);

  /* Version 2 approved, version 3 still a draft. */
  core_sql_exec (site, "INSERT INTO specs (code, version, title, status, document, created_by, created_at,"
                       " approved_by, approved_at) SELECT code, 2, title, 'approved', document, created_by,"
                       " created_at, created_by, created_at FROM specs WHERE code = 'MSC-REL' AND version = 1");
  core_sql_exec (site, "INSERT INTO specs (code, version, title, status, document, created_by, created_at)"
                       " SELECT code, 3, title, 'draft', document, created_by, created_at FROM specs"
                       " WHERE code = 'MSC-REL' AND version = 1");

  for (guint i = 0; i < G_N_ELEMENTS (pinned); i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT s.version FROM lots l JOIN specs s ON s.id = l.spec_id"
                                              " WHERE l.lot_number = '%s'", pinned[i].lot);
      g_autofree char *version = NULL;
      g_autofree char *entry_sql = g_strdup_printf ("SELECT new_value FROM audit_trail WHERE record = '%s'"
                                                    " AND field = 'spec'", pinned[i].lot);
      g_autofree char *entry = NULL;
      g_autofree char *expected_entry = g_strconcat ("MSC-REL@", pinned[i].version, NULL);

      g_assert_true (st_lots_create (site->operator, pinned[i].lot, NULL, one, pinned[i].spec_ref, &error));
      g_assert_no_error (error);
      version = core_sql_text (site, sql);
      g_assert_cmpstr (version, ==, pinned[i].version);
      entry = core_sql_text (site, entry_sql);
      g_assert_cmpstr (entry, ==, expected_entry);
    }

  /* A lot made before keeps its version; a draft pins nothing. */
  check = st_lots_check (site->qp, "LOT-OLD", &error);
  g_assert_no_error (error);
  g_assert_cmpint (check->spec_version, ==, 1);
  g_clear_pointer (&check, st_lot_check_free);
  check = st_lots_check (site->qp, "LOT-DEFAULT", &error);
  g_assert_no_error (error);
  g_assert_cmpint (check->spec_version, ==, 2);
  g_assert_false (st_lots_create (site->operator, "LOT-DRAFT", NULL, one, "MSC-REL@3", &error));
  assert_refused (&error, ST_LOTS_ERROR, ST_LOTS_ERROR_INVALID, "spec");
  g_assert_cmpint (count_rows (site, "lots"), ==, 1 + G_N_ELEMENTS (pinned));
}

static void
assert_passage_refused (CoreSite             *site,
                        const char           *lot,
                        const StPassageInput *input,
                        GQuark                domain,
                        int                   code,
                        const char           *subject)
{
  g_autoptr(GError) error = NULL;
  Counts before = counts (site);

  g_assert_false (st_lots_add_passage (site->operator, lot, input, &error));
  assert_refused (&error, domain, code, subject);
  assert_unchanged (site, &before);
}

static void
test_passages (void)
{
  g_autoptr(CoreSite) site = core_site_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(StLot) lot = NULL;
  g_autofree char *d1 = core_date (-20);
  g_autofree char *d2 = core_date (-12);
  g_autofree char *tomorrow = core_date (1);
  g_autofree char *entry = NULL;
  g_autofree char *expected = NULL;
  StPassageInput good = { "1", "1000000", "8000000", d1, d2 };
  StPassageInput same_day = { "2", "1000000", "1500000", d2, d2 };
  const StPassageRecord *passage;

  core_add_donor (site, "D-1", TRUE);
  core_create_lot (site, "LOT-1", NULL);

  g_assert_true (st_lots_add_passage (site->operator, "LOT-1", &good, &error));
  g_assert_no_error (error);
  g_assert_true (st_lots_add_passage (site->operator, "LOT-1", &same_day, &error));
  g_assert_no_error (error);
  lot = st_lots_get (site->reviewer, "LOT-1", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (lot->passages->len, ==, 2);
  passage = g_ptr_array_index (lot->passages, 0);
  g_assert_cmpint (passage->number, ==, 1);
  g_assert_cmpint (passage->seeded, ==, 1000000);
  g_assert_cmpint (passage->harvested, ==, 8000000);
  g_assert_cmpstr (passage->seeded_on, ==, d1);
  g_assert_cmpstr (passage->harvested_on, ==, d2);
  entry = core_sql_text (site, "SELECT field || '|' || new_value FROM audit_trail WHERE tbl = 'passages'"
                               " AND lot = 'LOT-1' ORDER BY seq LIMIT 1");
  expected = g_strdup_printf ("passage 1|seeded 1000000 on %s, harvested 8000000 on %s", d1, d2);
  g_assert_cmpstr (entry, ==, expected);

  {
    StPassageInput harvest_first = { "3", "1000000", "2000000", d2, d1 };
    StPassageInput future_seed = { "3", "1000000", "2000000", tomorrow, tomorrow };
    StPassageInput future_harvest = { "3", "1000000", "2000000", d1, tomorrow };
    StPassageInput bad_date = { "3", "1000000", "2000000", "2026-02-30", d2 };
    StPassageInput duplicate = { "1", "1000000", "2000000", d1, d2 };
    StPassageInput number_word = { "three", "1000000", "2000000", d1, d2 };
    StPassageInput number_zero = { "0", "1000000", "2000000", d1, d2 };
    StPassageInput number_decimal = { "1.5", "1000000", "2000000", d1, d2 };
    StPassageInput number_large = { "100", "1000000", "2000000", d1, d2 };
    StPassageInput seeded_zero = { "3", "0", "2000000", d1, d2 };
    StPassageInput seeded_negative = { "3", "-5", "2000000", d1, d2 };
    StPassageInput seeded_exponent = { "3", "1e6", "2000000", d1, d2 };
    StPassageInput seeded_decimal = { "3", "1000000.5", "2000000", d1, d2 };
    StPassageInput seeded_empty = { "3", "", "2000000", d1, d2 };
    StPassageInput harvested_word = { "3", "1000000", "lots", d1, d2 };

    assert_passage_refused (site, "LOT-1", &harvest_first, ST_LOTS_ERROR, ST_LOTS_ERROR_INVALID, "harvested-on");
    assert_passage_refused (site, "LOT-1", &future_seed, ST_VALUE_ERROR, ST_VALUE_ERROR_RANGE, "seeded-on");
    assert_passage_refused (site, "LOT-1", &future_harvest, ST_VALUE_ERROR, ST_VALUE_ERROR_RANGE, "harvested-on");
    assert_passage_refused (site, "LOT-1", &bad_date, ST_VALUE_ERROR, ST_VALUE_ERROR_FORMAT, "seeded-on");
    assert_passage_refused (site, "LOT-1", &duplicate, ST_LOTS_ERROR, ST_LOTS_ERROR_EXISTS, "passage");
    assert_passage_refused (site, "LOT-1", &number_word, ST_VALUE_ERROR, ST_VALUE_ERROR_FORMAT, "passage");
    assert_passage_refused (site, "LOT-1", &number_zero, ST_VALUE_ERROR, ST_VALUE_ERROR_RANGE, "passage");
    assert_passage_refused (site, "LOT-1", &number_decimal, ST_VALUE_ERROR, ST_VALUE_ERROR_FORMAT, "passage");
    assert_passage_refused (site, "LOT-1", &number_large, ST_VALUE_ERROR, ST_VALUE_ERROR_RANGE, "passage");
    assert_passage_refused (site, "LOT-1", &seeded_zero, ST_VALUE_ERROR, ST_VALUE_ERROR_RANGE, "seeded");
    assert_passage_refused (site, "LOT-1", &seeded_negative, ST_VALUE_ERROR, ST_VALUE_ERROR_RANGE, "seeded");
    assert_passage_refused (site, "LOT-1", &seeded_exponent, ST_VALUE_ERROR, ST_VALUE_ERROR_FORMAT, "seeded");
    assert_passage_refused (site, "LOT-1", &seeded_decimal, ST_VALUE_ERROR, ST_VALUE_ERROR_FORMAT, "seeded");
    assert_passage_refused (site, "LOT-1", &seeded_empty, ST_VALUE_ERROR, ST_VALUE_ERROR_EMPTY, "seeded");
    assert_passage_refused (site, "LOT-1", &harvested_word, ST_VALUE_ERROR, ST_VALUE_ERROR_FORMAT, "harvested");
    assert_passage_refused (site, "LOT-404", &good, ST_LOTS_ERROR, ST_LOTS_ERROR_NOT_FOUND, "lot");
  }

  g_assert_false (st_lots_add_passage (site->reviewer, "LOT-1", &good, &error));
  assert_refused (&error, ST_AUTH_ERROR, ST_AUTH_ERROR_ROLE, NULL);
  core_assert_audit_intact (site);
}

static void
test_record_and_correct (void)
{
  g_autoptr(CoreSite) site = core_site_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(StLot) lot = NULL;
  g_autofree char *entry = NULL;
  g_autofree char *value = NULL;
  g_autofree char *long_method = g_strnfill (201, 'm');
  const StResultRecord *old_result = NULL, *new_result = NULL;
  Counts before;

  core_add_donor (site, "D-1", TRUE);
  core_create_lot (site, "LOT-1", NULL);

  g_assert_true (st_lots_record_result (site->operator, "LOT-1", "viability", "92.5", "Trypan blue", &error));
  g_assert_no_error (error);
  entry = core_sql_text (site, "SELECT username || '|' || action || '|' || field || '|' || new_value || '|' || lot"
                               " FROM audit_trail ORDER BY seq DESC LIMIT 1");
  g_assert_cmpstr (entry, ==, "operator|create|viability|92.5|LOT-1");

  /* A second record of the same item is refused: corrections need a reason. */
  before = counts (site);
  g_assert_false (st_lots_record_result (site->operator, "LOT-1", "viability", "93.0", NULL, &error));
  assert_refused (&error, ST_LOTS_ERROR, ST_LOTS_ERROR_EXISTS, "viability");
  g_assert_false (st_lots_correct_result (site->operator, "LOT-1", "viability", "90.1", NULL, &error));
  assert_refused (&error, ST_LOTS_ERROR, ST_LOTS_ERROR_INVALID, "reason");
  g_assert_false (st_lots_correct_result (site->operator, "LOT-1", "viability", "90.1", "", &error));
  assert_refused (&error, ST_LOTS_ERROR, ST_LOTS_ERROR_INVALID, "reason");
  g_assert_false (st_lots_correct_result (site->operator, "LOT-1", "viability", "90.1", "   ", &error));
  assert_refused (&error, ST_LOTS_ERROR, ST_LOTS_ERROR_INVALID, "reason");
  g_assert_false (st_lots_correct_result (site->operator, "LOT-1", "viability", "92.5", "same", &error));
  assert_refused (&error, ST_LOTS_ERROR, ST_LOTS_ERROR_INVALID, "viability");
  g_assert_false (st_lots_correct_result (site->operator, "LOT-1", "cd73", "98.0", "typo", &error));
  assert_refused (&error, ST_LOTS_ERROR, ST_LOTS_ERROR_NOT_FOUND, "cd73");
  g_assert_false (st_lots_record_result (site->operator, "LOT-1", "viabilty", "92.5", NULL, &error));
  assert_refused (&error, ST_LOTS_ERROR, ST_LOTS_ERROR_NOT_FOUND, "viabilty");
  g_assert_false (st_lots_record_result (site->operator, "LOT-1", "passage", "3", NULL, &error));
  assert_refused (&error, ST_LOTS_ERROR, ST_LOTS_ERROR_INVALID, "passage");
  g_assert_false (st_lots_record_result (site->operator, "LOT-1", "cumulative_pd", "12", NULL, &error));
  assert_refused (&error, ST_LOTS_ERROR, ST_LOTS_ERROR_INVALID, "cumulative_pd");
  g_assert_false (st_lots_record_result (site->operator, "LOT-404", "cd73", "98.0", NULL, &error));
  assert_refused (&error, ST_LOTS_ERROR, ST_LOTS_ERROR_NOT_FOUND, "lot");
  g_assert_false (st_lots_record_result (site->operator, "LOT-1", "cd73", "98.0", long_method, &error));
  assert_refused (&error, ST_LOTS_ERROR, ST_LOTS_ERROR_INVALID, "method");
  assert_unchanged (site, &before);

  /* A correction: the old value stays, superseded, with who, when and why. */
  g_assert_true (st_lots_correct_result (site->operator2, "LOT-1", "viability", "90.1", "transcription error", &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (site, "results"), ==, before.results + 1);
  g_assert_cmpint (core_audit_count (site), ==, before.entries + 1);
  g_clear_pointer (&entry, g_free);
  entry = core_sql_text (site, "SELECT username || '|' || action || '|' || field || '|' || old_value || '->'"
                               " || new_value || '|' || reason FROM audit_trail ORDER BY seq DESC LIMIT 1");
  g_assert_cmpstr (entry, ==, "operator2|correct|viability|92.5->90.1|transcription error");

  lot = st_lots_get (site->qp, "LOT-1", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (lot->results->len, ==, 2);
  for (guint i = 0; i < lot->results->len; i++)
    {
      const StResultRecord *result = g_ptr_array_index (lot->results, i);
      if (g_str_equal (result->value, "92.5"))
        old_result = result;
      else
        new_result = result;
    }
  g_assert_nonnull (old_result);
  g_assert_nonnull (new_result);
  g_assert_true (old_result->superseded);
  g_assert_cmpint (old_result->supersedes, ==, 0);
  g_assert_cmpint (old_result->entered_by, ==, st_session_get_user (site->operator)->id);
  g_assert_false (new_result->superseded);
  g_assert_cmpstr (new_result->value, ==, "90.1");
  g_assert_cmpint (new_result->supersedes, ==, old_result->id);
  g_assert_cmpstr (new_result->reason, ==, "transcription error");
  g_assert_cmpstr (new_result->method, ==, "Trypan blue");
  g_assert_cmpint (new_result->entered_by, ==, st_session_get_user (site->operator2)->id);
  g_assert_cmpint (item_verdict (site, "LOT-1", "viability", &value), ==, ST_VERDICT_CONFORM);
  g_assert_cmpstr (value, ==, "90.1");
  g_assert_true (st_lot_check_find (lot->check, "viability")->corrected);
  core_assert_audit_intact (site);
}

static void
test_save_results (void)
{
  g_autoptr(CoreSite) site = core_site_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *value = NULL;
  StResultInput first[] = {
    { .param = "viability", .value = "92.5" },
    { .param = "cd73", .value = "98.1" },
  };
  StResultInput changed_without_reason[] = {
    { .param = "viability", .value = "92.5" },
    { .param = "cd73", .value = "97.0" },
  };
  StResultInput one_invalid[] = {
    { .param = "viability", .value = "91.0", .reason = "recount" },
    { .param = "cd90", .value = "97.4" },
    { .param = "cd45", .value = "abc" },
  };
  StResultInput one_out_of_bounds[] = {
    { .param = "viability", .value = "91.0", .reason = "recount" },
    { .param = "cd90", .value = "97.4" },
    { .param = "cd45", .value = "105" },
  };
  StResultInput good[] = {
    { .param = "viability", .value = "91.0", .reason = "recount" },
    { .param = "cd90", .value = "97.4" },
    { .param = "cd73", .value = "98.1" },
  };
  Counts before;

  core_add_donor (site, "D-1", TRUE);
  core_create_lot (site, "LOT-1", NULL);

  before = counts (site);
  g_assert_true (st_lots_save_results (site->operator, "LOT-1", first, G_N_ELEMENTS (first), &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (site, "results"), ==, before.results + 2);
  g_assert_cmpint (core_audit_count (site), ==, before.entries + 2);

  /* Unchanged values are left alone: no rows, no entries. */
  before = counts (site);
  g_assert_true (st_lots_save_results (site->operator, "LOT-1", first, G_N_ELEMENTS (first), &error));
  g_assert_no_error (error);
  g_assert_true (st_lots_save_results (site->operator, "LOT-1", first, 0, &error));
  g_assert_no_error (error);
  assert_unchanged (site, &before);

  /* A changed value needs a reason; one bad entry refuses them all. */
  g_assert_false (st_lots_save_results (site->operator, "LOT-1", changed_without_reason,
                                        G_N_ELEMENTS (changed_without_reason), &error));
  assert_refused (&error, ST_LOTS_ERROR, ST_LOTS_ERROR_INVALID, "reason");
  g_assert_false (st_lots_save_results (site->operator, "LOT-1", one_invalid, G_N_ELEMENTS (one_invalid), &error));
  assert_refused (&error, ST_SPEC_ERROR, ST_SPEC_ERROR_INVALID_VALUE, "cd45");
  g_assert_false (st_lots_save_results (site->operator, "LOT-1", one_out_of_bounds,
                                        G_N_ELEMENTS (one_out_of_bounds), &error));
  assert_refused (&error, ST_SPEC_ERROR, ST_SPEC_ERROR_INVALID_VALUE, "cd45");
  assert_unchanged (site, &before);
  g_assert_cmpint (item_verdict (site, "LOT-1", "viability", &value), ==, ST_VERDICT_CONFORM);
  g_assert_cmpstr (value, ==, "92.5");
  g_assert_cmpint (item_verdict (site, "LOT-1", "cd90", NULL), ==, ST_VERDICT_MISSING);

  /* All good: the change and the new value, the unchanged one skipped. */
  g_assert_true (st_lots_save_results (site->operator, "LOT-1", good, G_N_ELEMENTS (good), &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (site, "results"), ==, before.results + 2);
  g_assert_cmpint (core_audit_count (site), ==, before.entries + 2);
  g_clear_pointer (&value, g_free);
  g_assert_cmpint (item_verdict (site, "LOT-1", "viability", &value), ==, ST_VERDICT_CONFORM);
  g_assert_cmpstr (value, ==, "91.0");
  g_assert_cmpint (core_sql_int (site, "SELECT count(*) FROM audit_trail WHERE action = 'correct'"
                                       " AND reason = 'recount' AND old_value = '92.5'"), ==, 1);
  core_assert_audit_intact (site);
}

static void
assert_value_refused (CoreSite   *site,
                      const char *param,
                      const char *value,
                      const char *words)
{
  g_autoptr(GError) error = NULL;
  Counts before = counts (site);

  g_assert_false (st_lots_record_result (site->operator, "LOT-1", param, value, NULL, &error));
  g_assert_nonnull (error);
  g_test_message ("%s %s: %s", param, value ? value : "(null)", error->message);
  g_assert_error (error, ST_SPEC_ERROR, ST_SPEC_ERROR_INVALID_VALUE);
  g_assert_cmpint (st_error_kind (error), ==, ST_ERROR_KIND_INPUT);
  g_assert_true (g_str_has_prefix (error->message, param));
  if (words != NULL)
    g_assert_nonnull (strstr (error->message, words));
  assert_unchanged (site, &before);
}

static void
test_bounds (void)
{
  g_autoptr(CoreSite) site = core_site_new ();
  static const char *const percent[] = {
    "viability", "cd73", "cd90", "cd105", "cd45", "cd34", "cd14", "cd19", "hla_dr", "potency_mlr",
  };
  static const char *const accepted[][2] = {
    { "viability", "100" }, { "cd45", "0" }, { "endotoxin", "0" }, { "cell_concentration", "0.001" },
    { "appearance", "does-not-conform" }, { "sterility", "growth" }, { "mycoplasma", "detected" },
  };

  core_add_donor (site, "D-1", TRUE);
  core_create_lot (site, "LOT-1", NULL);

  /* Percentages lie in 0..100. */
  for (guint i = 0; i < G_N_ELEMENTS (percent); i++)
    {
      assert_value_refused (site, percent[i], "-0.1", "-0.1");
      assert_value_refused (site, percent[i], "100.01", "100.01");
      assert_value_refused (site, percent[i], "105", "above 100");
    }
  /* Concentrations positive, endotoxin not negative. */
  assert_value_refused (site, "cell_concentration", "-1", "-1");
  assert_value_refused (site, "endotoxin", "-0.01", "-0.01");
  /* Categorical results are one of their words, exactly. */
  assert_value_refused (site, "appearance", "Conforms", "conforms, does-not-conform");
  assert_value_refused (site, "appearance", "ok", NULL);
  assert_value_refused (site, "sterility", "negative", "no-growth, growth");
  assert_value_refused (site, "sterility", "pending", NULL);
  assert_value_refused (site, "mycoplasma", "absent", "not-detected, detected");
  /* Numbers are plain decimals with a point. */
  assert_value_refused (site, "viability", "92,5", "decimal separator");
  assert_value_refused (site, "endotoxin", "0,25", "decimal separator");
  assert_value_refused (site, "viability", "9.25e1", NULL);
  assert_value_refused (site, "viability", " 92.5", NULL);
  assert_value_refused (site, "viability", "ninety", NULL);
  assert_value_refused (site, "viability", "", NULL);
  assert_value_refused (site, "viability", NULL, NULL);
  assert_value_refused (site, "cd73", "1,000.5", NULL);

  /* The bounds themselves and every word are accepted. */
  for (guint i = 0; i < G_N_ELEMENTS (accepted); i++)
    record (site, "LOT-1", accepted[i][0], accepted[i][1]);
  g_assert_cmpint (count_rows (site, "results"), ==, G_N_ELEMENTS (accepted));
  core_assert_audit_intact (site);
}

static void
test_limits (void)
{
  g_autoptr(CoreSite) site = core_site_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(StLotCheck) check = NULL;
  g_autofree char *verdict = NULL;
  const char *skip[] = { "sterility", "mycoplasma", "potency_mlr", NULL };
  static const struct {
    const char *param;
    const char *value;
    StVerdict verdict;
  } steps[] = {
    { "viability", "70", ST_VERDICT_CONFORM },
    { "viability", "69.99", ST_VERDICT_OOS },
    { "viability", "70.00", ST_VERDICT_CONFORM },
    { "viability", "69.999999", ST_VERDICT_OOS },
    { "viability", "70.000001", ST_VERDICT_CONFORM },
    { "endotoxin", "0.5", ST_VERDICT_OOS },
    { "endotoxin", "0.49", ST_VERDICT_CONFORM },
    { "endotoxin", "0.50", ST_VERDICT_OOS },
    { "endotoxin", "0.499", ST_VERDICT_CONFORM },
    { "cell_concentration", "3.0", ST_VERDICT_CONFORM },
    { "cell_concentration", "3.01", ST_VERDICT_OOS },
    { "cell_concentration", "1.0", ST_VERDICT_CONFORM },
    { "cell_concentration", "0.99", ST_VERDICT_OOS },
    { "cell_concentration", "3", ST_VERDICT_CONFORM },
    { "cd73", "95", ST_VERDICT_CONFORM },
    { "cd73", "94.99", ST_VERDICT_OOS },
    { "cd73", "95.0", ST_VERDICT_CONFORM },
    { "cd45", "2", ST_VERDICT_CONFORM },
    { "cd45", "2.01", ST_VERDICT_OOS },
    { "cd45", "2.0", ST_VERDICT_CONFORM },
    { "appearance", "does-not-conform", ST_VERDICT_OOS },
    { "appearance", "conforms", ST_VERDICT_CONFORM },
  };

  core_add_donor (site, "D-1", TRUE);
  core_create_lot (site, "LOT-1", NULL);
  core_add_passages (site, "LOT-1");
  core_record_all_results (site, "LOT-1", skip);

  /* Not yet there: sterility may be pending, mycoplasma is missing. */
  assert_item (site, "LOT-1", "sterility", ST_VERDICT_PENDING);
  assert_item (site, "LOT-1", "mycoplasma", ST_VERDICT_MISSING);
  assert_item (site, "LOT-1", "potency_mlr", ST_VERDICT_MISSING);
  assert_lot_field (site, "LOT-1", "verdict", "incomplete");
  record (site, "LOT-1", "sterility", "no-growth");
  record (site, "LOT-1", "mycoplasma", "not-detected");
  record (site, "LOT-1", "potency_mlr", "12");
  assert_item (site, "LOT-1", "potency_mlr", ST_VERDICT_REPORT);
  assert_lot_field (site, "LOT-1", "verdict", "conform");

  /* Limits compared exactly on the decimal text, never rounded. */
  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      g_test_message ("%s = %s", steps[i].param, steps[i].value);
      correct (site, "LOT-1", steps[i].param, steps[i].value);
      assert_item (site, "LOT-1", steps[i].param, steps[i].verdict);
      /* The stored verdict of the lot follows every change. */
      g_clear_pointer (&verdict, g_free);
      verdict = lot_field (site, "LOT-1", "verdict");
      g_assert_cmpstr (verdict, ==, steps[i].verdict == ST_VERDICT_OOS ? "oos" : "conform");
    }
  correct (site, "LOT-1", "sterility", "growth");
  assert_item (site, "LOT-1", "sterility", ST_VERDICT_OOS);
  check = st_lots_check (site->qp, "LOT-1", &error);
  g_assert_no_error (error);
  g_assert_cmpint (check->verdict, ==, ST_LOT_VERDICT_OOS);
  core_assert_audit_intact (site);
}

static void
test_derived (void)
{
  g_autoptr(CoreSite) site = core_site_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(StLotCheck) check = NULL;
  g_autofree char *value = NULL;

  core_add_donor (site, "D-1", TRUE);
  core_create_lot (site, "LOT-1", NULL);
  assert_item (site, "LOT-1", "passage", ST_VERDICT_MISSING);
  assert_item (site, "LOT-1", "cumulative_pd", ST_VERDICT_MISSING);

  /* 3 + 4 + log2 (3) = 8.58 doublings over three passages. */
  add_passage (site, "LOT-1", "1", "1000000", "8000000");
  add_passage (site, "LOT-1", "2", "2000000", "32000000");
  add_passage (site, "LOT-1", "3", "1000000", "3000000");
  check = st_lots_check (site->reviewer, "LOT-1", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (check->passage, ==, "3");
  g_assert_cmpstr (check->cumulative_pd, ==, "8.58");
  g_assert_cmpstr (st_lot_check_find (check, "passage")->value, ==, "3");
  g_assert_cmpint (st_lot_check_find (check, "passage")->verdict, ==, ST_VERDICT_CONFORM);
  g_assert_cmpstr (st_lot_check_find (check, "cumulative_pd")->value, ==, "8.58");
  g_assert_cmpint (st_lot_check_find (check, "cumulative_pd")->verdict, ==, ST_VERDICT_CONFORM);
  g_assert_true (st_lot_check_find (check, "passage")->derived);

  /* The highest passage number counts, not how many there are. */
  add_passage (site, "LOT-1", "5", "1000000", "2000000");
  assert_item (site, "LOT-1", "passage", ST_VERDICT_OOS);
  g_assert_cmpint (item_verdict (site, "LOT-1", "passage", &value), ==, ST_VERDICT_OOS);
  g_assert_cmpstr (value, ==, "5");

  /* At the limit of 30 doublings, and just past it: 30.004 is shown as
   * 30.00 but judged on more digits. */
  core_create_lot (site, "LOT-30", NULL);
  add_passage (site, "LOT-30", "1", "1", "1073741824");
  assert_item (site, "LOT-30", "cumulative_pd", ST_VERDICT_CONFORM);
  core_create_lot (site, "LOT-30B", NULL);
  add_passage (site, "LOT-30B", "1", "1000", "1076963049472");
  g_clear_pointer (&value, g_free);
  g_assert_cmpint (item_verdict (site, "LOT-30B", "cumulative_pd", &value), ==, ST_VERDICT_OOS);
  g_assert_cmpstr (value, ==, "30.00");
  core_create_lot (site, "LOT-31", NULL);
  add_passage (site, "LOT-31", "1", "1", "2147483648");
  g_clear_pointer (&value, g_free);
  g_assert_cmpint (item_verdict (site, "LOT-31", "cumulative_pd", &value), ==, ST_VERDICT_OOS);
  g_assert_cmpstr (value, ==, "31.00");
  core_assert_audit_intact (site);
}

static void
test_donors_item (void)
{
  g_autoptr(CoreSite) site = core_site_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *value = NULL;
  const char *pool[] = { "D-1", "D-BAD", NULL };

  core_add_donor (site, "D-1", TRUE);
  core_add_donor (site, "D-BAD", FALSE);
  core_add_bare_donor (site, "D-NEW");

  core_create_lot (site, "LOT-GOOD", "D-1");
  core_create_lot (site, "LOT-BAD", "D-BAD");
  core_create_lot (site, "LOT-NEW", "D-NEW");
  st_lots_create (site->operator, "POOL-1", NULL, pool, NULL, &error);
  g_assert_no_error (error);

  assert_item (site, "LOT-GOOD", "donors", ST_VERDICT_CONFORM);
  assert_item (site, "LOT-NEW", "donors", ST_VERDICT_MISSING);
  assert_lot_field (site, "LOT-NEW", "verdict", "incomplete");

  /* An ineligible donor makes the lot OOS, whatever else it holds. */
  core_add_passages (site, "LOT-BAD");
  core_record_all_results (site, "LOT-BAD", NULL);
  assert_item (site, "LOT-BAD", "donors", ST_VERDICT_OOS);
  assert_lot_field (site, "LOT-BAD", "verdict", "oos");
  g_assert_cmpint (item_verdict (site, "POOL-1", "donors", &value), ==, ST_VERDICT_OOS);
  g_assert_nonnull (strstr (value, "D-BAD"));
  assert_lot_field (site, "POOL-1", "verdict", "oos");

  /* The same data with an eligible donor conform. */
  core_add_passages (site, "LOT-GOOD");
  core_record_all_results (site, "LOT-GOOD", NULL);
  assert_lot_field (site, "LOT-GOOD", "verdict", "conform");
  core_assert_audit_intact (site);
}

static void
test_locked_states (void)
{
  g_autoptr(CoreSite) site = core_site_new ();
  g_autoptr(GError) error = NULL;
  static const char *const locked[] = { "released", "rejected", "released_exceptional" };
  const char *skip_sterility[] = { "sterility", NULL };
  StResultInput entry = { .param = "cd73", .value = "97.0", .reason = "re-measured" };

  core_add_donor (site, "D-1", TRUE);

  for (guint i = 0; i < G_N_ELEMENTS (locked); i++)
    {
      g_autofree char *lot = g_strdup_printf ("LOT-%u", i);
      g_autofree char *d1 = core_date (-20);
      g_autofree char *d2 = core_date (-12);
      StPassageInput passage = { "1", "1000000", "2000000", d1, d2 };
      Counts before;

      core_create_lot (site, lot, NULL);
      record (site, lot, "viability", "92.5");
      record (site, lot, "cd73", "98.1");
      set_status (site, lot, locked[i]);
      g_test_message ("status %s", locked[i]);

      before = counts (site);
      g_assert_false (st_lots_record_result (site->operator, lot, "cd90", "97.0", NULL, &error));
      assert_refused (&error, ST_LOTS_ERROR, ST_LOTS_ERROR_LOCKED, "lot");
      g_assert_false (st_lots_record_result (site->operator, lot, "sterility", "no-growth", NULL, &error));
      assert_refused (&error, ST_LOTS_ERROR, ST_LOTS_ERROR_LOCKED, "lot");
      g_assert_false (st_lots_correct_result (site->operator, lot, "viability", "91.0", "re-measured", &error));
      assert_refused (&error, ST_LOTS_ERROR, ST_LOTS_ERROR_LOCKED, "lot");
      g_assert_false (st_lots_save_results (site->operator, lot, &entry, 1, &error));
      assert_refused (&error, ST_LOTS_ERROR, ST_LOTS_ERROR_LOCKED, "lot");
      g_assert_false (st_lots_add_passage (site->operator, lot, &passage, &error));
      assert_refused (&error, ST_LOTS_ERROR, ST_LOTS_ERROR_LOCKED, "lot");
      assert_unchanged (site, &before);
      assert_lot_field (site, lot, "status", locked[i]);
    }

  /* After an initial certification only the pending items may come in. */
  core_create_lot (site, "LOT-INIT", NULL);
  core_add_passages (site, "LOT-INIT");
  core_record_all_results (site, "LOT-INIT", skip_sterility);
  set_status (site, "LOT-INIT", "released_initial");
  {
    g_autofree char *d1 = core_date (-20);
    g_autofree char *d2 = core_date (-12);
    StPassageInput passage = { "3", "1000000", "2000000", d1, d2 };
    Counts before = counts (site);

    g_assert_false (st_lots_correct_result (site->operator, "LOT-INIT", "viability", "91.0", "re-measured", &error));
    assert_refused (&error, ST_LOTS_ERROR, ST_LOTS_ERROR_LOCKED, "lot");
    g_assert_false (st_lots_add_passage (site->operator, "LOT-INIT", &passage, &error));
    assert_refused (&error, ST_LOTS_ERROR, ST_LOTS_ERROR_LOCKED, "lot");
    assert_unchanged (site, &before);
  }
  record (site, "LOT-INIT", "sterility", "no-growth");
  assert_lot_field (site, "LOT-INIT", "status", "released_initial");
  assert_lot_field (site, "LOT-INIT", "verdict", "conform");
  assert_lot_field (site, "LOT-INIT", "flag", "(null)");
  g_assert_cmpint (count_rows (site, "deviations"), ==, 0);
}

static gint64
voided_entries (CoreSite *site)
{
  return core_sql_int (site, "SELECT count(*) FROM audit_trail WHERE action = 'review voided' AND tbl = 'lots'"
                             " AND record = 'LOT-1' AND lot = 'LOT-1' AND field = 'status'"
                             " AND old_value = 'reviewed' AND new_value = 'in_review' AND username = 'operator'"
                             " AND reason IS NOT NULL");
}

static void
test_review_voided (void)
{
  g_autoptr(CoreSite) site = core_site_new ();
  g_autoptr(GError) error = NULL;
  StResultInput unchanged = { .param = "viability", .value = "91.0" };

  core_add_donor (site, "D-1", TRUE);
  core_create_lot (site, "LOT-1", NULL);
  record (site, "LOT-1", "viability", "92.5");

  /* A new result after review. */
  set_status (site, "LOT-1", "reviewed");
  record (site, "LOT-1", "cd73", "98.1");
  assert_lot_field (site, "LOT-1", "status", "in_review");
  g_assert_cmpint (voided_entries (site), ==, 1);

  /* A passage after review. */
  set_status (site, "LOT-1", "reviewed");
  add_passage (site, "LOT-1", "1", "1000000", "8000000");
  assert_lot_field (site, "LOT-1", "status", "in_review");
  g_assert_cmpint (voided_entries (site), ==, 2);

  /* A correction after review. */
  set_status (site, "LOT-1", "reviewed");
  correct (site, "LOT-1", "viability", "91.0");
  assert_lot_field (site, "LOT-1", "status", "in_review");
  g_assert_cmpint (voided_entries (site), ==, 3);

  /* Saving unchanged values changes nothing, so the review stands. */
  set_status (site, "LOT-1", "reviewed");
  g_assert_true (st_lots_save_results (site->operator, "LOT-1", &unchanged, 1, &error));
  g_assert_no_error (error);
  assert_lot_field (site, "LOT-1", "status", "reviewed");
  g_assert_cmpint (voided_entries (site), ==, 3);

  /* A refused change does not void it either. */
  g_assert_false (st_lots_record_result (site->operator, "LOT-1", "cd90", "105", NULL, &error));
  g_clear_error (&error);
  assert_lot_field (site, "LOT-1", "status", "reviewed");

  /* In an open lot nothing is voided. */
  set_status (site, "LOT-1", "open");
  record (site, "LOT-1", "cd90", "97.4");
  assert_lot_field (site, "LOT-1", "status", "open");
  g_assert_cmpint (voided_entries (site), ==, 3);
}

static void
test_failed_pending (void)
{
  g_autoptr(CoreSite) site = core_site_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(StLot) lot = NULL;
  g_autofree char *flag = NULL;
  g_autofree char *entry = NULL;
  const char *skip_sterility[] = { "sterility", NULL };
  const StDeviationRecord *deviation;

  core_add_donor (site, "D-1", TRUE);
  core_create_lot (site, "LOT-P", NULL);
  core_add_passages (site, "LOT-P");
  core_record_all_results (site, "LOT-P", skip_sterility);
  set_status (site, "LOT-P", "released_initial");

  /* The pending sterility result fails after the initial certification. */
  record (site, "LOT-P", "sterility", "growth");
  flag = lot_field (site, "LOT-P", "flag");
  g_assert_nonnull (strstr (flag, "Sterility"));
  g_assert_nonnull (strstr (flag, "growth"));
  assert_lot_field (site, "LOT-P", "verdict", "oos");
  assert_lot_field (site, "LOT-P", "status", "released_initial");
  entry = core_sql_text (site, "SELECT action || '|' || new_value FROM audit_trail WHERE tbl = 'lots'"
                               " AND record = 'LOT-P' AND field = 'flag'");
  g_assert_true (g_str_has_prefix (entry, "flagged|"));
  g_assert_cmpstr (entry + strlen ("flagged|"), ==, flag);

  /* A critical deviation is open for the follow-up. */
  lot = st_lots_get (site->qp, "LOT-P", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (lot->record->flag, ==, flag);
  g_assert_cmpuint (lot->deviations->len, ==, 1);
  deviation = g_ptr_array_index (lot->deviations, 0);
  g_assert_cmpstr (deviation->severity, ==, "critical");
  g_assert_cmpstr (deviation->status, ==, "open");
  g_assert_cmpstr (deviation->lot_number, ==, "LOT-P");
  g_assert_nonnull (strstr (deviation->text, "physician"));
  g_assert_cmpint (core_sql_int (site, "SELECT count(*) FROM audit_trail WHERE tbl = 'deviations'"
                                       " AND lot = 'LOT-P'"), ==, 3);

  /* A conforming pending result flags nothing. */
  core_create_lot (site, "LOT-Q", NULL);
  core_add_passages (site, "LOT-Q");
  core_record_all_results (site, "LOT-Q", skip_sterility);
  set_status (site, "LOT-Q", "released_initial");
  record (site, "LOT-Q", "sterility", "no-growth");
  assert_lot_field (site, "LOT-Q", "flag", "(null)");
  g_assert_cmpint (count_rows (site, "deviations"), ==, 1);

  /* Before certification a failing result is just an OOS result. */
  core_create_lot (site, "LOT-R", NULL);
  record (site, "LOT-R", "sterility", "growth");
  assert_lot_field (site, "LOT-R", "flag", "(null)");
  g_assert_cmpint (count_rows (site, "deviations"), ==, 1);
}

int
main (int argc, char **argv)
{
  core_fixture_init (&argc, &argv);

  g_test_add_func ("/core/lots/create", test_create);
  g_test_add_func ("/core/lots/spec-pinning", test_spec_pinning);
  g_test_add_func ("/core/lots/passages", test_passages);
  g_test_add_func ("/core/lots/record-and-correct", test_record_and_correct);
  g_test_add_func ("/core/lots/save-results", test_save_results);
  g_test_add_func ("/core/lots/bounds", test_bounds);
  g_test_add_func ("/core/lots/limits", test_limits);
  g_test_add_func ("/core/lots/derived", test_derived);
  g_test_add_func ("/core/lots/donors-item", test_donors_item);
  g_test_add_func ("/core/lots/locked-states", test_locked_states);
  g_test_add_func ("/core/lots/review-voided", test_review_voided);
  g_test_add_func ("/core/lots/failed-pending", test_failed_pending);

  return core_fixture_run ();
}
