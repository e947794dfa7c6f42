/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "st-export-private.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "st-pki.h"
#include "st-signing.h"
#include "st-store-site.h"
#include "st-store-users.h"

/*
 * The flow of an export: check the scope and the file name, unlock the
 * signing key (slow, and outside any transaction), then in one read snapshot
 * write every sheet to a private temporary file next to the target; hash it,
 * sign it, record the export in the audit trail, and only then move the
 * files into place.  Whatever fails, the temporary files go.
 */

G_DEFINE_QUARK (st-export-error-quark, st_export_error)

/* Lot numbers named one by one are few; a whole site is exported without. */
#define MAX_NAMED_LOTS 1000
#define MAX_LOT_NUMBER 64

static const char *const sheet_names[ST_EXPORT_N_SHEETS] = {
  [ST_EXPORT_SHEET_SUMMARY] = "Summary",
  [ST_EXPORT_SHEET_LOTS] = "Lots",
  [ST_EXPORT_SHEET_DONORS] = "Donors",
  [ST_EXPORT_SHEET_PASSAGES] = "Passages",
  [ST_EXPORT_SHEET_RESULTS] = "Results",
  [ST_EXPORT_SHEET_DEVIATIONS] = "Deviations",
  [ST_EXPORT_SHEET_SIGNATURES] = "Signatures",
  [ST_EXPORT_SHEET_AUDIT] = "Audit trail",
  [ST_EXPORT_SHEET_SPECIFICATIONS] = "Specifications",
};

const char *
st_export_sheet_name (StExportSheet sheet)
{
  g_return_val_if_fail (sheet < ST_EXPORT_N_SHEETS, NULL);
  return sheet_names[sheet];
}

void
st_export_result_clear (StExportResult *result)
{
  g_clear_pointer (&result->sha256, g_free);
  g_clear_pointer (&result->p7s_path, g_free);
  memset (result->rows, 0, sizeof result->rows);
  result->cells = 0;
}

/* The scope, checked and in the store's terms. */
typedef struct {
  GPtrArray *lots;          /* char *, sorted, each once */
  char *since;
  char *until;
  char *before;             /* the day after @until */
  char *words;              /* for the audit entry and the summary */
  char *lots_words;
  StExportFilter filter;
} Scope;

static void
scope_clear (Scope *scope)
{
  g_clear_pointer (&scope->lots, g_ptr_array_unref);
  g_clear_pointer (&scope->since, g_free);
  g_clear_pointer (&scope->until, g_free);
  g_clear_pointer (&scope->before, g_free);
  g_clear_pointer (&scope->words, g_free);
  g_clear_pointer (&scope->lots_words, g_free);
}

static gboolean
parse_date (const char  *field,
            const char  *text,
            GDate       *date,
            GError     **error)
{
  int year = 0, month = 0, day = 0;
  gboolean shape = strlen (text) == 10 && text[4] == '-' && text[7] == '-';

  for (int i = 0; shape && i < 10; i++)
    if (i != 4 && i != 7 && !g_ascii_isdigit (text[i]))
      shape = FALSE;
  if (shape)
    {
      year = atoi (text);
      month = atoi (text + 5);
      day = atoi (text + 8);
    }
  if (!shape || year < 1900 || !g_date_valid_dmy (day, month, year))
    {
      g_set_error (error, ST_EXPORT_ERROR, ST_EXPORT_ERROR_INVALID,
                   _("%s: '%s' is not a date (YYYY-MM-DD)"), field, text);
      return FALSE;
    }
  g_date_set_dmy (date, day, month, year);
  return TRUE;
}

