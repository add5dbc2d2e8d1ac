/* linli-sync-wire.c: the JSON of sync, its limits and its checks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Both sides decode what the other sent as hostile: bounded nesting,
 * bounded sizes, only scalars as values, stamps that parse, tables and
 * columns the schema knows (on the server; a client keeps what it does
 * not know yet for after its upgrade).
 */

#define G_LOG_DOMAIN "linli-sync"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "linli-hlc.h"
#include "linli-sync-wire.h"

G_DEFINE_QUARK (linli-sync-error-quark, linli_sync_error)

static const struct {
  LinliSyncError  code;
  const char     *wire;
  guint           status;
} error_names[] = {
  { LINLI_SYNC_ERROR_FAILED, "failed", 500 },
  { LINLI_SYNC_ERROR_BAD_REQUEST, "bad_request", 400 },
  { LINLI_SYNC_ERROR_UNAUTHORIZED, "unauthorized", 401 },
  { LINLI_SYNC_ERROR_REVOKED, "revoked", 403 },
  { LINLI_SYNC_ERROR_FORBIDDEN, "forbidden", 403 },
  { LINLI_SYNC_ERROR_BAD_CODE, "bad_code", 403 },
  { LINLI_SYNC_ERROR_OTHER_COMMUNITY, "other_community", 409 },
  { LINLI_SYNC_ERROR_CLOCK, "clock_ahead", 422 },
  { LINLI_SYNC_ERROR_TOO_LARGE, "too_large", 413 },
  { LINLI_SYNC_ERROR_SERVER, "server_error", 500 },
  { LINLI_SYNC_ERROR_PROTOCOL, "protocol", 400 },
};

const char *
linli_sync_error_to_wire (LinliSyncError code)
{
  for (guint i = 0; i < G_N_ELEMENTS (error_names); i++)
    if (error_names[i].code == code)
      return error_names[i].wire;
  return "failed";
}

guint
linli_sync_error_http_status (LinliSyncError code)
{
  for (guint i = 0; i < G_N_ELEMENTS (error_names); i++)
    if (error_names[i].code == code)
      return error_names[i].status;
  return 500;
}

LinliSyncError
linli_sync_error_from_wire (const char *name,
                            guint       http_status)
{
  for (guint i = 0; name != NULL && i < G_N_ELEMENTS (error_names); i++)
    if (g_str_equal (error_names[i].wire, name))
      return error_names[i].code;

  switch (http_status)
    {
    case 400: return LINLI_SYNC_ERROR_BAD_REQUEST;
    case 401: return LINLI_SYNC_ERROR_UNAUTHORIZED;
    case 403: return LINLI_SYNC_ERROR_FORBIDDEN;
    case 409: return LINLI_SYNC_ERROR_OTHER_COMMUNITY;
    case 413: return LINLI_SYNC_ERROR_TOO_LARGE;
    case 422: return LINLI_SYNC_ERROR_CLOCK;
    default:
      return http_status >= 500 ? LINLI_SYNC_ERROR_SERVER : LINLI_SYNC_ERROR_PROTOCOL;
    }
}

/* Schema ---------------------------------------------------------------- */

struct _LinliSyncSchema
{
  gatomicrefcount  ref_count;
  GPtrArray       *tables;      /* LinliSyncTable */
  GHashTable      *by_name;
};

static void
column_free (gpointer data)
{
  LinliSyncColumn *c = data;

  g_free (c->name);
  g_free (c);
}

static void
table_free (gpointer data)
{
  LinliSyncTable *t = data;

  g_free (t->name);
  g_ptr_array_unref (t->columns);
  g_hash_table_unref (t->by_name);
  g_free (t);
}

