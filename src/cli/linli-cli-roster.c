/* linli-cli-roster.c: roster generate, squads, export roster|volunteers|hours
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "linli-cli"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "linli-cli-private.h"
#include "linli-db.h"
#include "linli-format.h"
#include "linli-hours.h"
#include "linli-roster.h"
#include "linli-roster-time.h"
#include "linli-team.h"

/**
 * linli_cli_find_team:
 * @name: a team's name, or its id
 *
 * A name several communities of the file share must be given as an id.
 *
 * Returns: (transfer full) (nullable): the team's id, or %NULL with an
 *   error that says which teams there are
 */
char *
linli_cli_find_team (LinliDb     *db,
                     const char  *name,
                     GError     **error)
{
  g_autoptr(LinliQuery) q = linli_db_query (db, error,
                                            "SELECT t.id, c.name FROM team t JOIN community c ON c.id = t.community_id "
                                            "WHERE (t.name = ?1 OR t.id = ?1) AND t.deleted = 0 ORDER BY t._hlc",
                                            "s", name);
  g_autoptr(GString) where = g_string_new (NULL);
  g_autofree char *id = NULL;
  GError *local_error = NULL;
  guint n = 0;

  if (q == NULL)
    return NULL;
  while (linli_query_next (q, &local_error))
    {
      if (n++ == 0)
        id = linli_query_dup_string (q, 0);
      g_string_append_printf (where, "\n  %s  (%s)", linli_query_get_string (q, 0), linli_query_get_string (q, 1));
    }
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return NULL;
    }
  if (n == 0)
    {
      g_autoptr(GString) known = g_string_new (NULL);
      g_autoptr(LinliQuery) teams = NULL;
      guint k = 0;

      /* Teams with rosters first, the many groups of the grids and the
       * 119 squads of the buildings last. */
      teams = linli_db_query (db, NULL, "SELECT t.name FROM team t WHERE t.deleted = 0 "
                              "ORDER BY NOT EXISTS (SELECT 1 FROM shift_pattern p WHERE p.team_id = t.id "
                              "AND p.deleted = 0), t.scope != 'community', t._hlc LIMIT 13", NULL);
      while (teams != NULL && linli_query_next (teams, NULL))
        {
          if (k++ == 12)
            {
              g_string_append_printf (known, "%s…", C_("list separator", ", "));
              break;
            }
          if (known->len > 0)
            g_string_append (known, C_("list separator", ", "));
          g_string_append (known, linli_query_get_string (teams, 0));
        }
      if (k == 0)
        g_string_append (known, _("none"));
      g_set_error (error, LINLI_DB_ERROR, LINLI_DB_ERROR_NOT_FOUND, _("No team is called “%s” (teams: %s)"),
                   name, known->str);
      return NULL;
    }
  if (n > 1)
    {
      g_set_error (error, LINLI_DB_ERROR, LINLI_DB_ERROR_INVALID,
                   _("%u teams are called “%s”; give the id of one:%s"), n, name, where->str);
      return NULL;
    }
  return g_steal_pointer (&id);
}

