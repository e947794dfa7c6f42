/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "st-certificate-pdf.h"

#include <glib/gstdio.h>
#include <string.h>

#define PDFTOTEXT "/usr/bin/pdftotext"
#define RECORD_FINGERPRINT "3f1c9a7be0d24c58a61e7f90b2d3c4e5f60718293a4b5c6d7e8f90a1b2c3d4e5"

typedef struct {
  const char *param, *test, *method, *limit, *value, *unit, *verdict;
} ResultRow;

/* The default specification MSC-REL v1, all conforming. */
static const ResultRow msc_rel[] = {
  { "appearance", "Appearance", "Visual inspection of the bag", "conforms", "conforms", NULL, "conform" },
  { "viability", "Viability", "Trypan blue, 7-AAD or automated counter", ">= 70", "92.4", "%", "conform" },
  { "cell_concentration", "Cell concentration", "Count / volume", ">= 1.0 and <= 3.0", "2.1", "10^6 cells/mL", "conform" },
  { "cd73", "CD73", "Flow cytometry", ">= 95", "99.1", "% positive", "conform" },
  { "cd90", "CD90", "Flow cytometry", ">= 95", "98.7", "% positive", "conform" },
  { "cd105", "CD105", "Flow cytometry", ">= 95", "97.9", "% positive", "conform" },
  { "cd45", "CD45", "Flow cytometry", "<= 2", "0.4", "% positive", "conform" },
  { "cd34", "CD34", "Flow cytometry", "<= 2", "0.3", "% positive", "conform" },
  { "cd14", "CD14", "Flow cytometry", "<= 2", "0.6", "% positive", "conform" },
  { "cd19", "CD19", "Flow cytometry", "<= 2", "0.2", "% positive", "conform" },
  { "hla_dr", "HLA-DR", "Flow cytometry", "<= 2", "1.1", "% positive", "conform" },
  { "sterility", "Sterility", "Ph. Eur. 2.6.27", "no-growth", "no-growth", NULL, "conform" },
  { "endotoxin", "Endotoxin", "Ph. Eur. 2.6.14 (LAL)", "< 0.5", "0.12", "EU/mL", "conform" },
  { "mycoplasma", "Mycoplasma", "Ph. Eur. 2.6.7 (NAT)", "not-detected", "not-detected", NULL, "conform" },
  { "passage", "Passage", "Derived from passage records", "<= 4", "3", NULL, "conform" },
  { "cumulative_pd", "Cumulative population doublings", "Derived from passage records", "<= 30", "18.6", "PD", "conform" },
  { "potency_mlr", "Potency (MLR)", "Mixed lymphocyte reaction", NULL, "64", "% inhibition", "report" },
};

static void
add_result (StCertificateContent *content,
            const ResultRow      *row,
            const char           *value,
            const char           *verdict,
            gboolean              corrected)
{
  StCertResult *result = st_cert_result_new ();

  result->param = g_strdup (row->param);
  result->test = g_strdup (row->test);
  result->method = g_strdup (row->method);
  result->limit = g_strdup (row->limit);
  result->value = g_strdup (value);
  result->unit = g_strdup (row->unit);
  result->verdict = g_strdup (verdict);
  result->corrected = corrected;
  g_ptr_array_add (content->results, result);
}

static void
add_signature (StCertificateContent *content,
               const char           *meaning,
               const char           *full_name,
               const char           *username,
               const char           *role,
               const char           *signed_at)
{
  StCertSignature *signature = st_cert_signature_new ();

  signature->meaning = g_strdup (meaning);
  signature->full_name = g_strdup (full_name);
  signature->username = g_strdup (username);
  signature->role = g_strdup (role);
  signature->signed_at = g_strdup (signed_at);
  g_ptr_array_add (content->signatures, signature);
}

