/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "st-session.h"

G_BEGIN_DECLS

/*
 * The regulator's workbook: the batch records of a scope of lots as one
 * .xlsx file (libxlsxwriter, constant memory, rows streamed from the
 * database), optionally with a detached CMS signature FILE.p7s by the
 * exporting user.  The export is recorded in the audit trail with the
 * SHA-256 of the file written.  On any failure no file is left behind.
 *
 * Sheets, in this order: Summary, Lots, Donors, Passages, Results,
 * Deviations, Signatures, Audit trail, Specifications.  A sheet longer than
 * Excel's 1,048,576 rows continues on "NAME (2)", "NAME (3)"... right
 * after it.
 *
 * The scope (see st-store-export.h): the lots named (all when none are) and
 * created between @since and @until (both inclusive, UTC dates); the donors,
 * passages, results, deviations, signatures and specification versions of
 * those lots; the audit entries of those lots and, when no lots are named,
 * every entry made between the dates.
 */

#define ST_EXPORT_ERROR (st_export_error_quark ())
GQuark st_export_error_quark (void);

typedef enum {
  /* A date, lot number or file name that cannot be used. */
  ST_EXPORT_ERROR_INVALID = 200,
  /* A lot named in the scope does not exist. */
  ST_EXPORT_ERROR_NOT_FOUND = 201,
  /* The folder of the file does not exist, or the file is a folder. */
  ST_EXPORT_ERROR_PATH = 202,
  /* Signing was asked for by a user without a signing certificate. */
  ST_EXPORT_ERROR_NO_SIGNING_KEY = 300,
  /* The file could not be written (permissions, disk full, the workbook
   * library refused). */
  ST_EXPORT_ERROR_WRITE = 400,
} StExportError;

typedef enum {
  ST_EXPORT_SHEET_SUMMARY,
  ST_EXPORT_SHEET_LOTS,
  ST_EXPORT_SHEET_DONORS,
  ST_EXPORT_SHEET_PASSAGES,
  ST_EXPORT_SHEET_RESULTS,
  ST_EXPORT_SHEET_DEVIATIONS,
  ST_EXPORT_SHEET_SIGNATURES,
  ST_EXPORT_SHEET_AUDIT,
  ST_EXPORT_SHEET_SPECIFICATIONS,
  ST_EXPORT_N_SHEETS
} StExportSheet;

/* "Summary", "Lots", ... "Audit trail", "Specifications". */
const char *st_export_sheet_name (StExportSheet sheet);

typedef struct {
  const char *const *lots;  /* NULL-terminated lot numbers; NULL or empty: every lot */
  const char *since;        /* "YYYY-MM-DD" or NULL */
  const char *until;        /* "YYYY-MM-DD" (inclusive) or NULL */
  gboolean sign;            /* also write FILE.p7s */
  const char *password;     /* the exporting user's password, to unlock the signing key */
} StExportScope;

typedef struct {
  gint64 rows[ST_EXPORT_N_SHEETS];  /* data rows of each sheet, headers not counted */
  gint64 cells;                     /* cells holding a value, headers included */
  char *sha256;                     /* of the workbook written, lower-case hex */
  char *p7s_path;                   /* the signature written, NULL when not signed */
} StExportResult;

void st_export_result_clear (StExportResult *result);

/* Called now and then with the share of the work done (0 to 1), in the
 * thread that runs the export. */
typedef void (*StExportProgress) (double   fraction,
                                  gpointer user_data);

/*
 * Checks that the signed-in user has a signing certificate (reviewers, QPs,
 * users who imported one), so that a face can refuse before it asks for the
 * password.
 */
gboolean st_export_check_signing (StSession           *session,
                                  GError             **error);

/*
 * Writes the workbook to @path (replacing a file there).  Any signed-in user
 * may export.  The workbook is written to a private temporary file in the
 * same folder and renamed into place after the export event is committed to
 * the audit trail (table "exports", record = the file name, field "sha256").
 * Runs in the calling thread; a face calls it from a worker thread and must
 * not use @session meanwhile.  @progress, @cancellable and @result may be
 * NULL.
 */
gboolean st_export_xlsx          (StSession           *session,
                                  const StExportScope *scope,
                                  const char          *path,
                                  StExportProgress     progress,
                                  gpointer             user_data,
                                  GCancellable        *cancellable,
                                  StExportResult      *result,
                                  GError             **error);

G_END_DECLS
