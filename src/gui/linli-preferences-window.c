/* linli-preferences-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "linli-preferences-window"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "linli-backup.h"
#include "linli-format.h"
#include "linli-preferences-window.h"
#include "linli-window.h"

struct _LinliPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  LinliApplication     *application;
  LinliWindow          *window;
  GSettings            *settings;

  AdwComboRow          *color_scheme_row;
  AdwActionRow         *db_row;
  GtkListBox           *backups_list;
};

G_DEFINE_FINAL_TYPE (LinliPreferencesWindow, linli_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static const char *color_schemes[] = { "default", "light", "dark" };

static gboolean
scheme_to_position (GValue   *value,
                    GVariant *variant,
                    gpointer  user_data)
{
  const char *scheme = g_variant_get_string (variant, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (color_schemes); i++)
    if (g_str_equal (scheme, color_schemes[i]))
      {
        g_value_set_uint (value, i);
        return TRUE;
      }

  g_value_set_uint (value, 0);
  return TRUE;
}

static GVariant *
position_to_scheme (const GValue       *value,
                    const GVariantType *expected_type,
                    gpointer            user_data)
{
  guint pos = g_value_get_uint (value);

  return g_variant_new_string (color_schemes[MIN (pos, G_N_ELEMENTS (color_schemes) - 1)]);
}

static void fill_backups (LinliPreferencesWindow *self);

static LinliDb *
current_db (LinliPreferencesWindow *self)
{
  return self->window ? linli_window_get_db (self->window) : NULL;
}

static char *
describe_backup (const char *path)
{
  g_autofree char *base = g_path_get_basename (path);
  int y, m, d;

  if (sscanf (base, "daily-%d-%d-%d.db", &y, &m, &d) == 3)
    {
      g_autofree char *iso = g_strdup_printf ("%04d-%02d-%02d", y, m, d);
      return linli_format_date_iso (iso);
    }
  return g_steal_pointer (&base);
}

typedef struct
{
  LinliPreferencesWindow *self;
  char                   *path;
} RestoreData;

static void
restore_data_free (gpointer  data,
                   GClosure *closure)
{
  RestoreData *r = data;

  g_object_unref (r->self);
  g_free (r->path);
  g_free (r);
}

static void
on_restore_response_cb (AdwMessageDialog *dialog,
                        const char       *response,
                        RestoreData      *r)
{
  LinliPreferencesWindow *self = r->self;
  g_autoptr(GError) error = NULL;
  g_autofree char *copy = NULL;
  g_autofree char *db_path = NULL;
  LinliDb *db = current_db (self);

  if (!g_str_equal (response, "restore") || db == NULL)
    return;

  db_path = g_strdup (linli_db_get_path (db));
  if (!linli_restore (db_path, r->path, &copy, &error))
    {
      AdwToast *toast = adw_toast_new (error->message);

      adw_toast_set_timeout (toast, 0);
      adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), toast);
      return;
    }

  /* The window reads the restored file afresh. */
  linli_window_open_db (self->window, db_path);
  {
    g_autofree char *msg = g_strdup_printf (_("Restored. The replaced file was kept as %s"), copy);
    adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (msg));
  }
  fill_backups (self);
}

