/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "st-store-certificates.h"

void
st_certificate_record_free (StCertificateRecord *record)
{
  if (record == NULL)
    return;
  g_free (record->kind);
  g_clear_pointer (&record->pdf, g_bytes_unref);
  g_clear_pointer (&record->cms, g_bytes_unref);
  g_free (record->pdf_sha256);
  g_free (record->record_fingerprint);
  g_free (record->created_at);
  g_free (record);
}

#define CERTIFICATE_COLUMNS \
  "id, lot_id, signature_id, kind, pdf, cms, pdf_sha256, record_fingerprint, created_at"

static GBytes *
column_bytes (StDbStmt *stmt,
              int       column)
{
  gsize len = 0;
  const guint8 *data = st_db_column_blob (stmt, column, &len);

  return g_bytes_new (data, len);
}

static StCertificateRecord *
read_certificate (StDbStmt *stmt)
{
  StCertificateRecord *record = g_new0 (StCertificateRecord, 1);

  record->id = st_db_column_int (stmt, 0);
  record->lot_id = st_db_column_int (stmt, 1);
  record->signature_id = st_db_column_int (stmt, 2);
  record->kind = g_strdup (st_db_column_text (stmt, 3));
  record->pdf = column_bytes (stmt, 4);
  record->cms = column_bytes (stmt, 5);
  record->pdf_sha256 = g_strdup (st_db_column_text (stmt, 6));
  record->record_fingerprint = g_strdup (st_db_column_text (stmt, 7));
  record->created_at = g_strdup (st_db_column_text (stmt, 8));
  return record;
}

gboolean
st_store_certificates_insert (StDb                 *db,
                              StCertificateRecord  *record,
                              GError              **error)
{
  StDbStmt *stmt = st_db_prepare (db,
    "INSERT INTO certificates (lot_id, signature_id, kind, pdf, cms, pdf_sha256, record_fingerprint, created_at)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id", error);
  gsize pdf_len = 0, cms_len = 0;
  const void *pdf = g_bytes_get_data (record->pdf, &pdf_len);
  const void *cms = g_bytes_get_data (record->cms, &cms_len);

  if (stmt == NULL)
    return FALSE;
  st_db_bind_int (stmt, 1, record->lot_id);
  st_db_bind_int (stmt, 2, record->signature_id);
  st_db_bind_text (stmt, 3, record->kind);
  st_db_bind_blob (stmt, 4, pdf, pdf_len);
  st_db_bind_blob (stmt, 5, cms, cms_len);
  st_db_bind_text (stmt, 6, record->pdf_sha256);
  st_db_bind_text (stmt, 7, record->record_fingerprint);
  st_db_bind_text (stmt, 8, record->created_at);
  if (st_db_step (stmt, error) != ST_DB_ROW)
    return FALSE;
  record->id = st_db_column_int (stmt, 0);
  st_db_reset (stmt);
  return TRUE;
}

StCertificateRecord *
st_store_certificates_find_by_pdf (StDb        *db,
                                   const char  *pdf_sha256,
                                   GError     **error)
{
  StDbStmt *stmt = st_db_prepare (db, "SELECT " CERTIFICATE_COLUMNS " FROM certificates"
                                      " WHERE pdf_sha256 = ? ORDER BY id DESC LIMIT 1", error);
  StCertificateRecord *record = NULL;

  if (stmt == NULL)
    return NULL;
  st_db_bind_text (stmt, 1, pdf_sha256);
  if (st_db_step (stmt, error) == ST_DB_ROW)
    record = read_certificate (stmt);
  st_db_reset (stmt);
  return record;
}

GPtrArray *
st_store_certificates_for_lot (StDb    *db,
                               gint64   lot_id,
                               GError **error)
{
  StDbStmt *stmt = st_db_prepare (db, "SELECT " CERTIFICATE_COLUMNS " FROM certificates"
                                      " WHERE lot_id = ? ORDER BY id", error);
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) st_certificate_record_free);
  StDbStep step;

  if (stmt == NULL)
    return NULL;
  st_db_bind_int (stmt, 1, lot_id);
  while ((step = st_db_step (stmt, error)) == ST_DB_ROW)
    g_ptr_array_add (list, read_certificate (stmt));
  if (step == ST_DB_FAILED)
    return NULL;
  return g_steal_pointer (&list);
}

/* "Not created after @as_of": no entry of the row's table and key is newer.
 * Nothing is newer than the newest entry, so a fingerprint as of now (every
 * signature is made so) asks the trail once, not once per row.  Binds
 * @as_of twice. */
#define NOT_NEWER(table, key) \
  " (? >= (SELECT MAX(seq) FROM audit_trail)" \
  " OR NOT EXISTS (SELECT 1 FROM audit_trail a WHERE a.tbl = '" table "'" \
  " AND a.record = CAST(" key " AS TEXT) AND a.seq > ?))"

