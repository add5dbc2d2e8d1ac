/* test-ui-print.c: the print dialog opens from the application, its
 * preview and its export draw the same pages as linli-cli, the batch
 * dialog prints a whole compound with progress and stops when asked.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "linli-application.h"
#include "linli-batch-print-dialog.h"
#include "linli-print-operation.h"
#include "linli-test-ui.h"
#include "linli-window.h"
#include "print-test-util.h"

static LinliDb *db;
static char *db_path;

static GtkWidget *
find_label (GtkWidget  *widget,
            const char *text)
{
  if (GTK_IS_CHECK_BUTTON (widget) && gtk_check_button_get_label (GTK_CHECK_BUTTON (widget)) != NULL &&
      strstr (gtk_check_button_get_label (GTK_CHECK_BUTTON (widget)), text) != NULL)
    return widget;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_label (c, text);

      if (found)
        return found;
    }
  return NULL;
}

static GtkWindow *
find_print_dialog (void)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l; l = l->next)
    /* GtkPrintUnixDialog, without the gtk4-unix-print headers. */
    if (G_TYPE_CHECK_INSTANCE_TYPE (l->data, g_type_from_name ("GtkPrintUnixDialog")) &&
        gtk_widget_get_visible (l->data))
      return l->data;
  return NULL;
}

static gboolean
print_dialog_shown (gpointer data)
{
  return find_print_dialog () != NULL;
}

static char *
unit_12_1 (void)
{
  return linli_db_query_string (db, NULL,
                                "SELECT u.id FROM unit u JOIN building b ON b.id = u.building_id "
                                "WHERE b.number = '12' AND u.number = 1", NULL);
}

typedef struct
{
  gboolean done;
  GtkPrintOperationResult result;
  guint drawn;
} Watch;

static void
on_done_cb (GtkPrintOperation       *op,
            GtkPrintOperationResult  result,
            Watch                   *w)
{
  w->done = TRUE;
  w->result = result;
}

static void
on_draw_page_cb (GtkPrintOperation *op,
                 GtkPrintContext   *context,
                 int                page,
                 Watch             *w)
{
  w->drawn++;
}

static gboolean
watch_done (gpointer data)
{
  return ((Watch *) data)->done;
}

/* The print operation's PDF (GTK's own export) says what linli-cli's says:
 * one engine, the same pages. The print settings are kept afterwards. */
