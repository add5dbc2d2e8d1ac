/* linli-person-chooser.c: pick a person to become a volunteer or a member
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Anyone in the ledger, resident or not, can be chosen without typing
 * them again; someone who is not in it yet (a cadre sent down, a lawyer)
 * is added here in three fields. The list is paged from SQLite, so a
 * community of 15,000 residents scrolls at once.
 */

#define G_LOG_DOMAIN "linli-volunteers"

#include "config.h"

#include <glib/gi18n.h>

#include "linli-person-chooser.h"
#include "linli-sql-model.h"
#include "linli-vocab.h"
#include "linli-vol-util.h"
#include "linli-volunteer.h"

struct _LinliPersonChooser
{
  AdwWindow            parent_instance;

  LinliDb             *db;
  char                *community_id;
  LinliSqlModel       *model;
  GtkSingleSelection  *selection;
  GtkStringList       *role_codes;

  AdwWindowTitle      *window_title;
  GtkSearchEntry      *search_entry;
  GtkListView         *list;
  GtkWidget           *role_box;
  AdwComboRow         *role_row;
  GtkExpander         *new_expander;
  AdwEntryRow         *name_row;
  AdwEntryRow         *phone_row;
  AdwEntryRow         *title_row;
};

G_DEFINE_FINAL_TYPE (LinliPersonChooser, linli_person_chooser, ADW_TYPE_WINDOW)

enum {
  CHOSEN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char *
current_role (LinliPersonChooser *self)
{
  guint i = adw_combo_row_get_selected (self->role_row);

  if (!gtk_widget_get_visible (self->role_box) || i == GTK_INVALID_LIST_POSITION)
    return NULL;
  return gtk_string_list_get_string (self->role_codes, i);
}

static void
choose (LinliPersonChooser *self,
        const char         *person_id)
{
  g_autofree char *role = g_strdup (current_role (self));

  g_object_ref (self);
  g_signal_emit (self, signals[CHOSEN], 0, person_id, role);
  gtk_window_close (GTK_WINDOW (self));
  g_object_unref (self);
}

static void
choose_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  LinliPersonChooser *self = LINLI_PERSON_CHOOSER (widget);
  LinliRecord *record = gtk_single_selection_get_selected_item (self->selection);

  if (record != NULL)
    choose (self, linli_record_get_id (record));
}

static void
create_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  LinliPersonChooser *self = LINLI_PERSON_CHOOSER (widget);
  g_autoptr(GError) error = NULL;
  g_autofree char *volunteer = NULL;
  g_autofree char *person = NULL;

  volunteer = linli_volunteer_create (self->db, self->community_id,
                                      gtk_editable_get_text (GTK_EDITABLE (self->name_row)),
                                      gtk_editable_get_text (GTK_EDITABLE (self->phone_row)),
                                      gtk_editable_get_text (GTK_EDITABLE (self->title_row)), &error);
  if (volunteer == NULL)
    {
      linli_vol_error (GTK_WIDGET (self), _("Cannot add this person"), error);
      return;
    }
  person = linli_db_query_string (self->db, NULL, "SELECT person_id FROM volunteer WHERE id = ?", "s", volunteer);
  choose (self, person);
}

static void
on_list_activated_cb (LinliPersonChooser *self,
                      guint               position)
{
  g_autoptr(LinliRecord) record = g_list_model_get_item (G_LIST_MODEL (self->model), position);

  if (record != NULL)
    choose (self, linli_record_get_id (record));
}

static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *name = gtk_label_new (NULL);
  GtkWidget *detail = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_xalign (GTK_LABEL (detail), 0);
  gtk_widget_add_css_class (detail, "dim-label");
  gtk_widget_add_css_class (detail, "caption");
  gtk_box_append (GTK_BOX (box), name);
  gtk_box_append (GTK_BOX (box), detail);
  gtk_widget_set_margin_top (box, 4);
  gtk_widget_set_margin_bottom (box, 4);
  gtk_list_item_set_child (item, box);
}

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             gpointer                  user_data)
{
  LinliRecord *r = gtk_list_item_get_item (item);
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *name = gtk_widget_get_first_child (box);
  GtkWidget *detail = gtk_widget_get_next_sibling (name);
  g_autofree char *where = linli_vol_address (linli_record_get_string (r, "bnum"), linli_record_get_int (r, "unum"),
                                              linli_record_get_string (r, "room"), linli_record_get_string (r, "title"));
  g_autofree char *text = NULL;

  if (linli_record_get_int (r, "vol") > 0)
    text = g_strdup_printf ("%s · %s", where, _("volunteer already"));
  else
    text = g_strdup (where);
  gtk_label_set_text (GTK_LABEL (name), linli_record_get_string (r, "name"));
  gtk_label_set_text (GTK_LABEL (detail), text);
}

