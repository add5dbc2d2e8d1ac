/* linli-team.c: teams, their members and the rules of their kind
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A building's 119 squad is complete with its party-member backbone, a
 * cadre sent down from a work unit and nine residents of that building;
 * a door-knocking group needs the community police and the property's
 * building manager; a team with service items needs someone able to do
 * each. The rules are a table, so that a new kind is one more row.
 */

#define G_LOG_DOMAIN "linli-roster"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "linli-roster-time.h"
#include "linli-team.h"
#include "linli-vocab.h"
#include "linli-volunteer.h"

typedef struct
{
  const char *kind;
  const char *role;
  guint       need;
  gboolean    own_building;   /* members must live in the team's building */
} Rule;

static const Rule rules[] = {
  { LINLI_TEAM_SQUAD119, "party_backbone", 1, FALSE },
  { LINLI_TEAM_SQUAD119, "sunk_cadre", 1, FALSE },
  { LINLI_TEAM_SQUAD119, "building_resident", 9, TRUE },
  { LINLI_TEAM_DOOR_KNOCKING, "police", 1, FALSE },
  { LINLI_TEAM_DOOR_KNOCKING, "property_staff", 1, FALSE },
};

const char *
linli_team_scope_label (const char *scope)
{
  if (g_strcmp0 (scope, "grid") == 0)
    return _("Grid");
  if (g_strcmp0 (scope, "building") == 0)
    return _("Building");
  return _("Community");
}

void
linli_team_status_free (LinliTeamStatus *status)
{
  if (status == NULL)
    return;
  g_free (status->team_id);
  g_free (status->name);
  g_free (status->kind);
  g_free (status->scope);
  g_free (status->scope_id);
  g_free (status->scope_name);
  g_ptr_array_unref (status->lacks);
  g_free (status);
}

static void
lack_free (gpointer data)
{
  LinliTeamLack *lack = data;

  g_free (lack->role);
  g_free (lack->text);
  g_free (lack);
}

void
linli_team_suggestion_free (LinliTeamSuggestion *suggestion)
{
  if (suggestion == NULL)
    return;
  g_free (suggestion->person_id);
  g_free (suggestion->name);
  g_free (suggestion->detail);
  g_free (suggestion->role);
  g_free (suggestion);
}


/**
 * linli_team_create:
 * @community_id: the community the team belongs to
 * @kind: a team kind of linli-vocab.h
 * @scope: "community", "grid" or "building"
 * @scope_id: (nullable): the grid's or building's id
 *
 * Returns: (transfer full): the new team's id
 */
char *
linli_team_create (LinliDb     *db,
                   const char  *community_id,
                   const char  *kind,
                   const char  *name,
                   const char  *scope,
                   const char  *scope_id,
                   GError     **error)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (name ? name : ""));

  g_return_val_if_fail (LINLI_IS_DB (db), NULL);
  g_return_val_if_fail (community_id != NULL, NULL);

  if (*trimmed == '\0')
    {
      g_set_error (error, LINLI_DB_ERROR, LINLI_DB_ERROR_INVALID, _("The team needs a name"));
      return NULL;
    }
  if (kind == NULL || linli_vocab_lookup (LINLI_VOCAB_TEAM_KIND, kind) == NULL)
    {
      g_set_error (error, LINLI_DB_ERROR, LINLI_DB_ERROR_INVALID,
                   _("“%s” is not a kind of team"), kind ? kind : "");
      return NULL;
    }
  if (scope == NULL)
    scope = "community";
  if (!g_str_equal (scope, "community") && !g_str_equal (scope, "grid") && !g_str_equal (scope, "building"))
    {
      g_set_error (error, LINLI_DB_ERROR, LINLI_DB_ERROR_INVALID,
                   _("“%s” is not a scope: community, grid or building"), scope);
      return NULL;
    }
  if (!g_str_equal (scope, "community") && (scope_id == NULL || *scope_id == '\0'))
    {
      g_set_error (error, LINLI_DB_ERROR, LINLI_DB_ERROR_INVALID,
                   _("A team of a grid or a building needs to know which one"));
      return NULL;
    }

  return linli_db_insert (db, error, "team", "community_id,kind,name,scope,scope_id", "sssss",
                          community_id, kind, trimmed, scope,
                          g_str_equal (scope, "community") ? NULL : scope_id);
}