static char *
date_text (const GDate *date)
{
  return g_strdup_printf ("%04d-%02d-%02d", g_date_get_year (date),
                          g_date_get_month (date), g_date_get_day (date));
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

static gboolean
scope_init (Scope                *scope,
            const StExportScope  *in,
            GError              **error)
{
  GDate since, until;
  g_autoptr(GString) words = g_string_new (NULL);

  scope->lots = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; in->lots != NULL && in->lots[i] != NULL; i++)
    {
      const char *lot = in->lots[i];

      if (*lot == '\0' || strlen (lot) > MAX_LOT_NUMBER || !g_utf8_validate (lot, -1, NULL))
        {
          g_set_error (error, ST_EXPORT_ERROR, ST_EXPORT_ERROR_INVALID,
                       _("lot: a lot number of 1 to %d characters is required"), MAX_LOT_NUMBER);
          return FALSE;
        }
      g_ptr_array_add (scope->lots, g_strdup (lot));
    }
  g_ptr_array_sort (scope->lots, compare_names);
  for (guint i = 1; i < scope->lots->len;)
    if (g_str_equal (g_ptr_array_index (scope->lots, i), g_ptr_array_index (scope->lots, i - 1)))
      g_ptr_array_remove_index (scope->lots, i);
    else
      i++;
  if (scope->lots->len > MAX_NAMED_LOTS)
    {
      g_set_error (error, ST_EXPORT_ERROR, ST_EXPORT_ERROR_INVALID,
                   _("lot: at most %d lots can be named; name none to export every lot"), MAX_NAMED_LOTS);
      return FALSE;
    }

  if (in->since != NULL && !parse_date ("since", in->since, &since, error))
    return FALSE;
  if (in->until != NULL && !parse_date ("until", in->until, &until, error))
    return FALSE;
  if (in->since != NULL && in->until != NULL && g_date_compare (&since, &until) > 0)
    {
      g_set_error (error, ST_EXPORT_ERROR, ST_EXPORT_ERROR_INVALID,
                   _("until: %s is before the since date %s"), in->until, in->since);
      return FALSE;
    }
  if (in->since != NULL)
    scope->since = date_text (&since);
  if (in->until != NULL)
    {
      scope->until = date_text (&until);
      g_date_add_days (&until, 1);
      scope->before = date_text (&until);
    }

  if (scope->lots->len > 0)
    {
      g_ptr_array_add (scope->lots, NULL);
      scope->lots_words = g_strjoinv (", ", (char **) scope->lots->pdata);
      g_ptr_array_remove_index (scope->lots, scope->lots->len - 1);
      g_string_append_printf (words, "lots %s", scope->lots_words);
    }
  else
    {
      scope->lots_words = g_strdup ("all lots");
      g_string_append (words, "all lots");
    }
  if (scope->since != NULL)
    g_string_append_printf (words, ", created from %s", scope->since);
  if (scope->until != NULL)
    g_string_append_printf (words, "%s until %s", scope->since != NULL ? "" : ", created", scope->until);
  if (scope->since == NULL && scope->until == NULL)
    g_string_append (words, ", all dates");
  if (in->sign)
    g_string_append (words, ", signed");
  scope->words = g_string_free (g_steal_pointer (&words), FALSE);

  scope->filter.lots = scope->lots->len > 0 ? (const char *const *) scope->lots->pdata : NULL;
  scope->filter.n_lots = scope->lots->len;
  scope->filter.from = scope->since;
  scope->filter.before = scope->before;
  return TRUE;
}

/* The file name must name a file in a folder that exists. */
static gboolean
check_path (const char  *path,
            char       **folder,
            GError     **error)
{
  g_autofree char *base = NULL;

  if (path == NULL || *path == '\0')
    {
      g_set_error (error, ST_EXPORT_ERROR, ST_EXPORT_ERROR_INVALID, _("file: no file name given"));
      return FALSE;
    }
  base = g_path_get_basename (path);
  if (g_file_test (path, G_FILE_TEST_IS_DIR) || g_str_has_suffix (path, G_DIR_SEPARATOR_S)
      || g_str_equal (base, ".") || g_str_equal (base, ".."))
    {
      g_set_error (error, ST_EXPORT_ERROR, ST_EXPORT_ERROR_PATH,
                   _("%s: is a folder; name the workbook file to write in it"), path);
      return FALSE;
    }
  *folder = g_path_get_dirname (path);
  if (!g_file_test (*folder, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, ST_EXPORT_ERROR, ST_EXPORT_ERROR_PATH,
                   _("%s: the folder %s does not exist"), path, *folder);
      return FALSE;
    }
  return TRUE;
}

