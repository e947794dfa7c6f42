/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "flow-fixture.h"

#include "st-fingerprint.h"
#include "st-pki.h"
#include "st-signing.h"
#include "st-specs.h"
#include "st-store-signatures.h"

/* MSC-REL as stored, with viability >= @limit; printed with its meta data,
 * which an import must ignore. */
static char *
variant_document (const char *limit)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(StSpec) spec = st_specs_get (flow.admin, "MSC-REL@1", &error);
  StSpecItem *item;
  StLimit *first;

  g_assert_no_error (error);
  item = (StSpecItem *) st_spec_find_item (spec, "viability");
  first = g_ptr_array_index (item->limits, 0);
  g_free (first->value);
  first->value = g_strdup (limit);
  return st_spec_to_json (spec, TRUE);
}

static const char *
item_verdict (StSession  *session,
              const char *lot,
              const char *param)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(StLotCheck) check = st_lots_check (session, lot, &error);
  const StCheckItem *item;

  g_assert_no_error (error);
  item = st_lot_check_find (check, param);
  g_assert_nonnull (item);
  return st_verdict_to_string (item->verdict);
}

static void
create_lot (const char *lot,
            gint64      expected_version)
{
  const char *donors[] = { "G123426000001", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(StLot) record = NULL;

  st_lots_create (flow.operator, lot, NULL, donors, NULL, &error);
  g_assert_no_error (error);
  record = st_lots_get (flow.operator, lot, &error);
  g_assert_no_error (error);
  g_assert_cmpint (record->record->spec_version, ==, expected_version);
}

static void
test_versioning (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *document = variant_document ("80");
  g_autoptr(StSpec) draft = NULL;
  g_autoptr(StSpec) approved = NULL;
  g_autoptr(StSpec) newest = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autofree char *json = NULL;
  gint64 version = 0;
  const StSpecRecord *v2;

  create_lot ("SP-1", 1);
  st_lots_record_result (flow.operator, "SP-1", "viability", "75", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (item_verdict (flow.operator, "SP-1", "viability"), ==, "conform");

  st_specs_import (flow.admin, document, -1, &version, &error);
  g_assert_no_error (error);
  g_assert_cmpint (version, ==, 2);
  draft = st_specs_get (flow.operator, "MSC-REL@2", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (draft->status, ==, "draft");
  g_assert_cmpint (draft->version, ==, 2);
  g_assert_null (draft->approved_by);

  /* A draft is not used: lots still get version 1. */
  create_lot ("SP-2", 1);
  {
    g_autoptr(StSpec) current = st_specs_get (flow.operator, "MSC-REL", &error);
    g_assert_no_error (error);
    g_assert_cmpint (current->version, ==, 1);
  }

  st_specs_approve (flow.qp, "MSC-REL@2", FLOW_PASSWORD, &error);
  g_assert_no_error (error);
  approved = st_specs_get (flow.operator, "MSC-REL@2", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (approved->status, ==, "approved");
  g_assert_cmpstr (approved->approved_by, ==, "Dr. Quentin Person");
  g_assert_nonnull (approved->approved_at);
  json = st_spec_to_json (approved, TRUE);
  g_assert_nonnull (strstr (json, "\"approved_by\" : \"Dr. Quentin Person\""));
  g_assert_nonnull (strstr (json, "\"version\" : 2"));

  newest = st_specs_get (flow.operator, "MSC-REL", &error);
  g_assert_no_error (error);
  g_assert_cmpint (newest->version, ==, 2);

  /* Lots made before keep version 1 and their verdicts; lots made after get 2. */
  create_lot ("SP-3", 2);
  st_lots_record_result (flow.operator, "SP-3", "viability", "75", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (item_verdict (flow.operator, "SP-3", "viability"), ==, "oos");
  g_assert_cmpstr (item_verdict (flow.operator, "SP-1", "viability"), ==, "conform");
  st_lots_record_result (flow.operator, "SP-2", "viability", "75", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (item_verdict (flow.operator, "SP-2", "viability"), ==, "conform");

  /* A lot can still be pinned to version 1 explicitly. */
  {
    const char *donors[] = { "G123426000001", NULL };
    g_autoptr(StLot) lot = NULL;

    st_lots_create (flow.operator, "SP-4", NULL, donors, "MSC-REL@1", &error);
    g_assert_no_error (error);
    lot = st_lots_get (flow.operator, "SP-4", &error);
    g_assert_no_error (error);
    g_assert_cmpint (lot->record->spec_version, ==, 1);
  }

  list = st_specs_list (flow.operator, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 2);
  v2 = g_ptr_array_index (list, 1);
  g_assert_cmpint (v2->version, ==, 2);
  g_assert_cmpstr (v2->status, ==, "approved");
  flow_assert_audit_intact ();
}

static void
test_signature (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(StSpecRecord) record = NULL;
  g_autoptr(GPtrArray) signatures = NULL;
  g_autoptr(GBytes) manifest = NULL;
  g_autofree char *fingerprint = NULL;
  g_autofree char *ca = NULL;
  const StSignatureRecord *signature;
  StDb *db = st_session_get_db (flow.admin);

  record = st_store_specs_find (db, "MSC-REL", 2, &error);
  g_assert_no_error (error);
  signatures = st_store_signatures_for_spec (db, record->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (signatures->len, ==, 1);
  signature = g_ptr_array_index (signatures, 0);
  g_assert_cmpstr (signature->meaning, ==, "approved");
  g_assert_cmpstr (signature->role, ==, "qp");
  g_assert_cmpint (signature->lot_id, ==, 0);
  fingerprint = st_fingerprint_spec (db, record->id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (signature->record_fingerprint, ==, fingerprint);

  ca = st_site_ca_cert_pem (flow.admin, &error);
  g_assert_no_error (error);
  manifest = st_signing_manifest (signature, "MSC-REL@2");
  st_pki_cms_verify (manifest, signature->manifest_cms, ca, NULL, NULL, &error);
  g_assert_no_error (error);
  /* Moved to another record, the manifest no longer matches. */
  g_clear_pointer (&manifest, g_bytes_unref);
  manifest = st_signing_manifest (signature, "MSC-REL@3");
  st_pki_cms_verify (manifest, signature->manifest_cms, ca, NULL, NULL, &error);
  g_assert_error (error, ST_PKI_ERROR, ST_PKI_ERROR_CONTENT_CHANGED);
}

static void
test_refusals (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *same = variant_document ("80");
  g_autofree char *v85 = variant_document ("85");
  g_autoptr(StSpec) spec = NULL;
  gint64 version = 0;

  /* A bad file names the item and the field. */
  st_specs_import (flow.admin,
                   "{\"code\": \"MSC-REL\", \"title\": \"t\", \"items\": ["
                   "{\"param\": \"viability\", \"type\": \"number\", \"limits\": [{\"op\": \"=>\", \"value\": 70}]}]}",
                   -1, NULL, &error);
  g_assert_error (error, ST_SPEC_ERROR, ST_SPEC_ERROR_INVALID_FILE);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "viability"));
  g_clear_error (&error);
  st_specs_import (flow.admin, "not json", -1, NULL, &error);
  g_assert_error (error, ST_SPEC_ERROR, ST_SPEC_ERROR_INVALID_FILE);
  g_clear_error (&error);

  st_specs_import (flow.admin, same, -1, NULL, &error);
  g_assert_error (error, ST_SPECS_ERROR, ST_SPECS_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "MSC-REL@2"));
  g_clear_error (&error);
  st_specs_import (flow.operator, v85, -1, NULL, &error);
  g_assert_error (error, ST_AUTH_ERROR, ST_AUTH_ERROR_ROLE);
  g_clear_error (&error);

  /* multi (admin and qp) may import but not approve its own import. */
  st_specs_import (flow.multi, v85, -1, &version, &error);
  g_assert_no_error (error);
  g_assert_cmpint (version, ==, 3);
  st_specs_approve (flow.multi, "MSC-REL@3", FLOW_PASSWORD, &error);
  g_assert_error (error, ST_SPECS_ERROR, ST_SPECS_ERROR_SEGREGATION);
  g_clear_error (&error);
  st_specs_approve (flow.reviewer, "MSC-REL@3", FLOW_PASSWORD, &error);
  g_assert_error (error, ST_AUTH_ERROR, ST_AUTH_ERROR_ROLE);
  g_clear_error (&error);
  st_specs_approve (flow.qp, "MSC-REL", FLOW_PASSWORD, &error);
  g_assert_error (error, ST_SPECS_ERROR, ST_SPECS_ERROR_INVALID);
  g_clear_error (&error);
  st_specs_approve (flow.qp, "MSC-REL@9", FLOW_PASSWORD, &error);
  g_assert_error (error, ST_SPECS_ERROR, ST_SPECS_ERROR_NOT_FOUND);
  g_clear_error (&error);
  st_specs_approve (flow.qp, "MSC-REL@1", FLOW_PASSWORD, &error);
  g_assert_error (error, ST_SPECS_ERROR, ST_SPECS_ERROR_STATE);
  g_clear_error (&error);
  st_specs_approve (flow.qp, "MSC-REL@3", "wrong-password", &error);
  g_assert_error (error, ST_AUTH_ERROR, ST_AUTH_ERROR_WRONG_PASSWORD);
  g_clear_error (&error);

  spec = st_specs_get (flow.operator, "MSC-REL@3", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (spec->status, ==, "draft");
  g_clear_pointer (&spec, st_spec_free);
  spec = st_specs_get (flow.operator, "NOPE", &error);
  g_assert_error (error, ST_SPECS_ERROR, ST_SPECS_ERROR_NOT_FOUND);
  g_clear_error (&error);
  spec = st_specs_get (flow.operator, "MSC-REL@x", &error);
  g_assert_error (error, ST_SPECS_ERROR, ST_SPECS_ERROR_INVALID);
  flow_assert_audit_intact ();
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  flow_setup ("en");
  g_test_add_func ("/core/specs/versioning", test_versioning);
  g_test_add_func ("/core/specs/signature", test_signature);
  g_test_add_func ("/core/specs/refusals", test_refusals);
  status = g_test_run ();
  flow_teardown ();
  return status;
}
