/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "st-session.h"

G_BEGIN_DECLS

/* Recording a passage of a lot: cells seeded and harvested and the dates;
 * the population doublings are shown as they are typed.  Emits "added". */

#define ST_TYPE_PASSAGE_DIALOG (st_passage_dialog_get_type ())
G_DECLARE_FINAL_TYPE (StPassageDialog, st_passage_dialog, ST, PASSAGE_DIALOG, AdwWindow)

StPassageDialog *st_passage_dialog_new (GtkWindow  *parent,
                                        StSession  *session,
                                        const char *lot_number,
                                        guint       next_number);

G_END_DECLS
