/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "linli-server-sql.h"
#include "linli-sync-wire.h"

G_BEGIN_DECLS

/* The server's storage: communities, devices, codes, and per community
 * the log of changes and the rows folded from it. Every key of the
 * community data starts with the community's id, so that PostgreSQL can
 * partition or distribute it (Citus) by community. Thread-safe: each
 * thread gets its own connection. */
typedef struct _LinliServerStore LinliServerStore;

typedef struct
{
  char    *id;            /* the device record's id, for admin revoke */
  char    *role;          /* "community" or "office" */
  char    *community_id;
  char    *office_id;
  char    *device;        /* the file's device id */
  char    *name;
  char    *created;
  char    *last_seen;
  char    *revoked;
} LinliServerDevice;

void linli_server_device_free (LinliServerDevice *device);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LinliServerDevice, linli_server_device_free)

LinliServerStore *linli_server_store_new_sqlite   (const char       *dir,
                                                   GError          **error);
LinliServerStore *linli_server_store_new_postgres (const char       *uri,
                                                   GError          **error);
void              linli_server_store_free         (LinliServerStore *store);
LinliSqlKind      linli_server_store_get_kind     (LinliServerStore *store);
LinliSyncSchema  *linli_server_store_get_schema   (LinliServerStore *store);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LinliServerStore, linli_server_store_free)

/* Administration. */
char     *linli_server_store_add_office     (LinliServerStore  *store,
                                             const char        *name,
                                             GError           **error);
char     *linli_server_store_add_community  (LinliServerStore  *store,
                                             const char        *name,
                                             const char        *office_id,
                                             GError           **error);
char     *linli_server_store_new_code       (LinliServerStore  *store,
                                             const char        *community_id,
                                             const char        *office_id,
                                             guint              valid_days,
                                             GError           **error);
GPtrArray *linli_server_store_list_devices  (LinliServerStore  *store,
                                             GError           **error);
/* Rows of (id, name, office id, ledger id, last sequence number). */
LinliSqlRows *linli_server_store_list_communities (LinliServerStore *store,
                                                   GError          **error);
gboolean  linli_server_store_revoke         (LinliServerStore  *store,
                                             const char        *device_id,
                                             GError           **error);

/* The protocol. Each answers with the JSON of a 200 answer, or an error
 * of LINLI_SYNC_ERROR whose code makes the HTTP status. */
char     *linli_server_store_enrol          (LinliServerStore  *store,
                                             LinliSyncEnrol    *enrol,
                                             char             **error_fields,
                                             GError           **error);
LinliServerDevice *linli_server_store_authenticate (LinliServerStore *store,
                                                    const char       *token,
                                                    GError          **error);
char     *linli_server_store_status         (LinliServerStore  *store,
                                             LinliServerDevice *device,
                                             GError           **error);
char     *linli_server_store_push           (LinliServerStore  *store,
                                             LinliServerDevice *device,
                                             LinliSyncPush     *push,
                                             GError           **error);
char     *linli_server_store_pull           (LinliServerStore  *store,
                                             LinliServerDevice *device,
                                             gint64             after,
                                             guint              limit,
                                             GError           **error);
char     *linli_server_store_totals         (LinliServerStore  *store,
                                             LinliServerDevice *device,
                                             GError           **error);

/* What the server holds of a community (tests): its rows folded from
 * the log, as {"table/row": {column: value}}, and the number of changes
 * in its log. */
char     *linli_server_store_dump_rows      (LinliServerStore  *store,
                                             const char        *community_id,
                                             GError           **error);
gint64    linli_server_store_count_changes  (LinliServerStore  *store,
                                             const char        *community_id,
                                             GError           **error);

/* Helpers shared with the admin commands and the tests. */
char     *linli_server_random_token         (const char        *prefix,
                                             guint              n_bytes);
char     *linli_server_normalise_code       (const char        *code);
char     *linli_server_hash                 (const char        *secret);
gint64    linli_server_now_ms               (void);

G_END_DECLS