static char
affinity_of (const char *declared)
{
  g_autofree char *up = g_ascii_strup (declared ? declared : "", -1);

  /* SQLite's rules, in its order. */
  if (strstr (up, "INT") != NULL)
    return 'i';
  if (strstr (up, "CHAR") != NULL || strstr (up, "CLOB") != NULL || strstr (up, "TEXT") != NULL)
    return 't';
  if (strstr (up, "REAL") != NULL || strstr (up, "FLOA") != NULL || strstr (up, "DOUB") != NULL)
    return 'r';
  return 'n';
}

/**
 * linli_sync_schema_new_from_db:
 *
 * Returns: (transfer full): the synced tables of @db and their columns
 */
LinliSyncSchema *
linli_sync_schema_new_from_db (LinliDb *db)
{
  LinliSyncSchema *schema = g_new0 (LinliSyncSchema, 1);
  g_auto(GStrv) tables = linli_db_list_synced_tables (db);

  g_atomic_ref_count_init (&schema->ref_count);
  schema->tables = g_ptr_array_new_with_free_func (table_free);
  schema->by_name = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; tables[i] != NULL; i++)
    {
      LinliSyncTable *t = g_new0 (LinliSyncTable, 1);
      g_autoptr(LinliQuery) q = NULL;

      t->name = g_strdup (tables[i]);
      t->columns = g_ptr_array_new_with_free_func (column_free);
      t->by_name = g_hash_table_new (g_str_hash, g_str_equal);

      q = linli_db_query (db, NULL,
                          "SELECT name, type, \"notnull\", dflt_value IS NOT NULL "
                          "FROM pragma_table_info (?) ORDER BY cid", "s", tables[i]);
      while (q != NULL && linli_query_next (q, NULL))
        {
          const char *name = linli_query_get_string (q, 0);
          LinliSyncColumn *c;

          if (g_str_equal (name, "id") || g_str_equal (name, "_hlc"))
            continue;

          c = g_new0 (LinliSyncColumn, 1);
          c->name = g_strdup (name);
          c->affinity = affinity_of (linli_query_get_string (q, 1));
          c->notnull = linli_query_get_int (q, 2) != 0;
          c->has_default = linli_query_get_int (q, 3) != 0;
          g_ptr_array_add (t->columns, c);
          g_hash_table_insert (t->by_name, c->name, c);
        }

      g_ptr_array_add (schema->tables, t);
      g_hash_table_insert (schema->by_name, t->name, t);
    }

  return schema;
}

/**
 * linli_sync_schema_new_builtin:
 *
 * Returns: (transfer full) (nullable): the schema this Linli writes
 */
LinliSyncSchema *
linli_sync_schema_new_builtin (GError **error)
{
  g_autoptr(LinliDb) db = linli_db_open_memory (error);

  if (db == NULL)
    return NULL;
  return linli_sync_schema_new_from_db (db);
}

LinliSyncSchema *
linli_sync_schema_ref (LinliSyncSchema *schema)
{
  g_atomic_ref_count_inc (&schema->ref_count);
  return schema;
}

void
linli_sync_schema_unref (LinliSyncSchema *schema)
{
  if (schema == NULL)
    return;
  if (g_atomic_ref_count_dec (&schema->ref_count))
    {
      g_hash_table_unref (schema->by_name);
      g_ptr_array_unref (schema->tables);
      g_free (schema);
    }
}

const LinliSyncTable *
linli_sync_schema_lookup (LinliSyncSchema *schema,
                          const char      *table)
{
  return table ? g_hash_table_lookup (schema->by_name, table) : NULL;
}

const GPtrArray *
linli_sync_schema_get_tables (LinliSyncSchema *schema)
{
  return schema->tables;
}

const LinliSyncColumn *
linli_sync_table_lookup (const LinliSyncTable *table,
                         const char           *column)
{
  return column ? g_hash_table_lookup (table->by_name, column) : NULL;
}

/* Changes --------------------------------------------------------------- */

LinliSyncChange *
linli_sync_change_new (void)
{
  return g_new0 (LinliSyncChange, 1);
}

