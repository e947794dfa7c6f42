/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "st-cli.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <openssl/crypto.h>
#include <unistd.h>

#include "st-error.h"

G_DEFINE_QUARK (st-cli-error-quark, st_cli_error)

const char *
st_cli_db_location (StCli *cli)
{
  const char *env;

  if (cli->db != NULL)
    return cli->db;
  env = g_getenv ("STROMA_DB");
  if (env != NULL && *env != '\0')
    cli->db = g_strdup (env);
  else
    cli->db = g_build_filename (g_get_user_data_dir (), "stroma", "stroma.db", NULL);
  return cli->db;
}

int
st_cli_fail (GError *error)
{
  g_printerr ("stromactl: %s\n", error->message);
  switch (st_error_kind (error))
    {
    case ST_ERROR_KIND_NEGATIVE:
      return ST_EXIT_NO;
    case ST_ERROR_KIND_INPUT:
      return ST_EXIT_USAGE;
    case ST_ERROR_KIND_PERMISSION:
      return ST_EXIT_DENIED;
    case ST_ERROR_KIND_SYSTEM:
    default:
      return ST_EXIT_SYSTEM;
    }
}

int
st_cli_usage (const char *format,
              ...)
{
  va_list args;
  g_autofree char *message = NULL;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_printerr ("stromactl: %s\n", message);
  return ST_EXIT_USAGE;
}

static gboolean
looks_like_a_number (const char *arg)
{
  return arg[0] == '-' && (g_ascii_isdigit (arg[1]) || (arg[1] == '.' && g_ascii_isdigit (arg[2])));
}

gboolean
st_cli_parse (const char          *command,
              const char          *parameters,
              const char          *summary,
              const GOptionEntry  *entries,
              int                 *argc,
              char              ***argv,
              int                 *status)
{
  g_autofree char *usage = g_strdup_printf ("%s%s%s", command, parameters ? " " : "", parameters ? _(parameters) : "");
  g_autoptr(GOptionContext) context = g_option_context_new (usage);
  g_autoptr(GError) error = NULL;

  g_option_context_set_summary (context, summary);
  g_option_context_set_help_enabled (context, TRUE);
  if (entries != NULL)
    g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  /* A negative number ("-0.1") is a value to be judged by its field's rule,
   * not an unknown option: unknown arguments are sorted out below. */
  g_option_context_set_ignore_unknown_options (context, TRUE);
  if (!g_option_context_parse_strv (context, argv, &error))
    {
      *status = st_cli_usage ("%s: %s", command, error->message);
      return FALSE;
    }
  for (guint i = 1; (*argv)[i] != NULL; i++)
    {
      const char *arg = (*argv)[i];

      if (g_str_equal (arg, "--"))
        {
          /* Everything after "--" is positional; the marker itself goes. */
          gsize length = g_strv_length (*argv);
          g_free ((*argv)[i]);
          memmove (&(*argv)[i], &(*argv)[i + 1], (length - i) * sizeof (char *));
          break;
        }
      if (arg[0] == '-' && arg[1] != '\0' && !looks_like_a_number (arg))
        {
          *status = st_cli_usage (_("%s: unknown option %s"), command, arg);
          return FALSE;
        }
    }
  *argc = (int) g_strv_length (*argv);
  return TRUE;
}

gboolean
st_cli_expect_args (const char  *command,
                    int          argc,
                    char       **argv,
                    int          count,
                    const char  *names,
                    int         *status)
{
  if (argc - 1 == count)
    return TRUE;
  /* The parameter names are N_() strings of the commands, shown translated. */
  names = *names != '\0' ? _(names) : names;
  if (argc - 1 < count)
    *status = st_cli_usage (_("%s: missing %s (usage: stromactl %s %s)"), command, names, command, names);
  else
    *status = st_cli_usage (_("%s: unexpected argument '%s' (usage: stromactl %s %s)"),
                            command, argv[count + 1], command, names);
  return FALSE;
}

