/* linli-sql-model.c: a GListModel over a query, paged from SQLite
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The model reads only the rowids of its rows, in order, when it is made
 * or refreshed: 15,000 residents are 15,000 integers. A LinliRecord is
 * made when a list asks for an item, a page of 128 at a time, and only
 * the last pages asked for stay in memory. So a list of every resident of
 * a city opens at once and scrolls without holding them all.
 */

#define G_LOG_DOMAIN "linli-sql-model"

#include "config.h"

#include <string.h>

#include "linli-sql-model.h"

#define PAGE_SIZE 128
#define MAX_PAGES 24

/* LinliRecord -------------------------------------------------------------- */

struct _LinliRecord
{
  GObject  parent_instance;

  GStrv    columns;   /* shared with the model's page */
  GValue  *values;
  guint    n_values;
};

G_DEFINE_FINAL_TYPE (LinliRecord, linli_record, G_TYPE_OBJECT)

static gint records_alive;

static void
linli_record_finalize (GObject *object)
{
  LinliRecord *self = LINLI_RECORD (object);

  for (guint i = 0; i < self->n_values; i++)
    g_value_unset (&self->values[i]);
  g_free (self->values);
  g_strfreev (self->columns);
  g_atomic_int_dec_and_test (&records_alive);

  G_OBJECT_CLASS (linli_record_parent_class)->finalize (object);
}

static void
linli_record_class_init (LinliRecordClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = linli_record_finalize;
}

static void
linli_record_init (LinliRecord *self)
{
  g_atomic_int_inc (&records_alive);
}

/* How many records exist in the process: tests check the paging with it. */
guint
linli_record_count_alive (void)
{
  return (guint) g_atomic_int_get (&records_alive);
}

static const GValue *
lookup (LinliRecord *self,
        const char  *column)
{
  for (guint i = 0; i < self->n_values; i++)
    if (g_str_equal (self->columns[i], column))
      return &self->values[i];
  return NULL;
}

/* The first column of the query is the record's id. */
const char *
linli_record_get_id (LinliRecord *self)
{
  g_return_val_if_fail (LINLI_IS_RECORD (self), NULL);

  return self->n_values > 0 && G_VALUE_HOLDS_STRING (&self->values[0])
         ? g_value_get_string (&self->values[0]) : NULL;
}

const char *
linli_record_get_string (LinliRecord *self,
                         const char  *column)
{
  const GValue *v;

  g_return_val_if_fail (LINLI_IS_RECORD (self), NULL);

  v = lookup (self, column);
  if (v == NULL)
    {
      g_critical ("No column “%s” in this record", column);
      return NULL;
    }
  return G_VALUE_HOLDS_STRING (v) ? g_value_get_string (v) : NULL;
}

gint64
linli_record_get_int (LinliRecord *self,
                      const char  *column)
{
  const GValue *v;

  g_return_val_if_fail (LINLI_IS_RECORD (self), 0);

  v = lookup (self, column);
  if (v == NULL)
    {
      g_critical ("No column “%s” in this record", column);
      return 0;
    }
  if (G_VALUE_HOLDS_INT64 (v))
    return g_value_get_int64 (v);
  if (G_VALUE_HOLDS_DOUBLE (v))
    return (gint64) g_value_get_double (v);
  if (G_VALUE_HOLDS_STRING (v) && g_value_get_string (v))
    return g_ascii_strtoll (g_value_get_string (v), NULL, 10);
  return 0;
}

double
linli_record_get_double (LinliRecord *self,
                         const char  *column)
{
  const GValue *v;

  g_return_val_if_fail (LINLI_IS_RECORD (self), 0);

  v = lookup (self, column);
  if (v == NULL)
    return 0;
  if (G_VALUE_HOLDS_DOUBLE (v))
    return g_value_get_double (v);
  if (G_VALUE_HOLDS_INT64 (v))
    return (double) g_value_get_int64 (v);
  return 0;
}

/* LinliSqlModel ------------------------------------------------------------ */

