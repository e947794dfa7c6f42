/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "st-results-panel.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>

#include "st-format.h"
#include "st-reason-dialog.h"

struct _StResultsPanel {
  AdwBin parent_instance;

  GtkLabel *spec_label;
  GtkListBox *results_list;
  GtkLabel *summary_label;

  StSession *session;
  char *lot_number;
  GPtrArray *rows;            /* StResultRow, in the specification's order */
  char *message;              /* the outcome of the last save, shown until typing */
  gboolean message_is_error;
  gboolean editable;
};

G_DEFINE_FINAL_TYPE (StResultsPanel, st_results_panel, ADW_TYPE_BIN)

enum {
  SIGNAL_SAVED,
  SIGNAL_ENTRIES_DONE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

enum {
  PROP_0,
  PROP_SUMMARY,
  PROP_SUMMARY_IS_ERROR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
count_rows (StResultsPanel *self,
            guint          *n_changed,
            guint          *n_invalid)
{
  *n_changed = *n_invalid = 0;
  for (guint i = 0; i < self->rows->len; i++)
    switch (st_result_row_get_state (g_ptr_array_index (self->rows, i)))
      {
      case ST_RESULT_CHANGED:
        (*n_changed)++;
        break;
      case ST_RESULT_INVALID:
        (*n_invalid)++;
        break;
      case ST_RESULT_UNCHANGED:
      default:
        break;
      }
}

static void
update_summary (StResultsPanel *self)
{
  guint n_changed, n_invalid;
  g_autoptr(GString) text = g_string_new (NULL);

  count_rows (self, &n_changed, &n_invalid);
  if (self->message != NULL)
    g_string_append (text, self->message);
  else
    {
      if (n_changed > 0)
        g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%u change not saved yet",
                                                   "%u changes not saved yet", n_changed), n_changed);
      if (n_invalid > 0)
        {
          if (text->len > 0)
            g_string_append (text, " · ");
          g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%u entry is not valid and cannot be saved",
                                                     "%u entries are not valid and cannot be saved", n_invalid),
                                  n_invalid);
        }
    }
  gtk_label_set_label (self->summary_label, text->str);
  if (st_results_panel_summary_is_error (self))
    gtk_widget_add_css_class (GTK_WIDGET (self->summary_label), "entry-error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->summary_label), "entry-error");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SUMMARY]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SUMMARY_IS_ERROR]);
}

static void
set_message (StResultsPanel *self,
             char           *message,
             gboolean        is_error)
{
  g_free (self->message);
  self->message = message;
  self->message_is_error = is_error;
  update_summary (self);
}

static void
on_row_changed (StResultsPanel *self)
{
  g_clear_pointer (&self->message, g_free);
  self->message_is_error = FALSE;
  update_summary (self);
}

static gboolean
focus_row_input (StResultRow *row)
{
  GtkWidget *input = st_result_row_get_input (row);

  if (input == NULL || !gtk_widget_get_sensitive (input)
      || (GTK_IS_EDITABLE (input) && !gtk_editable_get_editable (GTK_EDITABLE (input))))
    return FALSE;
  return gtk_widget_grab_focus (input);
}

/* Enter walks down the entries, then to the save button. */
static void
on_row_activate_next (StResultsPanel *self,
                      StResultRow    *row)
{
  guint index;

  if (!g_ptr_array_find (self->rows, row, &index))
    return;
  for (guint i = index + 1; i < self->rows->len; i++)
    if (focus_row_input (g_ptr_array_index (self->rows, i)))
      return;
  g_signal_emit (self, signals[SIGNAL_ENTRIES_DONE], 0);
}

static void
focus_first_invalid (StResultsPanel *self)
{
  for (guint i = 0; i < self->rows->len; i++)
    {
      StResultRow *row = g_ptr_array_index (self->rows, i);
      if (st_result_row_get_state (row) == ST_RESULT_INVALID && focus_row_input (row))
        return;
    }
}

