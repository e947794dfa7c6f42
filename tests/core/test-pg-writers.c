/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "pg-server.h"
#include "st-donors.h"
#include "st-session-private.h"
#include "st-site.h"
#include "st-users-private.h"

/*
 * Several writer processes on one server database, as several
 * workstations: the chain head's row lock queues them, so the audit chain
 * stays one line and no change is lost; a reader verifying meanwhile always
 * sees an intact trail and holds nobody up.
 */

#define WRITERS 4
#define PER_WRITER 25
#define PASSWORD "Stroma-test-pass-1"

static void
writer (const char   *location,
        const guint8 *kek,
        int           number)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(StSession) session = st_session_open (location, &error);

  if (session == NULL || !st_session_adopt (session, "operator", kek, &error))
    {
      g_printerr ("writer %d: %s\n", number, error->message);
      _exit (2);
    }
  for (int i = 0; i < PER_WRITER; i++)
    {
      g_autofree char *code = g_strdup_printf ("W%d-%03d", number, i);
      StDonorInput input = { .code = code, .birth_year = "1980", .sex = i % 2 ? "male" : "female" };

      if (!st_donors_add (session, &input, &error))
        {
          g_printerr ("writer %d, donor %d: %s\n", number, i, error->message);
          _exit (1);
        }
    }
  g_clear_object (&session);
  _exit (0);
}

static gint64
count (const char *dbname,
       const char *sql)
{
  g_autofree char *value = st_test_pg_value (dbname, sql);

  return g_ascii_strtoll (value, NULL, 10);
}

static void
test_concurrent_writers (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dbname = st_test_pg_create_database (NULL);
  g_autofree char *location = st_test_pg_uri_for (dbname);
  StSiteSetup setup = {
    .site_name = "Concurrent site", .cert_language = "en",
    .admin_username = "admin", .admin_full_name = "Ada Admin", .admin_password = PASSWORD,
  };
  StSession *admin = st_site_create (location, &setup, &error);
  StPasswordKeys keys = { 0 };
  guint8 admin_kek[ST_KEY_LENGTH];
  guint8 operator_kek[ST_KEY_LENGTH];
  g_autoptr(StSession) reader = NULL;
  gint64 entries_before;
  GPid pids[WRITERS];
  int running = WRITERS;
  guint verifications = 0;

  g_assert_no_error (error);
  memcpy (admin_kek, st_session_get_kek (admin), ST_KEY_LENGTH);
  st_users_add_with_keys (admin, "operator", "Olga Operator", ST_ROLE_OPERATOR, PASSWORD, &keys, &error);
  g_assert_no_error (error);
  memcpy (operator_kek, keys.kek, ST_KEY_LENGTH);
  st_password_keys_clear (&keys);
  g_clear_object (&admin);
  entries_before = count (dbname, "SELECT count(*) FROM audit_trail");

  for (int w = 0; w < WRITERS; w++)
    {
      pids[w] = fork ();
      g_assert_cmpint (pids[w], >=, 0);
      if (pids[w] == 0)
        writer (location, operator_kek, w);
    }

  /* Meanwhile: every verification sees one consistent, intact trail. */
  reader = st_session_open (location, &error);
  g_assert_no_error (error);
  st_session_adopt (reader, "admin", admin_kek, &error);
  g_assert_no_error (error);
  while (running > 0)
    {
      StAuditReport report = { 0 };
      int status = 0;
      pid_t done;

      st_audit_verify (st_session_get_db (reader), &report, &error);
      g_assert_no_error (error);
      if (!report.intact)
        g_test_message ("while writing: entry %" G_GINT64_FORMAT ": %s", report.first_bad, report.reason);
      g_assert_true (report.intact);
      st_audit_report_clear (&report);
      verifications++;
      while ((done = waitpid (-1, &status, WNOHANG)) > 0)
        {
          g_assert_true (WIFEXITED (status));
          g_assert_cmpint (WEXITSTATUS (status), ==, 0);
          running--;
        }
    }
  g_test_message ("%u verifications while %d writers wrote", verifications, WRITERS);

  /* Nothing lost, and the chain is one line: 1 .. n without a gap. */
  g_assert_cmpint (count (dbname, "SELECT count(*) FROM donors"), ==, WRITERS * PER_WRITER);
  g_assert_cmpint (count (dbname, "SELECT count(*) FROM audit_trail"), >=,
                   entries_before + WRITERS * PER_WRITER);
  g_assert_cmpint (count (dbname, "SELECT max (seq) FROM audit_trail"), ==,
                   count (dbname, "SELECT count(*) FROM audit_trail"));
  g_assert_cmpint (count (dbname, "SELECT seq FROM audit_head"), ==,
                   count (dbname, "SELECT count(*) FROM audit_trail"));
  g_assert_cmpint (count (dbname, "SELECT count(*) FROM audit_trail a JOIN audit_trail b"
                                  " ON b.seq = a.seq + 1 AND b.prev_hash <> a.hash"), ==, 0);
  for (int w = 0; w < WRITERS; w++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM audit_trail WHERE tbl = 'donors'"
                                              " AND record LIKE 'W%d-%%' AND field = 'sex'", w);
      g_assert_cmpint (count (dbname, sql), ==, PER_WRITER);
    }
  {
    StAuditReport report = { 0 };
    st_audit_verify (st_session_get_db (reader), &report, &error);
    g_assert_no_error (error);
    g_assert_true (report.intact);
    g_assert_cmpint (report.entries, ==, count (dbname, "SELECT count(*) FROM audit_trail"));
    st_audit_report_clear (&report);
  }
  g_clear_object (&reader);
  memset (admin_kek, 0, sizeof admin_kek);
  memset (operator_kek, 0, sizeof operator_kek);
  st_test_pg_drop_database (dbname);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  if (st_test_pg_require ())
    g_test_add_func ("/core/pg/concurrent-writers", test_concurrent_writers);
  return g_test_run ();
}
