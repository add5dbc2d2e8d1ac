/* linli-map-territory.c: the grids and buildings of a community, as the
 * map draws them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "linli-map"

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "linli-map-territory.h"

G_DEFINE_BOXED_TYPE (LinliMapTerritory, linli_map_territory,
                     linli_map_territory_ref, linli_map_territory_unref)

static void
grid_free (gpointer data)
{
  LinliMapGrid *g = data;

  g_free (g->id);
  g_free (g->name);
  g_free (g->color);
  g_clear_pointer (&g->outline, g_array_unref);
  g_free (g);
}

static void
building_free (gpointer data)
{
  LinliMapBuilding *b = data;

  g_free (b->id);
  g_free (b->number);
  g_free (b->name);
  g_free (b->grid_id);
  g_free (b);
}

LinliMapTerritory *
linli_map_territory_new (const char *community_id)
{
  LinliMapTerritory *self = g_atomic_rc_box_new0 (LinliMapTerritory);

  self->community_id = g_strdup (community_id);
  self->name = g_strdup ("");
  self->plan_opacity = 0.5;
  self->plan_scale = 1;
  self->grids = g_ptr_array_new_with_free_func (grid_free);
  self->buildings = g_ptr_array_new_with_free_func (building_free);
  self->grid_ids = g_hash_table_new (g_str_hash, g_str_equal);
  self->building_ids = g_hash_table_new (g_str_hash, g_str_equal);
  self->index = linli_map_index_new (40);
  return self;
}

LinliMapTerritory *
linli_map_territory_ref (LinliMapTerritory *self)
{
  return g_atomic_rc_box_acquire (self);
}

static void
territory_clear (gpointer data)
{
  LinliMapTerritory *self = data;

  g_free (self->community_id);
  g_free (self->name);
  g_free (self->plan_image);
  g_hash_table_unref (self->grid_ids);
  g_hash_table_unref (self->building_ids);
  g_ptr_array_unref (self->grids);
  g_ptr_array_unref (self->buildings);
  linli_map_index_free (self->index);
}

void
linli_map_territory_unref (LinliMapTerritory *self)
{
  g_atomic_rc_box_release_full (self, territory_clear);
}

/**
 * linli_map_compare_numbers:
 *
 * Orders building numbers as people read them: "2" before "10", "A3"
 * after "12".
 */
int
linli_map_compare_numbers (const char *a,
                           const char *b)
{
  gboolean da = a && g_ascii_isdigit (*a), db = b && g_ascii_isdigit (*b);

  if (a == NULL || b == NULL)
    return (a == NULL) - (b == NULL);
  if (da && db)
    {
      gint64 na = g_ascii_strtoll (a, NULL, 10), nb = g_ascii_strtoll (b, NULL, 10);

      if (na != nb)
        return na < nb ? -1 : 1;
    }
  else if (da != db)
    return da ? -1 : 1;
  return strcmp (a, b);
}

LinliMapGrid *
linli_map_territory_add_grid (LinliMapTerritory   *self,
                              const char          *id,
                              int                  number,
                              const char          *name,
                              const char          *color,
                              const LinliMapPoint *outline,
                              guint                n_points)
{
  LinliMapGrid *g = g_new0 (LinliMapGrid, 1);

  g->id = g_strdup (id);
  g->number = number;
  g->name = g_strdup (name ? name : "");
  g->color = g_strdup (color);
  g->outline = g_array_new (FALSE, FALSE, sizeof (LinliMapPoint));
  if (outline != NULL && n_points > 0)
    g_array_append_vals (g->outline, outline, n_points);
  g_ptr_array_add (self->grids, g);
  return g;
}

LinliMapBuilding *
linli_map_territory_add_building (LinliMapTerritory       *self,
                                  const char              *id,
                                  const char              *number,
                                  const char              *grid_id,
                                  const LinliMapFootprint *fp,
                                  int                      floors,
                                  int                      n_units)
{
  LinliMapBuilding *b = g_new0 (LinliMapBuilding, 1);

  b->id = g_strdup (id);
  b->number = g_strdup (number ? number : "");
  b->grid_id = g_strdup (grid_id);
  b->grid = -1;
  b->floors = floors;
  b->n_units = n_units;
  if (fp != NULL)
    {
      b->fp = *fp;
      b->located = fp->width > 0 && fp->depth > 0;
    }
  g_ptr_array_add (self->buildings, b);
  return b;
}

