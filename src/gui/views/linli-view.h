/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "linli-db.h"

G_BEGIN_DECLS

#define LINLI_TYPE_VIEW (linli_view_get_type ())

G_DECLARE_DERIVABLE_TYPE (LinliView, linli_view, LINLI, VIEW, AdwBin)

/**
 * LinliViewClass:
 * @print: prints the view's current notice-board sheet; returns %FALSE
 *   when the view has nothing to print right now
 * @reload: the database or the community changed: show it anew
 * @show_record: show a record (a search result): @table is the record's
 *   table, @id its id; returns %FALSE when the view cannot show it
 *
 * The four views of the window share this base class so that the window
 * can hand them the open community and route window-wide actions (print,
 * search results) to the visible one.
 */
struct _LinliViewClass
{
  AdwBinClass parent_class;

  gboolean (*print)       (LinliView  *self,
                           GtkWindow  *parent);
  void     (*reload)      (LinliView  *self);
  gboolean (*show_record) (LinliView  *self,
                           const char *table,
                           const char *id);
  void     (*refresh)     (LinliView  *self);

  /*< private >*/
  gpointer _reserved[7];
};

gboolean    linli_view_print            (LinliView  *self,
                                         GtkWindow  *parent);
void        linli_view_refresh          (LinliView  *self);
gboolean    linli_view_show_record      (LinliView  *self,
                                         const char *table,
                                         const char *id);
void        linli_view_set_context      (LinliView  *self,
                                         LinliDb    *db,
                                         const char *community_id);
LinliDb    *linli_view_get_db           (LinliView  *self);
const char *linli_view_get_community_id (LinliView  *self);
void        linli_view_add_toast        (LinliView  *self,
                                         AdwToast   *toast);

G_END_DECLS
