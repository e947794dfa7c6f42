/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "st-pdf-flow.h"

#define TEXT_RGB          0x1a1a1a
#define RULE_RGB          0x9a9a9a
#define STRONG_RULE_RGB   0x404040
#define HEADER_FILL_RGB   0xebebeb
#define ALERT_FILL_RGB    0xf9e1df
#define ALERT_BAR_RGB     0xa51d12
#define MUTED_FILL_RGB    0xf4f4f4

#define CELL_PAD_X        3.5
#define CELL_PAD_Y        2.6
#define ALERT_BAR_WIDTH   2.5
#define HEADING_SPACE     13.0
#define HEADING_RULE_GAP  2.0
#define HEADING_AFTER     5.0
#define CONTINUED_AFTER   3.0
#define BOX_PAD           6.0
#define BOX_BAR_WIDTH     3.0

typedef enum {
  OP_TEXT,
  OP_FILL,
  OP_LINE,
} OpKind;

typedef struct {
  OpKind       kind;
  double       x, y, w, h;  /* a fill's rectangle; a line from (x, y) to (x + w, y + h) */
  double       line_width;
  guint32      rgb;
  PangoLayout *layout;      /* owned */
  int          first_line;  /* of the layout; n_lines -1 draws it whole */
  int          n_lines;
} Op;

struct _StPdfFlow {
  cairo_t      *cr;
  PangoContext *context;
  double     page_width;
  double     page_height;
  double     margin_x;
  double     margin_top;
  double     margin_bottom;
  GPtrArray *pages;  /* of GArray of Op */
  double     y;
};

typedef struct {
  PangoLayout **cells;
  guint         n_cells;
  double        height;
  StPdfRowMark  mark;
} Row;

struct _StPdfTable {
  StPdfFlow *flow;
  guint      n_columns;
  double    *widths;
  double     width;
  char      *font;
  Row       *header;
  GPtrArray *rows;  /* of Row */
  gboolean   keep_together;
};

static void
op_clear (gpointer data)
{
  Op *op = data;

  g_clear_object (&op->layout);
}

static GArray *
current_page (StPdfFlow *flow)
{
  return g_ptr_array_index (flow->pages, flow->pages->len - 1);
}

static double
page_bottom (StPdfFlow *flow)
{
  return flow->page_height - flow->margin_bottom;
}

static gboolean
at_page_top (StPdfFlow *flow)
{
  return flow->y <= flow->margin_top + 0.01;
}

static void
start_page (StPdfFlow *flow)
{
  GArray *page = g_array_new (FALSE, TRUE, sizeof (Op));

  g_array_set_clear_func (page, op_clear);
  g_ptr_array_add (flow->pages, page);
  flow->y = flow->margin_top;
}

StPdfFlow *
st_pdf_flow_new (cairo_t *cr,
                 double   page_width,
                 double   page_height,
                 double   margin_x,
                 double   margin_top,
                 double   margin_bottom)
{
  StPdfFlow *flow = g_new0 (StPdfFlow, 1);

  flow->cr = cairo_reference (cr);
  /* The page is in points: a point of type must be one unit, not the
   * 96 dpi screen default. */
  flow->context = pango_cairo_create_context (cr);
  pango_cairo_context_set_resolution (flow->context, 72.0);
  flow->page_width = page_width;
  flow->page_height = page_height;
  flow->margin_x = margin_x;
  flow->margin_top = margin_top;
  flow->margin_bottom = margin_bottom;
  flow->pages = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  start_page (flow);
  return flow;
}

void
st_pdf_flow_free (StPdfFlow *flow)
{
  if (flow == NULL)
    return;
  g_ptr_array_unref (flow->pages);
  g_object_unref (flow->context);
  cairo_destroy (flow->cr);
  g_free (flow);
}

double
st_pdf_flow_left (StPdfFlow *flow)
{
  return flow->margin_x;
}

double
st_pdf_flow_width (StPdfFlow *flow)
{
  return flow->page_width - 2 * flow->margin_x;
}

guint
st_pdf_flow_page_count (StPdfFlow *flow)
{
  return flow->pages->len;
}

PangoLayout *
st_pdf_flow_layout (StPdfFlow  *flow,
                    const char *font,
                    double      width,
                    const char *markup)
{
  PangoLayout *layout = pango_layout_new (flow->context);
  PangoFontDescription *description = pango_font_description_from_string (font);

  pango_layout_set_font_description (layout, description);
  pango_font_description_free (description);
  pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_markup (layout, markup, -1);
  return layout;
}

double
st_pdf_layout_height (PangoLayout *layout)
{
  int height;

  pango_layout_get_size (layout, NULL, &height);
  return (double) height / PANGO_SCALE;
}