static int
compare_grids (gconstpointer a,
               gconstpointer b)
{
  const LinliMapGrid *ga = *(LinliMapGrid **) a, *gb = *(LinliMapGrid **) b;

  if (ga->number != gb->number)
    return ga->number < gb->number ? -1 : 1;
  return strcmp (ga->name, gb->name);
}

static int
compare_buildings (gconstpointer a,
                   gconstpointer b)
{
  const LinliMapBuilding *ba = *(LinliMapBuilding **) a, *bb = *(LinliMapBuilding **) b;
  int c;

  /* Buildings without a grid come last. */
  if (ba->grid != bb->grid)
    return (ba->grid < 0 ? G_MAXINT : ba->grid) < (bb->grid < 0 ? G_MAXINT : bb->grid) ? -1 : 1;
  c = linli_map_compare_numbers (ba->number, bb->number);
  return c ? c : strcmp (ba->id, bb->id);
}

/**
 * linli_map_territory_update:
 *
 * Sorts grids and buildings, links each building to its grid and
 * rebuilds the hit-testing index: call it after changing geometry.
 */
void
linli_map_territory_update (LinliMapTerritory *self)
{
  g_ptr_array_sort (self->grids, compare_grids);
  g_hash_table_remove_all (self->grid_ids);
  for (guint i = 0; i < self->grids->len; i++)
    {
      LinliMapGrid *g = self->grids->pdata[i];

      g_hash_table_insert (self->grid_ids, g->id, GUINT_TO_POINTER (i + 1));
      memset (&g->bounds, 0, sizeof g->bounds);
    }

  for (guint i = 0; i < self->buildings->len; i++)
    {
      LinliMapBuilding *b = self->buildings->pdata[i];

      b->grid = linli_map_territory_find_grid (self, b->grid_id);
    }
  g_ptr_array_sort (self->buildings, compare_buildings);
  g_hash_table_remove_all (self->building_ids);
  linli_map_index_clear (self->index);
  for (guint i = 0; i < self->buildings->len; i++)
    {
      LinliMapBuilding *b = self->buildings->pdata[i];
      LinliMapRect r;

      g_hash_table_insert (self->building_ids, b->id, GUINT_TO_POINTER (i + 1));
      if (!b->located)
        continue;
      r = linli_map_footprint_bounds (&b->fp);
      linli_map_index_insert (self->index, i, &r);
      if (b->grid >= 0)
        {
          LinliMapGrid *g = self->grids->pdata[b->grid];

          if (g->outline->len < 3)
            linli_map_rect_union (&g->bounds, &r);
        }
    }

  for (guint i = 0; i < self->grids->len; i++)
    {
      LinliMapGrid *g = self->grids->pdata[i];

      if (g->outline->len >= 3)
        {
          g->bounds = linli_map_polygon_bounds ((LinliMapPoint *) g->outline->data, g->outline->len);
          g->label_at = linli_map_polygon_centroid ((LinliMapPoint *) g->outline->data, g->outline->len);
        }
      else
        {
          g->label_at.x = g->bounds.x + g->bounds.width / 2;
          g->label_at.y = g->bounds.y;
        }
    }
}

/**
 * linli_map_territory_load:
 *
 * Reads the community's grids and buildings. An outline that is not
 * valid JSON is shown as not drawn (and said in the log), so that one bad
 * value never hides the map.
 *
 * Returns: (transfer full): the territory, or %NULL with @error set
 */
