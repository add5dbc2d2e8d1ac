/* test-sync-property.c: random schedules of edits and partial syncs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each schedule: a fresh community on a server in this process, 3 to 5
 * PCs (the first brings its records, the others start empty), random
 * inserts, updates, deletes and undeletes in every table, many of them
 * on the same few rows and columns (conflicts, delete against edit),
 * and random partial syncs — one push batch, one pull page — over a
 * network that loses requests and answers, repeats some and delivers
 * others late. Then every PC syncs fully, twice, and:
 *
 *   - every PC's canonical dump is the same,
 *   - it equals the server's log folded by this test's own fold,
 *   - the server's folded rows equal that fold too,
 *   - nothing waits in pending_change.
 *
 * LINLI_SYNC_SCHEDULES sets the number (1,000 by default), LINLI_TEST_SEED
 * the first seed; a failing schedule prints its seed.
 */

#include "config.h"

#include <locale.h>
#include <math.h>
#include <string.h>

#include "linli-core.h"
#include "linli-sync-apply.h"
#include "sync-test-util.h"

#define MAX_REPLICAS 5

typedef struct
{
  char *column;
  char *table;
} ForeignKey;

typedef struct
{
  LinliServerStore *store;
  LinliServer      *server;
  SyncTestWire     *wire;
  LinliSyncSchema  *schema;
  LinliDb          *replicas[MAX_REPLICAS];
  LinliSyncClient  *clients[MAX_REPLICAS];
  GHashTable       *fks;          /* table -> GHashTable column -> referenced table */
  GRand            *rand;
  guint32           seed;
  char             *community;    /* the records' community id */
  GPtrArray        *hot;          /* "table/id" of rows many edits go to */
  guint             conflicts;
  guint             steps;
} Run;

static gboolean
network_error_only (GError **error)
{
  gboolean ok = *error == NULL || g_error_matches (*error, LINLI_SYNC_ERROR, LINLI_SYNC_ERROR_NETWORK);

  if (!ok)
    g_printerr ("unexpected error: %s\n", (*error)->message);
  g_clear_error (error);
  return ok;
}

static char *
pick_id (Run        *run,
         LinliDb    *db,
         const char *table)
{
  g_autofree char *count_sql = g_strdup_printf ("SELECT count(*) FROM %s", table);
  g_autofree char *pick_sql = g_strdup_printf ("SELECT id FROM %s ORDER BY id LIMIT 1 OFFSET ?", table);
  gint64 n = linli_db_query_int (db, NULL, count_sql, NULL);

  if (n == 0)
    return NULL;
  return linli_db_query_string (db, NULL, pick_sql, "l", (gint64) g_rand_int_range (run->rand, 0, (gint32) n));
}

static const char *words[] = {
  "王芳", "李建国", "青和居", "12栋", "\"引号\"", "back\\slash", "line\nbreak", "emoji 🏠", "", "a'b", "x",
};

/* Binds a random value for @col of @table; FALSE when it cannot (a
 * reference with nothing to refer to). */
static gboolean
bind_random (Run                   *run,
             LinliDb               *db,
             sqlite3_stmt          *stmt,
             int                    index,
             const char            *table,
             const LinliSyncColumn *col,
             gboolean               for_insert)
{
  GHashTable *fks = g_hash_table_lookup (run->fks, table);
  const char *ref = fks ? g_hash_table_lookup (fks, col->name) : NULL;

  if (g_str_equal (col->name, "community_id"))
    {
      sqlite3_bind_text (stmt, index, run->community, -1, SQLITE_TRANSIENT);
      return TRUE;
    }
  if (!col->notnull && g_rand_double (run->rand) < 0.15)
    {
      sqlite3_bind_null (stmt, index);
      return TRUE;
    }
  if (ref != NULL)
    {
      g_autofree char *id = pick_id (run, db, ref);

      if (id == NULL)
        {
          if (col->notnull)
            return FALSE;
          sqlite3_bind_null (stmt, index);
        }
      else
        sqlite3_bind_text (stmt, index, id, -1, SQLITE_TRANSIENT);
      return TRUE;
    }
  if (g_str_equal (col->name, "deleted"))
    {
      sqlite3_bind_int (stmt, index, for_insert ? 0 : g_rand_int_range (run->rand, 0, 2));
      return TRUE;
    }

  switch (col->affinity)
    {
    case 'i':
      sqlite3_bind_int64 (stmt, index, g_rand_int_range (run->rand, -3, 2000));
      break;
    case 'r':
      /* Full doubles: they must arrive to the last bit. */
      sqlite3_bind_double (stmt, index, g_rand_double_range (run->rand, -1000.0, 1000.0));
      break;
    default:
      {
        g_autofree char *s = g_strdup_printf ("%s%d", words[g_rand_int_range (run->rand, 0, G_N_ELEMENTS (words))],
                                              g_rand_int_range (run->rand, 0, 50));

        sqlite3_bind_text (stmt, index, s, -1, SQLITE_TRANSIENT);
      }
      break;
    }
  return TRUE;
}

