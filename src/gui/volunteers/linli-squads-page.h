/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "linli-db.h"

G_BEGIN_DECLS

#define LINLI_TYPE_SQUADS_PAGE (linli_squads_page_get_type ())

G_DECLARE_FINAL_TYPE (LinliSquadsPage, linli_squads_page, LINLI, SQUADS_PAGE, GtkWidget)

void        linli_squads_page_set_context (LinliSquadsPage *self,
                                           LinliDb         *db,
                                           const char      *community_id);
void        linli_squads_page_reload      (LinliSquadsPage *self);
GListModel *linli_squads_page_get_model   (LinliSquadsPage *self);

G_END_DECLS
