/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The yardstick for the demo generator: a bare SQLite insert loop with the
 * durability Stroma keeps (WAL, synchronous=FULL, one transaction per batch)
 * and nothing else -- one table, one prepared statement, rows of a given
 * size, no indexes, no audit trail, no signatures.
 *
 *   bench-sqlite-insert DATABASE ROWS ROWS_PER_TRANSACTION BYTES_PER_ROW
 *
 * Prints "ROWS WALL_S CPU_S".  DATABASE (with its -wal and -shm) is replaced.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

static double
wall_now (void)
{
  struct timespec t;

  clock_gettime (CLOCK_MONOTONIC, &t);
  return t.tv_sec + t.tv_nsec / 1e9;
}

static double
cpu_now (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6
       + usage.ru_stime.tv_sec + usage.ru_stime.tv_usec / 1e6;
}

static void
check (sqlite3    *db,
       int         rc,
       const char *what)
{
  if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW)
    {
      fprintf (stderr, "bench-sqlite-insert: %s: %s\n", what, sqlite3_errmsg (db));
      exit (1);
    }
}

int
main (int   argc,
      char *argv[])
{
  sqlite3 *db = NULL;
  sqlite3_stmt *insert = NULL;
  long rows, per_transaction, bytes;
  char *payload;
  double wall, cpu;

  if (argc != 5)
    {
      fprintf (stderr, "usage: bench-sqlite-insert DATABASE ROWS ROWS_PER_TRANSACTION BYTES_PER_ROW\n");
      return 2;
    }
  rows = atol (argv[2]);
  per_transaction = atol (argv[3]);
  bytes = atol (argv[4]);
  if (rows <= 0 || per_transaction <= 0 || bytes <= 0)
    return 2;
  payload = malloc (bytes + 1);
  for (long i = 0; i < bytes; i++)
    payload[i] = 'a' + i % 26;
  payload[bytes] = '\0';

  {
    static const char *const suffixes[] = { "", "-wal", "-shm" };
    char path[4096];

    for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++)
      {
        snprintf (path, sizeof path, "%s%s", argv[1], suffixes[i]);
        unlink (path);
      }
  }
  check (db, sqlite3_open_v2 (argv[1], &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL), "open");
  check (db, sqlite3_exec (db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;"
                               "CREATE TABLE rows (id INTEGER PRIMARY KEY, payload TEXT NOT NULL)",
                           NULL, NULL, NULL), "schema");
  check (db, sqlite3_prepare_v2 (db, "INSERT INTO rows (payload) VALUES (?)", -1, &insert, NULL), "prepare");

  wall = wall_now ();
  cpu = cpu_now ();
  for (long done = 0; done < rows; )
    {
      check (db, sqlite3_exec (db, "BEGIN IMMEDIATE", NULL, NULL, NULL), "begin");
      for (long i = 0; i < per_transaction && done < rows; i++, done++)
        {
          /* A row differs from the one before, as real rows do. */
          payload[done % bytes] = 'A' + done % 26;
          sqlite3_bind_text (insert, 1, payload, (int) bytes, SQLITE_STATIC);
          check (db, sqlite3_step (insert), "insert");
          sqlite3_reset (insert);
        }
      check (db, sqlite3_exec (db, "COMMIT", NULL, NULL, NULL), "commit");
    }
  printf ("%ld %.3f %.3f\n", rows, wall_now () - wall, cpu_now () - cpu);

  sqlite3_finalize (insert);
  sqlite3_close (db);
  free (payload);
  return 0;
}
