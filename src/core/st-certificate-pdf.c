/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"
#include <glib/gi18n-lib.h>

#include "st-certificate-pdf.h"
#include "st-pdf-flow.h"
#include "stroma-core-resources.h"

#include <cairo-pdf.h>
#include <string.h>

G_DEFINE_QUARK (st-certificate-pdf-error-quark, st_certificate_pdf_error)

#define LABELS_PATH   "/org/stroma/core/certificate-labels.desktop"

/* A4 in points; margins leave room for the running header and the footer. */
#define PAGE_WIDTH    595.276
#define PAGE_HEIGHT   841.890
#define MARGIN_X      51.0
#define MARGIN_TOP    58.0
#define MARGIN_BOTTOM 58.0

#define FONT_BODY     "DejaVu Sans,Sans 9.5"
#define FONT_TABLE    "DejaVu Sans,Sans 8.5"
#define FONT_SMALL    "DejaVu Sans,Sans 7.5"
#define FONT_HEADING  "DejaVu Sans,Sans Bold 11.5"
#define FONT_TITLE    "DejaVu Sans,Sans Bold 20"
#define FONT_KIND     "DejaVu Sans,Sans 12"
#define FONT_SITE     "DejaVu Sans,Sans 9"
#define MONO          "DejaVu Sans Mono,Monospace"

#define GREY          "#5c5c5c"
#define FLAG_BAR      0xa51d12
#define FLAG_FILL     0xf9e1df
#define PENDING_BAR   0x9a6700
#define PENDING_FILL  0xfbf1dc

typedef struct {
  const StCertificateContent *content;
  GKeyFile  *labels;
  gboolean   bilingual;
  StPdfFlow *flow;
  char      *footer_lot;  /* markup-escaped lot number */
} Render;

/* Validation */

static const char *const kinds[] = { "release", "initial", "final", "exceptional", NULL };
static const char *const verdicts[] = { "conform", "oos", "missing", "pending", "report", NULL };

static gboolean
is_empty (const char *text)
{
  return text == NULL || *text == '\0';
}

static gboolean
require (const char *value,
         const char *field,
         GError    **error)
{
  if (!is_empty (value))
    return TRUE;
  g_set_error (error, ST_CERTIFICATE_PDF_ERROR, ST_CERTIFICATE_PDF_ERROR_INVALID,
               _("%s: a batch certificate needs one"), field);
  return FALSE;
}

static gboolean
validate (const StCertificateContent *c,
          GError                    **error)
{
  g_autoptr(GDateTime) signed_at = NULL;
  gboolean must_conform;

  if (g_strcmp0 (c->language, "en") != 0 && g_strcmp0 (c->language, "de") != 0)
    {
      g_set_error (error, ST_CERTIFICATE_PDF_ERROR, ST_CERTIFICATE_PDF_ERROR_INVALID,
                   _("language: “%s” is not one of en, de"), c->language ? c->language : "");
      return FALSE;
    }
  if (c->kind == NULL || !g_strv_contains (kinds, c->kind))
    {
      g_set_error (error, ST_CERTIFICATE_PDF_ERROR, ST_CERTIFICATE_PDF_ERROR_INVALID,
                   _("kind: “%s” is not one of release, initial, final, exceptional"),
                   c->kind ? c->kind : "");
      return FALSE;
    }
  if (!require (c->site_name, "site_name", error) ||
      !require (c->product, "product", error) ||
      !require (c->lot_number, "lot_number", error) ||
      !require (c->qp_name, "qp_name", error) ||
      !require (c->signed_at, "signed_at", error) ||
      !require (c->record_fingerprint, "record_fingerprint", error))
    return FALSE;

  signed_at = g_date_time_new_from_iso8601 (c->signed_at, NULL);
  if (signed_at == NULL)
    {
      g_set_error (error, ST_CERTIFICATE_PDF_ERROR, ST_CERTIFICATE_PDF_ERROR_INVALID,
                   _("signed_at: “%s” is not an ISO 8601 time with a zone"), c->signed_at);
      return FALSE;
    }
  if (g_str_equal (c->kind, "initial") && (c->pending_tests == NULL || c->pending_tests[0] == NULL))
    {
      g_set_error_literal (error, ST_CERTIFICATE_PDF_ERROR, ST_CERTIFICATE_PDF_ERROR_INVALID,
                           _("pending_tests: an initial certification names the tests still pending"));
      return FALSE;
    }
  if (g_str_equal (c->kind, "exceptional") && (c->oos_tests == NULL || c->oos_tests[0] == NULL))
    {
      g_set_error_literal (error, ST_CERTIFICATE_PDF_ERROR, ST_CERTIFICATE_PDF_ERROR_INVALID,
                           _("oos_tests: an exceptional release lists every out-of-specification result"));
      return FALSE;
    }

  /* A certificate that says "conforms" must not print a result that does not. */
  must_conform = g_str_equal (c->kind, "release") || g_str_equal (c->kind, "final");
  for (guint i = 0; i < c->results->len; i++)
    {
      const StCertResult *result = g_ptr_array_index (c->results, i);

      if (is_empty (result->test))
        {
          g_set_error (error, ST_CERTIFICATE_PDF_ERROR, ST_CERTIFICATE_PDF_ERROR_INVALID,
                       _("results[%u].test: every result needs its test name"), i);
          return FALSE;
        }
      if (result->verdict == NULL || !g_strv_contains (verdicts, result->verdict))
        {
          g_set_error (error, ST_CERTIFICATE_PDF_ERROR, ST_CERTIFICATE_PDF_ERROR_INVALID,
                       _("results[%u].verdict: “%s” is not one of conform, oos, missing, pending, report"),
                       i, result->verdict ? result->verdict : "");
          return FALSE;
        }
      if (must_conform && !g_str_equal (result->verdict, "conform") &&
          !g_str_equal (result->verdict, "report"))
        {
          g_set_error (error, ST_CERTIFICATE_PDF_ERROR, ST_CERTIFICATE_PDF_ERROR_INVALID,
                       _("results[%u].verdict: “%s” cannot stand on a “%s” certificate"),
                       i, result->verdict, c->kind);
          return FALSE;
        }
    }
  return TRUE;
}

