/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "st-audit-page.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>
#include <string.h>

#include "st-format.h"
#include "st-history-item.h"
#include "st-label-factory.h"
#include "st-trail.h"
#include "st-twin-task.h"
#include "st-value.h"

/* A large site's trail has millions of entries: the page shows the newest
 * of those that match, and says how many match. */
#define SHOWN_ENTRIES 2000

struct _StAuditPage {
  AdwBin parent_instance;

  AdwWindowTitle *window_title;
  GtkWidget *state_box;
  GtkImage *state_icon;
  GtkSpinner *state_spinner;
  GtkLabel *state_title;
  GtkLabel *state_detail;
  GtkEntry *lot_entry;
  GtkEntry *user_entry;
  GtkEntry *since_entry;
  GtkEntry *until_entry;
  GtkLabel *count_label;
  GtkSpinner *load_spinner;
  GtkColumnView *column_view;

  StSession *session;
  GListStore *entries;
  GCancellable *load_cancellable;
  GCancellable *verify_cancellable;
  gboolean verifying;
  gboolean loading;
  gboolean verified;          /* since the session was set */
  char *state_class;
  GPtrArray *pending;         /* StHistoryItem still to be shown */
  guint pending_id;
};

G_DEFINE_FINAL_TYPE (StAuditPage, st_audit_page, ADW_TYPE_BIN)

/* The verification ------------------------------------------------------- */

static void
set_state (StAuditPage *self,
           const char  *css_class,
           const char  *icon_name,
           const char  *title,
           const char  *detail)
{
  if (self->state_class != NULL)
    gtk_widget_remove_css_class (self->state_box, self->state_class);
  g_free (self->state_class);
  self->state_class = g_strdup (css_class);
  gtk_widget_add_css_class (self->state_box, css_class);
  gtk_image_set_from_icon_name (self->state_icon, icon_name);
  gtk_widget_set_visible (GTK_WIDGET (self->state_icon), icon_name != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->state_spinner), icon_name == NULL);
  gtk_spinner_set_spinning (self->state_spinner, icon_name == NULL);
  gtk_label_set_label (self->state_title, title);
  gtk_label_set_label (self->state_detail, detail);
}

static void
report_free (StAuditReport *report)
{
  st_audit_report_clear (report);
  g_free (report);
}

static gpointer
verify_work (StSession     *twin,
             gpointer       data,
             GCancellable  *cancellable,
             GError       **error)
{
  StAuditReport *report = g_new0 (StAuditReport, 1);

  if (!st_trail_verify (twin, report, error))
    {
      report_free (report);
      return NULL;
    }
  return report;
}

static void
verify_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  StAuditPage *self = ST_AUDIT_PAGE (source);
  g_autoptr(GError) error = NULL;
  StAuditReport *report = st_twin_task_finish (result, &error);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *at = g_date_time_format (now, "%H:%M:%S");
  g_autofree char *detail = NULL;

  if (g_cancellable_is_cancelled (g_task_get_cancellable (G_TASK (result))))
    {
      if (report != NULL)
        report_free (report);
      return;
    }
  self->verifying = FALSE;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "audit.verify", TRUE);
  if (report == NULL)
    {
      set_state (self, "audit-broken", "dialog-error-symbolic", _("The audit trail could not be verified"),
                 error->message);
      return;
    }
  self->verified = TRUE;
  if (report->intact)
    {
      detail = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "%'" PRId64 " entry checked at %s: every link and hash, the "
                                             "replay against the records and every signature’s anchor.",
                                             "%'" PRId64 " entries checked at %s: every link and hash, "
                                             "the replay against the records and every signature’s anchor.",
                                             (gulong) report->entries), report->entries, at);
      set_state (self, "audit-intact", "security-high-symbolic", _("The audit trail is intact"), detail);
    }
  else
    {
      g_autofree char *title = g_strdup_printf (_("The audit trail is broken at entry %" PRId64),
                                                report->first_bad);
      detail = g_strdup_printf (_("%s (checked at %s). Report this to the administrator and quality assurance; "
                                  "the records from this entry on cannot be trusted."), report->reason, at);
      set_state (self, "audit-broken", "dialog-error-symbolic", title, detail);
    }
  report_free (report);
}

/* The data of the page -------------------------------------------------- */

typedef struct {
  char *lot;
  char *user;
  char *since;
  char *until;
} Filter;

typedef struct {
  Filter *filter;
  GPtrArray *newest;          /* StAuditEntry copies, a ring of SHOWN_ENTRIES */
  guint next;
  gint64 matched;
  GCancellable *cancellable;
} Collect;

typedef struct {
  GPtrArray *entries;         /* newest first */
  gint64 matched;
} Loaded;

