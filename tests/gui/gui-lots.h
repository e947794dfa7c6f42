/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/*
 * Lots with data for the GUI tests, made with the core on the fixture's
 * site: every result of MSC-REL v1 conforming unless told otherwise, two
 * passages (the last harvested @harvest_days_ago days ago), then as far
 * through the life cycle as asked.
 */

#include <string.h>

#include "gui-fixture.h"
#include "st-lots.h"
#include "st-value.h"
#include "st-workflow.h"

typedef enum {
  GUI_LOT_OPEN,
  GUI_LOT_IN_REVIEW,
  GUI_LOT_REVIEWED,
} GuiLotStage;

/* "YYYY-MM-DD" @days_ago before today. */
G_GNUC_UNUSED static char *
gui_date (guint days_ago)
{
  GDate date;

  st_value_today (&date);
  g_date_subtract_days (&date, days_ago);
  return g_strdup_printf ("%04d-%02d-%02d", g_date_get_year (&date), g_date_get_month (&date),
                          g_date_get_day (&date));
}

/* @skip: NULL-terminated items left out; @override: "param=value" pairs;
 * @reviewer: a session signed in as the reviewer (for GUI_LOT_REVIEWED). */
G_GNUC_UNUSED static void
gui_make_lot (GuiFixture         *fixture,
              StSession          *reviewer,
              const char         *lot,
              const char * const *skip,
              const char * const *override,
              guint               harvest_days_ago,
              GuiLotStage         stage)
{
  static const char *const conforming[][2] = {
    { "appearance", "conforms" }, { "viability", "92.5" }, { "cell_concentration", "1.8" },
    { "cd73", "98.1" }, { "cd90", "97.4" }, { "cd105", "96.2" }, { "cd45", "0.8" }, { "cd34", "0.4" },
    { "cd14", "0.6" }, { "cd19", "0.3" }, { "hla_dr", "0.9" }, { "sterility", "no-growth" },
    { "endotoxin", "0.1" }, { "mycoplasma", "not-detected" }, { "potency_mlr", "45" },
  };
  const char *donors[] = { "DONOR-A", NULL };
  g_autoptr(GArray) entries = g_array_new (FALSE, TRUE, sizeof (StResultInput));
  g_autofree char *d1 = gui_date (harvest_days_ago + 14);
  g_autofree char *d2 = gui_date (harvest_days_ago + 7);
  g_autofree char *d3 = gui_date (harvest_days_ago);
  StPassageInput p1 = { "1", "5000000", "40000000", d1, d2 };
  StPassageInput p2 = { "2", "10000000", "160000000", d2, d3 };
  GError *error = NULL;

  st_lots_create (fixture->session, lot, NULL, donors, NULL, &error);
  g_assert_no_error (error);
  st_lots_add_passage (fixture->session, lot, &p1, &error);
  g_assert_no_error (error);
  st_lots_add_passage (fixture->session, lot, &p2, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (conforming); i++)
    {
      StResultInput entry = { .param = conforming[i][0], .value = conforming[i][1] };

      if (skip != NULL && g_strv_contains (skip, entry.param))
        continue;
      for (guint j = 0; override != NULL && override[j] != NULL; j++)
        {
          gsize n = strlen (entry.param);
          if (strncmp (override[j], entry.param, n) == 0 && override[j][n] == '=')
            entry.value = override[j] + n + 1;
        }
      g_array_append_val (entries, entry);
    }
  st_lots_save_results (fixture->session, lot, (StResultInput *) entries->data, entries->len, &error);
  g_assert_no_error (error);
  if (stage >= GUI_LOT_IN_REVIEW)
    {
      st_workflow_submit (fixture->session, lot, &error);
      g_assert_no_error (error);
    }
  if (stage >= GUI_LOT_REVIEWED)
    {
      st_workflow_review (reviewer, lot, GUI_PASSWORD, &error);
      g_assert_no_error (error);
    }
}
