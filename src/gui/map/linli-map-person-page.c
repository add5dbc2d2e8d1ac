/* linli-map-person-page.c: a resident, tagged and edited in place
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "linli-map"

#include "config.h"

#include <glib/gi18n.h>

#include "linli-changed-elsewhere.h"
#include "linli-format.h"
#include "linli-map-person-page.h"
#include "linli-search.h"
#include "linli-vocab.h"

struct _LinliMapPersonPage
{
  LinliMapPage     parent_instance;

  AdwAvatar       *avatar;
  GtkLabel        *title;
  GtkLabel        *subtitle;
  LinliChangedElsewhere *changed_elsewhere;
  GtkGrid         *tags;
  AdwEntryRow     *name_row;
  AdwComboRow     *relation_row;
  AdwComboRow     *gender_row;
  AdwEntryRow     *birth_row;
  AdwEntryRow     *phone_row;
  AdwActionRow    *id_row;
  GtkToggleButton *reveal_button;
  AdwEntryRow     *notes_row;
  GtkListBox      *household_list;

  char            *id_number;
  char            *household_id;
  gboolean         loading;
};

G_DEFINE_FINAL_TYPE (LinliMapPersonPage, linli_map_person_page, LINLI_TYPE_MAP_PAGE)

static void
show_id_number (LinliMapPersonPage *self)
{
  g_autofree char *masked = linli_mask_id_number (self->id_number);

  if (self->id_number == NULL || *self->id_number == '\0')
    adw_action_row_set_subtitle (self->id_row, _("Not recorded"));
  else
    adw_action_row_set_subtitle (self->id_row, gtk_toggle_button_get_active (self->reveal_button)
                                               ? self->id_number : (masked ? masked : ""));
  gtk_widget_set_visible (GTK_WIDGET (self->reveal_button), self->id_number && *self->id_number);
}

static void
on_tag_toggled_cb (GtkToggleButton    *button,
                   LinliMapPersonPage *self)
{
  LinliMapSession *session = linli_map_page_get_session (LINLI_MAP_PAGE (self));
  LinliMapHistory *history = linli_map_session_get_history (session);
  LinliDb *db = linli_map_page_get_db (LINLI_MAP_PAGE (self));
  const char *person = linli_map_page_get_id (LINLI_MAP_PAGE (self));
  const char *tag = g_object_get_data (G_OBJECT (button), "tag");
  const char *name = gtk_button_get_label (GTK_BUTTON (button));
  g_autoptr(GError) error = NULL;
  g_autofree char *label = NULL;
  g_autofree char *message = NULL;
  guint serial;

  if (self->loading)
    return;
  if (gtk_toggle_button_get_active (button))
    {
      g_autofree char *id = NULL;

      /* Translators: %s is a tag, e.g. 独居老人 */
      label = g_strdup_printf (_("Tag as %s"), name);
      if (!linli_map_history_begin (history, label, &error))
        return;
      id = linli_db_insert (db, &error, "person_tag", "community_id,person_id,tag_id,since", "ssss",
                            linli_map_session_get_community_id (session), person, tag,
                            linli_map_session_get_today (session));
      if (id == NULL)
        {
          linli_map_history_rollback (history);
          linli_map_session_error (session, _("The tag could not be stored"), error);
          return;
        }
      linli_map_history_created (history, "person_tag", id);
      message = g_strdup_printf (_("Tagged as %s"), name);
    }
  else
    {
      g_autoptr(LinliQuery) q = NULL;

      label = g_strdup_printf (_("Take off the tag %s"), name);
      if (!linli_map_history_begin (history, label, &error))
        return;
      q = linli_db_query (db, &error, "SELECT id FROM person_tag WHERE person_id = ? AND tag_id = ? AND deleted = 0",
                          "ss", person, tag);
      while (q && linli_query_next (q, &error))
        linli_map_history_delete (history, "person_tag", linli_query_get_string (q, 0));
      message = g_strdup_printf (_("Tag %s taken off"), name);
    }
  serial = linli_map_history_commit (history, &error);
  if (serial == 0)
    linli_map_session_error (session, _("The tag could not be stored"), error);
  else
    linli_map_session_toast_undo (session, message, serial);
}

