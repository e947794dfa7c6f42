/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "st-spec.h"

#include "st-decimal.h"
#include "st-value.h"

#include <string.h>

G_DEFINE_QUARK (st-spec-error-quark, st_spec_error)

StLimit *
st_limit_new (StLimitOp   op,
              const char *value)
{
  StLimit *limit = g_new0 (StLimit, 1);

  limit->op = op;
  limit->value = g_strdup (value);
  return limit;
}

void
st_limit_free (StLimit *limit)
{
  if (limit == NULL)
    return;
  g_free (limit->value);
  g_free (limit);
}

StSpecItem *
st_spec_item_new (void)
{
  StSpecItem *item = g_new0 (StSpecItem, 1);

  item->limits = g_ptr_array_new_with_free_func ((GDestroyNotify) st_limit_free);
  return item;
}

void
st_spec_item_free (StSpecItem *item)
{
  if (item == NULL)
    return;
  g_free (item->param);
  g_free (item->test);
  g_free (item->method);
  g_free (item->unit);
  g_free (item->bound_low);
  g_free (item->bound_high);
  g_clear_pointer (&item->limits, g_ptr_array_unref);
  g_strfreev (item->choices);
  g_strfreev (item->accept);
  g_free (item);
}

StSpec *
st_spec_new (void)
{
  StSpec *spec = g_new0 (StSpec, 1);

  spec->items = g_ptr_array_new_with_free_func ((GDestroyNotify) st_spec_item_free);
  return spec;
}

void
st_spec_free (StSpec *spec)
{
  if (spec == NULL)
    return;
  g_free (spec->code);
  g_free (spec->title);
  g_free (spec->status);
  g_free (spec->approved_by);
  g_free (spec->approved_at);
  g_clear_pointer (&spec->items, g_ptr_array_unref);
  g_free (spec);
}

static StSpecItem *
item_copy (const StSpecItem *item)
{
  StSpecItem *copy = st_spec_item_new ();

  copy->param = g_strdup (item->param);
  copy->test = g_strdup (item->test);
  copy->method = g_strdup (item->method);
  copy->unit = g_strdup (item->unit);
  copy->type = item->type;
  copy->bound_low = g_strdup (item->bound_low);
  copy->bound_high = g_strdup (item->bound_high);
  for (guint i = 0; item->limits != NULL && i < item->limits->len; i++)
    {
      const StLimit *limit = g_ptr_array_index (item->limits, i);
      g_ptr_array_add (copy->limits, st_limit_new (limit->op, limit->value));
    }
  copy->choices = g_strdupv (item->choices);
  copy->accept = g_strdupv (item->accept);
  copy->may_be_pending = item->may_be_pending;
  copy->derived = item->derived;
  return copy;
}

StSpec *
st_spec_copy (const StSpec *spec)
{
  StSpec *copy;

  g_return_val_if_fail (spec != NULL, NULL);

  copy = st_spec_new ();
  copy->code = g_strdup (spec->code);
  copy->title = g_strdup (spec->title);
  copy->version = spec->version;
  copy->status = g_strdup (spec->status);
  copy->approved_by = g_strdup (spec->approved_by);
  copy->approved_at = g_strdup (spec->approved_at);
  for (guint i = 0; i < spec->items->len; i++)
    g_ptr_array_add (copy->items, item_copy (g_ptr_array_index (spec->items, i)));
  return copy;
}

static gboolean
decimal_equal (const char *a,
               const char *b)
{
  if (a == NULL || b == NULL)
    return a == b;
  if (st_decimal_is_valid (a) && st_decimal_is_valid (b))
    return st_decimal_compare (a, b) == 0;
  return g_strcmp0 (a, b) == 0;
}

static gboolean
strv_equal (const char *const *a,
            const char *const *b)
{
  /* NULL and an empty list say the same: no words. */
  if (a == NULL || *a == NULL)
    return b == NULL || *b == NULL;
  if (b == NULL)
    return FALSE;
  return g_strv_equal (a, b);
}

