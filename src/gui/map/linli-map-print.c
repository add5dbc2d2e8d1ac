/* linli-map-print.c: printing a building's floor-by-room table
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The pages are drawn by LinliMapSheet (src/core/map), the same that
 * writes the PDF; here they go through GTK's print dialog.
 */

#define G_LOG_DOMAIN "linli-map"

#include "config.h"

#include <glib/gi18n.h>

#include "linli-map-print.h"
#include "linli-map-sheet.h"

static void
on_begin_print_cb (GtkPrintOperation *operation,
                   GtkPrintContext   *context,
                   LinliMapSheet     *sheet)
{
  gtk_print_operation_set_n_pages (operation,
                                   linli_map_sheet_paginate (sheet, gtk_print_context_get_width (context),
                                                             gtk_print_context_get_height (context)));
}

static void
on_draw_page_cb (GtkPrintOperation *operation,
                 GtkPrintContext   *context,
                 int                page,
                 LinliMapSheet     *sheet)
{
  linli_map_sheet_draw_page (sheet, gtk_print_context_get_cairo_context (context), page);
}

/**
 * linli_map_print_table:
 * @export_pdf: (nullable): write this PDF instead of asking where to print
 *
 * Prints the table on A4, across the page for wide buildings.
 *
 * Returns: %FALSE with @error set when printing could not start
 */
gboolean
linli_map_print_table (GtkWindow        *parent,
                       LinliFloorTable  *table,
                       const char       *export_pdf,
                       GError          **error)
{
  g_autoptr(GtkPrintOperation) operation = gtk_print_operation_new ();
  g_autoptr(GtkPageSetup) setup = gtk_page_setup_new ();
  g_autoptr(GtkPaperSize) a4 = gtk_paper_size_new (GTK_PAPER_NAME_A4);
  LinliMapSheet *sheet = linli_map_sheet_new (table);
  g_autofree char *title = linli_floor_table_title (table);
  GtkPrintOperationResult result;

  gtk_page_setup_set_paper_size (setup, a4);
  gtk_page_setup_set_orientation (setup, linli_map_sheet_prefers_landscape (sheet) ? GTK_PAGE_ORIENTATION_LANDSCAPE
                                                                                   : GTK_PAGE_ORIENTATION_PORTRAIT);
  gtk_print_operation_set_default_page_setup (operation, setup);
  gtk_print_operation_set_unit (operation, GTK_UNIT_POINTS);
  /* The sheet keeps its own margins. */
  gtk_print_operation_set_use_full_page (operation, TRUE);
  gtk_print_operation_set_job_name (operation, title);
  gtk_print_operation_set_embed_page_setup (operation, TRUE);
  g_signal_connect (operation, "begin-print", G_CALLBACK (on_begin_print_cb), sheet);
  g_signal_connect (operation, "draw-page", G_CALLBACK (on_draw_page_cb), sheet);
  g_object_set_data_full (G_OBJECT (operation), "sheet", sheet, (GDestroyNotify) linli_map_sheet_free);

  if (export_pdf != NULL)
    {
      gtk_print_operation_set_export_filename (operation, export_pdf);
      result = gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_EXPORT, parent, error);
    }
  else
    {
      /* Asynchronous: the dialog must not stop the main loop. */
      gtk_print_operation_set_allow_async (operation, TRUE);
      result = gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG, parent, error);
    }
  return result != GTK_PRINT_OPERATION_RESULT_ERROR;
}
