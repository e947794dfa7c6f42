/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "st-lots.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>
#include <string.h>

#include "st-deviations.h"
#include "st-value.h"

/*
 * Data entry into a lot: passages and results.  The lot's state decides what
 * may be entered (a released lot is locked; after an initial certification
 * only the pending results may come in), and a change after review voids the
 * review: all of it checked here, in the core, in the same transaction.
 */

#define MAX_METHOD 200
#define MAX_REASON 2000
#define MAX_PASSAGE 99

static gboolean
is_blank (const char *text)
{
  for (; text != NULL && *text != '\0'; text++)
    if (!g_ascii_isspace (*text))
      return FALSE;
  return TRUE;
}

static StLotRecord *
find_lot (StSession   *session,
          const char  *lot_number,
          GError     **error)
{
  g_autoptr(GError) local = NULL;
  StLotRecord *lot = st_store_lots_find (st_session_get_db (session), lot_number ? lot_number : "", &local);

  if (lot == NULL)
    {
      if (local != NULL)
        g_propagate_error (error, g_steal_pointer (&local));
      else
        g_set_error (error, ST_LOTS_ERROR, ST_LOTS_ERROR_NOT_FOUND, _("lot: no lot '%s'"),
                     lot_number ? lot_number : "");
    }
  return lot;
}

/* May data (of @item, or a passage when NULL) enter @lot in its state? */
static gboolean
check_lot_accepts (const StLotRecord  *lot,
                   const StSpecItem   *item,
                   GError            **error)
{
  const char *status = lot->status;

  if (g_str_equal (status, "open") || g_str_equal (status, "in_review") || g_str_equal (status, "reviewed"))
    return TRUE;
  if (g_str_equal (status, "released_initial"))
    {
      if (item != NULL && item->may_be_pending)
        return TRUE;
      g_set_error (error, ST_LOTS_ERROR, ST_LOTS_ERROR_LOCKED,
                   _("lot: %s has an initial certification; only its pending results may still be entered"),
                   lot->lot_number);
      return FALSE;
    }
  if (g_str_equal (status, "rejected"))
    g_set_error (error, ST_LOTS_ERROR, ST_LOTS_ERROR_LOCKED,
                 _("lot: %s is rejected; its data are locked"), lot->lot_number);
  else
    g_set_error (error, ST_LOTS_ERROR, ST_LOTS_ERROR_LOCKED,
                 _("lot: %s is released; its data are locked"), lot->lot_number);
  return FALSE;
}

/* A change after review voids the review: the lot goes back to in_review. */
static gboolean
void_review (StSession    *session,
             StLotRecord  *lot,
             GError      **error)
{
  StAuditChange change = {
    .action = "review voided", .table = "lots", .record = lot->lot_number, .lot = lot->lot_number,
    .field = "status", .old_value = "reviewed", .new_value = "in_review",
    .reason = "data changed after review",
  };

  if (!g_str_equal (lot->status, "reviewed"))
    return TRUE;
  if (!st_store_lots_set_status (st_session_get_db (session), lot->id, "in_review", NULL, error)
      || !st_session_audit (session, &change, error))
    return FALSE;
  g_free (lot->status);
  lot->status = g_strdup ("in_review");
  return TRUE;
}

