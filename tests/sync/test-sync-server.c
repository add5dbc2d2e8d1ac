/* test-sync-server.c: the real linli-server on the loopback: its admin
 * commands, enrolment, the wall between communities, revocation, bad
 * requests, street-office totals, TLS and its refusals
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * LINLI_TEST_STORAGE=postgres runs it against a PostgreSQL cluster of
 * its own (and checks the row-level security too).
 */

#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <signal.h>
#include <string.h>

#include "linli-core.h"
#include "linli-server-sql.h"
#include "sync-test-util.h"

static SyncTestStorage *storage;
static SyncTestProcess *server;
static char *tmp;
static char *cid_a, *cid_b, *office;

typedef struct
{
  LinliDb         *db;
  LinliSyncClient *client;
  char            *path;
} Pc;

static void
pc_free (Pc *pc)
{
  g_clear_object (&pc->client);
  g_clear_object (&pc->db);
  g_free (pc->path);
  g_free (pc);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Pc, pc_free)

static Pc *
new_pc (const char *name)
{
  g_autoptr(GError) error = NULL;
  Pc *pc = g_new0 (Pc, 1);

  pc->path = g_build_filename (tmp, name, NULL);
  g_unlink (pc->path);
  pc->db = linli_db_open (pc->path, &error);
  g_assert_no_error (error);
  pc->client = linli_sync_client_new (pc->db);
  return pc;
}

static void
enrol (Pc         *pc,
       const char *community)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *code = sync_test_admin (storage, "enrol-code", community, NULL);

  g_assert_true (linli_sync_client_enrol (pc->client, server->url, code, NULL, &error));
  g_assert_no_error (error);
}

static gint64
changes_of (const char *cid)
{
  g_autoptr(LinliServerStore) store = sync_test_storage_open (storage);

  return linli_server_store_count_changes (store, cid, NULL);
}

static char *
request (const char *method,
         const char *path,
         const char *token,
         const char *body,
         gssize      len,
         guint      *status)
{
  g_autoptr(GBytes) answer = sync_test_http (server->url, method, path, token, body, len, status);
  gsize n = 0;
  const char *data = answer ? g_bytes_get_data (answer, &n) : "";

  return g_strndup (data, n);
}

static gboolean
server_alive (void)
{
  guint status = 0;
  g_autofree char *answer = request ("GET", "/v1/", NULL, NULL, 0, &status);

  return status == 200 && strstr (answer, "linli-server") != NULL;
}

static void
test_admin (void)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *bin = g_build_filename (g_getenv ("LINLI_BUILD_ROOT"), "src", "server", "linli-server", NULL);
  g_autofree char *code = sync_test_admin (storage, "enrol-code", cid_a, NULL);
  g_autofree char *list = sync_test_admin (storage, "communities", NULL);
  int status;

  g_assert_true (g_regex_match_simple ("^[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}$", code, 0, 0));
  g_assert_nonnull (strstr (list, cid_a));
  g_assert_nonnull (strstr (list, "东龙社区"));

  status = sync_test_run ((const char *[]) { bin, storage->args[0], storage->args[1], "admin", "enrol-code",
                                             "c-nosuchcommunity", NULL }, NULL, &out, &err);
  g_assert_cmpint (status, ==, 1);
  g_assert_nonnull (strstr (err, "c-nosuchcommunity"));
  g_clear_pointer (&err, g_free);
  g_clear_pointer (&out, g_free);

  status = sync_test_run ((const char *[]) { bin, storage->args[0], storage->args[1], "admin", "frobnicate", NULL },
                          NULL, &out, &err);
  g_assert_cmpint (status, ==, 2);
  g_clear_pointer (&err, g_free);
  g_clear_pointer (&out, g_free);

  status = sync_test_run ((const char *[]) { bin, "admin", "devices", NULL }, NULL, &out, &err);
  g_assert_cmpint (status, ==, 2);
  g_assert_nonnull (strstr (err, "--data"));
}

