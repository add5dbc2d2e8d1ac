/* linli-server-store.c: the server's communities, devices and logs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Per community, a counter row hands out the sequence numbers of pushes,
 * inside the push's transaction: a second push of the same community
 * waits for the first to commit, so that a reader never sees number 6
 * committed before 5 (a global sequence would let a late commit slip
 * behind a reader's cursor). One push is one number for all its changes,
 * and pages of a pull are cut only between numbers.
 *
 * Beside the log, row_state keeps every row folded from it: a JSON
 * document of its values and, per column, the stamp and the number of
 * the push that wrote it. The fold decides which pushed values lost to
 * a concurrent edit (the pusher had not pulled the other one), for the
 * "changed elsewhere" mark of the PC whose edit lost.
 *
 * On PostgreSQL, row-level security is a second wall: the community
 * tables show a transaction only the rows of the community it declared
 * (linli.community), and the store declares the token's community.
 */

#define G_LOG_DOMAIN "linli-server"

#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/random.h>

#include "linli-hlc.h"
#include "linli-server-store.h"

#define CODE_ALPHABET "23456789ABCDEFGHJKMNPQRSTUVWXYZ"

struct _LinliServerStore
{
  LinliSqlKind     kind;
  char            *target;          /* SQLite path or PostgreSQL URI */
  guint            max_conns;       /* 1 for an in-memory SQLite store */
  LinliSyncSchema *schema;

  GMutex           lock;
  GCond            cond;
  GPtrArray       *idle;            /* LinliSql */
  guint            open;

  GMutex           write_lock;      /* SQLite: one writer at a time, without busy waits */
};

static const char *sqlite_schema =
  "CREATE TABLE IF NOT EXISTS server_meta (key TEXT PRIMARY KEY NOT NULL, value TEXT);"
  "CREATE TABLE IF NOT EXISTS office (id TEXT PRIMARY KEY NOT NULL, name TEXT NOT NULL, created TEXT NOT NULL);"
  "CREATE TABLE IF NOT EXISTS community (id TEXT PRIMARY KEY NOT NULL, name TEXT NOT NULL, office_id TEXT,"
  " ledger_id TEXT, created TEXT NOT NULL);"
  "CREATE INDEX IF NOT EXISTS community_ledger ON community (ledger_id);"
  "CREATE TABLE IF NOT EXISTS device (id TEXT PRIMARY KEY NOT NULL,"
  " role TEXT NOT NULL, community_id TEXT, office_id TEXT, device TEXT NOT NULL, name TEXT,"
  " created TEXT NOT NULL, last_seen TEXT, revoked TEXT);"
  "CREATE TABLE IF NOT EXISTS device_token (token_hash TEXT PRIMARY KEY NOT NULL, device_id TEXT NOT NULL,"
  " created TEXT NOT NULL);"
  "CREATE TABLE IF NOT EXISTS enrol_code (code_hash TEXT PRIMARY KEY NOT NULL, role TEXT NOT NULL,"
  " community_id TEXT, office_id TEXT, created TEXT NOT NULL, expires BIGINT NOT NULL, used_at BIGINT,"
  " used_by TEXT);"
  "CREATE TABLE IF NOT EXISTS seq_counter (cid TEXT PRIMARY KEY NOT NULL, seq BIGINT NOT NULL);"
  "CREATE TABLE IF NOT EXISTS change_log (cid TEXT NOT NULL, sseq BIGINT NOT NULL, ord INTEGER NOT NULL,"
  " change_id TEXT NOT NULL, tbl TEXT NOT NULL, row_id TEXT NOT NULL, op TEXT NOT NULL, hlc TEXT NOT NULL,"
  " cols TEXT NOT NULL, over TEXT, pusher TEXT NOT NULL, PRIMARY KEY (cid, sseq, ord)) WITHOUT ROWID;"
  "CREATE UNIQUE INDEX IF NOT EXISTS change_log_change ON change_log (cid, change_id);"
  "CREATE TABLE IF NOT EXISTS row_state (cid TEXT NOT NULL, tbl TEXT NOT NULL, row_id TEXT NOT NULL,"
  " doc TEXT NOT NULL, stamps TEXT NOT NULL, PRIMARY KEY (cid, tbl, row_id)) WITHOUT ROWID;"
  "CREATE TABLE IF NOT EXISTS totals_cache (cid TEXT PRIMARY KEY NOT NULL, seq BIGINT NOT NULL,"
  " month TEXT NOT NULL, totals TEXT NOT NULL);"
  "INSERT INTO server_meta (key, value) VALUES ('schema', '1') ON CONFLICT DO NOTHING;";

static const char *postgres_schema =
  "CREATE TABLE server_meta (key TEXT PRIMARY KEY NOT NULL, value TEXT);"
  "CREATE TABLE office (id TEXT PRIMARY KEY NOT NULL, name TEXT NOT NULL, created TEXT NOT NULL);"
  "CREATE TABLE community (id TEXT PRIMARY KEY NOT NULL, name TEXT NOT NULL, office_id TEXT,"
  " ledger_id TEXT, created TEXT NOT NULL);"
  "CREATE INDEX community_ledger ON community (ledger_id);"
  "CREATE TABLE device (id TEXT PRIMARY KEY NOT NULL,"
  " role TEXT NOT NULL, community_id TEXT, office_id TEXT, device TEXT NOT NULL, name TEXT,"
  " created TEXT NOT NULL, last_seen TEXT, revoked TEXT);"
  "CREATE TABLE device_token (token_hash TEXT PRIMARY KEY NOT NULL, device_id TEXT NOT NULL,"
  " created TEXT NOT NULL);"
  "CREATE TABLE enrol_code (code_hash TEXT PRIMARY KEY NOT NULL, role TEXT NOT NULL,"
  " community_id TEXT, office_id TEXT, created TEXT NOT NULL, expires BIGINT NOT NULL, used_at BIGINT,"
  " used_by TEXT);"
  "CREATE TABLE seq_counter (cid TEXT PRIMARY KEY NOT NULL, seq BIGINT NOT NULL);"
  "CREATE TABLE change_log (cid TEXT NOT NULL, sseq BIGINT NOT NULL, ord INTEGER NOT NULL,"
  " change_id TEXT NOT NULL, tbl TEXT NOT NULL, row_id TEXT NOT NULL, op TEXT NOT NULL, hlc TEXT NOT NULL,"
  " cols TEXT NOT NULL, over TEXT, pusher TEXT NOT NULL, PRIMARY KEY (cid, sseq, ord));"
  "CREATE UNIQUE INDEX change_log_change ON change_log (cid, change_id);"
  "CREATE TABLE row_state (cid TEXT NOT NULL, tbl TEXT NOT NULL, row_id TEXT NOT NULL,"
  " doc TEXT NOT NULL, stamps TEXT NOT NULL, PRIMARY KEY (cid, tbl, row_id));"
  "CREATE TABLE totals_cache (cid TEXT PRIMARY KEY NOT NULL, seq BIGINT NOT NULL,"
  " month TEXT NOT NULL, totals TEXT NOT NULL);"
  /* The second wall: a transaction sees the rows of the community it
   * declared, and none when it declared none. */
  "ALTER TABLE seq_counter ENABLE ROW LEVEL SECURITY; ALTER TABLE seq_counter FORCE ROW LEVEL SECURITY;"
  "ALTER TABLE change_log ENABLE ROW LEVEL SECURITY; ALTER TABLE change_log FORCE ROW LEVEL SECURITY;"
  "ALTER TABLE row_state ENABLE ROW LEVEL SECURITY; ALTER TABLE row_state FORCE ROW LEVEL SECURITY;"
  "ALTER TABLE totals_cache ENABLE ROW LEVEL SECURITY; ALTER TABLE totals_cache FORCE ROW LEVEL SECURITY;"
  "CREATE POLICY community_wall ON seq_counter USING (cid = current_setting ('linli.community', true))"
  " WITH CHECK (cid = current_setting ('linli.community', true));"
  "CREATE POLICY community_wall ON change_log USING (cid = current_setting ('linli.community', true))"
  " WITH CHECK (cid = current_setting ('linli.community', true));"
  "CREATE POLICY community_wall ON row_state USING (cid = current_setting ('linli.community', true))"
  " WITH CHECK (cid = current_setting ('linli.community', true));"
  "CREATE POLICY community_wall ON totals_cache USING (cid = current_setting ('linli.community', true))"
  " WITH CHECK (cid = current_setting ('linli.community', true));"
  "INSERT INTO server_meta (key, value) VALUES ('schema', '1');";

/* Small helpers --------------------------------------------------------- */

void
linli_server_device_free (LinliServerDevice *device)
{
  if (device == NULL)
    return;
  g_free (device->id);
  g_free (device->role);
  g_free (device->community_id);
  g_free (device->office_id);
  g_free (device->device);
  g_free (device->name);
  g_free (device->created);
  g_free (device->last_seen);
  g_free (device->revoked);
  g_free (device);
}

