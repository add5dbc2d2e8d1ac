/* test-print-sheets.c: every sheet of the territory rendered to PDF and
 * read back with poppler — names, masked and whole phones, no ID numbers,
 * embedded fonts, page counts, margins, no text over other text.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "linli-core.h"
#include "linli-format.h"
#include "linli-print-document.h"
#include "linli-team.h"
#include "linli-volunteer.h"
#include "print-test-util.h"

static LinliDb *db;

typedef struct
{
  guint pages;
  char *text;
  char *layout_text;
  char *pdf;
} Printed;

static void
printed_clear (Printed *p)
{
  g_free (p->text);
  g_free (p->layout_text);
  g_free (p->pdf);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Printed, printed_clear)

static char *
id_of (const char *sql,
       const char *arg)
{
  g_autoptr(GError) error = NULL;
  char *id = linli_db_query_string (db, &error, sql, "s", arg);

  g_assert_no_error (error);
  g_assert_nonnull (id);
  return id;
}

/* Prints REQ to NAME.pdf and checks what every sheet must satisfy. */
static void
print (LinliSheetRequest *req,
       const char        *name,
       Printed           *out)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LinliPrintDocument) doc = NULL;
  g_autofree char *file = g_strconcat (name, ".pdf", NULL);

  if (req->date == NULL)
    req->date = g_strdup (FIXTURE_DATE);

  doc = linli_print_document_new (db, req, &error);
  g_assert_no_error (error);
  g_assert_nonnull (doc);

  out->pdf = print_test_tmp_path (file);
  g_assert_true (linli_print_document_write_pdf (doc, out->pdf, NULL, NULL, NULL, &error));
  g_assert_no_error (error);

  out->pages = print_test_pdf_pages (out->pdf);
  g_assert_cmpuint (out->pages, ==, linli_print_document_get_n_pages (doc));
  out->text = print_test_pdftotext (out->pdf, FALSE);
  out->layout_text = print_test_pdftotext (out->pdf, TRUE);

  print_test_assert_fonts_embedded (out->pdf);
  print_test_assert_within_margins (out->pdf, 12.0);
  print_test_assert_no_overlap (out->pdf);
  /* ID numbers never print, whatever the sheet. */
  print_test_assert_lacks (out->text, "42010719400101123X");
  print_test_assert_lacks (out->text, "已删除");
}

static void
test_squad_unit (void)
{
  g_autofree char *unit = id_of ("SELECT u.id FROM unit u JOIN building b ON b.id = u.building_id "
                                 "WHERE b.number = ? AND u.number = 1", "12");
  g_autoptr(LinliSheetRequest) req = linli_sheet_request_new ("squad", LINLI_SCOPE_UNIT, unit);
  g_auto(Printed) p = { 0 };
  double w, h;

  print (req, "squad-12-1", &p);
  g_assert_cmpuint (p.pages, ==, 1);
  print_test_pdf_page_size (p.pdf, &w, &h);
  g_assert_cmpfloat_with_epsilon (w, 595.28, 0.5);
  g_assert_cmpfloat_with_epsilon (h, 841.89, 0.5);

  print_test_assert_contains (p.text, "12栋1单元");
  print_test_assert_contains (p.text, "119自管小分队");
  print_test_assert_contains (p.text, "青和居 · 第1网格");
  /* Leader, party member, cadre, members, with their roles. */
  print_test_assert_contains (p.layout_text, "队长");
  print_test_assert_contains (p.layout_text, "党员骨干");
  print_test_assert_contains (p.layout_text, "下沉干部");
  print_test_assert_contains (p.text, "区城管局");
  print_test_assert_contains (p.text, "赵大海");
  print_test_assert_contains (p.text, "孙建军");
  print_test_assert_contains (p.text, "周敏");
  print_test_assert_contains (p.text, "吴桂兰");
  print_test_assert_contains (p.text, "蒋志刚");
  /* The name too long for its cell is there, whole (shrunk or wrapped). */
  print_test_assert_contains (p.text, "阿卜杜热合曼");
  print_test_assert_contains (p.text, "艾尔肯江");
  print_test_assert_lacks (p.text, "…");

  /* Consenting phones whole, the others masked. */
  print_test_assert_contains (p.text, "13711112222");
  print_test_assert_contains (p.text, "13055556666");
  print_test_assert_contains (p.text, "18877778888");
  print_test_assert_contains (p.text, "13600000001");
  print_test_assert_contains (p.text, "136****0002");
  print_test_assert_lacks (p.text, "13600000002");
  print_test_assert_contains (p.text, "150****5678");
  print_test_assert_lacks (p.text, "15012345678");
  /* Readers are told why, above the signature. */
  print_test_assert_contains (p.text, "带“****”的号码");

  /* The grid worker, the building and unit leaders, the hotline. */
  print_test_assert_contains (p.text, "王芳");
  print_test_assert_contains (p.text, "13812345678");
  print_test_assert_contains (p.text, "钱小红");
  print_test_assert_contains (p.text, "135****4444");
  print_test_assert_lacks (p.text, "13533334444");
  print_test_assert_contains (p.text, "027-86301234");
  print_test_assert_contains (p.text, "青和居社区居民委员会");
  print_test_assert_contains (p.text, "2026年11月23日");
  /* A public sheet: no internal footer. */
  print_test_assert_lacks (p.text, "内部资料");

  g_free (print_test_render_png (p.pdf, 1, "fixture-squad"));
}

