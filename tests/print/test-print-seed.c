/* test-print-seed.c: every sheet kind of the `seed` demo community (337
 * stairwells, 15 grids) through linli-cli print, read back with poppler
 * and checked against the community file itself.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "linli-core.h"
#include "linli-format.h"
#include "linli-roster-time.h"
#include "print-test-util.h"

static char *seed_path;
static LinliDb *db;

typedef struct
{
  char  *pdf;
  char  *text;
  guint  pages;
  guint  sheets;
} Printed;

static void
printed_clear (Printed *p)
{
  g_free (p->pdf);
  g_free (p->text);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Printed, printed_clear)

/* linli-cli print KIND ARGS… -o seed-NAME.pdf on DB, and what every
 * sheet must satisfy. */
static void
print_args (const char        *db_file,
            const char        *kind,
            const char        *name,
            const char *const *args,
            Printed           *p)
{
  g_autofree char *file = g_strdup_printf ("seed-%s.pdf", name);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  guint pages = 0, sheets = 0;

  p->pdf = print_test_tmp_path (file);
  g_ptr_array_add (argv, (char *) "--db");
  g_ptr_array_add (argv, (char *) db_file);
  g_ptr_array_add (argv, (char *) "print");
  g_ptr_array_add (argv, (char *) kind);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, (char *) "-o");
  g_ptr_array_add (argv, p->pdf);
  g_ptr_array_add (argv, NULL);

  if (print_test_run_cli ((const char *const *) argv->pdata, &out, &err) != 0)
    g_error ("linli-cli print %s failed: %s", kind, err);
  /* "已写入 337 页（337 份表单）到 …": pages, then sheets. */
  {
    char *end = NULL;
    const char *s = strpbrk (out, "0123456789");

    g_assert_nonnull (s);
    pages = (guint) strtoul (s, &end, 10);
    s = strpbrk (end, "0123456789");
    g_assert_nonnull (s);
    sheets = (guint) strtoul (s, NULL, 10);
  }

  p->pages = print_test_pdf_pages (p->pdf);
  p->sheets = sheets;
  g_assert_cmpuint (p->pages, ==, pages);
  p->text = print_test_pdftotext (p->pdf, FALSE);

  print_test_assert_fonts_embedded (p->pdf);
  print_test_assert_within_margins (p->pdf, 12.0);
  print_test_assert_no_overlap (p->pdf);
}

static void
print_kind (const char *kind,
            const char *scope_option,
            const char *scope_value,
            Printed    *p)
{
  print_args (seed_path, kind, kind, (const char *[]) { scope_option, scope_value, NULL }, p);
}

