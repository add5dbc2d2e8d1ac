/* linli-csv-reader.c: comma-separated ledgers, whatever saved them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Excel and WPS on Chinese Windows save "CSV" in GBK unless told "CSV
 * UTF-8", which adds a BOM; "Unicode text" is UTF-16 with tabs. We tell
 * which without asking: a BOM, else valid UTF-8, else GB18030 (a superset
 * of GBK) when the text reads as common Chinese. Anything else is refused
 * with the place of the first byte we could not read.
 */

#define G_LOG_DOMAIN "linli-import"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "linli-sheet-private.h"

static guint
line_of_offset (const guint8 *data,
                gsize         offset)
{
  guint line = 1;

  for (gsize i = 0; i < offset; i++)
    if (data[i] == '\n')
      line++;
  return line;
}

/* Text that a ledger holds: no NUL, hardly any control characters. */
static gboolean
looks_like_text (const guint8 *data,
                 gsize         length)
{
  gsize controls = 0;

  for (gsize i = 0; i < length; i++)
    {
      guint8 c = data[i];

      if (c == 0)
        return FALSE;
      if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f')
        controls++;
    }
  return controls * 100 <= length;
}

/* GB2312's rows: symbols A1-A9, hanzi B0-F7, each with a trail in A1-FE.
 * Real Chinese text in GBK stays almost entirely there; Latin-1, Shift-JIS
 * or random bytes read as GBK land mostly elsewhere. */
static gboolean
reads_as_common_chinese (const guint8 *data,
                         gsize         length)
{
  gsize common = 0, other = 0;

  for (gsize i = 0; i < length; i++)
    {
      guint8 c = data[i];

      if (c < 0x80)
        continue;
      if (i + 1 < length)
        {
          guint8 t = data[i + 1];

          if (((c >= 0xA1 && c <= 0xA9) || (c >= 0xB0 && c <= 0xF7)) && t >= 0xA1 && t <= 0xFE)
            common++;
          else
            other++;
          /* A four-byte GB18030 sequence: lead, digit, lead, digit. */
          if (i + 3 < length && t >= 0x30 && t <= 0x39)
            i += 3;
          else
            i++;
        }
      else
        other++;
    }
  return common > 0 && common * 10 >= (common + other) * 9;
}

