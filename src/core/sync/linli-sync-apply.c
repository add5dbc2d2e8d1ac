/* linli-sync-apply.c: merging the changes of other PCs into this file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every column carries a stamp: its row's _hlc, the stamp of the insert,
 * or its entry in col_stamp once changed. A remote value replaces the
 * local one only when its stamp is later, so that applying the same
 * changes in any order, or twice, ends in the same file. Values this
 * version has no column (or table) for, and updates of rows that did not
 * arrive yet, wait in pending_change.
 */

#define G_LOG_DOMAIN "linli-sync"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "linli-db-private.h"
#include "linli-hlc.h"
#include "linli-sync-apply.h"

void
linli_sync_bind_json (sqlite3_stmt *stmt,
                      int           index,
                      JsonNode     *value)
{
  GType type;

  if (value == NULL || JSON_NODE_HOLDS_NULL (value) || !JSON_NODE_HOLDS_VALUE (value))
    {
      sqlite3_bind_null (stmt, index);
      return;
    }

  type = json_node_get_value_type (value);
  if (type == G_TYPE_INT64)
    sqlite3_bind_int64 (stmt, index, json_node_get_int (value));
  else if (type == G_TYPE_DOUBLE)
    sqlite3_bind_double (stmt, index, json_node_get_double (value));
  else if (type == G_TYPE_STRING)
    sqlite3_bind_text (stmt, index, json_node_get_string (value), -1, SQLITE_TRANSIENT);
  else if (type == G_TYPE_BOOLEAN)
    sqlite3_bind_int (stmt, index, json_node_get_boolean (value) ? 1 : 0);
  else
    sqlite3_bind_null (stmt, index);
}

/**
 * linli_sync_prepare:
 *
 * A statement whose @n_params parameters the caller binds itself on
 * linli_query_get_stmt() (they start as NULL).
 */
LinliQuery *
linli_sync_prepare (LinliDb     *db,
                    const char  *sql,
                    guint        n_params,
                    GError     **error)
{
  g_autofree char *format = g_strnfill (n_params, 'n');

  return linli_db_query (db, error, sql, format);
}

static char *
value_to_json (JsonNode *value)
{
  GString *s = g_string_new (NULL);

  linli_sync_json_append_value (s, value);
  return g_string_free (s, FALSE);
}

static gboolean
stamp_is_mine (LinliDb    *db,
               const char *stamp)
{
  const char *device = linli_db_get_device_id (db);

  return stamp != NULL && strlen (stamp) == LINLI_HLC_LENGTH && device != NULL &&
         strcmp (stamp + 17, device) == 0;
}

gboolean
linli_sync_record_conflict (LinliDb     *db,
                            const char  *table,
                            const char  *row,
                            const char  *column,
                            const char  *local_value_json,
                            const char  *remote_value_json,
                            const char  *local_hlc,
                            const char  *remote_hlc,
                            GError     **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *at = g_date_time_format (now, "%Y-%m-%dT%H:%M");

  return linli_db_exec (db, error,
                        "INSERT INTO sync_conflict (tbl, row_id, col, local_value, remote_value, "
                        "local_hlc, remote_hlc, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                        "ssssssss", table, row, column, local_value_json, remote_value_json,
                        local_hlc, remote_hlc, at);
}

static gboolean
keep_pending (LinliDb      *db,
              const char   *table,
              const char   *row,
              const char   *column,
              JsonNode     *value,
              const char   *hlc,
              GError      **error)
{
  g_autofree char *json = value_to_json (value);

  /* The same value under the same stamp is kept once, however often
   * it arrives (the index pending_change_key). */
  return linli_db_exec (db, error,
                        "INSERT OR IGNORE INTO pending_change (tbl, row_id, col, value, hlc) VALUES (?, ?, ?, ?, ?)",
                        "sssss", table, row, column, json, hlc);
}

/* Did a local edit of this column wait in the journal, unpushed, when a
 * later one arrived from elsewhere? */