/* Labels */

static GKeyFile *
load_labels (GError **error)
{
  g_autoptr(GKeyFile) labels = g_key_file_new ();
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) local_error = NULL;

  /* Through the resource itself, so that a static link keeps it. */
  bytes = g_resource_lookup_data (st_core_get_resource (), LABELS_PATH,
                                  G_RESOURCE_LOOKUP_FLAGS_NONE, &local_error);
  if (bytes == NULL ||
      !g_key_file_load_from_bytes (labels, bytes, G_KEY_FILE_KEEP_TRANSLATIONS, &local_error))
    {
      g_set_error (error, ST_CERTIFICATE_PDF_ERROR, ST_CERTIFICATE_PDF_ERROR_LABELS,
                   _("certificate labels: %s"), local_error->message);
      return NULL;
    }
  return g_steal_pointer (&labels);
}

static gboolean
has_label (Render     *r,
           const char *id)
{
  return g_key_file_has_group (r->labels, id);
}

static char *
label_in (Render     *r,
          const char *id,
          const char *locale)
{
  char *text = locale != NULL
    ? g_key_file_get_locale_string (r->labels, id, "Name", locale, NULL)
    : g_key_file_get_string (r->labels, id, "Name", NULL);

  if (text == NULL)
    {
      g_critical ("certificate label “%s” is missing", id);
      return g_strdup (id);
    }
  return text;
}

/* Substitutes {key} in @template with the value after @key in @pairs. */
static char *
fill (const char        *template,
      const char *const *pairs)
{
  GString *out = g_string_new (NULL);
  const char *p = template;

  while (*p != '\0')
    {
      const char *close = *p == '{' ? strchr (p, '}') : NULL;
      gboolean replaced = FALSE;

      if (close != NULL)
        {
          for (guint i = 0; pairs != NULL && pairs[i] != NULL; i += 2)
            if (strncmp (p + 1, pairs[i], close - p - 1) == 0 && pairs[i][close - p - 1] == '\0')
              {
                g_string_append (out, pairs[i + 1]);
                p = close + 1;
                replaced = TRUE;
                break;
              }
        }
      if (!replaced)
        g_string_append_c (out, *p++);
    }
  return g_string_free (out, FALSE);
}

/* The label as plain text: English, or "German / English" on a German site. */
static char *
label_text (Render     *r,
            const char *id)
{
  g_autofree char *english = label_in (r, id, NULL);
  g_autofree char *german = NULL;

  if (!r->bilingual)
    return g_steal_pointer (&english);
  german = label_in (r, id, "de");
  if (g_str_equal (german, english))
    return g_steal_pointer (&english);
  return g_strdup_printf ("%s / %s", german, english);
}

/* The label as markup, with placeholders filled by markup @pairs; on a
 * German site the English follows in grey, on the same line when @inline
 * or else on a line of its own. */
static char *
label_markup_full (Render            *r,
                   const char        *id,
                   const char *const *pairs,
                   gboolean           inline_pair)
{
  g_autofree char *english_raw = label_in (r, id, NULL);
  g_autofree char *english_escaped = g_markup_escape_text (english_raw, -1);
  g_autofree char *english = fill (english_escaped, pairs);
  g_autofree char *german_raw = NULL;
  g_autofree char *german_escaped = NULL;
  g_autofree char *german = NULL;

  if (!r->bilingual)
    return g_steal_pointer (&english);
  german_raw = label_in (r, id, "de");
  if (g_str_equal (german_raw, english_raw))
    return g_steal_pointer (&english);
  german_escaped = g_markup_escape_text (german_raw, -1);
  german = fill (german_escaped, pairs);
  return g_strdup_printf (inline_pair ? "%s <span weight='normal' foreground='" GREY "'>/ %s</span>"
                                      : "%s\n<span weight='normal' foreground='" GREY "'>%s</span>",
                          german, english);
}

static char *
label_markup (Render     *r,
              const char *id)
{
  return label_markup_full (r, id, NULL, TRUE);
}