gboolean
st_lots_add_passage (StSession             *session,
                     const char            *lot_number,
                     const StPassageInput  *input,
                     GError               **error)
{
  StDb *db = st_session_get_db (session);
  g_autoptr(StLotRecord) lot = NULL;
  g_autoptr(StPassageRecord) passage = g_new0 (StPassageRecord, 1);
  g_autofree char *key = NULL;
  g_autofree char *field = NULL;
  g_autofree char *value = NULL;
  GDate seeded_on, harvested_on;
  gboolean exists = FALSE;

  if (!st_session_require (session, ST_ROLE_OPERATOR, _("passage add"), error))
    return FALSE;
  if (!st_value_parse_int_range ("passage", input->number, 1, MAX_PASSAGE, &passage->number, error)
      || !st_value_parse_count ("seeded", input->seeded, &passage->seeded, error)
      || !st_value_parse_count ("harvested", input->harvested, &passage->harvested, error)
      || !st_value_parse_past_date ("seeded-on", input->seeded_on, &seeded_on, error)
      || !st_value_parse_past_date ("harvested-on", input->harvested_on, &harvested_on, error))
    return FALSE;
  if (g_date_compare (&harvested_on, &seeded_on) < 0)
    {
      g_set_error (error, ST_LOTS_ERROR, ST_LOTS_ERROR_INVALID,
                   _("harvested-on: %s is before seeded-on %s"), input->harvested_on, input->seeded_on);
      return FALSE;
    }

  if (!st_session_begin (session, ST_ROLE_OPERATOR, _("passage add"), error))
    return FALSE;
  lot = find_lot (session, lot_number, error);
  if (lot == NULL || !check_lot_accepts (lot, NULL, error))
    goto fail;
  if (!st_store_lots_passage_exists (db, lot->id, passage->number, &exists, error))
    goto fail;
  if (exists)
    {
      g_set_error (error, ST_LOTS_ERROR, ST_LOTS_ERROR_EXISTS,
                   _("passage: %s already has passage %" PRId64), lot->lot_number, passage->number);
      goto fail;
    }

  passage->lot_id = lot->id;
  passage->seeded_on = g_strdup (input->seeded_on);
  passage->harvested_on = g_strdup (input->harvested_on);
  passage->entered_by = st_session_get_user (session)->id;
  passage->entered_at = g_strdup (st_session_now (session));
  if (!st_store_lots_insert_passage (db, passage, error))
    goto fail;

  /* The same text as the replay query of st-store-audit.c builds. */
  key = g_strdup_printf ("%" G_GINT64_FORMAT, passage->id);
  field = g_strdup_printf ("passage %" G_GINT64_FORMAT, passage->number);
  value = g_strdup_printf ("seeded %" G_GINT64_FORMAT " on %s, harvested %" G_GINT64_FORMAT " on %s",
                           passage->seeded, passage->seeded_on, passage->harvested, passage->harvested_on);
  {
    StAuditChange change = {
      .action = "create", .table = "passages", .record = key, .lot = lot->lot_number,
      .field = field, .new_value = value,
    };
    if (!st_session_audit (session, &change, error)
        || !void_review (session, lot, error)
        || !st_evaluate_refresh (db, lot->id, NULL, error))
      goto fail;
  }
  return st_session_commit (session, error);

fail:
  st_session_rollback (session);
  return FALSE;
}

static gboolean
check_entry (const StSpecItem     *item,
             const StResultInput  *entry,
             GError              **error)
{
  if (entry->method != NULL
      && (strlen (entry->method) > MAX_METHOD || !g_utf8_validate (entry->method, -1, NULL)))
    {
      g_set_error (error, ST_LOTS_ERROR, ST_LOTS_ERROR_INVALID,
                   _("method: at most %d characters of text"), MAX_METHOD);
      return FALSE;
    }
  if (entry->reason != NULL
      && (strlen (entry->reason) > MAX_REASON || !g_utf8_validate (entry->reason, -1, NULL)))
    {
      g_set_error (error, ST_LOTS_ERROR, ST_LOTS_ERROR_INVALID,
                   _("reason: at most %d characters of text"), MAX_REASON);
      return FALSE;
    }
  return st_spec_item_check_value (item, entry->value, error);
}

static const StSpecItem *
find_item (const StSpec  *spec,
           const char    *param,
           GError       **error)
{
  const StSpecItem *item = st_spec_find_item (spec, param ? param : "");

  if (item == NULL)
    {
      g_set_error (error, ST_LOTS_ERROR, ST_LOTS_ERROR_NOT_FOUND,
                   _("%s: not a parameter of specification %s"), param ? param : "", spec->code);
      return NULL;
    }
  if (item->derived)
    {
      g_set_error (error, ST_LOTS_ERROR, ST_LOTS_ERROR_INVALID,
                   _("%s: derived from the passage records; record the passages instead"), param);
      return NULL;
    }
  return item;
}

