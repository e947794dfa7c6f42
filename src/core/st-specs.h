/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "st-session.h"
#include "st-spec.h"
#include "st-store-specs.h"

G_BEGIN_DECLS

/*
 * Specification versions in the database.  An administrator imports a
 * document as the next version of its code, a draft; a QP approves it with
 * an electronic signature ("approved"); an approved version never changes.
 * Lots are pinned at creation to the newest approved version, so a new
 * version never changes an existing lot's verdicts.
 */

#define ST_SPECS_ERROR (st_specs_error_quark ())
GQuark st_specs_error_quark (void);

typedef enum {
  /* Not CODE or CODE@VERSION, or a document identical to an existing version. */
  ST_SPECS_ERROR_INVALID = 200,
  /* No specification (version) of that name. */
  ST_SPECS_ERROR_NOT_FOUND = 201,
  /* The version is not a draft: approved versions never change. */
  ST_SPECS_ERROR_STATE = 300,
  /* Four eyes: the QP who approves did not import the version. */
  ST_SPECS_ERROR_SEGREGATION = 301,
} StSpecsError;

/* Administrators: @json (of @length bytes, -1: NUL-terminated) becomes the
 * next version of its code, a draft; @version (optional) receives it.  A bad
 * document is refused with the item and field named (ST_SPEC_ERROR). */
gboolean    st_specs_import  (StSession   *session,
                              const char  *json,
                              gssize       length,
                              gint64      *version,
                              GError     **error);
/* QPs: approves the draft "CODE@VERSION" with a signature; @password is
 * asked again for it. */
gboolean    st_specs_approve (StSession   *session,
                              const char  *spec_ref,
                              const char  *password,
                              GError     **error);
/* StSpecRecord of every version, by code then version. */
GPtrArray  *st_specs_list    (StSession   *session,
                              GError     **error);
/* "CODE@VERSION", or "CODE": its newest approved version (the newest draft
 * when none is approved).  Version, status, approved_by (printed name) and
 * approved_at are filled, for st_spec_to_json (spec, TRUE). */
StSpec     *st_specs_get     (StSession   *session,
                              const char  *spec_ref,
                              GError     **error);

G_END_DECLS
