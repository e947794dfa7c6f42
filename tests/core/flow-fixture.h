/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/*
 * A site with the people of a release workflow, made once per test binary
 * (every user costs a PBKDF2 of 600,000 rounds to create and another to sign
 * in), and lots filled with conforming data that tests then spoil.
 */

#include <glib/gstdio.h>
#include <string.h>

#include "st-audit.h"
#include "st-donors.h"
#include "st-lots.h"
#include "st-site.h"
#include "st-users.h"

#ifdef ST_TEST_HAVE_POSTGRESQL
#include "pg-server.h"
#endif

#define FLOW_PASSWORD "Stroma-test-pass-1"

typedef struct {
  char *dir;
  char *db_path;            /* with STROMA_TEST_BACKEND=postgresql: a URI */
  char *pg_dbname;          /* that database on the test server */
  StSession *admin;
  StSession *operator;      /* operator */
  StSession *reviewer;      /* reviewer */
  StSession *qp;            /* qp */
  StSession *multi;         /* operator, reviewer, qp and admin: for segregation */
} FlowSite;

static FlowSite flow;

G_GNUC_UNUSED static StSession *
flow_sign_in (const char *username)
{
  g_autoptr(GError) error = NULL;
  StSession *session = st_session_open (flow.db_path, &error);

  g_assert_no_error (error);
  st_session_sign_in (session, username, FLOW_PASSWORD, &error);
  g_assert_no_error (error);
  return session;
}

G_GNUC_UNUSED static void
flow_add_user (const char *username,
               const char *full_name,
               StRole      roles)
{
  g_autoptr(GError) error = NULL;

  st_users_add (flow.admin, username, full_name, roles, FLOW_PASSWORD, &error);
  g_assert_no_error (error);
}

G_GNUC_UNUSED static void
flow_add_donor (const char *code,
                gboolean    eligible)
{
  static const char *const markers[] = {
    "hiv", "hbsag", "anti-hbc", "hcv", "syphilis", "hiv-nat", "hbv-nat", "hcv-nat",
  };
  StDonorInput input = { .code = code, .birth_year = "1990", .sex = "female", .consent_date = "2026-01-05" };
  g_autoptr(GError) error = NULL;

  st_donors_add (flow.operator, &input, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (markers); i++)
    {
      st_donors_add_test (flow.operator, code, markers[i],
                          eligible || i > 0 ? "negative" : "positive", "2026-01-05", &error);
      g_assert_no_error (error);
    }
}

G_GNUC_UNUSED static void
flow_setup (const char *cert_language)
{
  g_autoptr(GError) error = NULL;
  StSiteSetup setup = {
    .site_name = "Cell Therapy Unit Frankfurt",
    .cert_language = cert_language,
    .admin_username = "admin",
    .admin_full_name = "Ada Administrator",
    .admin_password = FLOW_PASSWORD,
  };

  flow.dir = g_dir_make_tmp ("stroma-flow-XXXXXX", &error);
  g_assert_no_error (error);
  flow.db_path = g_build_filename (flow.dir, "stroma.db", NULL);
#ifdef ST_TEST_HAVE_POSTGRESQL
  if (st_test_pg_wanted ())
    {
      if (st_test_pg_server_uri () == NULL)
        g_error ("STROMA_TEST_BACKEND=postgresql needs STROMA_TEST_PG_URI: a server made by build-aux/pg-test-cluster");
      flow.pg_dbname = st_test_pg_create_database (NULL);
      g_free (flow.db_path);
      flow.db_path = st_test_pg_uri_for (flow.pg_dbname);
    }
#endif
  flow.admin = st_site_create (flow.db_path, &setup, &error);
  g_assert_no_error (error);

  flow_add_user ("operator", "Olga Operator", ST_ROLE_OPERATOR);
  flow_add_user ("reviewer", "Rita Reviewer", ST_ROLE_REVIEWER);
  flow_add_user ("qp", "Dr. Quentin Person", ST_ROLE_QP);
  flow_add_user ("multi", "Max Multi", ST_ROLE_ALL);
  flow.operator = flow_sign_in ("operator");
  flow.reviewer = flow_sign_in ("reviewer");
  flow.qp = flow_sign_in ("qp");
  flow.multi = flow_sign_in ("multi");

  flow_add_donor ("G123426000001", TRUE);
  flow_add_donor ("G123426000002", TRUE);
  flow_add_donor ("G123426000099", FALSE);
}

