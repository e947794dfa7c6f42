/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "st-demo.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <time.h>

#include "st-deviations.h"
#include "st-donors.h"
#include "st-evaluate.h"
#include "st-lots.h"
#include "st-session-private.h"
#include "st-site.h"
#include "st-users-private.h"
#include "st-workflow-private.h"

/*
 * The demo site: what a year (or thirty) of a small MSC facility looks like.
 * Lots are made oldest first; the oldest are released (a few rejected or
 * released exceptionally), the newest still being worked on.  Random choices
 * come from a fixed seed, so every demo site of a given size is the same.
 */

#define DEMO_SEED 20261126
#ifndef LOTS_PER_BATCH
#define LOTS_PER_BATCH 1000
#endif
/* Releases older than the newest ones get their signature but no rendered
 * PDF certificate: see st_workflow_release_signature_only().  A PDF costs
 * about 7 ms; 500 of them keep a 100,000-lot site within a minute. */
#ifndef CERTIFIED_WINDOW
#define CERTIFIED_WINDOW 500
#endif

enum {
  USER_ADMIN,
  USER_OPERATOR,
  USER_OPERATOR2,
  USER_REVIEWER,
  USER_QP,
  N_USERS
};

static const struct {
  const char *username;
  const char *full_name;
  StRole roles;
} demo_users[N_USERS] = {
  { "admin", "Dr. Katrin Weber", ST_ROLE_ADMIN },
  { "operator", "Jonas Becker", ST_ROLE_OPERATOR },
  { "operator2", "Lea Hoffmann", ST_ROLE_OPERATOR },
  { "reviewer", "Dr. Miriam Schulz", ST_ROLE_REVIEWER },
  { "qp", "Dr. Thomas Richter", ST_ROLE_QP },
};

typedef enum {
  PLAN_OPEN,
  PLAN_IN_REVIEW,
  PLAN_REVIEWED,
  PLAN_RELEASED,
  PLAN_RELEASED_INITIAL,
  PLAN_RELEASED_EXCEPTIONAL,
  PLAN_REJECTED,
} Plan;

typedef struct {
  StSession *session;
  GRand *rand;
  StPasswordKeys keys[N_USERS];
  GPtrArray *eligible;      /* donor codes */
  GPtrArray *ineligible;
  GDate today;
  StSigningKey *reviewer_key;
  StSigningKey *qp_key;
  guint initial_lots;
  guint first_certified;    /* lots before this index are released without a PDF */
  StDemoSummary *summary;
} Demo;

static gboolean
act_as (Demo     *demo,
        guint     user,
        GError  **error)
{
  const StUserRecord *current = st_session_get_user (demo->session);

  /* Users do not change while the demo runs: no need to read one again. */
  if (current != NULL && g_str_equal (current->username, demo_users[user].username))
    return TRUE;
  return st_session_adopt (demo->session, demo_users[user].username, demo->keys[user].kek, error);
}

static char *
decimal (double value,
         int    places)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];
  char format[8];

  g_snprintf (format, sizeof format, "%%.%df", places);
  return g_strdup (g_ascii_formatd (buffer, sizeof buffer, format, value));
}

static char *
iso_date (const GDate *date)
{
  return g_strdup_printf ("%04d-%02d-%02d", g_date_get_year (date), g_date_get_month (date), g_date_get_day (date));
}

static gboolean
create_users (Demo     *demo,
              GError  **error)
{
  for (guint i = USER_OPERATOR; i < N_USERS; i++)
    if (!st_users_add_with_keys (demo->session, demo_users[i].username, demo_users[i].full_name,
                                 demo_users[i].roles, ST_DEMO_PASSWORD, &demo->keys[i], error))
      return FALSE;
  demo->summary->users = N_USERS;
  return TRUE;
}

