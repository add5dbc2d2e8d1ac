/* linli-db.c: the community ledger's SQLite file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One file per office PC, in WAL mode with foreign keys on. The schema
 * comes in numbered steps (PRAGMA user_version); a file from a newer
 * Linli is refused untouched. Tables with an _hlc column are synced:
 * triggers generated here journal every insert and update, in the same
 * transaction, with a hybrid-logical-clock stamp, and refuse hard deletes.
 */

#define G_LOG_DOMAIN "linli-db"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

#include "linli-core-resources.h"
#include "linli-db.h"
#include "linli-db-private.h"
#include "linli-hlc.h"

/* 'LNLI': PRAGMA application_id of every Linli file. */
#define LINLI_APPLICATION_ID 0x4C4E4C49

/* Bump when the generated triggers or the search index change: they are
 * derived from the schema and rebuilt on open, without a migration. */
#define LINLI_DERIVED_VERSION "5"

struct _LinliDb
{
  GObject     parent_instance;

  sqlite3    *handle;
  char       *path;
  char       *device_id;
  int         depth;          /* transaction nesting */
  gboolean    journal_enabled;
  gboolean    search_enabled;
  GHashTable *stmt_cache;     /* sql -> GPtrArray of idle sqlite3_stmt */
  GHashTable *columns;        /* table -> GStrv */
  GMainContext *watch_context; /* linli_db_watch_commits() */
  GSource    *commit_source;  /* a "committed" on its way */
};

enum {
  SIGNAL_COMMITTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

struct _LinliQuery
{
  LinliDb      *db;
  sqlite3_stmt *stmt;
  const char   *sql;          /* key in the cache */
};

G_DEFINE_FINAL_TYPE (LinliDb, linli_db, G_TYPE_OBJECT)
G_DEFINE_QUARK (linli-db-error-quark, linli_db_error)

static const char *migrations[] = {
  NULL, /* version 0: an empty file */
  "/io/github/linli/core/schema/0001-initial.sql",
  "/io/github/linli/core/schema/0002-sync-indexes.sql",
};

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == LINLI_DB_SCHEMA_VERSION + 1);

/* Search index: one row per searchable record, rowid = source rowid * 16
 * + kind, so that triggers find their row without a scan. The terms put
 * ^ and $ around a name so that two-character names, too short for a
 * trigram, are found as "^王芳" or "王芳$". */
static const LinliSearchKind search_kinds[] = {
  { "person", 1,
    "'^' || NEW.name || '$ ' || coalesce(NEW.phone, '') || ' ' || coalesce(NEW.id_number, '') || ' ' || coalesce(NEW.title, '')" },
  { "household", 2,
    "coalesce((SELECT '^' || b.number || '栋' || u.number || '单元' || NEW.room || '$ ' "
    "|| b.number || '-' || u.number || '-' || NEW.room || ' ' || b.number || '号楼' "
    "FROM unit u JOIN building b ON b.id = u.building_id WHERE u.id = NEW.unit_id), NEW.room)" },
  { "building", 3,
    "'^' || NEW.number || '栋$ ^' || NEW.number || '号楼$ ' || coalesce(NEW.name, '')" },
  { "organisation", 4,
    "'^' || NEW.name || '$ ' || coalesce(NEW.contact_name, '') || ' ' || coalesce(NEW.phone, '')" },
  { "project", 5,
    "'^' || NEW.name || '$ ' || coalesce(NEW.location, '')" },
  { "meeting", 6,
    "'^' || NEW.title || '$'" },
  { "team", 7,
    "'^' || NEW.name || '$'" },
  { "grid", 8,
    "'^' || NEW.name || '$'" },
  { "venue", 9,
    "'^' || NEW.name || '$ ' || coalesce(NEW.address, '')" },
  { NULL, 0, NULL }
};

const LinliSearchKind *
_linli_db_get_search_kinds (void)
{
  return search_kinds;
}

/* One clock per device for the whole process, so that two connections to
 * one file never hand out the same stamp. */
static GMutex clocks_lock;
static GHashTable *clocks;

static LinliHlc *
get_clock (const char *device_id)
{
  LinliHlc *clock;

  if (clocks == NULL)
    clocks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  clock = g_hash_table_lookup (clocks, device_id);
  if (clock == NULL)
    {
      clock = g_new0 (LinliHlc, 1);
      g_strlcpy (clock->device, device_id, sizeof clock->device);
      g_hash_table_insert (clocks, g_strdup (device_id), clock);
    }
  return clock;
}

/**
 * _linli_db_next_stamp:
 *
 * Returns: a new stamp of this file's device, later than every stamp it
 *   made or received before
 */
void
_linli_db_next_stamp (LinliDb *self,
                      char     out[LINLI_HLC_LENGTH + 1])
{
  LinliHlc *clock;

  g_mutex_lock (&clocks_lock);
  clock = get_clock (self->device_id);
  linli_hlc_tick (clock, linli_hlc_wall_ms ());
  linli_hlc_format (clock, out);
  g_mutex_unlock (&clocks_lock);
}

gboolean
_linli_db_receive_stamp (LinliDb     *self,
                         const char  *stamp,
                         GError     **error)
{
  gboolean ret;

  g_mutex_lock (&clocks_lock);
  ret = linli_hlc_receive (get_clock (self->device_id), stamp,
                           linli_hlc_wall_ms (), LINLI_HLC_MAX_DRIFT_MS, error);
  g_mutex_unlock (&clocks_lock);
  return ret;
}

static void observe_stamp (LinliDb *self, const char *stamp);

/**
 * _linli_db_reset_clock:
 *
 * Sets this device's clock back to the wall clock, then past the latest
 * stamp the file holds. Sync calls it after it restamped the changes a
 * clock far ahead had made, so that the next ones are not in the future
 * again.
 */
void
_linli_db_reset_clock (LinliDb *self)
{
  g_autofree char *last = NULL;
  LinliHlc *clock;

  g_mutex_lock (&clocks_lock);
  clock = get_clock (self->device_id);
  clock->ms = linli_hlc_wall_ms ();
  clock->counter = 0;
  g_mutex_unlock (&clocks_lock);

  last = linli_db_query_string (self, NULL,
                                "SELECT max(h) FROM ("
                                "SELECT max(hlc) AS h FROM journal UNION ALL "
                                "SELECT max(hlc) FROM col_stamp)", NULL);
  if (last != NULL)
    observe_stamp (self, last);
  linli_db_exec (self, NULL, "DELETE FROM meta WHERE key = 'hlc_last'", NULL);
}

/* Moves the clock past a stamp this file already holds (on open). */
static void
observe_stamp (LinliDb    *self,
               const char *stamp)
{
  LinliHlc seen;
  LinliHlc *clock;
  guint64 ms;
  guint16 counter;

  if (!linli_hlc_parse (stamp, &seen))
    return;
  ms = seen.ms;
  counter = seen.counter;

  g_mutex_lock (&clocks_lock);
  clock = get_clock (self->device_id);
  if (ms > clock->ms || (ms == clock->ms && counter > clock->counter))
    {
      clock->ms = ms;
      clock->counter = counter;
    }
  g_mutex_unlock (&clocks_lock);
}

