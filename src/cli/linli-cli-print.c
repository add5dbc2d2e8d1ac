/* linli-cli-print.c: linli-cli print — notice-board sheets to PDF
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "linli-cli"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "linli-cli-private.h"
#include "linli-db.h"
#include "linli-print-document.h"
#include "linli-print-sheet.h"
#include "linli-roster-time.h"

static char *
describe_kinds (void)
{
  GString *s = g_string_new (_("Kinds of sheet:"));
  const LinliSheetKind **kinds;
  guint n_kinds;

  g_string_append_c (s, '\n');
  kinds = linli_sheet_kind_list (&n_kinds);
  for (guint i = 0; i < n_kinds; i++)
    g_string_append_printf (s, "  %-12s %s\n", kinds[i]->name, _(kinds[i]->description));
  g_string_append (s, _("Buildings are named by their number (12, A3), grids by number or name, "
                        "compounds and teams by name."));
  return g_string_free (s, FALSE);
}

/**
 * linli_cli_print:
 *
 * linli-cli print KIND [--building B [--unit U] | --grid G | --compound C | --all |
 *   --team T [--from YYYY-MM-DD] [--weeks N]]
 *   [--paper a4|a3] [--landscape] [--large] [--red-band] [--date YYYY-MM-DD] -o FILE.pdf
 */
