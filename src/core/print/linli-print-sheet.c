/* linli-sheet.c: requests, the context a sheet kind builds in, and the blocks
 * of a sheet
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "linli-print"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "linli-format.h"
#include "linli-print-private.h"

G_DEFINE_QUARK (linli-print-error-quark, linli_print_error)

G_DEFINE_BOXED_TYPE (LinliSheetRequest, linli_sheet_request,
                     linli_sheet_request_copy, linli_sheet_request_free)

/**
 * linli_sheet_request_new:
 * @kind: the name of a sheet kind, e.g. "squad"
 * @scope: what the sheets cover
 * @scope_id: (nullable): the id of the compound, grid, building or unit
 *
 * Returns: (transfer full): a request for A4 portrait, normal print, no
 *   red band, dated today
 */
LinliSheetRequest *
linli_sheet_request_new (const char      *kind,
                         LinliSheetScope  scope,
                         const char      *scope_id)
{
  LinliSheetRequest *req = g_new0 (LinliSheetRequest, 1);

  req->kind = g_strdup (kind);
  req->scope = scope;
  req->scope_id = g_strdup (scope_id);
  req->paper = LINLI_PAPER_A4;

  return req;
}

LinliSheetRequest *
linli_sheet_request_copy (const LinliSheetRequest *req)
{
  LinliSheetRequest *copy;

  g_return_val_if_fail (req != NULL, NULL);

  copy = g_memdup2 (req, sizeof *req);
  copy->kind = g_strdup (req->kind);
  copy->scope_id = g_strdup (req->scope_id);
  copy->date = g_strdup (req->date);
  copy->from = g_strdup (req->from);

  return copy;
}

void
linli_sheet_request_free (LinliSheetRequest *req)
{
  if (req == NULL)
    return;

  g_free (req->kind);
  g_free (req->scope_id);
  g_free (req->date);
  g_free (req->from);
  g_free (req);
}

/**
 * linli_sheet_request_get_paper_size:
 *
 * The page size of @req in points, turned for landscape.
 */
void
linli_sheet_request_get_paper_size (const LinliSheetRequest *req,
                                    double                  *width,
                                    double                  *height)
{
  /* ISO 216, in points. */
  double w = req->paper == LINLI_PAPER_A3 ? 841.89 : 595.28;
  double h = req->paper == LINLI_PAPER_A3 ? 1190.55 : 841.89;

  if (req->landscape)
    {
      double t = w;

      w = h;
      h = t;
    }
  if (width)
    *width = w;
  if (height)
    *height = h;
}

/**
 * linli_sheet_scope_describe:
 *
 * Returns: the scope as the user calls it: "building", "grid", ...
 */
const char *
linli_sheet_scope_describe (LinliSheetScope scope)
{
  switch (scope)
    {
    case LINLI_SCOPE_ALL: return C_("scope", "whole community");
    case LINLI_SCOPE_COMPOUND: return C_("scope", "compound");
    case LINLI_SCOPE_GRID: return C_("scope", "grid");
    case LINLI_SCOPE_BUILDING: return C_("scope", "building");
    case LINLI_SCOPE_UNIT: return C_("scope", "unit");
    case LINLI_SCOPE_TEAM: return C_("scope", "team");
    default: return "?";
    }
}

const char *
linli_sheet_scope_to_string (LinliSheetScope scope)
{
  switch (scope)
    {
    case LINLI_SCOPE_ALL: return "all";
    case LINLI_SCOPE_COMPOUND: return "compound";
    case LINLI_SCOPE_GRID: return "grid";
    case LINLI_SCOPE_BUILDING: return "building";
    case LINLI_SCOPE_UNIT: return "unit";
    case LINLI_SCOPE_TEAM: return "team";
    default: return "?";
    }
}

/* Finding rows by what the user calls them. */

static char *
list_values (LinliDb    *db,
             const char *sql)
{
  g_autoptr(LinliQuery) q = linli_db_query (db, NULL, sql, NULL);
  GString *s = g_string_new (NULL);
  guint n = 0;

  while (q != NULL && linli_query_next (q, NULL))
    {
      if (n == 12)
        {
          g_string_append (s, ", …");
          break;
        }
      if (n++ > 0)
        g_string_append (s, ", ");
      g_string_append (s, linli_query_get_string (q, 0));
    }
  if (n == 0)
    g_string_append (s, _("none"));
  return g_string_free (s, FALSE);
}

/**
 * linli_print_find_compound:
 *
 * Returns: (transfer full) (nullable): the id of the compound called @name
 */
