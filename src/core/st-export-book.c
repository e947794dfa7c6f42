/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "st-export-private.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>
#include <math.h>
#include <string.h>

/* Excel's limits: rows per worksheet (the header takes one) and characters
 * (UTF-16 code units) per cell. */
#define DATA_ROWS_PER_PART ((gint64) LXW_ROW_MAX - 1)
#define MAX_CELL_UNITS 32767

/* Excel's "Bad" cell style: light red fill, dark red text. */
#define WARN_FILL 0xFFC7CE
#define WARN_FONT 0x9C0006
#define HEADER_FILL 0xDDEBF7

static gboolean
set_lxw_error (GError      **error,
               const char   *subject,
               lxw_error     status)
{
  g_set_error (error, ST_EXPORT_ERROR, ST_EXPORT_ERROR_WRITE,
               _("%s: the workbook could not be written (%s)"), subject, lxw_strerror (status));
  return FALSE;
}

static gboolean
check (StExportSheetWriter  *sheet,
       lxw_error             status,
       GError              **error)
{
  if (status == LXW_NO_ERROR)
    return TRUE;
  return set_lxw_error (error, st_export_sheet_name (sheet->id), status);
}

typedef struct {
  const char *num_format;
  uint8_t align;
  uint8_t indent;
} FormatSpec;

static const FormatSpec format_specs[ST_EXPORT_N_FORMATS] = {
  [ST_EXPORT_FORMAT_TEXT] = { NULL, LXW_ALIGN_NONE, 0 },
  [ST_EXPORT_FORMAT_NUMBER] = { NULL, LXW_ALIGN_RIGHT, 1 },
  [ST_EXPORT_FORMAT_ID] = { "0", LXW_ALIGN_CENTER, 0 },
  [ST_EXPORT_FORMAT_COUNT] = { "#,##0", LXW_ALIGN_RIGHT, 1 },
  [ST_EXPORT_FORMAT_DECIMAL2] = { "0.00", LXW_ALIGN_RIGHT, 1 },
  [ST_EXPORT_FORMAT_DATETIME] = { "yyyy-mm-dd hh:mm:ss", LXW_ALIGN_CENTER, 0 },
  [ST_EXPORT_FORMAT_DATE] = { "yyyy-mm-dd", LXW_ALIGN_CENTER, 0 },
};

static lxw_format *
add_format (lxw_workbook     *workbook,
            gboolean          warn,
            const FormatSpec *spec)
{
  lxw_format *format;

  if (!warn && spec->num_format == NULL && spec->align == LXW_ALIGN_NONE)
    return NULL;
  format = workbook_add_format (workbook);
  if (spec->num_format != NULL)
    format_set_num_format (format, spec->num_format);
  if (spec->align != LXW_ALIGN_NONE)
    format_set_align (format, spec->align);
  if (spec->indent > 0)
    format_set_indent (format, spec->indent);
  if (warn)
    {
      format_set_bg_color (format, WARN_FILL);
      format_set_font_color (format, WARN_FONT);
    }
  return format;
}

static char *
part_name (StExportSheet sheet,
           guint         part)
{
  if (part == 0)
    return g_strdup (st_export_sheet_name (sheet));
  return g_strdup_printf ("%s (%u)", st_export_sheet_name (sheet), part + 1);
}

