/* linli-batch-print-dialog.c: every squad sheet of a compound, every grid
 * card, ... in one print job, with progress and cancel
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "linli-batch-print-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "linli-batch-print-dialog.h"
#include "linli-print-operation.h"

typedef struct
{
  LinliSheetScope  scope;
  char            *id;
} Area;

struct _LinliBatchPrintDialog
{
  AdwWindow             parent_instance;

  LinliDb              *db;
  GPtrArray            *kinds;        /* const LinliSheetKind* */
  GPtrArray            *areas;        /* Area*, as in scope_row */
  LinliPrintOperation  *running;
  guint                 pages_done;
  guint                 pages_total;
  GtkPrintOperationResult last_result;
  gboolean              finished;

  /* Template widgets */
  AdwComboRow          *kind_row;
  AdwComboRow          *scope_row;
  GtkLabel             *count_label;
  GtkSwitch            *large_switch;
  GtkSwitch            *red_band_switch;
  GtkProgressBar       *progress_bar;
  GtkButton            *cancel_button;
  GtkButton            *export_button;
  GtkButton            *print_button;
  AdwPreferencesGroup  *what_group;
};

G_DEFINE_FINAL_TYPE (LinliBatchPrintDialog, linli_batch_print_dialog, ADW_TYPE_WINDOW)

static void
area_free (gpointer data)
{
  Area *area = data;

  g_free (area->id);
  g_free (area);
}

static const LinliSheetKind *
selected_kind (LinliBatchPrintDialog *self)
{
  guint i = adw_combo_row_get_selected (self->kind_row);

  return i < self->kinds->len ? g_ptr_array_index (self->kinds, i) : NULL;
}

static Area *
selected_area (LinliBatchPrintDialog *self)
{
  guint i = adw_combo_row_get_selected (self->scope_row);

  return i < self->areas->len ? g_ptr_array_index (self->areas, i) : NULL;
}

/**
 * linli_batch_print_dialog_dup_request:
 *
 * Returns: (transfer full) (nullable): what the dialog would print now
 */
LinliSheetRequest *
linli_batch_print_dialog_dup_request (LinliBatchPrintDialog *self)
{
  const LinliSheetKind *kind;
  LinliSheetRequest *req;
  Area *area;

  g_return_val_if_fail (LINLI_IS_BATCH_PRINT_DIALOG (self), NULL);

  kind = selected_kind (self);
  area = selected_area (self);
  if (kind == NULL || area == NULL)
    return NULL;

  req = linli_sheet_request_new (kind->name, area->scope, area->id);
  req->large_print = gtk_switch_get_active (self->large_switch);
  req->red_band = gtk_switch_get_active (self->red_band_switch);
  return req;
}

static void
update_count (LinliBatchPrintDialog *self)
{
  g_autoptr(LinliSheetRequest) req = linli_batch_print_dialog_dup_request (self);
  g_autoptr(LinliPrintDocument) doc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  gboolean ok = FALSE;

  if (req != NULL)
    doc = linli_print_document_new (self->db, req, &error);

  if (doc != NULL)
    {
      guint n = linli_print_document_get_n_sheets (doc);

      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u sheet", "%u sheets", n), n);
      ok = TRUE;
    }
  else
    text = g_strdup (error ? error->message : _("Nothing to print"));

  gtk_label_set_text (self->count_label, text);
  gtk_widget_set_sensitive (GTK_WIDGET (self->print_button), ok && self->running == NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->export_button), ok && self->running == NULL);
}