static void
filter_free (Filter *filter)
{
  g_free (filter->lot);
  g_free (filter->user);
  g_free (filter->since);
  g_free (filter->until);
  g_free (filter);
}

static void
loaded_free (Loaded *loaded)
{
  g_ptr_array_unref (loaded->entries);
  g_free (loaded);
}

/* Dates are compared on the UTC day of the entry. */
static gboolean
collect_entry (const StAuditEntry  *entry,
               gpointer             user_data,
               GError             **error)
{
  Collect *collect = user_data;
  const Filter *filter = collect->filter;

  if (g_cancellable_set_error_if_cancelled (collect->cancellable, error))
    return FALSE;
  if (filter->user != NULL && g_ascii_strcasecmp (entry->username, filter->user) != 0)
    return TRUE;
  if (filter->since != NULL && strncmp (entry->at, filter->since, 10) < 0)
    return TRUE;
  if (filter->until != NULL && strncmp (entry->at, filter->until, 10) > 0)
    return TRUE;
  collect->matched++;
  if (collect->newest->len < SHOWN_ENTRIES)
    g_ptr_array_add (collect->newest, st_audit_entry_copy (entry));
  else
    {
      st_audit_entry_free (collect->newest->pdata[collect->next]);
      collect->newest->pdata[collect->next] = st_audit_entry_copy (entry);
      collect->next = (collect->next + 1) % SHOWN_ENTRIES;
    }
  return TRUE;
}

static gpointer
load_work (StSession     *twin,
           gpointer       data,
           GCancellable  *cancellable,
           GError       **error)
{
  Collect collect = { .filter = data, .cancellable = cancellable };
  Loaded *loaded;
  guint n;

  collect.newest = g_ptr_array_new_with_free_func ((GDestroyNotify) st_audit_entry_free);
  if (!st_trail_foreach (twin, collect.filter->lot, collect_entry, &collect, error))
    {
      g_ptr_array_unref (collect.newest);
      return NULL;
    }
  loaded = g_new0 (Loaded, 1);
  loaded->matched = collect.matched;
  loaded->entries = g_ptr_array_new_with_free_func ((GDestroyNotify) st_audit_entry_free);
  /* The ring, oldest at collect.next, read backwards: newest first. */
  n = collect.newest->len;
  for (guint i = 0; i < n; i++)
    {
      guint index = (collect.next + n - 1 - i) % n;
      g_ptr_array_add (loaded->entries, g_steal_pointer (&collect.newest->pdata[index]));
    }
  g_ptr_array_unref (collect.newest);
  return loaded;
}

/* The column view makes the widgets of up to 200 new rows at once, nine
 * cells each: the rows come in small portions, one per main loop turn. */
#define ROWS_PER_TURN 20

static gboolean
add_pending (gpointer user_data)
{
  StAuditPage *self = user_data;
  guint n = MIN (ROWS_PER_TURN, self->pending->len);

  g_list_store_splice (self->entries, g_list_model_get_n_items (G_LIST_MODEL (self->entries)), 0,
                       self->pending->pdata, n);
  g_ptr_array_remove_range (self->pending, 0, n);
  if (self->pending->len > 0)
    return G_SOURCE_CONTINUE;
  self->pending_id = 0;
  return G_SOURCE_REMOVE;
}

static void
show_items (StAuditPage *self,
            GPtrArray   *items)
{
  g_clear_handle_id (&self->pending_id, g_source_remove);
  g_clear_pointer (&self->pending, g_ptr_array_unref);
  g_list_store_remove_all (self->entries);
  self->pending = items;
  if (add_pending (self))
    self->pending_id = g_idle_add (add_pending, self);
}

static void
load_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  StAuditPage *self = ST_AUDIT_PAGE (source);
  g_autoptr(GError) error = NULL;
  Loaded *loaded = st_twin_task_finish (result, &error);
  g_autoptr(GPtrArray) items = NULL;
  g_autofree char *count = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
      || g_cancellable_is_cancelled (g_task_get_cancellable (G_TASK (result))))
    {
      if (loaded != NULL)
        loaded_free (loaded);
      return;
    }
  self->loading = FALSE;
  gtk_spinner_set_spinning (self->load_spinner, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->load_spinner), FALSE);
  if (loaded == NULL)
    {
      gtk_label_set_label (self->count_label, error->message);
      return;
    }
  items = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < loaded->entries->len; i++)
    g_ptr_array_add (items, st_history_item_new (g_ptr_array_index (loaded->entries, i)));
  show_items (self, g_steal_pointer (&items));
  if (loaded->matched > (gint64) loaded->entries->len)
    count = g_strdup_printf (_("The newest %'u of %'" PRId64 " matching entries, newest first: narrow "
                               "the filter to see older ones."), loaded->entries->len, loaded->matched);
  else
    count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'u matching entry, newest first.",
                                          "%'u matching entries, newest first.", loaded->entries->len),
                             loaded->entries->len);
  gtk_label_set_label (self->count_label, count);
  loaded_free (loaded);
}

