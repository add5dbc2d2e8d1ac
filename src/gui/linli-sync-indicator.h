/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "linli-sync-service.h"

G_BEGIN_DECLS

#define LINLI_TYPE_SYNC_INDICATOR (linli_sync_indicator_get_type ())

G_DECLARE_FINAL_TYPE (LinliSyncIndicator, linli_sync_indicator, LINLI, SYNC_INDICATOR, AdwBin)

void linli_sync_indicator_set_service (LinliSyncIndicator *self,
                                       LinliSyncService   *service);

G_END_DECLS