gboolean
st_export_book_open (StExportBook  *book,
                     const char    *path,
                     const gint64   expected_rows[ST_EXPORT_N_SHEETS],
                     GError       **error)
{
  lxw_workbook_options options = { .constant_memory = LXW_TRUE, .use_zip64 = LXW_TRUE };

  book->workbook = workbook_new_opt (path, &options);
  if (book->workbook == NULL)
    {
      g_set_error (error, ST_EXPORT_ERROR, ST_EXPORT_ERROR_WRITE,
                   _("%s: the workbook could not be started (out of memory)"), path);
      return FALSE;
    }

  book->header = workbook_add_format (book->workbook);
  format_set_bold (book->header);
  format_set_bg_color (book->header, HEADER_FILL);
  format_set_bottom (book->header, LXW_BORDER_THIN);
  for (int warn = 0; warn < 2; warn++)
    for (int f = 0; f < ST_EXPORT_N_FORMATS; f++)
      book->formats[warn][f] = add_format (book->workbook, warn, &format_specs[f]);

  for (int id = 0; id < ST_EXPORT_N_SHEETS; id++)
    {
      StExportSheetWriter *sheet = &book->sheets[id];
      gint64 parts = expected_rows[id] <= 0 ? 1 : (expected_rows[id] + DATA_ROWS_PER_PART - 1) / DATA_ROWS_PER_PART;

      sheet->book = book;
      sheet->id = id;
      if (parts > ST_EXPORT_MAX_PARTS)
        {
          g_set_error (error, ST_EXPORT_ERROR, ST_EXPORT_ERROR_INVALID,
                       _("%s: %" PRId64 " rows are more than one workbook can hold; "
                         "export a narrower scope (--lot, --since, --until)"),
                       st_export_sheet_name (id), expected_rows[id]);
          return FALSE;
        }
      for (guint part = 0; part < parts; part++)
        {
          g_autofree char *name = part_name (id, part);

          sheet->parts[part] = workbook_add_worksheet (book->workbook, name);
          if (sheet->parts[part] == NULL)
            {
              g_set_error (error, ST_EXPORT_ERROR, ST_EXPORT_ERROR_WRITE,
                           _("%s: the worksheet could not be added (a temporary file could not be made)"), name);
              return FALSE;
            }
        }
      sheet->n_parts = parts;
    }
  return TRUE;
}

gboolean
st_export_book_close (StExportBook  *book,
                      GError       **error)
{
  lxw_error status = workbook_close (book->workbook);

  book->workbook = NULL;
  if (status != LXW_NO_ERROR)
    return set_lxw_error (error, _("workbook"), status);
  return TRUE;
}

void
st_export_book_abandon (StExportBook *book)
{
  g_clear_pointer (&book->workbook, lxw_workbook_free);
}

gboolean
st_export_book_advance (StExportBook  *book,
                        gint64         amount,
                        GError       **error)
{
  /* About 200 progress reports and cancellation checks per export. */
  book->work_done += amount;
  if (book->work_done < book->next_check)
    return TRUE;
  book->next_check = book->work_done + MAX (book->work_total / 200, 256);
  if (g_cancellable_set_error_if_cancelled (book->cancellable, error))
    return FALSE;
  if (book->progress != NULL && book->work_total > 0)
    book->progress (MIN (1.0, (double) book->work_done / (double) book->work_total), book->progress_data);
  return TRUE;
}

static gboolean
write_header (StExportSheetWriter  *sheet,
              lxw_worksheet        *worksheet,
              GError              **error)
{
  for (guint c = 0; c < sheet->n_columns; c++)
    if (!check (sheet, worksheet_write_string (worksheet, 0, c, sheet->columns[c].header,
                                               sheet->book->header), error))
      return FALSE;
  sheet->book->cells += sheet->n_columns;
  return TRUE;
}

StExportSheetWriter *
st_export_sheet_begin (StExportBook          *book,
                       StExportSheet          id,
                       const StExportColumn  *columns,
                       guint                  n_columns,
                       GError               **error)
{
  StExportSheetWriter *sheet = &book->sheets[id];

  g_return_val_if_fail (n_columns <= ST_EXPORT_MAX_COLUMNS, NULL);

  sheet->columns = columns;
  sheet->n_columns = n_columns;
  sheet->part = 0;
  sheet->row = 0;
  sheet->rows = 0;
  sheet->filled = 0;
  sheet->warn = FALSE;
  for (guint c = 0; c < n_columns; c++)
    sheet->widest[c] = 0;
  if (!write_header (sheet, sheet->parts[0], error))
    return NULL;
  return sheet;
}

/* Gives the rest of a warning row its fill, so the whole row stands out. */
static gboolean
finish_row (StExportSheetWriter  *sheet,
            GError              **error)
{
  lxw_worksheet *worksheet = sheet->parts[sheet->part];

  if (sheet->warn && sheet->row > 0)
    for (guint c = 0; c < sheet->n_columns; c++)
      if (!(sheet->filled & (1u << c))
          && !check (sheet, worksheet_write_blank (worksheet, sheet->row, c,
                                                   sheet->book->formats[1][ST_EXPORT_FORMAT_TEXT]), error))
        return FALSE;
  sheet->filled = 0;
  return TRUE;
}

