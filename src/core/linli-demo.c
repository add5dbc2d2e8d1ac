/* linli-demo.c: a demo community, deterministic from a seed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The seed scale is one community the size of the seeds' Aoyuan compound:
 * 15 grids, 60 buildings with 337 stairwells, 5,309 households and about
 * 15,000 residents, with the teams, meetings and projects of DOMAIN.md.
 * Everything is made up: names from common surnames and given names of
 * each generation, phone numbers that look like phone numbers, and ID
 * numbers with valid GB 11643 check digits. The same seed and date give
 * the same community, ids included.
 */

#define G_LOG_DOMAIN "linli-demo"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "linli-demo.h"
#include "linli-idnumber.h"
#include "linli-vocab.h"

typedef struct
{
  int n_grids;
  int n_buildings;
  int n_highrise;
  int n_units;
  int n_households;
} Scale;

static const Scale scales[] = {
  [LINLI_DEMO_SMALL] = { 2, 6, 1, 34, 531 },
  [LINLI_DEMO_SEED] = { 15, 60, 8, 337, 5309 },
  [LINLI_DEMO_CITY] = { 15, 60, 8, 337, 5309 },
};

#define CITY_COMMUNITIES 50

typedef struct
{
  char *id;
  char *household_id;
  char *building_id;
  int   age;
  char  gender;
  gboolean party;
  gboolean has_phone;
} Person;

typedef struct
{
  char *id;
  char *number;
  char *grid_id;
  int   grid_index;
  int   n_units;
  GPtrArray *residents;   /* Person*, adults 20-72 of this building */
  GPtrArray *party;       /* Person*, party members of this building */
} Building;

typedef struct
{
  LinliDb    *db;
  GRand      *rand;
  GDate       today;
  const Scale *scale;
  int         community_index;
  GError    **error;
  gboolean    failed;

  char       *community_id;
  char       *compound_id;
  char       *property_id;
  char       *owners_id;
  char       *committee_id;   /* the residents' committee */
  char       *social_id;
  GPtrArray  *co_units;       /* organisation ids */
  GPtrArray  *grids;          /* ids */
  GPtrArray  *grid_workers;   /* ids */
  GPtrArray  *buildings;      /* Building* */
  GPtrArray  *persons;        /* Person* (residents) */
  GPtrArray  *cadres;         /* ids of sunk cadres */
  GPtrArray  *police;         /* ids */
  GPtrArray  *property_staff; /* ids */
  GHashTable *tag_ids;        /* code -> id */
  GPtrArray  *venues;         /* ids */
  GPtrArray  *projects;       /* ids */
  GPtrArray  *household_ids;
  GPtrArray  *care_households;
  char       *market_team_id;
  GHashTable *stmts;          /* shape -> sqlite3_stmt */
  GHashTable *id_numbers;     /* every resident's, of every community of this demo */

  LinliDemoProgress progress;
  gpointer    progress_data;
  double      progress_base;
  double      progress_span;
} Gen;

/* Names ------------------------------------------------------------------ */

/* The hundred most common surnames, weighted roughly by frequency. */
static const char *surnames[] = {
  "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周",
  "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周",
  "王", "李", "张", "刘", "陈", "徐", "孙", "马", "朱", "胡",
  "郭", "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐",
  "许", "韩", "冯", "邓", "曹", "彭", "曾", "肖", "田", "董",
  "袁", "潘", "于", "蒋", "蔡", "余", "杜", "叶", "程", "苏",
  "魏", "吕", "丁", "任", "沈", "姚", "卢", "姜", "崔", "钟",
  "谭", "陆", "汪", "范", "金", "石", "廖", "贾", "夏", "韦",
  "付", "方", "白", "邹", "孟", "熊", "秦", "邱", "江", "尹",
  "薛", "闫", "段", "雷", "侯", "龙", "史", "陶", "黎", "贺",
  "顾", "毛", "郝", "龚", "邵", "万", "钱", "严", "覃", "武",
  "戴", "莫", "孔", "向", "汤", "熊", "胡", "万", "涂", "喻",
};

static const char *male_old[] = {
  "建国", "国华", "国强", "志强", "建华", "德明", "文华", "振华", "志明", "永康",
  "福生", "金生", "长生", "春生", "家明", "卫东", "红军", "建军", "新民", "保国",
  "德胜", "国庆", "立新", "光明", "富贵", "明德", "祖元", "忠勤", "德磊", "方庆",
  "汉生", "少华", "满堂", "桂生", "炳文", "长林",
};
static const char *female_old[] = {
  "秀英", "桂英", "秀兰", "玉兰", "桂兰", "淑珍", "凤英", "玉珍", "秀珍", "翠华",
  "桂珍", "秀云", "凤兰", "素芬", "美华", "爱华", "玉梅", "冬梅", "丽华", "红梅",
  "菊香", "银娥", "金枝", "春兰", "月娥", "腊梅", "丽芬", "秀芳",
};
static const char *male_mid[] = {
  "伟", "强", "磊", "军", "勇", "杰", "涛", "斌", "超", "明",
  "刚", "平", "辉", "鹏", "华", "飞", "鑫", "波", "宁", "峰",
  "建平", "海涛", "志刚", "晓东", "文斌", "俊", "兵", "锋", "海波", "红兵",
  "卫国", "向阳", "学军", "小龙", "国栋", "永刚",
};
static const char *female_mid[] = {
  "芳", "娟", "敏", "静", "丽", "艳", "霞", "燕", "萍", "红",
  "玲", "琳", "婷", "雪", "慧", "莉", "晓燕", "丽娟", "海燕", "春燕",
  "丽萍", "美丽", "琼", "锦", "丹", "颖", "晶", "倩", "瑛", "青",
};
static const char *male_young[] = {
  "浩然", "子轩", "宇航", "浩宇", "俊杰", "梓豪", "一鸣", "嘉豪", "子豪", "明轩",
  "博文", "天佑", "宇轩", "晨阳", "思远", "皓轩", "逸飞", "睿", "泽宇", "子墨",
  "俊熙", "昊天", "铭", "宸", "乐天", "家乐",
};
static const char *female_young[] = {
  "子涵", "欣怡", "梓涵", "诗涵", "雨桐", "可馨", "一诺", "佳怡", "梦琪", "雨欣",
  "思彤", "语桐", "紫萱", "若曦", "欣妍", "佳琪", "雅婷", "心怡", "馨予", "安琪",
  "梓萱", "思涵", "嘉怡", "芷若",
};

static const char *community_names[CITY_COMMUNITIES] = {
  "幸福里", "和平里", "建设", "红卫", "工人村", "青和", "绿景苑", "南苑", "船厂", "钢花",
  "冶金", "新沟桥", "厂前", "白玉山", "红钢城", "青宜居", "武东", "倒口湖", "团结", "友谊",
  "胜利", "前进", "光明", "东风", "长青", "向阳", "新村", "桃园", "梅苑", "兰亭",
  "竹林", "松涛", "柳湖", "桂园", "枫林", "杨春湖", "丹水池", "罗家港", "东亭", "积玉桥",
  "粮道街", "昙华林", "首义", "紫阳", "白沙", "中南", "珞南", "水果湖", "东湖", "沙湖",
};

/* Random helpers ---------------------------------------------------------- */

static int
rnd (Gen *g, int lo, int hi)
{
  return g_rand_int_range (g->rand, lo, hi + 1);
}

/* Not CLAMP(): it would draw its random argument more than once. */
static int
clampi (int v, int lo, int hi)
{
  return v < lo ? lo : (v > hi ? hi : v);
}

static gboolean
chance (Gen *g, double p)
{
  return g_rand_double (g->rand) < p;
}

static const char *
pick (Gen *g, const char **list, gsize n)
{
  return list[g_rand_int_range (g->rand, 0, (gint32) n)];
}

#define PICK(g, list) pick (g, list, G_N_ELEMENTS (list))

/* A UUID made from the seeded generator, so that ids are reproducible. */
static char *
new_id (Gen *g)
{
  guint8 b[16];

  for (int i = 0; i < 16; i += 4)
    {
      guint32 r = g_rand_int (g->rand);
      memcpy (b + i, &r, 4);
    }
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  return g_strdup_printf ("%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
                          b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9],
                          b[10], b[11], b[12], b[13], b[14], b[15]);
}

static char *
make_name (Gen *g, char gender, int age)
{
  const char *surname = PICK (g, surnames);
  const char *given;

  if (age >= 58)
    given = gender == 'M' ? PICK (g, male_old) : PICK (g, female_old);
  else if (age >= 28)
    given = gender == 'M' ? PICK (g, male_mid) : PICK (g, female_mid);
  else
    given = gender == 'M' ? PICK (g, male_young) : PICK (g, female_young);

  return g_strconcat (surname, given, NULL);
}

static char *
make_phone (Gen *g)
{
  static const char *prefixes[] = { "139", "138", "137", "135", "136", "158", "159", "186",
                                    "187", "188", "189", "133", "153", "177", "180", "150",
                                    "151", "152", "182", "183", "130", "131", "132", "155" };
  return g_strdup_printf ("%s%04d%04d", PICK (g, prefixes), rnd (g, 0, 9999), rnd (g, 0, 9999));
}

static char *
make_landline (Gen *g)
{
  return g_strdup_printf ("027-8%03d%04d", rnd (g, 0, 999), rnd (g, 0, 9999));
}

static void
birth_date_for_age (Gen *g, int age, int *y, int *m, int *d)
{
  GDate date = g->today;

  g_date_subtract_years (&date, (guint) age);
  g_date_subtract_days (&date, (guint) rnd (g, 1, 364));
  *y = g_date_get_year (&date);
  *m = g_date_get_month (&date);
  *d = g_date_get_day (&date);
}

/* Region codes of Wuhan's districts, and a few places people moved from. */
static const char *regions[] = {
  "420107", "420107", "420107", "420107", "420106", "420102", "420103", "420104",
  "420111", "420115", "421182", "420881", "421023", "430624", "411502", "420682",
};

/* A resident's ID number, never one made before in this demo: when the
 * drawn one is taken, the next sequence number of the same gender (then
 * of the next region) is, without drawing again, so that everything else
 * the seed makes stays the same. */
