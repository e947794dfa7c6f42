/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "st-db.h"
#include "st-spec.h"

G_BEGIN_DECLS

/*
 * A lot judged against the specification version it was pinned to: every
 * item with its current value and verdict, the derived items computed from
 * the passages, and the donors' eligibility.  The lot's verdict is kept in
 * the lots table (refreshed in the same transaction as every change it
 * depends on) so that lists need not judge 100,000 lots.
 */

typedef struct {
  char *param;
  char *test;
  char *method;
  char *unit;
  char *limit;              /* ">= 70", "no-growth", "report only" */
  char *value;              /* as entered, or derived; NULL when missing */
  char *detail;             /* what a person should know beyond the value (donors) */
  StVerdict verdict;
  gboolean derived;
  gboolean may_be_pending;
  gboolean corrected;       /* the value replaced an earlier entry */
  gint64 result_id;         /* 0 when there is no result row */
} StCheckItem;

typedef struct {
  gint64 lot_id;
  char *lot;
  gint64 spec_id;
  char *spec_code;
  gint64 spec_version;
  StLotVerdict verdict;
  GPtrArray *items;         /* StCheckItem: the specification's order, then "donors" */
  char *passage;            /* derived: highest passage, NULL without passages */
  char *cumulative_pd;      /* derived: sum of log2 (harvested / seeded), 2 decimals */
} StLotCheck;

void st_lot_check_free (StLotCheck *check);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (StLotCheck, st_lot_check_free)

/* The specification version @spec_id, parsed once per connection. */
const StSpec *st_evaluate_spec               (StDb    *db,
                                              gint64   spec_id,
                                              GError **error);
StLotCheck   *st_evaluate_lot                (StDb    *db,
                                              gint64   lot_id,
                                              GError **error);
/* Judges the lot and stores its verdict; @check (optional) receives it. */
gboolean      st_evaluate_refresh            (StDb        *db,
                                              gint64       lot_id,
                                              StLotCheck **check,
                                              GError     **error);
/*
 * For a series of changes in one write transaction (the demo generator's
 * batches): from st_evaluate_defer() on, st_evaluate_refresh() without
 * @check only notes the lot, and st_evaluate_flush() judges each noted lot
 * once and stores its verdict, which must happen before the commit (a
 * refresh with @check judges at once, which does for a lot noted before).  The
 * verdict is derived from the lot's records alone, so judging once after
 * the last change stores what judging after every change would.
 */
void          st_evaluate_defer              (StDb    *db);
gboolean      st_evaluate_flush              (StDb    *db,
                                              GError **error);
/* After a donor's eligibility changed: every lot made from the donor. */
gboolean      st_evaluate_refresh_donor_lots (StDb    *db,
                                              gint64   donor_id,
                                              GError **error);
/* The item of @param in @check, or NULL. */
const StCheckItem *st_lot_check_find         (const StLotCheck *check,
                                              const char       *param);

/* Derived values of a lot's passages. */
double        st_evaluate_population_doublings (gint64 seeded,
                                                gint64 harvested);

G_END_DECLS
