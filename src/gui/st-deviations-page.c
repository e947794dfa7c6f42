/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "st-deviations-page.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>

#include "st-deviation-dialog.h"
#include "st-deviations.h"
#include "st-format.h"
#include "st-record-item.h"

struct _StDeviationsPage {
  AdwBin parent_instance;

  AdwWindowTitle *window_title;
  GtkDropDown *filter_dropdown;
  GtkListView *list_view;
  GtkStack *detail_stack;
  GtkLabel *title_label;
  GtkWidget *badge_box;
  GtkImage *badge_icon;
  GtkLabel *badge_label;
  GtkButton *lot_button;
  GtkLabel *opened_label;
  GtkLabel *text_label;
  GtkWidget *assessment_section;
  GtkLabel *closed_label;
  GtkLabel *assessment_label;
  GtkWidget *close_section;
  GtkTextView *assessment_view;
  GtkLabel *close_note;
  GtkWidget *close_button;
  GtkLabel *error_label;

  StSession *session;
  GListStore *deviations;
  GtkSingleSelection *selection;
  GPtrArray *records;          /* StDeviationRecord, in the list's order */
  gint64 shown;
  char *badge_class;
};

G_DEFINE_FINAL_TYPE (StDeviationsPage, st_deviations_page, ADW_TYPE_BIN)

enum {
  SIGNAL_OPEN_LOT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

enum { FILTER_OPEN, FILTER_CLOSED, FILTER_ALL };

static StBadge
badge_for (const StDeviationRecord *deviation)
{
  if (g_strcmp0 (deviation->status, "closed") == 0)
    return (StBadge) { _("Closed"), "emblem-ok-symbolic", "verdict-report" };
  return (StBadge) { _("Open"), "dialog-warning-symbolic", "verdict-pending" };
}

static const StDeviationRecord *
find_record (StDeviationsPage *self,
             gint64            number)
{
  for (guint i = 0; self->records != NULL && i < self->records->len; i++)
    {
      const StDeviationRecord *record = g_ptr_array_index (self->records, i);
      if (record->number == number)
        return record;
    }
  return NULL;
}

static void
show_error (StDeviationsPage *self,
            const char       *message)
{
  gtk_label_set_label (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void
show_deviation (StDeviationsPage *self,
                gint64            number)
{
  const StDeviationRecord *deviation = find_record (self, number);
  gboolean closed;
  gboolean may_close;
  g_autofree char *title = NULL;
  g_autofree char *opened = NULL;
  g_autofree char *opened_at = NULL;
  StBadge badge;

  show_error (self, NULL);
  self->shown = deviation != NULL ? deviation->number : 0;
  if (deviation == NULL)
    {
      gtk_stack_set_visible_child_name (self->detail_stack, "empty");
      return;
    }
  closed = g_strcmp0 (deviation->status, "closed") == 0;
  title = g_strdup_printf (_("Deviation %" PRId64 " · %s"), deviation->number,
                           st_format_severity (deviation->severity));
  gtk_label_set_label (self->title_label, title);
  badge = badge_for (deviation);
  if (self->badge_class != NULL)
    gtk_widget_remove_css_class (self->badge_box, self->badge_class);
  g_free (self->badge_class);
  self->badge_class = g_strdup (badge.css_class);
  gtk_widget_add_css_class (self->badge_box, badge.css_class);
  gtk_image_set_from_icon_name (self->badge_icon, badge.icon_name);
  gtk_label_set_label (self->badge_label, badge.label);
  gtk_button_set_label (self->lot_button, deviation->lot_number);
  opened_at = st_format_time (deviation->opened_at);
  opened = g_strdup_printf (_("Opened by %s, %s"), deviation->opened_by_name, opened_at);
  gtk_label_set_label (self->opened_label, opened);
  gtk_label_set_label (self->text_label, deviation->text);

  gtk_widget_set_visible (self->assessment_section, closed);
  if (closed)
    {
      g_autofree char *closed_at = st_format_time (deviation->closed_at);
      g_autofree char *line = g_strdup_printf (_("Assessed and closed by %s, %s"), deviation->closed_by_name,
                                               closed_at);
      gtk_label_set_label (self->closed_label, line);
      gtk_label_set_label (self->assessment_label, deviation->assessment);
    }
  may_close = st_session_has_role (self->session, ST_ROLE_REVIEWER | ST_ROLE_QP);
  gtk_widget_set_visible (self->close_section, !closed);
  gtk_widget_set_visible (GTK_WIDGET (self->assessment_view), may_close);
  gtk_widget_set_visible (self->close_button, may_close);
  gtk_label_set_label (self->close_note,
                       may_close ? _("Record the root cause, the impact on the lot and the actions taken; closing "
                                     "records the assessment under your name.")
                                 : _("A reviewer or a Qualified Person assesses and closes the deviation."));
  gtk_stack_set_visible_child_name (self->detail_stack, "deviation");
}

static void
on_selection_changed (StDeviationsPage *self)
{
  StRecordItem *item = gtk_single_selection_get_selected_item (self->selection);

  if (item != NULL)
    show_deviation (self, g_ascii_strtoll (st_record_item_get_key (item), NULL, 10));
}

static void
on_filter_changed (StDeviationsPage *self)
{
  st_deviations_page_reload (self);
}

static void
on_lot_clicked (StDeviationsPage *self)
{
  const StDeviationRecord *deviation = find_record (self, self->shown);

  if (deviation != NULL)
    g_signal_emit (self, signals[SIGNAL_OPEN_LOT], 0, deviation->lot_number);
}

static void
on_close_clicked (StDeviationsPage *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->assessment_view);
  g_autofree char *text = NULL;
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  st_deviations_page_close (self, g_strstrip (text));
}

static void
on_opened (StDeviationsPage *self,
           gint64            number)
{
  gtk_drop_down_set_selected (self->filter_dropdown, FILTER_OPEN);
  st_deviations_page_reload (self);
  st_deviations_page_select (self, number);
}

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  StDeviationsPage *self = ST_DEVIATIONS_PAGE (widget);
  StDeviationDialog *dialog;

  if (self->session == NULL)
    return;
  dialog = st_deviation_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)), self->session, NULL);
  g_signal_connect_object (dialog, "opened", G_CALLBACK (on_opened), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
st_deviations_page_dispose (GObject *object)
{
  StDeviationsPage *self = ST_DEVIATIONS_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), ST_TYPE_DEVIATIONS_PAGE);
  g_clear_object (&self->session);
  g_clear_object (&self->selection);
  g_clear_pointer (&self->records, g_ptr_array_unref);
  g_clear_pointer (&self->badge_class, g_free);
  G_OBJECT_CLASS (st_deviations_page_parent_class)->dispose (object);
}

