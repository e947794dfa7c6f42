/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "core-fixture.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <stdarg.h>
#include <string.h>

#include "st-donors.h"
#include "st-lots.h"
#include "st-session-private.h"
#include "st-site.h"
#include "st-users-private.h"

#ifdef ST_TEST_HAVE_POSTGRESQL
#include "pg-server.h"
#endif

static const struct {
  const char *username;
  const char *full_name;
  StRole roles;
} core_users[CORE_N_USERS] = {
  { "admin", "Ada Administrator", ST_ROLE_ADMIN },
  { "operator", "Olga Operator", ST_ROLE_OPERATOR },
  { "operator2", "Otto Operator", ST_ROLE_OPERATOR },
  { "reviewer", "Rita Reviewer", ST_ROLE_REVIEWER },
  { "qp", "Dr. Quentin Person", ST_ROLE_QP },
};

static struct {
  char *dir;
  char *template_path;
  char *template_dbname;    /* on the test server, else NULL */
  guint8 kek[CORE_N_USERS][ST_KEY_LENGTH];
  guint copies;
} fixture;

const char *
core_username (CoreUser user)
{
  return core_users[user].username;
}

const guint8 *
core_template_kek (CoreUser user)
{
  return fixture.kek[user];
}

static void
make_template (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(StSession) admin = NULL;
  g_autofree char *wal = NULL;
  StSiteSetup setup = {
    .site_name = "Cell Therapy Unit Frankfurt",
    .cert_language = "en",
    .admin_username = core_users[CORE_ADMIN].username,
    .admin_full_name = core_users[CORE_ADMIN].full_name,
    .admin_password = CORE_PASSWORD,
  };

  fixture.dir = g_dir_make_tmp ("stroma-core-XXXXXX", &error);
  g_assert_no_error (error);
  fixture.template_path = g_build_filename (fixture.dir, "template.db", NULL);
#ifdef ST_TEST_HAVE_POSTGRESQL
  if (st_test_pg_wanted ())
    {
      if (st_test_pg_server_uri () == NULL)
        g_error ("STROMA_TEST_BACKEND=postgresql needs STROMA_TEST_PG_URI: a server made by build-aux/pg-test-cluster");
      fixture.template_dbname = st_test_pg_create_database (NULL);
      g_free (fixture.template_path);
      fixture.template_path = st_test_pg_uri_for (fixture.template_dbname);
    }
#endif
  admin = st_site_create (fixture.template_path, &setup, &error);
  g_assert_no_error (error);
  memcpy (fixture.kek[CORE_ADMIN], st_session_get_kek (admin), ST_KEY_LENGTH);

  for (guint i = CORE_OPERATOR; i < CORE_N_USERS; i++)
    {
      StPasswordKeys keys = { 0 };

      st_users_add_with_keys (admin, core_users[i].username, core_users[i].full_name,
                              core_users[i].roles, CORE_PASSWORD, &keys, &error);
      g_assert_no_error (error);
      memcpy (fixture.kek[i], keys.kek, ST_KEY_LENGTH);
      st_password_keys_clear (&keys);
    }

  /* The last connection to close checkpoints the WAL into the file. */
  g_clear_object (&admin);
#ifdef ST_TEST_HAVE_POSTGRESQL
  if (fixture.template_dbname != NULL)
    {
      st_test_pg_install_sqlite_functions (fixture.template_dbname);
      return;
    }
#endif
  wal = g_strconcat (fixture.template_path, "-wal", NULL);
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
}

void
core_fixture_init (int    *argc,
                   char ***argv)
{
  g_test_init (argc, argv, NULL);
  make_template ();
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_remove (child);
    }
  g_rmdir (path);
}

int
core_fixture_run (void)
{
  int status = g_test_run ();

  remove_tree (fixture.dir);
#ifdef ST_TEST_HAVE_POSTGRESQL
  if (fixture.template_dbname != NULL)
    st_test_pg_drop_database (fixture.template_dbname);
  g_clear_pointer (&fixture.template_dbname, g_free);
#endif
  g_clear_pointer (&fixture.dir, g_free);
  g_clear_pointer (&fixture.template_path, g_free);
  memset (fixture.kek, 0, sizeof fixture.kek);
  return status;
}

StSession *
core_site_open_as (CoreSite *site,
                   CoreUser  user)
{
  g_autoptr(GError) error = NULL;
  StSession *session = st_session_open (site->path, &error);

  g_assert_no_error (error);
  st_session_adopt (session, core_users[user].username, fixture.kek[user], &error);
  g_assert_no_error (error);
  return session;
}

