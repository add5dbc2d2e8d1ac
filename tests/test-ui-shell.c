/* test-ui-shell.c: the real application window in zh_CN, its four views
 * through their actions and their shortcuts, a narrow window, and a clean
 * close.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "linli-application.h"
#include "linli-test-ui.h"
#include "linli-window.h"

static const struct {
  const char *name;
  const char *zh_title;
  const char *keys;
} views[] = {
  { "map", "地图", "alt+1" },
  { "meetings", "会议", "alt+2" },
  { "projects", "项目", "alt+3" },
  { "volunteers", "志愿者", "alt+4" },
};

typedef struct {
  LinliApplication *app;
  LinliWindow      *window;
} Fixture;

#define find_descendant linli_test_find_descendant
#define find_toplevel linli_test_find_toplevel

/* A small demo community, made once for all the tests of this program. */
static char *db_path;

static void
body_cb (GtkApplication *app,
         GtkWindow      *window,
         gpointer        data)
{
  Fixture f = { LINLI_APPLICATION (app), LINLI_WINDOW (window) };
  void (*body) (Fixture *, gconstpointer) = data;

  body (&f, NULL);
}

static void
run_in_app (gconstpointer data)
{
  linli_test_run_app (db_path, body_cb, (gpointer) data);
}

static void
test_views_by_action (Fixture       *f,
                      gconstpointer  data)
{
  AdwViewStack *stack = ADW_VIEW_STACK (find_descendant (GTK_WIDGET (f->window), ADW_TYPE_VIEW_STACK));

  g_assert_nonnull (stack);

  for (guint i = 0; i < G_N_ELEMENTS (views); i++)
    {
      AdwViewStackPage *page;
      g_autofree char *png = NULL;

      g_action_group_activate_action (G_ACTION_GROUP (f->window), "view",
                                      g_variant_new_string (views[i].name));
      g_assert_cmpstr (linli_window_get_visible_view (f->window), ==, views[i].name);

      page = adw_view_stack_get_page (stack, adw_view_stack_get_visible_child (stack));
      if (g_str_has_prefix (setlocale (LC_MESSAGES, NULL), "zh_CN"))
        g_assert_cmpstr (adw_view_stack_page_get_title (page), ==, views[i].zh_title);

      linli_test_wait_for_draw (GTK_WIDGET (f->window));
      /* The map's own test takes map.png, on the seed community. */
      png = linli_test_screenshot (GTK_WIDGET (f->window),
                                   g_str_equal (views[i].name, "map") ? "shell-map" : views[i].name);
      g_test_message ("screenshot: %s", png);
    }
}

static void
test_views_by_shortcut (Fixture       *f,
                        gconstpointer  data)
{
  /* The accelerators are bound to the view actions... */
  for (guint i = 0; i < G_N_ELEMENTS (views); i++)
    {
      g_auto(GStrv) actions = NULL;
      g_autofree char *accel = g_strdup_printf ("<Alt>%u", i + 1);
      g_autofree char *expected = g_strdup_printf ("win.view::%s", views[i].name);

      actions = gtk_application_get_actions_for_accel (GTK_APPLICATION (f->app), accel);
      g_assert_nonnull (actions);
      g_assert_cmpstr (actions[0], ==, expected);
    }

  /* ...and real key presses through the X server reach them. */
  if (!linli_test_can_send_keys ())
    {
      g_test_skip ("xdotool on an X11 display is needed to type real keys");
      return;
    }

  for (guint i = 0; i < G_N_ELEMENTS (views); i++)
    {
      /* Start from another view so that the change is visible. */
      guint other = (i + 1) % G_N_ELEMENTS (views);

      g_action_group_activate_action (G_ACTION_GROUP (f->window), "view",
                                      g_variant_new_string (views[other].name));
      g_assert_cmpstr (linli_window_get_visible_view (f->window), ==, views[other].name);

      g_assert_true (linli_test_send_keys (GTK_WINDOW (f->window), views[i].keys));
      g_assert_cmpstr (linli_window_get_visible_view (f->window), ==, views[i].name);
    }
}

static gboolean
search_bar_is_open (gpointer data)
{
  return gtk_search_bar_get_search_mode (GTK_SEARCH_BAR (data));
}

static void
test_search_shortcut (Fixture       *f,
                      gconstpointer  data)
{
  GtkSearchBar *bar = GTK_SEARCH_BAR (find_descendant (GTK_WIDGET (f->window), GTK_TYPE_SEARCH_BAR));

  g_assert_false (gtk_search_bar_get_search_mode (bar));
  if (linli_test_can_send_keys ())
    g_assert_true (linli_test_send_keys (GTK_WINDOW (f->window), "ctrl+f"));
  else
    g_action_group_activate_action (G_ACTION_GROUP (f->window), "search", NULL);
  g_assert_true (linli_test_wait_until (search_bar_is_open, bar, 2000));
}