static void
load_tags (LinliMapPersonPage *self,
           const char         *person)
{
  LinliDb *db = linli_map_page_get_db (LINLI_MAP_PAGE (self));
  LinliMapSession *session = linli_map_page_get_session (LINLI_MAP_PAGE (self));
  g_autoptr(LinliQuery) q = NULL;
  GtkWidget *child;
  int n = 0;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->tags))) != NULL)
    gtk_grid_remove (self->tags, child);
  q = linli_db_query (db, NULL,
                      "SELECT t.id, t.name, t.code, t.care, EXISTS (SELECT 1 FROM person_tag pt WHERE pt.person_id = ? "
                      " AND pt.tag_id = t.id AND pt.deleted = 0) "
                      "FROM tag t WHERE t.community_id = ? AND t.deleted = 0 ORDER BY t.care DESC, t.rowid",
                      "ss", person, linli_map_session_get_community_id (session));
  while (q && linli_query_next (q, NULL))
    {
      const char *code = linli_query_get_string (q, 2);
      const char *name = code ? linli_vocab_label (LINLI_VOCAB_TAG, code) : linli_query_get_string (q, 1);
      GtkWidget *button = gtk_toggle_button_new_with_label (name && *name ? name : linli_query_get_string (q, 1));

      gtk_widget_add_css_class (button, "linli-tag");
      if (linli_query_get_int (q, 3))
        gtk_widget_add_css_class (button, "linli-care-tag");
      gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (button), linli_query_get_int (q, 4) != 0);
      g_object_set_data_full (G_OBJECT (button), "tag", linli_query_dup_string (q, 0), g_free);
      g_signal_connect_object (button, "toggled", G_CALLBACK (on_tag_toggled_cb), self, 0);
      /* Three a row: they fit the sidebar, and rows of equal chips read
       * like a form. */
      gtk_grid_attach (self->tags, button, n % 3, n / 3, 1, 1);
      n++;
    }
}

static void
linli_map_person_page_reload (LinliMapPage *page)
{
  LinliMapPersonPage *self = LINLI_MAP_PERSON_PAGE (page);
  LinliDb *db = linli_map_page_get_db (page);
  const char *id = linli_map_page_get_id (page);
  const char *today = linli_map_page_get_today (page);
  g_autoptr(LinliQuery) q = NULL;
  g_autoptr(GError) error = NULL;
  guint n_relations;
  const LinliVocab *relations = linli_vocab_list (LINLI_VOCAB_RELATION, &n_relations);

  q = linli_db_query (db, &error,
                      "SELECT name, gender, birth_date, relation, phone, id_number, notes, household_id "
                      "FROM person WHERE id = ?", "s", id);
  if (q == NULL || !linli_query_next (q, &error))
    return;
  self->loading = TRUE;
  {
    const char *name = linli_query_get_string (q, 0);
    const char *gender = linli_query_get_string (q, 1);
    const char *birth = linli_query_get_string (q, 2);
    const char *relation = linli_query_get_string (q, 3);
    g_autofree char *age = linli_map_age_text (birth, today);
    g_autofree char *address = NULL;
    GString *sub = g_string_new (NULL);
    guint sel = n_relations;

    g_free (self->household_id);
    self->household_id = linli_query_dup_string (q, 7);
    address = self->household_id ? linli_household_address (db, self->household_id) : NULL;

    gtk_label_set_label (self->title, name);
    adw_avatar_set_text (self->avatar, name);
    if (relation && *relation)
      g_string_append (sub, linli_vocab_label (LINLI_VOCAB_RELATION, relation));
    if (age)
      g_string_append_printf (sub, "%s%s", sub->len ? " · " : "", age);
    if (address)
      g_string_append_printf (sub, "%s%s", sub->len ? " · " : "", address);
    gtk_label_set_label (self->subtitle, sub->str);
    g_string_free (sub, TRUE);

    gtk_editable_set_text (GTK_EDITABLE (self->name_row), name ? name : "");
    gtk_editable_set_text (GTK_EDITABLE (self->birth_row), birth ? birth : "");
    gtk_editable_set_text (GTK_EDITABLE (self->phone_row), linli_query_get_string (q, 4) ? linli_query_get_string (q, 4) : "");
    gtk_editable_set_text (GTK_EDITABLE (self->notes_row), linli_query_get_string (q, 6) ? linli_query_get_string (q, 6) : "");
    for (guint i = 0; i < n_relations; i++)
      if (g_strcmp0 (relations[i].code, relation) == 0)
        sel = i;
    adw_combo_row_set_selected (self->relation_row, sel < n_relations ? sel : GTK_INVALID_LIST_POSITION);
    adw_combo_row_set_selected (self->gender_row, g_strcmp0 (gender, "M") == 0 ? 1 : g_strcmp0 (gender, "F") == 0 ? 2 : 0);
    g_free (self->id_number);
    self->id_number = linli_query_dup_string (q, 5);
    gtk_toggle_button_set_active (self->reveal_button, FALSE);
    show_id_number (self);

    linli_map_list_clear (self->household_list);
    if (self->household_id != NULL)
      linli_map_list_append (self->household_list,
                           linli_map_nav_row (_("Household"), address, "household", self->household_id));
  }
  load_tags (self, id);
  linli_changed_elsewhere_show_record (self->changed_elsewhere, db, "person", id);
  self->loading = FALSE;
}

