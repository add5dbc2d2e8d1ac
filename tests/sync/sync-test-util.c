/* sync-test-util.c: what the sync tests share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <math.h>
#include <poll.h>
#include <pwd.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <libsoup/soup.h>

#include "linli-server-sql.h"
#include "linli-sync-wire.h"
#include "sync-test-util.h"

/* Records ---------------------------------------------------------------- */

GHashTable *
sync_test_fill_every_table (LinliDb    *db,
                            const char *c)
{
  GHashTable *ids = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  g_autoptr(GError) error = NULL;
  char *id;

#define PUT(table, expr) G_STMT_START { id = (expr); g_assert_no_error (error); g_assert_nonnull (id); \
    g_hash_table_insert (ids, (gpointer) table, id); } G_STMT_END
#define ID(table) ((const char *) g_hash_table_lookup (ids, table))

  g_assert_true (linli_db_begin (db, &error));
  if (linli_db_query_int (db, NULL, "SELECT count(*) FROM community WHERE id = ?", "s", c) == 0)
    g_assert_true (linli_db_insert_with_id (db, &error, "community", c, "community_id,name", "ss", c, "青和居社区"));
  g_assert_no_error (error);
  g_hash_table_insert (ids, (gpointer) "community", g_strdup (c));
  PUT ("compound", linli_db_insert (db, &error, "compound", "community_id,name", "ss", c, "青和居"));
  PUT ("organisation", linli_db_insert (db, &error, "organisation", "community_id,kind,name", "sss", c, "property", "青和物业"));
  PUT ("person", linli_db_insert (db, &error, "person", "community_id,name,is_resident", "ssi", c, "李建国", 0));
  PUT ("grid", linli_db_insert (db, &error, "grid", "community_id,compound_id,number,name,worker_id", "ssiss", c, ID ("compound"), 3, "第3网格", ID ("person")));
  PUT ("neighbourhood", linli_db_insert (db, &error, "neighbourhood", "community_id,grid_id,name", "sss", c, ID ("grid"), "第1邻里"));
  PUT ("building", linli_db_insert (db, &error, "building", "community_id,compound_id,grid_id,number,floors,x,y", "sssssdd", c, ID ("compound"), ID ("grid"), "12", "7", 12.5, 0.1 + 0.2));
  PUT ("unit", linli_db_insert (db, &error, "unit", "community_id,building_id,number", "ssi", c, ID ("building"), 2));
  PUT ("household", linli_db_insert (db, &error, "household", "community_id,unit_id,floor,room", "ssis", c, ID ("unit"), 5, "501"));
  g_assert_true (linli_db_set (db, &error, "person", ID ("person"), "household_id", "s", ID ("household")));
  g_assert_no_error (error);
  PUT ("tag", linli_db_insert (db, &error, "tag", "community_id,code,name,care", "sssi", c, "alone", "独居老人", 1));
  PUT ("person_tag", linli_db_insert (db, &error, "person_tag", "community_id,person_id,tag_id", "sss", c, ID ("person"), ID ("tag")));
  PUT ("team", linli_db_insert (db, &error, "team", "community_id,kind,name,scope,scope_id", "sssss", c, "squad119", "12栋119自管小分队", "building", ID ("building")));
  PUT ("visit", linli_db_insert (db, &error, "visit", "community_id,household_id,visitor_id,team_id,visited_at,services", "ssssss", c, ID ("household"), ID ("person"), ID ("team"), "2026-11-20T09:30", "groceries,medicine"));
  PUT ("team_member", linli_db_insert (db, &error, "team_member", "community_id,team_id,person_id,role", "ssss", c, ID ("team"), ID ("person"), "leader"));
  PUT ("skill", linli_db_insert (db, &error, "skill", "community_id,code,name", "sss", c, "haircut", "理发"));
  PUT ("volunteer", linli_db_insert (db, &error, "volunteer", "community_id,person_id,max_per_month", "ssi", c, ID ("person"), 4));
  PUT ("blackout", linli_db_insert (db, &error, "blackout", "community_id,volunteer_id,from_date,to_date,reason", "sssss", c, ID ("volunteer"), "2026-12-01", "2026-12-10", "住院"));
  PUT ("service_item", linli_db_insert (db, &error, "service_item", "community_id,team_id,name,skill_id,needed", "ssssi", c, ID ("team"), "义务理发", ID ("skill"), 2));
  PUT ("shift_pattern", linli_db_insert (db, &error, "shift_pattern", "community_id,team_id,rrule,dtstart,start_time,end_time", "ssssss", c, ID ("team"), "FREQ=WEEKLY;BYDAY=WE", "2026-01-07", "09:00", "11:30"));
  PUT ("shift_exception", linli_db_insert (db, &error, "shift_exception", "community_id,pattern_id,date", "sss", c, ID ("shift_pattern"), "2026-10-07"));
  PUT ("shift", linli_db_insert (db, &error, "shift", "community_id,team_id,pattern_id,service_item_id,date,start_time,end_time", "sssssss", c, ID ("team"), ID ("shift_pattern"), ID ("service_item"), "2026-11-25", "09:00", "11:30"));
  PUT ("assignment", linli_db_insert (db, &error, "assignment", "community_id,shift_id,volunteer_id,hours", "sssd", c, ID ("shift"), ID ("volunteer"), 2.5));
  PUT ("venue", linli_db_insert (db, &error, "venue", "community_id,name,capacity", "ssi", c, "党群服务中心", 40));
  PUT ("project", linli_db_insert (db, &error, "project", "community_id,compound_id,name,stage,budget", "ssssl", c, ID ("compound"), "童趣乐园", "build", (gint64) 1200000));
  PUT ("meeting", linli_db_insert (db, &error, "meeting", "community_id,kind,title,venue_id,starts_at,ends_at,project_id", "sssssss", c, "hearing", "童趣乐园项目听证会", ID ("venue"), "2026-11-26T19:00", "2026-11-26T20:30", ID ("project")));
  PUT ("meeting_invitee", linli_db_insert (db, &error, "meeting_invitee", "community_id,meeting_id,person_id", "sss", c, ID ("meeting"), ID ("person")));
  PUT ("attendance", linli_db_insert (db, &error, "attendance", "community_id,meeting_id,person_id,signed_in_at", "ssss", c, ID ("meeting"), ID ("person"), "2026-11-26T18:55"));
  PUT ("decision", linli_db_insert (db, &error, "decision", "community_id,meeting_id,text,project_id,action", "sssss", c, ID ("meeting"), "选址2栋架空层", ID ("project"), "change_project"));
  PUT ("project_stage", linli_db_insert (db, &error, "project_stage", "community_id,project_id,stage,at", "ssss", c, ID ("project"), "build", "2026-10-01"));
  PUT ("project_metric", linli_db_insert (db, &error, "project_metric", "community_id,project_id,label,done,target,unit", "sssdds", c, ID ("project"), "路灯修缮", 120.0, 1.0 / 3.0, "个"));
  PUT ("project_task", linli_db_insert (db, &error, "project_task", "community_id,project_id,title,organisation_id,status", "sssss", c, ID ("project"), "补栽绿植", ID ("organisation"), "claimed"));
  PUT ("project_income", linli_db_insert (db, &error, "project_income", "community_id,project_id,source,amount", "sssl", c, ID ("project"), "crowdfunding", (gint64) 1200000));
  PUT ("project_spend", linli_db_insert (db, &error, "project_spend", "community_id,project_id,amount,item", "ssls", c, ID ("project"), (gint64) 350000, "跷跷板"));
  PUT ("project_opinion", linli_db_insert (db, &error, "project_opinion", "community_id,project_id,person_id,text", "ssss", c, ID ("project"), ID ("person"), "选址离楼栋近一点"));
  PUT ("project_review", linli_db_insert (db, &error, "project_review", "community_id,project_id,person_id,rating", "ssss", c, ID ("project"), ID ("person"), "good"));
  PUT ("project_photo", linli_db_insert (db, &error, "project_photo", "community_id,project_id,path", "sss", c, ID ("project"), "playground.jpg"));
  g_assert_true (linli_db_commit (db, &error));
  g_assert_no_error (error);

