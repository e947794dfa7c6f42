/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "st-session.h"

G_BEGIN_DECLS

/* Deviations of every lot: open ones (operators, reviewers, QPs), their
 * assessment and closure (reviewers and QPs).  Emits "open-lot" with a
 * lot number. */

#define ST_TYPE_DEVIATIONS_PAGE (st_deviations_page_get_type ())
G_DECLARE_FINAL_TYPE (StDeviationsPage, st_deviations_page, ST, DEVIATIONS_PAGE, AdwBin)

void        st_deviations_page_set_session (StDeviationsPage *self,
                                            StSession        *session);
void        st_deviations_page_reload      (StDeviationsPage *self);
/* Shows deviation @number; FALSE when the filter hides it or it does not exist. */
gboolean    st_deviations_page_select      (StDeviationsPage *self,
                                            gint64            number);
GListModel *st_deviations_page_get_model   (StDeviationsPage *self);
/* As the user does: writes the assessment and closes the deviation shown. */
gboolean    st_deviations_page_close       (StDeviationsPage *self,
                                            const char       *assessment);
const char *st_deviations_page_get_error   (StDeviationsPage *self);

G_END_DECLS
