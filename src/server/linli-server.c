/* linli-server.c: the protocol's routes, and HTTP(S) with libsoup
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * libsoup runs in the main thread; each request goes to a pool of worker
 * threads, each with its own connection to the store, and its answer
 * back to the main thread. Requests are refused early when they are too
 * large. Every community route takes its community from the token: a
 * community in the path that is not the token's is refused (403).
 */

#define G_LOG_DOMAIN "linli-server"

#include "config.h"

#include <glib-unix.h>
#include <libsoup/soup.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <string.h>

#include "linli-server.h"

/* Failed enrolments per address before it waits (guessing codes). */
#define MAX_FAILED_ENROLS  20
#define FAILED_WINDOW_MS   (10 * 60 * 1000)

#define LISTEN_BACKLOG     1024

struct _LinliServer
{
  GObject            parent_instance;

  LinliServerStore  *store;
  gsize              max_body;

  SoupServer        *soup;
  GThreadPool       *pool;
  GMainContext      *context;
  GMainLoop         *loop;

  GMutex             failures_lock;
  GHashTable        *failures;      /* remote address -> Failures */
};

typedef struct
{
  gint64 since;
  guint  count;
} Failures;

G_DEFINE_FINAL_TYPE (LinliServer, linli_server, G_TYPE_OBJECT)

LinliServer *
linli_server_new (LinliServerStore *store)
{
  LinliServer *self = g_object_new (LINLI_TYPE_SERVER, NULL);

  self->store = store;
  return self;
}

LinliServerStore *
linli_server_get_store (LinliServer *self)
{
  return self->store;
}

void
linli_server_set_max_body (LinliServer *self,
                           gsize        max_body)
{
  self->max_body = max_body;
}

/* Answers --------------------------------------------------------------- */

static char *
error_body (const GError *error,
            const char   *extra_fields,
            guint        *status)
{
  LinliSyncError code = error->domain == LINLI_SYNC_ERROR ? (LinliSyncError) error->code : LINLI_SYNC_ERROR_SERVER;
  GString *out = g_string_new ("{\"error\":");

  if (code == LINLI_SYNC_ERROR_SERVER || code == LINLI_SYNC_ERROR_FAILED)
    {
      /* The details stay in the server's log. */
      g_warning ("%s", error->message);
      *status = 500;
      g_string_append (out, "\"server_error\",\"message\":\"the server failed; its log says why\"");
    }
  else
    {
      *status = linli_sync_error_http_status (code);
      linli_sync_json_append_string (out, linli_sync_error_to_wire (code));
      g_string_append (out, ",\"message\":");
      linli_sync_json_append_string (out, error->message);
      if (extra_fields != NULL)
        {
          g_string_append_c (out, ',');
          g_string_append (out, extra_fields);
        }
    }
  g_string_append_printf (out, ",\"time\":%" G_GINT64_FORMAT "}", linli_server_now_ms ());
  return g_string_free (out, FALSE);
}

static char *
simple_error (guint       *status,
              guint        code,
              const char  *name,
              const char  *message)
{
  GString *out = g_string_new ("{\"error\":");

  *status = code;
  linli_sync_json_append_string (out, name);
  g_string_append (out, ",\"message\":");
  linli_sync_json_append_string (out, message);
  g_string_append_printf (out, ",\"time\":%" G_GINT64_FORMAT "}", linli_server_now_ms ());
  return g_string_free (out, FALSE);
}

static gboolean
too_many_failures (LinliServer *self,
                   const char  *remote)
{
  Failures *f;
  gboolean blocked = FALSE;

  g_mutex_lock (&self->failures_lock);
  f = g_hash_table_lookup (self->failures, remote ? remote : "");
  if (f != NULL)
    {
      if (linli_server_now_ms () - f->since > FAILED_WINDOW_MS)
        g_hash_table_remove (self->failures, remote ? remote : "");
      else
        blocked = f->count >= MAX_FAILED_ENROLS;
    }
  g_mutex_unlock (&self->failures_lock);
  return blocked;
}

