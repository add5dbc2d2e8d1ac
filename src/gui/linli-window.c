/* linli-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "linli-window"

#include "config.h"

#include <glib/gi18n.h>

#include "linli-backup.h"
#include "linli-export.h"
#include "linli-first-run-page.h"
#include "linli-import-dialog.h"
#include "linli-office-view.h"
#include "linli-record-dialog.h"
#include "linli-search-results.h"
#include "linli-sync-indicator.h"
#include "linli-map-view.h"
#include "linli-meetings-view.h"
#include "linli-projects-view.h"
#include "linli-volunteers-view.h"
#include "linli-window.h"

struct _LinliWindow
{
  AdwApplicationWindow  parent_instance;

  GSettings            *settings;
  LinliDb              *db;
  char                 *community_id;
  LinliSyncService     *sync;

  /* Template widgets */
  AdwToastOverlay      *toast_overlay;
  AdwHeaderBar         *header_bar;
  AdwViewSwitcherTitle *switcher_title;
  AdwWindowTitle       *plain_title;
  AdwViewStack         *stack;
  GtkSearchBar         *search_bar;
  GtkSearchEntry       *search_entry;
  GtkStack             *pages;
  AdwStatusPage        *error_page;
  LinliFirstRunPage    *first_run_page;
  GtkWidget            *search_button;
  GtkWidget            *print_button;
  GtkWidget            *search_clamp;
  LinliSearchResults   *search_results;
  LinliSyncIndicator   *sync_indicator;
  LinliOfficeView      *office_view;
};

G_DEFINE_FINAL_TYPE (LinliWindow, linli_window, ADW_TYPE_APPLICATION_WINDOW)

static const char *view_names[] = { "map", "meetings", "projects", "volunteers" };

static gboolean
is_view_name (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (view_names); i++)
    if (g_strcmp0 (view_names[i], name) == 0)
      return TRUE;
  return FALSE;
}

LinliWindow *
linli_window_new (LinliApplication *application)
{
  return g_object_new (LINLI_TYPE_WINDOW,
                       "application", application,
                       NULL);
}

const char *
linli_window_get_visible_view (LinliWindow *self)
{
  g_return_val_if_fail (LINLI_IS_WINDOW (self), NULL);

  return adw_view_stack_get_visible_child_name (self->stack);
}

/**
 * linli_window_get_visible_page:
 *
 * Returns: "loading", "error", "first-run" or "views"
 */
const char *
linli_window_get_visible_page (LinliWindow *self)
{
  g_return_val_if_fail (LINLI_IS_WINDOW (self), NULL);

  return gtk_stack_get_visible_child_name (self->pages);
}

LinliDb *
linli_window_get_db (LinliWindow *self)
{
  g_return_val_if_fail (LINLI_IS_WINDOW (self), NULL);

  return self->db;
}

const char *
linli_window_get_community_id (LinliWindow *self)
{
  g_return_val_if_fail (LINLI_IS_WINDOW (self), NULL);

  return self->community_id;
}

static void
set_views_enabled (LinliWindow *self,
                   gboolean     enabled)
{
  const char *actions[] = { "view", "search", "print", "export" };

  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self), actions[i])),
                                 enabled);
  /* Only the views have a switcher; the other pages show the name. */
  adw_header_bar_set_title_widget (self->header_bar,
                                   enabled ? GTK_WIDGET (self->switcher_title) : GTK_WIDGET (self->plain_title));
  gtk_widget_set_visible (self->search_button, enabled);
  gtk_widget_set_visible (self->print_button, enabled);
  if (!enabled)
    gtk_search_bar_set_search_mode (self->search_bar, FALSE);
}

static void
show_page (LinliWindow *self,
           const char  *page)
{
  gtk_stack_set_visible_child_name (self->pages, page);
  set_views_enabled (self, g_str_equal (page, "views"));
}

/**
 * linli_window_show_community:
 * @community_id: a community of the open file
 *
 * Hands the community to the four views and shows them.
 */
