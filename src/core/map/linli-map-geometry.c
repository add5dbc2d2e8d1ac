/* linli-map-geometry.c: footprints, outlines, hit testing and labels
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "linli-map"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "linli-db.h"
#include "linli-map-geometry.h"

/* Rectangles ---------------------------------------------------------------- */

gboolean
linli_map_rect_intersects (const LinliMapRect *a,
                           const LinliMapRect *b)
{
  return a->x < b->x + b->width && b->x < a->x + a->width &&
         a->y < b->y + b->height && b->y < a->y + a->height;
}

gboolean
linli_map_rect_contains (const LinliMapRect *r,
                         double              x,
                         double              y)
{
  return x >= r->x && x <= r->x + r->width && y >= r->y && y <= r->y + r->height;
}

gboolean
linli_map_rect_is_empty (const LinliMapRect *r)
{
  return !(r->width > 0) || !(r->height > 0);
}

void
linli_map_rect_union (LinliMapRect       *r,
                      const LinliMapRect *other)
{
  double x1, y1;

  if (linli_map_rect_is_empty (other))
    return;
  if (linli_map_rect_is_empty (r))
    {
      *r = *other;
      return;
    }
  x1 = MAX (r->x + r->width, other->x + other->width);
  y1 = MAX (r->y + r->height, other->y + other->height);
  r->x = MIN (r->x, other->x);
  r->y = MIN (r->y, other->y);
  r->width = x1 - r->x;
  r->height = y1 - r->y;
}

/* Footprints ---------------------------------------------------------------- */

/* Corners clockwise on screen from the top-left of the unrotated block. */
void
linli_map_footprint_corners (const LinliMapFootprint *f,
                             LinliMapPoint            corners[4])
{
  double a = f->angle * G_PI / 180.0;
  double c = cos (a), s = sin (a);
  double hw = f->width / 2, hd = f->depth / 2;
  const double local[4][2] = { { -hw, -hd }, { hw, -hd }, { hw, hd }, { -hw, hd } };

  for (int i = 0; i < 4; i++)
    {
      corners[i].x = f->x + local[i][0] * c - local[i][1] * s;
      corners[i].y = f->y + local[i][0] * s + local[i][1] * c;
    }
}

LinliMapRect
linli_map_footprint_bounds (const LinliMapFootprint *f)
{
  LinliMapPoint p[4];

  linli_map_footprint_corners (f, p);
  return linli_map_polygon_bounds (p, 4);
}

/* Into the footprint's own axes: x along its width, y along its depth,
 * the origin at its centre. */
void
linli_map_footprint_to_local (const LinliMapFootprint *f,
                              double                   x,
                              double                   y,
                              double                  *lx,
                              double                  *ly)
{
  double a = f->angle * G_PI / 180.0;
  double c = cos (a), s = sin (a);
  double dx = x - f->x, dy = y - f->y;

  *lx = dx * c + dy * s;
  *ly = -dx * s + dy * c;
}

gboolean
linli_map_footprint_contains (const LinliMapFootprint *f,
                              double                   x,
                              double                   y)
{
  double lx, ly;

  linli_map_footprint_to_local (f, x, y, &lx, &ly);
  return fabs (lx) <= f->width / 2 && fabs (ly) <= f->depth / 2;
}

static void
project (const LinliMapPoint *p,
         double               ax,
         double               ay,
         double              *lo,
         double              *hi)
{
  *lo = *hi = p[0].x * ax + p[0].y * ay;
  for (int i = 1; i < 4; i++)
    {
      double v = p[i].x * ax + p[i].y * ay;
      *lo = MIN (*lo, v);
      *hi = MAX (*hi, v);
    }
}

/* Separating axes: two rectangles are apart when their shadows on one of
 * the four edge directions do not meet. @margin widens the gap needed. */