static void
test_squad_incomplete (void)
{
  g_autofree char *b3 = id_of ("SELECT id FROM building WHERE number = ?", "3");
  g_autofree char *bA3 = id_of ("SELECT id FROM building WHERE number = ?", "A3");
  g_autoptr(LinliSheetRequest) req = linli_sheet_request_new ("squad", LINLI_SCOPE_BUILDING, b3);
  g_autoptr(LinliSheetRequest) req2 = linli_sheet_request_new ("squad", LINLI_SCOPE_BUILDING, bA3);
  g_auto(Printed) p = { 0 };
  g_auto(Printed) p2 = { 0 };

  /* Building 3's squad has no party member and no cadre: the places show. */
  print (req, "squad-3", &p);
  g_assert_cmpuint (p.pages, ==, 1);
  print_test_assert_contains (p.text, "王建设");
  print_test_assert_contains (p.layout_text, "党员骨干");
  print_test_assert_contains (p.layout_text, "下沉干部");
  g_assert_nonnull (strstr (strstr (p.text, "待补充") + 1, "待补充"));

  /* Building A3 has none yet. */
  print (req2, "squad-A3", &p2);
  print_test_assert_contains (p2.text, "正在组建");
  print_test_assert_contains (p2.text, "刘洋");
  print_test_assert_contains (p2.text, "136****5432");
}

static void
test_squad_batch (void)
{
  g_autofree char *compound = id_of ("SELECT id FROM compound WHERE name = ?", "青和居");
  g_autoptr(LinliSheetRequest) req = linli_sheet_request_new ("squad", LINLI_SCOPE_COMPOUND, compound);
  g_auto(Printed) p = { 0 };
  const char *second;

  /* One sheet per unit: 12-1, 12-2, 3-1, A3-1, in the order of the numbers. */
  print (req, "squad-compound", &p);
  g_assert_cmpuint (p.pages, ==, 4);
  second = strstr (p.text, "12栋2单元");
  g_assert_nonnull (second);
  g_assert_nonnull (strstr (p.text, "3栋1单元"));
  g_assert_true (strstr (p.text, "3栋1单元") < strstr (p.text, "12栋1单元"));
  g_assert_true (strstr (p.text, "12栋2单元") < strstr (p.text, "A3栋1单元"));
}

static gboolean
have_zbar (void)
{
  g_autofree char *zbarimg = g_find_program_in_path ("zbarimg");

  return zbarimg != NULL;
}

static char *
decode_qr (const char *png)
{
  g_autofree char *out = NULL;
  int status = 0;

  g_assert_true (g_spawn_sync (NULL, (char *[]) { (char *) "zbarimg", (char *) "--raw", (char *) "-q", (char *) png, NULL },
                               NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, NULL, &status, NULL));
  return g_strdup (g_strstrip (out));
}

