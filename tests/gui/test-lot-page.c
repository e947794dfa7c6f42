/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "gui-fixture.h"

#include <locale.h>

#include "st-history.h"
#include "st-lots.h"
#include "st-deviation-dialog.h"
#include "st-deviations.h"
#include "st-passage-dialog.h"
#include "st-reason-dialog.h"
#include "st-value.h"

static GuiFixture *fixture;

static StWindow *
open_lot (const char *lot_number)
{
  StWindow *window = gui_fixture_window (fixture);

  gui_sign_in (window, "operator", GUI_PASSWORD);
  g_assert_true (st_window_open_lot (window, lot_number));
  g_assert_cmpstr (st_window_get_page_name (window), ==, "lot");
  return window;
}

static StResultRow *
row (StWindow   *window,
     const char *param)
{
  StResultRow *found = st_results_panel_get_row (st_lot_page_get_results_panel (st_window_get_lot_page (window)),
                                                 param);
  g_assert_nonnull (found);
  return found;
}

/* Types into the item's entry as a person does (the GtkEntry's own text). */
static void
type (StWindow   *window,
      const char *param,
      const char *text)
{
  GtkWidget *input = st_result_row_get_input (row (window, param));

  g_assert_true (GTK_IS_EDITABLE (input));
  gtk_editable_set_text (GTK_EDITABLE (input), text);
}

static void
save (StWindow *window)
{
  g_action_group_activate_action (G_ACTION_GROUP (window), "save-results", NULL);
  gui_spin (50);
}

/* The current (not superseded) value of @param, or NULL. */
static const char *
current_value (const StLot *lot,
               const char  *param)
{
  for (guint i = 0; i < lot->results->len; i++)
    {
      const StResultRecord *result = g_ptr_array_index (lot->results, i);
      if (g_str_equal (result->param, param) && !result->superseded)
        return result->value;
    }
  return NULL;
}

static StLot *
read_lot (const char *lot_number)
{
  GError *error = NULL;
  StLot *lot = st_lots_get (fixture->session, lot_number, &error);

  g_assert_no_error (error);
  return lot;
}

