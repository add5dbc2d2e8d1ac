/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "linli-db.h"

G_BEGIN_DECLS

/* Helpers of the Volunteers view's pages. */

/* A text column of a GtkColumnView over LinliVolItem (by key) or
 * LinliRecord (by column) items. */
GtkColumnViewColumn *linli_vol_add_column    (GtkColumnView *view,
                                              const char    *title,
                                              const char    *key,
                                              gboolean       expand,
                                              gboolean       numeric);

typedef void (*LinliVolConfirmFunc) (gpointer user_data);

void       linli_vol_confirm        (GtkWidget           *parent,
                                     const char          *heading,
                                     const char          *body,
                                     const char          *action_label,
                                     LinliVolConfirmFunc  func,
                                     gpointer             user_data,
                                     GDestroyNotify       destroy);
void       linli_vol_error          (GtkWidget           *parent,
                                     const char          *heading,
                                     const GError        *error);
void       linli_vol_toast          (GtkWidget           *widget,
                                     AdwToast            *toast);

char      *linli_vol_phone          (const char          *phone,
                                     gboolean             consent);
char      *linli_vol_address        (const char          *building,
                                     gint64               unit,
                                     const char          *room,
                                     const char          *title);
char      *linli_vol_format_hours   (double               hours);
GtkWindow *linli_vol_toplevel       (GtkWidget           *widget);

G_END_DECLS
