/* linli-map-household-page.c: a household: its residents, visits, flags
 * and notes, all editable in place
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "linli-map"

#include "config.h"

#include <glib/gi18n.h>
#include <stdlib.h>
#include <string.h>

#include "linli-changed-elsewhere.h"
#include "linli-format.h"
#include "linli-map-household-page.h"
#include "linli-map-visit-dialog.h"
#include "linli-search.h"
#include "linli-vocab.h"

struct _LinliMapHouseholdPage
{
  LinliMapPage  parent_instance;

  GtkLabel     *title;
  GtkLabel     *subtitle;
  LinliChangedElsewhere *changed_elsewhere;
  GtkWidget    *visit_button;
  GtkListBox   *residents;
  GtkListBox   *visits;
  GtkSwitch    *rental_switch;
  GtkSwitch    *party_switch;
  GtkSwitch    *vacant_switch;
  AdwEntryRow  *phone_row;
  GtkTextView  *notes;

  gboolean      loading;
  guint         notes_timeout;
};

G_DEFINE_FINAL_TYPE (LinliMapHouseholdPage, linli_map_household_page, LINLI_TYPE_MAP_PAGE)

static char *
person_line (const char *relation,
             const char *gender,
             const char *birth,
             const char *tags,
             const char *today)
{
  GString *s = g_string_new (NULL);
  g_autofree char *age = linli_map_age_text (birth, today);

  if (relation && *relation)
    g_string_append (s, linli_vocab_label (LINLI_VOCAB_RELATION, relation));
  if (g_strcmp0 (gender, "M") == 0 || g_strcmp0 (gender, "F") == 0)
    {
      if (s->len)
        g_string_append (s, " · ");
      g_string_append (s, g_str_equal (gender, "M") ? C_("gender", "Male") : C_("gender", "Female"));
    }
  if (age)
    {
      if (s->len)
        g_string_append (s, " · ");
      g_string_append (s, age);
    }
  if (tags && *tags)
    {
      if (s->len)
        g_string_append (s, " · ");
      g_string_append (s, tags);
    }
  return g_string_free (s, FALSE);
}

static void
on_add_resident_activated_cb (LinliMapHouseholdPage *self);

static void
load_residents (LinliMapHouseholdPage *self,
                const char            *id)
{
  LinliDb *db = linli_map_page_get_db (LINLI_MAP_PAGE (self));
  const char *today = linli_map_page_get_today (LINLI_MAP_PAGE (self));
  g_autoptr(LinliQuery) q = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *add;

  linli_map_list_clear (self->residents);
  q = linli_db_query (db, &error,
                      "SELECT p.id, p.name, p.gender, p.birth_date, p.relation, "
                      "(SELECT group_concat(t.name, '、') FROM person_tag pt JOIN tag t ON t.id = pt.tag_id AND t.deleted = 0 "
                      " WHERE pt.person_id = p.id AND pt.deleted = 0) "
                      "FROM person p JOIN household h ON h.id = p.household_id "
                      "WHERE p.household_id = ? AND p.deleted = 0 AND p.is_resident = 1 "
                      "ORDER BY p.id = h.head_id DESC, p.relation = 'head' DESC, p.birth_date, p.name",
                      "s", id);
  while (q != NULL && linli_query_next (q, &error))
    {
      g_autofree char *line = person_line (linli_query_get_string (q, 4), linli_query_get_string (q, 2),
                                           linli_query_get_string (q, 3), linli_query_get_string (q, 5), today);
      int age = linli_map_age (linli_query_get_string (q, 3), today);
      GtkWidget *row = linli_map_nav_row (linli_query_get_string (q, 1), line, "person", linli_query_get_string (q, 0));

      if (age >= LINLI_AGE_OLD)
        adw_action_row_add_suffix (ADW_ACTION_ROW (row), linli_map_pill ("80+", "linli-care"));
      linli_map_list_append (self->residents, row);
    }

  add = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (add), _("Add a resident…"));
  adw_action_row_set_icon_name (ADW_ACTION_ROW (add), "list-add-symbolic");
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (add), TRUE);
  g_signal_connect_object (add, "activated", G_CALLBACK (on_add_resident_activated_cb), self, G_CONNECT_SWAPPED);
  linli_map_list_append (self->residents, add);
}

static void
on_follow_up_toggled_cb (GtkCheckButton        *check,
                         LinliMapHouseholdPage *self)
{
  LinliMapSession *session = linli_map_page_get_session (LINLI_MAP_PAGE (self));
  LinliMapHistory *history = linli_map_session_get_history (session);
  g_autoptr(GError) error = NULL;
  guint serial;

  if (self->loading)
    return;
  if (!linli_map_history_begin (history, _("Follow-up done"), &error))
    return;
  linli_map_history_set (history, "visit", g_object_get_data (G_OBJECT (check), "visit"), "follow_up_done", "b",
                         gtk_check_button_get_active (check));
  serial = linli_map_history_commit (history, &error);
  if (serial == 0)
    linli_map_session_error (session, _("The follow-up could not be marked done"), error);
  else if (gtk_check_button_get_active (check))
    linli_map_session_toast_undo (session, _("Follow-up marked done"), serial);
}

static void
on_delete_visit_clicked_cb (GtkButton             *button,
                            LinliMapHouseholdPage *self)
{
  LinliMapSession *session = linli_map_page_get_session (LINLI_MAP_PAGE (self));
  LinliMapHistory *history = linli_map_session_get_history (session);
  g_autoptr(GError) error = NULL;
  guint serial;

  if (!linli_map_history_begin (history, _("Delete the visit"), &error))
    return;
  linli_map_history_delete (history, "visit", g_object_get_data (G_OBJECT (button), "visit"));
  serial = linli_map_history_commit (history, &error);
  if (serial == 0)
    linli_map_session_error (session, _("The visit could not be deleted"), error);
  else
    linli_map_session_toast_undo (session, _("Visit deleted"), serial);
}

static void
load_visits (LinliMapHouseholdPage *self,
             const char            *id)
{
  LinliDb *db = linli_map_page_get_db (LINLI_MAP_PAGE (self));
  g_autoptr(LinliQuery) q = NULL;
  g_autoptr(GError) error = NULL;
  int n = 0;

  linli_map_list_clear (self->visits);
  q = linli_db_query (db, &error,
                      "SELECT v.id, v.visited_at, coalesce(p.name, v.visitor_name, ''), v.services, v.notes, "
                      "v.follow_up, v.follow_up_due, v.follow_up_done "
                      "FROM visit v LEFT JOIN person p ON p.id = v.visitor_id "
                      "WHERE v.household_id = ? AND v.deleted = 0 ORDER BY v.visited_at DESC LIMIT 20",
                      "s", id);
  while (q != NULL && linli_query_next (q, &error))
    {
      const char *at = linli_query_get_string (q, 1);
      g_autofree char *date = NULL;
      g_autofree char *title = NULL;
      g_autofree char *services = linli_vocab_labels (LINLI_VOCAB_VISIT_SERVICE, linli_query_get_string (q, 3), NULL);
      const char *notes = linli_query_get_string (q, 4);
      const char *follow_up = linli_query_get_string (q, 5);
      const char *due = linli_query_get_string (q, 6);
      GString *sub = g_string_new (services);
      GtkWidget *row = gtk_list_box_row_new ();
      GtkWidget *body = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
      GtkWidget *line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      GtkWidget *texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
      GtkWidget *title_label, *sub_label, *del;

      {
        g_autofree char *day = at ? g_strndup (at, 10) : NULL;
        date = linli_format_date_iso (day);
      }
      title = g_strdup_printf ("%s %s · %s", date ? date : (at ? at : ""), at && strlen (at) >= 16 ? at + 11 : "",
                               linli_query_get_string (q, 2));
      if (notes && *notes)
        g_string_append_printf (sub, sub->len ? " · %s" : "%s", notes);

      /* The visit: when, who, what was done. */
      title_label = gtk_label_new (title);
      gtk_label_set_xalign (GTK_LABEL (title_label), 0);
      gtk_label_set_wrap (GTK_LABEL (title_label), TRUE);
      gtk_widget_set_hexpand (texts, TRUE);
      gtk_box_append (GTK_BOX (texts), title_label);
      if (sub->len > 0)
        {
          sub_label = gtk_label_new (sub->str);
          gtk_label_set_xalign (GTK_LABEL (sub_label), 0);
          gtk_label_set_wrap (GTK_LABEL (sub_label), TRUE);
          gtk_widget_add_css_class (sub_label, "caption");
          gtk_widget_add_css_class (sub_label, "dim-label");
          gtk_box_append (GTK_BOX (texts), sub_label);
        }
      g_string_free (sub, TRUE);
      del = gtk_button_new_from_icon_name ("user-trash-symbolic");
      gtk_widget_set_valign (del, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (del, "flat");
      gtk_widget_set_tooltip_text (del, _("Delete this visit"));
      g_object_set_data_full (G_OBJECT (del), "visit", linli_query_dup_string (q, 0), g_free);
      g_signal_connect_object (del, "clicked", G_CALLBACK (on_delete_visit_clicked_cb), self, 0);
      gtk_box_append (GTK_BOX (line), texts);
      gtk_box_append (GTK_BOX (line), del);
      gtk_box_append (GTK_BOX (body), line);

      /* What was promised at the door, with its box to tick. */
      if ((follow_up && *follow_up) || due)
        {
          g_autofree char *due_text = due ? linli_format_date_iso (due) : NULL;
          g_autofree char *text = due_text ? g_strdup_printf (_("%s · due %s"), follow_up && *follow_up ? follow_up : _("Follow-up"), due_text)
                                           : g_strdup (follow_up);
          gboolean done = linli_query_get_int (q, 7) != 0;
          GtkWidget *check = gtk_check_button_new_with_label (text);

          gtk_widget_set_tooltip_text (check, _("Mark as done"));
          gtk_check_button_set_active (GTK_CHECK_BUTTON (check), done);
          g_object_set_data_full (G_OBJECT (check), "visit", linli_query_dup_string (q, 0), g_free);
          g_signal_connect_object (check, "toggled", G_CALLBACK (on_follow_up_toggled_cb), self, 0);
          if (!done && due && g_strcmp0 (due, linli_map_page_get_today (LINLI_MAP_PAGE (self))) < 0)
            gtk_widget_add_css_class (check, "error");
          gtk_widget_add_css_class (check, "linli-follow-up");
          gtk_box_append (GTK_BOX (body), check);
        }
      gtk_widget_set_margin_top (body, 8);
      gtk_widget_set_margin_bottom (body, 8);
      gtk_widget_set_margin_start (body, 12);
      gtk_widget_set_margin_end (body, 8);
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), body);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
      gtk_list_box_append (self->visits, row);
      n++;
    }
  if (n == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Not visited yet"));
      gtk_widget_add_css_class (row, "dim-label");
      linli_map_list_append (self->visits, row);
    }
}

