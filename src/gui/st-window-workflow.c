/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "st-window-private.h"

#include <glib/gi18n-lib.h>
#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>

#include "st-export-dialog.h"
#include "st-preferences-window.h"
#include "st-signing-dialog.h"

/* Submitting: no signature, a confirmation. */
static void
on_submit_response (AdwMessageDialog *dialog,
                    const char       *response,
                    StWindow         *self)
{
  const char *lot = g_object_get_data (G_OBJECT (dialog), "lot");
  g_autoptr(GError) error = NULL;
  g_autofree char *done = NULL;

  if (!g_str_equal (response, "submit"))
    return;
  if (!st_workflow_submit (self->session, lot, &error))
    {
      st_window_add_toast (self, error->message);
      return;
    }
  done = g_strdup_printf (_("%s was submitted for review."), lot);
  st_window_add_toast (self, done);
  st_window_reload_after_change (self);
}

static void
confirm_submit (StWindow   *self,
                const char *lot)
{
  g_autofree char *heading = g_strdup_printf (_("Submit %s for Review?"), lot);
  AdwMessageDialog *dialog;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), heading,
                                                       _("A reviewer checks every entry of the lot next. Results "
                                                         "can still be entered and corrected with a reason; a "
                                                         "change after the review voids it.")));
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "submit", _("_Submit for review"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "submit", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "submit");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "lot", g_strdup (lot), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_submit_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Certificates are private records: the export folder of the preferences,
 * else a folder only the user can read. */
static char *
certificate_folder (StWindow  *self,
                    GError   **error)
{
  GSettings *settings = st_window_get_settings (self);
  g_autofree char *folder = settings != NULL ? g_settings_get_string (settings, "export-folder") : NULL;

  if (folder != NULL && *folder != '\0' && g_file_test (folder, G_FILE_TEST_IS_DIR))
    return g_steal_pointer (&folder);
  g_free (folder);
  folder = g_build_filename (g_get_user_data_dir (), "stroma", "certificates", NULL);
  if (g_mkdir_with_parents (folder, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved), _("%s: cannot be made (%s)"), folder,
                   g_strerror (saved));
      return NULL;
    }
  return g_steal_pointer (&folder);
}

static gboolean
write_private (const char  *path,
               GBytes      *bytes,
               GError     **error)
{
  gsize size = 0;
  const char *data = g_bytes_get_data (bytes, &size);

  return g_file_set_contents_full (path, data, (gssize) size, G_FILE_SET_CONTENTS_CONSISTENT, 0600, error);
}

static void
on_viewer_opened (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  StWindow *self = ST_WINDOW (source);
  g_autoptr(GError) error = NULL;

  if (!gtk_show_uri_full_finish (GTK_WINDOW (self), result, &error))
    {
      g_autofree char *message = g_strdup_printf (_("No PDF viewer opened the certificate (%s); it is in %s."),
                                                  error->message, self->last_certificate);
      st_window_add_toast (self, message);
    }
}

/* The PDF and its detached signature, side by side; then the viewer. */
static void
write_certificate (StWindow            *self,
                   const StCertificate *certificate)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *folder = certificate_folder (self, &error);
  g_autofree char *name = NULL;
  g_autofree char *pdf = NULL;
  g_autofree char *p7s = NULL;
  g_autofree char *message = NULL;
  GSettings *settings = st_window_get_settings (self);

  if (folder == NULL)
    {
      st_window_add_toast (self, error->message);
      return;
    }
  name = g_str_equal (certificate->kind, "release")
         ? g_strdup_printf ("%s-certificate.pdf", certificate->lot_number)
         : g_strdup_printf ("%s-%s-certificate.pdf", certificate->lot_number, certificate->kind);
  pdf = g_build_filename (folder, name, NULL);
  p7s = g_strconcat (pdf, ".p7s", NULL);
  if (!write_private (pdf, certificate->pdf, &error) || !write_private (p7s, certificate->cms, &error))
    {
      message = g_strdup_printf (_("The certificate is stored in the database but could not be written: %s"),
                                 error->message);
      st_window_add_toast (self, message);
      return;
    }
  g_free (self->last_certificate);
  self->last_certificate = g_strdup (pdf);
  {
    g_autofree char *shown_folder = g_str_has_prefix (folder, g_get_home_dir ())
                                    ? g_strconcat ("~", folder + strlen (g_get_home_dir ()), NULL)
                                    : g_strdup (folder);
    message = g_strdup_printf (_("%s is certified: %s is in %s"), certificate->lot_number, name, shown_folder);
  }
  st_window_add_toast (self, message);
  if (settings == NULL || g_settings_get_boolean (settings, "open-certificate"))
    {
      g_autoptr(GFile) file = g_file_new_for_path (pdf);
      g_autofree char *uri = g_file_get_uri (file);

      gtk_show_uri_full (GTK_WINDOW (self), uri, GDK_CURRENT_TIME, NULL, on_viewer_opened, NULL);
    }
}

