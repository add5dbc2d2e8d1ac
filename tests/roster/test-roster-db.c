/* test-roster-db.c: rosters in the community file: shifts from patterns,
 * generation, places made by hand, swaps, check-in, the hours ledger,
 * squads, exports and the printed sheets.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "linli-format.h"
#include "linli-hours.h"
#include "linli-print-document.h"
#include "linli-roster.h"
#include "linli-roster-time.h"
#include "linli-shift-pattern.h"
#include "linli-team.h"
#include "linli-volunteer.h"
#include "roster-fixture.h"

typedef struct
{
  LinliDb *db;
  char    *community;
  char    *dir;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->db = linli_db_open_memory (&error);
  g_assert_no_error (error);
  f->community = roster_fixture_community (f->db);
  f->dir = g_dir_make_tmp ("linli-roster-XXXXXX", &error);
  g_assert_no_error (error);
}

static void
remove_dir (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_remove (path);
    }
  g_rmdir (dir);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_assert_finalize_object (f->db);
  g_free (f->community);
  remove_dir (f->dir);
  g_free (f->dir);
}

static gint64
count (LinliDb    *db,
       const char *sql)
{
  g_autoptr(GError) error = NULL;
  gint64 n = linli_db_query_int (db, &error, sql, NULL);

  g_assert_no_error (error);
  return n;
}

/* Every generated place keeps every rule. */
static void
assert_rules_kept (LinliDb    *db,
                   const char *team)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LinliQuery) q = linli_db_query (db, &error,
    "SELECT a.id, a.shift_id, a.volunteer_id FROM assignment a JOIN shift s ON s.id = a.shift_id "
    "WHERE s.team_id = ? AND a.deleted = 0 AND a.manual = 0", "s", team);
  guint n = 0;

  while (linli_query_next (q, &error))
    {
      const char *ignore[] = { linli_query_get_string (q, 0), NULL };
      LinliRosterRule rules = linli_roster_check_place (db, linli_query_get_string (q, 1),
                                                        linli_query_get_string (q, 2), ignore, &error);

      g_assert_no_error (error);
      g_assert_cmpint (rules, ==, LINLI_RULE_OK);
      n++;
    }
  g_assert_no_error (error);
  g_assert_cmpuint (n, >, 0);
}

