/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "st-lot-page.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>

#include "st-deviation-dialog.h"
#include "st-deviations.h"
#include "st-donors.h"
#include "st-format.h"
#include "st-history.h"
#include "st-history-item.h"
#include "st-history-row.h"
#include "st-lot-spec.h"
#include "st-passage-dialog.h"
#include "st-record-item.h"
#include "st-record-row.h"
#include "st-signing.h"

struct _StLotPage {
  AdwBin parent_instance;

  AdwWindowTitle *window_title;
  GtkWidget *save_button;
  GtkLabel *save_summary_label;
  GtkLabel *lot_label;
  GtkLabel *meta_label;
  GtkLabel *status_label;
  GtkWidget *verdict_box;
  GtkImage *verdict_icon;
  GtkLabel *verdict_label;
  GtkWidget *workflow_box;
  GtkWidget *submit_button;
  GtkWidget *review_button;
  GtkWidget *release_button;
  GtkWidget *reject_button;
  GtkLabel *flag_label;
  GtkLabel *lock_label;
  StResultsPanel *results_panel;
  GtkListBox *passages_list;
  GtkLabel *passages_empty;
  GtkLabel *derived_label;
  GtkListBox *donors_list;
  GtkLabel *donors_empty;
  GtkListBox *deviations_list;
  GtkLabel *deviations_empty;
  GtkListBox *signatures_list;
  GtkLabel *signatures_empty;
  GtkListBox *history_list;

  StSession *session;
  StLot *lot;
  char *verdict_class;
  GListStore *passages;
  GListStore *donors;
  GListStore *deviations;
  GListStore *signatures;
  GListStore *history;
};

G_DEFINE_FINAL_TYPE (StLotPage, st_lot_page, ADW_TYPE_BIN)

enum {
  SIGNAL_WORKFLOW,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static gboolean
status_is (StLotPage  *self,
           const char *status)
{
  return self->lot != NULL && g_str_equal (self->lot->record->status, status);
}

/* May this user enter data into the lot in its state?  The core decides;
 * this only keeps the screen honest. */
static gboolean
can_enter_data (StLotPage *self)
{
  return st_session_has_role (self->session, ST_ROLE_OPERATOR)
      && (status_is (self, "open") || status_is (self, "in_review") || status_is (self, "reviewed")
          || status_is (self, "released_initial"));
}

static void
show_header (StLotPage *self)
{
  const StLotRecord *record = self->lot->record;
  StBadge verdict = st_format_lot_verdict (record->verdict);
  g_autofree char *created = st_format_time (record->created_at);
  g_autofree char *meta = g_strdup_printf (_("%s · specification %s v%" PRId64 " · created %s by %s"),
                                           record->product, record->spec_code, record->spec_version,
                                           created, record->created_by_name);

  adw_window_title_set_title (self->window_title, record->lot_number);
  adw_window_title_set_subtitle (self->window_title, st_format_status (record->status));
  gtk_label_set_label (self->lot_label, record->lot_number);
  gtk_label_set_label (self->meta_label, meta);
  gtk_label_set_label (self->status_label, st_format_status (record->status));
  if (self->verdict_class != NULL)
    gtk_widget_remove_css_class (self->verdict_box, self->verdict_class);
  g_free (self->verdict_class);
  self->verdict_class = g_strdup (verdict.css_class);
  gtk_widget_add_css_class (self->verdict_box, verdict.css_class);
  gtk_image_set_from_icon_name (self->verdict_icon, verdict.icon_name);
  gtk_label_set_label (self->verdict_label, verdict.label);

  gtk_label_set_label (self->flag_label, record->flag != NULL ? record->flag : "");
  gtk_widget_set_visible (GTK_WIDGET (self->flag_label), record->flag != NULL);

  if (status_is (self, "released") || status_is (self, "released_exceptional"))
    gtk_label_set_label (self->lock_label, _("This lot is released: its data are locked."));
  else if (status_is (self, "rejected"))
    gtk_label_set_label (self->lock_label, _("This lot is rejected: its data are locked."));
  else if (status_is (self, "released_initial") && st_session_has_role (self->session, ST_ROLE_OPERATOR))
    gtk_label_set_label (self->lock_label,
                         _("Initial certification: only the results that may be pending can still be entered."));
  else if (!st_session_has_role (self->session, ST_ROLE_OPERATOR))
    gtk_label_set_label (self->lock_label, _("Operators enter the data of a lot; you can read it here."));
  else
    gtk_label_set_label (self->lock_label, "");
  gtk_widget_set_visible (GTK_WIDGET (self->lock_label), *gtk_label_get_label (self->lock_label) != '\0');
}

static void
show_workflow (StLotPage *self)
{
  gboolean operator = st_session_has_role (self->session, ST_ROLE_OPERATOR);
  gboolean reviewer = st_session_has_role (self->session, ST_ROLE_REVIEWER);
  gboolean qp = st_session_has_role (self->session, ST_ROLE_QP);
  gboolean before_release = status_is (self, "open") || status_is (self, "in_review") || status_is (self, "reviewed");
  /* The buttons appear once the dialogs that carry them out are connected. */
  gboolean wired = g_signal_has_handler_pending (self, signals[SIGNAL_WORKFLOW], 0, FALSE);

  gtk_widget_set_visible (self->submit_button, wired && operator && status_is (self, "open"));
  gtk_widget_set_visible (self->review_button, wired && reviewer && status_is (self, "in_review"));
  gtk_widget_set_visible (self->release_button,
                          wired && qp && (status_is (self, "reviewed") || status_is (self, "released_initial")));
  gtk_widget_set_visible (self->reject_button, wired && (reviewer || qp) && before_release);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "lot.add-passage",
                                 operator && before_release);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "lot.open-deviation",
                                 st_session_has_role (self->session, ST_ROLE_OPERATOR | ST_ROLE_REVIEWER | ST_ROLE_QP)
                                 && !status_is (self, "rejected"));
}

