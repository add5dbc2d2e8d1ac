/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "linli-map-canvas.h"

G_BEGIN_DECLS

#define LINLI_TYPE_MAP_EDIT_BAR (linli_map_edit_bar_get_type ())

G_DECLARE_FINAL_TYPE (LinliMapEditBar, linli_map_edit_bar, LINLI, MAP_EDIT_BAR, GtkWidget)

/* The toolbar of the map's edit mode: the tools, the plan image under the
 * map, automatic arrangement, undo and redo. */

void linli_map_edit_bar_set_tool     (LinliMapEditBar *self,
                                      LinliMapTool     tool);
void linli_map_edit_bar_set_underlay (LinliMapEditBar *self,
                                      gboolean         present,
                                      double           opacity,
                                      double           scale,
                                      double           rotation);

G_END_DECLS
