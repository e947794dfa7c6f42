/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "st-signing-dialog.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>
#include <string.h>

#include "st-deviations.h"
#include "st-format.h"
#include "st-lots.h"
#include "st-record-item.h"
#include "st-record-row.h"
#include "st-specs.h"
#include "st-twin-task.h"

struct _StSigningDialog {
  AdwWindow parent_instance;

  AdwWindowTitle *window_title;
  GtkWidget *cancel_button;
  GtkWidget *sign_button;
  GtkLabel *record_label;
  GtkLabel *meta_label;
  GtkLabel *status_label;
  GtkWidget *verdict_box;
  GtkImage *verdict_icon;
  GtkLabel *verdict_label;
  GtkLabel *outstanding_label;
  GtkLabel *results_title;
  GtkListBox *results_list;
  GtkWidget *donors_section;
  GtkListBox *donors_list;
  GtkWidget *deviations_section;
  GtkListBox *deviations_list;
  GtkLabel *deviations_empty;
  GtkWidget *deviation_box;
  GtkDropDown *deviation_dropdown;
  GtkWidget *reason_box;
  GtkEntry *reason_entry;
  GtkLabel *meaning_title;
  GtkLabel *meaning_label;
  GtkLabel *signer_label;
  GtkLabel *blocker_label;
  GtkPasswordEntry *password_entry;
  GtkSpinner *spinner;
  GtkLabel *error_label;

  StSession *session;
  StSigningKind kind;
  char *record;
  StLot *lot;
  StSpec *spec;
  StReleaseMode mode;
  GArray *closed_deviations;   /* gint64 numbers, in the drop-down's order */
  char *meaning;
  char *blocker;
  gboolean busy;
  StCertificate *certificate;
  GListStore *results;
  GListStore *donors;
  GListStore *deviations;
};

G_DEFINE_FINAL_TYPE (StSigningDialog, st_signing_dialog, ADW_TYPE_WINDOW)

enum {
  SIGNAL_SIGNED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* "Viability 62 % (>= 70)" */
static char *
describe_item (const StCheckItem *item)
{
  g_autofree char *value = st_format_value (item->value);
  const char *unit = item->unit != NULL && *item->unit != '\0' ? item->unit : NULL;

  return g_strdup_printf ("%s %s%s%s (%s)", item->test, value, unit ? " " : "", unit ? unit : "", item->limit);
}

/* The tests of the items with @verdict, joined for a sentence. */
static char *
items_with (const StLotCheck *check,
            StVerdict         verdict,
            gboolean          with_values)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < check->items->len; i++)
    {
      const StCheckItem *item = g_ptr_array_index (check->items, i);
      if (item->verdict == verdict)
        g_ptr_array_add (names, with_values ? describe_item (item) : g_strdup (item->test));
    }
  if (names->len == 0)
    return NULL;
  g_ptr_array_add (names, NULL);
  return g_strjoinv ("; ", (char **) names->pdata);
}

/* The tests that may be pending at an initial certification. */
static char *
staged_items (const StLotCheck *check)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new ();

  for (guint i = 0; i < check->items->len; i++)
    {
      const StCheckItem *item = g_ptr_array_index (check->items, i);
      if (item->may_be_pending)
        g_ptr_array_add (names, item->test);
    }
  g_ptr_array_add (names, NULL);
  return g_strjoinv (", ", (char **) names->pdata);
}

static gint64
selected_deviation (StSigningDialog *self)
{
  guint selected = gtk_drop_down_get_selected (self->deviation_dropdown);

  if (self->closed_deviations == NULL || selected >= self->closed_deviations->len)
    return 0;
  return g_array_index (self->closed_deviations, gint64, selected);
}

static void
set_blocker (StSigningDialog *self,
             char            *blocker)
{
  g_free (self->blocker);
  self->blocker = blocker;
}

/* Which release the lot's record allows, and what stands in its way.
 * The core decides again when it signs. */
