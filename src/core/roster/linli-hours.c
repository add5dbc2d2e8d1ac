/* linli-hours.c: the ledger of service hours, and the files it goes out in
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Districts collect volunteer hours on their platforms from spreadsheets:
 * the ledger goes out as .xlsx (libxlsxwriter) and as .csv in UTF-8 with
 * a byte-order mark, which is what Excel and WPS need to read Chinese
 * from a CSV file. Phones are masked unless the volunteer consented.
 */

#define G_LOG_DOMAIN "linli-roster"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <xlsxwriter.h>

#include "linli-format.h"
#include "linli-hours.h"
#include "linli-roster-private.h"
#include "linli-roster-time.h"
#include "linli-volunteer.h"

void
linli_hours_row_free (LinliHoursRow *row)
{
  if (row == NULL)
    return;
  g_free (row->volunteer_id);
  g_free (row->name);
  g_free (row->phone);
  g_free (row);
}

static int
compare_rows (gconstpointer a,
              gconstpointer b)
{
  const LinliHoursRow *x = *(LinliHoursRow * const *) a;
  const LinliHoursRow *y = *(LinliHoursRow * const *) b;

  if (x->total != y->total)
    return x->total > y->total ? -1 : 1;
  return 0;
}

/**
 * linli_hours_ledger:
 * @community_id: (nullable): one community, or every one in the file
 * @year: the calendar year
 * @team_id: (nullable): only this team's shifts and members
 *
 * Returns: (transfer full) (element-type LinliHoursRow): one row per
 *   active volunteer (of the team) and per volunteer with hours that
 *   year: most hours first, then by name
 */
GPtrArray *
linli_hours_ledger (LinliDb     *db,
                    const char  *community_id,
                    int          year,
                    const char  *team_id,
                    GError     **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) linli_hours_row_free);
  g_autoptr(GHashTable) by_id = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *first = g_strdup_printf ("%04d-01-01", year);
  g_autofree char *last = g_strdup_printf ("%04d-12-31", year);
  g_autoptr(LinliQuery) q = NULL;
  GError *local_error = NULL;

  g_return_val_if_fail (LINLI_IS_DB (db), NULL);

  q = linli_db_query (db, error,
    "SELECT v.id, p.name, p.phone, p.consent_publish FROM volunteer v JOIN person p ON p.id = v.person_id "
    "WHERE v.deleted = 0 AND p.deleted = 0 AND (?4 IS NULL OR v.community_id = ?4) AND ("
    "  (v.active = 1 AND (?1 IS NULL OR v.person_id IN (SELECT person_id FROM team_member "
    "     WHERE team_id = ?1 AND deleted = 0 AND left_on IS NULL)))"
    "  OR v.id IN (SELECT a.volunteer_id FROM assignment a JOIN shift s ON s.id = a.shift_id "
    "     WHERE a.deleted = 0 AND s.deleted = 0 AND a.status != 'planned' AND s.date BETWEEN ?2 AND ?3 "
    "     AND (?1 IS NULL OR s.team_id = ?1))) "
    "ORDER BY p.name COLLATE BINARY, v.id", "ssss", team_id, first, last, community_id);
  if (q == NULL)
    return NULL;
  while (linli_query_next (q, &local_error))
    {
      LinliHoursRow *row = g_new0 (LinliHoursRow, 1);

      row->volunteer_id = linli_query_dup_string (q, 0);
      row->name = linli_query_dup_string (q, 1);
      row->phone = linli_query_get_int (q, 3) ? g_strdup (linli_query_get_string (q, 2) ? linli_query_get_string (q, 2) : "")
                                              : linli_mask_phone (linli_query_get_string (q, 2));
      g_ptr_array_add (rows, row);
      g_hash_table_insert (by_id, row->volunteer_id, row);
    }
  if (local_error != NULL)
    goto fail;
  g_clear_pointer (&q, linli_query_free);

  q = linli_db_query (db, error,
    "SELECT a.volunteer_id, CAST (substr (s.date, 6, 2) AS INTEGER), a.status, "
    "sum (coalesce (a.hours, 0)), count (*) FROM assignment a JOIN shift s ON s.id = a.shift_id "
    "WHERE a.deleted = 0 AND s.deleted = 0 AND a.status != 'planned' AND s.date BETWEEN ?2 AND ?3 "
    "AND (?1 IS NULL OR s.team_id = ?1) GROUP BY 1, 2, 3", "sss", team_id, first, last);
  if (q == NULL)
    return NULL;
  while (linli_query_next (q, &local_error))
    {
      LinliHoursRow *row = g_hash_table_lookup (by_id, linli_query_get_string (q, 0));
      int month = (int) linli_query_get_int (q, 1);
      const char *status = linli_query_get_string (q, 2);

      if (row == NULL || month < 1 || month > 12)
        continue;
      if (g_strcmp0 (status, "absent") == 0)
        {
          row->n_absent += (guint) linli_query_get_int (q, 4);
          continue;
        }
      row->months[month - 1] += linli_query_get_double (q, 3);
      row->total += linli_query_get_double (q, 3);
      row->n_shifts += (guint) linli_query_get_int (q, 4);
    }
  if (local_error != NULL)
    goto fail;

  /* Those who served most first; then by name. */
  g_ptr_array_sort (rows, compare_rows);
  return g_steal_pointer (&rows);

