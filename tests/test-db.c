/* test-db.c: the community file: creation, refusal of foreign and newer
 * files, migrations, transactions, and the journal of every write.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>
#include <sys/stat.h>

#include "linli-core.h"
#include "linli-db.h"
#include "linli-hlc.h"

static char *
tmp_path (const char *name)
{
  static char *dir;

  if (dir == NULL)
    dir = g_dir_make_tmp ("linli-test-db-XXXXXX", NULL);
  return g_build_filename (dir, name, NULL);
}

static char *
file_checksum (const char *path)
{
  g_autofree char *contents = NULL;
  gsize len = 0;

  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, len);
}

/* One row in every synced table, parents first. Returns the ids by table. */
static GHashTable *
fill_every_table (LinliDb *db)
{
  GHashTable *ids = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  g_autoptr(GError) error = NULL;
  char *c, *id;

#define PUT(table, expr) G_STMT_START { id = (expr); g_assert_no_error (error); g_assert_nonnull (id); \
    g_hash_table_insert (ids, (gpointer) table, id); } G_STMT_END
#define ID(table) ((const char *) g_hash_table_lookup (ids, table))

  g_assert_true (linli_db_begin (db, &error));
  c = linli_new_id ();
  g_assert_true (linli_db_insert_with_id (db, &error, "community", c, "community_id,name", "ss", c, "青和居社区"));
  g_hash_table_insert (ids, (gpointer) "community", c);
  PUT ("compound", linli_db_insert (db, &error, "compound", "community_id,name", "ss", c, "青和居"));
  PUT ("organisation", linli_db_insert (db, &error, "organisation", "community_id,kind,name", "sss", c, "property", "青和物业"));
  PUT ("person", linli_db_insert (db, &error, "person", "community_id,name,is_resident", "ssi", c, "李建国", 0));
  PUT ("grid", linli_db_insert (db, &error, "grid", "community_id,compound_id,number,name,worker_id", "ssiss", c, ID ("compound"), 3, "第3网格", ID ("person")));
  PUT ("neighbourhood", linli_db_insert (db, &error, "neighbourhood", "community_id,grid_id,name", "sss", c, ID ("grid"), "第1邻里"));
  PUT ("building", linli_db_insert (db, &error, "building", "community_id,compound_id,grid_id,number,floors", "sssss", c, ID ("compound"), ID ("grid"), "12", "7"));
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
  PUT ("assignment", linli_db_insert (db, &error, "assignment", "community_id,shift_id,volunteer_id", "sss", c, ID ("shift"), ID ("volunteer")));
  PUT ("venue", linli_db_insert (db, &error, "venue", "community_id,name,capacity", "ssi", c, "党群服务中心", 40));
  PUT ("project", linli_db_insert (db, &error, "project", "community_id,compound_id,name,stage,budget", "ssssl", c, ID ("compound"), "童趣乐园", "build", (gint64) 1200000));
  PUT ("meeting", linli_db_insert (db, &error, "meeting", "community_id,kind,title,venue_id,starts_at,ends_at,project_id", "sssssss", c, "hearing", "童趣乐园项目听证会", ID ("venue"), "2026-11-26T19:00", "2026-11-26T20:30", ID ("project")));
  PUT ("meeting_invitee", linli_db_insert (db, &error, "meeting_invitee", "community_id,meeting_id,person_id", "sss", c, ID ("meeting"), ID ("person")));
  PUT ("attendance", linli_db_insert (db, &error, "attendance", "community_id,meeting_id,person_id,signed_in_at", "ssss", c, ID ("meeting"), ID ("person"), "2026-11-26T18:55"));
  PUT ("decision", linli_db_insert (db, &error, "decision", "community_id,meeting_id,text,project_id,action", "sssss", c, ID ("meeting"), "选址2栋架空层", ID ("project"), "change_project"));
  PUT ("project_stage", linli_db_insert (db, &error, "project_stage", "community_id,project_id,stage,at", "ssss", c, ID ("project"), "build", "2026-10-01"));
  PUT ("project_metric", linli_db_insert (db, &error, "project_metric", "community_id,project_id,label,done,target,unit", "sssdds", c, ID ("project"), "路灯修缮", 120.0, 300.0, "个"));
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

