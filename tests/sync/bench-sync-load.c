/* bench-sync-load.c: 200 PCs pushing and pulling at once, for a minute
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The real linli-server on the loopback (LINLI_TEST_STORAGE: sqlite or
 * postgres), 20 communities of 10 PCs each. Every PC, in its own thread
 * with its own HTTP session, pushes 5 new rows and pulls what is new, over
 * and over, for LINLI_LOAD_SECONDS (60). Then every community's log is
 * read whole: each acknowledged change must be there exactly once.
 * Prints the requests and changes per second and the latencies (p50,
 * p99); fails on any error or any lost change.
 */

#include "config.h"

#include <libsoup/soup.h>
#include <locale.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "linli-core.h"
#include "linli-hlc.h"
#include "sync-test-util.h"

#define COMMUNITIES  20
#define PER          10
#define ROWS_PER_PUSH 5

typedef struct
{
  char       *url;
  char       *cid;
  char       *ledger;
  char       *token;
  char        device[17];
  guint       index;
  gint64      deadline;

  GPtrArray  *acked;       /* change ids the server acknowledged */
  GArray     *latencies;   /* ms */
  guint       errors;
  guint       requests;
  guint64     pulled;
  char       *first_error;
} Client;

static GBytes *
send_request (SoupSession *session,
              Client      *c,
              const char  *method,
              const char  *path,
              GString     *body,
              guint       *status)
{
  g_autofree char *url = g_strconcat (c->url, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autofree char *bearer = c->token ? g_strconcat ("Bearer ", c->token, NULL) : NULL;
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();
  GBytes *answer;

  if (bearer)
    soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", bearer);
  if (body)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body->str, body->len);

      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }
  answer = soup_session_send_and_read (session, msg, NULL, &error);
  c->requests++;
  g_array_append_vals (c->latencies, (double[]) { (g_get_monotonic_time () - start) / 1000.0 }, 1);
  *status = answer ? soup_message_get_status (msg) : 0;
  if (answer == NULL || *status != 200)
    {
      c->errors++;
      if (c->first_error == NULL)
        c->first_error = g_strdup_printf ("%s %s: %u %s", method, path, *status,
                                          error ? error->message : (answer ? (char *) g_bytes_get_data (answer, NULL) : ""));
    }
  return answer;
}

