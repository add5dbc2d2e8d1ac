/* import-fixtures.c: realistic ledgers of a Chinese community, generated
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Deterministic from a seed: names such as 王秀英 and 张建国, households
 * of one to four people in 12栋2单元501, mobile numbers, ID numbers with
 * valid GB 11643 check digits, a fifth over 65, the categories ledgers
 * keep. Written as CSV (UTF-8, BOM, GBK) or .xlsx with libxlsxwriter.
 */

#include "config.h"

#include <string.h>
#include <xlsxwriter.h>

#include "import-fixtures.h"
#include "linli-idnumber.h"

const char *const fixture_default_headers[] = {
  "序号", "姓名", "性别", "身份证号码", "出生日期", "联系电话", "所属网格",
  "楼栋", "单元", "房号", "与户主关系", "人员类别", "备注", NULL
};

static const char *surnames[] = {
  "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱",
  "胡", "郭", "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯",
};
static const char *male_names[] = {
  "建国", "志强", "伟", "强", "磊", "军", "勇", "杰", "涛", "明", "超", "刚", "建华",
  "晓东", "浩然", "宇轩", "国庆", "德胜", "文彬", "俊杰", "子豪", "海波",
};
static const char *female_names[] = {
  "秀英", "桂兰", "丽", "芳", "敏", "静", "艳", "娟", "秀兰", "霞", "平", "玉兰",
  "淑珍", "红梅", "欣怡", "梓萱", "子涵", "雪梅", "慧敏", "春花", "晓燕",
};
static const char *phone_prefixes[] = {
  "139", "138", "137", "136", "135", "150", "151", "158", "159", "186", "187", "188", "133", "153", "177",
};

static void
resident_free (FixtureResident *r)
{
  g_free (r->name);
  g_free (r->gender);
  g_free (r->id_number);
  g_free (r->birth_date);
  g_free (r->phone);
  g_free (r->grid);
  g_free (r->building);
  g_free (r->room);
  g_free (r->relation);
  g_free (r->tags);
  g_free (r->notes);
  g_free (r);
}

char *
fixture_id_number (const char *region,
                   const char *birth_yyyymmdd,
                   guint       sequence,
                   gboolean    male)
{
  char first17[18];
  guint seq = (sequence % 500) * 2 + (male ? 1 : 0);

  g_snprintf (first17, sizeof first17, "%.6s%.8s%03u", region, birth_yyyymmdd, seq % 1000);
  return g_strdup_printf ("%s%c", first17, linli_id_number_check_digit (first17));
}

static FixtureResident *
make_person (GRand      *rand,
             const char *surname,
             gboolean    male,
             int         age,
             guint       serial)
{
  FixtureResident *r = g_new0 (FixtureResident, 1);
  GDateTime *now = g_date_time_new_now_local ();
  int year = g_date_time_get_year (now) - age - 1;
  int month = g_rand_int_range (rand, 1, 13);
  int day = g_rand_int_range (rand, 1, 29);
  char ymd[9];
  static const char *regions[] = { "420106", "420111", "420102", "420607", "310115" };

  g_date_time_unref (now);
  g_snprintf (ymd, sizeof ymd, "%04d%02d%02d", year, month, day);

  r->name = g_strconcat (surname,
                         male ? male_names[g_rand_int_range (rand, 0, G_N_ELEMENTS (male_names))]
                              : female_names[g_rand_int_range (rand, 0, G_N_ELEMENTS (female_names))],
                         NULL);
  r->gender = g_strdup (male ? "男" : "女");
  r->id_number = fixture_id_number (regions[g_rand_int_range (rand, 0, G_N_ELEMENTS (regions))], ymd, serial, male);
  r->birth_date = g_strdup_printf ("%04d-%02d-%02d", year, month, day);
  r->age = age;
  if (age >= 12)
    r->phone = g_strdup_printf ("%s%08u", phone_prefixes[g_rand_int_range (rand, 0, G_N_ELEMENTS (phone_prefixes))],
                                (guint) g_rand_int_range (rand, 0, 100000000));
  return r;
}

/**
 * fixture_residents:
 *
 * Returns: (transfer full): @n residents in households, in ledger order
 */