/* After an initial certification, a pending result that fails flags the lot
 * at once and opens a critical deviation for the follow-up. */
static gboolean
flag_failed_pending (StSession         *session,
                     StLotRecord       *lot,
                     const StSpecItem  *item,
                     const char        *value,
                     GError           **error)
{
  g_autofree char *flag = NULL;
  g_autofree char *text = NULL;

  if (!g_str_equal (lot->status, "released_initial") || st_spec_item_judge (item, value) != ST_VERDICT_OOS)
    return TRUE;
  flag = g_strdup_printf ("%s failed after initial certification: %s", item->test, value);
  text = g_strdup_printf (_("%s result '%s' arrived after the initial certification and is out of "
                            "specification. Inform the treating physician and assess the patient risk."),
                          item->test, value);
  {
    StAuditChange change = {
      .action = "flagged", .table = "lots", .record = lot->lot_number, .lot = lot->lot_number,
      .field = "flag", .old_value = lot->flag, .new_value = flag,
      .reason = "pending result out of specification after initial certification",
    };
    if (!st_store_lots_set_flag (st_session_get_db (session), lot->id, flag, error)
        || !st_session_audit (session, &change, error)
        || !st_deviations_append (session, lot, "critical", text, NULL, error))
      return FALSE;
  }
  g_free (lot->flag);
  lot->flag = g_steal_pointer (&flag);
  return TRUE;
}

typedef enum {
  SAVE_ANY,
  SAVE_NEW_ONLY,
  SAVE_CORRECTION_ONLY,
} SaveMode;

