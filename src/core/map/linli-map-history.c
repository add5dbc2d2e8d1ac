/* linli-map-history.c: undo and redo of the map's and the ledger's edits
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "linli-map"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <sqlite3.h>
#include <string.h>

#include "linli-map-history.h"

/* Edits are kept in memory only, for the session: the database keeps
 * what was written, the journal keeps who wrote it. */
#define MAX_EDITS 200

typedef struct
{
  int     type;     /* SQLITE_NULL, SQLITE_INTEGER, SQLITE_FLOAT, SQLITE_TEXT */
  gint64  i;
  double  d;
  char   *s;
} Value;

typedef struct
{
  char  *table;
  char  *id;
  char  *column;
  Value  before;
  Value  after;
} Change;

typedef struct
{
  guint      serial;
  char      *label;
  GPtrArray *changes;   /* Change*, in the order they were made */
} Edit;

struct _LinliMapHistory
{
  GObject    parent_instance;

  LinliDb   *db;
  GQueue    *undo;      /* Edit*, newest at the head */
  GQueue    *redo;
  Edit      *pending;
  gboolean   failed;
  GError    *error;     /* why the pending edit failed */
  guint      next_serial;
};

G_DEFINE_FINAL_TYPE (LinliMapHistory, linli_map_history, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
value_clear (Value *v)
{
  g_clear_pointer (&v->s, g_free);
  v->type = SQLITE_NULL;
}

static void
change_free (gpointer data)
{
  Change *c = data;

  g_free (c->table);
  g_free (c->id);
  g_free (c->column);
  value_clear (&c->before);
  value_clear (&c->after);
  g_free (c);
}

static void
edit_free (gpointer data)
{
  Edit *e = data;

  if (e == NULL)
    return;
  g_free (e->label);
  g_ptr_array_unref (e->changes);
  g_free (e);
}

static gboolean
is_identifier (const char *s)
{
  if (s == NULL || *s == '\0')
    return FALSE;
  for (; *s; s++)
    if (!g_ascii_isalnum (*s) && *s != '_')
      return FALSE;
  return TRUE;
}

static gboolean
read_value (LinliDb     *db,
            const char  *table,
            const char  *id,
            const char  *column,
            Value       *out,
            GError     **error)
{
  g_autofree char *sql = g_strdup_printf ("SELECT %s FROM %s WHERE id = ?", column, table);
  g_autoptr(LinliQuery) q = linli_db_query (db, error, sql, "s", id);
  g_autoptr(GError) local_error = NULL;
  sqlite3_stmt *stmt;

  if (q == NULL)
    return FALSE;
  if (!linli_query_next (q, &local_error))
    {
      if (local_error != NULL)
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, LINLI_DB_ERROR, LINLI_DB_ERROR_NOT_FOUND,
                     _("No record %s in %s"), id, table);
      return FALSE;
    }
  stmt = linli_query_get_stmt (q);
  out->type = sqlite3_column_type (stmt, 0);
  switch (out->type)
    {
    case SQLITE_INTEGER: out->i = sqlite3_column_int64 (stmt, 0); break;
    case SQLITE_FLOAT: out->d = sqlite3_column_double (stmt, 0); break;
    case SQLITE_NULL: break;
    default:
      out->type = SQLITE_TEXT;
      out->s = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
    }
  return TRUE;
}

static gboolean
write_value (LinliDb     *db,
             const char  *table,
             const char  *id,
             const char  *column,
             const Value *v,
             GError     **error)
{
  switch (v->type)
    {
    case SQLITE_INTEGER: return linli_db_set (db, error, table, id, column, "l", v->i);
    case SQLITE_FLOAT: return linli_db_set (db, error, table, id, column, "d", v->d);
    case SQLITE_TEXT: return linli_db_set (db, error, table, id, column, "s", v->s);
    default: return linli_db_set (db, error, table, id, column, "n");
    }
}

static gboolean
value_equal (const Value *a,
             const Value *b)
{
  if (a->type != b->type)
    return FALSE;
  switch (a->type)
    {
    case SQLITE_INTEGER: return a->i == b->i;
    case SQLITE_FLOAT: return a->d == b->d;
    case SQLITE_TEXT: return g_strcmp0 (a->s, b->s) == 0;
    default: return TRUE;
    }
}

static void
linli_map_history_dispose (GObject *object)
{
  LinliMapHistory *self = LINLI_MAP_HISTORY (object);

  if (self->pending != NULL)
    linli_map_history_rollback (self);
  g_clear_object (&self->db);

  G_OBJECT_CLASS (linli_map_history_parent_class)->dispose (object);
}