GPtrArray *
fixture_residents (guint   n,
                   guint32 seed)
{
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) resident_free);
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  guint household = 0;
  guint serial = 0;

  while (out->len < n)
    {
      /* Households fill buildings of 6 units x 18 floors x 4 rooms. */
      guint building = household / (6 * 18 * 4) + 1;
      guint unit = (household / (18 * 4)) % 6 + 1;
      guint floor = (household / 4) % 18 + 1;
      guint door = household % 4 + 1;
      g_autofree char *grid = g_strdup_printf ("第%u网格", (building - 1) / 4 + 1);
      g_autofree char *room = g_strdup_printf ("%u%02u", floor, door);
      g_autofree char *bnum = g_strdup_printf ("%u", building);
      const char *surname = surnames[g_rand_int_range (rand, 0, G_N_ELEMENTS (surnames))];
      gboolean elderly = g_rand_int_range (rand, 0, 5) == 0;
      int size = elderly ? g_rand_int_range (rand, 1, 3) : g_rand_int_range (rand, 1, 5);
      int head_age = elderly ? g_rand_int_range (rand, 66, 92) : g_rand_int_range (rand, 28, 64);
      gboolean head_male = g_rand_boolean (rand);

      household++;
      for (int m = 0; m < size && out->len < n; m++)
        {
          FixtureResident *r;
          GString *tags = g_string_new (NULL);

          if (m == 0)
            {
              r = make_person (rand, surname, head_male, head_age, serial++);
              r->relation = g_strdup ("户主");
            }
          else if (m == 1)
            {
              int age = head_age + g_rand_int_range (rand, -3, 4);

              r = make_person (rand, surnames[g_rand_int_range (rand, 0, G_N_ELEMENTS (surnames))],
                               !head_male, CLAMP (age, 20, 99), serial++);
              r->relation = g_strdup ("配偶");
            }
          else
            {
              gboolean male = g_rand_boolean (rand);
              int age = head_age - g_rand_int_range (rand, 22, 32);

              r = make_person (rand, surname, male, MAX (age, 1), serial++);
              r->relation = g_strdup (male ? "子" : "女");
            }

          if (r->age >= 65 && size == 1)
            g_string_append (tags, "独居老人");
          else if (r->age >= 65 && m < 2 && size == 2)
            g_string_append (tags, "空巢老人");
          if (g_rand_int_range (rand, 0, 20) == 0 && r->age >= 18)
            g_string_append_printf (tags, "%s党员", tags->len ? "、" : "");
          if (g_rand_int_range (rand, 0, 50) == 0)
            g_string_append_printf (tags, "%s低保", tags->len ? "、" : "");
          if (g_rand_int_range (rand, 0, 60) == 0)
            g_string_append_printf (tags, "%s残疾人", tags->len ? "、" : "");
          if (g_rand_int_range (rand, 0, 80) == 0 && r->age >= 18)
            g_string_append_printf (tags, "%s退役军人", tags->len ? "、" : "");
          if (g_rand_int_range (rand, 0, 150) == 0)
            g_string_append_printf (tags, "%s楼栋长", tags->len ? "、" : "");
          r->tags = tags->len ? g_string_free (tags, FALSE) : (g_string_free (tags, TRUE), NULL);
          if (g_rand_int_range (rand, 0, 30) == 0)
            r->notes = g_strdup (g_rand_boolean (rand) ? "行动不便，需上门服务" : "租户，每周三在家");

          r->grid = g_strdup (grid);
          r->building = g_strdup (bnum);
          r->unit = (int) unit;
          r->room = g_strdup (room);
          g_ptr_array_add (out, r);
        }
    }
  return out;
}

/* The cell of @header for a resident, as a ledger writes it. */
char *
fixture_value (FixtureResident *r,
               guint            serial,
               const char      *header)
{
  if (g_str_equal (header, "序号"))
    return g_strdup_printf ("%u", serial);
  if (g_str_equal (header, "姓名"))
    return g_strdup (r->name);
  if (g_str_equal (header, "性别"))
    return g_strdup (r->gender);
  if (g_str_equal (header, "身份证号码") || g_str_equal (header, "身份证号"))
    return g_strdup (r->id_number);
  if (g_str_equal (header, "出生日期"))
    return g_strdup (r->birth_date);
  if (g_str_equal (header, "出生年月"))
    return g_strdup_printf ("%.4s.%.2s", r->birth_date, r->birth_date + 5);
  if (g_str_equal (header, "年龄"))
    return g_strdup_printf ("%d", r->age);
  if (g_str_equal (header, "联系电话") || g_str_equal (header, "手机号码") || g_str_equal (header, "电话"))
    return g_strdup (r->phone);
  if (g_str_equal (header, "所属网格") || g_str_equal (header, "网格"))
    return g_strdup (r->grid);
  if (g_str_equal (header, "楼栋") || g_str_equal (header, "楼号") || g_str_equal (header, "栋"))
    return g_strdup (r->building);
  if (g_str_equal (header, "单元"))
    return g_strdup_printf ("%d", r->unit);
  if (g_str_equal (header, "房号") || g_str_equal (header, "门牌号") || g_str_equal (header, "室"))
    return g_strdup (r->room);
  if (g_str_equal (header, "住址"))
    return g_strdup_printf ("%s栋%d单元%s", r->building, r->unit, r->room);
  if (g_str_equal (header, "地址"))
    return g_strdup_printf ("%s-%d-%s", r->building, r->unit, r->room);
  if (g_str_equal (header, "与户主关系"))
    return g_strdup (r->relation);
  if (g_str_equal (header, "户主"))
    return g_strdup (g_strcmp0 (r->relation, "户主") == 0 ? "是" : "否");
  if (g_str_equal (header, "人员类别") || g_str_equal (header, "标签") || g_str_equal (header, "类别"))
    return g_strdup (r->tags);
  if (g_str_equal (header, "备注"))
    return g_strdup (r->notes);
  return NULL;
}

