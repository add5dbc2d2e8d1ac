/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "linli-db.h"

G_BEGIN_DECLS

/* Marks on a household of the floor-by-room table (楼栋户表): its
 * residents' tags, 80+, and the household's own flags. */
typedef enum
{
  LINLI_MARK_ALONE        = 1 << 0,
  LINLI_MARK_EMPTY_NEST   = 1 << 1,
  LINLI_MARK_DISABLED     = 1 << 2,
  LINLI_MARK_LOW_INCOME   = 1 << 3,
  LINLI_MARK_DIFFICULTY   = 1 << 4,
  LINLI_MARK_OLD          = 1 << 5,   /* 80 and over */
  LINLI_MARK_PARTY        = 1 << 6,
  LINLI_MARK_FLOATING     = 1 << 7,
  LINLI_MARK_VETERAN      = 1 << 8,
  LINLI_MARK_OTHER_CARE   = 1 << 9,   /* a special-care tag of the community's own */
  LINLI_MARK_RENTAL       = 1 << 10,
  LINLI_MARK_PARTY_CENTER = 1 << 11,
  LINLI_MARK_VACANT       = 1 << 12,
} LinliMark;

#define LINLI_N_MARKS 13

const char *linli_mark_short_label (guint bit);
const char *linli_mark_label       (guint bit);
const char *linli_mark_color       (guint bit);

typedef struct
{
  char    *id;
  char    *room;
  int      floor;
  int      unit;               /* index in the table's units */
  int      row;
  int      column;
  char    *head_name;
  char    *flags;
  int      residents;
  int      care;               /* special-care residents */
  guint    marks;              /* LinliMark */
  char    *last_visit;         /* YYYY-MM-DD, or NULL */
  int      follow_ups_open;
  int      follow_ups_overdue;
} LinliFloorCell;

typedef struct
{
  char *id;
  int   number;
  char *name;
  int   first_column;
  int   n_columns;
  int   households;
  int   residents;
  int   care;
  int   not_visited_7;
  int   not_visited_30;
} LinliFloorUnit;

#define LINLI_FLOOR_UNKNOWN G_MININT

typedef struct
{
  char            *building_id;
  char            *building_number;
  char            *building_name;
  char            *grid_name;
  char            *community_name;
  char            *today;
  GPtrArray       *units;        /* LinliFloorUnit* by number */
  GPtrArray       *cells;        /* LinliFloorCell* */
  int              n_rows;
  int              n_columns;
  int             *row_floors;   /* floor of each row, top first; LINLI_FLOOR_UNKNOWN */
  LinliFloorCell **at;           /* n_rows * n_columns, NULL where no household */
} LinliFloorTable;

#define LINLI_TYPE_FLOOR_TABLE (linli_floor_table_get_type ())

GType            linli_floor_table_get_type  (void) G_GNUC_CONST;
LinliFloorTable *linli_floor_table_load      (LinliDb         *db,
                                              const char      *building_id,
                                              const char      *unit_id,
                                              const char      *today,
                                              GError         **error);
LinliFloorTable *linli_floor_table_ref       (LinliFloorTable *self);
void             linli_floor_table_unref     (LinliFloorTable *self);
LinliFloorCell  *linli_floor_table_get       (LinliFloorTable *self,
                                              int              row,
                                              int              column);
LinliFloorCell  *linli_floor_table_find      (LinliFloorTable *self,
                                              const char      *household_id);
int              linli_floor_table_unit_at   (LinliFloorTable *self,
                                              int              column);
gboolean         linli_floor_cell_visited_within (const LinliFloorCell *cell,
                                              const char      *today,
                                              int              days);
gboolean         linli_floor_cell_visited_since (const LinliFloorCell *cell,
                                              const char      *cut);
char            *linli_floor_table_title     (LinliFloorTable *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LinliFloorTable, linli_floor_table_unref)

G_END_DECLS
