/* linli-map-view.c: the community as a map, from grid to building to the
 * household and the resident
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The map (LinliMapCanvas) fills the view; the sidebar (an AdwFlap that
 * folds away on a narrow window) shows the page of what is open, and the
 * breadcrumbs above say where that is: 社区 › 第3网格 › 12栋 › 2单元 › 501.
 * Every edit goes through the session's history, one transaction each,
 * so that Ctrl+Z takes it back.
 */

#define G_LOG_DOMAIN "linli-map-view"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "linli-map-building-page.h"
#include "linli-map-canvas.h"
#include "linli-map-community-page.h"
#include "linli-map-edit-bar.h"
#include "linli-map-floor-table.h"
#include "linli-map-grid-page.h"
#include "linli-map-household-page.h"
#include "linli-map-layout.h"
#include "linli-map-legend.h"
#include "linli-map-person-page.h"
#include "linli-map-session.h"
#include "linli-map-unit-page.h"
#include "linli-map-view.h"
#include "linli-print-operation.h"

typedef enum
{
  LEVEL_COMMUNITY,
  LEVEL_GRID,
  LEVEL_BUILDING,
  LEVEL_UNIT,
  LEVEL_HOUSEHOLD,
  LEVEL_PERSON,
  N_LEVELS
} Level;

static const char *level_names[N_LEVELS] = { "community", "grid", "building", "unit", "household", "person" };

typedef enum
{
  CAMERA_STAY,
  CAMERA_SHOW,     /* bring it into view */
} Camera;

struct _LinliMapView
{
  LinliView             parent_instance;

  LinliMapSession      *session;
  GSettings            *settings;
  GSimpleActionGroup   *actions;
  char                 *today;
  Level                 level;
  char                 *ids[N_LEVELS];
  char                 *plan_loaded;
  guint                 underlay_timeout;
  double                pending_opacity, pending_scale, pending_rotation;
  gboolean              quiet;

  GtkStack             *state;
  AdwStatusPage        *empty_page;
  GtkWidget            *breadcrumbs;
  GtkWidget            *layers_button;
  GtkWidget            *sidebar_button;
  GtkCheckButton       *coverage_check;
  GtkToggleButton      *days7_button;
  GtkToggleButton      *days30_button;
  GtkCheckButton       *care_check;
  GtkCheckButton       *squad_check;
  GtkCheckButton       *heat_check;
  AdwFlap              *flap;
  LinliMapCanvas       *canvas;
  LinliMapLegend       *legend;
  LinliMapEditBar      *edit_bar;
  GtkStack             *pages;
  LinliMapPage         *community_page;
  LinliMapPage         *grid_page;
  LinliMapPage         *building_page;
  LinliMapPage         *unit_page;
  LinliMapPage         *household_page;
  LinliMapPage         *person_page;
};

G_DEFINE_FINAL_TYPE (LinliMapView, linli_map_view, LINLI_TYPE_VIEW)

static LinliMapPage *
page_of (LinliMapView *self,
         Level         level)
{
  LinliMapPage *pages[N_LEVELS] = {
    self->community_page, self->grid_page, self->building_page,
    self->unit_page, self->household_page, self->person_page,
  };

  return pages[level];
}

static LinliDb *
db_of (LinliMapView *self)
{
  return linli_view_get_db (LINLI_VIEW (self));
}

static LinliMapTerritory *
territory (LinliMapView *self)
{
  return self->session ? linli_map_session_get_territory (self->session) : NULL;
}

/* Breadcrumbs --------------------------------------------------------------------- */

static void
on_crumb_clicked_cb (GtkButton    *button,
                     LinliMapView *self);

static char *
crumb_label (LinliMapView *self,
             Level         level)
{
  LinliMapTerritory *t = territory (self);
  LinliDb *db = db_of (self);
  const char *id = self->ids[level];

  switch (level)
    {
    case LEVEL_COMMUNITY:
      return g_strdup (t && t->name && *t->name ? t->name : _("Community"));
    case LEVEL_GRID:
      {
        LinliMapGrid *g = linli_map_territory_get_grid (t, linli_map_territory_find_grid (t, id));
        return g_strdup (g ? g->name : "?");
      }
    case LEVEL_BUILDING:
      {
        LinliMapBuilding *b = linli_map_territory_get_building (t, linli_map_territory_find_building (t, id));
        return b ? g_strdup_printf (C_("map label", "No. %s"), b->number) : g_strdup ("?");
      }
    case LEVEL_UNIT:
      {
        g_autofree char *name = linli_db_query_string (db, NULL, "SELECT name FROM unit WHERE id = ?", "s", id);
        int number = (int) linli_db_query_int (db, NULL, "SELECT number FROM unit WHERE id = ?", "s", id);

        return name && *name ? g_steal_pointer (&name) : g_strdup_printf (_("Unit %d"), number);
      }
    case LEVEL_HOUSEHOLD:
      return linli_db_query_string (db, NULL, "SELECT room FROM household WHERE id = ?", "s", id);
    case LEVEL_PERSON:
      return linli_db_query_string (db, NULL, "SELECT name FROM person WHERE id = ?", "s", id);
    case N_LEVELS:
    default:
      return NULL;
    }
}

static void
update_breadcrumbs (LinliMapView *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (self->breadcrumbs)) != NULL)
    gtk_box_remove (GTK_BOX (self->breadcrumbs), child);

  for (int l = 0; l <= (int) self->level; l++)
    {
      g_autofree char *label = NULL;
      GtkWidget *w;

      if (l > 0 && self->ids[l] == NULL)
        continue;
      label = crumb_label (self, (Level) l);
      if (gtk_widget_get_first_child (self->breadcrumbs) != NULL)
        {
          GtkWidget *sep = gtk_label_new ("›");

          gtk_widget_add_css_class (sep, "dim-label");
          gtk_box_append (GTK_BOX (self->breadcrumbs), sep);
        }
      if (l == (int) self->level)
        {
          w = gtk_label_new (label ? label : "");
          gtk_widget_add_css_class (w, "heading");
          gtk_widget_add_css_class (w, "linli-crumb-current");
        }
      else
        {
          w = gtk_button_new_with_label (label ? label : "");
          gtk_widget_add_css_class (w, "flat");
          g_object_set_data (G_OBJECT (w), "level", GINT_TO_POINTER (l));
          g_signal_connect (w, "clicked", G_CALLBACK (on_crumb_clicked_cb), self);
        }
      gtk_widget_set_name (w, level_names[l]);
      gtk_box_append (GTK_BOX (self->breadcrumbs), w);
    }
}

/* Navigation ------------------------------------------------------------------------ */

static void
set_id (LinliMapView *self,
        Level         level,
        const char   *id)
{
  if (self->ids[level] != id)
    {
      g_free (self->ids[level]);
      self->ids[level] = g_strdup (id);
    }
}

