/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "st-session.h"

G_BEGIN_DECLS

#define ST_BACKUP_ERROR (st_backup_error_quark ())
GQuark st_backup_error_quark (void);

typedef enum {
  /* The target exists already or is a folder. */
  ST_BACKUP_ERROR_TARGET = 200,
  /* The copy did not pass its own checks; it was removed. */
  ST_BACKUP_ERROR_UNSOUND = 400,
  /* The target's folder is missing or cannot be written. */
  ST_BACKUP_ERROR_FOLDER = 401,
} StBackupError;

typedef struct {
  gint64 audit_entries;
  gint64 bytes;
  char *sha256;
} StBackupReport;

void     st_backup_report_clear (StBackupReport *report);

/*
 * Administrators: a consistent copy of the live database at @path, taken
 * while others keep working, then opened on its own and checked (the
 * engine's integrity check and audit verification of the copy) before it
 * counts.  The backup is an audit event of the live database.
 */
gboolean st_backup_create       (StSession      *session,
                                 const char     *path,
                                 StBackupReport *report,
                                 GError        **error);

G_END_DECLS
