/* test-ui-first-run.c: a new community file offers to create a community
 * or open the demo; a file that is not Linli's says so.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "linli-application.h"
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

  return g_test_run ();
}
