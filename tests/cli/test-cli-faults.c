/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "st-cli-reliability.h"

#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

/*
 * I/O faults, the way SQLite tests itself: the real stromactl runs with the
 * fault VFS of tests/fault preloaded, which fails the Nth write or sync
 * SQLite asks of the operating system.  For N = 1, 2, ... through a result
 * entry and a release, until a run in which no fault is left to hit: every
 * run that failed says so in one line with exit 4 and left the database as
 * it was; a run whose fault came after the commit (the checkpoint when the
 * program closes the file) reported success and holds the whole change.
 * Either way the file passes SQLite's integrity check and the audit
 * verification.  Then the disk that stays full, and a read-only database.
 */

#define LOT ST_CLI_TEST_LOT

typedef struct {
  const char *user;
  const char *const *args;
  /* Counts what the command writes: 0 before it, more after. */
  const char *count_sql;
} Command;

static const char *const release_args[] = { "lot", "release", LOT, "--out", ".", NULL };
static const Command release_command = {
  "qp", release_args,
  "SELECT count (*) FROM lots WHERE lot_number = '" LOT "' AND status = 'released'",
};

static void
submit_and_review (StCliFixture *fixture)
{
  g_assert_cmpint (st_cli_run (fixture, "operator", NULL, NULL, "lot", "submit", LOT, NULL), ==, 0);
  g_assert_cmpint (st_cli_run (fixture, "reviewer", NULL, NULL, "lot", "review", LOT, NULL), ==, 0);
}

/* The environment that loads the fault VFS into stromactl. */
static GStrv
fault_env (const char *dir,
           const char *kind,
           guint       at,
           gboolean    persist,
           const char *extra)
{
  GPtrArray *env = g_ptr_array_new ();
  g_autofree char *report = g_build_filename (dir, "fault-report", NULL);
  g_ptr_array_add (env, g_strconcat ("LD_PRELOAD=", st_cli_fault_vfs (), NULL));
  g_ptr_array_add (env, g_strconcat ("STROMA_FAULT_KIND=", kind, NULL));
  g_ptr_array_add (env, g_strdup_printf ("STROMA_FAULT_AT=%u", at));
  g_ptr_array_add (env, g_strconcat ("STROMA_FAULT_REPORT=", report, NULL));
  g_ptr_array_add (env, g_strdup (persist ? "STROMA_FAULT_PERSIST=1" : "STROMA_FAULT_PERSIST=0"));
  g_ptr_array_add (env, st_cli_preload_asan_option ());
  if (extra != NULL)
    g_ptr_array_add (env, g_strdup (extra));
  g_ptr_array_add (env, NULL);
  g_unlink (report);
  return (GStrv) g_ptr_array_free (env, FALSE);
}

/* After a run with fault_env(): whether a fault was hit, and how many
 * operations of the kind there were. */
static gboolean
fault_report (const char *dir,
              guint      *count)
{
  g_autofree char *report = g_build_filename (dir, "fault-report", NULL);
  g_autofree char *text = NULL;
  const char *line;

  g_assert_true (g_file_get_contents (report, &text, NULL, NULL));
  line = strstr (text, "count ");
  g_assert_nonnull (line);
  if (count != NULL)
    *count = (guint) g_ascii_strtoull (strchr (line + 6, ' ') + 1, NULL, 10);
  return strstr (text, "fault ") != NULL;
}

/* Runs @command on @work with the @kind fault at @at (0: none). */
static void
run_with_fault (StCliFixture  *work,
                const Command *command,
                const char    *kind,
                guint          at,
                gboolean       persist,
                gboolean      *hit,
                guint         *count,
                StCliEnd      *end)
{
  g_auto(GStrv) env = fault_env (work->dir, kind, at, persist, NULL);
  g_autofree char *password = g_strconcat (command->user, "-password-1", NULL);

  st_cli_run_full (work, command->user, password, (const char * const *) env, command->args, -1, end);
  g_assert_false (end->killed);
  *hit = fault_report (work->dir, count);
}

static void
fresh_copy (const char *base,
            const char *work)
{
  st_cli_remove_db (work);
  st_cli_copy_file (base, work);
}

/*
 * The runs of @command with the @kind fault at N = 1, 2, ... on copies of
 * @fixture's database.  Returns the number of runs that hit a fault.
 */
