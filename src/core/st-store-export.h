/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "st-audit.h"
#include "st-db.h"
#include "st-store-audit.h"
#include "st-store-deviations.h"
#include "st-store-donors.h"
#include "st-store-specs.h"

G_BEGIN_DECLS

/*
 * The queries of the regulator's workbook.  Each sheet is one statement,
 * prepared once and stepped row by row in the sheet's order, so that a
 * site of any size is exported in constant memory.  The rows handed to the
 * callbacks borrow the statement's strings: they are valid only during the
 * call.  A callback returns FALSE (with @error set) to stop.
 *
 * The scope:
 * - lots in scope: those named (all when @lots is NULL) that were created in
 *   [@from, @before);
 * - passages, results, deviations: of the lots in scope;
 * - donors and specification versions: every one when nothing narrows the
 *   scope, else those of the lots in scope;
 * - signatures: of the lots and specification versions in scope;
 * - audit trail: every entry of a lot in scope; without a list of lots also
 *   every entry made in [@from, @before).
 */
typedef struct {
  const char *const *lots;  /* lot numbers; NULL: every lot */
  guint n_lots;
  const char *from;         /* "YYYY-MM-DD", inclusive; NULL: no lower bound */
  const char *before;       /* "YYYY-MM-DD", exclusive; NULL: no upper bound */
} StExportFilter;

typedef struct {
  gint64 lots;
  gint64 donors;
  gint64 passages;
  gint64 results;
  gint64 deviations;
  gint64 signatures;
  gint64 audit;
  gint64 specs;             /* versions, not items */
} StExportCounts;

gboolean st_store_export_count       (StDb                  *db,
                                      const StExportFilter  *filter,
                                      StExportCounts        *counts,
                                      GError               **error);

/* The audit chain head as the snapshot sees it (never locking it, unlike
 * st_store_audit_read_head: an export must not hold up writers). */
gboolean st_store_export_chain_head  (StDb                  *db,
                                      gint64                *seq,
                                      char                 **hash,
                                      GError               **error);

/* The lot numbers of @filter's list that do not exist (NULL-terminated,
 * empty when all exist). */
GStrv    st_store_export_missing_lots (StDb                 *db,
                                       const StExportFilter *filter,
                                       GError              **error);

typedef struct {
  gint64 id;
  const char *lot_number;
  const char *product;
  gint64 spec_id;
  const char *spec_code;
  gint64 spec_version;
  const char *status;
  const char *verdict;
  const char *flag;
  const char *created_by;     /* user name */
  const char *created_at;
  const char *released_at;
  const char *key_value;      /* the current result of the key parameter, or NULL */
} StExportLotRow;

typedef gboolean (*StExportLotFunc) (const StExportLotRow *row, gpointer user_data, GError **error);
/* By lot number; @key_param names the result given in key_value. */
gboolean st_store_export_lots        (StDb                  *db,
                                      const StExportFilter  *filter,
                                      const char            *key_param,
                                      StExportLotFunc        func,
                                      gpointer               user_data,
                                      GError               **error);
/* Appends the lot's donor codes, in the order given, separated by ", ". */
gboolean st_store_export_lot_donors  (StDb                  *db,
                                      gint64                 lot_id,
                                      GString               *codes,
                                      GError               **error);

/* By donor code; created_by_name is the user name, created_by is 0. */
typedef gboolean (*StExportDonorFunc) (const StDonorRecord *row, gpointer user_data, GError **error);
gboolean st_store_export_donors      (StDb                  *db,
                                      const StExportFilter  *filter,
                                      StExportDonorFunc      func,
                                      gpointer               user_data,
                                      GError               **error);
/* A donor's tests by sample date, then entry (the last of a marker is its
 * latest result). */
typedef gboolean (*StExportDonorTestFunc) (const char *marker, const char *result,
                                           const char *sampled_on, gpointer user_data,
                                           GError **error);
gboolean st_store_export_donor_tests (StDb                  *db,
                                      gint64                 donor_id,
                                      StExportDonorTestFunc  func,
                                      gpointer               user_data,
                                      GError               **error);

typedef struct {
  const char *lot_number;
  gint64 number;
  gint64 seeded;
  gint64 harvested;
  const char *seeded_on;
  const char *harvested_on;
  const char *entered_by;
  const char *entered_at;
} StExportPassageRow;

typedef gboolean (*StExportPassageFunc) (const StExportPassageRow *row, gpointer user_data, GError **error);
/* By lot number, then passage number. */
gboolean st_store_export_passages    (StDb                  *db,
                                      const StExportFilter  *filter,
                                      StExportPassageFunc    func,
                                      gpointer               user_data,
                                      GError               **error);

typedef struct {
  const char *lot_number;
  gint64 spec_id;
  gint64 id;
  const char *param;
  const char *value;
  const char *method;
  const char *entered_by;
  const char *entered_at;
  const char *reason;
  gboolean superseded;
} StExportResultRow;

typedef gboolean (*StExportResultFunc) (const StExportResultRow *row, gpointer user_data, GError **error);
/* Every result, superseded ones too, by lot number, parameter, then entry. */
gboolean st_store_export_results     (StDb                  *db,
                                      const StExportFilter  *filter,
                                      StExportResultFunc     func,
                                      gpointer               user_data,
                                      GError               **error);

/* By number; the *_by_name fields are user names, the ids 0. */
typedef gboolean (*StExportDeviationFunc) (const StDeviationRecord *row, gpointer user_data, GError **error);
gboolean st_store_export_deviations  (StDb                  *db,
                                      const StExportFilter  *filter,
                                      StExportDeviationFunc  func,
                                      gpointer               user_data,
                                      GError               **error);

typedef struct {
  gint64 id;
  const char *lot_number;     /* NULL when it signs a specification */
  const char *spec_code;      /* NULL when it signs a lot */
  gint64 spec_version;
  const char *meaning;
  const char *username;
  const char *full_name;
  const char *role;
  const char *signed_at;
  const char *reason;
  gint64 chain_seq;
  const char *chain_hash;
  const char *record_fingerprint;
} StExportSignatureRow;

typedef gboolean (*StExportSignatureFunc) (const StExportSignatureRow *row, gpointer user_data, GError **error);
/* Oldest first. */
gboolean st_store_export_signatures  (StDb                  *db,
                                      const StExportFilter  *filter,
                                      StExportSignatureFunc  func,
                                      gpointer               user_data,
                                      GError               **error);

/* In sequence order. */
gboolean st_store_export_audit       (StDb                  *db,
                                      const StExportFilter  *filter,
                                      StAuditEntryFunc       func,
                                      gpointer               user_data,
                                      GError               **error);

/* By code, then version; approved_by_name is the approver's user name and
 * document is not read (NULL). */
typedef gboolean (*StExportSpecFunc) (const StSpecRecord *row, gpointer user_data, GError **error);
gboolean st_store_export_specs       (StDb                  *db,
                                      const StExportFilter  *filter,
                                      StExportSpecFunc       func,
                                      gpointer               user_data,
                                      GError               **error);

G_END_DECLS
