/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "core-fixture.h"

#include <string.h>

#include "st-deviations.h"
#include "st-error.h"

static gint64
deviation_count (CoreSite *site)
{
  return core_sql_int (site, "SELECT count(*) FROM deviations");
}

static CoreSite *
site_with_lots (void)
{
  CoreSite *site = core_site_new ();

  core_add_donor (site, "D-1", TRUE);
  core_create_lot (site, "LOT-1", NULL);
  core_create_lot (site, "LOT-2", NULL);
  return site;
}

static gint64
open_deviation (StSession  *session,
                const char *lot,
                const char *severity,
                const char *text)
{
  g_autoptr(GError) error = NULL;
  gint64 number = 0;

  g_assert_true (st_deviations_open (session, lot, severity, text, &number, &error));
  g_assert_no_error (error);
  g_assert_cmpint (number, >, 0);
  return number;
}

static void
assert_open_refused (CoreSite   *site,
                     StSession  *session,
                     const char *lot,
                     const char *severity,
                     const char *text,
                     GQuark      domain,
                     int         code,
                     const char *subject)
{
  g_autoptr(GError) error = NULL;
  gint64 deviations = deviation_count (site);
  gint64 entries = core_audit_count (site);
  gint64 number = -1;

  g_assert_false (st_deviations_open (session, lot, severity, text, &number, &error));
  g_assert_nonnull (error);
  g_test_message ("refused: %s", error->message);
  g_assert_error (error, domain, code);
  g_assert_cmpint (st_error_kind (error), ==, code / 100);
  if (subject != NULL)
    g_assert_true (g_str_has_prefix (error->message, subject));
  g_assert_cmpint (number, ==, -1);
  g_assert_cmpint (deviation_count (site), ==, deviations);
  g_assert_cmpint (core_audit_count (site), ==, entries);
}

static void
test_open (void)
{
  g_autoptr(CoreSite) site = site_with_lots ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autofree char *entries_text = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *long_text = g_strnfill (4001, 't');
  const StDeviationRecord *deviation;
  gint64 entries = core_audit_count (site);
  gint64 first, second, third;

  first = open_deviation (site->operator, "LOT-1", "minor", "Label printed with a smudge");
  g_assert_cmpint (core_audit_count (site), ==, entries + 3);
  sql = g_strdup_printf ("SELECT group_concat (field || '=' || new_value, ';') FROM"
                         " (SELECT field, new_value FROM audit_trail WHERE tbl = 'deviations'"
                         "  AND record = '%" G_GINT64_FORMAT "' AND lot = 'LOT-1' AND username = 'operator'"
                         "  AND action = 'create' ORDER BY seq)", first);
  entries_text = core_sql_text (site, sql);
  g_assert_cmpstr (entries_text, ==, "class=minor;text=Label printed with a smudge;status=open");

  /* Reviewers and QPs open them too, of every class. */
  second = open_deviation (site->reviewer, "LOT-1", "major", "Incubator alarm during passage 2");
  third = open_deviation (site->qp, "LOT-2", "critical", "Sterility failure of the media fill");
  g_assert_cmpint (second, >, first);
  g_assert_cmpint (third, >, second);

  list = st_deviations_list (site->qp, "LOT-1", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 2);
  deviation = g_ptr_array_index (list, 0);
  g_assert_cmpint (deviation->number, ==, first);
  g_assert_cmpstr (deviation->lot_number, ==, "LOT-1");
  g_assert_cmpstr (deviation->severity, ==, "minor");
  g_assert_cmpstr (deviation->status, ==, "open");
  g_assert_cmpstr (deviation->text, ==, "Label printed with a smudge");
  g_assert_cmpint (deviation->opened_by, ==, st_session_get_user (site->operator)->id);
  g_assert_nonnull (deviation->opened_at);
  g_assert_null (deviation->assessment);
  g_assert_cmpint (deviation->closed_by, ==, 0);
  deviation = g_ptr_array_index (list, 1);
  g_assert_cmpstr (deviation->severity, ==, "major");
  g_assert_cmpint (deviation->opened_by, ==, st_session_get_user (site->reviewer)->id);

  /* Refused: no class, an unknown class, no text, no lot, no role. */
  assert_open_refused (site, site->operator, "LOT-1", "severe", "text", ST_DEVIATIONS_ERROR,
                       ST_DEVIATIONS_ERROR_INVALID, "class");
  assert_open_refused (site, site->operator, "LOT-1", "Minor", "text", ST_DEVIATIONS_ERROR,
                       ST_DEVIATIONS_ERROR_INVALID, "class");
  assert_open_refused (site, site->operator, "LOT-1", NULL, "text", ST_DEVIATIONS_ERROR,
                       ST_DEVIATIONS_ERROR_INVALID, "class");
  assert_open_refused (site, site->operator, "LOT-1", "minor", "", ST_DEVIATIONS_ERROR,
                       ST_DEVIATIONS_ERROR_INVALID, "text");
  assert_open_refused (site, site->operator, "LOT-1", "minor", "  \t ", ST_DEVIATIONS_ERROR,
                       ST_DEVIATIONS_ERROR_INVALID, "text");
  assert_open_refused (site, site->operator, "LOT-1", "minor", NULL, ST_DEVIATIONS_ERROR,
                       ST_DEVIATIONS_ERROR_INVALID, "text");
  assert_open_refused (site, site->operator, "LOT-1", "minor", long_text, ST_DEVIATIONS_ERROR,
                       ST_DEVIATIONS_ERROR_INVALID, "text");
  assert_open_refused (site, site->operator, "LOT-404", "minor", "text", ST_DEVIATIONS_ERROR,
                       ST_DEVIATIONS_ERROR_NOT_FOUND, "lot");
  assert_open_refused (site, site->admin, "LOT-1", "minor", "text", ST_AUTH_ERROR, ST_AUTH_ERROR_ROLE, NULL);
  core_assert_audit_intact (site);
}

