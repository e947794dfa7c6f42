/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "st-spec-diff-row.h"

#include <glib/gi18n-lib.h>

struct _StSpecDiffRow {
  GtkListBoxRow parent_instance;

  GtkWidget *change_box;
  GtkImage *change_icon;
  GtkLabel *change_label;
  GtkLabel *test_label;
  GtkLabel *param_label;
  GtkLabel *left_limit_label;
  GtkLabel *left_detail_label;
  GtkLabel *right_limit_label;
  GtkLabel *right_detail_label;

  StSpecDiff diff;
};

G_DEFINE_FINAL_TYPE (StSpecDiffRow, st_spec_diff_row, GTK_TYPE_LIST_BOX_ROW)

static void
st_spec_diff_row_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), ST_TYPE_SPEC_DIFF_ROW);
  G_OBJECT_CLASS (st_spec_diff_row_parent_class)->dispose (object);
}

static void
st_spec_diff_row_class_init (StSpecDiffRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = st_spec_diff_row_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/stroma/Stroma/ui/st-spec-diff-row.ui");
  gtk_widget_class_bind_template_child (widget_class, StSpecDiffRow, change_box);
  gtk_widget_class_bind_template_child (widget_class, StSpecDiffRow, change_icon);
  gtk_widget_class_bind_template_child (widget_class, StSpecDiffRow, change_label);
  gtk_widget_class_bind_template_child (widget_class, StSpecDiffRow, test_label);
  gtk_widget_class_bind_template_child (widget_class, StSpecDiffRow, param_label);
  gtk_widget_class_bind_template_child (widget_class, StSpecDiffRow, left_limit_label);
  gtk_widget_class_bind_template_child (widget_class, StSpecDiffRow, left_detail_label);
  gtk_widget_class_bind_template_child (widget_class, StSpecDiffRow, right_limit_label);
  gtk_widget_class_bind_template_child (widget_class, StSpecDiffRow, right_detail_label);
}

static void
st_spec_diff_row_init (StSpecDiffRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

static void
set_side (GtkLabel   *limit_label,
          GtkLabel   *detail_label,
          const char *limit,
          const char *detail)
{
  gtk_label_set_label (limit_label, limit != NULL ? limit : _("not in this version"));
  gtk_label_set_label (detail_label, detail != NULL ? detail : "");
  gtk_widget_set_visible (GTK_WIDGET (detail_label), detail != NULL && *detail != '\0');
  if (limit == NULL)
    gtk_widget_add_css_class (GTK_WIDGET (limit_label), "dim-label");
}

StSpecDiffRow *
st_spec_diff_row_new (StSpecDiff  diff,
                      const char *test,
                      const char *param,
                      const char *left_limit,
                      const char *left_detail,
                      const char *right_limit,
                      const char *right_detail)
{
  StSpecDiffRow *self = g_object_new (ST_TYPE_SPEC_DIFF_ROW, NULL);
  static const struct { const char *label; const char *icon; const char *css; } changes[] = {
    [ST_SPEC_DIFF_SAME] = { NULL, NULL, NULL },
    [ST_SPEC_DIFF_CHANGED] = { N_("Changed"), "document-edit-symbolic", "diff-changed" },
    [ST_SPEC_DIFF_ADDED] = { N_("Added"), "list-add-symbolic", "diff-added" },
    [ST_SPEC_DIFF_REMOVED] = { N_("Removed"), "list-remove-symbolic", "diff-removed" },
  };

  self->diff = diff;
  gtk_label_set_label (self->test_label, test);
  gtk_label_set_label (self->param_label, param);
  set_side (self->left_limit_label, self->left_detail_label, left_limit, left_detail);
  set_side (self->right_limit_label, self->right_detail_label, right_limit, right_detail);
  gtk_widget_set_visible (self->change_box, diff != ST_SPEC_DIFF_SAME);
  if (diff != ST_SPEC_DIFF_SAME)
    {
      gtk_image_set_from_icon_name (self->change_icon, changes[diff].icon);
      gtk_label_set_label (self->change_label, _(changes[diff].label));
      gtk_widget_add_css_class (GTK_WIDGET (self), changes[diff].css);
    }
  return self;
}

StSpecDiff
st_spec_diff_row_get_diff (StSpecDiffRow *self)
{
  return self->diff;
}
