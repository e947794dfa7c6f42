/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "st-audit.h"
#include "st-session.h"

G_BEGIN_DECLS

/*
 * The history of a record as people read it: the audit trail's entries that
 * belong to a lot (its creation, every result, passage, correction, status
 * change, deviation and signature), oldest first.
 */

/* StAuditEntry of the lot, oldest first (empty for an unknown lot). */
GPtrArray *st_history_lot (StSession   *session,
                           const char  *lot_number,
                           GError     **error);

G_END_DECLS