static void
add_deviation (StCertificateContent *content,
               gint64                number,
               const char           *severity,
               const char           *text,
               const char           *assessment)
{
  StCertDeviation *deviation = st_cert_deviation_new ();

  deviation->number = number;
  deviation->severity = g_strdup (severity);
  deviation->status = g_strdup ("closed");
  deviation->text = g_strdup (text);
  deviation->assessment = g_strdup (assessment);
  g_ptr_array_add (content->deviations, deviation);
}

/* A pooled MSC-FFM lot: 17 results, 8 donors, 2 deviations, 3 signatures. */
static StCertificateContent *
make_content (const char *language,
              const char *kind)
{
  StCertificateContent *c = st_certificate_content_new ();
  static const char *const dins[] = {
    "G123426000101", "G123426000102", "G123426000117", "G123426000125",
    "G123426000133", "G123426000141", "G123426000158", "G123426000166",
  };

  c->language = g_strdup (language);
  c->kind = g_strdup (kind);
  c->site_name = g_strdup ("Cell Therapy Unit, University Hospital Frankfurt");
  c->site_address = g_strdup ("Theodor-Stern-Kai 7, 60590 Frankfurt am Main, Germany");
  c->authorisation = g_strdup ("DE_HE_01_MIA_2024_0042");
  c->product = g_strdup ("MSC-FFM (Obnitix), bone-marrow mesenchymal stromal cells");
  c->strength = g_strdup ("60 x 10^6 cells per bag; 2.0 x 10^6 cells/mL");
  c->dosage_form = g_strdup ("Suspension for infusion, cryopreserved");
  c->container = g_strdup ("Cryobag (EVA), 30 mL");
  c->lot_number = g_strdup ("FFM-2026-0117");
  c->manufactured_on = g_strdup ("2026-11-12");
  c->expiry_on = g_strdup ("2027-11-12");
  c->manufacturing_site = g_strdup ("GMP cleanroom B, Institute for Transfusion Medicine, Frankfurt");
  c->testing_site = g_strdup ("QC laboratory, Institute for Transfusion Medicine, Frankfurt");
  c->spec_code = g_strdup ("MSC-REL");
  c->spec_version = 1;

  for (guint i = 0; i < G_N_ELEMENTS (dins); i++)
    {
      StCertDonor *donor = st_cert_donor_new ();
      donor->code = g_strdup (dins[i]);
      donor->eligibility = g_strdup ("eligible");
      g_ptr_array_add (c->donors, donor);
    }

  for (guint i = 0; i < G_N_ELEMENTS (msc_rel); i++)
    {
      const ResultRow *row = &msc_rel[i];

      if (g_str_equal (kind, "initial") && g_str_equal (row->param, "sterility"))
        add_result (c, row, NULL, "pending", FALSE);
      else if (g_str_equal (kind, "exceptional") && g_str_equal (row->param, "viability"))
        add_result (c, row, "62.0", "oos", TRUE);
      else
        add_result (c, row, row->value, row->verdict, g_str_equal (row->param, "endotoxin"));
    }
  if (g_str_equal (kind, "initial"))
    c->pending_tests = g_strsplit ("Sterility", ",", -1);
  if (g_str_equal (kind, "exceptional"))
    c->oos_tests = g_strsplit ("Viability: 62.0 % (limit >= 70 %)", "|", -1);

  add_deviation (c, 14, "minor",
                 "Incubator 3 door alarm for 4 min during passage 2; temperature stayed within 36.5-37.5 °C.",
                 "No impact on product quality; alarm log and temperature record attached.");
  add_deviation (c, 15, g_str_equal (kind, "exceptional") ? "critical" : "major",
                 g_str_equal (kind, "exceptional")
                   ? "Viability 62.0 % after thaw, below the limit of 70 %."
                   : "Endotoxin value re-entered after a transcription error (0.21 entered, 0.12 measured).",
                 g_str_equal (kind, "exceptional")
                   ? "Treating physician Dr. A. Weber requested supply on 2026-11-25 for a patient with "
                     "steroid-refractory GvHD grade IV without alternative; risk assessment RA-2026-031 "
                     "approved by QA; dose adjusted to viable cells."
                   : "Correction with reason recorded in the audit trail; raw data checked by QC.");

  add_signature (c, "entered", "Maria Schneider", "mschneider", "operator", "2026-11-20T08:41:12Z");
  add_signature (c, "reviewed", "Dr. Jonas Becker", "jbecker", "reviewer", "2026-11-24T14:02:55Z");
  add_signature (c, "certified", "Dr. Lena Hoffmann", "lhoffmann", "qp", "2026-11-26T10:15:00Z");

  c->comments = g_strdup ("Lot made from working cell bank WCB-2026-03 (passage 1). "
                          "Shipped frozen in the vapour phase of liquid nitrogen.");
  c->qp_name = g_strdup ("Dr. Lena Hoffmann");
  c->qp_position = g_strdup ("Qualified Person (Sachkundige Person), Cell Therapy Unit");
  c->meaning = g_strdup ("certified");
  c->signed_at = g_strdup ("2026-11-26T10:15:00Z");
  c->cert_subject = g_strdup ("CN=Lena Hoffmann, O=University Hospital Frankfurt, OU=Cell Therapy Unit, "
                              "emailAddress=l.hoffmann@example.org");
  c->cert_serial = g_strdup ("5A:0F:33:9C:12:7E:44:01");
  c->cert_fingerprint = g_strdup ("a9d2c84e11f07b3355c6e2d9018f4b7a6c3e5d2f1a0b9c8d7e6f5a4b3c2d1e0f");
  c->record_fingerprint = g_strdup (RECORD_FINGERPRINT);
  c->chain_seq = g_strdup ("4812");
  c->chain_hash = g_strdup ("0b7e6d5c4a3f2e1d0c9b8a7f6e5d4c3b2a1f0e9d8c7b6a5f4e3d2c1b0a9f8e7d");
  c->generator = g_strdup ("Stroma 0.1.0");
  return c;
}

