/* linli-map-canvas.c: the community as a map, drawn with GtkSnapshot
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * World coordinates are plan metres (y down); the camera is the world
 * point at the centre of the widget and a zoom in pixels per metre.
 * Grids are filled polygons, buildings rotated blocks; the layers colour
 * the blocks (coverage), glow under them (residents), badge them (special
 * care) and outline them (incomplete 119 squads). Labels are placed in
 * order of importance and left out where they would collide; building
 * numbers appear once a block is large enough to hold one.
 */

#define G_LOG_DOMAIN "linli-map"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "linli-map-canvas.h"
#include "linli-map-style.h"

#define MAX_ZOOM        60.0   /* px per metre */
#define FIT_PADDING     36.0
#define ANIM_USEC       (240 * 1000)
#define HANDLE          9.0
#define ROTATE_OFFSET   26.0
#define HIT_SLOP        6.0    /* px around small targets */

typedef enum
{
  DRAG_NONE,
  DRAG_PAN,
  DRAG_MOVE,
  DRAG_WIDTH,       /* an end of the block: width */
  DRAG_DEPTH,       /* a long side: depth */
  DRAG_ROTATE,
  DRAG_VERTEX,
  DRAG_UNDERLAY,
} DragKind;

typedef struct
{
  PangoLayout *number;
  PangoLayout *detail;
  int          number_w, number_h;
  int          detail_w, detail_h;
} BuildingLabel;

struct _LinliMapCanvas
{
  GtkWidget          parent_instance;

  LinliMapTerritory *territory;
  LinliMapStats     *stats;
  LinliMapLayers     layers;
  int                coverage_days;

  GdkTexture        *underlay;
  GdkTexture        *heat;          /* the heat layer, painted small */
  LinliMapRect       heat_area;     /* the world it covers */
  double             heat_zoom, heat_shrink;
  double             plan_x, plan_y, plan_scale, plan_rotation, plan_opacity;

  double             cx, cy, zoom;
  gboolean           have_view;
  GtkBorder          insets;      /* covered by overlays: fitting keeps clear */
  gboolean           fitted;      /* showing the whole community: refit on resize */
  gboolean           fitting;     /* the animation ends on the whole community */
  guint              tick_id;
  gint64             anim_start;
  double             from_cx, from_cy, from_zoom;
  double             to_cx, to_cy, to_zoom;

  int                selected_grid;
  int                selected_building;
  int                focus_building;
  int                hover_building;
  int                hover_grid;

  gboolean           edit_mode;
  LinliMapTool       tool;

  double             pointer_x, pointer_y;
  gboolean           pointer_inside;

  DragKind           drag;
  double             drag_cx0, drag_cy0;
  double             drag_wx0, drag_wy0;
  int                drag_building;
  int                drag_sign;
  LinliMapFootprint  drag_fp0;
  LinliMapFootprint  drag_fp;
  int                drag_grid;
  guint              drag_vertex;
  GArray            *drag_outline;
  double             drag_plan_x0, drag_plan_y0;
  gboolean           dragged;
  int                click_building; /* what the first click of a double click hit */

  GArray            *draw_points;

  double             pinch_zoom0;
  double             pinch_wx, pinch_wy;

  GHashTable        *badge_labels;   /* "text@radius" -> PangoLayout */
  GPtrArray         *building_labels;
  GPtrArray         *grid_labels;
  LinliMapLabeler   *labeler;
  guint              n_labels;
  guint              n_building_labels;
};

G_DEFINE_FINAL_TYPE (LinliMapCanvas, linli_map_canvas, GTK_TYPE_WIDGET)

enum {
  BUILDING_SELECTED,
  BUILDING_ACTIVATED,
  GRID_SELECTED,
  GRID_ACTIVATED,
  GO_UP,
  BUILDING_CHANGED,
  GRID_OUTLINE_CHANGED,
  GRID_DRAWN,
  BUILDING_ADDED,
  UNDERLAY_MOVED,
  VIEW_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
building_label_free (gpointer data)
{
  BuildingLabel *l = data;

  if (l == NULL)
    return;
  g_clear_object (&l->number);
  g_clear_object (&l->detail);
  g_free (l);
}

static gboolean
is_dark (void)
{
  return adw_style_manager_get_dark (adw_style_manager_get_default ());
}

/* Camera -------------------------------------------------------------------- */

void
linli_map_canvas_world_to_screen (LinliMapCanvas *self,
                                  double          x,
                                  double          y,
                                  double         *sx,
                                  double         *sy)
{
  *sx = (x - self->cx) * self->zoom + gtk_widget_get_width (GTK_WIDGET (self)) / 2.0;
  *sy = (y - self->cy) * self->zoom + gtk_widget_get_height (GTK_WIDGET (self)) / 2.0;
}

void
linli_map_canvas_screen_to_world (LinliMapCanvas *self,
                                  double          sx,
                                  double          sy,
                                  double         *x,
                                  double         *y)
{
  *x = (sx - gtk_widget_get_width (GTK_WIDGET (self)) / 2.0) / self->zoom + self->cx;
  *y = (sy - gtk_widget_get_height (GTK_WIDGET (self)) / 2.0) / self->zoom + self->cy;
}

static LinliMapRect
content_bounds (LinliMapCanvas *self)
{
  LinliMapRect r = { 0, 0, 0, 0 };

  if (self->territory != NULL)
    r = linli_map_territory_get_bounds (self->territory);
  if (linli_map_rect_is_empty (&r) && self->underlay != NULL)
    {
      r.x = self->plan_x;
      r.y = self->plan_y;
      r.width = gdk_texture_get_width (self->underlay) * self->plan_scale;
      r.height = gdk_texture_get_height (self->underlay) * self->plan_scale;
    }
  if (linli_map_rect_is_empty (&r))
    r = (LinliMapRect) { 0, 0, 200, 150 };
  return r;
}

static double
zoom_for (LinliMapCanvas     *self,
          const LinliMapRect *r,
          double              padding)
{
  double w = MAX (gtk_widget_get_width (GTK_WIDGET (self)) - self->insets.left - self->insets.right, 200) - 2 * padding;
  double h = MAX (gtk_widget_get_height (GTK_WIDGET (self)) - self->insets.top - self->insets.bottom, 150) - 2 * padding;

  return MIN (w / MAX (r->width, 1), h / MAX (r->height, 1));
}

static double
min_zoom (LinliMapCanvas *self)
{
  LinliMapRect r = content_bounds (self);

  return MAX (zoom_for (self, &r, FIT_PADDING) / 4, 0.01);
}

static void
set_camera (LinliMapCanvas *self,
            double          cx,
            double          cy,
            double          zoom)
{
  self->fitted = FALSE;
  self->cx = cx;
  self->cy = cy;
  self->zoom = CLAMP (zoom, min_zoom (self), MAX_ZOOM);
  self->have_view = TRUE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_signal_emit (self, signals[VIEW_CHANGED], 0);
}

static double
ease_out (double t)
{
  return 1 - pow (1 - t, 3);
}

static gboolean
animation_tick_cb (GtkWidget     *widget,
                   GdkFrameClock *clock,
                   gpointer       user_data)
{
  LinliMapCanvas *self = LINLI_MAP_CANVAS (widget);
  double t = (gdk_frame_clock_get_frame_time (clock) - self->anim_start) / (double) ANIM_USEC;
  double e = ease_out (CLAMP (t, 0, 1));
  /* The zoom moves evenly on a log scale, and the centre with it. */
  double z = exp (log (self->from_zoom) + (log (self->to_zoom) - log (self->from_zoom)) * e);

  set_camera (self, self->from_cx + (self->to_cx - self->from_cx) * e,
              self->from_cy + (self->to_cy - self->from_cy) * e, z);
  if (t >= 1)
    {
      self->tick_id = 0;
      self->fitted = self->fitting;
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static void
stop_animation (LinliMapCanvas *self)
{
  if (self->tick_id != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->tick_id);
      self->tick_id = 0;
    }
}

static void
animate_to (LinliMapCanvas *self,
            double          cx,
            double          cy,
            double          zoom,
            gboolean        animate)
{
  stop_animation (self);
  self->fitting = FALSE;
  zoom = CLAMP (zoom, min_zoom (self), MAX_ZOOM);
  if (!animate || !self->have_view || !gtk_widget_get_mapped (GTK_WIDGET (self)) ||
      !adw_get_enable_animations (GTK_WIDGET (self)))
    {
      set_camera (self, cx, cy, zoom);
      return;
    }
  self->from_cx = self->cx;
  self->from_cy = self->cy;
  self->from_zoom = self->zoom;
  self->to_cx = cx;
  self->to_cy = cy;
  self->to_zoom = zoom;
  self->anim_start = gdk_frame_clock_get_frame_time (gtk_widget_get_frame_clock (GTK_WIDGET (self)));
  self->tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), animation_tick_cb, NULL, NULL);
}

gboolean
linli_map_canvas_is_animating (LinliMapCanvas *self)
{
  return self->tick_id != 0;
}

void
linli_map_canvas_zoom_to (LinliMapCanvas     *self,
                          const LinliMapRect *rect,
                          gboolean            animate)
{
  double zoom;

  g_return_if_fail (LINLI_IS_MAP_CANVAS (self));

  /* Centred in what the overlays leave free. */
  zoom = zoom_for (self, rect, FIT_PADDING);
  animate_to (self, rect->x + rect->width / 2 - (self->insets.left - self->insets.right) / 2.0 / zoom,
              rect->y + rect->height / 2 - (self->insets.top - self->insets.bottom) / 2.0 / zoom, zoom, animate);
}

/**
 * linli_map_canvas_set_insets:
 *
 * The edges of the map that overlays (the legend, the edit bar) cover:
 * showing the whole community, or a grid, keeps clear of them.
 */
void
linli_map_canvas_set_insets (LinliMapCanvas  *self,
                             const GtkBorder *insets)
{
  g_return_if_fail (LINLI_IS_MAP_CANVAS (self));

  if (memcmp (&self->insets, insets, sizeof *insets) == 0)
    return;
  self->insets = *insets;
  if (self->fitted)
    linli_map_canvas_fit (self, FALSE);
}

void
linli_map_canvas_fit (LinliMapCanvas *self,
                      gboolean        animate)
{
  LinliMapRect r;

  g_return_if_fail (LINLI_IS_MAP_CANVAS (self));

  r = content_bounds (self);
  linli_map_canvas_zoom_to (self, &r, animate);
  if (self->tick_id == 0)
    self->fitted = TRUE;
  else
    self->fitting = TRUE;
}

/* Zooms keeping the world point under (sx, sy) where it is. */
static void
zoom_around (LinliMapCanvas *self,
             double          sx,
             double          sy,
             double          new_zoom,
             gboolean        animate)
{
  double wx, wy, cx, cy;

  new_zoom = CLAMP (new_zoom, min_zoom (self), MAX_ZOOM);
  linli_map_canvas_screen_to_world (self, sx, sy, &wx, &wy);
  cx = wx - (sx - gtk_widget_get_width (GTK_WIDGET (self)) / 2.0) / new_zoom;
  cy = wy - (sy - gtk_widget_get_height (GTK_WIDGET (self)) / 2.0) / new_zoom;
  animate_to (self, cx, cy, new_zoom, animate);
}

/**
 * linli_map_canvas_zoom_by:
 *
 * Zooms around the pointer when it is over the map, else around the
 * centre.
 */
