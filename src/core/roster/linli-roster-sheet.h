/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>

#include "linli-db.h"

G_BEGIN_DECLS

/* A notice-board sheet of the Volunteers view: a title, a table and a
 * footer, laid out on pages. Until the print engine (src/core/print)
 * exists, the two sheets are drawn here with cairo and pango. */

typedef struct _LinliRosterSheet LinliRosterSheet;

LinliRosterSheet *linli_roster_sheet_new_week    (LinliDb           *db,
                                                  const char        *team_id,
                                                  const char        *week_start,
                                                  GError           **error);
LinliRosterSheet *linli_roster_sheet_new_members (LinliDb           *db,
                                                  const char        *team_id,
                                                  GError           **error);
void              linli_roster_sheet_free        (LinliRosterSheet  *sheet);

const char       *linli_roster_sheet_get_title   (LinliRosterSheet  *sheet);
char             *linli_roster_sheet_to_text     (LinliRosterSheet  *sheet);
guint             linli_roster_sheet_paginate    (LinliRosterSheet  *sheet,
                                                  cairo_t           *cr,
                                                  double             width,
                                                  double             height);
void              linli_roster_sheet_draw_page   (LinliRosterSheet  *sheet,
                                                  cairo_t           *cr,
                                                  double             width,
                                                  double             height,
                                                  guint              page);
gboolean          linli_roster_sheet_write_pdf   (LinliRosterSheet  *sheet,
                                                  const char        *path,
                                                  GError           **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LinliRosterSheet, linli_roster_sheet_free)

G_END_DECLS