static void
note_failure (LinliServer *self,
              const char  *remote)
{
  Failures *f;

  g_mutex_lock (&self->failures_lock);
  f = g_hash_table_lookup (self->failures, remote ? remote : "");
  if (f == NULL)
    {
      f = g_new0 (Failures, 1);
      f->since = linli_server_now_ms ();
      g_hash_table_insert (self->failures, g_strdup (remote ? remote : ""), f);
    }
  f->count++;
  g_mutex_unlock (&self->failures_lock);
}

static gboolean
parse_int_param (GHashTable  *params,
                 const char  *name,
                 gint64       fallback,
                 gint64       min,
                 gint64       max,
                 gint64      *out)
{
  const char *text = params ? g_hash_table_lookup (params, name) : NULL;
  char *end = NULL;
  gint64 v;

  *out = fallback;
  if (text == NULL)
    return TRUE;
  if (*text == '\0')
    return FALSE;
  v = g_ascii_strtoll (text, &end, 10);
  if (end == NULL || *end != '\0' || v < min || v > max)
    return FALSE;
  *out = v;
  return TRUE;
}

/**
 * linli_server_handle:
 *
 * Returns: (transfer full): the JSON of the answer
 */
char *
linli_server_handle (LinliServer  *self,
                     const char   *method,
                     const char   *path,
                     const char   *query,
                     const char   *authorization,
                     const char   *body,
                     gsize         body_len,
                     const char   *remote,
                     guint        *status)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LinliServerDevice) device = NULL;
  g_auto(GStrv) parts = NULL;
  const char *token = NULL;
  gboolean post = g_strcmp0 (method, "POST") == 0;
  gboolean get = g_strcmp0 (method, "GET") == 0;
  char *answer = NULL;

  *status = 200;

  if (body_len > self->max_body)
    return simple_error (status, 413, "too_large", "the request is larger than the server takes");

  if (path == NULL || !g_str_has_prefix (path, LINLI_SYNC_API "/") )
    return simple_error (status, 404, "not_found", "no such path; the protocol lives under /v1/");

  parts = g_strsplit (path + strlen (LINLI_SYNC_API "/"), "/", -1);

  /* GET /v1/: who is here. */
  if (parts[0] == NULL || (parts[0][0] == '\0' && parts[1] == NULL))
    {
      if (!get)
        return simple_error (status, 405, "method_not_allowed", "use GET");
      return g_strdup_printf ("{\"server\":\"linli-server\",\"version\":\"%s\",\"api\":1,\"time\":%" G_GINT64_FORMAT "}",
                              PACKAGE_VERSION, linli_server_now_ms ());
    }

  if (g_str_equal (parts[0], "enrol") && parts[1] == NULL)
    {
      g_autoptr(LinliSyncEnrol) enrol = NULL;
      g_autofree char *fields = NULL;

      if (!post)
        return simple_error (status, 405, "method_not_allowed", "use POST");
      if (too_many_failures (self, remote))
        return simple_error (status, 429, "too_many_attempts",
                             "too many wrong enrolment codes from this address; wait ten minutes");
      enrol = linli_sync_decode_enrol (body, body_len, &error);
      if (enrol != NULL)
        answer = linli_server_store_enrol (self->store, enrol, &fields, &error);
      if (answer == NULL)
        {
          if (g_error_matches (error, LINLI_SYNC_ERROR, LINLI_SYNC_ERROR_BAD_CODE))
            note_failure (self, remote);
          return error_body (error, fields, status);
        }
      return answer;
    }

  /* Everything else needs a device token. */
  if (authorization != NULL && g_ascii_strncasecmp (authorization, "Bearer ", 7) == 0)
    token = authorization + 7;
  device = linli_server_store_authenticate (self->store, token, &error);
  if (device == NULL)
    return error_body (error, NULL, status);

  if (g_str_equal (parts[0], "office") && g_strcmp0 (parts[1], "totals") == 0 && parts[2] == NULL)
    {
      if (!get)
        return simple_error (status, 405, "method_not_allowed", "use GET");
      answer = linli_server_store_totals (self->store, device, &error);
      return answer ? answer : error_body (error, NULL, status);
    }

  if (g_str_equal (parts[0], "c") && parts[1] != NULL && parts[2] != NULL && parts[3] == NULL)
    {
      const char *what = parts[2];

      /* The token's community, and no other. */
      if (g_strcmp0 (device->role, "community") != 0 || g_strcmp0 (device->community_id, parts[1]) != 0)
        return simple_error (status, 403, "forbidden", "this device's token is not for that community");

      if (g_str_equal (what, "status"))
        {
          if (!get)
            return simple_error (status, 405, "method_not_allowed", "use GET");
          answer = linli_server_store_status (self->store, device, &error);
        }
      else if (g_str_equal (what, "push"))
        {
          g_autoptr(LinliSyncPush) push = NULL;

          if (!post)
            return simple_error (status, 405, "method_not_allowed", "use POST");
          push = linli_sync_decode_push (linli_server_store_get_schema (self->store), body, body_len, &error);
          if (push != NULL)
            answer = linli_server_store_push (self->store, device, push, &error);
        }
      else if (g_str_equal (what, "pull"))
        {
          g_autoptr(GHashTable) params = NULL;
          gint64 after, limit;

          if (!get)
            return simple_error (status, 405, "method_not_allowed", "use GET");
          params = query ? g_uri_parse_params (query, -1, "&", G_URI_PARAMS_NONE, NULL) : NULL;
          if (query != NULL && params == NULL)
            return simple_error (status, 400, "bad_request", "the query cannot be read");
          if (!parse_int_param (params, "after", 0, 0, G_MAXINT64, &after) ||
              !parse_int_param (params, "limit", 2000, 1, LINLI_SYNC_MAX_PAGE, &limit))
            return simple_error (status, 400, "bad_request",
                                 "“after” must be a number of 0 or more, “limit” 1 to 5000");
          answer = linli_server_store_pull (self->store, device, after, (guint) limit, &error);
        }
      else
        return simple_error (status, 404, "not_found", "no such path");

      return answer ? answer : error_body (error, NULL, status);
    }

  return simple_error (status, 404, "not_found", "no such path");
}

