/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "st-application.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "st-demo.h"
#include "st-window.h"

#define DEMO_LOTS 40

struct _StApplication {
  AdwApplication parent_instance;

  GSettings *settings;
  char *db;
  gboolean demo;
  char *demo_folder;
};

G_DEFINE_FINAL_TYPE (StApplication, st_application, ADW_TYPE_APPLICATION)

static const GOptionEntry options[] = {
  { "db", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("The database: a file, or a postgresql:// URI (default $STROMA_DB)"), N_("PATH") },
  { "demo", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Open a fresh demo site (in a temporary folder)"), NULL },
  { NULL }
};

static gint
st_application_handle_local_options (GApplication *application,
                                     GVariantDict *dict)
{
  StApplication *self = ST_APPLICATION (application);
  const char *db = NULL;

  if (g_variant_dict_lookup (dict, "db", "^&ay", &db))
    self->db = g_strdup (db);
  self->demo = g_variant_dict_contains (dict, "demo");
  return -1;
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  GtkApplication *application = user_data;

  adw_show_about_window (gtk_application_get_active_window (application),
                         "application-name", _("Stroma"),
                         "application-icon", APPLICATION_ID,
                         "version", PACKAGE_VERSION,
                         "comments", _("Batch records and release of mesenchymal stromal cell lots"),
                         "license-type", GTK_LICENSE_GPL_3_0,
                         NULL);
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  GtkApplication *application = user_data;
  GtkWindow *window;

  while ((window = gtk_application_get_active_window (application)) != NULL)
    gtk_window_destroy (window);
}

static const GActionEntry app_entries[] = {
  { "about", about_action },
  { "quit", quit_action },
};

static void
st_application_startup (GApplication *application)
{
  GtkApplication *gtk_application = GTK_APPLICATION (application);
  static const struct { const char *action; const char *accels[3]; } accels[] = {
    { "app.quit", { "<Control>q", NULL } },
    { "win.search", { "<Control>f", NULL } },
    { "win.save-results", { "<Control>s", NULL } },
    { "win.new-lot", { "<Control>n", NULL } },
    { "win.back", { "<Alt>Left", "<Alt>KP_Left", NULL } },
    { "win.refresh", { "F5", "<Control>r", NULL } },
    { "win.sign-out", { "<Control><Shift>q", NULL } },
    { "window.close", { "<Control>w", NULL } },
    { "win.export", { "<Control>e", NULL } },
    { "win.preferences", { "<Control>comma", NULL } },
    { "win.lock", { "<Control><Alt>l", NULL } },
    { "win.section::lots", { "<Control>1", NULL } },
    { "win.section::donors", { "<Control>2", NULL } },
    { "win.section::specs", { "<Control>3", NULL } },
    { "win.section::deviations", { "<Control>4", NULL } },
    { "win.section::audit", { "<Control>5", NULL } },
    { "win.section::trends", { "<Control>6", NULL } },
    { "win.section::users", { "<Control>7", NULL } },
  };

  G_APPLICATION_CLASS (st_application_parent_class)->startup (application);

  g_action_map_add_action_entries (G_ACTION_MAP (application), app_entries, G_N_ELEMENTS (app_entries), application);
  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (gtk_application, accels[i].action, accels[i].accels);
}

static void
bind_window_settings (StApplication *self,
                      StWindow      *window)
{
  if (self->settings == NULL)
    return;
  g_settings_bind (self->settings, "window-width", window, "default-width", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-height", window, "default-height", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-maximized", window, "maximized", G_SETTINGS_BIND_DEFAULT);
}

/* Shared by the main thread and the worker, which only reads the location:
 * the window is held weakly so that the worker (which may drop the last
 * reference to the task and its data) never releases a widget. */
typedef struct {
  char *location;
  GWeakRef window;
  GMainContext *context;      /* the main thread's, where the window is updated */
} Demo;

static void
demo_clear (Demo *demo)
{
  g_free (demo->location);
  g_weak_ref_clear (&demo->window);
  g_main_context_unref (demo->context);
}

static void
demo_unref (Demo *demo)
{
  g_atomic_rc_box_release_full (demo, (GDestroyNotify) demo_clear);
}

typedef struct {
  Demo *demo;
  double fraction;
} Progress;

static void
progress_free (Progress *progress)
{
  demo_unref (progress->demo);
  g_free (progress);
}

/* In the main thread. */
static gboolean
show_progress (gpointer user_data)
{
  Progress *progress = user_data;
  g_autoptr(StWindow) window = g_weak_ref_get (&progress->demo->window);

  /* A late report must not cover the page that follows. */
  if (window != NULL && g_strcmp0 (st_window_get_page_name (window), "loading") == 0)
    st_window_show_progress (window, _("Preparing the Demo Site"), progress->fraction);
  return G_SOURCE_REMOVE;
}

/* Called in the worker thread: the window is updated in the main one.  An
 * idle source, not g_main_context_invoke(), which runs the function right
 * here when the main context happens to be free. */
static void
demo_progress (guint    done,
               guint    total,
               gpointer user_data)
{
  Demo *demo = user_data;
  Progress *progress = g_new0 (Progress, 1);
  GSource *source = g_idle_source_new ();

  progress->demo = g_atomic_rc_box_acquire (demo);
  progress->fraction = total > 0 ? (double) done / total : 0.0;
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, show_progress, progress, (GDestroyNotify) progress_free);
  g_source_attach (source, demo->context);
  g_source_unref (source);
}