typedef struct
{
  guint      index;
  GPtrArray *records;
  guint64    used;
} Page;

struct _LinliSqlModel
{
  GObject     parent_instance;

  LinliDb    *db;
  char       *ids_sql;
  char       *rows_sql;    /* with @@LIST@@ for the rowid list */
  char       *format;
  GPtrArray  *args;        /* char* for 's', GINT_TO_POINTER for 'i' */
  GArray     *rowids;      /* gint64 */
  GHashTable *pages;       /* index -> Page */
  guint64     clock;
};

static void linli_sql_model_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (LinliSqlModel, linli_sql_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, linli_sql_model_list_model_init))

static void
page_free (gpointer data)
{
  Page *page = data;

  g_ptr_array_unref (page->records);
  g_free (page);
}

static LinliQuery *
run (LinliSqlModel  *self,
     const char     *sql,
     GError        **error)
{
  char nulls[33];
  gsize n = strlen (self->format);
  LinliQuery *query;
  sqlite3_stmt *stmt;
  guint a = 0;

  /* Prepare with the model's arguments as NULLs, then bind them. */
  g_assert (n < sizeof nulls);
  memset (nulls, 'n', n);
  nulls[n] = '\0';
  query = linli_db_query (self->db, error, sql, nulls);
  if (query == NULL)
    return NULL;

  stmt = linli_query_get_stmt (query);
  for (const char *f = self->format; *f; f++, a++)
    {
      if (*f == 's')
        sqlite3_bind_text (stmt, (int) a + 1, self->args->pdata[a], -1, SQLITE_TRANSIENT);
      else if (*f == 'i')
        sqlite3_bind_int64 (stmt, (int) a + 1, GPOINTER_TO_INT (self->args->pdata[a]));
    }
  return query;
}

/**
 * linli_sql_model_refresh:
 *
 * Reads the query's rows anew (after an edit) and tells the lists what
 * changed.
 */
gboolean
linli_sql_model_refresh (LinliSqlModel  *self,
                         GError        **error)
{
  g_autoptr(LinliQuery) query = NULL;
  g_autoptr(GError) local_error = NULL;
  guint old = self->rowids->len;

  query = run (self, self->ids_sql, error);
  if (query == NULL)
    return FALSE;

  g_array_set_size (self->rowids, 0);
  while (linli_query_next (query, &local_error))
    {
      gint64 rowid = linli_query_get_int (query, 0);
      g_array_append_val (self->rowids, rowid);
    }
  g_hash_table_remove_all (self->pages);

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (old > 0 || self->rowids->len > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, old, self->rowids->len);
  return TRUE;
}

static void
evict (LinliSqlModel *self)
{
  while (g_hash_table_size (self->pages) > MAX_PAGES)
    {
      GHashTableIter iter;
      gpointer key, value;
      gpointer oldest = NULL;
      guint64 oldest_used = G_MAXUINT64;

      g_hash_table_iter_init (&iter, self->pages);
      while (g_hash_table_iter_next (&iter, &key, &value))
        if (((Page *) value)->used < oldest_used)
          {
            oldest_used = ((Page *) value)->used;
            oldest = key;
          }
      g_hash_table_remove (self->pages, oldest);
    }
}