/* The server's own clock. LINLI_SERVER_CLOCK_OFFSET_MS moves it, for
 * tests that put a client's clock far from it in the same process. */
gint64
linli_server_now_ms (void)
{
  const char *offset = g_getenv ("LINLI_SERVER_CLOCK_OFFSET_MS");
  gint64 now = g_get_real_time () / 1000;

  if (offset != NULL)
    now += g_ascii_strtoll (offset, NULL, 10);
  return now;
}

static char *
now_iso (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_from_unix_utc (linli_server_now_ms () / 1000);

  return g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
}

static void
random_bytes (guchar *buf,
              gsize   len)
{
  gsize got = 0;

  while (got < len)
    {
      gssize n = getrandom (buf + got, len - got, 0);

      if (n < 0)
        {
          if (errno == EINTR)
            continue;
          g_error ("getrandom: %s", g_strerror (errno));
        }
      got += (gsize) n;
    }
}

/**
 * linli_server_random_token:
 *
 * Returns: (transfer full): @prefix and @n_bytes of the kernel's
 *   randomness in hexadecimal
 */
char *
linli_server_random_token (const char *prefix,
                           guint       n_bytes)
{
  g_autofree guchar *buf = g_malloc (n_bytes);
  GString *s = g_string_new (prefix);

  random_bytes (buf, n_bytes);
  for (guint i = 0; i < n_bytes; i++)
    g_string_append_printf (s, "%02x", buf[i]);
  return g_string_free (s, FALSE);
}

static char *
random_code (void)
{
  guchar buf[12];
  GString *s = g_string_new (NULL);

  random_bytes (buf, sizeof buf);
  for (guint i = 0; i < sizeof buf; i++)
    {
      if (i > 0 && i % 4 == 0)
        g_string_append_c (s, '-');
      /* 256 is not a multiple of 31: the bias is below 4 %, against a
       * code that also expires and works once. */
      g_string_append_c (s, CODE_ALPHABET[buf[i] % (sizeof CODE_ALPHABET - 1)]);
    }
  return g_string_free (s, FALSE);
}

/* Codes are read over the phone: case, spaces and dashes do not count. */
char *
linli_server_normalise_code (const char *code)
{
  GString *s = g_string_new (NULL);

  for (const char *p = code ? code : ""; *p; p++)
    if (g_ascii_isalnum (*p))
      g_string_append_c (s, g_ascii_toupper (*p));
  return g_string_free (s, FALSE);
}

char *
linli_server_hash (const char *secret)
{
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, secret, -1);
}

static char *
int_text (gint64 v)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT, v);
}

#define FAIL(error, code, ...) g_set_error (error, LINLI_SYNC_ERROR, code, __VA_ARGS__)

/* Connections ----------------------------------------------------------- */

static LinliSql *
open_connection (LinliServerStore  *store,
                 GError           **error)
{
  if (store->kind == LINLI_SQL_SQLITE)
    return linli_sql_open_sqlite (store->target, error);
  return linli_sql_open_postgres (store->target, error);
}

static LinliSql *
acquire (LinliServerStore  *store,
         GError           **error)
{
  LinliSql *sql = NULL;

  g_mutex_lock (&store->lock);
  while (store->idle->len == 0 && store->max_conns > 0 && store->open >= store->max_conns)
    g_cond_wait (&store->cond, &store->lock);
  if (store->idle->len > 0)
    sql = g_ptr_array_steal_index_fast (store->idle, store->idle->len - 1);
  else
    store->open++;
  g_mutex_unlock (&store->lock);

  if (sql == NULL)
    {
      sql = open_connection (store, error);
      if (sql == NULL)
        {
          g_mutex_lock (&store->lock);
          store->open--;
          g_cond_signal (&store->cond);
          g_mutex_unlock (&store->lock);
        }
    }
  return sql;
}

static void
release (LinliServerStore *store,
         LinliSql         *sql)
{
  g_mutex_lock (&store->lock);
  if (linli_sql_is_broken (sql))
    {
      linli_sql_close (sql);
      store->open--;
    }
  else
    g_ptr_array_add (store->idle, sql);
  g_cond_signal (&store->cond);
  g_mutex_unlock (&store->lock);
}

typedef struct
{
  LinliServerStore *store;
  LinliSql         *sql;
  gboolean          writing;
} Txn;

/* A transaction; on PostgreSQL it declares its community for the
 * row-level security (NULL: none, it touches no community data). */
static gboolean
txn_begin (Txn               *txn,
           LinliServerStore  *store,
           gboolean           write,
           const char        *community,
           GError           **error)
{
  txn->store = store;
  txn->sql = acquire (store, error);
  txn->writing = FALSE;
  if (txn->sql == NULL)
    return FALSE;

  if (write && store->kind == LINLI_SQL_SQLITE)
    {
      g_mutex_lock (&store->write_lock);
      txn->writing = TRUE;
    }

  if (!linli_sql_begin (txn->sql, write, error))
    goto fail;
  if (store->kind == LINLI_SQL_POSTGRES && community != NULL &&
      !linli_sql_exec (txn->sql, error, "SELECT set_config ('linli.community', $1, true)", 1, community))
    {
      linli_sql_rollback (txn->sql);
      goto fail;
    }
  return TRUE;

fail:
  if (txn->writing)
    g_mutex_unlock (&store->write_lock);
  release (store, txn->sql);
  txn->sql = NULL;
  return FALSE;
}

static void
txn_end (Txn *txn)
{
  if (txn->writing)
    g_mutex_unlock (&txn->store->write_lock);
  release (txn->store, txn->sql);
  txn->sql = NULL;
}

static gboolean
txn_commit (Txn     *txn,
            GError **error)
{
  gboolean ok = linli_sql_commit (txn->sql, error);

  txn_end (txn);
  return ok;
}

static void
txn_rollback (Txn *txn)
{
  if (txn->sql == NULL)
    return;
  linli_sql_rollback (txn->sql);
  txn_end (txn);
}

/* Opening --------------------------------------------------------------- */

static gboolean
create_schema (LinliServerStore  *store,
               GError           **error)
{
  g_autoptr(LinliSql) sql = open_connection (store, error);
  g_autofree char *exists = NULL;

  if (sql == NULL)
    return FALSE;

  if (store->kind == LINLI_SQL_SQLITE)
    {
      if (!linli_sql_exec_script (sql, sqlite_schema, error))
        return FALSE;
    }
  else
    {
      if (!linli_sql_exec_script (sql, "BEGIN", error))
        return FALSE;
      /* Two servers starting at once on one database: one creates. */
      if (!linli_sql_exec_script (sql, "SELECT pg_advisory_xact_lock (4171953)", error))
        goto pg_fail;
      exists = linli_sql_query_value (sql, error, "SELECT CAST (to_regclass ('server_meta') AS TEXT)", 0);
      if (exists == NULL && !linli_sql_exec_script (sql, postgres_schema, error))
        goto pg_fail;
      if (!linli_sql_exec_script (sql, "COMMIT", error))
        goto pg_fail;
    }

  /* Later store schemas go here, by server_meta.schema. */
  {
    g_autofree char *version = linli_sql_query_value (sql, error, "SELECT value FROM server_meta WHERE key = 'schema'", 0);

    if (g_strcmp0 (version, "1") != 0)
      {
        FAIL (error, LINLI_SYNC_ERROR_SERVER,
              "the storage was written by a newer linli-server (schema %s); this one knows schema 1",
              version ? version : "?");
        return FALSE;
      }
  }

  g_mutex_lock (&store->lock);
  g_ptr_array_add (store->idle, g_steal_pointer (&sql));
  store->open++;
  g_mutex_unlock (&store->lock);
  return TRUE;

pg_fail:
  linli_sql_rollback (sql);
  return FALSE;
}

static LinliServerStore *
store_new (LinliSqlKind  kind,
           const char   *target,
           GError      **error)
{
  LinliServerStore *store = g_new0 (LinliServerStore, 1);

  store->kind = kind;
  store->target = g_strdup (target);
  store->max_conns = g_str_equal (target, ":memory:") ? 1 : 0;
  g_mutex_init (&store->lock);
  g_cond_init (&store->cond);
  g_mutex_init (&store->write_lock);
  store->idle = g_ptr_array_new_with_free_func ((GDestroyNotify) linli_sql_close);

  store->schema = linli_sync_schema_new_builtin (error);
  if (store->schema == NULL || !create_schema (store, error))
    {
      linli_server_store_free (store);
      return NULL;
    }
  return store;
}

/**
 * linli_server_store_new_sqlite:
 * @dir: the data folder (created, readable by its owner only), or
 *   ":memory:" for a store that lives as long as the process
 */
LinliServerStore *
linli_server_store_new_sqlite (const char  *dir,
                               GError     **error)
{
  g_autofree char *path = NULL;

  if (g_str_equal (dir, ":memory:"))
    return store_new (LINLI_SQL_SQLITE, ":memory:", error);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;

      FAIL (error, LINLI_SYNC_ERROR_SERVER, "cannot create the data folder %s: %s", dir, g_strerror (saved));
      return NULL;
    }
  path = g_build_filename (dir, "linli-server.db", NULL);
  return store_new (LINLI_SQL_SQLITE, path, error);
}

