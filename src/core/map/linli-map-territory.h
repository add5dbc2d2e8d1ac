/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "linli-db.h"
#include "linli-map-geometry.h"

G_BEGIN_DECLS

typedef struct
{
  char          *id;
  int            number;
  char          *name;
  char          *color;       /* #rrggbb, or NULL */
  GArray        *outline;     /* LinliMapPoint; empty when not drawn */
  LinliMapRect   bounds;      /* of the outline, else of its buildings */
  LinliMapPoint  label_at;
} LinliMapGrid;

typedef struct
{
  char             *id;
  char             *number;   /* as written on the building: "12", "A3" */
  char             *name;
  char             *grid_id;
  int               grid;     /* index in the territory's grids, or -1 */
  int               floors;
  int               n_units;
  int               rooms_per_floor;
  LinliMapFootprint fp;
  gboolean          placed;   /* drawn by hand */
  gboolean          located;  /* has a footprint at all */
} LinliMapBuilding;

typedef struct
{
  char      *community_id;
  char      *name;

  /* The compound's plan under the map: the image's top-left corner at
   * (plan_x, plan_y), plan_scale metres per pixel, turned by
   * plan_rotation degrees around that corner. */
  char      *plan_image;       /* file name in the "plans" folder */
  double     plan_opacity;
  double     plan_x;
  double     plan_y;
  double     plan_scale;
  double     plan_rotation;

  GPtrArray *grids;            /* LinliMapGrid*, by number */
  GPtrArray *buildings;        /* LinliMapBuilding*, by grid then number */

  /*< private >*/
  GHashTable    *grid_ids;
  GHashTable    *building_ids;
  LinliMapIndex *index;
} LinliMapTerritory;

#define LINLI_TYPE_MAP_TERRITORY (linli_map_territory_get_type ())

GType              linli_map_territory_get_type      (void) G_GNUC_CONST;
LinliMapTerritory *linli_map_territory_new           (const char        *community_id);
LinliMapTerritory *linli_map_territory_load          (LinliDb           *db,
                                                      const char        *community_id,
                                                      GError           **error);
LinliMapTerritory *linli_map_territory_ref           (LinliMapTerritory *self);
void               linli_map_territory_unref         (LinliMapTerritory *self);

LinliMapGrid      *linli_map_territory_add_grid      (LinliMapTerritory *self,
                                                      const char        *id,
                                                      int                number,
                                                      const char        *name,
                                                      const char        *color,
                                                      const LinliMapPoint *outline,
                                                      guint              n_points);
LinliMapBuilding  *linli_map_territory_add_building  (LinliMapTerritory *self,
                                                      const char        *id,
                                                      const char        *number,
                                                      const char        *grid_id,
                                                      const LinliMapFootprint *fp,
                                                      int                floors,
                                                      int                n_units);
void               linli_map_territory_update        (LinliMapTerritory *self);

int                linli_map_territory_find_grid     (LinliMapTerritory *self,
                                                      const char        *id);
int                linli_map_territory_find_building (LinliMapTerritory *self,
                                                      const char        *id);
LinliMapGrid      *linli_map_territory_get_grid      (LinliMapTerritory *self,
                                                      int                index);
LinliMapBuilding  *linli_map_territory_get_building  (LinliMapTerritory *self,
                                                      int                index);
LinliMapRect       linli_map_territory_get_bounds    (LinliMapTerritory *self);
int                linli_map_territory_building_at   (LinliMapTerritory *self,
                                                      double             x,
                                                      double             y,
                                                      double             tolerance);
int                linli_map_territory_grid_at       (LinliMapTerritory *self,
                                                      double             x,
                                                      double             y);
void               linli_map_territory_buildings_in  (LinliMapTerritory *self,
                                                      const LinliMapRect *rect,
                                                      GArray            *indexes);
int                linli_map_territory_neighbour     (LinliMapTerritory *self,
                                                      int                from,
                                                      double             dx,
                                                      double             dy);

int                linli_map_compare_numbers         (const char        *a,
                                                      const char        *b);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LinliMapTerritory, linli_map_territory_unref)

G_END_DECLS
