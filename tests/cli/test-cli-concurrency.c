/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "st-cli-reliability.h"

#include <string.h>

#include "st-deviations.h"
#include "st-session.h"

/*
 * Eight stromactl writer processes at once, each several commands in a row
 * on its own lot (results, passages, deviations), next to a session inside
 * this process that writes all the time (standing for the desktop app's
 * session, with its own connection) and a reader that verifies the audit
 * trail meanwhile: BEGIN IMMEDIATE, the busy timeout and the bounded
 * retries of st-db-sqlite.c mean that no write is ever refused, and the
 * audit chain stays one line holding exactly every write.
 */

#define WRITERS 8
#define OPERATOR_PASSWORD ST_TEST_PASSWORD ("operator")

static const char *const sequence[][8] = {
  { "result", "record", NULL, "viability", "91.5", NULL },
  { "passage", "add", NULL, "1", "--seeded", "1000000", "--harvested", "8000000" },
  { "result", "record", NULL, "cd73", "97.9", NULL },
  { "deviation", "open", NULL, "--class", "minor", "--text", "Late sampling", NULL },
  { "result", "record", NULL, "cell_concentration", "2.2", NULL },
  { "passage", "add", NULL, "2", "--seeded", "1000000", "--harvested", "9000000" },
};

typedef struct {
  StCliFixture *fixture;
  char *lot;
  int statuses[G_N_ELEMENTS (sequence)];
  char *errors;
} Writer;

/* One writer's commands, one after the other, on its lot. */
static void
run_sequence (StCliFixture *fixture,
              const char   *lot,
              int          *statuses,
              GString      *errors)
{
  for (guint i = 0; i < G_N_ELEMENTS (sequence); i++)
    {
      g_autoptr(GPtrArray) args = g_ptr_array_new ();
      StCliChild child;
      StCliEnd end;

      for (guint a = 0; a < G_N_ELEMENTS (sequence[i]) && (a == 2 || sequence[i][a] != NULL); a++)
        g_ptr_array_add (args, (gpointer) (a == 2 ? lot : sequence[i][a]));
      if (g_str_equal (sequence[i][0], "passage"))
        {
          g_ptr_array_add (args, (gpointer) "--seeded-on");
          g_ptr_array_add (args, (gpointer) "2026-02-01");
          g_ptr_array_add (args, (gpointer) "--harvested-on");
          g_ptr_array_add (args, (gpointer) "2026-02-08");
        }
      g_ptr_array_add (args, NULL);
      st_cli_spawn (fixture, "operator", OPERATOR_PASSWORD, NULL, (const char * const *) args->pdata, -1, &child);
      st_cli_wait (&child, &end);
      statuses[i] = end.killed ? -1 : end.status;
      if (*end.err)
        g_string_append_printf (errors, "%s %s %s: %s", sequence[i][0], sequence[i][1], lot, end.err);
      st_cli_end_clear (&end);
    }
}

static gpointer
writer_thread (gpointer data)
{
  Writer *writer = data;
  g_autoptr(GString) errors = g_string_new (NULL);

  run_sequence (writer->fixture, writer->lot, writer->statuses, errors);
  writer->errors = g_string_free (g_steal_pointer (&errors), FALSE);
  return NULL;
}

typedef struct {
  const char *db;
  int stop;                /* atomic */
  guint writes;
  char *failure;
} InProcess;

/* A session of its own, writing deviations one after the other until told to stop. */
static gpointer
session_thread (gpointer data)
{
  InProcess *state = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(StSession) session = st_session_open (state->db, &error);

  if (session == NULL || !st_session_sign_in (session, "operator", OPERATOR_PASSWORD, &error))
    {
      state->failure = g_strdup (error->message);
      return NULL;
    }
  while (!g_atomic_int_get (&state->stop))
    {
      g_autofree char *text = g_strdup_printf ("In-process session, write %u", state->writes);
      gint64 number = 0;

      if (!st_deviations_open (session, ST_CLI_TEST_LOT, "minor", text, &number, &error))
        {
          state->failure = g_strdup_printf ("write %u: %s", state->writes, error->message);
          return NULL;
        }
      state->writes++;
      /* As fast as a person could not: a few hundred changes a second. */
      g_usleep (2000);
    }
  return NULL;
}

typedef struct {
  const char *db;
  int stop;                /* atomic */
  guint verifications;
} Reader;