LinliServerStore *
linli_server_store_new_postgres (const char  *uri,
                                 GError     **error)
{
  return store_new (LINLI_SQL_POSTGRES, uri, error);
}

void
linli_server_store_free (LinliServerStore *store)
{
  if (store == NULL)
    return;
  g_clear_pointer (&store->idle, g_ptr_array_unref);
  g_clear_pointer (&store->schema, linli_sync_schema_unref);
  g_mutex_clear (&store->lock);
  g_cond_clear (&store->cond);
  g_mutex_clear (&store->write_lock);
  g_free (store->target);
  g_free (store);
}

LinliSqlKind
linli_server_store_get_kind (LinliServerStore *store)
{
  return store->kind;
}

LinliSyncSchema *
linli_server_store_get_schema (LinliServerStore *store)
{
  return store->schema;
}

/* Administration -------------------------------------------------------- */

char *
linli_server_store_add_office (LinliServerStore  *store,
                               const char        *name,
                               GError           **error)
{
  g_autofree char *id = linli_server_random_token ("o-", 6);
  g_autofree char *now = now_iso ();
  Txn txn;

  if (!txn_begin (&txn, store, TRUE, NULL, error))
    return NULL;
  if (!linli_sql_exec (txn.sql, error, "INSERT INTO office (id, name, created) VALUES ($1, $2, $3)", 3,
                       id, name, now) ||
      !txn_commit (&txn, error))
    {
      txn_rollback (&txn);
      return NULL;
    }
  return g_steal_pointer (&id);
}

char *
linli_server_store_add_community (LinliServerStore  *store,
                                  const char        *name,
                                  const char        *office_id,
                                  GError           **error)
{
  g_autofree char *id = linli_server_random_token ("c-", 8);
  g_autofree char *now = now_iso ();
  Txn txn;

  if (!txn_begin (&txn, store, TRUE, id, error))
    return NULL;
  if (office_id != NULL)
    {
      g_autofree char *found = linli_sql_query_value (txn.sql, NULL, "SELECT id FROM office WHERE id = $1", 1, office_id);

      if (found == NULL)
        {
          txn_rollback (&txn);
          FAIL (error, LINLI_SYNC_ERROR_FAILED, "there is no street office %s", office_id);
          return NULL;
        }
    }
  if (!linli_sql_exec (txn.sql, error,
                       "INSERT INTO community (id, name, office_id, created) VALUES ($1, $2, $3, $4)", 4,
                       id, name, office_id, now) ||
      !linli_sql_exec (txn.sql, error, "INSERT INTO seq_counter (cid, seq) VALUES ($1, 0)", 1, id) ||
      !txn_commit (&txn, error))
    {
      txn_rollback (&txn);
      return NULL;
    }
  return g_steal_pointer (&id);
}

/**
 * linli_server_store_new_code:
 * @community_id: (nullable): a community, for a community PC
 * @office_id: (nullable): a street office, for its account
 *
 * Returns: (transfer full): a one-time enrolment code, stored hashed
 */
char *
linli_server_store_new_code (LinliServerStore  *store,
                             const char        *community_id,
                             const char        *office_id,
                             guint              valid_days,
                             GError           **error)
{
  g_autofree char *code = random_code ();
  g_autofree char *norm = linli_server_normalise_code (code);
  g_autofree char *hash = linli_server_hash (norm);
  g_autofree char *now = now_iso ();
  g_autofree char *expires = int_text (linli_server_now_ms () + (gint64) valid_days * 86400000);
  g_autofree char *found = NULL;
  Txn txn;

  g_return_val_if_fail ((community_id == NULL) != (office_id == NULL), NULL);

  if (!txn_begin (&txn, store, TRUE, NULL, error))
    return NULL;
  found = community_id
          ? linli_sql_query_value (txn.sql, NULL, "SELECT id FROM community WHERE id = $1", 1, community_id)
          : linli_sql_query_value (txn.sql, NULL, "SELECT id FROM office WHERE id = $1", 1, office_id);
  if (found == NULL)
    {
      txn_rollback (&txn);
      if (community_id)
        FAIL (error, LINLI_SYNC_ERROR_FAILED, "there is no community %s", community_id);
      else
        FAIL (error, LINLI_SYNC_ERROR_FAILED, "there is no street office %s", office_id);
      return NULL;
    }
  if (!linli_sql_exec (txn.sql, error,
                       "INSERT INTO enrol_code (code_hash, role, community_id, office_id, created, expires) "
                       "VALUES ($1, $2, $3, $4, $5, CAST ($6 AS BIGINT))", 6,
                       hash, community_id ? "community" : "office", community_id, office_id, now, expires) ||
      !txn_commit (&txn, error))
    {
      txn_rollback (&txn);
      return NULL;
    }
  return g_steal_pointer (&code);
}

static LinliServerDevice *
device_from_rows (LinliSqlRows *rows,
                  guint         r)
{
  LinliServerDevice *d = g_new0 (LinliServerDevice, 1);

  d->id = g_strdup (linli_sql_rows_get (rows, r, 0));
  d->role = g_strdup (linli_sql_rows_get (rows, r, 1));
  d->community_id = g_strdup (linli_sql_rows_get (rows, r, 2));
  d->office_id = g_strdup (linli_sql_rows_get (rows, r, 3));
  d->device = g_strdup (linli_sql_rows_get (rows, r, 4));
  d->name = g_strdup (linli_sql_rows_get (rows, r, 5));
  d->created = g_strdup (linli_sql_rows_get (rows, r, 6));
  d->last_seen = g_strdup (linli_sql_rows_get (rows, r, 7));
  d->revoked = g_strdup (linli_sql_rows_get (rows, r, 8));
  return d;
}

#define DEVICE_COLUMNS "id, role, community_id, office_id, device, name, created, last_seen, revoked"

GPtrArray *
linli_server_store_list_devices (LinliServerStore  *store,
                                 GError           **error)
{
  g_autoptr(LinliSqlRows) rows = NULL;
  GPtrArray *list;
  Txn txn;

  if (!txn_begin (&txn, store, FALSE, NULL, error))
    return NULL;
  rows = linli_sql_query (txn.sql, error, "SELECT " DEVICE_COLUMNS " FROM device ORDER BY created, id", 0);
  txn_rollback (&txn);
  if (rows == NULL)
    return NULL;

  list = g_ptr_array_new_with_free_func ((GDestroyNotify) linli_server_device_free);
  for (guint r = 0; r < linli_sql_rows_count (rows); r++)
    g_ptr_array_add (list, device_from_rows (rows, r));
  return list;
}

LinliSqlRows *
linli_server_store_list_communities (LinliServerStore  *store,
                                     GError           **error)
{
  g_autoptr(LinliSqlRows) rows = NULL;
  Txn txn;

  if (!txn_begin (&txn, store, FALSE, NULL, error))
    return NULL;
  rows = linli_sql_query (txn.sql, error,
                          "SELECT id, name, office_id, ledger_id, created FROM community ORDER BY created, id", 0);
  txn_rollback (&txn);
  return g_steal_pointer (&rows);
}

gboolean
linli_server_store_revoke (LinliServerStore  *store,
                           const char        *device_id,
                           GError           **error)
{
  g_autofree char *now = now_iso ();
  g_autofree char *found = NULL;
  Txn txn;

  if (!txn_begin (&txn, store, TRUE, NULL, error))
    return FALSE;
  found = linli_sql_query_value (txn.sql, NULL, "SELECT id FROM device WHERE id = $1", 1, device_id);
  if (found == NULL)
    {
      txn_rollback (&txn);
      FAIL (error, LINLI_SYNC_ERROR_FAILED, "there is no device %s (see “admin devices”)", device_id);
      return FALSE;
    }
  if (!linli_sql_exec (txn.sql, error, "UPDATE device SET revoked = $2 WHERE id = $1 AND revoked IS NULL", 2,
                       device_id, now) ||
      !txn_commit (&txn, error))
    {
      txn_rollback (&txn);
      return FALSE;
    }
  return TRUE;
}

/* Enrolment ------------------------------------------------------------- */