void
linli_person_chooser_search (LinliPersonChooser *self,
                             const char         *text)
{
  g_autofree char *like = g_strdup_printf ("%%%s%%", text ? text : "");

  g_return_if_fail (LINLI_IS_PERSON_CHOOSER (self));

  g_clear_object (&self->model);
  self->model = linli_sql_model_new (self->db,
    "person t LEFT JOIN household h ON h.id = t.household_id AND h.deleted = 0 "
    "LEFT JOIN unit u ON u.id = h.unit_id LEFT JOIN building b ON b.id = u.building_id",
    "t.deleted = 0 AND t.community_id = ? AND (t.name LIKE ? OR coalesce (t.phone, '') LIKE ? "
    "OR coalesce (t.title, '') LIKE ?)",
    "t.name, t.rowid",
    "t.id, t.name AS name, b.number AS bnum, u.number AS unum, h.room AS room, t.title AS title, "
    "(SELECT count(*) FROM volunteer v WHERE v.person_id = t.id AND v.deleted = 0) AS vol",
    "ssss", self->community_id, like, like, like);
  gtk_single_selection_set_model (self->selection, G_LIST_MODEL (self->model));
}

guint
linli_person_chooser_get_n_found (LinliPersonChooser *self)
{
  return self->model ? g_list_model_get_n_items (G_LIST_MODEL (self->model)) : 0;
}

void
linli_person_chooser_select (LinliPersonChooser *self,
                             guint               position)
{
  gtk_single_selection_set_selected (self->selection, position);
}

static void
on_search_changed_cb (LinliPersonChooser *self,
                      GtkSearchEntry     *entry)
{
  linli_person_chooser_search (self, gtk_editable_get_text (GTK_EDITABLE (entry)));
}

static void
on_selection_changed_cb (LinliPersonChooser *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "chooser.choose",
                                 gtk_single_selection_get_selected_item (self->selection) != NULL);
}

static void
linli_person_chooser_dispose (GObject *object)
{
  LinliPersonChooser *self = LINLI_PERSON_CHOOSER (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), LINLI_TYPE_PERSON_CHOOSER);
  g_clear_object (&self->model);
  g_clear_object (&self->selection);
  g_clear_object (&self->role_codes);
  g_clear_object (&self->db);
  g_clear_pointer (&self->community_id, g_free);

  G_OBJECT_CLASS (linli_person_chooser_parent_class)->dispose (object);
}

static void
linli_person_chooser_class_init (LinliPersonChooserClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = linli_person_chooser_dispose;

  /**
   * LinliPersonChooser::chosen:
   * @person_id: the person
   * @role: (nullable): the role chosen, when the chooser asks for one
   */
  signals[CHOSEN] = g_signal_new ("chosen", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                  NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/linli/Linli/volunteers/linli-person-chooser.ui");
  gtk_widget_class_bind_template_child (widget_class, LinliPersonChooser, window_title);
  gtk_widget_class_bind_template_child (widget_class, LinliPersonChooser, search_entry);
  gtk_widget_class_bind_template_child (widget_class, LinliPersonChooser, list);
  gtk_widget_class_bind_template_child (widget_class, LinliPersonChooser, role_box);
  gtk_widget_class_bind_template_child (widget_class, LinliPersonChooser, role_row);
  gtk_widget_class_bind_template_child (widget_class, LinliPersonChooser, new_expander);
  gtk_widget_class_bind_template_child (widget_class, LinliPersonChooser, name_row);
  gtk_widget_class_bind_template_child (widget_class, LinliPersonChooser, phone_row);
  gtk_widget_class_bind_template_child (widget_class, LinliPersonChooser, title_row);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_list_activated_cb);

  gtk_widget_class_install_action (widget_class, "chooser.choose", NULL, choose_action);
  gtk_widget_class_install_action (widget_class, "chooser.create", NULL, create_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
linli_person_chooser_init (LinliPersonChooser *self)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  const LinliVocab *roles;
  guint n_roles;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->selection = gtk_single_selection_new (NULL);
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect_object (self->selection, "notify::selected-item",
                           G_CALLBACK (on_selection_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), NULL);
  gtk_list_view_set_factory (self->list, factory);
  g_object_unref (factory);
  gtk_list_view_set_model (self->list, GTK_SELECTION_MODEL (self->selection));

  self->role_codes = gtk_string_list_new (NULL);
  roles = linli_vocab_list (LINLI_VOCAB_TEAM_ROLE, &n_roles);
  for (guint i = 0; i < n_roles; i++)
    {
      gtk_string_list_append (self->role_codes, roles[i].code);
      gtk_string_list_append (labels, linli_vocab_label (LINLI_VOCAB_TEAM_ROLE, roles[i].code));
    }
  adw_combo_row_set_model (self->role_row, G_LIST_MODEL (labels));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "chooser.choose", FALSE);
}

/**
 * linli_person_chooser_new:
 * @with_role: ask for the role in a team too
 * @role: (nullable): the role chosen at first
 */
LinliPersonChooser *
linli_person_chooser_new (GtkWindow  *parent,
                          LinliDb    *db,
                          const char *community_id,
                          const char *title,
                          gboolean    with_role,
                          const char *role)
{
  LinliPersonChooser *self = g_object_new (LINLI_TYPE_PERSON_CHOOSER, "transient-for", parent, NULL);

  self->db = g_object_ref (db);
  self->community_id = g_strdup (community_id);
  adw_window_title_set_title (self->window_title, title);
  gtk_widget_set_visible (self->role_box, with_role);
  for (guint i = 0; role && i < g_list_model_get_n_items (G_LIST_MODEL (self->role_codes)); i++)
    if (g_str_equal (gtk_string_list_get_string (self->role_codes, i), role))
      adw_combo_row_set_selected (self->role_row, i);
  linli_person_chooser_search (self, "");
  return self;
}