/* Fills in where a record is: its household, unit, building and grid. */
static gboolean
resolve (LinliMapView *self,
         const char   *table,
         const char   *id,
         Level        *level)
{
  LinliDb *db = db_of (self);
  g_autoptr(LinliQuery) q = NULL;
  const char *sql;
  int first;

  if (g_str_equal (table, "person"))
    {
      sql = "SELECT p.household_id, h.unit_id, u.building_id, b.grid_id FROM person p "
            "JOIN household h ON h.id = p.household_id JOIN unit u ON u.id = h.unit_id "
            "JOIN building b ON b.id = u.building_id WHERE p.id = ?";
      *level = LEVEL_PERSON;
      first = LEVEL_HOUSEHOLD;
    }
  else if (g_str_equal (table, "household"))
    {
      sql = "SELECT h.unit_id, u.building_id, b.grid_id FROM household h JOIN unit u ON u.id = h.unit_id "
            "JOIN building b ON b.id = u.building_id WHERE h.id = ?";
      *level = LEVEL_HOUSEHOLD;
      first = LEVEL_UNIT;
    }
  else if (g_str_equal (table, "unit"))
    {
      sql = "SELECT u.building_id, b.grid_id FROM unit u JOIN building b ON b.id = u.building_id WHERE u.id = ?";
      *level = LEVEL_UNIT;
      first = LEVEL_BUILDING;
    }
  else if (g_str_equal (table, "building"))
    {
      sql = "SELECT grid_id FROM building WHERE id = ?";
      *level = LEVEL_BUILDING;
      first = LEVEL_GRID;
    }
  else if (g_str_equal (table, "grid"))
    {
      *level = LEVEL_GRID;
      for (int l = LEVEL_GRID + 1; l < N_LEVELS; l++)
        set_id (self, l, NULL);
      set_id (self, LEVEL_GRID, id);
      return linli_db_query_int (db, NULL, "SELECT count(*) FROM grid WHERE id = ? AND deleted = 0", "s", id) > 0;
    }
  else
    return FALSE;

  q = linli_db_query (db, NULL, sql, "s", id);
  if (q == NULL || !linli_query_next (q, NULL))
    return FALSE;
  for (int l = *level + 1; l < N_LEVELS; l++)
    set_id (self, l, NULL);
  set_id (self, *level, id);
  for (int l = first, c = 0; l >= LEVEL_GRID; l--, c++)
    set_id (self, l, linli_query_get_string (q, c));
  return TRUE;
}

static void
show_camera (LinliMapView *self,
             Level         level)
{
  LinliMapTerritory *t = territory (self);

  if (t == NULL)
    return;
  if (level == LEVEL_COMMUNITY)
    linli_map_canvas_fit (self->canvas, TRUE);
  else if (level == LEVEL_GRID)
    {
      LinliMapGrid *g = linli_map_territory_get_grid (t, linli_map_territory_find_grid (t, self->ids[LEVEL_GRID]));

      if (g != NULL && !linli_map_rect_is_empty (&g->bounds))
        linli_map_canvas_zoom_to (self->canvas, &g->bounds, TRUE);
    }
  else
    {
      LinliMapBuilding *b = linli_map_territory_get_building (t, linli_map_territory_find_building (t, self->ids[LEVEL_BUILDING]));
      LinliMapRect r;
      double grow;

      if (b == NULL || !b->located)
        return;
      /* The building with its neighbours around it. */
      r = linli_map_footprint_bounds (&b->fp);
      grow = MAX (70.0, MAX (r.width, r.height) * 1.2);
      r.x -= grow;
      r.y -= grow;
      r.width += 2 * grow;
      r.height += 2 * grow;
      linli_map_canvas_zoom_to (self->canvas, &r, TRUE);
    }
}

static void
focus_page (LinliMapView *self,
            Level         level)
{
  GtkWidget *page = GTK_WIDGET (page_of (self, level));
  GtkWidget *target = NULL;

  /* The first thing to go on with: a row, the table of households, a
   * resident's first tag. */
  if (level == LEVEL_UNIT)
    {
      gtk_widget_grab_focus (page);
      return;
    }
  for (GtkWidget *w = page; w != NULL && target == NULL;)
    {
      if (level == LEVEL_PERSON ? GTK_IS_TOGGLE_BUTTON (w)
                                : (GTK_IS_LIST_BOX_ROW (w) && gtk_list_box_row_get_activatable (GTK_LIST_BOX_ROW (w)) &&
                                   !ADW_IS_ENTRY_ROW (w) && gtk_widget_get_visible (w)))
        target = w;
      else if (gtk_widget_get_first_child (w) != NULL)
        w = gtk_widget_get_first_child (w);
      else
        {
          while (w != NULL && w != page && gtk_widget_get_next_sibling (w) == NULL)
            w = gtk_widget_get_parent (w);
          w = (w == NULL || w == page) ? NULL : gtk_widget_get_next_sibling (w);
        }
    }
  if (target != NULL)
    gtk_widget_grab_focus (target);
}

static void
update_actions (LinliMapView *self)
{
  GAction *visit = g_action_map_lookup_action (G_ACTION_MAP (self->actions), "log-visit");
  GAction *up = g_action_map_lookup_action (G_ACTION_MAP (self->actions), "up");

  g_simple_action_set_enabled (G_SIMPLE_ACTION (visit), self->level == LEVEL_HOUSEHOLD);
  g_simple_action_set_enabled (G_SIMPLE_ACTION (up), self->level != LEVEL_COMMUNITY);
}

static void
show_level (LinliMapView *self,
            Level         level,
            Camera        camera,
            gboolean      focus)
{
  LinliMapTerritory *t = territory (self);
  int grid = -1, building = -1;

  self->level = level;
  if (level >= LEVEL_GRID || self->ids[LEVEL_GRID] != NULL)
    grid = linli_map_territory_find_grid (t, self->ids[LEVEL_GRID]);
  if (level >= LEVEL_BUILDING)
    building = linli_map_territory_find_building (t, self->ids[LEVEL_BUILDING]);
  if (level < LEVEL_GRID)
    grid = -1;
  linli_map_canvas_set_selection (self->canvas, grid, building);

  if (level > LEVEL_COMMUNITY)
    linli_map_page_show (page_of (self, level), self->ids[level]);
  else
    linli_map_page_show (self->community_page, linli_map_session_get_community_id (self->session));
  if (level == LEVEL_HOUSEHOLD || level == LEVEL_PERSON)
    linli_map_unit_page_set_selected (LINLI_MAP_UNIT_PAGE (self->unit_page), self->ids[LEVEL_HOUSEHOLD]);
  gtk_stack_set_visible_child_name (self->pages, level_names[level]);

  update_breadcrumbs (self);
  update_actions (self);
  if (camera == CAMERA_SHOW)
    show_camera (self, level);
  if (adw_flap_get_folded (self->flap))
    adw_flap_set_reveal_flap (self->flap, level > LEVEL_COMMUNITY);
  if (focus)
    focus_page (self, level);
}

static gboolean
open_record (LinliMapView *self,
             const char   *table,
             const char   *id,
             Camera        camera,
             gboolean      focus)
{
  Level level;

  if (self->session == NULL || id == NULL)
    return FALSE;
  if (g_str_equal (table, "community"))
    {
      for (int l = LEVEL_GRID; l < N_LEVELS; l++)
        set_id (self, l, NULL);
      show_level (self, LEVEL_COMMUNITY, camera, focus);
      return TRUE;
    }
  if (!resolve (self, table, id, &level))
    return FALSE;
  show_level (self, level, camera, focus);
  return TRUE;
}