static void
fill_areas (LinliBatchPrintDialog *self)
{
  const LinliSheetKind *kind = selected_kind (self);
  g_autoptr(GtkStringList) model = gtk_string_list_new (NULL);
  g_autoptr(LinliQuery) q = NULL;
  Area *area;

  g_ptr_array_set_size (self->areas, 0);
  if (kind == NULL)
    return;

  if (kind->scopes & LINLI_SCOPE_MASK (LINLI_SCOPE_ALL))
    {
      area = g_new0 (Area, 1);
      area->scope = LINLI_SCOPE_ALL;
      g_ptr_array_add (self->areas, area);
      gtk_string_list_append (model, _("The whole community"));
    }

  if (kind->scopes & LINLI_SCOPE_MASK (LINLI_SCOPE_COMPOUND))
    {
      q = linli_db_query (self->db, NULL, "SELECT id, name FROM compound WHERE deleted = 0 ORDER BY name", NULL);
      while (q != NULL && linli_query_next (q, NULL))
        {
          /* Translators: an area to print; zh_CN: "小区：%s" */
          g_autofree char *label = g_strdup_printf (_("Compound %s"), linli_query_get_string (q, 1));

          area = g_new0 (Area, 1);
          area->scope = LINLI_SCOPE_COMPOUND;
          area->id = linli_query_dup_string (q, 0);
          g_ptr_array_add (self->areas, area);
          gtk_string_list_append (model, label);
        }
      g_clear_pointer (&q, linli_query_free);
    }

  if (kind->scopes & LINLI_SCOPE_MASK (LINLI_SCOPE_GRID))
    {
      q = linli_db_query (self->db, NULL,
                          "SELECT g.id, g.number, g.name, c.name FROM grid g "
                          "LEFT JOIN compound c ON c.id = g.compound_id AND c.deleted = 0 "
                          "WHERE g.deleted = 0 ORDER BY g.number, g.name", NULL);
      while (q != NULL && linli_query_next (q, NULL))
        {
          const char *name = linli_query_get_string (q, 2);
          const char *compound = linli_query_get_string (q, 3);
          g_autofree char *grid = name != NULL && *name != '\0'
            ? g_strdup (name)
            /* Translators: a grid by its number; zh_CN: "第%d网格" */
            : g_strdup_printf (_("Grid %d"), (int) linli_query_get_int (q, 1));
          /* Translators: an area to print: a grid and its compound;
           * zh_CN: "网格：%s（%s）" */
          g_autofree char *label = compound ? g_strdup_printf (_("Grid %s (%s)"), grid, compound)
                                            : g_strdup_printf (_("Grid %s"), grid);

          area = g_new0 (Area, 1);
          area->scope = LINLI_SCOPE_GRID;
          area->id = linli_query_dup_string (q, 0);
          g_ptr_array_add (self->areas, area);
          gtk_string_list_append (model, label);
        }
    }

  adw_combo_row_set_model (self->scope_row, G_LIST_MODEL (model));
  adw_combo_row_set_selected (self->scope_row, 0);
}

static void
on_kind_selected_cb (LinliBatchPrintDialog *self)
{
  fill_areas (self);
  update_count (self);
}

static void
on_options_changed_cb (LinliBatchPrintDialog *self)
{
  update_count (self);
}

static void
set_running (LinliBatchPrintDialog *self,
             LinliPrintOperation   *operation)
{
  gboolean busy = operation != NULL;

  g_set_object (&self->running, operation);
  gtk_widget_set_sensitive (GTK_WIDGET (self->kind_row), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->scope_row), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->large_switch), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->red_band_switch), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->print_button), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->export_button), !busy);
  gtk_button_set_label (self->cancel_button, busy ? _("_Stop") : _("_Close"));
  if (busy)
    {
      self->pages_done = 0;
      self->pages_total = 0;
      self->finished = FALSE;
      gtk_progress_bar_set_fraction (self->progress_bar, 0);
      gtk_progress_bar_set_text (self->progress_bar, _("Laying out the sheets…"));
      gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), TRUE);
    }
}

