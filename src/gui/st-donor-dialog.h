/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "st-session.h"

G_BEGIN_DECLS

/* Registers a donor (operators).  Emits "added" with the stored code. */

#define ST_TYPE_DONOR_DIALOG (st_donor_dialog_get_type ())
G_DECLARE_FINAL_TYPE (StDonorDialog, st_donor_dialog, ST, DONOR_DIALOG, AdwWindow)

StDonorDialog *st_donor_dialog_new (GtkWindow *parent,
                                    StSession *session);

G_END_DECLS