static void
csv_cell (GString    *out,
          const char *v)
{
  if (v == NULL)
    return;
  if (strpbrk (v, ",\"\r\n") != NULL)
    {
      g_string_append_c (out, '"');
      for (const char *p = v; *p; p++)
        {
          if (*p == '"')
            g_string_append_c (out, '"');
          g_string_append_c (out, *p);
        }
      g_string_append_c (out, '"');
    }
  else
    g_string_append (out, v);
}

void
fixture_write_csv (GPtrArray         *residents,
                   const char *const *headers,
                   FixtureFlags       flags,
                   const char        *path)
{
  g_autoptr(GString) out = g_string_new (NULL);
  const char *eol = (flags & FIXTURE_LF) ? "\n" : "\r\n";
  g_autoptr(GError) error = NULL;

  if (flags & FIXTURE_TITLE)
    g_string_append_printf (out, "青和居社区居民花名册,,,%s,%s", eol, eol);

  for (guint c = 0; headers[c] != NULL; c++)
    {
      if (c > 0)
        g_string_append_c (out, ',');
      csv_cell (out, headers[c]);
    }
  g_string_append (out, eol);

  for (guint i = 0; i < residents->len; i++)
    {
      for (guint c = 0; headers[c] != NULL; c++)
        {
          g_autofree char *v = fixture_value (g_ptr_array_index (residents, i), i + 1, headers[c]);

          if (c > 0)
            g_string_append_c (out, ',');
          csv_cell (out, v);
        }
      g_string_append (out, eol);
    }

  if (flags & FIXTURE_GBK)
    {
      gsize written = 0;
      g_autofree char *gbk = g_convert (out->str, (gssize) out->len, "GB18030", "UTF-8", NULL, &written, &error);

      g_assert_no_error (error);
      g_assert_true (g_file_set_contents (path, gbk, (gssize) written, &error));
    }
  else
    {
      if (flags & FIXTURE_BOM)
        g_string_prepend (out, "\xEF\xBB\xBF");
      g_assert_true (g_file_set_contents (path, out->str, (gssize) out->len, &error));
    }
  g_assert_no_error (error);
}

