/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "st-cli-test.h"

#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/*
 * The records as scripts read them: the JSON fields CLI.md promises, values
 * kept exactly as entered, corrections that keep the old value, the audit
 * trail per lot, and two writers at the same time.
 */

static gboolean
is_utc_time (const char *text)
{
  return text != NULL && g_regex_match_simple ("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ$", text, 0, 0);
}

static void
assert_member_type (JsonObject  *object,
                    const char  *name,
                    GType        type)
{
  JsonNode *node = json_object_get_member (object, name);

  g_assert_nonnull (node);
  if (type == G_TYPE_NONE)
    g_assert_true (JSON_NODE_HOLDS_NULL (node));
  else if (type == JSON_TYPE_ARRAY)
    g_assert_true (JSON_NODE_HOLDS_ARRAY (node));
  else if (type == JSON_TYPE_OBJECT)
    g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  else
    {
      g_assert_true (JSON_NODE_HOLDS_VALUE (node));
      g_assert_true (json_node_get_value_type (node) == type);
    }
}

static JsonObject *
find_by (JsonArray   *array,
         const char  *member,
         const char  *value)
{
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *object = json_array_get_object_element (array, i);
      if (g_strcmp0 (json_object_get_string_member (object, member), value) == 0)
        return object;
    }
  return NULL;
}

static void
test_lot_list_json (StCliFixture  *fixture,
                    gconstpointer  data)
{
  g_autoptr(JsonNode) all = st_cli_run_json (fixture, "reviewer", NULL, "lot", "list", NULL);
  g_autoptr(JsonNode) open = NULL;
  g_autoptr(JsonNode) released = NULL;
  JsonObject *lot;

  g_assert_true (JSON_NODE_HOLDS_ARRAY (all));
  g_assert_cmpuint (json_array_get_length (json_node_get_array (all)), ==, 1);
  lot = json_array_get_object_element (json_node_get_array (all), 0);
  g_assert_cmpstr (json_object_get_string_member (lot, "lot"), ==, ST_CLI_TEST_LOT);
  g_assert_cmpstr (json_object_get_string_member (lot, "status"), ==, "open");
  g_assert_cmpstr (json_object_get_string_member (lot, "verdict"), ==, "conform");
  g_assert_cmpstr (json_object_get_string_member (lot, "spec"), ==, "MSC-REL");
  assert_member_type (lot, "spec_version", G_TYPE_INT64);
  g_assert_cmpint (json_object_get_int_member (lot, "spec_version"), ==, 1);
  g_assert_true (is_utc_time (json_object_get_string_member (lot, "created_at")));

  open = st_cli_run_json (fixture, "reviewer", NULL, "lot", "list", "--status", "open", NULL);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (open)), ==, 1);
  released = st_cli_run_json (fixture, "reviewer", NULL, "lot", "list", "--status", "released", NULL);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (released));
  g_assert_cmpuint (json_array_get_length (json_node_get_array (released)), ==, 0);
}

