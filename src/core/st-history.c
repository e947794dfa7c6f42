/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "st-history.h"

#include "st-store-audit.h"

static gboolean
copy_entry (const StAuditEntry  *entry,
            gpointer             user_data,
            GError             **error)
{
  GPtrArray *entries = user_data;

  g_ptr_array_add (entries, st_audit_entry_copy (entry));
  return TRUE;
}

GPtrArray *
st_history_lot (StSession   *session,
                const char  *lot_number,
                GError     **error)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) st_audit_entry_free);
  gboolean ok;

  g_return_val_if_fail (lot_number != NULL, NULL);

  if (!st_session_begin_read (session, error))
    return NULL;
  ok = st_store_audit_foreach (st_session_get_db (session), lot_number, copy_entry, entries, error);
  st_session_end_read (session);
  if (!ok)
    return NULL;
  return g_steal_pointer (&entries);
}