/* The audit entries of the lot's results, "action field old>new reason". */
static char *
result_trail (const char *lot_number)
{
  GError *error = NULL;
  g_autoptr(GPtrArray) entries = st_history_lot (fixture->session, lot_number, &error);
  g_autoptr(GString) text = g_string_new (NULL);

  g_assert_no_error (error);
  for (guint i = 0; i < entries->len; i++)
    {
      const StAuditEntry *entry = g_ptr_array_index (entries, i);
      if (!g_str_equal (entry->table, "results"))
        continue;
      g_string_append_printf (text, "%s%s %s %s>%s %s", text->len > 0 ? "; " : "", entry->action, entry->field,
                              entry->old_value ? entry->old_value : "", entry->new_value,
                              entry->reason ? entry->reason : "-");
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static StReasonDialog *
find_reason_dialog (void)
{
  g_autoptr(GList) windows = gtk_window_list_toplevels ();

  for (GList *l = windows; l != NULL; l = l->next)
    if (ST_IS_REASON_DIALOG (l->data) && gtk_widget_get_visible (l->data))
      return l->data;
  return NULL;
}

static void
test_open (void)
{
  StWindow *window = open_lot ("GUI-0001");
  GtkWidget *focus;

  /* One row per item, each entry named by the item's test. */
  gtk_test_accessible_assert_property (st_result_row_get_input (row (window, "viability")),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Viability");
  gtk_test_accessible_assert_property (st_result_row_get_input (row (window, "cd73")),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "CD73");
  gtk_test_accessible_assert_property (st_result_row_get_input (row (window, "endotoxin")),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Endotoxin");
  g_assert_null (st_result_row_get_input (row (window, "cumulative_pd")));
  gui_assert_labelled (GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (st_window_get_lot_page (window)),
                                                                 ST_TYPE_LOT_PAGE, "save_button")),
                       "Save results");

  /* Commands have keys: Ctrl+S saves, Ctrl+F searches. */
  {
    g_auto(GStrv) save = gtk_application_get_accels_for_action (GTK_APPLICATION (fixture->application),
                                                                "win.save-results");
    g_auto(GStrv) search = gtk_application_get_accels_for_action (GTK_APPLICATION (fixture->application),
                                                                  "win.search");
    g_assert_true (g_strv_contains ((const char * const *) save, "<Control>s"));
    g_assert_true (g_strv_contains ((const char * const *) search, "<Control>f"));
  }

  /* The focus waits in the first item without a value; Enter walks down. */
  focus = gtk_root_get_focus (GTK_ROOT (window));
  g_assert_true (gtk_widget_is_ancestor (focus, st_result_row_get_input (row (window, "appearance")))
                 || focus == st_result_row_get_input (row (window, "appearance")));
  gtk_widget_grab_focus (st_result_row_get_input (row (window, "viability")));
  g_signal_emit_by_name (st_result_row_get_input (row (window, "viability")), "activate");
  focus = gtk_root_get_focus (GTK_ROOT (window));
  g_assert_true (gtk_widget_is_ancestor (focus, st_result_row_get_input (row (window, "cell_concentration")))
                 || focus == st_result_row_get_input (row (window, "cell_concentration")));
  gui_close_window (window);
}

static void
test_valid_and_invalid (void)
{
  StWindow *window = open_lot ("GUI-0001");
  g_autoptr(StLot) lot = NULL;
  g_autofree char *trail = NULL;
  const char *summary;

  type (window, "viability", "92.5");
  g_assert_cmpint (st_result_row_get_state (row (window, "viability")), ==, ST_RESULT_CHANGED);
  type (window, "cd73", "105");
  g_assert_cmpint (st_result_row_get_state (row (window, "cd73")), ==, ST_RESULT_INVALID);
  /* The message names the field and the bound, before anything is saved. */
  g_assert_cmpstr (st_result_row_get_error (row (window, "cd73")), ==, "cd73: 105 is above 100 % positive");
  type (window, "cd90", "ninety");
  g_assert_cmpint (st_result_row_get_state (row (window, "cd90")), ==, ST_RESULT_INVALID);
  g_assert_cmpstr (st_result_row_get_error (row (window, "cd90")), ==, "cd90: 'ninety' is not a number");
  type (window, "endotoxin", "0.6");
  g_assert_cmpint (st_result_row_get_state (row (window, "endotoxin")), ==, ST_RESULT_CHANGED);
  type (window, "cell_concentration", "-1");
  g_assert_cmpint (st_result_row_get_state (row (window, "cell_concentration")), ==, ST_RESULT_INVALID);

  save (window);

  /* Exactly the valid entries were recorded, and audited. */
  lot = read_lot ("GUI-0001");
  g_assert_cmpstr (current_value (lot, "viability"), ==, "92.5");
  g_assert_cmpstr (current_value (lot, "endotoxin"), ==, "0.6");
  g_assert_null (current_value (lot, "cd73"));
  g_assert_null (current_value (lot, "cd90"));
  g_assert_null (current_value (lot, "cell_concentration"));
  g_assert_cmpuint (lot->results->len, ==, 2);
  trail = result_trail ("GUI-0001");
  g_assert_cmpstr (trail, ==, "create viability >92.5 -; create endotoxin >0.6 -");
  /* Endotoxin 0.6 is out of specification: a result all the same. */
  g_assert_cmpint (st_lot_check_find (lot->check, "endotoxin")->verdict, ==, ST_VERDICT_OOS);

  /* The refused entries stay on the screen with their message. */
  g_assert_cmpint (st_result_row_get_state (row (window, "cd73")), ==, ST_RESULT_INVALID);
  g_assert_cmpstr (st_result_row_get_error (row (window, "cd73")), ==, "cd73: 105 is above 100 % positive");
  g_assert_cmpint (st_result_row_get_state (row (window, "viability")), ==, ST_RESULT_UNCHANGED);
  summary = st_results_panel_get_summary (st_lot_page_get_results_panel (st_window_get_lot_page (window)));
  g_test_message ("summary: %s", summary);
  g_assert_nonnull (strstr (summary, "2 results saved"));
  g_assert_nonnull (strstr (summary, "3 entries are not valid"));

  /* Saving again with only invalid entries saves nothing. */
  save (window);
  g_clear_pointer (&lot, st_lot_free);
  lot = read_lot ("GUI-0001");
  g_assert_cmpuint (lot->results->len, ==, 2);
  gui_close_window (window);
}

static void
test_correction (void)
{
  StWindow *window = open_lot ("GUI-0002");
  StReasonDialog *dialog;
  g_autoptr(StLot) lot = NULL;
  g_autofree char *trail = NULL;

  type (window, "viability", "80");
  save (window);
  g_assert_null (find_reason_dialog ());
  g_assert_cmpint (st_result_row_get_state (row (window, "viability")), ==, ST_RESULT_UNCHANGED);

  /* Changing the saved value asks why; cancelling saves nothing. */
  type (window, "viability", "82");
  save (window);
  dialog = find_reason_dialog ();
  g_assert_nonnull (dialog);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  gtk_window_close (GTK_WINDOW (dialog));
  gui_spin (50);
  lot = read_lot ("GUI-0002");
  g_assert_cmpstr (current_value (lot, "viability"), ==, "80");
  g_clear_pointer (&lot, st_lot_free);

  save (window);
  dialog = find_reason_dialog ();
  g_assert_nonnull (dialog);
  /* No reason, no confirmation. */
  g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "confirm"));
  st_reason_dialog_confirm (dialog, "transcription error");
  gui_spin (50);
  g_assert_null (find_reason_dialog ());

  lot = read_lot ("GUI-0002");
  g_assert_cmpstr (current_value (lot, "viability"), ==, "82");
  g_assert_cmpuint (lot->results->len, ==, 2);
  trail = result_trail ("GUI-0002");
  g_assert_cmpstr (trail, ==, "create viability >80 -; correct viability 80>82 transcription error");
  g_assert_cmpint (st_result_row_get_state (row (window, "viability")), ==, ST_RESULT_UNCHANGED);
  gui_close_window (window);
}