void
linli_sync_change_free (LinliSyncChange *change)
{
  if (change == NULL)
    return;
  g_free (change->id);
  g_free (change->table);
  g_free (change->row);
  g_free (change->hlc);
  g_clear_pointer (&change->cols, json_object_unref);
  g_clear_pointer (&change->over, json_object_unref);
  g_free (change);
}

gboolean
linli_sync_is_id (const char *s)
{
  gsize n = 0;

  if (s == NULL || *s == '\0')
    return FALSE;
  for (; *s; s++, n++)
    if (!(g_ascii_isalnum (*s) || *s == '-' || *s == '_' || *s == '.') || n >= LINLI_SYNC_MAX_ID)
      return FALSE;
  return TRUE;
}

gboolean
linli_sync_is_device_id (const char *s)
{
  if (s == NULL || strlen (s) != 16)
    return FALSE;
  for (; *s; s++)
    if (!g_ascii_isdigit (*s) && !(*s >= 'a' && *s <= 'f'))
      return FALSE;
  return TRUE;
}

/* JSON ------------------------------------------------------------------ */

static gboolean
check_depth (const char  *data,
             gsize        len,
             GError     **error)
{
  int depth = 0;
  gboolean in_string = FALSE;

  for (gsize i = 0; i < len; i++)
    {
      char ch = data[i];

      if (in_string)
        {
          if (ch == '\\')
            {
              /* json-glib turns \u0000 into the end of the string. */
              if (i + 5 < len && memcmp (data + i + 1, "u0000", 5) == 0)
                {
                  g_set_error (error, LINLI_SYNC_ERROR, LINLI_SYNC_ERROR_BAD_REQUEST,
                               "a string holds a NUL character (\\u0000) at byte %" G_GSIZE_FORMAT, i);
                  return FALSE;
                }
              i++;
            }
          else if (ch == '"')
            in_string = FALSE;
          continue;
        }
      if (ch == '"')
        in_string = TRUE;
      else if (ch == '[' || ch == '{')
        {
          if (++depth > LINLI_SYNC_MAX_JSON_DEPTH)
            {
              g_set_error (error, LINLI_SYNC_ERROR, LINLI_SYNC_ERROR_BAD_REQUEST,
                           "JSON nested deeper than %d levels at byte %" G_GSIZE_FORMAT,
                           LINLI_SYNC_MAX_JSON_DEPTH, i);
              return FALSE;
            }
        }
      else if (ch == ']' || ch == '}')
        depth--;
    }
  return TRUE;
}

/**
 * linli_sync_json_parse:
 *
 * Returns: (transfer full) (nullable): the root of @data, which must be
 *   UTF-8 JSON nested at most %LINLI_SYNC_MAX_JSON_DEPTH deep
 */
JsonNode *
linli_sync_json_parse (const char  *data,
                       gsize        len,
                       GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *end = NULL;

  if (data == NULL || len == 0)
    {
      g_set_error_literal (error, LINLI_SYNC_ERROR, LINLI_SYNC_ERROR_BAD_REQUEST, "empty body, JSON expected");
      return NULL;
    }
  if (len > G_MAXSSIZE || !g_utf8_validate (data, (gssize) len, &end))
    {
      g_set_error (error, LINLI_SYNC_ERROR, LINLI_SYNC_ERROR_BAD_REQUEST,
                   "the body is not UTF-8 (byte %" G_GSIZE_FORMAT ")", end ? (gsize) (end - data) : 0);
      return NULL;
    }
  if (memchr (data, '\0', len) != NULL)
    {
      g_set_error_literal (error, LINLI_SYNC_ERROR, LINLI_SYNC_ERROR_BAD_REQUEST, "the body holds a NUL byte");
      return NULL;
    }
  if (!check_depth (data, len, error))
    return NULL;

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, (gssize) len, &local_error))
    {
      g_set_error (error, LINLI_SYNC_ERROR, LINLI_SYNC_ERROR_BAD_REQUEST,
                   "malformed JSON: %s", local_error->message);
      return NULL;
    }
  if (json_parser_get_root (parser) == NULL)
    {
      g_set_error_literal (error, LINLI_SYNC_ERROR, LINLI_SYNC_ERROR_BAD_REQUEST, "empty JSON");
      return NULL;
    }
  return json_parser_steal_root (parser);
}

