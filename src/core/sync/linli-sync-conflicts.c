/* linli-sync-conflicts.c: the "changed elsewhere" mark, for the views
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Sync resolves every conflict by itself: per column, the later edit
 * wins. When the edit that lost was made on this computer, sync notes it
 * in sync_conflict; a view asks for the notes of the record it shows,
 * shows "changed elsewhere" with the value that won and the one that
 * lost, and marks them seen once the user looked.
 */

#define G_LOG_DOMAIN "linli-sync"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "linli-sync-conflicts.h"
#include "linli-format.h"
#include "linli-search.h"
#include "linli-sync-wire.h"
#include "linli-vocab.h"

void
linli_sync_conflict_free (LinliSyncConflict *conflict)
{
  if (conflict == NULL)
    return;
  g_free (conflict->table);
  g_free (conflict->row);
  g_free (conflict->column);
  g_free (conflict->local_value);
  g_free (conflict->remote_value);
  g_free (conflict->at);
  g_free (conflict);
}

/* A JSON scalar as the text a user reads. */
static char *
json_to_text (const char *json)
{
  g_autoptr(JsonNode) node = NULL;
  GType type;

  if (json == NULL)
    return NULL;
  node = linli_sync_json_parse (json, strlen (json), NULL);
  if (node == NULL || JSON_NODE_HOLDS_NULL (node) || !JSON_NODE_HOLDS_VALUE (node))
    return NULL;
  type = json_node_get_value_type (node);
  if (type == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));
  if (type == G_TYPE_INT64)
    return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
  if (type == G_TYPE_DOUBLE)
    {
      char buf[G_ASCII_DTOSTR_BUF_SIZE];

      return g_strdup (g_ascii_formatd (buf, sizeof buf, "%.15g", json_node_get_double (node)));
    }
  return g_strdup (json);
}

static GPtrArray *
list (LinliDb     *db,
      const char  *sql,
      const char  *format,
      const char  *table,
      const char  *row,
      GError     **error)
{
  g_autoptr(LinliQuery) q = NULL;
  g_autoptr(GError) local_error = NULL;
  GPtrArray *out;

  q = format ? linli_db_query (db, error, sql, format, table, row) : linli_db_query (db, error, sql, NULL);
  if (q == NULL)
    return NULL;

  out = g_ptr_array_new_with_free_func ((GDestroyNotify) linli_sync_conflict_free);
  while (linli_query_next (q, &local_error))
    {
      LinliSyncConflict *c = g_new0 (LinliSyncConflict, 1);

      c->seq = linli_query_get_int (q, 0);
      c->table = linli_query_dup_string (q, 1);
      c->row = linli_query_dup_string (q, 2);
      c->column = linli_query_dup_string (q, 3);
      c->local_value = json_to_text (linli_query_get_string (q, 4));
      c->remote_value = json_to_text (linli_query_get_string (q, 5));
      c->at = linli_query_dup_string (q, 6);
      c->seen = linli_query_get_int (q, 7) != 0;
      g_ptr_array_add (out, c);
    }
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      g_ptr_array_unref (out);
      return NULL;
    }
  return out;
}

#define COLUMNS "seq, tbl, row_id, col, local_value, remote_value, at, seen"

/**
 * linli_sync_conflicts_for_record:
 *
 * Returns: (transfer full) (element-type LinliSyncConflict): the unseen
 *   edits of this computer on the record that lost, oldest first, one
 *   per column (the latest)
 */
GPtrArray *
linli_sync_conflicts_for_record (LinliDb     *db,
                                 const char  *table,
                                 const char  *row,
                                 GError     **error)
{
  g_return_val_if_fail (LINLI_IS_DB (db), NULL);

  return list (db,
               "SELECT " COLUMNS " FROM sync_conflict c WHERE tbl = ? AND row_id = ? AND seen = 0 "
               "AND seq = (SELECT max (seq) FROM sync_conflict d WHERE d.tbl = c.tbl AND d.row_id = c.row_id "
               "AND d.col = c.col AND d.seen = 0) ORDER BY seq",
               "ss", table, row, error);
}

gboolean
linli_sync_conflicts_has_mark (LinliDb    *db,
                               const char *table,
                               const char *row)
{
  return linli_db_query_int (db, NULL,
                             "SELECT EXISTS (SELECT 1 FROM sync_conflict WHERE tbl = ? AND row_id = ? AND seen = 0)",
                             "ss", table, row) != 0;
}

gboolean
linli_sync_conflicts_mark_seen (LinliDb     *db,
                                const char  *table,
                                const char  *row,
                                GError     **error)
{
  return linli_db_exec (db, error, "UPDATE sync_conflict SET seen = 1 WHERE tbl = ? AND row_id = ? AND seen = 0",
                        "ss", table, row);
}

gint64
linli_sync_conflicts_count_unseen (LinliDb *db)
{
  return linli_db_query_int (db, NULL, "SELECT count(*) FROM sync_conflict WHERE seen = 0", NULL);
}

/**
 * linli_sync_conflicts_list_unseen:
 *
 * Returns: (transfer full) (element-type LinliSyncConflict): every unseen
 *   mark, newest first
 */
GPtrArray *
linli_sync_conflicts_list_unseen (LinliDb  *db,
                                  GError  **error)
{
  return list (db, "SELECT " COLUMNS " FROM sync_conflict WHERE seen = 0 ORDER BY seq DESC", NULL, NULL, NULL, error);
}

gboolean
linli_sync_conflicts_mark_all_seen (LinliDb  *db,
                                    GError  **error)
{
  return linli_db_exec (db, error, "UPDATE sync_conflict SET seen = 1 WHERE seen = 0", NULL);
}

