/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "st-lot-list-model.h"

#include <glib/gi18n-lib.h>

#include "st-lot-item.h"

/* Rows read per query, and how many such pages stay cached. */
#define PAGE_SIZE 64
#define MAX_PAGES 32

struct _StLotListModel {
  GObject parent_instance;

  StSession *session;
  StLotList *list;
  char *search;
  char *status;
  StLotQuery query;
  guint n_items;
  GHashTable *pages;        /* page index -> GPtrArray of StLotItem */
  GQueue recent;            /* page indexes, most recent first */
};

static void st_lot_list_model_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (StLotListModel, st_lot_list_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, st_lot_list_model_list_model_init))

enum {
  PROP_0,
  PROP_N_ITEMS,
  PROP_N_NEEDS_ME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
forget_pages (StLotListModel *self)
{
  g_hash_table_remove_all (self->pages);
  g_queue_clear (&self->recent);
}

static GPtrArray *
load_page (StLotListModel *self,
           guint           page)
{
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *items = g_ptr_array_new_with_free_func (g_object_unref);

  if (self->list != NULL)
    rows = st_lot_list_fetch (self->list, page * PAGE_SIZE, PAGE_SIZE, &error);
  if (rows == NULL && error != NULL)
    g_warning ("lot list: %s", error->message);
  for (guint i = 0; rows != NULL && i < rows->len; i++)
    g_ptr_array_add (items, st_lot_item_new (g_ptr_array_index (rows, i)));

  if (g_queue_get_length (&self->recent) >= MAX_PAGES)
    g_hash_table_remove (self->pages, g_queue_pop_tail (&self->recent));
  g_hash_table_insert (self->pages, GUINT_TO_POINTER (page), items);
  g_queue_push_head (&self->recent, GUINT_TO_POINTER (page));
  return items;
}

static GType
st_lot_list_model_get_item_type (GListModel *model)
{
  return ST_TYPE_LOT_ITEM;
}

static guint
st_lot_list_model_get_n_items (GListModel *model)
{
  return ST_LOT_LIST_MODEL (model)->n_items;
}

static gpointer
st_lot_list_model_get_item (GListModel *model,
                            guint       position)
{
  StLotListModel *self = ST_LOT_LIST_MODEL (model);
  guint page = position / PAGE_SIZE;
  guint index = position % PAGE_SIZE;
  GPtrArray *items;

  if (position >= self->n_items)
    return NULL;
  items = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (page));
  if (items == NULL)
    items = load_page (self, page);
  else
    {
      g_queue_remove (&self->recent, GUINT_TO_POINTER (page));
      g_queue_push_head (&self->recent, GUINT_TO_POINTER (page));
    }
  /* Fewer rows than counted: the records changed since; the next reload
   * brings the list up to date. */
  if (index >= items->len)
    return st_lot_item_new (NULL);
  return g_object_ref (g_ptr_array_index (items, index));
}

static void
st_lot_list_model_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = st_lot_list_model_get_item_type;
  iface->get_n_items = st_lot_list_model_get_n_items;
  iface->get_item = st_lot_list_model_get_item;
}

static void
st_lot_list_model_dispose (GObject *object)
{
  StLotListModel *self = ST_LOT_LIST_MODEL (object);

  forget_pages (self);
  g_clear_pointer (&self->list, st_lot_list_free);
  g_clear_object (&self->session);
  G_OBJECT_CLASS (st_lot_list_model_parent_class)->dispose (object);
}

static void
st_lot_list_model_finalize (GObject *object)
{
  StLotListModel *self = ST_LOT_LIST_MODEL (object);

  g_hash_table_unref (self->pages);
  g_free (self->search);
  g_free (self->status);
  G_OBJECT_CLASS (st_lot_list_model_parent_class)->finalize (object);
}

static void
st_lot_list_model_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  StLotListModel *self = ST_LOT_LIST_MODEL (object);

  switch (prop_id)
    {
    case PROP_N_ITEMS:
      g_value_set_uint (value, self->n_items);
      break;
    case PROP_N_NEEDS_ME:
      g_value_set_uint (value, st_lot_list_model_get_n_needs_me (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
st_lot_list_model_class_init (StLotListModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = st_lot_list_model_dispose;
  object_class->finalize = st_lot_list_model_finalize;
  object_class->get_property = st_lot_list_model_get_property;

  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_NEEDS_ME] =
    g_param_spec_uint ("n-needs-me", NULL, NULL, 0, G_MAXUINT, 0, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
st_lot_list_model_init (StLotListModel *self)
{
  self->pages = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, (GDestroyNotify) g_ptr_array_unref);
  g_queue_init (&self->recent);
  self->query.sort = ST_LOT_SORT_CREATED;
  self->query.descending = TRUE;
  self->query.needs_me_first = TRUE;
}

StLotListModel *
st_lot_list_model_new (void)
{
  return g_object_new (ST_TYPE_LOT_LIST_MODEL, NULL);
}

/* Replaces the list and tells the views in one change. */
static void
replace_list (StLotListModel *self,
              StLotList      *list)
{
  guint old_n = self->n_items;

  forget_pages (self);
  g_clear_pointer (&self->list, st_lot_list_free);
  self->list = list;
  self->n_items = list != NULL ? st_lot_list_get_n_rows (list) : 0;
  g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n, self->n_items);
  if (old_n != self->n_items)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_NEEDS_ME]);
}

void
st_lot_list_model_set_session (StLotListModel *self,
                               StSession      *session)
{
  g_return_if_fail (ST_IS_LOT_LIST_MODEL (self));

  if (!g_set_object (&self->session, session))
    return;
  replace_list (self, NULL);
}

gboolean
st_lot_list_model_reload (StLotListModel  *self,
                          GError         **error)
{
  StLotList *list = NULL;

  g_return_val_if_fail (ST_IS_LOT_LIST_MODEL (self), FALSE);

  if (self->session != NULL && st_session_is_signed_in (self->session))
    {
      list = st_lot_list_new (self->session, &self->query, error);
      if (list == NULL)
        {
          replace_list (self, NULL);
          return FALSE;
        }
    }
  replace_list (self, list);
  return TRUE;
}

gboolean
st_lot_list_model_set_query (StLotListModel    *self,
                             const StLotQuery  *query,
                             GError           **error)
{
  g_return_val_if_fail (ST_IS_LOT_LIST_MODEL (self), FALSE);

  g_free (self->search);
  self->search = g_strdup (query->search);
  g_free (self->status);
  self->status = g_strdup (query->status);
  self->query = *query;
  self->query.search = self->search;
  self->query.status = self->status;
  return st_lot_list_model_reload (self, error);
}

guint
st_lot_list_model_get_n_needs_me (StLotListModel *self)
{
  return self->list != NULL ? st_lot_list_get_n_needs_me (self->list) : 0;
}

gboolean
st_lot_list_model_is_capped (StLotListModel *self)
{
  return self->list != NULL && st_lot_list_is_capped (self->list);
}
