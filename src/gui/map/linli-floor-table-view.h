/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "linli-map-floor-table.h"
#include "linli-map-stats.h"

G_BEGIN_DECLS

#define LINLI_TYPE_FLOOR_TABLE_VIEW (linli_floor_table_view_get_type ())

G_DECLARE_FINAL_TYPE (LinliFloorTableView, linli_floor_table_view, LINLI, FLOOR_TABLE_VIEW, GtkWidget)

/* The floor-by-room table (楼栋户表) on screen: floors top to bottom,
 * rooms left to right, each household a cell with its residents' count
 * and marks, coloured by the layers. Compact, it is the building's
 * front: a small square per household, a column group per unit. */

GtkWidget       *linli_floor_table_view_new          (void);
void             linli_floor_table_view_set_table    (LinliFloorTableView *self,
                                                      LinliFloorTable     *table);
LinliFloorTable *linli_floor_table_view_get_table    (LinliFloorTableView *self);
void             linli_floor_table_view_set_compact  (LinliFloorTableView *self,
                                                      gboolean             compact);
void             linli_floor_table_view_set_layers   (LinliFloorTableView *self,
                                                      LinliMapLayers       layers,
                                                      int                  coverage_days);
void             linli_floor_table_view_set_selected (LinliFloorTableView *self,
                                                      const char          *household_id);
gboolean         linli_floor_table_view_get_cell_area (LinliFloorTableView *self,
                                                      const char          *household_id,
                                                      graphene_rect_t     *area);

G_END_DECLS
