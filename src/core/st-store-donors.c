/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "st-store-donors.h"

void
st_donor_record_free (StDonorRecord *record)
{
  if (record == NULL)
    return;
  g_free (record->code);
  g_free (record->sex);
  g_free (record->consent_date);
  g_free (record->eligibility);
  g_free (record->created_by_name);
  g_free (record->created_at);
  g_free (record);
}

void
st_donor_test_record_free (StDonorTestRecord *record)
{
  if (record == NULL)
    return;
  g_free (record->marker);
  g_free (record->result);
  g_free (record->sampled_on);
  g_free (record->entered_by_name);
  g_free (record->entered_at);
  g_free (record);
}

#define DONOR_COLUMNS \
  "d.id, d.code, d.birth_year, d.sex, d.consent_date, d.htlv_required, d.eligibility," \
  " d.created_by, u.username, d.created_at"
#define DONOR_FROM " FROM donors d JOIN users u ON u.id = d.created_by"

static StDonorRecord *
read_donor (StDbStmt *stmt)
{
  StDonorRecord *record = g_new0 (StDonorRecord, 1);

  record->id = st_db_column_int (stmt, 0);
  record->code = g_strdup (st_db_column_text (stmt, 1));
  record->birth_year = st_db_column_int (stmt, 2);
  record->sex = g_strdup (st_db_column_text (stmt, 3));
  record->consent_date = g_strdup (st_db_column_text (stmt, 4));
  record->htlv_required = st_db_column_int (stmt, 5) != 0;
  record->eligibility = g_strdup (st_db_column_text (stmt, 6));
  record->created_by = st_db_column_int (stmt, 7);
  record->created_by_name = g_strdup (st_db_column_text (stmt, 8));
  record->created_at = g_strdup (st_db_column_text (stmt, 9));
  return record;
}

StDonorRecord *
st_store_donors_find (StDb        *db,
                      const char  *code,
                      GError     **error)
{
  StDbStmt *stmt = st_db_prepare (db, "SELECT " DONOR_COLUMNS DONOR_FROM " WHERE d.code = ?", error);
  StDonorRecord *record = NULL;

  if (stmt == NULL)
    return NULL;
  st_db_bind_text (stmt, 1, code);
  if (st_db_step (stmt, error) == ST_DB_ROW)
    record = read_donor (stmt);
  st_db_reset (stmt);
  return record;
}

GPtrArray *
st_store_donors_list (StDb    *db,
                      GError **error)
{
  StDbStmt *stmt = st_db_prepare (db, "SELECT " DONOR_COLUMNS DONOR_FROM " ORDER BY d.code", error);
  g_autoptr(GPtrArray) donors = g_ptr_array_new_with_free_func ((GDestroyNotify) st_donor_record_free);
  StDbStep step;

  if (stmt == NULL)
    return NULL;
  while ((step = st_db_step (stmt, error)) == ST_DB_ROW)
    g_ptr_array_add (donors, read_donor (stmt));
  if (step == ST_DB_FAILED)
    return NULL;
  return g_steal_pointer (&donors);
}

gboolean
st_store_donors_insert (StDb           *db,
                        StDonorRecord  *record,
                        GError        **error)
{
  StDbStmt *stmt = st_db_prepare (db,
    "INSERT INTO donors (code, birth_year, sex, consent_date, htlv_required, eligibility,"
    " created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id", error);

  if (stmt == NULL)
    return FALSE;
  st_db_bind_text (stmt, 1, record->code);
  st_db_bind_int (stmt, 2, record->birth_year);
  st_db_bind_text (stmt, 3, record->sex);
  st_db_bind_text (stmt, 4, record->consent_date);
  st_db_bind_int (stmt, 5, record->htlv_required ? 1 : 0);
  st_db_bind_text (stmt, 6, record->eligibility ? record->eligibility : "incomplete");
  st_db_bind_int (stmt, 7, record->created_by);
  st_db_bind_text (stmt, 8, record->created_at);
  if (st_db_step (stmt, error) != ST_DB_ROW)
    return FALSE;
  record->id = st_db_column_int (stmt, 0);
  st_db_reset (stmt);
  return TRUE;
}