/* The label in the site's language alone, for values such as "version 2". */
static char *
label_primary (Render            *r,
               const char        *id,
               const char *const *pairs)
{
  g_autofree char *raw = label_in (r, id, r->bilingual ? "de" : NULL);
  g_autofree char *escaped = g_markup_escape_text (raw, -1);

  return fill (escaped, pairs);
}

static char *
escape_or_dash (const char *value)
{
  return is_empty (value) ? g_strdup ("—") : g_markup_escape_text (value, -1);
}

/* A content word (eligibility, severity, role, ...) in the site's language
 * when there is a label for it, else as given. */
static char *
word_markup (Render     *r,
             const char *prefix,
             const char *value)
{
  g_autofree char *id = NULL;

  if (is_empty (value))
    return g_strdup ("—");
  id = g_strdup_printf ("%s-%s", prefix, value);
  if (has_label (r, id))
    return label_markup (r, id);
  return g_markup_escape_text (value, -1);
}

/* "2026-11-26T10:15:00Z" -> "2026-11-26 10:15:00 UTC" */
static char *
utc_text (const char *iso)
{
  g_autoptr(GDateTime) parsed = NULL;
  g_autoptr(GDateTime) utc = NULL;

  if (is_empty (iso))
    return g_strdup ("—");
  parsed = g_date_time_new_from_iso8601 (iso, NULL);
  if (parsed == NULL)
    return g_strdup (iso);
  utc = g_date_time_to_utc (parsed);
  return g_date_time_format (utc, "%Y-%m-%d %H:%M:%S UTC");
}

static char *
joined_tests (const GStrv tests)
{
  g_autofree char *joined = tests != NULL ? g_strjoinv (", ", tests) : g_strdup ("");

  return g_markup_printf_escaped ("<b>%s</b>", joined);
}

static PangoLayout *
layout (Render     *r,
        const char *font,
        double      width,
        const char *markup)
{
  return st_pdf_flow_layout (r->flow, font, width, markup);
}

/* A cell of a label grid: the label small and grey above the value. */
static char *
field_cell (Render     *r,
            const char *label_id,
            const char *value_markup)
{
  g_autofree char *label = label_markup (r, label_id);

  return g_strdup_printf ("<span size='7.5pt' foreground='" GREY "'>%s</span>\n%s",
                          label, value_markup);
}

/* Sections */

static PangoLayout *
heading (Render     *r,
         const char *label_id)
{
  g_autofree char *markup = label_markup (r, label_id);

  return layout (r, FONT_HEADING, st_pdf_flow_width (r->flow), markup);
}

static PangoLayout *
continued_heading (Render     *r,
                   const char *label_id)
{
  g_autofree char *section = label_markup (r, label_id);
  g_autofree char *continued = label_markup (r, "continued");
  g_autofree char *markup = g_strdup_printf ("<b>%s</b> <span foreground='" GREY "'>(%s)</span>",
                                             section, continued);

  return layout (r, FONT_TABLE, st_pdf_flow_width (r->flow), markup);
}

static StPdfTable *
table_with_header (Render            *r,
                   const double      *fractions,
                   guint              n_columns,
                   const char *const *header_ids)
{
  double width = st_pdf_flow_width (r->flow);
  g_autofree double *widths = g_new (double, n_columns);
  g_autoptr(GPtrArray) header = g_ptr_array_new_with_free_func (g_free);
  StPdfTable *table;

  for (guint i = 0; i < n_columns; i++)
    widths[i] = width * fractions[i];
  table = st_pdf_table_new (r->flow, n_columns, widths, FONT_TABLE);
  if (header_ids != NULL)
    {
      for (guint i = 0; i < n_columns; i++)
        {
          /* German over English: narrow columns break better between the two. */
          g_autofree char *label = label_markup_full (r, header_ids[i], NULL, FALSE);
          g_ptr_array_add (header, g_strdup_printf ("<b>%s</b>", label));
        }
      st_pdf_table_set_header (table, (const char *const *) header->pdata);
    }
  return table;
}