/* No one's ID number, on any sheet: nothing shaped like one at all. */
static void
assert_no_id_numbers (const char *text)
{
  g_autoptr(GRegex) re = g_regex_new ("[0-9]{17}[0-9Xx]", 0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;

  g_assert_cmpint (linli_db_query_int (db, NULL, "SELECT count(*) FROM person WHERE length(id_number) = 18", NULL),
                   >, 0);
  if (g_regex_match (re, text, 0, &match))
    {
      g_autofree char *found = g_match_info_fetch (match, 0);

      g_error ("an ID number is printed: %s", found);
    }
}

static void
assert_phone (const char *text,
              const char *phone,
              gboolean    consent)
{
  g_autofree char *masked = linli_mask_phone (phone);

  if (phone == NULL || *phone == '\0')
    return;
  if (consent)
    print_test_assert_contains (text, phone);
  else
    {
      print_test_assert_contains (text, masked);
      print_test_assert_lacks (text, phone);
    }
}

static void
test_squad (void)
{
  g_autofree char *compound = linli_db_query_string (db, NULL,
                                                     "SELECT name FROM compound WHERE deleted = 0 ORDER BY rowid LIMIT 1", NULL);
  gint64 units = linli_db_query_int (db, NULL,
                                     "SELECT count(*) FROM unit u JOIN building b ON b.id = u.building_id AND b.deleted = 0 "
                                     "JOIN compound c ON c.id = b.compound_id WHERE u.deleted = 0 AND c.name = ?",
                                     "s", compound);
  g_autoptr(LinliQuery) q = NULL;
  g_auto(Printed) p = { 0 };
  guint members = 0, masked = 0, whole = 0;

  print_kind ("squad", "--compound", compound, &p);
  /* One page per stairwell: 337 in the seed. */
  g_assert_cmpuint (p.pages, ==, units);
  g_assert_cmpuint (p.sheets, ==, units);
  g_assert_cmpuint (units, ==, 337);

  /* Every squad member of every building, with the phone as consent says. */
  q = linli_db_query (db, NULL,
                      "SELECT p.name, p.phone, p.consent_publish FROM team t "
                      "JOIN team_member tm ON tm.team_id = t.id AND tm.deleted = 0 "
                      "JOIN person p ON p.id = tm.person_id AND p.deleted = 0 "
                      "WHERE t.deleted = 0 AND t.kind = 'squad119' AND t.scope = 'building' "
                      "AND (tm.left_on IS NULL OR tm.left_on = '')", NULL);
  while (linli_query_next (q, NULL))
    {
      print_test_assert_contains (p.text, linli_query_get_string (q, 0));
      assert_phone (p.text, linli_query_get_string (q, 1), linli_query_get_int (q, 2));
      members++;
      if (linli_query_get_int (q, 2))
        whole++;
      else
        masked++;
    }
  g_assert_cmpuint (members, >, 300);
  g_assert_cmpuint (whole, >, 0);
  g_assert_cmpuint (masked, >, 0);

  /* The grid workers and the hotline. */
  g_clear_pointer (&q, linli_query_free);
  q = linli_db_query (db, NULL,
                      "SELECT p.name, p.phone, p.consent_publish FROM grid g JOIN person p ON p.id = g.worker_id "
                      "WHERE g.deleted = 0", NULL);
  while (linli_query_next (q, NULL))
    {
      print_test_assert_contains (p.text, linli_query_get_string (q, 0));
      assert_phone (p.text, linli_query_get_string (q, 1), linli_query_get_int (q, 2));
    }
  {
    g_autofree char *hotline = linli_db_query_string (db, NULL, "SELECT hotline FROM community LIMIT 1", NULL);

    if (hotline != NULL && *hotline != '\0')
      print_test_assert_contains (p.text, hotline);
  }
  print_test_assert_contains (p.text, "119自管小分队");
  print_test_assert_lacks (p.text, "内部资料");
  assert_no_id_numbers (p.text);
  g_free (print_test_render_png (p.pdf, 1, "sheet-squad"));
}

static void
test_grid_cards (void)
{
  gint64 grids = linli_db_query_int (db, NULL, "SELECT count(*) FROM grid WHERE deleted = 0", NULL);
  g_autoptr(LinliQuery) q = NULL;
  g_auto(Printed) p = { 0 };

  print_kind ("grid-card", "--all", NULL, &p);
  g_assert_cmpuint (p.pages, ==, grids);
  g_assert_cmpuint (grids, ==, 15);
  print_test_assert_contains (p.text, "网格服务卡");

  q = linli_db_query (db, NULL,
                      "SELECT w.name, w.phone, w.consent_publish, s.name, s.phone, s.consent_publish "
                      "FROM grid g LEFT JOIN person w ON w.id = g.worker_id LEFT JOIN person s ON s.id = g.secretary_id "
                      "WHERE g.deleted = 0", NULL);
  while (linli_query_next (q, NULL))
    {
      if (!linli_query_is_null (q, 0))
        {
          print_test_assert_contains (p.text, linli_query_get_string (q, 0));
          assert_phone (p.text, linli_query_get_string (q, 1), linli_query_get_int (q, 2));
        }
      if (!linli_query_is_null (q, 3))
        {
          print_test_assert_contains (p.text, linli_query_get_string (q, 3));
          assert_phone (p.text, linli_query_get_string (q, 4), linli_query_get_int (q, 5));
        }
    }
  assert_no_id_numbers (p.text);
  g_free (print_test_render_png (p.pdf, 1, "sheet-grid-card"));
}

static guint
count (const char *haystack,
       const char *needle)
{
  guint n = 0;

  for (const char *s = haystack; (s = strstr (s, needle)) != NULL; s += strlen (needle))
    n++;
  return n;
}

static void
test_households (void)
{
  gint64 buildings = linli_db_query_int (db, NULL, "SELECT count(*) FROM building WHERE deleted = 0", NULL);
  g_autoptr(LinliQuery) q = NULL;
  g_auto(Printed) p = { 0 };
  guint heads = 0;

  print_kind ("households", "--all", NULL, &p);
  g_assert_cmpuint (p.sheets, ==, buildings);
  g_assert_cmpuint (p.pages, >=, buildings);
  /* Internal: said on every page. */
  g_assert_cmpuint (count (p.text, "内部资料"), ==, p.pages);

  q = linli_db_query (db, NULL,
                      "SELECT p.name, p.phone, p.consent_publish FROM household h JOIN person p ON p.id = h.head_id "
                      "AND p.deleted = 0 WHERE h.deleted = 0 ORDER BY h.rowid LIMIT 400", NULL);
  while (linli_query_next (q, NULL))
    {
      print_test_assert_contains (p.text, linli_query_get_string (q, 0));
      assert_phone (p.text, linli_query_get_string (q, 1), linli_query_get_int (q, 2));
      heads++;
    }
  g_assert_cmpuint (heads, >, 100);
  assert_no_id_numbers (p.text);
  g_free (print_test_render_png (p.pdf, 1, "sheet-households"));
}

static void
test_care_list (void)
{
  gint64 grids = linli_db_query_int (db, NULL, "SELECT count(*) FROM grid WHERE deleted = 0", NULL);
  g_autoptr(LinliQuery) q = NULL;
  g_auto(Printed) p = { 0 };
  guint people = 0;

  print_kind ("care-list", "--all", NULL, &p);
  g_assert_cmpuint (p.sheets, ==, grids);
  g_assert_cmpuint (count (p.text, "内部资料"), ==, p.pages);
  print_test_assert_contains (p.text, "80岁以上");

  /* Everyone with a care tag is on the list. */
  q = linli_db_query (db, NULL,
                      "SELECT DISTINCT p.name, p.phone, p.consent_publish FROM person p "
                      "JOIN person_tag pt ON pt.person_id = p.id AND pt.deleted = 0 "
                      "JOIN tag t ON t.id = pt.tag_id AND t.care = 1 AND t.deleted = 0 "
                      "JOIN household h ON h.id = p.household_id AND h.deleted = 0 "
                      "JOIN unit u ON u.id = h.unit_id AND u.deleted = 0 "
                      "JOIN building b ON b.id = u.building_id AND b.deleted = 0 AND b.grid_id IS NOT NULL "
                      "WHERE p.deleted = 0", NULL);
  while (linli_query_next (q, NULL))
    {
      print_test_assert_contains (p.text, linli_query_get_string (q, 0));
      people++;
    }
  g_assert_cmpuint (people, >, 10);
  assert_no_id_numbers (p.text);
  g_free (print_test_render_png (p.pdf, 1, "sheet-care-list"));
}

/* The seed with the 周三有约 roster generated by the roster module for the
 * 52 weeks from the first week of its times, in a copy of the file. */
static char *roster_path;
static LinliDb *roster_db;
static char *market_id;
static guint32 year_start;

static void
make_roster (void)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *dtstart = NULL;
  g_autofree char *from = NULL;
  g_autoptr(GError) error = NULL;

  if (roster_db != NULL)
    return;

  roster_path = print_test_tmp_path ("seed-roster.db");
  if (print_test_run_cli ((const char *[]) { "--db", seed_path, "backup", roster_path, NULL }, &out, &err) != 0)
    g_error ("linli-cli backup failed: %s", err);

  /* The demo's times start on the first Wednesday of its year. */
  dtstart = linli_db_query_string (db, &error,
                                   "SELECT sp.dtstart FROM shift_pattern sp JOIN team t ON t.id = sp.team_id "
                                   "WHERE t.name = '周三有约' AND sp.deleted = 0 ORDER BY sp.dtstart LIMIT 1", NULL);
  g_assert_no_error (error);
  g_assert_nonnull (dtstart);
  year_start = linli_roster_week_start (linli_roster_parse_date (dtstart));
  from = linli_roster_format_date (year_start);

  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  if (print_test_run_cli ((const char *[]) { "--db", roster_path, "roster", "generate", "--team", "周三有约",
                                             "--from", from, "--weeks", "52", NULL }, &out, &err) != 0)
    g_error ("linli-cli roster generate failed: %s", err);

  roster_db = linli_db_open (roster_path, &error);
  g_assert_no_error (error);
  market_id = linli_db_query_string (roster_db, NULL, "SELECT id FROM team WHERE name = '周三有约' AND deleted = 0", NULL);
  g_assert_nonnull (market_id);
}