static guint
fault_runs (StCliFixture  *fixture,
            const Command *command,
            const char    *kind,
            gboolean       persist,
            const char    *message)
{
  g_autofree char *work_db = g_build_filename (fixture->dir, "work.db", NULL);
  StCliFixture work = { fixture->dir, work_db };
  g_autofree char *base_digest = st_cli_db_digest (fixture->db);
  gint64 base_entries = st_cli_audit_entries (fixture->db);
  gint64 done_entries;
  guint operations = 0;
  guint refused = 0;
  guint after_commit = 0;
  guint n;
  gboolean hit = FALSE;
  StCliEnd end = { 0 };

  g_assert_cmpint (st_cli_query_int (fixture->db, command->count_sql), ==, 0);

  /* Without a fault: how many operations there are, what the change is. */
  fresh_copy (fixture->db, work_db);
  run_with_fault (&work, command, kind, 0, FALSE, &hit, &operations, &end);
  g_assert_cmpint (end.status, ==, 0);
  g_assert_false (hit);
  g_assert_cmpuint (operations, >, 0);
  g_assert_cmpint (st_cli_query_int (work_db, command->count_sql), >, 0);
  done_entries = st_cli_audit_entries (work_db);
  g_assert_cmpint (done_entries, >, base_entries);
  st_cli_end_clear (&end);

  for (n = 1; ; n++)
    {
      g_autofree char *digest = NULL;
      g_autofree char *integrity = NULL;

      fresh_copy (fixture->db, work_db);
      run_with_fault (&work, command, kind, n, persist, &hit, NULL, &end);
      digest = st_cli_db_digest (work_db);
      integrity = st_cli_integrity (work_db);
      g_assert_cmpstr (integrity, ==, "ok");
      if (!hit)
        {
          /* Every fault has been tried: this run was clean. */
          g_assert_cmpint (end.status, ==, 0);
          g_assert_cmpint (st_cli_audit_entries (work_db), ==, done_entries);
          st_cli_end_clear (&end);
          break;
        }
      if (end.status == 0)
        {
          /* The fault came after the commit: the change is whole. */
          after_commit++;
          g_assert_cmpstr (digest, !=, base_digest);
          g_assert_cmpint (st_cli_query_int (work_db, command->count_sql), >, 0);
          g_assert_cmpint (st_cli_audit_entries (work_db), ==, done_entries);
        }
      else
        {
          refused++;
          g_assert_cmpint (end.status, ==, 4);
          st_cli_assert_one_line (end.err);
          g_assert_true (g_str_has_prefix (end.err, "stromactl: database: "));
          g_assert_nonnull (strstr (end.err, message));
          g_assert_nonnull (strstr (end.err, "nothing was changed"));
          g_assert_cmpstr (digest, ==, base_digest);
          g_assert_cmpint (st_cli_audit_entries (work_db), ==, base_entries);
          /* And the file works on: the same command, the disk well again. */
          if (refused == 1)
            {
              st_cli_end_clear (&end);
              run_with_fault (&work, command, kind, 0, FALSE, &hit, NULL, &end);
              g_assert_cmpint (end.status, ==, 0);
              g_assert_cmpint (st_cli_audit_entries (work_db), ==, done_entries);
            }
        }
      st_cli_end_clear (&end);
    }

  /* The CLI's own verdict on the last file, as a user would ask. */
  g_assert_cmpint (st_cli_run (&work, "reviewer", NULL, NULL, "audit", "verify", NULL), ==, 0);
  g_test_message ("%s %s, %s%s faults: %u operations, %u fault runs: %u refused with exit 4, "
                  "%u after the commit (exit 0, change complete)",
                  command->args[0], command->args[1], persist ? "persistent " : "", kind,
                  operations, n - 1, refused, after_commit);
  g_assert_cmpuint (n - 1, >=, operations);
  g_assert_cmpuint (refused, >, 0);
  return n - 1;
}

static void
prepare_record (StCliFixture *fixture)
{
  /* The template lot has every result: a new lot of the same donor. */
  g_assert_cmpint (st_cli_run (fixture, "operator", NULL, NULL, "lot", "create", "LOT-0002",
                               "--donor", ST_CLI_TEST_DONOR, NULL), ==, 0);
}

static const char *const record_args[] = { "result", "record", "LOT-0002", "potency_mlr", "61", NULL };
static const Command record_command = {
  "operator", record_args,
  "SELECT count (*) FROM results r JOIN lots l ON l.id = r.lot_id"
  " WHERE l.lot_number = 'LOT-0002' AND r.param = 'potency_mlr'",
};

