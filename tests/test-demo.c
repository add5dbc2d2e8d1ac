/* test-demo.c: the demo community is realistic and reproducible.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <string.h>

#include "linli-core.h"
#include "linli-db.h"
#include "linli-demo.h"
#include "linli-idnumber.h"

static LinliDb *
make_demo (guint32 seed)
{
  g_autoptr(GError) error = NULL;
  LinliDb *db = linli_db_open_memory (&error);
  GDate today;

  g_assert_no_error (error);
  g_date_clear (&today, 1);
  g_date_set_dmy (&today, 23, 11, 2026);
  g_assert_true (linli_demo_generate (db, LINLI_DEMO_SMALL, seed, &today, NULL, NULL, &error));
  g_assert_no_error (error);
  return db;
}

/* Every record of every synced table, without the stamps that depend on
 * the clock. */
static char *
canonical_dump (LinliDb *db)
{
  g_auto(GStrv) tables = linli_db_list_synced_tables (db);
  GString *out = g_string_new (NULL);

  for (guint i = 0; tables[i] != NULL; i++)
    {
      g_auto(GStrv) cols = linli_db_list_columns (db, tables[i]);
      g_autoptr(GString) sel = g_string_new (NULL);
      g_autofree char *sql = NULL;
      g_autoptr(LinliQuery) q = NULL;

      for (guint c = 0; cols[c] != NULL; c++)
        if (!g_str_equal (cols[c], "_hlc"))
          g_string_append_printf (sel, "%squote(%s)", sel->len ? " || '|' || " : "", cols[c]);
      sql = g_strdup_printf ("SELECT %s FROM %s ORDER BY id", sel->str, tables[i]);
      q = linli_db_query (db, NULL, sql, NULL);
      while (linli_query_next (q, NULL))
        g_string_append_printf (out, "%s: %s\n", tables[i], linli_query_get_string (q, 0));
    }
  return g_string_free (out, FALSE);
}

static void
test_small_counts (void)
{
  g_autoptr(LinliDb) db = make_demo (7);
  g_autoptr(GString) report = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  gint64 residents, old;

#define COUNT(sql) linli_db_query_int (db, NULL, sql, NULL)
  g_assert_cmpint (COUNT ("SELECT count(*) FROM grid"), ==, 2);
  g_assert_cmpint (COUNT ("SELECT count(*) FROM building"), ==, 6);
  g_assert_cmpint (COUNT ("SELECT count(*) FROM unit"), ==, 34);
  g_assert_cmpint (COUNT ("SELECT count(*) FROM household"), ==, 531);
  residents = COUNT ("SELECT count(*) FROM person WHERE is_resident = 1");
  g_assert_cmpint (residents, >, 1300);
  g_assert_cmpint (residents, <, 1800);

  /* A fifth over 65. */
  old = COUNT ("SELECT count(*) FROM person WHERE is_resident = 1 AND birth_date <= '1961-11-23'");
  g_assert_cmpfloat ((double) old / residents, >, 0.17);
  g_assert_cmpfloat ((double) old / residents, <, 0.25);

  /* The service market of the seeds: 37 volunteers over 12 items. */
  g_assert_cmpint (COUNT ("SELECT count(*) FROM team_member m JOIN team t ON t.id = m.team_id WHERE t.name = '周三有约'"), ==, 37);
  g_assert_cmpint (COUNT ("SELECT count(*) FROM service_item"), ==, 12);
  /* A squad per building, a door-knocking group per grid. */
  g_assert_cmpint (COUNT ("SELECT count(*) FROM team WHERE kind = 'squad119'"), ==, 6);
  g_assert_cmpint (COUNT ("SELECT count(*) FROM team WHERE kind = 'door_knocking'"), ==, 2);
  /* A year of meetings, with the monthly patrol on the second Thursday. */
  g_assert_cmpint (COUNT ("SELECT count(*) FROM meeting WHERE rrule = 'FREQ=MONTHLY;BYDAY=2TH'"), ==, 1);
  g_assert_cmpint (COUNT ("SELECT count(*) FROM meeting WHERE kind = 'joint_party' AND rrule LIKE '%INTERVAL=3%'"), ==, 1);
  /* About twenty projects across the five stages, with money. */
  g_assert_cmpint (COUNT ("SELECT count(*) FROM project"), ==, 20);
  g_assert_cmpint (COUNT ("SELECT count(DISTINCT stage) FROM project"), ==, 5);
  g_assert_cmpint (COUNT ("SELECT sum(amount) FROM project_income WHERE project_id = (SELECT id FROM project WHERE name = '童趣乐园')"), ==, 1200000);
  /* Everything is in the journal, ready to sync. */
  g_assert_cmpint (COUNT ("SELECT count(DISTINCT row_id) FROM journal WHERE op = 'I'"), ==,
                   COUNT ("SELECT (SELECT count(*) FROM person) + (SELECT count(*) FROM household) + "
                          "(SELECT count(*) FROM unit) + (SELECT count(*) FROM building) + (SELECT count(*) FROM grid) + "
                          "(SELECT count(*) FROM team) + (SELECT count(*) FROM team_member) + (SELECT count(*) FROM visit) + "
                          "(SELECT count(*) FROM person_tag) + (SELECT count(*) FROM meeting) + (SELECT count(*) FROM attendance) + "
                          "(SELECT count(*) FROM project) + (SELECT count(*) FROM project_income) + (SELECT count(*) FROM project_spend) + "
                          "(SELECT count(*) FROM project_review) + (SELECT count(*) FROM project_opinion) + (SELECT count(*) FROM project_stage) + "
                          "(SELECT count(*) FROM project_metric) + (SELECT count(*) FROM project_task) + (SELECT count(*) FROM volunteer) + "
                          "(SELECT count(*) FROM skill) + (SELECT count(*) FROM service_item) + (SELECT count(*) FROM shift_pattern) + "
                          "(SELECT count(*) FROM shift_exception) + (SELECT count(*) FROM blackout) + (SELECT count(*) FROM venue) + "
                          "(SELECT count(*) FROM meeting_invitee) + (SELECT count(*) FROM decision) + (SELECT count(*) FROM organisation) + "
                          "(SELECT count(*) FROM tag) + (SELECT count(*) FROM neighbourhood) + (SELECT count(*) FROM compound) + "
                          "(SELECT count(*) FROM community)"));
#undef COUNT

  g_assert_true (linli_db_check (db, report, &error));
}