static gboolean
item_equal (const StSpecItem *a,
            const StSpecItem *b)
{
  guint n_a = a->limits != NULL ? a->limits->len : 0;
  guint n_b = b->limits != NULL ? b->limits->len : 0;

  if (g_strcmp0 (a->param, b->param) != 0 || g_strcmp0 (a->test, b->test) != 0
      || g_strcmp0 (a->method, b->method) != 0 || g_strcmp0 (a->unit, b->unit) != 0
      || a->type != b->type
      || !decimal_equal (a->bound_low, b->bound_low)
      || !decimal_equal (a->bound_high, b->bound_high)
      || !strv_equal ((const char *const *) a->choices, (const char *const *) b->choices)
      || !strv_equal ((const char *const *) a->accept, (const char *const *) b->accept)
      || !a->may_be_pending != !b->may_be_pending
      || !a->derived != !b->derived
      || n_a != n_b)
    return FALSE;
  for (guint i = 0; i < n_a; i++)
    {
      const StLimit *la = g_ptr_array_index (a->limits, i);
      const StLimit *lb = g_ptr_array_index (b->limits, i);
      if (la->op != lb->op || !decimal_equal (la->value, lb->value))
        return FALSE;
    }
  return TRUE;
}

gboolean
st_spec_equal (const StSpec *a,
               const StSpec *b)
{
  g_return_val_if_fail (a != NULL && b != NULL, FALSE);

  if (g_strcmp0 (a->code, b->code) != 0 || g_strcmp0 (a->title, b->title) != 0
      || a->version != b->version || g_strcmp0 (a->status, b->status) != 0
      || g_strcmp0 (a->approved_by, b->approved_by) != 0
      || g_strcmp0 (a->approved_at, b->approved_at) != 0
      || a->items->len != b->items->len)
    return FALSE;
  for (guint i = 0; i < a->items->len; i++)
    if (!item_equal (g_ptr_array_index (a->items, i), g_ptr_array_index (b->items, i)))
      return FALSE;
  return TRUE;
}

static const char *const limit_ops[] = { ">=", ">", "<=", "<" };

const char *
st_limit_op_to_string (StLimitOp op)
{
  g_return_val_if_fail ((guint) op < G_N_ELEMENTS (limit_ops), "?");

  return limit_ops[op];
}

gboolean
st_limit_op_from_string (const char *text,
                         StLimitOp  *out)
{
  for (guint i = 0; text != NULL && i < G_N_ELEMENTS (limit_ops); i++)
    if (strcmp (text, limit_ops[i]) == 0)
      {
        if (out != NULL)
          *out = (StLimitOp) i;
        return TRUE;
      }
  return FALSE;
}

const char *
st_item_type_to_string (StItemType type)
{
  switch (type)
    {
    case ST_ITEM_NUMBER:
      return "number";
    case ST_ITEM_INTEGER:
      return "integer";
    case ST_ITEM_CHOICE:
      return "choice";
    default:
      g_return_val_if_reached ("?");
    }
}

const StSpecItem *
st_spec_find_item (const StSpec *spec,
                   const char   *param)
{
  g_return_val_if_fail (spec != NULL, NULL);
  g_return_val_if_fail (param != NULL, NULL);

  for (guint i = 0; i < spec->items->len; i++)
    {
      const StSpecItem *item = g_ptr_array_index (spec->items, i);
      if (g_strcmp0 (item->param, param) == 0)
        return item;
    }
  return NULL;
}

gboolean
st_spec_item_is_judged (const StSpecItem *item)
{
  g_return_val_if_fail (item != NULL, FALSE);

  if (item->type == ST_ITEM_CHOICE)
    return item->accept != NULL && item->accept[0] != NULL;
  return item->limits != NULL && item->limits->len > 0;
}