static void
on_draw_page_cb (LinliBatchPrintDialog *self,
                 GtkPrintContext       *context,
                 int                    page_nr,
                 GtkPrintOperation     *operation)
{
  g_autofree char *text = NULL;

  self->pages_done++;
  self->pages_total = MAX (1, gtk_print_operation_get_n_pages_to_print (operation));
  /* Translators: progress of a print job; zh_CN: "正在打印第 %u 页，共 %u 页" */
  text = g_strdup_printf (_("Page %u of %u"), self->pages_done, self->pages_total);
  gtk_progress_bar_set_fraction (self->progress_bar, (double) self->pages_done / self->pages_total);
  gtk_progress_bar_set_text (self->progress_bar, text);
}

static void
on_done_cb (LinliBatchPrintDialog   *self,
            GtkPrintOperationResult  result,
            GtkPrintOperation       *operation)
{
  g_autoptr(GError) error = NULL;

  self->last_result = result;
  self->finished = TRUE;

  if (result == GTK_PRINT_OPERATION_RESULT_ERROR)
    gtk_print_operation_get_error (operation, &error);
  else
    linli_print_operation_take_error (LINLI_PRINT_OPERATION (operation), &error);

  g_object_ref (operation);
  set_running (self, NULL);
  update_count (self);

  if (error != NULL)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), FALSE);
      linli_print_show_error (GTK_WINDOW (self), error);
    }
  else if (result == GTK_PRINT_OPERATION_RESULT_APPLY && self->pages_done > 0)
    {
      g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Done: %u page", "Done: %u pages",
                                                            self->pages_done), self->pages_done);

      gtk_progress_bar_set_fraction (self->progress_bar, 1.0);
      gtk_progress_bar_set_text (self->progress_bar, text);
    }
  else
    {
      gtk_progress_bar_set_text (self->progress_bar, _("Stopped: nothing more is printed"));
    }

  g_object_unref (operation);
}

static LinliPrintOperation *
start_operation (LinliBatchPrintDialog *self)
{
  g_autoptr(LinliSheetRequest) req = linli_batch_print_dialog_dup_request (self);
  LinliPrintOperation *operation;

  if (req == NULL)
    return NULL;

  operation = linli_print_operation_new (self->db, req);
  gtk_print_operation_set_show_progress (GTK_PRINT_OPERATION (operation), FALSE);
  g_signal_connect_object (operation, "draw-page", G_CALLBACK (on_draw_page_cb), self,
                           G_CONNECT_SWAPPED | G_CONNECT_AFTER);
  g_signal_connect_object (operation, "done", G_CALLBACK (on_done_cb), self, G_CONNECT_SWAPPED);
  set_running (self, operation);
  return operation;
}

static void
run_operation (LinliBatchPrintDialog   *self,
               LinliPrintOperation     *operation,
               GtkPrintOperationAction  action)
{
  g_autoptr(GError) error = NULL;
  GtkPrintOperationResult result;

  result = gtk_print_operation_run (GTK_PRINT_OPERATION (operation), action, GTK_WINDOW (self), &error);
  if (result == GTK_PRINT_OPERATION_RESULT_ERROR && self->running == operation)
    {
      set_running (self, NULL);
      linli_print_show_error (GTK_WINDOW (self), error);
    }
}

static void
on_print_button_clicked_cb (LinliBatchPrintDialog *self)
{
  g_autoptr(LinliPrintOperation) operation = start_operation (self);

  if (operation != NULL)
    run_operation (self, operation, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG);
}

/**
 * linli_batch_print_dialog_export:
 * @path: the PDF to write
 *
 * Writes the chosen sheets to @path through the print operation, with the
 * progress bar running and Stop working. Returns when done.
 *
 * Returns: how it ended
 */
GtkPrintOperationResult
linli_batch_print_dialog_export (LinliBatchPrintDialog *self,
                                 const char            *path)
{
  g_autoptr(LinliPrintOperation) operation = NULL;

  g_return_val_if_fail (LINLI_IS_BATCH_PRINT_DIALOG (self), GTK_PRINT_OPERATION_RESULT_ERROR);
  g_return_val_if_fail (path != NULL, GTK_PRINT_OPERATION_RESULT_ERROR);

  operation = start_operation (self);
  if (operation == NULL)
    return GTK_PRINT_OPERATION_RESULT_ERROR;

  gtk_print_operation_set_export_filename (GTK_PRINT_OPERATION (operation), path);
  run_operation (self, operation, GTK_PRINT_OPERATION_ACTION_EXPORT);
  return self->last_result;
}

