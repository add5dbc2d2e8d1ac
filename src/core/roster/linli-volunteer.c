/* linli-volunteer.c: volunteers, their skills, weekly times and limits
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A volunteer is a person (a resident, or anyone else in the ledger) with
 * a volunteer row: becoming one never means typing the person again.
 */

#define G_LOG_DOMAIN "linli-roster"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "linli-format.h"
#include "linli-roster-time.h"
#include "linli-volunteer.h"

/* Availability ---------------------------------------------------------- */

static const char *weeks_codes[] = { "all", "odd", "even" };

/**
 * linli_availability_parse:
 * @json: (nullable): volunteer.availability, e.g.
 *   [{"day":3,"from":"09:00","to":"11:30","weeks":"all"}]
 *
 * Returns: (transfer full) (element-type LinliAvailability): the windows,
 *   or %NULL with an error that names the bad element
 */
GArray *
linli_availability_parse (const char  *json,
                          GError     **error)
{
  g_autoptr(GArray) windows = g_array_new (FALSE, FALSE, sizeof (LinliAvailability));
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;
  JsonArray *array;

  if (json == NULL || *json == '\0')
    return g_steal_pointer (&windows);

  if (!json_parser_load_from_data (parser, json, -1, &local_error))
    {
      g_set_error (error, LINLI_DB_ERROR, LINLI_DB_ERROR_INVALID,
                   _("The weekly times are not valid JSON: %s"), local_error->message);
      return NULL;
    }
  root = json_parser_get_root (parser);
  if (!JSON_NODE_HOLDS_ARRAY (root))
    {
      g_set_error (error, LINLI_DB_ERROR, LINLI_DB_ERROR_INVALID,
                   _("The weekly times must be a JSON array"));
      return NULL;
    }

  array = json_node_get_array (root);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      JsonObject *o;
      LinliAvailability w = { 0 };
      const char *weeks;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        goto bad;
      o = json_node_get_object (node);
      w.day = (int) json_object_get_int_member_with_default (o, "day", 0);
      w.from = linli_roster_parse_time (json_object_get_string_member_with_default (o, "from", NULL));
      w.to = linli_roster_parse_time (json_object_get_string_member_with_default (o, "to", NULL));
      weeks = json_object_get_string_member_with_default (o, "weeks", "all");
      w.weeks = (LinliWeeks) -1;
      for (guint k = 0; k < G_N_ELEMENTS (weeks_codes); k++)
        if (g_strcmp0 (weeks, weeks_codes[k]) == 0)
          w.weeks = (LinliWeeks) k;

      if (w.day < 1 || w.day > 7 || w.from < 0 || w.to < 0 || w.from >= w.to || (int) w.weeks < 0)
        goto bad;
      g_array_append_val (windows, w);
      continue;

    bad:
      g_set_error (error, LINLI_DB_ERROR, LINLI_DB_ERROR_INVALID,
                   _("Weekly time %u is not {\"day\":1–7,\"from\":\"HH:MM\",\"to\":\"HH:MM\",\"weeks\":\"all|odd|even\"}"),
                   i + 1);
      return NULL;
    }

  return g_steal_pointer (&windows);
}

char *
linli_availability_to_json (GArray *windows)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_array (builder);
  for (guint i = 0; windows != NULL && i < windows->len; i++)
    {
      const LinliAvailability *w = &g_array_index (windows, LinliAvailability, i);
      g_autofree char *from = linli_roster_format_time (w->from);
      g_autofree char *to = linli_roster_format_time (w->to);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "day");
      json_builder_add_int_value (builder, w->day);
      json_builder_set_member_name (builder, "from");
      json_builder_add_string_value (builder, from);
      json_builder_set_member_name (builder, "to");
      json_builder_add_string_value (builder, to);
      json_builder_set_member_name (builder, "weeks");
      json_builder_add_string_value (builder, weeks_codes[w->weeks]);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