static Page *
load_page (LinliSqlModel *self,
           guint          index)
{
  g_autoptr(GString) list = g_string_new (NULL);
  g_autoptr(LinliQuery) query = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = NULL;
  guint first = index * PAGE_SIZE;
  guint last = MIN (first + PAGE_SIZE, self->rowids->len);
  Page *page;

  for (guint i = first; i < last; i++)
    g_string_append_printf (list, "%s%" G_GINT64_FORMAT, list->len ? "," : "", g_array_index (self->rowids, gint64, i));

  page = g_new0 (Page, 1);
  page->index = index;
  page->records = g_ptr_array_new_full (last - first, g_object_unref);
  g_ptr_array_set_size (page->records, (int) (last - first));

  {
    g_auto(GStrv) parts = g_strsplit (self->rows_sql, "@@LIST@@", 2);

    sql = g_strconcat (parts[0], list->str, parts[1], NULL);
  }
  query = run (self, sql, &error);
  if (query == NULL)
    g_warning ("Reading a page of a list failed: %s", error->message);

  while (query != NULL && linli_query_next (query, NULL))
    {
      sqlite3_stmt *stmt = linli_query_get_stmt (query);
      int n = sqlite3_column_count (stmt) - 1;
      LinliRecord *rec = g_object_new (LINLI_TYPE_RECORD, NULL);
      g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
      gint64 rowid = sqlite3_column_int64 (stmt, 0);

      rec->n_values = (guint) n;
      rec->values = g_new0 (GValue, n);
      for (int c = 0; c < n; c++)
        {
          g_strv_builder_add (names, sqlite3_column_name (stmt, c + 1));
          switch (sqlite3_column_type (stmt, c + 1))
            {
            case SQLITE_INTEGER:
              g_value_init (&rec->values[c], G_TYPE_INT64);
              g_value_set_int64 (&rec->values[c], sqlite3_column_int64 (stmt, c + 1));
              break;
            case SQLITE_FLOAT:
              g_value_init (&rec->values[c], G_TYPE_DOUBLE);
              g_value_set_double (&rec->values[c], sqlite3_column_double (stmt, c + 1));
              break;
            case SQLITE_NULL:
              g_value_init (&rec->values[c], G_TYPE_STRING);
              break;
            default:
              g_value_init (&rec->values[c], G_TYPE_STRING);
              g_value_set_string (&rec->values[c], (const char *) sqlite3_column_text (stmt, c + 1));
            }
        }
      rec->columns = g_strv_builder_end (names);

      for (guint i = first; i < last; i++)
        if (g_array_index (self->rowids, gint64, i) == rowid && page->records->pdata[i - first] == NULL)
          {
            page->records->pdata[i - first] = g_object_ref (rec);
            break;
          }
      g_object_unref (rec);
    }

  /* A row deleted since the last refresh: an empty record keeps the
   * positions stable until the next refresh. */
  for (guint i = 0; i < page->records->len; i++)
    if (page->records->pdata[i] == NULL)
      page->records->pdata[i] = g_object_new (LINLI_TYPE_RECORD, NULL);

  g_hash_table_insert (self->pages, GUINT_TO_POINTER (index), page);
  evict (self);
  return page;
}

static GType
linli_sql_model_get_item_type (GListModel *model)
{
  return LINLI_TYPE_RECORD;
}

static guint
linli_sql_model_get_n_items (GListModel *model)
{
  return LINLI_SQL_MODEL (model)->rowids->len;
}

static gpointer
linli_sql_model_get_item (GListModel *model,
                          guint       position)
{
  LinliSqlModel *self = LINLI_SQL_MODEL (model);
  guint index = position / PAGE_SIZE;
  Page *page;

  if (position >= self->rowids->len)
    return NULL;

  page = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (index));
  if (page == NULL)
    page = load_page (self, index);
  page->used = ++self->clock;

  return g_object_ref (page->records->pdata[position % PAGE_SIZE]);
}

static void
linli_sql_model_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = linli_sql_model_get_item_type;
  iface->get_n_items = linli_sql_model_get_n_items;
  iface->get_item = linli_sql_model_get_item;
}

/**
 * linli_sql_model_new:
 * @from: the FROM clause; its first table must be aliased t
 * @where: (nullable): the WHERE clause, with "?" for the arguments
 * @order_by: the ORDER BY clause
 * @columns: the columns of a record; the first is its id
 * @format: (nullable): the types of the arguments: s or i
 *
 * Returns: (transfer full): the model, filled
 */
