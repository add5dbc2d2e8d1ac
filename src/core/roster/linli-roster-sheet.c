/* linli-roster-sheet.c: the week's duty roster and a team's member sheet
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Both go on the notice board (公示栏) or the stairwell, so phones are
 * masked unless the person consented to be posted. A sheet is a table
 * laid out with pango at the page's width; rows never split across pages
 * and the header row repeats on each page.
 */

#define G_LOG_DOMAIN "linli-roster"

#include "config.h"

#include <cairo-pdf.h>
#include <glib/gi18n-lib.h>
#include <pango/pangocairo.h>

#include "linli-format.h"
#include "linli-roster-sheet.h"
#include "linli-roster-time.h"
#include "linli-team.h"
#include "linli-vocab.h"

#define MARGIN        42.0   /* points: 15 mm */
#define CELL_PAD       5.0
#define FONT_FAMILY   "WenQuanYi Micro Hei, Noto Sans CJK SC, sans-serif" /* see linli-print-document.c */

struct _LinliRosterSheet
{
  char       *title;
  char       *subtitle;
  char       *note;        /* a line under the subtitle */
  char       *footer;
  GStrv       headers;
  double     *weights;     /* relative column widths */
  guint       n_columns;
  GPtrArray  *rows;        /* GStrv */
  /* Layout */
  GArray     *page_starts; /* guint: first row of each page */
  double      layout_width;
};

void
linli_roster_sheet_free (LinliRosterSheet *sheet)
{
  if (sheet == NULL)
    return;
  g_free (sheet->title);
  g_free (sheet->subtitle);
  g_free (sheet->note);
  g_free (sheet->footer);
  g_strfreev (sheet->headers);
  g_free (sheet->weights);
  g_ptr_array_unref (sheet->rows);
  if (sheet->page_starts)
    g_array_unref (sheet->page_starts);
  g_free (sheet);
}

static LinliRosterSheet *
sheet_new (const char * const *headers,
           const double       *weights)
{
  LinliRosterSheet *sheet = g_new0 (LinliRosterSheet, 1);

  sheet->headers = g_strdupv ((char **) headers);
  sheet->n_columns = g_strv_length (sheet->headers);
  sheet->weights = g_memdup2 (weights, sizeof (double) * sheet->n_columns);
  sheet->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  return sheet;
}

const char *
linli_roster_sheet_get_title (LinliRosterSheet *sheet)
{
  return sheet->title;
}

/**
 * linli_roster_sheet_to_text:
 *
 * Returns: (transfer full): everything the sheet prints, one row a line
 *   and cells separated by tabs (for tests and for the log)
 */
char *
linli_roster_sheet_to_text (LinliRosterSheet *sheet)
{
  GString *s = g_string_new (NULL);

  g_string_append_printf (s, "%s\n%s\n", sheet->title, sheet->subtitle ? sheet->subtitle : "");
  if (sheet->note)
    g_string_append_printf (s, "%s\n", sheet->note);
  for (guint c = 0; c < sheet->n_columns; c++)
    g_string_append_printf (s, "%s%s", c ? "\t" : "", sheet->headers[c]);
  g_string_append_c (s, '\n');
  for (guint r = 0; r < sheet->rows->len; r++)
    {
      GStrv row = g_ptr_array_index (sheet->rows, r);

      for (guint c = 0; c < sheet->n_columns; c++)
        g_string_append_printf (s, "%s%s", c ? "\t" : "", row[c]);
      g_string_append_c (s, '\n');
    }
  if (sheet->footer)
    g_string_append_printf (s, "%s\n", sheet->footer);
  return g_string_free (s, FALSE);
}

static char *
public_phone (const char *phone,
              gboolean    consent)
{
  if (phone == NULL)
    return g_strdup ("");
  return consent ? g_strdup (phone) : linli_mask_phone (phone);
}

