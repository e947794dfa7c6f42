/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "st-cli-reliability.h"

#include <glib/gstdio.h>
#include <string.h>

/*
 * Crash safety: stromactl killed with SIGKILL at random moments while it
 * writes (result record, passage add, donor test, deviation open) and signs
 * (lot review, lot release), round after round on one demo site.  After
 * every round the file passes SQLite's integrity check, `audit verify`
 * exits 0, and every write that had reported success (exit 0 before the
 * kill) is still there.  The moments are random but seeded: set
 * STROMA_CRASH_SEED to repeat a run (the seed is in the test log).
 *
 * The writing itself takes milliseconds after a password hash of a quarter
 * of a second, so a random moment would seldom fall into it: the disk is
 * made slow (the fault VFS of tests/fault, no faults, every write and sync
 * waiting SLOW_DISK_US), which stretches the commit and the checkpoint to
 * a good part of the run, as on a slow disk.
 */

#define ROUNDS 60
#define DEFAULT_SEED 20261126
#define PASSWORD "demo-password"
#define SLOW_DISK_US "4000"
/* Runs of each kind that go to their end first, to time the kind. */
#define TIMING_RUNS 2

typedef enum {
  OP_RESULT,
  OP_PASSAGE,
  OP_DONOR_TEST,
  OP_DEVIATION,
  OP_REVIEW,
  OP_RELEASE,
  N_OPS
} Op;

static const char *const op_names[N_OPS] = {
  "result record", "passage add", "donor test", "deviation open", "lot review", "lot release",
};
/* Every block of rounds has each kind of write once and each signature
 * twice, in a random order: signatures are half of the rounds. */
static const Op op_block[] = {
  OP_RESULT, OP_PASSAGE, OP_DONOR_TEST, OP_DEVIATION, OP_REVIEW, OP_REVIEW, OP_RELEASE, OP_RELEASE,
};

static const char *const results[][2] = {
  { "appearance", "conforms" }, { "viability", "92.5" }, { "cell_concentration", "2.1" },
  { "cd73", "98.1" }, { "cd90", "99.0" }, { "cd105", "97.4" }, { "cd45", "0.8" }, { "cd34", "0.4" },
  { "cd14", "1.1" }, { "cd19", "0.3" }, { "hla_dr", "0.9" }, { "sterility", "no-growth" },
  { "endotoxin", "0.12" }, { "mycoplasma", "not-detected" }, { "potency_mlr", "54" },
};

typedef struct {
  Op op;
  char *user;
  GPtrArray *args;         /* NULL-terminated */
  /* Counts the rows the write makes; it made one when the count rose. */
  char *count_sql;
  gint64 count_before;
} Write;

static void
write_free (Write *write)
{
  g_free (write->user);
  g_ptr_array_unref (write->args);
  g_free (write->count_sql);
  g_free (write);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Write, write_free)

typedef struct {
  StCliFixture site;
  GStrv env;
  GRand *rand;
  guint round;
  Op block[G_N_ELEMENTS (op_block)];
} Crash;

static char *
pick (Crash  *crash,
      GStrv   list)
{
  guint length = g_strv_length (list);

  return length > 0 ? g_strdup (list[g_rand_int_range (crash->rand, 0, (gint32) length)]) : NULL;
}

static Write *
new_write (Op          op,
           const char *user,
           char       *count_sql,
           ...)
{
  Write *write = g_new0 (Write, 1);
  const char *arg;
  va_list args;

  write->op = op;
  write->user = g_strdup (user);
  write->count_sql = count_sql;
  write->args = g_ptr_array_new_with_free_func (g_free);
  va_start (args, count_sql);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (write->args, g_strdup (arg));
  va_end (args);
  g_ptr_array_add (write->args, NULL);
  return write;
}

