/* linli-map-visit-dialog.c: logging a door-knocking visit
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "linli-map"

#include "config.h"

#include <glib/gi18n.h>

#include "linli-map-page.h"
#include "linli-map-visit-dialog.h"
#include "linli-search.h"
#include "linli-vocab.h"

struct _LinliMapVisitDialog
{
  AdwWindow            parent_instance;

  LinliMapSession     *session;
  char                *household_id;
  GPtrArray           *visitor_ids;   /* by position in visitor_row; NULL: someone else */
  GPtrArray           *service_checks;

  AdwPreferencesGroup *who_group;
  AdwComboRow         *visitor_row;
  AdwEntryRow         *other_row;
  AdwEntryRow         *date_row;
  AdwEntryRow         *time_row;
  AdwPreferencesGroup *services_group;
  AdwEntryRow         *notes_row;
  AdwEntryRow         *follow_up_row;
  AdwEntryRow         *due_row;
  GtkWidget           *save_button;
};

G_DEFINE_FINAL_TYPE (LinliMapVisitDialog, linli_map_visit_dialog, ADW_TYPE_WINDOW)

static const char *
text_of (AdwEntryRow *row)
{
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

static gboolean
validate (LinliMapVisitDialog *self)
{
  guint v = adw_combo_row_get_selected (self->visitor_row);
  gboolean other = v < self->visitor_ids->len && self->visitor_ids->pdata[v] == NULL;
  gboolean date_ok = linli_map_valid_date (text_of (self->date_row));
  gboolean time_ok = linli_map_valid_time (text_of (self->time_row));
  gboolean due_ok = *text_of (self->due_row) == '\0' || linli_map_valid_date (text_of (self->due_row));
  gboolean who_ok = !other || *text_of (self->other_row) != '\0';

  gtk_widget_set_visible (GTK_WIDGET (self->other_row), other);
  linli_map_set_entry_error (GTK_WIDGET (self->date_row), !date_ok);
  linli_map_set_entry_error (GTK_WIDGET (self->time_row), !time_ok);
  linli_map_set_entry_error (GTK_WIDGET (self->due_row), !due_ok);
  gtk_widget_set_sensitive (self->save_button, date_ok && time_ok && due_ok && who_ok);
  return date_ok && time_ok && due_ok && who_ok;
}

static void
on_changed_cb (LinliMapVisitDialog *self)
{
  validate (self);
}

/**
 * linli_map_visit_dialog_save:
 *
 * Stores the visit, as one edit that can be undone, and closes.
 *
 * Returns: %TRUE when it was stored
 */
gboolean
linli_map_visit_dialog_save (LinliMapVisitDialog *self)
{
  LinliMapHistory *history = linli_map_session_get_history (self->session);
  LinliDb *db = linli_map_session_get_db (self->session);
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  g_autofree char *at = NULL;
  GString *services = g_string_new (NULL);
  guint v = adw_combo_row_get_selected (self->visitor_row);
  const char *visitor = v < self->visitor_ids->len ? self->visitor_ids->pdata[v] : NULL;
  const char *notes = text_of (self->notes_row);
  const char *follow = text_of (self->follow_up_row);
  const char *due = text_of (self->due_row);
  guint serial;

  if (!validate (self))
    {
      g_string_free (services, TRUE);
      return FALSE;
    }
  for (guint i = 0; i < self->service_checks->len; i++)
    if (gtk_check_button_get_active (self->service_checks->pdata[i]))
      g_string_append_printf (services, "%s%s", services->len ? "," : "",
                              (char *) g_object_get_data (self->service_checks->pdata[i], "code"));
  at = g_strdup_printf ("%sT%s", text_of (self->date_row), text_of (self->time_row));

  if (!linli_map_history_begin (history, _("Log a visit"), &error))
    goto failed;
  id = linli_db_insert (db, &error, "visit",
                        "community_id,household_id,visitor_id,visitor_name,visited_at,services,notes,follow_up,follow_up_due",
                        "sssssssss", linli_map_session_get_community_id (self->session), self->household_id,
                        visitor, visitor ? NULL : text_of (self->other_row), at, services->str,
                        *notes ? notes : NULL, *follow ? follow : NULL, *due ? due : NULL);
  if (id == NULL)
    {
      linli_map_history_rollback (history);
      goto failed;
    }
  linli_map_history_created (history, "visit", id);
  serial = linli_map_history_commit (history, &error);
  if (serial == 0)
    goto failed;

  g_string_free (services, TRUE);
  linli_map_session_toast_undo (self->session, _("Visit logged"), serial);
  gtk_window_close (GTK_WINDOW (self));
  return TRUE;

failed:
  g_string_free (services, TRUE);
  linli_map_session_error (self->session, _("The visit could not be stored"), error);
  return FALSE;
}

static void
on_save_clicked_cb (LinliMapVisitDialog *self)
{
  linli_map_visit_dialog_save (self);
}

static void
fill (LinliMapVisitDialog *self)
{
  LinliDb *db = linli_map_session_get_db (self->session);
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autoptr(LinliQuery) q = NULL;
  g_autofree char *grid = NULL;
  g_autofree char *address = linli_household_address (db, self->household_id);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *real_today = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *time = g_date_time_format (now, "%H:%M");
  const char *today = linli_map_session_get_today (self->session);
  const LinliVocab *services;
  guint n;

  adw_preferences_group_set_description (self->who_group, address);
  grid = linli_db_query_string (db, NULL,
                                "SELECT b.grid_id FROM household h JOIN unit u ON u.id = h.unit_id "
                                "JOIN building b ON b.id = u.building_id WHERE h.id = ?", "s", self->household_id);

  /* The grid worker first, then the grid's door-knocking group. */
  q = linli_db_query (db, NULL,
                      "SELECT p.id, p.name, 0 FROM grid g JOIN person p ON p.id = g.worker_id AND p.deleted = 0 WHERE g.id = ? "
                      "UNION SELECT p.id, p.name, 1 FROM team t JOIN team_member m ON m.team_id = t.id AND m.deleted = 0 "
                      " AND m.left_on IS NULL JOIN person p ON p.id = m.person_id AND p.deleted = 0 "
                      " WHERE t.kind = 'door_knocking' AND t.deleted = 0 AND t.scope = 'grid' AND t.scope_id = ? "
                      "ORDER BY 3, 2", "ss", grid, grid);
  while (q && linli_query_next (q, NULL))
    {
      gboolean seen = FALSE;

      for (guint i = 0; i < self->visitor_ids->len; i++)
        seen = seen || g_strcmp0 (self->visitor_ids->pdata[i], linli_query_get_string (q, 0)) == 0;
      if (seen)
        continue;
      gtk_string_list_append (names, linli_query_get_string (q, 1));
      g_ptr_array_add (self->visitor_ids, linli_query_dup_string (q, 0));
    }
  gtk_string_list_append (names, _("Someone else…"));
  g_ptr_array_add (self->visitor_ids, NULL);
  adw_combo_row_set_model (self->visitor_row, G_LIST_MODEL (names));
  adw_combo_row_set_selected (self->visitor_row, 0);

  gtk_editable_set_text (GTK_EDITABLE (self->date_row), today);
  gtk_editable_set_text (GTK_EDITABLE (self->time_row), g_str_equal (today, real_today) ? time : "10:00");

  services = linli_vocab_list (LINLI_VOCAB_VISIT_SERVICE, &n);
  for (guint i = 0; i < n; i++)
    {
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *check = gtk_check_button_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _(services[i].label));
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      g_object_set_data (G_OBJECT (check), "code", (gpointer) services[i].code);
      /* Most visits are a chat at the door. */
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check), g_str_equal (services[i].code, "chat"));
      adw_preferences_group_add (self->services_group, row);
      g_ptr_array_add (self->service_checks, check);
    }
  validate (self);
}

