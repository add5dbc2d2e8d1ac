/* linli-export.c: residents and their households to a spreadsheet
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The columns are those the import reads, so that an exported ledger
 * comes back without loss. .xlsx is written with libxlsxwriter: ID
 * numbers as text (a number would keep only 15 digits), birth dates as
 * dates, the header frozen. .csv is UTF-8 with a BOM and CRLF, which
 * Excel and WPS open in Chinese; the ID number gets a leading tab there,
 * so that they do not turn it into 4.20106E+17. ID numbers and phones are
 * masked unless the caller asks for them in full; a phone the resident
 * agreed to publish is always shown.
 */

#define G_LOG_DOMAIN "linli-import"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <xlsxwriter.h>

#include "linli-export.h"
#include "linli-format.h"
#include "linli-sheet.h"

typedef enum
{
  COL_SERIAL, COL_NAME, COL_GENDER, COL_ID, COL_BIRTH, COL_PHONE, COL_GRID, COL_COMPOUND,
  COL_BUILDING, COL_UNIT, COL_ROOM, COL_RELATION, COL_TAGS, COL_NOTES, N_COLS
} Column;

/* The headers real ledgers use: the import finds them by these names. */
static const struct { const char *header; double width; } columns[N_COLS] = {
  { "序号", 6 }, { "姓名", 10 }, { "性别", 6 }, { "身份证号码", 21 }, { "出生日期", 12 },
  { "联系电话", 14 }, { "所属网格", 10 }, { "小区", 12 }, { "楼栋", 7 }, { "单元", 6 },
  { "房号", 7 }, { "与户主关系", 11 }, { "人员类别", 18 }, { "备注", 24 },
};

static const char *query_sql =
  "SELECT p.name, p.gender, p.id_number, p.birth_date, p.phone, g.name, c.name, b.number, "
  "u.number, h.room, CASE WHEN h.head_id = p.id THEN '户主' ELSE p.relation END, "
  "(SELECT group_concat (t.name, '、') FROM (SELECT t.name FROM person_tag pt JOIN tag t ON t.id = pt.tag_id "
  "  WHERE pt.person_id = p.id AND pt.deleted = 0 AND t.deleted = 0 ORDER BY t.name) t), "
  "p.notes, p.consent_publish "
  "FROM person p "
  "LEFT JOIN household h ON h.id = p.household_id AND h.deleted = 0 "
  "LEFT JOIN unit u ON u.id = h.unit_id AND u.deleted = 0 "
  "LEFT JOIN building b ON b.id = u.building_id AND b.deleted = 0 "
  "LEFT JOIN grid g ON g.id = b.grid_id AND g.deleted = 0 "
  "LEFT JOIN compound c ON c.id = b.compound_id AND c.deleted = 0 "
  "WHERE p.deleted = 0 AND p.is_resident = 1 AND (?1 IS NULL OR p.community_id = ?1) "
  "ORDER BY g.number, g.name, c.name, length (b.number), b.number, u.number, h.floor, h.room, "
  "CASE WHEN h.head_id = p.id THEN 0 ELSE 1 END, p.birth_date, p.rowid";

typedef struct
{
  char *values[N_COLS];
} Row;

