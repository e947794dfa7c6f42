/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "fuzz-common.h"
#include "st-decimal.h"
#include "st-spec.h"

/*
 * The specification file reader (what `spec import` reads, an
 * administrator's file): any bytes are refused with a 2xx error naming the
 * subject, never a crash.  What it accepts must survive its own writer: the
 * JSON written for an accepted document reads back as an equal
 * specification, and every item can be shown and judged.
 */

static const char *const probe_values[] = {
  "", "0", "-1", "70", "69.99", "1e5", "12,5", "no-growth", "conforms", "99999999999999999999", NULL,
};

static void
exercise_item (const StSpecItem *item)
{
  g_autofree char *limit_text = st_spec_item_limit_text (item);
  g_autofree char *limit_text_c = st_spec_item_limit_text_c (item);
  const char *own[3] = { item->bound_low, item->bound_high, NULL };

  FUZZ_ASSERT (limit_text != NULL && g_utf8_validate (limit_text, -1, NULL));
  FUZZ_ASSERT (limit_text_c != NULL && g_utf8_validate (limit_text_c, -1, NULL));
  for (guint i = 0; probe_values[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;
      gboolean ok = st_spec_item_check_value (item, probe_values[i], &error);

      FUZZ_ASSERT (ok == (error == NULL));
      (void) st_spec_item_judge (item, probe_values[i]);
    }
  for (guint i = 0; i < 2; i++)
    if (own[i] != NULL)
      {
        /* A bound is a value the item takes. */
        g_autoptr(GError) error = NULL;
        FUZZ_ASSERT (st_decimal_is_valid (own[i]));
        (void) st_spec_item_check_value (item, own[i], &error);
        (void) st_spec_item_judge (item, own[i]);
      }
  for (guint i = 0; item->limits != NULL && i < item->limits->len; i++)
    {
      const StLimit *limit = g_ptr_array_index (item->limits, i);
      FUZZ_ASSERT (st_decimal_is_valid (limit->value));
      (void) st_spec_item_judge (item, limit->value);
    }
  for (guint i = 0; item->choices != NULL && item->choices[i] != NULL; i++)
    (void) st_spec_item_judge (item, item->choices[i]);
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(StSpec) spec = NULL;
  g_autoptr(StSpec) again = NULL;
  g_autoptr(StSpec) copy = NULL;
  g_autofree char *json = NULL;

  fuzz_init ();
  if (size > G_MAXSSIZE)
    return 0;
  spec = st_spec_parse ((const char *) data, (gssize) size, &error);
  if (spec == NULL)
    {
      FUZZ_ASSERT (error != NULL);
      FUZZ_ASSERT (error->domain == ST_SPEC_ERROR && error->code / 100 == 2);
      FUZZ_ASSERT (g_utf8_validate (error->message, -1, NULL));
      return 0;
    }
  FUZZ_ASSERT (error == NULL);
  FUZZ_ASSERT (spec->items->len > 0);

  json = st_spec_to_json (spec, FALSE);
  again = st_spec_parse (json, -1, &error);
  if (again == NULL)
    fuzz_fail ("an accepted specification does not read back: %s\n%s", error->message, json);
  FUZZ_ASSERT (st_spec_equal (spec, again));
  copy = st_spec_copy (spec);
  FUZZ_ASSERT (st_spec_equal (spec, copy));

  for (guint i = 0; i < spec->items->len; i++)
    {
      const StSpecItem *item = g_ptr_array_index (spec->items, i);
      FUZZ_ASSERT (st_spec_find_item (spec, item->param) == item);
      exercise_item (item);
    }
  return 0;
}