static void
test_record_faults (StCliFixture  *fixture,
                    gconstpointer  data)
{
  prepare_record (fixture);
  fault_runs (fixture, &record_command, "write", FALSE, "a disk read or write failed");
  fault_runs (fixture, &record_command, "fsync", FALSE, "a disk read or write failed");
  fault_runs (fixture, &record_command, "full", TRUE, "the disk is full");
}

static void
test_release_faults (StCliFixture  *fixture,
                     gconstpointer  data)
{
  submit_and_review (fixture);
  fault_runs (fixture, &release_command, "write", FALSE, "a disk read or write failed");
  fault_runs (fixture, &release_command, "fsync", FALSE, "a disk read or write failed");
}

/* @args as @user on a disk that is full from its first write on (or whose
 * syncs all fail): exit 4 in one line saying @message, nothing changed. */
static void
assert_refused (StCliFixture       *fixture,
                const char         *kind,
                const char         *user,
                const char         *extra_env,
                const char * const *args,
                const char         *message)
{
  g_auto(GStrv) env = fault_env (fixture->dir, kind, 1, TRUE, extra_env);
  g_autofree char *password = user ? g_strconcat (user, "-password-1", NULL) : NULL;
  g_autofree char *before = st_cli_db_digest (fixture->db);
  g_autofree char *after = NULL;
  g_autofree char *integrity = NULL;
  StCliEnd end = { 0 };

  st_cli_run_full (fixture, user, password, (const char * const *) env, args, -1, &end);
  g_assert_true (fault_report (fixture->dir, NULL));
  g_assert_cmpint (end.status, ==, 4);
  st_cli_assert_one_line (end.err);
  g_assert_nonnull (strstr (end.err, message));
  after = st_cli_db_digest (fixture->db);
  g_assert_cmpstr (before, ==, after);
  integrity = st_cli_integrity (fixture->db);
  g_assert_cmpstr (integrity, ==, "ok");
  st_cli_end_clear (&end);
}

static void
test_disk_full (StCliFixture  *fixture,
                gconstpointer  data)
{
  g_autofree char *new_site = g_build_filename (fixture->dir, "new.db", NULL);
  g_autofree char *copy = g_build_filename (fixture->dir, "copy.db", NULL);
  g_autofree char *pdf = g_build_filename (fixture->dir, LOT "-certificate.pdf", NULL);
  const char *const record[] = { "result", "record", "LOT-0002", "viability", "91", NULL };
  const char *const init[] = { "--db", new_site, "init", "--admin", "boss", NULL };
  const char *const backup[] = { "backup", copy, NULL };
  gint64 entries;

  prepare_record (fixture);
  submit_and_review (fixture);
  entries = st_cli_audit_entries (fixture->db);

  assert_refused (fixture, "full", "operator", NULL, record, "the disk is full");
  assert_refused (fixture, "full", "qp", NULL, release_command.args, "the disk is full");
  g_assert_false (g_file_test (pdf, G_FILE_TEST_EXISTS));
  assert_refused (fixture, "full", "admin", NULL, backup, "the disk is full");
  g_assert_false (g_file_test (copy, G_FILE_TEST_EXISTS));
  /* A new site on a full disk: refused, and no half-made file stays. */
  assert_refused (fixture, "full", NULL, "STROMA_NEW_PASSWORD=boss-password-1", init, "the disk is full");
  g_assert_false (g_file_test (new_site, G_FILE_TEST_EXISTS));

  /* A disk that fails every sync. */
  assert_refused (fixture, "fsync", "operator", NULL, record, "a disk read or write failed");
  assert_refused (fixture, "fsync", "qp", NULL, release_command.args, "a disk read or write failed");
  g_assert_cmpint (st_cli_audit_entries (fixture->db), ==, entries);

  /* With space again, the same commands go through. */
  g_assert_cmpint (st_cli_run (fixture, "operator", NULL, NULL, "result", "record", "LOT-0002", "viability", "91",
                               NULL), ==, 0);
  g_assert_cmpint (st_cli_run (fixture, "qp", NULL, NULL, "lot", "release", LOT, "--out", ".", NULL), ==, 0);
  g_assert_cmpint (st_cli_run (fixture, "reviewer", NULL, NULL, "audit", "verify", NULL), ==, 0);
}

