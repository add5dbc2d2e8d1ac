/* linli-volunteer-editor.c: a volunteer's skills, weekly times, limits
 * and the dates they are away
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * No Save button: every change is written at once, in its own
 * transaction, and the view refreshes its lists when the editor says
 * something changed.
 */

#define G_LOG_DOMAIN "linli-volunteers"

#include "config.h"

#include <glib/gi18n.h>

#include "linli-format.h"
#include "linli-idnumber.h"
#include "linli-roster-time.h"
#include "linli-vol-util.h"
#include "linli-volunteer.h"
#include "linli-volunteer-editor.h"

struct _LinliVolunteerEditor
{
  AdwWindow        parent_instance;

  LinliDb         *db;
  char            *id;
  char            *person_id;
  char            *community_id;
  GArray          *windows;
  gboolean         loading;

  AdwWindowTitle  *window_title;
  AdwEntryRow     *phone_row;
  GtkSwitch       *consent_switch;
  GtkFlowBox      *skills_box;
  AdwEntryRow     *new_skill_row;
  GtkListBox      *times_list;
  GtkDropDown     *day_dropdown;
  GtkEntry        *from_entry;
  GtkEntry        *to_entry;
  GtkDropDown     *weeks_dropdown;
  GtkSpinButton   *limit_spin;
  GtkSwitch       *active_switch;
  GtkListBox      *away_list;
  GtkEntry        *away_from_entry;
  GtkEntry        *away_to_entry;
  GtkEntry        *away_reason_entry;
};

G_DEFINE_FINAL_TYPE (LinliVolunteerEditor, linli_volunteer_editor, ADW_TYPE_WINDOW)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void load (LinliVolunteerEditor *self);

static void
changed (LinliVolunteerEditor *self)
{
  g_signal_emit (self, signals[CHANGED], 0);
}

static gboolean
check (LinliVolunteerEditor *self,
       gboolean              ok,
       GError               *error)
{
  if (!ok)
    linli_vol_error (GTK_WIDGET (self), _("The change was not kept"), error);
  else
    changed (self);
  return ok;
}

static void
on_phone_applied_cb (LinliVolunteerEditor *self)
{
  g_autoptr(GError) error = NULL;
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->phone_row));
  g_autofree char *phone = *text ? linli_phone_normalize (text) : NULL;

  if (*text && (phone == NULL || !linli_phone_is_valid (phone)))
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->phone_row), "error");
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->phone_row),
                                   _("Not a phone number: 11 digits for a mobile, or an area code and number"));
      return;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (self->phone_row), "error");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->phone_row), NULL);
  check (self, linli_db_set (self->db, &error, "person", self->person_id, "phone", "s", phone), error);
}

static void
on_consent_changed_cb (LinliVolunteerEditor *self)
{
  g_autoptr(GError) error = NULL;

  if (self->loading)
    return;
  check (self, linli_db_set (self->db, &error, "person", self->person_id, "consent_publish", "b",
                             gtk_switch_get_active (self->consent_switch)), error);
}

static void
on_active_changed_cb (LinliVolunteerEditor *self)
{
  g_autoptr(GError) error = NULL;

  if (self->loading)
    return;
  check (self, linli_db_set (self->db, &error, "volunteer", self->id, "active", "b",
                             gtk_switch_get_active (self->active_switch)), error);
}

static void
on_limit_changed_cb (LinliVolunteerEditor *self)
{
  g_autoptr(GError) error = NULL;
  int value = gtk_spin_button_get_value_as_int (self->limit_spin);

  if (self->loading)
    return;
  check (self, linli_volunteer_set_limit (self->db, self->id, value > 0 ? value : -1, &error), error);
}

static void
save_skills (LinliVolunteerEditor *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) ids = NULL;
  g_autoptr(GError) error = NULL;

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->skills_box)); child;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *check = gtk_flow_box_child_get_child (GTK_FLOW_BOX_CHILD (child));

      if (gtk_check_button_get_active (GTK_CHECK_BUTTON (check)))
        g_strv_builder_add (builder, g_object_get_data (G_OBJECT (check), "skill"));
    }
  ids = g_strv_builder_end (builder);
  check (self, linli_volunteer_set_skills (self->db, self->id, (const char * const *) ids, &error), error);
}

static void
on_skill_toggled_cb (LinliVolunteerEditor *self)
{
  if (!self->loading)
    save_skills (self);
}

