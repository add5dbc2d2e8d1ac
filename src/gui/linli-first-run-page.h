/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "linli-db.h"

G_BEGIN_DECLS

#define LINLI_TYPE_FIRST_RUN_PAGE (linli_first_run_page_get_type ())

G_DECLARE_FINAL_TYPE (LinliFirstRunPage, linli_first_run_page, LINLI, FIRST_RUN_PAGE, AdwBin)

void linli_first_run_page_set_db (LinliFirstRunPage *self,
                                  LinliDb           *db);

G_END_DECLS
