/* linli-map-layout.c: a first map of buildings that nobody has drawn
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A ledger imported from a spreadsheet knows which grid each building is
 * in, how many units and floors it has, but not where it stands. This
 * lays such buildings out grid by grid: each grid becomes a block with
 * its buildings in rows by number, and the blocks are set out in rows
 * with roads between them, below whatever was drawn by hand. Buildings
 * that belong to a grid whose outline was drawn go inside that outline
 * when there is room.
 */

#define G_LOG_DOMAIN "linli-map"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "linli-map-layout.h"
#include "linli-map-territory.h"

#define GAP_X     8.0     /* between two buildings of a row */
#define GAP_Y     14.0    /* between two rows: the path in front of the doors */
#define CLEARANCE 3.0     /* from a building drawn by hand */

typedef struct
{
  LinliMapBuilding *building;
  double            width;
  double            depth;
  double            x;        /* centre, once placed */
  double            y;
} Item;

typedef struct
{
  int        grid;           /* index in the territory, or -1 */
  gboolean   outline;        /* give the grid this block as its outline */
  GPtrArray *items;          /* Item* */
  double     width;
  double     height;
  double     x;              /* top-left, once placed */
  double     y;
} Block;

static void
block_free (gpointer data)
{
  Block *b = data;

  g_ptr_array_unref (b->items);
  g_free (b);
}

/**
 * linli_map_layout_estimate_size:
 *
 * The footprint of a building from what a ledger says of it: about 6.5 m
 * of frontage per room on a floor, 11 m deep; a tower of two units or
 * fewer and 12 floors or more is squarer.
 */
void
linli_map_layout_estimate_size (int     n_units,
                                int     rooms_per_floor,
                                int     floors,
                                double *width,
                                double *depth)
{
  n_units = MAX (n_units, 1);
  rooms_per_floor = rooms_per_floor > 0 ? rooms_per_floor : 2;

  if (floors >= 12 && n_units <= 2)
    {
      *width = MAX (24.0, n_units * rooms_per_floor * 5.5);
      *depth = 20;
    }
  else
    {
      *width = n_units * rooms_per_floor * 6.5;
      *depth = rooms_per_floor >= 4 ? 14 : 11;
    }
  *width = CLAMP (*width, 12.0, 140.0);
}

static gboolean
is_axis_rectangle (GArray *outline)
{
  LinliMapPoint *p = (LinliMapPoint *) outline->data;

  if (outline->len != 4)
    return FALSE;
  for (guint i = 0; i < 4; i++)
    {
      LinliMapPoint *a = &p[i], *b = &p[(i + 1) % 4];

      if (fabs (a->x - b->x) > 0.01 && fabs (a->y - b->y) > 0.01)
        return FALSE;
    }
  return TRUE;
}

/* Rows of buildings, left to right, in number order. */
static void
pack_block (Block *block)
{
  double area = 0, max_w = 0, limit, x = 0, y = 0, row_h = 0, used_w = 0;

  for (guint i = 0; i < block->items->len; i++)
    {
      Item *it = block->items->pdata[i];

      area += (it->width + GAP_X) * (it->depth + GAP_Y);
      max_w = MAX (max_w, it->width);
    }
  /* Somewhat wider than tall, as compounds mostly are. */
  limit = MAX (max_w, sqrt (area) * 1.3);

  for (guint i = 0; i < block->items->len; i++)
    {
      Item *it = block->items->pdata[i];

      if (x > 0 && x + it->width > limit + 0.01)
        {
          x = 0;
          y += row_h + GAP_Y;
          row_h = 0;
        }
      it->x = LINLI_MAP_LAYOUT_MARGIN + x + it->width / 2;
      it->y = LINLI_MAP_LAYOUT_MARGIN + y + it->depth / 2;
      x += it->width + GAP_X;
      used_w = MAX (used_w, x - GAP_X);
      row_h = MAX (row_h, it->depth);
    }
  block->width = used_w + 2 * LINLI_MAP_LAYOUT_MARGIN;
  block->height = y + row_h + 2 * LINLI_MAP_LAYOUT_MARGIN;
}

