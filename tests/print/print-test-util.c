/* print-test-util.c: a small community to print, and poppler to read PDFs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>
#include <sys/wait.h>

#include "linli-roster.h"
#include "print-test-util.h"

typedef struct
{
  LinliDb    *db;
  const char *community;
  GHashTable *ids;   /* name -> id */
} Fill;

static const char *
put (Fill       *f,
     const char *key,
     char       *id)
{
  g_assert_nonnull (id);
  g_hash_table_insert (f->ids, g_strdup (key), id);
  return id;
}

static const char *
id_of (Fill       *f,
       const char *key)
{
  const char *id = g_hash_table_lookup (f->ids, key);

  g_assert_nonnull (id);
  return id;
}

static const char *
household (Fill       *f,
           const char *unit_key,
           int         floor,
           const char *room,
           const char *flags)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *key = g_strdup_printf ("%s-%s", unit_key, room);

  return put (f, key, linli_db_insert (f->db, &error, "household", "community_id,unit_id,floor,room,flags",
                                       "ssiss", f->community, id_of (f, unit_key), floor, room, flags ? flags : ""));
}

static const char *
resident (Fill       *f,
          const char *household_key,
          const char *name,
          const char *birth,
          const char *phone,
          gboolean    consent,
          gboolean    head)
{
  g_autoptr(GError) error = NULL;
  const char *household_id = household_key ? id_of (f, household_key) : NULL;
  const char *id;

  /* Every resident has an ID number: no sheet may ever print it. */
  id = put (f, name, linli_db_insert (f->db, &error, "person",
                                      "community_id,household_id,is_resident,name,birth_date,phone,consent_publish,"
                                      "id_number,relation",
                                      "ssisssiss", f->community, household_id, household_id != NULL, name, birth, phone,
                                      consent ? 1 : 0, "42010719400101123X", head ? "户主" : "子"));
  g_assert_no_error (error);
  if (head)
    g_assert_true (linli_db_set (f->db, &error, "household", household_id, "head_id", "s", id));
  return id;
}

static void
tag (Fill       *f,
     const char *person,
     const char *tag_key)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = linli_db_insert (f->db, &error, "person_tag", "community_id,person_id,tag_id", "sss",
                                         f->community, id_of (f, person), id_of (f, tag_key));

  g_assert_no_error (error);
}

static void
member (Fill       *f,
        const char *team,
        const char *person,
        const char *role)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = linli_db_insert (f->db, &error, "team_member", "community_id,team_id,person_id,role", "ssss",
                                         f->community, id_of (f, team), id_of (f, person), role);

  g_assert_no_error (error);
}

static const char *
skill (Fill       *f,
       const char *key,
       const char *name)
{
  g_autoptr(GError) error = NULL;

  return put (f, key, linli_db_insert (f->db, &error, "skill", "community_id,code,name", "sss",
                                       f->community, key, name));
}

static void
volunteer (Fill       *f,
           const char *person,
           const char *skill_key)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *skills = g_strdup_printf ("[\"%s\"]", id_of (f, skill_key));
  g_autofree char *id = linli_db_insert (f->db, &error, "volunteer", "community_id,person_id,skills,availability",
                                         "ssss", f->community, id_of (f, person), skills,
                                         "[{\"day\":3,\"from\":\"08:00\",\"to\":\"12:00\",\"weeks\":\"all\"}]");

  g_assert_no_error (error);
  member (f, "market", person, "volunteer");
}

/* 周三有约 on Wednesday mornings: a haircut with three volunteers for one
 * place, appliance repair with two for three places (one always open),
 * and a Wednesday off for a fire drill. Its leader is posted whole. */
