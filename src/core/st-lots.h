/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "st-evaluate.h"
#include "st-session.h"
#include "st-store-lots.h"

G_BEGIN_DECLS

#define ST_LOTS_ERROR (st_lots_error_quark ())
GQuark st_lots_error_quark (void);

typedef enum {
  /* A value is missing or breaks its rule (bounds, type, date...). */
  ST_LOTS_ERROR_INVALID = 200,
  /* No lot, donor, specification or parameter of that name. */
  ST_LOTS_ERROR_NOT_FOUND = 201,
  /* A lot or passage of that number exists already, or a result was
   * recorded already (corrections go through correct, with a reason). */
  ST_LOTS_ERROR_EXISTS = 202,
  /* The lot is released or rejected: its data are locked. */
  ST_LOTS_ERROR_LOCKED = 300,
  /* The lot's state does not allow this action now. */
  ST_LOTS_ERROR_STATE = 301,
} StLotsError;

#define ST_DEFAULT_SPEC_CODE "MSC-REL"

/* Everything a lot's record holds, read in one snapshot. */
typedef struct {
  StLotRecord *record;
  GPtrArray *donors;        /* StDonorRecord */
  GPtrArray *passages;      /* StPassageRecord */
  GPtrArray *results;       /* StResultRecord, superseded ones too */
  GPtrArray *deviations;    /* StDeviationRecord */
  GPtrArray *signatures;    /* StSignatureRecord */
  StLotCheck *check;
} StLot;

void st_lot_free (StLot *lot);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (StLot, st_lot_free)

/* Operators create lots.  @spec_ref is "CODE" (newest approved version),
 * "CODE@VERSION" (an approved version) or NULL (MSC-REL). */
gboolean    st_lots_create   (StSession          *session,
                              const char         *lot_number,
                              const char         *product,
                              const char * const *donor_codes,
                              const char         *spec_ref,
                              GError            **error);
StLot      *st_lots_get      (StSession          *session,
                              const char         *lot_number,
                              GError            **error);
StLotCheck *st_lots_check    (StSession          *session,
                              const char         *lot_number,
                              GError            **error);
/* Every lot (of @status when not NULL), newest first, streamed. */
gboolean    st_lots_foreach  (StSession          *session,
                              const char         *status,
                              StLotFunc           func,
                              gpointer            user_data,
                              GError            **error);
gboolean    st_lots_status_is_known (const char  *status);

/* Data entry (st-lot-data.c). */
typedef struct {
  const char *number;
  const char *seeded;
  const char *harvested;
  const char *seeded_on;
  const char *harvested_on;
} StPassageInput;

typedef struct {
  const char *param;
  const char *value;        /* canonical decimal text ('.'), or a choice word */
  const char *method;       /* optional */
  const char *reason;       /* required when it changes a saved value */
} StResultInput;

gboolean    st_lots_add_passage    (StSession            *session,
                                    const char           *lot_number,
                                    const StPassageInput *input,
                                    GError              **error);
/* All entries in one transaction: new results are recorded, changed ones
 * corrected (with their reason), unchanged ones left alone. */
gboolean    st_lots_save_results   (StSession            *session,
                                    const char           *lot_number,
                                    const StResultInput  *entries,
                                    guint                 n_entries,
                                    GError              **error);
/* A first result; refused when one exists (correct it instead). */
gboolean    st_lots_record_result  (StSession            *session,
                                    const char           *lot_number,
                                    const char           *param,
                                    const char           *value,
                                    const char           *method,
                                    GError              **error);
/* A correction: the old value stays in the record, superseded. */
gboolean    st_lots_correct_result (StSession            *session,
                                    const char           *lot_number,
                                    const char           *param,
                                    const char           *value,
                                    const char           *reason,
                                    GError              **error);

G_END_DECLS
