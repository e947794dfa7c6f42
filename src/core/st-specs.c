/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "st-specs.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>
#include <string.h>

#include "st-signing.h"

G_DEFINE_QUARK (st-specs-error-quark, st_specs_error)

/* "CODE" (version 0) or "CODE@VERSION". */
static gboolean
parse_ref (const char  *spec_ref,
           gboolean     version_required,
           char       **code,
           gint64      *version,
           GError     **error)
{
  const char *at = spec_ref ? strchr (spec_ref, '@') : NULL;
  char *end = NULL;

  *version = 0;
  if (spec_ref == NULL || *spec_ref == '\0' || at == spec_ref || (at == NULL && version_required))
    goto bad;
  if (at != NULL)
    {
      *version = g_ascii_strtoll (at + 1, &end, 10);
      if (end == at + 1 || *end != '\0' || *version <= 0)
        goto bad;
    }
  *code = at ? g_strndup (spec_ref, at - spec_ref) : g_strdup (spec_ref);
  return TRUE;

bad:
  g_set_error (error, ST_SPECS_ERROR, ST_SPECS_ERROR_INVALID,
               version_required ? _("spec: '%s' is not CODE@VERSION") : _("spec: '%s' is not CODE or CODE@VERSION"),
               spec_ref ? spec_ref : "");
  return FALSE;
}

static char *
spec_key (const StSpecRecord *record)
{
  return g_strdup_printf ("%s@%" G_GINT64_FORMAT, record->code, record->version);
}

static StSpecRecord *
find_version (StDb        *db,
              const char  *code,
              gint64       version,
              GError     **error)
{
  g_autoptr(GError) local = NULL;
  StSpecRecord *record = NULL;

  if (version == 0)
    {
      /* The newest approved version, else the newest of any status. */
      record = st_store_specs_find (db, code, 0, &local);
      if (record == NULL && local == NULL)
        {
          gint64 next = st_store_specs_next_version (db, code, &local);
          if (next > 1)
            record = st_store_specs_find (db, code, next - 1, &local);
        }
    }
  else
    record = st_store_specs_find (db, code, version, &local);

  if (record == NULL)
    {
      if (local != NULL)
        g_propagate_error (error, g_steal_pointer (&local));
      else if (version > 0)
        g_set_error (error, ST_SPECS_ERROR, ST_SPECS_ERROR_NOT_FOUND,
                     _("spec: no specification %s version %" PRId64), code, version);
      else
        g_set_error (error, ST_SPECS_ERROR, ST_SPECS_ERROR_NOT_FOUND, _("spec: no specification %s"), code);
    }
  return record;
}

static gboolean
audit_spec (StSession   *session,
            const char  *action,
            const char  *key,
            const char  *field,
            const char  *old_value,
            const char  *new_value,
            GError     **error)
{
  StAuditChange change = {
    .action = action, .table = "specs", .record = key, .field = field,
    .old_value = old_value, .new_value = new_value,
  };
  return st_session_audit (session, &change, error);
}

/* The same content as a stored version: importing it again adds nothing. */
static gboolean
check_not_duplicate (StDb          *db,
                     const StSpec  *spec,
                     GError       **error)
{
  g_autoptr(GPtrArray) versions = st_store_specs_list (db, error);

  if (versions == NULL)
    return FALSE;
  for (guint i = 0; i < versions->len; i++)
    {
      const StSpecRecord *record = g_ptr_array_index (versions, i);
      g_autoptr(StSpec) stored = NULL;

      if (!g_str_equal (record->code, spec->code))
        continue;
      stored = st_spec_parse (record->document, -1, NULL);
      if (stored != NULL && st_spec_equal (stored, spec))
        {
          g_set_error (error, ST_SPECS_ERROR, ST_SPECS_ERROR_INVALID,
                       _("spec: the document is the same as %s@%" PRId64 " (%s); nothing to import"),
                       record->code, record->version, record->status);
          return FALSE;
        }
    }
  return TRUE;
}