static void
market (Fill *f)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *haircut = NULL;
  g_autofree char *repair = NULL;
  g_autofree char *exception = NULL;
  const char *pattern;

  put (f, "market", linli_db_insert (f->db, &error, "team", "community_id,kind,name,scope,description", "sssss",
                                     f->community, "service_market", "周三有约", "community", "每周三上午便民服务集市"));
  skill (f, "haircut", "理发");
  skill (f, "repair", "家电维修");
  haircut = linli_db_insert (f->db, &error, "service_item", "community_id,team_id,name,skill_id,needed,position",
                             "ssssii", f->community, id_of (f, "market"), "义务理发", id_of (f, "haircut"), 1, 0);
  repair = linli_db_insert (f->db, &error, "service_item", "community_id,team_id,name,skill_id,needed,position",
                            "ssssii", f->community, id_of (f, "market"), "小家电维修", id_of (f, "repair"), 3, 1);
  g_assert_no_error (error);

  member (f, "market", "赵大海", "leader");
  volunteer (f, "吴桂兰", "haircut");
  volunteer (f, "郑国强", "haircut");
  volunteer (f, "褚卫东", "haircut");
  volunteer (f, "冯秀英", "repair");
  volunteer (f, "阿卜杜热合曼·买买提依明·艾尔肯江", "repair");

  pattern = put (f, "market-times", linli_db_insert (f->db, &error, "shift_pattern",
                                                     "community_id,team_id,name,rrule,dtstart,start_time,end_time",
                                                     "sssssss", f->community, id_of (f, "market"), "周三上午",
                                                     "FREQ=WEEKLY;BYDAY=WE", "2026-11-04", "09:00", "11:30"));
  exception = linli_db_insert (f->db, &error, "shift_exception", "community_id,pattern_id,date,note", "ssss",
                               f->community, pattern, "2026-12-09", "消防演练");
  g_assert_no_error (error);
}

/**
 * print_fixture_fill:
 *
 * 青和居社区: compound 青和居, grid 1 (building 12 with two units and a
 * complete squad, building 3 with an incomplete one) and grid 2 (building
 * A3 without a squad), and the 周三有约 service market with its roster for
 * the four weeks from FIXTURE_DATE. Phones of consenting people are whole
 * on public sheets; the others are masked.
 */
