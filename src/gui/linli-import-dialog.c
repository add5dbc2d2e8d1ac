/* linli-import-dialog.c: import a ledger of residents, with a look first
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Four pages: choose a file; review what Linli found (what each column
 * holds, with a drop-down to change it, and every bad row with its number
 * and the reason); the progress of the import; what was imported. Reading
 * the file and the import itself run in a thread, the import on its own
 * connection to the community file, so the window stays responsive.
 */

#define G_LOG_DOMAIN "linli-import-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "linli-format.h"
#include "linli-import.h"
#include "linli-import-dialog.h"
#include "linli-resources.h"

struct _LinliImportDialog
{
  AdwWindow             parent_instance;

  char                 *db_path;
  char                 *community_id;
  LinliImport          *import;
  GtkFileChooserNative *chooser;
  GCancellable         *cancellable;
  GPtrArray            *column_rows;     /* AdwComboRow per column */
  GtkStringList        *field_labels;
  gboolean              updating;
  gboolean              running;
  gboolean              close_when_done;
  guint                 progress_source;
  gint                  progress_done;   /* atomic, written by the import thread */
  gint                  progress_total;
  GFile                *file;            /* the ledger read last */

  /* Template widgets */
  GtkButton            *cancel_button;
  GtkButton            *import_button;
  GtkButton            *other_file_button;
  GtkStack             *pages;
  AdwStatusPage        *choose_page;
  GtkLabel             *file_error_label;
  GtkLabel             *summary_label;
  GtkWidget            *sheet_box;
  GtkDropDown          *sheet_dropdown;
  AdwPreferencesGroup  *columns_group;
  GtkStack             *report_stack;
  GtkColumnView        *issues_view;
  GtkProgressBar       *progress_bar;
  AdwStatusPage        *done_page;
};

G_DEFINE_FINAL_TYPE (LinliImportDialog, linli_import_dialog, ADW_TYPE_WINDOW)

enum {
  IMPORTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/**
 * linli_import_dialog_new:
 * @parent: (nullable): the window it belongs to
 * @db_path: the community file to import into
 *
 * Returns: (transfer full): a new dialog; present it
 */
LinliImportDialog *
linli_import_dialog_new (GtkWindow  *parent,
                         const char *db_path)
{
  LinliImportDialog *self;

  g_return_val_if_fail (db_path != NULL, NULL);

  self = g_object_new (LINLI_TYPE_IMPORT_DIALOG,
                       "transient-for", parent,
                       NULL);
  self->db_path = g_strdup (db_path);
  return self;
}

/**
 * linli_import_dialog_set_community:
 * @community_id: (nullable): the community to import into; %NULL for the
 *   file's first community, or a new one named after the ledger
 */
void
linli_import_dialog_set_community (LinliImportDialog *self,
                                   const char        *community_id)
{
  g_return_if_fail (LINLI_IS_IMPORT_DIALOG (self));
  g_free (self->community_id);
  self->community_id = g_strdup (community_id);
}

/* "choose", "loading", "review", "progress" or "done" */
const char *
linli_import_dialog_get_page (LinliImportDialog *self)
{
  g_return_val_if_fail (LINLI_IS_IMPORT_DIALOG (self), NULL);
  return gtk_stack_get_visible_child_name (self->pages);
}

/* Review ----------------------------------------------------------------- */

static char *
count (guint n)
{
  return linli_format_count (n);
}

static void
update_report (LinliImportDialog *self)
{
  LinliImportMapping *mapping = linli_import_get_mapping (self->import);
  LinliSheet *sheet = linli_import_get_sheet (self->import);
  guint n_valid = linli_import_get_n_valid (self->import);
  guint n_invalid = linli_import_get_n_invalid (self->import);
  g_autofree char *rows = count (linli_import_get_n_records (self->import));
  g_autofree char *good = count (n_valid);
  g_autofree char *bad = count (n_invalid);
  g_autofree char *warnings = count (linli_import_get_n_warnings (self->import));
  g_autofree char *summary = NULL;
  g_autofree char *label = NULL;

  self->updating = TRUE;
  for (guint c = 0; c < self->column_rows->len; c++)
    adw_combo_row_set_selected (g_ptr_array_index (self->column_rows, c),
                                linli_import_mapping_get_field (mapping, c));
  self->updating = FALSE;

  summary = g_strdup_printf (_("“%s”, header in row %u: %s rows of residents, %s good, %s with errors, %s warnings."),
                             sheet->name, linli_import_mapping_get_header_row (mapping), rows, good, bad, warnings);
  if (n_invalid > 0)
    {
      g_autofree char *more = g_strdup_printf ("%s %s", summary,
                                               _("Rows with errors are left out; correct them in the spreadsheet and import it again to add them."));
      g_free (summary);
      summary = g_steal_pointer (&more);
    }
  gtk_label_set_text (self->summary_label, summary);

  gtk_stack_set_visible_child_name (self->report_stack,
                                    g_list_model_get_n_items (linli_import_get_issues (self->import)) > 0
                                    ? "issues" : "clean");

  if (n_invalid > 0)
    label = g_strdup_printf (_("_Import %s Good Rows"), good);
  else
    label = g_strdup_printf (_("_Import %s Rows"), good);
  gtk_button_set_label (self->import_button, label);
  gtk_widget_set_sensitive (GTK_WIDGET (self->import_button), n_valid > 0);
}

static void
on_column_selected_cb (AdwComboRow       *row,
                       GParamSpec        *pspec,
                       LinliImportDialog *self)
{
  guint column = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "column"));
  guint field = adw_combo_row_get_selected (row);

  if (self->updating || self->import == NULL || field >= LINLI_IMPORT_N_FIELDS)
    return;

  linli_import_mapping_set_field (linli_import_get_mapping (self->import), column, field);
  linli_import_validate (self->import);
  update_report (self);
}

