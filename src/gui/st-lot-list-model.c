/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "st-lot-list-model.h"

#include <glib/gi18n-lib.h>

#include "st-lot-item.h"
#include "st-session-twin.h"

/*
 * Two things keep a new search from stalling the window:
 *
 * - The query is counted in a worker thread on a twin session of its own
 *   (a session is not thread-safe), with the first windows of rows; the
 *   main thread only installs the answer.  Only the newest query asked is
 *   run: a query typed over while the worker is busy is never run.
 * - The items are positions, not lots: the item a view got for position
 *   P stays the item of P while anything holds it, and a new answer
 *   changes its contents in place.  A list view keeps some 200 rows
 *   built around what it shows; telling it "everything changed" would
 *   have it destroy and build all of them again, and look at every new
 *   item to find its anchor.  In place, only the cells whose text changed
 *   are drawn again, and only a change of the count is announced.
 *   The same lets a deep window (a jump to the end of 100,000 lots) be
 *   read by the worker: its items are shown empty and filled in place.
 */

/* Rows read per query, and how many such pages stay cached. */
#define PAGE_SIZE 64
#define MAX_PAGES 32
/* Pages read with the count, by the worker: the top of the list (a view
 * builds some 200 rows there) and the pages of the rows a view has built. */
#define MAX_PREFETCH 8
#define TOP_PAGES 4
/* A list view builds some 200 rows of what it is told is there; a list
 * that grows (the first answer after the sign-in) is told this many rows
 * first, enough to fill the window, and the rest once that is drawn. */
#define SHOW_FIRST PAGE_SIZE

typedef struct _Worker Worker;

typedef struct {
  StLotListModel *model;    /* not a reference: slots are dropped in dispose */
  guint position;
  StLotItem *item;          /* not a reference: the slot goes when the item does */
} Slot;

struct _StLotListModel {
  GObject parent_instance;

  StSession *session;
  StLotList *list;
  char *search;
  char *status;
  StLotQuery query;
  guint n_items;            /* told to the views */
  guint n_rows;             /* of the list; more than n_items until revealed */
  GHashTable *pages;        /* page index -> GPtrArray of StLotItem */
  GQueue recent;            /* page indexes, most recent first */
  GHashTable *slots;        /* position -> Slot, for every item alive */
  Worker *worker;
  guint64 asked;            /* the newest query asked of the worker */
  guint64 shown;            /* the query whose answer is shown, 0: none */
  GHashTable *reading;      /* pages of the shown list the worker reads */
  gboolean loading;
};

static void st_lot_list_model_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (StLotListModel, st_lot_list_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, st_lot_list_model_list_model_init))

enum {
  PROP_0,
  PROP_N_ITEMS,
  PROP_N_NEEDS_ME,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_LOADED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Slots ------------------------------------------------------------------- */

static void
on_item_finalized (gpointer  data,
                   GObject  *where_the_object_was)
{
  Slot *slot = data;

  g_hash_table_remove (slot->model->slots, GUINT_TO_POINTER (slot->position));
}

static StLotItem *
slot_item (StLotListModel *self,
           guint           position)
{
  Slot *slot = g_hash_table_lookup (self->slots, GUINT_TO_POINTER (position));

  return slot != NULL ? slot->item : NULL;
}

static StLotItem *
slot_add (StLotListModel *self,
          guint           position,
          const StLotRow *row)
{
  Slot *slot = g_new0 (Slot, 1);

  slot->model = self;
  slot->position = position;
  slot->item = st_lot_item_new (row);
  g_object_weak_ref (G_OBJECT (slot->item), on_item_finalized, slot);
  g_hash_table_insert (self->slots, GUINT_TO_POINTER (position), slot);
  return slot->item;
}

/* Lets go of the slots at @from and after (all with 0). */
static void
slots_drop (StLotListModel *self,
            guint           from)
{
  GHashTableIter iter;
  Slot *slot;

  g_hash_table_iter_init (&iter, self->slots);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &slot))
    if (slot->position >= from)
      {
        g_object_weak_unref (G_OBJECT (slot->item), on_item_finalized, slot);
        g_hash_table_iter_remove (&iter);
      }
}

/* Pages ------------------------------------------------------------------- */

static void
forget_pages (StLotListModel *self)
{
  g_hash_table_remove_all (self->pages);
  g_queue_clear (&self->recent);
}