static void
linli_map_household_page_reload (LinliMapPage *page)
{
  LinliMapHouseholdPage *self = LINLI_MAP_HOUSEHOLD_PAGE (page);
  LinliDb *db = linli_map_page_get_db (page);
  const char *id = linli_map_page_get_id (page);
  g_autofree char *address = linli_household_address (db, id);
  g_autoptr(LinliQuery) q = NULL;
  g_autoptr(GError) error = NULL;
  GString *sub;

  if (address == NULL)
    return;
  self->loading = TRUE;
  gtk_label_set_label (self->title, address);

  q = linli_db_query (db, &error,
                      "SELECT h.flags, h.phone, h.notes, "
                      "coalesce((SELECT name FROM person WHERE id = h.head_id AND deleted = 0), "
                      " (SELECT name FROM person WHERE household_id = h.id AND deleted = 0 AND relation = 'head' LIMIT 1)), "
                      "(SELECT count(*) FROM person WHERE household_id = h.id AND deleted = 0 AND is_resident = 1), "
                      "(SELECT max(visited_at) FROM visit WHERE household_id = h.id AND deleted = 0) "
                      "FROM household h WHERE h.id = ?", "s", id);
  sub = g_string_new (NULL);
  if (q != NULL && linli_query_next (q, &error))
    {
      g_autofree char *flags = g_strdup_printf (",%s,", linli_query_get_string (q, 0) ? linli_query_get_string (q, 0) : "");
      const char *head = linli_query_get_string (q, 3);
      const char *last = linli_query_get_string (q, 5);
      int n = (int) linli_query_get_int (q, 4);
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->notes);

      gtk_switch_set_active (self->rental_switch, strstr (flags, ",rental,") != NULL);
      gtk_switch_set_active (self->party_switch, strstr (flags, ",party_center,") != NULL);
      gtk_switch_set_active (self->vacant_switch, strstr (flags, ",vacant,") != NULL);
      gtk_editable_set_text (GTK_EDITABLE (self->phone_row), linli_query_get_string (q, 1) ? linli_query_get_string (q, 1) : "");
      if (!gtk_widget_has_focus (GTK_WIDGET (self->notes)))
        gtk_text_buffer_set_text (buffer, linli_query_get_string (q, 2) ? linli_query_get_string (q, 2) : "", -1);

      if (head)
        /* Translators: the head of the household (户主) */
        g_string_append_printf (sub, _("Head %s"), head);
      if (sub->len)
        g_string_append (sub, " · ");
      g_string_append_printf (sub, ngettext ("%d resident", "%d residents", n), n);
      g_string_append (sub, " · ");
      if (last)
        {
          g_autofree char *day = g_strndup (last, 10);
          g_autofree char *date = linli_format_date_iso (day);

          g_string_append_printf (sub, _("Last visited %s"), date ? date : day);
        }
      else
        g_string_append (sub, _("Never visited"));
    }
  gtk_label_set_label (self->subtitle, sub->str);
  g_string_free (sub, TRUE);

  load_residents (self, id);
  load_visits (self, id);
  linli_changed_elsewhere_show_record (self->changed_elsewhere, db, "household", id);
  self->loading = FALSE;
}

