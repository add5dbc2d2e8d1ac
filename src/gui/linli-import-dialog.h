/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define LINLI_TYPE_IMPORT_DIALOG (linli_import_dialog_get_type ())

G_DECLARE_FINAL_TYPE (LinliImportDialog, linli_import_dialog, LINLI, IMPORT_DIALOG, AdwWindow)

LinliImportDialog *linli_import_dialog_new           (GtkWindow         *parent,
                                                      const char        *db_path);
void               linli_import_dialog_set_community (LinliImportDialog *self,
                                                      const char        *community_id);
gboolean           linli_import_dialog_open_file     (LinliImportDialog *self,
                                                      GFile             *file);
gboolean           linli_import_dialog_open_sheet    (LinliImportDialog *self,
                                                      const char        *sheet);
void               linli_import_dialog_start_import  (LinliImportDialog *self);
const char        *linli_import_dialog_get_page      (LinliImportDialog *self);

G_END_DECLS