/* A new private file (mode 0600) in @folder, closed; its name in @tmp_path. */
static gboolean
create_private_file (const char  *folder,
                     const char  *base,
                     const char  *path,
                     char       **tmp_path,
                     GError     **error)
{
  g_autofree char *name = g_strdup_printf (".%s.part-XXXXXX", base);
  char *tmpl = g_build_filename (folder, name, NULL);
  int fd = g_mkstemp_full (tmpl, O_RDWR | O_CLOEXEC, 0600);
  int saved = errno;

  if (fd < 0)
    {
      g_free (tmpl);
      g_set_error (error, ST_EXPORT_ERROR,
                   saved == ENOENT || saved == ENOTDIR ? ST_EXPORT_ERROR_PATH : ST_EXPORT_ERROR_WRITE,
                   _("%s: cannot write in the folder %s (%s)"), path, folder, g_strerror (saved));
      return FALSE;
    }
  close (fd);
  *tmp_path = tmpl;
  return TRUE;
}

/* The SHA-256 of the file, read in pieces; the file is also flushed to disk
 * so that what the audit trail records is what survives a power cut. */
static char *
sha256_and_sync (const char  *tmp_path,
                 const char  *path,
                 GError     **error)
{
  g_autoptr(EVP_MD_CTX) ctx = EVP_MD_CTX_new ();
  guint8 digest[ST_SHA256_LENGTH];
  g_autofree guint8 *buffer = g_malloc (1 << 16);
  int fd = g_open (tmp_path, O_RDONLY | O_CLOEXEC, 0);
  gssize n = 0;
  int saved = 0;

  if (fd < 0)
    saved = errno;
  else if (ctx == NULL || EVP_DigestInit_ex (ctx, st_crypto_sha256_md (), NULL) != 1)
    saved = ENOMEM;
  else
    {
      while ((n = read (fd, buffer, 1 << 16)) > 0 || (n < 0 && errno == EINTR))
        if (n > 0 && EVP_DigestUpdate (ctx, buffer, n) != 1)
          break;
      if (n < 0 || n > 0)
        saved = n < 0 ? errno : ENOMEM;
      else if (fsync (fd) != 0)
        saved = errno;
      else if (EVP_DigestFinal_ex (ctx, digest, NULL) != 1)
        saved = ENOMEM;
    }
  if (fd >= 0)
    close (fd);
  if (saved != 0)
    {
      g_set_error (error, ST_EXPORT_ERROR, ST_EXPORT_ERROR_WRITE,
                   _("%s: the workbook written cannot be read back (%s)"), path, g_strerror (saved));
      return NULL;
    }
  return st_crypto_hex (digest, sizeof digest);
}

