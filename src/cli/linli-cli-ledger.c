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
#include "linli-demo.h"
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