static gboolean
has_unpushed_edit (LinliDb    *db,
                   const char *table,
                   const char *row,
                   const char *column)
{
  g_autofree char *path = g_strdup_printf ("$.\"%s\"", column);

  return linli_db_query_int (db, NULL,
                             "SELECT EXISTS (SELECT 1 FROM journal WHERE tbl = ? AND row_id = ? "
                             "AND json_type (cols, ?) IS NOT NULL)",
                             "sss", table, row, path) != 0;
}

static gboolean
insert_row (LinliDb               *db,
            const LinliSyncTable  *table,
            LinliSyncChange       *change,
            GPtrArray             *known,
            GError               **error)
{
  g_autoptr(GString) sql = g_string_new (NULL);
  g_autoptr(GString) marks = g_string_new (NULL);
  g_autoptr(LinliQuery) query = NULL;
  g_autoptr(GError) local_error = NULL;
  sqlite3_stmt *stmt;

  g_string_append_printf (sql, "INSERT INTO %s (id, _hlc", table->name);
  for (guint i = 0; i < known->len; i++)
    {
      g_string_append_printf (sql, ", %s", (const char *) known->pdata[i]);
      g_string_append (marks, ", ?");
    }
  g_string_append_printf (sql, ") VALUES (?, ?%s)", marks->str);

  query = linli_sync_prepare (db, sql->str, known->len + 2, error);
  if (query == NULL)
    return FALSE;
  stmt = linli_query_get_stmt (query);
  sqlite3_bind_text (stmt, 1, change->row, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, change->hlc, -1, SQLITE_TRANSIENT);
  for (guint i = 0; i < known->len; i++)
    linli_sync_bind_json (stmt, (int) i + 3, json_object_get_member (change->cols, known->pdata[i]));

  while (linli_query_next (query, &local_error))
    ;
  if (local_error != NULL)
    {
      g_set_error (error, LINLI_SYNC_ERROR, LINLI_SYNC_ERROR_FAILED,
                   "%s %s: %s", table->name, change->row, local_error->message);
      return FALSE;
    }
  return TRUE;
}

/* Applies @change to a row that exists: the columns whose stamp is later
 * than the local one (or equal, for @ties_win: kept values of columns an
 * upgrade just added, which hold their default under the insert's stamp). */
