/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "linli-db.h"
#include "linli-map-history.h"
#include "linli-map-stats.h"
#include "linli-map-territory.h"

G_BEGIN_DECLS

#define LINLI_TYPE_MAP_SESSION (linli_map_session_get_type ())

G_DECLARE_FINAL_TYPE (LinliMapSession, linli_map_session, LINLI, MAP_SESSION, GObject)

/* What the parts of the Map view share: the community, its territory and
 * counts, the layers shown, the history of edits, and the day it is. The
 * pages ask it to open records and to show toasts; it tells them when
 * what is stored changed. */

LinliMapSession   *linli_map_session_new            (LinliDb         *db,
                                                     const char      *community_id,
                                                     const char      *today);
LinliDb           *linli_map_session_get_db         (LinliMapSession *self);
const char        *linli_map_session_get_community_id (LinliMapSession *self);
const char        *linli_map_session_get_today      (LinliMapSession *self);
LinliMapHistory   *linli_map_session_get_history    (LinliMapSession *self);
LinliMapTerritory *linli_map_session_get_territory  (LinliMapSession *self);
LinliMapStats     *linli_map_session_get_stats      (LinliMapSession *self);
LinliMapLayers     linli_map_session_get_layers     (LinliMapSession *self);
int                linli_map_session_get_coverage_days (LinliMapSession *self);
void               linli_map_session_set_layers     (LinliMapSession *self,
                                                     LinliMapLayers   layers,
                                                     int              coverage_days);
gboolean           linli_map_session_reload         (LinliMapSession *self,
                                                     GError         **error);
void               linli_map_session_open           (LinliMapSession *self,
                                                     const char      *table,
                                                     const char      *id);
void               linli_map_session_toast          (LinliMapSession *self,
                                                     const char      *message);
void               linli_map_session_toast_undo     (LinliMapSession *self,
                                                     const char      *message,
                                                     guint            serial);
void               linli_map_session_error          (LinliMapSession *self,
                                                     const char      *what,
                                                     const GError    *error);

G_END_DECLS