static gpointer
run_client (gpointer data)
{
  Client *c = data;
  g_autoptr(SoupSession) session = soup_session_new_with_options ("timeout", 120, NULL);
  g_autofree char *push_path = g_strdup_printf ("/v1/c/%s/push", c->cid);
  LinliHlc clock = { 0 };
  gint64 cursor = 0;
  guint n = 0;

  g_strlcpy (clock.device, c->device, sizeof clock.device);

  while (g_get_monotonic_time () < c->deadline)
    {
      g_autoptr(GString) body = g_string_new (NULL);
      g_autoptr(GBytes) answer = NULL;
      g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
      guint status = 0;
      gboolean more = TRUE;

      g_string_append_printf (body, "{\"base\":%" G_GINT64_FORMAT ",\"changes\":[", cursor);
      for (guint i = 0; i < ROWS_PER_PUSH; i++, n++)
        {
          char stamp[LINLI_HLC_LENGTH + 1];
          char *id = g_strdup_printf ("%s-%u", c->device, n);

          linli_hlc_tick (&clock, linli_hlc_wall_ms ());
          linli_hlc_format (&clock, stamp);
          g_string_append_printf (body, "%s{\"id\":\"%s\",\"table\":\"skill\",\"row\":\"%s\",\"op\":\"I\",\"hlc\":\"%s\","
                                  "\"cols\":{\"community_id\":\"%s\",\"name\":\"技能%u\",\"deleted\":0}}",
                                  i ? "," : "", id, id, stamp, c->ledger, n);
          g_ptr_array_add (ids, id);
        }
      g_string_append (body, "]}");

      answer = send_request (session, c, "POST", push_path, body, &status);
      if (status == 200)
        for (guint i = 0; i < ids->len; i++)
          g_ptr_array_add (c->acked, g_strdup (ids->pdata[i]));

      while (more && g_get_monotonic_time () < c->deadline)
        {
          g_autofree char *pull_path = g_strdup_printf ("/v1/c/%s/pull?after=%" G_GINT64_FORMAT "&limit=2000",
                                                        c->cid, cursor);
          g_autoptr(GBytes) page = send_request (session, c, "GET", pull_path, NULL, &status);
          g_autoptr(JsonNode) root = NULL;
          JsonObject *o;

          if (status != 200)
            break;
          root = linli_sync_json_parse (g_bytes_get_data (page, NULL), g_bytes_get_size (page), NULL);
          g_assert_nonnull (root);
          o = json_node_get_object (root);
          cursor = json_object_get_int_member (o, "cursor");
          more = json_object_get_boolean_member (o, "more");
          c->pulled += json_array_get_length (json_object_get_array_member (o, "changes"));
        }
    }
  return NULL;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

int
main (int argc, char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *skip = NULL;
  const char *env_seconds = g_getenv ("LINLI_LOAD_SECONDS");
  double seconds = env_seconds ? g_ascii_strtod (env_seconds, NULL) : 60;
  g_autoptr(GArray) all = g_array_new (FALSE, FALSE, sizeof (double));
  Client clients[COMMUNITIES * PER];
  GThread *threads[COMMUNITIES * PER];
  SyncTestStorage *storage;
  SyncTestProcess *server;
  guint requests = 0, errors = 0, lost = 0, doubled = 0;
  guint64 acked = 0, pulled = 0;
  gint64 start, end;

  setlocale (LC_ALL, "C.UTF-8");
  g_setenv ("LINLI_PG_FSYNC", "1", TRUE);
  linli_core_init ();

  storage = sync_test_storage_new ("load", &skip);
  if (storage == NULL)
    {
      g_print ("SKIP %s\n", skip);
      return 77;
    }
  {
    const char *args[] = { storage->args[0], storage->args[1], "--threads", "16", NULL };

    server = sync_test_server_spawn (args, "127.0.0.1:0", &error);
    g_assert_no_error (error);
  }

  /* 20 communities, 10 enrolled PCs each. */
  memset (clients, 0, sizeof clients);
  for (guint k = 0; k < COMMUNITIES; k++)
    {
      g_autofree char *cid = NULL;
      g_autofree char *name = g_strdup_printf ("社区%u", k);
      const char *add[] = { "add-community", name, NULL };

      g_assert_cmpint (sync_test_server_admin (storage->args, add, &cid), ==, 0);
      for (guint p = 0; p < PER; p++)
        {
          Client *c = &clients[k * PER + p];
          g_autofree char *code = NULL;
          const char *args[] = { "enrol-code", cid, NULL };
          g_autofree char *body = NULL;
          g_autoptr(GBytes) answer = NULL;
          g_autoptr(JsonNode) root = NULL;
          guint status = 0;

          g_assert_cmpint (sync_test_server_admin (storage->args, args, &code), ==, 0);
          c->url = g_strdup (server->url);
          c->cid = g_strdup (cid);
          c->ledger = g_strdup_printf ("load-ledger-%u", k);
          c->index = k * PER + p;
          g_snprintf (c->device, sizeof c->device, "%08x%08x", k, 0x1000 + p);
          body = g_strdup_printf ("{\"code\":\"%s\",\"device\":\"%s\"}", code, c->device);
          answer = sync_test_http (server->url, "POST", "/v1/enrol", NULL, body, -1, &status);
          g_assert_cmpuint (status, ==, 200);
          root = linli_sync_json_parse (g_bytes_get_data (answer, NULL), g_bytes_get_size (answer), NULL);
          c->token = g_strdup (json_object_get_string_member (json_node_get_object (root), "token"));
          c->acked = g_ptr_array_new_with_free_func (g_free);
          c->latencies = g_array_new (FALSE, FALSE, sizeof (double));
        }
    }

  start = g_get_monotonic_time ();
  for (guint i = 0; i < G_N_ELEMENTS (clients); i++)
    {
      clients[i].deadline = start + (gint64) (seconds * G_USEC_PER_SEC);
      threads[i] = g_thread_new ("client", run_client, &clients[i]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (clients); i++)
    g_thread_join (threads[i]);
  end = g_get_monotonic_time ();

  for (guint i = 0; i < G_N_ELEMENTS (clients); i++)
    {
      requests += clients[i].requests;
      errors += clients[i].errors;
      acked += clients[i].acked->len;
      pulled += clients[i].pulled;
      g_array_append_vals (all, clients[i].latencies->data, clients[i].latencies->len);
      if (clients[i].first_error)
        g_printerr ("client %u: %s\n", i, clients[i].first_error);
    }

  /* Every acknowledged change is in its community's log, once. */
  {
    g_autoptr(LinliServerStore) store = sync_test_storage_open (storage);

    for (guint k = 0; k < COMMUNITIES; k++)
      {
        g_autoptr(GPtrArray) log = sync_test_read_log (store, clients[k * PER].cid);
        g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

        for (guint i = 0; i < log->len; i++)
          {
            LinliSyncChange *ch = log->pdata[i];

            if (!g_hash_table_add (seen, ch->id))
              doubled++;
          }
        for (guint p = 0; p < PER; p++)
          {
            Client *c = &clients[k * PER + p];

            for (guint i = 0; i < c->acked->len; i++)
              if (!g_hash_table_contains (seen, c->acked->pdata[i]))
                lost++;
          }
      }
  }

  g_array_sort (all, compare_doubles);
  {
    double elapsed = (end - start) / 1e6;
    double p50 = all->len ? g_array_index (all, double, all->len / 2) : 0;
    double p99 = all->len ? g_array_index (all, double, MIN (all->len - 1, (guint) ceil (all->len * 0.99))) : 0;

    g_print ("load, %s storage: %u PCs in %u communities for %.0f s\n",
             storage->postgres ? "PostgreSQL" : "SQLite", (guint) G_N_ELEMENTS (clients), COMMUNITIES, elapsed);
    g_print ("  %u requests (%.0f/s), %" G_GUINT64_FORMAT " changes acknowledged (%.0f/s), %" G_GUINT64_FORMAT
             " changes pulled\n", requests, requests / elapsed, acked, acked / elapsed, pulled);
    g_print ("  latency p50 %.1f ms, p99 %.1f ms; errors %u, lost %u, doubled %u\n", p50, p99, errors, lost, doubled);
  }

  g_assert_cmpuint (errors, ==, 0);
  g_assert_cmpuint (lost, ==, 0);
  g_assert_cmpuint (doubled, ==, 0);
  g_assert_cmpuint (acked, >, 0);

  for (guint i = 0; i < G_N_ELEMENTS (clients); i++)
    {
      g_free (clients[i].url);
      g_free (clients[i].cid);
      g_free (clients[i].ledger);
      g_free (clients[i].token);
      g_free (clients[i].first_error);
      g_ptr_array_unref (clients[i].acked);
      g_array_unref (clients[i].latencies);
    }
  sync_test_server_kill (server, SIGTERM);
  sync_test_storage_free (storage);
  return 0;
}