static char *
sample_values (LinliImport *import,
               guint        column)
{
  LinliSheet *sheet = linli_import_get_sheet (import);
  g_autoptr(GString) out = g_string_new (NULL);
  guint shown = 0;

  for (guint i = linli_import_mapping_get_header_index (linli_import_get_mapping (import)) + 1;
       i < sheet->rows->len && shown < 3; i++)
    {
      const char *v = linli_sheet_get_cell (sheet, i, column);

      if (v == NULL)
        continue;
      if (shown++ > 0)
        g_string_append (out, "、");
      if (g_utf8_strlen (v, -1) > 14)
        {
          g_string_append_len (out, v, g_utf8_offset_to_pointer (v, 14) - v);
          g_string_append (out, "…");
        }
      else
        g_string_append (out, v);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
clear_columns (LinliImportDialog *self)
{
  for (guint c = 0; c < self->column_rows->len; c++)
    adw_preferences_group_remove (self->columns_group, g_ptr_array_index (self->column_rows, c));
  g_ptr_array_set_size (self->column_rows, 0);
}

static void
show_review (LinliImportDialog *self)
{
  LinliImportMapping *mapping = linli_import_get_mapping (self->import);

  clear_columns (self);
  for (guint c = 0; c < linli_import_mapping_get_n_columns (mapping); c++)
    {
      AdwComboRow *row = ADW_COMBO_ROW (adw_combo_row_new ());
      g_autofree char *letter = linli_sheet_column_name (c);
      g_autofree char *title = g_strdup_printf ("%s · %s", letter, linli_import_mapping_get_title (mapping, c));
      g_autofree char *samples = sample_values (self->import, c);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), samples);
      adw_combo_row_set_model (row, G_LIST_MODEL (self->field_labels));
      adw_combo_row_set_selected (row, linli_import_mapping_get_field (mapping, c));
      g_object_set_data (G_OBJECT (row), "column", GUINT_TO_POINTER (c));
      g_signal_connect_object (row, "notify::selected", G_CALLBACK (on_column_selected_cb), self, 0);
      adw_preferences_group_add (self->columns_group, GTK_WIDGET (row));
      g_ptr_array_add (self->column_rows, row);
    }

  {
    g_autoptr(GtkNoSelection) selection = gtk_no_selection_new (g_object_ref (linli_import_get_issues (self->import)));

    gtk_column_view_set_model (self->issues_view, GTK_SELECTION_MODEL (selection));
  }

  /* The workbook's sheets, when it has several. */
  {
    LinliSheet *sheet = linli_import_get_sheet (self->import);
    guint n = sheet->sheets ? g_strv_length (sheet->sheets) : 0;

    self->updating = TRUE;
    gtk_drop_down_set_model (self->sheet_dropdown,
                             n > 1 ? G_LIST_MODEL (gtk_string_list_new ((const char *const *) sheet->sheets)) : NULL);
    for (guint i = 0; i < n; i++)
      if (g_strcmp0 (sheet->sheets[i], sheet->name) == 0)
        gtk_drop_down_set_selected (self->sheet_dropdown, i);
    self->updating = FALSE;
    gtk_widget_set_visible (self->sheet_box, n > 1);
    gtk_widget_set_sensitive (self->sheet_box, TRUE);
  }

  update_report (self);
  gtk_widget_set_visible (GTK_WIDGET (self->import_button), TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->other_file_button), TRUE);
  gtk_stack_set_visible_child_name (self->pages, "review");
  gtk_widget_grab_focus (GTK_WIDGET (self->import_button));
}

