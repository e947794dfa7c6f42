/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "st-spec.h"

#include "st-decimal.h"

#include <string.h>

static StSpec *
load_default_spec (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "specs",
                                                 "msc-rel-v1.json", NULL);
  g_autofree char *contents = NULL;
  gsize length = 0;
  g_autoptr(GError) error = NULL;
  StSpec *spec;

  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  g_assert_no_error (error);
  spec = st_spec_parse (contents, (gssize) length, &error);
  g_assert_no_error (error);
  g_assert_nonnull (spec);
  return spec;
}

static char *
read_default_text (gsize *length)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "specs",
                                                 "msc-rel-v1.json", NULL);
  char *contents = NULL;

  g_assert_true (g_file_get_contents (path, &contents, length, NULL));
  return contents;
}

/* Test documents are written with ' for " to stay readable. */
static char *
doc (const char *text)
{
  char *json = g_strdup (text);

  g_strdelimit (json, "'", '"');
  return json;
}

static const StSpecItem *
item (const StSpec *spec,
      const char   *param)
{
  const StSpecItem *found = st_spec_find_item (spec, param);

  g_assert_nonnull (found);
  return found;
}

static void
test_default_loads (void)
{
  g_autoptr(StSpec) spec = load_default_spec ();
  const char *params[] = {
    "appearance", "viability", "cell_concentration", "cd73", "cd90", "cd105", "cd45",
    "cd34", "cd14", "cd19", "hla_dr", "sterility", "endotoxin", "mycoplasma", "passage",
    "cumulative_pd", "potency_mlr",
  };
  const StSpecItem *viability;
  const StSpecItem *sterility;
  const StSpecItem *passage;
  const StSpecItem *concentration;

  g_assert_cmpstr (spec->code, ==, "MSC-REL");
  g_assert_cmpstr (spec->title, ==, "Release specification, bone-marrow MSC");
  g_assert_cmpint (spec->version, ==, 0);
  g_assert_null (spec->status);
  g_assert_cmpuint (spec->items->len, ==, G_N_ELEMENTS (params));
  for (guint i = 0; i < G_N_ELEMENTS (params); i++)
    {
      const StSpecItem *it = g_ptr_array_index (spec->items, i);
      g_assert_cmpstr (it->param, ==, params[i]);   /* file order */
    }

  viability = item (spec, "viability");
  g_assert_cmpint (viability->type, ==, ST_ITEM_NUMBER);
  g_assert_cmpstr (viability->test, ==, "Viability");
  g_assert_cmpstr (viability->method, ==, "Trypan blue, 7-AAD or automated counter");
  g_assert_cmpstr (viability->unit, ==, "%");
  g_assert_cmpstr (viability->bound_low, ==, "0");
  g_assert_cmpstr (viability->bound_high, ==, "100");
  g_assert_cmpuint (viability->limits->len, ==, 1);
  g_assert_cmpint (((StLimit *) g_ptr_array_index (viability->limits, 0))->op, ==, ST_LIMIT_GE);
  g_assert_cmpstr (((StLimit *) g_ptr_array_index (viability->limits, 0))->value, ==, "70");

  /* 1.0 in the file is the number one. */
  concentration = item (spec, "cell_concentration");
  g_assert_cmpstr (((StLimit *) g_ptr_array_index (concentration->limits, 0))->value, ==, "1");
  g_assert_null (concentration->bound_high);

  sterility = item (spec, "sterility");
  g_assert_cmpint (sterility->type, ==, ST_ITEM_CHOICE);
  g_assert_true (sterility->may_be_pending);
  g_assert_null (sterility->unit);
  g_assert_cmpuint (g_strv_length (sterility->choices), ==, 2);
  g_assert_cmpuint (g_strv_length (sterility->accept), ==, 1);
  g_assert_cmpuint (sterility->limits->len, ==, 0);

  passage = item (spec, "passage");
  g_assert_cmpint (passage->type, ==, ST_ITEM_INTEGER);
  g_assert_true (passage->derived);
  g_assert_false (passage->may_be_pending);
  g_assert_cmpstr (passage->bound_low, ==, "1");

  g_assert_null (st_spec_find_item (spec, "colour"));
}

typedef struct {
  const char *param;
  const char *value;
  StVerdict expected;
} Judgement;

/* At, just inside and just outside every limit of MSC-REL v1. */
static const Judgement default_boundaries[] = {
  { "viability", "70", ST_VERDICT_CONFORM },
  { "viability", "70.00", ST_VERDICT_CONFORM },
  { "viability", "70.01", ST_VERDICT_CONFORM },
  { "viability", "69.99", ST_VERDICT_OOS },
  { "viability", "69.999999", ST_VERDICT_OOS },
  { "cell_concentration", "1", ST_VERDICT_CONFORM },
  { "cell_concentration", "1.0", ST_VERDICT_CONFORM },
  { "cell_concentration", "1.01", ST_VERDICT_CONFORM },
  { "cell_concentration", "0.99", ST_VERDICT_OOS },
  { "cell_concentration", "3", ST_VERDICT_CONFORM },
  { "cell_concentration", "3.00", ST_VERDICT_CONFORM },
  { "cell_concentration", "2.99", ST_VERDICT_CONFORM },
  { "cell_concentration", "3.01", ST_VERDICT_OOS },
  { "cd73", "95", ST_VERDICT_CONFORM },
  { "cd73", "95.1", ST_VERDICT_CONFORM },
  { "cd73", "94.9", ST_VERDICT_OOS },
  { "cd90", "95", ST_VERDICT_CONFORM },
  { "cd90", "95.1", ST_VERDICT_CONFORM },
  { "cd90", "94.9", ST_VERDICT_OOS },
  { "cd105", "95.0", ST_VERDICT_CONFORM },
  { "cd105", "99.8", ST_VERDICT_CONFORM },
  { "cd105", "94.99", ST_VERDICT_OOS },
  { "cd45", "2", ST_VERDICT_CONFORM },
  { "cd45", "1.9", ST_VERDICT_CONFORM },
  { "cd45", "2.1", ST_VERDICT_OOS },
  { "cd34", "2.0", ST_VERDICT_CONFORM },
  { "cd34", "0", ST_VERDICT_CONFORM },
  { "cd34", "2.0001", ST_VERDICT_OOS },
  { "cd14", "2", ST_VERDICT_CONFORM },
  { "cd14", "1.99", ST_VERDICT_CONFORM },
  { "cd14", "2.01", ST_VERDICT_OOS },
  { "cd19", "2", ST_VERDICT_CONFORM },
  { "cd19", "1.5", ST_VERDICT_CONFORM },
  { "cd19", "2.5", ST_VERDICT_OOS },
  { "hla_dr", "2", ST_VERDICT_CONFORM },
  { "hla_dr", "1.9", ST_VERDICT_CONFORM },
  { "hla_dr", "2.1", ST_VERDICT_OOS },
  /* The exclusive limit: 0.5 itself is out. */
  { "endotoxin", "0.5", ST_VERDICT_OOS },
  { "endotoxin", "0.50", ST_VERDICT_OOS },
  { "endotoxin", "0.49", ST_VERDICT_CONFORM },
  { "endotoxin", "0.51", ST_VERDICT_OOS },
  { "endotoxin", "0", ST_VERDICT_CONFORM },
  { "passage", "4", ST_VERDICT_CONFORM },
  { "passage", "3", ST_VERDICT_CONFORM },
  { "passage", "5", ST_VERDICT_OOS },
  { "cumulative_pd", "30", ST_VERDICT_CONFORM },
  { "cumulative_pd", "29.9", ST_VERDICT_CONFORM },
  { "cumulative_pd", "30.1", ST_VERDICT_OOS },
};