#undef PUT
#undef ID
  return ids;
}

/* Canonical text --------------------------------------------------------- */

static int compare_str (gconstpointer a, gconstpointer b);

static void
append_sqlite (GString      *out,
               sqlite3_stmt *stmt,
               int           i)
{
  switch (sqlite3_column_type (stmt, i))
    {
    case SQLITE_NULL: g_string_append (out, "n"); break;
    case SQLITE_INTEGER: g_string_append_printf (out, "i:%" G_GINT64_FORMAT, (gint64) sqlite3_column_int64 (stmt, i)); break;
    case SQLITE_FLOAT: g_string_append_printf (out, "r:%.17g", sqlite3_column_double (stmt, i)); break;
    default: g_string_append_printf (out, "t:%s", sqlite3_column_text (stmt, i)); break;
    }
}

static int
compare_columns (gconstpointer a,
                 gconstpointer b)
{
  return strcmp ((*(const LinliSyncColumn * const *) a)->name, (*(const LinliSyncColumn * const *) b)->name);
}

/* The columns by name: a column an upgrade added comes last in its
 * table, and the same file must read the same. */
static GPtrArray *
sorted_columns (const LinliSyncTable *table)
{
  GPtrArray *cols = g_ptr_array_new ();

  for (guint c = 0; c < table->columns->len; c++)
    g_ptr_array_add (cols, table->columns->pdata[c]);
  g_ptr_array_sort (cols, compare_columns);
  return cols;
}

char *
sync_test_canonical_dump (LinliDb *db)
{
  g_autoptr(LinliSyncSchema) schema = linli_sync_schema_new_from_db (db);

  return sync_test_canonical_dump_with (db, schema);
}

char *
sync_test_canonical_dump_with (LinliDb         *db,
                               LinliSyncSchema *schema)
{
  const GPtrArray *tables = linli_sync_schema_get_tables (schema);
  GString *out = g_string_new (NULL);
  g_autoptr(LinliQuery) stamps = NULL;

  for (guint t = 0; t < tables->len; t++)
    {
      const LinliSyncTable *table = tables->pdata[t];
      g_autoptr(GPtrArray) columns = sorted_columns (table);
      g_autoptr(GString) sql = g_string_new ("SELECT id, _hlc");
      g_autoptr(LinliQuery) q = NULL;

      for (guint c = 0; c < columns->len; c++)
        g_string_append_printf (sql, ", %s", ((LinliSyncColumn *) columns->pdata[c])->name);
      g_string_append_printf (sql, " FROM %s ORDER BY id", table->name);
      q = linli_db_query (db, NULL, sql->str, NULL);
      g_assert_nonnull (q);
      while (linli_query_next (q, NULL))
        {
          sqlite3_stmt *stmt = linli_query_get_stmt (q);

          g_string_append_printf (out, "%s|%s|_hlc=%s;", table->name, linli_query_get_string (q, 0),
                                  linli_query_get_string (q, 1));
          for (guint c = 0; c < columns->len; c++)
            {
              g_string_append_printf (out, "%s=", ((LinliSyncColumn *) columns->pdata[c])->name);
              append_sqlite (out, stmt, (int) c + 2);
              g_string_append_c (out, ';');
            }
          g_string_append_c (out, '\n');
        }
    }

  {
    g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);

    stamps = linli_db_query (db, NULL, "SELECT tbl, row_id, col, hlc FROM col_stamp", NULL);
    while (linli_query_next (stamps, NULL))
      g_ptr_array_add (lines, g_strdup_printf ("stamp|%s|%s|%s|%s\n", linli_query_get_string (stamps, 0),
                                               linli_query_get_string (stamps, 1), linli_query_get_string (stamps, 2),
                                               linli_query_get_string (stamps, 3)));
    g_ptr_array_sort (lines, compare_str);
    for (guint i = 0; i < lines->len; i++)
      g_string_append (out, lines->pdata[i]);
  }

  return g_string_free (out, FALSE);
}

