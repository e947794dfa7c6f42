/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "st-session.h"
#include "st-spec.h"

G_BEGIN_DECLS

/*
 * The specification versions as a data-entry screen needs them: the parsed
 * version a lot is pinned to (to check and judge what is typed before it is
 * saved), and the approved versions a new lot may be made against.
 */

/* The parsed specification version @spec_id, owned by the session's
 * connection (valid as long as the session). */
const StSpec *st_lot_spec_get     (StSession  *session,
                                   gint64      spec_id,
                                   GError    **error);
/* "CODE@VERSION" of every approved version, by code, newest version first. */
GStrv         st_lot_spec_choices (StSession  *session,
                                   GError    **error);

G_END_DECLS
