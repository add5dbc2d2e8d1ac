/* linli-view.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "linli-view"

#include "config.h"

#include "linli-view.h"

G_DEFINE_ABSTRACT_TYPE (LinliView, linli_view, ADW_TYPE_BIN)

static void
linli_view_class_init (LinliViewClass *klass)
{
}

static void
linli_view_init (LinliView *self)
{
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