/* A random (version 4) UUID, as g_uuid_string_random() makes it, without
 * its printf: a bulk import makes two for every row it writes. */
static void
format_new_id (char out[37])
{
  static const char hex[] = "0123456789abcdef";
  guint8 bytes[16];
  int o = 0;

  for (guint i = 0; i < 4; i++)
    {
      guint32 r = g_random_int ();

      memcpy (bytes + 4 * i, &r, sizeof r);
    }
  bytes[6] = (bytes[6] & 0x0f) | 0x40;  /* version 4 */
  bytes[8] = (bytes[8] & 0x3f) | 0x80;  /* variant RFC 4122 */

  for (guint i = 0; i < 16; i++)
    {
      if (i == 4 || i == 6 || i == 8 || i == 10)
        out[o++] = '-';
      out[o++] = hex[bytes[i] >> 4];
      out[o++] = hex[bytes[i] & 15];
    }
  out[o] = '\0';
}

char *
linli_new_id (void)
{
  char id[37];

  format_new_id (id);
  return g_strndup (id, 36);
}

static void
sql_hlc (sqlite3_context *ctx,
         int              argc,
         sqlite3_value  **argv)
{
  LinliDb *self = sqlite3_user_data (ctx);
  char stamp[LINLI_HLC_LENGTH + 1];

  _linli_db_next_stamp (self, stamp);
  sqlite3_result_text (ctx, stamp, -1, SQLITE_TRANSIENT);
}

static void
sql_uuid (sqlite3_context *ctx,
          int              argc,
          sqlite3_value  **argv)
{
  char id[37];

  format_new_id (id);
  sqlite3_result_text (ctx, id, 36, SQLITE_TRANSIENT);
}

static void
sql_device (sqlite3_context *ctx,
            int              argc,
            sqlite3_value  **argv)
{
  LinliDb *self = sqlite3_user_data (ctx);

  sqlite3_result_text (ctx, self->device_id ? self->device_id : "", -1, SQLITE_TRANSIENT);
}

static void
sql_journal_on (sqlite3_context *ctx,
                int              argc,
                sqlite3_value  **argv)
{
  LinliDb *self = sqlite3_user_data (ctx);

  sqlite3_result_int (ctx, self->journal_enabled ? 1 : 0);
}

static void
sql_search_on (sqlite3_context *ctx,
               int              argc,
               sqlite3_value  **argv)
{
  LinliDb *self = sqlite3_user_data (ctx);

  sqlite3_result_int (ctx, self->search_enabled ? 1 : 0);
}

static void
set_sqlite_error (GError     **error,
                  sqlite3     *handle,
                  const char  *what)
{
  int code = handle ? sqlite3_extended_errcode (handle) : SQLITE_ERROR;
  const char *msg = handle ? sqlite3_errmsg (handle) : "";
  LinliDbError e = LINLI_DB_ERROR_FAILED;

  switch (code & 0xff)
    {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      e = LINLI_DB_ERROR_BUSY;
      break;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      e = LINLI_DB_ERROR_CORRUPT;
      break;
    case SQLITE_CONSTRAINT:
      e = LINLI_DB_ERROR_INVALID;
      break;
    default:
      break;
    }

  if (what != NULL)
    g_set_error (error, LINLI_DB_ERROR, e, "%s: %s", what, msg);
  else
    g_set_error_literal (error, LINLI_DB_ERROR, e, msg);
}

void
_linli_db_set_error (LinliDb     *self,
                     GError     **error,
                     const char  *what)
{
  set_sqlite_error (error, self->handle, what);
}

/* Statements ------------------------------------------------------------ */

static void
free_stmt_list (gpointer data)
{
  GPtrArray *list = data;

  for (guint i = 0; i < list->len; i++)
    sqlite3_finalize (g_ptr_array_index (list, i));
  g_ptr_array_free (list, TRUE);
}

static sqlite3_stmt *
take_stmt (LinliDb     *self,
           const char  *sql,
           const char **key,
           GError     **error)
{
  GPtrArray *list;
  gpointer orig_key = NULL;
  sqlite3_stmt *stmt = NULL;

  if (g_hash_table_lookup_extended (self->stmt_cache, sql, &orig_key, (gpointer *) &list))
    {
      *key = orig_key;
      if (list->len > 0)
        return g_ptr_array_steal_index_fast (list, list->len - 1);
    }
  else
    {
      char *k = g_strdup (sql);

      list = g_ptr_array_new ();
      g_hash_table_insert (self->stmt_cache, k, list);
      *key = k;
    }

  if (sqlite3_prepare_v3 (self->handle, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) != SQLITE_OK)
    {
      g_autofree char *head = g_strndup (sql, 120);

      set_sqlite_error (error, self->handle, head);
      return NULL;
    }

  return stmt;
}

static void
give_back_stmt (LinliDb      *self,
                const char   *key,
                sqlite3_stmt *stmt)
{
  GPtrArray *list = g_hash_table_lookup (self->stmt_cache, key);

  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  if (list != NULL && list->len < 4)
    g_ptr_array_add (list, stmt);
  else
    sqlite3_finalize (stmt);
}

/* Binds the next value of @args, of type @f (see linli_db_exec()), to
 * parameter @idx. */
static int
bind_one (sqlite3_stmt *stmt,
          int           idx,
          char          f,
          va_list      *args)
{
  switch (f)
    {
    case 's':
      {
        const char *s = va_arg (*args, const char *);
        return s ? sqlite3_bind_text (stmt, idx, s, -1, SQLITE_TRANSIENT) : sqlite3_bind_null (stmt, idx);
      }
    case 'i':
      return sqlite3_bind_int (stmt, idx, va_arg (*args, int));
    case 'b':
      return sqlite3_bind_int (stmt, idx, va_arg (*args, gboolean) ? 1 : 0);
    case 'l':
      return sqlite3_bind_int64 (stmt, idx, va_arg (*args, gint64));
    case 'd':
      return sqlite3_bind_double (stmt, idx, va_arg (*args, double));
    case 'n':
      return sqlite3_bind_null (stmt, idx);
    default:
      g_error ("linli_db: unknown bind format '%c'", f);
    }
  return SQLITE_MISUSE;
}

static gboolean
bind_va (sqlite3_stmt *stmt,
         const char   *format,
         va_list       args,
         GError      **error)
{
  int n = 0;
  int expected = sqlite3_bind_parameter_count (stmt);
  va_list copy;

  va_copy (copy, args);
  for (const char *f = format ? format : ""; *f; f++)
    {
      int rc = bind_one (stmt, ++n, *f, &copy);

      if (rc != SQLITE_OK)
        {
          va_end (copy);
          g_set_error (error, LINLI_DB_ERROR, LINLI_DB_ERROR_FAILED,
                       "bind %d: %s", n, sqlite3_errstr (rc));
          return FALSE;
        }
    }
  va_end (copy);

  if (n != expected)
    g_error ("linli_db: statement has %d parameters, format “%s” gives %d: %s",
             expected, format ? format : "", n, sqlite3_sql (stmt));

  return TRUE;
}

