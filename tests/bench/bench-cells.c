/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The yardstick of the export benchmark: a plain C program that writes given
 * cells with libxlsxwriter in constant-memory mode, without any database.
 * It loads the cells first (a dump made by bench-export.py from the workbook
 * stromactl wrote), then times only the writing, from workbook_new_opt() to
 * workbook_close(), and prints "CELLS WALL-SECONDS CPU-SECONDS".
 *
 * Dump format, one line each: "#SHEET\tNAME", or a row of tab-separated
 * cells, each a type letter and its value: h header text, s text,
 * n number, d date-time serial, a date serial; an empty field is an empty
 * cell.  Text escapes \\, \t, \n and \r.
 */
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <xlsxwriter.h>

typedef struct {
  char type;
  double number;
  char *text;
} Cell;

typedef struct {
  char *name;
  GArray *rows;   /* GArray of Cell */
} Sheet;

static char *
unescape (const char *text)
{
  GString *out = g_string_sized_new (strlen (text));

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p != '\\' || p[1] == '\0')
        {
          g_string_append_c (out, *p);
          continue;
        }
      p++;
      g_string_append_c (out, *p == 't' ? '\t' : *p == 'n' ? '\n' : *p == 'r' ? '\r' : *p);
    }
  return g_string_free (out, FALSE);
}

static GPtrArray *
load (const char *path)
{
  GPtrArray *sheets = g_ptr_array_new ();
  FILE *file = fopen (path, "r");
  char *line = NULL;
  size_t size = 0;
  ssize_t length;
  Sheet *sheet = NULL;

  if (file == NULL)
    {
      perror (path);
      exit (2);
    }
  while ((length = getline (&line, &size, file)) > 0)
    {
      char **fields;
      GArray *row;

      if (line[length - 1] == '\n')
        line[--length] = '\0';
      if (g_str_has_prefix (line, "#SHEET\t"))
        {
          sheet = g_new0 (Sheet, 1);
          sheet->name = g_strdup (line + strlen ("#SHEET\t"));
          sheet->rows = g_array_new (FALSE, FALSE, sizeof (GArray *));
          g_ptr_array_add (sheets, sheet);
          continue;
        }
      if (sheet == NULL)
        continue;
      row = g_array_new (FALSE, TRUE, sizeof (Cell));
      fields = g_strsplit (line, "\t", -1);
      for (int i = 0; fields[i] != NULL; i++)
        {
          Cell cell = { fields[i][0], 0, NULL };

          if (cell.type == 's' || cell.type == 'h')
            cell.text = unescape (fields[i] + 1);
          else if (cell.type != '\0')
            cell.number = g_ascii_strtod (fields[i] + 1, NULL);
          g_array_append_val (row, cell);
        }
      g_strfreev (fields);
      g_array_append_val (sheet->rows, row);
    }
  free (line);
  fclose (file);
  return sheets;
}

static int
check (lxw_error status,
       const char *what)
{
  if (status != LXW_NO_ERROR)
    {
      fprintf (stderr, "bench-cells: %s: %s\n", what, lxw_strerror (status));
      exit (1);
    }
  return 0;
}

int
main (int   argc,
      char *argv[])
{
  lxw_workbook_options options = { .constant_memory = LXW_TRUE, .use_zip64 = LXW_TRUE };
  GPtrArray *sheets;
  lxw_workbook *workbook;
  lxw_format *header, *datetime, *date;
  gint64 start, cells = 0;
  struct timespec cpu_start, cpu_end;

  if (argc != 3)
    {
      fprintf (stderr, "usage: bench-cells DUMP OUT.xlsx\n");
      return 2;
    }
  sheets = load (argv[1]);

  start = g_get_monotonic_time ();
  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &cpu_start);
  workbook = workbook_new_opt (argv[2], &options);
  header = workbook_add_format (workbook);
  format_set_bold (header);
  datetime = workbook_add_format (workbook);
  format_set_num_format (datetime, "yyyy-mm-dd hh:mm:ss");
  date = workbook_add_format (workbook);
  format_set_num_format (date, "yyyy-mm-dd");
  for (guint s = 0; s < sheets->len; s++)
    {
      Sheet *sheet = g_ptr_array_index (sheets, s);
      lxw_worksheet *worksheet = workbook_add_worksheet (workbook, sheet->name);

      for (guint r = 0; r < sheet->rows->len; r++)
        {
          GArray *row = g_array_index (sheet->rows, GArray *, r);

          for (guint c = 0; c < row->len; c++)
            {
              Cell *cell = &g_array_index (row, Cell, c);

              switch (cell->type)
                {
                case 'h':
                  check (worksheet_write_string (worksheet, r, c, cell->text, header), "string");
                  break;
                case 's':
                  check (worksheet_write_string (worksheet, r, c, cell->text, NULL), "string");
                  break;
                case 'n':
                  check (worksheet_write_number (worksheet, r, c, cell->number, NULL), "number");
                  break;
                case 'd':
                  check (worksheet_write_number (worksheet, r, c, cell->number, datetime), "date-time");
                  break;
                case 'a':
                  check (worksheet_write_number (worksheet, r, c, cell->number, date), "date");
                  break;
                default:
                  continue;
                }
              cells++;
            }
        }
    }
  check (workbook_close (workbook), "workbook_close");
  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &cpu_end);
  printf ("%" G_GINT64_FORMAT " %.6f %.6f\n", cells, (g_get_monotonic_time () - start) / 1e6,
          (cpu_end.tv_sec - cpu_start.tv_sec) + (cpu_end.tv_nsec - cpu_start.tv_nsec) / 1e9);
  return 0;
}