char *
linli_print_find_compound (LinliDb     *db,
                           const char  *name,
                           GError     **error)
{
  g_autofree char *id = NULL;
  g_autofree char *known = NULL;

  g_return_val_if_fail (LINLI_IS_DB (db), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  id = linli_db_query_string (db, NULL,
                              "SELECT id FROM compound WHERE deleted = 0 AND name = ? ORDER BY rowid LIMIT 1",
                              "s", name);
  if (id != NULL)
    return g_steal_pointer (&id);

  known = list_values (db, "SELECT name FROM compound WHERE deleted = 0 ORDER BY name");
  g_set_error (error, LINLI_PRINT_ERROR, LINLI_PRINT_ERROR_NOT_FOUND,
               _("No compound called “%s” (compounds: %s)"), name, known);
  return NULL;
}

/**
 * linli_print_find_grid:
 * @number_or_name: "3", "第3网格"
 *
 * Returns: (transfer full) (nullable): the id of the grid
 */
char *
linli_print_find_grid (LinliDb     *db,
                       const char  *number_or_name,
                       GError     **error)
{
  g_autofree char *id = NULL;
  g_autofree char *known = NULL;
  char *end = NULL;
  gint64 number;

  g_return_val_if_fail (LINLI_IS_DB (db), NULL);
  g_return_val_if_fail (number_or_name != NULL, NULL);

  number = g_ascii_strtoll (number_or_name, &end, 10);
  if (end != number_or_name && *end == '\0')
    id = linli_db_query_string (db, NULL,
                                "SELECT id FROM grid WHERE deleted = 0 AND number = ? ORDER BY rowid LIMIT 1",
                                "l", number);
  if (id == NULL)
    id = linli_db_query_string (db, NULL,
                                "SELECT id FROM grid WHERE deleted = 0 AND name = ? ORDER BY rowid LIMIT 1",
                                "s", number_or_name);
  if (id != NULL)
    return g_steal_pointer (&id);

  known = list_values (db, "SELECT coalesce(number, name) FROM grid WHERE deleted = 0 ORDER BY number, name");
  g_set_error (error, LINLI_PRINT_ERROR, LINLI_PRINT_ERROR_NOT_FOUND,
               _("No grid numbered or called “%s” (grids: %s)"), number_or_name, known);
  return NULL;
}

/**
 * linli_print_find_building:
 * @compound_id: (nullable): look only in this compound
 * @number: the number written on the building: "12", "A3"
 *
 * Returns: (transfer full) (nullable): the id of the building; an error
 *   when none or several (in different compounds) answer to @number
 */
char *
linli_print_find_building (LinliDb     *db,
                           const char  *compound_id,
                           const char  *number,
                           GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(LinliQuery) q = NULL;
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) compounds = g_string_new (NULL);

  g_return_val_if_fail (LINLI_IS_DB (db), NULL);
  g_return_val_if_fail (number != NULL, NULL);

  q = linli_db_query (db, &local_error,
                      "SELECT b.id, coalesce(c.name, '') FROM building b "
                      "LEFT JOIN compound c ON c.id = b.compound_id AND c.deleted = 0 "
                      "WHERE b.deleted = 0 AND (b.number = ? OR b.name = ?) "
                      "AND (? IS NULL OR b.compound_id = ?) ORDER BY b.rowid",
                      "ssss", number, number, compound_id, compound_id);
  while (q != NULL && linli_query_next (q, &local_error))
    {
      g_ptr_array_add (ids, linli_query_dup_string (q, 0));
      if (compounds->len > 0)
        g_string_append (compounds, ", ");
      g_string_append (compounds, linli_query_get_string (q, 1));
    }
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  if (ids->len == 1)
    return g_strdup (g_ptr_array_index (ids, 0));

  if (ids->len > 1)
    {
      g_set_error (error, LINLI_PRINT_ERROR, LINLI_PRINT_ERROR_AMBIGUOUS,
                   _("Building “%s” is in several compounds (%s): name the compound too"),
                   number, compounds->str);
      return NULL;
    }

  {
    g_autofree char *known = list_values (db, "SELECT number FROM building WHERE deleted = 0 "
                                              "ORDER BY number NOT GLOB '[0-9]*', CAST(number AS INTEGER), number");

    g_set_error (error, LINLI_PRINT_ERROR, LINLI_PRINT_ERROR_NOT_FOUND,
                 _("No building numbered “%s” (buildings: %s)"), number, known);
  }
  return NULL;
}

/* The context a kind builds in. */