static char *
to_utf8 (const guint8  *data,
         gsize          length,
         char         **encoding,
         GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  const char *from = NULL;
  gsize skip = 0;
  gsize read = 0, written = 0;
  char *out;

  if (length >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    {
      from = "UTF-8";
      skip = 3;
    }
  else if (length >= 2 && memcmp (data, "\xFF\xFE", 2) == 0)
    {
      from = "UTF-16LE";
      skip = 2;
    }
  else if (length >= 2 && memcmp (data, "\xFE\xFF", 2) == 0)
    {
      from = "UTF-16BE";
      skip = 2;
    }

  data += skip;
  length -= skip;

  if (from == NULL || g_str_equal (from, "UTF-8"))
    {
      const char *end = NULL;

      if (!looks_like_text (data, length))
        {
          gsize zeros[2] = { 0, 0 };

          /* Text in UTF-16 without its byte order mark: every other byte
           * of Chinese and ASCII alike is mostly NUL. */
          for (gsize i = 0; i < MIN (length, 4096); i++)
            if (data[i] == 0)
              zeros[i % 2]++;
          if (length >= 4 && (zeros[0] * 4 > MIN (length, 4096) / 2 || zeros[1] * 4 > MIN (length, 4096) / 2))
            {
              g_set_error_literal (error, LINLI_IMPORT_ERROR, LINLI_IMPORT_ERROR_ENCODING,
                                   _("The text seems to be UTF-16 without the mark that says so, and "
                                     "cannot be read safely. Save the file from Excel or WPS as "
                                     "“CSV UTF-8” and import that file."));
              return NULL;
            }
          g_set_error_literal (error, LINLI_IMPORT_ERROR, LINLI_IMPORT_ERROR_NOT_SPREADSHEET,
                               _("This is not a spreadsheet: it is neither an .xlsx workbook nor a "
                                 "text table (.csv). Choose the ledger saved from Excel or WPS."));
          return NULL;
        }
      if (g_utf8_validate ((const char *) data, (gssize) length, &end))
        {
          *encoding = g_strdup ("UTF-8");
          return g_strndup ((const char *) data, length);
        }
      if (from != NULL)
        {
          gsize at = (gsize) ((const guint8 *) end - data);

          g_set_error (error, LINLI_IMPORT_ERROR, LINLI_IMPORT_ERROR_ENCODING,
                       _("The file says it is UTF-8 but line %u is not (byte %u). "
                         "Save it again from Excel or WPS as “CSV UTF-8” and import that file."),
                       line_of_offset (data, at), (guint) (at + skip + 1));
          return NULL;
        }

      /* Mostly common hanzi, or a few rare ones (生僻字 of names) in a
       * small file whose header reads 姓名 once converted. */
      out = g_convert ((const char *) data, (gssize) length, "UTF-8", "GB18030",
                       &read, &written, NULL);
      if (out != NULL && (reads_as_common_chinese (data, length) || strstr (out, "姓名") != NULL))
        {
          *encoding = g_strdup ("GB18030");
          return out;
        }
      g_clear_pointer (&out, g_free);

      {
        gsize at = (gsize) ((const guint8 *) end - data);

        g_set_error (error, LINLI_IMPORT_ERROR, LINLI_IMPORT_ERROR_ENCODING,
                     _("The text’s encoding is neither UTF-8 nor GBK/GB18030: line %u cannot be "
                       "read (byte %u is 0x%02X). Save the file from Excel or WPS "
                       "as “CSV UTF-8” and import that file."),
                     line_of_offset (data, at), (guint) (at + 1), data[at]);
        return NULL;
      }
    }

  out = g_convert ((const char *) data, (gssize) length, "UTF-8", from, &read, &written, &local_error);
  if (out == NULL)
    {
      g_set_error (error, LINLI_IMPORT_ERROR, LINLI_IMPORT_ERROR_ENCODING,
                   _("The file says it is %s but byte %u cannot be read as such. "
                     "Save it again from Excel or WPS as “CSV UTF-8”."),
                   from, (guint) (read + skip + 1));
      return NULL;
    }
  if (!looks_like_text ((const guint8 *) out, written))
    {
      g_free (out);
      g_set_error_literal (error, LINLI_IMPORT_ERROR, LINLI_IMPORT_ERROR_NOT_SPREADSHEET,
                           _("This is not a spreadsheet: it is neither an .xlsx workbook nor a "
                             "text table (.csv). Choose the ledger saved from Excel or WPS."));
      return NULL;
    }
  *encoding = g_strdup (from);
  return out;
}

/* The separator that the first lines use most, outside quotes. */
static char
guess_separator (const char *text)
{
  static const char candidates[] = { ',', '\t', ';' };
  gsize counts[G_N_ELEMENTS (candidates)] = { 0 };
  gboolean quoted = FALSE;
  guint lines = 0;
  char best = ',';
  gsize best_count = 0;

  for (const char *p = text; *p && lines < 20; p++)
    {
      if (*p == '"')
        quoted = !quoted;
      else if (!quoted && *p == '\n')
        lines++;
      else if (!quoted)
        for (guint i = 0; i < G_N_ELEMENTS (candidates); i++)
          if (*p == candidates[i])
            counts[i]++;
    }

  for (guint i = 0; i < G_N_ELEMENTS (candidates); i++)
    if (counts[i] > best_count)
      {
        best = candidates[i];
        best_count = counts[i];
      }
  return best;
}

static gboolean
parse (LinliSheet  *sheet,
       const char  *text,
       gsize        length,
       GError     **error)
{
  const char sep = guess_separator (text);
  const char *p = text, *end = text + length;
  g_autoptr(GString) cell = g_string_new (NULL);
  LinliSheetRow *row = NULL;
  guint number = 0, column = 0;

  while (p < end)
    {
      gboolean quoted = FALSE;
      guint cell_row;

      if (row == NULL)
        {
          if (number >= LINLI_SHEET_MAX_ROWS)
            {
              g_set_error (error, LINLI_IMPORT_ERROR, LINLI_IMPORT_ERROR_TOO_LARGE,
                           _("The file has more than %d rows, more than a spreadsheet can hold"),
                           LINLI_SHEET_MAX_ROWS);
              return FALSE;
            }
          row = _linli_sheet_append_row (sheet, ++number);
          column = 0;
        }
      cell_row = number;

      /* An unquoted cell is a slice of the text, copied once. */
      if (*p != '"')
        {
          const char *start = p;

          while (p < end && *p != sep && *p != '\n' && *p != '\r')
            p++;
          if (column >= LINLI_SHEET_MAX_COLUMNS)
            {
              g_set_error (error, LINLI_IMPORT_ERROR, LINLI_IMPORT_ERROR_TOO_LARGE,
                           _("Row %u has more than %d columns, more than a spreadsheet can hold"),
                           cell_row, LINLI_SHEET_MAX_COLUMNS);
              return FALSE;
            }
          if (!_linli_sheet_cell_ok (start, (gsize) (p - start), cell_row, column, error))
            return FALSE;
          if (p > start)
            _linli_sheet_row_set (sheet, row, column, start, p - start);
          goto next;
        }

      g_string_truncate (cell, 0);
      if (*p == '"')
        {
          quoted = TRUE;
          p++;
          for (;;)
            {
              const char *q = memchr (p, '"', (gsize) (end - p));

              if (q == NULL)
                {
                  g_autofree char *col = linli_sheet_column_name (column);

                  g_set_error (error, LINLI_IMPORT_ERROR, LINLI_IMPORT_ERROR_CORRUPT,
                               _("Row %u, column %s: a cell opens with a quotation mark (\") "
                                 "that is never closed; the file is cut short or damaged"),
                               cell_row, col);
                  return FALSE;
                }
              g_string_append_len (cell, p, q - p);
              p = q + 1;
              if (p < end && *p == '"')
                {
                  g_string_append_c (cell, '"');
                  p++;
                  continue;
                }
              break;
            }
          /* Anything between the closing quote and the separator is kept,
           * as Excel does. */
        }

      while (p < end && *p != sep && *p != '\n' && *p != '\r')
        {
          const char *stop = p;

          while (stop < end && *stop != sep && *stop != '\n' && *stop != '\r')
            stop++;
          g_string_append_len (cell, p, stop - p);
          p = stop;
        }

      if (column >= LINLI_SHEET_MAX_COLUMNS)
        {
          g_set_error (error, LINLI_IMPORT_ERROR, LINLI_IMPORT_ERROR_TOO_LARGE,
                       _("Row %u has more than %d columns, more than a spreadsheet can hold"),
                       cell_row, LINLI_SHEET_MAX_COLUMNS);
          return FALSE;
        }
      if (!_linli_sheet_cell_ok (cell->str, cell->len, cell_row, column, error))
        return FALSE;
      if (cell->len > 0 || quoted)
        _linli_sheet_row_set (sheet, row, column, cell->str, (gssize) cell->len);

    next:
      column++;

      if (p >= end)
        break;
      if (*p == sep)
        {
          p++;
          if (p >= end)
            break;
          continue;
        }
      /* End of the record: \n, \r\n or a lone \r. */
      if (*p == '\r')
        p++;
      if (p < end && *p == '\n')
        p++;
      row = NULL;
    }

  return TRUE;
}

/**
 * linli_csv_read:
 * @data: the file's bytes
 *
 * Returns: (transfer full) (nullable): the sheet, its encoding in
 *   sheet->encoding
 */
LinliSheet *
linli_csv_read (const guint8  *data,
                gsize          length,
                GError       **error)
{
  g_autoptr(LinliSheet) sheet = NULL;
  g_autofree char *text = NULL;
  char *encoding = NULL;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  if (data == NULL)
    data = (const guint8 *) "";
  text = to_utf8 (data, length, &encoding, error);
  if (text == NULL)
    return NULL;

  sheet = linli_sheet_new (NULL);
  sheet->encoding = encoding;
  if (!parse (sheet, text, strlen (text), error))
    return NULL;

  _linli_sheet_finish (sheet);
  if (sheet->rows->len == 0)
    {
      g_set_error_literal (error, LINLI_IMPORT_ERROR, LINLI_IMPORT_ERROR_EMPTY,
                           _("The file is empty: it has no row with anything in it"));
      return NULL;
    }
  return g_steal_pointer (&sheet);
}
