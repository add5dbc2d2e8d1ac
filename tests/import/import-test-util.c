/* import-test-util.c: what the import tests share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/wait.h>

#include "import-test-util.h"

char *
test_tmp_path (const char *name)
{
  static char *dir;

  if (dir == NULL)
    dir = g_dir_make_tmp ("linli-test-import-XXXXXX", NULL);
  return g_build_filename (dir, name, NULL);
}

/* Every row of every table, the journal included: two dumps are equal
 * only when nothing at all was written. */
char *
test_dump_db (LinliDb *db)
{
  GString *out = g_string_new (NULL);
  sqlite3 *handle = linli_db_get_handle (db);
  sqlite3_stmt *tables = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (handle,
                                       "SELECT name FROM sqlite_schema WHERE type = 'table' "
                                       "AND name NOT LIKE 'search_index%' AND name NOT LIKE 'sqlite_%' ORDER BY name",
                                       -1, &tables, NULL), ==, SQLITE_OK);
  while (sqlite3_step (tables) == SQLITE_ROW)
    {
      const char *table = (const char *) sqlite3_column_text (tables, 0);
      g_autofree char *sql = g_strdup_printf ("SELECT * FROM \"%s\" ORDER BY 1", table);
      sqlite3_stmt *rows = NULL;

      if (g_str_equal (table, "meta"))
        continue;  /* hlc_last moves on every close */
      g_string_append_printf (out, "== %s\n", table);
      g_assert_cmpint (sqlite3_prepare_v2 (handle, sql, -1, &rows, NULL), ==, SQLITE_OK);
      while (sqlite3_step (rows) == SQLITE_ROW)
        {
          for (int c = 0; c < sqlite3_column_count (rows); c++)
            {
              const char *v = (const char *) sqlite3_column_text (rows, c);

              g_string_append_printf (out, "%s|", v ? v : "∅");
            }
          g_string_append_c (out, '\n');
        }
      sqlite3_finalize (rows);
    }
  sqlite3_finalize (tables);
  return g_string_free (out, FALSE);
}

char *
test_dump_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LinliDb) db = linli_db_open (path, &error);

  g_assert_no_error (error);
  return test_dump_db (db);
}

/* The residents as a ledger shows them, independent of ids and order. */
char *
test_residents (LinliDb *db)
{
  GString *out = g_string_new (NULL);
  g_autoptr(LinliQuery) q = NULL;
  g_autoptr(GError) error = NULL;

  q = linli_db_query (db, &error,
                      "SELECT p.name, p.gender, p.id_number, p.birth_date, p.phone, g.name, c.name, b.number, "
                      "u.number, h.room, h.floor, p.relation, h.head_id = p.id, "
                      "(SELECT group_concat (name, '、') FROM (SELECT t.name FROM person_tag pt JOIN tag t ON t.id = pt.tag_id "
                      "  WHERE pt.person_id = p.id AND pt.deleted = 0 ORDER BY t.name)), p.notes "
                      "FROM person p JOIN household h ON h.id = p.household_id JOIN unit u ON u.id = h.unit_id "
                      "JOIN building b ON b.id = u.building_id LEFT JOIN grid g ON g.id = b.grid_id "
                      "LEFT JOIN compound c ON c.id = b.compound_id "
                      "WHERE p.deleted = 0 ORDER BY p.id_number, p.name, b.number, h.room", NULL);
  g_assert_no_error (error);
  while (linli_query_next (q, NULL))
    {
      for (int c = 0; c < 15; c++)
        {
          const char *v = linli_query_get_string (q, c);

          g_string_append_printf (out, "%s|", v ? v : "∅");
        }
      g_string_append_c (out, '\n');
    }
  return g_string_free (out, FALSE);
}

int
test_run_cli (const char *const *args,
              char              **out,
              char              **err)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  int status = -1;

  g_ptr_array_add (argv, (char *) g_getenv ("LINLI_CLI"));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);

  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                out, err, &status, &error);
  g_assert_no_error (error);
  return WIFEXITED (status) ? WEXITSTATUS (status) : -1;
}