/* A write of kind @op that the site's present state allows; NULL if none. */
static Write *
plan_write (Crash *crash,
            Op     op)
{
  const char *db = crash->site.db;
  g_auto(GStrv) open_lots = st_cli_query_column (db, "SELECT lot_number FROM lots WHERE status = 'open' ORDER BY id");

  switch (op)
    {
    case OP_RESULT:
      for (guint attempt = 0; attempt < 20; attempt++)
        {
          g_autofree char *lot = pick (crash, open_lots);
          guint i = (guint) g_rand_int_range (crash->rand, 0, G_N_ELEMENTS (results));
          g_autofree char *sql = NULL;

          if (lot == NULL)
            return NULL;
          sql = g_strdup_printf ("SELECT count (*) FROM results r JOIN lots l ON l.id = r.lot_id"
                                 " WHERE l.lot_number = '%s' AND r.param = '%s'", lot, results[i][0]);
          if (st_cli_query_int (db, sql) == 0)
            return new_write (op, "operator", g_steal_pointer (&sql),
                              "result", "record", lot, results[i][0], results[i][1], NULL);
        }
      return NULL;
    case OP_PASSAGE:
      {
        g_autofree char *lot = pick (crash, open_lots);
        g_autofree char *max_sql = NULL;
        g_autofree char *number = NULL;

        if (lot == NULL)
          return NULL;
        max_sql = g_strdup_printf ("SELECT coalesce (max (p.number), 0) FROM passages p JOIN lots l"
                                   " ON l.id = p.lot_id WHERE l.lot_number = '%s'", lot);
        number = g_strdup_printf ("%" G_GINT64_FORMAT, st_cli_query_int (db, max_sql) + 1);
        return new_write (op, "operator",
                          g_strdup_printf ("SELECT count (*) FROM passages p JOIN lots l ON l.id = p.lot_id"
                                           " WHERE l.lot_number = '%s' AND p.number = %s", lot, number),
                          "passage", "add", lot, number, "--seeded", "1000000", "--harvested", "6000000",
                          "--seeded-on", "2025-03-01", "--harvested-on", "2025-03-08", NULL);
      }
    case OP_DONOR_TEST:
      {
        g_auto(GStrv) donors = st_cli_query_column (db, "SELECT code FROM donors WHERE eligibility = 'eligible'");
        g_autofree char *donor = pick (crash, donors);
        g_autoptr(GDate) date = g_date_new_dmy (1, G_DATE_JANUARY, 2024);
        char sampled_on[16];

        if (donor == NULL)
          return NULL;
        /* Each round's test is told apart by its date. */
        g_date_add_days (date, crash->round);
        g_date_strftime (sampled_on, sizeof sampled_on, "%Y-%m-%d", date);
        return new_write (op, "operator",
                          g_strdup_printf ("SELECT count (*) FROM donor_tests t JOIN donors d ON d.id = t.donor_id"
                                           " WHERE d.code = '%s' AND t.marker = 'htlv' AND t.sampled_on = '%s'",
                                           donor, sampled_on),
                          "donor", "test", donor, "htlv", "negative", "--sampled-on", sampled_on, NULL);
      }
    case OP_DEVIATION:
      {
        g_autofree char *lot = pick (crash, open_lots);
        g_autofree char *text = g_strdup_printf ("Incubator door found ajar (crash round %u)", crash->round);

        if (lot == NULL)
          return NULL;
        return new_write (op, "operator",
                          g_strdup_printf ("SELECT count (*) FROM deviations WHERE text = '%s'", text),
                          "deviation", "open", lot, "--class", "minor", "--text", text, NULL);
      }
    case OP_REVIEW:
      {
        g_auto(GStrv) lots = st_cli_query_column (db, "SELECT lot_number FROM lots WHERE status = 'in_review'");
        g_autofree char *lot = pick (crash, lots);

        if (lot == NULL)
          return NULL;
        return new_write (op, "reviewer",
                          g_strdup_printf ("SELECT count (*) FROM signatures s JOIN lots l ON l.id = s.lot_id"
                                           " WHERE l.lot_number = '%s' AND s.meaning = 'reviewed'", lot),
                          "lot", "review", lot, NULL);
      }
    case OP_RELEASE:
      {
        g_auto(GStrv) lots = st_cli_query_column (db, "SELECT lot_number FROM lots"
                                                      " WHERE status = 'reviewed' AND verdict = 'conform'");
        g_autofree char *lot = pick (crash, lots);

        if (lot == NULL)
          return NULL;
        /* The certificate with its signature, in the same transaction as the status. */
        return new_write (op, "qp",
                          g_strdup_printf ("SELECT count (*) FROM certificates c JOIN lots l ON l.id = c.lot_id"
                                           " WHERE l.lot_number = '%s' AND l.status = 'released'", lot),
                          "lot", "release", lot, "--out", "certificates", NULL);
      }
    case N_OPS:
    default:
      g_assert_not_reached ();
    }
}

