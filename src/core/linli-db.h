/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <sqlite3.h>

G_BEGIN_DECLS

#define LINLI_DB_ERROR (linli_db_error_quark ())

typedef enum
{
  LINLI_DB_ERROR_FAILED,        /* an SQLite error; the message says which */
  LINLI_DB_ERROR_NEWER_SCHEMA,  /* written by a newer Linli: refused, untouched */
  LINLI_DB_ERROR_NOT_LINLI,     /* not a Linli community file */
  LINLI_DB_ERROR_CORRUPT,       /* fails the integrity check */
  LINLI_DB_ERROR_NOT_FOUND,     /* no such record */
  LINLI_DB_ERROR_INVALID,       /* a value a rule refuses */
  LINLI_DB_ERROR_BUSY,          /* another program holds the file */
} LinliDbError;

/* The schema version this Linli writes; PRAGMA user_version. */
#define LINLI_DB_SCHEMA_VERSION 2

#define LINLI_TYPE_DB (linli_db_get_type ())

G_DECLARE_FINAL_TYPE (LinliDb, linli_db, LINLI, DB, GObject)

GQuark       linli_db_error_quark       (void);

LinliDb     *linli_db_open              (const char  *path,
                                         GError     **error);
LinliDb     *linli_db_open_memory       (GError     **error);
const char  *linli_db_get_path          (LinliDb     *self);
void         linli_db_watch_commits     (LinliDb     *self);
char        *linli_db_get_files_dir     (LinliDb     *self,
                                         const char  *what);
sqlite3     *linli_db_get_handle        (LinliDb     *self);
const char  *linli_db_get_device_id     (LinliDb     *self);
int          linli_db_get_schema_version (LinliDb    *self);
int          linli_db_peek_schema_version (const char *path,
                                         GError     **error);

/* Transactions nest: the outermost is BEGIN IMMEDIATE, inner ones are
 * savepoints. Every user action runs in one. */
gboolean     linli_db_begin             (LinliDb     *self,
                                         GError     **error);
gboolean     linli_db_commit            (LinliDb     *self,
                                         GError     **error);
void         linli_db_rollback          (LinliDb     *self);
gboolean     linli_db_in_transaction    (LinliDb     *self);

/* Statements. FORMAT has one character per "?" of SQL:
 *   s  const char *  (NULL binds NULL)
 *   i  int
 *   l  gint64
 *   d  double
 *   b  gboolean, bound as 0/1
 *   n  nothing: binds NULL
 */
gboolean     linli_db_exec              (LinliDb     *self,
                                         GError     **error,
                                         const char  *sql,
                                         const char  *format,
                                         ...);
gboolean     linli_db_exec_script       (LinliDb     *self,
                                         const char  *sql,
                                         GError     **error);
char        *linli_db_insert            (LinliDb     *self,
                                         GError     **error,
                                         const char  *table,
                                         const char  *columns,
                                         const char  *format,
                                         ...);
gboolean     linli_db_insert_with_id    (LinliDb     *self,
                                         GError     **error,
                                         const char  *table,
                                         const char  *id,
                                         const char  *columns,
                                         const char  *format,
                                         ...);
gboolean     linli_db_set               (LinliDb     *self,
                                         GError     **error,
                                         const char  *table,
                                         const char  *id,
                                         const char  *column,
                                         const char  *format,
                                         ...);
gboolean     linli_db_soft_delete       (LinliDb     *self,
                                         const char  *table,
                                         const char  *id,
                                         GError     **error);
gboolean     linli_db_undelete          (LinliDb     *self,
                                         const char  *table,
                                         const char  *id,
                                         GError     **error);
gint64       linli_db_query_int         (LinliDb     *self,
                                         GError     **error,
                                         const char  *sql,
                                         const char  *format,
                                         ...);
char        *linli_db_query_string      (LinliDb     *self,
                                         GError     **error,
                                         const char  *sql,
                                         const char  *format,
                                         ...);

typedef struct _LinliQuery LinliQuery;

LinliQuery  *linli_db_query             (LinliDb     *self,
                                         GError     **error,
                                         const char  *sql,
                                         const char  *format,
                                         ...);
LinliQuery  *linli_db_query_va          (LinliDb     *self,
                                         GError     **error,
                                         const char  *sql,
                                         const char  *format,
                                         va_list      args);
gboolean     linli_query_next           (LinliQuery  *query,
                                         GError     **error);
sqlite3_stmt *linli_query_get_stmt      (LinliQuery  *query);
const char  *linli_query_get_string     (LinliQuery  *query,
                                         int          column);
gint64       linli_query_get_int        (LinliQuery  *query,
                                         int          column);
double       linli_query_get_double     (LinliQuery  *query,
                                         int          column);
gboolean     linli_query_is_null        (LinliQuery  *query,
                                         int          column);
char        *linli_query_dup_string     (LinliQuery  *query,
                                         int          column);
void         linli_query_free           (LinliQuery  *query);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LinliQuery, linli_query_free)

/* Meta values: local settings of this file (device id, sync cursor). */
char        *linli_db_get_meta          (LinliDb     *self,
                                         const char  *key);
gboolean     linli_db_set_meta          (LinliDb     *self,
                                         const char  *key,
                                         const char  *value,
                                         GError     **error);

/* Journaling is on by default; sync turns it off while it applies
 * changes that came from elsewhere. */
void         linli_db_set_journal_enabled (LinliDb   *self,
                                           gboolean   enabled);
gboolean     linli_db_get_journal_enabled (LinliDb   *self);
void         linli_db_set_search_enabled (LinliDb    *self,
                                          gboolean    enabled);
gboolean     linli_db_get_search_enabled (LinliDb    *self);
gboolean     linli_db_reindex_search    (LinliDb     *self,
                                         const char  *table,
                                         const char  *where,
                                         GError     **error);

gboolean     linli_db_check             (LinliDb     *self,
                                         GString     *report,
                                         GError     **error);
gboolean     linli_db_rebuild_search    (LinliDb     *self,
                                         GError     **error);
char       **linli_db_list_synced_tables (LinliDb    *self);
char       **linli_db_list_columns      (LinliDb     *self,
                                         const char  *table);

char        *linli_new_id               (void);

G_END_DECLS