/* Flags ---------------------------------------------------------------------------- */

static void
on_flag_switched_cb (LinliMapHouseholdPage *self,
                     GParamSpec            *pspec,
                     GtkSwitch             *sw)
{
  LinliMapSession *session = linli_map_page_get_session (LINLI_MAP_PAGE (self));
  LinliMapHistory *history = session ? linli_map_session_get_history (session) : NULL;
  GString *flags = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  const struct { GtkSwitch *sw; const char *code; } all[] = {
    { self->rental_switch, "rental" }, { self->party_switch, "party_center" }, { self->vacant_switch, "vacant" },
  };
  g_autofree char *old = NULL;
  g_auto(GStrv) parts = NULL;

  if (self->loading || history == NULL)
    {
      g_string_free (flags, TRUE);
      return;
    }
  /* Keeps flags this version does not know. */
  old = linli_db_query_string (linli_map_page_get_db (LINLI_MAP_PAGE (self)), NULL,
                               "SELECT flags FROM household WHERE id = ?", "s", linli_map_page_get_id (LINLI_MAP_PAGE (self)));
  parts = g_strsplit (old ? old : "", ",", -1);
  for (guint i = 0; parts[i]; i++)
    {
      gboolean known = FALSE;

      for (guint k = 0; k < G_N_ELEMENTS (all); k++)
        known = known || g_str_equal (parts[i], all[k].code);
      if (!known && *parts[i])
        g_string_append_printf (flags, "%s%s", flags->len ? "," : "", parts[i]);
    }
  for (guint k = 0; k < G_N_ELEMENTS (all); k++)
    if (gtk_switch_get_active (all[k].sw))
      g_string_append_printf (flags, "%s%s", flags->len ? "," : "", all[k].code);

  if (linli_map_history_begin (history, _("Change the household’s marks"), &error))
    {
      linli_map_history_set (history, "household", linli_map_page_get_id (LINLI_MAP_PAGE (self)), "flags", "s", flags->str);
      if (linli_map_history_commit (history, &error) == 0)
        linli_map_session_error (session, _("The change could not be stored"), error);
    }
  g_string_free (flags, TRUE);
}

