/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "st-label-factory.h"

typedef struct {
  char *property;
  StLabelFlags flags;
} Cell;

static void
cell_free (gpointer data)
{
  Cell *cell = data;

  g_free (cell->property);
  g_free (cell);
}

static void
on_setup (GtkSignalListItemFactory *factory,
          GtkListItem              *list_item,
          Cell                     *cell)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_label_set_yalign (GTK_LABEL (label), 0.0);
  if (cell->flags & ST_LABEL_WRAP)
    {
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
    }
  else
    gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  if (cell->flags & ST_LABEL_NUMERIC)
    gtk_widget_add_css_class (label, "numeric");
  gtk_list_item_set_child (list_item, label);
}

static void
on_bind (GtkSignalListItemFactory *factory,
         GtkListItem              *list_item,
         Cell                     *cell)
{
  GtkWidget *label = gtk_list_item_get_child (list_item);
  g_autofree char *text = NULL;

  g_object_get (gtk_list_item_get_item (list_item), cell->property, &text, NULL);
  gtk_label_set_label (GTK_LABEL (label), text != NULL ? text : "");
  gtk_widget_set_tooltip_text (label, text != NULL && *text != '\0' ? text : NULL);
}

GtkListItemFactory *
st_label_factory_new (const char   *property,
                      StLabelFlags  flags)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  Cell *cell = g_new0 (Cell, 1);

  cell->property = g_strdup (property);
  cell->flags = flags;
  g_signal_connect (factory, "setup", G_CALLBACK (on_setup), cell);
  g_signal_connect (factory, "bind", G_CALLBACK (on_bind), cell);
  g_object_set_data_full (G_OBJECT (factory), "st-label-cell", cell, cell_free);
  return factory;
}
