/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "linli-map-page.h"

G_BEGIN_DECLS

#define LINLI_TYPE_MAP_UNIT_PAGE (linli_map_unit_page_get_type ())

G_DECLARE_FINAL_TYPE (LinliMapUnitPage, linli_map_unit_page, LINLI, MAP_UNIT_PAGE, LinliMapPage)

void linli_map_unit_page_set_selected (LinliMapUnitPage *self,
                                       const char       *household_id);

G_END_DECLS
