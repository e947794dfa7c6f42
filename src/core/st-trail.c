/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "st-trail.h"

#include <glib/gi18n-lib.h>

gboolean
st_trail_verify (StSession      *session,
                 StAuditReport  *report,
                 GError        **error)
{
  if (!st_session_require (session, ST_ROLE_NONE, _("audit verify"), error))
    return FALSE;
  return st_audit_verify (st_session_get_db (session), report, error);
}

gboolean
st_trail_foreach (StSession         *session,
                  const char        *lot,
                  StAuditEntryFunc   func,
                  gpointer           user_data,
                  GError           **error)
{
  gboolean ok;

  if (!st_session_begin_read (session, error))
    return FALSE;
  ok = st_store_audit_foreach (st_session_get_db (session), lot, func, user_data, error);
  st_session_end_read (session);
  return ok;
}