static gboolean
load_community (LinliDb     *db,
                const char  *team_id,
                char       **team_name,
                char       **community,
                char       **hotline,
                GError     **error)
{
  g_autoptr(LinliQuery) q = linli_db_query (db, error,
                                            "SELECT t.name, c.name, c.hotline FROM team t "
                                            "JOIN community c ON c.id = t.community_id "
                                            "WHERE t.id = ? AND t.deleted = 0", "s", team_id);
  GError *local_error = NULL;

  if (q == NULL)
    return FALSE;
  if (!linli_query_next (q, &local_error))
    {
      if (local_error == NULL)
        g_set_error (&local_error, LINLI_DB_ERROR, LINLI_DB_ERROR_NOT_FOUND, _("No team with id %s"), team_id);
      g_propagate_error (error, local_error);
      return FALSE;
    }
  *team_name = linli_query_dup_string (q, 0);
  *community = linli_query_dup_string (q, 1);
  *hotline = linli_query_dup_string (q, 2);
  return TRUE;
}

static char *
make_footer (const char *community,
             const char *hotline)
{
  g_autofree char *today_iso = linli_roster_format_date (linli_roster_today ());
  g_autofree char *today = linli_format_date_iso (today_iso);
  if (hotline && *hotline)
    /* Translators: the foot of a printed sheet: community, its hotline, the date */
    return g_strdup_printf (_("%s · Service hotline %s · Printed %s"), community, hotline, today);
  return g_strdup_printf (_("%s · Printed %s"), community, today);
}

/**
 * linli_roster_sheet_new_week:
 * @week_start: any date of the week (Monday to Sunday) to print
 *
 * Returns: (transfer full): the week's duty roster of the team
 */
