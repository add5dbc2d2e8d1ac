/* linli-preferences-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "linli-preferences-window"

#include "config.h"

#include <glib/gi18n.h>

#include "linli-preferences-window.h"

struct _LinliPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  LinliApplication     *application;
  GSettings            *settings;

  AdwComboRow          *color_scheme_row;
  AdwActionRow         *db_row;
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

LinliPreferencesWindow *
linli_preferences_window_new (LinliApplication *application)
{
  LinliPreferencesWindow *self;

  g_return_val_if_fail (LINLI_IS_APPLICATION (application), NULL);

  self = g_object_new (LINLI_TYPE_PREFERENCES_WINDOW, NULL);
  self->application = g_object_ref (application);
  adw_action_row_set_subtitle (self->db_row, linli_application_get_db_path (application));

  return self;
}

static void
linli_preferences_window_dispose (GObject *object)
{
  LinliPreferencesWindow *self = LINLI_PREFERENCES_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), LINLI_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->settings);
  g_clear_object (&self->application);

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