char *
linli_team_find (LinliDb     *db,
                 const char  *name,
                 GError     **error)
{
  GError *local_error = NULL;
  char *id = linli_db_query_string (db, &local_error,
                                    "SELECT id FROM team WHERE name = ? AND deleted = 0 ORDER BY _hlc LIMIT 1",
                                    "s", name);

  if (id == NULL && local_error == NULL)
    g_set_error (&local_error, LINLI_DB_ERROR, LINLI_DB_ERROR_NOT_FOUND,
                 _("No team is called “%s”"), name);
  if (local_error != NULL)
    g_propagate_error (error, local_error);
  return id;
}

/**
 * linli_team_add_member:
 * @role: a team role of linli-vocab.h
 *
 * Adds a person to a team, or changes their role when they are in it
 * already, and makes them a volunteer. One transaction.
 *
 * Returns: (transfer full): the team_member id
 */
char *
linli_team_add_member (LinliDb     *db,
                       const char  *team_id,
                       const char  *person_id,
                       const char  *role,
                       GError     **error)
{
  g_autofree char *community_id = NULL;
  g_autofree char *existing = NULL;
  g_autofree char *volunteer_id = NULL;
  g_autofree char *today = linli_roster_format_date (linli_roster_today ());
  GError *local_error = NULL;
  char *id = NULL;

  g_return_val_if_fail (LINLI_IS_DB (db), NULL);

  if (role == NULL)
    role = "member";
  if (linli_vocab_lookup (LINLI_VOCAB_TEAM_ROLE, role) == NULL)
    {
      g_set_error (error, LINLI_DB_ERROR, LINLI_DB_ERROR_INVALID, _("“%s” is not a role in a team"), role);
      return NULL;
    }
  community_id = linli_db_query_string (db, &local_error,
                                        "SELECT community_id FROM team WHERE id = ? AND deleted = 0",
                                        "s", team_id);
  if (community_id == NULL)
    {
      if (local_error == NULL)
        g_set_error (&local_error, LINLI_DB_ERROR, LINLI_DB_ERROR_NOT_FOUND, _("No team with id %s"), team_id);
      g_propagate_error (error, local_error);
      return NULL;
    }

  if (!linli_db_begin (db, error))
    return NULL;

  existing = linli_db_query_string (db, &local_error,
                                    "SELECT id FROM team_member WHERE team_id = ? AND person_id = ? "
                                    "AND deleted = 0 AND left_on IS NULL LIMIT 1",
                                    "ss", team_id, person_id);
  if (local_error != NULL)
    goto fail;
  volunteer_id = linli_volunteer_for_person (db, person_id, &local_error);
  if (volunteer_id == NULL)
    goto fail;

  if (existing != NULL)
    {
      if (!linli_db_set (db, &local_error, "team_member", existing, "role", "s", role))
        goto fail;
      id = g_steal_pointer (&existing);
    }
  else
    {
      id = linli_db_insert (db, &local_error, "team_member", "community_id,team_id,person_id,role,joined",
                            "sssss", community_id, team_id, person_id, role, today);
      if (id == NULL)
        goto fail;
    }

  if (!linli_db_commit (db, &local_error))
    {
      g_clear_pointer (&id, g_free);
      goto fail;
    }
  return id;

fail:
  linli_db_rollback (db);
  g_propagate_error (error, local_error);
  return NULL;
}