/* Makes the items of @page show @rows (NULL: read them now). */
static GPtrArray *
install_page (StLotListModel *self,
              guint           page,
              GPtrArray      *rows)
{
  g_autoptr(GPtrArray) read = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *items = g_ptr_array_new_with_free_func (g_object_unref);
  guint first = page * PAGE_SIZE;
  guint n = first < self->n_rows ? MIN (PAGE_SIZE, self->n_rows - first) : 0;

  if (rows == NULL && self->list != NULL)
    {
      rows = read = st_lot_list_fetch (self->list, first, n, &error);
      if (rows == NULL && error != NULL)
        g_warning ("lot list: %s", error->message);
    }
  for (guint i = 0; i < n; i++)
    {
      /* Fewer rows than counted: the records changed since; the next
       * reload brings the list up to date. */
      const StLotRow *row = rows != NULL && i < rows->len ? g_ptr_array_index (rows, i) : NULL;
      StLotItem *item = slot_item (self, first + i);

      /* The page holds a reference to each of its items. */
      if (item != NULL)
        {
          st_lot_item_set_row (item, row);
          g_ptr_array_add (items, g_object_ref (item));
        }
      else
        g_ptr_array_add (items, slot_add (self, first + i, row));
    }
  g_hash_table_remove (self->pages, GUINT_TO_POINTER (page));
  g_queue_remove (&self->recent, GUINT_TO_POINTER (page));
  if (g_queue_get_length (&self->recent) >= MAX_PAGES)
    g_hash_table_remove (self->pages, g_queue_pop_tail (&self->recent));
  g_hash_table_insert (self->pages, GUINT_TO_POINTER (page), items);
  g_queue_push_head (&self->recent, GUINT_TO_POINTER (page));
  return items;
}

/* The worker ---------------------------------------------------------------- */

typedef struct {
  guint64 generation;
  StLotQuery query;
  char *search;
  char *status;
  guint pages[MAX_PREFETCH];    /* read with the count */
  guint n_pages;
} Request;

typedef struct {
  Worker *worker;
  Request *request;
  StLotList *list;
  GPtrArray *rows[MAX_PREFETCH]; /* StLotRow of request->pages[i], NULL past the end */
  GError *error;
} Answer;

/* A window of a list shown, read by the worker; also its answer. */
typedef struct {
  Worker *worker;
  guint64 generation;           /* the query of the list */
  guint page;
  StLotList *list;              /* a copy for the worker's session */
  GPtrArray *rows;
  GError *error;
} PageRead;

struct _Worker {
  GMutex mutex;
  GCond cond;
  Request *pending;             /* the newest query not yet taken */
  GQueue page_reads;            /* PageRead of the list shown, after the query */
  gboolean quit;
  StSessionTwin *ticket;        /* until the worker opened its twin */
  StDb *busy_db;                /* the twin's, while the worker reads */
  GWeakRef model;
  GMainContext *context;        /* the model's */
};

static void
request_free (Request *request)
{
  if (request == NULL)
    return;
  g_free (request->search);
  g_free (request->status);
  g_free (request);
}

static void
worker_unref (Worker *worker);

static void
page_read_free (PageRead *read)
{
  g_clear_pointer (&read->list, st_lot_list_free);
  g_clear_pointer (&read->rows, g_ptr_array_unref);
  g_clear_error (&read->error);
  worker_unref (read->worker);
  g_free (read);
}

/* An answer stopped by st_db_interrupt() is never shown: a newer query
 * asked for it to stop. */
static gboolean
is_interrupted (const GError *error)
{
  return g_error_matches (error, ST_DB_ERROR, ST_DB_ERROR_INTERRUPTED);
}

static void
worker_clear (Worker *worker)
{
  g_mutex_clear (&worker->mutex);
  g_cond_clear (&worker->cond);
  request_free (worker->pending);
  /* A read still queued holds a reference: the queue is empty by now. */
  g_assert_true (g_queue_is_empty (&worker->page_reads));
  st_session_twin_free (worker->ticket);
  g_weak_ref_clear (&worker->model);
  g_main_context_unref (worker->context);
}

/* Runs @deliver in the model's thread.  Not g_main_context_invoke(): with
 * the context free at that moment it would run in the worker's thread. */
