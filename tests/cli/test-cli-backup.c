/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "st-cli-reliability.h"

#include <glib/gstdio.h>
#include <string.h>

#include "st-deviations.h"
#include "st-session.h"

/*
 * `stromactl backup FILE` (CLI.md): administrators only; never over an
 * existing file; a missing folder is a storage failure; the copy is a
 * working site of its own that verifies; it can be taken while another
 * process keeps writing, also of a large site where someone is always
 * writing; and it is an audit event of the live database.
 */

#define LOT ST_CLI_TEST_LOT

static char *
path_in (StCliFixture *fixture,
         const char   *name)
{
  return g_build_filename (fixture->dir, name, NULL);
}

static void
test_admin_only (StCliFixture  *fixture,
                 gconstpointer  data)
{
  static const char *const users[] = { "operator", "reviewer", "qp" };
  g_autofree char *copy = path_in (fixture, "copy.db");
  g_autofree char *before = st_cli_db_digest (fixture->db);
  g_autofree char *after = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (users); i++)
    {
      g_autofree char *err = NULL;

      g_assert_cmpint (st_cli_run (fixture, users[i], NULL, &err, "backup", "copy.db", NULL), ==, 3);
      st_cli_assert_one_line (err);
      g_assert_nonnull (strstr (err, "admin"));
      g_assert_false (g_file_test (copy, G_FILE_TEST_EXISTS));
    }
  after = st_cli_db_digest (fixture->db);
  g_assert_cmpstr (before, ==, after);
}

static void
test_existing_file (StCliFixture  *fixture,
                    gconstpointer  data)
{
  g_autofree char *taken = path_in (fixture, "taken.db");
  g_autofree char *folder = path_in (fixture, "folder");
  g_autofree char *err = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *before = st_cli_db_digest (fixture->db);
  g_autofree char *after = NULL;

  g_assert_true (g_file_set_contents (taken, "yesterday's backup", -1, NULL));
  g_assert_cmpint (st_cli_run (fixture, "admin", NULL, &err, "backup", "taken.db", NULL), ==, 2);
  st_cli_assert_one_line (err);
  g_assert_nonnull (strstr (err, "already exists"));
  g_assert_true (g_file_get_contents (taken, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "yesterday's backup");

  g_clear_pointer (&err, g_free);
  g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);
  g_assert_cmpint (st_cli_run (fixture, "admin", NULL, &err, "backup", "folder", NULL), ==, 2);
  st_cli_assert_one_line (err);
  g_assert_nonnull (strstr (err, "folder"));

  after = st_cli_db_digest (fixture->db);
  g_assert_cmpstr (before, ==, after);
}

static void
test_missing_folder (StCliFixture  *fixture,
                     gconstpointer  data)
{
  g_autofree char *err = NULL;
  g_autofree char *missing = path_in (fixture, "missing");

  g_assert_cmpint (st_cli_run (fixture, "admin", NULL, &err, "backup", "/nonexistent/dir/site.db", NULL), ==, 4);
  st_cli_assert_one_line (err);
  g_assert_nonnull (strstr (err, "does not exist"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (st_cli_run (fixture, "admin", NULL, &err, "backup", "missing/site.db", NULL), ==, 4);
  st_cli_assert_one_line (err);
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));
}

/* The newest entry of the live trail. */
static JsonObject *
last_entry (JsonNode *trail)
{
  JsonArray *entries = json_node_get_array (trail);

  g_assert_cmpuint (json_array_get_length (entries), >, 0);
  return json_array_get_object_element (entries, json_array_get_length (entries) - 1);
}

