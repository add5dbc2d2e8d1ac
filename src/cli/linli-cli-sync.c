/* linli-cli-sync.c: enrol with the street office's server, and sync
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "linli-cli"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <unistd.h>

#include "linli-cli-private.h"
#include "linli-cli-sync.h"
#include "linli-db.h"
#include "linli-format.h"
#include "linli-sync-client.h"

/* For a server on this computer with a certificate of its own. */
#define INSECURE_ENTRY(flag) \
  { "insecure", 0, 0, G_OPTION_ARG_NONE, &(flag), \
    N_("Accept a self-signed certificate (a server on this computer only)"), NULL }

int
linli_cli_enrol (LinliCli  *cli,
                 int        argc,
                 char     **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LinliDb) db = NULL;
  g_autoptr(LinliSyncClient) client = NULL;
  g_autofree char *server = NULL;
  g_autofree char *code = NULL;
  g_autoptr(LinliSyncStatus) status = NULL;
  gboolean insecure = FALSE;
  int result = LINLI_CLI_OK;
  GOptionEntry entries[] = {
    { "server", 0, 0, G_OPTION_ARG_STRING, &server, N_("The server’s address, https://HOST:PORT"), N_("URL") },
    { "code", 0, 0, G_OPTION_ARG_STRING, &code, N_("The one-time enrolment code"), N_("CODE") },
    INSECURE_ENTRY (insecure),
    { NULL }
  };

  if (!linli_cli_parse ("enrol", _("— enrol this community file with a sync server"), entries,
                        &argc, &argv, 0, 0, &result))
    return result;
  if (server == NULL || code == NULL)
    return linli_cli_usage_error ("enrol", _("give --server URL and --code CODE"));

  db = linli_cli_open_db (cli, &error);
  if (db == NULL)
    return linli_cli_fail ("enrol", error);

  client = linli_sync_client_new (db);
  linli_sync_client_set_insecure (client, insecure);
  if (!linli_sync_client_enrol (client, server, code, NULL, &error))
    return linli_cli_fail ("enrol", error);

  status = linli_sync_status_read (db);
  if (g_strcmp0 (status->role, "office") == 0)
    g_print (_("Enrolled with %s as the street office “%s”.\n"), status->server,
             status->office_name ? status->office_name : "");
  else
    g_print (_("Enrolled with %s for the community “%s”.\n"), status->server,
             status->community_name ? status->community_name : "");
  return LINLI_CLI_OK;
}

static void
print_status (LinliDb *db)
{
  g_autoptr(LinliSyncStatus) status = linli_sync_status_read (db);
  g_autofree char *pending = linli_format_count (status->pending);

  if (!status->enrolled)
    {
      g_print ("%s\n", _("Not enrolled with a server."));
      g_print (_("Changes waiting to be sent: %s\n"), pending);
      return;
    }
  g_print (_("Server: %s\n"), status->server);
  if (g_strcmp0 (status->role, "office") == 0)
    g_print (_("Street office: %s\n"), status->office_name ? status->office_name : "");
  else
    g_print (_("Community: %s (%s)\n"), status->community_name ? status->community_name : "",
             status->community_id ? status->community_id : "");
  if (status->device_id != NULL)
    g_print (_("This computer on the server: %s\n"), status->device_id);
  g_print (_("Last synced: %s\n"), status->last_synced ? status->last_synced : _("never"));
  g_print (_("Changes waiting to be sent: %s\n"), pending);
  {
    g_autofree char *cursor = g_strdup_printf ("%" G_GINT64_FORMAT, status->cursor);
    g_autofree char *waiting = linli_format_count (status->waiting);
    g_autofree char *conflicts = linli_format_count (status->conflicts);

    g_print (_("Received up to: %s\n"), cursor);
    if (status->waiting > 0)
      g_print (_("Values kept for a newer version of Linli: %s\n"), waiting);
    if (status->conflicts > 0)
      g_print (_("Edits changed elsewhere, not yet seen: %s\n"), conflicts);
  }
  if (status->last_error != NULL)
    g_print (_("Last error: %s\n"), status->last_error);
}

static void
progress_cb (gpointer user_data,
             gint64   done,
             gint64   total)
{
  gboolean *tty = user_data;

  if (*tty && total > 0)
    g_printerr ("\r%s %3d%%", _("Receiving"), (int) (100 * done / total));
}

int
linli_cli_sync (LinliCli  *cli,
                int        argc,
                char     **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LinliDb) db = NULL;
  g_autoptr(LinliSyncClient) client = NULL;
  gboolean insecure = FALSE;
  gboolean status = FALSE;
  int result = LINLI_CLI_OK;
  gboolean tty = isatty (2);
  guint64 sent = 0, received = 0;
  gboolean ok;
  GOptionEntry entries[] = {
    { "status", 0, 0, G_OPTION_ARG_NONE, &status, N_("Show the sync state of this file and exit"), NULL },
    INSECURE_ENTRY (insecure),
    { NULL }
  };

  if (!linli_cli_parse ("sync", _("— send this computer’s changes and receive the others’"), entries,
                        &argc, &argv, 0, 0, &result))
    return result;

  db = linli_cli_open_db (cli, &error);
  if (db == NULL)
    return linli_cli_fail ("sync", error);

  if (status)
    {
      print_status (db);
      return LINLI_CLI_OK;
    }

  client = linli_sync_client_new (db);
  linli_sync_client_set_insecure (client, insecure);
  linli_sync_client_set_progress_func (client, progress_cb, &tty);
  ok = linli_sync_client_sync (client, NULL, &error);
  if (tty)
    g_printerr ("\r");
  linli_sync_client_get_counts (client, &sent, &received);
  if (!ok)
    return linli_cli_fail ("sync", error);
  {
    g_autofree char *s = linli_format_count ((gint64) sent);
    g_autofree char *r = linli_format_count ((gint64) received);

    g_print (_("Synced: %s changes sent, %s received.\n"), s, r);
  }
  return LINLI_CLI_OK;
}