void
print_fixture_fill (LinliDb *db)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  Fill f = { db, NULL, ids };
  char *c = linli_new_id ();
  g_autofree char *visit = NULL;
  static const char *members[][4] = {
    /* name, phone, consent, room */
    { "吴桂兰", "13600000001", "1", "u1-201" },
    { "郑国强", "13600000002", "0", "u1-202" },
    { "冯秀英", "13600000003", "1", "u1-301" },
    { "阿卜杜热合曼·买买提依明·艾尔肯江", "15012345678", "0", "u1-302" },
    { "褚卫东", "13600000005", "1", "u2-101" },
    { "卫红梅", "13600000006", "0", "u2-102" },
    { "蒋志刚", "13600000007", "1", "u2-201" },
  };

  g_assert_true (linli_db_begin (db, &error));
  g_assert_true (linli_db_insert_with_id (db, &error, "community", c, "community_id,name,hotline", "sss",
                                          c, "青和居社区", "027-86301234"));
  f.community = put (&f, "community", c);
  put (&f, "compound", linli_db_insert (db, &error, "compound", "community_id,name", "ss", c, "青和居"));
  put (&f, "org", linli_db_insert (db, &error, "organisation", "community_id,kind,name", "sss", c, "co_building", "区城管局"));

  put (&f, "王芳", linli_db_insert (db, &error, "person", "community_id,is_resident,name,phone,consent_publish,title",
                                  "sissis", c, 0, "王芳", "13812345678", 1, "网格员"));
  put (&f, "陈志强", linli_db_insert (db, &error, "person", "community_id,is_resident,name,phone,consent_publish",
                                    "sissi", c, 0, "陈志强", "13900001111", 0));
  put (&f, "刘洋", linli_db_insert (db, &error, "person", "community_id,is_resident,name,phone,consent_publish",
                                  "sissi", c, 0, "刘洋", "13698765432", 0));
  put (&f, "grid1", linli_db_insert (db, &error, "grid", "community_id,compound_id,number,name,worker_id,secretary_id",
                                     "ssisss", c, id_of (&f, "compound"), 1, "第1网格", id_of (&f, "王芳"), id_of (&f, "陈志强")));
  put (&f, "grid2", linli_db_insert (db, &error, "grid", "community_id,compound_id,number,name,worker_id",
                                     "ssiss", c, id_of (&f, "compound"), 2, "", id_of (&f, "刘洋")));
  g_assert_no_error (error);

  put (&f, "b12", linli_db_insert (db, &error, "building", "community_id,compound_id,grid_id,number,floors", "ssssi",
                                   c, id_of (&f, "compound"), id_of (&f, "grid1"), "12", 6));
  put (&f, "b3", linli_db_insert (db, &error, "building", "community_id,compound_id,grid_id,number,floors", "ssssi",
                                  c, id_of (&f, "compound"), id_of (&f, "grid1"), "3", 3));
  put (&f, "bA3", linli_db_insert (db, &error, "building", "community_id,compound_id,grid_id,number,floors", "ssssi",
                                   c, id_of (&f, "compound"), id_of (&f, "grid2"), "A3", 2));
  put (&f, "u1", linli_db_insert (db, &error, "unit", "community_id,building_id,number", "ssi", c, id_of (&f, "b12"), 1));
  put (&f, "u2", linli_db_insert (db, &error, "unit", "community_id,building_id,number", "ssi", c, id_of (&f, "b12"), 2));
  put (&f, "u3", linli_db_insert (db, &error, "unit", "community_id,building_id,number", "ssi", c, id_of (&f, "b3"), 1));
  put (&f, "uA", linli_db_insert (db, &error, "unit", "community_id,building_id,number", "ssi", c, id_of (&f, "bA3"), 1));
  g_assert_no_error (error);

  /* Building 12: six floors, two rooms a floor, in both units. */
  for (int u = 1; u <= 2; u++)
    for (int floor = 1; floor <= 6; floor++)
      for (int room = 1; room <= 2; room++)
        {
          g_autofree char *unit_key = g_strdup_printf ("u%d", u);
          g_autofree char *number = g_strdup_printf ("%d%02d", floor, room);

          household (&f, unit_key, floor, number, (floor == 4 && room == 2) ? "rental" : NULL);
        }
  /* Building 3: three floors, four rooms a floor; A3: two by two. */
  for (int floor = 1; floor <= 3; floor++)
    for (int room = 1; room <= 4; room++)
      {
        g_autofree char *number = g_strdup_printf ("%d%02d", floor, room);

        household (&f, "u3", floor, number, room == 1 ? "party_center" : NULL);
      }
  for (int floor = 1; floor <= 2; floor++)
    for (int room = 1; room <= 2; room++)
      {
        g_autofree char *number = g_strdup_printf ("%d%02d", floor, room);

        household (&f, "uA", floor, number, NULL);
      }

  put (&f, "alone", linli_db_insert (db, &error, "tag", "community_id,code,name,care", "sssi", c, "alone", "独居", 1));
  put (&f, "disabled", linli_db_insert (db, &error, "tag", "community_id,code,name,care", "sssi", c, "disabled", "残疾", 1));
  put (&f, "low_income", linli_db_insert (db, &error, "tag", "community_id,code,name,care", "sssi", c, "low_income", "低保", 1));
  put (&f, "party", linli_db_insert (db, &error, "tag", "community_id,code,name,care", "sssi", c, "party_member", "党员", 0));

  resident (&f, "u1-101", "张桂芝", "1938-05-01", "13512340001", FALSE, TRUE);     /* 88: care by age */
  resident (&f, "u1-102", "赵大海", "1968-03-02", "13711112222", TRUE, TRUE);      /* building leader */
  resident (&f, "u1-401", "钱小红", "1975-07-07", "13533334444", FALSE, TRUE);     /* unit leader */
  resident (&f, "u1-402", "孙建军", "1970-01-15", "13055556666", TRUE, TRUE);      /* party backbone */
  resident (&f, "u2-302", "李德福", "1950-09-09", "13512340002", FALSE, TRUE);     /* lives alone */
  resident (&f, "u2-602", "何美玲", "1946-11-24", "13512340003", FALSE, TRUE);     /* 79 until tomorrow */
  resident (&f, "u3-201", "王建设", "1960-02-02", "13512340004", FALSE, TRUE);     /* disabled */
  resident (&f, "u3-101", "党员甲", "1960-02-02", "13512340005", FALSE, TRUE);     /* a tag without care */
  resident (&f, "uA-101", "刘低保", "1965-06-06", "13512340006", FALSE, TRUE);     /* low income, grid 2 */
  resident (&f, "uA-102", "已删除", "1930-01-01", "13512340007", FALSE, TRUE);     /* deleted: never printed */
  for (guint i = 0; i < G_N_ELEMENTS (members); i++)
    resident (&f, members[i][3], members[i][0], "1980-01-01", members[i][1], members[i][2][0] == '1', TRUE);
  put (&f, "周敏", linli_db_insert (db, &error, "person",
                                  "community_id,is_resident,name,phone,consent_publish,title,organisation_id",
                                  "sississ", c, 0, "周敏", "18877778888", 1, "下沉干部", id_of (&f, "org")));
  g_assert_no_error (error);

  tag (&f, "李德福", "alone");
  tag (&f, "王建设", "disabled");
  tag (&f, "党员甲", "party");
  tag (&f, "刘低保", "low_income");
  tag (&f, "已删除", "alone");
  g_assert_true (linli_db_soft_delete (db, "person", id_of (&f, "已删除"), &error));

  g_assert_true (linli_db_set (db, &error, "building", id_of (&f, "b12"), "leader_id", "s", id_of (&f, "赵大海")));
  g_assert_true (linli_db_set (db, &error, "unit", id_of (&f, "u1"), "leader_id", "s", id_of (&f, "钱小红")));

  put (&f, "squad12", linli_db_insert (db, &error, "team", "community_id,kind,name,scope,scope_id", "sssss",
                                       c, "squad119", "12栋119自管小分队", "building", id_of (&f, "b12")));
  member (&f, "squad12", "赵大海", "leader");
  member (&f, "squad12", "孙建军", "party_backbone");
  member (&f, "squad12", "周敏", "sunk_cadre");
  for (guint i = 0; i < G_N_ELEMENTS (members); i++)
    member (&f, "squad12", members[i][0], "building_resident");

  /* Building 3's squad lacks its party member and its cadre. */
  put (&f, "squad3", linli_db_insert (db, &error, "team", "community_id,kind,name,scope,scope_id", "sssss",
                                      c, "squad119", "3栋119自管小分队", "building", id_of (&f, "b3")));
  member (&f, "squad3", "王建设", "leader");

  visit = linli_db_insert (db, &error, "visit", "community_id,household_id,visited_at,services", "ssss",
                           c, id_of (&f, "u1-101"), "2026-11-20T09:30", "groceries");
  g_assert_no_error (error);

  market (&f);

  g_assert_true (linli_db_commit (db, &error));
  g_assert_no_error (error);

  /* Its roster for the four weeks from the fixture's Monday. */
  {
    g_autoptr(LinliRosterReport) report = linli_roster_generate (db, id_of (&f, "market"), "2026-11-23", "2026-12-20",
                                                                 &error);

    g_assert_no_error (error);
    g_assert_cmpuint (report->n_shifts, ==, 6);
    g_assert_cmpuint (report->n_filled, ==, 9);
  }
}