static void
test_working_copy (StCliFixture  *fixture,
                   gconstpointer  data)
{
  g_autofree char *copy = path_in (fixture, "copy.db");
  StCliFixture restored = { fixture->dir, copy };
  g_autofree char *out = NULL;
  g_autofree char *sha256 = NULL;
  g_autoptr(JsonNode) trail = NULL;
  g_autoptr(JsonNode) live_lot = NULL;
  g_autoptr(JsonNode) copy_lot = NULL;
  g_autoptr(JsonNode) copy_list = NULL;
  g_autofree char *live_text = NULL;
  g_autofree char *copy_text = NULL;
  gint64 entries = st_cli_audit_entries (fixture->db);
  JsonObject *event;
  GStatBuf buf;

  g_assert_cmpint (st_cli_run (fixture, "admin", &out, NULL, "backup", "copy.db", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "integrity ok"));
  g_assert_cmpint (g_stat (copy, &buf), ==, 0);
  /* It holds the site's keys (sealed) and GMP records: the owner's only. */
  g_assert_cmpint (buf.st_mode & 0777, ==, 0600);
  sha256 = st_cli_file_sha256 (copy);
  g_assert_nonnull (strstr (out, sha256));

  /* An audit event of the live database, naming the copy and its digest. */
  g_assert_cmpint (st_cli_audit_entries (fixture->db), ==, entries + 1);
  trail = st_cli_run_json (fixture, "reviewer", NULL, "audit", "show", NULL);
  event = last_entry (trail);
  g_assert_cmpstr (json_object_get_string_member (event, "action"), ==, "backup");
  g_assert_cmpstr (json_object_get_string_member (event, "user"), ==, "admin");
  g_assert_cmpstr (json_object_get_string_member (event, "record"), ==, "copy.db");
  g_assert_cmpstr (json_object_get_string_member (event, "new_value"), ==, sha256);

  /* The copy is a working site: what was there, verified, open to work. */
  g_assert_cmpint (st_cli_audit_entries (copy), ==, entries);
  g_assert_cmpint (st_cli_run (&restored, "reviewer", NULL, NULL, "audit", "verify", NULL), ==, 0);
  copy_list = st_cli_run_json (&restored, "operator", NULL, "lot", "list", NULL);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (copy_list)), ==, 1);
  live_lot = st_cli_run_json (fixture, "operator", NULL, "lot", "show", LOT, NULL);
  copy_lot = st_cli_run_json (&restored, "operator", NULL, "lot", "show", LOT, NULL);
  live_text = json_to_string (live_lot, FALSE);
  copy_text = json_to_string (copy_lot, FALSE);
  g_assert_cmpstr (live_text, ==, copy_text);
  g_assert_cmpint (st_cli_run (&restored, "operator", NULL, NULL, "lot", "submit", LOT, NULL), ==, 0);
  g_assert_cmpint (st_cli_run (&restored, "reviewer", NULL, NULL, "audit", "verify", NULL), ==, 0);
  g_assert_cmpint (st_cli_run (fixture, "reviewer", NULL, NULL, "audit", "verify", NULL), ==, 0);
}

#define WRITES 8
/* A deviation's class, text and status. */
#define ENTRIES_PER_DEVIATION 3

typedef struct {
  StCliFixture *fixture;
  int statuses[WRITES];
  int done;                /* atomic: how many writes have ended */
} Writer;

static gpointer
write_deviations (gpointer data)
{
  Writer *writer = data;

  for (int i = 0; i < WRITES; i++)
    {
      g_autofree char *text = g_strdup_printf ("Writer during backup, entry %d", i);
      const char *args[] = { "deviation", "open", LOT, "--class", "minor", "--text", text, NULL };
      StCliChild child;
      StCliEnd end;

      st_cli_spawn (writer->fixture, "operator", ST_TEST_PASSWORD ("operator"), NULL, args, -1, &child);
      st_cli_wait (&child, &end);
      writer->statuses[i] = end.killed ? -1 : end.status;
      st_cli_end_clear (&end);
      g_atomic_int_inc (&writer->done);
    }
  return NULL;
}

static void
test_while_writing (StCliFixture  *fixture,
                    gconstpointer  data)
{
  g_autofree char *copy = path_in (fixture, "copy.db");
  Writer writer = { fixture };
  GThread *thread;
  gint64 entries = st_cli_audit_entries (fixture->db);
  gint64 copied;
  gint64 in_copy;
  int done_before;
  int done_after;

  thread = g_thread_new ("writer", write_deviations, &writer);
  while (g_atomic_int_get (&writer.done) < 2)
    g_usleep (10000);
  done_before = g_atomic_int_get (&writer.done);
  g_assert_cmpint (st_cli_run (fixture, "admin", NULL, NULL, "backup", "copy.db", NULL), ==, 0);
  done_after = g_atomic_int_get (&writer.done);
  g_thread_join (thread);

  for (int i = 0; i < WRITES; i++)
    g_assert_cmpint (writer.statuses[i], ==, 0);
  g_test_message ("backup taken while the writer had finished %d to %d of %d writes",
                  done_before, done_after, WRITES);
  g_assert_cmpint (done_after, <, WRITES);

  /* The copy is one consistent moment: between the writes, verified. */
  copied = st_cli_audit_entries (copy);
  in_copy = st_cli_query_int (copy, "SELECT count (*) FROM deviations");
  g_assert_cmpint (in_copy, >=, done_before);
  g_assert_cmpint (in_copy, <=, done_after + 1);
  g_assert_cmpint (copied, ==, entries + ENTRIES_PER_DEVIATION * in_copy);
  /* The live trail: every write and the backup, one line. */
  g_assert_cmpint (st_cli_audit_entries (fixture->db), ==, entries + ENTRIES_PER_DEVIATION * WRITES + 1);
  g_assert_cmpint (st_cli_query_int (fixture->db, "SELECT count (*) FROM deviations"), ==, WRITES);
  g_assert_cmpint (st_cli_run (fixture, "reviewer", NULL, NULL, "audit", "verify", NULL), ==, 0);
}

