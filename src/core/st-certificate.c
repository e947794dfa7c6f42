/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "st-certificate.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <string.h>

#include "st-certificate-pdf.h"
#include "st-fingerprint.h"
#include "st-pki.h"
#include "st-site.h"
#include "st-store-deviations.h"
#include "st-store-site.h"

G_DEFINE_QUARK (st-certificate-error-quark, st_certificate_error)

#define STRENGTH_PARAM "cell_concentration"
#define GENERATOR "Stroma " PACKAGE_VERSION

void
st_certificate_free (StCertificate *certificate)
{
  if (certificate == NULL)
    return;
  g_free (certificate->lot_number);
  g_free (certificate->kind);
  g_free (certificate->status);
  g_clear_pointer (&certificate->pdf, g_bytes_unref);
  g_clear_pointer (&certificate->cms, g_bytes_unref);
  g_free (certificate->pdf_sha256);
  g_free (certificate->record_fingerprint);
  g_free (certificate->signed_at);
  g_free (certificate);
}

void
st_certificate_report_clear (StCertificateReport *report)
{
  g_clear_pointer (&report->lot, g_free);
  g_clear_pointer (&report->kind, g_free);
  g_clear_pointer (&report->signer_subject, g_free);
  g_clear_pointer (&report->signer_name, g_free);
  g_clear_pointer (&report->signed_at, g_free);
  g_clear_pointer (&report->record_fingerprint, g_free);
  g_clear_pointer (&report->flag, g_free);
  g_clear_pointer (&report->failed_check, g_free);
  memset (report, 0, sizeof *report);
}

/* Content words are in the site's certificate language, not the user's
 * locale: on a German site German first, then English. */
static char *
site_words (const char *language,
            const char *english,
            const char *german)
{
  if (g_strcmp0 (language, "de") == 0)
    return g_strdup_printf ("%s / %s", german, english);
  return g_strdup (english);
}

/* "1.8 × 10^6 cells/mL" */
static char *
strength_text (const StLotCheck *check)
{
  const StCheckItem *item = st_lot_check_find (check, STRENGTH_PARAM);

  if (item == NULL || item->value == NULL)
    return NULL;
  if (item->unit == NULL || *item->unit == '\0')
    return g_strdup (item->value);
  return g_strdup_printf (g_str_has_prefix (item->unit, "10^") ? "%s × %s" : "%s %s", item->value, item->unit);
}

/* Manufacture: the harvest of the last passage, else the lot's creation. */
static void
set_dates (StCertificateContent *content,
           const StLotRecord    *lot,
           GPtrArray            *passages,
           gint64                shelf_life_days)
{
  const StPassageRecord *last = NULL;
  g_autofree char *made = NULL;
  int year = 0, month = 0, day = 0;

  for (guint i = 0; i < passages->len; i++)
    {
      const StPassageRecord *passage = g_ptr_array_index (passages, i);
      if (last == NULL || passage->number > last->number)
        last = passage;
    }
  made = last != NULL ? g_strdup (last->harvested_on) : g_strndup (lot->created_at, 10);
  content->manufactured_on = g_strdup (made);

  if (shelf_life_days > 0 && sscanf (made, "%4d-%2d-%2d", &year, &month, &day) == 3
      && g_date_valid_dmy (day, month, year))
    {
      char buffer[16];
      GDate date;

      g_date_clear (&date, 1);
      g_date_set_dmy (&date, day, month, year);
      g_date_add_days (&date, (guint) shelf_life_days);
      g_date_strftime (buffer, sizeof buffer, "%Y-%m-%d", &date);
      content->expiry_on = g_strdup (buffer);
    }
}

/* The evaluation's words for ineligible donors, in English whatever the
 * signer's locale: the certificate follows the site's language. */
