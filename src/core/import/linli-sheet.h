/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define LINLI_IMPORT_ERROR (linli_import_error_quark ())

typedef enum
{
  LINLI_IMPORT_ERROR_NOT_SPREADSHEET, /* not an .xlsx or a text table */
  LINLI_IMPORT_ERROR_OLD_FORMAT,      /* .xls, .et: save as .xlsx first */
  LINLI_IMPORT_ERROR_CORRUPT,         /* a damaged or truncated .xlsx */
  LINLI_IMPORT_ERROR_TOO_LARGE,       /* a zip bomb, a giant cell, too many rows */
  LINLI_IMPORT_ERROR_ENCODING,        /* a CSV in an encoding we cannot tell */
  LINLI_IMPORT_ERROR_EMPTY,           /* no sheet, or a sheet without rows */
  LINLI_IMPORT_ERROR_NO_HEADER,       /* no row names the columns */
  LINLI_IMPORT_ERROR_INVALID_ROWS,    /* rows with errors and no --skip-invalid */
  LINLI_IMPORT_ERROR_NOTHING,         /* no row to import */
  LINLI_IMPORT_ERROR_UNSUPPORTED,     /* a file name we cannot write */
} LinliImportError;

/* Excel's own limits: a cell holds 32,767 characters, a sheet 1,048,576
 * rows and 16,384 columns. */
#define LINLI_SHEET_MAX_CELL_CHARS 32767
#define LINLI_SHEET_MAX_ROWS       1048576
#define LINLI_SHEET_MAX_COLUMNS    16384

typedef struct
{
  guint       number;   /* as the spreadsheet numbers it, from 1 */
  GPtrArray  *cells;    /* char * in sheet->strings, NULL for an empty cell */
} LinliSheetRow;

typedef struct
{
  char         *name;     /* the sheet's name, or the file's for a CSV */
  char         *file;     /* the file's name without extension, when read from a file */
  char         *encoding; /* of a CSV: "UTF-8", "GB18030", ...; NULL for .xlsx */
  char        **sheets;   /* of an .xlsx: the names of its visible sheets, in order; NULL for a CSV */
  GPtrArray    *rows;     /* LinliSheetRow *, in order, without empty rows */
  guint         n_columns;
  GStringChunk *strings;  /* the text of every cell */
} LinliSheet;

GQuark       linli_import_error_quark  (void);

LinliSheet  *linli_sheet_new           (const char   *name);
void         linli_sheet_free          (LinliSheet   *sheet);
const char  *linli_sheet_get_cell      (LinliSheet   *sheet,
                                        guint         row_index,
                                        guint         column);
char        *linli_sheet_column_name   (guint         column);

LinliSheet  *linli_xlsx_read           (const guint8 *data,
                                        gsize         length,
                                        GError      **error);
LinliSheet  *linli_xlsx_read_sheet     (const guint8 *data,
                                        gsize         length,
                                        const char   *name,
                                        GError      **error);
LinliSheet  *linli_csv_read            (const guint8 *data,
                                        gsize         length,
                                        GError      **error);
LinliSheet  *linli_sheet_read_file     (const char   *path,
                                        GError      **error);
LinliSheet  *linli_sheet_read_file_sheet (const char *path,
                                          const char *name,
                                          GError    **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LinliSheet, linli_sheet_free)

G_END_DECLS
