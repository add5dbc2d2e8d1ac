/* bench-sync.c: a seed-size community through the real linli-server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Run with `meson test --benchmark` (build-aux/linli-dev bench), once per
 * storage (LINLI_TEST_STORAGE=sqlite or postgres). Prints:
 *
 *   - the first PC's push of a demo community of seed scale,
 *   - the initial pull of all of it into an empty PC, beside a raw SQLite
 *     insert of the same rows into an empty file (one transaction,
 *     journal off: the floor any pull stands on),
 *   - an incremental sync of 100 changes: the push of one PC, the pull of
 *     the other.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "linli-core.h"
#include "linli-demo.h"
#include "linli-sync-apply.h"
#include "sync-test-util.h"

static double
now_s (void)
{
  return g_get_monotonic_time () / 1e6;
}

static gint64
count_rows (LinliDb *db)
{
  g_auto(GStrv) tables = linli_db_list_synced_tables (db);
  gint64 n = 0;

  for (guint i = 0; tables[i] != NULL; i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM %s", tables[i]);

      n += linli_db_query_int (db, NULL, sql, NULL);
    }
  return n;
}

/* The same rows, inserted straight into an empty file. */
static double
raw_insert (LinliDb    *from,
            const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LinliDb) to = NULL;
  g_autoptr(LinliSyncSchema) schema = linli_sync_schema_new_from_db (from);
  const GPtrArray *tables = linli_sync_schema_get_tables (schema);
  double start;

  g_unlink (path);
  to = linli_db_open (path, &error);
  g_assert_no_error (error);
  linli_db_exec_script (to, "PRAGMA foreign_keys = OFF", NULL);
  linli_db_set_journal_enabled (to, FALSE);

  start = now_s ();
  g_assert_true (linli_db_begin (to, &error));
  for (guint t = 0; t < tables->len; t++)
    {
      const LinliSyncTable *table = tables->pdata[t];
      g_autoptr(GString) cols = g_string_new ("id, _hlc");
      g_autoptr(GString) marks = g_string_new ("?, ?");
      g_autofree char *select = NULL;
      g_autofree char *insert = NULL;
      g_autoptr(LinliQuery) q = NULL;

      for (guint c = 0; c < table->columns->len; c++)
        {
          g_string_append_printf (cols, ", %s", ((LinliSyncColumn *) table->columns->pdata[c])->name);
          g_string_append (marks, ", ?");
        }
      select = g_strdup_printf ("SELECT %s FROM %s", cols->str, table->name);
      insert = g_strdup_printf ("INSERT INTO %s (%s) VALUES (%s)", table->name, cols->str, marks->str);
      q = linli_db_query (from, &error, select, NULL);
      g_assert_no_error (error);
      while (linli_query_next (q, NULL))
        {
          g_autoptr(LinliQuery) ins = linli_sync_prepare (to, insert, table->columns->len + 2, &error);
          sqlite3_stmt *src = linli_query_get_stmt (q);
          sqlite3_stmt *dst = linli_query_get_stmt (ins);

          for (int c = 0; c < (int) table->columns->len + 2; c++)
            sqlite3_bind_value (dst, c + 1, sqlite3_column_value (src, c));
          while (linli_query_next (ins, &error))
            ;
          g_assert_no_error (error);
        }
    }
  g_assert_true (linli_db_commit (to, &error));
  return now_s () - start;
}

