/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* One connection to the server's storage: an SQLite file or PostgreSQL.
 * Statements are written once, with $1..$n parameters, which both take;
 * parameters and results are text (NULL for SQL NULL). */
typedef enum
{
  LINLI_SQL_SQLITE,
  LINLI_SQL_POSTGRES,
} LinliSqlKind;

typedef struct _LinliSql LinliSql;
typedef struct _LinliSqlRows LinliSqlRows;

LinliSql     *linli_sql_open_sqlite  (const char    *path,
                                      GError       **error);
LinliSql     *linli_sql_open_postgres (const char   *uri,
                                      GError       **error);
void          linli_sql_close        (LinliSql      *sql);
LinliSqlKind  linli_sql_get_kind     (LinliSql      *sql);
gboolean      linli_sql_is_broken    (LinliSql      *sql);

gboolean      linli_sql_exec         (LinliSql      *sql,
                                      GError       **error,
                                      const char    *statement,
                                      guint          n_params,
                                      ...);
gboolean      linli_sql_exec_script  (LinliSql      *sql,
                                      const char    *script,
                                      GError       **error);
LinliSqlRows *linli_sql_query        (LinliSql      *sql,
                                      GError       **error,
                                      const char    *statement,
                                      guint          n_params,
                                      ...);
LinliSqlRows *linli_sql_query_v      (LinliSql      *sql,
                                      GError       **error,
                                      const char    *statement,
                                      guint          n_params,
                                      const char   **params);
/* The first column of the first row, or NULL. */
char         *linli_sql_query_value  (LinliSql      *sql,
                                      GError       **error,
                                      const char    *statement,
                                      guint          n_params,
                                      ...);

guint         linli_sql_rows_count   (LinliSqlRows  *rows);
const char   *linli_sql_rows_get     (LinliSqlRows  *rows,
                                      guint          row,
                                      guint          column);
gint64        linli_sql_rows_get_int (LinliSqlRows  *rows,
                                      guint          row,
                                      guint          column);
void          linli_sql_rows_free    (LinliSqlRows  *rows);

/* A write transaction: SQLite takes the write lock at once. */
gboolean      linli_sql_begin        (LinliSql      *sql,
                                      gboolean       write,
                                      GError       **error);
gboolean      linli_sql_commit       (LinliSql      *sql,
                                      GError       **error);
void          linli_sql_rollback     (LinliSql      *sql);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LinliSqlRows, linli_sql_rows_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LinliSql, linli_sql_close)

G_END_DECLS
