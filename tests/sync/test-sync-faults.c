/* test-sync-faults.c: the real linli-server and linli-cli on the loopback,
 * broken on purpose
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   - the server killed (SIGKILL) in the middle of a first PC's pushes,
 *   - a PC's linli-cli killed while it applies pages,
 *   - a connection dropped after the server committed a push and before
 *     its answer reached the PC,
 *   - a PC whose clock is three days ahead.
 *
 * After each, the PCs sync again and must hold the same records as each
 * other and as the server, every change once. LINLI_TEST_STORAGE chooses
 * SQLite or PostgreSQL.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>

#include "linli-core.h"
#include "sync-test-util.h"

static SyncTestStorage *storage;
static SyncTestProcess *server;
static SyncTestProxy *proxy;
static char *proxy_url;
static char *tmp;
static guint server_port;

static char *cli_path;

static void
restart_server (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *listen = g_strdup_printf ("127.0.0.1:%u", server_port);

  for (guint tries = 0; tries < 50; tries++)
    {
      g_clear_error (&error);
      server = sync_test_server_spawn (storage->args, listen, &error);
      if (server != NULL)
        return;
      g_usleep (100 * 1000);
    }
  g_assert_no_error (error);
}

static int
cli (const char  *db,
     const char  *env,
     char       **err,
     ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *out = NULL;
  g_autofree char *local_err = NULL;
  const char *envs[] = { env, NULL };
  int status;
  va_list ap;

  g_ptr_array_add (argv, cli_path);
  g_ptr_array_add (argv, (char *) "--db");
  g_ptr_array_add (argv, (char *) db);
  va_start (ap, err);
  for (const char *a = va_arg (ap, const char *); a != NULL; a = va_arg (ap, const char *))
    g_ptr_array_add (argv, (char *) a);
  va_end (ap);
  g_ptr_array_add (argv, NULL);

  status = sync_test_run ((const char * const *) argv->pdata, env ? envs : NULL, &out, &local_err);
  g_test_message ("linli-cli %s: %d %s%s", (char *) argv->pdata[3], status, out, local_err);
  if (err != NULL)
    *err = g_steal_pointer (&local_err);
  return status;
}

static char *
new_db_path (const char *name)
{
  char *path = g_build_filename (tmp, name, NULL);

  g_unlink (path);
  return path;
}

static void
enrol (const char *db,
       const char *cid)
{
  g_autofree char *code = sync_test_admin (storage, "enrol-code", cid, NULL);

  g_assert_cmpint (cli (db, NULL, NULL, "enrol", "--server", proxy_url, "--code", code, NULL), ==, 0);
}

/* A community's file with its records and @extra residents besides. */
static char *
make_community_file (const char *name,
                     const char *ledger,
                     guint       extra)
{
  g_autoptr(GError) error = NULL;
  char *path = new_db_path (name);
  g_autoptr(LinliDb) db = linli_db_open (path, &error);
  g_autoptr(GHashTable) ids = NULL;

  g_assert_no_error (error);
  ids = sync_test_fill_every_table (db, ledger);
  g_assert_true (linli_db_begin (db, &error));
  for (guint i = 0; i < extra; i++)
    {
      g_autofree char *person = g_strdup_printf ("居民%u", i);
      g_autofree char *id = linli_db_insert (db, &error, "person", "community_id,household_id,name,phone", "ssss",
                                             ledger, (char *) g_hash_table_lookup (ids, "household"), person,
                                             "13800000000");

      g_assert_no_error (error);
    }
  g_assert_true (linli_db_commit (db, &error));
  return path;
}

static char *
dump (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LinliDb) db = linli_db_open (path, &error);

  g_assert_no_error (error);
  return sync_test_canonical_dump (db);
}

/* The changes a file's records make: one per row, and one per later
 * stamp of its columns. */
static gint64
changes_in (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LinliDb) db = linli_db_open (path, &error);
  g_auto(GStrv) tables = linli_db_list_synced_tables (db);
  gint64 n = linli_db_query_int (db, NULL, "SELECT count(*) FROM (SELECT DISTINCT tbl, row_id, hlc FROM col_stamp)", NULL);

  for (guint i = 0; tables[i] != NULL; i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM %s", tables[i]);

      n += linli_db_query_int (db, NULL, sql, NULL);
    }
  return n;
}

static gint64
changes_on_server (const char *cid)
{
  g_autoptr(LinliServerStore) store = sync_test_storage_open (storage);

  return linli_server_store_count_changes (store, cid, NULL);
}

static GPid
spawn_cli (const char *db,
           const char *env,
           ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) envp = g_get_environ ();
  GPid pid;
  va_list ap;

  if (env != NULL)
    {
      g_auto(GStrv) kv = g_strsplit (env, "=", 2);

      envp = g_environ_setenv (envp, kv[0], kv[1], TRUE);
    }
  g_ptr_array_add (argv, cli_path);
  g_ptr_array_add (argv, (char *) "--db");
  g_ptr_array_add (argv, (char *) db);
  va_start (ap, env);
  for (const char *a = va_arg (ap, const char *); a != NULL; a = va_arg (ap, const char *))
    g_ptr_array_add (argv, (char *) a);
  va_end (ap);
  g_ptr_array_add (argv, NULL);

  g_spawn_async (NULL, (char **) argv->pdata, envp, G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL |
                 G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &pid, &error);
  g_assert_no_error (error);
  return pid;
}