static char *
donors_oos_text (GPtrArray *donors)
{
  GString *text = g_string_new (NULL);
  g_autoptr(GPtrArray) ineligible = g_ptr_array_new ();
  g_autoptr(GPtrArray) incomplete = g_ptr_array_new ();
  guint eligible = 0;

  for (guint i = 0; i < donors->len; i++)
    {
      const StCertDonor *donor = g_ptr_array_index (donors, i);
      if (g_strcmp0 (donor->eligibility, "eligible") == 0)
        eligible++;
      else
        g_ptr_array_add (g_strcmp0 (donor->eligibility, "ineligible") == 0 ? ineligible : incomplete, donor->code);
    }
  g_string_append_printf (text, "Donor eligibility: %u of %u donor%s eligible", eligible, donors->len,
                          donors->len == 1 ? "" : "s");
  g_ptr_array_add (ineligible, NULL);
  g_ptr_array_add (incomplete, NULL);
  if (ineligible->len > 1)
    {
      g_autofree char *codes = g_strjoinv (", ", (char **) ineligible->pdata);
      g_string_append_printf (text, "; ineligible: %s", codes);
    }
  if (incomplete->len > 1)
    {
      g_autofree char *codes = g_strjoinv (", ", (char **) incomplete->pdata);
      g_string_append_printf (text, "; incomplete: %s", codes);
    }
  return g_string_free (text, FALSE);
}

static gboolean
add_results (StCertificateContent  *content,
             StDb                  *db,
             const StLotCheck      *check,
             GError               **error)
{
  const StSpec *spec = st_evaluate_spec (db, check->spec_id, error);
  g_autoptr(GPtrArray) pending = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) oos = g_ptr_array_new_with_free_func (g_free);

  if (spec == NULL)
    return FALSE;
  for (guint i = 0; i < check->items->len; i++)
    {
      const StCheckItem *item = g_ptr_array_index (check->items, i);
      const StSpecItem *spec_item = st_spec_find_item (spec, item->param);
      g_autofree char *limit = NULL;
      StCertResult *result;

      /* Donors have their own table on the certificate. */
      if (spec_item == NULL)
        {
          if (item->verdict == ST_VERDICT_OOS)
            g_ptr_array_add (oos, donors_oos_text (content->donors));
          continue;
        }
      /* In English whatever the signer's locale, as the spec's own words are. */
      limit = st_spec_item_limit_text_c (spec_item);
      result = st_cert_result_new ();
      result->param = g_strdup (item->param);
      result->test = g_strdup (item->test);
      result->method = g_strdup (item->method);
      result->limit = st_spec_item_is_judged (spec_item) ? g_strdup (limit) : NULL;
      result->value = g_strdup (item->value);
      result->unit = g_strdup (item->unit);
      result->verdict = g_strdup (st_verdict_to_string (item->verdict));
      result->corrected = item->corrected;
      g_ptr_array_add (content->results, result);

      if (item->verdict == ST_VERDICT_PENDING)
        g_ptr_array_add (pending, g_strdup (item->test));
      else if (item->verdict == ST_VERDICT_OOS)
        {
          const char *unit = item->unit ? item->unit : "";
          const char *space = *unit ? " " : "";
          g_ptr_array_add (oos, g_strdup_printf ("%s: %s%s%s (limit %s%s%s)", item->test,
                                                 item->value ? item->value : "—", space, unit,
                                                 limit, space, unit));
        }
    }
  g_ptr_array_add (pending, NULL);
  g_ptr_array_add (oos, NULL);
  content->pending_tests = (GStrv) g_ptr_array_steal (pending, NULL);
  content->oos_tests = (GStrv) g_ptr_array_steal (oos, NULL);
  return TRUE;
}

/* The final certification names the initial one it completes. */
static char *
initial_comment (GPtrArray                *signatures,
                 const StSignatureRecord  *current,
                 const char               *language)
{
  const StSignatureRecord *initial = NULL;
  g_autofree char *english = NULL;
  g_autofree char *german = NULL;
  g_autofree char *when = NULL;

  for (guint i = 0; i < signatures->len; i++)
    {
      const StSignatureRecord *signature = g_ptr_array_index (signatures, i);
      if (signature->id != current->id && g_str_equal (signature->meaning, "certified"))
        initial = signature;
    }
  if (initial == NULL)
    return NULL;
  when = g_strndup (initial->signed_at, 10);
  english = g_strdup_printf ("Completes the initial certification (staged release) signed by %s on %s.",
                             initial->full_name, when);
  german = g_strdup_printf ("Schließt die Erstzertifizierung (gestufte Freigabe) ab, unterzeichnet von %s am %s.",
                            initial->full_name, when);
  if (g_strcmp0 (language, "de") == 0)
    return g_strdup_printf ("%s\n%s", german, english);
  return g_steal_pointer (&english);
}

