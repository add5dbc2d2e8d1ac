/* linli-print-operation.c: notice-board sheets through GTK's print dialog
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The pages are those of the core's LinliPrintDocument, drawn on the
 * GtkPrintContext's cairo context in points from the paper's corner (full
 * page: the sheets keep their own 15 mm margins), so that paper, preview
 * and linli-cli's PDF are the same. The print settings and the page setup
 * are kept in the user data folder and used again, as gnome-text-editor
 * does.
 */

#define G_LOG_DOMAIN "linli-print-operation"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "linli-print-operation.h"

/* Sheets laid out per step of the "paginate" signal: the dialog stays
 * responsive over hundreds of sheets. */
#define SHEETS_PER_STEP 16

struct _LinliPrintOperation
{
  GtkPrintOperation   parent_instance;

  LinliDb            *db;
  LinliSheetRequest  *request;
  LinliPrintDocument *document;
  GError             *error;

  GtkCheckButton     *large_check;
  GtkCheckButton     *red_band_check;
};

G_DEFINE_FINAL_TYPE (LinliPrintOperation, linli_print_operation, GTK_TYPE_PRINT_OPERATION)

static char *
settings_path (const char *name)
{
  return g_build_filename (g_get_user_data_dir (), "linli", name, NULL);
}

static void
load_settings (LinliPrintOperation *self)
{
  g_autofree char *settings_file = settings_path ("print-settings.ini");
  g_autofree char *setup_file = settings_path ("page-setup.ini");
  g_autoptr(GtkPrintSettings) settings = NULL;
  g_autoptr(GtkPageSetup) setup = NULL;

  settings = gtk_print_settings_new_from_file (settings_file, NULL);
  if (settings != NULL)
    gtk_print_operation_set_print_settings (GTK_PRINT_OPERATION (self), settings);

  setup = gtk_page_setup_new_from_file (setup_file, NULL);
  if (setup == NULL)
    {
      /* The first time: the paper the request asks for. */
      g_autoptr(GtkPaperSize) paper = gtk_paper_size_new (self->request->paper == LINLI_PAPER_A3
                                                          ? GTK_PAPER_NAME_A3 : GTK_PAPER_NAME_A4);

      setup = gtk_page_setup_new ();
      gtk_page_setup_set_paper_size (setup, paper);
      gtk_page_setup_set_orientation (setup, self->request->landscape ? GTK_PAGE_ORIENTATION_LANDSCAPE
                                                                      : GTK_PAGE_ORIENTATION_PORTRAIT);
    }
  gtk_print_operation_set_default_page_setup (GTK_PRINT_OPERATION (self), setup);
}

/**
 * linli_print_operation_save_settings:
 *
 * Keeps the printer, its options and the page setup for the next time.
 */
void
linli_print_operation_save_settings (LinliPrintOperation *self)
{
  g_autofree char *dir = g_build_filename (g_get_user_data_dir (), "linli", NULL);
  g_autofree char *settings_file = settings_path ("print-settings.ini");
  g_autofree char *setup_file = settings_path ("page-setup.ini");
  g_autoptr(GError) error = NULL;
  GtkPrintSettings *settings;
  GtkPageSetup *setup;

  g_return_if_fail (LINLI_IS_PRINT_OPERATION (self));

  g_mkdir_with_parents (dir, 0700);
  settings = gtk_print_operation_get_print_settings (GTK_PRINT_OPERATION (self));
  if (settings != NULL && !gtk_print_settings_to_file (settings, settings_file, &error))
    g_warning ("Could not keep the print settings in %s: %s", settings_file, error->message);
  g_clear_error (&error);

  setup = gtk_print_operation_get_default_page_setup (GTK_PRINT_OPERATION (self));
  if (settings != NULL)
    {
      /* The page setup chosen in the dialog lives in the settings. */
      GtkPaperSize *paper = gtk_print_settings_get_paper_size (settings);
      g_autoptr(GtkPageSetup) chosen = setup ? gtk_page_setup_copy (setup) : gtk_page_setup_new ();

      if (paper != NULL)
        {
          gtk_page_setup_set_paper_size (chosen, paper);
          gtk_paper_size_free (paper);
        }
      if (gtk_print_settings_has_key (settings, GTK_PRINT_SETTINGS_ORIENTATION))
        gtk_page_setup_set_orientation (chosen, gtk_print_settings_get_orientation (settings));
      if (!gtk_page_setup_to_file (chosen, setup_file, &error))
        g_warning ("Could not keep the page setup in %s: %s", setup_file, error->message);
    }
}

