/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Plan coordinates are metres, x to the right and y downwards (as on the
 * compound's plan image); angles are degrees, clockwise. */

typedef struct
{
  double x, y;
} LinliMapPoint;

typedef struct
{
  double x, y, width, height;
} LinliMapRect;

/* A building's footprint: its centre, size and rotation. */
typedef struct
{
  double x, y, width, depth, angle;
} LinliMapFootprint;

gboolean      linli_map_rect_intersects       (const LinliMapRect      *a,
                                               const LinliMapRect      *b);
gboolean      linli_map_rect_contains         (const LinliMapRect      *r,
                                               double                   x,
                                               double                   y);
void          linli_map_rect_union            (LinliMapRect            *r,
                                               const LinliMapRect      *other);
gboolean      linli_map_rect_is_empty         (const LinliMapRect      *r);

void          linli_map_footprint_corners     (const LinliMapFootprint *f,
                                               LinliMapPoint            corners[4]);
LinliMapRect  linli_map_footprint_bounds      (const LinliMapFootprint *f);
gboolean      linli_map_footprint_contains    (const LinliMapFootprint *f,
                                               double                   x,
                                               double                   y);
void          linli_map_footprint_to_local    (const LinliMapFootprint *f,
                                               double                   x,
                                               double                   y,
                                               double                  *lx,
                                               double                  *ly);
gboolean      linli_map_footprints_overlap    (const LinliMapFootprint *a,
                                               const LinliMapFootprint *b,
                                               double                   margin);

gboolean      linli_map_polygon_contains      (const LinliMapPoint     *points,
                                               guint                    n,
                                               double                   x,
                                               double                   y);
LinliMapRect  linli_map_polygon_bounds        (const LinliMapPoint     *points,
                                               guint                    n);
double        linli_map_polygon_area          (const LinliMapPoint     *points,
                                               guint                    n);
LinliMapPoint linli_map_polygon_centroid      (const LinliMapPoint     *points,
                                               guint                    n);
void          linli_map_polygon_spans         (const LinliMapPoint     *points,
                                               guint                    n,
                                               const LinliMapRect      *clip,
                                               double                   tolerance,
                                               GArray                  *rects);
double        linli_map_segment_distance      (double                   px,
                                               double                   py,
                                               const LinliMapPoint     *a,
                                               const LinliMapPoint     *b);

GArray       *linli_map_outline_parse         (const char              *json,
                                               GError                 **error);
char         *linli_map_outline_to_json       (const LinliMapPoint     *points,
                                               guint                    n);

/* A uniform grid of buckets over rectangles: hit testing and culling of
 * buildings, and the collision test of labels. */
typedef struct _LinliMapIndex LinliMapIndex;

LinliMapIndex *linli_map_index_new            (double                   cell_size);
void           linli_map_index_free           (LinliMapIndex           *index);
void           linli_map_index_clear          (LinliMapIndex           *index);
void           linli_map_index_insert         (LinliMapIndex           *index,
                                               guint                    item,
                                               const LinliMapRect      *rect);
void           linli_map_index_query          (LinliMapIndex           *index,
                                               const LinliMapRect      *rect,
                                               GArray                  *items);
gboolean       linli_map_index_intersects     (LinliMapIndex           *index,
                                               const LinliMapRect      *rect);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LinliMapIndex, linli_map_index_free)

/* Labels without collisions: each label tried is placed when it overlaps
 * no label (or obstacle) placed before it, so the caller tries them in
 * order of importance. */
typedef struct _LinliMapLabeler LinliMapLabeler;

LinliMapLabeler *linli_map_labeler_new        (double                   cell_size);
void             linli_map_labeler_free       (LinliMapLabeler         *labeler);
void             linli_map_labeler_reset      (LinliMapLabeler         *labeler);
void             linli_map_labeler_add_obstacle (LinliMapLabeler       *labeler,
                                               const LinliMapRect      *rect);
gboolean         linli_map_labeler_try        (LinliMapLabeler         *labeler,
                                               const LinliMapRect      *rect);
gboolean         linli_map_labeler_try_around (LinliMapLabeler         *labeler,
                                               double                   cx,
                                               double                   cy,
                                               double                   width,
                                               double                   height,
                                               double                   offset,
                                               LinliMapRect            *placed);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LinliMapLabeler, linli_map_labeler_free)

G_END_DECLS
