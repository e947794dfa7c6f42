/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "st-record-item.h"

struct _StRecordItem {
  GObject parent_instance;

  char *key;
  char *title;
  char *subtitle;
  char *detail;
  char *badge_label;
  char *badge_icon;
  GStrv badge_classes;
};

G_DEFINE_FINAL_TYPE (StRecordItem, st_record_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_TITLE,
  PROP_SUBTITLE,
  PROP_DETAIL,
  PROP_BADGE_LABEL,
  PROP_BADGE_ICON,
  PROP_BADGE_CLASSES,
  PROP_HAS_BADGE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
st_record_item_finalize (GObject *object)
{
  StRecordItem *self = ST_RECORD_ITEM (object);

  g_free (self->key);
  g_free (self->title);
  g_free (self->subtitle);
  g_free (self->detail);
  g_free (self->badge_label);
  g_free (self->badge_icon);
  g_strfreev (self->badge_classes);
  G_OBJECT_CLASS (st_record_item_parent_class)->finalize (object);
}

static void
st_record_item_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  StRecordItem *self = ST_RECORD_ITEM (object);

  switch (prop_id)
    {
    case PROP_TITLE: g_value_set_string (value, self->title); break;
    case PROP_SUBTITLE: g_value_set_string (value, self->subtitle); break;
    case PROP_DETAIL: g_value_set_string (value, self->detail); break;
    case PROP_BADGE_LABEL: g_value_set_string (value, self->badge_label); break;
    case PROP_BADGE_ICON: g_value_set_string (value, self->badge_icon); break;
    case PROP_BADGE_CLASSES: g_value_set_boxed (value, self->badge_classes); break;
    case PROP_HAS_BADGE: g_value_set_boolean (value, self->badge_label != NULL); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
st_record_item_class_init (StRecordItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = st_record_item_finalize;
  object_class->get_property = st_record_item_get_property;

  properties[PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, NULL, flags);
  properties[PROP_SUBTITLE] = g_param_spec_string ("subtitle", NULL, NULL, NULL, flags);
  properties[PROP_DETAIL] = g_param_spec_string ("detail", NULL, NULL, NULL, flags);
  properties[PROP_BADGE_LABEL] = g_param_spec_string ("badge-label", NULL, NULL, NULL, flags);
  properties[PROP_BADGE_ICON] = g_param_spec_string ("badge-icon", NULL, NULL, NULL, flags);
  properties[PROP_BADGE_CLASSES] = g_param_spec_boxed ("badge-classes", NULL, NULL, G_TYPE_STRV, flags);
  properties[PROP_HAS_BADGE] = g_param_spec_boolean ("has-badge", NULL, NULL, FALSE, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
st_record_item_init (StRecordItem *self)
{
}

StRecordItem *
st_record_item_new (const char *key,
                    const char *title,
                    const char *subtitle,
                    const char *detail)
{
  StRecordItem *self = g_object_new (ST_TYPE_RECORD_ITEM, NULL);

  self->key = g_strdup (key);
  self->title = g_strdup (title);
  self->subtitle = g_strdup (subtitle);
  self->detail = g_strdup (detail);
  return self;
}

void
st_record_item_set_badge (StRecordItem *self,
                          StBadge       badge)
{
  g_free (self->badge_label);
  self->badge_label = g_strdup (badge.label);
  g_free (self->badge_icon);
  self->badge_icon = g_strdup (badge.icon_name);
  g_strfreev (self->badge_classes);
  self->badge_classes = g_strdupv ((char *[]) { (char *) "verdict", (char *) badge.css_class, NULL });
}

const char *
st_record_item_get_key (StRecordItem *self)
{
  return self->key;
}
