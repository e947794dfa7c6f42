/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Temporary: commands whose core is being written; removed as they land. */
#include "config.h"

#include "st-cli-commands.h"

static int
pending (const char *name)
{
  return st_cli_usage ("%s: not available in this build yet", name);
}

int st_cli_migrate_to (StCli *cli, int argc, char **argv) { return pending (argv[0]); }
int st_cli_export_xlsx (StCli *cli, int argc, char **argv) { return pending (argv[0]); }
