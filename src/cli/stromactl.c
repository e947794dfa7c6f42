/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "st-cli.h"
#include "st-cli-commands.h"
#include "st-i18n.h"

static const StCliCommand commands[] = {
  { "init", N_("Create a site database with its first administrator"), st_cli_init },
  { "demo", N_("Create a database filled with a realistic demo site"), st_cli_demo },
  { "user add", N_("Add a user"), st_cli_user_add },
  { "user list", N_("List the users"), st_cli_user_list },
  { "user disable", N_("Disable a user"), st_cli_user_disable },
  { "user unlock", N_("Unlock a user locked after failed sign-ins"), st_cli_user_unlock },
  { "user passwd", N_("Change your password, or reset another user's"), st_cli_user_passwd },
  { "donor add", N_("Register a donor"), st_cli_donor_add },
  { "donor test", N_("Record a donor's infectious-marker test"), st_cli_donor_test },
  { "donor show", N_("Show a donor with eligibility"), st_cli_donor_show },
  { "donor list", N_("List the donors"), st_cli_donor_list },
  { "lot create", N_("Create a lot from one or more donors"), st_cli_lot_create },
  { "lot list", N_("List the lots"), st_cli_lot_list },
  { "lot show", N_("Show a lot's record"), st_cli_lot_show },
  { "lot check", N_("Evaluate a lot against its specification"), st_cli_lot_check },
  { "lot submit", N_("Submit a lot for review"), st_cli_lot_submit },
  { "lot review", N_("Sign a lot as reviewed"), st_cli_lot_review },
  { "lot reject", N_("Reject a lot"), st_cli_lot_reject },
  { "lot release", N_("Certify a lot for release and write its certificate"), st_cli_lot_release },
  { "passage add", N_("Record a passage"), st_cli_passage_add },
  { "result record", N_("Record a result"), st_cli_result_record },
  { "result correct", N_("Correct a result, keeping the old value"), st_cli_result_correct },
  { "deviation open", N_("Open a deviation"), st_cli_deviation_open },
  { "deviation close", N_("Close a deviation with its assessment"), st_cli_deviation_close },
  { "deviation list", N_("List deviations"), st_cli_deviation_list },
  { "spec list", N_("List the specifications"), st_cli_spec_list },
  { "spec show", N_("Show a specification version"), st_cli_spec_show },
  { "spec import", N_("Import a specification file as a new draft version"), st_cli_spec_import },
  { "spec approve", N_("Approve a draft specification version (signature)"), st_cli_spec_approve },
  { "pki export-ca", N_("Write the site CA certificate"), st_cli_pki_export_ca },
  { "pki import", N_("Import your signing certificate and key from a PKCS#12 file"), st_cli_pki_import },
  { "cert verify", N_("Verify a signed batch certificate"), st_cli_cert_verify },
  { "export xlsx", N_("Write the regulator's Excel workbook"), st_cli_export_xlsx },
  { "audit verify", N_("Verify the audit trail"), st_cli_audit_verify },
  { "audit show", N_("Show the audit trail"), st_cli_audit_show },
  { "backup", N_("Write a verified copy of the database"), st_cli_backup },
  { "migrate-to", N_("Copy this site into an empty PostgreSQL database"), st_cli_migrate_to },
};

static char *
commands_description (void)
{
  GString *text = g_string_new (_("Commands:"));

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    g_string_append_printf (text, "\n  %-16s %s", commands[i].name, _(commands[i].summary));
  g_string_append (text, "\n\n");
  g_string_append (text, _("Exit status: 0 done (or yes), 1 no (does not conform, does not verify),\n"
                           "2 invalid input, 3 not permitted, 4 storage or system failure.\n"
                           "Run 'stromactl COMMAND --help' for a command's options."));
  return g_string_free (text, FALSE);
}

static const StCliCommand *
find_command (int     argc,
              char  **argv,
              int    *words)
{
  /* Two-word commands first ("lot create"), then one-word ("init"). */
  if (argc >= 2)
    {
      g_autofree char *two = g_strconcat (argv[0], " ", argv[1], NULL);
      for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
        if (g_str_equal (commands[i].name, two))
          {
            *words = 2;
            return &commands[i];
          }
    }
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (argc >= 1 && g_str_equal (commands[i].name, argv[0]))
      {
        *words = 1;
        return &commands[i];
      }
  return NULL;
}

int
main (int   argc,
      char *argv[])
{
  StCli cli = { 0 };
  gboolean version = FALSE;
  const GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &cli.db,
      N_("The database: a file, or a postgresql:// URI (default $STROMA_DB)"), N_("PATH") },
    { "user", 0, 0, G_OPTION_ARG_STRING, &cli.user, N_("The acting user (default $STROMA_USER)"), N_("NAME") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &cli.json, N_("Answer as one JSON document"), NULL },
    { "version", 0, 0, G_OPTION_ARG_NONE, &version, N_("Print the version"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *description = NULL;
  g_auto(GStrv) args = NULL;
  const StCliCommand *command;
  int words = 0;
  int status;

  setlocale (LC_ALL, "");
  /* Numbers on the command line use '.' in every locale (CLI.md). */
  setlocale (LC_NUMERIC, "C");
  st_i18n_init ();
  textdomain (GETTEXT_PACKAGE);
#ifdef ST_MEMCHECK_BUILD
  /* Its password derivation is weak on purpose: never for use. */
  g_printerr ("This build is only for running the tests under valgrind.\n");
  return 4;
#endif

  context = g_option_context_new (_("COMMAND [ARGS…]"));
  g_option_context_set_summary (context, _("Stroma: GMP batch records and release of MSC lots."));
  description = commands_description ();
  g_option_context_set_description (context, description);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  /* Global options come before the command; the command parses the rest. */
  g_option_context_set_strict_posix (context, TRUE);
  args = g_strdupv (argv);
  if (!g_option_context_parse_strv (context, &args, &error))
    return st_cli_usage ("%s", error->message);
  if (version)
    {
      g_print ("stromactl %s\n", PACKAGE_VERSION);
      return ST_EXIT_OK;
    }

  command = find_command (g_strv_length (args) - 1, args + 1, &words);
  if (command == NULL)
    {
      if (args[1] == NULL)
        {
          g_autofree char *help = g_option_context_get_help (context, TRUE, NULL);
          g_printerr ("%s", help);
          return ST_EXIT_USAGE;
        }
      return st_cli_usage (_("%s: unknown command; see stromactl --help"), args[1]);
    }

  {
    /* argv[0] of the command is its name, as GOptionContext expects. */
    int sub_argc = g_strv_length (args) - words;
    g_auto(GStrv) sub_argv = g_new0 (char *, sub_argc + 1);

    sub_argv[0] = g_strdup (command->name);
    for (int i = 1; i < sub_argc; i++)
      sub_argv[i] = g_strdup (args[i + words]);
    status = command->run (&cli, sub_argc, sub_argv);
  }

  g_clear_object (&cli.session);
  g_free (cli.db);
  g_free (cli.user);
  return status;
}
