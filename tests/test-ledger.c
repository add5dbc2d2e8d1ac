/* test-ledger.c: search, backups and restore, paged list models.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>
#include <sys/stat.h>

#include "linli-backup.h"
#include "linli-core.h"
#include "linli-db.h"
#include "linli-demo.h"
#include "linli-search.h"
#include "linli-sql-model.h"

static char *dir;
static char *demo_path;

static LinliDb *
open_demo (void)
{
  g_autoptr(GError) error = NULL;
  LinliDb *db = linli_db_open (demo_path, &error);

  g_assert_no_error (error);
  return db;
}

static LinliSearchHit *
first_hit (GPtrArray *hits, const char *table)
{
  for (guint i = 0; i < hits->len; i++)
    if (g_str_equal (((LinliSearchHit *) hits->pdata[i])->table, table))
      return hits->pdata[i];
  return NULL;
}

/* The first hit from @table, which must be there. */
static LinliSearchHit *
must_hit (GPtrArray *hits, const char *table)
{
  LinliSearchHit *hit = first_hit (hits, table);

  if (hit == NULL || hits->len == 0)
    g_error ("no %s among the hits", table);
  return hit;
}

static void
test_search_names (void)
{
  g_autoptr(LinliDb) db = open_demo ();
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *two = NULL;
  g_autofree char *given = NULL;

  /* A three-character and a two-character name, found whole. */
  name = linli_db_query_string (db, NULL, "SELECT name FROM person WHERE length(name) = 3 AND is_resident = 1 LIMIT 1", NULL);
  two = linli_db_query_string (db, NULL, "SELECT name FROM person WHERE length(name) = 2 AND is_resident = 1 LIMIT 1", NULL);
  g_assert_nonnull (name);
  g_assert_nonnull (two);

  {
    g_autoptr(GPtrArray) hits = linli_search (db, NULL, name, 50, &error);
    LinliSearchHit *hit = must_hit (hits, "person");

    g_assert_no_error (error);
    g_assert_cmpstr (hit->title, ==, name);
    /* Exact names come first. */
    g_assert_cmpstr (((LinliSearchHit *) hits->pdata[0])->title, ==, name);
  }
  {
    g_autoptr(GPtrArray) hits = linli_search (db, NULL, two, 50, &error);
    LinliSearchHit *hit = must_hit (hits, "person");

    g_assert_cmpstr (hit->title, ==, two);
  }
  /* The given name alone (the last two characters of a three). */
  given = g_utf8_substring (name, 1, 3);
  {
    g_autoptr(GPtrArray) hits = linli_search (db, NULL, given, 200, &error);
    gboolean found = FALSE;

    for (guint i = 0; i < hits->len; i++)
      if (g_str_equal (((LinliSearchHit *) hits->pdata[i])->title, name))
        found = TRUE;
    g_assert_true (found);
  }
  /* A surname alone. */
  {
    g_autoptr(GPtrArray) hits = linli_search (db, NULL, "王", 50, &error);

    g_assert_cmpuint (hits->len, >, 0);
    g_assert_true (g_str_has_prefix (((LinliSearchHit *) hits->pdata[0])->title, "王"));
  }
}

static void
test_search_phone_and_id (void)
{
  g_autoptr(LinliDb) db = open_demo ();
  g_autoptr(GError) error = NULL;
  g_autofree char *phone = linli_db_query_string (db, NULL, "SELECT phone FROM person WHERE phone IS NOT NULL AND is_resident = 1 LIMIT 1 OFFSET 40", NULL);
  g_autofree char *id_number = linli_db_query_string (db, NULL, "SELECT id_number FROM person WHERE is_resident = 1 LIMIT 1 OFFSET 77", NULL);
  g_autofree char *owner = linli_db_query_string (db, NULL, "SELECT id FROM person WHERE phone = ?", "s", phone);
  g_autoptr(GPtrArray) by_phone = linli_search (db, NULL, phone + strlen (phone) - 6, 200, &error);
  g_autoptr(GPtrArray) by_id = linli_search (db, NULL, id_number + 10, 200, &error);
  gboolean found = FALSE;

  for (guint i = 0; i < by_phone->len; i++)
    if (g_str_equal (((LinliSearchHit *) by_phone->pdata[i])->id, owner))
      found = TRUE;
  g_assert_true (found);
  g_assert_nonnull (first_hit (by_id, "person"));
  /* The screen shows only the phone's tail. */
  for (guint i = 0; i < by_phone->len; i++)
    g_assert_null (strstr (((LinliSearchHit *) by_phone->pdata[i])->subtitle, phone));
}

