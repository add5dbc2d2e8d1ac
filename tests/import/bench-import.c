/* bench-import.c: importing a ledger of 15,000 residents (.xlsx and .csv)
 * with linli-cli, against the sqlite3 shell's .import of the same rows as
 * CSV into a bare table, measured in the same run.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Linli writes far more than the shell for each row: the resident, its
 * household, building, unit and grid when new, the tags, a journal entry
 * for sync per written row and the search index; and it reads and checks
 * every cell first. The figures show what that costs: after the totals,
 * the time of each step (linli-cli import --timings), in the same runs.
 *
 * A second reference shows the least any import into Linli's schema can
 * take: the same shell, the same CSV, and plain SQL that writes its rows
 * as households and residents into a copy of the empty community file,
 * with its indexes and foreign keys but without Linli's journal and
 * search triggers (dropped beforehand), without checking a cell, without
 * tags or heads of households.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <stdio.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include "import-fixtures.h"
#include "import-test-util.h"
#include "linli-core.h"

#include <sqlite3.h>

#define ROWS 15000
#define RUNS 5

/* The steps of one kind of import, in the order linli-cli prints them:
 * name -> the time of each run. */
typedef struct
{
  GPtrArray  *names;
  GHashTable *times;   /* name -> GArray of double */
} Steps;

static void
steps_init (Steps *steps)
{
  steps->names = g_ptr_array_new_with_free_func (g_free);
  steps->times = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_array_unref);
}

static void
steps_clear (Steps *steps)
{
  g_ptr_array_unref (steps->names);
  g_hash_table_unref (steps->times);
}

static void
steps_add (Steps      *steps,
           const char *name,
           double      ms)
{
  GArray *times = g_hash_table_lookup (steps->times, name);

  if (times == NULL)
    {
      times = g_array_new (FALSE, FALSE, sizeof (double));
      g_hash_table_insert (steps->times, g_strdup (name), times);
      g_ptr_array_add (steps->names, g_strdup (name));
    }
  g_array_append_val (times, ms);
}

/* The "   12.3 ms  read the file" lines of linli-cli import --timings. */
static void
steps_parse (Steps      *steps,
             const char *out,
             double      wall)
{
  g_auto(GStrv) lines = g_strsplit (out, "\n", -1);
  gboolean in_timings = FALSE;
  double sum = 0;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      double ms;
      int at = 0;

      if (g_str_equal (lines[i], "Timings:"))
        in_timings = TRUE;
      else if (in_timings && sscanf (lines[i], " %lf ms  %n", &ms, &at) == 1 && at > 0)
        {
          steps_add (steps, lines[i] + at, ms);
          sum += ms;
        }
    }
  g_assert_true (in_timings);
  steps_add (steps, "(start the program, load libraries, exit)", wall - sum);
}

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

static double
children_cpu_ms (void)
{
  struct rusage ru;

  getrusage (RUSAGE_CHILDREN, &ru);
  return (ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000.0 + (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1000.0;
}

/* Wall time of one command, in ms; it must succeed. The processor time it
 * used (user and system) in *@cpu: it tells less about the disk, and stays
 * when other programs share the processors. Its output in *@output when
 * asked. */
static double
run_timed (const char *const *argv,
           double            *cpu,
           char             **output)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  gint64 start = g_get_monotonic_time ();
  double cpu_start = children_cpu_ms ();
  int status = -1;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, &status, &error);
  g_assert_no_error (error);
  if (!WIFEXITED (status) || WEXITSTATUS (status) != 0)
    g_error ("%s failed: %s%s", argv[0], out, err);
  if (output != NULL)
    *output = g_steal_pointer (&out);
  *cpu = children_cpu_ms () - cpu_start;
  return (g_get_monotonic_time () - start) / 1000.0;
}

/* The floor: the shell writes the CSV's rows into Linli's own tables. The
 * ids have the length and the order of the import's (version 7 UUIDs
 * of one import follow each other). */
