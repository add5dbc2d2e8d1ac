/* test-sync-merge.c: the rules of the merge, one by one, through a
 * server in this process
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "linli-core.h"
#include "linli-db-private.h"
#include "linli-import.h"
#include "linli-sync-apply.h"
#include "linli-sync-conflicts.h"
#include "sync-test-util.h"

typedef struct
{
  LinliServerStore *store;
  LinliServer      *server;
  SyncTestWire     *wire;
  char             *cid;
  char             *community;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->store = linli_server_store_new_sqlite (":memory:", &error);
  g_assert_no_error (error);
  f->server = linli_server_new (f->store);
  f->wire = sync_test_wire_new (f->server);
  f->cid = linli_server_store_add_community (f->store, "青和居社区", NULL, &error);
  g_assert_no_error (error);
  f->community = linli_new_id ();
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  sync_test_wire_free (f->wire);
  g_object_unref (f->server);
  linli_server_store_free (f->store);
  g_free (f->cid);
  g_free (f->community);
}

static LinliSyncClient *
new_pc (Fixture  *f,
        LinliDb **db_out)
{
  g_autoptr(GError) error = NULL;
  LinliDb *db = linli_db_open_memory (&error);
  LinliSyncClient *client;

  g_assert_no_error (error);
  client = linli_sync_client_new (db);
  linli_sync_client_set_transport (client, sync_test_wire_request, f->wire);
  *db_out = db;
  return client;
}

static void
enrol (Fixture         *f,
       LinliSyncClient *client)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *code = linli_server_store_new_code (f->store, f->cid, NULL, 1, &error);

  g_assert_no_error (error);
  g_assert_true (linli_sync_client_enrol (client, "http://127.0.0.1:1", code, NULL, &error));
  g_assert_no_error (error);
}

static void
sync_ok (LinliSyncClient *client)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (linli_sync_client_sync (client, NULL, &error));
  g_assert_no_error (error);
}

static char *
get (LinliDb    *db,
     const char *table,
     const char *id,
     const char *column)
{
  g_autofree char *sql = g_strdup_printf ("SELECT %s FROM %s WHERE id = ?", column, table);

  return linli_db_query_string (db, NULL, sql, "s", id);
}

/* The first PC brings its records, the second receives them all. */
static void
test_first_brings_second_receives (Fixture       *f,
                                   gconstpointer  data)
{
  g_autoptr(LinliDb) a = NULL, b = NULL;
  g_autoptr(LinliSyncClient) ca = new_pc (f, &a);
  g_autoptr(LinliSyncClient) cb = new_pc (f, &b);
  g_autoptr(GHashTable) ids = sync_test_fill_every_table (a, f->community);
  g_autofree char *da = NULL, *db_ = NULL;

  enrol (f, ca);
  sync_ok (ca);
  g_assert_cmpint (linli_db_query_int (a, NULL, "SELECT count(*) FROM journal", NULL), ==, 0);

  enrol (f, cb);
  sync_ok (cb);
  da = sync_test_canonical_dump (a);
  db_ = sync_test_canonical_dump (b);
  g_assert_cmpstr (da, ==, db_);

  /* The search index of the PC that received knows the records too. */
  g_assert_cmpint (linli_db_query_int (b, NULL, "SELECT count(*) FROM search_index WHERE terms MATCH '\"^李建国\"'",
                                       NULL), ==, 1);
  {
    g_autoptr(GString) report = g_string_new (NULL);

    g_assert_true (linli_db_check (b, report, NULL));
  }
}

/* The first PC's records go in batches that never pass the batch's size,
 * a row with the columns changed after its insert included. */
