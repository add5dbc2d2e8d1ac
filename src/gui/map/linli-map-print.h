/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "linli-map-floor-table.h"

G_BEGIN_DECLS

gboolean linli_map_print_table (GtkWindow        *parent,
                                LinliFloorTable  *table,
                                const char       *export_pdf,
                                GError          **error);

G_END_DECLS
