/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <openssl/crypto.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>

#include "st-certificate.h"
#include "st-cli-commands.h"
#include "st-error.h"
#include "st-keys.h"
#include "st-pki.h"
#include "st-site.h"

int
st_cli_pki_export_ca (StCli  *cli,
                      int     argc,
                      char  **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *pem = NULL;
  g_autofree char *fingerprint = NULL;
  int status;

  if (!st_cli_parse ("pki export-ca", N_("FILE.pem"), _("Write the site CA certificate that verifies every "
                     "signature."), NULL, &argc, &argv, &status)
      || !st_cli_expect_args ("pki export-ca", argc, argv, 1, N_("FILE.pem"), &status))
    return status;
  if (!st_cli_sign_in (cli, &error) || (pem = st_site_ca_cert_pem (cli->session, &error)) == NULL)
    return st_cli_fail (error);
  if (!g_file_set_contents (argv[1], pem, -1, &error))
    {
      g_printerr ("stromactl: %s\n", error->message);
      return ST_EXIT_SYSTEM;
    }
  g_chmod (argv[1], 0644);
  fingerprint = st_pki_cert_fingerprint_sha256 (pem);
  g_print (_("Wrote the site CA certificate to %s\nSHA-256 fingerprint: %s\n"), argv[1], fingerprint);
  return ST_EXIT_OK;
}

/* The PKCS#12 passphrase: $STROMA_P12_PASSWORD, else asked on the terminal
 * without echo. */
static StSecret *
p12_passphrase (const char  *file,
                GError     **error)
{
  const char *env = g_getenv ("STROMA_P12_PASSWORD");
  FILE *tty;
  struct termios saved, quiet;
  char buffer[1024];
  gboolean echo_off = FALSE;
  StSecret *secret = NULL;

  if (env != NULL)
    return g_strdup (env);
  if ((tty = fopen ("/dev/tty", "r+")) == NULL)
    {
      g_set_error (error, ST_CLI_ERROR, ST_CLI_ERROR_NO_PASSWORD,
                   _("pkcs12: no terminal to ask the passphrase on; set STROMA_P12_PASSWORD"));
      return NULL;
    }
  /* Unbuffered: stdio's buffer would keep a copy of the secret after
   * fclose(), where nothing overwrites it. */
  setvbuf (tty, NULL, _IONBF, 0);
  fprintf (tty, _("Passphrase of %s: "), file);
  fflush (tty);
  if (tcgetattr (fileno (tty), &saved) == 0)
    {
      quiet = saved;
      quiet.c_lflag &= ~(tcflag_t) ECHO;
      echo_off = tcsetattr (fileno (tty), TCSAFLUSH, &quiet) == 0;
    }
  if (fgets (buffer, sizeof buffer, tty) != NULL)
    {
      buffer[strcspn (buffer, "\r\n")] = '\0';
      secret = g_strdup (buffer);
    }
  else
    g_set_error (error, ST_CLI_ERROR, ST_CLI_ERROR_NO_PASSWORD, _("pkcs12: no passphrase was entered"));
  OPENSSL_cleanse (buffer, sizeof buffer);
  if (echo_off)
    tcsetattr (fileno (tty), TCSAFLUSH, &saved);
  fprintf (tty, "\n");
  fclose (tty);
  return secret;
}

/* Reads a file named on the command line: a missing one is invalid input,
 * any other failure a system one. */
static GBytes *
read_input (const char *path,
            int        *status)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &contents, &length, &error))
    {
      if (g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        *status = st_cli_usage (_("file: %s does not exist"), path);
      else
        {
          g_printerr ("stromactl: %s\n", error->message);
          *status = ST_EXIT_SYSTEM;
        }
      return NULL;
    }
  return g_bytes_new_take (contents, length);
}

int
st_cli_pki_import (StCli  *cli,
                   int     argc,
                   char  **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) p12 = NULL;
  g_autoptr(StSecret) passphrase = NULL;
  g_autoptr(StSecret) password = NULL;
  int status;

  if (!st_cli_parse ("pki import", N_("FILE.p12"), _("Import your own signing certificate and key from a PKCS#12 "
                     "file of an outside CA (passphrase from $STROMA_P12_PASSWORD, else asked); the key is "
                     "then kept encrypted under your password."), NULL, &argc, &argv, &status)
      || !st_cli_expect_args ("pki import", argc, argv, 1, N_("FILE.p12"), &status))
    return status;
  if ((p12 = read_input (argv[1], &status)) == NULL)
    return status;
  if (!st_cli_sign_in (cli, &error)
      || (passphrase = p12_passphrase (argv[1], &error)) == NULL
      || (password = st_cli_signing_password (cli, &error)) == NULL
      || !st_keys_import_pkcs12 (cli->session, p12, passphrase, password, &error))
    return st_cli_fail (error);
  g_print (_("Imported the signing certificate of %s from %s; earlier keys are retired.\n"),
           st_session_get_user (cli->session)->username, argv[1]);
  return ST_EXIT_OK;
}