void
linli_map_canvas_zoom_by (LinliMapCanvas *self,
                          double          factor)
{
  double sx = gtk_widget_get_width (GTK_WIDGET (self)) / 2.0;
  double sy = gtk_widget_get_height (GTK_WIDGET (self)) / 2.0;
  double base = self->tick_id ? self->to_zoom : self->zoom;

  g_return_if_fail (LINLI_IS_MAP_CANVAS (self));

  if (self->pointer_inside)
    {
      sx = self->pointer_x;
      sy = self->pointer_y;
    }
  stop_animation (self);
  zoom_around (self, sx, sy, base * factor, TRUE);
}

void
linli_map_canvas_pan_by (LinliMapCanvas *self,
                         double          dx,
                         double          dy)
{
  stop_animation (self);
  set_camera (self, self->cx + dx / self->zoom, self->cy + dy / self->zoom, self->zoom);
}

void
linli_map_canvas_set_view (LinliMapCanvas *self,
                           double          cx,
                           double          cy,
                           double          zoom)
{
  stop_animation (self);
  set_camera (self, cx, cy, zoom);
}

void
linli_map_canvas_get_view (LinliMapCanvas *self,
                           double         *cx,
                           double         *cy,
                           double         *zoom)
{
  if (cx) *cx = self->cx;
  if (cy) *cy = self->cy;
  if (zoom) *zoom = self->zoom;
}

/* Data ----------------------------------------------------------------------- */

static void
drop_labels (LinliMapCanvas *self)
{
  g_clear_object (&self->heat);
  g_hash_table_remove_all (self->badge_labels);
  g_ptr_array_set_size (self->building_labels, 0);
  g_ptr_array_set_size (self->grid_labels, 0);
}

void
linli_map_canvas_set_territory (LinliMapCanvas    *self,
                                LinliMapTerritory *territory)
{
  g_return_if_fail (LINLI_IS_MAP_CANVAS (self));

  if (territory != NULL)
    linli_map_territory_ref (territory);
  g_clear_pointer (&self->territory, linli_map_territory_unref);
  self->territory = territory;
  self->click_building = -1;
  drop_labels (self);

  if (territory != NULL)
    {
      self->plan_x = territory->plan_x;
      self->plan_y = territory->plan_y;
      self->plan_scale = territory->plan_scale;
      self->plan_rotation = territory->plan_rotation;
      self->plan_opacity = territory->plan_opacity;
    }
  if (self->selected_building >= (int) (territory ? territory->buildings->len : 0))
    self->selected_building = -1;
  if (self->focus_building >= (int) (territory ? territory->buildings->len : 0))
    self->focus_building = -1;
  if (self->selected_grid >= (int) (territory ? territory->grids->len : 0))
    self->selected_grid = -1;
  self->hover_building = -1;
  self->hover_grid = -1;
  self->drag = DRAG_NONE;
  if (!self->have_view && gtk_widget_get_width (GTK_WIDGET (self)) > 0)
    linli_map_canvas_fit (self, FALSE);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

LinliMapTerritory *
linli_map_canvas_get_territory (LinliMapCanvas *self)
{
  return self->territory;
}

void
linli_map_canvas_set_stats (LinliMapCanvas *self,
                            LinliMapStats  *stats)
{
  g_return_if_fail (LINLI_IS_MAP_CANVAS (self));

  if (stats != NULL)
    linli_map_stats_ref (stats);
  g_clear_pointer (&self->stats, linli_map_stats_unref);
  self->stats = stats;
  g_ptr_array_set_size (self->building_labels, 0);
  g_clear_object (&self->heat);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

LinliMapStats *
linli_map_canvas_get_stats (LinliMapCanvas *self)
{
  return self->stats;
}

void
linli_map_canvas_set_layers (LinliMapCanvas *self,
                             LinliMapLayers  layers,
                             int             coverage_days)
{
  g_return_if_fail (LINLI_IS_MAP_CANVAS (self));

  self->layers = layers;
  self->coverage_days = coverage_days;
  if (!(layers & LINLI_MAP_LAYER_HEAT))
    g_clear_object (&self->heat);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
linli_map_canvas_set_underlay (LinliMapCanvas *self,
                               GdkTexture     *texture)
{
  g_return_if_fail (LINLI_IS_MAP_CANVAS (self));

  g_set_object (&self->underlay, texture);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
linli_map_canvas_set_underlay_geometry (LinliMapCanvas *self,
                                        double          x,
                                        double          y,
                                        double          scale,
                                        double          rotation,
                                        double          opacity)
{
  self->plan_x = x;
  self->plan_y = y;
  self->plan_scale = scale > 0 ? scale : 1;
  self->plan_rotation = rotation;
  self->plan_opacity = CLAMP (opacity, 0, 1);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static LinliMapBuilding *
building (LinliMapCanvas *self,
          int             index)
{
  return self->territory ? linli_map_territory_get_building (self->territory, index) : NULL;
}

/* For an index known to be valid. */
static LinliMapBuilding *
must_building (LinliMapCanvas *self,
               int             index)
{
  LinliMapBuilding *b = building (self, index);

  g_assert (b != NULL);
  return b;
}

static LinliMapGrid *
grid (LinliMapCanvas *self,
      int             index)
{
  return self->territory ? linli_map_territory_get_grid (self->territory, index) : NULL;
}

/* For an index known to be valid. */
static LinliMapGrid *
must_grid (LinliMapCanvas *self,
           int             index)
{
  LinliMapGrid *g = grid (self, index);

  g_assert (g != NULL);
  return g;
}

/* The footprint as drawn: the one being dragged, else the stored one. */
static const LinliMapFootprint *
footprint (LinliMapCanvas *self,
           int             index)
{
  if (self->drag_building == index &&
      (self->drag == DRAG_MOVE || self->drag == DRAG_WIDTH || self->drag == DRAG_DEPTH || self->drag == DRAG_ROTATE))
    return &self->drag_fp;
  return &must_building (self, index)->fp;
}

static GArray *
outline (LinliMapCanvas *self,
         int             index)
{
  LinliMapGrid *g;

  if (self->drag == DRAG_VERTEX && self->drag_grid == index && self->drag_outline != NULL)
    return self->drag_outline;
  g = grid (self, index);
  g_assert (g != NULL);
  return g->outline;
}

void
linli_map_canvas_set_selection (LinliMapCanvas *self,
                                int             grid_index,
                                int             building_index)
{
  g_return_if_fail (LINLI_IS_MAP_CANVAS (self));

  self->selected_grid = grid_index;
  self->selected_building = building_index;
  if (building_index >= 0)
    self->focus_building = building_index;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

int
linli_map_canvas_get_selected_grid (LinliMapCanvas *self)
{
  return self->selected_grid;
}

int
linli_map_canvas_get_selected_building (LinliMapCanvas *self)
{
  return self->selected_building;
}

static void
update_accessible (LinliMapCanvas *self)
{
  LinliMapBuilding *b = building (self, self->focus_building);
  g_autofree char *text = NULL;

  if (b == NULL)
    return;
  /* Translators: read out by a screen reader when a building gets the focus on the map */
  text = g_strdup_printf (_("Building %s"), b->number);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text, -1);
}

/* Brings a building into view without jumping: only when it is off
 * screen or too small to see. */
static void
reveal_building (LinliMapCanvas *self,
                 int             index)
{
  LinliMapBuilding *b = building (self, index);
  LinliMapRect r;
  double sx0, sy0, sx1, sy1, w, h;

  if (b == NULL || !b->located)
    return;
  r = linli_map_footprint_bounds (&b->fp);
  linli_map_canvas_world_to_screen (self, r.x, r.y, &sx0, &sy0);
  linli_map_canvas_world_to_screen (self, r.x + r.width, r.y + r.height, &sx1, &sy1);
  w = gtk_widget_get_width (GTK_WIDGET (self));
  h = gtk_widget_get_height (GTK_WIDGET (self));
  if (sx0 >= 20 && sy0 >= 20 && sx1 <= w - 20 && sy1 <= h - 20)
    return;
  animate_to (self, b->fp.x, b->fp.y, self->zoom, TRUE);
}

void
linli_map_canvas_set_focus_building (LinliMapCanvas *self,
                                     int             index)
{
  g_return_if_fail (LINLI_IS_MAP_CANVAS (self));

  if (self->focus_building == index)
    return;
  self->focus_building = index;
  update_accessible (self);
  reveal_building (self, index);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

int
linli_map_canvas_get_focus_building (LinliMapCanvas *self)
{
  return self->focus_building;
}

void
linli_map_canvas_set_edit_mode (LinliMapCanvas *self,
                                gboolean        edit_mode)
{
  self->edit_mode = edit_mode;
  self->tool = LINLI_MAP_TOOL_SELECT;
  g_array_set_size (self->draw_points, 0);
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), NULL);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

gboolean
linli_map_canvas_get_edit_mode (LinliMapCanvas *self)
{
  return self->edit_mode;
}

void
linli_map_canvas_set_tool (LinliMapCanvas *self,
                           LinliMapTool    tool)
{
  static const char *cursors[] = { NULL, "copy", "crosshair", "move" };

  self->tool = tool;
  g_array_set_size (self->draw_points, 0);
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), cursors[tool]);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

LinliMapTool
linli_map_canvas_get_tool (LinliMapCanvas *self)
{
  return self->tool;
}

/* Drawing -------------------------------------------------------------------- */

static PangoLayout *
make_layout (LinliMapCanvas *self,
             const char     *text,
             double          size,
             gboolean        bold)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);
  PangoFontDescription *font = pango_font_description_copy (pango_context_get_font_description (pango_layout_get_context (layout)));

  pango_font_description_set_absolute_size (font, size * PANGO_SCALE);
  pango_font_description_set_weight (font, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);
  return layout;
}

static BuildingLabel *
building_label (LinliMapCanvas *self,
                int             index)
{
  BuildingLabel *l;
  LinliMapBuilding *b = building (self, index);

  if ((guint) index >= self->building_labels->len)
    g_ptr_array_set_size (self->building_labels, self->territory->buildings->len);
  l = self->building_labels->pdata[index];
  if (l == NULL)
    {
      g_autofree char *number = NULL;
      g_autofree char *detail = NULL;

      l = g_new0 (BuildingLabel, 1);
      /* Translators: a building's label on the map; zh_CN: %s栋 */
      number = g_strdup_printf (C_("map label", "No. %s"), b->number);
      l->number = make_layout (self, number, 13, TRUE);
      pango_layout_get_pixel_size (l->number, &l->number_w, &l->number_h);
      if (self->stats != NULL)
        {
          const LinliMapCounts *c = linli_map_stats_get_building (self->stats, b->id);
          /* Translators: under a building's number on the map: households and residents; zh_CN: %d户 · %d人 */
          detail = g_strdup_printf (_("%d hh · %d res."), c->households, c->residents);
          l->detail = make_layout (self, detail, 11, FALSE);
          pango_layout_get_pixel_size (l->detail, &l->detail_w, &l->detail_h);
        }
      self->building_labels->pdata[index] = l;
    }
  return l;
}

static PangoLayout *
grid_label (LinliMapCanvas *self,
            int             index)
{
  if ((guint) index >= self->grid_labels->len)
    g_ptr_array_set_size (self->grid_labels, self->territory->grids->len);
  if (self->grid_labels->pdata[index] == NULL)
    self->grid_labels->pdata[index] = make_layout (self, must_grid (self, index)->name, 15, TRUE);
  return self->grid_labels->pdata[index];
}

static void
grid_color (LinliMapGrid *g,
            double        alpha,
            GdkRGBA      *rgba)
{
  linli_map_color_parse (g->color, alpha, rgba);
}

/* A line as a few plain rectangles, each at most @tolerance off the true
 * line: steps along the longer axis, so that no turned shape (and no
 * path) is needed. */
static void
append_line (GtkSnapshot   *snapshot,
             double         x0,
             double         y0,
             double         x1,
             double         y1,
             double         width,
             double         tolerance,
             const GdkRGBA *color)
{
  double dx = x1 - x0, dy = y1 - y0;
  gboolean flat = fabs (dx) >= fabs (dy);
  int n = MAX (1, (int) ceil ((flat ? fabs (dy) : fabs (dx)) / tolerance));

  if (fabs (dx) < 0.1 && fabs (dy) < 0.1)
    return;
  /* A slant is one turned rectangle: steps would show. */
  if (n > 1)
    {
      double len = hypot (dx, dy);

      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x0, y0));
      gtk_snapshot_rotate (snapshot, atan2 (dy, dx) * 180 / G_PI);
      gtk_snapshot_append_color (snapshot, color, &GRAPHENE_RECT_INIT (-width / 2, -width / 2, len + width, width));
      gtk_snapshot_restore (snapshot);
      return;
    }
  for (int i = 0; i < n; i++)
    {
      double t0 = (double) i / n, t1 = (double) (i + 1) / n, tm = (t0 + t1) / 2;

      if (flat)
        {
          double xa = x0 + dx * t0, xb = x0 + dx * t1, y = y0 + dy * tm;

          gtk_snapshot_append_color (snapshot, color,
                                     &GRAPHENE_RECT_INIT (MIN (xa, xb) - (i == 0 || i == n - 1 ? width / 2 : 0), y - width / 2,
                                                          fabs (xb - xa) + (i == 0 || i == n - 1 ? width / 2 : 0), width));
        }
      else
        {
          double ya = y0 + dy * t0, yb = y0 + dy * t1, x = x0 + dx * tm;

          gtk_snapshot_append_color (snapshot, color,
                                     &GRAPHENE_RECT_INIT (x - width / 2, MIN (ya, yb) - (i == 0 || i == n - 1 ? width / 2 : 0),
                                                          width, fabs (yb - ya) + (i == 0 || i == n - 1 ? width / 2 : 0)));
        }
    }
}