char *
linli_server_store_enrol (LinliServerStore  *store,
                          LinliSyncEnrol    *enrol,
                          char             **error_fields,
                          GError           **error)
{
  g_autofree char *norm = linli_server_normalise_code (enrol->code);
  g_autofree char *code_hash = linli_server_hash (norm);
  g_autofree char *token = linli_server_random_token ("lt1-", 24);
  g_autofree char *token_hash = linli_server_hash (token);
  g_autofree char *device_id = NULL;
  g_autofree char *now = now_iso ();
  g_autofree char *now_ms = int_text (linli_server_now_ms ());
  g_autoptr(LinliSqlRows) code = NULL;
  g_autoptr(LinliSqlRows) community = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  const char *role, *cid, *oid, *used_by;
  gboolean first = FALSE;
  gboolean reissue = FALSE;
  Txn txn;

  if (!txn_begin (&txn, store, TRUE, NULL, error))
    return NULL;

  code = linli_sql_query (txn.sql, error,
                          store->kind == LINLI_SQL_POSTGRES
                          ? "SELECT role, community_id, office_id, expires, used_at, used_by FROM enrol_code "
                            "WHERE code_hash = $1 FOR UPDATE"
                          : "SELECT role, community_id, office_id, expires, used_at, used_by FROM enrol_code "
                            "WHERE code_hash = $1", 1, code_hash);
  if (code == NULL)
    goto fail;
  if (linli_sql_rows_count (code) == 0 || linli_sql_rows_get_int (code, 0, 3) < linli_server_now_ms ())
    {
      FAIL (error, LINLI_SYNC_ERROR_BAD_CODE, "this enrolment code is not valid, or expired");
      goto fail;
    }
  role = linli_sql_rows_get (code, 0, 0);
  cid = linli_sql_rows_get (code, 0, 1);
  oid = linli_sql_rows_get (code, 0, 2);
  used_by = linli_sql_rows_get (code, 0, 5);

  if (linli_sql_rows_get (code, 0, 4) != NULL)
    {
      /* Used. The same computer asking again within the hour (its first
       * answer was lost on the way) gets a new token for its record. */
      g_autofree char *owner = used_by
        ? linli_sql_query_value (txn.sql, NULL, "SELECT device FROM device WHERE id = $1 AND revoked IS NULL", 1, used_by)
        : NULL;

      if (owner == NULL || !g_str_equal (owner, enrol->device) ||
          linli_server_now_ms () - linli_sql_rows_get_int (code, 0, 4) > 3600 * 1000)
        {
          FAIL (error, LINLI_SYNC_ERROR_BAD_CODE, "this enrolment code was already used");
          goto fail;
        }
      reissue = TRUE;
      device_id = g_strdup (used_by);
    }

  if (g_strcmp0 (role, "community") == 0)
    {
      const char *name, *ledger;

      community = linli_sql_query (txn.sql, error, "SELECT name, ledger_id FROM community WHERE id = $1", 1, cid);
      if (community == NULL)
        goto fail;
      if (linli_sql_rows_count (community) == 0)
        {
          FAIL (error, LINLI_SYNC_ERROR_BAD_CODE, "the code's community no longer exists");
          goto fail;
        }
      name = linli_sql_rows_get (community, 0, 0);
      ledger = linli_sql_rows_get (community, 0, 1);

      if (enrol->ledger != NULL)
        {
          g_autofree char *elsewhere =
            linli_sql_query_value (txn.sql, NULL, "SELECT name FROM community WHERE ledger_id = $1 AND id <> $2",
                                   2, enrol->ledger, cid);

          if ((ledger != NULL && !g_str_equal (ledger, enrol->ledger)) || elsewhere != NULL)
            {
              g_autoptr(GString) fields = g_string_new ("\"community\":");

              FAIL (error, LINLI_SYNC_ERROR_OTHER_COMMUNITY,
                    "this computer's records belong to the community “%s” (%s), not to “%s”",
                    enrol->ledger_name ? enrol->ledger_name : "", enrol->ledger, name);
              linli_sync_json_append_string (fields, name);
              g_string_append (fields, ",\"ledger_name\":");
              linli_sync_json_append_string (fields, enrol->ledger_name ? enrol->ledger_name : "");
              if (error_fields != NULL)
                *error_fields = g_string_free (g_steal_pointer (&fields), FALSE);
              goto fail;
            }
          if (ledger == NULL)
            {
              if (!linli_sql_exec (txn.sql, error,
                                   "UPDATE community SET ledger_id = $2 WHERE id = $1 AND ledger_id IS NULL", 2,
                                   cid, enrol->ledger))
                goto fail;
              ledger = enrol->ledger;
              first = TRUE;
            }
        }

      g_string_append (out, "{\"role\":\"community\",\"community\":{\"id\":");
      linli_sync_json_append_string (out, cid);
      g_string_append (out, ",\"name\":");
      linli_sync_json_append_string (out, name);
      if (ledger != NULL)
        {
          g_string_append (out, ",\"ledger\":");
          linli_sync_json_append_string (out, ledger);
        }
      g_string_append_c (out, '}');
    }
  else
    {
      g_autofree char *office_name = linli_sql_query_value (txn.sql, NULL, "SELECT name FROM office WHERE id = $1", 1, oid);

      g_string_append (out, "{\"role\":\"office\",\"office\":{\"id\":");
      linli_sync_json_append_string (out, oid);
      g_string_append (out, ",\"name\":");
      linli_sync_json_append_string (out, office_name ? office_name : "");
      g_string_append_c (out, '}');
    }

  /* A repeated enrolment adds a token to the same record: the token the
   * first answer carried, if it arrived after all, stays good. */
  if (!reissue)
    {
      device_id = linli_server_random_token ("d-", 6);
      if (!linli_sql_exec (txn.sql, error,
                           "INSERT INTO device (id, role, community_id, office_id, device, name, created, last_seen) "
                           "VALUES ($1, $2, $3, $4, $5, $6, $7, $7)", 7,
                           device_id, role, cid, oid, enrol->device, enrol->name, now) ||
          !linli_sql_exec (txn.sql, error,
                           "UPDATE enrol_code SET used_at = CAST ($2 AS BIGINT), used_by = $3 WHERE code_hash = $1", 3,
                           code_hash, now_ms, device_id))
        goto fail;
    }
  if (!linli_sql_exec (txn.sql, error, "INSERT INTO device_token (token_hash, device_id, created) VALUES ($1, $2, $3)", 3,
                       token_hash, device_id, now))
    goto fail;

  if (!txn_commit (&txn, error))
    return NULL;

  g_string_append (out, ",\"token\":");
  linli_sync_json_append_string (out, token);
  g_string_append (out, ",\"device\":");
  linli_sync_json_append_string (out, device_id);
  g_string_append_printf (out, ",\"first\":%s,\"time\":%" G_GINT64_FORMAT "}",
                          first ? "true" : "false", linli_server_now_ms ());
  return g_string_free (g_steal_pointer (&out), FALSE);

fail:
  txn_rollback (&txn);
  return NULL;
}

LinliServerDevice *
linli_server_store_authenticate (LinliServerStore  *store,
                                 const char        *token,
                                 GError           **error)
{
  g_autofree char *hash = NULL;
  g_autoptr(LinliSqlRows) rows = NULL;
  LinliServerDevice *device;
  LinliSql *sql;

  if (token == NULL || !linli_sync_is_id (token))
    {
      FAIL (error, LINLI_SYNC_ERROR_UNAUTHORIZED, "a device token is required (Authorization: Bearer …)");
      return NULL;
    }

  hash = linli_server_hash (token);
  /* One statement, on its own: no transaction around it (every request
   * asks, and the route then opens its own). */
  sql = acquire (store, error);
  if (sql == NULL)
    return NULL;
  rows = linli_sql_query (sql, error,
                          "SELECT d.id, d.role, d.community_id, d.office_id, d.device, d.name, d.created, d.last_seen, "
                          "d.revoked FROM device_token t JOIN device d ON d.id = t.device_id WHERE t.token_hash = $1",
                          1, hash);
  release (store, sql);
  if (rows == NULL)
    return NULL;
  if (linli_sql_rows_count (rows) == 0)
    {
      FAIL (error, LINLI_SYNC_ERROR_UNAUTHORIZED, "this device token is not known here");
      return NULL;
    }
  device = device_from_rows (rows, 0);
  if (device->revoked != NULL)
    {
      FAIL (error, LINLI_SYNC_ERROR_REVOKED, "this device was revoked on %s", device->revoked);
      linli_server_device_free (device);
      return NULL;
    }
  return device;
}

/* Status ---------------------------------------------------------------- */

char *
linli_server_store_status (LinliServerStore   *store,
                           LinliServerDevice  *device,
                           GError            **error)
{
  g_autoptr(LinliSqlRows) rows = NULL;
  g_autofree char *last = NULL;
  GString *out;
  Txn txn;

  if (!txn_begin (&txn, store, FALSE, device->community_id, error))
    return NULL;
  rows = linli_sql_query (txn.sql, error, "SELECT name, ledger_id FROM community WHERE id = $1", 1, device->community_id);
  last = linli_sql_query_value (txn.sql, NULL, "SELECT seq FROM seq_counter WHERE cid = $1", 1, device->community_id);
  txn_rollback (&txn);
  if (rows == NULL)
    return NULL;
  if (linli_sql_rows_count (rows) == 0)
    {
      FAIL (error, LINLI_SYNC_ERROR_FORBIDDEN, "the community of this device no longer exists");
      return NULL;
    }

  out = g_string_new ("{\"community\":");
  linli_sync_json_append_string (out, device->community_id);
  g_string_append (out, ",\"name\":");
  linli_sync_json_append_string (out, linli_sql_rows_get (rows, 0, 0));
  if (linli_sql_rows_get (rows, 0, 1) != NULL)
    {
      g_string_append (out, ",\"ledger\":");
      linli_sync_json_append_string (out, linli_sql_rows_get (rows, 0, 1));
    }
  g_string_append_printf (out, ",\"last\":%s,\"time\":%" G_GINT64_FORMAT "}",
                          last ? last : "0", linli_server_now_ms ());
  return g_string_free (out, FALSE);
}

