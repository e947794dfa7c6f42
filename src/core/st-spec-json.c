/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "st-spec.h"

#include "st-decimal.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* Reading and writing the specification document of CLI.md.  The parser is
 * strict on purpose: a specification decides releases, so a typo must stop
 * the import rather than silently drop a limit. */

/* Beyond this a double no longer holds every digit of a limit, and JSON
 * writers fall back to exponent notation. */
#define MAX_MAGNITUDE 1e15

static const char *const top_level_fields[] = {
  "code", "title", "items",
  /* Printed by `spec show`; never read back, a file cannot approve itself. */
  "version", "status", "approved_by", "approved_at",
  NULL
};

static const char *const item_fields[] = {
  "param", "test", "method", "unit", "type", "bounds", "limits",
  "choices", "accept", "may_be_pending", "derived",
  NULL
};

static const char *const limit_fields[] = { "op", "value", NULL };

typedef struct {
  GHashTable *seen;        /* "<object pointer> <name>" of every member read */
  GHashTable *duplicates;  /* JsonObject * -> the first name it repeats */
  int error_line;
} ParseState;

static void
on_object_member (JsonParser *parser,
                  JsonObject *object,
                  const char *name,
                  gpointer    user_data)
{
  ParseState *state = user_data;
  char *key = g_strdup_printf ("%p %s", (void *) object, name);

  /* json-glib keeps the last of two equal names; we refuse both. */
  if (!g_hash_table_add (state->seen, key)
      && !g_hash_table_contains (state->duplicates, object))
    g_hash_table_insert (state->duplicates, object, g_strdup (name));
}

static void
on_parse_error (JsonParser *parser,
                gpointer    parse_error,
                gpointer    user_data)
{
  ParseState *state = user_data;

  state->error_line = (int) json_parser_get_current_line (parser);
}

static gboolean refuse (GError    **error,
                        const char *subject,
                        const char *format,
                        ...) G_GNUC_PRINTF (3, 4);

static gboolean
refuse (GError    **error,
        const char *subject,
        const char *format,
        ...)
{
  g_autofree char *reason = NULL;
  va_list args;

  va_start (args, format);
  reason = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, ST_SPEC_ERROR, ST_SPEC_ERROR_INVALID_FILE, "%s: %s", subject, reason);
  return FALSE;
}

/* Duplicate and unknown member names of @object, so that "limts" or a
 * second "limits" never passes unnoticed. */
static gboolean
check_fields (const ParseState  *state,
              JsonObject        *object,
              const char *const *known,
              const char        *subject,
              const char        *where,
              GError           **error)
{
  const char *repeated = g_hash_table_lookup (state->duplicates, object);
  g_autoptr(GList) names = NULL;

  if (repeated != NULL)
    return refuse (error, subject, _("%sfield '%s' appears twice"), where, repeated);

  names = json_object_get_members (object);
  for (GList *l = names; l != NULL; l = l->next)
    if (!g_strv_contains (known, l->data))
      return refuse (error, subject, _("%sunknown field '%s'"), where, (const char *) l->data);
  return TRUE;
}

static gboolean
is_absent (JsonNode *node)
{
  return node == NULL || JSON_NODE_HOLDS_NULL (node);
}

static gboolean
holds_string (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING;
}

static gboolean
read_text (JsonObject *object,
           const char *name,
           const char *subject,
           gboolean    required,
           char      **out,
           GError    **error)
{
  JsonNode *node = json_object_get_member (object, name);

  *out = NULL;
  if (is_absent (node))
    return required ? refuse (error, subject, _("%s is missing"), name) : TRUE;
  if (!holds_string (node))
    return refuse (error, subject, _("%s must be text"), name);
  if (*json_node_get_string (node) == '\0')
    return refuse (error, subject, _("%s must not be empty"), name);
  *out = g_strdup (json_node_get_string (node));
  return TRUE;
}

