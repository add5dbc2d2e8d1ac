/* main.c: linli-server, the street office's sync server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "linli-server"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <locale.h>
#include <stdlib.h>

#include "linli-core.h"
#include "linli-server.h"
#include "linli-server-admin.h"

int
main (int    argc,
      char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(LinliServerStore) store = NULL;
  g_autoptr(LinliServer) server = NULL;
  g_autofree char *data = NULL;
  g_autofree char *postgres = NULL;
  g_autofree char *listen = NULL;
  g_autofree char *tls_cert = NULL;
  g_autofree char *tls_key = NULL;
  gint threads = LINLI_SERVER_DEFAULT_THREADS;
  gint64 max_body = LINLI_SYNC_MAX_BODY;
  gboolean version = FALSE;
  const GOptionEntry entries[] = {
    { "data", 0, 0, G_OPTION_ARG_FILENAME, &data,
      N_("Keep the data in SQLite in this folder"), N_("DIR") },
    { "postgres", 0, 0, G_OPTION_ARG_STRING, &postgres,
      N_("Keep the data in PostgreSQL (e.g. postgresql://linli@db/linli)"), N_("URI") },
    { "listen", 0, 0, G_OPTION_ARG_STRING, &listen,
      N_("Listen on this address and port (default 127.0.0.1:8080)"), N_("ADDRESS:PORT") },
    { "tls-cert", 0, 0, G_OPTION_ARG_FILENAME, &tls_cert,
      N_("The certificate of HTTPS (PEM)"), N_("FILE") },
    { "tls-key", 0, 0, G_OPTION_ARG_FILENAME, &tls_key,
      N_("The private key of the certificate (PEM)"), N_("FILE") },
    { "threads", 0, 0, G_OPTION_ARG_INT, &threads,
      N_("Requests handled at once (default 8)"), N_("N") },
    { "max-body", 0, 0, G_OPTION_ARG_INT64, &max_body,
      N_("The largest request accepted, in bytes (default 8 MiB)"), N_("BYTES") },
    { "version", 0, 0, G_OPTION_ARG_NONE, &version,
      N_("Print the version and exit"), NULL },
    { NULL }
  };

  setlocale (LC_ALL, "");
  linli_core_init ();
  textdomain (GETTEXT_PACKAGE);

  context = g_option_context_new (_("[admin COMMAND…] — sync server of the communities of a street office"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_strict_posix (context, TRUE);
  g_option_context_set_description (context,
    _("Serve:  linli-server --data DIR --listen 0.0.0.0:8443 --tls-cert CERT --tls-key KEY\n"
      "Admin:  linli-server --data DIR admin add-community NAME | enrol-code COMMUNITY_ID |\n"
      "        add-office NAME | enrol-code --office OFFICE_ID | communities | devices | revoke DEVICE_ID\n"
      "See linli-server(1)."));

  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("linli-server: %s\n", error->message);
      return 2;
    }
  if (version)
    {
      g_print ("linli-server %s\n", PACKAGE_VERSION);
      return 0;
    }
  if ((data == NULL) == (postgres == NULL))
    {
      g_printerr ("linli-server: %s\n", _("give either --data DIR or --postgres URI"));
      return 2;
    }
  if (threads < 1 || threads > 256 || max_body < 1024)
    {
      g_printerr ("linli-server: %s\n", _("--threads takes 1 to 256, --max-body at least 1024"));
      return 2;
    }

  store = data ? linli_server_store_new_sqlite (data, &error)
               : linli_server_store_new_postgres (postgres, &error);
  if (store == NULL)
    {
      g_printerr ("linli-server: %s\n", error->message);
      return 1;
    }

  if (argc >= 2 && g_str_equal (argv[1], "admin"))
    return linli_server_admin (store, argc - 2, argv + 2);
  if (argc > 1)
    {
      g_printerr ("linli-server: %s “%s”\n", _("unknown command"), argv[1]);
      return 2;
    }

  server = linli_server_new (store);
  linli_server_set_max_body (server, (gsize) max_body);
  if (!linli_server_listen (server, listen ? listen : "127.0.0.1:8080", tls_cert, tls_key,
                            (guint) threads, &error))
    {
      g_printerr ("linli-server: %s\n", error->message);
      return 1;
    }
  linli_server_run (server);
  return 0;
}