/* Everyone on the roster from FROM to TO is printed; returns how many
 * cells have open places. */
static guint
assert_roster_names (const char *text,
                     const char *from,
                     const char *to)
{
  g_autoptr(LinliQuery) q = NULL;
  guint people = 0, open = 0;

  q = linli_db_query (roster_db, NULL,
                      "SELECT DISTINCT p.name FROM assignment a JOIN shift s ON s.id = a.shift_id "
                      "JOIN volunteer v ON v.id = a.volunteer_id JOIN person p ON p.id = v.person_id "
                      "WHERE s.team_id = ? AND s.deleted = 0 AND s.cancelled = 0 AND a.deleted = 0 "
                      "AND a.status != 'absent' AND s.date BETWEEN ? AND ?",
                      "sss", market_id, from, to);
  while (linli_query_next (q, NULL))
    {
      print_test_assert_contains (text, linli_query_get_string (q, 0));
      people++;
    }
  g_assert_cmpuint (people, >=, 20);

  g_clear_pointer (&q, linli_query_free);
  q = linli_db_query (roster_db, NULL,
                      "SELECT count(*) FROM shift s WHERE s.team_id = ? AND s.deleted = 0 AND s.cancelled = 0 "
                      "AND s.date BETWEEN ? AND ? AND s.needed > (SELECT count(*) FROM assignment a "
                      "  WHERE a.shift_id = s.id AND a.deleted = 0 AND a.status != 'absent')",
                      "sss", market_id, from, to);
  g_assert_true (linli_query_next (q, NULL));
  open = (guint) linli_query_get_int (q, 0);
  return open;
}

