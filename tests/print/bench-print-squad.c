/* bench-print-squad.c: every stairwell squad sheet of the `seed` compound
 * (337 pages) to one PDF with linli-cli, timed beside LibreOffice turning a
 * document of the same pages and contents into PDF — what a secretary
 * does today with Word. Both are measured in this run.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "linli-core.h"
#include "linli-format.h"
#include "print-test-util.h"

#define RUNS 3

static double
run_timed (const char *const *argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  gint64 start = g_get_monotonic_time ();
  int status = 0;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, &status, &error))
    g_error ("%s: %s", argv[0], error->message);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("%s failed: %s%s", argv[0], out, err);
  return (g_get_monotonic_time () - start) / 1e6;
}

static const char *
role_label (const char *role)
{
  if (g_strcmp0 (role, "leader") == 0) return "队长";
  if (g_strcmp0 (role, "party_backbone") == 0) return "党员骨干";
  if (g_strcmp0 (role, "sunk_cadre") == 0) return "下沉干部";
  if (g_strcmp0 (role, "police") == 0) return "社区民警";
  if (g_strcmp0 (role, "property_staff") == 0) return "物业人员";
  return "队员";
}

static void
cell (GString    *s,
      const char *text)
{
  g_autofree char *escaped = g_markup_escape_text (text ? text : "", -1);

  g_string_append_printf (s, "<table:table-cell table:style-name=\"Cell\" office:value-type=\"string\">"
                             "<text:p>%s</text:p></table:table-cell>", escaped);
}

static void
para (GString    *s,
      const char *style,
      const char *text)
{
  g_autofree char *escaped = g_markup_escape_text (text, -1);

  g_string_append_printf (s, "<text:p text:style-name=\"%s\">%s</text:p>\n", style, escaped);
}

static char *
phone (const char *number,
       gboolean    consent)
{
  return consent ? g_strdup (number ? number : "") : linli_mask_phone (number);
}

/* The squad sheets as a secretary would type them in a word processor:
 * one page per unit, a title, the squad's table, the contacts. */
