/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "st-session.h"

G_BEGIN_DECLS

/*
 * The audit trail: the chain's verification state at the top (verified in
 * a worker thread on a twin session: st_audit_verify walks the whole chain,
 * which takes a while on a large site), and the entries filtered by lot,
 * user and UTC date, read in a worker thread too, the newest first.
 */

#define ST_TYPE_AUDIT_PAGE (st_audit_page_get_type ())
G_DECLARE_FINAL_TYPE (StAuditPage, st_audit_page, ST, AUDIT_PAGE, AdwBin)

void        st_audit_page_set_session (StAuditPage *self,
                                       StSession   *session);
/* When the page comes into view: verifies once per session, reads the entries. */
void        st_audit_page_show        (StAuditPage *self);
void        st_audit_page_verify      (StAuditPage *self);
/* Reads the entries of the filter again. */
void        st_audit_page_reload      (StAuditPage *self);
void        st_audit_page_set_filter  (StAuditPage *self,
                                       const char  *lot,
                                       const char  *user,
                                       const char  *since,
                                       const char  *until);
gboolean    st_audit_page_is_busy     (StAuditPage *self);
/* The verification state's headline. */
const char *st_audit_page_get_state   (StAuditPage *self);
/* StHistoryItem of the entries shown. */
GListModel *st_audit_page_get_model   (StAuditPage *self);

G_END_DECLS
