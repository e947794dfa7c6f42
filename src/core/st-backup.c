/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "st-backup.h"

#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <inttypes.h>
#include <glib/gstdio.h>

#include "st-crypto.h"

#include <string.h>

G_DEFINE_QUARK (st-backup-error-quark, st_backup_error)

void
st_backup_report_clear (StBackupReport *report)
{
  g_clear_pointer (&report->sha256, g_free);
}

static gboolean
check_target (const char  *path,
              GError     **error)
{
  g_autofree char *folder = g_path_get_dirname (path);

  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, ST_BACKUP_ERROR, ST_BACKUP_ERROR_TARGET,
                   _("backup: %s is a folder; name the file to write"), path);
      return FALSE;
    }
  if (g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, ST_BACKUP_ERROR, ST_BACKUP_ERROR_TARGET,
                   _("backup: %s already exists; a backup never overwrites a file"), path);
      return FALSE;
    }
  if (!g_file_test (folder, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, ST_BACKUP_ERROR, ST_BACKUP_ERROR_FOLDER,
                   _("backup: the folder %s does not exist"), folder);
      return FALSE;
    }
  return TRUE;
}

/* Opens the copy on its own, as a restore would, and checks it. */
static gboolean
verify_copy (const char  *path,
             gint64      *entries,
             GError     **error)
{
  g_autofree char *problem = NULL;
  StAuditReport audit = { 0 };
  StDb *copy = st_db_open (path, ST_DB_OPEN_EXISTING, error);
  gboolean ok = FALSE;

  if (copy == NULL)
    return FALSE;
  if (!st_db_check_integrity (copy, &problem, error))
    goto out;
  if (problem != NULL)
    {
      /* The copy is page for page the live database: that is damaged. */
      g_strstrip (g_strdelimit (problem, "\r\n", ' '));
      g_set_error (error, ST_BACKUP_ERROR, ST_BACKUP_ERROR_UNSOUND,
                   _("backup: the copy fails its integrity check (%.160s): the database is damaged — restore it "
                     "from a backup; the copy was removed"), problem);
      goto out;
    }
  if (!st_audit_verify (copy, &audit, error))
    goto out;
  if (!audit.intact)
    {
      g_set_error (error, ST_BACKUP_ERROR, ST_BACKUP_ERROR_UNSOUND,
                   _("backup: the copy's audit trail does not verify at entry %" PRId64
                     " (%s); the live database needs attention"), audit.first_bad, audit.reason);
      goto out;
    }
  *entries = audit.entries;
  ok = TRUE;

out:
  st_audit_report_clear (&audit);
  st_db_close (copy);
  return ok;
}

gboolean
st_backup_create (StSession       *session,
                  const char      *path,
                  StBackupReport  *report,
                  GError         **error)
{
  g_autoptr(GMappedFile) mapped = NULL;
  g_autofree char *name = NULL;
  g_autofree char *reason = NULL;

  g_return_val_if_fail (report != NULL, FALSE);
  memset (report, 0, sizeof *report);

  if (!st_session_require (session, ST_ROLE_ADMIN, _("backup"), error) || !check_target (path, error))
    return FALSE;
  if (!st_db_backup_to (st_session_get_db (session), path, error))
    return FALSE;
  if (!verify_copy (path, &report->audit_entries, error))
    goto fail;
  /* Mapped, not read: a site's database may be larger than its memory. */
  mapped = g_mapped_file_new (path, FALSE, error);
  if (mapped == NULL)
    goto fail;
  report->sha256 = st_crypto_sha256_hex (g_mapped_file_get_contents (mapped), g_mapped_file_get_length (mapped));
  report->bytes = (gint64) g_mapped_file_get_length (mapped);

  name = g_path_get_basename (path);
  reason = g_strdup_printf ("online backup, %" G_GINT64_FORMAT " audit entries verified in the copy",
                            report->audit_entries);
  {
    StAuditChange change = {
      .action = "backup", .table = "backups", .record = name, .field = "sha256",
      .new_value = report->sha256, .reason = reason,
    };
    if (!st_session_begin (session, ST_ROLE_ADMIN, _("backup"), error))
      goto fail;
    if (!st_session_audit (session, &change, error))
      {
        st_session_rollback (session);
        goto fail;
      }
    if (!st_session_commit (session, error))
      goto fail;
  }
  return TRUE;

fail:
  g_unlink (path);
  st_backup_report_clear (report);
  return FALSE;
}
