/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "st-workflow.h"
#include "st-workflow-private.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>
#include <string.h>

#include "st-lots.h"
#include "st-signing.h"
#include "st-store-deviations.h"

G_DEFINE_QUARK (st-workflow-error-quark, st_workflow_error)

#define MAX_REASON 2000

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
        g_set_error (error, ST_WORKFLOW_ERROR, ST_WORKFLOW_ERROR_NOT_FOUND, _("lot: no lot '%s'"),
                     lot_number ? lot_number : "");
    }
  return lot;
}

static gboolean
set_status (StSession    *session,
            StLotRecord  *lot,
            const char   *status,
            const char   *action,
            const char   *reason,
            gboolean      released,
            GError      **error)
{
  StAuditChange change = {
    .action = action, .table = "lots", .record = lot->lot_number, .lot = lot->lot_number,
    .field = "status", .old_value = lot->status, .new_value = status, .reason = reason,
  };

  if (!st_store_lots_set_status (st_session_get_db (session), lot->id, status,
                                 released ? st_session_now (session) : NULL, error)
      || !st_session_audit (session, &change, error))
    return FALSE;
  g_free (lot->status);
  lot->status = g_strdup (status);
  return TRUE;
}

static gboolean
refuse_state (const StLotRecord  *lot,
              const char         *needs,
              GError            **error)
{
  g_set_error (error, ST_WORKFLOW_ERROR, ST_WORKFLOW_ERROR_STATE, _("lot: %s is %s; %s"),
               lot->lot_number, lot->status, needs);
  return FALSE;
}

