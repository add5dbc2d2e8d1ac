/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "linli-db.h"

G_BEGIN_DECLS

#define LINLI_TYPE_VOLUNTEER_LIST (linli_volunteer_list_get_type ())

G_DECLARE_FINAL_TYPE (LinliVolunteerList, linli_volunteer_list, LINLI, VOLUNTEER_LIST, GtkWidget)

void        linli_volunteer_list_set_context (LinliVolunteerList *self,
                                              LinliDb            *db,
                                              const char         *community_id);
void        linli_volunteer_list_reload      (LinliVolunteerList *self);
void        linli_volunteer_list_search      (LinliVolunteerList *self,
                                              const char         *text);
GListModel *linli_volunteer_list_get_model   (LinliVolunteerList *self);

G_END_DECLS
