/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "st-session.h"

G_BEGIN_DECLS

/*
 * For the core only: signs in @username whose password-derived @kek the
 * caller has just computed itself (site creation, demo generation), so that
 * the slow key derivation is not paid twice.  Never reachable from a face.
 */
gboolean st_session_adopt (StSession    *self,
                           const char   *username,
                           const guint8 *kek,
                           GError      **error);

/*
 * For bulk generation (the demo site): every change between these joins one
 * transaction, each still checked and audited as usual.  A failed change
 * makes the whole batch fail at st_session_end_batch().
 */
gboolean st_session_begin_batch   (StSession  *self,
                                   GError    **error);
gboolean st_session_end_batch     (StSession  *self,
                                   GError    **error);
void     st_session_abandon_batch (StSession  *self);

G_END_DECLS