char *
print_test_tmp_path (const char *name)
{
  static char *dir;

  if (dir == NULL)
    dir = g_dir_make_tmp ("linli-test-print-XXXXXX", NULL);
  return g_build_filename (dir, name, NULL);
}

/* The fixture in a file, for linli-cli. */
char *
print_test_fixture_db (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LinliDb) db = NULL;
  char *path = print_test_tmp_path ("fixture.db");

  if (g_file_test (path, G_FILE_TEST_EXISTS))
    return path;

  db = linli_db_open (path, &error);
  g_assert_no_error (error);
  print_fixture_fill (db);
  return path;
}

gboolean
print_test_have_poppler (void)
{
  g_autofree char *pdftotext = g_find_program_in_path ("pdftotext");
  g_autofree char *pdffonts = g_find_program_in_path ("pdffonts");
  g_autofree char *pdfinfo = g_find_program_in_path ("pdfinfo");

  return pdftotext != NULL && pdffonts != NULL && pdfinfo != NULL;
}

static char *
run (const char *const *argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  char *out = NULL;
  int status = 0;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("%s failed: %s", argv[0], err);
  return out;
}

char *
print_test_pdftotext (const char *pdf,
                      gboolean    layout)
{
  if (layout)
    return run ((const char *[]) { "pdftotext", "-layout", "-enc", "UTF-8", pdf, "-", NULL });
  return run ((const char *[]) { "pdftotext", "-enc", "UTF-8", pdf, "-", NULL });
}

static char *
pdfinfo_field (const char *pdf,
               const char *field)
{
  g_autofree char *out = run ((const char *[]) { "pdfinfo", pdf, NULL });
  g_auto(GStrv) lines = g_strsplit (out, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], field) && lines[i][strlen (field)] == ':')
      return g_strdup (g_strstrip (lines[i] + strlen (field) + 1));
  g_error ("pdfinfo %s: no %s", pdf, field);
  return NULL;
}

