/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "core-fixture.h"

#include <string.h>

#include "st-donors.h"
#include "st-error.h"
#include "st-isbt.h"
#include "st-lots.h"
#include "st-value.h"

static const char *const serology[] = { "hiv", "hbsag", "anti-hbc", "hcv", "syphilis" };
static const char *const nat[] = { "hiv-nat", "hbv-nat", "hcv-nat" };

static gint64
donor_count (CoreSite *site)
{
  return core_sql_int (site, "SELECT count(*) FROM donors");
}

static gint64
test_count (CoreSite *site)
{
  return core_sql_int (site, "SELECT count(*) FROM donor_tests");
}

static char *
eligibility_of (CoreSite   *site,
                const char *code)
{
  g_autofree char *sql = g_strdup_printf ("SELECT eligibility FROM donors WHERE code = '%s'", code);
  return core_sql_text (site, sql);
}

static char *
verdict_of (CoreSite   *site,
            const char *lot)
{
  g_autofree char *sql = g_strdup_printf ("SELECT verdict FROM lots WHERE lot_number = '%s'", lot);
  return core_sql_text (site, sql);
}

static void
add_test (CoreSite   *site,
          const char *code,
          const char *marker,
          const char *result,
          int         days_ago)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *sampled = core_date (-days_ago);

  st_donors_add_test (site->operator, code, marker, result, sampled, &error);
  g_assert_no_error (error);
}

