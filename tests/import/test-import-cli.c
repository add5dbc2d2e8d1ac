/* test-import-cli.c: linli-cli import/export residents, and every kind of
 * bad file: each gets a clear message in Chinese, and the community file
 * is left exactly as it was.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define _GNU_SOURCE
#include "config.h"

#include <archive.h>
#include <archive_entry.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "import-fixtures.h"
#include "import-test-util.h"
#include "linli-core.h"

static char *db_path;

/* A zip of (name, contents) pairs; a contents of NULL followed by a size
 * writes that many spaces (the body of a zip bomb). */
static void
write_zip (const char *path,
           ...)
{
  struct archive *a = archive_write_new ();
  va_list args;
  const char *name;

  g_assert_cmpint (archive_write_set_format_zip (a), ==, ARCHIVE_OK);
  g_assert_cmpint (archive_write_open_filename (a, path), ==, ARCHIVE_OK);

  va_start (args, path);
  while ((name = va_arg (args, const char *)) != NULL)
    {
      const char *contents = va_arg (args, const char *);
      gsize size = contents ? strlen (contents) : va_arg (args, gsize);
      struct archive_entry *e = archive_entry_new ();

      archive_entry_set_pathname (e, name);
      archive_entry_set_size (e, (la_int64_t) size);
      archive_entry_set_filetype (e, AE_IFREG);
      archive_entry_set_perm (e, 0644);
      g_assert_cmpint (archive_write_header (a, e), ==, ARCHIVE_OK);
      if (contents != NULL)
        g_assert_cmpint (archive_write_data (a, contents, size), ==, (la_ssize_t) size);
      else
        {
          static char spaces[65536];

          memset (spaces, ' ', sizeof spaces);
          for (gsize done = 0; done < size; done += sizeof spaces)
            archive_write_data (a, spaces, MIN (sizeof spaces, size - done));
        }
      archive_entry_free (e);
    }
  va_end (args);

  g_assert_cmpint (archive_write_close (a), ==, ARCHIVE_OK);
  archive_write_free (a);
}

static const char *workbook_xml =
  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
  "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
  "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
  "<sheets><sheet name=\"居民\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";
static const char *rels_xml =
  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
  "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
  "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" "
  "Target=\"worksheets/sheet1.xml\"/></Relationships>";

static char *
sheet_xml (const char *rows)
{
  return g_strconcat ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                      "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>",
                      rows, "</sheetData></worksheet>", NULL);
}

static gboolean
has_chinese (const char *text)
{
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c >= 0x4E00 && c <= 0x9FFF)
        return TRUE;
    }
  return FALSE;
}

/* The import of @file fails with a message in Chinese that contains
 * @words, and the community file is unchanged. */
static void
assert_refused (const char *file,
                const char *words)
{
  g_autofree char *before = test_dump_file (db_path);
  g_autofree char *after = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status;

  status = test_run_cli ((const char *[]) { "--db", db_path, "import", "residents", file, NULL }, &out, &err);
  g_test_message ("%s: %s", file, err);
  g_assert_cmpint (status, ==, 1);
  g_assert_true (has_chinese (err));
  if (words != NULL)
    g_assert_nonnull (strstr (err, words));
  after = test_dump_file (db_path);
  g_assert_cmpstr (before, ==, after);
}

static char *
good_xlsx (void)
{
  g_autoptr(GPtrArray) people = fixture_residents (300, 21);
  char *path = test_tmp_path ("good.xlsx");

  fixture_write_xlsx (people, fixture_default_headers, FIXTURE_TITLE, path);
  return path;
}

static void
setup_db (void)
{
  g_autoptr(GPtrArray) people = fixture_residents (50, 20);
  g_autofree char *path = test_tmp_path ("existing.csv");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  db_path = test_tmp_path ("community.db");
  fixture_write_csv (people, fixture_default_headers, FIXTURE_BOM, path);
  g_assert_cmpint (test_run_cli ((const char *[]) { "--db", db_path, "import", "residents", path,
                                                    "--community-name", "青和居社区", NULL }, &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, "青和居社区"));
}

