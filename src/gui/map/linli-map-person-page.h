/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "linli-map-page.h"

G_BEGIN_DECLS

#define LINLI_TYPE_MAP_PERSON_PAGE (linli_map_person_page_get_type ())

G_DECLARE_FINAL_TYPE (LinliMapPersonPage, linli_map_person_page, LINLI, MAP_PERSON_PAGE, LinliMapPage)

G_END_DECLS