static gboolean
create_donor (Demo     *demo,
              guint     index,
              GError  **error)
{
  static const char *const serology[] = { "hiv", "hbsag", "anti-hbc", "hcv", "syphilis" };
  static const char *const nat[] = { "hiv-nat", "hbv-nat", "hcv-nat" };
  g_autofree char *code = g_strdup_printf ("G1234%02d%06u", g_date_get_year (&demo->today) % 100, index + 1);
  g_autofree char *year = g_strdup_printf ("%d", g_date_get_year (&demo->today) - g_rand_int_range (demo->rand, 19, 56));
  GDate sampled = demo->today;
  g_autofree char *sampled_text = NULL;
  gboolean ineligible = index % 23 == 7;
  gboolean incomplete = index % 31 == 11;
  StDonorInput input = {
    .code = code, .birth_year = year, .sex = g_rand_boolean (demo->rand) ? "female" : "male",
    .htlv_required = index % 17 == 3,
  };

  g_date_subtract_days (&sampled, 400 + g_rand_int_range (demo->rand, 0, 300));
  sampled_text = iso_date (&sampled);
  input.consent_date = sampled_text;
  if (!st_donors_add (demo->session, &input, error))
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (serology); i++)
    {
      const char *result = ineligible && i == 3 ? "positive" : "negative";
      if (incomplete && i == 4)
        continue;
      if (!st_donors_add_test (demo->session, code, serology[i], result, sampled_text, error))
        return FALSE;
    }
  if (input.htlv_required
      && !st_donors_add_test (demo->session, code, "htlv", "negative", sampled_text, error))
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (nat); i++)
    if (!st_donors_add_test (demo->session, code, nat[i], "negative", sampled_text, error))
      return FALSE;

  g_ptr_array_add (ineligible || incomplete ? demo->ineligible : demo->eligible, g_steal_pointer (&code));
  demo->summary->donors++;
  return TRUE;
}

static Plan
plan_for (guint index,
          guint n_lots)
{
  double position = (double) index / (double) n_lots;

  if (position >= 0.93)
    return PLAN_OPEN;
  if (position >= 0.86)
    return PLAN_IN_REVIEW;
  if (position >= 0.79)
    return PLAN_REVIEWED;
  if (position >= 0.72)
    return PLAN_RELEASED_INITIAL;
  if (index % 17 == 5)
    return PLAN_REJECTED;
  if (index % 29 == 13)
    return PLAN_RELEASED_EXCEPTIONAL;
  return PLAN_RELEASED;
}

/* Conforming values with the spread a real process shows. */
static void
conforming_results (Demo       *demo,
                    GPtrArray  *params,
                    GPtrArray  *values)
{
  GRand *r = demo->rand;

#define ADD(param, value) G_STMT_START { g_ptr_array_add (params, (gpointer) (param)); \
                                         g_ptr_array_add (values, (value)); } G_STMT_END
  ADD ("appearance", g_strdup ("conforms"));
  ADD ("viability", decimal (g_rand_double_range (r, 82.0, 97.5), 1));
  ADD ("cell_concentration", decimal (g_rand_double_range (r, 1.3, 2.8), 2));
  ADD ("cd73", decimal (g_rand_double_range (r, 96.0, 99.9), 1));
  ADD ("cd90", decimal (g_rand_double_range (r, 96.5, 99.9), 1));
  ADD ("cd105", decimal (g_rand_double_range (r, 95.5, 99.5), 1));
  ADD ("cd45", decimal (g_rand_double_range (r, 0.1, 1.4), 1));
  ADD ("cd34", decimal (g_rand_double_range (r, 0.1, 1.2), 1));
  ADD ("cd14", decimal (g_rand_double_range (r, 0.1, 1.5), 1));
  ADD ("cd19", decimal (g_rand_double_range (r, 0.0, 0.9), 1));
  ADD ("hla_dr", decimal (g_rand_double_range (r, 0.1, 1.6), 1));
  ADD ("sterility", g_strdup ("no-growth"));
  ADD ("endotoxin", decimal (g_rand_double_range (r, 0.05, 0.35), 2));
  ADD ("mycoplasma", g_strdup ("not-detected"));
  ADD ("potency_mlr", decimal (g_rand_double_range (r, 35.0, 72.0), 0));
#undef ADD
}

static void
replace_value (GPtrArray  *params,
               GPtrArray  *values,
               const char *param,
               char       *value)
{
  for (guint i = 0; i < params->len; i++)
    if (g_str_equal (g_ptr_array_index (params, i), param))
      {
        g_free (g_ptr_array_index (values, i));
        values->pdata[i] = value;
        return;
      }
  g_free (value);
}

static void
drop_value (GPtrArray  *params,
            GPtrArray  *values,
            const char *param)
{
  for (guint i = 0; i < params->len; i++)
    if (g_str_equal (g_ptr_array_index (params, i), param))
      {
        g_ptr_array_remove_index (params, i);
        g_ptr_array_remove_index (values, i);
        return;
      }
}