static void
test_snapshot_batches (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(LinliDb) a = NULL, b = NULL;
  g_autoptr(LinliSyncClient) ca = new_pc (f, &a);
  g_autoptr(LinliSyncClient) cb = new_pc (f, &b);
  g_autoptr(GHashTable) ids = sync_test_fill_every_table (a, f->community);
  const char *person = g_hash_table_lookup (ids, "person");
  g_autoptr(GError) error = NULL;
  g_autofree char *da = NULL, *db_ = NULL;

  /* Two later stamps on one row: the insert and two updates. */
  g_usleep (2000);
  g_assert_true (linli_db_set (a, &error, "person", person, "phone", "s", "13800000011"));
  g_usleep (2000);
  g_assert_true (linli_db_set (a, &error, "person", person, "notes", "s", "改过两次"));
  g_assert_no_error (error);

  linli_sync_client_set_limits (ca, 3, 3);
  linli_sync_client_set_limits (cb, 3, 3);
  enrol (f, ca);
  sync_ok (ca);
  {
    /* A row goes whole: alone, it may pass the size. */
    gint64 widest = linli_db_query_int (a, NULL,
                                        "SELECT max (n) FROM (SELECT count (DISTINCT hlc) + 1 AS n FROM col_stamp "
                                        "GROUP BY tbl, row_id)", NULL);

    g_assert_cmpint (widest, >=, 3);
    g_assert_cmpuint (f->wire->most_pushed, >, 0);
    g_assert_cmpuint (f->wire->most_pushed, <=, MAX (3, widest));
  }

  enrol (f, cb);
  sync_ok (cb);
  da = sync_test_canonical_dump (a);
  db_ = sync_test_canonical_dump (b);
  g_assert_cmpstr (da, ==, db_);
}

/* An insert is journaled without its values: the push sends the row as
 * it is then, and the columns changed since under their own stamps. A row
 * of every table, made after both PCs synced, arrives whole and equal. */
static void
test_insert_sent_as_it_is (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(LinliDb) a = NULL, b = NULL;
  g_autoptr(LinliSyncClient) ca = new_pc (f, &a);
  g_autoptr(LinliSyncClient) cb = new_pc (f, &b);
  g_autoptr(GHashTable) first = sync_test_fill_every_table (a, f->community);
  g_autoptr(GHashTable) ids = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *da = NULL, *db_ = NULL;
  g_autofree char *cols = NULL;
  g_autofree char *stamp_a = NULL, *stamp_b = NULL;
  const char *person;

  enrol (f, ca);
  sync_ok (ca);
  enrol (f, cb);
  sync_ok (cb);

  ids = sync_test_fill_every_table (a, f->community);
  person = g_hash_table_lookup (ids, "person");
  cols = linli_db_query_string (a, NULL, "SELECT cols FROM journal WHERE tbl = 'person' AND row_id = ? AND op = 'I'",
                                "s", person);
  g_assert_cmpstr (cols, ==, "{}");
  g_usleep (2000);
  g_assert_true (linli_db_set (a, &error, "person", person, "phone", "s", "13800000012"));
  g_usleep (2000);
  g_assert_true (linli_db_set (a, &error, "person", person, "phone", "s", "13800000013"));
  g_assert_no_error (error);

  sync_ok (ca);
  sync_ok (cb);
  da = sync_test_canonical_dump (a);
  db_ = sync_test_canonical_dump (b);
  g_assert_cmpstr (da, ==, db_);
  g_assert_cmpint (linli_db_query_int (b, NULL, "SELECT count(*) FROM person WHERE id = ? AND phone = '13800000013'",
                                       "s", person), ==, 1);
  stamp_a = linli_db_query_string (a, NULL, "SELECT hlc FROM col_stamp WHERE tbl = 'person' AND row_id = ? AND col = 'phone'",
                                   "s", person);
  stamp_b = linli_db_query_string (b, NULL, "SELECT hlc FROM col_stamp WHERE tbl = 'person' AND row_id = ? AND col = 'phone'",
                                   "s", person);
  g_assert_nonnull (stamp_a);
  g_assert_cmpstr (stamp_a, ==, stamp_b);
}

/* An import on a PC that syncs: the households it creates reach the other
 * PC with their heads, though only their inserts are journaled. */
