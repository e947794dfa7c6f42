/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>

#include "st-cli-commands.h"
#include "st-deviations.h"

int
st_cli_deviation_open (StCli  *cli,
                       int     argc,
                       char  **argv)
{
  g_autofree char *severity = NULL;
  g_autofree char *text = NULL;
  const GOptionEntry entries[] = {
    { "class", 0, 0, G_OPTION_ARG_STRING, &severity, N_("minor, major or critical"), N_("CLASS") },
    { "text", 0, 0, G_OPTION_ARG_STRING, &text, N_("What happened"), N_("TEXT") },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  gint64 number = 0;
  int status;

  if (!st_cli_parse ("deviation open", N_("LOT"), _("Open a deviation; prints its number."), entries,
                     &argc, &argv, &status)
      || !st_cli_expect_args ("deviation open", argc, argv, 1, N_("LOT"), &status))
    return status;
  if (severity == NULL)
    return st_cli_usage (_("class: --class minor|major|critical is required"));
  if (text == NULL)
    return st_cli_usage (_("text: --text TEXT is required"));
  if (!st_cli_sign_in (cli, &error)
      || !st_deviations_open (cli->session, argv[1], severity, text, &number, &error))
    return st_cli_fail (error);
  g_print ("%" G_GINT64_FORMAT "\n", number);
  return ST_EXIT_OK;
}

int
st_cli_deviation_close (StCli  *cli,
                        int     argc,
                        char  **argv)
{
  g_autofree char *assessment = NULL;
  const GOptionEntry entries[] = {
    { "assessment", 0, 0, G_OPTION_ARG_STRING, &assessment, N_("The assessment (required)"), N_("TEXT") },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  char *end = NULL;
  gint64 number;
  int status;

  if (!st_cli_parse ("deviation close", N_("N"), _("Close a deviation with its assessment (reviewer or QP)."),
                     entries, &argc, &argv, &status)
      || !st_cli_expect_args ("deviation close", argc, argv, 1, N_("N"), &status))
    return status;
  number = g_ascii_strtoll (argv[1], &end, 10);
  if (end == argv[1] || *end != '\0' || number <= 0)
    return st_cli_usage (_("deviation: '%s' is not a deviation number"), argv[1]);
  if (assessment == NULL)
    return st_cli_usage (_("assessment: --assessment TEXT is required"));
  if (!st_cli_sign_in (cli, &error) || !st_deviations_close (cli->session, number, assessment, &error))
    return st_cli_fail (error);
  g_print (_("Closed deviation %" PRId64 ".\n"), number);
  return ST_EXIT_OK;
}

int
st_cli_deviation_list (StCli  *cli,
                       int     argc,
                       char  **argv)
{
  g_autofree char *lot = NULL;
  const GOptionEntry entries[] = {
    { "lot", 0, 0, G_OPTION_ARG_STRING, &lot, N_("Only this lot's deviations"), N_("LOT") },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;
  int status;

  if (!st_cli_parse ("deviation list", NULL, _("List deviations."), entries, &argc, &argv, &status)
      || !st_cli_expect_args ("deviation list", argc, argv, 0, "", &status))
    return status;
  if (!st_cli_sign_in (cli, &error) || (list = st_deviations_list (cli->session, lot, &error)) == NULL)
    return st_cli_fail (error);

  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_array (builder);
      for (guint i = 0; i < list->len; i++)
        {
          const StDeviationRecord *d = g_ptr_array_index (list, i);
          json_builder_begin_object (builder);
          st_cli_json_int (builder, "number", d->number);
          st_cli_json_string (builder, "lot", d->lot_number);
          st_cli_json_string (builder, "class", d->severity);
          st_cli_json_string (builder, "status", d->status);
          st_cli_json_string (builder, "text", d->text);
          st_cli_json_string (builder, "assessment", d->assessment);
          st_cli_json_string (builder, "opened_by", d->opened_by_name);
          st_cli_json_string (builder, "opened_at", d->opened_at);
          st_cli_json_string (builder, "closed_by", d->closed_by_name);
          st_cli_json_string (builder, "closed_at", d->closed_at);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      root = json_builder_get_root (builder);
      st_cli_print_json (root);
      return ST_EXIT_OK;
    }
  g_print ("%-6s %-20s %-9s %-7s %s\n", _("NO."), _("LOT"), _("CLASS"), _("STATUS"), _("TEXT"));
  for (guint i = 0; i < list->len; i++)
    {
      const StDeviationRecord *d = g_ptr_array_index (list, i);
      g_print ("%-6" G_GINT64_FORMAT " %-20s %-9s %-7s %s\n", d->number, d->lot_number, d->severity, d->status,
               d->text);
      if (d->assessment != NULL)
        g_print (_("       assessment (%s, %s): %s\n"), d->closed_by_name, d->closed_at, d->assessment);
    }
  return ST_EXIT_OK;
}
