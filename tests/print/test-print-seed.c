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

static void
print_kind (const char *kind,
            const char *scope_option,
            const char *scope_value,
            Printed    *p)
{
  g_autofree char *name = g_strdup_printf ("seed-%s.pdf", kind);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *args[] = { "--db", seed_path, "print", kind, scope_option, scope_value, "-o", NULL, NULL };
  guint pages = 0, sheets = 0;

  p->pdf = print_test_tmp_path (name);
  if (scope_value == NULL)
    {
      args[5] = "-o";
      args[6] = p->pdf;
    }
  else
    args[7] = p->pdf;

  if (print_test_run_cli (args, &out, &err) != 0)
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

  ret = g_test_run ();
  g_clear_object (&db);
  g_free (seed_path);
  return ret;
}