LinliSqlModel *
linli_sql_model_new (LinliDb    *db,
                     const char *from,
                     const char *where,
                     const char *order_by,
                     const char *columns,
                     const char *format,
                     ...)
{
  LinliSqlModel *self;
  g_autoptr(GError) error = NULL;
  va_list args;

  g_return_val_if_fail (LINLI_IS_DB (db), NULL);

  self = g_object_new (LINLI_TYPE_SQL_MODEL, NULL);
  self->db = g_object_ref (db);
  self->format = g_strdup (format ? format : "");
  self->ids_sql = g_strdup_printf ("SELECT t.rowid FROM %s%s%s ORDER BY %s",
                                   from, where ? " WHERE " : "", where ? where : "", order_by);
  /* The page query: the same rows, picked by rowid. */
  {
    g_autofree char *w = where ? g_strdup_printf ("(%s) AND ", where) : g_strdup ("");
    self->rows_sql = g_strdup_printf ("SELECT t.rowid, %s FROM %s WHERE %st.rowid IN (@@LIST@@)",
                                      columns, from, w);
  }

  self->args = g_ptr_array_new ();
  va_start (args, format);
  for (const char *f = self->format; *f; f++)
    {
      if (*f == 's')
        g_ptr_array_add (self->args, g_strdup (va_arg (args, const char *)));
      else if (*f == 'i')
        g_ptr_array_add (self->args, GINT_TO_POINTER (va_arg (args, int)));
      else
        g_error ("linli_sql_model_new: format '%c' is not s or i", *f);
    }
  va_end (args);

  if (!linli_sql_model_refresh (self, &error))
    g_warning ("A list could not be read: %s", error->message);

  return self;
}

guint
linli_sql_model_get_cached_pages (LinliSqlModel *self)
{
  return g_hash_table_size (self->pages);
}

/**
 * linli_sql_model_find:
 *
 * Returns: the position of the record with @id, or -1
 */
gint
linli_sql_model_find (LinliSqlModel *self,
                      const char    *id)
{
  g_autoptr(LinliQuery) q = NULL;
  g_autofree char *middle = NULL;
  g_autofree char *sql = NULL;
  const char *from = strstr (self->ids_sql, " FROM ");
  const char *order = g_strrstr (self->ids_sql, " ORDER BY ");
  char *quoted;
  gint64 rowid = -1;

  g_return_val_if_fail (LINLI_IS_SQL_MODEL (self), -1);

  if (from == NULL || order == NULL || id == NULL)
    return -1;

  /* The id's rowid, then its position: no record is made. */
  middle = g_strndup (from, (gsize) (order - from));
  quoted = sqlite3_mprintf ("%Q", id);
  sql = g_strdup_printf ("SELECT t.rowid%s%s t.id = %s", middle,
                         strstr (middle, " WHERE ") ? " AND" : " WHERE", quoted);
  sqlite3_free (quoted);

  q = run (self, sql, NULL);
  if (q != NULL && linli_query_next (q, NULL))
    rowid = linli_query_get_int (q, 0);
  if (rowid < 0)
    return -1;

  for (guint i = 0; i < self->rowids->len; i++)
    if (g_array_index (self->rowids, gint64, i) == rowid)
      return (gint) i;
  return -1;
}

static void
linli_sql_model_finalize (GObject *object)
{
  LinliSqlModel *self = LINLI_SQL_MODEL (object);

  for (guint i = 0; self->format && self->format[i]; i++)
    if (self->format[i] == 's')
      g_free (self->args->pdata[i]);
  g_clear_pointer (&self->args, g_ptr_array_unref);
  g_clear_pointer (&self->rowids, g_array_unref);
  g_clear_pointer (&self->pages, g_hash_table_unref);
  g_clear_pointer (&self->ids_sql, g_free);
  g_clear_pointer (&self->rows_sql, g_free);
  g_clear_pointer (&self->format, g_free);
  g_clear_object (&self->db);

  G_OBJECT_CLASS (linli_sql_model_parent_class)->finalize (object);
}

static void
linli_sql_model_class_init (LinliSqlModelClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = linli_sql_model_finalize;
}

static void
linli_sql_model_init (LinliSqlModel *self)
{
  self->rowids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->pages = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, page_free);
}
