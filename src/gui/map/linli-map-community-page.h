/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "linli-map-page.h"

G_BEGIN_DECLS

#define LINLI_TYPE_MAP_COMMUNITY_PAGE (linli_map_community_page_get_type ())

G_DECLARE_FINAL_TYPE (LinliMapCommunityPage, linli_map_community_page, LINLI, MAP_COMMUNITY_PAGE, LinliMapPage)

G_END_DECLS