static void
go_up (LinliMapView *self)
{
  int l = (int) self->level - 1;

  while (l > LEVEL_COMMUNITY && self->ids[l] == NULL)
    l--;
  if (l < LEVEL_COMMUNITY)
    return;
  for (int k = l + 1; k < N_LEVELS; k++)
    set_id (self, k, NULL);
  show_level (self, (Level) l, l <= LEVEL_GRID ? CAMERA_SHOW : CAMERA_STAY, FALSE);
  gtk_widget_grab_focus (GTK_WIDGET (self->canvas));
  if (self->level >= LEVEL_BUILDING)
    linli_map_canvas_set_focus_building (self->canvas, linli_map_territory_find_building (territory (self), self->ids[LEVEL_BUILDING]));
}

static void
on_crumb_clicked_cb (GtkButton    *button,
                     LinliMapView *self)
{
  int l = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "level"));

  for (int k = l + 1; k < N_LEVELS; k++)
    set_id (self, k, NULL);
  show_level (self, (Level) l, l <= LEVEL_GRID ? CAMERA_SHOW : CAMERA_STAY, FALSE);
}

/* The canvas ---------------------------------------------------------------------------- */

static void
on_building_selected_cb (LinliMapView   *self,
                         int             index,
                         LinliMapCanvas *canvas)
{
  LinliMapBuilding *b = linli_map_territory_get_building (territory (self), index);

  if (b != NULL)
    open_record (self, "building", b->id, CAMERA_STAY, FALSE);
}

static void
on_building_activated_cb (LinliMapView   *self,
                          int             index,
                          LinliMapCanvas *canvas)
{
  LinliMapBuilding *b = linli_map_territory_get_building (territory (self), index);

  if (b != NULL)
    open_record (self, "building", b->id, CAMERA_SHOW, TRUE);
}

static void
on_grid_selected_cb (LinliMapView   *self,
                     int             index,
                     LinliMapCanvas *canvas)
{
  LinliMapGrid *g = linli_map_territory_get_grid (territory (self), index);

  if (g != NULL)
    open_record (self, "grid", g->id, CAMERA_STAY, FALSE);
  else
    open_record (self, "community", "", CAMERA_STAY, FALSE);
}

static void
on_grid_activated_cb (LinliMapView   *self,
                      int             index,
                      LinliMapCanvas *canvas)
{
  LinliMapGrid *g = linli_map_territory_get_grid (territory (self), index);

  if (g != NULL)
    open_record (self, "grid", g->id, CAMERA_SHOW, FALSE);
}

static void
on_go_up_cb (LinliMapView *self)
{
  go_up (self);
}

/* Edits on the map ---------------------------------------------------------------------- */

static gboolean
commit (LinliMapView *self,
        guint        *serial_out)
{
  g_autoptr(GError) error = NULL;
  guint serial = linli_map_history_commit (linli_map_session_get_history (self->session), &error);

  if (serial == 0)
    {
      linli_map_session_error (self->session, _("The change could not be stored"), error);
      return FALSE;
    }
  if (serial_out)
    *serial_out = serial;
  return TRUE;
}

static gboolean
begin (LinliMapView *self,
       const char   *label)
{
  g_autoptr(GError) error = NULL;

  if (!linli_map_history_begin (linli_map_session_get_history (self->session), label, &error))
    {
      linli_map_session_error (self->session, _("The change could not be stored"), error);
      return FALSE;
    }
  return TRUE;
}

static void
on_building_changed_cb (LinliMapView            *self,
                        int                      index,
                        const LinliMapFootprint *fp,
                        LinliMapCanvas          *canvas)
{
  LinliMapTerritory *t = territory (self);
  LinliMapBuilding *b = linli_map_territory_get_building (t, index);
  LinliMapHistory *history = linli_map_session_get_history (self->session);
  g_autofree char *label = NULL;
  g_autofree char *number = NULL;
  g_autofree char *moved_to = NULL;
  int g;

  if (b == NULL)
    return;
  number = g_strdup_printf (C_("map label", "No. %s"), b->number);
  if (fp->angle != b->fp.angle)
    /* Translators: %s is a building, e.g. 12栋 */
    label = g_strdup_printf (_("Turn %s"), number);
  else if (fp->width != b->fp.width || fp->depth != b->fp.depth)
    label = g_strdup_printf (_("Resize %s"), number);
  else
    label = g_strdup_printf (_("Move %s"), number);
  if (!begin (self, label))
    return;
  linli_map_history_set (history, "building", b->id, "x", "d", fp->x);
  linli_map_history_set (history, "building", b->id, "y", "d", fp->y);
  linli_map_history_set (history, "building", b->id, "width", "d", fp->width);
  linli_map_history_set (history, "building", b->id, "depth", "d", fp->depth);
  linli_map_history_set (history, "building", b->id, "angle", "d", fp->angle);
  linli_map_history_set (history, "building", b->id, "placed", "i", 1);
  /* Into another grid's area: it belongs to that grid now. */
  g = linli_map_territory_grid_at (t, fp->x, fp->y);
  if (g >= 0 && g != b->grid)
    {
      LinliMapGrid *grid = linli_map_territory_get_grid (t, g);

      linli_map_history_set (history, "building", b->id, "grid_id", "s", grid->id);
      /* Translators: a building now belongs to a grid, e.g. 12栋 is now in 第4网格 */
      moved_to = g_strdup_printf (_("%s is now in %s"), number, grid->name);
    }
  if (commit (self, NULL) && moved_to != NULL)
    linli_map_session_toast (self->session, moved_to);
}

static void
on_grid_outline_changed_cb (LinliMapView   *self,
                            int             index,
                            GArray         *points,
                            LinliMapCanvas *canvas)
{
  LinliMapGrid *g = linli_map_territory_get_grid (territory (self), index);
  g_autofree char *json = NULL;
  g_autofree char *label = NULL;

  if (g == NULL || points->len < 3)
    return;
  json = linli_map_outline_to_json ((LinliMapPoint *) points->data, points->len);
  /* Translators: %s is a grid, e.g. 第3网格 */
  label = g_strdup_printf (_("Reshape %s"), g->name);
  if (!begin (self, label))
    return;
  linli_map_history_set (linli_map_session_get_history (self->session), "grid", g->id, "outline", "s", json);
  commit (self, NULL);
}