static void
on_new_skill_applied_cb (LinliVolunteerEditor *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->new_skill_row))));
  g_autofree char *skill = NULL;
  g_autofree char *skills = NULL;
  g_auto(GStrv) ids = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  if (*name == '\0')
    return;
  skill = linli_skill_ensure (self->db, self->community_id, name, &error);
  if (skill == NULL)
    {
      check (self, FALSE, error);
      return;
    }
  skills = linli_db_query_string (self->db, NULL, "SELECT skills FROM volunteer WHERE id = ?", "s", self->id);
  ids = linli_skills_parse (skills, NULL);
  if (ids != NULL)
    g_strv_builder_addv (builder, (const char **) ids);
  if (ids == NULL || !g_strv_contains ((const char * const *) ids, skill))
    g_strv_builder_add (builder, skill);
  g_strfreev (ids);
  ids = g_strv_builder_end (builder);
  if (check (self, linli_volunteer_set_skills (self->db, self->id, (const char * const *) ids, &error), error))
    {
      gtk_editable_set_text (GTK_EDITABLE (self->new_skill_row), "");
      load (self);
    }
}

static void
save_windows (LinliVolunteerEditor *self)
{
  g_autoptr(GError) error = NULL;

  check (self, linli_volunteer_set_availability (self->db, self->id, self->windows, &error), error);
}

static void
on_remove_time_clicked_cb (GtkButton            *button,
                           LinliVolunteerEditor *self)
{
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "index"));

  if (index < self->windows->len)
    g_array_remove_index (self->windows, index);
  save_windows (self);
  load (self);
}

static void
mark (GtkEntry *entry,
      gboolean  bad)
{
  if (bad)
    gtk_widget_add_css_class (GTK_WIDGET (entry), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (entry), "error");
}

static void
add_time_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  LinliVolunteerEditor *self = LINLI_VOLUNTEER_EDITOR (widget);
  const char *from_text = gtk_editable_get_text (GTK_EDITABLE (self->from_entry));
  const char *to_text = gtk_editable_get_text (GTK_EDITABLE (self->to_entry));
  LinliAvailability w;

  w.day = (int) gtk_drop_down_get_selected (self->day_dropdown) + 1;
  w.from = linli_roster_parse_time (*from_text ? from_text : "09:00");
  w.to = linli_roster_parse_time (*to_text ? to_text : "11:30");
  w.weeks = (LinliWeeks) gtk_drop_down_get_selected (self->weeks_dropdown);
  mark (self->from_entry, w.from < 0);
  mark (self->to_entry, w.to < 0 || w.to <= w.from);
  if (w.from < 0 || w.to <= w.from)
    return;

  g_array_append_val (self->windows, w);
  save_windows (self);
  gtk_editable_set_text (GTK_EDITABLE (self->from_entry), "");
  gtk_editable_set_text (GTK_EDITABLE (self->to_entry), "");
  load (self);
}

static void
on_remove_away_clicked_cb (GtkButton            *button,
                           LinliVolunteerEditor *self)
{
  g_autoptr(GError) error = NULL;

  if (check (self, linli_db_soft_delete (self->db, "blackout", g_object_get_data (G_OBJECT (button), "id"), &error),
             error))
    load (self);
}

static void
add_away_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  LinliVolunteerEditor *self = LINLI_VOLUNTEER_EDITOR (widget);
  const char *from = gtk_editable_get_text (GTK_EDITABLE (self->away_from_entry));
  const char *to = gtk_editable_get_text (GTK_EDITABLE (self->away_to_entry));
  const char *reason = gtk_editable_get_text (GTK_EDITABLE (self->away_reason_entry));
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;

  mark (self->away_from_entry, linli_roster_parse_date (from) == 0);
  mark (self->away_to_entry, *to && linli_roster_parse_date (to) == 0);
  if (linli_roster_parse_date (from) == 0 || (*to && linli_roster_parse_date (to) == 0))
    return;

  id = linli_volunteer_add_blackout (self->db, self->id, from, *to ? to : from, *reason ? reason : NULL, &error);
  if (check (self, id != NULL, error))
    {
      gtk_editable_set_text (GTK_EDITABLE (self->away_from_entry), "");
      gtk_editable_set_text (GTK_EDITABLE (self->away_to_entry), "");
      gtk_editable_set_text (GTK_EDITABLE (self->away_reason_entry), "");
      load (self);
    }
}

static void
remove_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  LinliVolunteerEditor *self = LINLI_VOLUNTEER_EDITOR (widget);
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));

  /* The view removes it, with a toast to undo. */
  if (parent != NULL)
    gtk_widget_activate_action (GTK_WIDGET (parent), "volunteers.remove-volunteer", "s", self->id);
  gtk_window_close (GTK_WINDOW (self));
}

