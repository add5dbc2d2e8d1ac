/* linli-cli-export.c: `linli-cli export KIND FILE …`
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each kind of export is a row of kinds[] and a function of its area's
 * file (linli-cli-import.c for residents, linli-cli-roster.c for the
 * roster, the volunteers and the hours),
 * so that areas add their kinds without touching each other's code.
 */

#define G_LOG_DOMAIN "linli-cli"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "linli-cli-private.h"

typedef struct
{
  const char          *kind;
  const char          *synopsis;  /* untranslated */
  const char          *summary;   /* N_() */
  LinliCliCommandFunc  func;      /* gets argv[0] = "export KIND" */
} ExportKind;

static const ExportKind kinds[] = {
  { "residents", "FILE.xlsx|FILE.csv [--full] [--community ID]",
    N_("Residents as .xlsx or .csv, ID numbers and phones masked unless --full"),
    linli_cli_export_residents },
  { "roster", "FILE [--team NAME] [--from DATE] [--to DATE]",
    N_("Every place of every shift as CSV: date, start, end, team, item, volunteer id, volunteer"),
    linli_cli_export_roster },
  { "volunteers", "FILE [--community ID]",
    N_("Every volunteer as CSV: id, name, skills, weekly times, limits"),
    linli_cli_export_volunteers },
  { "hours", "FILE [--year YEAR] [--team NAME] [--community ID]",
    N_("The service hours ledger, as .xlsx or .csv (by the file’s name)"),
    linli_cli_export_hours },
  { NULL, NULL, NULL, NULL }
};

static int
usage (const char *message)
{
  g_autoptr(GString) s = g_string_new (message);

  g_string_append_printf (s, "\n%s\n", _("Kinds of export:"));
  for (guint i = 0; kinds[i].kind != NULL; i++)
    g_string_append_printf (s, "  export %s %s\n      %s\n", kinds[i].kind, kinds[i].synopsis, _(kinds[i].summary));
  return linli_cli_usage_error ("export", s->str);
}

int
linli_cli_export (LinliCli  *cli,
                  int        argc,
                  char     **argv)
{
  if (argc < 2 || g_str_has_prefix (argv[1], "-"))
    return usage (_("what to export?"));

  for (guint i = 0; kinds[i].kind != NULL; i++)
    if (g_str_equal (kinds[i].kind, argv[1]))
      {
        g_autofree char *name = g_strdup_printf ("export %s", kinds[i].kind);
        char *saved = argv[1];
        int ret;

        /* The kind's function parses "export KIND" as its argv[0]. */
        argv[1] = name;
        ret = kinds[i].func (cli, argc - 1, argv + 1);
        argv[1] = saved;
        return ret;
      }

  {
    g_autofree char *msg = g_strdup_printf (_("“%s” is not a kind of export"), argv[1]);

    return usage (msg);
  }
}
