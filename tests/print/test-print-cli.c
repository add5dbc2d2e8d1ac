/* test-print-cli.c: linli-cli print — what it writes, and what it says
 * when it is asked for something it cannot print.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "linli-core.h"
#include "print-test-util.h"

static char *db_path;

static void
test_writes_pdf (void)
{
  g_autofree char *pdf = print_test_tmp_path ("cli-squad.pdf");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *text = NULL;

  g_assert_cmpint (print_test_run_cli ((const char *[]) { "--db", db_path, "print", "squad", "--building", "12",
                                                          "--red-band", "--date", FIXTURE_DATE, "-o", pdf, NULL },
                                       &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, pdf));
  g_assert_cmpuint (print_test_pdf_pages (pdf), ==, 2);
  text = print_test_pdftotext (pdf, FALSE);
  print_test_assert_contains (text, "12栋1单元");
  print_test_assert_contains (text, "12栋2单元");
  print_test_assert_contains (text, "2026年11月23日");
}

/* The duty roster of the fixture's market and its member sheet. */
static void
test_team_sheets (void)
{
  g_autofree char *pdf = print_test_tmp_path ("cli-roster.pdf");
  g_autofree char *pdf2 = print_test_tmp_path ("cli-team.pdf");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *text = NULL;

  g_assert_cmpint (print_test_run_cli ((const char *[]) { "--db", db_path, "print", "roster", "--team", "周三有约",
                                                          "--from", "2026-11-23", "--weeks", "4",
                                                          "--date", FIXTURE_DATE, "-o", pdf, NULL },
                                       &out, &err), ==, 0);
  text = print_test_pdftotext (pdf, FALSE);
  print_test_assert_contains (text, "周三有约 志愿服务排班表");
  print_test_assert_contains (text, "2026年11月23日至2026年12月20日");
  print_test_assert_contains (text, "吴桂兰");
  print_test_assert_contains (text, "缺1人");
  print_test_assert_contains (text, "12月9日 周三（消防演练）暂停服务。");
  print_test_assert_contains (text, "队长 赵大海 13711112222");
  print_test_assert_fonts_embedded (pdf);
  print_test_assert_within_margins (pdf, 12.0);
  print_test_assert_no_overlap (pdf);

  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_clear_pointer (&text, g_free);
  g_assert_cmpint (print_test_run_cli ((const char *[]) { "--db", db_path, "print", "team", "--team", "周三有约",
                                                          "-o", pdf2, NULL },
                                       &out, &err), ==, 0);
  text = print_test_pdftotext (pdf2, FALSE);
  print_test_assert_contains (text, "周三有约 成员名单");
  print_test_assert_contains (text, "13600000001");
  print_test_assert_contains (text, "136****0002");
  print_test_assert_lacks (text, "13600000002");
  print_test_assert_fonts_embedded (pdf2);
  print_test_assert_within_margins (pdf2, 12.0);
  print_test_assert_no_overlap (pdf2);
}

