/* linli-cli-ledger.c: init, demo, stats, check
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "linli-cli"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "linli-cli-private.h"
#include "linli-db.h"
#include "linli-backup.h"
#include "linli-demo.h"
#include "linli-search.h"
#include "linli-stats.h"

LinliDb *
linli_cli_open_db (LinliCli  *cli,
                   GError   **error)
{
  return linli_db_open (cli->db_path, error);
}

int
linli_cli_fail (const char   *command,
                const GError *error)
{
  g_printerr ("linli-cli %s: %s\n", command, error ? error->message : _("failed"));
  return LINLI_CLI_FAILED;
}

static gboolean
parse_options (const char    *command,
               const char    *parameter,
               GOptionEntry  *entries,
               int           *argc,
               char        ***argv,
               int            min_args,
               int            max_args,
               int           *status)
{
  g_autoptr(GOptionContext) context = g_option_context_new (parameter);
  g_autoptr(GError) error = NULL;

  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, argc, argv, &error))
    {
      *status = linli_cli_usage_error (command, error->message);
      return FALSE;
    }
  if (*argc - 1 < min_args || (max_args >= 0 && *argc - 1 > max_args))
    {
      *status = linli_cli_usage_error (command, _("wrong number of arguments"));
      return FALSE;
    }
  return TRUE;
}

gboolean
linli_cli_parse (const char    *command,
                 const char    *parameter,
                 GOptionEntry  *entries,
                 int           *argc,
                 char        ***argv,
                 int            min_args,
                 int            max_args,
                 int           *status)
{
  return parse_options (command, parameter, entries, argc, argv, min_args, max_args, status);
}

int
linli_cli_init (LinliCli  *cli,
                int        argc,
                char     **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LinliDb) db = NULL;
  g_autofree char *id = linli_new_id ();
  g_autofree char *name = NULL;
  g_autofree char *street = NULL;
  g_autofree char *district = NULL;
  g_autofree char *city = NULL;
  int status = 0;
  GOptionEntry entries[] = {
    { "name", 0, 0, G_OPTION_ARG_STRING, &name, N_("The community’s name, e.g. 青和社区"), N_("NAME") },
    { "street", 0, 0, G_OPTION_ARG_STRING, &street, N_("Its street office (街道)"), N_("STREET") },
    { "district", 0, 0, G_OPTION_ARG_STRING, &district, N_("Its district (区)"), N_("DISTRICT") },
    { "city", 0, 0, G_OPTION_ARG_STRING, &city, N_("Its city"), N_("CITY") },
    { NULL }
  };

  if (!parse_options ("init", "", entries, &argc, &argv, 0, 0, &status))
    return status;
  if (name == NULL || *g_strstrip (name) == '\0')
    return linli_cli_usage_error ("init", _("--name is required"));

  db = linli_cli_open_db (cli, &error);
  if (db == NULL)
    return linli_cli_fail ("init", error);

  if (!linli_db_insert_with_id (db, &error, "community", id, "community_id,name,street,district,city",
                                "sssss", id, name, street, district, city))
    return linli_cli_fail ("init", error);

  g_print ("%s\n", id);
  return LINLI_CLI_OK;
}

static void
demo_progress (double   fraction,
               gpointer user_data)
{
  if (isatty (fileno (stderr)))
    g_printerr ("\r%3.0f%%", fraction * 100);
}

int
linli_cli_demo (LinliCli  *cli,
                int        argc,
                char     **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LinliDb) db = NULL;
  g_autofree char *scale_name = NULL;
  g_autofree char *date = NULL;
  gint seed = 20230812;
  LinliDemoScale scale = LINLI_DEMO_SEED;
  GDate today;
  gint64 start;
  int status = 0;
  GOptionEntry entries[] = {
    { "scale", 0, 0, G_OPTION_ARG_STRING, &scale_name, N_("small, seed (the default) or city"), N_("SCALE") },
    { "seed", 0, 0, G_OPTION_ARG_INT, &seed, N_("The seed of the generator"), N_("N") },
    { "date", 0, 0, G_OPTION_ARG_STRING, &date, N_("The day the demo is made for (default: today)"), N_("YYYY-MM-DD") },
    { NULL }
  };

  if (!parse_options ("demo", "", entries, &argc, &argv, 0, 0, &status))
    return status;
  if (scale_name != NULL && !linli_demo_parse_scale (scale_name, &scale))
    return linli_cli_usage_error ("demo", _("the scale is small, seed or city"));

  g_date_clear (&today, 1);
  if (date != NULL)
    {
      g_date_set_parse (&today, date);
      if (!g_date_valid (&today))
        return linli_cli_usage_error ("demo", _("the date is written YYYY-MM-DD"));
    }

  db = linli_cli_open_db (cli, &error);
  if (db == NULL)
    return linli_cli_fail ("demo", error);

  start = g_get_monotonic_time ();
  if (!linli_demo_generate (db, scale, (guint32) seed, date ? &today : NULL, demo_progress, NULL, &error))
    return linli_cli_fail ("demo", error);
  if (isatty (fileno (stderr)))
    g_printerr ("\r");
  g_printerr (_("Demo community created in %.1f s\n"), (g_get_monotonic_time () - start) / 1e6);

  return LINLI_CLI_OK;
}

int
linli_cli_stats (LinliCli  *cli,
                 int        argc,
                 char     **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LinliDb) db = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *json = NULL;
  int status = 0;
  GOptionEntry entries[] = { { NULL } };

  if (!parse_options ("stats", "", entries, &argc, &argv, 0, 0, &status))
    return status;

  db = linli_cli_open_db (cli, &error);
  if (db == NULL)
    return linli_cli_fail ("stats", error);

  node = linli_stats_counts (db, NULL, &error);
  if (node == NULL)
    return linli_cli_fail ("stats", error);

  json = json_to_string (node, TRUE);
  g_print ("%s\n", json);
  return LINLI_CLI_OK;
}

int
linli_cli_check (LinliCli  *cli,
                 int        argc,
                 char     **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LinliDb) db = NULL;
  g_autoptr(GString) report = g_string_new (NULL);
  gboolean repair = FALSE;
  int status = 0;
  GOptionEntry entries[] = {
    { "repair-search", 0, 0, G_OPTION_ARG_NONE, &repair, N_("Rebuild the search index"), NULL },
    { NULL }
  };

  if (!parse_options ("check", "", entries, &argc, &argv, 0, 0, &status))
    return status;

  if (!g_file_test (cli->db_path, G_FILE_TEST_EXISTS))
    {
      g_printerr (_("linli-cli check: %s does not exist\n"), cli->db_path);
      return LINLI_CLI_FAILED;
    }

  db = linli_cli_open_db (cli, &error);
  if (db == NULL)
    return linli_cli_fail ("check", error);

  if (repair && !linli_db_rebuild_search (db, &error))
    return linli_cli_fail ("check", error);

  if (!linli_db_check (db, report, &error))
    {
      if (error != NULL)
        return linli_cli_fail ("check", error);
      g_print ("%s", report->str);
      return LINLI_CLI_FAILED;
    }

  g_print ("%s", report->str);
  return LINLI_CLI_OK;
}

int
linli_cli_search (LinliCli  *cli,
                  int        argc,
                  char     **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LinliDb) db = NULL;
  g_autoptr(GPtrArray) hits = NULL;
  g_autofree char *text = NULL;
  g_autofree char *community = NULL;
  gboolean json = FALSE;
  int limit = 50;
  int status = 0;
  int last_group = -1;
  GOptionEntry entries[] = {
    { "community", 0, 0, G_OPTION_ARG_STRING, &community, N_("Search one community only"), N_("ID") },
    { "limit", 0, 0, G_OPTION_ARG_INT, &limit, N_("The most records to show"), N_("N") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL }
  };

  if (!parse_options ("search", _("TEXT"), entries, &argc, &argv, 1, -1, &status))
    return status;

  text = g_strjoinv (" ", argv + 1);
  db = linli_cli_open_db (cli, &error);
  if (db == NULL)
    return linli_cli_fail ("search", error);

  hits = linli_search (db, community, text, (guint) MAX (limit, 1), &error);
  if (hits == NULL)
    return linli_cli_fail ("search", error);

  if (json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;
      g_autofree char *out = NULL;

      json_builder_begin_array (b);
      for (guint i = 0; i < hits->len; i++)
        {
          LinliSearchHit *hit = hits->pdata[i];

          json_builder_begin_object (b);
          json_builder_set_member_name (b, "table");
          json_builder_add_string_value (b, hit->table);
          json_builder_set_member_name (b, "id");
          json_builder_add_string_value (b, hit->id);
          json_builder_set_member_name (b, "title");
          json_builder_add_string_value (b, hit->title);
          json_builder_set_member_name (b, "subtitle");
          json_builder_add_string_value (b, hit->subtitle);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      root = json_builder_get_root (b);
      out = json_to_string (root, TRUE);
      g_print ("%s\n", out);
      return LINLI_CLI_OK;
    }

  if (hits->len == 0)
    {
      g_print (_("Nothing found for “%s”\n"), text);
      return LINLI_CLI_OK;
    }

  for (guint i = 0; i < hits->len; i++)
    {
      LinliSearchHit *hit = hits->pdata[i];

      if ((int) hit->group != last_group)
        {
          g_print ("%s%s\n", last_group >= 0 ? "\n" : "", linli_search_group_label (hit->group));
          last_group = hit->group;
        }
      g_print ("  %s  %s\n", hit->title, hit->subtitle ? hit->subtitle : "");
    }
  return LINLI_CLI_OK;
}

int
linli_cli_backup (LinliCli  *cli,
                  int        argc,
                  char     **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LinliDb) db = NULL;
  g_autofree char *dest = NULL;
  int status = 0;
  GOptionEntry entries[] = { { NULL } };

  if (!parse_options ("backup", _("[DEST]"), entries, &argc, &argv, 0, 1, &status))
    return status;

  db = linli_cli_open_db (cli, &error);
  if (db == NULL)
    return linli_cli_fail ("backup", error);

  if (argc > 1)
    dest = g_strdup (argv[1]);
  else
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();
      g_autofree char *dir = linli_db_get_files_dir (db, "backups");
      g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");
      g_autofree char *name = g_strdup_printf ("manual-%s.db", stamp);

      dest = g_build_filename (dir, name, NULL);
    }

  if (!linli_backup_to (db, dest, &error))
    return linli_cli_fail ("backup", error);

  g_print ("%s\n", dest);
  return LINLI_CLI_OK;
}

int
linli_cli_restore (LinliCli  *cli,
                   int        argc,
                   char     **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *copy = NULL;
  int status = 0;
  GOptionEntry entries[] = { { NULL } };

  if (!parse_options ("restore", _("SRC"), entries, &argc, &argv, 1, 1, &status))
    return status;

  if (!linli_restore (cli->db_path, argv[1], &copy, &error))
    return linli_cli_fail ("restore", error);

  g_print (_("Restored %s. The file it replaced was kept as %s\n"), argv[1], copy);
  return LINLI_CLI_OK;
}