LinliRosterSheet *
linli_roster_sheet_new_week (LinliDb     *db,
                             const char  *team_id,
                             const char  *week_start,
                             GError     **error)
{
  const char *headers[] = { _("Date"), _("Time"), _("Service item"), _("Volunteer"), _("Phone"), NULL };
  const double weights[] = { 1.0, 1.35, 1.7, 1.4, 1.6 };
  g_autoptr(LinliRosterSheet) sheet = NULL;
  g_autofree char *team = NULL, *community = NULL, *hotline = NULL;
  g_autofree char *from = NULL, *to = NULL, *from_label = NULL, *to_label = NULL;
  g_autofree char *last_shift = NULL, *last_date = NULL;
  g_autoptr(GString) names = g_string_new (NULL);
  g_autoptr(GString) phones = g_string_new (NULL);
  g_autoptr(LinliQuery) q = NULL;
  GError *local_error = NULL;
  guint32 jd = linli_roster_parse_date (week_start);
  guint needed = 0, n = 0;
  char *pending[5] = { NULL };

  if (jd == 0)
    {
      g_set_error (error, LINLI_DB_ERROR, LINLI_DB_ERROR_INVALID,
                   _("“%s” is not a date (YYYY-MM-DD)"), week_start ? week_start : "");
      return NULL;
    }
  if (!load_community (db, team_id, &team, &community, &hotline, error))
    return NULL;

  jd = linli_roster_week_start (jd);
  from = linli_roster_format_date (jd);
  to = linli_roster_format_date (jd + 6);
  from_label = linli_format_date_iso (from);
  to_label = linli_format_date_iso (to);

  sheet = sheet_new (headers, weights);
  /* Translators: title of the printed weekly roster: the team's name */
  sheet->title = g_strdup_printf (_("%s — Duty Roster"), team);
  sheet->subtitle = g_strdup_printf (_("%s to %s"), from_label, to_label);
  sheet->footer = make_footer (community, hotline);

  q = linli_db_query (db, error,
    "SELECT s.id, s.date, s.start_time, s.end_time, coalesce (i.name, sp.name, ''), s.needed, "
    "p.name, p.phone, p.consent_publish, a.status FROM shift s "
    "LEFT JOIN service_item i ON i.id = s.service_item_id "
    "LEFT JOIN shift_pattern sp ON sp.id = s.pattern_id "
    "LEFT JOIN assignment a ON a.shift_id = s.id AND a.deleted = 0 AND a.status != 'absent' "
    "LEFT JOIN volunteer v ON v.id = a.volunteer_id "
    "LEFT JOIN person p ON p.id = v.person_id "
    "WHERE s.team_id = ? AND s.deleted = 0 AND s.cancelled = 0 AND s.date BETWEEN ? AND ? "
    "ORDER BY s.date, s.start_time, i.position, i.name, s.id, p.name", "sss", team_id, from, to);
  if (q == NULL)
    return NULL;

#define FLUSH() G_STMT_START { \
    if (last_shift != NULL) { \
      char **row = g_new0 (char *, 6); \
      if (n < needed) { \
        if (names->len) { g_string_append_c (names, '\n'); g_string_append_c (phones, '\n'); } \
        g_string_append_printf (names, g_dngettext (GETTEXT_PACKAGE, "(%u place open)", "(%u places open)", needed - n), needed - n); \
      } \
      row[0] = pending[0]; row[1] = pending[1]; row[2] = pending[2]; \
      row[3] = g_strdup (names->str); row[4] = g_strdup (phones->str); \
      pending[0] = pending[1] = pending[2] = NULL; \
      g_ptr_array_add (sheet->rows, row); \
      g_string_truncate (names, 0); g_string_truncate (phones, 0); \
    } } G_STMT_END

  while (linli_query_next (q, &local_error))
    {
      if (g_strcmp0 (last_shift, linli_query_get_string (q, 0)) != 0)
        {
          const char *date = linli_query_get_string (q, 1);

          FLUSH ();
          g_free (last_shift);
          last_shift = linli_query_dup_string (q, 0);
          /* The date once per day, as people write it on a board. */
          if (g_strcmp0 (last_date, date) != 0)
            {
              guint32 d = linli_roster_parse_date (date);
              g_autoptr(GDateTime) dt = g_date_time_new_local (linli_roster_year_of (d), linli_roster_month_of (d),
                                                               d - linli_roster_month_start (d) + 1, 0, 0, 0);
              /* The year is in the subtitle. */
              g_autofree char *label = g_date_time_format (dt, C_("roster column", "%b %-d"));

              pending[0] = g_strdup_printf ("%s\n%s", label,
                                           linli_weekday_name ((GDateWeekday) linli_roster_weekday (d)));
              g_free (last_date);
              last_date = g_strdup (date);
            }
          else
            pending[0] = g_strdup ("");
          pending[1] = g_strdup_printf ("%s–%s", linli_query_get_string (q, 2), linli_query_get_string (q, 3));
          pending[2] = linli_query_dup_string (q, 4);
          needed = (guint) MAX (linli_query_get_int (q, 5), 0);
          n = 0;
        }
      if (linli_query_is_null (q, 6))
        continue;
      {
        g_autofree char *phone = public_phone (linli_query_get_string (q, 7), linli_query_get_int (q, 8) != 0);

        if (names->len)
          {
            g_string_append_c (names, '\n');
            g_string_append_c (phones, '\n');
          }
        g_string_append (names, linli_query_get_string (q, 6));
        g_string_append (phones, phone);
        n++;
      }
    }
  FLUSH ();
#undef FLUSH

  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return NULL;
    }
  if (sheet->rows->len == 0)
    sheet->note = g_strdup (_("No shifts this week."));
  return g_steal_pointer (&sheet);
}

/**
 * linli_roster_sheet_new_members:
 *
 * Returns: (transfer full): the team's members with their roles, where
 *   they live and how to reach them; for a 119 squad, the sheet posted in
 *   the stairwell
 */
