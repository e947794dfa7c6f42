/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "st-cli-test.h"

G_BEGIN_DECLS

/*
 * Helpers of the reliability tests (crash, faults, concurrency, backup):
 * stromactl started without waiting, so that it can be killed or run next to
 * others; the database file examined directly with SQLite and with the
 * core's own audit verification.
 */

typedef struct {
  GPid pid;
  int out_fd;
  int err_fd;
  gint64 started;          /* g_get_monotonic_time () at the start */
} StCliChild;

typedef struct {
  gboolean killed;         /* ended by a signal (our SIGKILL) */
  int status;              /* the exit status when not killed */
  char *out;
  char *err;
  double seconds;          /* from start to end */
} StCliEnd;

void     st_cli_end_clear          (StCliEnd      *end);

/*
 * Starts stromactl in @fixture's folder on @fixture->db as @user with
 * @password (NULL: none), extra environment @extra_env ("NAME=value") and
 * arguments @args.  @run_as_uid >= 0 runs it as that user and group (the
 * test is root; see test-cli-faults.c); -1 as ourselves.
 */
void     st_cli_spawn              (StCliFixture        *fixture,
                                    const char          *user,
                                    const char          *password,
                                    const char * const  *extra_env,
                                    const char * const  *args,
                                    int                  run_as_uid,
                                    StCliChild          *child);
/* Kills @child with SIGKILL (when it has not ended yet) and reaps it. */
void     st_cli_kill               (StCliChild          *child,
                                    StCliEnd            *end);
/* Waits for @child to end on its own. */
void     st_cli_wait               (StCliChild          *child,
                                    StCliEnd            *end);
/* Waits at most @seconds from its start; FALSE when it had to be killed. */
gboolean st_cli_wait_at_most       (StCliChild          *child,
                                    double               seconds,
                                    StCliEnd            *end);
/* st_cli_spawn + st_cli_wait. */
void     st_cli_run_full           (StCliFixture        *fixture,
                                    const char          *user,
                                    const char          *password,
                                    const char * const  *extra_env,
                                    const char * const  *args,
                                    int                  run_as_uid,
                                    StCliEnd            *end);

/* Whether stromactl can be run as @uid at all (the build folder may be
 * closed to other users). */
gboolean st_cli_can_run_as         (int            uid);

/* Asserts that @err is exactly one line "stromactl: ...". */
void     st_cli_assert_one_line    (const char          *err);

/* PRAGMA integrity_check through SQLite itself: "ok" when sound. */
char    *st_cli_integrity          (const char          *db);
gint64   st_cli_query_int          (const char          *db,
                                    const char          *sql);
/* The first column of every row. */
GStrv    st_cli_query_column       (const char          *db,
                                    const char          *sql);
/*
 * The core's audit verification (what `stromactl audit verify` runs)
 * in-process, without signing in: asserts that the trail is intact and
 * returns its number of entries.
 */
gint64   st_cli_audit_entries      (const char          *db);
/* SHA-256 of the file's bytes. */
char    *st_cli_file_sha256        (const char          *path);
void     st_cli_copy_file          (const char          *from,
                                    const char          *to);
/* Removes @db with its -wal and -shm files. */
void     st_cli_remove_db          (const char          *db);
/* Removes a folder and everything in it. */
void     st_cli_remove_tree        (const char          *path);

/* The fault VFS library (tests/fault), from $STROMA_FAULT_VFS. */
const char *st_cli_fault_vfs       (void);
/* "ASAN_OPTIONS=...": lets a sanitized stromactl run with the library
 * preloaded (else it refuses any library loaded before its runtime). */
char       *st_cli_preload_asan_option (void);

G_END_DECLS
