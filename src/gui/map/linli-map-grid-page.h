/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "linli-map-page.h"

G_BEGIN_DECLS

#define LINLI_TYPE_MAP_GRID_PAGE (linli_map_grid_page_get_type ())

G_DECLARE_FINAL_TYPE (LinliMapGridPage, linli_map_grid_page, LINLI, MAP_GRID_PAGE, LinliMapPage)

G_END_DECLS
