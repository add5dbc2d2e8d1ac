/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "linli-view.h"

G_BEGIN_DECLS

#define LINLI_TYPE_MAP_VIEW (linli_map_view_get_type ())

G_DECLARE_FINAL_TYPE (LinliMapView, linli_map_view, LINLI, MAP_VIEW, LinliView)

G_END_DECLS