static const char *
short_weekday (int day)
{
  switch (day)
    {
    case 1: return C_("weekday", "Mon");
    case 2: return C_("weekday", "Tue");
    case 3: return C_("weekday", "Wed");
    case 4: return C_("weekday", "Thu");
    case 5: return C_("weekday", "Fri");
    case 6: return C_("weekday", "Sat");
    case 7: return C_("weekday", "Sun");
    default: return "";
    }
}

/**
 * linli_availability_describe:
 *
 * Returns: (transfer full): the weekly times for people: "Wed 09:00–11:30;
 *   Sat 08:00–12:00 (odd weeks)", or "Any time" when none were given
 */
char *
linli_availability_describe (GArray *windows)
{
  GString *s;

  if (windows == NULL || windows->len == 0)
    return g_strdup (_("Any time"));

  s = g_string_new (NULL);
  for (guint i = 0; i < windows->len; i++)
    {
      const LinliAvailability *w = &g_array_index (windows, LinliAvailability, i);
      g_autofree char *from = linli_roster_format_time (w->from);
      g_autofree char *to = linli_roster_format_time (w->to);

      if (i > 0)
        g_string_append (s, C_("list separator", "; "));
      g_string_append_printf (s, "%s %s–%s", short_weekday (w->day), from, to);
      if (w->weeks == LINLI_WEEKS_ODD)
        g_string_append (s, _(" (odd weeks)"));
      else if (w->weeks == LINLI_WEEKS_EVEN)
        g_string_append (s, _(" (even weeks)"));
    }
  return g_string_free (s, FALSE);
}

/**
 * linli_availability_to_text:
 *
 * Returns: (transfer full): the weekly times in a form that does not
 *   depend on the language, for files: "WE 09:00-11:30;SA 08:00-12:00 odd"
 */
char *
linli_availability_to_text (GArray *windows)
{
  static const char *codes[] = { "", "MO", "TU", "WE", "TH", "FR", "SA", "SU" };
  GString *s = g_string_new (NULL);

  for (guint i = 0; windows != NULL && i < windows->len; i++)
    {
      const LinliAvailability *w = &g_array_index (windows, LinliAvailability, i);
      g_autofree char *from = linli_roster_format_time (w->from);
      g_autofree char *to = linli_roster_format_time (w->to);

      if (i > 0)
        g_string_append_c (s, ';');
      g_string_append_printf (s, "%s %s-%s", codes[w->day], from, to);
      if (w->weeks != LINLI_WEEKS_ALL)
        g_string_append_printf (s, " %s", weeks_codes[w->weeks]);
    }
  return g_string_free (s, FALSE);
}

/* Skills ---------------------------------------------------------------- */

char **
linli_skills_parse (const char  *json,
                    GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GStrvBuilder) ids = g_strv_builder_new ();
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;
  JsonArray *array;

  if (json == NULL || *json == '\0')
    return g_strv_builder_end (ids);

  if (!json_parser_load_from_data (parser, json, -1, &local_error))
    {
      g_set_error (error, LINLI_DB_ERROR, LINLI_DB_ERROR_INVALID,
                   _("The skills are not valid JSON: %s"), local_error->message);
      return NULL;
    }
  root = json_parser_get_root (parser);
  if (!JSON_NODE_HOLDS_ARRAY (root))
    {
      g_set_error (error, LINLI_DB_ERROR, LINLI_DB_ERROR_INVALID,
                   _("The skills must be a JSON array of skill ids"));
      return NULL;
    }
  array = json_node_get_array (root);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      const char *id = json_node_get_string (json_array_get_element (array, i));

      if (id == NULL)
        {
          g_set_error (error, LINLI_DB_ERROR, LINLI_DB_ERROR_INVALID,
                       _("Skill %u is not a skill id"), i + 1);
          return NULL;
        }
      g_strv_builder_add (ids, id);
    }
  return g_strv_builder_end (ids);
}