static void
test_lot_show_json (StCliFixture  *fixture,
                    gconstpointer  data)
{
  g_autoptr(JsonNode) root = st_cli_run_json (fixture, "reviewer", NULL, "lot", "show", ST_CLI_TEST_LOT, NULL);
  JsonObject *lot = json_node_get_object (root);
  JsonArray *donors, *results, *passages;
  JsonObject *viability, *appearance, *derived;

  g_assert_cmpstr (json_object_get_string_member (lot, "lot"), ==, ST_CLI_TEST_LOT);
  g_assert_cmpstr (json_object_get_string_member (lot, "status"), ==, "open");
  g_assert_cmpstr (json_object_get_string_member (lot, "spec"), ==, "MSC-REL");
  assert_member_type (lot, "spec_version", G_TYPE_INT64);
  g_assert_cmpint (json_object_get_int_member (lot, "spec_version"), ==, 1);

  assert_member_type (lot, "donors", JSON_TYPE_ARRAY);
  donors = json_object_get_array_member (lot, "donors");
  g_assert_cmpuint (json_array_get_length (donors), ==, 1);
  {
    g_autofree char *first_donor = json_to_string (json_array_get_element (donors, 0), FALSE);
    g_assert_nonnull (strstr (first_donor, ST_CLI_TEST_DONOR));
  }

  results = json_object_get_array_member (lot, "results");
  g_assert_cmpuint (json_array_get_length (results), ==, 15);
  for (guint i = 0; i < json_array_get_length (results); i++)
    {
      JsonObject *result = json_array_get_object_element (results, i);
      assert_member_type (result, "param", G_TYPE_STRING);
      assert_member_type (result, "value", G_TYPE_STRING);
      g_assert_true (json_object_has_member (result, "unit"));
      g_assert_cmpstr (json_object_get_string_member (result, "entered_by"), ==, "operator");
      g_assert_true (is_utc_time (json_object_get_string_member (result, "entered_at")));
      assert_member_type (result, "superseded", G_TYPE_BOOLEAN);
      g_assert_false (json_object_get_boolean_member (result, "superseded"));
    }
  viability = find_by (results, "param", "viability");
  g_assert_cmpstr (json_object_get_string_member (viability, "value"), ==, "92.5");
  g_assert_cmpstr (json_object_get_string_member (viability, "unit"), ==, "%");
  /* A word result has no unit: the member is there, null. */
  appearance = find_by (results, "param", "appearance");
  g_assert_cmpstr (json_object_get_string_member (appearance, "value"), ==, "conforms");
  assert_member_type (appearance, "unit", G_TYPE_NONE);

  passages = json_object_get_array_member (lot, "passages");
  g_assert_cmpuint (json_array_get_length (passages), ==, 2);

  /* Passage 2; log2 (9) + log2 (12) = 6.755 population doublings. */
  derived = json_object_get_object_member (lot, "derived");
  g_assert_cmpint (json_object_get_int_member (derived, "passage"), ==, 2);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (derived, "cumulative_pd"), 6.755, 0.01);

  assert_member_type (lot, "signatures", JSON_TYPE_ARRAY);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (lot, "signatures")), ==, 0);
}

