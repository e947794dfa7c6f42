/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "st-donors-page.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>

#include "st-donor-dialog.h"
#include "st-donors.h"
#include "st-format.h"
#include "st-record-item.h"
#include "st-record-row.h"
#include "st-twin-task.h"
#include "st-value.h"

struct _StDonorsPage {
  AdwBin parent_instance;

  AdwWindowTitle *window_title;
  GtkSearchEntry *search_entry;
  GtkListView *list_view;
  GtkStack *detail_stack;
  GtkLabel *code_label;
  GtkLabel *meta_label;
  GtkWidget *eligibility_box;
  GtkImage *eligibility_icon;
  GtkLabel *eligibility_label;
  GtkLabel *why_label;
  GtkListBox *tests_list;
  GtkLabel *tests_empty;
  GtkWidget *record_form;
  GtkDropDown *marker_dropdown;
  GtkDropDown *result_dropdown;
  GtkEntry *sampled_entry;
  GtkLabel *error_label;

  StSession *session;
  GListStore *donors;
  GtkFilterListModel *filtered;
  GtkStringFilter *filter;
  GtkSingleSelection *selection;
  GListStore *tests;
  char *shown;                /* the code of the donor shown */
  char *eligibility_class;
  GCancellable *cancellable;
  gboolean loading;
};

G_DEFINE_FINAL_TYPE (StDonorsPage, st_donors_page, ADW_TYPE_BIN)

static const char *const results[] = { "negative", "positive", "indeterminate" };