static void
decide_release (StSigningDialog *self)
{
  const StLotCheck *check = self->lot->check;
  g_autofree char *oos = items_with (check, ST_VERDICT_OOS, TRUE);
  g_autofree char *missing = items_with (check, ST_VERDICT_MISSING, FALSE);
  g_autofree char *pending = items_with (check, ST_VERDICT_PENDING, FALSE);

  if (g_str_equal (self->lot->record->status, "released_initial"))
    {
      self->mode = ST_RELEASE_FULL;
      if (oos != NULL)
        set_blocker (self, g_strdup_printf (_("The final certification is not possible: out of specification: %s."),
                                            oos));
      else if (pending != NULL || missing != NULL)
        set_blocker (self, g_strdup_printf (_("The final certification waits for: %s."),
                                            pending != NULL ? pending : missing));
    }
  else if (oos != NULL)
    {
      self->mode = ST_RELEASE_EXCEPTIONAL;
      if (missing != NULL || pending != NULL)
        set_blocker (self, g_strdup_printf (_("An exceptional release needs every result; outstanding: %s."),
                                            missing != NULL ? missing : pending));
      else if (self->closed_deviations->len == 0)
        set_blocker (self, g_strdup (_("An out-of-specification lot can only be released exceptionally, under a "
                                       "closed deviation that records the treating physician’s request and the "
                                       "risk assessment. Close one on the Deviations page first.")));
    }
  else if (missing != NULL)
    {
      self->mode = ST_RELEASE_FULL;
      set_blocker (self, g_strdup_printf (_("Results are missing: %s."), missing));
    }
  else if (pending != NULL)
    self->mode = ST_RELEASE_INITIAL;
  else
    self->mode = ST_RELEASE_FULL;
}

static void
update_meaning (StSigningDialog *self)
{
  const char *lot = self->record;
  g_autofree char *meaning = NULL;
  const char *title = NULL;

  switch (self->kind)
    {
    case ST_SIGNING_REVIEW:
      title = _("Reviewed");
      meaning = g_strdup_printf (_("You confirm that you checked every manual entry of lot %s against its source "
                                   "records (second-person verification) and that you entered none of its data."),
                                 lot);
      break;
    case ST_SIGNING_REJECT:
      title = _("Rejected");
      meaning = g_strdup_printf (_("Lot %s will not be released. Its data are locked, and the reason you give is "
                                   "recorded with your signature."), lot);
      break;
    case ST_SIGNING_APPROVE:
      title = _("Approved");
      meaning = g_strdup_printf (_("You approve specification %s version %" PRId64 " (%u items) as a "
                                   "release specification: new lots are made against it from now on. An approved "
                                   "version never changes."), self->spec->code, self->spec->version,
                                 self->spec->items->len);
      break;
    case ST_SIGNING_RELEASE:
    default:
      if (g_str_equal (self->lot->record->status, "released_initial"))
        {
          g_autofree char *staged = staged_items (self->lot->check);
          title = _("Certified for release — final certification");
          meaning = g_strdup_printf (_("The results that were pending at the initial certification of lot %s (%s) "
                                       "have arrived and conform. You certify the lot for release in every item of "
                                       "specification %s v%" PRId64 "."), lot, staged,
                                     self->lot->record->spec_code, self->lot->record->spec_version);
        }
      else if (self->mode == ST_RELEASE_INITIAL)
        {
          g_autofree char *pending = items_with (self->lot->check, ST_VERDICT_PENDING, FALSE);
          title = _("Certified for release — initial certification (staged release)");
          meaning = g_strdup_printf (_("You certify lot %s for release while these tests are still pending: %s. "
                                       "Every other result conforms. The lot becomes “Released (initial)”; its final "
                                       "certification follows when the pending results arrive and conform. If one "
                                       "fails, the lot is flagged at once and a deviation is opened."),
                                     lot, pending);
        }
      else if (self->mode == ST_RELEASE_EXCEPTIONAL)
        {
          g_autofree char *oos = items_with (self->lot->check, ST_VERDICT_OOS, TRUE);
          gint64 deviation = selected_deviation (self);
          g_autofree char *under = deviation > 0
                                   ? g_strdup_printf (_("under closed deviation %" PRId64), deviation)
                                   : g_strdup (_("under a closed deviation (none is closed yet)"));
          title = _("Certified for release — exceptional release (out of specification)");
          meaning = g_strdup_printf (_("At the treating physician’s request, %s that records the request and the "
                                       "risk assessment, you certify lot %s for supply although these results are "
                                       "out of specification: %s. The certificate says so and lists each of them "
                                       "(EU GMP Part IV 11.5)."), under, lot, oos);
        }
      else
        {
          title = _("Certified for release");
          meaning = g_strdup_printf (_("You certify that lot %s was made and tested according to its batch record "
                                       "and conforms to specification %s v%" PRId64 " in every item. The "
                                       "signed batch certificate opens when the release is recorded."),
                                     lot, self->lot->record->spec_code, self->lot->record->spec_version);
        }
      break;
    }
  g_free (self->meaning);
  self->meaning = g_strdup_printf ("%s: %s", title, meaning);
  gtk_label_set_label (self->meaning_title, title);
  gtk_label_set_label (self->meaning_label, meaning);
}

