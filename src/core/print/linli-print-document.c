/* linli-print-document.c: the layout engine of the notice-board sheets
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every PangoLayout is made on one PangoContext of the document whose
 * font options do not depend on the target (no hinting, unrounded glyph
 * positions), with sizes in points. A page laid out once therefore draws
 * the same on a PDF surface, on a printer's cairo context and in a
 * preview: the target's cairo transformation only scales it.
 *
 * Layouts live only as long as they are needed: pagination measures a
 * sheet, keeps its page breaks (numbers) and lets go of the layouts of
 * the previous sheet, so that 337 stairwell sheets take the memory of one.
 */

#define G_LOG_DOMAIN "linli-print"

#include "config.h"

#include <cairo-pdf.h>
#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <qrencode.h>
#include <string.h>

#include "linli-format.h"
#include "linli-print-private.h"

#define MM(x) ((x) * 72.0 / 25.4)

/* TrueType CJK faces first. cairo 1.16 (Debian 12) writes some glyphs of
 * the CFF-based Noto CJK fonts into PDFs in a form that poppler and
 * ghostscript draw as nothing: 如 is one, so 王如意 printed as 王 意.
 * Its TrueType subsetter has no such fault. Noto stays as the fallback
 * for anything the first face lacks. Bold is made by cairo from the
 * outlines (WenQuanYi has no bold face), which embeds correctly too. */
#define SANS  "WenQuanYi Micro Hei, Noto Sans CJK SC"
#define SERIF "AR PL UMing CN, WenQuanYi Micro Hei, Noto Serif CJK SC"

typedef enum
{
  F_LETTERHEAD,
  F_TITLE,
  F_SUBTITLE,
  F_HEADING,
  F_BODY,
  F_BODY_BOLD,
  F_NOTE,
  F_LEAD,
  F_HUGE,
  F_TABLE_HEAD,
  F_CELL,
  F_CELL_BOLD,
  F_FOOTER,
  F_FOOTER_BOLD,
  F_SIGNATURE,
  F_LARGE,
  F_LARGE_BOLD,
  N_FONTS
} Font;

static const struct {
  const char  *family;
  PangoWeight  weight;
  double       size;   /* points on A4, normal print */
} font_specs[N_FONTS] = {
  [F_LETTERHEAD]  = { SERIF, PANGO_WEIGHT_BOLD, 28 },
  [F_TITLE]       = { SANS, PANGO_WEIGHT_BOLD, 22 },
  [F_SUBTITLE]    = { SANS, PANGO_WEIGHT_NORMAL, 13 },
  [F_HEADING]     = { SANS, PANGO_WEIGHT_BOLD, 14 },
  [F_BODY]        = { SANS, PANGO_WEIGHT_NORMAL, 12 },
  [F_BODY_BOLD]   = { SANS, PANGO_WEIGHT_BOLD, 12 },
  [F_NOTE]        = { SANS, PANGO_WEIGHT_NORMAL, 9.5 },
  [F_LEAD]        = { SANS, PANGO_WEIGHT_BOLD, 17 },
  [F_HUGE]        = { SANS, PANGO_WEIGHT_BOLD, 36 },
  [F_TABLE_HEAD]  = { SANS, PANGO_WEIGHT_BOLD, 12 },
  [F_CELL]        = { SANS, PANGO_WEIGHT_NORMAL, 12 },
  [F_CELL_BOLD]   = { SANS, PANGO_WEIGHT_BOLD, 12 },
  [F_FOOTER]      = { SANS, PANGO_WEIGHT_NORMAL, 8.5 },
  [F_FOOTER_BOLD] = { SANS, PANGO_WEIGHT_BOLD, 8.5 },
  [F_SIGNATURE]   = { SANS, PANGO_WEIGHT_NORMAL, 13 },
  [F_LARGE]       = { SANS, PANGO_WEIGHT_NORMAL, 15 },
  [F_LARGE_BOLD]  = { SANS, PANGO_WEIGHT_BOLD, 15 },
};

/* Colours: near-black text, the red of official notices. */
#define INK        0.10, 0.10, 0.10
#define GREY       0.36, 0.36, 0.36
#define MUTED      0.50, 0.50, 0.50
#define RED        0.78, 0.09, 0.11
#define RULE       0.20, 0.20, 0.20
#define HEAD_FILL  0.90, 0.90, 0.90

/* Names shrink to this share of their size before they wrap. */
#define FIT_MIN_SHRINK 0.72

struct _LinliPrintDocument
{
  GObject               parent_instance;

  LinliSheetContext    *ctx;
  char                 *title;
  PangoContext         *pango;
  PangoFontDescription *fonts[N_FONTS];

  double                width;
  double                height;
  double                base_scale;  /* type scale: paper size and large print */
  double                scale;       /* base_scale and the shrink of the sheet measured */
  double                margin;
  guint                 next_sheet;  /* pagination progress */
  GArray               *page_sheet;  /* guint: the sheet of each page */
  LinliPrintSheet           *measured;    /* the sheet whose layouts are alive */
  GHashTable           *layouts;     /* key -> CachedLayout: texts repeated from sheet to sheet */
};

/* The units of one building share their squad: most of a sheet's texts
 * were laid out for the sheet before. Layouts are never changed once
 * made, so they can be shared. */
#define LAYOUT_CACHE_MAX 4096

typedef struct
{
  PangoLayout *layout;
  double       offset;
} CachedLayout;

static void
cached_layout_free (gpointer data)
{
  CachedLayout *cached = data;

  g_object_unref (cached->layout);
  g_free (cached);
}

G_DEFINE_FINAL_TYPE (LinliPrintDocument, linli_print_document, G_TYPE_OBJECT)

static void
linli_print_document_finalize (GObject *object)
{
  LinliPrintDocument *self = LINLI_PRINT_DOCUMENT (object);

  g_clear_pointer (&self->ctx, linli_sheet_context_free);
  g_clear_object (&self->pango);
  for (guint i = 0; i < N_FONTS; i++)
    g_clear_pointer (&self->fonts[i], pango_font_description_free);
  g_clear_pointer (&self->page_sheet, g_array_unref);
  g_clear_pointer (&self->layouts, g_hash_table_unref);
  g_free (self->title);

  G_OBJECT_CLASS (linli_print_document_parent_class)->finalize (object);
}