gboolean
linli_map_footprints_overlap (const LinliMapFootprint *a,
                              const LinliMapFootprint *b,
                              double                   margin)
{
  LinliMapPoint pa[4], pb[4];
  const LinliMapFootprint *fs[2] = { a, b };

  linli_map_footprint_corners (a, pa);
  linli_map_footprint_corners (b, pb);

  for (int k = 0; k < 2; k++)
    {
      double ang = fs[k]->angle * G_PI / 180.0;
      double axes[2][2] = { { cos (ang), sin (ang) }, { -sin (ang), cos (ang) } };

      for (int j = 0; j < 2; j++)
        {
          double alo, ahi, blo, bhi;

          project (pa, axes[j][0], axes[j][1], &alo, &ahi);
          project (pb, axes[j][0], axes[j][1], &blo, &bhi);
          if (ahi + margin <= blo || bhi + margin <= alo)
            return FALSE;
        }
    }
  return TRUE;
}

/* Polygons ------------------------------------------------------------------ */

gboolean
linli_map_polygon_contains (const LinliMapPoint *points,
                            guint                n,
                            double               x,
                            double               y)
{
  gboolean inside = FALSE;

  for (guint i = 0, j = n - 1; i < n; j = i++)
    {
      const LinliMapPoint *a = &points[i], *b = &points[j];

      if ((a->y > y) != (b->y > y) &&
          x < (b->x - a->x) * (y - a->y) / (b->y - a->y) + a->x)
        inside = !inside;
    }
  return n >= 3 && inside;
}

LinliMapRect
linli_map_polygon_bounds (const LinliMapPoint *points,
                          guint                n)
{
  LinliMapRect r = { 0, 0, 0, 0 };
  double x0, y0, x1, y1;

  if (n == 0)
    return r;
  x0 = x1 = points[0].x;
  y0 = y1 = points[0].y;
  for (guint i = 1; i < n; i++)
    {
      x0 = MIN (x0, points[i].x);
      y0 = MIN (y0, points[i].y);
      x1 = MAX (x1, points[i].x);
      y1 = MAX (y1, points[i].y);
    }
  r.x = x0;
  r.y = y0;
  r.width = x1 - x0;
  r.height = y1 - y0;
  return r;
}

double
linli_map_polygon_area (const LinliMapPoint *points,
                        guint                n)
{
  double a = 0;

  for (guint i = 0, j = n - 1; i < n; j = i++)
    a += points[j].x * points[i].y - points[i].x * points[j].y;
  return fabs (a) / 2;
}

LinliMapPoint
linli_map_polygon_centroid (const LinliMapPoint *points,
                            guint                n)
{
  LinliMapPoint c = { 0, 0 };
  double a = 0;

  if (n == 0)
    return c;
  for (guint i = 0, j = n - 1; i < n; j = i++)
    {
      double cross = points[j].x * points[i].y - points[i].x * points[j].y;

      a += cross;
      c.x += (points[j].x + points[i].x) * cross;
      c.y += (points[j].y + points[i].y) * cross;
    }
  if (fabs (a) < 1e-9)
    {
      /* Degenerate: the mean of the points. */
      c.x = c.y = 0;
      for (guint i = 0; i < n; i++)
        {
          c.x += points[i].x / n;
          c.y += points[i].y / n;
        }
      return c;
    }
  c.x /= 3 * a;
  c.y /= 3 * a;
  return c;
}

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

/**
 * linli_map_polygon_spans:
 * @points: a polygon, in pixels
 * @clip: what is visible: spans outside are left out
 * @tolerance: how far (pixels) an edge may move within one rectangle
 * @rects: (element-type LinliMapRect): receives rectangles that together
 *   cover the polygon (even-odd rule)
 *
 * Cuts a polygon into horizontal rectangles, so that it can be drawn with
 * plain rectangles: rows of whole pixels, between the polygon's corners,
 * cut further where an edge slants, each row as wide as the polygon at
 * its middle. Rectangles are the cheapest thing a renderer draws.
 */
