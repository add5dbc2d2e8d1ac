/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "linli-map-stats.h"

G_BEGIN_DECLS

#define LINLI_TYPE_MAP_LEGEND (linli_map_legend_get_type ())

G_DECLARE_FINAL_TYPE (LinliMapLegend, linli_map_legend, LINLI, MAP_LEGEND, GtkWidget)

void linli_map_legend_set_layers (LinliMapLegend *self,
                                  LinliMapLayers  layers,
                                  int             coverage_days);

G_END_DECLS
