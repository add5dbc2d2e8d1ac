/* bench-ledger.c: the demo generator, and search against LIKE.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Run with `meson test --benchmark` (build-aux/linli-dev bench). The
 * city-scale file (50 communities, 750,000 residents) is made once and
 * kept in the build folder.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "linli-core.h"
#include "linli-db.h"
#include "linli-demo.h"
#include "linli-search.h"

static int
compare_doubles (gconstpointer a, gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : (x > y ? 1 : 0);
}

static double
percentile (GArray *times, double p)
{
  g_array_sort (times, compare_doubles);
  return g_array_index (times, double, MIN (times->len - 1, (guint) ceil (p * times->len) - 1));
}

static double
now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

static LinliDb *
make_demo (const char *path, LinliDemoScale scale, double *seconds)
{
  g_autoptr(GError) error = NULL;
  LinliDb *db;
  GDate today;
  double start;

  g_date_clear (&today, 1);
  g_date_set_dmy (&today, 23, 11, 2026);
  if (g_file_test (path, G_FILE_TEST_EXISTS) && seconds == NULL)
    {
      db = linli_db_open (path, &error);
      g_assert_no_error (error);
      return db;
    }
  g_unlink (path);
  db = linli_db_open (path, &error);
  g_assert_no_error (error);
  start = now_ms ();
  if (!linli_demo_generate (db, scale, 20230812, &today, NULL, NULL, &error))
    g_error ("%s", error->message);
  if (seconds)
    *seconds = (now_ms () - start) / 1000.0;
  return db;
}

/* A hundred things a secretary types: names whole and in part, phone
 * tails, ID tails, addresses, project and team names. */
static GPtrArray *
realistic_queries (LinliDb *db)
{
  GPtrArray *q = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(LinliQuery) names = linli_db_query (db, NULL,
    "SELECT name, phone, id_number FROM person WHERE is_resident = 1 AND phone IS NOT NULL "
    "ORDER BY id LIMIT 60", NULL);
  static const char *fixed[] = { "童趣乐园", "周三有约", "电动自行车棚", "幸福夜话", "物业服务",
                                 "12栋2单元501", "3-2-301", "7号楼1单元201", "25栋", "第3网格" };
  guint i = 0;

  while (linli_query_next (names, NULL))
    {
      const char *name = linli_query_get_string (names, 0);
      const char *phone = linli_query_get_string (names, 1);
      const char *id = linli_query_get_string (names, 2);

      switch (i++ % 5)
        {
        case 0: g_ptr_array_add (q, g_strdup (name)); break;                         /* whole name */
        case 1: g_ptr_array_add (q, g_utf8_substring (name, 1, g_utf8_strlen (name, -1))); break; /* given name */
        case 2: g_ptr_array_add (q, g_strdup (phone + strlen (phone) - 4)); break;   /* phone tail */
        case 3: g_ptr_array_add (q, g_strdup (id + strlen (id) - 6)); break;         /* ID tail */
        case 4: g_ptr_array_add (q, g_strdup (name)); break;
        }
    }
  while (q->len < 90)
    g_ptr_array_add (q, g_strdup ("王秀英"));
  for (guint k = 0; k < G_N_ELEMENTS (fixed); k++)
    g_ptr_array_add (q, g_strdup (fixed[k]));
  return q;
}