void
linli_sync_json_append_string (GString    *out,
                               const char *s)
{
  g_string_append_c (out, '"');
  for (const char *p = s; *p; p++)
    {
      guchar ch = (guchar) *p;

      switch (ch)
        {
        case '"': g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '\t': g_string_append (out, "\\t"); break;
        case '\b': g_string_append (out, "\\b"); break;
        case '\f': g_string_append (out, "\\f"); break;
        default:
          if (ch < 0x20)
            g_string_append_printf (out, "\\u%04x", ch);
          else
            g_string_append_c (out, (char) ch);
        }
    }
  g_string_append_c (out, '"');
}

/* Reals with 17 digits: they read back to the same double. */
void
linli_sync_json_append_value (GString  *out,
                              JsonNode *value)
{
  if (value == NULL || JSON_NODE_HOLDS_NULL (value))
    {
      g_string_append (out, "null");
      return;
    }
  if (JSON_NODE_HOLDS_VALUE (value))
    {
      GType type = json_node_get_value_type (value);

      if (type == G_TYPE_INT64)
        {
          g_string_append_printf (out, "%" G_GINT64_FORMAT, json_node_get_int (value));
          return;
        }
      if (type == G_TYPE_DOUBLE)
        {
          char buf[G_ASCII_DTOSTR_BUF_SIZE];
          double d = json_node_get_double (value);

          if (!isfinite (d))
            d = d > 0 ? G_MAXDOUBLE : -G_MAXDOUBLE;
          g_ascii_formatd (buf, sizeof buf, "%.17g", d);
          g_string_append (out, buf);
          /* Keep it a real: "12" would come back an integer. */
          if (strpbrk (buf, ".eE") == NULL)
            g_string_append (out, ".0");
          return;
        }
      if (type == G_TYPE_STRING)
        {
          linli_sync_json_append_string (out, json_node_get_string (value));
          return;
        }
      if (type == G_TYPE_BOOLEAN)
        {
          g_string_append (out, json_node_get_boolean (value) ? "true" : "false");
          return;
        }
    }

  {
    g_autofree char *s = json_to_string (value, FALSE);

    g_string_append (out, s);
  }
}

char *
linli_sync_json_object_to_string (JsonObject *object)
{
  GString *out = g_string_new ("{");
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;
  gboolean first = TRUE;

  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &name, &value))
    {
      if (!first)
        g_string_append_c (out, ',');
      first = FALSE;
      linli_sync_json_append_string (out, name);
      g_string_append_c (out, ':');
      linli_sync_json_append_value (out, value);
    }
  g_string_append_c (out, '}');
  return g_string_free (out, FALSE);
}

void
linli_sync_change_append_json (GString         *out,
                               LinliSyncChange *change,
                               gboolean         with_seq)
{
  g_autofree char *cols = linli_sync_json_object_to_string (change->cols);

  g_string_append_c (out, '{');
  if (with_seq)
    g_string_append_printf (out, "\"seq\":%" G_GINT64_FORMAT ",", change->seq);
  g_string_append (out, "\"id\":");
  linli_sync_json_append_string (out, change->id);
  g_string_append (out, ",\"table\":");
  linli_sync_json_append_string (out, change->table);
  g_string_append (out, ",\"row\":");
  linli_sync_json_append_string (out, change->row);
  g_string_append_printf (out, ",\"op\":\"%c\",\"hlc\":", change->op);
  linli_sync_json_append_string (out, change->hlc);
  g_string_append (out, ",\"cols\":");
  g_string_append (out, cols);
  if (change->over != NULL && json_object_get_size (change->over) > 0)
    {
      g_autofree char *over = linli_sync_json_object_to_string (change->over);

      g_string_append (out, ",\"over\":");
      g_string_append (out, over);
    }
  g_string_append_c (out, '}');
}