gboolean
st_export_row (StExportSheetWriter  *sheet,
               gboolean              warn,
               GError              **error)
{
  if (!finish_row (sheet, error))
    return FALSE;
  if ((gint64) sheet->row >= DATA_ROWS_PER_PART)
    {
      /* The counts were taken in the same snapshot, so this only happens
       * if a sheet's rows were miscounted. */
      if (sheet->part + 1 >= sheet->n_parts)
        {
          g_set_error (error, ST_EXPORT_ERROR, ST_EXPORT_ERROR_WRITE,
                       _("%s: more rows than were counted"), st_export_sheet_name (sheet->id));
          return FALSE;
        }
      sheet->part++;
      sheet->row = 0;
      if (!write_header (sheet, sheet->parts[sheet->part], error))
        return FALSE;
    }
  sheet->row++;
  sheet->rows++;
  sheet->warn = warn;
  return st_export_book_advance (sheet->book, 1, error);
}

static lxw_format *
format_of (StExportSheetWriter *sheet,
           StExportFormat       format)
{
  return sheet->book->formats[sheet->warn ? 1 : 0][format];
}

static void
mark (StExportSheetWriter *sheet,
      guint                column,
      gsize                width)
{
  sheet->filled |= 1u << column;
  if (width > sheet->widest[column])
    sheet->widest[column] = width;
  sheet->book->cells++;
}

/* A copy of @text cut to Excel's limit with a note, or NULL when it fits. */
static char *
fit_text (const char *text,
          gsize       length)
{
  const glong room = MAX_CELL_UNITS - 200;   /* for the note */
  const char *cut = NULL;
  glong units = 0;

  /* UTF-16 never needs more code units than UTF-8 needs bytes. */
  if (length <= MAX_CELL_UNITS)
    return NULL;
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      if (units <= room)
        cut = p;
      units += g_utf8_get_char (p) >= 0x10000 ? 2 : 1;
    }
  if (units <= MAX_CELL_UNITS)
    return NULL;
  return g_strdup_printf (_("%.*s … [cut at Excel's cell limit; %ld characters in all, kept whole in the database]"),
                          (int) (cut - text), text, g_utf8_strlen (text, -1));
}

gboolean
st_export_text (StExportSheetWriter  *sheet,
                guint                 column,
                const char           *text,
                GError              **error)
{
  g_autofree char *cut = NULL;
  gsize length;

  if (text == NULL || *text == '\0')
    return TRUE;
  length = strlen (text);
  if ((cut = fit_text (text, length)) != NULL)
    text = cut;
  if (!check (sheet, worksheet_write_string (sheet->parts[sheet->part], sheet->row, column, text,
                                             format_of (sheet, ST_EXPORT_FORMAT_TEXT)), error))
    return FALSE;
  mark (sheet, column, length);
  return TRUE;
}

gboolean
st_export_number (StExportSheetWriter  *sheet,
                  guint                 column,
                  double                value,
                  StExportFormat        format,
                  GError              **error)
{
  /* libxlsxwriter would write NaN as text Excel cannot read. */
  if (!isfinite (value))
    return TRUE;
  if (!check (sheet, worksheet_write_number (sheet->parts[sheet->part], sheet->row, column, value,
                                             format_of (sheet, format)), error))
    return FALSE;
  mark (sheet, column, 0);
  return TRUE;
}

gboolean
st_export_decimal (StExportSheetWriter  *sheet,
                   guint                 column,
                   const char           *text,
                   GError              **error)
{
  char *end = NULL;
  double value;

  if (text == NULL || *text == '\0')
    return TRUE;
  value = g_ascii_strtod (text, &end);
  if (end == text || *end != '\0' || !isfinite (value))
    return st_export_text (sheet, column, text, error);
  return st_export_number (sheet, column, value, ST_EXPORT_FORMAT_NUMBER, error);
}

