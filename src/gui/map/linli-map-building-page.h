/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "linli-map-page.h"

G_BEGIN_DECLS

#define LINLI_TYPE_MAP_BUILDING_PAGE (linli_map_building_page_get_type ())

G_DECLARE_FINAL_TYPE (LinliMapBuildingPage, linli_map_building_page, LINLI, MAP_BUILDING_PAGE, LinliMapPage)

G_END_DECLS