static void
st_deviations_page_class_init (StDeviationsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = st_deviations_page_dispose;

  signals[SIGNAL_OPEN_LOT] =
    g_signal_new ("open-lot", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  g_type_ensure (ST_TYPE_RECORD_ITEM);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/stroma/Stroma/ui/st-deviations-page.ui");
  gtk_widget_class_bind_template_child (widget_class, StDeviationsPage, window_title);
  gtk_widget_class_bind_template_child (widget_class, StDeviationsPage, filter_dropdown);
  gtk_widget_class_bind_template_child (widget_class, StDeviationsPage, list_view);
  gtk_widget_class_bind_template_child (widget_class, StDeviationsPage, detail_stack);
  gtk_widget_class_bind_template_child (widget_class, StDeviationsPage, title_label);
  gtk_widget_class_bind_template_child (widget_class, StDeviationsPage, badge_box);
  gtk_widget_class_bind_template_child (widget_class, StDeviationsPage, badge_icon);
  gtk_widget_class_bind_template_child (widget_class, StDeviationsPage, badge_label);
  gtk_widget_class_bind_template_child (widget_class, StDeviationsPage, lot_button);
  gtk_widget_class_bind_template_child (widget_class, StDeviationsPage, opened_label);
  gtk_widget_class_bind_template_child (widget_class, StDeviationsPage, text_label);
  gtk_widget_class_bind_template_child (widget_class, StDeviationsPage, assessment_section);
  gtk_widget_class_bind_template_child (widget_class, StDeviationsPage, closed_label);
  gtk_widget_class_bind_template_child (widget_class, StDeviationsPage, assessment_label);
  gtk_widget_class_bind_template_child (widget_class, StDeviationsPage, close_section);
  gtk_widget_class_bind_template_child (widget_class, StDeviationsPage, assessment_view);
  gtk_widget_class_bind_template_child (widget_class, StDeviationsPage, close_note);
  gtk_widget_class_bind_template_child (widget_class, StDeviationsPage, close_button);
  gtk_widget_class_bind_template_child (widget_class, StDeviationsPage, error_label);
  gtk_widget_class_bind_template_callback (widget_class, on_filter_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_lot_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_close_clicked);

  gtk_widget_class_install_action (widget_class, "deviations.open", NULL, open_action);
}

static void
st_deviations_page_init (StDeviationsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->deviations = g_list_store_new (ST_TYPE_RECORD_ITEM);
  self->selection = gtk_single_selection_new (G_LIST_MODEL (self->deviations));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));
  g_signal_connect_swapped (self->selection, "selection-changed", G_CALLBACK (on_selection_changed), self);
}

