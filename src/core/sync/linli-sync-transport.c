/* linli-sync-transport.c: HTTPS to the server, with libsoup
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Blocking calls, made from the sync thread (or linli-cli): one session
 * per sync run, created and used in the thread that runs it.
 */

#define G_LOG_DOMAIN "linli-sync"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string.h>

#include "linli-sync-transport.h"
#include "linli-sync-wire.h"

struct _LinliSyncHttp
{
  SoupSession *session;
  char        *base_url;
  gboolean     insecure;
};

static gboolean
host_is_loopback (const char *host)
{
  g_autoptr(GInetAddress) address = NULL;
  g_autofree char *bare = NULL;

  if (host == NULL)
    return FALSE;
  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;

  bare = g_strdup (host);
  if (bare[0] == '[')
    {
      char *end = strchr (bare, ']');

      memmove (bare, bare + 1, strlen (bare));
      if (end != NULL)
        *(end - 1) = '\0';
    }
  address = g_inet_address_new_from_string (bare);
  return address != NULL && g_inet_address_get_is_loopback (address);
}

gboolean
linli_sync_url_is_loopback (const char *url)
{
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);

  return uri != NULL && host_is_loopback (g_uri_get_host (uri));
}

/**
 * linli_sync_check_url:
 *
 * Personal data travels only encrypted: the address must be https://,
 * except on this computer's own loopback (tests, or a reverse proxy on
 * the same host).
 */
gboolean
linli_sync_check_url (const char  *url,
                      gboolean     insecure,
                      GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *scheme;
  gboolean loopback;

  uri = g_uri_parse (url ? url : "", G_URI_FLAGS_NONE, &local_error);
  if (uri == NULL || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    {
      g_set_error (error, LINLI_SYNC_ERROR, LINLI_SYNC_ERROR_INSECURE,
                   _("“%s” is not a server address; it looks like https://server.example:8443"),
                   url ? url : "");
      return FALSE;
    }

  scheme = g_uri_get_scheme (uri);
  loopback = host_is_loopback (g_uri_get_host (uri));
  if (g_ascii_strcasecmp (scheme, "https") != 0 && g_ascii_strcasecmp (scheme, "http") != 0)
    {
      g_set_error (error, LINLI_SYNC_ERROR, LINLI_SYNC_ERROR_INSECURE,
                   _("“%s” is not a server address; it looks like https://server.example:8443"), url);
      return FALSE;
    }
  if (g_ascii_strcasecmp (scheme, "http") == 0 && !loopback)
    {
      g_set_error (error, LINLI_SYNC_ERROR, LINLI_SYNC_ERROR_INSECURE,
                   _("The address %s is not encrypted: residents’ data is only sent over https://"), url);
      return FALSE;
    }
  if (insecure && !loopback)
    {
      g_set_error (error, LINLI_SYNC_ERROR, LINLI_SYNC_ERROR_INSECURE,
                   _("Certificates are only left unchecked for a server on this computer, not for %s"), url);
      return FALSE;
    }
  return TRUE;
}

/* Requests go out whole at once: see the server's request_started_cb. */
static void
network_event_cb (SoupMessage        *msg,
                  GSocketClientEvent  event,
                  GIOStream          *connection,
                  gpointer            user_data)
{
  if (event == G_SOCKET_CLIENT_CONNECTED && G_IS_SOCKET_CONNECTION (connection))
    {
      GSocket *socket = g_socket_connection_get_socket (G_SOCKET_CONNECTION (connection));

      if (g_socket_get_family (socket) != G_SOCKET_FAMILY_UNIX)
        g_socket_set_option (socket, IPPROTO_TCP, TCP_NODELAY, 1, NULL);
    }
}

static gboolean
accept_any_certificate_cb (SoupMessage          *msg,
                           GTlsCertificate      *certificate,
                           GTlsCertificateFlags  errors,
                           gpointer              user_data)
{
  return TRUE;
}

LinliSyncHttp *
linli_sync_http_new (const char  *base_url,
                     gboolean     insecure,
                     GError     **error)
{
  LinliSyncHttp *http;
  g_autofree char *agent = g_strdup_printf ("Linli/%s", PACKAGE_VERSION);

  if (!linli_sync_check_url (base_url, insecure, error))
    return NULL;

  http = g_new0 (LinliSyncHttp, 1);
  http->base_url = g_strdup (base_url);
  while (g_str_has_suffix (http->base_url, "/"))
    http->base_url[strlen (http->base_url) - 1] = '\0';
  http->insecure = insecure;
  http->session = soup_session_new_with_options ("timeout", 120,
                                                 "idle-timeout", 60,
                                                 "user-agent", agent,
                                                 NULL);
  return http;
}

void
linli_sync_http_free (LinliSyncHttp *http)
{
  if (http == NULL)
    return;
  g_clear_object (&http->session);
  g_free (http->base_url);
  g_free (http);
}

GBytes *
linli_sync_http_request (gpointer       user_data,
                         const char    *method,
                         const char    *path,
                         const char    *token,
                         GBytes        *body,
                         guint         *status,
                         GCancellable  *cancellable,
                         GError       **error)
{
  LinliSyncHttp *http = user_data;
  g_autofree char *url = g_strconcat (http->base_url, path, NULL);
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GError) local_error = NULL;
  GBytes *answer;

  msg = soup_message_new (method, url);
  if (msg == NULL)
    {
      g_set_error (error, LINLI_SYNC_ERROR, LINLI_SYNC_ERROR_INSECURE,
                   _("“%s” is not a server address; it looks like https://server.example:8443"), url);
      return NULL;
    }

  if (token != NULL)
    {
      g_autofree char *bearer = g_strconcat ("Bearer ", token, NULL);

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", bearer);
    }
  if (body != NULL)
    soup_message_set_request_body_from_bytes (msg, "application/json", body);
  if (http->insecure)
    g_signal_connect (msg, "accept-certificate", G_CALLBACK (accept_any_certificate_cb), NULL);
  g_signal_connect (msg, "network-event", G_CALLBACK (network_event_cb), NULL);

  answer = soup_session_send_and_read (http->session, msg, cancellable, &local_error);
  if (answer == NULL)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_set_error_literal (error, LINLI_SYNC_ERROR, LINLI_SYNC_ERROR_CANCELLED, local_error->message);
      else if (local_error->domain == G_TLS_ERROR)
        g_set_error (error, LINLI_SYNC_ERROR, LINLI_SYNC_ERROR_NETWORK,
                     _("The server’s certificate was refused (%s): %s"),
                     http->base_url, local_error->message);
      else
        g_set_error (error, LINLI_SYNC_ERROR, LINLI_SYNC_ERROR_NETWORK,
                     _("The server %s could not be reached: %s"), http->base_url, local_error->message);
      return NULL;
    }

  *status = soup_message_get_status (msg);
  return answer;
}