/* A JSON value as SQLite would store it in a column of @affinity. */
static void
append_json (GString  *out,
             char      affinity,
             JsonNode *v)
{
  GType type;

  if (v == NULL || JSON_NODE_HOLDS_NULL (v))
    {
      g_string_append (out, "n");
      return;
    }
  type = json_node_get_value_type (v);
  if (type == G_TYPE_STRING)
    g_string_append_printf (out, "t:%s", json_node_get_string (v));
  else if (type == G_TYPE_INT64)
    {
      if (affinity == 'r')
        g_string_append_printf (out, "r:%.17g", (double) json_node_get_int (v));
      else if (affinity == 't')
        g_string_append_printf (out, "t:%" G_GINT64_FORMAT, json_node_get_int (v));
      else
        g_string_append_printf (out, "i:%" G_GINT64_FORMAT, json_node_get_int (v));
    }
  else if (type == G_TYPE_DOUBLE)
    {
      double d = json_node_get_double (v);

      if ((affinity == 'i' || affinity == 'n') && d == floor (d) && fabs (d) < 9.2e18)
        g_string_append_printf (out, "i:%" G_GINT64_FORMAT, (gint64) d);
      else
        g_string_append_printf (out, "r:%.17g", d);
    }
  else
    g_assert_not_reached ();
}

typedef struct
{
  char       *table;
  char       *id;
  char       *insert_hlc;
  GHashTable *values;   /* col -> JsonNode */
  GHashTable *stamps;   /* col -> stamp */
} FoldRow;

static void
fold_row_free (gpointer data)
{
  FoldRow *r = data;

  g_free (r->table);
  g_free (r->id);
  g_free (r->insert_hlc);
  g_hash_table_unref (r->values);
  g_hash_table_unref (r->stamps);
  g_free (r);
}

static int
compare_str (gconstpointer a,
             gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

char *
sync_test_fold_log (LinliSyncSchema *schema,
                    GPtrArray       *changes)
{
  g_autoptr(GHashTable) rows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, fold_row_free);
  const GPtrArray *tables = linli_sync_schema_get_tables (schema);
  g_autoptr(GPtrArray) stamp_lines = g_ptr_array_new_with_free_func (g_free);
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < changes->len; i++)
    {
      LinliSyncChange *c = changes->pdata[i];
      g_autofree char *key = g_strconcat (c->table, "\x1f", c->row, NULL);
      FoldRow *row = g_hash_table_lookup (rows, key);
      JsonObjectIter iter;
      const char *name;
      JsonNode *value;

      if (row == NULL)
        {
          row = g_new0 (FoldRow, 1);
          row->table = g_strdup (c->table);
          row->id = g_strdup (c->row);
          row->values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) json_node_unref);
          row->stamps = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
          g_hash_table_insert (rows, g_strdup (key), row);
        }
      if (c->op == 'I')
        {
          g_assert_true (row->insert_hlc == NULL || g_str_equal (row->insert_hlc, c->hlc));
          g_free (row->insert_hlc);
          row->insert_hlc = g_strdup (c->hlc);
        }
      json_object_iter_init (&iter, c->cols);
      while (json_object_iter_next (&iter, &name, &value))
        {
          const char *have = g_hash_table_lookup (row->stamps, name);

          if (have == NULL || strcmp (c->hlc, have) > 0)
            {
              g_hash_table_replace (row->values, g_strdup (name), json_node_copy (value));
              g_hash_table_replace (row->stamps, g_strdup (name), g_strdup (c->hlc));
            }
        }
    }

  for (guint t = 0; t < tables->len; t++)
    {
      const LinliSyncTable *table = tables->pdata[t];
      g_autoptr(GPtrArray) columns = sorted_columns (table);
      g_autoptr(GPtrArray) ids = g_ptr_array_new ();
      GHashTableIter iter;
      gpointer value;

      g_hash_table_iter_init (&iter, rows);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        if (g_str_equal (((FoldRow *) value)->table, table->name))
          g_ptr_array_add (ids, ((FoldRow *) value)->id);
      g_ptr_array_sort (ids, compare_str);

      for (guint i = 0; i < ids->len; i++)
        {
          g_autofree char *key = g_strconcat (table->name, "\x1f", (char *) ids->pdata[i], NULL);
          FoldRow *row = g_hash_table_lookup (rows, key);

          g_assert_nonnull (row->insert_hlc);
          g_string_append_printf (out, "%s|%s|_hlc=%s;", table->name, row->id, row->insert_hlc);
          for (guint c = 0; c < columns->len; c++)
            {
              const LinliSyncColumn *col = columns->pdata[c];
              const char *stamp = g_hash_table_lookup (row->stamps, col->name);

              g_string_append_printf (out, "%s=", col->name);
              append_json (out, col->affinity, g_hash_table_lookup (row->values, col->name));
              g_string_append_c (out, ';');
              if (stamp != NULL && !g_str_equal (stamp, row->insert_hlc))
                g_ptr_array_add (stamp_lines, g_strdup_printf ("stamp|%s|%s|%s|%s\n", table->name, row->id,
                                                               col->name, stamp));
            }
          g_string_append_c (out, '\n');
        }
    }

  g_ptr_array_sort (stamp_lines, compare_str);
  for (guint i = 0; i < stamp_lines->len; i++)
    g_string_append (out, stamp_lines->pdata[i]);

  return g_string_free (out, FALSE);
}

GPtrArray *
sync_test_read_log (LinliServerStore *store,
                    const char       *community_id)
{
  GPtrArray *all = g_ptr_array_new_with_free_func ((GDestroyNotify) linli_sync_change_free);
  LinliServerDevice device = { 0 };
  gint64 after = 0;

  device.community_id = (char *) community_id;
  device.role = (char *) "community";
  for (;;)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *json = linli_server_store_pull (store, &device, after, LINLI_SYNC_MAX_PAGE, &error);
      g_autoptr(LinliSyncPullPage) page = NULL;

      g_assert_no_error (error);
      page = linli_sync_decode_page (linli_server_store_get_schema (store), json, strlen (json), &error);
      g_assert_no_error (error);
      while (page->changes->len > 0)
        g_ptr_array_add (all, g_ptr_array_steal_index (page->changes, 0));
      if (!page->more)
        break;
      g_assert_cmpint (page->cursor, >, after);
      after = page->cursor;
    }
  return all;
}

