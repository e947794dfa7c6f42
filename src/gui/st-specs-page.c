/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "st-specs-page.h"

#include <glib/gi18n-lib.h>

#include "st-format.h"
#include "st-signing-dialog.h"
#include "st-spec-diff-row.h"
#include "st-specs.h"

struct _StSpecsPage {
  AdwBin parent_instance;

  AdwWindowTitle *window_title;
  GtkDropDown *left_dropdown;
  GtkDropDown *right_dropdown;
  GtkLabel *left_status;
  GtkLabel *right_status;
  GtkLabel *summary_label;
  GtkLabel *error_label;
  GtkListBox *diff_list;
  GtkWidget *import_button;
  GtkWidget *approve_button;

  StSession *session;
  GPtrArray *versions;        /* StSpecRecord, by code then version */
  GtkFileChooserNative *chooser;
  guint n_differences;
  gboolean filling;
};

G_DEFINE_FINAL_TYPE (StSpecsPage, st_specs_page, ADW_TYPE_BIN)

static char *
version_ref (const StSpecRecord *record)
{
  return g_strdup_printf ("%s@%" G_GINT64_FORMAT, record->code, record->version);
}

static const StSpecRecord *
selected_version (StSpecsPage *self,
                  GtkDropDown *dropdown)
{
  guint selected = gtk_drop_down_get_selected (dropdown);

  if (self->versions == NULL || selected >= self->versions->len)
    return NULL;
  return g_ptr_array_index (self->versions, selected);
}

static void
show_error (StSpecsPage *self,
            const char  *message)
{
  gtk_label_set_label (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static char *
status_text (const StSpecRecord *record)
{
  if (g_strcmp0 (record->status, "approved") == 0 && record->approved_by_name != NULL)
    {
      g_autofree char *at = st_format_date (record->approved_at);
      return g_strdup_printf (_("Approved by %s on %s"), record->approved_by_name, at);
    }
  if (g_strcmp0 (record->status, "approved") == 0 && record->approved_at != NULL)
    {
      g_autofree char *at = st_format_date (record->approved_at);
      return g_strdup_printf (_("Approved on %s, the default specification of the site"), at);
    }
  if (g_strcmp0 (record->status, "draft") == 0)
    return g_strdup (_("Draft: waits for a Qualified Person’s approval"));
  if (g_strcmp0 (record->status, "retired") == 0)
    return g_strdup (_("Retired"));
  return g_strdup (_("Approved"));
}

static char *
item_limit (const StSpecItem *item)
{
  g_autofree char *limit = NULL;

  if (item == NULL)
    return NULL;
  limit = st_spec_item_limit_text (item);
  if (item->unit != NULL && st_spec_item_is_judged (item) && item->type != ST_ITEM_CHOICE)
    return g_strdup_printf ("%s %s", limit, item->unit);
  return g_steal_pointer (&limit);
}

static char *
item_detail (const StSpecItem *item)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);

  if (item == NULL)
    return NULL;
  if (item->method != NULL)
    g_ptr_array_add (parts, g_strdup (item->method));
  if (item->bound_low != NULL || item->bound_high != NULL)
    g_ptr_array_add (parts, g_strdup_printf (_("bounds %s to %s"), item->bound_low ? item->bound_low : "−∞",
                                             item->bound_high ? item->bound_high : "∞"));
  if (!st_spec_item_is_judged (item) && item->unit != NULL)
    g_ptr_array_add (parts, g_strdup (item->unit));
  if (item->may_be_pending)
    g_ptr_array_add (parts, g_strdup (_("may be pending at initial certification")));
  if (item->derived)
    g_ptr_array_add (parts, g_strdup (_("derived")));
  g_ptr_array_add (parts, NULL);
  return g_strjoinv (" · ", (char **) parts->pdata);
}