static void
test_generate_market (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *team = roster_fixture_market (f->db, 37, 12, 1, "2026-01-07");
  g_autoptr(LinliRosterReport) report = NULL;
  g_autoptr(LinliRosterReport) again = NULL;
  gint64 journal;

  report = linli_roster_generate (f->db, team, "2026-01-05", "2026-02-01", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->n_new_shifts, ==, 4 * 12);
  g_assert_cmpuint (report->n_shifts, ==, 4 * 12);
  g_assert_cmpuint (report->n_places, ==, 4 * 17);
  g_assert_cmpuint (report->n_filled + 0, <=, report->n_places);
  g_assert_cmpuint (report->n_filled, >, report->n_places * 3 / 4);
  g_assert_cmpuint (report->spread, <=, 1);
  g_assert_cmpuint (report->n_filled, ==,
                    (guint) count (f->db, "SELECT count(*) FROM assignment WHERE deleted = 0"));
  g_test_message ("4 weeks: %u of %u places, %u gaps", report->n_filled, report->n_places, report->gaps->len);
  for (guint i = 0; i < report->gaps->len; i++)
    {
      LinliRosterGapInfo *gap = g_ptr_array_index (report->gaps, i);
      g_autofree char *why = linli_roster_gap_describe (gap);

      g_assert_cmpuint (gap->missing, >, 0);
      g_assert_nonnull (gap->item);
      g_assert_cmpstr (why, !=, "");
    }
  assert_rules_kept (f->db, team);

  /* The same input again: the same roster, and nothing written. */
  journal = count (f->db, "SELECT count(*) FROM journal");
  again = linli_roster_generate (f->db, team, "2026-01-05", "2026-02-01", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (again->n_new_shifts, ==, 0);
  g_assert_cmpuint (again->n_changed, ==, 0);
  g_assert_cmpuint (again->n_filled, ==, report->n_filled);
  g_assert_cmpint (count (f->db, "SELECT count(*) FROM journal"), ==, journal);
}

/* A place on the item that day, of someone who is not on @other's shift. */
static char *
first_assignment_but (LinliDb    *db,
                      const char *date,
                      const char *item,
                      const char *other)
{
  g_autoptr(GError) error = NULL;
  char *id = linli_db_query_string (db, &error,
    "SELECT a.id FROM assignment a JOIN shift s ON s.id = a.shift_id JOIN service_item i ON i.id = s.service_item_id "
    "WHERE s.date = ? AND i.name = ? AND a.deleted = 0 AND a.volunteer_id NOT IN "
    "(SELECT volunteer_id FROM assignment WHERE id = ?) ORDER BY a.id LIMIT 1", "sss", date, item, other ? other : "");

  g_assert_no_error (error);
  g_assert_nonnull (id);
  return id;
}

static char *
first_assignment (LinliDb    *db,
                  const char *date,
                  const char *item)
{
  return first_assignment_but (db, date, item, NULL);
}

static void
test_manual_kept (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *team = roster_fixture_market (f->db, 37, 12, 2, "2026-01-07");
  g_autoptr(LinliRosterReport) report = NULL;
  g_autofree char *shift = NULL, *lawyer_shift = NULL, *barber = NULL, *placed = NULL;
  LinliRosterRule rules;

  report = linli_roster_generate (f->db, team, "2026-01-05", "2026-02-01", &error);
  g_assert_no_error (error);

  /* A barber put on legal advice by hand: the skill rule warns... */
  lawyer_shift = linli_db_query_string (f->db, &error,
    "SELECT s.id FROM shift s JOIN service_item i ON i.id = s.service_item_id "
    "WHERE s.date = '2026-01-14' AND i.name = '法律咨询'", NULL);
  barber = linli_db_query_string (f->db, &error,
    "SELECT v.id FROM volunteer v, skill k WHERE k.name = '法律咨询' AND instr (v.skills, k.id) = 0 "
    "AND NOT EXISTS (SELECT 1 FROM assignment a JOIN shift s ON s.id = a.shift_id "
    "WHERE a.volunteer_id = v.id AND s.date = '2026-01-14' AND a.deleted = 0) ORDER BY v.id LIMIT 1", NULL);
  g_assert_nonnull (lawyer_shift);
  g_assert_nonnull (barber);
  rules = linli_roster_check_place (f->db, lawyer_shift, barber, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (rules & LINLI_RULE_SKILL);
  {
    g_autofree char *text = linli_roster_rules_describe (rules, "王建国");

    g_assert_nonnull (strstr (text, "王建国"));
  }

  /* ...and placed anyway, the place stays through a new generation. */
  placed = linli_roster_place (f->db, lawyer_shift, barber, &error);
  g_assert_no_error (error);
  g_assert_null (linli_roster_place (f->db, lawyer_shift, barber, &error));
  g_assert_error (error, LINLI_DB_ERROR, LINLI_DB_ERROR_INVALID);
  g_clear_error (&error);

  g_clear_pointer (&report, linli_roster_report_free);
  report = linli_roster_generate (f->db, team, "2026-01-05", "2026-02-01", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->n_kept, ==, 1);
  g_assert_cmpint (linli_db_query_int (f->db, &error, "SELECT deleted + 10 * manual FROM assignment WHERE id = ?",
                                       "s", placed), ==, 10);
  /* The shift needs one: the generated lawyer made way. */
  g_assert_cmpint (linli_db_query_int (f->db, &error,
                                       "SELECT count(*) FROM assignment WHERE shift_id = ? AND deleted = 0",
                                       "s", lawyer_shift), ==, 1);
  /* Nobody else that morning is that barber. */
  g_assert_cmpint (linli_db_query_int (f->db, &error,
    "SELECT count(*) FROM assignment a JOIN shift s ON s.id = a.shift_id "
    "WHERE a.volunteer_id = ? AND s.date = '2026-01-14' AND a.deleted = 0", "s", barber), ==, 1);
  shift = NULL;
}

static void
test_swap (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *team = roster_fixture_market (f->db, 37, 12, 3, "2026-01-07");
  g_autoptr(LinliRosterReport) report = linli_roster_generate (f->db, team, "2026-01-05", "2026-02-01", &error);
  g_autofree char *a = first_assignment (f->db, "2026-01-07", "义务理发");
  g_autofree char *b = first_assignment_but (f->db, "2026-01-14", "义务理发", a);
  g_autofree char *va = linli_db_query_string (f->db, NULL, "SELECT volunteer_id FROM assignment WHERE id = ?", "s", a);
  g_autofree char *vb = linli_db_query_string (f->db, NULL, "SELECT volunteer_id FROM assignment WHERE id = ?", "s", b);
  g_autofree char *va2 = NULL, *vb2 = NULL;
  LinliRosterRule ra = 0, rb = 0;

  g_assert_no_error (error);
  g_assert_cmpstr (va, !=, vb);
  g_assert_true (linli_roster_check_swap (f->db, a, b, &ra, &rb, &error));
  g_assert_no_error (error);
  g_test_message ("swap rules: %d %d", ra, rb);

  g_assert_true (linli_roster_swap (f->db, a, b, &error));
  g_assert_no_error (error);
  va2 = linli_db_query_string (f->db, NULL, "SELECT volunteer_id FROM assignment WHERE id = ?", "s", a);
  vb2 = linli_db_query_string (f->db, NULL, "SELECT volunteer_id FROM assignment WHERE id = ?", "s", b);
  g_assert_cmpstr (va2, ==, vb);
  g_assert_cmpstr (vb2, ==, va);
  g_assert_cmpint (linli_db_query_int (f->db, NULL, "SELECT manual FROM assignment WHERE id = ?", "s", a), ==, 1);

  /* Checked in: no more swapping. */
  g_assert_true (linli_roster_check_in (f->db, a, LINLI_ATTENDANCE_ATTENDED, -1, &error));
  g_assert_false (linli_roster_swap (f->db, a, b, &error));
  g_assert_error (error, LINLI_DB_ERROR, LINLI_DB_ERROR_INVALID);
}

/* Places emptied by hand are explained; a name moves to another shift. */
static guint
missing_on (GPtrArray  *gaps,
            const char *shift)
{
  for (guint i = 0; i < gaps->len; i++)
    {
      LinliRosterGapInfo *gap = g_ptr_array_index (gaps, i);

      if (g_str_equal (gap->shift_id, shift))
        return gap->missing;
    }
  return 0;
}

/* Places emptied by hand are explained; a name moves to another shift. */
static void
test_explain_and_move (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *team = roster_fixture_market (f->db, 37, 12, 9, "2026-01-07");
  g_autoptr(LinliRosterReport) report = linli_roster_generate (f->db, team, "2026-01-05", "2026-02-01", &error);
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autofree char *a = NULL, *shift = NULL, *target = NULL;
  g_autoptr(LinliQuery) q = NULL;

  g_assert_no_error (error);

  /* A place of the first Wednesday whose volunteer is free on a later
   * one: there it can move. */
  q = linli_db_query (f->db, &error,
    "SELECT a.id, a.shift_id, (SELECT s.id FROM shift s WHERE s.team_id = ?1 AND s.date > '2026-01-07' "
    "  AND s.date NOT IN (SELECT s2.date FROM assignment a2 JOIN shift s2 ON s2.id = a2.shift_id "
    "  WHERE a2.deleted = 0 AND a2.volunteer_id = a.volunteer_id) ORDER BY s.date, s.id LIMIT 1) AS target "
    "FROM assignment a JOIN shift s ON s.id = a.shift_id WHERE s.date = '2026-01-07' AND a.deleted = 0 "
    "AND target IS NOT NULL ORDER BY a.id LIMIT 1", "s", team);
  g_assert_true (linli_query_next (q, &error));
  a = linli_query_dup_string (q, 0);
  shift = linli_query_dup_string (q, 1);
  target = linli_query_dup_string (q, 2);
  g_clear_pointer (&q, linli_query_free);

  before = linli_roster_explain (f->db, team, "2026-01-05", "2026-02-01", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (before->len, ==, report->gaps->len);

  g_assert_true (linli_db_soft_delete (f->db, "assignment", a, &error));
  after = linli_roster_explain (f->db, team, "2026-01-05", "2026-02-01", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (missing_on (after, shift), ==, missing_on (before, shift) + 1);
  for (guint i = 0; i < after->len; i++)
    {
      g_autofree char *why = linli_roster_gap_describe (g_ptr_array_index (after, i));

      g_assert_cmpstr (why, !=, "");
    }
  g_assert_true (linli_db_undelete (f->db, "assignment", a, &error));

  g_assert_true (linli_roster_move_to_shift (f->db, a, target, &error));
  g_assert_no_error (error);
  g_assert_cmpint (linli_db_query_int (f->db, NULL, "SELECT manual FROM assignment WHERE id = ? AND shift_id = ?",
                                       "ss", a, target), ==, 1);

  /* Not twice on one shift. */
  {
    g_autofree char *vol = linli_db_query_string (f->db, NULL, "SELECT volunteer_id FROM assignment WHERE id = ?", "s", a);
    g_autofree char *back = linli_roster_walk_in (f->db, shift, vol, -1, &error);

    g_assert_no_error (error);
    g_assert_false (linli_roster_move_to_shift (f->db, a, shift, &error));
    g_assert_error (error, LINLI_DB_ERROR, LINLI_DB_ERROR_INVALID);
  }
}

static LinliHoursRow *
ledger_row (GPtrArray  *rows,
            const char *volunteer)
{
  for (guint i = 0; i < rows->len; i++)
    if (g_str_equal (((LinliHoursRow *) g_ptr_array_index (rows, i))->volunteer_id, volunteer))
      return g_ptr_array_index (rows, i);
  g_error ("no row of the hours ledger for volunteer %s", volunteer);
}

static void
test_check_in_hours (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *team = roster_fixture_market (f->db, 37, 12, 4, "2026-01-07");
  g_autoptr(LinliRosterReport) report = linli_roster_generate (f->db, team, "2026-01-05", "2026-02-01", &error);
  g_autofree char *a = first_assignment (f->db, "2026-01-07", "义务理发");
  g_autofree char *b = first_assignment_but (f->db, "2026-01-14", "义务理发", a);
  g_autofree char *va = linli_db_query_string (f->db, NULL, "SELECT volunteer_id FROM assignment WHERE id = ?", "s", a);
  g_autofree char *vb = linli_db_query_string (f->db, NULL, "SELECT volunteer_id FROM assignment WHERE id = ?", "s", b);
  g_autofree char *shift = linli_db_query_string (f->db, NULL, "SELECT shift_id FROM assignment WHERE id = ?", "s", b);
  g_autofree char *walk = NULL;
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  LinliHoursRow *row;

  before = linli_hours_ledger (f->db, NULL, 2026, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (before->len, ==, 37);
  g_assert_cmpfloat (ledger_row (before, va)->total, ==, 0.0);

  g_assert_true (linli_roster_check_in (f->db, a, LINLI_ATTENDANCE_ATTENDED, -1, &error));
  g_assert_true (linli_roster_check_in (f->db, b, LINLI_ATTENDANCE_ABSENT, -1, &error));
  g_assert_false (linli_roster_check_in (f->db, b, "late", -1, &error));
  g_assert_error (error, LINLI_DB_ERROR, LINLI_DB_ERROR_INVALID);
  g_clear_error (&error);
  /* Someone came without being on the roster, for two hours. */
  walk = linli_roster_walk_in (f->db, shift, va, 2.0, &error);
  g_assert_no_error (error);

  after = linli_hours_ledger (f->db, NULL, 2026, NULL, &error);
  g_assert_no_error (error);
  row = ledger_row (after, va);
  g_assert_cmpfloat_with_epsilon (row->months[0], 4.5, 1e-9);
  g_assert_cmpfloat_with_epsilon (row->total, 4.5, 1e-9);
  g_assert_cmpuint (row->n_shifts, ==, 2);
  row = ledger_row (after, vb);
  g_assert_cmpfloat (row->total, ==, 0.0);
  g_assert_cmpuint (row->n_absent, ==, 1);
  /* Phones go out masked unless consented. */
  for (guint i = 0; i < after->len; i++)
    {
      LinliHoursRow *r = g_ptr_array_index (after, i);
      gint64 consent = linli_db_query_int (f->db, NULL,
                                           "SELECT p.consent_publish FROM volunteer v JOIN person p ON p.id = v.person_id WHERE v.id = ?",
                                           "s", r->volunteer_id);

      g_assert_true ((strchr (r->phone, '*') != NULL) == (consent == 0));
    }

  /* Undo the check-in. */
  g_assert_true (linli_roster_check_in (f->db, a, LINLI_ATTENDANCE_PLANNED, -1, &error));
  g_clear_pointer (&after, g_ptr_array_unref);
  after = linli_hours_ledger (f->db, NULL, 2026, team, &error);
  g_assert_cmpfloat_with_epsilon (ledger_row (after, va)->total, 2.0, 1e-9);

  /* The ledger as files for the district's platform. */
  {
    g_autofree char *csv = g_build_filename (f->dir, "hours.csv", NULL);
    g_autofree char *xlsx = g_build_filename (f->dir, "hours.xlsx", NULL);
    g_autofree char *text = NULL;
    g_autofree char *zip = NULL;
    gsize len;

    g_assert_true (linli_hours_write_csv (after, 2026, csv, &error));
    g_assert_true (g_file_get_contents (csv, &text, &len, NULL));
    g_assert_true (g_str_has_prefix (text, "\xEF\xBB\xBF"));
    g_assert_nonnull (strstr (text, ",2.00,"));
    g_assert_true (linli_hours_write_xlsx (after, 2026, "周三有约 2026", xlsx, &error));
    g_assert_no_error (error);
    g_assert_true (g_file_get_contents (xlsx, &zip, &len, NULL));
    g_assert_cmpuint (len, >, 1000);
    g_assert_true (g_str_has_prefix (zip, "PK"));

    g_assert_false (linli_hours_write_csv (after, 2026, "/nonexistent/dir/hours.csv", &error));
    g_assert_nonnull (strstr (error->message, "/nonexistent/dir/hours.csv"));
    g_clear_error (&error);
  }
}

static void
test_exceptions_and_patterns (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *team = roster_fixture_market (f->db, 20, 3, 5, "2026-01-07");
  g_autofree char *pattern = linli_db_query_string (f->db, NULL, "SELECT id FROM shift_pattern", NULL);
  g_autofree char *exception = NULL;
  g_autoptr(LinliRosterReport) report = NULL;
  g_autoptr(GArray) dates = NULL;

  /* The Spring Festival week has no market. */
  exception = linli_db_insert (f->db, &error, "shift_exception", "community_id,pattern_id,date,note", "ssss",
                               f->community, pattern, "2026-02-18", "春节");
  report = linli_roster_generate (f->db, team, "2026-02-01", "2026-02-28", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->n_shifts, ==, 3 * 3);
  g_assert_cmpint (count (f->db, "SELECT count(*) FROM shift WHERE date = '2026-02-18'"), ==, 0);

  /* An exception added afterwards cancels the shifts already made. */
  g_clear_pointer (&exception, g_free);
  exception = linli_db_insert (f->db, &error, "shift_exception", "community_id,pattern_id,date", "sss",
                               f->community, pattern, "2026-02-25");
  g_clear_pointer (&report, linli_roster_report_free);
  report = linli_roster_generate (f->db, team, "2026-02-01", "2026-02-28", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->n_shifts, ==, 2 * 3);
  g_assert_cmpint (count (f->db, "SELECT count(*) FROM shift WHERE date = '2026-02-25' AND cancelled = 1"), ==, 3);

  /* The second Thursday of every month; daily meal runs. */
  dates = linli_shift_pattern_expand ("FREQ=MONTHLY;BYDAY=2TH", "2026-01-01", NULL,
                                      linli_roster_parse_date ("2026-01-01"), linli_roster_parse_date ("2026-04-30"), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (dates->len, ==, 4);
  {
    g_autofree char *d0 = linli_roster_format_date (g_array_index (dates, guint32, 0));
    g_autofree char *d3 = linli_roster_format_date (g_array_index (dates, guint32, 3));

    g_assert_cmpstr (d0, ==, "2026-01-08");
    g_assert_cmpstr (d3, ==, "2026-04-09");
  }
  g_clear_pointer (&dates, g_array_unref);
  dates = linli_shift_pattern_expand ("FREQ=DAILY", "2026-01-01", "2026-01-10",
                                      linli_roster_parse_date ("2026-01-05"), linli_roster_parse_date ("2026-02-01"), &error);
  g_assert_cmpuint (dates->len, ==, 6);
  g_clear_pointer (&dates, g_array_unref);
  dates = linli_shift_pattern_expand ("FREQ=WEEKLY;BYDAY=WE;COUNT=3", "2026-01-07", NULL,
                                      linli_roster_parse_date ("2026-01-10"), linli_roster_parse_date ("2026-12-31"), &error);
  g_assert_cmpuint (dates->len, ==, 2);

  g_assert_null (linli_shift_pattern_expand ("EVERY WEDNESDAY", "2026-01-07", NULL, 1, 2, &error));
  g_assert_nonnull (strstr (error->message, "EVERY WEDNESDAY"));
  g_clear_error (&error);
  g_assert_null (linli_shift_pattern_expand ("FREQ=MINUTELY", "2026-01-07", NULL, 1, 2, &error));
  g_clear_error (&error);
  g_assert_null (linli_shift_pattern_expand ("FREQ=DAILY", "2026-13-07", NULL, 1, 2, &error));
  g_assert_nonnull (strstr (error->message, "2026-13-07"));
  g_clear_error (&error);

  {
    g_autofree char *a = linli_shift_pattern_describe ("FREQ=WEEKLY;BYDAY=WE");
    g_autofree char *b = linli_shift_pattern_describe ("FREQ=MONTHLY;BYDAY=2TH");
    g_autofree char *c = linli_shift_pattern_describe ("FREQ=DAILY");

    g_assert_cmpstr (a, ==, "Every Wednesday");
    g_assert_cmpstr (b, ==, "The second Thursday of every month");
    g_assert_cmpstr (c, ==, "Every day");
  }
}

static void
test_members_and_limits (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *team = roster_fixture_market (f->db, 6, 1, 6, "2026-01-07");
  g_autofree char *leaver = NULL;
  g_autoptr(LinliRosterReport) report = NULL;

  /* One member leaves the team: never placed again. */
  leaver = linli_db_query_string (f->db, &error, "SELECT person_id FROM team_member ORDER BY id LIMIT 1", NULL);
  g_assert_true (linli_db_exec (f->db, &error, "UPDATE team_member SET left_on = '2026-01-01' WHERE person_id = ?",
                                "s", leaver));
  report = linli_roster_generate (f->db, team, "2026-01-05", "2026-06-30", &error);
  g_assert_no_error (error);
  g_assert_cmpint (linli_db_query_int (f->db, &error,
    "SELECT count(*) FROM assignment a JOIN volunteer v ON v.id = a.volunteer_id WHERE v.person_id = ? AND a.deleted = 0",
    "s", leaver), ==, 0);
  assert_rules_kept (f->db, team);
  g_assert_cmpuint (report->spread, <=, 1);
}

static void
test_bad_input (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *team = roster_fixture_market (f->db, 4, 2, 7, "2026-01-07");
  g_autofree char *vol = linli_db_query_string (f->db, NULL, "SELECT id FROM volunteer ORDER BY id LIMIT 1", NULL);
  g_autofree char *name = linli_db_query_string (f->db, NULL,
                                                 "SELECT p.name FROM volunteer v JOIN person p ON p.id = v.person_id WHERE v.id = ?",
                                                 "s", vol);
  gint64 shifts = count (f->db, "SELECT count(*) FROM shift");
  LinliRosterReport *report;

  g_assert_null (linli_roster_generate (f->db, team, "2026-02-30", "2026-03-01", &error));
  g_assert_nonnull (strstr (error->message, "2026-02-30"));
  g_clear_error (&error);
  g_assert_null (linli_roster_generate (f->db, team, "2026-03-01", "2026-02-01", &error));
  g_clear_error (&error);
  g_assert_null (linli_roster_generate (f->db, team, "2026-01-01", "2036-01-01", &error));
  g_clear_error (&error);

  /* A broken volunteer row: the message names the volunteer, and
   * nothing of the generation stays. */
  g_assert_true (linli_db_set (f->db, &error, "volunteer", vol, "availability", "s", "[{\"day\":9}]"));
  report = linli_roster_generate (f->db, team, "2026-01-05", "2026-02-01", &error);
  g_assert_null (report);
  g_assert_nonnull (strstr (error->message, name));
  g_assert_nonnull (strstr (error->message, "1"));
  g_assert_cmpint (count (f->db, "SELECT count(*) FROM shift"), ==, shifts);
  g_clear_error (&error);

  {
    g_autoptr(GArray) w = linli_availability_parse ("not json", &error);

    g_assert_null (w);
    g_clear_error (&error);
    w = linli_availability_parse ("[{\"day\":3,\"from\":\"09:00\",\"to\":\"11:30\",\"weeks\":\"odd\"}]", &error);
    g_assert_no_error (error);
    g_assert_cmpuint (w->len, ==, 1);
    g_assert_cmpint (g_array_index (w, LinliAvailability, 0).weeks, ==, LINLI_WEEKS_ODD);
  }
}

static void
test_squads (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *b12 = roster_fixture_building (f->db, "12", 16, 4);
  g_autofree char *b3 = roster_fixture_building (f->db, "3", 14, 2);
  g_autofree char *s12 = roster_fixture_squad (f->db, b12, 7, TRUE, FALSE);
  g_autofree char *s3 = roster_fixture_squad (f->db, b3, 9, TRUE, TRUE);
  g_autoptr(GPtrArray) squads = NULL;
  g_autoptr(GPtrArray) suggestions = NULL;
  g_autofree char *json = NULL;
  LinliTeamStatus *st;

  squads = linli_team_check_squads (f->db, f->community, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (squads->len, ==, 2);

  /* Incomplete first, with what it lacks. */
  st = g_ptr_array_index (squads, 0);
  g_assert_cmpstr (st->team_id, ==, s12);
  g_assert_false (st->complete);
  g_assert_cmpuint (st->n_members, ==, 8);
  g_assert_cmpuint (st->lacks->len, ==, 2);
  g_assert_cmpstr (((LinliTeamLack *) g_ptr_array_index (st->lacks, 0))->role, ==, "sunk_cadre");
  g_assert_cmpstr (((LinliTeamLack *) g_ptr_array_index (st->lacks, 1))->role, ==, "building_resident");
  g_assert_cmpuint (((LinliTeamLack *) g_ptr_array_index (st->lacks, 1))->have, ==, 7);
  g_assert_cmpstr (((LinliTeamLack *) g_ptr_array_index (st->lacks, 1))->text, ==, "2 more residents of building 12");

  st = g_ptr_array_index (squads, 1);
  g_assert_cmpstr (st->team_id, ==, s3);
  g_assert_true (st->complete);
  g_assert_cmpuint (st->n_members, ==, 11);

  /* Suggestions: residents of building 12 not in the squad, party
   * members first; and a cadre from elsewhere (building 3's). */
  suggestions = linli_team_suggest (f->db, s12, 5, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (suggestions->len, >=, 3);
  {
    LinliTeamSuggestion *first = g_ptr_array_index (suggestions, 0);
    guint n_residents = 0, n_cadres = 0;

    for (guint i = 0; i < suggestions->len; i++)
      {
        LinliTeamSuggestion *s = g_ptr_array_index (suggestions, i);

        if (g_str_equal (s->role, "building_resident"))
          {
            g_autofree char *building = linli_db_query_string (f->db, NULL,
              "SELECT u.building_id FROM person p JOIN household h ON h.id = p.household_id JOIN unit u ON u.id = h.unit_id WHERE p.id = ?",
              "s", s->person_id);

            g_assert_cmpstr (building, ==, b12);
            n_residents++;
          }
        else if (g_str_equal (s->role, "sunk_cadre"))
          n_cadres++;
      }
    g_assert_cmpuint (n_residents, >=, 2);
    g_assert_cmpuint (n_cadres, ==, 1);
    g_assert_cmpstr (first->role, ==, "sunk_cadre");
    for (guint i = 0; i < suggestions->len; i++)
      {
        LinliTeamSuggestion *s = g_ptr_array_index (suggestions, i);

        if (g_str_equal (s->role, "building_resident"))
          {
            g_assert_true (s->party_member);
            break;
          }
      }
  }

  /* Filling the gaps completes the squad. */
  for (guint i = 0; i < suggestions->len; i++)
    {
      LinliTeamSuggestion *s = g_ptr_array_index (suggestions, i);
      g_autofree char *m = linli_team_add_member (f->db, s12, s->person_id, s->role, &error);

      g_assert_no_error (error);
    }
  {
    g_autoptr(LinliTeamStatus) now = linli_team_check (f->db, s12, &error);

    g_assert_true (now->complete);
  }

  json = linli_team_status_to_json (squads);
  g_assert_nonnull (strstr (json, "\"complete\" : false"));
  g_assert_nonnull (strstr (json, "\"sunk_cadre\""));

  g_assert_null (linli_team_create (f->db, f->community, "choir", "合唱团", "community", NULL, &error));
  g_assert_nonnull (strstr (error->message, "choir"));
  g_clear_error (&error);
  g_assert_null (linli_team_create (f->db, f->community, LINLI_TEAM_SQUAD119, "  ", "building", b12, &error));
  g_clear_error (&error);
  g_assert_null (linli_team_add_member (f->db, s12, "nobody", "pilot", &error));
  g_assert_nonnull (strstr (error->message, "pilot"));
}

static gboolean
have_pdftotext (void)
{
  g_autofree char *path = g_find_program_in_path ("pdftotext");

  return path != NULL;
}

static void
test_sheets_and_exports (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *team = roster_fixture_market (f->db, 37, 12, 8, "2026-01-07");
  g_autoptr(LinliRosterReport) report = linli_roster_generate (f->db, team, "2026-01-05", "2026-02-01", &error);
  g_autofree char *week_pdf = g_build_filename (f->dir, "week.pdf", NULL);
  g_autofree char *members_pdf = g_build_filename (f->dir, "members.pdf", NULL);
  g_autofree char *csv = g_build_filename (f->dir, "roster.csv", NULL);
  g_autofree char *vcsv = g_build_filename (f->dir, "volunteers.csv", NULL);
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  g_autofree char *hidden = NULL;
  g_autofree char *shown = NULL;
  g_autoptr(LinliSheetRequest) week = linli_sheet_request_new ("roster", LINLI_SCOPE_TEAM, team);
  g_autoptr(LinliSheetRequest) members = linli_sheet_request_new ("team", LINLI_SCOPE_TEAM, team);
  g_autoptr(LinliPrintDocument) week_doc = NULL;
  g_autoptr(LinliPrintDocument) members_doc = NULL;
  guint empty = 0;

  g_assert_no_error (error);

  /* The printed sheets come from the print engine (tests/print checks
   * their pages with poppler); here, that they hold what the team has. */
  week->from = g_strdup ("2026-01-12");
  week->date = g_strdup ("2026-01-10");
  week_doc = linli_print_document_new (f->db, week, &error);
  g_assert_no_error (error);
  g_assert_true (linli_print_document_write_pdf (week_doc, week_pdf, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (linli_print_document_get_n_pages (week_doc), ==, 1);

  /* A phone of someone who did not consent is masked; one who did, shown. */
  hidden = linli_db_query_string (f->db, &error,
    "SELECT p.phone FROM team_member m JOIN person p ON p.id = m.person_id "
    "WHERE m.team_id = ? AND p.consent_publish = 0 AND m.deleted = 0 LIMIT 1", "s", team);
  shown = linli_db_query_string (f->db, &error,
    "SELECT p.phone FROM team_member m JOIN person p ON p.id = m.person_id "
    "WHERE m.team_id = ? AND p.consent_publish = 1 AND m.deleted = 0 LIMIT 1", "s", team);
  g_assert_nonnull (hidden);
  members->date = g_strdup ("2026-01-10");
  members_doc = linli_print_document_new (f->db, members, &error);
  g_assert_no_error (error);
  g_assert_true (linli_print_document_write_pdf (members_doc, members_pdf, NULL, NULL, NULL, &error));
  g_assert_no_error (error);

  if (have_pdftotext ())
    {
      g_autofree char *cmd = g_strdup_printf ("pdftotext -enc UTF-8 %s -", week_pdf);
      g_autofree char *out = NULL;
      g_autofree char *masked = linli_mask_phone (hidden);

      g_assert_true (g_spawn_command_line_sync (cmd, &out, NULL, NULL, &error));
      g_assert_nonnull (strstr (out, "周三有约 Duty Roster"));
      g_assert_nonnull (strstr (out, "义务理发"));
      g_assert_nonnull (strstr (out, "代写书信"));
      g_assert_nonnull (strstr (out, "027-86300119"));
      g_assert_null (strstr (out, hidden));

      g_clear_pointer (&cmd, g_free);
      g_clear_pointer (&out, g_free);
      cmd = g_strdup_printf ("pdftotext -enc UTF-8 %s -", members_pdf);
      g_assert_true (g_spawn_command_line_sync (cmd, &out, NULL, NULL, &error));
      g_assert_nonnull (strstr (out, "Leader"));
      g_assert_null (strstr (out, hidden));
      g_assert_nonnull (strstr (out, masked));
      if (shown != NULL)
        g_assert_nonnull (strstr (out, shown));
    }

  /* The roster as CSV: one row a place, filled or not. */
  g_assert_true (linli_roster_export_csv (f->db, csv, team, "2026-01-05", "2026-02-01", &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (csv, &contents, NULL, NULL));
  lines = g_strsplit (contents, "\r\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 1 + report->n_places + 1);
  g_assert_cmpstr (lines[g_strv_length (lines) - 1], ==, "");
  for (guint i = 1; lines[i] && *lines[i]; i++)
    {
      g_auto(GStrv) cells = g_strsplit (lines[i], ",", -1);

      g_assert_cmpuint (g_strv_length (cells), ==, 7);
      g_assert_cmpuint (strlen (cells[0]), ==, 10);
      g_assert_cmpuint (strlen (cells[1]), ==, 5);
      g_assert_cmpstr (cells[3], ==, "周三有约");
      if (*cells[5] == '\0')
        {
          g_assert_cmpstr (cells[6], ==, "");
          empty++;
        }
    }
  g_assert_cmpuint (empty, ==, report->n_places - report->n_filled);

  g_assert_true (linli_volunteers_export_csv (f->db, NULL, vcsv, &error));
  g_clear_pointer (&contents, g_free);
  g_assert_true (g_file_get_contents (vcsv, &contents, NULL, NULL));
  g_clear_pointer (&lines, g_strfreev);
  lines = g_strsplit (contents, "\r\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 1 + 37 + 1);
  g_assert_nonnull (strstr (contents, "WE 08:30-12:00"));
}

int
main (int argc, char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("/roster/db/generate-market", test_generate_market);
  ADD ("/roster/db/manual-kept", test_manual_kept);
  ADD ("/roster/db/swap", test_swap);
  ADD ("/roster/db/explain-and-move", test_explain_and_move);
  ADD ("/roster/db/check-in-hours", test_check_in_hours);
  ADD ("/roster/db/exceptions-and-patterns", test_exceptions_and_patterns);
  ADD ("/roster/db/members-and-limits", test_members_and_limits);
  ADD ("/roster/db/bad-input", test_bad_input);
  ADD ("/roster/db/squads", test_squads);
  ADD ("/roster/db/sheets-and-exports", test_sheets_and_exports);
#undef ADD

  return g_test_run ();
}
