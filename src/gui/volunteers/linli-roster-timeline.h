/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "linli-db.h"

G_BEGIN_DECLS

#define LINLI_TYPE_ROSTER_TIMELINE (linli_roster_timeline_get_type ())

G_DECLARE_FINAL_TYPE (LinliRosterTimeline, linli_roster_timeline, LINLI, ROSTER_TIMELINE, GtkWidget)

GtkWidget  *linli_roster_timeline_new        (void);
void        linli_roster_timeline_set_team   (LinliRosterTimeline *self,
                                              LinliDb             *db,
                                              const char          *team_id);
void        linli_roster_timeline_set_period (LinliRosterTimeline *self,
                                              guint32              from,
                                              guint32              to);
void        linli_roster_timeline_reload     (LinliRosterTimeline *self);
GListModel *linli_roster_timeline_get_model  (LinliRosterTimeline *self);

G_END_DECLS
