/* test-ui-sync.c: sync in the app, against the real linli-server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   - a new PC enrols from Preferences → Sync, the first pull fills it
 *     (its progress bar shows), and the window turns to the community;
 *   - the header's indicator, synced, and with the server out of reach;
 *   - a street-office account: the totals of its communities, in a
 *     table and a chart;
 *   - an edit of this PC that a later edit on another PC replaced: the
 *     "changed elsewhere" mark on the person's page with both values,
 *     the list of them from Preferences → Sync, and "Got It".
 *
 * Screenshots in zh_CN: sync-preferences, sync-first-pull, sync-indicator,
 * sync-offline, office-totals, office-chart-projects, sync-changed-elsewhere,
 * sync-conflicts.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>

#include "linli-application.h"
#include "linli-changed-elsewhere.h"
#include "linli-conflicts-window.h"
#include "linli-map-person-page.h"
#include "linli-office-view.h"
#include "linli-preferences-window.h"
#include "linli-sync-conflicts.h"
#include "linli-sync-indicator.h"
#include "linli-sync-page.h"
#include "linli-test-ui.h"
#include "linli-window.h"
#include "sync-test-util.h"

static SyncTestStorage *storage;
static SyncTestProcess *server;
static char *tmp;
static char *cid;
static char *office;

static void
collect (GtkWidget *widget,
         GType      type,
         GPtrArray *out)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    g_ptr_array_add (out, widget);
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    collect (c, type, out);
}

static const char *
page_of (gpointer window)
{
  return linli_window_get_visible_page (LINLI_WINDOW (window));
}

static gboolean
views_shown (gpointer window)
{
  return g_strcmp0 (page_of (window), "views") == 0;
}

static gboolean
first_run_shown (gpointer window)
{
  return g_strcmp0 (page_of (window), "first-run") == 0;
}

static gboolean
office_shown (gpointer window)
{
  return g_strcmp0 (page_of (window), "office") == 0;
}

static LinliSyncService *
service_of (const char *path)
{
  return linli_sync_service_get_for_path (path);
}

static gboolean
is_syncing (gpointer service)
{
  return linli_sync_service_get_state (service) == LINLI_SYNC_STATE_SYNCING;
}

static gboolean
is_done (gpointer service)
{
  LinliSyncState s = linli_sync_service_get_state (service);

  return s == LINLI_SYNC_STATE_IDLE || s == LINLI_SYNC_STATE_ERROR || s == LINLI_SYNC_STATE_OFFLINE;
}

static gboolean
is_syncing_or_synced (gpointer service)
{
  return is_syncing (service) || linli_sync_service_get_first_pull (service);
}

static gboolean
has_progress (gpointer service)
{
  return linli_sync_service_get_progress (service) > 0.05 && linli_sync_service_get_progress (service) < 0.95;
}

static gboolean
has_progress_or_done (gpointer service)
{
  return has_progress (service) || linli_sync_service_get_first_pull (service) ||
         linli_sync_service_get_state (service) != LINLI_SYNC_STATE_SYNCING;
}

/* The enrolment's error, said beside the fields. */
static gboolean
error_shown (gpointer page)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();

  collect (page, GTK_TYPE_LABEL, labels);
  for (guint i = 0; i < labels->len; i++)
    if (gtk_widget_has_css_class (labels->pdata[i], "error") && gtk_widget_get_visible (labels->pdata[i]) &&
        strstr (gtk_label_get_text (labels->pdata[i]), "https://") != NULL)
      return TRUE;
  return FALSE;
}