static void
show_list (GListStore *store,
           GtkListBox *list,
           GtkLabel   *empty_label)
{
  gboolean empty = g_list_model_get_n_items (G_LIST_MODEL (store)) == 0;

  gtk_widget_set_visible (GTK_WIDGET (list), !empty);
  gtk_widget_set_visible (GTK_WIDGET (empty_label), empty);
}

static void
show_passages (StLotPage *self)
{
  const StLotCheck *check = self->lot->check;

  g_list_store_remove_all (self->passages);
  for (guint i = 0; i < self->lot->passages->len; i++)
    {
      const StPassageRecord *passage = g_ptr_array_index (self->lot->passages, i);
      double pd = st_evaluate_population_doublings (passage->seeded, passage->harvested);
      g_autofree char *title = g_strdup_printf (_("Passage %" PRId64), passage->number);
      g_autofree char *entered = st_format_time (passage->entered_at);
      g_autofree char *seeded_on = st_format_day (passage->seeded_on);
      g_autofree char *harvested_on = st_format_day (passage->harvested_on);
      g_autofree char *subtitle = g_strdup_printf (_("Seeded %s · harvested %s · entered by %s, %s"),
                                                   seeded_on, harvested_on,
                                                   passage->entered_by_name, entered);
      /* Locale grouping and decimal separator for reading, not entry. */
      g_autofree char *detail = g_strdup_printf (_("%'" PRId64 " → %'" PRId64 " cells · %.2f PD"),
                                                 passage->seeded, passage->harvested, pd);
      g_autoptr(StRecordItem) item = st_record_item_new (NULL, title, subtitle, detail);
      g_list_store_append (self->passages, item);
    }
  show_list (self->passages, self->passages_list, self->passages_empty);

  if (check->passage != NULL)
    {
      g_autofree char *pd = st_format_value (check->cumulative_pd);
      g_autofree char *text = g_strdup_printf (_("Highest passage %s · cumulative population doublings %s PD"),
                                               check->passage, pd);
      gtk_label_set_label (self->derived_label, text);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->derived_label), check->passage != NULL);
}