guint
print_test_pdf_pages (const char *pdf)
{
  g_autofree char *pages = pdfinfo_field (pdf, "Pages");

  return (guint) g_ascii_strtoull (pages, NULL, 10);
}

void
print_test_pdf_page_size (const char *pdf,
                          double     *width,
                          double     *height)
{
  g_autofree char *size = pdfinfo_field (pdf, "Page size");

  /* "595.28 x 841.89 pts (A4)" */
  g_assert_cmpint (sscanf (size, "%lf x %lf", width, height), ==, 2);
}

/* Every font is embedded, and the CJK text is in a CJK face (WenQuanYi,
 * AR PL UMing, Noto CJK, or cairo's outlines of one for bold). */
void
print_test_assert_fonts_embedded (const char *pdf)
{
  g_autofree char *out = run ((const char *[]) { "pdffonts", pdf, NULL });
  g_auto(GStrv) lines = g_strsplit (out, "\n", -1);
  guint fonts = 0;
  gboolean noto = FALSE;

  for (guint i = 2; lines[i] != NULL; i++)
    {
      g_auto(GStrv) cols = NULL;
      guint n;

      if (*lines[i] == '\0')
        continue;
      cols = g_regex_split_simple ("\\s+", lines[i], 0, 0);
      n = g_strv_length (cols);
      /* name type... encoding emb sub uni object ID: emb is 5th from the end */
      g_assert_cmpuint (n, >=, 7);
      if (!g_str_equal (cols[n - 5], "yes"))
        g_error ("%s: font %s is not embedded:\n%s", pdf, cols[0], out);
      if (strstr (cols[0], "NotoSansCJK") || strstr (cols[0], "NotoSerifCJK") ||
          strstr (cols[0], "WenQuanYi") || strstr (cols[0], "UMing"))
        noto = TRUE;
      fonts++;
    }
  g_assert_cmpuint (fonts, >, 0);
  if (!noto)
    g_error ("%s: no CJK font:\n%s", pdf, out);
}

typedef struct
{
  double x0, y0, x1, y1;
  char  *text;
} Word;

static double
attribute (const char *line,
           const char *name)
{
  g_autofree char *key = g_strdup_printf (" %s=\"", name);
  const char *at = strstr (line, key);

  g_assert_nonnull (at);
  return g_ascii_strtod (at + strlen (key), NULL);
}

/* Reads pdftotext -bbox line by line, by hand: one tag a line. (Searching
 * the whole output for each word is quadratic, and slow under ASan's
 * strict string checks.) */
static GPtrArray *
read_words (const char *pdf,
            GArray     *page_sizes)
{
  g_autofree char *html = run ((const char *[]) { "pdftotext", "-bbox", "-enc", "UTF-8", pdf, "-", NULL });
  GPtrArray *pages = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  GArray *words = NULL;
  char *line = html;

  while (*line != '\0')
    {
      char *end = line;
      char *tag = line;

      while (*end != '\0' && *end != '\n')
        end++;
      if (*end == '\n')
        *end++ = '\0';
      while (*tag == ' ')
        tag++;

      if (g_str_has_prefix (tag, "<page "))
        {
          double size[2] = { attribute (tag, "width"), attribute (tag, "height") };

          g_array_append_vals (page_sizes, size, 2);
          words = g_array_new (FALSE, TRUE, sizeof (Word));
          g_ptr_array_add (pages, words);
        }
      else if (g_str_has_prefix (tag, "<word "))
        {
          Word w;
          const char *text = strchr (tag, '>');
          const char *close = text ? strstr (text, "</word>") : NULL;

          g_assert_nonnull (words);
          g_assert_nonnull (close);
          w.x0 = attribute (tag, "xMin");
          w.y0 = attribute (tag, "yMin");
          w.x1 = attribute (tag, "xMax");
          w.y1 = attribute (tag, "yMax");
          w.text = g_strndup (text + 1, close - text - 1);
          g_array_append_val (words, w);
        }
      line = end;
    }

  return pages;
}

static void
free_words (GPtrArray *pages)
{
  for (guint p = 0; p < pages->len; p++)
    {
      GArray *words = g_ptr_array_index (pages, p);

      for (guint i = 0; i < words->len; i++)
        g_free (g_array_index (words, Word, i).text);
    }
  g_ptr_array_unref (pages);
}

