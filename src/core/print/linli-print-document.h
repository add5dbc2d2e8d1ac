/* linli-print-document.h: sheets laid out on pages, drawn on any cairo context
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>
#include <gio/gio.h>

#include "linli-db.h"
#include "linli-print-sheet.h"

G_BEGIN_DECLS

#define LINLI_TYPE_PRINT_DOCUMENT (linli_print_document_get_type ())

G_DECLARE_FINAL_TYPE (LinliPrintDocument, linli_print_document, LINLI, PRINT_DOCUMENT, GObject)

/* Margins that office printers do not cut: 15 mm all round (at least 12). */
#define LINLI_PRINT_MARGIN_MM 15.0

typedef void (*LinliPrintProgressFunc) (guint    done,
                                        guint    total,
                                        gpointer user_data);

LinliPrintDocument *linli_print_document_new          (LinliDb                 *db,
                                                       const LinliSheetRequest *request,
                                                       GError                 **error);
LinliPrintDocument *linli_print_document_new_for_kind (LinliDb                 *db,
                                                       const LinliSheetKind    *kind,
                                                       const LinliSheetRequest *request,
                                                       GError                 **error);

const LinliSheetRequest *linli_print_document_get_request (LinliPrintDocument *self);
const char  *linli_print_document_get_title       (LinliPrintDocument *self);
guint        linli_print_document_get_n_sheets    (LinliPrintDocument *self);
const char  *linli_print_document_get_sheet_title (LinliPrintDocument *self,
                                                   guint               sheet);

/* Pagination for a page of WIDTH x HEIGHT points. _step() lays out up to
 * MAX_SHEETS sheets and returns TRUE when every sheet is done, so that a
 * print dialog stays responsive over hundreds of sheets. */
void         linli_print_document_begin_pagination (LinliPrintDocument *self,
                                                    double              width,
                                                    double              height);
gboolean     linli_print_document_paginate_step   (LinliPrintDocument *self,
                                                   guint               max_sheets);
void         linli_print_document_paginate        (LinliPrintDocument *self,
                                                   double              width,
                                                   double              height);
guint        linli_print_document_get_n_pages     (LinliPrintDocument *self);
guint        linli_print_document_get_page_sheet  (LinliPrintDocument *self,
                                                   guint               page);

/* Draws page PAGE with its top-left corner at the origin of CR, whose
 * user unit must be the point (1/72 inch). */
void         linli_print_document_render_page     (LinliPrintDocument *self,
                                                   cairo_t            *cr,
                                                   guint               page);

gboolean     linli_print_document_write_pdf       (LinliPrintDocument     *self,
                                                   const char             *path,
                                                   GCancellable           *cancellable,
                                                   LinliPrintProgressFunc  progress,
                                                   gpointer                progress_data,
                                                   GError                **error);

G_END_DECLS