static char *
lack_text (const char *role,
           guint       missing,
           const char *scope_name)
{
  if (g_strcmp0 (role, "party_backbone") == 0)
    return g_strdup (_("a party-member backbone"));
  if (g_strcmp0 (role, "sunk_cadre") == 0)
    return g_strdup (_("a sunk cadre"));
  if (g_strcmp0 (role, "building_resident") == 0)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "%u more resident of building %s",
                                         "%u more residents of building %s", missing),
                            missing, scope_name ? scope_name : "");
  if (g_strcmp0 (role, "police") == 0)
    return g_strdup (_("a community police officer"));
  if (g_strcmp0 (role, "property_staff") == 0)
    return g_strdup (_("a property building manager"));
  return g_strdup_printf (_("%u more: %s"), missing, linli_vocab_label (LINLI_VOCAB_TEAM_ROLE, role));
}

static LinliTeamStatus *
check_one (LinliDb     *db,
           LinliQuery  *team_row,
           const char  *today,
           GError     **error)
{
  g_autoptr(LinliTeamStatus) status = g_new0 (LinliTeamStatus, 1);
  GError *local_error = NULL;

  status->team_id = linli_query_dup_string (team_row, 0);
  status->name = linli_query_dup_string (team_row, 1);
  status->kind = linli_query_dup_string (team_row, 2);
  status->scope = linli_query_dup_string (team_row, 3);
  status->scope_id = linli_query_dup_string (team_row, 4);
  status->scope_name = linli_query_dup_string (team_row, 5);
  status->lacks = g_ptr_array_new_with_free_func (lack_free);
  status->complete = TRUE;

  status->n_members = linli_db_query_int (db, &local_error,
                                          "SELECT count(DISTINCT person_id) FROM team_member "
                                          "WHERE team_id = ? AND deleted = 0 AND (left_on IS NULL OR left_on > ?)",
                                          "ss", status->team_id, today);
  if (local_error != NULL)
    goto fail;

  for (guint i = 0; i < G_N_ELEMENTS (rules); i++)
    {
      const Rule *rule = &rules[i];
      gint64 have;

      if (!g_str_equal (rule->kind, status->kind))
        continue;

      if (rule->own_building)
        /* The building leader (楼栋长) who leads the squad is one of its
         * residents too. */
        have = linli_db_query_int (db, &local_error,
                                   "SELECT count(DISTINCT m.person_id) FROM team_member m "
                                   "JOIN person p ON p.id = m.person_id AND p.deleted = 0 "
                                   "JOIN household h ON h.id = p.household_id AND h.deleted = 0 "
                                   "JOIN unit u ON u.id = h.unit_id AND u.deleted = 0 "
                                   "WHERE m.team_id = ? AND m.deleted = 0 AND (m.left_on IS NULL OR m.left_on > ?) "
                                   "AND m.role IN (?, 'leader') AND u.building_id = ?",
                                   "ssss", status->team_id, today, rule->role,
                                   status->scope_id ? status->scope_id : "");
      else
        have = linli_db_query_int (db, &local_error,
                                   "SELECT count(DISTINCT m.person_id) FROM team_member m "
                                   "JOIN person p ON p.id = m.person_id AND p.deleted = 0 "
                                   "WHERE m.team_id = ? AND m.deleted = 0 AND (m.left_on IS NULL OR m.left_on > ?) "
                                   "AND m.role = ?",
                                   "sss", status->team_id, today, rule->role);
      if (local_error != NULL)
        goto fail;

      if ((guint) have < rule->need)
        {
          LinliTeamLack *lack = g_new0 (LinliTeamLack, 1);

          lack->role = g_strdup (rule->role);
          lack->have = (guint) have;
          lack->need = rule->need;
          lack->text = lack_text (rule->role, rule->need - (guint) have, status->scope_name);
          g_ptr_array_add (status->lacks, lack);
          status->complete = FALSE;
        }
    }

  /* Service items nobody in the team can do. */
  {
    g_autoptr(LinliQuery) q = linli_db_query (db, &local_error,
      "SELECT i.name, i.skill_id, ("
      "  SELECT count(*) FROM team_member m JOIN volunteer v ON v.person_id = m.person_id "
      "  AND v.deleted = 0 AND v.active = 1 "
      "  WHERE m.team_id = i.team_id AND m.deleted = 0 AND (m.left_on IS NULL OR m.left_on > ?) "
      "  AND EXISTS (SELECT 1 FROM json_each (v.skills) WHERE value = i.skill_id)) "
      "FROM service_item i WHERE i.team_id = ? AND i.deleted = 0 AND i.skill_id IS NOT NULL "
      "ORDER BY i.position, i.name", "ss", today, status->team_id);

    if (q == NULL)
      goto fail;
    while (linli_query_next (q, &local_error))
      if (linli_query_get_int (q, 2) == 0)
        {
          LinliTeamLack *lack = g_new0 (LinliTeamLack, 1);

          lack->have = 0;
          lack->need = 1;
          lack->text = g_strdup_printf (_("someone who can do “%s”"), linli_query_get_string (q, 0));
          g_ptr_array_add (status->lacks, lack);
          status->complete = FALSE;
        }
    if (local_error != NULL)
      goto fail;
  }

  return g_steal_pointer (&status);

fail:
  g_propagate_error (error, local_error);
  return NULL;
}

