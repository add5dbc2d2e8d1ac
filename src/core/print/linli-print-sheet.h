/* linli-print-sheet.h: notice-board sheets, their kinds, and how a kind builds them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A *sheet kind* knows its data (queries on LinliDb) and its layout (which
 * blocks, which table columns). The engine (linli-print-document.c) does
 * the rest: typography, the red title band, paper sizes, large print,
 * pagination with repeated table headers and "page 2 of 3", and drawing
 * into any cairo context — a PDF surface for linli-cli, the
 * GtkPrintContext's cairo context in the application. What a kind draws
 * is therefore the same on paper, in the print preview and in the PDF.
 *
 * Adding a sheet kind (a meeting notice, a project's money notice, ...;
 * src/core/print/linli-sheets-territory.c and
 * src/core/roster/linli-sheets-roster.c are kinds to read):
 *
 *  1. In your area, write linli-sheets-<area>.c with one build function
 *     per kind:
 *
 *       static gboolean
 *       build_duty_roster (LinliSheetContext *ctx, GError **error)
 *       {
 *         LinliDb *db = linli_sheet_context_get_db (ctx);
 *         const LinliSheetRequest *req = linli_sheet_context_get_request (ctx);
 *         LinliPrintSheet *sheet = linli_sheet_context_add_sheet (ctx, _("Duty roster"));
 *         LinliSheetTable *table;
 *
 *         linli_sheet_add_title (sheet, _("Wednesday service market"));
 *         table = linli_sheet_add_table (sheet, LINLI_TABLE_DEFAULT);
 *         linli_sheet_table_add_column (table, _("Date"), 1.0, LINLI_COLUMN_CENTER);
 *         linli_sheet_table_add_column (table, _("Volunteer"), 2.0, LINLI_COLUMN_FIT);
 *         ... query with linli_db_query (db, ...), filtering deleted = 0 ...
 *         linli_sheet_table_add_row (table, date_text, name);
 *         return TRUE;
 *       }
 *
 *     Call linli_sheet_context_add_sheet() once per sheet (one per unit, one
 *     per grid, ...): every sheet starts on a new page and is numbered on its
 *     own. Put phones through linli_sheet_context_format_phone(), which
 *     masks them unless the person consented; never print an ID number.
 *     Dates and money go through linli-format.h.
 *
 *  2. Describe the kind:
 *
 *       const LinliSheetKind linli_sheet_kind_duty_roster = {
 *         .name = "duty-roster",           // linli-cli print duty-roster
 *         .label = N_("Duty roster"),
 *         .description = N_("..."),
 *         .scopes = LINLI_SCOPE_MASK (LINLI_SCOPE_ALL),
 *         .internal = FALSE,               // TRUE: personal data, internal footer
 *         .build = build_duty_roster,
 *       };
 *
 *  3. Declare it in linli-sheet-kinds.h and add it to the list in
 *     linli-sheet-kinds.c (one line each). linli-cli print, the batch-print
 *     dialog and linli_print_sheet() in the application then know it. A
 *     view prints its sheet with linli_print_sheet (parent, db, request).
 */
#pragma once

#include <cairo.h>
#include <glib-object.h>

#include "linli-db.h"

G_BEGIN_DECLS

#define LINLI_PRINT_ERROR (linli_print_error_quark ())

typedef enum
{
  LINLI_PRINT_ERROR_FAILED,
  LINLI_PRINT_ERROR_UNKNOWN_KIND,  /* no sheet kind of that name */
  LINLI_PRINT_ERROR_BAD_SCOPE,     /* the kind is not made for that scope */
  LINLI_PRINT_ERROR_NOT_FOUND,     /* no such building, grid, compound */
  LINLI_PRINT_ERROR_AMBIGUOUS,     /* several buildings answer to that number */
  LINLI_PRINT_ERROR_EMPTY,         /* the scope holds nothing to print */
  LINLI_PRINT_ERROR_CANCELLED,
} LinliPrintError;

GQuark linli_print_error_quark (void);