LinliSheetContext *
linli_sheet_context_new (LinliDb                 *db,
                         const LinliSheetKind    *kind,
                         const LinliSheetRequest *request,
                         GError                 **error)
{
  g_autoptr(LinliSheetContext) ctx = g_new0 (LinliSheetContext, 1);
  g_autoptr(LinliQuery) q = NULL;
  g_autofree char *name = NULL;
  int y, m, d;

  ctx->db = g_object_ref (db);
  ctx->kind = kind;
  ctx->request = linli_sheet_request_copy (request);
  ctx->sheets = g_ptr_array_new ();

  g_date_clear (&ctx->date, 1);
  if (request->date != NULL)
    {
      if (sscanf (request->date, "%d-%d-%d", &y, &m, &d) != 3 || !g_date_valid_dmy (d, m, y))
        {
          g_set_error (error, LINLI_PRINT_ERROR, LINLI_PRINT_ERROR_FAILED,
                       _("The date “%s” is not a date (YYYY-MM-DD)"), request->date);
          return NULL;
        }
      g_date_set_dmy (&ctx->date, d, m, y);
    }
  else
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();

      g_date_set_dmy (&ctx->date, g_date_time_get_day_of_month (now),
                      g_date_time_get_month (now), g_date_time_get_year (now));
    }

  q = linli_db_query (db, error,
                      "SELECT name, hotline FROM community WHERE deleted = 0 ORDER BY rowid LIMIT 1",
                      NULL);
  if (q == NULL)
    return NULL;
  if (linli_query_next (q, NULL))
    {
      name = linli_query_dup_string (q, 0);
      ctx->hotline = linli_query_dup_string (q, 1);
    }

  if (name != NULL && *name != '\0')
    /* Translators: who issues a notice; %s is the community, e.g.
     * 青和居社区. zh_CN: "%s居民委员会" */
    ctx->issuer = g_strdup_printf (_("%s Residents’ Committee"), name);
  else
    ctx->issuer = g_strdup (_("Residents’ Committee"));

  return g_steal_pointer (&ctx);
}

static void
block_free (gpointer data)
{
  Block *block = data;

  g_free (block->markup);
  g_free (block->data);
  g_clear_object (&block->layout);
  g_clear_object (&block->layout2);
  if (block->table != NULL)
    {
      LinliSheetTable *t = block->table;

      for (guint i = 0; i < t->columns->len; i++)
        g_free (g_array_index (t->columns, Column, i).header);
      g_array_unref (t->columns);
      g_ptr_array_unref (t->rows);
      g_free (t->col_width);
      g_free (t->row_height);
      g_free (t->cell_offset);
      g_free (t->header_layouts);
      g_free (t->cell_layouts);
      g_free (t);
    }
  g_free (block);
}

static void
sheet_free (gpointer data)
{
  LinliPrintSheet *sheet = data;

  linli_sheet_free_layouts (sheet);
  g_free (sheet->outline_title);
  g_free (sheet->footer);
  g_ptr_array_unref (sheet->blocks);
  g_clear_pointer (&sheet->placements, g_array_unref);
  g_free (sheet);
}

void
linli_sheet_context_free (LinliSheetContext *ctx)
{
  if (ctx == NULL)
    return;

  g_ptr_array_set_free_func (ctx->sheets, sheet_free);
  g_ptr_array_unref (ctx->sheets);
  g_clear_object (&ctx->db);
  linli_sheet_request_free (ctx->request);
  g_free (ctx->issuer);
  g_free (ctx->hotline);
  g_free (ctx);
}

LinliDb *
linli_sheet_context_get_db (LinliSheetContext *ctx)
{
  return ctx->db;
}

const LinliSheetRequest *
linli_sheet_context_get_request (LinliSheetContext *ctx)
{
  return ctx->request;
}

/**
 * linli_sheet_context_get_date:
 *
 * Returns: (transfer none): the date the sheets carry (today, unless the
 *   request says otherwise); ages are computed on it
 */
GDate *
linli_sheet_context_get_date (LinliSheetContext *ctx)
{
  return &ctx->date;
}

/**
 * linli_sheet_context_get_issuer:
 *
 * Returns: who issues the notices: "青和居社区居民委员会"
 */
const char *
linli_sheet_context_get_issuer (LinliSheetContext *ctx)
{
  return ctx->issuer;
}

/**
 * linli_sheet_context_get_hotline:
 *
 * Returns: (nullable): the community's service phone; an office number,
 *   printed whole
 */
