/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "linli-db.h"
#include "linli-print-sheet.h"

G_BEGIN_DECLS

#define LINLI_TYPE_BATCH_PRINT_DIALOG (linli_batch_print_dialog_get_type ())

G_DECLARE_FINAL_TYPE (LinliBatchPrintDialog, linli_batch_print_dialog, LINLI, BATCH_PRINT_DIALOG, AdwWindow)

LinliBatchPrintDialog   *linli_batch_print_dialog_new          (GtkWindow             *parent,
                                                                LinliDb               *db);
gboolean                 linli_batch_print_dialog_select       (LinliBatchPrintDialog *self,
                                                                const char            *kind,
                                                                LinliSheetScope        scope,
                                                                const char            *scope_id);
LinliSheetRequest       *linli_batch_print_dialog_dup_request  (LinliBatchPrintDialog *self);
GtkPrintOperationResult  linli_batch_print_dialog_export       (LinliBatchPrintDialog *self,
                                                                const char            *path);
gboolean                 linli_batch_print_dialog_get_progress (LinliBatchPrintDialog *self,
                                                                guint                 *pages_done,
                                                                guint                 *pages_total);
void                     linli_batch_print_dialog_stop         (LinliBatchPrintDialog *self);

G_END_DECLS
