/* linli-sync-page.c: Preferences → Sync
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Not enrolled: the server's address and the one-time code. Enrolled:
 * the state of sync, the first pull's progress, what waits to be sent,
 * "Sync Now", and leaving the server (with an Undo).
 */

#define G_LOG_DOMAIN "linli-sync-page"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "linli-format.h"
#include "linli-conflicts-window.h"
#include "linli-sync-page.h"
#include "linli-sync-service.h"

struct _LinliSyncPage
{
  AdwPreferencesPage  parent_instance;

  LinliSyncService   *service;
  GHashTable         *left;          /* what Undo restores after leaving */
  GCancellable       *cancellable;

  AdwPreferencesGroup *enrol_group;
  AdwEntryRow        *server_row;
  AdwEntryRow        *code_row;
  GtkSpinner         *enrol_spinner;
  GtkLabel           *enrol_error;
  AdwPreferencesGroup *status_group;
  AdwPreferencesGroup *server_group;
  AdwActionRow       *state_row;
  GtkImage           *state_icon;
  AdwActionRow       *progress_row;
  GtkProgressBar     *progress_bar;
  AdwActionRow       *last_row;
  AdwActionRow       *pending_row;
  AdwActionRow       *conflicts_row;
  AdwActionRow       *community_row;
  AdwActionRow       *address_row;
};

G_DEFINE_FINAL_TYPE (LinliSyncPage, linli_sync_page, ADW_TYPE_PREFERENCES_PAGE)

static void
toast (LinliSyncPage *self,
       AdwToast      *t)
{
  GtkWidget *window = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_PREFERENCES_WINDOW);

  if (window != NULL)
    adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (window), t);
  else
    g_object_unref (g_object_ref_sink (t));
}

static void
update (LinliSyncPage *self)
{
  LinliSyncService *s = self->service;
  LinliSyncState state = linli_sync_service_get_state (s);
  gboolean enrolled = state != LINLI_SYNC_STATE_NOT_ENROLLED;
  gboolean office = g_strcmp0 (linli_sync_service_get_role (s), "office") == 0;
  double progress = linli_sync_service_get_progress (s);
  const char *error = linli_sync_service_get_error (s);
  g_autofree char *last = linli_sync_describe_time (linli_sync_service_get_last_synced (s));
  g_autofree char *pending = linli_format_count (linli_sync_service_get_pending (s));
  g_autofree char *conflicts = linli_format_count (linli_sync_service_get_conflicts (s));
  const char *icon = "emblem-ok-symbolic";
  const char *text = _("Synced");

  gtk_widget_set_visible (GTK_WIDGET (self->enrol_group), !enrolled);
  gtk_widget_set_visible (GTK_WIDGET (self->status_group), enrolled);
  gtk_widget_set_visible (GTK_WIDGET (self->server_group), enrolled);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sync.sync-now",
                                 enrolled && state != LINLI_SYNC_STATE_SYNCING);
  /* Leaving while a sync runs would race it for the file. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sync.leave", enrolled && state != LINLI_SYNC_STATE_SYNCING);
  if (!enrolled)
    return;

  switch (state)
    {
    case LINLI_SYNC_STATE_SYNCING:
      icon = "emblem-synchronizing-symbolic";
      text = _("Syncing…");
      break;
    case LINLI_SYNC_STATE_OFFLINE:
      icon = "network-offline-symbolic";
      text = _("The server cannot be reached. The changes wait on this computer and go with the next sync.");
      break;
    case LINLI_SYNC_STATE_ERROR:
      icon = "dialog-warning-symbolic";
      text = _("Sync stopped");
      break;
    case LINLI_SYNC_STATE_IDLE:
    case LINLI_SYNC_STATE_NOT_ENROLLED:
    default:
      if (linli_sync_service_get_pending (s) > 0 && !office)
        {
          icon = "emblem-synchronizing-symbolic";
          text = _("Changes wait for the next sync");
        }
      break;
    }
  gtk_image_set_from_icon_name (self->state_icon, icon);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->state_row), text);
  adw_action_row_set_subtitle (self->state_row,
                               (state == LINLI_SYNC_STATE_ERROR || state == LINLI_SYNC_STATE_OFFLINE) && error ? error : "");
  if (state == LINLI_SYNC_STATE_ERROR)
    gtk_widget_add_css_class (GTK_WIDGET (self->state_icon), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->state_icon), "error");

  /* The bar of the first pull only: later ones take seconds. */
  gtk_widget_set_visible (GTK_WIDGET (self->progress_row),
                          state == LINLI_SYNC_STATE_SYNCING && progress >= 0 && !linli_sync_service_get_first_pull (s));
  gtk_progress_bar_set_fraction (self->progress_bar, MAX (progress, 0));

  adw_action_row_set_subtitle (self->last_row, last);
  adw_action_row_set_subtitle (self->pending_row, pending);
  gtk_widget_set_visible (GTK_WIDGET (self->pending_row), !office);
  {
    gint64 n = linli_sync_service_get_conflicts (s);
    g_autofree char *lost = g_strdup_printf (ngettext ("%s edit made here was replaced by a later one made elsewhere",
                                                       "%s edits made here were replaced by later ones made elsewhere",
                                                       (gulong) n), conflicts);

    adw_action_row_set_subtitle (self->conflicts_row, lost);
  }
  gtk_widget_set_visible (GTK_WIDGET (self->conflicts_row), !office && linli_sync_service_get_conflicts (s) > 0);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->community_row),
                                 office ? _("Street Office") : _("Community"));
  adw_action_row_set_subtitle (self->community_row,
                               office ? linli_sync_service_get_office_name (s)
                                      : linli_sync_service_get_community_name (s));
  adw_action_row_set_subtitle (self->address_row, linli_sync_service_get_server (s));
}

