/* bench-roster.c: 52 weeks of rosters, fair against a plain greedy pass
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Two teams: the seed demo's "Wednesday appointment" service market (37
 * volunteers, 12 items), and a synthetic team of 2,000 volunteers on duty
 * twice a day. For each, the same year of shifts is filled three ways:
 *
 *   fair    the generator (least served first, exact slot by slot)
 *   glpk    the same objective, each slot solved by GLPK's simplex
 *   greedy  the reference: each shift takes the first free volunteers in
 *           list order, as one does by hand down a list
 *
 * and the time, the places filled and the fairness spread (the largest
 * difference in shifts between two equally available volunteers, and
 * between any two volunteers who could serve) are printed side by side.
 * The full generation into the file (shifts made, roster written) is
 * timed too.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>

#include "linli-demo.h"
#include "linli-roster.h"
#include "roster-fixture.h"

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
median (GArray *times)
{
  g_array_sort (times, compare_doubles);
  return g_array_index (times, double, times->len / 2);
}

static void
measure (const char         *team,
         LinliRosterProblem *problem,
         LinliRosterMethod   method,
         const char         *label,
         guint               runs)
{
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(LinliRosterSolution) sol = NULL;
  g_autoptr(GError) error = NULL;
  guint spread, overall;

  for (guint r = 0; r < runs; r++)
    {
      gint64 t0 = g_get_monotonic_time ();
      double ms;

      g_clear_pointer (&sol, linli_roster_solution_free);
      sol = linli_roster_problem_solve (problem, method, &error);
      g_assert_no_error (error);
      ms = (g_get_monotonic_time () - t0) / 1000.0;
      g_array_append_val (times, ms);
    }
  spread = linli_roster_solution_spread (problem, sol, &overall);
  g_print ("  %-34s %-7s %10.1f ms   %6u of %6u places   spread %u (equals)   %u (all)\n",
           team, label, median (times), sol->n_filled, sol->n_places, spread, overall);
}

static void
bench_team (LinliDb    *db,
            const char *label,
            const char *team_id,
            const char *from,
            const char *to,
            guint       runs,
            gboolean    with_glpk)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LinliRosterProblem) problem = NULL;
  g_autoptr(LinliRosterReport) report = NULL;
  gint64 t0;

  problem = linli_roster_load (db, team_id, from, to, &error);
  g_assert_no_error (error);
  g_print ("%s: %u volunteers, %u shifts, %s to %s\n", label,
           linli_roster_problem_get_n_volunteers (problem), linli_roster_problem_get_n_shifts (problem), from, to);

  measure (label, problem, LINLI_ROSTER_FAIR, "fair", runs);
  measure (label, problem, LINLI_ROSTER_GREEDY, "greedy", runs);
  if (with_glpk)
    measure (label, problem, LINLI_ROSTER_GLPK, "glpk", MAX (runs / 5, 1));

  t0 = g_get_monotonic_time ();
  report = linli_roster_generate (db, team_id, from, to, &error);
  g_assert_no_error (error);
  g_print ("  %-34s %-7s %10.1f ms   (shifts made, loaded, solved, %u places written)\n",
           label, "file", (g_get_monotonic_time () - t0) / 1000.0, report->n_changed);
}

static void
remove_dir (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d && (name = g_dir_read_name (d)))
    {
      g_autofree char *p = g_build_filename (dir, name, NULL);
      g_remove (p);
    }
  g_rmdir (dir);
}

int
main (int argc, char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;

  setlocale (LC_ALL, "C.UTF-8");
  dir = g_dir_make_tmp ("linli-bench-roster-XXXXXX", &error);
  g_assert_no_error (error);

  g_print ("Rosters for 52 weeks: the generator (fair) beside a plain greedy pass (greedy), "
           "and GLPK solving each time slot; medians.\n\n");

  /* The seed demo's market. */
  {
    g_autofree char *path = g_build_filename (dir, "seed.db", NULL);
    g_autoptr(LinliDb) db = linli_db_open (path, &error);
    g_autofree char *team = NULL;
    GDate today;

    g_assert_no_error (error);
    g_date_clear (&today, 1);
    g_date_set_dmy (&today, 23, 11, 2026);
    g_assert_true (linli_demo_generate (db, LINLI_DEMO_SEED, 20230812, &today, NULL, NULL, &error));
    g_assert_no_error (error);
    team = linli_db_query_string (db, &error, "SELECT id FROM team WHERE kind = 'service_market' LIMIT 1", NULL);
    g_assert_nonnull (team);
    bench_team (db, "周三有约 (seed demo, 37 × 12 items)", team, "2026-01-05", "2027-01-03", 21, TRUE);
  }

  g_print ("\n");

  /* A synthetic team of 2,000. */
  {
    g_autofree char *path = g_build_filename (dir, "big.db", NULL);
    g_autoptr(LinliDb) db = linli_db_open (path, &error);
    g_autofree char *c = NULL;
    g_autofree char *team = NULL;

    g_assert_no_error (error);
    c = roster_fixture_community (db);
    team = roster_fixture_big_team (db, 2000, 100, 2026, "2026-01-05");
    bench_team (db, "synthetic team (2,000 volunteers)", team, "2026-01-05", "2027-01-03", 3, TRUE);
  }

  remove_dir (dir);
  return 0;
}
