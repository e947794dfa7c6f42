/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "st-record-row.h"

struct _StRecordRow {
  GtkListBoxRow parent_instance;

  GtkLabel *title_label;
  GtkLabel *subtitle_label;
  GtkLabel *detail_label;
  GtkWidget *badge_box;
  GtkImage *badge_icon;
  GtkLabel *badge_label;
};

G_DEFINE_FINAL_TYPE (StRecordRow, st_record_row, GTK_TYPE_LIST_BOX_ROW)

static void
st_record_row_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), ST_TYPE_RECORD_ROW);
  G_OBJECT_CLASS (st_record_row_parent_class)->dispose (object);
}

static void
st_record_row_class_init (StRecordRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = st_record_row_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/stroma/Stroma/ui/st-record-row.ui");
  gtk_widget_class_bind_template_child (widget_class, StRecordRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, StRecordRow, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, StRecordRow, detail_label);
  gtk_widget_class_bind_template_child (widget_class, StRecordRow, badge_box);
  gtk_widget_class_bind_template_child (widget_class, StRecordRow, badge_icon);
  gtk_widget_class_bind_template_child (widget_class, StRecordRow, badge_label);
}

static void
st_record_row_init (StRecordRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

StRecordRow *
st_record_row_new (StRecordItem *item)
{
  StRecordRow *self = g_object_new (ST_TYPE_RECORD_ROW, NULL);
  GBindingFlags flags = G_BINDING_SYNC_CREATE;

  g_object_bind_property (item, "title", self->title_label, "label", flags);
  g_object_bind_property (item, "subtitle", self->subtitle_label, "label", flags);
  g_object_bind_property (item, "detail", self->detail_label, "label", flags);
  g_object_bind_property (item, "has-badge", self->badge_box, "visible", flags);
  g_object_bind_property (item, "badge-classes", self->badge_box, "css-classes", flags);
  g_object_bind_property (item, "badge-icon", self->badge_icon, "icon-name", flags);
  g_object_bind_property (item, "badge-label", self->badge_label, "label", flags);
  return self;
}