static void
test_truncated (void)
{
  g_autofree char *good = good_xlsx ();
  g_autofree char *path = test_tmp_path ("truncated.xlsx");
  g_autofree char *data = NULL;
  gsize len;

  g_assert_true (g_file_get_contents (good, &data, &len, NULL));
  for (guint i = 1; i <= 4; i++)
    {
      g_assert_true (g_file_set_contents (path, data, (gssize) (len * i / 5), NULL));
      assert_refused (path, NULL);
    }
}

static void
test_corrupt (void)
{
  g_autofree char *good = good_xlsx ();
  g_autofree char *path = test_tmp_path ("corrupt.xlsx");
  g_autofree char *data = NULL;
  gsize len;
  char *sheet;

  g_assert_true (g_file_get_contents (good, &data, &len, NULL));
  /* Damage the compressed sheet itself, after its local header. */
  sheet = memmem (data, len, "xl/worksheets/sheet1.xml", strlen ("xl/worksheets/sheet1.xml"));
  g_assert_nonnull (sheet);
  for (guint i = 0; i < 64; i++)
    sheet[40 + i * 7] ^= 0x5A;
  g_assert_true (g_file_set_contents (path, data, (gssize) len, NULL));
  assert_refused (path, NULL);
}

static void
test_zip_bomb (void)
{
  g_autofree char *path = test_tmp_path ("bomb.xlsx");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  GStatBuf st;

  /* 200 MB of blanks inside a sheet: a few hundred kilobytes on disk. */
  write_zip (path, "xl/workbook.xml", workbook_xml, "xl/_rels/workbook.xml.rels", rels_xml,
             "xl/worksheets/sheet1.xml", NULL, (gsize) 200 * 1024 * 1024, NULL);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_size, <, 1024 * 1024);
  assert_refused (path, "压缩炸弹");
}

