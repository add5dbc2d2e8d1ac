/* bench-map.c: drawing the map, and opening the floor-by-room table
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Run with `meson test --benchmark` (build-aux/linli-dev bench), on a
 * display (Xvfb will do). Each frame is drawn the whole way a frame on
 * screen is: the canvas's snapshot, then GSK's cairo renderer into an
 * offscreen texture of 1280 × 800. The seed community and a synthetic
 * one ten times as dense (ten copies of its 60 buildings and 15 grids,
 * packed into the same kind of plan) are drawn with every layer on, at
 * the whole community and zoomed in 4× and 16×. The budget of a frame
 * is 16.7 ms (60 frames a second); the dense map must stay within a
 * quarter of it, or the benchmark fails.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <gtk/gtk.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <time.h>

#include "linli-core.h"
#include "linli-db.h"
#include "linli-demo.h"
#include "linli-floor-table-view.h"
#include "linli-map-canvas.h"
#include "linli-map-floor-table.h"
#include "linli-map-stats.h"
#include "linli-map-territory.h"

#define BUDGET_MS  (1000.0 / 60)
#define WIDTH      1280
#define HEIGHT     800
#define FRAMES     60

static int
compare_doubles (gconstpointer a, gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : (x > y ? 1 : 0);
}

static double
median (GArray *times)
{
  g_array_sort (times, compare_doubles);
  return g_array_index (times, double, times->len / 2);
}

/* The drawing thread's own time: what a frame costs, whatever else the
 * machine is doing (CI shares its cores). */
static double
cpu_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

/* Ten copies of the community, side by side, sharing their counts. */
static LinliMapTerritory *
densify (LinliMapTerritory *seed,
         int                copies)
{
  LinliMapTerritory *t = linli_map_territory_new ("dense");
  LinliMapRect b = linli_map_territory_get_bounds (seed);
  int cols = (int) ceil (sqrt (copies * b.height / b.width));

  cols = MAX (cols, 1);
  for (int k = 0; k < copies; k++)
    {
      double dx = (k % cols) * (b.width + 30), dy = (k / cols) * (b.height + 30);

      for (guint i = 0; i < seed->grids->len; i++)
        {
          LinliMapGrid *g = seed->grids->pdata[i];
          g_autoptr(GArray) pts = g_array_copy (g->outline);
          g_autofree char *id = g_strdup_printf ("%s-%d", g->id, k);
          g_autofree char *name = g_strdup_printf ("%s·%d", g->name, k + 1);

          for (guint p = 0; p < pts->len; p++)
            {
              g_array_index (pts, LinliMapPoint, p).x += dx;
              g_array_index (pts, LinliMapPoint, p).y += dy;
            }
          linli_map_territory_add_grid (t, id, g->number + k * 100, name, g->color,
                                        (LinliMapPoint *) pts->data, pts->len);
        }
      for (guint i = 0; i < seed->buildings->len; i++)
        {
          LinliMapBuilding *sb = seed->buildings->pdata[i];
          LinliMapFootprint fp = sb->fp;
          g_autofree char *grid = g_strdup_printf ("%s-%d", sb->grid_id, k);
          LinliMapBuilding *nb;

          fp.x += dx;
          fp.y += dy;
          /* The same id: the copy shows the original's counts. */
          nb = linli_map_territory_add_building (t, sb->id, sb->number, grid, &fp, sb->floors, sb->n_units);
          nb->rooms_per_floor = sb->rooms_per_floor;
        }
    }
  linli_map_territory_update (t);
  return t;
}

static double
frame (LinliMapCanvas *canvas,
       GskRenderer    *renderer)
{
  double start = cpu_ms ();
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;

  linli_map_canvas_render (canvas, snapshot, WIDTH, HEIGHT);
  node = gtk_snapshot_free_to_node (snapshot);
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, WIDTH, HEIGHT));

  g_assert_nonnull (texture);
  return cpu_ms () - start;
}

