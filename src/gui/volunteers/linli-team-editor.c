/* linli-team-editor.c: a new team: its name, kind and what it serves
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "linli-volunteers"

#include "config.h"

#include <glib/gi18n.h>

#include "linli-team.h"
#include "linli-team-editor.h"
#include "linli-vocab.h"
#include "linli-vol-util.h"

struct _LinliTeamEditor
{
  AdwWindow      parent_instance;

  LinliDb       *db;
  char          *community_id;
  GtkStringList *kinds;        /* codes, by row */
  GPtrArray     *place_ids;    /* grid or building ids, by row */
  gboolean       name_edited;

  AdwEntryRow   *name_row;
  AdwComboRow   *kind_row;
  AdwComboRow   *scope_row;
  AdwComboRow   *place_row;
};

G_DEFINE_FINAL_TYPE (LinliTeamEditor, linli_team_editor, ADW_TYPE_WINDOW)

enum {
  CREATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char *scopes[] = { "community", "grid", "building" };

static void
load_places (LinliTeamEditor *self)
{
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  const char *scope = scopes[adw_combo_row_get_selected (self->scope_row)];
  g_autoptr(LinliQuery) q = NULL;

  g_ptr_array_set_size (self->place_ids, 0);
  if (g_str_equal (scope, "grid"))
    q = linli_db_query (self->db, NULL, "SELECT id, name FROM grid WHERE community_id = ? AND deleted = 0 "
                        "ORDER BY number, name", "s", self->community_id);
  else if (g_str_equal (scope, "building"))
    q = linli_db_query (self->db, NULL, "SELECT id, number FROM building WHERE community_id = ? AND deleted = 0 "
                        "ORDER BY length (number), number", "s", self->community_id);
  while (q != NULL && linli_query_next (q, NULL))
    {
      g_autofree char *label = g_str_equal (scope, "building")
        ? g_strdup_printf (_("Building %s"), linli_query_get_string (q, 1))
        : g_strdup (linli_query_get_string (q, 1));

      g_ptr_array_add (self->place_ids, linli_query_dup_string (q, 0));
      gtk_string_list_append (labels, label);
    }
  adw_combo_row_set_model (self->place_row, G_LIST_MODEL (labels));
  gtk_widget_set_visible (GTK_WIDGET (self->place_row), !g_str_equal (scope, "community"));
}

static void
suggest_name (LinliTeamEditor *self)
{
  const char *kind = gtk_string_list_get_string (self->kinds, adw_combo_row_get_selected (self->kind_row));
  guint place = adw_combo_row_get_selected (self->place_row);
  GListModel *labels = adw_combo_row_get_model (self->place_row);
  g_autofree char *name = NULL;

  if (self->name_edited)
    return;
  /* A building's squad is named after it, as on the stairwell's sheet. */
  if (g_strcmp0 (kind, LINLI_TEAM_SQUAD119) == 0 && labels && place < g_list_model_get_n_items (labels))
    name = g_strdup_printf ("%s · %s", gtk_string_list_get_string (GTK_STRING_LIST (labels), place),
                            linli_vocab_label (LINLI_VOCAB_TEAM_KIND, kind));
  if (name != NULL)
    {
      g_signal_handlers_block_matched (self->name_row, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
      gtk_editable_set_text (GTK_EDITABLE (self->name_row), name);
      g_signal_handlers_unblock_matched (self->name_row, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
    }
}

static void
on_name_changed_cb (LinliTeamEditor *self)
{
  self->name_edited = TRUE;
}

static void
on_kind_changed_cb (LinliTeamEditor *self)
{
  const char *kind = gtk_string_list_get_string (self->kinds, adw_combo_row_get_selected (self->kind_row));

  /* A squad serves a building, a door-knocking group a grid. */
  if (g_strcmp0 (kind, LINLI_TEAM_SQUAD119) == 0)
    adw_combo_row_set_selected (self->scope_row, 2);
  else if (g_strcmp0 (kind, LINLI_TEAM_DOOR_KNOCKING) == 0)
    adw_combo_row_set_selected (self->scope_row, 1);
  suggest_name (self);
}

static void
on_scope_changed_cb (LinliTeamEditor *self)
{
  if (self->db != NULL)
    load_places (self);
  suggest_name (self);
}

static void
create_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  LinliTeamEditor *self = LINLI_TEAM_EDITOR (widget);
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  const char *scope = scopes[adw_combo_row_get_selected (self->scope_row)];
  guint place = adw_combo_row_get_selected (self->place_row);

  id = linli_team_create (self->db, self->community_id,
                          gtk_string_list_get_string (self->kinds, adw_combo_row_get_selected (self->kind_row)),
                          gtk_editable_get_text (GTK_EDITABLE (self->name_row)), scope,
                          place < self->place_ids->len ? g_ptr_array_index (self->place_ids, place) : NULL,
                          &error);
  if (id == NULL)
    {
      linli_vol_error (GTK_WIDGET (self), _("Cannot create the team"), error);
      return;
    }
  g_object_ref (self);
  g_signal_emit (self, signals[CREATED], 0, id);
  gtk_window_close (GTK_WINDOW (self));
  g_object_unref (self);
}

/**
 * linli_team_editor_set:
 * @place: the row of the grid or building
 *
 * Fills the form, as a user would.
 */
void
linli_team_editor_set (LinliTeamEditor *self,
                       const char      *name,
                       const char      *kind,
                       const char      *scope,
                       guint            place)
{
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->kinds)); i++)
    if (g_str_equal (gtk_string_list_get_string (self->kinds, i), kind))
      adw_combo_row_set_selected (self->kind_row, i);
  for (guint i = 0; i < G_N_ELEMENTS (scopes); i++)
    if (g_str_equal (scopes[i], scope))
      adw_combo_row_set_selected (self->scope_row, i);
  adw_combo_row_set_selected (self->place_row, place);
  if (name != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->name_row), name);
}