static char *
make_id_number (Gen *g, int y, int m, int d, char gender)
{
  char first17[18];
  int seq = rnd (g, 0, 499);
  guint region = (guint) rnd (g, 0, G_N_ELEMENTS (regions) - 1);
  char *id = NULL;

  for (guint tries = 0; tries < 500 * G_N_ELEMENTS (regions); tries++)
    {
      g_snprintf (first17, sizeof first17, "%s%04d%02d%02d%03d", regions[region], y, m, d,
                  seq * 2 + (gender == 'M' ? 1 : 0));
      id = g_strdup_printf ("%s%c", first17, linli_id_number_check_digit (first17));
      if (!g_hash_table_contains (g->id_numbers, id))
        break;
      g_clear_pointer (&id, g_free);
      seq = (seq + 1) % 500;
      if (seq == 0)
        region = (region + 1) % G_N_ELEMENTS (regions);
    }
  g_assert (id != NULL);  /* 8,000 people of one gender born on one day */
  g_hash_table_add (g->id_numbers, g_strdup (id));
  return id;
}

static char *
iso_date (GDate *date)
{
  return g_strdup_printf ("%04d-%02d-%02d", g_date_get_year (date), g_date_get_month (date), g_date_get_day (date));
}

static char *
days_ago (Gen *g, int days)
{
  GDate d = g->today;

  if (days >= 0)
    g_date_subtract_days (&d, (guint) days);
  else
    g_date_add_days (&d, (guint) -days);
  return iso_date (&d);
}

/* Writes ------------------------------------------------------------------ */

/* Inserts a row of the current community with a seeded id; statements
 * are prepared once per shape. */
static char *
insert (Gen *g, const char *table, const char *columns, const char *format, ...)
{
  g_autofree char *id = NULL;
  g_autofree char *key = NULL;
  sqlite3_stmt *stmt;
  sqlite3 *handle = linli_db_get_handle (g->db);
  va_list args;
  int idx = 1;

  if (g->failed)
    return NULL;

  key = g_strdup_printf ("%s|%s|%s", table, columns, format);
  stmt = g_hash_table_lookup (g->stmts, key);
  if (stmt == NULL)
    {
      g_autoptr(GString) marks = g_string_new ("?, linli_hlc (), ?");
      g_autofree char *sql = NULL;

      for (const char *f = format; *f; f++)
        g_string_append (marks, ", ?");
      sql = g_strdup_printf ("INSERT INTO %s (id, _hlc, community_id, %s) VALUES (%s)",
                             table, columns, marks->str);
      if (sqlite3_prepare_v3 (handle, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) != SQLITE_OK)
        {
          g_set_error (g->error, LINLI_DB_ERROR, LINLI_DB_ERROR_FAILED, "%s: %s", table, sqlite3_errmsg (handle));
          g->failed = TRUE;
          return NULL;
        }
      g_hash_table_insert (g->stmts, g_steal_pointer (&key), stmt);
    }

  id = new_id (g);
  sqlite3_bind_text (stmt, idx++, id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, idx++, g->community_id, -1, SQLITE_TRANSIENT);
  va_start (args, format);
  for (const char *f = format; *f; f++, idx++)
    {
      switch (*f)
        {
        case 's':
          {
            const char *v = va_arg (args, const char *);
            if (v)
              sqlite3_bind_text (stmt, idx, v, -1, SQLITE_TRANSIENT);
            else
              sqlite3_bind_null (stmt, idx);
          }
          break;
        case 'i': sqlite3_bind_int (stmt, idx, va_arg (args, int)); break;
        case 'l': sqlite3_bind_int64 (stmt, idx, va_arg (args, gint64)); break;
        case 'd': sqlite3_bind_double (stmt, idx, va_arg (args, double)); break;
        default: g_assert_not_reached ();
        }
    }
  va_end (args);

  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      g_set_error (g->error, LINLI_DB_ERROR, LINLI_DB_ERROR_FAILED, "%s: %s", table, sqlite3_errmsg (handle));
      g->failed = TRUE;
      sqlite3_reset (stmt);
      return NULL;
    }
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);

  return g_steal_pointer (&id);
}

static void
set (Gen *g, const char *table, const char *id, const char *column, const char *value)
{
  if (g->failed)
    return;
  if (!linli_db_set (g->db, g->error, table, id, column, "s", value))
    g->failed = TRUE;
}

static void
progress (Gen *g, double fraction)
{
  if (g->progress != NULL)
    g->progress (g->progress_base + g->progress_span * fraction, g->progress_data);
}

/* The community and its organisations ------------------------------------ */

static const char *tag_names[][2] = {
  { "alone", "独居老人" },
  { "empty_nest", "空巢老人" },
  { "disabled", "残疾人" },
  { "low_income", "低保户" },
  { "party_member", "党员" },
  { "floating", "流动人口" },
  { "veteran", "退役军人" },
  { "difficulty", "困难家庭" },
};

static void
gen_community (Gen *g)
{
  g_autofree char *name = NULL;
  g_autofree char *hotline = NULL;
  const char *base = community_names[g->community_index % CITY_COMMUNITIES];
  static const char *co_units[] = {
    "市第一人民医院", "区住房和城市更新局", "中铁十一局集团第三工程公司", "省广播电视台",
    "区人民法院", "市供水集团青山分公司", "区税务局", "工商银行青山支行",
    "区市场监督管理局", "市第四十九中学", "区城管执法局", "国网青山供电公司",
  };

  name = g_strdup_printf ("%s社区", base);
  hotline = g_strdup_printf ("027-8686%04d", 1000 + g->community_index * 7);

  g->community_id = new_id (g);
  if (!linli_db_insert_with_id (g->db, g->error, "community", g->community_id,
                                "community_id,name,street,district,city,address,hotline",
                                "sssssss", g->community_id, name, "工人村街道", "青山区", "武汉市",
                                "青山区工人村街道和平大道1108号", hotline))
    {
      g->failed = TRUE;
      return;
    }

  {
    g_autofree char *compound = g_strdup_printf ("%s小区", base);
    g->compound_id = insert (g, "compound", "name,address", "ss", compound, "和平大道1108号");
  }

  {
    g_autofree char *prop = g_strdup_printf ("%s物业服务有限公司", base);
    g_autofree char *owners = g_strdup_printf ("%s小区业主委员会", base);
    g_autofree char *committee = g_strdup_printf ("%s社区居民委员会", base);

    g->property_id = insert (g, "organisation", "kind,name,contact_name,phone,address", "sssss",
                             "property", prop, "刘经理", "027-86861234", "小区南门物业服务中心");
    g->owners_id = insert (g, "organisation", "kind,name,contact_name", "sss", "owners_committee", owners, "赵主任");
    g->committee_id = insert (g, "organisation", "kind,name,phone", "sss", "government", committee, hotline);
    g->social_id = insert (g, "organisation", "kind,name,contact_name,phone", "ssss", "social",
                           "彩虹社会工作服务中心", "周社工", "027-86780011");
  }

  g->co_units = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < G_N_ELEMENTS (co_units); i++)
    g_ptr_array_add (g->co_units, insert (g, "organisation", "kind,name,contact_name,phone", "ssss",
                                          "co_building", co_units[i], NULL, NULL));

  g->tag_ids = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  for (guint i = 0; i < G_N_ELEMENTS (tag_names); i++)
    {
      const LinliVocab *v = linli_vocab_lookup (LINLI_VOCAB_TAG, tag_names[i][0]);
      char *id = insert (g, "tag", "code,name,color,care", "sssi", tag_names[i][0], tag_names[i][1],
                         v ? v->color : NULL, v && v->care ? 1 : 0);
      g_hash_table_insert (g->tag_ids, (gpointer) tag_names[i][0], id);
    }
  /* A tag of the community's own. */
  g_hash_table_insert (g->tag_ids, (gpointer) "pet",
                       insert (g, "tag", "name,color,care", "ssi", "养宠户", "#e5a50a", 0));
}

/* Non-residents: grid workers, police, property staff, sunk cadres ------ */

static char *
gen_staff (Gen *g, const char *title, const char *org_id, gboolean consent)
{
  char gender = chance (g, 0.55) ? 'F' : 'M';
  int age = rnd (g, 26, 52);
  g_autofree char *name = make_name (g, gender, age);
  g_autofree char *phone = make_phone (g);
  char gs[2] = { gender, 0 };

  return insert (g, "person", "is_resident,name,gender,phone,title,organisation_id,consent_publish",
                 "isssssi", 0, name, gs, phone, title, org_id, consent ? 1 : 0);
}

static void
gen_staff_all (Gen *g)
{
  g->grid_workers = g_ptr_array_new_with_free_func (g_free);
  g->police = g_ptr_array_new_with_free_func (g_free);
  g->property_staff = g_ptr_array_new_with_free_func (g_free);
  g->cadres = g_ptr_array_new_with_free_func (g_free);

  for (int i = 0; i < g->scale->n_grids; i++)
    g_ptr_array_add (g->grid_workers, gen_staff (g, "网格员", g->committee_id, TRUE));
  for (int i = 0; i < MAX (1, g->scale->n_grids / 4); i++)
    g_ptr_array_add (g->police, gen_staff (g, "社区民警", NULL, TRUE));
  for (int i = 0; i < MAX (2, g->scale->n_grids / 2); i++)
    g_ptr_array_add (g->property_staff, gen_staff (g, "物业楼管员", g->property_id, TRUE));
  /* Sunk cadres: sent down from the co-building units, one per building
   * or so; a few buildings are left without one. */
  for (int i = 0; i < g->scale->n_buildings; i++)
    g_ptr_array_add (g->cadres, gen_staff (g, "下沉干部",
                                           g_ptr_array_index (g->co_units, i % g->co_units->len), TRUE));
}

/* Territory and geometry --------------------------------------------------- */