static guint
write_fodt (LinliDb    *db,
            const char *compound_id,
            const char *path)
{
  g_autoptr(GString) s = g_string_new (NULL);
  g_autoptr(LinliQuery) units = NULL;
  g_autofree char *hotline = linli_db_query_string (db, NULL, "SELECT hotline FROM community LIMIT 1", NULL);
  g_autofree char *community = linli_db_query_string (db, NULL, "SELECT name FROM community LIMIT 1", NULL);
  g_autofree char *issuer = g_strdup_printf ("%s居民委员会", community);
  guint pages = 0, tables = 0;

  g_string_append (s,
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<office:document xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" "
    "xmlns:style=\"urn:oasis:names:tc:opendocument:xmlns:style:1.0\" "
    "xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" "
    "xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" "
    "xmlns:svg=\"urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0\" "
    "xmlns:fo=\"urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0\" "
    "office:version=\"1.2\" office:mimetype=\"application/vnd.oasis.opendocument.text\">\n"
    "<office:font-face-decls>"
    "<style:font-face style:name=\"Sans\" svg:font-family=\"'WenQuanYi Micro Hei'\"/>"
    "<style:font-face style:name=\"Serif\" svg:font-family=\"'AR PL UMing CN'\"/>"
    "</office:font-face-decls>\n"
    "<office:styles><style:default-style style:family=\"paragraph\"><style:text-properties "
    "style:font-name=\"Sans\" style:font-name-asian=\"Sans\" fo:font-size=\"12pt\" style:font-size-asian=\"12pt\"/>"
    "</style:default-style></office:styles>\n"
    "<office:automatic-styles>"
    "<style:style style:name=\"Title\" style:family=\"paragraph\"><style:paragraph-properties fo:text-align=\"center\"/>"
    "<style:text-properties style:font-name=\"Serif\" style:font-name-asian=\"Serif\" fo:font-size=\"22pt\" "
    "style:font-size-asian=\"22pt\" fo:font-weight=\"bold\" style:font-weight-asian=\"bold\"/></style:style>"
    "<style:style style:name=\"TitleBreak\" style:family=\"paragraph\" style:parent-style-name=\"Title\">"
    "<style:paragraph-properties fo:break-before=\"page\" fo:text-align=\"center\"/>"
    "<style:text-properties style:font-name=\"Serif\" style:font-name-asian=\"Serif\" fo:font-size=\"22pt\" "
    "style:font-size-asian=\"22pt\" fo:font-weight=\"bold\" style:font-weight-asian=\"bold\"/></style:style>"
    "<style:style style:name=\"Center\" style:family=\"paragraph\"><style:paragraph-properties fo:text-align=\"center\"/></style:style>"
    "<style:style style:name=\"Right\" style:family=\"paragraph\"><style:paragraph-properties fo:text-align=\"end\"/></style:style>"
    "<style:style style:name=\"Heading\" style:family=\"paragraph\"><style:text-properties fo:font-size=\"14pt\" "
    "style:font-size-asian=\"14pt\" fo:font-weight=\"bold\" style:font-weight-asian=\"bold\"/></style:style>"
    "<style:style style:name=\"Note\" style:family=\"paragraph\"><style:text-properties fo:font-size=\"9.5pt\" "
    "style:font-size-asian=\"9.5pt\"/></style:style>"
    "<style:style style:name=\"Tbl\" style:family=\"table\"><style:table-properties style:width=\"18cm\" table:align=\"center\"/></style:style>"
    "<style:style style:name=\"Cell\" style:family=\"table-cell\"><style:table-cell-properties "
    "fo:border=\"0.5pt solid #333333\" fo:padding=\"0.12cm\"/></style:style>"
    "<style:page-layout style:name=\"A4\"><style:page-layout-properties fo:page-width=\"21cm\" fo:page-height=\"29.7cm\" "
    "fo:margin-top=\"1.5cm\" fo:margin-bottom=\"1.5cm\" fo:margin-left=\"1.5cm\" fo:margin-right=\"1.5cm\"/></style:page-layout>"
    "</office:automatic-styles>\n"
    "<office:master-styles><style:master-page style:name=\"Standard\" style:page-layout-name=\"A4\"/></office:master-styles>\n"
    "<office:body><office:text>\n");

  units = linli_db_query (db, NULL,
                          "SELECT u.number, b.id, b.number, c.name, g.number, w.name, w.phone, w.consent_publish, "
                          "bl.name, bl.phone, bl.consent_publish "
                          "FROM unit u JOIN building b ON b.id = u.building_id AND b.deleted = 0 "
                          "LEFT JOIN compound c ON c.id = b.compound_id "
                          "LEFT JOIN grid g ON g.id = b.grid_id "
                          "LEFT JOIN person w ON w.id = g.worker_id "
                          "LEFT JOIN person bl ON bl.id = b.leader_id "
                          "WHERE u.deleted = 0 AND b.compound_id = ? "
                          "ORDER BY b.number NOT GLOB '[0-9]*', CAST(b.number AS INTEGER), b.number, u.number",
                          "s", compound_id);
  while (linli_query_next (units, NULL))
    {
      g_autoptr(LinliQuery) members = NULL;
      g_autofree char *title = g_strdup_printf ("%s栋%d单元 119自管小分队", linli_query_get_string (units, 2),
                                                (int) linli_query_get_int (units, 0));
      g_autofree char *subtitle = g_strdup_printf ("%s · 第%d网格", linli_query_get_string (units, 3),
                                                   (int) linli_query_get_int (units, 4));
      g_autofree char *worker_phone = phone (linli_query_get_string (units, 6), linli_query_get_int (units, 7));
      g_autofree char *worker = g_strdup_printf ("%s　%s", linli_query_get_string (units, 5), worker_phone);
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();
      g_autofree char *date = g_date_time_format (now, "%Y年%-m月%-d日");

      para (s, pages == 0 ? "Title" : "TitleBreak", title);
      para (s, "Center", subtitle);
      para (s, "Standard", "本楼栋119自管小分队由党员骨干、下沉干部和热心居民组成，接到求助后1小时内到场。"
                           "遇到急事、难事，请拨打下列任一电话。");
      g_string_append_printf (s, "<table:table table:name=\"T%u\" table:style-name=\"Tbl\">"
                                 "<table:table-column table:number-columns-repeated=\"4\"/>", ++tables);
      g_string_append (s, "<table:table-row>");
      cell (s, "职务");
      cell (s, "姓名");
      cell (s, "身份");
      cell (s, "联系电话");
      g_string_append (s, "</table:table-row>\n");

      members = linli_db_query (db, NULL,
                                "SELECT tm.role, p.name, p.phone, p.consent_publish, p.is_resident, p.title "
                                "FROM team t JOIN team_member tm ON tm.team_id = t.id AND tm.deleted = 0 "
                                "JOIN person p ON p.id = tm.person_id "
                                "WHERE t.deleted = 0 AND t.kind = 'squad119' AND t.scope_id = ? ORDER BY tm.rowid",
                                "s", linli_query_get_string (units, 1));
      while (linli_query_next (members, NULL))
        {
          g_autofree char *p = phone (linli_query_get_string (members, 2), linli_query_get_int (members, 3));

          g_string_append (s, "<table:table-row>");
          cell (s, role_label (linli_query_get_string (members, 0)));
          cell (s, linli_query_get_string (members, 1));
          cell (s, linli_query_get_int (members, 4) ? "本楼居民" : linli_query_get_string (members, 5));
          cell (s, p);
          g_string_append (s, "</table:table-row>\n");
        }
      g_string_append (s, "</table:table>\n");

      para (s, "Heading", "其他联系方式");
      g_string_append_printf (s, "<table:table table:name=\"T%u\" table:style-name=\"Tbl\">"
                                 "<table:table-column table:number-columns-repeated=\"2\"/>", ++tables);
      g_string_append (s, "<table:table-row>");
      cell (s, "网格员");
      cell (s, worker);
      g_string_append (s, "</table:table-row><table:table-row>");
      if (!linli_query_is_null (units, 8))
        {
          g_autofree char *p = phone (linli_query_get_string (units, 9), linli_query_get_int (units, 10));
          g_autofree char *leader = g_strdup_printf ("%s　%s", linli_query_get_string (units, 8), p);

          cell (s, "楼栋长");
          cell (s, leader);
          g_string_append (s, "</table:table-row><table:table-row>");
        }
      cell (s, "社区服务热线");
      cell (s, hotline);
      g_string_append (s, "</table:table-row><table:table-row>");
      cell (s, "紧急电话");
      cell (s, "火警 119 · 急救 120 · 报警 110");
      g_string_append (s, "</table:table-row></table:table>\n");
      para (s, "Note", "带“****”的号码，本人未同意公开完整号码；需要联系时，请拨打社区服务热线转接。");
      para (s, "Right", issuer);
      para (s, "Right", date);
      pages++;
    }

  g_string_append (s, "</office:text></office:body></office:document>\n");
  g_assert_true (g_file_set_contents (path, s->str, s->len, NULL));
  return pages;
}