const char *
linli_sheet_context_get_hotline (LinliSheetContext *ctx)
{
  return ctx->hotline != NULL && *ctx->hotline != '\0' ? ctx->hotline : NULL;
}

/**
 * linli_sheet_context_add_sheet:
 * @outline_title: the sheet's name in the PDF's outline: "12栋2单元"
 *
 * Starts a new sheet: it begins on a new page and its pages are numbered
 * on their own.
 *
 * Returns: (transfer none): the sheet, to fill with blocks
 */
LinliPrintSheet *
linli_sheet_context_add_sheet (LinliSheetContext *ctx,
                               const char        *outline_title)
{
  LinliPrintSheet *sheet = g_new0 (LinliPrintSheet, 1);

  sheet->ctx = ctx;
  sheet->outline_title = g_strdup (outline_title);
  sheet->blocks = g_ptr_array_new_with_free_func (block_free);
  sheet->internal = ctx->kind != NULL && ctx->kind->internal;
  sheet->shrink = 1.0;
  g_ptr_array_add (ctx->sheets, sheet);
  ctx->masked = FALSE;

  if (ctx->request->red_band)
    {
      Block *block = g_new0 (Block, 1);

      block->type = BLOCK_LETTERHEAD;
      block->markup = g_markup_escape_text (ctx->issuer, -1);
      g_ptr_array_add (sheet->blocks, block);
    }

  return sheet;
}

/**
 * linli_sheet_context_format_phone:
 * @phone: (nullable): a phone number
 * @consent: whether its owner agreed to have it posted
 *
 * Returns: (transfer full): the phone whole if @consent, else masked as
 *   138****1234; "" for no phone
 */
char *
linli_sheet_context_format_phone (LinliSheetContext *ctx,
                                  const char        *phone,
                                  gboolean           consent)
{
  if (phone == NULL || *phone == '\0')
    return g_strdup ("");
  if (consent)
    return g_strdup (phone);

  ctx->masked = TRUE;
  return linli_mask_phone (phone);
}

/* Blocks. */

static Block *
add_block (LinliPrintSheet *sheet,
           BlockType   type)
{
  Block *block = g_new0 (Block, 1);

  block->type = type;
  g_ptr_array_add (sheet->blocks, block);
  return block;
}

void
linli_sheet_add_title (LinliPrintSheet *sheet,
                       const char *title)
{
  Block *block = add_block (sheet, BLOCK_TITLE);

  block->markup = g_markup_escape_text (title, -1);
  block->align = LINLI_ALIGN_CENTER;
  block->keep_with_next = TRUE;
}

void
linli_sheet_add_subtitle (LinliPrintSheet *sheet,
                          const char *subtitle)
{
  Block *block = add_block (sheet, BLOCK_SUBTITLE);

  block->markup = g_markup_escape_text (subtitle, -1);
  block->align = LINLI_ALIGN_CENTER;
  block->keep_with_next = TRUE;
}

/* A section heading: never left alone at the foot of a page. */
void
linli_sheet_add_heading (LinliPrintSheet *sheet,
                         const char *heading)
{
  Block *block = add_block (sheet, BLOCK_HEADING);

  block->markup = g_markup_escape_text (heading, -1);
  block->keep_with_next = TRUE;
}

void
linli_sheet_add_paragraph (LinliPrintSheet     *sheet,
                           LinliTextStyle  style,
                           LinliAlign      align,
                           const char     *text)
{
  g_autofree char *markup = g_markup_escape_text (text, -1);

  linli_sheet_add_markup (sheet, style, align, markup);
}

void
linli_sheet_add_markup (LinliPrintSheet     *sheet,
                        LinliTextStyle  style,
                        LinliAlign      align,
                        const char     *markup)
{
  Block *block = add_block (sheet, BLOCK_TEXT);

  block->markup = g_strdup (markup);
  block->style = style;
  block->align = align;
}

void
linli_sheet_add_space (LinliPrintSheet *sheet,
                       double      points)
{
  Block *block = add_block (sheet, BLOCK_SPACE);

  block->space = points;
}

/**
 * linli_sheet_add_qr:
 * @data: what the code holds, e.g. "tel:13812345678"
 * @caption_markup: Pango markup beside the code
 * @size_mm: the side of the code on A4 (it grows with the paper); 0 for
 *   the usual 34 mm. From 45 mm on, the caption is set bigger too.
 */
void
linli_sheet_add_qr (LinliPrintSheet *sheet,
                    const char *data,
                    const char *caption_markup,
                    double      size_mm)
{
  Block *block = add_block (sheet, BLOCK_QR);

  block->space = size_mm > 0 ? size_mm : 34;
  block->data = g_strdup (data);
  block->markup = g_strdup (caption_markup);
}