static void
linli_map_visit_dialog_dispose (GObject *object)
{
  LinliMapVisitDialog *self = LINLI_MAP_VISIT_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (object), LINLI_TYPE_MAP_VISIT_DIALOG);
  g_clear_object (&self->session);
  g_clear_pointer (&self->household_id, g_free);
  g_clear_pointer (&self->visitor_ids, g_ptr_array_unref);
  g_clear_pointer (&self->service_checks, g_ptr_array_unref);

  G_OBJECT_CLASS (linli_map_visit_dialog_parent_class)->dispose (object);
}

static void
linli_map_visit_dialog_class_init (LinliMapVisitDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = linli_map_visit_dialog_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/linli/Linli/map/linli-map-visit-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, LinliMapVisitDialog, who_group);
  gtk_widget_class_bind_template_child (widget_class, LinliMapVisitDialog, visitor_row);
  gtk_widget_class_bind_template_child (widget_class, LinliMapVisitDialog, other_row);
  gtk_widget_class_bind_template_child (widget_class, LinliMapVisitDialog, date_row);
  gtk_widget_class_bind_template_child (widget_class, LinliMapVisitDialog, time_row);
  gtk_widget_class_bind_template_child (widget_class, LinliMapVisitDialog, services_group);
  gtk_widget_class_bind_template_child (widget_class, LinliMapVisitDialog, notes_row);
  gtk_widget_class_bind_template_child (widget_class, LinliMapVisitDialog, follow_up_row);
  gtk_widget_class_bind_template_child (widget_class, LinliMapVisitDialog, due_row);
  gtk_widget_class_bind_template_child (widget_class, LinliMapVisitDialog, save_button);
  gtk_widget_class_bind_template_callback (widget_class, on_save_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_changed_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
linli_map_visit_dialog_init (LinliMapVisitDialog *self)
{
  self->visitor_ids = g_ptr_array_new_with_free_func (g_free);
  self->service_checks = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}

LinliMapVisitDialog *
linli_map_visit_dialog_new (LinliMapSession *session,
                            const char      *household_id)
{
  LinliMapVisitDialog *self;

  g_return_val_if_fail (LINLI_IS_MAP_SESSION (session), NULL);
  g_return_val_if_fail (household_id != NULL, NULL);

  self = g_object_new (LINLI_TYPE_MAP_VISIT_DIALOG, NULL);
  self->session = g_object_ref (session);
  self->household_id = g_strdup (household_id);
  fill (self);
  return self;
}
