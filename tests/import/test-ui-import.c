/* test-ui-import.c: the import dialog, driven with a generated ledger:
 * the columns it found, the report of bad rows, a changed column, the
 * import with its progress and result, and a file that is no ledger.
 * Screenshots in zh_CN.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "import-fixtures.h"
#include "import-test-util.h"
#include "linli-import-dialog.h"
#include "linli-import-mapping.h"
#include "linli-test-ui.h"

static void
collect (GtkWidget *widget,
         GType      type,
         GPtrArray *out)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    g_ptr_array_add (out, widget);
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    collect (c, type, out);
}

static GtkButton *
import_button (GtkWidget *dialog)
{
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();

  collect (dialog, GTK_TYPE_BUTTON, buttons);
  for (guint i = 0; i < buttons->len; i++)
    if (gtk_widget_has_css_class (buttons->pdata[i], "suggested-action") &&
        gtk_widget_get_visible (buttons->pdata[i]) &&
        gtk_widget_get_mapped (buttons->pdata[i]))
      return buttons->pdata[i];
  return NULL;
}

static gboolean
on_page (gpointer data)
{
  LinliImportDialog *dialog = ((gpointer *) data)[0];
  const char *page = ((gpointer *) data)[1];

  return g_strcmp0 (linli_import_dialog_get_page (dialog), page) == 0 &&
         gtk_widget_get_sensitive (GTK_WIDGET (dialog));
}

static void
wait_for_page (LinliImportDialog *dialog,
               const char        *page)
{
  gpointer data[2] = { dialog, (gpointer) page };

  g_assert_true (linli_test_wait_until (on_page, data, 60000));
}

static gboolean
file_read (gpointer data)
{
  g_autoptr(GPtrArray) pages = g_ptr_array_new ();

  collect (data, ADW_TYPE_STATUS_PAGE, pages);
  return gtk_widget_get_sensitive (pages->pdata[0]);
}

static void
on_imported_cb (LinliImportDialog *dialog,
                const char        *community_id,
                char             **out)
{
  g_free (*out);
  *out = g_strdup (community_id);
}

static void
test_import_dialog (void)
{
  g_autoptr(GPtrArray) people = fixture_residents (400, 41);
  g_autofree char *ledger = test_tmp_path ("青和居社区居民花名册.xlsx");
  g_autofree char *db_path = test_tmp_path ("ui.db");
  g_autoptr(GFile) file = g_file_new_for_path (ledger);
  g_autofree char *community = NULL;
  LinliImportDialog *dialog;
  GtkButton *button;
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  AdwComboRow *phone_row = NULL;

  /* Three bad rows, as real ledgers have them. */
  {
    FixtureResident *r;

    r = people->pdata[4];
    g_free (r->phone);
    r->phone = g_strdup ("1390718123");
    r = people->pdata[9];
    g_clear_pointer (&r->room, g_free);
    r = people->pdata[12];
    r->id_number[17] = r->id_number[17] == '1' ? '2' : '1';
  }
  fixture_write_xlsx (people, fixture_default_headers, FIXTURE_TITLE | FIXTURE_MERGED, ledger);
  {
    g_autoptr(LinliDb) db = linli_db_open (db_path, NULL);
    g_assert_nonnull (db);
  }

  dialog = linli_import_dialog_new (NULL, db_path);
  g_signal_connect (dialog, "imported", G_CALLBACK (on_imported_cb), &community);
  gtk_window_set_default_size (GTK_WINDOW (dialog), 1100, 760);
  gtk_window_present (GTK_WINDOW (dialog));
  linli_test_wait_for_draw (GTK_WIDGET (dialog));
  g_assert_cmpstr (linli_import_dialog_get_page (dialog), ==, "choose");
  g_free (linli_test_screenshot (GTK_WIDGET (dialog), "import-choose"));

  /* The review: columns found under the title row, and the bad rows. */
  linli_import_dialog_open_file (dialog, file);
  wait_for_page (dialog, "review");
  linli_test_wait_for_draw (GTK_WIDGET (dialog));
  linli_test_iterate (300);
  button = import_button (GTK_WIDGET (dialog));
  g_assert_nonnull (button);
  g_assert_cmpstr (gtk_button_get_label (button), ==, "导入 397 行正确数据(_I)");
  g_free (linli_test_screenshot (GTK_WIDGET (dialog), "import-review"));

  /* Not importing the phone column takes its error away. */
  collect (GTK_WIDGET (dialog), ADW_TYPE_COMBO_ROW, rows);
  g_assert_cmpuint (rows->len, ==, 13);
  for (guint i = 0; i < rows->len; i++)
    if (g_str_has_prefix (adw_preferences_row_get_title (rows->pdata[i]), "F · "))
      phone_row = rows->pdata[i];
  g_assert_nonnull (phone_row);
  g_assert_cmpuint (adw_combo_row_get_selected (phone_row), ==, LINLI_IMPORT_FIELD_PHONE);
  adw_combo_row_set_selected (phone_row, LINLI_IMPORT_FIELD_IGNORE);
  g_assert_cmpstr (gtk_button_get_label (button), ==, "导入 398 行正确数据(_I)");
  adw_combo_row_set_selected (phone_row, LINLI_IMPORT_FIELD_PHONE);
  g_assert_cmpstr (gtk_button_get_label (button), ==, "导入 397 行正确数据(_I)");

  /* The import, its progress, its result. */
  g_signal_emit_by_name (button, "clicked");
  g_assert_cmpstr (linli_import_dialog_get_page (dialog), ==, "progress");
  linli_test_wait_for_draw (GTK_WIDGET (dialog));
  g_free (linli_test_screenshot (GTK_WIDGET (dialog), "import-progress"));
  wait_for_page (dialog, "done");
  linli_test_wait_for_draw (GTK_WIDGET (dialog));
  g_free (linli_test_screenshot (GTK_WIDGET (dialog), "import-done"));
  g_assert_nonnull (community);
  {
    g_autoptr(LinliDb) db = linli_db_open (db_path, NULL);

    g_assert_cmpint (linli_db_query_int (db, NULL, "SELECT count(*) FROM person WHERE community_id = ?", "s", community),
                     ==, 397);
  }

  gtk_window_destroy (GTK_WINDOW (dialog));
  linli_test_iterate (50);
}