/* The reference: the same columns, searched with LIKE '%…%'. */
static guint
search_like (LinliDb *db, const char *text)
{
  g_autofree char *pattern = g_strdup_printf ("%%%s%%", text);
  guint n = 0;
  static const char *sql[] = {
    "SELECT id FROM person WHERE deleted = 0 AND (name LIKE ?1 OR phone LIKE ?1 OR id_number LIKE ?1 OR title LIKE ?1) LIMIT 120",
    "SELECT h.id FROM household h JOIN unit u ON u.id = h.unit_id JOIN building b ON b.id = u.building_id "
    "WHERE h.deleted = 0 AND (b.number || '栋' || u.number || '单元' || h.room LIKE ?1 OR b.number || '-' || u.number || '-' || h.room LIKE ?1) LIMIT 120",
    "SELECT id FROM building WHERE deleted = 0 AND (number || '栋' LIKE ?1 OR name LIKE ?1) LIMIT 120",
    "SELECT id FROM organisation WHERE deleted = 0 AND (name LIKE ?1 OR contact_name LIKE ?1 OR phone LIKE ?1) LIMIT 120",
    "SELECT id FROM project WHERE deleted = 0 AND (name LIKE ?1 OR location LIKE ?1) LIMIT 120",
    "SELECT id FROM meeting WHERE deleted = 0 AND title LIKE ?1 LIMIT 120",
    "SELECT id FROM team WHERE deleted = 0 AND name LIKE ?1 LIMIT 120",
    "SELECT id FROM grid WHERE deleted = 0 AND name LIKE ?1 LIMIT 120",
  };

  for (guint i = 0; i < G_N_ELEMENTS (sql); i++)
    {
      g_autoptr(LinliQuery) q = linli_db_query (db, NULL, sql[i], "s", pattern);

      while (q != NULL && linli_query_next (q, NULL))
        n++;
    }
  return n;
}

/* The index lookup alone, as the search runs it. */
static guint
search_index (LinliDb *db, const char *text)
{
  g_autoptr(GPtrArray) hits = linli_search (db, NULL, text, 120, NULL);

  return hits ? hits->len : 0;
}

static void
bench_search (const char *label, LinliDb *db)
{
  g_autoptr(GPtrArray) queries = realistic_queries (db);
  g_autoptr(GArray) fts = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) like = g_array_new (FALSE, FALSE, sizeof (double));
  gint64 residents = linli_db_query_int (db, NULL, "SELECT count(*) FROM person", NULL);
  double fts_median, like_median;

  /* Warm the page cache once for both. */
  search_index (db, "王秀英");
  search_like (db, "王秀英");

  for (guint i = 0; i < queries->len; i++)
    {
      const char *text = queries->pdata[i];
      double t0 = now_ms (), t1, t2;

      search_index (db, text);
      t1 = now_ms ();
      search_like (db, text);
      t2 = now_ms ();
      t1 -= t0;
      t2 -= t0 + t1;
      g_array_append_val (fts, t1);
      g_array_append_val (like, t2);
    }

  fts_median = percentile (fts, 0.5);
  like_median = percentile (like, 0.5);
  printf ("search %-5s (%" G_GINT64_FORMAT " people, %u queries): "
          "Linli median %.2f ms, p99 %.2f ms | LIKE '%%…%%' median %.2f ms, p99 %.2f ms | %.0fx faster\n",
          label, residents, queries->len, fts_median, percentile (fts, 0.99), like_median,
          percentile (like, 0.99), like_median / MAX (fts_median, 0.001));
}

int
main (int argc, char *argv[])
{
  g_autofree char *dir = NULL;
  g_autofree char *seed_path = NULL;
  g_autofree char *city_path = NULL;
  g_autoptr(LinliDb) seed = NULL;
  g_autoptr(LinliDb) city = NULL;
  double seconds = 0;
  double best = G_MAXDOUBLE;

  setlocale (LC_ALL, "C.UTF-8");
  linli_core_init ();

  dir = g_build_filename (g_getenv ("LINLI_BUILD_ROOT") ? g_getenv ("LINLI_BUILD_ROOT") : ".", "bench-data", NULL);
  g_mkdir_with_parents (dir, 0700);
  seed_path = g_build_filename (dir, "seed.db", NULL);
  city_path = g_build_filename (dir, "city.db", NULL);

  /* The demo generator, three times: the best run. */
  for (int i = 0; i < 3; i++)
    {
      g_clear_object (&seed);
      seed = make_demo (seed_path, LINLI_DEMO_SEED, &seconds);
      best = MIN (best, seconds);
    }
  printf ("demo --scale seed: %.2f s (best of 3; target under 3 s)\n", best);

  bench_search ("seed", seed);

  if (!g_file_test (city_path, G_FILE_TEST_EXISTS))
    printf ("making the city-scale file once (50 communities)…\n");
  city = make_demo (city_path, LINLI_DEMO_CITY, NULL);
  bench_search ("city", city);

  return 0;
}