#define TEAM_COLUMNS \
  "t.id, t.name, t.kind, t.scope, t.scope_id, " \
  "CASE t.scope WHEN 'building' THEN (SELECT number FROM building WHERE id = t.scope_id) " \
  "WHEN 'grid' THEN (SELECT name FROM grid WHERE id = t.scope_id) END"

/**
 * linli_team_check:
 *
 * Returns: (transfer full): whether the team is complete under the rules
 *   of its kind, and what it lacks
 */
LinliTeamStatus *
linli_team_check (LinliDb     *db,
                  const char  *team_id,
                  GError     **error)
{
  g_autofree char *today = linli_roster_format_date (linli_roster_today ());
  g_autoptr(LinliQuery) q = NULL;
  GError *local_error = NULL;

  g_return_val_if_fail (LINLI_IS_DB (db), NULL);

  q = linli_db_query (db, error, "SELECT " TEAM_COLUMNS " FROM team t WHERE t.id = ? AND t.deleted = 0",
                      "s", team_id);
  if (q == NULL)
    return NULL;
  if (!linli_query_next (q, &local_error))
    {
      if (local_error == NULL)
        g_set_error (&local_error, LINLI_DB_ERROR, LINLI_DB_ERROR_NOT_FOUND, _("No team with id %s"), team_id);
      g_propagate_error (error, local_error);
      return NULL;
    }
  return check_one (db, q, today, error);
}

/**
 * linli_team_check_squads:
 * @community_id: (nullable): one community's squads, or all of the file's
 *
 * Returns: (transfer full) (element-type LinliTeamStatus): every 119
 *   squad, the incomplete ones first, then by building
 */
GPtrArray *
linli_team_check_squads (LinliDb     *db,
                         const char  *community_id,
                         GError     **error)
{
  g_autofree char *today = linli_roster_format_date (linli_roster_today ());
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) linli_team_status_free);
  g_autoptr(GPtrArray) complete = g_ptr_array_new_with_free_func ((GDestroyNotify) linli_team_status_free);
  g_autoptr(LinliQuery) q = NULL;
  GError *local_error = NULL;

  g_return_val_if_fail (LINLI_IS_DB (db), NULL);

  /* Buildings numbered "2" before "12": by length, then as written. */
  q = linli_db_query (db, error,
                      "SELECT " TEAM_COLUMNS " FROM team t LEFT JOIN building b ON b.id = t.scope_id "
                      "WHERE t.kind = 'squad119' AND t.deleted = 0 AND (?1 IS NULL OR t.community_id = ?1) "
                      "ORDER BY length (b.number), b.number, t.name, t.id", "s", community_id);
  if (q == NULL)
    return NULL;
  while (linli_query_next (q, &local_error))
    {
      LinliTeamStatus *status = check_one (db, q, today, &local_error);

      if (status == NULL)
        break;
      g_ptr_array_add (status->complete ? complete : list, status);
    }
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return NULL;
    }
  g_ptr_array_extend_and_steal (list, g_steal_pointer (&complete));
  return g_steal_pointer (&list);
}