void
fixture_write_xlsx (GPtrArray         *residents,
                    const char *const *headers,
                    FixtureFlags       flags,
                    const char        *path)
{
  lxw_workbook_options options = { .constant_memory = (flags & FIXTURE_INLINE) ? LXW_TRUE : LXW_FALSE };
  lxw_workbook *wb = workbook_new_opt (path, &options);
  lxw_worksheet *ws;
  lxw_format *date = workbook_add_format (wb);
  lxw_format *bold = workbook_add_format (wb);
  lxw_row_t r = 0;
  int building_col = -1, age_col = -1, birth_col = -1;

  format_set_num_format (date, "yyyy\"年\"m\"月\"d\"日\"");
  format_set_bold (bold);

  if (flags & FIXTURE_HIDDEN)
    {
      lxw_worksheet *hidden = workbook_add_worksheet (wb, "说明");

      worksheet_write_string (hidden, 0, 0, "姓名", NULL);
      worksheet_write_string (hidden, 0, 1, "房号", NULL);
      worksheet_write_string (hidden, 1, 0, "不要导入我", NULL);
      worksheet_write_string (hidden, 1, 1, "999", NULL);
      worksheet_hide (hidden);
    }
  ws = workbook_add_worksheet (wb, "居民花名册");
  if (flags & FIXTURE_HIDDEN)
    worksheet_activate (ws);

  if (flags & FIXTURE_TITLE)
    {
      guint n = 0;

      while (headers[n] != NULL)
        n++;
      if (flags & FIXTURE_INLINE)
        worksheet_write_string (ws, 0, 0, "青和居社区居民花名册", bold);
      else
        worksheet_merge_range (ws, 0, 0, 0, (lxw_col_t) (n - 1), "青和居社区居民花名册", bold);
      r = 2;
    }

  for (guint c = 0; headers[c] != NULL; c++)
    {
      worksheet_write_string (ws, r, (lxw_col_t) c, headers[c], bold);
      if (g_str_equal (headers[c], "楼栋"))
        building_col = (int) c;
      if (g_str_equal (headers[c], "年龄"))
        age_col = (int) c;
      if (g_str_equal (headers[c], "出生日期"))
        birth_col = (int) c;
    }
  r++;

  for (guint i = 0; i < residents->len; i++, r++)
    {
      FixtureResident *res = g_ptr_array_index (residents, i);

      for (guint c = 0; headers[c] != NULL; c++)
        {
          g_autofree char *v = fixture_value (res, i + 1, headers[c]);

          if (v == NULL)
            continue;
          if ((int) c == building_col && (flags & FIXTURE_MERGED))
            continue;
          if ((int) c == birth_col && (flags & FIXTURE_DATES))
            {
              lxw_datetime dt = { 0 };

              sscanf (v, "%4d-%2d-%2d", &dt.year, &dt.month, &dt.day);
              worksheet_write_datetime (ws, r, (lxw_col_t) c, &dt, date);
            }
          else if ((int) c == age_col && (flags & FIXTURE_FORMULAS) && birth_col >= 0)
            {
              g_autofree char *formula = NULL;
              char letter = (char) ('A' + birth_col);

              formula = g_strdup_printf ("=DATEDIF(%c%u,TODAY(),\"Y\")", letter, r + 1);
              worksheet_write_formula_num (ws, r, (lxw_col_t) c, formula, NULL, res->age);
            }
          else if (g_str_equal (headers[c], "序号") || g_str_equal (headers[c], "单元") || g_str_equal (headers[c], "年龄"))
            worksheet_write_number (ws, r, (lxw_col_t) c, g_ascii_strtod (v, NULL), NULL);
          else
            worksheet_write_string (ws, r, (lxw_col_t) c, v, NULL);
        }
    }

  /* The building written once, merged down over the rows of its residents. */
  if (building_col >= 0 && (flags & FIXTURE_MERGED))
    {
      lxw_row_t first = r - residents->len;
      guint start = 0;

      for (guint i = 1; i <= residents->len; i++)
        {
          FixtureResident *a = g_ptr_array_index (residents, start);
          FixtureResident *b = i < residents->len ? g_ptr_array_index (residents, i) : NULL;

          if (b != NULL && g_str_equal (a->building, b->building))
            continue;
          if (i - start > 1)
            worksheet_merge_range (ws, first + start, (lxw_col_t) building_col, first + i - 1,
                                   (lxw_col_t) building_col, a->building, NULL);
          else
            worksheet_write_string (ws, first + start, (lxw_col_t) building_col, a->building, NULL);
          start = i;
        }
    }

  g_assert_cmpint (workbook_close (wb), ==, LXW_NO_ERROR);
}

/* A workbook of one sheet per building, as many ledgers are kept: a first
 * sheet of instructions (填表说明), then 1栋 with three residents and 2栋
 * with two. */
void
fixture_write_xlsx_sheets (const char *path)
{
  static const char *const headers[] = { "姓名", "身份证号码", "楼栋", "单元", "房号", "与户主关系" };
  lxw_workbook *wb = workbook_new (path);
  lxw_worksheet *notes = workbook_add_worksheet (wb, "填表说明");

  worksheet_write_string (notes, 0, 0, "填表说明：每栋楼一张表，身份证号码请设为文本格式。", NULL);
  for (guint b = 1; b <= 2; b++)
    {
      g_autofree char *name = g_strdup_printf ("%u栋", b);
      lxw_worksheet *ws = workbook_add_worksheet (wb, name);

      for (guint c = 0; c < G_N_ELEMENTS (headers); c++)
        worksheet_write_string (ws, 0, (lxw_col_t) c, headers[c], NULL);
      for (guint i = 0; i < 4 - b; i++)
        {
          g_autofree char *id = fixture_id_number ("420106", "19700101", b * 10 + i, i % 2 == 0);
          g_autofree char *person = g_strdup_printf ("%s%s", b == 1 ? "王" : "李", (const char *[]) { "一", "二", "三" }[i]);
          g_autofree char *room = g_strdup_printf ("%u01", i + 1);

          worksheet_write_string (ws, (lxw_row_t) (i + 1), 0, person, NULL);
          worksheet_write_string (ws, (lxw_row_t) (i + 1), 1, id, NULL);
          worksheet_write_number (ws, (lxw_row_t) (i + 1), 2, b, NULL);
          worksheet_write_number (ws, (lxw_row_t) (i + 1), 3, 1, NULL);
          worksheet_write_string (ws, (lxw_row_t) (i + 1), 4, room, NULL);
          worksheet_write_string (ws, (lxw_row_t) (i + 1), 5, "户主", NULL);
        }
    }
  g_assert_cmpint (workbook_close (wb), ==, LXW_NO_ERROR);
}
