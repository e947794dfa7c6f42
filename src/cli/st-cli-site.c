/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>
#include <glib/gstdio.h>
#include <unistd.h>

#include "st-cli-commands.h"
#include "st-backup.h"
#include "st-demo.h"
#include "st-site.h"

int
st_cli_init (StCli  *cli,
             int     argc,
             char  **argv)
{
  g_autofree char *admin = NULL;
  g_autofree char *full_name = NULL;
  g_autofree char *site = NULL;
  g_autofree char *language = NULL;
  g_autofree char *address = NULL;
  g_autofree char *authorisation = NULL;
  const GOptionEntry entries[] = {
    { "admin", 0, 0, G_OPTION_ARG_STRING, &admin, N_("The first administrator's user name"), N_("NAME") },
    { "address", 0, 0, G_OPTION_ARG_STRING, &address, N_("The site's address, printed on certificates"),
      N_("TEXT") },
    { "authorisation", 0, 0, G_OPTION_ARG_STRING, &authorisation,
      N_("Manufacturing authorisation, clinical-trial or hospital-exemption number, printed on certificates"),
      N_("TEXT") },
    { "full-name", 0, 0, G_OPTION_ARG_STRING, &full_name, N_("The administrator's printed name"), N_("TEXT") },
    { "site", 0, 0, G_OPTION_ARG_STRING, &site, N_("The site's name (default: Stroma site)"), N_("TEXT") },
    { "cert-language", 0, 0, G_OPTION_ARG_STRING, &language,
      N_("Language of batch certificates: en, or de for German/English"), N_("en|de") },
    { NULL }
  };
  g_autoptr(StSession) session = NULL;
  g_autoptr(StSecret) password = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *folder = NULL;
  g_autofree char *shown = NULL;
  const char *location;
  gboolean default_location;
  int status;

  if (!st_cli_parse ("init", NULL, _("Create a site database with its first administrator."),
                     entries, &argc, &argv, &status)
      || !st_cli_expect_args ("init", argc, argv, 0, "", &status))
    return status;
  if (admin == NULL)
    return st_cli_usage (_("init: --admin NAME is required"));
  if (!st_site_check_username (admin, &error))
    return st_cli_fail (error);

  /* The default location's folder is made for a first site; a folder named
   * with --db or $STROMA_DB must exist already. */
  default_location = cli->db == NULL && (g_getenv ("STROMA_DB") == NULL || *g_getenv ("STROMA_DB") == '\0');
  location = st_cli_db_location (cli);
  if (default_location)
    {
      folder = g_path_get_dirname (location);
      g_mkdir_with_parents (folder, 0700);
    }
  password = st_cli_new_password (admin, &error);
  if (password == NULL)
    return st_cli_fail (error);
  {
    StSiteSetup setup = {
      .site_name = site ? site : _("Stroma site"),
      .cert_language = language,
      .admin_username = admin,
      .admin_full_name = full_name,
      .admin_password = password,
      .address = address,
      .authorisation = authorisation,
    };
    session = st_site_create (location, &setup, &error);
  }
  if (session == NULL)
    return st_cli_fail (error);
  shown = st_db_location_display (location);
  g_print (_("Created %s: site '%s', administrator %s, specification MSC-REL version 1 (approved).\n"),
           shown, site ? site : _("Stroma site"), admin);
  return ST_EXIT_OK;
}

static void
show_progress (guint    done,
               guint    total,
               gpointer user_data)
{
  if (isatty (STDERR_FILENO))
    {
      g_printerr ("\r");
      g_printerr (_("Making lots: %u of %u"), done, total);
    }
}

int
st_cli_demo (StCli  *cli,
             int     argc,
             char  **argv)
{
  static const char *const status_names[] = {
    "open", "in_review", "reviewed", "released", "released_initial", "released_exceptional", "rejected",
  };
  gint lots = 40;
  const GOptionEntry entries[] = {
    { "lots", 0, 0, G_OPTION_ARG_INT, &lots, N_("How many lots (default 40)"), N_("N") },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  StDemoSummary summary = { 0 };
  g_autofree char *shown = NULL;
  const char *location;
  int status;

  if (!st_cli_parse ("demo", NULL, _("Create a database filled with a realistic demo site (users admin, operator, "
                     "operator2, reviewer and qp; password demo-password)."), entries, &argc, &argv, &status)
      || !st_cli_expect_args ("demo", argc, argv, 0, "", &status))
    return status;
  if (lots < 1 || lots > 1000000)
    return st_cli_usage (_("lots: %d is not between 1 and 1000000"), lots);
  location = st_cli_db_location (cli);
  if (!st_demo_create (location, (guint) lots, show_progress, NULL, &summary, &error))
    {
      if (isatty (STDERR_FILENO))
        g_printerr ("\n");
      return st_cli_fail (error);
    }
  if (isatty (STDERR_FILENO))
    g_printerr ("\n");
  shown = st_db_location_display (location);
  g_print (_("Created the demo site %s:\n"), shown);
  g_print (_("  %u users (admin, operator, operator2, reviewer, qp; password %s)\n"), summary.users,
           ST_DEMO_PASSWORD);
  g_print (_("  %u donors\n"), summary.donors);
  g_print (_("  %u lots:"), summary.lots);
  for (guint i = 0; i < G_N_ELEMENTS (status_names); i++)
    if (summary.status_counts[i] > 0)
      g_print (" %u %s", summary.status_counts[i], status_names[i]);
  g_print ("\n");
  g_print (_("  %u batch certificates, %u deviations\n"), summary.certificates, summary.deviations);
  return ST_EXIT_OK;
}

int
st_cli_backup (StCli  *cli,
               int     argc,
               char  **argv)
{
  g_autoptr(GError) error = NULL;
  StBackupReport report = { 0 };
  int status;

  if (!st_cli_parse ("backup", N_("FILE"), _("Write a consistent copy of the live database while others keep "
                     "working, then check the copy on its own (administrators)."), NULL, &argc, &argv, &status)
      || !st_cli_expect_args ("backup", argc, argv, 1, N_("FILE"), &status))
    return status;
  if (!st_cli_sign_in (cli, &error) || !st_backup_create (cli->session, argv[1], &report, &error))
    return st_cli_fail (error);
  g_print (_("Backed up to %s: %" PRId64 " bytes, integrity ok, %" PRId64
             " audit entries verified, SHA-256 %s\n"), argv[1], report.bytes, report.audit_entries, report.sha256);
  st_backup_report_clear (&report);
  return ST_EXIT_OK;
}