static void
gen_territory (Gen *g)
{
  const Scale *s = g->scale;
  int cols = s->n_grids >= 15 ? 5 : s->n_grids;
  int rows = (s->n_grids + cols - 1) / cols;
  int *units = g_new0 (int, s->n_buildings);
  int *floors = g_new0 (int, s->n_buildings);
  int *rooms = g_new0 (int, s->n_buildings);
  int total_units = 0, capacity = 0, to_drop;
  const double block_w = 220, block_h = 170, road = 24;
  double row_x = 0, row_y = 0, row_h = 0;
  int row_grid = -1;
  GPtrArray *slots;
  static const char *grid_colors[] = {
    "#99c1f1", "#8ff0a4", "#f9f06b", "#ffbe6f", "#f66151", "#dc8add", "#cdab8f",
    "#62a0ea", "#57e389", "#f8e45c", "#ffa348", "#ed333b", "#c061cb", "#b5835a", "#9a9996",
  };

  g->grids = g_ptr_array_new_with_free_func (g_free);
  g->buildings = g_ptr_array_new ();
  g->household_ids = g_ptr_array_new_with_free_func (g_free);

  /* Which buildings are high-rise, how many stairwells each has. */
  for (int b = 0; b < s->n_buildings; b++)
    {
      gboolean high = b % (s->n_buildings / MAX (1, s->n_highrise)) == (s->n_buildings / MAX (1, s->n_highrise)) - 1 &&
                      b / (s->n_buildings / MAX (1, s->n_highrise)) < s->n_highrise;

      if (high)
        {
          units[b] = 2;
          floors[b] = rnd (g, 24, 28);
          rooms[b] = 3;
        }
      else
        {
          units[b] = rnd (g, 5, 7);
          floors[b] = rnd (g, 6, 7);
          rooms[b] = 2;
        }
      total_units += units[b];
    }
  /* Bring the stairwells to exactly the scale's count, on walk-ups. */
  while (total_units != s->n_units)
    {
      int b = rnd (g, 0, s->n_buildings - 1);

      if (rooms[b] == 3)
        continue;
      if (total_units < s->n_units && units[b] < 8)
        units[b]++, total_units++;
      else if (total_units > s->n_units && units[b] > 3)
        units[b]--, total_units--;
    }
  for (int b = 0; b < s->n_buildings; b++)
    capacity += units[b] * floors[b] * rooms[b];
  /* Raise floors when there are not enough rooms for the households. */
  while (capacity < s->n_households)
    {
      int b = rnd (g, 0, s->n_buildings - 1);

      if (rooms[b] == 2 && floors[b] < 8)
        {
          floors[b]++;
          capacity += units[b] * rooms[b];
        }
    }
  to_drop = capacity - s->n_households;

  /* Grids: blocks of the compound plan, 5 across, with roads between. */
  for (int i = 0; i < s->n_grids; i++)
    {
      int c = i % cols, r = i / cols;
      double x0 = c * (block_w + road), y0 = r * (block_h + road);
      double j[8];
      g_autofree char *outline = NULL;
      g_autofree char *name = g_strdup_printf ("第%d网格", i + 1);
      char *id;

      for (int k = 0; k < 8; k++)
        j[k] = g_rand_double_range (g->rand, -6, 6);
      outline = g_strdup_printf ("[[%.1f,%.1f],[%.1f,%.1f],[%.1f,%.1f],[%.1f,%.1f]]",
                                 x0 + j[0], y0 + j[1], x0 + block_w + j[2], y0 + j[3],
                                 x0 + block_w + j[4], y0 + block_h + j[5], x0 + j[6], y0 + block_h + j[7]);
      id = insert (g, "grid", "compound_id,number,name,color,outline,worker_id", "sissss",
                   g->compound_id, i + 1, name, grid_colors[i % G_N_ELEMENTS (grid_colors)],
                   outline, (char *) g_ptr_array_index (g->grid_workers, i));
      g_ptr_array_add (g->grids, id);
    }
  (void) rows;

  /* Buildings: numbered through the compound, a few per grid, in rows. */
  slots = g_ptr_array_new ();
  for (int b = 0; b < s->n_buildings; b++)
    {
      Building *bd = g_new0 (Building, 1);
      int gi = b * s->n_grids / s->n_buildings;
      int c = gi % cols, r = gi / cols;
      double x0 = c * (block_w + road), y0 = r * (block_h + road);
      double width = rooms[b] == 3 ? 34 : units[b] * 13.0;
      double depth = rooms[b] == 3 ? 20 : 11;
      double x, y;
      double angle = (gi % 4 == 3) ? -6.0 : 0.0;
      g_autofree char *nb = NULL;
      char *neigh;

      /* Rows left to right, a new row when the next one would not fit,
       * so that no two buildings overlap. */
      if (gi != row_grid)
        {
          row_grid = gi;
          row_x = x0 + 14;
          row_y = y0 + 22;
          row_h = 0;
        }
      if (row_x > x0 + 14 && row_x + width > x0 + block_w - 12)
        {
          row_x = x0 + 14;
          row_y += row_h + 14;
          row_h = 0;
        }
      x = row_x + width / 2;
      y = row_y + depth / 2;
      row_x += width + 12;
      row_h = MAX (row_h, depth);

      bd->number = g_strdup_printf ("%d", b + 1);
      bd->grid_id = g_strdup (g_ptr_array_index (g->grids, gi));
      bd->grid_index = gi;
      bd->n_units = units[b];
      bd->residents = g_ptr_array_new ();
      bd->party = g_ptr_array_new ();

      nb = g_strdup_printf ("%d栋邻里", b + 1);
      neigh = insert (g, "neighbourhood", "grid_id,name", "ss", bd->grid_id, nb);
      bd->id = insert (g, "building", "compound_id,grid_id,neighbourhood_id,number,floors,x,y,width,depth,angle,placed",
                       "ssssidddddi", g->compound_id, bd->grid_id, neigh, bd->number, floors[b],
                       x, y, width, depth, angle, 1);
      g_free (neigh);
      g_ptr_array_add (g->buildings, bd);

      for (int u = 1; u <= units[b]; u++)
        {
          g_autofree char *unit_id = insert (g, "unit", "building_id,number,floors,rooms_per_floor", "siii",
                                             bd->id, u, floors[b], rooms[b]);

          for (int f = 1; f <= floors[b]; f++)
            for (int rm = 1; rm <= rooms[b]; rm++)
              {
                char *slot = g_strdup_printf ("%s|%d|%d", unit_id, f, rm);
                g_ptr_array_add (slots, slot);
              }
        }
    }

  /* Some ground-floor rooms are shops or garages, not homes. */
  while (to_drop > 0)
    {
      guint i = (guint) rnd (g, 0, (int) slots->len - 1);
      char *slot = g_ptr_array_index (slots, i);
      char **parts = g_strsplit (slot, "|", 3);
      int floor = atoi (parts[1]);

      if (floor <= 2 || chance (g, 0.1))
        {
          g_free (g_ptr_array_steal_index (slots, i));
          to_drop--;
        }
      g_strfreev (parts);
    }

  for (guint i = 0; i < slots->len; i++)
    {
      char **parts = g_strsplit (g_ptr_array_index (slots, i), "|", 3);
      int floor = atoi (parts[1]), rm = atoi (parts[2]);
      g_autofree char *room = g_strdup_printf ("%d%02d", floor, rm);
      char *id = insert (g, "household", "unit_id,floor,room", "sis", parts[0], floor, room);

      g_ptr_array_add (g->household_ids, id);
      g_strfreev (parts);
      g_free (g_ptr_array_index (slots, i));
    }
  g_ptr_array_free (slots, TRUE);

  g_free (units);
  g_free (floors);
  g_free (rooms);
}

/* Households and residents ------------------------------------------------ */

