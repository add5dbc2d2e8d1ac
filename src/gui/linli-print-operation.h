/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "linli-db.h"
#include "linli-print-document.h"
#include "linli-print-sheet.h"

G_BEGIN_DECLS

#define LINLI_TYPE_PRINT_OPERATION (linli_print_operation_get_type ())

G_DECLARE_FINAL_TYPE (LinliPrintOperation, linli_print_operation, LINLI, PRINT_OPERATION, GtkPrintOperation)

LinliPrintOperation     *linli_print_operation_new          (LinliDb                 *db,
                                                             const LinliSheetRequest *request);
const LinliSheetRequest *linli_print_operation_get_request  (LinliPrintOperation     *self);
LinliPrintDocument      *linli_print_operation_get_document (LinliPrintOperation     *self);
gboolean                 linli_print_operation_take_error   (LinliPrintOperation     *self,
                                                             GError                 **error);
void                     linli_print_operation_save_settings (LinliPrintOperation    *self);

gboolean                 linli_print_sheet                  (GtkWindow               *parent,
                                                             LinliDb                 *db,
                                                             const LinliSheetRequest *request);
void                     linli_print_show_error             (GtkWindow               *parent,
                                                             const GError            *error);

G_END_DECLS
