/* linli-volunteer-list.c: every volunteer of the community, searchable
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A GtkColumnView over a LinliSqlModel: only the rowids are read up
 * front and rows a page at a time, so thousands of volunteers scroll
 * smoothly.
 */

#define G_LOG_DOMAIN "linli-volunteers"

#include "config.h"

#include <glib/gi18n.h>

#include "linli-sql-model.h"
#include "linli-vol-util.h"
#include "linli-volunteer.h"
#include "linli-volunteer-list.h"

struct _LinliVolunteerList
{
  GtkWidget      parent_instance;

  LinliDb       *db;
  char          *community_id;
  char          *search;
  LinliSqlModel *model;
  GHashTable    *skill_names;

  GtkLabel      *count_label;
  GtkSearchEntry *search_entry;
  GtkStack      *stack;
  GtkColumnView *columns;
};

G_DEFINE_FINAL_TYPE (LinliVolunteerList, linli_volunteer_list, GTK_TYPE_WIDGET)

static char *
skill_names (LinliVolunteerList *self,
             const char         *json)
{
  g_auto(GStrv) ids = linli_skills_parse (json, NULL);
  GString *s = g_string_new (NULL);

  for (guint i = 0; ids && ids[i]; i++)
    {
      const char *name = g_hash_table_lookup (self->skill_names, ids[i]);

      if (name == NULL)
        continue;
      if (s->len)
        g_string_append (s, C_("list separator", ", "));
      g_string_append (s, name);
    }
  return g_string_free (s, FALSE);
}

static void
setup_cb (GtkSignalListItemFactory *factory,
          GtkListItem              *item,
          gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_list_item_set_child (item, label);
}

typedef enum { COL_NAME, COL_WHERE, COL_SKILLS, COL_TIMES, COL_LIMIT, COL_PHONE } Column;

static void
bind_cb (GtkSignalListItemFactory *factory,
         GtkListItem              *item,
         LinliVolunteerList       *self)
{
  LinliRecord *r = gtk_list_item_get_item (item);
  GtkLabel *label = GTK_LABEL (gtk_list_item_get_child (item));
  Column column = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (factory), "column"));
  g_autofree char *text = NULL;

  gtk_widget_remove_css_class (GTK_WIDGET (label), "dim-label");
  switch (column)
    {
    case COL_NAME:
      text = g_strdup (linli_record_get_string (r, "name"));
      if (!linli_record_get_int (r, "active"))
        {
          g_autofree char *name = g_steal_pointer (&text);

          text = g_strdup_printf (_("%s (resting)"), name);
          gtk_widget_add_css_class (GTK_WIDGET (label), "dim-label");
        }
      break;
    case COL_WHERE:
      text = linli_vol_address (linli_record_get_string (r, "bnum"), linli_record_get_int (r, "unum"),
                                linli_record_get_string (r, "room"), linli_record_get_string (r, "title"));
      break;
    case COL_SKILLS:
      text = skill_names (self, linli_record_get_string (r, "skills"));
      break;
    case COL_TIMES:
      {
        g_autoptr(GArray) windows = linli_availability_parse (linli_record_get_string (r, "availability"), NULL);

        text = windows ? linli_availability_describe (windows) : g_strdup ("?");
      }
      break;
    case COL_LIMIT:
      {
        const char *max = linli_record_get_string (r, "max_per_month");

        text = max && *max ? g_strdup_printf (_("%s a month"), max) : g_strdup ("");
      }
      break;
    case COL_PHONE:
    default:
      text = linli_vol_phone (linli_record_get_string (r, "phone"), linli_record_get_int (r, "consent") != 0);
      break;
    }
  gtk_label_set_text (label, text);
  gtk_widget_set_tooltip_text (GTK_WIDGET (label), text && *text ? text : NULL);
}

static void
add_column (LinliVolunteerList *self,
            const char         *title,
            Column              column,
            gboolean            expand,
            int                 width)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkColumnViewColumn *col;

  g_object_set_data (G_OBJECT (factory), "column", GINT_TO_POINTER (column));
  g_signal_connect (factory, "setup", G_CALLBACK (setup_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cb), self);
  col = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_expand (col, expand);
  gtk_column_view_column_set_resizable (col, TRUE);
  if (width > 0)
    gtk_column_view_column_set_fixed_width (col, width);
  gtk_column_view_append_column (self->columns, col);
  g_object_unref (col);
}