char *
sync_test_server_rows_dump (LinliServerStore *store,
                            LinliSyncSchema  *schema,
                            const char       *community_id)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *json = linli_server_store_dump_rows (store, community_id, &error);
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GPtrArray) changes = g_ptr_array_new_with_free_func ((GDestroyNotify) linli_sync_change_free);
  g_autoptr(GPtrArray) log = NULL;
  JsonObjectIter iter;
  const char *key;
  JsonNode *doc;

  g_assert_no_error (error);
  root = linli_sync_json_parse (json, strlen (json), &error);
  g_assert_no_error (error);

  /* Each folded row, as one insert under its log's insert stamp: the
   * text then compares with the fold of the log. */
  log = sync_test_read_log (store, community_id);
  json_object_iter_init (&iter, json_node_get_object (root));
  while (json_object_iter_next (&iter, &key, &doc))
    {
      const char *slash = strchr (key, '/');
      LinliSyncChange *c = linli_sync_change_new ();

      c->table = g_strndup (key, (gsize) (slash - key));
      c->row = g_strdup (slash + 1);
      c->op = 'I';
      c->cols = json_object_ref (json_node_get_object (doc));
      for (guint i = 0; i < log->len; i++)
        {
          LinliSyncChange *l = log->pdata[i];

          if (l->op == 'I' && g_str_equal (l->table, c->table) && g_str_equal (l->row, c->row))
            {
              c->hlc = g_strdup (l->hlc);
              break;
            }
        }
      g_assert_nonnull (c->hlc);
      g_ptr_array_add (changes, c);
    }
  return sync_test_fold_log (schema, changes);
}

void
sync_test_reset_replica (LinliDb         *db,
                         LinliSyncSchema *schema)
{
  const GPtrArray *tables = linli_sync_schema_get_tables (schema);
  g_autoptr(GError) error = NULL;

  linli_db_set_journal_enabled (db, FALSE);
  g_assert_true (linli_db_begin (db, &error));
  for (guint i = 0; i < tables->len; i++)
    {
      g_autofree char *sql = g_strdup_printf ("DELETE FROM %s", ((LinliSyncTable *) tables->pdata[i])->name);

      g_assert_true (linli_db_exec (db, &error, sql, NULL));
    }
  g_assert_true (linli_db_exec_script (db,
                                       "DELETE FROM journal; DELETE FROM col_stamp; DELETE FROM pending_change;"
                                       "DELETE FROM sync_conflict; DELETE FROM search_index;"
                                       "DELETE FROM meta WHERE key LIKE 'sync\\_%' ESCAPE '\\';", &error));
  g_assert_true (linli_db_commit (db, &error));
  g_assert_no_error (error);
  linli_db_set_journal_enabled (db, TRUE);
}

/* The wire -------------------------------------------------------------- */

typedef struct
{
  char   *method;
  char   *path;
  char   *token;
  GBytes *body;
} Delayed;

static void
delayed_free (gpointer data)
{
  Delayed *d = data;

  g_free (d->method);
  g_free (d->path);
  g_free (d->token);
  g_clear_pointer (&d->body, g_bytes_unref);
  g_free (d);
}

SyncTestWire *
sync_test_wire_new (LinliServer *server)
{
  SyncTestWire *wire = g_new0 (SyncTestWire, 1);

  wire->server = g_object_ref (server);
  wire->delayed = g_ptr_array_new_with_free_func (delayed_free);
  return wire;
}

void
sync_test_wire_free (SyncTestWire *wire)
{
  g_clear_object (&wire->server);
  g_clear_pointer (&wire->delayed, g_ptr_array_unref);
  g_clear_pointer (&wire->rand, g_rand_free);
  g_free (wire);
}

static char *
deliver (SyncTestWire *wire,
         const char   *method,
         const char   *path,
         const char   *token,
         GBytes       *body,
         guint        *status)
{
  g_autofree char *bare = g_strdup (path);
  g_autofree char *auth = token ? g_strconcat ("Bearer ", token, NULL) : NULL;
  char *query = strchr (bare, '?');
  gsize len = 0;
  const char *data = body ? g_bytes_get_data (body, &len) : NULL;

  if (query != NULL)
    *query++ = '\0';
  return linli_server_handle (wire->server, method, bare, query, auth, data, len, "127.0.0.1", status);
}

static gboolean
chance (SyncTestWire *wire,
        double        p)
{
  return wire->rand != NULL && p > 0 && g_rand_double (wire->rand) < p;
}

GBytes *
sync_test_wire_request (gpointer       user_data,
                        const char    *method,
                        const char    *path,
                        const char    *token,
                        GBytes        *body,
                        guint         *status,
                        GCancellable  *cancellable,
                        GError       **error)
{
  SyncTestWire *wire = user_data;
  char *answer;

  wire->requests++;
  if (body != NULL && g_str_has_suffix (path, "/push"))
    {
      g_autoptr(JsonNode) root = linli_sync_json_parse (g_bytes_get_data (body, NULL), g_bytes_get_size (body), NULL);

      if (root != NULL && JSON_NODE_HOLDS_OBJECT (root) &&
          json_object_has_member (json_node_get_object (root), "changes"))
        wire->most_pushed = MAX (wire->most_pushed,
                                 json_array_get_length (json_object_get_array_member (json_node_get_object (root),
                                                                                      "changes")));
    }

  if (chance (wire, wire->p_delay))
    {
      /* Held in the network, delivered after later requests. */
      Delayed *d = g_new0 (Delayed, 1);

      d->method = g_strdup (method);
      d->path = g_strdup (path);
      d->token = g_strdup (token);
      d->body = body ? g_bytes_ref (body) : NULL;
      g_ptr_array_add (wire->delayed, d);
      g_set_error_literal (error, LINLI_SYNC_ERROR, LINLI_SYNC_ERROR_NETWORK, "test: request delayed");
      return NULL;
    }
  if (chance (wire, wire->p_drop_request))
    {
      g_set_error_literal (error, LINLI_SYNC_ERROR, LINLI_SYNC_ERROR_NETWORK, "test: request lost");
      return NULL;
    }

  answer = deliver (wire, method, path, token, body, status);
  if (chance (wire, wire->p_duplicate))
    {
      g_free (answer);
      answer = deliver (wire, method, path, token, body, status);
    }
  if (chance (wire, wire->p_drop_answer))
    {
      g_free (answer);
      g_set_error_literal (error, LINLI_SYNC_ERROR, LINLI_SYNC_ERROR_NETWORK, "test: answer lost");
      return NULL;
    }
  return g_bytes_new_take (answer, strlen (answer));
}

