/* linli-server-sql.c: one connection to SQLite or PostgreSQL
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The store writes its statements once, with $1..$n parameters: SQLite
 * takes "$1" as a named parameter, PostgreSQL as a positional one.
 * Statements are prepared once per connection and kept.
 */

#define G_LOG_DOMAIN "linli-server"

#include "config.h"

#include <libpq-fe.h>
#include <sqlite3.h>
#include <string.h>

#include "linli-server-sql.h"
#include "linli-sync-wire.h"

struct _LinliSql
{
  LinliSqlKind  kind;
  sqlite3      *lite;
  PGconn       *pg;
  GHashTable   *prepared;    /* statement -> sqlite3_stmt or PostgreSQL statement name */
  guint         next_name;
  gboolean      broken;
};

struct _LinliSqlRows
{
  PGresult  *pg;
  GPtrArray *cells;          /* SQLite: n_rows * n_cols strings */
  guint      n_rows;
  guint      n_cols;
};

static void
set_error (GError     **error,
           const char  *what,
           const char  *message)
{
  g_set_error (error, LINLI_SYNC_ERROR, LINLI_SYNC_ERROR_SERVER, "%s: %s", what, message);
}

static void
finalize_stmt (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

LinliSql *
linli_sql_open_sqlite (const char  *path,
                       GError     **error)
{
  LinliSql *sql = g_new0 (LinliSql, 1);

  sql->kind = LINLI_SQL_SQLITE;
  sql->prepared = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, finalize_stmt);
  if (sqlite3_open_v2 (path, &sql->lite,
                       SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK)
    {
      set_error (error, path, sql->lite ? sqlite3_errmsg (sql->lite) : "cannot open");
      linli_sql_close (sql);
      return NULL;
    }
  sqlite3_extended_result_codes (sql->lite, 1);
  sqlite3_busy_timeout (sql->lite, 60000);
  if (!linli_sql_exec_script (sql,
                              "PRAGMA journal_mode = WAL;"
                              "PRAGMA synchronous = FULL;"
                              "PRAGMA foreign_keys = OFF;"
                              "PRAGMA cache_size = -64000;", error))
    {
      linli_sql_close (sql);
      return NULL;
    }
  return sql;
}

LinliSql *
linli_sql_open_postgres (const char  *uri,
                         GError     **error)
{
  LinliSql *sql = g_new0 (LinliSql, 1);

  sql->kind = LINLI_SQL_POSTGRES;
  sql->prepared = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  sql->pg = PQconnectdb (uri);
  if (sql->pg == NULL || PQstatus (sql->pg) != CONNECTION_OK)
    {
      set_error (error, "PostgreSQL", sql->pg ? PQerrorMessage (sql->pg) : "out of memory");
      linli_sql_close (sql);
      return NULL;
    }
  if (!linli_sql_exec_script (sql, "SET client_min_messages = warning; SET TIME ZONE 'UTC'", error))
    {
      linli_sql_close (sql);
      return NULL;
    }
  return sql;
}

void
linli_sql_close (LinliSql *sql)
{
  if (sql == NULL)
    return;
  g_clear_pointer (&sql->prepared, g_hash_table_unref);
  if (sql->lite != NULL)
    sqlite3_close_v2 (sql->lite);
  if (sql->pg != NULL)
    PQfinish (sql->pg);
  g_free (sql);
}

LinliSqlKind
linli_sql_get_kind (LinliSql *sql)
{
  return sql->kind;
}

/* A connection PostgreSQL dropped (the server restarted): the caller
 * opens a new one for the next request. */
gboolean
linli_sql_is_broken (LinliSql *sql)
{
  return sql->broken || (sql->pg != NULL && PQstatus (sql->pg) != CONNECTION_OK);
}

gboolean
linli_sql_exec_script (LinliSql    *sql,
                       const char  *script,
                       GError     **error)
{
  if (sql->kind == LINLI_SQL_SQLITE)
    {
      char *msg = NULL;

      if (sqlite3_exec (sql->lite, script, NULL, NULL, &msg) != SQLITE_OK)
        {
          set_error (error, "SQLite", msg ? msg : sqlite3_errmsg (sql->lite));
          sqlite3_free (msg);
          return FALSE;
        }
      return TRUE;
    }
  else
    {
      PGresult *res = PQexec (sql->pg, script);
      ExecStatusType st = PQresultStatus (res);
      gboolean ok = st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK;

      if (!ok)
        {
          set_error (error, "PostgreSQL", PQerrorMessage (sql->pg));
          if (PQstatus (sql->pg) != CONNECTION_OK)
            sql->broken = TRUE;
        }
      PQclear (res);
      return ok;
    }
}

static void
rows_add (LinliSqlRows *rows,
          const char   *value)
{
  g_ptr_array_add (rows->cells, g_strdup (value));
}

static LinliSqlRows *
run_sqlite (LinliSql     *sql,
            const char   *statement,
            guint         n_params,
            const char  **params,
            gboolean      want_rows,
            GError      **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (sql->prepared, statement);
  LinliSqlRows *rows;
  int rc;

  if (stmt == NULL)
    {
      if (sqlite3_prepare_v3 (sql->lite, statement, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) != SQLITE_OK)
        {
          set_error (error, "SQLite", sqlite3_errmsg (sql->lite));
          return NULL;
        }
      g_hash_table_insert (sql->prepared, g_strdup (statement), stmt);
    }

  for (guint i = 0; i < n_params; i++)
    {
      char name[16];
      int index;

      g_snprintf (name, sizeof name, "$%u", i + 1);
      index = sqlite3_bind_parameter_index (stmt, name);
      if (index == 0)
        continue;
      if (params[i] == NULL)
        sqlite3_bind_null (stmt, index);
      else
        sqlite3_bind_text (stmt, index, params[i], -1, SQLITE_TRANSIENT);
    }

  rows = g_new0 (LinliSqlRows, 1);
  rows->cells = g_ptr_array_new_with_free_func (g_free);
  rows->n_cols = (guint) sqlite3_column_count (stmt);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      if (!want_rows)
        continue;
      for (guint c = 0; c < rows->n_cols; c++)
        rows_add (rows, (const char *) sqlite3_column_text (stmt, (int) c));
      rows->n_rows++;
    }
  if (rc != SQLITE_DONE)
    {
      set_error (error, "SQLite", sqlite3_errmsg (sql->lite));
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      linli_sql_rows_free (rows);
      return NULL;
    }
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  return rows;
}

