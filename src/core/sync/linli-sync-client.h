/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "linli-db.h"
#include "linli-sync-transport.h"
#include "linli-sync-wire.h"

G_BEGIN_DECLS

#define LINLI_TYPE_SYNC_CLIENT (linli_sync_client_get_type ())

G_DECLARE_FINAL_TYPE (LinliSyncClient, linli_sync_client, LINLI, SYNC_CLIENT, GObject)

/* Called from the thread that syncs: @done of @total changes pulled in
 * this run (@total is an estimate from the server's sequence numbers). */
typedef void (*LinliSyncProgressFunc) (gpointer user_data,
                                       gint64   done,
                                       gint64   total);

/* What this file knows of its sync, without asking the server. */
typedef struct
{
  gboolean  enrolled;
  char     *server;
  char     *role;             /* "community" or "office" */
  char     *community_id;     /* the server's id */
  char     *community_name;
  char     *office_name;
  char     *device_id;        /* this computer's record on the server, for "admin revoke" */
  char     *last_synced;      /* local date-time YYYY-MM-DDTHH:MM, or NULL */
  char     *last_error;       /* the last attempt's error, or NULL */
  gint64    pending;          /* local changes not yet on the server */
  gint64    cursor;
  gint64    waiting;          /* remote values kept for a newer version */
  gint64    conflicts;        /* unseen "changed elsewhere" marks */
  gboolean  first_pull_done;
} LinliSyncStatus;

LinliSyncStatus *linli_sync_status_read  (LinliDb          *db);
void             linli_sync_status_free  (LinliSyncStatus  *status);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LinliSyncStatus, linli_sync_status_free)

LinliSyncClient *linli_sync_client_new          (LinliDb               *db);
LinliDb         *linli_sync_client_get_db       (LinliSyncClient       *self);
void             linli_sync_client_set_insecure (LinliSyncClient       *self,
                                                 gboolean               insecure);
void             linli_sync_client_set_transport (LinliSyncClient      *self,
                                                  LinliSyncRequestFunc  func,
                                                  gpointer              user_data);
void             linli_sync_client_set_progress_func (LinliSyncClient  *self,
                                                      LinliSyncProgressFunc func,
                                                      gpointer          user_data);
void             linli_sync_client_set_limits   (LinliSyncClient       *self,
                                                 guint                  batch,
                                                 guint                  page);

gboolean         linli_sync_client_enrol        (LinliSyncClient       *self,
                                                 const char            *server,
                                                 const char            *code,
                                                 GCancellable          *cancellable,
                                                 GError               **error);
gboolean         linli_sync_client_sync         (LinliSyncClient       *self,
                                                 GCancellable          *cancellable,
                                                 GError               **error);
void             linli_sync_client_get_counts   (LinliSyncClient       *self,
                                                 guint64               *sent,
                                                 guint64               *received);
gboolean         linli_sync_client_forget       (LinliSyncClient       *self,
                                                 GError               **error);

/* The steps of a sync, for tests that cut a sync anywhere. */
gboolean         linli_sync_client_check_clock  (LinliSyncClient       *self,
                                                 GCancellable          *cancellable,
                                                 GError               **error);
gboolean         linli_sync_client_push_batch   (LinliSyncClient       *self,
                                                 gboolean              *done,
                                                 GCancellable          *cancellable,
                                                 GError               **error);
gboolean         linli_sync_client_pull_page    (LinliSyncClient       *self,
                                                 gboolean              *done,
                                                 GCancellable          *cancellable,
                                                 GError               **error);

G_END_DECLS
