/* linli-search.c: one search over the whole ledger
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An address typed as a secretary writes it ("12栋2单元501", "12-2-501")
 * is looked up directly. Everything else goes to the FTS5 index with the
 * trigram tokenizer, which finds Chinese substrings of three characters
 * or more; the index marks the start and end of names with ^ and $ so
 * that two-character names are found too (see linli-db.c).
 */

#define G_LOG_DOMAIN "linli-search"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdlib.h>
#include <string.h>

#include "linli-format.h"
#include "linli-search.h"
#include "linli-vocab.h"

void
linli_search_hit_free (LinliSearchHit *hit)
{
  if (hit == NULL)
    return;
  g_free (hit->table);
  g_free (hit->id);
  g_free (hit->title);
  g_free (hit->subtitle);
  g_free (hit);
}

const char *
linli_search_group_label (LinliSearchGroup group)
{
  switch (group)
    {
    case LINLI_SEARCH_GROUP_PLACE: return _("Places");
    case LINLI_SEARCH_GROUP_RESIDENT: return _("Residents");
    case LINLI_SEARCH_GROUP_VOLUNTEER: return _("Volunteers");
    case LINLI_SEARCH_GROUP_PERSON: return _("Cadres, Police and Staff");
    case LINLI_SEARCH_GROUP_ORGANISATION: return _("Organisations");
    case LINLI_SEARCH_GROUP_TEAM: return _("Teams");
    case LINLI_SEARCH_GROUP_PROJECT: return _("Projects");
    case LINLI_SEARCH_GROUP_MEETING: return _("Meetings");
    case LINLI_SEARCH_N_GROUPS:
    default:
      return "";
    }
}

/* Full-width digits and letters to ASCII, full-width spaces to spaces. */
static char *
normalize (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c >= 0xFF01 && c <= 0xFF5E)
        c -= 0xFEE0;
      else if (c == 0x3000)
        c = ' ';
      g_string_append_unichar (out, c);
    }
  return g_strstrip (g_string_free (out, FALSE));
}

/**
 * linli_search_parse_address:
 * @building: (out): the building number as written ("12", "A3")
 * @unit: (out): the unit number, or 0
 * @room: (out): the room ("501"), or %NULL
 *
 * Reads "12栋2单元501", "12号楼2单元501室", "12-2-501", "12栋" or "12-2".
 *
 * Returns: %TRUE if @text is an address
 */
gboolean
linli_search_parse_address (const char  *text,
                            char       **building,
                            int         *unit,
                            char       **room)
{
  static GRegex *regex;
  g_autoptr(GMatchInfo) match = NULL;
  g_autofree char *norm = NULL;
  g_autofree char *b = NULL;
  g_autofree char *u = NULL;
  g_autofree char *r = NULL;

  if (g_once_init_enter (&regex))
    {
      GRegex *re = g_regex_new ("^([A-Za-z]?\\d+[A-Za-z]?)\\s*(?:栋|幢|号楼|号|-)\\s*"
                                "(?:(\\d+)\\s*(?:单元|-)\\s*)?"
                                "(?:(\\d+)\\s*(?:室|号)?)?$",
                                G_REGEX_OPTIMIZE, 0, NULL);
      g_once_init_leave (&regex, re);
    }

  norm = normalize (text);
  if (!g_regex_match (regex, norm, 0, &match))
    return FALSE;

  b = g_match_info_fetch (match, 1);
  u = g_match_info_fetch (match, 2);
  r = g_match_info_fetch (match, 3);

  /* "12-501" has no unit: the second number is a room; "12-2", a
   * number too short for a room, is a unit. */
  *building = g_steal_pointer (&b);
  *unit = (u && *u) ? atoi (u) : 0;
  *room = (r && *r) ? g_steal_pointer (&r) : NULL;
  if (*unit == 0 && *room != NULL && strlen (*room) <= 2)
    {
      *unit = atoi (*room);
      g_clear_pointer (room, g_free);
    }
  return TRUE;
}

char *
linli_household_address (LinliDb    *db,
                         const char *household_id)
{
  return linli_db_query_string (db, NULL,
                                "SELECT b.number || '栋' || u.number || '单元' || h.room "
                                "FROM household h JOIN unit u ON u.id = h.unit_id "
                                "JOIN building b ON b.id = u.building_id WHERE h.id = ?",
                                "s", household_id);
}

