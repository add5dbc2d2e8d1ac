/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>

#include "linli-map-floor-table.h"

G_BEGIN_DECLS

/* The floor-by-room table of a building as a printed sheet for the grid
 * worker's folder: drawn with cairo and pango, so that the same pages go
 * to a printer (GtkPrintOperation) or to a PDF file. */
typedef struct _LinliMapSheet LinliMapSheet;

LinliMapSheet *linli_map_sheet_new        (LinliFloorTable  *table);
void           linli_map_sheet_free       (LinliMapSheet    *sheet);
int            linli_map_sheet_paginate   (LinliMapSheet    *sheet,
                                           double            page_width,
                                           double            page_height);
void           linli_map_sheet_draw_page  (LinliMapSheet    *sheet,
                                           cairo_t          *cr,
                                           int               page);
gboolean       linli_map_sheet_prefers_landscape (LinliMapSheet *sheet);
gboolean       linli_map_sheet_write_pdf  (LinliFloorTable  *table,
                                           const char       *path,
                                           GError          **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LinliMapSheet, linli_map_sheet_free)

G_END_DECLS