/* The weeks of 11-23 of the demo's year, as the notice board has them. */
static void
test_roster (void)
{
  g_autoptr(LinliQuery) q = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_auto(Printed) p = { 0 };
  guint open;

  make_roster ();
  {
    g_autofree char *nov = g_strdup_printf ("%04d-11-23", linli_roster_year_of (year_start + 7));

    from = linli_roster_format_date (linli_roster_week_start (linli_roster_parse_date (nov)));
    to = linli_roster_format_date (linli_roster_parse_date (from) + 27);
  }
  print_args (roster_path, "roster", "roster",
              (const char *[]) { "--team", "周三有约", "--from", from, "--weeks", "4", NULL }, &p);
  /* Twelve items over four Wednesdays: one notice. */
  g_assert_cmpuint (p.pages, ==, 1);
  g_assert_cmpuint (p.sheets, ==, 1);
  print_test_assert_contains (p.text, "周三有约 志愿服务排班表");
  print_test_assert_contains (p.text, "服务时间 09:00–11:30");
  g_assert_cmpuint (count (p.text, "周三"), >=, 4);

  q = linli_db_query (roster_db, NULL, "SELECT name FROM service_item WHERE team_id = ? AND deleted = 0",
                      "s", market_id);
  while (linli_query_next (q, NULL))
    print_test_assert_contains (p.text, linli_query_get_string (q, 0));

  /* Everyone on it; each short shift in red; no volunteer's phone, but
   * the leader's, who agreed to be posted. */
  open = assert_roster_names (p.text, from, to);
  g_assert_cmpuint (count (p.text, "缺"), ==, open + (open > 0 ? 1 : 0) /* the note */);
  print_test_assert_contains (p.text, "队长 张国平 13907186688");
  {
    g_autofree char *hotline = linli_db_query_string (roster_db, NULL, "SELECT hotline FROM community LIMIT 1", NULL);

    if (hotline != NULL && *hotline != '\0')
      print_test_assert_contains (p.text, hotline);
  }
  g_clear_pointer (&q, linli_query_free);
  q = linli_db_query (roster_db, NULL,
                      "SELECT DISTINCT p.phone FROM assignment a JOIN shift s ON s.id = a.shift_id "
                      "JOIN volunteer v ON v.id = a.volunteer_id JOIN person p ON p.id = v.person_id "
                      "WHERE s.team_id = ? AND a.deleted = 0 AND s.date BETWEEN ? AND ? AND p.name != '张国平'",
                      "sss", market_id, from, to);
  while (linli_query_next (q, NULL))
    if (linli_query_get_string (q, 0) != NULL && *linli_query_get_string (q, 0) != '\0')
      print_test_assert_lacks (p.text, linli_query_get_string (q, 0));
  assert_no_id_numbers (p.text);
  print_test_assert_lacks (p.text, "内部资料");
  g_free (print_test_render_png (p.pdf, 1, "sheet-roster"));
}