int
main (int argc, char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LinliDb) db = NULL;
  g_autofree char *seed = NULL;
  g_autofree char *compound_id = NULL;
  g_autofree char *compound = NULL;
  g_autofree char *cli = NULL;
  g_autofree char *linli_pdf = print_test_tmp_path ("linli-squad.pdf");
  g_autofree char *fodt = print_test_tmp_path ("squad-sheets.fodt");
  g_autofree char *lo_pdf = print_test_tmp_path ("squad-sheets.pdf");
  g_autofree char *warm = print_test_tmp_path ("warm-up.fodt");
  g_autofree char *profile = print_test_tmp_path ("libreoffice-profile");
  g_autofree char *profile_uri = NULL;
  g_autofree char *outdir = print_test_tmp_path ("");
  g_autofree char *soffice = NULL;
  double linli = G_MAXDOUBLE, office;
  guint pages, lo_pages;

  setlocale (LC_ALL, "zh_CN.UTF-8");
  g_setenv ("LC_ALL", "zh_CN.UTF-8", TRUE);
  linli_core_init ();

  if (!print_test_seed_demo (&seed))
    {
      g_print ("SKIP: this linli-cli has no demo command\n");
      return 0;
    }
  db = linli_db_open (seed, &error);
  g_assert_no_error (error);
  compound_id = linli_db_query_string (db, NULL, "SELECT id FROM compound WHERE deleted = 0 ORDER BY rowid LIMIT 1", NULL);
  compound = linli_db_query_string (db, NULL, "SELECT name FROM compound WHERE id = ?", "s", compound_id);
  cli = g_build_filename (g_getenv ("LINLI_BUILD_ROOT"), "src", "cli", "linli-cli", NULL);

  /* Linli: the whole job, from starting linli-cli to the PDF on disk;
   * the best of three runs. */
  for (guint i = 0; i < RUNS; i++)
    linli = MIN (linli, run_timed ((const char *[]) { cli, "--db", seed, "print", "squad", "--compound", compound,
                                                      "-o", linli_pdf, NULL }));
  pages = print_test_pdf_pages (linli_pdf);
  g_print ("Linli:       %u pages (squad sheets of %s) in %.2f s (best of %d)\n", pages, compound, linli, RUNS);

  soffice = g_find_program_in_path ("soffice");
  if (soffice == NULL)
    {
      g_print ("SKIP the comparison: LibreOffice (soffice) is not installed; "
               "build-aux/linli-dev bench installs it\n");
      return 0;
    }

  g_assert_cmpuint (write_fodt (db, compound_id, fodt), ==, pages);

  /* LibreOffice's first start makes its profile: not counted. */
  profile_uri = g_filename_to_uri (profile, NULL, NULL);
  {
    g_autofree char *env = g_strdup_printf ("-env:UserInstallation=%s", profile_uri);

    g_assert_true (g_file_set_contents (warm,
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?><office:document "
      "xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" "
      "xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" office:version=\"1.2\" "
      "office:mimetype=\"application/vnd.oasis.opendocument.text\"><office:body><office:text>"
      "<text:p>预热</text:p></office:text></office:body></office:document>", -1, NULL));
    run_timed ((const char *[]) { soffice, env, "--headless", "--convert-to", "pdf", "--outdir", outdir, warm, NULL });
    /* The best of two, as Linli gets the best of three. */
    office = G_MAXDOUBLE;
    for (guint i = 0; i < 2; i++)
      office = MIN (office, run_timed ((const char *[]) { soffice, env, "--headless", "--convert-to", "pdf",
                                                          "--outdir", outdir, fodt, NULL }));
  }
  lo_pages = print_test_pdf_pages (lo_pdf);
  g_print ("LibreOffice: %u pages (the same sheets as a document) in %.2f s (soffice --headless --convert-to pdf, best of 2)\n",
           lo_pages, office);
  g_print ("Linli is %.1f× faster (target: at least 10×)\n", office / linli);

  if (office / linli < 10.0)
    {
      g_printerr ("FAIL: Linli is only %.1f× faster than LibreOffice\n", office / linli);
      return 1;
    }
  return 0;
}