static void
test_values_as_entered_and_corrections (StCliFixture  *fixture,
                                        gconstpointer  data)
{
  g_autoptr(JsonNode) shown = NULL;
  g_autoptr(JsonNode) trail = NULL;
  JsonObject *lot, *derived, *entry;
  JsonArray *results, *entries;
  JsonObject *first, *second;
  gint64 last_seq = 0;
  guint corrections = 0;

  g_assert_cmpint (st_cli_run (fixture, "operator", NULL, NULL, "lot", "create", "LOT-0002",
                               "--donor", ST_CLI_TEST_DONOR, NULL), ==, 0);
  g_assert_cmpint (st_cli_run (fixture, "operator", NULL, NULL, "result", "record", "LOT-0002",
                               "viability", "92.50", NULL), ==, 0);
  g_assert_cmpint (st_cli_run (fixture, "operator2", NULL, NULL, "result", "correct", "LOT-0002",
                               "viability", "29.50", "--reason", "Digits transposed on entry", NULL), ==, 0);

  shown = st_cli_run_json (fixture, "reviewer", NULL, "lot", "show", "LOT-0002", NULL);
  lot = json_node_get_object (shown);
  results = json_object_get_array_member (lot, "results");
  g_assert_cmpuint (json_array_get_length (results), ==, 2);
  /* The old value stays in the record, superseded, exactly as typed. */
  first = json_array_get_object_element (results, 0);
  second = json_array_get_object_element (results, 1);
  g_assert_cmpstr (json_object_get_string_member (first, "param"), ==, "viability");
  g_assert_cmpstr (json_object_get_string_member (first, "value"), ==, "92.50");
  g_assert_true (json_object_get_boolean_member (first, "superseded"));
  g_assert_cmpstr (json_object_get_string_member (first, "entered_by"), ==, "operator");
  g_assert_cmpstr (json_object_get_string_member (second, "value"), ==, "29.50");
  g_assert_false (json_object_get_boolean_member (second, "superseded"));
  g_assert_cmpstr (json_object_get_string_member (second, "entered_by"), ==, "operator2");
  g_assert_cmpstr (json_object_get_string_member (second, "reason"), ==, "Digits transposed on entry");
  /* No passages yet: nothing to derive. */
  derived = json_object_get_object_member (lot, "derived");
  assert_member_type (derived, "passage", G_TYPE_NONE);
  assert_member_type (derived, "cumulative_pd", G_TYPE_NONE);

  /* The lot's trail, oldest first, with the correction's old value and reason. */
  trail = st_cli_run_json (fixture, "reviewer", NULL, "audit", "show", "--lot", "LOT-0002", NULL);
  entries = json_node_get_array (trail);
  g_assert_cmpuint (json_array_get_length (entries), >=, 3);
  entry = json_array_get_object_element (entries, 0);
  g_assert_cmpstr (json_object_get_string_member (entry, "table"), ==, "lots");
  g_assert_cmpstr (json_object_get_string_member (entry, "action"), ==, "create");
  for (guint i = 0; i < json_array_get_length (entries); i++)
    {
      entry = json_array_get_object_element (entries, i);
      g_assert_cmpint (json_object_get_int_member (entry, "seq"), >, last_seq);
      last_seq = json_object_get_int_member (entry, "seq");
      g_assert_cmpstr (json_object_get_string_member (entry, "lot"), ==, "LOT-0002");
      if (g_strcmp0 (json_object_get_string_member (entry, "action"), "correct") == 0)
        {
          corrections++;
          g_assert_cmpstr (json_object_get_string_member (entry, "field"), ==, "viability");
          g_assert_cmpstr (json_object_get_string_member (entry, "old_value"), ==, "92.50");
          g_assert_cmpstr (json_object_get_string_member (entry, "new_value"), ==, "29.50");
          g_assert_cmpstr (json_object_get_string_member (entry, "reason"), ==, "Digits transposed on entry");
          g_assert_cmpstr (json_object_get_string_member (entry, "user"), ==, "operator2");
        }
    }
  g_assert_cmpuint (corrections, ==, 1);
}

static void
assert_check_items (JsonObject *check)
{
  static const char *const verdicts[] = { "conform", "oos", "missing", "pending", "report", NULL };
  JsonArray *items = json_object_get_array_member (check, "items");

  g_assert_cmpuint (json_array_get_length (items), >, 0);
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);
      const char *verdict = json_object_get_string_member (item, "verdict");

      assert_member_type (item, "param", G_TYPE_STRING);
      g_assert_true (json_object_has_member (item, "value"));
      g_assert_true (json_object_has_member (item, "unit"));
      g_assert_true (json_object_has_member (item, "limit"));
      g_assert_true (g_strv_contains (verdicts, verdict));
      /* Whatever is missing has no value (CLI.md); the donors item keeps
       * its counts in "detail". */
      if (g_str_equal (verdict, "missing") || g_str_equal (verdict, "pending"))
        assert_member_type (item, "value", G_TYPE_NONE);
      if (g_str_equal (json_object_get_string_member (item, "param"), "donors"))
        assert_member_type (item, "detail", G_TYPE_STRING);
    }
}

static const char *
item_verdict (JsonObject *check,
              const char *param)
{
  JsonObject *item = find_by (json_object_get_array_member (check, "items"), "param", param);

  g_assert_nonnull (item);
  return json_object_get_string_member (item, "verdict");
}

