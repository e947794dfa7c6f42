/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "st-certificate.h"
#include "st-session.h"

G_BEGIN_DECLS

/*
 * The lot's life cycle (DOMAIN.md "Lot life cycle"):
 *   open -> in_review (submit, operator)
 *        -> reviewed (review, reviewer: signature "reviewed")
 *        -> released | released_initial | released_exceptional
 *           (release, QP: signature "certified" and a signed certificate)
 *   released_initial -> released (the final certification)
 *   open | in_review | reviewed -> rejected (reviewer or QP: signature "rejected")
 * Segregation of duties: the reviewer entered none of the lot's data; the
 * QP entered none and did not review it.  Every status change is audited in
 * the transaction of its signature.
 */

#define ST_WORKFLOW_ERROR (st_workflow_error_quark ())
GQuark st_workflow_error_quark (void);

typedef enum {
  /* A reason is missing, or options contradict each other. */
  ST_WORKFLOW_ERROR_INVALID = 200,
  /* No lot or deviation of that name. */
  ST_WORKFLOW_ERROR_NOT_FOUND = 201,
  /* The lot's state does not allow the action. */
  ST_WORKFLOW_ERROR_STATE = 300,
  /* Segregation of duties: the user entered the lot's data or reviewed it. */
  ST_WORKFLOW_ERROR_SEGREGATION = 301,
  /* The lot does not conform as the release asks (the message lists the items). */
  ST_WORKFLOW_ERROR_NOT_CONFORMING = 302,
  /* The deviation of an exceptional release is open or of another lot. */
  ST_WORKFLOW_ERROR_DEVIATION = 303,
} StWorkflowError;

typedef enum {
  /* A conforming lot with every result (or the final certification of a
   * released_initial lot). */
  ST_RELEASE_FULL,
  /* Staged release: only items that may be pending are missing. */
  ST_RELEASE_INITIAL,
  /* An OOS lot at the treating physician's request, under a closed deviation. */
  ST_RELEASE_EXCEPTIONAL,
} StReleaseMode;

gboolean       st_workflow_submit  (StSession      *session,
                                    const char     *lot_number,
                                    GError        **error);
/* @password: asked again for the signature. */
gboolean       st_workflow_review  (StSession      *session,
                                    const char     *lot_number,
                                    const char     *password,
                                    GError        **error);
gboolean       st_workflow_reject  (StSession      *session,
                                    const char     *lot_number,
                                    const char     *reason,
                                    const char     *password,
                                    GError        **error);
/* @deviation: the closed deviation of an exceptional release, else 0.
 * Returns the signed certificate to write out. */
StCertificate *st_workflow_release (StSession      *session,
                                    const char     *lot_number,
                                    StReleaseMode   mode,
                                    gint64          deviation,
                                    const char     *password,
                                    GError        **error);

G_END_DECLS