static void
on_phone_applied_cb (LinliMapHouseholdPage *self,
                     AdwEntryRow           *row)
{
  LinliMapSession *session = linli_map_page_get_session (LINLI_MAP_PAGE (self));
  LinliMapHistory *history = linli_map_session_get_history (session);
  g_autofree char *phone = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
  g_autoptr(GError) error = NULL;

  if (!linli_map_history_begin (history, _("Change the household phone"), &error))
    return;
  linli_map_history_set (history, "household", linli_map_page_get_id (LINLI_MAP_PAGE (self)), "phone", "s",
                         *phone ? phone : NULL);
  if (linli_map_history_commit (history, &error) == 0)
    linli_map_session_error (session, _("The change could not be stored"), error);
}

/* Notes are stored a moment after typing stops, and when leaving. */
static gboolean
save_notes (gpointer data)
{
  LinliMapHouseholdPage *self = data;
  LinliMapSession *session = linli_map_page_get_session (LINLI_MAP_PAGE (self));
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->notes);
  GtkTextIter start, end;
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  LinliMapHistory *history;

  self->notes_timeout = 0;
  if (session == NULL || linli_map_page_get_id (LINLI_MAP_PAGE (self)) == NULL)
    return G_SOURCE_REMOVE;
  history = linli_map_session_get_history (session);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  if (linli_map_history_begin (history, _("Edit the notes"), &error))
    {
      linli_map_history_set (history, "household", linli_map_page_get_id (LINLI_MAP_PAGE (self)), "notes", "s",
                             *text ? text : NULL);
      if (linli_map_history_commit (history, &error) == 0)
        linli_map_session_error (session, _("The notes could not be stored"), error);
    }
  return G_SOURCE_REMOVE;
}

