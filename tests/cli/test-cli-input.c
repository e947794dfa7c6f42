/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "st-cli-test.h"

#include <string.h>

/*
 * Every class of bad input is refused with exit 2 and one line on stderr,
 * "stromactl: FIELD: RULE", and leaves the database (records and audit trail)
 * exactly as it was.
 */

/* A date @days from today (UTC, as stromactl judges "the future"). */
static char *
date_from_today (int days)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) then = g_date_time_add_days (now, days);

  return g_date_time_format (then, "%Y-%m-%d");
}

/* A year that is surely after this one, even around New Year's Eve. */
static char *
next_year (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) soon = g_date_time_add_days (now, 2);

  return g_strdup_printf ("%d", g_date_time_get_year (soon) + 1);
}

/*
 * Runs @args as @user and asserts the refusal: exit 2, exactly one line on
 * stderr that starts with "stromactl: @subject: " and contains @rule, and an
 * unchanged database.
 */
static void
assert_refused (StCliFixture       *fixture,
                const char         *user,
                const char         *subject,
                const char         *rule,
                const char * const *args)
{
  g_autofree char *password = g_strconcat (user, "-password-1", NULL);
  g_autofree char *before = st_cli_db_digest (fixture->db);
  g_autofree char *after = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *prefix = g_strdup_printf ("stromactl: %s: ", subject);
  int status;

  status = st_cli_run_env (fixture, user, password, NULL, &out, &err, args);
  g_assert_cmpint (status, ==, 2);
  g_assert_true (g_str_has_prefix (err, prefix));
  g_assert_nonnull (strstr (err, rule));
  g_assert_true (g_str_has_suffix (err, "\n"));
  g_assert_cmpint (strchr (err, '\n') - err, ==, strlen (err) - 1);
  g_assert_cmpstr (out, ==, "");
  after = st_cli_db_digest (fixture->db);
  g_assert_cmpstr (before, ==, after);
}

#define REFUSED(fixture, user, subject, rule, ...) \
  G_STMT_START { \
    const char *args_[] = { __VA_ARGS__, NULL }; \
    assert_refused (fixture, user, subject, rule, args_); \
  } G_STMT_END

static void
test_results_outside_bounds (StCliFixture  *fixture,
                             gconstpointer  data)
{
  /* An empty lot: a value that slipped through would be recorded (exit 0). */
  g_assert_cmpint (st_cli_run (fixture, "operator", NULL, NULL, "lot", "create", "LOT-0002",
                               "--donor", ST_CLI_TEST_DONOR, NULL), ==, 0);

  REFUSED (fixture, "operator", "viability", "105 is above 100 %",
           "result", "record", "LOT-0002", "viability", "105");
  REFUSED (fixture, "operator", "viability", "-1 is below 0 %",
           "result", "record", "LOT-0002", "viability", "-1");
  REFUSED (fixture, "operator", "cd73", "100.1 is above 100",
           "result", "record", "LOT-0002", "cd73", "100.1");
  REFUSED (fixture, "operator", "endotoxin", "-0.1 is below 0",
           "result", "record", "LOT-0002", "endotoxin", "-0.1");
  REFUSED (fixture, "operator", "cell_concentration", "-1 is below 0",
           "result", "record", "LOT-0002", "cell_concentration", "-1");
  /* After "--" a negative number is a value all the same. */
  REFUSED (fixture, "operator", "potency_mlr", "-5 is below 0",
           "result", "record", "LOT-0002", "potency_mlr", "--", "-5");
}

static void
test_results_not_numbers_or_words (StCliFixture  *fixture,
                                   gconstpointer  data)
{
  g_assert_cmpint (st_cli_run (fixture, "operator", NULL, NULL, "lot", "create", "LOT-0002",
                               "--donor", ST_CLI_TEST_DONOR, NULL), ==, 0);

  REFUSED (fixture, "operator", "viability", "'abc' is not a number",
           "result", "record", "LOT-0002", "viability", "abc");
  REFUSED (fixture, "operator", "viability", "a value is required",
           "result", "record", "LOT-0002", "viability", "");
  REFUSED (fixture, "operator", "viability", "use '.' as the decimal separator",
           "result", "record", "LOT-0002", "viability", "92,5");
  REFUSED (fixture, "operator", "sterility", "'maybe' is not one of no-growth, growth",
           "result", "record", "LOT-0002", "sterility", "maybe");
  REFUSED (fixture, "operator", "appearance", "is not one of conforms, does-not-conform",
           "result", "record", "LOT-0002", "appearance", "fine");
  REFUSED (fixture, "operator", "lot", "no lot 'LOT-9999'",
           "result", "record", "LOT-9999", "viability", "90");
  REFUSED (fixture, "operator", "cd999", "not a parameter of specification MSC-REL",
           "result", "record", "LOT-0002", "cd999", "90");
  /* Derived parameters come from the passage records, never by hand. */
  REFUSED (fixture, "operator", "passage", "derived from the passage records",
           "result", "record", "LOT-0002", "passage", "2");
  REFUSED (fixture, "operator", "cumulative_pd", "derived from the passage records",
           "result", "record", "LOT-0002", "cumulative_pd", "6.5");
}