void
linli_window_show_community (LinliWindow *self,
                             const char  *community_id)
{
  GtkWidget *views[4];
  g_autofree char *name = NULL;

  g_return_if_fail (LINLI_IS_WINDOW (self));
  g_return_if_fail (self->db != NULL);

  g_free (self->community_id);
  self->community_id = g_strdup (community_id);
  linli_db_set_meta (self->db, "current_community", community_id, NULL);

  name = linli_db_query_string (self->db, NULL, "SELECT name FROM community WHERE id = ?", "s", community_id);
  adw_view_switcher_title_set_subtitle (self->switcher_title, name ? name : "");
  gtk_window_set_title (GTK_WINDOW (self), name ? name : _("Linli"));

  views[0] = adw_view_stack_get_child_by_name (self->stack, "map");
  views[1] = adw_view_stack_get_child_by_name (self->stack, "meetings");
  views[2] = adw_view_stack_get_child_by_name (self->stack, "projects");
  views[3] = adw_view_stack_get_child_by_name (self->stack, "volunteers");
  for (guint i = 0; i < G_N_ELEMENTS (views); i++)
    linli_view_set_context (LINLI_VIEW (views[i]), self->db, community_id);
  linli_search_results_set_context (self->search_results, self->db, community_id);

  show_page (self, "views");
}

static char *
pick_community (LinliDb *db)
{
  g_autofree char *last = linli_db_get_meta (db, "current_community");

  if (last != NULL &&
      linli_db_query_int (db, NULL, "SELECT count(*) FROM community WHERE id = ? AND deleted = 0", "s", last) > 0)
    return g_steal_pointer (&last);

  return linli_db_query_string (db, NULL,
                                "SELECT id FROM community WHERE deleted = 0 ORDER BY rowid LIMIT 1", NULL);
}

static void
daily_backup_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LinliDb) db = linli_db_open (task_data, &error);
  g_autofree char *made = NULL;

  if (db != NULL)
    made = linli_backup_daily (db, NULL, LINLI_BACKUPS_KEPT, &error);
  if (error != NULL)
    g_warning ("The daily backup failed: %s", error->message);
  else if (made != NULL)
    g_debug ("Daily backup: %s", made);
  g_task_return_boolean (task, error == NULL);
}

/* The first start of each day keeps a copy, without holding up the window. */
static void
start_daily_backup (LinliWindow *self)
{
  g_autoptr(GTask) task = g_task_new (NULL, NULL, NULL, NULL);

  g_task_set_task_data (task, g_strdup (linli_db_get_path (self->db)), g_free);
  g_task_run_in_thread (task, daily_backup_thread);
}

/* Sync brought changes (the views reload), the community itself (the
 * first sync of a new PC), or an office's totals. */
static void
on_synced_cb (LinliWindow      *self,
              guint             received,
              LinliSyncService *sync)
{
  g_autofree char *community = NULL;

  if (self->db == NULL)
    return;
  if (linli_office_view_is_wanted (sync))
    {
      show_page (self, "office");
      return;
    }
  if (received == 0)
    return;
  if (self->community_id != NULL)
    {
      /* Other computers' edits: each view shows them where it stands. */
      for (guint i = 0; i < G_N_ELEMENTS (view_names); i++)
        {
          GtkWidget *view = adw_view_stack_get_child_by_name (self->stack, view_names[i]);

          if (LINLI_IS_VIEW (view))
            linli_view_refresh (LINLI_VIEW (view));
        }
      return;
    }
  community = pick_community (self->db);
  if (community != NULL)
    linli_window_show_community (self, community);
}

/* Enrolled as a street office, or no longer (left the server): the
 * window shows the totals, or goes back to the community. */
static void
on_sync_role_cb (LinliWindow *self)
{
  g_autofree char *community = NULL;

  if (self->db == NULL)
    return;
  if (linli_office_view_is_wanted (self->sync))
    {
      show_page (self, "office");
      return;
    }
  if (g_strcmp0 (linli_window_get_visible_page (self), "office") != 0)
    return;
  community = pick_community (self->db);
  if (community != NULL)
    linli_window_show_community (self, community);
  else
    show_page (self, "first-run");
}

/* Sync with the street office's server: now, every few minutes, and on
 * demand, in the background; nothing when the file has no server. */