gboolean
st_store_donors_set_eligibility (StDb        *db,
                                 gint64       donor_id,
                                 const char  *eligibility,
                                 GError     **error)
{
  StDbStmt *stmt = st_db_prepare (db, "UPDATE donors SET eligibility = ? WHERE id = ?", error);

  if (stmt == NULL)
    return FALSE;
  st_db_bind_text (stmt, 1, eligibility);
  st_db_bind_int (stmt, 2, donor_id);
  return st_db_run (stmt, error);
}

GPtrArray *
st_store_donors_tests (StDb    *db,
                       gint64   donor_id,
                       GError **error)
{
  StDbStmt *stmt = st_db_prepare (db,
    "SELECT t.id, t.donor_id, t.marker, t.result, t.sampled_on, t.entered_by, u.username, t.entered_at"
    " FROM donor_tests t JOIN users u ON u.id = t.entered_by"
    " WHERE t.donor_id = ? ORDER BY t.sampled_on, t.id", error);
  g_autoptr(GPtrArray) tests = g_ptr_array_new_with_free_func ((GDestroyNotify) st_donor_test_record_free);
  StDbStep step;

  if (stmt == NULL)
    return NULL;
  st_db_bind_int (stmt, 1, donor_id);
  while ((step = st_db_step (stmt, error)) == ST_DB_ROW)
    {
      StDonorTestRecord *test = g_new0 (StDonorTestRecord, 1);
      test->id = st_db_column_int (stmt, 0);
      test->donor_id = st_db_column_int (stmt, 1);
      test->marker = g_strdup (st_db_column_text (stmt, 2));
      test->result = g_strdup (st_db_column_text (stmt, 3));
      test->sampled_on = g_strdup (st_db_column_text (stmt, 4));
      test->entered_by = st_db_column_int (stmt, 5);
      test->entered_by_name = g_strdup (st_db_column_text (stmt, 6));
      test->entered_at = g_strdup (st_db_column_text (stmt, 7));
      g_ptr_array_add (tests, test);
    }
  if (step == ST_DB_FAILED)
    return NULL;
  return g_steal_pointer (&tests);
}

gboolean
st_store_donors_insert_test (StDb               *db,
                             StDonorTestRecord  *record,
                             GError            **error)
{
  StDbStmt *stmt = st_db_prepare (db,
    "INSERT INTO donor_tests (donor_id, marker, result, sampled_on, entered_by, entered_at)"
    " VALUES (?, ?, ?, ?, ?, ?) RETURNING id", error);

  if (stmt == NULL)
    return FALSE;
  st_db_bind_int (stmt, 1, record->donor_id);
  st_db_bind_text (stmt, 2, record->marker);
  st_db_bind_text (stmt, 3, record->result);
  st_db_bind_text (stmt, 4, record->sampled_on);
  st_db_bind_int (stmt, 5, record->entered_by);
  st_db_bind_text (stmt, 6, record->entered_at);
  if (st_db_step (stmt, error) != ST_DB_ROW)
    return FALSE;
  record->id = st_db_column_int (stmt, 0);
  st_db_reset (stmt);
  return TRUE;
}

GArray *
st_store_donors_lot_ids (StDb    *db,
                         gint64   donor_id,
                         GError **error)
{
  StDbStmt *stmt = st_db_prepare (db, "SELECT lot_id FROM lot_donors WHERE donor_id = ? ORDER BY lot_id", error);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  StDbStep step;

  if (stmt == NULL)
    return NULL;
  st_db_bind_int (stmt, 1, donor_id);
  while ((step = st_db_step (stmt, error)) == ST_DB_ROW)
    {
      gint64 id = st_db_column_int (stmt, 0);
      g_array_append_val (ids, id);
    }
  if (step == ST_DB_FAILED)
    return NULL;
  return g_steal_pointer (&ids);
}