static void
test_lot_check_json (StCliFixture  *fixture,
                     gconstpointer  data)
{
  g_autoptr(JsonNode) conforming = NULL;
  g_autoptr(JsonNode) incomplete = NULL;
  g_autoptr(JsonNode) oos = NULL;
  g_autoptr(JsonNode) donor = NULL;
  JsonObject *check, *item;
  int status = -1;

  conforming = st_cli_run_json (fixture, "reviewer", &status, "lot", "check", ST_CLI_TEST_LOT, NULL);
  g_assert_cmpint (status, ==, 0);
  check = json_node_get_object (conforming);
  g_assert_cmpstr (json_object_get_string_member (check, "lot"), ==, ST_CLI_TEST_LOT);
  g_assert_cmpstr (json_object_get_string_member (check, "spec"), ==, "MSC-REL");
  assert_member_type (check, "spec_version", G_TYPE_INT64);
  g_assert_cmpstr (json_object_get_string_member (check, "verdict"), ==, "conform");
  assert_check_items (check);
  item = find_by (json_object_get_array_member (check, "items"), "param", "viability");
  g_assert_cmpstr (json_object_get_string_member (item, "value"), ==, "92.5");
  g_assert_cmpstr (json_object_get_string_member (item, "unit"), ==, "%");
  g_assert_cmpstr (json_object_get_string_member (item, "limit"), ==, ">= 70");
  g_assert_cmpstr (item_verdict (check, "potency_mlr"), ==, "report");
  g_assert_cmpstr (item_verdict (check, "passage"), ==, "conform");
  g_assert_cmpstr (item_verdict (check, "donors"), ==, "conform");

  /* A pool with a donor not yet tested: incomplete, exit 1. */
  g_assert_cmpint (st_cli_run (fixture, "operator", NULL, NULL, "donor", "add", "D-0002", "--birth-year", "1979",
                               "--sex", "male", NULL), ==, 0);
  g_assert_cmpint (st_cli_run (fixture, "operator", NULL, NULL, "lot", "create", "POOL-0001", "--donor",
                               ST_CLI_TEST_DONOR, "--donor", "D-0002", NULL), ==, 0);
  incomplete = st_cli_run_json (fixture, "reviewer", &status, "lot", "check", "POOL-0001", NULL);
  g_assert_cmpint (status, ==, 1);
  check = json_node_get_object (incomplete);
  g_assert_cmpstr (json_object_get_string_member (check, "verdict"), ==, "incomplete");
  assert_check_items (check);
  g_assert_cmpstr (item_verdict (check, "viability"), ==, "missing");
  g_assert_cmpstr (item_verdict (check, "sterility"), ==, "pending");
  g_assert_cmpstr (item_verdict (check, "donors"), ==, "missing");

  /* An ineligible donor and an out-of-specification result: oos, exit 1. */
  g_assert_cmpint (st_cli_run (fixture, "operator", NULL, NULL, "donor", "test", "D-0002", "hiv", "positive",
                               "--sampled-on", "2026-01-10", NULL), ==, 0);
  g_assert_cmpint (st_cli_run (fixture, "operator", NULL, NULL, "result", "record", "POOL-0001",
                               "viability", "65", NULL), ==, 0);
  oos = st_cli_run_json (fixture, "reviewer", &status, "lot", "check", "POOL-0001", NULL);
  g_assert_cmpint (status, ==, 1);
  check = json_node_get_object (oos);
  g_assert_cmpstr (json_object_get_string_member (check, "verdict"), ==, "oos");
  assert_check_items (check);
  g_assert_cmpstr (item_verdict (check, "viability"), ==, "oos");
  g_assert_cmpstr (item_verdict (check, "donors"), ==, "oos");

  donor = st_cli_run_json (fixture, "reviewer", NULL, "donor", "show", "D-0002", NULL);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (donor), "eligibility"), ==, "ineligible");
}

static void
test_donor_show_json (StCliFixture  *fixture,
                      gconstpointer  data)
{
  g_autoptr(JsonNode) root = st_cli_run_json (fixture, "reviewer", NULL, "donor", "show", ST_CLI_TEST_DONOR, NULL);
  JsonObject *donor = json_node_get_object (root);
  JsonArray *tests;
  JsonObject *hiv;

  g_assert_cmpstr (json_object_get_string_member (donor, "donor"), ==, ST_CLI_TEST_DONOR);
  g_assert_cmpstr (json_object_get_string_member (donor, "eligibility"), ==, "eligible");
  tests = json_object_get_array_member (donor, "tests");
  g_assert_cmpuint (json_array_get_length (tests), ==, 8);
  hiv = find_by (tests, "marker", "hiv");
  g_assert_nonnull (hiv);
  g_assert_cmpstr (json_object_get_string_member (hiv, "result"), ==, "negative");
}