static void
add_row (StSpecsPage      *self,
         const StSpecItem *left,
         const StSpecItem *right)
{
  const StSpecItem *any = right != NULL ? right : left;
  g_autofree char *left_limit = item_limit (left);
  g_autofree char *left_detail = item_detail (left);
  g_autofree char *right_limit = item_limit (right);
  g_autofree char *right_detail = item_detail (right);
  StSpecDiff diff = ST_SPEC_DIFF_SAME;

  if (left == NULL)
    diff = ST_SPEC_DIFF_ADDED;
  else if (right == NULL)
    diff = ST_SPEC_DIFF_REMOVED;
  else if (g_strcmp0 (left_limit, right_limit) != 0 || g_strcmp0 (left_detail, right_detail) != 0
           || g_strcmp0 (left->test, right->test) != 0)
    diff = ST_SPEC_DIFF_CHANGED;
  self->n_differences += diff != ST_SPEC_DIFF_SAME;
  gtk_list_box_append (self->diff_list,
                       GTK_WIDGET (st_spec_diff_row_new (diff, any->test, any->param, left_limit, left_detail,
                                                         right_limit, right_detail)));
}

static void
compare (StSpecsPage *self)
{
  const StSpecRecord *left_record = selected_version (self, self->left_dropdown);
  const StSpecRecord *right_record = selected_version (self, self->right_dropdown);
  g_autoptr(GError) error = NULL;
  g_autoptr(StSpec) left = NULL;
  g_autoptr(StSpec) right = NULL;
  g_autofree char *left_ref = NULL;
  g_autofree char *right_ref = NULL;
  g_autofree char *left_status = NULL;
  g_autofree char *right_status = NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->diff_list))) != NULL)
    gtk_list_box_remove (self->diff_list, child);
  self->n_differences = 0;
  if (left_record == NULL || right_record == NULL)
    return;
  left_ref = version_ref (left_record);
  right_ref = version_ref (right_record);
  if ((left = st_specs_get (self->session, left_ref, &error)) == NULL
      || (right = st_specs_get (self->session, right_ref, &error)) == NULL)
    {
      show_error (self, error->message);
      return;
    }
  left_status = status_text (left_record);
  right_status = status_text (right_record);
  gtk_label_set_label (self->left_status, left_status);
  gtk_label_set_label (self->right_status, right_status);

  /* The right version's order, each item beside its namesake on the left;
   * items only on the left follow. */
  for (guint i = 0; i < right->items->len; i++)
    {
      const StSpecItem *item = g_ptr_array_index (right->items, i);
      add_row (self, st_spec_find_item (left, item->param), item);
    }
  for (guint i = 0; i < left->items->len; i++)
    {
      const StSpecItem *item = g_ptr_array_index (left->items, i);
      if (st_spec_find_item (right, item->param) == NULL)
        add_row (self, item, NULL);
    }
  if (left_record == right_record)
    gtk_label_set_label (self->summary_label, _("The same version on both sides: choose another to compare."));
  else if (self->n_differences == 0)
    gtk_label_set_label (self->summary_label, _("No item differs."));
  else
    {
      g_autofree char *summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u item differs: marked below.",
                                                               "%u items differ: marked below.",
                                                               self->n_differences), self->n_differences);
      gtk_label_set_label (self->summary_label, summary);
    }
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "specs.approve",
                                 st_session_has_role (self->session, ST_ROLE_QP)
                                 && g_strcmp0 (right_record->status, "draft") == 0);
}

static void
on_version_changed (StSpecsPage *self)
{
  if (!self->filling)
    compare (self);
}

static gboolean
import_bytes (StSpecsPage  *self,
              const char   *contents,
              gsize         length,
              GError      **error)
{
  g_autoptr(StSpec) parsed = NULL;
  gint64 version = 0;
  g_autofree char *ref = NULL;

  if (!st_specs_import (self->session, contents, (gssize) length, &version, error))
    return FALSE;
  parsed = st_spec_parse (contents, (gssize) length, NULL);
  st_specs_page_reload (self);
  if (parsed != NULL)
    {
      ref = g_strdup_printf ("%s@%" G_GINT64_FORMAT, parsed->code, version);
      st_specs_page_compare (self, NULL, ref);
    }
  return TRUE;
}

