/* linli-sync-client.c: a PC's side of sync
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Push, then pull. The journal leaves the file only once the server
 * answered that it committed a batch; a page of pulled changes and the
 * cursor after it are written in one transaction. Either can stop
 * anywhere (a network gone, the program killed) and the next run picks
 * up where the file says: nothing lost, nothing applied twice (and
 * applying twice would change nothing).
 *
 * The file's meta table holds the sync state: sync_server, sync_token,
 * sync_role, sync_community(_name), sync_ledger, sync_cursor,
 * sync_snapshot(_pos), sync_last_ok, sync_last_error.
 */

#define G_LOG_DOMAIN "linli-sync"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "linli-db-private.h"
#include "linli-hlc.h"
#include "linli-sync-apply.h"
#include "linli-sync-client.h"

#define DEFAULT_BATCH       500
#define DEFAULT_PAGE        2000
#define MAX_BATCH_BYTES     (2 * 1024 * 1024)

struct _LinliSyncClient
{
  GObject                parent_instance;

  LinliDb               *db;
  LinliSyncSchema       *schema;
  gboolean               insecure;

  LinliSyncRequestFunc   func;
  gpointer               func_data;
  LinliSyncHttp         *http;

  LinliSyncProgressFunc  progress;
  gpointer               progress_data;

  guint                  batch;
  guint                  page;

  gint64                 server_time;
  gint64                 pull_start;

  guint64                sent;        /* changes the server acknowledged */
  guint64                received;    /* changes pulled */
};

G_DEFINE_FINAL_TYPE (LinliSyncClient, linli_sync_client, G_TYPE_OBJECT)

/* Status ---------------------------------------------------------------- */

void
linli_sync_status_free (LinliSyncStatus *status)
{
  if (status == NULL)
    return;
  g_free (status->server);
  g_free (status->role);
  g_free (status->community_id);
  g_free (status->community_name);
  g_free (status->device_id);
  g_free (status->office_name);
  g_free (status->last_synced);
  g_free (status->last_error);
  g_free (status);
}

/**
 * linli_sync_status_read:
 *
 * Returns: (transfer full): what @db knows of its sync
 */
LinliSyncStatus *
linli_sync_status_read (LinliDb *db)
{
  LinliSyncStatus *status = g_new0 (LinliSyncStatus, 1);
  g_autofree char *token = linli_db_get_meta (db, "sync_token");
  g_autofree char *cursor = linli_db_get_meta (db, "sync_cursor");
  g_autofree char *first = linli_db_get_meta (db, "sync_first_pull_done");

  status->server = linli_db_get_meta (db, "sync_server");
  status->enrolled = token != NULL && status->server != NULL;
  status->role = linli_db_get_meta (db, "sync_role");
  status->community_id = linli_db_get_meta (db, "sync_community");
  status->community_name = linli_db_get_meta (db, "sync_community_name");
  status->device_id = linli_db_get_meta (db, "sync_device");
  status->office_name = linli_db_get_meta (db, "sync_office_name");
  status->last_synced = linli_db_get_meta (db, "sync_last_ok");
  status->last_error = linli_db_get_meta (db, "sync_last_error");
  status->pending = linli_db_query_int (db, NULL, "SELECT count(*) FROM journal", NULL);
  status->cursor = cursor ? g_ascii_strtoll (cursor, NULL, 10) : 0;
  status->waiting = linli_db_query_int (db, NULL, "SELECT count(*) FROM pending_change", NULL);
  status->conflicts = linli_db_query_int (db, NULL, "SELECT count(*) FROM sync_conflict WHERE seen = 0", NULL);
  status->first_pull_done = g_strcmp0 (first, "1") == 0;

  if (status->last_error != NULL && *status->last_error == '\0')
    g_clear_pointer (&status->last_error, g_free);

  return status;
}

/* The client ------------------------------------------------------------ */

LinliSyncClient *
linli_sync_client_new (LinliDb *db)
{
  LinliSyncClient *self;

  g_return_val_if_fail (LINLI_IS_DB (db), NULL);

  self = g_object_new (LINLI_TYPE_SYNC_CLIENT, NULL);
  self->db = g_object_ref (db);
  self->schema = linli_sync_schema_new_from_db (db);

  /* Pages refer to rows of later pages (the first PC's snapshot goes
   * table by table, and the schema's references go round in a circle):
   * the connection that syncs checks no foreign keys. Turned off once:
   * the pragma throws away every prepared statement of the connection. */
  linli_db_exec_script (db, "PRAGMA foreign_keys = OFF", NULL);
  return self;
}

LinliDb *
linli_sync_client_get_db (LinliSyncClient *self)
{
  return self->db;
}

void
linli_sync_client_set_insecure (LinliSyncClient *self,
                                gboolean         insecure)
{
  self->insecure = insecure;
}

void
linli_sync_client_set_transport (LinliSyncClient      *self,
                                 LinliSyncRequestFunc  func,
                                 gpointer              user_data)
{
  self->func = func;
  self->func_data = user_data;
}

void
linli_sync_client_set_progress_func (LinliSyncClient       *self,
                                     LinliSyncProgressFunc  func,
                                     gpointer               user_data)
{
  self->progress = func;
  self->progress_data = user_data;
}

void
linli_sync_client_set_limits (LinliSyncClient *self,
                              guint            batch,
                              guint            page)
{
  self->batch = CLAMP (batch, 1, LINLI_SYNC_MAX_BATCH);
  self->page = CLAMP (page, 1, LINLI_SYNC_MAX_PAGE);
}

static gint64
meta_int (LinliDb    *db,
          const char *key)
{
  g_autofree char *value = linli_db_get_meta (db, key);

  return value ? g_ascii_strtoll (value, NULL, 10) : 0;
}

static gboolean
set_meta_int (LinliDb     *db,
              const char  *key,
              gint64       value,
              GError     **error)
{
  g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, value);

  return linli_db_set_meta (db, key, text, error);
}

/* Requests -------------------------------------------------------------- */

