/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "linli-print-sheet.h"
#include "linli-view.h"

G_BEGIN_DECLS

#define LINLI_TYPE_VOLUNTEERS_VIEW (linli_volunteers_view_get_type ())

G_DECLARE_FINAL_TYPE (LinliVolunteersView, linli_volunteers_view, LINLI, VOLUNTEERS_VIEW, LinliView)

const char *linli_volunteers_view_get_page     (LinliVolunteersView *self);
GtkWidget  *linli_volunteers_view_get_child    (LinliVolunteersView *self,
                                                const char          *page);
GListModel *linli_volunteers_view_get_teams    (LinliVolunteersView *self);
LinliSheetRequest *linli_volunteers_view_get_print_request (LinliVolunteersView *self);
gboolean    linli_volunteers_view_print_to_pdf (LinliVolunteersView *self,
                                                const char          *path,
                                                GError             **error);

G_END_DECLS