static void
test_search_addresses (void)
{
  g_autoptr(LinliDb) db = open_demo ();
  g_autoptr(GError) error = NULL;
  static const char *forms[] = { "2栋1单元101", "2-1-101", "2号楼1单元101室", "２栋１单元１０１" };

  for (guint i = 0; i < G_N_ELEMENTS (forms); i++)
    {
      g_autoptr(GPtrArray) hits = linli_search (db, NULL, forms[i], 20, &error);

      g_assert_no_error (error);
      g_assert_cmpuint (hits->len, >=, 1);
      g_assert_cmpstr (((LinliSearchHit *) hits->pdata[0])->table, ==, "household");
      g_assert_cmpstr (((LinliSearchHit *) hits->pdata[0])->title, ==, "2栋1单元101");
    }

  {
    g_autoptr(GPtrArray) hits = linli_search (db, NULL, "3栋", 20, &error);
    g_assert_cmpstr (((LinliSearchHit *) hits->pdata[0])->table, ==, "building");
  }
  {
    g_autoptr(GPtrArray) hits = linli_search (db, NULL, "3-2", 20, &error);
    g_assert_cmpstr (((LinliSearchHit *) hits->pdata[0])->table, ==, "unit");
  }
  {
    g_autofree char *b = NULL, *r = NULL;
    int u = 0;

    g_assert_true (linli_search_parse_address ("12号楼2单元501室", &b, &u, &r));
    g_assert_cmpstr (b, ==, "12");
    g_assert_cmpint (u, ==, 2);
    g_assert_cmpstr (r, ==, "501");
    g_assert_false (linli_search_parse_address ("王秀英", &b, &u, &r));
  }
}