typedef enum
{
  LINLI_PAPER_A4,
  LINLI_PAPER_A3,
} LinliPaper;

/* What a batch covers. A kind makes its sheets for every unit, building or
 * grid inside the scope. */
typedef enum
{
  LINLI_SCOPE_ALL,       /* the whole community file */
  LINLI_SCOPE_COMPOUND,
  LINLI_SCOPE_GRID,
  LINLI_SCOPE_BUILDING,
  LINLI_SCOPE_UNIT,
  LINLI_SCOPE_TEAM,      /* a volunteer team: its duty roster, its members */
} LinliSheetScope;

#define LINLI_SCOPE_MASK(scope) (1u << (scope))

typedef struct
{
  char            *kind;        /* the kind's name: "squad", "grid-card", ... */
  LinliSheetScope  scope;
  char            *scope_id;    /* id of the compound, grid, building, unit or team; NULL for ALL */
  LinliPaper       paper;       /* for PDF; the print dialog's page setup wins on paper */
  gboolean         landscape;
  gboolean         large_print; /* bigger type for elderly readers */
  gboolean         red_band;    /* the red title band of official notices (红头) */
  char            *date;        /* YYYY-MM-DD printed on the sheets; NULL: today */
  char            *from;        /* YYYY-MM-DD: the first day of a sheet that covers days (a duty
                                 * roster); NULL: the Monday of the week of date */
  guint            weeks;       /* how many weeks from `from` it covers; 0: one */
} LinliSheetRequest;

#define LINLI_TYPE_SHEET_REQUEST (linli_sheet_request_get_type ())

GType              linli_sheet_request_get_type (void);
LinliSheetRequest *linli_sheet_request_new      (const char              *kind,
                                                 LinliSheetScope          scope,
                                                 const char              *scope_id);
LinliSheetRequest *linli_sheet_request_copy     (const LinliSheetRequest *req);
void               linli_sheet_request_free     (LinliSheetRequest       *req);
void               linli_sheet_request_get_paper_size (const LinliSheetRequest *req,
                                                       double                  *width,
                                                       double                  *height);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LinliSheetRequest, linli_sheet_request_free)

/* Finding what the user names on the command line: a building by its
 * number ("12", "A3"), a grid by number or name, a compound by name. Each
 * returns the row id, or NULL with an error that says what exists. */
char *linli_print_find_compound (LinliDb     *db,
                                 const char  *name,
                                 GError     **error);
char *linli_print_find_grid     (LinliDb     *db,
                                 const char  *number_or_name,
                                 GError     **error);
char *linli_print_find_building (LinliDb     *db,
                                 const char  *compound_id,
                                 const char  *number,
                                 GError     **error);

/* Building sheets. */

typedef struct _LinliSheetContext LinliSheetContext;
typedef struct _LinliPrintSheet        LinliPrintSheet;
typedef struct _LinliSheetTable   LinliSheetTable;

typedef struct
{
  const char *name;          /* used by linli-cli print KIND */
  const char *label;         /* N_(): for menus and the batch dialog */
  const char *description;   /* N_(): one line for --help */
  guint       scopes;        /* LINLI_SCOPE_MASK()s the kind accepts */
  gboolean    internal;      /* personal data: every page says so */
  gboolean  (*build)         (LinliSheetContext  *ctx,
                              GError            **error);
} LinliSheetKind;

LinliDb                 *linli_sheet_context_get_db       (LinliSheetContext *ctx);
const LinliSheetRequest *linli_sheet_context_get_request  (LinliSheetContext *ctx);
GDate                   *linli_sheet_context_get_date     (LinliSheetContext *ctx);
const char              *linli_sheet_context_get_issuer   (LinliSheetContext *ctx);
const char              *linli_sheet_context_get_hotline  (LinliSheetContext *ctx);
LinliPrintSheet              *linli_sheet_context_add_sheet    (LinliSheetContext *ctx,
                                                           const char        *outline_title);
char                    *linli_sheet_context_format_phone (LinliSheetContext *ctx,
                                                           const char        *phone,
                                                           gboolean           consent);

