/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>

#include "st-cli-commands.h"
#include "st-specs.h"

int
st_cli_spec_list (StCli  *cli,
                  int     argc,
                  char  **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;
  int status;

  if (!st_cli_parse ("spec list", NULL, _("List every specification version."), NULL, &argc, &argv, &status)
      || !st_cli_expect_args ("spec list", argc, argv, 0, "", &status))
    return status;
  if (!st_cli_sign_in (cli, &error) || (list = st_specs_list (cli->session, &error)) == NULL)
    return st_cli_fail (error);

  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_array (builder);
      for (guint i = 0; i < list->len; i++)
        {
          const StSpecRecord *spec = g_ptr_array_index (list, i);
          json_builder_begin_object (builder);
          st_cli_json_string (builder, "code", spec->code);
          st_cli_json_int (builder, "version", spec->version);
          st_cli_json_string (builder, "title", spec->title);
          st_cli_json_string (builder, "status", spec->status);
          st_cli_json_string (builder, "created_at", spec->created_at);
          st_cli_json_string (builder, "approved_by", spec->approved_by_name);
          st_cli_json_string (builder, "approved_at", spec->approved_at);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      root = json_builder_get_root (builder);
      st_cli_print_json (root);
      return ST_EXIT_OK;
    }
  g_print ("%-14s %-8s %-9s %-22s %s\n", _("SPEC"), _("VERSION"), _("STATUS"), _("APPROVED"), _("TITLE"));
  for (guint i = 0; i < list->len; i++)
    {
      const StSpecRecord *spec = g_ptr_array_index (list, i);
      g_print ("%-14s %-8" G_GINT64_FORMAT " %-9s %-22s %s\n", spec->code, spec->version, spec->status,
               spec->approved_at ? spec->approved_at : "—", spec->title);
    }
  return ST_EXIT_OK;
}

static void
print_spec_text (const StSpec *spec)
{
  g_print (_("%s version %" PRId64 " — %s\n"), spec->code, spec->version, spec->title);
  if (spec->approved_at != NULL)
    g_print (_("Status: %s, approved %s%s%s\n"), spec->status, spec->approved_at,
             spec->approved_by ? _(" by ") : "", spec->approved_by ? spec->approved_by : "");
  else
    g_print (_("Status: %s\n"), spec->status);
  g_print ("\n  %-20s %-32s %-16s %s\n", _("PARAM"), _("TEST"), _("UNIT"), _("LIMIT"));
  for (guint i = 0; i < spec->items->len; i++)
    {
      const StSpecItem *item = g_ptr_array_index (spec->items, i);
      g_autofree char *limit = st_spec_item_limit_text (item);
      g_print ("  %-20s %-32s %-16s %s%s%s\n", item->param, item->test, item->unit ? item->unit : "",
               limit, item->may_be_pending ? _(" (may be pending)") : "",
               item->derived ? _(" (derived)") : "");
    }
}

int
st_cli_spec_show (StCli  *cli,
                  int     argc,
                  char  **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(StSpec) spec = NULL;
  int status;

  if (!st_cli_parse ("spec show", N_("CODE[@VERSION]"), _("Show a specification version (CODE: its newest "
                     "approved version); --json prints the document spec import reads."), NULL, &argc, &argv,
                     &status)
      || !st_cli_expect_args ("spec show", argc, argv, 1, N_("CODE[@VERSION]"), &status))
    return status;
  if (!st_cli_sign_in (cli, &error) || (spec = st_specs_get (cli->session, argv[1], &error)) == NULL)
    return st_cli_fail (error);
  if (cli->json)
    {
      g_autoptr(JsonNode) root = st_spec_to_json_node (spec, TRUE);
      st_cli_print_json (root);
    }
  else
    print_spec_text (spec);
  return ST_EXIT_OK;
}

int
st_cli_spec_import (StCli  *cli,
                    int     argc,
                    char  **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;
  gint64 version = 0;
  int status;

  if (!st_cli_parse ("spec import", N_("FILE.json"), _("Import a specification file as the next version of its "
                     "code, a draft (administrator)."), NULL, &argc, &argv, &status)
      || !st_cli_expect_args ("spec import", argc, argv, 1, N_("FILE.json"), &status))
    return status;
  if (!g_file_get_contents (argv[1], &contents, &length, &error))
    {
      if (g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return st_cli_usage (_("file: %s does not exist"), argv[1]);
      g_printerr ("stromactl: %s\n", error->message);
      return ST_EXIT_SYSTEM;
    }
  if (!st_cli_sign_in (cli, &error)
      || !st_specs_import (cli->session, contents, (gssize) length, &version, &error))
    return st_cli_fail (error);
  {
    g_autoptr(StSpec) spec = st_spec_parse (contents, (gssize) length, NULL);
    const char *code = spec ? spec->code : "";

    g_print (_("Imported %s version %" PRId64 " as a draft; a QP approves it with "
               "'stromactl spec approve %s@%" PRId64 "'.\n"), code, version, code, version);
  }
  return ST_EXIT_OK;
}

int
st_cli_spec_approve (StCli  *cli,
                     int     argc,
                     char  **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(StSecret) password = NULL;
  int status;

  if (!st_cli_parse ("spec approve", N_("CODE@VERSION"), _("Approve a draft specification version (QP); asks for the "
                     "password again."), NULL, &argc, &argv, &status)
      || !st_cli_expect_args ("spec approve", argc, argv, 1, N_("CODE@VERSION"), &status))
    return status;
  if (!st_cli_sign_in (cli, &error)
      || (password = st_cli_signing_password (cli, &error)) == NULL
      || !st_specs_approve (cli->session, argv[1], password, &error))
    return st_cli_fail (error);
  g_print (_("Approved %s: signed by %s (%s).\n"), argv[1],
           st_session_get_user (cli->session)->full_name, st_session_get_user (cli->session)->username);
  return ST_EXIT_OK;
}