static gboolean
save_results (StSession            *session,
              const char           *lot_number,
              const StResultInput  *entries,
              guint                 n_entries,
              SaveMode              mode,
              GError              **error)
{
  StDb *db = st_session_get_db (session);
  const char *what = mode == SAVE_CORRECTION_ONLY ? _("result correct") : _("result record");
  g_autoptr(StLotRecord) lot = NULL;
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GHashTable) current_of = g_hash_table_new (g_str_hash, g_str_equal);
  const StSpec *spec;
  gboolean changed = FALSE;

  if (!st_session_require (session, ST_ROLE_OPERATOR, what, error))
    return FALSE;
  if (n_entries == 0)
    return TRUE;
  if (!st_session_begin (session, ST_ROLE_OPERATOR, what, error))
    return FALSE;
  lot = find_lot (session, lot_number, error);
  if (lot == NULL || (spec = st_evaluate_spec (db, lot->spec_id, error)) == NULL
      || (results = st_store_lots_results (db, lot->id, error)) == NULL)
    goto fail;
  /* The current result of each parameter, read once for all entries: the
   * newest that nothing supersedes (the rows come by parameter, then id). */
  for (guint i = 0; i < results->len; i++)
    {
      StResultRecord *result = g_ptr_array_index (results, i);
      if (!result->superseded)
        g_hash_table_insert (current_of, result->param, result);
    }

  for (guint i = 0; i < n_entries; i++)
    {
      const StResultInput *entry = &entries[i];
      const StSpecItem *item = find_item (spec, entry->param, error);
      const StResultRecord *current = NULL;
      g_autoptr(StResultRecord) result = NULL;
      g_autofree char *key = NULL;

      if (item == NULL || !check_entry (item, entry, error) || !check_lot_accepts (lot, item, error))
        goto fail;
      current = g_hash_table_lookup (current_of, item->param);
      if (current == NULL && mode == SAVE_CORRECTION_ONLY)
        {
          g_set_error (error, ST_LOTS_ERROR, ST_LOTS_ERROR_NOT_FOUND,
                       _("%s: no result to correct in lot %s; record it first"), item->param, lot->lot_number);
          goto fail;
        }
      if (current != NULL && mode == SAVE_NEW_ONLY)
        {
          g_set_error (error, ST_LOTS_ERROR, ST_LOTS_ERROR_EXISTS,
                       _("%s: already recorded in lot %s (%s); use result correct with a reason"),
                       item->param, lot->lot_number, current->value);
          goto fail;
        }
      if (current != NULL && g_str_equal (current->value, entry->value)
          && (entry->method == NULL || g_strcmp0 (current->method, entry->method) == 0))
        {
          if (mode == SAVE_CORRECTION_ONLY)
            {
              g_set_error (error, ST_LOTS_ERROR, ST_LOTS_ERROR_INVALID,
                           _("%s: the value is %s already; nothing to correct"), item->param, current->value);
              goto fail;
            }
          continue;
        }
      if (current != NULL && is_blank (entry->reason))
        {
          g_set_error (error, ST_LOTS_ERROR, ST_LOTS_ERROR_INVALID,
                       _("reason: changing %s from %s needs a reason"), item->param, current->value);
          goto fail;
        }

      result = g_new0 (StResultRecord, 1);
      result->lot_id = lot->id;
      result->param = g_strdup (item->param);
      result->value = g_strdup (entry->value);
      /* An empty method means "the specification's", like no method at all. */
      result->method = g_strdup (entry->method && *entry->method ? entry->method
                                 : current ? current->method : NULL);
      result->entered_by = st_session_get_user (session)->id;
      result->entered_at = g_strdup (st_session_now (session));
      result->supersedes = current ? current->id : 0;
      result->reason = current ? g_strdup (entry->reason) : NULL;
      if (!st_store_lots_insert_result (db, result, error))
        goto fail;
      key = g_strdup_printf ("%" G_GINT64_FORMAT, result->id);
      {
        StAuditChange change = {
          .action = current ? "correct" : "create", .table = "results", .record = key,
          .lot = lot->lot_number, .field = item->param,
          .old_value = current ? current->value : NULL, .new_value = result->value,
          .reason = result->reason,
        };
        if (!st_session_audit (session, &change, error)
            || !flag_failed_pending (session, lot, item, result->value, error))
          goto fail;
      }
      /* A later entry of the same parameter corrects this one. */
      g_hash_table_insert (current_of, result->param, result);
      g_ptr_array_add (results, g_steal_pointer (&result));
      changed = TRUE;
    }

  if (!changed)
    {
      st_session_rollback (session);
      return TRUE;
    }
  if (!void_review (session, lot, error) || !st_evaluate_refresh (db, lot->id, NULL, error))
    goto fail;
  return st_session_commit (session, error);

fail:
  st_session_rollback (session);
  return FALSE;
}

gboolean
st_lots_save_results (StSession            *session,
                      const char           *lot_number,
                      const StResultInput  *entries,
                      guint                 n_entries,
                      GError              **error)
{
  return save_results (session, lot_number, entries, n_entries, SAVE_ANY, error);
}

gboolean
st_lots_record_result (StSession   *session,
                       const char  *lot_number,
                       const char  *param,
                       const char  *value,
                       const char  *method,
                       GError     **error)
{
  StResultInput entry = { .param = param, .value = value, .method = method };
  return save_results (session, lot_number, &entry, 1, SAVE_NEW_ONLY, error);
}

gboolean
st_lots_correct_result (StSession   *session,
                        const char  *lot_number,
                        const char  *param,
                        const char  *value,
                        const char  *reason,
                        GError     **error)
{
  StResultInput entry = { .param = param, .value = value, .reason = reason };

  if (reason == NULL || *reason == '\0')
    {
      g_set_error (error, ST_LOTS_ERROR, ST_LOTS_ERROR_INVALID, _("reason: a correction needs a reason"));
      return FALSE;
    }
  return save_results (session, lot_number, &entry, 1, SAVE_CORRECTION_ONLY, error);
}