static void
linli_print_document_class_init (LinliPrintDocumentClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = linli_print_document_finalize;
}

static void
linli_print_document_init (LinliPrintDocument *self)
{
  cairo_font_options_t *options;

  self->page_sheet = g_array_new (FALSE, FALSE, sizeof (guint));
  self->layouts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, cached_layout_free);
  self->margin = MM (LINLI_PRINT_MARGIN_MM);

  self->pango = pango_font_map_create_context (pango_cairo_font_map_get_default ());
  pango_cairo_context_set_resolution (self->pango, 72.0);
  pango_context_set_language (self->pango, pango_language_from_string ("zh-cn"));
  pango_context_set_round_glyph_positions (self->pango, FALSE);

  /* Metrics that do not depend on the device: the same line breaks on
   * paper, in the PDF and in the preview. */
  options = cairo_font_options_create ();
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  cairo_font_options_set_antialias (options, CAIRO_ANTIALIAS_GRAY);
  pango_cairo_context_set_font_options (self->pango, options);
  cairo_font_options_destroy (options);
}

/**
 * linli_print_document_new_for_kind:
 * @kind: the sheet kind, registered or not (tests use their own)
 *
 * Queries the data of the sheets @request asks for.
 *
 * Returns: (transfer full) (nullable): the document, or %NULL with an error
 *   when the scope does not fit the kind or holds nothing to print
 */
LinliPrintDocument *
linli_print_document_new_for_kind (LinliDb                 *db,
                                   const LinliSheetKind    *kind,
                                   const LinliSheetRequest *request,
                                   GError                 **error)
{
  g_autoptr(LinliPrintDocument) self = NULL;
  g_autoptr(LinliSheetContext) ctx = NULL;

  g_return_val_if_fail (LINLI_IS_DB (db), NULL);
  g_return_val_if_fail (kind != NULL, NULL);
  g_return_val_if_fail (request != NULL, NULL);

  if ((kind->scopes & LINLI_SCOPE_MASK (request->scope)) == 0)
    {
      g_set_error (error, LINLI_PRINT_ERROR, LINLI_PRINT_ERROR_BAD_SCOPE,
                   /* Translators: e.g. "Grid service cards cannot be made for a building" */
                   _("%s cannot be made for a %s"),
                   _(kind->label), linli_sheet_scope_describe (request->scope));
      return NULL;
    }
  if (request->scope != LINLI_SCOPE_ALL && request->scope_id == NULL)
    {
      g_set_error (error, LINLI_PRINT_ERROR, LINLI_PRINT_ERROR_BAD_SCOPE,
                   _("Say which %s to print"), linli_sheet_scope_describe (request->scope));
      return NULL;
    }

  ctx = linli_sheet_context_new (db, kind, request, error);
  if (ctx == NULL)
    return NULL;

  if (!kind->build (ctx, error))
    return NULL;

  if (ctx->sheets->len == 0)
    {
      g_set_error (error, LINLI_PRINT_ERROR, LINLI_PRINT_ERROR_EMPTY,
                   _("Nothing to print: there are no %s for this %s"),
                   _(kind->label), linli_sheet_scope_describe (request->scope));
      return NULL;
    }

  self = g_object_new (LINLI_TYPE_PRINT_DOCUMENT, NULL);
  self->ctx = g_steal_pointer (&ctx);
  if (self->ctx->sheets->len == 1)
    self->title = g_strdup_printf ("%s %s", _(kind->label),
                                   ((LinliPrintSheet *) g_ptr_array_index (self->ctx->sheets, 0))->outline_title);
  else
    self->title = g_strdup (_(kind->label));

  return g_steal_pointer (&self);
}

/**
 * linli_print_document_new:
 *
 * Like linli_print_document_new_for_kind(), with the kind named in
 * @request.
 *
 * Returns: (transfer full) (nullable): the document
 */
LinliPrintDocument *
linli_print_document_new (LinliDb                 *db,
                          const LinliSheetRequest *request,
                          GError                 **error)
{
  const LinliSheetKind *kind;

  g_return_val_if_fail (request != NULL, NULL);

  kind = linli_sheet_kind_lookup (request->kind);
  if (kind == NULL)
    {
      g_set_error (error, LINLI_PRINT_ERROR, LINLI_PRINT_ERROR_UNKNOWN_KIND,
                   _("No kind of sheet is called “%s”"), request->kind ? request->kind : "");
      return NULL;
    }

  return linli_print_document_new_for_kind (db, kind, request, error);
}

const LinliSheetRequest *
linli_print_document_get_request (LinliPrintDocument *self)
{
  g_return_val_if_fail (LINLI_IS_PRINT_DOCUMENT (self), NULL);

  return self->ctx->request;
}

const char *
linli_print_document_get_title (LinliPrintDocument *self)
{
  g_return_val_if_fail (LINLI_IS_PRINT_DOCUMENT (self), NULL);

  return self->title;
}

guint
linli_print_document_get_n_sheets (LinliPrintDocument *self)
{
  g_return_val_if_fail (LINLI_IS_PRINT_DOCUMENT (self), 0);

  return self->ctx->sheets->len;
}

const char *
linli_print_document_get_sheet_title (LinliPrintDocument *self,
                                      guint               sheet)
{
  g_return_val_if_fail (LINLI_IS_PRINT_DOCUMENT (self), NULL);
  g_return_val_if_fail (sheet < self->ctx->sheets->len, NULL);

  return ((LinliPrintSheet *) g_ptr_array_index (self->ctx->sheets, sheet))->outline_title;
}

/* Layouts. */

