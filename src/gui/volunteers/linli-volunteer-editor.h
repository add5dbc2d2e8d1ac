/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "linli-db.h"

G_BEGIN_DECLS

#define LINLI_TYPE_VOLUNTEER_EDITOR (linli_volunteer_editor_get_type ())

G_DECLARE_FINAL_TYPE (LinliVolunteerEditor, linli_volunteer_editor, LINLI, VOLUNTEER_EDITOR, AdwWindow)

LinliVolunteerEditor *linli_volunteer_editor_new  (GtkWindow            *parent,
                                                   LinliDb              *db,
                                                   const char           *volunteer_id);
const char           *linli_volunteer_editor_get_id (LinliVolunteerEditor *self);

G_END_DECLS