static Op
choose_op (Crash *crash)
{
  guint at = (crash->round - 1) % G_N_ELEMENTS (op_block);

  if (at == 0)
    {
      /* A new block, shuffled (Fisher-Yates). */
      memcpy (crash->block, op_block, sizeof op_block);
      for (guint i = G_N_ELEMENTS (op_block) - 1; i > 0; i--)
        {
          guint j = (guint) g_rand_int_range (crash->rand, 0, (gint32) i + 1);
          Op swap = crash->block[i];
          crash->block[i] = crash->block[j];
          crash->block[j] = swap;
        }
    }
  return crash->block[at];
}

static gint64
file_size (const char *path)
{
  GStatBuf buf;

  return g_stat (path, &buf) == 0 ? (gint64) buf.st_size : 0;
}

static void
assert_site_sound (Crash     *crash,
                   GPtrArray *acknowledged)
{
  g_autofree char *integrity = st_cli_integrity (crash->site.db);
  g_autofree char *out = NULL;
  const char *args[] = { "audit", "verify", NULL };

  g_assert_cmpstr (integrity, ==, "ok");
  g_assert_cmpint (st_cli_run_env (&crash->site, "reviewer", PASSWORD, NULL, &out, NULL, args), ==, 0);
  g_assert_nonnull (strstr (out, "intact"));
  /* Nothing that was reported done is lost. */
  for (guint i = 0; i < acknowledged->len; i++)
    {
      const Write *write = g_ptr_array_index (acknowledged, i);
      if (st_cli_query_int (crash->site.db, write->count_sql) <= write->count_before)
        g_error ("round %u: the acknowledged %s (%s) is gone", crash->round, op_names[write->op],
                 write->count_sql);
    }
}