/* Push ------------------------------------------------------------------ */

typedef struct
{
  JsonObject *doc;       /* column -> value */
  JsonObject *stamps;    /* column -> [stamp, push number] */
  gboolean    dirty;
} RowState;

static void
row_state_free (gpointer data)
{
  RowState *rs = data;

  if (rs == NULL)
    return;
  g_clear_pointer (&rs->doc, json_object_unref);
  g_clear_pointer (&rs->stamps, json_object_unref);
  g_free (rs);
}

static JsonObject *
parse_object (const char *text)
{
  g_autoptr(JsonNode) node = text ? linli_sync_json_parse (text, strlen (text), NULL) : NULL;

  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    return json_object_ref (json_node_get_object (node));
  return json_object_new ();
}

static const char *
stamp_device (const char *hlc)
{
  return hlc != NULL && strlen (hlc) == LINLI_HLC_LENGTH ? hlc + 17 : "";
}

static char *
row_key (const char *table,
         const char *row)
{
  return g_strconcat (table, "/", row, NULL);
}

/* The ledger a push's rows carry: every community_id it writes must be
 * the community's; the first push of an unbound community binds it. */
static gboolean
check_ledger (LinliSql       *sql,
              const char     *cid,
              LinliSyncPush  *push,
              GError        **error)
{
  g_autofree char *ledger = linli_sql_query_value (sql, error, "SELECT ledger_id FROM community WHERE id = $1", 1, cid);
  const char *claimed = NULL;

  for (guint i = 0; i < push->changes->len; i++)
    {
      LinliSyncChange *c = push->changes->pdata[i];
      JsonNode *v = json_object_get_member (c->cols, "community_id");
      const char *value;

      if (v == NULL)
        continue;
      value = JSON_NODE_HOLDS_VALUE (v) && json_node_get_value_type (v) == G_TYPE_STRING
              ? json_node_get_string (v) : NULL;
      if (value == NULL || (ledger != NULL && !g_str_equal (value, ledger)) ||
          (claimed != NULL && !g_str_equal (value, claimed)))
        {
          FAIL (error, LINLI_SYNC_ERROR_FORBIDDEN,
                "change %s: its row belongs to another community than this device's", c->id);
          return FALSE;
        }
      claimed = value;
    }

  if (ledger == NULL && claimed != NULL)
    {
      g_autofree char *elsewhere =
        linli_sql_query_value (sql, NULL, "SELECT id FROM community WHERE ledger_id = $1 AND id <> $2", 2, claimed, cid);

      if (elsewhere != NULL)
        {
          FAIL (error, LINLI_SYNC_ERROR_FORBIDDEN,
                "these rows belong to a community that another community of this server holds");
          return FALSE;
        }
      if (!linli_sql_exec (sql, error, "UPDATE community SET ledger_id = $2 WHERE id = $1 AND ledger_id IS NULL", 2,
                           cid, claimed))
        return FALSE;
    }
  return TRUE;
}

static gboolean
check_drift (LinliSyncPush  *push,
             GError        **error)
{
  guint64 limit = (guint64) linli_server_now_ms () + LINLI_HLC_MAX_DRIFT_MS;

  for (guint i = 0; i < push->changes->len; i++)
    {
      LinliSyncChange *c = push->changes->pdata[i];
      LinliHlc hlc;

      if (linli_hlc_parse (c->hlc, &hlc) && hlc.ms > limit)
        {
          g_autoptr(GDateTime) when = g_date_time_new_from_unix_utc ((gint64) (hlc.ms / 1000));
          g_autofree char *text = when ? g_date_time_format (when, "%Y-%m-%d %H:%M:%S UTC") : g_strdup ("?");

          FAIL (error, LINLI_SYNC_ERROR_CLOCK,
                "change %s is stamped %s, %.0f minutes ahead of the server's clock; the computer that made "
                "it (device %s) has a clock far ahead",
                c->id, text, (double) (hlc.ms - (limit - LINLI_HLC_MAX_DRIFT_MS)) / 60000.0, hlc.device);
          return FALSE;
        }
    }
  return TRUE;
}