/* A query whose parameters the caller binds itself. */
static LinliQuery *
query_unbound (LinliDb     *self,
               const char  *sql,
               GError     **error)
{
  LinliQuery *query;
  sqlite3_stmt *stmt;
  const char *key = NULL;

  stmt = take_stmt (self, sql, &key, error);
  if (stmt == NULL)
    return NULL;

  query = g_new0 (LinliQuery, 1);
  query->db = g_object_ref (self);
  query->stmt = stmt;
  query->sql = key;
  return query;
}

LinliQuery *
linli_db_query_va (LinliDb     *self,
                   GError     **error,
                   const char  *sql,
                   const char  *format,
                   va_list      args)
{
  LinliQuery *query;
  sqlite3_stmt *stmt;
  const char *key = NULL;

  g_return_val_if_fail (LINLI_IS_DB (self), NULL);

  stmt = take_stmt (self, sql, &key, error);
  if (stmt == NULL)
    return NULL;

  if (!bind_va (stmt, format, args, error))
    {
      give_back_stmt (self, key, stmt);
      return NULL;
    }

  query = g_new0 (LinliQuery, 1);
  query->db = g_object_ref (self);
  query->stmt = stmt;
  query->sql = key;
  return query;
}

/**
 * linli_db_query:
 * @sql: one SQL statement
 * @format: (nullable): the types of the values that follow, see linli_db_exec()
 *
 * Returns: (transfer full) (nullable): the query, ready for
 *   linli_query_next(); %NULL with @error set if @sql does not prepare
 */
LinliQuery *
linli_db_query (LinliDb     *self,
                GError     **error,
                const char  *sql,
                const char  *format,
                ...)
{
  LinliQuery *query;
  va_list args;

  va_start (args, format);
  query = linli_db_query_va (self, error, sql, format, args);
  va_end (args);
  return query;
}

/**
 * linli_query_next:
 *
 * Returns: %TRUE when a row is ready; %FALSE at the end, or on an error
 *   (then @error is set)
 */
gboolean
linli_query_next (LinliQuery  *query,
                  GError     **error)
{
  int rc;

  g_return_val_if_fail (query != NULL, FALSE);

  rc = sqlite3_step (query->stmt);
  if (rc == SQLITE_ROW)
    return TRUE;
  if (rc != SQLITE_DONE)
    set_sqlite_error (error, query->db->handle, NULL);
  return FALSE;
}

sqlite3_stmt *
linli_query_get_stmt (LinliQuery *query)
{
  return query->stmt;
}

const char *
linli_query_get_string (LinliQuery *query,
                        int         column)
{
  return (const char *) sqlite3_column_text (query->stmt, column);
}

char *
linli_query_dup_string (LinliQuery *query,
                        int         column)
{
  return g_strdup ((const char *) sqlite3_column_text (query->stmt, column));
}

gint64
linli_query_get_int (LinliQuery *query,
                     int         column)
{
  return sqlite3_column_int64 (query->stmt, column);
}

double
linli_query_get_double (LinliQuery *query,
                        int         column)
{
  return sqlite3_column_double (query->stmt, column);
}

gboolean
linli_query_is_null (LinliQuery *query,
                     int         column)
{
  return sqlite3_column_type (query->stmt, column) == SQLITE_NULL;
}

void
linli_query_free (LinliQuery *query)
{
  if (query == NULL)
    return;

  give_back_stmt (query->db, query->sql, query->stmt);
  g_object_unref (query->db);
  g_free (query);
}

static gboolean
exec_va (LinliDb     *self,
         GError     **error,
         const char  *sql,
         const char  *format,
         va_list      args)
{
  g_autoptr(LinliQuery) query = NULL;
  g_autoptr(GError) local_error = NULL;

  query = linli_db_query_va (self, error, sql, format, args);
  if (query == NULL)
    return FALSE;

  while (linli_query_next (query, &local_error))
    ;
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}

/**
 * linli_db_exec:
 * @sql: one SQL statement with "?" parameters
 * @format: one character per parameter: s (const char *, NULL binds
 *   NULL), i (int), l (gint64), d (double), b (gboolean), n (NULL)
 *
 * Runs @sql to its end.
 */
gboolean
linli_db_exec (LinliDb     *self,
               GError     **error,
               const char  *sql,
               const char  *format,
               ...)
{
  gboolean ret;
  va_list args;

  g_return_val_if_fail (LINLI_IS_DB (self), FALSE);

  va_start (args, format);
  ret = exec_va (self, error, sql, format, args);
  va_end (args);
  return ret;
}

gboolean
linli_db_exec_script (LinliDb     *self,
                      const char  *sql,
                      GError     **error)
{
  char *errmsg = NULL;

  g_return_val_if_fail (LINLI_IS_DB (self), FALSE);

  if (sqlite3_exec (self->handle, sql, NULL, NULL, &errmsg) != SQLITE_OK)
    {
      sqlite3_free (errmsg);
      set_sqlite_error (error, self->handle, NULL);
      return FALSE;
    }
  return TRUE;
}

gint64
linli_db_query_int (LinliDb     *self,
                    GError     **error,
                    const char  *sql,
                    const char  *format,
                    ...)
{
  g_autoptr(LinliQuery) query = NULL;
  va_list args;

  va_start (args, format);
  query = linli_db_query_va (self, error, sql, format, args);
  va_end (args);

  if (query != NULL && linli_query_next (query, error))
    return linli_query_get_int (query, 0);
  return 0;
}

char *
linli_db_query_string (LinliDb     *self,
                       GError     **error,
                       const char  *sql,
                       const char  *format,
                       ...)
{
  g_autoptr(LinliQuery) query = NULL;
  va_list args;

  va_start (args, format);
  query = linli_db_query_va (self, error, sql, format, args);
  va_end (args);

  if (query != NULL && linli_query_next (query, error))
    return linli_query_dup_string (query, 0);
  return NULL;
}

/* Writes ---------------------------------------------------------------- */

static gboolean
is_identifier (const char *s)
{
  if (s == NULL || *s == '\0')
    return FALSE;
  for (; *s; s++)
    if (!g_ascii_isalnum (*s) && *s != '_')
      return FALSE;
  return TRUE;
}

static gboolean
insert_va (LinliDb     *self,
           GError     **error,
           const char  *table,
           const char  *id,
           const char  *columns,
           const char  *format,
           va_list      args)
{
  g_autofree char *sql = NULL;
  g_autoptr(GString) marks = g_string_new (NULL);
  g_autoptr(LinliQuery) query = NULL;
  g_autoptr(GError) local_error = NULL;
  g_auto(GStrv) cols = g_strsplit (columns ? columns : "", ",", -1);
  sqlite3_stmt *stmt;
  int n;

  g_return_val_if_fail (is_identifier (table), FALSE);

  n = (int) strlen (format ? format : "");
  if ((columns == NULL || *columns == '\0') ? n != 0 : (int) g_strv_length (cols) != n)
    g_error ("linli_db_insert: %s: columns “%s” do not match format “%s”", table, columns, format);

  for (int i = 0; i < n; i++)
    g_string_append (marks, ", ?");

  sql = g_strdup_printf ("INSERT INTO %s (id, _hlc%s%s) VALUES (?, linli_hlc()%s)",
                         table, n ? ", " : "", n ? columns : "", marks->str);

  query = query_unbound (self, sql, error);
  if (query == NULL)
    return FALSE;

  /* The id comes first; the caller's values follow. */
  stmt = query->stmt;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  {
    /* The caller's values follow the id. */
    va_list copy;
    int idx = 1;

    va_copy (copy, args);
    for (const char *f = format ? format : ""; *f; f++)
      bind_one (stmt, ++idx, *f, &copy);
    va_end (copy);
  }

  while (linli_query_next (query, &local_error))
    ;
  if (local_error != NULL)
    {
      g_autofree char *what = g_strdup_printf ("%s: %s", table, local_error->message);

      g_set_error_literal (error, LINLI_DB_ERROR, local_error->code, what);
      return FALSE;
    }

  return TRUE;
}

