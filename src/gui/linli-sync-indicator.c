/* linli-sync-indicator.c: the sync state in the header bar
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shown once the file is enrolled: an icon for the state (synced,
 * syncing, server out of reach, stopped on an error), and in its popover
 * the last sync, what waits to be sent, the error in words, the first
 * pull's progress, "Sync Now" and the way to the settings.
 */

#define G_LOG_DOMAIN "linli-sync-indicator"

#include "config.h"

#include <glib/gi18n.h>

#include "linli-format.h"
#include "linli-sync-indicator.h"

struct _LinliSyncIndicator
{
  AdwBin            parent_instance;

  LinliSyncService *service;

  GtkMenuButton    *button;
  GtkStack         *icon_stack;
  GtkImage         *icon;
  GtkSpinner       *spinner;
  GtkLabel         *title;
  GtkLabel         *detail;
  GtkProgressBar   *progress;
};

G_DEFINE_FINAL_TYPE (LinliSyncIndicator, linli_sync_indicator, ADW_TYPE_BIN)

static void
update (LinliSyncIndicator *self)
{
  LinliSyncService *s = self->service;
  LinliSyncState state = s ? linli_sync_service_get_state (s) : LINLI_SYNC_STATE_NOT_ENROLLED;
  gboolean office;
  gint64 pending, conflicts;
  double progress;
  const char *icon = "emblem-ok-symbolic";
  const char *title = _("Synced");
  g_autofree char *last = NULL;
  g_autoptr(GString) detail = g_string_new (NULL);

  gtk_widget_set_visible (GTK_WIDGET (self), state != LINLI_SYNC_STATE_NOT_ENROLLED);
  if (state == LINLI_SYNC_STATE_NOT_ENROLLED)
    return;

  office = g_strcmp0 (linli_sync_service_get_role (s), "office") == 0;
  pending = linli_sync_service_get_pending (s);
  conflicts = linli_sync_service_get_conflicts (s);
  progress = linli_sync_service_get_progress (s);
  last = linli_sync_describe_time (linli_sync_service_get_last_synced (s));

  switch (state)
    {
    case LINLI_SYNC_STATE_SYNCING:
      title = _("Syncing…");
      break;
    case LINLI_SYNC_STATE_OFFLINE:
      icon = "network-offline-symbolic";
      title = _("Server out of reach");
      break;
    case LINLI_SYNC_STATE_ERROR:
      icon = "dialog-warning-symbolic";
      title = _("Sync stopped");
      break;
    case LINLI_SYNC_STATE_IDLE:
    case LINLI_SYNC_STATE_NOT_ENROLLED:
    default:
      if (pending > 0 && !office)
        {
          icon = "emblem-synchronizing-symbolic";
          title = _("Changes wait for the next sync");
        }
      break;
    }

  gtk_image_set_from_icon_name (self->icon, icon);
  gtk_stack_set_visible_child_name (self->icon_stack, state == LINLI_SYNC_STATE_SYNCING ? "spinner" : "icon");
  gtk_spinner_set_spinning (self->spinner, state == LINLI_SYNC_STATE_SYNCING);
  if (state == LINLI_SYNC_STATE_ERROR)
    gtk_widget_add_css_class (GTK_WIDGET (self->button), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->button), "error");

  g_string_append_printf (detail, _("Last synced: %s"), last);
  if (!office)
    {
      g_autofree char *n = linli_format_count (pending);

      g_string_append_c (detail, '\n');
      g_string_append_printf (detail, _("Changes waiting to be sent: %s"), n);
    }
  if (conflicts > 0 && !office)
    {
      g_autofree char *n = linli_format_count (conflicts);

      g_string_append_c (detail, '\n');
      g_string_append_printf (detail,
                              ngettext ("%s edit of this computer was changed elsewhere",
                                        "%s edits of this computer were changed elsewhere",
                                        (gulong) conflicts), n);
    }
  if (state == LINLI_SYNC_STATE_OFFLINE)
    {
      g_string_append (detail, "\n\n");
      g_string_append (detail, _("Everything keeps working here; the changes go with the next sync."));
    }
  if ((state == LINLI_SYNC_STATE_ERROR || state == LINLI_SYNC_STATE_OFFLINE) &&
      linli_sync_service_get_error (s) != NULL)
    {
      g_string_append (detail, "\n\n");
      g_string_append (detail, linli_sync_service_get_error (s));
    }

  gtk_label_set_text (self->title, title);
  gtk_label_set_text (self->detail, detail->str);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->button), title);
  gtk_widget_set_visible (GTK_WIDGET (self->progress),
                          state == LINLI_SYNC_STATE_SYNCING && progress >= 0 && !linli_sync_service_get_first_pull (s));
  gtk_progress_bar_set_fraction (self->progress, MAX (progress, 0));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sync-indicator.sync-now", state != LINLI_SYNC_STATE_SYNCING);
}

