/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "st-donors.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>
#include <string.h>

#include "st-evaluate.h"
#include "st-isbt.h"
#include "st-value.h"

G_DEFINE_QUARK (st-donors-error-quark, st_donors_error)

#define EARLIEST_BIRTH_YEAR 1900
#define MAX_CODE_LENGTH 32

void
st_donor_free (StDonor *donor)
{
  if (donor == NULL)
    return;
  st_donor_record_free (donor->record);
  g_clear_pointer (&donor->tests, g_ptr_array_unref);
  g_free (donor->why);
  g_free (donor);
}

/* A donor identifier: an ISBT 128 DIN (scanned with its '=' and flags, or
 * typed) or a site's own code of letters, digits, '-', '_' and '.'. */
char *
st_donors_normalize_code (const char  *text,
                          GError     **error)
{
  gsize length = text ? strlen (text) : 0;

  if (length > 0 && text[0] == '=')
    return st_isbt_normalize_din ("donor", text, error);
  if (length == 0 || length > MAX_CODE_LENGTH || !g_ascii_isalnum (text[0]))
    goto bad;
  for (gsize i = 0; i < length; i++)
    if (!g_ascii_isalnum (text[i]) && text[i] != '-' && text[i] != '_' && text[i] != '.')
      goto bad;
  /* One donor, one identifier: "g1234…" typed by hand is the same donor as
   * the scanned "G1234…". */
  return g_ascii_strup (text, -1);

bad:
  g_set_error (error, ST_DONORS_ERROR, ST_DONORS_ERROR_INVALID,
               _("donor: '%s' must be 1 to %d letters, digits, '-', '_' or '.' (or a scanned ISBT 128 DIN)"),
               text ? text : "", MAX_CODE_LENGTH);
  return NULL;
}

static StDonorRecord *
find_donor (StSession   *session,
            const char  *code,
            GError     **error)
{
  g_autoptr(GError) local = NULL;
  g_autofree char *normal = st_donors_normalize_code (code, NULL);
  StDonorRecord *donor = st_store_donors_find (st_session_get_db (session), normal ? normal : "", &local);

  if (donor == NULL)
    {
      if (local != NULL)
        g_propagate_error (error, g_steal_pointer (&local));
      else
        g_set_error (error, ST_DONORS_ERROR, ST_DONORS_ERROR_NOT_FOUND,
                     _("donor: no donor '%s'"), code);
    }
  return donor;
}

static gboolean
audit_donor (StSession   *session,
             const char  *code,
             const char  *field,
             const char  *value,
             GError     **error)
{
  StAuditChange change = {
    .action = "create", .table = "donors", .record = code, .field = field, .new_value = value,
  };
  return value == NULL || st_session_audit (session, &change, error);
}

gboolean
st_donors_add (StSession           *session,
               const StDonorInput  *input,
               GError             **error)
{
  StDb *db = st_session_get_db (session);
  g_autoptr(StDonorRecord) record = g_new0 (StDonorRecord, 1);
  g_autoptr(StDonorRecord) existing = NULL;
  g_autoptr(GError) local = NULL;
  g_autofree char *year_text = NULL;
  GDate today, consent;
  gint64 year = 0;

  if (!st_session_require (session, ST_ROLE_OPERATOR, _("donor add"), error))
    return FALSE;
  record->code = st_donors_normalize_code (input->code, error);
  if (record->code == NULL)
    return FALSE;
  st_value_today (&today);
  if (input->birth_year == NULL)
    {
      g_set_error (error, ST_DONORS_ERROR, ST_DONORS_ERROR_INVALID, _("birth-year: a year of birth is required"));
      return FALSE;
    }
  if (!st_value_parse_int_range ("birth-year", input->birth_year, EARLIEST_BIRTH_YEAR,
                                 g_date_get_year (&today), &year, error))
    return FALSE;
  if (g_strcmp0 (input->sex, "female") != 0 && g_strcmp0 (input->sex, "male") != 0)
    {
      g_set_error (error, ST_DONORS_ERROR, ST_DONORS_ERROR_INVALID,
                   _("sex: '%s' is not one of female, male"), input->sex ? input->sex : "");
      return FALSE;
    }
  if (input->consent_date != NULL)
    {
      if (!st_value_parse_past_date ("consent-date", input->consent_date, &consent, error))
        return FALSE;
      if (g_date_get_year (&consent) < year)
        {
          g_set_error (error, ST_DONORS_ERROR, ST_DONORS_ERROR_INVALID,
                       _("consent-date: %s is before the year of birth %" PRId64),
                       input->consent_date, year);
          return FALSE;
        }
    }

  if (!st_session_begin (session, ST_ROLE_OPERATOR, _("donor add"), error))
    return FALSE;
  existing = st_store_donors_find (db, record->code, &local);
  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      goto fail;
    }
  if (existing != NULL)
    {
      g_set_error (error, ST_DONORS_ERROR, ST_DONORS_ERROR_EXISTS,
                   _("donor: '%s' already exists"), record->code);
      goto fail;
    }

  record->birth_year = year;
  record->sex = g_strdup (input->sex);
  record->consent_date = g_strdup (input->consent_date);
  record->htlv_required = input->htlv_required;
  record->eligibility = g_strdup ("incomplete");
  record->created_by = st_session_get_user (session)->id;
  record->created_at = g_strdup (st_session_now (session));
  year_text = g_strdup_printf ("%" G_GINT64_FORMAT, year);
  if (!st_store_donors_insert (db, record, error)
      || !audit_donor (session, record->code, "birth_year", year_text, error)
      || !audit_donor (session, record->code, "sex", record->sex, error)
      || !audit_donor (session, record->code, "consent_date", record->consent_date, error)
      || !audit_donor (session, record->code, "htlv_required", record->htlv_required ? "yes" : "no", error))
    goto fail;
  return st_session_commit (session, error);

