/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <xlsxwriter.h>

#include "st-export.h"
#include "st-store-export.h"

G_BEGIN_DECLS

/*
 * The workbook under the export: typed cells, one row after the other,
 * over libxlsxwriter in constant-memory mode (st-export-book.c), and the
 * sheets themselves (st-export-sheets.c).  Every libxlsxwriter call is
 * checked; the first failure becomes the GError that stops the export.
 */

/* A sheet may continue on this many worksheets of Excel's 1,048,576 rows. */
#define ST_EXPORT_MAX_PARTS 32
#define ST_EXPORT_MAX_COLUMNS 32

/* Numbers keep a little space on their right and times are centred, so
 * that they do not run into the text of the next column. */
typedef enum {
  ST_EXPORT_FORMAT_TEXT,      /* General, as Excel aligns it */
  ST_EXPORT_FORMAT_NUMBER,    /* General, right */
  ST_EXPORT_FORMAT_ID,        /* 0, centred: sequence numbers, versions */
  ST_EXPORT_FORMAT_COUNT,     /* #,##0, right */
  ST_EXPORT_FORMAT_DECIMAL2,  /* 0.00, right */
  ST_EXPORT_FORMAT_DATETIME,  /* yyyy-mm-dd hh:mm:ss, centred */
  ST_EXPORT_FORMAT_DATE,      /* yyyy-mm-dd, centred */
  ST_EXPORT_N_FORMATS
} StExportFormat;

typedef struct {
  const char *header;
  double min_width;           /* characters */
  double max_width;           /* text wider than min_width widens the column up to this */
} StExportColumn;

typedef struct _StExportBook StExportBook;

typedef struct {
  StExportBook *book;
  StExportSheet id;
  const StExportColumn *columns;
  guint n_columns;
  lxw_worksheet *parts[ST_EXPORT_MAX_PARTS];
  guint n_parts;
  guint part;                 /* the worksheet being written */
  lxw_row_t row;              /* its current row; 0 is the header */
  gint64 rows;                /* data rows written over all parts */
  gboolean warn;              /* the current row carries the warning fill */
  guint32 filled;             /* columns of the current row that hold a cell */
  gsize widest[ST_EXPORT_MAX_COLUMNS];
} StExportSheetWriter;

struct _StExportBook {
  lxw_workbook *workbook;
  lxw_format *header;
  lxw_format *formats[2][ST_EXPORT_N_FORMATS];  /* [warn][format]; NULL is General */
  StExportSheetWriter sheets[ST_EXPORT_N_SHEETS];
  gint64 cells;

  StExportProgress progress;
  gpointer progress_data;
  GCancellable *cancellable;
  gint64 work_total;
  gint64 work_done;
  gint64 next_check;
};

/* Creates the workbook at @path and every worksheet in order; a sheet of
 * more than Excel's rows in @expected_rows gets continuation worksheets. */
gboolean st_export_book_open    (StExportBook        *book,
                                 const char          *path,
                                 const gint64         expected_rows[ST_EXPORT_N_SHEETS],
                                 GError             **error);
/* Writes the workbook file: the ZIP container is assembled here. */
gboolean st_export_book_close   (StExportBook        *book,
                                 GError             **error);
/* Frees the workbook without writing it. */
void     st_export_book_abandon (StExportBook        *book);

/* Starts writing @sheet: writes the header row of its first worksheet. */
StExportSheetWriter *st_export_sheet_begin (StExportBook         *book,
                                            StExportSheet         sheet,
                                            const StExportColumn *columns,
                                            guint                 n_columns,
                                            GError              **error);
/* Sets column widths, the autofilter, the frozen header and page set-up. */
gboolean st_export_sheet_end    (StExportSheetWriter *sheet,
                                 GError             **error);

/* A new data row; @warn fills the whole row with the warning colour.
 * Counts towards progress and checks for cancellation. */
gboolean st_export_row          (StExportSheetWriter *sheet,
                                 gboolean             warn,
                                 GError             **error);
/* Cells of the current row.  NULL or empty text writes nothing. */
gboolean st_export_text         (StExportSheetWriter *sheet,
                                 guint                column,
                                 const char          *text,
                                 GError             **error);
gboolean st_export_number       (StExportSheetWriter *sheet,
                                 guint                column,
                                 double               value,
                                 StExportFormat       format,
                                 GError             **error);
/* A number from its decimal text; text that is not a finite number stays text. */
gboolean st_export_decimal      (StExportSheetWriter *sheet,
                                 guint                column,
                                 const char          *text,
                                 GError             **error);
/* "YYYY-MM-DDTHH:MM:SSZ" as a date-time cell, "YYYY-MM-DD" as a date cell;
 * anything else stays text. */
gboolean st_export_time         (StExportSheetWriter *sheet,
                                 guint                column,
                                 const char          *text,
                                 GError             **error);

/* Counts @amount units of work towards progress (for work that is not rows). */
gboolean st_export_book_advance (StExportBook        *book,
                                 gint64               amount,
                                 GError             **error);

/* st-export-sheets.c: each writes its sheet completely. */
typedef struct {
  StDb *db;
  const StExportFilter *filter;
  StExportBook *book;
} StExportContext;

gboolean st_export_write_lots           (StExportContext *context, GError **error);
gboolean st_export_write_donors         (StExportContext *context, GError **error);
gboolean st_export_write_passages       (StExportContext *context, GError **error);
gboolean st_export_write_results        (StExportContext *context, GError **error);
gboolean st_export_write_deviations     (StExportContext *context, GError **error);
gboolean st_export_write_signatures     (StExportContext *context, GError **error);
gboolean st_export_write_audit          (StExportContext *context, GError **error);
gboolean st_export_write_specifications (StExportContext *context, GError **error);

typedef struct {
  const char *site;
  const char *exported_by;            /* printed name (user name) */
  const char *exported_at;            /* "YYYY-MM-DDTHH:MM:SSZ" */
  const char *scope_lots;             /* "all lots" or the list */
  const char *since;                  /* may be NULL */
  const char *until;                  /* may be NULL */
  gint64 chain_seq;
  const char *chain_hash;
  const gint64 *rows;                 /* ST_EXPORT_N_SHEETS */
} StExportSummary;

/* Number of data rows the summary has. */
#define ST_EXPORT_SUMMARY_ROWS 17
gboolean st_export_write_summary        (StExportContext       *context,
                                         const StExportSummary *summary,
                                         GError               **error);

G_END_DECLS