static gboolean
fits (LinliMapIndex           *obstacles,
      GArray                  *placed,
      const LinliMapFootprint *fp,
      const LinliMapPoint     *outline,
      guint                    n_points)
{
  g_autoptr(GArray) near = g_array_new (FALSE, FALSE, sizeof (guint));
  LinliMapPoint corners[4];
  LinliMapRect r = linli_map_footprint_bounds (fp);

  linli_map_footprint_corners (fp, corners);
  for (int i = 0; i < 4; i++)
    if (!linli_map_polygon_contains (outline, n_points, corners[i].x, corners[i].y))
      return FALSE;

  r.x -= CLEARANCE;
  r.y -= CLEARANCE;
  r.width += 2 * CLEARANCE;
  r.height += 2 * CLEARANCE;
  linli_map_index_query (obstacles, &r, near);
  for (guint k = 0; k < near->len; k++)
    if (linli_map_footprints_overlap (&g_array_index (placed, LinliMapFootprint, g_array_index (near, guint, k)),
                                      fp, CLEARANCE))
      return FALSE;
  return TRUE;
}

/* Scans the drawn outline of a grid, row by row, for a free spot. */
static gboolean
place_inside (LinliMapGrid  *grid,
              Item          *it,
              LinliMapIndex *obstacles,
              GArray        *placed)
{
  LinliMapRect b = grid->bounds;
  LinliMapPoint *outline = (LinliMapPoint *) grid->outline->data;
  const double step = 2.0;

  for (double y = b.y + LINLI_MAP_LAYOUT_MARGIN / 2 + it->depth / 2; y + it->depth / 2 <= b.y + b.height; y += step)
    for (double x = b.x + LINLI_MAP_LAYOUT_MARGIN / 2 + it->width / 2; x + it->width / 2 <= b.x + b.width; x += step)
      {
        LinliMapFootprint fp = { x, y, it->width, it->depth, 0 };
        LinliMapRect r;

        if (!fits (obstacles, placed, &fp, outline, grid->outline->len))
          continue;
        it->x = x;
        it->y = y;
        r = linli_map_footprint_bounds (&fp);
        linli_map_index_insert (obstacles, placed->len, &r);
        g_array_append_val (placed, fp);
        return TRUE;
      }
  return FALSE;
}

static Block *
block_for (GPtrArray *blocks,
           int        grid,
           gboolean   outline)
{
  Block *b;

  for (guint i = 0; i < blocks->len; i++)
    {
      b = blocks->pdata[i];
      if (b->grid == grid && b->outline == outline)
        return b;
    }
  b = g_new0 (Block, 1);
  b->grid = grid;
  b->outline = outline;
  b->items = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (blocks, b);
  return b;
}

static int
compare_blocks (gconstpointer a,
                gconstpointer b)
{
  const Block *ba = *(Block **) a, *bb = *(Block **) b;
  int ga = ba->grid < 0 ? G_MAXINT : ba->grid, gb = bb->grid < 0 ? G_MAXINT : bb->grid;

  if (ga != gb)
    return ga < gb ? -1 : 1;
  return bb->outline - ba->outline;
}

gboolean
linli_map_layout_needed (LinliDb    *db,
                         const char *community_id)
{
  return linli_db_query_int (db, NULL,
                             "SELECT count(*) FROM building WHERE community_id = ? AND deleted = 0 "
                             "AND (x IS NULL OR y IS NULL OR width IS NULL OR depth IS NULL OR width <= 0 OR depth <= 0)",
                             "s", community_id) > 0;
}

static gboolean
write_double (LinliDb         *db,
              LinliMapHistory *history,
              const char      *table,
              const char      *id,
              const char      *column,
              double           value,
              GError         **error)
{
  if (history != NULL)
    return linli_map_history_set (history, table, id, column, "d", value);
  return linli_db_set (db, error, table, id, column, "d", value);
}

/**
 * linli_map_layout_apply:
 * @history: (nullable): record the layout as one edit that can be undone;
 *   without it the layout is written in a transaction of its own
 * @scope: which buildings to lay out
 *
 * Lays out buildings grid by grid, without overlaps, and gives the grids
 * that have no outline the outline of their block. Buildings stay
 * "not placed by hand" (placed = 0).
 *
 * Returns: how many buildings were laid out, or -1 with @error set
 */