static void
on_notes_changed_cb (LinliMapHouseholdPage *self,
                     GtkTextBuffer         *buffer)
{
  if (self->loading)
    return;
  g_clear_handle_id (&self->notes_timeout, g_source_remove);
  self->notes_timeout = g_timeout_add (800, save_notes, self);
}

static void
on_notes_leave_cb (LinliMapHouseholdPage *self)
{
  if (self->notes_timeout != 0)
    {
      g_clear_handle_id (&self->notes_timeout, g_source_remove);
      save_notes (self);
    }
}

/* Adding a resident ------------------------------------------------------------------ */

typedef struct
{
  LinliMapHouseholdPage *self;
  GtkWidget             *name;
  GtkWidget             *birth;
  AdwComboRow           *relation;
  AdwComboRow           *gender;
  AdwMessageDialog      *dialog;
} AddResident;

static void
add_resident_check (AddResident *a)
{
  const char *name = gtk_editable_get_text (GTK_EDITABLE (a->name));
  const char *birth = gtk_editable_get_text (GTK_EDITABLE (a->birth));
  gboolean birth_ok = *birth == '\0' || linli_map_valid_date (birth);
  g_autofree char *trimmed = g_strstrip (g_strdup (name));

  linli_map_set_entry_error (a->birth, !birth_ok);
  adw_message_dialog_set_response_enabled (a->dialog, "add", *trimmed != '\0' && birth_ok);
}

static void
on_add_resident_response_cb (AdwMessageDialog *dialog,
                             const char       *response,
                             AddResident      *a)
{
  LinliMapHouseholdPage *self = a->self;
  LinliMapSession *session = linli_map_page_get_session (LINLI_MAP_PAGE (self));
  LinliMapHistory *history = linli_map_session_get_history (session);
  LinliDb *db = linli_map_page_get_db (LINLI_MAP_PAGE (self));
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  g_autofree char *name = NULL;
  const char *birth;
  guint n_relations;
  const LinliVocab *relations = linli_vocab_list (LINLI_VOCAB_RELATION, &n_relations);
  guint r, gsel;
  const char *gender;

  if (!g_str_equal (response, "add"))
    return;
  name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (a->name))));
  birth = gtk_editable_get_text (GTK_EDITABLE (a->birth));
  r = adw_combo_row_get_selected (a->relation) - 1;   /* 0 is "not given" */
  gsel = adw_combo_row_get_selected (a->gender);
  gender = gsel == 1 ? "M" : gsel == 2 ? "F" : NULL;

  if (!linli_map_history_begin (history, _("Add a resident"), &error))
    return;
  id = linli_db_insert (db, &error, "person", "community_id,household_id,is_resident,name,gender,birth_date,relation",
                        "ssissss", linli_map_session_get_community_id (session), linli_map_page_get_id (LINLI_MAP_PAGE (self)),
                        1, name, gender, *birth ? birth : NULL, (gint) r >= 0 && r < n_relations ? relations[r].code : NULL);
  if (id == NULL)
    {
      linli_map_history_rollback (history);
      linli_map_session_error (session, _("The resident could not be added"), error);
      return;
    }
  linli_map_history_created (history, "person", id);
  if (linli_map_history_commit (history, &error) == 0)
    linli_map_session_error (session, _("The resident could not be added"), error);
  else
    {
      g_autofree char *msg = g_strdup_printf (_("%s added"), name);
      linli_map_session_toast (session, msg);
    }
}