static void
test_not_spreadsheet (void)
{
  static const guint8 png[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R', 0, 0, 1, 0 };
  g_autofree char *p1 = test_tmp_path ("photo.xlsx");
  g_autofree char *p2 = test_tmp_path ("old.xls");
  g_autofree char *p3 = test_tmp_path ("document.xlsx");
  g_autofree char *p4 = test_tmp_path ("missing.xlsx");

  g_assert_true (g_file_set_contents (p1, (const char *) png, sizeof png, NULL));
  assert_refused (p1, NULL);
  g_assert_true (g_file_set_contents (p2, "\320\317\021\340\241\261\032\341\0\0\0\0", 12, NULL));
  assert_refused (p2, ".xlsx");
  write_zip (p3, "word/document.xml", "<w:document/>", NULL);
  assert_refused (p3, NULL);
  assert_refused (p4, NULL);
}

static void
test_huge_cell (void)
{
  g_autofree char *csv = test_tmp_path ("huge.csv");
  g_autofree char *xlsx = test_tmp_path ("huge.xlsx");
  g_autoptr(GString) text = g_string_new ("姓名,房号,备注\n王秀英,501,");
  g_autofree char *rows = NULL;
  g_autofree char *sheet = NULL;

  for (guint i = 0; i < 1024 * 1024; i++)
    g_string_append_c (text, 'x');
  g_string_append_c (text, '\n');
  g_assert_true (g_file_set_contents (csv, text->str, (gssize) text->len, NULL));
  assert_refused (csv, "C2");

  rows = g_strdup_printf ("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>姓名</t></is></c>"
                          "<c r=\"B1\" t=\"inlineStr\"><is><t>房号</t></is></c></row>"
                          "<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>王秀英</t></is></c>"
                          "<c r=\"B2\" t=\"inlineStr\"><is><t>%s</t></is></c></row>",
                          text->str + strlen ("姓名,房号,备注\n王秀英,501,"));
  sheet = sheet_xml (rows);
  write_zip (xlsx, "xl/workbook.xml", workbook_xml, "xl/_rels/workbook.xml.rels", rels_xml,
             "xl/worksheets/sheet1.xml", sheet, NULL);
  assert_refused (xlsx, "B2");
}

static void
test_empty (void)
{
  g_autofree char *xlsx = test_tmp_path ("empty.xlsx");
  g_autofree char *csv = test_tmp_path ("empty.csv");
  g_autofree char *blank = test_tmp_path ("blank.csv");
  g_autofree char *sheet = sheet_xml ("");

  write_zip (xlsx, "xl/workbook.xml", workbook_xml, "xl/_rels/workbook.xml.rels", rels_xml,
             "xl/worksheets/sheet1.xml", sheet, NULL);
  assert_refused (xlsx, "居民");
  g_assert_true (g_file_set_contents (csv, "", 0, NULL));
  assert_refused (csv, NULL);
  g_assert_true (g_file_set_contents (blank, "\xEF\xBB\xBF\r\n,,,\r\n\r\n", -1, NULL));
  assert_refused (blank, NULL);
}

static void
test_unknown_encoding (void)
{
  g_autofree char *latin1 = test_tmp_path ("latin1.csv");
  g_autofree char *sjis = test_tmp_path ("sjis.csv");
  g_autofree char *utf16 = test_tmp_path ("utf16.csv");
  g_autofree char *text = NULL;
  gsize len = 0;

  g_assert_true (g_file_set_contents (latin1, "Name,Room\nM\xfcller,501\nJos\xe9,502\n", -1, NULL));
  assert_refused (latin1, "UTF-8");

  /* 山田太郎 in Shift-JIS */
  text = g_convert ("姓名,房号\n山田太郎,501\nさくら,502\n", -1, "SHIFT_JIS", "UTF-8", NULL, &len, NULL);
  g_assert_nonnull (text);
  g_assert_true (g_file_set_contents (sjis, text, (gssize) len, NULL));
  assert_refused (sjis, "GBK");

  /* UTF-16 without its byte order mark: NUL bytes everywhere */
  g_free (text);
  text = g_convert ("姓名,房号\n王秀英,501\n", -1, "UTF-16LE", "UTF-8", NULL, &len, NULL);
  g_assert_true (g_file_set_contents (utf16, text, (gssize) len, NULL));
  assert_refused (utf16, "UTF-16");
}

static void
test_entities (void)
{
  g_autofree char *path = test_tmp_path ("laughs.xlsx");
  g_autofree char *sheet = g_strconcat ("<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">"
                                        "<!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">"
                                        "<!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">]>"
                                        "<worksheet><sheetData><row r=\"1\"><c t=\"inlineStr\"><is><t>&lol3;</t></is></c>"
                                        "</row></sheetData></worksheet>", NULL);

  write_zip (path, "xl/workbook.xml", workbook_xml, "xl/_rels/workbook.xml.rels", rels_xml,
             "xl/worksheets/sheet1.xml", sheet, NULL);
  assert_refused (path, NULL);
}

static void
test_bad_rows (void)
{
  g_autofree char *path = test_tmp_path ("bad-rows.csv");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *id = fixture_id_number ("420106", "19560312", 5, FALSE);
  g_autofree char *text = g_strdup_printf ("青和居社区居民花名册\n序号,姓名,身份证号码,楼栋,单元,房号,联系电话\n"
                                           "1,王秀英,%s,12,2,501,13907181234\n"
                                           "2,欧阳建军,,12,2,,13907181234\n"
                                           "3,司马丽华,,12,2,502,139071812\n", id);

  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  before = test_dump_file (db_path);

  /* Without --skip-invalid: the report, and nothing imported */
  g_assert_cmpint (test_run_cli ((const char *[]) { "--db", db_path, "import", "residents", path, NULL },
                                 &out, &err), ==, 1);
  g_assert_nonnull (strstr (out, "第 4 行（欧阳建军）"));
  g_assert_nonnull (strstr (out, "第 5 行（司马丽华）"));
  g_assert_null (strstr (out, "第 3 行（王秀英）：错误"));
  after = test_dump_file (db_path);
  g_assert_cmpstr (before, ==, after);

  /* --dry-run with --skip-invalid: 0, and still nothing written */
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_clear_pointer (&after, g_free);
  g_assert_cmpint (test_run_cli ((const char *[]) { "--db", db_path, "import", "residents", path,
                                                    "--dry-run", "--skip-invalid", NULL }, &out, &err), ==, 0);
  after = test_dump_file (db_path);
  g_assert_cmpstr (before, ==, after);

  /* --skip-invalid: the good row only */
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (test_run_cli ((const char *[]) { "--db", db_path, "import", "residents", path,
                                                    "--skip-invalid", NULL }, &out, &err), ==, 0);
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(LinliDb) db = linli_db_open (db_path, &error);

    g_assert_cmpint (linli_db_query_int (db, NULL, "SELECT count(*) FROM person WHERE name = '王秀英' AND id_number = ?",
                                         "s", id), ==, 1);
    g_assert_cmpint (linli_db_query_int (db, NULL, "SELECT count(*) FROM person WHERE name IN ('欧阳建军', '司马丽华')", NULL), ==, 0);
  }
}

