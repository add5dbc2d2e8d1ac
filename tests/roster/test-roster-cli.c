/* test-roster-cli.c: linli-cli roster generate, squads, export roster,
 * volunteers and hours, and their errors.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <locale.h>
#include <string.h>
#include <sys/wait.h>

#include "linli-roster.h"
#include "roster-fixture.h"

static char *cli_path;
static char *dir;
static char *db_path;

static int
run_cli (const char *const *args,
         char              **out,
         char              **err)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  int status = -1;

  g_ptr_array_add (argv, cli_path);
  g_ptr_array_add (argv, (char *) "--db");
  g_ptr_array_add (argv, db_path);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);

  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL, out, err, &status, &error);
  g_assert_no_error (error);
  return WIFEXITED (status) ? WEXITSTATUS (status) : -1;
}

#define RUN(out, err, ...) run_cli ((const char *[]) { __VA_ARGS__, NULL }, out, err)

static void
test_generate (void)
{
  g_autofree char *out = NULL, *err = NULL;

  g_assert_cmpint (RUN (&out, &err, "roster", "generate", "--team", "周三有约", "--from", "2026-03-02", "--weeks", "4"), ==, 0);
  g_assert_nonnull (strstr (out, "2026-03-02 to 2026-03-29: 48 shifts (48 new)"));
  g_assert_nonnull (strstr (out, "equally available volunteers: 0")
                    ? out : strstr (out, "equally available volunteers: 1"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Again: nothing new. */
  g_assert_cmpint (RUN (&out, &err, "roster", "generate", "--team", "周三有约", "--from", "2026-03-02", "--weeks", "4"), ==, 0);
  g_assert_nonnull (strstr (out, "48 shifts (0 new)"));
}

static void
test_errors (void)
{
  g_autofree char *out = NULL, *err = NULL;

  g_assert_cmpint (RUN (&out, &err, "roster", "generate", "--team", "合唱团"), ==, 1);
  g_assert_nonnull (strstr (err, "合唱团"));
  g_clear_pointer (&err, g_free);
  g_clear_pointer (&out, g_free);

  g_assert_cmpint (RUN (&out, &err, "roster", "generate", "--team", "周三有约", "--from", "2026-02-30"), ==, 2);
  g_assert_nonnull (strstr (err, "2026-02-30"));
  g_clear_pointer (&err, g_free);
  g_clear_pointer (&out, g_free);

  g_assert_cmpint (RUN (&out, &err, "roster", "generate"), ==, 2);
  g_assert_nonnull (strstr (err, "--team"));
  g_clear_pointer (&err, g_free);
  g_clear_pointer (&out, g_free);

  g_assert_cmpint (RUN (&out, &err, "roster", "publish"), ==, 2);
  g_clear_pointer (&err, g_free);
  g_clear_pointer (&out, g_free);

  g_assert_cmpint (RUN (&out, &err, "export", "pets", "/tmp/x.csv"), ==, 2);
  g_assert_nonnull (strstr (err, "pets"));
  g_assert_nonnull (strstr (err, "export roster FILE"));
  g_clear_pointer (&err, g_free);
  g_clear_pointer (&out, g_free);

  g_assert_cmpint (RUN (&out, &err, "export", "roster"), ==, 2);
  g_clear_pointer (&err, g_free);
  g_clear_pointer (&out, g_free);

  g_assert_cmpint (RUN (&out, &err, "export", "roster", "/nonexistent/dir/roster.csv"), ==, 1);
  g_assert_nonnull (strstr (err, "/nonexistent/dir/roster.csv"));
}

static void
test_exports (void)
{
  g_autofree char *out = NULL, *err = NULL;
  g_autofree char *roster = g_build_filename (dir, "roster.csv", NULL);
  g_autofree char *volunteers = g_build_filename (dir, "volunteers.csv", NULL);
  g_autofree char *hours = g_build_filename (dir, "hours.xlsx", NULL);
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  guint filled = 0, empty = 0;

  g_assert_cmpint (RUN (&out, &err, "export", "roster", roster, "--team", "周三有约", "--from", "2026-03-02", "--to", "2026-03-08"), ==, 0);
  g_assert_true (g_file_get_contents (roster, &contents, NULL, NULL));
  lines = g_strsplit (contents + 3, "\r\n", -1);
  g_assert_cmpstr (lines[0], ==, "Date,Start,End,Team,Service item,Volunteer id,Volunteer");
  for (guint i = 1; lines[i] && *lines[i]; i++)
    {
      g_auto(GStrv) cells = g_strsplit (lines[i], ",", -1);

      g_assert_cmpuint (g_strv_length (cells), ==, 7);
      g_assert_cmpstr (cells[0], ==, "2026-03-04");
      g_assert_cmpstr (cells[1], ==, "09:00");
      g_assert_cmpstr (cells[2], ==, "11:30");
      g_assert_cmpstr (cells[3], ==, "周三有约");
      if (*cells[5])
        filled++;
      else
        empty++;
    }
  /* The twelve items need seventeen people. */
  g_assert_cmpuint (filled + empty, ==, 17);

  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_clear_pointer (&contents, g_free);
  g_clear_pointer (&lines, g_strfreev);
  g_assert_cmpint (RUN (&out, &err, "export", "volunteers", volunteers), ==, 0);
  g_assert_true (g_file_get_contents (volunteers, &contents, NULL, NULL));
  lines = g_strsplit (contents + 3, "\r\n", -1);
  g_assert_cmpstr (lines[0], ==, "Volunteer id,Name,Skills,Weekly times,Shifts a month at most");
  g_assert_cmpuint (g_strv_length (lines), >=, 1 + 37 + 1);

  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (RUN (&out, &err, "export", "hours", hours, "--year", "2026"), ==, 0);
  g_assert_true (g_file_test (hours, G_FILE_TEST_IS_REGULAR));
}

