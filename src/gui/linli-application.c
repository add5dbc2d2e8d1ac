/* linli-application.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "linli-application"

#include "config.h"

#include <glib/gi18n.h>

#include "linli-application.h"
#include "linli-batch-print-dialog.h"
#include "linli-preferences-window.h"
#include "linli-resources.h"
#include "linli-window.h"

struct _LinliApplication
{
  AdwApplication  parent_instance;

  GSettings      *settings;
  char           *db_path;
};

G_DEFINE_FINAL_TYPE (LinliApplication, linli_application, ADW_TYPE_APPLICATION)

LinliApplication *
linli_application_new (void)
{
  return g_object_new (LINLI_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_NON_UNIQUE,
                       "resource-base-path", "/io/github/linli/Linli",
                       NULL);
}

GSettings *
linli_application_get_settings (LinliApplication *self)
{
  g_return_val_if_fail (LINLI_IS_APPLICATION (self), NULL);

  return self->settings;
}

/**
 * linli_application_get_db_path:
 *
 * Returns: the community database this instance works on: the one given
 *   with --db, else the default one in the user data directory
 */
const char *
linli_application_get_db_path (LinliApplication *self)
{
  g_return_val_if_fail (LINLI_IS_APPLICATION (self), NULL);

  if (self->db_path == NULL)
    self->db_path = g_build_filename (g_get_user_data_dir (), "linli", "linli.db", NULL);

  return self->db_path;
}

static void
apply_color_scheme (LinliApplication *self)
{
  g_autofree char *scheme = g_settings_get_string (self->settings, "color-scheme");
  AdwColorScheme value = ADW_COLOR_SCHEME_DEFAULT;

  if (g_str_equal (scheme, "light"))
    value = ADW_COLOR_SCHEME_FORCE_LIGHT;
  else if (g_str_equal (scheme, "dark"))
    value = ADW_COLOR_SCHEME_FORCE_DARK;

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), value);
}

static void
on_color_scheme_changed_cb (LinliApplication *self,
                            const char       *key,
                            GSettings        *settings)
{
  apply_color_scheme (self);
}

static void
linli_application_activate (GApplication *app)
{
  LinliApplication *self = LINLI_APPLICATION (app);
  GtkWindow *window;

  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  if (window == NULL)
    {
      window = GTK_WINDOW (linli_window_new (self));
      linli_window_open_db (LINLI_WINDOW (window), linli_application_get_db_path (self));
    }

  gtk_window_present (window);
}

static void
linli_application_quit_action (GSimpleAction *action,
                               GVariant      *parameter,
                               gpointer       user_data)
{
  GApplication *app = G_APPLICATION (user_data);
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (app));

  /* Closing the windows lets each one save its state first. */
  for (GList *l = windows; l != NULL;)
    {
      GtkWindow *window = l->data;

      l = l->next;
      gtk_window_destroy (window);
    }

  g_application_quit (app);
}

static void
linli_application_about_action (GSimpleAction *action,
                                GVariant      *parameter,
                                gpointer       user_data)
{
  static const char *developers[] = { "Linli contributors", NULL };
  GtkApplication *app = GTK_APPLICATION (user_data);
  GtkWindow *window = gtk_application_get_active_window (app);
  AdwAboutWindow *about;

  about = ADW_ABOUT_WINDOW (adw_about_window_new ());
  adw_about_window_set_application_name (about, _("Linli"));
  adw_about_window_set_application_icon (about, APP_ID);
  adw_about_window_set_version (about, PACKAGE_VERSION);
  adw_about_window_set_developer_name (about, _("Linli contributors"));
  adw_about_window_set_developers (about, developers);
  adw_about_window_set_comments (about,
    _("The community secretary’s desk: the community as a map, meetings, co-creation projects and volunteer rosters, printed for the notice board."));
  adw_about_window_set_license_type (about, GTK_LICENSE_GPL_3_0);
  adw_about_window_set_website (about, PACKAGE_WEBSITE);
  adw_about_window_set_issue_url (about, PACKAGE_WEBSITE "/issues");
  /* Translators: put your names here, one per line */
  adw_about_window_set_translator_credits (about, _("translator-credits"));
  adw_about_window_add_acknowledgement_section (about,
    _("Built on the experience of"),
    (const char *[]) { "青山区青和居社区", "绿景苑社区", "武昌区东龙社区", "樊城区施营社区", "奥园居民区", NULL });
  gtk_window_set_transient_for (GTK_WINDOW (about), window);
  gtk_window_set_modal (GTK_WINDOW (about), TRUE);
  gtk_window_present (GTK_WINDOW (about));
}