static void
on_chooser_response (StSpecsPage *self,
                     int          response)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (self->chooser));
      st_specs_page_import_file (self, file);
    }
  g_clear_object (&self->chooser);
}

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  StSpecsPage *self = ST_SPECS_PAGE (widget);
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  if (self->chooser != NULL)
    return;
  self->chooser = gtk_file_chooser_native_new (_("Import a Specification"),
                                               GTK_WINDOW (gtk_widget_get_root (widget)),
                                               GTK_FILE_CHOOSER_ACTION_OPEN, _("_Import"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("Specification files (JSON)"));
  gtk_file_filter_add_pattern (filter, "*.json");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  g_signal_connect_swapped (self->chooser, "response", G_CALLBACK (on_chooser_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
on_approved (StSpecsPage *self)
{
  const StSpecRecord *right = selected_version (self, self->right_dropdown);
  g_autofree char *ref = right != NULL ? version_ref (right) : NULL;

  st_specs_page_reload (self);
  if (ref != NULL)
    st_specs_page_compare (self, NULL, ref);
}

static void
approve_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  st_specs_page_approve (ST_SPECS_PAGE (widget));
}

static void
st_specs_page_dispose (GObject *object)
{
  StSpecsPage *self = ST_SPECS_PAGE (object);

  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  gtk_widget_dispose_template (GTK_WIDGET (self), ST_TYPE_SPECS_PAGE);
  g_clear_object (&self->session);
  g_clear_pointer (&self->versions, g_ptr_array_unref);
  G_OBJECT_CLASS (st_specs_page_parent_class)->dispose (object);
}

static void
st_specs_page_class_init (StSpecsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = st_specs_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/stroma/Stroma/ui/st-specs-page.ui");
  gtk_widget_class_bind_template_child (widget_class, StSpecsPage, window_title);
  gtk_widget_class_bind_template_child (widget_class, StSpecsPage, left_dropdown);
  gtk_widget_class_bind_template_child (widget_class, StSpecsPage, right_dropdown);
  gtk_widget_class_bind_template_child (widget_class, StSpecsPage, left_status);
  gtk_widget_class_bind_template_child (widget_class, StSpecsPage, right_status);
  gtk_widget_class_bind_template_child (widget_class, StSpecsPage, summary_label);
  gtk_widget_class_bind_template_child (widget_class, StSpecsPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, StSpecsPage, diff_list);
  gtk_widget_class_bind_template_child (widget_class, StSpecsPage, import_button);
  gtk_widget_class_bind_template_child (widget_class, StSpecsPage, approve_button);
  gtk_widget_class_bind_template_callback (widget_class, on_version_changed);

  gtk_widget_class_install_action (widget_class, "specs.import", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "specs.approve", NULL, approve_action);
}

static void
st_specs_page_init (StSpecsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "specs.approve", FALSE);
}

void
st_specs_page_set_session (StSpecsPage *self,
                           StSession   *session)
{
  g_return_if_fail (ST_IS_SPECS_PAGE (self));

  g_set_object (&self->session, session);
  g_clear_pointer (&self->versions, g_ptr_array_unref);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "specs.import",
                                 session != NULL && st_session_has_role (session, ST_ROLE_ADMIN));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "specs.approve", FALSE);
  /* Administrators import, QPs approve: the others only compare. */
  gtk_widget_set_visible (self->import_button, session != NULL && st_session_has_role (session, ST_ROLE_ADMIN));
  gtk_widget_set_visible (self->approve_button, session != NULL && st_session_has_role (session, ST_ROLE_QP));
}

/* Left: the newest approved version; right: the newest version (a draft
 * waiting for approval, if any), else the approved one before it. */
static void
choose_default (StSpecsPage *self,
                guint       *left,
                guint       *right)
{
  guint newest = self->versions->len - 1;
  const StSpecRecord *last = g_ptr_array_index (self->versions, newest);
  guint approved = newest;

  for (guint i = self->versions->len; i-- > 0;)
    {
      const StSpecRecord *record = g_ptr_array_index (self->versions, i);
      if (g_str_equal (record->code, last->code) && g_strcmp0 (record->status, "approved") == 0)
        {
          approved = i;
          break;
        }
    }
  *right = newest;
  *left = approved != newest ? approved : (newest > 0 ? newest - 1 : newest);
}