static void
random_insert (Run     *run,
               LinliDb *db)
{
  const GPtrArray *tables = linli_sync_schema_get_tables (run->schema);
  const LinliSyncTable *t;
  g_autoptr(GString) sql = NULL;
  g_autoptr(GString) marks = g_string_new (NULL);
  g_autoptr(LinliQuery) q = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = linli_new_id ();
  sqlite3_stmt *stmt;

  /* A PC that has not received its community yet has nothing to add to. */
  if (linli_db_query_int (db, NULL, "SELECT count(*) FROM community WHERE id = ?", "s", run->community) == 0)
    return;

  do
    t = tables->pdata[g_rand_int_range (run->rand, 0, (gint32) tables->len)];
  while (g_str_equal (t->name, "community"));

  sql = g_string_new (NULL);
  g_string_append_printf (sql, "INSERT INTO %s (id, _hlc", t->name);
  for (guint c = 0; c < t->columns->len; c++)
    {
      g_string_append_printf (sql, ", %s", ((LinliSyncColumn *) t->columns->pdata[c])->name);
      g_string_append (marks, ", ?");
    }
  g_string_append_printf (sql, ") VALUES (?, linli_hlc ()%s)", marks->str);

  g_assert_true (linli_db_begin (db, &error));
  q = linli_sync_prepare (db, sql->str, t->columns->len + 1, &error);
  g_assert_no_error (error);
  stmt = linli_query_get_stmt (q);
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  for (guint c = 0; c < t->columns->len; c++)
    if (!bind_random (run, db, stmt, (int) c + 2, t->name, t->columns->pdata[c], TRUE))
      {
        g_clear_pointer (&q, linli_query_free);
        linli_db_rollback (db);
        return;
      }
  while (linli_query_next (q, &error))
    ;
  g_assert_no_error (error);
  g_clear_pointer (&q, linli_query_free);
  if (!linli_db_commit (db, &error))
    g_error ("seed %u: insert into %s: %s", run->seed, t->name, error->message);

  if (run->hot->len < 6 && g_rand_boolean (run->rand))
    g_ptr_array_add (run->hot, g_strdup_printf ("%s/%s", t->name, id));
}

static void
random_update (Run     *run,
               LinliDb *db)
{
  const GPtrArray *tables = linli_sync_schema_get_tables (run->schema);
  const LinliSyncTable *t = NULL;
  const LinliSyncColumn *col;
  g_autofree char *id = NULL;
  g_autofree char *sql = NULL;
  g_autoptr(LinliQuery) q = NULL;
  g_autoptr(GError) error = NULL;
  guint edits = g_rand_int_range (run->rand, 1, 4);

  gboolean is_hot = run->hot->len > 0 && g_rand_double (run->rand) < 0.6;

  if (is_hot)
    {
      /* The same rows over and over: conflicts, delete against edit. */
      const char *hot = run->hot->pdata[g_rand_int_range (run->rand, 0, (gint32) run->hot->len)];
      const char *slash = strchr (hot, '/');
      g_autofree char *table = g_strndup (hot, (gsize) (slash - hot));
      g_autofree char *check = g_strdup_printf ("SELECT count(*) FROM %s WHERE id = ?", table);

      if (linli_db_query_int (db, NULL, check, "s", slash + 1) == 0)
        return;
      t = linli_sync_schema_lookup (run->schema, table);
      id = g_strdup (slash + 1);
    }
  else
    {
      for (guint tries = 0; id == NULL && tries < 5; tries++)
        {
          t = tables->pdata[g_rand_int_range (run->rand, 0, (gint32) tables->len)];
          id = pick_id (run, db, t->name);
        }
      if (id == NULL)
        return;
    }

  /* One user action: one to three columns in one transaction. */
  g_assert_true (linli_db_begin (db, &error));
  for (guint e = 0; e < edits; e++)
    {
      /* The hot rows' first columns, so that edits meet. */
      guint pick = (guint) g_rand_int_range (run->rand, 0, (gint32) MIN (t->columns->len, 3));

      col = t->columns->pdata[is_hot ? pick : (guint) g_rand_int_range (run->rand, 0, (gint32) t->columns->len)];
      if (g_str_equal (col->name, "community_id"))
        continue;
      sql = g_strdup_printf ("UPDATE %s SET %s = ? WHERE id = ?", t->name, col->name);
      q = linli_sync_prepare (db, sql, 2, &error);
      g_assert_no_error (error);
      if (!bind_random (run, db, linli_query_get_stmt (q), 1, t->name, col, FALSE))
        {
          g_clear_pointer (&q, linli_query_free);
          g_clear_pointer (&sql, g_free);
          continue;
        }
      sqlite3_bind_text (linli_query_get_stmt (q), 2, id, -1, SQLITE_TRANSIENT);
      while (linli_query_next (q, &error))
        ;
      g_assert_no_error (error);
      g_clear_pointer (&q, linli_query_free);
      g_clear_pointer (&sql, g_free);
    }
  g_assert_true (linli_db_commit (db, &error));
  g_assert_no_error (error);
}

