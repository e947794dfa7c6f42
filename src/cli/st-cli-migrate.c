/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>

#include "st-cli-commands.h"
#include "st-migrate.h"

int
st_cli_migrate_to (StCli  *cli,
                   int     argc,
                   char  **argv)
{
  g_autoptr(GError) error = NULL;
  StMigrateReport report = { 0 };
  int status;

  if (!st_cli_parse ("migrate-to", N_("URI"), _("Copy this SQLite site into an empty PostgreSQL database, verify the "
                     "copy and record the move in both audit trails (administrators)."), NULL, &argc, &argv, &status)
      || !st_cli_expect_args ("migrate-to", argc, argv, 1, N_("URI"), &status))
    return status;
  if (!st_cli_sign_in (cli, &error) || !st_migrate_to (cli->session, argv[1], &report, &error))
    return st_cli_fail (error);

  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (builder);
      st_cli_json_string (builder, "target", report.target);
      st_cli_json_int (builder, "tables", report.tables);
      st_cli_json_int (builder, "rows", report.rows);
      st_cli_json_int (builder, "audit_entries", report.audit_entries);
      st_cli_json_bool (builder, "verified", TRUE);
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      st_cli_print_json (root);
    }
  else
    g_print (_("Moved to %s: %u tables, %" PRId64 " rows, %" PRId64 " audit entries verified "
               "in the copy; the move is recorded in both audit trails. Point every workstation at the server "
               "(--db or STROMA_DB) and keep this file as an archive.\n"),
             report.target, report.tables, report.rows, report.audit_entries);
  st_migrate_report_clear (&report);
  return ST_EXIT_OK;
}
