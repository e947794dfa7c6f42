/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "st-lots.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>
#include <string.h>

#include "st-donors.h"
#include "st-store-deviations.h"
#include "st-store-signatures.h"
#include "st-store-specs.h"

G_DEFINE_QUARK (st-lots-error-quark, st_lots_error)

#define MAX_LOT_NUMBER 40
#define MAX_PRODUCT 200
#define MAX_DONORS 64
/* Record data, not a word of the interface: the same whoever creates the lot. */
#define DEFAULT_PRODUCT "Mesenchymal stromal cells, bone marrow"

static const char *const statuses[] = {
  "open", "in_review", "reviewed", "released", "released_initial", "released_exceptional", "rejected",
};

gboolean
st_lots_status_is_known (const char *status)
{
  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    if (g_strcmp0 (status, statuses[i]) == 0)
      return TRUE;
  return FALSE;
}

void
st_lot_free (StLot *lot)
{
  if (lot == NULL)
    return;
  st_lot_record_free (lot->record);
  g_clear_pointer (&lot->donors, g_ptr_array_unref);
  g_clear_pointer (&lot->passages, g_ptr_array_unref);
  g_clear_pointer (&lot->results, g_ptr_array_unref);
  g_clear_pointer (&lot->deviations, g_ptr_array_unref);
  g_clear_pointer (&lot->signatures, g_ptr_array_unref);
  st_lot_check_free (lot->check);
  g_free (lot);
}

static gboolean
check_lot_number (const char  *text,
                  GError     **error)
{
  gsize length = text ? strlen (text) : 0;

  if (length == 0 || length > MAX_LOT_NUMBER || !g_ascii_isalnum (text[0]))
    goto bad;
  for (gsize i = 0; i < length; i++)
    if (!g_ascii_isalnum (text[i]) && strchr ("-_./", text[i]) == NULL)
      goto bad;
  return TRUE;

bad:
  g_set_error (error, ST_LOTS_ERROR, ST_LOTS_ERROR_INVALID,
               _("lot: '%s' must be 1 to %d letters, digits, '-', '_', '.' or '/', starting with a letter or digit"),
               text ? text : "", MAX_LOT_NUMBER);
  return FALSE;
}

/* "CODE" or "CODE@VERSION" to an approved specification version. */
static StSpecRecord *
find_spec (StDb        *db,
           const char  *spec_ref,
           GError     **error)
{
  g_autofree char *code = g_strdup (spec_ref ? spec_ref : ST_DEFAULT_SPEC_CODE);
  char *at = strchr (code, '@');
  gint64 version = 0;
  g_autoptr(GError) local = NULL;
  StSpecRecord *spec;

  if (at != NULL)
    {
      char *end = NULL;
      *at = '\0';
      version = g_ascii_strtoll (at + 1, &end, 10);
      if (end == at + 1 || *end != '\0' || version <= 0)
        {
          g_set_error (error, ST_LOTS_ERROR, ST_LOTS_ERROR_INVALID,
                       _("spec: '%s' is not CODE or CODE@VERSION"), spec_ref);
          return NULL;
        }
    }
  spec = st_store_specs_find (db, code, version, &local);
  if (spec == NULL)
    {
      if (local != NULL)
        g_propagate_error (error, g_steal_pointer (&local));
      else if (version > 0)
        g_set_error (error, ST_LOTS_ERROR, ST_LOTS_ERROR_NOT_FOUND,
                     _("spec: no specification %s version %" PRId64), code, version);
      else
        g_set_error (error, ST_LOTS_ERROR, ST_LOTS_ERROR_NOT_FOUND,
                     _("spec: no approved version of %s"), code);
      return NULL;
    }
  if (!g_str_equal (spec->status, "approved"))
    {
      g_set_error (error, ST_LOTS_ERROR, ST_LOTS_ERROR_INVALID,
                   _("spec: %s@%" PRId64 " is %s; a lot needs an approved version"),
                   spec->code, spec->version, spec->status);
      st_spec_record_free (spec);
      return NULL;
    }
  return spec;
}