static void
on_restore_clicked_cb (GtkButton              *button,
                       LinliPreferencesWindow *self)
{
  const char *path = g_object_get_data (G_OBJECT (button), "path");
  g_autofree char *when = describe_backup (path);
  AdwMessageDialog *dialog;
  RestoreData *r;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), _("Restore This Backup?"), NULL));
  adw_message_dialog_format_body (dialog,
                                  _("The community file goes back to how it was on %s. Everything entered since then is replaced; "
                                    "a copy of the file as it is now is kept beside the backups."), when);
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "restore", _("_Restore"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "restore", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_close_response (dialog, "cancel");

  r = g_new0 (RestoreData, 1);
  r->self = g_object_ref (self);
  r->path = g_strdup (path);
  g_signal_connect_data (dialog, "response", G_CALLBACK (on_restore_response_cb), r, restore_data_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
fill_backups (LinliPreferencesWindow *self)
{
  LinliDb *db = current_db (self);
  g_autoptr(GPtrArray) list = NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->backups_list))) != NULL)
    gtk_list_box_remove (self->backups_list, child);

  if (db == NULL)
    return;

  list = linli_backup_list (db);
  if (list->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("No backups yet"));
      gtk_list_box_append (self->backups_list, row);
      return;
    }

  for (guint i = 0; i < list->len; i++)
    {
      const char *path = list->pdata[i];
      g_autofree char *title = describe_backup (path);
      g_autoptr(GFile) file = g_file_new_for_path (path);
      g_autoptr(GFileInfo) info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, 0, NULL, NULL);
      g_autofree char *size = info ? g_format_size (g_file_info_get_size (info)) : g_strdup ("");
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *button = gtk_button_new_with_mnemonic (_("_Restore…"));

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), size);
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      g_object_set_data_full (G_OBJECT (button), "path", g_strdup (path), g_free);
      g_signal_connect_object (button, "clicked", G_CALLBACK (on_restore_clicked_cb), self, 0);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
      gtk_list_box_append (self->backups_list, row);
    }
}

static void
backup_now_activated (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  LinliPreferencesWindow *self = LINLI_PREFERENCES_WINDOW (widget);
  g_autoptr(GError) error = NULL;
  g_autofree char *made = NULL;
  LinliDb *db = current_db (self);

  if (db == NULL)
    return;

  /* A manual backup counts as today's. */
  made = linli_backup_daily (db, NULL, LINLI_BACKUPS_KEPT, &error);
  if (error != NULL)
    {
      adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (error->message));
      return;
    }
  if (made == NULL)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();
      g_autofree char *dir = linli_db_get_files_dir (db, "backups");
      g_autofree char *stamp = g_date_time_format (now, "%Y-%m-%d");
      g_autofree char *name = g_strdup_printf ("daily-%s.db", stamp);
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (!linli_backup_to (db, path, &error))
        {
          adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (error->message));
          return;
        }
    }

  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (_("Backed up")));
  fill_backups (self);
}

LinliPreferencesWindow *
linli_preferences_window_new (LinliApplication *application)
{
  LinliPreferencesWindow *self;
  GtkWindow *window;

  g_return_val_if_fail (LINLI_IS_APPLICATION (application), NULL);

  self = g_object_new (LINLI_TYPE_PREFERENCES_WINDOW, NULL);
  self->application = g_object_ref (application);
  window = gtk_application_get_active_window (GTK_APPLICATION (application));
  if (LINLI_IS_WINDOW (window))
    g_set_weak_pointer (&self->window, LINLI_WINDOW (window));

  adw_action_row_set_subtitle (self->db_row,
                               current_db (self) ? linli_db_get_path (current_db (self))
                                                 : linli_application_get_db_path (application));
  fill_backups (self);

  return self;
}

static void
linli_preferences_window_dispose (GObject *object)
{
  LinliPreferencesWindow *self = LINLI_PREFERENCES_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), LINLI_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->settings);
  g_clear_object (&self->application);
  g_clear_weak_pointer (&self->window);

  G_OBJECT_CLASS (linli_preferences_window_parent_class)->dispose (object);
}

static void
linli_preferences_window_class_init (LinliPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = linli_preferences_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/linli/Linli/linli-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, LinliPreferencesWindow, color_scheme_row);
  gtk_widget_class_bind_template_child (widget_class, LinliPreferencesWindow, db_row);
  gtk_widget_class_bind_template_child (widget_class, LinliPreferencesWindow, backups_list);
  gtk_widget_class_install_action (widget_class, "prefs.backup-now", NULL, backup_now_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
linli_preferences_window_init (LinliPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APP_ID);
  g_settings_bind_with_mapping (self->settings, "color-scheme",
                                self->color_scheme_row, "selected",
                                G_SETTINGS_BIND_DEFAULT,
                                scheme_to_position, position_to_scheme,
                                NULL, NULL);
}
