/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "st-session.h"
#include "st-store-audit.h"

G_BEGIN_DECLS

/* The audit trail as people read and check it: any signed-in user. */

/* Verifies the whole trail (st_audit_verify) in one snapshot. */
gboolean st_trail_verify  (StSession         *session,
                           StAuditReport     *report,
                           GError           **error);
/* The entries, oldest first (of one lot when @lot is not NULL); the entry
 * is only valid during the call. */
gboolean st_trail_foreach (StSession         *session,
                           const char        *lot,
                           StAuditEntryFunc   func,
                           gpointer           user_data,
                           GError           **error);

G_END_DECLS
