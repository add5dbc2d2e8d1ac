/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "linli-db.h"

G_BEGIN_DECLS

#define LINLI_TYPE_MAP_HISTORY (linli_map_history_get_type ())

G_DECLARE_FINAL_TYPE (LinliMapHistory, linli_map_history, LINLI, MAP_HISTORY, GObject)

/* The undo and redo stacks of a user's edits. Each edit is one
 * transaction of column changes: the history reads a column's value
 * before it writes the new one, so undo writes the old values back (in
 * one transaction too) and redo the new ones. A row made by an edit is
 * taken away by its undo with a tombstone, as every deletion is. */

LinliMapHistory *linli_map_history_new            (LinliDb          *db);
LinliDb         *linli_map_history_get_db         (LinliMapHistory  *self);

gboolean         linli_map_history_begin          (LinliMapHistory  *self,
                                                   const char       *label,
                                                   GError          **error);
gboolean         linli_map_history_set            (LinliMapHistory  *self,
                                                   const char       *table,
                                                   const char       *id,
                                                   const char       *column,
                                                   const char       *format,
                                                   ...);
gboolean         linli_map_history_created        (LinliMapHistory  *self,
                                                   const char       *table,
                                                   const char       *id);
gboolean         linli_map_history_delete         (LinliMapHistory  *self,
                                                   const char       *table,
                                                   const char       *id);
guint            linli_map_history_commit         (LinliMapHistory  *self,
                                                   GError          **error);
void             linli_map_history_rollback       (LinliMapHistory  *self);
gboolean         linli_map_history_in_edit        (LinliMapHistory  *self);

gboolean         linli_map_history_undo           (LinliMapHistory  *self,
                                                   GError          **error);
gboolean         linli_map_history_redo           (LinliMapHistory  *self,
                                                   GError          **error);
gboolean         linli_map_history_revert         (LinliMapHistory  *self,
                                                   guint             serial,
                                                   GError          **error);
gboolean         linli_map_history_can_undo       (LinliMapHistory  *self);
gboolean         linli_map_history_can_redo       (LinliMapHistory  *self);
const char      *linli_map_history_get_undo_label (LinliMapHistory  *self);
const char      *linli_map_history_get_redo_label (LinliMapHistory  *self);
void             linli_map_history_clear          (LinliMapHistory  *self);

G_END_DECLS
