/* linli-sync-conflicts.c: the "changed elsewhere" mark, for the views
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Sync resolves every conflict by itself: per column, the later edit
 * wins. When the edit that lost was made on this computer, sync notes it
 * in sync_conflict; a view asks for the notes of the record it shows,
 * shows "changed elsewhere" with the value that won and the one that
 * lost, and marks them seen once the user looked.
 */

#define G_LOG_DOMAIN "linli-sync"

#include "config.h"

#include <string.h>

#include "linli-sync-conflicts.h"
#include "linli-sync-wire.h"

void
linli_sync_conflict_free (LinliSyncConflict *conflict)
{
  if (conflict == NULL)
    return;
  g_free (conflict->table);
  g_free (conflict->row);
  g_free (conflict->column);
  g_free (conflict->local_value);
  g_free (conflict->remote_value);
  g_free (conflict->at);
  g_free (conflict);
}

/* A JSON scalar as the text a user reads. */
static char *
json_to_text (const char *json)
{
  g_autoptr(JsonNode) node = NULL;
  GType type;

  if (json == NULL)
    return NULL;
  node = linli_sync_json_parse (json, strlen (json), NULL);
  if (node == NULL || JSON_NODE_HOLDS_NULL (node) || !JSON_NODE_HOLDS_VALUE (node))
    return NULL;
  type = json_node_get_value_type (node);
  if (type == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));
  if (type == G_TYPE_INT64)
    return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
  if (type == G_TYPE_DOUBLE)
    {
      char buf[G_ASCII_DTOSTR_BUF_SIZE];

      return g_strdup (g_ascii_formatd (buf, sizeof buf, "%.15g", json_node_get_double (node)));
    }
  return g_strdup (json);
}

static GPtrArray *
list (LinliDb     *db,
      const char  *sql,
      const char  *format,
      const char  *table,
      const char  *row,
      GError     **error)
{
  g_autoptr(LinliQuery) q = NULL;
  g_autoptr(GError) local_error = NULL;
  GPtrArray *out;

  q = format ? linli_db_query (db, error, sql, format, table, row) : linli_db_query (db, error, sql, NULL);
  if (q == NULL)
    return NULL;

  out = g_ptr_array_new_with_free_func ((GDestroyNotify) linli_sync_conflict_free);
  while (linli_query_next (q, &local_error))
    {
      LinliSyncConflict *c = g_new0 (LinliSyncConflict, 1);

      c->seq = linli_query_get_int (q, 0);
      c->table = linli_query_dup_string (q, 1);
      c->row = linli_query_dup_string (q, 2);
      c->column = linli_query_dup_string (q, 3);
      c->local_value = json_to_text (linli_query_get_string (q, 4));
      c->remote_value = json_to_text (linli_query_get_string (q, 5));
      c->at = linli_query_dup_string (q, 6);
      c->seen = linli_query_get_int (q, 7) != 0;
      g_ptr_array_add (out, c);
    }
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      g_ptr_array_unref (out);
      return NULL;
    }
  return out;
}

#define COLUMNS "seq, tbl, row_id, col, local_value, remote_value, at, seen"

/**
 * linli_sync_conflicts_for_record:
 *
 * Returns: (transfer full) (element-type LinliSyncConflict): the unseen
 *   edits of this computer on the record that lost, oldest first, one
 *   per column (the latest)
 */
GPtrArray *
linli_sync_conflicts_for_record (LinliDb     *db,
                                 const char  *table,
                                 const char  *row,
                                 GError     **error)
{
  g_return_val_if_fail (LINLI_IS_DB (db), NULL);

  return list (db,
               "SELECT " COLUMNS " FROM sync_conflict c WHERE tbl = ? AND row_id = ? AND seen = 0 "
               "AND seq = (SELECT max (seq) FROM sync_conflict d WHERE d.tbl = c.tbl AND d.row_id = c.row_id "
               "AND d.col = c.col AND d.seen = 0) ORDER BY seq",
               "ss", table, row, error);
}

gboolean
linli_sync_conflicts_has_mark (LinliDb    *db,
                               const char *table,
                               const char *row)
{
  return linli_db_query_int (db, NULL,
                             "SELECT EXISTS (SELECT 1 FROM sync_conflict WHERE tbl = ? AND row_id = ? AND seen = 0)",
                             "ss", table, row) != 0;
}

gboolean
linli_sync_conflicts_mark_seen (LinliDb     *db,
                                const char  *table,
                                const char  *row,
                                GError     **error)
{
  return linli_db_exec (db, error, "UPDATE sync_conflict SET seen = 1 WHERE tbl = ? AND row_id = ? AND seen = 0",
                        "ss", table, row);
}

gint64
linli_sync_conflicts_count_unseen (LinliDb *db)
{
  return linli_db_query_int (db, NULL, "SELECT count(*) FROM sync_conflict WHERE seen = 0", NULL);
}

/**
 * linli_sync_conflicts_list_unseen:
 *
 * Returns: (transfer full) (element-type LinliSyncConflict): every unseen
 *   mark, newest first
 */
GPtrArray *
linli_sync_conflicts_list_unseen (LinliDb  *db,
                                  GError  **error)
{
  return list (db, "SELECT " COLUMNS " FROM sync_conflict WHERE seen = 0 ORDER BY seq DESC", NULL, NULL, NULL, error);
}
