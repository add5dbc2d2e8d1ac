/* linli-map-building-page.c: a building, its front of households, its
 * units and its 119 squad
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "linli-map"

#include "config.h"

#include <glib/gi18n.h>

#include "linli-floor-table-view.h"
#include "linli-map-building-page.h"
#include "linli-map-floor-table.h"

struct _LinliMapBuildingPage
{
  LinliMapPage         parent_instance;

  GtkLabel            *title;
  GtkLabel            *subtitle;
  LinliFloorTableView *facade;
  GtkListBox          *units;
  AdwActionRow        *squad_row;
  AdwActionRow        *leader_row;
  AdwEntryRow         *name_row;
  AdwComboRow         *grid_row;
  GtkSpinButton       *floors_spin;

  GPtrArray           *grid_ids;   /* by position in grid_row; NULL = no grid */
  gboolean             loading;
};

G_DEFINE_FINAL_TYPE (LinliMapBuildingPage, linli_map_building_page, LINLI_TYPE_MAP_PAGE)

static void
squad_text (const LinliMapCounts *c,
            AdwActionRow         *row)
{
  g_autofree char *text = NULL;

  gtk_widget_remove_css_class (GTK_WIDGET (row), "linli-incomplete");
  switch (c->squad)
    {
    case LINLI_SQUAD_COMPLETE:
      text = g_strdup_printf (_("Complete: %d party member, %d cadre, %d residents"),
                              c->squad_party, c->squad_cadre, c->squad_residents);
      break;
    case LINLI_SQUAD_INCOMPLETE:
      text = g_strdup_printf (_("119 squad incomplete: %d of 1 party member, %d of 1 cadre, %d of 9 residents"),
                              c->squad_party, c->squad_cadre, c->squad_residents);
      gtk_widget_add_css_class (GTK_WIDGET (row), "linli-incomplete");
      break;
    case LINLI_SQUAD_NONE:
    default:
      text = g_strdup (_("No 119 squad"));
      gtk_widget_add_css_class (GTK_WIDGET (row), "linli-incomplete");
      break;
    }
  adw_action_row_set_subtitle (row, text);
}