CoreSite *
core_site_new (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) source = g_file_new_for_path (fixture.template_path);
  g_autoptr(GFile) target = NULL;
  g_autofree char *name = g_strdup_printf ("case-%u.db", ++fixture.copies);
  CoreSite *site = g_new0 (CoreSite, 1);

#ifdef ST_TEST_HAVE_POSTGRESQL
  if (fixture.template_dbname != NULL)
    {
      site->pg_dbname = st_test_pg_create_database (fixture.template_dbname);
      site->path = st_test_pg_uri_for (site->pg_dbname);
    }
  else
#endif
    {
      site->path = g_build_filename (fixture.dir, name, NULL);
      target = g_file_new_for_path (site->path);
      g_file_copy (source, target, G_FILE_COPY_NONE, NULL, NULL, NULL, &error);
      g_assert_no_error (error);
    }

  site->admin = core_site_open_as (site, CORE_ADMIN);
  site->operator = core_site_open_as (site, CORE_OPERATOR);
  site->operator2 = core_site_open_as (site, CORE_OPERATOR2);
  site->reviewer = core_site_open_as (site, CORE_REVIEWER);
  site->qp = core_site_open_as (site, CORE_QP);

  if (site->pg_dbname != NULL)
    return site;
  g_assert_cmpint (sqlite3_open_v2 (site->path, &site->sql, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (site->sql, 5000);
  return site;
}

void
core_site_free (CoreSite *site)
{
  g_autofree char *wal = NULL;
  g_autofree char *shm = NULL;

  if (site == NULL)
    return;
  g_clear_object (&site->admin);
  g_clear_object (&site->operator);
  g_clear_object (&site->operator2);
  g_clear_object (&site->reviewer);
  g_clear_object (&site->qp);
#ifdef ST_TEST_HAVE_POSTGRESQL
  if (site->pg_dbname != NULL)
    {
      st_test_pg_drop_database (site->pg_dbname);
      g_free (site->pg_dbname);
      g_free (site->path);
      g_free (site);
      return;
    }
#endif
  sqlite3_close (site->sql);
  wal = g_strconcat (site->path, "-wal", NULL);
  shm = g_strconcat (site->path, "-shm", NULL);
  g_remove (site->path);
  g_remove (wal);
  g_remove (shm);
  g_free (site->path);
  g_free (site);
}

void
core_sql_exec (CoreSite   *site,
               const char *sql)
{
  char *message = NULL;
  int rc;

#ifdef ST_TEST_HAVE_POSTGRESQL
  if (site->pg_dbname != NULL)
    {
      g_autofree char *state = st_test_pg_try_sqlite (site->pg_dbname, sql);
      g_assert_null (state);
      return;
    }
#endif
  rc = sqlite3_exec (site->sql, sql, NULL, NULL, &message);

  if (rc != SQLITE_OK)
    g_test_message ("%s: %s", sql, message ? message : sqlite3_errstr (rc));
  sqlite3_free (message);
  g_assert_cmpint (rc, ==, SQLITE_OK);
}

int
core_sql_try (CoreSite   *site,
              const char *sql)
{
  int rc;

#ifdef ST_TEST_HAVE_POSTGRESQL
  if (site->pg_dbname != NULL)
    {
      g_autofree char *state = st_test_pg_try_sqlite (site->pg_dbname, sql);
      if (state == NULL)
        return SQLITE_OK;
      return g_str_has_prefix (state, "23") ? SQLITE_CONSTRAINT : SQLITE_ERROR;
    }
#endif
  rc = sqlite3_exec (site->sql, sql, NULL, NULL, NULL);
  return rc & 0xff;
}

static sqlite3_stmt *
step_one (CoreSite   *site,
          const char *sql)
{
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (site->sql, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return stmt;
}

#ifdef ST_TEST_HAVE_POSTGRESQL
static char *
pg_text (CoreSite   *site,
         const char *sql)
{
  g_autofree char *translated = st_test_pg_from_sqlite (site->pg_dbname, sql);

  return st_test_pg_value (site->pg_dbname, translated);
}
#endif

gint64
core_sql_int (CoreSite   *site,
              const char *sql)
{
  sqlite3_stmt *stmt;
  gint64 value;

#ifdef ST_TEST_HAVE_POSTGRESQL
  if (site->pg_dbname != NULL)
    {
      g_autofree char *text = pg_text (site, sql);
      /* A comparison is a boolean there, an integer in SQLite. */
      return g_strcmp0 (text, "t") == 0 ? 1 : text ? g_ascii_strtoll (text, NULL, 10) : 0;
    }
#endif
  stmt = step_one (site, sql);
  value = sqlite3_column_int64 (stmt, 0);

  sqlite3_finalize (stmt);
  return value;
}

char *
core_sql_text (CoreSite   *site,
               const char *sql)
{
  sqlite3_stmt *stmt;
  char *value;

#ifdef ST_TEST_HAVE_POSTGRESQL
  if (site->pg_dbname != NULL)
    return pg_text (site, sql);
#endif
  stmt = step_one (site, sql);
  value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));

  sqlite3_finalize (stmt);
  return value;
}

