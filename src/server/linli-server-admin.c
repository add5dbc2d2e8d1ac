/* linli-server-admin.c: the administrator's commands
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Communities, street offices, one-time enrolment codes, devices and
 * their revocation. What scripts read (a new id, a code) is printed
 * alone on its line.
 */

#define G_LOG_DOMAIN "linli-server"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "linli-server-admin.h"

#define DEFAULT_CODE_DAYS 7

static int
usage (const char *message)
{
  g_printerr ("linli-server admin: %s\n", message);
  g_printerr ("%s", _("Commands:\n"
                      "  admin add-office NAME\n"
                      "  admin add-community NAME [--office OFFICE_ID]\n"
                      "  admin enrol-code COMMUNITY_ID [--days N]\n"
                      "  admin enrol-code --office OFFICE_ID [--days N]\n"
                      "  admin communities\n"
                      "  admin devices\n"
                      "  admin revoke DEVICE_ID\n"));
  return 2;
}

static int
failed (const GError *error)
{
  g_printerr ("linli-server admin: %s\n", error->message);
  return 1;
}

static const char *
take_option (int        *argc,
             char     ***argv,
             const char *name)
{
  for (int i = 1; i + 1 < *argc; i++)
    if (g_str_equal ((*argv)[i], name))
      {
        const char *value = (*argv)[i + 1];

        memmove (&(*argv)[i], &(*argv)[i + 2], sizeof (char *) * (gsize) (*argc - i - 1));
        *argc -= 2;
        return value;
      }
  return NULL;
}

/**
 * linli_server_admin:
 * @argv: the words after "admin"
 *
 * Returns: the exit status: 0, 1 (failed) or 2 (usage)
 */
int
linli_server_admin (LinliServerStore  *store,
                    int                argc,
                    char             **argv)
{
  g_autoptr(GError) error = NULL;
  const char *command;

  if (argc < 1)
    return usage (_("a command is missing"));
  command = argv[0];

  if (g_str_equal (command, "add-office"))
    {
      g_autofree char *id = NULL;

      if (argc != 2 || *argv[1] == '\0')
        return usage (_("add-office takes the office’s name"));
      id = linli_server_store_add_office (store, argv[1], &error);
      if (id == NULL)
        return failed (error);
      g_print ("%s\n", id);
      return 0;
    }

  if (g_str_equal (command, "add-community"))
    {
      const char *office = take_option (&argc, &argv, "--office");
      g_autofree char *id = NULL;

      if (argc != 2 || *argv[1] == '\0')
        return usage (_("add-community takes the community’s name"));
      id = linli_server_store_add_community (store, argv[1], office, &error);
      if (id == NULL)
        return failed (error);
      g_print ("%s\n", id);
      return 0;
    }

  if (g_str_equal (command, "enrol-code"))
    {
      const char *office = take_option (&argc, &argv, "--office");
      const char *days_text = take_option (&argc, &argv, "--days");
      guint64 days = DEFAULT_CODE_DAYS;
      g_autofree char *code = NULL;

      if (days_text != NULL &&
          (!g_ascii_string_to_unsigned (days_text, 10, 1, 365, &days, NULL)))
        return usage (_("--days takes a number of days from 1 to 365"));
      if ((office == NULL && argc != 2) || (office != NULL && argc != 1))
        return usage (_("enrol-code takes a community id, or --office and a street office id"));
      code = linli_server_store_new_code (store, office ? NULL : argv[1], office, (guint) days, &error);
      if (code == NULL)
        return failed (error);
      g_print ("%s\n", code);
      return 0;
    }

  if (g_str_equal (command, "communities"))
    {
      g_autoptr(LinliSqlRows) rows = NULL;

      if (argc != 1)
        return usage (_("communities takes no arguments"));
      rows = linli_server_store_list_communities (store, &error);
      if (rows == NULL)
        return failed (error);
      g_print ("%-18s %-16s %-38s %s\n", "ID", "OFFICE", "LEDGER", "NAME");
      for (guint r = 0; r < linli_sql_rows_count (rows); r++)
        g_print ("%-18s %-16s %-38s %s\n",
                 linli_sql_rows_get (rows, r, 0),
                 linli_sql_rows_get (rows, r, 2) ? linli_sql_rows_get (rows, r, 2) : "-",
                 linli_sql_rows_get (rows, r, 3) ? linli_sql_rows_get (rows, r, 3) : "-",
                 linli_sql_rows_get (rows, r, 1));
      return 0;
    }

  if (g_str_equal (command, "devices"))
    {
      g_autoptr(GPtrArray) devices = NULL;

      if (argc != 1)
        return usage (_("devices takes no arguments"));
      devices = linli_server_store_list_devices (store, &error);
      if (devices == NULL)
        return failed (error);
      g_print ("%-16s %-9s %-18s %-20s %-20s %-20s %s\n",
               "ID", "ROLE", "COMMUNITY/OFFICE", "ENROLLED", "LAST SEEN", "REVOKED", "NAME");
      for (guint i = 0; i < devices->len; i++)
        {
          LinliServerDevice *d = devices->pdata[i];

          g_print ("%-16s %-9s %-18s %-20s %-20s %-20s %s\n", d->id, d->role,
                   d->community_id ? d->community_id : (d->office_id ? d->office_id : "-"),
                   d->created, d->last_seen ? d->last_seen : "-", d->revoked ? d->revoked : "-",
                   d->name ? d->name : "");
        }
      return 0;
    }

  if (g_str_equal (command, "revoke"))
    {
      if (argc != 2)
        return usage (_("revoke takes a device id (see “admin devices”)"));
      if (!linli_server_store_revoke (store, argv[1], &error))
        return failed (error);
      g_print (_("Device %s is revoked: its next request is refused.\n"), argv[1]);
      return 0;
    }

  {
    g_autofree char *message = g_strdup_printf (_("unknown command “%s”"), command);

    return usage (message);
  }
}
