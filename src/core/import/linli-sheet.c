/* linli-sheet.c: a table read from a spreadsheet file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The readers (linli-xlsx-reader.c, linli-csv-reader.c) turn a file into
 * rows of UTF-8 strings numbered as the spreadsheet numbers them, so that
 * every message can say "row 12". Nothing here touches the database.
 */

#define G_LOG_DOMAIN "linli-import"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "linli-sheet-private.h"

/* The largest file we read into memory: a ledger of a whole street is a
 * few megabytes. */
#define MAX_FILE_SIZE (256 * 1024 * 1024)

G_DEFINE_QUARK (linli-import-error-quark, linli_import_error)

LinliSheet *
linli_sheet_new (const char *name)
{
  LinliSheet *sheet = g_new0 (LinliSheet, 1);

  sheet->name = g_strdup (name);
  sheet->rows = g_ptr_array_new ();
  sheet->strings = g_string_chunk_new (64 * 1024);
  return sheet;
}

static void
row_free (LinliSheetRow *row)
{
  g_ptr_array_unref (row->cells);
  g_free (row);
}

void
linli_sheet_free (LinliSheet *sheet)
{
  if (sheet == NULL)
    return;

  for (guint i = 0; i < sheet->rows->len; i++)
    row_free (g_ptr_array_index (sheet->rows, i));
  g_ptr_array_unref (sheet->rows);
  g_string_chunk_free (sheet->strings);
  g_free (sheet->name);
  g_free (sheet->encoding);
  g_free (sheet->file);
  g_strfreev (sheet->sheets);
  g_free (sheet);
}

/**
 * linli_sheet_get_cell:
 * @row_index: the index in @sheet->rows (not the row number)
 *
 * Returns: (nullable): the cell's text, %NULL when it is empty
 */
const char *
linli_sheet_get_cell (LinliSheet *sheet,
                      guint       row_index,
                      guint       column)
{
  LinliSheetRow *row;

  g_return_val_if_fail (sheet != NULL, NULL);

  if (row_index >= sheet->rows->len)
    return NULL;
  row = g_ptr_array_index (sheet->rows, row_index);
  if (column >= row->cells->len)
    return NULL;
  return g_ptr_array_index (row->cells, column);
}

/**
 * linli_sheet_column_name:
 * @column: from 0
 *
 * Returns: (transfer full): the column's letters as Excel shows them: A, Z, AA
 */
char *
linli_sheet_column_name (guint column)
{
  char buf[8];
  int i = (int) sizeof buf - 1;

  buf[i] = '\0';
  column++;
  while (column > 0 && i > 0)
    {
      guint rem = (column - 1) % 26;

      buf[--i] = (char) ('A' + rem);
      column = (column - 1) / 26;
    }
  return g_strdup (buf + i);
}

LinliSheetRow *
_linli_sheet_append_row (LinliSheet *sheet,
                         guint       number)
{
  LinliSheetRow *row = g_new0 (LinliSheetRow, 1);

  row->number = number;
  row->cells = g_ptr_array_new ();
  g_ptr_array_add (sheet->rows, row);
  return row;
}

/**
 * _linli_sheet_row_set_kept:
 * @value: (nullable): text in the sheet's strings, or %NULL
 *
 * An empty string is stored as %NULL.
 */
void
_linli_sheet_row_set_kept (LinliSheetRow *row,
                           guint          column,
                           const char    *value)
{
  if (value != NULL && *value == '\0')
    value = NULL;

  if (column >= row->cells->len)
    {
      if (value == NULL)
        return;
      g_ptr_array_set_size (row->cells, (int) column + 1);
    }
  g_ptr_array_index (row->cells, column) = (gpointer) value;
}

/**
 * _linli_sheet_row_set:
 * @value: (nullable): the cell's text, copied into the sheet's strings
 * @length: its length in bytes, or -1
 */
void
_linli_sheet_row_set (LinliSheet    *sheet,
                      LinliSheetRow *row,
                      guint          column,
                      const char    *value,
                      gssize         length)
{
  if (value != NULL && length != 0 && *value != '\0')
    value = g_string_chunk_insert_len (sheet->strings, value, length);
  else
    value = NULL;
  _linli_sheet_row_set_kept (row, column, value);
}

static gboolean
row_is_blank (LinliSheetRow *row)
{
  for (guint i = 0; i < row->cells->len; i++)
    {
      const char *c = g_ptr_array_index (row->cells, i);

      if (c == NULL)
        continue;
      for (const char *p = c; *p; p = g_utf8_next_char (p))
        if (!g_unichar_isspace (g_utf8_get_char (p)))
          return FALSE;
    }
  return TRUE;
}

/* Drops blank rows and counts the columns. */
void
_linli_sheet_finish (LinliSheet *sheet)
{
  guint kept = 0;

  sheet->n_columns = 0;
  for (guint i = 0; i < sheet->rows->len; i++)
    {
      LinliSheetRow *row = g_ptr_array_index (sheet->rows, i);

      if (row_is_blank (row))
        {
          row_free (row);
          continue;
        }
      sheet->n_columns = MAX (sheet->n_columns, row->cells->len);
      g_ptr_array_index (sheet->rows, kept++) = row;
    }
  g_ptr_array_set_size (sheet->rows, (int) kept);
}