/* The PDF's text, whitespace runs collapsed to one space, pages separated
 * by form feeds; fails when pdftotext is missing. */
static char *
pdf_text (GBytes *pdf)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("stroma-cert-XXXXXX", &error);
  g_autofree char *pdf_path = NULL;
  g_autofree char *txt_path = NULL;
  g_autofree char *text = NULL;
  g_autofree char *err = NULL;
  const char *argv[] = { PDFTOTEXT, "-enc", "UTF-8", NULL, NULL, NULL };
  int status = 0;
  GString *flat;

  g_assert_true (g_file_test (PDFTOTEXT, G_FILE_TEST_IS_EXECUTABLE));
  g_assert_no_error (error);
  pdf_path = g_build_filename (dir, "certificate.pdf", NULL);
  txt_path = g_build_filename (dir, "certificate.txt", NULL);
  g_assert_true (g_file_set_contents (pdf_path, g_bytes_get_data (pdf, NULL),
                                      (gssize) g_bytes_get_size (pdf), &error));
  g_assert_no_error (error);
  argv[3] = pdf_path;
  argv[4] = txt_path;
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL,
                               NULL, NULL, NULL, &err, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (txt_path, &text, NULL, &error));
  g_assert_no_error (error);
  g_unlink (pdf_path);
  g_unlink (txt_path);
  g_rmdir (dir);

  flat = g_string_new (NULL);
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '\f')
        g_string_append_c (flat, '\f');
      else if (g_ascii_isspace (*p))
        {
          if (flat->len > 0 && flat->str[flat->len - 1] != ' ' && flat->str[flat->len - 1] != '\f')
            g_string_append_c (flat, ' ');
        }
      else
        g_string_append_c (flat, *p);
    }
  return g_string_free (flat, FALSE);
}

static void
assert_contains (const char *text,
                 const char *needle)
{
  if (strstr (text, needle) == NULL)
    g_error ("“%s” not found in the certificate text:\n%s", needle, text);
}