static void
add_hit (GPtrArray        *hits,
         LinliSearchGroup  group,
         const char       *table,
         const char       *id,
         char             *title,
         char             *subtitle,
         double            score)
{
  LinliSearchHit *hit = g_new0 (LinliSearchHit, 1);

  hit->group = group;
  hit->table = g_strdup (table);
  hit->id = g_strdup (id);
  hit->title = title;
  hit->subtitle = subtitle;
  hit->score = score;
  g_ptr_array_add (hits, hit);
}

static void
search_address (LinliDb    *db,
                const char *community_id,
                const char *text,
                GPtrArray  *hits)
{
  g_autofree char *building = NULL;
  g_autofree char *room = NULL;
  g_autoptr(LinliQuery) q = NULL;
  int unit = 0;

  if (!linli_search_parse_address (text, &building, &unit, &room))
    return;

  if (room != NULL)
    {
      q = linli_db_query (db, NULL,
                          "SELECT h.id, b.number || '栋' || u.number || '单元' || h.room, "
                          "(SELECT name FROM person WHERE id = h.head_id), "
                          "(SELECT count(*) FROM person p WHERE p.household_id = h.id AND p.deleted = 0) "
                          "FROM household h JOIN unit u ON u.id = h.unit_id JOIN building b ON b.id = u.building_id "
                          "WHERE b.number = ?1 AND h.room = ?3 AND (?2 = 0 OR u.number = ?2) "
                          "AND h.deleted = 0 AND (?4 IS NULL OR h.community_id = ?4) ORDER BY u.number LIMIT 20",
                          "siss", building, unit, room, community_id);
      while (q != NULL && linli_query_next (q, NULL))
        {
          const char *head = linli_query_get_string (q, 2);

          add_hit (hits, LINLI_SEARCH_GROUP_PLACE, "household", linli_query_get_string (q, 0),
                   linli_query_dup_string (q, 1),
                   g_strdup_printf (_("Household of %s · %d residents"), head ? head : _("(no head)"),
                                    (int) linli_query_get_int (q, 3)),
                   -1000);
        }
      return;
    }

  if (unit > 0)
    {
      q = linli_db_query (db, NULL,
                          "SELECT u.id, b.number || '栋' || u.number || '单元', "
                          "(SELECT count(*) FROM household h WHERE h.unit_id = u.id AND h.deleted = 0) "
                          "FROM unit u JOIN building b ON b.id = u.building_id "
                          "WHERE b.number = ? AND u.number = ? AND u.deleted = 0 AND (?3 IS NULL OR u.community_id = ?3)",
                          "sis", building, unit, community_id);
      while (q != NULL && linli_query_next (q, NULL))
        add_hit (hits, LINLI_SEARCH_GROUP_PLACE, "unit", linli_query_get_string (q, 0),
                 linli_query_dup_string (q, 1),
                 g_strdup_printf (_("Stairwell · %d households"), (int) linli_query_get_int (q, 2)), -1000);
      return;
    }

  q = linli_db_query (db, NULL,
                      "SELECT b.id, b.number || '栋', g.name, "
                      "(SELECT count(*) FROM household h JOIN unit u ON u.id = h.unit_id WHERE u.building_id = b.id AND h.deleted = 0) "
                      "FROM building b LEFT JOIN grid g ON g.id = b.grid_id "
                      "WHERE b.number = ? AND b.deleted = 0 AND (?2 IS NULL OR b.community_id = ?2)",
                      "ss", building, community_id);
  while (q != NULL && linli_query_next (q, NULL))
    add_hit (hits, LINLI_SEARCH_GROUP_PLACE, "building", linli_query_get_string (q, 0),
             linli_query_dup_string (q, 1),
             g_strdup_printf (_("%s · %d households"), linli_query_get_string (q, 2) ? linli_query_get_string (q, 2) : "",
                              (int) linli_query_get_int (q, 3)), -1000);
}

/* The FTS5 expression for what the user typed, or NULL when no part of it
 * is long enough for the index. */
static char *
fts_expression (const char *text)
{
  g_auto(GStrv) words = g_regex_split_simple ("\\s+", text, 0, 0);
  g_autoptr(GString) expr = g_string_new (NULL);

  for (guint i = 0; words[i] != NULL; i++)
    {
      g_autoptr(GString) quoted = g_string_new (NULL);
      glong len = g_utf8_strlen (words[i], -1);

      if (len < 2)
        continue;
      for (const char *p = words[i]; *p; p++)
        {
          if (*p == '"')
            g_string_append_c (quoted, '"');
          g_string_append_c (quoted, *p);
        }

      if (expr->len > 0)
        g_string_append (expr, " AND ");
      if (len == 2)
        g_string_append_printf (expr, "(\"^%s\" OR \"%s$\")", quoted->str, quoted->str);
      else
        g_string_append_printf (expr, "\"%s\"", quoted->str);
    }

  return expr->len > 0 ? g_strdup (expr->str) : NULL;
}

