/* linli-map-sheet.c: the floor-by-room table on paper
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Until the print engine of src/core/print/ exists this draws the sheet
 * itself. Pages are in points (1/72 inch). Columns are split between
 * pages at unit boundaries, rows (floors) when a building is too tall
 * for one page; the headers repeat on every page.
 */

#define G_LOG_DOMAIN "linli-map"

#include "config.h"

#include <cairo-pdf.h>
#include <glib/gi18n-lib.h>
#include <pango/pangocairo.h>

#include "linli-format.h"
#include "linli-map-sheet.h"

#define MARGIN      32.0
#define TITLE_H     46.0
#define FOOT_H      40.0
#define HEAD_H      18.0
#define FLOOR_W     30.0
#define ROW_H       38.0
#define COL_MIN     60.0
#define COL_MAX     96.0
#define FONT        "Noto Sans CJK SC, Sans"

typedef struct
{
  int col_start, col_end;   /* [start, end) */
  int row_start, row_end;
} Page;

struct _LinliMapSheet
{
  LinliFloorTable *table;
  double           width;
  double           height;
  double           col_w;
  GArray          *pages;    /* Page */
};

LinliMapSheet *
linli_map_sheet_new (LinliFloorTable *table)
{
  LinliMapSheet *sheet = g_new0 (LinliMapSheet, 1);

  sheet->table = linli_floor_table_ref (table);
  sheet->pages = g_array_new (FALSE, FALSE, sizeof (Page));
  return sheet;
}

void
linli_map_sheet_free (LinliMapSheet *sheet)
{
  if (sheet == NULL)
    return;
  linli_floor_table_unref (sheet->table);
  g_array_unref (sheet->pages);
  g_free (sheet);
}

/* Wide walk-ups read better across the page, towers down it. */
gboolean
linli_map_sheet_prefers_landscape (LinliMapSheet *sheet)
{
  return sheet->table->n_columns > 7;
}

/**
 * linli_map_sheet_paginate:
 *
 * Returns: the number of pages for a page of that size (points)
 */
int
linli_map_sheet_paginate (LinliMapSheet *sheet,
                          double         page_width,
                          double         page_height)
{
  LinliFloorTable *t = sheet->table;
  double avail_w = page_width - 2 * MARGIN - FLOOR_W;
  double avail_h = page_height - 2 * MARGIN - TITLE_H - FOOT_H - HEAD_H;
  int per_page_cols, rows_per_page;
  g_autoptr(GArray) col_chunks = g_array_new (FALSE, FALSE, sizeof (int) * 2);

  sheet->width = page_width;
  sheet->height = page_height;
  g_array_set_size (sheet->pages, 0);

  per_page_cols = MAX (1, (int) (avail_w / COL_MIN));
  rows_per_page = MAX (1, (int) (avail_h / ROW_H));

  /* Whole units on a page where they fit. */
  {
    int start = 0, end = 0;

    for (guint u = 0; u < t->units->len; u++)
      {
        LinliFloorUnit *unit = t->units->pdata[u];
        int ue = unit->first_column + unit->n_columns;

        if (ue - start <= per_page_cols)
          {
            end = ue;
            continue;
          }
        if (end > start)
          {
            int chunk[2] = { start, end };

            g_array_append_val (col_chunks, chunk);
            start = end;
          }
        /* A unit wider than a page is cut. */
        while (ue - start > per_page_cols)
          {
            int chunk[2] = { start, start + per_page_cols };

            g_array_append_val (col_chunks, chunk);
            start += per_page_cols;
          }
        end = ue;
      }
    if (end > start || col_chunks->len == 0)
      {
        int chunk[2] = { start, MAX (end, start + 1) };

        g_array_append_val (col_chunks, chunk);
      }
  }

  {
    int widest = 1;

    for (guint c = 0; c < col_chunks->len; c++)
      {
        int *chunk = &g_array_index (col_chunks, int, c * 2);
        widest = MAX (widest, chunk[1] - chunk[0]);
      }
    sheet->col_w = CLAMP (avail_w / widest, COL_MIN, COL_MAX);
  }

  for (int r = 0; r < MAX (t->n_rows, 1); r += rows_per_page)
    for (guint c = 0; c < col_chunks->len; c++)
      {
        int *chunk = &g_array_index (col_chunks, int, c * 2);
        Page p = { chunk[0], chunk[1], r, MIN (r + rows_per_page, t->n_rows) };

        g_array_append_val (sheet->pages, p);
      }
  return (int) sheet->pages->len;
}

static PangoLayout *
make_layout (cairo_t    *cr,
             const char *text,
             double      size,
             gboolean    bold)
{
  PangoLayout *layout = pango_cairo_create_layout (cr);
  g_autoptr(PangoFontDescription) font = pango_font_description_from_string (FONT);

  pango_font_description_set_absolute_size (font, size * PANGO_SCALE);
  if (bold)
    pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);
  pango_layout_set_font_description (layout, font);
  pango_layout_set_text (layout, text, -1);
  return layout;
}