static void
add_suggestions (LinliDb     *db,
                 GPtrArray   *out,
                 const char  *sql,
                 const char  *role,
                 const char  *team_id,
                 const char  *building_id,
                 const char  *today,
                 guint        limit,
                 GError     **error)
{
  g_autoptr(LinliQuery) q = linli_db_query (db, error, sql, "sssi", building_id ? building_id : "",
                                            team_id, today, (int) limit);

  if (q == NULL)
    return;
  while (linli_query_next (q, error))
    {
      LinliTeamSuggestion *s = g_new0 (LinliTeamSuggestion, 1);
      GString *detail = g_string_new (NULL);

      s->person_id = linli_query_dup_string (q, 0);
      s->name = linli_query_dup_string (q, 1);
      s->role = g_strdup (role);
      s->party_member = linli_query_get_int (q, 4) != 0;
      if (!linli_query_is_null (q, 2))
        /* Translators: where a resident lives within their building */
        g_string_append_printf (detail, _("unit %d, room %s"), (int) linli_query_get_int (q, 2),
                                linli_query_get_string (q, 3));
      else if (!linli_query_is_null (q, 3))
        g_string_append (detail, linli_query_get_string (q, 3));
      if (s->party_member)
        {
          if (detail->len > 0)
            g_string_append (detail, " · ");
          g_string_append (detail, _("party member"));
        }
      s->detail = g_string_free (detail, FALSE);
      g_ptr_array_add (out, s);
    }
}

#define PARTY_MEMBER(p) \
  "EXISTS (SELECT 1 FROM person_tag pt JOIN tag t ON t.id = pt.tag_id " \
  "WHERE pt.person_id = " p ".id AND pt.deleted = 0 AND t.deleted = 0 AND t.code = 'party_member')"
#define NOT_IN_TEAM \
  "p.id NOT IN (SELECT person_id FROM team_member WHERE team_id = ?2 AND deleted = 0 " \
  "AND (left_on IS NULL OR left_on > ?3))"

/**
 * linli_team_suggest:
 * @limit: at most this many people for each gap
 *
 * Suggests people for what the team lacks: residents of its building for
 * a squad, party members first, then those who volunteer already; adults
 * under 75 when their birth date is known, since a squad turns out
 * within the hour.
 *
 * Returns: (transfer full) (element-type LinliTeamSuggestion): the people
 */