static const char floor_sql[] =
  "PRAGMA foreign_keys = ON;\n"
  "BEGIN;\n"
  "INSERT INTO community (id, _hlc, community_id, name) "
  "  VALUES ('00000000-0000-7000-8000-000000000000', '019a0000000000000-0000000000000000', "
  "          '00000000-0000-7000-8000-000000000000', 'bench');\n"
  "CREATE TEMP TABLE hh AS SELECT b, u, r, printf ('00000005-0000-7000-8000-%012x', row_number () OVER ()) AS id "
  "  FROM (SELECT DISTINCT \"楼栋\" AS b, \"单元\" AS u, \"房号\" AS r FROM temp.t);\n"
  "CREATE INDEX temp.hh_place ON hh (b, u, r);\n"
  "INSERT INTO grid (id, _hlc, community_id, name) "
  "  SELECT printf ('00000002-0000-7000-8000-%012x', row_number () OVER ()), '019a0000000000000-0000000000000000', "
  "         '00000000-0000-7000-8000-000000000000', g FROM (SELECT DISTINCT \"所属网格\" AS g FROM temp.t);\n"
  "INSERT INTO building (id, _hlc, community_id, grid_id, number) "
  "  SELECT '00000003-' || b, '019a0000000000000-0000000000000000', '00000000-0000-7000-8000-000000000000', "
  "         (SELECT id FROM grid WHERE name = g), b "
  "  FROM (SELECT \"楼栋\" AS b, min (\"所属网格\") AS g FROM temp.t GROUP BY \"楼栋\");\n"
  "INSERT INTO unit (id, _hlc, community_id, building_id, number) "
  "  SELECT '00000004-' || \"楼栋\" || '-' || \"单元\", '019a0000000000000-0000000000000000', "
  "         '00000000-0000-7000-8000-000000000000', '00000003-' || \"楼栋\", \"单元\" "
  "  FROM temp.t GROUP BY \"楼栋\", \"单元\";\n"
  "INSERT INTO household (id, _hlc, community_id, unit_id, floor, room) "
  "  SELECT id, '019a0000000000000-0000000000000000', '00000000-0000-7000-8000-000000000000', "
  "         '00000004-' || b || '-' || u, r / 100, r FROM hh;\n"
  "INSERT INTO person (id, _hlc, community_id, household_id, name, gender, id_number, birth_date, phone, relation, notes) "
  "  SELECT printf ('00000006-0000-7000-8000-%012x', t.rowid), '019a0000000000000-0000000000000000', "
  "         '00000000-0000-7000-8000-000000000000', hh.id, \"姓名\", "
  "         CASE \"性别\" WHEN '男' THEN 'M' WHEN '女' THEN 'F' END, \"身份证号码\", \"出生日期\", "
  "         \"联系电话\", \"与户主关系\", nullif (\"备注\", '') "
  "  FROM temp.t t JOIN hh ON hh.b = t.\"楼栋\" AND hh.u = t.\"单元\" AND hh.r = t.\"房号\";\n"
  "COMMIT;\n";

/* A copy of @template without Linli's triggers, which call functions only
 * Linli defines. */