static void
show_donors (StLotPage *self)
{
  g_list_store_remove_all (self->donors);
  for (guint i = 0; i < self->lot->donors->len; i++)
    {
      const StDonorRecord *record = g_ptr_array_index (self->lot->donors, i);
      g_autoptr(StDonor) donor = st_donors_get (self->session, record->code, NULL);
      g_autofree char *subtitle = NULL;
      g_autofree char *consent = st_format_day (record->consent_date);
      g_autoptr(StRecordItem) item = NULL;

      if (record->consent_date != NULL)
        subtitle = g_strdup_printf (_("Born %" PRId64 " · %s · consent %s"),
                                    record->birth_year, st_format_sex (record->sex), consent);
      else
        subtitle = g_strdup_printf (_("Born %" PRId64 " · %s · no consent date"),
                                    record->birth_year, st_format_sex (record->sex));
      /* Why, only when the donor is not eligible. */
      item = st_record_item_new (record->code, record->code, subtitle,
                                 donor != NULL && donor->why != NULL && g_strcmp0 (record->eligibility, "eligible") != 0
                                 ? donor->why : "");
      st_record_item_set_badge (item, st_format_eligibility (record->eligibility));
      g_list_store_append (self->donors, item);
    }
  show_list (self->donors, self->donors_list, self->donors_empty);
}

static StBadge
deviation_badge (const StDeviationRecord *deviation)
{
  if (g_strcmp0 (deviation->status, "closed") == 0)
    return (StBadge) { _("Closed"), "emblem-ok-symbolic", "verdict-report" };
  return (StBadge) { _("Open"), "dialog-warning-symbolic", "verdict-pending" };
}

static void
show_deviations (StLotPage *self)
{
  g_list_store_remove_all (self->deviations);
  for (guint i = 0; i < self->lot->deviations->len; i++)
    {
      const StDeviationRecord *deviation = g_ptr_array_index (self->lot->deviations, i);
      g_autofree char *key = g_strdup_printf ("%" G_GINT64_FORMAT, deviation->number);
      g_autofree char *title = g_strdup_printf (_("Deviation %" PRId64 " · %s"),
                                                deviation->number, st_format_severity (deviation->severity));
      g_autofree char *opened = st_format_time (deviation->opened_at);
      g_autofree char *detail = g_strdup_printf (_("opened by %s, %s"), deviation->opened_by_name, opened);
      g_autoptr(StRecordItem) item = st_record_item_new (key, title, deviation->text, detail);

      st_record_item_set_badge (item, deviation_badge (deviation));
      g_list_store_append (self->deviations, item);
    }
  show_list (self->deviations, self->deviations_list, self->deviations_empty);
}

static void
show_signatures (StLotPage *self)
{
  g_list_store_remove_all (self->signatures);
  for (guint i = 0; i < self->lot->signatures->len; i++)
    {
      const StSignatureRecord *signature = g_ptr_array_index (self->lot->signatures, i);
      StRole role = ST_ROLE_NONE;
      g_autofree char *subtitle = NULL;

      if (!st_role_parse_list (signature->role, &role, NULL) || role == ST_ROLE_NONE)
        subtitle = g_strdup_printf (_("%s (%s), %s"), signature->full_name, signature->username, signature->role);
      else
        subtitle = g_strdup_printf (_("%s (%s), %s"), signature->full_name, signature->username,
                                    st_role_display_name (role));
      g_autofree char *signed_at = st_format_time (signature->signed_at);
      g_autoptr(StRecordItem) item = st_record_item_new (NULL, signature->meaning, subtitle, signed_at);
      g_list_store_append (self->signatures, item);
    }
  show_list (self->signatures, self->signatures_list, self->signatures_empty);
}

static void
show_history (StLotPage *self)
{
  g_autoptr(GPtrArray) entries = st_history_lot (self->session, self->lot->record->lot_number, NULL);

  g_list_store_remove_all (self->history);
  for (guint i = 0; entries != NULL && i < entries->len; i++)
    {
      g_autoptr(StHistoryItem) item = st_history_item_new (g_ptr_array_index (entries, i));
      g_list_store_append (self->history, item);
    }
}