/* Grids are filled with rectangles (see linli_map_polygon_spans()) and
 * outlined with turned ones: plain colour nodes, which every renderer
 * draws straight onto the frame, where a cairo node would cost a
 * picture of the whole frame each time. */
static void
draw_grids (LinliMapCanvas *self,
            GtkSnapshot    *snapshot,
            double          width,
            double          height,
            const GdkRGBA  *background)
{
  g_autoptr(GArray) screen = g_array_new (FALSE, FALSE, sizeof (LinliMapPoint));
  g_autoptr(GArray) spans = g_array_new (FALSE, FALSE, sizeof (LinliMapRect));
  LinliMapRect view = { 0, 0, width, height };
  double w2 = width / 2, h2 = height / 2;
  /* Without a plan under the map the grids can be painted solid. */
  gboolean solid = self->underlay == NULL || self->plan_opacity <= 0;

  for (guint i = 0; i < self->territory->grids->len; i++)
    {
      LinliMapGrid *g = grid (self, (int) i);
      GArray *pts = outline (self, (int) i);
      GdkRGBA fill, stroke;
      gboolean selected = (int) i == self->selected_grid;
      gboolean hovered = (int) i == self->hover_grid;
      LinliMapRect bounds;
      double tolerance;

      if (pts->len < 3)
        continue;
      g_array_set_size (screen, pts->len);
      for (guint k = 0; k < pts->len; k++)
        {
          LinliMapPoint *p = &g_array_index (pts, LinliMapPoint, k);

          g_array_index (screen, LinliMapPoint, k).x = (p->x - self->cx) * self->zoom + w2;
          g_array_index (screen, LinliMapPoint, k).y = (p->y - self->cy) * self->zoom + h2;
        }
      bounds = linli_map_polygon_bounds ((LinliMapPoint *) screen->data, screen->len);
      bounds.x -= 4;
      bounds.y -= 4;
      bounds.width += 8;
      bounds.height += 8;
      if (!linli_map_rect_intersects (&bounds, &view))
        continue;

      /* Paler under a layer that colours the buildings, so that they read. */
      grid_color (g, (selected ? 0.42 : hovered ? 0.34 : 0.26) *
                     ((self->layers & (LINLI_MAP_LAYER_COVERAGE | LINLI_MAP_LAYER_HEAT)) ? 0.55 : 1), &fill);
      if (solid)
        {
          GdkRGBA opaque = fill;

          opaque.alpha = 1;
          linli_map_color_mix (background, &opaque, fill.alpha, &fill);
          fill.alpha = 1;
        }
      /* Small on screen, coarser steps: nobody sees a pixel there. */
      tolerance = bounds.width < 160 ? (bounds.width < 100 ? 3.0 : 2.0) : (bounds.width < 400 ? 1.8 : 1.2);
      g_array_set_size (spans, 0);
      if (bounds.width < 100 && bounds.height < 100 &&
          linli_map_polygon_area ((LinliMapPoint *) screen->data, screen->len) > 0.9 * (bounds.width - 8) * (bounds.height - 8))
        {
          /* Small and nearly square: its rectangle, one shape. */
          LinliMapRect r = { bounds.x + 4, bounds.y + 4, bounds.width - 8, bounds.height - 8 };

          g_array_append_val (spans, r);
        }
      else
        linli_map_polygon_spans ((LinliMapPoint *) screen->data, screen->len, &view, tolerance, spans);
      for (guint k = 0; k < spans->len; k++)
        {
          LinliMapRect *r = &g_array_index (spans, LinliMapRect, k);

          /* Solid rows overlap the next by a pixel: no seam can show. */
          gtk_snapshot_append_color (snapshot, &fill,
                                     &GRAPHENE_RECT_INIT (r->x, r->y, r->width, r->height + (solid && k + 1 < spans->len ? 1 : 0)));
        }

      /* A grid smaller than a thumb needs no outline: its colour and the
       * roads around it set it apart. */
      if (bounds.width < 100 && bounds.height < 100 && !selected)
        continue;
      grid_color (g, 1, &stroke);
      stroke.red *= 0.7;
      stroke.green *= 0.7;
      stroke.blue *= 0.7;
      for (guint k = 0; k < screen->len; k++)
        {
          LinliMapPoint *p = &g_array_index (screen, LinliMapPoint, k);
          LinliMapPoint *q = &g_array_index (screen, LinliMapPoint, (k + 1) % screen->len);

          append_line (snapshot, p->x, p->y, q->x, q->y, selected ? 3.5 : 1.5, tolerance, &stroke);
        }
    }
}

static void
draw_underlay (LinliMapCanvas *self,
               GtkSnapshot    *snapshot)
{
  double sx, sy;

  if (self->underlay == NULL || self->plan_opacity <= 0)
    return;
  linli_map_canvas_world_to_screen (self, self->plan_x, self->plan_y, &sx, &sy);
  gtk_snapshot_push_opacity (snapshot, self->plan_opacity);
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (sx, sy));
  gtk_snapshot_rotate (snapshot, self->plan_rotation);
  gtk_snapshot_append_texture (snapshot, self->underlay,
                               &GRAPHENE_RECT_INIT (0, 0,
                                                    gdk_texture_get_width (self->underlay) * self->plan_scale * self->zoom,
                                                    gdk_texture_get_height (self->underlay) * self->plan_scale * self->zoom));
  gtk_snapshot_restore (snapshot);
  gtk_snapshot_pop (snapshot);
}

/* The residents' heat: a glow under each building, wider and redder the
 * more people live there. Radius in metres; beyond a size the glow says
 * no more: it stays a halo. */
static double
heat_radius (LinliMapCanvas          *self,
             const LinliMapFootprint *fp,
             int                      residents)
{
  if (residents <= 0)
    return 0;
  return MIN (18 + 3.6 * sqrt (residents), MAX (fp->width, fp->depth) / 2 + 40 / self->zoom);
}

/* A glow is blurred by nature, and a gradient drawn in software costs
 * every pixel it covers: the glows are painted at a quarter of the
 * screen's resolution into a texture that covers twice the view each way,
 * kept while the view pans inside it and the zoom stays, and scaled up on
 * drawing. When the view is crowded, each glow is smaller. */
#define HEAT_DOWNSCALE 4.0

static void
paint_heat (LinliMapCanvas     *self,
            const LinliMapRect *area,
            double              shrink)
{
  int max = linli_map_stats_get_max_residents (self->stats);
  double scale = self->zoom / HEAT_DOWNSCALE, reach = 18 + 3.6 * sqrt (max);
  int w = CLAMP ((int) ceil (area->width * scale), 1, 4096);
  int h = CLAMP ((int) ceil (area->height * scale), 1, 4096);
  g_autoptr(GArray) in = g_array_new (FALSE, FALSE, sizeof (guint));
  LinliMapRect around = { area->x - reach, area->y - reach, area->width + 2 * reach, area->height + 2 * reach };
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, w, h);
  cairo_t *cr = cairo_create (surface);
  g_autoptr(GBytes) bytes = NULL;

  cairo_scale (cr, w / area->width, h / area->height);
  cairo_translate (cr, -area->x, -area->y);
  linli_map_territory_buildings_in (self->territory, &around, in);
  if (self->drag_building >= 0 && self->drag != DRAG_NONE)
    g_array_append_val (in, self->drag_building);
  for (guint k = 0; k < in->len; k++)
    {
      int index = (int) g_array_index (in, guint, k);
      const LinliMapFootprint *fp = footprint (self, index);
      const LinliMapCounts *c = linli_map_stats_get_building (self->stats, must_building (self, index)->id);
      double r = heat_radius (self, fp, c->residents) * shrink;
      cairo_pattern_t *glow;
      GdkRGBA hot;

      if (r * self->zoom < 2 || (index == self->drag_building && k + 1 < in->len && self->drag != DRAG_NONE))
        continue;
      linli_map_heat_color ((double) c->residents / max, &hot);
      glow = cairo_pattern_create_radial (fp->x, fp->y, 0, fp->x, fp->y, r);
      cairo_pattern_add_color_stop_rgba (glow, 0, hot.red, hot.green, hot.blue, hot.alpha);
      cairo_pattern_add_color_stop_rgba (glow, 0.5, hot.red, hot.green, hot.blue, hot.alpha * 0.55);
      cairo_pattern_add_color_stop_rgba (glow, 1, hot.red, hot.green, hot.blue, 0);
      cairo_set_source (cr, glow);
      cairo_arc (cr, fp->x, fp->y, r, 0, 2 * G_PI);
      cairo_fill (cr);
      cairo_pattern_destroy (glow);
    }
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  /* ARGB32 in native order, premultiplied: GDK_MEMORY_DEFAULT. */
  bytes = g_bytes_new_with_free_func (cairo_image_surface_get_data (surface),
                                      (gsize) cairo_image_surface_get_stride (surface) * h,
                                      (GDestroyNotify) cairo_surface_destroy, surface);
  g_set_object (&self->heat, NULL);
  self->heat = gdk_memory_texture_new (w, h, GDK_MEMORY_DEFAULT, bytes, cairo_image_surface_get_stride (surface));
  self->heat_area = *area;
  self->heat_zoom = self->zoom;
  self->heat_shrink = shrink;
}