/* Each page of TEXT (pdftotext's, pages split by form feeds) has the
 * items' header and its number, "第 2 页 / 共 6 页" (pdftotext keeps or
 * drops the spaces depending on the type size). */
static void
assert_pages_numbered (const char *text,
                       guint       n_pages)
{
  g_auto(GStrv) pages = g_strsplit (text, "\f", -1);

  g_assert_cmpuint (g_strv_length (pages), >=, n_pages);
  for (guint i = 0; i < n_pages; i++)
    {
      g_autofree char *number = g_strdup_printf ("第%u页/共%u页", i + 1, n_pages);
      g_autoptr(GString) page = g_string_new (pages[i]);

      g_string_replace (page, " ", "", 0);
      print_test_assert_contains (page->str, "服务项目");
      print_test_assert_contains (page->str, number);
    }
}

/* A whole year of Wednesdays flows over pages, the header of the items
 * on each, every page numbered; larger type takes more pages. */
static void
test_roster_year (void)
{
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_auto(Printed) p = { 0 };
  g_auto(Printed) large = { 0 };
  gint64 dates;

  make_roster ();
  from = linli_roster_format_date (year_start);
  to = linli_roster_format_date (year_start + 52 * 7 - 1);
  print_args (roster_path, "roster", "roster-year",
              (const char *[]) { "--team", "周三有约", "--from", from, "--weeks", "52", NULL }, &p);
  dates = linli_db_query_int (roster_db, NULL,
                              "SELECT count(DISTINCT date) FROM shift WHERE team_id = ? AND deleted = 0 "
                              "AND cancelled = 0 AND date BETWEEN ? AND ?", "sss", market_id, from, to);
  /* 52 Wednesdays less the Spring Festival and National Day. */
  g_assert_cmpint (dates, ==, 50);
  print_test_assert_contains (p.text, "（春节假期）");
  print_test_assert_contains (p.text, "（国庆假期）");
  print_test_assert_contains (p.text, "暂停服务。");

  /* Tables of seven Wednesdays at most on A4: more than one page, every
   * page with the items' header and its number. */
  g_assert_cmpuint (p.sheets, ==, 1);
  g_assert_cmpuint (p.pages, >=, 4);
  g_assert_cmpuint (p.pages, <=, 8);
  assert_pages_numbered (p.text, p.pages);
  g_assert_cmpuint (count (p.text, "周三"), >=, (guint) dates);
  assert_roster_names (p.text, from, to);
  print_test_assert_lacks (p.text, "…");

  /* Large print holds fewer Wednesdays a table (four on A4) and takes
   * more pages, each numbered as well. */
  print_args (roster_path, "roster", "roster-year-large",
              (const char *[]) { "--team", "周三有约", "--from", from, "--weeks", "52", "--large", NULL }, &large);
  g_assert_cmpuint (large.pages, >, p.pages);
  assert_pages_numbered (large.text, large.pages);
  assert_roster_names (large.text, from, to);
}