/* HTTP ------------------------------------------------------------------ */

typedef struct
{
  LinliServer       *server;
  SoupServerMessage *msg;
  char              *method;
  char              *path;
  char              *query;
  char              *authorization;
  char              *remote;
  GBytes            *body;
  guint              status;
  char              *answer;
} Job;

static void
job_free (Job *job)
{
  g_object_unref (job->server);
  g_object_unref (job->msg);
  g_free (job->method);
  g_free (job->path);
  g_free (job->query);
  g_free (job->authorization);
  g_free (job->remote);
  g_clear_pointer (&job->body, g_bytes_unref);
  g_free (job->answer);
  g_free (job);
}

static void
set_answer (SoupServerMessage *msg,
            guint              status,
            char              *answer)
{
  gsize len = strlen (answer);

  soup_server_message_set_status (msg, status, NULL);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Cache-Control", "no-store");
  /* One request a connection, closed by the server once answered:
   * libsoup 3.2 (Debian 12) never closes a kept-alive connection that the
   * client closed while it was idle, and a load test found 19,852 sockets
   * left in CLOSE_WAIT after a minute, until no new one could be accepted.
   * A PC sends a handful of requests every few minutes; the extra
   * handshakes cost little. */
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Connection", "close");
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE, answer, len);
}

static gboolean
job_finish_cb (gpointer data)
{
  Job *job = data;

  set_answer (job->msg, job->status, g_steal_pointer (&job->answer));
  soup_server_message_unpause (job->msg);
  job_free (job);
  return G_SOURCE_REMOVE;
}

static void
job_run (gpointer data,
         gpointer user_data)
{
  Job *job = data;
  gsize len = 0;
  const char *body = job->body ? g_bytes_get_data (job->body, &len) : NULL;

  job->answer = linli_server_handle (job->server, job->method, job->path, job->query, job->authorization,
                                     body, len, job->remote, &job->status);
  g_main_context_invoke (job->server->context, job_finish_cb, job);
}

/* Answers go out whole at once: without TCP_NODELAY, Nagle's algorithm
 * and the peer's delayed acknowledgement hold each answer back by tens
 * of milliseconds. */