/* Decoding -------------------------------------------------------------- */

#define BAD(error, ...) \
  g_set_error (error, LINLI_SYNC_ERROR, LINLI_SYNC_ERROR_BAD_REQUEST, __VA_ARGS__)

static const char *
get_string_member (JsonObject  *object,
                   const char  *member,
                   gboolean     required,
                   const char  *where,
                   GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (required)
        BAD (error, "%s: “%s” is missing", where, member);
      return NULL;
    }
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      BAD (error, "%s: “%s” must be a string", where, member);
      return NULL;
    }
  /* json-glib lets a lone surrogate (\ud800) through as bytes that are
   * not UTF-8. */
  if (!g_utf8_validate (json_node_get_string (node), -1, NULL))
    {
      BAD (error, "%s: “%s” is not valid text", where, member);
      return NULL;
    }
  return json_node_get_string (node);
}

static gboolean
get_int_member (JsonObject  *object,
                const char  *member,
                gint64       fallback,
                gint64      *out,
                const char  *where,
                GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  *out = fallback;
  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    {
      BAD (error, "%s: “%s” must be an integer", where, member);
      return FALSE;
    }
  *out = json_node_get_int (node);
  return TRUE;
}

static gboolean
is_scalar (JsonNode *node)
{
  GType type;

  if (JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  type = json_node_get_value_type (node);
  if (type == G_TYPE_DOUBLE)
    return isfinite (json_node_get_double (node));
  if (type == G_TYPE_STRING)
    return g_utf8_validate (json_node_get_string (node), -1, NULL);
  return type == G_TYPE_INT64;
}

/**
 * linli_sync_change_check:
 * @require_known: refuse tables and columns @schema does not know (the
 *   server); a client keeps them for after its upgrade
 *
 * Checks a decoded change: ids, stamp, operation, values, and against
 * the schema, the columns and the ones an insert cannot go without.
 */
gboolean
linli_sync_change_check (LinliSyncSchema *schema,
                         LinliSyncChange *change,
                         gboolean         require_known,
                         GError         **error)
{
  const LinliSyncTable *table;
  LinliHlc hlc;
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;

  if (!linli_sync_is_id (change->id))
    {
      BAD (error, "change “%s”: its id must be 1 to %d letters, digits or -_.",
           change->id ? change->id : "", LINLI_SYNC_MAX_ID);
      return FALSE;
    }
  if (!linli_sync_is_id (change->row))
    {
      BAD (error, "change %s: the row id must be 1 to %d letters, digits or -_.", change->id, LINLI_SYNC_MAX_ID);
      return FALSE;
    }
  if (!linli_sync_is_id (change->table))
    {
      BAD (error, "change %s: “%s” is not a table name", change->id, change->table ? change->table : "");
      return FALSE;
    }
  if (change->op != 'I' && change->op != 'U')
    {
      BAD (error, "change %s: the operation must be “I” or “U”", change->id);
      return FALSE;
    }
  if (!linli_hlc_parse (change->hlc, &hlc))
    {
      BAD (error, "change %s: “%s” is not a change stamp", change->id, change->hlc ? change->hlc : "");
      return FALSE;
    }
  if (change->cols == NULL || json_object_get_size (change->cols) == 0)
    {
      BAD (error, "change %s: no columns", change->id);
      return FALSE;
    }

  table = linli_sync_schema_lookup (schema, change->table);
  if (table == NULL && require_known)
    {
      BAD (error, "change %s: “%s” is not a synced table", change->id, change->table);
      return FALSE;
    }

  json_object_iter_init (&iter, change->cols);
  while (json_object_iter_next (&iter, &name, &value))
    {
      const LinliSyncColumn *col = table ? linli_sync_table_lookup (table, name) : NULL;

      if (!linli_sync_is_id (name) || g_str_equal (name, "id") || g_str_equal (name, "_hlc"))
        {
          BAD (error, "change %s: “%s” cannot be written", change->id, name);
          return FALSE;
        }
      if (!is_scalar (value))
        {
          BAD (error, "change %s: %s.%s must be null, a number or a string", change->id, change->table, name);
          return FALSE;
        }
      if (col == NULL)
        {
          if (require_known)
            {
              BAD (error, "change %s: table %s has no column “%s”", change->id, change->table, name);
              return FALSE;
            }
          continue;
        }
      if (col->notnull && JSON_NODE_HOLDS_NULL (value))
        {
          BAD (error, "change %s: %s.%s cannot be null", change->id, change->table, name);
          return FALSE;
        }
    }

  if (table != NULL && change->op == 'I')
    for (guint i = 0; i < table->columns->len; i++)
      {
        const LinliSyncColumn *col = g_ptr_array_index (table->columns, i);

        if (col->notnull && !col->has_default && !json_object_has_member (change->cols, col->name))
          {
            BAD (error, "change %s: an insert into %s needs “%s”", change->id, change->table, col->name);
            return FALSE;
          }
      }

  if (change->over != NULL)
    {
      json_object_iter_init (&iter, change->over);
      while (json_object_iter_next (&iter, &name, &value))
        if (!JSON_NODE_HOLDS_VALUE (value) || json_node_get_value_type (value) != G_TYPE_STRING ||
            !linli_hlc_parse (json_node_get_string (value), &hlc))
          {
            BAD (error, "change %s: “over” must map columns to stamps", change->id);
            return FALSE;
          }
    }

  return TRUE;
}

static LinliSyncChange *
decode_change (LinliSyncSchema  *schema,
               JsonNode         *node,
               guint             index,
               gboolean          with_seq,
               gboolean          require_known,
               GError          **error)
{
  g_autoptr(LinliSyncChange) change = linli_sync_change_new ();
  g_autofree char *where = g_strdup_printf ("change %u", index);
  JsonObject *object;
  JsonNode *cols, *over;
  const char *s;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      BAD (error, "%s: an object expected", where);
      return NULL;
    }
  object = json_node_get_object (node);

  if (with_seq && !get_int_member (object, "seq", 0, &change->seq, where, error))
    return NULL;

#define STR(field, member) \
  G_STMT_START { \
    g_autoptr(GError) e_ = NULL; \
    s = get_string_member (object, member, TRUE, where, &e_); \
    if (s == NULL) { g_propagate_error (error, g_steal_pointer (&e_)); return NULL; } \
    change->field = g_strdup (s); \
  } G_STMT_END

  STR (id, "id");
  STR (table, "table");
  STR (row, "row");
  STR (hlc, "hlc");
#undef STR

  {
    g_autoptr(GError) e = NULL;

    s = get_string_member (object, "op", TRUE, where, &e);
    if (s == NULL)
      {
        g_propagate_error (error, g_steal_pointer (&e));
        return NULL;
      }
    change->op = (s[0] != '\0' && s[1] == '\0') ? s[0] : '?';
  }

  cols = json_object_get_member (object, "cols");
  if (cols == NULL || !JSON_NODE_HOLDS_OBJECT (cols))
    {
      BAD (error, "%s: “cols” must be an object", where);
      return NULL;
    }
  change->cols = json_object_ref (json_node_get_object (cols));

  over = json_object_get_member (object, "over");
  if (over != NULL && !JSON_NODE_HOLDS_NULL (over))
    {
      if (!JSON_NODE_HOLDS_OBJECT (over))
        {
          BAD (error, "%s: “over” must be an object", where);
          return NULL;
        }
      change->over = json_object_ref (json_node_get_object (over));
    }

  if (!linli_sync_change_check (schema, change, require_known, error))
    return NULL;

  return g_steal_pointer (&change);
}