void
linli_volunteer_list_reload (LinliVolunteerList *self)
{
  g_autofree char *like = g_strdup_printf ("%%%s%%", self->search ? self->search : "");
  g_autoptr(GtkNoSelection) selection = NULL;
  g_autofree char *count = NULL;
  guint n;

  g_return_if_fail (LINLI_IS_VOLUNTEER_LIST (self));

  g_clear_object (&self->model);
  g_hash_table_remove_all (self->skill_names);
  if (self->db == NULL || self->community_id == NULL)
    {
      gtk_column_view_set_model (self->columns, NULL);
      return;
    }

  {
    g_autoptr(LinliQuery) q = linli_db_query (self->db, NULL, "SELECT id, name FROM skill WHERE deleted = 0 "
                                              "AND community_id = ?", "s", self->community_id);
    while (q != NULL && linli_query_next (q, NULL))
      g_hash_table_insert (self->skill_names, linli_query_dup_string (q, 0), linli_query_dup_string (q, 1));
  }

  /* Skills are matched by name through the skill table. */
  self->model = linli_sql_model_new (self->db,
    "volunteer t JOIN person p ON p.id = t.person_id "
    "LEFT JOIN household h ON h.id = p.household_id AND h.deleted = 0 "
    "LEFT JOIN unit u ON u.id = h.unit_id LEFT JOIN building b ON b.id = u.building_id",
    "t.deleted = 0 AND p.deleted = 0 AND t.community_id = ? AND (p.name LIKE ? OR coalesce (p.phone, '') LIKE ? "
    "OR EXISTS (SELECT 1 FROM skill k WHERE k.name LIKE ? AND k.deleted = 0 AND instr (t.skills, k.id) > 0))",
    "t.active DESC, p.name, t.rowid",
    "t.id, p.name AS name, p.phone AS phone, p.consent_publish AS consent, t.skills AS skills, "
    "t.availability AS availability, t.max_per_month AS max_per_month, t.active AS active, "
    "b.number AS bnum, u.number AS unum, h.room AS room, p.title AS title",
    "ssss", self->community_id, like, like, like);

  selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->model)));
  gtk_column_view_set_model (self->columns, GTK_SELECTION_MODEL (selection));

  n = g_list_model_get_n_items (G_LIST_MODEL (self->model));
  count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u volunteer", "%u volunteers", n), n);
  gtk_label_set_text (self->count_label, count);
  gtk_stack_set_visible_child_name (self->stack, n > 0 || (self->search && *self->search) ? "list" : "empty");
}

void
linli_volunteer_list_set_context (LinliVolunteerList *self,
                                  LinliDb            *db,
                                  const char         *community_id)
{
  g_return_if_fail (LINLI_IS_VOLUNTEER_LIST (self));

  g_set_object (&self->db, db);
  g_free (self->community_id);
  self->community_id = g_strdup (community_id);
  linli_volunteer_list_reload (self);
}

void
linli_volunteer_list_search (LinliVolunteerList *self,
                             const char         *text)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text ? text : "");
  g_free (self->search);
  self->search = g_strdup (text);
  linli_volunteer_list_reload (self);
}

/**
 * linli_volunteer_list_get_model:
 *
 * Returns: (transfer none) (nullable): the rows shown (LinliRecord)
 */
GListModel *
linli_volunteer_list_get_model (LinliVolunteerList *self)
{
  return self->model ? G_LIST_MODEL (self->model) : NULL;
}

static void
on_search_changed_cb (LinliVolunteerList *self,
                      GtkSearchEntry     *entry)
{
  g_free (self->search);
  self->search = g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry)));
  linli_volunteer_list_reload (self);
}

static void
on_row_activated_cb (LinliVolunteerList *self,
                     guint               position)
{
  g_autoptr(LinliRecord) record = g_list_model_get_item (G_LIST_MODEL (self->model), position);

  if (record != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self), "volunteers.edit-volunteer", "s", linli_record_get_id (record));
}

static void
linli_volunteer_list_dispose (GObject *object)
{
  LinliVolunteerList *self = LINLI_VOLUNTEER_LIST (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), LINLI_TYPE_VOLUNTEER_LIST);
  /* The template's top box has no field: unparent it here. */
  while (gtk_widget_get_first_child (GTK_WIDGET (self)) != NULL)
    gtk_widget_unparent (gtk_widget_get_first_child (GTK_WIDGET (self)));
  g_clear_object (&self->model);
  g_clear_object (&self->db);
  g_clear_pointer (&self->community_id, g_free);
  g_clear_pointer (&self->search, g_free);
  g_clear_pointer (&self->skill_names, g_hash_table_unref);

  G_OBJECT_CLASS (linli_volunteer_list_parent_class)->dispose (object);
}

static void
linli_volunteer_list_class_init (LinliVolunteerListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = linli_volunteer_list_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/linli/Linli/volunteers/linli-volunteer-list.ui");
  gtk_widget_class_bind_template_child (widget_class, LinliVolunteerList, count_label);
  gtk_widget_class_bind_template_child (widget_class, LinliVolunteerList, search_entry);
  gtk_widget_class_bind_template_child (widget_class, LinliVolunteerList, stack);
  gtk_widget_class_bind_template_child (widget_class, LinliVolunteerList, columns);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated_cb);
}

static void
linli_volunteer_list_init (LinliVolunteerList *self)
{
  self->skill_names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  gtk_widget_init_template (GTK_WIDGET (self));

  add_column (self, C_("person", "Name"), COL_NAME, FALSE, 120);
  add_column (self, _("Lives at or works as"), COL_WHERE, FALSE, 150);
  add_column (self, _("Skills"), COL_SKILLS, TRUE, -1);
  add_column (self, _("Weekly times"), COL_TIMES, TRUE, -1);
  add_column (self, _("Limit"), COL_LIMIT, FALSE, 90);
  add_column (self, _("Phone"), COL_PHONE, FALSE, 120);
}