static void
test_deviations (StCliFixture  *fixture,
                 gconstpointer  data)
{
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonArray *list;
  JsonObject *deviation;

  g_assert_cmpint (st_cli_run (fixture, "operator", &first, NULL, "deviation", "open", ST_CLI_TEST_LOT,
                               "--class", "minor", "--text", "Bag label smudged", NULL), ==, 0);
  g_assert_cmpstr (first, ==, "1\n");
  g_assert_cmpint (st_cli_run (fixture, "operator", &second, NULL, "deviation", "open", ST_CLI_TEST_LOT,
                               "--class", "major", "--text", "Incubator alarm during passage 2", NULL), ==, 0);
  g_assert_cmpstr (second, ==, "2\n");
  g_assert_cmpint (st_cli_run (fixture, "reviewer", NULL, NULL, "deviation", "close", "2", "--assessment",
                               "Temperature stayed within 37 +/- 1 C; no impact", NULL), ==, 0);

  root = st_cli_run_json (fixture, "reviewer", NULL, "deviation", "list", NULL);
  list = json_node_get_array (root);
  g_assert_cmpuint (json_array_get_length (list), ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      deviation = json_array_get_object_element (list, i);
      assert_member_type (deviation, "number", G_TYPE_INT64);
      g_assert_cmpstr (json_object_get_string_member (deviation, "lot"), ==, ST_CLI_TEST_LOT);
      if (json_object_get_int_member (deviation, "number") == 1)
        {
          g_assert_cmpstr (json_object_get_string_member (deviation, "class"), ==, "minor");
          g_assert_cmpstr (json_object_get_string_member (deviation, "status"), ==, "open");
          g_assert_cmpstr (json_object_get_string_member (deviation, "text"), ==, "Bag label smudged");
          assert_member_type (deviation, "assessment", G_TYPE_NONE);
        }
      else
        {
          g_assert_cmpint (json_object_get_int_member (deviation, "number"), ==, 2);
          g_assert_cmpstr (json_object_get_string_member (deviation, "class"), ==, "major");
          g_assert_cmpstr (json_object_get_string_member (deviation, "status"), ==, "closed");
          g_assert_cmpstr (json_object_get_string_member (deviation, "assessment"), ==,
                           "Temperature stayed within 37 +/- 1 C; no impact");
        }
    }
}

/* Starts stromactl as "operator" without waiting for it. */
static GPid
start_writer (StCliFixture  *fixture,
              const char    *const *args,
              int           *stderr_fd)
{
  g_auto(GStrv) env = g_get_environ ();
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  GPid pid = 0;

  env = g_environ_setenv (env, "STROMA_DB", fixture->db, TRUE);
  env = g_environ_setenv (env, "STROMA_USER", "operator", TRUE);
  env = g_environ_setenv (env, "STROMA_PASSWORD", ST_TEST_PASSWORD ("operator"), TRUE);
  env = g_environ_setenv (env, "LC_ALL", "C.UTF-8", TRUE);
  g_ptr_array_add (argv, (gpointer) g_getenv ("STROMACTL"));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  g_spawn_async_with_pipes (fixture->dir, (char **) argv->pdata, env,
                            G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
                            &pid, NULL, NULL, stderr_fd, &error);
  g_assert_no_error (error);
  return pid;
}

static int
wait_writer (GPid pid,
             int  stderr_fd)
{
  char buffer[4096];
  gssize length;
  int status = 0;

  /* A few lines at most: they fit in the pipe while the child runs. */
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_spawn_close_pid (pid);
  length = read (stderr_fd, buffer, sizeof buffer - 1);
  close (stderr_fd);
  buffer[MAX (length, 0)] = '\0';
  g_test_message ("writer -> %d %s", WIFEXITED (status) ? WEXITSTATUS (status) : -1, buffer);
  g_assert_true (WIFEXITED (status));
  return WEXITSTATUS (status);
}