static void
on_add_resident_activated_cb (LinliMapHouseholdPage *self)
{
  AddResident *a = g_new0 (AddResident, 1);
  GtkWidget *group = adw_preferences_group_new ();
  g_autoptr(GtkStringList) relations = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) genders = gtk_string_list_new (NULL);
  const LinliVocab *list;
  guint n;

  a->self = self;
  a->dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                                          _("Add a Resident"), NULL));
  adw_message_dialog_add_responses (a->dialog, "cancel", _("_Cancel"), "add", _("_Add"), NULL);
  adw_message_dialog_set_response_appearance (a->dialog, "add", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (a->dialog, "add");
  adw_message_dialog_set_close_response (a->dialog, "cancel");

  a->name = adw_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (a->name), _("Full name"));
  a->birth = adw_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (a->birth), _("Date of birth (YYYY-MM-DD)"));
  a->relation = ADW_COMBO_ROW (adw_combo_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (a->relation), _("Relation to the head"));
  /* Nothing chosen until someone chooses: a new resident is not the
   * head of the household by default. */
  gtk_string_list_append (relations, C_("relation", "Not given"));
  list = linli_vocab_list (LINLI_VOCAB_RELATION, &n);
  for (guint i = 0; i < n; i++)
    gtk_string_list_append (relations, _(list[i].label));
  adw_combo_row_set_model (a->relation, G_LIST_MODEL (relations));
  a->gender = ADW_COMBO_ROW (adw_combo_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (a->gender), _("Gender"));
  gtk_string_list_append (genders, C_("gender", "Not given"));
  gtk_string_list_append (genders, C_("gender", "Male"));
  gtk_string_list_append (genders, C_("gender", "Female"));
  adw_combo_row_set_model (a->gender, G_LIST_MODEL (genders));

  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), a->name);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (a->relation));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (a->gender));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), a->birth);
  adw_message_dialog_set_extra_child (a->dialog, group);
  g_signal_connect_swapped (a->name, "changed", G_CALLBACK (add_resident_check), a);
  g_signal_connect_swapped (a->birth, "changed", G_CALLBACK (add_resident_check), a);
  g_signal_connect_data (a->dialog, "response", G_CALLBACK (on_add_resident_response_cb), a,
                         (GClosureNotify) G_CALLBACK (g_free), 0);
  add_resident_check (a);
  gtk_window_present (GTK_WINDOW (a->dialog));
  gtk_widget_grab_focus (a->name);
}

/* Moving the household ---------------------------------------------------------------- */

typedef struct
{
  LinliMapHouseholdPage *self;
  AdwMessageDialog      *dialog;
  AdwComboRow           *building;
  AdwComboRow           *unit;
  GtkWidget             *room;
  GtkWidget             *floor;
  GPtrArray             *building_ids;
  GPtrArray             *unit_ids;
} Move;

static void
move_free (gpointer  data,
           GClosure *closure)
{
  Move *m = data;

  g_ptr_array_unref (m->building_ids);
  g_ptr_array_unref (m->unit_ids);
  g_free (m);
}

static void
move_fill_units (Move *m)
{
  LinliDb *db = linli_map_page_get_db (LINLI_MAP_PAGE (m->self));
  guint b = adw_combo_row_get_selected (m->building);
  g_autoptr(GtkStringList) units = gtk_string_list_new (NULL);
  g_autoptr(LinliQuery) q = NULL;

  g_ptr_array_set_size (m->unit_ids, 0);
  if (b < m->building_ids->len)
    {
      q = linli_db_query (db, NULL, "SELECT id, number, name FROM unit WHERE building_id = ? AND deleted = 0 ORDER BY number",
                          "s", m->building_ids->pdata[b]);
      while (q && linli_query_next (q, NULL))
        {
          g_autofree char *name = linli_query_get_string (q, 2) && *linli_query_get_string (q, 2)
                                    ? g_strdup (linli_query_get_string (q, 2))
                                    : g_strdup_printf (_("Unit %d"), (int) linli_query_get_int (q, 1));

          gtk_string_list_append (units, name);
          g_ptr_array_add (m->unit_ids, linli_query_dup_string (q, 0));
        }
    }
  adw_combo_row_set_model (m->unit, G_LIST_MODEL (units));
}

static void
move_check (Move *m)
{
  const char *room = gtk_editable_get_text (GTK_EDITABLE (m->room));
  const char *floor = gtk_editable_get_text (GTK_EDITABLE (m->floor));
  char *end = NULL;
  gboolean floor_ok = *floor == '\0' || (strtol (floor, &end, 10), end && *end == '\0');

  linli_map_set_entry_error (m->floor, !floor_ok);
  adw_message_dialog_set_response_enabled (m->dialog, "move", *room != '\0' && floor_ok &&
                                           adw_combo_row_get_selected (m->unit) < m->unit_ids->len);
}