static gboolean
enter_passages (Demo         *demo,
                const char   *lot,
                const GDate  *harvest,
                GError      **error)
{
  for (guint p = 1; p <= 3; p++)
    {
      GDate seeded_on = *harvest, harvested_on = *harvest;
      gint64 seeded = 1000000 + g_rand_int_range (demo->rand, 0, 4000) * 1000;
      gint64 harvested = (gint64) ((double) seeded * g_rand_double_range (demo->rand, 6.0, 18.0));
      g_autofree char *number = g_strdup_printf ("%u", p);
      g_autofree char *seeded_text = g_strdup_printf ("%" G_GINT64_FORMAT, seeded);
      g_autofree char *harvested_text = g_strdup_printf ("%" G_GINT64_FORMAT, harvested);
      g_autofree char *seeded_on_text = NULL;
      g_autofree char *harvested_on_text = NULL;

      g_date_subtract_days (&seeded_on, (4 - p) * 7);
      g_date_subtract_days (&harvested_on, (3 - p) * 7);
      seeded_on_text = iso_date (&seeded_on);
      harvested_on_text = iso_date (&harvested_on);
      {
        StPassageInput input = {
          .number = number, .seeded = seeded_text, .harvested = harvested_text,
          .seeded_on = seeded_on_text, .harvested_on = harvested_on_text,
        };
        if (!st_lots_add_passage (demo->session, lot, &input, error))
          return FALSE;
      }
    }
  return TRUE;
}

static gboolean
release (Demo           *demo,
         const char     *lot,
         guint           index,
         StReleaseMode   mode,
         gint64          deviation,
         GError        **error)
{
  g_autoptr(StCertificate) certificate = NULL;

  if (!act_as (demo, USER_QP, error))
    return FALSE;
  if (index < demo->first_certified)
    return st_workflow_release_signature_only (demo->session, lot, mode, deviation, demo->qp_key, error);
  certificate = st_workflow_release_with_key (demo->session, lot, mode, deviation, demo->qp_key, error);
  if (certificate == NULL)
    return FALSE;
  demo->summary->certificates++;
  return TRUE;
}

/* The physician's request and the QP's risk assessment, as the deviation of
 * an exceptional release records them. */
static gboolean
exceptional_release (Demo        *demo,
                     const char  *lot,
                     guint        index,
                     GError     **error)
{
  gint64 number = 0;
  g_autofree char *text = g_strdup_printf (
    "Cell concentration of lot %s is above the upper limit of 3.0 x 10^6 cells/mL. The treating physician "
    "(Dr. med. S. Krause, haematology) requests supply for a patient with steroid-refractory GvHD grade IV "
    "for whom no other lot is available in time.", lot);

  if (!act_as (demo, USER_OPERATOR, error)
      || !st_deviations_open (demo->session, lot, "major", text, &number, error)
      || !act_as (demo, USER_QP, error)
      || !st_deviations_close (demo->session, number,
                               "Risk assessment: the higher concentration is handled by diluting the bag "
                               "before infusion as the physician's protocol allows; identity, purity, "
                               "viability and safety tests conform. Supply at the physician's request under "
                               "EU GMP Part IV 11.5; the physician was informed of the result in writing.",
                               error))
    return FALSE;
  demo->summary->deviations++;
  return release (demo, lot, index, ST_RELEASE_EXCEPTIONAL, number, error);
}

/* The lot's way through review and release, as far as its plan goes. */
static gboolean
take_through_workflow (Demo        *demo,
                       const char  *lot,
                       guint        index,
                       Plan         plan,
                       guint        operator,
                       GError     **error)
{
  if (plan == PLAN_OPEN)
    {
      demo->summary->status_counts[PLAN_OPEN]++;
      return TRUE;
    }
  if (!act_as (demo, operator, error) || !st_workflow_submit (demo->session, lot, error))
    return FALSE;
  if (plan == PLAN_IN_REVIEW)
    {
      demo->summary->status_counts[PLAN_IN_REVIEW]++;
      return TRUE;
    }
  if (!act_as (demo, USER_REVIEWER, error)
      || !st_workflow_review_with_key (demo->session, lot, demo->reviewer_key, error))
    return FALSE;

  switch (plan)
    {
    case PLAN_REVIEWED:
      break;
    case PLAN_REJECTED:
      if (!act_as (demo, USER_QP, error)
          || !st_workflow_reject_with_key (demo->session, lot,
                                           "Out of specification (see the results); the lot was destroyed "
                                           "according to SOP QA-012.", demo->qp_key, error))
        return FALSE;
      break;
    case PLAN_RELEASED_EXCEPTIONAL:
      if (!exceptional_release (demo, lot, index, error))
        return FALSE;
      break;
    case PLAN_RELEASED_INITIAL:
      if (!release (demo, lot, index, ST_RELEASE_INITIAL, 0, error))
        return FALSE;
      /* The first staged lot's sterility test grew: the lot is flagged at
       * once and a critical deviation opened; the second one's passed and
       * got its final certification. */
      demo->initial_lots++;
      if (demo->initial_lots == 1 || demo->initial_lots == 2)
        {
          const char *growth = demo->initial_lots == 1 ? "growth" : "no-growth";
          if (!act_as (demo, USER_OPERATOR, error)
              || !st_lots_record_result (demo->session, lot, "sterility", growth, NULL, error))
            return FALSE;
          if (demo->initial_lots == 1)
            demo->summary->deviations++;
          else if (!release (demo, lot, index, ST_RELEASE_FULL, 0, error))
            return FALSE;
          plan = demo->initial_lots == 1 ? PLAN_RELEASED_INITIAL : PLAN_RELEASED;
        }
      break;
    case PLAN_RELEASED:
      if (!release (demo, lot, index, ST_RELEASE_FULL, 0, error))
        return FALSE;
      break;
    case PLAN_OPEN:
    case PLAN_IN_REVIEW:
    default:
      g_assert_not_reached ();
    }
  demo->summary->status_counts[plan]++;
  return TRUE;
}

