/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "linli-application.h"
#include "linli-db.h"

G_BEGIN_DECLS

#define LINLI_TYPE_WINDOW (linli_window_get_type ())

G_DECLARE_FINAL_TYPE (LinliWindow, linli_window, LINLI, WINDOW, AdwApplicationWindow)

LinliWindow *linli_window_new              (LinliApplication *application);
const char  *linli_window_get_visible_view (LinliWindow      *self);
void         linli_window_add_toast        (LinliWindow      *self,
                                            AdwToast         *toast);
gboolean     linli_window_open_db          (LinliWindow      *self,
                                            const char       *path);
void         linli_window_show_community   (LinliWindow      *self,
                                            const char       *community_id);
void         linli_window_show_record      (LinliWindow      *self,
                                            const char       *table,
                                            const char       *id);
const char  *linli_window_get_visible_page (LinliWindow    *self);
LinliDb     *linli_window_get_db           (LinliWindow      *self);
const char  *linli_window_get_community_id (LinliWindow      *self);

G_END_DECLS
