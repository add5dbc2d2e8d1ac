/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define LINLI_TYPE_VIEW (linli_view_get_type ())

G_DECLARE_DERIVABLE_TYPE (LinliView, linli_view, LINLI, VIEW, AdwBin)

/**
 * LinliViewClass:
 * @print: prints the view's current notice-board sheet; returns %FALSE
 *   when the view has nothing to print right now
 *
 * The four views of the window share this base class so that the window
 * can route window-wide actions (print, search results) to the visible one.
 */
struct _LinliViewClass
{
  AdwBinClass parent_class;

  gboolean (*print) (LinliView *self,
                     GtkWindow *parent);

  /*< private >*/
  gpointer _reserved[8];
};

gboolean linli_view_print (LinliView *self,
                           GtkWindow *parent);

G_END_DECLS