static void
test_search (Fixture       *f,
             gconstpointer  data)
{
  GtkSearchEntry *entry = GTK_SEARCH_ENTRY (find_descendant (GTK_WIDGET (f->window), GTK_TYPE_SEARCH_ENTRY));
  GtkWidget *results = find_descendant (GTK_WIDGET (f->window), g_type_from_name ("LinliSearchResults"));
  GtkListBox *list;
  GtkWindow *dialog;

  g_action_group_activate_action (G_ACTION_GROUP (f->window), "search", NULL);
  gtk_editable_set_text (GTK_EDITABLE (entry), "童趣");
  g_signal_emit_by_name (entry, "search-changed");
  linli_test_wait_for_draw (GTK_WIDGET (f->window));
  g_assert_true (gtk_widget_get_visible (gtk_widget_get_parent (results)));
  list = GTK_LIST_BOX (find_descendant (results, GTK_TYPE_LIST_BOX));
  g_assert_nonnull (gtk_list_box_get_row_at_index (list, 0));
  linli_test_iterate (400);
  linli_test_wait_for_draw (GTK_WIDGET (f->window));
  g_free (linli_test_screenshot (GTK_WIDGET (f->window), "search"));

  /* An address as a secretary writes it. */
  gtk_editable_set_text (GTK_EDITABLE (entry), "2-1-101");
  g_signal_emit_by_name (entry, "search-changed");
  g_assert_nonnull (gtk_list_box_get_row_at_index (list, 0));

  /* A project opens: its view has no page yet, so its fields show. */
  gtk_editable_set_text (GTK_EDITABLE (entry), "童趣乐园");
  g_signal_emit_by_name (entry, "search-changed");
  g_signal_emit_by_name (entry, "activate");
  linli_test_iterate (200);
  g_assert_false (gtk_search_bar_get_search_mode (GTK_SEARCH_BAR (find_descendant (GTK_WIDGET (f->window), GTK_TYPE_SEARCH_BAR))));
  g_assert_cmpstr (linli_window_get_visible_view (f->window), ==, "projects");
  dialog = find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (dialog);
  linli_test_wait_for_draw (GTK_WIDGET (dialog));
  g_free (linli_test_screenshot (GTK_WIDGET (dialog), "search-record"));
  gtk_window_destroy (dialog);
}

static void
test_dialogs (Fixture       *f,
              gconstpointer  data)
{
  static const struct { const char *group; const char *action; const char *type; const char *png; } dialogs[] = {
    { "app", "preferences", "LinliPreferencesWindow", "preferences" },
    { "win", "show-help-overlay", "GtkShortcutsWindow", "shortcuts" },
    { "app", "about", "AdwAboutWindow", "about" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (dialogs); i++)
    {
      GtkWindow *dialog;

      if (g_str_equal (dialogs[i].group, "app"))
        g_action_group_activate_action (G_ACTION_GROUP (f->app), dialogs[i].action, NULL);
      else
        g_action_group_activate_action (G_ACTION_GROUP (f->window), dialogs[i].action, NULL);
      linli_test_iterate (100);
      dialog = find_toplevel (g_type_from_name (dialogs[i].type));
      g_assert_nonnull (dialog);
      /* Header squeezers crossfade when a window first maps. */
      linli_test_iterate (600);
      linli_test_wait_for_draw (GTK_WIDGET (dialog));
      g_free (linli_test_screenshot (GTK_WIDGET (dialog), dialogs[i].png));
      gtk_window_destroy (dialog);
      linli_test_iterate (50);
    }
}

static gboolean
switcher_bar_revealed (gpointer data)
{
  return adw_view_switcher_bar_get_reveal (ADW_VIEW_SWITCHER_BAR (data));
}

static void
test_narrow_window (Fixture       *f,
                    gconstpointer  data)
{
  AdwViewSwitcherBar *bar = ADW_VIEW_SWITCHER_BAR (find_descendant (GTK_WIDGET (f->window),
                                                                    ADW_TYPE_VIEW_SWITCHER_BAR));
  g_autofree char *png = NULL;

  g_assert_nonnull (bar);
  g_assert_false (adw_view_switcher_bar_get_reveal (bar));

  gtk_window_set_default_size (GTK_WINDOW (f->window), 360, 640);
  g_assert_true (linli_test_wait_until (switcher_bar_revealed, bar, 5000));
  /* Let the header's squeezer and the bar's revealer finish animating. */
  linli_test_iterate (800);
  linli_test_wait_for_draw (GTK_WIDGET (f->window));
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (f->window)), <=, 400);
  png = linli_test_screenshot (GTK_WIDGET (f->window), "narrow");
}

static void
test_settings_kept (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *last = NULL;

  g_action_group_activate_action (G_ACTION_GROUP (f->window), "view",
                                  g_variant_new_string ("projects"));
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1000, 700);
  linli_test_wait_for_draw (GTK_WIDGET (f->window));
  gtk_window_close (GTK_WINDOW (f->window));
  linli_test_iterate (50);

  last = g_settings_get_string (settings, "last-view");
  g_assert_cmpstr (last, ==, "projects");
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 1000);

  /* A new window opens where the last one was left. */
  g_application_activate (G_APPLICATION (f->app));
  f->window = LINLI_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (f->app)));
  linli_test_wait_for_draw (GTK_WIDGET (f->window));
  g_assert_cmpstr (linli_window_get_visible_view (f->window), ==, "projects");
}

int
main (int argc, char *argv[])
{
  g_autofree char *dir = NULL;
  int ret;

  linli_test_ui_init (&argc, &argv);
  dir = g_dir_make_tmp ("linli-ui-shell-XXXXXX", NULL);
  db_path = linli_test_make_demo (dir, "small");

  g_test_add_data_func ("/ui/shell/views-by-action", test_views_by_action, run_in_app);
  g_test_add_data_func ("/ui/shell/views-by-shortcut", test_views_by_shortcut, run_in_app);
  g_test_add_data_func ("/ui/shell/search-shortcut", test_search_shortcut, run_in_app);
  g_test_add_data_func ("/ui/shell/narrow-window", test_narrow_window, run_in_app);
  g_test_add_data_func ("/ui/shell/settings-kept", test_settings_kept, run_in_app);
  g_test_add_data_func ("/ui/shell/search", test_search, run_in_app);
  g_test_add_data_func ("/ui/shell/dialogs", test_dialogs, run_in_app);

  ret = g_test_run ();
  g_free (db_path);
  return ret;
}