static int
roster_generate (LinliCli  *cli,
                 int        argc,
                 char     **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LinliDb) db = NULL;
  g_autoptr(LinliRosterReport) report = NULL;
  g_autofree char *team = NULL, *team_id = NULL, *from = NULL, *to = NULL, *name = NULL;
  int weeks = 4;
  int status = 0;
  guint32 from_jd;
  GOptionEntry entries[] = {
    { "team", 0, 0, G_OPTION_ARG_STRING, &team, N_("The team, by name or id"), N_("NAME") },
    { "from", 0, 0, G_OPTION_ARG_STRING, &from, N_("The first date (default: this week’s Monday)"), N_("DATE") },
    { "weeks", 0, 0, G_OPTION_ARG_INT, &weeks, N_("How many weeks (default: 4)"), N_("N") },
    { NULL }
  };

  if (!linli_cli_parse ("roster generate", "", entries, &argc, &argv, 0, 0, &status))
    return status;
  if (team == NULL)
    return linli_cli_usage_error ("roster generate", _("--team is needed"));
  if (weeks < 1 || weeks > 156)
    return linli_cli_usage_error ("roster generate", _("--weeks must be between 1 and 156"));
  from_jd = from ? linli_roster_parse_date (from) : linli_roster_week_start (linli_roster_today ());
  if (from_jd == 0)
    {
      g_autofree char *msg = g_strdup_printf (_("--from: “%s” is not a date (YYYY-MM-DD)"), from);

      return linli_cli_usage_error ("roster generate", msg);
    }
  g_free (from);
  from = linli_roster_format_date (from_jd);
  to = linli_roster_format_date (from_jd + 7 * (guint32) weeks - 1);

  db = linli_cli_open_db (cli, &error);
  if (db == NULL)
    return linli_cli_fail ("roster generate", error);
  team_id = linli_cli_find_team (db, team, &error);
  if (team_id == NULL)
    return linli_cli_fail ("roster generate", error);
  name = linli_db_query_string (db, NULL, "SELECT name FROM team WHERE id = ?", "s", team_id);

  report = linli_roster_generate (db, team_id, from, to, &error);
  if (report == NULL)
    return linli_cli_fail ("roster generate", error);

  /* Translators: team, first and last date, then counts */
  g_print (_("%s, %s to %s: %u shifts (%u new), %u of %u places filled, %u kept as placed by hand or checked in\n"),
           name, from, to, report->n_shifts, report->n_new_shifts, report->n_filled, report->n_places, report->n_kept);
  g_print (_("Largest difference in shifts between equally available volunteers: %u\n"), report->spread);
  if (report->gaps->len > 0)
    g_print ("%s\n", _("Places left empty:"));
  for (guint i = 0; i < report->gaps->len; i++)
    {
      LinliRosterGapInfo *gap = g_ptr_array_index (report->gaps, i);
      g_autofree char *why = linli_roster_gap_describe (gap);

      g_print ("  %s %s–%s %s: %u — %s\n", gap->date, gap->start, gap->end,
               gap->item ? gap->item : "", gap->missing, why);
    }
  return LINLI_CLI_OK;
}

int
linli_cli_roster (LinliCli  *cli,
                  int        argc,
                  char     **argv)
{
  if (argc >= 2 && g_str_equal (argv[1], "generate"))
    return roster_generate (cli, argc - 1, argv + 1);

  return linli_cli_usage_error ("roster", _("the only subcommand is “generate”"));
}

int
linli_cli_squads (LinliCli  *cli,
                  int        argc,
                  char     **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LinliDb) db = NULL;
  g_autoptr(GPtrArray) squads = NULL;
  g_autofree char *community = NULL;
  g_autofree char *json = NULL;
  gboolean incomplete = FALSE;
  int status = 0;
  GOptionEntry entries[] = {
    { "community", 0, 0, G_OPTION_ARG_STRING, &community, N_("One community only"), N_("ID") },
    { "incomplete", 0, 0, G_OPTION_ARG_NONE, &incomplete, N_("Only the squads that lack someone"), NULL },
    { NULL }
  };

  if (!linli_cli_parse ("squads", "", entries, &argc, &argv, 0, 0, &status))
    return status;

  db = linli_cli_open_db (cli, &error);
  if (db == NULL)
    return linli_cli_fail ("squads", error);
  squads = linli_team_check_squads (db, community, &error);
  if (squads == NULL)
    return linli_cli_fail ("squads", error);
  if (incomplete)
    for (guint i = squads->len; i > 0; i--)
      if (((LinliTeamStatus *) g_ptr_array_index (squads, i - 1))->complete)
        g_ptr_array_remove_index (squads, i - 1);

  json = linli_team_status_to_json (squads);
  g_print ("%s\n", json);
  return LINLI_CLI_OK;
}

