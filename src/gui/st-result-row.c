/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "st-result-row.h"

#include <glib/gi18n-lib.h>

#include "st-format.h"
#include "st-value.h"

struct _StResultRow {
  GtkListBoxRow parent_instance;

  GtkLabel *test_label;
  GtkLabel *method_label;
  GtkLabel *limit_label;
  GtkStack *input_stack;
  GtkEntry *value_entry;
  GtkDropDown *choice_dropdown;
  GtkLabel *derived_label;
  GtkLabel *unit_label;
  GtkWidget *verdict_box;
  GtkImage *verdict_icon;
  GtkLabel *verdict_label;
  GtkLabel *message_label;

  const StSpecItem *item;
  gboolean ready;           /* the saved value is in place: validate changes */
  char *saved;
  char *saved_verdict;
  gboolean editable;
  StResultState state;
  char *value;
  char *error;
  char *verdict_class;
};

G_DEFINE_FINAL_TYPE (StResultRow, st_result_row, GTK_TYPE_LIST_BOX_ROW)

enum {
  SIGNAL_CHANGED,
  SIGNAL_ACTIVATE_NEXT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
show_badge (StResultRow *self,
            StBadge      badge)
{
  if (self->verdict_class != NULL)
    gtk_widget_remove_css_class (self->verdict_box, self->verdict_class);
  g_free (self->verdict_class);
  self->verdict_class = g_strdup (badge.css_class);
  gtk_widget_add_css_class (self->verdict_box, badge.css_class);
  gtk_image_set_from_icon_name (self->verdict_icon, badge.icon_name);
  gtk_label_set_label (self->verdict_label, badge.label);
}

static void
show_message (StResultRow *self,
              const char  *message,
              gboolean     is_error)
{
  GtkWidget *input = st_result_row_get_input (self);

  gtk_label_set_label (self->message_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), message != NULL);
  if (is_error)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->message_label), "entry-error");
      gtk_widget_remove_css_class (GTK_WIDGET (self->message_label), "pending-change");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->message_label), "entry-error");
      gtk_widget_add_css_class (GTK_WIDGET (self->message_label), "pending-change");
    }
  if (input == NULL)
    return;
  if (is_error)
    {
      gtk_widget_add_css_class (input, "error");
      gtk_accessible_update_state (GTK_ACCESSIBLE (input), GTK_ACCESSIBLE_STATE_INVALID,
                                   GTK_ACCESSIBLE_INVALID_TRUE, -1);
    }
  else
    {
      gtk_widget_remove_css_class (input, "error");
      gtk_accessible_reset_state (GTK_ACCESSIBLE (input), GTK_ACCESSIBLE_STATE_INVALID);
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (input), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  message != NULL ? message : "", -1);
}

/* The text typed (or the word chosen), trimmed; "" when nothing. */
static char *
typed_text (StResultRow *self)
{
  if (self->item->type == ST_ITEM_CHOICE)
    {
      guint selected = gtk_drop_down_get_selected (self->choice_dropdown);
      if (selected == 0 || selected == GTK_INVALID_LIST_POSITION || self->item->choices == NULL
          || selected > g_strv_length (self->item->choices))
        return g_strdup ("");
      return g_strdup (self->item->choices[selected - 1]);
    }
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->value_entry))));
}

static void
validate (StResultRow *self)
{
  g_autofree char *text = typed_text (self);
  g_autofree char *canonical = NULL;
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&self->value, g_free);
  g_clear_pointer (&self->error, g_free);

  if (*text == '\0' && self->saved == NULL)
    {
      self->state = ST_RESULT_UNCHANGED;
      show_badge (self, st_format_item_verdict (st_verdict_to_string (st_spec_item_judge (self->item, NULL))));
      show_message (self, NULL, FALSE);
      return;
    }

  if (self->item->type == ST_ITEM_CHOICE)
    canonical = g_strdup (text);
  else
    canonical = st_value_number_from_locale (self->item->param, text, NULL, &error);
  if (canonical == NULL || !st_spec_item_check_value (self->item, canonical, &error))
    {
      self->state = ST_RESULT_INVALID;
      self->error = g_strdup (error->message);
      show_badge (self, (StBadge) { _("Not valid"), "dialog-warning-symbolic", "verdict-invalid" });
      show_message (self, error->message, TRUE);
      return;
    }

  show_badge (self, st_format_item_verdict (st_verdict_to_string (st_spec_item_judge (self->item, canonical))));
  if (self->saved != NULL && g_str_equal (self->saved, canonical))
    {
      self->state = ST_RESULT_UNCHANGED;
      show_message (self, NULL, FALSE);
      return;
    }
  self->state = ST_RESULT_CHANGED;
  self->value = g_steal_pointer (&canonical);
  if (self->saved != NULL)
    {
      g_autofree char *saved = st_format_value (self->saved);
      g_autofree char *message = g_strdup_printf (_("Saved value %s: changing it needs a reason"), saved);
      show_message (self, message, FALSE);
    }
  else
    show_message (self, _("Not saved yet"), FALSE);
}

