/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "st-lot-item.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>

#include "st-format.h"

struct _StLotItem {
  GObject parent_instance;

  char *lot_number;
  char *product;
  char *donors;
  char *status;
  char *status_label;
  char *verdict_label;
  char *verdict_icon;
  GStrv verdict_classes;
  char *spec;
  char *created;
  char *released;
  char *flag;
  gboolean needs_me;
};

G_DEFINE_FINAL_TYPE (StLotItem, st_lot_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_LOT_NUMBER,
  PROP_PRODUCT,
  PROP_DONORS,
  PROP_STATUS,
  PROP_STATUS_LABEL,
  PROP_VERDICT_LABEL,
  PROP_VERDICT_ICON,
  PROP_VERDICT_CLASSES,
  PROP_SPEC,
  PROP_CREATED,
  PROP_RELEASED,
  PROP_FLAG,
  PROP_FLAGGED,
  PROP_NEEDS_ME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
st_lot_item_finalize (GObject *object)
{
  StLotItem *self = ST_LOT_ITEM (object);

  g_free (self->lot_number);
  g_free (self->product);
  g_free (self->donors);
  g_free (self->status);
  g_free (self->status_label);
  g_free (self->verdict_label);
  g_free (self->verdict_icon);
  g_strfreev (self->verdict_classes);
  g_free (self->spec);
  g_free (self->created);
  g_free (self->released);
  g_free (self->flag);
  G_OBJECT_CLASS (st_lot_item_parent_class)->finalize (object);
}

static void
st_lot_item_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  StLotItem *self = ST_LOT_ITEM (object);

  switch (prop_id)
    {
    case PROP_LOT_NUMBER: g_value_set_string (value, self->lot_number); break;
    case PROP_PRODUCT: g_value_set_string (value, self->product); break;
    case PROP_DONORS: g_value_set_string (value, self->donors); break;
    case PROP_STATUS: g_value_set_string (value, self->status); break;
    case PROP_STATUS_LABEL: g_value_set_string (value, self->status_label); break;
    case PROP_VERDICT_LABEL: g_value_set_string (value, self->verdict_label); break;
    case PROP_VERDICT_ICON: g_value_set_string (value, self->verdict_icon); break;
    case PROP_VERDICT_CLASSES: g_value_set_boxed (value, self->verdict_classes); break;
    case PROP_SPEC: g_value_set_string (value, self->spec); break;
    case PROP_CREATED: g_value_set_string (value, self->created); break;
    case PROP_RELEASED: g_value_set_string (value, self->released); break;
    case PROP_FLAG: g_value_set_string (value, self->flag); break;
    case PROP_FLAGGED: g_value_set_boolean (value, self->flag != NULL); break;
    case PROP_NEEDS_ME: g_value_set_boolean (value, self->needs_me); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static GParamSpec *
string_property (const char *name)
{
  return g_param_spec_string (name, NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
}

static void
st_lot_item_class_init (StLotItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = st_lot_item_finalize;
  object_class->get_property = st_lot_item_get_property;

  properties[PROP_LOT_NUMBER] = string_property ("lot-number");
  properties[PROP_PRODUCT] = string_property ("product");
  properties[PROP_DONORS] = string_property ("donors");
  properties[PROP_STATUS] = string_property ("status");
  properties[PROP_STATUS_LABEL] = string_property ("status-label");
  properties[PROP_VERDICT_LABEL] = string_property ("verdict-label");
  properties[PROP_VERDICT_ICON] = string_property ("verdict-icon");
  properties[PROP_VERDICT_CLASSES] =
    g_param_spec_boxed ("verdict-classes", NULL, NULL, G_TYPE_STRV, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SPEC] = string_property ("spec");
  properties[PROP_CREATED] = string_property ("created");
  properties[PROP_RELEASED] = string_property ("released");
  properties[PROP_FLAG] = string_property ("flag");
  properties[PROP_FLAGGED] =
    g_param_spec_boolean ("flagged", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_NEEDS_ME] =
    g_param_spec_boolean ("needs-me", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
st_lot_item_init (StLotItem *self)
{
}

static char *
donors_text (const StLotRow *row)
{
  if (row->first_donor == NULL)
    return g_strdup ("");
  if (row->n_donors <= 1)
    return g_strdup (row->first_donor);
  /* TRANSLATORS: the first donor of a pool and how many more there are. */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s + %u more", "%s + %u more", (gulong) (row->n_donors - 1)),
                          row->first_donor, (guint) (row->n_donors - 1));
}

StLotItem *
st_lot_item_new (const StLotRow *row)
{
  StLotItem *self = g_object_new (ST_TYPE_LOT_ITEM, NULL);
  StBadge verdict;

  if (row == NULL)
    return self;
  verdict = st_format_lot_verdict (row->verdict);
  self->lot_number = g_strdup (row->lot_number);
  self->product = g_strdup (row->product);
  self->donors = donors_text (row);
  self->status = g_strdup (row->status);
  self->status_label = g_strdup (st_format_status (row->status));
  self->verdict_label = g_strdup (verdict.label);
  self->verdict_icon = g_strdup (verdict.icon_name);
  self->verdict_classes = g_strdupv ((char *[]) { (char *) "verdict", (char *) verdict.css_class, NULL });
  self->spec = g_strdup_printf (_("%s v%" PRId64), row->spec_code, row->spec_version);
  self->created = st_format_date (row->created_at);
  self->released = st_format_date (row->released_at);
  self->flag = g_strdup (row->flag);
  self->needs_me = row->needs_me;
  return self;
}

static gboolean
take_text (char **field,
           char **text)
{
  if (g_strcmp0 (*field, *text) == 0)
    return FALSE;
  g_free (*field);
  *field = g_steal_pointer (text);
  return TRUE;
}

void
st_lot_item_set_row (StLotItem      *self,
                     const StLotRow *row)
{
  g_autoptr(StLotItem) fresh = st_lot_item_new (row);
  gboolean flagged = self->flag != NULL;

  g_return_if_fail (ST_IS_LOT_ITEM (self));

  /* Only what changed is told: each notification redraws a cell. */
  g_object_freeze_notify (G_OBJECT (self));
  if (take_text (&self->lot_number, &fresh->lot_number))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOT_NUMBER]);
  if (take_text (&self->product, &fresh->product))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PRODUCT]);
  if (take_text (&self->donors, &fresh->donors))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DONORS]);
  if (take_text (&self->status, &fresh->status))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
  if (take_text (&self->status_label, &fresh->status_label))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS_LABEL]);
  if (take_text (&self->verdict_label, &fresh->verdict_label))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VERDICT_LABEL]);
  if (take_text (&self->verdict_icon, &fresh->verdict_icon))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VERDICT_ICON]);
  if (self->verdict_classes == NULL || fresh->verdict_classes == NULL
      ? self->verdict_classes != fresh->verdict_classes
      : !g_strv_equal ((const char * const *) self->verdict_classes, (const char * const *) fresh->verdict_classes))
    {
      g_strfreev (self->verdict_classes);
      self->verdict_classes = g_steal_pointer (&fresh->verdict_classes);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VERDICT_CLASSES]);
    }
  if (take_text (&self->spec, &fresh->spec))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SPEC]);
  if (take_text (&self->created, &fresh->created))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CREATED]);
  if (take_text (&self->released, &fresh->released))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RELEASED]);
  if (take_text (&self->flag, &fresh->flag))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FLAG]);
  if (flagged != (self->flag != NULL))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FLAGGED]);
  if (self->needs_me != fresh->needs_me)
    {
      self->needs_me = fresh->needs_me;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NEEDS_ME]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

const char *
st_lot_item_get_lot_number (StLotItem *self)
{
  return self->lot_number;
}

const char *
st_lot_item_get_status (StLotItem *self)
{
  return self->status;
}

gboolean
st_lot_item_get_needs_me (StLotItem *self)
{
  return self->needs_me;
}
