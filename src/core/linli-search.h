/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "linli-db.h"

G_BEGIN_DECLS

typedef enum
{
  LINLI_SEARCH_GROUP_PLACE,        /* buildings, units, households, grids */
  LINLI_SEARCH_GROUP_RESIDENT,
  LINLI_SEARCH_GROUP_VOLUNTEER,
  LINLI_SEARCH_GROUP_PERSON,       /* people who are not residents */
  LINLI_SEARCH_GROUP_ORGANISATION,
  LINLI_SEARCH_GROUP_TEAM,
  LINLI_SEARCH_GROUP_PROJECT,
  LINLI_SEARCH_GROUP_MEETING,
  LINLI_SEARCH_N_GROUPS
} LinliSearchGroup;

typedef struct
{
  LinliSearchGroup group;
  char            *table;     /* person, volunteer, household, unit, building, grid, organisation, team, project, meeting, venue */
  char            *id;
  char            *title;
  char            *subtitle;
  double           score;     /* lower is better */
} LinliSearchHit;

void        linli_search_hit_free    (LinliSearchHit *hit);
const char *linli_search_group_label (LinliSearchGroup group);

GPtrArray  *linli_search             (LinliDb      *db,
                                      const char   *community_id,
                                      const char   *text,
                                      guint         limit,
                                      GError      **error);

gboolean    linli_search_parse_address (const char *text,
                                        char      **building,
                                        int        *unit,
                                        char      **room);

char       *linli_household_address  (LinliDb     *db,
                                      const char  *household_id);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LinliSearchHit, linli_search_hit_free)

G_END_DECLS