char *
linli_server_store_push (LinliServerStore   *store,
                         LinliServerDevice  *device,
                         LinliSyncPush      *push,
                         GError            **error)
{
  const char *cid = device->community_id;
  gboolean pg = store->kind == LINLI_SQL_POSTGRES;
  g_autoptr(GHashTable) known = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) states = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, row_state_free);
  g_autoptr(GPtrArray) fresh = g_ptr_array_new ();
  g_autoptr(GString) ids = g_string_new ("[");
  g_autoptr(GString) keys = g_string_new ("[");
  g_autoptr(GString) log = g_string_new ("[");
  g_autoptr(GString) rows = g_string_new ("[");
  g_autoptr(GString) lost = g_string_new ("[");
  g_autoptr(LinliSqlRows) dup = NULL;
  g_autoptr(LinliSqlRows) loaded = NULL;
  g_autofree char *seq_text = NULL;
  g_autofree char *sql_text = NULL;
  g_autofree char *now = now_iso ();
  gint64 seq;
  Txn txn;

  if (!check_drift (push, error))
    return NULL;

  if (!txn_begin (&txn, store, TRUE, cid, error))
    return NULL;

  /* The counter row first: pushes of one community queue here. */
  seq_text = linli_sql_query_value (txn.sql, error,
                                    pg ? "SELECT seq FROM seq_counter WHERE cid = $1 FOR UPDATE"
                                       : "SELECT seq FROM seq_counter WHERE cid = $1", 1, cid);
  if (seq_text == NULL)
    {
      if (error != NULL && *error == NULL)
        FAIL (error, LINLI_SYNC_ERROR_FORBIDDEN, "the community of this device no longer exists");
      goto fail;
    }
  seq = g_ascii_strtoll (seq_text, NULL, 10);

  if (!check_ledger (txn.sql, cid, push, error))
    goto fail;

  /* Changes already here (a batch sent again) are acknowledged as they are. */
  for (guint i = 0; i < push->changes->len; i++)
    {
      LinliSyncChange *c = push->changes->pdata[i];

      if (i > 0)
        g_string_append_c (ids, ',');
      linli_sync_json_append_string (ids, c->id);
    }
  g_string_append_c (ids, ']');
  sql_text = g_strdup_printf (pg ? "SELECT change_id FROM change_log WHERE cid = $1 AND change_id IN "
                                   "(SELECT jsonb_array_elements_text ($2::jsonb))"
                                 : "SELECT change_id FROM change_log WHERE cid = $1 AND change_id IN "
                                   "(SELECT value FROM json_each ($2))");
  dup = linli_sql_query (txn.sql, error, sql_text, 2, cid, ids->str);
  if (dup == NULL)
    goto fail;
  for (guint r = 0; r < linli_sql_rows_count (dup); r++)
    g_hash_table_add (known, g_strdup (linli_sql_rows_get (dup, r, 0)));

  for (guint i = 0; i < push->changes->len; i++)
    {
      LinliSyncChange *c = push->changes->pdata[i];

      if (!g_hash_table_contains (known, c->id))
        {
          g_autofree char *key = row_key (c->table, c->row);

          g_ptr_array_add (fresh, c);
          if (!g_hash_table_contains (states, key))
            {
              g_hash_table_insert (states, g_steal_pointer (&key), NULL);
              if (keys->len > 1)
                g_string_append_c (keys, ',');
              g_string_append_c (keys, '[');
              linli_sync_json_append_string (keys, c->table);
              g_string_append_c (keys, ',');
              linli_sync_json_append_string (keys, c->row);
              g_string_append_c (keys, ']');
            }
          /* The same id twice in one log is refused by the index. */
          g_hash_table_add (known, g_strdup (c->id));
        }
    }
  g_string_append_c (keys, ']');

  if (fresh->len == 0)
    {
      txn_rollback (&txn);
      return g_strdup_printf ("{\"acked\":%u,\"stored\":0,\"seq\":%" G_GINT64_FORMAT ",\"lost\":[],\"time\":%" G_GINT64_FORMAT "}",
                              push->changes->len, seq, linli_server_now_ms ());
    }
  seq++;

  /* The rows the new changes touch, as folded so far. */
  g_clear_pointer (&sql_text, g_free);
  sql_text = pg
    ? g_strdup ("SELECT r.tbl, r.row_id, r.doc, r.stamps FROM row_state r "
                "JOIN jsonb_array_elements ($2::jsonb) k ON r.tbl = k.value->>0 AND r.row_id = k.value->>1 "
                "WHERE r.cid = $1")
    /* CROSS JOIN: the keys outside, the rows found by their key inside
     * (the other way round, SQLite reads the community's every row). */
    : g_strdup ("SELECT r.tbl, r.row_id, r.doc, r.stamps FROM json_each ($2) k "
                "CROSS JOIN row_state r ON r.cid = $1 AND r.tbl = json_extract (k.value, '$[0]') "
                "AND r.row_id = json_extract (k.value, '$[1]')");
  loaded = linli_sql_query (txn.sql, error, sql_text, 2, cid, keys->str);
  if (loaded == NULL)
    goto fail;
  for (guint r = 0; r < linli_sql_rows_count (loaded); r++)
    {
      RowState *rs = g_new0 (RowState, 1);

      rs->doc = parse_object (linli_sql_rows_get (loaded, r, 2));
      rs->stamps = parse_object (linli_sql_rows_get (loaded, r, 3));
      g_hash_table_replace (states, row_key (linli_sql_rows_get (loaded, r, 0), linli_sql_rows_get (loaded, r, 1)), rs);
    }

  /* Fold. */
  for (guint i = 0; i < fresh->len; i++)
    {
      LinliSyncChange *c = fresh->pdata[i];
      g_autofree char *key = row_key (c->table, c->row);
      g_autoptr(JsonObject) over = json_object_new ();
      g_autofree char *cols = NULL;
      g_autofree char *over_text = NULL;
      RowState *rs = g_hash_table_lookup (states, key);
      JsonObjectIter iter;
      const char *name;
      JsonNode *value;

      if (rs == NULL)
        {
          rs = g_new0 (RowState, 1);
          rs->doc = json_object_new ();
          rs->stamps = json_object_new ();
          g_hash_table_replace (states, g_strdup (key), rs);
        }
      rs->dirty = TRUE;

      json_object_iter_init (&iter, c->cols);
      while (json_object_iter_next (&iter, &name, &value))
        {
          JsonNode *cur = json_object_get_member (rs->stamps, name);
          const char *cur_hlc = NULL;
          gint64 cur_seq = 0;
          gboolean concurrent;
          int cmp;

          if (cur != NULL && JSON_NODE_HOLDS_ARRAY (cur) && json_array_get_length (json_node_get_array (cur)) == 2)
            {
              cur_hlc = json_array_get_string_element (json_node_get_array (cur), 0);
              cur_seq = json_array_get_int_element (json_node_get_array (cur), 1);
            }
          cmp = cur_hlc ? strcmp (c->hlc, cur_hlc) : 1;
          /* The pusher had not pulled the value it meets. */
          concurrent = cur_hlc != NULL && cur_seq > push->base &&
                       strcmp (stamp_device (cur_hlc), stamp_device (c->hlc)) != 0;

          if (cmp > 0)
            {
              JsonArray *stamp = json_array_new ();

              if (concurrent)
                json_object_set_string_member (over, name, cur_hlc);
              json_array_add_string_element (stamp, c->hlc);
              json_array_add_int_element (stamp, seq);
              json_object_set_array_member (rs->stamps, name, stamp);
              json_object_set_member (rs->doc, name, json_node_copy (value));
            }
          else if (cmp < 0 && concurrent)
            {
              if (lost->len > 1)
                g_string_append_c (lost, ',');
              g_string_append (lost, "{\"table\":");
              linli_sync_json_append_string (lost, c->table);
              g_string_append (lost, ",\"row\":");
              linli_sync_json_append_string (lost, c->row);
              g_string_append (lost, ",\"column\":");
              linli_sync_json_append_string (lost, name);
              g_string_append (lost, ",\"hlc\":");
              linli_sync_json_append_string (lost, c->hlc);
              g_string_append (lost, ",\"winner_hlc\":");
              linli_sync_json_append_string (lost, cur_hlc);
              g_string_append (lost, ",\"winner\":");
              linli_sync_json_append_value (lost, json_object_get_member (rs->doc, name));
              g_string_append_c (lost, '}');
            }
        }

      cols = linli_sync_json_object_to_string (c->cols);
      if (json_object_get_size (over) > 0)
        over_text = linli_sync_json_object_to_string (over);

      if (log->len > 1)
        g_string_append_c (log, ',');
      g_string_append_printf (log, "[%u,", i);
      linli_sync_json_append_string (log, c->id);
      g_string_append_c (log, ',');
      linli_sync_json_append_string (log, c->table);
      g_string_append_c (log, ',');
      linli_sync_json_append_string (log, c->row);
      g_string_append_printf (log, ",\"%c\",", c->op);
      linli_sync_json_append_string (log, c->hlc);
      g_string_append_c (log, ',');
      linli_sync_json_append_string (log, cols);
      g_string_append_c (log, ',');
      if (over_text != NULL)
        linli_sync_json_append_string (log, over_text);
      else
        g_string_append (log, "null");
      g_string_append_c (log, ']');
    }
  g_string_append_c (log, ']');
  g_string_append_c (lost, ']');

  {
    GHashTableIter iter;
    gpointer key, value;

    g_hash_table_iter_init (&iter, states);
    while (g_hash_table_iter_next (&iter, &key, &value))
      {
        RowState *rs = value;
        g_autofree char *doc = NULL;
        g_autofree char *stamps = NULL;
        const char *slash;

        if (rs == NULL || !rs->dirty)
          continue;
        slash = strchr (key, '/');
        doc = linli_sync_json_object_to_string (rs->doc);
        stamps = linli_sync_json_object_to_string (rs->stamps);
        if (rows->len > 1)
          g_string_append_c (rows, ',');
        g_string_append_c (rows, '[');
        {
          g_autofree char *table = g_strndup (key, (gsize) (slash - (const char *) key));

          linli_sync_json_append_string (rows, table);
        }
        g_string_append_c (rows, ',');
        linli_sync_json_append_string (rows, slash + 1);
        g_string_append_c (rows, ',');
        linli_sync_json_append_string (rows, doc);
        g_string_append_c (rows, ',');
        linli_sync_json_append_string (rows, stamps);
        g_string_append_c (rows, ']');
      }
    g_string_append_c (rows, ']');
  }

  {
    g_autofree char *seq_now = int_text (seq);
    g_autofree char *insert_log = NULL;
    g_autofree char *upsert = NULL;

    if (pg)
      {
        insert_log = g_strdup (
          "INSERT INTO change_log (cid, sseq, ord, change_id, tbl, row_id, op, hlc, cols, over, pusher) "
          "SELECT $1, CAST ($2 AS BIGINT), CAST (x.value->>0 AS INTEGER), x.value->>1, x.value->>2, x.value->>3, "
          "x.value->>4, x.value->>5, x.value->>6, x.value->>7, $3 FROM jsonb_array_elements ($4::jsonb) x");
        upsert = g_strdup (
          "INSERT INTO row_state (cid, tbl, row_id, doc, stamps) "
          "SELECT $1, x.value->>0, x.value->>1, x.value->>2, x.value->>3 FROM jsonb_array_elements ($2::jsonb) x "
          "ON CONFLICT (cid, tbl, row_id) DO UPDATE SET doc = excluded.doc, stamps = excluded.stamps");
      }
    else
      {
        insert_log = g_strdup (
          "INSERT INTO change_log (cid, sseq, ord, change_id, tbl, row_id, op, hlc, cols, over, pusher) "
          "SELECT $1, CAST ($2 AS BIGINT), json_extract (x.value, '$[0]'), json_extract (x.value, '$[1]'), "
          "json_extract (x.value, '$[2]'), json_extract (x.value, '$[3]'), json_extract (x.value, '$[4]'), "
          "json_extract (x.value, '$[5]'), json_extract (x.value, '$[6]'), json_extract (x.value, '$[7]'), $3 "
          "FROM json_each ($4) x");
        upsert = g_strdup (
          "INSERT INTO row_state (cid, tbl, row_id, doc, stamps) "
          "SELECT $1, json_extract (x.value, '$[0]'), json_extract (x.value, '$[1]'), "
          "json_extract (x.value, '$[2]'), json_extract (x.value, '$[3]') FROM json_each ($2) x WHERE true "
          "ON CONFLICT (cid, tbl, row_id) DO UPDATE SET doc = excluded.doc, stamps = excluded.stamps");
      }

    if (!linli_sql_exec (txn.sql, error, insert_log, 4, cid, seq_now, device->id, log->str) ||
        !linli_sql_exec (txn.sql, error, upsert, 2, cid, rows->str) ||
        !linli_sql_exec (txn.sql, error, "UPDATE seq_counter SET seq = CAST ($2 AS BIGINT) WHERE cid = $1", 2,
                         cid, seq_now) ||
        !linli_sql_exec (txn.sql, error, "UPDATE device SET last_seen = $2 WHERE id = $1", 2, device->id, now))
      goto fail;
  }

  /* Acknowledged only once committed. */
  if (!txn_commit (&txn, error))
    return NULL;

  return g_strdup_printf ("{\"acked\":%u,\"stored\":%u,\"seq\":%" G_GINT64_FORMAT ",\"lost\":%s,\"time\":%" G_GINT64_FORMAT "}",
                          push->changes->len, fresh->len, seq, lost->str, linli_server_now_ms ());