static StCertificateContent *
assemble (StSession                *session,
          const StLotRecord        *lot,
          const StLotCheck         *check,
          const StSignatureRecord  *signature,
          const char               *kind,
          gint64                    deviation,
          GError                  **error)
{
  StDb *db = st_session_get_db (session);
  g_autoptr(StCertificateContent) content = st_certificate_content_new ();
  g_autoptr(StSiteRecord) site = NULL;
  g_autoptr(GPtrArray) donors = NULL;
  g_autoptr(GPtrArray) passages = NULL;
  g_autoptr(GPtrArray) deviations = NULL;
  g_autoptr(GPtrArray) signatures = NULL;
  g_autofree char *signer_cert = NULL;
  g_autofree char *chain = NULL;

  if ((site = st_store_site_get (db, error)) == NULL
      || (donors = st_store_lots_donors (db, lot->id, error)) == NULL
      || (passages = st_store_lots_passages (db, lot->id, error)) == NULL
      || (deviations = st_store_deviations_list (db, lot->id, error)) == NULL
      || (signatures = st_store_signatures_for_lot (db, lot->id, error)) == NULL)
    return NULL;

  content->language = g_strdup (site->cert_language);
  content->kind = g_strdup (kind);
  content->site_name = g_strdup (site->name);
  content->site_address = g_strdup (site->address);
  content->authorisation = g_strdup (site->authorisation);
  content->manufacturing_site = g_strdup (site->name);
  content->testing_site = g_strdup (site->name);
  content->dosage_form = g_strdup (site->dosage_form);
  content->container = g_strdup (site->container);
  content->product = g_strdup (lot->product);
  content->lot_number = g_strdup (lot->lot_number);
  content->strength = strength_text (check);
  set_dates (content, lot, passages, site->shelf_life_days);
  content->spec_code = g_strdup (check->spec_code);
  content->spec_version = check->spec_version;
  content->flag = g_strdup (lot->flag);

  for (guint i = 0; i < donors->len; i++)
    {
      const StDonorRecord *record = g_ptr_array_index (donors, i);
      StCertDonor *donor = st_cert_donor_new ();
      donor->code = g_strdup (record->code);
      donor->eligibility = g_strdup (record->eligibility);
      g_ptr_array_add (content->donors, donor);
    }
  if (!add_results (content, db, check, error))
    return NULL;
  for (guint i = 0; i < deviations->len; i++)
    {
      const StDeviationRecord *record = g_ptr_array_index (deviations, i);
      StCertDeviation *item = st_cert_deviation_new ();
      item->number = record->number;
      item->severity = g_strdup (record->severity);
      item->status = g_strdup (record->status);
      item->text = g_strdup (record->text);
      item->assessment = g_strdup (record->assessment);
      g_ptr_array_add (content->deviations, item);
    }
  for (guint i = 0; i < signatures->len; i++)
    {
      const StSignatureRecord *record = g_ptr_array_index (signatures, i);
      StCertSignature *item = st_cert_signature_new ();
      item->meaning = g_strdup (record->meaning);
      item->full_name = g_strdup (record->full_name);
      item->username = g_strdup (record->username);
      item->role = g_strdup (record->role);
      item->signed_at = g_strdup (record->signed_at);
      g_ptr_array_add (content->signatures, item);
    }

  if (g_str_equal (kind, "final"))
    content->comments = initial_comment (signatures, signature, site->cert_language);
  else if (deviation > 0)
    {
      g_autofree char *english = g_strdup_printf ("Released under deviation no. %" G_GINT64_FORMAT
                                                  ", which records the treating physician's request "
                                                  "and the risk assessment.", deviation);
      g_autofree char *german = g_strdup_printf ("Freigabe unter Abweichung Nr. %" G_GINT64_FORMAT
                                                 ", die die Anforderung des behandelnden Arztes "
                                                 "und die Risikobewertung dokumentiert.", deviation);
      content->comments = g_strcmp0 (site->cert_language, "de") == 0
        ? g_strdup_printf ("%s\n%s", german, english) : g_strdup (english);
    }

  content->qp_name = g_strdup (signature->full_name);
  content->qp_position = site_words (site->cert_language, "Qualified Person", "Sachkundige Person");
  content->meaning = g_strdup (signature->meaning);
  content->signed_at = g_strdup (signature->signed_at);
  st_signing_split_pem (signature->cert_pem, &signer_cert, &chain);
  content->cert_subject = st_pki_cert_subject (signer_cert);
  content->cert_serial = st_pki_cert_serial_hex (signer_cert);
  content->cert_fingerprint = st_pki_cert_fingerprint_sha256 (signer_cert);
  content->record_fingerprint = g_strdup (signature->record_fingerprint);
  content->chain_seq = g_strdup_printf ("%" G_GINT64_FORMAT, signature->chain_seq);
  content->chain_hash = g_strdup (signature->chain_hash);
  content->generator = g_strdup (GENERATOR);
  return g_steal_pointer (&content);
}

