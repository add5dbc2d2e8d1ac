/* test-ui-sync.c: sync in the app, against the real linli-server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   - a new PC enrols from Preferences → Sync, the first pull fills it
 *     (its progress bar shows), and the window turns to the community;
 *   - the header's indicator, synced, and with the server out of reach;
 *   - a street-office account: the totals of its communities, in a
 *     table and a chart.
 *
 * Screenshots in zh_CN: sync-preferences, sync-first-pull, sync-indicator,
 * sync-offline, office-totals, office-chart-projects.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>

#include "linli-application.h"
#include "linli-demo.h"
#include "linli-office-view.h"
#include "linli-preferences-window.h"
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

static char *
admin (const char *first,
       ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  char *out = NULL;
  va_list ap;

  va_start (ap, first);
  for (const char *a = first; a != NULL; a = va_arg (ap, const char *))
    g_ptr_array_add (args, (char *) a);
  va_end (ap);
  g_ptr_array_add (args, NULL);
  g_assert_cmpint (sync_test_server_admin (storage->args, (const char * const *) args->pdata, &out), ==, 0);
  return out;
}

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
has_progress (gpointer service)
{
  return linli_sync_service_get_progress (service) > 0.05 && linli_sync_service_get_progress (service) < 0.95;
}

/* A new PC: Preferences → Sync, the code, and the community arrives. */
static void
body_enrol (GtkApplication *app,
            GtkWindow      *win,
            gpointer        data)
{
  const char *path = data;
  g_autoptr(LinliSyncService) service = service_of (path);
  g_autofree char *code = admin ("enrol-code", cid, NULL);
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
  g_assert_true (linli_test_wait_until ((gboolean (*) (gpointer)) gtk_widget_is_sensitive,
                                        linli_test_find_descendant (page, GTK_TYPE_BUTTON), 5000));
  linli_test_iterate (200);
  g_assert_cmpint (linli_sync_service_get_state (service), ==, LINLI_SYNC_STATE_NOT_ENROLLED);

  gtk_editable_set_text (GTK_EDITABLE (entries->pdata[0]), server->url);
  linli_test_wait_for_draw (GTK_WIDGET (prefs));
  g_free (linli_test_screenshot (GTK_WIDGET (prefs), "sync-preferences"));

  gtk_widget_activate_action (page, "sync.enrol", NULL);
  g_assert_true (linli_test_wait_until (is_syncing, service, 20000));
  if (linli_test_wait_until (has_progress, service, 20000))
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
                                       "SELECT count(*) FROM person", NULL), >, 100);

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
}

static void
test_office (void)
{
  g_autofree char *path = g_build_filename (tmp, "office.db", NULL);
  g_autofree char *code = admin ("enrol-code", "--office", office, NULL);
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

/* Communities of the street office, with their records on the server. */
static void
add_community (const char *name,
               const char *scale,
               gboolean    in_office)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_build_filename (tmp, name, NULL);
  g_autofree char *id = in_office ? admin ("add-community", name, "--office", office, NULL)
                                  : admin ("add-community", name, NULL);
  g_autofree char *code = admin ("enrol-code", id, NULL);
  g_autofree char *path = NULL;
  g_autoptr(LinliDb) db = NULL;
  g_autoptr(LinliSyncClient) client = NULL;

  g_mkdir_with_parents (dir, 0700);
  path = g_build_filename (dir, "demo.db", NULL);
  db = linli_db_open (path, &error);
  g_assert_no_error (error);
  {
    static guint32 seed = 1;
    LinliDemoScale s;
    GDate today;

    /* A seed of its own: the demo's ids come from it. */
    g_assert_true (linli_demo_parse_scale (scale, &s));
    g_date_clear (&today, 1);
    g_date_set_dmy (&today, 23, 11, 2026);
    g_assert_true (linli_demo_generate (db, s, seed++, &today, NULL, NULL, &error));
    g_assert_no_error (error);
  }
  /* Each community its own name. */
  g_assert_true (linli_db_exec (db, &error, "UPDATE community SET name = ?", "s", name));
  client = linli_sync_client_new (db);
  if (!linli_sync_client_enrol (client, server->url, code, NULL, &error) ||
      !linli_sync_client_sync (client, NULL, &error))
    g_error ("%s: %s", name, error->message);
  if (cid == NULL)
    cid = g_steal_pointer (&id);
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
  office = admin ("add-office", "青山区红卫路街道", NULL);
  server = sync_test_server_spawn (storage->args, "127.0.0.1:0", &error);
  g_assert_no_error (error);

  add_community ("青和居社区", "small", TRUE);
  add_community ("绿景苑社区", "small", TRUE);
  add_community ("奥园居民区", "small", TRUE);
  add_community ("施营社区", "small", FALSE);

  g_test_add_func ("/ui/sync/enrol-and-first-pull", test_enrol_and_first_pull);
  g_test_add_func ("/ui/sync/offline", test_offline);
  g_test_add_func ("/ui/sync/office", test_office);

  ret = g_test_run ();

  sync_test_server_kill (server, SIGTERM);
  sync_test_storage_free (storage);
  sync_test_rm_rf (tmp);
  g_free (tmp);
  g_free (cid);
  g_free (office);
  return ret;
}