LinliRosterSheet *
linli_roster_sheet_new_members (LinliDb     *db,
                                const char  *team_id,
                                GError     **error)
{
  const char *headers[] = { C_("person", "Name"), _("Role"), _("Address"), _("Phone"), NULL };
  const double weights[] = { 1.2, 1.5, 1.8, 1.6 };
  g_autoptr(LinliRosterSheet) sheet = NULL;
  g_autofree char *team = NULL, *community = NULL, *hotline = NULL, *kind = NULL;
  g_autoptr(LinliQuery) q = NULL;
  GError *local_error = NULL;

  if (!load_community (db, team_id, &team, &community, &hotline, error))
    return NULL;
  kind = linli_db_query_string (db, error, "SELECT kind FROM team WHERE id = ?", "s", team_id);

  sheet = sheet_new (headers, weights);
  sheet->title = g_strdup (team);
  sheet->subtitle = g_strdup (_("Members"));
  if (g_strcmp0 (kind, LINLI_TEAM_SQUAD119) == 0)
    sheet->note = g_strdup (_("In an emergency the squad gathers within one hour. Call any member."));
  sheet->footer = make_footer (community, hotline);

  q = linli_db_query (db, error,
    "SELECT p.name, m.role, b.number, u.number, h.room, p.title, p.phone, p.consent_publish "
    "FROM team_member m JOIN person p ON p.id = m.person_id AND p.deleted = 0 "
    "LEFT JOIN household h ON h.id = p.household_id AND h.deleted = 0 "
    "LEFT JOIN unit u ON u.id = h.unit_id AND u.deleted = 0 "
    "LEFT JOIN building b ON b.id = u.building_id AND b.deleted = 0 "
    "WHERE m.team_id = ? AND m.deleted = 0 AND m.left_on IS NULL "
    "ORDER BY CASE m.role WHEN 'leader' THEN 0 WHEN 'party_backbone' THEN 1 WHEN 'sunk_cadre' THEN 2 "
    "WHEN 'building_resident' THEN 3 ELSE 4 END, b.number, u.number, h.room, p.name", "s", team_id);
  if (q == NULL)
    return NULL;
  while (linli_query_next (q, &local_error))
    {
      char **row = g_new0 (char *, 5);

      row[0] = linli_query_dup_string (q, 0);
      row[1] = g_strdup (linli_vocab_label (LINLI_VOCAB_TEAM_ROLE, linli_query_get_string (q, 1)));
      if (!linli_query_is_null (q, 2))
        row[2] = g_strdup_printf (_("Bldg %s-%d-%s"), linli_query_get_string (q, 2),
                                  (int) linli_query_get_int (q, 3), linli_query_get_string (q, 4));
      else
        row[2] = g_strdup (linli_query_get_string (q, 5) ? linli_query_get_string (q, 5) : "");
      row[3] = public_phone (linli_query_get_string (q, 6), linli_query_get_int (q, 7) != 0);
      g_ptr_array_add (sheet->rows, row);
    }
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return NULL;
    }
  if (sheet->rows->len == 0)
    sheet->note = g_strdup (_("The team has no members yet."));
  return g_steal_pointer (&sheet);
}

/* Layout ----------------------------------------------------------------- */

static PangoLayout *
text_layout (cairo_t    *cr,
             const char *text,
             double      size,
             gboolean    bold,
             double      width)
{
  PangoLayout *layout = pango_cairo_create_layout (cr);
  PangoFontDescription *font = pango_font_description_from_string (FONT_FAMILY);

  pango_font_description_set_size (font, (int) (size * PANGO_SCALE));
  if (bold)
    pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);
  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);
  pango_layout_set_text (layout, text, -1);
  if (width > 0)
    {
      pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
      pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
    }
  return layout;
}

static double
layout_height (PangoLayout *layout)
{
  int w, h;

  pango_layout_get_size (layout, &w, &h);
  return (double) h / PANGO_SCALE;
}

static double
column_width (LinliRosterSheet *sheet,
              guint             c,
              double            table_width)
{
  double total = 0;

  for (guint i = 0; i < sheet->n_columns; i++)
    total += sheet->weights[i];
  return table_width * sheet->weights[c] / total;
}

static double
row_height (LinliRosterSheet *sheet,
            cairo_t          *cr,
            const char *const *cells,
            gboolean          bold,
            double            table_width)
{
  double height = 0;

  for (guint c = 0; c < sheet->n_columns; c++)
    {
      g_autoptr(PangoLayout) layout = text_layout (cr, cells[c], 11, bold,
                                                   column_width (sheet, c, table_width) - 2 * CELL_PAD);

      height = MAX (height, layout_height (layout));
    }
  return height + 2 * CELL_PAD;
}