static void
linli_print_operation_begin_print (GtkPrintOperation *operation,
                                   GtkPrintContext   *context)
{
  LinliPrintOperation *self = LINLI_PRINT_OPERATION (operation);

  g_clear_object (&self->document);
  g_clear_error (&self->error);

  self->document = linli_print_document_new (self->db, self->request, &self->error);
  if (self->document == NULL)
    {
      gtk_print_operation_cancel (operation);
      return;
    }

  gtk_print_operation_set_job_name (operation, linli_print_document_get_title (self->document));
  linli_print_document_begin_pagination (self->document,
                                         gtk_print_context_get_width (context),
                                         gtk_print_context_get_height (context));
}

static gboolean
on_paginate_cb (GtkPrintOperation *operation,
                GtkPrintContext   *context,
                gpointer           user_data)
{
  LinliPrintOperation *self = LINLI_PRINT_OPERATION (operation);

  if (self->document == NULL)
    return TRUE;

  if (!linli_print_document_paginate_step (self->document, SHEETS_PER_STEP))
    return FALSE;

  gtk_print_operation_set_n_pages (operation, MAX (1, linli_print_document_get_n_pages (self->document)));
  return TRUE;
}

static void
linli_print_operation_draw_page (GtkPrintOperation *operation,
                                 GtkPrintContext   *context,
                                 int                page_nr)
{
  LinliPrintOperation *self = LINLI_PRINT_OPERATION (operation);

  if (self->document == NULL || page_nr < 0 ||
      (guint) page_nr >= linli_print_document_get_n_pages (self->document))
    return;

  linli_print_document_render_page (self->document, gtk_print_context_get_cairo_context (context),
                                    (guint) page_nr);
}

static GtkWidget *
linli_print_operation_create_custom_widget (GtkPrintOperation *operation)
{
  LinliPrintOperation *self = LINLI_PRINT_OPERATION (operation);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *hint;

  gtk_widget_set_margin_start (box, 18);
  gtk_widget_set_margin_end (box, 18);
  gtk_widget_set_margin_top (box, 18);
  gtk_widget_set_margin_bottom (box, 18);

  self->large_check = GTK_CHECK_BUTTON (gtk_check_button_new_with_mnemonic (_("_Large print, for elderly readers")));
  gtk_check_button_set_active (self->large_check, self->request->large_print);
  self->red_band_check = GTK_CHECK_BUTTON (gtk_check_button_new_with_mnemonic (_("_Red title band, as official notices have")));
  gtk_check_button_set_active (self->red_band_check, self->request->red_band);
  hint = gtk_label_new (_("Phone numbers are printed whole only for people who agreed to have them posted."));
  gtk_label_set_wrap (GTK_LABEL (hint), TRUE);
  gtk_label_set_xalign (GTK_LABEL (hint), 0);
  gtk_widget_add_css_class (hint, "dim-label");

  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->large_check));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->red_band_check));
  gtk_box_append (GTK_BOX (box), hint);

  return box;
}

static void
linli_print_operation_custom_widget_apply (GtkPrintOperation *operation,
                                           GtkWidget         *widget)
{
  LinliPrintOperation *self = LINLI_PRINT_OPERATION (operation);

  self->request->large_print = gtk_check_button_get_active (self->large_check);
  self->request->red_band = gtk_check_button_get_active (self->red_band_check);
}

static void
linli_print_operation_done (GtkPrintOperation       *operation,
                            GtkPrintOperationResult  result)
{
  if (result == GTK_PRINT_OPERATION_RESULT_APPLY)
    linli_print_operation_save_settings (LINLI_PRINT_OPERATION (operation));
}

static void
linli_print_operation_finalize (GObject *object)
{
  LinliPrintOperation *self = LINLI_PRINT_OPERATION (object);

  g_clear_object (&self->db);
  g_clear_object (&self->document);
  g_clear_pointer (&self->request, linli_sheet_request_free);
  g_clear_error (&self->error);

  G_OBJECT_CLASS (linli_print_operation_parent_class)->finalize (object);
}

static void
linli_print_operation_class_init (LinliPrintOperationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkPrintOperationClass *operation_class = GTK_PRINT_OPERATION_CLASS (klass);

  object_class->finalize = linli_print_operation_finalize;

  operation_class->begin_print = linli_print_operation_begin_print;
  operation_class->draw_page = linli_print_operation_draw_page;
  operation_class->create_custom_widget = linli_print_operation_create_custom_widget;
  operation_class->custom_widget_apply = linli_print_operation_custom_widget_apply;
  operation_class->done = linli_print_operation_done;
}

