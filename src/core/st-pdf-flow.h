/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <cairo.h>
#include <pango/pangocairo.h>

G_BEGIN_DECLS

/*
 * A small page-flow engine for printed documents: text, headings and tables
 * are laid out top to bottom onto pages first, and drawn only when the page
 * count is known, so that a footer can say "page N of M".  Tables that
 * overflow a page continue on the next one under a "continued" heading with
 * their header row repeated.  Positions are in points (1/72 inch).
 *
 * Text is Pango markup; escape values with g_markup_escape_text().  The
 * default text colour is near-black; markup may set others.
 */

typedef struct _StPdfFlow StPdfFlow;
typedef struct _StPdfTable StPdfTable;

/* Draws what belongs in the margins of page @page (1-based) of @n_pages. */
typedef void (*StPdfDecorateFunc) (StPdfFlow *flow,
                                   cairo_t   *cr,
                                   guint      page,
                                   guint      n_pages,
                                   gpointer   user_data);

typedef enum {
  ST_PDF_ROW_PLAIN,
  /* A row that must stand out (an out-of-specification result): tinted
   * background and a bar in the left margin of the table. */
  ST_PDF_ROW_ALERT,
  /* A row that is set apart more quietly (a pending result). */
  ST_PDF_ROW_MUTED,
} StPdfRowMark;

/* Layouts are made on @cr, which must stay valid until st_pdf_flow_draw(). */
StPdfFlow   *st_pdf_flow_new           (cairo_t    *cr,
                                        double      page_width,
                                        double      page_height,
                                        double      margin_x,
                                        double      margin_top,
                                        double      margin_bottom);
void         st_pdf_flow_free          (StPdfFlow  *flow);

double       st_pdf_flow_left          (StPdfFlow  *flow);
double       st_pdf_flow_width         (StPdfFlow  *flow);
guint        st_pdf_flow_page_count    (StPdfFlow  *flow);

/* A wrapped layout of @markup in @font ("DejaVu Sans 9") for @width points. */
PangoLayout *st_pdf_flow_layout        (StPdfFlow  *flow,
                                        const char *font,
                                        double      width,
                                        const char *markup);
double       st_pdf_layout_height      (PangoLayout *layout);

void         st_pdf_flow_skip          (StPdfFlow  *flow,
                                        double      height);
/* Starts a new page unless @height points still fit on this one. */
void         st_pdf_flow_ensure        (StPdfFlow  *flow,
                                        double      height);
/* Places @layout at @x_offset from the left margin and moves below it;
 * a paragraph taller than the rest of the page is split between lines. */
void         st_pdf_flow_text          (StPdfFlow   *flow,
                                        PangoLayout *layout,
                                        double       x_offset);
/* Places layouts side by side at the current line, each at its offset from
 * the left margin, and moves below the tallest; kept on one page. */
void         st_pdf_flow_row           (StPdfFlow   *flow,
                                        PangoLayout **layouts,
                                        const double *x_offsets,
                                        guint         n_layouts);
/* A rule across the text width at the current line. */
void         st_pdf_flow_rule          (StPdfFlow  *flow,
                                        double      line_width,
                                        guint32     rgb);
/* A heading with a rule below it, kept on one page with the next
 * @keep_with_next points. */
void         st_pdf_flow_heading       (StPdfFlow   *flow,
                                        PangoLayout *layout,
                                        double       keep_with_next);
/* Height that st_pdf_flow_heading() takes for @layout. */
double       st_pdf_flow_heading_height (PangoLayout *layout);
/* A notice: @layout in a tinted box with a bar at its left, kept on one
 * page.  Make @layout st_pdf_flow_box_inner_width() wide. */
void         st_pdf_flow_box           (StPdfFlow   *flow,
                                        PangoLayout *layout,
                                        guint32      bar_rgb,
                                        guint32      fill_rgb);
double       st_pdf_flow_box_inner_width (StPdfFlow *flow);

/* Draws every page, calling @decorate on each, then cairo_show_page(). */
cairo_status_t st_pdf_flow_draw        (StPdfFlow        *flow,
                                        StPdfDecorateFunc decorate,
                                        gpointer          user_data);

/* Tables: rows are collected, then placed as a whole with st_pdf_table_place(). */
StPdfTable  *st_pdf_table_new          (StPdfFlow     *flow,
                                        guint          n_columns,
                                        const double  *widths,
                                        const char    *font);
void         st_pdf_table_free         (StPdfTable    *table);
/* The header row, repeated on every page the table reaches; optional. */
void         st_pdf_table_set_header   (StPdfTable        *table,
                                        const char *const *markup);
void         st_pdf_table_add_row      (StPdfTable        *table,
                                        const char *const *markup,
                                        StPdfRowMark       mark);
guint        st_pdf_table_n_rows       (StPdfTable        *table);
/* Moves the whole table to the next page rather than splitting it, as long
 * as it fits on one page; for short tables such as signatures. */
void         st_pdf_table_set_keep_together (StPdfTable *table,
                                             gboolean    keep_together);
/* The height of the header and every row, as if on one page. */
double       st_pdf_table_height       (StPdfTable        *table);
/* Places the table under @heading (may be NULL); on every further page the
 * table reaches, @continued (may be NULL) stands above the repeated header. */
void         st_pdf_table_place        (StPdfTable    *table,
                                        PangoLayout   *heading,
                                        PangoLayout   *continued);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (StPdfFlow, st_pdf_flow_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (StPdfTable, st_pdf_table_free)

G_END_DECLS