static char *
person_subtitle (LinliDb *db, const char *id, gboolean *is_resident, gboolean *is_volunteer, char **volunteer_id)
{
  g_autoptr(LinliQuery) q = NULL;
  GString *s = g_string_new (NULL);

  q = linli_db_query (db, NULL,
                      "SELECT p.is_resident, p.gender, p.birth_date, p.title, o.name, "
                      "(SELECT b.number || '栋' || u.number || '单元' || h.room FROM household h "
                      " JOIN unit u ON u.id = h.unit_id JOIN building b ON b.id = u.building_id WHERE h.id = p.household_id), "
                      "(SELECT group_concat(coalesce(t.code, t.name)) FROM person_tag pt JOIN tag t ON t.id = pt.tag_id "
                      " WHERE pt.person_id = p.id AND pt.deleted = 0 AND t.care = 1), "
                      "(SELECT v.id FROM volunteer v WHERE v.person_id = p.id AND v.deleted = 0 LIMIT 1), "
                      "p.phone "
                      "FROM person p LEFT JOIN organisation o ON o.id = p.organisation_id WHERE p.id = ?",
                      "s", id);
  if (q == NULL || !linli_query_next (q, NULL))
    return g_string_free (s, FALSE);

  *is_resident = linli_query_get_int (q, 0) != 0;
  *volunteer_id = linli_query_dup_string (q, 7);
  *is_volunteer = *volunteer_id != NULL;

  if (*is_resident)
    {
      const char *address = linli_query_get_string (q, 5);
      const char *birth = linli_query_get_string (q, 2);
      const char *gender = linli_query_get_string (q, 1);
      const char *tags = linli_query_get_string (q, 6);

      g_string_append (s, address ? address : _("no address"));
      if (gender != NULL)
        g_string_append_printf (s, " · %s", g_str_equal (gender, "F") ? _("female") : _("male"));
      if (birth != NULL && strlen (birth) >= 4)
        {
          g_autoptr(GDateTime) now = g_date_time_new_now_local ();
          int age = g_date_time_get_year (now) - atoi (birth);

          g_string_append_printf (s, " · ");
          g_string_append_printf (s, _("%d years"), age);
        }
      if (tags != NULL)
        {
          g_autofree char *labels = linli_vocab_labels (LINLI_VOCAB_TAG, tags, NULL);
          g_string_append_printf (s, " · %s", labels);
        }
    }
  else
    {
      const char *title = linli_query_get_string (q, 3);
      const char *org = linli_query_get_string (q, 4);

      g_string_append (s, title ? title : _("not a resident"));
      if (org != NULL)
        g_string_append_printf (s, " · %s", org);
    }

  /* Only the tail of the phone: the screen may be seen by visitors. */
  if (linli_query_get_string (q, 8) != NULL && strlen (linli_query_get_string (q, 8)) >= 4)
    {
      const char *phone = linli_query_get_string (q, 8);
      g_string_append_printf (s, " · ");
      g_string_append_printf (s, _("phone ending %s"), phone + strlen (phone) - 4);
    }

  return g_string_free (s, FALSE);
}