/* Four eyes: whoever created the lot or entered any of its data checks none of it. */
static gboolean
check_entered_nothing (StSession          *session,
                       const StLotRecord  *lot,
                       const char         *action,
                       GError            **error)
{
  const StUserRecord *user = st_session_get_user (session);
  gboolean entered = FALSE;

  if (!st_store_lots_user_entered_data (st_session_get_db (session), lot->id, user->id, &entered, error))
    return FALSE;
  if (entered)
    {
      g_set_error (error, ST_WORKFLOW_ERROR, ST_WORKFLOW_ERROR_SEGREGATION,
                   _("%s: %s created lot %s or entered some of its data; another person must do it"),
                   action, user->username, lot->lot_number);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_not_reviewer (StSession          *session,
                    const StLotRecord  *lot,
                    GError            **error)
{
  const StUserRecord *user = st_session_get_user (session);
  g_autoptr(GPtrArray) signatures = st_store_signatures_for_lot (st_session_get_db (session), lot->id, error);

  if (signatures == NULL)
    return FALSE;
  for (guint i = 0; i < signatures->len; i++)
    {
      const StSignatureRecord *signature = g_ptr_array_index (signatures, i);
      if (signature->user_id == user->id && g_str_equal (signature->meaning, "reviewed"))
        {
          g_set_error (error, ST_WORKFLOW_ERROR, ST_WORKFLOW_ERROR_SEGREGATION,
                       _("release: %s reviewed lot %s; the QP who certifies must be another person"),
                       user->username, lot->lot_number);
          return FALSE;
        }
    }
  return TRUE;
}

gboolean
st_workflow_submit (StSession   *session,
                    const char  *lot_number,
                    GError     **error)
{
  g_autoptr(StLotRecord) lot = NULL;

  if (!st_session_begin (session, ST_ROLE_OPERATOR, _("lot submit"), error))
    return FALSE;
  lot = find_lot (session, lot_number, error);
  if (lot == NULL)
    goto fail;
  if (!g_str_equal (lot->status, "open"))
    {
      refuse_state (lot, _("only an open lot can be submitted for review"), error);
      goto fail;
    }
  if (!set_status (session, lot, "in_review", "submit", NULL, FALSE, error))
    goto fail;
  return st_session_commit (session, error);

fail:
  st_session_rollback (session);
  return FALSE;
}

gboolean
st_workflow_review (StSession   *session,
                    const char  *lot_number,
                    const char  *password,
                    GError     **error)
{
  g_autoptr(StSigningKey) key = NULL;

  if (!st_session_require (session, ST_ROLE_REVIEWER, _("lot review"), error)
      || (key = st_signing_unlock (session, password, error)) == NULL)
    return FALSE;
  return st_workflow_review_with_key (session, lot_number, key, error);
}

gboolean
st_workflow_review_with_key (StSession     *session,
                             const char    *lot_number,
                             StSigningKey  *key,
                             GError       **error)
{
  g_autoptr(StLotRecord) lot = NULL;
  g_autoptr(StSignatureRecord) signature = NULL;

  if (!st_session_begin (session, ST_ROLE_REVIEWER, _("lot review"), error))
    return FALSE;
  lot = find_lot (session, lot_number, error);
  if (lot == NULL)
    goto fail;
  if (!g_str_equal (lot->status, "in_review"))
    {
      refuse_state (lot, g_str_equal (lot->status, "open")
                         ? _("review needs a lot in_review (submit it first)")
                         : _("review needs a lot in_review"), error);
      goto fail;
    }
  if (!check_entered_nothing (session, lot, _("review"), error))
    goto fail;
  signature = st_signing_sign_lot (session, key, lot, "reviewed", ST_ROLE_REVIEWER, NULL, error);
  if (signature == NULL || !set_status (session, lot, "reviewed", "review", NULL, FALSE, error))
    goto fail;
  return st_session_commit (session, error);

fail:
  st_session_rollback (session);
  return FALSE;
}

gboolean
st_workflow_reject (StSession   *session,
                    const char  *lot_number,
                    const char  *reason,
                    const char  *password,
                    GError     **error)
{
  const StRole roles = ST_ROLE_REVIEWER | ST_ROLE_QP;
  g_autoptr(StSigningKey) key = NULL;

  if (is_blank (reason) || strlen (reason) > MAX_REASON || !g_utf8_validate (reason, -1, NULL))
    {
      g_set_error (error, ST_WORKFLOW_ERROR, ST_WORKFLOW_ERROR_INVALID,
                   _("reason: a rejection needs a reason of 1 to %d characters"), MAX_REASON);
      return FALSE;
    }
  if (!st_session_require (session, roles, _("lot reject"), error)
      || (key = st_signing_unlock (session, password, error)) == NULL)
    return FALSE;
  return st_workflow_reject_with_key (session, lot_number, reason, key, error);
}

gboolean
st_workflow_reject_with_key (StSession     *session,
                             const char    *lot_number,
                             const char    *reason,
                             StSigningKey  *key,
                             GError       **error)
{
  const StRole roles = ST_ROLE_REVIEWER | ST_ROLE_QP;
  g_autoptr(StLotRecord) lot = NULL;
  g_autoptr(StSignatureRecord) signature = NULL;
  StRole role;

  if (is_blank (reason) || strlen (reason) > MAX_REASON || !g_utf8_validate (reason, -1, NULL))
    {
      g_set_error (error, ST_WORKFLOW_ERROR, ST_WORKFLOW_ERROR_INVALID,
                   _("reason: a rejection needs a reason of 1 to %d characters"), MAX_REASON);
      return FALSE;
    }
  if (!st_session_begin (session, roles, _("lot reject"), error))
    return FALSE;
  lot = find_lot (session, lot_number, error);
  if (lot == NULL)
    goto fail;
  if (!g_str_equal (lot->status, "open") && !g_str_equal (lot->status, "in_review")
      && !g_str_equal (lot->status, "reviewed"))
    {
      refuse_state (lot, _("only a lot that is not yet released can be rejected"), error);
      goto fail;
    }
  /* A reviewed lot waits for the QP's decision; before that it is the review's. */
  if (st_session_has_role (session, ST_ROLE_QP)
      && (g_str_equal (lot->status, "reviewed") || !st_session_has_role (session, ST_ROLE_REVIEWER)))
    role = ST_ROLE_QP;
  else
    role = ST_ROLE_REVIEWER;
  signature = st_signing_sign_lot (session, key, lot, "rejected", role, reason, error);
  if (signature == NULL || !set_status (session, lot, "rejected", "reject", reason, FALSE, error))
    goto fail;
  return st_session_commit (session, error);

fail:
  st_session_rollback (session);
  return FALSE;
}

/* "viability 62 % is out of specification (>= 70); sterility is missing" */
static char *
describe_items (const StLotCheck *check,
                guint             verdicts)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < check->items->len; i++)
    {
      const StCheckItem *item = g_ptr_array_index (check->items, i);
      const char *unit = item->unit && *item->unit ? item->unit : NULL;

      if (!(verdicts & (1u << item->verdict)))
        continue;
      switch (item->verdict)
        {
        case ST_VERDICT_OOS:
          g_ptr_array_add (parts, g_strdup_printf (_("%s %s%s%s is out of specification (%s)"), item->param,
                                                   item->value ? item->value : "", unit ? " " : "",
                                                   unit ? unit : "", item->limit));
          break;
        case ST_VERDICT_MISSING:
          g_ptr_array_add (parts, g_strdup_printf (_("%s is missing"), item->param));
          break;
        case ST_VERDICT_PENDING:
          g_ptr_array_add (parts, g_strdup_printf (_("%s is pending"), item->param));
          break;
        case ST_VERDICT_CONFORM:
        case ST_VERDICT_REPORT:
        default:
          break;
        }
    }
  if (parts->len == 0)
    return NULL;
  g_ptr_array_add (parts, NULL);
  return g_strjoinv ("; ", (char **) parts->pdata);
}