/* The member sheet of the 37 volunteers of 周三有约. */
static void
test_team (void)
{
  g_autoptr(LinliQuery) q = NULL;
  g_auto(Printed) p = { 0 };
  guint members = 0, masked = 0, whole = 0;

  make_roster ();
  print_args (roster_path, "team", "team", (const char *[]) { "--team", "周三有约", NULL }, &p);
  g_assert_cmpuint (p.sheets, ==, 1);
  print_test_assert_contains (p.text, "周三有约 成员名单");
  print_test_assert_contains (p.text, "共37人");

  q = linli_db_query (roster_db, NULL,
                      "SELECT p.name, p.phone, p.consent_publish FROM team_member m "
                      "JOIN person p ON p.id = m.person_id AND p.deleted = 0 "
                      "WHERE m.team_id = ? AND m.deleted = 0 AND m.left_on IS NULL", "s", market_id);
  while (linli_query_next (q, NULL))
    {
      print_test_assert_contains (p.text, linli_query_get_string (q, 0));
      assert_phone (p.text, linli_query_get_string (q, 1), linli_query_get_int (q, 2));
      members++;
      if (linli_query_get_int (q, 2))
        whole++;
      else
        masked++;
    }
  g_assert_cmpuint (members, ==, 37);
  g_assert_cmpuint (whole, >, 0);
  g_assert_cmpuint (masked, >, 0);
  print_test_assert_contains (p.text, "带“****”的号码");
  /* 37 rows: two pages, the header on both. */
  g_assert_cmpuint (p.pages, ==, 2);
  g_assert_cmpuint (count (p.text, "服务特长"), ==, 2);
  {
    g_autoptr(GString) squeezed = g_string_new (p.text);

    g_string_replace (squeezed, " ", "", 0);
    print_test_assert_contains (squeezed->str, "第2页/共2页");
  }
  assert_no_id_numbers (p.text);
  g_free (print_test_render_png (p.pdf, 1, "sheet-team"));
}

int
main (int argc, char *argv[])
{
  g_autoptr(GError) error = NULL;
  int ret;

  g_setenv ("LANGUAGE", "", TRUE);
  g_setenv ("LC_ALL", "zh_CN.UTF-8", TRUE);
  setlocale (LC_ALL, "zh_CN.UTF-8");
  linli_core_init ();
  g_test_init (&argc, &argv, NULL);

  if (!print_test_have_poppler ())
    {
      g_test_skip ("poppler-utils (pdftotext, pdffonts, pdfinfo) are needed");
      return g_test_run ();
    }
  if (!print_test_seed_demo (&seed_path))
    {
      g_test_skip ("this linli-cli has no demo command");
      return g_test_run ();
    }
  db = linli_db_open (seed_path, &error);
  g_assert_no_error (error);

  g_test_add_func ("/print/seed/squad", test_squad);
  g_test_add_func ("/print/seed/grid-cards", test_grid_cards);
  g_test_add_func ("/print/seed/households", test_households);
  g_test_add_func ("/print/seed/care-list", test_care_list);
  g_test_add_func ("/print/seed/roster", test_roster);
  g_test_add_func ("/print/seed/roster-year", test_roster_year);
  g_test_add_func ("/print/seed/team", test_team);

  ret = g_test_run ();
  g_clear_object (&db);
  g_clear_object (&roster_db);
  g_free (roster_path);
  g_free (market_id);
  g_free (seed_path);
  return ret;
}
