/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "linli-sheet.h"

G_BEGIN_DECLS

LinliSheetRow *_linli_sheet_append_row (LinliSheet    *sheet,
                                        guint          number);
void           _linli_sheet_row_set    (LinliSheet    *sheet,
                                        LinliSheetRow *row,
                                        guint          column,
                                        const char    *value,
                                        gssize         length);
void           _linli_sheet_row_set_kept (LinliSheetRow *row,
                                        guint          column,
                                        const char    *value);
void           _linli_sheet_finish     (LinliSheet    *sheet);
gboolean       _linli_sheet_cell_ok    (const char    *value,
                                        gsize          length,
                                        guint          row,
                                        guint          column,
                                        GError       **error);

G_END_DECLS