static void
on_service_notify_cb (LinliSyncPage *self,
                      GParamSpec    *pspec,
                      GObject       *service)
{
  update (self);
}

static void
on_enrolled_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(LinliSyncPage) self = user_data;
  g_autoptr(GError) error = NULL;

  gtk_spinner_stop (self->enrol_spinner);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sync.enrol", TRUE);

  if (!linli_sync_service_enrol_finish (LINLI_SYNC_SERVICE (object), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      /* Said beside the fields, whole: a toast would cut it short. */
      gtk_label_set_text (self->enrol_error, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->enrol_error), TRUE);
      return;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->enrol_error), FALSE);

  gtk_editable_set_text (GTK_EDITABLE (self->code_row), "");
  toast (self, adw_toast_new (_("Connected. The first sync has started.")));
  update (self);
}

static void
enrol_activated (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  LinliSyncPage *self = LINLI_SYNC_PAGE (widget);
  g_autofree char *server = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->server_row))));
  g_autofree char *code = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->code_row))));

  if (*server == '\0' || *code == '\0')
    {
      gtk_label_set_text (self->enrol_error, _("Type the server’s address and the enrolment code."));
      gtk_widget_set_visible (GTK_WIDGET (self->enrol_error), TRUE);
      gtk_widget_grab_focus (GTK_WIDGET (*server == '\0' ? self->server_row : self->code_row));
      return;
    }

  /* An address without its scheme is an https one. */
  if (strstr (server, "://") == NULL)
    {
      char *full = g_strconcat ("https://", server, NULL);

      g_free (server);
      server = full;
    }

  gtk_widget_action_set_enabled (widget, "sync.enrol", FALSE);
  gtk_spinner_start (self->enrol_spinner);
  linli_sync_service_enrol_async (self->service, server, code, self->cancellable, on_enrolled_cb,
                                  g_object_ref (self));
}

static void
sync_now_activated (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  linli_sync_service_sync_now (LINLI_SYNC_PAGE (widget)->service);
}

static void
on_undo_leave_cb (LinliSyncPage *self,
                  AdwToast      *t)
{
  g_autoptr(GError) error = NULL;

  if (self->left == NULL)
    return;
  if (!linli_sync_service_rejoin (self->service, self->left, &error))
    toast (self, adw_toast_new (error->message));
  g_clear_pointer (&self->left, g_hash_table_unref);
  update (self);
}