/* Text styles of paragraphs; sizes follow the paper and large print. */
typedef enum
{
  LINLI_TEXT_BODY,
  LINLI_TEXT_BODY_BOLD,
  LINLI_TEXT_NOTE,       /* small grey print under a table */
  LINLI_TEXT_LEAD,       /* a bigger line: a name to find at a glance */
  LINLI_TEXT_HUGE,       /* the one thing to read from across the hall */
} LinliTextStyle;

typedef enum
{
  LINLI_ALIGN_LEFT,
  LINLI_ALIGN_CENTER,
  LINLI_ALIGN_RIGHT,
} LinliAlign;

typedef enum
{
  LINLI_TABLE_DEFAULT = 0,
  LINLI_TABLE_NO_HEADER = 1 << 0,  /* no header row */
  LINLI_TABLE_FIELDS    = 1 << 1,  /* label/value pairs: no borders, bold labels */
  LINLI_TABLE_MARKUP    = 1 << 2,  /* cells are Pango markup (escape names!) */
  LINLI_TABLE_LARGE     = 1 << 3,  /* bigger type: a card read from a step away */
} LinliTableFlags;

typedef enum
{
  LINLI_COLUMN_DEFAULT = 0,
  LINLI_COLUMN_FIT     = 1 << 0,  /* one line if it can: shrink, then wrap (names, phones) */
  LINLI_COLUMN_CENTER  = 1 << 1,
  LINLI_COLUMN_BOLD    = 1 << 2,
} LinliColumnFlags;

void             linli_sheet_add_title      (LinliPrintSheet      *sheet,
                                             const char      *title);
void             linli_sheet_add_subtitle   (LinliPrintSheet      *sheet,
                                             const char      *subtitle);
void             linli_sheet_add_heading    (LinliPrintSheet      *sheet,
                                             const char      *heading);
void             linli_sheet_add_paragraph  (LinliPrintSheet      *sheet,
                                             LinliTextStyle   style,
                                             LinliAlign       align,
                                             const char      *text);
void             linli_sheet_add_markup     (LinliPrintSheet      *sheet,
                                             LinliTextStyle   style,
                                             LinliAlign       align,
                                             const char      *markup);
void             linli_sheet_add_space      (LinliPrintSheet      *sheet,
                                             double           points);
void             linli_sheet_add_qr         (LinliPrintSheet      *sheet,
                                             const char      *data,
                                             const char      *caption_markup,
                                             double           size_mm);
void             linli_sheet_add_signature  (LinliPrintSheet      *sheet);
void             linli_sheet_add_closing    (LinliPrintSheet      *sheet);
void             linli_sheet_set_footer     (LinliPrintSheet      *sheet,
                                             const char      *text);
void             linli_sheet_set_fit_to_page (LinliPrintSheet     *sheet,
                                              gboolean        fit);
LinliSheetTable *linli_sheet_add_table      (LinliPrintSheet      *sheet,
                                             LinliTableFlags  flags);
void             linli_sheet_table_add_column (LinliSheetTable  *table,
                                               const char       *header,
                                               double            weight,
                                               LinliColumnFlags  flags);
void             linli_sheet_table_set_min_row_height (LinliSheetTable *table,
                                                       double           points);
void             linli_sheet_table_add_row  (LinliSheetTable *table,
                                             ...);
void             linli_sheet_table_add_rowv (LinliSheetTable   *table,
                                             const char *const *cells);
void             linli_sheet_table_mute_last_row (LinliSheetTable *table);
guint            linli_sheet_table_get_n_rows (LinliSheetTable *table);

/* The registry (linli-sheet-kinds.c). */
const LinliSheetKind  *linli_sheet_kind_lookup (const char *name);
const LinliSheetKind **linli_sheet_kind_list   (guint      *n_kinds);

const char *linli_sheet_scope_to_string (LinliSheetScope scope);
const char *linli_sheet_scope_describe  (LinliSheetScope scope);

G_END_DECLS