static char *
field_text (GtkEntry *entry)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry))));

  return *text != '\0' ? g_steal_pointer (&text) : NULL;
}

static void
on_apply (StAuditPage *self)
{
  st_audit_page_reload (self);
}

static void
verify_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  st_audit_page_verify (ST_AUDIT_PAGE (widget));
}

static void
st_audit_page_dispose (GObject *object)
{
  StAuditPage *self = ST_AUDIT_PAGE (object);

  g_cancellable_cancel (self->load_cancellable);
  g_cancellable_cancel (self->verify_cancellable);
  g_clear_handle_id (&self->pending_id, g_source_remove);
  g_clear_pointer (&self->pending, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), ST_TYPE_AUDIT_PAGE);
  g_clear_object (&self->load_cancellable);
  g_clear_object (&self->verify_cancellable);
  g_clear_object (&self->session);
  g_clear_object (&self->entries);
  g_clear_pointer (&self->state_class, g_free);
  G_OBJECT_CLASS (st_audit_page_parent_class)->dispose (object);
}

static void
st_audit_page_class_init (StAuditPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = st_audit_page_dispose;

  g_type_ensure (ST_TYPE_HISTORY_ITEM);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/stroma/Stroma/ui/st-audit-page.ui");
  gtk_widget_class_bind_template_child (widget_class, StAuditPage, window_title);
  gtk_widget_class_bind_template_child (widget_class, StAuditPage, state_box);
  gtk_widget_class_bind_template_child (widget_class, StAuditPage, state_icon);
  gtk_widget_class_bind_template_child (widget_class, StAuditPage, state_spinner);
  gtk_widget_class_bind_template_child (widget_class, StAuditPage, state_title);
  gtk_widget_class_bind_template_child (widget_class, StAuditPage, state_detail);
  gtk_widget_class_bind_template_child (widget_class, StAuditPage, lot_entry);
  gtk_widget_class_bind_template_child (widget_class, StAuditPage, user_entry);
  gtk_widget_class_bind_template_child (widget_class, StAuditPage, since_entry);
  gtk_widget_class_bind_template_child (widget_class, StAuditPage, until_entry);
  gtk_widget_class_bind_template_child (widget_class, StAuditPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, StAuditPage, load_spinner);
  gtk_widget_class_bind_template_child (widget_class, StAuditPage, column_view);
  gtk_widget_class_bind_template_callback (widget_class, on_apply);

  gtk_widget_class_install_action (widget_class, "audit.verify", NULL, verify_action);
}

static void
st_audit_page_init (StAuditPage *self)
{
  g_autoptr(GtkNoSelection) selection = NULL;
  g_autofree char *hint = st_value_date_hint (NULL);

  static const struct { const char *property; StLabelFlags flags; } cells[] = {
    { "seq", ST_LABEL_NUMERIC }, { "when", ST_LABEL_NUMERIC }, { "who", ST_LABEL_ELLIPSIZE },
    { "action", ST_LABEL_ELLIPSIZE }, { "record", ST_LABEL_ELLIPSIZE }, { "field", ST_LABEL_ELLIPSIZE },
    { "old-value-short", ST_LABEL_WRAP }, { "new-value-short", ST_LABEL_WRAP }, { "why", ST_LABEL_WRAP },
  };
  GListModel *columns;

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_entry_set_placeholder_text (self->since_entry, hint);
  gtk_entry_set_placeholder_text (self->until_entry, hint);
  /* The columns of the template, in its order. */
  columns = gtk_column_view_get_columns (self->column_view);
  g_assert (g_list_model_get_n_items (columns) == G_N_ELEMENTS (cells));
  for (guint i = 0; i < G_N_ELEMENTS (cells); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);
      g_autoptr(GtkListItemFactory) factory = st_label_factory_new (cells[i].property, cells[i].flags);
      gtk_column_view_column_set_factory (column, factory);
    }
  self->entries = g_list_store_new (ST_TYPE_HISTORY_ITEM);
  selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->entries)));
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (selection));
  set_state (self, "audit-verifying", NULL, _("Verifying the audit trail…"),
             _("Every entry’s hash is checked against the one before it."));
}