static PangoLayout *
make_layout (LinliPrintDocument         *self,
             const PangoFontDescription *font,
             const char                 *markup,
             gboolean                    is_markup,
             double                      width,
             LinliAlign                  align,
             int                         max_lines)
{
  PangoLayout *layout = pango_layout_new (self->pango);

  pango_layout_set_font_description (layout, font);
  if (is_markup)
    pango_layout_set_markup (layout, markup, -1);
  else
    pango_layout_set_text (layout, markup, -1);

  if (width > 0)
    {
      pango_layout_set_width (layout, (int) floor (width * PANGO_SCALE));
      /* Chinese breaks between any two characters; pango knows where
       * it must not (before 。，、and closing brackets). */
      pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
      pango_layout_set_alignment (layout,
                                  align == LINLI_ALIGN_CENTER ? PANGO_ALIGN_CENTER :
                                  align == LINLI_ALIGN_RIGHT ? PANGO_ALIGN_RIGHT :
                                  PANGO_ALIGN_LEFT);
      if (max_lines > 0)
        {
          pango_layout_set_height (layout, -max_lines);
          pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
        }
    }

  return layout;
}

static double
layout_height (PangoLayout *layout)
{
  PangoRectangle logical;

  pango_layout_get_extents (layout, NULL, &logical);
  return (double) logical.height / PANGO_SCALE;
}

static double
layout_width (PangoLayout *layout)
{
  PangoRectangle logical;

  pango_layout_get_extents (layout, NULL, &logical);
  return (double) (logical.x + logical.width) / PANGO_SCALE;
}

static PangoFontDescription *
font_scaled (const PangoFontDescription *font,
             double                      factor)
{
  PangoFontDescription *copy = pango_font_description_copy (font);

  pango_font_description_set_absolute_size (copy,
    floor (pango_font_description_get_size (font) * factor));
  return copy;
}

/* One line if it fits; else shrunk down to FIT_MIN_SHRINK; else wrapped
 * at a smaller size. Never wider than @width. Sets *offset for centring
 * a single line (pango centres only wrapped layouts). */
static PangoLayout *
make_fitting_layout (LinliPrintDocument         *self,
                    const PangoFontDescription *font,
                    const char                 *text,
                    gboolean                    is_markup,
                    double                      width,
                    gboolean                    center,
                    int                         max_lines,
                    double                     *offset)
{
  PangoLayout *layout = make_layout (self, font, text, is_markup, -1, LINLI_ALIGN_LEFT, 0);
  double natural = layout_width (layout);
  double factor;

  *offset = 0;
  if (natural <= width)
    {
      if (center && pango_layout_get_line_count (layout) > 1)
        {
          /* Lines of their own ("11月25日" over "周三"): each centred. */
          g_object_unref (layout);
          return make_layout (self, font, text, is_markup, width, LINLI_ALIGN_CENTER, max_lines);
        }
      if (center)
        *offset = (width - natural) / 2;
      return layout;
    }

  factor = width / natural * 0.99;
  g_object_unref (layout);
  if (factor >= FIT_MIN_SHRINK)
    {
      g_autoptr(PangoFontDescription) smaller = font_scaled (font, factor);

      layout = make_layout (self, smaller, text, is_markup, -1, LINLI_ALIGN_LEFT, 0);
      natural = layout_width (layout);
      if (natural <= width)
        {
          if (center && pango_layout_get_line_count (layout) > 1)
            {
              g_object_unref (layout);
              return make_layout (self, smaller, text, is_markup, width, LINLI_ALIGN_CENTER, max_lines);
            }
          if (center)
            *offset = (width - natural) / 2;
          return layout;
        }
      g_object_unref (layout);
    }

  {
    g_autoptr(PangoFontDescription) smaller = font_scaled (font, 0.85);

    return make_layout (self, smaller, text, is_markup, width,
                       center ? LINLI_ALIGN_CENTER : LINLI_ALIGN_LEFT, max_lines);
  }
}

static char *
layout_key (const PangoFontDescription *font,
            char                        kind,
            const char                 *text,
            gboolean                    is_markup,
            double                      width,
            int                         align,
            int                         max_lines)
{
  /* Fonts are the document's own descriptions: their address names them
   * until the type scale changes, which empties the cache. */
  return g_strdup_printf ("%p%c%c%d/%d/%.3f|%s", (gpointer) font, kind, is_markup ? 'm' : 't',
                          align, max_lines, width, text);
}

static PangoLayout *
new_layout (LinliPrintDocument         *self,
            const PangoFontDescription *font,
            const char                 *markup,
            gboolean                    is_markup,
            double                      width,
            LinliAlign                  align,
            int                         max_lines)
{
  char *key = layout_key (font, 'l', markup, is_markup, width, align, max_lines);
  CachedLayout *cached = g_hash_table_lookup (self->layouts, key);

  if (cached == NULL)
    {
      if (g_hash_table_size (self->layouts) >= LAYOUT_CACHE_MAX)
        g_hash_table_remove_all (self->layouts);
      cached = g_new0 (CachedLayout, 1);
      cached->layout = make_layout (self, font, markup, is_markup, width, align, max_lines);
      g_hash_table_insert (self->layouts, key, cached);
    }
  else
    g_free (key);

  return g_object_ref (cached->layout);
}

static PangoLayout *
new_fitting_layout (LinliPrintDocument         *self,
                    const PangoFontDescription *font,
                    const char                 *text,
                    gboolean                    is_markup,
                    double                      width,
                    gboolean                    center,
                    int                         max_lines,
                    double                     *offset)
{
  char *key = layout_key (font, center ? 'c' : 'f', text, is_markup, width, 0, max_lines);
  CachedLayout *cached = g_hash_table_lookup (self->layouts, key);

  if (cached == NULL)
    {
      if (g_hash_table_size (self->layouts) >= LAYOUT_CACHE_MAX)
        g_hash_table_remove_all (self->layouts);
      cached = g_new0 (CachedLayout, 1);
      cached->layout = make_fitting_layout (self, font, text, is_markup, width, center, max_lines,
                                            &cached->offset);
      g_hash_table_insert (self->layouts, key, cached);
    }
  else
    g_free (key);

  *offset = cached->offset;
  return g_object_ref (cached->layout);
}

static void
table_free_layouts (LinliSheetTable *t)
{
  guint n_cols = t->columns->len;

  if (t->header_layouts != NULL)
    for (guint i = 0; i < n_cols; i++)
      g_clear_object (&t->header_layouts[i]);
  if (t->cell_layouts != NULL)
    for (guint i = 0; i < t->rows->len * n_cols; i++)
      g_clear_object (&t->cell_layouts[i]);
  g_clear_pointer (&t->header_layouts, g_free);
  g_clear_pointer (&t->cell_layouts, g_free);
}