int
linli_map_layout_apply (LinliDb              *db,
                        LinliMapHistory      *history,
                        const char           *community_id,
                        LinliMapLayoutScope   scope,
                        GError              **error)
{
  g_autoptr(LinliMapTerritory) t = NULL;
  g_autoptr(GPtrArray) blocks = g_ptr_array_new_with_free_func (block_free);
  g_autoptr(LinliMapIndex) obstacles = linli_map_index_new (40);
  g_autoptr(GArray) placed = g_array_new (FALSE, FALSE, sizeof (LinliMapFootprint));
  g_autoptr(GPtrArray) inside = g_ptr_array_new_with_free_func (g_free);
  g_autofree gboolean *moving = NULL;
  g_autofree gboolean *rebuild = NULL;
  LinliMapRect fixed = { 0, 0, 0, 0 };
  double area = 0, max_w = 0, limit, x = 0, y = 0, row_h = 0, x0 = 0, y0 = 0;
  int n = 0;
  gboolean ok = TRUE;

  g_return_val_if_fail (LINLI_IS_DB (db), -1);
  g_return_val_if_fail (community_id != NULL, -1);

  t = linli_map_territory_load (db, community_id, error);
  if (t == NULL)
    return -1;

  moving = g_new0 (gboolean, t->buildings->len + 1);
  rebuild = g_new0 (gboolean, t->grids->len + 1);

  for (guint i = 0; i < t->buildings->len; i++)
    {
      LinliMapBuilding *b = t->buildings->pdata[i];

      moving[i] = !b->located || (scope == LINLI_MAP_LAYOUT_AUTOMATIC && !b->placed);
      n += moving[i];
    }
  if (n == 0)
    return 0;

  /* A grid gets a new outline when it has none, or when the outline is
   * the plain rectangle of an earlier automatic layout and none of its
   * buildings stays where it is. */
  for (guint g = 0; g < t->grids->len; g++)
    {
      LinliMapGrid *grid = t->grids->pdata[g];
      gboolean all_moving = TRUE;

      for (guint i = 0; i < t->buildings->len; i++)
        {
          LinliMapBuilding *b = t->buildings->pdata[i];

          if (b->grid == (int) g && !moving[i])
            all_moving = FALSE;
        }
      rebuild[g] = all_moving &&
                   (grid->outline->len < 3 ||
                    (scope == LINLI_MAP_LAYOUT_AUTOMATIC && is_axis_rectangle (grid->outline)));
      if (!rebuild[g] && grid->outline->len >= 3)
        linli_map_rect_union (&fixed, &grid->bounds);
    }

  /* What stays where it is. */
  for (guint i = 0; i < t->buildings->len; i++)
    {
      LinliMapBuilding *b = t->buildings->pdata[i];
      LinliMapRect r;

      if (moving[i] || !b->located)
        continue;
      r = linli_map_footprint_bounds (&b->fp);
      linli_map_index_insert (obstacles, placed->len, &r);
      g_array_append_val (placed, b->fp);
      linli_map_rect_union (&fixed, &r);
    }

  /* Each moving building into its drawn grid, or into a block. */
  for (guint i = 0; i < t->buildings->len; i++)
    {
      LinliMapBuilding *b = t->buildings->pdata[i];
      LinliMapGrid *grid = linli_map_territory_get_grid (t, b->grid);
      Item *it;

      if (!moving[i])
        continue;
      it = g_new0 (Item, 1);
      it->building = b;
      if (b->located && b->fp.width > 0 && b->fp.depth > 0)
        {
          it->width = b->fp.width;
          it->depth = b->fp.depth;
        }
      else
        linli_map_layout_estimate_size (b->n_units, b->rooms_per_floor, b->floors, &it->width, &it->depth);

      if (grid != NULL && !rebuild[b->grid] && grid->outline->len >= 3 &&
          place_inside (grid, it, obstacles, placed))
        {
          g_ptr_array_add (inside, it);
          continue;
        }
      /* Overflow of a drawn grid, and grids without a drawn outline. */
      g_ptr_array_add (block_for (blocks, b->grid, grid != NULL && rebuild[b->grid])->items, it);
    }

  /* Blocks set out in rows, below what was drawn. */
  g_ptr_array_sort (blocks, compare_blocks);
  for (guint i = 0; i < blocks->len; i++)
    {
      Block *bl = blocks->pdata[i];

      if (bl->items->len == 0)
        continue;
      pack_block (bl);
      area += (bl->width + LINLI_MAP_LAYOUT_ROAD) * (bl->height + LINLI_MAP_LAYOUT_ROAD);
      max_w = MAX (max_w, bl->width);
    }
  limit = MAX (max_w, sqrt (area) * 1.6);
  if (!linli_map_rect_is_empty (&fixed))
    {
      x0 = fixed.x;
      y0 = fixed.y + fixed.height + 2 * LINLI_MAP_LAYOUT_ROAD;
    }
  for (guint i = 0; i < blocks->len; i++)
    {
      Block *bl = blocks->pdata[i];

      if (bl->items->len == 0)
        continue;
      if (x > 0 && x + bl->width > limit + 0.01)
        {
          x = 0;
          y += row_h + LINLI_MAP_LAYOUT_ROAD;
          row_h = 0;
        }
      bl->x = x0 + x;
      bl->y = y0 + y;
      x += bl->width + LINLI_MAP_LAYOUT_ROAD;
      row_h = MAX (row_h, bl->height);
    }

  if (history != NULL)
    ok = linli_map_history_begin (history, _("Arrange the map automatically"), error);
  else
    ok = linli_db_begin (db, error);
  if (!ok)
    return -1;

  for (guint k = 0; ok && k < inside->len; k++)
    {
      Item *it = inside->pdata[k];
      const char *id = it->building->id;

      ok = write_double (db, history, "building", id, "x", it->x, error) &&
           write_double (db, history, "building", id, "y", it->y, error) &&
           write_double (db, history, "building", id, "width", it->width, error) &&
           write_double (db, history, "building", id, "depth", it->depth, error) &&
           write_double (db, history, "building", id, "angle", 0, error);
    }
  for (guint i = 0; ok && i < blocks->len; i++)
    {
      Block *bl = blocks->pdata[i];

      for (guint k = 0; ok && k < bl->items->len; k++)
        {
          Item *it = bl->items->pdata[k];
          const char *id = it->building->id;

          ok = write_double (db, history, "building", id, "x", bl->x + it->x, error) &&
               write_double (db, history, "building", id, "y", bl->y + it->y, error) &&
               write_double (db, history, "building", id, "width", it->width, error) &&
               write_double (db, history, "building", id, "depth", it->depth, error) &&
               write_double (db, history, "building", id, "angle", 0, error);
        }
      if (ok && bl->outline && bl->grid >= 0)
        {
          const double inset = 2;
          LinliMapPoint p[4] = {
            { bl->x + inset, bl->y + inset },
            { bl->x + bl->width - inset, bl->y + inset },
            { bl->x + bl->width - inset, bl->y + bl->height - inset },
            { bl->x + inset, bl->y + bl->height - inset },
          };
          g_autofree char *json = linli_map_outline_to_json (p, 4);
          const char *gid = linli_map_territory_get_grid (t, bl->grid)->id;

          if (history != NULL)
            ok = linli_map_history_set (history, "grid", gid, "outline", "s", json);
          else
            ok = linli_db_set (db, error, "grid", gid, "outline", "s", json);
        }
    }

  if (history != NULL)
    {
      if (!ok)
        {
          linli_map_history_rollback (history);
          if (error && *error == NULL)
            g_set_error (error, LINLI_DB_ERROR, LINLI_DB_ERROR_FAILED, _("The layout could not be stored"));
          return -1;
        }
      if (linli_map_history_commit (history, error) == 0)
        return -1;
    }
  else
    {
      if (!ok)
        {
          linli_db_rollback (db);
          return -1;
        }
      if (!linli_db_commit (db, error))
        return -1;
    }
  return n;
}
