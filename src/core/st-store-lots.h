/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "st-db.h"
#include "st-store-donors.h"

G_BEGIN_DECLS

typedef struct {
  gint64 id;
  char *lot_number;
  char *product;
  gint64 spec_id;
  char *spec_code;
  gint64 spec_version;
  char *status;
  char *verdict;            /* conform | oos | incomplete, kept current */
  char *flag;               /* e.g. a pending result failed after initial release */
  gint64 created_by;
  char *created_by_name;
  char *created_at;
  char *released_at;
} StLotRecord;

typedef struct {
  gint64 id;
  gint64 lot_id;
  gint64 number;
  gint64 seeded;
  gint64 harvested;
  char *seeded_on;
  char *harvested_on;
  gint64 entered_by;
  char *entered_by_name;
  char *entered_at;
} StPassageRecord;

typedef struct {
  gint64 id;
  gint64 lot_id;
  char *param;
  char *value;              /* the text as entered */
  char *method;
  gint64 entered_by;
  char *entered_by_name;
  char *entered_at;
  gint64 supersedes;        /* 0 for a first entry */
  char *reason;
  gboolean superseded;
} StResultRecord;

void st_lot_record_free     (StLotRecord *record);
void st_passage_record_free (StPassageRecord *record);
void st_result_record_free  (StResultRecord *record);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (StLotRecord, st_lot_record_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (StPassageRecord, st_passage_record_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (StResultRecord, st_result_record_free)

/* NULL without an error when there is none. */
StLotRecord *st_store_lots_find         (StDb          *db,
                                         const char    *lot_number,
                                         GError       **error);
StLotRecord *st_store_lots_get          (StDb          *db,
                                         gint64         id,
                                         GError       **error);
gboolean     st_store_lots_insert       (StDb          *db,
                                         StLotRecord   *record,
                                         GError       **error);
gboolean     st_store_lots_add_donor    (StDb          *db,
                                         gint64         lot_id,
                                         gint64         donor_id,
                                         gint64         position,
                                         GError       **error);
/* The lot's donors, in the order they were given. */
GPtrArray   *st_store_lots_donors       (StDb          *db,
                                         gint64         lot_id,
                                         GError       **error);
gboolean     st_store_lots_set_status   (StDb          *db,
                                         gint64         lot_id,
                                         const char    *status,
                                         const char    *released_at,
                                         GError       **error);
gboolean     st_store_lots_set_verdict  (StDb          *db,
                                         gint64         lot_id,
                                         const char    *verdict,
                                         GError       **error);
gboolean     st_store_lots_set_flag     (StDb          *db,
                                         gint64         lot_id,
                                         const char    *flag,
                                         GError       **error);

/* Every lot (of one status when @status is not NULL), newest first; the
 * record is only valid during the call. */
typedef gboolean (*StLotFunc) (const StLotRecord *lot,
                               gpointer           user_data,
                               GError           **error);
gboolean     st_store_lots_foreach      (StDb          *db,
                                         const char    *status,
                                         StLotFunc      func,
                                         gpointer       user_data,
                                         GError       **error);

GPtrArray   *st_store_lots_passages     (StDb            *db,
                                         gint64           lot_id,
                                         GError         **error);
gboolean     st_store_lots_passage_exists (StDb          *db,
                                           gint64         lot_id,
                                           gint64         number,
                                           gboolean      *exists,
                                           GError       **error);
gboolean     st_store_lots_insert_passage (StDb            *db,
                                           StPassageRecord *record,
                                           GError         **error);

/* Every result of the lot, superseded ones too, by parameter then entry. */
GPtrArray   *st_store_lots_results      (StDb            *db,
                                         gint64           lot_id,
                                         GError         **error);
/* The current (not superseded) result, or NULL without an error. */
StResultRecord *st_store_lots_current_result (StDb       *db,
                                              gint64      lot_id,
                                              const char *param,
                                              GError    **error);
gboolean     st_store_lots_insert_result (StDb           *db,
                                          StResultRecord *record,
                                          GError        **error);
/* Whether @user_id created the lot or entered any of its data. */
gboolean     st_store_lots_user_entered_data (StDb      *db,
                                              gint64     lot_id,
                                              gint64     user_id,
                                              gboolean  *entered,
                                              GError   **error);

G_END_DECLS
