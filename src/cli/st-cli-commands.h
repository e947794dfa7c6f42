/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "st-cli.h"

G_BEGIN_DECLS

/* st-cli-site.c */
int st_cli_init             (StCli *cli, int argc, char **argv);
int st_cli_demo             (StCli *cli, int argc, char **argv);
int st_cli_backup           (StCli *cli, int argc, char **argv);
int st_cli_migrate_to       (StCli *cli, int argc, char **argv);
/* st-cli-users.c */
int st_cli_user_add         (StCli *cli, int argc, char **argv);
int st_cli_user_list        (StCli *cli, int argc, char **argv);
int st_cli_user_disable     (StCli *cli, int argc, char **argv);
int st_cli_user_unlock      (StCli *cli, int argc, char **argv);
int st_cli_user_passwd      (StCli *cli, int argc, char **argv);
/* st-cli-donors.c */
int st_cli_donor_add        (StCli *cli, int argc, char **argv);
int st_cli_donor_test       (StCli *cli, int argc, char **argv);
int st_cli_donor_show       (StCli *cli, int argc, char **argv);
int st_cli_donor_list       (StCli *cli, int argc, char **argv);
/* st-cli-lots.c */
int st_cli_lot_create       (StCli *cli, int argc, char **argv);
int st_cli_lot_list         (StCli *cli, int argc, char **argv);
int st_cli_lot_show         (StCli *cli, int argc, char **argv);
int st_cli_lot_check        (StCli *cli, int argc, char **argv);
int st_cli_passage_add      (StCli *cli, int argc, char **argv);
int st_cli_result_record    (StCli *cli, int argc, char **argv);
int st_cli_result_correct   (StCli *cli, int argc, char **argv);
/* st-cli-workflow.c */
int st_cli_lot_submit       (StCli *cli, int argc, char **argv);
int st_cli_lot_review       (StCli *cli, int argc, char **argv);
int st_cli_lot_reject       (StCli *cli, int argc, char **argv);
int st_cli_lot_release      (StCli *cli, int argc, char **argv);
/* st-cli-deviations.c */
int st_cli_deviation_open   (StCli *cli, int argc, char **argv);
int st_cli_deviation_close  (StCli *cli, int argc, char **argv);
int st_cli_deviation_list   (StCli *cli, int argc, char **argv);
/* st-cli-specs.c */
int st_cli_spec_list        (StCli *cli, int argc, char **argv);
int st_cli_spec_show        (StCli *cli, int argc, char **argv);
int st_cli_spec_import      (StCli *cli, int argc, char **argv);
int st_cli_spec_approve     (StCli *cli, int argc, char **argv);
/* st-cli-pki.c */
int st_cli_pki_export_ca    (StCli *cli, int argc, char **argv);
int st_cli_pki_import       (StCli *cli, int argc, char **argv);
int st_cli_cert_verify      (StCli *cli, int argc, char **argv);
/* st-cli-export.c */
int st_cli_export_xlsx      (StCli *cli, int argc, char **argv);
/* st-cli-audit.c */
int st_cli_audit_verify     (StCli *cli, int argc, char **argv);
int st_cli_audit_show       (StCli *cli, int argc, char **argv);

G_END_DECLS
