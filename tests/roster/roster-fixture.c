/* roster-fixture.c: communities for the roster tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "linli-roster.h"
#include "linli-roster-time.h"
#include "linli-team.h"
#include "linli-volunteer.h"
#include "roster-fixture.h"

static const char *surnames[] = { "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "周", "吴", "徐", "孙", "胡", "朱", "高", "林", "何", "郭", "马", "罗" };
static const char *given[] = { "建国", "秀英", "桂兰", "志强", "丽华", "海燕", "德明", "玉梅", "国庆", "红梅", "文斌", "春花", "永刚", "淑珍", "卫东", "小平", "晓燕", "明", "静", "伟" };

/* The twelve items of the Wednesday market (周三有约). */
static const struct { const char *item; const char *skill; int needed; } items[] = {
  { "义务理发", "理发", 3 },
  { "小家电维修", "家电维修", 2 },
  { "法律咨询", "法律咨询", 1 },
  { "量血压测血糖", "健康检查", 2 },
  { "磨剪刀菜刀", "磨刀", 1 },
  { "缝补衣物", "缝纫", 1 },
  { "智能手机教学", "手机教学", 2 },
  { "修鞋修伞", "修鞋", 1 },
  { "心理疏导", "心理咨询", 1 },
  { "政策咨询", "政策咨询", 1 },
  { "代写书信", "书法", 1 },
  { "配钥匙修锁", "开锁配钥匙", 1 },
};

char *
roster_fixture_community (LinliDb *db)
{
  g_autoptr(GError) error = NULL;
  char *c = linli_new_id ();

  g_assert_true (linli_db_insert_with_id (db, &error, "community", c, "community_id,name,hotline", "sss",
                                          c, "青和居社区", "027-86300119"));
  g_assert_no_error (error);
  return c;
}

static char *
community_of (LinliDb *db)
{
  g_autoptr(GError) error = NULL;
  char *c = linli_db_query_string (db, &error, "SELECT id FROM community WHERE deleted = 0 ORDER BY _hlc LIMIT 1", NULL);

  g_assert_no_error (error);
  g_assert_nonnull (c);
  return c;
}

static char *
person_name (GRand *rand)
{
  return g_strconcat (surnames[g_rand_int_range (rand, 0, G_N_ELEMENTS (surnames))],
                      given[g_rand_int_range (rand, 0, G_N_ELEMENTS (given))], NULL);
}

/**
 * roster_fixture_market:
 *
 * A service market on Wednesdays 9:00–11:30 with @n_items items (at most
 * twelve) and @n_volunteers volunteers: each can do one or two items;
 * most come every Wednesday morning, some every other week, some at most
 * twice a month, a few are away for a while.
 */