fail:
  txn_rollback (&txn);
  return NULL;
}

/* Pull ------------------------------------------------------------------ */

static void
append_log_row (GString      *out,
                LinliSqlRows *rows,
                guint         r)
{
  if (out->str[out->len - 1] != '[')
    g_string_append_c (out, ',');
  g_string_append_printf (out, "{\"seq\":%s,\"id\":", linli_sql_rows_get (rows, r, 0));
  linli_sync_json_append_string (out, linli_sql_rows_get (rows, r, 1));
  g_string_append (out, ",\"table\":");
  linli_sync_json_append_string (out, linli_sql_rows_get (rows, r, 2));
  g_string_append (out, ",\"row\":");
  linli_sync_json_append_string (out, linli_sql_rows_get (rows, r, 3));
  g_string_append (out, ",\"op\":");
  linli_sync_json_append_string (out, linli_sql_rows_get (rows, r, 4));
  g_string_append (out, ",\"hlc\":");
  linli_sync_json_append_string (out, linli_sql_rows_get (rows, r, 5));
  g_string_append (out, ",\"cols\":");
  g_string_append (out, linli_sql_rows_get (rows, r, 6));
  if (linli_sql_rows_get (rows, r, 7) != NULL)
    {
      g_string_append (out, ",\"over\":");
      g_string_append (out, linli_sql_rows_get (rows, r, 7));
    }
  g_string_append_c (out, '}');
}

#define LOG_COLUMNS "sseq, change_id, tbl, row_id, op, hlc, cols, over"

/**
 * linli_server_store_pull:
 *
 * The changes after @after, at most @limit, cut only between push
 * numbers (a push larger than @limit comes whole, alone).
 */
char *
linli_server_store_pull (LinliServerStore   *store,
                         LinliServerDevice  *device,
                         gint64              after,
                         guint               limit,
                         GError            **error)
{
  g_autoptr(LinliSqlRows) rows = NULL;
  g_autoptr(LinliSqlRows) whole = NULL;
  g_autofree char *after_text = int_text (after);
  g_autofree char *limit_text = int_text ((gint64) limit + 1);
  g_autofree char *last = NULL;
  GString *out;
  guint n, keep;
  gint64 cursor = after;
  gboolean more = FALSE;
  Txn txn;

  if (!txn_begin (&txn, store, FALSE, device->community_id, error))
    return NULL;
  rows = linli_sql_query (txn.sql, error,
                          "SELECT " LOG_COLUMNS " FROM change_log WHERE cid = $1 AND sseq > CAST ($2 AS BIGINT) "
                          "ORDER BY sseq, ord LIMIT CAST ($3 AS BIGINT)", 3,
                          device->community_id, after_text, limit_text);
  if (rows == NULL)
    goto fail;

  n = linli_sql_rows_count (rows);
  keep = n;
  if (n > limit)
    {
      /* Full: drop the last number, which may go on past the page. */
      gint64 cut = linli_sql_rows_get_int (rows, limit, 0);

      more = TRUE;
      keep = limit;
      while (keep > 0 && linli_sql_rows_get_int (rows, keep - 1, 0) == cut)
        keep--;
      if (keep == 0)
        {
          g_autofree char *cut_text = int_text (cut);

          whole = linli_sql_query (txn.sql, error,
                                   "SELECT " LOG_COLUMNS " FROM change_log WHERE cid = $1 AND sseq = CAST ($2 AS BIGINT) "
                                   "ORDER BY ord", 2, device->community_id, cut_text);
          if (whole == NULL)
            goto fail;
        }
    }
  last = linli_sql_query_value (txn.sql, NULL, "SELECT seq FROM seq_counter WHERE cid = $1", 1, device->community_id);
  txn_rollback (&txn);

  out = g_string_new ("{\"changes\":[");
  if (whole != NULL)
    {
      for (guint r = 0; r < linli_sql_rows_count (whole); r++)
        append_log_row (out, whole, r);
      if (linli_sql_rows_count (whole) > 0)
        cursor = linli_sql_rows_get_int (whole, 0, 0);
    }
  else
    {
      for (guint r = 0; r < keep; r++)
        append_log_row (out, rows, r);
      if (keep > 0)
        cursor = linli_sql_rows_get_int (rows, keep - 1, 0);
    }
  g_string_append_printf (out, "],\"cursor\":%" G_GINT64_FORMAT ",\"last\":%s,\"more\":%s,\"time\":%" G_GINT64_FORMAT "}",
                          cursor, last ? last : "0", more ? "true" : "false", linli_server_now_ms ());
  return g_string_free (out, FALSE);

fail:
  txn_rollback (&txn);
  return NULL;
}

/* Tests ----------------------------------------------------------------- */

char *
linli_server_store_dump_rows (LinliServerStore  *store,
                              const char        *community_id,
                              GError           **error)
{
  g_autoptr(LinliSqlRows) rows = NULL;
  GString *out;
  Txn txn;

  if (!txn_begin (&txn, store, FALSE, community_id, error))
    return NULL;
  rows = linli_sql_query (txn.sql, error,
                          "SELECT tbl, row_id, doc FROM row_state WHERE cid = $1 ORDER BY tbl, row_id", 1, community_id);
  txn_rollback (&txn);
  if (rows == NULL)
    return NULL;

  out = g_string_new ("{");
  for (guint r = 0; r < linli_sql_rows_count (rows); r++)
    {
      g_autofree char *key = row_key (linli_sql_rows_get (rows, r, 0), linli_sql_rows_get (rows, r, 1));

      if (r > 0)
        g_string_append_c (out, ',');
      linli_sync_json_append_string (out, key);
      g_string_append_c (out, ':');
      g_string_append (out, linli_sql_rows_get (rows, r, 2));
    }
  g_string_append_c (out, '}');
  return g_string_free (out, FALSE);
}

gint64
linli_server_store_count_changes (LinliServerStore  *store,
                                  const char        *community_id,
                                  GError           **error)
{
  g_autofree char *n = NULL;
  Txn txn;

  if (!txn_begin (&txn, store, FALSE, community_id, error))
    return -1;
  n = linli_sql_query_value (txn.sql, error, "SELECT count(*) FROM change_log WHERE cid = $1", 1, community_id);
  txn_rollback (&txn);
  return n ? g_ascii_strtoll (n, NULL, 10) : -1;
}

/* Street-office totals -------------------------------------------------- */

static gint64
doc_int (JsonObject *doc,
         const char *member)
{
  JsonNode *n = json_object_get_member (doc, member);

  if (n == NULL || !JSON_NODE_HOLDS_VALUE (n))
    return 0;
  if (json_node_get_value_type (n) == G_TYPE_INT64)
    return json_node_get_int (n);
  if (json_node_get_value_type (n) == G_TYPE_DOUBLE)
    return (gint64) json_node_get_double (n);
  if (json_node_get_value_type (n) == G_TYPE_STRING)
    return g_ascii_strtoll (json_node_get_string (n), NULL, 10);
  return 0;
}