GPtrArray *
st_store_certificates_results_as_of (StDb    *db,
                                     gint64   lot_id,
                                     gint64   as_of,
                                     GError **error)
{
  StDbStmt *stmt = st_db_prepare (db,
    "SELECT r.id, r.lot_id, r.param, r.value, r.method, r.entered_by, u.username, r.entered_at,"
    " r.supersedes, r.reason"
    " FROM results r JOIN users u ON u.id = r.entered_by"
    " WHERE r.lot_id = ? AND" NOT_NEWER ("results", "r.id") " ORDER BY r.id", error);
  g_autoptr(GPtrArray) results = g_ptr_array_new_with_free_func ((GDestroyNotify) st_result_record_free);
  StDbStep step;

  if (stmt == NULL)
    return NULL;
  st_db_bind_int (stmt, 1, lot_id);
  st_db_bind_int (stmt, 2, as_of);
  st_db_bind_int (stmt, 3, as_of);
  while ((step = st_db_step (stmt, error)) == ST_DB_ROW)
    {
      StResultRecord *result = g_new0 (StResultRecord, 1);
      result->id = st_db_column_int (stmt, 0);
      result->lot_id = st_db_column_int (stmt, 1);
      result->param = g_strdup (st_db_column_text (stmt, 2));
      result->value = g_strdup (st_db_column_text (stmt, 3));
      result->method = g_strdup (st_db_column_text (stmt, 4));
      result->entered_by = st_db_column_int (stmt, 5);
      result->entered_by_name = g_strdup (st_db_column_text (stmt, 6));
      result->entered_at = g_strdup (st_db_column_text (stmt, 7));
      result->supersedes = st_db_column_is_null (stmt, 8) ? 0 : st_db_column_int (stmt, 8);
      result->reason = g_strdup (st_db_column_text (stmt, 9));
      g_ptr_array_add (results, result);
    }
  if (step == ST_DB_FAILED)
    return NULL;
  return g_steal_pointer (&results);
}

GPtrArray *
st_store_certificates_passages_as_of (StDb    *db,
                                      gint64   lot_id,
                                      gint64   as_of,
                                      GError **error)
{
  StDbStmt *stmt = st_db_prepare (db,
    "SELECT p.id, p.lot_id, p.number, p.seeded, p.harvested, p.seeded_on, p.harvested_on,"
    " p.entered_by, u.username, p.entered_at"
    " FROM passages p JOIN users u ON u.id = p.entered_by"
    " WHERE p.lot_id = ? AND" NOT_NEWER ("passages", "p.id") " ORDER BY p.number, p.id", error);
  g_autoptr(GPtrArray) passages = g_ptr_array_new_with_free_func ((GDestroyNotify) st_passage_record_free);
  StDbStep step;

  if (stmt == NULL)
    return NULL;
  st_db_bind_int (stmt, 1, lot_id);
  st_db_bind_int (stmt, 2, as_of);
  st_db_bind_int (stmt, 3, as_of);
  while ((step = st_db_step (stmt, error)) == ST_DB_ROW)
    {
      StPassageRecord *passage = g_new0 (StPassageRecord, 1);
      passage->id = st_db_column_int (stmt, 0);
      passage->lot_id = st_db_column_int (stmt, 1);
      passage->number = st_db_column_int (stmt, 2);
      passage->seeded = st_db_column_int (stmt, 3);
      passage->harvested = st_db_column_int (stmt, 4);
      passage->seeded_on = g_strdup (st_db_column_text (stmt, 5));
      passage->harvested_on = g_strdup (st_db_column_text (stmt, 6));
      passage->entered_by = st_db_column_int (stmt, 7);
      passage->entered_by_name = g_strdup (st_db_column_text (stmt, 8));
      passage->entered_at = g_strdup (st_db_column_text (stmt, 9));
      g_ptr_array_add (passages, passage);
    }
  if (step == ST_DB_FAILED)
    return NULL;
  return g_steal_pointer (&passages);
}

