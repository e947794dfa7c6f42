/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * What one operation on one lot costs inside the process, the password
 * derivation of signing in left out: lot check, lot show, a result entry
 * (a correction, committed), a release with its PDF certificate and the
 * verification of that certificate.  Run on a small and a large demo site,
 * the figures must be the same: every one of them reads its lot through
 * indexes.
 *
 *   bench-ops [DATABASE [REPEAT]]
 *
 * Prints one line per operation: "NAME MEDIAN_MS RUNS".  The site is
 * changed (results corrected, lots released): use a copy.  Without
 * DATABASE, a new demo site of STROMA_BENCH_OPS_LOTS lots (default 40) is
 * made in a temporary folder (and left there).
 */
#include "config.h"

#include <stdlib.h>

#include "st-certificate.h"
#include "st-demo.h"
#include "st-lots.h"
#include "st-signing.h"
#include "st-workflow.h"
#include "st-workflow-private.h"

#define MAX_LOTS 8

typedef struct {
  GPtrArray *lots;
} Found;

static gboolean
collect (const StLotRecord  *lot,
         gpointer            user_data,
         GError            **error)
{
  Found *found = user_data;

  if (found->lots->len < MAX_LOTS)
    g_ptr_array_add (found->lots, g_strdup (lot->lot_number));
  return TRUE;
}

/* The newest lots in @status (st_lots_foreach lists newest first). */
static GPtrArray *
lots_in (StSession  *session,
         const char *status)
{
  g_autoptr(GError) error = NULL;
  Found found = { g_ptr_array_new_with_free_func (g_free) };

  if (!st_lots_foreach (session, status, collect, &found, &error))
    g_error ("bench-ops: %s", error->message);
  if (found.lots->len == 0)
    g_error ("bench-ops: no lot is %s", status);
  return found.lots;
}

static StSession *
sign_in (const char *location,
         const char *username)
{
  g_autoptr(GError) error = NULL;
  StSession *session = st_session_open (location, &error);

  if (session == NULL || !st_session_sign_in (session, username, ST_DEMO_PASSWORD, &error))
    g_error ("bench-ops: %s: %s", username, error->message);
  return session;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

static void
report (const char *name,
        GArray     *ms)
{
  g_array_sort (ms, compare_doubles);
  g_print ("%s %.3f %u\n", name, g_array_index (ms, double, ms->len / 2), ms->len);
}

static double
since_ms (gint64 start)
{
  return (g_get_monotonic_time () - start) / 1000.0;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(StSession) operator = NULL;
  g_autoptr(StSession) qp = NULL;
  g_autoptr(StSigningKey) key = NULL;
  g_autoptr(GPtrArray) open_lots = NULL;
  g_autoptr(GPtrArray) reviewed = NULL;
  g_autoptr(StCertificate) certificate = NULL;
  g_autoptr(GArray) check_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) show_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) entry_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) release_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) verify_ms = g_array_new (FALSE, FALSE, sizeof (double));
  guint repeat = argc > 2 ? (guint) atoi (argv[2]) : 50;
  g_autofree char *location = NULL;

  if (argc > 1)
    location = g_strdup (argv[1]);
  else
    {
      const char *env = g_getenv ("STROMA_BENCH_OPS_LOTS");
      guint n_lots = env != NULL ? (guint) atoi (env) : 40;
      g_autofree char *folder = g_dir_make_tmp ("stroma-bench-XXXXXX", &error);

      g_assert_no_error (error);
      location = g_build_filename (folder, "bench.db", NULL);
      if (!st_demo_create (location, n_lots, NULL, NULL, NULL, &error))
        g_error ("bench-ops: %s", error->message);
      g_print ("demo site of %u lots: %s\n", n_lots, location);
    }
  operator = sign_in (location, "operator");
  qp = sign_in (location, "qp");
  open_lots = lots_in (operator, "open");
  reviewed = lots_in (qp, "reviewed");

  for (guint i = 0; i < repeat; i++)
    {
      const char *lot = g_ptr_array_index (open_lots, i % open_lots->len);
      g_autoptr(StLotCheck) check = NULL;
      g_autoptr(StLot) record = NULL;
      gint64 start = g_get_monotonic_time ();

      check = st_lots_check (operator, lot, &error);
      g_assert_no_error (error);
      g_array_append_val (check_ms, (double) { since_ms (start) });
      start = g_get_monotonic_time ();
      record = st_lots_get (operator, lot, &error);
      g_assert_no_error (error);
      g_array_append_val (show_ms, (double) { since_ms (start) });
    }

  /* Each correction commits (and waits for the disk, synchronous=FULL). */
  for (guint i = 0; i < MIN (repeat, 20u); i++)
    {
      const char *lot = g_ptr_array_index (open_lots, 0);
      g_autofree char *value = g_strdup_printf ("%u.%u", 80 + i % 2, g_random_int_range (0, 10));
      gint64 start = g_get_monotonic_time ();

      if (!st_lots_correct_result (operator, lot, "viability", value, "bench: recount", &error))
        {
          /* The same value drawn twice: nothing to correct. */
          g_clear_error (&error);
          continue;
        }
      g_array_append_val (entry_ms, (double) { since_ms (start) });
    }

  key = st_signing_unlock (qp, ST_DEMO_PASSWORD, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < MIN (reviewed->len, 3u); i++)
    {
      gint64 start = g_get_monotonic_time ();

      g_clear_pointer (&certificate, st_certificate_free);
      certificate = st_workflow_release_with_key (qp, g_ptr_array_index (reviewed, i), ST_RELEASE_FULL, 0, key,
                                                  &error);
      if (certificate == NULL)
        {
          /* An initial certification is left pending: not every reviewed lot conforms. */
          g_clear_error (&error);
          continue;
        }
      g_array_append_val (release_ms, (double) { since_ms (start) });
    }
  if (certificate != NULL)
    for (guint i = 0; i < MIN (repeat, 20u); i++)
      {
        StCertificateReport verification = { 0 };
        gint64 start = g_get_monotonic_time ();

        if (!st_certificate_verify (qp, certificate->pdf, certificate->cms, NULL, &verification, &error))
          g_error ("bench-ops: certificate verify: %s", error->message);
        g_array_append_val (verify_ms, (double) { since_ms (start) });
        st_certificate_report_clear (&verification);
      }

  report ("lot-check", check_ms);
  report ("lot-show", show_ms);
  if (entry_ms->len > 0)
    report ("result-entry", entry_ms);
  if (release_ms->len > 0)
    report ("release-with-pdf", release_ms);
  if (verify_ms->len > 0)
    report ("certificate-verify", verify_ms);
  return 0;
}