static const char *
doc_str (JsonObject *doc,
         const char *member)
{
  JsonNode *n = json_object_get_member (doc, member);

  if (n == NULL || !JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (n);
}

typedef struct
{
  guint backbone;
  guint cadre;
  guint residents;
} Squad;

static const char *stages[] = { "plan", "build", "manage", "evaluate", "share" };
static const char *sources[] = { "self_raised", "unit", "government", "crowdfunding", "donation" };

/* Counts only: no name, no phone, no record of a person leaves here. */
static char *
compute_totals (LinliSql    *sql,
                const char  *cid,
                const char  *month,
                GError     **error)
{
  g_autoptr(LinliSqlRows) rows = NULL;
  g_autoptr(GHashTable) squads = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GHashTable) projects = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) money = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GPtrArray) members = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  gint64 residents = 0, households = 0, visits = 0, volunteers = 0, complete = 0;
  GString *out;

  rows = linli_sql_query (sql, error,
                          "SELECT tbl, doc FROM row_state WHERE cid = $1 AND tbl IN "
                          "('person', 'household', 'team_member', 'project', 'project_income', 'visit', 'volunteer')",
                          1, cid);
  if (rows == NULL)
    return NULL;

  for (guint r = 0; r < linli_sql_rows_count (rows); r++)
    {
      const char *table = linli_sql_rows_get (rows, r, 0);
      g_autoptr(JsonObject) doc = parse_object (linli_sql_rows_get (rows, r, 1));

      if (doc_int (doc, "deleted") != 0)
        continue;

      if (g_str_equal (table, "person"))
        residents += doc_int (doc, "is_resident") != 0;
      else if (g_str_equal (table, "household"))
        households++;
      else if (g_str_equal (table, "volunteer"))
        volunteers += doc_int (doc, "active") != 0;
      else if (g_str_equal (table, "visit"))
        visits += g_str_has_prefix (doc_str (doc, "visited_at") ? doc_str (doc, "visited_at") : "", month);
      else if (g_str_equal (table, "project"))
        {
          const char *stage = doc_str (doc, "stage");

          if (stage != NULL)
            g_hash_table_insert (projects, g_strdup (stage),
                                 GINT_TO_POINTER (GPOINTER_TO_INT (g_hash_table_lookup (projects, stage)) + 1));
        }
      else if (g_str_equal (table, "project_income"))
        {
          const char *source = doc_str (doc, "source");
          gint64 *sum;

          if (source == NULL)
            continue;
          sum = g_hash_table_lookup (money, source);
          if (sum == NULL)
            {
              sum = g_new0 (gint64, 1);
              g_hash_table_insert (money, g_strdup (source), sum);
            }
          *sum += doc_int (doc, "amount");
        }
      else if (g_str_equal (table, "team_member"))
        {
          const char *left = doc_str (doc, "left_on");

          if (left == NULL || *left == '\0')
            g_ptr_array_add (members, json_object_ref (doc));
        }
    }

  /* Squads: a 119 squad is complete with its party-member backbone, its
   * cadre sent down, and nine residents of the building (whether they
   * live in it is the community's own check: the server does not follow
   * a person to a building). */
  {
    g_autoptr(LinliSqlRows) teams = NULL;

    teams = linli_sql_query (sql, error,
                             "SELECT row_id, doc FROM row_state WHERE cid = $1 AND tbl = 'team'", 1, cid);
    if (teams == NULL)
      return NULL;
    for (guint r = 0; r < linli_sql_rows_count (teams); r++)
      {
        g_autoptr(JsonObject) doc = parse_object (linli_sql_rows_get (teams, r, 1));

        if (doc_int (doc, "deleted") == 0 && g_strcmp0 (doc_str (doc, "kind"), "squad119") == 0)
          g_hash_table_insert (squads, g_strdup (linli_sql_rows_get (teams, r, 0)), g_new0 (Squad, 1));
      }
    for (guint i = 0; i < members->len; i++)
      {
        JsonObject *m = members->pdata[i];
        Squad *sq = g_hash_table_lookup (squads, doc_str (m, "team_id") ? doc_str (m, "team_id") : "");
        const char *role = doc_str (m, "role");

        if (sq == NULL || role == NULL)
          continue;
        if (g_str_equal (role, "party_backbone"))
          sq->backbone++;
        else if (g_str_equal (role, "sunk_cadre"))
          sq->cadre++;
        /* The building leader who leads the squad is one of its
         * residents (as the roster counts them). */
        else if (g_str_equal (role, "building_resident") || g_str_equal (role, "leader"))
          sq->residents++;
      }
    {
      GHashTableIter iter;
      gpointer value;

      g_hash_table_iter_init (&iter, squads);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        {
          Squad *sq = value;

          complete += sq->backbone >= 1 && sq->cadre >= 1 && sq->residents >= 9;
        }
    }
  }

  out = g_string_new (NULL);
  g_string_append_printf (out,
                          "\"residents\":%" G_GINT64_FORMAT ",\"households\":%" G_GINT64_FORMAT
                          ",\"volunteers\":%" G_GINT64_FORMAT ",\"squads\":%u,\"squads_complete\":%" G_GINT64_FORMAT
                          ",\"visits_month\":%" G_GINT64_FORMAT ",\"projects\":{",
                          residents, households, volunteers, g_hash_table_size (squads), complete, visits);
  for (guint i = 0; i < G_N_ELEMENTS (stages); i++)
    g_string_append_printf (out, "%s\"%s\":%d", i ? "," : "", stages[i],
                            GPOINTER_TO_INT (g_hash_table_lookup (projects, stages[i])));
  g_string_append (out, "},\"money\":{");
  for (guint i = 0; i < G_N_ELEMENTS (sources); i++)
    {
      gint64 *sum = g_hash_table_lookup (money, sources[i]);

      g_string_append_printf (out, "%s\"%s\":%" G_GINT64_FORMAT, i ? "," : "", sources[i], sum ? *sum : 0);
    }
  g_string_append_c (out, '}');
  return g_string_free (out, FALSE);
}

static char *
community_totals (LinliServerStore  *store,
                  const char        *cid,
                  const char        *month,
                  GError           **error)
{
  g_autoptr(LinliSqlRows) cached = NULL;
  g_autofree char *seq = NULL;
  g_autofree char *totals = NULL;
  Txn txn;

  if (!txn_begin (&txn, store, FALSE, cid, error))
    return NULL;
  seq = linli_sql_query_value (txn.sql, error, "SELECT seq FROM seq_counter WHERE cid = $1", 1, cid);
  if (seq == NULL)
    {
      /* No row is an error too: every community has its counter. */
      if (error != NULL && *error == NULL)
        FAIL (error, LINLI_SYNC_ERROR_SERVER, "community %s has no sequence counter", cid);
      goto fail;
    }
  cached = linli_sql_query (txn.sql, error, "SELECT seq, month, totals FROM totals_cache WHERE cid = $1", 1, cid);
  if (cached == NULL)
    goto fail;
  if (linli_sql_rows_count (cached) == 1 &&
      g_strcmp0 (linli_sql_rows_get (cached, 0, 0), seq) == 0 &&
      g_strcmp0 (linli_sql_rows_get (cached, 0, 1), month) == 0)
    {
      totals = g_strdup (linli_sql_rows_get (cached, 0, 2));
      txn_rollback (&txn);
      return g_strdup_printf ("\"last\":%s,%s", seq, totals);
    }
  totals = compute_totals (txn.sql, cid, month, error);
  txn_rollback (&txn);
  if (totals == NULL)
    return NULL;

  /* Kept for the next office that asks, if nothing changed meanwhile. */
  if (txn_begin (&txn, store, TRUE, cid, NULL))
    {
      if (linli_sql_exec (txn.sql, NULL,
                          "INSERT INTO totals_cache (cid, seq, month, totals) VALUES ($1, CAST ($2 AS BIGINT), $3, $4) "
                          "ON CONFLICT (cid) DO UPDATE SET seq = excluded.seq, month = excluded.month, totals = excluded.totals",
                          4, cid, seq, month, totals))
        txn_commit (&txn, NULL);
      else
        txn_rollback (&txn);
    }
  return g_strdup_printf ("\"last\":%s,%s", seq, totals);

fail:
  txn_rollback (&txn);
  return NULL;
}

/**
 * linli_server_store_totals:
 *
 * The totals of every community of the device's street office. Office
 * accounts read these and nothing else.
 */
char *
linli_server_store_totals (LinliServerStore   *store,
                           LinliServerDevice  *device,
                           GError            **error)
{
  g_autoptr(LinliSqlRows) communities = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *month = g_date_time_format (now, "%Y-%m");
  g_autofree char *office_name = NULL;
  g_autoptr(GString) out = g_string_new ("{\"office\":{\"id\":");
  Txn txn;

  if (g_strcmp0 (device->role, "office") != 0 || device->office_id == NULL)
    {
      FAIL (error, LINLI_SYNC_ERROR_FORBIDDEN, "only street-office accounts read the totals");
      return NULL;
    }

  if (!txn_begin (&txn, store, FALSE, NULL, error))
    return NULL;
  office_name = linli_sql_query_value (txn.sql, NULL, "SELECT name FROM office WHERE id = $1", 1, device->office_id);
  communities = linli_sql_query (txn.sql, error,
                                 "SELECT id, name FROM community WHERE office_id = $1 ORDER BY name, id", 1,
                                 device->office_id);
  txn_rollback (&txn);
  if (communities == NULL)
    return NULL;

  linli_sync_json_append_string (out, device->office_id);
  g_string_append (out, ",\"name\":");
  linli_sync_json_append_string (out, office_name ? office_name : "");
  g_string_append (out, "},\"month\":");
  linli_sync_json_append_string (out, month);
  g_string_append (out, ",\"communities\":[");
  for (guint r = 0; r < linli_sql_rows_count (communities); r++)
    {
      const char *cid = linli_sql_rows_get (communities, r, 0);
      g_autofree char *totals = community_totals (store, cid, month, error);

      if (totals == NULL)
        return NULL;
      if (r > 0)
        g_string_append_c (out, ',');
      g_string_append (out, "{\"id\":");
      linli_sync_json_append_string (out, cid);
      g_string_append (out, ",\"name\":");
      linli_sync_json_append_string (out, linli_sql_rows_get (communities, r, 1));
      g_string_append_c (out, ',');
      g_string_append (out, totals);
      g_string_append_c (out, '}');
    }
  g_string_append_printf (out, "],\"time\":%" G_GINT64_FORMAT "}", linli_server_now_ms ());
  return g_string_free (g_steal_pointer (&out), FALSE);
}