char *
linli_skills_to_json (const char *const *skill_ids)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_array (builder);
  for (guint i = 0; skill_ids != NULL && skill_ids[i] != NULL; i++)
    json_builder_add_string_value (builder, skill_ids[i]);
  json_builder_end_array (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

/* Volunteers ---------------------------------------------------------------- */

void
linli_volunteer_info_free (LinliVolunteerInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->id);
  g_free (info->person_id);
  g_free (info->name);
  g_free (info->phone);
  g_free (info->address);
  g_free (info->skills);
  g_free (info->skill_names);
  g_free (info->availability);
  g_free (info->notes);
  g_free (info);
}

static GHashTable *
load_skill_names (LinliDb  *db,
                  GError  **error)
{
  g_autoptr(GHashTable) names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(LinliQuery) q = linli_db_query (db, error, "SELECT id, name FROM skill WHERE deleted = 0", NULL);

  if (q == NULL)
    return NULL;
  while (linli_query_next (q, error))
    g_hash_table_insert (names, linli_query_dup_string (q, 0), linli_query_dup_string (q, 1));
  if (error && *error)
    return NULL;
  return g_steal_pointer (&names);
}

static char *
skill_names_of (GHashTable *names,
                const char *json)
{
  g_auto(GStrv) ids = linli_skills_parse (json, NULL);
  GString *s = g_string_new (NULL);

  for (guint i = 0; ids != NULL && ids[i] != NULL; i++)
    {
      const char *name = g_hash_table_lookup (names, ids[i]);

      if (name == NULL)
        continue;
      if (s->len > 0)
        g_string_append (s, C_("list separator", ", "));
      g_string_append (s, name);
    }
  return g_string_free (s, FALSE);
}

#define VOLUNTEER_COLUMNS \
  "v.id, v.person_id, p.name, p.phone, p.consent_publish, p.is_resident, " \
  "b.number, u.number, h.room, p.title, v.skills, v.availability, v.max_per_month, v.active, v.notes"
#define VOLUNTEER_JOINS \
  "FROM volunteer v JOIN person p ON p.id = v.person_id " \
  "LEFT JOIN household h ON h.id = p.household_id AND h.deleted = 0 " \
  "LEFT JOIN unit u ON u.id = h.unit_id AND u.deleted = 0 " \
  "LEFT JOIN building b ON b.id = u.building_id AND b.deleted = 0 "

static LinliVolunteerInfo *
info_from_row (LinliQuery *q,
               GHashTable *skill_names)
{
  LinliVolunteerInfo *info = g_new0 (LinliVolunteerInfo, 1);

  info->id = linli_query_dup_string (q, 0);
  info->person_id = linli_query_dup_string (q, 1);
  info->name = linli_query_dup_string (q, 2);
  info->phone = linli_query_dup_string (q, 3);
  info->consent_publish = linli_query_get_int (q, 4) != 0;
  info->is_resident = linli_query_get_int (q, 5) != 0;
  if (!linli_query_is_null (q, 6))
    /* Translators: a household's address: building, unit, room */
    info->address = g_strdup_printf (_("Bldg %s-%d-%s"), linli_query_get_string (q, 6),
                                     (int) linli_query_get_int (q, 7), linli_query_get_string (q, 8));
  else
    info->address = linli_query_dup_string (q, 9);
  info->skills = linli_query_dup_string (q, 10);
  info->skill_names = skill_names_of (skill_names, info->skills);
  info->availability = linli_query_dup_string (q, 11);
  info->max_per_month = linli_query_is_null (q, 12) ? -1 : (int) linli_query_get_int (q, 12);
  info->active = linli_query_get_int (q, 13) != 0;
  info->notes = linli_query_dup_string (q, 14);
  return info;
}

/**
 * linli_volunteer_list:
 * @community_id: (nullable): one community's volunteers, or all
 * @team_id: (nullable): only this team's current members
 *
 * Returns: (transfer full) (element-type LinliVolunteerInfo): the
 *   volunteers by name
 */