static void
fill_row (LinliQuery       *q,
          LinliExportFlags  flags,
          guint             serial,
          Row              *row)
{
  const char *gender = linli_query_get_string (q, 1);
  const char *id = linli_query_get_string (q, 2);
  const char *phone = linli_query_get_string (q, 4);
  gboolean consent = linli_query_get_int (q, 13) != 0;
  gboolean full = (flags & LINLI_EXPORT_FLAGS_FULL) != 0;

  row->values[COL_SERIAL] = g_strdup_printf ("%u", serial);
  row->values[COL_NAME] = linli_query_dup_string (q, 0);
  row->values[COL_GENDER] = g_strdup (g_strcmp0 (gender, "M") == 0 ? "男" : g_strcmp0 (gender, "F") == 0 ? "女" : NULL);
  row->values[COL_ID] = id == NULL || *id == '\0' ? NULL : full ? g_strdup (id) : linli_mask_id_number (id);
  row->values[COL_BIRTH] = linli_query_dup_string (q, 3);
  row->values[COL_PHONE] = phone == NULL || *phone == '\0' ? NULL : (full || consent) ? g_strdup (phone) : linli_mask_phone (phone);
  row->values[COL_GRID] = linli_query_dup_string (q, 5);
  row->values[COL_COMPOUND] = linli_query_dup_string (q, 6);
  row->values[COL_BUILDING] = linli_query_dup_string (q, 7);
  row->values[COL_UNIT] = linli_query_is_null (q, 8) ? NULL : g_strdup_printf ("%" G_GINT64_FORMAT, linli_query_get_int (q, 8));
  row->values[COL_ROOM] = linli_query_dup_string (q, 9);
  row->values[COL_RELATION] = linli_query_dup_string (q, 10);
  row->values[COL_TAGS] = linli_query_dup_string (q, 11);
  row->values[COL_NOTES] = linli_query_dup_string (q, 12);
}

static void
row_clear (Row *row)
{
  for (guint i = 0; i < N_COLS; i++)
    g_clear_pointer (&row->values[i], g_free);
}

static void
csv_field (GString    *out,
           const char *value,
           gboolean    as_text)
{
  if (value == NULL)
    return;
  if (as_text)
    g_string_append_c (out, '\t');
  if (strpbrk (value, ",\"\r\n") != NULL)
    {
      g_string_append_c (out, '"');
      for (const char *p = value; *p; p++)
        {
          if (*p == '"')
            g_string_append_c (out, '"');
          g_string_append_c (out, *p);
        }
      g_string_append_c (out, '"');
    }
  else
    g_string_append (out, value);
}

static gboolean
write_csv (LinliQuery        *q,
           LinliExportFlags   flags,
           const char        *tmp,
           guint             *n,
           GError           **error)
{
  g_autoptr(GString) out = g_string_new ("\xEF\xBB\xBF");
  g_autoptr(GError) local_error = NULL;

  for (guint c = 0; c < N_COLS; c++)
    {
      if (c > 0)
        g_string_append_c (out, ',');
      csv_field (out, columns[c].header, FALSE);
    }
  g_string_append (out, "\r\n");

  while (linli_query_next (q, &local_error))
    {
      Row row = { 0 };

      fill_row (q, flags, ++*n, &row);
      for (guint c = 0; c < N_COLS; c++)
        {
          if (c > 0)
            g_string_append_c (out, ',');
          csv_field (out, row.values[c], c == COL_ID && row.values[c] != NULL);
        }
      g_string_append (out, "\r\n");
      row_clear (&row);
    }
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  return g_file_set_contents_full (tmp, out->str, (gssize) out->len,
                                   G_FILE_SET_CONTENTS_CONSISTENT, 0600, error);
}