void
st_deviations_page_set_session (StDeviationsPage *self,
                                StSession        *session)
{
  g_return_if_fail (ST_IS_DEVIATIONS_PAGE (self));

  g_set_object (&self->session, session);
  g_list_store_remove_all (self->deviations);
  g_clear_pointer (&self->records, g_ptr_array_unref);
  show_deviation (self, 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "deviations.open",
                                 session != NULL
                                 && st_session_has_role (session, ST_ROLE_OPERATOR | ST_ROLE_REVIEWER | ST_ROLE_QP));
}

void
st_deviations_page_reload (StDeviationsPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autofree char *subtitle = NULL;
  guint filter = gtk_drop_down_get_selected (self->filter_dropdown);
  gint64 shown = self->shown;
  guint open = 0;

  g_return_if_fail (ST_IS_DEVIATIONS_PAGE (self));

  if (self->session == NULL)
    return;
  all = st_deviations_list (self->session, NULL, &error);
  if (all == NULL)
    {
      g_warning ("deviations: %s", error->message);
      return;
    }
  g_clear_pointer (&self->records, g_ptr_array_unref);
  self->records = g_ptr_array_new_with_free_func ((GDestroyNotify) st_deviation_record_free);
  items = g_ptr_array_new_with_free_func (g_object_unref);
  /* Newest first: the work of the day is at the top. */
  for (guint i = all->len; i-- > 0;)
    {
      StDeviationRecord *deviation = g_ptr_array_index (all, i);
      gboolean closed = g_strcmp0 (deviation->status, "closed") == 0;
      g_autofree char *key = NULL;
      g_autofree char *title = NULL;
      g_autofree char *opened = NULL;
      g_autofree char *subtitle_line = NULL;
      StRecordItem *item;

      open += !closed;
      if ((filter == FILTER_OPEN && closed) || (filter == FILTER_CLOSED && !closed))
        continue;
      key = g_strdup_printf ("%" G_GINT64_FORMAT, deviation->number);
      title = g_strdup_printf (_("%" PRId64 " · %s · %s"), deviation->number, deviation->lot_number,
                               st_format_severity (deviation->severity));
      opened = st_format_date (deviation->opened_at);
      subtitle_line = g_strdup_printf (_("Opened %s by %s"), opened, deviation->opened_by_name);
      item = st_record_item_new (key, title, subtitle_line, "");
      st_record_item_set_badge (item, badge_for (deviation));
      g_ptr_array_add (items, item);
      g_ptr_array_add (self->records, g_steal_pointer (&all->pdata[i]));
    }
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  g_list_store_splice (self->deviations, 0, g_list_model_get_n_items (G_LIST_MODEL (self->deviations)),
                       items->pdata, items->len);
  subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u open", "%u open", open), open);
  adw_window_title_set_subtitle (self->window_title, subtitle);
  /* The first one is shown rather than an empty half of the page. */
  if ((shown == 0 || !st_deviations_page_select (self, shown))
      && (self->records->len == 0
          || !st_deviations_page_select (self, ((StDeviationRecord *) g_ptr_array_index (self->records, 0))->number)))
    show_deviation (self, 0);
}

gboolean
st_deviations_page_select (StDeviationsPage *self,
                           gint64            number)
{
  g_return_val_if_fail (ST_IS_DEVIATIONS_PAGE (self), FALSE);

  for (guint i = 0; self->records != NULL && i < self->records->len; i++)
    if (((StDeviationRecord *) g_ptr_array_index (self->records, i))->number == number)
      {
        gtk_single_selection_set_selected (self->selection, i);
        show_deviation (self, number);
        return TRUE;
      }
  return FALSE;
}

GListModel *
st_deviations_page_get_model (StDeviationsPage *self)
{
  return G_LIST_MODEL (self->deviations);
}

gboolean
st_deviations_page_close (StDeviationsPage *self,
                          const char       *assessment)
{
  g_autoptr(GError) error = NULL;
  gint64 number = self->shown;

  g_return_val_if_fail (ST_IS_DEVIATIONS_PAGE (self), FALSE);

  if (number == 0)
    return FALSE;
  if (!st_deviations_close (self->session, number, assessment, &error))
    {
      show_error (self, error->message);
      return FALSE;
    }
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->assessment_view), "", -1);
  gtk_drop_down_set_selected (self->filter_dropdown, FILTER_ALL);
  st_deviations_page_reload (self);
  st_deviations_page_select (self, number);
  return TRUE;
}

const char *
st_deviations_page_get_error (StDeviationsPage *self)
{
  return gtk_widget_get_visible (GTK_WIDGET (self->error_label)) ? gtk_label_get_label (self->error_label) : "";
}