static void
test_export_same_as_cli (void)
{
  g_autofree char *unit = unit_12_1 ();
  g_autoptr(LinliSheetRequest) req = linli_sheet_request_new ("squad", LINLI_SCOPE_UNIT, unit);
  g_autoptr(LinliPrintOperation) op = NULL;
  g_autoptr(LinliPrintDocument) doc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *gtk_pdf = print_test_tmp_path ("gtk-export.pdf");
  g_autofree char *core_pdf = print_test_tmp_path ("core-export.pdf");
  g_autofree char *gtk_text = NULL;
  g_autofree char *core_text = NULL;
  g_autofree char *settings = g_build_filename (g_get_user_data_dir (), "linli", "print-settings.ini", NULL);
  g_autofree char *setup = g_build_filename (g_get_user_data_dir (), "linli", "page-setup.ini", NULL);
  Watch w = { 0 };

  req->date = g_strdup (FIXTURE_DATE);
  op = linli_print_operation_new (db, req);
  g_signal_connect (op, "done", G_CALLBACK (on_done_cb), &w);
  g_signal_connect (op, "draw-page", G_CALLBACK (on_draw_page_cb), &w);
  gtk_print_operation_set_export_filename (GTK_PRINT_OPERATION (op), gtk_pdf);
  g_assert_cmpint (gtk_print_operation_run (GTK_PRINT_OPERATION (op), GTK_PRINT_OPERATION_ACTION_EXPORT,
                                            NULL, &error), ==, GTK_PRINT_OPERATION_RESULT_APPLY);
  g_assert_no_error (error);
  g_assert_true (w.done);
  g_assert_cmpuint (w.drawn, ==, 1);

  doc = linli_print_document_new (db, req, &error);
  g_assert_no_error (error);
  g_assert_true (linli_print_document_write_pdf (doc, core_pdf, NULL, NULL, NULL, &error));

  g_assert_cmpuint (print_test_pdf_pages (gtk_pdf), ==, print_test_pdf_pages (core_pdf));
  gtk_text = print_test_pdftotext (gtk_pdf, FALSE);
  core_text = print_test_pdftotext (core_pdf, FALSE);
  g_assert_cmpstr (gtk_text, ==, core_text);
  print_test_assert_same_words (gtk_pdf, core_pdf, 0.05);
  print_test_assert_fonts_embedded (gtk_pdf);
  print_test_assert_within_margins (gtk_pdf, 12.0);

  g_assert_true (g_file_test (settings, G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_file_test (setup, G_FILE_TEST_IS_REGULAR));
}

typedef struct
{
  cairo_surface_t   *surface;
  GtkPrintOperationPreview *preview;
  guint              n_pages;
  gboolean           ready;
} Preview;

static void
on_ready_cb (GtkPrintOperationPreview *preview,
             GtkPrintContext          *context,
             Preview                  *p)
{
  p->ready = TRUE;
}

static void
on_got_page_size_cb (GtkPrintOperationPreview *preview,
                     GtkPrintContext          *context,
                     GtkPageSetup             *setup,
                     Preview                  *p)
{
  /* A preview widget would scale the page to its size; here 1:1. */
  cairo_t *cr = cairo_create (p->surface);

  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  gtk_print_context_set_cairo_context (context, cr, 72, 72);
  cairo_destroy (cr);
}

static gboolean
on_preview_cb (GtkPrintOperation        *op,
               GtkPrintOperationPreview *preview,
               GtkPrintContext          *context,
               GtkWindow                *parent,
               Preview                  *p)
{
  cairo_t *cr = cairo_create (p->surface);

  p->preview = preview;
  gtk_print_context_set_cairo_context (context, cr, 72, 72);
  cairo_destroy (cr);
  g_signal_connect (preview, "ready", G_CALLBACK (on_ready_cb), p);
  g_signal_connect (preview, "got-page-size", G_CALLBACK (on_got_page_size_cb), p);
  return TRUE;
}

static gboolean
preview_ready (gpointer data)
{
  return ((Preview *) data)->ready;
}

/* The preview of the print dialog draws every page without error. */
static void
test_preview_draws_pages (void)
{
  g_autoptr(LinliSheetRequest) req = linli_sheet_request_new ("households", LINLI_SCOPE_ALL, NULL);
  g_autoptr(LinliPrintOperation) op = NULL;
  g_autoptr(GError) error = NULL;
  Preview p = { 0 };
  Watch w = { 0 };
  guint n_pages;

  p.surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 596, 842);
  op = linli_print_operation_new (db, req);
  g_signal_connect (op, "preview", G_CALLBACK (on_preview_cb), &p);
  g_signal_connect (op, "done", G_CALLBACK (on_done_cb), &w);
  g_signal_connect (op, "draw-page", G_CALLBACK (on_draw_page_cb), &w);
  g_assert_cmpint (gtk_print_operation_run (GTK_PRINT_OPERATION (op), GTK_PRINT_OPERATION_ACTION_PREVIEW,
                                            NULL, &error), ==, GTK_PRINT_OPERATION_RESULT_IN_PROGRESS);
  g_assert_true (linli_test_wait_until (preview_ready, &p, 20000));

  n_pages = linli_print_document_get_n_pages (linli_print_operation_get_document (op));
  g_assert_cmpuint (n_pages, >=, 3);
  for (guint i = 0; i < n_pages; i++)
    {
      g_assert_true (gtk_print_operation_preview_is_selected (p.preview, i));
      gtk_print_operation_preview_render_page (p.preview, i);
    }
  g_assert_cmpuint (w.drawn, ==, n_pages);

  /* The last page drawn is on the surface: ink on white. */
  {
    const guint32 *px;
    guint dark = 0;

    cairo_surface_flush (p.surface);
    px = (const guint32 *) cairo_image_surface_get_data (p.surface);
    for (guint i = 0; i < 596 * 842; i++)
      if ((px[i] & 0xff) < 0x80)
        dark++;
    g_assert_cmpuint (dark, >, 2000);
    {
      g_autofree char *png = print_test_tmp_path ("preview.png");

      cairo_surface_write_to_png (p.surface, png);
    }
  }

  gtk_print_operation_preview_end_preview (p.preview);
  g_assert_true (linli_test_wait_until (watch_done, &w, 5000));
  cairo_surface_destroy (p.surface);
}