static void
test_grid_card (void)
{
  g_autoptr(LinliSheetRequest) req = linli_sheet_request_new ("grid-card", LINLI_SCOPE_ALL, NULL);
  g_auto(Printed) p = { 0 };
  g_autofree char *png = NULL;
  g_autofree char *png2 = NULL;
  g_autofree char *dir = NULL;

  print (req, "grid-cards", &p);
  g_assert_cmpuint (p.pages, ==, 2);
  print_test_assert_contains (p.text, "网格服务卡");
  print_test_assert_contains (p.text, "第1网格");
  print_test_assert_contains (p.text, "第2网格");
  print_test_assert_contains (p.text, "王芳");
  print_test_assert_contains (p.text, "13812345678");
  print_test_assert_contains (p.text, "陈志强");
  print_test_assert_contains (p.text, "139****1111");
  print_test_assert_lacks (p.text, "13900001111");
  print_test_assert_contains (p.text, "3栋、12栋");
  print_test_assert_contains (p.text, "刘洋");
  print_test_assert_contains (p.text, "136****5432");
  print_test_assert_contains (p.text, "带“****”的号码");
  print_test_assert_lacks (p.text, "13698765432");
  print_test_assert_contains (p.text, "027-86301234");

  png = print_test_render_png (p.pdf, 1, "fixture-grid-card");
  png2 = print_test_render_png (p.pdf, 2, "grid-card-2");

  /* The QR code dials the worker who agreed to be posted; on the card of
   * the worker who did not, it dials the community. */
  if (!have_zbar ())
    {
      g_test_message ("zbarimg is not installed: the QR codes were not read back");
      return;
    }
  {
    g_autofree char *one = decode_qr (png);
    g_autofree char *two = decode_qr (png2);

    g_assert_cmpstr (one, ==, "tel:13812345678");
    g_assert_cmpstr (two, ==, "tel:027-86301234");
  }
}

static void
test_households (void)
{
  g_autofree char *b12 = id_of ("SELECT id FROM building WHERE number = ?", "12");
  g_autofree char *b3 = id_of ("SELECT id FROM building WHERE number = ?", "3");
  g_autoptr(LinliSheetRequest) req = linli_sheet_request_new ("households", LINLI_SCOPE_BUILDING, b12);
  g_autoptr(LinliSheetRequest) req3 = linli_sheet_request_new ("households", LINLI_SCOPE_BUILDING, b3);
  g_auto(Printed) p = { 0 };
  g_auto(Printed) p3 = { 0 };

  print (req, "households-12", &p);
  print_test_assert_contains (p.text, "12栋");
  print_test_assert_contains (p.text, "1单元");
  print_test_assert_contains (p.text, "2单元");
  print_test_assert_contains (p.text, "24户");
  print_test_assert_contains (p.text, "张桂芝");
  print_test_assert_contains (p.text, "135****0001");
  print_test_assert_lacks (p.text, "13512340001");
  print_test_assert_contains (p.text, "13711112222");
  print_test_assert_contains (p.text, "出租");
  print_test_assert_contains (p.text, "独居");
  print_test_assert_contains (p.text, "6层");
  /* Internal: every page says so. */
  {
    guint n = 0;

    for (const char *s = p.text; (s = strstr (s, "内部资料")) != NULL; s++)
      n++;
    g_assert_cmpuint (n, ==, p.pages);
  }
  g_free (print_test_render_png (p.pdf, 1, "fixture-households"));

  print (req3, "households-3", &p3);
  print_test_assert_contains (p3.text, "党员中心户");
  print_test_assert_contains (p3.text, "王建设");
  print_test_assert_contains (p3.text, "内部资料");
}