static void
add_masthead (Render *r)
{
  const StCertificateContent *c = r->content;
  double width = st_pdf_flow_width (r->flow);
  g_autofree char *site = is_empty (c->site_address)
    ? g_markup_printf_escaped ("<b>%s</b>", c->site_name)
    : g_markup_printf_escaped ("<b>%s</b>\n<span foreground='" GREY "'>%s</span>",
                               c->site_name, c->site_address);
  g_autofree char *lot_label = label_markup (r, "lot-number");
  g_autofree char *lot_value = g_markup_escape_text (c->lot_number, -1);
  g_autofree char *lot = g_strdup_printf ("<span size='7.5pt' foreground='" GREY "'>%s</span>\n"
                                          "<span size='14pt' weight='bold'>%s</span>",
                                          lot_label, lot_value);
  g_autofree char *title = label_markup (r, "title");
  g_autofree char *kind_id = g_strdup_printf ("kind-%s", c->kind);
  g_autofree char *kind = label_markup (r, kind_id);
  g_autoptr(PangoLayout) site_layout = layout (r, FONT_SITE, width * 0.66, site);
  g_autoptr(PangoLayout) lot_layout = layout (r, FONT_BODY, width * 0.32, lot);
  g_autoptr(PangoLayout) title_layout = layout (r, FONT_TITLE, width, title);
  g_autoptr(PangoLayout) kind_layout = layout (r, FONT_KIND, width, kind);
  PangoLayout *top[2] = { site_layout, lot_layout };
  const double offsets[2] = { 0, width * 0.68 };

  pango_layout_set_alignment (lot_layout, PANGO_ALIGN_RIGHT);
  st_pdf_flow_row (r->flow, top, offsets, 2);
  st_pdf_flow_skip (r->flow, 6);
  st_pdf_flow_rule (r->flow, 1.4, 0x303030);
  st_pdf_flow_skip (r->flow, 12);
  st_pdf_flow_text (r->flow, title_layout, 0);
  st_pdf_flow_skip (r->flow, 3);
  st_pdf_flow_text (r->flow, kind_layout, 0);
  st_pdf_flow_skip (r->flow, 12);
}

static void
add_notice (Render     *r,
            const char *markup,
            guint32     bar,
            guint32     fill_rgb)
{
  g_autoptr(PangoLayout) text = layout (r, FONT_BODY, st_pdf_flow_box_inner_width (r->flow), markup);

  st_pdf_flow_box (r->flow, text, bar, fill_rgb);
  st_pdf_flow_skip (r->flow, 8);
}

static void
add_notices (Render *r)
{
  const StCertificateContent *c = r->content;

  if (!is_empty (c->flag))
    {
      g_autofree char *label = label_markup (r, "flag");
      g_autofree char *text = g_markup_escape_text (c->flag, -1);
      g_autofree char *markup = g_strdup_printf ("<b>%s:</b> %s", label, text);

      add_notice (r, markup, FLAG_BAR, FLAG_FILL);
    }

  if (g_str_equal (c->kind, "initial"))
    {
      g_autofree char *tests = joined_tests (c->pending_tests);
      const char *pairs[] = { "tests", tests, NULL };
      g_autofree char *markup = label_markup_full (r, "pending-notice", pairs, FALSE);

      add_notice (r, markup, PENDING_BAR, PENDING_FILL);
    }
  else if (g_str_equal (c->kind, "exceptional"))
    {
      g_autofree char *intro = label_markup_full (r, "exceptional-notice", NULL, FALSE);
      GString *markup = g_string_new (NULL);

      g_string_append_printf (markup, "<b>%s</b>", intro);
      for (guint i = 0; c->oos_tests[i] != NULL; i++)
        {
          g_autofree char *item = g_markup_escape_text (c->oos_tests[i], -1);
          g_string_append_printf (markup, "\n  •  %s", item);
        }
      add_notice (r, markup->str, FLAG_BAR, FLAG_FILL);
      g_string_free (markup, TRUE);
    }
}

static void
add_product (Render *r)
{
  const StCertificateContent *c = r->content;
  static const double thirds[] = { 1.0 / 3, 1.0 / 3, 1.0 / 3 };
  g_autofree char *version = g_strdup_printf ("%" G_GINT64_FORMAT, c->spec_version);
  g_autofree char *code = escape_or_dash (c->spec_code);
  const char *spec_pairs[] = { "code", code, "version", version, NULL };
  g_autofree char *lot = g_markup_printf_escaped ("<b>%s</b>", c->lot_number);
  struct { const char *id; char *value; } fields[] = {
    { "product", g_markup_printf_escaped ("<b>%s</b>", c->product) },
    { "strength", escape_or_dash (c->strength) },
    { "dosage-form", escape_or_dash (c->dosage_form) },
    { "container", escape_or_dash (c->container) },
    { "lot-number", g_strdup (lot) },
    { "specification", label_primary (r, "specification-version", spec_pairs) },
    { "manufactured-on", escape_or_dash (c->manufactured_on) },
    { "expiry-on", escape_or_dash (c->expiry_on) },
    { "authorisation", escape_or_dash (c->authorisation) },
    { "manufacturing-site", escape_or_dash (c->manufacturing_site) },
    { "testing-site", escape_or_dash (c->testing_site) },
  };
  g_autoptr(StPdfTable) grid = table_with_header (r, thirds, 3, NULL);
  g_autoptr(GPtrArray) cells = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      g_ptr_array_add (cells, field_cell (r, fields[i].id, fields[i].value));
      g_free (fields[i].value);
      if (cells->len == 3 || i == G_N_ELEMENTS (fields) - 1)
        {
          while (cells->len < 3)
            g_ptr_array_add (cells, g_strdup (""));
          st_pdf_table_add_row (grid, (const char *const *) cells->pdata, ST_PDF_ROW_PLAIN);
          g_ptr_array_set_size (cells, 0);
        }
    }
  st_pdf_flow_ensure (r->flow, st_pdf_table_height (grid));
  st_pdf_flow_rule (r->flow, 0.6, 0x9a9a9a);
  st_pdf_table_place (grid, NULL, NULL);
}