/* Ledgers write the relation to the head of household in words. */
static const char *
relation_word (const char *code)
{
  static const char *words[][2] = {
    { "head", "户主" }, { "spouse", "配偶" }, { "son", "子" }, { "daughter", "女" },
    { "father", "父亲" }, { "mother", "母亲" }, { "tenant", "租户" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (words); i++)
    if (g_str_equal (words[i][0], code))
      return words[i][1];
  return code;
}

static Person *
gen_person (Gen *g, const char *household_id, Building *bd, int age, char gender,
            const char *relation, gboolean rental)
{
  Person *p = g_new0 (Person, 1);
  g_autofree char *name = make_name (g, gender, age);
  g_autofree char *id_number = NULL;
  g_autofree char *birth = NULL;
  g_autofree char *phone = NULL;
  int y, m, d;
  char gs[2] = { gender, 0 };

  birth_date_for_age (g, age, &y, &m, &d);
  birth = g_strdup_printf ("%04d-%02d-%02d", y, m, d);
  id_number = make_id_number (g, y, m, d, gender);
  if (age >= 14 && !(age >= 80 && chance (g, 0.5)))
    phone = make_phone (g);

  p->id = insert (g, "person", "household_id,is_resident,name,gender,id_number,birth_date,phone,relation",
                  "sissssss", household_id, 1, name, gs, id_number, birth, phone, relation_word (relation));
  p->household_id = g_strdup (household_id);
  p->building_id = bd->id;
  p->age = age;
  p->gender = gender;
  p->has_phone = phone != NULL;

  /* Party members: more among the old. */
  if (age >= 22 && chance (g, age >= 60 ? 0.13 : 0.07))
    {
      p->party = TRUE;
      g_free (insert (g, "person_tag", "person_id,tag_id,since", "sss", p->id,
                      (char *) g_hash_table_lookup (g->tag_ids, "party_member"), NULL));
      g_ptr_array_add (bd->party, p);
    }
  if (chance (g, 0.02))
    g_free (insert (g, "person_tag", "person_id,tag_id", "ss", p->id,
                    (char *) g_hash_table_lookup (g->tag_ids, "disabled")));
  if (gender == 'M' && age >= 40 && chance (g, 0.04))
    g_free (insert (g, "person_tag", "person_id,tag_id", "ss", p->id,
                    (char *) g_hash_table_lookup (g->tag_ids, "veteran")));
  if (rental && age >= 18)
    g_free (insert (g, "person_tag", "person_id,tag_id", "ss", p->id,
                    (char *) g_hash_table_lookup (g->tag_ids, "floating")));

  if (age >= 20 && age <= 72)
    g_ptr_array_add (bd->residents, p);
  g_ptr_array_add (g->persons, p);
  return p;
}

static Building *
building_of_household (Gen *g, guint index)
{
  /* Households were made building by building, in order. */
  return g_ptr_array_index (g->buildings,
                            (guint) ((guint64) index * g->buildings->len / g->household_ids->len));
}

static void
gen_residents (Gen *g)
{
  g_autoptr(GHashTable) hh_building = NULL;
  g_autoptr(LinliQuery) query = NULL;
  guint n = g->household_ids->len;

  g->persons = g_ptr_array_new ();
  g->care_households = g_ptr_array_new_with_free_func (g_free);

  /* The true building of each household. */
  hh_building = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  query = linli_db_query (g->db, NULL,
                          "SELECT h.id, u.building_id FROM household h JOIN unit u ON u.id = h.unit_id "
                          "WHERE h.community_id = ?", "s", g->community_id);
  {
    g_autoptr(GHashTable) by_id = g_hash_table_new (g_str_hash, g_str_equal);

    for (guint i = 0; i < g->buildings->len; i++)
      {
        Building *bd = g_ptr_array_index (g->buildings, i);
        g_hash_table_insert (by_id, bd->id, bd);
      }
    while (query != NULL && linli_query_next (query, NULL))
      {
        Building *bd = g_hash_table_lookup (by_id, linli_query_get_string (query, 1));
        const char *hid = linli_query_get_string (query, 0);

        if (bd != NULL)
          g_hash_table_insert (hh_building, g_strdup (hid), bd);
      }
  }

  for (guint i = 0; i < n; i++)
    {
      const char *hid = g_ptr_array_index (g->household_ids, i);
      Building *bd = NULL;
      double r = g_rand_double (g->rand);
      gboolean rental = chance (g, 0.12);
      GString *flags = g_string_new (NULL);
      Person *head = NULL;
      gboolean care = FALSE;

      bd = g_hash_table_lookup (hh_building, hid);
      if (bd == NULL)
        bd = building_of_household (g, i);

      if (r < 0.025)
        {
          /* Vacant. */
          g_string_append (flags, "vacant");
          set (g, "household", hid, "flags", flags->str);
          g_string_free (flags, TRUE);
          continue;
        }

      if (r < 0.15 && !rental)
        {
          /* An old person living alone. */
          char gender = chance (g, 0.65) ? 'F' : 'M';
          head = gen_person (g, hid, bd, rnd (g, 68, 96), gender, "head", FALSE);
          g_free (insert (g, "person_tag", "person_id,tag_id", "ss", head->id,
                          (char *) g_hash_table_lookup (g->tag_ids, chance (g, 0.7) ? "alone" : "empty_nest")));
          care = TRUE;
        }
      else if (r < 0.28 && !rental)
        {
          /* An old couple whose children moved out. */
          int age = rnd (g, 63, 88);
          Person *spouse;

          head = gen_person (g, hid, bd, age, 'M', "head", FALSE);
          spouse = gen_person (g, hid, bd, clampi (age + rnd (g, -5, 2), 60, 95), 'F', "spouse", FALSE);
          if (chance (g, 0.6))
            {
              g_free (insert (g, "person_tag", "person_id,tag_id", "ss", head->id,
                              (char *) g_hash_table_lookup (g->tag_ids, "empty_nest")));
              g_free (insert (g, "person_tag", "person_id,tag_id", "ss", spouse->id,
                              (char *) g_hash_table_lookup (g->tag_ids, "empty_nest")));
              care = TRUE;
            }
        }
      else if (r < 0.38 || rental)
        {
          /* A young single adult or couple, often renting. */
          int age = rnd (g, 22, 40);

          head = gen_person (g, hid, bd, age, chance (g, 0.5) ? 'M' : 'F', rental ? "tenant" : "head", rental);
          if (chance (g, 0.5))
            gen_person (g, hid, bd, clampi (age + rnd (g, -3, 3), 20, 45), head->gender == 'M' ? 'F' : 'M',
                        rental ? "tenant" : "spouse", rental);
          if (!rental && chance (g, 0.35))
            gen_person (g, hid, bd, rnd (g, 0, 6), chance (g, 0.5) ? 'M' : 'F',
                        chance (g, 0.5) ? "son" : "daughter", FALSE);
        }
      else if (r < 0.48)
        {
          /* A middle-aged couple, the child at university or away. */
          int age = rnd (g, 45, 64);

          head = gen_person (g, hid, bd, age, 'M', "head", FALSE);
          gen_person (g, hid, bd, clampi (age + rnd (g, -4, 2), 40, 66), 'F', "spouse", FALSE);
          if (chance (g, 0.4))
            gen_person (g, hid, bd, rnd (g, 18, 26), chance (g, 0.5) ? 'M' : 'F',
                        chance (g, 0.5) ? "son" : "daughter", FALSE);
        }
      else
        {
          /* A family: parents, children, sometimes grandparents. */
          int age = rnd (g, 30, 55);
          int kids = chance (g, 0.5) ? 2 : 1;

          head = gen_person (g, hid, bd, age, chance (g, 0.85) ? 'M' : 'F', "head", FALSE);
          gen_person (g, hid, bd, clampi (age + rnd (g, -4, 3), 26, 60), head->gender == 'M' ? 'F' : 'M',
                      "spouse", FALSE);
          for (int k = 0; k < kids; k++)
            {
              int kid_age = clampi (age - rnd (g, 24, 32), 0, 30);
              char gender = chance (g, 0.5) ? 'M' : 'F';

              gen_person (g, hid, bd, kid_age, gender, gender == 'M' ? "son" : "daughter", FALSE);
            }
          if (chance (g, 0.5))
            {
              int gp = clampi (age + rnd (g, 24, 32), 62, 95);

              gen_person (g, hid, bd, gp, 'F', "mother", FALSE);
              if (chance (g, 0.55))
                gen_person (g, hid, bd, clampi (gp + rnd (g, 0, 4), 64, 97), 'M', "father", FALSE);
            }
        }

      if (rental)
        g_string_append (flags, "rental");
      if (head != NULL && head->party && chance (g, 0.35))
        g_string_append_printf (flags, "%sparty_center", flags->len ? "," : "");
      if (head != NULL)
        {
          g_autofree char *landline = chance (g, 0.25) ? make_landline (g) : NULL;

          if (!g->failed && !linli_db_exec (g->db, g->error,
                                            "UPDATE household SET head_id = ?, flags = ?, phone = ? WHERE id = ?",
                                            "ssss", head->id, flags->str, landline, hid))
            g->failed = TRUE;
          if (chance (g, 0.03))
            {
              g_free (insert (g, "person_tag", "person_id,tag_id", "ss", head->id,
                              (char *) g_hash_table_lookup (g->tag_ids, "low_income")));
              care = TRUE;
            }
          if (chance (g, 0.04))
            g_free (insert (g, "person_tag", "person_id,tag_id", "ss", head->id,
                            (char *) g_hash_table_lookup (g->tag_ids, "pet")));
        }
      g_string_free (flags, TRUE);

      if (care)
        g_ptr_array_add (g->care_households, g_strdup (hid));

      if (i % 256 == 0)
        progress (g, 0.1 + 0.6 * i / n);
    }
}

/* Teams -------------------------------------------------------------------- */

static Person *
take_resident (Gen *g, Building *bd, gboolean party_only, GHashTable *used)
{
  GPtrArray *pool = party_only ? bd->party : bd->residents;

  for (int tries = 0; tries < 40 && pool->len > 0; tries++)
    {
      Person *p = g_ptr_array_index (pool, (guint) rnd (g, 0, (int) pool->len - 1));

      if (!g_hash_table_contains (used, p->id) && p->age >= 20 && p->age <= 75)
        {
          g_hash_table_add (used, p->id);
          return p;
        }
    }
  return NULL;
}

static void
consent (Gen *g, const char *person_id)
{
  if (!g->failed && !linli_db_set (g->db, g->error, "person", person_id, "consent_publish", "i", 1))
    g->failed = TRUE;
}

static void
gen_squads (Gen *g)
{
  for (guint b = 0; b < g->buildings->len; b++)
    {
      Building *bd = g_ptr_array_index (g->buildings, b);
      g_autoptr(GHashTable) used = g_hash_table_new (g_str_hash, g_str_equal);
      g_autofree char *name = g_strdup_printf ("%s栋119自管小分队", bd->number);
      g_autofree char *team = NULL;
      int lack = rnd (g, 0, 99);
      int residents = 9;
      gboolean with_party = TRUE, with_cadre = TRUE;
      Person *leader = NULL;

      /* About one squad in seven is incomplete. */
      if (lack < 5)
        with_cadre = FALSE;
      else if (lack < 9)
        residents = rnd (g, 5, 8);
      else if (lack < 13)
        with_party = FALSE;

      team = insert (g, "team", "kind,name,scope,scope_id,description", "sssss", "squad119", name,
                     "building", bd->id, "1名党员骨干、1名下沉单位干部、9名楼栋居民，1小时内响应");

      if (with_party)
        {
          Person *p = take_resident (g, bd, TRUE, used);

          if (p != NULL)
            {
              g_free (insert (g, "team_member", "team_id,person_id,role,joined", "ssss", team, p->id,
                              "party_backbone", "2022-03-01"));
              consent (g, p->id);
            }
        }
      if (with_cadre)
        {
          const char *cadre = g_ptr_array_index (g->cadres, b % g->cadres->len);

          g_free (insert (g, "team_member", "team_id,person_id,role,joined", "ssss", team, cadre,
                          "sunk_cadre", "2022-03-01"));
        }
      for (int i = 0; i < residents; i++)
        {
          Person *p = take_resident (g, bd, FALSE, used);

          if (p == NULL)
            break;
          g_free (insert (g, "team_member", "team_id,person_id,role,joined", "ssss", team, p->id,
                          leader == NULL ? "leader" : "building_resident", "2022-03-01"));
          if (leader == NULL)
            {
              leader = p;
              if (!g->failed)
                linli_db_set (g->db, NULL, "building", bd->id, "leader_id", "s", p->id);
            }
          if (chance (g, 0.9))
            consent (g, p->id);
        }
    }
}

static const struct {
  const char *code;
  const char *skill;
  const char *item;
  int needed;
} market_items[12] = {
  { "haircut", "理发", "义务理发", 3 },
  { "appliance", "小家电维修", "小家电维修", 3 },
  { "health", "健康检测", "量血压测血糖", 2 },
  { "legal", "法律咨询", "法律咨询", 1 },
  { "knife", "磨刀", "磨刀磨剪", 1 },
  { "sewing", "缝补", "缝补衣物", 2 },
  { "phone", "手机教学", "智能手机教学", 2 },
  { "glasses", "眼镜维修", "眼镜清洗维修", 1 },
  { "clinic", "中医义诊", "中医义诊", 2 },
  { "counsel", "心理疏导", "心理疏导", 1 },
  { "policy", "政策咨询", "政策咨询", 1 },
  { "massage", "推拿按摩", "推拿按摩", 2 },
};

static char *
gen_volunteer (Gen *g, const char *person_id, const char *skills_json, const char *availability,
               int max_per_month, const char *since)
{
  if (max_per_month > 0)
    return insert (g, "volunteer", "person_id,skills,availability,max_per_month,since", "sssis",
                   person_id, skills_json, availability, max_per_month, since);
  return insert (g, "volunteer", "person_id,skills,availability,since", "ssss",
                 person_id, skills_json, availability, since);
}

static Person *
any_resident (Gen *g, int min_age, int max_age, GHashTable *used)
{
  for (int tries = 0; tries < 200; tries++)
    {
      Person *p = g_ptr_array_index (g->persons, (guint) rnd (g, 0, (int) g->persons->len - 1));

      if (p->age >= min_age && p->age <= max_age && p->has_phone &&
          (used == NULL || !g_hash_table_contains (used, p->id)))
        {
          if (used)
            g_hash_table_add (used, p->id);
          return p;
        }
    }
  return g_ptr_array_index (g->persons, 0);
}

static void
gen_market (Gen *g)
{
  g_autoptr(GHashTable) used = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *pattern = NULL;
  char *skill_ids[12];
  char *item_ids[12];
  char *founder;

  g->market_team_id = insert (g, "team", "kind,name,scope,description,color", "sssss",
                              "service_market", "周三有约", "community",
                              "每周三上午便民服务集市：义务理发、小家电维修等12项服务", "#2ec27e");

  for (int i = 0; i < 12; i++)
    {
      skill_ids[i] = insert (g, "skill", "code,name", "ss", market_items[i].code, market_items[i].skill);
      item_ids[i] = insert (g, "service_item", "team_id,name,skill_id,needed,position", "sssii",
                            g->market_team_id, market_items[i].item, skill_ids[i], market_items[i].needed, i);
    }

  /* 张师傅, the shift worker who started it with free haircuts. */
  founder = insert (g, "person", "is_resident,name,gender,phone,title,consent_publish", "issssi",
                    0, "张国平", "M", "13907186688", "下沉党员（倒班工人）", 1);
  g_free (insert (g, "person_tag", "person_id,tag_id", "ss", founder,
                  (char *) g_hash_table_lookup (g->tag_ids, "party_member")));

  for (int v = 0; v < 37; v++)
    {
      const char *person_id;
      g_autoptr(GString) skills = g_string_new ("[");
      const char *weeks = "all";
      int primary = v < 24 ? v / 2 : (v * 7) % 12;
      int max_month = 0;
      g_autofree char *availability = NULL;
      g_autofree char *vol = NULL;
      g_autofree char *since = NULL;

      if (v == 0)
        {
          person_id = founder;
          primary = 0;
        }
      else
        {
          Person *p = any_resident (g, 24, 72, used);
          person_id = p->id;
          if (chance (g, 0.7))
            consent (g, person_id);
        }

      g_string_append_printf (skills, "\"%s\"", skill_ids[primary]);
      if (chance (g, 0.3))
        g_string_append_printf (skills, ",\"%s\"", skill_ids[(primary + rnd (g, 1, 11)) % 12]);
      g_string_append_c (skills, ']');

      /* Shift workers come every other week; some cap their months. */
      if (v % 9 == 4)
        weeks = "odd";
      else if (v % 9 == 7)
        weeks = "even";
      if (v % 5 == 2)
        max_month = 2;
      availability = g_strdup_printf ("[{\"day\":3,\"from\":\"08:30\",\"to\":\"12:00\",\"weeks\":\"%s\"}%s]",
                                      weeks, v % 6 == 1 ? ",{\"day\":6,\"from\":\"09:00\",\"to\":\"17:00\",\"weeks\":\"all\"}" : "");
      since = v == 0 ? g_strdup ("2021-06-02") : days_ago (g, rnd (g, 60, 900));
      vol = gen_volunteer (g, person_id, skills->str, availability, max_month, since);
      g_free (insert (g, "team_member", "team_id,person_id,role,joined", "ssss", g->market_team_id,
                      person_id, v == 0 ? "leader" : "volunteer", since));

      /* A hospital stay, a trip to the children in Shenzhen. */
      if (v % 12 == 5)
        {
          g_autofree char *from = days_ago (g, -rnd (g, 3, 20));
          g_autofree char *to = days_ago (g, -rnd (g, 25, 45));

          g_free (insert (g, "blackout", "volunteer_id,from_date,to_date,reason", "ssss", vol, from, to,
                          v % 24 == 5 ? "住院" : "去深圳带孙子"));
        }
    }

  {
    g_autofree char *dtstart = g_strdup_printf ("%04d-01-07", g_date_get_year (&g->today));
    pattern = insert (g, "shift_pattern", "team_id,name,rrule,dtstart,start_time,end_time", "ssssss",
                      g->market_team_id, "周三上午", "FREQ=WEEKLY;BYDAY=WE", dtstart, "09:00", "11:30");
  }
  /* The Spring Festival and National Day holidays cancel a Wednesday. */
  {
    g_autofree char *spring = g_strdup_printf ("%04d-02-18", g_date_get_year (&g->today));
    g_autofree char *national = g_strdup_printf ("%04d-10-07", g_date_get_year (&g->today));

    g_free (insert (g, "shift_exception", "pattern_id,date,note", "sss", pattern, spring, "春节假期"));
    g_free (insert (g, "shift_exception", "pattern_id,date,note", "sss", pattern, national, "国庆假期"));
  }

  for (int i = 0; i < 12; i++)
    {
      g_free (skill_ids[i]);
      g_free (item_ids[i]);
    }
  g_free (founder);
}

static char *
gen_team_with_members (Gen *g, const char *kind, const char *name, const char *scope, const char *scope_id,
                       const char *description, int n_members, const char *role, gboolean volunteers,
                       const char *availability, int min_age, int max_age)
{
  g_autoptr(GHashTable) used = g_hash_table_new (g_str_hash, g_str_equal);
  char *team = insert (g, "team", "kind,name,scope,scope_id,description", "sssss",
                       kind, name, scope, scope_id, description);

  for (int i = 0; i < n_members; i++)
    {
      Person *p = any_resident (g, min_age, max_age, used);

      g_free (insert (g, "team_member", "team_id,person_id,role,joined", "ssss", team, p->id,
                      i == 0 ? "leader" : role, "2023-05-01"));
      if (volunteers)
        g_free (gen_volunteer (g, p->id, "[]", availability, 0, "2023-05-01"));
    }
  return team;
}

static void
gen_teams (Gen *g)
{
  gboolean seed = g->scale->n_grids >= 15;

  gen_squads (g);
  gen_market (g);

  /* A door-knocking group per grid: the grid worker, the police, the
   * property's building manager and a few volunteers. */
  for (guint i = 0; i < g->grids->len; i++)
    {
      g_autofree char *name = g_strdup_printf ("第%u网格天天敲门组", i + 1);
      g_autofree char *team = gen_team_with_members (g, "door_knocking", name, "grid",
                                                     g_ptr_array_index (g->grids, i),
                                                     "买菜、送药、代办老年证，服务送进家门", 3, "volunteer",
                                                     TRUE, "[{\"day\":1,\"from\":\"09:00\",\"to\":\"11:00\",\"weeks\":\"all\"},"
                                                     "{\"day\":4,\"from\":\"15:00\",\"to\":\"17:00\",\"weeks\":\"all\"}]",
                                                     35, 68);

      g_free (insert (g, "team_member", "team_id,person_id,role", "sss", team,
                      (char *) g_ptr_array_index (g->grid_workers, i), "grid_worker"));
      g_free (insert (g, "team_member", "team_id,person_id,role", "sss", team,
                      (char *) g_ptr_array_index (g->police, i % g->police->len), "police"));
      g_free (insert (g, "team_member", "team_id,person_id,role", "sss", team,
                      (char *) g_ptr_array_index (g->property_staff, i % g->property_staff->len), "property_staff"));
    }

  {
    g_autofree char *meal = gen_team_with_members (g, "meal_delivery", "帮跑团", "community", NULL,
                                                   "为高龄、独居老人从幸福食堂送餐上门", 8, "volunteer", TRUE,
                                                   "[{\"day\":1,\"from\":\"10:30\",\"to\":\"13:00\",\"weeks\":\"all\"},"
                                                   "{\"day\":3,\"from\":\"10:30\",\"to\":\"13:00\",\"weeks\":\"all\"},"
                                                   "{\"day\":5,\"from\":\"10:30\",\"to\":\"13:00\",\"weeks\":\"all\"}]",
                                                   22, 60);
    g_autofree char *dtstart = g_strdup_printf ("%04d-01-05", g_date_get_year (&g->today));

    g_free (insert (g, "shift_pattern", "team_id,name,rrule,dtstart,start_time,end_time,needed", "ssssssi",
                    meal, "午餐送餐", "FREQ=WEEKLY;BYDAY=MO,WE,FR", dtstart, "11:00", "12:30", 2));
  }
  {
    g_autofree char *med = gen_team_with_members (g, "mediation", "一直帮调解志愿服务队", "community", NULL,
                                                  "法官、民警、驻社区律师和党员骨干轮流值班，顺心、顺气、解疙瘩",
                                                  6, "volunteer", TRUE,
                                                  "[{\"day\":2,\"from\":\"14:00\",\"to\":\"17:00\",\"weeks\":\"all\"},"
                                                  "{\"day\":4,\"from\":\"14:00\",\"to\":\"17:00\",\"weeks\":\"all\"}]",
                                                  35, 66);
    g_autofree char *dtstart = g_strdup_printf ("%04d-01-06", g_date_get_year (&g->today));

    g_free (insert (g, "shift_pattern", "team_id,name,rrule,dtstart,start_time,end_time,needed", "ssssssi",
                    med, "顺顺吧值班", "FREQ=WEEKLY;BYDAY=TU,TH", dtstart, "14:00", "17:00", 2));
  }
  g_free (gen_team_with_members (g, "custom", "7890暖心屋为老服务队", "community", NULL,
                                 "暖心手机、暖心影院、暖心生日会，陪伴老年人", seed ? 70 : 12, "volunteer", FALSE,
                                 NULL, 50, 80));
  g_free (gen_team_with_members (g, "custom", "宠邻家", "community", NULL,
                                 "爱宠人士志愿者，关注小区宠物治理", seed ? 170 : 20, "volunteer", FALSE, NULL, 20, 65));
  g_free (gen_team_with_members (g, "custom", "爸爸兵团", "community", NULL,
                                 "年轻爸爸们发挥所长，为小朋友开设课程", seed ? 16 : 6, "volunteer", FALSE, NULL, 30, 45));
}

/* Venues, meetings ---------------------------------------------------------- */

static char *
at (Gen *g, GDate *date, const char *time)
{
  return g_strdup_printf ("%04d-%02d-%02dT%s", g_date_get_year (date), g_date_get_month (date),
                          g_date_get_day (date), time);
}

static void
gen_venues (Gen *g)
{
  static const struct { const char *name; const char *address; int capacity; } venues[] = {
    { "党群服务中心二楼会议室", "社区党群服务中心2楼", 40 },
    { "多元共建客厅", "社区党群服务中心1楼", 60 },
    { "2栋架空层聚邻空间", "2栋架空层", 80 },
    { "长廊议事亭", "中心花园长廊", 30 },
    { "社区广场", "小区北门广场", 300 },
  };

  g->venues = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < G_N_ELEMENTS (venues); i++)
    g_ptr_array_add (g->venues, insert (g, "venue", "name,address,capacity", "ssi",
                                        venues[i].name, venues[i].address, venues[i].capacity));
}