void
st_audit_page_set_session (StAuditPage *self,
                           StSession   *session)
{
  g_return_if_fail (ST_IS_AUDIT_PAGE (self));

  g_cancellable_cancel (self->load_cancellable);
  g_cancellable_cancel (self->verify_cancellable);
  g_clear_object (&self->load_cancellable);
  g_clear_object (&self->verify_cancellable);
  self->loading = self->verifying = self->verified = FALSE;
  g_set_object (&self->session, session);
  g_clear_handle_id (&self->pending_id, g_source_remove);
  g_clear_pointer (&self->pending, g_ptr_array_unref);
  g_list_store_remove_all (self->entries);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "audit.verify", TRUE);
  set_state (self, "audit-verifying", NULL, _("Verifying the audit trail…"),
             _("Every entry’s hash is checked against the one before it."));
}

void
st_audit_page_show (StAuditPage *self)
{
  g_return_if_fail (ST_IS_AUDIT_PAGE (self));

  if (!self->verified && !self->verifying)
    st_audit_page_verify (self);
  st_audit_page_reload (self);
}

void
st_audit_page_verify (StAuditPage *self)
{
  g_return_if_fail (ST_IS_AUDIT_PAGE (self));

  if (self->session == NULL || self->verifying)
    return;
  self->verifying = TRUE;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "audit.verify", FALSE);
  set_state (self, "audit-verifying", NULL, _("Verifying the audit trail…"),
             _("Every entry’s hash is checked against the one before it, the trail is replayed against the "
               "records, and every signature’s anchor is looked up. On a large site this takes a while; "
               "the window stays usable."));
  g_clear_object (&self->verify_cancellable);
  self->verify_cancellable = g_cancellable_new ();
  st_twin_task_run (self, self->session, verify_work, NULL, NULL, (GDestroyNotify) report_free,
                    self->verify_cancellable, verify_done, NULL);
}

void
st_audit_page_reload (StAuditPage *self)
{
  Filter *filter;
  g_autoptr(GError) error = NULL;
  g_autofree char *since_typed = NULL;
  g_autofree char *until_typed = NULL;
  g_autofree char *since = NULL;
  g_autofree char *until = NULL;

  g_return_if_fail (ST_IS_AUDIT_PAGE (self));

  if (self->session == NULL)
    return;
  /* Dates are typed in the locale's order; the trail holds ISO 8601. */
  since_typed = field_text (self->since_entry);
  until_typed = field_text (self->until_entry);
  if (since_typed != NULL)
    since = st_value_date_from_locale (_("from"), since_typed, NULL, &error);
  if (error == NULL && until_typed != NULL)
    until = st_value_date_from_locale (_("to"), until_typed, NULL, &error);
  if (error != NULL)
    {
      gtk_label_set_label (self->count_label, error->message);
      return;
    }
  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  self->load_cancellable = g_cancellable_new ();
  filter = g_new0 (Filter, 1);
  filter->lot = field_text (self->lot_entry);
  filter->user = field_text (self->user_entry);
  filter->since = g_steal_pointer (&since);
  filter->until = g_steal_pointer (&until);
  self->loading = TRUE;
  gtk_widget_set_visible (GTK_WIDGET (self->load_spinner), TRUE);
  gtk_spinner_set_spinning (self->load_spinner, TRUE);
  gtk_label_set_label (self->count_label, _("Reading the trail…"));
  st_twin_task_run (self, self->session, load_work, filter, (GDestroyNotify) filter_free,
                    (GDestroyNotify) loaded_free, self->load_cancellable, load_done, NULL);
}

void
st_audit_page_set_filter (StAuditPage *self,
                          const char  *lot,
                          const char  *user,
                          const char  *since,
                          const char  *until)
{
  g_autofree char *since_shown = since != NULL ? st_value_date_to_locale (since, NULL) : g_strdup ("");
  g_autofree char *until_shown = until != NULL ? st_value_date_to_locale (until, NULL) : g_strdup ("");

  gtk_editable_set_text (GTK_EDITABLE (self->lot_entry), lot != NULL ? lot : "");
  gtk_editable_set_text (GTK_EDITABLE (self->user_entry), user != NULL ? user : "");
  gtk_editable_set_text (GTK_EDITABLE (self->since_entry), since_shown);
  gtk_editable_set_text (GTK_EDITABLE (self->until_entry), until_shown);
  st_audit_page_reload (self);
}

gboolean
st_audit_page_is_busy (StAuditPage *self)
{
  return self->loading || self->verifying || self->pending_id != 0;
}

const char *
st_audit_page_get_state (StAuditPage *self)
{
  return gtk_label_get_label (self->state_title);
}

GListModel *
st_audit_page_get_model (StAuditPage *self)
{
  return G_LIST_MODEL (self->entries);
}
