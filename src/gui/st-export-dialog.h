/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "st-session.h"

G_BEGIN_DECLS

/*
 * The regulator's workbook (st_export_xlsx): the scope (every lot, named
 * lots, or lots created between two dates), signed or not (the password is
 * asked again for the signature), the folder and file; the export runs in a
 * worker thread on a twin session (st-twin-task.h) with a progress bar and
 * Cancel, and ends with "Open folder".
 */

#define ST_TYPE_EXPORT_DIALOG (st_export_dialog_get_type ())
G_DECLARE_FINAL_TYPE (StExportDialog, st_export_dialog, ST, EXPORT_DIALOG, AdwWindow)

/* @folder: the default export folder (NULL or "": Documents); @lot_number:
 * preselects that lot (NULL: every lot). */
StExportDialog *st_export_dialog_new        (GtkWindow      *parent,
                                             StSession      *session,
                                             const char     *folder,
                                             const char     *lot_number);
void            st_export_dialog_set_folder (StExportDialog *self,
                                             const char     *folder);
/* As the user does: @lots (space-separated), else the dates, else every lot. */
void            st_export_dialog_set_scope  (StExportDialog *self,
                                             const char     *lots,
                                             const char     *since,
                                             const char     *until);
/* Names the file and presses Export; @password non-NULL signs. */
void            st_export_dialog_run        (StExportDialog *self,
                                             const char     *file_name,
                                             const char     *password);
void            st_export_dialog_cancel     (StExportDialog *self);
gboolean        st_export_dialog_is_busy    (StExportDialog *self);
gboolean        st_export_dialog_is_done    (StExportDialog *self);
/* The workbook's path once Export was pressed. */
const char     *st_export_dialog_get_path   (StExportDialog *self);
const char     *st_export_dialog_get_status (StExportDialog *self);

G_END_DECLS