void
linli_sync_push_free (LinliSyncPush *push)
{
  if (push == NULL)
    return;
  g_clear_pointer (&push->changes, g_ptr_array_unref);
  g_free (push);
}

/**
 * linli_sync_decode_push:
 *
 * Decodes and checks the body of a push: {"base": N, "changes": [...]}.
 *
 * Returns: (transfer full) (nullable): the push
 */
LinliSyncPush *
linli_sync_decode_push (LinliSyncSchema  *schema,
                        const char       *data,
                        gsize             len,
                        GError          **error)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(LinliSyncPush) push = NULL;
  g_autoptr(GHashTable) seen = NULL;
  JsonObject *object;
  JsonNode *changes;
  JsonArray *array;
  guint n;

  root = linli_sync_json_parse (data, len, error);
  if (root == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      BAD (error, "push: an object expected");
      return NULL;
    }
  object = json_node_get_object (root);

  push = g_new0 (LinliSyncPush, 1);
  push->changes = g_ptr_array_new_with_free_func ((GDestroyNotify) linli_sync_change_free);
  if (!get_int_member (object, "base", 0, &push->base, "push", error))
    return NULL;
  if (push->base < 0)
    {
      BAD (error, "push: “base” cannot be negative");
      return NULL;
    }

  changes = json_object_get_member (object, "changes");
  if (changes == NULL || !JSON_NODE_HOLDS_ARRAY (changes))
    {
      BAD (error, "push: “changes” must be an array");
      return NULL;
    }
  array = json_node_get_array (changes);
  n = json_array_get_length (array);
  if (n == 0 || n > LINLI_SYNC_MAX_BATCH)
    {
      BAD (error, "push: 1 to %d changes expected, %u given", LINLI_SYNC_MAX_BATCH, n);
      return NULL;
    }

  seen = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < n; i++)
    {
      LinliSyncChange *change = decode_change (schema, json_array_get_element (array, i), i, FALSE, TRUE, error);

      if (change == NULL)
        return NULL;
      g_ptr_array_add (push->changes, change);
      if (!g_hash_table_add (seen, change->id))
        {
          BAD (error, "change %u: the id %s appears twice in one push", i, change->id);
          return NULL;
        }
    }

  return g_steal_pointer (&push);
}