static double
bench_map (const char        *name,
           LinliMapTerritory *territory,
           LinliMapStats     *stats,
           GskRenderer       *renderer,
           double             zoom_factor,
           LinliMapLayers     layers,
           gboolean           zooming)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *canvas = linli_map_canvas_new ();
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  LinliMapRect b = linli_map_territory_get_bounds (territory);
  double zoom = MIN ((WIDTH - 72) / b.width, (HEIGHT - 72) / b.height) * zoom_factor;
  double m;
  guint labels, building_labels;

  /* A window that is never shown gives the canvas its fonts. */
  gtk_window_set_child (GTK_WINDOW (window), canvas);
  linli_map_canvas_set_territory (LINLI_MAP_CANVAS (canvas), territory);
  linli_map_canvas_set_stats (LINLI_MAP_CANVAS (canvas), stats);
  linli_map_canvas_set_layers (LINLI_MAP_CANVAS (canvas), layers, 7);
  gtk_widget_set_size_request (canvas, WIDTH, HEIGHT);
  linli_map_canvas_set_view (LINLI_MAP_CANVAS (canvas), b.x + b.width * 0.42, b.y + b.height * 0.45, zoom);
  /* linli_map_canvas_render() places by the size it is given, but the
   * camera's centre is kept by the widget's: give it the frame's. */
  gtk_widget_measure (canvas, GTK_ORIENTATION_HORIZONTAL, -1, NULL, NULL, NULL, NULL);
  gtk_widget_allocate (canvas, WIDTH, HEIGHT, -1, NULL);
  linli_map_canvas_set_view (LINLI_MAP_CANVAS (canvas), b.x + b.width * 0.42, b.y + b.height * 0.45, zoom);

  for (int i = 0; i < 3; i++)
    frame (LINLI_MAP_CANVAS (canvas), renderer);
  for (int i = 0; i < FRAMES; i++)
    {
      double t;

      /* A zoom animation: every frame at another zoom. */
      if (zooming)
        linli_map_canvas_set_view (LINLI_MAP_CANVAS (canvas), b.x + b.width * 0.42, b.y + b.height * 0.45,
                                   zoom * (1 + 0.01 * (i % 2)));
      t = frame (LINLI_MAP_CANVAS (canvas), renderer);
      g_array_append_val (times, t);
    }
  m = median (times);
  labels = linli_map_canvas_get_n_labels (LINLI_MAP_CANVAS (canvas), &building_labels);
  printf ("%-44s zoom %6.2f px/m  %3u labels (%3u buildings)  median %6.2f ms  (budget %.1f ms)\n",
          name, zoom, labels, building_labels, m, BUDGET_MS);
  fflush (stdout);
  gtk_window_destroy (GTK_WINDOW (window));
  return m;
}

static double
bench_table (LinliDb     *db,
             const char  *building,
             GskRenderer *renderer,
             guint       *n_households)
{
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));

  for (int i = 0; i < 3 + FRAMES; i++)
    {
      double start = cpu_ms (), t;
      g_autoptr(GError) error = NULL;
      g_autoptr(LinliFloorTable) table = linli_floor_table_load (db, building, NULL, "2026-11-23", &error);
      GtkWidget *window = gtk_window_new ();
      GtkWidget *view = linli_floor_table_view_new ();
      GtkSnapshot *snapshot;
      g_autoptr(GskRenderNode) node = NULL;
      g_autoptr(GdkTexture) texture = NULL;
      int w, h;

      g_assert_no_error (error);
      gtk_window_set_child (GTK_WINDOW (window), view);
      linli_floor_table_view_set_table (LINLI_FLOOR_TABLE_VIEW (view), table);
      linli_floor_table_view_set_layers (LINLI_FLOOR_TABLE_VIEW (view), LINLI_MAP_LAYER_COVERAGE | LINLI_MAP_LAYER_CARE, 7);
      gtk_widget_measure (view, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &w, NULL, NULL);
      gtk_widget_measure (view, GTK_ORIENTATION_VERTICAL, w, NULL, &h, NULL, NULL);
      gtk_widget_allocate (view, w, h, -1, NULL);
      snapshot = gtk_snapshot_new ();
      GTK_WIDGET_GET_CLASS (view)->snapshot (view, snapshot);
      node = gtk_snapshot_free_to_node (snapshot);
      texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, w, h));
      t = cpu_ms () - start;
      *n_households = table->cells->len;
      gtk_window_destroy (GTK_WINDOW (window));
      if (i >= 3)
        g_array_append_val (times, t);
    }
  return median (times);
}