static void
start_sync (LinliWindow *self,
            const char  *path)
{
  if (self->sync != NULL)
    g_signal_handlers_disconnect_by_data (self->sync, self);
  g_clear_object (&self->sync);
  self->sync = linli_sync_service_get_for_path (path);
  linli_sync_indicator_set_service (self->sync_indicator, self->sync);
  linli_office_view_set_service (self->office_view, self->sync);
  g_signal_connect_object (self->sync, "synced", G_CALLBACK (on_synced_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sync, "notify::role", G_CALLBACK (on_sync_role_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sync, "notify::state", G_CALLBACK (on_sync_role_cb), self, G_CONNECT_SWAPPED);
  linli_sync_service_start (self->sync);
}

/* An edit of this file was stored: the header's count of what waits to
 * be sent follows. */
static void
on_db_committed_cb (LinliWindow *self)
{
  if (self->sync != NULL)
    linli_sync_service_refresh (self->sync);
}

/**
 * linli_window_open_db:
 * @path: the community file
 *
 * Opens the file (creating it when missing) and shows its community, the
 * first-run page when it has none, or what went wrong.
 *
 * Returns: %TRUE when the file opened
 */
gboolean
linli_window_open_db (LinliWindow *self,
                      const char  *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LinliDb) db = NULL;
  g_autofree char *community = NULL;

  g_return_val_if_fail (LINLI_IS_WINDOW (self), FALSE);

  db = linli_db_open (path, &error);
  if (db == NULL)
    {
      adw_status_page_set_description (self->error_page, error->message);
      show_page (self, "error");
      return FALSE;
    }

  g_set_object (&self->db, db);
  /* Every edit counts in what waits for the next sync. */
  linli_db_watch_commits (db);
  g_signal_connect_object (db, "committed", G_CALLBACK (on_db_committed_cb), self, G_CONNECT_SWAPPED);
  linli_first_run_page_set_db (self->first_run_page, db);
  if (!g_str_equal (path, ":memory:"))
    {
      start_daily_backup (self);
      start_sync (self, path);
    }

  /* A street-office account has no community of its own: its totals. */
  if (linli_office_view_is_wanted (self->sync))
    {
      show_page (self, "office");
      return TRUE;
    }

  community = pick_community (db);
  if (community == NULL)
    show_page (self, "first-run");
  else
    linli_window_show_community (self, community);

  return TRUE;
}

/* Which view shows records of which table. */
static const char *
view_for_table (const char *table)
{
  static const struct { const char *table; const char *view; } routes[] = {
    { "person", "map" }, { "household", "map" }, { "unit", "map" }, { "building", "map" },
    { "grid", "map" }, { "volunteer", "volunteers" }, { "team", "volunteers" },
    { "project", "projects" }, { "meeting", "meetings" }, { "venue", "meetings" },
    { "organisation", "projects" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (routes); i++)
    if (g_str_equal (routes[i].table, table))
      return routes[i].view;
  return "map";
}

/**
 * linli_window_show_record:
 *
 * Shows a record in its view, or its fields in a dialog when its view has
 * no page for it.
 */
void
linli_window_show_record (LinliWindow *self,
                          const char  *table,
                          const char  *id)
{
  const char *view_name = view_for_table (table);
  GtkWidget *view = adw_view_stack_get_child_by_name (self->stack, view_name);

  g_return_if_fail (LINLI_IS_WINDOW (self));

  gtk_search_bar_set_search_mode (self->search_bar, FALSE);
  g_action_group_change_action_state (G_ACTION_GROUP (self), "view", g_variant_new_string (view_name));
  if (LINLI_IS_VIEW (view) && linli_view_show_record (LINLI_VIEW (view), table, id))
    return;

  linli_record_dialog_new (GTK_WINDOW (self), self->db, table, id);
}

static void
on_search_chosen_cb (LinliWindow        *self,
                     const char         *table,
                     const char         *id,
                     LinliSearchResults *results)
{
  linli_window_show_record (self, table, id);
}

static void
on_search_changed_cb (LinliWindow    *self,
                      GtkSearchEntry *entry)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));
  gboolean any = text != NULL && *text != '\0';

  if (any)
    linli_search_results_search (self->search_results, text);
  gtk_widget_set_visible (self->search_clamp, any && gtk_search_bar_get_search_mode (self->search_bar));
}

static void
on_search_activate_cb (LinliWindow    *self,
                       GtkSearchEntry *entry)
{
  linli_search_results_activate_first (self->search_results);
}

static void
on_search_mode_changed_cb (LinliWindow  *self,
                           GParamSpec   *pspec,
                           GtkSearchBar *bar)
{
  if (!gtk_search_bar_get_search_mode (bar))
    {
      gtk_widget_set_visible (self->search_clamp, FALSE);
      gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
    }
}