static void
gen_attendance (Gen *g, const char *meeting, const char *occurrence, GDate *date, int n)
{
  g_autoptr(GHashTable) used = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *signed_in = at (g, date, "18:55");

  for (int i = 0; i < n; i++)
    {
      Person *p = any_resident (g, 30, 85, used);

      g_free (insert (g, "attendance", "meeting_id,occurrence,person_id,signed_in_at", "ssss",
                      meeting, occurrence, p->id, signed_in));
    }
}

static char *
gen_meeting (Gen *g, const char *kind, const char *title, int venue, GDate *date,
             const char *start, const char *end, const char *rrule, const char *agenda,
             const char *minutes, const char *project)
{
  g_autofree char *s = at (g, date, start);
  g_autofree char *e = at (g, date, end);

  return insert (g, "meeting", "kind,title,venue_id,starts_at,ends_at,rrule,organiser,agenda,minutes,project_id",
                 "ssssssssss", kind, title, (char *) g_ptr_array_index (g->venues, venue), s, e, rrule,
                 "社区党委", agenda, minutes, project);
}

static void
gen_meetings (Gen *g)
{
  int year = g_date_get_year (&g->today);
  GDate d;
  char *m;

  /* Recurring series over the whole year. */
  g_date_clear (&d, 1);
  g_date_set_dmy (&d, 8, 1, (GDateYear) year);
  while (g_date_get_weekday (&d) != G_DATE_THURSDAY)
    g_date_add_days (&d, 1);
  m = gen_meeting (g, "patrol", "网格党支部学习和巡查整治", 4, &d, "09:00", "11:00",
                   "FREQ=MONTHLY;BYDAY=2TH", "各网格党支部在网格内开展学习，巡查楼道、车棚和绿化", NULL, NULL);
  g_free (m);

  g_date_set_dmy (&d, 2, 1, (GDateYear) year);
  while (g_date_get_weekday (&d) != G_DATE_FRIDAY)
    g_date_add_days (&d, 1);
  m = gen_meeting (g, "joint_party", "区域党建联席会", 1, &d, "15:00", "17:00",
                   "FREQ=MONTHLY;INTERVAL=3;BYDAY=1FR",
                   "共建单位认领年度共建清单；通报上季度共建项目进展", NULL, NULL);
  for (guint i = 0; i < MIN (6u, g->co_units->len); i++)
    g_free (insert (g, "meeting_invitee", "meeting_id,organisation_id", "ss", m,
                    (char *) g_ptr_array_index (g->co_units, i)));
  g_free (insert (g, "meeting_invitee", "meeting_id,organisation_id", "ss", m, g->property_id));
  g_free (m);

  g_date_set_dmy (&d, 27, 1, (GDateYear) year);
  m = gen_meeting (g, "party_council", "党员议事会", 0, &d, "15:00", "16:30",
                   "FREQ=MONTHLY;BYDAY=-1TU", "党员议事：本月民生小事清单", NULL, NULL);
  g_free (m);

  g_date_set_dmy (&d, 8, 1, (GDateYear) year);
  while (g_date_get_weekday (&d) != G_DATE_THURSDAY)
    g_date_add_days (&d, 1);
  m = gen_meeting (g, "evening_talk", "幸福夜话", 3, &d, "19:00", "20:30",
                   "FREQ=WEEKLY;INTERVAL=2;BYDAY=TH", "居民围坐一圈，说想法、提建议", NULL, NULL);
  /* Sign-in of the talks that have happened. */
  for (int k = 0; k < 26; k++)
    {
      GDate occ = d;
      g_autofree char *occurrence = NULL;

      g_date_add_days (&occ, (guint) (14 * k));
      if (g_date_compare (&occ, &g->today) >= 0)
        break;
      if (k % 4 != 0)
        continue;
      occurrence = at (g, &occ, "19:00");
      gen_attendance (g, m, occurrence, &occ, rnd (g, 12, 24));
    }
  g_free (m);

  m = gen_meeting (g, "secretary_chat", "书记唠嗑会", 1, &d, "09:30", "11:00",
                   "FREQ=MONTHLY;BYDAY=1WE", "书记和居民拉家常，听民声", NULL, NULL);
  g_free (m);
}

