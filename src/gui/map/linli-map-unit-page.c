/* linli-map-unit-page.c: a unit's floor-by-room table of households
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "linli-map"

#include "config.h"

#include <glib/gi18n.h>

#include "linli-floor-table-view.h"
#include "linli-map-unit-page.h"

struct _LinliMapUnitPage
{
  LinliMapPage         parent_instance;

  GtkLabel            *title;
  GtkLabel            *subtitle;
  LinliFloorTableView *table;
  GtkLabel            *marks;
  char                *selected;
};

G_DEFINE_FINAL_TYPE (LinliMapUnitPage, linli_map_unit_page, LINLI_TYPE_MAP_PAGE)

static void
linli_map_unit_page_reload (LinliMapPage *page)
{
  LinliMapUnitPage *self = LINLI_MAP_UNIT_PAGE (page);
  LinliMapSession *session = linli_map_page_get_session (page);
  LinliDb *db = linli_map_page_get_db (page);
  const char *id = linli_map_page_get_id (page);
  g_autofree char *building = linli_db_query_string (db, NULL, "SELECT building_id FROM unit WHERE id = ?", "s", id);
  g_autoptr(LinliFloorTable) table = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  g_autofree char *number = NULL;
  GString *sub;
  LinliFloorUnit *unit;
  int days = linli_map_session_get_coverage_days (session);

  if (building == NULL)
    return;
  table = linli_floor_table_load (db, building, id, linli_map_page_get_today (page), &error);
  if (table == NULL || table->units->len == 0)
    {
      linli_map_session_error (session, _("The households could not be read"), error);
      return;
    }
  unit = table->units->pdata[0];
  number = g_strdup_printf (C_("map label", "No. %s"), table->building_number);
  /* Translators: building and unit, e.g. 12栋 2单元 */
  title = unit->name && *unit->name ? g_strdup_printf ("%s %s", number, unit->name)
                                    : g_strdup_printf (_("%s Unit %d"), number, unit->number);
  gtk_label_set_label (self->title, title);

  sub = g_string_new (NULL);
  g_string_append_printf (sub, _("%d households · %d residents"), unit->households, unit->residents);
  if (unit->care > 0)
    {
      g_string_append (sub, " · ");
      g_string_append_printf (sub, _("%d of special care"), unit->care);
    }
  g_string_append (sub, " · ");
  g_string_append_printf (sub, _("%d not visited in %d days"),
                          days > 7 ? unit->not_visited_30 : unit->not_visited_7, days);
  gtk_label_set_label (self->subtitle, sub->str);
  g_string_free (sub, TRUE);

  linli_floor_table_view_set_table (self->table, table);

  /* What the marks in this unit mean. */
  {
    guint used = 0;
    GString *legend = g_string_new (NULL);

    for (guint i = 0; i < table->cells->len; i++)
      used |= ((LinliFloorCell *) table->cells->pdata[i])->marks;
    for (guint bit = 0; bit < LINLI_N_MARKS - 1; bit++)
      if (used & (1u << bit))
        {
          g_autofree char *mark = g_markup_escape_text (linli_mark_short_label (bit), -1);
          g_autofree char *label = g_markup_escape_text (linli_mark_label (bit), -1);

          g_string_append_printf (legend, "%s<span foreground=\"%s\" weight=\"bold\">%s</span> %s",
                                  legend->len ? "   " : "", linli_mark_color (bit), mark, label);
        }
    gtk_label_set_markup (self->marks, legend->str);
    gtk_widget_set_visible (GTK_WIDGET (self->marks), legend->len > 0);
    g_string_free (legend, TRUE);
  }
  linli_floor_table_view_set_layers (self->table, linli_map_session_get_layers (session), days);
  linli_floor_table_view_set_selected (self->table, self->selected);
}

/**
 * linli_map_unit_page_set_selected:
 * @household_id: (nullable): the household to mark in the table
 */
void
linli_map_unit_page_set_selected (LinliMapUnitPage *self,
                                  const char       *household_id)
{
  g_free (self->selected);
  self->selected = g_strdup (household_id);
  linli_floor_table_view_set_selected (self->table, household_id);
}

static void
on_household_activated_cb (LinliMapUnitPage    *self,
                           const char          *household_id,
                           LinliFloorTableView *table)
{
  linli_map_session_open (linli_map_page_get_session (LINLI_MAP_PAGE (self)), "household", household_id);
}

static void
linli_map_unit_page_dispose (GObject *object)
{
  LinliMapUnitPage *self = LINLI_MAP_UNIT_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (object), LINLI_TYPE_MAP_UNIT_PAGE);
  g_clear_pointer (&self->selected, g_free);

  G_OBJECT_CLASS (linli_map_unit_page_parent_class)->dispose (object);
}

static gboolean
linli_map_unit_page_grab_focus (GtkWidget *widget)
{
  return gtk_widget_grab_focus (GTK_WIDGET (LINLI_MAP_UNIT_PAGE (widget)->table));
}

static void
linli_map_unit_page_class_init (LinliMapUnitPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  LinliMapPageClass *page_class = LINLI_MAP_PAGE_CLASS (klass);

  object_class->dispose = linli_map_unit_page_dispose;
  widget_class->grab_focus = linli_map_unit_page_grab_focus;
  page_class->reload = linli_map_unit_page_reload;

  g_type_ensure (LINLI_TYPE_FLOOR_TABLE_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/linli/Linli/map/linli-map-unit-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LinliMapUnitPage, title);
  gtk_widget_class_bind_template_child (widget_class, LinliMapUnitPage, subtitle);
  gtk_widget_class_bind_template_child (widget_class, LinliMapUnitPage, table);
  gtk_widget_class_bind_template_child (widget_class, LinliMapUnitPage, marks);
}

static void
linli_map_unit_page_init (LinliMapUnitPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_object (self->table, "household-activated", G_CALLBACK (on_household_activated_cb), self,
                           G_CONNECT_SWAPPED);
}