static void
linli_team_editor_dispose (GObject *object)
{
  LinliTeamEditor *self = LINLI_TEAM_EDITOR (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), LINLI_TYPE_TEAM_EDITOR);
  g_clear_object (&self->db);
  g_clear_object (&self->kinds);
  g_clear_pointer (&self->place_ids, g_ptr_array_unref);
  g_clear_pointer (&self->community_id, g_free);

  G_OBJECT_CLASS (linli_team_editor_parent_class)->dispose (object);
}

static void
linli_team_editor_class_init (LinliTeamEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = linli_team_editor_dispose;

  signals[CREATED] = g_signal_new ("created", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/linli/Linli/volunteers/linli-team-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, LinliTeamEditor, name_row);
  gtk_widget_class_bind_template_child (widget_class, LinliTeamEditor, kind_row);
  gtk_widget_class_bind_template_child (widget_class, LinliTeamEditor, scope_row);
  gtk_widget_class_bind_template_child (widget_class, LinliTeamEditor, place_row);
  gtk_widget_class_bind_template_callback (widget_class, on_name_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_kind_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_scope_changed_cb);

  gtk_widget_class_install_action (widget_class, "editor.create", NULL, create_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
linli_team_editor_init (LinliTeamEditor *self)
{
  g_autoptr(GtkStringList) kind_labels = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) scope_labels = gtk_string_list_new (NULL);
  const LinliVocab *kinds;
  guint n;

  self->kinds = gtk_string_list_new (NULL);
  self->place_ids = g_ptr_array_new_with_free_func (g_free);
  gtk_widget_init_template (GTK_WIDGET (self));

  kinds = linli_vocab_list (LINLI_VOCAB_TEAM_KIND, &n);
  for (guint i = 0; i < n; i++)
    {
      gtk_string_list_append (self->kinds, kinds[i].code);
      gtk_string_list_append (kind_labels, linli_vocab_label (LINLI_VOCAB_TEAM_KIND, kinds[i].code));
    }
  for (guint i = 0; i < G_N_ELEMENTS (scopes); i++)
    gtk_string_list_append (scope_labels, linli_team_scope_label (scopes[i]));
  adw_combo_row_set_model (self->kind_row, G_LIST_MODEL (kind_labels));
  adw_combo_row_set_model (self->scope_row, G_LIST_MODEL (scope_labels));
  self->name_edited = FALSE;
}

LinliTeamEditor *
linli_team_editor_new (GtkWindow  *parent,
                       LinliDb    *db,
                       const char *community_id)
{
  LinliTeamEditor *self = g_object_new (LINLI_TYPE_TEAM_EDITOR, "transient-for", parent, NULL);

  self->db = g_object_ref (db);
  self->community_id = g_strdup (community_id);
  load_places (self);
  self->name_edited = FALSE;
  return self;
}