char *
roster_fixture_market (LinliDb    *db,
                       guint       n_volunteers,
                       guint       n_items,
                       guint32     seed,
                       const char *dtstart)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  g_autofree char *team = NULL;
  g_autofree char *c = community_of (db);
  g_autoptr(GPtrArray) skills = g_ptr_array_new_with_free_func (g_free);
  char *pattern;

  g_assert_no_error (error);
  n_items = MIN (n_items, G_N_ELEMENTS (items));

  g_assert_true (linli_db_begin (db, &error));
  team = linli_team_create (db, c, LINLI_TEAM_SERVICE_MARKET, "周三有约", "community", NULL, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < n_items; i++)
    {
      char *skill = linli_skill_ensure (db, c, items[i].skill, &error);
      g_autofree char *item = NULL;

      g_assert_no_error (error);
      item = linli_db_insert (db, &error, "service_item", "community_id,team_id,name,skill_id,needed,position",
                              "ssssii", c, team, items[i].item, skill, items[i].needed, i);
      g_assert_no_error (error);
      g_ptr_array_add (skills, skill);
    }
  pattern = linli_db_insert (db, &error, "shift_pattern", "community_id,team_id,name,rrule,dtstart,start_time,end_time",
                             "sssssss", c, team, "周三有约", "FREQ=WEEKLY;BYDAY=WE", dtstart, "09:00", "11:30");
  g_assert_no_error (error);
  g_free (pattern);

  for (guint v = 0; v < n_volunteers; v++)
    {
      g_autofree char *name = person_name (rand);
      g_autofree char *phone = g_strdup_printf ("13%09u", g_rand_int_range (rand, 0, 999999999));
      g_autofree char *person = linli_db_insert (db, &error, "person", "community_id,name,phone,consent_publish",
                                                 "sssi", c, name, phone, g_rand_int_range (rand, 0, 3) == 0);
      g_autofree char *member = linli_team_add_member (db, team, person, v == 0 ? "leader" : "volunteer", &error);
      g_autofree char *vol = linli_volunteer_for_person (db, person, &error);
      const char *mine[3] = { NULL };
      g_autoptr(GArray) windows = g_array_new (FALSE, FALSE, sizeof (LinliAvailability));
      LinliAvailability wed = { 3, 8 * 60 + 30, 12 * 60, LINLI_WEEKS_ALL };
      int kind = g_rand_int_range (rand, 0, 10);

      g_assert_no_error (error);
      /* Every item gets people: the first volunteers go round the items. */
      mine[0] = g_ptr_array_index (skills, v % n_items);
      if (g_rand_int_range (rand, 0, 3) == 0)
        mine[1] = g_ptr_array_index (skills, g_rand_int_range (rand, 0, n_items));
      if (mine[1] == mine[0])
        mine[1] = NULL;
      g_assert_true (linli_volunteer_set_skills (db, vol, mine, &error));

      if (kind == 0)
        wed.weeks = LINLI_WEEKS_ODD;
      else if (kind == 1)
        wed.weeks = LINLI_WEEKS_EVEN;
      g_array_append_val (windows, wed);
      if (g_rand_int_range (rand, 0, 4) == 0)
        {
          LinliAvailability sat = { 6, 8 * 60, 17 * 60, LINLI_WEEKS_ALL };

          g_array_append_val (windows, sat);
        }
      g_assert_true (linli_volunteer_set_availability (db, vol, windows, &error));
      if (kind == 2 || kind == 3)
        g_assert_true (linli_volunteer_set_limit (db, vol, 2, &error));
      if (kind == 4)
        {
          g_autofree char *away = linli_volunteer_add_blackout (db, vol, "2026-03-01", "2026-03-31", "住院", &error);

          g_assert_no_error (error);
        }
    }
  g_assert_true (linli_db_commit (db, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&team);
}

/**
 * roster_fixture_big_team:
 * @n_profiles: volunteers come in this many kinds: the same skills, weekly
 *   times, limit and blackout within a kind, so that equally available
 *   volunteers exist and the fairness between them can be measured
 *
 * A synthetic team on duty every day, mornings 08:30–11:30 and afternoons
 * 14:00–17:00, with ten items needing one to four people each.
 */