static char *
error_message (LinliSyncError  code,
               JsonObject     *body,
               guint           status)
{
  const char *message = body && json_object_has_member (body, "message")
                        ? json_object_get_string_member_with_default (body, "message", "") : "";

  switch (code)
    {
    case LINLI_SYNC_ERROR_UNAUTHORIZED:
      return g_strdup (_("The server does not know this computer. Enrol it again with a new code."));
    case LINLI_SYNC_ERROR_REVOKED:
      return g_strdup (_("This computer’s access to the server was revoked. Ask the server’s "
                         "administrator for a new enrolment code."));
    case LINLI_SYNC_ERROR_BAD_CODE:
      return g_strdup (_("The enrolment code is wrong, was already used, or has expired. Ask the "
                         "server’s administrator for a new one."));
    case LINLI_SYNC_ERROR_OTHER_COMMUNITY:
      {
        const char *theirs = body ? json_object_get_string_member_with_default (body, "community", "") : "";
        const char *ours = body ? json_object_get_string_member_with_default (body, "ledger_name", "") : "";

        return g_strdup_printf (_("The records on this computer belong to another community (%s) than the "
                                  "code’s (%s). Use a code for this computer’s own community, or enrol "
                                  "with an empty community file."), ours, theirs);
      }
    case LINLI_SYNC_ERROR_CLOCK:
      return g_strdup_printf (_("The server refused changes stamped too far in the future: the clock of "
                                "the computer that made them is wrong. %s"), message);
    case LINLI_SYNC_ERROR_TOO_LARGE:
      return g_strdup_printf (_("The server refused a request as too large (HTTP %u)."), status);
    case LINLI_SYNC_ERROR_FORBIDDEN:
      return g_strdup_printf (_("The server refused: %s"), message);
    case LINLI_SYNC_ERROR_SERVER:
      return g_strdup_printf (_("The server failed (HTTP %u): %s"), status, message);
    case LINLI_SYNC_ERROR_BAD_REQUEST:
    default:
      return g_strdup_printf (_("The server refused what this computer sent (HTTP %u): %s"), status, message);
    }
}

static gboolean
ensure_transport (LinliSyncClient  *self,
                  const char       *server,
                  GError          **error)
{
  if (self->func != NULL)
    return TRUE;
  if (self->http == NULL)
    {
      self->http = linli_sync_http_new (server, self->insecure, error);
      if (self->http == NULL)
        return FALSE;
    }
  return TRUE;
}

/* One request; a 200 answer's JSON object, or an error that says why. */
static JsonObject *
call (LinliSyncClient  *self,
      const char       *method,
      const char       *path,
      const char       *token,
      GString          *body,
      GCancellable     *cancellable,
      GError          **error)
{
  g_autoptr(GBytes) request = NULL;
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) parse_error = NULL;
  LinliSyncRequestFunc func = self->func ? self->func : linli_sync_http_request;
  gpointer data = self->func ? self->func_data : self->http;
  JsonObject *object = NULL;
  guint status = 0;
  gsize len = 0;
  const char *bytes;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  if (body != NULL)
    request = g_bytes_new (body->str, body->len);

  answer = func (data, method, path, token, request, &status, cancellable, error);
  if (answer == NULL)
    return NULL;

  bytes = g_bytes_get_data (answer, &len);
  root = len > 0 ? linli_sync_json_parse (bytes, len, &parse_error) : NULL;
  if (root != NULL && JSON_NODE_HOLDS_OBJECT (root))
    object = json_node_get_object (root);

  if (object != NULL && json_object_has_member (object, "time"))
    {
      JsonNode *t = json_object_get_member (object, "time");

      if (JSON_NODE_HOLDS_VALUE (t) && json_node_get_value_type (t) == G_TYPE_INT64)
        self->server_time = json_node_get_int (t);
    }

  if (status != 200)
    {
      const char *name = object ? json_object_get_string_member_with_default (object, "error", NULL) : NULL;
      LinliSyncError code = linli_sync_error_from_wire (name, status);
      g_autofree char *message = error_message (code, object, status);

      g_set_error_literal (error, LINLI_SYNC_ERROR, code, message);
      return NULL;
    }
  if (object == NULL)
    {
      g_set_error (error, LINLI_SYNC_ERROR, LINLI_SYNC_ERROR_PROTOCOL,
                   _("The server’s answer to %s cannot be read: %s"), path,
                   parse_error ? parse_error->message : _("not a JSON object"));
      return NULL;
    }

  return json_object_ref (object);
}

typedef struct
{
  char *server;
  char *token;
  char *community;
} Enrolment;

static void
enrolment_clear (Enrolment *e)
{
  g_free (e->server);
  g_free (e->token);
  g_free (e->community);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Enrolment, enrolment_clear)

static gboolean
load_enrolment (LinliSyncClient  *self,
                Enrolment        *e,
                gboolean          community_only,
                GError          **error)
{
  g_autofree char *role = linli_db_get_meta (self->db, "sync_role");

  e->server = linli_db_get_meta (self->db, "sync_server");
  e->token = linli_db_get_meta (self->db, "sync_token");
  e->community = linli_db_get_meta (self->db, "sync_community");

  if (e->server == NULL || e->token == NULL || *e->token == '\0')
    {
      g_set_error_literal (error, LINLI_SYNC_ERROR, LINLI_SYNC_ERROR_NOT_ENROLLED,
                           _("This computer is not enrolled with a server yet: enrol it with the "
                             "server’s address and an enrolment code."));
      return FALSE;
    }
  if (community_only && (g_strcmp0 (role, "community") != 0 || e->community == NULL))
    {
      g_set_error_literal (error, LINLI_SYNC_ERROR, LINLI_SYNC_ERROR_FORBIDDEN,
                           _("This computer is enrolled with a street-office account: it reads the "
                             "totals of the communities and has no community data to sync."));
      return FALSE;
    }
  return ensure_transport (self, e->server, error);
}

/* Enrolment ------------------------------------------------------------- */