static char *
limit_text (const StSpecItem *item,
            gboolean          localized)
{
  GString *text;

  g_return_val_if_fail (item != NULL, NULL);

  if (!st_spec_item_is_judged (item))
    return g_strdup (localized ? _("report only") : "report only");
  if (item->type == ST_ITEM_CHOICE)
    return g_strjoinv (localized ? _(" or ") : " or ", item->accept);

  text = g_string_new (NULL);
  for (guint i = 0; i < item->limits->len; i++)
    {
      const StLimit *limit = g_ptr_array_index (item->limits, i);
      g_autofree char *value = localized ? st_value_number_to_locale (limit->value, NULL) : g_strdup (limit->value);

      if (i > 0)
        g_string_append (text, localized ? _(" and ") : " and ");
      g_string_append_printf (text, "%s %s", st_limit_op_to_string (limit->op), value);
    }
  return g_string_free (text, FALSE);
}

char *
st_spec_item_limit_text (const StSpecItem *item)
{
  return limit_text (item, TRUE);
}

char *
st_spec_item_limit_text_c (const StSpecItem *item)
{
  return limit_text (item, FALSE);
}

/* "100 %" for messages about bounds; just "100" when the item has no unit. */
static char *
with_unit (const StSpecItem *item,
           const char       *value)
{
  if (item->unit == NULL)
    return g_strdup (value);
  return g_strdup_printf ("%s %s", value, item->unit);
}

/* "92,5" is a number typed with a decimal comma. */
static gboolean
is_decimal_with_comma (const char *text)
{
  g_autofree char *swapped = NULL;
  char *comma = strchr (text, ',');

  if (comma == NULL || strchr (comma + 1, ',') != NULL || strchr (text, '.') != NULL)
    return FALSE;
  swapped = g_strdup (text);
  swapped[comma - text] = '.';
  return st_decimal_is_valid (swapped);
}

gboolean
st_spec_item_check_value (const StSpecItem *item,
                          const char       *text,
                          GError          **error)
{
  g_return_val_if_fail (item != NULL, FALSE);

  if (text == NULL || *text == '\0')
    {
      g_set_error (error, ST_SPEC_ERROR, ST_SPEC_ERROR_INVALID_VALUE,
                   _("%s: a value is required"), item->param);
      return FALSE;
    }

  if (item->type == ST_ITEM_CHOICE)
    {
      g_autofree char *words = NULL;

      if (item->choices != NULL && g_strv_contains ((const char *const *) item->choices, text))
        return TRUE;
      words = item->choices != NULL ? g_strjoinv (", ", item->choices) : g_strdup ("");
      g_set_error (error, ST_SPEC_ERROR, ST_SPEC_ERROR_INVALID_VALUE,
                   _("%s: '%s' is not one of %s"), item->param, text, words);
      return FALSE;
    }

  if (!st_decimal_is_valid (text))
    {
      if (is_decimal_with_comma (text))
        g_set_error (error, ST_SPEC_ERROR, ST_SPEC_ERROR_INVALID_VALUE,
                     _("%s: use '.' as the decimal separator"), item->param);
      else if (item->type == ST_ITEM_INTEGER)
        g_set_error (error, ST_SPEC_ERROR, ST_SPEC_ERROR_INVALID_VALUE,
                     _("%s: '%s' is not a whole number"), item->param, text);
      else
        g_set_error (error, ST_SPEC_ERROR, ST_SPEC_ERROR_INVALID_VALUE,
                     _("%s: '%s' is not a number"), item->param, text);
      return FALSE;
    }

  /* Whole means typed without a point: "4.0" passages are not recorded. */
  if (item->type == ST_ITEM_INTEGER && strchr (text, '.') != NULL)
    {
      g_set_error (error, ST_SPEC_ERROR, ST_SPEC_ERROR_INVALID_VALUE,
                   _("%s: %s is not a whole number"), item->param, text);
      return FALSE;
    }

  if (item->bound_low != NULL && st_decimal_compare (text, item->bound_low) < 0)
    {
      g_autofree char *bound = with_unit (item, item->bound_low);
      g_set_error (error, ST_SPEC_ERROR, ST_SPEC_ERROR_INVALID_VALUE,
                   _("%s: %s is below %s"), item->param, text, bound);
      return FALSE;
    }
  if (item->bound_high != NULL && st_decimal_compare (text, item->bound_high) > 0)
    {
      g_autofree char *bound = with_unit (item, item->bound_high);
      g_set_error (error, ST_SPEC_ERROR, ST_SPEC_ERROR_INVALID_VALUE,
                   _("%s: %s is above %s"), item->param, text, bound);
      return FALSE;
    }
  return TRUE;
}