/* Projects ------------------------------------------------------------------ */

typedef struct
{
  const char *name;
  const char *category;
  const char *stage;
  int         progress;
  gint64      budget_yuan;
  const char *location;
  const char *description;
  const char *metric;       /* label|done|target|unit */
} ProjectSeed;

static const ProjectSeed project_seeds[] = {
  { "童趣乐园", "engineering", "share", 100, 12000, "2栋架空层", "儿童游乐设施老化，长廊议事会上居民呼声强烈，众筹建设儿童乐园", "游乐设施安装|6|6|套" },
  { "电动自行车棚", "engineering", "manage", 100, 180000, "小区各组团", "解决充电难、飞线充电隐患，新增和扩建电动车棚", "车棚|5|5|个" },
  { "景观花园更新", "engineering", "evaluate", 100, 260000, "中心花园、南北组团", "中心花园基础设施落后，四议共答定方案", "花园更新|4|4|处" },
  { "公共照明修缮", "engineering", "share", 100, 90000, "全小区", "楼道和道路照明修缮", "路灯修缮|300|300|个" },
  { "南区地下自来水管道改造", "engineering", "build", 70, 1500000, "南区", "老旧供水管网改造", "管道铺设|70|100|%" },
  { "篮球场众筹改造", "engineering", "build", 35, 85000, "北门篮球场", "以众筹方式改造社区篮球场", "场地改造|35|100|%" },
  { "架空层改造聚邻空间", "engineering", "share", 100, 150000, "2栋架空层", "480平米闲置架空层改造为党员教育、普法宣传、运动健身、老幼服务的公共空间", NULL },
  { "口袋公园", "engineering", "manage", 100, 120000, "北门转角空地", "工棚空地改造为微型口袋公园，认养一棵树", "认养树木|46|60|棵" },
  { "幸福食堂", "management", "manage", 100, 60000, "党群服务中心1楼", "社区自筹一部分、食堂让利一部分、政府补贴一部分，65岁以上老人10元午餐", NULL },
  { "我们的面包烘焙室", "management", "share", 100, 8000, "党群服务中心", "居民捐赠烤箱，烘焙爱好者授课，面包大家分享", NULL },
  { "共享空中花园", "engineering", "plan", 10, 40000, "15栋屋顶", "屋顶闲置空间改造为共享花园", NULL },
  { "千家万册图书馆", "management", "build", 55, 20000, "多元共建客厅", "居民捐书，共建社区图书馆", "图书|5500|10000|册" },
  { "二次供水改造", "engineering", "plan", 5, 600000, "南苑组团", "二次供水改造涉及300多户，方案需充分征求意见", NULL },
  { "外墙修补", "engineering", "evaluate", 100, 70000, "3栋、7栋", "共建单位认领外墙修补任务", NULL },
  { "积水路面整治", "engineering", "share", 100, 50000, "主干道", "共建清单任务：积水路面整治", NULL },
  { "高空抛物探头", "management", "manage", 100, 45000, "高层楼栋", "安装高空抛物探头，遏制高空抛物", "探头|24|24|个" },
  { "智能门禁", "management", "build", 60, 110000, "各单元", "单元智能门禁系统", "单元门禁|200|337|个" },
  { "楼道牛皮癣清理公约", "governance", "manage", 100, 3000, "各楼道", "居民联合制定公约，党员值守、志愿服务队轮流管", NULL },
  { "健身广场", "engineering", "plan", 0, 95000, "小区西侧", "600平方米健身广场，场地平整、围栏和花坛绿化征集意见", NULL },
  { "红色驿站", "governance", "plan", 15, 30000, "解放路沿街", "党建阵地搬到沿街大路边，服务外卖员、环卫工人", NULL },
};

static const char *opinion_texts[] = {
  "建议离楼栋近一点，老人方便", "要能充电", "希望晚上照明亮一些", "注意噪音，不要影响休息",
  "资金要公开，每笔都贴出来", "儿童设施要安全，下面铺软垫", "能不能多装几个座椅", "停车位不能再少了",
  "希望物业参与后期维护", "施工时间避开午休", "可以让居民一起种花", "建议设置无障碍坡道",
};

static const char *review_comments[] = {
  "孩子们很喜欢", "很方便，点赞", "比以前亮堂多了", "有些地方还可以改进", "维护要跟上",
  "大家出资，也会更爱惜", "效果不错", "施工有点慢", "夜里灯不够亮",
};