static void
test_create (void)
{
  g_autofree char *path = tmp_path ("create.db");
  g_autoptr(GError) error = NULL;
  g_autoptr(LinliDb) db = NULL;
  g_autofree char *mode = NULL;
  GStatBuf st;

  db = linli_db_open (path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (db);

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_cmpint (linli_db_get_schema_version (db), ==, LINLI_DB_SCHEMA_VERSION);
  mode = linli_db_query_string (db, &error, "PRAGMA journal_mode", NULL);
  g_assert_cmpstr (mode, ==, "wal");
  g_assert_cmpint (linli_db_query_int (db, &error, "PRAGMA foreign_keys", NULL), ==, 1);
  g_assert_cmpuint (strlen (linli_db_get_device_id (db)), ==, 16);
}

static void
test_every_write_journaled (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LinliDb) db = linli_db_open_memory (&error);
  g_autoptr(GHashTable) ids = NULL;
  g_auto(GStrv) tables = NULL;
  GHashTableIter iter;
  gpointer key, value;

  g_assert_no_error (error);
  ids = fill_every_table (db);
  tables = linli_db_list_synced_tables (db);
  g_assert_cmpuint (g_strv_length (tables), >=, 30);

  /* Every synced table got its row, and every row is in the journal. */
  for (guint i = 0; tables[i] != NULL; i++)
    {
      const char *id = g_hash_table_lookup (ids, tables[i]);
      g_autofree char *cols = NULL;

      if (id == NULL)
        g_error ("fill_every_table() misses table %s", tables[i]);
      cols = linli_db_query_string (db, &error,
                                    "SELECT cols FROM journal WHERE tbl = ? AND row_id = ? AND op = 'I'",
                                    "ss", tables[i], id);
      g_assert_no_error (error);
      /* Without its values: the push reads the row (linli-sync-client.c). */
      g_assert_cmpstr (cols, ==, "{}");
    }

  /* Updates journal only the changed columns and stamp them. */
  g_hash_table_iter_init (&iter, ids);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_autofree char *cols = NULL;
      g_autofree char *stamp = NULL;
      g_autofree char *jstamp = NULL;
      gint64 before = linli_db_query_int (db, NULL, "SELECT count(*) FROM journal", NULL);

      g_assert_true (linli_db_soft_delete (db, key, value, &error));
      g_assert_no_error (error);
      g_assert_cmpint (linli_db_query_int (db, NULL, "SELECT count(*) FROM journal", NULL), ==, before + 1);
      cols = linli_db_query_string (db, &error,
                                    "SELECT cols FROM journal WHERE tbl = ? AND row_id = ? AND op = 'U' ORDER BY seq DESC",
                                    "ss", key, value);
      g_assert_cmpstr (cols, ==, "{\"deleted\":1}");
      stamp = linli_db_query_string (db, &error, "SELECT hlc FROM col_stamp WHERE tbl = ? AND row_id = ? AND col = 'deleted'",
                                     "ss", key, value);
      jstamp = linli_db_query_string (db, &error, "SELECT hlc FROM journal WHERE tbl = ? AND row_id = ? ORDER BY seq DESC",
                                      "ss", key, value);
      g_assert_nonnull (stamp);
      g_assert_cmpstr (stamp, ==, jstamp);

      /* An update that changes nothing journals nothing. */
      g_assert_true (linli_db_set (db, &error, key, value, "deleted", "i", 1));
      g_assert_cmpint (linli_db_query_int (db, NULL, "SELECT count(*) FROM journal", NULL), ==, before + 1);

      /* Hard deletes are refused: they could not reach the other PCs. */
      {
        g_autofree char *sql = g_strdup_printf ("DELETE FROM %s WHERE id = ?", (char *) key);
        g_autoptr(GError) del_error = NULL;

        g_assert_false (linli_db_exec (db, &del_error, sql, "s", value));
        g_assert_nonnull (del_error);
        g_assert_nonnull (strstr (del_error->message, "never removed"));
      }
    }

  /* Stamps in the journal only ever grow. */
  {
    g_autoptr(LinliQuery) q = linli_db_query (db, &error, "SELECT hlc FROM journal WHERE op = 'U' ORDER BY seq", NULL);
    g_autofree char *last = NULL;

    while (linli_query_next (q, NULL))
      {
        const char *h = linli_query_get_string (q, 0);
        LinliHlc parsed;

        g_assert_true (linli_hlc_parse (h, &parsed));
        if (last != NULL)
          g_assert_cmpstr (last, <, h);
        g_free (last);
        last = g_strdup (h);
      }
  }
}

