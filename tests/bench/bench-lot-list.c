/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * How long the lot list takes on a large site: counting and reading a window
 * of rows at the start, the middle and the end, for each sort, with a search
 * and with "needs me first".  Each must stay well under a frame budget the
 * eye notices (STROMA_BENCH_LIST_MS, default 100 ms).
 *
 * bench-lot-list [DATABASE]: an existing demo site (stromactl demo --lots N),
 * else a new one of STROMA_BENCH_LIST_LOTS lots (default 100000) in a
 * temporary folder.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>

#include "st-demo.h"
#include "st-lot-list.h"

static double worst_ms;
static double limit_ms = 100.0;

static double
elapsed_ms (gint64 start)
{
  return (g_get_monotonic_time () - start) / 1000.0;
}

static void
report (const char *what,
        double      ms)
{
  g_print ("%-52s %8.1f ms%s\n", what, ms, ms > limit_ms ? "  TOO SLOW" : "");
  worst_ms = MAX (worst_ms, ms);
}

static void
measure (StSession        *session,
         const char       *name,
         const StLotQuery *query)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(StLotList) list = NULL;
  g_autofree char *label = NULL;
  gint64 start = g_get_monotonic_time ();
  guint n;

  list = st_lot_list_new (session, query, &error);
  g_assert_no_error (error);
  n = st_lot_list_get_n_rows (list);
  label = g_strdup_printf ("%s: count (%u rows, %u mine)", name, n, st_lot_list_get_n_needs_me (list));
  report (label, elapsed_ms (start));
  for (guint i = 0; i < 3; i++)
    {
      guint offset = i == 0 ? 0 : i == 1 ? n / 2 : (n > 64 ? n - 64 : 0);
      g_autoptr(GPtrArray) rows = NULL;
      g_autofree char *what = g_strdup_printf ("%s: 64 rows at %u", name, offset);

      start = g_get_monotonic_time ();
      rows = st_lot_list_fetch (list, offset, 64, &error);
      g_assert_no_error (error);
      report (what, elapsed_ms (start));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *folder = NULL;
  g_autofree char *location = NULL;
  g_autoptr(GError) error = NULL;
  static const struct { const char *name; StLotSort sort; } sorts[] = {
    { "created", ST_LOT_SORT_CREATED }, { "number", ST_LOT_SORT_NUMBER }, { "product", ST_LOT_SORT_PRODUCT },
    { "status", ST_LOT_SORT_STATUS }, { "verdict", ST_LOT_SORT_VERDICT }, { "spec", ST_LOT_SORT_SPEC },
    { "released", ST_LOT_SORT_RELEASED },
  };
  const char *users[] = { "admin", "operator", "reviewer", "qp" };

  if (g_getenv ("STROMA_BENCH_LIST_MS") != NULL)
    limit_ms = g_ascii_strtod (g_getenv ("STROMA_BENCH_LIST_MS"), NULL);
  if (argc > 1)
    location = g_strdup (argv[1]);
  else
    {
      const char *env = g_getenv ("STROMA_BENCH_LIST_LOTS");
      guint n_lots = env != NULL ? (guint) atoi (env) : 100000;
      gint64 start = g_get_monotonic_time ();

      folder = g_dir_make_tmp ("stroma-bench-XXXXXX", &error);
      g_assert_no_error (error);
      location = g_build_filename (folder, "bench.db", NULL);
      if (!st_demo_create (location, n_lots, NULL, NULL, NULL, &error))
        g_error ("%s", error->message);
      g_print ("demo site of %u lots made in %.1f s\n", n_lots, elapsed_ms (start) / 1000.0);
    }

  for (guint u = 0; u < G_N_ELEMENTS (users); u++)
    {
      g_autoptr(StSession) session = st_session_open (location, &error);

      g_assert_no_error (error);
      if (!st_session_sign_in (session, users[u], ST_DEMO_PASSWORD, &error))
        g_error ("%s", error->message);
      g_print ("-- %s\n", users[u]);
      for (guint i = 0; i < G_N_ELEMENTS (sorts); i++)
        for (guint d = 0; d < 2; d++)
          {
            StLotQuery query = { .sort = sorts[i].sort, .descending = d, .needs_me_first = TRUE };
            g_autofree char *name = g_strdup_printf ("sort %s%s", sorts[i].name, d ? " desc" : "");
            measure (session, name, &query);
          }
      {
        /* The newest lot's number without its last two digits: ~100 lots. */
        StLotQuery all = { .descending = TRUE };
        g_autoptr(StLotList) list = st_lot_list_new (session, &all, &error);
        g_autoptr(GPtrArray) first = list != NULL ? st_lot_list_fetch (list, 0, 1, &error) : NULL;
        g_autofree char *prefix = NULL;
        StLotQuery query = { .needs_me_first = TRUE, .descending = TRUE };

        g_assert_no_error (error);
        if (first != NULL && first->len > 0)
          {
            const char *number = ((StLotRow *) g_ptr_array_index (first, 0))->lot_number;
            prefix = g_strndup (number, strlen (number) > 2 ? strlen (number) - 2 : 0);
          }
        query.search = prefix;
        measure (session, "search lot prefix (narrow)", &query);
        query.search = "m";
        measure (session, "search 'm' (every lot and product)", &query);
      }
      {
        StLotQuery query = { .search = "G1234", .needs_me_first = TRUE, .descending = TRUE };
        measure (session, "search donor prefix (broad)", &query);
      }
      {
        StLotQuery query = { .search = "mes", .needs_me_first = TRUE, .descending = TRUE };
        measure (session, "search product prefix (all)", &query);
      }
      {
        StLotQuery query = { .status = "released", .sort = ST_LOT_SORT_NUMBER, .needs_me_first = TRUE };
        measure (session, "status released by number", &query);
      }
    }

  if (folder != NULL)
    {
      const char *suffixes[] = { "", "-wal", "-shm" };
      for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
        {
          g_autofree char *path = g_strconcat (location, suffixes[i], NULL);
          g_unlink (path);
        }
      g_rmdir (folder);
    }
  g_print ("worst %.1f ms (limit %.0f ms)\n", worst_ms, limit_ms);
  return worst_ms > limit_ms ? 1 : 0;
}