static void
linli_application_preferences_action (GSimpleAction *action,
                                      GVariant      *parameter,
                                      gpointer       user_data)
{
  LinliApplication *self = LINLI_APPLICATION (user_data);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));
  LinliPreferencesWindow *prefs;

  prefs = linli_preferences_window_new (self);
  gtk_window_set_transient_for (GTK_WINDOW (prefs), window);
  gtk_window_present (GTK_WINDOW (prefs));
}

static void
linli_application_batch_print_action (GSimpleAction *action,
                                      GVariant      *parameter,
                                      gpointer       user_data)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (user_data));
  LinliDb *db = LINLI_IS_WINDOW (window) ? linli_window_get_db (LINLI_WINDOW (window)) : NULL;

  if (db == NULL)
    {
      if (LINLI_IS_WINDOW (window))
        linli_window_add_toast (LINLI_WINDOW (window), adw_toast_new (_("Open a community first")));
      return;
    }

  gtk_window_present (GTK_WINDOW (linli_batch_print_dialog_new (window, db)));
}

static const GActionEntry app_actions[] = {
  { "quit", linli_application_quit_action },
  { "batch-print", linli_application_batch_print_action },
  { "about", linli_application_about_action },
  { "preferences", linli_application_preferences_action },
};

static void
linli_application_startup (GApplication *app)
{
  LinliApplication *self = LINLI_APPLICATION (app);
  static const struct {
    const char *action;
    const char *accels[3];
  } accels[] = {
    { "app.quit", { "<Control>q", NULL } },
    { "app.preferences", { "<Control>comma", NULL } },
    { "win.show-help-overlay", { "<Control>question", NULL } },
    { "win.view::map", { "<Alt>1", NULL } },
    { "win.view::meetings", { "<Alt>2", NULL } },
    { "win.view::projects", { "<Alt>3", NULL } },
    { "win.view::volunteers", { "<Alt>4", NULL } },
    { "win.search", { "<Control>f", NULL } },
    { "win.print", { "<Control>p", NULL } },
    { "app.batch-print", { "<Control><Shift>p", NULL } },
  };

  /* Referencing the bundle keeps its object file, and the constructor
   * that registers it, in the static library's link. */
  g_assert (linli_get_resource () != NULL);

  G_APPLICATION_CLASS (linli_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions,
                                   G_N_ELEMENTS (app_actions), app);
  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (app),
                                           accels[i].action, accels[i].accels);

  self->settings = g_settings_new (APP_ID);
  g_signal_connect_object (self->settings, "changed::color-scheme",
                           G_CALLBACK (on_color_scheme_changed_cb), self,
                           G_CONNECT_SWAPPED);
  apply_color_scheme (self);
}

static int
linli_application_handle_local_options (GApplication *app,
                                        GVariantDict *options)
{
  LinliApplication *self = LINLI_APPLICATION (app);
  const char *db = NULL;

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("linli %s\n", PACKAGE_VERSION);
      return 0;
    }

  if (g_variant_dict_lookup (options, "db", "^&ay", &db))
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (db);

      g_free (self->db_path);
      self->db_path = g_file_get_path (file);
    }

  return -1;
}

static void
linli_application_finalize (GObject *object)
{
  LinliApplication *self = LINLI_APPLICATION (object);

  g_clear_object (&self->settings);
  g_clear_pointer (&self->db_path, g_free);

  G_OBJECT_CLASS (linli_application_parent_class)->finalize (object);
}

static void
linli_application_class_init (LinliApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = linli_application_finalize;

  app_class->activate = linli_application_activate;
  app_class->startup = linli_application_startup;
  app_class->handle_local_options = linli_application_handle_local_options;
}

static void
linli_application_init (LinliApplication *self)
{
  const GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, NULL,
      N_("Open this community database instead of the default one"), N_("PATH") },
    { "version", 0, 0, G_OPTION_ARG_NONE, NULL,
      N_("Print the version and exit"), NULL },
    { NULL }
  };

  g_application_add_main_option_entries (G_APPLICATION (self), entries);
  g_application_set_option_context_parameter_string (G_APPLICATION (self), NULL);
}