static gboolean
set_column (LinliMapPersonPage *self,
            const char         *label,
            const char         *column,
            const char         *value)
{
  LinliMapSession *session = linli_map_page_get_session (LINLI_MAP_PAGE (self));
  LinliMapHistory *history;
  g_autoptr(GError) error = NULL;

  if (self->loading || session == NULL || linli_map_page_get_id (LINLI_MAP_PAGE (self)) == NULL)
    return FALSE;
  history = linli_map_session_get_history (session);
  if (!linli_map_history_begin (history, label, &error))
    return FALSE;
  linli_map_history_set (history, "person", linli_map_page_get_id (LINLI_MAP_PAGE (self)), column, "s", value);
  if (linli_map_history_commit (history, &error) == 0)
    {
      linli_map_session_error (session, _("The change could not be stored"), error);
      return FALSE;
    }
  return TRUE;
}

static void
on_text_applied_cb (LinliMapPersonPage *self,
                    AdwEntryRow        *row)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
  LinliMapSession *session = linli_map_page_get_session (LINLI_MAP_PAGE (self));

  if (row == self->name_row)
    {
      if (*text == '\0')
        {
          linli_map_session_toast (session, _("A resident needs a name"));
          return;
        }
      set_column (self, _("Rename the resident"), "name", text);
    }
  else if (row == self->birth_row)
    {
      if (*text && !linli_map_valid_date (text))
        {
          linli_map_session_toast (session, _("Write the date of birth as YYYY-MM-DD, e.g. 1948-03-15"));
          return;
        }
      set_column (self, _("Change the date of birth"), "birth_date", *text ? text : NULL);
    }
  else if (row == self->phone_row)
    set_column (self, _("Change the phone"), "phone", *text ? text : NULL);
  else if (row == self->notes_row)
    set_column (self, _("Edit the notes"), "notes", *text ? text : NULL);
}

static void
on_birth_changed_cb (LinliMapPersonPage *self,
                     AdwEntryRow        *row)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (row));

  linli_map_set_entry_error (GTK_WIDGET (row), *text && !linli_map_valid_date (text));
}

static void
on_relation_selected_cb (LinliMapPersonPage *self,
                         GParamSpec         *pspec,
                         AdwComboRow        *row)
{
  guint n;
  const LinliVocab *relations = linli_vocab_list (LINLI_VOCAB_RELATION, &n);
  guint i = adw_combo_row_get_selected (row);

  if (i < n)
    set_column (self, _("Change the relation"), "relation", relations[i].code);
}

static void
on_gender_selected_cb (LinliMapPersonPage *self,
                       GParamSpec         *pspec,
                       AdwComboRow        *row)
{
  guint i = adw_combo_row_get_selected (row);

  set_column (self, _("Change the gender"), "gender", i == 1 ? "M" : i == 2 ? "F" : NULL);
}

static void
on_reveal_toggled_cb (LinliMapPersonPage *self)
{
  show_id_number (self);
}

