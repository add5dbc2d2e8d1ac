/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "linli-map-session.h"

G_BEGIN_DECLS

#define LINLI_TYPE_MAP_PAGE (linli_map_page_get_type ())

G_DECLARE_DERIVABLE_TYPE (LinliMapPage, linli_map_page, LINLI, MAP_PAGE, AdwBin)

/**
 * LinliMapPageClass:
 * @reload: show the page's record (linli_map_page_get_id()) anew
 *
 * A page of the Map view's sidebar: the community, a grid, a building, a
 * unit, a household or a resident. It shows again whenever what is
 * stored changes.
 */
struct _LinliMapPageClass
{
  AdwBinClass parent_class;

  void (*reload) (LinliMapPage *self);
};

void             linli_map_page_set_session (LinliMapPage    *self,
                                             LinliMapSession *session);
LinliMapSession *linli_map_page_get_session (LinliMapPage    *self);
void             linli_map_page_show        (LinliMapPage    *self,
                                             const char      *id);
const char      *linli_map_page_get_id      (LinliMapPage    *self);
LinliDb         *linli_map_page_get_db      (LinliMapPage    *self);
const char      *linli_map_page_get_today   (LinliMapPage    *self);

/* Helpers of the pages. */
void       linli_map_list_clear        (GtkListBox      *list);
GtkWidget *linli_map_nav_row           (const char      *title,
                                        const char      *subtitle,
                                        const char      *table,
                                        const char      *id);
void       linli_map_list_append       (GtkListBox      *list,
                                        GtkWidget       *row);
void       linli_map_list_open_rows    (GtkListBox      *list,
                                        LinliMapPage    *page);
GtkWidget *linli_map_swatch_new        (const char      *color);
GtkWidget *linli_map_pill              (const char      *text,
                                        const char      *css_class);
char      *linli_map_age_text          (const char      *birth_date,
                                        const char      *today);
int        linli_map_age               (const char      *birth_date,
                                        const char      *today);
gboolean   linli_map_valid_date        (const char      *text);
gboolean   linli_map_valid_time        (const char      *text);
void       linli_map_set_entry_error   (GtkWidget       *entry,
                                        gboolean         error);

G_END_DECLS