static gboolean
update_row (LinliDb               *db,
            const LinliSyncTable  *table,
            LinliSyncChange       *change,
            GPtrArray             *known,
            const char            *row_hlc,
            gboolean               ties_win,
            LinliSyncApplyStats   *stats,
            GError               **error)
{
  g_autoptr(GHashTable) stamps = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GPtrArray) winners = g_ptr_array_new ();
  g_autoptr(GString) sql = NULL;
  g_autoptr(LinliQuery) query = NULL;
  g_autoptr(GError) local_error = NULL;
  sqlite3_stmt *stmt;

  query = linli_db_query (db, error, "SELECT col, hlc FROM col_stamp WHERE tbl = ? AND row_id = ?",
                          "ss", table->name, change->row);
  if (query == NULL)
    return FALSE;
  while (linli_query_next (query, &local_error))
    g_hash_table_insert (stamps, linli_query_dup_string (query, 0), linli_query_dup_string (query, 1));
  g_clear_pointer (&query, linli_query_free);
  /* Without the columns' stamps a newer edit here could lose: stop. */
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  for (guint i = 0; i < known->len; i++)
    {
      const char *col = known->pdata[i];
      const char *local = g_hash_table_lookup (stamps, col);
      int cmp;

      if (local == NULL)
        local = row_hlc;
      cmp = strcmp (change->hlc, local);
      if (cmp < 0 || (cmp == 0 && !ties_win))
        continue;

      g_ptr_array_add (winners, (gpointer) col);

      /* The "changed elsewhere" mark: an edit of this PC lost to a
       * concurrent one, as the server saw it or as the journal shows. */
      if (cmp > 0 && stamp_is_mine (db, local))
        {
          JsonNode *over = change->over ? json_object_get_member (change->over, col) : NULL;
          gboolean lost = (over != NULL && g_strcmp0 (json_node_get_string (over), local) == 0) ||
                          has_unpushed_edit (db, table->name, change->row, col);

          if (lost)
            {
              g_autofree char *sel = g_strdup_printf ("SELECT json_quote (%s) FROM %s WHERE id = ?", col, table->name);
              g_autofree char *mine = linli_db_query_string (db, NULL, sel, "s", change->row);
              g_autofree char *theirs = value_to_json (json_object_get_member (change->cols, col));

              if (g_strcmp0 (mine, theirs) != 0)
                {
                  if (!linli_sync_record_conflict (db, table->name, change->row, col, mine, theirs,
                                                   local, change->hlc, error))
                    return FALSE;
                  if (stats)
                    stats->conflicts++;
                }
            }
        }
    }

  if (winners->len == 0)
    return TRUE;

  sql = g_string_new (NULL);
  g_string_append_printf (sql, "UPDATE %s SET ", table->name);
  for (guint i = 0; i < winners->len; i++)
    g_string_append_printf (sql, "%s%s = ?", i ? ", " : "", (const char *) winners->pdata[i]);
  g_string_append (sql, " WHERE id = ?");

  query = linli_sync_prepare (db, sql->str, winners->len + 1, error);
  if (query == NULL)
    return FALSE;
  stmt = linli_query_get_stmt (query);
  for (guint i = 0; i < winners->len; i++)
    linli_sync_bind_json (stmt, (int) i + 1, json_object_get_member (change->cols, winners->pdata[i]));
  sqlite3_bind_text (stmt, (int) winners->len + 1, change->row, -1, SQLITE_TRANSIENT);
  while (linli_query_next (query, &local_error))
    ;
  if (local_error != NULL)
    {
      g_set_error (error, LINLI_SYNC_ERROR, LINLI_SYNC_ERROR_FAILED,
                   "%s %s: %s", table->name, change->row, local_error->message);
      return FALSE;
    }
  g_clear_pointer (&query, linli_query_free);

  if (strcmp (change->hlc, row_hlc) != 0)
    for (guint i = 0; i < winners->len; i++)
      if (!linli_db_exec (db, error,
                          "INSERT OR REPLACE INTO col_stamp (tbl, row_id, col, hlc) VALUES (?, ?, ?, ?)",
                          "ssss", table->name, change->row, (const char *) winners->pdata[i], change->hlc))
        return FALSE;

  if (stats)
    stats->columns += winners->len;
  return TRUE;
}

static gboolean
apply_one (LinliDb              *db,
           LinliSyncSchema      *schema,
           LinliSyncChange      *change,
           gboolean              from_pending,
           LinliSyncApplyStats  *stats,
           GError              **error)
{
  const LinliSyncTable *table = linli_sync_schema_lookup (schema, change->table);
  g_autoptr(GPtrArray) known = g_ptr_array_new ();
  g_autofree char *sql = NULL;
  g_autofree char *row_hlc = NULL;
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;

  if (stats)
    stats->changes++;

  json_object_iter_init (&iter, change->cols);
  while (json_object_iter_next (&iter, &name, &value))
    {
      if (table != NULL && linli_sync_table_lookup (table, name) != NULL)
        g_ptr_array_add (known, (gpointer) name);
      else if (!from_pending)
        {
          /* A newer Linli's column: kept, applied after the upgrade. */
          if (!keep_pending (db, change->table, change->row, name, value, change->hlc, error))
            return FALSE;
          if (stats)
            stats->pending++;
        }
    }
  if (table == NULL || known->len == 0)
    return TRUE;

  sql = g_strdup_printf ("SELECT _hlc FROM %s WHERE id = ?", table->name);
  row_hlc = linli_db_query_string (db, NULL, sql, "s", change->row);

  if (row_hlc == NULL)
    {
      if (change->op == 'I')
        {
          if (!insert_row (db, table, change, known, error))
            return FALSE;
          if (stats)
            {
              stats->rows_new++;
              stats->columns += known->len;
            }
          return TRUE;
        }

      /* An update of a row that did not arrive yet: it waits. */
      if (!from_pending)
        for (guint i = 0; i < known->len; i++)
          {
            if (!keep_pending (db, change->table, change->row, known->pdata[i],
                               json_object_get_member (change->cols, known->pdata[i]), change->hlc, error))
              return FALSE;
            if (stats)
              stats->pending++;
          }
      return TRUE;
    }

  return update_row (db, table, change, known, row_hlc, from_pending, stats, error);
}