/**
 * print_test_assert_same_words:
 * @tolerance: points
 *
 * The two PDFs print the same words at the same places, give or take
 * @tolerance: GTK's A4 is 210 mm exactly (595.2756 points), the engine's
 * 595.28, so centred text may move by a thousandth of a point, which is
 * enough for pdftotext -layout to count one space more.
 */
void
print_test_assert_same_words (const char *a,
                              const char *b,
                              double      tolerance)
{
  g_autoptr(GArray) sizes_a = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) sizes_b = g_array_new (FALSE, FALSE, sizeof (double));
  GPtrArray *pages_a = read_words (a, sizes_a);
  GPtrArray *pages_b = read_words (b, sizes_b);

  g_assert_cmpuint (pages_a->len, ==, pages_b->len);
  for (guint p = 0; p < pages_a->len; p++)
    {
      GArray *wa = g_ptr_array_index (pages_a, p);
      GArray *wb = g_ptr_array_index (pages_b, p);

      g_assert_cmpfloat_with_epsilon (g_array_index (sizes_a, double, 2 * p),
                                      g_array_index (sizes_b, double, 2 * p), 0.01);
      g_assert_cmpfloat_with_epsilon (g_array_index (sizes_a, double, 2 * p + 1),
                                      g_array_index (sizes_b, double, 2 * p + 1), 0.01);
      g_assert_cmpuint (wa->len, ==, wb->len);
      for (guint i = 0; i < wa->len; i++)
        {
          Word *x = &g_array_index (wa, Word, i);
          Word *y = &g_array_index (wb, Word, i);

          g_assert_cmpstr (x->text, ==, y->text);
          if (fabs (x->x0 - y->x0) > tolerance || fabs (x->y0 - y->y0) > tolerance ||
              fabs (x->x1 - y->x1) > tolerance || fabs (x->y1 - y->y1) > tolerance)
            g_error ("page %u: “%s” at (%.3f,%.3f)-(%.3f,%.3f) in %s, at (%.3f,%.3f)-(%.3f,%.3f) in %s",
                     p + 1, x->text, x->x0, x->y0, x->x1, x->y1, a, y->x0, y->y0, y->x1, y->y1, b);
        }
    }
  free_words (pages_a);
  free_words (pages_b);
}

/* Every word's box lies at least MARGIN_MM inside the page. */
void
print_test_assert_within_margins (const char *pdf,
                                  double      margin_mm)
{
  g_autoptr(GArray) sizes = g_array_new (FALSE, FALSE, sizeof (double));
  GPtrArray *pages = read_words (pdf, sizes);
  double m = margin_mm * 72.0 / 25.4;
  guint n_words = 0;

  g_assert_cmpuint (pages->len, >, 0);
  for (guint p = 0; p < pages->len; p++)
    {
      GArray *words = g_ptr_array_index (pages, p);
      double w = g_array_index (sizes, double, 2 * p);
      double h = g_array_index (sizes, double, 2 * p + 1);

      for (guint i = 0; i < words->len; i++)
        {
          Word *word = &g_array_index (words, Word, i);

          if (word->x0 < m || word->y0 < m || word->x1 > w - m || word->y1 > h - m)
            g_error ("%s page %u: “%s” at (%.1f,%.1f)-(%.1f,%.1f) is outside the %.0f mm margins of %.0fx%.0f",
                     pdf, p + 1, word->text, word->x0, word->y0, word->x1, word->y1, margin_mm, w, h);
          n_words++;
        }
    }
  g_assert_cmpuint (n_words, >, 0);
  free_words (pages);
}

