/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "linli-db.h"

G_BEGIN_DECLS

#define LINLI_TYPE_ROSTER_GRID (linli_roster_grid_get_type ())

G_DECLARE_FINAL_TYPE (LinliRosterGrid, linli_roster_grid, LINLI, ROSTER_GRID, GtkWidget)

GtkWidget  *linli_roster_grid_new            (void);
void        linli_roster_grid_set_team       (LinliRosterGrid *self,
                                              LinliDb         *db,
                                              const char      *team_id);
void        linli_roster_grid_set_period     (LinliRosterGrid *self,
                                              guint32          from,
                                              guint32          to);
void        linli_roster_grid_reload         (LinliRosterGrid *self);
guint       linli_roster_grid_get_n_open     (LinliRosterGrid *self);
guint       linli_roster_grid_get_n_conflicts (LinliRosterGrid *self);
guint       linli_roster_grid_get_n_shifts   (LinliRosterGrid *self);
const char *linli_roster_grid_get_swap_source (LinliRosterGrid *self);

G_END_DECLS