static gboolean
audit_lot (StSession   *session,
           const char  *lot,
           const char  *field,
           const char  *value,
           GError     **error)
{
  StAuditChange change = {
    .action = "create", .table = "lots", .record = lot, .lot = lot, .field = field, .new_value = value,
  };
  return st_session_audit (session, &change, error);
}

gboolean
st_lots_create (StSession          *session,
                const char         *lot_number,
                const char         *product,
                const char * const *donor_codes,
                const char         *spec_ref,
                GError            **error)
{
  StDb *db = st_session_get_db (session);
  g_autoptr(StLotRecord) lot = g_new0 (StLotRecord, 1);
  g_autoptr(StLotRecord) existing = NULL;
  g_autoptr(StSpecRecord) spec = NULL;
  g_autoptr(GPtrArray) donors = g_ptr_array_new_with_free_func ((GDestroyNotify) st_donor_record_free);
  g_autoptr(GError) local = NULL;
  g_autofree char *spec_text = NULL;
  g_autofree char *donor_text = NULL;
  guint n_donors = donor_codes ? g_strv_length ((char **) donor_codes) : 0;

  if (!st_session_require (session, ST_ROLE_OPERATOR, _("lot create"), error)
      || !check_lot_number (lot_number, error))
    return FALSE;
  if (product == NULL)
    product = DEFAULT_PRODUCT;
  if (*product == '\0' || strlen (product) > MAX_PRODUCT || !g_utf8_validate (product, -1, NULL))
    {
      g_set_error (error, ST_LOTS_ERROR, ST_LOTS_ERROR_INVALID,
                   _("product: 1 to %d characters of text are required"), MAX_PRODUCT);
      return FALSE;
    }
  if (n_donors == 0 || n_donors > MAX_DONORS)
    {
      g_set_error (error, ST_LOTS_ERROR, ST_LOTS_ERROR_INVALID,
                   _("donor: a lot needs 1 to %d donors (--donor ID, repeated for a pool)"), MAX_DONORS);
      return FALSE;
    }
  for (guint i = 0; i < n_donors; i++)
    for (guint j = 0; j < i; j++)
      if (g_ascii_strcasecmp (donor_codes[i], donor_codes[j]) == 0)
        {
          g_set_error (error, ST_LOTS_ERROR, ST_LOTS_ERROR_INVALID,
                       _("donor: '%s' is named twice"), donor_codes[i]);
          return FALSE;
        }

  if (!st_session_begin (session, ST_ROLE_OPERATOR, _("lot create"), error))
    return FALSE;
  existing = st_store_lots_find (db, lot_number, &local);
  if (local != NULL)
    goto propagate;
  if (existing != NULL)
    {
      g_set_error (error, ST_LOTS_ERROR, ST_LOTS_ERROR_EXISTS, _("lot: '%s' already exists"), lot_number);
      goto fail;
    }
  spec = find_spec (db, spec_ref, error);
  if (spec == NULL)
    goto fail;
  for (guint i = 0; i < n_donors; i++)
    {
      g_autofree char *code = st_donors_normalize_code (donor_codes[i], NULL);
      StDonorRecord *donor = code ? st_store_donors_find (db, code, &local) : NULL;
      if (local != NULL)
        goto propagate;
      if (donor == NULL)
        {
          g_set_error (error, ST_LOTS_ERROR, ST_LOTS_ERROR_NOT_FOUND, _("donor: no donor '%s'"), donor_codes[i]);
          goto fail;
        }
      g_ptr_array_add (donors, donor);
    }

  lot->lot_number = g_strdup (lot_number);
  lot->product = g_strdup (product);
  lot->spec_id = spec->id;
  lot->status = g_strdup ("open");
  lot->verdict = g_strdup ("incomplete");
  lot->created_by = st_session_get_user (session)->id;
  lot->created_at = g_strdup (st_session_now (session));
  if (!st_store_lots_insert (db, lot, error))
    goto fail;
  for (guint i = 0; i < donors->len; i++)
    {
      const StDonorRecord *donor = g_ptr_array_index (donors, i);
      if (!st_store_lots_add_donor (db, lot->id, donor->id, i, error))
        goto fail;
    }

  spec_text = g_strdup_printf ("%s@%" G_GINT64_FORMAT, spec->code, spec->version);
  donor_text = g_strjoinv (", ", (char **) donor_codes);
  if (!audit_lot (session, lot_number, "product", product, error)
      || !audit_lot (session, lot_number, "spec", spec_text, error)
      || !audit_lot (session, lot_number, "donors", donor_text, error)
      || !audit_lot (session, lot_number, "status", "open", error)
      || !st_evaluate_refresh (db, lot->id, NULL, error))
    goto fail;
  return st_session_commit (session, error);

propagate:
  g_propagate_error (error, g_steal_pointer (&local));
fail:
  st_session_rollback (session);
  return FALSE;
}

