/* linli-projects-view.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "linli-projects-view"

#include "config.h"

#include <glib/gi18n.h>

#include "linli-projects-view.h"

struct _LinliProjectsView
{
  LinliView parent_instance;
};

G_DEFINE_FINAL_TYPE (LinliProjectsView, linli_projects_view, LINLI_TYPE_VIEW)

static void
linli_projects_view_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), LINLI_TYPE_PROJECTS_VIEW);

  G_OBJECT_CLASS (linli_projects_view_parent_class)->dispose (object);
}

static void
linli_projects_view_class_init (LinliProjectsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = linli_projects_view_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/linli/Linli/views/linli-projects-view.ui");
}

static void
linli_projects_view_init (LinliProjectsView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