static gpointer
reader_thread (gpointer data)
{
  Reader *reader = data;

  /* st_cli_audit_entries asserts that the trail is intact. */
  while (!g_atomic_int_get (&reader->stop))
    {
      st_cli_audit_entries (reader->db);
      reader->verifications++;
      g_usleep (50000);
    }
  return NULL;
}

static void
test_eight_writers (StCliFixture  *fixture,
                    gconstpointer  data)
{
  Writer writers[WRITERS] = { 0 };
  GThread *threads[WRITERS];
  InProcess in_process = { fixture->db };
  Reader reader = { fixture->db };
  GThread *session;
  GThread *verifier;
  gint64 before;
  gint64 per_sequence;
  gint64 entries;
  g_autoptr(GString) errors = g_string_new (NULL);
  int statuses[G_N_ELEMENTS (sequence)];
  gint64 started;

  /* One writer's sequence alone first: how many audit entries it makes. */
  g_assert_cmpint (st_cli_run (fixture, "operator", NULL, NULL, "lot", "create", "LOT-W0",
                               "--donor", ST_CLI_TEST_DONOR, NULL), ==, 0);
  before = st_cli_audit_entries (fixture->db);
  run_sequence (fixture, "LOT-W0", statuses, errors);
  g_assert_cmpstr (errors->str, ==, "");
  per_sequence = st_cli_audit_entries (fixture->db) - before;
  g_assert_cmpint (per_sequence, >=, (gint64) G_N_ELEMENTS (sequence));

  for (guint w = 0; w < WRITERS; w++)
    {
      writers[w].fixture = fixture;
      writers[w].lot = g_strdup_printf ("LOT-W%u", w + 1);
      g_assert_cmpint (st_cli_run (fixture, "operator", NULL, NULL, "lot", "create", writers[w].lot,
                                   "--donor", ST_CLI_TEST_DONOR, NULL), ==, 0);
    }
  before = st_cli_audit_entries (fixture->db);

  started = g_get_monotonic_time ();
  session = g_thread_new ("session", session_thread, &in_process);
  verifier = g_thread_new ("reader", reader_thread, &reader);
  for (guint w = 0; w < WRITERS; w++)
    threads[w] = g_thread_new ("writer", writer_thread, &writers[w]);
  for (guint w = 0; w < WRITERS; w++)
    g_thread_join (threads[w]);
  g_atomic_int_set (&in_process.stop, 1);
  g_atomic_int_set (&reader.stop, 1);
  g_thread_join (session);
  g_thread_join (verifier);
  g_test_message ("%d processes x %u commands and %u in-process writes in %.1f s; %u verifications meanwhile",
                  WRITERS, (guint) G_N_ELEMENTS (sequence), in_process.writes,
                  (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC, reader.verifications);

  /* Not one write refused, by any writer. */
  g_assert_cmpstr (in_process.failure, ==, NULL);
  g_assert_cmpuint (in_process.writes, >, 0);
  for (guint w = 0; w < WRITERS; w++)
    {
      g_assert_cmpstr (writers[w].errors, ==, "");
      for (guint i = 0; i < G_N_ELEMENTS (sequence); i++)
        g_assert_cmpint (writers[w].statuses[i], ==, 0);
      g_free (writers[w].lot);
      g_free (writers[w].errors);
    }

  /* One chain holding every write: 3 entries per in-process deviation. */
  entries = st_cli_audit_entries (fixture->db);
  g_assert_cmpint (entries, ==, before + WRITERS * per_sequence + 3 * (gint64) in_process.writes);
  g_assert_cmpint (st_cli_query_int (fixture->db, "SELECT count (*) FROM audit_trail"), ==, entries);
  g_assert_cmpint (st_cli_query_int (fixture->db, "SELECT max (seq) FROM audit_trail"), ==, entries);
  g_assert_cmpint (st_cli_query_int (fixture->db, "SELECT seq FROM audit_head"), ==, entries);
  g_assert_cmpint (st_cli_run (fixture, "reviewer", NULL, NULL, "audit", "verify", NULL), ==, 0);
  {
    g_autofree char *integrity = st_cli_integrity (fixture->db);
    g_assert_cmpstr (integrity, ==, "ok");
  }
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  st_cli_test_init ();
  g_test_add ("/cli/concurrency/eight-writers", StCliFixture, NULL, st_cli_fixture_set_up, test_eight_writers,
              st_cli_fixture_tear_down);
  return g_test_run ();
}