static void
test_search_other_kinds (void)
{
  g_autoptr(LinliDb) db = open_demo ();
  g_autoptr(GError) error = NULL;
  static const struct { const char *query; const char *table; } cases[] = {
    { "童趣乐园", "project" }, { "幸福夜话", "meeting" }, { "周三有约", "team" },
    { "物业服务", "organisation" }, { "第2网格", "grid" }, { "架空层", "venue" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GPtrArray) hits = linli_search (db, NULL, cases[i].query, 50, &error);

      g_assert_no_error (error);
      if (first_hit (hits, cases[i].table) == NULL)
        g_error ("“%s” did not find a %s", cases[i].query, cases[i].table);
    }

  /* Volunteers are found as volunteers too. */
  {
    g_autofree char *name = linli_db_query_string (db, NULL,
                                                   "SELECT p.name FROM volunteer v JOIN person p ON p.id = v.person_id "
                                                   "WHERE length(p.name) = 3 LIMIT 1", NULL);
    g_autoptr(GPtrArray) hits = linli_search (db, NULL, name, 50, &error);

    g_assert_nonnull (first_hit (hits, "volunteer"));
  }
  /* Nothing, and odd input, is not an error. */
  {
    g_autoptr(GPtrArray) a = linli_search (db, NULL, "没有这个人的名字", 50, &error);
    g_autoptr(GPtrArray) b = linli_search (db, NULL, "\"' OR 1=1 --", 50, &error);
    g_autoptr(GPtrArray) c = linli_search (db, NULL, "   ", 50, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (a->len, ==, 0);
    g_assert_nonnull (b);
    g_assert_cmpuint (c->len, ==, 0);
  }
}

static void
test_backups (void)
{
  g_autofree char *path = g_build_filename (dir, "backup-me.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(LinliDb) db = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autofree char *first = NULL;
  g_autofree char *copy = NULL;
  g_autofree char *c = linli_new_id ();
  GStatBuf st;
  GDate day;

  db = linli_db_open (path, &error);
  g_assert_true (linli_db_insert_with_id (db, &error, "community", c, "community_id,name", "ss", c, "备份社区"));

  /* Twenty days of first starts: fourteen backups remain. */
  g_date_clear (&day, 1);
  g_date_set_dmy (&day, 1, 11, 2026);
  for (int i = 0; i < 20; i++)
    {
      g_autofree char *made = linli_backup_daily (db, &day, LINLI_BACKUPS_KEPT, &error);
      g_autofree char *again = linli_backup_daily (db, &day, LINLI_BACKUPS_KEPT, &error);

      g_assert_no_error (error);
      g_assert_nonnull (made);
      g_assert_null (again);
      if (first == NULL)
        first = g_strdup (made);
      g_assert_cmpint (g_stat (made, &st), ==, 0);
      g_assert_cmpint (st.st_mode & 0777, ==, 0600);
      g_date_add_days (&day, 1);
    }
  list = linli_backup_list (db);
  g_assert_cmpuint (list->len, ==, LINLI_BACKUPS_KEPT);
  g_assert_true (g_str_has_suffix (list->pdata[0], "daily-2026-11-20.db"));
  g_assert_false (g_file_test (first, G_FILE_TEST_EXISTS));

  /* A change after the backup, then a restore: the change is gone, and
   * the replaced file was kept. */
  g_assert_true (linli_db_set (db, &error, "community", c, "name", "s", "改过的名字"));
  g_clear_object (&db);
  g_assert_true (linli_restore (path, list->pdata[0], &copy, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (copy, G_FILE_TEST_EXISTS));
  db = linli_db_open (path, &error);
  {
    g_autofree char *name = linli_db_query_string (db, NULL, "SELECT name FROM community", NULL);
    g_autoptr(GString) report = g_string_new (NULL);

    g_assert_cmpstr (name, ==, "备份社区");
    g_assert_true (linli_db_check (db, report, &error));
  }
}

static void
test_restore_refuses (void)
{
  g_autofree char *path = g_build_filename (dir, "keep-me.db", NULL);
  g_autofree char *junk = g_build_filename (dir, "junk.db", NULL);
  g_autofree char *newer = g_build_filename (dir, "newer-backup.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *c = linli_new_id ();
  LinliDb *db;
  sqlite3 *handle;

  db = linli_db_open (path, &error);
  g_assert_true (linli_db_insert_with_id (db, &error, "community", c, "community_id,name", "ss", c, "原样社区"));
  g_assert_true (linli_backup_to (db, newer, &error));
  g_object_unref (db);

  g_assert_true (g_file_set_contents (junk, "this is not a database at all, just words", -1, NULL));
  g_assert_false (linli_restore (path, junk, NULL, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);

  g_assert_cmpint (sqlite3_open (newer, &handle), ==, SQLITE_OK);
  sqlite3_exec (handle, "PRAGMA user_version = 99", NULL, NULL, NULL);
  sqlite3_close (handle);
  g_assert_false (linli_restore (path, newer, NULL, &error));
  g_assert_error (error, LINLI_DB_ERROR, LINLI_DB_ERROR_NEWER_SCHEMA);
  g_clear_error (&error);

  db = linli_db_open (path, &error);
  {
    g_autofree char *name = linli_db_query_string (db, NULL, "SELECT name FROM community", NULL);
    g_assert_cmpstr (name, ==, "原样社区");
  }
  g_object_unref (db);
}

static guint changes_removed, changes_added;

static void
on_items_changed (GListModel *model, guint position, guint removed, guint added, gpointer data)
{
  changes_removed += removed;
  changes_added += added;
}

static void
test_sql_model (void)
{
  g_autoptr(LinliDb) db = open_demo ();
  g_autoptr(LinliSqlModel) model = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *community = linli_db_query_string (db, NULL, "SELECT id FROM community", NULL);
  gint64 residents = linli_db_query_int (db, NULL, "SELECT count(*) FROM person WHERE is_resident = 1 AND deleted = 0", NULL);
  guint alive_before = linli_record_count_alive ();
  g_autofree char *middle_name = NULL;
  LinliRecord *rec;
  gint pos;

  model = linli_sql_model_new (db,
                               "person t LEFT JOIN household h ON h.id = t.household_id",
                               "t.deleted = 0 AND t.is_resident = 1 AND t.community_id = ?",
                               "t.name, t.id",
                               "t.id, t.name, t.phone, h.room AS room", "s", community);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, (guint) residents);
  /* Opening the list made no record at all. */
  g_assert_cmpuint (linli_record_count_alive (), ==, alive_before);

  rec = g_list_model_get_item (G_LIST_MODEL (model), (guint) residents / 2);
  g_assert_nonnull (linli_record_get_id (rec));
  middle_name = g_strdup (linli_record_get_string (rec, "name"));
  g_assert_nonnull (linli_record_get_string (rec, "room"));
  /* One page was read, not the list. */
  g_assert_cmpuint (linli_record_count_alive (), <=, alive_before + 128);
  g_assert_cmpuint (linli_sql_model_get_cached_pages (model), ==, 1);

  pos = linli_sql_model_find (model, linli_record_get_id (rec));
  g_assert_cmpint (pos, ==, (gint) residents / 2);
  g_object_unref (rec);

  /* Scrolling the whole list keeps only a few pages. */
  for (guint i = 0; i < (guint) residents; i += 37)
    g_object_unref (g_list_model_get_item (G_LIST_MODEL (model), i));
  g_assert_cmpuint (linli_sql_model_get_cached_pages (model), <=, 24);

  /* A new resident appears after a refresh, in name order. */
  g_signal_connect (model, "items-changed", G_CALLBACK (on_items_changed), NULL);
  {
    g_autofree char *new_id = linli_db_insert (db, &error, "person", "community_id,name,is_resident", "ssi", community, "阿兵", 1);
    g_assert_nonnull (new_id);
  }
  g_assert_true (linli_sql_model_refresh (model, &error));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, (guint) residents + 1);
  g_assert_cmpuint (changes_added, ==, (guint) residents + 1);
  (void) middle_name;
}

int
main (int argc, char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LinliDb) db = NULL;
  GDate today;
  int ret;

  setlocale (LC_ALL, "C.UTF-8");
  linli_core_init ();
  g_test_init (&argc, &argv, NULL);

  dir = g_dir_make_tmp ("linli-test-ledger-XXXXXX", NULL);
  demo_path = g_build_filename (dir, "demo.db", NULL);
  db = linli_db_open (demo_path, &error);
  g_date_clear (&today, 1);
  g_date_set_dmy (&today, 23, 11, 2026);
  g_assert_true (linli_demo_generate (db, LINLI_DEMO_SMALL, 5, &today, NULL, NULL, &error));
  g_clear_object (&db);

  g_test_add_func ("/search/names", test_search_names);
  g_test_add_func ("/search/phone-and-id", test_search_phone_and_id);
  g_test_add_func ("/search/addresses", test_search_addresses);
  g_test_add_func ("/search/other-kinds", test_search_other_kinds);
  g_test_add_func ("/backup/daily-and-restore", test_backups);
  g_test_add_func ("/backup/restore-refuses", test_restore_refuses);
  g_test_add_func ("/model/paged", test_sql_model);

  ret = g_test_run ();
  g_free (demo_path);
  g_free (dir);
  return ret;
}