/* The roster just generated, on paper: linli-cli print (tests/print reads
 * the sheets back with poppler). */
static void
test_print (void)
{
  g_autofree char *out = NULL, *err = NULL;
  g_autofree char *pdf = g_build_filename (dir, "roster.pdf", NULL);
  g_autofree char *members = g_build_filename (dir, "members.pdf", NULL);
  g_autofree char *contents = NULL;

  g_assert_cmpint (RUN (&out, &err, "print", "roster", "--team", "周三有约", "--from", "2026-03-02", "--weeks", "4",
                        "-o", pdf), ==, 0);
  g_assert_nonnull (strstr (out, "Wrote 1 page (1 sheets)"));
  g_assert_true (g_file_get_contents (pdf, &contents, NULL, NULL));
  g_assert_true (g_str_has_prefix (contents, "%PDF"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (RUN (&out, &err, "print", "team", "--team", "周三有约", "--large", "-o", members), ==, 0);
  g_assert_true (g_file_test (members, G_FILE_TEST_IS_REGULAR));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Weeks not generated yet: said so, nothing written. */
  g_assert_cmpint (RUN (&out, &err, "print", "roster", "--team", "周三有约", "--from", "2026-06-01",
                        "-o", pdf), ==, 1);
  g_assert_nonnull (strstr (err, "Generate its roster first"));
}

static void
test_squads (void)
{
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonArray *array;
  guint incomplete = 0;

  g_assert_cmpint (RUN (&out, &err, "squads"), ==, 0);
  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  array = json_node_get_array (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (array), ==, 2);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *o = json_array_get_object_element (array, i);
      JsonArray *lacks = json_object_get_array_member (o, "lacks");

      if (!json_object_get_boolean_member (o, "complete"))
        {
          incomplete++;
          g_assert_cmpstr (json_object_get_string_member (o, "building"), ==, "12");
          g_assert_cmpuint (json_array_get_length (lacks), ==, 2);
          g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (lacks, 0), "role"), ==, "sunk_cadre");
          g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (lacks, 1), "missing"), ==, 3);
        }
      else
        g_assert_cmpuint (json_array_get_length (lacks), ==, 0);
    }
  g_assert_cmpuint (incomplete, ==, 1);

  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (RUN (&out, &err, "squads", "--incomplete"), ==, 0);
  g_assert_nonnull (strstr (out, "12栋"));
  g_assert_null (strstr (out, "5栋"));
}

int
main (int argc, char *argv[])
{
  g_autoptr(GError) error = NULL;
  int ret;

  setlocale (LC_ALL, "C.UTF-8");
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  g_test_init (&argc, &argv, NULL);

  cli_path = g_build_filename (g_getenv ("LINLI_BUILD_ROOT"), "src", "cli", "linli-cli", NULL);
  dir = g_dir_make_tmp ("linli-roster-cli-XXXXXX", &error);
  g_assert_no_error (error);
  db_path = g_build_filename (dir, "community.db", NULL);
  {
    g_autoptr(LinliDb) db = linli_db_open (db_path, &error);
    g_autofree char *c = NULL, *team = NULL, *b12 = NULL, *b5 = NULL, *s12 = NULL, *s5 = NULL;

    g_assert_no_error (error);
    c = roster_fixture_community (db);
    team = roster_fixture_market (db, 37, 12, 11, "2026-01-07");
    b12 = roster_fixture_building (db, "12", 14, 3);
    b5 = roster_fixture_building (db, "5", 14, 3);
    s12 = roster_fixture_squad (db, b12, 6, TRUE, FALSE);
    s5 = roster_fixture_squad (db, b5, 9, TRUE, TRUE);
  }

  g_test_add_func ("/roster/cli/generate", test_generate);
  g_test_add_func ("/roster/cli/errors", test_errors);
  g_test_add_func ("/roster/cli/exports", test_exports);
  g_test_add_func ("/roster/cli/print", test_print);
  g_test_add_func ("/roster/cli/squads", test_squads);
  ret = g_test_run ();

  {
    g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
    const char *name;

    while (d && (name = g_dir_read_name (d)))
      {
        g_autofree char *p = g_build_filename (dir, name, NULL);
        g_remove (p);
      }
    g_rmdir (dir);
  }
  g_free (db_path);
  g_free (dir);
  g_free (cli_path);
  return ret;
}
