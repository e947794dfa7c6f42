/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "st-session.h"

G_BEGIN_DECLS

/*
 * Slow work (signing with the strong KDF, an export, the audit
 * verification, reading a large trail) in a worker thread.  A session is
 * not thread-safe, so the worker never touches the window's session: it
 * works on a twin of it (st-session-twin.h), opened in the worker thread
 * and closed there.  The window stays responsive and may go on reading
 * with its own session meanwhile.  A twin's commits do not emit the
 * window session's "committed": the caller refreshes what it shows when
 * the work is done.
 */

/* Runs in the worker thread.  Returns the result (non-NULL) or NULL with
 * @error set. */
typedef gpointer (*StTwinWork) (StSession     *twin,
                                gpointer       data,
                                GCancellable  *cancellable,
                                GError       **error);

/* @data is freed with @data_free when the task is done; a result that is
 * not taken with st_twin_task_finish() is freed with @result_free. */
void     st_twin_task_run    (gpointer             source_object,
                              StSession           *session,
                              StTwinWork           work,
                              gpointer             data,
                              GDestroyNotify       data_free,
                              GDestroyNotify       result_free,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data);
gpointer st_twin_task_finish (GAsyncResult        *result,
                              GError             **error);

/* The result of work that only succeeds or fails. */
#define ST_TWIN_DONE GINT_TO_POINTER (1)

G_END_DECLS