/**
 * linli_db_insert:
 * @table: a synced table
 * @columns: the columns given, comma-separated, without spaces
 * @format: their types, see linli_db_exec()
 *
 * Inserts a row with a new UUID and a fresh stamp. The journal trigger
 * records it in the same transaction.
 *
 * Returns: (transfer full) (nullable): the new row's id
 */
char *
linli_db_insert (LinliDb     *self,
                 GError     **error,
                 const char  *table,
                 const char  *columns,
                 const char  *format,
                 ...)
{
  g_autofree char *id = linli_new_id ();
  gboolean ok;
  va_list args;

  g_return_val_if_fail (LINLI_IS_DB (self), NULL);

  va_start (args, format);
  ok = insert_va (self, error, table, id, columns, format, args);
  va_end (args);

  return ok ? g_steal_pointer (&id) : NULL;
}

gboolean
linli_db_insert_with_id (LinliDb     *self,
                         GError     **error,
                         const char  *table,
                         const char  *id,
                         const char  *columns,
                         const char  *format,
                         ...)
{
  gboolean ok;
  va_list args;

  g_return_val_if_fail (LINLI_IS_DB (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  va_start (args, format);
  ok = insert_va (self, error, table, id, columns, format, args);
  va_end (args);
  return ok;
}

/**
 * linli_db_set:
 * @format: one character: the type of the value that follows
 *
 * Sets one column of one row. Fails with %LINLI_DB_ERROR_NOT_FOUND when
 * the row does not exist.
 */
gboolean
linli_db_set (LinliDb     *self,
              GError     **error,
              const char  *table,
              const char  *id,
              const char  *column,
              const char  *format,
              ...)
{
  g_autofree char *sql = NULL;
  gboolean ok;
  va_list args;

  g_return_val_if_fail (LINLI_IS_DB (self), FALSE);
  g_return_val_if_fail (is_identifier (table) && is_identifier (column), FALSE);
  g_return_val_if_fail (format != NULL && strlen (format) == 1, FALSE);

  sql = g_strdup_printf ("UPDATE %s SET %s = ? WHERE id = ?", table, column);

  {
    va_list copy;
    g_autoptr(LinliQuery) query = NULL;
    g_autoptr(GError) local_error = NULL;

    va_start (args, format);
    va_copy (copy, args);
    query = query_unbound (self, sql, error);
    if (query == NULL)
      {
        va_end (copy);
        va_end (args);
        return FALSE;
      }
    bind_one (query->stmt, 1, *format, &copy);
    va_end (copy);
    va_end (args);
    sqlite3_bind_text (query->stmt, 2, id, -1, SQLITE_TRANSIENT);

    while (linli_query_next (query, &local_error))
      ;
    ok = local_error == NULL;
    if (!ok)
      g_propagate_error (error, g_steal_pointer (&local_error));
  }

  if (ok && sqlite3_changes (self->handle) == 0)
    {
      g_set_error (error, LINLI_DB_ERROR, LINLI_DB_ERROR_NOT_FOUND,
                   _("No record %s in %s"), id, table);
      return FALSE;
    }
  return ok;
}

gboolean
linli_db_soft_delete (LinliDb     *self,
                      const char  *table,
                      const char  *id,
                      GError     **error)
{
  return linli_db_set (self, error, table, id, "deleted", "i", 1);
}

gboolean
linli_db_undelete (LinliDb     *self,
                   const char  *table,
                   const char  *id,
                   GError     **error)
{
  return linli_db_set (self, error, table, id, "deleted", "i", 0);
}

/* Transactions ---------------------------------------------------------- */

gboolean
linli_db_begin (LinliDb  *self,
                GError  **error)
{
  g_autofree char *sql = NULL;

  g_return_val_if_fail (LINLI_IS_DB (self), FALSE);

  if (self->depth == 0)
    sql = g_strdup ("BEGIN IMMEDIATE");
  else
    sql = g_strdup_printf ("SAVEPOINT linli_%d", self->depth);

  if (!linli_db_exec_script (self, sql, error))
    return FALSE;

  self->depth++;
  return TRUE;
}

gboolean
linli_db_commit (LinliDb  *self,
                 GError  **error)
{
  g_autofree char *sql = NULL;

  g_return_val_if_fail (LINLI_IS_DB (self), FALSE);
  g_return_val_if_fail (self->depth > 0, FALSE);

  if (self->depth == 1)
    sql = g_strdup ("COMMIT");
  else
    sql = g_strdup_printf ("RELEASE linli_%d", self->depth - 1);

  if (!linli_db_exec_script (self, sql, error))
    {
      /* A failed COMMIT (deferred foreign keys) leaves the transaction
       * open: undo it so that nothing half-done remains. */
      linli_db_rollback (self);
      return FALSE;
    }

  self->depth--;
  return TRUE;
}

void
linli_db_rollback (LinliDb *self)
{
  g_return_if_fail (LINLI_IS_DB (self));

  if (self->depth == 0)
    return;

  if (self->depth == 1)
    {
      if (!sqlite3_get_autocommit (self->handle))
        sqlite3_exec (self->handle, "ROLLBACK", NULL, NULL, NULL);
    }
  else
    {
      g_autofree char *sql = g_strdup_printf ("ROLLBACK TO linli_%d; RELEASE linli_%d",
                                              self->depth - 1, self->depth - 1);
      sqlite3_exec (self->handle, sql, NULL, NULL, NULL);
    }
  self->depth--;
}

gboolean
linli_db_in_transaction (LinliDb *self)
{
  return self->depth > 0;
}

/* Meta ------------------------------------------------------------------ */

char *
linli_db_get_meta (LinliDb    *self,
                   const char *key)
{
  return linli_db_query_string (self, NULL, "SELECT value FROM meta WHERE key = ?", "s", key);
}

gboolean
linli_db_set_meta (LinliDb     *self,
                   const char  *key,
                   const char  *value,
                   GError     **error)
{
  return linli_db_exec (self, error,
                        "INSERT INTO meta (key, value) VALUES (?, ?) "
                        "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                        "ss", key, value);
}

void
linli_db_set_journal_enabled (LinliDb  *self,
                              gboolean  enabled)
{
  g_return_if_fail (LINLI_IS_DB (self));
  self->journal_enabled = !!enabled;
}

gboolean
linli_db_get_journal_enabled (LinliDb *self)
{
  return self->journal_enabled;
}

/**
 * linli_db_set_search_enabled:
 *
 * Bulk writers (the import) turn the search triggers of this connection
 * off: SQLite 3.40's FTS5 flushes its pending terms at every statement
 * that fires a trigger, which makes a row-by-row index of 15,000 rows
 * take seconds. They then index what they wrote in one statement with
 * linli_db_reindex_search(), in the same transaction. Other connections
 * are not affected.
 */
void
linli_db_set_search_enabled (LinliDb  *self,
                             gboolean  enabled)
{
  g_return_if_fail (LINLI_IS_DB (self));
  self->search_enabled = !!enabled;
}

gboolean
linli_db_get_search_enabled (LinliDb *self)
{
  return self->search_enabled;
}

/* Schema ---------------------------------------------------------------- */

/**
 * linli_db_list_columns:
 *
 * Returns: (transfer full): the columns of @table in schema order, or an
 *   empty vector for an unknown table
 */
char **
linli_db_list_columns (LinliDb    *self,
                       const char *table)
{
  GStrv cached;
  g_autoptr(GStrvBuilder) builder = NULL;
  g_autoptr(LinliQuery) query = NULL;

  cached = g_hash_table_lookup (self->columns, table);
  if (cached != NULL)
    return g_strdupv (cached);

  builder = g_strv_builder_new ();
  query = linli_db_query (self, NULL, "SELECT name FROM pragma_table_info (?) ORDER BY cid", "s", table);
  while (query != NULL && linli_query_next (query, NULL))
    g_strv_builder_add (builder, linli_query_get_string (query, 0));

  cached = g_strv_builder_end (builder);
  if (cached[0] != NULL)
    g_hash_table_insert (self->columns, g_strdup (table), cached);
  else
    {
      g_strfreev (cached);
      return g_new0 (char *, 1);
    }
  return g_strdupv (cached);
}

/**
 * linli_db_list_synced_tables:
 *
 * Returns: (transfer full): every table with an _hlc column, in the order
 *   of the schema, which puts parents before children where it can
 */
char **
linli_db_list_synced_tables (LinliDb *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(LinliQuery) query = NULL;

  query = linli_db_query (self, NULL,
                          "SELECT m.name FROM sqlite_schema m "
                          "WHERE m.type = 'table' AND EXISTS "
                          "(SELECT 1 FROM pragma_table_info (m.name) WHERE name = '_hlc') "
                          "ORDER BY m.rowid", NULL);
  while (query != NULL && linli_query_next (query, NULL))
    g_strv_builder_add (builder, linli_query_get_string (query, 0));

  return g_strv_builder_end (builder);
}

/* SQLite's JSON writes a real with 15 digits, which would hand the other
 * PCs a value a little different from this one's: journal reals with 17,
 * which read back to the same double (infinities as the largest finite). */
#define EXACT_JSON(v) \
  "CASE WHEN typeof (" v ") = 'real' THEN json (printf ('%%!.17g', " \
  "max (min (" v ", 1.7976931348623157e308), -1.7976931348623157e308))) ELSE " v " END"

static char *
journal_triggers_sql (LinliDb    *self,
                      const char *table)
{
  g_auto(GStrv) cols = linli_db_list_columns (self, table);
  g_autoptr(GString) sql = g_string_new (NULL);
  g_autoptr(GString) changed = g_string_new (NULL);

  for (guint i = 0; cols[i] != NULL; i++)
    {
      const char *c = cols[i];

      if (g_str_equal (c, "id") || g_str_equal (c, "_hlc"))
        continue;

      g_string_append_printf (changed, "%sSELECT '%s' AS k, NEW.%s AS v WHERE NEW.%s IS NOT OLD.%s",
                              changed->len ? " UNION ALL " : "", c, c, c, c);
    }

  /* An insert is journaled without its values, "{}": the push reads the
   * row as it is then. A copy of every new row would double the file (a
   * PC that never syncs keeps its journal), and an import's time. */
  g_string_append_printf (sql,
    "CREATE TRIGGER _j_i_%1$s AFTER INSERT ON %1$s WHEN linli_journal_on () BEGIN "
    "INSERT INTO journal (change_id, tbl, row_id, community_id, op, cols, hlc, device) "
    "VALUES (linli_uuid (), '%1$s', NEW.id, NEW.community_id, 'I', '{}', NEW._hlc, linli_device ()); "
    "END;\n", table);

  g_string_append_printf (sql,
    "CREATE TRIGGER _j_u_%1$s AFTER UPDATE ON %1$s WHEN linli_journal_on () BEGIN "
    "INSERT INTO journal (change_id, tbl, row_id, community_id, op, cols, hlc, device) "
    "SELECT linli_uuid (), '%1$s', NEW.id, NEW.community_id, 'U', json_group_object (k, " EXACT_JSON ("v") "), linli_hlc (), linli_device () "
    "FROM (%2$s) HAVING count(*) > 0; "
    "INSERT OR REPLACE INTO col_stamp (tbl, row_id, col, hlc) "
    "SELECT '%1$s', NEW.id, k, (SELECT hlc FROM journal WHERE seq = last_insert_rowid ()) FROM (%2$s); "
    "END;\n", table, changed->str);

  /* Rows are never deleted, only marked: a delete could not reach the
   * other PCs, and a merge would bring the row back. */
  g_string_append_printf (sql,
    "CREATE TRIGGER _j_d_%1$s BEFORE DELETE ON %1$s WHEN linli_journal_on () BEGIN "
    "SELECT RAISE (ABORT, 'rows of %1$s are marked deleted, never removed'); "
    "END;\n", table);

  return g_string_free (g_steal_pointer (&sql), FALSE);
}

static char *
search_triggers_sql (const LinliSearchKind *k)
{
  GString *sql = g_string_new (NULL);

  g_string_append_printf (sql,
    "CREATE TRIGGER _s_i_%1$s AFTER INSERT ON %1$s WHEN NEW.deleted = 0 AND linli_search_on () BEGIN "
    "INSERT INTO search_index (rowid, terms, kind, ref, community_id) "
    "VALUES (NEW.rowid * 16 + %2$d, %3$s, '%1$s', NEW.id, NEW.community_id); "
    "END;\n", k->table, k->kind, k->terms);
  g_string_append_printf (sql,
    "CREATE TRIGGER _s_u_%1$s AFTER UPDATE ON %1$s WHEN linli_search_on () BEGIN "
    "DELETE FROM search_index WHERE rowid = OLD.rowid * 16 + %2$d; "
    "INSERT INTO search_index (rowid, terms, kind, ref, community_id) "
    "SELECT NEW.rowid * 16 + %2$d, %3$s, '%1$s', NEW.id, NEW.community_id WHERE NEW.deleted = 0; "
    "END;\n", k->table, k->kind, k->terms);

  return g_string_free (sql, FALSE);
}

/* A household's terms hold its building's and unit's numbers: keep them
 * right when those are renumbered. */
static const char *address_triggers_sql =
  "CREATE TRIGGER _s_a_building AFTER UPDATE OF number ON building BEGIN "
  "UPDATE household SET room = room WHERE unit_id IN (SELECT id FROM unit WHERE building_id = NEW.id); "
  "END;\n"
  "CREATE TRIGGER _s_a_unit AFTER UPDATE OF number, building_id ON unit BEGIN "
  "UPDATE household SET room = room WHERE unit_id = NEW.id; "
  "END;\n";

static gboolean
drop_derived (LinliDb  *self,
              GError  **error)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(LinliQuery) query = NULL;

  query = linli_db_query (self, error,
                          "SELECT name FROM sqlite_schema WHERE type = 'trigger' "
                          "AND (name LIKE '\\_j\\_%' ESCAPE '\\' OR name LIKE '\\_s\\_%' ESCAPE '\\')", NULL);
  if (query == NULL)
    return FALSE;
  while (linli_query_next (query, NULL))
    g_ptr_array_add (names, linli_query_dup_string (query, 0));
  g_clear_pointer (&query, linli_query_free);

  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *sql = g_strdup_printf ("DROP TRIGGER \"%s\"", (char *) names->pdata[i]);

      if (!linli_db_exec_script (self, sql, error))
        return FALSE;
    }

  return linli_db_exec_script (self, "DROP TABLE IF EXISTS search_index", error);
}

static gboolean
create_derived (LinliDb  *self,
                GError  **error)
{
  g_auto(GStrv) tables = linli_db_list_synced_tables (self);

  for (guint i = 0; tables[i] != NULL; i++)
    {
      g_autofree char *sql = journal_triggers_sql (self, tables[i]);

      if (!linli_db_exec_script (self, sql, error))
        return FALSE;
    }

  if (!linli_db_exec_script (self,
                             "CREATE VIRTUAL TABLE search_index USING fts5 ("
                             "terms, kind UNINDEXED, ref UNINDEXED, community_id UNINDEXED, "
                             "tokenize = 'trigram')", error))
    return FALSE;

  for (guint i = 0; search_kinds[i].table != NULL; i++)
    {
      g_autofree char *sql = search_triggers_sql (&search_kinds[i]);

      if (!linli_db_exec_script (self, sql, error))
        return FALSE;
    }

  return linli_db_exec_script (self, address_triggers_sql, error);
}

static char *
search_terms_of_table (const LinliSearchKind *k)
{
  g_auto(GStrv) parts = g_strsplit (k->terms, "NEW.", -1);

  /* The trigger's expression reads NEW.x: here the row is the table's own. */
  return g_strjoinv ("t.", parts);
}

/**
 * linli_db_reindex_search:
 * @table: a searchable table
 * @where: an SQL condition over the table's rows as "t" (t.rowid > 12)
 *
 * Indexes anew the rows of @table that match @where, in one statement.
 */
gboolean
linli_db_reindex_search (LinliDb     *self,
                         const char  *table,
                         const char  *where,
                         GError     **error)
{
  g_return_val_if_fail (LINLI_IS_DB (self), FALSE);
  g_return_val_if_fail (where != NULL, FALSE);

  for (guint i = 0; search_kinds[i].table != NULL; i++)
    {
      const LinliSearchKind *k = &search_kinds[i];
      g_autofree char *terms = NULL;
      g_autofree char *del = NULL;
      g_autofree char *ins = NULL;

      if (!g_str_equal (k->table, table))
        continue;

      terms = search_terms_of_table (k);
      del = g_strdup_printf ("DELETE FROM search_index WHERE rowid IN "
                             "(SELECT t.rowid * 16 + %d FROM %s t WHERE %s)", k->kind, k->table, where);
      ins = g_strdup_printf ("INSERT INTO search_index (rowid, terms, kind, ref, community_id) "
                             "SELECT t.rowid * 16 + %d, %s, '%s', t.id, t.community_id "
                             "FROM %s t WHERE t.deleted = 0 AND (%s)",
                             k->kind, terms, k->table, k->table, where);
      return linli_db_exec_script (self, del, error) && linli_db_exec_script (self, ins, error);
    }

  g_set_error (error, LINLI_DB_ERROR, LINLI_DB_ERROR_INVALID, "%s is not searchable", table);
  return FALSE;
}

/**
 * linli_db_rebuild_search:
 *
 * Fills the search index anew from the records (after a restore, or when
 * linli_db_check() finds it out of step).
 */
gboolean
linli_db_rebuild_search (LinliDb  *self,
                         GError  **error)
{
  if (!linli_db_begin (self, error))
    return FALSE;

  if (!linli_db_exec_script (self, "DELETE FROM search_index", error))
    goto fail;

  for (guint i = 0; search_kinds[i].table != NULL; i++)
    {
      const LinliSearchKind *k = &search_kinds[i];
      g_autofree char *terms = NULL;
      g_autofree char *sql = NULL;
      g_auto(GStrv) parts = NULL;

      /* The trigger's expression reads NEW.x: here the row is the table's own. */
      parts = g_strsplit (k->terms, "NEW.", -1);
      terms = g_strjoinv ("t.", parts);
      sql = g_strdup_printf ("INSERT INTO search_index (rowid, terms, kind, ref, community_id) "
                             "SELECT t.rowid * 16 + %d, %s, '%s', t.id, t.community_id "
                             "FROM %s t WHERE t.deleted = 0",
                             k->kind, terms, k->table, k->table);
      if (!linli_db_exec_script (self, sql, error))
        goto fail;
    }

  return linli_db_commit (self, error);

fail:
  linli_db_rollback (self);
  return FALSE;
}

static gboolean
ensure_derived (LinliDb  *self,
                GError  **error)
{
  g_autofree char *have = linli_db_get_meta (self, "derived_version");

  if (g_strcmp0 (have, LINLI_DERIVED_VERSION) == 0)
    return TRUE;

  if (!linli_db_begin (self, error))
    return FALSE;
  if (!drop_derived (self, error) ||
      !create_derived (self, error) ||
      !linli_db_set_meta (self, "derived_version", LINLI_DERIVED_VERSION, error))
    {
      linli_db_rollback (self);
      return FALSE;
    }
  if (!linli_db_commit (self, error))
    return FALSE;

  g_hash_table_remove_all (self->columns);
  return linli_db_rebuild_search (self, error);
}

static gboolean
migrate (LinliDb  *self,
         int       from,
         GError  **error)
{
  for (int v = from + 1; v <= LINLI_DB_SCHEMA_VERSION; v++)
    {
      g_autoptr(GBytes) bytes = NULL;
      g_autofree char *pragma = NULL;
      g_autofree char *sql = NULL;

      bytes = g_resources_lookup_data (migrations[v], G_RESOURCE_LOOKUP_FLAGS_NONE, error);
      if (bytes == NULL)
        return FALSE;
      sql = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));

      if (!linli_db_begin (self, error))
        return FALSE;

      pragma = g_strdup_printf ("PRAGMA user_version = %d", v);
      if (!linli_db_exec_script (self, sql, error) ||
          !linli_db_exec_script (self, pragma, error))
        {
          g_prefix_error (error, _("Upgrading the community file to version %d failed: "), v);
          linli_db_rollback (self);
          return FALSE;
        }

      if (v == 1)
        {
          g_autofree char *app_id = g_strdup_printf ("PRAGMA application_id = %d", LINLI_APPLICATION_ID);

          if (!linli_db_exec_script (self, app_id, error))
            {
              linli_db_rollback (self);
              return FALSE;
            }
        }

      if (!linli_db_commit (self, error))
        return FALSE;

      /* Triggers are generated from the schema: rebuild after every step. */
      g_hash_table_remove_all (self->columns);
      if (!linli_db_set_meta (self, "derived_version", "", error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
load_device (LinliDb  *self,
             GError  **error)
{
  g_autofree char *device = linli_db_get_meta (self, "device_id");
  g_autofree char *last = NULL;

  if (device == NULL || strlen (device) != 16)
    {
      g_free (device);
      device = linli_hlc_new_device_id ();
      if (!linli_db_set_meta (self, "device_id", device, error))
        return FALSE;
    }
  self->device_id = g_steal_pointer (&device);

  /* The clock never goes back past a stamp this file holds, even when
   * the PC's clock did. */
  last = linli_db_query_string (self, NULL,
                                "SELECT max(h) FROM ("
                                "SELECT max(hlc) AS h FROM journal UNION ALL "
                                "SELECT max(hlc) FROM col_stamp UNION ALL "
                                "SELECT value FROM meta WHERE key = 'hlc_last')", NULL);
  if (last != NULL)
    observe_stamp (self, last);

  return TRUE;
}

static int
read_user_version (sqlite3 *handle,
                   int     *app_id)
{
  sqlite3_stmt *stmt = NULL;
  int version = -1;

  if (sqlite3_prepare_v2 (handle, "PRAGMA user_version", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    version = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);

  if (app_id != NULL)
    {
      *app_id = 0;
      if (sqlite3_prepare_v2 (handle, "PRAGMA application_id", -1, &stmt, NULL) == SQLITE_OK &&
          sqlite3_step (stmt) == SQLITE_ROW)
        *app_id = sqlite3_column_int (stmt, 0);
      sqlite3_finalize (stmt);
    }

  return version;
}

static int
count_tables (sqlite3 *handle)
{
  sqlite3_stmt *stmt = NULL;
  int n = -1;

  if (sqlite3_prepare_v2 (handle, "SELECT count(*) FROM sqlite_schema", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

/**
 * linli_db_peek_schema_version:
 *
 * Reads the schema version of a file without changing anything in it.
 *
 * Returns: the version, or -1 with @error set
 */
int
linli_db_peek_schema_version (const char  *path,
                              GError     **error)
{
  sqlite3 *handle = NULL;
  int version;

  if (sqlite3_open_v2 (path, &handle, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
    {
      set_sqlite_error (error, handle, path);
      sqlite3_close (handle);
      return -1;
    }
  version = read_user_version (handle, NULL);
  if (version < 0)
    g_set_error (error, LINLI_DB_ERROR, LINLI_DB_ERROR_NOT_LINLI,
                 _("“%s” is not a Linli community file"), path);
  sqlite3_close (handle);
  return version;
}

static gboolean
open_handle (LinliDb     *self,
             const char  *path,
             GError     **error)
{
  int version, app_id = 0;
  gboolean is_memory = g_str_equal (path, ":memory:");

  if (!is_memory && !g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_autofree char *dir = g_path_get_dirname (path);
      int fd;

      if (g_mkdir_with_parents (dir, 0700) != 0)
        {
          int saved = errno;
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                       _("Cannot create the folder %s: %s"), dir, g_strerror (saved));
          return FALSE;
        }
      /* Personal data: readable by its owner only, from the first byte. */
      fd = g_open (path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
      if (fd < 0)
        {
          int saved = errno;
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                       _("Cannot create %s: %s"), path, g_strerror (saved));
          return FALSE;
        }
      close (fd);
    }

  if (sqlite3_open_v2 (path, &self->handle,
                       SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                       NULL) != SQLITE_OK)
    {
      set_sqlite_error (error, self->handle, path);
      return FALSE;
    }

  sqlite3_extended_result_codes (self->handle, 1);
  sqlite3_busy_timeout (self->handle, 10000);

  version = read_user_version (self->handle, &app_id);
  if (version < 0 || count_tables (self->handle) < 0)
    {
      g_set_error (error, LINLI_DB_ERROR, LINLI_DB_ERROR_NOT_LINLI,
                   _("“%s” is not a Linli community file (it is not an SQLite database, or it is damaged)"),
                   path);
      return FALSE;
    }
  if (version > 0 && app_id != LINLI_APPLICATION_ID)
    {
      g_set_error (error, LINLI_DB_ERROR, LINLI_DB_ERROR_NOT_LINLI,
                   _("“%s” is an SQLite database of another program, not a Linli community file"),
                   path);
      return FALSE;
    }
  if (version == 0 && count_tables (self->handle) > 0)
    {
      g_set_error (error, LINLI_DB_ERROR, LINLI_DB_ERROR_NOT_LINLI,
                   _("“%s” is an SQLite database of another program, not a Linli community file"),
                   path);
      return FALSE;
    }
  if (version > LINLI_DB_SCHEMA_VERSION)
    {
      g_set_error (error, LINLI_DB_ERROR, LINLI_DB_ERROR_NEWER_SCHEMA,
                   _("“%s” was written by a newer version of Linli (file version %d, this Linli "
                     "reads up to %d). It was left untouched: update Linli to open it."),
                   path, version, LINLI_DB_SCHEMA_VERSION);
      return FALSE;
    }

  if (!is_memory &&
      !linli_db_exec_script (self, "PRAGMA journal_mode = WAL", error))
    return FALSE;
  if (!linli_db_exec_script (self,
                             "PRAGMA synchronous = FULL;"
                             "PRAGMA foreign_keys = ON;"
                             "PRAGMA recursive_triggers = OFF;"
                             "PRAGMA temp_store = MEMORY;"
                             "PRAGMA cache_size = -32000;",
                             error))
    return FALSE;

  sqlite3_create_function_v2 (self->handle, "linli_hlc", 0, SQLITE_UTF8, self, sql_hlc, NULL, NULL, NULL);
  sqlite3_create_function_v2 (self->handle, "linli_uuid", 0, SQLITE_UTF8, self, sql_uuid, NULL, NULL, NULL);
  sqlite3_create_function_v2 (self->handle, "linli_device", 0, SQLITE_UTF8, self, sql_device, NULL, NULL, NULL);
  sqlite3_create_function_v2 (self->handle, "linli_journal_on", 0, SQLITE_UTF8, self, sql_journal_on, NULL, NULL, NULL);
  sqlite3_create_function_v2 (self->handle, "linli_search_on", 0, SQLITE_UTF8, self, sql_search_on, NULL, NULL, NULL);

  if (!migrate (self, version, error))
    return FALSE;
  if (!load_device (self, error))
    return FALSE;
  if (!ensure_derived (self, error))
    return FALSE;

  return TRUE;
}

/**
 * linli_db_open:
 * @path: the community file; created (readable by its owner only) when
 *   it does not exist
 *
 * Opens the file and brings its schema up to this version. A file from a
 * newer Linli, or not from Linli at all, is refused and left untouched.
 *
 * Returns: (transfer full) (nullable): the database
 */
LinliDb *
linli_db_open (const char  *path,
               GError     **error)
{
  g_autoptr(LinliDb) self = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  self = g_object_new (LINLI_TYPE_DB, NULL);
  self->path = g_strdup (path);

  if (!open_handle (self, path, error))
    return NULL;

  return g_steal_pointer (&self);
}

LinliDb *
linli_db_open_memory (GError **error)
{
  return linli_db_open (":memory:", error);
}

const char *
linli_db_get_path (LinliDb *self)
{
  g_return_val_if_fail (LINLI_IS_DB (self), NULL);
  return self->path;
}

/**
 * linli_db_get_files_dir:
 * @what: "photos", "plans", "backups"
 *
 * Returns: (transfer full): the folder beside the database where its files
 *   of that kind live: linli.db → linli-photos/
 */
char *
linli_db_get_files_dir (LinliDb    *self,
                        const char *what)
{
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  g_autofree char *stem = NULL;
  g_autofree char *name = NULL;
  char *dot;

  g_return_val_if_fail (LINLI_IS_DB (self), NULL);

  if (g_str_equal (self->path, ":memory:"))
    return g_build_filename (g_get_tmp_dir (), what, NULL);

  dir = g_path_get_dirname (self->path);
  base = g_path_get_basename (self->path);
  stem = g_strdup (base);
  dot = strrchr (stem, '.');
  if (dot != NULL && dot != stem)
    *dot = '\0';
  name = g_strdup_printf ("%s-%s", stem, what);
  return g_build_filename (dir, name, NULL);
}

sqlite3 *
linli_db_get_handle (LinliDb *self)
{
  g_return_val_if_fail (LINLI_IS_DB (self), NULL);
  return self->handle;
}

const char *
linli_db_get_device_id (LinliDb *self)
{
  g_return_val_if_fail (LINLI_IS_DB (self), NULL);
  return self->device_id;
}

int
linli_db_get_schema_version (LinliDb *self)
{
  return read_user_version (self->handle, NULL);
}

/**
 * linli_db_check:
 * @report: (nullable): receives one line per problem
 *
 * Runs SQLite's integrity and foreign-key checks and checks that the
 * search index is in step with the records.
 *
 * Returns: %TRUE if the file is sound
 */
gboolean
linli_db_check (LinliDb  *self,
                GString  *report,
                GError  **error)
{
  g_autoptr(LinliQuery) query = NULL;
  gboolean ok = TRUE;
  gint64 indexed, expected = 0;

  query = linli_db_query (self, error, "PRAGMA integrity_check", NULL);
  if (query == NULL)
    return FALSE;
  while (linli_query_next (query, NULL))
    {
      const char *line = linli_query_get_string (query, 0);

      if (g_strcmp0 (line, "ok") != 0)
        {
          ok = FALSE;
          if (report)
            g_string_append_printf (report, "integrity: %s\n", line);
        }
    }
  g_clear_pointer (&query, linli_query_free);

  query = linli_db_query (self, error, "PRAGMA foreign_key_check", NULL);
  if (query == NULL)
    return FALSE;
  while (linli_query_next (query, NULL))
    {
      ok = FALSE;
      if (report)
        g_string_append_printf (report, "foreign key: %s row %" G_GINT64_FORMAT " refers to a missing %s\n",
                                linli_query_get_string (query, 0), linli_query_get_int (query, 1),
                                linli_query_get_string (query, 2));
    }
  g_clear_pointer (&query, linli_query_free);

  indexed = linli_db_query_int (self, NULL, "SELECT count(*) FROM search_index", NULL);
  for (guint i = 0; search_kinds[i].table != NULL; i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM %s WHERE deleted = 0", search_kinds[i].table);

      expected += linli_db_query_int (self, NULL, sql, NULL);
    }
  if (indexed != expected)
    {
      ok = FALSE;
      if (report)
        g_string_append_printf (report, "search index: %" G_GINT64_FORMAT " entries for %" G_GINT64_FORMAT " records\n",
                                indexed, expected);
    }

  if (ok && report)
    g_string_append (report, "ok\n");

  return ok;
}

static gboolean
emit_committed_cb (gpointer data)
{
  LinliDb *self = data;

  g_clear_pointer (&self->commit_source, g_source_unref);
  g_signal_emit (self, signals[SIGNAL_COMMITTED], 0);
  return G_SOURCE_REMOVE;
}

/* Inside SQLite's commit: nothing may touch the connection here, so the
 * signal goes out from the main loop, once however many commits came. */
static int
commit_hook (void *data)
{
  LinliDb *self = data;

  if (self->commit_source == NULL)
    {
      self->commit_source = g_idle_source_new ();
      g_source_set_callback (self->commit_source, emit_committed_cb, self, NULL);
      g_source_attach (self->commit_source, self->watch_context);
    }
  return 0;
}

/**
 * linli_db_watch_commits:
 *
 * From now on, #LinliDb::committed tells, in the calling thread's main
 * context, when a write of this connection was committed (for counts that
 * follow every edit, such as what waits to be synced). Call it from the
 * thread that uses the connection.
 */
void
linli_db_watch_commits (LinliDb *self)
{
  g_return_if_fail (LINLI_IS_DB (self));

  if (self->watch_context != NULL)
    return;
  self->watch_context = g_main_context_ref_thread_default ();
  sqlite3_commit_hook (self->handle, commit_hook, self);
}

static void
linli_db_finalize (GObject *object)
{
  LinliDb *self = LINLI_DB (object);

  if (self->watch_context != NULL)
    {
      sqlite3_commit_hook (self->handle, NULL, NULL);
      if (self->commit_source != NULL)
        g_source_destroy (self->commit_source);
      g_clear_pointer (&self->commit_source, g_source_unref);
      g_clear_pointer (&self->watch_context, g_main_context_unref);
    }

  if (self->handle != NULL && self->device_id != NULL)
    {
      g_mutex_lock (&clocks_lock);
      {
        char stamp[LINLI_HLC_LENGTH + 1];

        linli_hlc_format (get_clock (self->device_id), stamp);
        g_mutex_unlock (&clocks_lock);
        if (self->depth == 0)
          {
            /* No LinliQuery here: it would reference the dying object. */
            sqlite3_stmt *stmt = NULL;

            if (sqlite3_prepare_v2 (self->handle,
                                    "INSERT INTO meta (key, value) VALUES ('hlc_last', ?) "
                                    "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                                    -1, &stmt, NULL) == SQLITE_OK)
              {
                sqlite3_bind_text (stmt, 1, stamp, -1, SQLITE_TRANSIENT);
                sqlite3_step (stmt);
              }
            sqlite3_finalize (stmt);
          }
      }
    }

  g_clear_pointer (&self->stmt_cache, g_hash_table_unref);
  g_clear_pointer (&self->columns, g_hash_table_unref);
  if (self->handle != NULL)
    {
      if (self->depth > 0)
        sqlite3_exec (self->handle, "ROLLBACK", NULL, NULL, NULL);
      sqlite3_close_v2 (self->handle);
      self->handle = NULL;
    }
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->device_id, g_free);

  G_OBJECT_CLASS (linli_db_parent_class)->finalize (object);
}

static void
linli_db_class_init (LinliDbClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = linli_db_finalize;

  /**
   * LinliDb::committed:
   *
   * A write was committed, after linli_db_watch_commits().
   */
  signals[SIGNAL_COMMITTED] = g_signal_new ("committed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                            0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  /* Reference the bundle so the linker keeps it, and its constructor. */
  g_assert (linli_core_get_resource () != NULL);
}

static void
linli_db_init (LinliDb *self)
{
  self->journal_enabled = TRUE;
  self->search_enabled = TRUE;
  self->stmt_cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, free_stmt_list);
  self->columns = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_strfreev);
}
