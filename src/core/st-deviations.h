/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "st-session.h"
#include "st-store-deviations.h"
#include "st-store-lots.h"

G_BEGIN_DECLS

#define ST_DEVIATIONS_ERROR (st_deviations_error_quark ())
GQuark st_deviations_error_quark (void);

typedef enum {
  /* A class, text or assessment is missing or not allowed. */
  ST_DEVIATIONS_ERROR_INVALID = 200,
  /* No deviation (or lot) of that number. */
  ST_DEVIATIONS_ERROR_NOT_FOUND = 201,
  /* The deviation is closed already. */
  ST_DEVIATIONS_ERROR_CLOSED = 300,
} StDeviationsError;

/* Operators, reviewers and QPs open deviations; @number receives its number. */
gboolean   st_deviations_open   (StSession   *session,
                                 const char  *lot_number,
                                 const char  *severity,
                                 const char  *text,
                                 gint64      *number,
                                 GError     **error);
/* Reviewers and QPs close them with an assessment. */
gboolean   st_deviations_close  (StSession   *session,
                                 gint64       number,
                                 const char  *assessment,
                                 GError     **error);
/* StDeviationRecord of one lot, or of all lots when @lot_number is NULL. */
GPtrArray *st_deviations_list   (StSession   *session,
                                 const char  *lot_number,
                                 GError     **error);

/* Within a running transaction: opens a deviation that the system raises
 * (a failed pending result after an initial certification). */
gboolean   st_deviations_append (StSession         *session,
                                 const StLotRecord *lot,
                                 const char        *severity,
                                 const char        *text,
                                 gint64            *number,
                                 GError           **error);

G_END_DECLS