static void
add_text (StPdfFlow   *flow,
          PangoLayout *layout,
          double       x,
          double       y,
          int          first_line,
          int          n_lines)
{
  Op op = { OP_TEXT, x, y, 0, 0, 0, TEXT_RGB, g_object_ref (layout), first_line, n_lines };

  g_array_append_val (current_page (flow), op);
}

static void
add_fill (StPdfFlow *flow,
          double     x,
          double     y,
          double     w,
          double     h,
          guint32    rgb)
{
  Op op = { OP_FILL, x, y, w, h, 0, rgb, NULL, 0, 0 };

  g_array_append_val (current_page (flow), op);
}

static void
add_hline (StPdfFlow *flow,
           double     x,
           double     y,
           double     w,
           double     line_width,
           guint32    rgb)
{
  Op op = { OP_LINE, x, y, w, 0, line_width, rgb, NULL, 0, 0 };

  g_array_append_val (current_page (flow), op);
}

void
st_pdf_flow_skip (StPdfFlow *flow,
                  double     height)
{
  if (!at_page_top (flow))
    flow->y += height;
}

void
st_pdf_flow_ensure (StPdfFlow *flow,
                    double     height)
{
  if (flow->y + height > page_bottom (flow) && !at_page_top (flow))
    start_page (flow);
}

/* The top and bottom of line @index of @layout, in points. */
static void
line_range (PangoLayout *layout,
            int          index,
            double      *top,
            double      *bottom)
{
  PangoLayoutIter *iter = pango_layout_get_iter (layout);
  int y0, y1;

  for (int i = 0; i < index; i++)
    pango_layout_iter_next_line (iter);
  pango_layout_iter_get_line_yrange (iter, &y0, &y1);
  pango_layout_iter_free (iter);
  *top = (double) y0 / PANGO_SCALE;
  *bottom = (double) y1 / PANGO_SCALE;
}

void
st_pdf_flow_text (StPdfFlow   *flow,
                  PangoLayout *layout,
                  double       x_offset)
{
  double x = flow->margin_x + x_offset;
  double height = st_pdf_layout_height (layout);
  int n_lines, line = 0;

  if (flow->y + height <= page_bottom (flow))
    {
      add_text (flow, layout, x, flow->y, 0, -1);
      flow->y += height;
      return;
    }

  /* Too tall for what is left of the page: as many whole lines as fit go
   * here, the rest continue on the next pages. */
  n_lines = pango_layout_get_line_count (layout);
  while (line < n_lines)
    {
      double first_top, last_top, last_bottom;
      int end = line;

      line_range (layout, line, &first_top, &last_bottom);
      while (end < n_lines)
        {
          line_range (layout, end, &last_top, &last_bottom);
          if (flow->y + (last_bottom - first_top) > page_bottom (flow))
            break;
          end++;
        }
      if (end == line)
        {
          if (!at_page_top (flow))
            {
              start_page (flow);
              continue;
            }
          end = line + 1;  /* a line taller than a page: place it anyway */
        }
      line_range (layout, end - 1, &last_top, &last_bottom);
      add_text (flow, layout, x, flow->y, line, end - line);
      flow->y += last_bottom - first_top;
      line = end;
      if (line < n_lines)
        start_page (flow);
    }
}

void
st_pdf_flow_row (StPdfFlow    *flow,
                 PangoLayout **layouts,
                 const double *x_offsets,
                 guint         n_layouts)
{
  double tallest = 0;

  for (guint i = 0; i < n_layouts; i++)
    tallest = MAX (tallest, st_pdf_layout_height (layouts[i]));
  st_pdf_flow_ensure (flow, tallest);
  for (guint i = 0; i < n_layouts; i++)
    add_text (flow, layouts[i], flow->margin_x + x_offsets[i], flow->y, 0, -1);
  flow->y += tallest;
}

void
st_pdf_flow_rule (StPdfFlow *flow,
                  double     line_width,
                  guint32    rgb)
{
  add_hline (flow, flow->margin_x, flow->y, st_pdf_flow_width (flow), line_width, rgb);
}

double
st_pdf_flow_heading_height (PangoLayout *layout)
{
  return HEADING_SPACE + st_pdf_layout_height (layout) + HEADING_RULE_GAP + HEADING_AFTER;
}

void
st_pdf_flow_heading (StPdfFlow   *flow,
                     PangoLayout *layout,
                     double       keep_with_next)
{
  st_pdf_flow_ensure (flow, st_pdf_flow_heading_height (layout) + keep_with_next);
  st_pdf_flow_skip (flow, HEADING_SPACE);
  add_text (flow, layout, flow->margin_x, flow->y, 0, -1);
  flow->y += st_pdf_layout_height (layout) + HEADING_RULE_GAP;
  add_hline (flow, flow->margin_x, flow->y, st_pdf_flow_width (flow), 0.6, RULE_RGB);
  flow->y += HEADING_AFTER;
}