StCertificate *
st_certificate_issue (StSession                *session,
                      const StLotRecord        *lot,
                      const StLotCheck         *check,
                      const StSignatureRecord  *signature,
                      StSigningKey             *key,
                      const char               *kind,
                      gint64                    deviation,
                      GError                  **error)
{
  g_autoptr(StCertificateContent) content = NULL;
  g_autoptr(StCertificateRecord) record = g_new0 (StCertificateRecord, 1);
  g_autoptr(StCertificate) certificate = g_new0 (StCertificate, 1);
  g_autofree char *id_text = NULL;
  gsize size = 0;
  const guint8 *data;

  content = assemble (session, lot, check, signature, kind, deviation, error);
  if (content == NULL || (certificate->pdf = st_certificate_render_pdf (content, error)) == NULL)
    return NULL;
  certificate->cms = st_signing_key_sign (key, certificate->pdf, error);
  if (certificate->cms == NULL)
    return NULL;
  data = g_bytes_get_data (certificate->pdf, &size);
  certificate->pdf_sha256 = st_crypto_sha256_hex (data, size);
  certificate->lot_number = g_strdup (lot->lot_number);
  certificate->kind = g_strdup (kind);
  certificate->record_fingerprint = g_strdup (signature->record_fingerprint);
  certificate->signed_at = g_strdup (signature->signed_at);

  record->lot_id = lot->id;
  record->signature_id = signature->id;
  record->kind = g_strdup (kind);
  record->pdf = g_bytes_ref (certificate->pdf);
  record->cms = g_bytes_ref (certificate->cms);
  record->pdf_sha256 = g_strdup (certificate->pdf_sha256);
  record->record_fingerprint = g_strdup (signature->record_fingerprint);
  record->created_at = g_strdup (st_session_now (session));
  if (!st_store_certificates_insert (st_session_get_db (session), record, error))
    return NULL;
  certificate->id = record->id;

  id_text = g_strdup_printf ("%" G_GINT64_FORMAT, record->id);
  {
    StAuditChange change = {
      .action = "certificate issued", .table = "certificates", .record = id_text,
      .lot = lot->lot_number, .field = "pdf_sha256", .new_value = record->pdf_sha256,
      .reason = kind,
    };
    if (!st_session_audit (session, &change, error))
      return NULL;
  }
  return g_steal_pointer (&certificate);
}

static gboolean
fail_check (StCertificateReport  *report,
            const char           *check,
            GError              **error,
            GQuark                domain,
            int                   code,
            const char           *format,
            ...) G_GNUC_PRINTF (6, 7);

static gboolean
fail_check (StCertificateReport  *report,
            const char           *check,
            GError              **error,
            GQuark                domain,
            int                   code,
            const char           *format,
            ...)
{
  va_list args;

  g_free (report->failed_check);
  report->failed_check = g_strdup (check);
  va_start (args, format);
  g_propagate_error (error, g_error_new_valist (domain, code, format, args));
  va_end (args);
  return FALSE;
}