/* The issuer and the date, at the foot of the notice, right-aligned. */
void
linli_sheet_add_signature (LinliPrintSheet *sheet)
{
  Block *block = add_block (sheet, BLOCK_SIGNATURE);
  g_autofree char *date = linli_format_date (&sheet->ctx->date);

  block->markup = g_markup_printf_escaped ("%s\n%s", sheet->ctx->issuer, date);
  block->align = LINLI_ALIGN_RIGHT;
}

/**
 * linli_sheet_add_closing:
 *
 * The end of a notice: why some phones are shown in part, when one was,
 * and the issuer's signature with the date.
 */
void
linli_sheet_add_closing (LinliPrintSheet *sheet)
{
  if (sheet->ctx->masked)
    linli_sheet_add_paragraph (sheet, LINLI_TEXT_NOTE, LINLI_ALIGN_LEFT,
      _("Numbers with **** are shown in part because their owners have not agreed to post them; "
        "the community hotline puts you through."));
  linli_sheet_add_signature (sheet);
}

void
linli_sheet_set_footer (LinliPrintSheet *sheet,
                        const char *text)
{
  g_free (sheet->footer);
  sheet->footer = g_strdup (text);
}

/**
 * linli_sheet_set_fit_to_page:
 * @fit: %TRUE for a sheet that is one notice
 *
 * A notice that runs over its page by a few lines is set a little smaller
 * (down to three quarters) so that it stays on one page; if it still does
 * not fit, it flows onto more pages at its full size.
 */
void
linli_sheet_set_fit_to_page (LinliPrintSheet *sheet,
                             gboolean    fit)
{
  sheet->fit_to_page = fit;
}

static void
row_free (gpointer data)
{
  Row *row = data;

  g_strfreev (row->cells);
  g_free (row);
}

LinliSheetTable *
linli_sheet_add_table (LinliPrintSheet      *sheet,
                       LinliTableFlags  flags)
{
  Block *block = add_block (sheet, BLOCK_TABLE);
  LinliSheetTable *table = g_new0 (LinliSheetTable, 1);

  table->flags = flags;
  if (flags & LINLI_TABLE_FIELDS)
    table->flags |= LINLI_TABLE_NO_HEADER;
  table->columns = g_array_new (FALSE, TRUE, sizeof (Column));
  table->rows = g_ptr_array_new_with_free_func (row_free);
  block->table = table;

  return table;
}

/**
 * linli_sheet_table_add_column:
 * @header: (nullable): the column's header
 * @weight: its share of the width, relative to the other columns
 */
void
linli_sheet_table_add_column (LinliSheetTable  *table,
                              const char       *header,
                              double            weight,
                              LinliColumnFlags  flags)
{
  Column column = { g_strdup (header ? header : ""), weight > 0 ? weight : 1.0, flags };

  g_return_if_fail (table->rows->len == 0);

  g_array_append_val (table->columns, column);
}

/* Rows at least this tall (before scaling): room to write by hand. */
void
linli_sheet_table_set_min_row_height (LinliSheetTable *table,
                                      double           points)
{
  table->min_row_height = points;
}

void
linli_sheet_table_add_rowv (LinliSheetTable   *table,
                            const char *const *cells)
{
  Row *row = g_new0 (Row, 1);

  row->cells = g_new0 (char *, table->columns->len + 1);
  for (guint i = 0; i < table->columns->len; i++)
    row->cells[i] = g_strdup (cells[i] ? cells[i] : "");
  g_ptr_array_add (table->rows, row);
}

/**
 * linli_sheet_table_add_row:
 * @...: one string per column (NULL prints nothing)
 */
void
linli_sheet_table_add_row (LinliSheetTable *table,
                           ...)
{
  g_autofree const char **cells = g_new0 (const char *, table->columns->len + 1);
  va_list args;

  va_start (args, table);
  for (guint i = 0; i < table->columns->len; i++)
    cells[i] = va_arg (args, const char *);
  va_end (args);

  linli_sheet_table_add_rowv (table, cells);
}

/* Greys the last row: a place still to fill ("to be found"). */
void
linli_sheet_table_mute_last_row (LinliSheetTable *table)
{
  g_return_if_fail (table->rows->len > 0);

  ((Row *) g_ptr_array_index (table->rows, table->rows->len - 1))->muted = TRUE;
}

guint
linli_sheet_table_get_n_rows (LinliSheetTable *table)
{
  return table->rows->len;
}
