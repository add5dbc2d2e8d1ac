/* test-map-core.c: geometry, territory, layers, the floor-by-room table,
 * its printed sheet, and undo/redo of edits
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "linli-core.h"
#include "linli-db.h"
#include "linli-demo.h"
#include "linli-map-floor-table.h"
#include "linli-map-geometry.h"
#include "linli-map-history.h"
#include "linli-map-stats.h"
#include "linli-map-territory.h"

static char *dir;
static char *demo_path;

/* Geometry -------------------------------------------------------------------- */

static void
test_footprints (void)
{
  LinliMapFootprint a = { 0, 0, 40, 10, 0 };
  LinliMapFootprint b = { 0, 12, 40, 10, 0 };
  LinliMapFootprint turned = { 0, 12, 40, 10, 45 };
  LinliMapFootprint far = { 100, 100, 10, 10, 30 };
  LinliMapPoint c[4];
  LinliMapRect r;

  g_assert_false (linli_map_footprints_overlap (&a, &b, 0));
  /* 2 m apart: too close for a 3 m margin. */
  g_assert_true (linli_map_footprints_overlap (&a, &b, 3));
  g_assert_true (linli_map_footprints_overlap (&a, &turned, 0));
  g_assert_false (linli_map_footprints_overlap (&a, &far, 0));

  g_assert_true (linli_map_footprint_contains (&a, 19, 4));
  g_assert_false (linli_map_footprint_contains (&a, 21, 0));
  /* Turned by 90°, the long side runs down the page. */
  {
    LinliMapFootprint v = { 0, 0, 40, 10, 90 };

    g_assert_true (linli_map_footprint_contains (&v, 0, 19));
    g_assert_false (linli_map_footprint_contains (&v, 19, 0));
  }

  linli_map_footprint_corners (&a, c);
  g_assert_cmpfloat_with_epsilon (c[0].x, -20, 1e-9);
  g_assert_cmpfloat_with_epsilon (c[2].y, 5, 1e-9);
  r = linli_map_footprint_bounds (&turned);
  g_assert_cmpfloat_with_epsilon (r.width, (40 + 10) * sqrt (0.5), 1e-6);
}