void
linli_sync_enrol_free (LinliSyncEnrol *enrol)
{
  if (enrol == NULL)
    return;
  g_free (enrol->code);
  g_free (enrol->device);
  g_free (enrol->name);
  g_free (enrol->ledger);
  g_free (enrol->ledger_name);
  g_free (enrol->version);
  g_free (enrol);
}

LinliSyncEnrol *
linli_sync_decode_enrol (const char  *data,
                         gsize        len,
                         GError     **error)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(LinliSyncEnrol) enrol = NULL;
  g_autoptr(GError) e = NULL;
  JsonObject *object;
  const char *s;

  root = linli_sync_json_parse (data, len, error);
  if (root == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      BAD (error, "enrol: an object expected");
      return NULL;
    }
  object = json_node_get_object (root);
  enrol = g_new0 (LinliSyncEnrol, 1);

#define FIELD(field, member, required) \
  G_STMT_START { \
    s = get_string_member (object, member, required, "enrol", &e); \
    if (e != NULL) { g_propagate_error (error, g_steal_pointer (&e)); return NULL; } \
    enrol->field = g_strdup (s); \
  } G_STMT_END

  FIELD (code, "code", TRUE);
  FIELD (device, "device", TRUE);
  FIELD (name, "name", FALSE);
  FIELD (ledger, "ledger", FALSE);
  FIELD (ledger_name, "ledger_name", FALSE);
  FIELD (version, "version", FALSE);
