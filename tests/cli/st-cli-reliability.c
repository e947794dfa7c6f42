/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "st-cli-reliability.h"

#include <errno.h>
#include <gio/gio.h>
#include <glib-unix.h>
#include <glib/gstdio.h>
#include <grp.h>
#include <poll.h>
#include <signal.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "st-audit.h"
#include "st-db.h"

void
st_cli_end_clear (StCliEnd *end)
{
  g_clear_pointer (&end->out, g_free);
  g_clear_pointer (&end->err, g_free);
}

typedef struct {
  int uid;
} ChildSetup;

/* Without a controlling terminal stromactl can never stop to ask; as
 * another user when asked (the parent is root then). */
static void
child_setup (gpointer user_data)
{
  const ChildSetup *setup = user_data;

  setsid ();
  if (setup->uid >= 0)
    {
      if (setgroups (0, NULL) != 0 || setgid ((gid_t) setup->uid) != 0 || setuid ((uid_t) setup->uid) != 0)
        _exit (126);
    }
}

void
st_cli_spawn (StCliFixture        *fixture,
              const char          *user,
              const char          *password,
              const char * const  *extra_env,
              const char * const  *args,
              int                  run_as_uid,
              StCliChild          *child)
{
  g_auto(GStrv) env = g_get_environ ();
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  ChildSetup setup = { run_as_uid };
  const char *stromactl = g_getenv ("STROMACTL");

  g_assert_nonnull (stromactl);
  env = g_environ_setenv (env, "STROMA_DB", fixture->db, TRUE);
  env = g_environ_setenv (env, "LC_ALL", "C.UTF-8", TRUE);
  env = g_environ_unsetenv (env, "LANGUAGE");
  env = g_environ_unsetenv (env, "STROMA_NEW_PASSWORD");
  env = g_environ_unsetenv (env, "LD_PRELOAD");
  env = user ? g_environ_setenv (env, "STROMA_USER", user, TRUE) : g_environ_unsetenv (env, "STROMA_USER");
  env = password ? g_environ_setenv (env, "STROMA_PASSWORD", password, TRUE)
                 : g_environ_unsetenv (env, "STROMA_PASSWORD");
  for (guint i = 0; extra_env != NULL && extra_env[i] != NULL; i++)
    {
      g_auto(GStrv) pair = g_strsplit (extra_env[i], "=", 2);
      env = g_environ_setenv (env, pair[0], pair[1] ? pair[1] : "", TRUE);
    }

  g_ptr_array_add (argv, (gpointer) stromactl);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  memset (child, 0, sizeof *child);
  child->started = g_get_monotonic_time ();
  g_spawn_async_with_pipes (fixture->dir, (char **) argv->pdata, env, G_SPAWN_DO_NOT_REAP_CHILD,
                            child_setup, &setup, &child->pid, NULL, &child->out_fd, &child->err_fd, &error);
  g_assert_no_error (error);
}

static void
drain (int      fd,
       GString *into)
{
  char buffer[4096];
  gssize length;

  while ((length = read (fd, buffer, sizeof buffer)) > 0)
    g_string_append_len (into, buffer, length);
}

/* Reads both pipes while the child runs (so that it never blocks on a full
 * pipe) until it ends, killing it first when @kill_now, or when it is still
 * running at @deadline (monotonic time; 0: none). */
static void
finish (StCliChild *child,
        gboolean    kill_now,
        gint64      deadline,
        StCliEnd   *end)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GString) err = g_string_new (NULL);
  int wait_status = 0;
  pid_t reaped;

  if (kill_now)
    kill (child->pid, SIGKILL);
  g_unix_set_fd_nonblocking (child->out_fd, TRUE, NULL);
  g_unix_set_fd_nonblocking (child->err_fd, TRUE, NULL);
  while ((reaped = waitpid (child->pid, &wait_status, WNOHANG)) == 0)
    {
      struct pollfd fds[2] = { { child->out_fd, POLLIN, 0 }, { child->err_fd, POLLIN, 0 } };

      poll (fds, 2, 20);
      drain (child->out_fd, out);
      drain (child->err_fd, err);
      if (deadline > 0 && g_get_monotonic_time () > deadline)
        {
          kill (child->pid, SIGKILL);
          deadline = 0;
        }
    }
  g_assert_cmpint (reaped, ==, child->pid);
  drain (child->out_fd, out);
  drain (child->err_fd, err);
  close (child->out_fd);
  close (child->err_fd);
  g_spawn_close_pid (child->pid);

  memset (end, 0, sizeof *end);
  end->seconds = (g_get_monotonic_time () - child->started) / (double) G_USEC_PER_SEC;
  end->killed = WIFSIGNALED (wait_status);
  end->status = WIFEXITED (wait_status) ? WEXITSTATUS (wait_status) : -1;
  end->out = g_string_free (g_steal_pointer (&out), FALSE);
  end->err = g_string_free (g_steal_pointer (&err), FALSE);
  g_assert_true (end->killed || WIFEXITED (wait_status));
  /* Only our own SIGKILL may end it: never a crash. */
  if (end->killed)
    g_assert_cmpint (WTERMSIG (wait_status), ==, SIGKILL);
}

void
st_cli_kill (StCliChild *child,
             StCliEnd   *end)
{
  finish (child, TRUE, 0, end);
}

void
st_cli_wait (StCliChild *child,
             StCliEnd   *end)
{
  finish (child, FALSE, 0, end);
}