fail:
  st_session_rollback (session);
  return FALSE;
}

static StEligibility
evaluate (const StDonorRecord  *donor,
          GPtrArray            *tests,
          char                **why)
{
  g_autofree StDonorTestView *views = g_new0 (StDonorTestView, MAX (tests->len, 1));

  for (guint i = 0; i < tests->len; i++)
    {
      const StDonorTestRecord *test = g_ptr_array_index (tests, i);
      views[i].marker = test->marker;
      views[i].result = test->result;
      views[i].sampled_on = test->sampled_on;
    }
  return st_eligibility_evaluate (donor->htlv_required, views, tests->len, why);
}

gboolean
st_donors_add_test (StSession   *session,
                    const char  *code,
                    const char  *marker,
                    const char  *result,
                    const char  *sampled_on,
                    GError     **error)
{
  StDb *db = st_session_get_db (session);
  g_autoptr(StDonorRecord) donor = NULL;
  g_autoptr(StDonorTestRecord) test = g_new0 (StDonorTestRecord, 1);
  g_autoptr(GPtrArray) tests = NULL;
  g_autofree char *value = NULL;
  g_autofree char *record_key = NULL;
  g_autofree char *today_text = NULL;
  StEligibility eligibility;
  GDate sampled, today;

  if (!st_session_require (session, ST_ROLE_OPERATOR, _("donor test"), error))
    return FALSE;
  if (!st_eligibility_marker_is_known (marker))
    {
      g_autofree char *known = g_strjoinv (", ", (char **) st_eligibility_markers ());
      g_set_error (error, ST_DONORS_ERROR, ST_DONORS_ERROR_INVALID,
                   _("marker: '%s' is not one of %s"), marker ? marker : "", known);
      return FALSE;
    }
  if (!st_eligibility_result_is_known (result))
    {
      g_set_error (error, ST_DONORS_ERROR, ST_DONORS_ERROR_INVALID,
                   _("result: '%s' is not one of negative, positive, indeterminate"), result ? result : "");
      return FALSE;
    }
  st_value_today (&today);
  if (sampled_on == NULL)
    {
      today_text = g_strdup_printf ("%04d-%02d-%02d", g_date_get_year (&today),
                                    g_date_get_month (&today), g_date_get_day (&today));
      sampled_on = today_text;
    }
  if (!st_value_parse_past_date ("sampled-on", sampled_on, &sampled, error))
    return FALSE;

  if (!st_session_begin (session, ST_ROLE_OPERATOR, _("donor test"), error))
    return FALSE;
  donor = find_donor (session, code, error);
  if (donor == NULL)
    goto fail;
  if (g_date_get_year (&sampled) < donor->birth_year)
    {
      g_set_error (error, ST_DONORS_ERROR, ST_DONORS_ERROR_INVALID,
                   _("sampled-on: %s is before the donor's year of birth"), sampled_on);
      goto fail;
    }

  test->donor_id = donor->id;
  test->marker = g_strdup (marker);
  test->result = g_strdup (result);
  test->sampled_on = g_strdup (sampled_on);
  test->entered_by = st_session_get_user (session)->id;
  test->entered_at = g_strdup (st_session_now (session));
  if (!st_store_donors_insert_test (db, test, error))
    goto fail;
  record_key = g_strdup_printf ("%" G_GINT64_FORMAT, test->id);
  value = g_strdup_printf ("%s (sampled %s)", result, sampled_on);
  {
    StAuditChange change = {
      .action = "create", .table = "donor_tests", .record = record_key, .field = marker,
      .new_value = value,
    };
    if (!st_session_audit (session, &change, error))
      goto fail;
  }

  /* Eligibility is kept with the donor, and every lot of the donor judged
   * again, in the same transaction as the result that changes them. */
  tests = st_store_donors_tests (db, donor->id, error);
  if (tests == NULL)
    goto fail;
  eligibility = evaluate (donor, tests, NULL);
  if (!st_store_donors_set_eligibility (db, donor->id, st_eligibility_to_string (eligibility), error)
      || !st_evaluate_refresh_donor_lots (db, donor->id, error))
    goto fail;
  return st_session_commit (session, error);

fail:
  st_session_rollback (session);
  return FALSE;
}

StDonor *
st_donors_get (StSession   *session,
               const char  *code,
               GError     **error)
{
  g_autoptr(StDonor) donor = g_new0 (StDonor, 1);

  if (!st_session_begin_read (session, error))
    return NULL;
  donor->record = find_donor (session, code, error);
  if (donor->record == NULL
      || (donor->tests = st_store_donors_tests (st_session_get_db (session), donor->record->id, error)) == NULL)
    {
      st_session_end_read (session);
      return NULL;
    }
  st_session_end_read (session);
  donor->eligibility = evaluate (donor->record, donor->tests, &donor->why);
  return g_steal_pointer (&donor);
}

GPtrArray *
st_donors_list (StSession  *session,
                GError    **error)
{
  GPtrArray *donors;

  if (!st_session_require (session, ST_ROLE_NONE, _("donor list"), error))
    return NULL;
  donors = st_store_donors_list (st_session_get_db (session), error);
  return donors;
}