static void
add_donors (Render *r)
{
  const StCertificateContent *c = r->content;
  static const double widths[] = { 0.08, 0.42, 0.50 };
  static const char *const header[] = { "donor-number", "donor-code", "donor-eligibility" };
  g_autoptr(StPdfTable) table = table_with_header (r, widths, 3, header);
  g_autoptr(PangoLayout) title = heading (r, "section-donors");
  g_autoptr(PangoLayout) continued = continued_heading (r, "section-donors");

  for (guint i = 0; i < c->donors->len; i++)
    {
      const StCertDonor *donor = g_ptr_array_index (c->donors, i);
      gboolean eligible = g_strcmp0 (donor->eligibility, "eligible") == 0;
      g_autofree char *number = g_strdup_printf ("%u", i + 1);
      g_autofree char *code_text = escape_or_dash (donor->code);
      g_autofree char *code = g_strdup_printf ("<span font_family='" MONO "'>%s</span>", code_text);
      g_autofree char *word = word_markup (r, "eligibility", donor->eligibility);
      g_autofree char *eligibility = eligible ? g_strdup (word) : g_strdup_printf ("<b>%s</b>", word);
      const char *row[] = { number, code, eligibility };

      st_pdf_table_add_row (table, row, eligible ? ST_PDF_ROW_PLAIN : ST_PDF_ROW_ALERT);
    }
  st_pdf_table_set_keep_together (table, TRUE);
  st_pdf_table_place (table, title, continued);
}

static void
add_results (Render *r)
{
  const StCertificateContent *c = r->content;
  static const double widths[] = { 0.22, 0.25, 0.15, 0.19, 0.19 };
  static const char *const header[] = {
    "result-test", "result-method", "result-limit", "result-value", "result-verdict"
  };
  g_autoptr(StPdfTable) table = table_with_header (r, widths, 5, header);
  g_autoptr(PangoLayout) title = heading (r, "section-results");
  g_autoptr(PangoLayout) continued = continued_heading (r, "section-results");
  gboolean any_corrected = FALSE;

  for (guint i = 0; i < c->results->len; i++)
    {
      const StCertResult *result = g_ptr_array_index (c->results, i);
      g_autofree char *verdict_id = g_strdup_printf ("verdict-%s", result->verdict);
      g_autofree char *word = label_markup (r, verdict_id);
      g_autofree char *test = g_markup_printf_escaped ("<b>%s</b>\n<span font_family='" MONO "' size='7pt' "
                                                       "foreground='" GREY "'>%s</span>",
                                                       result->test, result->param ? result->param : "");
      g_autofree char *method = escape_or_dash (result->method);
      g_autofree char *limit = escape_or_dash (result->limit);
      g_autofree char *value = escape_or_dash (result->value);
      g_autofree char *unit = is_empty (result->value) || is_empty (result->unit)
        ? g_strdup ("") : g_markup_printf_escaped (" %s", result->unit);
      g_autofree char *shown = g_strdup_printf ("%s%s%s", value, unit, result->corrected ? " †" : "");
      g_autofree char *verdict = NULL;
      StPdfRowMark mark = ST_PDF_ROW_PLAIN;

      if (g_str_equal (result->verdict, "oos") || g_str_equal (result->verdict, "missing"))
        {
          verdict = g_strdup_printf ("<b>%s</b>", word);
          mark = ST_PDF_ROW_ALERT;
        }
      else if (g_str_equal (result->verdict, "pending"))
        {
          verdict = g_strdup_printf ("<i>%s</i>", word);
          mark = ST_PDF_ROW_MUTED;
        }
      else
        verdict = g_steal_pointer (&word);
      any_corrected |= result->corrected;

      {
        const char *row[] = { test, method, limit, shown, verdict };
        st_pdf_table_add_row (table, row, mark);
      }
    }
  st_pdf_table_place (table, title, continued);

  if (any_corrected)
    {
      g_autofree char *note = label_markup (r, "corrected-note");
      g_autofree char *markup = g_strdup_printf ("<span foreground='" GREY "'>† %s</span>", note);
      g_autoptr(PangoLayout) footnote = layout (r, FONT_SMALL, st_pdf_flow_width (r->flow), markup);

      st_pdf_flow_skip (r->flow, 3);
      st_pdf_flow_text (r->flow, footnote, 0);
    }
}