/* A new PC: Preferences → Sync, the code, and the community arrives. */
static void
body_enrol (GtkApplication *app,
            GtkWindow      *win,
            gpointer        data)
{
  const char *path = data;
  g_autoptr(LinliSyncService) service = service_of (path);
  g_autofree char *code = sync_test_admin (storage, "enrol-code", cid, NULL);
  g_autoptr(GPtrArray) entries = g_ptr_array_new ();
  GtkWindow *prefs;
  GtkWidget *page;
  GtkWidget *indicator;

  g_assert_cmpstr (page_of (win), ==, "first-run");
  indicator = linli_test_find_descendant (GTK_WIDGET (win), LINLI_TYPE_SYNC_INDICATOR);
  g_assert_false (gtk_widget_get_visible (indicator));

  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  linli_test_iterate (100);
  prefs = linli_test_find_toplevel (LINLI_TYPE_PREFERENCES_WINDOW);
  g_assert_nonnull (prefs);
  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (prefs), "sync");
  page = linli_test_find_descendant (GTK_WIDGET (prefs), LINLI_TYPE_SYNC_PAGE);
  g_assert_nonnull (page);
  collect (page, ADW_TYPE_ENTRY_ROW, entries);
  g_assert_cmpuint (entries->len, ==, 2);

  /* Plain HTTP off this computer is refused before anything is sent. */
  gtk_editable_set_text (GTK_EDITABLE (entries->pdata[0]), "http://192.0.2.9:8080");
  gtk_editable_set_text (GTK_EDITABLE (entries->pdata[1]), code);
  gtk_widget_activate_action (page, "sync.enrol", NULL);
  g_assert_true (linli_test_wait_until (error_shown, page, 60000));
  g_assert_cmpint (linli_sync_service_get_state (service), ==, LINLI_SYNC_STATE_NOT_ENROLLED);

  gtk_editable_set_text (GTK_EDITABLE (entries->pdata[0]), server->url);
  g_assert_false (error_shown (page));
  linli_test_iterate (400);
  linli_test_wait_for_draw (GTK_WIDGET (prefs));
  g_free (linli_test_screenshot (GTK_WIDGET (prefs), "sync-preferences"));

  gtk_widget_activate_action (page, "sync.enrol", NULL);
  g_assert_true (linli_test_wait_until (is_syncing_or_synced, service, 120000));
  g_assert_true (linli_test_wait_until (has_progress_or_done, service, 60000));
  if (has_progress (service))
    {
      linli_test_wait_for_draw (GTK_WIDGET (prefs));
      g_free (linli_test_screenshot (GTK_WIDGET (prefs), "sync-first-pull"));
    }
  g_assert_true (linli_test_wait_until (is_done, service, 120000));
  g_assert_cmpint (linli_sync_service_get_state (service), ==, LINLI_SYNC_STATE_IDLE);
  g_assert_true (linli_sync_service_get_first_pull (service));
  gtk_window_destroy (prefs);

  /* The window turned to the community that arrived. */
  g_assert_true (linli_test_wait_until (views_shown, win, 10000));
  g_assert_true (gtk_widget_get_visible (indicator));
  g_assert_cmpint (linli_db_query_int (linli_window_get_db (LINLI_WINDOW (win)), NULL,
                                       "SELECT count(*) FROM person", NULL), ==, 300);

  /* The indicator's popover. */
  {
    GtkMenuButton *button = GTK_MENU_BUTTON (linli_test_find_descendant (indicator, GTK_TYPE_MENU_BUTTON));

    gtk_menu_button_popup (button);
    linli_test_iterate (300);
    linli_test_wait_for_draw (GTK_WIDGET (win));
    g_free (linli_test_screenshot (GTK_WIDGET (gtk_menu_button_get_popover (button)), "sync-indicator"));
    gtk_menu_button_popdown (button);
  }
}

static void
test_enrol_and_first_pull (void)
{
  g_autofree char *path = g_build_filename (tmp, "new-pc.db", NULL);

  linli_test_run_app (path, body_enrol, path);
}

/* The server out of reach: the indicator says so, the PC works on. */
static void
body_offline (GtkApplication *app,
              GtkWindow      *win,
              gpointer        data)
{
  const char *path = data;
  g_autoptr(LinliSyncService) service = service_of (path);
  GtkWidget *indicator = linli_test_find_descendant (GTK_WIDGET (win), LINLI_TYPE_SYNC_INDICATOR);
  GtkMenuButton *button = GTK_MENU_BUTTON (linli_test_find_descendant (indicator, GTK_TYPE_MENU_BUTTON));

  g_assert_true (linli_test_wait_until (views_shown, win, 10000));
  g_assert_true (linli_test_wait_until (is_done, service, 20000));
  g_assert_cmpint (linli_sync_service_get_state (service), ==, LINLI_SYNC_STATE_OFFLINE);
  g_assert_cmpint (linli_sync_service_get_pending (service), >, 0);
  g_assert_true (gtk_widget_get_visible (indicator));

  gtk_menu_button_popup (button);
  linli_test_iterate (300);
  linli_test_wait_for_draw (GTK_WIDGET (win));
  g_free (linli_test_screenshot (GTK_WIDGET (gtk_menu_button_get_popover (button)), "sync-offline"));
  gtk_menu_button_popdown (button);
}