static void
worker_deliver (Worker      *worker,
                GSourceFunc  deliver,
                gpointer     data)
{
  GSource *source = g_idle_source_new ();

  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, deliver, data, NULL);
  g_source_attach (source, worker->context);
  g_source_unref (source);
}

static void
worker_unref (Worker *worker)
{
  g_atomic_rc_box_release_full (worker, (GDestroyNotify) worker_clear);
}

static void
answer_free (Answer *answer)
{
  for (guint i = 0; i < MAX_PREFETCH; i++)
    g_clear_pointer (&answer->rows[i], g_ptr_array_unref);
  g_clear_pointer (&answer->list, st_lot_list_free);
  g_clear_error (&answer->error);
  request_free (answer->request);
  worker_unref (answer->worker);
  g_free (answer);
}

static void take_answer (StLotListModel *self, Answer *answer);

/* In the main thread: an answer to anything but the newest query is old. */
static gboolean
deliver_answer (gpointer data)
{
  Answer *answer = data;
  g_autoptr(StLotListModel) self = g_weak_ref_get (&answer->worker->model);

  if (self != NULL && self->worker == answer->worker && answer->request->generation == self->asked)
    take_answer (self, answer);
  answer_free (answer);
  return G_SOURCE_REMOVE;
}

static void install_read (StLotListModel *self, PageRead *read);

static gboolean
deliver_page (gpointer data)
{
  PageRead *read = data;
  g_autoptr(StLotListModel) self = g_weak_ref_get (&read->worker->model);

  if (self != NULL && self->worker == read->worker && read->generation == self->shown)
    install_read (self, read);
  page_read_free (read);
  return G_SOURCE_REMOVE;
}

static void
page_read_compute (PageRead  *read,
                   StSession *twin)
{
  st_lot_list_set_session (read->list, twin);
  read->rows = st_lot_list_fetch (read->list, read->page * PAGE_SIZE, PAGE_SIZE, &read->error);
  st_lot_list_set_session (read->list, NULL);
}

static gboolean
worker_has_news (Worker *worker)
{
  gboolean news;

  g_mutex_lock (&worker->mutex);
  news = worker->pending != NULL || worker->quit;
  g_mutex_unlock (&worker->mutex);
  return news;
}

/* FALSE: typed over meanwhile, nobody waits for this answer. */
static gboolean
answer_compute (Answer    *answer,
                StSession *twin)
{
  guint n;

  answer->list = st_lot_list_new (twin, &answer->request->query, &answer->error);
  if (answer->list == NULL)
    return TRUE;
  if (worker_has_news (answer->worker))
    return FALSE;
  n = st_lot_list_get_n_rows (answer->list);
  /* Pages that follow each other in one query: a search collected from the
   * indexes is sorted once per query. */
  for (guint i = 0, run; i < answer->request->n_pages; i += run)
    {
      guint first = answer->request->pages[i] * PAGE_SIZE;
      g_autoptr(GPtrArray) rows = NULL;

      for (run = 1; i + run < answer->request->n_pages
           && answer->request->pages[i + run] == answer->request->pages[i] + run; run++)
        ;
      if (first >= n)
        continue;
      rows = st_lot_list_fetch (answer->list, first, run * PAGE_SIZE, &answer->error);
      if (rows == NULL)
        {
          g_clear_pointer (&answer->list, st_lot_list_free);
          return TRUE;
        }
      for (guint j = 0; j < run && j * PAGE_SIZE < rows->len; j++)
        {
          guint count = MIN (PAGE_SIZE, rows->len - j * PAGE_SIZE);

          answer->rows[i + j] = g_ptr_array_new_with_free_func ((GDestroyNotify) st_lot_row_free);
          for (guint k = 0; k < count; k++)
            g_ptr_array_add (answer->rows[i + j], g_steal_pointer (&g_ptr_array_index (rows, j * PAGE_SIZE + k)));
        }
    }
  /* The twin stays in this thread. */
  st_lot_list_set_session (answer->list, NULL);
  return TRUE;
}

/* While the worker reads through @twin (NULL: done), a newer query
 * interrupts it. */
static void
worker_set_busy (Worker    *worker,
                 StSession *twin)
{
  g_mutex_lock (&worker->mutex);
  worker->busy_db = twin != NULL ? st_session_get_db (twin) : NULL;
  g_mutex_unlock (&worker->mutex);
}

