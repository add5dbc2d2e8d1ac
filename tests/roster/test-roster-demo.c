/* test-roster-demo.c: the seed demo community: its incomplete 119 squads
 * appear in the overview with what they lack, and its teams' rosters
 * generate without breaking a rule.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "linli-demo.h"
#include "linli-roster.h"
#include "linli-team.h"

static LinliDb *db;
static char *community;

/* What each squad lacks, counted here straight from the members. */
static void
test_incomplete_squads (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) squads = linli_team_check_squads (db, community, &error);
  g_autoptr(LinliQuery) q = NULL;
  g_autoptr(GHashTable) expected = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  guint n_incomplete = 0;
  gboolean seen_complete = FALSE;

  g_assert_no_error (error);
  g_assert_cmpuint (squads->len, ==, 60);

  q = linli_db_query (db, &error,
    "SELECT t.id, "
    "(SELECT count(*) FROM team_member m WHERE m.team_id = t.id AND m.deleted = 0 AND m.role = 'party_backbone'), "
    "(SELECT count(*) FROM team_member m WHERE m.team_id = t.id AND m.deleted = 0 AND m.role = 'sunk_cadre'), "
    "(SELECT count(*) FROM team_member m JOIN person p ON p.id = m.person_id JOIN household h ON h.id = p.household_id "
    " JOIN unit u ON u.id = h.unit_id WHERE m.team_id = t.id AND m.deleted = 0 "
    " AND m.role IN ('building_resident', 'leader') AND u.building_id = t.scope_id) "
    "FROM team t WHERE t.kind = 'squad119' AND t.deleted = 0", NULL);
  while (linli_query_next (q, &error))
    {
      GString *lacks = g_string_new (NULL);

      if (linli_query_get_int (q, 2) < 1)
        g_string_append (lacks, "sunk_cadre;");
      if (linli_query_get_int (q, 1) < 1)
        g_string_append (lacks, "party_backbone;");
      if (linli_query_get_int (q, 3) < 9)
        g_string_append_printf (lacks, "building_resident:%" G_GINT64_FORMAT ";", 9 - linli_query_get_int (q, 3));
      g_hash_table_insert (expected, linli_query_dup_string (q, 0), g_string_free (lacks, FALSE));
    }
  g_assert_no_error (error);

  for (guint i = 0; i < squads->len; i++)
    {
      LinliTeamStatus *s = g_ptr_array_index (squads, i);
      g_autoptr(GString) lacks = g_string_new (NULL);
      const char *want = g_hash_table_lookup (expected, s->team_id);
      g_autoptr(GString) sorted_want = g_string_new (NULL);

      for (guint k = 0; k < s->lacks->len; k++)
        {
          LinliTeamLack *lack = g_ptr_array_index (s->lacks, k);

          g_assert_nonnull (lack->role);
          g_assert_cmpstr (lack->text, !=, "");
          if (g_str_equal (lack->role, "building_resident"))
            g_string_append_printf (lacks, "building_resident:%u;", lack->need - lack->have);
          else
            g_string_append_printf (lacks, "%s;", lack->role);
        }
      /* Same set, whatever the order. */
      {
        g_auto(GStrv) a = g_strsplit (lacks->str, ";", -1);
        g_auto(GStrv) b = g_strsplit (want, ";", -1);

        g_assert_cmpuint (g_strv_length (a), ==, g_strv_length (b));
        for (guint k = 0; a[k]; k++)
          g_assert_true (g_strv_contains ((const char * const *) b, a[k]));
      }

      g_assert_cmpint (s->complete, ==, *want == '\0');
      if (!s->complete)
        {
          /* Incomplete squads come first. */
          g_assert_false (seen_complete);
          n_incomplete++;
          g_test_message ("%s: %s", s->name, ((LinliTeamLack *) g_ptr_array_index (s->lacks, 0))->text);
        }
      else
        seen_complete = TRUE;
    }
  /* About one in seven of the demo's squads lacks someone. */
  g_assert_cmpuint (n_incomplete, >=, 3);
  g_assert_cmpuint (n_incomplete, <=, 20);

  /* And for each, people of its building are suggested. */
  {
    LinliTeamStatus *first = g_ptr_array_index (squads, 0);
    g_autoptr(GPtrArray) suggestions = linli_team_suggest (db, first->team_id, 5, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (suggestions->len, >, 0);
  }
}

static void
test_rosters (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LinliQuery) q = linli_db_query (db, &error,
    "SELECT id, name FROM team WHERE community_id = ? AND deleted = 0 "
    "AND id IN (SELECT team_id FROM shift_pattern WHERE deleted = 0) ORDER BY name", "s", community);
  guint teams = 0;

  while (linli_query_next (q, &error))
    {
      g_autoptr(LinliRosterReport) report = linli_roster_generate (db, linli_query_get_string (q, 0),
                                                                   "2026-11-02", "2026-12-27", &error);

      g_assert_no_error (error);
      g_test_message ("%s: %u of %u places, spread %u", linli_query_get_string (q, 1),
                      report->n_filled, report->n_places, report->spread);
      g_assert_cmpuint (report->n_shifts, >, 0);
      g_assert_cmpuint (report->spread, <=, 1);
      teams++;
    }
  g_assert_no_error (error);
  g_assert_cmpuint (teams, ==, 3);

  /* No generated place breaks a rule. */
  {
    g_autoptr(LinliQuery) a = linli_db_query (db, &error,
      "SELECT a.id, a.shift_id, a.volunteer_id FROM assignment a WHERE a.deleted = 0", NULL);
    guint n = 0;

    while (linli_query_next (a, &error))
      {
        const char *ignore[] = { linli_query_get_string (a, 0), NULL };

        g_assert_cmpint (linli_roster_check_place (db, linli_query_get_string (a, 1), linli_query_get_string (a, 2),
                                                   ignore, &error), ==, LINLI_RULE_OK);
        n++;
      }
    g_assert_cmpuint (n, >, 100);
  }
}

int
main (int argc, char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL, *path = NULL;
  GDate today;
  int ret;

  setlocale (LC_ALL, "C.UTF-8");
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  g_test_init (&argc, &argv, NULL);

  dir = g_dir_make_tmp ("linli-roster-demo-XXXXXX", &error);
  path = g_build_filename (dir, "seed.db", NULL);
  db = linli_db_open (path, &error);
  g_assert_no_error (error);
  g_date_clear (&today, 1);
  g_date_set_dmy (&today, 23, 11, 2026);
  g_assert_true (linli_demo_generate (db, LINLI_DEMO_SEED, 20230812, &today, NULL, NULL, &error));
  g_assert_no_error (error);
  community = linli_db_query_string (db, &error, "SELECT id FROM community LIMIT 1", NULL);

  g_test_add_func ("/roster/demo/incomplete-squads", test_incomplete_squads);
  g_test_add_func ("/roster/demo/rosters", test_rosters);
  ret = g_test_run ();

  g_clear_object (&db);
  g_free (community);
  {
    g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
    const char *name;

    while (d && (name = g_dir_read_name (d)))
      {
        g_autofree char *p = g_build_filename (dir, name, NULL);
        g_remove (p);
      }
    g_rmdir (dir);
  }
  return ret;
}