static void
test_default_boundaries (void)
{
  g_autoptr(StSpec) spec = load_default_spec ();

  for (guint i = 0; i < G_N_ELEMENTS (default_boundaries); i++)
    {
      const Judgement *j = &default_boundaries[i];
      StVerdict verdict = st_spec_item_judge (item (spec, j->param), j->value);

      g_test_message ("%s = %s", j->param, j->value);
      g_assert_cmpstr (st_verdict_to_string (verdict), ==, st_verdict_to_string (j->expected));
    }

  /* Every limit of the default specification has its rows above: a limit
   * added to the file without boundary rows fails here. */
  for (guint i = 0; i < spec->items->len; i++)
    {
      const StSpecItem *it = g_ptr_array_index (spec->items, i);

      for (guint l = 0; it->limits != NULL && l < it->limits->len; l++)
        {
          const StLimit *limit = g_ptr_array_index (it->limits, l);
          gboolean at = FALSE, inside = FALSE, outside = FALSE;

          for (guint k = 0; k < G_N_ELEMENTS (default_boundaries); k++)
            {
              const Judgement *j = &default_boundaries[k];
              int c;
              gboolean lower = limit->op == ST_LIMIT_GE || limit->op == ST_LIMIT_GT;

              if (strcmp (j->param, it->param) != 0)
                continue;
              c = st_decimal_compare (j->value, limit->value);
              if (c == 0)
                at = TRUE;
              else if ((c > 0) == lower)
                inside = TRUE;
              else
                outside = TRUE;
            }
          g_test_message ("%s %s %s", it->param, st_limit_op_to_string (limit->op), limit->value);
          g_assert_true (at && inside && outside);
        }
    }
}

