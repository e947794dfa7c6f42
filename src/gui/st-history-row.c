/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "st-history-row.h"

struct _StHistoryRow {
  GtkListBoxRow parent_instance;

  GtkLabel *when_label;
  GtkLabel *who_label;
  GtkLabel *action_label;
  GtkLabel *field_label;
  GtkLabel *old_label;
  GtkLabel *new_label;
  GtkLabel *why_label;
};

G_DEFINE_FINAL_TYPE (StHistoryRow, st_history_row, GTK_TYPE_LIST_BOX_ROW)

static void
st_history_row_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), ST_TYPE_HISTORY_ROW);
  G_OBJECT_CLASS (st_history_row_parent_class)->dispose (object);
}

static void
st_history_row_class_init (StHistoryRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = st_history_row_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/stroma/Stroma/ui/st-history-row.ui");
  gtk_widget_class_bind_template_child (widget_class, StHistoryRow, when_label);
  gtk_widget_class_bind_template_child (widget_class, StHistoryRow, who_label);
  gtk_widget_class_bind_template_child (widget_class, StHistoryRow, action_label);
  gtk_widget_class_bind_template_child (widget_class, StHistoryRow, field_label);
  gtk_widget_class_bind_template_child (widget_class, StHistoryRow, old_label);
  gtk_widget_class_bind_template_child (widget_class, StHistoryRow, new_label);
  gtk_widget_class_bind_template_child (widget_class, StHistoryRow, why_label);
}

static void
st_history_row_init (StHistoryRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

StHistoryRow *
st_history_row_new (StHistoryItem *item)
{
  StHistoryRow *self = g_object_new (ST_TYPE_HISTORY_ROW, NULL);
  GBindingFlags flags = G_BINDING_SYNC_CREATE;

  g_object_bind_property (item, "when", self->when_label, "label", flags);
  g_object_bind_property (item, "when-utc", self->when_label, "tooltip-text", flags);
  g_object_bind_property (item, "who", self->who_label, "label", flags);
  g_object_bind_property (item, "action", self->action_label, "label", flags);
  g_object_bind_property (item, "field", self->field_label, "label", flags);
  g_object_bind_property (item, "old-value", self->old_label, "label", flags);
  g_object_bind_property (item, "new-value", self->new_label, "label", flags);
  g_object_bind_property (item, "why", self->why_label, "label", flags);
  return self;
}