static void
demo_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  Demo *demo = task_data;
  GError *error = NULL;

  if (st_demo_create (demo->location, DEMO_LOTS, demo_progress, demo, NULL, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
demo_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Demo *demo = g_task_get_task_data (G_TASK (result));
  g_autoptr(StWindow) window = g_weak_ref_get (&demo->window);
  g_autoptr(GError) error = NULL;
  g_autoptr(StSession) session = NULL;

  if (window == NULL)
    return;
  if (!g_task_propagate_boolean (G_TASK (result), &error)
      || (session = st_session_open (demo->location, &error)) == NULL)
    {
      st_window_show_error (window, _("The Demo Site Could Not Be Made"), error->message);
      return;
    }
  st_window_show_sign_in (window, session, TRUE);
}

/* The demo site is made off the main thread: every demo user's password
 * goes through the slow key derivation. */
static void
start_demo (StApplication *self,
            StWindow      *window)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GTask) task = NULL;
  Demo *demo;

  self->demo_folder = g_dir_make_tmp ("stroma-demo-XXXXXX", &error);
  if (self->demo_folder == NULL)
    {
      st_window_show_error (window, _("The Demo Site Could Not Be Made"), error->message);
      return;
    }
  demo = g_atomic_rc_box_new0 (Demo);
  demo->location = g_build_filename (self->demo_folder, "stroma-demo.db", NULL);
  g_weak_ref_init (&demo->window, window);
  demo->context = g_main_context_ref_thread_default ();
  task = g_task_new (self, NULL, demo_done, NULL);
  g_task_set_task_data (task, demo, (GDestroyNotify) demo_unref);
  st_window_show_progress (window, _("Preparing the Demo Site"), 0.0);
  g_task_run_in_thread (task, demo_thread);
}

char *
st_application_default_location (StApplication *self)
{
  const char *env = g_getenv ("STROMA_DB");
  g_autofree char *preference = NULL;

  if (self->db != NULL)
    return g_strdup (self->db);
  if (env != NULL && *env != '\0')
    return g_strdup (env);
  if (self->settings != NULL)
    {
      preference = g_settings_get_string (self->settings, "database-file");
      if (*preference != '\0')
        return g_steal_pointer (&preference);
    }
  return g_build_filename (g_get_user_data_dir (), "stroma", "stroma.db", NULL);
}

static void
open_database (StApplication *self,
               StWindow      *window)
{
  g_autofree char *location = st_application_default_location (self);
  g_autoptr(GError) error = NULL;
  g_autoptr(StSession) session = NULL;

  if (!g_str_has_prefix (location, "postgresql://") && !g_file_test (location, G_FILE_TEST_EXISTS))
    {
      st_window_show_setup (window, location);
      return;
    }
  session = st_session_open (location, &error);
  if (session == NULL)
    {
      st_window_show_error (window, _("The Database Cannot Be Opened"), error->message);
      return;
    }
  st_window_show_sign_in (window, session, FALSE);
}

static void
st_application_activate (GApplication *application)
{
  StApplication *self = ST_APPLICATION (application);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (application));

  if (window != NULL)
    {
      gtk_window_present (window);
      return;
    }
  window = GTK_WINDOW (st_window_new (GTK_APPLICATION (application)));
  bind_window_settings (self, ST_WINDOW (window));
  gtk_window_present (window);
  if (self->demo)
    start_demo (self, ST_WINDOW (window));
  else
    open_database (self, ST_WINDOW (window));
}

static void
remove_demo_folder (StApplication *self)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (self->demo_folder == NULL)
    return;
  dir = g_dir_open (self->demo_folder, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (self->demo_folder, name, NULL);
      g_unlink (path);
    }
  g_rmdir (self->demo_folder);
  g_clear_pointer (&self->demo_folder, g_free);
}

static void
st_application_shutdown (GApplication *application)
{
  StApplication *self = ST_APPLICATION (application);

  G_APPLICATION_CLASS (st_application_parent_class)->shutdown (application);
  remove_demo_folder (self);
}

static void
st_application_finalize (GObject *object)
{
  StApplication *self = ST_APPLICATION (object);

  g_clear_object (&self->settings);
  g_free (self->db);
  g_free (self->demo_folder);
  G_OBJECT_CLASS (st_application_parent_class)->finalize (object);
}

static void
st_application_class_init (StApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *application_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = st_application_finalize;
  application_class->handle_local_options = st_application_handle_local_options;
  application_class->startup = st_application_startup;
  application_class->activate = st_application_activate;
  application_class->shutdown = st_application_shutdown;
}

static void
st_application_init (StApplication *self)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APPLICATION_ID, TRUE);
  if (schema != NULL)
    self->settings = g_settings_new_full (schema, NULL, NULL);
  g_application_add_main_option_entries (G_APPLICATION (self), options);
}

StApplication *
st_application_new (void)
{
  return g_object_new (ST_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "flags", G_APPLICATION_NON_UNIQUE,
                       "resource-base-path", "/org/stroma/Stroma",
                       NULL);
}

GSettings *
st_application_get_settings (StApplication *self)
{
  return self->settings;
}