static char *
local_ledger (LinliDb  *db,
              char    **name,
              GError  **error)
{
  g_autoptr(LinliQuery) q = NULL;
  g_autofree char *ledger = NULL;
  guint n = 0;

  q = linli_db_query (db, error, "SELECT DISTINCT community_id, name FROM community ORDER BY deleted, rowid", NULL);
  if (q == NULL)
    return NULL;
  while (linli_query_next (q, NULL))
    {
      if (ledger != NULL && g_strcmp0 (ledger, linli_query_get_string (q, 0)) == 0)
        continue;
      if (n++ == 0)
        {
          ledger = linli_query_dup_string (q, 0);
          if (name)
            *name = linli_query_dup_string (q, 1);
        }
    }
  if (n > 1)
    {
      g_set_error_literal (error, LINLI_SYNC_ERROR, LINLI_SYNC_ERROR_OTHER_COMMUNITY,
                           _("This file holds the records of several communities: a computer syncs "
                             "one community. Split the file first."));
      if (name)
        g_clear_pointer (name, g_free);
      return NULL;
    }
  return g_steal_pointer (&ledger);
}

/**
 * linli_sync_client_enrol:
 * @server: the server's address, https://host:port
 * @code: a one-time code from the server's administrator
 *
 * Exchanges @code for this computer's token and remembers the server in
 * the file. The first computer of a community brings its records; the
 * next ones receive them. A file whose records belong to another
 * community is refused.
 */