static double
head_height (LinliRosterSheet *sheet,
             cairo_t          *cr,
             double            width,
             gboolean          first_page)
{
  double h = 0;

  if (first_page)
    {
      g_autoptr(PangoLayout) title = text_layout (cr, sheet->title, 20, TRUE, width);
      g_autoptr(PangoLayout) sub = text_layout (cr, sheet->subtitle ? sheet->subtitle : "", 12, FALSE, width);

      h += layout_height (title) + 4 + layout_height (sub) + 8;
      if (sheet->note)
        {
          g_autoptr(PangoLayout) note = text_layout (cr, sheet->note, 11, FALSE, width);

          h += layout_height (note) + 8;
        }
    }
  else
    {
      g_autoptr(PangoLayout) title = text_layout (cr, sheet->title, 11, TRUE, width);

      h += layout_height (title) + 8;
    }
  return h;
}

#define FOOTER_HEIGHT 24.0

/**
 * linli_roster_sheet_paginate:
 * @cr: a context of the target (for font metrics)
 * @width: the page's width in points
 * @height: its height
 *
 * Returns: the number of pages
 */
guint
linli_roster_sheet_paginate (LinliRosterSheet *sheet,
                             cairo_t          *cr,
                             double            width,
                             double            height)
{
  double table_width = width - 2 * MARGIN;
  double y;
  guint first = 0;

  if (sheet->page_starts)
    g_array_unref (sheet->page_starts);
  sheet->page_starts = g_array_new (FALSE, FALSE, sizeof (guint));
  sheet->layout_width = width;
  g_array_append_val (sheet->page_starts, first);

  y = MARGIN + head_height (sheet, cr, table_width, TRUE)
      + row_height (sheet, cr, (const char * const *) sheet->headers, TRUE, table_width);
  for (guint r = 0; r < sheet->rows->len; r++)
    {
      double h = row_height (sheet, cr, g_ptr_array_index (sheet->rows, r), FALSE, table_width);

      if (y + h > height - MARGIN - FOOTER_HEIGHT && r > g_array_index (sheet->page_starts, guint,
                                                                        sheet->page_starts->len - 1))
        {
          g_array_append_val (sheet->page_starts, r);
          y = MARGIN + head_height (sheet, cr, table_width, FALSE)
              + row_height (sheet, cr, (const char * const *) sheet->headers, TRUE, table_width);
        }
      y += h;
    }
  return sheet->page_starts->len;
}

static void
draw_row (LinliRosterSheet  *sheet,
          cairo_t           *cr,
          const char *const *cells,
          gboolean           header,
          double             x0,
          double             y,
          double             table_width,
          double             h)
{
  double x = x0;

  if (header)
    {
      cairo_set_source_rgb (cr, 0.9, 0.9, 0.9);
      cairo_rectangle (cr, x0, y, table_width, h);
      cairo_fill (cr);
    }
  cairo_set_source_rgb (cr, 0, 0, 0);
  for (guint c = 0; c < sheet->n_columns; c++)
    {
      double w = column_width (sheet, c, table_width);
      g_autoptr(PangoLayout) layout = text_layout (cr, cells[c], 11, header, w - 2 * CELL_PAD);

      cairo_move_to (cr, x + CELL_PAD, y + CELL_PAD);
      pango_cairo_show_layout (cr, layout);
      cairo_rectangle (cr, x, y, w, h);
      cairo_set_line_width (cr, 0.6);
      cairo_stroke (cr);
      x += w;
    }
}

