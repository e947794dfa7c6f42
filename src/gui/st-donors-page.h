/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "st-session.h"

G_BEGIN_DECLS

/* Donors: every donor with eligibility at a glance, one donor's tests;
 * operators add donors and record tests. */

#define ST_TYPE_DONORS_PAGE (st_donors_page_get_type ())
G_DECLARE_FINAL_TYPE (StDonorsPage, st_donors_page, ST, DONORS_PAGE, AdwBin)

void        st_donors_page_set_session (StDonorsPage *self,
                                        StSession    *session);
/* Reads the donors again (in a worker thread), keeping the selection. */
void        st_donors_page_reload      (StDonorsPage *self);
gboolean    st_donors_page_is_busy     (StDonorsPage *self);
/* Shows @code's record; FALSE when there is no such donor. */
gboolean    st_donors_page_select      (StDonorsPage *self,
                                        const char   *code);
GListModel *st_donors_page_get_model   (StDonorsPage *self);
/* As the user does in the form: records a test of the donor shown. */
gboolean    st_donors_page_record_test (StDonorsPage *self,
                                        const char   *marker,
                                        const char   *result,
                                        const char   *sampled_on);
const char *st_donors_page_get_error   (StDonorsPage *self);

G_END_DECLS