static void
gen_projects (Gen *g)
{
  g->projects = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < G_N_ELEMENTS (project_seeds); i++)
    {
      const ProjectSeed *ps = &project_seeds[i];
      static const char *order[] = { "plan", "build", "manage", "evaluate", "share" };
      g_autofree char *started = days_ago (g, rnd (g, 120, 500));
      g_autofree char *finished = NULL;
      g_autofree char *supervision = NULL;
      gint64 budget = ps->budget_yuan * 100;
      gint64 raised = 0;
      int stage_index = 0;
      char *id;

      for (int s = 0; s < 5; s++)
        if (g_str_equal (order[s], ps->stage))
          stage_index = s;

      if (ps->progress >= 100)
        finished = days_ago (g, rnd (g, 10, 90));

      /* A supervision team of residents with management, legal and
       * repair skills for the projects being built or managed. */
      if (stage_index >= 1)
        {
          g_autofree char *sname = g_strdup_printf ("%s监督团", ps->name);

          supervision = gen_team_with_members (g, "custom", sname, "community", NULL,
                                               "有管理、法律、维修背景的党员群众，全程监督资金使用和施工",
                                               5, "member", FALSE, NULL, 35, 70);
        }

      id = insert (g, "project", "compound_id,name,category,stage,progress,budget,description,location,"
                   "supervision_team_id,started,finished,position",
                   "ssssilsssssi", g->compound_id, ps->name, ps->category, ps->stage, ps->progress, budget,
                   ps->description, ps->location, supervision, started, finished, (int) i);
      g_ptr_array_add (g->projects, id);

      for (int s = 0; s <= stage_index; s++)
        {
          g_autofree char *when = days_ago (g, (stage_index - s) * rnd (g, 20, 60) + 5);

          g_free (insert (g, "project_stage", "project_id,stage,at", "sss", id, order[s], when));
        }

      if (ps->metric != NULL)
        {
          g_auto(GStrv) parts = g_strsplit (ps->metric, "|", 4);

          g_free (insert (g, "project_metric", "project_id,label,done,target,unit", "ssdds", id,
                          parts[0], g_ascii_strtod (parts[1], NULL), g_ascii_strtod (parts[2], NULL), parts[3]));
        }

      /* Money: sources in the open. */
      if (stage_index >= 1)
        {
          if (g_str_equal (ps->name, "童趣乐园"))
            {
              /* 1.2万元: the charity platform, a children's concert, 3 co-building units, the women's federation. */
              g_free (insert (g, "project_income", "project_id,source,amount,donor,received,note", "ssls" "ss",
                              id, "crowdfunding", (gint64) 520000, "青山区慈善会线上平台", started, "党员、群众、商户线上捐款"));
              g_free (insert (g, "project_income", "project_id,source,amount,donor,received,note", "ssls" "ss",
                              id, "donation", (gint64) 230000, "儿童音乐会现场扫码", started, "合唱团团长向兵牵头"));
              g_free (insert (g, "project_income", "project_id,source,amount,organisation_id,received", "sslss",
                              id, "unit", (gint64) 300000, (char *) g_ptr_array_index (g->co_units, 0), started));
              g_free (insert (g, "project_income", "project_id,source,amount,donor,received", "sslss",
                              id, "government", (gint64) 150000, "区妇联配套经费", started));
              raised = 1200000;
            }
          else
            {
              static const char *sources[] = { "self_raised", "unit", "government", "crowdfunding", "donation" };
              gint64 left = budget * (stage_index >= 2 ? 100 : rnd (g, 40, 90)) / 100;
              int n = rnd (g, 2, 4);

              for (int k = 0; k < n && left > 0; k++)
                {
                  const char *src = sources[(i + k) % 5];
                  gint64 amount = k == n - 1 ? left : left * rnd (g, 20, 60) / 100;

                  amount -= amount % 100;
                  if (amount <= 0)
                    continue;
                  if (g_str_equal (src, "unit"))
                    g_free (insert (g, "project_income", "project_id,source,amount,organisation_id,received",
                                    "sslss", id, src, amount,
                                    (char *) g_ptr_array_index (g->co_units, (i + k) % g->co_units->len), started));
                  else
                    g_free (insert (g, "project_income", "project_id,source,amount,received", "ssls",
                                    id, src, amount, started));
                  left -= amount;
                  raised += amount;
                }
            }

          /* Spends: what the money bought. */
          {
            static const char *items[] = { "材料采购", "施工费", "设备购置", "设计费", "绿化苗木", "宣传公示" };
            gint64 spent_total = raised * (ps->progress >= 100 ? rnd (g, 88, 100) : ps->progress) / 100;
            int n = rnd (g, 2, 5);

            for (int k = 0; k < n && spent_total > 0; k++)
              {
                gint64 amount = k == n - 1 ? spent_total : spent_total * rnd (g, 15, 50) / 100;
                g_autofree char *when = days_ago (g, rnd (g, 5, 100));

                amount -= amount % 100;
                if (amount <= 0)
                  continue;
                g_free (insert (g, "project_spend", "project_id,amount,item,spent", "slss", id, amount,
                                items[(i + k) % G_N_ELEMENTS (items)], when));
                spent_total -= amount;
              }
          }
        }

      /* Opinions collected while planning. */
      {
        int n = stage_index == 0 ? rnd (g, 8, 20) : rnd (g, 2, 6);

        for (int k = 0; k < n; k++)
          {
            Person *p = any_resident (g, 25, 85, NULL);
            static const char *via[] = { "questionnaire", "meeting", "door", "online" };
            g_autofree char *when = days_ago (g, rnd (g, 20, 200));

            g_free (insert (g, "project_opinion", "project_id,person_id,text,via,at", "sssss", id, p->id,
                            opinion_texts[rnd (g, 0, G_N_ELEMENTS (opinion_texts) - 1)],
                            via[rnd (g, 0, 3)], when));
          }
      }

      /* Good and bad reviews once it can be judged. */
      if (stage_index >= 3)
        {
          int n = rnd (g, 25, 70);

          for (int k = 0; k < n; k++)
            {
              Person *p = any_resident (g, 18, 85, NULL);
              int r = rnd (g, 0, 99);
              const char *rating = r < 82 ? "good" : (r < 94 ? "neutral" : "bad");
              g_autofree char *when = days_ago (g, rnd (g, 1, 60));

              g_free (insert (g, "project_review", "project_id,person_id,rating,comment,at", "sssss", id,
                              p->id, rating, chance (g, 0.4) ? review_comments[rnd (g, 0, G_N_ELEMENTS (review_comments) - 1)] : NULL,
                              when));
            }
        }
    }

  /* The yearly co-building list: tasks the units claim. */
  {
    static const char *tasks[] = { "补栽绿植", "积水路面整治", "外墙修补", "楼道照明检修", "消防器材更新",
                                   "文明养犬宣传", "老年人智能手机培训", "暑期四点半学校托管" };
    int year = g_date_get_year (&g->today);

    for (guint k = 0; k < G_N_ELEMENTS (tasks); k++)
      {
        gboolean claimed = k < 6;
        g_free (insert (g, "project_task", "title,year,organisation_id,status", "siss", tasks[k], year,
                        claimed ? (char *) g_ptr_array_index (g->co_units, k % g->co_units->len) : NULL,
                        claimed ? (k < 3 ? "done" : "claimed") : "open"));
      }
  }
}

/* Meetings that belong to projects: hearings, opinion collection, councils. */
static void
gen_project_meetings (Gen *g)
{
  GDate d;
  const char *playground = g_ptr_array_index (g->projects, 0);
  const char *ground_floor = g_ptr_array_index (g->projects, 6);
  const char *garden = g_ptr_array_index (g->projects, 2);
  const char *sheds = g_ptr_array_index (g->projects, 1);
  const char *water = g_ptr_array_index (g->projects, 12);
  const char *fitness = g_ptr_array_index (g->projects, 18);

  /* Donglong held 8 opinion-collection meetings for one renovation. */
  for (int k = 0; k < 8; k++)
    {
      g_autofree char *title = g_strdup_printf ("架空层改造意见征集会（第%d次）", k + 1);
      g_autofree char *m = NULL;
      g_autofree char *occ = NULL;

      d = g->today;
      g_date_subtract_days (&d, (guint) (300 - k * 14));
      m = gen_meeting (g, "opinion", title, 0, &d, "19:00", "20:30", NULL,
                       "征集居民对架空层改造的意见：功能分区、开放时间、管理办法",
                       k == 7 ? "确定党员教育、普法宣传、运动健身、老幼服务四个功能区" : "记录居民意见23条，交设计团队",
                       ground_floor);
      occ = at (g, &d, "19:00");
      gen_attendance (g, m, NULL, &d, rnd (g, 15, 35));
      if (k == 7)
        {
          g_autofree char *when = at (g, &d, "20:30");
          g_free (insert (g, "decision", "meeting_id,text,project_id,action,decided_at", "sssss", m,
                          "架空层改造方案通过，进入共建阶段", ground_floor, "change_project", when));
        }
    }

  d = g->today;
  g_date_subtract_days (&d, 240);
  {
    g_autofree char *m = gen_meeting (g, "hearing", "童趣乐园项目听证会", 2, &d, "19:00", "20:30", NULL,
                                      "建在哪？怎么建？家长代表选址、选设施",
                                      "选址2栋架空层；安装跷跷板、转转椅；成立监督团", playground);
    g_autofree char *when = at (g, &d, "20:30");

    gen_attendance (g, m, NULL, &d, 32);
    g_free (insert (g, "decision", "meeting_id,text,project_id,action,decided_at", "sssss", m,
                    "童趣乐园选址2栋架空层，成立监督团全程监督", playground, "change_project", when));
  }

  d = g->today;
  g_date_subtract_days (&d, 200);
  {
    g_autofree char *m = gen_meeting (g, "four_parties", "中心花园更新四议共答", 1, &d, "14:30", "16:30", NULL,
                                      "居委会、业委会、物业公司和居民代表共同商议中心花园更新方案",
                                      "四方一致同意分两期更新4处景观花园", garden);
    g_autofree char *when = at (g, &d, "16:30");

    g_free (insert (g, "meeting_invitee", "meeting_id,organisation_id", "ss", m, g->owners_id));
    g_free (insert (g, "meeting_invitee", "meeting_id,organisation_id", "ss", m, g->property_id));
    g_free (insert (g, "meeting_invitee", "meeting_id,organisation_id", "ss", m, g->committee_id));
    gen_attendance (g, m, NULL, &d, 18);
    g_free (insert (g, "decision", "meeting_id,text,project_id,action,decided_at", "sssss", m,
                    "景观花园更新分两期实施", garden, "change_project", when));
  }

  d = g->today;
  g_date_subtract_days (&d, 330);
  {
    g_autofree char *m = gen_meeting (g, "consultation", "电动车棚建设恳谈会", 1, &d, "19:00", "20:30", NULL,
                                      "车棚怎么建？建在哪？占用机动车位怎么办？",
                                      "采纳“要能充电”“离楼栋近点”等建议", sheds);
    gen_attendance (g, m, NULL, &d, 26);
  }

  /* Four residents' councils on the water pipes (the 119 squad leader
   * went door to door between them), and meetings still to come. */
  for (int k = 0; k < 4; k++)
    {
      g_autofree char *title = g_strdup_printf ("二次供水改造邻里议事会（第%d次）", k + 1);
      g_autofree char *m = NULL;

      d = g->today;
      g_date_subtract_days (&d, (guint) (60 - k * 12));
      m = gen_meeting (g, "residents_council", title, 3, &d, "19:00", "20:30", NULL,
                       "水管走向影响外立面美观，居民意见收集", k == 3 ? "方案敲定，择日复工" : NULL, water);
      gen_attendance (g, m, NULL, &d, rnd (g, 14, 30));
    }

  d = g->today;
  g_date_add_days (&d, 3);
  g_free (gen_meeting (g, "hearing", "健身广场项目听证会", 1, &d, "19:00", "20:30", NULL,
                       "场地平整、围栏设置以及花坛绿化方案听证", NULL, fitness));
  d = g->today;
  g_date_add_days (&d, 9);
  g_free (gen_meeting (g, "residents_council", "居民议事会：楼道堆物清理", 0, &d, "14:30", "16:00", NULL,
                       "楼道堆物清理公约修订", NULL, NULL));
}

