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

G_END_DECLS
