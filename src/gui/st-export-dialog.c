/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "st-export-dialog.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>
#include <string.h>

#include "st-export.h"
#include "st-twin-task.h"
#include "st-value.h"

struct _StExportDialog {
  AdwWindow parent_instance;

  GtkCheckButton *all_check;
  GtkCheckButton *lots_check;
  GtkCheckButton *dates_check;
  GtkEntry *lots_entry;
  GtkEntry *since_entry;
  GtkEntry *until_entry;
  GtkSwitch *sign_switch;
  GtkWidget *password_box;
  GtkPasswordEntry *password_entry;
  GtkLabel *folder_label;
  GtkEntry *name_entry;
  GtkWidget *form;
  GtkProgressBar *progress_bar;
  GtkLabel *status_label;
  GtkButton *cancel_button;
  GtkWidget *export_button;
  GtkWidget *open_folder_button;

  StSession *session;
  char *folder;
  char *path;                 /* the workbook written */
  GCancellable *cancellable;
  GtkFileChooserNative *chooser;
  gboolean busy;
  gboolean done;
};

G_DEFINE_FINAL_TYPE (StExportDialog, st_export_dialog, ADW_TYPE_WINDOW)

/* The job is shared by the worker and the main thread's progress reports. */
typedef struct {
  GWeakRef dialog;
  GMainContext *context;      /* the dialog's thread's, where progress is shown */
  StExportScope scope;
  GStrv lots;
  char *since;
  char *until;
  char *password;
  char *path;
  gint fraction_permille;     /* atomic */
  gint report_pending;        /* atomic */
} ExportJob;

static void
export_job_clear (ExportJob *job)
{
  g_weak_ref_clear (&job->dialog);
  g_main_context_unref (job->context);
  g_strfreev (job->lots);
  g_free (job->since);
  g_free (job->until);
  st_secret_free (job->password);   /* overwritten (OPENSSL_cleanse), then freed */
  g_free (job->path);
}

static void
export_job_unref (ExportJob *job)
{
  g_atomic_rc_box_release_full (job, (GDestroyNotify) export_job_clear);
}

static void
export_result_free (StExportResult *result)
{
  st_export_result_clear (result);
  g_free (result);
}

/* In the main thread: the newest share reported. */
static gboolean
show_progress (gpointer user_data)
{
  ExportJob *job = user_data;
  g_autoptr(StExportDialog) self = g_weak_ref_get (&job->dialog);

  g_atomic_int_set (&job->report_pending, 0);
  if (self != NULL && self->busy)
    gtk_progress_bar_set_fraction (self->progress_bar, g_atomic_int_get (&job->fraction_permille) / 1000.0);
  return G_SOURCE_REMOVE;
}

/* In the worker thread: at most one report waits in the main loop.  An
 * idle source, not g_main_context_invoke(), which runs the function right
 * here (GTK in the worker) when the main context happens to be free. */
static void
on_progress (double   fraction,
             gpointer user_data)
{
  ExportJob *job = user_data;
  GSource *source;

  g_atomic_int_set (&job->fraction_permille, (gint) (CLAMP (fraction, 0.0, 1.0) * 1000));
  if (!g_atomic_int_compare_and_exchange (&job->report_pending, 0, 1))
    return;
  source = g_idle_source_new ();
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, show_progress, g_atomic_rc_box_acquire (job), (GDestroyNotify) export_job_unref);
  g_source_attach (source, job->context);
  g_source_unref (source);
}

static gpointer
export_work (StSession     *twin,
             gpointer       data,
             GCancellable  *cancellable,
             GError       **error)
{
  ExportJob *job = data;
  StExportResult *result = g_new0 (StExportResult, 1);

  if (!st_export_xlsx (twin, &job->scope, job->path, on_progress, job, cancellable, result, error))
    {
      export_result_free (result);
      return NULL;
    }
  return result;
}

static void
set_busy (StExportDialog *self,
          gboolean        busy)
{
  self->busy = busy;
  /* A focused entry made insensitive loses its focus-out in GTK 4.8. */
  if (busy || self->done)
    gtk_widget_grab_focus (GTK_WIDGET (self->cancel_button));
  gtk_widget_set_sensitive (self->form, !busy && !self->done);
  gtk_widget_set_sensitive (self->export_button, !busy);
  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), busy || self->done);
}