static gboolean
read_flag (JsonObject *object,
           const char *name,
           const char *subject,
           gboolean   *out,
           GError    **error)
{
  JsonNode *node = json_object_get_member (object, name);

  *out = FALSE;
  if (is_absent (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return refuse (error, subject, _("%s must be true or false"), name);
  *out = json_node_get_boolean (node);
  return TRUE;
}

typedef enum {
  NUMBER_OK,
  NUMBER_NOT_A_NUMBER,
  NUMBER_OUT_OF_RANGE,
} NumberResult;

/* json-glib 1.6 writes a double as "%.17g" and adds ".0" when that has no
 * point, so a few small numbers come out as invalid JSON ("3e-10.0"): the
 * document stored at import would never read back. */
static gboolean
writable_double (double value)
{
  char text[G_ASCII_DTOSTR_BUF_SIZE];

  g_ascii_dtostr (text, sizeof text, value);
  return strchr (text, '.') != NULL || strpbrk (text, "eE") == NULL;
}

static NumberResult
read_number (JsonNode *node,
             char    **out)
{
  GType type;

  if (!JSON_NODE_HOLDS_VALUE (node))
    return NUMBER_NOT_A_NUMBER;
  type = json_node_get_value_type (node);
  if (type == G_TYPE_INT64)
    {
      gint64 value = json_node_get_int (node);
      if (value <= -(gint64) MAX_MAGNITUDE || value >= (gint64) MAX_MAGNITUDE)
        return NUMBER_OUT_OF_RANGE;
      *out = g_strdup_printf ("%" G_GINT64_FORMAT, value);
      return NUMBER_OK;
    }
  if (type == G_TYPE_DOUBLE)
    {
      double value = json_node_get_double (node);
      if (!isfinite (value) || fabs (value) >= MAX_MAGNITUDE || !writable_double (value))
        return NUMBER_OUT_OF_RANGE;
      *out = st_decimal_from_double (value);
      return NUMBER_OK;
    }
  return NUMBER_NOT_A_NUMBER;
}

static gboolean
is_param_name (const char *text)
{
  if (!g_ascii_islower (*text))
    return FALSE;
  for (; *text != '\0'; text++)
    if (!g_ascii_islower (*text) && !g_ascii_isdigit (*text) && *text != '_')
      return FALSE;
  return TRUE;
}

/* The code is printed as CODE@VERSION: no spaces, no '@'. */
static gboolean
is_code (const char *text)
{
  if (!g_ascii_isalnum (*text))
    return FALSE;
  for (; *text != '\0'; text++)
    if (!g_ascii_isalnum (*text) && *text != '-' && *text != '_' && *text != '.')
      return FALSE;
  return TRUE;
}

static char *
bounds_text (const StSpecItem *item)
{
  return g_strdup_printf ("%s..%s",
                          item->bound_low != NULL ? item->bound_low : "",
                          item->bound_high != NULL ? item->bound_high : "");
}

static char *
limit_text (const StLimit *limit)
{
  return g_strdup_printf ("%s %s", st_limit_op_to_string (limit->op), limit->value);
}

static gboolean
parse_bounds (JsonObject *object,
              const char *subject,
              StSpecItem *item,
              GError    **error)
{
  JsonNode *node = json_object_get_member (object, "bounds");
  JsonArray *array;
  char **ends[2] = { &item->bound_low, &item->bound_high };

  if (is_absent (node))
    return TRUE;
  if (item->type == ST_ITEM_CHOICE)
    return refuse (error, subject, _("a choice item has no bounds"));
  if (!JSON_NODE_HOLDS_ARRAY (node) || json_array_get_length (json_node_get_array (node)) != 2)
    return refuse (error, subject, _("bounds must be [low, high] (numbers or null)"));

  array = json_node_get_array (node);
  for (guint i = 0; i < 2; i++)
    {
      JsonNode *end = json_array_get_element (array, i);

      if (is_absent (end))
        continue;
      switch (read_number (end, ends[i]))
        {
        case NUMBER_OK:
          break;
        case NUMBER_OUT_OF_RANGE:
          return refuse (error, subject, _("bounds are out of range"));
        case NUMBER_NOT_A_NUMBER:
        default:
          return refuse (error, subject, _("bounds must be [low, high] (numbers or null)"));
        }
    }

  if (item->bound_low != NULL && item->bound_high != NULL
      && st_decimal_compare (item->bound_low, item->bound_high) > 0)
    {
      g_autofree char *range = bounds_text (item);
      return refuse (error, subject, _("the bounds %s are reversed (low above high)"), range);
    }
  return TRUE;
}

static gboolean
parse_limits (const ParseState *state,
              JsonObject       *object,
              const char       *subject,
              StSpecItem       *item,
              GError          **error)
{
  JsonNode *node = json_object_get_member (object, "limits");
  JsonArray *array;

  if (is_absent (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return refuse (error, subject, _("limits must be a list"));
  array = json_node_get_array (node);
  if (item->type == ST_ITEM_CHOICE && json_array_get_length (array) > 0)
    return refuse (error, subject, _("a choice item has no limits (use accept)"));

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      g_autofree char *where = g_strdup_printf ("limits[%u]: ", i);
      JsonObject *limit_object;
      JsonNode *op_node;
      JsonNode *value_node;
      StLimitOp op;
      char *value = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        return refuse (error, subject, _("limits[%u] must be an object with op and value"), i);
      limit_object = json_node_get_object (element);
      if (!check_fields (state, limit_object, limit_fields, subject, where, error))
        return FALSE;

      op_node = json_object_get_member (limit_object, "op");
      if (is_absent (op_node))
        return refuse (error, subject, _("limits[%u]: op is missing"), i);
      if (!holds_string (op_node))
        return refuse (error, subject, _("limits[%u]: op must be text"), i);
      if (!st_limit_op_from_string (json_node_get_string (op_node), &op))
        return refuse (error, subject, _("unknown operator '%s'"), json_node_get_string (op_node));

      value_node = json_object_get_member (limit_object, "value");
      if (is_absent (value_node))
        return refuse (error, subject, _("limits[%u]: value is missing"), i);
      switch (read_number (value_node, &value))
        {
        case NUMBER_OK:
          break;
        case NUMBER_OUT_OF_RANGE:
          return refuse (error, subject, _("limits[%u]: value is out of range"), i);
        case NUMBER_NOT_A_NUMBER:
        default:
          return refuse (error, subject, _("limits[%u]: value must be a number"), i);
        }
      g_ptr_array_add (item->limits, st_limit_new (op, value));
      g_free (value);
    }
  return TRUE;
}

static gboolean
parse_words (JsonObject *object,
             const char *name,
             const char *subject,
             GStrv      *out,
             GError    **error)
{
  JsonNode *node = json_object_get_member (object, name);
  g_autoptr(GStrvBuilder) builder = NULL;
  JsonArray *array;

  *out = NULL;
  if (is_absent (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return refuse (error, subject, _("%s must be a list of words"), name);

  array = json_node_get_array (node);
  builder = g_strv_builder_new ();
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      const char *word;

      if (!holds_string (element) || *json_node_get_string (element) == '\0')
        return refuse (error, subject, _("%s must be a list of words"), name);
      word = json_node_get_string (element);
      for (guint j = 0; j < i; j++)
        if (strcmp (word, json_array_get_string_element (array, j)) == 0)
          return refuse (error, subject, _("%s: '%s' appears twice"), name, word);
      g_strv_builder_add (builder, word);
    }
  *out = g_strv_builder_end (builder);
  return TRUE;
}

static gboolean
parse_choices (JsonObject *object,
               const char *subject,
               StSpecItem *item,
               GError    **error)
{
  if (!parse_words (object, "choices", subject, &item->choices, error)
      || !parse_words (object, "accept", subject, &item->accept, error))
    return FALSE;

  if (item->type != ST_ITEM_CHOICE)
    {
      if (item->choices != NULL)
        return refuse (error, subject, _("%s items have no choices"),
                       st_item_type_to_string (item->type));
      if (item->accept != NULL)
        return refuse (error, subject, _("%s items have no accept words (use limits)"),
                       st_item_type_to_string (item->type));
      return TRUE;
    }

  if (item->choices == NULL || item->choices[0] == NULL)
    return refuse (error, subject, _("a choice item needs choices"));
  if (item->accept == NULL)
    item->accept = g_new0 (char *, 1);
  for (guint i = 0; item->accept[i] != NULL; i++)
    if (!g_strv_contains ((const char *const *) item->choices, item->accept[i]))
      return refuse (error, subject, _("accept word '%s' is not one of its choices"),
                     item->accept[i]);
  return TRUE;
}

/* Limits that no value can meet would make every lot out of
 * specification; such a file is a mistake, not a specification. */
static gboolean
check_limits (const StSpecItem *item,
              const char       *subject,
              GError          **error)
{
  g_autofree char *range = bounds_text (item);
  const StLimit *lower = NULL;
  const StLimit *upper = NULL;
  const StLimit *excluding = NULL;

  if (item->type == ST_ITEM_INTEGER)
    {
      if (item->bound_low != NULL && !st_decimal_is_whole (item->bound_low))
        return refuse (error, subject, _("bound %s is not a whole number"), item->bound_low);
      if (item->bound_high != NULL && !st_decimal_is_whole (item->bound_high))
        return refuse (error, subject, _("bound %s is not a whole number"), item->bound_high);
    }

  for (guint i = 0; i < item->limits->len; i++)
    {
      const StLimit *limit = g_ptr_array_index (item->limits, i);

      if (item->type == ST_ITEM_INTEGER && !st_decimal_is_whole (limit->value))
        return refuse (error, subject, _("limit %s is not a whole number"), limit->value);
      if ((item->bound_low != NULL && st_decimal_compare (limit->value, item->bound_low) < 0)
          || (item->bound_high != NULL && st_decimal_compare (limit->value, item->bound_high) > 0))
        return refuse (error, subject, _("limit %s lies outside the bounds %s"),
                       limit->value, range);

      if (limit->op == ST_LIMIT_GE || limit->op == ST_LIMIT_GT)
        {
          int c = lower != NULL ? st_decimal_compare (limit->value, lower->value) : 1;
          if (c > 0 || (c == 0 && limit->op == ST_LIMIT_GT))
            lower = limit;
        }
      else
        {
          int c = upper != NULL ? st_decimal_compare (limit->value, upper->value) : -1;
          if (c < 0 || (c == 0 && limit->op == ST_LIMIT_LT))
            upper = limit;
        }
    }

  if (lower != NULL && upper != NULL)
    {
      int c = st_decimal_compare (lower->value, upper->value);
      if (c > 0 || (c == 0 && (lower->op == ST_LIMIT_GT || upper->op == ST_LIMIT_LT)))
        {
          g_autofree char *low_text = limit_text (lower);
          g_autofree char *high_text = limit_text (upper);
          return refuse (error, subject,
                         _("the limits %s and %s contradict each other (no value can satisfy both)"),
                         low_text, high_text);
        }
    }

  /* "> 100" with bounds 0..100 lies on the bound but excludes every value. */
  if (lower != NULL && lower->op == ST_LIMIT_GT && item->bound_high != NULL
      && st_decimal_compare (lower->value, item->bound_high) == 0)
    excluding = lower;
  else if (upper != NULL && upper->op == ST_LIMIT_LT && item->bound_low != NULL
           && st_decimal_compare (upper->value, item->bound_low) == 0)
    excluding = upper;
  if (excluding != NULL)
    {
      g_autofree char *text = limit_text (excluding);
      return refuse (error, subject,
                     _("no value within the bounds %s can satisfy the limit %s"), range, text);
    }
  return TRUE;
}

static StSpecItem *
parse_item (const ParseState *state,
            JsonNode         *node,
            guint             index,
            GHashTable       *params,
            GError          **error)
{
  g_autoptr(StSpecItem) item = st_spec_item_new ();
  g_autofree char *subject = g_strdup_printf ("items[%u]", index);
  g_autofree char *type = NULL;
  JsonObject *object;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      refuse (error, subject, _("not an object"));
      return NULL;
    }
  object = json_node_get_object (node);

  if (!read_text (object, "param", subject, TRUE, &item->param, error))
    return NULL;
  if (!is_param_name (item->param))
    {
      refuse (error, subject,
              _("param '%s' is not a valid name (lower-case letters, digits and '_', starting with a letter)"),
              item->param);
      return NULL;
    }
  g_free (subject);
  subject = g_strdup_printf ("items[%u] %s", index, item->param);

  if (!check_fields (state, object, item_fields, subject, "", error))
    return NULL;
  if (g_hash_table_contains (params, item->param))
    {
      refuse (error, subject, _("duplicate item"));
      return NULL;
    }

  if (!read_text (object, "type", subject, TRUE, &type, error))
    return NULL;
  if (g_str_equal (type, "number"))
    item->type = ST_ITEM_NUMBER;
  else if (g_str_equal (type, "integer"))
    item->type = ST_ITEM_INTEGER;
  else if (g_str_equal (type, "choice"))
    item->type = ST_ITEM_CHOICE;
  else
    {
      refuse (error, subject, _("unknown type '%s'"), type);
      return NULL;
    }

  if (!read_text (object, "test", subject, FALSE, &item->test, error)
      || !read_text (object, "method", subject, FALSE, &item->method, error)
      || !read_text (object, "unit", subject, FALSE, &item->unit, error)
      || !parse_bounds (object, subject, item, error)
      || !parse_limits (state, object, subject, item, error)
      || !parse_choices (object, subject, item, error)
      || !read_flag (object, "may_be_pending", subject, &item->may_be_pending, error)
      || !read_flag (object, "derived", subject, &item->derived, error))
    return NULL;
  if (item->test == NULL)
    item->test = g_strdup (item->param);
  if (item->type != ST_ITEM_CHOICE && !check_limits (item, subject, error))
    return NULL;

  g_hash_table_add (params, g_strdup (item->param));
  return g_steal_pointer (&item);
}

static StSpec *
parse_document (const ParseState *state,
                JsonNode         *root,
                GError          **error)
{
  g_autoptr(StSpec) spec = st_spec_new ();
  g_autoptr(GHashTable) params = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  JsonObject *object;
  JsonNode *items;
  JsonArray *array;

  if (root == NULL)
    {
      refuse (error, "spec", _("the document is empty"));
      return NULL;
    }
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      refuse (error, "spec", _("not a JSON object"));
      return NULL;
    }
  object = json_node_get_object (root);

  if (!check_fields (state, object, top_level_fields, "spec", "", error)
      || !read_text (object, "code", "spec", TRUE, &spec->code, error))
    return NULL;
  if (!is_code (spec->code))
    {
      refuse (error, "spec",
              _("code '%s' may contain only letters, digits, '.', '_' and '-'"), spec->code);
      return NULL;
    }
  if (!read_text (object, "title", "spec", TRUE, &spec->title, error))
    return NULL;

  items = json_object_get_member (object, "items");
  if (is_absent (items))
    {
      refuse (error, "spec", _("items is missing"));
      return NULL;
    }
  if (!JSON_NODE_HOLDS_ARRAY (items))
    {
      refuse (error, "spec", _("items must be a list"));
      return NULL;
    }
  array = json_node_get_array (items);
  if (json_array_get_length (array) == 0)
    {
      refuse (error, "spec", _("items is empty (a specification needs at least one item)"));
      return NULL;
    }

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      StSpecItem *item = parse_item (state, json_array_get_element (array, i), i, params, error);
      if (item == NULL)
        return NULL;
      g_ptr_array_add (spec->items, item);
    }
  return g_steal_pointer (&spec);
}

/* json-glib parses nested lists and objects by recursion, so a file of
 * nothing but '[' overflows the stack.  A specification nests five deep;
 * past MAX_NESTING the document is refused before it is parsed.  Brackets
 * in strings do not count (in comments they do: a refusal, never a miss). */
#define MAX_NESTING 32

static gboolean
check_nesting (const char  *json,
               gsize        length,
               GError     **error)
{
  gboolean in_string = FALSE;
  int depth = 0;
  int line = 1;

  for (gsize i = 0; i < length; i++)
    {
      char c = json[i];

      if (c == '\n')
        line++;
      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
        }
      else if (c == '"')
        in_string = TRUE;
      else if ((c == '[' || c == '{') && ++depth > MAX_NESTING)
        {
          g_set_error (error, ST_SPEC_ERROR, ST_SPEC_ERROR_INVALID_FILE,
                       _("spec: lists and objects nested more than %d deep (line %d)"), MAX_NESTING, line);
          return FALSE;
        }
      else if (c == ']' || c == '}')
        depth--;
    }
  return TRUE;
}