static void
assert_pdf_bytes (GBytes *pdf)
{
  gsize size;
  const char *data = g_bytes_get_data (pdf, &size);
  const char *end = data + size;

  g_assert_cmpuint (size, >, 1000);
  g_assert_cmpmem (data, 5, "%PDF-", 5);
  while (end > data && g_ascii_isspace (end[-1]))
    end--;
  g_assert_cmpmem (end - 5, 5, "%%EOF", 5);
}

static guint
count_pages (const char *text)
{
  guint pages = 0;

  for (const char *p = text; *p != '\0'; p++)
    if (*p == '\f')
      pages++;
  return pages;
}

typedef struct {
  const char *language;
  const char *kind;
} Case;

static void
test_render (gconstpointer data)
{
  const Case *test_case = data;
  g_autoptr(StCertificateContent) content = make_content (test_case->language, test_case->kind);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = st_certificate_render_pdf (content, &error);
  g_autofree char *text = NULL;
  gboolean german = g_str_equal (test_case->language, "de");

  g_assert_no_error (error);
  g_assert_nonnull (pdf);
  assert_pdf_bytes (pdf);
  text = pdf_text (pdf);

  assert_contains (text, "FFM-2026-0117");
  for (guint i = 0; i < G_N_ELEMENTS (msc_rel); i++)
    assert_contains (text, msc_rel[i].test);
  for (guint i = 0; i < content->donors->len; i++)
    assert_contains (text, ((StCertDonor *) g_ptr_array_index (content->donors, i))->code);
  assert_contains (text, "Conforms");
  assert_contains (text, "Report only");
  assert_contains (text, "Eligible");
  assert_contains (text, "page 1 of");
  assert_contains (text, RECORD_FINGERPRINT);
  assert_contains (text, "Dr. Lena Hoffmann");
  assert_contains (text, "2026-11-26 10:15:00 UTC");
  assert_contains (text, "Batch certificate");
  assert_contains (text, "changed after first entry — see audit trail");
  assert_contains (text, "Incubator 3 door alarm");

  if (german)
    {
      assert_contains (text, "Chargenzertifikat");
      assert_contains (text, "Chargennummer");
      assert_contains (text, "Sachkundige Person");
      assert_contains (text, "Seite 1 von");
    }
  else
    g_assert_null (strstr (text, "Chargenzertifikat"));

  if (g_str_equal (test_case->kind, "initial"))
    {
      assert_contains (text, "certified for release subject to the pending results of: Sterility");
      assert_contains (text, "Pending");
      if (german)
        assert_contains (text, "vorbehaltlich der ausstehenden Ergebnisse von: Sterility");
    }
  else
    g_assert_null (strstr (text, "pending results of"));

  if (g_str_equal (test_case->kind, "exceptional"))
    {
      assert_contains (text, "Exceptional release under EU GMP Part IV, 11.5");
      assert_contains (text, "at the treating physician's request");
      assert_contains (text, "Viability: 62.0 % (limit >= 70 %)");
      assert_contains (text, "OOS (out of specification)");
      if (german)
        assert_contains (text, "außerhalb der Spezifikation");
    }
  else
    {
      g_assert_null (strstr (text, "OOS (out of specification)"));
      g_assert_null (strstr (text, "11.5"));
    }

  if (g_str_equal (test_case->kind, "final"))
    assert_contains (text, "Final certification");
  if (g_str_equal (test_case->kind, "release"))
    assert_contains (text, "The lot is certified for release.");
}