GPtrArray *
st_store_certificates_deviations_as_of (StDb    *db,
                                        gint64   lot_id,
                                        gint64   as_of,
                                        GError **error)
{
  /* A deviation's class and text are set once, at creation; status and
   * assessment once more, when it is closed. */
  StDbStmt *stmt = st_db_prepare (db,
    "SELECT d.id, d.class, d.status, d.text, d.assessment,"
    " CASE WHEN EXISTS (SELECT 1 FROM audit_trail a WHERE a.tbl = 'deviations'"
    "   AND a.record = CAST(d.id AS TEXT) AND a.field = 'status' AND a.new_value = 'closed'"
    "   AND a.seq > ?) THEN 1 ELSE 0 END"
    " FROM deviations d"
    " WHERE d.lot_id = ? AND NOT EXISTS (SELECT 1 FROM audit_trail a WHERE a.tbl = 'deviations'"
    "   AND a.record = CAST(d.id AS TEXT) AND a.field = 'class' AND a.seq > ?)"
    " ORDER BY d.id", error);
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) st_deviation_record_free);
  StDbStep step;

  if (stmt == NULL)
    return NULL;
  st_db_bind_int (stmt, 1, as_of);
  st_db_bind_int (stmt, 2, lot_id);
  st_db_bind_int (stmt, 3, as_of);
  while ((step = st_db_step (stmt, error)) == ST_DB_ROW)
    {
      StDeviationRecord *record = g_new0 (StDeviationRecord, 1);
      gboolean closed_later = st_db_column_int (stmt, 5) != 0;

      record->number = st_db_column_int (stmt, 0);
      record->lot_id = lot_id;
      record->severity = g_strdup (st_db_column_text (stmt, 1));
      record->status = g_strdup (closed_later ? "open" : st_db_column_text (stmt, 2));
      record->text = g_strdup (st_db_column_text (stmt, 3));
      record->assessment = closed_later ? NULL : g_strdup (st_db_column_text (stmt, 4));
      g_ptr_array_add (list, record);
    }
  if (step == ST_DB_FAILED)
    return NULL;
  return g_steal_pointer (&list);
}

GPtrArray *
st_store_certificates_lot_donor_tests_as_of (StDb    *db,
                                             gint64   lot_id,
                                             gint64   as_of,
                                             GError **error)
{
  StDbStmt *stmt = st_db_prepare (db,
    "SELECT t.id, t.donor_id, t.marker, t.result, t.sampled_on"
    " FROM lot_donors ld JOIN donor_tests t ON t.donor_id = ld.donor_id"
    " WHERE ld.lot_id = ? AND" NOT_NEWER ("donor_tests", "t.id")
    " ORDER BY ld.position, t.sampled_on, t.id", error);
  g_autoptr(GPtrArray) tests = g_ptr_array_new_with_free_func ((GDestroyNotify) st_donor_test_record_free);
  StDbStep step;

  if (stmt == NULL)
    return NULL;
  st_db_bind_int (stmt, 1, lot_id);
  st_db_bind_int (stmt, 2, as_of);
  st_db_bind_int (stmt, 3, as_of);
  while ((step = st_db_step (stmt, error)) == ST_DB_ROW)
    {
      StDonorTestRecord *test = g_new0 (StDonorTestRecord, 1);
      test->id = st_db_column_int (stmt, 0);
      test->donor_id = st_db_column_int (stmt, 1);
      test->marker = g_strdup (st_db_column_text (stmt, 2));
      test->result = g_strdup (st_db_column_text (stmt, 3));
      test->sampled_on = g_strdup (st_db_column_text (stmt, 4));
      g_ptr_array_add (tests, test);
    }
  if (step == ST_DB_FAILED)
    return NULL;
  return g_steal_pointer (&tests);
}

gboolean
st_store_certificates_lot_unchanged_since (StDb      *db,
                                           gint64     seq,
                                           gboolean  *unchanged,
                                           GError   **error)
{
  StDbStmt *stmt = st_db_prepare (db,
    "SELECT EXISTS (SELECT 1 FROM audit_trail WHERE seq > ?"
    " AND NOT (tbl IN ('signatures', 'certificates') OR (tbl = 'lots' AND field IN ('status', 'flag'))))",
    error);
  StDbStep step;

  if (stmt == NULL)
    return FALSE;
  st_db_bind_int (stmt, 1, seq);
  step = st_db_step (stmt, error);
  if (step == ST_DB_ROW)
    *unchanged = st_db_column_int (stmt, 0) == 0;
  st_db_reset (stmt);
  return step == ST_DB_ROW;
}

gboolean
st_store_certificates_newest (StDb     *db,
                              gint64   *audit_seq,
                              gint64   *donor_test_id,
                              GError  **error)
{
  StDbStmt *stmt = st_db_prepare (db,
    "SELECT (SELECT MAX(seq) FROM audit_trail), (SELECT MAX(id) FROM donor_tests)", error);
  StDbStep step;

  if (stmt == NULL)
    return FALSE;
  step = st_db_step (stmt, error);
  if (step == ST_DB_ROW)
    {
      *audit_seq = st_db_column_is_null (stmt, 0) ? 0 : st_db_column_int (stmt, 0);
      *donor_test_id = st_db_column_is_null (stmt, 1) ? 0 : st_db_column_int (stmt, 1);
    }
  st_db_reset (stmt);
  return step == ST_DB_ROW;
}