static void
test_offline (void)
{
  g_autofree char *path = g_build_filename (tmp, "offline.db", NULL);
  g_autoptr(GError) error = NULL;

  /* Enrolled with a server that has since gone away. */
  {
    g_autoptr(LinliDb) db = linli_db_open (path, &error);
    g_autoptr(GHashTable) ids = sync_test_fill_every_table (db, "ledger-offline");

    g_assert_no_error (error);
    g_assert_true (linli_db_set_meta (db, "sync_server", "http://127.0.0.1:9", &error));
    g_assert_true (linli_db_set_meta (db, "sync_token", "lt1-gone", &error));
    g_assert_true (linli_db_set_meta (db, "sync_role", "community", &error));
    g_assert_true (linli_db_set_meta (db, "sync_community", "c-gone", &error));
    g_assert_true (linli_db_set_meta (db, "sync_community_name", "东龙社区", &error));
  }
  linli_test_run_app (path, body_offline, path);
}

/* A street-office account. */
static void
body_office (GtkApplication *app,
             GtkWindow      *win,
             gpointer        data)
{
  const char *path = data;
  g_autoptr(LinliSyncService) service = service_of (path);
  LinliOfficeView *view;
  GtkDropDown *measure;

  g_assert_true (linli_test_wait_until (is_done, service, 20000));
  g_assert_true (linli_test_wait_until (office_shown, win, 10000));
  view = LINLI_OFFICE_VIEW (linli_test_find_descendant (GTK_WIDGET (win), LINLI_TYPE_OFFICE_VIEW));
  g_assert_cmpuint (linli_office_view_get_n_communities (view), ==, 3);
  linli_test_iterate (200);
  linli_test_wait_for_draw (GTK_WIDGET (win));
  g_free (linli_test_screenshot (GTK_WIDGET (win), "office-totals"));

  measure = GTK_DROP_DOWN (linli_test_find_descendant (GTK_WIDGET (view), GTK_TYPE_DROP_DOWN));
  gtk_drop_down_set_selected (measure, 1);
  linli_test_iterate (200);
  linli_test_wait_for_draw (GTK_WIDGET (win));
  g_free (linli_test_screenshot (GTK_WIDGET (win), "office-chart-projects"));

  /* Leaving the server: the file has no community, the window offers to
   * make one instead of totals that will not come. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GHashTable) left = linli_sync_service_leave (service, &error);

    g_assert_no_error (error);
    g_assert_true (linli_test_wait_until (first_run_shown, win, 10000));
  }
}

static void
test_office (void)
{
  g_autofree char *path = g_build_filename (tmp, "office.db", NULL);
  g_autofree char *code = sync_test_admin (storage, "enrol-code", "--office", office, NULL);
  g_autoptr(GError) error = NULL;

  {
    g_autoptr(LinliDb) db = linli_db_open (path, &error);
    g_autoptr(LinliSyncClient) client = linli_sync_client_new (db);

    g_assert_no_error (error);
    g_assert_true (linli_sync_client_enrol (client, server->url, code, NULL, &error));
    g_assert_no_error (error);
  }
  linli_test_run_app (path, body_office, path);
}

/* linli-cli, outside this process: this test runs with the slow and
 * exact unwinder of LeakSanitizer (see tests/sync/meson.build), the
 * communities' records are made at normal speed. */
static void
cli (const char *env,
     const char *db,
     ...)
{
  g_autofree char *bin = g_build_filename (g_getenv ("LINLI_BUILD_ROOT"), "src", "cli", "linli-cli", NULL);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  const char *envs[] = { "ASAN_OPTIONS=detect_leaks=1:abort_on_error=1", env, NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  va_list ap;

  g_ptr_array_add (argv, bin);
  g_ptr_array_add (argv, (char *) "--db");
  g_ptr_array_add (argv, (char *) db);
  va_start (ap, db);
  for (const char *a = va_arg (ap, const char *); a != NULL; a = va_arg (ap, const char *))
    g_ptr_array_add (argv, (char *) a);
  va_end (ap);
  g_ptr_array_add (argv, NULL);
  if (sync_test_run ((const char * const *) argv->pdata, envs, &out, &err) != 0)
    g_error ("linli-cli %s: %s%s", (char *) argv->pdata[3], out, err);
}

/* A community of the street office, with its records on the server:
 * the demo's, or 300 imported residents. */
static void
add_community (const char *name,
               guint       seed,
               gboolean    in_office)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_build_filename (tmp, name, NULL);
  g_autofree char *path = g_build_filename (dir, "community.db", NULL);
  g_autofree char *id = in_office ? sync_test_admin (storage, "add-community", name, "--office", office, NULL)
                                  : sync_test_admin (storage, "add-community", name, NULL);
  g_autofree char *code = sync_test_admin (storage, "enrol-code", id, NULL);

  g_mkdir_with_parents (dir, 0700);
  if (seed > 0)
    {
      g_autofree char *seed_text = g_strdup_printf ("%u", seed);
      g_autoptr(LinliDb) db = NULL;

      cli (NULL, path, "demo", "--scale", "small", "--seed", seed_text, NULL);
      db = linli_db_open (path, &error);
      g_assert_no_error (error);
      g_assert_true (linli_db_exec (db, &error, "UPDATE community SET name = ?", "s", name));
    }
  else
    {
      g_autofree char *csv = g_build_filename (dir, "花名册.csv", NULL);
      GString *rows = g_string_new ("序号,姓名,性别,联系电话,楼栋,单元,房号\n");
      static const char *family = "王李张刘陈杨黄赵吴周";
      static const char *given = "芳伟秀英建国丽娜强敏静磊";

      for (guint i = 0; i < 300; i++)
        {
          char f[4] = { 0 }, g[4] = { 0 }, h[4] = { 0 };

          /* Every name and every address once. */
          memcpy (f, family + 3 * (i % 10), 3);
          memcpy (g, given + 3 * ((i / 10) % 12), 3);
          memcpy (h, given + 3 * ((i / 120) % 12), 3);
          g_string_append_printf (rows, "%u,%s%s%s,%s,1390000%04u,%u,%u,%u\n",
                                  i + 1, f, g, h, i % 2 ? "男" : "女", i, 1 + i / 30, 1 + (i / 10) % 3, 101 + i % 10);
        }
      g_assert_true (g_file_set_contents (csv, rows->str, -1, NULL));
      g_string_free (rows, TRUE);
      cli (NULL, path, "init", "--name", name, NULL);
      cli (NULL, path, "import", "residents", csv, NULL);
    }
  /* Small pushes: the new PC's first pull then comes in many pages. */
  cli (NULL, path, "enrol", "--server", server->url, "--code", code, NULL);
  cli ("LINLI_SYNC_BATCH=20", path, "sync", NULL);
  if (cid == NULL)
    cid = g_steal_pointer (&id);
}

/* This PC's edit lost to a later one made on another PC. */
typedef struct
{
  const char *path;
  const char *there;
  const char *person;
} Lost;

static gboolean
has_conflicts (gpointer service)
{
  return linli_sync_service_get_conflicts (service) > 0 && is_done (service);
}

static gboolean
has_pending (gpointer service)
{
  return linli_sync_service_get_pending (service) > 0;
}

static gboolean
page_says_renamed (gpointer page)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();

  collect (page, GTK_TYPE_LABEL, labels);
  for (guint i = 0; i < labels->len; i++)
    if (gtk_widget_get_mapped (labels->pdata[i]) &&
        g_strcmp0 (gtk_label_get_text (labels->pdata[i]), "刘丽伟（改名）") == 0)
      return TRUE;
  return FALSE;
}

