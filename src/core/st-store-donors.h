/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "st-db.h"

G_BEGIN_DECLS

typedef struct {
  gint64 id;
  char *code;
  gint64 birth_year;
  char *sex;
  char *consent_date;       /* may be NULL */
  gboolean htlv_required;
  char *eligibility;        /* eligible | ineligible | incomplete, kept current */
  gint64 created_by;
  char *created_by_name;
  char *created_at;
} StDonorRecord;

typedef struct {
  gint64 id;
  gint64 donor_id;
  char *marker;
  char *result;
  char *sampled_on;
  gint64 entered_by;
  char *entered_by_name;
  char *entered_at;
} StDonorTestRecord;

void st_donor_record_free      (StDonorRecord *record);
void st_donor_test_record_free (StDonorTestRecord *record);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (StDonorRecord, st_donor_record_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (StDonorTestRecord, st_donor_test_record_free)

/* NULL without an error when there is none. */
StDonorRecord *st_store_donors_find          (StDb               *db,
                                              const char         *code,
                                              GError            **error);
/* Every donor, by code. */
GPtrArray     *st_store_donors_list          (StDb               *db,
                                              GError            **error);
gboolean       st_store_donors_insert        (StDb               *db,
                                              StDonorRecord      *record,
                                              GError            **error);
gboolean       st_store_donors_set_eligibility (StDb             *db,
                                                gint64            donor_id,
                                                const char       *eligibility,
                                                GError          **error);
/* A donor's tests by sample date, then entry. */
GPtrArray     *st_store_donors_tests         (StDb               *db,
                                              gint64              donor_id,
                                              GError            **error);
gboolean       st_store_donors_insert_test   (StDb               *db,
                                              StDonorTestRecord  *record,
                                              GError            **error);
/* The ids of the lots made from this donor. */
GArray        *st_store_donors_lot_ids       (StDb               *db,
                                              gint64              donor_id,
                                              GError            **error);

G_END_DECLS