/* The index from which on the newest CERTIFIED_WINDOW releases lie. */
static guint
first_certified_index (guint n_lots)
{
  guint releases = 0;

  for (guint i = n_lots; i > 0; i--)
    {
      Plan plan = plan_for (i - 1, n_lots);
      if (plan == PLAN_RELEASED || plan == PLAN_RELEASED_INITIAL || plan == PLAN_RELEASED_EXCEPTIONAL)
        releases++;
      if (releases > CERTIFIED_WINDOW)
        return i;
    }
  return 0;
}

static gboolean
create_lot (Demo     *demo,
            guint     index,
            guint     n_lots,
            GError  **error)
{
  Plan plan = plan_for (index, n_lots);
  GPtrArray *pool = plan == PLAN_REJECTED && index % 2 == 1 && demo->ineligible->len > 0
                    ? demo->ineligible : demo->eligible;
  gboolean pooled = index % 5 < 2;
  guint n_donors = pooled ? 8 : 1;
  g_autoptr(GPtrArray) donors = g_ptr_array_new ();
  g_autoptr(GPtrArray) params = g_ptr_array_new ();
  g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func (g_free);
  g_autofree StResultInput *entries = NULL;
  g_autofree char *lot = NULL;
  GDate harvest = demo->today;
  guint span_days = MIN (n_lots * 3, 30 * 365);
  guint operator = index % 3 == 0 ? USER_OPERATOR2 : USER_OPERATOR;

  g_date_subtract_days (&harvest, (guint) ((double) (n_lots - index) * span_days / n_lots) + 1);
  lot = g_strdup_printf ("MSC-%04d-%05u", g_date_get_year (&harvest), index + 1);

  /* A pool draws eight neighbouring donors; a rejected pool may hold the
   * ineligible one. */
  for (guint d = 0; d < n_donors; d++)
    g_ptr_array_add (donors, g_ptr_array_index (demo->eligible, (index * 3 + d) % demo->eligible->len));
  if (pool == demo->ineligible)
    donors->pdata[0] = g_ptr_array_index (demo->ineligible, index % demo->ineligible->len);
  g_ptr_array_add (donors, NULL);

  conforming_results (demo, params, values);
  switch (plan)
    {
    case PLAN_REJECTED:
      if (pool != demo->ineligible)
        replace_value (params, values, "viability", decimal (g_rand_double_range (demo->rand, 58.0, 69.4), 1));
      break;
    case PLAN_RELEASED_EXCEPTIONAL:
      replace_value (params, values, "cell_concentration", decimal (g_rand_double_range (demo->rand, 3.1, 3.6), 2));
      break;
    case PLAN_RELEASED_INITIAL:
      drop_value (params, values, "sterility");
      break;
    case PLAN_OPEN:
      /* Work in progress: the flow cytometry and QC results are still out. */
      g_ptr_array_set_size (params, 3);
      g_ptr_array_set_size (values, 3);
      break;
    case PLAN_IN_REVIEW:
    case PLAN_REVIEWED:
    case PLAN_RELEASED:
    default:
      break;
    }

  if (!act_as (demo, operator, error)
      || !st_lots_create (demo->session, lot, NULL, (const char * const *) donors->pdata, NULL, error)
      || !enter_passages (demo, lot, &harvest, error))
    return FALSE;

  entries = g_new0 (StResultInput, params->len);
  for (guint i = 0; i < params->len; i++)
    {
      entries[i].param = g_ptr_array_index (params, i);
      entries[i].value = g_ptr_array_index (values, i);
    }
  if (!st_lots_save_results (demo->session, lot, entries, params->len, error)
      || !take_through_workflow (demo, lot, index, plan, operator, error))
    return FALSE;
  demo->summary->lots++;
  return TRUE;
}

