/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>

#include "st-cli-commands.h"
#include "st-export.h"

static void
print_result (StCli                *cli,
              const char           *path,
              const StExportResult *result)
{
  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (builder);
      st_cli_json_string (builder, "file", path);
      st_cli_json_string (builder, "sha256", result->sha256);
      st_cli_json_string (builder, "signature", result->p7s_path);
      st_cli_json_int (builder, "cells", result->cells);
      json_builder_set_member_name (builder, "sheets");
      json_builder_begin_object (builder);
      for (int i = 0; i < ST_EXPORT_N_SHEETS; i++)
        st_cli_json_int (builder, st_export_sheet_name (i), result->rows[i]);
      json_builder_end_object (builder);
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      st_cli_print_json (root);
      return;
    }
  g_print (_("Wrote %s: %" PRId64 " lots, %" PRId64 " results, %" PRId64
             " audit entries (%" PRId64 " cells).\n"),
           path, result->rows[ST_EXPORT_SHEET_LOTS], result->rows[ST_EXPORT_SHEET_RESULTS],
           result->rows[ST_EXPORT_SHEET_AUDIT], result->cells);
  g_print (_("SHA-256 %s\n"), result->sha256);
  if (result->p7s_path != NULL)
    g_print (_("Signature %s\n"), result->p7s_path);
}

int
st_cli_export_xlsx (StCli  *cli,
                    int     argc,
                    char  **argv)
{
  g_auto(GStrv) lots = NULL;
  g_autofree char *since = NULL;
  g_autofree char *until = NULL;
  gboolean sign = FALSE;
  const GOptionEntry entries[] = {
    { "lot", 0, 0, G_OPTION_ARG_STRING_ARRAY, &lots, N_("Only this lot; repeat for more (default: every lot)"),
      N_("LOT") },
    { "since", 0, 0, G_OPTION_ARG_STRING, &since, N_("Only lots created on or after this date"), N_("DATE") },
    { "until", 0, 0, G_OPTION_ARG_STRING, &until, N_("Only lots created on or before this date"), N_("DATE") },
    { "sign", 0, 0, G_OPTION_ARG_NONE, &sign, N_("Also write FILE.p7s, your detached signature"), NULL },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(StSecret) password = NULL;
  StExportResult result = { 0 };
  StExportScope scope;
  int status;

  if (!st_cli_parse ("export xlsx", N_("FILE"), _("Write the regulator's Excel workbook."), entries,
                     &argc, &argv, &status)
      || !st_cli_expect_args ("export xlsx", argc, argv, 1, N_("FILE"), &status))
    return status;
  if (!st_cli_sign_in (cli, &error))
    return st_cli_fail (error);
  /* Refused before the password is asked for: no certificate, no signature. */
  if (sign && (!st_export_check_signing (cli->session, &error)
               || (password = st_cli_signing_password (cli, &error)) == NULL))
    return st_cli_fail (error);

  scope = (StExportScope) {
    .lots = (const char *const *) lots, .since = since, .until = until, .sign = sign, .password = password,
  };
  if (!st_export_xlsx (cli->session, &scope, argv[1], NULL, NULL, NULL, &result, &error))
    return st_cli_fail (error);
  print_result (cli, argv[1], &result);
  st_export_result_clear (&result);
  return ST_EXIT_OK;
}