static const char *
yes_no (gboolean passed,
        gboolean reached)
{
  if (!reached)
    return _("not checked");
  return passed ? _("yes") : _("NO");
}

int
st_cli_cert_verify (StCli  *cli,
                    int     argc,
                    char  **argv)
{
  g_autofree char *ca_path = NULL;
  const GOptionEntry entries[] = {
    { "ca", 0, 0, G_OPTION_ARG_FILENAME, &ca_path, N_("Trust this CA (PEM) instead of the site CA"), N_("CA.pem") },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(GBytes) p7s = NULL;
  g_autoptr(GBytes) ca = NULL;
  g_autofree char *ca_pem = NULL;
  StCertificateReport report = { 0 };
  gboolean valid;
  int status;

  if (!st_cli_parse ("cert verify", N_("PDF P7S"), _("Verify a batch certificate: its signature, the signer's chain "
                     "to the CA, that this database issued it, and that the certified record is unchanged."),
                     entries, &argc, &argv, &status)
      || !st_cli_expect_args ("cert verify", argc, argv, 2, N_("PDF P7S"), &status))
    return status;
  if ((pdf = read_input (argv[1], &status)) == NULL || (p7s = read_input (argv[2], &status)) == NULL)
    return status;
  if (ca_path != NULL)
    {
      if ((ca = read_input (ca_path, &status)) == NULL)
        return status;
      ca_pem = g_strndup (g_bytes_get_data (ca, NULL), g_bytes_get_size (ca));
    }
  if (!st_cli_sign_in (cli, &error))
    return st_cli_fail (error);

  valid = st_certificate_verify (cli->session, pdf, p7s, ca_pem, &report, &error);
  /* Only a "no" is reported as a verdict; anything else is a plain failure. */
  if (!valid && st_error_kind (error) != ST_ERROR_KIND_NEGATIVE)
    {
      st_certificate_report_clear (&report);
      return st_cli_fail (error);
    }

  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (builder);
      st_cli_json_bool (builder, "valid", valid);
      st_cli_json_string (builder, "lot", report.lot);
      st_cli_json_string (builder, "kind", report.kind);
      st_cli_json_string (builder, "signer", report.signer_subject);
      st_cli_json_string (builder, "signed_by", report.signer_name);
      st_cli_json_string (builder, "signed_at", report.signed_at);
      st_cli_json_string (builder, "record_fingerprint", report.record_fingerprint);
      st_cli_json_bool (builder, "signature_valid", report.signature_valid);
      st_cli_json_bool (builder, "issued", report.issued);
      st_cli_json_bool (builder, "record_unchanged", report.record_unchanged);
      st_cli_json_bool (builder, "later_entries", report.later_entries);
      st_cli_json_bool (builder, "superseded", report.superseded);
      st_cli_json_string (builder, "flag", report.flag);
      st_cli_json_string (builder, "failed_check", report.failed_check);
      st_cli_json_string (builder, "reason", valid ? NULL : error->message);
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      st_cli_print_json (root);
    }
  else
    {
      if (report.lot != NULL)
        g_print (_("Lot %s, %s certificate, signed by %s at %s\n"), report.lot, report.kind,
                 report.signer_name, report.signed_at);
      if (report.signer_subject != NULL)
        g_print (_("Signer: %s\n"), report.signer_subject);
      g_print (_("Signature valid and chained to the CA: %s\n"), yes_no (report.signature_valid, TRUE));
      g_print (_("Issued by this database:              %s\n"),
               yes_no (report.issued, report.signature_valid));
      g_print (_("Certified record unchanged:           %s\n"),
               yes_no (report.record_unchanged, report.issued));
      if (report.flag != NULL)
        g_print (_("FLAG on the lot now: %s\n"), report.flag);
      if (report.superseded)
        g_print (_("Note: a later certificate was issued for this lot.\n"));
      if (report.later_entries)
        g_print (_("Note: the lot's record has entries made after this certification.\n"));
    }
  st_certificate_report_clear (&report);
  if (!valid)
    return st_cli_fail (error);
  return ST_EXIT_OK;
}