char *
roster_fixture_big_team (LinliDb    *db,
                         guint       n_volunteers,
                         guint       n_profiles,
                         guint32     seed,
                         const char *dtstart)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  g_autofree char *c = community_of (db);
  g_autoptr(GPtrArray) skills = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) profiles = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) limits = g_array_new (FALSE, FALSE, sizeof (int));
  g_autoptr(GArray) away = g_array_new (FALSE, FALSE, sizeof (int));
  g_autoptr(GPtrArray) profile_skills = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  char *team;

  g_assert_true (linli_db_begin (db, &error));
  team = linli_team_create (db, c, LINLI_TEAM_CUSTOM, "大型志愿服务队", "community", NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 10; i++)
    {
      g_autofree char *name = g_strdup_printf ("服务项目%u", i + 1);
      char *skill = linli_skill_ensure (db, c, name, &error);
      g_autofree char *item = linli_db_insert (db, &error, "service_item", "community_id,team_id,name,skill_id,needed,position",
                                               "ssssii", c, team, name, skill, g_rand_int_range (rand, 1, 5), i);

      g_assert_no_error (error);
      g_ptr_array_add (skills, skill);
    }
  g_free (linli_db_insert (db, &error, "shift_pattern", "community_id,team_id,name,rrule,dtstart,start_time,end_time",
                           "sssssss", c, team, "上午", "FREQ=DAILY", dtstart, "08:30", "11:30"));
  g_free (linli_db_insert (db, &error, "shift_pattern", "community_id,team_id,name,rrule,dtstart,start_time,end_time",
                           "sssssss", c, team, "下午", "FREQ=DAILY", dtstart, "14:00", "17:00"));
  g_assert_no_error (error);

  for (guint k = 0; k < n_profiles; k++)
    {
      g_autoptr(GArray) windows = g_array_new (FALSE, FALSE, sizeof (LinliAvailability));
      g_autoptr(GStrvBuilder) mine = g_strv_builder_new ();
      guint n_windows = g_rand_int_range (rand, 1, 5);
      guint n_skills = g_rand_int_range (rand, 1, 4);
      int limit = g_rand_int_range (rand, 0, 10) < 3 ? g_rand_int_range (rand, 1, 5) : -1;
      int blackout = g_rand_int_range (rand, 0, 10) == 0 ? g_rand_int_range (rand, 0, 330) : -1;

      for (guint w = 0; w < n_windows; w++)
        {
          int part = g_rand_int_range (rand, 0, 3);
          LinliAvailability a = { g_rand_int_range (rand, 1, 8),
                                  part == 1 ? 13 * 60 + 30 : 8 * 60,
                                  part == 0 ? 12 * 60 : 17 * 60 + 30,
                                  g_rand_int_range (rand, 0, 8) == 0 ? g_rand_int_range (rand, 1, 3) : LINLI_WEEKS_ALL };

          g_array_append_val (windows, a);
        }
      for (guint i = 0; i < n_skills; i++)
        g_strv_builder_add (mine, g_ptr_array_index (skills, g_rand_int_range (rand, 0, 10)));
      g_ptr_array_add (profiles, linli_availability_to_json (windows));
      g_ptr_array_add (profile_skills, g_strv_builder_end (mine));
      g_array_append_val (limits, limit);
      g_array_append_val (away, blackout);
    }

  for (guint v = 0; v < n_volunteers; v++)
    {
      guint k = v % n_profiles;
      g_autofree char *name = person_name (rand);
      g_autofree char *person = linli_db_insert (db, &error, "person", "community_id,name", "ss", c, name);
      g_autofree char *member = linli_db_insert (db, &error, "team_member", "community_id,team_id,person_id,role",
                                                 "ssss", c, team, person, "volunteer");
      g_auto(GStrv) ids = g_strdupv (g_ptr_array_index (profile_skills, k));
      g_autofree char *skills_json = linli_skills_to_json ((const char * const *) ids);
      g_autofree char *vol = NULL;
      int limit = g_array_index (limits, int, k);
      int blackout = g_array_index (away, int, k);

      if (limit >= 0)
        vol = linli_db_insert (db, &error, "volunteer", "community_id,person_id,skills,availability,max_per_month",
                               "ssssi", c, person, skills_json, (char *) g_ptr_array_index (profiles, k), limit);
      else
        vol = linli_db_insert (db, &error, "volunteer", "community_id,person_id,skills,availability",
                               "ssss", c, person, skills_json, (char *) g_ptr_array_index (profiles, k));
      g_assert_no_error (error);
      if (blackout >= 0)
        {
          guint32 from = linli_roster_parse_date (dtstart) + (guint32) blackout;
          g_autofree char *f = linli_roster_format_date (from);
          g_autofree char *t = linli_roster_format_date (from + 20);

          g_free (linli_volunteer_add_blackout (db, vol, f, t, NULL, &error));
          g_assert_no_error (error);
        }
    }
  g_assert_true (linli_db_commit (db, &error));
  g_assert_no_error (error);
  return team;
}

/**
 * roster_fixture_building:
 *
 * A building with one unit and @n_households households on it, one
 * adult resident each; the first @n_party_members are party members.
 */