gboolean
st_specs_import (StSession   *session,
                 const char  *json,
                 gssize       length,
                 gint64      *version,
                 GError     **error)
{
  StDb *db = st_session_get_db (session);
  g_autoptr(StSpec) spec = NULL;
  g_autoptr(StSpecRecord) record = g_new0 (StSpecRecord, 1);
  g_autofree char *key = NULL;

  if (!st_session_require (session, ST_ROLE_ADMIN, _("spec import"), error))
    return FALSE;
  spec = st_spec_parse (json, length, error);
  if (spec == NULL)
    return FALSE;

  if (!st_session_begin (session, ST_ROLE_ADMIN, _("spec import"), error))
    return FALSE;
  if (!check_not_duplicate (db, spec, error))
    goto fail;
  record->version = st_store_specs_next_version (db, spec->code, error);
  if (record->version <= 0)
    goto fail;
  record->code = g_strdup (spec->code);
  record->title = g_strdup (spec->title && *spec->title ? spec->title : spec->code);
  record->status = g_strdup ("draft");
  record->document = st_spec_to_json (spec, FALSE);
  record->created_by = st_session_get_user (session)->id;
  record->created_at = g_strdup (st_session_now (session));
  if (!st_store_specs_insert (db, record, error))
    goto fail;
  key = spec_key (record);
  if (!audit_spec (session, "import", key, "title", NULL, record->title, error)
      || !audit_spec (session, "import", key, "document", NULL, record->document, error)
      || !audit_spec (session, "import", key, "status", NULL, "draft", error)
      || !st_session_commit (session, error))
    goto fail;
  if (version != NULL)
    *version = record->version;
  return TRUE;

fail:
  st_session_rollback (session);
  return FALSE;
}

gboolean
st_specs_approve (StSession   *session,
                  const char  *spec_ref,
                  const char  *password,
                  GError     **error)
{
  StDb *db = st_session_get_db (session);
  const StUserRecord *user = st_session_get_user (session);
  g_autoptr(StSigningKey) key = NULL;
  g_autoptr(StSpecRecord) record = NULL;
  g_autoptr(StSignatureRecord) signature = NULL;
  g_autofree char *code = NULL;
  g_autofree char *record_key = NULL;
  gint64 version = 0;

  if (!parse_ref (spec_ref, TRUE, &code, &version, error)
      || !st_session_require (session, ST_ROLE_QP, _("spec approve"), error)
      || (key = st_signing_unlock (session, password, error)) == NULL)
    return FALSE;

  if (!st_session_begin (session, ST_ROLE_QP, _("spec approve"), error))
    return FALSE;
  record = find_version (db, code, version, error);
  if (record == NULL)
    goto fail;
  record_key = spec_key (record);
  if (!g_str_equal (record->status, "draft"))
    {
      g_set_error (error, ST_SPECS_ERROR, ST_SPECS_ERROR_STATE,
                   _("spec: %s is %s; only a draft can be approved, an approved version never changes"),
                   record_key, record->status);
      goto fail;
    }
  if (record->created_by == user->id)
    {
      g_set_error (error, ST_SPECS_ERROR, ST_SPECS_ERROR_SEGREGATION,
                   _("spec approve: %s imported %s; another person must approve it"), user->username, record_key);
      goto fail;
    }
  signature = st_signing_sign_spec (session, key, record, "approved", ST_ROLE_QP, NULL, error);
  if (signature == NULL
      || !st_store_specs_set_status (db, record->id, "approved", user->id, st_session_now (session), error)
      || !audit_spec (session, "approve", record_key, "status", "draft", "approved", error))
    goto fail;
  return st_session_commit (session, error);

fail:
  st_session_rollback (session);
  return FALSE;
}

GPtrArray *
st_specs_list (StSession  *session,
               GError    **error)
{
  GPtrArray *list;

  if (!st_session_begin_read (session, error))
    return NULL;
  list = st_store_specs_list (st_session_get_db (session), error);
  st_session_end_read (session);
  return list;
}

StSpec *
st_specs_get (StSession   *session,
              const char  *spec_ref,
              GError     **error)
{
  g_autoptr(StSpecRecord) record = NULL;
  g_autofree char *code = NULL;
  gint64 version = 0;
  StSpec *spec;

  if (!parse_ref (spec_ref, FALSE, &code, &version, error) || !st_session_begin_read (session, error))
    return NULL;
  record = find_version (st_session_get_db (session), code, version, error);
  st_session_end_read (session);
  if (record == NULL)
    return NULL;

  spec = st_spec_parse (record->document, -1, error);
  if (spec == NULL)
    return NULL;
  spec->version = record->version;
  g_free (spec->status);
  spec->status = g_strdup (record->status);
  spec->approved_by = g_strdup (record->approved_by_name);
  spec->approved_at = g_strdup (record->approved_at);
  return spec;
}