/* Door-knocking visits ------------------------------------------------------ */

static void
gen_visits (Gen *g)
{
  static const char *services[] = { "chat", "chat", "groceries", "medicine", "elderly_card",
                                    "chat,medicine", "groceries,chat", "policy", "repair", "mediation" };
  static const char *follow_ups[] = { "下周送药上门", "协助申请高龄津贴", "联系物业修水管", "再次上门了解就医情况" };
  guint n = g->household_ids->len;

  /* Special-care households are visited every few days. */
  for (guint i = 0; i < g->care_households->len; i++)
    {
      const char *hid = g_ptr_array_index (g->care_households, i);
      int day = rnd (g, 0, 6);

      while (day < 40)
        {
          Building *bd = NULL;
          const char *worker;
          g_autofree char *when = NULL;
          GDate d = g->today;
          gboolean follow = chance (g, 0.04);
          g_autofree char *due = follow ? days_ago (g, day - 7) : NULL;

          (void) bd;
          worker = g_ptr_array_index (g->grid_workers, i % g->grid_workers->len);
          g_date_subtract_days (&d, (guint) day);
          when = at (g, &d, chance (g, 0.5) ? "09:30" : "15:00");
          g_free (insert (g, "visit", "household_id,visitor_id,visited_at,services,follow_up,follow_up_due,follow_up_done",
                          "ssssssi", hid, worker, when, services[rnd (g, 0, G_N_ELEMENTS (services) - 1)],
                          follow ? follow_ups[rnd (g, 0, 3)] : NULL, due, follow && day > 10 ? 1 : 0));
          day += rnd (g, 3, 9);
        }
    }

  /* Others now and then: coverage thins out in some grids. */
  for (guint i = 0; i < n; i += (guint) rnd (g, 2, 6))
    {
      const char *hid = g_ptr_array_index (g->household_ids, i);
      int day = rnd (g, 0, 45);
      GDate d = g->today;
      g_autofree char *when = NULL;

      /* Grids towards the end of the list are visited less. */
      if (chance (g, (double) i / n * 0.6))
        continue;
      g_date_subtract_days (&d, (guint) day);
      when = at (g, &d, "10:00");
      g_free (insert (g, "visit", "household_id,visitor_id,visited_at,services", "ssss", hid,
                      (char *) g_ptr_array_index (g->grid_workers, (i * 7) % g->grid_workers->len), when,
                      services[rnd (g, 0, G_N_ELEMENTS (services) - 1)]));
    }
}

/* Grid party branch secretaries and unit leaders. */
static void
gen_leaders (Gen *g)
{
  for (guint i = 0; i < g->grids->len; i++)
    {
      Building *bd = NULL;

      for (guint b = 0; b < g->buildings->len; b++)
        {
          Building *c = g_ptr_array_index (g->buildings, b);
          if (c->grid_index == (int) i && c->party->len > 0)
            {
              bd = c;
              break;
            }
        }
      if (bd != NULL)
        {
          Person *p = g_ptr_array_index (bd->party, 0);

          if (!g->failed && !linli_db_set (g->db, g->error, "grid", g_ptr_array_index (g->grids, i),
                                           "secretary_id", "s", p->id))
            g->failed = TRUE;
          consent (g, p->id);
        }
    }
}

static void
building_free (gpointer data)
{
  Building *bd = data;

  g_free (bd->id);
  g_free (bd->number);
  g_free (bd->grid_id);
  g_ptr_array_free (bd->residents, TRUE);
  g_ptr_array_free (bd->party, TRUE);
  g_free (bd);
}

static void
person_free (gpointer data)
{
  Person *p = data;

  g_free (p->id);
  g_free (p->household_id);
  g_free (p);
}

static void
gen_clear (Gen *g)
{
  g_clear_pointer (&g->community_id, g_free);
  g_clear_pointer (&g->compound_id, g_free);
  g_clear_pointer (&g->property_id, g_free);
  g_clear_pointer (&g->owners_id, g_free);
  g_clear_pointer (&g->committee_id, g_free);
  g_clear_pointer (&g->social_id, g_free);
  g_clear_pointer (&g->market_team_id, g_free);
  g_clear_pointer (&g->co_units, g_ptr_array_unref);
  g_clear_pointer (&g->grids, g_ptr_array_unref);
  g_clear_pointer (&g->grid_workers, g_ptr_array_unref);
  g_clear_pointer (&g->police, g_ptr_array_unref);
  g_clear_pointer (&g->property_staff, g_ptr_array_unref);
  g_clear_pointer (&g->cadres, g_ptr_array_unref);
  g_clear_pointer (&g->venues, g_ptr_array_unref);
  g_clear_pointer (&g->projects, g_ptr_array_unref);
  g_clear_pointer (&g->household_ids, g_ptr_array_unref);
  g_clear_pointer (&g->care_households, g_ptr_array_unref);
  g_clear_pointer (&g->tag_ids, g_hash_table_unref);
  if (g->buildings != NULL)
    {
      g_ptr_array_set_free_func (g->buildings, building_free);
      g_clear_pointer (&g->buildings, g_ptr_array_unref);
    }
  if (g->persons != NULL)
    {
      g_ptr_array_set_free_func (g->persons, person_free);
      g_clear_pointer (&g->persons, g_ptr_array_unref);
    }
}

static gboolean
generate_community (Gen *g)
{
  if (!linli_db_begin (g->db, g->error))
    return FALSE;

  gen_community (g);
  progress (g, 0.02);
  gen_staff_all (g);
  gen_territory (g);
  progress (g, 0.1);
  gen_residents (g);
  progress (g, 0.7);
  gen_leaders (g);
  gen_teams (g);
  progress (g, 0.8);
  gen_venues (g);
  gen_meetings (g);
  gen_projects (g);
  gen_project_meetings (g);
  progress (g, 0.85);
  gen_visits (g);

  if (g->failed)
    {
      linli_db_rollback (g->db);
      return FALSE;
    }
  if (!linli_db_commit (g->db, g->error))
    return FALSE;
  progress (g, 1.0);
  return TRUE;
}

static void
finalize_stmt (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

gboolean
linli_demo_parse_scale (const char     *name,
                        LinliDemoScale *scale)
{
  if (g_strcmp0 (name, "small") == 0)
    *scale = LINLI_DEMO_SMALL;
  else if (g_strcmp0 (name, "seed") == 0)
    *scale = LINLI_DEMO_SEED;
  else if (g_strcmp0 (name, "city") == 0)
    *scale = LINLI_DEMO_CITY;
  else
    return FALSE;
  return TRUE;
}

/**
 * linli_demo_generate:
 * @db: the community file to fill
 * @seed: the seed of the generator: the same seed and @today give the
 *   same community, ids included
 * @today: (nullable): the day the demo is made for (meetings of this
 *   year, visits of the last weeks); today when %NULL
 * @progress: (nullable): called with the fraction done
 *
 * Adds one community (fifty at city scale), each in one transaction.
 */
gboolean
linli_demo_generate (LinliDb           *db,
                     LinliDemoScale     scale,
                     guint32            seed,
                     GDate             *today,
                     LinliDemoProgress  progress_cb,
                     gpointer           user_data,
                     GError           **error)
{
  int n = scale == LINLI_DEMO_CITY ? CITY_COMMUNITIES : 1;
  g_autoptr(GHashTable) id_numbers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  g_return_val_if_fail (LINLI_IS_DB (db), FALSE);

  for (int c = 0; c < n; c++)
    {
      Gen g = { 0 };
      gboolean ok;

      g.db = db;
      g.rand = g_rand_new_with_seed (seed + (guint32) c * 7919u);
      g.id_numbers = id_numbers;
      g.scale = &scales[scale];
      g.community_index = c;
      g.error = error;
      g.progress = progress_cb;
      g.progress_data = user_data;
      g.progress_base = (double) c / n;
      g.progress_span = 1.0 / n;
      if (today != NULL && g_date_valid (today))
        g.today = *today;
      else
        {
          g_date_clear (&g.today, 1);
          g_date_set_time_t (&g.today, time (NULL));
        }

      g.stmts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, finalize_stmt);
      ok = generate_community (&g);
      gen_clear (&g);
      g_hash_table_unref (g.stmts);
      g_rand_free (g.rand);
      if (!ok)
        return FALSE;
    }

  return TRUE;
}