static void
describe (LinliDb    *db,
          const char *kind,
          const char *id,
          double      score,
          GPtrArray  *hits)
{
  g_autoptr(LinliQuery) q = NULL;

  if (g_str_equal (kind, "person"))
    {
      gboolean resident = FALSE, volunteer = FALSE;
      g_autofree char *volunteer_id = NULL;
      char *sub = person_subtitle (db, id, &resident, &volunteer, &volunteer_id);
      g_autofree char *name = linli_db_query_string (db, NULL, "SELECT name FROM person WHERE id = ?", "s", id);

      add_hit (hits, resident ? LINLI_SEARCH_GROUP_RESIDENT : LINLI_SEARCH_GROUP_PERSON, "person", id,
               g_strdup (name), sub, score);
      if (volunteer)
        add_hit (hits, LINLI_SEARCH_GROUP_VOLUNTEER, "volunteer", volunteer_id, g_strdup (name),
                 g_strdup (sub), score);
      return;
    }

  if (g_str_equal (kind, "household"))
    {
      q = linli_db_query (db, NULL,
                          "SELECT b.number || '栋' || u.number || '单元' || h.room, "
                          "(SELECT name FROM person WHERE id = h.head_id), "
                          "(SELECT count(*) FROM person p WHERE p.household_id = h.id AND p.deleted = 0) "
                          "FROM household h JOIN unit u ON u.id = h.unit_id JOIN building b ON b.id = u.building_id "
                          "WHERE h.id = ?", "s", id);
      if (q != NULL && linli_query_next (q, NULL))
        add_hit (hits, LINLI_SEARCH_GROUP_PLACE, "household", id, linli_query_dup_string (q, 0),
                 g_strdup_printf (_("Household of %s · %d residents"),
                                  linli_query_get_string (q, 1) ? linli_query_get_string (q, 1) : _("(no head)"),
                                  (int) linli_query_get_int (q, 2)), score);
      return;
    }

  if (g_str_equal (kind, "building"))
    {
      q = linli_db_query (db, NULL,
                          "SELECT b.number || '栋', g.name, "
                          "(SELECT count(*) FROM household h JOIN unit u ON u.id = h.unit_id WHERE u.building_id = b.id AND h.deleted = 0) "
                          "FROM building b LEFT JOIN grid g ON g.id = b.grid_id WHERE b.id = ?", "s", id);
      if (q != NULL && linli_query_next (q, NULL))
        add_hit (hits, LINLI_SEARCH_GROUP_PLACE, "building", id, linli_query_dup_string (q, 0),
                 g_strdup_printf (_("%s · %d households"), linli_query_get_string (q, 1) ? linli_query_get_string (q, 1) : "",
                                  (int) linli_query_get_int (q, 2)), score);
      return;
    }

  if (g_str_equal (kind, "grid"))
    {
      q = linli_db_query (db, NULL,
                          "SELECT g.name, p.name FROM grid g LEFT JOIN person p ON p.id = g.worker_id WHERE g.id = ?",
                          "s", id);
      if (q != NULL && linli_query_next (q, NULL))
        add_hit (hits, LINLI_SEARCH_GROUP_PLACE, "grid", id, linli_query_dup_string (q, 0),
                 linli_query_get_string (q, 1)
                 ? g_strdup_printf (_("Grid worker %s"), linli_query_get_string (q, 1))
                 : g_strdup (_("Grid")), score);
      return;
    }

  if (g_str_equal (kind, "organisation"))
    {
      q = linli_db_query (db, NULL, "SELECT name, kind FROM organisation WHERE id = ?", "s", id);
      if (q != NULL && linli_query_next (q, NULL))
        add_hit (hits, LINLI_SEARCH_GROUP_ORGANISATION, "organisation", id, linli_query_dup_string (q, 0),
                 g_strdup (linli_vocab_label (LINLI_VOCAB_ORG_KIND, linli_query_get_string (q, 1))), score);
      return;
    }

  if (g_str_equal (kind, "team"))
    {
      q = linli_db_query (db, NULL,
                          "SELECT t.name, t.kind, (SELECT count(*) FROM team_member m WHERE m.team_id = t.id AND m.deleted = 0) "
                          "FROM team t WHERE t.id = ?", "s", id);
      if (q != NULL && linli_query_next (q, NULL))
        add_hit (hits, LINLI_SEARCH_GROUP_TEAM, "team", id, linli_query_dup_string (q, 0),
                 g_strdup_printf (_("%s · %d members"), linli_vocab_label (LINLI_VOCAB_TEAM_KIND, linli_query_get_string (q, 1)),
                                  (int) linli_query_get_int (q, 2)), score);
      return;
    }

  if (g_str_equal (kind, "project"))
    {
      q = linli_db_query (db, NULL, "SELECT name, stage, progress FROM project WHERE id = ?", "s", id);
      if (q != NULL && linli_query_next (q, NULL))
        add_hit (hits, LINLI_SEARCH_GROUP_PROJECT, "project", id, linli_query_dup_string (q, 0),
                 g_strdup_printf (_("%s · %d%% done"), linli_vocab_label (LINLI_VOCAB_PROJECT_STAGE, linli_query_get_string (q, 1)),
                                  (int) linli_query_get_int (q, 2)), score);
      return;
    }

  if (g_str_equal (kind, "meeting"))
    {
      q = linli_db_query (db, NULL,
                          "SELECT m.title, m.starts_at, v.name, m.rrule FROM meeting m LEFT JOIN venue v ON v.id = m.venue_id WHERE m.id = ?",
                          "s", id);
      if (q != NULL && linli_query_next (q, NULL))
        {
          g_autofree char *date = linli_format_date_iso (linli_query_get_string (q, 1));
          const char *venue = linli_query_get_string (q, 2);

          add_hit (hits, LINLI_SEARCH_GROUP_MEETING, "meeting", id, linli_query_dup_string (q, 0),
                   g_strdup_printf ("%s%s%s%s", date ? date : "", linli_query_get_string (q, 3) ? _(" (recurring)") : "",
                                    venue ? " · " : "", venue ? venue : ""), score);
        }
      return;
    }

  if (g_str_equal (kind, "venue"))
    {
      q = linli_db_query (db, NULL, "SELECT name, address FROM venue WHERE id = ?", "s", id);
      if (q != NULL && linli_query_next (q, NULL))
        add_hit (hits, LINLI_SEARCH_GROUP_MEETING, "venue", id, linli_query_dup_string (q, 0),
                 g_strdup (linli_query_get_string (q, 1) ? linli_query_get_string (q, 1) : _("Venue")), score);
    }
}

