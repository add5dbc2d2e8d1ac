/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "linli-db.h"

G_BEGIN_DECLS

#define LINLI_TYPE_PERSON_CHOOSER (linli_person_chooser_get_type ())

G_DECLARE_FINAL_TYPE (LinliPersonChooser, linli_person_chooser, LINLI, PERSON_CHOOSER, AdwWindow)

LinliPersonChooser *linli_person_chooser_new        (GtkWindow          *parent,
                                                     LinliDb            *db,
                                                     const char         *community_id,
                                                     const char         *title,
                                                     gboolean            with_role,
                                                     const char         *role);
void                linli_person_chooser_search     (LinliPersonChooser *self,
                                                     const char         *text);
guint               linli_person_chooser_get_n_found (LinliPersonChooser *self);
void                linli_person_chooser_select     (LinliPersonChooser *self,
                                                     guint               position);

G_END_DECLS
