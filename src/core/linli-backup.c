/* linli-backup.c: daily backups with SQLite's online backup API, restore
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A backup is a complete community file beside the database, in
 * linli-backups/, readable by its owner only. The first start of each day
 * makes one; the last 14 are kept. A restore checks the backup first and
 * keeps a copy of the file it replaces.
 */

#define G_LOG_DOMAIN "linli-backup"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "linli-backup.h"

static gboolean
copy_database (sqlite3     *from,
               const char  *from_name,
               sqlite3     *to,
               GError     **error)
{
  sqlite3_backup *backup;
  int rc;

  backup = sqlite3_backup_init (to, "main", from, from_name);
  if (backup == NULL)
    {
      g_set_error (error, LINLI_DB_ERROR, LINLI_DB_ERROR_FAILED, "%s", sqlite3_errmsg (to));
      return FALSE;
    }

  do
    {
      rc = sqlite3_backup_step (backup, 256);
      if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
        sqlite3_sleep (50);
    }
  while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);

  sqlite3_backup_finish (backup);
  if (rc != SQLITE_DONE)
    {
      g_set_error (error, LINLI_DB_ERROR, LINLI_DB_ERROR_FAILED, "%s", sqlite3_errstr (rc));
      return FALSE;
    }
  return TRUE;
}

static gboolean
create_private_file (const char  *path,
                     GError     **error)
{
  int fd = g_open (path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);

  if (fd < 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Cannot create %s: %s"), path, g_strerror (saved));
      return FALSE;
    }
  close (fd);
  return TRUE;
}

/**
 * linli_backup_to:
 * @dest: the backup file to write; replaced when it exists
 *
 * Copies @db, consistent as of one moment, while it stays in use. The
 * copy is written beside @dest and renamed into place when complete, so
 * that a crash never leaves half a backup under the backup's name.
 */
gboolean
linli_backup_to (LinliDb     *db,
                 const char  *dest,
                 GError     **error)
{
  g_autofree char *tmp = g_strconcat (dest, ".part", NULL);
  g_autofree char *dir = g_path_get_dirname (dest);
  sqlite3 *to = NULL;
  gboolean ok;

  g_return_val_if_fail (LINLI_IS_DB (db), FALSE);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Cannot create the folder %s: %s"), dir, g_strerror (saved));
      return FALSE;
    }
  if (!create_private_file (tmp, error))
    return FALSE;

  if (sqlite3_open_v2 (tmp, &to, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
    {
      g_set_error (error, LINLI_DB_ERROR, LINLI_DB_ERROR_FAILED, "%s: %s", tmp, sqlite3_errmsg (to));
      sqlite3_close (to);
      g_unlink (tmp);
      return FALSE;
    }

  ok = copy_database (linli_db_get_handle (db), "main", to, error);
  /* A self-contained file: no -wal beside it. */
  if (ok)
    sqlite3_exec (to, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL);
  sqlite3_close (to);

  if (!ok)
    {
      g_prefix_error (error, _("The backup to %s failed: "), dest);
      g_unlink (tmp);
      return FALSE;
    }

  if (g_rename (tmp, dest) != 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Cannot move the backup into place at %s: %s"), dest, g_strerror (saved));
      g_unlink (tmp);
      return FALSE;
    }

  return TRUE;
}

static int
compare_names_desc (gconstpointer a,
                    gconstpointer b)
{
  return -g_strcmp0 (*(const char **) a, *(const char **) b);
}

/**
 * linli_backup_list:
 *
 * Returns: (transfer container) (element-type utf8): the daily backups
 *   of @db, newest first
 */
GPtrArray *
linli_backup_list (LinliDb *db)
{
  g_autofree char *dir = linli_db_get_files_dir (db, "backups");
  GPtrArray *list = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    if (g_str_has_prefix (name, "daily-") && g_str_has_suffix (name, ".db"))
      g_ptr_array_add (list, g_build_filename (dir, name, NULL));

  g_ptr_array_sort (list, compare_names_desc);
  return list;
}

/**
 * linli_backup_daily:
 * @today: (nullable): the day; today when %NULL
 * @keep: how many daily backups to keep
 *
 * Makes today's backup unless it exists, and removes the oldest beyond
 * @keep.
 *
 * Returns: (transfer full) (nullable): the path of the backup made, or
 *   %NULL when today's existed already (then @error is not set)
 */
char *
linli_backup_daily (LinliDb     *db,
                    GDate       *today,
                    guint        keep,
                    GError     **error)
{
  g_autofree char *dir = linli_db_get_files_dir (db, "backups");
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GPtrArray) list = NULL;
  GDate now;

  if (today == NULL)
    {
      g_date_clear (&now, 1);
      g_date_set_time_t (&now, time (NULL));
      today = &now;
    }

  name = g_strdup_printf ("daily-%04d-%02d-%02d.db", g_date_get_year (today),
                          g_date_get_month (today), g_date_get_day (today));
  path = g_build_filename (dir, name, NULL);
  if (g_file_test (path, G_FILE_TEST_EXISTS))
    return NULL;

  if (!linli_backup_to (db, path, error))
    return NULL;

  list = linli_backup_list (db);
  for (guint i = keep; i < list->len; i++)
    g_unlink (g_ptr_array_index (list, i));

  return g_steal_pointer (&path);
}