static int
compare_hits (gconstpointer a,
              gconstpointer b)
{
  const LinliSearchHit *x = *(LinliSearchHit **) a;
  const LinliSearchHit *y = *(LinliSearchHit **) b;
  gboolean xe = x->score < -50, ye = y->score < -50;

  /* What the user typed exactly (an address, a full name) comes first,
   * whatever its kind. */
  if (xe != ye)
    return xe ? -1 : 1;
  if (x->group != y->group)
    return x->group < y->group ? -1 : 1;
  if (x->score != y->score)
    return x->score < y->score ? -1 : 1;
  return g_strcmp0 (x->title, y->title);
}

/**
 * linli_search:
 * @community_id: (nullable): search one community, or the whole file
 * @text: what the user typed
 * @limit: the most records to look at
 *
 * Returns: (transfer container) (element-type LinliSearchHit): the hits,
 *   sorted by group then relevance
 */
GPtrArray *
linli_search (LinliDb     *db,
              const char  *community_id,
              const char  *text,
              guint        limit,
              GError     **error)
{
  g_autoptr(GPtrArray) hits = g_ptr_array_new_with_free_func ((GDestroyNotify) linli_search_hit_free);
  g_autofree char *norm = NULL;
  g_autofree char *expr = NULL;
  g_autoptr(LinliQuery) q = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  g_return_val_if_fail (LINLI_IS_DB (db), NULL);

  norm = normalize (text ? text : "");
  if (*norm == '\0')
    return g_steal_pointer (&hits);

  search_address (db, community_id, norm, hits);
  for (guint i = 0; i < hits->len; i++)
    g_hash_table_add (seen, g_strdup (((LinliSearchHit *) hits->pdata[i])->id));

  expr = fts_expression (norm);
  if (expr != NULL)
    {
      q = linli_db_query (db, error,
                          "SELECT kind, ref, bm25 (search_index) FROM search_index "
                          "WHERE search_index MATCH ?1 AND (?2 IS NULL OR community_id = ?2) "
                          "ORDER BY bm25 (search_index) LIMIT ?3",
                          "ssi", expr, community_id, (int) limit);
      if (q == NULL)
        return NULL;
      while (linli_query_next (q, NULL))
        {
          const char *id = linli_query_get_string (q, 1);
          double score = linli_query_get_double (q, 2);

          if (g_hash_table_contains (seen, id))
            continue;
          g_hash_table_add (seen, g_strdup (id));
          describe (db, linli_query_get_string (q, 0), id, score, hits);
        }
    }
  else
    {
      /* One character: a surname. Too short for the index; look at names only. */
      g_autofree char *prefix = g_strconcat (norm, "%", NULL);

      q = linli_db_query (db, error,
                          "SELECT id FROM person WHERE name LIKE ?1 AND deleted = 0 "
                          "AND (?2 IS NULL OR community_id = ?2) ORDER BY name LIMIT ?3",
                          "ssi", prefix, community_id, (int) MIN (limit, 50));
      if (q == NULL)
        return NULL;
      while (linli_query_next (q, NULL))
        describe (db, "person", linli_query_get_string (q, 0), 0, hits);
    }

  /* A name typed in full comes before names that only contain it. */
  for (guint i = 0; i < hits->len; i++)
    {
      LinliSearchHit *hit = hits->pdata[i];

      if (g_strcmp0 (hit->title, norm) == 0)
        hit->score -= 100;
    }

  g_ptr_array_sort (hits, compare_hits);
  return g_steal_pointer (&hits);
}