#define BIT(v) (1u << (v))

static gboolean
refuse_items (const StLotCheck  *check,
              guint              verdicts,
              const char        *format,
              GError           **error)
{
  g_autofree char *items = describe_items (check, verdicts);

  if (items == NULL)
    return TRUE;
  g_set_error (error, ST_WORKFLOW_ERROR, ST_WORKFLOW_ERROR_NOT_CONFORMING, format, check->lot, items);
  return FALSE;
}

static gboolean
has_verdict (const StLotCheck *check,
             StVerdict         verdict)
{
  for (guint i = 0; i < check->items->len; i++)
    if (((const StCheckItem *) g_ptr_array_index (check->items, i))->verdict == verdict)
      return TRUE;
  return FALSE;
}

/* Which certification this is, and whether the lot's results allow it. */
static gboolean
decide_release (const StLotRecord  *lot,
                const StLotCheck   *check,
                StReleaseMode       mode,
                const char        **kind,
                const char        **status,
                GError            **error)
{
  gboolean initial_done = g_str_equal (lot->status, "released_initial");

  if (!g_str_equal (lot->status, "reviewed") && !initial_done)
    return refuse_state (lot, g_str_equal (lot->status, "open") || g_str_equal (lot->status, "in_review")
                              ? _("release needs a reviewed lot (submit and review it first)")
                              : _("release needs a reviewed lot"), error);

  switch (mode)
    {
    case ST_RELEASE_FULL:
      *kind = initial_done ? "final" : "release";
      *status = "released";
      if (initial_done)
        return refuse_items (check, BIT (ST_VERDICT_OOS) | BIT (ST_VERDICT_MISSING) | BIT (ST_VERDICT_PENDING),
                             _("lot: %s cannot have its final certification: %s"), error);
      if (!refuse_items (check, BIT (ST_VERDICT_OOS) | BIT (ST_VERDICT_MISSING),
                         _("lot: %s does not conform: %s"), error))
        return FALSE;
      return refuse_items (check, BIT (ST_VERDICT_PENDING),
                           _("lot: %s is incomplete: %s (for a staged release use --initial)"), error);

    case ST_RELEASE_INITIAL:
      if (initial_done)
        return refuse_state (lot, _("it has its initial certification; the final one is a release "
                                    "without --initial once every result is in"), error);
      *kind = "initial";
      *status = "released_initial";
      if (!refuse_items (check, BIT (ST_VERDICT_OOS) | BIT (ST_VERDICT_MISSING),
                         _("lot: %s cannot have an initial certification: %s"), error))
        return FALSE;
      if (!has_verdict (check, ST_VERDICT_PENDING))
        {
          g_set_error (error, ST_WORKFLOW_ERROR, ST_WORKFLOW_ERROR_INVALID,
                       _("initial: nothing is pending in lot %s; release it without --initial"), lot->lot_number);
          return FALSE;
        }
      return TRUE;

    case ST_RELEASE_EXCEPTIONAL:
    default:
      if (initial_done)
        return refuse_state (lot, _("an exceptional release needs a reviewed lot"), error);
      *kind = "exceptional";
      *status = "released_exceptional";
      if (!has_verdict (check, ST_VERDICT_OOS))
        {
          g_set_error (error, ST_WORKFLOW_ERROR, ST_WORKFLOW_ERROR_NOT_CONFORMING,
                       _("lot: %s has no out-of-specification result; an exceptional release is only for "
                         "an OOS lot (it is %s)"), lot->lot_number, st_lot_verdict_to_string (check->verdict));
          return FALSE;
        }
      return refuse_items (check, BIT (ST_VERDICT_MISSING) | BIT (ST_VERDICT_PENDING),
                           _("lot: %s cannot be released exceptionally while results are outstanding: %s"),
                           error);
    }
}

static gboolean
check_deviation (StSession          *session,
                 const StLotRecord  *lot,
                 gint64              number,
                 GError            **error)
{
  g_autoptr(StDeviationRecord) deviation = NULL;
  g_autoptr(GError) local = NULL;

  deviation = st_store_deviations_get (st_session_get_db (session), number, &local);
  if (deviation == NULL)
    {
      if (local != NULL)
        g_propagate_error (error, g_steal_pointer (&local));
      else
        g_set_error (error, ST_WORKFLOW_ERROR, ST_WORKFLOW_ERROR_NOT_FOUND,
                     _("deviation: no deviation %" PRId64), number);
      return FALSE;
    }
  if (deviation->lot_id != lot->id)
    {
      g_set_error (error, ST_WORKFLOW_ERROR, ST_WORKFLOW_ERROR_DEVIATION,
                   _("deviation: %" PRId64 " belongs to lot %s, not %s"),
                   number, deviation->lot_number, lot->lot_number);
      return FALSE;
    }
  if (!g_str_equal (deviation->status, "closed"))
    {
      g_set_error (error, ST_WORKFLOW_ERROR, ST_WORKFLOW_ERROR_DEVIATION,
                   _("deviation: %" PRId64 " is open; close it with the physician's request and the "
                     "risk assessment first"), number);
      return FALSE;
    }
  return TRUE;
}