static void
draw_heat (LinliMapCanvas *self,
           GtkSnapshot    *snapshot,
           GArray         *visible,
           double          width,
           double          height)
{
  int max = self->stats ? linli_map_stats_get_max_residents (self->stats) : 0;
  LinliMapRect view = { self->cx - width / 2 / self->zoom, self->cy - height / 2 / self->zoom,
                        width / self->zoom, height / self->zoom };
  double area = 0, shrink = 1, sx, sy;

  if (max <= 0)
    return;
  for (guint k = 0; k < visible->len; k++)
    {
      int index = (int) g_array_index (visible, guint, k);
      const LinliMapCounts *c = linli_map_stats_get_building (self->stats, must_building (self, index)->id);
      double r = heat_radius (self, footprint (self, index), c->residents) * self->zoom;

      area += 4 * r * r;
    }
  if (area > width * height * 0.8)
    shrink = sqrt (width * height * 0.8 / area);

  if (self->heat == NULL || self->heat_zoom != self->zoom || fabs (self->heat_shrink - shrink) > 0.05 * shrink ||
      view.x < self->heat_area.x || view.y < self->heat_area.y ||
      view.x + view.width > self->heat_area.x + self->heat_area.width ||
      view.y + view.height > self->heat_area.y + self->heat_area.height)
    {
      LinliMapRect around = { view.x - view.width / 2, view.y - view.height / 2, 2 * view.width, 2 * view.height };

      paint_heat (self, &around, shrink);
    }

  linli_map_canvas_world_to_screen (self, self->heat_area.x, self->heat_area.y, &sx, &sy);
  gtk_snapshot_append_texture (snapshot, self->heat,
                               &GRAPHENE_RECT_INIT (sx, sy, self->heat_area.width * self->zoom,
                                                    self->heat_area.height * self->zoom));
}

static void
building_fill (LinliMapCanvas   *self,
               LinliMapBuilding *b,
               gboolean          dark,
               GdkRGBA          *fill,
               GdkRGBA          *border)
{
  linli_map_building_color (dark, fill, border);
  if (b->grid >= 0)
    {
      GdkRGBA tint;

      grid_color (must_grid (self, b->grid), 1, &tint);
      linli_map_color_mix (fill, &tint, 0.22, fill);
    }
  if ((self->layers & LINLI_MAP_LAYER_COVERAGE) && self->stats != NULL)
    {
      const LinliMapCounts *c = linli_map_stats_get_building (self->stats, b->id);

      if (c->occupied > 0)
        linli_map_coverage_color ((double) linli_map_counts_not_visited (c, self->coverage_days) / c->occupied, fill);
    }
}

static void
append_rect_border (GtkSnapshot           *snapshot,
                    const graphene_rect_t *rect,
                    double                 width,
                    const GdkRGBA         *color)
{
  GskRoundedRect rr;
  float widths[4] = { width, width, width, width };
  GdkRGBA colors[4] = { *color, *color, *color, *color };

  gsk_rounded_rect_init_from_rect (&rr, rect, 0);
  gtk_snapshot_append_border (snapshot, &rr, widths, colors);
}

static void
draw_badge (LinliMapCanvas *self,
            GtkSnapshot    *snapshot,
            double          x,
            double          y,
            double          radius,
            const GdkRGBA  *color,
            const char     *text)
{
  GskRoundedRect rr;
  graphene_rect_t r = GRAPHENE_RECT_INIT (x - radius, y - radius, 2 * radius, 2 * radius);

  /* A dot of a few pixels needs no rounding. A larger one is a border as
   * thick as its radius: one shape, no clip. */
  if (radius < 4)
    gtk_snapshot_append_color (snapshot, color, &r);
  else
    {
      float w = (float) radius;

      gsk_rounded_rect_init_from_rect (&rr, &r, radius);
      gtk_snapshot_append_border (snapshot, &rr, (float[4]) { w, w, w, w },
                                  (GdkRGBA[4]) { *color, *color, *color, *color });
    }
  if (text != NULL)
    {
      g_autofree char *key = g_strdup_printf ("%s@%.0f", text, radius);
      PangoLayout *layout = g_hash_table_lookup (self->badge_labels, key);
      int tw, th;

      /* The same few numbers come back on every frame. */
      if (layout == NULL)
        {
          layout = make_layout (self, text, radius * 1.25, TRUE);
          g_hash_table_insert (self->badge_labels, g_steal_pointer (&key), layout);
        }
      GdkRGBA white = { 1, 1, 1, 1 };

      pango_layout_get_pixel_size (layout, &tw, &th);
      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x - tw / 2.0, y - th / 2.0));
      gtk_snapshot_append_layout (snapshot, layout, &white);
      gtk_snapshot_restore (snapshot);
    }
}

static void
draw_buildings (LinliMapCanvas *self,
                GtkSnapshot    *snapshot,
                GArray         *visible)
{
  gboolean dark = is_dark ();
  GdkRGBA accent, care, squad, focus_ring;

  gdk_rgba_parse (&accent, dark ? "#78aeed" : "#1c71d8");
  gdk_rgba_parse (&focus_ring, dark ? "#ffffff" : "#241f31");
  linli_map_care_color (&care);
  linli_map_squad_color (&squad);

  for (guint k = 0; k < visible->len; k++)
    {
      int i = (int) g_array_index (visible, guint, k);
      LinliMapBuilding *b = building (self, i);
      const LinliMapFootprint *fp = footprint (self, i);
      const LinliMapCounts *c = self->stats ? linli_map_stats_get_building (self->stats, b->id) : NULL;
      double w = fp->width * self->zoom, d = fp->depth * self->zoom;
      double sx, sy;
      GdkRGBA fill, border;
      graphene_rect_t rect;

      linli_map_canvas_world_to_screen (self, fp->x, fp->y, &sx, &sy);
      building_fill (self, b, dark, &fill, &border);
      if (i == self->hover_building)
        linli_map_color_mix (&fill, &(GdkRGBA) { 1, 1, 1, 1 }, 0.3, &fill);

      gtk_snapshot_save (snapshot);
      if (fp->angle != 0)
        {
          gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (sx, sy));
          gtk_snapshot_rotate (snapshot, fp->angle);
        }
      else
        {
          /* Square to the screen: on whole pixels, drawn crisp and fast. */
          double left, top;

          w = MAX (1, round (w));
          d = MAX (1, round (d));
          left = round (sx - w / 2);
          top = round (sy - d / 2);
          gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (left + w / 2, top + d / 2));
        }
      rect = GRAPHENE_RECT_INIT (-w / 2, -d / 2, w, d);
      if (w >= 6 && d >= 6)
        {
          /* The outline is the block below the fill: two plain rectangles.
           * Smaller blocks are one, darkened a little instead. */
          gtk_snapshot_append_color (snapshot, &border, &rect);
          gtk_snapshot_append_color (snapshot, &fill, &GRAPHENE_RECT_INIT (-w / 2 + 1, -d / 2 + 1, w - 2, d - 2));
        }
      else
        {
          linli_map_color_mix (&fill, &border, 0.25, &fill);
          gtk_snapshot_append_color (snapshot, &fill, &rect);
        }

      /* Stairwells, once there is room to see them. */
      if (b->n_units > 1 && w / b->n_units > 14)
        for (int u = 1; u < b->n_units; u++)
          gtk_snapshot_append_color (snapshot, &border,
                                     &GRAPHENE_RECT_INIT (round (-w / 2 + w * u / b->n_units), -d / 2, 1, d));

      if ((self->layers & LINLI_MAP_LAYER_SQUAD) && c != NULL && c->squad != LINLI_SQUAD_COMPLETE && c->households > 0)
        {
          append_rect_border (snapshot, &GRAPHENE_RECT_INIT (-w / 2 - 2, -d / 2 - 2, w + 4, d + 4),
                              MAX (2.5, MIN (4, w / 12)), &squad);
          if (w > 36)
            draw_badge (self, snapshot, -w / 2, -d / 2, 8, &squad, "!");
        }
      if (i == self->selected_building)
        append_rect_border (snapshot, &GRAPHENE_RECT_INIT (-w / 2 - 3, -d / 2 - 3, w + 6, d + 6), 3, &accent);
      if (i == self->focus_building && gtk_widget_has_visible_focus (GTK_WIDGET (self)))
        append_rect_border (snapshot, &GRAPHENE_RECT_INIT (-w / 2 - 7, -d / 2 - 7, w + 14, d + 14), 2, &focus_ring);

      if ((self->layers & LINLI_MAP_LAYER_CARE) && c != NULL && c->care_residents > 0)
        {
          g_autofree char *n = w > 36 ? g_strdup_printf ("%d", c->care_residents) : NULL;

          draw_badge (self, snapshot, w / 2, -d / 2, n ? 9 : MAX (3, MIN (6, w / 8)), &care, n);
        }
      gtk_snapshot_restore (snapshot);
    }
}

static void
draw_handle (GtkSnapshot   *snapshot,
             double         x,
             double         y,
             gboolean       round,
             const GdkRGBA *accent)
{
  GskRoundedRect rr;
  graphene_rect_t r = GRAPHENE_RECT_INIT (x - HANDLE / 2, y - HANDLE / 2, HANDLE, HANDLE);
  GdkRGBA white = { 1, 1, 1, 1 };

  gsk_rounded_rect_init_from_rect (&rr, &r, round ? HANDLE / 2 : 1);
  gtk_snapshot_push_rounded_clip (snapshot, &rr);
  gtk_snapshot_append_color (snapshot, &white, &r);
  gtk_snapshot_pop (snapshot);
  gtk_snapshot_append_border (snapshot, &rr, (float[4]) { 2, 2, 2, 2 },
                              (GdkRGBA[4]) { *accent, *accent, *accent, *accent });
}

/* Local points of a footprint's handles: the two ends (width), the two
 * long sides (depth), and the rotation knob above. */
static void
handle_points (LinliMapCanvas          *self,
               const LinliMapFootprint *fp,
               LinliMapPoint            out[5])
{
  double a = fp->angle * G_PI / 180, c = cos (a), s = sin (a);
  double local[5][2] = {
    { fp->width / 2, 0 }, { -fp->width / 2, 0 },
    { 0, fp->depth / 2 }, { 0, -fp->depth / 2 },
    { 0, -fp->depth / 2 - ROTATE_OFFSET / self->zoom },
  };

  for (int k = 0; k < 5; k++)
    linli_map_canvas_world_to_screen (self, fp->x + local[k][0] * c - local[k][1] * s,
                                      fp->y + local[k][0] * s + local[k][1] * c, &out[k].x, &out[k].y);
}

