/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "st-signing.h"
#include "st-workflow.h"

G_BEGIN_DECLS

/*
 * For the core only: the signing steps with a key the caller has already
 * unlocked (st_signing_unlock asks for the password; the demo generator
 * unlocks each demo user's key once with st_signing_unlock_with_kek).
 */
gboolean       st_workflow_review_with_key  (StSession     *session,
                                             const char    *lot_number,
                                             StSigningKey  *key,
                                             GError       **error);
gboolean       st_workflow_reject_with_key  (StSession     *session,
                                             const char    *lot_number,
                                             const char    *reason,
                                             StSigningKey  *key,
                                             GError       **error);
StCertificate *st_workflow_release_with_key (StSession     *session,
                                             const char    *lot_number,
                                             StReleaseMode  mode,
                                             gint64         deviation,
                                             StSigningKey  *key,
                                             GError       **error);
/*
 * For the demo generator only: a release (of any mode) that is signed and
 * recorded like any other, without rendering its PDF certificate (70,000 PDFs take
 * minutes on the reference machine and say nothing about how the site's
 * records scale).  Never used for a real release.
 */
gboolean       st_workflow_release_signature_only (StSession      *session,
                                                   const char     *lot_number,
                                                   StReleaseMode   mode,
                                                   gint64          deviation,
                                                   StSigningKey   *key,
                                                   GError        **error);
/* The signed-in user's key, opened with the key-encryption key the session
 * holds from sign-in (no second password check). */
StSigningKey  *st_signing_unlock_with_kek   (StSession     *session,
                                             GError       **error);

G_END_DECLS