static void
test_results_duplicates_and_corrections (StCliFixture  *fixture,
                                         gconstpointer  data)
{
  /* LOT-0001 has every result: a second entry must be a correction. */
  REFUSED (fixture, "operator", "viability", "already recorded in lot LOT-0001",
           "result", "record", ST_CLI_TEST_LOT, "viability", "93");
  REFUSED (fixture, "operator", "reason", "required",
           "result", "correct", ST_CLI_TEST_LOT, "viability", "93");
  REFUSED (fixture, "operator", "reason", "required",
           "result", "correct", ST_CLI_TEST_LOT, "viability", "93", "--reason", "");
  REFUSED (fixture, "operator", "reason", "needs a reason",
           "result", "correct", ST_CLI_TEST_LOT, "viability", "93", "--reason", "   ");
  REFUSED (fixture, "operator", "viability", "105 is above 100 %",
           "result", "correct", ST_CLI_TEST_LOT, "viability", "105", "--reason", "typo");
}

static void
test_passages (StCliFixture  *fixture,
               gconstpointer  data)
{
  g_autofree char *future = date_from_today (2);
  g_autofree char *later = date_from_today (9);

#define PASSAGE(number, seeded, harvested, seeded_on, harvested_on) \
  "passage", "add", ST_CLI_TEST_LOT, number, "--seeded", seeded, "--harvested", harvested, \
  "--seeded-on", seeded_on, "--harvested-on", harvested_on

  REFUSED (fixture, "operator", "passage", "0 is below 1",
           PASSAGE ("0", "1000000", "2000000", "2026-03-01", "2026-03-08"));
  REFUSED (fixture, "operator", "passage", "'2.5' is not a whole number",
           PASSAGE ("2.5", "1000000", "2000000", "2026-03-01", "2026-03-08"));
  REFUSED (fixture, "operator", "passage", "'three' is not a whole number",
           PASSAGE ("three", "1000000", "2000000", "2026-03-01", "2026-03-08"));
  REFUSED (fixture, "operator", "seeded", "0 is not a positive number",
           PASSAGE ("3", "0", "2000000", "2026-03-01", "2026-03-08"));
  REFUSED (fixture, "operator", "harvested", "0 is not a positive number",
           PASSAGE ("3", "1000000", "0", "2026-03-01", "2026-03-08"));
  REFUSED (fixture, "operator", "seeded", "-5 is not a positive number",
           PASSAGE ("3", "-5", "2000000", "2026-03-01", "2026-03-08"));
  REFUSED (fixture, "operator", "seeded", "'1e6' is not a whole number",
           PASSAGE ("3", "1e6", "2000000", "2026-03-01", "2026-03-08"));
  REFUSED (fixture, "operator", "seeded", "a value is required",
           PASSAGE ("3", "", "2000000", "2026-03-01", "2026-03-08"));
  REFUSED (fixture, "operator", "harvested-on", "2026-03-01 is before seeded-on 2026-03-08",
           PASSAGE ("3", "1000000", "2000000", "2026-03-08", "2026-03-01"));
  REFUSED (fixture, "operator", "seeded-on", "is in the future",
           PASSAGE ("3", "1000000", "2000000", future, later));
  REFUSED (fixture, "operator", "seeded-on", "'2026-02-30' is not a date",
           PASSAGE ("3", "1000000", "2000000", "2026-02-30", "2026-03-08"));
  REFUSED (fixture, "operator", "harvested-on", "'08.03.2026' is not a date",
           PASSAGE ("3", "1000000", "2000000", "2026-03-01", "08.03.2026"));
  REFUSED (fixture, "operator", "passage", "LOT-0001 already has passage 2",
           PASSAGE ("2", "1000000", "2000000", "2026-03-01", "2026-03-08"));
  REFUSED (fixture, "operator", "lot", "no lot 'LOT-9999'",
           "passage", "add", "LOT-9999", "1", "--seeded", "1000000", "--harvested", "2000000",
           "--seeded-on", "2026-03-01", "--harvested-on", "2026-03-08");
#undef PASSAGE
}