void
linli_map_polygon_spans (const LinliMapPoint *points,
                         guint                n,
                         const LinliMapRect  *clip,
                         double               tolerance,
                         GArray              *rects)
{
  g_autofree double *ys = NULL;
  double xs[64];
  guint n_ys = 0;
  double cy0 = floor (clip->y), cy1 = ceil (clip->y + clip->height);

  if (n < 3)
    return;
  ys = g_new (double, n);
  /* Bands between the corners; a corner off screen still ends its band,
   * or a nearly flat edge there would make every row of the next one
   * thin. */
  for (guint i = 0; i < n; i++)
    ys[n_ys++] = round (points[i].y);
  qsort (ys, n_ys, sizeof (double), compare_doubles);

  for (guint b = 0; b + 1 < n_ys; b++)
    {
      double ya = MAX (ys[b], cy0), yb = MIN (ys[b + 1], cy1), slope = 0, step;

      if (yb <= ya)
        continue;
      /* The steepest slant of the edges crossing this band sets the
       * height of its rows. */
      for (guint i = 0; i < n; i++)
        {
          const LinliMapPoint *p = &points[i], *q = &points[(i + 1) % n];

          /* Compared as the bands were cut: rounded. */
          if (MIN (round (p->y), round (q->y)) < ys[b + 1] && MAX (round (p->y), round (q->y)) > ys[b] && p->y != q->y)
            slope = MAX (slope, fabs ((q->x - p->x) / (q->y - p->y)));
        }
      step = slope > 0 ? MAX (1, floor (tolerance / slope)) : yb - ya;

      for (double y = ya; y < yb; y += step)
        {
          double y2 = MIN (y + step, yb), ym = (y + y2) / 2;
          guint nx = 0;

          for (guint i = 0; i < n && nx < G_N_ELEMENTS (xs); i++)
            {
              const LinliMapPoint *p = &points[i], *q = &points[(i + 1) % n];

              if ((p->y <= ym && q->y > ym) || (q->y <= ym && p->y > ym))
                xs[nx++] = p->x + (ym - p->y) * (q->x - p->x) / (q->y - p->y);
            }
          qsort (xs, nx, sizeof (double), compare_doubles);
          for (guint k = 0; k + 1 < nx; k += 2)
            {
              double x0 = MAX (xs[k], clip->x), x1 = MIN (xs[k + 1], clip->x + clip->width);
              LinliMapRect r = { x0, y, x1 - x0, y2 - y };

              if (r.width > 0)
                g_array_append_val (rects, r);
            }
        }
    }
}

double
linli_map_segment_distance (double               px,
                            double               py,
                            const LinliMapPoint *a,
                            const LinliMapPoint *b)
{
  double dx = b->x - a->x, dy = b->y - a->y;
  double len2 = dx * dx + dy * dy;
  double t = len2 > 0 ? ((px - a->x) * dx + (py - a->y) * dy) / len2 : 0;

  t = CLAMP (t, 0, 1);
  return hypot (px - (a->x + t * dx), py - (a->y + t * dy));
}

/**
 * linli_map_outline_parse:
 * @json: a grid outline as stored: `[[x,y],...]` in metres
 *
 * Returns: (transfer full) (element-type LinliMapPoint): the points, or
 *   %NULL with @error set when @json is not an outline
 */
GArray *
linli_map_outline_parse (const char  *json,
                         GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GArray) points = g_array_new (FALSE, FALSE, sizeof (LinliMapPoint));
  JsonNode *root;
  JsonArray *array;

  if (json == NULL || *json == '\0')
    return g_steal_pointer (&points);

  if (!json_parser_load_from_data (parser, json, -1, error))
    return NULL;
  root = json_parser_get_root (parser);
  if (!JSON_NODE_HOLDS_ARRAY (root))
    {
      g_set_error (error, LINLI_DB_ERROR, LINLI_DB_ERROR_INVALID,
                   _("A grid outline must be a list of [x, y] points: %s"), json);
      return NULL;
    }
  array = json_node_get_array (root);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      JsonArray *pair;
      LinliMapPoint p;

      if (!JSON_NODE_HOLDS_ARRAY (node) ||
          json_array_get_length (pair = json_node_get_array (node)) != 2 ||
          json_node_get_value_type (json_array_get_element (pair, 0)) == G_TYPE_STRING ||
          json_node_get_value_type (json_array_get_element (pair, 1)) == G_TYPE_STRING)
        {
          g_set_error (error, LINLI_DB_ERROR, LINLI_DB_ERROR_INVALID,
                       _("Point %u of a grid outline is not [x, y]: %s"), i + 1, json);
          return NULL;
        }
      p.x = json_array_get_double_element (pair, 0);
      p.y = json_array_get_double_element (pair, 1);
      g_array_append_val (points, p);
    }
  return g_steal_pointer (&points);
}