static void
add_deviations (Render *r)
{
  const StCertificateContent *c = r->content;
  static const double widths[] = { 0.06, 0.17, 0.16, 0.305, 0.305 };
  static const char *const header[] = {
    "deviation-number", "deviation-severity", "deviation-status", "deviation-text", "deviation-assessment"
  };
  g_autoptr(StPdfTable) table = table_with_header (r, widths, 5, header);
  g_autoptr(PangoLayout) title = heading (r, "section-deviations");
  g_autoptr(PangoLayout) continued = continued_heading (r, "section-deviations");

  if (c->deviations->len == 0)
    {
      g_autofree char *none = label_markup (r, "no-deviations");
      g_autoptr(PangoLayout) text = layout (r, FONT_BODY, st_pdf_flow_width (r->flow), none);

      st_pdf_flow_heading (r->flow, title, st_pdf_layout_height (text));
      st_pdf_flow_text (r->flow, text, 0);
      return;
    }

  for (guint i = 0; i < c->deviations->len; i++)
    {
      const StCertDeviation *deviation = g_ptr_array_index (c->deviations, i);
      g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, deviation->number);
      g_autofree char *severity_word = word_markup (r, "severity", deviation->severity);
      g_autofree char *severity = g_strcmp0 (deviation->severity, "minor") == 0
        ? g_strdup (severity_word) : g_strdup_printf ("<b>%s</b>", severity_word);
      g_autofree char *status = word_markup (r, "status", deviation->status);
      g_autofree char *text = escape_or_dash (deviation->text);
      g_autofree char *assessment = escape_or_dash (deviation->assessment);
      const char *row[] = { number, severity, status, text, assessment };

      st_pdf_table_add_row (table, row, ST_PDF_ROW_PLAIN);
    }
  st_pdf_table_place (table, title, continued);
}

static void
add_comments (Render *r)
{
  g_autofree char *markup = NULL;
  g_autoptr(PangoLayout) title = NULL;
  g_autoptr(PangoLayout) text = NULL;

  if (is_empty (r->content->comments))
    return;
  markup = g_markup_escape_text (r->content->comments, -1);
  title = heading (r, "section-comments");
  text = layout (r, FONT_BODY, st_pdf_flow_width (r->flow), markup);
  /* Keep the heading with at least the first lines of a long comment. */
  st_pdf_flow_heading (r->flow, title, MIN (st_pdf_layout_height (text), 40));
  st_pdf_flow_text (r->flow, text, 0);
}

static void
add_signatures (Render *r)
{
  const StCertificateContent *c = r->content;
  static const double widths[] = { 0.29, 0.20, 0.23, 0.28 };
  static const char *const header[] = {
    "signature-name", "signature-role", "signature-meaning", "signature-time"
  };
  g_autoptr(StPdfTable) table = table_with_header (r, widths, 4, header);
  g_autoptr(PangoLayout) title = heading (r, "section-signatures");
  g_autoptr(PangoLayout) continued = continued_heading (r, "section-signatures");

  for (guint i = 0; i < c->signatures->len; i++)
    {
      const StCertSignature *signature = g_ptr_array_index (c->signatures, i);
      g_autofree char *name = g_markup_printf_escaped ("<b>%s</b>\n<span font_family='" MONO "' size='7pt' "
                                                       "foreground='" GREY "'>%s</span>",
                                                       signature->full_name ? signature->full_name : "—",
                                                       signature->username ? signature->username : "");
      g_autofree char *role = word_markup (r, "role", signature->role);
      g_autofree char *meaning = word_markup (r, "meaning", signature->meaning);
      g_autofree char *time = utc_text (signature->signed_at);
      const char *row[] = { name, role, meaning, time };

      st_pdf_table_add_row (table, row, ST_PDF_ROW_PLAIN);
    }
  st_pdf_table_set_keep_together (table, TRUE);
  if (c->signatures->len > 0)
    st_pdf_table_place (table, title, continued);
}

static void
add_certification (Render *r)
{
  const StCertificateContent *c = r->content;
  static const double halves[] = { 0.5, 0.5 };
  g_autofree char *statement_id = g_strdup_printf ("statement-%s", c->kind);
  g_autofree char *lot = g_markup_printf_escaped ("<b>%s</b>", c->lot_number);
  g_autofree char *product = g_markup_escape_text (c->product, -1);
  g_autofree char *authorisation = escape_or_dash (c->authorisation);
  g_autofree char *version = g_strdup_printf ("%" G_GINT64_FORMAT, c->spec_version);
  g_autofree char *code = escape_or_dash (c->spec_code);
  const char *spec_pairs[] = { "code", code, "version", version, NULL };
  g_autofree char *specification = label_primary (r, "specification-version", spec_pairs);
  g_autofree char *tests = joined_tests (g_str_equal (c->kind, "exceptional") ? c->oos_tests
                                                                              : c->pending_tests);
  const char *pairs[] = {
    "lot", lot, "product", product, "authorisation", authorisation,
    "specification", specification, "tests", tests, NULL
  };
  g_autofree char *statement = label_markup_full (r, statement_id, pairs, FALSE);
  g_autofree char *spaced = NULL;
  g_autofree char *qp = g_markup_printf_escaped ("<b>%s</b>", c->qp_name);
  g_autofree char *position = escape_or_dash (c->qp_position);
  g_autofree char *meaning = word_markup (r, "meaning", c->meaning);
  g_autofree char *signed_at = utc_text (c->signed_at);
  char *cells[4] = {
    field_cell (r, "qp-name", qp), field_cell (r, "qp-position", position),
    field_cell (r, "qp-meaning", meaning), field_cell (r, "qp-signed-at", signed_at),
  };
  g_autoptr(StPdfTable) grid = table_with_header (r, halves, 2, NULL);
  g_autoptr(PangoLayout) title = heading (r, "section-certification");
  g_autoptr(PangoLayout) text = NULL;

  /* A little air between the German statement and the English one. */
  if (r->bilingual)
    {
      char *newline = strchr (statement, '\n');
      if (newline != NULL)
        {
          *newline = '\0';
          spaced = g_strdup_printf ("%s\n<span size='4pt'> </span>\n%s", statement, newline + 1);
        }
    }
  text = layout (r, FONT_BODY, st_pdf_flow_width (r->flow), spaced ? spaced : statement);
  st_pdf_table_add_row (grid, (const char *const *) cells, ST_PDF_ROW_PLAIN);
  st_pdf_table_add_row (grid, (const char *const *) cells + 2, ST_PDF_ROW_PLAIN);
  for (guint i = 0; i < G_N_ELEMENTS (cells); i++)
    g_free (cells[i]);

  /* The statement and the QP who signs it stay on one page. */
  st_pdf_flow_heading (r->flow, title, st_pdf_layout_height (text) + 8 + st_pdf_table_height (grid));
  st_pdf_flow_text (r->flow, text, 0);
  st_pdf_flow_skip (r->flow, 8);
  st_pdf_flow_rule (r->flow, 0.6, 0x9a9a9a);
  st_pdf_table_place (grid, NULL, NULL);
}

