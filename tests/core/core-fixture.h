/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/*
 * A site for the core record tests, made once per test binary: every user
 * costs a PBKDF2 of 600,000 rounds to create and another to sign in.  The
 * site (administrator "admin", users operator, operator2, reviewer, qp) is
 * written to a template file in main(); each test case works on its own copy
 * with everyone already signed in (through the keys kept from creation, so
 * no key derivation is paid again), and looks behind the core's back with a
 * sqlite3 connection of its own.
 */

#include <sqlite3.h>

#include "st-audit.h"
#include "st-session.h"

G_BEGIN_DECLS

#define CORE_PASSWORD "Stroma-test-pass-1"

typedef enum {
  CORE_ADMIN,
  CORE_OPERATOR,
  CORE_OPERATOR2,
  CORE_REVIEWER,
  CORE_QP,
  CORE_N_USERS
} CoreUser;

typedef struct {
  char *path;
  StSession *admin;
  StSession *operator;
  StSession *operator2;
  StSession *reviewer;
  StSession *qp;
  sqlite3 *sql;
  /* With STROMA_TEST_BACKEND=postgresql the site is this database on the
   * test server (path is then its URI and sql NULL); core_sql_*() run the
   * same SQL there. */
  char *pg_dbname;
} CoreSite;

/* g_test_init() and the template site; core_fixture_run() runs the tests
 * and removes the template again. */
void        core_fixture_init        (int        *argc,
                                      char     ***argv);
int         core_fixture_run         (void);

const char *core_username            (CoreUser    user);
/* The key-encryption key CORE_PASSWORD gives @user in the template. */
const guint8 *core_template_kek      (CoreUser    user);

/* A fresh copy of the template with a session per user. */
CoreSite   *core_site_new            (void);
void        core_site_free           (CoreSite   *site);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CoreSite, core_site_free)
/* Another session on the copy, signed in as @user without a key derivation. */
StSession  *core_site_open_as        (CoreSite   *site,
                                      CoreUser    user);

/* SQL behind the core's back; each asserts success. */
void        core_sql_exec            (CoreSite   *site,
                                      const char *sql);
/* The result code of @sql, for statements that must fail. */
int         core_sql_try             (CoreSite   *site,
                                      const char *sql);
gint64      core_sql_int             (CoreSite   *site,
                                      const char *sql);
char       *core_sql_text            (CoreSite   *site,
                                      const char *sql);
gint64      core_audit_count         (CoreSite   *site);

/* st_audit_verify() of the copy; clear the report afterwards. */
void        core_verify              (CoreSite      *site,
                                      StAuditReport *report);
void        core_assert_audit_intact (CoreSite   *site);

/* "YYYY-MM-DD" @days from today (UTC); negative: in the past. */
char       *core_date                (int         days);

/* A donor with every serology and NAT marker: all negative when @eligible,
 * else hcv positive.  By the operator. */
void        core_add_donor           (CoreSite   *site,
                                      const char *code,
                                      gboolean    eligible);
/* A donor without tests (eligibility incomplete). */
void        core_add_bare_donor      (CoreSite   *site,
                                      const char *code);
/* A lot by the operator from one donor (NULL: "D-1", which must exist). */
void        core_create_lot          (CoreSite   *site,
                                      const char *lot,
                                      const char *donor);
/* Every non-derived result of MSC-REL v1, conforming, by the operator;
 * @skip (NULL-terminated, may be NULL) leaves items out. */
void        core_record_all_results  (CoreSite           *site,
                                      const char         *lot,
                                      const char * const *skip);
/* Two conforming passages (3 and 4 population doublings). */
void        core_add_passages        (CoreSite   *site,
                                      const char *lot);

/* Asserts that @error is set, of @domain and @code, and that its message
 * contains every NULL-terminated fragment given. */
void        core_assert_error        (const GError *error,
                                      GQuark        domain,
                                      int           code,
                                      ...) G_GNUC_NULL_TERMINATED;

G_END_DECLS