static void
test_long_results_continue (void)
{
  g_autoptr(StCertificateContent) content = make_content ("en", "release");
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autofree char *text = NULL;
  g_auto(GStrv) pages = NULL;
  guint n_pages;

  g_ptr_array_set_size (content->results, 0);
  for (guint i = 0; i < 80; i++)
    {
      g_autofree char *value = g_strdup_printf ("%u.5", 90 + i % 10);
      ResultRow row = msc_rel[1];
      g_autofree char *name = g_strdup_printf ("Marker panel item %02u", i + 1);

      row.test = name;
      add_result (content, &row, value, "conform", FALSE);
    }
  pdf = st_certificate_render_pdf (content, &error);
  g_assert_no_error (error);
  assert_pdf_bytes (pdf);
  text = pdf_text (pdf);
  n_pages = count_pages (text);
  g_assert_cmpuint (n_pages, >, 1);

  pages = g_strsplit (text, "\f", -1);
  for (guint p = 0; p < n_pages; p++)
    {
      g_autofree char *footer = g_strdup_printf ("page %u of %u", p + 1, n_pages);
      assert_contains (pages[p], footer);
    }
  /* The table continues with its header repeated. */
  assert_contains (pages[1], "Results of analysis (continued)");
  assert_contains (pages[1], "Verdict");
  for (guint i = 0; i < 80; i++)
    {
      g_autofree char *name = g_strdup_printf ("Marker panel item %02u", i + 1);
      assert_contains (text, name);
    }
}

/* A comment longer than a page is split between lines, none lost or doubled. */
static void
test_long_comment_splits (void)
{
  g_autoptr(StCertificateContent) content = make_content ("en", "release");
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autofree char *text = NULL;
  GString *comment = g_string_new (NULL);
  guint n_pages;

  for (guint i = 1; i <= 120; i++)
    g_string_append_printf (comment, "Remark %03u on the lot.\n", i);
  g_free (content->comments);
  content->comments = g_string_free (comment, FALSE);
  pdf = st_certificate_render_pdf (content, &error);
  g_assert_no_error (error);
  text = pdf_text (pdf);
  n_pages = count_pages (text);
  g_assert_cmpuint (n_pages, >=, 4);
  for (guint i = 1; i <= 120; i++)
    {
      g_autofree char *remark = g_strdup_printf ("Remark %03u on the lot.", i);
      const char *first = strstr (text, remark);

      g_assert_nonnull (first);
      g_assert_null (strstr (first + 1, remark));
    }
  for (guint p = 1; p <= n_pages; p++)
    {
      g_autofree char *footer = g_strdup_printf ("page %u of %u", p, n_pages);
      assert_contains (text, footer);
    }
}

static void
test_without_corrections_no_footnote (void)
{
  g_autoptr(StCertificateContent) content = make_content ("en", "final");
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autofree char *text = NULL;

  for (guint i = 0; i < content->results->len; i++)
    ((StCertResult *) g_ptr_array_index (content->results, i))->corrected = FALSE;
  pdf = st_certificate_render_pdf (content, &error);
  g_assert_no_error (error);
  text = pdf_text (pdf);
  g_assert_null (strstr (text, "changed after first entry"));
  g_assert_null (strstr (text, "†"));
}

static void
test_flag_is_printed (void)
{
  g_autoptr(StCertificateContent) content = make_content ("en", "initial");
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autofree char *text = NULL;

  content->flag = g_strdup ("Sterility result after initial certification: growth (2026-12-03). Deviation 16 opened.");
  pdf = st_certificate_render_pdf (content, &error);
  g_assert_no_error (error);
  text = pdf_text (pdf);
  assert_contains (text, "Flagged: Sterility result after initial certification: growth");
}

/* The PDF holds binary streams with NUL bytes: no strstr. */
static gboolean
bytes_contain (const char *data,
               gsize       size,
               const char *needle)
{
  gsize length = strlen (needle);

  for (gsize i = 0; i + length <= size; i++)
    if (memcmp (data + i, needle, length) == 0)
      return TRUE;
  return FALSE;
}

static void
test_metadata_from_signature (void)
{
  g_autoptr(StCertificateContent) content = make_content ("en", "release");
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) first = st_certificate_render_pdf (content, &error);
  g_autoptr(GBytes) second = NULL;
  gsize size;
  const char *data;

  g_assert_no_error (error);
  data = g_bytes_get_data (first, &size);
  /* cairo 1.16 leaves out the "D:" prefix that later versions write. */
  g_assert_true (bytes_contain (data, size, "/CreationDate (D:20261126101500") ||
                 bytes_contain (data, size, "/CreationDate (20261126101500"));
  g_assert_true (bytes_contain (data, size, "/Creator (Stroma 0.1.0)"));

  second = st_certificate_render_pdf (content, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (first, second));
}