/* No two words of one line cover each other: nothing overflows its cell. */
void
print_test_assert_no_overlap (const char *pdf)
{
  g_autoptr(GArray) sizes = g_array_new (FALSE, FALSE, sizeof (double));
  GPtrArray *pages = read_words (pdf, sizes);

  for (guint p = 0; p < pages->len; p++)
    {
      GArray *words = g_ptr_array_index (pages, p);

      for (guint i = 0; i < words->len; i++)
        for (guint j = i + 1; j < words->len; j++)
          {
            Word *a = &g_array_index (words, Word, i);
            Word *b = &g_array_index (words, Word, j);
            double ov_y = MIN (a->y1, b->y1) - MAX (a->y0, b->y0);
            double ov_x = MIN (a->x1, b->x1) - MAX (a->x0, b->x0);
            double min_h = MIN (a->y1 - a->y0, b->y1 - b->y0);

            if (ov_y > 0.5 * min_h && ov_x > 0.5)
              g_error ("%s page %u: “%s” (%.1f-%.1f) and “%s” (%.1f-%.1f) overlap",
                       pdf, p + 1, a->text, a->x0, a->x1, b->text, b->x0, b->x1);
          }
    }
  free_words (pages);
}

/* Renders one page to NAME.png in the build's screenshots folder and, when
 * LINLI_UPDATE_SCREENSHOTS is set, into data/screenshots/. */
char *
print_test_render_png (const char *pdf,
                       guint       page,
                       const char *name)
{
  g_autofree char *dir = g_build_filename (g_getenv ("LINLI_BUILD_ROOT") ? g_getenv ("LINLI_BUILD_ROOT") : ".",
                                           "screenshots", NULL);
  g_autofree char *prefix = g_build_filename (dir, name, NULL);
  g_autofree char *first = g_strdup_printf ("%u", page);
  g_autofree char *out = NULL;
  char *png = g_strconcat (prefix, ".png", NULL);

  g_mkdir_with_parents (dir, 0755);
  out = run ((const char *[]) { "pdftoppm", "-png", "-r", "80", "-f", first, "-l", first, "-singlefile",
                                pdf, prefix, NULL });
  g_assert_true (g_file_test (png, G_FILE_TEST_IS_REGULAR));

  /* Only the sheets themselves go to the source tree. */
  if (g_getenv ("LINLI_UPDATE_SCREENSHOTS") && g_getenv ("LINLI_SOURCE_ROOT") && g_str_has_prefix (name, "sheet-"))
    {
      g_autofree char *src = g_build_filename (g_getenv ("LINLI_SOURCE_ROOT"), "data", "screenshots", name, NULL);
      g_autofree char *out2 = run ((const char *[]) { "pdftoppm", "-png", "-r", "80", "-f", first, "-l", first,
                                                      "-singlefile", pdf, src, NULL });
    }
  return png;
}

void
print_test_assert_contains (const char *text,
                            const char *needle)
{
  if (strstr (text, needle) == NULL)
    g_error ("“%s” is missing from:\n%s", needle, text);
}

void
print_test_assert_lacks (const char *text,
                         const char *needle)
{
  if (strstr (text, needle) != NULL)
    g_error ("“%s” must not be printed, but is in:\n%s", needle, text);
}

int
print_test_run_cli (const char *const *args,
                    char              **out,
                    char              **err)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *cli = g_build_filename (g_getenv ("LINLI_BUILD_ROOT"), "src", "cli", "linli-cli", NULL);
  int status = -1;

  g_ptr_array_add (argv, cli);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);

  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL, out, err, &status, &error);
  g_assert_no_error (error);

  return WIFEXITED (status) ? WEXITSTATUS (status) : -1;
}

/**
 * print_test_seed_demo:
 * @db_path: (out): the demo community file
 *
 * Makes the `seed` demo community with linli-cli once per build.
 *
 * Returns: %FALSE when this linli-cli has no demo command yet
 */
gboolean
print_test_seed_demo (char **db_path)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *dir = g_build_filename (g_getenv ("LINLI_BUILD_ROOT"), "tests", "print", NULL);
  g_autofree char *path = g_build_filename (dir, "seed-demo.db", NULL);

  if (print_test_run_cli ((const char *[]) { "--help", NULL }, &out, &err) != 0 ||
      strstr (out, "\n  demo") == NULL)
    return FALSE;

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_autofree char *tmp = g_strconcat (path, ".new", NULL);
      g_autofree char *out2 = NULL;
      g_autofree char *err2 = NULL;

      g_unlink (tmp);
      if (print_test_run_cli ((const char *[]) { "--db", tmp, "demo", "--scale", "seed", NULL }, &out2, &err2) != 0)
        g_error ("linli-cli demo --scale seed failed: %s", err2);
      g_assert_cmpint (g_rename (tmp, path), ==, 0);
    }

  *db_path = g_steal_pointer (&path);
  return TRUE;
}