static gboolean
load (StLotPage   *self,
      const char  *lot_number,
      gboolean     keep_unsaved,
      GError     **error)
{
  g_autofree char *number = g_strdup (lot_number);
  StLot *lot;
  const StSpec *spec;

  g_return_val_if_fail (self->session != NULL, FALSE);

  lot = st_lots_get (self->session, number, error);
  if (lot == NULL)
    return FALSE;
  spec = st_lot_spec_get (self->session, lot->check->spec_id, error);
  if (spec == NULL)
    {
      st_lot_free (lot);
      return FALSE;
    }
  g_clear_pointer (&self->lot, st_lot_free);
  self->lot = lot;

  show_header (self);
  show_workflow (self);
  st_results_panel_set_lot (self->results_panel, self->session, lot, spec, can_enter_data (self), keep_unsaved);
  gtk_widget_set_visible (self->save_button, can_enter_data (self));
  show_passages (self);
  show_donors (self);
  show_deviations (self);
  show_signatures (self);
  show_history (self);
  return TRUE;
}

static void
on_results_saved (StLotPage *self)
{
  g_autoptr(GError) error = NULL;

  if (!st_lot_page_refresh (self, &error))
    g_warning ("lot: %s", error->message);
  /* The rows were made anew: the focus goes where work is left. */
  st_lot_page_focus_entry (self);
}

/* Beside the save button that stays in view: what waits to be saved, in
 * short, or what the last save did. */
static void
on_summary_changed (StLotPage *self)
{
  g_autoptr(GString) text = g_string_new (NULL);
  guint n_changed, n_invalid;

  st_results_panel_get_counts (self->results_panel, &n_changed, &n_invalid);
  if (n_changed > 0)
    g_string_append_printf (text, _("%u not saved"), n_changed);
  if (n_invalid > 0)
    {
      if (text->len > 0)
        g_string_append (text, " · ");
      g_string_append_printf (text, _("%u not valid"), n_invalid);
    }
  if (text->len == 0 && !st_results_panel_summary_is_error (self->results_panel))
    g_string_append (text, st_results_panel_get_summary (self->results_panel));
  gtk_label_set_label (self->save_summary_label, text->str);
  if (n_invalid > 0)
    gtk_widget_add_css_class (GTK_WIDGET (self->save_summary_label), "entry-error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->save_summary_label), "entry-error");
}

static void
on_entries_done (StLotPage *self)
{
  if (gtk_widget_get_visible (self->save_button))
    gtk_widget_grab_focus (self->save_button);
}

static void
on_records_added (StLotPage *self)
{
  on_results_saved (self);
}

static void
workflow_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  /* "lot.submit" -> "submit" */
  g_signal_emit (widget, signals[SIGNAL_WORKFLOW], 0, action_name + strlen ("lot."));
}

static void
add_passage_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  StLotPage *self = ST_LOT_PAGE (widget);
  StPassageDialog *dialog;

  if (self->lot == NULL)
    return;
  dialog = st_passage_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)), self->session,
                                  self->lot->record->lot_number, self->lot->passages->len + 1);
  g_signal_connect_object (dialog, "added", G_CALLBACK (on_records_added), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
open_deviation_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  StLotPage *self = ST_LOT_PAGE (widget);
  StDeviationDialog *dialog;

  if (self->lot == NULL)
    return;
  dialog = st_deviation_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)), self->session,
                                    self->lot->record->lot_number);
  g_signal_connect_object (dialog, "opened", G_CALLBACK (on_records_added), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* A deviation's whole text and assessment. */
static void
on_deviation_activate (StLotPage     *self,
                       GtkListBoxRow *row)
{
  guint position = (guint) gtk_list_box_row_get_index (row);
  const StDeviationRecord *deviation;
  g_autoptr(GString) body = g_string_new (NULL);
  g_autofree char *heading = NULL;
  g_autofree char *opened = NULL;
  AdwMessageDialog *dialog;

  if (self->lot == NULL || position >= self->lot->deviations->len)
    return;
  deviation = g_ptr_array_index (self->lot->deviations, position);
  heading = g_strdup_printf (_("Deviation %" PRId64 " (%s, %s)"), deviation->number,
                             st_format_severity (deviation->severity),
                             st_format_deviation_status (deviation->status));
  opened = st_format_time (deviation->opened_at);
  g_string_append_printf (body, _("Opened by %s, %s:\n%s"), deviation->opened_by_name, opened, deviation->text);
  if (deviation->assessment != NULL)
    {
      g_autofree char *closed = st_format_time (deviation->closed_at);
      g_string_append_printf (body, _("\n\nClosed by %s, %s:\n%s"), deviation->closed_by_name, closed,
                              deviation->assessment);
    }
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                                       heading, body->str));
  adw_message_dialog_add_response (dialog, "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
st_lot_page_dispose (GObject *object)
{
  StLotPage *self = ST_LOT_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), ST_TYPE_LOT_PAGE);
  g_clear_pointer (&self->lot, st_lot_free);
  g_clear_pointer (&self->verdict_class, g_free);
  g_clear_object (&self->session);
  g_clear_object (&self->passages);
  g_clear_object (&self->donors);
  g_clear_object (&self->deviations);
  g_clear_object (&self->signatures);
  g_clear_object (&self->history);
  G_OBJECT_CLASS (st_lot_page_parent_class)->dispose (object);
}

