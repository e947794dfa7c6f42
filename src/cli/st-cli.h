/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "st-session.h"

G_BEGIN_DECLS

/* Exit statuses of CLI.md. */
enum {
  ST_EXIT_OK = 0,
  ST_EXIT_NO = 1,
  ST_EXIT_USAGE = 2,
  ST_EXIT_DENIED = 3,
  ST_EXIT_SYSTEM = 4,
};

typedef struct {
  char *db;
  char *user;
  gboolean json;
  StSession *session;
} StCli;

typedef int (*StCliCommandFunc) (StCli *cli, int argc, char **argv);

typedef struct {
  const char *name;          /* "lot create" */
  const char *summary;
  StCliCommandFunc run;
} StCliCommand;

/* The database location: --db, $STROMA_DB, or the user's data folder. */
const char *st_cli_db_location    (StCli        *cli);
/* Prints "stromactl: MESSAGE" and returns the exit status for @error. */
int         st_cli_fail           (GError       *error);
/* Prints "stromactl: SUBJECT: REASON" and returns ST_EXIT_USAGE. */
int         st_cli_usage          (const char   *format,
                                   ...) G_GNUC_PRINTF (1, 2);
/*
 * Parses the command's own options.  Leaves the positional arguments in
 * @argc/@argv (argv[0] is the command name).  Returns FALSE after printing
 * the error; *status then holds the exit status (0 for --help).
 * @parameters (and @names below) are untranslated N_() strings.
 */
gboolean    st_cli_parse          (const char    *command,
                                   const char    *parameters,
                                   const char    *summary,
                                   const GOptionEntry *entries,
                                   int           *argc,
                                   char        ***argv,
                                   int           *status);
/* Exactly @count positional arguments, else a usage error naming them. */
gboolean    st_cli_expect_args    (const char   *command,
                                   int           argc,
                                   char        **argv,
                                   int           count,
                                   const char   *names,
                                   int          *status);

/* The password: $STROMA_PASSWORD, else asked on the terminal. */
StSecret   *st_cli_password       (const char   *prompt,
                                   GError      **error);
/* A new password: $STROMA_NEW_PASSWORD, else asked twice. */
StSecret   *st_cli_new_password   (const char   *for_whom,
                                   GError      **error);
/* Opens the database and signs in --user with the password. */
gboolean    st_cli_sign_in        (StCli        *cli,
                                   GError      **error);
/* Asks the password again for a signature (Part 11: every signing). */
StSecret   *st_cli_signing_password (StCli      *cli,
                                     GError    **error);

void        st_cli_print_json     (JsonNode     *node);
/* A member with a string value, or null when @value is NULL. */
void        st_cli_json_string    (JsonBuilder  *builder,
                                   const char   *name,
                                   const char   *value);
void        st_cli_json_int       (JsonBuilder  *builder,
                                   const char   *name,
                                   gint64        value);
void        st_cli_json_bool      (JsonBuilder  *builder,
                                   const char   *name,
                                   gboolean      value);
/* Numbers on the command line use '.' whatever the locale (CLI.md). */
char       *st_cli_format_double  (double        value,
                                   int           decimals);

/* Error domain for usage problems found by the command line itself. */
#define ST_CLI_ERROR (st_cli_error_quark ())
GQuark st_cli_error_quark (void);
typedef enum {
  ST_CLI_ERROR_USAGE = 200,
  ST_CLI_ERROR_NO_PASSWORD = 201,
} StCliError;

G_END_DECLS