static void
test_enrol (void)
{
  g_autoptr(Pc) a = new_pc ("enrol-a.db");
  g_autoptr(Pc) b = new_pc ("enrol-b.db");
  g_autoptr(Pc) c = new_pc ("enrol-c.db");
  g_autoptr(GHashTable) ids = sync_test_fill_every_table (a->db, "ledger-enrol-a");
  g_autoptr(GHashTable) other = sync_test_fill_every_table (c->db, "ledger-enrol-other");
  g_autoptr(GError) error = NULL;
  g_autofree char *cid = sync_test_admin (storage, "add-community", "青和居社区", NULL);
  g_autofree char *code = sync_test_admin (storage, "enrol-code", cid, NULL);
  g_autofree char *code2 = NULL;
  g_autofree char *devices = NULL;

  /* A wrong code. */
  g_assert_false (linli_sync_client_enrol (a->client, server->url, "AAAA-BBBB-CCCC", NULL, &error));
  g_assert_error (error, LINLI_SYNC_ERROR, LINLI_SYNC_ERROR_BAD_CODE);
  g_clear_error (&error);

  /* The first PC brings its records; its code, read back with dashes and
   * in small letters, works once. */
  {
    g_autofree char *lower = g_ascii_strdown (code, -1);

    g_assert_true (linli_sync_client_enrol (a->client, server->url, lower, NULL, &error));
    g_assert_no_error (error);
  }
  g_assert_true (linli_sync_client_sync (a->client, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (linli_sync_client_enrol (b->client, server->url, code, NULL, &error));
  g_assert_error (error, LINLI_SYNC_ERROR, LINLI_SYNC_ERROR_BAD_CODE);
  g_clear_error (&error);

  /* The same PC asking again with its code gets a new token (its answer
   * was lost, say); the first one stays good. */
  {
    g_autofree char *first = linli_db_get_meta (a->db, "sync_token");
    g_autofree char *second = NULL;
    guint status = 0;
    g_autofree char *path = g_strdup_printf ("/v1/c/%s/status", cid);
    g_autofree char *answer = NULL;

    g_assert_true (linli_sync_client_enrol (a->client, server->url, code, NULL, &error));
    g_assert_no_error (error);
    second = linli_db_get_meta (a->db, "sync_token");
    g_assert_cmpstr (first, !=, second);
    answer = request ("GET", path, first, NULL, 0, &status);
    g_assert_cmpuint (status, ==, 200);
  }

  /* A file of another community: refused, with both names. */
  code2 = sync_test_admin (storage, "enrol-code", cid, NULL);
  g_assert_false (linli_sync_client_enrol (c->client, server->url, code2, NULL, &error));
  g_assert_error (error, LINLI_SYNC_ERROR, LINLI_SYNC_ERROR_OTHER_COMMUNITY);
  g_assert_nonnull (strstr (error->message, "青和居社区"));
  g_clear_error (&error);

  /* An empty PC receives everything. */
  g_assert_true (linli_sync_client_enrol (b->client, server->url, code2, NULL, &error));
  g_assert_true (linli_sync_client_sync (b->client, NULL, &error));
  g_assert_no_error (error);
  {
    g_autofree char *da = sync_test_canonical_dump (a->db);
    g_autofree char *db_ = sync_test_canonical_dump (b->db);

    g_assert_cmpstr (da, ==, db_);
  }

  devices = sync_test_admin (storage, "devices", NULL);
  g_assert_nonnull (strstr (devices, g_get_host_name ()));
}

/* A token of community A reads and writes A only. */
static void
test_wall_between_communities (void)
{
  g_autoptr(Pc) a = new_pc ("wall-a.db");
  g_autoptr(Pc) b = new_pc ("wall-b.db");
  g_autoptr(GHashTable) ids_a = sync_test_fill_every_table (a->db, "ledger-wall-a");
  g_autoptr(GHashTable) ids_b = sync_test_fill_every_table (b->db, "ledger-wall-b");
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  gint64 before_a, before_b;
  guint status = 0;
  g_autofree char *a_path = NULL;
  g_autofree char *b_pull = NULL;
  g_autofree char *b_push = NULL;
  g_autofree char *b_status = NULL;
  g_autofree char *answer = NULL;
  g_autofree char *body = NULL;

  enrol (a, cid_a);
  enrol (b, cid_b);
  g_assert_true (linli_sync_client_sync (a->client, NULL, &error));
  g_assert_true (linli_sync_client_sync (b->client, NULL, &error));
  g_assert_no_error (error);
  before_a = changes_of (cid_a);
  before_b = changes_of (cid_b);
  g_assert_cmpint (before_b, >, 30);

  token = linli_db_get_meta (a->db, "sync_token");
  b_pull = g_strdup_printf ("/v1/c/%s/pull?after=0", cid_b);
  b_push = g_strdup_printf ("/v1/c/%s/push", cid_b);
  b_status = g_strdup_printf ("/v1/c/%s/status", cid_b);
  a_path = g_strdup_printf ("/v1/c/%s/push", cid_a);

  answer = request ("GET", b_pull, token, NULL, 0, &status);
  g_assert_cmpuint (status, ==, 403);
  g_assert_null (strstr (answer, "李建国"));
  g_clear_pointer (&answer, g_free);
  answer = request ("GET", b_status, token, NULL, 0, &status);
  g_assert_cmpuint (status, ==, 403);
  g_clear_pointer (&answer, g_free);

  body = g_strdup_printf ("{\"changes\":[{\"id\":\"evil-1\",\"table\":\"person\",\"row\":\"evil-row\",\"op\":\"I\","
                          "\"hlc\":\"%012" G_GINT64_MODIFIER "x0000-00000000000000aa\",\"cols\":{\"community_id\":\"ledger-wall-b\","
                          "\"name\":\"冒名\"}}]}", (guint64) (g_get_real_time () / 1000));
  answer = request ("POST", b_push, token, body, -1, &status);
  g_assert_cmpuint (status, ==, 403);
  g_clear_pointer (&answer, g_free);

  /* Through its own door, with the other community's rows. */
  answer = request ("POST", a_path, token, body, -1, &status);
  g_assert_cmpuint (status, ==, 403);
  g_assert_nonnull (strstr (answer, "forbidden"));

  g_assert_cmpint (changes_of (cid_a), ==, before_a);
  g_assert_cmpint (changes_of (cid_b), ==, before_b);
  g_assert_true (server_alive ());
}

static void
test_revoked (void)
{
  g_autoptr(Pc) a = new_pc ("revoked.db");
  g_autoptr(GError) error = NULL;
  g_autofree char *devices = NULL;
  g_autofree char *id = NULL;
  g_autofree char *token = NULL;
  g_autofree char *path = NULL;
  g_autofree char *answer = NULL;
  g_autofree char *out = NULL;
  guint status = 0;

  enrol (a, cid_a);
  g_assert_true (linli_sync_client_sync (a->client, NULL, &error));
  g_assert_no_error (error);

  id = linli_db_get_meta (a->db, "sync_device");
  devices = sync_test_admin (storage, "devices", NULL);
  g_assert_nonnull (strstr (devices, id));
  out = sync_test_admin (storage, "revoke", id, NULL);
  g_assert_nonnull (strstr (out, id));

  g_assert_false (linli_sync_client_sync (a->client, NULL, &error));
  g_assert_error (error, LINLI_SYNC_ERROR, LINLI_SYNC_ERROR_REVOKED);
  g_clear_error (&error);

  token = linli_db_get_meta (a->db, "sync_token");
  path = g_strdup_printf ("/v1/c/%s/pull", cid_a);
  answer = request ("GET", path, token, NULL, 0, &status);
  g_assert_cmpuint (status, ==, 403);
  g_assert_nonnull (strstr (answer, "revoked"));
  g_assert_true (server_alive ());
}

static void
test_bad_requests (void)
{
  g_autoptr(Pc) a = new_pc ("bad.db");
  g_autoptr(GHashTable) ids = sync_test_fill_every_table (a->db, "ledger-wall-a");
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  g_autofree char *push = NULL;
  g_autofree char *huge = NULL;
  g_autofree char *deep = NULL;
  char stamp[64];
  gint64 before;
  struct {
    const char *body;
    guint       status;
    const char *says;
  } cases[] = {
    { "{", 400, "malformed JSON" },
    { "[]", 400, "object" },
    { "{\"changes\": 5}", 400, "array" },
    { "{\"changes\": []}", 400, "1 to" },
    { "{\"base\": \"x\", \"changes\": [{}]}", 400, "integer" },
    { "{\"changes\": [{\"id\": 5}]}", 400, "string" },
    { "{\"changes\": [{\"id\":\"a\",\"table\":\"no_such_table\",\"row\":\"r\",\"op\":\"U\",\"hlc\":\"STAMP\",\"cols\":{\"x\":1}}]}", 400, "not a synced table" },
    { "{\"changes\": [{\"id\":\"a\",\"table\":\"person\",\"row\":\"r\",\"op\":\"U\",\"hlc\":\"STAMP\",\"cols\":{\"shoe_size\":1}}]}", 400, "no column" },
    { "{\"changes\": [{\"id\":\"a\",\"table\":\"person\",\"row\":\"r\",\"op\":\"U\",\"hlc\":\"STAMP\",\"cols\":{\"name\":[1,2]}}]}", 400, "null, a number or a string" },
    { "{\"changes\": [{\"id\":\"a\",\"table\":\"person\",\"row\":\"r\",\"op\":\"U\",\"hlc\":\"STAMP\",\"cols\":{\"name\":null}}]}", 400, "cannot be null" },
    { "{\"changes\": [{\"id\":\"a\",\"table\":\"person\",\"row\":\"r\",\"op\":\"I\",\"hlc\":\"STAMP\",\"cols\":{\"name\":\"x\"}}]}", 400, "needs" },
    { "{\"changes\": [{\"id\":\"a\",\"table\":\"person\",\"row\":\"r\",\"op\":\"X\",\"hlc\":\"STAMP\",\"cols\":{\"name\":\"x\"}}]}", 400, "operation" },
    { "{\"changes\": [{\"id\":\"a\",\"table\":\"person\",\"row\":\"r\",\"op\":\"U\",\"hlc\":\"yesterday\",\"cols\":{\"name\":\"x\"}}]}", 400, "stamp" },
    { "{\"changes\": [{\"id\":\"a\",\"table\":\"person\",\"row\":\"r\",\"op\":\"U\",\"hlc\":\"STAMP\",\"cols\":{\"_hlc\":\"x\"}}]}", 400, "cannot be written" },
    { "{\"changes\": [{\"id\":\"a b\",\"table\":\"person\",\"row\":\"r\",\"op\":\"U\",\"hlc\":\"STAMP\",\"cols\":{\"name\":\"x\"}}]}", 400, "id" },
    { "{\"changes\": [{\"id\":\"a\",\"table\":\"person\",\"row\":\"r\",\"op\":\"U\",\"hlc\":\"FUTURE\",\"cols\":{\"name\":\"x\"}}]}", 422, "ahead" },
    { "\xff\xfe{}", 400, "UTF-8" },
  };

  enrol (a, cid_a);
  g_assert_true (linli_sync_client_sync (a->client, NULL, &error));
  g_assert_no_error (error);
  before = changes_of (cid_a);
  token = linli_db_get_meta (a->db, "sync_token");
  push = g_strdup_printf ("/v1/c/%s/push", cid_a);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GString) body = g_string_new (cases[i].body);
      g_autofree char *answer = NULL;
      guint status = 0;

      g_snprintf (stamp, sizeof stamp, "%012" G_GINT64_MODIFIER "x0000-00000000000000aa",
                  (guint64) (g_get_real_time () / 1000));
      g_string_replace (body, "STAMP", stamp, 0);
      g_snprintf (stamp, sizeof stamp, "%012" G_GINT64_MODIFIER "x0000-00000000000000aa",
                  (guint64) (g_get_real_time () / 1000 + 86400000));
      g_string_replace (body, "FUTURE", stamp, 0);

      answer = request ("POST", push, token, body->str, (gssize) body->len, &status);
      g_test_message ("%s → %u %s", cases[i].body, status, answer);
      g_assert_cmpuint (status, ==, cases[i].status);
      g_assert_nonnull (strstr (answer, cases[i].says));
    }

  /* Nested deeper than any change: refused before json-glib recurses. */
  deep = g_strnfill (200000, '[');
  {
    guint status = 0;
    g_autofree char *answer = request ("POST", push, token, deep, -1, &status);

    g_assert_cmpuint (status, ==, 400);
    g_assert_nonnull (strstr (answer, "nested"));
  }

  /* Too large: refused before it is read. */
  huge = g_strnfill (9 * 1024 * 1024, ' ');
  {
    guint status = 0;
    g_autofree char *answer = request ("POST", push, token, huge, -1, &status);

    g_assert_cmpuint (status, ==, 413);
  }

  /* No token, a token nobody gave, a path that is not there, a verb
   * that does not go there, numbers that are not numbers. */
  {
    guint status = 0;
    g_autofree char *p = g_strdup_printf ("/v1/c/%s/pull", cid_a);
    g_autofree char *q = g_strdup_printf ("/v1/c/%s/pull?after=-1", cid_a);
    g_autofree char *r = g_strdup_printf ("/v1/c/%s/pull?limit=9999999", cid_a);
    g_autofree char *s1 = request ("GET", p, NULL, NULL, 0, &status);

    g_assert_cmpuint (status, ==, 401);
    g_free (request ("GET", p, "lt1-0000", NULL, 0, &status));
    g_assert_cmpuint (status, ==, 401);
    g_free (request ("GET", "/v2/anything", token, NULL, 0, &status));
    g_assert_cmpuint (status, ==, 404);
    g_free (request ("POST", p, token, "{}", -1, &status));
    g_assert_cmpuint (status, ==, 405);
    g_free (request ("GET", q, token, NULL, 0, &status));
    g_assert_cmpuint (status, ==, 400);
    g_free (request ("GET", r, token, NULL, 0, &status));
    g_assert_cmpuint (status, ==, 400);
  }

  g_assert_cmpint (changes_of (cid_a), ==, before);
  g_assert_true (server_alive ());

  /* And it still syncs. */
  g_assert_true (linli_sync_client_sync (a->client, NULL, &error));
  g_assert_no_error (error);
}