static void
test_usage (void)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (test_run_cli ((const char *[]) { "--db", db_path, "import", NULL }, &out, &err), ==, 2);
  g_clear_pointer (&err, g_free);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (test_run_cli ((const char *[]) { "--db", db_path, "import", "volunteers", "x.csv", NULL }, &out, &err), ==, 2);
  g_clear_pointer (&err, g_free);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (test_run_cli ((const char *[]) { "--db", db_path, "export", "residents", "x.pdf", NULL }, &out, &err), ==, 1);
  g_assert_true (has_chinese (err));
}

static void
test_export_import (void)
{
  g_autofree char *xlsx = test_tmp_path ("cli-export.xlsx");
  g_autofree char *csv = test_tmp_path ("cli-export.csv");
  g_autofree char *copy = test_tmp_path ("copy.db");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;

  g_assert_cmpint (test_run_cli ((const char *[]) { "--db", db_path, "export", "residents", xlsx, "--full", NULL },
                                 &out, &err), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (test_run_cli ((const char *[]) { "--db", db_path, "export", "residents", csv, NULL },
                                 &out, &err), ==, 0);
  g_assert_true (g_file_get_contents (csv, &contents, NULL, NULL));
  g_assert_true (g_str_has_prefix (contents, "\xEF\xBB\xBF"));
  g_assert_nonnull (strstr (contents, "****"));

  /* Into a new file: the community is named after the ledger. */
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (test_run_cli ((const char *[]) { "--db", copy, "import", "residents", xlsx, NULL },
                                 &out, &err), ==, 0);
  {
    g_autoptr(LinliDb) db1 = linli_db_open (db_path, NULL);
    g_autoptr(LinliDb) db2 = linli_db_open (copy, NULL);
    g_autofree char *name = linli_db_query_string (db2, NULL, "SELECT name FROM community", NULL);

    g_assert_cmpstr (name, ==, "cli-export");
    a = test_residents (db1);
    b = test_residents (db2);
    g_assert_cmpstr (a, ==, b);
  }
}

int
main (int argc, char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  /* linli-cli speaks as the users do */
  g_setenv ("LANG", "zh_CN.UTF-8", TRUE);
  g_setenv ("LC_ALL", "zh_CN.UTF-8", TRUE);
  g_setenv ("LANGUAGE", "", TRUE);
  g_test_init (&argc, &argv, NULL);
  linli_core_init ();

  setup_db ();

  g_test_add_func ("/import-cli/bad/truncated", test_truncated);
  g_test_add_func ("/import-cli/bad/corrupt", test_corrupt);
  g_test_add_func ("/import-cli/bad/zip-bomb", test_zip_bomb);
  g_test_add_func ("/import-cli/bad/not-spreadsheet", test_not_spreadsheet);
  g_test_add_func ("/import-cli/bad/huge-cell", test_huge_cell);
  g_test_add_func ("/import-cli/bad/empty", test_empty);
  g_test_add_func ("/import-cli/bad/unknown-encoding", test_unknown_encoding);
  g_test_add_func ("/import-cli/bad/entities", test_entities);
  g_test_add_func ("/import-cli/bad/rows", test_bad_rows);
  g_test_add_func ("/import-cli/usage", test_usage);
  g_test_add_func ("/import-cli/export-import", test_export_import);

  return g_test_run ();
}
