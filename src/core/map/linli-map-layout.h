/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "linli-db.h"
#include "linli-map-history.h"

G_BEGIN_DECLS

/* Gaps of the automatic layout, in metres. */
#define LINLI_MAP_LAYOUT_ROAD   20.0   /* between the blocks of two grids */
#define LINLI_MAP_LAYOUT_MARGIN 10.0   /* from a grid's edge to its buildings */

typedef enum
{
  LINLI_MAP_LAYOUT_MISSING,    /* only buildings that have no footprint yet */
  LINLI_MAP_LAYOUT_AUTOMATIC,  /* every building not drawn by hand */
} LinliMapLayoutScope;

int      linli_map_layout_apply         (LinliDb              *db,
                                         LinliMapHistory      *history,
                                         const char           *community_id,
                                         LinliMapLayoutScope   scope,
                                         GError              **error);
gboolean linli_map_layout_needed        (LinliDb              *db,
                                         const char           *community_id);
void     linli_map_layout_estimate_size (int                   n_units,
                                         int                   rooms_per_floor,
                                         int                   floors,
                                         double               *width,
                                         double               *depth);

G_END_DECLS
