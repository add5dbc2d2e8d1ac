/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "linli-db.h"

G_BEGIN_DECLS

#define LINLI_TYPE_SEARCH_RESULTS (linli_search_results_get_type ())

G_DECLARE_FINAL_TYPE (LinliSearchResults, linli_search_results, LINLI, SEARCH_RESULTS, GtkWidget)

void     linli_search_results_set_context  (LinliSearchResults *self,
                                            LinliDb            *db,
                                            const char         *community_id);
guint    linli_search_results_search       (LinliSearchResults *self,
                                            const char         *text);
gboolean linli_search_results_activate_first (LinliSearchResults *self);
gboolean linli_search_results_focus_first  (LinliSearchResults *self);

G_END_DECLS