LinliMapTerritory *
linli_map_territory_load (LinliDb     *db,
                          const char  *community_id,
                          GError     **error)
{
  g_autoptr(LinliMapTerritory) self = linli_map_territory_new (community_id);
  g_autoptr(LinliQuery) q = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (LINLI_IS_DB (db), NULL);
  g_return_val_if_fail (community_id != NULL, NULL);

  q = linli_db_query (db, error,
                      "SELECT name, plan_image, plan_opacity, plan_x, plan_y, plan_scale, plan_rotation "
                      "FROM community WHERE id = ?", "s", community_id);
  if (q == NULL)
    return NULL;
  if (linli_query_next (q, &local_error))
    {
      g_free (self->name);
      self->name = linli_query_dup_string (q, 0);
      self->plan_image = linli_query_dup_string (q, 1);
      self->plan_opacity = linli_query_get_double (q, 2);
      self->plan_x = linli_query_get_double (q, 3);
      self->plan_y = linli_query_get_double (q, 4);
      self->plan_scale = linli_query_get_double (q, 5);
      self->plan_rotation = linli_query_get_double (q, 6);
      if (self->plan_scale <= 0)
        self->plan_scale = 1;
    }
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  g_clear_pointer (&q, linli_query_free);

  q = linli_db_query (db, error,
                      "SELECT id, number, name, color, outline FROM grid "
                      "WHERE community_id = ? AND deleted = 0", "s", community_id);
  if (q == NULL)
    return NULL;
  while (linli_query_next (q, &local_error))
    {
      g_autoptr(GArray) outline = NULL;
      g_autoptr(GError) bad = NULL;
      const char *json = linli_query_get_string (q, 4);

      outline = linli_map_outline_parse (json, &bad);
      if (outline == NULL)
        g_message ("Grid %s: the outline is not shown: %s", linli_query_get_string (q, 0), bad->message);
      linli_map_territory_add_grid (self, linli_query_get_string (q, 0),
                                    linli_query_is_null (q, 1) ? G_MAXINT : (int) linli_query_get_int (q, 1),
                                    linli_query_get_string (q, 2), linli_query_get_string (q, 3),
                                    outline ? (LinliMapPoint *) outline->data : NULL,
                                    outline ? outline->len : 0);
    }
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  g_clear_pointer (&q, linli_query_free);

  q = linli_db_query (db, error,
                      "SELECT b.id, b.number, b.name, b.grid_id, "
                      "coalesce(b.floors, (SELECT max(u.floors) FROM unit u WHERE u.building_id = b.id AND u.deleted = 0)), "
                      "b.x, b.y, b.width, b.depth, b.angle, b.placed, "
                      "(SELECT count(*) FROM unit u WHERE u.building_id = b.id AND u.deleted = 0), "
                      "(SELECT max(u.rooms_per_floor) FROM unit u WHERE u.building_id = b.id AND u.deleted = 0) "
                      "FROM building b WHERE b.community_id = ? AND b.deleted = 0", "s", community_id);
  if (q == NULL)
    return NULL;
  while (linli_query_next (q, &local_error))
    {
      LinliMapFootprint fp = { 0 };
      LinliMapBuilding *b;
      gboolean located = !linli_query_is_null (q, 5) && !linli_query_is_null (q, 6);

      if (located)
        {
          fp.x = linli_query_get_double (q, 5);
          fp.y = linli_query_get_double (q, 6);
          fp.width = linli_query_get_double (q, 7);
          fp.depth = linli_query_get_double (q, 8);
          fp.angle = linli_query_get_double (q, 9);
          if (!isfinite (fp.x) || !isfinite (fp.y) || !isfinite (fp.angle))
            located = FALSE;
        }
      b = linli_map_territory_add_building (self, linli_query_get_string (q, 0),
                                            linli_query_get_string (q, 1),
                                            linli_query_get_string (q, 3),
                                            located ? &fp : NULL,
                                            (int) linli_query_get_int (q, 4),
                                            (int) linli_query_get_int (q, 11));
      b->name = linli_query_dup_string (q, 2);
      b->placed = linli_query_get_int (q, 10) != 0;
      b->rooms_per_floor = (int) linli_query_get_int (q, 12);
    }
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  linli_map_territory_update (self);
  return g_steal_pointer (&self);
}

int
linli_map_territory_find_grid (LinliMapTerritory *self,
                               const char        *id)
{
  if (id == NULL)
    return -1;
  return GPOINTER_TO_INT (g_hash_table_lookup (self->grid_ids, id)) - 1;
}

int
linli_map_territory_find_building (LinliMapTerritory *self,
                                   const char        *id)
{
  if (id == NULL)
    return -1;
  return GPOINTER_TO_INT (g_hash_table_lookup (self->building_ids, id)) - 1;
}

