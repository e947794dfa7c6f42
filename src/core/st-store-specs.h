/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "st-db.h"

G_BEGIN_DECLS

typedef struct {
  gint64 id;
  char *code;
  gint64 version;
  char *title;
  char *status;             /* draft | approved | retired */
  char *document;           /* the specification as JSON (without meta) */
  gint64 created_by;
  char *created_at;
  gint64 approved_by;       /* 0 when not approved by a person */
  char *approved_by_name;   /* printed name of the approver, or NULL */
  char *approved_at;
} StSpecRecord;

void st_spec_record_free (StSpecRecord *record);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (StSpecRecord, st_spec_record_free)

/* NULL without an error when there is none. */
StSpecRecord *st_store_specs_get             (StDb          *db,
                                              gint64         id,
                                              GError       **error);
/* @version 0: the newest approved version. */
StSpecRecord *st_store_specs_find            (StDb          *db,
                                              const char    *code,
                                              gint64         version,
                                              GError       **error);
/* The next version number for @code (1 for a new code). */
gint64        st_store_specs_next_version    (StDb          *db,
                                              const char    *code,
                                              GError       **error);
/* Every version, by code then version. */
GPtrArray    *st_store_specs_list            (StDb          *db,
                                              GError       **error);
gboolean      st_store_specs_insert          (StDb          *db,
                                              StSpecRecord  *record,
                                              GError       **error);
gboolean      st_store_specs_set_status      (StDb          *db,
                                              gint64         id,
                                              const char    *status,
                                              gint64         approved_by,
                                              const char    *approved_at,
                                              GError       **error);

G_END_DECLS