G_GNUC_UNUSED static void
flow_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        flow_remove_tree (child);
      else
        g_remove (child);
    }
  g_rmdir (path);
}

G_GNUC_UNUSED static void
flow_teardown (void)
{
  g_clear_object (&flow.admin);
  g_clear_object (&flow.operator);
  g_clear_object (&flow.reviewer);
  g_clear_object (&flow.qp);
  g_clear_object (&flow.multi);
  flow_remove_tree (flow.dir);
#ifdef ST_TEST_HAVE_POSTGRESQL
  if (flow.pg_dbname != NULL)
    st_test_pg_drop_database (flow.pg_dbname);
  g_clear_pointer (&flow.pg_dbname, g_free);
#endif
  g_clear_pointer (&flow.dir, g_free);
  g_clear_pointer (&flow.db_path, g_free);
}

/* Every result of MSC-REL v1, conforming; @skip (NULL-terminated) leaves
 * items out, @override ("param=value" pairs) changes values. */
G_GNUC_UNUSED static void
flow_record_results (StSession          *session,
                     const char         *lot,
                     const char * const *skip,
                     const char * const *override)
{
  static const char *const conforming[][2] = {
    { "appearance", "conforms" }, { "viability", "92.5" }, { "cell_concentration", "1.8" },
    { "cd73", "98.1" }, { "cd90", "97.4" }, { "cd105", "96.2" }, { "cd45", "0.8" }, { "cd34", "0.4" },
    { "cd14", "0.6" }, { "cd19", "0.3" }, { "hla_dr", "0.9" }, { "sterility", "no-growth" },
    { "endotoxin", "0.1" }, { "mycoplasma", "not-detected" }, { "potency_mlr", "45" },
  };
  g_autoptr(GArray) entries = g_array_new (FALSE, TRUE, sizeof (StResultInput));
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (conforming); i++)
    {
      StResultInput entry = { .param = conforming[i][0], .value = conforming[i][1] };

      if (skip != NULL && g_strv_contains (skip, entry.param))
        continue;
      for (guint j = 0; override != NULL && override[j] != NULL; j++)
        {
          gsize n = strlen (entry.param);
          if (strncmp (override[j], entry.param, n) == 0 && override[j][n] == '=')
            entry.value = override[j] + n + 1;
        }
      g_array_append_val (entries, entry);
    }
  st_lots_save_results (session, lot, (StResultInput *) entries->data, entries->len, &error);
  g_assert_no_error (error);
}

/* A lot by the operator with two passages and the results (see above). */
G_GNUC_UNUSED static void
flow_make_lot (const char         *lot,
               const char * const *skip,
               const char * const *override)
{
  const char *donors[] = { "G123426000001", "G123426000002", NULL };
  StPassageInput p1 = { "1", "5000000", "40000000", "2026-10-01", "2026-10-09" };
  StPassageInput p2 = { "2", "10000000", "80000000", "2026-10-09", "2026-10-17" };
  g_autoptr(GError) error = NULL;

  st_lots_create (flow.operator, lot, NULL, donors, NULL, &error);
  g_assert_no_error (error);
  st_lots_add_passage (flow.operator, lot, &p1, &error);
  g_assert_no_error (error);
  st_lots_add_passage (flow.operator, lot, &p2, &error);
  g_assert_no_error (error);
  flow_record_results (flow.operator, lot, skip, override);
}

G_GNUC_UNUSED static char *
flow_lot_status (const char *lot_number)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(StLot) lot = st_lots_get (flow.admin, lot_number, &error);

  g_assert_no_error (error);
  return g_strdup (lot->record->status);
}

G_GNUC_UNUSED static void
flow_assert_audit_intact (void)
{
  g_autoptr(GError) error = NULL;
  StAuditReport report = { 0 };

  st_audit_verify (st_session_get_db (flow.admin), &report, &error);
  g_assert_no_error (error);
  if (!report.intact)
    g_test_message ("audit trail: entry %" G_GINT64_FORMAT ": %s", report.first_bad, report.reason);
  g_assert_true (report.intact);
  st_audit_report_clear (&report);
}