void
sync_test_wire_flush (SyncTestWire *wire,
                      gboolean      all)
{
  while (wire->delayed->len > 0)
    {
      guint i = wire->rand ? (guint) g_rand_int_range (wire->rand, 0, (gint32) wire->delayed->len) : 0;
      Delayed *d = g_ptr_array_steal_index (wire->delayed, i);
      guint status = 0;
      g_autofree char *answer = deliver (wire, d->method, d->path, d->token, d->body, &status);

      delayed_free (d);
      if (!all)
        break;
    }
}

/* Files and processes ---------------------------------------------------- */

char *
sync_test_tmpdir (const char *name)
{
  g_autofree char *tmpl = g_strdup_printf ("linli-%s-XXXXXX", name);
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp (tmpl, &error);

  g_assert_no_error (error);
  return dir;
}

void
sync_test_rm_rf (const char *path)
{
  const char *argv[] = { "rm", "-rf", path, NULL };

  if (path != NULL)
    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
}

int
sync_test_run (const char * const  *argv,
               const char * const  *env,
               char               **out,
               char               **err)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) envp = g_get_environ ();
  int status = -1;

  for (guint i = 0; env != NULL && env[i] != NULL; i++)
    {
      g_auto(GStrv) kv = g_strsplit (env[i], "=", 2);

      envp = kv[1] ? g_environ_setenv (envp, kv[0], kv[1], TRUE) : g_environ_unsetenv (envp, kv[0]);
    }
  g_spawn_sync (NULL, (char **) argv, envp, G_SPAWN_DEFAULT, NULL, NULL, out, err, &status, &error);
  g_assert_no_error (error);
  if (WIFEXITED (status))
    return WEXITSTATUS (status);
  return -WTERMSIG (status);
}

/* A server the test starts dies with the test, however the test ends:
 * an orphan would keep the test's output open, and its port. */
static void
die_with_parent (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

static char *
server_binary (void)
{
  return g_build_filename (g_getenv ("LINLI_BUILD_ROOT"), "src", "server", "linli-server", NULL);
}

int
sync_test_server_admin (const char * const  *storage_args,
                        const char * const  *admin_args,
                        char               **out)
{
  g_autofree char *bin = server_binary ();
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *text = NULL;
  g_autofree char *err = NULL;
  int status;

  g_ptr_array_add (argv, bin);
  for (guint i = 0; storage_args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) storage_args[i]);
  g_ptr_array_add (argv, (char *) "admin");
  for (guint i = 0; admin_args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) admin_args[i]);
  g_ptr_array_add (argv, NULL);

  status = sync_test_run ((const char * const *) argv->pdata, NULL, &text, &err);
  if (status != 0)
    g_test_message ("linli-server admin %s: %s", admin_args[0], err);
  if (out != NULL)
    *out = g_strdup (g_strstrip (text));
  return status;
}

/**
 * sync_test_admin:
 * @first: the admin command, then its arguments, then %NULL
 *
 * Runs `linli-server … admin` on @storage and fails the test unless it
 * succeeds.
 *
 * Returns: (transfer full): what it printed, stripped
 */
char *
sync_test_admin (const SyncTestStorage *storage,
                 const char            *first,
                 ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  char *out = NULL;
  va_list ap;

  va_start (ap, first);
  for (const char *a = first; a != NULL; a = va_arg (ap, const char *))
    g_ptr_array_add (args, (char *) a);
  va_end (ap);
  g_ptr_array_add (args, NULL);
  g_assert_cmpint (sync_test_server_admin ((const char * const *) storage->args,
                                           (const char * const *) args->pdata, &out), ==, 0);
  return out;
}

SyncTestProcess *
sync_test_server_spawn (const char * const  *storage_args,
                        const char          *listen,
                        GError             **error)
{
  g_autofree char *bin = server_binary ();
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  SyncTestProcess *p = g_new0 (SyncTestProcess, 1);
  GString *line = g_string_new (NULL);
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  g_ptr_array_add (argv, g_strdup (bin));
  for (guint i = 0; storage_args[i] != NULL; i++)
    g_ptr_array_add (argv, g_strdup (storage_args[i]));
  g_ptr_array_add (argv, g_strdup ("--listen"));
  g_ptr_array_add (argv, g_strdup (listen ? listen : "127.0.0.1:0"));
  g_ptr_array_add (argv, NULL);

  if (!g_spawn_async_with_pipes (NULL, (char **) argv->pdata, NULL, G_SPAWN_DO_NOT_REAP_CHILD, die_with_parent, NULL,
                                 &p->pid, NULL, &p->stdout_fd, NULL, error))
    {
      g_string_free (line, TRUE);
      g_free (p);
      return NULL;
    }
  p->argv = (char **) g_ptr_array_free (g_steal_pointer (&argv), FALSE);

  /* "linli-server: listening on URL" */
  while (strchr (line->str, '\n') == NULL && g_get_monotonic_time () < deadline)
    {
      struct pollfd pfd = { p->stdout_fd, POLLIN, 0 };
      char buf[256];
      gssize n;

      if (poll (&pfd, 1, 200) <= 0)
        continue;
      n = read (p->stdout_fd, buf, sizeof buf);
      if (n <= 0)
        break;
      g_string_append_len (line, buf, n);
    }
  if (strstr (line->str, "listening on ") == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "linli-server did not start: %s", line->str);
      sync_test_server_kill (p, SIGKILL);
      g_string_free (line, TRUE);
      return NULL;
    }
  {
    char *url = strstr (line->str, "listening on ") + strlen ("listening on ");
    char *end = strpbrk (url, "\n ");

    if (end)
      *end = '\0';
    while (g_str_has_suffix (url, "/"))
      url[strlen (url) - 1] = '\0';
    p->url = g_strdup (url);
  }
  g_string_free (line, TRUE);
  return p;
}