static void
test_locale_german (void)
{
  StWindow *window;
  g_autoptr(StLot) lot = NULL;
  GError *error = NULL;

  if (setlocale (LC_ALL, "de_DE.UTF-8") == NULL)
    {
      g_test_skip ("the locale de_DE.UTF-8 is not installed (localedef -i de_DE -f UTF-8 de_DE.UTF-8)");
      return;
    }
  g_assert_true (st_lots_record_result (fixture->session, "GUI-0003", "cell_concentration", "2.45", NULL, &error));
  g_assert_no_error (error);

  window = open_lot ("GUI-0003");
  /* Saved values are shown the German way. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (st_result_row_get_input (row (window, "cell_concentration")))),
                   ==, "2,45");
  type (window, "viability", "92,5");
  g_assert_cmpint (st_result_row_get_state (row (window, "viability")), ==, ST_RESULT_CHANGED);
  g_assert_cmpstr (st_result_row_get_value (row (window, "viability")), ==, "92.5");
  type (window, "cd73", "97.5");
  g_assert_cmpint (st_result_row_get_state (row (window, "cd73")), ==, ST_RESULT_INVALID);
  g_assert_cmpstr (st_result_row_get_error (row (window, "cd73")), ==, "cd73: use ',' as the decimal separator");
  type (window, "cd90", "1.000,5");
  g_assert_cmpint (st_result_row_get_state (row (window, "cd90")), ==, ST_RESULT_INVALID);
  g_assert_nonnull (strstr (st_result_row_get_error (row (window, "cd90")), "ambiguous"));
  type (window, "cd105", "99,0");
  save (window);

  lot = read_lot ("GUI-0003");
  g_assert_cmpstr (current_value (lot, "viability"), ==, "92.5");
  g_assert_cmpstr (current_value (lot, "cd105"), ==, "99.0");
  g_assert_null (current_value (lot, "cd73"));
  g_assert_null (current_value (lot, "cd90"));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (st_result_row_get_input (row (window, "viability")))),
                   ==, "92,5");
  gui_close_window (window);
  setlocale (LC_ALL, "C.UTF-8");
}

static GtkWindow *
find_dialog (GType type)
{
  g_autoptr(GList) windows = gtk_window_list_toplevels ();

  for (GList *l = windows; l != NULL; l = l->next)
    if (G_TYPE_CHECK_INSTANCE_TYPE (l->data, type) && gtk_widget_get_visible (l->data))
      return l->data;
  return NULL;
}

static GtkWidget *
dialog_child (GtkWindow  *dialog,
              GType       type,
              const char *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (dialog), type, name);

  g_assert_nonnull (object);
  return GTK_WIDGET (object);
}


/* Dates are typed and shown in the locale's order; the core gets ISO 8601. */
static void
test_german_dates (void)
{
  StWindow *window;
  GtkWidget *page;
  GtkWindow *dialog;
  g_autoptr(StLot) lot = NULL;
  g_autofree char *iso = NULL;
  g_autofree char *german = NULL;
  g_autofree char *today = NULL;
  const StPassageRecord *passage;
  GDate date;

  g_assert_nonnull (setlocale (LC_ALL, "de_DE.UTF-8"));
  window = open_lot ("GUI-0002");
  page = GTK_WIDGET (st_window_get_lot_page (window));
  gtk_widget_activate_action (page, "lot.add-passage", NULL);
  dialog = find_dialog (ST_TYPE_PASSAGE_DIALOG);
  g_assert_nonnull (dialog);

  st_value_today (&date);
  today = g_strdup_printf ("%02d.%02d.%04d", g_date_get_day (&date), g_date_get_month (&date), g_date_get_year (&date));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (dialog_child (dialog, ST_TYPE_PASSAGE_DIALOG,
                                                                      "harvested_on_entry"))), ==, today);
  g_date_subtract_days (&date, 7);
  german = g_strdup_printf ("%d.%d.%04d", g_date_get_day (&date), g_date_get_month (&date), g_date_get_year (&date));
  iso = g_strdup_printf ("%04d-%02d-%02d", g_date_get_year (&date), g_date_get_month (&date), g_date_get_day (&date));
  gtk_editable_set_text (GTK_EDITABLE (dialog_child (dialog, ST_TYPE_PASSAGE_DIALOG, "seeded_entry")), "1000000");
  gtk_editable_set_text (GTK_EDITABLE (dialog_child (dialog, ST_TYPE_PASSAGE_DIALOG, "harvested_entry")), "8000000");
  /* No such day: refused in the dialog, naming the field. */
  gtk_editable_set_text (GTK_EDITABLE (dialog_child (dialog, ST_TYPE_PASSAGE_DIALOG, "seeded_on_entry")), "31.02.2026");
  g_signal_emit_by_name (dialog_child (dialog, ST_TYPE_PASSAGE_DIALOG, "action_button"), "clicked");
  g_assert_true (find_dialog (ST_TYPE_PASSAGE_DIALOG) == dialog);
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (dialog_child (dialog, ST_TYPE_PASSAGE_DIALOG,
                                                                          "error_label"))), "seeded-on"));
  gtk_editable_set_text (GTK_EDITABLE (dialog_child (dialog, ST_TYPE_PASSAGE_DIALOG, "seeded_on_entry")), german);
  g_signal_emit_by_name (dialog_child (dialog, ST_TYPE_PASSAGE_DIALOG, "action_button"), "clicked");
  gui_spin (50);
  g_assert_null (find_dialog (ST_TYPE_PASSAGE_DIALOG));

  lot = read_lot ("GUI-0002");
  g_assert_cmpuint (lot->passages->len, ==, 1);
  passage = g_ptr_array_index (lot->passages, 0);
  g_assert_cmpstr (passage->seeded_on, ==, iso);
  g_assert_cmpint (passage->harvested, ==, 8000000);
  gui_close_window (window);
  setlocale (LC_ALL, "C.UTF-8");
}