/* Foreign keys off, for the changes of other PCs; returns whether they
 * were on. Changing the pragma throws away the connection's prepared
 * statements: it is only done when needed. */
static gboolean
foreign_keys_off (LinliDb *db)
{
  if (linli_db_query_int (db, NULL, "PRAGMA foreign_keys", NULL) == 0)
    return FALSE;
  linli_db_exec_script (db, "PRAGMA foreign_keys = OFF", NULL);
  return TRUE;
}

/**
 * linli_sync_apply_changes:
 *
 * Call inside a transaction; foreign keys must already be off (the
 * pragma cannot change inside one): the rows of a page may refer to
 * rows of a later page.
 */
gboolean
linli_sync_apply_changes (LinliDb              *db,
                          LinliSyncSchema      *schema,
                          GPtrArray            *changes,
                          LinliSyncApplyStats  *stats,
                          GError              **error)
{
  gboolean journal = linli_db_get_journal_enabled (db);
  const char *latest = NULL;
  gboolean ok = TRUE;

  g_return_val_if_fail (linli_db_in_transaction (db), FALSE);

  /* Refuse a clock far ahead before anything is written, and move this
   * PC's clock past everything that arrives. */
  for (guint i = 0; i < changes->len; i++)
    {
      LinliSyncChange *change = changes->pdata[i];

      if (latest == NULL || strcmp (change->hlc, latest) > 0)
        latest = change->hlc;
    }
  if (latest != NULL)
    {
      g_autoptr(GError) clock_error = NULL;

      if (!_linli_db_receive_stamp (db, latest, &clock_error))
        {
          g_set_error_literal (error, LINLI_SYNC_ERROR,
                               g_error_matches (clock_error, LINLI_HLC_ERROR, LINLI_HLC_ERROR_DRIFT)
                               ? LINLI_SYNC_ERROR_CLOCK : LINLI_SYNC_ERROR_PROTOCOL,
                               clock_error->message);
          return FALSE;
        }
    }

  linli_db_set_journal_enabled (db, FALSE);
  for (guint i = 0; ok && i < changes->len; i++)
    ok = apply_one (db, schema, changes->pdata[i], FALSE, stats, error);
  linli_db_set_journal_enabled (db, journal);

  return ok;
}

typedef struct
{
  gint64  seq;
  char   *table;
  char   *row;
  char   *col;
  char   *value;
  char   *hlc;
} Pending;

static void
pending_free (gpointer data)
{
  Pending *p = data;

  g_free (p->table);
  g_free (p->row);
  g_free (p->col);
  g_free (p->value);
  g_free (p->hlc);
  g_free (p);
}

static int
compare_pending (gconstpointer a,
                 gconstpointer b)
{
  const Pending *pa = *(const Pending * const *) a;
  const Pending *pb = *(const Pending * const *) b;
  int c;

  if ((c = strcmp (pa->table, pb->table)) != 0)
    return c;
  if ((c = strcmp (pa->row, pb->row)) != 0)
    return c;
  if ((c = strcmp (pa->hlc, pb->hlc)) != 0)
    return c;
  return pa->seq < pb->seq ? -1 : pa->seq > pb->seq;
}

static gboolean
row_exists (LinliDb    *db,
            const char *table,
            const char *row)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM %s WHERE id = ?", table);

  return linli_db_query_int (db, NULL, sql, "s", row) > 0;
}

/**
 * linli_sync_apply_pending:
 *
 * Values wait in pending_change for a table or column this version did
 * not have, or for their row. Each group of one stamp on one row is
 * applied once everything it needs is here; the rest keeps waiting.
 */