static void
test_valid_people (void)
{
  g_autoptr(LinliDb) db = make_demo (7);
  g_autoptr(LinliQuery) q = linli_db_query (db, NULL,
                                            "SELECT id_number, birth_date, gender, phone FROM person WHERE is_resident = 1", NULL);
  guint n = 0;

  while (linli_query_next (q, NULL))
    {
      const char *id = linli_query_get_string (q, 0);
      g_autofree char *birth = linli_id_number_birth_date (id);
      const char *phone = linli_query_get_string (q, 3);
      char gender = linli_query_get_string (q, 2)[0];

      g_assert_cmpint (linli_id_number_check (id), ==, LINLI_ID_OK);
      g_assert_cmpstr (birth, ==, linli_query_get_string (q, 1));
      g_assert_cmpint (linli_id_number_gender (id), ==, gender);
      if (phone != NULL)
        g_assert_true (linli_phone_is_valid (phone));
      n++;
    }
  g_assert_cmpuint (n, >, 1000);
  /* Two residents never share an ID number (the seed scale is checked by
   * /import/export/round-trip-demo). */
  g_assert_cmpint (linli_db_query_int (db, NULL, "SELECT count(DISTINCT id_number) FROM person WHERE is_resident = 1", NULL),
                   ==, n);
}

static void
test_deterministic (void)
{
  g_autoptr(LinliDb) a = make_demo (42);
  g_autoptr(LinliDb) b = make_demo (42);
  g_autoptr(LinliDb) c = make_demo (43);
  g_autofree char *da = canonical_dump (a);
  g_autofree char *db = canonical_dump (b);
  g_autofree char *dc = canonical_dump (c);

  g_assert_cmpuint (strlen (da), >, 100000);
  g_assert_true (g_str_equal (da, db));
  g_assert_false (g_str_equal (da, dc));
}

int
main (int argc, char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  linli_core_init ();
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/demo/small-counts", test_small_counts);
  g_test_add_func ("/demo/valid-people", test_valid_people);
  g_test_add_func ("/demo/deterministic", test_deterministic);

  return g_test_run ();
}