static void
set_hex (cairo_t    *cr,
         const char *hex,
         double      alpha)
{
  unsigned int rgb = 0;

  if (hex && *hex == '#')
    rgb = (unsigned int) g_ascii_strtoull (hex + 1, NULL, 16);
  cairo_set_source_rgba (cr, ((rgb >> 16) & 0xff) / 255.0, ((rgb >> 8) & 0xff) / 255.0,
                         (rgb & 0xff) / 255.0, alpha);
}

/* Text at (x, y), cut with an ellipsis at @width; returns its width. */
static double
show (cairo_t    *cr,
      const char *text,
      double      x,
      double      y,
      double      width,
      double      size,
      gboolean    bold,
      PangoAlignment align)
{
  g_autoptr(PangoLayout) layout = make_layout (cr, text, size, bold);
  int w, h;

  if (width > 0)
    {
      pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
      pango_layout_set_alignment (layout, align);
    }
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);
  pango_layout_get_pixel_size (layout, &w, &h);
  return w;
}

static void
draw_cell (LinliMapSheet  *sheet,
           cairo_t        *cr,
           LinliFloorCell *c,
           double          x,
           double          y)
{
  double w = sheet->col_w;
  g_autofree char *count = NULL;
  double mx = x + 3;

  if (c->marks & LINLI_MARK_VACANT)
    {
      cairo_set_source_rgb (cr, 0.93, 0.93, 0.93);
      cairo_rectangle (cr, x, y, w, ROW_H);
      cairo_fill (cr);
    }
  cairo_set_source_rgb (cr, 0, 0, 0);
  show (cr, c->room, x + 3, y + 2, w / 2, 8.5, TRUE, PANGO_ALIGN_LEFT);
  /* Translators: residents of a household on the printed table; zh_CN: %d人 */
  count = g_strdup_printf (ngettext ("%d person", "%d people", c->residents), c->residents);
  cairo_set_source_rgb (cr, 0.25, 0.25, 0.25);
  show (cr, count, x + w / 2, y + 2.5, w / 2 - 3, 7, FALSE, PANGO_ALIGN_RIGHT);
  cairo_set_source_rgb (cr, 0, 0, 0);
  if (c->marks & LINLI_MARK_VACANT)
    show (cr, linli_mark_label (12), x + 3, y + 13, w - 6, 7.5, FALSE, PANGO_ALIGN_LEFT);
  else if (c->head_name)
    show (cr, c->head_name, x + 3, y + 13, w - 6, 7.5, FALSE, PANGO_ALIGN_LEFT);

  for (guint bit = 0; bit < LINLI_N_MARKS - 1; bit++)
    if (c->marks & (1u << bit))
      {
        set_hex (cr, linli_mark_color (bit), 1);
        mx += show (cr, linli_mark_short_label (bit), mx, y + 25, 0, 7, TRUE, PANGO_ALIGN_LEFT) + 2;
        if (mx > x + w - 6)
          break;
      }
}