static void
test_import_then_sync (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(LinliDb) a = NULL, b = NULL;
  g_autoptr(LinliSyncClient) ca = new_pc (f, &a);
  g_autoptr(LinliSyncClient) cb = new_pc (f, &b);
  g_autoptr(GHashTable) ids = sync_test_fill_every_table (a, f->community);
  g_autoptr(GError) error = NULL;
  g_autoptr(LinliImport) import = NULL;
  g_autofree char *dir = g_dir_make_tmp ("linli-sync-import-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "花名册.csv", NULL);
  g_autofree char *da = NULL, *db_ = NULL;
  g_auto(LinliImportResult) result = { 0 };

  enrol (f, ca);
  sync_ok (ca);
  enrol (f, cb);
  sync_ok (cb);

  g_assert_true (g_file_set_contents (path,
                                      "姓名,与户主关系,楼栋,单元,房号\n"
                                      "周一,户主,7,1,101\n"
                                      "周二,配偶,7,1,101\n"
                                      "吴一,户主,7,1,102\n", -1, NULL));
  import = linli_import_new_for_file (path, &error);
  g_assert_no_error (error);
  g_assert_true (linli_import_run (import, a, f->community, NULL, 0, NULL, NULL, NULL, &result, &error));
  g_assert_no_error (error);
  g_assert_cmpint (linli_db_query_int (a, NULL, "SELECT count(*) FROM journal WHERE tbl = 'household' AND op = 'U'",
                                       NULL), ==, 0);

  sync_ok (ca);
  sync_ok (cb);
  da = sync_test_canonical_dump (a);
  db_ = sync_test_canonical_dump (b);
  g_assert_cmpstr (da, ==, db_);
  g_assert_cmpint (linli_db_query_int (b, NULL, "SELECT count(*) FROM household h JOIN person p ON p.id = h.head_id "
                                       "WHERE p.name IN ('周一', '吴一')", NULL), ==, 2);
  g_unlink (path);
  g_rmdir (dir);
}

/* A file of another community is refused at enrolment, and so is a push
 * of another community's rows. */
static void
test_other_community_refused (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(LinliDb) a = NULL, b = NULL;
  g_autoptr(LinliSyncClient) ca = new_pc (f, &a);
  g_autoptr(LinliSyncClient) cb = new_pc (f, &b);
  g_autoptr(GHashTable) ids_a = sync_test_fill_every_table (a, f->community);
  g_autofree char *other = linli_new_id ();
  g_autoptr(GHashTable) ids_b = sync_test_fill_every_table (b, other);
  g_autofree char *code = NULL;
  g_autoptr(GError) error = NULL;

  enrol (f, ca);
  sync_ok (ca);

  code = linli_server_store_new_code (f->store, f->cid, NULL, 1, &error);
  g_assert_false (linli_sync_client_enrol (cb, "http://127.0.0.1:1", code, NULL, &error));
  g_assert_error (error, LINLI_SYNC_ERROR, LINLI_SYNC_ERROR_OTHER_COMMUNITY);
  g_assert_nonnull (strstr (error->message, "青和居社区"));
  g_assert_null (linli_db_get_meta (b, "sync_token"));
}

/* Two PCs edit one column while apart: the later edit wins everywhere,
 * and the PC whose edit lost gets the "changed elsewhere" mark with the
 * other value, whichever pushed first. */
static void
test_conflict_mark (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(LinliDb) a = NULL, b = NULL;
  g_autoptr(LinliSyncClient) ca = new_pc (f, &a);
  g_autoptr(LinliSyncClient) cb = new_pc (f, &b);
  g_autoptr(GHashTable) ids = sync_test_fill_every_table (a, f->community);
  const char *person = g_hash_table_lookup (ids, "person");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) lost = NULL;
  g_autofree char *va = NULL, *vb = NULL;

  enrol (f, ca);
  sync_ok (ca);
  enrol (f, cb);
  sync_ok (cb);

  /* A edits first, B later; A syncs first: B wins, A's edit lost. */
  g_assert_true (linli_db_set (a, &error, "person", person, "phone", "s", "13800000001"));
  g_usleep (2000);
  g_assert_true (linli_db_set (b, &error, "person", person, "phone", "s", "13900000002"));
  sync_ok (ca);
  sync_ok (cb);
  sync_ok (ca);

  va = get (a, "person", person, "phone");
  vb = get (b, "person", person, "phone");
  g_assert_cmpstr (va, ==, "13900000002");
  g_assert_cmpstr (vb, ==, "13900000002");

  lost = linli_sync_conflicts_for_record (a, "person", person, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (lost->len, ==, 1);
  {
    LinliSyncConflict *c = lost->pdata[0];

    g_autofree char *record = linli_sync_conflict_record_name (a, "person", person);
    g_autofree char *name = get (a, "person", person, "name");
    g_autofree char *shown = linli_sync_conflict_value_text ("person", "phone", c->remote_value);

    g_assert_cmpstr (c->column, ==, "phone");
    g_assert_cmpstr (c->local_value, ==, "13800000001");
    g_assert_cmpstr (c->remote_value, ==, "13900000002");

    /* How the mark reads on the record's page and in the list. */
    g_assert_cmpstr (record, ==, name);
    g_assert_cmpstr (linli_sync_conflict_field_name ("person", "phone"), ==, "Phone");
    g_assert_cmpstr (shown, ==, "13900000002");
  }
  {
    g_autofree char *masked = linli_sync_conflict_value_text ("person", "id_number", "420106195802144321");
    g_autofree char *none = linli_sync_conflict_value_text ("person", "notes", NULL);
    g_autofree char *gender = linli_sync_conflict_value_text ("person", "gender", "F");
    g_autofree char *flags = linli_sync_conflict_value_text ("household", "flags", "rental,vacant");
    g_autofree char *gone = linli_sync_conflict_record_name (a, "person", "no-such-person");

    g_assert_null (strstr (masked, "19580214"));
    g_assert_true (g_str_has_prefix (masked, "420106") && g_str_has_suffix (masked, "4321"));
    g_assert_cmpstr (none, ==, "(empty)");
    g_assert_cmpstr (gender, ==, "Female");
    g_assert_nonnull (strstr (flags, "Rental"));
    g_assert_cmpstr (gone, ==, "A person");
    g_assert_cmpstr (linli_sync_conflict_field_name ("household", "flags"), ==, "Marks");
    g_assert_cmpstr (linli_sync_conflict_field_name ("person", "no_such_column"), ==, "no_such_column");
  }
  g_assert_cmpint (linli_sync_conflicts_count_unseen (b), ==, 0);
  g_clear_pointer (&lost, g_ptr_array_unref);

  /* Seen: the mark goes. */
  g_assert_true (linli_sync_conflicts_mark_seen (a, "person", person, &error));
  lost = linli_sync_conflicts_for_record (a, "person", person, &error);
  g_assert_cmpuint (lost->len, ==, 0);
  g_clear_pointer (&lost, g_ptr_array_unref);

  /* Now B edits first, A later, and B syncs first: A wins; B learns
   * from its own push that its edit lost. */
  g_assert_true (linli_db_set (b, &error, "person", person, "name", "s", "李建军"));
  g_usleep (2000);
  g_assert_true (linli_db_set (a, &error, "person", person, "name", "s", "李建国同志"));
  sync_ok (ca);
  sync_ok (cb);
  g_clear_pointer (&va, g_free);
  va = get (b, "person", person, "name");
  g_assert_cmpstr (va, ==, "李建国同志");
  lost = linli_sync_conflicts_for_record (b, "person", person, &error);
  g_assert_cmpuint (lost->len, ==, 1);
  g_assert_cmpstr (((LinliSyncConflict *) lost->pdata[0])->local_value, ==, "李建军");
  g_assert_cmpstr (((LinliSyncConflict *) lost->pdata[0])->remote_value, ==, "李建国同志");

  /* Edits in turn, each after the other's: no mark. */
  g_clear_pointer (&lost, g_ptr_array_unref);
  g_assert_true (linli_sync_conflicts_mark_seen (b, "person", person, &error));
  g_assert_true (linli_db_set (a, &error, "person", person, "notes", "s", "一"));
  sync_ok (ca);
  sync_ok (cb);
  g_assert_true (linli_db_set (b, &error, "person", person, "notes", "s", "二"));
  sync_ok (cb);
  sync_ok (ca);
  g_assert_cmpint (linli_sync_conflicts_count_unseen (a), ==, 0);
  g_assert_cmpint (linli_sync_conflicts_count_unseen (b), ==, 0);
}

/* A deletes the row while B edits it: both columns keep their latest
 * stamp; the row stays deleted, with B's edit in it for an undelete. */
static void
test_delete_against_edit (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(LinliDb) a = NULL, b = NULL;
  g_autoptr(LinliSyncClient) ca = new_pc (f, &a);
  g_autoptr(LinliSyncClient) cb = new_pc (f, &b);
  g_autoptr(GHashTable) ids = sync_test_fill_every_table (a, f->community);
  const char *project = g_hash_table_lookup (ids, "project");
  g_autoptr(GError) error = NULL;
  g_autofree char *da = NULL, *db_ = NULL, *deleted = NULL, *name = NULL;

  enrol (f, ca);
  sync_ok (ca);
  enrol (f, cb);
  sync_ok (cb);

  g_assert_true (linli_db_soft_delete (a, "project", project, &error));
  g_assert_true (linli_db_set (b, &error, "project", project, "name", "s", "童趣乐园二期"));
  sync_ok (ca);
  sync_ok (cb);
  sync_ok (ca);

  da = sync_test_canonical_dump (a);
  db_ = sync_test_canonical_dump (b);
  g_assert_cmpstr (da, ==, db_);
  deleted = get (a, "project", project, "deleted");
  name = get (a, "project", project, "name");
  g_assert_cmpstr (deleted, ==, "1");
  g_assert_cmpstr (name, ==, "童趣乐园二期");
}

/* Reals arrive to the last bit, though SQLite's JSON writes 15 digits. */
static void
test_exact_reals (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(LinliDb) a = NULL, b = NULL;
  g_autoptr(LinliSyncClient) ca = new_pc (f, &a);
  g_autoptr(LinliSyncClient) cb = new_pc (f, &b);
  g_autoptr(GHashTable) ids = sync_test_fill_every_table (a, f->community);
  const char *building = g_hash_table_lookup (ids, "building");
  g_autoptr(GError) error = NULL;
  double x;

  enrol (f, ca);
  sync_ok (ca);
  enrol (f, cb);
  sync_ok (cb);
  g_assert_true (linli_db_set (a, &error, "building", building, "width", "d", 1.0 / 7.0));
  g_assert_true (linli_db_set (a, &error, "building", building, "depth", "d", 2.0));
  sync_ok (ca);
  sync_ok (cb);

  x = (double) linli_db_query_int (b, NULL, "SELECT width = 1.0 / 7.0 FROM building WHERE id = ?", "s", building);
  g_assert_cmpfloat (x, ==, 1.0);
  {
    g_autofree char *type = linli_db_query_string (b, NULL, "SELECT typeof (depth) FROM building WHERE id = ?",
                                                   "s", building);

    g_assert_cmpstr (type, ==, "real");
  }
  g_assert_cmpint (linli_db_query_int (b, NULL, "SELECT y = 0.1 + 0.2 FROM building WHERE id = ?", "s", building),
                   ==, 1);
}

/* An older Linli, without a column the server's changes carry: the
 * values wait in pending_change, and come in after the upgrade. */
static void
test_pending_until_upgrade (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *dir = sync_test_tmpdir ("upgrade");
  g_autofree char *old_path = g_build_filename (dir, "old.db", NULL);
  g_autoptr(LinliDb) a = NULL;
  g_autoptr(LinliSyncClient) ca = new_pc (f, &a);
  g_autoptr(GHashTable) ids = sync_test_fill_every_table (a, f->community);
  const char *person = g_hash_table_lookup (ids, "person");
  g_autoptr(GError) error = NULL;
  LinliDb *old;
  LinliSyncClient *cold;
  g_autofree char *notes = NULL;

  g_assert_true (linli_db_set (a, &error, "person", person, "notes", "s", "腿脚不便，上门服务"));
  enrol (f, ca);
  sync_ok (ca);

  /* Make "old": a file whose person table has no notes column. */
  old = linli_db_open (old_path, &error);
  g_assert_no_error (error);
  g_assert_true (linli_db_exec_script (old,
    "DROP TRIGGER _j_i_person; DROP TRIGGER _j_u_person; DROP TRIGGER _j_d_person;"
    "ALTER TABLE person DROP COLUMN notes;"
    "UPDATE meta SET value = '' WHERE key = 'derived_version';", &error));
  g_assert_no_error (error);
  g_object_unref (old);
  old = linli_db_open (old_path, &error);
  g_assert_no_error (error);

  cold = linli_sync_client_new (old);
  linli_sync_client_set_transport (cold, sync_test_wire_request, f->wire);
  enrol (f, cold);
  sync_ok (cold);
  g_assert_cmpint (linli_db_query_int (old, NULL, "SELECT count(*) FROM person WHERE id = ?", "s", person), ==, 1);
  g_assert_cmpint (linli_db_query_int (old, NULL, "SELECT count(*) FROM pending_change WHERE col = 'notes'", NULL),
                   ==, 2);

  /* A later edit of notes elsewhere waits too; a sync again adds none. */
  g_assert_true (linli_db_set (a, &error, "person", person, "notes", "s", "已安排志愿者每周探访"));
  sync_ok (ca);
  sync_ok (cold);
  sync_ok (cold);
  g_assert_cmpint (linli_db_query_int (old, NULL, "SELECT count(*) FROM pending_change WHERE col = 'notes'", NULL),
                   ==, 3);
  g_object_unref (cold);
  g_object_unref (old);

  /* The upgrade adds the column back; the next sync applies what waited. */
  old = linli_db_open (old_path, &error);
  g_assert_true (linli_db_exec_script (old,
    "ALTER TABLE person ADD COLUMN notes TEXT;"
    "UPDATE meta SET value = '' WHERE key = 'derived_version';", &error));
  g_object_unref (old);
  old = linli_db_open (old_path, &error);
  g_assert_no_error (error);
  cold = linli_sync_client_new (old);
  linli_sync_client_set_transport (cold, sync_test_wire_request, f->wire);
  sync_ok (cold);
  notes = get (old, "person", person, "notes");
  g_assert_cmpstr (notes, ==, "已安排志愿者每周探访");
  g_assert_cmpint (linli_db_query_int (old, NULL, "SELECT count(*) FROM pending_change", NULL), ==, 0);
  {
    g_autofree char *da = sync_test_canonical_dump (a);
    g_autofree char *dold = sync_test_canonical_dump (old);

    g_assert_cmpstr (da, ==, dold);
  }
  g_object_unref (cold);
  g_object_unref (old);
  sync_test_rm_rf (dir);
}

/* A clock far ahead: the server refuses the changes it stamped, nothing
 * changes there, the changes stay; once the clock is right they are
 * restamped, sent, and everyone converges. */
static void
test_clock_far_ahead (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(LinliDb) a = NULL, b = NULL;
  g_autoptr(LinliSyncClient) ca = new_pc (f, &a);
  g_autoptr(LinliSyncClient) cb = new_pc (f, &b);
  g_autoptr(GHashTable) ids = sync_test_fill_every_table (a, f->community);
  const char *person = g_hash_table_lookup (ids, "person");
  g_autoptr(GError) error = NULL;
  gint64 before;
  g_autofree char *phone = NULL;

  enrol (f, ca);
  sync_ok (ca);
  enrol (f, cb);
  sync_ok (cb);
  before = linli_server_store_count_changes (f->store, f->cid, NULL);

  /* Three days ahead. */
  g_setenv ("LINLI_CLOCK_OFFSET_MS", "259200000", TRUE);
  g_assert_true (linli_db_set (a, &error, "person", person, "phone", "s", "13700000003"));
  g_assert_false (linli_sync_client_sync (ca, NULL, &error));
  g_assert_error (error, LINLI_SYNC_ERROR, LINLI_SYNC_ERROR_CLOCK);
  g_assert_nonnull (strstr (error->message, "ahead"));
  g_clear_error (&error);
  g_assert_cmpint (linli_server_store_count_changes (f->store, f->cid, NULL), ==, before);
  g_assert_cmpint (linli_db_query_int (a, NULL, "SELECT count(*) FROM journal", NULL), ==, 1);

  /* A PC whose clock is right refuses the stamps of one that is not. */
  {
    g_autoptr(LinliSyncChange) c = linli_sync_change_new ();
    g_autoptr(GPtrArray) changes = g_ptr_array_new ();
    char stamp[LINLI_HLC_LENGTH + 1];

    _linli_db_next_stamp (a, stamp);
    g_unsetenv ("LINLI_CLOCK_OFFSET_MS");
    c->id = g_strdup ("x");
    c->table = g_strdup ("person");
    c->row = g_strdup (person);
    c->op = 'U';
    c->hlc = g_strdup (stamp);
    c->cols = json_object_new ();
    json_object_set_string_member (c->cols, "phone", "000");
    g_ptr_array_add (changes, c);
    g_assert_true (linli_db_begin (b, &error));
    g_assert_false (linli_sync_apply_changes (b, linli_server_store_get_schema (f->store), changes, NULL, &error));
    g_assert_error (error, LINLI_SYNC_ERROR, LINLI_SYNC_ERROR_CLOCK);
    linli_db_rollback (b);
    g_clear_error (&error);
  }

  /* The clock is corrected. */
  sync_ok (ca);
  g_assert_cmpint (linli_db_query_int (a, NULL, "SELECT count(*) FROM journal", NULL), ==, 0);
  sync_ok (cb);
  phone = get (b, "person", person, "phone");
  g_assert_cmpstr (phone, ==, "13700000003");
  {
    g_autofree char *da = sync_test_canonical_dump (a);
    g_autofree char *dbb = sync_test_canonical_dump (b);

    g_assert_cmpstr (da, ==, dbb);
  }

  /* New edits on A are stamped now, not in three days. */
  g_assert_true (linli_db_set (a, &error, "person", person, "phone", "s", "13700000004"));
  sync_ok (ca);
}

/* A page is cut only between push numbers: with pages smaller than a
 * push, the push comes whole. */
static void
test_pages_whole_pushes (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(LinliDb) a = NULL, b = NULL;
  g_autoptr(LinliSyncClient) ca = new_pc (f, &a);
  g_autoptr(LinliSyncClient) cb = new_pc (f, &b);
  g_autoptr(GHashTable) ids = sync_test_fill_every_table (a, f->community);
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  g_autofree char *path = NULL;
  g_autofree char *auth = NULL;
  gint64 after = 0;
  guint pages = 0;

  linli_sync_client_set_limits (ca, 7, 100);
  enrol (f, ca);
  sync_ok (ca);
  enrol (f, cb);

  token = linli_db_get_meta (b, "sync_token");
  auth = g_strconcat ("Bearer ", token, NULL);
  path = g_strdup_printf ("/v1/c/%s/pull", f->cid);
  for (;;)
    {
      g_autofree char *query = g_strdup_printf ("after=%" G_GINT64_FORMAT "&limit=3", after);
      guint status = 0;
      g_autofree char *answer = linli_server_handle (f->server, "GET", path, query, auth, NULL, 0, "127.0.0.1", &status);
      g_autoptr(LinliSyncPullPage) page = NULL;

      g_assert_cmpuint (status, ==, 200);
      page = linli_sync_decode_page (linli_server_store_get_schema (f->store), answer, strlen (answer), &error);
      g_assert_no_error (error);
      if (page->changes->len == 0)
        break;
      pages++;
      /* Every change of a push number is in the page. */
      for (guint i = 0; i < page->changes->len; i++)
        g_assert_cmpint (((LinliSyncChange *) page->changes->pdata[i])->seq, ==,
                         ((LinliSyncChange *) page->changes->pdata[0])->seq);
      g_assert_cmpuint (page->changes->len, ==, MIN (7, page->changes->len));
      g_assert_cmpint (page->cursor, ==, ((LinliSyncChange *) page->changes->pdata[0])->seq);
      after = page->cursor;
      if (!page->more)
        break;
    }
  g_assert_cmpuint (pages, >, 3);
}

int
main (int argc, char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  g_test_init (&argc, &argv, NULL);
  linli_core_init ();

#define ADD(path, func) g_test_add ("/sync/merge/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("first-brings-second-receives", test_first_brings_second_receives);
  ADD ("snapshot-batches", test_snapshot_batches);
  ADD ("insert-sent-as-it-is", test_insert_sent_as_it_is);
  ADD ("import-then-sync", test_import_then_sync);
  ADD ("other-community-refused", test_other_community_refused);
  ADD ("conflict-mark", test_conflict_mark);
  ADD ("delete-against-edit", test_delete_against_edit);
  ADD ("exact-reals", test_exact_reals);
  ADD ("pending-until-upgrade", test_pending_until_upgrade);
  ADD ("clock-far-ahead", test_clock_far_ahead);
  ADD ("pages-whole-pushes", test_pages_whole_pushes);
#undef ADD

  return g_test_run ();
}