/* Adds label / value rows to @table; values are markup. */
static void
add_pair (Render     *r,
          StPdfTable *table,
          const char *label_id,
          const char *value)
{
  g_autofree char *label = label_markup (r, label_id);
  g_autofree char *label_cell = g_strdup_printf ("<span foreground='" GREY "'>%s</span>", label);
  const char *row[] = { label_cell, value };

  st_pdf_table_add_row (table, row, ST_PDF_ROW_PLAIN);
}

static char *
mono (const char *value)
{
  g_autofree char *text = escape_or_dash (value);

  return g_strdup_printf ("<span font_family='" MONO "'>%s</span>", text);
}

static void
add_integrity (Render *r)
{
  const StCertificateContent *c = r->content;
  static const double widths[] = { 0.28, 0.72 };
  g_autoptr(StPdfTable) certificate = table_with_header (r, widths, 2, NULL);
  g_autoptr(StPdfTable) record = table_with_header (r, widths, 2, NULL);
  g_autoptr(PangoLayout) certificate_title = heading (r, "section-signing-certificate");
  g_autoptr(PangoLayout) record_title = heading (r, "section-integrity");
  g_autofree char *subject = escape_or_dash (c->cert_subject);
  g_autofree char *serial = mono (c->cert_serial);
  g_autofree char *fingerprint = mono (c->cert_fingerprint);
  g_autofree char *record_fingerprint = mono (c->record_fingerprint);
  g_autofree char *seq = escape_or_dash (c->chain_seq);
  const char *seq_pairs[] = { "sequence", seq, NULL };
  g_autofree char *entry = label_primary (r, "chain-sequence", seq_pairs);
  g_autofree char *hash = mono (c->chain_hash);
  g_autofree char *chain = g_strdup_printf ("%s\n%s", entry, hash);
  g_autofree char *note = label_markup (r, "signature-note");
  g_autofree char *note_markup = g_strdup_printf ("<span foreground='" GREY "'>%s</span>", note);
  g_autoptr(PangoLayout) note_layout = layout (r, FONT_SMALL, st_pdf_flow_width (r->flow), note_markup);

  add_pair (r, certificate, "cert-subject", subject);
  add_pair (r, certificate, "cert-serial", serial);
  add_pair (r, certificate, "cert-fingerprint", fingerprint);
  st_pdf_table_set_keep_together (certificate, TRUE);
  st_pdf_table_place (certificate, certificate_title, NULL);

  add_pair (r, record, "record-fingerprint", record_fingerprint);
  add_pair (r, record, "chain-anchor", chain);
  st_pdf_table_set_keep_together (record, TRUE);
  st_pdf_table_place (record, record_title, NULL);
  st_pdf_flow_skip (r->flow, 6);
  st_pdf_flow_text (r->flow, note_layout, 0);
}