static void
st_lot_page_class_init (StLotPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = st_lot_page_dispose;

  /* A workflow button: "submit", "review", "release" or "reject". */
  signals[SIGNAL_WORKFLOW] =
    g_signal_new ("workflow", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  g_type_ensure (ST_TYPE_RESULTS_PANEL);
  g_type_ensure (ST_TYPE_RECORD_ITEM);
  g_type_ensure (ST_TYPE_HISTORY_ITEM);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/stroma/Stroma/ui/st-lot-page.ui");
  gtk_widget_class_bind_template_child (widget_class, StLotPage, window_title);
  gtk_widget_class_bind_template_child (widget_class, StLotPage, save_button);
  gtk_widget_class_bind_template_child (widget_class, StLotPage, save_summary_label);
  gtk_widget_class_bind_template_child (widget_class, StLotPage, lot_label);
  gtk_widget_class_bind_template_child (widget_class, StLotPage, meta_label);
  gtk_widget_class_bind_template_child (widget_class, StLotPage, status_label);
  gtk_widget_class_bind_template_child (widget_class, StLotPage, verdict_box);
  gtk_widget_class_bind_template_child (widget_class, StLotPage, verdict_icon);
  gtk_widget_class_bind_template_child (widget_class, StLotPage, verdict_label);
  gtk_widget_class_bind_template_child (widget_class, StLotPage, workflow_box);
  gtk_widget_class_bind_template_child (widget_class, StLotPage, submit_button);
  gtk_widget_class_bind_template_child (widget_class, StLotPage, review_button);
  gtk_widget_class_bind_template_child (widget_class, StLotPage, release_button);
  gtk_widget_class_bind_template_child (widget_class, StLotPage, reject_button);
  gtk_widget_class_bind_template_child (widget_class, StLotPage, flag_label);
  gtk_widget_class_bind_template_child (widget_class, StLotPage, lock_label);
  gtk_widget_class_bind_template_child (widget_class, StLotPage, results_panel);
  gtk_widget_class_bind_template_child (widget_class, StLotPage, passages_list);
  gtk_widget_class_bind_template_child (widget_class, StLotPage, passages_empty);
  gtk_widget_class_bind_template_child (widget_class, StLotPage, derived_label);
  gtk_widget_class_bind_template_child (widget_class, StLotPage, donors_list);
  gtk_widget_class_bind_template_child (widget_class, StLotPage, donors_empty);
  gtk_widget_class_bind_template_child (widget_class, StLotPage, deviations_list);
  gtk_widget_class_bind_template_child (widget_class, StLotPage, deviations_empty);
  gtk_widget_class_bind_template_child (widget_class, StLotPage, signatures_list);
  gtk_widget_class_bind_template_child (widget_class, StLotPage, signatures_empty);
  gtk_widget_class_bind_template_child (widget_class, StLotPage, history_list);
  gtk_widget_class_bind_template_callback (widget_class, on_results_saved);

  gtk_widget_class_install_action (widget_class, "lot.submit", NULL, workflow_action);
  gtk_widget_class_install_action (widget_class, "lot.review", NULL, workflow_action);
  gtk_widget_class_install_action (widget_class, "lot.release", NULL, workflow_action);
  gtk_widget_class_install_action (widget_class, "lot.reject", NULL, workflow_action);
  gtk_widget_class_install_action (widget_class, "lot.add-passage", NULL, add_passage_action);
  gtk_widget_class_install_action (widget_class, "lot.open-deviation", NULL, open_deviation_action);
}

static GtkWidget *
create_record_row (gpointer item,
                   gpointer user_data)
{
  return GTK_WIDGET (st_record_row_new (item));
}

/* Deviations open on Enter or a click: the whole text and assessment. */
static GtkWidget *
create_deviation_row (gpointer item,
                      gpointer user_data)
{
  StRecordRow *row = st_record_row_new (item);

  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  return GTK_WIDGET (row);
}

static GtkWidget *
create_history_row (gpointer item,
                    gpointer user_data)
{
  return GTK_WIDGET (st_history_row_new (item));
}

static void
st_lot_page_init (StLotPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->passages = g_list_store_new (ST_TYPE_RECORD_ITEM);
  self->donors = g_list_store_new (ST_TYPE_RECORD_ITEM);
  self->deviations = g_list_store_new (ST_TYPE_RECORD_ITEM);
  self->signatures = g_list_store_new (ST_TYPE_RECORD_ITEM);
  self->history = g_list_store_new (ST_TYPE_HISTORY_ITEM);
  gtk_list_box_bind_model (self->passages_list, G_LIST_MODEL (self->passages), create_record_row, NULL, NULL);
  gtk_list_box_bind_model (self->donors_list, G_LIST_MODEL (self->donors), create_record_row, NULL, NULL);
  gtk_list_box_bind_model (self->deviations_list, G_LIST_MODEL (self->deviations), create_deviation_row, NULL, NULL);
  gtk_list_box_bind_model (self->signatures_list, G_LIST_MODEL (self->signatures), create_record_row, NULL, NULL);
  gtk_list_box_bind_model (self->history_list, G_LIST_MODEL (self->history), create_history_row, NULL, NULL);
  g_signal_connect_swapped (self->deviations_list, "row-activated", G_CALLBACK (on_deviation_activate), self);
  g_signal_connect_swapped (self->results_panel, "notify::summary", G_CALLBACK (on_summary_changed), self);
  g_signal_connect_swapped (self->results_panel, "entries-done", G_CALLBACK (on_entries_done), self);
}

void
st_lot_page_set_session (StLotPage *self,
                         StSession *session)
{
  g_return_if_fail (ST_IS_LOT_PAGE (self));

  if (g_set_object (&self->session, session))
    g_clear_pointer (&self->lot, st_lot_free);
}

gboolean
st_lot_page_load (StLotPage   *self,
                  const char  *lot_number,
                  GError     **error)
{
  g_return_val_if_fail (ST_IS_LOT_PAGE (self), FALSE);

  return load (self, lot_number, FALSE, error);
}

gboolean
st_lot_page_refresh (StLotPage  *self,
                     GError    **error)
{
  g_return_val_if_fail (ST_IS_LOT_PAGE (self), FALSE);

  if (self->lot == NULL)
    return TRUE;
  return load (self, self->lot->record->lot_number, TRUE, error);
}

const char *
st_lot_page_get_lot_number (StLotPage *self)
{
  return self->lot != NULL ? self->lot->record->lot_number : NULL;
}

StResultsPanel *
st_lot_page_get_results_panel (StLotPage *self)
{
  return self->results_panel;
}

void
st_lot_page_save_results (StLotPage *self)
{
  g_return_if_fail (ST_IS_LOT_PAGE (self));

  if (self->lot != NULL)
    st_results_panel_save (self->results_panel);
}

void
st_lot_page_focus_entry (StLotPage *self)
{
  g_return_if_fail (ST_IS_LOT_PAGE (self));

  /* Every item has a value: nothing waits; the focus rests on saving (or
   * on the way back when the lot cannot take data). */
  if (!st_results_panel_focus_entry (self->results_panel) && gtk_widget_get_visible (self->save_button))
    gtk_widget_grab_focus (self->save_button);
}