char *
linli_map_outline_to_json (const LinliMapPoint *points,
                           guint                n)
{
  GString *s = g_string_new ("[");

  for (guint i = 0; i < n; i++)
    {
      char x[G_ASCII_DTOSTR_BUF_SIZE], y[G_ASCII_DTOSTR_BUF_SIZE];

      /* Centimetres are plenty, and keep the journal short. */
      g_ascii_formatd (x, sizeof x, "%.2f", points[i].x);
      g_ascii_formatd (y, sizeof y, "%.2f", points[i].y);
      g_string_append_printf (s, "%s[%s,%s]", i ? "," : "", x, y);
    }
  g_string_append_c (s, ']');
  return g_string_free (s, FALSE);
}

/* The bucket index ------------------------------------------------------------ */

struct _LinliMapIndex
{
  double      cell;
  GHashTable *buckets;   /* cell key -> GArray of guint */
  GArray     *rects;     /* LinliMapRect by item */
  GArray     *stamps;    /* guint by item: the last query that saw it */
  guint       stamp;
};

LinliMapIndex *
linli_map_index_new (double cell_size)
{
  LinliMapIndex *index = g_new0 (LinliMapIndex, 1);

  index->cell = cell_size > 0 ? cell_size : 32;
  index->buckets = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                          (GDestroyNotify) g_array_unref);
  index->rects = g_array_new (FALSE, TRUE, sizeof (LinliMapRect));
  index->stamps = g_array_new (FALSE, TRUE, sizeof (guint));
  return index;
}

void
linli_map_index_free (LinliMapIndex *index)
{
  if (index == NULL)
    return;
  g_hash_table_unref (index->buckets);
  g_array_unref (index->rects);
  g_array_unref (index->stamps);
  g_free (index);
}

void
linli_map_index_clear (LinliMapIndex *index)
{
  g_hash_table_remove_all (index->buckets);
  g_array_set_size (index->rects, 0);
  g_array_set_size (index->stamps, 0);
  index->stamp = 0;
}

static inline gint64
cell_key (gint64 cx,
          gint64 cy)
{
  return (gint64) (((guint64) cx << 32) ^ ((guint64) cy & 0xffffffff));
}

static void
cell_range (LinliMapIndex      *index,
            const LinliMapRect *r,
            gint64             *cx0,
            gint64             *cy0,
            gint64             *cx1,
            gint64             *cy1)
{
  *cx0 = (gint64) floor (r->x / index->cell);
  *cy0 = (gint64) floor (r->y / index->cell);
  *cx1 = (gint64) floor ((r->x + r->width) / index->cell);
  *cy1 = (gint64) floor ((r->y + r->height) / index->cell);
}

void
linli_map_index_insert (LinliMapIndex      *index,
                        guint               item,
                        const LinliMapRect *rect)
{
  gint64 cx0, cy0, cx1, cy1;

  if (item >= index->rects->len)
    {
      g_array_set_size (index->rects, item + 1);
      g_array_set_size (index->stamps, item + 1);
    }
  g_array_index (index->rects, LinliMapRect, item) = *rect;

  cell_range (index, rect, &cx0, &cy0, &cx1, &cy1);
  /* A huge rectangle (a label of a tiny zoom) would fill the table. */
  if ((cx1 - cx0 + 1) * (cy1 - cy0 + 1) > 4096)
    {
      cx1 = cx0 + 63;
      cy1 = cy0 + 63;
    }
  for (gint64 cx = cx0; cx <= cx1; cx++)
    for (gint64 cy = cy0; cy <= cy1; cy++)
      {
        gint64 key = cell_key (cx, cy);
        GArray *bucket = g_hash_table_lookup (index->buckets, &key);

        if (bucket == NULL)
          {
            bucket = g_array_new (FALSE, FALSE, sizeof (guint));
            g_hash_table_insert (index->buckets, g_memdup2 (&key, sizeof key), bucket);
          }
        g_array_append_val (bucket, item);
      }
}

