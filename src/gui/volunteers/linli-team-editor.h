/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "linli-db.h"

G_BEGIN_DECLS

#define LINLI_TYPE_TEAM_EDITOR (linli_team_editor_get_type ())

G_DECLARE_FINAL_TYPE (LinliTeamEditor, linli_team_editor, LINLI, TEAM_EDITOR, AdwWindow)

LinliTeamEditor *linli_team_editor_new      (GtkWindow       *parent,
                                             LinliDb         *db,
                                             const char      *community_id);
void             linli_team_editor_set      (LinliTeamEditor *self,
                                             const char      *name,
                                             const char      *kind,
                                             const char      *scope,
                                             guint            place);

G_END_DECLS
