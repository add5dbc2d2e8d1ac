/* bench-import.c: importing a ledger of 15,000 residents (.xlsx and .csv)
 * with linli-cli, against the sqlite3 shell's .import of the same rows as
 * CSV into a bare table, measured in the same run.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Linli writes far more than the shell for each row: the resident, its
 * household, building, unit and grid when new, the tags, a journal entry
 * for sync per written row and the search index; and it reads and checks
 * every cell first. The figures show what that costs.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <stdio.h>
#include <sys/wait.h>

#include "import-fixtures.h"
#include "import-test-util.h"
#include "linli-core.h"

#define ROWS 15000
#define RUNS 3

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : (x > y ? 1 : 0);
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

/* Wall time of one command, in ms; it must succeed. */
static double
run_timed (const char *const *argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  gint64 start = g_get_monotonic_time ();
  int status = -1;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, &status, &error);
  g_assert_no_error (error);
  if (!WIFEXITED (status) || WEXITSTATUS (status) != 0)
    g_error ("%s failed: %s%s", argv[0], out, err);
  return (g_get_monotonic_time () - start) / 1000.0;
}

static double
median (double *v,
        guint   n)
{
  qsort (v, n, sizeof *v, (int (*) (const void *, const void *)) compare_double);
  return v[n / 2];
}

int
main (int argc, char *argv[])
{
  g_autoptr(GPtrArray) people = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *xlsx = NULL;
  g_autofree char *template_db = NULL;
  g_autofree char *db = NULL;
  g_autofree char *shell_db = NULL;
  const char *cli = g_getenv ("LINLI_CLI");
  const char *sqlite = g_getenv ("SQLITE3") ? g_getenv ("SQLITE3") : "sqlite3";
  double t_shell[RUNS], t_csv[RUNS], t_xlsx[RUNS];
  double shell, lcsv, lxlsx;

  setlocale (LC_ALL, "C.UTF-8");
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  linli_core_init ();

  people = fixture_residents (ROWS, 2026);
  csv = test_tmp_path ("bench.csv");
  xlsx = test_tmp_path ("bench.xlsx");
  template_db = test_tmp_path ("template.db");
  db = test_tmp_path ("bench.db");
  shell_db = test_tmp_path ("shell.db");
  fixture_write_csv (people, fixture_default_headers, FIXTURE_BOM, csv);
  fixture_write_xlsx (people, fixture_default_headers, FIXTURE_TITLE, xlsx);

  /* An empty community file, as the secretary has before her first import:
   * each run starts from a copy of it. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(LinliDb) t = linli_db_open (template_db, &error);

    g_assert_no_error (error);
  }

  for (guint i = 0; i < RUNS; i++)
    {
      g_autofree char *data = NULL;
      gsize len = 0;

      remove_db (shell_db);
      {
        g_autofree char *cmd = g_strdup_printf (".import --csv %s t", csv);

        t_shell[i] = run_timed ((const char *[]) { sqlite, shell_db, cmd, NULL });
      }

      g_assert_true (g_file_get_contents (template_db, &data, &len, NULL));
      remove_db (db);
      g_assert_true (g_file_set_contents (db, data, (gssize) len, NULL));
      t_csv[i] = run_timed ((const char *[]) { cli, "--db", db, "import", "residents", csv, NULL });

      remove_db (db);
      g_assert_true (g_file_set_contents (db, data, (gssize) len, NULL));
      t_xlsx[i] = run_timed ((const char *[]) { cli, "--db", db, "import", "residents", xlsx, NULL });
    }

  {
    g_autoptr(LinliDb) check = linli_db_open (db, NULL);
    g_assert_cmpint (linli_db_query_int (check, NULL, "SELECT count(*) FROM person", NULL), ==, ROWS);
  }

  shell = median (t_shell, RUNS);
  lcsv = median (t_csv, RUNS);
  lxlsx = median (t_xlsx, RUNS);
  printf ("import of %d residents (median of %d runs, wall time of the whole command):\n", ROWS, RUNS);
  printf ("  sqlite3 .import of the CSV into a bare table: %7.0f ms  (reference)\n", shell);
  printf ("  linli-cli import residents  .csv:             %7.0f ms  = %.1f× the reference\n", lcsv, lcsv / shell);
  printf ("  linli-cli import residents  .xlsx:            %7.0f ms  = %.1f× the reference\n", lxlsx, lxlsx / shell);
  printf ("  target: at most 3×: %s\n", (lcsv <= 3 * shell && lxlsx <= 3 * shell) ? "met" : "MISSED");
  return 0;
}