static void
clear_list (GtkListBox *list)
{
  GtkListBoxRow *row;

  /* Rows only: the placeholder stays. */
  while ((row = gtk_list_box_get_row_at_index (list, 0)) != NULL)
    gtk_list_box_remove (list, GTK_WIDGET (row));
}

static GtkWidget *
remove_button (const char *tooltip)
{
  GtkWidget *button = gtk_button_new_from_icon_name ("user-trash-symbolic");

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, tooltip);
  return button;
}

static void
load (LinliVolunteerEditor *self)
{
  g_autoptr(LinliVolunteerInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) mine = NULL;
  GtkWidget *child;

  info = linli_volunteer_get (self->db, self->id, &error);
  if (info == NULL)
    {
      linli_vol_error (GTK_WIDGET (self), _("Cannot show this volunteer"), error);
      return;
    }

  self->loading = TRUE;
  g_free (self->person_id);
  self->person_id = g_strdup (info->person_id);
  g_free (self->community_id);
  self->community_id = linli_db_query_string (self->db, NULL, "SELECT community_id FROM volunteer WHERE id = ?",
                                              "s", self->id);
  adw_window_title_set_title (self->window_title, info->name);
  adw_window_title_set_subtitle (self->window_title, info->address ? info->address : "");
  /* The apply button comes on after the text is set, so that it shows
   * only once the user edits the number. */
  adw_entry_row_set_show_apply_button (self->phone_row, FALSE);
  gtk_editable_set_text (GTK_EDITABLE (self->phone_row), info->phone ? info->phone : "");
  adw_entry_row_set_show_apply_button (self->phone_row, TRUE);
  gtk_switch_set_active (self->consent_switch, info->consent_publish);
  gtk_switch_set_active (self->active_switch, info->active);
  gtk_spin_button_set_value (self->limit_spin, MAX (info->max_per_month, 0));

  /* Skills: every skill of the community, theirs ticked. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->skills_box))) != NULL)
    gtk_flow_box_remove (self->skills_box, child);
  mine = linli_skills_parse (info->skills, NULL);
  {
    g_autoptr(LinliQuery) q = linli_db_query (self->db, NULL, "SELECT id, name FROM skill WHERE deleted = 0 "
                                              "AND community_id = ? ORDER BY name", "s", self->community_id);
    while (q != NULL && linli_query_next (q, NULL))
      {
        GtkWidget *check = gtk_check_button_new_with_label (linli_query_get_string (q, 1));

        g_object_set_data_full (G_OBJECT (check), "skill", linli_query_dup_string (q, 0), g_free);
        gtk_check_button_set_active (GTK_CHECK_BUTTON (check),
                                     mine && g_strv_contains ((const char * const *) mine, linli_query_get_string (q, 0)));
        g_signal_connect_object (check, "toggled", G_CALLBACK (on_skill_toggled_cb), self, G_CONNECT_SWAPPED);
        gtk_flow_box_append (self->skills_box, check);
      }
  }

  /* Weekly times. */
  g_clear_pointer (&self->windows, g_array_unref);
  self->windows = linli_availability_parse (info->availability, NULL);
  if (self->windows == NULL)
    self->windows = g_array_new (FALSE, FALSE, sizeof (LinliAvailability));
  clear_list (self->times_list);
  for (guint i = 0; i < self->windows->len; i++)
    {
      g_autoptr(GArray) one = g_array_new (FALSE, FALSE, sizeof (LinliAvailability));
      g_autofree char *text = NULL;
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *button = remove_button (_("Remove this time"));

      g_array_append_val (one, g_array_index (self->windows, LinliAvailability, i));
      text = linli_availability_describe (one);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), text);
      g_object_set_data (G_OBJECT (button), "index", GUINT_TO_POINTER (i));
      g_signal_connect_object (button, "clicked", G_CALLBACK (on_remove_time_clicked_cb), self, 0);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
      gtk_list_box_append (self->times_list, row);
    }
  if (self->windows->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Any time"));
      gtk_list_box_append (self->times_list, row);
    }

  /* Away. */
  clear_list (self->away_list);
  {
    g_autoptr(LinliQuery) q = linli_db_query (self->db, NULL, "SELECT id, from_date, to_date, reason FROM blackout "
                                              "WHERE volunteer_id = ? AND deleted = 0 ORDER BY from_date", "s", self->id);
    while (q != NULL && linli_query_next (q, NULL))
      {
        g_autofree char *from = linli_format_date_iso (linli_query_get_string (q, 1));
        g_autofree char *to = linli_format_date_iso (linli_query_get_string (q, 2));
        g_autofree char *title = g_strdup_printf (_("%s to %s"), from, to);
        GtkWidget *row = adw_action_row_new ();
        GtkWidget *button = remove_button (_("Remove these dates"));

        adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
        adw_action_row_set_subtitle (ADW_ACTION_ROW (row), linli_query_get_string (q, 3) ? linli_query_get_string (q, 3) : "");
        g_object_set_data_full (G_OBJECT (button), "id", linli_query_dup_string (q, 0), g_free);
        g_signal_connect_object (button, "clicked", G_CALLBACK (on_remove_away_clicked_cb), self, 0);
        adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
        gtk_list_box_append (self->away_list, row);
      }
  }
  self->loading = FALSE;
}

