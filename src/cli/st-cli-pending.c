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
int st_cli_lot_submit (StCli *cli, int argc, char **argv) { return pending (argv[0]); }
int st_cli_lot_review (StCli *cli, int argc, char **argv) { return pending (argv[0]); }
int st_cli_lot_reject (StCli *cli, int argc, char **argv) { return pending (argv[0]); }
int st_cli_lot_release (StCli *cli, int argc, char **argv) { return pending (argv[0]); }
int st_cli_spec_list (StCli *cli, int argc, char **argv) { return pending (argv[0]); }
int st_cli_spec_show (StCli *cli, int argc, char **argv) { return pending (argv[0]); }
int st_cli_spec_import (StCli *cli, int argc, char **argv) { return pending (argv[0]); }
int st_cli_spec_approve (StCli *cli, int argc, char **argv) { return pending (argv[0]); }
int st_cli_pki_export_ca (StCli *cli, int argc, char **argv) { return pending (argv[0]); }
int st_cli_pki_import (StCli *cli, int argc, char **argv) { return pending (argv[0]); }
int st_cli_cert_verify (StCli *cli, int argc, char **argv) { return pending (argv[0]); }
int st_cli_export_xlsx (StCli *cli, int argc, char **argv) { return pending (argv[0]); }