/* About 34 MB: several times the 4096 pages a backup used to copy in one
 * portion (see below). */
#define LARGE_SITE_LOTS "600"

typedef struct {
  const char *db;
  const char *lot;
  int stop;                /* atomic */
  int writes;              /* atomic */
  char *failure;
} Session;

/* A session of its own (as the desktop app's), writing back to back. */
static gpointer
keep_writing (gpointer data)
{
  Session *state = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(StSession) session = st_session_open (state->db, &error);

  if (session == NULL || !st_session_sign_in (session, "operator", "demo-password", &error))
    {
      state->failure = g_strdup (error->message);
      return NULL;
    }
  while (!g_atomic_int_get (&state->stop))
    {
      g_autofree char *text = g_strdup_printf ("Written during the backup, %d", g_atomic_int_get (&state->writes));
      gint64 number = 0;

      if (!st_deviations_open (session, state->lot, "minor", text, &number, &error))
        {
          state->failure = g_strdup (error->message);
          return NULL;
        }
      g_atomic_int_inc (&state->writes);
    }
  return NULL;
}

/*
 * A site larger than SQLite copies in one portion, and a session that
 * writes back to back: a backup made in portions started afresh
 * after every write and never finished.  It must finish, and the writer
 * must not be held up meanwhile.
 */
static void
test_large_busy_site (StCliFixture  *fixture,
                      gconstpointer  data)
{
  g_autofree char *large = path_in (fixture, "large.db");
  g_autofree char *copy = path_in (fixture, "large-copy.db");
  StCliFixture site = { fixture->dir, large };
  const char *demo[] = { "demo", "--lots", LARGE_SITE_LOTS, NULL };
  const char *backup[] = { "backup", copy, NULL };
  g_auto(GStrv) open_lots = NULL;
  Session writer = { large };
  GThread *thread;
  StCliChild child;
  StCliEnd end;
  gboolean ended;
  int writes_before;
  int writes_after;

  g_assert_cmpint (st_cli_run_env (&site, NULL, NULL, NULL, NULL, NULL, demo), ==, 0);
  g_assert_cmpint (st_cli_query_int (large, "PRAGMA page_count"), >, 4096);
  open_lots = st_cli_query_column (large, "SELECT lot_number FROM lots WHERE status = 'open'");
  g_assert_nonnull (open_lots[0]);
  writer.lot = open_lots[0];

  thread = g_thread_new ("writer", keep_writing, &writer);
  while (g_atomic_int_get (&writer.writes) < 5 && writer.failure == NULL)
    g_usleep (10000);
  writes_before = g_atomic_int_get (&writer.writes);
  st_cli_spawn (&site, "admin", "demo-password", NULL, backup, -1, &child);
  ended = st_cli_wait_at_most (&child, 60, &end);
  writes_after = g_atomic_int_get (&writer.writes);
  g_atomic_int_set (&writer.stop, 1);
  g_thread_join (thread);
  g_test_message ("backup of a site of %s: %s after %.1f s, %d writes meanwhile; %s%s",
                  LARGE_SITE_LOTS " lots", ended ? "done" : "killed", end.seconds, writes_after - writes_before,
                  end.out, end.err);

  g_assert_null (writer.failure);
  g_assert_true (ended);
  g_assert_cmpint (end.status, ==, 0);
  g_assert_cmpint (writes_after, >, writes_before);
  st_cli_end_clear (&end);
  g_assert_cmpint (st_cli_audit_entries (copy), >, 0);
  g_assert_cmpint (st_cli_audit_entries (large), >, 0);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  st_cli_test_init ();
#define ADD(path, func) \
  g_test_add (path, StCliFixture, NULL, st_cli_fixture_set_up, func, st_cli_fixture_tear_down)
  ADD ("/cli/backup/admin-only", test_admin_only);
  ADD ("/cli/backup/existing-file", test_existing_file);
  ADD ("/cli/backup/missing-folder", test_missing_folder);
  ADD ("/cli/backup/working-copy", test_working_copy);
  ADD ("/cli/backup/while-writing", test_while_writing);
  ADD ("/cli/backup/large-busy-site", test_large_busy_site);
#undef ADD
  return g_test_run ();
}