static void
update_sign_button (StSigningDialog *self)
{
  gboolean ready = !self->busy && (self->blocker == NULL || *self->blocker == '\0');

  if (self->kind == ST_SIGNING_REJECT)
    {
      g_autofree char *reason = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->reason_entry))));
      ready = ready && *reason != '\0';
    }
  gtk_widget_set_sensitive (self->sign_button, ready);
  gtk_label_set_label (self->blocker_label, self->blocker != NULL ? self->blocker : "");
  gtk_widget_set_visible (GTK_WIDGET (self->blocker_label), self->blocker != NULL);
}

static void
show_list (GListStore *store,
           GtkListBox *list,
           GtkLabel   *empty)
{
  gboolean none = g_list_model_get_n_items (G_LIST_MODEL (store)) == 0;

  gtk_widget_set_visible (GTK_WIDGET (list), !none);
  if (empty != NULL)
    gtk_widget_set_visible (GTK_WIDGET (empty), none);
}

static void
show_lot (StSigningDialog *self)
{
  const StLotRecord *record = self->lot->record;
  const StLotCheck *check = self->lot->check;
  StBadge verdict = st_format_lot_verdict (record->verdict);
  g_autofree char *meta = g_strdup_printf (_("%s · specification %s v%" PRId64 " · created by %s"),
                                           record->product, record->spec_code, record->spec_version,
                                           record->created_by_name);
  g_autofree char *pending = items_with (check, ST_VERDICT_PENDING, FALSE);
  g_autofree char *missing = items_with (check, ST_VERDICT_MISSING, FALSE);
  g_autoptr(GString) outstanding = g_string_new (NULL);

  gtk_label_set_label (self->record_label, record->lot_number);
  gtk_label_set_label (self->meta_label, meta);
  gtk_label_set_label (self->status_label, st_format_status (record->status));
  gtk_widget_add_css_class (self->verdict_box, verdict.css_class);
  gtk_image_set_from_icon_name (self->verdict_icon, verdict.icon_name);
  gtk_label_set_label (self->verdict_label, verdict.label);

  if (pending != NULL)
    g_string_append_printf (outstanding, _("Pending: %s."), pending);
  if (missing != NULL)
    {
      if (outstanding->len > 0)
        g_string_append_c (outstanding, ' ');
      g_string_append_printf (outstanding, _("Missing: %s."), missing);
    }
  if (record->flag != NULL)
    g_string_append_printf (outstanding, "%s%s", outstanding->len > 0 ? "\n" : "", record->flag);
  gtk_label_set_label (self->outstanding_label, outstanding->str);
  gtk_widget_set_visible (GTK_WIDGET (self->outstanding_label), outstanding->len > 0);

  for (guint i = 0; i < check->items->len; i++)
    {
      const StCheckItem *item = g_ptr_array_index (check->items, i);
      g_autofree char *value = st_format_value (item->value);
      g_autofree char *detail = NULL;
      g_autofree char *subtitle = NULL;
      g_autoptr(StRecordItem) row = NULL;

      if (item->value == NULL)
        detail = g_strdup ("—");
      else if (item->unit != NULL && *item->unit != '\0')
        detail = g_strdup_printf ("%s %s", value, item->unit);
      else
        detail = g_strdup (value);
      if (item->method != NULL && *item->method != '\0')
        subtitle = g_strdup_printf (_("%s · limit %s%s"), item->method, item->limit,
                                    item->corrected ? _(" · corrected after first entry") : "");
      else
        subtitle = g_strdup_printf (_("limit %s%s"), item->limit,
                                    item->corrected ? _(" · corrected after first entry") : "");
      row = st_record_item_new (item->param, item->test, subtitle, detail);
      st_record_item_set_badge (row, st_format_item_verdict (st_verdict_to_string (item->verdict)));
      g_list_store_append (self->results, row);
    }

  for (guint i = 0; i < self->lot->donors->len; i++)
    {
      const StDonorRecord *donor = g_ptr_array_index (self->lot->donors, i);
      g_autofree char *subtitle = g_strdup_printf (_("Born %" PRId64 " · %s"), donor->birth_year,
                                                   st_format_sex (donor->sex));
      g_autoptr(StRecordItem) row = st_record_item_new (donor->code, donor->code, subtitle, "");

      st_record_item_set_badge (row, st_format_eligibility (donor->eligibility));
      g_list_store_append (self->donors, row);
    }

  for (guint i = 0; i < self->lot->deviations->len; i++)
    {
      const StDeviationRecord *deviation = g_ptr_array_index (self->lot->deviations, i);
      gboolean closed = g_strcmp0 (deviation->status, "closed") == 0;
      g_autofree char *title = g_strdup_printf (_("Deviation %" PRId64 " · %s"), deviation->number,
                                                st_format_severity (deviation->severity));
      g_autofree char *subtitle = closed && deviation->assessment != NULL
                                  ? g_strdup_printf (_("%s\nAssessment: %s"), deviation->text, deviation->assessment)
                                  : g_strdup (deviation->text);
      g_autoptr(StRecordItem) row = st_record_item_new (NULL, title, subtitle, "");

      st_record_item_set_badge (row, closed ? (StBadge) { _("Closed"), "emblem-ok-symbolic", "verdict-report" }
                                            : (StBadge) { _("Open"), "dialog-warning-symbolic", "verdict-pending" });
      g_list_store_append (self->deviations, row);
      if (closed)
        {
          g_autofree char *choice = g_strdup_printf (_("Deviation %" PRId64 " (%s), closed by %s"),
                                                     deviation->number, st_format_severity (deviation->severity),
                                                     deviation->closed_by_name);
          g_array_append_val (self->closed_deviations, deviation->number);
          gtk_string_list_append (GTK_STRING_LIST (gtk_drop_down_get_model (self->deviation_dropdown)), choice);
        }
    }
  show_list (self->results, self->results_list, NULL);
  show_list (self->donors, self->donors_list, NULL);
  show_list (self->deviations, self->deviations_list, self->deviations_empty);
}