double
st_pdf_flow_box_inner_width (StPdfFlow *flow)
{
  return st_pdf_flow_width (flow) - 2 * BOX_PAD - BOX_BAR_WIDTH;
}

void
st_pdf_flow_box (StPdfFlow   *flow,
                 PangoLayout *layout,
                 guint32      bar_rgb,
                 guint32      fill_rgb)
{
  double height = st_pdf_layout_height (layout) + 2 * BOX_PAD;

  st_pdf_flow_ensure (flow, height);
  add_fill (flow, flow->margin_x, flow->y, st_pdf_flow_width (flow), height, fill_rgb);
  add_fill (flow, flow->margin_x, flow->y, BOX_BAR_WIDTH, height, bar_rgb);
  add_text (flow, layout, flow->margin_x + BOX_BAR_WIDTH + BOX_PAD, flow->y + BOX_PAD, 0, -1);
  flow->y += height;
}

static void
set_rgb (cairo_t *cr,
         guint32  rgb)
{
  cairo_set_source_rgb (cr,
                        ((rgb >> 16) & 0xff) / 255.0,
                        ((rgb >> 8) & 0xff) / 255.0,
                        (rgb & 0xff) / 255.0);
}

static void
draw_text (cairo_t  *cr,
           const Op *op)
{
  PangoLayoutIter *iter;
  int first_top = 0, y1;

  set_rgb (cr, op->rgb);
  if (op->n_lines < 0)
    {
      cairo_move_to (cr, op->x, op->y);
      pango_cairo_show_layout (cr, op->layout);
      return;
    }

  iter = pango_layout_get_iter (op->layout);
  for (int i = 0; i < op->first_line; i++)
    pango_layout_iter_next_line (iter);
  pango_layout_iter_get_line_yrange (iter, &first_top, &y1);
  for (int i = 0; i < op->n_lines; i++)
    {
      PangoRectangle logical;
      int baseline = pango_layout_iter_get_baseline (iter);

      pango_layout_iter_get_line_extents (iter, NULL, &logical);
      cairo_move_to (cr,
                     op->x + (double) logical.x / PANGO_SCALE,
                     op->y + (double) (baseline - first_top) / PANGO_SCALE);
      pango_cairo_show_layout_line (cr, pango_layout_iter_get_line_readonly (iter));
      if (!pango_layout_iter_next_line (iter))
        break;
    }
  pango_layout_iter_free (iter);
}

static void
draw_op (cairo_t  *cr,
         const Op *op)
{
  switch (op->kind)
    {
    case OP_TEXT:
      draw_text (cr, op);
      break;
    case OP_FILL:
      set_rgb (cr, op->rgb);
      cairo_rectangle (cr, op->x, op->y, op->w, op->h);
      cairo_fill (cr);
      break;
    case OP_LINE:
      set_rgb (cr, op->rgb);
      cairo_set_line_width (cr, op->line_width);
      cairo_move_to (cr, op->x, op->y);
      cairo_line_to (cr, op->x + op->w, op->y + op->h);
      cairo_stroke (cr);
      break;
    default:
      g_assert_not_reached ();
    }
}

cairo_status_t
st_pdf_flow_draw (StPdfFlow        *flow,
                  StPdfDecorateFunc decorate,
                  gpointer          user_data)
{
  guint n_pages = flow->pages->len;

  for (guint p = 0; p < n_pages; p++)
    {
      GArray *page = g_ptr_array_index (flow->pages, p);

      for (guint i = 0; i < page->len; i++)
        draw_op (flow->cr, &g_array_index (page, Op, i));
      if (decorate != NULL)
        {
          cairo_save (flow->cr);
          set_rgb (flow->cr, TEXT_RGB);
          decorate (flow, flow->cr, p + 1, n_pages, user_data);
          cairo_restore (flow->cr);
        }
      cairo_show_page (flow->cr);
    }
  return cairo_status (flow->cr);
}

static void
row_free (gpointer data)
{
  Row *row = data;

  if (row == NULL)
    return;
  for (guint i = 0; i < row->n_cells; i++)
    g_clear_object (&row->cells[i]);
  g_free (row->cells);
  g_free (row);
}

StPdfTable *
st_pdf_table_new (StPdfFlow    *flow,
                  guint         n_columns,
                  const double *widths,
                  const char   *font)
{
  StPdfTable *table = g_new0 (StPdfTable, 1);

  table->flow = flow;
  table->n_columns = n_columns;
  table->widths = g_memdup2 (widths, n_columns * sizeof (double));
  for (guint i = 0; i < n_columns; i++)
    table->width += widths[i];
  table->font = g_strdup (font);
  table->rows = g_ptr_array_new_with_free_func (row_free);
  return table;
}

