/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>

#include "st-cli-commands.h"
#include "st-lots.h"
#include "st-store-deviations.h"
#include "st-store-signatures.h"

int
st_cli_lot_create (StCli  *cli,
                   int     argc,
                   char  **argv)
{
  g_auto(GStrv) donors = NULL;
  g_autofree char *product = NULL;
  g_autofree char *spec = NULL;
  const GOptionEntry entries[] = {
    { "donor", 0, 0, G_OPTION_ARG_STRING_ARRAY, &donors, N_("A donor of the lot; repeat for a pool"), N_("ID") },
    { "product", 0, 0, G_OPTION_ARG_STRING, &product, N_("The product name"), N_("TEXT") },
    { "spec", 0, 0, G_OPTION_ARG_STRING, &spec,
      N_("The specification (default: newest approved MSC-REL)"), N_("CODE[@VERSION]") },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  int status;

  if (!st_cli_parse ("lot create", N_("LOT"), _("Create a lot from one or more donors."), entries, &argc, &argv,
                     &status)
      || !st_cli_expect_args ("lot create", argc, argv, 1, N_("LOT"), &status))
    return status;
  if (donors == NULL)
    return st_cli_usage (_("donor: --donor ID is required (repeat it for a pool)"));
  if (!st_cli_sign_in (cli, &error)
      || !st_lots_create (cli->session, argv[1], product, (const char * const *) donors, spec, &error))
    return st_cli_fail (error);
  g_print (_("Created lot %s.\n"), argv[1]);
  return ST_EXIT_OK;
}

/* The list is written as it is read, in chunks of about this size. */
#define LIST_CHUNK 65536

typedef struct {
  StCli *cli;
  JsonNode *json;           /* NULL for text: [ { "lot": ..., ... } ] */
  JsonGenerator *generator;
  GString *out;
  guint count;
} ListState;

static const char *const list_members[] = {
  "lot", "status", "verdict", "spec", "spec_version", "product", "flag", "created_at", "released_at",
};

static void
flush_list (ListState *state)
{
  if (state->out->len == 0)
    return;
  g_print ("%s", state->out->str);
  g_string_truncate (state->out, 0);
}

/* One array holding one object, made once; each lot's values are set into
 * its nodes and the array printed as st_cli_print_json() prints the whole
 * list: the text between "[\n" and "\n]" is the element exactly as it
 * appears in the list, so no list of 100,000 nodes is built. */
static JsonNode *
new_list_json (void)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  for (guint i = 0; i < G_N_ELEMENTS (list_members); i++)
    if (g_str_equal (list_members[i], "spec_version"))
      st_cli_json_int (builder, list_members[i], 0);
    else
      st_cli_json_string (builder, list_members[i], NULL);
  json_builder_end_object (builder);
  json_builder_end_array (builder);
  return json_builder_get_root (builder);
}

static void
append_lot_json (ListState          *state,
                 const StLotRecord  *lot)
{
  /* The generator holds its own copy of the root. */
  JsonNode *root = json_generator_get_root (state->generator);
  JsonObject *object = json_array_get_object_element (json_node_get_array (root), 0);
  const char *const values[G_N_ELEMENTS (list_members)] = {
    lot->lot_number, lot->status, lot->verdict, lot->spec_code, NULL, lot->product, lot->flag,
    lot->created_at, lot->released_at,
  };
  g_autofree char *text = NULL;
  gsize length = 0;

  /* A value node takes the next lot's value in place; a member set again
   * (to or from null) keeps its place. */
  for (guint i = 0; i < G_N_ELEMENTS (list_members); i++)
    {
      JsonNode *node = json_object_get_member (object, list_members[i]);

      if (g_str_equal (list_members[i], "spec_version"))
        json_node_set_int (node, lot->spec_version);
      else if (values[i] != NULL && JSON_NODE_HOLDS_VALUE (node))
        json_node_set_string (node, values[i]);
      else if (values[i] != NULL)
        json_object_set_string_member (object, list_members[i], values[i]);
      else if (!JSON_NODE_HOLDS_NULL (node))
        json_object_set_null_member (object, list_members[i]);
    }
  text = json_generator_to_data (state->generator, &length);
  g_string_append (state->out, state->count == 1 ? "[\n" : ",\n");
  g_string_append_len (state->out, text + 2, length - 4);
}

