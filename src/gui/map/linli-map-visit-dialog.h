/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "linli-map-session.h"

G_BEGIN_DECLS

#define LINLI_TYPE_MAP_VISIT_DIALOG (linli_map_visit_dialog_get_type ())

G_DECLARE_FINAL_TYPE (LinliMapVisitDialog, linli_map_visit_dialog, LINLI, MAP_VISIT_DIALOG, AdwWindow)

LinliMapVisitDialog *linli_map_visit_dialog_new  (LinliMapSession     *session,
                                                  const char          *household_id);
gboolean             linli_map_visit_dialog_save (LinliMapVisitDialog *self);

G_END_DECLS
