/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* A row of the Volunteers view's lists: an id and named text and number
 * fields, so that one item type serves teams, members, squads and the
 * hours ledger. */

#define LINLI_TYPE_VOL_ITEM (linli_vol_item_get_type ())

G_DECLARE_FINAL_TYPE (LinliVolItem, linli_vol_item, LINLI, VOL_ITEM, GObject)

LinliVolItem *linli_vol_item_new        (const char   *id);
const char   *linli_vol_item_get_id     (LinliVolItem *self);
void          linli_vol_item_set        (LinliVolItem *self,
                                         const char   *key,
                                         const char   *value);
const char   *linli_vol_item_get        (LinliVolItem *self,
                                         const char   *key);
void          linli_vol_item_set_number (LinliVolItem *self,
                                         const char   *key,
                                         double        value);
double        linli_vol_item_get_number (LinliVolItem *self,
                                         const char   *key);

G_END_DECLS
