/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define LINLI_TYPE_SYNC_PAGE (linli_sync_page_get_type ())

G_DECLARE_FINAL_TYPE (LinliSyncPage, linli_sync_page, LINLI, SYNC_PAGE, AdwPreferencesPage)

GtkWidget *linli_sync_page_new (const char *db_path);

G_END_DECLS