static void
test_close (void)
{
  g_autoptr(CoreSite) site = site_with_lots ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autofree char *entries_text = NULL;
  g_autofree char *sql = NULL;
  const StDeviationRecord *deviation;
  gint64 number = open_deviation (site->operator, "LOT-1", "major", "Incubator alarm during passage 2");
  gint64 other = open_deviation (site->operator, "LOT-2", "minor", "Label smudged");
  gint64 entries = core_audit_count (site);

  /* Operators open but do not close; an assessment is required. */
  g_assert_false (st_deviations_close (site->operator, number, "fine", &error));
  core_assert_error (error, ST_AUTH_ERROR, ST_AUTH_ERROR_ROLE, NULL);
  g_clear_error (&error);
  g_assert_false (st_deviations_close (site->admin, number, "fine", &error));
  core_assert_error (error, ST_AUTH_ERROR, ST_AUTH_ERROR_ROLE, NULL);
  g_clear_error (&error);
  g_assert_false (st_deviations_close (site->reviewer, number, NULL, &error));
  core_assert_error (error, ST_DEVIATIONS_ERROR, ST_DEVIATIONS_ERROR_INVALID, "assessment", NULL);
  g_clear_error (&error);
  g_assert_false (st_deviations_close (site->reviewer, number, "", &error));
  core_assert_error (error, ST_DEVIATIONS_ERROR, ST_DEVIATIONS_ERROR_INVALID, "assessment", NULL);
  g_clear_error (&error);
  g_assert_false (st_deviations_close (site->reviewer, number, "   ", &error));
  core_assert_error (error, ST_DEVIATIONS_ERROR, ST_DEVIATIONS_ERROR_INVALID, "assessment", NULL);
  g_clear_error (&error);
  g_assert_false (st_deviations_close (site->reviewer, 9999, "fine", &error));
  core_assert_error (error, ST_DEVIATIONS_ERROR, ST_DEVIATIONS_ERROR_NOT_FOUND, "deviation", NULL);
  g_clear_error (&error);
  g_assert_cmpint (core_audit_count (site), ==, entries);
  g_assert_cmpint (core_sql_int (site, "SELECT count(*) FROM deviations WHERE status = 'open'"), ==, 2);

  /* A reviewer closes one with an assessment. */
  g_assert_true (st_deviations_close (site->reviewer, number, "Temperature stayed within 36-38 C; no impact", &error));
  g_assert_no_error (error);
  g_assert_cmpint (core_audit_count (site), ==, entries + 2);
  sql = g_strdup_printf ("SELECT group_concat (field || '=' || ifnull (old_value, '') || '>' || new_value, ';') FROM"
                         " (SELECT field, old_value, new_value FROM audit_trail WHERE tbl = 'deviations'"
                         "  AND record = '%" G_GINT64_FORMAT "' AND lot = 'LOT-1' AND username = 'reviewer'"
                         "  AND action = 'close' ORDER BY seq)", number);
  entries_text = core_sql_text (site, sql);
  g_assert_cmpstr (entries_text, ==, "assessment=>Temperature stayed within 36-38 C; no impact;status=open>closed");

  list = st_deviations_list (site->operator, "LOT-1", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 1);
  deviation = g_ptr_array_index (list, 0);
  g_assert_cmpstr (deviation->status, ==, "closed");
  g_assert_cmpstr (deviation->assessment, ==, "Temperature stayed within 36-38 C; no impact");
  g_assert_cmpint (deviation->closed_by, ==, st_session_get_user (site->reviewer)->id);
  g_assert_nonnull (deviation->closed_at);

  /* Closed stays closed. */
  entries = core_audit_count (site);
  g_assert_false (st_deviations_close (site->qp, number, "second opinion", &error));
  core_assert_error (error, ST_DEVIATIONS_ERROR, ST_DEVIATIONS_ERROR_CLOSED, "deviation", NULL);
  g_clear_error (&error);
  g_assert_cmpint (core_audit_count (site), ==, entries);
  g_assert_cmpint (core_sql_try (site, "UPDATE deviations SET assessment = 'x' WHERE status = 'closed'"), ==,
                   SQLITE_CONSTRAINT);
  g_assert_cmpint (core_sql_try (site, "DELETE FROM deviations"), ==, SQLITE_CONSTRAINT);

  /* A QP closes the other. */
  g_assert_true (st_deviations_close (site->qp, other, "Relabelled under supervision", &error));
  g_assert_no_error (error);
  g_assert_cmpint (core_sql_int (site, "SELECT count(*) FROM deviations WHERE status = 'closed'"), ==, 2);
  core_assert_audit_intact (site);
}

