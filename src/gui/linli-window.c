/* linli-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "linli-window"

#include "config.h"

#include <glib/gi18n.h>

#include "linli-map-view.h"
#include "linli-meetings-view.h"
#include "linli-projects-view.h"
#include "linli-volunteers-view.h"
#include "linli-window.h"

struct _LinliWindow
{
  AdwApplicationWindow  parent_instance;

  GSettings            *settings;

  /* Template widgets */
  AdwToastOverlay      *toast_overlay;
  AdwHeaderBar         *header_bar;
  AdwViewSwitcherTitle *switcher_title;
  AdwViewStack         *stack;
  GtkSearchBar         *search_bar;
  GtkSearchEntry       *search_entry;
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

static const GActionEntry win_actions[] = {
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

  gtk_widget_dispose_template (GTK_WIDGET (self), LINLI_TYPE_WINDOW);
  g_clear_object (&self->settings);

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

  g_type_ensure (LINLI_TYPE_MAP_VIEW);
  g_type_ensure (LINLI_TYPE_MEETINGS_VIEW);
  g_type_ensure (LINLI_TYPE_PROJECTS_VIEW);
  g_type_ensure (LINLI_TYPE_VOLUNTEERS_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/linli/Linli/linli-window.ui");
  gtk_widget_class_bind_template_child (widget_class, LinliWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, LinliWindow, header_bar);
  gtk_widget_class_bind_template_child (widget_class, LinliWindow, switcher_title);
  gtk_widget_class_bind_template_child (widget_class, LinliWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, LinliWindow, search_bar);
  gtk_widget_class_bind_template_child (widget_class, LinliWindow, search_entry);
}

static void
linli_window_init (LinliWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  g_action_map_add_action_entries (G_ACTION_MAP (self), win_actions,
                                   G_N_ELEMENTS (win_actions), self);

  gtk_search_bar_connect_entry (self->search_bar, GTK_EDITABLE (self->search_entry));
  g_signal_connect_object (self->stack, "notify::visible-child-name",
                           G_CALLBACK (on_stack_visible_child_name_changed_cb), self,
                           G_CONNECT_SWAPPED);
}
