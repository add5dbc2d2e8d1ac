/* test-map-layout.c: the automatic layout of a ledger's buildings
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "linli-core.h"
#include "linli-db.h"
#include "linli-map-geometry.h"
#include "linli-map-history.h"
#include "linli-map-layout.h"
#include "linli-map-territory.h"

typedef struct
{
  LinliDb *db;
  char    *community;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  f->db = linli_db_open_memory (&error);
  g_assert_no_error (error);
  f->community = linli_new_id ();
  g_assert_true (linli_db_insert_with_id (f->db, &error, "community", f->community,
                                          "community_id,name", "ss", f->community, "青和居社区"));
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  g_clear_object (&f->db);
  g_free (f->community);
}

/* What an import from a ledger writes: grids without outlines, buildings
 * with units and households but no footprint (placed = 0). */
static void
import_ledger (Fixture *f,
               int      n_grids,
               int      n_buildings,
               gboolean with_units)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) grids = g_ptr_array_new_with_free_func (g_free);
  GRand *rand = g_rand_new_with_seed (4);

  g_assert_true (linli_db_begin (f->db, &error));
  for (int i = 0; i < n_grids; i++)
    {
      g_autofree char *name = g_strdup_printf ("第%d网格", i + 1);

      g_ptr_array_add (grids, linli_db_insert (f->db, &error, "grid", "community_id,number,name", "sis",
                                               f->community, i + 1, name));
      g_assert_no_error (error);
    }
  for (int b = 0; b < n_buildings; b++)
    {
      g_autofree char *number = g_strdup_printf ("%d", b + 1);
      gboolean tower = b % 7 == 6;
      int floors = tower ? g_rand_int_range (rand, 24, 29) : g_rand_int_range (rand, 5, 9);
      int units = tower ? 2 : g_rand_int_range (rand, 2, 9);
      /* The last few buildings of a ledger often have no grid yet. */
      const char *grid = b >= n_buildings - 2 ? NULL : g_ptr_array_index (grids, b * n_grids / n_buildings);
      g_autofree char *id = linli_db_insert (f->db, &error, "building",
                                             "community_id,grid_id,number,floors,placed", "sssii",
                                             f->community, grid, number, floors, 0);

      g_assert_no_error (error);
      for (int u = 1; with_units && u <= units; u++)
        {
          g_autofree char *unit = linli_db_insert (f->db, &error, "unit", "community_id,building_id,number,floors,rooms_per_floor",
                                                   "ssiii", f->community, id, u, floors, tower ? 3 : 2);
          g_assert_no_error (error);
        }
    }
  g_assert_true (linli_db_commit (f->db, &error));
  g_rand_free (rand);
}

/* No two buildings overlap; each grid's buildings lie inside its outline;
 * no two grid outlines overlap. */
static void
assert_usable (Fixture *f,
               int      n_grids,
               int      n_buildings)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LinliMapTerritory) t = linli_map_territory_load (f->db, f->community, &error);
  LinliMapRect bounds;

  g_assert_no_error (error);
  g_assert_cmpuint (t->grids->len, ==, n_grids);
  g_assert_cmpuint (t->buildings->len, ==, n_buildings);

  for (guint i = 0; i < t->buildings->len; i++)
    {
      LinliMapBuilding *a = t->buildings->pdata[i];
      LinliMapPoint corners[4];

      g_assert_true (a->located);
      g_assert_false (a->placed);
      g_assert_cmpfloat (a->fp.width, >=, 12);
      g_assert_cmpfloat (a->fp.depth, >=, 11);
      for (guint j = i + 1; j < t->buildings->len; j++)
        {
          LinliMapBuilding *b = t->buildings->pdata[j];

          if (linli_map_footprints_overlap (&a->fp, &b->fp, 0))
            g_error ("buildings %s and %s overlap", a->number, b->number);
        }
      if (a->grid < 0)
        continue;
      {
        LinliMapGrid *g = t->grids->pdata[a->grid];

        g_assert_cmpuint (g->outline->len, >=, 3);
        linli_map_footprint_corners (&a->fp, corners);
        for (int k = 0; k < 4; k++)
          if (!linli_map_polygon_contains ((LinliMapPoint *) g->outline->data, g->outline->len,
                                           corners[k].x, corners[k].y))
            g_error ("building %s is outside %s", a->number, g->name);
      }
    }

  for (guint i = 0; i < t->grids->len; i++)
    for (guint j = i + 1; j < t->grids->len; j++)
      {
        LinliMapGrid *a = t->grids->pdata[i], *b = t->grids->pdata[j];

        if (linli_map_rect_intersects (&a->bounds, &b->bounds))
          g_error ("%s and %s overlap", a->name, b->name);
      }

  /* Usable: compact, neither a ribbon nor a tower of blocks. */
  bounds = linli_map_territory_get_bounds (t);
  g_assert_cmpfloat (bounds.width / bounds.height, >, 0.5);
  g_assert_cmpfloat (bounds.width / bounds.height, <, 3.5);
}

static void
test_import_seed_size (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  int n;

  import_ledger (f, 15, 60, TRUE);
  g_assert_true (linli_map_layout_needed (f->db, f->community));
  n = linli_map_layout_apply (f->db, NULL, f->community, LINLI_MAP_LAYOUT_MISSING, &error);
  g_assert_no_error (error);
  g_assert_cmpint (n, ==, 60);
  g_assert_false (linli_map_layout_needed (f->db, f->community));
  assert_usable (f, 15, 60);

  /* Laid out once: a second run has nothing to do. */
  g_assert_cmpint (linli_map_layout_apply (f->db, NULL, f->community, LINLI_MAP_LAYOUT_MISSING, &error), ==, 0);
}