void
linli_sheet_free_layouts (LinliPrintSheet *sheet)
{
  for (guint i = 0; i < sheet->blocks->len; i++)
    {
      Block *block = g_ptr_array_index (sheet->blocks, i);

      g_clear_object (&block->layout);
      g_clear_object (&block->layout2);
      if (block->table != NULL)
        table_free_layouts (block->table);
    }
  g_clear_object (&sheet->footer_layout);
}

static double
content_width (LinliPrintDocument *self)
{
  return self->width - 2 * self->margin;
}

static void
table_padding (LinliPrintDocument *self,
               LinliSheetTable    *t,
               double             *pad_x,
               double             *pad_y)
{
  gboolean fields = (t->flags & LINLI_TABLE_FIELDS) != 0;

  *pad_x = (fields ? 2 : 5) * self->scale;
  *pad_y = (fields ? 3.5 : 4.5) * self->scale * ((t->flags & LINLI_TABLE_LARGE) ? 1.5 : 1.0);
}

static void
measure_table (LinliPrintDocument *self,
               LinliSheetTable    *t)
{
  guint n_cols = t->columns->len;
  guint n_rows = t->rows->len;
  gboolean markup = (t->flags & LINLI_TABLE_MARKUP) != 0;
  double total = 0, pad_x, pad_y, min_row;
  double width = content_width (self);

  table_padding (self, t, &pad_x, &pad_y);
  table_free_layouts (t);

  g_free (t->col_width);
  t->col_width = g_new0 (double, n_cols);
  for (guint c = 0; c < n_cols; c++)
    total += g_array_index (t->columns, Column, c).weight;
  for (guint c = 0; c < n_cols; c++)
    t->col_width[c] = width * g_array_index (t->columns, Column, c).weight / total;

  t->header_layouts = g_new0 (PangoLayout *, n_cols);
  t->header_height = 0;
  if (!(t->flags & LINLI_TABLE_NO_HEADER))
    {
      for (guint c = 0; c < n_cols; c++)
        {
          Column *col = &g_array_index (t->columns, Column, c);
          double offset;

          t->header_layouts[c] = new_fitting_layout (self, self->fonts[F_TABLE_HEAD], col->header, FALSE,
                                                     t->col_width[c] - 2 * pad_x, TRUE, 3, &offset);
          t->header_height = MAX (t->header_height, layout_height (t->header_layouts[c]));
        }
      t->header_height += 2 * pad_y;
    }

  g_free (t->row_height);
  g_free (t->cell_offset);
  t->row_height = g_new0 (double, n_rows);
  t->cell_offset = g_new0 (double, MAX (1, n_rows * n_cols));
  t->cell_layouts = g_new0 (PangoLayout *, MAX (1, n_rows * n_cols));
  min_row = t->min_row_height * self->scale;

  for (guint r = 0; r < n_rows; r++)
    {
      Row *row = g_ptr_array_index (t->rows, r);
      double h = 0;

      for (guint c = 0; c < n_cols; c++)
        {
          Column *col = &g_array_index (t->columns, Column, c);
          gboolean large = (t->flags & LINLI_TABLE_LARGE) != 0;
          const PangoFontDescription *font = (col->flags & LINLI_COLUMN_BOLD) ? self->fonts[large ? F_LARGE_BOLD : F_CELL_BOLD]
                                                                               : self->fonts[large ? F_LARGE : F_CELL];
          double avail = t->col_width[c] - 2 * pad_x;
          gboolean center = (col->flags & LINLI_COLUMN_CENTER) != 0;
          PangoLayout *layout;
          guint i = r * n_cols + c;

          if ((col->flags & LINLI_COLUMN_FIT) && strchr (row->cells[c], '\n') == NULL)
            layout = new_fitting_layout (self, font, row->cells[c], markup, avail, center, 3,
                                         &t->cell_offset[i]);
          else
            layout = new_layout (self, font, row->cells[c], markup, avail,
                                 center ? LINLI_ALIGN_CENTER : LINLI_ALIGN_LEFT, 8);
          t->cell_layouts[i] = layout;
          h = MAX (h, layout_height (layout));
        }
      t->row_height[r] = MAX (h + 2 * pad_y, min_row);
    }
}

static void
block_spacing (LinliPrintDocument *self,
               Block              *block,
               double             *before,
               double             *after)
{
  double b = 0, a = 0;

  switch (block->type)
    {
    case BLOCK_LETTERHEAD: a = 18; break;
    case BLOCK_TITLE: a = 4; break;
    case BLOCK_SUBTITLE: a = 14; break;
    case BLOCK_HEADING: b = 12; a = 5; break;
    case BLOCK_TEXT: a = 8; break;
    case BLOCK_SPACE: break;
    case BLOCK_QR: b = 6; a = 12; break;
    case BLOCK_SIGNATURE: b = 20; break;
    case BLOCK_TABLE: a = 10; break;
    default: break;
    }
  *before = b * self->scale;
  *after = a * self->scale;
}

static Font
text_font (LinliTextStyle style)
{
  switch (style)
    {
    case LINLI_TEXT_BODY_BOLD: return F_BODY_BOLD;
    case LINLI_TEXT_NOTE: return F_NOTE;
    case LINLI_TEXT_LEAD: return F_LEAD;
    case LINLI_TEXT_HUGE: return F_HUGE;
    case LINLI_TEXT_BODY:
    default:
      return F_BODY;
    }
}