/* Reading the file --------------------------------------------------------- */

typedef struct
{
  GFile *file;
  char  *sheet;   /* NULL: the first sheet with a header */
} ReadJob;

static void
read_job_free (ReadJob *job)
{
  g_object_unref (job->file);
  g_free (job->sheet);
  g_free (job);
}

static void
read_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  ReadJob *job = task_data;
  g_autofree char *path = g_file_get_path (job->file);
  g_autoptr(GError) error = NULL;
  LinliImport *import;

  if (path == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                               _("Only files on this computer can be imported"));
      return;
    }
  import = linli_import_new_for_file_sheet (path, job->sheet, &error);
  if (import == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  linli_import_validate (import);
  g_task_return_pointer (task, import, g_object_unref);
}

static void
on_read_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  LinliImportDialog *self = LINLI_IMPORT_DIALOG (object);
  g_autoptr(GError) error = NULL;
  LinliImport *import = g_task_propagate_pointer (G_TASK (result), &error);

  gtk_widget_set_sensitive (GTK_WIDGET (self->choose_page), TRUE);
  if (import == NULL)
    {
      gtk_label_set_text (self->file_error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->file_error_label), TRUE);
      gtk_stack_set_visible_child_name (self->pages, "choose");
      gtk_widget_set_visible (GTK_WIDGET (self->import_button), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->other_file_button), FALSE);
      return;
    }

  g_clear_object (&self->import);
  self->import = import;
  gtk_widget_set_visible (GTK_WIDGET (self->file_error_label), FALSE);
  show_review (self);
}

/**
 * linli_import_dialog_open_file:
 *
 * Reads @file in a thread and shows what was found. What the file chooser
 * does; the tests call it directly.
 *
 * Returns: %FALSE if an import is running and the file was not opened
 */
static void
read_file (LinliImportDialog *self,
           GFile             *file,
           const char        *sheet)
{
  g_autoptr(GTask) task = NULL;
  ReadJob *job = g_new0 (ReadJob, 1);

  job->file = g_object_ref (file);
  job->sheet = g_strdup (sheet);
  g_set_object (&self->file, file);
  task = g_task_new (self, NULL, on_read_done_cb, NULL);
  g_task_set_task_data (task, job, (GDestroyNotify) read_job_free);
  g_task_run_in_thread (task, read_thread);
}