static void
test_import_without_units (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  /* A ledger that lists only buildings still gives a map. */
  import_ledger (f, 3, 20, FALSE);
  g_assert_cmpint (linli_map_layout_apply (f->db, NULL, f->community, LINLI_MAP_LAYOUT_MISSING, &error), ==, 20);
  g_assert_no_error (error);
  assert_usable (f, 3, 20);
}

/* Grids in order: grid 1's block comes before grid 2's, left to right
 * and top to bottom, as people expect to read them. */
static void
test_grids_in_order (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LinliMapTerritory) t = NULL;

  import_ledger (f, 6, 30, TRUE);
  linli_map_layout_apply (f->db, NULL, f->community, LINLI_MAP_LAYOUT_MISSING, &error);
  g_assert_no_error (error);
  t = linli_map_territory_load (f->db, f->community, &error);
  for (guint i = 1; i < t->grids->len; i++)
    {
      LinliMapGrid *a = t->grids->pdata[i - 1], *b = t->grids->pdata[i];

      g_assert_true (b->bounds.y > a->bounds.y + 1 || b->bounds.x > a->bounds.x);
    }
}

/* What was drawn by hand stays; new buildings go inside their drawn grid
 * when there is room, and keep clear of what is there. */
static void
test_keeps_drawn (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LinliMapTerritory) t = NULL;
  g_autofree char *grid = NULL;
  g_autofree char *fixed = NULL;
  g_autofree char *small = NULL;
  LinliMapBuilding *b, *s;

  g_assert_true (linli_db_begin (f->db, &error));
  grid = linli_db_insert (f->db, &error, "grid", "community_id,number,name,outline", "siss", f->community, 1, "第1网格",
                          "[[0,0],[200,0],[200,120],[0,120]]");
  fixed = linli_db_insert (f->db, &error, "building", "community_id,grid_id,number,x,y,width,depth,angle,placed",
                           "sssdddddi", f->community, grid, "1", 40.0, 30.0, 60.0, 12.0, 0.0, 1);
  small = linli_db_insert (f->db, &error, "building", "community_id,grid_id,number,floors,placed", "sssii",
                           f->community, grid, "2", 6, 0);
  g_assert_true (linli_db_commit (f->db, &error));

  g_assert_cmpint (linli_map_layout_apply (f->db, NULL, f->community, LINLI_MAP_LAYOUT_MISSING, &error), ==, 1);
  t = linli_map_territory_load (f->db, f->community, &error);
  b = linli_map_territory_get_building (t, linli_map_territory_find_building (t, fixed));
  s = linli_map_territory_get_building (t, linli_map_territory_find_building (t, small));
  g_assert_cmpfloat (b->fp.x, ==, 40.0);
  g_assert_cmpfloat (b->fp.y, ==, 30.0);
  g_assert_true (b->placed);
  g_assert_true (s->located);
  g_assert_false (linli_map_footprints_overlap (&b->fp, &s->fp, 2));
  {
    LinliMapGrid *g = t->grids->pdata[0];
    LinliMapPoint corners[4];

    linli_map_footprint_corners (&s->fp, corners);
    for (int k = 0; k < 4; k++)
      g_assert_true (linli_map_polygon_contains ((LinliMapPoint *) g->outline->data, g->outline->len,
                                                 corners[k].x, corners[k].y));
  }
  /* The drawn outline was not replaced. */
  {
    g_autofree char *outline = linli_db_query_string (f->db, NULL, "SELECT outline FROM grid WHERE id = ?", "s", grid);
    g_assert_cmpstr (outline, ==, "[[0,0],[200,0],[200,120],[0,120]]");
  }
}

/* Arranging again through the history is one edit that can be undone. */
static void
test_arrange_undo (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LinliMapHistory) history = linli_map_history_new (f->db);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *undone = NULL;
  const char *sql = "SELECT group_concat(x || ',' || y || ',' || width, ';') FROM (SELECT * FROM building ORDER BY id)";

  import_ledger (f, 4, 16, TRUE);
  linli_map_layout_apply (f->db, NULL, f->community, LINLI_MAP_LAYOUT_MISSING, &error);
  /* Someone moves building 1 without drawing it (placed stays 0). */
  linli_db_exec (f->db, &error, "UPDATE building SET x = x + 500 WHERE number = '1'", NULL);
  before = linli_db_query_string (f->db, NULL, sql, NULL);

  g_assert_cmpint (linli_map_layout_apply (f->db, history, f->community, LINLI_MAP_LAYOUT_AUTOMATIC, &error), ==, 16);
  g_assert_no_error (error);
  after = linli_db_query_string (f->db, NULL, sql, NULL);
  g_assert_cmpstr (before, !=, after);
  assert_usable (f, 4, 16);

  g_assert_true (linli_map_history_undo (history, &error));
  undone = linli_db_query_string (f->db, NULL, sql, NULL);
  g_assert_cmpstr (undone, ==, before);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  linli_core_init ();

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("/map/layout/import-seed-size", test_import_seed_size);
  ADD ("/map/layout/import-without-units", test_import_without_units);
  ADD ("/map/layout/grids-in-order", test_grids_in_order);
  ADD ("/map/layout/keeps-drawn", test_keeps_drawn);
  ADD ("/map/layout/arrange-undo", test_arrange_undo);

  return g_test_run ();
}
