/* linli-map-stats.c: what the layers colour by, counted per building
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "linli-map"

#include "config.h"

#include <string.h>

#include "linli-map-stats.h"
#include "linli-vocab.h"

struct _LinliMapStats
{
  char           *today;
  GHashTable     *buildings;   /* id -> LinliMapCounts* */
  GHashTable     *grids;       /* id -> LinliMapCounts* */
  LinliMapCounts  total;
  int             max_residents;
};

G_DEFINE_BOXED_TYPE (LinliMapStats, linli_map_stats, linli_map_stats_ref, linli_map_stats_unref)

LinliMapStats *
linli_map_stats_ref (LinliMapStats *self)
{
  return g_atomic_rc_box_acquire (self);
}

static void
stats_clear (gpointer data)
{
  LinliMapStats *self = data;

  g_free (self->today);
  g_hash_table_unref (self->buildings);
  g_hash_table_unref (self->grids);
}

void
linli_map_stats_unref (LinliMapStats *self)
{
  g_atomic_rc_box_release_full (self, stats_clear);
}

/**
 * linli_map_today:
 *
 * Returns: (transfer full): today's date, YYYY-MM-DD, local time
 */
char *
linli_map_today (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  return g_date_time_format (now, "%Y-%m-%d");
}

/**
 * linli_map_date_minus:
 * @date: YYYY-MM-DD
 *
 * Returns: (transfer full): the day @days before @date, YYYY-MM-DD
 */
char *
linli_map_date_minus (const char *date,
                      int         days)
{
  GDate d;

  g_date_clear (&d, 1);
  g_date_set_parse (&d, date);
  if (!g_date_valid (&d))
    return g_strdup (date);
  if (days >= 0)
    g_date_subtract_days (&d, (guint) days);
  else
    g_date_add_days (&d, (guint) -days);
  return g_strdup_printf ("%04d-%02d-%02d", g_date_get_year (&d), g_date_get_month (&d), g_date_get_day (&d));
}

static char *
years_before (const char *date,
              int         years)
{
  GDate d;

  g_date_clear (&d, 1);
  g_date_set_parse (&d, date);
  if (!g_date_valid (&d))
    return g_strdup ("0000-00-00");
  g_date_subtract_years (&d, (guint) years);
  return g_strdup_printf ("%04d-%02d-%02d", g_date_get_year (&d), g_date_get_month (&d), g_date_get_day (&d));
}

static LinliMapCounts *
counts_for (LinliMapStats *self,
            const char    *building_id)
{
  LinliMapCounts *c = g_hash_table_lookup (self->buildings, building_id);

  if (c == NULL)
    {
      c = g_new0 (LinliMapCounts, 1);
      g_hash_table_insert (self->buildings, g_strdup (building_id), c);
    }
  return c;
}

static void
counts_add (LinliMapCounts       *to,
            const LinliMapCounts *c)
{
  to->households += c->households;
  to->occupied += c->occupied;
  to->residents += c->residents;
  to->care_residents += c->care_residents;
  to->care_households += c->care_households;
  to->not_visited_7 += c->not_visited_7;
  to->not_visited_30 += c->not_visited_30;
  to->follow_ups_open += c->follow_ups_open;
  to->follow_ups_overdue += c->follow_ups_overdue;
  /* An area's squads: incomplete when any of them is. */
  if (c->squad == LINLI_SQUAD_INCOMPLETE || (c->squad == LINLI_SQUAD_NONE && c->households > 0))
    to->squad = LINLI_SQUAD_INCOMPLETE;
  else if (to->squad == LINLI_SQUAD_NONE && c->squad == LINLI_SQUAD_COMPLETE)
    to->squad = LINLI_SQUAD_COMPLETE;
}

/**
 * linli_map_stats_load:
 * @today: YYYY-MM-DD: the day that "not visited in 7 days" and "80+"
 *   count from
 *
 * Counts, for every building of the community, its households and
 * residents, those of special care, those not visited lately, the open
 * follow-ups and its 119 squad; and the sums per grid and in all.
 *
 * Returns: (transfer full): the counts, or %NULL with @error set
 */