gboolean
linli_sync_apply_pending (LinliDb              *db,
                          LinliSyncSchema      *schema,
                          LinliSyncApplyStats  *stats,
                          GError              **error)
{
  g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func (pending_free);
  g_autoptr(LinliQuery) query = NULL;
  gboolean journal;
  gboolean fks;
  gboolean ok = TRUE;
  guint i = 0;

  if (linli_db_query_int (db, NULL, "SELECT EXISTS (SELECT 1 FROM pending_change)", NULL) == 0)
    return TRUE;

  query = linli_db_query (db, error, "SELECT seq, tbl, row_id, col, value, hlc FROM pending_change", NULL);
  if (query == NULL)
    return FALSE;
  while (linli_query_next (query, NULL))
    {
      Pending *p = g_new0 (Pending, 1);

      p->seq = linli_query_get_int (query, 0);
      p->table = linli_query_dup_string (query, 1);
      p->row = linli_query_dup_string (query, 2);
      p->col = linli_query_dup_string (query, 3);
      p->value = linli_query_dup_string (query, 4);
      p->hlc = linli_query_dup_string (query, 5);
      g_ptr_array_add (all, p);
    }
  g_clear_pointer (&query, linli_query_free);
  g_ptr_array_sort (all, compare_pending);

  fks = foreign_keys_off (db);
  if (!linli_db_begin (db, error))
    {
      if (fks)
        linli_db_exec_script (db, "PRAGMA foreign_keys = ON", NULL);
      return FALSE;
    }
  journal = linli_db_get_journal_enabled (db);
  linli_db_set_journal_enabled (db, FALSE);

  while (ok && i < all->len)
    {
      Pending *first = all->pdata[i];
      const LinliSyncTable *table = linli_sync_schema_lookup (schema, first->table);
      gboolean exists = table != NULL && row_exists (db, first->table, first->row);
      gboolean first_of_row = TRUE;
      guint j;

      /* Every stamp of this row, earliest first. */
      for (j = i; j < all->len; )
        {
          Pending *head = all->pdata[j];
          g_autoptr(LinliSyncChange) change = NULL;
          g_autoptr(GArray) used = g_array_new (FALSE, FALSE, sizeof (gint64));
          guint k;

          if (strcmp (head->table, first->table) != 0 || strcmp (head->row, first->row) != 0)
            break;

          change = linli_sync_change_new ();
          change->id = g_strdup ("pending");
          change->table = g_strdup (head->table);
          change->row = g_strdup (head->row);
          change->hlc = g_strdup (head->hlc);
          change->cols = json_object_new ();

          for (k = j; k < all->len; k++)
            {
              Pending *p = all->pdata[k];
              g_autoptr(JsonNode) value = NULL;

              if (strcmp (p->table, head->table) != 0 || strcmp (p->row, head->row) != 0 ||
                  strcmp (p->hlc, head->hlc) != 0)
                break;
              if (table == NULL || linli_sync_table_lookup (table, p->col) == NULL)
                continue;
              value = linli_sync_json_parse (p->value, strlen (p->value), NULL);
              if (value == NULL)
                value = json_node_new (JSON_NODE_NULL);
              json_object_set_member (change->cols, p->col, g_steal_pointer (&value));
              g_array_append_val (used, p->seq);
            }

          if (table != NULL && json_object_get_size (change->cols) > 0)
            {
              gboolean apply = exists;

              if (!exists && first_of_row)
                {
                  /* The row's first stamp is its insert: it can come in
                   * when it holds every column the table cannot do without. */
                  apply = TRUE;
                  change->op = 'I';
                  for (guint c = 0; c < table->columns->len; c++)
                    {
                      const LinliSyncColumn *col = g_ptr_array_index (table->columns, c);

                      if (col->notnull && !col->has_default && !json_object_has_member (change->cols, col->name))
                        apply = FALSE;
                    }
                }
              else
                change->op = 'U';

              if (apply)
                {
                  ok = apply_one (db, schema, change, TRUE, stats, error);
                  for (guint u = 0; ok && u < used->len; u++)
                    ok = linli_db_exec (db, error, "DELETE FROM pending_change WHERE seq = ?",
                                        "l", g_array_index (used, gint64, u));
                  exists = TRUE;
                }
            }

          first_of_row = FALSE;
          j = k;
          if (!ok)
            break;
        }
      i = j;
    }

  linli_db_set_journal_enabled (db, journal);
  if (ok)
    ok = linli_db_commit (db, error);
  else
    linli_db_rollback (db);
  if (fks)
    linli_db_exec_script (db, "PRAGMA foreign_keys = ON", NULL);
  return ok;
}