static void
test_care_list (void)
{
  g_autofree char *grid1 = id_of ("SELECT id FROM grid WHERE number = ?", "1");
  g_autoptr(LinliSheetRequest) req = linli_sheet_request_new ("care-list", LINLI_SCOPE_GRID, grid1);
  g_autoptr(LinliSheetRequest) all = linli_sheet_request_new ("care-list", LINLI_SCOPE_ALL, NULL);
  g_auto(Printed) p = { 0 };
  g_auto(Printed) pa = { 0 };

  print (req, "care-1", &p);
  g_assert_cmpuint (p.pages, ==, 1);
  print_test_assert_contains (p.text, "重点关爱");
  print_test_assert_contains (p.text, "第1网格");
  print_test_assert_contains (p.text, "共3人");
  print_test_assert_contains (p.text, "张桂芝");
  print_test_assert_contains (p.text, "80岁以上");
  print_test_assert_contains (p.layout_text, "88");
  print_test_assert_contains (p.text, "李德福");
  print_test_assert_contains (p.text, "独居");
  print_test_assert_contains (p.text, "王建设");
  print_test_assert_contains (p.text, "残疾");
  print_test_assert_contains (p.text, "2026年11月20日");
  print_test_assert_contains (p.text, "135****0002");
  /* A tag that is not a care tag, and 79 until tomorrow, are not listed. */
  print_test_assert_lacks (p.text, "党员甲");
  print_test_assert_lacks (p.text, "何美玲");
  print_test_assert_lacks (p.text, "刘低保");
  print_test_assert_contains (p.text, "内部资料");
  g_free (print_test_render_png (p.pdf, 1, "fixture-care-list"));

  print (all, "care-all", &pa);
  g_assert_cmpuint (pa.pages, ==, 2);
  print_test_assert_contains (pa.text, "刘低保");
  print_test_assert_contains (pa.text, "低保");
}

/* The 周三有约 market of the fixture: its roster for four weeks. */
static void
test_roster (void)
{
  g_autofree char *team = id_of ("SELECT id FROM team WHERE name = ?", "周三有约");
  g_autoptr(LinliSheetRequest) req = linli_sheet_request_new ("roster", LINLI_SCOPE_TEAM, team);
  g_autoptr(LinliQuery) q = NULL;
  g_auto(Printed) p = { 0 };
  guint names = 0;

  req->from = g_strdup ("2026-11-23");
  req->weeks = 4;
  print (req, "roster", &p);
  g_assert_cmpuint (p.pages, ==, 1);
  print_test_assert_contains (p.text, "周三有约 志愿服务排班表");
  print_test_assert_contains (p.text, "2026年11月23日至2026年12月20日");
  print_test_assert_contains (p.text, "服务时间 09:00–11:30");
  print_test_assert_contains (p.text, "每周三上午便民服务集市");
  print_test_assert_contains (p.layout_text, "服务项目");
  print_test_assert_contains (p.layout_text, "义务理发");
  print_test_assert_contains (p.layout_text, "小家电维修");
  print_test_assert_contains (p.layout_text, "11月25日");
  print_test_assert_contains (p.layout_text, "12月2日");
  print_test_assert_contains (p.layout_text, "12月16日");
  print_test_assert_contains (p.layout_text, "周三");
  /* The Wednesday of the fire drill is said, not left blank. */
  print_test_assert_contains (p.text, "12月9日 周三（消防演练）暂停服务。");
  print_test_assert_lacks (p.layout_text, "12月9日\n");

  /* Everyone on it, the long name whole; two places of repair filled of
   * three, every week; no volunteer's phone on a roster. */
  q = linli_db_query (db, NULL,
                      "SELECT DISTINCT p.name, p.phone FROM assignment a JOIN shift s ON s.id = a.shift_id "
                      "JOIN volunteer v ON v.id = a.volunteer_id JOIN person p ON p.id = v.person_id "
                      "WHERE a.deleted = 0 AND s.date BETWEEN '2026-11-23' AND '2026-12-20'", NULL);
  while (linli_query_next (q, NULL))
    {
      g_autofree char *masked = linli_mask_phone (linli_query_get_string (q, 1));

      if (g_str_has_prefix (linli_query_get_string (q, 0), "阿卜杜热合曼"))
        {
          print_test_assert_contains (p.text, "阿卜杜热合曼");
          print_test_assert_contains (p.text, "艾尔肯江");
        }
      else
        print_test_assert_contains (p.text, linli_query_get_string (q, 0));
      print_test_assert_lacks (p.text, linli_query_get_string (q, 1));
      print_test_assert_lacks (p.text, masked);
      names++;
    }
  g_assert_cmpuint (names, ==, 5);
  print_test_assert_lacks (p.text, "…");
  {
    guint open = 0;

    for (const char *t = p.text; (t = strstr (t, "缺1人")) != NULL; t++)
      open++;
    g_assert_cmpuint (open, ==, 3);
  }
  print_test_assert_contains (p.text, "红字标出的岗位还缺志愿者");

  /* Whom to call: the leader, who agreed to be posted, and the hotline. */
  print_test_assert_contains (p.text, "联系方式：队长 赵大海 13711112222");
  print_test_assert_contains (p.text, "社区服务热线 027-86301234");
  print_test_assert_lacks (p.text, "带“****”的号码");
  print_test_assert_contains (p.text, "青和居社区居民委员会");
  print_test_assert_lacks (p.text, "内部资料");
  g_free (print_test_render_png (p.pdf, 1, "fixture-roster"));

  /* One week, the week of the date when no first day is given. */
  {
    g_autoptr(LinliSheetRequest) week = linli_sheet_request_new ("roster", LINLI_SCOPE_TEAM, team);
    g_auto(Printed) w = { 0 };

    week->date = g_strdup ("2026-11-26");
    print (week, "roster-week", &w);
    print_test_assert_contains (w.text, "2026年11月23日至2026年11月29日");
    print_test_assert_contains (w.layout_text, "11月25日");
    print_test_assert_lacks (w.layout_text, "12月2日");
  }
}