void
linli_roster_sheet_draw_page (LinliRosterSheet *sheet,
                              cairo_t          *cr,
                              double            width,
                              double            height,
                              guint             page)
{
  double table_width = width - 2 * MARGIN;
  double y = MARGIN;
  guint first, last;

  if (sheet->page_starts == NULL || sheet->layout_width != width)
    linli_roster_sheet_paginate (sheet, cr, width, height);
  g_return_if_fail (page < sheet->page_starts->len);

  first = g_array_index (sheet->page_starts, guint, page);
  last = page + 1 < sheet->page_starts->len ? g_array_index (sheet->page_starts, guint, page + 1)
                                            : sheet->rows->len;

  cairo_save (cr);
  cairo_set_source_rgb (cr, 0, 0, 0);
  if (page == 0)
    {
      g_autoptr(PangoLayout) title = text_layout (cr, sheet->title, 20, TRUE, table_width);
      g_autoptr(PangoLayout) sub = text_layout (cr, sheet->subtitle ? sheet->subtitle : "", 12, FALSE, table_width);

      pango_layout_set_alignment (title, PANGO_ALIGN_CENTER);
      pango_layout_set_alignment (sub, PANGO_ALIGN_CENTER);
      cairo_move_to (cr, MARGIN, y);
      pango_cairo_show_layout (cr, title);
      y += layout_height (title) + 4;
      cairo_move_to (cr, MARGIN, y);
      pango_cairo_show_layout (cr, sub);
      y += layout_height (sub) + 8;
      if (sheet->note)
        {
          g_autoptr(PangoLayout) note = text_layout (cr, sheet->note, 11, FALSE, table_width);

          cairo_move_to (cr, MARGIN, y);
          pango_cairo_show_layout (cr, note);
          y += layout_height (note) + 8;
        }
    }
  else
    {
      g_autoptr(PangoLayout) title = text_layout (cr, sheet->title, 11, TRUE, table_width);

      cairo_move_to (cr, MARGIN, y);
      pango_cairo_show_layout (cr, title);
      y += layout_height (title) + 8;
    }

  {
    double h = row_height (sheet, cr, (const char * const *) sheet->headers, TRUE, table_width);

    draw_row (sheet, cr, (const char * const *) sheet->headers, TRUE, MARGIN, y, table_width, h);
    y += h;
  }
  for (guint r = first; r < last; r++)
    {
      const char * const *cells = g_ptr_array_index (sheet->rows, r);
      double h = row_height (sheet, cr, cells, FALSE, table_width);

      draw_row (sheet, cr, cells, FALSE, MARGIN, y, table_width, h);
      y += h;
    }

  {
    g_autofree char *pages = g_strdup_printf (_("Page %u of %u"), page + 1, sheet->page_starts->len);
    g_autofree char *text = g_strdup_printf ("%s    %s", sheet->footer ? sheet->footer : "", pages);
    g_autoptr(PangoLayout) foot = text_layout (cr, text, 9, FALSE, table_width);

    pango_layout_set_alignment (foot, PANGO_ALIGN_CENTER);
    cairo_set_source_rgb (cr, 0.3, 0.3, 0.3);
    cairo_move_to (cr, MARGIN, height - MARGIN - layout_height (foot) + 8);
    pango_cairo_show_layout (cr, foot);
  }
  cairo_restore (cr);
}

/**
 * linli_roster_sheet_write_pdf:
 *
 * Writes the sheet as an A4 PDF.
 */
gboolean
linli_roster_sheet_write_pdf (LinliRosterSheet  *sheet,
                              const char        *path,
                              GError           **error)
{
  const double width = 595.28, height = 841.89;
  cairo_surface_t *surface = cairo_pdf_surface_create (path, width, height);
  cairo_t *cr = cairo_create (surface);
  cairo_status_t status;
  guint pages;

  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, sheet->title);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Linli " PACKAGE_VERSION);
  pages = linli_roster_sheet_paginate (sheet, cr, width, height);
  for (guint p = 0; p < pages; p++)
    {
      linli_roster_sheet_draw_page (sheet, cr, width, height, p);
      cairo_show_page (cr);
    }
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, LINLI_DB_ERROR, LINLI_DB_ERROR_FAILED,
                   _("Cannot write %s: %s"), path, cairo_status_to_string (status));
      return FALSE;
    }
  return TRUE;
}