void
sync_test_server_kill (SyncTestProcess *p,
                       int              sig)
{
  int status;

  if (p == NULL)
    return;
  kill (p->pid, sig);
  waitpid (p->pid, &status, 0);
  g_spawn_close_pid (p->pid);
  if (p->stdout_fd >= 0)
    close (p->stdout_fd);
  g_strfreev (p->argv);
  g_free (p->url);
  g_free (p);
}

guint
sync_test_url_port (const char *url)
{
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);

  g_assert_nonnull (uri);
  return (guint) g_uri_get_port (uri);
}

/* PostgreSQL ------------------------------------------------------------ */

static char *
find_postgres_bin (void)
{
  g_autoptr(GDir) dir = g_dir_open ("/usr/lib/postgresql", 0, NULL);
  g_autofree char *best = NULL;
  int best_version = 0;
  const char *name;

  if (g_getenv ("LINLI_PG_BIN") != NULL)
    return g_strdup (g_getenv ("LINLI_PG_BIN"));
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *initdb = g_build_filename ("/usr/lib/postgresql", name, "bin", "initdb", NULL);
      int v = atoi (name);

      if (v > best_version && g_file_test (initdb, G_FILE_TEST_IS_EXECUTABLE))
        {
          best_version = v;
          g_free (best);
          best = g_build_filename ("/usr/lib/postgresql", name, "bin", NULL);
        }
    }
  return g_steal_pointer (&best);
}

static gboolean
run_as_postgres (const char  *bin,
                 const char  *tool,
                 const char * const *args,
                 GError     **error)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = 0;

  if (getuid () == 0)
    {
      /* PostgreSQL will not run as root. */
      g_ptr_array_add (argv, g_strdup ("runuser"));
      g_ptr_array_add (argv, g_strdup ("-u"));
      g_ptr_array_add (argv, g_strdup ("postgres"));
      g_ptr_array_add (argv, g_strdup ("--"));
    }
  g_ptr_array_add (argv, g_build_filename (bin, tool, NULL));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, g_strdup (args[i]));
  g_ptr_array_add (argv, NULL);

  if (!g_spawn_sync ("/", (char **) argv->pdata, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, &status, error))
    return FALSE;
  if (!g_spawn_check_wait_status (status, NULL))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s failed: %s%s", tool, out, err);
      return FALSE;
    }
  return TRUE;
}

/* pg_ctl leaves the postmaster on its own: a small process waits for the
 * test to end, however it ends, and stops the cluster. */
static void
start_reaper (SyncTestPostgres *pg)
{
  int fds[2];
  pid_t pid;

  if (pipe (fds) != 0)
    return;
  pid = fork ();
  if (pid == 0)
    {
      g_autofree char *data = g_build_filename (pg->dir, "data", NULL);
      g_autofree char *pg_ctl = g_build_filename (pg->bin, "pg_ctl", NULL);
      char c;
      int devnull = open ("/dev/null", O_RDWR);

      /* Not the test's output: whoever reads it waits for its end. */
      dup2 (devnull, 0);
      dup2 (devnull, 1);
      dup2 (devnull, 2);
      close (fds[1]);
      while (read (fds[0], &c, 1) > 0)
        ;
      if (g_file_test (data, G_FILE_TEST_IS_DIR))
        {
          g_autofree char *cmd = g_strdup_printf ("%s '%s' -D '%s' -m immediate stop; rm -rf '%s'",
                                                  getuid () == 0 ? "runuser -u postgres --" : "",
                                                  pg_ctl, data, pg->dir);

          execl ("/bin/sh", "sh", "-c", cmd, NULL);
        }
      _exit (0);
    }
  close (fds[0]);
  pg->reaper_fd = fds[1];
  pg->reaper = pid;
}

/**
 * sync_test_postgres_start:
 *
 * Returns: the cluster, or %NULL with @error set; %NULL and no error
 *   when PostgreSQL is not installed
 */
SyncTestPostgres *
sync_test_postgres_start (GError **error)
{
  g_autofree char *bin = find_postgres_bin ();
  g_autofree char *data = NULL;
  g_autofree char *log = NULL;
  g_autofree char *opts = NULL;
  SyncTestPostgres *pg;
  const char *fsync = g_getenv ("LINLI_PG_FSYNC") ? "on" : "off";

  if (bin == NULL)
    return NULL;

  pg = g_new0 (SyncTestPostgres, 1);
  pg->bin = g_steal_pointer (&bin);
  pg->dir = sync_test_tmpdir ("pg");
  g_chmod (pg->dir, 0755);
  if (getuid () == 0)
    {
      struct passwd *pw = getpwnam ("postgres");

      if (pw == NULL || chown (pg->dir, pw->pw_uid, pw->pw_gid) != 0)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "cannot give %s to the user postgres", pg->dir);
          sync_test_postgres_stop (pg);
          return NULL;
        }
    }
  data = g_build_filename (pg->dir, "data", NULL);
  log = g_build_filename (pg->dir, "log", NULL);
  opts = g_strdup_printf ("-k %s -c listen_addresses='' -c fsync=%s -c max_connections=300 "
                          "-c shared_buffers=64MB", pg->dir, fsync);

  if (!run_as_postgres (pg->bin, "initdb",
                        (const char *[]) { "-D", data, "-A", "trust", "-U", "postgres", "-E", "UTF8",
                                           "--locale=C.UTF-8", "--no-sync", NULL }, error) ||
      !run_as_postgres (pg->bin, "pg_ctl",
                        (const char *[]) { "-D", data, "-o", opts, "-l", log, "-w", "-t", "60", "start", NULL },
                        error))
    {
      sync_test_postgres_stop (pg);
      return NULL;
    }

  start_reaper (pg);
  pg->admin_uri = g_strdup_printf ("host=%s dbname=postgres user=postgres", pg->dir);
  {
    g_autoptr(LinliSql) sql = linli_sql_open_postgres (pg->admin_uri, error);

    if (sql == NULL || !linli_sql_exec_script (sql, "CREATE ROLE linli LOGIN", error))
      {
        sync_test_postgres_stop (pg);
        return NULL;
      }
  }
  pg->uri = sync_test_postgres_new_db (pg, "linli", error);
  if (pg->uri == NULL)
    {
      sync_test_postgres_stop (pg);
      return NULL;
    }
  return pg;
}

