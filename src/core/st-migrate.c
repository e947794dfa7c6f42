/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "st-migrate.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>
#include <string.h>

G_DEFINE_QUARK (st-migrate-error-quark, st_migrate_error)

void
st_migrate_report_clear (StMigrateReport *report)
{
  g_clear_pointer (&report->target, g_free);
}

static gboolean
verify_trail (StDb     *db,
              gint64   *entries,
              int       code,
              GError  **error)
{
  StAuditReport audit = { 0 };
  gboolean ok;

  if (!st_audit_verify_in_transaction (db, &audit, error))
    return FALSE;
  ok = audit.intact;
  if (!ok && code == ST_MIGRATE_ERROR_UNVERIFIED)
    g_set_error (error, ST_MIGRATE_ERROR, code,
                 _("migrate-to: the audit trail of this site does not verify at entry %" PRId64
                   " (%s); a site is only moved intact"), audit.first_bad, audit.reason);
  else if (!ok)
    g_set_error (error, ST_MIGRATE_ERROR, code,
                 _("migrate-to: the copy's audit trail does not verify at entry %" PRId64
                   " (%s); nothing was moved"), audit.first_bad, audit.reason);
  *entries = audit.entries;
  st_audit_report_clear (&audit);
  return ok;
}

static gboolean
compare_counts (GPtrArray        *site,
                GPtrArray        *copy,
                StMigrateReport  *report,
                GError          **error)
{
  if (site->len != copy->len)
    {
      g_set_error (error, ST_MIGRATE_ERROR, ST_MIGRATE_ERROR_COPY,
                   _("migrate-to: the copy has %u tables, the site %u; nothing was moved"), copy->len, site->len);
      return FALSE;
    }
  for (guint i = 0; i < site->len; i++)
    {
      StDbTableCount *ours = g_ptr_array_index (site, i);
      StDbTableCount *theirs = g_ptr_array_index (copy, i);

      if (g_strcmp0 (ours->table, theirs->table) != 0 || ours->rows != theirs->rows)
        {
          g_set_error (error, ST_MIGRATE_ERROR, ST_MIGRATE_ERROR_COPY,
                       _("migrate-to: %s has %" PRId64 " rows in the copy but %" PRId64
                         " in the site; nothing was moved"), ours->table, theirs->rows, ours->rows);
          return FALSE;
        }
      report->rows += ours->rows;
    }
  report->tables = site->len;
  return TRUE;
}

/* Copies, verifies and records the move on the server, in one transaction
 * of @target that is committed only when all of it succeeded. */
static gboolean
copy_to_server (StSession        *session,
                StDb             *target,
                gint64            site_entries,
                const char       *reason,
                StMigrateReport  *report,
                GError          **error)
{
  StDb *source = st_session_get_db (session);
  g_autoptr(GPtrArray) site_counts = NULL;
  g_autoptr(GPtrArray) copy_counts = NULL;
  g_autoptr(StAuditWriter) writer = st_audit_writer_new ();
  const char *location = st_session_get_location (session);
  gint64 copy_entries = 0;
  StAuditChange change = {
    .action = "migrate", .table = "migrations", .record = location,
    .field = "from", .new_value = location, .reason = reason,
  };

  if ((site_counts = st_db_count_rows (source, error)) == NULL
      || !st_db_begin (target, error))
    return FALSE;
  if (!st_db_copy (source, target, error)
      || !st_db_reset_keys (target, error)
      || (copy_counts = st_db_count_rows (target, error)) == NULL
      || !compare_counts (site_counts, copy_counts, report, error)
      || !verify_trail (target, &copy_entries, ST_MIGRATE_ERROR_COPY, error))
    goto fail;
  if (copy_entries != site_entries)
    {
      g_set_error (error, ST_MIGRATE_ERROR, ST_MIGRATE_ERROR_COPY,
                   _("migrate-to: the copy's audit trail has %" PRId64 " entries, the site's %"
                     PRId64 "; nothing was moved"), copy_entries, site_entries);
      goto fail;
    }
  report->audit_entries = copy_entries;
  if (!st_audit_writer_start (writer, target, error)
      || !st_audit_writer_append (writer, target, st_session_now (session),
                                  st_session_get_user (session)->username, &change, error)
      || !st_audit_writer_finish (writer, target, error)
      || !st_db_commit (target, error))
    goto fail;
  return TRUE;

fail:
  st_audit_writer_abandon (writer);
  st_db_rollback (target);
  return FALSE;
}

gboolean
st_migrate_to (StSession        *session,
               const char       *target_location,
               StMigrateReport  *report,
               GError          **error)
{
  StDb *source = st_session_get_db (session);
  g_autofree char *display = st_db_location_display (target_location);
  g_autofree char *reason = NULL;
  g_autoptr(GError) local = NULL;
  StDb *target = NULL;
  gint64 site_entries = 0;

  g_return_val_if_fail (report != NULL, FALSE);
  memset (report, 0, sizeof *report);

  if (!st_session_require (session, ST_ROLE_ADMIN, _("migrate-to"), error))
    return FALSE;
  if (!st_db_location_is_server (target_location))
    {
      g_set_error (error, ST_MIGRATE_ERROR, ST_MIGRATE_ERROR_TARGET,
                   _("migrate-to: '%s' is not a postgresql:// or postgres:// URI"), display);
      return FALSE;
    }
  if (st_db_is_postgresql (source))
    {
      g_set_error (error, ST_MIGRATE_ERROR, ST_MIGRATE_ERROR_SOURCE,
                   _("migrate-to: this site is already on a server; only a SQLite site is moved"));
      return FALSE;
    }

  /* Made (or found empty) before the site is held, so that others wait
   * only for the copy itself. */
  target = st_db_open (target_location, ST_DB_OPEN_CREATE, error);
  if (target == NULL)
    return FALSE;

  /* The site's write lock keeps every other writer out until the move is
   * recorded here too: nothing written meanwhile can be left behind. */
  if (!st_session_begin (session, ST_ROLE_ADMIN, _("migrate-to"), error))
    goto out;
  if (!verify_trail (source, &site_entries, ST_MIGRATE_ERROR_UNVERIFIED, error))
    goto rollback;
  reason = g_strdup_printf ("copied between SQLite and PostgreSQL: every row, %" G_GINT64_FORMAT
                            " audit entries verified in the copy", site_entries);
  if (!copy_to_server (session, target, site_entries, reason, report, error))
    goto rollback;

  {
    StAuditChange change = {
      .action = "migrate", .table = "migrations", .record = display,
      .field = "to", .new_value = display, .reason = reason,
    };
    if (!st_session_audit (session, &change, &local) || !st_session_commit (session, &local))
      {
        st_session_rollback (session);
        g_set_error (error, ST_MIGRATE_ERROR, ST_MIGRATE_ERROR_UNRECORDED,
                     _("migrate-to: the server %s holds the verified copy, but this site could not record the "
                       "move (%s); use the server from now on"), display, local->message);
        goto out;
      }
  }
  report->target = g_steal_pointer (&display);
  st_db_close (target);
  return TRUE;

rollback:
  st_session_rollback (session);
out:
  st_db_close (target);
  return FALSE;
}
