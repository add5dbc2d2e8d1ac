/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "linli-map-page.h"

G_BEGIN_DECLS

#define LINLI_TYPE_MAP_HOUSEHOLD_PAGE (linli_map_household_page_get_type ())

G_DECLARE_FINAL_TYPE (LinliMapHouseholdPage, linli_map_household_page, LINLI, MAP_HOUSEHOLD_PAGE, LinliMapPage)

void linli_map_household_page_log_visit (LinliMapHouseholdPage *self);

G_END_DECLS
