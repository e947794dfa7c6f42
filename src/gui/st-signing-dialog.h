/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "st-certificate.h"
#include "st-session.h"
#include "st-workflow.h"

G_BEGIN_DECLS

/*
 * An electronic signature: review, release or rejection of a lot, or the
 * approval of a specification version.  Shows everything the decision
 * rests on (every item's verdict, the donors' eligibility, open and closed
 * deviations, what is pending), says in words what the signature means
 * (reviewed; certified for release; initial certification naming the
 * pending tests; exceptional release naming the out-of-specification
 * results and the closed deviation), asks for the password again and signs
 * in a worker thread on a twin session (st-twin-task.h).  The core decides:
 * its refusal is shown in the dialog.  Emits "signed" on success, then
 * closes.
 */

typedef enum {
  ST_SIGNING_REVIEW,
  ST_SIGNING_RELEASE,
  ST_SIGNING_REJECT,
  ST_SIGNING_APPROVE,
} StSigningKind;

#define ST_TYPE_SIGNING_DIALOG (st_signing_dialog_get_type ())
G_DECLARE_FINAL_TYPE (StSigningDialog, st_signing_dialog, ST, SIGNING_DIALOG, AdwWindow)

/* @record: the lot number, or "CODE@VERSION" to approve.  NULL with an
 * error when it cannot be read. */
StSigningDialog     *st_signing_dialog_new             (GtkWindow       *parent,
                                                        StSession       *session,
                                                        StSigningKind    kind,
                                                        const char      *record,
                                                        GError         **error);
StSigningKind        st_signing_dialog_get_kind        (StSigningDialog *self);
const char          *st_signing_dialog_get_record      (StSigningDialog *self);
/* The meaning of the signature as shown, in words. */
const char          *st_signing_dialog_get_meaning     (StSigningDialog *self);
/* The release that signing asks for (ST_SIGNING_RELEASE). */
StReleaseMode        st_signing_dialog_get_mode        (StSigningDialog *self);
/* Why signing is not possible yet ("" when it is). */
const char          *st_signing_dialog_get_blocker     (StSigningDialog *self);
/* As the user does: the reason of a rejection, the closed deviation of an
 * exceptional release (FALSE when it is not offered), then the password
 * and Sign. */
void                 st_signing_dialog_set_reason      (StSigningDialog *self,
                                                        const char      *reason);
gboolean             st_signing_dialog_select_deviation (StSigningDialog *self,
                                                        gint64           number);
void                 st_signing_dialog_sign            (StSigningDialog *self,
                                                        const char      *password);
gboolean             st_signing_dialog_is_busy         (StSigningDialog *self);
/* The core's refusal of the last attempt ("" when none). */
const char          *st_signing_dialog_get_error       (StSigningDialog *self);
/* After "signed" of a release: the signed certificate to write out. */
const StCertificate *st_signing_dialog_get_certificate (StSigningDialog *self);

G_END_DECLS
