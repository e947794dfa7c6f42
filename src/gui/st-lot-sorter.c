/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "st-lot-sorter.h"

struct _StLotSorter {
  GtkSorter parent_instance;

  int key;
};

G_DEFINE_FINAL_TYPE (StLotSorter, st_lot_sorter, GTK_TYPE_SORTER)

enum {
  PROP_0,
  PROP_KEY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The probe in progress: main thread only, never nested. */
static struct {
  gpointer first;
  StLotSorter *answered;
} probe;

static GtkOrdering
st_lot_sorter_compare (GtkSorter *sorter,
                       gpointer   item1,
                       gpointer   item2)
{
  if (probe.first == NULL || probe.answered != NULL)
    return GTK_ORDERING_EQUAL;
  probe.answered = ST_LOT_SORTER (sorter);
  return item1 == probe.first ? GTK_ORDERING_LARGER : GTK_ORDERING_SMALLER;
}

static void
st_lot_sorter_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  StLotSorter *self = ST_LOT_SORTER (object);

  switch (prop_id)
    {
    case PROP_KEY:
      g_value_set_int (value, self->key);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
st_lot_sorter_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  StLotSorter *self = ST_LOT_SORTER (object);

  switch (prop_id)
    {
    case PROP_KEY:
      self->key = g_value_get_int (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
st_lot_sorter_class_init (StLotSorterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkSorterClass *sorter_class = GTK_SORTER_CLASS (klass);

  object_class->get_property = st_lot_sorter_get_property;
  object_class->set_property = st_lot_sorter_set_property;
  sorter_class->compare = st_lot_sorter_compare;

  /* A StLotSort value (an int so that templates can set it). */
  properties[PROP_KEY] =
    g_param_spec_int ("key", NULL, NULL, ST_LOT_SORT_CREATED, ST_LOT_SORT_RELEASED, ST_LOT_SORT_CREATED,
                      G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
st_lot_sorter_init (StLotSorter *self)
{
}

gboolean
st_lot_sorter_probe (GtkSorter *view_sorter,
                     StLotSort *sort,
                     gboolean  *descending)
{
  g_autoptr(GObject) first = g_object_new (G_TYPE_OBJECT, NULL);
  g_autoptr(GObject) second = g_object_new (G_TYPE_OBJECT, NULL);
  GtkOrdering order;
  gboolean found;

  g_return_val_if_fail (probe.first == NULL, FALSE);

  probe.first = first;
  probe.answered = NULL;
  order = gtk_sorter_compare (view_sorter, first, second);
  found = probe.answered != NULL;
  if (found)
    {
      *sort = (StLotSort) probe.answered->key;
      /* The view inverts a descending column, by swapping or negating. */
      *descending = order == GTK_ORDERING_SMALLER;
    }
  probe.first = NULL;
  probe.answered = NULL;
  return found;
}