static void
measure_block (LinliPrintDocument *self,
               Block              *block)
{
  double width = content_width (self);

  g_clear_object (&block->layout);
  g_clear_object (&block->layout2);

  switch (block->type)
    {
    case BLOCK_LETTERHEAD:
      {
        double offset;

        block->layout = new_fitting_layout (self, self->fonts[F_LETTERHEAD], block->markup, TRUE,
                                            width, TRUE, 2, &offset);
        block->offset = offset;
        block->height = layout_height (block->layout) + 10 * self->scale;
      }
      break;

    case BLOCK_TITLE:
      block->layout = new_layout (self, self->fonts[F_TITLE], block->markup, TRUE, width, block->align, 3);
      block->height = layout_height (block->layout);
      break;

    case BLOCK_SUBTITLE:
      block->layout = new_layout (self, self->fonts[F_SUBTITLE], block->markup, TRUE, width, block->align, 3);
      block->height = layout_height (block->layout);
      break;

    case BLOCK_HEADING:
      block->layout = new_layout (self, self->fonts[F_HEADING], block->markup, TRUE, width, block->align, 3);
      block->height = layout_height (block->layout);
      break;

    case BLOCK_TEXT:
      block->layout = new_layout (self, self->fonts[text_font (block->style)], block->markup, TRUE,
                                  width, block->align, 0);
      block->height = layout_height (block->layout);
      break;

    case BLOCK_SIGNATURE:
      block->layout = new_layout (self, self->fonts[F_SIGNATURE], block->markup, TRUE, width,
                                  LINLI_ALIGN_RIGHT, 0);
      block->height = layout_height (block->layout);
      break;

    case BLOCK_SPACE:
      block->height = block->space * self->scale;
      break;

    case BLOCK_QR:
      {
        double gap = 14 * self->scale;

        block->qr_size = MIN (MM (block->space) * self->scale, width * 0.45);
        block->layout = new_layout (self, self->fonts[block->space >= 45 ? F_LEAD : F_BODY],
                                    block->markup ? block->markup : "", TRUE,
                                    width - block->qr_size - gap, LINLI_ALIGN_LEFT, 0);
        block->height = MAX (block->qr_size, layout_height (block->layout));
      }
      break;

    case BLOCK_TABLE:
      {
        LinliSheetTable *t = block->table;

        measure_table (self, t);
        block->height = t->header_height;
        for (guint r = 0; r < t->rows->len; r++)
          block->height += t->row_height[r];
      }
      break;

    default:
      g_assert_not_reached ();
    }
}

static void
measure_footer (LinliPrintDocument *self,
                LinliPrintSheet         *sheet)
{
  g_autoptr(GString) markup = g_string_new (NULL);
  g_autofree char *date = linli_format_date (&sheet->ctx->date);
  double line;

  g_clear_object (&sheet->footer_layout);

  if (sheet->internal)
    {
      g_autofree char *notice = g_markup_escape_text (
        _("Internal: contains residents’ personal information. Keep it safe; do not post it or pass it on."), -1);
      /* Translators: %s is a date, e.g. 2026年11月23日 */
      g_autofree char *printed = g_strdup_printf (_("Printed %s"), date);
      g_autofree char *printed_escaped = g_markup_escape_text (printed, -1);

      g_string_append_printf (markup, "<b>%s</b>  %s", notice, printed_escaped);
    }
  if (sheet->footer != NULL)
    {
      g_autofree char *escaped = g_markup_escape_text (sheet->footer, -1);

      if (markup->len > 0)
        g_string_append (markup, "  ");
      g_string_append (markup, escaped);
    }

  /* The page number takes the right quarter; its line is always kept so
   * that page breaks do not depend on the number of pages. */
  {
    g_autoptr(PangoLayout) probe = new_layout (self, self->fonts[F_FOOTER], "0", FALSE, -1,
                                               LINLI_ALIGN_LEFT, 0);

    line = layout_height (probe);
  }
  if (markup->len > 0)
    {
      sheet->footer_layout = new_layout (self, self->fonts[F_FOOTER], markup->str, TRUE,
                                         content_width (self) * 0.74, LINLI_ALIGN_LEFT, 3);
      line = MAX (line, layout_height (sheet->footer_layout));
    }
  sheet->footer_height = line + 9 * self->scale;
}

static void rebuild_fonts (LinliPrintDocument *self);

static void
measure_sheet (LinliPrintDocument *self,
               LinliPrintSheet         *sheet)
{
  double scale = self->base_scale * sheet->shrink;

  if (self->measured == sheet && self->scale == scale)
    return;
  if (self->measured != NULL)
    linli_sheet_free_layouts (self->measured);
  if (self->scale != scale)
    {
      self->scale = scale;
      rebuild_fonts (self);
    }

  for (guint i = 0; i < sheet->blocks->len; i++)
    measure_block (self, g_ptr_array_index (sheet->blocks, i));
  measure_footer (self, sheet);
  self->measured = sheet;
}

/* Pagination. */

static void
rebuild_fonts (LinliPrintDocument *self)
{
  g_hash_table_remove_all (self->layouts);
  for (guint i = 0; i < N_FONTS; i++)
    {
      g_clear_pointer (&self->fonts[i], pango_font_description_free);
      self->fonts[i] = pango_font_description_new ();
      pango_font_description_set_family (self->fonts[i], font_specs[i].family);
      pango_font_description_set_weight (self->fonts[i], font_specs[i].weight);
      pango_font_description_set_absolute_size (self->fonts[i],
                                                font_specs[i].size * self->scale * PANGO_SCALE);
    }
}

void
linli_print_document_begin_pagination (LinliPrintDocument *self,
                                       double              width,
                                       double              height)
{
  double paper_scale;

  g_return_if_fail (LINLI_IS_PRINT_DOCUMENT (self));
  g_return_if_fail (width > 0 && height > 0);

  if (self->measured != NULL)
    linli_sheet_free_layouts (self->measured);
  self->measured = NULL;

  self->width = width;
  self->height = height;
  /* Type grows with the paper: an A3 poster is read from further away.
   * Large print is for elderly readers at arm's length. */
  paper_scale = MIN (width, height) / 595.28;
  self->base_scale = paper_scale * (self->ctx->request->large_print ? 1.4 : 1.0);
  self->scale = self->base_scale;
  self->margin = MM (LINLI_PRINT_MARGIN_MM) * MAX (1.0, paper_scale * 0.85);
  rebuild_fonts (self);

  g_array_set_size (self->page_sheet, 0);
  self->next_sheet = 0;
  for (guint i = 0; i < self->ctx->sheets->len; i++)
    {
      LinliPrintSheet *sheet = g_ptr_array_index (self->ctx->sheets, i);

      g_clear_pointer (&sheet->placements, g_array_unref);
      sheet->n_pages = 0;
      sheet->shrink = 1.0;
    }
}