static void
save_entries (StResultsPanel *self,
              const char     *reason)
{
  g_autoptr(GArray) entries = g_array_new (FALSE, TRUE, sizeof (StResultInput));
  g_autoptr(GError) error = NULL;
  guint n_changed, n_invalid;
  g_autofree char *saved = NULL;

  count_rows (self, &n_changed, &n_invalid);
  for (guint i = 0; i < self->rows->len; i++)
    {
      StResultRow *row = g_ptr_array_index (self->rows, i);
      StResultInput entry = { 0 };

      if (st_result_row_get_state (row) != ST_RESULT_CHANGED)
        continue;
      entry.param = st_result_row_get_param (row);
      entry.value = st_result_row_get_value (row);
      entry.reason = st_result_row_get_saved (row) != NULL ? reason : NULL;
      g_array_append_val (entries, entry);
    }
  if (entries->len == 0)
    return;

  if (!st_lots_save_results (self->session, self->lot_number, (StResultInput *) (gpointer) entries->data,
                             entries->len, &error))
    {
      set_message (self, g_strdup_printf (_("Nothing was saved: %s"), error->message), TRUE);
      return;
    }

  saved = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u result saved", "%u results saved", entries->len),
                           entries->len);
  if (n_invalid > 0)
    set_message (self, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                     "%s · %u entry is not valid and was not saved",
                                                     "%s · %u entries are not valid and were not saved",
                                                     n_invalid), saved, n_invalid), TRUE);
  else
    set_message (self, g_steal_pointer (&saved), FALSE);
  g_signal_emit (self, signals[SIGNAL_SAVED], 0);
}

static void
on_reason_confirmed (StResultsPanel *self,
                     const char     *reason)
{
  save_entries (self, reason);
}

static char *
describe_corrections (StResultsPanel *self)
{
  g_autoptr(GString) text = g_string_new (NULL);
  gboolean empty;

  for (guint i = 0; i < self->rows->len; i++)
    {
      StResultRow *row = g_ptr_array_index (self->rows, i);
      g_autofree char *old_value = NULL;
      g_autofree char *new_value = NULL;

      if (st_result_row_get_state (row) != ST_RESULT_CHANGED || st_result_row_get_saved (row) == NULL)
        continue;
      old_value = st_format_value (st_result_row_get_saved (row));
      new_value = st_format_value (st_result_row_get_value (row));
      if (text->len > 0)
        g_string_append_c (text, '\n');
      g_string_append_printf (text, _("%s: %s → %s"), st_result_row_get_test (row), old_value, new_value);
    }
  empty = text->len == 0;
  return g_string_free (g_steal_pointer (&text), empty);
}

void
st_results_panel_save (StResultsPanel *self)
{
  g_autofree char *corrections = NULL;
  guint n_changed, n_invalid;

  g_return_if_fail (ST_IS_RESULTS_PANEL (self));

  if (self->session == NULL || self->lot_number == NULL || !self->editable)
    return;
  count_rows (self, &n_changed, &n_invalid);
  if (n_changed == 0)
    {
      if (n_invalid > 0)
        {
          set_message (self, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                           "Nothing saved: %u entry is not valid",
                                                           "Nothing saved: %u entries are not valid", n_invalid),
                                              n_invalid), TRUE);
          focus_first_invalid (self);
        }
      else
        set_message (self, g_strdup (_("Nothing to save: no entry has changed")), FALSE);
      return;
    }

  corrections = describe_corrections (self);
  if (corrections != NULL)
    {
      StReasonDialog *dialog = st_reason_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                                     corrections);
      g_signal_connect_object (dialog, "confirmed", G_CALLBACK (on_reason_confirmed), self, G_CONNECT_SWAPPED);
      gtk_window_present (GTK_WINDOW (dialog));
      return;
    }
  save_entries (self, NULL);
}