/* A cell must be UTF-8 (the readers convert) and no longer than Excel
 * allows: a 1 MB "cell" is not a ledger. */
gboolean
_linli_sheet_cell_ok (const char  *value,
                      gsize        length,
                      guint        row,
                      guint        column,
                      GError     **error)
{
  glong chars;

  if (length <= LINLI_SHEET_MAX_CELL_CHARS)
    return TRUE;

  chars = g_utf8_strlen (value, (gssize) length);
  if (chars > LINLI_SHEET_MAX_CELL_CHARS)
    {
      g_autofree char *col = linli_sheet_column_name (column);

      g_set_error (error, LINLI_IMPORT_ERROR, LINLI_IMPORT_ERROR_TOO_LARGE,
                   _("Cell %s%u holds %ld characters; a cell of a ledger holds at most %d. "
                     "Is this the right file?"),
                   col, row, chars, LINLI_SHEET_MAX_CELL_CHARS);
      return FALSE;
    }
  return TRUE;
}

static gboolean
has_prefix (const guint8 *data,
            gsize         length,
            const char   *magic,
            gsize         magic_len)
{
  return length >= magic_len && memcmp (data, magic, magic_len) == 0;
}

/**
 * linli_sheet_read_file:
 * @path: an .xlsx or a .csv (or .txt) file
 *
 * Reads the first visible sheet of a workbook, or a CSV in any of the
 * encodings Chinese offices use. The kind is told by the content, not
 * the file name: a CSV renamed to .xlsx is still read.
 *
 * Returns: (transfer full) (nullable): the sheet, or %NULL with @error
 *   set to a message that says what is wrong and where
 */
LinliSheet *
linli_sheet_read_file (const char  *path,
                       GError     **error)
{
  return linli_sheet_read_file_sheet (path, NULL, error);
}

/**
 * linli_sheet_read_file_sheet:
 * @name: (nullable): the sheet of a workbook to read; %NULL for the first
 *   visible one. A CSV has one, whatever @name says.
 *
 * Returns: (transfer full) (nullable): the sheet
 */
LinliSheet *
linli_sheet_read_file_sheet (const char  *path,
                             const char  *name,
                             GError     **error)
{
  g_autoptr(GMappedFile) mapped = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *display = NULL;
  g_autofree char *base = NULL;
  const guint8 *data;
  gsize length;
  LinliSheet *sheet;

  g_return_val_if_fail (path != NULL, NULL);

  display = g_filename_display_name (path);
  base = g_filename_display_basename (path);

  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, LINLI_IMPORT_ERROR, LINLI_IMPORT_ERROR_NOT_SPREADSHEET,
                   _("“%s” is a folder, not a spreadsheet"), display);
      return NULL;
    }

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT, _("There is no file “%s”"), display);
      return NULL;
    }

  mapped = g_mapped_file_new (path, FALSE, &local_error);
  if (mapped == NULL)
    {
      g_set_error (error, G_FILE_ERROR, local_error->code,
                   _("Cannot read “%s”: %s"), display, local_error->message);
      return NULL;
    }

  data = (const guint8 *) g_mapped_file_get_contents (mapped);
  length = g_mapped_file_get_length (mapped);

  if (length > MAX_FILE_SIZE)
    {
      g_set_error (error, LINLI_IMPORT_ERROR, LINLI_IMPORT_ERROR_TOO_LARGE,
                   _("“%s” is %u MB: too large for a ledger (at most %d MB)"),
                   display, (guint) (length / (1024 * 1024)), MAX_FILE_SIZE / (1024 * 1024));
      return NULL;
    }

  if (length == 0)
    {
      g_set_error (error, LINLI_IMPORT_ERROR, LINLI_IMPORT_ERROR_EMPTY,
                   _("“%s” is empty: the file has nothing in it"), display);
      return NULL;
    }

  if (has_prefix (data, length, "PK\003\004", 4) || has_prefix (data, length, "PK\005\006", 4))
    sheet = linli_xlsx_read_sheet (data, length, name, &local_error);
  else if (has_prefix (data, length, "\320\317\021\340\241\261\032\341", 8))
    {
      g_set_error (error, LINLI_IMPORT_ERROR, LINLI_IMPORT_ERROR_OLD_FORMAT,
                   _("“%s” is an old Excel 97–2003 (.xls) or WPS (.et) workbook, or one protected with "
                     "a password. Open it in Excel or WPS, remove any password and save it as .xlsx, "
                     "then import that file."),
                   display);
      return NULL;
    }
  else
    sheet = linli_csv_read (data, length, &local_error);

  if (sheet == NULL)
    {
      g_set_error (error, LINLI_IMPORT_ERROR, local_error->code,
                   "%s: %s", base, local_error->message);
      return NULL;
    }

  {
    char *dot;

    sheet->file = g_strdup (base);
    dot = strrchr (sheet->file, '.');
    if (dot != NULL && dot != sheet->file)
      *dot = '\0';
    if (sheet->encoding != NULL || sheet->name == NULL)
      {
        g_free (sheet->name);
        sheet->name = g_strdup (sheet->file);
      }
  }

  return sheet;
}