static void
test_polygons (void)
{
  LinliMapPoint l[] = { { 0, 0 }, { 10, 0 }, { 10, 4 }, { 4, 4 }, { 4, 10 }, { 0, 10 } };
  LinliMapPoint c;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) parsed = NULL;
  g_autofree char *json = NULL;

  g_assert_true (linli_map_polygon_contains (l, 6, 2, 8));
  g_assert_false (linli_map_polygon_contains (l, 6, 8, 8));
  g_assert_cmpfloat_with_epsilon (linli_map_polygon_area (l, 6), 64, 1e-9);
  c = linli_map_polygon_centroid (l, 6);
  g_assert_true (linli_map_polygon_contains (l, 6, c.x, c.y) || c.x < 5);
  g_assert_cmpfloat_with_epsilon (linli_map_segment_distance (5, 3, &l[0], &l[1]), 3, 1e-9);

  json = linli_map_outline_to_json (l, 6);
  g_assert_cmpstr (json, ==, "[[0.00,0.00],[10.00,0.00],[10.00,4.00],[4.00,4.00],[4.00,10.00],[0.00,10.00]]");
  parsed = linli_map_outline_parse (json, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (parsed->len, ==, 6);
  g_assert_cmpfloat (g_array_index (parsed, LinliMapPoint, 4).y, ==, 10);

  /* Bad outlines say what is wrong, and where. */
  g_assert_null (linli_map_outline_parse ("[[1,2],[3]]", &error));
  g_assert_error (error, LINLI_DB_ERROR, LINLI_DB_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "2"));
  g_clear_error (&error);
  g_assert_null (linli_map_outline_parse ("{\"x\":1}", &error));
  g_assert_error (error, LINLI_DB_ERROR, LINLI_DB_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (linli_map_outline_parse ("[[1,2", &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
}

static void
test_index_and_labels (void)
{
  g_autoptr(LinliMapIndex) index = linli_map_index_new (10);
  g_autoptr(GArray) found = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(LinliMapLabeler) labels = linli_map_labeler_new (16);
  LinliMapRect big = { -5, -5, 100, 100 };
  LinliMapRect q = { 40, 40, 2, 2 };
  LinliMapRect placed;

  for (guint i = 0; i < 100; i++)
    {
      LinliMapRect r = { (i % 10) * 10.0, (i / 10) * 10.0, 5, 5 };
      linli_map_index_insert (index, i, &r);
    }
  linli_map_index_query (index, &q, found);
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_cmpuint (g_array_index (found, guint, 0), ==, 44);
  g_array_set_size (found, 0);
  linli_map_index_query (index, &big, found);
  g_assert_cmpuint (found->len, ==, 100);

  /* The first label wins its place; a colliding one moves or is left out. */
  g_assert_true (linli_map_labeler_try (labels, &(LinliMapRect) { 0, 0, 40, 12 }));
  g_assert_false (linli_map_labeler_try (labels, &(LinliMapRect) { 30, 5, 40, 12 }));
  g_assert_true (linli_map_labeler_try_around (labels, 20, 6, 40, 12, 8, &placed));
  g_assert_false (linli_map_rect_intersects (&placed, &(LinliMapRect) { 0, 0, 40, 12 }));
}

/* Territory and layers on the demo ------------------------------------------------ */

static LinliDb *
open_demo (void)
{
  g_autoptr(GError) error = NULL;
  LinliDb *db = linli_db_open (demo_path, &error);

  g_assert_no_error (error);
  return db;
}

static char *
demo_community (LinliDb *db)
{
  return linli_db_query_string (db, NULL, "SELECT id FROM community WHERE deleted = 0 LIMIT 1", NULL);
}

static void
test_territory (void)
{
  g_autoptr(LinliDb) db = open_demo ();
  g_autofree char *community = demo_community (db);
  g_autoptr(GError) error = NULL;
  g_autoptr(LinliMapTerritory) t = linli_map_territory_load (db, community, &error);
  LinliMapBuilding *b;
  LinliMapRect bounds;
  int hit;

  g_assert_no_error (error);
  g_assert_cmpuint (t->grids->len, ==, 2);
  g_assert_cmpuint (t->buildings->len, ==, 6);
  for (guint i = 0; i < t->buildings->len; i++)
    {
      b = t->buildings->pdata[i];
      g_assert_true (b->located);
      g_assert_cmpint (b->grid, >=, 0);
      g_assert_cmpint (b->n_units, >, 0);
      /* Sorted by grid, then number. */
      if (i > 0)
        {
          LinliMapBuilding *prev = t->buildings->pdata[i - 1];
          g_assert_true (prev->grid < b->grid ||
                         (prev->grid == b->grid && linli_map_compare_numbers (prev->number, b->number) < 0));
        }
    }

  /* The demo draws its buildings apart. */
  for (guint i = 0; i < t->buildings->len; i++)
    for (guint j = i + 1; j < t->buildings->len; j++)
      g_assert_false (linli_map_footprints_overlap (&((LinliMapBuilding *) t->buildings->pdata[i])->fp,
                                                    &((LinliMapBuilding *) t->buildings->pdata[j])->fp, 0));

  /* Hit testing finds each building at its centre, and nothing far away. */
  for (guint i = 0; i < t->buildings->len; i++)
    {
      b = t->buildings->pdata[i];
      g_assert_cmpint (linli_map_territory_building_at (t, b->fp.x, b->fp.y, 0), ==, (int) i);
    }
  bounds = linli_map_territory_get_bounds (t);
  g_assert_cmpint (linli_map_territory_building_at (t, bounds.x - 50, bounds.y - 50, 1), ==, -1);
  hit = linli_map_territory_grid_at (t, ((LinliMapBuilding *) t->buildings->pdata[0])->fp.x,
                                     ((LinliMapBuilding *) t->buildings->pdata[0])->fp.y);
  g_assert_cmpint (hit, ==, ((LinliMapBuilding *) t->buildings->pdata[0])->grid);

  /* Arrow keys: the neighbour to the right is to the right. */
  {
    int right = linli_map_territory_neighbour (t, 0, 1, 0);

    if (right >= 0)
      g_assert_cmpfloat (((LinliMapBuilding *) t->buildings->pdata[right])->fp.x, >,
                         ((LinliMapBuilding *) t->buildings->pdata[0])->fp.x);
  }

  g_assert_cmpint (linli_map_compare_numbers ("2", "10"), <, 0);
  g_assert_cmpint (linli_map_compare_numbers ("12", "A3"), <, 0);
}

static void
test_bad_outline_shows_map (void)
{
  g_autoptr(LinliDb) db = open_demo ();
  g_autofree char *community = demo_community (db);
  g_autoptr(GError) error = NULL;
  g_autoptr(LinliMapTerritory) t = NULL;
  g_autofree char *grid = linli_db_query_string (db, NULL, "SELECT id FROM grid WHERE number = 1", NULL);

  g_assert_true (linli_db_begin (db, &error));
  g_assert_true (linli_db_set (db, &error, "grid", grid, "outline", "s", "[[1,2],oops"));
  t = linli_map_territory_load (db, community, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (t->grids->len, ==, 2);
  g_assert_cmpuint (((LinliMapGrid *) t->grids->pdata[0])->outline->len, ==, 0);
  /* Its buildings still give the grid its place. */
  g_assert_false (linli_map_rect_is_empty (&((LinliMapGrid *) t->grids->pdata[0])->bounds));
  linli_db_rollback (db);
}

typedef struct
{
  LinliDb *db;
  char    *community;
  char    *grid;
  char    *building;
  char    *unit;
  char    *tag_alone;
  char    *tag_party;
} Small;

/* One building, one unit of 3 floors and 2 rooms, with what each layer
 * counts written by hand. */
static void
small_make (Small *s)
{
  g_autoptr(GError) error = NULL;
  char *c;

  s->db = linli_db_open_memory (&error);
  g_assert_no_error (error);
  c = s->community = linli_new_id ();
  g_assert_true (linli_db_begin (s->db, &error));
  linli_db_insert_with_id (s->db, &error, "community", c, "community_id,name", "ss", c, "和平里社区");
  s->grid = linli_db_insert (s->db, &error, "grid", "community_id,number,name", "sis", c, 3, "第3网格");
  s->building = linli_db_insert (s->db, &error, "building", "community_id,grid_id,number,floors,x,y,width,depth",
                                 "sssidddd", c, s->grid, "12", 3, 10.0, 10.0, 26.0, 11.0);
  s->unit = linli_db_insert (s->db, &error, "unit", "community_id,building_id,number,floors,rooms_per_floor",
                             "ssiii", c, s->building, 2, 3, 2);
  s->tag_alone = linli_db_insert (s->db, &error, "tag", "community_id,code,name,care", "sssi", c, "alone", "独居老人", 1);
  s->tag_party = linli_db_insert (s->db, &error, "tag", "community_id,code,name,care", "sssi", c, "party_member", "党员", 0);
  g_assert_true (linli_db_commit (s->db, &error));
  g_assert_no_error (error);
}

static char *
small_household (Small *s, int floor, const char *room, const char *flags)
{
  g_autoptr(GError) error = NULL;
  char *h = linli_db_insert (s->db, &error, "household", "community_id,unit_id,floor,room,flags", "ssiss",
                             s->community, s->unit, floor, room, flags);

  g_assert_no_error (error);
  return h;
}

static char *
small_person (Small *s, const char *household, const char *name, const char *birth)
{
  g_autoptr(GError) error = NULL;
  char *p = linli_db_insert (s->db, &error, "person", "community_id,household_id,name,birth_date", "ssss",
                             s->community, household, name, birth);

  g_assert_no_error (error);
  return p;
}

static void
small_free (Small *s)
{
  g_clear_object (&s->db);
  g_free (s->community);
  g_free (s->grid);
  g_free (s->building);
  g_free (s->unit);
  g_free (s->tag_alone);
  g_free (s->tag_party);
}

static void
test_layers (void)
{
  Small s = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(LinliMapStats) stats = NULL;
  g_autofree char *h301 = NULL, *h302 = NULL, *h201 = NULL, *h101 = NULL;
  g_autofree char *old = NULL, *alone = NULL, *young = NULL, *kid = NULL;
  g_autofree char *team = NULL;
  const LinliMapCounts *c;

  small_make (&s);
  h301 = small_household (&s, 3, "301", "");
  h302 = small_household (&s, 3, "302", "vacant");
  h201 = small_household (&s, 2, "201", "rental");
  h101 = small_household (&s, 1, "101", "");
  old = small_person (&s, h301, "王秀英", "1940-05-01");     /* 86: special care */
  alone = small_person (&s, h201, "李建国", "1960-01-01");   /* 66, tagged alone */
  young = small_person (&s, h101, "张伟", "1990-01-01");
  kid = small_person (&s, h101, "张子涵", "2018-01-01");
  g_free (linli_db_insert (s.db, &error, "person_tag", "community_id,person_id,tag_id", "sss", s.community, alone, s.tag_alone));
  /* A deleted tag counts no more. */
  {
    g_autofree char *pt = linli_db_insert (s.db, &error, "person_tag", "community_id,person_id,tag_id", "sss", s.community, young, s.tag_alone);
    linli_db_soft_delete (s.db, "person_tag", pt, &error);
  }
  /* 301 visited 3 days ago, 201 twenty days ago, 101 never. */
  g_free (linli_db_insert (s.db, &error, "visit", "community_id,household_id,visited_at", "sss", s.community, h301, "2026-11-20T09:30"));
  g_free (linli_db_insert (s.db, &error, "visit", "community_id,household_id,visited_at,follow_up,follow_up_due", "sssss",
                           s.community, h201, "2026-11-03T10:00", "送药", "2026-11-10"));
  /* A squad with its party member and cadre but 2 residents only. */
  team = linli_db_insert (s.db, &error, "team", "community_id,kind,name,scope,scope_id", "sssss", s.community, "squad119", "12栋119", "building", s.building);
  g_free (linli_db_insert (s.db, &error, "team_member", "community_id,team_id,person_id,role", "ssss", s.community, team, old, "party_backbone"));
  g_free (linli_db_insert (s.db, &error, "team_member", "community_id,team_id,person_id,role", "ssss", s.community, team, young, "sunk_cadre"));
  g_free (linli_db_insert (s.db, &error, "team_member", "community_id,team_id,person_id,role", "ssss", s.community, team, alone, "leader"));
  g_free (linli_db_insert (s.db, &error, "team_member", "community_id,team_id,person_id,role", "ssss", s.community, team, kid, "building_resident"));
  g_assert_no_error (error);

  stats = linli_map_stats_load (s.db, s.community, "2026-11-23", &error);
  g_assert_no_error (error);
  c = linli_map_stats_get_building (stats, s.building);
  g_assert_cmpint (c->households, ==, 4);
  g_assert_cmpint (c->occupied, ==, 3);
  g_assert_cmpint (c->residents, ==, 4);
  g_assert_cmpint (c->care_residents, ==, 2);
  g_assert_cmpint (c->care_households, ==, 2);
  g_assert_cmpint (c->not_visited_7, ==, 2);
  g_assert_cmpint (c->not_visited_30, ==, 1);
  g_assert_cmpint (c->follow_ups_open, ==, 1);
  g_assert_cmpint (c->follow_ups_overdue, ==, 1);
  g_assert_cmpint (c->squad, ==, LINLI_SQUAD_INCOMPLETE);
  g_assert_cmpint (c->squad_party, ==, 1);
  g_assert_cmpint (c->squad_cadre, ==, 1);
  g_assert_cmpint (c->squad_residents, ==, 2);
  g_assert_cmpint (linli_map_stats_get_max_residents (stats), ==, 4);
  g_assert_cmpint (linli_map_stats_get_grid (stats, s.grid)->households, ==, 4);
  g_assert_cmpint (linli_map_stats_get_total (stats)->not_visited_7, ==, 2);

  /* A visit today: the coverage changes at once. */
  g_free (linli_db_insert (s.db, &error, "visit", "community_id,household_id,visited_at", "sss", s.community, h101, "2026-11-23T15:00"));
  g_clear_pointer (&stats, linli_map_stats_unref);
  stats = linli_map_stats_load (s.db, s.community, "2026-11-23", &error);
  c = linli_map_stats_get_building (stats, s.building);
  g_assert_cmpint (c->not_visited_7, ==, 1);
  g_assert_cmpint (c->not_visited_30, ==, 0);

  /* The floor-by-room table: floors top down, rooms in their columns. */
  {
    g_autoptr(LinliFloorTable) t = linli_floor_table_load (s.db, s.building, NULL, "2026-11-23", &error);
    LinliFloorCell *cell;

    g_assert_no_error (error);
    g_assert_cmpint (t->n_rows, ==, 3);
    g_assert_cmpint (t->n_columns, ==, 2);
    g_assert_cmpint (t->row_floors[0], ==, 3);
    cell = linli_floor_table_get (t, 0, 1);
    g_assert_cmpstr (cell->room, ==, "302");
    g_assert_true (cell->marks & LINLI_MARK_VACANT);
    cell = linli_floor_table_get (t, 0, 0);
    g_assert_cmpstr (cell->head_name, ==, "王秀英");
    g_assert_true (cell->marks & LINLI_MARK_OLD);
    g_assert_cmpint (cell->care, ==, 1);
    g_assert_true (linli_floor_cell_visited_within (cell, "2026-11-23", 7));
    g_assert_null (linli_floor_table_get (t, 1, 1));
    cell = linli_floor_table_get (t, 1, 0);
    g_assert_true (cell->marks & LINLI_MARK_ALONE);
    g_assert_true (cell->marks & LINLI_MARK_RENTAL);
    g_assert_cmpint (cell->follow_ups_overdue, ==, 1);
    cell = linli_floor_table_get (t, 2, 0);
    g_assert_cmpint (cell->residents, ==, 2);
    g_assert_cmpint (((LinliFloorUnit *) t->units->pdata[0])->households, ==, 4);
  }

  small_free (&s);
}

/* The table of every building of the demo holds all its households. */
static void
test_floor_tables (void)
{
  g_autoptr(LinliDb) db = open_demo ();
  g_autoptr(GError) error = NULL;
  g_autoptr(LinliQuery) q = linli_db_query (db, &error,
                                            "SELECT b.id, (SELECT count(*) FROM household h JOIN unit u ON u.id = h.unit_id "
                                            "WHERE u.building_id = b.id AND h.deleted = 0) FROM building b", NULL);

  while (linli_query_next (q, &error))
    {
      g_autoptr(LinliFloorTable) t = linli_floor_table_load (db, linli_query_get_string (q, 0), NULL, "2026-11-23", &error);
      int seen = 0;

      g_assert_no_error (error);
      g_assert_cmpuint (t->cells->len, ==, linli_query_get_int (q, 1));
      for (int r = 0; r < t->n_rows; r++)
        for (int c = 0; c < t->n_columns; c++)
          {
            LinliFloorCell *cell = linli_floor_table_get (t, r, c);

            if (cell == NULL)
              continue;
            seen++;
            g_assert_cmpint (cell->floor, ==, t->row_floors[r]);
            g_assert_cmpint (linli_floor_table_unit_at (t, c), ==, cell->unit);
          }
      g_assert_cmpint (seen, ==, (int) t->cells->len);
    }
  g_assert_no_error (error);
}

/* Undo and redo --------------------------------------------------------------------- */

static char *
geometry_of (LinliDb *db, const char *building, const char *grid)
{
  g_autofree char *b = linli_db_query_string (db, NULL, "SELECT x || ',' || y || ',' || width || ',' || depth || ',' || angle || ',' || placed || ',' || coalesce(grid_id, '') FROM building WHERE id = ?", "s", building);
  g_autofree char *g = linli_db_query_string (db, NULL, "SELECT outline FROM grid WHERE id = ?", "s", grid);

  return g_strdup_printf ("%s | %s", b, g);
}

static void
count_cb (int *count)
{
  (*count)++;
}

static void
test_history (void)
{
  g_autoptr(LinliDb) db = open_demo ();
  g_autoptr(GError) error = NULL;
  g_autoptr(LinliMapHistory) history = linli_map_history_new (db);
  g_autofree char *building = linli_db_query_string (db, NULL, "SELECT id FROM building WHERE number = '1'", NULL);
  g_autofree char *grid = linli_db_query_string (db, NULL, "SELECT id FROM grid WHERE number = 1", NULL);
  g_autofree char *other_grid = linli_db_query_string (db, NULL, "SELECT id FROM grid WHERE number = 2", NULL);
  g_autofree char *before = geometry_of (db, building, grid);
  g_autofree char *moved = NULL;
  g_autofree char *journal = NULL;
  gint64 journal_before = linli_db_query_int (db, NULL, "SELECT count(*) FROM journal", NULL);
  int changed = 0;

  g_signal_connect_swapped (history, "changed", G_CALLBACK (count_cb), &changed);

  /* Move a building into the other grid: one edit. */
  g_assert_true (linli_map_history_begin (history, "移动12栋", &error));
  g_assert_true (linli_map_history_set (history, "building", building, "x", "d", 333.5));
  g_assert_true (linli_map_history_set (history, "building", building, "y", "d", 44.25));
  g_assert_true (linli_map_history_set (history, "building", building, "x", "d", 334.5));
  g_assert_true (linli_map_history_set (history, "building", building, "placed", "i", 1));
  g_assert_true (linli_map_history_set (history, "building", building, "grid_id", "s", other_grid));
  g_assert_cmpuint (linli_map_history_commit (history, &error), >, 0);
  g_assert_no_error (error);
  moved = geometry_of (db, building, grid);
  g_assert_cmpstr (moved, !=, before);
  g_assert_true (g_str_has_prefix (moved, "334.5,44.25,"));

  /* Reshape the grid: a second edit. */
  g_assert_true (linli_map_history_begin (history, "修改第1网格", &error));
  g_assert_true (linli_map_history_set (history, "grid", grid, "outline", "s", "[[0,0],[300,0],[300,200],[0,200]]"));
  g_assert_cmpuint (linli_map_history_commit (history, &error), >, 0);
  g_assert_cmpstr (linli_map_history_get_undo_label (history), ==, "修改第1网格");

  /* Undo both: the stored geometry is as before, in the journal too. */
  g_assert_true (linli_map_history_undo (history, &error));
  g_assert_true (linli_map_history_undo (history, &error));
  g_assert_no_error (error);
  {
    g_autofree char *now = geometry_of (db, building, grid);
    g_assert_cmpstr (now, ==, before);
  }
  g_assert_false (linli_map_history_can_undo (history));
  g_assert_true (linli_map_history_can_redo (history));
  g_assert_cmpint (changed, ==, 4);
  g_assert_cmpint (linli_db_query_int (db, NULL, "SELECT count(*) FROM journal", NULL), >, journal_before);

  /* Redo the move. */
  g_assert_true (linli_map_history_redo (history, &error));
  {
    g_autofree char *now = geometry_of (db, building, grid);
    g_assert_true (g_str_has_prefix (now, "334.5,44.25,"));
  }
  g_assert_cmpstr (linli_map_history_get_redo_label (history), ==, "修改第1网格");

  /* A new edit drops what could be redone. */
  g_assert_true (linli_map_history_begin (history, "改名", &error));
  linli_map_history_set (history, "building", building, "name", "s", "青和居1栋");
  linli_map_history_commit (history, &error);
  g_assert_false (linli_map_history_can_redo (history));

  /* A failed write rolls the whole edit back. */
  g_assert_true (linli_map_history_begin (history, "坏", &error));
  linli_map_history_set (history, "building", building, "x", "d", 1.0);
  g_assert_false (linli_map_history_set (history, "building", building, "no_such_column", "d", 1.0));
  g_assert_cmpuint (linli_map_history_commit (history, &error), ==, 0);
  g_assert_error (error, LINLI_DB_ERROR, LINLI_DB_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "no_such_column"));
  g_clear_error (&error);
  {
    g_autofree char *now = geometry_of (db, building, grid);
    g_assert_true (g_str_has_prefix (now, "334.5,44.25,"));
  }
  journal = linli_db_query_string (db, NULL, "SELECT cols FROM journal ORDER BY seq DESC LIMIT 1", NULL);
  g_assert_nonnull (strstr (journal, "青和居1栋"));
}

static void
test_history_rows (void)
{
  g_autoptr(LinliDb) db = open_demo ();
  g_autoptr(GError) error = NULL;
  g_autoptr(LinliMapHistory) history = linli_map_history_new (db);
  g_autofree char *community = demo_community (db);
  g_autofree char *household = linli_db_query_string (db, NULL, "SELECT id FROM household LIMIT 1", NULL);
  g_autofree char *person = NULL;
  g_autofree char *victim = linli_db_query_string (db, NULL, "SELECT id FROM person WHERE is_resident = 1 LIMIT 1", NULL);
  guint deletion;

  /* Add a resident: undo takes the row away with a tombstone. */
  g_assert_true (linli_map_history_begin (history, "添加居民", &error));
  person = linli_db_insert (db, &error, "person", "community_id,household_id,name", "sss", community, household, "新居民");
  g_assert_true (linli_map_history_created (history, "person", person));
  g_assert_cmpuint (linli_map_history_commit (history, &error), >, 0);
  g_assert_cmpint (linli_db_query_int (db, NULL, "SELECT deleted FROM person WHERE id = ?", "s", person), ==, 0);
  g_assert_true (linli_map_history_undo (history, &error));
  g_assert_cmpint (linli_db_query_int (db, NULL, "SELECT deleted FROM person WHERE id = ?", "s", person), ==, 1);
  g_assert_true (linli_map_history_redo (history, &error));
  g_assert_cmpint (linli_db_query_int (db, NULL, "SELECT deleted FROM person WHERE id = ?", "s", person), ==, 0);

  /* Delete someone, then do something else: the toast's Undo still
   * brings them back, and keeps the later edit. */
  g_assert_true (linli_map_history_begin (history, "删除居民", &error));
  linli_map_history_delete (history, "person", victim);
  deletion = linli_map_history_commit (history, &error);
  g_assert_cmpuint (deletion, >, 0);
  g_assert_true (linli_map_history_begin (history, "改名", &error));
  linli_map_history_set (history, "person", person, "name", "s", "改过的名字");
  linli_map_history_commit (history, &error);
  g_assert_true (linli_map_history_revert (history, deletion, &error));
  g_assert_no_error (error);
  g_assert_cmpint (linli_db_query_int (db, NULL, "SELECT deleted FROM person WHERE id = ?", "s", victim), ==, 0);
  {
    g_autofree char *name = linli_db_query_string (db, NULL, "SELECT name FROM person WHERE id = ?", "s", person);
    g_assert_cmpstr (name, ==, "改过的名字");
  }
  /* An edit that writes what is there is no edit. */
  g_assert_true (linli_map_history_begin (history, "无", &error));
  linli_map_history_set (history, "person", person, "name", "s", "改过的名字");
  g_assert_cmpuint (linli_map_history_commit (history, &error), ==, G_MAXUINT);
  g_assert_cmpstr (linli_map_history_get_undo_label (history), !=, "无");
}

int
main (int argc, char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LinliDb) db = NULL;
  GDate today;
  int ret;

  g_test_init (&argc, &argv, NULL);
  linli_core_init ();

  dir = g_dir_make_tmp ("linli-map-core-XXXXXX", &error);
  g_assert_no_error (error);
  demo_path = g_build_filename (dir, "demo.db", NULL);
  db = linli_db_open (demo_path, &error);
  g_assert_no_error (error);
  g_date_clear (&today, 1);
  g_date_set_dmy (&today, 23, 11, 2026);
  g_assert_true (linli_demo_generate (db, LINLI_DEMO_SMALL, 20230812, &today, NULL, NULL, &error));
  g_clear_object (&db);

  g_test_add_func ("/map/geometry/footprints", test_footprints);
  g_test_add_func ("/map/geometry/polygons", test_polygons);
  g_test_add_func ("/map/geometry/index-and-labels", test_index_and_labels);
  g_test_add_func ("/map/territory/demo", test_territory);
  g_test_add_func ("/map/territory/bad-outline", test_bad_outline_shows_map);
  g_test_add_func ("/map/layers/counts", test_layers);
  g_test_add_func ("/map/floor-table/demo", test_floor_tables);
  g_test_add_func ("/map/history/move-and-reshape", test_history);
  g_test_add_func ("/map/history/rows", test_history_rows);

  ret = g_test_run ();

  {
    g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
    const char *name;

    while (d && (name = g_dir_read_name (d)))
      {
        g_autofree char *path = g_build_filename (dir, name, NULL);
        g_unlink (path);
      }
    g_rmdir (dir);
  }
  g_free (demo_path);
  g_free (dir);
  return ret;
}