/* Street-office accounts read totals, and nothing of a person. */
static void
test_office_totals (void)
{
  g_autoptr(Pc) a = new_pc ("totals-a.db");
  g_autoptr(Pc) o = new_pc ("office.db");
  g_autoptr(GError) error = NULL;
  g_autofree char *cid = sync_test_admin (storage, "add-community", "绿景苑社区", "--office", office, NULL);
  g_autofree char *code = sync_test_admin (storage, "enrol-code", "--office", office, NULL);
  g_autofree char *ledger = linli_new_id ();
  g_autoptr(GHashTable) ids = sync_test_fill_every_table (a->db, ledger);
  g_autofree char *totals = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *this_month = g_date_time_format (now, "%Y-%m-15T10:00");
  g_autofree char *team = NULL;
  guint status = 0;

  /* A complete 119 squad: backbone, cadre, nine residents. */
  g_assert_true (linli_db_begin (a->db, &error));
  team = linli_db_insert (a->db, &error, "team", "community_id,kind,name", "sss", ledger, "squad119", "3栋119自管小分队");
  for (guint i = 0; i < 11; i++)
    {
      g_autofree char *name = g_strdup_printf ("队员%u", i);
      g_autofree char *p = linli_db_insert (a->db, &error, "person", "community_id,name", "ss", ledger, name);
      g_autofree char *m = linli_db_insert (a->db, &error, "team_member", "community_id,team_id,person_id,role", "ssss",
                                            ledger, team, p,
                                            i == 0 ? "party_backbone" : i == 1 ? "sunk_cadre" : "building_resident");
    }
  g_free (linli_db_insert (a->db, &error, "visit", "community_id,household_id,visited_at", "sss", ledger,
                           (char *) g_hash_table_lookup (ids, "household"), this_month));
  g_assert_true (linli_db_commit (a->db, &error));
  g_assert_no_error (error);

  enrol (a, cid);
  g_assert_true (linli_sync_client_sync (a->client, NULL, &error));
  g_assert_no_error (error);

  g_assert_true (linli_sync_client_enrol (o->client, server->url, code, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (linli_sync_client_sync (o->client, NULL, &error));
  g_assert_no_error (error);
  totals = linli_db_get_meta (o->db, "office_totals");
  g_test_message ("%s", totals);
  g_assert_nonnull (strstr (totals, "绿景苑社区"));
  g_assert_nonnull (strstr (totals, "\"residents\":11"));
  g_assert_nonnull (strstr (totals, "\"squads\":2"));
  g_assert_nonnull (strstr (totals, "\"squads_complete\":1"));
  g_assert_nonnull (strstr (totals, "\"build\":1"));
  g_assert_nonnull (strstr (totals, "\"crowdfunding\":1200000"));
  {
    /* Ours, and the filled-in one if this month is its month. */
    g_autofree char *month = g_date_time_format (now, "%Y-%m");
    g_autofree char *visits = g_strdup_printf ("\"visits_month\":%d", g_str_equal (month, "2026-11") ? 2 : 1);

    g_assert_nonnull (strstr (totals, visits));
  }
  g_assert_null (strstr (totals, "李建国"));
  g_assert_null (strstr (totals, "队员"));
  /* Only the office's communities. */
  g_assert_null (strstr (totals, "东龙社区"));

  /* The office reads no community's changes; a PC reads no totals. */
  {
    g_autofree char *otoken = linli_db_get_meta (o->db, "sync_token");
    g_autofree char *atoken = linli_db_get_meta (a->db, "sync_token");
    g_autofree char *pull = g_strdup_printf ("/v1/c/%s/pull", cid);

    g_free (request ("GET", pull, otoken, NULL, 0, &status));
    g_assert_cmpuint (status, ==, 403);
    g_free (request ("GET", "/v1/office/totals", atoken, NULL, 0, &status));
    g_assert_cmpuint (status, ==, 403);
  }
}

/* PostgreSQL's row-level security: the second wall, behind the server's
 * own checks. The role linli sees one community per transaction. */
static void
test_row_level_security (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LinliSql) sql = NULL;
  g_autofree char *n = NULL;
  g_autofree char *mine = NULL;
  g_autofree char *theirs = NULL;
  g_autofree char *set = NULL;

  if (!storage->postgres)
    {
      g_test_skip ("row-level security is PostgreSQL's");
      return;
    }

  /* Some data in both. */
  test_wall_between_communities ();

  sql = linli_sql_open_postgres (storage->uri, &error);
  g_assert_no_error (error);
  n = linli_sql_query_value (sql, &error, "SELECT count(*) FROM change_log", 0);
  g_assert_cmpstr (n, ==, "0");

  g_assert_true (linli_sql_exec_script (sql, "BEGIN", &error));
  set = g_strdup_printf ("SELECT set_config ('linli.community', '%s', true)", cid_a);
  g_assert_true (linli_sql_exec_script (sql, set, &error));
  mine = linli_sql_query_value (sql, &error, "SELECT count(*) FROM change_log WHERE cid = $1", 1, cid_a);
  theirs = linli_sql_query_value (sql, &error, "SELECT count(*) FROM change_log WHERE cid = $1", 1, cid_b);
  g_assert_cmpint (g_ascii_strtoll (mine, NULL, 10), >, 0);
  g_assert_cmpstr (theirs, ==, "0");

  /* Writing into B while declared A is refused by the policy. */
  g_assert_false (linli_sql_exec (sql, &error,
                                  "INSERT INTO row_state (cid, tbl, row_id, doc, stamps) VALUES ($1, 'person', 'x', '{}', '{}')",
                                  1, cid_b));
  g_assert_nonnull (strstr (error->message, "row-level security"));
  linli_sql_rollback (sql);
}

/* A community whose counter row is gone (a hand-edited database): the
 * office's totals answer 500 and the server stays up. */
static void
test_totals_broken_community (void)
{
  g_autoptr(Pc) o = new_pc ("office-broken.db");
  g_autoptr(GError) error = NULL;
  g_autoptr(LinliSql) sql = NULL;
  g_autofree char *office2 = sync_test_admin (storage, "add-office", "武昌区测试街道", NULL);
  g_autofree char *cid = sync_test_admin (storage, "add-community", "断了计数的社区", "--office", office2, NULL);
  g_autofree char *code = sync_test_admin (storage, "enrol-code", "--office", office2, NULL);
  g_autofree char *token = NULL;
  guint status = 0;

  g_assert_true (linli_sync_client_enrol (o->client, server->url, code, NULL, &error));
  g_assert_no_error (error);
  token = linli_db_get_meta (o->db, "sync_token");

  if (storage->postgres)
    {
      g_autofree char *set = g_strdup_printf ("SELECT set_config ('linli.community', '%s', true)", cid);

      sql = linli_sql_open_postgres (storage->uri, &error);
      g_assert_no_error (error);
      g_assert_true (linli_sql_exec_script (sql, "BEGIN", &error));
      g_assert_true (linli_sql_exec_script (sql, set, &error));
    }
  else
    {
      g_autofree char *path = g_build_filename (storage->dir, "linli-server.db", NULL);

      sql = linli_sql_open_sqlite (path, &error);
      g_assert_no_error (error);
      g_assert_true (linli_sql_exec_script (sql, "BEGIN", &error));
    }
  g_assert_true (linli_sql_exec (sql, &error, "DELETE FROM seq_counter WHERE cid = $1", 1, cid));
  g_assert_true (linli_sql_exec_script (sql, "COMMIT", &error));
  g_assert_no_error (error);

  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *answer = request ("GET", "/v1/office/totals", token, NULL, 0, &status);

      g_assert_cmpuint (status, ==, 500);
      g_assert_nonnull (strstr (answer, "server_error"));
    }
}