void
st_pdf_table_free (StPdfTable *table)
{
  if (table == NULL)
    return;
  row_free (table->header);
  g_ptr_array_unref (table->rows);
  g_free (table->widths);
  g_free (table->font);
  g_free (table);
}

static Row *
make_row (StPdfTable        *table,
          const char *const *markup,
          StPdfRowMark       mark)
{
  Row *row = g_new0 (Row, 1);
  double tallest = 0;

  row->n_cells = table->n_columns;
  row->cells = g_new0 (PangoLayout *, table->n_columns);
  row->mark = mark;
  for (guint i = 0; i < table->n_columns; i++)
    {
      double inner = table->widths[i] - 2 * CELL_PAD_X;

      row->cells[i] = st_pdf_flow_layout (table->flow, table->font, inner,
                                          markup[i] != NULL ? markup[i] : "");
      tallest = MAX (tallest, st_pdf_layout_height (row->cells[i]));
    }
  row->height = tallest + 2 * CELL_PAD_Y;
  return row;
}

void
st_pdf_table_set_header (StPdfTable        *table,
                         const char *const *markup)
{
  row_free (table->header);
  table->header = make_row (table, markup, ST_PDF_ROW_PLAIN);
}

void
st_pdf_table_add_row (StPdfTable        *table,
                      const char *const *markup,
                      StPdfRowMark       mark)
{
  g_ptr_array_add (table->rows, make_row (table, markup, mark));
}

guint
st_pdf_table_n_rows (StPdfTable *table)
{
  return table->rows->len;
}

void
st_pdf_table_set_keep_together (StPdfTable *table,
                                gboolean    keep_together)
{
  table->keep_together = keep_together;
}

double
st_pdf_table_height (StPdfTable *table)
{
  double height = table->header != NULL ? table->header->height : 0;

  for (guint i = 0; i < table->rows->len; i++)
    height += ((Row *) g_ptr_array_index (table->rows, i))->height;
  return height;
}

static void
place_row (StPdfTable *table,
           const Row  *row,
           gboolean    is_header)
{
  StPdfFlow *flow = table->flow;
  double x = flow->margin_x;

  if (is_header)
    {
      add_fill (flow, x, flow->y, table->width, row->height, HEADER_FILL_RGB);
      add_hline (flow, x, flow->y, table->width, 0.8, STRONG_RULE_RGB);
    }
  else if (row->mark == ST_PDF_ROW_ALERT)
    {
      add_fill (flow, x, flow->y, table->width, row->height, ALERT_FILL_RGB);
      add_fill (flow, x, flow->y, ALERT_BAR_WIDTH, row->height, ALERT_BAR_RGB);
    }
  else if (row->mark == ST_PDF_ROW_MUTED)
    add_fill (flow, x, flow->y, table->width, row->height, MUTED_FILL_RGB);

  for (guint i = 0; i < row->n_cells; i++)
    {
      add_text (flow, row->cells[i], x + CELL_PAD_X, flow->y + CELL_PAD_Y, 0, -1);
      x += table->widths[i];
    }
  flow->y += row->height;
  add_hline (flow, flow->margin_x, flow->y, table->width,
             is_header ? 0.8 : 0.4, is_header ? STRONG_RULE_RGB : RULE_RGB);
}

static void
continue_on_new_page (StPdfTable  *table,
                      PangoLayout *continued)
{
  StPdfFlow *flow = table->flow;

  start_page (flow);
  if (continued != NULL)
    {
      add_text (flow, continued, flow->margin_x, flow->y, 0, -1);
      flow->y += st_pdf_layout_height (continued) + CONTINUED_AFTER;
    }
  if (table->header != NULL)
    place_row (table, table->header, TRUE);
}

void
st_pdf_table_place (StPdfTable  *table,
                    PangoLayout *heading,
                    PangoLayout *continued)
{
  StPdfFlow *flow = table->flow;
  double header_height = table->header != NULL ? table->header->height : 0;
  double page_height = page_bottom (flow) - flow->margin_top;
  double keep = 0;

  if (table->rows->len > 0)
    keep = header_height + ((Row *) g_ptr_array_index (table->rows, 0))->height;
  if (table->keep_together)
    {
      double whole = st_pdf_table_height (table);

      if (whole + (heading != NULL ? st_pdf_flow_heading_height (heading) : 0) <= page_height)
        keep = whole;
    }

  if (heading != NULL)
    st_pdf_flow_heading (flow, heading, keep);
  else
    st_pdf_flow_ensure (flow, keep);
  if (table->header != NULL)
    place_row (table, table->header, TRUE);

  for (guint i = 0; i < table->rows->len; i++)
    {
      const Row *row = g_ptr_array_index (table->rows, i);

      if (flow->y + row->height > page_bottom (flow))
        continue_on_new_page (table, continued);
      place_row (table, row, FALSE);
    }
}
