/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "gui-fixture.h"
#include "gui-lots.h"

#include "st-export-dialog.h"

static GuiFixture *fixture;

static StExportDialog *
open_dialog (StWindow *window)
{
  StExportDialog *dialog;

  g_action_group_activate_action (G_ACTION_GROUP (window), "export", NULL);
  gui_spin (30);
  dialog = ST_EXPORT_DIALOG (gui_find_window (ST_TYPE_EXPORT_DIALOG));
  g_assert_nonnull (dialog);
  return dialog;
}

static gboolean
export_done (gpointer data)
{
  return !st_export_dialog_is_busy (data);
}

static GuiStall
run (StExportDialog *dialog,
     const char     *name,
     const char     *password)
{
  gui_stall_start ();
  st_export_dialog_run (dialog, name, password);
  g_assert_true (st_export_dialog_is_busy (dialog));
  g_assert_true (gui_wait_until (export_done, dialog, 60000));
  return gui_stall_stop ();
}

static gboolean
is_zip (const char *path)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  return g_file_get_contents (path, &contents, &length, NULL) && length > 4 && memcmp (contents, "PK\x03\x04", 4) == 0;
}

/* The workbook is written in a worker thread into the export folder of the
 * preferences, with its progress; the main loop keeps running. */
static void
test_workbook (void)
{
  StWindow *window = gui_fixture_window (fixture);
  StExportDialog *dialog;
  g_autofree char *expected = g_build_filename (fixture->folder, "out", "records.xlsx", NULL);
  GtkProgressBar *progress;
  GuiStall stall;

  gui_sign_in (window, "reviewer", GUI_PASSWORD);
  dialog = open_dialog (window);
  gui_assert_labelled (GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (dialog), ST_TYPE_EXPORT_DIALOG,
                                                                 "export_button")), "Export");
  st_export_dialog_set_scope (dialog, "EX-1 EX-2", NULL, NULL);
  stall = run (dialog, "records", NULL);
  gui_stall_check ("export (the workbook written in a worker thread)", stall);
  g_test_message ("%s", st_export_dialog_get_status (dialog));
  g_assert_true (st_export_dialog_is_done (dialog));
  g_assert_cmpstr (st_export_dialog_get_path (dialog), ==, expected);
  g_assert_true (is_zip (expected));
  g_assert_true (g_str_has_prefix (st_export_dialog_get_status (dialog), "Written records.xlsx: "));
  progress = GTK_PROGRESS_BAR (gtk_widget_get_template_child (GTK_WIDGET (dialog), ST_TYPE_EXPORT_DIALOG,
                                                              "progress_bar"));
  g_assert_cmpfloat (gtk_progress_bar_get_fraction (progress), ==, 1.0);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (dialog),
                                                                                    ST_TYPE_EXPORT_DIALOG,
                                                                                    "open_folder_button"))));
  gtk_window_destroy (GTK_WINDOW (dialog));
  gui_close_window (window);
}

/* Signing asks for the password; a wrong one writes nothing. */
static void
test_signed (void)
{
  StWindow *window = gui_fixture_window (fixture);
  StExportDialog *dialog;
  g_autofree char *wrong = g_build_filename (fixture->folder, "out", "wrong.xlsx", NULL);
  g_autofree char *path = g_build_filename (fixture->folder, "out", "signed.xlsx", NULL);
  g_autofree char *p7s = g_strconcat (path, ".p7s", NULL);

  gui_sign_in (window, "reviewer", GUI_PASSWORD);
  dialog = open_dialog (window);
  run (dialog, "wrong.xlsx", "not-the-password");
  g_assert_false (st_export_dialog_is_done (dialog));
  g_assert_cmpstr (st_export_dialog_get_status (dialog), ==, "password: wrong user name or password");
  g_assert_false (g_file_test (wrong, G_FILE_TEST_EXISTS));
  run (dialog, "signed.xlsx", GUI_PASSWORD);
  g_assert_true (st_export_dialog_is_done (dialog));
  g_assert_true (is_zip (path));
  g_assert_true (g_file_test (p7s, G_FILE_TEST_IS_REGULAR));
  gtk_window_destroy (GTK_WINDOW (dialog));
  gui_close_window (window);
}

/* Cancel stops the export and leaves no file. */
static void
test_cancel (void)
{
  StWindow *window = gui_fixture_window (fixture);
  StExportDialog *dialog;
  g_autofree char *path = g_build_filename (fixture->folder, "out", "cancelled.xlsx", NULL);

  gui_sign_in (window, "operator", GUI_PASSWORD);
  dialog = open_dialog (window);
  /* An operator has no signing certificate: said before any password. */
  gtk_switch_set_active (GTK_SWITCH (gtk_widget_get_template_child (GTK_WIDGET (dialog), ST_TYPE_EXPORT_DIALOG,
                                                                    "sign_switch")), TRUE);
  g_test_message ("%s", st_export_dialog_get_status (dialog));
  g_assert_nonnull (strstr (st_export_dialog_get_status (dialog), "signing"));
  gtk_switch_set_active (GTK_SWITCH (gtk_widget_get_template_child (GTK_WIDGET (dialog), ST_TYPE_EXPORT_DIALOG,
                                                                    "sign_switch")), FALSE);

  st_export_dialog_run (dialog, "cancelled.xlsx", NULL);
  st_export_dialog_cancel (dialog);
  g_assert_true (gui_wait_until (export_done, dialog, 60000));
  g_assert_false (st_export_dialog_is_done (dialog));
  g_assert_cmpstr (st_export_dialog_get_status (dialog), ==, "Cancelled: nothing was written.");
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  gtk_window_destroy (GTK_WINDOW (dialog));
  gui_close_window (window);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GuiFixture) owned = NULL;

  if (!gui_test_init (&argc, &argv))
    return g_test_run ();
  owned = fixture = gui_fixture_new (0);
  gui_make_lot (fixture, NULL, "EX-1", NULL, NULL, 10, GUI_LOT_OPEN);
  gui_make_lot (fixture, NULL, "EX-2", NULL, NULL, 5, GUI_LOT_OPEN);
  g_test_add_func ("/gui/export/workbook", test_workbook);
  g_test_add_func ("/gui/export/signed", test_signed);
  g_test_add_func ("/gui/export/cancel", test_cancel);
  return g_test_run ();
}