int
main (int argc, char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LinliDb) db = NULL;
  g_autoptr(LinliMapTerritory) seed = NULL;
  g_autoptr(LinliMapTerritory) dense = NULL;
  g_autoptr(LinliMapStats) stats = NULL;
  g_autoptr(GskRenderer) renderer = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *community = NULL;
  g_autofree char *largest = NULL;
  static const double zooms[] = { 1, 4, 16 };
  static const char *zoom_names[] = { "whole community", "zoomed in 4x", "zoomed in 16x" };
  const LinliMapLayers everyday = LINLI_MAP_LAYER_COVERAGE | LINLI_MAP_LAYER_CARE | LINLI_MAP_LAYER_SQUAD;
  double worst_dense = 0, table_ms;
  guint households = 0;
  GDate today;
  int status = 0;

  setlocale (LC_ALL, "");
  if (!gtk_init_check ())
    {
      printf ("1..0 # SKIP no display: run under xvfb-run\n");
      return 0;
    }
  linli_core_init ();

  dir = g_dir_make_tmp ("linli-bench-map-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "seed.db", NULL);
  db = linli_db_open (path, &error);
  g_assert_no_error (error);
  g_date_clear (&today, 1);
  g_date_set_dmy (&today, 23, 11, 2026);
  if (!linli_demo_generate (db, LINLI_DEMO_SEED, 20230812, &today, NULL, NULL, &error))
    g_error ("%s", error->message);
  community = linli_db_query_string (db, NULL, "SELECT id FROM community LIMIT 1", NULL);
  seed = linli_map_territory_load (db, community, &error);
  g_assert_no_error (error);
  stats = linli_map_stats_load (db, community, "2026-11-23", &error);
  g_assert_no_error (error);
  dense = densify (seed, 10);

  renderer = gsk_cairo_renderer_new ();
  if (!gsk_renderer_realize (renderer, NULL, &error))
    g_error ("The cairo renderer cannot draw offscreen: %s", error->message);

  printf ("# layers: not visited in 7 days, special care, 119 squads; %d × %d, GSK cairo renderer;\n"
          "# median of %d frames, CPU time of the drawing thread\n", WIDTH, HEIGHT, FRAMES);
  for (guint z = 0; z < G_N_ELEMENTS (zooms); z++)
    {
      g_autofree char *name = g_strdup_printf ("seed (%u buildings), %s", seed->buildings->len, zoom_names[z]);
      bench_map (name, seed, stats, renderer, zooms[z], everyday, FALSE);
    }
  for (guint z = 0; z < G_N_ELEMENTS (zooms); z++)
    {
      g_autofree char *name = g_strdup_printf ("dense (%u buildings), %s", dense->buildings->len, zoom_names[z]);
      double m = bench_map (name, dense, stats, renderer, zooms[z], everyday, FALSE);

      worst_dense = MAX (worst_dense, m);
    }
  printf ("# with the heat layer as well: its glows are painted at a quarter of the resolution, again\n"
          "# when the zoom changes (\"zooming\"), and kept while the view pans\n");
  bench_map ("seed, whole community, + heat", seed, stats, renderer, 1, everyday | LINLI_MAP_LAYER_HEAT, FALSE);
  bench_map ("dense, whole community, + heat", dense, stats, renderer, 1, everyday | LINLI_MAP_LAYER_HEAT, FALSE);
  bench_map ("seed, + heat, zooming", seed, stats, renderer, 1, everyday | LINLI_MAP_LAYER_HEAT, TRUE);
  bench_map ("dense, + heat, zooming", dense, stats, renderer, 1, everyday | LINLI_MAP_LAYER_HEAT, TRUE);

  largest = linli_db_query_string (db, NULL,
                                   "SELECT u.building_id FROM household h JOIN unit u ON u.id = h.unit_id "
                                   "WHERE h.deleted = 0 GROUP BY u.building_id ORDER BY count(*) DESC LIMIT 1", NULL);
  table_ms = bench_table (db, largest, renderer, &households);
  printf ("%-44s %u households, every unit, full size       median %6.2f ms  (budget %.1f ms)\n",
          "opening the largest building's table", households, table_ms, BUDGET_MS);

  if (worst_dense > BUDGET_MS / 4)
    {
      printf ("# FAILED: the dense map takes %.2f ms a frame, over a quarter of the budget (%.2f ms)\n",
              worst_dense, BUDGET_MS / 4);
      status = 1;
    }
  if (table_ms > BUDGET_MS)
    {
      printf ("# FAILED: the table opens in %.2f ms, over the budget (%.2f ms)\n", table_ms, BUDGET_MS);
      status = 1;
    }

  gsk_renderer_unrealize (renderer);
  g_clear_object (&db);
  g_unlink (path);
  {
    g_autofree char *wal = g_strconcat (path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (path, "-shm", NULL);
    g_unlink (wal);
    g_unlink (shm);
  }
  g_rmdir (dir);
  return status;
}
