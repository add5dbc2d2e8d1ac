/* linli-cli.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The headless face of Linli: scripts, bulk printing and tests. Each
 * command lives in its own linli-cli-*.c and is listed in commands[].
 */

#define G_LOG_DOMAIN "linli-cli"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "linli-core.h"
#include "linli-cli.h"
#include "linli-cli-private.h"
#include "linli-cli-sync.h"

static const LinliCliCommand commands[] = {
  { "init", "--name NAME [--street S] [--district D]", N_("Create a new community in the database"), linli_cli_init },
  { "demo", "[--scale small|seed|city] [--seed N]", N_("Add a demo community, the same for the same seed"), linli_cli_demo },
  { "stats", "", N_("Print the counts of every kind of record as JSON"), linli_cli_stats },
  { "check", "[--repair-search]", N_("Check the database’s integrity and references"), linli_cli_check },
  { "search", "TEXT [--json]", N_("Search residents, households, buildings, volunteers, projects, meetings"), linli_cli_search },
  { "backup", "[DEST]", N_("Copy the database, consistent, while it is in use"), linli_cli_backup },
  { "restore", "SRC", N_("Replace the database by a backup (the replaced file is kept)"), linli_cli_restore },
  { "import", "residents FILE [--dry-run] [--skip-invalid] [--community ID] [--timings]",
    N_("Import residents from an .xlsx or .csv ledger"), linli_cli_import },
  { "export", "KIND FILE [OPTIONS…]", N_("Write records to a file; “export” alone lists the kinds"), linli_cli_export },
  { "roster", "generate --team NAME [--from DATE] [--weeks N]", N_("Make a team’s shifts and fill them fairly"), linli_cli_roster },
  { "squads", "[--community ID] [--incomplete]", N_("Every 119 squad as JSON: complete or not, and what it lacks"), linli_cli_squads },
  { "print", "KIND [--building B | --grid G | --compound C | --all | --team T] -o FILE.pdf",
    N_("Print notice-board sheets to PDF"), linli_cli_print },
  { "enrol", "--server URL --code CODE [--insecure]",
    N_("Enrol this file with the street office’s sync server"), linli_cli_enrol },
  { "sync", "[--status] [--insecure]",
    N_("Send this computer’s changes and receive the others’"), linli_cli_sync },
  { NULL, NULL, NULL, NULL }
};

int
linli_cli_usage_error (const char *command,
                       const char *message)
{
  g_printerr ("linli-cli %s: %s\n", command, message);
  g_printerr (_("Run “linli-cli --help” for the list of commands.\n"));
  return LINLI_CLI_USAGE;
}

static char *
describe_commands (void)
{
  GString *s = g_string_new (_("Commands:"));

  g_string_append_c (s, '\n');
  for (guint i = 0; commands[i].name != NULL; i++)
    {
      g_autofree char *head = g_strdup_printf ("%s %s", commands[i].name, commands[i].synopsis);

      g_string_append_printf (s, "  %-44s %s\n", head, _(commands[i].summary));
    }
  if (commands[0].name == NULL)
    g_string_append_printf (s, "  %s\n", _("(none yet)"));

  return g_string_free (s, FALSE);
}

static char *
default_db_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "linli", "linli.db", NULL);
}

int
linli_cli_main (int    argc,
                char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *db_path = NULL;
  g_autofree char *description = NULL;
  gboolean version = FALSE;
  LinliCli cli = { 0 };
  const GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_path,
      N_("The community database (default: the application’s own)"), N_("PATH") },
    { "version", 0, 0, G_OPTION_ARG_NONE, &version,
      N_("Print the version and exit"), NULL },
    { NULL }
  };

  setlocale (LC_ALL, "");
  linli_core_init ();
  textdomain (GETTEXT_PACKAGE);

  context = g_option_context_new (_("COMMAND [ARGUMENTS…] — the community ledger from the command line"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  /* Options after the command belong to the command. */
  g_option_context_set_strict_posix (context, TRUE);
  description = describe_commands ();
  g_option_context_set_description (context, description);

  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("linli-cli: %s\n", error->message);
      return LINLI_CLI_USAGE;
    }

  if (version)
    {
      g_print ("linli-cli %s\n", linli_core_get_version ());
      return LINLI_CLI_OK;
    }

  if (argc < 2)
    {
      g_autofree char *help = g_option_context_get_help (context, TRUE, NULL);

      g_printerr ("%s", help);
      return LINLI_CLI_USAGE;
    }

  cli.db_path = db_path ? g_steal_pointer (&db_path) : default_db_path ();

  for (guint i = 0; commands[i].name != NULL; i++)
    {
      if (g_str_equal (commands[i].name, argv[1]))
        {
          int ret = commands[i].func (&cli, argc - 1, argv + 1);

          g_free (cli.db_path);
          return ret;
        }
    }

  g_free (cli.db_path);
  {
    g_autofree char *msg = g_strdup_printf (_("unknown command “%s”"), argv[1]);
    return linli_cli_usage_error (argv[1], msg);
  }
}
