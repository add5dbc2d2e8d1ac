/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "linli-map-stats.h"

G_BEGIN_DECLS

/* The colours of the map and its layers, shared by the canvas, the
 * legend and the floor-by-room table so that they always agree. */

void     linli_map_color_parse     (const char *hex,
                                    double      alpha,
                                    GdkRGBA    *rgba);
void     linli_map_color_mix       (const GdkRGBA *a,
                                    const GdkRGBA *b,
                                    double      t,
                                    GdkRGBA    *out);
void     linli_map_coverage_color  (double      share_not_visited,
                                    GdkRGBA    *rgba);
void     linli_map_heat_color      (double      intensity,
                                    GdkRGBA    *rgba);
void     linli_map_care_color      (GdkRGBA    *rgba);
void     linli_map_squad_color     (GdkRGBA    *rgba);
void     linli_map_building_color  (gboolean    dark,
                                    GdkRGBA    *fill,
                                    GdkRGBA    *border);

G_END_DECLS