gboolean
linli_import_dialog_open_file (LinliImportDialog *self,
                               GFile             *file)
{
  g_return_val_if_fail (LINLI_IS_IMPORT_DIALOG (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  if (self->running)
    return FALSE;

  gtk_widget_set_sensitive (GTK_WIDGET (self->choose_page), FALSE);
  gtk_stack_set_visible_child_name (self->pages, "choose");
  read_file (self, file, NULL);
  return TRUE;
}

/**
 * linli_import_dialog_open_sheet:
 * @sheet: a sheet of the workbook read last
 *
 * Reads another sheet of the same workbook: what the sheet list does.
 *
 * Returns: %FALSE if no workbook is open or an import is running
 */
gboolean
linli_import_dialog_open_sheet (LinliImportDialog *self,
                                const char        *sheet)
{
  g_return_val_if_fail (LINLI_IS_IMPORT_DIALOG (self), FALSE);
  g_return_val_if_fail (sheet != NULL, FALSE);

  if (self->running || self->file == NULL)
    return FALSE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->sheet_box), FALSE);
  read_file (self, self->file, sheet);
  return TRUE;
}

static void
on_sheet_selected_cb (GtkDropDown       *dropdown,
                      GParamSpec        *pspec,
                      LinliImportDialog *self)
{
  GtkStringObject *item = gtk_drop_down_get_selected_item (dropdown);
  LinliSheet *sheet = self->import ? linli_import_get_sheet (self->import) : NULL;

  if (self->updating || item == NULL || sheet == NULL ||
      g_strcmp0 (gtk_string_object_get_string (item), sheet->name) == 0)
    return;
  linli_import_dialog_open_sheet (self, gtk_string_object_get_string (item));
}

static void
on_chooser_response_cb (GtkNativeDialog   *chooser,
                        int                response,
                        LinliImportDialog *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      if (file != NULL)
        linli_import_dialog_open_file (self, file);
    }
  g_clear_object (&self->chooser);
}

