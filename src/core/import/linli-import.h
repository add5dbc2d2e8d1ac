/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "linli-db.h"
#include "linli-import-mapping.h"
#include "linli-sheet.h"

G_BEGIN_DECLS

/* One finding of the validation: a bad row, or a warning that does not
 * keep the row out. */
typedef enum
{
  LINLI_IMPORT_WARNING,
  LINLI_IMPORT_ERROR_ROW,
} LinliImportSeverity;

#define LINLI_TYPE_IMPORT_ISSUE (linli_import_issue_get_type ())

G_DECLARE_FINAL_TYPE (LinliImportIssue, linli_import_issue, LINLI, IMPORT_ISSUE, GObject)

guint                linli_import_issue_get_row      (LinliImportIssue *self);
const char          *linli_import_issue_get_name     (LinliImportIssue *self);
const char          *linli_import_issue_get_message  (LinliImportIssue *self);
LinliImportSeverity  linli_import_issue_get_severity (LinliImportIssue *self);

typedef enum
{
  LINLI_IMPORT_FLAGS_NONE         = 0,
  LINLI_IMPORT_FLAGS_SKIP_INVALID = 1 << 0, /* import the good rows, leave the bad ones out */
} LinliImportFlags;

typedef struct
{
  guint created;            /* residents added */
  guint updated;            /* residents already there whose record changed */
  guint unchanged;          /* residents already there, the same */
  guint skipped;            /* bad rows left out */
  guint households_created;
  guint buildings_created;
  guint units_created;
  guint grids_created;
  guint compounds_created;
  guint tags_created;
  gboolean community_created;
  char *community_id;
} LinliImportResult;

void linli_import_result_clear (LinliImportResult *result);

/* Called every few hundred rows, in the thread that runs the import. */
typedef void (*LinliImportProgressFunc) (guint    done,
                                         guint    total,
                                         gpointer user_data);

#define LINLI_TYPE_IMPORT (linli_import_get_type ())

G_DECLARE_FINAL_TYPE (LinliImport, linli_import, LINLI, IMPORT, GObject)

LinliImport        *linli_import_new                (LinliSheet              *sheet,
                                                     GError                 **error);
LinliImport        *linli_import_new_for_file       (const char              *path,
                                                     GError                 **error);
LinliImport        *linli_import_new_for_file_sheet (const char              *path,
                                                     const char              *sheet_name,
                                                     GError                 **error);
char               *linli_import_describe_sheets    (LinliImport             *self);
LinliSheet         *linli_import_get_sheet          (LinliImport             *self);
LinliImportMapping *linli_import_get_mapping        (LinliImport             *self);

void                linli_import_validate           (LinliImport             *self);
GListModel         *linli_import_get_issues         (LinliImport             *self);
guint               linli_import_get_n_records      (LinliImport             *self);
guint               linli_import_get_n_valid        (LinliImport             *self);
guint               linli_import_get_n_invalid      (LinliImport             *self);
guint               linli_import_get_n_warnings     (LinliImport             *self);
char               *linli_import_format_report      (LinliImport             *self);

gboolean            linli_import_run                (LinliImport             *self,
                                                     LinliDb                 *db,
                                                     const char              *community_id,
                                                     const char              *community_name,
                                                     LinliImportFlags         flags,
                                                     GCancellable            *cancellable,
                                                     LinliImportProgressFunc  progress,
                                                     gpointer                 user_data,
                                                     LinliImportResult       *result,
                                                     GError                 **error);

guint               linli_import_get_n_timings      (LinliImport             *self);
const char         *linli_import_get_timing         (LinliImport             *self,
                                                     guint                    index,
                                                     double                  *ms);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (LinliImportResult, linli_import_result_clear)

G_END_DECLS