static void
draw_edit_overlay (LinliMapCanvas *self,
                   GtkSnapshot    *snapshot)
{
  GdkRGBA accent;

  gdk_rgba_parse (&accent, "#1c71d8");

  if (self->selected_building >= 0 && self->tool == LINLI_MAP_TOOL_SELECT)
    {
      LinliMapPoint h[5];
      double tx, ty;

      handle_points (self, footprint (self, self->selected_building), h);
      linli_map_canvas_world_to_screen (self, footprint (self, self->selected_building)->x,
                                        footprint (self, self->selected_building)->y, &tx, &ty);
      for (int k = 0; k < 4; k++)
        draw_handle (snapshot, h[k].x, h[k].y, FALSE, &accent);
      draw_handle (snapshot, h[4].x, h[4].y, TRUE, &accent);
    }

  if (self->selected_grid >= 0 && self->selected_building < 0 && self->tool == LINLI_MAP_TOOL_SELECT)
    {
      GArray *pts = outline (self, self->selected_grid);
      GdkRGBA soft = accent;

      soft.alpha = 0.55;
      for (guint k = 0; k < pts->len; k++)
        {
          LinliMapPoint *p = &g_array_index (pts, LinliMapPoint, k);
          LinliMapPoint *q = &g_array_index (pts, LinliMapPoint, (k + 1) % pts->len);
          double sx, sy, mx, my;

          linli_map_canvas_world_to_screen (self, p->x, p->y, &sx, &sy);
          linli_map_canvas_world_to_screen (self, (p->x + q->x) / 2, (p->y + q->y) / 2, &mx, &my);
          draw_handle (snapshot, sx, sy, FALSE, &accent);
          draw_handle (snapshot, mx, my, TRUE, &soft);
        }
    }

  if (self->tool == LINLI_MAP_TOOL_DRAW_GRID && self->draw_points->len > 0)
    {
      cairo_t *cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, gtk_widget_get_width (GTK_WIDGET (self)),
                                                                             gtk_widget_get_height (GTK_WIDGET (self))));
      double dashes[2] = { 6, 4 };

      gdk_cairo_set_source_rgba (cr, &accent);
      cairo_set_line_width (cr, 2);
      cairo_set_dash (cr, dashes, 2, 0);
      for (guint k = 0; k < self->draw_points->len; k++)
        {
          LinliMapPoint *p = &g_array_index (self->draw_points, LinliMapPoint, k);
          double sx, sy;

          linli_map_canvas_world_to_screen (self, p->x, p->y, &sx, &sy);
          if (k == 0)
            cairo_move_to (cr, sx, sy);
          else
            cairo_line_to (cr, sx, sy);
        }
      if (self->pointer_inside)
        cairo_line_to (cr, self->pointer_x, self->pointer_y);
      cairo_stroke (cr);
      cairo_destroy (cr);
      for (guint k = 0; k < self->draw_points->len; k++)
        {
          LinliMapPoint *p = &g_array_index (self->draw_points, LinliMapPoint, k);
          double sx, sy;

          linli_map_canvas_world_to_screen (self, p->x, p->y, &sx, &sy);
          draw_handle (snapshot, sx, sy, k == 0, &accent);
        }
    }
}

static void
draw_layout_at (GtkSnapshot   *snapshot,
                PangoLayout   *layout,
                double         x,
                double         y,
                const GdkRGBA *color)
{
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x, y));
  gtk_snapshot_append_layout (snapshot, layout, color);
  gtk_snapshot_restore (snapshot);
}

static int compare_double (const void *a, const void *b);

/* Does a label (screen rectangle) hide part of a building? */
static gboolean
covers_building (LinliMapCanvas     *self,
                 const LinliMapRect *r)
{
  g_autoptr(GArray) found = g_array_new (FALSE, FALSE, sizeof (guint));
  LinliMapRect world;
  double x0, y0;

  linli_map_canvas_screen_to_world (self, r->x, r->y, &x0, &y0);
  world = (LinliMapRect) { x0, y0, r->width / self->zoom, r->height / self->zoom };
  linli_map_territory_buildings_in (self->territory, &world, found);
  return found->len > 0;
}

static void
draw_labels (LinliMapCanvas *self,
             GtkSnapshot    *snapshot,
             GArray         *visible,
             double          width,
             double          height)
{
  gboolean dark = is_dark ();
  GdkRGBA ink, pill, soft_ink;
  gboolean buildings_readable = FALSE;

  gdk_rgba_parse (&ink, dark ? "#ffffff" : "#241f31");
  gdk_rgba_parse (&soft_ink, dark ? "rgba(255,255,255,0.8)" : "rgba(36,31,49,0.78)");
  gdk_rgba_parse (&pill, dark ? "rgba(36,36,36,0.78)" : "rgba(255,255,255,0.82)");

  linli_map_labeler_reset (self->labeler);
  self->n_labels = 0;
  self->n_building_labels = 0;

  /* Can building numbers be read at this zoom? Decided on the typical
   * (median) block, so that they appear together as one zooms in. */
  if (visible->len > 0)
    {
      g_autofree double *depths = g_new (double, visible->len);

      for (guint k = 0; k < visible->len; k++)
        depths[k] = footprint (self, (int) g_array_index (visible, guint, k))->depth;
      qsort (depths, visible->len, sizeof (double), compare_double);
      buildings_readable = depths[visible->len / 2] * self->zoom >= 14;
    }

  /* The selected and the focused building's numbers first: they are
   * what the user looks at. */
  for (int pass = 0; pass < 2; pass++)
    for (guint k = 0; k < visible->len; k++)
      {
        int i = (int) g_array_index (visible, guint, k);
        gboolean important = i == self->selected_building || i == self->focus_building || i == self->hover_building;
        const LinliMapFootprint *fp;
        BuildingLabel *l;
        double sx, sy, w, d;
        LinliMapRect r;
        gboolean with_detail;

        if ((pass == 0) != important)
          continue;
        fp = footprint (self, i);
        w = fp->width * self->zoom;
        d = fp->depth * self->zoom;
        if (!important && (!buildings_readable || d < 13))
          continue;
        l = building_label (self, i);
        /* A number inside its block when it fits, else beside it. */
        if (!important && l->number_w > MAX (w, d) + 4)
          continue;
        linli_map_canvas_world_to_screen (self, fp->x, fp->y, &sx, &sy);
        with_detail = l->detail != NULL && d >= l->number_h + l->detail_h + 4 && w >= l->detail_w + 6;
        r = (LinliMapRect) { sx - l->number_w / 2.0, sy - (with_detail ? l->number_h : l->number_h / 2.0),
                             l->number_w, l->number_h };
        if (!linli_map_labeler_try (self->labeler, &r))
          {
            if (!important || !linli_map_labeler_try_around (self->labeler, sx, sy, l->number_w, l->number_h,
                                                             d / 2 + 2, &r))
              continue;
            with_detail = FALSE;
          }
        draw_layout_at (snapshot, l->number, r.x, r.y, &ink);
        self->n_labels++;
        self->n_building_labels++;
        if (with_detail)
          {
            LinliMapRect dr = { sx - l->detail_w / 2.0, sy + 1, l->detail_w, l->detail_h };

            if (linli_map_labeler_try (self->labeler, &dr))
              draw_layout_at (snapshot, l->detail, dr.x, dr.y, &soft_ink);
          }
      }

  /* Grid names: centred while the buildings are small, in a corner of the
   * grid once their numbers show, on a pill so they read over anything. */
  for (guint i = 0; i < self->territory->grids->len; i++)
    {
      LinliMapGrid *g = grid (self, (int) i);
      PangoLayout *layout;
      int tw, th;
      double sx, sy, x0, y0;
      LinliMapRect r, placed;
      gboolean ok;
      GskRoundedRect rr;

      if (linli_map_rect_is_empty (&g->bounds))
        continue;
      layout = grid_label (self, (int) i);
      pango_layout_get_pixel_size (layout, &tw, &th);
      linli_map_canvas_world_to_screen (self, g->label_at.x, g->label_at.y, &sx, &sy);
      linli_map_canvas_world_to_screen (self, g->bounds.x, g->bounds.y, &x0, &y0);
      if (g->bounds.width * self->zoom < tw + 8)
        continue;
      /* Where the name hides no building and no other label: the middle,
       * then the corners inside the grid; else the middle over the
       * buildings, unless a label is there. */
      {
        LinliMapRect candidates[5] = {
          { sx - tw / 2.0 - 8, sy - th / 2.0 - 3, tw + 16, th + 6 },
          { x0 + 6, y0 + 6, tw + 16, th + 6 },
          { x0 + 6, y0 + g->bounds.height * self->zoom - th - 12, tw + 16, th + 6 },
          { x0 + g->bounds.width * self->zoom - tw - 22, y0 + 6, tw + 16, th + 6 },
          { x0 + g->bounds.width * self->zoom - tw - 22, y0 + g->bounds.height * self->zoom - th - 12, tw + 16, th + 6 },
        };

        if (g->outline->len < 3)
          candidates[0].y = candidates[1].y = y0 - th - 14;
        ok = FALSE;
        for (int c = 0; c < 5 && !ok; c++)
          if (!covers_building (self, &candidates[c]) && linli_map_labeler_try (self->labeler, &candidates[c]))
            {
              placed = candidates[c];
              ok = TRUE;
            }
        if (!ok && linli_map_labeler_try (self->labeler, &candidates[0]))
          {
            placed = candidates[0];
            ok = TRUE;
          }
        (void) r;
      }
      if (!ok || placed.x > width || placed.y > height || placed.x + placed.width < 0 || placed.y + placed.height < 0)
        continue;
      /* The pill: a border as thick as half its height, one shape. */
      gsk_rounded_rect_init_from_rect (&rr, &GRAPHENE_RECT_INIT (placed.x, placed.y, placed.width, placed.height),
                                       placed.height / 2);
      {
        float half = placed.height / 2;

        gtk_snapshot_append_border (snapshot, &rr, (float[4]) { half, half, half, half },
                                    (GdkRGBA[4]) { pill, pill, pill, pill });
      }
      draw_layout_at (snapshot, layout, placed.x + 8, placed.y + 3, &ink);
      self->n_labels++;
    }
}

static int
compare_double (const void *a,
                const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static int
compare_uint (gconstpointer a,
              gconstpointer b)
{
  guint x = *(const guint *) a, y = *(const guint *) b;

  return x < y ? -1 : x > y;
}

/**
 * linli_map_canvas_render:
 *
 * Draws the map at @width × @height; the widget's snapshot, and the
 * benchmark's offscreen frames.
 */
void
linli_map_canvas_render (LinliMapCanvas *self,
                         GtkSnapshot    *snapshot,
                         double          width,
                         double          height)
{
  g_autoptr(GArray) visible = g_array_new (FALSE, FALSE, sizeof (guint));
  GdkRGBA background;
  LinliMapRect view;
  double margin;

  gdk_rgba_parse (&background, is_dark () ? "#2b2d2a" : "#eef0e6");
  gtk_snapshot_append_color (snapshot, &background, &GRAPHENE_RECT_INIT (0, 0, width, height));
  if (self->territory == NULL || self->zoom <= 0)
    return;

  draw_underlay (self, snapshot);
  draw_grids (self, snapshot, width, height, &background);

  /* Only what is on screen, with room for the heat's glow. */
  margin = ((self->layers & LINLI_MAP_LAYER_HEAT) ? 80 : 10);
  view.x = self->cx - width / 2 / self->zoom - margin;
  view.y = self->cy - height / 2 / self->zoom - margin;
  view.width = width / self->zoom + 2 * margin;
  view.height = height / self->zoom + 2 * margin;
  linli_map_territory_buildings_in (self->territory, &view, visible);
  /* Drawn in the territory's order, so that overlaps look the same at
   * every zoom and hit testing picks what is on top. */
  if (self->drag_building >= 0 && self->drag != DRAG_NONE)
    {
      gboolean seen = FALSE;

      for (guint k = 0; k < visible->len && !seen; k++)
        seen = (int) g_array_index (visible, guint, k) == self->drag_building;
      if (!seen)
        g_array_append_val (visible, self->drag_building);
    }
  g_array_sort (visible, compare_uint);

  if (self->layers & LINLI_MAP_LAYER_HEAT)
    draw_heat (self, snapshot, visible, width, height);
  draw_buildings (self, snapshot, visible);
  if (self->edit_mode)
    draw_edit_overlay (self, snapshot);
  draw_labels (self, snapshot, visible, width, height);
}

guint
linli_map_canvas_get_n_labels (LinliMapCanvas *self,
                               guint          *n_building_labels)
{
  if (n_building_labels)
    *n_building_labels = self->n_building_labels;
  return self->n_labels;
}

static void
linli_map_canvas_snapshot (GtkWidget   *widget,
                           GtkSnapshot *snapshot)
{
  LinliMapCanvas *self = LINLI_MAP_CANVAS (widget);
  GtkNative *native = gtk_widget_get_native (widget);
  graphene_point_t p = GRAPHENE_POINT_INIT (0, 0);
  double sx = 0, sy = 0;

  /* Whole pixels are drawn crisp, and rows of a grid meet without a
   * seam: when the map sits between pixels (a sliding sidebar), shift it
   * onto them. */
  if (native != NULL && gtk_widget_compute_point (widget, GTK_WIDGET (native), &GRAPHENE_POINT_INIT (0, 0), &p))
    gtk_native_get_surface_transform (native, &sx, &sy);
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (round (p.x + sx) - (p.x + sx), round (p.y + sy) - (p.y + sy)));
  linli_map_canvas_render (self, snapshot, gtk_widget_get_width (widget), gtk_widget_get_height (widget));
  gtk_snapshot_restore (snapshot);
}