static LinliSqlRows *
run_postgres (LinliSql     *sql,
              const char   *statement,
              guint         n_params,
              const char  **params,
              GError      **error)
{
  const char *name = g_hash_table_lookup (sql->prepared, statement);
  PGresult *res;
  ExecStatusType st;
  LinliSqlRows *rows;

  if (name == NULL)
    {
      char *new_name = g_strdup_printf ("s%u", ++sql->next_name);

      res = PQprepare (sql->pg, new_name, statement, (int) n_params, NULL);
      if (PQresultStatus (res) != PGRES_COMMAND_OK)
        {
          set_error (error, "PostgreSQL", PQerrorMessage (sql->pg));
          if (PQstatus (sql->pg) != CONNECTION_OK)
            sql->broken = TRUE;
          PQclear (res);
          g_free (new_name);
          return NULL;
        }
      PQclear (res);
      g_hash_table_insert (sql->prepared, g_strdup (statement), new_name);
      name = new_name;
    }

  res = PQexecPrepared (sql->pg, name, (int) n_params, params, NULL, NULL, 0);
  st = PQresultStatus (res);
  if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK)
    {
      const char *state = PQresultErrorField (res, PG_DIAG_SQLSTATE);

      set_error (error, "PostgreSQL", PQerrorMessage (sql->pg));
      /* 40001/40P01: serialization or deadlock; the caller may retry. */
      if (state != NULL && (g_str_equal (state, "40001") || g_str_equal (state, "40P01")))
        g_prefix_error (error, "retry: ");
      if (PQstatus (sql->pg) != CONNECTION_OK)
        sql->broken = TRUE;
      PQclear (res);
      return NULL;
    }

  rows = g_new0 (LinliSqlRows, 1);
  rows->pg = res;
  rows->n_rows = (guint) PQntuples (res);
  rows->n_cols = (guint) PQnfields (res);
  return rows;
}

/* A statement on either engine; @want_rows FALSE: SQLite skips the rows. */
static LinliSqlRows *
run (LinliSql     *sql,
     const char   *statement,
     guint         n_params,
     const char  **params,
     gboolean      want_rows,
     GError      **error)
{
  if (sql->kind == LINLI_SQL_SQLITE)
    return run_sqlite (sql, statement, n_params, params, want_rows, error);
  return run_postgres (sql, statement, n_params, params, error);
}

