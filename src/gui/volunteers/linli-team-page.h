/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "linli-db.h"
#include "linli-roster-grid.h"
#include "linli-roster-timeline.h"

G_BEGIN_DECLS

#define LINLI_TYPE_TEAM_PAGE (linli_team_page_get_type ())

G_DECLARE_FINAL_TYPE (LinliTeamPage, linli_team_page, LINLI, TEAM_PAGE, GtkWidget)

void                 linli_team_page_set_team     (LinliTeamPage *self,
                                                   LinliDb       *db,
                                                   const char    *team_id);
const char          *linli_team_page_get_team     (LinliTeamPage *self);
void                 linli_team_page_reload       (LinliTeamPage *self);
void                 linli_team_page_set_period   (LinliTeamPage *self,
                                                   guint32        first_day,
                                                   guint          weeks);
guint32              linli_team_page_get_from     (LinliTeamPage *self);
guint                linli_team_page_get_weeks    (LinliTeamPage *self);
void                 linli_team_page_show         (LinliTeamPage *self,
                                                   const char    *page);
const char          *linli_team_page_get_visible  (LinliTeamPage *self);
LinliRosterGrid     *linli_team_page_get_grid     (LinliTeamPage *self);
LinliRosterTimeline *linli_team_page_get_timeline (LinliTeamPage *self);
GListModel          *linli_team_page_get_members  (LinliTeamPage *self);
guint                linli_team_page_get_n_gaps   (LinliTeamPage *self);

G_END_DECLS
