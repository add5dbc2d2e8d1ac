/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "linli-map-stats.h"
#include "linli-map-territory.h"

G_BEGIN_DECLS

typedef enum
{
  LINLI_MAP_TOOL_SELECT,        /* pick; in edit mode move, resize, rotate, reshape */
  LINLI_MAP_TOOL_ADD_BUILDING,
  LINLI_MAP_TOOL_DRAW_GRID,
  LINLI_MAP_TOOL_UNDERLAY,      /* drag the plan image */
} LinliMapTool;

#define LINLI_TYPE_MAP_CANVAS (linli_map_canvas_get_type ())

G_DECLARE_FINAL_TYPE (LinliMapCanvas, linli_map_canvas, LINLI, MAP_CANVAS, GtkWidget)

GtkWidget         *linli_map_canvas_new                (void);
void               linli_map_canvas_set_territory      (LinliMapCanvas    *self,
                                                        LinliMapTerritory *territory);
LinliMapTerritory *linli_map_canvas_get_territory      (LinliMapCanvas    *self);
void               linli_map_canvas_set_stats          (LinliMapCanvas    *self,
                                                        LinliMapStats     *stats);
LinliMapStats     *linli_map_canvas_get_stats          (LinliMapCanvas    *self);
void               linli_map_canvas_set_layers         (LinliMapCanvas    *self,
                                                        LinliMapLayers     layers,
                                                        int                coverage_days);
void               linli_map_canvas_set_underlay       (LinliMapCanvas    *self,
                                                        GdkTexture        *texture);
void               linli_map_canvas_set_underlay_geometry (LinliMapCanvas *self,
                                                        double             x,
                                                        double             y,
                                                        double             scale,
                                                        double             rotation,
                                                        double             opacity);
void               linli_map_canvas_set_selection      (LinliMapCanvas    *self,
                                                        int                grid,
                                                        int                building);
int                linli_map_canvas_get_selected_grid  (LinliMapCanvas    *self);
int                linli_map_canvas_get_selected_building (LinliMapCanvas *self);
void               linli_map_canvas_set_focus_building (LinliMapCanvas    *self,
                                                        int                building);
int                linli_map_canvas_get_focus_building (LinliMapCanvas    *self);

void               linli_map_canvas_set_insets         (LinliMapCanvas    *self,
                                                        const GtkBorder   *insets);
void               linli_map_canvas_fit                (LinliMapCanvas    *self,
                                                        gboolean           animate);
void               linli_map_canvas_zoom_to            (LinliMapCanvas    *self,
                                                        const LinliMapRect *rect,
                                                        gboolean           animate);
void               linli_map_canvas_zoom_by            (LinliMapCanvas    *self,
                                                        double             factor);
void               linli_map_canvas_pan_by             (LinliMapCanvas    *self,
                                                        double             dx,
                                                        double             dy);
void               linli_map_canvas_set_view           (LinliMapCanvas    *self,
                                                        double             cx,
                                                        double             cy,
                                                        double             zoom);
void               linli_map_canvas_get_view           (LinliMapCanvas    *self,
                                                        double            *cx,
                                                        double            *cy,
                                                        double            *zoom);
gboolean           linli_map_canvas_is_animating       (LinliMapCanvas    *self);
void               linli_map_canvas_world_to_screen    (LinliMapCanvas    *self,
                                                        double             x,
                                                        double             y,
                                                        double            *sx,
                                                        double            *sy);
void               linli_map_canvas_screen_to_world    (LinliMapCanvas    *self,
                                                        double             sx,
                                                        double             sy,
                                                        double            *x,
                                                        double            *y);

void               linli_map_canvas_set_edit_mode      (LinliMapCanvas    *self,
                                                        gboolean           edit_mode);
gboolean           linli_map_canvas_get_edit_mode      (LinliMapCanvas    *self);
void               linli_map_canvas_set_tool           (LinliMapCanvas    *self,
                                                        LinliMapTool       tool);
LinliMapTool       linli_map_canvas_get_tool           (LinliMapCanvas    *self);

void               linli_map_canvas_render             (LinliMapCanvas    *self,
                                                        GtkSnapshot       *snapshot,
                                                        double             width,
                                                        double             height);
guint              linli_map_canvas_get_n_labels       (LinliMapCanvas    *self,
                                                        guint             *n_building_labels);

G_END_DECLS