gboolean
linli_sync_client_enrol (LinliSyncClient  *self,
                         const char       *server,
                         const char       *code,
                         GCancellable     *cancellable,
                         GError          **error)
{
  g_autoptr(GString) body = g_string_new ("{");
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *ledger = NULL;
  g_autofree char *ledger_name = NULL;
  g_autofree char *clean_code = NULL;
  g_autofree char *base = NULL;
  const char *token, *role;
  JsonObject *community = NULL, *office = NULL;
  gboolean first = FALSE;

  g_return_val_if_fail (LINLI_IS_SYNC_CLIENT (self), FALSE);

  base = g_strstrip (g_strdup (server ? server : ""));
  while (g_str_has_suffix (base, "/"))
    base[strlen (base) - 1] = '\0';
  clean_code = g_strstrip (g_ascii_strup (code ? code : "", -1));
  if (*clean_code == '\0')
    {
      g_set_error_literal (error, LINLI_SYNC_ERROR, LINLI_SYNC_ERROR_BAD_CODE,
                           _("Type the enrolment code the server’s administrator gave you."));
      return FALSE;
    }

  g_clear_pointer (&self->http, linli_sync_http_free);
  if (self->func == NULL)
    {
      self->http = linli_sync_http_new (base, self->insecure, error);
      if (self->http == NULL)
        return FALSE;
    }

  ledger = local_ledger (self->db, &ledger_name, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  g_string_append (body, "\"code\":");
  linli_sync_json_append_string (body, clean_code);
  g_string_append (body, ",\"device\":");
  linli_sync_json_append_string (body, linli_db_get_device_id (self->db));
  g_string_append (body, ",\"name\":");
  linli_sync_json_append_string (body, g_get_host_name ());
  g_string_append (body, ",\"version\":\"" PACKAGE_VERSION "\"");
  if (ledger != NULL)
    {
      g_string_append (body, ",\"ledger\":");
      linli_sync_json_append_string (body, ledger);
      g_string_append (body, ",\"ledger_name\":");
      linli_sync_json_append_string (body, ledger_name ? ledger_name : "");
    }
  g_string_append_c (body, '}');

  answer = call (self, "POST", LINLI_SYNC_API "/enrol", NULL, body, cancellable, error);
  if (answer == NULL)
    return FALSE;

  token = json_object_get_string_member_with_default (answer, "token", NULL);
  role = json_object_get_string_member_with_default (answer, "role", NULL);
  if (json_object_has_member (answer, "community") &&
      JSON_NODE_HOLDS_OBJECT (json_object_get_member (answer, "community")))
    community = json_object_get_object_member (answer, "community");
  if (json_object_has_member (answer, "office") &&
      JSON_NODE_HOLDS_OBJECT (json_object_get_member (answer, "office")))
    office = json_object_get_object_member (answer, "office");
  if (json_object_has_member (answer, "first"))
    first = json_object_get_boolean_member_with_default (answer, "first", FALSE);

  if (token == NULL || !linli_sync_is_id (token) ||
      (g_strcmp0 (role, "community") != 0 && g_strcmp0 (role, "office") != 0) ||
      (g_str_equal (role, "community") && (community == NULL ||
                                           !linli_sync_is_id (json_object_get_string_member_with_default (community, "id", NULL)))))
    {
      g_set_error_literal (error, LINLI_SYNC_ERROR, LINLI_SYNC_ERROR_PROTOCOL,
                           _("The server’s answer to the enrolment cannot be read."));
      return FALSE;
    }

  if (!linli_db_begin (self->db, error))
    return FALSE;
  if (!linli_db_exec (self->db, error, "DELETE FROM meta WHERE key LIKE 'sync\\_%' ESCAPE '\\'", NULL) ||
      !linli_db_set_meta (self->db, "sync_server", base, error) ||
      !linli_db_set_meta (self->db, "sync_token", token, error) ||
      !linli_db_set_meta (self->db, "sync_role", role, error) ||
      !linli_db_set_meta (self->db, "sync_cursor", "0", error) ||
      !linli_db_set_meta (self->db, "sync_device",
                          json_object_get_string_member_with_default (answer, "device", ""), error))
    goto fail;

  if (community != NULL)
    {
      const char *bound = json_object_get_string_member_with_default (community, "ledger", NULL);

      if (!linli_db_set_meta (self->db, "sync_community",
                              json_object_get_string_member_with_default (community, "id", NULL), error) ||
          !linli_db_set_meta (self->db, "sync_community_name",
                              json_object_get_string_member_with_default (community, "name", ""), error) ||
          (bound && !linli_db_set_meta (self->db, "sync_ledger", bound, error)))
        goto fail;

      /* The first computer brings the whole file, whatever its journal
       * still holds: the snapshot replaces the journal up to here. */
      if (first && ledger != NULL)
        {
          gint64 upto = linli_db_query_int (self->db, NULL, "SELECT coalesce (max (seq), 0) FROM journal", NULL);

          if (!set_meta_int (self->db, "sync_snapshot", upto, error) ||
              !linli_db_set_meta (self->db, "sync_snapshot_pos", "0:0", error))
            goto fail;
        }
    }
  if (office != NULL &&
      (!linli_db_set_meta (self->db, "sync_office",
                           json_object_get_string_member_with_default (office, "id", ""), error) ||
       !linli_db_set_meta (self->db, "sync_office_name",
                           json_object_get_string_member_with_default (office, "name", ""), error)))
    goto fail;

  return linli_db_commit (self->db, error);

fail:
  linli_db_rollback (self->db);
  return FALSE;
}

/**
 * linli_sync_client_forget:
 *
 * Leaves the server: the file keeps its records and its journal, and
 * forgets the address and the token.
 */
gboolean
linli_sync_client_forget (LinliSyncClient  *self,
                          GError          **error)
{
  return linli_db_exec (self->db, error, "DELETE FROM meta WHERE key LIKE 'sync\\_%' ESCAPE '\\'", NULL);
}

/* Clock ----------------------------------------------------------------- */

static char *
hex_ms (guint64 ms)
{
  return g_strdup_printf ("%012" G_GINT64_MODIFIER "x", ms & G_GUINT64_CONSTANT (0xffffffffffff));
}

/* Changes stamped by a clock that was far ahead, and since corrected:
 * the server would refuse them for days. They get stamps of now, in
 * their order, as edits made now. */
static gboolean
restamp_future (LinliSyncClient  *self,
                GError          **error)
{
  g_autofree char *limit = hex_ms ((guint64) self->server_time + LINLI_HLC_MAX_DRIFT_MS);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(LinliQuery) q = NULL;
  g_autofree char *legit = NULL;
  LinliHlc clock = { 0 };
  gboolean journal;
  gboolean ok = TRUE;

  if (linli_db_query_int (self->db, NULL, "SELECT count(*) FROM journal WHERE substr (hlc, 1, 12) > ?",
                          "s", limit) == 0)
    return TRUE;

  g_message ("restamping changes made while this computer's clock was ahead");

  legit = linli_db_query_string (self->db, NULL,
                                 "SELECT max (h) FROM (SELECT max (hlc) AS h FROM journal WHERE substr (hlc, 1, 12) <= ?1 "
                                 "UNION ALL SELECT max (hlc) FROM col_stamp WHERE substr (hlc, 1, 12) <= ?1)",
                                 "s", limit);
  if (legit == NULL || !linli_hlc_parse (legit, &clock))
    memset (&clock, 0, sizeof clock);
  g_strlcpy (clock.device, linli_db_get_device_id (self->db), sizeof clock.device);

  if (!linli_db_begin (self->db, error))
    return FALSE;
  journal = linli_db_get_journal_enabled (self->db);
  linli_db_set_journal_enabled (self->db, FALSE);

  q = linli_db_query (self->db, error,
                      "SELECT seq, tbl, row_id, op, hlc FROM journal WHERE substr (hlc, 1, 12) > ? ORDER BY seq",
                      "s", limit);
  ok = q != NULL;
  while (ok && linli_query_next (q, NULL))
    {
      gint64 seq = linli_query_get_int (q, 0);
      const char *table = linli_query_get_string (q, 1);
      const char *row = linli_query_get_string (q, 2);
      const char *op = linli_query_get_string (q, 3);
      const char *old = linli_query_get_string (q, 4);
      char stamp[LINLI_HLC_LENGTH + 1];

      linli_hlc_tick (&clock, linli_hlc_wall_ms ());
      linli_hlc_format (&clock, stamp);

      ok = linli_db_exec (self->db, error, "UPDATE journal SET hlc = ? WHERE seq = ?", "sl", stamp, seq) &&
           linli_db_exec (self->db, error, "UPDATE col_stamp SET hlc = ? WHERE tbl = ? AND row_id = ? AND hlc = ?",
                          "ssss", stamp, table, row, old);
      if (ok && g_strcmp0 (op, "I") == 0 && linli_sync_is_id (table))
        {
          g_autofree char *sql = g_strdup_printf ("UPDATE %s SET _hlc = ? WHERE id = ? AND _hlc = ?", table);

          ok = linli_db_exec (self->db, error, sql, "sss", stamp, row, old);
        }
    }
  g_clear_pointer (&q, linli_query_free);
  linli_db_set_journal_enabled (self->db, journal);

  if (!ok)
    {
      linli_db_rollback (self->db);
      return FALSE;
    }
  _linli_db_reset_clock (self->db);
  return linli_db_commit (self->db, error);
}

/**
 * linli_sync_client_check_clock:
 *
 * Asks the server for its time and its state of this community. A clock
 * here more than %LINLI_HLC_MAX_DRIFT_MS off the server's stops the sync
 * with a message that says which way; changes a clock far ahead made
 * before it was corrected are restamped.
 */
gboolean
linli_sync_client_check_clock (LinliSyncClient  *self,
                               GCancellable     *cancellable,
                               GError          **error)
{
  g_auto(Enrolment) e = { 0 };
  g_autoptr(JsonObject) answer = NULL;
  g_autofree char *path = NULL;
  gint64 local, diff;

  if (!load_enrolment (self, &e, TRUE, error))
    return FALSE;

  path = g_strdup_printf (LINLI_SYNC_API "/c/%s/status", e.community);
  answer = call (self, "GET", path, e.token, NULL, cancellable, error);
  if (answer == NULL)
    return FALSE;

  local = (gint64) linli_hlc_wall_ms ();
  diff = local - self->server_time;
  if (self->server_time > 0 && ABS (diff) > LINLI_HLC_MAX_DRIFT_MS)
    {
      double minutes = ABS (diff) / 60000.0;

      if (diff > 0)
        g_set_error (error, LINLI_SYNC_ERROR, LINLI_SYNC_ERROR_CLOCK,
                     _("This computer’s clock is %.0f minutes ahead of the server’s. Correct the date "
                       "and time of this computer, then sync again: nothing was sent, nothing is lost."),
                     minutes);
      else
        g_set_error (error, LINLI_SYNC_ERROR, LINLI_SYNC_ERROR_CLOCK,
                     _("This computer’s clock is %.0f minutes behind the server’s. Correct the date "
                       "and time of this computer, then sync again: nothing was sent, nothing is lost."),
                     minutes);
      return FALSE;
    }

  {
    const char *ledger = json_object_get_string_member_with_default (answer, "ledger", NULL);
    const char *name = json_object_get_string_member_with_default (answer, "name", NULL);

    if (ledger != NULL && linli_sync_is_id (ledger))
      linli_db_set_meta (self->db, "sync_ledger", ledger, NULL);
    if (name != NULL)
      linli_db_set_meta (self->db, "sync_community_name", name, NULL);
  }

  if (self->server_time > 0)
    return restamp_future (self, error);
  return TRUE;
}

/* Push ------------------------------------------------------------------ */

static void
append_sqlite_value (GString      *out,
                     sqlite3_stmt *stmt,
                     int           column)
{
  switch (sqlite3_column_type (stmt, column))
    {
    case SQLITE_INTEGER:
      g_string_append_printf (out, "%" G_GINT64_FORMAT, (gint64) sqlite3_column_int64 (stmt, column));
      break;
    case SQLITE_FLOAT:
      {
        g_autoptr(JsonNode) node = json_node_new (JSON_NODE_VALUE);

        json_node_set_double (node, sqlite3_column_double (stmt, column));
        linli_sync_json_append_value (out, node);
      }
      break;
    case SQLITE_TEXT:
      linli_sync_json_append_string (out, (const char *) sqlite3_column_text (stmt, column));
      break;
    default:
      g_string_append (out, "null");
      break;
    }
}

static void
append_change_head (GString    *body,
                    const char *id,
                    const char *table,
                    const char *row,
                    const char *op,
                    const char *hlc)
{
  if (body->len > 0 && body->str[body->len - 1] != '[')
    g_string_append_c (body, ',');
  g_string_append (body, "{\"id\":");
  linli_sync_json_append_string (body, id);
  g_string_append (body, ",\"table\":");
  linli_sync_json_append_string (body, table);
  g_string_append (body, ",\"row\":");
  linli_sync_json_append_string (body, row);
  g_string_append (body, ",\"op\":");
  linli_sync_json_append_string (body, op);
  g_string_append (body, ",\"hlc\":");
  linli_sync_json_append_string (body, hlc);
  g_string_append (body, ",\"cols\":");
}

/* The columns of @t, in the row @stmt holds from its column @first on,
 * as a JSON object. */
static void
append_columns (GString              *out,
                const LinliSyncTable *t,
                sqlite3_stmt         *stmt,
                int                   first)
{
  g_string_append_c (out, '{');
  for (guint c = 0; c < t->columns->len; c++)
    {
      if (c > 0)
        g_string_append_c (out, ',');
      linli_sync_json_append_string (out, ((LinliSyncColumn *) t->columns->pdata[c])->name);
      g_string_append_c (out, ':');
      append_sqlite_value (out, stmt, (int) c + first);
    }
  g_string_append_c (out, '}');
}

/* An insert journaled without its values ("{}", see linli-db.c): its row
 * as it is now, every column under the insert's stamp. Columns changed
 * since have their own journal entries, with their own stamps, after
 * this one: the server and the other PCs end with the same values. A
 * row that is not there (only a test removes rows) has nothing to send:
 * FALSE without an error. */
static gboolean
append_inserted_row (LinliSyncClient  *self,
                     GString          *out,
                     const char       *table,
                     const char       *row,
                     GError          **error)
{
  const LinliSyncTable *t = linli_sync_schema_lookup (self->schema, table);
  g_autoptr(GString) sql = g_string_new ("SELECT id");
  g_autoptr(LinliQuery) q = NULL;

  if (t == NULL)
    return FALSE;
  for (guint c = 0; c < t->columns->len; c++)
    g_string_append_printf (sql, ", \"%s\"", ((LinliSyncColumn *) t->columns->pdata[c])->name);
  g_string_append_printf (sql, " FROM \"%s\" WHERE id = ?", t->name);

  q = linli_db_query (self->db, error, sql->str, "s", row);
  if (q == NULL || !linli_query_next (q, error))
    return FALSE;
  append_columns (out, t, linli_query_get_stmt (q), 1);
  return TRUE;
}

/* A snapshot change's id comes from what it holds: sending it twice
 * (a snapshot cut and started again) is sending the same change. */
static char *
snapshot_change_id (const char *table,
                    const char *row,
                    const char *hlc)
{
  g_autofree char *key = g_strdup_printf ("%s/%s/%s", table, row, hlc);
  g_autofree char *sum = g_compute_checksum_for_string (G_CHECKSUM_SHA256, key, -1);

  return g_strdup_printf ("s-%.40s", sum);
}

/* Adds the rows of the snapshot after @pos to @body, up to the batch's
 * limits; @next is where the next batch starts. */
static guint
append_snapshot (LinliSyncClient  *self,
                 GString          *body,
                 const char       *pos,
                 char            **next,
                 gboolean         *finished,
                 GError          **error)
{
  g_auto(GStrv) parts = g_strsplit (pos ? pos : "0:0", ":", 2);
  const GPtrArray *tables = linli_sync_schema_get_tables (self->schema);
  guint ti = parts[0] ? (guint) g_ascii_strtoull (parts[0], NULL, 10) : 0;
  gint64 rowid = parts[0] && parts[1] ? g_ascii_strtoll (parts[1], NULL, 10) : 0;
  guint n = 0;
  GError *local_error = NULL;

  *finished = FALSE;
  for (; ti < tables->len; ti++, rowid = 0)
    {
      const LinliSyncTable *t = g_ptr_array_index (tables, ti);
      g_autoptr(GString) sql = g_string_new ("SELECT rowid, id, _hlc");
      g_autoptr(LinliQuery) q = NULL;

      for (guint c = 0; c < t->columns->len; c++)
        g_string_append_printf (sql, ", %s", ((LinliSyncColumn *) t->columns->pdata[c])->name);
      g_string_append_printf (sql, " FROM %s WHERE rowid > ? ORDER BY rowid LIMIT ?", t->name);

      q = linli_db_query (self->db, error, sql->str, "li", rowid, (int) (self->batch - n));
      if (q == NULL)
        return G_MAXUINT;
      while (linli_query_next (q, &local_error))
        {
          sqlite3_stmt *stmt = linli_query_get_stmt (q);
          const char *id = linli_query_get_string (q, 1);
          const char *hlc = linli_query_get_string (q, 2);
          g_autofree char *change_id = snapshot_change_id (t->name, id, hlc);
          g_autoptr(LinliQuery) stamps = NULL;
          g_autoptr(GString) row = g_string_new (NULL);
          guint k = 1;

          append_change_head (row, change_id, t->name, id, "I", hlc);
          append_columns (row, t, stmt, 3);
          g_string_append_c (row, '}');

          /* Columns changed after the insert: one update per stamp. */
          stamps = linli_db_query (self->db, error,
                                   "SELECT hlc, group_concat (col, ',') FROM col_stamp "
                                   "WHERE tbl = ? AND row_id = ? GROUP BY hlc ORDER BY hlc",
                                   "ss", t->name, id);
          if (stamps == NULL)
            return G_MAXUINT;
          while (linli_query_next (stamps, &local_error))
            {
              const char *stamp = linli_query_get_string (stamps, 0);
              g_auto(GStrv) cols = g_strsplit (linli_query_get_string (stamps, 1), ",", -1);
              g_autofree char *uid = snapshot_change_id (t->name, id, stamp);
              g_autoptr(GString) values = g_string_new (NULL);

              for (guint j = 0; cols[j] != NULL; j++)
                for (guint c = 0; c < t->columns->len; c++)
                  if (g_str_equal (cols[j], ((LinliSyncColumn *) t->columns->pdata[c])->name))
                    {
                      g_string_append_c (values, values->len ? ',' : '{');
                      linli_sync_json_append_string (values, cols[j]);
                      g_string_append_c (values, ':');
                      append_sqlite_value (values, stmt, (int) c + 3);
                    }
              /* A stamp of a column this version does not have: nothing to send. */
              if (values->len == 0)
                continue;

              append_change_head (row, uid, t->name, id, "U", stamp);
              g_string_append (row, values->str);
              g_string_append (row, "}}");
              k++;
            }
          if (local_error != NULL)
            goto failed;

          /* A row and its updates go in one batch, which never passes the
           * batch's size (the server refuses more than LINLI_SYNC_MAX_BATCH). */
          if (n > 0 && n + k > self->batch)
            {
              *next = g_strdup_printf ("%u:%" G_GINT64_FORMAT, ti, rowid);
              return n;
            }
          if (body->str[body->len - 1] != '[')
            g_string_append_c (body, ',');
          g_string_append (body, row->str);
          n += k;
          rowid = linli_query_get_int (q, 0);

          if (n >= self->batch || body->len > MAX_BATCH_BYTES)
            {
              *next = g_strdup_printf ("%u:%" G_GINT64_FORMAT, ti, rowid);
              return n;
            }
        }
      if (local_error != NULL)
        goto failed;
    }

  *finished = TRUE;
  *next = g_strdup_printf ("%u:0", ti);
  return n;

failed:
  /* A row that cannot be read is not skipped: the batch stops here. */
  g_propagate_error (error, local_error);
  return G_MAXUINT;
}

static gboolean
handle_push_answer (LinliSyncClient  *self,
                    JsonObject       *answer,
                    guint             sent,
                    GError          **error)
{
  gint64 acked = -1;

  if (json_object_has_member (answer, "acked"))
    acked = json_object_get_int_member_with_default (answer, "acked", -1);
  if (acked != (gint64) sent)
    {
      g_set_error (error, LINLI_SYNC_ERROR, LINLI_SYNC_ERROR_PROTOCOL,
                   _("The server acknowledged %d of %u changes; they stay here and are sent again."),
                   (int) CLAMP (acked, -1, G_MAXINT), sent);
      return FALSE;
    }

  /* Edits of this computer that lost to a later, concurrent one. */
  if (json_object_has_member (answer, "lost") &&
      JSON_NODE_HOLDS_ARRAY (json_object_get_member (answer, "lost")))
    {
      JsonArray *lost = json_object_get_array_member (answer, "lost");

      for (guint i = 0; i < json_array_get_length (lost); i++)
        {
          JsonNode *node = json_array_get_element (lost, i);
          JsonObject *l;
          const char *table, *row, *col, *hlc, *theirs_hlc;
          g_autofree char *mine = NULL;
          g_autofree char *theirs = NULL;
          const LinliSyncTable *t;

          if (!JSON_NODE_HOLDS_OBJECT (node))
            continue;
          l = json_node_get_object (node);
          table = json_object_get_string_member_with_default (l, "table", NULL);
          row = json_object_get_string_member_with_default (l, "row", NULL);
          col = json_object_get_string_member_with_default (l, "column", NULL);
          hlc = json_object_get_string_member_with_default (l, "hlc", NULL);
          theirs_hlc = json_object_get_string_member_with_default (l, "winner_hlc", NULL);
          t = linli_sync_schema_lookup (self->schema, table);
          if (t == NULL || !linli_sync_is_id (row) || linli_sync_table_lookup (t, col) == NULL ||
              !json_object_has_member (l, "winner"))
            continue;

          {
            g_autoptr(GString) s = g_string_new (NULL);
            g_autofree char *sql = g_strdup_printf ("SELECT json_quote (%s) FROM %s WHERE id = ?", col, table);

            linli_sync_json_append_value (s, json_object_get_member (l, "winner"));
            theirs = g_string_free (g_steal_pointer (&s), FALSE);
            mine = linli_db_query_string (self->db, NULL, sql, "s", row);
          }
          if (g_strcmp0 (mine, theirs) != 0 &&
              !linli_sync_record_conflict (self->db, table, row, col, mine, theirs, hlc, theirs_hlc, error))
            return FALSE;
        }
    }
  return TRUE;
}

/**
 * linli_sync_client_push_batch:
 * @done: (out): %TRUE when nothing is left to push
 *
 * Sends one batch of the journal (or of the first computer's snapshot)
 * and, once the server acknowledged it, removes it from the journal.
 */
gboolean
linli_sync_client_push_batch (LinliSyncClient  *self,
                              gboolean         *done,
                              GCancellable     *cancellable,
                              GError          **error)
{
  g_auto(Enrolment) e = { 0 };
  g_autoptr(GString) body = NULL;
  g_autoptr(JsonObject) answer = NULL;
  g_autofree char *path = NULL;
  g_autofree char *snapshot = NULL;
  g_autofree char *snapshot_next = NULL;
  gboolean snapshot_finished = FALSE;
  gint64 first_seq = 0, last_seq = 0;
  guint n = 0;

  *done = FALSE;
  if (!load_enrolment (self, &e, TRUE, error))
    return FALSE;

  body = g_string_new (NULL);
  g_string_append_printf (body, "{\"base\":%" G_GINT64_FORMAT ",\"changes\":[",
                          meta_int (self->db, "sync_cursor"));

  snapshot = linli_db_get_meta (self->db, "sync_snapshot");
  if (snapshot != NULL)
    {
      g_autofree char *pos = linli_db_get_meta (self->db, "sync_snapshot_pos");

      n = append_snapshot (self, body, pos, &snapshot_next, &snapshot_finished, error);
      if (n == G_MAXUINT)
        return FALSE;
    }
  else
    {
      g_autoptr(LinliQuery) q = NULL;

      q = linli_db_query (self->db, error,
                          "SELECT seq, change_id, tbl, row_id, op, cols, hlc FROM journal ORDER BY seq LIMIT ?",
                          "i", (int) self->batch);
      if (q == NULL)
        return FALSE;
      while (linli_query_next (q, NULL))
        {
          const char *table = linli_query_get_string (q, 2);
          const char *row = linli_query_get_string (q, 3);
          const char *op = linli_query_get_string (q, 4);
          const char *cols = linli_query_get_string (q, 5);
          gsize start = body->len;

          if (first_seq == 0)
            first_seq = linli_query_get_int (q, 0);
          last_seq = linli_query_get_int (q, 0);
          append_change_head (body, linli_query_get_string (q, 1), table, row, op, linli_query_get_string (q, 6));
          if (g_strcmp0 (op, "I") == 0 && g_strcmp0 (cols, "{}") == 0)
            {
              g_autoptr(GError) local_error = NULL;

              if (!append_inserted_row (self, body, table, row, &local_error))
                {
                  if (local_error != NULL)
                    {
                      g_propagate_error (error, g_steal_pointer (&local_error));
                      return FALSE;
                    }
                  g_warning ("The journal names row %s of %s, which is not there", row, table);
                  g_string_truncate (body, start);
                  continue;
                }
            }
          else
            g_string_append (body, cols);
          g_string_append_c (body, '}');
          n++;
          if (body->len > MAX_BATCH_BYTES)
            break;
        }
    }
  g_string_append (body, "]}");

  if (n == 0)
    {
      if (snapshot != NULL && snapshot_finished)
        {
          /* An empty tail of the snapshot: it is complete. */
          if (!linli_db_begin (self->db, error))
            return FALSE;
          if (!linli_db_exec (self->db, error, "DELETE FROM journal WHERE seq <= ?", "l",
                              g_ascii_strtoll (snapshot, NULL, 10)) ||
              !linli_db_exec (self->db, error,
                              "DELETE FROM meta WHERE key IN ('sync_snapshot', 'sync_snapshot_pos')", NULL) ||
              !linli_db_commit (self->db, error))
            {
              linli_db_rollback (self->db);
              return FALSE;
            }
          return linli_sync_client_push_batch (self, done, cancellable, error);
        }
      /* Only entries of rows that are not there: nothing to send. */
      if (last_seq > 0)
        {
          if (!linli_db_exec (self->db, error, "DELETE FROM journal WHERE seq BETWEEN ? AND ?", "ll",
                              first_seq, last_seq))
            return FALSE;
          return linli_sync_client_push_batch (self, done, cancellable, error);
        }
      *done = TRUE;
      return TRUE;
    }

  path = g_strdup_printf (LINLI_SYNC_API "/c/%s/push", e.community);
  answer = call (self, "POST", path, e.token, body, cancellable, error);
  if (answer == NULL)
    return FALSE;

  /* Committed on the server: only now do the changes leave here. */
  if (!linli_db_begin (self->db, error))
    return FALSE;
  if (!handle_push_answer (self, answer, n, error))
    goto fail;
  if (snapshot != NULL)
    {
      if (snapshot_finished)
        {
          if (!linli_db_exec (self->db, error, "DELETE FROM journal WHERE seq <= ?", "l",
                              g_ascii_strtoll (snapshot, NULL, 10)) ||
              !linli_db_exec (self->db, error,
                              "DELETE FROM meta WHERE key IN ('sync_snapshot', 'sync_snapshot_pos')", NULL))
            goto fail;
        }
      else if (!linli_db_set_meta (self->db, "sync_snapshot_pos", snapshot_next, error))
        goto fail;
    }
  else if (!linli_db_exec (self->db, error, "DELETE FROM journal WHERE seq BETWEEN ? AND ?", "ll",
                           first_seq, last_seq))
    goto fail;

  /* The server put this batch right after the cursor: nothing came in
   * between, and what it stored is what this file holds. The cursor
   * moves past it, and the pull does not bring it back. */
  {
    gint64 stored = json_object_get_int_member_with_default (answer, "stored", 0);
    gint64 seq = json_object_get_int_member_with_default (answer, "seq", 0);
    gint64 cursor = meta_int (self->db, "sync_cursor");

    if (stored > 0 && seq == cursor + 1 && !set_meta_int (self->db, "sync_cursor", seq, error))
      goto fail;
  }

  if (!linli_db_commit (self->db, error))
    return FALSE;
  self->sent += n;
  return TRUE;

fail:
  linli_db_rollback (self->db);
  return FALSE;
}

/* Pull ------------------------------------------------------------------ */

/**
 * linli_sync_client_pull_page:
 * @done: (out): %TRUE when the server had nothing after this page
 *
 * Fetches the changes after the cursor, one page, and applies them and
 * moves the cursor in one transaction.
 */
gboolean
linli_sync_client_pull_page (LinliSyncClient  *self,
                             gboolean         *done,
                             GCancellable     *cancellable,
                             GError          **error)
{
  g_auto(Enrolment) e = { 0 };
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(LinliSyncPullPage) page = NULL;
  g_autofree char *path = NULL;
  LinliSyncApplyStats stats = { 0 };
  gint64 cursor;
  gboolean ok;

  *done = FALSE;
  if (!load_enrolment (self, &e, TRUE, error))
    return FALSE;

  cursor = meta_int (self->db, "sync_cursor");
  path = g_strdup_printf (LINLI_SYNC_API "/c/%s/pull?after=%" G_GINT64_FORMAT "&limit=%u",
                          e.community, cursor, self->page);
  answer = call (self, "GET", path, e.token, NULL, cancellable, error);
  if (answer == NULL)
    return FALSE;

  page = linli_sync_pull_page_from_object (self->schema, answer, error);
  if (page == NULL)
    {
      g_prefix_error (error, _("The server sent changes this computer cannot read: "));
      return FALSE;
    }

  ok = linli_db_begin (self->db, error);
  if (ok)
    {
      ok = linli_sync_apply_changes (self->db, self->schema, page->changes, &stats, error) &&
           (page->cursor <= cursor || set_meta_int (self->db, "sync_cursor", page->cursor, error));
      if (ok)
        ok = linli_db_commit (self->db, error);
      else
        linli_db_rollback (self->db);
    }
  if (!ok)
    return FALSE;

  self->received += page->changes->len;
  if (self->pull_start < 0)
    self->pull_start = cursor;
  if (self->progress != NULL)
    self->progress (self->progress_data, MAX (page->cursor, cursor) - self->pull_start,
                    MAX (page->last, page->cursor) - self->pull_start);

  *done = !page->more;
  return TRUE;
}

/* Office accounts: the totals of the office's communities, kept in the
 * file to be read offline. */
static gboolean
fetch_totals (LinliSyncClient  *self,
              GCancellable     *cancellable,
              GError          **error)
{
  g_auto(Enrolment) e = { 0 };
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autofree char *text = NULL;

  if (!load_enrolment (self, &e, FALSE, error))
    return FALSE;
  answer = call (self, "GET", LINLI_SYNC_API "/office/totals", e.token, NULL, cancellable, error);
  if (answer == NULL)
    return FALSE;
  json_node_set_object (node, answer);
  text = json_to_string (node, FALSE);
  return linli_db_set_meta (self->db, "office_totals", text, error);
}

static void
note_result (LinliSyncClient *self,
             const GError    *error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *at = g_date_time_format (now, "%Y-%m-%dT%H:%M");

  if (error == NULL)
    {
      linli_db_set_meta (self->db, "sync_last_ok", at, NULL);
      linli_db_set_meta (self->db, "sync_last_error", "", NULL);
    }
  else if (!g_error_matches (error, LINLI_SYNC_ERROR, LINLI_SYNC_ERROR_NOT_ENROLLED))
    linli_db_set_meta (self->db, "sync_last_error", error->message, NULL);
}

/**
 * linli_sync_client_sync:
 *
 * Pushes everything, then pulls until the server has nothing more.
 *
 * Returns: %TRUE only when this computer and the server hold the same
 *   changes (as of the last page)
 */
gboolean
linli_sync_client_sync (LinliSyncClient  *self,
                        GCancellable     *cancellable,
                        GError          **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *role = NULL;
  gboolean done = FALSE;

  g_return_val_if_fail (LINLI_IS_SYNC_CLIENT (self), FALSE);

  role = linli_db_get_meta (self->db, "sync_role");
  if (g_strcmp0 (role, "office") == 0)
    {
      gboolean ok = fetch_totals (self, cancellable, &local_error);

      note_result (self, local_error);
      if (!ok)
        g_propagate_error (error, g_steal_pointer (&local_error));
      return ok;
    }

  self->pull_start = -1;

  if (!linli_sync_client_check_clock (self, cancellable, &local_error) ||
      !linli_sync_apply_pending (self->db, self->schema, NULL, &local_error))
    goto fail;

  /* Everything that was in the journal when the sync started. */
  {
    gint64 upto = linli_db_query_int (self->db, NULL, "SELECT coalesce (max (seq), 0) FROM journal", NULL);

    while (!done)
      {
        if (!linli_sync_client_push_batch (self, &done, cancellable, &local_error))
          goto fail;
        if (!done &&
            linli_db_query_int (self->db, NULL, "SELECT count(*) FROM meta WHERE key = 'sync_snapshot'", NULL) == 0 &&
            linli_db_query_int (self->db, NULL, "SELECT count(*) FROM journal WHERE seq <= ?", "l", upto) == 0)
          break;
      }
  }

  done = FALSE;
  while (!done)
    if (!linli_sync_client_pull_page (self, &done, cancellable, &local_error))
      goto fail;

  if (!linli_sync_apply_pending (self->db, self->schema, NULL, &local_error))
    goto fail;

  linli_db_set_meta (self->db, "sync_first_pull_done", "1", NULL);
  note_result (self, NULL);
  return TRUE;

fail:
  note_result (self, local_error);
  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

/**
 * linli_sync_client_get_counts:
 * @sent: (out) (optional): changes the server acknowledged
 * @received: (out) (optional): changes pulled
 *
 * Counts since the client was made.
 */
void
linli_sync_client_get_counts (LinliSyncClient *self,
                              guint64         *sent,
                              guint64         *received)
{
  if (sent)
    *sent = self->sent;
  if (received)
    *received = self->received;
}

static void
linli_sync_client_finalize (GObject *object)
{
  LinliSyncClient *self = LINLI_SYNC_CLIENT (object);

  g_clear_pointer (&self->http, linli_sync_http_free);
  g_clear_pointer (&self->schema, linli_sync_schema_unref);
  g_clear_object (&self->db);

  G_OBJECT_CLASS (linli_sync_client_parent_class)->finalize (object);
}

static void
linli_sync_client_class_init (LinliSyncClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = linli_sync_client_finalize;
}

static void
linli_sync_client_init (LinliSyncClient *self)
{
  const char *batch = g_getenv ("LINLI_SYNC_BATCH");
  const char *page = g_getenv ("LINLI_SYNC_PAGE");

  self->batch = DEFAULT_BATCH;
  self->page = DEFAULT_PAGE;
  self->pull_start = -1;

  /* For tests and slow links: smaller batches and pages. */
  if (batch != NULL || page != NULL)
    linli_sync_client_set_limits (self,
                                  batch ? (guint) g_ascii_strtoull (batch, NULL, 10) : DEFAULT_BATCH,
                                  page ? (guint) g_ascii_strtoull (page, NULL, 10) : DEFAULT_PAGE);
}