static void
test_bad_file (void)
{
  g_autofree char *path = test_tmp_path ("照片.xlsx");
  g_autofree char *db_path = test_tmp_path ("ui-bad.db");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  LinliImportDialog *dialog;
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  gboolean shown = FALSE;

  g_assert_true (g_file_set_contents (path, "\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16, NULL));
  dialog = linli_import_dialog_new (NULL, db_path);
  gtk_window_present (GTK_WINDOW (dialog));
  linli_test_wait_for_draw (GTK_WIDGET (dialog));
  linli_import_dialog_open_file (dialog, file);
  g_assert_true (linli_test_wait_until (file_read, dialog, 10000));
  linli_test_wait_for_draw (GTK_WIDGET (dialog));

  g_assert_cmpstr (linli_import_dialog_get_page (dialog), ==, "choose");
  collect (GTK_WIDGET (dialog), GTK_TYPE_LABEL, labels);
  for (guint i = 0; i < labels->len; i++)
    if (gtk_widget_has_css_class (labels->pdata[i], "error") && gtk_widget_get_visible (labels->pdata[i]))
      {
        g_assert_nonnull (strstr (gtk_label_get_text (labels->pdata[i]), "这不是表格文件"));
        shown = TRUE;
      }
  g_assert_true (shown);
  g_free (linli_test_screenshot (GTK_WIDGET (dialog), "import-bad-file"));
  g_assert_false (g_file_test (db_path, G_FILE_TEST_EXISTS));

  gtk_window_destroy (GTK_WINDOW (dialog));
  linli_test_iterate (50);
}

static gboolean
reviewing_sheet (gpointer data)
{
  LinliImportDialog *dialog = ((gpointer *) data)[0];
  const char *label = ((gpointer *) data)[1];
  GtkButton *button = import_button (GTK_WIDGET (dialog));

  return g_strcmp0 (linli_import_dialog_get_page (dialog), "review") == 0 && button != NULL &&
         g_strcmp0 (gtk_button_get_label (button), label) == 0;
}

/* A workbook of one sheet per building behind a sheet of instructions:
 * the dialog opens the first sheet with a header and lists the sheets;
 * choosing another reads it. */
static void
test_sheets (void)
{
  g_autofree char *path = test_tmp_path ("按楼栋分表.xlsx");
  g_autofree char *db_path = test_tmp_path ("ui-sheets.db");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GPtrArray) dropdowns = g_ptr_array_new ();
  LinliImportDialog *dialog;
  GtkDropDown *sheets = NULL;
  gpointer first[2], second[2];

  fixture_write_xlsx_sheets (path);
  dialog = linli_import_dialog_new (NULL, db_path);
  gtk_window_set_default_size (GTK_WINDOW (dialog), 1100, 500);
  gtk_window_present (GTK_WINDOW (dialog));
  linli_test_wait_for_draw (GTK_WIDGET (dialog));
  linli_import_dialog_open_file (dialog, file);
  first[0] = dialog;
  first[1] = "导入 3 行(_I)";
  g_assert_true (linli_test_wait_until (reviewing_sheet, first, 10000));

  collect (GTK_WIDGET (dialog), GTK_TYPE_DROP_DOWN, dropdowns);
  for (guint i = 0; i < dropdowns->len; i++)
    if (gtk_widget_is_visible (dropdowns->pdata[i]))
      sheets = dropdowns->pdata[i];
  g_assert_nonnull (sheets);
  g_assert_cmpuint (g_list_model_get_n_items (gtk_drop_down_get_model (sheets)), ==, 3);
  g_assert_cmpuint (gtk_drop_down_get_selected (sheets), ==, 1);
  linli_test_wait_for_draw (GTK_WIDGET (dialog));
  g_free (linli_test_screenshot (GTK_WIDGET (dialog), "import-sheets"));

  gtk_drop_down_set_selected (sheets, 2);
  second[0] = dialog;
  second[1] = "导入 2 行(_I)";
  g_assert_true (linli_test_wait_until (reviewing_sheet, second, 10000));
  g_assert_cmpuint (gtk_drop_down_get_selected (sheets), ==, 2);

  gtk_window_destroy (GTK_WINDOW (dialog));
  linli_test_iterate (50);
}

int
main (int argc, char *argv[])
{
  linli_test_ui_init (&argc, &argv);

  g_test_add_func ("/ui/import/dialog", test_import_dialog);
  g_test_add_func ("/ui/import/bad-file", test_bad_file);
  g_test_add_func ("/ui/import/sheets", test_sheets);

  return g_test_run ();
}
