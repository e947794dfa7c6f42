/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* Asks why saved values change (GMP: every correction has a reason).
 * Emits "confirmed" with the reason, or closes without. */

#define ST_TYPE_REASON_DIALOG (st_reason_dialog_get_type ())
G_DECLARE_FINAL_TYPE (StReasonDialog, st_reason_dialog, ST, REASON_DIALOG, AdwMessageDialog)

/* @changes: one line per corrected value, shown above the field. */
StReasonDialog *st_reason_dialog_new        (GtkWindow      *parent,
                                             const char     *changes);
/* Fills the reason and confirms, as a user does. */
void            st_reason_dialog_confirm    (StReasonDialog *self,
                                             const char     *reason);

G_END_DECLS