StSpec *
st_spec_parse (const char *json,
               gssize      length,
               GError    **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) duplicates = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  g_autoptr(GError) json_error = NULL;
  ParseState state = { seen, duplicates, 0 };

  g_return_val_if_fail (json != NULL || length == 0, NULL);

  if (json != NULL && !check_nesting (json, length < 0 ? strlen (json) : (gsize) length, error))
    return NULL;
  g_signal_connect (parser, "object-member", G_CALLBACK (on_object_member), &state);
  g_signal_connect (parser, "error", G_CALLBACK (on_parse_error), &state);
  if (!json_parser_load_from_data (parser, json != NULL ? json : "", length, &json_error))
    {
      int line = state.error_line;

      if (line <= 0 && sscanf (json_error->message, "<data>:%d:", &line) != 1)
        line = 0;
      if (line > 0)
        g_set_error (error, ST_SPEC_ERROR, ST_SPEC_ERROR_INVALID_FILE,
                     _("spec: not valid JSON (line %d)"), line);
      else
        g_set_error (error, ST_SPEC_ERROR, ST_SPEC_ERROR_INVALID_FILE,
                     _("spec: not valid JSON"));
      return NULL;
    }
  return parse_document (&state, json_parser_get_root (parser), error);
}

/* Whole numbers as JSON integers ("70", not "70.0"), the rest as doubles. */
static void
add_decimal (JsonBuilder *builder,
             const char  *text)
{
  if (st_decimal_is_whole (text))
    {
      g_autofree char *integer = g_strndup (text, strcspn (text, "."));
      gint64 whole;

      if (g_ascii_string_to_signed (integer, 10, G_MININT64, G_MAXINT64, &whole, NULL))
        {
          json_builder_add_int_value (builder, whole);
          return;
        }
    }
  json_builder_add_double_value (builder, st_decimal_to_double (text));
}