static void
test_donors (StCliFixture  *fixture,
             gconstpointer  data)
{
  g_autofree char *future = date_from_today (2);
  g_autofree char *year = next_year ();

  REFUSED (fixture, "operator", "donor", "'D-0001' already exists",
           "donor", "add", ST_CLI_TEST_DONOR, "--birth-year", "1985", "--sex", "female");
  REFUSED (fixture, "operator", "birth-year", "1850 is below 1900",
           "donor", "add", "D-0002", "--birth-year", "1850", "--sex", "female");
  REFUSED (fixture, "operator", "birth-year", "is above",
           "donor", "add", "D-0002", "--birth-year", year, "--sex", "female");
  REFUSED (fixture, "operator", "birth-year", "'19x5' is not a whole number",
           "donor", "add", "D-0002", "--birth-year", "19x5", "--sex", "female");
  REFUSED (fixture, "operator", "birth-year", "a value is required",
           "donor", "add", "D-0002", "--birth-year", "", "--sex", "female");
  REFUSED (fixture, "operator", "sex", "'other' is not one of female, male",
           "donor", "add", "D-0002", "--birth-year", "1985", "--sex", "other");
  REFUSED (fixture, "operator", "consent-date", "is in the future",
           "donor", "add", "D-0002", "--birth-year", "1985", "--sex", "male", "--consent-date", future);
  REFUSED (fixture, "operator", "consent-date", "'2026-02-30' is not a date",
           "donor", "add", "D-0002", "--birth-year", "1985", "--sex", "male", "--consent-date", "2026-02-30");

  REFUSED (fixture, "operator", "donor", "no donor 'D-9999'",
           "donor", "test", "D-9999", "hiv", "negative");
  REFUSED (fixture, "operator", "marker", "'ebola' is not one of hiv, hbsag",
           "donor", "test", ST_CLI_TEST_DONOR, "ebola", "negative");
  REFUSED (fixture, "operator", "result", "'maybe' is not one of negative, positive, indeterminate",
           "donor", "test", ST_CLI_TEST_DONOR, "hiv", "maybe");
  REFUSED (fixture, "operator", "sampled-on", "is in the future",
           "donor", "test", ST_CLI_TEST_DONOR, "hiv", "negative", "--sampled-on", future);
  REFUSED (fixture, "operator", "sampled-on", "'2026-02-30' is not a date",
           "donor", "test", ST_CLI_TEST_DONOR, "hiv", "negative", "--sampled-on", "2026-02-30");
  REFUSED (fixture, "operator", "donor", "no donor 'D-9999'",
           "donor", "show", "D-9999");
}

static void
test_lots_and_lists (StCliFixture  *fixture,
                     gconstpointer  data)
{
  REFUSED (fixture, "operator", "lot", "'LOT-0001' already exists",
           "lot", "create", ST_CLI_TEST_LOT, "--donor", ST_CLI_TEST_DONOR);
  REFUSED (fixture, "operator", "donor", "no donor 'D-9999'",
           "lot", "create", "LOT-0002", "--donor", "D-9999");
  REFUSED (fixture, "operator", "lot", "no lot 'LOT-9999'",
           "lot", "show", "LOT-9999");
  REFUSED (fixture, "operator", "lot", "no lot 'LOT-9999'",
           "lot", "check", "LOT-9999");
  REFUSED (fixture, "operator", "status", "'bogus' is not one of open, in_review",
           "lot", "list", "--status", "bogus");
  REFUSED (fixture, "operator", "class", "'huge' is not one of minor, major, critical",
           "deviation", "open", ST_CLI_TEST_LOT, "--class", "huge", "--text", "Label smudged");
  REFUSED (fixture, "operator", "lot", "no lot 'LOT-9999'",
           "deviation", "open", "LOT-9999", "--class", "minor", "--text", "Label smudged");
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  st_cli_test_init ();
#define ADD(path, func) \
  g_test_add (path, StCliFixture, NULL, st_cli_fixture_set_up, func, st_cli_fixture_tear_down)
  ADD ("/cli/input/results-outside-bounds", test_results_outside_bounds);
  ADD ("/cli/input/results-not-numbers-or-words", test_results_not_numbers_or_words);
  ADD ("/cli/input/results-duplicates-and-corrections", test_results_duplicates_and_corrections);
  ADD ("/cli/input/passages", test_passages);
  ADD ("/cli/input/donors", test_donors);
  ADD ("/cli/input/lots-and-lists", test_lots_and_lists);
#undef ADD
  return g_test_run ();
}
