/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "linli-db.h"

G_BEGIN_DECLS

#define LINLI_TYPE_HOURS_PAGE (linli_hours_page_get_type ())

G_DECLARE_FINAL_TYPE (LinliHoursPage, linli_hours_page, LINLI, HOURS_PAGE, GtkWidget)

void        linli_hours_page_set_context (LinliHoursPage *self,
                                          LinliDb        *db,
                                          const char     *community_id);
void        linli_hours_page_reload      (LinliHoursPage *self);
void        linli_hours_page_set_year    (LinliHoursPage *self,
                                          int             year);
gboolean    linli_hours_page_export      (LinliHoursPage *self,
                                          const char     *path,
                                          GError        **error);
GListModel *linli_hours_page_get_model   (LinliHoursPage *self);

G_END_DECLS