static void
linli_print_operation_init (LinliPrintOperation *self)
{
  GtkPrintOperation *operation = GTK_PRINT_OPERATION (self);

  gtk_print_operation_set_unit (operation, GTK_UNIT_POINTS);
  gtk_print_operation_set_use_full_page (operation, TRUE);
  gtk_print_operation_set_allow_async (operation, TRUE);
  gtk_print_operation_set_embed_page_setup (operation, TRUE);
  /* Translators: the tab of Linli's options in the print dialog */
  gtk_print_operation_set_custom_tab_label (operation, _("Sheet"));

  /* GTK asks for pagination only when a handler is connected, not when
   * the class overrides it. */
  g_signal_connect (self, "paginate", G_CALLBACK (on_paginate_cb), NULL);
}

/**
 * linli_print_operation_new:
 * @request: what to print; copied
 *
 * Returns: (transfer full): an operation with the user's last print
 *   settings and page setup
 */
LinliPrintOperation *
linli_print_operation_new (LinliDb                 *db,
                           const LinliSheetRequest *request)
{
  LinliPrintOperation *self;

  g_return_val_if_fail (LINLI_IS_DB (db), NULL);
  g_return_val_if_fail (request != NULL, NULL);

  self = g_object_new (LINLI_TYPE_PRINT_OPERATION, NULL);
  self->db = g_object_ref (db);
  self->request = linli_sheet_request_copy (request);
  load_settings (self);

  return self;
}

const LinliSheetRequest *
linli_print_operation_get_request (LinliPrintOperation *self)
{
  g_return_val_if_fail (LINLI_IS_PRINT_OPERATION (self), NULL);

  return self->request;
}

/**
 * linli_print_operation_get_document:
 *
 * Returns: (transfer none) (nullable): the sheets, once printing began
 */
LinliPrintDocument *
linli_print_operation_get_document (LinliPrintOperation *self)
{
  g_return_val_if_fail (LINLI_IS_PRINT_OPERATION (self), NULL);

  return self->document;
}

/**
 * linli_print_operation_take_error:
 *
 * Returns: %TRUE and sets @error when the sheets could not be made (then
 *   the operation ends as cancelled)
 */
gboolean
linli_print_operation_take_error (LinliPrintOperation  *self,
                                  GError              **error)
{
  g_return_val_if_fail (LINLI_IS_PRINT_OPERATION (self), FALSE);

  if (self->error == NULL)
    return FALSE;
  g_propagate_error (error, g_steal_pointer (&self->error));
  return TRUE;
}

void
linli_print_show_error (GtkWindow    *parent,
                        const GError *error)
{
  GtkWidget *dialog = adw_message_dialog_new (parent, _("Nothing Was Printed"), error->message);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_sheet_done_cb (GtkPrintOperation       *operation,
                  GtkPrintOperationResult  result,
                  GtkWindow               *parent)
{
  g_autoptr(GError) error = NULL;

  if (result == GTK_PRINT_OPERATION_RESULT_ERROR)
    gtk_print_operation_get_error (operation, &error);
  else
    linli_print_operation_take_error (LINLI_PRINT_OPERATION (operation), &error);

  if (error != NULL)
    linli_print_show_error (parent, error);

  g_object_unref (operation);
}

/**
 * linli_print_sheet:
 * @parent: the window of the print dialog
 * @request: what to print
 *
 * What a view calls to print its sheet: checks that there is something to
 * print (else says why), then opens the print dialog with its preview.
 *
 * Returns: %TRUE if the print dialog opened
 */
gboolean
linli_print_sheet (GtkWindow               *parent,
                   LinliDb                 *db,
                   const LinliSheetRequest *request)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LinliPrintDocument) check = NULL;
  LinliPrintOperation *self;
  GtkPrintOperationResult result;

  g_return_val_if_fail (LINLI_IS_DB (db), FALSE);
  g_return_val_if_fail (request != NULL, FALSE);

  check = linli_print_document_new (db, request, &error);
  if (check == NULL)
    {
      linli_print_show_error (parent, error);
      return FALSE;
    }

  self = linli_print_operation_new (db, request);
  if (parent != NULL)
    g_signal_connect_object (self, "done", G_CALLBACK (on_sheet_done_cb), parent, 0);
  else
    g_signal_connect (self, "done", G_CALLBACK (on_sheet_done_cb), NULL);
  result = gtk_print_operation_run (GTK_PRINT_OPERATION (self), GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG,
                                    parent, &error);
  if (result == GTK_PRINT_OPERATION_RESULT_ERROR)
    {
      linli_print_show_error (parent, error);
      g_object_unref (self);
      return FALSE;
    }

  return TRUE;
}