static void
linli_map_canvas_size_allocate (GtkWidget *widget,
                                int        width,
                                int        height,
                                int        baseline)
{
  LinliMapCanvas *self = LINLI_MAP_CANVAS (widget);

  /* The whole community stays whole when the window changes size, until
   * one zooms or pans. */
  if ((!self->have_view || self->fitted) && self->territory != NULL && width > 0 && height > 0)
    linli_map_canvas_fit (self, FALSE);
}

static void
linli_map_canvas_measure (GtkWidget      *widget,
                          GtkOrientation  orientation,
                          int             for_size,
                          int            *minimum,
                          int            *natural,
                          int            *minimum_baseline,
                          int            *natural_baseline)
{
  *minimum = 120;
  *natural = 600;
}

/* Tooltips ------------------------------------------------------------------- */

static char *
building_summary (LinliMapCanvas *self,
                  int             index,
                  gboolean        markup)
{
  LinliMapBuilding *b = must_building (self, index);
  LinliMapGrid *g = grid (self, b->grid);
  GString *s = g_string_new (NULL);
  g_autofree char *title = g_strdup_printf (C_("map label", "No. %s"), b->number);
  g_autofree char *title_escaped = g_markup_escape_text (title, -1);

  if (markup)
    g_string_append_printf (s, "<b>%s</b>", title_escaped);
  else
    g_string_append (s, title);
  if (b->name && *b->name)
    {
      g_autofree char *e = g_markup_escape_text (b->name, -1);
      g_string_append_printf (s, " %s", markup ? e : b->name);
    }
  if (g != NULL)
    {
      g_autofree char *e = g_markup_escape_text (g->name, -1);
      g_string_append_printf (s, " · %s", markup ? e : g->name);
    }

  if (self->stats != NULL)
    {
      const LinliMapCounts *c = linli_map_stats_get_building (self->stats, b->id);
      int days = self->coverage_days > 7 ? 30 : 7;
      int nv = linli_map_counts_not_visited (c, days);

      g_string_append_c (s, '\n');
      g_string_append_printf (s, ngettext ("%d household", "%d households", c->households), c->households);
      g_string_append (s, " · ");
      g_string_append_printf (s, ngettext ("%d resident", "%d residents", c->residents), c->residents);
      if (c->care_residents > 0)
        {
          g_string_append_c (s, '\n');
          g_string_append_printf (s, ngettext ("%d resident of special care", "%d residents of special care",
                                               c->care_residents), c->care_residents);
        }
      if (nv > 0)
        {
          g_string_append_c (s, '\n');
          /* Translators: %1$d households, %2$d days */
          g_string_append_printf (s, ngettext ("%1$d household not visited in %2$d days",
                                               "%1$d households not visited in %2$d days", nv), nv, days);
        }
      if (c->follow_ups_open > 0)
        {
          g_string_append_c (s, '\n');
          g_string_append_printf (s, ngettext ("%d follow-up to do", "%d follow-ups to do", c->follow_ups_open),
                                  c->follow_ups_open);
          if (c->follow_ups_overdue > 0)
            {
              g_string_append (s, " ");
              g_string_append_printf (s, _("(%d overdue)"), c->follow_ups_overdue);
            }
        }
      if (c->households > 0 && c->squad == LINLI_SQUAD_NONE)
        {
          g_string_append_c (s, '\n');
          g_string_append (s, _("No 119 squad"));
        }
      else if (c->squad == LINLI_SQUAD_INCOMPLETE)
        {
          g_string_append_c (s, '\n');
          /* Translators: a 119 squad needs 1 party-member backbone, 1 sunk cadre and 9 residents of the building */
          g_string_append_printf (s, _("119 squad incomplete: %d of 1 party member, %d of 1 cadre, %d of 9 residents"),
                                  c->squad_party, c->squad_cadre, c->squad_residents);
        }
    }
  return g_string_free (s, FALSE);
}

static gboolean
linli_map_canvas_query_tooltip (GtkWidget  *widget,
                                int         x,
                                int         y,
                                gboolean    keyboard_mode,
                                GtkTooltip *tooltip)
{
  LinliMapCanvas *self = LINLI_MAP_CANVAS (widget);
  g_autofree char *markup = NULL;
  double wx, wy;
  int b;

  if (self->territory == NULL || self->drag != DRAG_NONE)
    return FALSE;
  if (keyboard_mode)
    b = self->focus_building;
  else
    {
      linli_map_canvas_screen_to_world (self, x, y, &wx, &wy);
      b = linli_map_territory_building_at (self->territory, wx, wy, HIT_SLOP / self->zoom);
    }
  if (b < 0)
    {
      int g;

      if (keyboard_mode)
        return FALSE;
      g = linli_map_territory_grid_at (self->territory, wx, wy);
      if (g < 0 || self->stats == NULL)
        return FALSE;
      {
        LinliMapGrid *gr = must_grid (self, g);
        const LinliMapCounts *c = linli_map_stats_get_grid (self->stats, gr->id);
        g_autofree char *name = g_markup_escape_text (gr->name, -1);
        g_autofree char *hh = g_strdup_printf (ngettext ("%d household", "%d households", c->households), c->households);
        g_autofree char *res = g_strdup_printf (ngettext ("%d resident", "%d residents", c->residents), c->residents);

        markup = g_strdup_printf ("<b>%s</b>\n%s · %s", name, hh, res);
      }
    }
  else
    markup = building_summary (self, b, TRUE);
  gtk_tooltip_set_markup (tooltip, markup);
  return TRUE;
}

/* Pointer ------------------------------------------------------------------- */

static void
update_hover (LinliMapCanvas *self)
{
  double wx, wy;
  int b = -1, g = -1;

  if (self->territory != NULL && self->pointer_inside)
    {
      linli_map_canvas_screen_to_world (self, self->pointer_x, self->pointer_y, &wx, &wy);
      b = linli_map_territory_building_at (self->territory, wx, wy, HIT_SLOP / self->zoom);
      if (b < 0)
        g = linli_map_territory_grid_at (self->territory, wx, wy);
    }
  if (b != self->hover_building || g != self->hover_grid)
    {
      self->hover_building = b;
      self->hover_grid = g;
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
}

static void
on_motion_cb (GtkEventControllerMotion *controller,
              double                    x,
              double                    y,
              LinliMapCanvas           *self)
{
  self->pointer_x = x;
  self->pointer_y = y;
  self->pointer_inside = TRUE;
  update_hover (self);
  if (self->tool == LINLI_MAP_TOOL_DRAW_GRID && self->draw_points->len > 0)
    gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_leave_cb (GtkEventControllerMotion *controller,
             LinliMapCanvas           *self)
{
  self->pointer_inside = FALSE;
  update_hover (self);
}

static gboolean
on_scroll_cb (GtkEventControllerScroll *controller,
              double                    dx,
              double                    dy,
              LinliMapCanvas           *self)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (controller));
  GdkScrollUnit unit = gtk_event_controller_scroll_get_unit (controller);

  stop_animation (self);
  if (unit == GDK_SCROLL_UNIT_WHEEL)
    {
      double sx = self->pointer_inside ? self->pointer_x : gtk_widget_get_width (GTK_WIDGET (self)) / 2.0;
      double sy = self->pointer_inside ? self->pointer_y : gtk_widget_get_height (GTK_WIDGET (self)) / 2.0;

      zoom_around (self, sx, sy, self->zoom * pow (1.25, -dy), FALSE);
    }
  else if (state & GDK_CONTROL_MASK)
    zoom_around (self, self->pointer_x, self->pointer_y, self->zoom * exp (-dy * 0.01), FALSE);
  else
    linli_map_canvas_pan_by (self, dx, dy);
  update_hover (self);
  return TRUE;
}

static void
on_zoom_begin_cb (GtkGesture       *gesture,
                  GdkEventSequence *sequence,
                  LinliMapCanvas   *self)
{
  double x, y;

  stop_animation (self);
  self->pinch_zoom0 = self->zoom;
  gtk_gesture_get_bounding_box_center (gesture, &x, &y);
  linli_map_canvas_screen_to_world (self, x, y, &self->pinch_wx, &self->pinch_wy);
}

static void
on_zoom_scale_changed_cb (GtkGestureZoom *gesture,
                          double          scale,
                          LinliMapCanvas *self)
{
  double x, y, z = CLAMP (self->pinch_zoom0 * scale, min_zoom (self), MAX_ZOOM);

  gtk_gesture_get_bounding_box_center (GTK_GESTURE (gesture), &x, &y);
  set_camera (self, self->pinch_wx - (x - gtk_widget_get_width (GTK_WIDGET (self)) / 2.0) / z,
              self->pinch_wy - (y - gtk_widget_get_height (GTK_WIDGET (self)) / 2.0) / z, z);
}

/* Which handle of the selected building is at (x, y), in screen px. */
static DragKind
handle_at (LinliMapCanvas *self,
           double          x,
           double          y,
           int            *sign)
{
  LinliMapPoint h[5];
  static const DragKind kinds[5] = { DRAG_WIDTH, DRAG_WIDTH, DRAG_DEPTH, DRAG_DEPTH, DRAG_ROTATE };
  static const int signs[5] = { 1, -1, 1, -1, 0 };

  if (self->selected_building < 0)
    return DRAG_NONE;
  handle_points (self, footprint (self, self->selected_building), h);
  for (int k = 4; k >= 0; k--)
    if (fabs (h[k].x - x) <= HANDLE && fabs (h[k].y - y) <= HANDLE)
      {
        *sign = signs[k];
        return kinds[k];
      }
  return DRAG_NONE;
}

/* A vertex (or, with @midpoint, the middle of an edge) of the selected
 * grid at (x, y). */
