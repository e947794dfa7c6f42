/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "st-cli-commands.h"
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
  const GOptionEntry entries[] = {
    { "admin", 0, 0, G_OPTION_ARG_STRING, &admin, N_("The first administrator's user name"), N_("NAME") },
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
    };
    session = st_site_create (location, &setup, &error);
  }
  if (session == NULL)
    return st_cli_fail (error);
  g_print (_("Created %s: site '%s', administrator %s, specification MSC-REL version 1 (approved).\n"),
           location, site ? site : _("Stroma site"), admin);
  return ST_EXIT_OK;
}