/* The checks against the database, in one read snapshot. */
static gboolean
verify_against_record (StSession            *session,
                       GBytes               *pdf,
                       const char           *signer_pem,
                       StCertificateReport  *report,
                       GError              **error)
{
  StDb *db = st_session_get_db (session);
  g_autofree char *pdf_sha256 = st_crypto_sha256_hex (g_bytes_get_data (pdf, NULL), g_bytes_get_size (pdf));
  g_autoptr(StCertificateRecord) certificate = NULL;
  g_autoptr(StSignatureRecord) signature = NULL;
  g_autoptr(StLotRecord) lot = NULL;
  g_autoptr(GPtrArray) later = NULL;
  g_autoptr(GError) local = NULL;
  g_autofree char *signed_cert = NULL;
  g_autofree char *chain = NULL;
  g_autofree char *signed_fp = NULL;
  g_autofree char *signer_fp = NULL;
  g_autofree char *now_as_of = NULL;
  g_autofree char *now_all = NULL;

  certificate = st_store_certificates_find_by_pdf (db, pdf_sha256, &local);
  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  if (certificate == NULL)
    return fail_check (report, "issued", error, ST_CERTIFICATE_ERROR, ST_CERTIFICATE_ERROR_UNKNOWN_PDF,
                       _("certificate: this PDF was not issued by this database (changed after signing, "
                         "or from another site)"));
  if ((signature = st_store_signatures_get (db, certificate->signature_id, error)) == NULL
      || (lot = st_store_lots_get (db, certificate->lot_id, error)) == NULL)
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, ST_DB_ERROR, ST_DB_ERROR_CORRUPT,
                     _("certificate: its signature or lot is missing — restore the database from a backup"));
      return FALSE;
    }
  report->lot = g_strdup (lot->lot_number);
  report->kind = g_strdup (certificate->kind);
  report->signer_name = g_strdup (signature->full_name);
  report->signed_at = g_strdup (signature->signed_at);
  report->record_fingerprint = g_strdup (certificate->record_fingerprint);
  report->flag = g_strdup (lot->flag);

  st_signing_split_pem (signature->cert_pem, &signed_cert, &chain);
  signed_fp = st_pki_cert_fingerprint_sha256 (signed_cert);
  signer_fp = st_pki_cert_fingerprint_sha256 (signer_pem);
  if (signed_fp == NULL || g_strcmp0 (signed_fp, signer_fp) != 0)
    return fail_check (report, "issued", error, ST_CERTIFICATE_ERROR, ST_CERTIFICATE_ERROR_SIGNER,
                       _("signature: made with another certificate than the one %s certified lot %s with"),
                       signature->full_name, lot->lot_number);
  report->issued = TRUE;

  now_as_of = st_fingerprint_lot (db, lot->id, signature->chain_seq, error);
  if (now_as_of == NULL)
    return FALSE;
  if (g_strcmp0 (now_as_of, certificate->record_fingerprint) != 0
      || g_strcmp0 (now_as_of, signature->record_fingerprint) != 0)
    return fail_check (report, "record", error, ST_CERTIFICATE_ERROR, ST_CERTIFICATE_ERROR_RECORD_CHANGED,
                       _("record fingerprint: the certified record of lot %s was changed after signing "
                         "(certified %s, now %s)"), lot->lot_number, certificate->record_fingerprint,
                       now_as_of);
  report->record_unchanged = TRUE;

  now_all = st_fingerprint_lot (db, lot->id, ST_FINGERPRINT_NOW, error);
  later = st_store_certificates_for_lot (db, lot->id, error);
  if (now_all == NULL || later == NULL)
    return FALSE;
  report->later_entries = !g_str_equal (now_all, now_as_of);
  for (guint i = 0; i < later->len; i++)
    if (((StCertificateRecord *) g_ptr_array_index (later, i))->id > certificate->id)
      report->superseded = TRUE;
  return TRUE;
}

gboolean
st_certificate_verify (StSession            *session,
                       GBytes               *pdf,
                       GBytes               *p7s,
                       const char           *ca_pem,
                       StCertificateReport  *report,
                       GError              **error)
{
  g_autofree char *site_ca = NULL;
  g_autofree char *signer_pem = NULL;
  g_autoptr(GError) local = NULL;
  gboolean ok;

  g_return_val_if_fail (pdf != NULL && p7s != NULL && report != NULL, FALSE);

  if (!st_session_require (session, ST_ROLE_NONE, _("cert verify"), error))
    return FALSE;
  if (ca_pem == NULL)
    {
      site_ca = st_site_ca_cert_pem (session, error);
      if (site_ca == NULL)
        return FALSE;
      ca_pem = site_ca;
    }
  if (!st_pki_cms_verify (pdf, p7s, ca_pem, &signer_pem, NULL, &local))
    {
      report->failed_check = g_strdup ("signature");
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  report->signature_valid = TRUE;
  report->signer_subject = st_pki_cert_subject (signer_pem);

  if (!st_session_begin_read (session, error))
    return FALSE;
  ok = verify_against_record (session, pdf, signer_pem, report, error);
  st_session_end_read (session);
  return ok;
}