/* The markers as the laboratory reports name them. */
static const char *
marker_name (const char *marker)
{
  static const struct { const char *marker; const char *name; } names[] = {
    { "hiv", N_("Anti-HIV-1/2") }, { "hbsag", N_("HBsAg") }, { "anti-hbc", N_("Anti-HBc") },
    { "hcv", N_("Anti-HCV") }, { "syphilis", N_("Syphilis") }, { "htlv", N_("Anti-HTLV-I") },
    { "hiv-nat", N_("HIV NAT") }, { "hbv-nat", N_("HBV NAT") }, { "hcv-nat", N_("HCV NAT") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_strcmp0 (marker, names[i].marker) == 0)
      return _(names[i].name);
  return marker;
}

static StBadge
test_badge (const char *result)
{
  if (g_strcmp0 (result, "negative") == 0)
    return (StBadge) { _("Negative"), "emblem-ok-symbolic", "verdict-conform" };
  if (g_strcmp0 (result, "positive") == 0)
    return (StBadge) { _("Positive"), "dialog-error-symbolic", "verdict-oos" };
  return (StBadge) { _("Indeterminate"), "dialog-question-symbolic", "verdict-pending" };
}

static void
show_error (StDonorsPage *self,
            const char   *message)
{
  gtk_label_set_label (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void
show_donor (StDonorsPage *self,
            const char   *code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(StDonor) donor = NULL;
  g_autofree char *meta = NULL;
  g_autofree char *consent = NULL;
  StBadge badge;

  g_list_store_remove_all (self->tests);
  show_error (self, NULL);
  if (code == NULL || self->session == NULL || (donor = st_donors_get (self->session, code, &error)) == NULL)
    {
      g_clear_pointer (&self->shown, g_free);
      gtk_stack_set_visible_child_name (self->detail_stack, "empty");
      return;
    }
  g_free (self->shown);
  self->shown = g_strdup (donor->record->code);
  consent = donor->record->consent_date != NULL ? st_format_day (donor->record->consent_date)
                                               : g_strdup (_("not recorded"));
  meta = g_strdup_printf (_("Born %" PRId64 " · %s · consent %s · registered by %s%s"),
                          donor->record->birth_year, st_format_sex (donor->record->sex), consent,
                          donor->record->created_by_name,
                          donor->record->htlv_required ? _(" · HTLV-I test needed") : "");
  gtk_label_set_label (self->code_label, donor->record->code);
  gtk_label_set_label (self->meta_label, meta);
  badge = st_format_eligibility (donor->record->eligibility);
  if (self->eligibility_class != NULL)
    gtk_widget_remove_css_class (self->eligibility_box, self->eligibility_class);
  g_free (self->eligibility_class);
  self->eligibility_class = g_strdup (badge.css_class);
  gtk_widget_add_css_class (self->eligibility_box, badge.css_class);
  gtk_image_set_from_icon_name (self->eligibility_icon, badge.icon_name);
  gtk_label_set_label (self->eligibility_label, badge.label);
  gtk_label_set_label (self->why_label, donor->why != NULL ? donor->why : "");
  gtk_widget_set_visible (GTK_WIDGET (self->why_label), donor->why != NULL);

  for (guint i = 0; i < donor->tests->len; i++)
    {
      const StDonorTestRecord *test = g_ptr_array_index (donor->tests, i);
      g_autofree char *entered = st_format_time (test->entered_at);
      g_autofree char *sampled_on = st_format_day (test->sampled_on);
      g_autofree char *subtitle = g_strdup_printf (_("%s · sampled %s · entered by %s, %s"), test->marker,
                                                   sampled_on, test->entered_by_name, entered);
      g_autoptr(StRecordItem) item = st_record_item_new (test->marker, marker_name (test->marker), subtitle, "");

      st_record_item_set_badge (item, test_badge (test->result));
      g_list_store_append (self->tests, item);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->tests_list), donor->tests->len > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->tests_empty), donor->tests->len == 0);
  gtk_widget_set_visible (self->record_form, st_session_has_role (self->session, ST_ROLE_OPERATOR));
  gtk_stack_set_visible_child_name (self->detail_stack, "donor");
}

static void
on_selection_changed (StDonorsPage *self)
{
  StRecordItem *item = gtk_single_selection_get_selected_item (self->selection);

  if (item != NULL)
    show_donor (self, st_record_item_get_key (item));
}

static void
on_search_changed (StDonorsPage *self)
{
  gtk_string_filter_set_search (self->filter, gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
}

static void
on_record (StDonorsPage *self)
{
  guint marker = gtk_drop_down_get_selected (self->marker_dropdown);
  guint result = gtk_drop_down_get_selected (self->result_dropdown);
  const char *const *markers = st_eligibility_markers ();

  if (marker >= g_strv_length ((char **) markers) || result >= G_N_ELEMENTS (results))
    return;
  st_donors_page_record_test (self, markers[marker], results[result],
                              gtk_editable_get_text (GTK_EDITABLE (self->sampled_entry)));
}

static void
on_donor_added (StDonorsPage *self,
                const char   *code)
{
  st_donors_page_reload (self);
  st_donors_page_select (self, code);
}

static void
add_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  StDonorsPage *self = ST_DONORS_PAGE (widget);
  StDonorDialog *dialog;

  if (self->session == NULL)
    return;
  dialog = st_donor_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)), self->session);
  g_signal_connect_object (dialog, "added", G_CALLBACK (on_donor_added), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
st_donors_page_dispose (GObject *object)
{
  StDonorsPage *self = ST_DONORS_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), ST_TYPE_DONORS_PAGE);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->session);
  g_clear_object (&self->selection);
  g_clear_object (&self->tests);
  g_clear_pointer (&self->shown, g_free);
  g_clear_pointer (&self->eligibility_class, g_free);
  G_OBJECT_CLASS (st_donors_page_parent_class)->dispose (object);
}