/* A shift of many people goes on over more rows: no name is cut. */
static void
test_roster_big_shift (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *community = id_of ("SELECT id FROM community WHERE name = ?", "青和居社区");
  g_autofree char *team = linli_team_create (db, community, "custom", "社区大扫除", "community", NULL, &error);
  g_autofree char *shift = NULL;
  g_autoptr(LinliSheetRequest) req = NULL;
  g_autoptr(GPtrArray) people = g_ptr_array_new_with_free_func (g_free);
  g_auto(Printed) p = { 0 };
  static const char *names[] = { "甲一", "乙二", "丙三", "丁四", "戊五", "己六", "庚七", "辛八", "壬九", "癸十", "子丑" };

  g_assert_no_error (error);
  g_assert_true (linli_db_begin (db, &error));
  shift = linli_db_insert (db, &error, "shift", "community_id,team_id,date,start_time,end_time,needed", "sssssi",
                           community, team, "2026-11-28", "08:00", "10:00", 14);
  g_assert_no_error (error);
  g_assert_true (linli_db_commit (db, &error));
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *volunteer = linli_volunteer_create (db, community, names[i], "13900000000", "志愿者", &error);
      g_autofree char *assignment = NULL;

      g_assert_no_error (error);
      g_assert_true (linli_db_begin (db, &error));
      assignment = linli_db_insert (db, &error, "assignment", "community_id,shift_id,volunteer_id,manual", "sssi",
                                    community, shift, volunteer, 1);
      g_assert_no_error (error);
      g_assert_true (linli_db_commit (db, &error));
    }

  req = linli_sheet_request_new ("roster", LINLI_SCOPE_TEAM, team);
  req->from = g_strdup ("2026-11-23");
  print (req, "roster-big-shift", &p);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    print_test_assert_contains (p.text, names[i]);
  print_test_assert_contains (p.text, "缺3人");
  print_test_assert_lacks (p.text, "…");
  /* 2026-11-28 is a Saturday: the item has no name, the shift says so. */
  print_test_assert_contains (p.layout_text, "周六");
  print_test_assert_contains (p.layout_text, "班次");
}

