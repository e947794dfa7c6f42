/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>

#include "st-cli-commands.h"
#include "st-donors.h"

int
st_cli_donor_add (StCli  *cli,
                  int     argc,
                  char  **argv)
{
  g_autofree char *birth_year = NULL;
  g_autofree char *sex = NULL;
  g_autofree char *consent_date = NULL;
  gboolean htlv_required = FALSE;
  const GOptionEntry entries[] = {
    { "birth-year", 0, 0, G_OPTION_ARG_STRING, &birth_year, N_("Year of birth"), N_("YYYY") },
    { "sex", 0, 0, G_OPTION_ARG_STRING, &sex, N_("female or male"), N_("SEX") },
    { "consent-date", 0, 0, G_OPTION_ARG_STRING, &consent_date, N_("Date of consent"), N_("YYYY-MM-DD") },
    { "htlv-required", 0, 0, G_OPTION_ARG_NONE, &htlv_required,
      N_("The donor is from a high-prevalence area: HTLV-I is tested"), NULL },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  int status;

  if (!st_cli_parse ("donor add", N_("ID"), _("Register a donor (ISBT 128 DIN or the site's donor code)."),
                     entries, &argc, &argv, &status)
      || !st_cli_expect_args ("donor add", argc, argv, 1, N_("ID"), &status))
    return status;
  if (birth_year == NULL)
    return st_cli_usage (_("birth-year: --birth-year YYYY is required"));
  if (sex == NULL)
    return st_cli_usage (_("sex: --sex female|male is required"));
  if (!st_cli_sign_in (cli, &error))
    return st_cli_fail (error);
  {
    StDonorInput input = {
      .code = argv[1], .birth_year = birth_year, .sex = sex, .consent_date = consent_date,
      .htlv_required = htlv_required,
    };
    if (!st_donors_add (cli->session, &input, &error))
      return st_cli_fail (error);
  }
  g_print (_("Added donor %s.\n"), argv[1]);
  return ST_EXIT_OK;
}

int
st_cli_donor_test (StCli  *cli,
                   int     argc,
                   char  **argv)
{
  g_autofree char *sampled_on = NULL;
  const GOptionEntry entries[] = {
    { "sampled-on", 0, 0, G_OPTION_ARG_STRING, &sampled_on, N_("Date the sample was taken (default: today)"),
      N_("YYYY-MM-DD") },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(StDonor) donor = NULL;
  int status;

  if (!st_cli_parse ("donor test", N_("ID MARKER negative|positive|indeterminate"),
                     _("Record a donor's infectious-marker test: hiv, hbsag, anti-hbc, hcv, syphilis, htlv, "
                       "hiv-nat, hbv-nat, hcv-nat."), entries, &argc, &argv, &status)
      || !st_cli_expect_args ("donor test", argc, argv, 3, N_("ID MARKER RESULT"), &status))
    return status;
  if (!st_cli_sign_in (cli, &error)
      || !st_donors_add_test (cli->session, argv[1], argv[2], argv[3], sampled_on, &error)
      || (donor = st_donors_get (cli->session, argv[1], &error)) == NULL)
    return st_cli_fail (error);
  g_print (_("Recorded %s %s for donor %s; the donor is %s.\n"), argv[2], argv[3], argv[1],
           st_eligibility_to_string (donor->eligibility));
  return ST_EXIT_OK;
}

int
st_cli_donor_show (StCli  *cli,
                   int     argc,
                   char  **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(StDonor) donor = NULL;
  int status;

  if (!st_cli_parse ("donor show", N_("ID"), _("Show a donor with tests and eligibility."), NULL, &argc, &argv, &status)
      || !st_cli_expect_args ("donor show", argc, argv, 1, N_("ID"), &status))
    return status;
  if (!st_cli_sign_in (cli, &error) || (donor = st_donors_get (cli->session, argv[1], &error)) == NULL)
    return st_cli_fail (error);

  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (builder);
      st_cli_json_string (builder, "donor", donor->record->code);
      json_builder_set_member_name (builder, "birth_year");
      json_builder_add_int_value (builder, donor->record->birth_year);
      st_cli_json_string (builder, "sex", donor->record->sex);
      st_cli_json_string (builder, "consent_date", donor->record->consent_date);
      json_builder_set_member_name (builder, "htlv_required");
      json_builder_add_boolean_value (builder, donor->record->htlv_required);
      st_cli_json_string (builder, "eligibility", st_eligibility_to_string (donor->eligibility));
      st_cli_json_string (builder, "why", donor->why);
      json_builder_set_member_name (builder, "tests");
      json_builder_begin_array (builder);
      for (guint i = 0; i < donor->tests->len; i++)
        {
          const StDonorTestRecord *test = g_ptr_array_index (donor->tests, i);
          json_builder_begin_object (builder);
          st_cli_json_string (builder, "marker", test->marker);
          st_cli_json_string (builder, "result", test->result);
          st_cli_json_string (builder, "sampled_on", test->sampled_on);
          st_cli_json_string (builder, "entered_by", test->entered_by_name);
          st_cli_json_string (builder, "entered_at", test->entered_at);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      st_cli_json_string (builder, "created_by", donor->record->created_by_name);
      st_cli_json_string (builder, "created_at", donor->record->created_at);
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      st_cli_print_json (root);
      return ST_EXIT_OK;
    }

  g_print (_("Donor %s: born %" PRId64 ", %s, consent %s, HTLV-I %s\n"),
           donor->record->code, donor->record->birth_year, donor->record->sex,
           donor->record->consent_date ? donor->record->consent_date : _("not recorded"),
           donor->record->htlv_required ? _("required") : _("not required"));
  g_print (_("Eligibility: %s (%s)\n"), st_eligibility_to_string (donor->eligibility), donor->why ? donor->why : "");
  for (guint i = 0; i < donor->tests->len; i++)
    {
      const StDonorTestRecord *test = g_ptr_array_index (donor->tests, i);
      g_print ("  %-10s %-14s %s  (%s, %s)\n", test->marker, test->result, test->sampled_on,
               test->entered_by_name, test->entered_at);
    }
  return ST_EXIT_OK;
}

int
st_cli_donor_list (StCli  *cli,
                   int     argc,
                   char  **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) donors = NULL;
  int status;

  if (!st_cli_parse ("donor list", NULL, _("List the donors."), NULL, &argc, &argv, &status)
      || !st_cli_expect_args ("donor list", argc, argv, 0, "", &status))
    return status;
  if (!st_cli_sign_in (cli, &error) || (donors = st_donors_list (cli->session, &error)) == NULL)
    return st_cli_fail (error);

  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_array (builder);
      for (guint i = 0; i < donors->len; i++)
        {
          const StDonorRecord *donor = g_ptr_array_index (donors, i);
          json_builder_begin_object (builder);
          st_cli_json_string (builder, "donor", donor->code);
          json_builder_set_member_name (builder, "birth_year");
          json_builder_add_int_value (builder, donor->birth_year);
          st_cli_json_string (builder, "sex", donor->sex);
          st_cli_json_string (builder, "eligibility", donor->eligibility);
          st_cli_json_string (builder, "created_at", donor->created_at);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      root = json_builder_get_root (builder);
      st_cli_print_json (root);
      return ST_EXIT_OK;
    }
  g_print ("%-20s %-6s %-8s %s\n", _("DONOR"), _("BORN"), _("SEX"), _("ELIGIBILITY"));
  for (guint i = 0; i < donors->len; i++)
    {
      const StDonorRecord *donor = g_ptr_array_index (donors, i);
      g_print ("%-20s %-6" G_GINT64_FORMAT " %-8s %s\n", donor->code, donor->birth_year, donor->sex,
               donor->eligibility);
    }
  return ST_EXIT_OK;
}