static void
test_list (void)
{
  g_autoptr(CoreSite) site = site_with_lots ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) of_lot2 = NULL;
  g_autoptr(GPtrArray) none = NULL;
  gint64 numbers[3];

  core_create_lot (site, "LOT-3", NULL);
  numbers[0] = open_deviation (site->operator, "LOT-2", "minor", "first");
  numbers[1] = open_deviation (site->operator, "LOT-1", "major", "second");
  numbers[2] = open_deviation (site->operator, "LOT-2", "critical", "third");

  all = st_deviations_list (site->reviewer, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->len, ==, 3);
  for (guint i = 0; i < all->len; i++)
    g_assert_cmpint (((StDeviationRecord *) g_ptr_array_index (all, i))->number, ==, numbers[i]);

  of_lot2 = st_deviations_list (site->reviewer, "LOT-2", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (of_lot2->len, ==, 2);
  g_assert_cmpint (((StDeviationRecord *) g_ptr_array_index (of_lot2, 0))->number, ==, numbers[0]);
  g_assert_cmpint (((StDeviationRecord *) g_ptr_array_index (of_lot2, 1))->number, ==, numbers[2]);
  for (guint i = 0; i < of_lot2->len; i++)
    g_assert_cmpstr (((StDeviationRecord *) g_ptr_array_index (of_lot2, i))->lot_number, ==, "LOT-2");

  none = st_deviations_list (site->reviewer, "LOT-3", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (none->len, ==, 0);

  g_assert_null (st_deviations_list (site->reviewer, "LOT-404", &error));
  core_assert_error (error, ST_DEVIATIONS_ERROR, ST_DEVIATIONS_ERROR_NOT_FOUND, "lot", NULL);
  core_assert_audit_intact (site);
}

int
main (int argc, char **argv)
{
  core_fixture_init (&argc, &argv);

  g_test_add_func ("/core/deviations/open", test_open);
  g_test_add_func ("/core/deviations/close", test_close);
  g_test_add_func ("/core/deviations/list", test_list);

  return core_fixture_run ();
}