/* The fields a user edits, by the words of the pages that edit them. */
static const struct { const char *table; const char *column; const char *name; } field_names[] = {
  { NULL, "name", N_("Name") },
  { NULL, "phone", N_("Phone") },
  { NULL, "notes", N_("Notes") },
  { NULL, "deleted", N_("Deleted") },
  { NULL, "number", N_("Number") },
  { NULL, "floors", N_("Floors") },
  { NULL, "title", N_("Title") },
  { NULL, "kind", N_("Kind") },
  { NULL, "address", N_("Address") },
  { "person", "gender", N_("Gender") },
  { "person", "id_number", N_("ID Number") },
  { "person", "birth_date", N_("Date of Birth") },
  { "person", "relation", N_("Relation to Head") },
  { "person", "household_id", N_("Household") },
  { "person", "consent_publish", N_("Agreed to Be Posted") },
  { "household", "flags", N_("Marks") },
  { "household", "room", N_("Room") },
  { "household", "floor", N_("Floor") },
  { "household", "unit_id", N_("Unit") },
  { "household", "head_id", N_("Head of Household") },
  { "building", "grid_id", N_("Grid") },
  { "visit", "follow_up_done", N_("Follow-up Done") },
  { "visit", "notes", N_("Visit Notes") },
};

/**
 * linli_sync_conflict_field_name:
 *
 * Returns: the field's name as the pages say it, translated; the column
 *   itself for a field no page edits
 */
const char *
linli_sync_conflict_field_name (const char *table,
                                const char *column)
{
  for (guint pass = 0; pass < 2; pass++)
    for (guint i = 0; i < G_N_ELEMENTS (field_names); i++)
      if (g_strcmp0 (field_names[i].column, column) == 0 &&
          (pass == 0 ? g_strcmp0 (field_names[i].table, table) == 0 : field_names[i].table == NULL))
        return _(field_names[i].name);
  return column;
}

/**
 * linli_sync_conflict_value_text:
 *
 * Returns: (transfer full): @value as a user reads it: codes in words,
 *   yes or no, an ID number masked, "(empty)" for none
 */
char *
linli_sync_conflict_value_text (const char *table,
                                const char *column,
                                const char *value)
{
  if (value == NULL || *value == '\0')
    return g_strdup (_("(empty)"));
  if (g_strcmp0 (column, "id_number") == 0)
    return linli_mask_id_number (value);
  if (g_strcmp0 (column, "deleted") == 0 || g_strcmp0 (column, "consent_publish") == 0 ||
      g_strcmp0 (column, "follow_up_done") == 0)
    return g_strdup (g_strcmp0 (value, "0") == 0 ? _("No") : _("Yes"));
  if (g_strcmp0 (table, "person") == 0 && g_strcmp0 (column, "gender") == 0)
    return g_strdup (g_str_equal (value, "M") ? _("Male") : g_str_equal (value, "F") ? _("Female") : value);
  if (g_strcmp0 (table, "person") == 0 && g_strcmp0 (column, "relation") == 0)
    return g_strdup (linli_vocab_label (LINLI_VOCAB_RELATION, value));
  if (g_strcmp0 (table, "household") == 0 && g_strcmp0 (column, "flags") == 0)
    return linli_vocab_labels (LINLI_VOCAB_HOUSEHOLD_FLAG, value, _(", "));
  return g_strdup (value);
}

static const struct { const char *table; const char *name; } table_names[] = {
  { "community", N_("The community") },
  { "compound", N_("A compound") },
  { "grid", N_("A grid") },
  { "building", N_("A building") },
  { "unit", N_("A unit") },
  { "household", N_("A household") },
  { "person", N_("A person") },
  { "person_tag", N_("A person’s tag") },
  { "visit", N_("A visit") },
  { "team", N_("A team") },
  { "team_member", N_("A team member") },
  { "volunteer", N_("A volunteer") },
  { "shift", N_("A shift") },
  { "assignment", N_("A place on a shift") },
  { "meeting", N_("A meeting") },
  { "project", N_("A project") },
};

/**
 * linli_sync_conflict_record_name:
 *
 * Returns: (transfer full): the record as a user knows it: a person's
 *   name, a household's address, a building's number; the kind of
 *   record when it has none (or is gone)
 */
char *
linli_sync_conflict_record_name (LinliDb    *db,
                                 const char *table,
                                 const char *row)
{
  char *name = NULL;

  if (g_strcmp0 (table, "household") == 0)
    name = linli_household_address (db, row);
  else if (g_strcmp0 (table, "building") == 0)
    name = linli_db_query_string (db, NULL,
                                  "SELECT coalesce (nullif (name, ''), number) FROM building WHERE id = ?", "s", row);
  else if (linli_db_query_int (db, NULL, "SELECT count(*) FROM pragma_table_info (?) WHERE name = 'name'",
                               "s", table) > 0)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT name FROM \"%s\" WHERE id = ?", table);

      name = linli_db_query_string (db, NULL, sql, "s", row);
    }
  if ((name == NULL || *name == '\0') &&
      linli_db_query_int (db, NULL, "SELECT count(*) FROM pragma_table_info (?) WHERE name = 'person_id'",
                          "s", table) > 0)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT p.name FROM \"%s\" r JOIN person p ON p.id = r.person_id "
                                              "WHERE r.id = ?", table);

      g_free (name);
      name = linli_db_query_string (db, NULL, sql, "s", row);
    }
  if (name != NULL && *name != '\0')
    return name;
  g_free (name);
  for (guint i = 0; i < G_N_ELEMENTS (table_names); i++)
    if (g_str_equal (table_names[i].table, table))
      return g_strdup (_(table_names[i].name));
  return g_strdup (table);
}