static void
set_status (StExportDialog *self,
            const char     *text,
            gboolean        error)
{
  gtk_label_set_label (self->status_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), *text != '\0');
  if (error)
    gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "entry-error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "entry-error");
}

static void
export_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  StExportDialog *self = ST_EXPORT_DIALOG (source);
  g_autoptr(GError) error = NULL;
  StExportResult *written = st_twin_task_finish (result, &error);
  g_autofree char *name = NULL;
  g_autofree char *text = NULL;
  gint64 rows = 0;

  gtk_editable_set_text (GTK_EDITABLE (self->password_entry), "");
  if (written == NULL)
    {
      set_busy (self, FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), FALSE);
      gtk_button_set_label (self->cancel_button, _("_Cancel"));
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        set_status (self, _("Cancelled: nothing was written."), FALSE);
      else
        set_status (self, error->message, TRUE);
      return;
    }
  self->done = TRUE;
  set_busy (self, FALSE);
  gtk_progress_bar_set_fraction (self->progress_bar, 1.0);
  for (guint i = 0; i < ST_EXPORT_N_SHEETS; i++)
    rows += written->rows[i];
  name = g_path_get_basename (self->path);
  text = written->p7s_path != NULL
         ? g_strdup_printf (_("Written %s with its signature %s.p7s: %'" PRId64 " rows in %d sheets. "
                              "SHA-256 %.16s…, recorded in the audit trail."), name, name, rows, ST_EXPORT_N_SHEETS,
                            written->sha256)
         : g_strdup_printf (_("Written %s: %'" PRId64 " rows in %d sheets. SHA-256 %.16s…, recorded in "
                              "the audit trail."), name, rows, ST_EXPORT_N_SHEETS, written->sha256);
  set_status (self, text, FALSE);
  gtk_widget_set_visible (self->export_button, FALSE);
  gtk_widget_set_visible (self->open_folder_button, TRUE);
  gtk_button_set_label (self->cancel_button, _("_Close"));
  gtk_widget_grab_focus (self->open_folder_button);
  export_result_free (written);
}

static GStrv
lot_numbers (const char *text)
{
  g_auto(GStrv) words = g_strsplit_set (text, " ,;\t\n", -1);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; words[i] != NULL; i++)
    if (*words[i] != '\0')
      g_strv_builder_add (builder, words[i]);
  return g_strv_builder_end (builder);
}

static char *
entry_text (GtkEntry *entry)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry))));

  return *text != '\0' ? g_steal_pointer (&text) : NULL;
}

static void
on_export (StExportDialog *self)
{
  g_autofree char *name = entry_text (self->name_entry);
  ExportJob *job;

  if (self->busy || self->done)
    return;
  if (name == NULL)
    {
      set_status (self, _("file: enter a file name"), TRUE);
      return;
    }
  if (!g_str_has_suffix (name, ".xlsx"))
    {
      char *with_suffix = g_strconcat (name, ".xlsx", NULL);
      g_free (name);
      name = with_suffix;
    }
  job = g_atomic_rc_box_new0 (ExportJob);
  g_weak_ref_init (&job->dialog, self);
  job->context = g_main_context_ref_thread_default ();
  if (gtk_check_button_get_active (self->lots_check))
    {
      job->lots = lot_numbers (gtk_editable_get_text (GTK_EDITABLE (self->lots_entry)));
      if (job->lots[0] == NULL)
        {
          export_job_unref (job);
          set_status (self, _("lots: enter the lot numbers to export"), TRUE);
          return;
        }
      job->scope.lots = (const char * const *) job->lots;
    }
  else if (gtk_check_button_get_active (self->dates_check))
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *since = entry_text (self->since_entry);
      g_autofree char *until = entry_text (self->until_entry);

      /* Typed in the locale's order; the core takes ISO 8601. */
      if (since != NULL)
        job->since = st_value_date_from_locale ("since", since, NULL, &error);
      if (error == NULL && until != NULL)
        job->until = st_value_date_from_locale ("until", until, NULL, &error);
      if (error != NULL)
        {
          export_job_unref (job);
          set_status (self, error->message, TRUE);
          return;
        }
      job->scope.since = job->since;
      job->scope.until = job->until;
    }
  job->scope.sign = gtk_switch_get_active (self->sign_switch);
  if (job->scope.sign)
    job->scope.password = job->password = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->password_entry)));
  job->path = g_build_filename (self->folder, name, NULL);
  g_free (self->path);
  self->path = g_strdup (job->path);

  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  gtk_progress_bar_set_fraction (self->progress_bar, 0.0);
  set_status (self, _("Exporting… the window stays usable; Cancel stops the export and leaves no file."), FALSE);
  gtk_button_set_label (self->cancel_button, _("_Cancel export"));
  set_busy (self, TRUE);
  st_twin_task_run (self, self->session, export_work, job, (GDestroyNotify) export_job_unref,
                    (GDestroyNotify) export_result_free, self->cancellable, export_done, NULL);
}