static double
first_chunk_height (LinliPrintDocument *self,
                    LinliPrintSheet         *sheet,
                    guint               index)
{
  Block *block;
  double before, after, h;

  if (index >= sheet->blocks->len)
    return 0;

  block = g_ptr_array_index (sheet->blocks, index);
  block_spacing (self, block, &before, &after);
  if (block->type == BLOCK_TABLE)
    {
      h = block->table->header_height;
      if (block->table->rows->len > 0)
        h += block->table->row_height[0];
      return before + h;
    }

  h = before + block->height;
  if (block->keep_with_next)
    h += after + first_chunk_height (self, sheet, index + 1);
  return h;
}

static void
lay_out_pages (LinliPrintDocument *self,
               LinliPrintSheet         *sheet)
{
  double top = self->margin;
  double bottom;
  double y = top;
  guint page = 0;
  gboolean empty = TRUE;

  measure_sheet (self, sheet);
  bottom = self->height - self->margin - sheet->footer_height;

  g_clear_pointer (&sheet->placements, g_array_unref);
  sheet->placements = g_array_new (FALSE, TRUE, sizeof (Placement));

#define NEW_PAGE() G_STMT_START { page++; y = top; empty = TRUE; } G_STMT_END

  for (guint i = 0; i < sheet->blocks->len; i++)
    {
      Block *block = g_ptr_array_index (sheet->blocks, i);
      double before, after;

      block_spacing (self, block, &before, &after);

      if (block->type == BLOCK_SPACE)
        {
          if (!empty)
            y += block->height;
          continue;
        }

      if (block->type == BLOCK_TABLE)
        {
          LinliSheetTable *t = block->table;
          guint r = 0;
          guint n_rows = t->rows->len;
          gboolean header = !(t->flags & LINLI_TABLE_NO_HEADER);

          do
            {
              double start = empty ? y : y + before;
              double hh = header ? t->header_height : 0;
              double used = hh;
              Placement p = { page, i, start, r, r, header, 1.0 };

              if (n_rows > 0 && start + hh + t->row_height[r] > bottom && !empty)
                {
                  NEW_PAGE ();
                  continue;
                }

              /* At least one row per page, whatever its height: rows are
               * bounded in lines, so one row always fits a page. */
              do
                {
                  used += t->row_height[p.row_end];
                  p.row_end++;
                }
              while (p.row_end < n_rows && start + used + t->row_height[p.row_end] <= bottom);

              if (n_rows == 0)
                p.row_end = 0;
              g_array_append_val (sheet->placements, p);
              y = start + used;
              empty = FALSE;
              r = p.row_end;
              if (r < n_rows)
                NEW_PAGE ();
            }
          while (r < n_rows);

          y += after;
          continue;
        }

      {
        double need = block->height;
        double room = bottom - top;
        Placement p = { page, i, 0, 0, 0, FALSE, 1.0 };

        if (block->keep_with_next)
          need += after + first_chunk_height (self, sheet, i + 1);
        if (need > room)
          need = block->height;

        if (!empty && y + before + need > bottom)
          NEW_PAGE ();

        p.page = page;
        p.y = empty ? y : y + before;
        if (block->height > room)
          p.scale = room / block->height;
        g_array_append_val (sheet->placements, p);
        y = p.y + block->height * p.scale + after;
        empty = FALSE;
      }
    }

#undef NEW_PAGE

  sheet->n_pages = page + 1;
}

static void
paginate_sheet (LinliPrintDocument *self,
                LinliPrintSheet         *sheet)
{
  sheet->shrink = 1.0;
  lay_out_pages (self, sheet);

  if (sheet->fit_to_page && sheet->n_pages > 1)
    {
      /* Never below three quarters (two thirds on a page turned
       * sideways, which is short), and large print never below
       * normal print. */
      double least = self->width > self->height ? 0.65 : 0.75;

      if (self->ctx->request->large_print)
        least = MAX (least, 1.0 / 1.4);

      for (double shrink = 0.95; shrink > least - 0.01 && sheet->n_pages > 1; shrink -= 0.05)
        {
          sheet->shrink = shrink;
          lay_out_pages (self, sheet);
        }
      if (sheet->n_pages > 1)
        {
          sheet->shrink = 1.0;
          lay_out_pages (self, sheet);
        }
    }

  sheet->first_page = self->page_sheet->len;
  for (guint p = 0; p < sheet->n_pages; p++)
    g_array_append_val (self->page_sheet, self->next_sheet);
}

/**
 * linli_print_document_paginate_step:
 * @max_sheets: how many sheets to lay out in this step
 *
 * Returns: %TRUE when every sheet is laid out
 */
gboolean
linli_print_document_paginate_step (LinliPrintDocument *self,
                                    guint               max_sheets)
{
  g_return_val_if_fail (LINLI_IS_PRINT_DOCUMENT (self), TRUE);
  g_return_val_if_fail (self->width > 0, TRUE);

  for (guint n = 0; n < max_sheets && self->next_sheet < self->ctx->sheets->len; n++)
    {
      paginate_sheet (self, g_ptr_array_index (self->ctx->sheets, self->next_sheet));
      self->next_sheet++;
    }

  return self->next_sheet >= self->ctx->sheets->len;
}

void
linli_print_document_paginate (LinliPrintDocument *self,
                               double              width,
                               double              height)
{
  linli_print_document_begin_pagination (self, width, height);
  linli_print_document_paginate_step (self, G_MAXUINT);
}

guint
linli_print_document_get_n_pages (LinliPrintDocument *self)
{
  g_return_val_if_fail (LINLI_IS_PRINT_DOCUMENT (self), 0);

  return self->page_sheet->len;
}

guint
linli_print_document_get_page_sheet (LinliPrintDocument *self,
                                     guint               page)
{
  g_return_val_if_fail (LINLI_IS_PRINT_DOCUMENT (self), 0);
  g_return_val_if_fail (page < self->page_sheet->len, 0);

  return g_array_index (self->page_sheet, guint, page);
}