static void
linli_map_history_finalize (GObject *object)
{
  LinliMapHistory *self = LINLI_MAP_HISTORY (object);

  g_queue_free_full (self->undo, edit_free);
  g_queue_free_full (self->redo, edit_free);

  G_OBJECT_CLASS (linli_map_history_parent_class)->finalize (object);
}

static void
linli_map_history_class_init (LinliMapHistoryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = linli_map_history_dispose;
  object_class->finalize = linli_map_history_finalize;

  /**
   * LinliMapHistory::changed:
   *
   * An edit was made, undone or redone: what is stored changed.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
linli_map_history_init (LinliMapHistory *self)
{
  self->undo = g_queue_new ();
  self->redo = g_queue_new ();
  self->next_serial = 1;
}

LinliMapHistory *
linli_map_history_new (LinliDb *db)
{
  LinliMapHistory *self;

  g_return_val_if_fail (LINLI_IS_DB (db), NULL);

  self = g_object_new (LINLI_TYPE_MAP_HISTORY, NULL);
  self->db = g_object_ref (db);
  return self;
}

LinliDb *
linli_map_history_get_db (LinliMapHistory *self)
{
  g_return_val_if_fail (LINLI_IS_MAP_HISTORY (self), NULL);
  return self->db;
}

/**
 * linli_map_history_begin:
 * @label: what the edit does, for "Undo …" (translated)
 *
 * Starts an edit and its transaction. Follow with
 * linli_map_history_set() and friends, then commit or roll back.
 */
gboolean
linli_map_history_begin (LinliMapHistory  *self,
                         const char       *label,
                         GError          **error)
{
  g_return_val_if_fail (LINLI_IS_MAP_HISTORY (self), FALSE);
  g_return_val_if_fail (self->pending == NULL, FALSE);

  if (!linli_db_begin (self->db, error))
    return FALSE;
  self->pending = g_new0 (Edit, 1);
  self->pending->label = g_strdup (label);
  self->pending->changes = g_ptr_array_new_with_free_func (change_free);
  self->failed = FALSE;
  return TRUE;
}

gboolean
linli_map_history_in_edit (LinliMapHistory *self)
{
  g_return_val_if_fail (LINLI_IS_MAP_HISTORY (self), FALSE);
  return self->pending != NULL;
}

static Change *
find_change (Edit       *e,
             const char *table,
             const char *id,
             const char *column)
{
  for (guint i = 0; i < e->changes->len; i++)
    {
      Change *c = e->changes->pdata[i];

      if (g_str_equal (c->table, table) && g_str_equal (c->id, id) && g_str_equal (c->column, column))
        return c;
    }
  return NULL;
}

static gboolean
record (LinliMapHistory *self,
        const char      *table,
        const char      *id,
        const char      *column,
        Value           *after,
        gboolean         created)
{
  g_autoptr(GError) error = NULL;
  Change *c;

  if (self->failed)
    {
      value_clear (after);
      return FALSE;
    }

  /* The same column twice in one edit: its first value is the one to
   * restore. */
  c = find_change (self->pending, table, id, column);
  if (c == NULL)
    {
      c = g_new0 (Change, 1);
      c->table = g_strdup (table);
      c->id = g_strdup (id);
      c->column = g_strdup (column);
      if (created)
        {
          c->before.type = SQLITE_INTEGER;
          c->before.i = 1;
        }
      else if (!read_value (self->db, table, id, column, &c->before, &error))
        {
          change_free (c);
          value_clear (after);
          self->failed = TRUE;
          g_propagate_error (&self->error, g_steal_pointer (&error));
          return FALSE;
        }
      g_ptr_array_add (self->pending->changes, c);
    }
  value_clear (&c->after);
  c->after = *after;

  if (!created && !write_value (self->db, table, id, column, &c->after, &error))
    {
      self->failed = TRUE;
      g_propagate_error (&self->error, g_steal_pointer (&error));
      return FALSE;
    }
  return TRUE;
}

/**
 * linli_map_history_set:
 * @format: one character as for linli_db_set(): s, i, l, d, b or n
 *
 * Writes one column within the current edit, remembering its value
 * before.
 *
 * Returns: %FALSE when the write failed; the edit then fails to commit
 */
gboolean
linli_map_history_set (LinliMapHistory *self,
                       const char      *table,
                       const char      *id,
                       const char      *column,
                       const char      *format,
                       ...)
{
  Value v = { SQLITE_NULL, 0, 0, NULL };
  va_list args;

  g_return_val_if_fail (LINLI_IS_MAP_HISTORY (self), FALSE);
  g_return_val_if_fail (self->pending != NULL, FALSE);
  g_return_val_if_fail (is_identifier (table) && is_identifier (column) && id != NULL, FALSE);
  g_return_val_if_fail (format != NULL && strlen (format) == 1, FALSE);

  va_start (args, format);
  switch (*format)
    {
    case 's':
      {
        const char *s = va_arg (args, const char *);

        if (s != NULL)
          {
            v.type = SQLITE_TEXT;
            v.s = g_strdup (s);
          }
      }
      break;
    case 'i': v.type = SQLITE_INTEGER; v.i = va_arg (args, int); break;
    case 'b': v.type = SQLITE_INTEGER; v.i = va_arg (args, gboolean) ? 1 : 0; break;
    case 'l': v.type = SQLITE_INTEGER; v.i = va_arg (args, gint64); break;
    case 'd': v.type = SQLITE_FLOAT; v.d = va_arg (args, double); break;
    case 'n': break;
    default: g_error ("linli_map_history_set: unknown format '%c'", *format);
    }
  va_end (args);

  return record (self, table, id, column, &v, FALSE);
}

/**
 * linli_map_history_created:
 *
 * Records that the current edit inserted the row @id of @table (with
 * linli_db_insert() inside the edit's transaction): undo marks it
 * deleted, redo brings it back.
 */
gboolean
linli_map_history_created (LinliMapHistory *self,
                           const char      *table,
                           const char      *id)
{
  Value v = { SQLITE_INTEGER, 0, 0, NULL };

  g_return_val_if_fail (LINLI_IS_MAP_HISTORY (self), FALSE);
  g_return_val_if_fail (self->pending != NULL, FALSE);

  return record (self, table, id, "deleted", &v, TRUE);
}

/* A deletion is a tombstone: the undo takes it off again. */
gboolean
linli_map_history_delete (LinliMapHistory *self,
                          const char      *table,
                          const char      *id)
{
  return linli_map_history_set (self, table, id, "deleted", "i", 1);
}

/**
 * linli_map_history_commit:
 *
 * Returns: the serial number of the edit (for linli_map_history_revert()),
 *   or 0 when it failed and was rolled back
 */
guint
linli_map_history_commit (LinliMapHistory  *self,
                          GError          **error)
{
  Edit *e;

  g_return_val_if_fail (LINLI_IS_MAP_HISTORY (self), 0);
  g_return_val_if_fail (self->pending != NULL, 0);

  if (self->failed)
    {
      g_autoptr(GError) why = g_steal_pointer (&self->error);

      linli_map_history_rollback (self);
      g_set_error (error, LINLI_DB_ERROR, LINLI_DB_ERROR_FAILED, _("The change could not be stored: %s"),
                   why ? why->message : "");
      return 0;
    }
  if (!linli_db_commit (self->db, error))
    {
      linli_map_history_rollback (self);
      return 0;
    }

  e = g_steal_pointer (&self->pending);
  /* Changes that wrote what was there are no edits. */
  for (guint i = e->changes->len; i > 0; i--)
    {
      Change *c = e->changes->pdata[i - 1];

      if (value_equal (&c->before, &c->after))
        g_ptr_array_remove_index (e->changes, i - 1);
    }
  if (e->changes->len == 0)
    {
      edit_free (e);
      return G_MAXUINT;
    }

  e->serial = self->next_serial++;
  g_queue_push_head (self->undo, e);
  while (g_queue_get_length (self->undo) > MAX_EDITS)
    edit_free (g_queue_pop_tail (self->undo));
  g_queue_free_full (self->redo, edit_free);
  self->redo = g_queue_new ();

  g_signal_emit (self, signals[CHANGED], 0);
  return e->serial;
}

void
linli_map_history_rollback (LinliMapHistory *self)
{
  g_return_if_fail (LINLI_IS_MAP_HISTORY (self));

  if (self->pending == NULL)
    return;
  linli_db_rollback (self->db);
  g_clear_pointer (&self->pending, edit_free);
  g_clear_error (&self->error);
  self->failed = FALSE;
}

/* Writes one side of an edit in one transaction; the changes are
 * written backwards for undo, so that a column changed twice ends right. */
static gboolean
replay (LinliMapHistory  *self,
        Edit             *e,
        gboolean          forward,
        GError          **error)
{
  if (!linli_db_begin (self->db, error))
    return FALSE;
  for (guint k = 0; k < e->changes->len; k++)
    {
      Change *c = e->changes->pdata[forward ? k : e->changes->len - 1 - k];

      if (!write_value (self->db, c->table, c->id, c->column, forward ? &c->after : &c->before, error))
        {
          linli_db_rollback (self->db);
          return FALSE;
        }
    }
  return linli_db_commit (self->db, error);
}

gboolean
linli_map_history_undo (LinliMapHistory  *self,
                        GError          **error)
{
  Edit *e;

  g_return_val_if_fail (LINLI_IS_MAP_HISTORY (self), FALSE);
  g_return_val_if_fail (self->pending == NULL, FALSE);

  e = g_queue_peek_head (self->undo);
  if (e == NULL)
    return FALSE;
  if (!replay (self, e, FALSE, error))
    return FALSE;
  g_queue_push_head (self->redo, g_queue_pop_head (self->undo));
  g_signal_emit (self, signals[CHANGED], 0);
  return TRUE;
}

gboolean
linli_map_history_redo (LinliMapHistory  *self,
                        GError          **error)
{
  Edit *e;

  g_return_val_if_fail (LINLI_IS_MAP_HISTORY (self), FALSE);
  g_return_val_if_fail (self->pending == NULL, FALSE);

  e = g_queue_peek_head (self->redo);
  if (e == NULL)
    return FALSE;
  if (!replay (self, e, TRUE, error))
    return FALSE;
  g_queue_push_head (self->undo, g_queue_pop_head (self->redo));
  g_signal_emit (self, signals[CHANGED], 0);
  return TRUE;
}

/**
 * linli_map_history_revert:
 * @serial: what linli_map_history_commit() returned
 *
 * Undoes one particular edit, for the Undo button of a toast: when
 * other edits came after it, its old values are written back as a new
 * edit of their own, so that nothing done since is lost.
 *
 * Returns: %TRUE when the edit was undone
 */
gboolean
linli_map_history_revert (LinliMapHistory  *self,
                          guint             serial,
                          GError          **error)
{
  Edit *top = g_queue_peek_head (self->undo);
  Edit *e = NULL;
  g_autofree char *label = NULL;

  g_return_val_if_fail (LINLI_IS_MAP_HISTORY (self), FALSE);

  if (top != NULL && top->serial == serial)
    return linli_map_history_undo (self, error);

  for (GList *l = self->undo->head; l != NULL; l = l->next)
    if (((Edit *) l->data)->serial == serial)
      e = l->data;
  if (e == NULL)
    {
      g_set_error (error, LINLI_DB_ERROR, LINLI_DB_ERROR_NOT_FOUND, _("This change can no longer be undone"));
      return FALSE;
    }

  /* Translators: %s is what is undone, e.g. "Delete 王建国" */
  label = g_strdup_printf (_("Undo “%s”"), e->label);
  if (!linli_map_history_begin (self, label, error))
    return FALSE;
  for (guint k = e->changes->len; k > 0; k--)
    {
      Change *c = e->changes->pdata[k - 1];
      Value v = c->before;

      v.s = g_strdup (c->before.s);
      record (self, c->table, c->id, c->column, &v, FALSE);
    }
  return linli_map_history_commit (self, error) != 0;
}

gboolean
linli_map_history_can_undo (LinliMapHistory *self)
{
  g_return_val_if_fail (LINLI_IS_MAP_HISTORY (self), FALSE);
  return !g_queue_is_empty (self->undo);
}

gboolean
linli_map_history_can_redo (LinliMapHistory *self)
{
  g_return_val_if_fail (LINLI_IS_MAP_HISTORY (self), FALSE);
  return !g_queue_is_empty (self->redo);
}

const char *
linli_map_history_get_undo_label (LinliMapHistory *self)
{
  Edit *e;

  g_return_val_if_fail (LINLI_IS_MAP_HISTORY (self), NULL);
  e = g_queue_peek_head (self->undo);
  return e ? e->label : NULL;
}

const char *
linli_map_history_get_redo_label (LinliMapHistory *self)
{
  Edit *e;

  g_return_val_if_fail (LINLI_IS_MAP_HISTORY (self), NULL);
  e = g_queue_peek_head (self->redo);
  return e ? e->label : NULL;
}

void
linli_map_history_clear (LinliMapHistory *self)
{
  g_return_if_fail (LINLI_IS_MAP_HISTORY (self));

  g_queue_free_full (self->undo, edit_free);
  g_queue_free_full (self->redo, edit_free);
  self->undo = g_queue_new ();
  self->redo = g_queue_new ();
  g_signal_emit (self, signals[CHANGED], 0);
}