/**
 * linli_restore:
 * @db_path: the community file to replace
 * @source: a backup
 * @safety_copy: (out) (optional): where the replaced file was kept
 *
 * Checks @source (a Linli file, not newer than this Linli, sound), keeps
 * a copy of @db_path, then copies @source over it. No connection to
 * @db_path may be in a transaction; open ones see the restored data.
 */
gboolean
linli_restore (const char  *db_path,
               const char  *source,
               char       **safety_copy,
               GError     **error)
{
  g_autoptr(LinliDb) current = NULL;
  g_autofree char *copy = NULL;
  sqlite3 *from = NULL, *to = NULL;
  sqlite3_stmt *stmt = NULL;
  int version;
  gboolean sound = FALSE, ok;

  version = linli_db_peek_schema_version (source, error);
  if (version < 0)
    return FALSE;
  if (version > LINLI_DB_SCHEMA_VERSION)
    {
      g_set_error (error, LINLI_DB_ERROR, LINLI_DB_ERROR_NEWER_SCHEMA,
                   _("%s was made by a newer version of Linli and cannot be restored here"), source);
      return FALSE;
    }

  if (sqlite3_open_v2 (source, &from, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
    {
      g_set_error (error, LINLI_DB_ERROR, LINLI_DB_ERROR_FAILED, "%s: %s", source, sqlite3_errmsg (from));
      sqlite3_close (from);
      return FALSE;
    }
  if (sqlite3_prepare_v2 (from, "PRAGMA integrity_check", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    sound = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), "ok") == 0;
  sqlite3_finalize (stmt);
  if (!sound || version < 1)
    {
      g_set_error (error, LINLI_DB_ERROR, LINLI_DB_ERROR_CORRUPT,
                   _("%s is damaged or is not a Linli backup; nothing was restored"), source);
      sqlite3_close (from);
      return FALSE;
    }

  /* Keep what is about to be replaced. */
  current = linli_db_open (db_path, error);
  if (current == NULL)
    {
      sqlite3_close (from);
      return FALSE;
    }
  {
    g_autoptr(GDateTime) now = g_date_time_new_now_local ();
    g_autofree char *dir = linli_db_get_files_dir (current, "backups");
    g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");
    g_autofree char *name = g_strdup_printf ("before-restore-%s.db", stamp);

    copy = g_build_filename (dir, name, NULL);
    if (!linli_backup_to (current, copy, error))
      {
        sqlite3_close (from);
        return FALSE;
      }
  }

  to = linli_db_get_handle (current);
  ok = copy_database (from, "main", to, error);
  sqlite3_close (from);
  g_clear_object (&current);
  if (!ok)
    {
      g_prefix_error (error, _("Restoring %s failed; the file is as it was: "), source);
      return FALSE;
    }

  /* Bring an older backup's schema up to date, rebuild what is derived. */
  current = linli_db_open (db_path, error);
  if (current == NULL)
    return FALSE;
  if (!linli_db_rebuild_search (current, error))
    return FALSE;

  if (safety_copy != NULL)
    *safety_copy = g_steal_pointer (&copy);
  return TRUE;
}