static void
on_service_notify_cb (LinliSyncIndicator *self,
                      GParamSpec         *pspec,
                      LinliSyncService   *service)
{
  update (self);
}

void
linli_sync_indicator_set_service (LinliSyncIndicator *self,
                                  LinliSyncService   *service)
{
  const char *props[] = { "state", "role", "last-synced", "error", "pending", "conflicts", "progress",
                          "first-pull-done" };

  g_return_if_fail (LINLI_IS_SYNC_INDICATOR (self));

  if (self->service == service)
    return;
  if (self->service != NULL)
    g_signal_handlers_disconnect_by_data (self->service, self);
  g_set_object (&self->service, service);
  if (service != NULL)
    for (guint i = 0; i < G_N_ELEMENTS (props); i++)
      {
        g_autofree char *signal = g_strconcat ("notify::", props[i], NULL);

        g_signal_connect_object (service, signal, G_CALLBACK (on_service_notify_cb), self, G_CONNECT_SWAPPED);
      }
  update (self);
}

static void
sync_now_activated (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  LinliSyncIndicator *self = LINLI_SYNC_INDICATOR (widget);

  if (self->service != NULL)
    linli_sync_service_sync_now (self->service);
}

static void
settings_activated (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  LinliSyncIndicator *self = LINLI_SYNC_INDICATOR (widget);
  GListModel *toplevels;

  gtk_menu_button_popdown (self->button);
  gtk_widget_activate_action (widget, "app.preferences", NULL);

  /* The preferences just opened: show their Sync page. */
  toplevels = gtk_window_get_toplevels ();
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_PREFERENCES_WINDOW (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (window), "sync");
    }
}

static void
linli_sync_indicator_dispose (GObject *object)
{
  LinliSyncIndicator *self = LINLI_SYNC_INDICATOR (object);

  if (self->service != NULL)
    g_signal_handlers_disconnect_by_data (self->service, self);
  g_clear_object (&self->service);
  /* The bin disposes its child, the template's root, and all in it. */

  G_OBJECT_CLASS (linli_sync_indicator_parent_class)->dispose (object);
}

static void
linli_sync_indicator_class_init (LinliSyncIndicatorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = linli_sync_indicator_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/linli/Linli/linli-sync-indicator.ui");
  gtk_widget_class_bind_template_child (widget_class, LinliSyncIndicator, button);
  gtk_widget_class_bind_template_child (widget_class, LinliSyncIndicator, icon_stack);
  gtk_widget_class_bind_template_child (widget_class, LinliSyncIndicator, icon);
  gtk_widget_class_bind_template_child (widget_class, LinliSyncIndicator, spinner);
  gtk_widget_class_bind_template_child (widget_class, LinliSyncIndicator, title);
  gtk_widget_class_bind_template_child (widget_class, LinliSyncIndicator, detail);
  gtk_widget_class_bind_template_child (widget_class, LinliSyncIndicator, progress);

  gtk_widget_class_install_action (widget_class, "sync-indicator.sync-now", NULL, sync_now_activated);
  gtk_widget_class_install_action (widget_class, "sync-indicator.settings", NULL, settings_activated);
}

static void
linli_sync_indicator_init (LinliSyncIndicator *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  update (self);
}