static void
on_save_response_cb (GtkNativeDialog       *chooser,
                     int                    response,
                     LinliBatchPrintDialog *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = g_file_get_path (file);

      if (path != NULL)
        linli_batch_print_dialog_export (self, path);
    }
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}

static void
on_export_button_clicked_cb (LinliBatchPrintDialog *self)
{
  const LinliSheetKind *kind = selected_kind (self);
  GtkFileChooserNative *chooser;
  g_autofree char *name = NULL;

  if (kind == NULL)
    return;

  chooser = gtk_file_chooser_native_new (_("Save the Sheets as PDF"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  name = g_strdup_printf ("%s.pdf", _(kind->label));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  g_signal_connect (chooser, "response", G_CALLBACK (on_save_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
on_cancel_button_clicked_cb (LinliBatchPrintDialog *self)
{
  if (self->running != NULL)
    gtk_print_operation_cancel (GTK_PRINT_OPERATION (self->running));
  else
    gtk_window_close (GTK_WINDOW (self));
}

/* Closing while printing stops the printing first. */
static gboolean
linli_batch_print_dialog_close_request (GtkWindow *window)
{
  LinliBatchPrintDialog *self = LINLI_BATCH_PRINT_DIALOG (window);

  if (self->running != NULL)
    {
      gtk_print_operation_cancel (GTK_PRINT_OPERATION (self->running));
      return TRUE;
    }

  return GTK_WINDOW_CLASS (linli_batch_print_dialog_parent_class)->close_request (window);
}

static void
linli_batch_print_dialog_dispose (GObject *object)
{
  LinliBatchPrintDialog *self = LINLI_BATCH_PRINT_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), LINLI_TYPE_BATCH_PRINT_DIALOG);
  g_clear_object (&self->running);
  g_clear_object (&self->db);
  g_clear_pointer (&self->kinds, g_ptr_array_unref);
  g_clear_pointer (&self->areas, g_ptr_array_unref);

  G_OBJECT_CLASS (linli_batch_print_dialog_parent_class)->dispose (object);
}

static void
linli_batch_print_dialog_class_init (LinliBatchPrintDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = linli_batch_print_dialog_dispose;
  window_class->close_request = linli_batch_print_dialog_close_request;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/linli/Linli/linli-batch-print-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, LinliBatchPrintDialog, kind_row);
  gtk_widget_class_bind_template_child (widget_class, LinliBatchPrintDialog, scope_row);
  gtk_widget_class_bind_template_child (widget_class, LinliBatchPrintDialog, count_label);
  gtk_widget_class_bind_template_child (widget_class, LinliBatchPrintDialog, large_switch);
  gtk_widget_class_bind_template_child (widget_class, LinliBatchPrintDialog, red_band_switch);
  gtk_widget_class_bind_template_child (widget_class, LinliBatchPrintDialog, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, LinliBatchPrintDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, LinliBatchPrintDialog, export_button);
  gtk_widget_class_bind_template_child (widget_class, LinliBatchPrintDialog, print_button);
  gtk_widget_class_bind_template_child (widget_class, LinliBatchPrintDialog, what_group);
  gtk_widget_class_bind_template_callback (widget_class, on_print_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_export_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_cancel_button_clicked_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
linli_batch_print_dialog_init (LinliBatchPrintDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->kinds = g_ptr_array_new ();
  self->areas = g_ptr_array_new_with_free_func (area_free);
  self->last_result = GTK_PRINT_OPERATION_RESULT_CANCEL;
}

/**
 * linli_batch_print_dialog_new:
 * @parent: (nullable): the window it belongs to
 * @db: the community file
 *
 * Returns: (transfer floating): the dialog, to present
 */
LinliBatchPrintDialog *
linli_batch_print_dialog_new (GtkWindow *parent,
                              LinliDb   *db)
{
  LinliBatchPrintDialog *self;
  g_autoptr(GtkStringList) kinds = gtk_string_list_new (NULL);
  const LinliSheetKind **all;
  guint n;

  g_return_val_if_fail (LINLI_IS_DB (db), NULL);

  self = g_object_new (LINLI_TYPE_BATCH_PRINT_DIALOG, "transient-for", parent, NULL);
  self->db = g_object_ref (db);

  /* Kinds that print more than one sheet at a time. */
  all = linli_sheet_kind_list (&n);
  for (guint i = 0; i < n; i++)
    if (all[i]->scopes & (LINLI_SCOPE_MASK (LINLI_SCOPE_ALL) | LINLI_SCOPE_MASK (LINLI_SCOPE_COMPOUND) |
                          LINLI_SCOPE_MASK (LINLI_SCOPE_GRID)))
      {
        g_ptr_array_add (self->kinds, (gpointer) all[i]);
        gtk_string_list_append (kinds, _(all[i]->label));
      }
  adw_combo_row_set_model (self->kind_row, G_LIST_MODEL (kinds));
  fill_areas (self);
  update_count (self);

  g_signal_connect_object (self->kind_row, "notify::selected", G_CALLBACK (on_kind_selected_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->scope_row, "notify::selected", G_CALLBACK (on_options_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->red_band_switch, "notify::active", G_CALLBACK (on_options_changed_cb), self,
                           G_CONNECT_SWAPPED);

  return self;
}

/**
 * linli_batch_print_dialog_select:
 * @kind: a kind's name
 * @scope_id: (nullable): the compound's or grid's id
 *
 * Chooses what to print, as the user would in the dialog.
 *
 * Returns: %FALSE if the dialog does not offer it
 */
gboolean
linli_batch_print_dialog_select (LinliBatchPrintDialog *self,
                                 const char            *kind,
                                 LinliSheetScope        scope,
                                 const char            *scope_id)
{
  g_return_val_if_fail (LINLI_IS_BATCH_PRINT_DIALOG (self), FALSE);

  for (guint k = 0; k < self->kinds->len; k++)
    {
      const LinliSheetKind *candidate = g_ptr_array_index (self->kinds, k);

      if (!g_str_equal (candidate->name, kind))
        continue;
      adw_combo_row_set_selected (self->kind_row, k);
      for (guint a = 0; a < self->areas->len; a++)
        {
          Area *area = g_ptr_array_index (self->areas, a);

          if (area->scope == scope && g_strcmp0 (area->id, scope_id) == 0)
            {
              adw_combo_row_set_selected (self->scope_row, a);
              return TRUE;
            }
        }
      return FALSE;
    }
  return FALSE;
}

/**
 * linli_batch_print_dialog_get_progress:
 * @pages_done: (out) (optional): pages drawn by the last or the current job
 * @pages_total: (out) (optional): pages it has
 *
 * Returns: whether a job is running
 */
gboolean
linli_batch_print_dialog_get_progress (LinliBatchPrintDialog *self,
                                       guint                 *pages_done,
                                       guint                 *pages_total)
{
  g_return_val_if_fail (LINLI_IS_BATCH_PRINT_DIALOG (self), FALSE);

  if (pages_done)
    *pages_done = self->pages_done;
  if (pages_total)
    *pages_total = self->pages_total;
  return self->running != NULL;
}

/**
 * linli_batch_print_dialog_stop:
 *
 * What the Stop button does.
 */
void
linli_batch_print_dialog_stop (LinliBatchPrintDialog *self)
{
  g_return_if_fail (LINLI_IS_BATCH_PRINT_DIALOG (self));

  on_cancel_button_clicked_cb (self);
}