static gboolean
print_lot (const StLotRecord  *lot,
           gpointer            user_data,
           GError            **error)
{
  ListState *state = user_data;

  state->count++;
  if (state->json != NULL)
    append_lot_json (state, lot);
  else
    g_string_append_printf (state->out, "%-20s %-21s %-11s %s@%-3" G_GINT64_FORMAT " %s%s%s\n", lot->lot_number,
                            lot->status, lot->verdict, lot->spec_code, lot->spec_version, lot->created_at,
                            lot->flag ? "  ! " : "", lot->flag ? lot->flag : "");
  if (state->out->len >= LIST_CHUNK)
    flush_list (state);
  return TRUE;
}

int
st_cli_lot_list (StCli  *cli,
                 int     argc,
                 char  **argv)
{
  g_autofree char *status_filter = NULL;
  const GOptionEntry entries[] = {
    { "status", 0, 0, G_OPTION_ARG_STRING, &status_filter, N_("Only lots in this status"), N_("STATUS") },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) json = NULL;
  g_autoptr(JsonGenerator) generator = NULL;
  g_autoptr(GString) out = g_string_sized_new (LIST_CHUNK + 1024);
  ListState state = { cli, .out = out };
  int status;

  if (!st_cli_parse ("lot list", NULL, _("List the lots, newest first."), entries, &argc, &argv, &status)
      || !st_cli_expect_args ("lot list", argc, argv, 0, "", &status))
    return status;
  if (status_filter != NULL && !st_lots_status_is_known (status_filter))
    return st_cli_usage (_("status: '%s' is not one of open, in_review, reviewed, released, released_initial, "
                           "released_exceptional, rejected"), status_filter);
  /* Refused before the header is printed: the output is then only the error. */
  if (!st_cli_sign_in (cli, &error) || !st_session_require (cli->session, ST_ROLE_NONE, _("lot list"), &error))
    return st_cli_fail (error);
  if (cli->json)
    {
      json = new_list_json ();
      generator = json_generator_new ();
      json_generator_set_pretty (generator, TRUE);
      json_generator_set_indent (generator, 2);
      json_generator_set_root (generator, json);
      state.json = json;
      state.generator = generator;
    }
  else
    g_string_append_printf (out, "%-20s %-21s %-11s %-13s %s\n", _("LOT"), _("STATUS"), _("VERDICT"), _("SPEC"),
                            _("CREATED"));
  if (!st_lots_foreach (cli->session, status_filter, print_lot, &state, &error))
    {
      flush_list (&state);
      return st_cli_fail (error);
    }
  if (json != NULL)
    g_string_append (out, state.count == 0 ? "[]\n" : "\n]\n");
  flush_list (&state);
  return ST_EXIT_OK;
}