int
main (int argc, char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *skip = NULL;
  g_autofree char *tmp = NULL;
  g_autofree char *a_path = NULL, *b_path = NULL, *raw_path = NULL;
  g_autofree char *cid = NULL, *code = NULL;
  g_autoptr(LinliDb) a = NULL, b = NULL;
  g_autoptr(LinliSyncClient) ca = NULL, cb = NULL;
  SyncTestStorage *storage;
  SyncTestProcess *server;
  const char *kind;
  GDate today;
  gint64 rows;
  guint64 changes = 0;
  double t, push_s, pull_s, raw_s, inc_push_s, inc_pull_s;

  setlocale (LC_ALL, "C.UTF-8");
  g_setenv ("LINLI_PG_FSYNC", "1", TRUE);
  linli_core_init ();

  storage = sync_test_storage_new ("bench", &skip);
  if (storage == NULL)
    {
      g_print ("SKIP %s\n", skip);
      return 77;
    }
  kind = storage->postgres ? "PostgreSQL" : "SQLite";
  tmp = sync_test_tmpdir ("bench-pcs");
  a_path = g_build_filename (tmp, "a.db", NULL);
  b_path = g_build_filename (tmp, "b.db", NULL);
  raw_path = g_build_filename (tmp, "raw.db", NULL);

  {
    const char *add[] = { "add-community", "青和居社区", NULL };
    g_assert_cmpint (sync_test_server_admin (storage->args, add, &cid), ==, 0);
  }
  server = sync_test_server_spawn (storage->args, "127.0.0.1:0", &error);
  g_assert_no_error (error);

  /* PC A: the demo community of seed scale. */
  a = linli_db_open (a_path, &error);
  g_assert_no_error (error);
  g_date_clear (&today, 1);
  g_date_set_dmy (&today, 23, 11, 2026);
  g_assert_true (linli_demo_generate (a, LINLI_DEMO_SEED, 1, &today, NULL, NULL, &error));
  g_assert_no_error (error);
  rows = count_rows (a);

  ca = linli_sync_client_new (a);
  {
    const char *args[] = { "enrol-code", cid, NULL };
    g_assert_cmpint (sync_test_server_admin (storage->args, args, &code), ==, 0);
  }
  g_assert_true (linli_sync_client_enrol (ca, server->url, code, NULL, &error));
  g_assert_no_error (error);
  t = now_s ();
  g_assert_true (linli_sync_client_sync (ca, NULL, &error));
  g_assert_no_error (error);
  push_s = now_s () - t;
  linli_sync_client_get_counts (ca, &changes, NULL);

  /* PC B: empty, receives everything. */
  b = linli_db_open (b_path, &error);
  g_assert_no_error (error);
  cb = linli_sync_client_new (b);
  g_clear_pointer (&code, g_free);
  {
    const char *args[] = { "enrol-code", cid, NULL };
    g_assert_cmpint (sync_test_server_admin (storage->args, args, &code), ==, 0);
  }
  g_assert_true (linli_sync_client_enrol (cb, server->url, code, NULL, &error));
  t = now_s ();
  g_assert_true (linli_sync_client_sync (cb, NULL, &error));
  g_assert_no_error (error);
  pull_s = now_s () - t;
  g_assert_cmpint (count_rows (b), ==, rows);

  raw_s = raw_insert (a, raw_path);

  /* 100 changes on A, then A pushes and B pulls. */
  {
    g_autoptr(LinliQuery) q = linli_db_query (a, NULL, "SELECT id FROM person ORDER BY rowid LIMIT 100", NULL);
    guint i = 0;

    while (linli_query_next (q, NULL))
      {
        g_autofree char *phone = g_strdup_printf ("1380000%04u", i++);

        g_assert_true (linli_db_set (a, &error, "person", linli_query_get_string (q, 0), "phone", "s", phone));
      }
  }
  t = now_s ();
  g_assert_true (linli_sync_client_sync (ca, NULL, &error));
  inc_push_s = now_s () - t;
  t = now_s ();
  g_assert_true (linli_sync_client_sync (cb, NULL, &error));
  inc_pull_s = now_s () - t;
  g_assert_no_error (error);
  {
    g_autofree char *da = sync_test_canonical_dump (a);
    g_autofree char *db_ = sync_test_canonical_dump (b);

    g_assert_cmpstr (da, ==, db_);
  }

  g_print ("sync of a seed-scale community (%" G_GINT64_FORMAT " rows, %" G_GUINT64_FORMAT " changes), %s storage:\n",
           rows, changes, kind);
  g_print ("  first PC's push:          %6.2f s  (%.0f changes/s)\n", push_s, changes / push_s);
  g_print ("  initial pull, empty PC:   %6.2f s  (%.0f rows/s)\n", pull_s, rows / pull_s);
  g_print ("  raw SQLite insert, same rows, one transaction: %6.2f s  (%.0f rows/s; the pull takes %.1f×)\n",
           raw_s, rows / raw_s, pull_s / raw_s);
  g_print ("  incremental, 100 changes: push %.3f s, pull %.3f s\n", inc_push_s, inc_pull_s);

  g_clear_object (&ca);
  g_clear_object (&cb);
  sync_test_server_kill (server, SIGTERM);
  sync_test_storage_free (storage);
  sync_test_rm_rf (tmp);
  return 0;
}