static void
assert_eligibility (CoreSite   *site,
                    const char *code,
                    const char *expected)
{
  g_autofree char *stored = eligibility_of (site, code);
  g_autoptr(GError) error = NULL;
  g_autoptr(StDonor) donor = st_donors_get (site->reviewer, code, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (stored, ==, expected);
  g_assert_cmpstr (st_eligibility_to_string (donor->eligibility), ==, expected);
  g_assert_cmpstr (donor->record->eligibility, ==, expected);
}

static void
test_add (void)
{
  g_autoptr(CoreSite) site = core_site_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(StDonor) donor = NULL;
  g_autofree char *entries_text = NULL;
  g_autofree char *this_year = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  StDonorInput input = { .code = "D-1", .birth_year = "1984", .sex = "female", .consent_date = "2025-03-14",
                         .htlv_required = TRUE };
  StDonorInput newborn = { .code = "D-2", .sex = "male" };
  gint64 entries = core_audit_count (site);

  g_assert_true (st_donors_add (site->operator, &input, &error));
  g_assert_no_error (error);
  donor = st_donors_get (site->reviewer, "D-1", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (donor->record->code, ==, "D-1");
  g_assert_cmpint (donor->record->birth_year, ==, 1984);
  g_assert_cmpstr (donor->record->sex, ==, "female");
  g_assert_cmpstr (donor->record->consent_date, ==, "2025-03-14");
  g_assert_true (donor->record->htlv_required);
  g_assert_cmpstr (donor->record->eligibility, ==, "incomplete");
  g_assert_cmpint (donor->eligibility, ==, ST_ELIGIBILITY_INCOMPLETE);
  g_assert_nonnull (donor->why);
  g_assert_cmpuint (donor->tests->len, ==, 0);
  g_assert_cmpint (donor->record->created_by, ==, st_session_get_user (site->operator)->id);

  entries_text = core_sql_text (site, "SELECT group_concat (field || '=' || new_value, ';') FROM"
                                      " (SELECT field, new_value FROM audit_trail"
                                      "  WHERE tbl = 'donors' AND record = 'D-1' AND username = 'operator' ORDER BY seq)");
  g_assert_cmpstr (entries_text, ==, "birth_year=1984;sex=female;consent_date=2025-03-14;htlv_required=yes");
  g_assert_cmpint (core_audit_count (site), ==, entries + 4);

  /* Born this year, no consent date: allowed. */
  this_year = g_strdup_printf ("%d", g_date_time_get_year (now));
  newborn.birth_year = this_year;
  g_assert_true (st_donors_add (site->operator, &newborn, &error));
  g_assert_no_error (error);
  g_assert_cmpint (core_audit_count (site), ==, entries + 7);
  core_assert_audit_intact (site);
}

static void
assert_add_refused (CoreSite           *site,
                    const StDonorInput *input,
                    GQuark              domain,
                    int                 code,
                    const char         *field)
{
  g_autoptr(GError) error = NULL;
  gint64 donors = donor_count (site);
  gint64 entries = core_audit_count (site);

  g_assert_false (st_donors_add (site->operator, input, &error));
  g_test_message ("%s", error ? error->message : "(no error)");
  g_assert_error (error, domain, code);
  g_assert_cmpint (st_error_kind (error), ==, ST_ERROR_KIND_INPUT);
  if (field != NULL)
    g_assert_true (g_str_has_prefix (error->message, field));
  g_assert_cmpint (donor_count (site), ==, donors);
  g_assert_cmpint (core_audit_count (site), ==, entries);
}

static void
refused (CoreSite   *site,
         const char *code,
         const char *birth_year,
         const char *sex,
         const char *consent_date,
         GQuark      domain,
         int         error_code,
         const char *field)
{
  StDonorInput input = { .code = code, .birth_year = birth_year, .sex = sex, .consent_date = consent_date };

  assert_add_refused (site, &input, domain, error_code, field);
}

static void
test_validation (void)
{
  g_autoptr(CoreSite) site = core_site_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *next_year = g_strdup_printf ("%d", g_date_time_get_year (now) + 1);
  g_autofree char *tomorrow = core_date (1);
  g_autofree char *long_code = g_strnfill (33, 'D');
  g_autoptr(StDonor) scanned = NULL;
  StDonorInput input;

  /* Year of birth: 1900 to this year, digits. */
  refused (site, "D-1", "1899", "female", NULL,
           ST_VALUE_ERROR, ST_VALUE_ERROR_RANGE, "birth-year");
  refused (site, "D-1", next_year, "female", NULL,
           ST_VALUE_ERROR, ST_VALUE_ERROR_RANGE, "birth-year");
  refused (site, "D-1", "nineteen", "female", NULL,
           ST_VALUE_ERROR, ST_VALUE_ERROR_FORMAT, "birth-year");
  refused (site, "D-1", "1980.5", "female", NULL,
           ST_VALUE_ERROR, ST_VALUE_ERROR_FORMAT, "birth-year");
  refused (site, "D-1", NULL, "female", NULL,
           ST_DONORS_ERROR, ST_DONORS_ERROR_INVALID, "birth-year");
  /* Sex: the two words. */
  refused (site, "D-1", "1980", "f", NULL,
           ST_DONORS_ERROR, ST_DONORS_ERROR_INVALID, "sex");
  refused (site, "D-1", "1980", "Female", NULL,
           ST_DONORS_ERROR, ST_DONORS_ERROR_INVALID, "sex");
  refused (site, "D-1", "1980", "diverse", NULL,
           ST_DONORS_ERROR, ST_DONORS_ERROR_INVALID, "sex");
  refused (site, "D-1", "1980", NULL, NULL,
           ST_DONORS_ERROR, ST_DONORS_ERROR_INVALID, "sex");
  /* Consent: a real date, not in the future, not before birth. */
  refused (site, "D-1", "1980", "female", tomorrow,
           ST_VALUE_ERROR, ST_VALUE_ERROR_RANGE, "consent-date");
  refused (site, "D-1", "1980", "female", "2024-02-30",
           ST_VALUE_ERROR, ST_VALUE_ERROR_FORMAT, "consent-date");
  refused (site, "D-1", "1980", "female", "14.03.2025",
           ST_VALUE_ERROR, ST_VALUE_ERROR_FORMAT, "consent-date");
  refused (site, "D-1", "1980", "female", "1979-12-31",
           ST_DONORS_ERROR, ST_DONORS_ERROR_INVALID, "consent-date");
  /* Identifier: a site code or an ISBT 128 DIN. */
  refused (site, NULL, "1980", "female", NULL,
           ST_DONORS_ERROR, ST_DONORS_ERROR_INVALID, "donor");
  refused (site, "", "1980", "female", NULL,
           ST_DONORS_ERROR, ST_DONORS_ERROR_INVALID, "donor");
  refused (site, "-D1", "1980", "female", NULL,
           ST_DONORS_ERROR, ST_DONORS_ERROR_INVALID, "donor");
  refused (site, "D 1", "1980", "female", NULL,
           ST_DONORS_ERROR, ST_DONORS_ERROR_INVALID, "donor");
  refused (site, "D/1", "1980", "female", NULL,
           ST_DONORS_ERROR, ST_DONORS_ERROR_INVALID, "donor");
  refused (site, long_code, "1980", "female", NULL,
           ST_DONORS_ERROR, ST_DONORS_ERROR_INVALID, "donor");
  refused (site, "=G1234", "1980", "female", NULL,
           ST_ISBT_ERROR, ST_ISBT_ERROR_INVALID, "donor");
  refused (site, "=G123417654321B", "1980", "female", NULL,
           ST_ISBT_ERROR, ST_ISBT_ERROR_CHECK_CHARACTER, "donor");

  /* A scanned DIN loses its '=' and flag characters; then it is taken. */
  input = (StDonorInput) { .code = "=G123417654321 00", .birth_year = "1980", .sex = "female" };
  g_assert_true (st_donors_add (site->operator, &input, &error));
  g_assert_no_error (error);
  scanned = st_donors_get (site->operator, "G123417654321", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (scanned->record->code, ==, "G123417654321");
  g_assert_cmpint (core_sql_int (site, "SELECT count(*) FROM audit_trail WHERE record = 'G123417654321'"), ==, 3);
  refused (site, "G123417654321", "1980", "female", NULL,
           ST_DONORS_ERROR, ST_DONORS_ERROR_EXISTS, "donor");
  refused (site, "=G12341765432100", "1980", "female", NULL,
           ST_DONORS_ERROR, ST_DONORS_ERROR_EXISTS, "donor");
  refused (site, "=G123417654321A", "1980", "female", NULL,
           ST_DONORS_ERROR, ST_DONORS_ERROR_EXISTS, "donor");

  /* Only operators register donors. */
  input = (StDonorInput) { .code = "D-5", .birth_year = "1980", .sex = "female" };
  g_assert_false (st_donors_add (site->reviewer, &input, &error));
  core_assert_error (error, ST_AUTH_ERROR, ST_AUTH_ERROR_ROLE, NULL);
  g_assert_cmpint (donor_count (site), ==, 1);
  core_assert_audit_intact (site);
}

static void
assert_test_refused (CoreSite    *site,
                     const char  *code,
                     const char  *marker,
                     const char  *result,
                     const char  *sampled_on,
                     GQuark       domain,
                     int          error_code,
                     const char  *field)
{
  g_autoptr(GError) error = NULL;
  gint64 tests = test_count (site);
  gint64 entries = core_audit_count (site);

  g_assert_false (st_donors_add_test (site->operator, code, marker, result, sampled_on, &error));
  g_test_message ("%s", error ? error->message : "(no error)");
  g_assert_error (error, domain, error_code);
  g_assert_true (g_str_has_prefix (error->message, field));
  g_assert_cmpint (test_count (site), ==, tests);
  g_assert_cmpint (core_audit_count (site), ==, entries);
}

static void
test_test_validation (void)
{
  g_autoptr(CoreSite) site = core_site_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *tomorrow = core_date (1);
  g_autofree char *today = core_date (0);
  g_autofree char *entry = NULL;
  g_autofree char *expected = NULL;
  g_autoptr(StDonor) donor = NULL;

  core_add_bare_donor (site, "D-1");   /* born 1985 */

  assert_test_refused (site, "D-1", "hiv3", "negative", "2025-01-01", ST_DONORS_ERROR, ST_DONORS_ERROR_INVALID, "marker");
  assert_test_refused (site, "D-1", "HIV", "negative", "2025-01-01", ST_DONORS_ERROR, ST_DONORS_ERROR_INVALID, "marker");
  assert_test_refused (site, "D-1", NULL, "negative", "2025-01-01", ST_DONORS_ERROR, ST_DONORS_ERROR_INVALID, "marker");
  assert_test_refused (site, "D-1", "hiv", "neg", "2025-01-01", ST_DONORS_ERROR, ST_DONORS_ERROR_INVALID, "result");
  assert_test_refused (site, "D-1", "hiv", "Negative", "2025-01-01", ST_DONORS_ERROR, ST_DONORS_ERROR_INVALID, "result");
  assert_test_refused (site, "D-1", "hiv", NULL, "2025-01-01", ST_DONORS_ERROR, ST_DONORS_ERROR_INVALID, "result");
  assert_test_refused (site, "D-1", "hiv", "negative", tomorrow, ST_VALUE_ERROR, ST_VALUE_ERROR_RANGE, "sampled-on");
  assert_test_refused (site, "D-1", "hiv", "negative", "2025-13-01", ST_VALUE_ERROR, ST_VALUE_ERROR_FORMAT, "sampled-on");
  assert_test_refused (site, "D-1", "hiv", "negative", "1984-12-31", ST_DONORS_ERROR, ST_DONORS_ERROR_INVALID, "sampled-on");
  assert_test_refused (site, "D-404", "hiv", "negative", "2025-01-01", ST_DONORS_ERROR, ST_DONORS_ERROR_NOT_FOUND, "donor");

  g_assert_false (st_donors_add_test (site->reviewer, "D-1", "hiv", "negative", "2025-01-01", &error));
  core_assert_error (error, ST_AUTH_ERROR, ST_AUTH_ERROR_ROLE, NULL);
  g_clear_error (&error);

  /* Accepted: audited as the replay reads it; no date means today. */
  g_assert_true (st_donors_add_test (site->operator, "D-1", "hiv", "negative", "2025-01-01", &error));
  g_assert_no_error (error);
  entry = core_sql_text (site, "SELECT tbl || '|' || field || '|' || new_value FROM audit_trail ORDER BY seq DESC LIMIT 1");
  g_assert_cmpstr (entry, ==, "donor_tests|hiv|negative (sampled 2025-01-01)");
  g_assert_true (st_donors_add_test (site->operator, "D-1", "hbsag", "indeterminate", NULL, &error));
  g_assert_no_error (error);
  donor = st_donors_get (site->operator, "D-1", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (donor->tests->len, ==, 2);
  expected = g_strdup (today);
  for (guint i = 0; i < donor->tests->len; i++)
    {
      const StDonorTestRecord *test = g_ptr_array_index (donor->tests, i);
      if (g_str_equal (test->marker, "hbsag"))
        g_assert_cmpstr (test->sampled_on, ==, expected);
    }
  core_assert_audit_intact (site);
}

static void
test_eligibility (void)
{
  g_autoptr(CoreSite) site = core_site_new ();
  g_autoptr(GError) error = NULL;
  const char *pool[] = { "D-2", "D-3", NULL };
  g_autoptr(StLotCheck) check = NULL;
  g_autofree char *verdict = NULL;

  core_add_bare_donor (site, "D-1");
  core_create_lot (site, "LOT-1", "D-1");
  core_create_lot (site, "LOT-1B", "D-1");
  core_add_passages (site, "LOT-1");
  core_record_all_results (site, "LOT-1", NULL);
  verdict = verdict_of (site, "LOT-1");
  g_assert_cmpstr (verdict, ==, "incomplete");

  /* Serology alone is not enough without NAT (or a 180-day retest). */
  for (guint i = 0; i < G_N_ELEMENTS (serology); i++)
    add_test (site, "D-1", serology[i], "negative", 30);
  assert_eligibility (site, "D-1", "incomplete");
  for (guint i = 0; i < G_N_ELEMENTS (nat); i++)
    add_test (site, "D-1", nat[i], "negative", 30);
  assert_eligibility (site, "D-1", "eligible");

  /* The lot made from the donor was judged again in the same change. */
  g_clear_pointer (&verdict, g_free);
  verdict = verdict_of (site, "LOT-1");
  g_assert_cmpstr (verdict, ==, "conform");
  check = st_lots_check (site->reviewer, "LOT-1", &error);
  g_assert_no_error (error);
  g_assert_cmpint (st_lot_check_find (check, "donors")->verdict, ==, ST_VERDICT_CONFORM);
  g_clear_pointer (&check, st_lot_check_free);

  /* A positive marker makes the donor ineligible and every lot of it OOS. */
  add_test (site, "D-1", "hcv", "positive", 2);
  assert_eligibility (site, "D-1", "ineligible");
  g_clear_pointer (&verdict, g_free);
  verdict = verdict_of (site, "LOT-1");
  g_assert_cmpstr (verdict, ==, "oos");
  g_clear_pointer (&verdict, g_free);
  verdict = verdict_of (site, "LOT-1B");
  g_assert_cmpstr (verdict, ==, "oos");
  check = st_lots_check (site->reviewer, "LOT-1B", &error);
  g_assert_no_error (error);
  g_assert_cmpint (st_lot_check_find (check, "donors")->verdict, ==, ST_VERDICT_OOS);
  g_clear_pointer (&check, st_lot_check_free);

  /* A pool: its donors item waits for every donor. */
  core_add_bare_donor (site, "D-2");
  core_add_bare_donor (site, "D-3");
  st_lots_create (site->operator, "POOL-1", NULL, pool, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (serology); i++)
    add_test (site, "D-2", serology[i], "negative", 30);
  for (guint i = 0; i < G_N_ELEMENTS (nat); i++)
    add_test (site, "D-2", nat[i], "negative", 30);
  assert_eligibility (site, "D-2", "eligible");
  check = st_lots_check (site->reviewer, "POOL-1", &error);
  g_assert_no_error (error);
  g_assert_cmpint (st_lot_check_find (check, "donors")->verdict, ==, ST_VERDICT_MISSING);
  g_clear_pointer (&check, st_lot_check_free);
  for (guint i = 0; i < G_N_ELEMENTS (serology); i++)
    add_test (site, "D-3", serology[i], "negative", 30);
  for (guint i = 0; i < G_N_ELEMENTS (nat); i++)
    add_test (site, "D-3", nat[i], "negative", 30);
  check = st_lots_check (site->reviewer, "POOL-1", &error);
  g_assert_no_error (error);
  g_assert_cmpint (st_lot_check_find (check, "donors")->verdict, ==, ST_VERDICT_CONFORM);
  g_clear_pointer (&check, st_lot_check_free);

  /* A later indeterminate result counts as not negative. */
  add_test (site, "D-3", "hiv", "indeterminate", 1);
  assert_eligibility (site, "D-3", "incomplete");
  check = st_lots_check (site->reviewer, "POOL-1", &error);
  g_assert_no_error (error);
  g_assert_cmpint (st_lot_check_find (check, "donors")->verdict, ==, ST_VERDICT_MISSING);
  core_assert_audit_intact (site);
}

static void
test_htlv_and_list (void)
{
  g_autoptr(CoreSite) site = core_site_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) donors = NULL;
  StDonorInput input = { .code = "D-H", .birth_year = "1990", .sex = "male", .htlv_required = TRUE };

  g_assert_true (st_donors_add (site->operator, &input, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (serology); i++)
    add_test (site, "D-H", serology[i], "negative", 10);
  for (guint i = 0; i < G_N_ELEMENTS (nat); i++)
    add_test (site, "D-H", nat[i], "negative", 10);
  assert_eligibility (site, "D-H", "incomplete");
  add_test (site, "D-H", "htlv", "negative", 10);
  assert_eligibility (site, "D-H", "eligible");

  core_add_donor (site, "D-1", FALSE);
  donors = st_donors_list (site->qp, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (donors->len, ==, 2);
  for (guint i = 0; i < donors->len; i++)
    {
      const StDonorRecord *donor = g_ptr_array_index (donors, i);
      g_assert_cmpstr (donor->eligibility, ==, g_str_equal (donor->code, "D-H") ? "eligible" : "ineligible");
    }
  core_assert_audit_intact (site);
}

int
main (int argc, char **argv)
{
  core_fixture_init (&argc, &argv);

  g_test_add_func ("/core/donors/add", test_add);
  g_test_add_func ("/core/donors/validation", test_validation);
  g_test_add_func ("/core/donors/test-validation", test_test_validation);
  g_test_add_func ("/core/donors/eligibility", test_eligibility);
  g_test_add_func ("/core/donors/htlv-and-list", test_htlv_and_list);

  return core_fixture_run ();
}