static void
linli_map_building_page_reload (LinliMapPage *page)
{
  LinliMapBuildingPage *self = LINLI_MAP_BUILDING_PAGE (page);
  LinliMapSession *session = linli_map_page_get_session (page);
  LinliMapTerritory *t = linli_map_session_get_territory (session);
  LinliMapStats *stats = linli_map_session_get_stats (session);
  const char *id = linli_map_page_get_id (page);
  LinliMapBuilding *b = linli_map_territory_get_building (t, linli_map_territory_find_building (t, id));
  LinliMapGrid *g;
  const LinliMapCounts *c;
  g_autoptr(LinliFloorTable) table = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  g_autofree char *sub = NULL;
  g_autofree char *leader = NULL;
  g_autoptr(GtkStringList) grids = gtk_string_list_new (NULL);
  guint selected = 0;
  int days = linli_map_session_get_coverage_days (session);

  if (b == NULL)
    return;
  self->loading = TRUE;
  g = linli_map_territory_get_grid (t, b->grid);
  c = linli_map_stats_get_building (stats, b->id);

  title = g_strdup_printf (C_("map label", "No. %s"), b->number);
  if (b->name && *b->name)
    {
      char *named = g_strdup_printf ("%s %s", title, b->name);

      g_free (title);
      title = named;
    }
  gtk_label_set_label (self->title, title);
  /* Translators: grid · floors · units · households · residents */
  sub = g_strdup_printf (_("%s · %d floors · %d units · %d households · %d residents"),
                         g ? g->name : _("No grid"), b->floors, b->n_units, c->households, c->residents);
  gtk_label_set_label (self->subtitle, sub);

  table = linli_floor_table_load (linli_map_page_get_db (page), b->id, NULL, linli_map_page_get_today (page), &error);
  if (table == NULL)
    linli_map_session_error (session, _("The households could not be read"), error);
  linli_floor_table_view_set_table (self->facade, table);
  linli_floor_table_view_set_layers (self->facade, linli_map_session_get_layers (session), days);

  linli_map_list_clear (self->units);
  for (guint u = 0; table && u < table->units->len; u++)
    {
      LinliFloorUnit *unit = table->units->pdata[u];
      g_autofree char *name = unit->name && *unit->name ? g_strdup (unit->name) : g_strdup_printf (_("Unit %d"), unit->number);
      GString *line = g_string_new (NULL);
      GtkWidget *row;
      int nv = days > 7 ? unit->not_visited_30 : unit->not_visited_7;

      g_string_append_printf (line, _("%d households · %d residents"), unit->households, unit->residents);
      if (unit->care > 0)
        {
          g_string_append (line, " · ");
          g_string_append_printf (line, _("%d of special care"), unit->care);
        }
      row = linli_map_nav_row (name, line->str, "unit", unit->id);
      if (nv > 0)
        {
          g_autofree char *text = g_strdup_printf (_("%d not visited"), nv);

          adw_action_row_add_suffix (ADW_ACTION_ROW (row), linli_map_pill (text, "warning"));
        }
      linli_map_list_append (self->units, row);
      g_string_free (line, TRUE);
    }

  squad_text (c, self->squad_row);
  leader = linli_db_query_string (linli_map_page_get_db (page), NULL,
                                  "SELECT p.name FROM building b JOIN person p ON p.id = b.leader_id AND p.deleted = 0 "
                                  "WHERE b.id = ?", "s", b->id);
  adw_action_row_set_subtitle (self->leader_row, leader ? leader : _("Nobody yet"));

  gtk_editable_set_text (GTK_EDITABLE (self->name_row), b->name ? b->name : "");
  g_ptr_array_set_size (self->grid_ids, 0);
  gtk_string_list_append (grids, _("No grid"));
  g_ptr_array_add (self->grid_ids, NULL);
  for (guint i = 0; i < t->grids->len; i++)
    {
      LinliMapGrid *gr = t->grids->pdata[i];

      gtk_string_list_append (grids, gr->name);
      g_ptr_array_add (self->grid_ids, g_strdup (gr->id));
      if ((int) i == b->grid)
        selected = i + 1;
    }
  adw_combo_row_set_model (self->grid_row, G_LIST_MODEL (grids));
  adw_combo_row_set_selected (self->grid_row, selected);
  gtk_spin_button_set_value (self->floors_spin, MAX (b->floors, 1));
  self->loading = FALSE;
}

static gboolean
set_one (LinliMapBuildingPage *self,
         const char           *label,
         const char           *column,
         const char           *format,
         ...)
{
  LinliMapSession *session = linli_map_page_get_session (LINLI_MAP_PAGE (self));
  LinliMapHistory *history;
  const char *id = linli_map_page_get_id (LINLI_MAP_PAGE (self));
  g_autoptr(GError) error = NULL;
  va_list args;
  gboolean ok;

  if (self->loading || session == NULL || id == NULL)
    return FALSE;
  history = linli_map_session_get_history (session);
  if (!linli_map_history_begin (history, label, &error))
    return FALSE;
  va_start (args, format);
  switch (*format)
    {
    case 's': ok = linli_map_history_set (history, "building", id, column, "s", va_arg (args, const char *)); break;
    case 'i': ok = linli_map_history_set (history, "building", id, column, "i", va_arg (args, int)); break;
    default: ok = FALSE;
    }
  va_end (args);
  /* A failed write makes the commit fail, with the reason. */
  if (linli_map_history_commit (history, &error) != 0 && ok)
    return TRUE;
  linli_map_session_error (session, _("The change could not be stored"), error);
  return FALSE;
}

static void
on_name_applied_cb (LinliMapBuildingPage *self,
                    AdwEntryRow          *row)
{
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));

  set_one (self, _("Rename the building"), "name", "s", *name ? name : NULL);
}