static void
random_delete (Run     *run,
               LinliDb *db)
{
  g_autoptr(GError) error = NULL;
  const char *hot;
  const char *slash;
  g_autofree char *table = NULL;
  g_autofree char *check = NULL;

  if (run->hot->len == 0)
    return;
  hot = run->hot->pdata[g_rand_int_range (run->rand, 0, (gint32) run->hot->len)];
  slash = strchr (hot, '/');
  table = g_strndup (hot, (gsize) (slash - hot));
  check = g_strdup_printf ("SELECT count(*) FROM %s WHERE id = ?", table);
  if (linli_db_query_int (db, NULL, check, "s", slash + 1) == 0)
    return;
  if (g_rand_double (run->rand) < 0.75)
    g_assert_true (linli_db_soft_delete (db, table, slash + 1, &error));
  else
    g_assert_true (linli_db_undelete (db, table, slash + 1, &error));
  g_assert_no_error (error);
}

static void
enrol (Run        *run,
       guint       r,
       const char *cid)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *code = linli_server_store_new_code (run->store, cid, NULL, 1, &error);

  g_assert_no_error (error);
  /* Over the lossy network: a lost answer is asked again, with the same
   * code, and the server hands this computer a new token. */
  for (guint tries = 0; tries < 50; tries++)
    {
      if (linli_sync_client_enrol (run->clients[r], "http://127.0.0.1:1", code, NULL, &error))
        return;
      g_assert_true (network_error_only (&error));
    }
  g_assert_not_reached ();
}

/* The lines of @a not in @b and of @b not in @a. */
static char *
diff_lines (const char *a,
            const char *b)
{
  g_auto(GStrv) la = g_strsplit (a, "\n", -1);
  g_auto(GStrv) lb = g_strsplit (b, "\n", -1);
  GString *out = g_string_new (NULL);

  for (guint i = 0; la[i]; i++)
    if (!g_strv_contains ((const char * const *) lb, la[i]))
      g_string_append_printf (out, "- %s\n", la[i]);
  for (guint i = 0; lb[i]; i++)
    if (!g_strv_contains ((const char * const *) la, lb[i]))
      g_string_append_printf (out, "+ %s\n", lb[i]);
  return g_string_free (out, FALSE);
}