static void
on_cancel (StExportDialog *self)
{
  if (self->busy)
    {
      g_cancellable_cancel (self->cancellable);
      set_status (self, _("Cancelling…"), FALSE);
      return;
    }
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
on_open_folder (StExportDialog *self)
{
  g_autoptr(GFile) folder = g_file_new_for_path (self->folder);
  g_autofree char *uri = g_file_get_uri (folder);

  gtk_show_uri_full (GTK_WINDOW (self), uri, GDK_CURRENT_TIME, NULL, NULL, NULL);
}

static void
on_sign_changed (StExportDialog *self)
{
  gboolean sign = gtk_switch_get_active (self->sign_switch);
  g_autoptr(GError) error = NULL;

  gtk_widget_set_visible (self->password_box, sign);
  if (sign && !st_export_check_signing (self->session, &error))
    set_status (self, error->message, TRUE);
  else
    set_status (self, "", FALSE);
  if (sign)
    gtk_widget_grab_focus (GTK_WIDGET (self->password_entry));
}

static void
on_scope_changed (StExportDialog *self)
{
  gboolean lots = gtk_check_button_get_active (self->lots_check);
  gboolean dates = gtk_check_button_get_active (self->dates_check);

  gtk_widget_set_sensitive (GTK_WIDGET (self->lots_entry), lots);
  gtk_widget_set_sensitive (GTK_WIDGET (self->since_entry), dates);
  gtk_widget_set_sensitive (GTK_WIDGET (self->until_entry), dates);
  /* Chosen by the user: the field of the choice takes the keys. */
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      if (lots)
        gtk_widget_grab_focus (GTK_WIDGET (self->lots_entry));
      else if (dates)
        gtk_widget_grab_focus (GTK_WIDGET (self->since_entry));
    }
}

static void
on_chooser_response (StExportDialog *self,
                     int             response)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) folder = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (self->chooser));
      g_autofree char *path = g_file_get_path (folder);

      if (path != NULL)
        st_export_dialog_set_folder (self, path);
    }
  g_clear_object (&self->chooser);
}