char *
roster_fixture_building (LinliDb    *db,
                         const char *number,
                         guint       n_households,
                         guint       n_party_members)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *c = community_of (db);
  g_autofree char *unit = NULL;
  g_autofree char *tag = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (g_str_hash (number));
  char *building;

  g_assert_true (linli_db_begin (db, &error));
  building = linli_db_insert (db, &error, "building", "community_id,number,floors", "ssi", c, number, 7);
  unit = linli_db_insert (db, &error, "unit", "community_id,building_id,number", "ssi", c, building, 1);
  tag = linli_db_query_string (db, &error, "SELECT id FROM tag WHERE code = 'party_member' AND deleted = 0", NULL);
  if (tag == NULL)
    tag = linli_db_insert (db, &error, "tag", "community_id,code,name", "sss", c, "party_member", "党员");
  g_assert_no_error (error);

  for (guint i = 0; i < n_households; i++)
    {
      g_autofree char *room = g_strdup_printf ("%u%02u", i / 2 + 1, i % 2 + 1);
      g_autofree char *household = linli_db_insert (db, &error, "household", "community_id,unit_id,floor,room",
                                                    "ssis", c, unit, (int) (i / 2 + 1), room);
      g_autofree char *name = person_name (rand);
      g_autofree char *phone = g_strdup_printf ("139%08u", g_rand_int_range (rand, 0, 99999999));
      g_autofree char *person = linli_db_insert (db, &error, "person",
                                                 "community_id,household_id,name,phone,birth_date,consent_publish",
                                                 "sssssi", c, household, name, phone, "1970-05-01", 1);

      g_assert_no_error (error);
      if (i < n_party_members)
        {
          g_autofree char *pt = linli_db_insert (db, &error, "person_tag", "community_id,person_id,tag_id",
                                                 "sss", c, person, tag);
          g_assert_no_error (error);
        }
    }
  g_assert_true (linli_db_commit (db, &error));
  g_assert_no_error (error);
  return building;
}

/**
 * roster_fixture_squad:
 *
 * The building's 119 squad with @n_residents of its residents (party
 * members last, so that the suggestions have some), and its backbone and
 * sunk cadre when asked.
 */
char *
roster_fixture_squad (LinliDb    *db,
                      const char *building_id,
                      guint       n_residents,
                      gboolean    with_backbone,
                      gboolean    with_cadre)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *number = linli_db_query_string (db, &error, "SELECT number FROM building WHERE id = ?", "s", building_id);
  g_autofree char *name = g_strdup_printf ("%s栋119自管小分队", number);
  g_autoptr(LinliQuery) q = NULL;
  char *team;
  guint added = 0;

  g_autofree char *c = community_of (db);

  team = linli_team_create (db, c, LINLI_TEAM_SQUAD119, name, "building", building_id, &error);
  g_assert_no_error (error);

  q = linli_db_query (db, &error,
                      "SELECT p.id, EXISTS (SELECT 1 FROM person_tag pt WHERE pt.person_id = p.id) AS party "
                      "FROM person p JOIN household h ON h.id = p.household_id JOIN unit u ON u.id = h.unit_id "
                      "WHERE u.building_id = ? ORDER BY party, h.room", "s", building_id);
  while (linli_query_next (q, &error) && added < n_residents + (with_backbone ? 1 : 0))
    {
      gboolean party = linli_query_get_int (q, 1) != 0;
      const char *role = added < n_residents ? "building_resident" : "party_backbone";
      g_autofree char *m = NULL;

      if (g_str_equal (role, "party_backbone") && !party)
        continue;
      m = linli_team_add_member (db, team, linli_query_get_string (q, 0), role, &error);
      g_assert_no_error (error);
      added++;
    }
  g_assert_no_error (error);

  if (with_cadre)
    {
      g_autofree char *cadre = linli_volunteer_create (db, c, "赵卫东", "13812345678", "下沉干部", &error);
      g_autofree char *person = linli_db_query_string (db, &error, "SELECT person_id FROM volunteer WHERE id = ?", "s", cadre);
      g_autofree char *m = linli_team_add_member (db, team, person, "sunk_cadre", &error);

      g_assert_no_error (error);
    }
  return team;
}