static void
on_move_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     Move             *m)
{
  LinliMapHouseholdPage *self = m->self;
  LinliMapSession *session = linli_map_page_get_session (LINLI_MAP_PAGE (self));
  LinliMapHistory *history = linli_map_session_get_history (session);
  const char *id = linli_map_page_get_id (LINLI_MAP_PAGE (self));
  guint u = adw_combo_row_get_selected (m->unit);
  const char *room = gtk_editable_get_text (GTK_EDITABLE (m->room));
  const char *floor = gtk_editable_get_text (GTK_EDITABLE (m->floor));
  g_autoptr(GError) error = NULL;
  guint serial;

  if (!g_str_equal (response, "move") || u >= m->unit_ids->len)
    return;
  if (!linli_map_history_begin (history, _("Move the household"), &error))
    return;
  linli_map_history_set (history, "household", id, "unit_id", "s", m->unit_ids->pdata[u]);
  linli_map_history_set (history, "household", id, "room", "s", room);
  if (*floor)
    linli_map_history_set (history, "household", id, "floor", "i", atoi (floor));
  else
    linli_map_history_set (history, "household", id, "floor", "n");
  serial = linli_map_history_commit (history, &error);
  if (serial == 0)
    linli_map_session_error (session, _("The household could not be moved"), error);
  else
    {
      g_autofree char *address = linli_household_address (linli_map_page_get_db (LINLI_MAP_PAGE (self)), id);
      g_autofree char *msg = g_strdup_printf (_("Moved to %s"), address);

      linli_map_session_toast_undo (session, msg, serial);
      linli_map_session_open (session, "household", id);
    }
}

static void
on_move_activated_cb (LinliMapHouseholdPage *self)
{
  LinliMapSession *session = linli_map_page_get_session (LINLI_MAP_PAGE (self));
  LinliMapTerritory *t = linli_map_session_get_territory (session);
  LinliDb *db = linli_map_page_get_db (LINLI_MAP_PAGE (self));
  const char *id = linli_map_page_get_id (LINLI_MAP_PAGE (self));
  Move *m = g_new0 (Move, 1);
  GtkWidget *group = adw_preferences_group_new ();
  g_autoptr(GtkStringList) buildings = gtk_string_list_new (NULL);
  g_autofree char *building = linli_db_query_string (db, NULL, "SELECT u.building_id FROM household h JOIN unit u ON u.id = h.unit_id WHERE h.id = ?", "s", id);
  g_autofree char *unit = linli_db_query_string (db, NULL, "SELECT unit_id FROM household WHERE id = ?", "s", id);
  g_autofree char *room = linli_db_query_string (db, NULL, "SELECT room FROM household WHERE id = ?", "s", id);
  g_autofree char *floor = linli_db_query_string (db, NULL, "SELECT floor FROM household WHERE id = ?", "s", id);
  guint sel = 0;

  m->self = self;
  m->building_ids = g_ptr_array_new_with_free_func (g_free);
  m->unit_ids = g_ptr_array_new_with_free_func (g_free);
  m->dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                                          _("Move the Household"),
                                                          _("Its residents and visits go with it.")));
  adw_message_dialog_add_responses (m->dialog, "cancel", _("_Cancel"), "move", _("_Move"), NULL);
  adw_message_dialog_set_response_appearance (m->dialog, "move", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_close_response (m->dialog, "cancel");

  m->building = ADW_COMBO_ROW (adw_combo_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (m->building), _("Building"));
  for (guint i = 0; t && i < t->buildings->len; i++)
    {
      LinliMapBuilding *b = t->buildings->pdata[i];
      g_autofree char *label = g_strdup_printf (C_("map label", "No. %s"), b->number);

      gtk_string_list_append (buildings, label);
      g_ptr_array_add (m->building_ids, g_strdup (b->id));
      if (g_strcmp0 (b->id, building) == 0)
        sel = i;
    }
  adw_combo_row_set_model (m->building, G_LIST_MODEL (buildings));
  adw_combo_row_set_selected (m->building, sel);
  m->unit = ADW_COMBO_ROW (adw_combo_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (m->unit), _("Unit"));
  move_fill_units (m);
  for (guint i = 0; i < m->unit_ids->len; i++)
    if (g_strcmp0 (m->unit_ids->pdata[i], unit) == 0)
      adw_combo_row_set_selected (m->unit, i);
  m->room = adw_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (m->room), _("Room"));
  gtk_editable_set_text (GTK_EDITABLE (m->room), room ? room : "");
  m->floor = adw_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (m->floor), _("Floor"));
  gtk_editable_set_text (GTK_EDITABLE (m->floor), floor ? floor : "");

  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (m->building));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (m->unit));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), m->floor);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), m->room);
  adw_message_dialog_set_extra_child (m->dialog, group);
  g_signal_connect_swapped (m->building, "notify::selected", G_CALLBACK (move_fill_units), m);
  g_signal_connect_swapped (m->unit, "notify::selected", G_CALLBACK (move_check), m);
  g_signal_connect_swapped (m->room, "changed", G_CALLBACK (move_check), m);
  g_signal_connect_swapped (m->floor, "changed", G_CALLBACK (move_check), m);
  g_signal_connect_data (m->dialog, "response", G_CALLBACK (on_move_response_cb), m, move_free, 0);
  move_check (m);
  gtk_window_present (GTK_WINDOW (m->dialog));
}

