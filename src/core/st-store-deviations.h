/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "st-db.h"

G_BEGIN_DECLS

typedef struct {
  gint64 number;
  gint64 lot_id;
  char *lot_number;
  char *severity;           /* minor | major | critical (the column 'class') */
  char *status;             /* open | closed */
  char *text;
  gint64 opened_by;
  char *opened_by_name;
  char *opened_at;
  char *assessment;
  gint64 closed_by;
  char *closed_by_name;
  char *closed_at;
} StDeviationRecord;

void st_deviation_record_free (StDeviationRecord *record);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (StDeviationRecord, st_deviation_record_free)

StDeviationRecord *st_store_deviations_get    (StDb              *db,
                                               gint64             number,
                                               GError           **error);
/* Of one lot (@lot_id > 0) or all, by number. */
GPtrArray         *st_store_deviations_list   (StDb              *db,
                                               gint64             lot_id,
                                               GError           **error);
gboolean           st_store_deviations_insert (StDb              *db,
                                               StDeviationRecord *record,
                                               GError           **error);
gboolean           st_store_deviations_close  (StDb              *db,
                                               gint64             number,
                                               const char        *assessment,
                                               gint64             closed_by,
                                               const char        *closed_at,
                                               GError           **error);

G_END_DECLS