/* Reads a line from the terminal without echo; NULL when there is none. */
static StSecret *
read_hidden (const char  *prompt,
             GError     **error)
{
  FILE *tty = fopen ("/dev/tty", "r+");
  struct termios saved, quiet;
  char buffer[ST_AUTH_MAX_PASSWORD_LENGTH + 2];
  StSecret *secret = NULL;
  gboolean echo_off = FALSE;

  if (tty == NULL)
    {
      g_set_error (error, ST_CLI_ERROR, ST_CLI_ERROR_NO_PASSWORD,
                   _("password: no terminal to ask on; set STROMA_PASSWORD (or STROMA_NEW_PASSWORD for a new one)"));
      return NULL;
    }
  /* Unbuffered: stdio's buffer would keep a copy of the secret after
   * fclose(), where nothing overwrites it. */
  setvbuf (tty, NULL, _IONBF, 0);
  fprintf (tty, "%s", prompt);
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
    g_set_error (error, ST_CLI_ERROR, ST_CLI_ERROR_NO_PASSWORD, _("password: none was entered"));
  OPENSSL_cleanse (buffer, sizeof buffer);
  if (echo_off)
    tcsetattr (fileno (tty), TCSAFLUSH, &saved);
  fprintf (tty, "\n");
  fclose (tty);
  return secret;
}

StSecret *
st_cli_password (const char  *prompt,
                 GError     **error)
{
  const char *env = g_getenv ("STROMA_PASSWORD");

  if (env != NULL)
    return g_strdup (env);
  return read_hidden (prompt, error);
}

StSecret *
st_cli_new_password (const char  *for_whom,
                     GError     **error)
{
  const char *env = g_getenv ("STROMA_NEW_PASSWORD");
  g_autofree char *prompt = NULL;
  g_autofree char *again = NULL;
  g_autoptr(StSecret) first = NULL;
  g_autoptr(StSecret) second = NULL;

  if (env != NULL)
    return g_strdup (env);
  prompt = g_strdup_printf (_("New password for %s: "), for_whom);
  again = g_strdup_printf (_("New password for %s, again: "), for_whom);
  first = read_hidden (prompt, error);
  if (first == NULL)
    return NULL;
  second = read_hidden (again, error);
  if (second == NULL)
    return NULL;
  if (!g_str_equal (first, second))
    {
      g_set_error (error, ST_CLI_ERROR, ST_CLI_ERROR_USAGE, _("password: the two entries differ"));
      return NULL;
    }
  return g_steal_pointer (&first);
}

gboolean
st_cli_sign_in (StCli   *cli,
                GError **error)
{
  const char *user = cli->user ? cli->user : g_getenv ("STROMA_USER");
  g_autoptr(StSecret) password = NULL;
  g_autofree char *prompt = NULL;

  if (user == NULL || *user == '\0')
    {
      g_set_error (error, ST_CLI_ERROR, ST_CLI_ERROR_USAGE,
                   _("user: name the acting user with --user or STROMA_USER"));
      return FALSE;
    }
  cli->session = st_session_open (st_cli_db_location (cli), error);
  if (cli->session == NULL)
    return FALSE;
  prompt = g_strdup_printf (_("Password for %s: "), user);
  password = st_cli_password (prompt, error);
  if (password == NULL)
    return FALSE;
  return st_session_sign_in (cli->session, user, password, error);
}

StSecret *
st_cli_signing_password (StCli   *cli,
                         GError **error)
{
  const StUserRecord *user = st_session_get_user (cli->session);
  g_autofree char *prompt = g_strdup_printf (_("Signature of %s (%s) — password: "),
                                             user->full_name, user->username);

  return st_cli_password (prompt, error);
}

void
st_cli_print_json (JsonNode *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;

  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  json_generator_set_root (generator, node);
  text = json_generator_to_data (generator, NULL);
  g_print ("%s\n", text);
}

void
st_cli_json_string (JsonBuilder *builder,
                    const char  *name,
                    const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

void
st_cli_json_int (JsonBuilder *builder,
                 const char  *name,
                 gint64       value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, value);
}

void
st_cli_json_bool (JsonBuilder *builder,
                  const char  *name,
                  gboolean     value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_boolean_value (builder, value);
}

char *
st_cli_format_double (double value,
                      int    decimals)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];
  char format[8];

  g_snprintf (format, sizeof format, "%%.%df", decimals);
  return g_strdup (g_ascii_formatd (buffer, sizeof buffer, format, value));
}