LinliMapGrid *
linli_map_territory_get_grid (LinliMapTerritory *self,
                              int                index)
{
  if (index < 0 || (guint) index >= self->grids->len)
    return NULL;
  return self->grids->pdata[index];
}

LinliMapBuilding *
linli_map_territory_get_building (LinliMapTerritory *self,
                                  int                index)
{
  if (index < 0 || (guint) index >= self->buildings->len)
    return NULL;
  return self->buildings->pdata[index];
}

/* Everything drawn: outlines and buildings. */
LinliMapRect
linli_map_territory_get_bounds (LinliMapTerritory *self)
{
  LinliMapRect r = { 0, 0, 0, 0 };

  for (guint i = 0; i < self->grids->len; i++)
    {
      LinliMapGrid *g = self->grids->pdata[i];

      if (g->outline->len >= 3)
        linli_map_rect_union (&r, &g->bounds);
    }
  for (guint i = 0; i < self->buildings->len; i++)
    {
      LinliMapBuilding *b = self->buildings->pdata[i];
      LinliMapRect br;

      if (!b->located)
        continue;
      br = linli_map_footprint_bounds (&b->fp);
      linli_map_rect_union (&r, &br);
    }
  return r;
}

/**
 * linli_map_territory_building_at:
 * @tolerance: metres around a footprint that still count as on it
 *
 * Returns: the index of the building at (@x, @y), the one drawn on top
 *   when several are, or -1
 */
int
linli_map_territory_building_at (LinliMapTerritory *self,
                                 double             x,
                                 double             y,
                                 double             tolerance)
{
  g_autoptr(GArray) items = g_array_new (FALSE, FALSE, sizeof (guint));
  LinliMapRect r = { x - tolerance, y - tolerance, 2 * tolerance + 1e-6, 2 * tolerance + 1e-6 };
  int found = -1;

  linli_map_index_query (self->index, &r, items);
  for (guint k = 0; k < items->len; k++)
    {
      guint i = g_array_index (items, guint, k);
      LinliMapBuilding *b = self->buildings->pdata[i];
      LinliMapFootprint grown = b->fp;

      grown.width += 2 * tolerance;
      grown.depth += 2 * tolerance;
      if (linli_map_footprint_contains (&grown, x, y) && (int) i > found)
        found = (int) i;
    }
  return found;
}

int
linli_map_territory_grid_at (LinliMapTerritory *self,
                             double             x,
                             double             y)
{
  /* Later grids are drawn over earlier ones. */
  for (int i = (int) self->grids->len - 1; i >= 0; i--)
    {
      LinliMapGrid *g = self->grids->pdata[i];

      if (g->outline->len >= 3 &&
          linli_map_polygon_contains ((LinliMapPoint *) g->outline->data, g->outline->len, x, y))
        return i;
    }
  return -1;
}

/**
 * linli_map_territory_buildings_in:
 * @indexes: (element-type guint): receives the buildings whose bounds
 *   meet @rect
 */
void
linli_map_territory_buildings_in (LinliMapTerritory  *self,
                                  const LinliMapRect *rect,
                                  GArray             *indexes)
{
  linli_map_index_query (self->index, rect, indexes);
}

/**
 * linli_map_territory_neighbour:
 * @dx: the direction, e.g. (1, 0) for right
 *
 * Returns: the building nearest to @from in that direction, or -1
 */
int
linli_map_territory_neighbour (LinliMapTerritory *self,
                               int                from,
                               double             dx,
                               double             dy)
{
  LinliMapBuilding *a = linli_map_territory_get_building (self, from);
  double best = G_MAXDOUBLE;
  int found = -1;

  if (a == NULL || !a->located)
    return -1;
  for (guint i = 0; i < self->buildings->len; i++)
    {
      LinliMapBuilding *b = self->buildings->pdata[i];
      double vx, vy, along, across, score;

      if ((int) i == from || !b->located)
        continue;
      vx = b->fp.x - a->fp.x;
      vy = b->fp.y - a->fp.y;
      along = vx * dx + vy * dy;
      across = fabs (vx * dy - vy * dx);
      /* Within a cone of about 63° either side of the direction. */
      if (along <= 0 || across > 2 * along)
        continue;
      score = along + 2.5 * across;
      if (score < best)
        {
          best = score;
          found = (int) i;
        }
    }
  return found;
}