GPtrArray *
linli_volunteer_list (LinliDb     *db,
                      const char  *community_id,
                      const char  *team_id,
                      GError     **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) linli_volunteer_info_free);
  g_autoptr(GHashTable) skill_names = NULL;
  g_autoptr(LinliQuery) q = NULL;
  GError *local_error = NULL;

  g_return_val_if_fail (LINLI_IS_DB (db), NULL);

  skill_names = load_skill_names (db, error);
  if (skill_names == NULL)
    return NULL;

  q = linli_db_query (db, error,
                      "SELECT " VOLUNTEER_COLUMNS " " VOLUNTEER_JOINS
                      "WHERE v.deleted = 0 AND p.deleted = 0 AND (?1 IS NULL OR v.community_id = ?1) "
                      "AND (?2 IS NULL OR v.person_id IN (SELECT person_id FROM team_member "
                      "  WHERE team_id = ?2 AND deleted = 0 AND left_on IS NULL)) "
                      "ORDER BY p.name COLLATE BINARY, v.id", "ss", community_id, team_id);
  if (q == NULL)
    return NULL;

  while (linli_query_next (q, &local_error))
    g_ptr_array_add (list, info_from_row (q, skill_names));
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return NULL;
    }
  return g_steal_pointer (&list);
}

LinliVolunteerInfo *
linli_volunteer_get (LinliDb     *db,
                     const char  *volunteer_id,
                     GError     **error)
{
  g_autoptr(GHashTable) skill_names = NULL;
  g_autoptr(LinliQuery) q = NULL;
  GError *local_error = NULL;

  skill_names = load_skill_names (db, error);
  if (skill_names == NULL)
    return NULL;
  q = linli_db_query (db, error,
                      "SELECT " VOLUNTEER_COLUMNS " " VOLUNTEER_JOINS "WHERE v.id = ?",
                      "s", volunteer_id);
  if (q == NULL)
    return NULL;
  if (linli_query_next (q, &local_error))
    return info_from_row (q, skill_names);
  if (local_error != NULL)
    g_propagate_error (error, local_error);
  else
    g_set_error (error, LINLI_DB_ERROR, LINLI_DB_ERROR_NOT_FOUND,
                 _("No volunteer with id %s"), volunteer_id);
  return NULL;
}

/**
 * linli_volunteer_for_person:
 *
 * Makes the person a volunteer, or finds the volunteer they already are
 * (and makes them active again).
 *
 * Returns: (transfer full): the volunteer's id
 */
char *
linli_volunteer_for_person (LinliDb     *db,
                            const char  *person_id,
                            GError     **error)
{
  g_autofree char *community_id = NULL;
  g_autofree char *id = NULL;
  g_autofree char *today = linli_roster_format_date (linli_roster_today ());
  GError *local_error = NULL;

  g_return_val_if_fail (LINLI_IS_DB (db), NULL);
  g_return_val_if_fail (person_id != NULL, NULL);

  id = linli_db_query_string (db, &local_error,
                              "SELECT id FROM volunteer WHERE person_id = ? AND deleted = 0 "
                              "ORDER BY active DESC, _hlc LIMIT 1", "s", person_id);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return NULL;
    }
  if (id != NULL)
    {
      if (!linli_db_set (db, error, "volunteer", id, "active", "i", 1))
        return NULL;
      return g_steal_pointer (&id);
    }

  community_id = linli_db_query_string (db, &local_error,
                                        "SELECT community_id FROM person WHERE id = ? AND deleted = 0",
                                        "s", person_id);
  if (community_id == NULL)
    {
      if (local_error != NULL)
        g_propagate_error (error, local_error);
      else
        g_set_error (error, LINLI_DB_ERROR, LINLI_DB_ERROR_NOT_FOUND,
                     _("No person with id %s"), person_id);
      return NULL;
    }

  return linli_db_insert (db, error, "volunteer", "community_id,person_id,since", "sss",
                          community_id, person_id, today);
}

/**
 * linli_volunteer_create:
 * @title: (nullable): for someone who does not live here: 下沉干部, 律师…
 *
 * Adds a person who is not a resident, and makes them a volunteer.
 *
 * Returns: (transfer full): the volunteer's id
 */