static void
test_journal_off (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LinliDb) db = linli_db_open_memory (&error);
  g_autofree char *c = linli_new_id ();

  linli_db_set_journal_enabled (db, FALSE);
  g_assert_true (linli_db_insert_with_id (db, &error, "community", c, "community_id,name", "ss", c, "东龙社区"));
  g_assert_cmpint (linli_db_query_int (db, NULL, "SELECT count(*) FROM journal", NULL), ==, 0);
  linli_db_set_journal_enabled (db, TRUE);
  g_assert_true (linli_db_set (db, &error, "community", c, "name", "s", "东龙社区居委会"));
  g_assert_cmpint (linli_db_query_int (db, NULL, "SELECT count(*) FROM journal", NULL), ==, 1);
}

static void
test_transactions (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LinliDb) db = linli_db_open_memory (&error);
  g_autofree char *c = linli_new_id ();
  g_autofree char *c2 = linli_new_id ();

  g_assert_true (linli_db_begin (db, &error));
  g_assert_true (linli_db_insert_with_id (db, &error, "community", c, "community_id,name", "ss", c, "A"));
  g_assert_true (linli_db_begin (db, &error));
  g_assert_true (linli_db_insert_with_id (db, &error, "community", c2, "community_id,name", "ss", c2, "B"));
  linli_db_rollback (db);
  g_assert_true (linli_db_commit (db, &error));
  g_assert_no_error (error);

  g_assert_cmpint (linli_db_query_int (db, NULL, "SELECT count(*) FROM community", NULL), ==, 1);
  g_assert_cmpint (linli_db_query_int (db, NULL, "SELECT count(*) FROM journal", NULL), ==, 1);
  g_assert_false (linli_db_in_transaction (db));

  /* A broken reference fails the commit, and nothing of it stays. */
  g_assert_true (linli_db_begin (db, &error));
  {
    g_autofree char *new_id = linli_db_insert (db, &error, "compound", "community_id,name", "ss", "no-such-community", "X");
    g_assert_nonnull (new_id);
  }
  g_assert_false (linli_db_commit (db, &error));
  g_assert_error (error, LINLI_DB_ERROR, LINLI_DB_ERROR_INVALID);
  g_assert_false (linli_db_in_transaction (db));
  g_assert_cmpint (linli_db_query_int (db, NULL, "SELECT count(*) FROM compound", NULL), ==, 0);
}

static void
test_set_missing_row (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LinliDb) db = linli_db_open_memory (&error);

  g_assert_false (linli_db_set (db, &error, "person", "nobody", "name", "s", "x"));
  g_assert_error (error, LINLI_DB_ERROR, LINLI_DB_ERROR_NOT_FOUND);
}

