/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum
{
  LINLI_SYNC_STATE_NOT_ENROLLED,   /* no server: the PC works alone */
  LINLI_SYNC_STATE_IDLE,           /* synced, or waiting for the next run */
  LINLI_SYNC_STATE_SYNCING,
  LINLI_SYNC_STATE_OFFLINE,        /* the server could not be reached: it retries */
  LINLI_SYNC_STATE_ERROR,          /* the server refused: the user must act */
} LinliSyncState;

#define LINLI_TYPE_SYNC_STATE (linli_sync_state_get_type ())
GType linli_sync_state_get_type (void);

#define LINLI_TYPE_SYNC_SERVICE (linli_sync_service_get_type ())

G_DECLARE_FINAL_TYPE (LinliSyncService, linli_sync_service, LINLI, SYNC_SERVICE, GObject)

/* How often the app syncs while it runs (and the server is reachable). */
#define LINLI_SYNC_INTERVAL_SECONDS (5 * 60)

LinliSyncService *linli_sync_service_get_for_path (const char        *db_path);

const char     *linli_sync_service_get_db_path      (LinliSyncService  *self);
LinliSyncState  linli_sync_service_get_state        (LinliSyncService  *self);
const char     *linli_sync_service_get_role         (LinliSyncService  *self);
const char     *linli_sync_service_get_server       (LinliSyncService  *self);
const char     *linli_sync_service_get_community_name (LinliSyncService *self);
const char     *linli_sync_service_get_office_name  (LinliSyncService  *self);
const char     *linli_sync_service_get_last_synced  (LinliSyncService  *self);
const char     *linli_sync_service_get_error        (LinliSyncService  *self);
gint64          linli_sync_service_get_pending      (LinliSyncService  *self);
gint64          linli_sync_service_get_conflicts    (LinliSyncService  *self);
double          linli_sync_service_get_progress     (LinliSyncService  *self);
gboolean        linli_sync_service_get_first_pull   (LinliSyncService  *self);
const char     *linli_sync_service_get_office_totals (LinliSyncService *self);

/* Syncs now, then every LINLI_SYNC_INTERVAL_SECONDS, and when the
 * network comes back. Does nothing while the file is not enrolled. */
void            linli_sync_service_start            (LinliSyncService  *self);
void            linli_sync_service_sync_now         (LinliSyncService  *self);
/* Reads the state anew from the file (after an edit, to count what waits). */
void            linli_sync_service_refresh          (LinliSyncService  *self);

void            linli_sync_service_enrol_async      (LinliSyncService    *self,
                                                     const char          *server,
                                                     const char          *code,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
gboolean        linli_sync_service_enrol_finish     (LinliSyncService    *self,
                                                     GAsyncResult        *result,
                                                     GError             **error);
/* Leaves the server; returns what it takes to come back (Undo). */
GHashTable     *linli_sync_service_leave            (LinliSyncService    *self,
                                                     GError             **error);
gboolean        linli_sync_service_rejoin           (LinliSyncService    *self,
                                                     GHashTable          *saved,
                                                     GError             **error);

char           *linli_sync_describe_time            (const char          *local);

G_END_DECLS