static void
on_grid_drawn_cb (LinliMapView   *self,
                  GArray         *points,
                  LinliMapCanvas *canvas)
{
  static const char *palette[] = {
    "#99c1f1", "#8ff0a4", "#f9f06b", "#ffbe6f", "#f66151", "#dc8add", "#cdab8f",
    "#62a0ea", "#57e389", "#f8e45c", "#ffa348", "#ed333b", "#c061cb", "#b5835a", "#9a9996",
  };
  LinliMapTerritory *t = territory (self);
  LinliMapHistory *history = linli_map_session_get_history (self->session);
  LinliDb *db = db_of (self);
  LinliMapGrid *selected = linli_map_territory_get_grid (t, linli_map_canvas_get_selected_grid (self->canvas));
  g_autofree char *json = linli_map_outline_to_json ((LinliMapPoint *) points->data, points->len);
  g_autofree char *id = NULL;
  g_autofree char *name = NULL;
  g_autoptr(GError) error = NULL;
  int joined = 0;

  /* A selected grid that has no outline yet gets this one. */
  if (selected != NULL && selected->outline->len < 3)
    {
      g_autofree char *label = g_strdup_printf (_("Draw %s"), selected->name);

      if (!begin (self, label))
        return;
      linli_map_history_set (history, "grid", selected->id, "outline", "s", json);
      commit (self, NULL);
      return;
    }

  {
    int number = (int) linli_db_query_int (db, NULL, "SELECT coalesce(max(number), 0) + 1 FROM grid "
                                                     "WHERE community_id = ? AND deleted = 0",
                                           "s", linli_map_session_get_community_id (self->session));

    /* Translators: the name of a new grid; zh_CN: 第%d网格 */
    name = g_strdup_printf (_("Grid %d"), number);
    if (!begin (self, _("Draw a new grid")))
      return;
    id = linli_db_insert (db, &error, "grid", "community_id,number,name,color,outline", "sisss",
                          linli_map_session_get_community_id (self->session), number, name,
                          palette[(number - 1) % G_N_ELEMENTS (palette)], json);
  }
  if (id == NULL)
    {
      linli_map_history_rollback (history);
      linli_map_session_error (self->session, _("The grid could not be stored"), error);
      return;
    }
  linli_map_history_created (history, "grid", id);
  /* Buildings inside it that have no grid yet join it. */
  for (guint i = 0; i < t->buildings->len; i++)
    {
      LinliMapBuilding *b = t->buildings->pdata[i];

      if (b->grid < 0 && b->located &&
          linli_map_polygon_contains ((LinliMapPoint *) points->data, points->len, b->fp.x, b->fp.y))
        {
          linli_map_history_set (history, "building", b->id, "grid_id", "s", id);
          joined++;
        }
    }
  if (commit (self, NULL))
    {
      g_autofree char *msg = joined ? g_strdup_printf (ngettext ("%s drawn; %d building joined it", "%s drawn; %d buildings joined it", joined), name, joined)
                                    : g_strdup_printf (_("%s drawn"), name);

      linli_map_session_toast (self->session, msg);
      open_record (self, "grid", id, CAMERA_STAY, FALSE);
    }
}

static void
on_building_added_cb (LinliMapView   *self,
                      double          x,
                      double          y,
                      LinliMapCanvas *canvas)
{
  LinliMapTerritory *t = territory (self);
  LinliMapHistory *history;
  LinliDb *db = db_of (self);
  LinliMapGrid *grid;
  g_autofree char *id = NULL;
  g_autofree char *number = NULL;
  g_autoptr(GError) error = NULL;
  int next = 1;

  /* Buildings are placed on a community's map: there is one. */
  if (t == NULL)
    return;
  history = linli_map_session_get_history (self->session);
  grid = linli_map_territory_get_grid (t, linli_map_territory_grid_at (t, x, y));
  for (guint i = 0; i < t->buildings->len; i++)
    next = MAX (next, atoi (((LinliMapBuilding *) t->buildings->pdata[i])->number) + 1);
  number = g_strdup_printf ("%d", next);
  if (!begin (self, _("Add a building")))
    return;
  id = linli_db_insert (db, &error, "building", "community_id,grid_id,number,floors,x,y,width,depth,angle,placed",
                        "sssidddddi", linli_map_session_get_community_id (self->session), grid ? grid->id : NULL, number,
                        6, x, y, 40.0, 12.0, 0.0, 1);
  if (id == NULL)
    {
      linli_map_history_rollback (history);
      linli_map_session_error (self->session, _("The building could not be stored"), error);
      return;
    }
  linli_map_history_created (history, "building", id);
  if (commit (self, NULL))
    {
      open_record (self, "building", id, CAMERA_STAY, FALSE);
      linli_map_canvas_set_tool (self->canvas, LINLI_MAP_TOOL_SELECT);
      linli_map_edit_bar_set_tool (self->edit_bar, LINLI_MAP_TOOL_SELECT);
    }
}

static void
on_underlay_moved_cb (LinliMapView   *self,
                      double          x,
                      double          y,
                      LinliMapCanvas *canvas)
{
  LinliMapHistory *history = linli_map_session_get_history (self->session);
  const char *c = linli_map_session_get_community_id (self->session);

  if (!begin (self, _("Move the plan")))
    return;
  linli_map_history_set (history, "community", c, "plan_x", "d", x);
  linli_map_history_set (history, "community", c, "plan_y", "d", y);
  commit (self, NULL);
}

/* The plan under the map -------------------------------------------------------------------- */

static char *
plan_path (LinliMapView *self,
           const char   *name)
{
  g_autofree char *dir = linli_db_get_files_dir (db_of (self), "plans");

  return g_build_filename (dir, name, NULL);
}

static void
load_underlay (LinliMapView *self)
{
  LinliMapTerritory *t = territory (self);
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = NULL;

  if (t == NULL || g_strcmp0 (t->plan_image, self->plan_loaded) == 0)
    return;
  g_free (self->plan_loaded);
  self->plan_loaded = g_strdup (t->plan_image);
  if (t->plan_image != NULL && *t->plan_image)
    {
      path = plan_path (self, t->plan_image);
      texture = gdk_texture_new_from_filename (path, &error);
      if (texture == NULL)
        {
          g_autofree char *msg = g_strdup_printf (_("The plan image %s cannot be shown"), path);
          linli_map_session_error (self->session, msg, error);
        }
    }
  linli_map_canvas_set_underlay (self->canvas, texture);
}

static void
sync_edit_bar (LinliMapView *self)
{
  LinliMapTerritory *t = territory (self);

  if (t != NULL)
    linli_map_edit_bar_set_underlay (self->edit_bar, t->plan_image != NULL && *t->plan_image,
                                     t->plan_opacity, t->plan_scale, t->plan_rotation);
}

static gboolean
store_underlay (gpointer data)
{
  LinliMapView *self = data;
  LinliMapHistory *history = linli_map_session_get_history (self->session);
  const char *c = linli_map_session_get_community_id (self->session);

  self->underlay_timeout = 0;
  if (!begin (self, _("Adjust the plan")))
    return G_SOURCE_REMOVE;
  linli_map_history_set (history, "community", c, "plan_opacity", "d", self->pending_opacity);
  linli_map_history_set (history, "community", c, "plan_scale", "d", self->pending_scale);
  linli_map_history_set (history, "community", c, "plan_rotation", "d", self->pending_rotation);
  commit (self, NULL);
  return G_SOURCE_REMOVE;
}

static void
on_underlay_changed_cb (LinliMapView    *self,
                        double           opacity,
                        double           scale,
                        double           rotation,
                        LinliMapEditBar *bar)
{
  LinliMapTerritory *t = territory (self);

  if (t == NULL)
    return;
  /* Shown at once; stored when the hand rests, as one edit. */
  linli_map_canvas_set_underlay_geometry (self->canvas, t->plan_x, t->plan_y, scale, rotation, opacity);
  self->pending_opacity = opacity;
  self->pending_scale = scale;
  self->pending_rotation = rotation;
  g_clear_handle_id (&self->underlay_timeout, g_source_remove);
  self->underlay_timeout = g_timeout_add (500, store_underlay, self);
}

/**
 * linli_map_view_set_plan:
 * @file: a PNG or JPEG picture of the compound's plan
 *
 * Copies the picture beside the community file and lays it under the
 * map, as one edit that can be undone. A first plan is stretched over what
 * is drawn, to start from.
 *
 * Returns: %FALSE with @error set when @file is not a picture or cannot
 *   be copied; nothing changes then
 */