static void
check_converged (Run        *run,
                 guint       n,
                 const char *cid)
{
  g_autofree char *first = sync_test_canonical_dump_with (run->replicas[0], run->schema);
  g_autoptr(GPtrArray) log = sync_test_read_log (run->store, cid);
  g_autofree char *folded = sync_test_fold_log (run->schema, log);
  g_autofree char *rows = sync_test_server_rows_dump (run->store, run->schema, cid);
  g_autofree char *values = NULL;

  for (guint r = 0; r < n; r++)
    {
      g_autofree char *dump = r ? sync_test_canonical_dump_with (run->replicas[r], run->schema) : g_strdup (first);

      if (g_strcmp0 (dump, first) != 0)
        g_error ("seed %u: PC %u differs from PC 0:\n%s", run->seed, r, diff_lines (first, dump));
      g_assert_cmpint (linli_db_query_int (run->replicas[r], NULL, "SELECT count(*) FROM pending_change", NULL), ==, 0);
      g_assert_cmpint (linli_db_query_int (run->replicas[r], NULL, "SELECT count(*) FROM journal", NULL), ==, 0);
    }
  if (g_strcmp0 (first, folded) != 0)
    g_error ("seed %u: the PCs (-) differ from the server's log (+):\n%s", run->seed, diff_lines (first, folded));

  /* The server's rows: values only (it keeps no insert stamps). */
  {
    g_auto(GStrv) a = g_strsplit (folded, "\n", -1);
    g_auto(GStrv) b = g_strsplit (rows, "\n", -1);
    GString *fa = g_string_new (NULL), *fb = g_string_new (NULL);

    for (guint i = 0; a[i]; i++)
      if (!g_str_has_prefix (a[i], "stamp|"))
        g_string_append_printf (fa, "%s\n", a[i]);
    for (guint i = 0; b[i]; i++)
      if (!g_str_has_prefix (b[i], "stamp|"))
        g_string_append_printf (fb, "%s\n", b[i]);
    if (!g_str_equal (fa->str, fb->str))
      g_error ("seed %u: the server's log (-) differs from its rows (+):\n%s", run->seed, diff_lines (fa->str, fb->str));
    g_string_free (fa, TRUE);
    g_string_free (fb, TRUE);
  }
}

static void
run_schedule (Run     *run,
              guint32  seed)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *cid = NULL;
  guint n, steps;

  run->seed = seed;
  g_rand_set_seed (run->rand, seed);
  g_rand_set_seed (run->wire->rand, seed ^ 0x5a5a5a5a);
  run->wire->p_drop_request = 0.06;
  run->wire->p_drop_answer = 0.08;
  run->wire->p_duplicate = 0.06;
  run->wire->p_delay = 0.05;
  g_ptr_array_set_size (run->hot, 0);

  n = (guint) g_rand_int_range (run->rand, 3, MAX_REPLICAS + 1);
  for (guint r = 0; r < n; r++)
    {
      sync_test_reset_replica (run->replicas[r], run->schema);
      linli_sync_client_set_limits (run->clients[r], g_rand_int_range (run->rand, 1, 8),
                                    g_rand_int_range (run->rand, 1, 12));
    }

  cid = linli_server_store_add_community (run->store, "社区", NULL, &error);
  g_assert_no_error (error);
  g_free (run->community);
  run->community = linli_new_id ();

  /* PC 0 has the records; it enrols first and brings them. */
  {
    g_autoptr(GHashTable) ids = sync_test_fill_every_table (run->replicas[0], run->community);

    g_ptr_array_add (run->hot, g_strdup_printf ("community/%s", run->community));
    g_ptr_array_add (run->hot, g_strdup_printf ("person/%s", (char *) g_hash_table_lookup (ids, "person")));
    g_ptr_array_add (run->hot, g_strdup_printf ("project/%s", (char *) g_hash_table_lookup (ids, "project")));
  }
  for (guint r = 0; r < n; r++)
    enrol (run, r, cid);

  steps = (guint) g_rand_int_range (run->rand, 8, 26);
  for (guint s = 0; s < steps; s++)
    {
      guint r = (guint) g_rand_int_range (run->rand, 0, (gint32) n);
      LinliSyncClient *client = run->clients[r];
      double what = g_rand_double (run->rand);
      gboolean done;

      run->steps++;
      if (what < 0.18)
        random_insert (run, run->replicas[r]);
      else if (what < 0.42)
        random_update (run, run->replicas[r]);
      else if (what < 0.50)
        random_delete (run, run->replicas[r]);
      else if (what < 0.64)
        {
          linli_sync_client_push_batch (client, &done, NULL, &error);
          g_assert_true (network_error_only (&error));
        }
      else if (what < 0.80)
        {
          linli_sync_client_pull_page (client, &done, NULL, &error);
          g_assert_true (network_error_only (&error));
        }
      else if (what < 0.93)
        {
          linli_sync_client_sync (client, NULL, &error);
          g_assert_true (network_error_only (&error));
        }
      else
        sync_test_wire_flush (run->wire, FALSE);
    }

  /* The network heals; late requests arrive; everyone syncs twice. */
  run->wire->p_drop_request = run->wire->p_drop_answer = run->wire->p_duplicate = run->wire->p_delay = 0;
  sync_test_wire_flush (run->wire, TRUE);
  for (guint round = 0; round < 2; round++)
    for (guint r = 0; r < n; r++)
      {
        if (!linli_sync_client_sync (run->clients[r], NULL, &error))
          g_error ("seed %u: PC %u could not sync: %s", seed, r, error->message);
      }

  for (guint r = 0; r < n; r++)
    run->conflicts += (guint) linli_db_query_int (run->replicas[r], NULL, "SELECT count(*) FROM sync_conflict", NULL);

  check_converged (run, n, cid);
}