static void
request_started_cb (SoupServer        *soup,
                    SoupServerMessage *msg,
                    gpointer           user_data)
{
  GSocket *socket = soup_server_message_get_socket (msg);

  if (socket != NULL && g_socket_get_family (socket) != G_SOCKET_FAMILY_UNIX)
    g_socket_set_option (socket, IPPROTO_TCP, TCP_NODELAY, 1, NULL);
}

static void
request_cb (SoupServer        *soup,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  LinliServer *self = user_data;
  SoupMessageBody *request = soup_server_message_get_request_body (msg);
  GUri *uri = soup_server_message_get_uri (msg);
  Job *job = g_new0 (Job, 1);

  job->server = g_object_ref (self);
  job->msg = g_object_ref (msg);
  job->method = g_strdup (soup_server_message_get_method (msg));
  job->path = g_strdup (path);
  job->query = g_strdup (g_uri_get_query (uri));
  job->authorization = g_strdup (soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                               "Authorization"));
  job->remote = g_strdup (soup_server_message_get_remote_host (msg));
  if (request != NULL && request->length > 0)
    job->body = soup_message_body_flatten (request);

  soup_server_message_pause (msg);
  g_thread_pool_push (self->pool, job, NULL);
}

/* Before the body is read: refuse what is too large, or of no length. */
static void
early_cb (SoupServer        *soup,
          SoupServerMessage *msg,
          const char        *path,
          GHashTable        *query,
          gpointer           user_data)
{
  LinliServer *self = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  goffset length = soup_message_headers_get_content_length (headers);
  SoupEncoding encoding = soup_message_headers_get_encoding (headers);
  guint status;
  char *answer;

  if (encoding == SOUP_ENCODING_CONTENT_LENGTH && length >= 0 && (gsize) length > self->max_body)
    answer = simple_error (&status, 413, "too_large", "the request is larger than the server takes");
  else if (encoding == SOUP_ENCODING_CHUNKED || encoding == SOUP_ENCODING_EOF)
    answer = simple_error (&status, 411, "length_required", "send the body with a Content-Length");
  else
    return;

  set_answer (msg, status, answer);
  /* The body that follows is not read: close after answering. */
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Connection", "close");
}

static gboolean
parse_listen (const char       *address,
              GInetAddress    **inet,
              guint            *port,
              GError          **error)
{
  g_autofree char *host = NULL;
  const char *colon;
  char *end = NULL;
  guint64 p;

  colon = address ? strrchr (address, ':') : NULL;
  if (colon == NULL || colon == address)
    goto bad;
  host = g_strndup (address, (gsize) (colon - address));
  if (host[0] == '[' && host[strlen (host) - 1] == ']')
    {
      memmove (host, host + 1, strlen (host));
      host[strlen (host) - 1] = '\0';
    }
  p = g_ascii_strtoull (colon + 1, &end, 10);
  if (end == NULL || *end != '\0' || colon[1] == '\0' || p > 65535)
    goto bad;

  if (g_ascii_strcasecmp (host, "localhost") == 0)
    *inet = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  else
    *inet = g_inet_address_new_from_string (host);
  if (*inet == NULL)
    goto bad;
  *port = (guint) p;
  return TRUE;

bad:
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
               "“%s” is not an address to listen on: give ADDRESS:PORT, e.g. 0.0.0.0:8443, [::]:8443 or 127.0.0.1:8080",
               address ? address : "");
  return FALSE;
}

