/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>

#include "st-cli-commands.h"
#include "st-trail.h"

int
st_cli_audit_verify (StCli  *cli,
                     int     argc,
                     char  **argv)
{
  g_autoptr(GError) error = NULL;
  StAuditReport report = { 0 };
  int status;

  if (!st_cli_parse ("audit verify", NULL, _("Verify the audit trail link by link and replay it against the "
                     "records; exit 0 when intact."), NULL, &argc, &argv, &status)
      || !st_cli_expect_args ("audit verify", argc, argv, 0, "", &status))
    return status;
  if (!st_cli_sign_in (cli, &error) || !st_trail_verify (cli->session, &report, &error))
    return st_cli_fail (error);

  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (builder);
      st_cli_json_int (builder, "entries", report.entries);
      st_cli_json_bool (builder, "intact", report.intact);
      json_builder_set_member_name (builder, "first_bad");
      if (report.intact)
        json_builder_add_null_value (builder);
      else
        json_builder_add_int_value (builder, report.first_bad);
      st_cli_json_string (builder, "reason", report.reason);
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      st_cli_print_json (root);
    }
  else if (report.intact)
    g_print (_("The audit trail is intact: %" PRId64 " entries, every link and record verified.\n"),
             report.entries);
  else
    g_print (_("The audit trail does NOT verify: first bad entry %" PRId64 ": %s\n"),
             report.first_bad, report.reason);
  status = report.intact ? ST_EXIT_OK : ST_EXIT_NO;
  st_audit_report_clear (&report);
  return status;
}

typedef struct {
  JsonBuilder *builder;
} ShowState;

/* The first @length characters; g_utf8_substring() reads past the end of a
 * shorter text. */
static char *
shorten (const char *text,
         glong       length)
{
  return g_utf8_substring (text, 0, MIN (length, g_utf8_strlen (text, -1)));
}

static gboolean
show_entry (const StAuditEntry  *entry,
            gpointer             user_data,
            GError             **error)
{
  ShowState *state = user_data;

  if (state->builder != NULL)
    {
      JsonBuilder *builder = state->builder;
      json_builder_begin_object (builder);
      st_cli_json_int (builder, "seq", entry->seq);
      st_cli_json_string (builder, "at", entry->at);
      st_cli_json_string (builder, "user", entry->username);
      st_cli_json_string (builder, "action", entry->action);
      st_cli_json_string (builder, "table", entry->table);
      st_cli_json_string (builder, "record", entry->record);
      st_cli_json_string (builder, "lot", entry->lot);
      st_cli_json_string (builder, "field", entry->field);
      st_cli_json_string (builder, "old_value", entry->old_value);
      st_cli_json_string (builder, "new_value", entry->new_value);
      st_cli_json_string (builder, "reason", entry->reason);
      st_cli_json_string (builder, "hash", entry->hash);
      json_builder_end_object (builder);
      return TRUE;
    }

  g_print ("%6" G_GINT64_FORMAT "  %s  %-10s %-16s %s %s", entry->seq, entry->at, entry->username,
           entry->action, entry->table, entry->record);
  if (entry->field != NULL)
    g_print (" %s", entry->field);
  if (entry->old_value != NULL || entry->new_value != NULL)
    {
      /* Long values (a specification document) are shortened for reading. */
      g_autofree char *old_short = entry->old_value ? shorten (entry->old_value, 60) : NULL;
      g_autofree char *new_short = entry->new_value ? shorten (entry->new_value, 60) : NULL;
      g_print (": %s → %s", old_short ? old_short : "∅", new_short ? new_short : "∅");
    }
  if (entry->reason != NULL)
    g_print (_("  (reason: %s)"), entry->reason);
  g_print ("\n");
  return TRUE;
}

int
st_cli_audit_show (StCli  *cli,
                   int     argc,
                   char  **argv)
{
  g_autofree char *lot = NULL;
  const GOptionEntry entries[] = {
    { "lot", 0, 0, G_OPTION_ARG_STRING, &lot, N_("Only the entries of this lot"), N_("LOT") },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  ShowState state = { 0 };
  int status;

  if (!st_cli_parse ("audit show", NULL, _("Show the audit trail, oldest first."), entries, &argc, &argv, &status)
      || !st_cli_expect_args ("audit show", argc, argv, 0, "", &status))
    return status;
  if (!st_cli_sign_in (cli, &error))
    return st_cli_fail (error);
  if (cli->json)
    {
      builder = json_builder_new ();
      json_builder_begin_array (builder);
      state.builder = builder;
    }
  if (!st_trail_foreach (cli->session, lot, show_entry, &state, &error))
    return st_cli_fail (error);
  if (builder != NULL)
    {
      g_autoptr(JsonNode) root = NULL;
      json_builder_end_array (builder);
      root = json_builder_get_root (builder);
      st_cli_print_json (root);
    }
  return ST_EXIT_OK;
}