char *
linli_volunteer_create (LinliDb     *db,
                        const char  *community_id,
                        const char  *name,
                        const char  *phone,
                        const char  *title,
                        GError     **error)
{
  g_autofree char *person_id = NULL;
  g_autofree char *trimmed = g_strstrip (g_strdup (name ? name : ""));
  char *id;

  g_return_val_if_fail (LINLI_IS_DB (db), NULL);

  if (*trimmed == '\0')
    {
      g_set_error (error, LINLI_DB_ERROR, LINLI_DB_ERROR_INVALID, _("The volunteer needs a name"));
      return NULL;
    }
  if (!linli_db_begin (db, error))
    return NULL;
  person_id = linli_db_insert (db, error, "person", "community_id,name,phone,title,is_resident", "ssssi",
                               community_id, trimmed, phone && *phone ? phone : NULL,
                               title && *title ? title : NULL, 0);
  id = person_id ? linli_volunteer_for_person (db, person_id, error) : NULL;
  if (id == NULL || !linli_db_commit (db, error))
    {
      linli_db_rollback (db);
      g_free (id);
      return NULL;
    }
  return id;
}

gboolean
linli_volunteer_set_availability (LinliDb     *db,
                                  const char  *volunteer_id,
                                  GArray      *windows,
                                  GError     **error)
{
  g_autofree char *json = linli_availability_to_json (windows);

  return linli_db_set (db, error, "volunteer", volunteer_id, "availability", "s", json);
}

gboolean
linli_volunteer_set_skills (LinliDb            *db,
                            const char         *volunteer_id,
                            const char *const  *skill_ids,
                            GError            **error)
{
  g_autofree char *json = linli_skills_to_json (skill_ids);

  return linli_db_set (db, error, "volunteer", volunteer_id, "skills", "s", json);
}

/**
 * linli_volunteer_set_limit:
 * @max_per_month: at most this many shifts a month; -1 for no limit
 */
gboolean
linli_volunteer_set_limit (LinliDb     *db,
                           const char  *volunteer_id,
                           int          max_per_month,
                           GError     **error)
{
  if (max_per_month < 0)
    return linli_db_set (db, error, "volunteer", volunteer_id, "max_per_month", "n");
  return linli_db_set (db, error, "volunteer", volunteer_id, "max_per_month", "i", max_per_month);
}

char *
linli_volunteer_add_blackout (LinliDb     *db,
                              const char  *volunteer_id,
                              const char  *from,
                              const char  *to,
                              const char  *reason,
                              GError     **error)
{
  g_autofree char *community_id = NULL;
  guint32 f = linli_roster_parse_date (from);
  guint32 t = linli_roster_parse_date (to ? to : from);

  if (f == 0 || t == 0 || t < f)
    {
      g_set_error (error, LINLI_DB_ERROR, LINLI_DB_ERROR_INVALID,
                   _("“%s” to “%s” is not a range of dates (YYYY-MM-DD)"), from ? from : "", to ? to : "");
      return NULL;
    }
  community_id = linli_db_query_string (db, error, "SELECT community_id FROM volunteer WHERE id = ?",
                                        "s", volunteer_id);
  if (community_id == NULL)
    return NULL;
  return linli_db_insert (db, error, "blackout", "community_id,volunteer_id,from_date,to_date,reason", "sssss",
                          community_id, volunteer_id, from, to ? to : from, reason);
}

/**
 * linli_skill_ensure:
 *
 * Returns: (transfer full): the id of the skill with this name, added
 *   when there is none yet
 */
char *
linli_skill_ensure (LinliDb     *db,
                    const char  *community_id,
                    const char  *name,
                    GError     **error)
{
  GError *local_error = NULL;
  char *id;

  id = linli_db_query_string (db, &local_error,
                              "SELECT id FROM skill WHERE name = ? AND community_id = ? AND deleted = 0 "
                              "ORDER BY _hlc LIMIT 1", "ss", name, community_id);
  if (id != NULL || local_error != NULL)
    {
      if (local_error != NULL)
        g_propagate_error (error, local_error);
      return id;
    }
  return linli_db_insert (db, error, "skill", "community_id,name", "ss", community_id, name);
}