static void
on_entry_changed (StResultRow *self)
{
  if (!self->ready)
    return;
  validate (self);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

static void
on_choice_changed (StResultRow *self)
{
  on_entry_changed (self);
}

static void
on_entry_activate (StResultRow *self)
{
  g_signal_emit (self, signals[SIGNAL_ACTIVATE_NEXT], 0);
}

static void
st_result_row_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), ST_TYPE_RESULT_ROW);
  G_OBJECT_CLASS (st_result_row_parent_class)->dispose (object);
}

static void
st_result_row_finalize (GObject *object)
{
  StResultRow *self = ST_RESULT_ROW (object);

  g_free (self->saved);
  g_free (self->saved_verdict);
  g_free (self->value);
  g_free (self->error);
  g_free (self->verdict_class);
  G_OBJECT_CLASS (st_result_row_parent_class)->finalize (object);
}

static void
st_result_row_class_init (StResultRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = st_result_row_dispose;
  object_class->finalize = st_result_row_finalize;

  /* The entry's state changed (typed, chosen). */
  signals[SIGNAL_CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* Enter in the entry: the next entry should take the focus. */
  signals[SIGNAL_ACTIVATE_NEXT] =
    g_signal_new ("activate-next", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/stroma/Stroma/ui/st-result-row.ui");
  gtk_widget_class_bind_template_child (widget_class, StResultRow, test_label);
  gtk_widget_class_bind_template_child (widget_class, StResultRow, method_label);
  gtk_widget_class_bind_template_child (widget_class, StResultRow, limit_label);
  gtk_widget_class_bind_template_child (widget_class, StResultRow, input_stack);
  gtk_widget_class_bind_template_child (widget_class, StResultRow, value_entry);
  gtk_widget_class_bind_template_child (widget_class, StResultRow, choice_dropdown);
  gtk_widget_class_bind_template_child (widget_class, StResultRow, derived_label);
  gtk_widget_class_bind_template_child (widget_class, StResultRow, unit_label);
  gtk_widget_class_bind_template_child (widget_class, StResultRow, verdict_box);
  gtk_widget_class_bind_template_child (widget_class, StResultRow, verdict_icon);
  gtk_widget_class_bind_template_child (widget_class, StResultRow, verdict_label);
  gtk_widget_class_bind_template_child (widget_class, StResultRow, message_label);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_choice_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_activate);
}

static void
st_result_row_init (StResultRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

static void
set_up_choices (StResultRow *self)
{
  g_autoptr(GtkStringList) words = gtk_string_list_new (NULL);
  guint selected = 0;

  /* TRANSLATORS: a categorical result not entered yet. */
  gtk_string_list_append (words, _("—"));
  for (guint i = 0; self->item->choices != NULL && self->item->choices[i] != NULL; i++)
    {
      gtk_string_list_append (words, self->item->choices[i]);
      if (g_strcmp0 (self->saved, self->item->choices[i]) == 0)
        selected = i + 1;
    }
  gtk_drop_down_set_model (self->choice_dropdown, G_LIST_MODEL (words));
  gtk_drop_down_set_selected (self->choice_dropdown, selected);
}

StResultRow *
st_result_row_new (const StSpecItem  *item,
                   const StCheckItem *check,
                   gboolean           editable)
{
  StResultRow *self = g_object_new (ST_TYPE_RESULT_ROW, NULL);
  g_autofree char *limit = st_spec_item_limit_text (item);
  GtkWidget *input;

  self->item = item;
  self->saved = check != NULL ? g_strdup (check->value) : NULL;
  self->saved_verdict = g_strdup (st_verdict_to_string (check != NULL ? check->verdict : ST_VERDICT_MISSING));
  self->editable = editable && !item->derived;
  gtk_label_set_label (self->test_label, item->test);
  gtk_label_set_label (self->method_label, item->method != NULL ? item->method : "");
  gtk_label_set_label (self->limit_label, limit);
  gtk_label_set_label (self->unit_label, item->unit != NULL ? item->unit : "");

  if (item->derived)
    {
      g_autofree char *shown = st_format_value (self->saved);
      gtk_stack_set_visible_child_name (self->input_stack, "derived");
      gtk_label_set_label (self->derived_label, *shown != '\0' ? shown : _("no passages"));
      show_badge (self, st_format_item_verdict (self->saved_verdict));
      show_message (self, NULL, FALSE);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->derived_label), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      item->test, -1);
      return self;
    }

  if (item->type == ST_ITEM_CHOICE)
    {
      gtk_stack_set_visible_child_name (self->input_stack, "choice");
      set_up_choices (self);
      gtk_widget_set_sensitive (GTK_WIDGET (self->choice_dropdown), self->editable);
    }
  else
    {
      g_autofree char *shown = st_format_value (self->saved);
      gtk_stack_set_visible_child_name (self->input_stack, "entry");
      gtk_editable_set_text (GTK_EDITABLE (self->value_entry), shown);
      gtk_editable_set_editable (GTK_EDITABLE (self->value_entry), self->editable);
      if (!self->editable)
        gtk_widget_add_css_class (GTK_WIDGET (self->value_entry), "read-only");
    }
  input = item->type == ST_ITEM_CHOICE ? GTK_WIDGET (self->choice_dropdown) : GTK_WIDGET (self->value_entry);
  gtk_accessible_update_property (GTK_ACCESSIBLE (input), GTK_ACCESSIBLE_PROPERTY_LABEL, item->test, -1);
  gtk_widget_set_tooltip_text (input, item->test);

  self->ready = TRUE;
  validate (self);
  return self;
}