static void
show_spec (StSigningDialog *self)
{
  g_autofree char *title = g_strdup_printf (_("%s version %" PRId64), self->spec->code, self->spec->version);

  gtk_label_set_label (self->record_label, title);
  gtk_label_set_label (self->meta_label, self->spec->title);
  gtk_label_set_label (self->status_label, self->spec->status != NULL ? self->spec->status : "");
  gtk_widget_set_visible (self->verdict_box, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->outstanding_label), FALSE);
  gtk_label_set_label (self->results_title, _("Items"));
  for (guint i = 0; i < self->spec->items->len; i++)
    {
      const StSpecItem *item = g_ptr_array_index (self->spec->items, i);
      g_autofree char *limit = st_spec_item_limit_text (item);
      g_autofree char *subtitle = g_strdup_printf ("%s%s%s", item->param, item->method ? " · " : "",
                                                   item->method ? item->method : "");
      g_autofree char *detail = g_strdup_printf ("%s%s%s", limit, item->unit ? " " : "", item->unit ? item->unit : "");
      g_autoptr(StRecordItem) row = st_record_item_new (item->param, item->test, subtitle, detail);

      g_list_store_append (self->results, row);
    }
  gtk_widget_set_visible (self->donors_section, FALSE);
  gtk_widget_set_visible (self->deviations_section, FALSE);
}

static void
set_busy (StSigningDialog *self,
          gboolean         busy)
{
  self->busy = busy;
  gtk_editable_set_editable (GTK_EDITABLE (self->password_entry), !busy);
  gtk_editable_set_editable (GTK_EDITABLE (self->reason_entry), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->deviation_dropdown), !busy);
  gtk_widget_set_sensitive (self->cancel_button, !busy);
  gtk_window_set_deletable (GTK_WINDOW (self), !busy);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_spinner_set_spinning (self->spinner, busy);
  update_sign_button (self);
}