/* Margins: the running header from page 2 on, the footer on every page. */
static void
decorate (StPdfFlow *flow,
          cairo_t   *cr,
          guint      page,
          guint      n_pages,
          gpointer   user_data)
{
  Render *r = user_data;
  const StCertificateContent *c = r->content;
  double left = st_pdf_flow_left (flow);
  double width = st_pdf_flow_width (flow);
  g_autofree char *page_text = g_strdup_printf ("%u", page);
  g_autofree char *pages_text = g_strdup_printf ("%u", n_pages);
  const char *pairs[] = { "lot", r->footer_lot, "page", page_text, "pages", pages_text, NULL };
  g_autofree char *footer = label_markup_full (r, "footer", pairs, TRUE);
  g_autofree char *generator = g_markup_escape_text (c->generator ? c->generator : "", -1);
  const char *generator_pairs[] = { "generator", generator, NULL };
  g_autofree char *generated = label_primary (r, "generated-by", generator_pairs);
  g_autoptr(PangoLayout) footer_layout = st_pdf_flow_layout (flow, FONT_SMALL, width * 0.7, footer);
  g_autoptr(PangoLayout) generated_layout = st_pdf_flow_layout (flow, FONT_SMALL, width * 0.3, generated);
  double footer_y = PAGE_HEIGHT - MARGIN_BOTTOM + 18;

  cairo_set_line_width (cr, 0.5);
  cairo_set_source_rgb (cr, 0.6, 0.6, 0.6);
  cairo_move_to (cr, left, footer_y - 4);
  cairo_line_to (cr, left + width, footer_y - 4);
  cairo_stroke (cr);
  cairo_set_source_rgb (cr, 0.36, 0.36, 0.36);
  if (!is_empty (c->generator))
    {
      cairo_move_to (cr, left, footer_y);
      pango_cairo_show_layout (cr, generated_layout);
    }
  cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
  pango_layout_set_alignment (footer_layout, PANGO_ALIGN_RIGHT);
  cairo_move_to (cr, left + width * 0.3, footer_y);
  pango_cairo_show_layout (cr, footer_layout);

  if (page > 1)
    {
      g_autofree char *title = label_markup (r, "title");
      g_autofree char *running = g_strdup_printf ("<b>%s</b> — %s", title, r->footer_lot);
      g_autofree char *site = g_markup_escape_text (c->site_name, -1);
      g_autoptr(PangoLayout) running_layout = st_pdf_flow_layout (flow, FONT_SMALL, width * 0.5, running);
      g_autoptr(PangoLayout) site_layout = st_pdf_flow_layout (flow, FONT_SMALL, width * 0.5, site);
      double header_y = MARGIN_TOP - 26;

      /* One line each, whatever the length of the names. */
      pango_layout_set_ellipsize (running_layout, PANGO_ELLIPSIZE_END);
      pango_layout_set_ellipsize (site_layout, PANGO_ELLIPSIZE_END);
      cairo_move_to (cr, left, header_y);
      pango_cairo_show_layout (cr, running_layout);
      pango_layout_set_alignment (site_layout, PANGO_ALIGN_RIGHT);
      cairo_move_to (cr, left + width * 0.5, header_y);
      pango_cairo_show_layout (cr, site_layout);
      cairo_set_source_rgb (cr, 0.6, 0.6, 0.6);
      cairo_move_to (cr, left, MARGIN_TOP - 12);
      cairo_line_to (cr, left + width, MARGIN_TOP - 12);
      cairo_stroke (cr);
    }
}

static cairo_status_t
append_bytes (void                *closure,
              const unsigned char *data,
              unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

static void
set_metadata (cairo_surface_t *surface,
              Render          *r)
{
  const StCertificateContent *c = r->content;
  g_autoptr(GDateTime) parsed = g_date_time_new_from_iso8601 (c->signed_at, NULL);
  g_autoptr(GDateTime) utc = g_date_time_to_utc (parsed);
  g_autofree char *date = g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");
  g_autofree char *title_label = label_text (r, "title");
  g_autofree char *title = g_strdup_printf ("%s — %s", title_label, c->lot_number);

  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, title);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_AUTHOR, c->qp_name);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_SUBJECT, c->product);
  if (!is_empty (c->generator))
    cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, c->generator);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATE_DATE, date);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_MOD_DATE, date);
}

GBytes *
st_certificate_render_pdf (const StCertificateContent *content,
                           GError                    **error)
{
  g_autoptr(GByteArray) bytes = NULL;
  g_autoptr(GKeyFile) labels = NULL;
  cairo_surface_t *surface;
  cairo_t *cr;
  cairo_status_t status;
  Render r = { 0 };

  g_return_val_if_fail (content != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!validate (content, error))
    return NULL;
  labels = load_labels (error);
  if (labels == NULL)
    return NULL;

  r.content = content;
  r.labels = labels;
  r.bilingual = g_str_equal (content->language, "de");
  r.footer_lot = g_markup_escape_text (content->lot_number, -1);

  bytes = g_byte_array_new ();
  surface = cairo_pdf_surface_create_for_stream (append_bytes, bytes, PAGE_WIDTH, PAGE_HEIGHT);
  set_metadata (surface, &r);
  cr = cairo_create (surface);
  r.flow = st_pdf_flow_new (cr, PAGE_WIDTH, PAGE_HEIGHT, MARGIN_X, MARGIN_TOP, MARGIN_BOTTOM);

  add_masthead (&r);
  add_notices (&r);
  add_product (&r);
  add_donors (&r);
  add_results (&r);
  add_deviations (&r);
  add_comments (&r);
  add_signatures (&r);
  add_certification (&r);
  add_integrity (&r);

  status = st_pdf_flow_draw (r.flow, decorate, &r);
  st_pdf_flow_free (r.flow);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  g_free (r.footer_lot);

  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, ST_CERTIFICATE_PDF_ERROR, ST_CERTIFICATE_PDF_ERROR_CAIRO,
                   _("certificate PDF: %s"), cairo_status_to_string (status));
      return NULL;
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&bytes));
}
