/* test-ui-first-run.c: a new community file offers to create a community
 * or open the demo; a file that is not Linli's says so.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "linli-application.h"
#include "linli-import-dialog.h"
#include "linli-test-ui.h"
#include "linli-window.h"

static const char *
visible_page (LinliWindow *window)
{
  return linli_window_get_visible_page (window);
}

#define find_descendant linli_test_find_descendant

static char *
tmp_path (const char *name)
{
  static char *dir;

  if (dir == NULL)
    dir = g_dir_make_tmp ("linli-ui-first-run-XXXXXX", NULL);
  return g_build_filename (dir, name, NULL);
}

static gboolean
views_shown (gpointer data)
{
  return g_strcmp0 (visible_page (data), "views") == 0;
}

static void
body_create (GtkApplication *app,
             GtkWindow      *win,
             gpointer        data)
{
  LinliWindow *window = LINLI_WINDOW (win);
  g_autofree char *png = NULL;
  AdwMessageDialog *dialog = NULL;
  GtkWidget *entry;

  g_assert_cmpstr (visible_page (window), ==, "first-run");
  /* The views cannot be switched to before there is a community. */
  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "view"));
  png = linli_test_screenshot (GTK_WIDGET (window), "first-run");

  gtk_widget_activate_action (find_descendant (GTK_WIDGET (window), g_type_from_name ("LinliFirstRunPage")),
                              "first-run.create", NULL);
  linli_test_iterate (200);
  dialog = ADW_MESSAGE_DIALOG (linli_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_nonnull (dialog);
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "create"));

  entry = find_descendant (GTK_WIDGET (dialog), ADW_TYPE_ENTRY_ROW);
  gtk_editable_set_text (GTK_EDITABLE (entry), "青和社区");
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "create"));
  linli_test_wait_for_draw (GTK_WIDGET (dialog));
  g_free (linli_test_screenshot (GTK_WIDGET (dialog), "first-run-create"));
  adw_message_dialog_response (dialog, "create");
  gtk_window_destroy (GTK_WINDOW (dialog));

  g_assert_true (linli_test_wait_until (views_shown, window, 2000));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "青和社区");
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "view"));
}

static void
test_create (void)
{
  g_autofree char *path = tmp_path ("new.db");

  linli_test_run_app (path, body_create, NULL);
}

static void
body_demo (GtkApplication *app,
           GtkWindow      *win,
           gpointer        data)
{
  LinliWindow *window = LINLI_WINDOW (win);
  g_assert_cmpstr (visible_page (window), ==, "first-run");
  gtk_widget_activate_action (find_descendant (GTK_WIDGET (window), g_type_from_name ("LinliFirstRunPage")),
                              "first-run.demo", NULL);
  linli_test_iterate (100);
  linli_test_wait_for_draw (GTK_WIDGET (window));
  g_free (linli_test_screenshot (GTK_WIDGET (window), "first-run-demo-progress"));
  g_assert_true (linli_test_wait_until (views_shown, window, 60000));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "幸福里社区");
}

static void
test_demo (void)
{
  g_autofree char *path = tmp_path ("demo.db");

  g_setenv ("LINLI_DEMO_SCALE", "small", TRUE);
  linli_test_run_app (path, body_demo, NULL);
}

static gboolean
dialog_page_is (gpointer data)
{
  GtkWidget *dialog = data;
  const char *page = g_object_get_data (G_OBJECT (dialog), "want");

  return g_strcmp0 (linli_import_dialog_get_page (LINLI_IMPORT_DIALOG (dialog)), page) == 0;
}

static void
body_import (GtkApplication *app,
             GtkWindow      *win,
             gpointer        data)
{
  LinliWindow *window = LINLI_WINDOW (win);
  const char *csv = data;
  g_autoptr(GFile) file = g_file_new_for_path (csv);
  LinliImportDialog *dialog;

  g_assert_cmpstr (visible_page (window), ==, "first-run");
  gtk_widget_activate_action (find_descendant (GTK_WIDGET (window), g_type_from_name ("LinliFirstRunPage")),
                              "first-run.import", NULL);
  linli_test_iterate (200);
  dialog = LINLI_IMPORT_DIALOG (linli_test_find_toplevel (LINLI_TYPE_IMPORT_DIALOG));
  g_assert_nonnull (dialog);

  g_assert_true (linli_import_dialog_open_file (dialog, file));
  g_object_set_data (G_OBJECT (dialog), "want", (gpointer) "review");
  g_assert_true (linli_test_wait_until (dialog_page_is, dialog, 10000));
  linli_import_dialog_start_import (dialog);
  g_object_set_data (G_OBJECT (dialog), "want", (gpointer) "done");
  g_assert_true (linli_test_wait_until (dialog_page_is, dialog, 30000));

  /* The window shows the community the import made. */
  g_assert_true (linli_test_wait_until (views_shown, window, 2000));
  g_assert_cmpint (linli_db_query_int (linli_window_get_db (window), NULL,
                                       "SELECT count(*) FROM person WHERE deleted = 0", NULL), ==, 3);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
test_import (void)
{
  g_autofree char *path = tmp_path ("import.db");
  g_autofree char *csv = tmp_path ("花名册.csv");

  g_assert_true (g_file_set_contents (csv,
    "青和居社区居民花名册\n"
    "序号,姓名,性别,身份证号码,联系电话,楼栋,单元,房号,人员类别\n"
    "1,王秀英,女,11010519491231002X,13907181234,12,2,501,独居老人\n"
    "2,李建国,男,42010719450312001X,13807181234,12,2,502,党员\n"
    "3,张伟,男,420107198001010011,13607181234,3,1,101,\n", -1, NULL));
  linli_test_run_app (path, body_import, csv);
}

static void
body_not_linli (GtkApplication *app,
                GtkWindow      *win,
                gpointer        data)
{
  LinliWindow *window = LINLI_WINDOW (win);
  GtkWidget *status;

  g_assert_cmpstr (visible_page (window), ==, "error");
  status = find_descendant (GTK_WIDGET (window), ADW_TYPE_STATUS_PAGE);
  g_assert_nonnull (status);
  g_free (linli_test_screenshot (GTK_WIDGET (window), "open-error"));
}

static void
test_not_linli (void)
{
  g_autofree char *path = tmp_path ("ledger.csv");
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  g_assert_true (g_file_set_contents (path, "序号,姓名,身份证号\n1,王秀英,420107194503120026\n", -1, NULL));
  g_file_get_contents (path, &before, NULL, NULL);
  linli_test_run_app (path, body_not_linli, NULL);
  g_file_get_contents (path, &after, NULL, NULL);
  g_assert_cmpstr (before, ==, after);
}

int
main (int argc, char *argv[])
{
  linli_test_ui_init (&argc, &argv);

  g_test_add_func ("/ui/first-run/create", test_create);
  g_test_add_func ("/ui/first-run/demo", test_demo);
  g_test_add_func ("/ui/first-run/not-linli", test_not_linli);
  g_test_add_func ("/ui/first-run/import", test_import);

  return g_test_run ();
}
