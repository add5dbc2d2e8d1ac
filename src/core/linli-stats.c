/* linli-stats.c: counts of every kind of record
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "linli-stats"

#include "config.h"

#include "linli-stats.h"

static const struct {
  const char *name;
  const char *sql;   /* counts rows of one community, or of all when ?1 is NULL */
} counts[] = {
  { "communities", "SELECT count(*) FROM community WHERE deleted = 0 AND (?1 IS NULL OR id = ?1)" },
  { "compounds", "SELECT count(*) FROM compound WHERE deleted = 0 AND (?1 IS NULL OR community_id = ?1)" },
  { "grids", "SELECT count(*) FROM grid WHERE deleted = 0 AND (?1 IS NULL OR community_id = ?1)" },
  { "neighbourhoods", "SELECT count(*) FROM neighbourhood WHERE deleted = 0 AND (?1 IS NULL OR community_id = ?1)" },
  { "buildings", "SELECT count(*) FROM building WHERE deleted = 0 AND (?1 IS NULL OR community_id = ?1)" },
  { "units", "SELECT count(*) FROM unit WHERE deleted = 0 AND (?1 IS NULL OR community_id = ?1)" },
  { "households", "SELECT count(*) FROM household WHERE deleted = 0 AND (?1 IS NULL OR community_id = ?1)" },
  { "residents", "SELECT count(*) FROM person WHERE deleted = 0 AND is_resident = 1 AND (?1 IS NULL OR community_id = ?1)" },
  { "residents_65_plus", "SELECT count(*) FROM person WHERE deleted = 0 AND is_resident = 1 AND birth_date <= date('now', '-65 years') AND (?1 IS NULL OR community_id = ?1)" },
  { "residents_80_plus", "SELECT count(*) FROM person WHERE deleted = 0 AND is_resident = 1 AND birth_date <= date('now', '-80 years') AND (?1 IS NULL OR community_id = ?1)" },
  { "other_people", "SELECT count(*) FROM person WHERE deleted = 0 AND is_resident = 0 AND (?1 IS NULL OR community_id = ?1)" },
  { "organisations", "SELECT count(*) FROM organisation WHERE deleted = 0 AND (?1 IS NULL OR community_id = ?1)" },
  { "tagged_people", "SELECT count(DISTINCT person_id) FROM person_tag WHERE deleted = 0 AND (?1 IS NULL OR community_id = ?1)" },
  { "visits", "SELECT count(*) FROM visit WHERE deleted = 0 AND (?1 IS NULL OR community_id = ?1)" },
  { "teams", "SELECT count(*) FROM team WHERE deleted = 0 AND (?1 IS NULL OR community_id = ?1)" },
  { "squads", "SELECT count(*) FROM team WHERE deleted = 0 AND kind = 'squad119' AND (?1 IS NULL OR community_id = ?1)" },
  { "team_members", "SELECT count(*) FROM team_member WHERE deleted = 0 AND (?1 IS NULL OR community_id = ?1)" },
  { "volunteers", "SELECT count(*) FROM volunteer WHERE deleted = 0 AND (?1 IS NULL OR community_id = ?1)" },
  { "service_items", "SELECT count(*) FROM service_item WHERE deleted = 0 AND (?1 IS NULL OR community_id = ?1)" },
  { "shift_patterns", "SELECT count(*) FROM shift_pattern WHERE deleted = 0 AND (?1 IS NULL OR community_id = ?1)" },
  { "shifts", "SELECT count(*) FROM shift WHERE deleted = 0 AND (?1 IS NULL OR community_id = ?1)" },
  { "assignments", "SELECT count(*) FROM assignment WHERE deleted = 0 AND (?1 IS NULL OR community_id = ?1)" },
  { "venues", "SELECT count(*) FROM venue WHERE deleted = 0 AND (?1 IS NULL OR community_id = ?1)" },
  { "meetings", "SELECT count(*) FROM meeting WHERE deleted = 0 AND (?1 IS NULL OR community_id = ?1)" },
  { "attendances", "SELECT count(*) FROM attendance WHERE deleted = 0 AND (?1 IS NULL OR community_id = ?1)" },
  { "decisions", "SELECT count(*) FROM decision WHERE deleted = 0 AND (?1 IS NULL OR community_id = ?1)" },
  { "projects", "SELECT count(*) FROM project WHERE deleted = 0 AND (?1 IS NULL OR community_id = ?1)" },
  { "project_income_fen", "SELECT coalesce(sum(amount), 0) FROM project_income WHERE deleted = 0 AND (?1 IS NULL OR community_id = ?1)" },
  { "project_spend_fen", "SELECT coalesce(sum(amount), 0) FROM project_spend WHERE deleted = 0 AND (?1 IS NULL OR community_id = ?1)" },
  { "project_reviews", "SELECT count(*) FROM project_review WHERE deleted = 0 AND (?1 IS NULL OR community_id = ?1)" },
  { "pending_changes", "SELECT count(*) FROM journal WHERE (?1 IS NULL OR community_id = ?1)" },
};

/**
 * linli_stats_counts:
 * @community_id: (nullable): one community, or all of the file
 *
 * Returns: (transfer full): a JSON object of counts, and the projects per
 *   stage under "projects_by_stage"
 */
JsonNode *
linli_stats_counts (LinliDb     *db,
                    const char  *community_id,
                    GError     **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(LinliQuery) query = NULL;

  json_builder_begin_object (builder);
  for (guint i = 0; i < G_N_ELEMENTS (counts); i++)
    {
      g_autoptr(GError) local_error = NULL;
      gint64 n = linli_db_query_int (db, &local_error, counts[i].sql, "s", community_id);

      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      json_builder_set_member_name (builder, counts[i].name);
      json_builder_add_int_value (builder, n);
    }

  json_builder_set_member_name (builder, "projects_by_stage");
  json_builder_begin_object (builder);
  query = linli_db_query (db, error,
                          "SELECT stage, count(*) FROM project WHERE deleted = 0 AND (?1 IS NULL OR community_id = ?1) "
                          "GROUP BY stage ORDER BY stage", "s", community_id);
  if (query == NULL)
    return NULL;
  while (linli_query_next (query, NULL))
    {
      json_builder_set_member_name (builder, linli_query_get_string (query, 0));
      json_builder_add_int_value (builder, linli_query_get_int (query, 1));
    }
  json_builder_end_object (builder);

  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}