static gboolean
widget_shown (gpointer widget)
{
  return gtk_widget_get_mapped (widget);
}

static void
body_changed_elsewhere (GtkApplication *app,
                        GtkWindow      *win,
                        gpointer        data)
{
  Lost *lost = data;
  g_autoptr(LinliSyncService) service = service_of (lost->path);
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();
  LinliDb *db = linli_window_get_db (LINLI_WINDOW (win));
  GtkWidget *mark, *details = NULL, *seen = NULL, *page, *person_page;
  GtkWindow *prefs, *list;
  g_autofree char *text = NULL;

  /* The sync on start brings the other PC's later value. */
  g_assert_true (linli_test_wait_until (views_shown, win, 10000));
  g_assert_true (linli_test_wait_until (has_conflicts, service, 60000));
  g_assert_cmpint (linli_sync_service_get_state (service), ==, LINLI_SYNC_STATE_IDLE);
  text = linli_db_query_string (db, NULL, "SELECT phone FROM person WHERE id = ?", "s", lost->person);
  g_assert_cmpstr (text, ==, "13900000002");
  g_clear_pointer (&text, g_free);

  /* The person's page shows the mark with both values. */
  linli_window_show_record (LINLI_WINDOW (win), "person", lost->person);
  linli_test_iterate (200);
  person_page = linli_test_find_descendant (GTK_WIDGET (win), LINLI_TYPE_MAP_PERSON_PAGE);
  g_assert_nonnull (person_page);
  mark = linli_test_find_descendant (person_page, LINLI_TYPE_CHANGED_ELSEWHERE);
  g_assert_nonnull (mark);
  g_assert_true (linli_test_wait_until (widget_shown, mark, 10000));
  collect (mark, GTK_TYPE_LABEL, rows);
  for (guint i = 0; i < rows->len; i++)
    if (strstr (gtk_label_get_text (rows->pdata[i]), "13800000001") != NULL)
      details = rows->pdata[i];
  g_assert_nonnull (details);
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (details)), "13900000002"));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (details)), _("Phone")));
  linli_test_wait_for_draw (GTK_WIDGET (win));
  g_free (linli_test_screenshot (GTK_WIDGET (win), "sync-changed-elsewhere"));

  /* Preferences → Sync lists it, and leads back to the person. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  linli_test_iterate (100);
  prefs = linli_test_find_toplevel (LINLI_TYPE_PREFERENCES_WINDOW);
  g_assert_nonnull (prefs);
  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (prefs), "sync");
  page = linli_test_find_descendant (GTK_WIDGET (prefs), LINLI_TYPE_SYNC_PAGE);
  gtk_widget_activate_action (page, "sync.show-conflicts", NULL);
  linli_test_iterate (200);
  list = linli_test_find_toplevel (LINLI_TYPE_CONFLICTS_WINDOW);
  g_assert_nonnull (list);
  g_ptr_array_set_size (rows, 0);
  collect (GTK_WIDGET (list), ADW_TYPE_ACTION_ROW, rows);
  g_assert_cmpuint (rows->len, ==, 1);
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (rows->pdata[0]), "13800000001"));
  linli_test_wait_for_draw (GTK_WIDGET (list));
  g_free (linli_test_screenshot (GTK_WIDGET (list), "sync-conflicts"));
  collect (rows->pdata[0], GTK_TYPE_BUTTON, buttons);
  g_assert_cmpuint (buttons->len, ==, 1);
  g_signal_emit_by_name (buttons->pdata[0], "clicked");
  linli_test_iterate (200);
  g_assert_null (linli_test_find_toplevel (LINLI_TYPE_CONFLICTS_WINDOW));
  g_assert_null (linli_test_find_toplevel (LINLI_TYPE_PREFERENCES_WINDOW));

  /* "Got It": the mark goes, here and in the header's count. */
  g_ptr_array_set_size (buttons, 0);
  collect (mark, GTK_TYPE_BUTTON, buttons);
  for (guint i = 0; i < buttons->len; i++)
    if (g_strcmp0 (gtk_button_get_label (buttons->pdata[i]), _("_Got It")) == 0)
      seen = buttons->pdata[i];
  g_assert_nonnull (seen);
  g_signal_emit_by_name (seen, "clicked");
  linli_test_iterate (100);
  g_assert_false (gtk_widget_get_visible (mark));
  g_assert_cmpint (linli_sync_service_get_conflicts (service), ==, 0);
  g_assert_cmpint (linli_sync_conflicts_count_unseen (db), ==, 0);

  /* An edit here counts at once in what waits to be sent. */
  g_assert_cmpint (linli_sync_service_get_pending (service), ==, 0);
  g_assert_true (linli_db_set (db, NULL, "person", lost->person, "notes", "s", "已电话确认"));
  g_assert_true (linli_test_wait_until (has_pending, service, 5000));

  /* The other PC renames the person; a sync here shows the new name on
   * the page that is open, without going back to the community. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(LinliDb) other = linli_db_open (lost->there, &error);

    g_assert_no_error (error);
    g_assert_true (linli_db_set (other, &error, "person", lost->person, "name", "s", "刘丽伟（改名）"));
  }
  cli (NULL, lost->there, "sync", NULL);
  linli_sync_service_sync_now (service);
  g_assert_true (linli_test_wait_until (page_says_renamed, person_page, 60000));
  g_assert_cmpint (linli_sync_service_get_pending (service), ==, 0);
}

static void
test_changed_elsewhere (void)
{
  g_autofree char *here = g_build_filename (tmp, "this-pc.db", NULL);
  g_autofree char *there = g_build_filename (tmp, "other-pc.db", NULL);
  g_autofree char *code_here = sync_test_admin (storage, "enrol-code", cid, NULL);
  g_autofree char *code_there = sync_test_admin (storage, "enrol-code", cid, NULL);
  g_autofree char *person = NULL;
  g_autoptr(GError) error = NULL;
  Lost lost;

  cli (NULL, here, "enrol", "--server", server->url, "--code", code_here, NULL);
  cli (NULL, here, "sync", NULL);
  cli (NULL, there, "enrol", "--server", server->url, "--code", code_there, NULL);
  cli (NULL, there, "sync", NULL);

  /* Here first, there later; there sends first. */
  {
    g_autoptr(LinliDb) db = linli_db_open (here, &error);

    g_assert_no_error (error);
    person = linli_db_query_string (db, NULL, "SELECT id FROM person WHERE deleted = 0 ORDER BY name LIMIT 1", NULL);
    g_assert_nonnull (person);
    g_assert_true (linli_db_set (db, &error, "person", person, "phone", "s", "13800000001"));
  }
  g_usleep (5000);
  {
    g_autoptr(LinliDb) db = linli_db_open (there, &error);

    g_assert_no_error (error);
    g_assert_true (linli_db_set (db, &error, "person", person, "phone", "s", "13900000002"));
  }
  cli (NULL, there, "sync", NULL);

  lost.path = here;
  lost.there = there;
  lost.person = person;
  linli_test_run_app (here, body_changed_elsewhere, &lost);
}

