/* make-seeds.c: the seed corpus of the fuzz targets: small generated
 * ledgers in every form the readers take.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib.h>

#include "import-fixtures.h"

int
main (int argc, char *argv[])
{
  static const char *const few[] = { "姓名", "身份证号码", "住址", "户主", "人员类别", NULL };
  g_autoptr(GPtrArray) people = NULL;
  const char *csv_dir, *xlsx_dir;

  if (argc != 3)
    {
      g_printerr ("usage: make-seeds CSV-DIR XLSX-DIR\n");
      return 2;
    }
  csv_dir = argv[1];
  xlsx_dir = argv[2];
  people = fixture_residents (12, 7);

#define CSV(name, headers, flags) G_STMT_START { \
    g_autofree char *p = g_build_filename (csv_dir, name, NULL); \
    fixture_write_csv (people, headers, flags, p); } G_STMT_END
#define XLSX(name, headers, flags) G_STMT_START { \
    g_autofree char *p = g_build_filename (xlsx_dir, name, NULL); \
    fixture_write_xlsx (people, headers, flags, p); } G_STMT_END

  CSV ("utf8.csv", fixture_default_headers, 0);
  CSV ("bom-title.csv", fixture_default_headers, FIXTURE_BOM | FIXTURE_TITLE);
  CSV ("gbk.csv", fixture_default_headers, FIXTURE_GBK | FIXTURE_LF);
  CSV ("address.csv", few, FIXTURE_LF);
  {
    g_autofree char *p = g_build_filename (csv_dir, "quoted.csv", NULL);

    g_file_set_contents (p, "姓名,备注,房号\r\n\"王秀英\",\"独居, 行动不便\",501\r\n"
                            "张建国,\"第一行\r\n第二行\",\"502\"\r\n李桂兰,\"她说\"\"谢谢\"\"\",503\r\n", -1, NULL);
  }

  XLSX ("shared.xlsx", fixture_default_headers, FIXTURE_TITLE);
  XLSX ("inline.xlsx", fixture_default_headers, FIXTURE_INLINE);
  XLSX ("merged-hidden.xlsx", fixture_default_headers, FIXTURE_MERGED | FIXTURE_HIDDEN | FIXTURE_TITLE);
  XLSX ("address.xlsx", few, 0);
  return 0;
}