static void
show_error (StSigningDialog *self,
            const char      *message)
{
  gtk_label_set_label (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

typedef struct {
  StSigningKind kind;
  char *record;
  char *password;
  char *reason;
  StReleaseMode mode;
  gint64 deviation;
} SignJob;

static void
sign_job_free (SignJob *job)
{
  st_secret_free (job->password);   /* overwritten (OPENSSL_cleanse), then freed */
  g_free (job->record);
  g_free (job->reason);
  g_free (job);
}

/* In the worker thread, on the twin session. */
static gpointer
sign_work (StSession     *twin,
           gpointer       data,
           GCancellable  *cancellable,
           GError       **error)
{
  SignJob *job = data;

  switch (job->kind)
    {
    case ST_SIGNING_REVIEW:
      return st_workflow_review (twin, job->record, job->password, error) ? ST_TWIN_DONE : NULL;
    case ST_SIGNING_REJECT:
      return st_workflow_reject (twin, job->record, job->reason, job->password, error) ? ST_TWIN_DONE : NULL;
    case ST_SIGNING_APPROVE:
      return st_specs_approve (twin, job->record, job->password, error) ? ST_TWIN_DONE : NULL;
    case ST_SIGNING_RELEASE:
    default:
      return st_workflow_release (twin, job->record, job->mode, job->deviation, job->password, error);
    }
}

static void
sign_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  StSigningDialog *self = ST_SIGNING_DIALOG (source);
  g_autoptr(GError) error = NULL;
  gpointer signed_result = st_twin_task_finish (result, &error);

  set_busy (self, FALSE);
  gtk_editable_set_text (GTK_EDITABLE (self->password_entry), "");
  if (signed_result == NULL)
    {
      show_error (self, error->message);
      gtk_widget_grab_focus (GTK_WIDGET (self->password_entry));
      return;
    }
  if (self->kind == ST_SIGNING_RELEASE)
    self->certificate = signed_result;
  show_error (self, NULL);
  g_signal_emit (self, signals[SIGNAL_SIGNED], 0);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
on_sign (StSigningDialog *self)
{
  SignJob *job;

  if (self->busy || !gtk_widget_get_sensitive (self->sign_button))
    return;
  job = g_new0 (SignJob, 1);
  job->kind = self->kind;
  job->record = g_strdup (self->record);
  job->password = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->password_entry)));
  job->reason = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->reason_entry))));
  job->mode = self->mode;
  job->deviation = self->mode == ST_RELEASE_EXCEPTIONAL ? selected_deviation (self) : 0;
  show_error (self, NULL);
  set_busy (self, TRUE);
  st_twin_task_run (self, self->session, sign_work, job, (GDestroyNotify) sign_job_free,
                    (GDestroyNotify) st_certificate_free, NULL, sign_done, NULL);
}

static void
on_reason_changed (StSigningDialog *self)
{
  update_sign_button (self);
}

static void
on_deviation_selected (StSigningDialog *self)
{
  if (self->lot != NULL)
    update_meaning (self);
}

/* Nothing closes the dialog while the signature is being made. */
static gboolean
st_signing_dialog_close_request (GtkWindow *window)
{
  StSigningDialog *self = ST_SIGNING_DIALOG (window);

  if (self->busy)
    return TRUE;
  return GTK_WINDOW_CLASS (st_signing_dialog_parent_class)->close_request (window);
}

static void
st_signing_dialog_dispose (GObject *object)
{
  StSigningDialog *self = ST_SIGNING_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), ST_TYPE_SIGNING_DIALOG);
  g_clear_object (&self->session);
  g_clear_pointer (&self->lot, st_lot_free);
  g_clear_pointer (&self->spec, st_spec_free);
  g_clear_pointer (&self->certificate, st_certificate_free);
  g_clear_pointer (&self->closed_deviations, g_array_unref);
  g_clear_object (&self->results);
  g_clear_object (&self->donors);
  g_clear_object (&self->deviations);
  G_OBJECT_CLASS (st_signing_dialog_parent_class)->dispose (object);
}

static void
st_signing_dialog_finalize (GObject *object)
{
  StSigningDialog *self = ST_SIGNING_DIALOG (object);

  g_free (self->record);
  g_free (self->meaning);
  g_free (self->blocker);
  G_OBJECT_CLASS (st_signing_dialog_parent_class)->finalize (object);
}