static void
test_two_writers (StCliFixture  *fixture,
                  gconstpointer  data)
{
  static const char *const pairs[][2][2] = {
    { { "cd73", "98.1" }, { "cd90", "99.2" } },
    { { "cd105", "97.3" }, { "cd45", "0.4" } },
    { { "cd34", "0.5" }, { "cd14", "0.6" } },
  };
  g_autoptr(JsonNode) trail = NULL;
  JsonArray *entries;
  guint found = 0;

  g_assert_cmpint (st_cli_run (fixture, "operator", NULL, NULL, "lot", "create", "LOT-0002",
                               "--donor", ST_CLI_TEST_DONOR, NULL), ==, 0);
  for (guint round = 0; round < G_N_ELEMENTS (pairs); round++)
    {
      GPid pids[2];
      int fds[2];

      for (guint w = 0; w < 2; w++)
        {
          const char *args[] = { "result", "record", "LOT-0002", pairs[round][w][0], pairs[round][w][1], NULL };
          pids[w] = start_writer (fixture, args, &fds[w]);
        }
      for (guint w = 0; w < 2; w++)
        g_assert_cmpint (wait_writer (pids[w], fds[w]), ==, 0);
    }

  g_assert_cmpint (st_cli_run (fixture, "reviewer", NULL, NULL, "audit", "verify", NULL), ==, 0);
  trail = st_cli_run_json (fixture, "reviewer", NULL, "audit", "show", "--lot", "LOT-0002", NULL);
  entries = json_node_get_array (trail);
  for (guint round = 0; round < G_N_ELEMENTS (pairs); round++)
    for (guint w = 0; w < 2; w++)
      {
        JsonObject *entry = find_by (entries, "field", pairs[round][w][0]);
        g_assert_nonnull (entry);
        g_assert_cmpstr (json_object_get_string_member (entry, "table"), ==, "results");
        g_assert_cmpstr (json_object_get_string_member (entry, "new_value"), ==, pairs[round][w][1]);
        found++;
      }
  g_assert_cmpuint (found, ==, 6);
}

static void
test_audit_verify_json (StCliFixture  *fixture,
                        gconstpointer  data)
{
  g_autoptr(JsonNode) verify = NULL;
  g_autoptr(JsonNode) trail = NULL;
  JsonObject *report;
  int status = -1;

  verify = st_cli_run_json (fixture, "reviewer", &status, "audit", "verify", NULL);
  g_assert_cmpint (status, ==, 0);
  report = json_node_get_object (verify);
  g_assert_true (json_object_get_boolean_member (report, "intact"));
  assert_member_type (report, "first_bad", G_TYPE_NONE);
  assert_member_type (report, "reason", G_TYPE_NONE);

  /* The whole trail, oldest first, as many entries as verified. */
  trail = st_cli_run_json (fixture, "reviewer", NULL, "audit", "show", NULL);
  g_assert_cmpint (json_object_get_int_member (report, "entries"), ==,
                   json_array_get_length (json_node_get_array (trail)));
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (json_node_get_array (trail), 0),
                                               "seq"), ==, 1);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  st_cli_test_init ();
#define ADD(path, func) \
  g_test_add (path, StCliFixture, NULL, st_cli_fixture_set_up, func, st_cli_fixture_tear_down)
  ADD ("/cli/records/lot-list-json", test_lot_list_json);
  ADD ("/cli/records/lot-show-json", test_lot_show_json);
  ADD ("/cli/records/values-as-entered-and-corrections", test_values_as_entered_and_corrections);
  ADD ("/cli/records/lot-check-json", test_lot_check_json);
  ADD ("/cli/records/donor-show-json", test_donor_show_json);
  ADD ("/cli/records/deviations", test_deviations);
  ADD ("/cli/records/two-writers", test_two_writers);
  ADD ("/cli/records/audit-verify-json", test_audit_verify_json);
#undef ADD
  return g_test_run ();
}