/* Ctrl+P on the map opens the print dialog, with Linli's own tab. */
static void
on_print_activate_cb (GApplication *app,
                      gpointer      data)
{
  gboolean *started = data;
  GtkWindow *window;
  GtkWindow *dialog;
  GtkWidget *large;

  if (*started)
    return;
  *started = TRUE;

  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  linli_test_wait_for_draw (GTK_WIDGET (window));
  g_assert_cmpstr (linli_window_get_visible_page (LINLI_WINDOW (window)), ==, "views");
  g_action_group_activate_action (G_ACTION_GROUP (window), "view", g_variant_new_string ("map"));

  if (linli_test_can_send_keys ())
    g_assert_true (linli_test_send_keys (window, "ctrl+p"));
  else
    g_action_group_activate_action (G_ACTION_GROUP (window), "print", NULL);

  g_assert_true (linli_test_wait_until (print_dialog_shown, NULL, 20000));
  dialog = find_print_dialog ();
  g_assert_true (gtk_window_get_transient_for (dialog) == window);
  large = find_label (GTK_WIDGET (dialog), "大字版");
  g_assert_nonnull (large);
  linli_test_wait_for_draw (GTK_WIDGET (dialog));
  g_free (linli_test_screenshot (GTK_WIDGET (dialog), "print-dialog"));

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_CANCEL);
  G_GNUC_END_IGNORE_DEPRECATIONS
  linli_test_iterate (200);
  g_assert_null (find_print_dialog ());

  /* The batch dialog is in the main menu. */
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), "batch-print"));

  gtk_window_destroy (window);
  linli_test_iterate (50);
  g_application_quit (app);
}

static void
test_ctrl_p_opens_dialog (void)
{
  LinliApplication *app = linli_application_new ();
  char *argv[] = { (char *) "linli", (char *) "--db", db_path, NULL };
  gboolean started = FALSE;

  g_signal_connect_after (app, "activate", G_CALLBACK (on_print_activate_cb), &started);
  g_assert_cmpint (g_application_run (G_APPLICATION (app), 3, argv), ==, 0);
  g_assert_true (started);
  g_assert_finalize_object (app);
}

/* Stops the job as the progress bar shows its second page, the moment a
 * user's click would land: no timer, so a fast build cannot finish first. */
static void
stop_after_pages (GtkProgressBar        *bar,
                  GParamSpec            *pspec,
                  LinliBatchPrintDialog *dialog)
{
  guint done = 0;

  if (linli_batch_print_dialog_get_progress (dialog, &done, NULL) && done >= 2 &&
      !g_object_get_data (G_OBJECT (dialog), "stopped"))
    {
      g_object_set_data (G_OBJECT (dialog), "stopped", GINT_TO_POINTER (1));
      linli_batch_print_dialog_stop (dialog);
    }
}