static void
test_team (void)
{
  g_autofree char *market = id_of ("SELECT id FROM team WHERE name = ?", "周三有约");
  g_autofree char *squad = id_of ("SELECT id FROM team WHERE name = ?", "12栋119自管小分队");
  g_autoptr(LinliSheetRequest) req = linli_sheet_request_new ("team", LINLI_SCOPE_TEAM, market);
  g_autoptr(LinliSheetRequest) req2 = linli_sheet_request_new ("team", LINLI_SCOPE_TEAM, squad);
  g_auto(Printed) p = { 0 };
  g_auto(Printed) p2 = { 0 };

  print (req, "team-market", &p);
  g_assert_cmpuint (p.pages, ==, 1);
  print_test_assert_contains (p.text, "周三有约 成员名单");
  print_test_assert_contains (p.text, "便民服务集市 · 青和居社区 · 共6人");
  print_test_assert_contains (p.layout_text, "服务特长");
  print_test_assert_contains (p.layout_text, "理发");
  print_test_assert_contains (p.layout_text, "家电维修");
  print_test_assert_contains (p.layout_text, "队长");
  print_test_assert_contains (p.layout_text, "志愿者");
  print_test_assert_contains (p.layout_text, "12栋居民");
  /* The leader first; phones whole as agreed, masked otherwise. */
  g_assert_true (strstr (p.text, "赵大海") < strstr (p.text, "吴桂兰"));
  print_test_assert_contains (p.text, "13711112222");
  print_test_assert_contains (p.text, "13600000001");
  print_test_assert_contains (p.text, "136****0002");
  print_test_assert_lacks (p.text, "13600000002");
  print_test_assert_contains (p.text, "150****5678");
  print_test_assert_lacks (p.text, "15012345678");
  /* The long name shrinks, then wraps in its narrow column; never cut. */
  print_test_assert_contains (p.text, "阿卜杜热合曼");
  print_test_assert_contains (p.text, "艾尔肯");
  print_test_assert_lacks (p.text, "…");
  print_test_assert_contains (p.text, "带“****”的号码");
  print_test_assert_contains (p.text, "联系方式：队长 赵大海 13711112222 · 社区服务热线 027-86301234");
  print_test_assert_lacks (p.text, "内部资料");
  g_free (print_test_render_png (p.pdf, 1, "fixture-team"));

  /* A 119 squad: its building, the cadre by her work unit, the call to
   * arms; its members who serve at the market show what they can do. */
  print (req2, "team-squad", &p2);
  print_test_assert_contains (p2.text, "12栋119自管小分队 成员名单");
  print_test_assert_contains (p2.text, "119自管小分队 · 12栋 · 共10人");
  print_test_assert_contains (p2.text, "1小时内集结");
  print_test_assert_contains (p2.text, "区城管局");
  print_test_assert_contains (p2.layout_text, "党员骨干");
  print_test_assert_contains (p2.text, "18877778888");
  print_test_assert_contains (p2.text, "136****0006");
  print_test_assert_lacks (p2.text, "13600000006");
}

static void
test_team_errors (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *market = id_of ("SELECT id FROM team WHERE name = ?", "周三有约");
  g_autofree char *squad = id_of ("SELECT id FROM team WHERE name = ?", "3栋119自管小分队");
  g_autofree char *b12 = id_of ("SELECT id FROM building WHERE number = ?", "12");
  g_autoptr(LinliSheetRequest) no_shifts = linli_sheet_request_new ("roster", LINLI_SCOPE_TEAM, squad);
  g_autoptr(LinliSheetRequest) bad_from = linli_sheet_request_new ("roster", LINLI_SCOPE_TEAM, market);
  g_autoptr(LinliSheetRequest) no_team = linli_sheet_request_new ("team", LINLI_SCOPE_TEAM, NULL);
  g_autoptr(LinliSheetRequest) building = linli_sheet_request_new ("roster", LINLI_SCOPE_BUILDING, b12);
  g_autoptr(LinliSheetRequest) squad_of_team = linli_sheet_request_new ("squad", LINLI_SCOPE_TEAM, market);
  g_autoptr(LinliSheetRequest) gone = linli_sheet_request_new ("team", LINLI_SCOPE_TEAM, "no-such-team");
  g_autoptr(LinliPrintDocument) doc = NULL;

  no_shifts->from = g_strdup ("2026-11-23");
  doc = linli_print_document_new (db, no_shifts, &error);
  g_assert_null (doc);
  g_assert_error (error, LINLI_PRINT_ERROR, LINLI_PRINT_ERROR_EMPTY);
  g_assert_nonnull (strstr (error->message, "3栋119自管小分队"));
  g_clear_error (&error);

  bad_from->from = g_strdup ("2026-11-31");
  doc = linli_print_document_new (db, bad_from, &error);
  g_assert_error (error, LINLI_PRINT_ERROR, LINLI_PRINT_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "2026-11-31"));
  g_clear_error (&error);

  doc = linli_print_document_new (db, no_team, &error);
  g_assert_error (error, LINLI_PRINT_ERROR, LINLI_PRINT_ERROR_BAD_SCOPE);
  g_clear_error (&error);
  doc = linli_print_document_new (db, building, &error);
  g_assert_error (error, LINLI_PRINT_ERROR, LINLI_PRINT_ERROR_BAD_SCOPE);
  g_clear_error (&error);
  doc = linli_print_document_new (db, squad_of_team, &error);
  g_assert_error (error, LINLI_PRINT_ERROR, LINLI_PRINT_ERROR_BAD_SCOPE);
  g_clear_error (&error);
  doc = linli_print_document_new (db, gone, &error);
  g_assert_error (error, LINLI_PRINT_ERROR, LINLI_PRINT_ERROR_NOT_FOUND);
}