static void
test_scopes (void)
{
  static const struct {
    const char *args[12];
    guint pages;
  } cases[] = {
    { { "squad", "--building", "12", "--unit", "2" }, 1 },
    { { "squad", "--grid", "1" }, 3 },
    { { "squad", "--compound", "青和居" }, 4 },
    { { "squad", "--compound", "青和居", "--building", "A3" }, 1 },
    { { "grid-card", "--grid", "第1网格" }, 1 },
    { { "grid-card", "--all", "--paper", "a3", "--landscape" }, 2 },
    { { "households", "--grid", "2", "--large" }, 1 },
    { { "care-list", "--all" }, 2 },
    { { "roster", "--team", "周三有约", "--from", "2026-11-23", "--weeks", "4" }, 1 },
    { { "roster", "--team", "周三有约", "--date", "2026-11-25", "--large", "--red-band" }, 1 },
    { { "roster", "--team", "周三有约", "--from", "2026-11-23", "--weeks", "4", "--paper", "a3", "--landscape" }, 1 },
    { { "team", "--team", "周三有约" }, 1 },
    { { "team", "--team", "12栋119自管小分队", "--large" }, 1 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *name = g_strdup_printf ("cli-%u.pdf", i);
      g_autofree char *pdf = print_test_tmp_path (name);
      g_autoptr(GPtrArray) args = g_ptr_array_new ();
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;

      g_ptr_array_add (args, (char *) "--db");
      g_ptr_array_add (args, db_path);
      g_ptr_array_add (args, (char *) "print");
      for (guint a = 0; cases[i].args[a] != NULL; a++)
        g_ptr_array_add (args, (char *) cases[i].args[a]);
      g_ptr_array_add (args, (char *) "-o");
      g_ptr_array_add (args, pdf);
      g_ptr_array_add (args, NULL);

      if (print_test_run_cli ((const char *const *) args->pdata, &out, &err) != 0)
        g_error ("linli-cli print %s … failed: %s", cases[i].args[0], err);
      g_assert_cmpuint (print_test_pdf_pages (pdf), ==, cases[i].pages);
    }
}

static void
test_refusals (void)
{
  g_autofree char *pdf = print_test_tmp_path ("never.pdf");
  g_autofree char *missing_db = print_test_tmp_path ("missing.db");
  static const struct {
    const char *args[12];
    int status;
    const char *says;
  } cases[] = {
    { { "print", NULL }, 2, "kind of sheet" },
    { { "print", "menu", "--all", "-o", "PDF" }, 2, "menu" },
    { { "print", "squad", "--all" }, 2, "-o" },
    { { "print", "squad", "-o", "PDF" }, 2, "--building" },
    { { "print", "squad", "--all", "--grid", "1", "-o", "PDF" }, 2, "only one" },
    { { "print", "squad", "--unit", "1", "--all", "-o", "PDF" }, 2, "--unit" },
    { { "print", "squad", "--all", "--paper", "a5", "-o", "PDF" }, 2, "a5" },
    { { "print", "grid-card", "--building", "12", "-o", "PDF" }, 2, "building" },
    { { "print", "squad", "--building", "99", "-o", "PDF" }, 1, "3, 12, A3" },
    { { "print", "squad", "--building", "12", "--unit", "7", "-o", "PDF" }, 1, "7" },
    { { "print", "squad", "--grid", "9", "-o", "PDF" }, 1, "grids: 1, 2" },
    { { "print", "squad", "--compound", "奥园", "-o", "PDF" }, 1, "青和居" },
    { { "print", "squad", "--all", "--date", "2026-13-01", "-o", "PDF" }, 1, "2026-13-01" },
    { { "print", "roster", "-o", "PDF" }, 2, "--team" },
    { { "print", "roster", "--all", "-o", "PDF" }, 2, "Duty rosters cannot be made for a whole community" },
    { { "print", "roster", "--team", "周三有约", "--grid", "1", "-o", "PDF" }, 2, "only one" },
    { { "print", "squad", "--team", "周三有约", "-o", "PDF" }, 2, "for a team" },
    { { "print", "team", "--team", "周三有约", "--weeks", "2", "-o", "PDF" }, 2, "--weeks" },
    { { "print", "roster", "--team", "周三有约", "--weeks", "0", "-o", "PDF" }, 2, "between 1 and 156" },
    { { "print", "roster", "--team", "周三有约", "--from", "2026-02-30", "-o", "PDF" }, 2, "2026-02-30" },
    { { "print", "roster", "--team", "合唱团", "-o", "PDF" }, 1, "周三有约" },
    { { "print", "roster", "--team", "3栋119自管小分队", "-o", "PDF" }, 1, "no shifts" },
    { { "print", "roster", "--team", "周三有约", "--from", "2027-06-07", "-o", "PDF" }, 1, "Generate its roster first" },
  };

  /* The messages in English, to match them here. */
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GPtrArray) args = g_ptr_array_new ();
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;

      g_ptr_array_add (args, (char *) "--db");
      g_ptr_array_add (args, db_path);
      for (guint a = 0; cases[i].args[a] != NULL; a++)
        g_ptr_array_add (args, g_str_equal (cases[i].args[a], "PDF") ? pdf : (char *) cases[i].args[a]);
      g_ptr_array_add (args, NULL);

      g_assert_cmpint (print_test_run_cli ((const char *const *) args->pdata, &out, &err), ==, cases[i].status);
      if (strstr (err, cases[i].says) == NULL)
        g_error ("case %u: “%s” not in: %s", i, cases[i].says, err);
      g_assert_false (g_file_test (pdf, G_FILE_TEST_EXISTS));
    }

  /* No community file: said so, and none is created. */
  {
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;

    g_assert_cmpint (print_test_run_cli ((const char *[]) { "--db", missing_db, "print", "squad", "--all",
                                                            "-o", pdf, NULL }, &out, &err), ==, 1);
    g_assert_nonnull (strstr (err, missing_db));
    g_assert_false (g_file_test (missing_db, G_FILE_TEST_EXISTS));
  }
  g_setenv ("LC_ALL", "zh_CN.UTF-8", TRUE);
}

static void
test_help_lists_kinds (void)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (print_test_run_cli ((const char *[]) { "print", "--help", NULL }, &out, &err), ==, 0);
  for (const char *const *k = (const char *[]) { "squad", "grid-card", "households", "care-list", "roster", "team",
                                                 NULL }; *k; k++)
    print_test_assert_contains (out, *k);
  print_test_assert_contains (out, "--red-band");
  print_test_assert_contains (out, "--team");
  print_test_assert_contains (out, "--weeks");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (print_test_run_cli ((const char *[]) { "--help", NULL }, &out, &err), ==, 0);
  print_test_assert_contains (out, "print");
}

int
main (int argc, char *argv[])
{
  int ret;

  /* linli-cli inherits the locale: the sheets in Chinese, messages too. */
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

  db_path = print_test_fixture_db ();

  g_test_add_func ("/print/cli/writes-pdf", test_writes_pdf);
  g_test_add_func ("/print/cli/team-sheets", test_team_sheets);
  g_test_add_func ("/print/cli/scopes", test_scopes);
  g_test_add_func ("/print/cli/refusals", test_refusals);
  g_test_add_func ("/print/cli/help-lists-kinds", test_help_lists_kinds);

  ret = g_test_run ();
  g_free (db_path);
  return ret;
}
