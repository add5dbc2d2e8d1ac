/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "linli-db.h"
#include "linli-server.h"
#include "linli-sync-client.h"

G_BEGIN_DECLS

/* Records in every synced table of @community (created when missing). */
GHashTable *sync_test_fill_every_table  (LinliDb     *db,
                                         const char  *community);

/* Every synced row of the file, its stamps and its column stamps, in one
 * text that two files share exactly when they converged. */
char       *sync_test_canonical_dump    (LinliDb     *db);
char       *sync_test_canonical_dump_with (LinliDb   *db,
                                         LinliSyncSchema *schema);

/* The same text, folded from a server's log without the client's merge
 * code: per column the value of the latest stamp. @changes are
 * LinliSyncChange in log order. */
char       *sync_test_fold_log          (LinliSyncSchema *schema,
                                         GPtrArray   *changes);
/* Every change of a community's log, through the store's pull. */
GPtrArray  *sync_test_read_log          (LinliServerStore *store,
                                         const char  *community_id);
/* The server's folded rows, in the same text. */
char       *sync_test_server_rows_dump  (LinliServerStore *store,
                                         LinliSyncSchema  *schema,
                                         const char  *community_id);

/* Empties a file for the next run of a test: records, journal, stamps,
 * sync state. */
void        sync_test_reset_replica     (LinliDb     *db,
                                         LinliSyncSchema *schema);

/* A transport into a server in this process, which can drop, repeat and
 * delay requests. */
typedef struct
{
  LinliServer *server;
  GRand       *rand;       /* NULL: no faults */
  double       p_drop_request;
  double       p_drop_answer;
  double       p_duplicate;
  double       p_delay;
  GPtrArray   *delayed;    /* requests to deliver late */
  guint        requests;
  guint        most_pushed; /* the most changes one push carried */
} SyncTestWire;

SyncTestWire *sync_test_wire_new        (LinliServer  *server);
void          sync_test_wire_free       (SyncTestWire *wire);
GBytes       *sync_test_wire_request    (gpointer       wire,
                                         const char    *method,
                                         const char    *path,
                                         const char    *token,
                                         GBytes        *body,
                                         guint         *status,
                                         GCancellable  *cancellable,
                                         GError       **error);
/* Delivers the delayed requests now (their answers are lost). */
void          sync_test_wire_flush      (SyncTestWire *wire,
                                         gboolean      all);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SyncTestWire, sync_test_wire_free)

/* Temporary directories, removed with their contents. */
char       *sync_test_tmpdir            (const char   *name);
void        sync_test_rm_rf             (const char   *path);

/* A PostgreSQL cluster of its own, on a Unix socket in a temporary
 * directory, with a role "linli" that is no superuser (so that row-level
 * security applies to it). */
typedef struct
{
  char *dir;
  char *bin;
  char *uri;          /* for the role linli */
  char *admin_uri;    /* for the superuser */
  int   reaper;       /* stops the cluster when the test ends */
  int   reaper_fd;
} SyncTestPostgres;

SyncTestPostgres *sync_test_postgres_start (GError          **error);
void              sync_test_postgres_stop  (SyncTestPostgres *pg);
/* A fresh database on the cluster, for one test; its URI. */
char             *sync_test_postgres_new_db (SyncTestPostgres *pg,
                                             const char       *name,
                                             GError          **error);

/* The real linli-server, as a process. */
typedef struct
{
  GPid   pid;
  char  *url;
  char **argv;
  int    stdout_fd;
} SyncTestProcess;

SyncTestProcess *sync_test_server_spawn  (const char * const *storage_args,
                                          const char   *listen,
                                          GError      **error);
void             sync_test_server_kill   (SyncTestProcess *process,
                                          int              signal);
int              sync_test_server_admin  (const char * const *storage_args,
                                          const char * const *admin_args,
                                          char          **out);
int              sync_test_run           (const char * const *argv,
                                          const char * const *env,
                                          char          **out,
                                          char          **err);

/* A proxy between the clients and a server on the loopback, which can
 * drop a connection once the server answered a push (it committed, the
 * client never hears so). */
typedef struct _SyncTestProxy SyncTestProxy;

SyncTestProxy *sync_test_proxy_new          (guint          target_port);
char          *sync_test_proxy_get_url      (SyncTestProxy *proxy);
void           sync_test_proxy_drop_next_push_answer (SyncTestProxy *proxy);
guint          sync_test_proxy_dropped      (SyncTestProxy *proxy);
guint          sync_test_proxy_pushes_seen  (SyncTestProxy *proxy);
guint          sync_test_proxy_pulls_seen   (SyncTestProxy *proxy);
void           sync_test_proxy_free         (SyncTestProxy *proxy);

guint          sync_test_url_port           (const char    *url);

G_END_DECLS

G_BEGIN_DECLS

/* Where a test's linli-server keeps its data: SQLite in a temporary
 * folder, or (LINLI_TEST_STORAGE=postgres) a database on a PostgreSQL
 * cluster the test starts itself. */
typedef struct
{
  gboolean          postgres;
  char             *dir;        /* SQLite: the data folder */
  SyncTestPostgres *pg;
  char             *uri;
  const char       *args[3];    /* "--data", DIR or "--postgres", URI */
} SyncTestStorage;

char *sync_test_admin (const SyncTestStorage *storage,
                       const char            *first,
                       ...) G_GNUC_NULL_TERMINATED;

/* NULL when PostgreSQL is asked for and not installed: the caller skips
 * with the message in @skip. */
SyncTestStorage *sync_test_storage_new   (const char       *name,
                                          char            **skip);
void             sync_test_storage_free  (SyncTestStorage  *storage);
LinliServerStore *sync_test_storage_open (SyncTestStorage  *storage);

/* One HTTP request, as a test writes it. */
GBytes          *sync_test_http          (const char       *url,
                                          const char       *method,
                                          const char       *path,
                                          const char       *token,
                                          const char       *body,
                                          gssize            len,
                                          guint            *status);

G_END_DECLS
