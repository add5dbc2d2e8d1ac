/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "linli-db.h"
#include "linli-sync-wire.h"

G_BEGIN_DECLS

typedef struct
{
  guint changes;      /* changes looked at */
  guint rows_new;     /* rows inserted */
  guint columns;      /* columns that took the remote value */
  guint pending;      /* values kept for a newer schema or a row not here yet */
  guint conflicts;    /* local edits that lost: the "changed elsewhere" mark */
} LinliSyncApplyStats;

/* Merges remote changes into @db: per column, the later stamp wins
 * (stamps end in the device id, so equal times still order). Runs inside
 * the caller's transaction, with journaling and foreign keys off. */
gboolean linli_sync_apply_changes (LinliDb             *db,
                                   LinliSyncSchema     *schema,
                                   GPtrArray           *changes,
                                   LinliSyncApplyStats *stats,
                                   GError             **error);

/* Applies the kept values whose table, column and row this file now has
 * (after an upgrade, or once the row arrived). Its own transaction. */
gboolean linli_sync_apply_pending (LinliDb             *db,
                                   LinliSyncSchema     *schema,
                                   LinliSyncApplyStats *stats,
                                   GError             **error);

/* Records that a local edit lost (the push answer's "lost", or a pull). */
gboolean linli_sync_record_conflict (LinliDb    *db,
                                     const char *table,
                                     const char *row,
                                     const char *column,
                                     const char *local_value_json,
                                     const char *remote_value_json,
                                     const char *local_hlc,
                                     const char *remote_hlc,
                                     GError    **error);

LinliQuery *linli_sync_prepare (LinliDb     *db,
                                const char  *sql,
                                guint        n_params,
                                GError     **error);

/* Binds a JSON scalar to a statement parameter. */
void     linli_sync_bind_json     (sqlite3_stmt *stmt,
                                   int           index,
                                   JsonNode     *value);

G_END_DECLS