static gboolean
on_search_key_pressed_cb (LinliWindow           *self,
                          guint                  keyval,
                          guint                  keycode,
                          GdkModifierType        state,
                          GtkEventControllerKey *controller)
{
  if (keyval == GDK_KEY_Down || keyval == GDK_KEY_KP_Down)
    return linli_search_results_focus_first (self->search_results);
  return FALSE;
}

static void
on_imported_cb (LinliWindow       *self,
                const char        *community_id,
                LinliImportDialog *dialog)
{
  /* The import wrote on its own connection: show what it made. */
  if (community_id != NULL)
    linli_window_show_community (self, community_id);
}

static void
open_import_dialog (LinliWindow *self)
{
  LinliImportDialog *dialog;

  if (self->db == NULL)
    return;

  dialog = linli_import_dialog_new (GTK_WINDOW (self), linli_db_get_path (self->db));
  if (self->community_id != NULL)
    linli_import_dialog_set_community (dialog, self->community_id);
  g_signal_connect_object (dialog, "imported", G_CALLBACK (on_imported_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_import_requested_cb (LinliWindow       *self,
                        LinliFirstRunPage *page)
{
  open_import_dialog (self);
}

static void
import_action_activated (GSimpleAction *action,
                         GVariant      *parameter,
                         gpointer       user_data)
{
  open_import_dialog (LINLI_WINDOW (user_data));
}

static void
on_export_response_cb (LinliWindow          *self,
                       int                   response,
                       GtkFileChooserNative *native)
{
  if (response == GTK_RESPONSE_ACCEPT && self->db != NULL)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));
      g_autofree char *path = g_file_get_path (file);
      const char *full = gtk_file_chooser_get_choice (GTK_FILE_CHOOSER (native), "full");
      g_autoptr(GError) error = NULL;
      guint n = 0;

      /* The chooser may hand back a name without the format's ending. */
      if (path != NULL && !g_str_has_suffix (path, ".xlsx") && !g_str_has_suffix (path, ".csv"))
        {
          char *with = g_strconcat (path, ".xlsx", NULL);
          g_free (path);
          path = with;
        }

      if (path == NULL ||
          !linli_export_residents (self->db, self->community_id, path,
                                   g_strcmp0 (full, "true") == 0 ? LINLI_EXPORT_FLAGS_FULL : LINLI_EXPORT_FLAGS_NONE,
                                   &n, &error))
        {
          AdwToast *toast = adw_toast_new (error ? error->message : _("The residents could not be exported"));

          adw_toast_set_timeout (toast, 0);
          adw_toast_overlay_add_toast (self->toast_overlay, toast);
        }
      else
        {
          g_autofree char *msg = g_strdup_printf (ngettext ("Exported %u resident", "Exported %u residents", n), n);

          adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (msg));
        }
    }
  g_object_unref (native);
}