static char *
release_reason (const char *kind,
                gint64      deviation)
{
  if (g_str_equal (kind, "exceptional"))
    return g_strdup_printf ("exceptional release under deviation %" G_GINT64_FORMAT, deviation);
  if (g_str_equal (kind, "initial"))
    return g_strdup ("initial certification, results pending");
  if (g_str_equal (kind, "final"))
    return g_strdup ("final certification");
  return NULL;
}

StCertificate *
st_workflow_release (StSession      *session,
                     const char     *lot_number,
                     StReleaseMode   mode,
                     gint64          deviation,
                     const char     *password,
                     GError        **error)
{
  g_autoptr(StSigningKey) key = NULL;

  if (mode == ST_RELEASE_EXCEPTIONAL && deviation <= 0)
    {
      g_set_error (error, ST_WORKFLOW_ERROR, ST_WORKFLOW_ERROR_INVALID,
                   _("deviation: an exceptional release names its closed deviation (--deviation N)"));
      return NULL;
    }
  if (mode != ST_RELEASE_EXCEPTIONAL && deviation != 0)
    {
      g_set_error (error, ST_WORKFLOW_ERROR, ST_WORKFLOW_ERROR_INVALID,
                   _("deviation: only an exceptional release (--exceptional) names a deviation"));
      return NULL;
    }
  if (!st_session_require (session, ST_ROLE_QP, _("lot release"), error)
      || (key = st_signing_unlock (session, password, error)) == NULL)
    return NULL;
  return st_workflow_release_with_key (session, lot_number, mode, deviation, key, error);
}

/* The release itself; without @certificate_out only the signature and the
 * status change (the demo generator's old releases). */
static gboolean
release_lot (StSession       *session,
             const char      *lot_number,
             StReleaseMode    mode,
             gint64           deviation,
             StSigningKey    *key,
             StCertificate  **certificate_out,
             GError         **error)
{
  StDb *db = st_session_get_db (session);
  g_autoptr(StLotRecord) lot = NULL;
  g_autoptr(StLotCheck) check = NULL;
  g_autoptr(StSignatureRecord) signature = NULL;
  g_autoptr(StCertificate) certificate = NULL;
  g_autofree char *reason = NULL;
  const char *kind = NULL;
  const char *status = NULL;

  if (!st_session_begin (session, ST_ROLE_QP, _("lot release"), error))
    return FALSE;
  lot = find_lot (session, lot_number, error);
  /* Judged afresh, and the verdict stored with it. */
  if (lot == NULL
      || !st_evaluate_refresh (db, lot->id, &check, error)
      || !decide_release (lot, check, mode, &kind, &status, error)
      || !check_entered_nothing (session, lot, _("release"), error)
      || !check_not_reviewer (session, lot, error)
      || (mode == ST_RELEASE_EXCEPTIONAL && !check_deviation (session, lot, deviation, error)))
    goto fail;

  reason = release_reason (kind, deviation);
  signature = st_signing_sign_lot (session, key, lot, "certified", ST_ROLE_QP, reason, error);
  /* A final certification keeps released_at of the initial one: the lot left then. */
  if (signature == NULL
      || !set_status (session, lot, status, "release", reason, !g_str_equal (kind, "final"), error))
    goto fail;
  if (certificate_out != NULL)
    {
      certificate = st_certificate_issue (session, lot, check, signature, key, kind, deviation, error);
      if (certificate == NULL)
        goto fail;
    }
  if (!st_session_commit (session, error))
    goto fail;
  if (certificate_out != NULL)
    {
      certificate->status = g_strdup (status);
      *certificate_out = g_steal_pointer (&certificate);
    }
  return TRUE;

fail:
  st_session_rollback (session);
  return FALSE;
}

StCertificate *
st_workflow_release_with_key (StSession      *session,
                              const char     *lot_number,
                              StReleaseMode   mode,
                              gint64          deviation,
                              StSigningKey   *key,
                              GError        **error)
{
  StCertificate *certificate = NULL;

  if (!release_lot (session, lot_number, mode, deviation, key, &certificate, error))
    return NULL;
  return certificate;
}

gboolean
st_workflow_release_signature_only (StSession      *session,
                                    const char     *lot_number,
                                    StReleaseMode   mode,
                                    gint64          deviation,
                                    StSigningKey   *key,
                                    GError        **error)
{
  return release_lot (session, lot_number, mode, deviation, key, NULL, error);
}
