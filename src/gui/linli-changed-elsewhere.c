/* linli-changed-elsewhere.c: the "changed elsewhere" mark on a record
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Sync settles every conflict by itself, per field, the later edit
 * winning. When an edit made on this computer lost, the page that shows
 * the record says so here, with this computer's value and the one that
 * replaced it, until the user says she has seen it. Her own value is
 * still there to type again if it was the right one.
 */

#define G_LOG_DOMAIN "linli-sync"

#include "config.h"

#include <glib/gi18n.h>

#include "linli-changed-elsewhere.h"
#include "linli-sync-conflicts.h"
#include "linli-sync-service.h"

struct _LinliChangedElsewhere
{
  AdwBin     parent_instance;

  GtkLabel  *details;

  LinliDb   *db;
  char      *table;
  char      *row;
};

G_DEFINE_FINAL_TYPE (LinliChangedElsewhere, linli_changed_elsewhere, ADW_TYPE_BIN)

/**
 * linli_changed_elsewhere_show_record:
 *
 * Shows the marks of this record, or hides itself when it has none.
 */
void
linli_changed_elsewhere_show_record (LinliChangedElsewhere *self,
                                     LinliDb               *db,
                                     const char            *table,
                                     const char            *row)
{
  g_autoptr(GPtrArray) lost = NULL;
  g_autoptr(GString) text = g_string_new (NULL);

  g_return_if_fail (LINLI_IS_CHANGED_ELSEWHERE (self));

  g_set_object (&self->db, db);
  g_free (self->table);
  self->table = g_strdup (table);
  g_free (self->row);
  self->row = g_strdup (row);

  if (db != NULL && table != NULL && row != NULL)
    lost = linli_sync_conflicts_for_record (db, table, row, NULL);
  if (lost == NULL || lost->len == 0)
    {
      gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
      return;
    }

  for (guint i = 0; i < lost->len; i++)
    {
      LinliSyncConflict *c = lost->pdata[i];
      g_autofree char *mine = linli_sync_conflict_value_text (c->table, c->column, c->local_value);
      g_autofree char *theirs = linli_sync_conflict_value_text (c->table, c->column, c->remote_value);
      g_autofree char *when = linli_sync_describe_time (c->at);

      if (text->len)
        g_string_append_c (text, '\n');
      /* Translators: a field of a record that two computers edited: its
       * name, the value typed on this computer, the value typed later on
       * another computer that it now has, when sync found it. */
      g_string_append_printf (text, _("%s: this computer’s “%s” was replaced by “%s”, typed later on another computer (found %s)."),
                              linli_sync_conflict_field_name (c->table, c->column), mine, theirs, when);
    }
  gtk_label_set_label (self->details, text->str);
  gtk_widget_set_visible (GTK_WIDGET (self), TRUE);
}

static void
on_seen_clicked_cb (LinliChangedElsewhere *self)
{
  g_autoptr(GError) error = NULL;

  if (self->db == NULL)
    return;
  if (!linli_sync_conflicts_mark_seen (self->db, self->table, self->row, &error))
    g_warning ("Could not remove the changed-elsewhere mark: %s", error->message);
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);

  /* The header's indicator counts the marks. */
  if (linli_db_get_path (self->db) != NULL)
    {
      g_autoptr(LinliSyncService) service = linli_sync_service_get_for_path (linli_db_get_path (self->db));

      linli_sync_service_refresh (service);
    }
}

static void
linli_changed_elsewhere_dispose (GObject *object)
{
  LinliChangedElsewhere *self = LINLI_CHANGED_ELSEWHERE (object);

  g_clear_object (&self->db);
  g_clear_pointer (&self->table, g_free);
  g_clear_pointer (&self->row, g_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), LINLI_TYPE_CHANGED_ELSEWHERE);

  G_OBJECT_CLASS (linli_changed_elsewhere_parent_class)->dispose (object);
}

static void
linli_changed_elsewhere_class_init (LinliChangedElsewhereClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = linli_changed_elsewhere_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/linli/Linli/linli-changed-elsewhere.ui");
  gtk_widget_class_bind_template_child (widget_class, LinliChangedElsewhere, details);
  gtk_widget_class_bind_template_callback (widget_class, on_seen_clicked_cb);
}

static void
linli_changed_elsewhere_init (LinliChangedElsewhere *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