static void
check_items_json (JsonBuilder      *builder,
                  const StLotCheck *check)
{
  json_builder_begin_array (builder);
  for (guint i = 0; i < check->items->len; i++)
    {
      const StCheckItem *item = g_ptr_array_index (check->items, i);
      json_builder_begin_object (builder);
      st_cli_json_string (builder, "param", item->param);
      st_cli_json_string (builder, "test", item->test);
      st_cli_json_string (builder, "value", item->value);
      st_cli_json_string (builder, "unit", item->unit);
      st_cli_json_string (builder, "limit", item->limit);
      st_cli_json_string (builder, "verdict", st_verdict_to_string (item->verdict));
      st_cli_json_bool (builder, "corrected", item->corrected);
      if (item->detail != NULL)
        st_cli_json_string (builder, "detail", item->detail);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static void
print_check_items (const StLotCheck *check)
{
  g_print ("  %-32s %-18s %-22s %s\n", _("TEST"), _("RESULT"), _("LIMIT"), _("VERDICT"));
  for (guint i = 0; i < check->items->len; i++)
    {
      const StCheckItem *item = g_ptr_array_index (check->items, i);
      g_autofree char *value = item->value
        ? g_strdup_printf ("%s%s%s%s", item->value, item->unit ? " " : "", item->unit ? item->unit : "",
                           item->corrected ? " †" : "")
        : g_strdup (item->detail ? item->detail : "—");
      g_print ("  %-32s %-18s %-22s %s\n", item->test, value, item->limit ? item->limit : "",
               st_verdict_to_string (item->verdict));
    }
}

static const char *
unit_of (const StLotCheck *check,
         const char       *param)
{
  const StCheckItem *item = st_lot_check_find (check, param);
  return item ? item->unit : NULL;
}

static JsonNode *
lot_json (const StLot *lot)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  const StLotRecord *record = lot->record;

  json_builder_begin_object (builder);
  st_cli_json_string (builder, "lot", record->lot_number);
  st_cli_json_string (builder, "product", record->product);
  st_cli_json_string (builder, "status", record->status);
  st_cli_json_string (builder, "verdict", st_lot_verdict_to_string (lot->check->verdict));
  st_cli_json_string (builder, "flag", record->flag);
  st_cli_json_string (builder, "spec", record->spec_code);
  st_cli_json_int (builder, "spec_version", record->spec_version);
  st_cli_json_string (builder, "created_by", record->created_by_name);
  st_cli_json_string (builder, "created_at", record->created_at);
  st_cli_json_string (builder, "released_at", record->released_at);

  json_builder_set_member_name (builder, "donors");
  json_builder_begin_array (builder);
  for (guint i = 0; i < lot->donors->len; i++)
    {
      const StDonorRecord *donor = g_ptr_array_index (lot->donors, i);
      json_builder_begin_object (builder);
      st_cli_json_string (builder, "donor", donor->code);
      st_cli_json_string (builder, "eligibility", donor->eligibility);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "results");
  json_builder_begin_array (builder);
  for (guint i = 0; i < lot->results->len; i++)
    {
      const StResultRecord *result = g_ptr_array_index (lot->results, i);
      json_builder_begin_object (builder);
      st_cli_json_string (builder, "param", result->param);
      st_cli_json_string (builder, "value", result->value);
      st_cli_json_string (builder, "unit", unit_of (lot->check, result->param));
      st_cli_json_string (builder, "method", result->method);
      st_cli_json_string (builder, "entered_by", result->entered_by_name);
      st_cli_json_string (builder, "entered_at", result->entered_at);
      st_cli_json_bool (builder, "superseded", result->superseded);
      st_cli_json_string (builder, "reason", result->reason);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "passages");
  json_builder_begin_array (builder);
  for (guint i = 0; i < lot->passages->len; i++)
    {
      const StPassageRecord *passage = g_ptr_array_index (lot->passages, i);
      json_builder_begin_object (builder);
      st_cli_json_int (builder, "passage", passage->number);
      st_cli_json_int (builder, "seeded", passage->seeded);
      st_cli_json_int (builder, "harvested", passage->harvested);
      st_cli_json_string (builder, "seeded_on", passage->seeded_on);
      st_cli_json_string (builder, "harvested_on", passage->harvested_on);
      json_builder_set_member_name (builder, "population_doublings");
      json_builder_add_double_value (builder, st_evaluate_population_doublings (passage->seeded, passage->harvested));
      st_cli_json_string (builder, "entered_by", passage->entered_by_name);
      st_cli_json_string (builder, "entered_at", passage->entered_at);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "derived");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "passage");
  if (lot->check->passage)
    json_builder_add_int_value (builder, g_ascii_strtoll (lot->check->passage, NULL, 10));
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "cumulative_pd");
  if (lot->check->cumulative_pd)
    json_builder_add_double_value (builder, g_ascii_strtod (lot->check->cumulative_pd, NULL));
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "signatures");
  json_builder_begin_array (builder);
  for (guint i = 0; i < lot->signatures->len; i++)
    {
      const StSignatureRecord *signature = g_ptr_array_index (lot->signatures, i);
      json_builder_begin_object (builder);
      st_cli_json_string (builder, "meaning", signature->meaning);
      st_cli_json_string (builder, "user", signature->username);
      st_cli_json_string (builder, "full_name", signature->full_name);
      st_cli_json_string (builder, "role", signature->role);
      st_cli_json_string (builder, "signed_at", signature->signed_at);
      st_cli_json_string (builder, "reason", signature->reason);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "deviations");
  json_builder_begin_array (builder);
  for (guint i = 0; i < lot->deviations->len; i++)
    {
      const StDeviationRecord *deviation = g_ptr_array_index (lot->deviations, i);
      json_builder_begin_object (builder);
      st_cli_json_int (builder, "number", deviation->number);
      st_cli_json_string (builder, "class", deviation->severity);
      st_cli_json_string (builder, "status", deviation->status);
      st_cli_json_string (builder, "text", deviation->text);
      st_cli_json_string (builder, "assessment", deviation->assessment);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "items");
  check_items_json (builder, lot->check);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static void
