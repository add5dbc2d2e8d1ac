/* linli-map-view.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "linli-map-view"

#include "config.h"

#include <glib/gi18n.h>

#include "linli-map-view.h"
#include "linli-print-operation.h"

struct _LinliMapView
{
  LinliView parent_instance;
};

G_DEFINE_FINAL_TYPE (LinliMapView, linli_map_view, LINLI_TYPE_VIEW)

static void
linli_map_view_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), LINLI_TYPE_MAP_VIEW);

  G_OBJECT_CLASS (linli_map_view_parent_class)->dispose (object);
}

/* Ctrl+P on the map. TODO(map view): print the building or grid selected
 * on the map; until there is a selection, the household table of the
 * first building. */
static gboolean
linli_map_view_print (LinliView *view,
                      GtkWindow *parent)
{
  LinliDb *db = linli_view_get_db (view);
  g_autoptr(LinliSheetRequest) request = NULL;
  g_autofree char *building = NULL;

  if (db == NULL)
    return FALSE;
  building = linli_db_query_string (db, NULL,
                                    "SELECT id FROM building WHERE deleted = 0 "
                                    "ORDER BY number NOT GLOB '[0-9]*', CAST(number AS INTEGER), number LIMIT 1",
                                    NULL);
  if (building == NULL)
    return FALSE;

  request = linli_sheet_request_new ("households", LINLI_SCOPE_BUILDING, building);
  return linli_print_sheet (parent, db, request);
}

static void
linli_map_view_class_init (LinliMapViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = linli_map_view_dispose;
  LINLI_VIEW_CLASS (klass)->print = linli_map_view_print;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/linli/Linli/views/linli-map-view.ui");
}

static void
linli_map_view_init (LinliMapView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