static int
vertex_at (LinliMapCanvas *self,
           double          x,
           double          y,
           gboolean        midpoint)
{
  GArray *pts;

  if (self->selected_grid < 0)
    return -1;
  pts = outline (self, self->selected_grid);
  for (guint k = 0; k < pts->len; k++)
    {
      LinliMapPoint *p = &g_array_index (pts, LinliMapPoint, k);
      LinliMapPoint *q = &g_array_index (pts, LinliMapPoint, (k + 1) % pts->len);
      double sx, sy;

      if (midpoint)
        linli_map_canvas_world_to_screen (self, (p->x + q->x) / 2, (p->y + q->y) / 2, &sx, &sy);
      else
        linli_map_canvas_world_to_screen (self, p->x, p->y, &sx, &sy);
      if (fabs (sx - x) <= HANDLE && fabs (sy - y) <= HANDLE)
        return (int) k;
    }
  return -1;
}

static void
on_drag_begin_cb (GtkGestureDrag *gesture,
                  double          x,
                  double          y,
                  LinliMapCanvas *self)
{
  guint button = gtk_gesture_single_get_current_button (GTK_GESTURE_SINGLE (gesture));
  int sign = 0, v;
  DragKind kind;

  gtk_widget_grab_focus (GTK_WIDGET (self));
  stop_animation (self);
  self->dragged = FALSE;
  self->drag_cx0 = self->cx;
  self->drag_cy0 = self->cy;
  self->drag_building = -1;
  linli_map_canvas_screen_to_world (self, x, y, &self->drag_wx0, &self->drag_wy0);
  self->drag = DRAG_PAN;

  if (!self->edit_mode || self->territory == NULL || button != GDK_BUTTON_PRIMARY)
    return;

  if (self->tool == LINLI_MAP_TOOL_UNDERLAY && self->underlay != NULL)
    {
      self->drag = DRAG_UNDERLAY;
      self->drag_plan_x0 = self->plan_x;
      self->drag_plan_y0 = self->plan_y;
      return;
    }
  if (self->tool != LINLI_MAP_TOOL_SELECT)
    return;

  kind = handle_at (self, x, y, &sign);
  if (kind != DRAG_NONE)
    {
      self->drag = kind;
      self->drag_sign = sign;
      self->drag_building = self->selected_building;
      self->drag_fp0 = self->drag_fp = must_building (self, self->selected_building)->fp;
      return;
    }
  if (self->selected_building < 0 && ((v = vertex_at (self, x, y, FALSE)) >= 0 ||
                                      (v = vertex_at (self, x, y, TRUE)) >= 0))
    {
      GArray *pts = outline (self, self->selected_grid);

      g_clear_pointer (&self->drag_outline, g_array_unref);
      self->drag_outline = g_array_copy (pts);
      if (vertex_at (self, x, y, FALSE) < 0)
        {
          /* The middle of an edge: a new vertex there. */
          LinliMapPoint p = { self->drag_wx0, self->drag_wy0 };

          v = v + 1;
          g_array_insert_val (self->drag_outline, (guint) v, p);
        }
      self->drag = DRAG_VERTEX;
      self->drag_grid = self->selected_grid;
      self->drag_vertex = (guint) v;
      return;
    }
  {
    int b = linli_map_territory_building_at (self->territory, self->drag_wx0, self->drag_wy0, HIT_SLOP / self->zoom);

    if (b >= 0)
      {
        self->drag = DRAG_MOVE;
        self->drag_building = b;
        self->drag_fp0 = self->drag_fp = must_building (self, b)->fp;
      }
  }
}

static double
snap_angle (double angle,
            double step)
{
  angle = round (angle / step) * step;
  while (angle > 180)
    angle -= 360;
  while (angle <= -180)
    angle += 360;
  return angle;
}

