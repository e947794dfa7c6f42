/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/*
 * The release specification: its items, their physical bounds (checked when
 * a value is entered) and their limits (judged when the lot is checked), read
 * from and written to the JSON document of CLI.md "Specification files".
 * Pure: nothing here touches the database.
 */

#define ST_SPEC_ERROR (st_spec_error_quark ())
GQuark st_spec_error_quark (void);

typedef enum {
  /* A specification document is malformed or contradicts itself. */
  ST_SPEC_ERROR_INVALID_FILE = 200,
  /* An entered value breaks the item's physical rules (type, bounds, words). */
  ST_SPEC_ERROR_INVALID_VALUE = 201,
} StSpecError;

typedef enum {
  ST_ITEM_NUMBER,
  ST_ITEM_INTEGER,
  ST_ITEM_CHOICE,
} StItemType;

typedef enum {
  ST_LIMIT_GE,
  ST_LIMIT_GT,
  ST_LIMIT_LE,
  ST_LIMIT_LT,
} StLimitOp;

typedef struct {
  StLimitOp op;
  char *value;                           /* decimal text via st_decimal_from_double */
} StLimit;

typedef struct {
  char *param, *test, *method, *unit;    /* test defaults to param; method/unit may be NULL */
  StItemType type;
  char *bound_low, *bound_high;          /* decimal text, NULL = unbounded */
  GPtrArray *limits;                     /* StLimit*, all must hold; empty = report-only */
  GStrv choices, accept;                 /* choice items (NULL otherwise) */
  gboolean may_be_pending, derived;
} StSpecItem;

typedef struct {
  char *code, *title;
  gint64 version;                        /* 0 when not stored yet */
  char *status;                          /* "draft"|"approved"|"retired" or NULL */
  char *approved_by, *approved_at;       /* may be NULL */
  GPtrArray *items;                      /* StSpecItem*, in file order */
} StSpec;

/* Constructors for code that builds a specification by hand; st_spec_parse
 * is the usual way in.  The arrays own their elements. */
StSpec     *st_spec_new          (void);
StSpecItem *st_spec_item_new     (void);
void        st_spec_item_free    (StSpecItem *item);
StLimit    *st_limit_new         (StLimitOp   op,
                                  const char *value);
void        st_limit_free        (StLimit    *limit);

const char *st_limit_op_to_string   (StLimitOp  op);     /* ">=", ">", "<=", "<" */
gboolean    st_limit_op_from_string (const char *text,
                                     StLimitOp  *out);
const char *st_item_type_to_string  (StItemType type);   /* "number", "integer", "choice" */

/* Reads a specification document.  The approval fields a printed document
 * carries (version, status, approved_by, approved_at) are NOT read: a file
 * never approves itself, so the result has version 0 and no status.  Unknown
 * fields inside items are refused so that a typo cannot drop a limit. */
StSpec     *st_spec_parse        (const char *json,
                                  gssize      length,
                                  GError    **error);
void        st_spec_free         (StSpec     *spec);
StSpec     *st_spec_copy         (const StSpec *spec);
/* Same content, limits compared as numbers ("1" == "1.0"). */
gboolean    st_spec_equal        (const StSpec *a,
                                  const StSpec *b);

/* Pretty JSON in the CLI.md form; @with_meta adds version, status,
 * approved_by and approved_at. */
char       *st_spec_to_json      (const StSpec *spec,
                                  gboolean      with_meta);
JsonNode   *st_spec_to_json_node (const StSpec *spec,
                                  gboolean      with_meta);

const StSpecItem *st_spec_find_item (const StSpec *spec,
                                     const char   *param);
/* Has limits (number, integer) or accept words (choice). */
gboolean    st_spec_item_is_judged   (const StSpecItem *item);
/* ">= 70", ">= 1 and <= 3", "< 0.5", "no-growth", "report only", with the
 * words and the decimal separator of the user's locale ("< 0,5" on a German
 * desktop; the command line keeps '.'); _c: always in English with '.', for
 * certificates and workbooks, which do not depend on who makes them. */
char       *st_spec_item_limit_text  (const StSpecItem *item);
char       *st_spec_item_limit_text_c (const StSpecItem *item);
/* The physical check at entry: type, bounds, choice words, decimal comma.
 * Values out of specification pass: they are results to record. */
gboolean    st_spec_item_check_value (const StSpecItem *item,
                                      const char       *text,
                                      GError          **error);

typedef enum {
  ST_VERDICT_CONFORM,
  ST_VERDICT_OOS,
  ST_VERDICT_MISSING,
  ST_VERDICT_PENDING,
  ST_VERDICT_REPORT,
} StVerdict;

const char *st_verdict_to_string (StVerdict v);   /* "conform","oos","missing","pending","report" */

/* @value NULL (or empty) = no result: PENDING if may_be_pending, else
 * MISSING.  A report-only item with a value: REPORT.  Limits are compared
 * exactly on the decimal text; a value that is not a number is OOS. */
StVerdict   st_spec_item_judge   (const StSpecItem *item,
                                  const char       *value);

typedef enum {
  ST_LOT_VERDICT_CONFORM,
  ST_LOT_VERDICT_OOS,
  ST_LOT_VERDICT_INCOMPLETE,
} StLotVerdict;

const char *st_lot_verdict_to_string (StLotVerdict v);   /* "conform","oos","incomplete" */
/* oos if any OOS; else incomplete if any MISSING or PENDING; else conform. */
StLotVerdict st_lot_verdict_combine  (const StVerdict *verdicts,
                                      guint            n);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (StSpec, st_spec_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (StSpecItem, st_spec_item_free)

G_END_DECLS
