/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "st-deviations.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>
#include <string.h>

G_DEFINE_QUARK (st-deviations-error-quark, st_deviations_error)

#define MAX_TEXT 4000

static gboolean
check_text (const char  *field,
            const char  *text,
            GError     **error)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (text ? text : ""));

  if (*trimmed == '\0' || strlen (text) > MAX_TEXT || !g_utf8_validate (text, -1, NULL))
    {
      g_set_error (error, ST_DEVIATIONS_ERROR, ST_DEVIATIONS_ERROR_INVALID,
                   _("%s: a text of 1 to %d characters is required"), field, MAX_TEXT);
      return FALSE;
    }
  return TRUE;
}

static gboolean
audit (StSession   *session,
       const char  *action,
       const char  *number,
       const char  *lot,
       const char  *field,
       const char  *old_value,
       const char  *new_value,
       GError     **error)
{
  StAuditChange change = {
    .action = action, .table = "deviations", .record = number, .lot = lot, .field = field,
    .old_value = old_value, .new_value = new_value,
  };
  return st_session_audit (session, &change, error);
}

gboolean
st_deviations_append (StSession          *session,
                      const StLotRecord  *lot,
                      const char         *severity,
                      const char         *text,
                      gint64             *number,
                      GError            **error)
{
  g_autoptr(StDeviationRecord) record = g_new0 (StDeviationRecord, 1);
  g_autofree char *key = NULL;

  record->lot_id = lot->id;
  record->severity = g_strdup (severity);
  record->text = g_strdup (text);
  record->opened_by = st_session_get_user (session)->id;
  record->opened_at = g_strdup (st_session_now (session));
  if (!st_store_deviations_insert (st_session_get_db (session), record, error))
    return FALSE;
  key = g_strdup_printf ("%" G_GINT64_FORMAT, record->number);
  if (!audit (session, "create", key, lot->lot_number, "class", NULL, severity, error)
      || !audit (session, "create", key, lot->lot_number, "text", NULL, text, error)
      || !audit (session, "create", key, lot->lot_number, "status", NULL, "open", error))
    return FALSE;
  if (number != NULL)
    *number = record->number;
  return TRUE;
}

gboolean
st_deviations_open (StSession   *session,
                    const char  *lot_number,
                    const char  *severity,
                    const char  *text,
                    gint64      *number,
                    GError     **error)
{
  const StRole roles = ST_ROLE_OPERATOR | ST_ROLE_REVIEWER | ST_ROLE_QP;
  g_autoptr(StLotRecord) lot = NULL;
  g_autoptr(GError) local = NULL;

  if (!st_session_require (session, roles, _("deviation open"), error))
    return FALSE;
  if (g_strcmp0 (severity, "minor") != 0 && g_strcmp0 (severity, "major") != 0
      && g_strcmp0 (severity, "critical") != 0)
    {
      g_set_error (error, ST_DEVIATIONS_ERROR, ST_DEVIATIONS_ERROR_INVALID,
                   _("class: '%s' is not one of minor, major, critical"), severity ? severity : "");
      return FALSE;
    }
  if (!check_text ("text", text, error))
    return FALSE;

  if (!st_session_begin (session, roles, _("deviation open"), error))
    return FALSE;
  lot = st_store_lots_find (st_session_get_db (session), lot_number ? lot_number : "", &local);
  if (lot == NULL)
    {
      if (local != NULL)
        g_propagate_error (error, g_steal_pointer (&local));
      else
        g_set_error (error, ST_DEVIATIONS_ERROR, ST_DEVIATIONS_ERROR_NOT_FOUND,
                     _("lot: no lot '%s'"), lot_number ? lot_number : "");
      goto fail;
    }
  if (!st_deviations_append (session, lot, severity, text, number, error))
    goto fail;
  return st_session_commit (session, error);

fail:
  st_session_rollback (session);
  return FALSE;
}

gboolean
st_deviations_close (StSession   *session,
                     gint64       number,
                     const char  *assessment,
                     GError     **error)
{
  const StRole roles = ST_ROLE_REVIEWER | ST_ROLE_QP;
  StDb *db = st_session_get_db (session);
  g_autoptr(StDeviationRecord) record = NULL;
  g_autoptr(GError) local = NULL;
  g_autofree char *key = g_strdup_printf ("%" G_GINT64_FORMAT, number);

  if (!st_session_require (session, roles, _("deviation close"), error)
      || !check_text ("assessment", assessment, error))
    return FALSE;

  if (!st_session_begin (session, roles, _("deviation close"), error))
    return FALSE;
  record = st_store_deviations_get (db, number, &local);
  if (record == NULL)
    {
      if (local != NULL)
        g_propagate_error (error, g_steal_pointer (&local));
      else
        g_set_error (error, ST_DEVIATIONS_ERROR, ST_DEVIATIONS_ERROR_NOT_FOUND,
                     _("deviation: no deviation %" PRId64), number);
      goto fail;
    }
  if (g_str_equal (record->status, "closed"))
    {
      g_set_error (error, ST_DEVIATIONS_ERROR, ST_DEVIATIONS_ERROR_CLOSED,
                   _("deviation: %" PRId64 " is closed already"), number);
      goto fail;
    }
  if (!st_store_deviations_close (db, number, assessment, st_session_get_user (session)->id,
                                  st_session_now (session), error)
      || !audit (session, "close", key, record->lot_number, "assessment", NULL, assessment, error)
      || !audit (session, "close", key, record->lot_number, "status", "open", "closed", error))
    goto fail;
  return st_session_commit (session, error);

fail:
  st_session_rollback (session);
  return FALSE;
}

GPtrArray *
st_deviations_list (StSession   *session,
                    const char  *lot_number,
                    GError     **error)
{
  StDb *db = st_session_get_db (session);
  g_autoptr(StLotRecord) lot = NULL;
  g_autoptr(GError) local = NULL;
  GPtrArray *list;

  if (!st_session_begin_read (session, error))
    return NULL;
  if (lot_number != NULL)
    {
      lot = st_store_lots_find (db, lot_number, &local);
      if (lot == NULL)
        {
          if (local != NULL)
            g_propagate_error (error, g_steal_pointer (&local));
          else
            g_set_error (error, ST_DEVIATIONS_ERROR, ST_DEVIATIONS_ERROR_NOT_FOUND,
                         _("lot: no lot '%s'"), lot_number);
          st_session_end_read (session);
          return NULL;
        }
    }
  list = st_store_deviations_list (db, lot ? lot->id : 0, error);
  st_session_end_read (session);
  return list;
}
