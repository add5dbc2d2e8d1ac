/* linli-view.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "linli-view"

#include "config.h"

#include "linli-view.h"

typedef struct
{
  LinliDb *db;
  char    *community_id;
} LinliViewPrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (LinliView, linli_view, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_DB,
  PROP_COMMUNITY_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
linli_view_dispose (GObject *object)
{
  LinliViewPrivate *priv = linli_view_get_instance_private (LINLI_VIEW (object));

  g_clear_object (&priv->db);
  g_clear_pointer (&priv->community_id, g_free);

  G_OBJECT_CLASS (linli_view_parent_class)->dispose (object);
}

static void
linli_view_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  LinliView *self = LINLI_VIEW (object);

  switch (prop_id)
    {
    case PROP_DB:
      g_value_set_object (value, linli_view_get_db (self));
      break;
    case PROP_COMMUNITY_ID:
      g_value_set_string (value, linli_view_get_community_id (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
linli_view_class_init (LinliViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = linli_view_dispose;
  object_class->get_property = linli_view_get_property;

  properties[PROP_DB] =
    g_param_spec_object ("db", NULL, NULL, LINLI_TYPE_DB,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_COMMUNITY_ID] =
    g_param_spec_string ("community-id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
linli_view_init (LinliView *self)
{
}

/**
 * linli_view_set_context:
 * @db: (nullable): the open community file
 * @community_id: (nullable): the community shown
 *
 * Called by the window when it opens a file or switches community; the
 * view's reload vfunc then shows it.
 */
void
linli_view_set_context (LinliView  *self,
                        LinliDb    *db,
                        const char *community_id)
{
  LinliViewPrivate *priv = linli_view_get_instance_private (self);

  g_return_if_fail (LINLI_IS_VIEW (self));

  if (priv->db == db && g_strcmp0 (priv->community_id, community_id) == 0)
    return;

  g_set_object (&priv->db, db);
  g_free (priv->community_id);
  priv->community_id = g_strdup (community_id);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DB]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COMMUNITY_ID]);

  if (LINLI_VIEW_GET_CLASS (self)->reload)
    LINLI_VIEW_GET_CLASS (self)->reload (self);
}

/**
 * linli_view_get_db:
 *
 * Returns: (transfer none) (nullable): the open community file
 */
LinliDb *
linli_view_get_db (LinliView *self)
{
  LinliViewPrivate *priv = linli_view_get_instance_private (self);

  g_return_val_if_fail (LINLI_IS_VIEW (self), NULL);
  return priv->db;
}

const char *
linli_view_get_community_id (LinliView *self)
{
  LinliViewPrivate *priv = linli_view_get_instance_private (self);

  g_return_val_if_fail (LINLI_IS_VIEW (self), NULL);
  return priv->community_id;
}

/* Finds the window's toast overlay without the view knowing the window. */
void
linli_view_add_toast (LinliView *self,
                      AdwToast  *toast)
{
  GtkWidget *w;

  g_return_if_fail (LINLI_IS_VIEW (self));

  for (w = gtk_widget_get_parent (GTK_WIDGET (self)); w != NULL; w = gtk_widget_get_parent (w))
    if (ADW_IS_TOAST_OVERLAY (w))
      {
        adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (w), toast);
        return;
      }
  g_object_unref (toast);
}

/**
 * linli_view_print:
 * @self: a #LinliView
 * @parent: the window for the print dialog
 *
 * Returns: %TRUE if the view started printing a sheet
 */
gboolean
linli_view_print (LinliView *self,
                  GtkWindow *parent)
{
  LinliViewClass *klass;

  g_return_val_if_fail (LINLI_IS_VIEW (self), FALSE);

  klass = LINLI_VIEW_GET_CLASS (self);
  if (klass->print == NULL)
    return FALSE;

  return klass->print (self, parent);
}

/**
 * linli_view_refresh:
 *
 * What is stored changed outside the view (sync brought other computers'
 * edits): shows it again where the user is, without going back to the
 * start as a new community would.
 */
void
linli_view_refresh (LinliView *self)
{
  g_return_if_fail (LINLI_IS_VIEW (self));

  if (LINLI_VIEW_GET_CLASS (self)->refresh)
    LINLI_VIEW_GET_CLASS (self)->refresh (self);
}

gboolean
linli_view_show_record (LinliView  *self,
                        const char *table,
                        const char *id)
{
  LinliViewClass *klass;

  g_return_val_if_fail (LINLI_IS_VIEW (self), FALSE);

  klass = LINLI_VIEW_GET_CLASS (self);
  if (klass->show_record == NULL)
    return FALSE;

  return klass->show_record (self, table, id);
}