LinliMapStats *
linli_map_stats_load (LinliDb     *db,
                      const char  *community_id,
                      const char  *today,
                      GError     **error)
{
  g_autoptr(LinliMapStats) self = g_atomic_rc_box_new0 (LinliMapStats);
  g_autoptr(LinliQuery) q = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *cut7 = linli_map_date_minus (today, 7);
  g_autofree char *cut30 = linli_map_date_minus (today, 30);
  g_autofree char *born80 = years_before (today, LINLI_AGE_OLD);
  g_autofree char *today_end = g_strconcat (today, "T99", NULL);
  GHashTableIter iter;
  gpointer key, value;

  g_return_val_if_fail (LINLI_IS_DB (db), NULL);
  g_return_val_if_fail (today != NULL, NULL);

  self->today = g_strdup (today);
  self->buildings = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->grids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  /* Households, and the last visit of each. */
  q = linli_db_query (db, error,
                      "SELECT u.building_id, count(*), sum(h.vacant = 0), "
                      "sum(h.vacant = 0 AND (h.last IS NULL OR substr(h.last, 1, 10) <= ?)), "
                      "sum(h.vacant = 0 AND (h.last IS NULL OR substr(h.last, 1, 10) <= ?)) "
                      "FROM (SELECT hh.unit_id, instr(',' || hh.flags || ',', ',vacant,') > 0 AS vacant, "
                      "        (SELECT max(v.visited_at) FROM visit v WHERE v.household_id = hh.id "
                      "         AND v.deleted = 0 AND v.visited_at <= ?) AS last "
                      "      FROM household hh WHERE hh.community_id = ? AND hh.deleted = 0) h "
                      "JOIN unit u ON u.id = h.unit_id AND u.deleted = 0 "
                      "GROUP BY u.building_id",
                      "ssss", cut7, cut30, today_end, community_id);
  if (q == NULL)
    return NULL;
  while (linli_query_next (q, &local_error))
    {
      LinliMapCounts *c = counts_for (self, linli_query_get_string (q, 0));

      c->households = (int) linli_query_get_int (q, 1);
      c->occupied = (int) linli_query_get_int (q, 2);
      c->not_visited_7 = (int) linli_query_get_int (q, 3);
      c->not_visited_30 = (int) linli_query_get_int (q, 4);
    }
  if (local_error)
    goto failed;
  g_clear_pointer (&q, linli_query_free);

  /* Residents, and those of special care: a care tag or 80 and over. */
  q = linli_db_query (db, error,
                      "SELECT building_id, sum(n), sum(care), sum(care > 0) FROM ("
                      " SELECT u.building_id, count(*) AS n, sum("
                      "   (p.birth_date IS NOT NULL AND p.birth_date <> '' AND p.birth_date <= ?) OR EXISTS ("
                      "     SELECT 1 FROM person_tag pt JOIN tag t ON t.id = pt.tag_id "
                      "     WHERE pt.person_id = p.id AND pt.deleted = 0 AND t.deleted = 0 AND t.care = 1)) AS care "
                      " FROM person p JOIN household h ON h.id = p.household_id AND h.deleted = 0 "
                      " JOIN unit u ON u.id = h.unit_id AND u.deleted = 0 "
                      " WHERE p.community_id = ? AND p.deleted = 0 AND p.is_resident = 1 "
                      " GROUP BY h.id) GROUP BY building_id",
                      "ss", born80, community_id);
  if (q == NULL)
    return NULL;
  while (linli_query_next (q, &local_error))
    {
      LinliMapCounts *c = counts_for (self, linli_query_get_string (q, 0));

      c->residents = (int) linli_query_get_int (q, 1);
      c->care_residents = (int) linli_query_get_int (q, 2);
      c->care_households = (int) linli_query_get_int (q, 3);
      self->max_residents = MAX (self->max_residents, c->residents);
    }
  if (local_error)
    goto failed;
  g_clear_pointer (&q, linli_query_free);

  /* Follow-ups promised at the door and not done yet. */
  q = linli_db_query (db, error,
                      "SELECT u.building_id, count(*), sum(v.follow_up_due IS NOT NULL AND v.follow_up_due < ?) "
                      "FROM visit v JOIN household h ON h.id = v.household_id AND h.deleted = 0 "
                      "JOIN unit u ON u.id = h.unit_id AND u.deleted = 0 "
                      "WHERE v.community_id = ? AND v.deleted = 0 AND v.follow_up_done = 0 "
                      "AND ((v.follow_up IS NOT NULL AND v.follow_up <> '') OR v.follow_up_due IS NOT NULL) "
                      "GROUP BY u.building_id",
                      "ss", today, community_id);
  if (q == NULL)
    return NULL;
  while (linli_query_next (q, &local_error))
    {
      LinliMapCounts *c = counts_for (self, linli_query_get_string (q, 0));

      c->follow_ups_open = (int) linli_query_get_int (q, 1);
      c->follow_ups_overdue = (int) linli_query_get_int (q, 2);
    }
  if (local_error)
    goto failed;
  g_clear_pointer (&q, linli_query_free);

  /* 119 squads: a party-member backbone, a sunk cadre and residents of
   * the building itself, counting those who have not left. */
  q = linli_db_query (db, error,
                      "SELECT t.scope_id, "
                      "coalesce(sum(p.id IS NOT NULL AND m.role = 'party_backbone'), 0), "
                      "coalesce(sum(p.id IS NOT NULL AND m.role = 'sunk_cadre'), 0), "
                      "coalesce(sum(p.id IS NOT NULL AND m.role NOT IN ('party_backbone', 'sunk_cadre') AND u.building_id = t.scope_id), 0) "
                      "FROM team t "
                      "LEFT JOIN team_member m ON m.team_id = t.id AND m.deleted = 0 AND (m.left_on IS NULL OR m.left_on > ?) "
                      "LEFT JOIN person p ON p.id = m.person_id AND p.deleted = 0 "
                      "LEFT JOIN household h ON h.id = p.household_id AND h.deleted = 0 "
                      "LEFT JOIN unit u ON u.id = h.unit_id AND u.deleted = 0 "
                      "WHERE t.community_id = ? AND t.deleted = 0 AND t.kind = 'squad119' AND t.scope = 'building' "
                      "AND t.scope_id IS NOT NULL GROUP BY t.id",
                      "ss", today, community_id);
  if (q == NULL)
    return NULL;
  while (linli_query_next (q, &local_error))
    {
      LinliMapCounts *c = counts_for (self, linli_query_get_string (q, 0));
      int party = (int) linli_query_get_int (q, 1);
      int cadre = (int) linli_query_get_int (q, 2);
      int residents = (int) linli_query_get_int (q, 3);
      gboolean complete = party >= LINLI_SQUAD_PARTY && cadre >= LINLI_SQUAD_CADRE &&
                          residents >= LINLI_SQUAD_RESIDENTS;

      /* A building with two squads counts the fuller one. */
      if (c->squad == LINLI_SQUAD_COMPLETE && !complete)
        continue;
      if (c->squad == LINLI_SQUAD_NONE || complete ||
          party + cadre + residents > c->squad_party + c->squad_cadre + c->squad_residents)
        {
          c->squad = complete ? LINLI_SQUAD_COMPLETE : LINLI_SQUAD_INCOMPLETE;
          c->squad_party = party;
          c->squad_cadre = cadre;
          c->squad_residents = residents;
        }
    }
  if (local_error)
    goto failed;
  g_clear_pointer (&q, linli_query_free);

  /* Sums per grid, and in all. */
  q = linli_db_query (db, error,
                      "SELECT id, grid_id FROM building WHERE community_id = ? AND deleted = 0",
                      "s", community_id);
  if (q == NULL)
    return NULL;
  while (linli_query_next (q, &local_error))
    {
      LinliMapCounts *c = counts_for (self, linli_query_get_string (q, 0));
      const char *grid = linli_query_get_string (q, 1);

      if (grid != NULL)
        {
          LinliMapCounts *g = g_hash_table_lookup (self->grids, grid);

          if (g == NULL)
            {
              g = g_new0 (LinliMapCounts, 1);
              g_hash_table_insert (self->grids, g_strdup (grid), g);
            }
          counts_add (g, c);
        }
    }
  if (local_error)
    goto failed;

  g_hash_table_iter_init (&iter, self->buildings);
  while (g_hash_table_iter_next (&iter, &key, &value))
    counts_add (&self->total, value);

  return g_steal_pointer (&self);

failed:
  g_propagate_error (error, g_steal_pointer (&local_error));
  return NULL;
}

const char *
linli_map_stats_get_today (LinliMapStats *self)
{
  return self->today;
}

/**
 * linli_map_stats_get_building:
 *
 * Returns: (transfer none): the building's counts; zeros when it has no
 *   households
 */
const LinliMapCounts *
linli_map_stats_get_building (LinliMapStats *self,
                              const char    *building_id)
{
  static const LinliMapCounts zero = { 0 };
  const LinliMapCounts *c = building_id ? g_hash_table_lookup (self->buildings, building_id) : NULL;

  return c ? c : &zero;
}

const LinliMapCounts *
linli_map_stats_get_grid (LinliMapStats *self,
                          const char    *grid_id)
{
  static const LinliMapCounts zero = { 0 };
  const LinliMapCounts *c = grid_id ? g_hash_table_lookup (self->grids, grid_id) : NULL;

  return c ? c : &zero;
}

const LinliMapCounts *
linli_map_stats_get_total (LinliMapStats *self)
{
  return &self->total;
}

int
linli_map_stats_get_max_residents (LinliMapStats *self)
{
  return self->max_residents;
}

int
linli_map_counts_not_visited (const LinliMapCounts *counts,
                              int                   days)
{
  return days <= 7 ? counts->not_visited_7 : counts->not_visited_30;
}