/* answer_compute(), interruptible by a newer query. */
static gboolean
answer_compute_busy (Answer    *answer,
                     StSession *twin)
{
  gboolean wanted;

  worker_set_busy (answer->worker, twin);
  wanted = answer_compute (answer, twin);
  /* Interrupted for a query asked after the old one had ended: nothing
   * newer waits, so compute it again. */
  if (wanted && is_interrupted (answer->error) && !worker_has_news (answer->worker))
    {
      g_clear_error (&answer->error);
      g_clear_pointer (&answer->list, st_lot_list_free);
      for (guint i = 0; i < MAX_PREFETCH; i++)
        g_clear_pointer (&answer->rows[i], g_ptr_array_unref);
      wanted = answer_compute (answer, twin);
    }
  worker_set_busy (answer->worker, NULL);
  /* Stopped for a newer query: nobody waits for it. */
  return wanted && !is_interrupted (answer->error);
}

static gpointer
worker_thread (gpointer data)
{
  Worker *worker = data;
  g_autoptr(StSession) twin = NULL;
  g_autoptr(GError) open_error = NULL;

  twin = st_session_twin_open (worker->ticket, &open_error);
  g_mutex_lock (&worker->mutex);
  g_clear_pointer (&worker->ticket, st_session_twin_free);
  g_mutex_unlock (&worker->mutex);
  for (;;)
    {
      Answer *answer;
      Request *request = NULL;
      PageRead *read = NULL;

      g_mutex_lock (&worker->mutex);
      while (!worker->quit && worker->pending == NULL && g_queue_is_empty (&worker->page_reads))
        g_cond_wait (&worker->cond, &worker->mutex);
      if (!worker->quit)
        {
          /* A new query first: the windows queued are of the list it replaces. */
          request = g_steal_pointer (&worker->pending);
          if (request == NULL)
            read = g_queue_pop_head (&worker->page_reads);
        }
      g_mutex_unlock (&worker->mutex);
      if (read != NULL)
        {
          if (twin == NULL)
            read->error = g_error_copy (open_error);
          else
            {
              worker_set_busy (worker, twin);
              page_read_compute (read, twin);
              /* Interrupted for a query asked after the old one had
               * ended: nothing newer waits, so read it again. */
              if (is_interrupted (read->error) && !worker_has_news (worker))
                {
                  g_clear_error (&read->error);
                  g_clear_pointer (&read->rows, g_ptr_array_unref);
                  page_read_compute (read, twin);
                }
              worker_set_busy (worker, NULL);
            }
          worker_deliver (worker, deliver_page, read);
          continue;
        }
      if (request == NULL)
        break;
      answer = g_new0 (Answer, 1);
      answer->worker = g_atomic_rc_box_acquire (worker);
      answer->request = request;
      if (twin == NULL)
        answer->error = g_error_copy (open_error);
      else if (!answer_compute_busy (answer, twin))
        {
          answer_free (answer);
          continue;
        }
      worker_deliver (worker, deliver_answer, answer);
    }
  g_mutex_lock (&worker->mutex);
  g_queue_clear_full (&worker->page_reads, (GDestroyNotify) page_read_free);
  g_mutex_unlock (&worker->mutex);
  /* The twin is closed in the thread that used it. */
  g_clear_object (&twin);
  worker_unref (worker);
  return NULL;
}

static Worker *
worker_new (StLotListModel  *self,
            GError         **error)
{
  StSessionTwin *ticket = st_session_twin_new (self->session, error);
  Worker *worker;

  if (ticket == NULL)
    return NULL;
  worker = g_atomic_rc_box_new0 (Worker);
  g_mutex_init (&worker->mutex);
  g_cond_init (&worker->cond);
  g_queue_init (&worker->page_reads);
  worker->ticket = ticket;
  g_weak_ref_init (&worker->model, self);
  worker->context = g_main_context_ref_thread_default ();
  g_thread_unref (g_thread_new ("st-lot-list", worker_thread, g_atomic_rc_box_acquire (worker)));
  return worker;
}

static void
worker_stop (Worker *worker)
{
  g_mutex_lock (&worker->mutex);
  worker->quit = TRUE;
  g_cond_signal (&worker->cond);
  g_mutex_unlock (&worker->mutex);
  worker_unref (worker);
}

