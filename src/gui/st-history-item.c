/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "st-history-item.h"

#include <string.h>

#include "st-format.h"

struct _StHistoryItem {
  GObject parent_instance;

  char *seq;
  char *record;
  char *lot;
  char *old_short;
  char *new_short;
  char *when;
  char *when_utc;
  char *who;
  char *action;
  char *field;
  char *old_value;
  char *new_value;
  char *why;
};

G_DEFINE_FINAL_TYPE (StHistoryItem, st_history_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_WHEN,
  PROP_WHEN_UTC,
  PROP_WHO,
  PROP_ACTION,
  PROP_FIELD,
  PROP_OLD_VALUE,
  PROP_NEW_VALUE,
  PROP_WHY,
  PROP_SEQ,
  PROP_RECORD,
  PROP_LOT,
  PROP_OLD_SHORT,
  PROP_NEW_SHORT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
st_history_item_finalize (GObject *object)
{
  StHistoryItem *self = ST_HISTORY_ITEM (object);

  g_free (self->when);
  g_free (self->when_utc);
  g_free (self->who);
  g_free (self->action);
  g_free (self->field);
  g_free (self->old_value);
  g_free (self->new_value);
  g_free (self->why);
  g_free (self->seq);
  g_free (self->record);
  g_free (self->lot);
  g_free (self->old_short);
  g_free (self->new_short);
  G_OBJECT_CLASS (st_history_item_parent_class)->finalize (object);
}

static void
st_history_item_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  StHistoryItem *self = ST_HISTORY_ITEM (object);

  switch (prop_id)
    {
    case PROP_WHEN: g_value_set_string (value, self->when); break;
    case PROP_WHEN_UTC: g_value_set_string (value, self->when_utc); break;
    case PROP_WHO: g_value_set_string (value, self->who); break;
    case PROP_ACTION: g_value_set_string (value, self->action); break;
    case PROP_FIELD: g_value_set_string (value, self->field); break;
    case PROP_OLD_VALUE: g_value_set_string (value, self->old_value); break;
    case PROP_NEW_VALUE: g_value_set_string (value, self->new_value); break;
    case PROP_WHY: g_value_set_string (value, self->why); break;
    case PROP_SEQ: g_value_set_string (value, self->seq); break;
    case PROP_RECORD: g_value_set_string (value, self->record); break;
    case PROP_LOT: g_value_set_string (value, self->lot); break;
    case PROP_OLD_SHORT: g_value_set_string (value, self->old_short); break;
    case PROP_NEW_SHORT: g_value_set_string (value, self->new_short); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

#define SHORT_LENGTH 160

static char *
shorten (const char *value)
{
  g_autoptr(GString) text = g_string_new (NULL);
  gboolean space = FALSE;

  for (const char *p = value; p != NULL && *p != '\0' && text->len < SHORT_LENGTH; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c))
        space = text->len > 0;
      else
        {
          if (space)
            g_string_append_c (text, ' ');
          space = FALSE;
          g_string_append_unichar (text, c);
        }
    }
  if (value != NULL && strlen (value) > text->len && text->len >= SHORT_LENGTH)
    g_string_append (text, "…");
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
st_history_item_class_init (StHistoryItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = st_history_item_finalize;
  object_class->get_property = st_history_item_get_property;

  properties[PROP_WHEN] = g_param_spec_string ("when", NULL, NULL, NULL, flags);
  properties[PROP_WHEN_UTC] = g_param_spec_string ("when-utc", NULL, NULL, NULL, flags);
  properties[PROP_WHO] = g_param_spec_string ("who", NULL, NULL, NULL, flags);
  properties[PROP_ACTION] = g_param_spec_string ("action", NULL, NULL, NULL, flags);
  properties[PROP_FIELD] = g_param_spec_string ("field", NULL, NULL, NULL, flags);
  properties[PROP_OLD_VALUE] = g_param_spec_string ("old-value", NULL, NULL, NULL, flags);
  properties[PROP_NEW_VALUE] = g_param_spec_string ("new-value", NULL, NULL, NULL, flags);
  properties[PROP_WHY] = g_param_spec_string ("why", NULL, NULL, NULL, flags);
  properties[PROP_SEQ] = g_param_spec_string ("seq", NULL, NULL, NULL, flags);
  /* "table: record", e.g. "lots: MSC-2026-00012" */
  properties[PROP_RECORD] = g_param_spec_string ("record", NULL, NULL, NULL, flags);
  properties[PROP_LOT] = g_param_spec_string ("lot", NULL, NULL, NULL, flags);
  /* A value on one line, at most a few lines long (a specification document
   * is kilobytes): for lists; the full value stays in "old-value"/"new-value". */
  properties[PROP_OLD_SHORT] = g_param_spec_string ("old-value-short", NULL, NULL, NULL, flags);
  properties[PROP_NEW_SHORT] = g_param_spec_string ("new-value-short", NULL, NULL, NULL, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
st_history_item_init (StHistoryItem *self)
{
}

StHistoryItem *
st_history_item_new (const StAuditEntry *entry)
{
  StHistoryItem *self = g_object_new (ST_TYPE_HISTORY_ITEM, NULL);

  self->when = st_format_time_seconds (entry->at);
  self->when_utc = g_strdup (entry->at);
  self->who = g_strdup (entry->username);
  self->action = g_strdup (entry->action);
  self->field = g_strdup (entry->field != NULL ? entry->field : entry->table);
  /* Recorded values are shown as the user types them (92,5 in German). */
  self->old_value = st_format_value (entry->old_value);
  self->new_value = st_format_value (entry->new_value);
  self->why = g_strdup (entry->reason != NULL ? entry->reason : "");
  self->seq = g_strdup_printf ("%" G_GINT64_FORMAT, entry->seq);
  self->record = entry->record != NULL ? g_strdup_printf ("%s: %s", entry->table, entry->record)
                                       : g_strdup (entry->table);
  self->lot = g_strdup (entry->lot != NULL ? entry->lot : "");
  self->old_short = shorten (self->old_value);
  self->new_short = shorten (self->new_value);
  return self;
}