GPtrArray *
linli_team_suggest (LinliDb     *db,
                    const char  *team_id,
                    guint        limit,
                    GError     **error)
{
  g_autoptr(LinliTeamStatus) status = NULL;
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) linli_team_suggestion_free);
  g_autofree char *today = linli_roster_format_date (linli_roster_today ());
  GError *local_error = NULL;

  status = linli_team_check (db, team_id, error);
  if (status == NULL)
    return NULL;

  for (guint i = 0; i < status->lacks->len && local_error == NULL; i++)
    {
      LinliTeamLack *lack = g_ptr_array_index (status->lacks, i);

      if (lack->role == NULL)
        continue;

      if (g_str_equal (lack->role, "building_resident") || g_str_equal (lack->role, "party_backbone"))
        {
          gboolean party = g_str_equal (lack->role, "party_backbone");
          g_autofree char *sql = g_strdup_printf (
            "SELECT p.id, p.name, u.number, h.room, " PARTY_MEMBER ("p") " AS party, "
            "EXISTS (SELECT 1 FROM volunteer v WHERE v.person_id = p.id AND v.deleted = 0 AND v.active = 1) AS vol "
            "FROM person p JOIN household h ON h.id = p.household_id AND h.deleted = 0 "
            "JOIN unit u ON u.id = h.unit_id AND u.deleted = 0 "
            "WHERE u.building_id = ?1 AND p.deleted = 0 AND p.is_resident = 1 AND " NOT_IN_TEAM " "
            "AND (p.birth_date IS NULL OR p.birth_date BETWEEN date (?3, '-75 years') AND date (?3, '-18 years')) %s "
            "ORDER BY party DESC, vol DESC, p.name, p.id LIMIT ?4",
            party ? "AND " PARTY_MEMBER ("p") : "");

          add_suggestions (db, out, sql, lack->role, team_id, status->scope_id, today,
                           party ? limit : MAX (limit, lack->need - lack->have), &local_error);
        }
      else
        {
          const char *match = g_str_equal (lack->role, "sunk_cadre")
            ? "(p.title LIKE '%干部%' OR o.kind = 'co_building')"
            : g_str_equal (lack->role, "police") ? "(p.title LIKE '%警%')"
            : g_str_equal (lack->role, "property_staff") ? "(p.title LIKE '%楼管%' OR p.title LIKE '%物业%' OR o.kind = 'property')"
            : "0";
          g_autofree char *sql = g_strdup_printf (
            "SELECT p.id, p.name, NULL, coalesce (p.title, o.name), " PARTY_MEMBER ("p") " AS party, "
            "(SELECT count(*) FROM team_member m2 WHERE m2.person_id = p.id AND m2.deleted = 0 "
            " AND m2.role = '%s') AS busy "
            "FROM person p LEFT JOIN organisation o ON o.id = p.organisation_id AND o.deleted = 0 "
            "WHERE p.deleted = 0 AND p.is_resident = 0 AND %s AND " NOT_IN_TEAM " "
            "ORDER BY busy, party DESC, p.name, p.id LIMIT ?4", lack->role, match);

          add_suggestions (db, out, sql, lack->role, team_id, NULL, today, limit, &local_error);
        }
    }

  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return NULL;
    }
  return g_steal_pointer (&out);
}

/**
 * linli_team_status_to_json:
 *
 * Returns: (transfer full): the statuses as a JSON array, as `linli-cli
 *   squads` prints them
 */
char *
linli_team_status_to_json (GPtrArray *statuses)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_array (b);
  for (guint i = 0; i < statuses->len; i++)
    {
      LinliTeamStatus *s = g_ptr_array_index (statuses, i);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "id");
      json_builder_add_string_value (b, s->team_id);
      json_builder_set_member_name (b, "name");
      json_builder_add_string_value (b, s->name);
      json_builder_set_member_name (b, "building");
      if (s->scope_name && g_strcmp0 (s->scope, "building") == 0)
        json_builder_add_string_value (b, s->scope_name);
      else
        json_builder_add_null_value (b);
      json_builder_set_member_name (b, "members");
      json_builder_add_int_value (b, s->n_members);
      json_builder_set_member_name (b, "complete");
      json_builder_add_boolean_value (b, s->complete);
      json_builder_set_member_name (b, "lacks");
      json_builder_begin_array (b);
      for (guint k = 0; k < s->lacks->len; k++)
        {
          LinliTeamLack *lack = g_ptr_array_index (s->lacks, k);

          json_builder_begin_object (b);
          json_builder_set_member_name (b, "role");
          if (lack->role)
            json_builder_add_string_value (b, lack->role);
          else
            json_builder_add_null_value (b);
          json_builder_set_member_name (b, "have");
          json_builder_add_int_value (b, lack->have);
          json_builder_set_member_name (b, "need");
          json_builder_add_int_value (b, lack->need);
          json_builder_set_member_name (b, "missing");
          json_builder_add_int_value (b, lack->need - lack->have);
          json_builder_set_member_name (b, "text");
          json_builder_add_string_value (b, lack->text);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  json_generator_set_pretty (gen, TRUE);
  return json_generator_to_data (gen, NULL);
}
