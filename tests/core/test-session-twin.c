/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "core-fixture.h"

#include "st-auth.h"
#include "st-lots.h"
#include "st-session-twin.h"
#include "st-users.h"

typedef struct {
  StSessionTwin *ticket;
  StSession *twin;
  GError *error;
} ThreadData;

static gpointer
open_in_thread (gpointer data)
{
  ThreadData *td = data;

  td->twin = st_session_twin_open (td->ticket, &td->error);
  return NULL;
}

/* A worker thread gets a session of its own, signed in as the same user,
 * that works on the same records. */
static void
test_twin_in_thread (void)
{
  g_autoptr(CoreSite) site = core_site_new ();
  g_autoptr(StSessionTwin) ticket = NULL;
  g_autoptr(GError) error = NULL;
  ThreadData td = { 0 };
  GThread *thread;

  core_add_donor (site, "D-1", TRUE);
  ticket = st_session_twin_new (site->operator, &error);
  g_assert_no_error (error);
  td.ticket = ticket;
  thread = g_thread_new ("twin", open_in_thread, &td);
  g_thread_join (thread);
  g_assert_no_error (td.error);
  g_assert_nonnull (td.twin);
  g_assert_cmpstr (st_session_get_user (td.twin)->username, ==, "operator");
  g_assert_true (st_session_has_role (td.twin, ST_ROLE_OPERATOR));
  g_assert_false (st_session_has_role (td.twin, ST_ROLE_QP));
  g_assert_nonnull (st_session_get_kek (td.twin));

  /* It writes as the operator, seen by the first session. */
  g_assert_true (st_lots_create (td.twin, "TWIN-1", NULL, (const char *[]) { "D-1", NULL }, NULL, &error));
  g_assert_no_error (error);
  {
    g_autoptr(StLot) lot = st_lots_get (site->operator, "TWIN-1", &error);
    g_assert_no_error (error);
    g_assert_cmpstr (lot->record->created_by_name, ==, "operator");
  }
  g_object_unref (td.twin);
}

/* A locked or signed-out session cannot make a twin. */
static void
test_twin_refused (void)
{
  g_autoptr(CoreSite) site = core_site_new ();
  g_autoptr(StSessionTwin) ticket = NULL;
  g_autoptr(GError) error = NULL;

  st_session_lock (site->reviewer);
  ticket = st_session_twin_new (site->reviewer, &error);
  g_assert_null (ticket);
  core_assert_error (error, ST_AUTH_ERROR, ST_AUTH_ERROR_NOT_SIGNED_IN, "locked", NULL);
  g_clear_error (&error);

  st_session_sign_out (site->qp);
  ticket = st_session_twin_new (site->qp, &error);
  g_assert_null (ticket);
  core_assert_error (error, ST_AUTH_ERROR, ST_AUTH_ERROR_NOT_SIGNED_IN, "sign in", NULL);
  g_clear_error (&error);

  /* An account disabled after the ticket was made cannot open the twin. */
  ticket = st_session_twin_new (site->operator, &error);
  g_assert_no_error (error);
  g_assert_true (st_users_disable (site->admin, "operator", &error));
  g_assert_no_error (error);
  g_assert_null (st_session_twin_open (ticket, &error));
  core_assert_error (error, ST_AUTH_ERROR, ST_AUTH_ERROR_DISABLED, "operator", NULL);
}

int
main (int   argc,
      char *argv[])
{
  core_fixture_init (&argc, &argv);
  g_test_add_func ("/core/session-twin/in-thread", test_twin_in_thread);
  g_test_add_func ("/core/session-twin/refused", test_twin_refused);
  return core_fixture_run ();
}
