/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "st-session.h"

G_BEGIN_DECLS

#define ST_MIGRATE_ERROR (st_migrate_error_quark ())
GQuark st_migrate_error_quark (void);

typedef enum {
  /* This site's own audit trail does not verify: it is not copied. */
  ST_MIGRATE_ERROR_UNVERIFIED = 101,
  /* The target is not a postgresql:// or postgres:// URI. */
  ST_MIGRATE_ERROR_TARGET = 201,
  /* The site is already on a server; only a SQLite site is moved. */
  ST_MIGRATE_ERROR_SOURCE = 202,
  /* The copy did not match the site (rows or audit trail); nothing was moved. */
  ST_MIGRATE_ERROR_COPY = 400,
  /* The server has the copy, but this site could not record the move. */
  ST_MIGRATE_ERROR_UNRECORDED = 401,
} StMigrateError;

typedef struct {
  char *target;          /* the server's location, without a password */
  guint tables;
  gint64 rows;           /* copied, the chain head included */
  gint64 audit_entries;  /* verified in the copy before the move was recorded */
} StMigrateReport;

void     st_migrate_report_clear (StMigrateReport *report);

/*
 * Administrators: copies this SQLite site into the empty PostgreSQL
 * database at @target, row for row in one transaction of the server (keys
 * and audit trail exactly, so the chain and the signatures' anchors still
 * verify), while the site is held against every other writer.  The copy is
 * verified (row counts equal, audit verification of the copy) before it is
 * committed; then the move is an audit event of both trails.  On any
 * failure nothing is committed on the server.
 */
gboolean st_migrate_to           (StSession       *session,
                                  const char      *target,
                                  StMigrateReport *report,
                                  GError         **error);

G_END_DECLS