static void
make_floor_template (const char *template,
                     const char *path)
{
  g_autofree char *data = NULL;
  gsize len = 0;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  g_autoptr(GString) drop = g_string_new ("BEGIN;");

  g_assert_true (g_file_get_contents (template, &data, &len, NULL));
  remove_db (path);
  g_assert_true (g_file_set_contents (path, data, (gssize) len, NULL));
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT name FROM sqlite_schema WHERE type = 'trigger'", -1, &stmt, NULL),
                   ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_string_append_printf (drop, "DROP TRIGGER \"%s\";", (const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  g_string_append (drop, "COMMIT;");
  g_assert_cmpint (sqlite3_exec (db, drop->str, NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);
}

static double
median (double *v,
        guint   n)
{
  qsort (v, n, sizeof *v, (int (*) (const void *, const void *)) compare_double);
  return v[n / 2];
}

static double
step_median (Steps      *steps,
             const char *name)
{
  GArray *times = g_hash_table_lookup (steps->times, name);

  if (times == NULL || times->len == 0)
    return 0;
  return median ((double *) (gpointer) times->data, times->len);
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
  g_autofree char *floor_template = NULL;
  g_autofree char *floor_db = NULL;
  g_autofree char *floor_script = NULL;
  const char *cli = g_getenv ("LINLI_CLI");
  const char *sqlite = g_getenv ("SQLITE3") ? g_getenv ("SQLITE3") : "sqlite3";
  double t_shell[RUNS], t_floor[RUNS], t_csv[RUNS], t_xlsx[RUNS];
  double c_shell[RUNS], c_floor[RUNS], c_csv[RUNS], c_xlsx[RUNS];
  double shell, lfloor, lcsv, lxlsx;
  Steps s_csv, s_xlsx;

  setlocale (LC_ALL, "C.UTF-8");
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  linli_core_init ();
  steps_init (&s_csv);
  steps_init (&s_xlsx);

  people = fixture_residents (ROWS, 2026);
  csv = test_tmp_path ("bench.csv");
  xlsx = test_tmp_path ("bench.xlsx");
  template_db = test_tmp_path ("template.db");
  db = test_tmp_path ("bench.db");
  shell_db = test_tmp_path ("shell.db");
  floor_template = test_tmp_path ("floor-template.db");
  floor_db = test_tmp_path ("floor.db");
  fixture_write_csv (people, fixture_default_headers, FIXTURE_BOM, csv);
  fixture_write_xlsx (people, fixture_default_headers, FIXTURE_TITLE, xlsx);

  /* An empty community file, as the secretary has before her first import:
   * each run starts from a copy of it. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(LinliDb) t = linli_db_open (template_db, &error);

    g_assert_no_error (error);
  }
  make_floor_template (template_db, floor_template);
  {
    g_autofree char *script = test_tmp_path ("floor.sql");

    g_assert_true (g_file_set_contents (script, floor_sql, -1, NULL));
    floor_script = g_strdup_printf (".read %s", script);
  }

  for (guint i = 0; i < RUNS; i++)
    {
      g_autofree char *data = NULL;
      g_autofree char *out_csv = NULL;
      g_autofree char *out_xlsx = NULL;
      gsize len = 0;

      remove_db (shell_db);
      {
        g_autofree char *cmd = g_strdup_printf (".import --csv %s t", csv);

        t_shell[i] = run_timed ((const char *[]) { sqlite, shell_db, cmd, NULL }, &c_shell[i], NULL);
      }

      {
        g_autofree char *floor_data = NULL;
        g_autofree char *cmd = g_strdup_printf (".import --csv --schema temp %s t", csv);
        gsize floor_len = 0;

        g_assert_true (g_file_get_contents (floor_template, &floor_data, &floor_len, NULL));
        remove_db (floor_db);
        g_assert_true (g_file_set_contents (floor_db, floor_data, (gssize) floor_len, NULL));
        t_floor[i] = run_timed ((const char *[]) { sqlite, "-bail", floor_db, cmd, floor_script, NULL },
                                &c_floor[i], NULL);
      }

      g_assert_true (g_file_get_contents (template_db, &data, &len, NULL));
      remove_db (db);
      g_assert_true (g_file_set_contents (db, data, (gssize) len, NULL));
      t_csv[i] = run_timed ((const char *[]) { cli, "--db", db, "import", "residents", csv, "--timings", NULL },
                            &c_csv[i], &out_csv);
      steps_parse (&s_csv, out_csv, t_csv[i]);

      remove_db (db);
      g_assert_true (g_file_set_contents (db, data, (gssize) len, NULL));
      t_xlsx[i] = run_timed ((const char *[]) { cli, "--db", db, "import", "residents", xlsx, "--timings", NULL },
                             &c_xlsx[i], &out_xlsx);
      steps_parse (&s_xlsx, out_xlsx, t_xlsx[i]);
    }

  {
    g_autoptr(LinliDb) check = linli_db_open (db, NULL);
    g_assert_cmpint (linli_db_query_int (check, NULL, "SELECT count(*) FROM person", NULL), ==, ROWS);
  }

  {
    g_autoptr(LinliDb) check = linli_db_open (floor_db, NULL);

    g_assert_cmpint (linli_db_query_int (check, NULL, "SELECT count(*) FROM person", NULL), ==, ROWS);
  }

  shell = median (t_shell, RUNS);
  lfloor = median (t_floor, RUNS);
  lcsv = median (t_csv, RUNS);
  lxlsx = median (t_xlsx, RUNS);
  printf ("import of %d residents (median of %d runs, wall time of the whole command):\n", ROWS, RUNS);
  printf ("  sqlite3 .import of the CSV into a bare table: %7.0f ms  (reference)\n", shell);
  printf ("  linli-cli import residents  .csv:             %7.0f ms  = %.1f× the reference\n", lcsv, lcsv / shell);
  printf ("  linli-cli import residents  .xlsx:            %7.0f ms  = %.1f× the reference\n", lxlsx, lxlsx / shell);
  printf ("  target: at most 3×: %s\n", (lcsv <= 3 * shell && lxlsx <= 3 * shell) ? "met" : "MISSED");
  printf ("the least an import into Linli's schema takes (second reference):\n");
  printf ("  sqlite3 .import, then plain SQL writes the rows as households and residents into\n"
          "  Linli's tables (their indexes and foreign keys; no journal, no search index, no checks,\n"
          "  no tags, no heads):                          %7.0f ms  = %.1f× the first reference\n",
          lfloor, lfloor / shell);
  printf ("processor time (user + system, median), which the load of other programs changes less:\n");
  printf ("  sqlite3 .import %.0f ms, the floor %.0f ms, linli-cli import .csv %.0f ms, .xlsx %.0f ms\n",
          median (c_shell, RUNS), median (c_floor, RUNS), median (c_csv, RUNS), median (c_xlsx, RUNS));

  /* Where the time goes, step by step, in the same runs. */
  printf ("\nthe steps of linli-cli import (median of each, ms):        .csv    .xlsx\n");
  for (guint i = 0; i < s_csv.names->len; i++)
    {
      const char *name = s_csv.names->pdata[i];

      printf ("  %-52s %7.1f  %7.1f\n", name, step_median (&s_csv, name), step_median (&s_xlsx, name));
    }
  steps_clear (&s_csv);
  steps_clear (&s_xlsx);
  return 0;
}