gboolean
linli_map_view_set_plan (LinliMapView  *self,
                         GFile         *file,
                         GError       **error)
{
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *src = g_file_get_path (file);
  g_autofree char *dir = NULL;
  g_autofree char *name = NULL;
  g_autofree char *dest = NULL;
  g_autofree char *lower = NULL;
  g_autoptr(GFile) dest_file = NULL;
  LinliMapTerritory *t = territory (self);
  LinliMapHistory *history;
  const char *c;

  g_return_val_if_fail (LINLI_IS_MAP_VIEW (self), FALSE);
  g_return_val_if_fail (self->session != NULL, FALSE);

  texture = gdk_texture_new_from_file (file, &local_error);
  if (texture == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("%s is not a PNG or JPEG picture: %s"),
                   src ? src : g_file_peek_path (file), local_error->message);
      return FALSE;
    }
  dir = linli_db_get_files_dir (db_of (self), "plans");
  g_mkdir_with_parents (dir, 0755);
  lower = g_ascii_strdown (src ? src : "", -1);
  name = g_strdup_printf ("plan-%" G_GINT64_FORMAT "%s", g_get_real_time () / 1000,
                          g_str_has_suffix (lower, ".png") ? ".png" : ".jpg");
  dest = g_build_filename (dir, name, NULL);
  dest_file = g_file_new_for_path (dest);
  if (!g_file_copy (file, dest_file, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, error))
    return FALSE;

  history = linli_map_session_get_history (self->session);
  c = linli_map_session_get_community_id (self->session);
  if (!linli_map_history_begin (history, _("Put a plan under the map"), error))
    return FALSE;
  linli_map_history_set (history, "community", c, "plan_image", "s", name);
  if (t != NULL && (t->plan_image == NULL || *t->plan_image == '\0'))
    {
      LinliMapRect r = linli_map_territory_get_bounds (t);

      if (linli_map_rect_is_empty (&r))
        r = (LinliMapRect) { 0, 0, gdk_texture_get_width (texture), gdk_texture_get_height (texture) };
      linli_map_history_set (history, "community", c, "plan_x", "d", r.x);
      linli_map_history_set (history, "community", c, "plan_y", "d", r.y);
      linli_map_history_set (history, "community", c, "plan_scale", "d", r.width / MAX (1, gdk_texture_get_width (texture)));
      linli_map_history_set (history, "community", c, "plan_rotation", "d", 0.0);
      linli_map_history_set (history, "community", c, "plan_opacity", "d", 0.5);
    }
  return linli_map_history_commit (history, error) != 0;
}

static void
on_plan_chosen_cb (LinliMapView         *self,
                   int                   response,
                   GtkFileChooserNative *native)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;

  if (response == GTK_RESPONSE_ACCEPT && self->session != NULL)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));
  g_object_unref (native);
  /* A file that is no picture is said so, and nothing changes. */
  if (file != NULL && !linli_map_view_set_plan (self, file, &error))
    linli_map_session_error (self->session, _("The plan was not put under the map"), error);
}

static void
on_choose_underlay_cb (LinliMapView *self)
{
  GtkFileChooserNative *native;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  native = gtk_file_chooser_native_new (_("Choose the Compound’s Plan"),
                                        GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                        GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("PNG and JPEG pictures"));
  gtk_file_filter_add_mime_type (filter, "image/png");
  gtk_file_filter_add_mime_type (filter, "image/jpeg");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  g_signal_connect_object (native, "response", G_CALLBACK (on_plan_chosen_cb), self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

static void
on_remove_underlay_cb (LinliMapView *self)
{
  guint serial;

  if (!begin (self, _("Remove the plan")))
    return;
  linli_map_history_set (linli_map_session_get_history (self->session), "community",
                         linli_map_session_get_community_id (self->session), "plan_image", "n");
  if (commit (self, &serial))
    linli_map_session_toast_undo (self->session, _("Plan removed from under the map"), serial);
}

static void
on_arrange_cb (LinliMapView *self)
{
  g_autoptr(GError) error = NULL;
  int n = linli_map_layout_apply (db_of (self), linli_map_session_get_history (self->session),
                                  linli_map_session_get_community_id (self->session),
                                  LINLI_MAP_LAYOUT_AUTOMATIC, &error);

  if (n < 0)
    linli_map_session_error (self->session, _("The buildings could not be arranged"), error);
  else if (n == 0)
    linli_map_session_toast (self->session, _("Every building was drawn by hand: nothing to arrange"));
  else
    {
      g_autofree char *msg = g_strdup_printf (ngettext ("%d building arranged", "%d buildings arranged", n), n);

      linli_map_session_toast (self->session, msg);
      linli_map_canvas_fit (self->canvas, TRUE);
    }
}

static void
on_tool_changed_cb (LinliMapView    *self,
                    int              tool,
                    LinliMapEditBar *bar)
{
  linli_map_canvas_set_tool (self->canvas, (LinliMapTool) tool);
  gtk_widget_grab_focus (GTK_WIDGET (self->canvas));
}

static void update_insets (LinliMapView *self);

static void
set_edit_mode (LinliMapView *self,
               gboolean      edit)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self->actions), "edit");

  g_simple_action_set_state (G_SIMPLE_ACTION (action), g_variant_new_boolean (edit));
  linli_map_canvas_set_edit_mode (self->canvas, edit);
  linli_map_edit_bar_set_tool (self->edit_bar, LINLI_MAP_TOOL_SELECT);
  gtk_widget_set_visible (GTK_WIDGET (self->edit_bar), edit);
  update_insets (self);
  if (edit)
    {
      gtk_stack_set_visible_child_name (self->state, "map");
      sync_edit_bar (self);
    }
  else
    {
      LinliMapTerritory *t = territory (self);

      if (t != NULL && t->buildings->len == 0 && t->grids->len == 0)
        gtk_stack_set_visible_child_name (self->state, "empty");
    }
  gtk_widget_grab_focus (GTK_WIDGET (self->canvas));
}

static void
on_done_cb (LinliMapView *self)
{
  set_edit_mode (self, FALSE);
}

/* Layers ----------------------------------------------------------------------------- */

/* The map keeps clear of the legend and the edit bar when it shows the
 * whole community. */
static void
update_insets (LinliMapView *self)
{
  GtkBorder insets = { 0, 0, 0, 0 };
  int h = 0;

  if (gtk_widget_get_visible (GTK_WIDGET (self->legend)))
    {
      gtk_widget_measure (GTK_WIDGET (self->legend), GTK_ORIENTATION_VERTICAL, -1, NULL, &h, NULL, NULL);
      insets.bottom = h + 12;
    }
  if (gtk_widget_get_visible (GTK_WIDGET (self->edit_bar)))
    {
      gtk_widget_measure (GTK_WIDGET (self->edit_bar), GTK_ORIENTATION_VERTICAL, -1, NULL, &h, NULL, NULL);
      insets.top = h + 12;
    }
  linli_map_canvas_set_insets (self->canvas, &insets);
}

static void
apply_layers (LinliMapView *self)
{
  LinliMapLayers layers = linli_map_session_get_layers (self->session);
  int days = linli_map_session_get_coverage_days (self->session);

  linli_map_canvas_set_layers (self->canvas, layers, days);
  linli_map_legend_set_layers (self->legend, layers, days);
  update_insets (self);
}