int
linli_cli_export_roster (LinliCli  *cli,
                         int        argc,
                         char     **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LinliDb) db = NULL;
  g_autofree char *team = NULL, *team_id = NULL, *from = NULL, *to = NULL;
  int status = 0;
  GOptionEntry entries[] = {
    { "team", 0, 0, G_OPTION_ARG_STRING, &team, N_("Only this team, by name or id"), N_("NAME") },
    { "from", 0, 0, G_OPTION_ARG_STRING, &from, N_("From this date on"), N_("DATE") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to, N_("Up to this date"), N_("DATE") },
    { NULL }
  };

  if (!linli_cli_parse (argv[0], "FILE", entries, &argc, &argv, 1, 1, &status))
    return status;

  db = linli_cli_open_db (cli, &error);
  if (db == NULL)
    return linli_cli_fail (argv[0], error);
  if (team != NULL && (team_id = linli_cli_find_team (db, team, &error)) == NULL)
    return linli_cli_fail (argv[0], error);
  if (!linli_roster_export_csv (db, argv[1], team_id, from, to, &error))
    return linli_cli_fail (argv[0], error);
  return LINLI_CLI_OK;
}

int
linli_cli_export_volunteers (LinliCli  *cli,
                             int        argc,
                             char     **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LinliDb) db = NULL;
  g_autofree char *community = NULL;
  int status = 0;
  GOptionEntry entries[] = {
    { "community", 0, 0, G_OPTION_ARG_STRING, &community, N_("One community only"), N_("ID") },
    { NULL }
  };

  if (!linli_cli_parse (argv[0], "FILE", entries, &argc, &argv, 1, 1, &status))
    return status;

  db = linli_cli_open_db (cli, &error);
  if (db == NULL)
    return linli_cli_fail (argv[0], error);
  if (!linli_volunteers_export_csv (db, community, argv[1], &error))
    return linli_cli_fail (argv[0], error);
  return LINLI_CLI_OK;
}

int
linli_cli_export_hours (LinliCli  *cli,
                        int        argc,
                        char     **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LinliDb) db = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *team = NULL, *team_id = NULL, *community = NULL, *title = NULL;
  int year = linli_roster_year_of (linli_roster_today ());
  int status = 0;
  gboolean ok;
  GOptionEntry entries[] = {
    { "year", 0, 0, G_OPTION_ARG_INT, &year, N_("The calendar year (default: this year)"), N_("YEAR") },
    { "team", 0, 0, G_OPTION_ARG_STRING, &team, N_("Only this team, by name or id"), N_("NAME") },
    { "community", 0, 0, G_OPTION_ARG_STRING, &community, N_("One community only"), N_("ID") },
    { NULL }
  };

  if (!linli_cli_parse (argv[0], "FILE", entries, &argc, &argv, 1, 1, &status))
    return status;
  if (year < 1900 || year > 9999)
    return linli_cli_usage_error (argv[0], _("--year is not a year"));

  db = linli_cli_open_db (cli, &error);
  if (db == NULL)
    return linli_cli_fail (argv[0], error);
  if (team != NULL && (team_id = linli_cli_find_team (db, team, &error)) == NULL)
    return linli_cli_fail (argv[0], error);
  rows = linli_hours_ledger (db, community, year, team_id, &error);
  if (rows == NULL)
    return linli_cli_fail (argv[0], error);

  /* Translators: the title of the exported ledger: the year */
  title = g_strdup_printf (_("Volunteer service hours, %d"), year);
  if (g_str_has_suffix (argv[1], ".xlsx"))
    ok = linli_hours_write_xlsx (rows, year, title, argv[1], &error);
  else
    ok = linli_hours_write_csv (rows, year, argv[1], &error);
  if (!ok)
    return linli_cli_fail (argv[0], error);
  return LINLI_CLI_OK;
}
