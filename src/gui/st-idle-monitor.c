/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "st-idle-monitor.h"

struct _StIdleMonitor {
  GObject parent_instance;

  double minutes;
  gboolean active;
  gint64 last_input;
  guint timeout_id;
  GListModel *toplevels;
};

G_DEFINE_FINAL_TYPE (StIdleMonitor, st_idle_monitor, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_MINUTES,
  N_PROPS
};

enum {
  SIGNAL_IDLE,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

#define WATCHED_KEY "st-idle-monitor-watched"

static gint64
timeout_us (StIdleMonitor *self)
{
  return (gint64) (self->minutes * 60.0 * G_USEC_PER_SEC);
}

static gboolean
on_check (gpointer user_data)
{
  StIdleMonitor *self = user_data;

  if (self->active && g_get_monotonic_time () - self->last_input >= timeout_us (self))
    {
      self->active = FALSE;
      g_signal_emit (self, signals[SIGNAL_IDLE], 0);
    }
  return G_SOURCE_CONTINUE;
}

/* Checked ten times per period, at most every 5 s and at least every 0.1 s. */
static void
restart_timer (StIdleMonitor *self)
{
  guint interval = (guint) CLAMP (timeout_us (self) / 10000, 100, 5000);

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  self->timeout_id = g_timeout_add (interval, on_check, self);
}

static gboolean
on_event (GtkEventControllerLegacy *controller,
          GdkEvent                 *event,
          StIdleMonitor            *self)
{
  switch (gdk_event_get_event_type (event))
    {
    case GDK_KEY_PRESS:
    case GDK_BUTTON_PRESS:
    case GDK_MOTION_NOTIFY:
    case GDK_SCROLL:
    case GDK_TOUCH_BEGIN:
      st_idle_monitor_touch (self);
      break;
    default:
      break;
    }
  return GDK_EVENT_PROPAGATE;
}

static void
watch_window (StIdleMonitor *self,
              GtkWindow     *window)
{
  GtkEventController *controller;

  if (g_object_get_data (G_OBJECT (window), WATCHED_KEY) == self)
    return;
  controller = gtk_event_controller_legacy_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect_object (controller, "event", G_CALLBACK (on_event), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (window), controller);
  g_object_set_data (G_OBJECT (window), WATCHED_KEY, self);
}

/* Every window of the application, dialogs that come later included. */
static void
on_toplevels_changed (GListModel    *toplevels,
                      guint          position,
                      guint          removed,
                      guint          added,
                      StIdleMonitor *self)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);
      watch_window (self, window);
    }
}

static void
st_idle_monitor_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  StIdleMonitor *self = ST_IDLE_MONITOR (object);

  switch (prop_id)
    {
    case PROP_MINUTES:
      self->minutes = g_value_get_double (value);
      restart_timer (self);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
st_idle_monitor_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  StIdleMonitor *self = ST_IDLE_MONITOR (object);

  switch (prop_id)
    {
    case PROP_MINUTES:
      g_value_set_double (value, self->minutes);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
st_idle_monitor_dispose (GObject *object)
{
  StIdleMonitor *self = ST_IDLE_MONITOR (object);

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  if (self->toplevels != NULL)
    g_signal_handlers_disconnect_by_func (self->toplevels, on_toplevels_changed, self);
  g_clear_object (&self->toplevels);
  G_OBJECT_CLASS (st_idle_monitor_parent_class)->dispose (object);
}

static void
st_idle_monitor_class_init (StIdleMonitorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->set_property = st_idle_monitor_set_property;
  object_class->get_property = st_idle_monitor_get_property;
  object_class->dispose = st_idle_monitor_dispose;

  properties[PROP_MINUTES] =
    g_param_spec_double ("minutes", NULL, NULL, 0.01, 24 * 60.0, 15.0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_IDLE] =
    g_signal_new ("idle", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
st_idle_monitor_init (StIdleMonitor *self)
{
  self->minutes = 15.0;
  self->last_input = g_get_monotonic_time ();
  self->toplevels = g_object_ref (gtk_window_get_toplevels ());
  g_signal_connect (self->toplevels, "items-changed", G_CALLBACK (on_toplevels_changed), self);
  on_toplevels_changed (self->toplevels, 0, 0, g_list_model_get_n_items (self->toplevels), self);
  restart_timer (self);
}

StIdleMonitor *
st_idle_monitor_new (void)
{
  return g_object_new (ST_TYPE_IDLE_MONITOR, NULL);
}

void
st_idle_monitor_set_active (StIdleMonitor *self,
                            gboolean       active)
{
  g_return_if_fail (ST_IS_IDLE_MONITOR (self));

  self->active = active;
  st_idle_monitor_touch (self);
}

gboolean
st_idle_monitor_get_active (StIdleMonitor *self)
{
  return self->active;
}

double
st_idle_monitor_get_minutes (StIdleMonitor *self)
{
  return self->minutes;
}

void
st_idle_monitor_touch (StIdleMonitor *self)
{
  self->last_input = g_get_monotonic_time ();
}