fail:
  g_propagate_error (error, local_error);
  return NULL;
}

/* CSV ------------------------------------------------------------------- */

static void
csv_field (GString    *out,
           const char *value)
{
  gboolean quote;

  if (value == NULL)
    return;
  /* A leading = + or @ makes a spreadsheet run the cell as a formula. */
  if (value[0] == '=' || value[0] == '+' || value[0] == '@')
    {
      g_autofree char *safe = g_strconcat ("'", value, NULL);

      csv_field (out, safe);
      return;
    }
  quote = strpbrk (value, ",\"\r\n") != NULL;
  if (!quote)
    {
      g_string_append (out, value);
      return;
    }
  g_string_append_c (out, '"');
  for (const char *p = value; *p; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

void
_linli_roster_csv_row (GString            *out,
                       const char * const *fields,
                       guint               n_fields)
{
  for (guint i = 0; i < n_fields; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      csv_field (out, fields[i]);
    }
  g_string_append (out, "\r\n");
}

gboolean
_linli_roster_csv_write (const char  *path,
                         GString     *content,
                         GError     **error)
{
  g_autoptr(GString) file = g_string_new ("\xEF\xBB\xBF");
  g_autoptr(GError) local_error = NULL;

  g_string_append_len (file, content->str, content->len);
  if (!g_file_set_contents (path, file->str, file->len, &local_error))
    {
      g_set_error (error, LINLI_DB_ERROR, LINLI_DB_ERROR_FAILED, _("Cannot write %s: %s"), path, local_error->message);
      return FALSE;
    }
  return TRUE;
}

static char *
format_hours (double hours)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  /* Half hours are what people credit; two decimals never lose them. */
  return g_strdup (g_ascii_formatd (buf, sizeof buf, "%.2f", hours));
}

static const char *
month_header (int month)
{
  static const char *names[] = {
    NC_("month", "Jan"), NC_("month", "Feb"), NC_("month", "Mar"), NC_("month", "Apr"), NC_("month", "May"), NC_("month", "Jun"),
    NC_("month", "Jul"), NC_("month", "Aug"), NC_("month", "Sep"), NC_("month", "Oct"), NC_("month", "Nov"), NC_("month", "Dec"),
  };

  return g_dpgettext2 (GETTEXT_PACKAGE, "month", names[month]);
}

gboolean
linli_hours_write_csv (GPtrArray   *rows,
                       int          year,
                       const char  *path,
                       GError     **error)
{
  g_autoptr(GString) out = g_string_new (NULL);
  const char *fields[17];

  fields[0] = C_("person", "Name");
  fields[1] = _("Phone");
  for (int m = 0; m < 12; m++)
    fields[2 + m] = month_header (m);
  fields[14] = _("Year total (hours)");
  fields[15] = _("Shifts served");
  fields[16] = _("Absences");
  _linli_roster_csv_row (out, fields, 17);

  for (guint i = 0; i < rows->len; i++)
    {
      LinliHoursRow *row = g_ptr_array_index (rows, i);
      g_autoptr(GPtrArray) owned = g_ptr_array_new_with_free_func (g_free);

      fields[0] = row->name;
      fields[1] = row->phone;
      for (int m = 0; m < 12; m++)
        {
          char *h = format_hours (row->months[m]);

          g_ptr_array_add (owned, h);
          fields[2 + m] = h;
        }
      g_ptr_array_add (owned, format_hours (row->total));
      fields[14] = g_ptr_array_index (owned, owned->len - 1);
      g_ptr_array_add (owned, g_strdup_printf ("%u", row->n_shifts));
      fields[15] = g_ptr_array_index (owned, owned->len - 1);
      g_ptr_array_add (owned, g_strdup_printf ("%u", row->n_absent));
      fields[16] = g_ptr_array_index (owned, owned->len - 1);
      _linli_roster_csv_row (out, fields, 17);
    }
  return _linli_roster_csv_write (path, out, error);
}

gboolean
linli_hours_write_xlsx (GPtrArray   *rows,
                        int          year,
                        const char  *title,
                        const char  *path,
                        GError     **error)
{
  lxw_workbook *book;
  lxw_worksheet *sheet;
  lxw_format *bold, *hours, *heading;
  g_autofree char *sheet_name = g_strdup_printf (_("Hours %d"), year);
  lxw_error err;
  guint r = 0;

  book = workbook_new (path);
  if (book == NULL)
    {
      g_set_error (error, LINLI_DB_ERROR, LINLI_DB_ERROR_FAILED, _("Cannot write %s"), path);
      return FALSE;
    }
  sheet = workbook_add_worksheet (book, sheet_name);
  bold = workbook_add_format (book);
  format_set_bold (bold);
  format_set_bottom (bold, LXW_BORDER_THIN);
  heading = workbook_add_format (book);
  format_set_bold (heading);
  format_set_font_size (heading, 14);
  hours = workbook_add_format (book);
  format_set_num_format (hours, "0.0");

  if (title != NULL)
    worksheet_write_string (sheet, r++, 0, title, heading);

  worksheet_write_string (sheet, r, 0, C_("person", "Name"), bold);
  worksheet_write_string (sheet, r, 1, _("Phone"), bold);
  for (int m = 0; m < 12; m++)
    worksheet_write_string (sheet, r, 2 + m, month_header (m), bold);
  worksheet_write_string (sheet, r, 14, _("Year total (hours)"), bold);
  worksheet_write_string (sheet, r, 15, _("Shifts served"), bold);
  worksheet_write_string (sheet, r, 16, _("Absences"), bold);
  worksheet_freeze_panes (sheet, r + 1, 1);
  r++;

  for (guint i = 0; i < rows->len; i++, r++)
    {
      LinliHoursRow *row = g_ptr_array_index (rows, i);

      worksheet_write_string (sheet, r, 0, row->name, NULL);
      worksheet_write_string (sheet, r, 1, row->phone, NULL);
      for (int m = 0; m < 12; m++)
        worksheet_write_number (sheet, r, 2 + m, row->months[m], hours);
      worksheet_write_number (sheet, r, 14, row->total, hours);
      worksheet_write_number (sheet, r, 15, row->n_shifts, NULL);
      worksheet_write_number (sheet, r, 16, row->n_absent, NULL);
    }
  worksheet_set_column (sheet, 0, 0, 12, NULL);
  worksheet_set_column (sheet, 1, 1, 14, NULL);
  worksheet_set_column (sheet, 14, 14, 12, NULL);

  err = workbook_close (book);
  if (err != LXW_NO_ERROR)
    {
      g_set_error (error, LINLI_DB_ERROR, LINLI_DB_ERROR_FAILED, _("Cannot write %s: %s"), path, lxw_strerror (err));
      return FALSE;
    }
  return TRUE;
}

/* Roster and volunteers ---------------------------------------------------- */

/**
 * linli_roster_export_csv:
 * @team_id: (nullable): only this team
 * @from: (nullable): from this date on
 * @to: (nullable): up to this date
 *
 * Writes one row per place of every shift, assigned or empty: date,
 * start, end, team, service item, volunteer id (empty when the place is
 * empty), volunteer name.
 */
gboolean
linli_roster_export_csv (LinliDb     *db,
                         const char  *path,
                         const char  *team_id,
                         const char  *from,
                         const char  *to,
                         GError     **error)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(LinliQuery) q = NULL;
  g_autofree char *last_shift = NULL;
  GError *local_error = NULL;
  const char *header[] = { _("Date"), _("Start"), _("End"), _("Team"), _("Service item"),
                           _("Volunteer id"), _("Volunteer") };
  guint n_in_shift = 0;
  guint needed = 0;
  const char *fields[7];
  g_autofree char *date = NULL, *start = NULL, *end = NULL, *team = NULL, *item = NULL;

  g_return_val_if_fail (LINLI_IS_DB (db), FALSE);

  if ((from && !linli_roster_parse_date (from)) || (to && !linli_roster_parse_date (to)))
    {
      g_set_error (error, LINLI_DB_ERROR, LINLI_DB_ERROR_INVALID,
                   _("“%s” is not a date (YYYY-MM-DD)"), from && !linli_roster_parse_date (from) ? from : to);
      return FALSE;
    }

  _linli_roster_csv_row (out, header, 7);

  /* Shifts in order, each with its people (LEFT JOIN: an empty shift
   * still gives a row), then the empty places of each. */
  q = linli_db_query (db, error,
    "SELECT s.id, s.date, s.start_time, s.end_time, t.name, coalesce (i.name, sp.name, ''), s.needed, "
    "a.volunteer_id, p.name FROM shift s JOIN team t ON t.id = s.team_id "
    "LEFT JOIN service_item i ON i.id = s.service_item_id "
    "LEFT JOIN shift_pattern sp ON sp.id = s.pattern_id "
    "LEFT JOIN assignment a ON a.shift_id = s.id AND a.deleted = 0 "
    "LEFT JOIN volunteer v ON v.id = a.volunteer_id "
    "LEFT JOIN person p ON p.id = v.person_id "
    "WHERE s.deleted = 0 AND s.cancelled = 0 AND t.deleted = 0 "
    "AND (?1 IS NULL OR s.team_id = ?1) AND (?2 IS NULL OR s.date >= ?2) AND (?3 IS NULL OR s.date <= ?3) "
    "ORDER BY s.date, s.start_time, t.name, i.position, i.name, s.id, a.manual DESC, p.name, a.id",
    "sss", team_id, from, to);
  if (q == NULL)
    return FALSE;

#define FLUSH_EMPTY() G_STMT_START { \
    for (; last_shift != NULL && n_in_shift < needed; n_in_shift++) { \
      fields[0] = date; fields[1] = start; fields[2] = end; fields[3] = team; fields[4] = item; \
      fields[5] = ""; fields[6] = ""; \
      _linli_roster_csv_row (out, fields, 7); \
    } } G_STMT_END

  while (linli_query_next (q, &local_error))
    {
      if (g_strcmp0 (last_shift, linli_query_get_string (q, 0)) != 0)
        {
          FLUSH_EMPTY ();
          g_free (last_shift);
          last_shift = linli_query_dup_string (q, 0);
          g_free (date); date = linli_query_dup_string (q, 1);
          g_free (start); start = linli_query_dup_string (q, 2);
          g_free (end); end = linli_query_dup_string (q, 3);
          g_free (team); team = linli_query_dup_string (q, 4);
          g_free (item); item = linli_query_dup_string (q, 5);
          needed = (guint) MAX (linli_query_get_int (q, 6), 0);
          n_in_shift = 0;
        }
      if (linli_query_is_null (q, 7))
        continue;
      fields[0] = date; fields[1] = start; fields[2] = end; fields[3] = team; fields[4] = item;
      fields[5] = linli_query_get_string (q, 7);
      fields[6] = linli_query_get_string (q, 8) ? linli_query_get_string (q, 8) : "";
      _linli_roster_csv_row (out, fields, 7);
      n_in_shift++;
    }
  FLUSH_EMPTY ();