static void
test_variants (void)
{
  g_autofree char *unit = id_of ("SELECT u.id FROM unit u JOIN building b ON b.id = u.building_id "
                                 "WHERE b.number = ? AND u.number = 1", "12");
  struct {
    LinliPaper paper;
    gboolean landscape, large, red;
    double w, h;
    const char *name;
  } variants[] = {
    { LINLI_PAPER_A4, FALSE, FALSE, TRUE, 595.28, 841.89, "sheet-squad-red-band" },
    { LINLI_PAPER_A4, FALSE, TRUE, TRUE, 595.28, 841.89, "sheet-squad-large" },
    { LINLI_PAPER_A4, TRUE, FALSE, FALSE, 841.89, 595.28, "squad-landscape" },
    { LINLI_PAPER_A3, FALSE, FALSE, TRUE, 841.89, 1190.55, "squad-a3" },
    { LINLI_PAPER_A3, TRUE, TRUE, TRUE, 1190.55, 841.89, "squad-a3-landscape-large" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (variants); i++)
    {
      g_autoptr(LinliSheetRequest) req = linli_sheet_request_new ("squad", LINLI_SCOPE_UNIT, unit);
      g_auto(Printed) p = { 0 };
      double w, h;

      req->paper = variants[i].paper;
      req->landscape = variants[i].landscape;
      req->large_print = variants[i].large;
      req->red_band = variants[i].red;
      print (req, variants[i].name, &p);
      print_test_pdf_page_size (p.pdf, &w, &h);
      g_assert_cmpfloat_with_epsilon (w, variants[i].w, 0.5);
      g_assert_cmpfloat_with_epsilon (h, variants[i].h, 0.5);
      print_test_assert_contains (p.text, "阿卜杜热合曼");
      print_test_assert_contains (p.text, "13711112222");
      if (variants[i].red)
        /* The red band names the issuer above the title. */
        g_assert_true (strstr (p.text, "青和居社区居民委员会") < strstr (p.text, "119自管小分队"));
      if (g_str_has_prefix (variants[i].name, "sheet-"))
        g_free (print_test_render_png (p.pdf, 1, variants[i].name));
    }
}

static void
test_cancel_keeps_old_pdf (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LinliSheetRequest) req = linli_sheet_request_new ("squad", LINLI_SCOPE_ALL, NULL);
  g_autoptr(LinliPrintDocument) doc = linli_print_document_new (db, req, &error);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *path = print_test_tmp_path ("old.pdf");
  g_autofree char *part = g_strconcat (path, ".part", NULL);
  g_autofree char *contents = NULL;

  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (path, "old", -1, NULL));
  g_cancellable_cancel (cancellable);
  g_assert_false (linli_print_document_write_pdf (doc, path, cancellable, NULL, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "old");
  g_assert_false (g_file_test (part, G_FILE_TEST_EXISTS));
}

