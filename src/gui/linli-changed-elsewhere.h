/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "linli-db.h"

G_BEGIN_DECLS

#define LINLI_TYPE_CHANGED_ELSEWHERE (linli_changed_elsewhere_get_type ())

G_DECLARE_FINAL_TYPE (LinliChangedElsewhere, linli_changed_elsewhere, LINLI, CHANGED_ELSEWHERE, AdwBin)

void linli_changed_elsewhere_show_record (LinliChangedElsewhere *self,
                                          LinliDb               *db,
                                          const char            *table,
                                          const char            *row);

G_END_DECLS