static int
wait_cli (GPid pid)
{
  int status = 0;

  waitpid (pid, &status, 0);
  g_spawn_close_pid (pid);
  return WIFEXITED (status) ? WEXITSTATUS (status) : -WTERMSIG (status);
}

static gboolean
wait_for (guint (*count) (SyncTestProxy *),
          guint  n,
          GPid   pid)
{
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  while (count (proxy) < n)
    {
      int status;

      if (waitpid (pid, &status, WNOHANG) == pid)
        return FALSE;
      if (g_get_monotonic_time () > deadline)
        return FALSE;
      g_usleep (2000);
    }
  return TRUE;
}

/* The server dies in the middle of the first PC's pushes. */
static void
test_server_killed_mid_push (void)
{
  g_autofree char *cid = sync_test_admin (storage, "add-community", "青和居社区", NULL);
  g_autofree char *a = make_community_file ("kill-server-a.db", "ledger-kill-server", 3000);
  g_autofree char *b = new_db_path ("kill-server-b.db");
  g_autofree char *da = NULL, *db_ = NULL;
  guint pushes = sync_test_proxy_pushes_seen (proxy);
  gint64 expected = changes_in (a);
  GPid pid;

  enrol (a, cid);
  pid = spawn_cli (a, "LINLI_SYNC_BATCH=50", "sync", NULL);
  g_assert_true (wait_for (sync_test_proxy_pushes_seen, pushes + 8, pid));
  sync_test_server_kill (server, SIGKILL);
  server = NULL;
  g_assert_cmpint (wait_cli (pid), ==, 1);

  restart_server ();
  g_assert_cmpint (cli (a, "LINLI_SYNC_BATCH=400", NULL, "sync", NULL), ==, 0);
  g_assert_cmpint (changes_on_server (cid), ==, expected);

  enrol (b, cid);
  g_assert_cmpint (cli (b, NULL, NULL, "sync", NULL), ==, 0);
  da = dump (a);
  db_ = dump (b);
  g_assert_cmpstr (da, ==, db_);
}

/* A PC's linli-cli dies while it applies pages, three times. */
static void
test_client_killed_mid_apply (void)
{
  g_autofree char *cid = sync_test_admin (storage, "add-community", "绿景苑社区", NULL);
  g_autofree char *a = make_community_file ("kill-client-a.db", "ledger-kill-client", 3000);
  g_autofree char *b = new_db_path ("kill-client-b.db");
  g_autofree char *da = NULL, *db_ = NULL;

  /* Small pushes: pages are cut between pushes only. */
  enrol (a, cid);
  g_assert_cmpint (cli (a, "LINLI_SYNC_BATCH=40", NULL, "sync", NULL), ==, 0);
  enrol (b, cid);

  for (guint round = 0; round < 3; round++)
    {
      guint pulls = sync_test_proxy_pulls_seen (proxy);
      GPid pid = spawn_cli (b, "LINLI_SYNC_PAGE=40", "sync", NULL);

      g_assert_true (wait_for (sync_test_proxy_pulls_seen, pulls + 4 + round * 3, pid));
      g_usleep (g_random_int_range (0, 4000));
      kill (pid, SIGKILL);
      wait_cli (pid);

      /* Whatever was applied was applied whole, with its cursor. */
      {
        g_autoptr(GError) error = NULL;
        g_autoptr(LinliDb) db = linli_db_open (b, &error);
        g_autoptr(GString) report = g_string_new (NULL);

        g_assert_no_error (error);
        g_assert_true (linli_db_exec_script (db, "PRAGMA foreign_keys = OFF", NULL));
        g_assert_cmpint (linli_db_query_int (db, NULL, "PRAGMA integrity_check = 1", NULL), ==, 0);
        g_assert_cmpint (linli_db_query_int (db, NULL, "SELECT count(*) FROM journal", NULL), ==, 0);
      }
    }

  g_assert_cmpint (cli (b, NULL, NULL, "sync", NULL), ==, 0);
  da = dump (a);
  db_ = dump (b);
  g_assert_cmpstr (da, ==, db_);
}