static void
test_errors (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LinliSheetRequest) unknown = linli_sheet_request_new ("menu", LINLI_SCOPE_ALL, NULL);
  g_autoptr(LinliSheetRequest) bad_scope = linli_sheet_request_new ("grid-card", LINLI_SCOPE_BUILDING, "x");
  g_autoptr(LinliSheetRequest) no_id = linli_sheet_request_new ("squad", LINLI_SCOPE_GRID, NULL);
  g_autoptr(LinliSheetRequest) empty = linli_sheet_request_new ("squad", LINLI_SCOPE_GRID, "no-such-grid");
  g_autoptr(LinliSheetRequest) bad_date = linli_sheet_request_new ("squad", LINLI_SCOPE_ALL, NULL);
  g_autoptr(LinliPrintDocument) doc = NULL;
  g_autofree char *found = NULL;

  doc = linli_print_document_new (db, unknown, &error);
  g_assert_null (doc);
  g_assert_error (error, LINLI_PRINT_ERROR, LINLI_PRINT_ERROR_UNKNOWN_KIND);
  g_clear_error (&error);

  doc = linli_print_document_new (db, bad_scope, &error);
  g_assert_error (error, LINLI_PRINT_ERROR, LINLI_PRINT_ERROR_BAD_SCOPE);
  g_clear_error (&error);

  doc = linli_print_document_new (db, no_id, &error);
  g_assert_error (error, LINLI_PRINT_ERROR, LINLI_PRINT_ERROR_BAD_SCOPE);
  g_clear_error (&error);

  doc = linli_print_document_new (db, empty, &error);
  g_assert_error (error, LINLI_PRINT_ERROR, LINLI_PRINT_ERROR_EMPTY);
  g_clear_error (&error);

  bad_date->date = g_strdup ("2026-02-30");
  doc = linli_print_document_new (db, bad_date, &error);
  g_assert_error (error, LINLI_PRINT_ERROR, LINLI_PRINT_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "2026-02-30"));
  g_clear_error (&error);

  /* Finding by what users call things. */
  found = linli_print_find_building (db, NULL, "99", &error);
  g_assert_null (found);
  g_assert_error (error, LINLI_PRINT_ERROR, LINLI_PRINT_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "3, 12, A3"));
  g_clear_error (&error);
  found = linli_print_find_grid (db, "2", &error);
  g_assert_no_error (error);
  g_assert_nonnull (found);
  g_clear_pointer (&found, g_free);
  found = linli_print_find_grid (db, "第1网格", &error);
  g_assert_no_error (error);
  g_assert_nonnull (found);
  g_clear_pointer (&found, g_free);
  found = linli_print_find_compound (db, "奥园", &error);
  g_assert_error (error, LINLI_PRINT_ERROR, LINLI_PRINT_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "青和居"));
}

int
main (int argc, char *argv[])
{
  g_autoptr(GError) error = NULL;
  int ret;

  /* The sheets as the users print them, in Simplified Chinese. */
  g_setenv ("LANGUAGE", "", TRUE);
  setlocale (LC_ALL, "zh_CN.UTF-8");
  linli_core_init ();
  g_test_init (&argc, &argv, NULL);

  if (!print_test_have_poppler ())
    {
      g_test_skip ("poppler-utils (pdftotext, pdffonts, pdfinfo) are needed");
      return g_test_run ();
    }

  db = linli_db_open_memory (&error);
  g_assert_no_error (error);
  print_fixture_fill (db);

  g_test_add_func ("/print/sheets/squad-unit", test_squad_unit);
  g_test_add_func ("/print/sheets/squad-incomplete", test_squad_incomplete);
  g_test_add_func ("/print/sheets/squad-batch", test_squad_batch);
  g_test_add_func ("/print/sheets/grid-card", test_grid_card);
  g_test_add_func ("/print/sheets/households", test_households);
  g_test_add_func ("/print/sheets/care-list", test_care_list);
  g_test_add_func ("/print/sheets/roster", test_roster);
  g_test_add_func ("/print/sheets/roster-big-shift", test_roster_big_shift);
  g_test_add_func ("/print/sheets/team", test_team);
  g_test_add_func ("/print/sheets/team-errors", test_team_errors);
  g_test_add_func ("/print/sheets/paper-and-print-sizes", test_variants);
  g_test_add_func ("/print/sheets/cancel-keeps-old-pdf", test_cancel_keeps_old_pdf);
  g_test_add_func ("/print/sheets/errors", test_errors);

  ret = g_test_run ();
  g_clear_object (&db);
  return ret;
}