const char *
st_verdict_to_string (StVerdict v)
{
  switch (v)
    {
    case ST_VERDICT_CONFORM:
      return "conform";
    case ST_VERDICT_OOS:
      return "oos";
    case ST_VERDICT_MISSING:
      return "missing";
    case ST_VERDICT_PENDING:
      return "pending";
    case ST_VERDICT_REPORT:
      return "report";
    default:
      g_return_val_if_reached ("?");
    }
}

static gboolean
limit_holds (const StLimit *limit,
             const char    *value)
{
  int c = st_decimal_compare (value, limit->value);

  switch (limit->op)
    {
    case ST_LIMIT_GE:
      return c >= 0;
    case ST_LIMIT_GT:
      return c > 0;
    case ST_LIMIT_LE:
      return c <= 0;
    case ST_LIMIT_LT:
      return c < 0;
    default:
      g_return_val_if_reached (FALSE);
    }
}

StVerdict
st_spec_item_judge (const StSpecItem *item,
                    const char       *value)
{
  g_return_val_if_fail (item != NULL, ST_VERDICT_OOS);

  if (value == NULL || *value == '\0')
    return item->may_be_pending ? ST_VERDICT_PENDING : ST_VERDICT_MISSING;
  if (!st_spec_item_is_judged (item))
    return ST_VERDICT_REPORT;

  if (item->type == ST_ITEM_CHOICE)
    return g_strv_contains ((const char *const *) item->accept, value)
           ? ST_VERDICT_CONFORM : ST_VERDICT_OOS;

  /* Entry refuses non-numbers; one in the record anyway can never conform. */
  if (!st_decimal_is_valid (value))
    return ST_VERDICT_OOS;
  for (guint i = 0; i < item->limits->len; i++)
    if (!limit_holds (g_ptr_array_index (item->limits, i), value))
      return ST_VERDICT_OOS;
  return ST_VERDICT_CONFORM;
}

const char *
st_lot_verdict_to_string (StLotVerdict v)
{
  switch (v)
    {
    case ST_LOT_VERDICT_CONFORM:
      return "conform";
    case ST_LOT_VERDICT_OOS:
      return "oos";
    case ST_LOT_VERDICT_INCOMPLETE:
      return "incomplete";
    default:
      g_return_val_if_reached ("?");
    }
}

StLotVerdict
st_lot_verdict_combine (const StVerdict *verdicts,
                        guint            n)
{
  gboolean incomplete = FALSE;

  g_return_val_if_fail (n == 0 || verdicts != NULL, ST_LOT_VERDICT_INCOMPLETE);

  for (guint i = 0; i < n; i++)
    {
      if (verdicts[i] == ST_VERDICT_OOS)
        return ST_LOT_VERDICT_OOS;
      if (verdicts[i] != ST_VERDICT_CONFORM && verdicts[i] != ST_VERDICT_REPORT)
        incomplete = TRUE;
    }
  return incomplete ? ST_LOT_VERDICT_INCOMPLETE : ST_LOT_VERDICT_CONFORM;
}