/* Whether every folder above @dir lets other users through. */
static gboolean
others_can_enter (const char *dir)
{
  g_autofree char *path = g_path_get_dirname (dir);

  while (TRUE)
    {
      GStatBuf buf;
      char *parent;

      if (g_stat (path, &buf) != 0 || !(buf.st_mode & S_IXOTH))
        return FALSE;
      parent = g_path_get_dirname (path);
      if (g_str_equal (parent, path))
        {
          g_free (parent);
          return TRUE;
        }
      g_free (path);
      path = parent;
    }
}

/*
 * A database file that cannot be written.  Root ignores file modes, so as
 * root the commands run as the unprivileged user "nobody" (uid 65534), for
 * whom the file really is read-only; nothing is simulated.
 */
static void
test_read_only (StCliFixture  *fixture,
                gconstpointer  data)
{
  const char *const record[] = { "result", "record", "LOT-0002", "viability", "91", NULL };
  const char *const list[] = { "lot", "list", NULL };
  g_autofree char *wal = g_strconcat (fixture->db, "-wal", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  int uid = geteuid () == 0 ? 65534 : -1;
  StCliEnd end = { 0 };

  if (uid >= 0 && (!st_cli_can_run_as (uid) || !others_can_enter (fixture->dir)))
    {
      g_test_skip ("the unprivileged user cannot run stromactl here (build or temporary folder closed)");
      return;
    }
  prepare_record (fixture);
  before = st_cli_file_sha256 (fixture->db);
  g_assert_cmpint (g_chmod (fixture->dir, 0755), ==, 0);
  g_assert_cmpint (g_chmod (fixture->db, 0444), ==, 0);

  /* The file and its folder read-only: no -wal or -shm can be made. */
  st_cli_run_full (fixture, "operator", ST_TEST_PASSWORD ("operator"), NULL, record, uid, &end);
  g_assert_cmpint (end.status, ==, 4);
  st_cli_assert_one_line (end.err);
  g_assert_nonnull (strstr (end.err, "read-only"));
  st_cli_end_clear (&end);
  st_cli_run_full (fixture, "operator", ST_TEST_PASSWORD ("operator"), NULL, list, uid, &end);
  g_assert_cmpint (end.status, ==, 4);
  st_cli_assert_one_line (end.err);
  g_assert_nonnull (strstr (end.err, "read-only"));
  st_cli_end_clear (&end);

  /* Only the file read-only: it can be read, not written. */
  g_assert_cmpint (g_chmod (fixture->dir, 0777), ==, 0);
  st_cli_run_full (fixture, "operator", ST_TEST_PASSWORD ("operator"), NULL, list, uid, &end);
  g_assert_cmpint (end.status, ==, 0);
  g_assert_nonnull (strstr (end.out, LOT));
  st_cli_end_clear (&end);
  st_cli_run_full (fixture, "operator", ST_TEST_PASSWORD ("operator"), NULL, record, uid, &end);
  g_assert_cmpint (end.status, ==, 4);
  st_cli_assert_one_line (end.err);
  g_assert_nonnull (strstr (end.err, "read-only"));
  st_cli_end_clear (&end);

  after = st_cli_file_sha256 (fixture->db);
  g_assert_cmpstr (before, ==, after);
  if (g_file_test (wal, G_FILE_TEST_EXISTS))
    {
      GStatBuf buf;
      g_assert_cmpint (g_stat (wal, &buf), ==, 0);
      g_assert_cmpint (buf.st_size, ==, 0);
    }
  g_assert_cmpint (g_chmod (fixture->dir, 0700), ==, 0);
  g_assert_cmpint (g_chmod (fixture->db, 0600), ==, 0);
  g_assert_cmpint (st_cli_query_int (fixture->db, "SELECT count (*) FROM results r JOIN lots l ON l.id = r.lot_id"
                                                 " WHERE l.lot_number = 'LOT-0002'"), ==, 0);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  st_cli_test_init ();
#define ADD(path, func) \
  g_test_add (path, StCliFixture, NULL, st_cli_fixture_set_up, func, st_cli_fixture_tear_down)
  ADD ("/cli/faults/result-record", test_record_faults);
  ADD ("/cli/faults/release", test_release_faults);
  ADD ("/cli/faults/disk-full", test_disk_full);
  ADD ("/cli/faults/read-only", test_read_only);
#undef ADD
  return g_test_run ();
}