int
linli_cli_print (LinliCli  *cli,
                 int        argc,
                 char     **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(LinliDb) db = NULL;
  g_autoptr(LinliSheetRequest) req = NULL;
  g_autoptr(LinliPrintDocument) doc = NULL;
  g_autofree char *building = NULL;
  g_autofree char *unit = NULL;
  g_autofree char *grid = NULL;
  g_autofree char *compound = NULL;
  g_autofree char *paper = NULL;
  g_autofree char *output = NULL;
  g_autofree char *date = NULL;
  g_autofree char *description = NULL;
  g_autofree char *compound_id = NULL;
  g_autofree char *team = NULL;
  g_autofree char *from = NULL;
  int weeks = G_MININT;  /* not given */
  gboolean all = FALSE, landscape = FALSE, large = FALSE, red_band = FALSE;
  guint n_scopes;
  const LinliSheetKind *kind;
  const GOptionEntry entries[] = {
    { "building", 0, 0, G_OPTION_ARG_STRING, &building, N_("The building, by its number"), N_("NUMBER") },
    { "unit", 0, 0, G_OPTION_ARG_STRING, &unit, N_("One unit of the building (squad sheets)"), N_("NUMBER") },
    { "grid", 0, 0, G_OPTION_ARG_STRING, &grid, N_("The grid, by number or name"), N_("GRID") },
    { "compound", 0, 0, G_OPTION_ARG_STRING, &compound, N_("The compound, by name"), N_("NAME") },
    { "all", 0, 0, G_OPTION_ARG_NONE, &all, N_("Everything in the community file"), NULL },
    { "team", 0, 0, G_OPTION_ARG_STRING, &team, N_("The team, by name (duty rosters, member sheets)"), N_("NAME") },
    { "from", 0, 0, G_OPTION_ARG_STRING, &from, N_("The first day of a duty roster (default: this week’s Monday)"), N_("YYYY-MM-DD") },
    { "weeks", 0, 0, G_OPTION_ARG_INT, &weeks, N_("How many weeks a duty roster covers (default: 1)"), N_("N") },
    { "paper", 0, 0, G_OPTION_ARG_STRING, &paper, N_("Paper size: a4 (default) or a3"), N_("SIZE") },
    { "landscape", 0, 0, G_OPTION_ARG_NONE, &landscape, N_("Turn the paper sideways"), NULL },
    { "large", 0, 0, G_OPTION_ARG_NONE, &large, N_("Large print, for elderly readers"), NULL },
    { "red-band", 0, 0, G_OPTION_ARG_NONE, &red_band, N_("The red title band of official notices"), NULL },
    { "date", 0, 0, G_OPTION_ARG_STRING, &date, N_("The date on the sheets (default: today)"), N_("YYYY-MM-DD") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("The PDF to write"), N_("FILE.pdf") },
    { NULL }
  };

  context = g_option_context_new (_("KIND — print notice-board sheets to PDF"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  description = describe_kinds ();
  g_option_context_set_description (context, description);

  if (!g_option_context_parse (context, &argc, &argv, &error))
    return linli_cli_usage_error ("print", error->message);

  if (argc != 2)
    return linli_cli_usage_error ("print", argc < 2 ? _("say which kind of sheet to print")
                                                    : _("print one kind of sheet at a time"));

  kind = linli_sheet_kind_lookup (argv[1]);
  if (kind == NULL)
    {
      g_autofree char *msg = g_strdup_printf (_("no kind of sheet is called “%s”; see “linli-cli print --help”"),
                                              argv[1]);
      return linli_cli_usage_error ("print", msg);
    }

  if (output == NULL)
    return linli_cli_usage_error ("print", _("say where to write the PDF with -o FILE.pdf"));

  n_scopes = (building != NULL) + (grid != NULL) + all + (compound != NULL && building == NULL) + (team != NULL);
  if (n_scopes == 0 && kind->scopes == LINLI_SCOPE_MASK (LINLI_SCOPE_TEAM))
    return linli_cli_usage_error ("print", _("say which team with --team NAME"));
  if (n_scopes == 0)
    return linli_cli_usage_error ("print", _("say what to print: --building, --grid, --compound or --all"));
  if (n_scopes > 1)
    return linli_cli_usage_error ("print", _("give only one of --building, --grid, --compound, --all and --team"));
  if (team != NULL && (kind->scopes & LINLI_SCOPE_MASK (LINLI_SCOPE_TEAM)) == 0)
    {
      g_autofree char *msg = g_strdup_printf (_("%s cannot be made for a %s"), _(kind->label),
                                              linli_sheet_scope_describe (LINLI_SCOPE_TEAM));
      return linli_cli_usage_error ("print", msg);
    }
  if ((from != NULL || weeks != G_MININT) && !g_str_equal (kind->name, "roster"))
    return linli_cli_usage_error ("print", _("--from and --weeks are for duty rosters (print roster)"));
  if (weeks != G_MININT && (weeks < 1 || weeks > 156))
    return linli_cli_usage_error ("print", _("--weeks must be between 1 and 156"));
  if (from != NULL && linli_roster_parse_date (from) == 0)
    {
      g_autofree char *msg = g_strdup_printf (_("--from: “%s” is not a date (YYYY-MM-DD)"), from);

      return linli_cli_usage_error ("print", msg);
    }
  if (unit != NULL && building == NULL)
    return linli_cli_usage_error ("print", _("--unit needs --building"));

  if (paper != NULL && g_ascii_strcasecmp (paper, "a4") != 0 && g_ascii_strcasecmp (paper, "a3") != 0)
    {
      g_autofree char *msg = g_strdup_printf (_("paper “%s” is not a4 or a3"), paper);
      return linli_cli_usage_error ("print", msg);
    }

  if (!g_file_test (cli->db_path, G_FILE_TEST_IS_REGULAR))
    {
      g_printerr (_("linli-cli print: no community file at %s\n"), cli->db_path);
      return LINLI_CLI_FAILED;
    }
  db = linli_db_open (cli->db_path, &error);
  if (db == NULL)
    {
      g_printerr ("linli-cli print: %s: %s\n", cli->db_path, error->message);
      return LINLI_CLI_FAILED;
    }

  req = linli_sheet_request_new (kind->name, LINLI_SCOPE_ALL, NULL);
  if (compound != NULL)
    {
      compound_id = linli_print_find_compound (db, compound, &error);
      if (compound_id == NULL)
        goto failed;
      req->scope = LINLI_SCOPE_COMPOUND;
      req->scope_id = g_strdup (compound_id);
    }
  if (building != NULL)
    {
      g_autofree char *id = linli_print_find_building (db, compound_id, building, &error);

      if (id == NULL)
        goto failed;
      g_free (req->scope_id);
      req->scope = LINLI_SCOPE_BUILDING;
      req->scope_id = g_steal_pointer (&id);

      if (unit != NULL)
        {
          g_autofree char *unit_id = linli_db_query_string (db, NULL,
                                                            "SELECT id FROM unit WHERE deleted = 0 AND building_id = ? "
                                                            "AND (CAST(number AS TEXT) = ? OR name = ?) ORDER BY rowid LIMIT 1",
                                                            "sss", req->scope_id, unit, unit);
          if (unit_id == NULL)
            {
              g_set_error (&error, LINLI_PRINT_ERROR, LINLI_PRINT_ERROR_NOT_FOUND,
                           _("Building %s has no unit “%s”"), building, unit);
              goto failed;
            }
          g_free (req->scope_id);
          req->scope = LINLI_SCOPE_UNIT;
          req->scope_id = g_steal_pointer (&unit_id);
        }
    }
  if (grid != NULL)
    {
      req->scope = LINLI_SCOPE_GRID;
      req->scope_id = linli_print_find_grid (db, grid, &error);
      if (req->scope_id == NULL)
        goto failed;
    }
  if (team != NULL)
    {
      req->scope = LINLI_SCOPE_TEAM;
      req->scope_id = linli_cli_find_team (db, team, &error);
      if (req->scope_id == NULL)
        goto failed;
    }

  req->paper = paper != NULL && g_ascii_strcasecmp (paper, "a3") == 0 ? LINLI_PAPER_A3 : LINLI_PAPER_A4;
  req->landscape = landscape;
  req->large_print = large;
  req->red_band = red_band;
  req->date = g_strdup (date);
  req->from = g_strdup (from);
  req->weeks = weeks != G_MININT ? (guint) weeks : 1;

  doc = linli_print_document_new_for_kind (db, kind, req, &error);
  if (doc == NULL)
    goto failed;

  if (!linli_print_document_write_pdf (doc, output, NULL, NULL, NULL, &error))
    goto failed;

  g_print (g_dngettext (GETTEXT_PACKAGE, "Wrote %u page (%u sheets) to %s\n",
                        "Wrote %u pages (%u sheets) to %s\n",
                        linli_print_document_get_n_pages (doc)),
           linli_print_document_get_n_pages (doc), linli_print_document_get_n_sheets (doc), output);
  return LINLI_CLI_OK;

failed:
  g_printerr ("linli-cli print: %s\n", error->message);
  if (g_error_matches (error, LINLI_PRINT_ERROR, LINLI_PRINT_ERROR_BAD_SCOPE))
    return LINLI_CLI_USAGE;
  return LINLI_CLI_FAILED;
}
