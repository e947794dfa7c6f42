/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "st-twin-task.h"

#include "st-session-twin.h"

#ifdef __linux__
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

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

typedef struct {
  GTask *task;
  gpointer result;
  GError *error;
} Outcome;

/* In the task's own thread: the task (and with it the widget it belongs
 * to) is only ever released there, never in the worker. */
static gboolean
return_outcome (gpointer data)
{
  Outcome *outcome = data;
  TwinJob *job = g_task_get_task_data (outcome->task);

  if (outcome->result == NULL)
    g_task_return_error (outcome->task, outcome->error);
  else
    g_task_return_pointer (outcome->task, outcome->result,
                           outcome->result == ST_TWIN_DONE ? NULL : job->result_free);
  g_object_unref (outcome->task);
  g_free (outcome);
  return G_SOURCE_REMOVE;
}

/* A thread of its own for each piece of work, at a lower priority: on a
 * two-core workstation a key derivation or an export must not take the
 * processor from the window (and the display server) that draws the
 * progress.  Lowering a thread's priority cannot be undone without
 * privileges, which is why this is not GTask's shared pool. */
static gpointer
twin_thread (gpointer data)
{
  Outcome *outcome = g_new0 (Outcome, 1);
  TwinJob *job;
  g_autoptr(StSession) twin = NULL;
  GSource *source;

  outcome->task = data;
  job = g_task_get_task_data (outcome->task);
#ifdef __linux__
  setpriority (PRIO_PROCESS, (id_t) syscall (SYS_gettid), 5);
#endif
  twin = st_session_twin_open (job->ticket, &outcome->error);
  if (twin != NULL)
    outcome->result = job->work (twin, job->data, g_task_get_cancellable (outcome->task), &outcome->error);
  /* The twin is closed here, in its own thread, before the result goes back. */
  g_clear_object (&twin);
  /* An idle source, not g_main_context_invoke(): with the context free at
   * that moment (a test iterating it by hand) that would run it here. */
  source = g_idle_source_new ();
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, return_outcome, outcome, NULL);
  g_source_attach (source, g_task_get_context (outcome->task));
  g_source_unref (source);
  return NULL;
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
  g_thread_unref (g_thread_new ("st-twin-task", twin_thread, g_object_ref (task)));
}

gpointer
st_twin_task_finish (GAsyncResult  *result,
                     GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