/**
 * linli_map_household_page_log_visit:
 *
 * Opens the dialog that logs a door-knocking visit to this household.
 */
void
linli_map_household_page_log_visit (LinliMapHouseholdPage *self)
{
  LinliMapVisitDialog *dialog;

  g_return_if_fail (LINLI_IS_MAP_HOUSEHOLD_PAGE (self));

  dialog = linli_map_visit_dialog_new (linli_map_page_get_session (LINLI_MAP_PAGE (self)),
                                       linli_map_page_get_id (LINLI_MAP_PAGE (self)));
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
linli_map_household_page_dispose (GObject *object)
{
  LinliMapHouseholdPage *self = LINLI_MAP_HOUSEHOLD_PAGE (object);

  if (self->notes_timeout != 0)
    {
      g_clear_handle_id (&self->notes_timeout, g_source_remove);
      save_notes (self);
    }
  gtk_widget_dispose_template (GTK_WIDGET (object), LINLI_TYPE_MAP_HOUSEHOLD_PAGE);

  G_OBJECT_CLASS (linli_map_household_page_parent_class)->dispose (object);
}

static void
linli_map_household_page_class_init (LinliMapHouseholdPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  LinliMapPageClass *page_class = LINLI_MAP_PAGE_CLASS (klass);

  object_class->dispose = linli_map_household_page_dispose;
  page_class->reload = linli_map_household_page_reload;

  g_type_ensure (LINLI_TYPE_CHANGED_ELSEWHERE);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/linli/Linli/map/linli-map-household-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LinliMapHouseholdPage, title);
  gtk_widget_class_bind_template_child (widget_class, LinliMapHouseholdPage, subtitle);
  gtk_widget_class_bind_template_child (widget_class, LinliMapHouseholdPage, changed_elsewhere);
  gtk_widget_class_bind_template_child (widget_class, LinliMapHouseholdPage, visit_button);
  gtk_widget_class_bind_template_child (widget_class, LinliMapHouseholdPage, residents);
  gtk_widget_class_bind_template_child (widget_class, LinliMapHouseholdPage, visits);
  gtk_widget_class_bind_template_child (widget_class, LinliMapHouseholdPage, rental_switch);
  gtk_widget_class_bind_template_child (widget_class, LinliMapHouseholdPage, party_switch);
  gtk_widget_class_bind_template_child (widget_class, LinliMapHouseholdPage, vacant_switch);
  gtk_widget_class_bind_template_child (widget_class, LinliMapHouseholdPage, phone_row);
  gtk_widget_class_bind_template_child (widget_class, LinliMapHouseholdPage, notes);
  gtk_widget_class_bind_template_callback (widget_class, linli_map_household_page_log_visit);
  gtk_widget_class_bind_template_callback (widget_class, on_flag_switched_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_phone_applied_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_move_activated_cb);
}

static void
linli_map_household_page_init (LinliMapHouseholdPage *self)
{
  GtkEventController *focus;

  self->loading = TRUE;
  gtk_widget_init_template (GTK_WIDGET (self));
  self->loading = FALSE;
  linli_map_list_open_rows (self->residents, LINLI_MAP_PAGE (self));
  g_signal_connect_object (gtk_text_view_get_buffer (self->notes), "changed", G_CALLBACK (on_notes_changed_cb), self,
                           G_CONNECT_SWAPPED);
  focus = gtk_event_controller_focus_new ();
  g_signal_connect_swapped (focus, "leave", G_CALLBACK (on_notes_leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->notes), focus);
}