static gboolean
digits (const char *text,
        int         count,
        int        *value)
{
  *value = 0;
  for (int i = 0; i < count; i++)
    {
      if (!g_ascii_isdigit (text[i]))
        return FALSE;
      *value = *value * 10 + (text[i] - '0');
    }
  return TRUE;
}

/* "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM:SSZ"; Excel counts from 1900. */
static gboolean
parse_time (const char   *text,
            lxw_datetime *time,
            gboolean     *has_time)
{
  int year, month, day, hour = 0, minute = 0, second = 0;
  gsize length = strlen (text);

  if ((length != 10 && length != 20)
      || !digits (text, 4, &year) || text[4] != '-' || !digits (text + 5, 2, &month)
      || text[7] != '-' || !digits (text + 8, 2, &day)
      || year < 1900 || month < 1 || month > 12 || day < 1
      || day > g_date_get_days_in_month (month, year))
    return FALSE;
  if (length == 20
      && (text[10] != 'T' || !digits (text + 11, 2, &hour) || text[13] != ':'
          || !digits (text + 14, 2, &minute) || text[16] != ':' || !digits (text + 17, 2, &second)
          || text[19] != 'Z' || hour > 23 || minute > 59 || second > 60))
    return FALSE;
  *time = (lxw_datetime) { .year = year, .month = month, .day = day,
                           .hour = hour, .min = minute, .sec = second };
  *has_time = length == 20;
  return TRUE;
}

gboolean
st_export_time (StExportSheetWriter  *sheet,
                guint                 column,
                const char           *text,
                GError              **error)
{
  lxw_datetime time;
  gboolean has_time;
  StExportFormat format;

  if (text == NULL || *text == '\0')
    return TRUE;
  if (!parse_time (text, &time, &has_time))
    return st_export_text (sheet, column, text, error);
  format = has_time ? ST_EXPORT_FORMAT_DATETIME : ST_EXPORT_FORMAT_DATE;
  if (!check (sheet, worksheet_write_datetime (sheet->parts[sheet->part], sheet->row, column, &time,
                                               format_of (sheet, format)), error))
    return FALSE;
  mark (sheet, column, 0);
  return TRUE;
}

static double
column_width (const StExportColumn *column,
              gsize                 widest)
{
  /* Room for the header and its filter button. */
  double width = MAX (column->min_width, g_utf8_strlen (column->header, -1) + 3.0);

  if ((double) widest + 1.0 > width)
    width = MIN ((double) widest + 1.0, MAX (column->max_width, width));
  return width;
}

gboolean
st_export_sheet_end (StExportSheetWriter  *sheet,
                     GError              **error)
{
  if (!finish_row (sheet, error))
    return FALSE;
  for (guint part = 0; part < sheet->n_parts; part++)
    {
      lxw_worksheet *worksheet = sheet->parts[part];
      lxw_row_t last_row;

      if (part > sheet->part)
        {
          /* Counted rows that did not come: a header so the part is not bare. */
          if (!write_header (sheet, worksheet, error))
            return FALSE;
          last_row = 0;
        }
      else
        last_row = part < sheet->part ? (lxw_row_t) DATA_ROWS_PER_PART : sheet->row;

      for (guint c = 0; c < sheet->n_columns; c++)
        if (!check (sheet, worksheet_set_column (worksheet, c, c,
                                                 column_width (&sheet->columns[c], sheet->widest[c]),
                                                 NULL), error))
          return FALSE;
      if (!check (sheet, worksheet_autofilter (worksheet, 0, 0, last_row, sheet->n_columns - 1), error)
          || !check (sheet, worksheet_repeat_rows (worksheet, 0, 0), error))
        return FALSE;
      worksheet_freeze_panes (worksheet, 1, 0);
      worksheet_set_landscape (worksheet);
      worksheet_set_paper (worksheet, 9 /* A4 */);
      worksheet_fit_to_pages (worksheet, 1, 0);
      if (!check (sheet, worksheet_set_footer (worksheet, "&L&A&RPage &P of &N"), error))
        return FALSE;
    }
  return TRUE;
}