static char *
make_certificate (void)
{
  g_autofree char *key = g_build_filename (tmp, "key.pem", NULL);
  g_autofree char *cert = g_build_filename (tmp, "cert.pem", NULL);
  g_autofree char *openssl = g_find_program_in_path ("openssl");

  if (openssl == NULL)
    return NULL;
  if (sync_test_run ((const char *[]) { openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key,
                                        "-out", cert, "-days", "2", "-subj", "/CN=127.0.0.1",
                                        "-addext", "subjectAltName=IP:127.0.0.1", NULL }, NULL, NULL, NULL) != 0)
    return NULL;
  return g_steal_pointer (&cert);
}

static void
test_tls (void)
{
  g_autofree char *cert = make_certificate ();
  g_autofree char *key = g_build_filename (tmp, "key.pem", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(Pc) a = new_pc ("tls.db");
  g_autofree char *code = NULL;
  SyncTestProcess *tls;
  g_autoptr(GPtrArray) args = g_ptr_array_new ();

  if (cert == NULL)
    {
      g_test_skip ("openssl is not installed: no certificate to test with");
      return;
    }

  g_ptr_array_add (args, (char *) storage->args[0]);
  g_ptr_array_add (args, (char *) storage->args[1]);
  g_ptr_array_add (args, (char *) "--tls-cert");
  g_ptr_array_add (args, cert);
  g_ptr_array_add (args, (char *) "--tls-key");
  g_ptr_array_add (args, key);
  g_ptr_array_add (args, NULL);
  tls = sync_test_server_spawn ((const char * const *) args->pdata, "127.0.0.1:0", &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (tls->url, "https://"));

  code = sync_test_admin (storage, "enrol-code", cid_a, NULL);
  /* A self-signed certificate is refused unless the user says so. */
  g_assert_false (linli_sync_client_enrol (a->client, tls->url, code, NULL, &error));
  g_assert_error (error, LINLI_SYNC_ERROR, LINLI_SYNC_ERROR_NETWORK);
  g_assert_nonnull (strstr (error->message, "certificate"));
  g_clear_error (&error);

  linli_sync_client_set_insecure (a->client, TRUE);
  g_assert_true (linli_sync_client_enrol (a->client, tls->url, code, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (linli_sync_client_sync (a->client, NULL, &error));
  g_assert_no_error (error);

  sync_test_server_kill (tls, SIGTERM);
}

/* Plain HTTP leaves the loopback neither way. */
static void
test_plain_http_refused (void)
{
  g_autofree char *bin = g_build_filename (g_getenv ("LINLI_BUILD_ROOT"), "src", "server", "linli-server", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(Pc) a = new_pc ("plain.db");
  int status;

  status = sync_test_run ((const char *[]) { bin, storage->args[0], storage->args[1], "--listen", "0.0.0.0:0", NULL },
                          NULL, &out, &err);
  g_assert_cmpint (status, ==, 1);
  g_assert_nonnull (strstr (err, "refusing plain HTTP"));

  g_assert_false (linli_sync_client_enrol (a->client, "http://192.0.2.7:8080", "AAAA", NULL, &error));
  g_assert_error (error, LINLI_SYNC_ERROR, LINLI_SYNC_ERROR_INSECURE);
  g_clear_error (&error);
  linli_sync_client_set_insecure (a->client, TRUE);
  g_assert_false (linli_sync_client_enrol (a->client, "https://192.0.2.7:8443", "AAAA", NULL, &error));
  g_assert_error (error, LINLI_SYNC_ERROR, LINLI_SYNC_ERROR_INSECURE);
}

/* Guessing codes: after twenty wrong ones an address waits. */
static void
test_enrol_attempts_limited (void)
{
  guint status = 0;

  for (guint i = 0; i < 25; i++)
    g_free (request ("POST", "/v1/enrol", NULL,
                     "{\"code\":\"ZZZZ-ZZZZ-ZZZZ\",\"device\":\"0123456789abcdef\"}", -1, &status));
  g_assert_cmpuint (status, ==, 429);
  g_assert_true (server_alive ());
}

int
main (int argc, char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *skip = NULL;
  int ret;

  setlocale (LC_ALL, "C.UTF-8");
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  g_test_init (&argc, &argv, NULL);
  linli_core_init ();

  storage = sync_test_storage_new ("server", &skip);
  if (storage == NULL)
    {
      g_test_message ("%s", skip);
      g_print ("1..0 # SKIP %s\n", skip);
      return 0;
    }
  tmp = sync_test_tmpdir ("server-pcs");
  office = sync_test_admin (storage, "add-office", "青山区红卫路街道", NULL);
  cid_a = sync_test_admin (storage, "add-community", "东龙社区", NULL);
  cid_b = sync_test_admin (storage, "add-community", "施营社区", NULL);
  server = sync_test_server_spawn (storage->args, "127.0.0.1:0", &error);
  g_assert_no_error (error);

  g_test_add_func ("/sync/server/admin", test_admin);
  g_test_add_func ("/sync/server/enrol", test_enrol);
  g_test_add_func ("/sync/server/wall-between-communities", test_wall_between_communities);
  g_test_add_func ("/sync/server/revoked", test_revoked);
  g_test_add_func ("/sync/server/bad-requests", test_bad_requests);
  g_test_add_func ("/sync/server/office-totals", test_office_totals);
  g_test_add_func ("/sync/server/row-level-security", test_row_level_security);
  g_test_add_func ("/sync/server/tls", test_tls);
  g_test_add_func ("/sync/server/plain-http-refused", test_plain_http_refused);
  /* Before the test that locks this address out of enrolment. */
  g_test_add_func ("/sync/server/totals-broken-community", test_totals_broken_community);
  g_test_add_func ("/sync/server/enrol-attempts-limited", test_enrol_attempts_limited);

  ret = g_test_run ();

  sync_test_server_kill (server, SIGTERM);
  sync_test_storage_free (storage);
  sync_test_rm_rf (tmp);
  g_free (tmp);
  g_free (cid_a);
  g_free (cid_b);
  g_free (office);
  return ret;
}