static void
index_visit (LinliMapIndex      *index,
             const LinliMapRect *rect,
             GArray             *items,
             gboolean           *any)
{
  gint64 cx0, cy0, cx1, cy1;

  index->stamp++;
  if (index->stamp == 0)
    {
      memset (index->stamps->data, 0, index->stamps->len * sizeof (guint));
      index->stamp = 1;
    }
  cell_range (index, rect, &cx0, &cy0, &cx1, &cy1);
  if ((cx1 - cx0 + 1) * (cy1 - cy0 + 1) > (gint64) g_hash_table_size (index->buckets) * 4)
    {
      /* Larger than the whole index: look at every item instead. */
      for (guint i = 0; i < index->rects->len; i++)
        if (linli_map_rect_intersects (&g_array_index (index->rects, LinliMapRect, i), rect))
          {
            if (any)
              {
                *any = TRUE;
                return;
              }
            g_array_append_val (items, i);
          }
      return;
    }
  for (gint64 cx = cx0; cx <= cx1; cx++)
    for (gint64 cy = cy0; cy <= cy1; cy++)
      {
        gint64 key = cell_key (cx, cy);
        GArray *bucket = g_hash_table_lookup (index->buckets, &key);

        if (bucket == NULL)
          continue;
        for (guint k = 0; k < bucket->len; k++)
          {
            guint item = g_array_index (bucket, guint, k);
            guint *seen = &g_array_index (index->stamps, guint, item);

            if (*seen == index->stamp)
              continue;
            *seen = index->stamp;
            if (!linli_map_rect_intersects (&g_array_index (index->rects, LinliMapRect, item), rect))
              continue;
            if (any)
              {
                *any = TRUE;
                return;
              }
            g_array_append_val (items, item);
          }
      }
}

/**
 * linli_map_index_query:
 * @items: (element-type guint): receives the items whose rectangles meet
 *   @rect, each once
 */
void
linli_map_index_query (LinliMapIndex      *index,
                       const LinliMapRect *rect,
                       GArray             *items)
{
  index_visit (index, rect, items, NULL);
}

gboolean
linli_map_index_intersects (LinliMapIndex      *index,
                            const LinliMapRect *rect)
{
  gboolean any = FALSE;

  index_visit (index, rect, NULL, &any);
  return any;
}

/* Labels ---------------------------------------------------------------------- */

struct _LinliMapLabeler
{
  LinliMapIndex *index;
  guint          n;
};

LinliMapLabeler *
linli_map_labeler_new (double cell_size)
{
  LinliMapLabeler *l = g_new0 (LinliMapLabeler, 1);

  l->index = linli_map_index_new (cell_size);
  return l;
}

void
linli_map_labeler_free (LinliMapLabeler *labeler)
{
  if (labeler == NULL)
    return;
  linli_map_index_free (labeler->index);
  g_free (labeler);
}

void
linli_map_labeler_reset (LinliMapLabeler *labeler)
{
  linli_map_index_clear (labeler->index);
  labeler->n = 0;
}

void
linli_map_labeler_add_obstacle (LinliMapLabeler    *labeler,
                                const LinliMapRect *rect)
{
  linli_map_index_insert (labeler->index, labeler->n++, rect);
}

gboolean
linli_map_labeler_try (LinliMapLabeler    *labeler,
                       const LinliMapRect *rect)
{
  if (linli_map_index_intersects (labeler->index, rect))
    return FALSE;
  linli_map_index_insert (labeler->index, labeler->n++, rect);
  return TRUE;
}

/**
 * linli_map_labeler_try_around:
 * @placed: (out): where the label went
 *
 * Tries a label centred on (@cx, @cy), then above, below, right and left
 * of that point, @offset away from it.
 */
gboolean
linli_map_labeler_try_around (LinliMapLabeler *labeler,
                              double           cx,
                              double           cy,
                              double           width,
                              double           height,
                              double           offset,
                              LinliMapRect    *placed)
{
  /* Centred, then beside the point: above, below, right, left. */
  const LinliMapRect candidates[5] = {
    { cx - width / 2, cy - height / 2, width, height },
    { cx - width / 2, cy - offset - height, width, height },
    { cx - width / 2, cy + offset, width, height },
    { cx + offset, cy - height / 2, width, height },
    { cx - offset - width, cy - height / 2, width, height },
  };

  for (int i = 0; i < (offset > 0 ? 5 : 1); i++)
    if (linli_map_labeler_try (labeler, &candidates[i]))
      {
        if (placed)
          *placed = candidates[i];
        return TRUE;
      }
  return FALSE;
}