static void
on_layers_toggled_cb (LinliMapView *self)
{
  LinliMapLayers layers = 0;
  int days = gtk_toggle_button_get_active (self->days30_button) ? 30 : 7;
  g_autoptr(GPtrArray) names = g_ptr_array_new ();

  if (self->quiet || self->session == NULL)
    return;
  if (gtk_check_button_get_active (self->coverage_check))
    {
      layers |= LINLI_MAP_LAYER_COVERAGE;
      g_ptr_array_add (names, (gpointer) "coverage");
    }
  if (gtk_check_button_get_active (self->care_check))
    {
      layers |= LINLI_MAP_LAYER_CARE;
      g_ptr_array_add (names, (gpointer) "care");
    }
  if (gtk_check_button_get_active (self->squad_check))
    {
      layers |= LINLI_MAP_LAYER_SQUAD;
      g_ptr_array_add (names, (gpointer) "squad");
    }
  if (gtk_check_button_get_active (self->heat_check))
    {
      layers |= LINLI_MAP_LAYER_HEAT;
      g_ptr_array_add (names, (gpointer) "heat");
    }
  g_ptr_array_add (names, NULL);
  linli_map_session_set_layers (self->session, layers, days);
  g_settings_set_strv (self->settings, "map-layers", (const char * const *) names->pdata);
  g_settings_set_int (self->settings, "map-coverage-days", days);
  apply_layers (self);
}

static void
layers_from_settings (LinliMapView *self)
{
  g_auto(GStrv) names = g_settings_get_strv (self->settings, "map-layers");
  int days = g_settings_get_int (self->settings, "map-coverage-days");

  self->quiet = TRUE;
  gtk_check_button_set_active (self->coverage_check, g_strv_contains ((const char * const *) names, "coverage"));
  gtk_check_button_set_active (self->care_check, g_strv_contains ((const char * const *) names, "care"));
  gtk_check_button_set_active (self->squad_check, g_strv_contains ((const char * const *) names, "squad"));
  gtk_check_button_set_active (self->heat_check, g_strv_contains ((const char * const *) names, "heat"));
  gtk_toggle_button_set_active (days > 7 ? self->days30_button : self->days7_button, TRUE);
  self->quiet = FALSE;
  on_layers_toggled_cb (self);
}

/* The flap folds while it is being allocated: the button that reveals it
 * changes after, not in the middle of the layout. */
static gboolean
update_sidebar_button (gpointer data)
{
  LinliMapView *self = data;

  if (self->flap != NULL)
    gtk_widget_set_visible (self->sidebar_button, adw_flap_get_folded (self->flap));
  return G_SOURCE_REMOVE;
}

static void
on_flap_folded_cb (LinliMapView *self)
{
  g_idle_add_full (G_PRIORITY_DEFAULT, update_sidebar_button, g_object_ref (self), g_object_unref);
}

/* The session ---------------------------------------------------------------------------- */

static void
on_session_changed_cb (LinliMapView    *self,
                       LinliMapSession *session)
{
  LinliMapTerritory *t = linli_map_session_get_territory (session);

  linli_map_canvas_set_territory (self->canvas, t);
  linli_map_canvas_set_stats (self->canvas, linli_map_session_get_stats (session));
  load_underlay (self);
  sync_edit_bar (self);

  /* What was open may be gone (an undo, a deletion): go up to what is. */
  {
    Level level = self->level;

    while (level > LEVEL_COMMUNITY)
      {
        static const char *tables[N_LEVELS] = { NULL, "grid", "building", "unit", "household", "person" };
        g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM %s WHERE id = ? AND deleted = 0", tables[level]);

        if (self->ids[level] != NULL && linli_db_query_int (db_of (self), NULL, sql, "s", self->ids[level]) > 0)
          break;
        set_id (self, level, NULL);
        level--;
      }
    if (level != self->level)
      show_level (self, level, CAMERA_STAY, FALSE);
    else
      {
        int grid = self->level >= LEVEL_GRID ? linli_map_territory_find_grid (t, self->ids[LEVEL_GRID]) : -1;
        int building = self->level >= LEVEL_BUILDING ? linli_map_territory_find_building (t, self->ids[LEVEL_BUILDING]) : -1;

        linli_map_canvas_set_selection (self->canvas, grid, building);
        update_breadcrumbs (self);
      }
  }
}

static void
on_open_record_cb (LinliMapView    *self,
                   const char      *table,
                   const char      *id,
                   LinliMapSession *session)
{
  open_record (self, table, id, g_str_equal (table, "grid") ? CAMERA_SHOW : CAMERA_STAY, TRUE);
}

static void
on_toast_cb (LinliMapView    *self,
             AdwToast        *toast,
             LinliMapSession *session)
{
  linli_view_add_toast (LINLI_VIEW (self), g_object_ref (toast));
}

static void
on_history_changed_cb (LinliMapView    *self,
                       LinliMapHistory *history)
{
  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self->actions), "undo")),
                               linli_map_history_can_undo (history));
  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self->actions), "redo")),
                               linli_map_history_can_redo (history));
}