/* The server commits a push; its answer is lost on the way. */
static void
test_answer_lost_after_commit (void)
{
  g_autofree char *cid = sync_test_admin (storage, "add-community", "东龙社区", NULL);
  g_autofree char *a = make_community_file ("lost-a.db", "ledger-lost", 10);
  g_autofree char *b = new_db_path ("lost-b.db");
  g_autofree char *da = NULL, *db_ = NULL;
  g_autofree char *err = NULL;
  gint64 before, after_first;

  enrol (a, cid);
  g_assert_cmpint (cli (a, NULL, NULL, "sync", NULL), ==, 0);
  before = changes_on_server (cid);

  /* Five edits, then a sync whose push answer never arrives. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(LinliDb) db = linli_db_open (a, &error);
    g_autofree char *person = linli_db_query_string (db, NULL, "SELECT id FROM person ORDER BY rowid LIMIT 1", NULL);

    for (guint i = 0; i < 5; i++)
      {
        g_autofree char *phone = g_strdup_printf ("1390000000%u", i);

        g_assert_true (linli_db_set (db, &error, "person", person, "phone", "s", phone));
      }
  }
  sync_test_proxy_drop_next_push_answer (proxy);
  g_assert_cmpint (cli (a, NULL, &err, "sync", NULL), ==, 1);
  g_assert_cmpuint (sync_test_proxy_dropped (proxy), >=, 1);
  after_first = changes_on_server (cid);
  g_assert_cmpint (after_first, ==, before + 5);

  /* Sent again, acknowledged, not stored twice. */
  g_assert_cmpint (cli (a, NULL, NULL, "sync", NULL), ==, 0);
  g_assert_cmpint (changes_on_server (cid), ==, after_first);

  enrol (b, cid);
  g_assert_cmpint (cli (b, NULL, NULL, "sync", NULL), ==, 0);
  da = dump (a);
  db_ = dump (b);
  g_assert_cmpstr (da, ==, db_);
}

/* A PC whose clock runs three days ahead. */
static void
test_clock_far_ahead (void)
{
  g_autofree char *cid = sync_test_admin (storage, "add-community", "施营社区", NULL);
  g_autofree char *a = make_community_file ("clock-a.db", "ledger-clock", 0);
  g_autofree char *b = new_db_path ("clock-b.db");
  g_autofree char *da = NULL, *db_ = NULL;
  g_autofree char *err = NULL;
  const char *ahead = "LINLI_CLOCK_OFFSET_MS=259200000";
  gint64 before;

  enrol (a, cid);
  g_assert_cmpint (cli (a, NULL, NULL, "sync", NULL), ==, 0);
  enrol (b, cid);
  g_assert_cmpint (cli (b, NULL, NULL, "sync", NULL), ==, 0);
  before = changes_on_server (cid);

  /* Edits made while the clock is wrong. */
  g_setenv ("LINLI_CLOCK_OFFSET_MS", "259200000", TRUE);
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(LinliDb) db = linli_db_open (a, &error);
    g_autofree char *person = linli_db_query_string (db, NULL, "SELECT id FROM person ORDER BY rowid LIMIT 1", NULL);

    g_assert_true (linli_db_set (db, &error, "person", person, "notes", "s", "时钟快了三天时的修改"));
    g_assert_no_error (error);
  }
  g_unsetenv ("LINLI_CLOCK_OFFSET_MS");

  g_assert_cmpint (cli (a, ahead, &err, "sync", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "ahead"));
  g_assert_cmpint (changes_on_server (cid), ==, before);

  /* The clock corrected: the edit goes, stamped now. */
  g_assert_cmpint (cli (a, NULL, NULL, "sync", NULL), ==, 0);
  g_assert_cmpint (changes_on_server (cid), ==, before + 1);
  g_assert_cmpint (cli (b, NULL, NULL, "sync", NULL), ==, 0);
  da = dump (a);
  db_ = dump (b);
  g_assert_cmpstr (da, ==, db_);
  g_assert_nonnull (strstr (db_, "时钟快了三天时的修改"));
}

int
main (int argc, char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *skip = NULL;
  int ret;

  setlocale (LC_ALL, "C.UTF-8");
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  g_test_init (&argc, &argv, NULL);
  linli_core_init ();

  storage = sync_test_storage_new ("faults", &skip);
  if (storage == NULL)
    {
      g_print ("1..0 # SKIP %s\n", skip);
      return 0;
    }
  cli_path = g_build_filename (g_getenv ("LINLI_BUILD_ROOT"), "src", "cli", "linli-cli", NULL);
  tmp = sync_test_tmpdir ("faults-pcs");
  server = sync_test_server_spawn (storage->args, "127.0.0.1:0", &error);
  g_assert_no_error (error);
  server_port = sync_test_url_port (server->url);
  proxy = sync_test_proxy_new (server_port);
  proxy_url = sync_test_proxy_get_url (proxy);

  g_test_add_func ("/sync/faults/server-killed-mid-push", test_server_killed_mid_push);
  g_test_add_func ("/sync/faults/client-killed-mid-apply", test_client_killed_mid_apply);
  g_test_add_func ("/sync/faults/answer-lost-after-commit", test_answer_lost_after_commit);
  g_test_add_func ("/sync/faults/clock-far-ahead", test_clock_far_ahead);

  ret = g_test_run ();

  sync_test_server_kill (server, SIGTERM);
  sync_test_proxy_free (proxy);
  sync_test_storage_free (storage);
  sync_test_rm_rf (tmp);
  g_free (tmp);
  g_free (proxy_url);
  g_free (cli_path);
  return ret;
}