static void
on_remove_clicked_cb (LinliMapPersonPage *self)
{
  LinliMapSession *session = linli_map_page_get_session (LINLI_MAP_PAGE (self));
  LinliMapHistory *history = linli_map_session_get_history (session);
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  g_autofree char *household = g_strdup (self->household_id);
  guint serial;

  if (!linli_map_history_begin (history, _("Remove a resident"), &error))
    return;
  linli_map_history_delete (history, "person", linli_map_page_get_id (LINLI_MAP_PAGE (self)));
  serial = linli_map_history_commit (history, &error);
  if (serial == 0)
    {
      linli_map_session_error (session, _("The resident could not be removed"), error);
      return;
    }
  /* Translators: %s is a resident's name */
  message = g_strdup_printf (_("%s removed from the ledger"), gtk_label_get_label (self->title));
  linli_map_session_toast_undo (session, message, serial);
  if (household != NULL)
    linli_map_session_open (session, "household", household);
}

static void
linli_map_person_page_dispose (GObject *object)
{
  LinliMapPersonPage *self = LINLI_MAP_PERSON_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (object), LINLI_TYPE_MAP_PERSON_PAGE);
  g_clear_pointer (&self->id_number, g_free);
  g_clear_pointer (&self->household_id, g_free);

  G_OBJECT_CLASS (linli_map_person_page_parent_class)->dispose (object);
}

static void
linli_map_person_page_class_init (LinliMapPersonPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  LinliMapPageClass *page_class = LINLI_MAP_PAGE_CLASS (klass);

  object_class->dispose = linli_map_person_page_dispose;
  page_class->reload = linli_map_person_page_reload;

  g_type_ensure (LINLI_TYPE_CHANGED_ELSEWHERE);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/linli/Linli/map/linli-map-person-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LinliMapPersonPage, avatar);
  gtk_widget_class_bind_template_child (widget_class, LinliMapPersonPage, title);
  gtk_widget_class_bind_template_child (widget_class, LinliMapPersonPage, subtitle);
  gtk_widget_class_bind_template_child (widget_class, LinliMapPersonPage, changed_elsewhere);
  gtk_widget_class_bind_template_child (widget_class, LinliMapPersonPage, tags);
  gtk_widget_class_bind_template_child (widget_class, LinliMapPersonPage, name_row);
  gtk_widget_class_bind_template_child (widget_class, LinliMapPersonPage, relation_row);
  gtk_widget_class_bind_template_child (widget_class, LinliMapPersonPage, gender_row);
  gtk_widget_class_bind_template_child (widget_class, LinliMapPersonPage, birth_row);
  gtk_widget_class_bind_template_child (widget_class, LinliMapPersonPage, phone_row);
  gtk_widget_class_bind_template_child (widget_class, LinliMapPersonPage, id_row);
  gtk_widget_class_bind_template_child (widget_class, LinliMapPersonPage, reveal_button);
  gtk_widget_class_bind_template_child (widget_class, LinliMapPersonPage, notes_row);
  gtk_widget_class_bind_template_child (widget_class, LinliMapPersonPage, household_list);
  gtk_widget_class_bind_template_callback (widget_class, on_text_applied_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_birth_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_relation_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_gender_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_reveal_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_remove_clicked_cb);
}

static void
linli_map_person_page_init (LinliMapPersonPage *self)
{
  g_autoptr(GtkStringList) relations = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) genders = gtk_string_list_new (NULL);
  const LinliVocab *list;
  guint n;

  self->loading = TRUE;
  gtk_widget_init_template (GTK_WIDGET (self));
  list = linli_vocab_list (LINLI_VOCAB_RELATION, &n);
  for (guint i = 0; i < n; i++)
    gtk_string_list_append (relations, _(list[i].label));
  adw_combo_row_set_model (self->relation_row, G_LIST_MODEL (relations));
  gtk_string_list_append (genders, C_("gender", "Not given"));
  gtk_string_list_append (genders, C_("gender", "Male"));
  gtk_string_list_append (genders, C_("gender", "Female"));
  adw_combo_row_set_model (self->gender_row, G_LIST_MODEL (genders));
  self->loading = FALSE;
  linli_map_list_open_rows (self->household_list, LINLI_MAP_PAGE (self));
}