static void
test_invalid_content (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(StCertificateContent) bad_kind = make_content ("en", "release");
  g_autoptr(StCertificateContent) bad_language = make_content ("fr", "release");
  g_autoptr(StCertificateContent) no_pending = make_content ("en", "initial");
  g_autoptr(StCertificateContent) oos_release = make_content ("en", "exceptional");
  g_autoptr(StCertificateContent) bad_verdict = make_content ("en", "release");

  g_free (bad_kind->kind);
  bad_kind->kind = g_strdup ("provisional");
  pdf = st_certificate_render_pdf (bad_kind, &error);
  g_assert_null (pdf);
  g_assert_error (error, ST_CERTIFICATE_PDF_ERROR, ST_CERTIFICATE_PDF_ERROR_INVALID);
  g_assert_true (g_str_has_prefix (error->message, "kind: "));
  g_clear_error (&error);

  pdf = st_certificate_render_pdf (bad_language, &error);
  g_assert_error (error, ST_CERTIFICATE_PDF_ERROR, ST_CERTIFICATE_PDF_ERROR_INVALID);
  g_assert_true (g_str_has_prefix (error->message, "language: "));
  g_clear_error (&error);

  g_clear_pointer (&no_pending->pending_tests, g_strfreev);
  pdf = st_certificate_render_pdf (no_pending, &error);
  g_assert_error (error, ST_CERTIFICATE_PDF_ERROR, ST_CERTIFICATE_PDF_ERROR_INVALID);
  g_assert_true (g_str_has_prefix (error->message, "pending_tests: "));
  g_clear_error (&error);

  /* An OOS result cannot stand on a normal certification. */
  g_free (oos_release->kind);
  oos_release->kind = g_strdup ("release");
  pdf = st_certificate_render_pdf (oos_release, &error);
  g_assert_error (error, ST_CERTIFICATE_PDF_ERROR, ST_CERTIFICATE_PDF_ERROR_INVALID);
  g_assert_true (g_str_has_prefix (error->message, "results[1].verdict: "));
  g_clear_error (&error);

  g_free (((StCertResult *) g_ptr_array_index (bad_verdict->results, 3))->verdict);
  ((StCertResult *) g_ptr_array_index (bad_verdict->results, 3))->verdict = g_strdup ("ok");
  pdf = st_certificate_render_pdf (bad_verdict, &error);
  g_assert_error (error, ST_CERTIFICATE_PDF_ERROR, ST_CERTIFICATE_PDF_ERROR_INVALID);
  g_assert_true (g_str_has_prefix (error->message, "results[3].verdict: "));
  g_assert_null (pdf);
}

static const Case cases[] = {
  { "en", "release" }, { "de", "release" },
  { "en", "initial" }, { "de", "initial" },
  { "en", "final" }, { "de", "final" },
  { "en", "exceptional" }, { "de", "exceptional" },
};

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/core/certificate-pdf/%s-%s",
                                               cases[i].kind, cases[i].language);
      g_test_add_data_func (path, &cases[i], test_render);
    }
  g_test_add_func ("/core/certificate-pdf/long-results-continue", test_long_results_continue);
  g_test_add_func ("/core/certificate-pdf/long-comment-splits", test_long_comment_splits);
  g_test_add_func ("/core/certificate-pdf/no-corrections-no-footnote", test_without_corrections_no_footnote);
  g_test_add_func ("/core/certificate-pdf/flag", test_flag_is_printed);
  g_test_add_func ("/core/certificate-pdf/metadata", test_metadata_from_signature);
  g_test_add_func ("/core/certificate-pdf/invalid", test_invalid_content);
  return g_test_run ();
}
