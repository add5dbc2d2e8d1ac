/* linli-search-results.c: what the header's search finds, by kind
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "linli-search-results"

#include "config.h"

#include <glib/gi18n.h>

#include "linli-search.h"
#include "linli-search-results.h"

#define MAX_PER_GROUP 8

struct _LinliSearchResults
{
  GtkWidget   parent_instance;

  LinliDb    *db;
  char       *community_id;

  GtkWidget  *scroller;
  GtkStack   *stack;
  GtkListBox *list;
  GtkLabel   *empty_label;
};

G_DEFINE_FINAL_TYPE (LinliSearchResults, linli_search_results, GTK_TYPE_WIDGET)

enum {
  CHOSEN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

void
linli_search_results_set_context (LinliSearchResults *self,
                                  LinliDb            *db,
                                  const char         *community_id)
{
  g_return_if_fail (LINLI_IS_SEARCH_RESULTS (self));

  g_set_object (&self->db, db);
  g_free (self->community_id);
  self->community_id = g_strdup (community_id);
}

static void
header_func (GtkListBoxRow *row,
             GtkListBoxRow *before,
             gpointer       user_data)
{
  int group = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (row), "group"));
  GtkWidget *label;

  if (before != NULL && GPOINTER_TO_INT (g_object_get_data (G_OBJECT (before), "group")) == group)
    {
      gtk_list_box_row_set_header (row, NULL);
      return;
    }

  label = gtk_label_new (linli_search_group_label (group));
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "heading");
  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_set_margin_start (label, 12);
  gtk_widget_set_margin_top (label, before ? 12 : 6);
  gtk_widget_set_margin_bottom (label, 3);
  gtk_list_box_row_set_header (row, label);
}

static GtkWidget *
make_row (LinliSearchHit *hit)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *title = gtk_label_new (hit->title);
  GtkWidget *subtitle = gtk_label_new (hit->subtitle);

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (subtitle), 0);
  gtk_label_set_ellipsize (GTK_LABEL (subtitle), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (subtitle, "dim-label");
  gtk_widget_add_css_class (subtitle, "caption");
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), subtitle);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);

  g_object_set_data (G_OBJECT (row), "group", GINT_TO_POINTER (hit->group));
  g_object_set_data_full (G_OBJECT (row), "table", g_strdup (hit->table), g_free);
  g_object_set_data_full (G_OBJECT (row), "id", g_strdup (hit->id), g_free);
  return row;
}

/**
 * linli_search_results_search:
 *
 * Returns: the number of results shown
 */
guint
linli_search_results_search (LinliSearchResults *self,
                             const char         *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) hits = NULL;
  GtkWidget *child;
  int per_group[LINLI_SEARCH_N_GROUPS] = { 0 };
  guint shown = 0;

  g_return_val_if_fail (LINLI_IS_SEARCH_RESULTS (self), 0);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);

  if (self->db == NULL || text == NULL || *text == '\0')
    return 0;

  hits = linli_search (self->db, self->community_id, text, 120, &error);
  if (hits == NULL)
    {
      gtk_label_set_text (self->empty_label, error->message);
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return 0;
    }

  for (guint i = 0; i < hits->len; i++)
    {
      LinliSearchHit *hit = hits->pdata[i];

      if (per_group[hit->group]++ >= MAX_PER_GROUP)
        continue;
      gtk_list_box_append (self->list, make_row (hit));
      shown++;
    }

  if (shown == 0)
    {
      g_autofree char *msg = g_strdup_printf (_("Nothing found for “%s”.\nTry a name, a phone’s last digits, or an address such as 12栋2单元501."), text);

      gtk_label_set_text (self->empty_label, msg);
      gtk_stack_set_visible_child_name (self->stack, "empty");
    }
  else
    {
      gtk_stack_set_visible_child_name (self->stack, "results");
      gtk_list_box_select_row (self->list, gtk_list_box_get_row_at_index (self->list, 0));
    }

  return shown;
}

static void
on_row_activated_cb (LinliSearchResults *self,
                     GtkListBoxRow      *row,
                     GtkListBox         *list)
{
  g_signal_emit (self, signals[CHOSEN], 0,
                 g_object_get_data (G_OBJECT (row), "table"),
                 g_object_get_data (G_OBJECT (row), "id"));
}

gboolean
linli_search_results_activate_first (LinliSearchResults *self)
{
  GtkListBoxRow *row = gtk_list_box_get_selected_row (self->list);

  if (row == NULL)
    row = gtk_list_box_get_row_at_index (self->list, 0);
  if (row == NULL)
    return FALSE;

  on_row_activated_cb (self, row, self->list);
  return TRUE;
}

gboolean
linli_search_results_focus_first (LinliSearchResults *self)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->list, 0);

  if (row == NULL)
    return FALSE;
  return gtk_widget_grab_focus (GTK_WIDGET (row));
}

static void
linli_search_results_dispose (GObject *object)
{
  LinliSearchResults *self = LINLI_SEARCH_RESULTS (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), LINLI_TYPE_SEARCH_RESULTS);
  g_clear_object (&self->db);
  g_clear_pointer (&self->community_id, g_free);

  G_OBJECT_CLASS (linli_search_results_parent_class)->dispose (object);
}

static void
linli_search_results_class_init (LinliSearchResultsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = linli_search_results_dispose;

  /**
   * LinliSearchResults::chosen:
   * @table: the record's table
   * @id: the record's id
   */
  signals[CHOSEN] = g_signal_new ("chosen", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/linli/Linli/linli-search-results.ui");
  gtk_widget_class_bind_template_child (widget_class, LinliSearchResults, scroller);
  gtk_widget_class_bind_template_child (widget_class, LinliSearchResults, stack);
  gtk_widget_class_bind_template_child (widget_class, LinliSearchResults, list);
  gtk_widget_class_bind_template_child (widget_class, LinliSearchResults, empty_label);
}

static void
linli_search_results_init (LinliSearchResults *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_list_box_set_header_func (self->list, header_func, NULL, NULL);
  g_signal_connect_object (self->list, "row-activated", G_CALLBACK (on_row_activated_cb), self,
                           G_CONNECT_SWAPPED);
}