static void
leave_activated (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  LinliSyncPage *self = LINLI_SYNC_PAGE (widget);
  g_autoptr(GError) error = NULL;
  AdwToast *t;

  g_clear_pointer (&self->left, g_hash_table_unref);
  self->left = linli_sync_service_leave (self->service, &error);
  if (self->left == NULL)
    {
      if (error != NULL)
        toast (self, adw_toast_new (error->message));
      return;
    }

  /* The records stay; only the connection goes. */
  t = adw_toast_new (_("Left the server. The records stay on this computer."));
  adw_toast_set_button_label (t, _("_Undo"));
  g_signal_connect_object (t, "button-clicked", G_CALLBACK (on_undo_leave_cb), self, G_CONNECT_SWAPPED);
  toast (self, t);
  update (self);
}

/* Every edit of this computer that lost, in a list that leads to each
 * record. */
static void
show_conflicts_activated (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWindow *main_window = GTK_IS_WINDOW (root) ? gtk_window_get_transient_for (GTK_WINDOW (root)) : NULL;
  GtkWidget *dialog;

  if (!LINLI_IS_WINDOW (main_window))
    return;
  dialog = linli_conflicts_window_new (LINLI_WINDOW (main_window), GTK_WINDOW (root));
  gtk_window_present (GTK_WINDOW (dialog));
}

/**
 * linli_sync_page_new:
 * @db_path: the community file the window has open
 */
GtkWidget *
linli_sync_page_new (const char *db_path)
{
  LinliSyncPage *self = g_object_new (LINLI_TYPE_SYNC_PAGE, NULL);
  const char *props[] = { "state", "role", "server", "community-name", "office-name", "last-synced",
                          "error", "pending", "conflicts", "progress", "first-pull-done" };

  self->service = linli_sync_service_get_for_path (db_path);
  for (guint i = 0; i < G_N_ELEMENTS (props); i++)
    {
      g_autofree char *signal = g_strconcat ("notify::", props[i], NULL);

      g_signal_connect_object (self->service, signal, G_CALLBACK (on_service_notify_cb), self, G_CONNECT_SWAPPED);
    }
  linli_sync_service_refresh (self->service);
  update (self);
  return GTK_WIDGET (self);
}

static void
linli_sync_page_dispose (GObject *object)
{
  LinliSyncPage *self = LINLI_SYNC_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), LINLI_TYPE_SYNC_PAGE);
  g_clear_object (&self->service);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->left, g_hash_table_unref);

  G_OBJECT_CLASS (linli_sync_page_parent_class)->dispose (object);
}

static void
linli_sync_page_class_init (LinliSyncPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = linli_sync_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/linli/Linli/linli-sync-page.ui");
#define CHILD(name) gtk_widget_class_bind_template_child (widget_class, LinliSyncPage, name)
  CHILD (enrol_group);
  CHILD (server_row);
  CHILD (code_row);
  CHILD (enrol_spinner);
  CHILD (enrol_error);
  CHILD (status_group);
  CHILD (server_group);
  CHILD (state_row);
  CHILD (state_icon);
  CHILD (progress_row);
  CHILD (progress_bar);
  CHILD (last_row);
  CHILD (pending_row);
  CHILD (conflicts_row);
  CHILD (community_row);
  CHILD (address_row);
#undef CHILD

  gtk_widget_class_install_action (widget_class, "sync.enrol", NULL, enrol_activated);
  gtk_widget_class_install_action (widget_class, "sync.sync-now", NULL, sync_now_activated);
  gtk_widget_class_install_action (widget_class, "sync.leave", NULL, leave_activated);
  gtk_widget_class_install_action (widget_class, "sync.show-conflicts", NULL, show_conflicts_activated);
}

static void
on_code_activated_cb (LinliSyncPage *self,
                      AdwEntryRow   *row)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "sync.enrol", NULL);
}

/* An error said about what was typed goes once it is typed again. */
static void
on_entry_changed_cb (LinliSyncPage *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->enrol_error), FALSE);
}

static void
linli_sync_page_init (LinliSyncPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  g_signal_connect_object (self->code_row, "entry-activated", G_CALLBACK (on_code_activated_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->code_row, "changed", G_CALLBACK (on_entry_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->server_row, "changed", G_CALLBACK (on_entry_changed_cb),
                           self, G_CONNECT_SWAPPED);
}