/* Passages and deviations through their dialogs; the page shows them. */
static void
test_passage_and_deviation (void)
{
  StWindow *window = open_lot ("GUI-0003");
  GtkWidget *page = GTK_WIDGET (st_window_get_lot_page (window));
  GtkWindow *dialog;
  g_autoptr(StLot) lot = NULL;
  g_autofree char *seeded_on = NULL;
  GDate date;

  gtk_widget_activate_action (page, "lot.add-passage", NULL);
  dialog = find_dialog (ST_TYPE_PASSAGE_DIALOG);
  g_assert_nonnull (dialog);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (dialog_child (dialog, ST_TYPE_PASSAGE_DIALOG, "number_entry"))),
                   ==, "1");
  st_value_today (&date);
  g_date_subtract_days (&date, 7);
  seeded_on = g_strdup_printf ("%04d-%02d-%02d", g_date_get_year (&date), g_date_get_month (&date),
                               g_date_get_day (&date));
  gtk_editable_set_text (GTK_EDITABLE (dialog_child (dialog, ST_TYPE_PASSAGE_DIALOG, "seeded_entry")), "1000000");
  gtk_editable_set_text (GTK_EDITABLE (dialog_child (dialog, ST_TYPE_PASSAGE_DIALOG, "harvested_entry")), "8000000");
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (dialog_child (dialog, ST_TYPE_PASSAGE_DIALOG, "pd_label"))),
                   ==, "Population doublings: 3.00");
  /* A refusal of the core stays in the dialog. */
  gtk_editable_set_text (GTK_EDITABLE (dialog_child (dialog, ST_TYPE_PASSAGE_DIALOG, "seeded_on_entry")), "yesterday");
  g_signal_emit_by_name (dialog_child (dialog, ST_TYPE_PASSAGE_DIALOG, "action_button"), "clicked");
  g_assert_true (find_dialog (ST_TYPE_PASSAGE_DIALOG) == dialog);
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (dialog_child (dialog, ST_TYPE_PASSAGE_DIALOG,
                                                                          "error_label"))), "seeded-on"));
  gtk_editable_set_text (GTK_EDITABLE (dialog_child (dialog, ST_TYPE_PASSAGE_DIALOG, "seeded_on_entry")), seeded_on);
  g_signal_emit_by_name (dialog_child (dialog, ST_TYPE_PASSAGE_DIALOG, "action_button"), "clicked");
  gui_spin (50);
  g_assert_null (find_dialog (ST_TYPE_PASSAGE_DIALOG));

  gtk_widget_activate_action (page, "lot.open-deviation", NULL);
  dialog = find_dialog (ST_TYPE_DEVIATION_DIALOG);
  g_assert_nonnull (dialog);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (dialog_child (dialog, ST_TYPE_DEVIATION_DIALOG, "severity_dropdown")), 1);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (dialog_child (dialog, ST_TYPE_DEVIATION_DIALOG,
                                                                                  "text_view"))),
                            "Incubator alarm during passage 1", -1);
  g_signal_emit_by_name (dialog_child (dialog, ST_TYPE_DEVIATION_DIALOG, "action_button"), "clicked");
  gui_spin (50);
  g_assert_null (find_dialog (ST_TYPE_DEVIATION_DIALOG));

  lot = read_lot ("GUI-0003");
  g_assert_cmpuint (lot->passages->len, ==, 1);
  g_assert_cmpint (((StPassageRecord *) g_ptr_array_index (lot->passages, 0))->harvested, ==, 8000000);
  g_assert_cmpstr (lot->check->cumulative_pd, ==, "3.00");
  g_assert_cmpuint (lot->deviations->len, ==, 1);
  g_assert_cmpstr (((StDeviationRecord *) g_ptr_array_index (lot->deviations, 0))->severity, ==, "major");
  /* The page shows the derived values at once. */
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (gtk_widget_get_template_child (GTK_WIDGET (row (window, "passage")),
                                                                                ST_TYPE_RESULT_ROW, "derived_label"))),
                   ==, "1");
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (gtk_widget_get_template_child (GTK_WIDGET (row (window,
                                                                                                   "cumulative_pd")),
                                                                                ST_TYPE_RESULT_ROW, "derived_label"))),
                   ==, "3.00");
  gui_close_window (window);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GuiFixture) owned = NULL;

  if (!gui_test_init (&argc, &argv))
    return g_test_run ();
  owned = fixture = gui_fixture_new (3);
  g_test_add_func ("/gui/lot-page/open", test_open);
  g_test_add_func ("/gui/lot-page/valid-and-invalid", test_valid_and_invalid);
  g_test_add_func ("/gui/lot-page/correction", test_correction);
  g_test_add_func ("/gui/lot-page/passage-and-deviation", test_passage_and_deviation);
  g_test_add_func ("/gui/lot-page/german-dates", test_german_dates);
  g_test_add_func ("/gui/lot-page/locale-german", test_locale_german);
  return g_test_run ();
}
