/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "linli-db.h"

G_BEGIN_DECLS

/* The "changed elsewhere" mark: an edit made on this computer lost to a
 * later one made elsewhere (sync decides per column, by stamp). Views
 * show the mark on the record, with the value that won and the one that
 * lost, until the user has seen it. */
typedef struct
{
  gint64    seq;
  char     *table;
  char     *row;
  char     *column;
  char     *local_value;    /* this computer's value that lost, as text; NULL for none */
  char     *remote_value;   /* the value that won, as text; NULL for none */
  char     *at;             /* local date-time YYYY-MM-DDTHH:MM it was found */
  gboolean  seen;
} LinliSyncConflict;

void        linli_sync_conflict_free          (LinliSyncConflict *conflict);

GPtrArray  *linli_sync_conflicts_for_record   (LinliDb     *db,
                                               const char  *table,
                                               const char  *row,
                                               GError     **error);
gboolean    linli_sync_conflicts_has_mark     (LinliDb     *db,
                                               const char  *table,
                                               const char  *row);
gboolean    linli_sync_conflicts_mark_seen    (LinliDb     *db,
                                               const char  *table,
                                               const char  *row,
                                               GError     **error);
gint64      linli_sync_conflicts_count_unseen (LinliDb     *db);
GPtrArray  *linli_sync_conflicts_list_unseen  (LinliDb     *db,
                                               GError     **error);
gboolean    linli_sync_conflicts_mark_all_seen (LinliDb    *db,
                                               GError     **error);

/* How a mark reads: the field's name, a value as the user reads it
 * (codes in words, ID numbers masked, "empty" for none), the record. */
const char *linli_sync_conflict_field_name    (const char  *table,
                                               const char  *column);
char       *linli_sync_conflict_value_text    (const char  *table,
                                               const char  *column,
                                               const char  *value);
char       *linli_sync_conflict_record_name   (LinliDb     *db,
                                               const char  *table,
                                               const char  *row);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LinliSyncConflict, linli_sync_conflict_free)

G_END_DECLS