gint64
core_audit_count (CoreSite *site)
{
  return core_sql_int (site, "SELECT count(*) FROM audit_trail");
}

void
core_verify (CoreSite      *site,
             StAuditReport *report)
{
  g_autoptr(GError) error = NULL;

  st_audit_verify (st_session_get_db (site->admin), report, &error);
  g_assert_no_error (error);
}

void
core_assert_audit_intact (CoreSite *site)
{
  StAuditReport report = { 0 };

  core_verify (site, &report);
  if (!report.intact)
    g_test_message ("audit trail: entry %" G_GINT64_FORMAT ": %s", report.first_bad, report.reason);
  g_assert_true (report.intact);
  g_assert_cmpint (report.first_bad, ==, 0);
  g_assert_null (report.reason);
  g_assert_cmpint (report.entries, ==, core_audit_count (site));
  st_audit_report_clear (&report);
}

char *
core_date (int days)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) then = g_date_time_add_days (now, days);

  return g_date_time_format (then, "%Y-%m-%d");
}

void
core_add_bare_donor (CoreSite   *site,
                     const char *code)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *consent = core_date (-400);
  StDonorInput input = { .code = code, .birth_year = "1985", .sex = "female", .consent_date = consent };

  st_donors_add (site->operator, &input, &error);
  g_assert_no_error (error);
}

void
core_add_donor (CoreSite   *site,
                const char *code,
                gboolean    eligible)
{
  static const char *const markers[] = {
    "hiv", "hbsag", "anti-hbc", "hcv", "syphilis", "hiv-nat", "hbv-nat", "hcv-nat",
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *sampled = core_date (-400);

  core_add_bare_donor (site, code);
  for (guint i = 0; i < G_N_ELEMENTS (markers); i++)
    {
      gboolean positive = !eligible && g_str_equal (markers[i], "hcv");
      st_donors_add_test (site->operator, code, markers[i], positive ? "positive" : "negative", sampled, &error);
      g_assert_no_error (error);
    }
}

void
core_create_lot (CoreSite   *site,
                 const char *lot,
                 const char *donor)
{
  g_autoptr(GError) error = NULL;
  const char *donors[] = { donor ? donor : "D-1", NULL };

  st_lots_create (site->operator, lot, NULL, donors, NULL, &error);
  g_assert_no_error (error);
}

void
core_record_all_results (CoreSite           *site,
                         const char         *lot,
                         const char * const *skip)
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

      if (skip == NULL || !g_strv_contains (skip, entry.param))
        g_array_append_val (entries, entry);
    }
  st_lots_save_results (site->operator, lot, (StResultInput *) entries->data, entries->len, &error);
  g_assert_no_error (error);
}

void
core_add_passages (CoreSite   *site,
                   const char *lot)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *d1 = core_date (-30);
  g_autofree char *d2 = core_date (-22);
  g_autofree char *d3 = core_date (-14);
  StPassageInput p1 = { "1", "5000000", "40000000", d1, d2 };
  StPassageInput p2 = { "2", "10000000", "160000000", d2, d3 };

  st_lots_add_passage (site->operator, lot, &p1, &error);
  g_assert_no_error (error);
  st_lots_add_passage (site->operator, lot, &p2, &error);
  g_assert_no_error (error);
}

void
core_assert_error (const GError *error,
                   GQuark        domain,
                   int           code,
                   ...)
{
  va_list fragments;
  const char *fragment;

  g_assert_nonnull (error);
  if (error->domain != domain || error->code != code)
    g_test_message ("unexpected error %s %d: %s", g_quark_to_string (error->domain), error->code, error->message);
  g_assert_error (error, domain, code);
  va_start (fragments, code);
  while ((fragment = va_arg (fragments, const char *)) != NULL)
    {
      if (strstr (error->message, fragment) == NULL)
        g_test_message ("'%s' is not in '%s'", fragment, error->message);
      g_assert_nonnull (strstr (error->message, fragment));
    }
  va_end (fragments);
}