gboolean
st_cli_wait_at_most (StCliChild *child,
                     double      seconds,
                     StCliEnd   *end)
{
  finish (child, FALSE, child->started + (gint64) (seconds * G_USEC_PER_SEC), end);
  return !end->killed;
}

void
st_cli_run_full (StCliFixture        *fixture,
                 const char          *user,
                 const char          *password,
                 const char * const  *extra_env,
                 const char * const  *args,
                 int                  run_as_uid,
                 StCliEnd            *end)
{
  StCliChild child;
  g_autofree char *line = NULL;

  st_cli_spawn (fixture, user, password, extra_env, args, run_as_uid, &child);
  st_cli_wait (&child, end);
  line = g_strjoinv (" ", (char **) args);
  g_test_message ("stromactl %s -> %d\n%s%s", line, end->status, end->out, end->err);
}

gboolean
st_cli_can_run_as (int uid)
{
  const char *argv[] = { g_getenv ("STROMACTL"), "--version", NULL };
  ChildSetup setup = { uid };
  int wait_status = 0;

  if (!g_spawn_sync ("/", (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                     child_setup, &setup, NULL, NULL, &wait_status, NULL))
    return FALSE;
  return WIFEXITED (wait_status) && WEXITSTATUS (wait_status) == 0;
}

void
st_cli_assert_one_line (const char *err)
{
  g_assert_nonnull (err);
  g_assert_true (g_str_has_prefix (err, "stromactl: "));
  g_assert_true (g_str_has_suffix (err, "\n"));
  /* Nothing after the first line (shown if there is). */
  g_assert_cmpstr (strchr (err, '\n') + 1, ==, "");
}

static sqlite3 *
open_file (const char *db)
{
  sqlite3 *handle = NULL;

  /* Read-write, as the next program would: it may have to recover the WAL. */
  g_assert_cmpint (sqlite3_open_v2 (db, &handle, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (handle, 10000);
  return handle;
}

char *
st_cli_integrity (const char *db)
{
  sqlite3 *handle = open_file (db);
  sqlite3_stmt *stmt = NULL;
  g_autoptr(GString) answer = g_string_new (NULL);
  int rc;

  g_assert_cmpint (sqlite3_prepare_v2 (handle, "PRAGMA integrity_check", -1, &stmt, NULL), ==, SQLITE_OK);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_string_append_printf (answer, "%s%s", answer->len ? "; " : "", sqlite3_column_text (stmt, 0));
  if (rc != SQLITE_DONE)
    g_string_append_printf (answer, "%s%s", answer->len ? "; " : "", sqlite3_errstr (rc));
  sqlite3_finalize (stmt);
  sqlite3_close (handle);
  return g_string_free (g_steal_pointer (&answer), FALSE);
}

gint64
st_cli_query_int (const char *db,
                  const char *sql)
{
  sqlite3 *handle = open_file (db);
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_prepare_v2 (handle, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (handle);
  return value;
}

GStrv
st_cli_query_column (const char *db,
                     const char *sql)
{
  sqlite3 *handle = open_file (db);
  sqlite3_stmt *stmt = NULL;
  g_autoptr(GStrvBuilder) rows = g_strv_builder_new ();
  int rc;

  g_assert_cmpint (sqlite3_prepare_v2 (handle, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_strv_builder_add (rows, (const char *) sqlite3_column_text (stmt, 0));
  g_assert_cmpint (rc, ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
  sqlite3_close (handle);
  return g_strv_builder_end (rows);
}

gint64
st_cli_audit_entries (const char *db)
{
  g_autoptr(GError) error = NULL;
  StAuditReport report = { 0 };
  StDb *handle = st_db_open (db, ST_DB_OPEN_READ_ONLY, &error);
  gint64 entries;

  g_assert_no_error (error);
  if (!st_audit_verify (handle, &report, &error))
    g_error ("audit verify of %s: %s", db, error->message);
  if (!report.intact)
    g_error ("audit trail of %s broken at %" G_GINT64_FORMAT ": %s", db, report.first_bad, report.reason);
  entries = report.entries;
  st_audit_report_clear (&report);
  st_db_close (handle);
  return entries;
}

char *
st_cli_file_sha256 (const char *path)
{
  g_autofree char *contents = NULL;
  gsize length = 0;
  g_autoptr(GError) error = NULL;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, length);
}

void
st_cli_copy_file (const char *from,
                  const char *to)
{
  g_autoptr(GFile) source = g_file_new_for_path (from);
  g_autoptr(GFile) target = g_file_new_for_path (to);
  g_autoptr(GError) error = NULL;

  g_file_copy (source, target, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
}

void
st_cli_remove_db (const char *db)
{
  g_autofree char *wal = g_strconcat (db, "-wal", NULL);
  g_autofree char *shm = g_strconcat (db, "-shm", NULL);
  g_autofree char *journal = g_strconcat (db, "-journal", NULL);

  g_unlink (db);
  g_unlink (wal);
  g_unlink (shm);
  g_unlink (journal);
}

void
st_cli_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        st_cli_remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

char *
st_cli_preload_asan_option (void)
{
  const char *asan = g_getenv ("ASAN_OPTIONS");

  /* A sanitized stromactl refuses a preloaded library before its runtime. */
  return g_strdup_printf ("ASAN_OPTIONS=%s%sverify_asan_link_order=0", asan ? asan : "", asan ? ":" : "");
}

const char *
st_cli_fault_vfs (void)
{
  const char *path = g_getenv ("STROMA_FAULT_VFS");

  g_assert_nonnull (path);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  return path;
}
