/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "st-setup-page.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "st-site.h"

struct _StSetupPage {
  AdwBin parent_instance;

  GtkLabel *location_label;
  GtkEntry *site_entry;
  GtkEntry *admin_entry;
  GtkEntry *full_name_entry;
  GtkPasswordEntry *password_entry;
  GtkPasswordEntry *repeat_entry;
  GtkLabel *error_label;
  GtkButton *create_button;
  GtkLabel *cli_label;

  char *location;
  GCancellable *cancellable;
};

G_DEFINE_FINAL_TYPE (StSetupPage, st_setup_page, ADW_TYPE_BIN)

enum {
  SIGNAL_CREATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct {
  char *location;
  char *site_name;
  char *admin;
  char *full_name;
  char *password;
} Setup;

static void
setup_free (Setup *setup)
{
  g_free (setup->location);
  g_free (setup->site_name);
  g_free (setup->admin);
  g_free (setup->full_name);
  st_secret_free (setup->password);   /* overwritten (OPENSSL_cleanse), then freed */
  g_free (setup);
}

static void
create_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Setup *setup = task_data;
  g_autofree char *folder = g_path_get_dirname (setup->location);
  StSiteSetup site = {
    .site_name = setup->site_name,
    .admin_username = setup->admin,
    .admin_full_name = *setup->full_name != '\0' ? setup->full_name : NULL,
    .admin_password = setup->password,
  };
  GError *error = NULL;
  StSession *session;

  if (g_mkdir_with_parents (folder, 0700) != 0)
    {
      int saved = errno;
      g_task_return_new_error (task, G_IO_ERROR, g_io_error_from_errno (saved),
                               _("database: cannot create the folder %s: %s"), folder, g_strerror (saved));
      return;
    }
  session = st_site_create (setup->location, &site, &error);
  if (session == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, session, g_object_unref);
}

static void
show_error (StSetupPage *self,
            const char  *message)
{
  gtk_label_set_label (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void
set_busy (StSetupPage *self,
          gboolean     busy)
{
  gtk_widget_set_sensitive (GTK_WIDGET (self->create_button), !busy);
  gtk_button_set_label (self->create_button, busy ? _("Creating the site…") : _("_Create site"));
}

static void
create_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  StSetupPage *self = ST_SETUP_PAGE (source);
  g_autoptr(GError) error = NULL;
  g_autoptr(StSession) session = g_task_propagate_pointer (G_TASK (result), &error);

  set_busy (self, FALSE);
  gtk_editable_set_text (GTK_EDITABLE (self->password_entry), "");
  gtk_editable_set_text (GTK_EDITABLE (self->repeat_entry), "");
  if (session == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, error->message);
      return;
    }
  show_error (self, NULL);
  g_signal_emit (self, signals[SIGNAL_CREATED], 0, session);
}

static void
on_create (StSetupPage *self)
{
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->password_entry));
  const char *repeat = gtk_editable_get_text (GTK_EDITABLE (self->repeat_entry));
  g_autoptr(GTask) task = NULL;
  Setup *setup;

  if (!gtk_widget_get_sensitive (GTK_WIDGET (self->create_button)) || self->location == NULL)
    return;
  if (!g_str_equal (password, repeat))
    {
      show_error (self, _("password: the two passwords differ"));
      gtk_widget_grab_focus (GTK_WIDGET (self->repeat_entry));
      return;
    }
  setup = g_new0 (Setup, 1);
  setup->location = g_strdup (self->location);
  setup->site_name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->site_entry))));
  setup->admin = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->admin_entry))));
  setup->full_name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->full_name_entry))));
  setup->password = g_strdup (password);
  task = g_task_new (self, self->cancellable, create_done, NULL);
  g_task_set_task_data (task, setup, (GDestroyNotify) setup_free);
  set_busy (self, TRUE);
  g_task_run_in_thread (task, create_thread);
}

/* Enter moves to the next field; in the last one it creates the site. */
static void
on_entry_activate (StSetupPage *self,
                   GtkWidget   *entry)
{
  if (entry == GTK_WIDGET (self->repeat_entry))
    on_create (self);
  else
    gtk_widget_child_focus (GTK_WIDGET (self), GTK_DIR_TAB_FORWARD);
}

static void
st_setup_page_dispose (GObject *object)
{
  StSetupPage *self = ST_SETUP_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), ST_TYPE_SETUP_PAGE);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->location, g_free);
  G_OBJECT_CLASS (st_setup_page_parent_class)->dispose (object);
}

static void
st_setup_page_class_init (StSetupPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = st_setup_page_dispose;

  signals[SIGNAL_CREATED] =
    g_signal_new ("created", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_OBJECT);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/stroma/Stroma/ui/st-setup-page.ui");
  gtk_widget_class_bind_template_child (widget_class, StSetupPage, location_label);
  gtk_widget_class_bind_template_child (widget_class, StSetupPage, site_entry);
  gtk_widget_class_bind_template_child (widget_class, StSetupPage, admin_entry);
  gtk_widget_class_bind_template_child (widget_class, StSetupPage, full_name_entry);
  gtk_widget_class_bind_template_child (widget_class, StSetupPage, password_entry);
  gtk_widget_class_bind_template_child (widget_class, StSetupPage, repeat_entry);
  gtk_widget_class_bind_template_child (widget_class, StSetupPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, StSetupPage, create_button);
  gtk_widget_class_bind_template_child (widget_class, StSetupPage, cli_label);
  gtk_widget_class_bind_template_callback (widget_class, on_create);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_activate);
}

static void
st_setup_page_init (StSetupPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
}

void
st_setup_page_set_location (StSetupPage *self,
                            const char  *location)
{
  g_autofree char *where = NULL;
  g_autofree char *cli = NULL;
  g_autofree char *quoted = NULL;

  g_return_if_fail (ST_IS_SETUP_PAGE (self));

  g_free (self->location);
  self->location = g_strdup (location);
  where = g_strdup_printf (_("There is no Stroma database at %s. Create a new site there: its name and "
                             "the first administrator, who then adds the other users."), location);
  gtk_label_set_label (self->location_label, where);
  quoted = g_shell_quote (location);
  cli = g_strdup_printf (_("Or create it on the command line:\nstromactl --db %s init --admin NAME --site \"SITE NAME\""),
                         quoted);
  gtk_label_set_label (self->cli_label, cli);
  gtk_widget_grab_focus (GTK_WIDGET (self->site_entry));
}