static void
st_signing_dialog_class_init (StSigningDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = st_signing_dialog_dispose;
  object_class->finalize = st_signing_dialog_finalize;
  window_class->close_request = st_signing_dialog_close_request;

  signals[SIGNAL_SIGNED] =
    g_signal_new ("signed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure (ST_TYPE_RECORD_ITEM);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/stroma/Stroma/ui/st-signing-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, StSigningDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, StSigningDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, StSigningDialog, sign_button);
  gtk_widget_class_bind_template_child (widget_class, StSigningDialog, record_label);
  gtk_widget_class_bind_template_child (widget_class, StSigningDialog, meta_label);
  gtk_widget_class_bind_template_child (widget_class, StSigningDialog, status_label);
  gtk_widget_class_bind_template_child (widget_class, StSigningDialog, verdict_box);
  gtk_widget_class_bind_template_child (widget_class, StSigningDialog, verdict_icon);
  gtk_widget_class_bind_template_child (widget_class, StSigningDialog, verdict_label);
  gtk_widget_class_bind_template_child (widget_class, StSigningDialog, outstanding_label);
  gtk_widget_class_bind_template_child (widget_class, StSigningDialog, results_title);
  gtk_widget_class_bind_template_child (widget_class, StSigningDialog, results_list);
  gtk_widget_class_bind_template_child (widget_class, StSigningDialog, donors_section);
  gtk_widget_class_bind_template_child (widget_class, StSigningDialog, donors_list);
  gtk_widget_class_bind_template_child (widget_class, StSigningDialog, deviations_section);
  gtk_widget_class_bind_template_child (widget_class, StSigningDialog, deviations_list);
  gtk_widget_class_bind_template_child (widget_class, StSigningDialog, deviations_empty);
  gtk_widget_class_bind_template_child (widget_class, StSigningDialog, deviation_box);
  gtk_widget_class_bind_template_child (widget_class, StSigningDialog, deviation_dropdown);
  gtk_widget_class_bind_template_child (widget_class, StSigningDialog, reason_box);
  gtk_widget_class_bind_template_child (widget_class, StSigningDialog, reason_entry);
  gtk_widget_class_bind_template_child (widget_class, StSigningDialog, meaning_title);
  gtk_widget_class_bind_template_child (widget_class, StSigningDialog, meaning_label);
  gtk_widget_class_bind_template_child (widget_class, StSigningDialog, signer_label);
  gtk_widget_class_bind_template_child (widget_class, StSigningDialog, blocker_label);
  gtk_widget_class_bind_template_child (widget_class, StSigningDialog, password_entry);
  gtk_widget_class_bind_template_child (widget_class, StSigningDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, StSigningDialog, error_label);
  gtk_widget_class_bind_template_callback (widget_class, on_sign);
  gtk_widget_class_bind_template_callback (widget_class, on_reason_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_deviation_selected);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static GtkWidget *
create_row (gpointer item,
            gpointer user_data)
{
  return GTK_WIDGET (st_record_row_new (item));
}

static void
st_signing_dialog_init (StSigningDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->results = g_list_store_new (ST_TYPE_RECORD_ITEM);
  self->donors = g_list_store_new (ST_TYPE_RECORD_ITEM);
  self->deviations = g_list_store_new (ST_TYPE_RECORD_ITEM);
  self->closed_deviations = g_array_new (FALSE, FALSE, sizeof (gint64));
  gtk_list_box_bind_model (self->results_list, G_LIST_MODEL (self->results), create_row, NULL, NULL);
  gtk_list_box_bind_model (self->donors_list, G_LIST_MODEL (self->donors), create_row, NULL, NULL);
  gtk_list_box_bind_model (self->deviations_list, G_LIST_MODEL (self->deviations), create_row, NULL, NULL);
}

static const char *
role_for (StSigningKind  kind,
          StSession     *session)
{
  switch (kind)
    {
    case ST_SIGNING_REVIEW:
      return st_role_display_name (ST_ROLE_REVIEWER);
    case ST_SIGNING_REJECT:
      return st_role_display_name (st_session_has_role (session, ST_ROLE_QP) ? ST_ROLE_QP : ST_ROLE_REVIEWER);
    case ST_SIGNING_RELEASE:
    case ST_SIGNING_APPROVE:
    default:
      return st_role_display_name (ST_ROLE_QP);
    }
}

StSigningDialog *
st_signing_dialog_new (GtkWindow      *parent,
                       StSession      *session,
                       StSigningKind   kind,
                       const char     *record,
                       GError        **error)
{
  StSigningDialog *self;
  const StUserRecord *user = st_session_get_user (session);
  static const char *const titles[] = {
    [ST_SIGNING_REVIEW] = N_("Review"),
    [ST_SIGNING_RELEASE] = N_("Release"),
    [ST_SIGNING_REJECT] = N_("Reject"),
    [ST_SIGNING_APPROVE] = N_("Approve Specification"),
  };
  g_autofree char *signer = NULL;

  g_return_val_if_fail (user != NULL, NULL);

  self = g_object_new (ST_TYPE_SIGNING_DIALOG, "transient-for", parent, NULL);
  self->session = g_object_ref (session);
  self->kind = kind;
  self->record = g_strdup (record);
  if (kind == ST_SIGNING_APPROVE)
    {
      self->spec = st_specs_get (session, record, error);
      if (self->spec == NULL)
        {
          gtk_window_destroy (GTK_WINDOW (self));
          return NULL;
        }
      show_spec (self);
    }
  else
    {
      self->lot = st_lots_get (session, record, error);
      if (self->lot == NULL)
        {
          gtk_window_destroy (GTK_WINDOW (self));
          return NULL;
        }
      show_lot (self);
      if (kind == ST_SIGNING_RELEASE)
        decide_release (self);
    }

  adw_window_title_set_title (self->window_title, _(titles[kind]));
  gtk_window_set_title (GTK_WINDOW (self), _(titles[kind]));
  adw_window_title_set_subtitle (self->window_title, record);
  gtk_widget_set_visible (self->reason_box, kind == ST_SIGNING_REJECT);
  gtk_widget_set_visible (self->deviation_box, kind == ST_SIGNING_RELEASE && self->mode == ST_RELEASE_EXCEPTIONAL
                                               && self->closed_deviations->len > 0);
  if (kind == ST_SIGNING_REJECT)
    {
      gtk_widget_remove_css_class (self->sign_button, "suggested-action");
      gtk_widget_add_css_class (self->sign_button, "destructive-action");
    }
  signer = g_strdup_printf (_("Signed by %s (%s) as %s. The date and time are recorded in UTC."),
                            user->full_name, user->username, role_for (kind, session));
  gtk_label_set_label (self->signer_label, signer);
  update_meaning (self);
  update_sign_button (self);
  gtk_widget_grab_focus (kind == ST_SIGNING_REJECT ? GTK_WIDGET (self->reason_entry)
                                                   : GTK_WIDGET (self->password_entry));
  return self;
}

StSigningKind
st_signing_dialog_get_kind (StSigningDialog *self)
{
  return self->kind;
}

const char *
st_signing_dialog_get_record (StSigningDialog *self)
{
  return self->record;
}

const char *
st_signing_dialog_get_meaning (StSigningDialog *self)
{
  return self->meaning;
}

StReleaseMode
st_signing_dialog_get_mode (StSigningDialog *self)
{
  return self->mode;
}

const char *
st_signing_dialog_get_blocker (StSigningDialog *self)
{
  return self->blocker != NULL ? self->blocker : "";
}

void
st_signing_dialog_set_reason (StSigningDialog *self,
                              const char      *reason)
{
  gtk_editable_set_text (GTK_EDITABLE (self->reason_entry), reason);
}

gboolean
st_signing_dialog_select_deviation (StSigningDialog *self,
                                    gint64           number)
{
  for (guint i = 0; i < self->closed_deviations->len; i++)
    if (g_array_index (self->closed_deviations, gint64, i) == number)
      {
        gtk_drop_down_set_selected (self->deviation_dropdown, i);
        return TRUE;
      }
  return FALSE;
}

void
st_signing_dialog_sign (StSigningDialog *self,
                        const char      *password)
{
  g_return_if_fail (ST_IS_SIGNING_DIALOG (self));

  gtk_editable_set_text (GTK_EDITABLE (self->password_entry), password);
  on_sign (self);
}

gboolean
st_signing_dialog_is_busy (StSigningDialog *self)
{
  return self->busy;
}

const char *
st_signing_dialog_get_error (StSigningDialog *self)
{
  return gtk_widget_get_visible (GTK_WIDGET (self->error_label)) ? gtk_label_get_label (self->error_label) : "";
}

const StCertificate *
st_signing_dialog_get_certificate (StSigningDialog *self)
{
  return self->certificate;
}
