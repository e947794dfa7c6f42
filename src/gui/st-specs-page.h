/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "st-session.h"
#include "st-signing-dialog.h"

G_BEGIN_DECLS

/* Specification versions side by side, differences marked; importing a
 * document as a draft (administrators, GtkFileChooserNative) and approving
 * a draft with a signature (QPs). */

#define ST_TYPE_SPECS_PAGE (st_specs_page_get_type ())
G_DECLARE_FINAL_TYPE (StSpecsPage, st_specs_page, ST, SPECS_PAGE, AdwBin)

void             st_specs_page_set_session       (StSpecsPage *self,
                                                  StSession   *session);
void             st_specs_page_reload            (StSpecsPage *self);
/* Compares "CODE@VERSION" @left_ref with @right_ref (NULL: keep that side);
 * FALSE when one is not a stored version. */
gboolean         st_specs_page_compare           (StSpecsPage *self,
                                                  const char  *left_ref,
                                                  const char  *right_ref);
guint            st_specs_page_get_n_differences (StSpecsPage *self);
/* The StSpecDiffRow of each item. */
GtkListBox      *st_specs_page_get_rows          (StSpecsPage *self);
/* What the file chooser does with the file chosen. */
gboolean         st_specs_page_import_file       (StSpecsPage *self,
                                                  GFile       *file);
/* Opens the signing dialog for the version on the right. */
StSigningDialog *st_specs_page_approve           (StSpecsPage *self);
const char      *st_specs_page_get_error         (StSpecsPage *self);

G_END_DECLS