static void
on_drag_update_cb (GtkGestureDrag *gesture,
                   double          ox,
                   double          oy,
                   LinliMapCanvas *self)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (gesture));
  double sx, sy, wx, wy;

  if (!self->dragged && hypot (ox, oy) < 4)
    return;
  self->dragged = TRUE;
  gtk_gesture_drag_get_start_point (gesture, &sx, &sy);

  switch (self->drag)
    {
    case DRAG_PAN:
      set_camera (self, self->drag_cx0 - ox / self->zoom, self->drag_cy0 - oy / self->zoom, self->zoom);
      break;

    case DRAG_MOVE:
      self->drag_fp = self->drag_fp0;
      self->drag_fp.x += ox / self->zoom;
      self->drag_fp.y += oy / self->zoom;
      break;

    case DRAG_WIDTH:
    case DRAG_DEPTH:
      {
        double lx, ly, a = self->drag_fp0.angle * G_PI / 180;
        gboolean width = self->drag == DRAG_WIDTH;
        double old = width ? self->drag_fp0.width : self->drag_fp0.depth;
        double size, shift;

        linli_map_canvas_screen_to_world (self, sx + ox, sy + oy, &wx, &wy);
        linli_map_footprint_to_local (&self->drag_fp0, wx, wy, &lx, &ly);
        /* The opposite edge stays where it is. */
        size = MAX (4.0, old / 2 + self->drag_sign * (width ? lx : ly));
        size = round (size * 2) / 2;
        shift = self->drag_sign * (size - old) / 2;
        self->drag_fp = self->drag_fp0;
        if (width)
          {
            self->drag_fp.width = size;
            self->drag_fp.x += shift * cos (a);
            self->drag_fp.y += shift * sin (a);
          }
        else
          {
            self->drag_fp.depth = size;
            self->drag_fp.x += -shift * sin (a);
            self->drag_fp.y += shift * cos (a);
          }
      }
      break;

    case DRAG_ROTATE:
      linli_map_canvas_screen_to_world (self, sx + ox, sy + oy, &wx, &wy);
      self->drag_fp = self->drag_fp0;
      self->drag_fp.angle = snap_angle (atan2 (wx - self->drag_fp0.x, -(wy - self->drag_fp0.y)) * 180 / G_PI,
                                        (state & GDK_SHIFT_MASK) ? 15 : 1);
      break;

    case DRAG_VERTEX:
      linli_map_canvas_screen_to_world (self, sx + ox, sy + oy, &wx, &wy);
      g_array_index (self->drag_outline, LinliMapPoint, self->drag_vertex) = (LinliMapPoint) { wx, wy };
      break;

    case DRAG_UNDERLAY:
      self->plan_x = self->drag_plan_x0 + ox / self->zoom;
      self->plan_y = self->drag_plan_y0 + oy / self->zoom;
      break;

    case DRAG_NONE:
    default:
      break;
    }
  if (self->drag == DRAG_MOVE || self->drag == DRAG_WIDTH || self->drag == DRAG_DEPTH || self->drag == DRAG_ROTATE)
    g_clear_object (&self->heat);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_drag_end_cb (GtkGestureDrag *gesture,
                double          ox,
                double          oy,
                LinliMapCanvas *self)
{
  DragKind kind = self->drag;

  self->drag = DRAG_NONE;
  if (!self->dragged)
    {
      g_clear_pointer (&self->drag_outline, g_array_unref);
      gtk_widget_queue_draw (GTK_WIDGET (self));
      return;
    }
  switch (kind)
    {
    case DRAG_MOVE:
    case DRAG_WIDTH:
    case DRAG_DEPTH:
    case DRAG_ROTATE:
      {
        LinliMapFootprint fp = self->drag_fp;

        g_signal_emit (self, signals[BUILDING_CHANGED], 0, self->drag_building, &fp);
      }
      break;
    case DRAG_VERTEX:
      {
        g_autoptr(GArray) pts = g_steal_pointer (&self->drag_outline);

        g_signal_emit (self, signals[GRID_OUTLINE_CHANGED], 0, self->drag_grid, pts);
      }
      break;
    case DRAG_UNDERLAY:
      g_signal_emit (self, signals[UNDERLAY_MOVED], 0, self->plan_x, self->plan_y);
      break;
    case DRAG_PAN:
    case DRAG_NONE:
    default:
      break;
    }
  self->drag_building = -1;
  g_clear_pointer (&self->drag_outline, g_array_unref);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
finish_drawing (LinliMapCanvas *self)
{
  g_autoptr(GArray) pts = NULL;

  if (self->draw_points->len < 3)
    return;
  pts = g_array_copy (self->draw_points);
  g_array_set_size (self->draw_points, 0);
  g_signal_emit (self, signals[GRID_DRAWN], 0, pts);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_click_released_cb (GtkGestureClick *gesture,
                      int              n_press,
                      double           x,
                      double           y,
                      LinliMapCanvas  *self)
{
  double wx, wy;
  int b, g;

  if (self->territory == NULL || self->dragged)
    return;
  gtk_widget_grab_focus (GTK_WIDGET (self));
  linli_map_canvas_screen_to_world (self, x, y, &wx, &wy);

  if (self->edit_mode && self->tool == LINLI_MAP_TOOL_ADD_BUILDING)
    {
      g_signal_emit (self, signals[BUILDING_ADDED], 0, wx, wy);
      return;
    }
  if (self->edit_mode && self->tool == LINLI_MAP_TOOL_DRAW_GRID)
    {
      LinliMapPoint p = { wx, wy };

      if (n_press >= 2)
        finish_drawing (self);
      else if (self->draw_points->len >= 3)
        {
          LinliMapPoint *first = &g_array_index (self->draw_points, LinliMapPoint, 0);
          double fx, fy;

          linli_map_canvas_world_to_screen (self, first->x, first->y, &fx, &fy);
          if (fabs (fx - x) <= HANDLE && fabs (fy - y) <= HANDLE)
            finish_drawing (self);
          else
            g_array_append_val (self->draw_points, p);
        }
      else
        g_array_append_val (self->draw_points, p);
      gtk_widget_queue_draw (GTK_WIDGET (self));
      return;
    }
  if (self->edit_mode && self->tool == LINLI_MAP_TOOL_UNDERLAY)
    return;

  /* The first click may have moved the map (a page opening beside it):
   * the second one means what the first one hit, and a third, nothing. */
  if (n_press > 2)
    return;
  if (n_press == 2 && self->click_building >= 0 &&
      linli_map_territory_get_building (self->territory, self->click_building) != NULL)
    b = self->click_building;
  else
    b = linli_map_territory_building_at (self->territory, wx, wy, HIT_SLOP / self->zoom);
  self->click_building = n_press == 1 ? b : -1;
  if (b >= 0)
    {
      self->focus_building = b;
      update_accessible (self);
      g_signal_emit (self, signals[n_press >= 2 ? BUILDING_ACTIVATED : BUILDING_SELECTED], 0, b);
      return;
    }
  /* In edit mode a click near the selected grid's handles is theirs. */
  if (self->edit_mode && (vertex_at (self, x, y, FALSE) >= 0 || vertex_at (self, x, y, TRUE) >= 0))
    return;
  g = linli_map_territory_grid_at (self->territory, wx, wy);
  g_signal_emit (self, signals[n_press >= 2 && g >= 0 ? GRID_ACTIVATED : GRID_SELECTED], 0, g);
}

/* A right click on a vertex of the selected grid takes it away. */
static void
on_secondary_pressed_cb (GtkGestureClick *gesture,
                         int              n_press,
                         double           x,
                         double           y,
                         LinliMapCanvas  *self)
{
  int v;
  g_autoptr(GArray) pts = NULL;

  if (!self->edit_mode || self->tool != LINLI_MAP_TOOL_SELECT || self->selected_building >= 0)
    return;
  v = vertex_at (self, x, y, FALSE);
  if (v < 0 || outline (self, self->selected_grid)->len <= 3)
    return;
  pts = g_array_copy (outline (self, self->selected_grid));
  g_array_remove_index (pts, (guint) v);
  g_signal_emit (self, signals[GRID_OUTLINE_CHANGED], 0, self->selected_grid, pts);
}

/* Keyboard ------------------------------------------------------------------- */

static int
first_located (LinliMapCanvas *self,
               int             from,
               int             step)
{
  int n = (int) self->territory->buildings->len;

  for (int i = from; i >= 0 && i < n; i += step)
    if (must_building (self, i)->located)
      return i;
  return -1;
}

static void
move_focus (LinliMapCanvas *self,
            int             index)
{
  if (index < 0)
    return;
  linli_map_canvas_set_focus_building (self, index);
  gtk_widget_trigger_tooltip_query (GTK_WIDGET (self));
}

static gboolean
on_key_pressed_cb (GtkEventControllerKey *controller,
                   guint                  keyval,
                   guint                  keycode,
                   GdkModifierType        state,
                   LinliMapCanvas        *self)
{
  gboolean ctrl = (state & GDK_CONTROL_MASK) != 0;
  gboolean shift = (state & GDK_SHIFT_MASK) != 0;
  double dx = 0, dy = 0;

  if (self->territory == NULL)
    return FALSE;
  if (state & (GDK_ALT_MASK | GDK_SUPER_MASK))
    return FALSE;

  switch (keyval)
    {
    case GDK_KEY_plus:
    case GDK_KEY_equal:
    case GDK_KEY_KP_Add:
      linli_map_canvas_zoom_by (self, 1.5);
      return TRUE;
    case GDK_KEY_minus:
    case GDK_KEY_KP_Subtract:
      linli_map_canvas_zoom_by (self, 1 / 1.5);
      return TRUE;
    case GDK_KEY_0:
    case GDK_KEY_KP_0:
    case GDK_KEY_Home:
      if (ctrl)
        return FALSE;
      linli_map_canvas_fit (self, TRUE);
      return TRUE;

    case GDK_KEY_Left: case GDK_KEY_KP_Left: dx = -1; break;
    case GDK_KEY_Right: case GDK_KEY_KP_Right: dx = 1; break;
    case GDK_KEY_Up: case GDK_KEY_KP_Up: dy = -1; break;
    case GDK_KEY_Down: case GDK_KEY_KP_Down: dy = 1; break;

    case GDK_KEY_Tab:
    case GDK_KEY_KP_Tab:
    case GDK_KEY_ISO_Left_Tab:
      {
        gboolean back = keyval == GDK_KEY_ISO_Left_Tab || shift;
        int next;

        if (ctrl)
          return FALSE;
        if (self->focus_building < 0)
          next = back ? first_located (self, (int) self->territory->buildings->len - 1, -1) : first_located (self, 0, 1);
        else
          next = first_located (self, self->focus_building + (back ? -1 : 1), back ? -1 : 1);
        /* Past the last building, Tab leaves the map. */
        if (next < 0)
          return FALSE;
        move_focus (self, next);
        return TRUE;
      }

    case GDK_KEY_Return:
    case GDK_KEY_KP_Enter:
    case GDK_KEY_ISO_Enter:
    case GDK_KEY_space:
      if (self->edit_mode && self->tool == LINLI_MAP_TOOL_DRAW_GRID)
        {
          finish_drawing (self);
          return TRUE;
        }
      if (self->focus_building >= 0)
        {
          g_signal_emit (self, signals[BUILDING_ACTIVATED], 0, self->focus_building);
          return TRUE;
        }
      return FALSE;

    case GDK_KEY_Escape:
      if (self->edit_mode && self->tool == LINLI_MAP_TOOL_DRAW_GRID && self->draw_points->len > 0)
        {
          g_array_set_size (self->draw_points, 0);
          gtk_widget_queue_draw (GTK_WIDGET (self));
          return TRUE;
        }
      g_signal_emit (self, signals[GO_UP], 0);
      return TRUE;

    case GDK_KEY_BackSpace:
      if (self->edit_mode && self->tool == LINLI_MAP_TOOL_DRAW_GRID && self->draw_points->len > 0)
        {
          g_array_set_size (self->draw_points, self->draw_points->len - 1);
          gtk_widget_queue_draw (GTK_WIDGET (self));
          return TRUE;
        }
      return FALSE;

    default:
      return FALSE;
    }

  /* Arrows: nudge the selected building in edit mode (Shift: by 10 m),
   * pan with Ctrl, else go to the nearest building that way. */
  if (self->edit_mode && self->tool == LINLI_MAP_TOOL_SELECT && self->selected_building >= 0 && !ctrl)
    {
      LinliMapFootprint fp = must_building (self, self->selected_building)->fp;

      fp.x += dx * (shift ? 10 : 1);
      fp.y += dy * (shift ? 10 : 1);
      g_signal_emit (self, signals[BUILDING_CHANGED], 0, self->selected_building, &fp);
      return TRUE;
    }
  if (ctrl)
    {
      linli_map_canvas_pan_by (self, dx * 80, dy * 80);
      return TRUE;
    }
  if (self->focus_building < 0)
    move_focus (self, first_located (self, 0, 1));
  else
    move_focus (self, linli_map_territory_neighbour (self->territory, self->focus_building, dx, dy));
  return TRUE;
}

static void
on_focus_changed_cb (LinliMapCanvas *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_dark_changed_cb (LinliMapCanvas *self)
{
  drop_labels (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* GObject --------------------------------------------------------------------- */

static void
linli_map_canvas_dispose (GObject *object)
{
  LinliMapCanvas *self = LINLI_MAP_CANVAS (object);

  stop_animation (self);
  g_clear_pointer (&self->territory, linli_map_territory_unref);
  g_clear_pointer (&self->stats, linli_map_stats_unref);
  g_clear_object (&self->underlay);
  g_clear_object (&self->heat);
  g_clear_pointer (&self->building_labels, g_ptr_array_unref);
  g_clear_pointer (&self->badge_labels, g_hash_table_unref);
  g_clear_pointer (&self->grid_labels, g_ptr_array_unref);

  G_OBJECT_CLASS (linli_map_canvas_parent_class)->dispose (object);
}

static void
linli_map_canvas_finalize (GObject *object)
{
  LinliMapCanvas *self = LINLI_MAP_CANVAS (object);

  g_clear_pointer (&self->labeler, linli_map_labeler_free);
  g_clear_pointer (&self->draw_points, g_array_unref);
  g_clear_pointer (&self->drag_outline, g_array_unref);

  G_OBJECT_CLASS (linli_map_canvas_parent_class)->finalize (object);
}

static void
linli_map_canvas_class_init (LinliMapCanvasClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = linli_map_canvas_dispose;
  object_class->finalize = linli_map_canvas_finalize;

  widget_class->snapshot = linli_map_canvas_snapshot;
  widget_class->size_allocate = linli_map_canvas_size_allocate;
  widget_class->measure = linli_map_canvas_measure;
  widget_class->query_tooltip = linli_map_canvas_query_tooltip;

  /**
   * LinliMapCanvas::building-selected:
   * @index: the building, in the territory
   *
   * A click on a building.
   */
  signals[BUILDING_SELECTED] = g_signal_new ("building-selected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                             0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT);
  /* A double click on a building, or Enter on the focused one. */
  signals[BUILDING_ACTIVATED] = g_signal_new ("building-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                              0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT);
  /* A click on a grid's area; -1 outside every grid. */
  signals[GRID_SELECTED] = g_signal_new ("grid-selected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                         0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT);
  signals[GRID_ACTIVATED] = g_signal_new ("grid-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT);
  /* Escape: up one level. */
  signals[GO_UP] = g_signal_new ("go-up", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /**
   * LinliMapCanvas::building-changed:
   * @index: the building
   * @footprint: (type gpointer): its new LinliMapFootprint
   *
   * A building was moved, resized or turned in edit mode.
   */
  signals[BUILDING_CHANGED] = g_signal_new ("building-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                            0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_INT, G_TYPE_POINTER);
  /* @points: (type gpointer): a GArray of LinliMapPoint */
  signals[GRID_OUTLINE_CHANGED] = g_signal_new ("grid-outline-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                                0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_INT, G_TYPE_POINTER);
  signals[GRID_DRAWN] = g_signal_new ("grid-drawn", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                      0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);
  signals[BUILDING_ADDED] = g_signal_new ("building-added", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_DOUBLE, G_TYPE_DOUBLE);
  signals[UNDERLAY_MOVED] = g_signal_new ("underlay-moved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_DOUBLE, G_TYPE_DOUBLE);
  signals[VIEW_CHANGED] = g_signal_new ("view-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                        0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_css_name (widget_class, "linli-map-canvas");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
linli_map_canvas_init (LinliMapCanvas *self)
{
  GtkEventController *controller;
  GtkGesture *gesture;

  self->selected_grid = self->selected_building = self->focus_building = -1;
  self->hover_building = self->hover_grid = -1;
  self->drag_building = self->click_building = -1;
  self->zoom = 1;
  self->plan_scale = 1;
  self->coverage_days = 7;
  self->building_labels = g_ptr_array_new_with_free_func (building_label_free);
  self->badge_labels = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->grid_labels = g_ptr_array_new_with_free_func (g_object_unref);
  self->labeler = linli_map_labeler_new (48);
  self->draw_points = g_array_new (FALSE, FALSE, sizeof (LinliMapPoint));

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_focus_on_click (GTK_WIDGET (self), TRUE);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);
  gtk_widget_set_vexpand (GTK_WIDGET (self), TRUE);
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Map of the community"), -1);

  controller = gtk_event_controller_motion_new ();
  g_signal_connect (controller, "motion", G_CALLBACK (on_motion_cb), self);
  g_signal_connect (controller, "enter", G_CALLBACK (on_motion_cb), self);
  g_signal_connect (controller, "leave", G_CALLBACK (on_leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  controller = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_BOTH_AXES);
  g_signal_connect (controller, "scroll", G_CALLBACK (on_scroll_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  gesture = gtk_gesture_zoom_new ();
  g_signal_connect (gesture, "begin", G_CALLBACK (on_zoom_begin_cb), self);
  g_signal_connect (gesture, "scale-changed", G_CALLBACK (on_zoom_scale_changed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));

  gesture = gtk_gesture_drag_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (gesture), 0);
  g_signal_connect (gesture, "drag-begin", G_CALLBACK (on_drag_begin_cb), self);
  g_signal_connect (gesture, "drag-update", G_CALLBACK (on_drag_update_cb), self);
  g_signal_connect (gesture, "drag-end", G_CALLBACK (on_drag_end_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));

  gesture = gtk_gesture_click_new ();
  g_signal_connect (gesture, "released", G_CALLBACK (on_click_released_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));

  gesture = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (gesture), GDK_BUTTON_SECONDARY);
  g_signal_connect (gesture, "pressed", G_CALLBACK (on_secondary_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));

  controller = gtk_event_controller_key_new ();
  g_signal_connect (controller, "key-pressed", G_CALLBACK (on_key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  controller = gtk_event_controller_focus_new ();
  g_signal_connect_swapped (controller, "enter", G_CALLBACK (on_focus_changed_cb), self);
  g_signal_connect_swapped (controller, "leave", G_CALLBACK (on_focus_changed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (on_dark_changed_cb), self, G_CONNECT_SWAPPED);
}

GtkWidget *
linli_map_canvas_new (void)
{
  return g_object_new (LINLI_TYPE_MAP_CANVAS, NULL);
}