char *
sync_test_postgres_new_db (SyncTestPostgres  *pg,
                           const char        *name,
                           GError           **error)
{
  g_autoptr(LinliSql) sql = linli_sql_open_postgres (pg->admin_uri, error);
  g_autofree char *create = g_strdup_printf ("CREATE DATABASE %s OWNER linli", name);

  if (sql == NULL || !linli_sql_exec_script (sql, create, error))
    return NULL;
  return g_strdup_printf ("host=%s dbname=%s user=linli", pg->dir, name);
}

void
sync_test_postgres_stop (SyncTestPostgres *pg)
{
  if (pg == NULL)
    return;
  if (pg->bin != NULL && pg->dir != NULL)
    {
      g_autofree char *data = g_build_filename (pg->dir, "data", NULL);

      if (g_file_test (data, G_FILE_TEST_IS_DIR))
        run_as_postgres (pg->bin, "pg_ctl", (const char *[]) { "-D", data, "-m", "immediate", "-w", "stop", NULL },
                         NULL);
    }
  if (pg->reaper > 0)
    {
      int status;

      close (pg->reaper_fd);
      waitpid (pg->reaper, &status, 0);
    }
  sync_test_rm_rf (pg->dir);
  g_free (pg->dir);
  g_free (pg->bin);
  g_free (pg->uri);
  g_free (pg->admin_uri);
  g_free (pg);
}

/* The proxy ------------------------------------------------------------- */

struct _SyncTestProxy
{
  GSocketListener *listener;
  GThread         *acceptor;
  guint            port;
  guint            target;
  GCancellable    *cancellable;

  GMutex           lock;
  gboolean         drop_armed;
  guint            dropped;
  guint            pushes;
  guint            pulls;
  GPtrArray       *threads;
};

typedef struct
{
  SyncTestProxy     *proxy;
  GSocketConnection *client;
  GSocketConnection *server;
  gboolean           push_in_flight;
  gint               refs;
} ProxyConn;

static void
proxy_conn_unref (ProxyConn *c)
{
  if (g_atomic_int_dec_and_test (&c->refs))
    {
      g_io_stream_close (G_IO_STREAM (c->client), NULL, NULL);
      g_io_stream_close (G_IO_STREAM (c->server), NULL, NULL);
      g_object_unref (c->client);
      g_object_unref (c->server);
      g_free (c);
    }
}

static gpointer
pump_up (gpointer data)
{
  ProxyConn *c = data;
  GInputStream *in = g_io_stream_get_input_stream (G_IO_STREAM (c->client));
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (c->server));
  char buf[65536];
  gssize n;

  while ((n = g_input_stream_read (in, buf, sizeof buf, NULL, NULL)) > 0)
    {
      if (n > 5 && memcmp (buf, "POST ", 5) == 0 && g_strstr_len (buf, MIN (n, 300), "/push ") != NULL)
        {
          g_mutex_lock (&c->proxy->lock);
          c->push_in_flight = TRUE;
          c->proxy->pushes++;
          g_mutex_unlock (&c->proxy->lock);
        }
      if (n > 4 && memcmp (buf, "GET ", 4) == 0 && g_strstr_len (buf, MIN (n, 300), "/pull?") != NULL)
        {
          g_mutex_lock (&c->proxy->lock);
          c->proxy->pulls++;
          g_mutex_unlock (&c->proxy->lock);
        }
      if (!g_output_stream_write_all (out, buf, (gsize) n, NULL, NULL, NULL))
        break;
    }
  g_socket_shutdown (g_socket_connection_get_socket (c->server), FALSE, TRUE, NULL);
  proxy_conn_unref (c);
  return NULL;
}

static gpointer
pump_down (gpointer data)
{
  ProxyConn *c = data;
  GInputStream *in = g_io_stream_get_input_stream (G_IO_STREAM (c->server));
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (c->client));
  char buf[65536];
  gssize n;

  while ((n = g_input_stream_read (in, buf, sizeof buf, NULL, NULL)) > 0)
    {
      gboolean drop;

      g_mutex_lock (&c->proxy->lock);
      drop = c->proxy->drop_armed && c->push_in_flight;
      if (drop)
        {
          c->proxy->drop_armed = FALSE;
          c->proxy->dropped++;
        }
      c->push_in_flight = FALSE;
      g_mutex_unlock (&c->proxy->lock);

      if (drop)
        {
          /* The server committed and answered; the client never hears. */
          g_socket_shutdown (g_socket_connection_get_socket (c->client), TRUE, TRUE, NULL);
          g_socket_shutdown (g_socket_connection_get_socket (c->server), TRUE, TRUE, NULL);
          break;
        }
      if (!g_output_stream_write_all (out, buf, (gsize) n, NULL, NULL, NULL))
        break;
    }
  g_socket_shutdown (g_socket_connection_get_socket (c->client), FALSE, TRUE, NULL);
  proxy_conn_unref (c);
  return NULL;
}