static void
worker_ask (Worker  *worker,
            Request *request)
{
  g_mutex_lock (&worker->mutex);
  request_free (worker->pending);
  worker->pending = request;
  g_queue_clear_full (&worker->page_reads, (GDestroyNotify) page_read_free);
  /* What the worker reads now is for the query replaced: stop it.  Under
   * the mutex, so the twin is still open. */
  if (worker->busy_db != NULL)
    st_db_interrupt (worker->busy_db);
  g_cond_signal (&worker->cond);
  g_mutex_unlock (&worker->mutex);
}

static void
worker_read_page (Worker    *worker,
                  guint64    generation,
                  StLotList *list,
                  guint      page)
{
  PageRead *read = g_new0 (PageRead, 1);

  read->worker = g_atomic_rc_box_acquire (worker);
  read->generation = generation;
  read->page = page;
  read->list = st_lot_list_copy (list);
  g_mutex_lock (&worker->mutex);
  g_queue_push_tail (&worker->page_reads, read);
  g_cond_signal (&worker->cond);
  g_mutex_unlock (&worker->mutex);
}

/* The model --------------------------------------------------------------- */

/* The items of @page, read by the worker: a window's query may take a
 * frame or more (deep in a large list, or a search sorted afterwards), so
 * its items are empty until the rows come and fill them in place. */
static GPtrArray *
fill_page (StLotListModel *self,
           guint           page)
{
  g_autoptr(GPtrArray) none = NULL;

  if (self->worker == NULL || self->shown == 0 || self->list == NULL)
    return install_page (self, page, NULL);
  if (!g_hash_table_contains (self->reading, GUINT_TO_POINTER (page)))
    {
      g_hash_table_add (self->reading, GUINT_TO_POINTER (page));
      worker_read_page (self->worker, self->shown, self->list, page);
    }
  none = g_ptr_array_new ();
  return install_page (self, page, none);
}

static void
install_read (StLotListModel *self,
              PageRead       *read)
{
  if (!g_hash_table_remove (self->reading, GUINT_TO_POINTER (read->page)))
    return;
  if (read->rows == NULL)
    {
      if (!is_interrupted (read->error))
        g_warning ("lot list: %s", read->error != NULL ? read->error->message : "?");
      return;
    }
  install_page (self, read->page, read->rows);
}

static GType
st_lot_list_model_get_item_type (GListModel *model)
{
  return ST_TYPE_LOT_ITEM;
}

static guint
st_lot_list_model_get_n_items (GListModel *model)
{
  return ST_LOT_LIST_MODEL (model)->n_items;
}

static gpointer
st_lot_list_model_get_item (GListModel *model,
                            guint       position)
{
  StLotListModel *self = ST_LOT_LIST_MODEL (model);
  StLotItem *item;

  if (position >= self->n_items)
    return NULL;
  item = slot_item (self, position);
  if (item == NULL)
    {
      GPtrArray *items = fill_page (self, position / PAGE_SIZE);
      item = g_ptr_array_index (items, position % PAGE_SIZE);
    }
  return g_object_ref (item);
}

static void
st_lot_list_model_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = st_lot_list_model_get_item_type;
  iface->get_n_items = st_lot_list_model_get_n_items;
  iface->get_item = st_lot_list_model_get_item;
}