void
st_specs_page_reload (StSpecsPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GtkStringList) left_names = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) right_names = gtk_string_list_new (NULL);
  g_autofree char *subtitle = NULL;
  guint left = 0, right = 0, drafts = 0;

  g_return_if_fail (ST_IS_SPECS_PAGE (self));

  if (self->session == NULL)
    return;
  g_clear_pointer (&self->versions, g_ptr_array_unref);
  self->versions = st_specs_list (self->session, &error);
  if (self->versions == NULL)
    {
      show_error (self, error->message);
      return;
    }
  show_error (self, NULL);
  for (guint i = 0; i < self->versions->len; i++)
    {
      const StSpecRecord *record = g_ptr_array_index (self->versions, i);
      g_autofree char *name = g_strdup_printf ("%s v%" G_GINT64_FORMAT " · %s", record->code, record->version,
                                               g_strcmp0 (record->status, "draft") == 0 ? _("draft")
                                               : g_strcmp0 (record->status, "retired") == 0 ? _("retired")
                                               : _("approved"));
      gtk_string_list_append (left_names, name);
      gtk_string_list_append (right_names, name);
      drafts += g_strcmp0 (record->status, "draft") == 0;
    }
  self->filling = TRUE;
  gtk_drop_down_set_model (self->left_dropdown, G_LIST_MODEL (left_names));
  gtk_drop_down_set_model (self->right_dropdown, G_LIST_MODEL (right_names));
  if (self->versions->len > 0)
    {
      choose_default (self, &left, &right);
      gtk_drop_down_set_selected (self->left_dropdown, left);
      gtk_drop_down_set_selected (self->right_dropdown, right);
    }
  self->filling = FALSE;
  subtitle = drafts > 0
             ? g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u versions · %u draft to approve",
                                             "%u versions · %u drafts to approve", drafts), self->versions->len, drafts)
             : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u version", "%u versions", self->versions->len),
                                self->versions->len);
  adw_window_title_set_subtitle (self->window_title, subtitle);
  compare (self);
}

static gboolean
select_ref (StSpecsPage *self,
            GtkDropDown *dropdown,
            const char  *ref)
{
  for (guint i = 0; ref != NULL && self->versions != NULL && i < self->versions->len; i++)
    {
      g_autofree char *candidate = version_ref (g_ptr_array_index (self->versions, i));
      if (g_str_equal (candidate, ref))
        {
          gtk_drop_down_set_selected (dropdown, i);
          return TRUE;
        }
    }
  return ref == NULL;
}

gboolean
st_specs_page_compare (StSpecsPage *self,
                       const char  *left_ref,
                       const char  *right_ref)
{
  gboolean found;

  g_return_val_if_fail (ST_IS_SPECS_PAGE (self), FALSE);

  self->filling = TRUE;
  found = select_ref (self, self->left_dropdown, left_ref) && select_ref (self, self->right_dropdown, right_ref);
  self->filling = FALSE;
  compare (self);
  return found;
}

guint
st_specs_page_get_n_differences (StSpecsPage *self)
{
  return self->n_differences;
}

GtkListBox *
st_specs_page_get_rows (StSpecsPage *self)
{
  return self->diff_list;
}

gboolean
st_specs_page_import_file (StSpecsPage *self,
                           GFile       *file)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_return_val_if_fail (ST_IS_SPECS_PAGE (self), FALSE);

  /* A specification is a few kilobytes: read at once. */
  if (!g_file_load_contents (file, NULL, &contents, &length, NULL, &error)
      || !import_bytes (self, contents, length, &error))
    {
      show_error (self, error->message);
      return FALSE;
    }
  return TRUE;
}

StSigningDialog *
st_specs_page_approve (StSpecsPage *self)
{
  const StSpecRecord *right = selected_version (self, self->right_dropdown);
  g_autoptr(GError) error = NULL;
  g_autofree char *ref = NULL;
  StSigningDialog *dialog;

  g_return_val_if_fail (ST_IS_SPECS_PAGE (self), NULL);

  if (right == NULL)
    return NULL;
  ref = version_ref (right);
  dialog = st_signing_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))), self->session,
                                  ST_SIGNING_APPROVE, ref, &error);
  if (dialog == NULL)
    {
      show_error (self, error->message);
      return NULL;
    }
  g_signal_connect_object (dialog, "signed", G_CALLBACK (on_approved), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}

const char *
st_specs_page_get_error (StSpecsPage *self)
{
  return gtk_widget_get_visible (GTK_WIDGET (self->error_label)) ? gtk_label_get_label (self->error_label) : "";
}
