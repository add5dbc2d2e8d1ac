/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib.h>
#include <json-glib/json-glib.h>
#include <locale.h>
#include <string.h>
#include <sys/wait.h>

static char *cli_path;

static int
run_cli (const char *const *args,
         char              **out,
         char              **err)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  int status = -1;

  g_ptr_array_add (argv, cli_path);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);

  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                out, err, &status, &error);
  g_assert_no_error (error);

  return WIFEXITED (status) ? WEXITSTATUS (status) : -1;
}

static void
test_version (void)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (run_cli ((const char *[]) { "--version", NULL }, &out, &err), ==, 0);
  g_assert_true (g_str_has_prefix (out, "linli-cli " PACKAGE_VERSION));
}

static void
test_help (void)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (run_cli ((const char *[]) { "--help", NULL }, &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, "--db"));
  g_assert_nonnull (strstr (out, "Commands:"));
}

static void
test_unknown_command (void)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (run_cli ((const char *[]) { "no-such-command", NULL }, &out, &err), ==, 2);
  g_assert_nonnull (strstr (err, "no-such-command"));
}

static char *
tmp_db (const char *name)
{
  static char *dir;

  if (dir == NULL)
    dir = g_dir_make_tmp ("linli-test-cli-XXXXXX", NULL);
  return g_build_filename (dir, name, NULL);
}

static int
run_db (const char        *db,
        char             **out,
        char             **err,
        const char *const *args)
{
  g_autoptr(GPtrArray) all = g_ptr_array_new ();

  g_free (*out);
  g_free (*err);
  *out = *err = NULL;
  g_ptr_array_add (all, (char *) "--db");
  g_ptr_array_add (all, (char *) db);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (all, (char *) args[i]);
  g_ptr_array_add (all, NULL);
  return run_cli ((const char *const *) all->pdata, out, err);
}

static void
test_ledger_commands (void)
{
  g_autofree char *db = tmp_db ("cli.db");
  g_autofree char *backup = tmp_db ("cli-backup.db");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *stats;

#define RUN(...) run_db (db, &out, &err, (const char *[]) { __VA_ARGS__, NULL })

  g_assert_cmpint (RUN ("init"), ==, 2);
  g_assert_nonnull (strstr (err, "--name"));
  g_assert_cmpint (RUN ("init", "--name", "青和社区", "--street", "工人村街道"), ==, 0);
  g_assert_cmpuint (strlen (g_strstrip (out)), ==, 36);
  g_assert_cmpint (RUN ("demo", "--scale", "town"), ==, 2);
  g_assert_cmpint (RUN ("demo", "--scale", "small", "--date", "2026-11-23"), ==, 0);

  g_assert_cmpint (RUN ("stats"), ==, 0);
  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  stats = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpint (json_object_get_int_member (stats, "communities"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (stats, "households"), ==, 531);
  g_assert_cmpint (json_object_get_int_member (stats, "buildings"), ==, 6);
  g_assert_cmpint (json_object_get_int_member (stats, "projects"), ==, 20);
  g_assert_true (json_object_has_member (stats, "volunteers"));
  g_assert_true (json_object_has_member (stats, "meetings"));

  g_assert_cmpint (RUN ("check"), ==, 0);
  g_assert_cmpstr (g_strstrip (out), ==, "ok");

  g_assert_cmpint (RUN ("search", "2-1-101"), ==, 0);
  g_assert_nonnull (strstr (out, "2栋1单元101"));
  g_assert_cmpint (RUN ("search", "--json", "童趣乐园"), ==, 0);
  g_assert_nonnull (strstr (out, "\"project\""));

  g_assert_cmpint (RUN ("backup", backup), ==, 0);
  g_assert_true (g_file_test (backup, G_FILE_TEST_EXISTS));
  g_assert_cmpint (RUN ("restore", backup), ==, 0);
  g_assert_cmpint (RUN ("check"), ==, 0);
  g_assert_cmpint (RUN ("restore", "/nonexistent/backup.db"), ==, 1);
  g_assert_cmpint (RUN ("check"), ==, 0);
#undef RUN
}

static void
test_check_missing (void)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (run_cli ((const char *[]) { "--db", "/nonexistent/linli.db", "check", NULL }, &out, &err), ==, 1);
  g_assert_nonnull (strstr (err, "/nonexistent/linli.db"));
}

int
main (int argc, char *argv[])
{
  g_autofree char *dir = NULL;

  setlocale (LC_ALL, "C.UTF-8");
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  g_test_init (&argc, &argv, NULL);

  cli_path = g_build_filename (g_getenv ("LINLI_BUILD_ROOT"), "src", "cli", "linli-cli", NULL);

  g_test_add_func ("/cli/version", test_version);
  g_test_add_func ("/cli/help", test_help);
  g_test_add_func ("/cli/unknown-command", test_unknown_command);
  g_test_add_func ("/cli/ledger-commands", test_ledger_commands);
  g_test_add_func ("/cli/check-missing", test_check_missing);

  {
    int ret = g_test_run ();
    g_free (cli_path);
    return ret;
  }
}
