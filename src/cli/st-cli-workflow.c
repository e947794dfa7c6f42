/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "st-cli-commands.h"
#include "st-workflow.h"

/* The signed-in user's name and the time of their newest signature on @lot,
 * for the confirmation line. */
static void
print_signed (StCli       *cli,
              const char  *what,
              const char  *lot)
{
  const StUserRecord *user = st_session_get_user (cli->session);

  g_print (_("%s %s: signed by %s (%s).\n"), what, lot, user->full_name, user->username);
}

int
st_cli_lot_submit (StCli  *cli,
                   int     argc,
                   char  **argv)
{
  g_autoptr(GError) error = NULL;
  int status;

  if (!st_cli_parse ("lot submit", N_("LOT"), _("Submit a lot for review (operator)."), NULL, &argc, &argv, &status)
      || !st_cli_expect_args ("lot submit", argc, argv, 1, N_("LOT"), &status))
    return status;
  if (!st_cli_sign_in (cli, &error) || !st_workflow_submit (cli->session, argv[1], &error))
    return st_cli_fail (error);
  g_print (_("Submitted lot %s for review.\n"), argv[1]);
  return ST_EXIT_OK;
}

int
st_cli_lot_review (StCli  *cli,
                   int     argc,
                   char  **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(StSecret) password = NULL;
  int status;

  if (!st_cli_parse ("lot review", N_("LOT"), _("Sign a lot as reviewed (reviewer); asks for the password again."),
                     NULL, &argc, &argv, &status)
      || !st_cli_expect_args ("lot review", argc, argv, 1, N_("LOT"), &status))
    return status;
  if (!st_cli_sign_in (cli, &error)
      || (password = st_cli_signing_password (cli, &error)) == NULL
      || !st_workflow_review (cli->session, argv[1], password, &error))
    return st_cli_fail (error);
  print_signed (cli, _("Reviewed lot"), argv[1]);
  return ST_EXIT_OK;
}

int
st_cli_lot_reject (StCli  *cli,
                   int     argc,
                   char  **argv)
{
  g_autofree char *reason = NULL;
  const GOptionEntry entries[] = {
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, N_("Why the lot is rejected (required)"), N_("TEXT") },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(StSecret) password = NULL;
  int status;

  if (!st_cli_parse ("lot reject", N_("LOT"), _("Reject a lot that is not released (reviewer or QP); asks for the "
                     "password again."), entries, &argc, &argv, &status)
      || !st_cli_expect_args ("lot reject", argc, argv, 1, N_("LOT"), &status))
    return status;
  if (reason == NULL || *reason == '\0')
    return st_cli_usage (_("reason: --reason TEXT is required to reject a lot"));
  if (!st_cli_sign_in (cli, &error)
      || (password = st_cli_signing_password (cli, &error)) == NULL
      || !st_workflow_reject (cli->session, argv[1], reason, password, &error))
    return st_cli_fail (error);
  print_signed (cli, _("Rejected lot"), argv[1]);
  return ST_EXIT_OK;
}

/* "DIR/LOT-certificate.pdf"; a '/' in a lot number would name a folder. */
static char *
certificate_path (const char *dir,
                  const char *lot)
{
  g_autofree char *safe = g_strdelimit (g_strdup (lot), "/", '_');
  g_autofree char *name = g_strconcat (safe, "-certificate.pdf", NULL);

  return g_build_filename (dir, name, NULL);
}

static gboolean
write_bytes (const char  *path,
             GBytes      *bytes,
             GError     **error)
{
  gsize size = 0;
  const char *data = g_bytes_get_data (bytes, &size);

  if (!g_file_set_contents (path, data, (gssize) size, error))
    return FALSE;
  g_chmod (path, 0644);
  return TRUE;
}