static void
add_text_member (JsonBuilder *builder,
                 const char  *name,
                 const char  *value,
                 gboolean     null_if_absent)
{
  if (value == NULL && !null_if_absent)
    return;
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
add_words_member (JsonBuilder       *builder,
                  const char        *name,
                  const char *const *words)
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_array (builder);
  for (guint i = 0; words != NULL && words[i] != NULL; i++)
    json_builder_add_string_value (builder, words[i]);
  json_builder_end_array (builder);
}

static void
add_item (JsonBuilder      *builder,
          const StSpecItem *item)
{
  json_builder_begin_object (builder);
  add_text_member (builder, "param", item->param, FALSE);
  add_text_member (builder, "test", item->test != NULL ? item->test : item->param, FALSE);
  add_text_member (builder, "method", item->method, FALSE);
  add_text_member (builder, "unit", item->unit, FALSE);
  add_text_member (builder, "type", st_item_type_to_string (item->type), FALSE);

  if (item->type == ST_ITEM_CHOICE)
    {
      add_words_member (builder, "choices", (const char *const *) item->choices);
      add_words_member (builder, "accept", (const char *const *) item->accept);
    }
  else
    {
      if (item->bound_low != NULL || item->bound_high != NULL)
        {
          json_builder_set_member_name (builder, "bounds");
          json_builder_begin_array (builder);
          if (item->bound_low != NULL)
            add_decimal (builder, item->bound_low);
          else
            json_builder_add_null_value (builder);
          if (item->bound_high != NULL)
            add_decimal (builder, item->bound_high);
          else
            json_builder_add_null_value (builder);
          json_builder_end_array (builder);
        }

      json_builder_set_member_name (builder, "limits");
      json_builder_begin_array (builder);
      for (guint i = 0; item->limits != NULL && i < item->limits->len; i++)
        {
          const StLimit *limit = g_ptr_array_index (item->limits, i);
          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "op");
          json_builder_add_string_value (builder, st_limit_op_to_string (limit->op));
          json_builder_set_member_name (builder, "value");
          add_decimal (builder, limit->value);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
    }

  if (item->may_be_pending)
    {
      json_builder_set_member_name (builder, "may_be_pending");
      json_builder_add_boolean_value (builder, TRUE);
    }
  if (item->derived)
    {
      json_builder_set_member_name (builder, "derived");
      json_builder_add_boolean_value (builder, TRUE);
    }
  json_builder_end_object (builder);
}

JsonNode *
st_spec_to_json_node (const StSpec *spec,
                      gboolean      with_meta)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (spec != NULL, NULL);

  json_builder_begin_object (builder);
  add_text_member (builder, "code", spec->code, TRUE);
  add_text_member (builder, "title", spec->title, TRUE);
  if (with_meta)
    {
      json_builder_set_member_name (builder, "version");
      json_builder_add_int_value (builder, spec->version);
      add_text_member (builder, "status", spec->status, TRUE);
      add_text_member (builder, "approved_by", spec->approved_by, TRUE);
      add_text_member (builder, "approved_at", spec->approved_at, TRUE);
    }
  json_builder_set_member_name (builder, "items");
  json_builder_begin_array (builder);
  for (guint i = 0; i < spec->items->len; i++)
    add_item (builder, g_ptr_array_index (spec->items, i));
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

char *
st_spec_to_json (const StSpec *spec,
                 gboolean      with_meta)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail (spec != NULL, NULL);

  root = st_spec_to_json_node (spec, with_meta);
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}