const char *
linli_volunteer_editor_get_id (LinliVolunteerEditor *self)
{
  return self->id;
}

static void
linli_volunteer_editor_dispose (GObject *object)
{
  LinliVolunteerEditor *self = LINLI_VOLUNTEER_EDITOR (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), LINLI_TYPE_VOLUNTEER_EDITOR);
  g_clear_object (&self->db);
  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->person_id, g_free);
  g_clear_pointer (&self->community_id, g_free);
  g_clear_pointer (&self->windows, g_array_unref);

  G_OBJECT_CLASS (linli_volunteer_editor_parent_class)->dispose (object);
}

static void
linli_volunteer_editor_class_init (LinliVolunteerEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = linli_volunteer_editor_dispose;

  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/linli/Linli/volunteers/linli-volunteer-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, LinliVolunteerEditor, window_title);
  gtk_widget_class_bind_template_child (widget_class, LinliVolunteerEditor, phone_row);
  gtk_widget_class_bind_template_child (widget_class, LinliVolunteerEditor, consent_switch);
  gtk_widget_class_bind_template_child (widget_class, LinliVolunteerEditor, skills_box);
  gtk_widget_class_bind_template_child (widget_class, LinliVolunteerEditor, new_skill_row);
  gtk_widget_class_bind_template_child (widget_class, LinliVolunteerEditor, times_list);
  gtk_widget_class_bind_template_child (widget_class, LinliVolunteerEditor, day_dropdown);
  gtk_widget_class_bind_template_child (widget_class, LinliVolunteerEditor, from_entry);
  gtk_widget_class_bind_template_child (widget_class, LinliVolunteerEditor, to_entry);
  gtk_widget_class_bind_template_child (widget_class, LinliVolunteerEditor, weeks_dropdown);
  gtk_widget_class_bind_template_child (widget_class, LinliVolunteerEditor, limit_spin);
  gtk_widget_class_bind_template_child (widget_class, LinliVolunteerEditor, active_switch);
  gtk_widget_class_bind_template_child (widget_class, LinliVolunteerEditor, away_list);
  gtk_widget_class_bind_template_child (widget_class, LinliVolunteerEditor, away_from_entry);
  gtk_widget_class_bind_template_child (widget_class, LinliVolunteerEditor, away_to_entry);
  gtk_widget_class_bind_template_child (widget_class, LinliVolunteerEditor, away_reason_entry);
  gtk_widget_class_bind_template_callback (widget_class, on_phone_applied_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_consent_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_active_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_limit_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_new_skill_applied_cb);

  gtk_widget_class_install_action (widget_class, "editor.add-time", NULL, add_time_action);
  gtk_widget_class_install_action (widget_class, "editor.add-away", NULL, add_away_action);
  gtk_widget_class_install_action (widget_class, "editor.remove", NULL, remove_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
linli_volunteer_editor_init (LinliVolunteerEditor *self)
{
  const char *days[] = { C_("weekday", "Mon"), C_("weekday", "Tue"), C_("weekday", "Wed"), C_("weekday", "Thu"),
                         C_("weekday", "Fri"), C_("weekday", "Sat"), C_("weekday", "Sun"), NULL };
  const char *weeks[] = { _("every week"), _("odd weeks"), _("even weeks"), NULL };
  g_autoptr(GtkStringList) day_list = gtk_string_list_new (days);
  g_autoptr(GtkStringList) week_list = gtk_string_list_new (weeks);

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_drop_down_set_model (self->day_dropdown, G_LIST_MODEL (day_list));
  gtk_drop_down_set_model (self->weeks_dropdown, G_LIST_MODEL (week_list));
  gtk_drop_down_set_selected (self->day_dropdown, 2);
}

LinliVolunteerEditor *
linli_volunteer_editor_new (GtkWindow  *parent,
                            LinliDb    *db,
                            const char *volunteer_id)
{
  LinliVolunteerEditor *self = g_object_new (LINLI_TYPE_VOLUNTEER_EDITOR, "transient-for", parent, NULL);

  self->db = g_object_ref (db);
  self->id = g_strdup (volunteer_id);
  load (self);
  return self;
}