print_lot_text (const StLot *lot)
{
  const StLotRecord *record = lot->record;

  g_print (_("Lot %s — %s\n"), record->lot_number, record->product);
  g_print (_("Status: %s    Verdict: %s    Specification: %s version %" PRId64 "\n"),
           record->status, st_lot_verdict_to_string (lot->check->verdict), record->spec_code, record->spec_version);
  if (record->flag != NULL)
    g_print (_("FLAG: %s\n"), record->flag);
  g_print (_("Created %s by %s%s%s\n"), record->created_at, record->created_by_name,
           record->released_at ? _(", released ") : "", record->released_at ? record->released_at : "");

  g_print (_("\nDonors:\n"));
  for (guint i = 0; i < lot->donors->len; i++)
    {
      const StDonorRecord *donor = g_ptr_array_index (lot->donors, i);
      g_print ("  %-20s %s\n", donor->code, donor->eligibility);
    }
  g_print (_("\nPassages:\n"));
  for (guint i = 0; i < lot->passages->len; i++)
    {
      const StPassageRecord *p = g_ptr_array_index (lot->passages, i);
      g_autofree char *pd = st_cli_format_double (st_evaluate_population_doublings (p->seeded, p->harvested), 2);
      g_print (_("  P%-3" PRId64 " seeded %" PRId64 " on %s, harvested %" PRId64
                 " on %s, %s PD\n"), p->number, p->seeded, p->seeded_on, p->harvested, p->harvested_on, pd);
    }
  g_print (_("\nResults against the specification:\n"));
  print_check_items (lot->check);

  g_print (_("\nEntries (oldest first; superseded values stay in the record):\n"));
  for (guint i = 0; i < lot->results->len; i++)
    {
      const StResultRecord *r = g_ptr_array_index (lot->results, i);
      g_print ("  %-18s %-14s %s %s%s%s%s\n", r->param, r->value, r->entered_by_name, r->entered_at,
               r->superseded ? _("  [superseded]") : "", r->reason ? _("  reason: ") : "", r->reason ? r->reason : "");
    }
  if (lot->deviations->len > 0)
    {
      g_print (_("\nDeviations:\n"));
      for (guint i = 0; i < lot->deviations->len; i++)
        {
          const StDeviationRecord *d = g_ptr_array_index (lot->deviations, i);
          g_print ("  #%" G_GINT64_FORMAT " %s %s: %s%s%s\n", d->number, d->severity, d->status, d->text,
                   d->assessment ? _(" — assessment: ") : "", d->assessment ? d->assessment : "");
        }
    }
  if (lot->signatures->len > 0)
    {
      g_print (_("\nSignatures:\n"));
      for (guint i = 0; i < lot->signatures->len; i++)
        {
          const StSignatureRecord *s = g_ptr_array_index (lot->signatures, i);
          g_print ("  %-24s %s (%s, %s) %s\n", s->meaning, s->full_name, s->username, s->role, s->signed_at);
        }
    }
}

int
st_cli_lot_show (StCli  *cli,
                 int     argc,
                 char  **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(StLot) lot = NULL;
  int status;

  if (!st_cli_parse ("lot show", N_("LOT"), _("Show a lot's record."), NULL, &argc, &argv, &status)
      || !st_cli_expect_args ("lot show", argc, argv, 1, N_("LOT"), &status))
    return status;
  if (!st_cli_sign_in (cli, &error) || (lot = st_lots_get (cli->session, argv[1], &error)) == NULL)
    return st_cli_fail (error);
  if (cli->json)
    {
      g_autoptr(JsonNode) root = lot_json (lot);
      st_cli_print_json (root);
    }
  else
    print_lot_text (lot);
  return ST_EXIT_OK;
}

int
st_cli_lot_check (StCli  *cli,
                  int     argc,
                  char  **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(StLotCheck) check = NULL;
  int status;

  if (!st_cli_parse ("lot check", N_("LOT"), _("Evaluate a lot against its specification version; exit 0 only "
                                          "when it conforms."), NULL, &argc, &argv, &status)
      || !st_cli_expect_args ("lot check", argc, argv, 1, N_("LOT"), &status))
    return status;
  if (!st_cli_sign_in (cli, &error) || (check = st_lots_check (cli->session, argv[1], &error)) == NULL)
    return st_cli_fail (error);

  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (builder);
      st_cli_json_string (builder, "lot", check->lot);
      st_cli_json_string (builder, "spec", check->spec_code);
      st_cli_json_int (builder, "spec_version", check->spec_version);
      st_cli_json_string (builder, "verdict", st_lot_verdict_to_string (check->verdict));
      json_builder_set_member_name (builder, "items");
      check_items_json (builder, check);
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      st_cli_print_json (root);
    }
  else
    {
      g_print (_("Lot %s against %s version %" PRId64 ": %s\n"), check->lot, check->spec_code,
               check->spec_version, st_lot_verdict_to_string (check->verdict));
      print_check_items (check);
    }
  return check->verdict == ST_LOT_VERDICT_CONFORM ? ST_EXIT_OK : ST_EXIT_NO;
}