gboolean
linli_server_listen (LinliServer  *self,
                     const char   *address,
                     const char   *tls_cert,
                     const char   *tls_key,
                     guint         threads,
                     GError      **error)
{
  g_autoptr(GInetAddress) inet = NULL;
  g_autoptr(GSocketAddress) socket_address = NULL;
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(GSocket) listener = NULL;
  SoupServerListenOptions options = 0;
  guint port = 0;

  if (!parse_listen (address, &inet, &port, error))
    return FALSE;

  if ((tls_cert == NULL) != (tls_key == NULL))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           "give both --tls-cert and --tls-key, or neither");
      return FALSE;
    }
  if (tls_cert == NULL && !g_inet_address_get_is_loopback (inet))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "refusing plain HTTP on %s: residents' data would cross the network unencrypted. "
                   "Give --tls-cert and --tls-key, or listen on a loopback address (127.0.0.1, ::1) "
                   "behind a reverse proxy on this host", address);
      return FALSE;
    }

  if (tls_cert != NULL)
    {
      certificate = g_tls_certificate_new_from_files (tls_cert, tls_key, error);
      if (certificate == NULL)
        {
          g_prefix_error (error, "the certificate %s or its key %s: ", tls_cert, tls_key);
          return FALSE;
        }
      options |= SOUP_SERVER_LISTEN_HTTPS;
    }

  self->context = g_main_context_ref_thread_default ();
  self->soup = g_object_new (SOUP_TYPE_SERVER,
                             "server-header", "linli-server/" PACKAGE_VERSION " ",
                             "tls-certificate", certificate,
                             NULL);
  g_signal_connect (self->soup, "request-started", G_CALLBACK (request_started_cb), self);
  soup_server_add_early_handler (self->soup, NULL, early_cb, self, NULL);
  soup_server_add_handler (self->soup, NULL, request_cb, self, NULL);

  /* Its own threads, started now and kept for the server's life. */
  self->pool = g_thread_pool_new (job_run, self, (int) MAX (threads, 1), TRUE, error);
  if (self->pool == NULL)
    return FALSE;

  /* A socket of our own: GSocket's backlog of 10 resets connections when
   * a few hundred PCs come at once. */
  socket_address = g_inet_socket_address_new (inet, port);
  listener = g_socket_new (g_inet_address_get_family (inet), G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, error);
  if (listener == NULL)
    return FALSE;
  g_socket_set_listen_backlog (listener, LISTEN_BACKLOG);
  if (!g_socket_bind (listener, socket_address, TRUE, error) ||
      !g_socket_listen (listener, error) ||
      !soup_server_listen_socket (self->soup, listener, options, error))
    {
      g_prefix_error (error, "cannot listen on %s: ", address);
      return FALSE;
    }

  for (GSList *l = soup_server_get_uris (self->soup); l != NULL; l = l->next)
    {
      g_autofree char *text = g_uri_to_string (l->data);

      g_print ("linli-server: listening on %s\n", text);
    }
  fflush (stdout);
  g_slist_free_full (soup_server_get_uris (self->soup), (GDestroyNotify) g_uri_unref);
  return TRUE;
}

/**
 * linli_server_get_uris:
 *
 * Returns: (transfer full) (element-type GUri): where it listens
 */
GSList *
linli_server_get_uris (LinliServer *self)
{
  return self->soup ? soup_server_get_uris (self->soup) : NULL;
}

static gboolean
on_signal_cb (gpointer data)
{
  LinliServer *self = data;

  linli_server_stop (self);
  return G_SOURCE_CONTINUE;
}

void
linli_server_run (LinliServer *self)
{
  guint term, intr;

  self->loop = g_main_loop_new (self->context, FALSE);
  term = g_unix_signal_add (SIGTERM, on_signal_cb, self);
  intr = g_unix_signal_add (SIGINT, on_signal_cb, self);

  g_main_loop_run (self->loop);

  g_source_remove (term);
  g_source_remove (intr);
  soup_server_disconnect (self->soup);
  /* Let the requests under way finish, and their answers go out. */
  g_thread_pool_free (g_steal_pointer (&self->pool), FALSE, TRUE);
  while (g_main_context_iteration (self->context, FALSE))
    ;
}

void
linli_server_stop (LinliServer *self)
{
  if (self->loop != NULL)
    g_main_loop_quit (self->loop);
}

static void
linli_server_finalize (GObject *object)
{
  LinliServer *self = LINLI_SERVER (object);

  if (self->pool != NULL)
    g_thread_pool_free (self->pool, FALSE, TRUE);
  g_clear_object (&self->soup);
  g_clear_pointer (&self->loop, g_main_loop_unref);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_pointer (&self->failures, g_hash_table_unref);
  g_mutex_clear (&self->failures_lock);

  G_OBJECT_CLASS (linli_server_parent_class)->finalize (object);
}

static void
linli_server_class_init (LinliServerClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = linli_server_finalize;
}

static void
linli_server_init (LinliServer *self)
{
  self->max_body = LINLI_SYNC_MAX_BODY;
  g_mutex_init (&self->failures_lock);
  self->failures = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}