static void
export_action_activated (GSimpleAction *action,
                         GVariant      *parameter,
                         gpointer       user_data)
{
  LinliWindow *self = LINLI_WINDOW (user_data);
  GtkFileChooserNative *native;
  g_autoptr(GtkFileFilter) xlsx = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) csv = gtk_file_filter_new ();
  g_autofree char *name = NULL;

  native = gtk_file_chooser_native_new (_("Export Residents"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_file_filter_set_name (xlsx, _("Excel workbook (.xlsx)"));
  gtk_file_filter_add_pattern (xlsx, "*.xlsx");
  gtk_file_filter_set_name (csv, _("CSV for Excel and WPS (.csv)"));
  gtk_file_filter_add_pattern (csv, "*.csv");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), xlsx);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), csv);
  /* Personal data: masked unless asked for. */
  gtk_file_chooser_add_choice (GTK_FILE_CHOOSER (native), "full",
                               _("ID numbers and phones in full (otherwise masked)"), NULL, NULL);
  gtk_file_chooser_set_choice (GTK_FILE_CHOOSER (native), "full", "false");
  name = g_strdup_printf ("%s.xlsx", _("Residents"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  g_signal_connect_object (native, "response", G_CALLBACK (on_export_response_cb), self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

static void
on_community_created_cb (LinliWindow       *self,
                         const char        *community_id,
                         LinliFirstRunPage *page)
{
  linli_window_show_community (self, community_id);
}

void
linli_window_add_toast (LinliWindow *self,
                        AdwToast    *toast)
{
  g_return_if_fail (LINLI_IS_WINDOW (self));

  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
view_action_changed_state (GSimpleAction *action,
                           GVariant      *value,
                           gpointer       user_data)
{
  LinliWindow *self = LINLI_WINDOW (user_data);
  const char *name = g_variant_get_string (value, NULL);

  if (!is_view_name (name))
    return;

  adw_view_stack_set_visible_child_name (self->stack, name);
  g_simple_action_set_state (action, value);
}

static void
search_action_activated (GSimpleAction *action,
                         GVariant      *parameter,
                         gpointer       user_data)
{
  LinliWindow *self = LINLI_WINDOW (user_data);

  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
print_action_activated (GSimpleAction *action,
                        GVariant      *parameter,
                        gpointer       user_data)
{
  LinliWindow *self = LINLI_WINDOW (user_data);
  GtkWidget *view = adw_view_stack_get_visible_child (self->stack);

  if (LINLI_IS_VIEW (view) && linli_view_print (LINLI_VIEW (view), GTK_WINDOW (self)))
    return;

  adw_toast_overlay_add_toast (self->toast_overlay,
                               adw_toast_new (_("This view has no sheet to print yet")));
}

static void
on_open_file_response_cb (LinliWindow          *self,
                          int                   response,
                          GtkFileChooserNative *native)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));
      g_autofree char *path = g_file_get_path (file);

      if (path != NULL)
        linli_window_open_db (self, path);
    }
  g_object_unref (native);
}

static void
open_file_action_activated (GSimpleAction *action,
                            GVariant      *parameter,
                            gpointer       user_data)
{
  LinliWindow *self = LINLI_WINDOW (user_data);
  GtkFileChooserNative *native;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  native = gtk_file_chooser_native_new (_("Open a Community File"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("Linli community files"));
  gtk_file_filter_add_pattern (filter, "*.db");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  g_signal_connect_object (native, "response", G_CALLBACK (on_open_file_response_cb), self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

static const GActionEntry win_actions[] = {
  { "open-file", open_file_action_activated },
  { "import", import_action_activated },
  { "export", export_action_activated },
  { "view", NULL, "s", "'map'", view_action_changed_state },
  { "search", search_action_activated },
  { "print", print_action_activated },
};

static void
on_stack_visible_child_name_changed_cb (LinliWindow *self,
                                        GParamSpec  *pspec,
                                        AdwViewStack *stack)
{
  const char *name = adw_view_stack_get_visible_child_name (stack);
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), "view");

  if (name == NULL)
    return;

  /* Keep the radio state true when the switcher, not the action, moved. */
  g_simple_action_set_state (G_SIMPLE_ACTION (action), g_variant_new_string (name));
}

static void
save_window_state (LinliWindow *self)
{
  int width, height;

  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  g_settings_delay (self->settings);
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (GTK_WINDOW (self)));
  if (!gtk_window_is_maximized (GTK_WINDOW (self)))
    {
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
    }
  if (linli_window_get_visible_view (self) != NULL)
    g_settings_set_string (self->settings, "last-view", linli_window_get_visible_view (self));
  g_settings_apply (self->settings);
}

static gboolean
linli_window_close_request (GtkWindow *window)
{
  save_window_state (LINLI_WINDOW (window));

  return GTK_WINDOW_CLASS (linli_window_parent_class)->close_request (window);
}

static void
linli_window_constructed (GObject *object)
{
  LinliWindow *self = LINLI_WINDOW (object);
  g_autofree char *last_view = NULL;

  G_OBJECT_CLASS (linli_window_parent_class)->constructed (object);

  self->settings = g_settings_new (APP_ID);

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  last_view = g_settings_get_string (self->settings, "last-view");
  if (is_view_name (last_view))
    g_action_group_change_action_state (G_ACTION_GROUP (self), "view",
                                        g_variant_new_string (last_view));
}

static void
linli_window_dispose (GObject *object)
{
  LinliWindow *self = LINLI_WINDOW (object);

  if (self->switcher_title != NULL)
    {
      AdwViewSwitcherTitle *t = g_steal_pointer (&self->switcher_title);
      AdwWindowTitle *p = g_steal_pointer (&self->plain_title);

      gtk_widget_dispose_template (GTK_WIDGET (self), LINLI_TYPE_WINDOW);
      g_object_unref (t);
      g_object_unref (p);
    }
  else
    gtk_widget_dispose_template (GTK_WIDGET (self), LINLI_TYPE_WINDOW);
  g_clear_object (&self->settings);
  if (self->sync != NULL)
    g_signal_handlers_disconnect_by_data (self->sync, self);
  g_clear_object (&self->sync);
  g_clear_object (&self->db);
  g_clear_pointer (&self->community_id, g_free);

  G_OBJECT_CLASS (linli_window_parent_class)->dispose (object);
}

static void
linli_window_class_init (LinliWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = linli_window_constructed;
  object_class->dispose = linli_window_dispose;
  window_class->close_request = linli_window_close_request;

  g_type_ensure (LINLI_TYPE_FIRST_RUN_PAGE);
  g_type_ensure (LINLI_TYPE_SEARCH_RESULTS);
  g_type_ensure (LINLI_TYPE_SYNC_INDICATOR);
  g_type_ensure (LINLI_TYPE_OFFICE_VIEW);
  g_type_ensure (LINLI_TYPE_MAP_VIEW);
  g_type_ensure (LINLI_TYPE_MEETINGS_VIEW);
  g_type_ensure (LINLI_TYPE_PROJECTS_VIEW);
  g_type_ensure (LINLI_TYPE_VOLUNTEERS_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/linli/Linli/linli-window.ui");
  gtk_widget_class_bind_template_child (widget_class, LinliWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, LinliWindow, header_bar);
  gtk_widget_class_bind_template_child (widget_class, LinliWindow, switcher_title);
  gtk_widget_class_bind_template_child (widget_class, LinliWindow, plain_title);
  gtk_widget_class_bind_template_child (widget_class, LinliWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, LinliWindow, search_bar);
  gtk_widget_class_bind_template_child (widget_class, LinliWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, LinliWindow, pages);
  gtk_widget_class_bind_template_child (widget_class, LinliWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, LinliWindow, first_run_page);
  gtk_widget_class_bind_template_child (widget_class, LinliWindow, search_button);
  gtk_widget_class_bind_template_child (widget_class, LinliWindow, print_button);
  gtk_widget_class_bind_template_child (widget_class, LinliWindow, search_clamp);
  gtk_widget_class_bind_template_child (widget_class, LinliWindow, search_results);
  gtk_widget_class_bind_template_child (widget_class, LinliWindow, sync_indicator);
  gtk_widget_class_bind_template_child (widget_class, LinliWindow, office_view);
}

static void
linli_window_init (LinliWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* Both title widgets live as long as the window, whichever is shown. */
  g_object_ref_sink (self->switcher_title);
  g_object_ref (self->plain_title);

  g_action_map_add_action_entries (G_ACTION_MAP (self), win_actions,
                                   G_N_ELEMENTS (win_actions), self);

  gtk_search_bar_connect_entry (self->search_bar, GTK_EDITABLE (self->search_entry));
  g_signal_connect_object (self->search_entry, "search-changed",
                           G_CALLBACK (on_search_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->search_entry, "activate",
                           G_CALLBACK (on_search_activate_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->search_bar, "notify::search-mode-enabled",
                           G_CALLBACK (on_search_mode_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->search_results, "chosen",
                           G_CALLBACK (on_search_chosen_cb), self, G_CONNECT_SWAPPED);
  {
    GtkEventController *keys = gtk_event_controller_key_new ();

    g_signal_connect_object (keys, "key-pressed", G_CALLBACK (on_search_key_pressed_cb), self, G_CONNECT_SWAPPED);
    gtk_widget_add_controller (GTK_WIDGET (self->search_entry), keys);
  }
  g_signal_connect_object (self->first_run_page, "import-requested",
                           G_CALLBACK (on_import_requested_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->first_run_page, "community-created",
                           G_CALLBACK (on_community_created_cb), self, G_CONNECT_SWAPPED);
  show_page (self, "loading");
  g_signal_connect_object (self->stack, "notify::visible-child-name",
                           G_CALLBACK (on_stack_visible_child_name_changed_cb), self,
                           G_CONNECT_SWAPPED);
}