LinliSqlRows *
linli_sql_query_v (LinliSql     *sql,
                   GError      **error,
                   const char   *statement,
                   guint         n_params,
                   const char  **params)
{
  return run (sql, statement, n_params, params, TRUE, error);
}

static const char **
collect (guint   n_params,
         va_list args)
{
  const char **params = g_new0 (const char *, n_params + 1);

  for (guint i = 0; i < n_params; i++)
    params[i] = va_arg (args, const char *);
  return params;
}

LinliSqlRows *
linli_sql_query (LinliSql    *sql,
                 GError     **error,
                 const char  *statement,
                 guint        n_params,
                 ...)
{
  g_autofree const char **params = NULL;
  va_list args;

  va_start (args, n_params);
  params = collect (n_params, args);
  va_end (args);

  return linli_sql_query_v (sql, error, statement, n_params, params);
}

gboolean
linli_sql_exec (LinliSql    *sql,
                GError     **error,
                const char  *statement,
                guint        n_params,
                ...)
{
  g_autofree const char **params = NULL;
  LinliSqlRows *rows;
  va_list args;

  va_start (args, n_params);
  params = collect (n_params, args);
  va_end (args);

  rows = run (sql, statement, n_params, params, FALSE, error);
  if (rows == NULL)
    return FALSE;
  linli_sql_rows_free (rows);
  return TRUE;
}

char *
linli_sql_query_value (LinliSql    *sql,
                       GError     **error,
                       const char  *statement,
                       guint        n_params,
                       ...)
{
  g_autofree const char **params = NULL;
  g_autoptr(LinliSqlRows) rows = NULL;
  va_list args;

  va_start (args, n_params);
  params = collect (n_params, args);
  va_end (args);

  rows = linli_sql_query_v (sql, error, statement, n_params, params);
  if (rows == NULL || rows->n_rows == 0 || rows->n_cols == 0)
    return NULL;
  return g_strdup (linli_sql_rows_get (rows, 0, 0));
}

guint
linli_sql_rows_count (LinliSqlRows *rows)
{
  return rows->n_rows;
}

const char *
linli_sql_rows_get (LinliSqlRows *rows,
                    guint         row,
                    guint         column)
{
  g_return_val_if_fail (row < rows->n_rows && column < rows->n_cols, NULL);

  if (rows->pg != NULL)
    return PQgetisnull (rows->pg, (int) row, (int) column) ? NULL
           : PQgetvalue (rows->pg, (int) row, (int) column);
  return g_ptr_array_index (rows->cells, row * rows->n_cols + column);
}

gint64
linli_sql_rows_get_int (LinliSqlRows *rows,
                        guint         row,
                        guint         column)
{
  const char *s = linli_sql_rows_get (rows, row, column);

  return s ? g_ascii_strtoll (s, NULL, 10) : 0;
}

void
linli_sql_rows_free (LinliSqlRows *rows)
{
  if (rows == NULL)
    return;
  if (rows->pg != NULL)
    PQclear (rows->pg);
  if (rows->cells != NULL)
    g_ptr_array_unref (rows->cells);
  g_free (rows);
}

gboolean
linli_sql_begin (LinliSql  *sql,
                 gboolean   write,
                 GError   **error)
{
  if (sql->kind == LINLI_SQL_SQLITE)
    return linli_sql_exec_script (sql, write ? "BEGIN IMMEDIATE" : "BEGIN", error);
  return linli_sql_exec_script (sql, "BEGIN", error);
}

gboolean
linli_sql_commit (LinliSql  *sql,
                  GError   **error)
{
  if (!linli_sql_exec_script (sql, "COMMIT", error))
    {
      linli_sql_rollback (sql);
      return FALSE;
    }
  return TRUE;
}

void
linli_sql_rollback (LinliSql *sql)
{
  if (sql->kind == LINLI_SQL_SQLITE)
    {
      if (!sqlite3_get_autocommit (sql->lite))
        sqlite3_exec (sql->lite, "ROLLBACK", NULL, NULL, NULL);
    }
  else if (sql->pg != NULL)
    {
      PGresult *res = PQexec (sql->pg, "ROLLBACK");

      PQclear (res);
    }
}