/* Every squad sheet of the compound in one job, with progress; Stop stops. */
static void
test_batch_dialog (void)
{
  g_autoptr(GtkWindow) parent = NULL;
  g_autofree char *compound = linli_db_query_string (db, NULL,
                                                     "SELECT id FROM compound WHERE deleted = 0 ORDER BY rowid LIMIT 1", NULL);
  g_autofree char *pdf = print_test_tmp_path ("batch.pdf");
  g_autofree char *pdf2 = print_test_tmp_path ("batch-stopped.pdf");
  gint64 n_units = linli_db_query_int (db, NULL,
                                       "SELECT count(*) FROM unit u JOIN building b ON b.id = u.building_id "
                                       "AND b.deleted = 0 WHERE u.deleted = 0 AND b.compound_id = ?", "s", compound);
  LinliBatchPrintDialog *dialog;
  guint done = 0, total = 0;
  gulong source;

  dialog = linli_batch_print_dialog_new (NULL, db);
  g_object_ref_sink (dialog);
  g_assert_true (linli_batch_print_dialog_select (dialog, "squad", LINLI_SCOPE_COMPOUND, compound));
  g_assert_false (linli_batch_print_dialog_select (dialog, "grid-card", LINLI_SCOPE_BUILDING, "x"));
  g_assert_true (linli_batch_print_dialog_select (dialog, "squad", LINLI_SCOPE_COMPOUND, compound));
  gtk_window_present (GTK_WINDOW (dialog));
  linli_test_wait_for_draw (GTK_WIDGET (dialog));
  g_free (linli_test_screenshot (GTK_WIDGET (dialog), "batch-print"));

  g_assert_cmpint (linli_batch_print_dialog_export (dialog, pdf), ==, GTK_PRINT_OPERATION_RESULT_APPLY);
  g_assert_false (linli_batch_print_dialog_get_progress (dialog, &done, &total));
  g_assert_cmpuint (done, ==, n_units);
  g_assert_cmpuint (total, ==, n_units);
  g_assert_cmpuint (print_test_pdf_pages (pdf), ==, n_units);
  linli_test_wait_for_draw (GTK_WIDGET (dialog));
  g_free (linli_test_screenshot (GTK_WIDGET (dialog), "batch-print-done"));

  /* Stop after two pages. */
  source = g_signal_connect (linli_test_find_descendant (GTK_WIDGET (dialog), GTK_TYPE_PROGRESS_BAR),
                             "notify::fraction", G_CALLBACK (stop_after_pages), dialog);
  g_assert_cmpint (linli_batch_print_dialog_export (dialog, pdf2), ==, GTK_PRINT_OPERATION_RESULT_CANCEL);
  g_signal_handler_disconnect (linli_test_find_descendant (GTK_WIDGET (dialog), GTK_TYPE_PROGRESS_BAR), source);
  g_assert_false (linli_batch_print_dialog_get_progress (dialog, &done, &total));
  g_assert_cmpuint (done, <, n_units);

  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_finalize_object (dialog);
}

int
main (int argc, char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data_home = NULL;
  int ret;

  /* Print settings are kept under the user data folder: a fresh one,
   * before anything asks GLib where it is. */
  data_home = print_test_tmp_path ("data-home");
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);

  linli_test_ui_init (&argc, &argv);

  if (!print_test_have_poppler ())
    {
      g_test_skip ("poppler-utils (pdftotext, pdffonts, pdfinfo) are needed");
      return g_test_run ();
    }

  db_path = print_test_fixture_db ();
  db = linli_db_open (db_path, &error);
  g_assert_no_error (error);

  g_test_add_func ("/ui/print/export-same-as-cli", test_export_same_as_cli);
  g_test_add_func ("/ui/print/preview-draws-pages", test_preview_draws_pages);
  g_test_add_func ("/ui/print/ctrl-p-opens-dialog", test_ctrl_p_opens_dialog);
  g_test_add_func ("/ui/print/batch-dialog", test_batch_dialog);

  ret = g_test_run ();
  g_clear_object (&db);
  g_free (db_path);
  return ret;
}
