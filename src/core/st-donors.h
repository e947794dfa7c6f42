/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "st-eligibility.h"
#include "st-session.h"
#include "st-store-donors.h"

G_BEGIN_DECLS

#define ST_DONORS_ERROR (st_donors_error_quark ())
GQuark st_donors_error_quark (void);

typedef enum {
  /* A donor field is missing or breaks its rule. */
  ST_DONORS_ERROR_INVALID = 200,
  /* There is no donor with that identifier. */
  ST_DONORS_ERROR_NOT_FOUND = 201,
  /* A donor with that identifier exists already. */
  ST_DONORS_ERROR_EXISTS = 202,
} StDonorsError;

/* What a person enters, as text; the core validates every field. */
typedef struct {
  const char *code;
  const char *birth_year;
  const char *sex;            /* female | male */
  const char *consent_date;   /* YYYY-MM-DD or NULL */
  gboolean htlv_required;
} StDonorInput;

typedef struct {
  StDonorRecord *record;
  GPtrArray *tests;           /* StDonorTestRecord */
  StEligibility eligibility;
  char *why;                  /* what makes it ineligible or incomplete */
} StDonor;

void st_donor_free (StDonor *donor);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (StDonor, st_donor_free)

/* A donor identifier as stored: a scanned ISBT 128 DIN without its '=' and
 * flags, upper case; NULL with a 2xx error when it cannot be one. */
char      *st_donors_normalize_code (const char  *text,
                                     GError     **error);

/* Operators register donors and record their tests. */
gboolean   st_donors_add       (StSession          *session,
                                const StDonorInput *input,
                                GError            **error);
gboolean   st_donors_add_test  (StSession          *session,
                                const char         *code,
                                const char         *marker,
                                const char         *result,
                                const char         *sampled_on,
                                GError            **error);
StDonor   *st_donors_get       (StSession          *session,
                                const char         *code,
                                GError            **error);
/* StDonorRecord of every donor, with eligibility kept current. */
GPtrArray *st_donors_list      (StSession          *session,
                                GError            **error);

G_END_DECLS