void
linli_map_sheet_draw_page (LinliMapSheet *sheet,
                           cairo_t       *cr,
                           int            page)
{
  LinliFloorTable *t = sheet->table;
  Page *p;
  g_autofree char *title = NULL;
  g_autofree char *sub = NULL;
  g_autofree char *date = linli_format_date_iso (t->today);
  g_autofree char *foot = NULL;
  g_autofree char *table_title = linli_floor_table_title (t);
  double x0 = MARGIN, y0 = MARGIN + TITLE_H, x, y;
  int households = 0, residents = 0;

  g_return_if_fail (page >= 0 && (guint) page < sheet->pages->len);
  p = &g_array_index (sheet->pages, Page, page);

  for (guint u = 0; u < t->units->len; u++)
    {
      LinliFloorUnit *unit = t->units->pdata[u];
      households += unit->households;
      residents += unit->residents;
    }

  /* Title and what the sheet is about. */
  title = g_strdup_printf ("%s %s", t->community_name ? t->community_name : "", table_title);
  cairo_set_source_rgb (cr, 0, 0, 0);
  show (cr, title, MARGIN, MARGIN, sheet->width - 2 * MARGIN, 15, TRUE, PANGO_ALIGN_LEFT);
  /* Translators: under the title of the printed table: grid, units, households, residents, date */
  sub = g_strdup_printf (_("%s · %u units · %d households · %d residents · as of %s"),
                         t->grid_name ? t->grid_name : _("No grid"), t->units->len,
                         households, residents, date ? date : t->today);
  cairo_set_source_rgb (cr, 0.3, 0.3, 0.3);
  show (cr, sub, MARGIN, MARGIN + 22, sheet->width - 2 * MARGIN, 9, FALSE, PANGO_ALIGN_LEFT);

  /* Unit headers. */
  cairo_set_line_width (cr, 0.6);
  for (guint u = 0; u < t->units->len; u++)
    {
      LinliFloorUnit *unit = t->units->pdata[u];
      int c0 = MAX (unit->first_column, p->col_start);
      int c1 = MIN (unit->first_column + unit->n_columns, p->col_end);
      g_autofree char *name = NULL;

      if (c0 >= c1)
        continue;
      x = x0 + FLOOR_W + (c0 - p->col_start) * sheet->col_w;
      cairo_set_source_rgb (cr, 0.9, 0.92, 0.95);
      cairo_rectangle (cr, x, y0, (c1 - c0) * sheet->col_w, HEAD_H);
      cairo_fill_preserve (cr);
      cairo_set_source_rgb (cr, 0.4, 0.4, 0.4);
      cairo_stroke (cr);
      /* Translators: a unit (stairwell) header on the printed table; zh_CN: %d单元 */
      name = unit->name && *unit->name ? g_strdup (unit->name) : g_strdup_printf (_("Unit %d"), unit->number);
      cairo_set_source_rgb (cr, 0, 0, 0);
      show (cr, name, x, y0 + 3, (c1 - c0) * sheet->col_w, 9, TRUE, PANGO_ALIGN_CENTER);
    }

  /* Floors, top first, and the households. */
  for (int r = p->row_start; r < p->row_end; r++)
    {
      int floor = t->row_floors[r];
      g_autofree char *label = NULL;

      y = y0 + HEAD_H + (r - p->row_start) * ROW_H;
      /* Translators: a floor on the printed table; zh_CN: %d层 */
      label = floor == LINLI_FLOOR_UNKNOWN ? g_strdup ("?") : g_strdup_printf (_("F%d"), floor);
      cairo_set_source_rgb (cr, 0.9, 0.92, 0.95);
      cairo_rectangle (cr, x0, y, FLOOR_W, ROW_H);
      cairo_fill_preserve (cr);
      cairo_set_source_rgb (cr, 0.4, 0.4, 0.4);
      cairo_stroke (cr);
      cairo_set_source_rgb (cr, 0, 0, 0);
      show (cr, label, x0, y + ROW_H / 2 - 6, FLOOR_W, 8.5, TRUE, PANGO_ALIGN_CENTER);

      for (int col = p->col_start; col < p->col_end; col++)
        {
          LinliFloorCell *c = linli_floor_table_get (t, r, col);

          x = x0 + FLOOR_W + (col - p->col_start) * sheet->col_w;
          if (c != NULL)
            draw_cell (sheet, cr, c, x, y);
          cairo_set_source_rgb (cr, 0.4, 0.4, 0.4);
          cairo_rectangle (cr, x, y, sheet->col_w, ROW_H);
          cairo_stroke (cr);
        }
    }

  /* What the marks mean, and whose eyes the sheet is for. */
  y = sheet->height - MARGIN - FOOT_H + 8;
  x = MARGIN;
  for (guint bit = 0; bit < LINLI_N_MARKS - 1; bit++)
    {
      g_autofree char *item = g_strdup_printf ("%s", linli_mark_label (bit));

      set_hex (cr, linli_mark_color (bit), 1);
      x += show (cr, linli_mark_short_label (bit), x, y, 0, 8, TRUE, PANGO_ALIGN_LEFT) + 2;
      cairo_set_source_rgb (cr, 0.2, 0.2, 0.2);
      x += show (cr, item, x, y, 0, 8, FALSE, PANGO_ALIGN_LEFT) + 9;
      if (x > sheet->width - MARGIN - 90)
        {
          x = MARGIN;
          y += 12;
        }
    }

  /* Translators: the foot of the printed table: page %d of %d */
  foot = g_strdup_printf (_("For the grid worker’s folder — keep it confidential · page %d of %u"),
                          page + 1, sheet->pages->len);
  cairo_set_source_rgb (cr, 0.35, 0.35, 0.35);
  show (cr, foot, MARGIN, sheet->height - MARGIN - 4, sheet->width - 2 * MARGIN, 7.5, FALSE, PANGO_ALIGN_RIGHT);
}

/**
 * linli_map_sheet_write_pdf:
 *
 * Writes the table as an A4 PDF, across the page for wide buildings.
 */
gboolean
linli_map_sheet_write_pdf (LinliFloorTable  *table,
                           const char       *path,
                           GError          **error)
{
  g_autoptr(LinliMapSheet) sheet = linli_map_sheet_new (table);
  gboolean landscape = linli_map_sheet_prefers_landscape (sheet);
  double w = landscape ? 841.89 : 595.28, h = landscape ? 595.28 : 841.89;
  cairo_surface_t *surface = cairo_pdf_surface_create (path, w, h);
  cairo_status_t status;
  cairo_t *cr;
  int n;

  status = cairo_surface_status (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Cannot write %s: %s"), path,
                   cairo_status_to_string (status));
      cairo_surface_destroy (surface);
      return FALSE;
    }
  {
    g_autofree char *title = linli_floor_table_title (table);
    cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, title);
    cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Linli");
  }
  cr = cairo_create (surface);
  n = linli_map_sheet_paginate (sheet, w, h);
  for (int i = 0; i < n; i++)
    {
      linli_map_sheet_draw_page (sheet, cr, i);
      cairo_show_page (cr);
    }
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Cannot write %s: %s"), path,
                   cairo_status_to_string (status));
      return FALSE;
    }
  return TRUE;
}