static StLotRecord *
find_lot (StSession   *session,
          const char  *lot_number,
          GError     **error)
{
  g_autoptr(GError) local = NULL;
  StLotRecord *lot = st_store_lots_find (st_session_get_db (session), lot_number ? lot_number : "", &local);

  if (lot == NULL)
    {
      if (local != NULL)
        g_propagate_error (error, g_steal_pointer (&local));
      else
        g_set_error (error, ST_LOTS_ERROR, ST_LOTS_ERROR_NOT_FOUND, _("lot: no lot '%s'"),
                     lot_number ? lot_number : "");
    }
  return lot;
}

StLot *
st_lots_get (StSession   *session,
             const char  *lot_number,
             GError     **error)
{
  StDb *db = st_session_get_db (session);
  g_autoptr(StLot) lot = g_new0 (StLot, 1);
  gint64 id;

  if (!st_session_begin_read (session, error))
    return NULL;
  lot->record = find_lot (session, lot_number, error);
  if (lot->record == NULL)
    goto fail;
  id = lot->record->id;
  if ((lot->donors = st_store_lots_donors (db, id, error)) == NULL
      || (lot->passages = st_store_lots_passages (db, id, error)) == NULL
      || (lot->results = st_store_lots_results (db, id, error)) == NULL
      || (lot->deviations = st_store_deviations_list (db, id, error)) == NULL
      || (lot->signatures = st_store_signatures_for_lot (db, id, error)) == NULL
      || (lot->check = st_evaluate_lot (db, id, error)) == NULL)
    goto fail;
  st_session_end_read (session);
  return g_steal_pointer (&lot);

fail:
  st_session_end_read (session);
  return NULL;
}

StLotCheck *
st_lots_check (StSession   *session,
               const char  *lot_number,
               GError     **error)
{
  g_autoptr(StLotRecord) lot = NULL;
  StLotCheck *check = NULL;

  if (!st_session_begin_read (session, error))
    return NULL;
  lot = find_lot (session, lot_number, error);
  if (lot != NULL)
    check = st_evaluate_lot (st_session_get_db (session), lot->id, error);
  st_session_end_read (session);
  return check;
}

gboolean
st_lots_foreach (StSession   *session,
                 const char  *status,
                 StLotFunc    func,
                 gpointer     user_data,
                 GError     **error)
{
  gboolean ok;

  if (status != NULL && !st_lots_status_is_known (status))
    {
      g_set_error (error, ST_LOTS_ERROR, ST_LOTS_ERROR_INVALID,
                   _("status: '%s' is not one of open, in_review, reviewed, released, released_initial, "
                     "released_exceptional, rejected"), status);
      return FALSE;
    }
  if (!st_session_begin_read (session, error))
    return FALSE;
  ok = st_store_lots_foreach (st_session_get_db (session), status, func, user_data, error);
  st_session_end_read (session);
  return ok;
}
