/* test-sync-cli.c: linli-cli enrol, sync, sync --status, and their
 * exit statuses
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <signal.h>
#include <string.h>

#include "linli-core.h"
#include "sync-test-util.h"

static SyncTestStorage *storage;
static SyncTestProcess *server;
static char *tmp;
static char *cid;
static char *cli_path;

static int
cli (const char  *db,
     char       **out,
     char       **err,
     ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  int status;
  va_list ap;

  g_ptr_array_add (argv, cli_path);
  if (db != NULL)
    {
      g_ptr_array_add (argv, (char *) "--db");
      g_ptr_array_add (argv, (char *) db);
    }
  va_start (ap, err);
  for (const char *a = va_arg (ap, const char *); a != NULL; a = va_arg (ap, const char *))
    g_ptr_array_add (argv, (char *) a);
  va_end (ap);
  g_ptr_array_add (argv, NULL);
  status = sync_test_run ((const char * const *) argv->pdata, NULL, out, err);
  g_test_message ("exit %d\n%s%s", status, out ? *out : "", err ? *err : "");
  return status;
}

static char *
code (void)
{
  const char *args[] = { "enrol-code", cid, NULL };
  char *out = NULL;

  g_assert_cmpint (sync_test_server_admin (storage->args, args, &out), ==, 0);
  return out;
}

static void
test_usage (void)
{
  g_autofree char *db = g_build_filename (tmp, "usage.db", NULL);
  g_autofree char *out = NULL, *err = NULL;

  g_assert_cmpint (cli (db, &out, &err, "enrol", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "--server"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (cli (db, &out, &err, "sync", "extra", NULL), ==, 2);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (cli (NULL, &out, &err, "--help", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "enrol"));
  g_assert_nonnull (strstr (out, "sync"));
}

static void
test_not_enrolled (void)
{
  g_autofree char *db = g_build_filename (tmp, "alone.db", NULL);
  g_autofree char *out = NULL, *err = NULL;

  g_assert_cmpint (cli (db, &out, &err, "sync", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "not enrolled"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (cli (db, &out, &err, "sync", "--status", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "Not enrolled"));
}

static void
test_refuses_plain_http (void)
{
  g_autofree char *db = g_build_filename (tmp, "plain.db", NULL);
  g_autofree char *out = NULL, *err = NULL;

  g_assert_cmpint (cli (db, &out, &err, "enrol", "--server", "http://192.0.2.1:8080", "--code", "AAAA", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "not encrypted"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (cli (db, &out, &err, "enrol", "--server", "https://192.0.2.1:8443", "--code", "AAAA",
                        "--insecure", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "this computer"));
}

static void
test_enrol_sync_status (void)
{
  g_autofree char *a = g_build_filename (tmp, "a.db", NULL);
  g_autofree char *c = code ();
  g_autofree char *out = NULL, *err = NULL;

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(LinliDb) db = linli_db_open (a, &error);
    g_autoptr(GHashTable) ids = sync_test_fill_every_table (db, "ledger-cli");

    g_assert_no_error (error);
  }

  g_assert_cmpint (cli (a, &out, &err, "enrol", "--server", server->url, "--code", c, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "施营社区"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (cli (a, &out, &err, "sync", "--status", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "施营社区"));
  g_assert_nonnull (strstr (out, "Last synced: never"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (cli (a, &out, &err, "sync", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "Synced:"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (cli (a, &out, &err, "sync", "--status", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "Changes waiting to be sent: 0"));
  g_assert_null (strstr (out, "Last synced: never"));
  g_assert_nonnull (strstr (out, "d-"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Two edits wait; the server goes away: the sync fails (1), the edits
   * stay, the status says why. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(LinliDb) db = linli_db_open (a, &error);
    g_autofree char *person = linli_db_query_string (db, NULL, "SELECT id FROM person LIMIT 1", NULL);

    g_assert_true (linli_db_set (db, &error, "person", person, "phone", "s", "13811112222"));
    g_assert_true (linli_db_set (db, &error, "person", person, "notes", "s", "需要上门"));
  }
  {
    g_autoptr(GError) error = NULL;
    g_autofree char *listen = g_strdup_printf ("127.0.0.1:%u", sync_test_url_port (server->url));

    sync_test_server_kill (server, SIGTERM);
    g_assert_cmpint (cli (a, &out, &err, "sync", NULL), ==, 1);
    g_assert_nonnull (strstr (err, "could not be reached"));
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
    g_assert_cmpint (cli (a, &out, &err, "sync", "--status", NULL), ==, 0);
    g_assert_nonnull (strstr (out, "Changes waiting to be sent: 2"));
    g_assert_nonnull (strstr (out, "Last error:"));
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);

    server = NULL;
    for (guint tries = 0; server == NULL && tries < 50; tries++)
      {
        g_clear_error (&error);
        server = sync_test_server_spawn (storage->args, listen, &error);
        if (server == NULL)
          g_usleep (100000);
      }
    g_assert_no_error (error);
  }
  g_assert_cmpint (cli (a, &out, &err, "sync", NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (cli (a, &out, &err, "sync", "--status", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "Changes waiting to be sent: 0"));
  g_assert_null (strstr (out, "Last error:"));
}

int
main (int argc, char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *skip = NULL;
  int ret;

  setlocale (LC_ALL, "C.UTF-8");
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  g_setenv ("LANGUAGE", "", TRUE);
  g_test_init (&argc, &argv, NULL);
  linli_core_init ();

  g_unsetenv ("LINLI_TEST_STORAGE");
  storage = sync_test_storage_new ("cli", &skip);
  tmp = sync_test_tmpdir ("cli-pcs");
  cli_path = g_build_filename (g_getenv ("LINLI_BUILD_ROOT"), "src", "cli", "linli-cli", NULL);
  {
    const char *args[] = { "add-community", "施营社区", NULL };

    g_assert_cmpint (sync_test_server_admin (storage->args, args, &cid), ==, 0);
  }
  server = sync_test_server_spawn (storage->args, "127.0.0.1:0", &error);
  g_assert_no_error (error);

  g_test_add_func ("/sync/cli/usage", test_usage);
  g_test_add_func ("/sync/cli/not-enrolled", test_not_enrolled);
  g_test_add_func ("/sync/cli/refuses-plain-http", test_refuses_plain_http);
  g_test_add_func ("/sync/cli/enrol-sync-status", test_enrol_sync_status);

  ret = g_test_run ();

  sync_test_server_kill (server, SIGTERM);
  sync_test_storage_free (storage);
  sync_test_rm_rf (tmp);
  g_free (tmp);
  g_free (cid);
  g_free (cli_path);
  return ret;
}