int
st_cli_passage_add (StCli  *cli,
                    int     argc,
                    char  **argv)
{
  g_autofree char *seeded = NULL;
  g_autofree char *harvested = NULL;
  g_autofree char *seeded_on = NULL;
  g_autofree char *harvested_on = NULL;
  const GOptionEntry entries[] = {
    { "seeded", 0, 0, G_OPTION_ARG_STRING, &seeded, N_("Cells seeded"), N_("CELLS") },
    { "harvested", 0, 0, G_OPTION_ARG_STRING, &harvested, N_("Cells harvested"), N_("CELLS") },
    { "seeded-on", 0, 0, G_OPTION_ARG_STRING, &seeded_on, N_("Date seeded"), N_("YYYY-MM-DD") },
    { "harvested-on", 0, 0, G_OPTION_ARG_STRING, &harvested_on, N_("Date harvested"), N_("YYYY-MM-DD") },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  int status;

  if (!st_cli_parse ("passage add", N_("LOT N"), _("Record a passage of a lot."), entries, &argc, &argv, &status)
      || !st_cli_expect_args ("passage add", argc, argv, 2, N_("LOT N"), &status))
    return status;
  if (seeded == NULL || harvested == NULL || seeded_on == NULL || harvested_on == NULL)
    return st_cli_usage (_("passage add: --seeded, --harvested, --seeded-on and --harvested-on are required"));
  if (!st_cli_sign_in (cli, &error))
    return st_cli_fail (error);
  {
    StPassageInput input = {
      .number = argv[2], .seeded = seeded, .harvested = harvested,
      .seeded_on = seeded_on, .harvested_on = harvested_on,
    };
    if (!st_lots_add_passage (cli->session, argv[1], &input, &error))
      return st_cli_fail (error);
  }
  g_print (_("Recorded passage %s of lot %s.\n"), argv[2], argv[1]);
  return ST_EXIT_OK;
}

int
st_cli_result_record (StCli  *cli,
                      int     argc,
                      char  **argv)
{
  g_autofree char *method = NULL;
  const GOptionEntry entries[] = {
    { "method", 0, 0, G_OPTION_ARG_STRING, &method, N_("The method used, when it is not the specification's"),
      N_("TEXT") },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  int status;

  if (!st_cli_parse ("result record", N_("LOT PARAM VALUE"), _("Record a result (numbers with '.' as the decimal "
                     "separator)."), entries, &argc, &argv, &status)
      || !st_cli_expect_args ("result record", argc, argv, 3, N_("LOT PARAM VALUE"), &status))
    return status;
  if (!st_cli_sign_in (cli, &error)
      || !st_lots_record_result (cli->session, argv[1], argv[2], argv[3], method, &error))
    return st_cli_fail (error);
  g_print (_("Recorded %s = %s for lot %s.\n"), argv[2], argv[3], argv[1]);
  return ST_EXIT_OK;
}

int
st_cli_result_correct (StCli  *cli,
                       int     argc,
                       char  **argv)
{
  g_autofree char *reason = NULL;
  const GOptionEntry entries[] = {
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, N_("Why the value is corrected (required)"), N_("TEXT") },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  int status;

  if (!st_cli_parse ("result correct", N_("LOT PARAM VALUE"), _("Correct a result; the old value stays in the "
                     "record, superseded."), entries, &argc, &argv, &status)
      || !st_cli_expect_args ("result correct", argc, argv, 3, N_("LOT PARAM VALUE"), &status))
    return status;
  if (reason == NULL || *reason == '\0')
    return st_cli_usage (_("reason: --reason TEXT is required for a correction"));
  if (!st_cli_sign_in (cli, &error)
      || !st_lots_correct_result (cli->session, argv[1], argv[2], argv[3], reason, &error))
    return st_cli_fail (error);
  g_print (_("Corrected %s to %s for lot %s.\n"), argv[2], argv[3], argv[1]);
  return ST_EXIT_OK;
}