static void
test_kill_during_writes (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) acknowledged = g_ptr_array_new_with_free_func ((GDestroyNotify) write_free);
  g_autofree char *certificates = NULL;
  const char *seed_text = g_getenv ("STROMA_CRASH_SEED");
  guint32 seed = seed_text ? (guint32) g_ascii_strtoull (seed_text, NULL, 10) : DEFAULT_SEED;
  double seconds[N_OPS] = { 0 };
  guint finished[N_OPS] = { 0 };
  guint killed[N_OPS] = { 0 };
  guint landed[N_OPS] = { 0 };
  guint torn[N_OPS] = { 0 };
  g_autofree char *wal = NULL;
  guint killed_total = 0;
  guint killed_signing = 0;
  Crash crash = { 0 };

  crash.site.dir = g_dir_make_tmp ("stroma-crash-XXXXXX", &error);
  g_assert_no_error (error);
  crash.site.db = g_build_filename (crash.site.dir, "site.db", NULL);
  crash.rand = g_rand_new_with_seed (seed);
  wal = g_strconcat (crash.site.db, "-wal", NULL);
  certificates = g_build_filename (crash.site.dir, "certificates", NULL);
  g_assert_cmpint (g_mkdir (certificates, 0700), ==, 0);
  g_test_message ("seed %u (STROMA_CRASH_SEED)", seed);
  {
    GPtrArray *env = g_ptr_array_new ();

    g_ptr_array_add (env, g_strconcat ("LD_PRELOAD=", st_cli_fault_vfs (), NULL));
    g_ptr_array_add (env, g_strdup ("STROMA_FAULT_SLOW_US=" SLOW_DISK_US));
    g_ptr_array_add (env, st_cli_preload_asan_option ());
    g_ptr_array_add (env, NULL);
    crash.env = (GStrv) g_ptr_array_free (env, FALSE);
  }

  /* A site with lots in every state, made once (users' password: demo-password). */
  {
    const char *args[] = { "demo", "--lots", "200", NULL };
    g_assert_cmpint (st_cli_run_env (&crash.site, NULL, NULL, NULL, NULL, NULL, args), ==, 0);
  }

  for (crash.round = 1; crash.round <= ROUNDS; crash.round++)
    {
      Op op = choose_op (&crash);
      g_autoptr(Write) write = plan_write (&crash, op);
      StCliChild child;
      StCliEnd end = { 0 };
      double delay;

      if (write == NULL)
        write = plan_write (&crash, op = OP_RESULT);
      g_assert_nonnull (write);
      write->count_before = st_cli_query_int (crash.site.db, write->count_sql);

      /* The first of each kind run to their end: how long the kind takes.
       * Later ones are killed anywhere in that time (or not: it may end
       * first), half of them in its second half, after the password
       * hashes, where the writing is. */
      if (finished[op] < TIMING_RUNS)
        delay = -1;
      else
        {
          double mean = seconds[op] / finished[op];
          delay = g_rand_boolean (crash.rand) ? g_rand_double_range (crash.rand, 0.0, 1.3 * mean)
                                              : g_rand_double_range (crash.rand, 0.5 * mean, 1.1 * mean);
        }
      st_cli_spawn (&crash.site, write->user, PASSWORD, (const char * const *) crash.env,
                    (const char * const *) write->args->pdata, -1, &child);
      if (delay < 0)
        st_cli_wait (&child, &end);
      else
        {
          g_usleep ((gulong) (delay * G_USEC_PER_SEC));
          st_cli_kill (&child, &end);
        }

      if (end.killed)
        {
          /* Frames in the WAL before anyone recovers it: it was writing. */
          gint64 wal_bytes = file_size (wal);
          gboolean made = st_cli_query_int (crash.site.db, write->count_sql) > write->count_before;

          killed[op]++;
          killed_total++;
          if (op == OP_REVIEW || op == OP_RELEASE)
            killed_signing++;
          if (made)
            landed[op]++;
          else if (wal_bytes > 0)
            torn[op]++;
          g_test_message ("round %u: %s %s killed after %.0f ms (%s; WAL %" G_GINT64_FORMAT " bytes)",
                          crash.round, op_names[op], (const char *) g_ptr_array_index (write->args, 2),
                          delay * 1000, made ? "it had committed" : "nothing written", wal_bytes);
        }
      else
        {
          g_test_message ("round %u: %s %s ended with %d after %.0f ms%s%s", crash.round, op_names[op],
                          (const char *) g_ptr_array_index (write->args, 2), end.status, end.seconds * 1000,
                          *end.err ? ": " : "", end.err);
          /* Every write is planned to be allowed: it must go through. */
          g_assert_cmpint (end.status, ==, 0);
          g_assert_cmpint (st_cli_query_int (crash.site.db, write->count_sql), >, write->count_before);
          seconds[op] += end.seconds;
          finished[op]++;
          g_ptr_array_add (acknowledged, g_steal_pointer (&write));
        }
      st_cli_end_clear (&end);
      assert_site_sound (&crash, acknowledged);
    }

  for (Op op = 0; op < N_OPS; op++)
    g_test_message ("%-15s %2u ran to the end (%.0f ms on average), %2u killed: %u in the middle of writing, "
                    "%u after the commit", op_names[op], finished[op],
                    finished[op] ? 1000 * seconds[op] / finished[op] : 0.0, killed[op], torn[op], landed[op]);
  g_test_message ("%u rounds, %u killed (%u while signing), %u acknowledged writes all kept",
                  ROUNDS, killed_total, killed_signing, acknowledged->len);
  /* The test proves something only if it really killed, also while signing. */
  g_assert_cmpuint (killed_total, >=, ROUNDS / 2);
  g_assert_cmpuint (killed_signing, >=, 10);

  st_cli_remove_tree (crash.site.dir);
  g_free (crash.site.dir);
  g_free (crash.site.db);
  g_rand_free (crash.rand);
  g_strfreev (crash.env);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/cli/crash/kill-during-writes", test_kill_during_writes);
  return g_test_run ();
}