static void
set_loading (StLotListModel *self,
             gboolean        loading)
{
  if (self->loading == loading)
    return;
  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
st_lot_list_model_dispose (GObject *object)
{
  StLotListModel *self = ST_LOT_LIST_MODEL (object);

  g_clear_pointer (&self->worker, worker_stop);
  forget_pages (self);
  slots_drop (self, 0);
  g_clear_pointer (&self->list, st_lot_list_free);
  g_clear_object (&self->session);
  G_OBJECT_CLASS (st_lot_list_model_parent_class)->dispose (object);
}

static void
st_lot_list_model_finalize (GObject *object)
{
  StLotListModel *self = ST_LOT_LIST_MODEL (object);

  g_hash_table_unref (self->pages);
  g_hash_table_unref (self->slots);
  g_hash_table_unref (self->reading);
  g_free (self->search);
  g_free (self->status);
  G_OBJECT_CLASS (st_lot_list_model_parent_class)->finalize (object);
}

static void
st_lot_list_model_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  StLotListModel *self = ST_LOT_LIST_MODEL (object);

  switch (prop_id)
    {
    case PROP_N_ITEMS:
      g_value_set_uint (value, self->n_items);
      break;
    case PROP_N_NEEDS_ME:
      g_value_set_uint (value, st_lot_list_model_get_n_needs_me (self));
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
st_lot_list_model_class_init (StLotListModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = st_lot_list_model_dispose;
  object_class->finalize = st_lot_list_model_finalize;
  object_class->get_property = st_lot_list_model_get_property;

  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_NEEDS_ME] =
    g_param_spec_uint ("n-needs-me", NULL, NULL, 0, G_MAXUINT, 0, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The answer to the newest query is shown (or the model was emptied). */
  signals[SIGNAL_LOADED] =
    g_signal_new ("loaded", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
st_lot_list_model_init (StLotListModel *self)
{
  self->pages = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, (GDestroyNotify) g_ptr_array_unref);
  self->slots = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, g_free);
  self->reading = g_hash_table_new (g_direct_hash, g_direct_equal);
  g_queue_init (&self->recent);
  self->query.sort = ST_LOT_SORT_CREATED;
  self->query.descending = TRUE;
  self->query.needs_me_first = TRUE;
}

StLotListModel *
st_lot_list_model_new (void)
{
  return g_object_new (ST_TYPE_LOT_LIST_MODEL, NULL);
}

static int
compare_pages (gconstpointer a,
               gconstpointer b)
{
  guint x = *(const guint *) a;
  guint y = *(const guint *) b;

  return x < y ? -1 : x > y;
}

/* The pages of the items alive (the rows a view has built), first ones first. */
static GArray *
alive_pages (StLotListModel *self)
{
  GArray *pages = g_array_new (FALSE, FALSE, sizeof (guint));
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, self->slots);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      guint page = GPOINTER_TO_UINT (key) / PAGE_SIZE;
      gboolean known = FALSE;

      for (guint i = 0; i < pages->len && !known; i++)
        known = g_array_index (pages, guint, i) == page;
      if (!known)
        g_array_append_val (pages, page);
    }
  g_array_sort (pages, compare_pages);
  return pages;
}

/* Replaces the list; the items alive show their new rows in place and only
 * a change of the count is announced.  @answer: rows already read. */
static void
replace_list (StLotListModel *self,
              StLotList      *list,
              Answer         *answer)
{
  guint old_n = self->n_items;
  g_autoptr(GArray) pages = NULL;

  forget_pages (self);
  g_hash_table_remove_all (self->reading);
  g_clear_pointer (&self->list, st_lot_list_free);
  self->list = list;
  self->n_rows = list != NULL ? st_lot_list_get_n_rows (list) : 0;
  self->n_items = MIN (self->n_rows, MAX (old_n, SHOW_FIRST));
  slots_drop (self, self->n_items);

  pages = alive_pages (self);
  for (guint i = 0; answer != NULL && i < answer->request->n_pages; i++)
    if (answer->rows[i] != NULL)
      install_page (self, answer->request->pages[i], answer->rows[i]);
  for (guint i = 0; i < pages->len; i++)
    if (!g_hash_table_contains (self->pages, GUINT_TO_POINTER (g_array_index (pages, guint, i))))
      fill_page (self, g_array_index (pages, guint, i));

  if (self->n_items > old_n)
    g_list_model_items_changed (G_LIST_MODEL (self), old_n, 0, self->n_items - old_n);
  else if (self->n_items < old_n)
    g_list_model_items_changed (G_LIST_MODEL (self), self->n_items, old_n - self->n_items, 0);
  if (old_n != self->n_items)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_NEEDS_ME]);
}