static gpointer
proxy_accept (gpointer data)
{
  SyncTestProxy *proxy = data;

  for (;;)
    {
      g_autoptr(GSocketClient) connector = g_socket_client_new ();
      GSocketConnection *client = g_socket_listener_accept (proxy->listener, NULL, proxy->cancellable, NULL);
      GSocketConnection *server;
      ProxyConn *c;

      if (client == NULL)
        break;
      server = g_socket_client_connect_to_host (connector, "127.0.0.1", (guint16) proxy->target, NULL, NULL);
      if (server == NULL)
        {
          g_io_stream_close (G_IO_STREAM (client), NULL, NULL);
          g_object_unref (client);
          continue;
        }
      c = g_new0 (ProxyConn, 1);
      c->proxy = proxy;
      c->client = client;
      c->server = server;
      c->refs = 2;
      g_mutex_lock (&proxy->lock);
      g_ptr_array_add (proxy->threads, g_thread_new ("proxy-up", pump_up, c));
      g_ptr_array_add (proxy->threads, g_thread_new ("proxy-down", pump_down, c));
      g_mutex_unlock (&proxy->lock);
    }
  return NULL;
}

SyncTestProxy *
sync_test_proxy_new (guint target_port)
{
  SyncTestProxy *proxy = g_new0 (SyncTestProxy, 1);
  g_autoptr(GInetAddress) lo = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (lo, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  g_mutex_init (&proxy->lock);
  proxy->target = target_port;
  proxy->cancellable = g_cancellable_new ();
  proxy->threads = g_ptr_array_new ();
  proxy->listener = g_socket_listener_new ();
  g_socket_listener_add_address (proxy->listener, address, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                                 NULL, &bound, &error);
  g_assert_no_error (error);
  proxy->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  proxy->acceptor = g_thread_new ("proxy-accept", proxy_accept, proxy);
  return proxy;
}

char *
sync_test_proxy_get_url (SyncTestProxy *proxy)
{
  return g_strdup_printf ("http://127.0.0.1:%u", proxy->port);
}

void
sync_test_proxy_drop_next_push_answer (SyncTestProxy *proxy)
{
  g_mutex_lock (&proxy->lock);
  proxy->drop_armed = TRUE;
  g_mutex_unlock (&proxy->lock);
}

guint
sync_test_proxy_dropped (SyncTestProxy *proxy)
{
  guint n;

  g_mutex_lock (&proxy->lock);
  n = proxy->dropped;
  g_mutex_unlock (&proxy->lock);
  return n;
}

guint
sync_test_proxy_pushes_seen (SyncTestProxy *proxy)
{
  guint n;

  g_mutex_lock (&proxy->lock);
  n = proxy->pushes;
  g_mutex_unlock (&proxy->lock);
  return n;
}

guint
sync_test_proxy_pulls_seen (SyncTestProxy *proxy)
{
  guint n;

  g_mutex_lock (&proxy->lock);
  n = proxy->pulls;
  g_mutex_unlock (&proxy->lock);
  return n;
}

void
sync_test_proxy_free (SyncTestProxy *proxy)
{
  g_cancellable_cancel (proxy->cancellable);
  g_socket_listener_close (proxy->listener);
  g_thread_join (proxy->acceptor);
  /* Connections end when their client or server closes. */
  for (guint i = 0; i < proxy->threads->len; i++)
    g_thread_join (proxy->threads->pdata[i]);
  g_ptr_array_unref (proxy->threads);
  g_object_unref (proxy->listener);
  g_object_unref (proxy->cancellable);
  g_mutex_clear (&proxy->lock);
  g_free (proxy);
}

/* Storage --------------------------------------------------------------- */

SyncTestStorage *
sync_test_storage_new (const char  *name,
                       char       **skip)
{
  SyncTestStorage *s = g_new0 (SyncTestStorage, 1);
  const char *kind = g_getenv ("LINLI_TEST_STORAGE");

  if (g_strcmp0 (kind, "postgres") == 0)
    {
      g_autoptr(GError) error = NULL;

      s->postgres = TRUE;
      s->pg = sync_test_postgres_start (&error);
      if (s->pg == NULL && error == NULL)
        {
          *skip = g_strdup ("PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb): "
                            "the PostgreSQL variant is skipped; build-aux/linli-dev test installs it");
          g_free (s);
          return NULL;
        }
      g_assert_no_error (error);
      s->uri = g_strdup (s->pg->uri);
      s->args[0] = "--postgres";
      s->args[1] = s->uri;
    }
  else
    {
      s->dir = sync_test_tmpdir (name);
      s->args[0] = "--data";
      s->args[1] = s->dir;
    }
  return s;
}

void
sync_test_storage_free (SyncTestStorage *s)
{
  if (s == NULL)
    return;
  sync_test_postgres_stop (s->pg);
  sync_test_rm_rf (s->dir);
  g_free (s->dir);
  g_free (s->uri);
  g_free (s);
}

LinliServerStore *
sync_test_storage_open (SyncTestStorage *s)
{
  g_autoptr(GError) error = NULL;
  LinliServerStore *store = s->postgres ? linli_server_store_new_postgres (s->uri, &error)
                                        : linli_server_store_new_sqlite (s->dir, &error);

  g_assert_no_error (error);
  return store;
}

/* HTTP ------------------------------------------------------------------ */

static gboolean
accept_cb (SoupMessage          *msg,
           GTlsCertificate      *cert,
           GTlsCertificateFlags  errors,
           gpointer              data)
{
  return TRUE;
}

GBytes *
sync_test_http (const char *url,
                const char *method,
                const char *path,
                const char *token,
                const char *body,
                gssize      len,
                guint      *status)
{
  g_autoptr(SoupSession) session = soup_session_new_with_options ("timeout", 60, NULL);
  g_autofree char *full = g_strconcat (url, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, full);
  g_autoptr(GError) error = NULL;
  GBytes *answer;

  g_assert_nonnull (msg);
  g_signal_connect (msg, "accept-certificate", G_CALLBACK (accept_cb), NULL);
  if (token != NULL)
    {
      g_autofree char *bearer = g_strconcat ("Bearer ", token, NULL);

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", bearer);
    }
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, len < 0 ? strlen (body) : (gsize) len);

      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }
  answer = soup_session_send_and_read (session, msg, NULL, &error);
  if (answer == NULL)
    {
      g_test_message ("%s %s: %s", method, path, error->message);
      *status = 0;
      return NULL;
    }
  *status = soup_message_get_status (msg);
  return answer;
}