static void
st_donors_page_class_init (StDonorsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = st_donors_page_dispose;

  g_type_ensure (ST_TYPE_RECORD_ITEM);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/stroma/Stroma/ui/st-donors-page.ui");
  gtk_widget_class_bind_template_child (widget_class, StDonorsPage, window_title);
  gtk_widget_class_bind_template_child (widget_class, StDonorsPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, StDonorsPage, list_view);
  gtk_widget_class_bind_template_child (widget_class, StDonorsPage, detail_stack);
  gtk_widget_class_bind_template_child (widget_class, StDonorsPage, code_label);
  gtk_widget_class_bind_template_child (widget_class, StDonorsPage, meta_label);
  gtk_widget_class_bind_template_child (widget_class, StDonorsPage, eligibility_box);
  gtk_widget_class_bind_template_child (widget_class, StDonorsPage, eligibility_icon);
  gtk_widget_class_bind_template_child (widget_class, StDonorsPage, eligibility_label);
  gtk_widget_class_bind_template_child (widget_class, StDonorsPage, why_label);
  gtk_widget_class_bind_template_child (widget_class, StDonorsPage, tests_list);
  gtk_widget_class_bind_template_child (widget_class, StDonorsPage, tests_empty);
  gtk_widget_class_bind_template_child (widget_class, StDonorsPage, record_form);
  gtk_widget_class_bind_template_child (widget_class, StDonorsPage, marker_dropdown);
  gtk_widget_class_bind_template_child (widget_class, StDonorsPage, result_dropdown);
  gtk_widget_class_bind_template_child (widget_class, StDonorsPage, sampled_entry);
  gtk_widget_class_bind_template_child (widget_class, StDonorsPage, error_label);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_record);

  gtk_widget_class_install_action (widget_class, "donors.add", NULL, add_action);
}

static GtkWidget *
create_row (gpointer item,
            gpointer user_data)
{
  return GTK_WIDGET (st_record_row_new (item));
}

static void
st_donors_page_init (StDonorsPage *self)
{
  GtkExpression *expression;
  GtkStringList *markers;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->donors = g_list_store_new (ST_TYPE_RECORD_ITEM);
  expression = gtk_property_expression_new (ST_TYPE_RECORD_ITEM, NULL, "title");
  self->filter = gtk_string_filter_new (expression);
  gtk_string_filter_set_match_mode (self->filter, GTK_STRING_FILTER_MATCH_MODE_SUBSTRING);
  self->filtered = gtk_filter_list_model_new (G_LIST_MODEL (self->donors), GTK_FILTER (self->filter));
  self->selection = gtk_single_selection_new (G_LIST_MODEL (self->filtered));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));
  g_signal_connect_swapped (self->selection, "selection-changed", G_CALLBACK (on_selection_changed), self);

  self->tests = g_list_store_new (ST_TYPE_RECORD_ITEM);
  gtk_list_box_bind_model (self->tests_list, G_LIST_MODEL (self->tests), create_row, NULL, NULL);
  markers = gtk_string_list_new (NULL);
  for (const char *const *marker = st_eligibility_markers (); *marker != NULL; marker++)
    {
      g_autofree char *name = g_strdup_printf ("%s (%s)", marker_name (*marker), *marker);
      gtk_string_list_append (markers, name);
    }
  gtk_drop_down_set_model (self->marker_dropdown, G_LIST_MODEL (markers));
  g_object_unref (markers);
}

void
st_donors_page_set_session (StDonorsPage *self,
                            StSession    *session)
{
  g_return_if_fail (ST_IS_DONORS_PAGE (self));

  g_cancellable_cancel (self->cancellable);
  self->loading = FALSE;
  g_set_object (&self->session, session);
  g_list_store_remove_all (self->donors);
  show_donor (self, NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "donors.add",
                                 session != NULL && st_session_has_role (session, ST_ROLE_OPERATOR));
}

static gpointer
list_work (StSession     *twin,
           gpointer       data,
           GCancellable  *cancellable,
           GError       **error)
{
  return st_donors_list (twin, error);
}