int
st_cli_lot_release (StCli  *cli,
                    int     argc,
                    char  **argv)
{
  g_autofree char *out_dir = NULL;
  gboolean initial = FALSE;
  gboolean exceptional = FALSE;
  gint64 deviation = 0;
  const GOptionEntry entries[] = {
    { "out", 0, 0, G_OPTION_ARG_FILENAME, &out_dir, N_("Folder for LOT-certificate.pdf and its .p7s signature"),
      N_("DIR") },
    { "initial", 0, 0, G_OPTION_ARG_NONE, &initial,
      N_("Initial certification of a staged release: items that may be pending are pending"), NULL },
    { "exceptional", 0, 0, G_OPTION_ARG_NONE, &exceptional,
      N_("Exceptional release of an out-of-specification lot (EU GMP Part IV, 11.5)"), NULL },
    { "deviation", 0, 0, G_OPTION_ARG_INT64, &deviation,
      N_("The closed deviation recording the physician's request and the risk assessment"), N_("N") },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(StSecret) password = NULL;
  g_autoptr(StCertificate) certificate = NULL;
  g_autofree char *pdf_path = NULL;
  g_autofree char *p7s_path = NULL;
  StReleaseMode mode = ST_RELEASE_FULL;
  int status;

  if (!st_cli_parse ("lot release", N_("LOT"), _("Certify a lot for release (QP) and write its signed batch "
                     "certificate; asks for the password again."), entries, &argc, &argv, &status)
      || !st_cli_expect_args ("lot release", argc, argv, 1, N_("LOT"), &status))
    return status;
  if (out_dir == NULL)
    return st_cli_usage (_("out: --out DIR is required (where the certificate is written)"));
  if (!g_file_test (out_dir, G_FILE_TEST_IS_DIR) || g_access (out_dir, W_OK) != 0)
    return st_cli_usage (_("out: '%s' is not a folder that can be written"), out_dir);
  if (initial && exceptional)
    return st_cli_usage (_("release: --initial and --exceptional exclude each other"));
  if (deviation < 0)
    return st_cli_usage (_("deviation: '%" PRId64 "' is not a deviation number"), deviation);
  if (initial)
    mode = ST_RELEASE_INITIAL;
  else if (exceptional)
    mode = ST_RELEASE_EXCEPTIONAL;

  if (!st_cli_sign_in (cli, &error)
      || (password = st_cli_signing_password (cli, &error)) == NULL
      || (certificate = st_workflow_release (cli->session, argv[1], mode, deviation, password, &error)) == NULL)
    return st_cli_fail (error);

  /* The certificate is stored in the database whatever happens here. */
  pdf_path = certificate_path (out_dir, argv[1]);
  p7s_path = g_strconcat (pdf_path, ".p7s", NULL);
  if (!write_bytes (pdf_path, certificate->pdf, &error) || !write_bytes (p7s_path, certificate->cms, &error))
    {
      g_printerr (_("stromactl: certificate: lot %s is %s and its certificate is stored, but it could not be "
                    "written: %s\n"), argv[1], certificate->status, error->message);
      return ST_EXIT_SYSTEM;
    }

  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (builder);
      st_cli_json_string (builder, "lot", certificate->lot_number);
      st_cli_json_string (builder, "status", certificate->status);
      st_cli_json_string (builder, "kind", certificate->kind);
      st_cli_json_string (builder, "signed_at", certificate->signed_at);
      st_cli_json_string (builder, "pdf", pdf_path);
      st_cli_json_string (builder, "p7s", p7s_path);
      st_cli_json_string (builder, "pdf_sha256", certificate->pdf_sha256);
      st_cli_json_string (builder, "record_fingerprint", certificate->record_fingerprint);
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      st_cli_print_json (root);
      return ST_EXIT_OK;
    }
  print_signed (cli, _("Certified lot"), argv[1]);
  g_print (_("Status: %s (%s certificate)\nCertificate: %s\nSignature:   %s\nRecord fingerprint: %s\n"),
           certificate->status, certificate->kind, pdf_path, p7s_path, certificate->record_fingerprint);
  return ST_EXIT_OK;
}