#undef FLUSH_EMPTY

  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  return _linli_roster_csv_write (path, out, error);
}

/**
 * linli_volunteers_export_csv:
 * @community_id: (nullable): one community's volunteers, or all
 *
 * Writes every volunteer: id, name, skills (names, separated by ";"),
 * weekly times (as linli_availability_to_text() writes them), limits (at
 * most this many shifts a month; empty for none).
 */
gboolean
linli_volunteers_export_csv (LinliDb     *db,
                             const char  *community_id,
                             const char  *path,
                             GError     **error)
{
  g_autoptr(GPtrArray) list = linli_volunteer_list (db, community_id, NULL, error);
  g_autoptr(GString) out = g_string_new (NULL);
  const char *header[] = { _("Volunteer id"), C_("person", "Name"), _("Skills"), _("Weekly times"), _("Shifts a month at most") };

  if (list == NULL)
    return FALSE;

  _linli_roster_csv_row (out, header, 5);
  for (guint i = 0; i < list->len; i++)
    {
      LinliVolunteerInfo *info = g_ptr_array_index (list, i);
      g_autoptr(GArray) windows = linli_availability_parse (info->availability, NULL);
      g_autofree char *times = linli_availability_to_text (windows);
      g_autofree char *limit = info->max_per_month >= 0 ? g_strdup_printf ("%d", info->max_per_month) : g_strdup ("");
      g_auto(GStrv) names = g_strsplit (info->skill_names, C_("list separator", ", "), -1);
      g_autofree char *skills = g_strjoinv (";", names);
      const char *fields[] = { info->id, info->name, skills, times, limit };

      _linli_roster_csv_row (out, fields, 5);
    }
  return _linli_roster_csv_write (path, out, error);
}
