/* linli-cli-import.c: import and export residents
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   linli-cli import residents FILE [--dry-run] [--skip-invalid] [--community ID] [--community-name NAME] [--timings]
 *   linli-cli export residents FILE [--full] [--community ID]
 */

#define G_LOG_DOMAIN "linli-cli"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <unistd.h>

#include "linli-cli-private.h"
#include "linli-db.h"
#include "linli-export.h"
#include "linli-format.h"
#include "linli-import.h"

static void
progress_cb (guint    done,
             guint    total,
             gpointer user_data)
{
  g_printerr ("\r%s %u / %u", _("Importing…"), done, total);
  if (done == total)
    g_printerr ("\n");
}

static char *
count (guint n)
{
  return linli_format_count (n);
}

/* --timings: where the time of an import goes, step by step, as
 * "   12.3 ms  read the file" (the benchmark reads these lines). */
typedef struct
{
  GString *out;
  gint64   since;
} Timings;

static void
timing (Timings    *t,
        const char *what)
{
  gint64 now = g_get_monotonic_time ();

  if (t->out != NULL)
    g_string_append_printf (t->out, "%9.1f ms  %s\n", (now - t->since) / 1000.0, what);
  t->since = now;
}

int
linli_cli_import (LinliCli  *cli,
                  int        argc,
                  char     **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(LinliImport) import = NULL;
  g_autoptr(LinliDb) db = NULL;
  g_auto(LinliImportResult) result = { 0 };
  g_autofree char *community = NULL;
  g_autofree char *community_name = NULL;
  g_autofree char *sheet_name = NULL;
  g_autofree char *sheets = NULL;
  g_autofree char *report = NULL;
  g_autofree char *mapping = NULL;
  g_autofree char *n_rows = NULL;
  g_autofree char *n_good = NULL;
  g_autofree char *n_bad = NULL;
  g_autofree char *n_warn = NULL;
  gboolean dry_run = FALSE, skip_invalid = FALSE, timings = FALSE;
  g_autoptr(GString) timings_out = NULL;
  Timings t = { NULL, 0 };
  LinliSheet *sheet;
  const GOptionEntry entries[] = {
    { "dry-run", 0, 0, G_OPTION_ARG_NONE, &dry_run, N_("Check the file and report, write nothing"), NULL },
    { "skip-invalid", 0, 0, G_OPTION_ARG_NONE, &skip_invalid, N_("Import the good rows and leave the bad ones out"), NULL },
    { "community", 0, 0, G_OPTION_ARG_STRING, &community, N_("The community to import into (default: the first)"), N_("ID") },
    { "community-name", 0, 0, G_OPTION_ARG_STRING, &community_name,
      N_("The name of the community to create when the file has none (default: the file’s name)"), N_("NAME") },
    { "sheet", 0, 0, G_OPTION_ARG_STRING, &sheet_name,
      N_("The sheet of the workbook to import (default: the first with a header row)"), N_("NAME") },
    { "timings", 0, 0, G_OPTION_ARG_NONE, &timings, N_("Print how long each step took"), NULL },
    { NULL }
  };

  context = g_option_context_new (_("residents FILE — import residents from an .xlsx or .csv ledger"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return linli_cli_usage_error ("import", error->message);
  if (argc != 3 || g_strcmp0 (argv[1], "residents") != 0)
    return linli_cli_usage_error ("import", _("usage: import residents FILE [--dry-run] [--skip-invalid] [--community ID] [--sheet NAME]"));

  if (timings)
    t.out = timings_out = g_string_new (NULL);
  t.since = g_get_monotonic_time ();

  /* The sheet asked for, or the first with a header and rows under it
   * (a workbook may open on 填表说明 or an empty template). */
  import = linli_import_new_for_file_sheet (argv[2], sheet_name, &error);
  timing (&t, _("read the file and find the columns"));
  if (import == NULL)
    {
      g_printerr (_("linli-cli import: %s\n"), error->message);
      return LINLI_CLI_FAILED;
    }

  sheet = linli_import_get_sheet (import);
  mapping = linli_import_mapping_describe (linli_import_get_mapping (import));
  if (sheet->encoding != NULL)
    g_print (_("Read “%s” (text in %s); the header is row %u. Columns:\n"), sheet->name, sheet->encoding,
             linli_import_mapping_get_header_row (linli_import_get_mapping (import)));
  else
    g_print (_("Read the sheet “%s”; the header is row %u. Columns:\n"), sheet->name,
             linli_import_mapping_get_header_row (linli_import_get_mapping (import)));
  g_print ("%s", mapping);
  sheets = linli_import_describe_sheets (import);
  if (sheets != NULL)
    g_print (_("%s Import the others one at a time with --sheet NAME.\n"), sheets);

  linli_import_validate (import);
  timing (&t, _("check the rows"));
  report = linli_import_format_report (import);
  g_print ("%s", report);

  n_rows = count (linli_import_get_n_records (import));
  n_good = count (linli_import_get_n_valid (import));
  n_bad = count (linli_import_get_n_invalid (import));
  n_warn = count (linli_import_get_n_warnings (import));
  g_print (_("%s rows of residents: %s good, %s with errors; %s warnings.\n"), n_rows, n_good, n_bad, n_warn);

  if (linli_import_get_n_invalid (import) > 0 && !skip_invalid)
    {
      g_printerr (_("linli-cli import: %s rows have errors, so nothing was imported. Correct them, or "
                    "import only the good rows with --skip-invalid.\n"), n_bad);
      return LINLI_CLI_FAILED;
    }
  if (linli_import_get_n_valid (import) == 0)
    {
      g_printerr (_("linli-cli import: there is no good row to import\n"));
      return LINLI_CLI_FAILED;
    }
  if (dry_run)
    {
      g_print (_("Dry run: nothing was written; %s residents would be imported.\n"), n_good);
      if (timings)
        g_print (_("Timings:\n%s"), timings_out->str);
      return LINLI_CLI_OK;
    }

  timing (&t, _("print the report"));
  db = linli_db_open (cli->db_path, &error);
  if (db == NULL)
    {
      g_printerr ("linli-cli import: %s\n", error->message);
      return LINLI_CLI_FAILED;
    }
  timing (&t, _("open the community file"));

  if (!linli_import_run (import, db, community, community_name,
                         skip_invalid ? LINLI_IMPORT_FLAGS_SKIP_INVALID : LINLI_IMPORT_FLAGS_NONE,
                         NULL, isatty (STDERR_FILENO) ? progress_cb : NULL, NULL, &result, &error))
    {
      g_printerr (_("linli-cli import: nothing was imported: %s\n"), error->message);
      return LINLI_CLI_FAILED;
    }
  for (guint i = 0; i < linli_import_get_n_timings (import); i++)
    {
      double ms = 0;
      const char *what = linli_import_get_timing (import, i, &ms);

      if (t.out != NULL)
        g_string_append_printf (t.out, "%9.1f ms  %s\n", ms, what);
    }
  t.since = g_get_monotonic_time ();

  {
    g_autofree char *name = linli_db_query_string (db, NULL, "SELECT name FROM community WHERE id = ?", "s",
                                                   result.community_id);
    g_autofree char *created = count (result.created);
    g_autofree char *updated = count (result.updated);
    g_autofree char *unchanged = count (result.unchanged);

    if (result.community_created)
      g_print (_("Created the community “%s”.\n"), name);
    g_print (_("Imported into “%s”: %s new residents, %s updated, %s unchanged.\n"),
             name, created, updated, unchanged);
    g_print (_("New: %u grids, %u compounds, %u buildings, %u units, %u households, %u tags.\n"),
             result.grids_created, result.compounds_created, result.buildings_created,
             result.units_created, result.households_created, result.tags_created);
    if (result.skipped > 0)
      g_print (_("%u rows with errors were left out.\n"), result.skipped);
  }

  if (timings)
    {
      /* Closing checkpoints the write-ahead log into the file. */
      g_clear_object (&db);
      timing (&t, _("close the community file"));
      g_print (_("Timings:\n%s"), timings_out->str);
    }

  return LINLI_CLI_OK;
}

/* `export residents FILE`, a kind of linli-cli-export.c: argv[1] is FILE. */
int
linli_cli_export_residents (LinliCli  *cli,
                            int        argc,
                            char     **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(LinliDb) db = NULL;
  g_autofree char *community = NULL;
  g_autofree char *n_text = NULL;
  gboolean full = FALSE;
  guint n = 0;
  const GOptionEntry entries[] = {
    { "full", 0, 0, G_OPTION_ARG_NONE, &full, N_("Write ID numbers and phones in full, not masked"), NULL },
    { "community", 0, 0, G_OPTION_ARG_STRING, &community, N_("Only this community (default: every one)"), N_("ID") },
    { NULL }
  };

  context = g_option_context_new (_("residents FILE — export residents to .xlsx or .csv"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return linli_cli_usage_error ("export", error->message);
  if (argc != 2)
    return linli_cli_usage_error ("export", _("usage: export residents FILE.xlsx|FILE.csv [--full]"));

  if (!g_file_test (cli->db_path, G_FILE_TEST_EXISTS))
    {
      g_printerr (_("linli-cli export: there is no community file at %s\n"), cli->db_path);
      return LINLI_CLI_FAILED;
    }
  db = linli_db_open (cli->db_path, &error);
  if (db == NULL || !linli_export_residents (db, community, argv[1],
                                             full ? LINLI_EXPORT_FLAGS_FULL : LINLI_EXPORT_FLAGS_NONE,
                                             &n, &error))
    {
      g_printerr ("linli-cli export: %s\n", error->message);
      return LINLI_CLI_FAILED;
    }

  n_text = count (n);
  g_print (full ? _("Exported %s residents to %s, with full ID numbers and phones.\n")
                : _("Exported %s residents to %s; ID numbers and phones are masked.\n"),
           n_text, argv[1]);
  return LINLI_CLI_OK;
}
