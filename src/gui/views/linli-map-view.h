/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "linli-map-stats.h"
#include "linli-print-sheet.h"
#include "linli-view.h"

G_BEGIN_DECLS

#define LINLI_TYPE_MAP_VIEW (linli_map_view_get_type ())

G_DECLARE_FINAL_TYPE (LinliMapView, linli_map_view, LINLI, MAP_VIEW, LinliView)

void        linli_map_view_set_today   (LinliMapView *self,
                                        const char   *today);
const char *linli_map_view_get_level   (LinliMapView *self);
const char *linli_map_view_get_current (LinliMapView *self,
                                        const char   *table);
GtkWidget  *linli_map_view_get_canvas  (LinliMapView *self);
GtkWidget  *linli_map_view_get_page    (LinliMapView *self,
                                        const char   *name);
gboolean    linli_map_view_set_plan    (LinliMapView   *self,
                                        GFile          *file,
                                        GError        **error);
void        linli_map_view_set_layers  (LinliMapView   *self,
                                        LinliMapLayers  layers,
                                        int             coverage_days);
LinliSheetRequest *linli_map_view_get_print_request (LinliMapView *self);

G_END_DECLS