/* Each operator at, just inside and just outside its limit. */
static void
test_every_operator (void)
{
  g_autofree char *json = doc (
    "{'code': 'OPS', 'title': 'Operators', 'items': ["
    " {'param': 'ge', 'type': 'number', 'limits': [{'op': '>=', 'value': 10.5}]},"
    " {'param': 'gt', 'type': 'number', 'limits': [{'op': '>', 'value': 10.5}]},"
    " {'param': 'le', 'type': 'number', 'limits': [{'op': '<=', 'value': 10.5}]},"
    " {'param': 'lt', 'type': 'number', 'limits': [{'op': '<', 'value': 10.5}]},"
    " {'param': 'neg', 'type': 'number', 'limits': [{'op': '>', 'value': -1}]},"
    " {'param': 'whole', 'type': 'integer', 'limits': [{'op': '<', 'value': 3}]}]}");
  const Judgement table[] = {
    { "ge", "10.5", ST_VERDICT_CONFORM }, { "ge", "10.50", ST_VERDICT_CONFORM },
    { "ge", "10.51", ST_VERDICT_CONFORM }, { "ge", "10.49", ST_VERDICT_OOS },
    { "gt", "10.5", ST_VERDICT_OOS }, { "gt", "10.500", ST_VERDICT_OOS },
    { "gt", "10.51", ST_VERDICT_CONFORM }, { "gt", "10.49", ST_VERDICT_OOS },
    { "le", "10.5", ST_VERDICT_CONFORM }, { "le", "10.49", ST_VERDICT_CONFORM },
    { "le", "10.51", ST_VERDICT_OOS }, { "le", "10.5000001", ST_VERDICT_OOS },
    { "lt", "10.5", ST_VERDICT_OOS }, { "lt", "10.49", ST_VERDICT_CONFORM },
    { "lt", "10.51", ST_VERDICT_OOS }, { "lt", "10.4999999", ST_VERDICT_CONFORM },
    { "neg", "-1", ST_VERDICT_OOS }, { "neg", "-0.99", ST_VERDICT_CONFORM },
    { "neg", "-1.01", ST_VERDICT_OOS }, { "neg", "-0", ST_VERDICT_CONFORM },
    { "whole", "3", ST_VERDICT_OOS }, { "whole", "2", ST_VERDICT_CONFORM },
    { "whole", "4", ST_VERDICT_OOS },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(StSpec) spec = st_spec_parse (json, -1, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (table); i++)
    {
      StVerdict verdict = st_spec_item_judge (item (spec, table[i].param), table[i].value);
      g_test_message ("%s = %s", table[i].param, table[i].value);
      g_assert_cmpstr (st_verdict_to_string (verdict), ==, st_verdict_to_string (table[i].expected));
    }
}

/* A good lot, item by item; then what a missing or failing result does. */
static const struct {
  const char *param;
  const char *value;
  StVerdict expected;
} good_lot[] = {
  { "appearance", "conforms", ST_VERDICT_CONFORM },
  { "viability", "92.50", ST_VERDICT_CONFORM },
  { "cell_concentration", "2.1", ST_VERDICT_CONFORM },
  { "cd73", "99.1", ST_VERDICT_CONFORM },
  { "cd90", "98.7", ST_VERDICT_CONFORM },
  { "cd105", "97.2", ST_VERDICT_CONFORM },
  { "cd45", "0.4", ST_VERDICT_CONFORM },
  { "cd34", "0.3", ST_VERDICT_CONFORM },
  { "cd14", "0.8", ST_VERDICT_CONFORM },
  { "cd19", "0.2", ST_VERDICT_CONFORM },
  { "hla_dr", "1.1", ST_VERDICT_CONFORM },
  { "sterility", "no-growth", ST_VERDICT_CONFORM },
  { "endotoxin", "0.1", ST_VERDICT_CONFORM },
  { "mycoplasma", "not-detected", ST_VERDICT_CONFORM },
  { "passage", "3", ST_VERDICT_CONFORM },
  { "cumulative_pd", "17.4", ST_VERDICT_CONFORM },
  { "potency_mlr", "45", ST_VERDICT_REPORT },
};

static StLotVerdict
judge_lot (const StSpec *spec,
           const char   *skip,
           const char   *replace_param,
           const char   *replace_value)
{
  StVerdict verdicts[G_N_ELEMENTS (good_lot)];

  for (guint i = 0; i < G_N_ELEMENTS (good_lot); i++)
    {
      const char *value = good_lot[i].value;
      if (g_strcmp0 (good_lot[i].param, skip) == 0)
        value = NULL;
      if (g_strcmp0 (good_lot[i].param, replace_param) == 0)
        value = replace_value;
      verdicts[i] = st_spec_item_judge (item (spec, good_lot[i].param), value);
    }
  return st_lot_verdict_combine (verdicts, G_N_ELEMENTS (verdicts));
}

static void
test_default_item_verdicts (void)
{
  g_autoptr(StSpec) spec = load_default_spec ();

  g_assert_cmpuint (spec->items->len, ==, G_N_ELEMENTS (good_lot));
  for (guint i = 0; i < G_N_ELEMENTS (good_lot); i++)
    {
      const StSpecItem *it = item (spec, good_lot[i].param);
      StVerdict verdict = st_spec_item_judge (it, good_lot[i].value);
      StVerdict missing = st_spec_item_judge (it, NULL);

      g_test_message ("%s = %s", good_lot[i].param, good_lot[i].value);
      g_assert_cmpstr (st_verdict_to_string (verdict), ==, st_verdict_to_string (good_lot[i].expected));
      /* Only sterility may be pending; every other missing result is missing. */
      g_assert_cmpstr (st_verdict_to_string (missing), ==,
                       strcmp (good_lot[i].param, "sterility") == 0 ? "pending" : "missing");
      g_assert_cmpint (st_spec_item_judge (it, ""), ==, missing);
    }

  g_assert_cmpint (judge_lot (spec, NULL, NULL, NULL), ==, ST_LOT_VERDICT_CONFORM);
  g_assert_cmpint (judge_lot (spec, "sterility", NULL, NULL), ==, ST_LOT_VERDICT_INCOMPLETE);
  g_assert_cmpint (judge_lot (spec, "viability", NULL, NULL), ==, ST_LOT_VERDICT_INCOMPLETE);
  /* A report-only item must still be recorded. */
  g_assert_cmpint (judge_lot (spec, "potency_mlr", NULL, NULL), ==, ST_LOT_VERDICT_INCOMPLETE);
  g_assert_cmpint (judge_lot (spec, NULL, "endotoxin", "0.5"), ==, ST_LOT_VERDICT_OOS);
  g_assert_cmpint (judge_lot (spec, NULL, "mycoplasma", "detected"), ==, ST_LOT_VERDICT_OOS);
  /* A report-only value never fails a lot. */
  g_assert_cmpint (judge_lot (spec, NULL, "potency_mlr", "0"), ==, ST_LOT_VERDICT_CONFORM);
  /* OOS wins over a pending sterility. */
  g_assert_cmpint (judge_lot (spec, "sterility", "viability", "69.99"), ==, ST_LOT_VERDICT_OOS);
}

static void
test_choice_items (void)
{
  g_autoptr(StSpec) spec = load_default_spec ();
  const struct {
    const char *param;
    const char *value;
    StVerdict expected;
  } table[] = {
    { "appearance", "conforms", ST_VERDICT_CONFORM },
    { "appearance", "does-not-conform", ST_VERDICT_OOS },
    { "sterility", "no-growth", ST_VERDICT_CONFORM },
    { "sterility", "growth", ST_VERDICT_OOS },
    { "mycoplasma", "not-detected", ST_VERDICT_CONFORM },
    { "mycoplasma", "detected", ST_VERDICT_OOS },
    /* Not a word of the item (entry refuses it): never conforms. */
    { "sterility", "No-Growth", ST_VERDICT_OOS },
  };

  for (guint i = 0; i < G_N_ELEMENTS (table); i++)
    g_assert_cmpstr (st_verdict_to_string (st_spec_item_judge (item (spec, table[i].param), table[i].value)),
                     ==, st_verdict_to_string (table[i].expected));
  g_assert_true (st_spec_item_is_judged (item (spec, "sterility")));
}

static void
test_report_only (void)
{
  g_autoptr(StSpec) spec = load_default_spec ();
  const StSpecItem *potency = item (spec, "potency_mlr");
  g_autofree char *text = st_spec_item_limit_text (potency);
  g_autofree char *json = doc (
    "{'code': 'R', 'title': 'Report', 'items': ["
    " {'param': 'colour', 'type': 'choice', 'choices': ['white', 'yellow']},"
    " {'param': 'pending_note', 'type': 'number', 'may_be_pending': true}]}");
  g_autoptr(StSpec) other = st_spec_parse (json, -1, NULL);

  g_assert_false (st_spec_item_is_judged (potency));
  g_assert_cmpstr (text, ==, "report only");
  g_assert_cmpint (st_spec_item_judge (potency, "12.5"), ==, ST_VERDICT_REPORT);
  g_assert_cmpint (st_spec_item_judge (potency, "100"), ==, ST_VERDICT_REPORT);
  g_assert_cmpint (st_spec_item_judge (potency, NULL), ==, ST_VERDICT_MISSING);

  /* A choice without accept words is report-only too. */
  g_assert_nonnull (other);
  g_assert_false (st_spec_item_is_judged (item (other, "colour")));
  g_assert_cmpint (st_spec_item_judge (item (other, "colour"), "yellow"), ==, ST_VERDICT_REPORT);
  g_assert_cmpint (st_spec_item_judge (item (other, "pending_note"), NULL), ==, ST_VERDICT_PENDING);
  g_assert_cmpint (st_spec_item_judge (item (other, "pending_note"), "3"), ==, ST_VERDICT_REPORT);
}

static void
test_pending (void)
{
  g_autoptr(StSpec) spec = load_default_spec ();
  const StSpecItem *sterility = item (spec, "sterility");

  g_assert_cmpint (st_spec_item_judge (sterility, NULL), ==, ST_VERDICT_PENDING);
  g_assert_cmpint (st_spec_item_judge (sterility, "no-growth"), ==, ST_VERDICT_CONFORM);
  g_assert_cmpint (st_spec_item_judge (sterility, "growth"), ==, ST_VERDICT_OOS);
  g_assert_cmpint (st_spec_item_judge (item (spec, "mycoplasma"), NULL), ==, ST_VERDICT_MISSING);
}

static void
test_lot_verdict (void)
{
  const struct {
    StVerdict verdicts[4];
    guint n;
    StLotVerdict expected;
  } table[] = {
    { { ST_VERDICT_CONFORM, ST_VERDICT_CONFORM }, 2, ST_LOT_VERDICT_CONFORM },
    { { ST_VERDICT_CONFORM, ST_VERDICT_REPORT }, 2, ST_LOT_VERDICT_CONFORM },
    { { ST_VERDICT_CONFORM, ST_VERDICT_PENDING }, 2, ST_LOT_VERDICT_INCOMPLETE },
    { { ST_VERDICT_MISSING, ST_VERDICT_CONFORM }, 2, ST_LOT_VERDICT_INCOMPLETE },
    { { ST_VERDICT_OOS, ST_VERDICT_CONFORM }, 2, ST_LOT_VERDICT_OOS },
    { { ST_VERDICT_MISSING, ST_VERDICT_OOS }, 2, ST_LOT_VERDICT_OOS },
    { { ST_VERDICT_OOS, ST_VERDICT_PENDING }, 2, ST_LOT_VERDICT_OOS },
    { { ST_VERDICT_PENDING, ST_VERDICT_MISSING, ST_VERDICT_REPORT, ST_VERDICT_OOS }, 4, ST_LOT_VERDICT_OOS },
    { { ST_VERDICT_REPORT }, 1, ST_LOT_VERDICT_CONFORM },
  };

  for (guint i = 0; i < G_N_ELEMENTS (table); i++)
    g_assert_cmpstr (st_lot_verdict_to_string (st_lot_verdict_combine (table[i].verdicts, table[i].n)),
                     ==, st_lot_verdict_to_string (table[i].expected));

  g_assert_cmpstr (st_verdict_to_string (ST_VERDICT_CONFORM), ==, "conform");
  g_assert_cmpstr (st_verdict_to_string (ST_VERDICT_OOS), ==, "oos");
  g_assert_cmpstr (st_verdict_to_string (ST_VERDICT_MISSING), ==, "missing");
  g_assert_cmpstr (st_verdict_to_string (ST_VERDICT_PENDING), ==, "pending");
  g_assert_cmpstr (st_verdict_to_string (ST_VERDICT_REPORT), ==, "report");
  g_assert_cmpstr (st_lot_verdict_to_string (ST_LOT_VERDICT_INCOMPLETE), ==, "incomplete");
}

static void
test_limit_text (void)
{
  g_autoptr(StSpec) spec = load_default_spec ();
  const struct {
    const char *param;
    const char *text;
  } table[] = {
    { "viability", ">= 70" },
    { "cell_concentration", ">= 1 and <= 3" },
    { "endotoxin", "< 0.5" },
    { "cd45", "<= 2" },
    { "sterility", "no-growth" },
    { "appearance", "conforms" },
    { "passage", "<= 4" },
    { "potency_mlr", "report only" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (table); i++)
    {
      g_autofree char *text = st_spec_item_limit_text (item (spec, table[i].param));
      g_assert_cmpstr (text, ==, table[i].text);
    }
}

static void
test_check_value (void)
{
  g_autoptr(StSpec) spec = load_default_spec ();
  const struct {
    const char *param;
    const char *value;
    const char *message;   /* NULL: accepted */
  } table[] = {
    { "viability", "92.50", NULL },
    { "viability", "100", NULL },
    { "viability", "0", NULL },
    { "viability", "100.00", NULL },
    { "viability", "50", NULL },   /* out of specification, but a result to record */
    { "viability", "105", "viability: 105 is above 100 %" },
    { "viability", "100.01", "viability: 100.01 is above 100 %" },
    { "viability", "-1", "viability: -1 is below 0 %" },
    { "viability", "abc", "viability: 'abc' is not a number" },
    { "viability", "1e2", "viability: '1e2' is not a number" },
    { "viability", " 92", "viability: ' 92' is not a number" },
    { "viability", "92,5", "viability: use '.' as the decimal separator" },
    { "viability", "", "viability: a value is required" },
    { "viability", NULL, "viability: a value is required" },
    { "cell_concentration", "1000", NULL },
    { "cell_concentration", "-0.1", "cell_concentration: -0.1 is below 0 10^6 cells/mL" },
    { "endotoxin", "0", NULL },
    { "endotoxin", "-0.01", "endotoxin: -0.01 is below 0 EU/mL" },
    { "passage", "4", NULL },
    { "passage", "12", NULL },
    { "passage", "2.5", "passage: 2.5 is not a whole number" },
    { "passage", "4.0", "passage: 4.0 is not a whole number" },
    { "passage", "0", "passage: 0 is below 1" },
    { "passage", "two", "passage: 'two' is not a whole number" },
    { "cumulative_pd", "-3", NULL },   /* no bounds */
    { "sterility", "no-growth", NULL },
    { "sterility", "growth", NULL },
    { "sterility", "maybe", "sterility: 'maybe' is not one of no-growth, growth" },
    { "sterility", "No-growth", "sterility: 'No-growth' is not one of no-growth, growth" },
    { "appearance", "", "appearance: a value is required" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (table); i++)
    {
      g_autoptr(GError) error = NULL;
      gboolean ok = st_spec_item_check_value (item (spec, table[i].param), table[i].value, &error);

      g_test_message ("%s '%s'", table[i].param, table[i].value);
      if (table[i].message == NULL)
        {
          g_assert_no_error (error);
          g_assert_true (ok);
        }
      else
        {
          g_assert_false (ok);
          g_assert_error (error, ST_SPEC_ERROR, ST_SPEC_ERROR_INVALID_VALUE);
          g_assert_cmpstr (error->message, ==, table[i].message);
        }
    }
}

/* The record keeps what was typed: "92.50" is never rewritten to "92.5". */
static void
test_text_kept_as_entered (void)
{
  g_autoptr(StSpec) spec = load_default_spec ();
  char entered[] = "92.50";

  g_assert_true (st_spec_item_check_value (item (spec, "viability"), entered, NULL));
  g_assert_cmpint (st_spec_item_judge (item (spec, "viability"), entered), ==, ST_VERDICT_CONFORM);
  g_assert_cmpstr (entered, ==, "92.50");
}

static void
test_round_trip (void)
{
  g_autoptr(StSpec) spec = load_default_spec ();
  g_autofree char *json = st_spec_to_json (spec, FALSE);
  g_autoptr(GError) error = NULL;
  g_autoptr(StSpec) again = st_spec_parse (json, -1, &error);
  g_autofree char *json_again = NULL;

  g_assert_no_error (error);
  g_assert_true (st_spec_equal (spec, again));
  /* Writing is stable: the second text is the first. */
  json_again = st_spec_to_json (again, FALSE);
  g_assert_cmpstr (json, ==, json_again);
  g_assert_null (strstr (json, "\"version\""));
}

static void
test_round_trip_awkward_values (void)
{
  g_autofree char *json = doc (
    "{'code': 'X.1_a', 'title': 'Awkward', 'items': ["
    " {'param': 'tenth', 'type': 'number', 'bounds': [-10.25, null],"
    "  'limits': [{'op': '>', 'value': 0.1}, {'op': '<', 'value': 0.3}]},"
    " {'param': 'tiny', 'unit': 'g', 'type': 'number', 'bounds': [null, 1],"
    "  'limits': [{'op': '<=', 'value': 0.0000001}]},"
    " {'param': 'big', 'type': 'integer', 'bounds': [0, 999999999999],"
    "  'limits': [{'op': '>=', 'value': 123456789012}]},"
    " {'param': 'flag', 'test': 'Flag', 'type': 'choice', 'choices': ['a', 'b', 'c'],"
    "  'accept': ['a', 'c'], 'may_be_pending': true, 'derived': true},"
    " {'param': 'free', 'type': 'choice', 'choices': ['x']},"
    " {'param': 'note', 'type': 'number', 'limits': []}]}");
  g_autoptr(GError) error = NULL;
  g_autoptr(StSpec) spec = st_spec_parse (json, -1, &error);
  g_autoptr(StSpec) again = NULL;
  g_autoptr(StSpec) changed = NULL;
  g_autofree char *written = NULL;
  g_autofree char *text = NULL;
  const StSpecItem *tenth;

  g_assert_no_error (error);
  tenth = item (spec, "tenth");
  g_assert_cmpstr (tenth->bound_low, ==, "-10.25");
  g_assert_cmpstr (((StLimit *) g_ptr_array_index (tenth->limits, 0))->value, ==, "0.1");
  g_assert_cmpstr (((StLimit *) g_ptr_array_index (item (spec, "tiny")->limits, 0))->value, ==, "0.0000001");
  g_assert_cmpstr (((StLimit *) g_ptr_array_index (item (spec, "big")->limits, 0))->value, ==, "123456789012");
  g_assert_cmpstr (item (spec, "flag")->test, ==, "Flag");
  g_assert_cmpstr (item (spec, "free")->test, ==, "free");   /* test defaults to param */
  text = st_spec_item_limit_text (item (spec, "flag"));
  g_assert_cmpstr (text, ==, "a or c");

  written = st_spec_to_json (spec, FALSE);
  again = st_spec_parse (written, -1, &error);
  g_assert_no_error (error);
  g_assert_true (st_spec_equal (spec, again));

  /* st_spec_equal sees a change in any limit. */
  changed = st_spec_copy (spec);
  g_assert_true (st_spec_equal (spec, changed));
  g_free (((StLimit *) g_ptr_array_index (item (changed, "tenth")->limits, 1))->value);
  ((StLimit *) g_ptr_array_index (item (changed, "tenth")->limits, 1))->value = g_strdup ("0.31");
  g_assert_false (st_spec_equal (spec, changed));
}

static void
test_meta (void)
{
  g_autoptr(StSpec) spec = load_default_spec ();
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(StSpec) read_back = NULL;
  g_autofree char *json = NULL;
  JsonObject *object;
  JsonObject *viability;
  JsonObject *endotoxin;
  JsonObject *limit;

  spec->version = 3;
  spec->status = g_strdup ("approved");
  spec->approved_by = g_strdup ("qp");
  spec->approved_at = g_strdup ("2026-11-26T09:14:03Z");

  node = st_spec_to_json_node (spec, TRUE);
  object = json_node_get_object (node);
  g_assert_cmpint (json_object_get_int_member (object, "version"), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (object, "status"), ==, "approved");
  g_assert_cmpstr (json_object_get_string_member (object, "approved_by"), ==, "qp");
  g_assert_cmpstr (json_object_get_string_member (object, "approved_at"), ==, "2026-11-26T09:14:03Z");

  /* Limits are JSON numbers: whole ones integers, the rest doubles. */
  viability = json_array_get_object_element (json_object_get_array_member (object, "items"), 1);
  g_assert_cmpstr (json_object_get_string_member (viability, "param"), ==, "viability");
  limit = json_array_get_object_element (json_object_get_array_member (viability, "limits"), 0);
  g_assert_cmpstr (json_object_get_string_member (limit, "op"), ==, ">=");
  g_assert_cmpint (json_node_get_value_type (json_object_get_member (limit, "value")), ==, G_TYPE_INT64);
  g_assert_cmpint (json_object_get_int_member (limit, "value"), ==, 70);
  endotoxin = json_array_get_object_element (json_object_get_array_member (object, "items"), 12);
  g_assert_cmpstr (json_object_get_string_member (endotoxin, "param"), ==, "endotoxin");
  limit = json_array_get_object_element (json_object_get_array_member (endotoxin, "limits"), 0);
  g_assert_cmpint (json_node_get_value_type (json_object_get_member (limit, "value")), ==, G_TYPE_DOUBLE);
  g_assert_cmpfloat (json_object_get_double_member (limit, "value"), ==, 0.5);

  /* A printed document read back: the approval is not taken from the file. */
  json = st_spec_to_json (spec, TRUE);
  g_assert_nonnull (strstr (json, "\"approved_by\""));
  read_back = st_spec_parse (json, -1, NULL);
  g_assert_nonnull (read_back);
  g_assert_cmpint (read_back->version, ==, 0);
  g_assert_null (read_back->status);
  g_assert_null (read_back->approved_by);
  g_assert_null (read_back->approved_at);
  g_clear_pointer (&spec->status, g_free);
  g_clear_pointer (&spec->approved_by, g_free);
  g_clear_pointer (&spec->approved_at, g_free);
  spec->version = 0;
  g_assert_true (st_spec_equal (spec, read_back));
}

static void
test_meta_unset (void)
{
  g_autoptr(StSpec) spec = load_default_spec ();
  g_autoptr(JsonNode) node = st_spec_to_json_node (spec, TRUE);
  JsonObject *object = json_node_get_object (node);

  g_assert_cmpint (json_object_get_int_member (object, "version"), ==, 0);
  g_assert_true (json_node_is_null (json_object_get_member (object, "status")));
  g_assert_true (json_node_is_null (json_object_get_member (object, "approved_by")));
}

static const struct {
  const char *name;
  const char *json;      /* ' stands for " */
  const char *message;
} bad_files[] = {
  { "not JSON", "{\n  'code': 'X',\n  'title': 'T' =>\n}", "spec: not valid JSON (line 3)" },
  { "empty", "", "spec: the document is empty" },
  { "blank", "  \n ", "spec: the document is empty" },
  { "array", "[1, 2]", "spec: not a JSON object" },
  /* json-glib recurses per level: a deep enough file would overflow the stack. */
  { "nested too deep", "{'code': 'X',\n 'items': [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}",
    "spec: lists and objects nested more than 32 deep (line 2)" },
  { "code missing", "{'title': 'T', 'items': [{'param': 'a', 'type': 'number'}]}",
    "spec: code is missing" },
  { "code not text", "{'code': 3, 'title': 'T', 'items': [{'param': 'a', 'type': 'number'}]}",
    "spec: code must be text" },
  { "code with a space", "{'code': 'MSC REL', 'title': 'T', 'items': [{'param': 'a', 'type': 'number'}]}",
    "spec: code 'MSC REL' may contain only letters, digits, '.', '_' and '-'" },
  { "code with @", "{'code': 'MSC@2', 'title': 'T', 'items': [{'param': 'a', 'type': 'number'}]}",
    "spec: code 'MSC@2' may contain only letters, digits, '.', '_' and '-'" },
  { "title missing", "{'code': 'X', 'items': [{'param': 'a', 'type': 'number'}]}",
    "spec: title is missing" },
  { "title empty", "{'code': 'X', 'title': '', 'items': [{'param': 'a', 'type': 'number'}]}",
    "spec: title must not be empty" },
  { "items missing", "{'code': 'X', 'title': 'T'}", "spec: items is missing" },
  { "items not a list", "{'code': 'X', 'title': 'T', 'items': {}}", "spec: items must be a list" },
  { "items empty", "{'code': 'X', 'title': 'T', 'items': []}",
    "spec: items is empty (a specification needs at least one item)" },
  { "unknown top-level field", "{'code': 'X', 'title': 'T', 'itmes': [], 'items': [{'param': 'a', 'type': 'number'}]}",
    "spec: unknown field 'itmes'" },
  { "top-level field twice", "{'code': 'X', 'code': 'Y', 'title': 'T', 'items': [{'param': 'a', 'type': 'number'}]}",
    "spec: field 'code' appears twice" },
  { "item not an object", "{'code': 'X', 'title': 'T', 'items': ['viability']}",
    "items[0]: not an object" },
  { "param missing", "{'code': 'X', 'title': 'T', 'items': [{'type': 'number'}]}",
    "items[0]: param is missing" },
  { "param upper case", "{'code': 'X', 'title': 'T', 'items': [{'param': 'CD73', 'type': 'number'}]}",
    "items[0]: param 'CD73' is not a valid name (lower-case letters, digits and '_', starting with a letter)" },
  { "param with a dash", "{'code': 'X', 'title': 'T', 'items': [{'param': 'hla-dr', 'type': 'number'}]}",
    "items[0]: param 'hla-dr' is not a valid name (lower-case letters, digits and '_', starting with a letter)" },
  { "param starting with a digit", "{'code': 'X', 'title': 'T', 'items': [{'param': '7aad', 'type': 'number'}]}",
    "items[0]: param '7aad' is not a valid name (lower-case letters, digits and '_', starting with a letter)" },
  { "param empty", "{'code': 'X', 'title': 'T', 'items': [{'param': '', 'type': 'number'}]}",
    "items[0]: param must not be empty" },
  { "unknown type", "{'code': 'X', 'title': 'T', 'items': [{'param': 'a', 'type': 'number'}, "
    "{'param': 'b', 'type': 'number'}, {'param': 'cd73', 'type': 'float'}]}",
    "items[2] cd73: unknown type 'float'" },
  { "type missing", "{'code': 'X', 'title': 'T', 'items': [{'param': 'cd73'}]}",
    "items[0] cd73: type is missing" },
  { "unknown operator", "{'code': 'X', 'title': 'T', 'items': [{'param': 'a', 'type': 'number'}, "
    "{'param': 'b', 'type': 'number'}, {'param': 'c', 'type': 'number'}, {'param': 'd', 'type': 'number'}, "
    "{'param': 'viability', 'type': 'number', 'limits': [{'op': '=>', 'value': 70}]}]}",
    "items[4] viability: unknown operator '=>'" },
  { "limit outside bounds", "{'code': 'X', 'title': 'T', 'items': [{'param': 'a', 'type': 'number'}, "
    "{'param': 'viability', 'type': 'number', 'bounds': [0, 100], 'limits': [{'op': '>=', 'value': 150}]}]}",
    "items[1] viability: limit 150 lies outside the bounds 0..100" },
  { "limit below open bounds", "{'code': 'X', 'title': 'T', 'items': ["
    "{'param': 'endotoxin', 'type': 'number', 'bounds': [0, null], 'limits': [{'op': '<', 'value': -0.5}]}]}",
    "items[0] endotoxin: limit -0.5 lies outside the bounds 0.." },
  { "contradicting limits", "{'code': 'X', 'title': 'T', 'items': [{'param': 'a', 'type': 'number'}, "
    "{'param': 'cell_concentration', 'type': 'number', 'limits': [{'op': '>=', 'value': 3}, {'op': '<=', 'value': 1}]}]}",
    "items[1] cell_concentration: the limits >= 3 and <= 1 contradict each other (no value can satisfy both)" },
  { "exclusive limits meeting", "{'code': 'X', 'title': 'T', 'items': ["
    "{'param': 'a', 'type': 'number', 'limits': [{'op': '<', 'value': 2}, {'op': '>', 'value': 2}]}]}",
    "items[0] a: the limits > 2 and < 2 contradict each other (no value can satisfy both)" },
  { "half-exclusive limits meeting", "{'code': 'X', 'title': 'T', 'items': ["
    "{'param': 'a', 'type': 'number', 'limits': [{'op': '>=', 'value': 2}, {'op': '<', 'value': 2.0}]}]}",
    "items[0] a: the limits >= 2 and < 2 contradict each other (no value can satisfy both)" },
  { "exclusive limit on the bound", "{'code': 'X', 'title': 'T', 'items': ["
    "{'param': 'viability', 'type': 'number', 'bounds': [0, 100], 'limits': [{'op': '>', 'value': 100}]}]}",
    "items[0] viability: no value within the bounds 0..100 can satisfy the limit > 100" },
  { "duplicate item", "{'code': 'X', 'title': 'T', 'items': [{'param': 'a', 'type': 'number'}, "
    "{'param': 'viability', 'type': 'number'}, {'param': 'b', 'type': 'number'}, {'param': 'c', 'type': 'number'}, "
    "{'param': 'd', 'type': 'number'}, {'param': 'viability', 'type': 'number'}]}",
    "items[5] viability: duplicate item" },
  { "accept word not a choice", "{'code': 'X', 'title': 'T', 'items': ["
    "{'param': 'appearance', 'type': 'choice', 'choices': ['conforms', 'does-not-conform'], 'accept': ['ok']}]}",
    "items[0] appearance: accept word 'ok' is not one of its choices" },
  { "choice without choices", "{'code': 'X', 'title': 'T', 'items': ["
    "{'param': 'appearance', 'type': 'choice', 'accept': ['conforms']}]}",
    "items[0] appearance: a choice item needs choices" },
  { "choice with empty choices", "{'code': 'X', 'title': 'T', 'items': ["
    "{'param': 'appearance', 'type': 'choice', 'choices': []}]}",
    "items[0] appearance: a choice item needs choices" },
  { "choice twice", "{'code': 'X', 'title': 'T', 'items': ["
    "{'param': 'appearance', 'type': 'choice', 'choices': ['a', 'b', 'a']}]}",
    "items[0] appearance: choices: 'a' appears twice" },
  { "choices not words", "{'code': 'X', 'title': 'T', 'items': ["
    "{'param': 'appearance', 'type': 'choice', 'choices': ['a', 1]}]}",
    "items[0] appearance: choices must be a list of words" },
  { "choice with limits", "{'code': 'X', 'title': 'T', 'items': ["
    "{'param': 'sterility', 'type': 'choice', 'choices': ['a'], 'limits': [{'op': '>=', 'value': 1}]}]}",
    "items[0] sterility: a choice item has no limits (use accept)" },
  { "choice with bounds", "{'code': 'X', 'title': 'T', 'items': ["
    "{'param': 'sterility', 'type': 'choice', 'choices': ['a'], 'bounds': [0, 1]}]}",
    "items[0] sterility: a choice item has no bounds" },
  { "number with choices", "{'code': 'X', 'title': 'T', 'items': ["
    "{'param': 'viability', 'type': 'number', 'choices': ['high', 'low']}]}",
    "items[0] viability: number items have no choices" },
  { "integer with accept", "{'code': 'X', 'title': 'T', 'items': ["
    "{'param': 'passage', 'type': 'integer', 'accept': ['4']}]}",
    "items[0] passage: integer items have no accept words (use limits)" },
  { "bounds reversed", "{'code': 'X', 'title': 'T', 'items': ["
    "{'param': 'viability', 'type': 'number', 'bounds': [100, 0]}]}",
    "items[0] viability: the bounds 100..0 are reversed (low above high)" },
  { "bounds of one number", "{'code': 'X', 'title': 'T', 'items': ["
    "{'param': 'viability', 'type': 'number', 'bounds': [0]}]}",
    "items[0] viability: bounds must be [low, high] (numbers or null)" },
  { "bounds as text", "{'code': 'X', 'title': 'T', 'items': ["
    "{'param': 'viability', 'type': 'number', 'bounds': ['0', '100']}]}",
    "items[0] viability: bounds must be [low, high] (numbers or null)" },
  { "misspelt limits", "{'code': 'X', 'title': 'T', 'items': ["
    "{'param': 'viability', 'type': 'number', 'limts': [{'op': '>=', 'value': 70}]}]}",
    "items[0] viability: unknown field 'limts'" },
  { "limits twice", "{'code': 'X', 'title': 'T', 'items': ["
    "{'param': 'viability', 'type': 'number', 'limits': [{'op': '>=', 'value': 70}], 'limits': []}]}",
    "items[0] viability: field 'limits' appears twice" },
  { "limits not a list", "{'code': 'X', 'title': 'T', 'items': ["
    "{'param': 'viability', 'type': 'number', 'limits': {'op': '>=', 'value': 70}}]}",
    "items[0] viability: limits must be a list" },
  { "limit not an object", "{'code': 'X', 'title': 'T', 'items': ["
    "{'param': 'viability', 'type': 'number', 'limits': ['>= 70']}]}",
    "items[0] viability: limits[0] must be an object with op and value" },
  { "limit op missing", "{'code': 'X', 'title': 'T', 'items': ["
    "{'param': 'viability', 'type': 'number', 'limits': [{'value': 70}]}]}",
    "items[0] viability: limits[0]: op is missing" },
  { "limit value missing", "{'code': 'X', 'title': 'T', 'items': ["
    "{'param': 'viability', 'type': 'number', 'limits': [{'op': '>='}]}]}",
    "items[0] viability: limits[0]: value is missing" },
  { "limit value as text", "{'code': 'X', 'title': 'T', 'items': ["
    "{'param': 'viability', 'type': 'number', 'limits': [{'op': '>=', 'value': 70}, {'op': '<=', 'value': '99'}]}]}",
    "items[0] viability: limits[1]: value must be a number" },
  { "limit value too large", "{'code': 'X', 'title': 'T', 'items': ["
    "{'param': 'viability', 'type': 'number', 'limits': [{'op': '>=', 'value': 1e300}]}]}",
    "items[0] viability: limits[0]: value is out of range" },
  /* json-glib 1.6 would store it as "3e-10.0", a document that never reads back. */
  { "limit value not writable", "{'code': 'X', 'title': 'T', 'items': ["
    "{'param': 'endotoxin', 'type': 'number', 'limits': [{'op': '<', 'value': 3e-10}]}]}",
    "items[0] endotoxin: limits[0]: value is out of range" },
  { "limit field misspelt", "{'code': 'X', 'title': 'T', 'items': ["
    "{'param': 'viability', 'type': 'number', 'limits': [{'op': '>=', 'val': 70}]}]}",
    "items[0] viability: limits[0]: unknown field 'val'" },
  { "limit field twice", "{'code': 'X', 'title': 'T', 'items': ["
    "{'param': 'viability', 'type': 'number', 'limits': [{'op': '>=', 'value': 70, 'op': '<='}]}]}",
    "items[0] viability: limits[0]: field 'op' appears twice" },
  { "integer limit not whole", "{'code': 'X', 'title': 'T', 'items': ["
    "{'param': 'passage', 'type': 'integer', 'limits': [{'op': '<=', 'value': 4.5}]}]}",
    "items[0] passage: limit 4.5 is not a whole number" },
  { "integer bound not whole", "{'code': 'X', 'title': 'T', 'items': ["
    "{'param': 'passage', 'type': 'integer', 'bounds': [0.5, null]}]}",
    "items[0] passage: bound 0.5 is not a whole number" },
  { "flag not boolean", "{'code': 'X', 'title': 'T', 'items': ["
    "{'param': 'sterility', 'type': 'choice', 'choices': ['a'], 'may_be_pending': 'yes'}]}",
    "items[0] sterility: may_be_pending must be true or false" },
  { "unit empty", "{'code': 'X', 'title': 'T', 'items': ["
    "{'param': 'viability', 'unit': '', 'type': 'number'}]}",
    "items[0] viability: unit must not be empty" },
  { "method not text", "{'code': 'X', 'title': 'T', 'items': ["
    "{'param': 'viability', 'method': ['a'], 'type': 'number'}]}",
    "items[0] viability: method must be text" },
};

static void
test_bad_files (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (bad_files); i++)
    {
      g_autofree char *json = doc (bad_files[i].json);
      g_autoptr(GError) error = NULL;
      g_autoptr(StSpec) spec = NULL;

      g_test_message ("%s", bad_files[i].name);
      spec = st_spec_parse (json, -1, &error);
      g_assert_null (spec);
      g_assert_error (error, ST_SPEC_ERROR, ST_SPEC_ERROR_INVALID_FILE);
      g_assert_cmpstr (error->message, ==, bad_files[i].message);
    }
}

/* Every cut of the default file short of its end is refused, never read as
 * a smaller specification. */
static void
test_truncated_files (void)
{
  gsize length = 0;
  g_autofree char *contents = read_default_text (&length);
  gsize end = length;

  while (end > 0 && g_ascii_isspace (contents[end - 1]))
    end--;
  for (gsize cut = 0; cut < end; cut++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(StSpec) spec = st_spec_parse (contents, (gssize) cut, &error);

      g_assert_null (spec);
      g_assert_error (error, ST_SPEC_ERROR, ST_SPEC_ERROR_INVALID_FILE);
      g_assert_true (g_str_has_prefix (error->message, "spec: "));
      if (cut > 0)
        g_assert_true (g_str_has_prefix (error->message, "spec: not valid JSON (line "));
    }
}

static void
test_meta_fields_ignored (void)
{
  g_autofree char *json = doc (
    "{'code': 'X', 'title': 'T', 'version': 7, 'status': 'approved', 'approved_by': 'mallory',"
    " 'approved_at': '2020-01-01T00:00:00Z', 'items': [{'param': 'a', 'type': 'number'}]}");
  g_autoptr(GError) error = NULL;
  g_autoptr(StSpec) spec = st_spec_parse (json, -1, &error);

  g_assert_no_error (error);
  g_assert_cmpint (spec->version, ==, 0);
  g_assert_null (spec->status);
  g_assert_null (spec->approved_by);
  g_assert_null (spec->approved_at);
  g_assert_cmpuint (spec->items->len, ==, 1);
}

static void
test_built_by_hand (void)
{
  g_autoptr(StSpec) spec = st_spec_new ();
  StSpecItem *it = st_spec_item_new ();
  g_autofree char *json = NULL;
  g_autoptr(StSpec) parsed = NULL;
  g_autoptr(GError) error = NULL;
  StLimitOp op;

  spec->code = g_strdup ("HAND");
  spec->title = g_strdup ("By hand");
  it->param = g_strdup ("viability");
  it->test = g_strdup ("Viability");
  it->unit = g_strdup ("%");
  it->type = ST_ITEM_NUMBER;
  it->bound_low = g_strdup ("0");
  it->bound_high = g_strdup ("100");
  g_ptr_array_add (it->limits, st_limit_new (ST_LIMIT_GT, "70.5"));
  g_ptr_array_add (spec->items, it);

  json = st_spec_to_json (spec, FALSE);
  parsed = st_spec_parse (json, -1, &error);
  g_assert_no_error (error);
  g_assert_true (st_spec_equal (spec, parsed));
  g_assert_cmpint (st_spec_item_judge (item (parsed, "viability"), "70.5"), ==, ST_VERDICT_OOS);
  g_assert_cmpint (st_spec_item_judge (item (parsed, "viability"), "70.51"), ==, ST_VERDICT_CONFORM);

  g_assert_true (st_limit_op_from_string ("<", &op));
  g_assert_cmpint (op, ==, ST_LIMIT_LT);
  g_assert_false (st_limit_op_from_string ("=<", &op));
  g_assert_false (st_limit_op_from_string ("=", &op));
  g_assert_cmpstr (st_item_type_to_string (ST_ITEM_INTEGER), ==, "integer");
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/spec/default-loads", test_default_loads);
  g_test_add_func ("/core/spec/default-boundaries", test_default_boundaries);
  g_test_add_func ("/core/spec/every-operator", test_every_operator);
  g_test_add_func ("/core/spec/default-item-verdicts", test_default_item_verdicts);
  g_test_add_func ("/core/spec/choice-items", test_choice_items);
  g_test_add_func ("/core/spec/report-only", test_report_only);
  g_test_add_func ("/core/spec/pending", test_pending);
  g_test_add_func ("/core/spec/lot-verdict", test_lot_verdict);
  g_test_add_func ("/core/spec/limit-text", test_limit_text);
  g_test_add_func ("/core/spec/check-value", test_check_value);
  g_test_add_func ("/core/spec/text-kept-as-entered", test_text_kept_as_entered);
  g_test_add_func ("/core/spec/round-trip", test_round_trip);
  g_test_add_func ("/core/spec/round-trip-awkward-values", test_round_trip_awkward_values);
  g_test_add_func ("/core/spec/meta", test_meta);
  g_test_add_func ("/core/spec/meta-unset", test_meta_unset);
  g_test_add_func ("/core/spec/meta-fields-ignored", test_meta_fields_ignored);
  g_test_add_func ("/core/spec/bad-files", test_bad_files);
  g_test_add_func ("/core/spec/truncated-files", test_truncated_files);
  g_test_add_func ("/core/spec/built-by-hand", test_built_by_hand);
  return g_test_run ();
}