#undef FIELD

  if (strlen (enrol->code) > 64)
    {
      BAD (error, "enrol: the code is too long");
      return NULL;
    }
  if (!linli_sync_is_device_id (enrol->device))
    {
      BAD (error, "enrol: “device” must be 16 hexadecimal digits");
      return NULL;
    }
  if (enrol->ledger != NULL && !linli_sync_is_id (enrol->ledger))
    {
      BAD (error, "enrol: “ledger” is not a community id");
      return NULL;
    }
  if ((enrol->name && g_utf8_strlen (enrol->name, -1) > 200) ||
      (enrol->ledger_name && g_utf8_strlen (enrol->ledger_name, -1) > 200) ||
      (enrol->version && strlen (enrol->version) > 40))
    {
      BAD (error, "enrol: a name is too long");
      return NULL;
    }

  return g_steal_pointer (&enrol);
}

void
linli_sync_pull_page_free (LinliSyncPullPage *page)
{
  if (page == NULL)
    return;
  g_clear_pointer (&page->changes, g_ptr_array_unref);
  g_free (page);
}

/**
 * linli_sync_decode_page:
 *
 * Decodes a pull page. Tables and columns unknown to @schema are kept:
 * they come from a newer Linli.
 *
 * Returns: (transfer full) (nullable): the page
 */
LinliSyncPullPage *
linli_sync_decode_page (LinliSyncSchema  *schema,
                        const char       *data,
                        gsize             len,
                        GError          **error)
{
  g_autoptr(JsonNode) root = NULL;

  root = linli_sync_json_parse (data, len, error);
  if (root == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      BAD (error, "page: an object expected");
      return NULL;
    }
  return linli_sync_pull_page_from_object (schema, json_node_get_object (root), error);
}

LinliSyncPullPage *
linli_sync_pull_page_from_object (LinliSyncSchema  *schema,
                             JsonObject       *object,
                             GError          **error)
{
  g_autoptr(LinliSyncPullPage) page = NULL;
  JsonNode *changes, *more;
  JsonArray *array;
  gint64 prev = -1;

  page = g_new0 (LinliSyncPullPage, 1);
  page->changes = g_ptr_array_new_with_free_func ((GDestroyNotify) linli_sync_change_free);

  if (!get_int_member (object, "cursor", -1, &page->cursor, "page", error) ||
      !get_int_member (object, "last", 0, &page->last, "page", error) ||
      !get_int_member (object, "time", 0, &page->time, "page", error))
    return NULL;
  if (page->cursor < 0)
    {
      BAD (error, "page: “cursor” is missing");
      return NULL;
    }
  more = json_object_get_member (object, "more");
  if (more != NULL)
    {
      if (!JSON_NODE_HOLDS_VALUE (more) || json_node_get_value_type (more) != G_TYPE_BOOLEAN)
        {
          BAD (error, "page: “more” must be true or false");
          return NULL;
        }
      page->more = json_node_get_boolean (more);
    }

  changes = json_object_get_member (object, "changes");
  if (changes == NULL || !JSON_NODE_HOLDS_ARRAY (changes))
    {
      BAD (error, "page: “changes” must be an array");
      return NULL;
    }
  array = json_node_get_array (changes);
  if (json_array_get_length (array) > LINLI_SYNC_MAX_PAGE * 2)
    {
      BAD (error, "page: too many changes");
      return NULL;
    }
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      LinliSyncChange *change = decode_change (schema, json_array_get_element (array, i), i, TRUE, FALSE, error);

      if (change == NULL)
        return NULL;
      g_ptr_array_add (page->changes, change);
      if (change->seq <= 0 || change->seq < prev || change->seq > page->cursor)
        {
          BAD (error, "page: change %u is out of sequence", i);
          return NULL;
        }
      prev = change->seq;
    }

  return g_steal_pointer (&page);
}