static gboolean
write_xlsx (LinliQuery        *q,
            LinliExportFlags   flags,
            const char        *tmp,
            guint             *n,
            GError           **error)
{
  g_autoptr(GError) local_error = NULL;
  lxw_workbook_options options = { .constant_memory = LXW_FALSE, .tmpdir = NULL };
  lxw_workbook *wb;
  lxw_worksheet *ws;
  lxw_format *header, *text, *date;
  lxw_error rc;
  lxw_row_t r = 0;

  wb = workbook_new_opt (tmp, &options);
  if (wb == NULL)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED, _("Cannot write %s"), tmp);
      return FALSE;
    }
  ws = workbook_add_worksheet (wb, _("Residents"));

  header = workbook_add_format (wb);
  format_set_bold (header);
  format_set_bg_color (header, 0xDDEBF7);
  format_set_border (header, LXW_BORDER_THIN);
  text = workbook_add_format (wb);
  format_set_num_format (text, "@");
  date = workbook_add_format (wb);
  format_set_num_format (date, "yyyy-mm-dd");

  for (guint c = 0; c < N_COLS; c++)
    {
      worksheet_set_column (ws, (lxw_col_t) c, (lxw_col_t) c, columns[c].width,
                            c == COL_ID || c == COL_PHONE || c == COL_ROOM || c == COL_BUILDING ? text : NULL);
      worksheet_write_string (ws, 0, (lxw_col_t) c, columns[c].header, header);
    }
  worksheet_freeze_panes (ws, 1, 0);

  while (linli_query_next (q, &local_error))
    {
      Row row = { 0 };

      r++;
      fill_row (q, flags, ++*n, &row);
      for (guint c = 0; c < N_COLS; c++)
        {
          const char *v = row.values[c];
          int y, m, d;

          if (v == NULL)
            continue;
          if (c == COL_SERIAL || c == COL_UNIT)
            worksheet_write_number (ws, r, (lxw_col_t) c, g_ascii_strtod (v, NULL), NULL);
          else if (c == COL_BIRTH && sscanf (v, "%4d-%2d-%2d", &y, &m, &d) == 3)
            {
              lxw_datetime dt = { .year = y, .month = m, .day = d };

              worksheet_write_datetime (ws, r, (lxw_col_t) c, &dt, date);
            }
          else
            worksheet_write_string (ws, r, (lxw_col_t) c, v,
                                    c == COL_ID || c == COL_PHONE || c == COL_ROOM || c == COL_BUILDING ? text : NULL);
        }
      row_clear (&row);
    }
  if (local_error != NULL)
    {
      workbook_close (wb);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (r > 0)
    worksheet_autofilter (ws, 0, 0, r, N_COLS - 1);

  rc = workbook_close (wb);
  if (rc != LXW_NO_ERROR)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED, _("Cannot write %s: %s"), tmp, lxw_strerror (rc));
      return FALSE;
    }
  return TRUE;
}

/**
 * linli_export_residents:
 * @community_id: (nullable): one community, or %NULL for every one
 * @path: an .xlsx or .csv file; written whole or not at all
 * @n_exported: (out) (optional): how many residents
 *
 * Returns: %TRUE when the file was written
 */
gboolean
linli_export_residents (LinliDb           *db,
                        const char        *community_id,
                        const char        *path,
                        LinliExportFlags   flags,
                        guint             *n_exported,
                        GError           **error)
{
  g_autoptr(LinliQuery) q = NULL;
  g_autofree char *lower = NULL;
  g_autofree char *tmp = NULL;
  gboolean xlsx, ok;
  guint n = 0;

  g_return_val_if_fail (LINLI_IS_DB (db), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  lower = g_ascii_strdown (path, -1);
  xlsx = g_str_has_suffix (lower, ".xlsx");
  if (!xlsx && !g_str_has_suffix (lower, ".csv"))
    {
      g_autofree char *display = g_filename_display_basename (path);

      g_set_error (error, LINLI_IMPORT_ERROR, LINLI_IMPORT_ERROR_UNSUPPORTED,
                   _("Cannot tell the format of “%s”: name the file .xlsx or .csv"), display);
      return FALSE;
    }

  q = linli_db_query (db, error, query_sql, "s", community_id);
  if (q == NULL)
    return FALSE;

  /* Beside the target, so that the rename is atomic and a failed export
   * leaves no half-written ledger behind. */
  tmp = g_strdup_printf ("%s.tmp-%d%s", path, (int) getpid (), xlsx ? ".xlsx" : ".csv");
  ok = xlsx ? write_xlsx (q, flags, tmp, &n, error) : write_csv (q, flags, tmp, &n, error);
  if (ok && g_rename (tmp, path) != 0)
    {
      int saved = errno;
      g_autofree char *display = g_filename_display_name (path);

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   _("Cannot write “%s”: %s"), display, g_strerror (saved));
      ok = FALSE;
    }
  if (!ok)
    g_unlink (tmp);
  else if (n_exported != NULL)
    *n_exported = n;
  return ok;
}