static void
start_session (LinliMapView *self)
{
  LinliDb *db = db_of (self);
  const char *community = linli_view_get_community_id (LINLI_VIEW (self));
  g_autoptr(GError) error = NULL;
  LinliMapTerritory *t;
  int laid_out = 0;

  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (linli_map_session_get_history (self->session), self);
  g_clear_object (&self->session);
  g_clear_pointer (&self->plan_loaded, g_free);
  for (int l = 0; l < N_LEVELS; l++)
    set_id (self, l, NULL);
  self->level = LEVEL_COMMUNITY;
  if (db == NULL || community == NULL)
    return;

  /* Buildings nobody has drawn yet (a ledger just imported) are laid
   * out first, so that the map is useful at once. */
  if (linli_map_layout_needed (db, community))
    {
      laid_out = linli_map_layout_apply (db, NULL, community, LINLI_MAP_LAYOUT_MISSING, &error);
      if (laid_out < 0)
        g_message ("The automatic layout failed: %s", error->message);
      g_clear_error (&error);
    }

  self->session = linli_map_session_new (db, community, self->today);
  g_signal_connect_object (self->session, "open-record", G_CALLBACK (on_open_record_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "toast", G_CALLBACK (on_toast_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (linli_map_session_get_history (self->session), "changed",
                           G_CALLBACK (on_history_changed_cb), self, G_CONNECT_SWAPPED);
  on_history_changed_cb (self, linli_map_session_get_history (self->session));
  for (int l = 0; l < N_LEVELS; l++)
    linli_map_page_set_session (page_of (self, l), self->session);
  layers_from_settings (self);

  if (!linli_map_session_reload (self->session, &error))
    {
      adw_status_page_set_title (self->empty_page, _("The Map Cannot Be Read"));
      adw_status_page_set_description (self->empty_page, error->message);
      gtk_stack_set_visible_child_name (self->state, "empty");
      return;
    }
  g_signal_connect_object (self->session, "changed", G_CALLBACK (on_session_changed_cb), self, G_CONNECT_SWAPPED);
  on_session_changed_cb (self, self->session);
  t = linli_map_session_get_territory (self->session);
  gtk_stack_set_visible_child_name (self->state, t->buildings->len > 0 || t->grids->len > 0 ? "map" : "empty");
  show_level (self, LEVEL_COMMUNITY, CAMERA_STAY, FALSE);
  linli_map_canvas_fit (self->canvas, FALSE);
  if (laid_out > 0)
    {
      g_autofree char *msg = g_strdup_printf (ngettext ("%d building was laid out grid by grid; move it where it stands with Draw the Map",
                                                        "%d buildings were laid out grid by grid; move them where they stand with Draw the Map",
                                                        laid_out), laid_out);
      linli_map_session_toast (self->session, msg);
    }
}

/* LinliView ------------------------------------------------------------------------------ */

static void
linli_map_view_reload (LinliView *view)
{
  start_session (LINLI_MAP_VIEW (view));
}

/* The territory, the counts and the open page read again; the map stays
 * where it is (what was open and is gone goes up a level). */
static void
linli_map_view_refresh (LinliView *view)
{
  LinliMapView *self = LINLI_MAP_VIEW (view);
  g_autoptr(GError) error = NULL;

  if (self->session != NULL && !linli_map_session_reload (self->session, &error))
    g_warning ("The map could not be read again: %s", error->message);
}

static gboolean
linli_map_view_show_record (LinliView  *view,
                            const char *table,
                            const char *id)
{
  LinliMapView *self = LINLI_MAP_VIEW (view);

  if (!open_record (self, table, id, CAMERA_SHOW, TRUE))
    return FALSE;
  if (adw_flap_get_folded (self->flap))
    adw_flap_set_reveal_flap (self->flap, TRUE);
  return TRUE;
}

/**
 * linli_map_view_get_print_request:
 * @self: a map view
 *
 * What Ctrl+P prints from where the map stands: from a building or
 * anything in it, its floor-by-room household table (楼栋户表); from a
 * grid, the tables of its buildings; from the community, its special-care
 * list for door-knocking.
 *
 * Returns: (transfer full) (nullable): the request, or %NULL when no
 * community is open
 */
LinliSheetRequest *
linli_map_view_get_print_request (LinliMapView *self)
{
  LinliSheetRequest *request;

  g_return_val_if_fail (LINLI_IS_MAP_VIEW (self), NULL);

  if (self->session == NULL)
    return NULL;
  if (self->level >= LEVEL_BUILDING && self->ids[LEVEL_BUILDING] != NULL)
    request = linli_sheet_request_new ("households", LINLI_SCOPE_BUILDING, self->ids[LEVEL_BUILDING]);
  else if (self->level == LEVEL_GRID && self->ids[LEVEL_GRID] != NULL)
    request = linli_sheet_request_new ("households", LINLI_SCOPE_GRID, self->ids[LEVEL_GRID]);
  else
    request = linli_sheet_request_new ("care-list", LINLI_SCOPE_ALL, NULL);
  /* The map's day: the ages of 80 and over are counted on it. */
  request->date = g_strdup (linli_map_session_get_today (self->session));
  return request;
}

static gboolean
linli_map_view_print (LinliView *view,
                      GtkWindow *parent)
{
  LinliMapView *self = LINLI_MAP_VIEW (view);
  g_autoptr(LinliSheetRequest) request = linli_map_view_get_print_request (self);

  if (request == NULL)
    return FALSE;
  linli_print_sheet (parent, db_of (self), request);
  return TRUE;
}

/* Actions --------------------------------------------------------------------------------- */

static void
undo_activated (GSimpleAction *action,
                GVariant      *param,
                gpointer       data)
{
  LinliMapView *self = data;
  LinliMapHistory *history = linli_map_session_get_history (self->session);
  g_autofree char *label = g_strdup (linli_map_history_get_undo_label (history));
  g_autoptr(GError) error = NULL;

  if (!linli_map_history_undo (history, &error))
    linli_map_session_error (self->session, _("It could not be undone"), error);
  else
    {
      /* Translators: %s is what was undone */
      g_autofree char *msg = g_strdup_printf (_("Undone: %s"), label);
      linli_map_session_toast (self->session, msg);
    }
}

static void
redo_activated (GSimpleAction *action,
                GVariant      *param,
                gpointer       data)
{
  LinliMapView *self = data;
  LinliMapHistory *history = linli_map_session_get_history (self->session);
  g_autoptr(GError) error = NULL;

  if (!linli_map_history_redo (history, &error))
    linli_map_session_error (self->session, _("It could not be redone"), error);
}

static void
zoom_in_activated (GSimpleAction *action, GVariant *param, gpointer data)
{
  linli_map_canvas_zoom_by (LINLI_MAP_VIEW (data)->canvas, 1.5);
}

static void
zoom_out_activated (GSimpleAction *action, GVariant *param, gpointer data)
{
  linli_map_canvas_zoom_by (LINLI_MAP_VIEW (data)->canvas, 1 / 1.5);
}

static void
zoom_fit_activated (GSimpleAction *action, GVariant *param, gpointer data)
{
  linli_map_canvas_fit (LINLI_MAP_VIEW (data)->canvas, TRUE);
}

static void
up_activated (GSimpleAction *action, GVariant *param, gpointer data)
{
  go_up (LINLI_MAP_VIEW (data));
}

static void
log_visit_activated (GSimpleAction *action, GVariant *param, gpointer data)
{
  LinliMapView *self = data;

  if (self->level == LEVEL_HOUSEHOLD)
    linli_map_household_page_log_visit (LINLI_MAP_HOUSEHOLD_PAGE (self->household_page));
}

static void
edit_changed_state (GSimpleAction *action,
                    GVariant      *value,
                    gpointer       data)
{
  set_edit_mode (LINLI_MAP_VIEW (data), g_variant_get_boolean (value));
}

static const GActionEntry map_actions[] = {
  { "undo", undo_activated },
  { "redo", redo_activated },
  { "zoom-in", zoom_in_activated },
  { "zoom-out", zoom_out_activated },
  { "zoom-fit", zoom_fit_activated },
  { "up", up_activated },
  { "log-visit", log_visit_activated },
  { "edit", NULL, NULL, "false", edit_changed_state },
};

/* Public ---------------------------------------------------------------------------------- */

/**
 * linli_map_view_set_layers:
 * @coverage_days: 7 or 30
 *
 * Turns layers on and off as the Layers menu does.
 */
void
linli_map_view_set_layers (LinliMapView   *self,
                           LinliMapLayers  layers,
                           int             coverage_days)
{
  g_return_if_fail (LINLI_IS_MAP_VIEW (self));

  self->quiet = TRUE;
  gtk_check_button_set_active (self->coverage_check, (layers & LINLI_MAP_LAYER_COVERAGE) != 0);
  gtk_check_button_set_active (self->care_check, (layers & LINLI_MAP_LAYER_CARE) != 0);
  gtk_check_button_set_active (self->squad_check, (layers & LINLI_MAP_LAYER_SQUAD) != 0);
  gtk_check_button_set_active (self->heat_check, (layers & LINLI_MAP_LAYER_HEAT) != 0);
  gtk_toggle_button_set_active (coverage_days > 7 ? self->days30_button : self->days7_button, TRUE);
  self->quiet = FALSE;
  on_layers_toggled_cb (self);
}

/**
 * linli_map_view_set_today:
 * @today: (nullable): YYYY-MM-DD, or %NULL for the real today
 *
 * The day the layers count from (tests show the demo community on the
 * day it was made for).
 */
void
linli_map_view_set_today (LinliMapView *self,
                          const char   *today)
{
  g_return_if_fail (LINLI_IS_MAP_VIEW (self));

  g_free (self->today);
  self->today = g_strdup (today);
  start_session (self);
}

/**
 * linli_map_view_get_level:
 *
 * Returns: what is open: community, grid, building, unit, household or person
 */
const char *
linli_map_view_get_level (LinliMapView *self)
{
  return level_names[self->level];
}

/**
 * linli_map_view_get_current:
 * @table: grid, building, unit, household or person
 *
 * Returns: (nullable): the id of that level of what is open
 */
const char *
linli_map_view_get_current (LinliMapView *self,
                            const char   *table)
{
  for (int l = LEVEL_GRID; l < N_LEVELS; l++)
    if (g_str_equal (level_names[l], table))
      return self->ids[l];
  return NULL;
}

GtkWidget *
linli_map_view_get_canvas (LinliMapView *self)
{
  return GTK_WIDGET (self->canvas);
}

GtkWidget *
linli_map_view_get_page (LinliMapView *self,
                         const char   *name)
{
  for (int l = 0; l < N_LEVELS; l++)
    if (g_str_equal (level_names[l], name))
      return GTK_WIDGET (page_of (self, l));
  return NULL;
}

/* GObject --------------------------------------------------------------------------------- */

static void
linli_map_view_dispose (GObject *object)
{
  LinliMapView *self = LINLI_MAP_VIEW (object);

  if (self->underlay_timeout != 0)
    {
      g_clear_handle_id (&self->underlay_timeout, g_source_remove);
      if (self->session != NULL)
        store_underlay (self);
    }
  if (self->session != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->session, self);
      g_signal_handlers_disconnect_by_data (linli_map_session_get_history (self->session), self);
    }
  /* The bound root child goes first, so that AdwBin does not unparent it
   * again. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (object), LINLI_TYPE_MAP_VIEW);
  g_clear_object (&self->session);
  g_clear_object (&self->settings);
  g_clear_object (&self->actions);

  G_OBJECT_CLASS (linli_map_view_parent_class)->dispose (object);
}

static void
linli_map_view_finalize (GObject *object)
{
  LinliMapView *self = LINLI_MAP_VIEW (object);

  for (int l = 0; l < N_LEVELS; l++)
    g_free (self->ids[l]);
  g_free (self->today);
  g_free (self->plan_loaded);

  G_OBJECT_CLASS (linli_map_view_parent_class)->finalize (object);
}

static void
linli_map_view_class_init (LinliMapViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  LinliViewClass *view_class = LINLI_VIEW_CLASS (klass);

  object_class->dispose = linli_map_view_dispose;
  object_class->finalize = linli_map_view_finalize;
  view_class->reload = linli_map_view_reload;
  view_class->refresh = linli_map_view_refresh;
  view_class->show_record = linli_map_view_show_record;
  view_class->print = linli_map_view_print;

  g_type_ensure (LINLI_TYPE_MAP_CANVAS);
  g_type_ensure (LINLI_TYPE_MAP_LEGEND);
  g_type_ensure (LINLI_TYPE_MAP_EDIT_BAR);
  g_type_ensure (LINLI_TYPE_MAP_COMMUNITY_PAGE);
  g_type_ensure (LINLI_TYPE_MAP_GRID_PAGE);
  g_type_ensure (LINLI_TYPE_MAP_BUILDING_PAGE);
  g_type_ensure (LINLI_TYPE_MAP_UNIT_PAGE);
  g_type_ensure (LINLI_TYPE_MAP_HOUSEHOLD_PAGE);
  g_type_ensure (LINLI_TYPE_MAP_PERSON_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/linli/Linli/views/linli-map-view.ui");
  gtk_widget_class_bind_template_child (widget_class, LinliMapView, state);
  gtk_widget_class_bind_template_child (widget_class, LinliMapView, empty_page);
  gtk_widget_class_bind_template_child (widget_class, LinliMapView, breadcrumbs);
  gtk_widget_class_bind_template_child (widget_class, LinliMapView, layers_button);
  gtk_widget_class_bind_template_child (widget_class, LinliMapView, sidebar_button);
  gtk_widget_class_bind_template_child (widget_class, LinliMapView, coverage_check);
  gtk_widget_class_bind_template_child (widget_class, LinliMapView, days7_button);
  gtk_widget_class_bind_template_child (widget_class, LinliMapView, days30_button);
  gtk_widget_class_bind_template_child (widget_class, LinliMapView, care_check);
  gtk_widget_class_bind_template_child (widget_class, LinliMapView, squad_check);
  gtk_widget_class_bind_template_child (widget_class, LinliMapView, heat_check);
  gtk_widget_class_bind_template_child (widget_class, LinliMapView, flap);
  gtk_widget_class_bind_template_child (widget_class, LinliMapView, canvas);
  gtk_widget_class_bind_template_child (widget_class, LinliMapView, legend);
  gtk_widget_class_bind_template_child (widget_class, LinliMapView, edit_bar);
  gtk_widget_class_bind_template_child (widget_class, LinliMapView, pages);
  gtk_widget_class_bind_template_child (widget_class, LinliMapView, community_page);
  gtk_widget_class_bind_template_child (widget_class, LinliMapView, grid_page);
  gtk_widget_class_bind_template_child (widget_class, LinliMapView, building_page);
  gtk_widget_class_bind_template_child (widget_class, LinliMapView, unit_page);
  gtk_widget_class_bind_template_child (widget_class, LinliMapView, household_page);
  gtk_widget_class_bind_template_child (widget_class, LinliMapView, person_page);
  gtk_widget_class_bind_template_callback (widget_class, on_layers_toggled_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK, "map.undo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "map.redo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Z, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "map.redo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_y, GDK_CONTROL_MASK, "map.redo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK, "map.edit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "map.up", NULL);
}

static void
linli_map_view_init (LinliMapView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APP_ID);
  self->actions = g_simple_action_group_new ();
  g_action_map_add_action_entries (G_ACTION_MAP (self->actions), map_actions, G_N_ELEMENTS (map_actions), self);
  gtk_widget_insert_action_group (GTK_WIDGET (self), "map", G_ACTION_GROUP (self->actions));
  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self->actions), "undo")), FALSE);
  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self->actions), "redo")), FALSE);
  update_actions (self);

  g_signal_connect_object (self->flap, "notify::folded", G_CALLBACK (on_flap_folded_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->canvas, "building-selected", G_CALLBACK (on_building_selected_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->canvas, "building-activated", G_CALLBACK (on_building_activated_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->canvas, "grid-selected", G_CALLBACK (on_grid_selected_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->canvas, "grid-activated", G_CALLBACK (on_grid_activated_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->canvas, "go-up", G_CALLBACK (on_go_up_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->canvas, "building-changed", G_CALLBACK (on_building_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->canvas, "grid-outline-changed", G_CALLBACK (on_grid_outline_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->canvas, "grid-drawn", G_CALLBACK (on_grid_drawn_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->canvas, "building-added", G_CALLBACK (on_building_added_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->canvas, "underlay-moved", G_CALLBACK (on_underlay_moved_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->edit_bar, "tool-changed", G_CALLBACK (on_tool_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->edit_bar, "done", G_CALLBACK (on_done_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->edit_bar, "arrange", G_CALLBACK (on_arrange_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->edit_bar, "choose-underlay", G_CALLBACK (on_choose_underlay_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->edit_bar, "remove-underlay", G_CALLBACK (on_remove_underlay_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->edit_bar, "underlay-changed", G_CALLBACK (on_underlay_changed_cb), self, G_CONNECT_SWAPPED);
}
