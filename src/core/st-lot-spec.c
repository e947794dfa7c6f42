/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "st-lot-spec.h"

#include "st-evaluate.h"
#include "st-store-specs.h"

const StSpec *
st_lot_spec_get (StSession  *session,
                 gint64      spec_id,
                 GError    **error)
{
  const StSpec *spec;

  if (!st_session_begin_read (session, error))
    return NULL;
  spec = st_evaluate_spec (st_session_get_db (session), spec_id, error);
  st_session_end_read (session);
  return spec;
}

GStrv
st_lot_spec_choices (StSession  *session,
                     GError    **error)
{
  g_autoptr(GPtrArray) specs = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  if (!st_session_begin_read (session, error))
    return NULL;
  specs = st_store_specs_list (st_session_get_db (session), error);
  st_session_end_read (session);
  if (specs == NULL)
    return NULL;

  /* The store lists by code, then version: each code's run backwards. */
  for (guint start = 0; start < specs->len;)
    {
      const StSpecRecord *first = g_ptr_array_index (specs, start);
      guint end = start + 1;

      while (end < specs->len && g_str_equal (((StSpecRecord *) g_ptr_array_index (specs, end))->code, first->code))
        end++;
      for (guint i = end; i > start; i--)
        {
          const StSpecRecord *spec = g_ptr_array_index (specs, i - 1);
          g_autofree char *ref = NULL;

          if (!g_str_equal (spec->status, "approved"))
            continue;
          ref = g_strdup_printf ("%s@%" G_GINT64_FORMAT, spec->code, spec->version);
          g_strv_builder_add (builder, ref);
        }
      start = end;
    }
  return g_strv_builder_end (builder);
}