static void
on_choose_clicked_cb (LinliImportDialog *self)
{
  g_autoptr(GtkFileFilter) sheets = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  if (self->chooser != NULL || self->running)
    return;

  self->chooser = gtk_file_chooser_native_new (_("Choose a Ledger of Residents"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_file_filter_set_name (sheets, _("Spreadsheets (.xlsx, .csv)"));
  gtk_file_filter_add_suffix (sheets, "xlsx");
  gtk_file_filter_add_suffix (sheets, "csv");
  gtk_file_filter_add_suffix (sheets, "txt");
  gtk_file_filter_add_mime_type (sheets, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  gtk_file_filter_add_mime_type (sheets, "text/csv");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), sheets);
  gtk_file_filter_set_name (all, _("All Files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), all);

  g_signal_connect_object (self->chooser, "response", G_CALLBACK (on_chooser_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/* The import ------------------------------------------------------------- */

typedef struct
{
  LinliImport *import;
  char        *db_path;
  char        *community_id;
  gint        *done;
  gint        *total;
} ImportJob;

static void
import_job_free (ImportJob *job)
{
  g_clear_object (&job->import);
  g_free (job->db_path);
  g_free (job->community_id);
  g_free (job);
}

static void
job_progress (guint    done,
              guint    total,
              gpointer user_data)
{
  ImportJob *job = user_data;

  g_atomic_int_set (job->total, (gint) total);
  g_atomic_int_set (job->done, (gint) done);
}

static void
import_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ImportJob *job = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(LinliDb) db = NULL;
  LinliImportResult *result = g_new0 (LinliImportResult, 1);

  /* Its own connection: SQLite connections are not shared across threads. */
  db = linli_db_open (job->db_path, &error);
  if (db == NULL ||
      !linli_import_run (job->import, db, job->community_id, NULL, LINLI_IMPORT_FLAGS_SKIP_INVALID,
                         cancellable, job_progress, job, result, &error))
    {
      g_free (result);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_pointer (task, result, (GDestroyNotify) linli_import_result_clear);
}

static gboolean
update_progress_cb (gpointer user_data)
{
  LinliImportDialog *self = user_data;
  int done = g_atomic_int_get (&self->progress_done);
  int total = g_atomic_int_get (&self->progress_total);
  g_autofree char *d = count ((guint) done);
  g_autofree char *t = count ((guint) total);
  g_autofree char *text = NULL;

  if (total <= 0)
    {
      gtk_progress_bar_pulse (self->progress_bar);
      return G_SOURCE_CONTINUE;
    }
  text = g_strdup_printf (_("%s of %s residents"), d, t);
  gtk_progress_bar_set_fraction (self->progress_bar, (double) done / total);
  gtk_progress_bar_set_text (self->progress_bar, text);
  return G_SOURCE_CONTINUE;
}

static void
set_running (LinliImportDialog *self,
             gboolean           running)
{
  self->running = running;
  gtk_widget_set_visible (GTK_WIDGET (self->import_button), !running && g_str_equal (linli_import_dialog_get_page (self), "review"));
  gtk_widget_set_visible (GTK_WIDGET (self->other_file_button), FALSE);
  gtk_button_set_label (self->cancel_button, running ? _("_Stop") : _("_Cancel"));
  if (!running)
    g_clear_handle_id (&self->progress_source, g_source_remove);
}

static void
on_import_done_cb (GObject      *object,
                   GAsyncResult *res,
                   gpointer      user_data)
{
  LinliImportDialog *self = LINLI_IMPORT_DIALOG (object);
  g_autoptr(GError) error = NULL;
  LinliImportResult *result = g_task_propagate_pointer (G_TASK (res), &error);

  set_running (self, FALSE);
  g_clear_object (&self->cancellable);

  if (self->close_when_done)
    {
      if (result != NULL)
        {
          g_signal_emit (self, signals[IMPORTED], 0, result->community_id);
          linli_import_result_clear (result);
          g_free (result);
        }
      gtk_window_destroy (GTK_WINDOW (self));
      return;
    }

  if (result == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      /* Stopped: nothing was saved; back to the review. */
      gtk_stack_set_visible_child_name (self->pages, "review");
      set_running (self, FALSE);
      return;
    }

  gtk_widget_set_visible (GTK_WIDGET (self->cancel_button), FALSE);
  if (result == NULL)
    {
      adw_status_page_set_icon_name (self->done_page, "dialog-error-symbolic");
      adw_status_page_set_title (self->done_page, _("Nothing Was Imported"));
      adw_status_page_set_description (self->done_page, error->message);
    }
  else
    {
      g_autofree char *created = count (result->created);
      g_autofree char *updated = count (result->updated);
      g_autofree char *unchanged = count (result->unchanged);
      g_autoptr(GString) text = g_string_new (NULL);

      g_string_append_printf (text, _("%s new residents, %s updated, %s already up to date."),
                              created, updated, unchanged);
      g_string_append_c (text, '\n');
      g_string_append_printf (text, _("New: %u grids, %u buildings, %u units, %u households, %u tags."),
                              result->grids_created, result->buildings_created, result->units_created,
                              result->households_created, result->tags_created);
      if (result->skipped > 0)
        {
          g_string_append_c (text, '\n');
          g_string_append_printf (text, _("%u rows with errors were left out."), result->skipped);
        }
      adw_status_page_set_icon_name (self->done_page, "emblem-ok-symbolic");
      adw_status_page_set_title (self->done_page, _("The Ledger Is Imported"));
      adw_status_page_set_description (self->done_page, text->str);
      g_signal_emit (self, signals[IMPORTED], 0, result->community_id);
      linli_import_result_clear (result);
      g_free (result);
    }
  gtk_stack_set_visible_child_name (self->pages, "done");
  gtk_widget_grab_focus (gtk_widget_get_first_child (GTK_WIDGET (self->done_page)));
}

/**
 * linli_import_dialog_start_import:
 *
 * Imports the good rows, as the Import button does.
 */
void
linli_import_dialog_start_import (LinliImportDialog *self)
{
  g_autoptr(GTask) task = NULL;
  ImportJob *job;

  g_return_if_fail (LINLI_IS_IMPORT_DIALOG (self));

  if (self->import == NULL || self->running || linli_import_get_n_valid (self->import) == 0)
    return;

  job = g_new0 (ImportJob, 1);
  job->import = g_object_ref (self->import);
  job->db_path = g_strdup (self->db_path);
  job->community_id = g_strdup (self->community_id);
  job->done = &self->progress_done;
  job->total = &self->progress_total;
  g_atomic_int_set (&self->progress_done, 0);
  g_atomic_int_set (&self->progress_total, 0);

  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  gtk_progress_bar_set_text (self->progress_bar, "");
  gtk_stack_set_visible_child_name (self->pages, "progress");
  set_running (self, TRUE);
  self->progress_source = g_timeout_add (100, update_progress_cb, self);

  self->cancellable = g_cancellable_new ();
  task = g_task_new (self, self->cancellable, on_import_done_cb, NULL);
  g_task_set_task_data (task, job, (GDestroyNotify) import_job_free);
  g_task_run_in_thread (task, import_thread);
}

static void
on_import_clicked_cb (LinliImportDialog *self)
{
  linli_import_dialog_start_import (self);
}

static void
on_cancel_clicked_cb (LinliImportDialog *self)
{
  if (self->running)
    g_cancellable_cancel (self->cancellable);
  else
    gtk_window_close (GTK_WINDOW (self));
}

static void
on_close_clicked_cb (LinliImportDialog *self)
{
  gtk_window_close (GTK_WINDOW (self));
}

static gboolean
linli_import_dialog_close_request (GtkWindow *window)
{
  LinliImportDialog *self = LINLI_IMPORT_DIALOG (window);

  /* An import stops before the window goes; nothing half-done is kept. */
  if (self->running)
    {
      self->close_when_done = TRUE;
      g_cancellable_cancel (self->cancellable);
      return TRUE;
    }
  return GTK_WINDOW_CLASS (linli_import_dialog_parent_class)->close_request (window);
}

/* Columns of the report ----------------------------------------------------- */

typedef enum { COL_ROW, COL_NAME, COL_KIND, COL_MESSAGE } ReportColumn;

static void
setup_label_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                gpointer                  data)
{
  GtkWidget *label = gtk_label_new (NULL);
  ReportColumn col = GPOINTER_TO_INT (data);

  gtk_label_set_xalign (GTK_LABEL (label), col == COL_ROW ? 1.0 : 0.0);
  if (col == COL_MESSAGE)
    {
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
      gtk_label_set_selectable (GTK_LABEL (label), FALSE);
    }
  if (col == COL_ROW)
    gtk_widget_add_css_class (label, "numeric");
  gtk_list_item_set_child (item, label);
}

static void
bind_label_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  data)
{
  LinliImportIssue *issue = gtk_list_item_get_item (item);
  GtkLabel *label = GTK_LABEL (gtk_list_item_get_child (item));
  gboolean error = linli_import_issue_get_severity (issue) == LINLI_IMPORT_ERROR_ROW;
  g_autofree char *text = NULL;

  switch ((ReportColumn) GPOINTER_TO_INT (data))
    {
    case COL_ROW:
      text = g_strdup_printf ("%u", linli_import_issue_get_row (issue));
      break;
    case COL_NAME:
      text = g_strdup (linli_import_issue_get_name (issue));
      break;
    case COL_KIND:
      text = g_strdup (error ? _("Error") : _("Warning"));
      break;
    case COL_MESSAGE:
    default:
      text = g_strdup (linli_import_issue_get_message (issue));
      break;
    }
  gtk_label_set_text (label, text);
  if (GPOINTER_TO_INT (data) == COL_KIND)
    {
      gtk_widget_remove_css_class (GTK_WIDGET (label), error ? "warning" : "error");
      gtk_widget_add_css_class (GTK_WIDGET (label), error ? "error" : "warning");
    }
}

static void
add_report_column (LinliImportDialog *self,
                   const char        *title,
                   ReportColumn       col,
                   gboolean           expand,
                   int                width)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkColumnViewColumn) column = NULL;

  g_signal_connect (factory, "setup", G_CALLBACK (setup_label_cb), GINT_TO_POINTER (col));
  g_signal_connect (factory, "bind", G_CALLBACK (bind_label_cb), GINT_TO_POINTER (col));
  column = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_expand (column, expand);
  if (width > 0)
    gtk_column_view_column_set_fixed_width (column, width);
  gtk_column_view_append_column (self->issues_view, column);
}

/* GObject -------------------------------------------------------------------- */

static void
linli_import_dialog_dispose (GObject *object)
{
  LinliImportDialog *self = LINLI_IMPORT_DIALOG (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->progress_source, g_source_remove);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  gtk_widget_dispose_template (GTK_WIDGET (self), LINLI_TYPE_IMPORT_DIALOG);

  G_OBJECT_CLASS (linli_import_dialog_parent_class)->dispose (object);
}

static void
linli_import_dialog_finalize (GObject *object)
{
  LinliImportDialog *self = LINLI_IMPORT_DIALOG (object);

  g_clear_object (&self->import);
  g_clear_object (&self->file);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->field_labels);
  g_clear_pointer (&self->column_rows, g_ptr_array_unref);
  g_free (self->db_path);
  g_free (self->community_id);

  G_OBJECT_CLASS (linli_import_dialog_parent_class)->finalize (object);
}

static void
linli_import_dialog_class_init (LinliImportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = linli_import_dialog_dispose;
  object_class->finalize = linli_import_dialog_finalize;
  window_class->close_request = linli_import_dialog_close_request;

  /**
   * LinliImportDialog::imported:
   * @community_id: the community the residents went into
   *
   * Residents were imported: the views should show them.
   */
  signals[IMPORTED] = g_signal_new ("imported", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  /* Reference the bundle so the linker keeps it, and its constructor. */
  g_assert (linli_get_resource () != NULL);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/linli/Linli/linli-import-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, LinliImportDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, LinliImportDialog, import_button);
  gtk_widget_class_bind_template_child (widget_class, LinliImportDialog, other_file_button);
  gtk_widget_class_bind_template_child (widget_class, LinliImportDialog, pages);
  gtk_widget_class_bind_template_child (widget_class, LinliImportDialog, choose_page);
  gtk_widget_class_bind_template_child (widget_class, LinliImportDialog, file_error_label);
  gtk_widget_class_bind_template_child (widget_class, LinliImportDialog, summary_label);
  gtk_widget_class_bind_template_child (widget_class, LinliImportDialog, sheet_box);
  gtk_widget_class_bind_template_child (widget_class, LinliImportDialog, sheet_dropdown);
  gtk_widget_class_bind_template_child (widget_class, LinliImportDialog, columns_group);
  gtk_widget_class_bind_template_child (widget_class, LinliImportDialog, report_stack);
  gtk_widget_class_bind_template_child (widget_class, LinliImportDialog, issues_view);
  gtk_widget_class_bind_template_child (widget_class, LinliImportDialog, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, LinliImportDialog, done_page);
  gtk_widget_class_bind_template_callback (widget_class, on_choose_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_import_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_cancel_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_close_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_sheet_selected_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
linli_import_dialog_init (LinliImportDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->column_rows = g_ptr_array_new ();
  self->field_labels = gtk_string_list_new (NULL);
  for (guint f = 0; f < LINLI_IMPORT_N_FIELDS; f++)
    gtk_string_list_append (self->field_labels, linli_import_field_get_label (f));

  add_report_column (self, C_("import report", "Row"), COL_ROW, FALSE, 64);
  add_report_column (self, C_("import report", "Name"), COL_NAME, FALSE, 96);
  add_report_column (self, C_("import report", "Kind"), COL_KIND, FALSE, 64);
  add_report_column (self, C_("import report", "Problem"), COL_MESSAGE, TRUE, -1);
}