static void
on_signed (StWindow        *self,
           StSigningDialog *dialog)
{
  const char *lot = st_signing_dialog_get_record (dialog);
  g_autofree char *message = NULL;

  switch (st_signing_dialog_get_kind (dialog))
    {
    case ST_SIGNING_RELEASE:
      write_certificate (self, st_signing_dialog_get_certificate (dialog));
      break;
    case ST_SIGNING_REVIEW:
      message = g_strdup_printf (_("%s is reviewed: your signature is recorded."), lot);
      break;
    case ST_SIGNING_REJECT:
      message = g_strdup_printf (_("%s is rejected: your signature and the reason are recorded."), lot);
      break;
    case ST_SIGNING_APPROVE:
    default:
      break;
    }
  if (message != NULL)
    st_window_add_toast (self, message);
  st_window_reload_after_change (self);
}

void
st_window_on_workflow (StWindow   *self,
                       const char *kind)
{
  const char *lot = st_lot_page_get_lot_number (self->lot_page);
  g_autoptr(GError) error = NULL;
  StSigningDialog *dialog;
  StSigningKind signing;

  if (lot == NULL || self->session == NULL)
    return;
  if (g_str_equal (kind, "submit"))
    {
      confirm_submit (self, lot);
      return;
    }
  if (g_str_equal (kind, "review"))
    signing = ST_SIGNING_REVIEW;
  else if (g_str_equal (kind, "release"))
    signing = ST_SIGNING_RELEASE;
  else if (g_str_equal (kind, "reject"))
    signing = ST_SIGNING_REJECT;
  else
    return;
  dialog = st_signing_dialog_new (GTK_WINDOW (self), self->session, signing, lot, &error);
  if (dialog == NULL)
    {
      st_window_add_toast (self, error->message);
      return;
    }
  g_signal_connect_object (dialog, "signed", G_CALLBACK (on_signed), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
export_action (GSimpleAction *action,
               GVariant      *parameter,
               gpointer       user_data)
{
  StWindow *self = user_data;
  GSettings *settings = st_window_get_settings (self);
  g_autofree char *folder = settings != NULL ? g_settings_get_string (settings, "export-folder") : NULL;
  const char *page = st_window_get_page_name (self);
  StExportDialog *dialog;

  if (self->session == NULL || !st_session_is_signed_in (self->session))
    return;
  dialog = st_export_dialog_new (GTK_WINDOW (self), self->session, folder,
                                 g_strcmp0 (page, "lot") == 0 ? st_lot_page_get_lot_number (self->lot_page) : NULL);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  StWindow *self = user_data;
  GSettings *settings = st_window_get_settings (self);

  if (settings != NULL)
    gtk_window_present (GTK_WINDOW (st_preferences_window_new (GTK_WINDOW (self), settings)));
}

static const GActionEntry workflow_entries[] = {
  { "export", export_action },
  { "preferences", preferences_action },
};

void
st_window_workflow_init (StWindow *self)
{
  g_action_map_add_action_entries (G_ACTION_MAP (self), workflow_entries, G_N_ELEMENTS (workflow_entries), self);
  g_signal_connect_object (self->lot_page, "workflow", G_CALLBACK (st_window_on_workflow), self, G_CONNECT_SWAPPED);
}
