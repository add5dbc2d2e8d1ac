/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "linli-db.h"

G_BEGIN_DECLS

/* What the layers of the map colour by. */
typedef enum
{
  LINLI_MAP_LAYER_NONE     = 0,
  LINLI_MAP_LAYER_COVERAGE = 1 << 0,  /* households not visited in 7 or 30 days */
  LINLI_MAP_LAYER_CARE     = 1 << 1,  /* special-care residents */
  LINLI_MAP_LAYER_SQUAD    = 1 << 2,  /* incomplete 119 squads */
  LINLI_MAP_LAYER_HEAT     = 1 << 3,  /* residents per building */
} LinliMapLayers;

typedef enum
{
  LINLI_SQUAD_NONE,        /* the building has no 119 squad */
  LINLI_SQUAD_INCOMPLETE,
  LINLI_SQUAD_COMPLETE,
} LinliSquadState;

/* A 119 squad is complete with this many of each (DOMAIN.md). */
#define LINLI_SQUAD_PARTY     1
#define LINLI_SQUAD_CADRE     1
#define LINLI_SQUAD_RESIDENTS 9

typedef struct
{
  int             households;
  int             occupied;           /* households not marked vacant: the ones to visit */
  int             residents;
  int             care_residents;     /* special-care tag or 80+ */
  int             care_households;
  int             not_visited_7;      /* occupied households without a visit in the last 7 days */
  int             not_visited_30;
  int             follow_ups_open;
  int             follow_ups_overdue;
  LinliSquadState squad;
  int             squad_party;
  int             squad_cadre;
  int             squad_residents;
} LinliMapCounts;

typedef struct _LinliMapStats LinliMapStats;

#define LINLI_TYPE_MAP_STATS (linli_map_stats_get_type ())

GType                 linli_map_stats_get_type         (void) G_GNUC_CONST;
LinliMapStats        *linli_map_stats_load             (LinliDb       *db,
                                                        const char    *community_id,
                                                        const char    *today,
                                                        GError       **error);
LinliMapStats        *linli_map_stats_ref              (LinliMapStats *self);
void                  linli_map_stats_unref            (LinliMapStats *self);
const char           *linli_map_stats_get_today        (LinliMapStats *self);
const LinliMapCounts *linli_map_stats_get_building     (LinliMapStats *self,
                                                        const char    *building_id);
const LinliMapCounts *linli_map_stats_get_grid         (LinliMapStats *self,
                                                        const char    *grid_id);
const LinliMapCounts *linli_map_stats_get_total        (LinliMapStats *self);
int                   linli_map_stats_get_max_residents (LinliMapStats *self);
int                   linli_map_counts_not_visited     (const LinliMapCounts *counts,
                                                        int            days);

char                 *linli_map_date_minus             (const char    *date,
                                                        int            days);
char                 *linli_map_today                  (void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LinliMapStats, linli_map_stats_unref)

G_END_DECLS