static void
on_grid_selected_cb (LinliMapBuildingPage *self,
                     GParamSpec           *pspec,
                     AdwComboRow          *row)
{
  guint i = adw_combo_row_get_selected (row);

  if (self->loading || i >= self->grid_ids->len)
    return;
  if (set_one (self, _("Move the building to another grid"), "grid_id", "s", self->grid_ids->pdata[i]))
    linli_map_session_toast (linli_map_page_get_session (LINLI_MAP_PAGE (self)),
                             i == 0 ? _("The building is in no grid now")
                                    : _("The building belongs to the grid now"));
}

static void
on_floors_changed_cb (LinliMapBuildingPage *self,
                      GtkSpinButton        *spin)
{
  set_one (self, _("Change the number of floors"), "floors", "i", gtk_spin_button_get_value_as_int (spin));
}

static void
on_household_activated_cb (LinliMapBuildingPage *self,
                           const char           *household_id,
                           LinliFloorTableView  *facade)
{
  linli_map_session_open (linli_map_page_get_session (LINLI_MAP_PAGE (self)), "household", household_id);
}

static void
on_unit_activated_cb (LinliMapBuildingPage *self,
                      int                   unit,
                      LinliFloorTableView  *facade)
{
  LinliFloorTable *t = linli_floor_table_view_get_table (facade);

  if (t != NULL && unit >= 0 && (guint) unit < t->units->len)
    linli_map_session_open (linli_map_page_get_session (LINLI_MAP_PAGE (self)), "unit",
                            ((LinliFloorUnit *) t->units->pdata[unit])->id);
}

static void
linli_map_building_page_dispose (GObject *object)
{
  LinliMapBuildingPage *self = LINLI_MAP_BUILDING_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (object), LINLI_TYPE_MAP_BUILDING_PAGE);
  g_clear_pointer (&self->grid_ids, g_ptr_array_unref);

  G_OBJECT_CLASS (linli_map_building_page_parent_class)->dispose (object);
}

static void
linli_map_building_page_class_init (LinliMapBuildingPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  LinliMapPageClass *page_class = LINLI_MAP_PAGE_CLASS (klass);

  object_class->dispose = linli_map_building_page_dispose;
  page_class->reload = linli_map_building_page_reload;

  g_type_ensure (LINLI_TYPE_FLOOR_TABLE_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/linli/Linli/map/linli-map-building-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LinliMapBuildingPage, title);
  gtk_widget_class_bind_template_child (widget_class, LinliMapBuildingPage, subtitle);
  gtk_widget_class_bind_template_child (widget_class, LinliMapBuildingPage, facade);
  gtk_widget_class_bind_template_child (widget_class, LinliMapBuildingPage, units);
  gtk_widget_class_bind_template_child (widget_class, LinliMapBuildingPage, squad_row);
  gtk_widget_class_bind_template_child (widget_class, LinliMapBuildingPage, leader_row);
  gtk_widget_class_bind_template_child (widget_class, LinliMapBuildingPage, name_row);
  gtk_widget_class_bind_template_child (widget_class, LinliMapBuildingPage, grid_row);
  gtk_widget_class_bind_template_child (widget_class, LinliMapBuildingPage, floors_spin);
  gtk_widget_class_bind_template_callback (widget_class, on_name_applied_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_grid_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_floors_changed_cb);
}

static void
linli_map_building_page_init (LinliMapBuildingPage *self)
{
  self->grid_ids = g_ptr_array_new_with_free_func (g_free);
  self->loading = TRUE;
  gtk_widget_init_template (GTK_WIDGET (self));
  self->loading = FALSE;
  linli_floor_table_view_set_compact (self->facade, TRUE);
  linli_map_list_open_rows (self->units, LINLI_MAP_PAGE (self));
  g_signal_connect_object (self->facade, "household-activated", G_CALLBACK (on_household_activated_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->facade, "unit-activated", G_CALLBACK (on_unit_activated_cb), self,
                           G_CONNECT_SWAPPED);
}
