/* linli-conflicts-window.c: every "changed elsewhere" mark, in one list
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Opened from Preferences → Sync: each edit of this computer that a later
 * edit elsewhere replaced, newest first, with both values and a button
 * that shows the record in its view.
 */

#define G_LOG_DOMAIN "linli-sync"

#include "config.h"

#include <glib/gi18n.h>

#include "linli-conflicts-window.h"
#include "linli-sync-conflicts.h"
#include "linli-sync-service.h"

struct _LinliConflictsWindow
{
  AdwWindow    parent_instance;

  GtkStack    *stack;
  GtkListBox  *list;

  LinliWindow *window;   /* weak */
};

G_DEFINE_FINAL_TYPE (LinliConflictsWindow, linli_conflicts_window, ADW_TYPE_WINDOW)

static void reload (LinliConflictsWindow *self);

static LinliDb *
get_db (LinliConflictsWindow *self)
{
  return self->window ? linli_window_get_db (self->window) : NULL;
}

static void
refresh_service (LinliDb *db)
{
  g_autoptr(LinliSyncService) service = NULL;

  if (db == NULL || linli_db_get_path (db) == NULL)
    return;
  service = linli_sync_service_get_for_path (linli_db_get_path (db));
  linli_sync_service_refresh (service);
}

static void
on_show_clicked_cb (GtkButton            *button,
                    LinliConflictsWindow *self)
{
  const char *table = g_object_get_data (G_OBJECT (button), "table");
  const char *row = g_object_get_data (G_OBJECT (button), "row");
  g_autoptr(GtkWindow) parent = NULL;
  g_autoptr(LinliWindow) window = NULL;

  if (self->window == NULL)
    return;
  window = g_object_ref (self->window);
  parent = gtk_window_get_transient_for (GTK_WINDOW (self));
  if (parent != NULL)
    g_object_ref (parent);
  linli_window_show_record (window, table, row);
  /* The record shows in the main window: what stood in front of it goes
   * (closing this window frees the button and its data). */
  gtk_window_close (GTK_WINDOW (self));
  if (parent != NULL && parent != GTK_WINDOW (window))
    gtk_window_close (parent);
  gtk_window_present (GTK_WINDOW (window));
}

static GtkWidget *
make_row (LinliConflictsWindow *self,
          LinliDb              *db,
          LinliSyncConflict    *c)
{
  g_autofree char *record = linli_sync_conflict_record_name (db, c->table, c->row);
  g_autofree char *mine = linli_sync_conflict_value_text (c->table, c->column, c->local_value);
  g_autofree char *theirs = linli_sync_conflict_value_text (c->table, c->column, c->remote_value);
  g_autofree char *title = NULL, *subtitle = NULL;
  g_autofree char *when = linli_sync_describe_time (c->at);
  GtkWidget *row = adw_action_row_new ();
  gboolean gone = linli_db_query_int (db, NULL, "SELECT count(*) FROM sqlite_schema WHERE name = ? AND type = 'table'",
                                      "s", c->table) == 0;

  if (!gone)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM \"%s\" WHERE id = ? AND deleted = 0", c->table);

      gone = linli_db_query_int (db, NULL, sql, "s", c->row) == 0;
    }
  /* Translators: a record and one of its fields, e.g. "张桂英 · 电话" */
  title = g_strdup_printf (_("%s · %s"), record, linli_sync_conflict_field_name (c->table, c->column));
  /* Translators: this computer's value, the value it has now, when sync found it */
  subtitle = g_strdup_printf (_("Yours: %s  →  Now: %s  ·  %s"), mine, theirs, when);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);

  if (!gone)
    {
      GtkWidget *button = gtk_button_new_with_mnemonic (_("_Show"));

      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      g_object_set_data_full (G_OBJECT (button), "table", g_strdup (c->table), g_free);
      g_object_set_data_full (G_OBJECT (button), "row", g_strdup (c->row), g_free);
      g_signal_connect (button, "clicked", G_CALLBACK (on_show_clicked_cb), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
    }
  else
    {
      GtkWidget *label = gtk_label_new (_("Deleted since"));

      gtk_widget_add_css_class (label, "dim-label");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
    }
  return row;
}

static void
reload (LinliConflictsWindow *self)
{
  LinliDb *db = get_db (self);
  g_autoptr(GPtrArray) marks = NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);
  if (db != NULL)
    marks = linli_sync_conflicts_list_unseen (db, NULL);
  for (guint i = 0; marks != NULL && i < marks->len; i++)
    gtk_list_box_append (self->list, make_row (self, db, marks->pdata[i]));
  gtk_stack_set_visible_child_name (self->stack, marks != NULL && marks->len > 0 ? "list" : "empty");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "conflicts.all-seen", marks != NULL && marks->len > 0);
}

static void
all_seen_activated (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  LinliConflictsWindow *self = LINLI_CONFLICTS_WINDOW (widget);
  LinliDb *db = get_db (self);
  g_autoptr(GError) error = NULL;

  if (db == NULL)
    return;
  if (!linli_sync_conflicts_mark_all_seen (db, &error))
    g_warning ("Could not remove the changed-elsewhere marks: %s", error->message);
  refresh_service (db);
  reload (self);
}

/**
 * linli_conflicts_window_new:
 * @window: the main window, whose file and views it uses
 * @parent: (nullable): the window it stands in front of
 */
GtkWidget *
linli_conflicts_window_new (LinliWindow *window,
                            GtkWindow   *parent)
{
  LinliConflictsWindow *self = g_object_new (LINLI_TYPE_CONFLICTS_WINDOW,
                                             "transient-for", parent ? parent : GTK_WINDOW (window),
                                             NULL);

  g_set_weak_pointer (&self->window, window);
  reload (self);
  return GTK_WIDGET (self);
}

static void
linli_conflicts_window_dispose (GObject *object)
{
  LinliConflictsWindow *self = LINLI_CONFLICTS_WINDOW (object);

  g_clear_weak_pointer (&self->window);
  gtk_widget_dispose_template (GTK_WIDGET (self), LINLI_TYPE_CONFLICTS_WINDOW);

  G_OBJECT_CLASS (linli_conflicts_window_parent_class)->dispose (object);
}

static void
linli_conflicts_window_class_init (LinliConflictsWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = linli_conflicts_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/linli/Linli/linli-conflicts-window.ui");
  gtk_widget_class_bind_template_child (widget_class, LinliConflictsWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, LinliConflictsWindow, list);
  gtk_widget_class_install_action (widget_class, "conflicts.all-seen", NULL, all_seen_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
linli_conflicts_window_init (LinliConflictsWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