static void
test_refuse_newer (void)
{
  g_autofree char *path = tmp_path ("newer.db");
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  LinliDb *db;
  sqlite3 *handle;

  db = linli_db_open (path, &error);
  g_assert_no_error (error);
  g_object_unref (db);

  /* A newer Linli wrote this file: its version is past ours. */
  g_assert_cmpint (sqlite3_open (path, &handle), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (handle, "PRAGMA journal_mode = DELETE; PRAGMA user_version = 99", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (handle);

  before = file_checksum (path);
  db = linli_db_open (path, &error);
  g_assert_null (db);
  g_assert_error (error, LINLI_DB_ERROR, LINLI_DB_ERROR_NEWER_SCHEMA);
  g_assert_nonnull (strstr (error->message, "newer"));
  after = file_checksum (path);
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpint (linli_db_peek_schema_version (path, NULL), ==, 99);
}

static void
test_refuse_foreign (void)
{
  g_autofree char *text = tmp_path ("notes.txt");
  g_autofree char *other = tmp_path ("other.sqlite");
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3 *handle;
  LinliDb *db;

  g_assert_true (g_file_set_contents (text, "序号,姓名\n1,王芳\n", -1, NULL));
  before = file_checksum (text);
  db = linli_db_open (text, &error);
  g_assert_null (db);
  g_assert_error (error, LINLI_DB_ERROR, LINLI_DB_ERROR_NOT_LINLI);
  after = file_checksum (text);
  g_assert_cmpstr (before, ==, after);
  g_clear_error (&error);

  g_assert_cmpint (sqlite3_open (other, &handle), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (handle, "CREATE TABLE songs (title TEXT)", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (handle);
  db = linli_db_open (other, &error);
  g_assert_null (db);
  g_assert_error (error, LINLI_DB_ERROR, LINLI_DB_ERROR_NOT_LINLI);
}

/* A file of the first schema, as tests/data/schema-v1.sql holds it, opens
 * in this Linli with its records, its journal and a working search. */
static void
test_migrate_from_v1 (void)
{
  g_autofree char *sql_path = g_build_filename (g_getenv ("LINLI_SOURCE_ROOT"), "tests", "data", "schema-v1.sql", NULL);
  g_autofree char *path = tmp_path ("v1.db");
  g_autofree char *sql = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(LinliDb) db = NULL;
  g_autoptr(GString) report = g_string_new (NULL);
  sqlite3 *handle;

  g_assert_true (g_file_get_contents (sql_path, &sql, NULL, &error));
  g_assert_cmpint (sqlite3_open (path, &handle), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (handle, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (handle);
  g_assert_cmpint (linli_db_peek_schema_version (path, NULL), ==, 1);

  db = linli_db_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (linli_db_get_schema_version (db), ==, LINLI_DB_SCHEMA_VERSION);
  /* Step 2: the sync tables' indexes. */
  g_assert_cmpint (linli_db_query_int (db, NULL,
                                       "SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND name IN "
                                       "('pending_change_key', 'sync_conflict_unseen')", NULL), ==, 2);
  g_assert_cmpint (linli_db_query_int (db, NULL, "SELECT count(*) FROM person WHERE name = '李建国'", NULL), ==, 1);
  g_assert_true (linli_db_check (db, report, &error));
  g_assert_cmpint (linli_db_query_int (db, NULL, "SELECT count(*) FROM search_index WHERE terms MATCH '\"^李建国\"'", NULL), ==, 1);
}

static void
test_search_triggers (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LinliDb) db = linli_db_open_memory (&error);
  g_autoptr(GHashTable) ids = fill_every_table (db);
  g_autoptr(GString) report = g_string_new (NULL);

#define HITS(q) linli_db_query_int (db, NULL, "SELECT count(*) FROM search_index WHERE terms MATCH ?", "s", q)
  g_assert_cmpint (HITS ("\"^李建国\""), ==, 1);
  g_assert_cmpint (HITS ("\"12-2-501\""), ==, 1);
  g_assert_cmpint (HITS ("\"12栋2单元501\""), ==, 1);

  /* Renumbering the building moves its households' addresses. */
  g_assert_true (linli_db_set (db, &error, "building", g_hash_table_lookup (ids, "building"), "number", "s", "15"));
  g_assert_cmpint (HITS ("\"12-2-501\""), ==, 0);
  g_assert_cmpint (HITS ("\"15-2-501\""), ==, 1);

  /* Deleted records leave the index. */
  g_assert_true (linli_db_soft_delete (db, "person", g_hash_table_lookup (ids, "person"), &error));
  g_assert_cmpint (HITS ("\"^李建国\""), ==, 0);
  g_assert_true (linli_db_check (db, report, &error));

  g_assert_true (linli_db_rebuild_search (db, &error));
  g_assert_cmpint (HITS ("\"15-2-501\""), ==, 1);
  g_assert_true (linli_db_check (db, report, &error));
#undef HITS
}

static void
test_hlc (void)
{
  LinliHlc clock = { 0, 0, "00000000000000aa" };
  LinliHlc parsed;
  char a[LINLI_HLC_LENGTH + 1], b[LINLI_HLC_LENGTH + 1];
  g_autoptr(GError) error = NULL;

  linli_hlc_tick (&clock, 1000);
  linli_hlc_format (&clock, a);
  g_assert_cmpstr (a, ==, "0000000003e80000-00000000000000aa");
  g_assert_true (linli_hlc_parse (a, &parsed));
  g_assert_cmpuint (parsed.ms, ==, 1000);

  /* The wall clock went back: the stamp still grows. */
  linli_hlc_tick (&clock, 500);
  linli_hlc_format (&clock, b);
  g_assert_cmpstr (a, <, b);
  g_assert_cmpstr (b, ==, "0000000003e80001-00000000000000aa");

  /* A stamp from a PC a little ahead moves us past it. */
  g_assert_true (linli_hlc_receive (&clock, "00000000044c0007-00000000000000bb", 1000, 60000, &error));
  g_assert_cmpuint (clock.ms, ==, 1100);
  g_assert_cmpuint (clock.counter, ==, 8);

  /* A stamp from a PC whose clock is far ahead is refused. */
  g_assert_false (linli_hlc_receive (&clock, "0000ffffffff0000-00000000000000bb", 1000, 60000, &error));
  g_assert_error (error, LINLI_HLC_ERROR, LINLI_HLC_ERROR_DRIFT);
  g_assert_cmpuint (clock.ms, ==, 1100);
  g_clear_error (&error);

  g_assert_false (linli_hlc_receive (&clock, "garbage", 1000, 60000, &error));
  g_assert_error (error, LINLI_HLC_ERROR, LINLI_HLC_ERROR_MALFORMED);
  g_assert_false (linli_hlc_parse ("00000000044C0007-00000000000000bb", &parsed));
}

/* The clock of a file never goes back past what the file holds, even
 * after the PC's clock was turned back. */
static void
test_clock_survives_reopen (void)
{
  g_autofree char *path = tmp_path ("clock.db");
  g_autoptr(GError) error = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *c = linli_new_id ();
  LinliDb *db;

  g_setenv ("LINLI_CLOCK_OFFSET_MS", "86400000", TRUE);
  db = linli_db_open (path, &error);
  g_assert_true (linli_db_insert_with_id (db, &error, "community", c, "community_id,name", "ss", c, "A"));
  first = linli_db_query_string (db, NULL, "SELECT _hlc FROM community", NULL);
  g_object_unref (db);

  g_unsetenv ("LINLI_CLOCK_OFFSET_MS");
  db = linli_db_open (path, &error);
  g_assert_true (linli_db_set (db, &error, "community", c, "name", "s", "B"));
  second = linli_db_query_string (db, NULL, "SELECT hlc FROM col_stamp", NULL);
  g_object_unref (db);
  g_assert_cmpstr (first, <, second);
}

int
main (int argc, char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  linli_core_init ();
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/db/create", test_create);
  g_test_add_func ("/db/every-write-journaled", test_every_write_journaled);
  g_test_add_func ("/db/journal-off", test_journal_off);
  g_test_add_func ("/db/transactions", test_transactions);
  g_test_add_func ("/db/set-missing-row", test_set_missing_row);
  g_test_add_func ("/db/refuse-newer", test_refuse_newer);
  g_test_add_func ("/db/refuse-foreign", test_refuse_foreign);
  g_test_add_func ("/db/migrate-from-v1", test_migrate_from_v1);
  g_test_add_func ("/db/search-triggers", test_search_triggers);
  g_test_add_func ("/db/hlc", test_hlc);
  g_test_add_func ("/db/clock-survives-reopen", test_clock_survives_reopen);

  return g_test_run ();
}
