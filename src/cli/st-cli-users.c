/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>

#include "st-cli-commands.h"
#include "st-users.h"

int
st_cli_user_add (StCli  *cli,
                 int     argc,
                 char  **argv)
{
  g_autofree char *roles_text = NULL;
  g_autofree char *full_name = NULL;
  const GOptionEntry entries[] = {
    { "role", 0, 0, G_OPTION_ARG_STRING, &roles_text,
      N_("Roles, comma-separated: operator, reviewer, qp, admin"), N_("ROLE[,ROLE]") },
    { "full-name", 0, 0, G_OPTION_ARG_STRING, &full_name, N_("The printed name used on signatures"), N_("TEXT") },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(StSecret) password = NULL;
  StRole roles = ST_ROLE_NONE;
  int status;

  if (!st_cli_parse ("user add", N_("NAME"), _("Add a user."), entries, &argc, &argv, &status)
      || !st_cli_expect_args ("user add", argc, argv, 1, N_("NAME"), &status))
    return status;
  if (roles_text == NULL)
    return st_cli_usage (_("role: --role is required (operator, reviewer, qp, admin)"));
  if (!st_role_parse_list (roles_text, &roles, &error) || !st_cli_sign_in (cli, &error))
    return st_cli_fail (error);
  if (!st_session_require (cli->session, ST_ROLE_ADMIN, _("user add"), &error))
    return st_cli_fail (error);
  password = st_cli_new_password (argv[1], &error);
  if (password == NULL || !st_users_add (cli->session, argv[1], full_name, roles, password, &error))
    return st_cli_fail (error);
  g_print (_("Added %s (%s).\n"), argv[1], roles_text);
  return ST_EXIT_OK;
}

static JsonNode *
users_json (GPtrArray *users)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_array (builder);
  for (guint i = 0; i < users->len; i++)
    {
      const StUserRecord *user = g_ptr_array_index (users, i);
      g_auto(GStrv) roles = g_strsplit (user->roles, ",", -1);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "user");
      json_builder_add_string_value (builder, user->username);
      json_builder_set_member_name (builder, "full_name");
      json_builder_add_string_value (builder, user->full_name);
      json_builder_set_member_name (builder, "roles");
      json_builder_begin_array (builder);
      for (guint r = 0; roles[r] != NULL; r++)
        json_builder_add_string_value (builder, roles[r]);
      json_builder_end_array (builder);
      json_builder_set_member_name (builder, "disabled");
      json_builder_add_boolean_value (builder, user->disabled);
      json_builder_set_member_name (builder, "locked");
      json_builder_add_boolean_value (builder, user->locked);
      json_builder_set_member_name (builder, "failed_sign_ins");
      json_builder_add_int_value (builder, user->failed_count);
      json_builder_set_member_name (builder, "password_changed_at");
      json_builder_add_string_value (builder, user->pw_changed_at);
      json_builder_set_member_name (builder, "created_at");
      json_builder_add_string_value (builder, user->created_at);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  return json_builder_get_root (builder);
}

int
st_cli_user_list (StCli  *cli,
                  int     argc,
                  char  **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) users = NULL;
  int status;

  if (!st_cli_parse ("user list", NULL, _("List the users."), NULL, &argc, &argv, &status)
      || !st_cli_expect_args ("user list", argc, argv, 0, "", &status))
    return status;
  if (!st_cli_sign_in (cli, &error) || (users = st_users_list (cli->session, &error)) == NULL)
    return st_cli_fail (error);

  if (cli->json)
    {
      g_autoptr(JsonNode) node = users_json (users);
      st_cli_print_json (node);
      return ST_EXIT_OK;
    }
  g_print ("%-16s %-28s %-28s %s\n", _("USER"), _("NAME"), _("ROLES"), _("STATE"));
  for (guint i = 0; i < users->len; i++)
    {
      const StUserRecord *user = g_ptr_array_index (users, i);
      g_autofree char *state = NULL;

      if (user->disabled)
        state = g_strdup (_("disabled"));
      else if (user->locked)
        state = g_strdup_printf (_("locked (%" PRId64 " failed sign-ins)"), user->failed_count);
      else if (user->failed_count > 0)
        state = g_strdup_printf (_("active, %" PRId64 " failed sign-ins"), user->failed_count);
      else
        state = g_strdup (_("active"));
      g_print ("%-16s %-28s %-28s %s\n", user->username, user->full_name, user->roles, state);
    }
  return ST_EXIT_OK;
}

typedef gboolean (*UserChange) (StSession *session, const char *username, GError **error);

static int
change_user (StCli       *cli,
             const char  *command,
             const char  *summary,
             const char  *done,
             UserChange   change,
             int          argc,
             char       **argv)
{
  g_autoptr(GError) error = NULL;
  int status;

  if (!st_cli_parse (command, N_("NAME"), summary, NULL, &argc, &argv, &status)
      || !st_cli_expect_args (command, argc, argv, 1, N_("NAME"), &status))
    return status;
  if (!st_cli_sign_in (cli, &error) || !change (cli->session, argv[1], &error))
    return st_cli_fail (error);
  g_print (done, argv[1]);
  g_print ("\n");
  return ST_EXIT_OK;
}

int
st_cli_user_disable (StCli  *cli,
                     int     argc,
                     char  **argv)
{
  return change_user (cli, "user disable", _("Disable a user (users are never deleted)."),
                      _("Disabled %s."), st_users_disable, argc, argv);
}

int
st_cli_user_unlock (StCli  *cli,
                    int     argc,
                    char  **argv)
{
  return change_user (cli, "user unlock", _("Unlock a user locked after failed sign-ins."),
                      _("Unlocked %s."), st_users_unlock, argc, argv);
}

int
st_cli_user_passwd (StCli  *cli,
                    int     argc,
                    char  **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(StSecret) password = NULL;
  g_autofree char *target = NULL;
  gboolean own;
  int status;

  if (!st_cli_parse ("user passwd", N_("[NAME]"), _("Change your password, or (administrators) reset another user's."),
                     NULL, &argc, &argv, &status))
    return status;
  if (argc > 2)
    return st_cli_usage (_("user passwd: unexpected argument '%s' (usage: stromactl user passwd [NAME])"), argv[2]);
  if (!st_cli_sign_in (cli, &error))
    return st_cli_fail (error);
  /* A copy: changing one's own password refreshes the session's user record. */
  target = g_strdup (argc == 2 ? argv[1] : st_session_get_user (cli->session)->username);
  own = g_str_equal (target, st_session_get_user (cli->session)->username);
  password = st_cli_new_password (target, &error);
  if (password == NULL || !st_users_set_password (cli->session, target, password, &error))
    return st_cli_fail (error);
  if (own)
    g_print (_("Changed the password of %s.\n"), target);
  else
    g_print (_("Reset the password of %s; they must change it at their next sign-in.\n"), target);
  return ST_EXIT_OK;
}
