/* linli-print-private.h: what the sheet builders and the layout engine share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <pango/pango.h>

#include "linli-print-document.h"
#include "linli-print-sheet.h"

G_BEGIN_DECLS

typedef enum
{
  BLOCK_LETTERHEAD,
  BLOCK_TITLE,
  BLOCK_SUBTITLE,
  BLOCK_HEADING,
  BLOCK_TEXT,
  BLOCK_SPACE,
  BLOCK_QR,
  BLOCK_SIGNATURE,
  BLOCK_TABLE,
} BlockType;

typedef struct
{
  char             *header;
  double            weight;
  LinliColumnFlags  flags;
} Column;

typedef struct
{
  char     **cells;   /* n_columns strings */
  gboolean   muted;
} Row;

struct _LinliSheetTable
{
  LinliTableFlags  flags;
  GArray          *columns;      /* Column */
  GPtrArray       *rows;         /* Row* */
  double           min_row_height;

  /* Layout, for the page width it was measured at. */
  double          *col_width;
  double           header_height;
  double          *row_height;
  PangoLayout    **header_layouts;
  PangoLayout    **cell_layouts; /* row-major, n_rows * n_columns */
  double          *cell_offset;  /* x offset of a single-line centred cell */
};

typedef struct
{
  BlockType         type;
  LinliTextStyle    style;
  LinliAlign        align;
  char             *markup;
  char             *data;        /* QR payload */
  double            space;       /* BLOCK_SPACE, in points before scaling */
  LinliSheetTable  *table;
  gboolean          keep_with_next;

  PangoLayout      *layout;      /* text; the caption of a QR block */
  PangoLayout      *layout2;     /* the date of a signature */
  double            height;
  double            qr_size;
  double            offset;      /* x offset of a centred single line */
} Block;

typedef struct
{
  guint   page;       /* within the sheet */
  guint   block;
  double  y;
  guint   row_start;  /* tables: rows [row_start, row_end) */
  guint   row_end;
  gboolean header;
  double  scale;      /* < 1 when a block taller than a page was shrunk */
} Placement;

struct _LinliPrintSheet
{
  LinliSheetContext *ctx;
  char              *outline_title;
  GPtrArray         *blocks;       /* Block* */
  char              *footer;
  gboolean           internal;
  gboolean           fit_to_page;  /* a poster: shrink a little rather than run over */
  double             shrink;       /* the type scale it was fitted at */

  guint              first_page;
  guint              n_pages;
  GArray            *placements;   /* Placement */
  PangoLayout       *footer_layout;
  double             footer_height;
};

struct _LinliSheetContext
{
  LinliDb           *db;
  LinliSheetRequest *request;
  const LinliSheetKind *kind;
  GDate              date;
  char              *issuer;
  char              *hotline;
  GPtrArray         *sheets;       /* LinliPrintSheet* */
  gboolean           masked;       /* a phone of the current sheet was masked */
};

LinliSheetContext *linli_sheet_context_new  (LinliDb                 *db,
                                             const LinliSheetKind    *kind,
                                             const LinliSheetRequest *request,
                                             GError                 **error);
void               linli_sheet_context_free (LinliSheetContext       *ctx);

void               linli_sheet_free_layouts (LinliPrintSheet              *sheet);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LinliSheetContext, linli_sheet_context_free)

G_END_DECLS
