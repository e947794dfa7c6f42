/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "st-twin-task.h"

#include "st-session-twin.h"

typedef struct {
  StSessionTwin *ticket;
  StTwinWork work;
  gpointer data;
  GDestroyNotify data_free;
  GDestroyNotify result_free;
} TwinJob;

static void
twin_job_free (TwinJob *job)
{
  st_session_twin_free (job->ticket);
  if (job->data_free != NULL && job->data != NULL)
    job->data_free (job->data);
  g_free (job);
}

static void
twin_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  TwinJob *job = task_data;
  g_autoptr(StSession) twin = NULL;
  GError *error = NULL;
  gpointer result;

  twin = st_session_twin_open (job->ticket, &error);
  if (twin == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  result = job->work (twin, job->data, cancellable, &error);
  if (result == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, result, result == ST_TWIN_DONE ? NULL : job->result_free);
}

void
st_twin_task_run (gpointer             source_object,
                  StSession           *session,
                  StTwinWork           work,
                  gpointer             data,
                  GDestroyNotify       data_free,
                  GDestroyNotify       result_free,
                  GCancellable        *cancellable,
                  GAsyncReadyCallback  callback,
                  gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (source_object, cancellable, callback, user_data);
  GError *error = NULL;
  TwinJob *job = g_new0 (TwinJob, 1);

  g_task_set_source_tag (task, st_twin_task_run);
  job->work = work;
  job->data = data;
  job->data_free = data_free;
  job->result_free = result_free;
  /* The key is copied here, in the session's own thread. */
  job->ticket = st_session_twin_new (session, &error);
  g_task_set_task_data (task, job, (GDestroyNotify) twin_job_free);
  if (job->ticket == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_run_in_thread (task, twin_thread);
}

gpointer
st_twin_task_finish (GAsyncResult  *result,
                     GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