static gboolean
write_private_file (const char  *tmp_path,
                    const char  *path,
                    GBytes      *bytes,
                    GError     **error)
{
  gsize size;
  const guint8 *data = g_bytes_get_data (bytes, &size);
  int fd = g_open (tmp_path, O_WRONLY | O_TRUNC | O_CLOEXEC, 0);
  int saved = 0;

  if (fd < 0)
    saved = errno;
  while (saved == 0 && size > 0)
    {
      gssize n = write (fd, data, size);
      if (n < 0 && errno != EINTR)
        saved = errno;
      else if (n > 0)
        {
          data += n;
          size -= n;
        }
    }
  if (saved == 0 && fsync (fd) != 0)
    saved = errno;
  if (fd >= 0 && close (fd) != 0 && saved == 0)
    saved = errno;
  if (saved != 0)
    {
      g_set_error (error, ST_EXPORT_ERROR, ST_EXPORT_ERROR_WRITE,
                   _("%s: cannot be written (%s)"), path, g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

/* A detached CMS signature over the workbook's bytes. */
static GBytes *
sign_file (StSigningKey  *key,
           const char    *tmp_path,
           GError       **error)
{
  g_autoptr(GMappedFile) mapped = g_mapped_file_new (tmp_path, FALSE, NULL);
  g_autoptr(GBytes) content = NULL;

  if (mapped == NULL)
    {
      g_set_error (error, ST_EXPORT_ERROR, ST_EXPORT_ERROR_WRITE,
                   _("%s: the workbook written cannot be read back to sign it"), tmp_path);
      return NULL;
    }
  content = g_mapped_file_get_bytes (mapped);
  return st_pki_cms_sign (st_signing_key_cert_pem (key), st_signing_key_get_private (key),
                          st_signing_key_chain_pem (key), content, error);
}

/* What a new file gets by default: 0666 less the process's umask, read
 * without changing it (umask() would race with other threads). */
static mode_t
default_file_mode (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (g_file_get_contents ("/proc/self/status", &status, NULL, NULL)
      && (line = strstr (status, "\nUmask:")) != NULL)
    return 0666 & ~(mode_t) strtoul (line + strlen ("\nUmask:"), NULL, 8);
  return 0644;
}

static gboolean
put_in_place (const char  *tmp_path,
              const char  *path,
              GError     **error)
{
  if (g_chmod (tmp_path, default_file_mode ()) != 0 || g_rename (tmp_path, path) != 0)
    {
      int saved = errno;
      g_set_error (error, ST_EXPORT_ERROR, ST_EXPORT_ERROR_WRITE,
                   _("%s: cannot be put in place (%s); the export is recorded in the audit trail"),
                   path, g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

gboolean
st_export_check_signing (StSession  *session,
                         GError    **error)
{
  const StUserRecord *user;
  g_autoptr(StUserKeyRecord) key = NULL;
  g_autoptr(GError) local = NULL;

  if (!st_session_begin_read (session, error))
    return FALSE;
  user = st_session_get_user (session);
  key = st_store_users_active_key (st_session_get_db (session), user->id, &local);
  st_session_end_read (session);
  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  if (key == NULL)
    {
      g_set_error (error, ST_EXPORT_ERROR, ST_EXPORT_ERROR_NO_SIGNING_KEY,
                   _("sign: %s holds no signing certificate, so cannot sign the workbook; reviewers and "
                     "QPs have one, others can import their own (pki import) or export without --sign"),
                   user->username);
      return FALSE;
    }
  return TRUE;
}

/* Everything read in the export's snapshot. */
typedef struct {
  StSiteRecord *site;
  gint64 chain_seq;
  char *chain_hash;
  StExportCounts counts;
  char *exported_at;
} Snapshot;

static gboolean
read_snapshot (StDb     *db,
               Scope    *scope,
               Snapshot *snapshot,
               GError  **error)
{
  g_auto(GStrv) missing = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  missing = st_store_export_missing_lots (db, &scope->filter, error);
  if (missing == NULL)
    return FALSE;
  if (missing[0] != NULL)
    {
      g_autofree char *list = g_strjoinv (", ", missing);
      g_set_error (error, ST_EXPORT_ERROR, ST_EXPORT_ERROR_NOT_FOUND,
                   g_strv_length (missing) == 1 ? _("lot: no lot '%s'") : _("lot: no lots %s"), list);
      return FALSE;
    }
  snapshot->exported_at = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
  snapshot->site = st_store_site_get (db, error);
  return snapshot->site != NULL
      && st_store_export_chain_head (db, &snapshot->chain_seq, &snapshot->chain_hash, error)
      && st_store_export_count (db, &scope->filter, &snapshot->counts, error);
}

static void
snapshot_clear (Snapshot *snapshot)
{
  g_clear_pointer (&snapshot->site, st_site_record_free);
  g_clear_pointer (&snapshot->exported_at, g_free);
  g_clear_pointer (&snapshot->chain_hash, g_free);
}

typedef gboolean (*SheetFunc) (StExportContext *context, GError **error);

/* The workbook, from the snapshot, into @tmp_path. */
static gboolean
write_workbook (StSession       *session,
                Scope           *scope,
                Snapshot        *snapshot,
                StExportBook    *book,
                const char      *tmp_path,
                StExportResult  *result,
                GError         **error)
{
  static const SheetFunc sheets[] = {
    st_export_write_lots, st_export_write_donors, st_export_write_passages, st_export_write_results,
    st_export_write_deviations, st_export_write_signatures, st_export_write_audit,
    st_export_write_specifications,
  };
  const StExportCounts *c = &snapshot->counts;
  const StUserRecord *user = st_session_get_user (session);
  gint64 expected[ST_EXPORT_N_SHEETS] = {
    [ST_EXPORT_SHEET_SUMMARY] = ST_EXPORT_SUMMARY_ROWS,
    [ST_EXPORT_SHEET_LOTS] = c->lots,
    [ST_EXPORT_SHEET_DONORS] = c->donors,
    [ST_EXPORT_SHEET_PASSAGES] = c->passages,
    [ST_EXPORT_SHEET_RESULTS] = c->results,
    [ST_EXPORT_SHEET_DEVIATIONS] = c->deviations,
    [ST_EXPORT_SHEET_SIGNATURES] = c->signatures,
    [ST_EXPORT_SHEET_AUDIT] = c->audit,
    [ST_EXPORT_SHEET_SPECIFICATIONS] = c->specs,
  };
  StExportContext context = { st_session_get_db (session), &scope->filter, book };
  g_autofree char *exported_by = g_strdup_printf ("%s (%s)", user->full_name, user->username);
  StExportSummary summary = {
    .site = snapshot->site->name,
    .exported_by = exported_by,
    .exported_at = snapshot->exported_at,
    .scope_lots = scope->lots_words,
    .since = scope->since,
    .until = scope->until,
    .chain_seq = snapshot->chain_seq,
    .chain_hash = snapshot->chain_hash,
    .rows = result->rows,
  };
  lxw_doc_properties properties = {
    .title = (char *) "Batch records",
    .subject = scope->words,
    .author = exported_by,
    .company = snapshot->site->name,
    .comments = (char *) "Exported by Stroma " PACKAGE_VERSION,
  };

  /* Progress counts rows; a specification version has about 20 items. */
  book->work_total = c->lots + c->donors + c->passages + c->results + c->deviations
                     + c->signatures + c->audit + 20 * c->specs;
  if (!st_export_book_open (book, tmp_path, expected, error))
    return FALSE;
  if (workbook_set_properties (book->workbook, &properties) != LXW_NO_ERROR)
    {
      g_set_error (error, ST_EXPORT_ERROR, ST_EXPORT_ERROR_WRITE,
                   _("workbook: the document properties could not be set"));
      return FALSE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (sheets); i++)
    {
      StExportSheet id = ST_EXPORT_SHEET_LOTS + i;

      if (!sheets[i] (&context, error))
        return FALSE;
      result->rows[id] = book->sheets[id].rows;
    }
  result->rows[ST_EXPORT_SHEET_SUMMARY] = ST_EXPORT_SUMMARY_ROWS;
  if (!st_export_write_summary (&context, &summary, error))
    return FALSE;
  result->cells = book->cells;
  return st_export_book_close (book, error);
}

static gboolean
audit_export (StSession   *session,
              const char  *base,
              Scope       *scope,
              const char  *sha256,
              const char  *p7s_sha256,
              GError     **error)
{
  StAuditChange change = {
    .action = "export", .table = "exports", .record = base,
    .field = "sha256", .new_value = sha256, .reason = scope->words,
  };

  if (!st_session_begin (session, ST_ROLE_NONE, _("export"), error))
    return FALSE;
  if (!st_session_audit (session, &change, error))
    goto fail;
  if (p7s_sha256 != NULL)
    {
      change.field = "p7s_sha256";
      change.new_value = p7s_sha256;
      if (!st_session_audit (session, &change, error))
        goto fail;
    }
  return st_session_commit (session, error);

fail:
  st_session_rollback (session);
  return FALSE;
}

gboolean
st_export_xlsx (StSession            *session,
                const StExportScope  *in,
                const char           *path,
                StExportProgress      progress,
                gpointer              user_data,
                GCancellable         *cancellable,
                StExportResult       *result_out,
                GError              **error)
{
  static const StExportScope everything = { 0 };
  StExportResult result = { 0 };
  Scope scope = { 0 };
  Snapshot snapshot = { 0 };
  StExportBook book = { .progress = progress, .progress_data = user_data, .cancellable = cancellable };
  g_autoptr(StSigningKey) key = NULL;
  g_autoptr(GBytes) signature = NULL;
  g_autofree char *folder = NULL;
  g_autofree char *base = NULL;
  g_autofree char *tmp_xlsx = NULL;
  g_autofree char *tmp_p7s = NULL;
  g_autofree char *p7s_path = NULL;
  g_autofree char *p7s_sha256 = NULL;
  gboolean reading = FALSE;
  gboolean ok = FALSE;

  g_return_val_if_fail (ST_IS_SESSION (session), FALSE);

  if (in == NULL)
    in = &everything;
  if (!st_session_require (session, ST_ROLE_NONE, _("export"), error)
      || !scope_init (&scope, in, error)
      || !check_path (path, &folder, error))
    goto out;
  base = g_path_get_basename (path);
  if (in->sign)
    {
      p7s_path = g_strconcat (path, ".p7s", NULL);
      if (g_file_test (p7s_path, G_FILE_TEST_IS_DIR))
        {
          g_set_error (error, ST_EXPORT_ERROR, ST_EXPORT_ERROR_PATH,
                       _("%s: is a folder; the signature cannot be written there"), p7s_path);
          goto out;
        }
      if (!st_export_check_signing (session, error))
        goto out;
      if (in->password == NULL)
        {
          g_set_error (error, ST_EXPORT_ERROR, ST_EXPORT_ERROR_INVALID,
                       _("password: signing the workbook needs the password again"));
          goto out;
        }
      if ((key = st_signing_unlock (session, in->password, error)) == NULL)
        goto out;
    }

  if (!st_session_begin_read (session, error))
    goto out;
  reading = TRUE;
  if (!read_snapshot (st_session_get_db (session), &scope, &snapshot, error)
      || !create_private_file (folder, base, path, &tmp_xlsx, error)
      || !write_workbook (session, &scope, &snapshot, &book, tmp_xlsx, &result, error))
    goto out;
  st_session_end_read (session);
  reading = FALSE;

  if ((result.sha256 = sha256_and_sync (tmp_xlsx, path, error)) == NULL)
    goto out;
  if (key != NULL)
    {
      g_autofree char *p7s_base = g_path_get_basename (p7s_path);

      if ((signature = sign_file (key, tmp_xlsx, error)) == NULL
          || !create_private_file (folder, p7s_base, p7s_path, &tmp_p7s, error)
          || !write_private_file (tmp_p7s, p7s_path, signature, error))
        goto out;
      p7s_sha256 = st_crypto_sha256_hex (g_bytes_get_data (signature, NULL), g_bytes_get_size (signature));
    }
  if (g_cancellable_set_error_if_cancelled (cancellable, error)
      || !audit_export (session, base, &scope, result.sha256, p7s_sha256, error))
    goto out;

  /* Recorded: from here on the files are the export. */
  if (!put_in_place (tmp_xlsx, path, error))
    goto out;
  g_clear_pointer (&tmp_xlsx, g_free);
  if (tmp_p7s != NULL)
    {
      if (!put_in_place (tmp_p7s, p7s_path, error))
        goto out;
      g_clear_pointer (&tmp_p7s, g_free);
      result.p7s_path = g_steal_pointer (&p7s_path);
    }
  if (progress != NULL)
    progress (1.0, user_data);
  ok = TRUE;

out:
  if (book.workbook != NULL)
    st_export_book_abandon (&book);
  if (reading)
    st_session_end_read (session);
  if (tmp_xlsx != NULL)
    g_unlink (tmp_xlsx);
  if (tmp_p7s != NULL)
    g_unlink (tmp_p7s);
  snapshot_clear (&snapshot);
  scope_clear (&scope);
  if (ok && result_out != NULL)
    *result_out = result;
  else
    st_export_result_clear (&result);
  return ok;
}
