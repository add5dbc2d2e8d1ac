/* test-import-crash.c: linli-cli import killed with SIGKILL at random
 * moments. After every kill the file passes `linli-cli check`, and the
 * import is there entirely or not at all.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <signal.h>
#include <sys/wait.h>

#include "import-fixtures.h"
#include "import-test-util.h"
#include "linli-core.h"

#define KILLS 50
#define ROWS  2000

static GPid
spawn_import (const char *db,
              const char *ledger)
{
  const char *argv[] = { g_getenv ("LINLI_CLI"), "--db", db, "import", "residents", ledger, NULL };
  g_autoptr(GError) error = NULL;
  GPid pid = 0;

  g_spawn_async (NULL, (char **) argv, NULL,
                 G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                 NULL, NULL, &pid, &error);
  g_assert_no_error (error);
  return pid;
}

static void
copy_file (const char *from,
           const char *to)
{
  g_autofree char *data = NULL;
  gsize len = 0;

  g_assert_true (g_file_get_contents (from, &data, &len, NULL));
  g_assert_true (g_file_set_contents_full (to, data, (gssize) len, G_FILE_SET_CONTENTS_NONE, 0600, NULL));
}

static void
remove_db (const char *path)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);

  g_unlink (path);
  g_unlink (wal);
  g_unlink (shm);
}

static gint64
count_persons (const char *db_path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LinliDb) db = linli_db_open (db_path, &error);

  g_assert_no_error (error);
  return linli_db_query_int (db, NULL, "SELECT count(*) FROM person WHERE deleted = 0", NULL);
}

static void
test_sigkill (void)
{
  g_autoptr(GPtrArray) small = fixture_residents (40, 31);
  g_autoptr(GPtrArray) big = fixture_residents (ROWS, 32);
  g_autofree char *small_path = test_tmp_path ("crash-small.csv");
  g_autofree char *big_path = test_tmp_path ("crash-big.csv");
  g_autofree char *base = test_tmp_path ("crash-base.db");
  g_autofree char *db = test_tmp_path ("crash.db");
  g_autoptr(GRand) rand = g_rand_new_with_seed (33);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  gint64 base_count, full_count, start, duration;
  guint absent = 0, present = 0;

  /* A community file with residents already in it. */
  fixture_write_csv (small, fixture_default_headers, 0, small_path);
  fixture_write_csv (big, fixture_default_headers, FIXTURE_BOM, big_path);
  g_assert_cmpint (test_run_cli ((const char *[]) { "--db", base, "import", "residents", small_path, NULL },
                                 &out, &err), ==, 0);
  base_count = count_persons (base);
  g_assert_cmpint (base_count, ==, 40);

  /* How long a whole import takes here, to kill within it. */
  copy_file (base, db);
  start = g_get_monotonic_time ();
  {
    GPid pid = spawn_import (db, big_path);
    int status = 0;

    g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
    g_assert_true (WIFEXITED (status) && WEXITSTATUS (status) == 0);
    g_spawn_close_pid (pid);
  }
  duration = g_get_monotonic_time () - start;
  full_count = count_persons (db);
  g_assert_cmpint (full_count, ==, base_count + ROWS);
  g_test_message ("a whole import of %d rows takes %.0f ms", ROWS, duration / 1000.0);

  for (guint i = 0; i < KILLS; i++)
    {
      gint64 delay = g_rand_int_range (rand, 0, (gint32) duration);
      g_autofree char *check_out = NULL;
      g_autofree char *check_err = NULL;
      GPid pid;
      int status = 0;
      gint64 n;

      remove_db (db);
      copy_file (base, db);

      pid = spawn_import (db, big_path);
      g_usleep ((gulong) delay);
      kill (pid, SIGKILL);
      g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
      g_spawn_close_pid (pid);

      /* The file is sound ... */
      g_assert_cmpint (test_run_cli ((const char *[]) { "--db", db, "check", NULL }, &check_out, &check_err), ==, 0);
      g_assert_cmpstr (check_out, ==, "ok\n");

      /* ... and the import is all there or not at all. */
      n = count_persons (db);
      if (n == base_count)
        absent++;
      else if (n == full_count)
        present++;
      else
        g_error ("kill %u after %.0f ms left %" G_GINT64_FORMAT " residents: neither %" G_GINT64_FORMAT
                 " nor %" G_GINT64_FORMAT, i, delay / 1000.0, n, base_count, full_count);
    }

  g_test_message ("%d kills: %u left the import absent, %u present", KILLS, absent, present);
  g_assert_cmpuint (absent + present, ==, KILLS);
  /* Most kills land inside the import. */
  g_assert_cmpuint (absent, >=, 5);
}

int
main (int argc, char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  g_test_init (&argc, &argv, NULL);
  linli_core_init ();

  g_test_add_func ("/import-crash/sigkill", test_sigkill);

  return g_test_run ();
}