int
main (int argc, char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *skip = NULL;
  int ret;

  linli_test_ui_init (&argc, &argv);
  g_unsetenv ("LINLI_TEST_STORAGE");

  storage = sync_test_storage_new ("ui", &skip);
  g_assert_nonnull (storage);
  tmp = sync_test_tmpdir ("ui-sync");
  office = sync_test_admin (storage, "add-office", "青山区红卫路街道", NULL);
  server = sync_test_server_spawn (storage->args, "127.0.0.1:0", &error);
  g_assert_no_error (error);

  add_community ("青和居社区", 0, TRUE);
  add_community ("绿景苑社区", 2, TRUE);
  add_community ("奥园居民区", 3, TRUE);
  add_community ("施营社区", 4, FALSE);

  g_test_add_func ("/ui/sync/enrol-and-first-pull", test_enrol_and_first_pull);
  g_test_add_func ("/ui/sync/offline", test_offline);
  g_test_add_func ("/ui/sync/office", test_office);
  g_test_add_func ("/ui/sync/changed-elsewhere", test_changed_elsewhere);

  ret = g_test_run ();

  sync_test_server_kill (server, SIGTERM);
  sync_test_storage_free (storage);
  sync_test_rm_rf (tmp);
  g_free (tmp);
  g_free (cid);
  g_free (office);
  return ret;
}
