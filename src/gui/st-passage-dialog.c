/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "st-passage-dialog.h"

#include <glib/gi18n-lib.h>

#include "st-evaluate.h"
#include "st-lots.h"
#include "st-value.h"

struct _StPassageDialog {
  AdwWindow parent_instance;

  GtkEntry *number_entry;
  GtkEntry *seeded_entry;
  GtkEntry *harvested_entry;
  GtkEntry *seeded_on_entry;
  GtkEntry *harvested_on_entry;
  GtkLabel *pd_label;
  GtkLabel *error_label;
  GtkWidget *action_button;

  StSession *session;
  char *lot_number;
};

G_DEFINE_FINAL_TYPE (StPassageDialog, st_passage_dialog, ADW_TYPE_WINDOW)

enum {
  SIGNAL_ADDED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char *
text_of (GtkEntry *entry)
{
  return gtk_editable_get_text (GTK_EDITABLE (entry));
}

static void
show_error (StPassageDialog *self,
            const char      *message)
{
  gtk_label_set_label (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

/* The doublings as soon as both counts read as counts. */
static void
on_changed (StPassageDialog *self)
{
  gint64 seeded = 0, harvested = 0;

  show_error (self, NULL);
  if (st_value_parse_count ("seeded", text_of (self->seeded_entry), &seeded, NULL)
      && st_value_parse_count ("harvested", text_of (self->harvested_entry), &harvested, NULL))
    {
      g_autofree char *text =
        g_strdup_printf (_("Population doublings: %.2f"), st_evaluate_population_doublings (seeded, harvested));
      gtk_label_set_label (self->pd_label, text);
    }
  else
    gtk_label_set_label (self->pd_label, "");
}

static void
on_add (StPassageDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *number = g_strstrip (g_strdup (text_of (self->number_entry)));
  g_autofree char *seeded = g_strstrip (g_strdup (text_of (self->seeded_entry)));
  g_autofree char *harvested = g_strstrip (g_strdup (text_of (self->harvested_entry)));
  g_autofree char *seeded_on = NULL;
  g_autofree char *harvested_on = NULL;
  StPassageInput input = {
    .number = number, .seeded = seeded, .harvested = harvested,
  };

  /* Dates are typed in the locale's order; the core takes ISO 8601. */
  seeded_on = st_value_date_from_locale ("seeded-on", text_of (self->seeded_on_entry), NULL, &error);
  if (seeded_on != NULL)
    harvested_on = st_value_date_from_locale ("harvested-on", text_of (self->harvested_on_entry), NULL, &error);
  if (harvested_on == NULL)
    {
      show_error (self, error->message);
      return;
    }
  input.seeded_on = seeded_on;
  input.harvested_on = harvested_on;
  if (!st_lots_add_passage (self->session, self->lot_number, &input, &error))
    {
      show_error (self, error->message);
      return;
    }
  g_signal_emit (self, signals[SIGNAL_ADDED], 0);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
st_passage_dialog_dispose (GObject *object)
{
  StPassageDialog *self = ST_PASSAGE_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), ST_TYPE_PASSAGE_DIALOG);
  g_clear_object (&self->session);
  g_clear_pointer (&self->lot_number, g_free);
  G_OBJECT_CLASS (st_passage_dialog_parent_class)->dispose (object);
}

static void
st_passage_dialog_class_init (StPassageDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = st_passage_dialog_dispose;

  signals[SIGNAL_ADDED] =
    g_signal_new ("added", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/stroma/Stroma/ui/st-passage-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, StPassageDialog, number_entry);
  gtk_widget_class_bind_template_child (widget_class, StPassageDialog, seeded_entry);
  gtk_widget_class_bind_template_child (widget_class, StPassageDialog, harvested_entry);
  gtk_widget_class_bind_template_child (widget_class, StPassageDialog, seeded_on_entry);
  gtk_widget_class_bind_template_child (widget_class, StPassageDialog, harvested_on_entry);
  gtk_widget_class_bind_template_child (widget_class, StPassageDialog, pd_label);
  gtk_widget_class_bind_template_child (widget_class, StPassageDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, StPassageDialog, action_button);
  gtk_widget_class_bind_template_callback (widget_class, on_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_add);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
st_passage_dialog_init (StPassageDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

StPassageDialog *
st_passage_dialog_new (GtkWindow  *parent,
                       StSession  *session,
                       const char *lot_number,
                       guint       next_number)
{
  StPassageDialog *self = g_object_new (ST_TYPE_PASSAGE_DIALOG, "transient-for", parent, NULL);
  g_autofree char *number = g_strdup_printf ("%u", next_number);
  g_autofree char *title = g_strdup_printf (_("Add Passage to %s"), lot_number);
  char today[16];
  g_autofree char *today_shown = NULL;
  g_autofree char *hint = st_value_date_hint (NULL);
  GDate date;

  self->session = g_object_ref (session);
  self->lot_number = g_strdup (lot_number);
  gtk_window_set_title (GTK_WINDOW (self), title);
  st_value_today (&date);
  g_date_strftime (today, sizeof today, "%Y-%m-%d", &date);
  gtk_editable_set_text (GTK_EDITABLE (self->number_entry), number);
  today_shown = st_value_date_to_locale (today, NULL);
  gtk_editable_set_text (GTK_EDITABLE (self->harvested_on_entry), today_shown);
  gtk_entry_set_placeholder_text (self->seeded_on_entry, hint);
  gtk_entry_set_placeholder_text (self->harvested_on_entry, hint);
  gtk_widget_grab_focus (GTK_WIDGET (self->seeded_entry));
  return self;
}