gboolean
st_demo_create (const char     *location,
                guint           n_lots,
                StDemoProgress  progress,
                gpointer        user_data,
                StDemoSummary  *summary,
                GError        **error)
{
  StSiteSetup setup = {
    .site_name = "Stroma demo site, Frankfurt",
    .cert_language = "en",
    .admin_username = demo_users[USER_ADMIN].username,
    .admin_full_name = demo_users[USER_ADMIN].full_name,
    .admin_password = ST_DEMO_PASSWORD,
    .address = "Sandhofstraße 1, 60528 Frankfurt am Main, Germany",
    .authorisation = "DE-HE-MSC-2026-017 (manufacturing authorisation, §13 AMG)",
  };
  StDemoSummary local_summary = { 0 };
  Demo demo = { 0 };
  guint n_donors = MAX (24, n_lots / 8 + 16);
  gboolean ok = FALSE;

  demo.summary = summary ? summary : &local_summary;
  memset (demo.summary, 0, sizeof *demo.summary);
  demo.session = st_site_create (location, &setup, error);
  if (demo.session == NULL)
    return FALSE;
  demo.rand = g_rand_new_with_seed (DEMO_SEED);
  demo.first_certified = first_certified_index (n_lots);
  demo.eligible = g_ptr_array_new_with_free_func (g_free);
  demo.ineligible = g_ptr_array_new_with_free_func (g_free);
  g_date_clear (&demo.today, 1);
  g_date_set_time_t (&demo.today, time (NULL));
  memcpy (demo.keys[USER_ADMIN].kek, st_session_get_kek (demo.session), ST_KEY_LENGTH);

  if (!create_users (&demo, error)
      || !act_as (&demo, USER_REVIEWER, error)
      || (demo.reviewer_key = st_signing_unlock_with_kek (demo.session, error)) == NULL
      || !act_as (&demo, USER_QP, error)
      || (demo.qp_key = st_signing_unlock_with_kek (demo.session, error)) == NULL)
    goto out;

  if (!act_as (&demo, USER_OPERATOR, error) || !st_session_begin_batch (demo.session, error))
    goto out;
  for (guint i = 0; i < n_donors; i++)
    if (!create_donor (&demo, i, error))
      goto abandon;
  if (!st_session_end_batch (demo.session, error))
    goto out;

  for (guint first = 0; first < n_lots; first += LOTS_PER_BATCH)
    {
      if (!st_session_begin_batch (demo.session, error))
        goto out;
      for (guint i = first; i < MIN (n_lots, first + LOTS_PER_BATCH); i++)
        {
          /* The lot is judged once, after its last change, not after each. */
          st_evaluate_defer (st_session_get_db (demo.session));
          if (!create_lot (&demo, i, n_lots, error)
              || !st_evaluate_flush (st_session_get_db (demo.session), error))
            goto abandon;
        }
      if (!st_session_end_batch (demo.session, error))
        goto out;
      if (progress != NULL)
        progress (MIN (n_lots, first + LOTS_PER_BATCH), n_lots, user_data);
    }
  ok = TRUE;
  goto out;

abandon:
  st_session_abandon_batch (demo.session);
out:
  for (guint i = 0; i < N_USERS; i++)
    st_password_keys_clear (&demo.keys[i]);
  g_clear_pointer (&demo.reviewer_key, st_signing_key_free);
  g_clear_pointer (&demo.qp_key, st_signing_key_free);
  g_clear_pointer (&demo.eligible, g_ptr_array_unref);
  g_clear_pointer (&demo.ineligible, g_ptr_array_unref);
  g_clear_pointer (&demo.rand, g_rand_free);
  g_clear_object (&demo.session);
  if (!ok)
    {
      g_autofree char *wal = g_strconcat (location, "-wal", NULL);
      g_autofree char *shm = g_strconcat (location, "-shm", NULL);
      g_remove (location);
      g_remove (wal);
      g_remove (shm);
    }
  return ok;
}