static void
on_choose_folder (StExportDialog *self)
{
  if (self->chooser != NULL)
    return;
  self->chooser = gtk_file_chooser_native_new (_("Export to Folder"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER, _("_Choose"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  g_signal_connect_swapped (self->chooser, "response", G_CALLBACK (on_chooser_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/* Closing while the export runs cancels it first. */
static gboolean
st_export_dialog_close_request (GtkWindow *window)
{
  StExportDialog *self = ST_EXPORT_DIALOG (window);

  if (self->busy)
    {
      on_cancel (self);
      return TRUE;
    }
  return GTK_WINDOW_CLASS (st_export_dialog_parent_class)->close_request (window);
}

static void
st_export_dialog_dispose (GObject *object)
{
  StExportDialog *self = ST_EXPORT_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  gtk_widget_dispose_template (GTK_WIDGET (self), ST_TYPE_EXPORT_DIALOG);
  g_clear_object (&self->session);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->folder, g_free);
  g_clear_pointer (&self->path, g_free);
  G_OBJECT_CLASS (st_export_dialog_parent_class)->dispose (object);
}

static void
st_export_dialog_class_init (StExportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = st_export_dialog_dispose;
  GTK_WINDOW_CLASS (klass)->close_request = st_export_dialog_close_request;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/stroma/Stroma/ui/st-export-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, StExportDialog, all_check);
  gtk_widget_class_bind_template_child (widget_class, StExportDialog, lots_check);
  gtk_widget_class_bind_template_child (widget_class, StExportDialog, dates_check);
  gtk_widget_class_bind_template_child (widget_class, StExportDialog, lots_entry);
  gtk_widget_class_bind_template_child (widget_class, StExportDialog, since_entry);
  gtk_widget_class_bind_template_child (widget_class, StExportDialog, until_entry);
  gtk_widget_class_bind_template_child (widget_class, StExportDialog, sign_switch);
  gtk_widget_class_bind_template_child (widget_class, StExportDialog, password_box);
  gtk_widget_class_bind_template_child (widget_class, StExportDialog, password_entry);
  gtk_widget_class_bind_template_child (widget_class, StExportDialog, folder_label);
  gtk_widget_class_bind_template_child (widget_class, StExportDialog, name_entry);
  gtk_widget_class_bind_template_child (widget_class, StExportDialog, form);
  gtk_widget_class_bind_template_child (widget_class, StExportDialog, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, StExportDialog, status_label);
  gtk_widget_class_bind_template_child (widget_class, StExportDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, StExportDialog, export_button);
  gtk_widget_class_bind_template_child (widget_class, StExportDialog, open_folder_button);
  gtk_widget_class_bind_template_callback (widget_class, on_export);
  gtk_widget_class_bind_template_callback (widget_class, on_cancel);
  gtk_widget_class_bind_template_callback (widget_class, on_open_folder);
  gtk_widget_class_bind_template_callback (widget_class, on_sign_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_scope_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_choose_folder);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
st_export_dialog_init (StExportDialog *self)
{
  g_autofree char *hint = st_value_date_hint (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_entry_set_placeholder_text (self->since_entry, hint);
  gtk_entry_set_placeholder_text (self->until_entry, hint);
}

StExportDialog *
st_export_dialog_new (GtkWindow  *parent,
                      StSession  *session,
                      const char *folder,
                      const char *lot_number)
{
  StExportDialog *self = g_object_new (ST_TYPE_EXPORT_DIALOG, "transient-for", parent, NULL);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *name = g_date_time_format (now, "stroma-export-%Y-%m-%d-%H%M.xlsx");
  const char *documents = g_get_user_special_dir (G_USER_DIRECTORY_DOCUMENTS);

  self->session = g_object_ref (session);
  if (folder == NULL || *folder == '\0')
    folder = documents != NULL ? documents : g_get_home_dir ();
  st_export_dialog_set_folder (self, folder);
  gtk_editable_set_text (GTK_EDITABLE (self->name_entry), name);
  if (lot_number != NULL)
    {
      gtk_check_button_set_active (self->lots_check, TRUE);
      gtk_editable_set_text (GTK_EDITABLE (self->lots_entry), lot_number);
    }
  on_scope_changed (self);
  gtk_widget_grab_focus (self->export_button);
  return self;
}

void
st_export_dialog_set_folder (StExportDialog *self,
                             const char     *folder)
{
  g_free (self->folder);
  self->folder = g_strdup (folder);
  gtk_label_set_label (self->folder_label, folder);
}

void
st_export_dialog_set_scope (StExportDialog *self,
                            const char     *lots,
                            const char     *since,
                            const char     *until)
{
  if (lots != NULL)
    {
      gtk_check_button_set_active (self->lots_check, TRUE);
      gtk_editable_set_text (GTK_EDITABLE (self->lots_entry), lots);
    }
  else if (since != NULL || until != NULL)
    {
      g_autofree char *since_shown = since != NULL ? st_value_date_to_locale (since, NULL) : g_strdup ("");
      g_autofree char *until_shown = until != NULL ? st_value_date_to_locale (until, NULL) : g_strdup ("");

      gtk_check_button_set_active (self->dates_check, TRUE);
      gtk_editable_set_text (GTK_EDITABLE (self->since_entry), since_shown);
      gtk_editable_set_text (GTK_EDITABLE (self->until_entry), until_shown);
    }
  else
    gtk_check_button_set_active (self->all_check, TRUE);
}

void
st_export_dialog_run (StExportDialog *self,
                      const char     *file_name,
                      const char     *password)
{
  gtk_editable_set_text (GTK_EDITABLE (self->name_entry), file_name);
  gtk_switch_set_active (self->sign_switch, password != NULL);
  if (password != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->password_entry), password);
  on_export (self);
}

void
st_export_dialog_cancel (StExportDialog *self)
{
  on_cancel (self);
}

gboolean
st_export_dialog_is_busy (StExportDialog *self)
{
  return self->busy;
}

gboolean
st_export_dialog_is_done (StExportDialog *self)
{
  return self->done;
}

const char *
st_export_dialog_get_path (StExportDialog *self)
{
  return self->path;
}

const char *
st_export_dialog_get_status (StExportDialog *self)
{
  return gtk_label_get_label (self->status_label);
}