static void
st_results_panel_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  StResultsPanel *self = ST_RESULTS_PANEL (object);

  switch (prop_id)
    {
    case PROP_SUMMARY:
      g_value_set_string (value, st_results_panel_get_summary (self));
      break;
    case PROP_SUMMARY_IS_ERROR:
      g_value_set_boolean (value, st_results_panel_summary_is_error (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
st_results_panel_dispose (GObject *object)
{
  StResultsPanel *self = ST_RESULTS_PANEL (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), ST_TYPE_RESULTS_PANEL);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_object (&self->session);
  g_clear_pointer (&self->lot_number, g_free);
  g_clear_pointer (&self->message, g_free);
  G_OBJECT_CLASS (st_results_panel_parent_class)->dispose (object);
}

static void
st_results_panel_class_init (StResultsPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = st_results_panel_dispose;
  object_class->get_property = st_results_panel_get_property;

  signals[SIGNAL_SAVED] =
    g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* Enter in the last entry: the focus should go to saving. */
  signals[SIGNAL_ENTRIES_DONE] =
    g_signal_new ("entries-done", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  /* What saving did last, or what waits to be saved. */
  properties[PROP_SUMMARY] =
    g_param_spec_string ("summary", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SUMMARY_IS_ERROR] =
    g_param_spec_boolean ("summary-is-error", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/stroma/Stroma/ui/st-results-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, StResultsPanel, spec_label);
  gtk_widget_class_bind_template_child (widget_class, StResultsPanel, results_list);
  gtk_widget_class_bind_template_child (widget_class, StResultsPanel, summary_label);
}

static void
st_results_panel_init (StResultsPanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->rows = g_ptr_array_new ();
}

static GHashTable *
unsaved_texts (StResultsPanel *self)
{
  GHashTable *texts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  for (guint i = 0; i < self->rows->len; i++)
    {
      StResultRow *row = g_ptr_array_index (self->rows, i);
      if (st_result_row_get_state (row) != ST_RESULT_UNCHANGED)
        g_hash_table_insert (texts, g_strdup (st_result_row_get_param (row)), st_result_row_get_text (row));
    }
  return texts;
}

void
st_results_panel_set_lot (StResultsPanel *self,
                          StSession      *session,
                          const StLot    *lot,
                          const StSpec   *spec,
                          gboolean        editable,
                          gboolean        keep_unsaved)
{
  g_autoptr(GHashTable) texts = NULL;
  g_autofree char *spec_text = NULL;
  gboolean initial;

  g_return_if_fail (ST_IS_RESULTS_PANEL (self));

  texts = keep_unsaved ? unsaved_texts (self) : NULL;
  if (!keep_unsaved)
    g_clear_pointer (&self->message, g_free);
  for (guint i = 0; i < self->rows->len; i++)
    gtk_list_box_remove (self->results_list, g_ptr_array_index (self->rows, i));
  g_ptr_array_set_size (self->rows, 0);
  g_set_object (&self->session, session);
  g_free (self->lot_number);
  self->lot_number = g_strdup (lot->record->lot_number);

  spec_text = g_strdup_printf (_("Specification %s version %" PRId64), lot->record->spec_code,
                               lot->record->spec_version);
  gtk_label_set_label (self->spec_label, spec_text);
  initial = g_str_equal (lot->record->status, "released_initial");
  for (guint i = 0; i < spec->items->len; i++)
    {
      const StSpecItem *item = g_ptr_array_index (spec->items, i);
      const StCheckItem *check = st_lot_check_find (lot->check, item->param);
      StResultRow *row = st_result_row_new (item, check, editable && (!initial || item->may_be_pending));
      const char *text = texts != NULL ? g_hash_table_lookup (texts, item->param) : NULL;

      if (text != NULL)
        st_result_row_set_text (row, text);
      g_signal_connect_object (row, "changed", G_CALLBACK (on_row_changed), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (row, "activate-next", G_CALLBACK (on_row_activate_next), self, G_CONNECT_SWAPPED);
      gtk_list_box_append (self->results_list, GTK_WIDGET (row));
      g_ptr_array_add (self->rows, row);
    }
  self->editable = editable;
  update_summary (self);
}

gboolean
st_results_panel_has_changes (StResultsPanel *self)
{
  guint n_changed, n_invalid;

  count_rows (self, &n_changed, &n_invalid);
  return n_changed > 0 || n_invalid > 0;
}

StResultRow *
st_results_panel_get_row (StResultsPanel *self,
                          const char     *param)
{
  for (guint i = 0; i < self->rows->len; i++)
    {
      StResultRow *row = g_ptr_array_index (self->rows, i);
      if (g_strcmp0 (st_result_row_get_param (row), param) == 0)
        return row;
    }
  return NULL;
}

gboolean
st_results_panel_focus_entry (StResultsPanel *self)
{
  for (guint i = 0; i < self->rows->len; i++)
    {
      StResultRow *row = g_ptr_array_index (self->rows, i);
      if (st_result_row_get_state (row) == ST_RESULT_INVALID && focus_row_input (row))
        return TRUE;
    }
  for (guint i = 0; i < self->rows->len; i++)
    {
      StResultRow *row = g_ptr_array_index (self->rows, i);
      if (st_result_row_get_saved (row) == NULL && focus_row_input (row))
        return TRUE;
    }
  return FALSE;
}

const char *
st_results_panel_get_summary (StResultsPanel *self)
{
  return gtk_label_get_label (self->summary_label);
}

gboolean
st_results_panel_summary_is_error (StResultsPanel *self)
{
  guint n_changed, n_invalid;

  if (self->message != NULL)
    return self->message_is_error;
  count_rows (self, &n_changed, &n_invalid);
  return n_invalid > 0;
}

void
st_results_panel_get_counts (StResultsPanel *self,
                             guint          *n_changed,
                             guint          *n_invalid)
{
  count_rows (self, n_changed, n_invalid);
}
