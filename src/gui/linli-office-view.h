/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "linli-sync-service.h"

G_BEGIN_DECLS

#define LINLI_TYPE_OFFICE_VIEW (linli_office_view_get_type ())

G_DECLARE_FINAL_TYPE (LinliOfficeView, linli_office_view, LINLI, OFFICE_VIEW, AdwBin)

/* What a street-office account sees: the totals of the office's
 * communities, from the last sync, in a table and a chart. */
void     linli_office_view_set_service (LinliOfficeView  *self,
                                        LinliSyncService *service);
gboolean linli_office_view_is_wanted   (LinliSyncService *service);
guint    linli_office_view_get_n_communities (LinliOfficeView *self);

G_END_DECLS