/* Drawing. */

static void
show_layout (cairo_t     *cr,
             PangoLayout *layout,
             double       x,
             double       y)
{
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);
}

static void
draw_qr (cairo_t    *cr,
         const char *data,
         double      x,
         double      y,
         double      size)
{
  QRcode *qr = QRcode_encodeString (data, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
  double module;

  if (qr == NULL)
    {
      g_warning ("Could not encode “%s” as a QR code", data);
      return;
    }

  /* Four modules of quiet zone on each side, inside the square. */
  module = size / (qr->width + 8);
  cairo_save (cr);
  cairo_set_source_rgb (cr, 0, 0, 0);
  for (int row = 0; row < qr->width; row++)
    {
      int col = 0;

      while (col < qr->width)
        {
          int start;

          if (!(qr->data[row * qr->width + col] & 1))
            {
              col++;
              continue;
            }
          start = col;
          while (col < qr->width && (qr->data[row * qr->width + col] & 1))
            col++;
          cairo_rectangle (cr, x + (start + 4) * module, y + (row + 4) * module,
                           (col - start) * module, module);
        }
    }
  cairo_fill (cr);
  cairo_restore (cr);
  QRcode_free (qr);
}

static void
draw_table (LinliPrintDocument *self,
            cairo_t            *cr,
            LinliSheetTable    *t,
            const Placement    *p)
{
  guint n_cols = t->columns->len;
  gboolean fields = (t->flags & LINLI_TABLE_FIELDS) != 0;
  double x0 = self->margin;
  double width = content_width (self);
  double y = p->y;
  double top = p->y;
  double pad_x, pad_y;
  double line = 0.8 * MAX (1.0, self->scale * 0.8);

  table_padding (self, t, &pad_x, &pad_y);

  if (p->header)
    {
      double x = x0;

      cairo_set_source_rgb (cr, HEAD_FILL);
      cairo_rectangle (cr, x0, y, width, t->header_height);
      cairo_fill (cr);

      cairo_set_source_rgb (cr, INK);
      for (guint c = 0; c < n_cols; c++)
        {
          PangoLayout *layout = t->header_layouts[c];
          double h = layout_height (layout);
          double w = layout_width (layout);
          double avail = t->col_width[c] - 2 * pad_x;
          double dx = pango_layout_get_width (layout) > 0 ? 0 : MAX (0, (avail - w) / 2);

          show_layout (cr, layout, x + pad_x + dx, y + (t->header_height - h) / 2);
          x += t->col_width[c];
        }
      y += t->header_height;
    }

  for (guint r = p->row_start; r < p->row_end; r++)
    {
      Row *row = g_ptr_array_index (t->rows, r);
      double x = x0;

      if (row->muted)
        cairo_set_source_rgb (cr, MUTED);
      else
        cairo_set_source_rgb (cr, INK);

      for (guint c = 0; c < n_cols; c++)
        {
          guint i = r * n_cols + c;
          PangoLayout *layout = t->cell_layouts[i];
          double h = layout_height (layout);
          double dy = fields ? pad_y : (t->row_height[r] - h) / 2;

          show_layout (cr, layout, x + pad_x + t->cell_offset[i], y + dy);
          x += t->col_width[c];
        }
      y += t->row_height[r];
    }

  if (fields)
    return;

  /* The grid: outer frame, column lines, a line under every row. */
  cairo_set_source_rgb (cr, RULE);
  cairo_set_line_width (cr, line);
  cairo_rectangle (cr, x0, top, width, y - top);
  {
    double x = x0;

    for (guint c = 0; c + 1 < n_cols; c++)
      {
        x += t->col_width[c];
        cairo_move_to (cr, x, top);
        cairo_line_to (cr, x, y);
      }
  }
  {
    double ry = top + (p->header ? t->header_height : 0);

    if (p->header)
      {
        cairo_move_to (cr, x0, ry);
        cairo_line_to (cr, x0 + width, ry);
      }
    for (guint r = p->row_start; r + 1 < p->row_end; r++)
      {
        ry += t->row_height[r];
        cairo_move_to (cr, x0, ry);
        cairo_line_to (cr, x0 + width, ry);
      }
  }
  cairo_stroke (cr);
}

static void
draw_block (LinliPrintDocument *self,
            cairo_t            *cr,
            Block              *block,
            const Placement    *p)
{
  double x = self->margin;
  double width = content_width (self);

  cairo_save (cr);
  if (p->scale < 1.0)
    {
      cairo_translate (cr, x, p->y);
      cairo_scale (cr, p->scale, p->scale);
      cairo_translate (cr, -x, -p->y);
    }

  switch (block->type)
    {
    case BLOCK_LETTERHEAD:
      {
        double text_h = layout_height (block->layout);
        double rule_y = p->y + text_h + 5 * self->scale;

        cairo_set_source_rgb (cr, RED);
        show_layout (cr, block->layout, x + block->offset, p->y);
        cairo_set_line_width (cr, 2.4 * self->scale);
        cairo_move_to (cr, x, rule_y);
        cairo_line_to (cr, x + width, rule_y);
        cairo_stroke (cr);
        cairo_set_line_width (cr, 0.8 * self->scale);
        cairo_move_to (cr, x, rule_y + 3.4 * self->scale);
        cairo_line_to (cr, x + width, rule_y + 3.4 * self->scale);
        cairo_stroke (cr);
      }
      break;

    case BLOCK_SUBTITLE:
      cairo_set_source_rgb (cr, GREY);
      show_layout (cr, block->layout, x, p->y);
      break;

    case BLOCK_TEXT:
      if (block->style == LINLI_TEXT_NOTE)
        cairo_set_source_rgb (cr, GREY);
      else
        cairo_set_source_rgb (cr, INK);
      show_layout (cr, block->layout, x, p->y);
      break;

    case BLOCK_TITLE:
    case BLOCK_HEADING:
    case BLOCK_SIGNATURE:
      cairo_set_source_rgb (cr, INK);
      show_layout (cr, block->layout, x, p->y);
      break;

    case BLOCK_QR:
      {
        double gap = 14 * self->scale;
        double caption_h = layout_height (block->layout);

        if (block->data != NULL && *block->data != '\0')
          draw_qr (cr, block->data, x, p->y + MAX (0, (block->height - block->qr_size) / 2),
                   block->qr_size);
        cairo_set_source_rgb (cr, INK);
        show_layout (cr, block->layout, x + block->qr_size + gap,
                     p->y + MAX (0, (block->height - caption_h) / 2));
      }
      break;

    case BLOCK_TABLE:
      draw_table (self, cr, block->table, p);
      break;

    case BLOCK_SPACE:
    default:
      break;
    }

  cairo_restore (cr);
}

static void
draw_footer (LinliPrintDocument *self,
             cairo_t            *cr,
             LinliPrintSheet         *sheet,
             guint               page)
{
  double x = self->margin;
  double width = content_width (self);
  double y = self->height - self->margin - sheet->footer_height + 9 * self->scale;
  gboolean numbered = sheet->n_pages > 1;

  if (sheet->footer_layout == NULL && !numbered)
    return;

  cairo_set_source_rgb (cr, MUTED);
  cairo_set_line_width (cr, 0.5);
  cairo_move_to (cr, x, y - 4.5 * self->scale);
  cairo_line_to (cr, x + width, y - 4.5 * self->scale);
  cairo_stroke (cr);

  cairo_set_source_rgb (cr, GREY);
  if (sheet->footer_layout != NULL)
    show_layout (cr, sheet->footer_layout, x, y);

  if (numbered)
    {
      /* Translators: at the foot of a sheet of several pages */
      g_autofree char *text = g_strdup_printf (_("Page %u of %u"), page + 1, sheet->n_pages);
      g_autoptr(PangoLayout) layout = new_layout (self, self->fonts[F_FOOTER_BOLD], text, FALSE,
                                                  width * 0.24, LINLI_ALIGN_RIGHT, 1);

      show_layout (cr, layout, x + width * 0.76, y);
    }
}

/**
 * linli_print_document_render_page:
 * @cr: a cairo context in points, the page's top-left corner at its origin
 * @page: the page, counted from 0 over the whole document
 */
void
linli_print_document_render_page (LinliPrintDocument *self,
                                  cairo_t            *cr,
                                  guint               page)
{
  LinliPrintSheet *sheet;
  guint rel;

  g_return_if_fail (LINLI_IS_PRINT_DOCUMENT (self));
  g_return_if_fail (cr != NULL);
  g_return_if_fail (page < self->page_sheet->len);

  sheet = g_ptr_array_index (self->ctx->sheets, g_array_index (self->page_sheet, guint, page));
  rel = page - sheet->first_page;
  measure_sheet (self, sheet);

  cairo_save (cr);
  for (guint i = 0; i < sheet->placements->len; i++)
    {
      const Placement *p = &g_array_index (sheet->placements, Placement, i);

      if (p->page == rel)
        draw_block (self, cr, g_ptr_array_index (sheet->blocks, p->block), p);
    }
  draw_footer (self, cr, sheet, rel);
  cairo_restore (cr);
}

/**
 * linli_print_document_write_pdf:
 * @path: the PDF to write; replaced only once the new one is complete
 * @progress: (nullable) (scope call): called after each sheet with the
 *   sheets done and their number
 *
 * Lays out the sheets on the request's paper and writes them as PDF with
 * their fonts embedded and an outline of the sheets.
 *
 * Returns: %TRUE if the PDF was written
 */
gboolean
linli_print_document_write_pdf (LinliPrintDocument     *self,
                                const char             *path,
                                GCancellable           *cancellable,
                                LinliPrintProgressFunc  progress,
                                gpointer                progress_data,
                                GError                **error)
{
  g_autofree char *tmp = NULL;
  g_autofree char *creator = NULL;
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;
  double width, height;
  guint n_sheets;
  gboolean cancelled = FALSE;

  g_return_val_if_fail (LINLI_IS_PRINT_DOCUMENT (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  linli_sheet_request_get_paper_size (self->ctx->request, &width, &height);
  linli_print_document_begin_pagination (self, width, height);
  n_sheets = self->ctx->sheets->len;

  /* A failed or cancelled run leaves the previous PDF as it was. */
  tmp = g_strconcat (path, ".part", NULL);
  surface = cairo_pdf_surface_create (tmp, width, height);
  status = cairo_surface_status (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("Cannot write “%s”: %s"), path, cairo_status_to_string (status));
      cairo_surface_destroy (surface);
      g_unlink (tmp);
      return FALSE;
    }

  creator = g_strdup_printf ("Linli %s", PACKAGE_VERSION);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, self->title);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, creator);
  cr = cairo_create (surface);

  for (guint s = 0; s < n_sheets && !cancelled; s++)
    {
      LinliPrintSheet *sheet = g_ptr_array_index (self->ctx->sheets, s);

      linli_print_document_paginate_step (self, 1);
      if (n_sheets > 1)
        {
          g_autofree char *link = g_strdup_printf ("page=%u", sheet->first_page + 1);

          cairo_pdf_surface_add_outline (surface, CAIRO_PDF_OUTLINE_ROOT,
                                         sheet->outline_title ? sheet->outline_title : "",
                                         link, 0);
        }
      for (guint p = 0; p < sheet->n_pages; p++)
        {
          linli_print_document_render_page (self, cr, sheet->first_page + p);
          cairo_show_page (cr);
        }
      if (progress != NULL)
        progress (s + 1, n_sheets, progress_data);
      cancelled = g_cancellable_is_cancelled (cancellable);
    }

  cairo_destroy (cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (cancelled)
    {
      g_unlink (tmp);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Printing was cancelled"));
      return FALSE;
    }
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_unlink (tmp);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("Cannot write “%s”: %s"), path, cairo_status_to_string (status));
      return FALSE;
    }
  if (g_rename (tmp, path) != 0)
    {
      int saved = errno;

      g_unlink (tmp);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Cannot write “%s”: %s"), path, g_strerror (saved));
      return FALSE;
    }

  return TRUE;
}
