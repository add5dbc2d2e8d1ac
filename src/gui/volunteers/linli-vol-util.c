/* linli-vol-util.c: helpers of the Volunteers view's pages
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "linli-volunteers"

#include "config.h"

#include <glib/gi18n.h>

#include "linli-format.h"
#include "linli-sql-model.h"
#include "linli-view.h"
#include "linli-vol-item.h"
#include "linli-vol-util.h"

static void
setup_label_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                gpointer                  numeric)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), numeric ? 1.0 : 0.0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  if (numeric)
    gtk_widget_add_css_class (label, "numeric");
  gtk_list_item_set_child (item, label);
}

static void
bind_label_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  numeric)
{
  GObject *row = gtk_list_item_get_item (item);
  const char *key = g_object_get_data (G_OBJECT (factory), "key");
  const char *text = "";

  if (LINLI_IS_VOL_ITEM (row))
    text = linli_vol_item_get (LINLI_VOL_ITEM (row), key);
  else if (LINLI_IS_RECORD (row))
    text = linli_record_get_string (LINLI_RECORD (row), key);
  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)), text ? text : "");
  gtk_widget_set_tooltip_text (gtk_list_item_get_child (item), text && *text ? text : NULL);
}

/**
 * linli_vol_add_column:
 * @key: the item's field shown
 *
 * Returns: (transfer none): the new column
 */
GtkColumnViewColumn *
linli_vol_add_column (GtkColumnView *view,
                      const char    *title,
                      const char    *key,
                      gboolean       expand,
                      gboolean       numeric)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkColumnViewColumn *column;

  g_object_set_data_full (G_OBJECT (factory), "key", g_strdup (key), g_free);
  g_signal_connect (factory, "setup", G_CALLBACK (setup_label_cb), GINT_TO_POINTER (numeric));
  g_signal_connect (factory, "bind", G_CALLBACK (bind_label_cb), GINT_TO_POINTER (numeric));
  column = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_expand (column, expand);
  gtk_column_view_column_set_resizable (column, TRUE);
  gtk_column_view_append_column (view, column);
  g_object_unref (column);
  return column;
}

typedef struct
{
  LinliVolConfirmFunc func;
  gpointer            data;
  GDestroyNotify      destroy;
} Confirm;

static void
on_confirm_response_cb (AdwMessageDialog *dialog,
                        const char       *response,
                        Confirm          *confirm)
{
  if (g_strcmp0 (response, "go") == 0)
    confirm->func (confirm->data);
  if (confirm->destroy)
    confirm->destroy (confirm->data);
  g_free (confirm);
}

/**
 * linli_vol_confirm:
 *
 * Asks before doing something that breaks a rule: @func runs only if the
 * user chooses @action_label.
 */
void
linli_vol_confirm (GtkWidget           *parent,
                   const char          *heading,
                   const char          *body,
                   const char          *action_label,
                   LinliVolConfirmFunc  func,
                   gpointer             user_data,
                   GDestroyNotify       destroy)
{
  GtkWidget *dialog = adw_message_dialog_new (linli_vol_toplevel (parent), heading, body);
  Confirm *confirm = g_new0 (Confirm, 1);

  confirm->func = func;
  confirm->data = user_data;
  confirm->destroy = destroy;
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "go", action_label,
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "go", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (on_confirm_response_cb), confirm);
  gtk_window_present (GTK_WINDOW (dialog));
}

void
linli_vol_error (GtkWidget    *parent,
                 const char   *heading,
                 const GError *error)
{
  GtkWidget *dialog = adw_message_dialog_new (linli_vol_toplevel (parent), heading,
                                              error ? error->message : NULL);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Shows a toast in the nearest overlay: the view's window's. */
void
linli_vol_toast (GtkWidget *widget,
                 AdwToast  *toast)
{
  for (GtkWidget *w = widget; w != NULL; w = gtk_widget_get_parent (w))
    if (ADW_IS_TOAST_OVERLAY (w))
      {
        adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (w), toast);
        return;
      }
  g_object_unref (toast);
}

/* Phones are masked on screen too unless the person agreed to be posted:
 * the screen of an office PC is seen by visitors. */
char *
linli_vol_phone (const char *phone,
                 gboolean    consent)
{
  if (phone == NULL || *phone == '\0')
    return g_strdup ("");
  return consent ? g_strdup (phone) : linli_mask_phone (phone);
}

char *
linli_vol_address (const char *building,
                   gint64      unit,
                   const char *room,
                   const char *title)
{
  if (building != NULL && *building != '\0')
    return g_strdup_printf (_("Bldg %s-%d-%s"), building, (int) unit, room ? room : "");
  return g_strdup (title ? title : "");
}

char *
linli_vol_format_hours (double hours)
{
  if (hours == 0)
    return g_strdup ("");
  if (hours == (int) hours)
    return g_strdup_printf ("%d", (int) hours);
  return g_strdup_printf ("%.1f", hours);
}

GtkWindow *
linli_vol_toplevel (GtkWidget *widget)
{
  GtkRoot *root = widget ? gtk_widget_get_root (widget) : NULL;

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}