static void
load_foreign_keys (Run     *run,
                   LinliDb *db)
{
  const GPtrArray *tables = linli_sync_schema_get_tables (run->schema);

  run->fks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_hash_table_unref);
  for (guint t = 0; t < tables->len; t++)
    {
      const char *name = ((LinliSyncTable *) tables->pdata[t])->name;
      GHashTable *cols = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      g_autoptr(LinliQuery) q = linli_db_query (db, NULL, "SELECT \"from\", \"table\" FROM pragma_foreign_key_list (?)",
                                                "s", name);

      while (linli_query_next (q, NULL))
        g_hash_table_insert (cols, linli_query_dup_string (q, 0), linli_query_dup_string (q, 1));
      g_hash_table_insert (run->fks, g_strdup (name), cols);
    }
}

static void
test_schedules (void)
{
  const char *env_n = g_getenv ("LINLI_SYNC_SCHEDULES");
  const char *env_seed = g_getenv ("LINLI_TEST_SEED");
  guint n = env_n ? (guint) g_ascii_strtoull (env_n, NULL, 10) : 1000;
  guint32 seed0 = env_seed ? (guint32) g_ascii_strtoull (env_seed, NULL, 10) : 20261123;
  g_autoptr(GError) error = NULL;
  Run run = { 0 };
  gint64 start = g_get_monotonic_time ();
  double seconds;

  run.store = linli_server_store_new_sqlite (":memory:", &error);
  g_assert_no_error (error);
  run.server = linli_server_new (run.store);
  run.wire = sync_test_wire_new (run.server);
  run.wire->rand = g_rand_new ();
  run.rand = g_rand_new ();
  run.hot = g_ptr_array_new_with_free_func (g_free);

  for (guint r = 0; r < MAX_REPLICAS; r++)
    {
      run.replicas[r] = linli_db_open_memory (&error);
      g_assert_no_error (error);
      run.clients[r] = linli_sync_client_new (run.replicas[r]);
      linli_sync_client_set_transport (run.clients[r], sync_test_wire_request, run.wire);
    }
  run.schema = linli_sync_schema_new_from_db (run.replicas[0]);
  load_foreign_keys (&run, run.replicas[0]);

  for (guint i = 0; i < n; i++)
    run_schedule (&run, seed0 + i);

  seconds = (g_get_monotonic_time () - start) / 1e6;
  g_test_message ("%u schedules (%u steps, %u requests, %u changed-elsewhere marks) in %.1f s: %.1f ms each",
                  n, run.steps, run.wire->requests, run.conflicts, seconds, seconds * 1000 / MAX (n, 1));
  g_print ("# %u schedules in %.1f s (%.1f ms each); %u requests; %u changed-elsewhere marks\n",
           n, seconds, seconds * 1000 / MAX (n, 1), run.wire->requests, run.conflicts);
  if (n >= 500)
    g_assert_cmpuint (run.conflicts, >, 0);

  for (guint r = 0; r < MAX_REPLICAS; r++)
    {
      g_object_unref (run.clients[r]);
      g_object_unref (run.replicas[r]);
    }
  g_ptr_array_unref (run.hot);
  g_hash_table_unref (run.fks);
  linli_sync_schema_unref (run.schema);
  g_rand_free (run.rand);
  sync_test_wire_free (run.wire);
  g_object_unref (run.server);
  linli_server_store_free (run.store);
  g_free (run.community);
}

int
main (int argc, char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);
  linli_core_init ();

  g_test_add_func ("/sync/property/schedules", test_schedules);
  return g_test_run ();
}