const char *
st_result_row_get_param (StResultRow *self)
{
  return self->item->param;
}

const char *
st_result_row_get_test (StResultRow *self)
{
  return self->item->test;
}

StResultState
st_result_row_get_state (StResultRow *self)
{
  return self->item->derived ? ST_RESULT_UNCHANGED : self->state;
}

const char *
st_result_row_get_value (StResultRow *self)
{
  return self->state == ST_RESULT_CHANGED ? self->value : NULL;
}

const char *
st_result_row_get_saved (StResultRow *self)
{
  return self->saved;
}

const char *
st_result_row_get_error (StResultRow *self)
{
  return self->state == ST_RESULT_INVALID ? self->error : NULL;
}

GtkWidget *
st_result_row_get_input (StResultRow *self)
{
  if (self->item == NULL || self->item->derived)
    return NULL;
  if (self->item->type == ST_ITEM_CHOICE)
    return GTK_WIDGET (self->choice_dropdown);
  return GTK_WIDGET (self->value_entry);
}

char *
st_result_row_get_text (StResultRow *self)
{
  if (self->item->derived)
    return g_strdup ("");
  if (self->item->type == ST_ITEM_CHOICE)
    return typed_text (self);
  return g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->value_entry)));
}

void
st_result_row_set_text (StResultRow *self,
                        const char  *text)
{
  g_return_if_fail (ST_IS_RESULT_ROW (self));

  if (self->item->derived)
    return;
  if (self->item->type == ST_ITEM_CHOICE)
    {
      guint selected = 0;
      for (guint i = 0; self->item->choices != NULL && self->item->choices[i] != NULL; i++)
        if (g_strcmp0 (text, self->item->choices[i]) == 0)
          selected = i + 1;
      gtk_drop_down_set_selected (self->choice_dropdown, selected);
    }
  else
    gtk_editable_set_text (GTK_EDITABLE (self->value_entry), text != NULL ? text : "");
}