static void
reveal (StLotListModel *self)
{
  guint old_n = self->n_items;

  if (old_n >= self->n_rows)
    return;
  self->n_items = self->n_rows;
  g_list_model_items_changed (G_LIST_MODEL (self), old_n, 0, self->n_items - old_n);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

static void
take_answer (StLotListModel *self,
             Answer         *answer)
{
  if (answer->error != NULL)
    {
      g_warning ("lot list: %s", answer->error->message);
      self->shown = 0;
      replace_list (self, NULL, NULL);
    }
  else
    {
      st_lot_list_set_session (answer->list, self->session);
      self->shown = answer->request->generation;
      replace_list (self, g_steal_pointer (&answer->list), answer);
    }
  set_loading (self, self->n_items < self->n_rows);
  g_signal_emit (self, signals[SIGNAL_LOADED], 0);
}

/* Empties the model and forgets the worker and what was asked of it. */
static void
clear (StLotListModel *self)
{
  self->asked++;
  self->shown = 0;
  g_clear_pointer (&self->worker, worker_stop);
  replace_list (self, NULL, NULL);
  set_loading (self, FALSE);
}

void
st_lot_list_model_set_session (StLotListModel *self,
                               StSession      *session)
{
  g_return_if_fail (ST_IS_LOT_LIST_MODEL (self));

  /* The worker's twin is signed in as the session's user of the moment. */
  clear (self);
  g_set_object (&self->session, session);
}

void
st_lot_list_model_reload (StLotListModel *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) pages = NULL;
  Request *request;

  g_return_if_fail (ST_IS_LOT_LIST_MODEL (self));

  if (self->session == NULL || !st_session_is_signed_in (self->session))
    {
      clear (self);
      g_signal_emit (self, signals[SIGNAL_LOADED], 0);
      return;
    }
  /* Locked, no twin can be signed in: the unlock asks again. */
  if (st_session_is_locked (self->session))
    return;
  if (self->worker == NULL)
    self->worker = worker_new (self, &error);
  if (self->worker == NULL)
    {
      g_warning ("lot list: %s", error->message);
      clear (self);
      g_signal_emit (self, signals[SIGNAL_LOADED], 0);
      return;
    }

  request = g_new0 (Request, 1);
  request->generation = ++self->asked;
  request->search = g_strdup (self->query.search);
  request->status = g_strdup (self->query.status);
  request->query = self->query;
  request->query.search = request->search;
  request->query.status = request->status;
  /* The first rows (a new query is shown from the top), and those the
   * views have built. */
  pages = alive_pages (self);
  for (guint page = 0; page < TOP_PAGES; page++)
    request->pages[request->n_pages++] = page;
  for (guint i = 0; i < pages->len && request->n_pages < MAX_PREFETCH; i++)
    if (g_array_index (pages, guint, i) >= TOP_PAGES)
      request->pages[request->n_pages++] = g_array_index (pages, guint, i);
  worker_ask (self->worker, request);
  set_loading (self, TRUE);
}

void
st_lot_list_model_set_query (StLotListModel    *self,
                             const StLotQuery  *query)
{
  g_return_if_fail (ST_IS_LOT_LIST_MODEL (self));

  g_free (self->search);
  self->search = g_strdup (query->search);
  g_free (self->status);
  self->status = g_strdup (query->status);
  self->query = *query;
  self->query.search = self->search;
  self->query.status = self->status;
  st_lot_list_model_reload (self);
}

void
st_lot_list_model_stop_worker (StLotListModel *self)
{
  g_return_if_fail (ST_IS_LOT_LIST_MODEL (self));

  g_clear_pointer (&self->worker, worker_stop);
  /* Answers and windows asked of it will not come: the list shown stays,
   * as it is, until the next query. */
  g_hash_table_remove_all (self->reading);
  if (self->asked != self->shown)
    self->asked++;
  self->shown = self->asked;
  reveal (self);
  set_loading (self, FALSE);
}

void
st_lot_list_model_show_all (StLotListModel *self)
{
  g_return_if_fail (ST_IS_LOT_LIST_MODEL (self));

  if (self->asked != self->shown)
    return;
  reveal (self);
  set_loading (self, FALSE);
}

guint
st_lot_list_model_get_n_lots (StLotListModel *self)
{
  g_return_val_if_fail (ST_IS_LOT_LIST_MODEL (self), 0);

  return self->n_rows;
}

gboolean
st_lot_list_model_is_loading (StLotListModel *self)
{
  g_return_val_if_fail (ST_IS_LOT_LIST_MODEL (self), FALSE);

  return self->loading;
}

guint
st_lot_list_model_get_n_needs_me (StLotListModel *self)
{
  return self->list != NULL ? st_lot_list_get_n_needs_me (self->list) : 0;
}

gboolean
st_lot_list_model_is_capped (StLotListModel *self)
{
  return self->list != NULL && st_lot_list_is_capped (self->list);
}