static void
list_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  StDonorsPage *self = ST_DONORS_PAGE (source);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) donors = st_twin_task_finish (result, &error);
  g_autoptr(GPtrArray) items = NULL;
  g_autofree char *shown = NULL;
  g_autofree char *subtitle = NULL;
  guint eligible = 0;

  if (g_cancellable_is_cancelled (g_task_get_cancellable (G_TASK (result))))
    return;
  self->loading = FALSE;
  if (donors == NULL)
    {
      show_error (self, error->message);
      return;
    }
  shown = g_strdup (self->shown);
  items = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < donors->len; i++)
    {
      const StDonorRecord *donor = g_ptr_array_index (donors, i);
      g_autofree char *line = g_strdup_printf (_("Born %" PRId64 " · %s"), donor->birth_year, donor->sex);
      StRecordItem *item = st_record_item_new (donor->code, donor->code, line, "");

      st_record_item_set_badge (item, st_format_eligibility (donor->eligibility));
      g_ptr_array_add (items, item);
      eligible += g_strcmp0 (donor->eligibility, "eligible") == 0;
    }
  /* One change for the whole list, not one per donor. */
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  g_list_store_splice (self->donors, 0, g_list_model_get_n_items (G_LIST_MODEL (self->donors)),
                       items->pdata, items->len);
  subtitle = g_strdup_printf (_("%u donors · %u eligible"), donors->len, eligible);
  adw_window_title_set_subtitle (self->window_title, subtitle);
  if ((shown == NULL || !st_donors_page_select (self, shown)) && donors->len > 0)
    st_donors_page_select (self, ((StDonorRecord *) g_ptr_array_index (donors, 0))->code);
}

/* A large site has tens of thousands of donors: read in a worker thread. */
void
st_donors_page_reload (StDonorsPage *self)
{
  g_return_if_fail (ST_IS_DONORS_PAGE (self));

  if (self->session == NULL)
    return;
  if (*gtk_editable_get_text (GTK_EDITABLE (self->sampled_entry)) == '\0')
    {
      GDate today;
      g_autofree char *iso = NULL;
      g_autofree char *text = NULL;
      g_autofree char *hint = st_value_date_hint (NULL);

      st_value_today (&today);
      iso = g_strdup_printf ("%04d-%02d-%02d", g_date_get_year (&today), g_date_get_month (&today),
                             g_date_get_day (&today));
      text = st_value_date_to_locale (iso, NULL);
      gtk_entry_set_placeholder_text (self->sampled_entry, hint);
      gtk_editable_set_text (GTK_EDITABLE (self->sampled_entry), text);
    }
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->loading = TRUE;
  st_twin_task_run (self, self->session, list_work, NULL, NULL, (GDestroyNotify) g_ptr_array_unref,
                    self->cancellable, list_done, NULL);
}

gboolean
st_donors_page_is_busy (StDonorsPage *self)
{
  return self->loading;
}

gboolean
st_donors_page_select (StDonorsPage *self,
                       const char   *code)
{
  GListModel *model = G_LIST_MODEL (self->filtered);

  g_return_val_if_fail (ST_IS_DONORS_PAGE (self), FALSE);

  /* While the list is read, the record is shown at once; the list selects
   * it when it arrives. */
  if (self->loading)
    {
      show_donor (self, code);
      return self->shown != NULL;
    }
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(StRecordItem) item = g_list_model_get_item (model, i);
      if (g_strcmp0 (st_record_item_get_key (item), code) == 0)
        {
          gtk_single_selection_set_selected (self->selection, i);
          show_donor (self, code);
          return TRUE;
        }
    }
  return FALSE;
}

GListModel *
st_donors_page_get_model (StDonorsPage *self)
{
  return G_LIST_MODEL (self->donors);
}

gboolean
st_donors_page_record_test (StDonorsPage *self,
                            const char   *marker,
                            const char   *result,
                            const char   *sampled_on)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *code = g_strdup (self->shown);
  g_autofree char *sampled_iso = NULL;

  g_return_val_if_fail (ST_IS_DONORS_PAGE (self), FALSE);

  if (code == NULL)
    return FALSE;
  /* Typed in the locale's order (an empty date means today, for the core). */
  if (sampled_on != NULL && *sampled_on != '\0')
    sampled_iso = st_value_date_from_locale ("sampled-on", sampled_on, NULL, &error);
  if (error != NULL || !st_donors_add_test (self->session, code, marker, result, sampled_iso, &error))
    {
      show_error (self, error->message);
      return FALSE;
    }
  /* The list's eligibility may have changed with the test. */
  st_donors_page_reload (self);
  st_donors_page_select (self, code);
  return TRUE;
}

const char *
st_donors_page_get_error (StDonorsPage *self)
{
  return gtk_widget_get_visible (GTK_WIDGET (self->error_label)) ? gtk_label_get_label (self->error_label) : "";
}
