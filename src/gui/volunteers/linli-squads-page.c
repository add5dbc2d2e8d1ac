/* linli-squads-page.c: every building's 119 squad, the incomplete ones
 * first, with what each lacks and who in the building could fill it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A district has squads by the thousand (Qingshan: 1,512): the list is a
 * GtkListView, and the suggestions of a squad are looked up only when its
 * row is shown.
 */

#define G_LOG_DOMAIN "linli-volunteers"

#include "config.h"

#include <glib/gi18n.h>

#include "linli-squads-page.h"
#include "linli-team.h"
#include "linli-vocab.h"
#include "linli-vol-item.h"
#include "linli-vol-util.h"

struct _LinliSquadsPage
{
  GtkWidget    parent_instance;

  LinliDb     *db;
  char        *community_id;
  GListStore  *store;

  GtkWidget   *box;
  GtkLabel    *summary_label;
  GtkStack    *stack;
  GtkListView *list;
};

G_DEFINE_FINAL_TYPE (LinliSquadsPage, linli_squads_page, GTK_TYPE_WIDGET)

static void
setup_cb (GtkSignalListItemFactory *factory,
          GtkListItem              *item,
          gpointer                  user_data)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *icon = gtk_image_new ();
  GtkWidget *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *name = gtk_label_new (NULL);
  GtkWidget *lacks = gtk_label_new (NULL);
  GtkWidget *suggest = gtk_label_new (NULL);

  gtk_widget_set_margin_top (row, 6);
  gtk_widget_set_margin_bottom (row, 6);
  gtk_widget_set_margin_start (row, 6);
  gtk_widget_set_valign (icon, GTK_ALIGN_START);
  gtk_image_set_pixel_size (GTK_IMAGE (icon), 20);
  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_widget_add_css_class (name, "heading");
  gtk_label_set_xalign (GTK_LABEL (lacks), 0);
  gtk_label_set_wrap (GTK_LABEL (lacks), TRUE);
  gtk_label_set_xalign (GTK_LABEL (suggest), 0);
  gtk_label_set_wrap (GTK_LABEL (suggest), TRUE);
  gtk_widget_add_css_class (suggest, "dim-label");
  gtk_widget_add_css_class (suggest, "caption");
  gtk_box_append (GTK_BOX (text), name);
  gtk_box_append (GTK_BOX (text), lacks);
  gtk_box_append (GTK_BOX (text), suggest);
  gtk_widget_set_hexpand (text, TRUE);
  gtk_box_append (GTK_BOX (row), icon);
  gtk_box_append (GTK_BOX (row), text);
  gtk_list_item_set_child (item, row);
}

static void
bind_cb (GtkSignalListItemFactory *factory,
         GtkListItem              *item,
         LinliSquadsPage          *self)
{
  LinliVolItem *squad = gtk_list_item_get_item (item);
  GtkWidget *row = gtk_list_item_get_child (item);
  GtkWidget *icon = gtk_widget_get_first_child (row);
  GtkWidget *text = gtk_widget_get_next_sibling (icon);
  GtkWidget *name = gtk_widget_get_first_child (text);
  GtkWidget *lacks = gtk_widget_get_next_sibling (name);
  GtkWidget *suggest = gtk_widget_get_next_sibling (lacks);
  gboolean complete = linli_vol_item_get_number (squad, "complete") != 0;

  gtk_label_set_text (GTK_LABEL (name), linli_vol_item_get (squad, "name"));
  gtk_label_set_text (GTK_LABEL (lacks), linli_vol_item_get (squad, "lacks"));
  gtk_image_set_from_icon_name (GTK_IMAGE (icon), complete ? "emblem-ok-symbolic" : "dialog-warning-symbolic");
  gtk_widget_remove_css_class (lacks, "error");
  gtk_widget_remove_css_class (icon, "error");
  gtk_widget_remove_css_class (icon, "success");
  gtk_widget_add_css_class (icon, complete ? "success" : "error");
  if (!complete)
    gtk_widget_add_css_class (lacks, "error");

  /* Who could fill the gap: asked only for the rows on screen. */
  if (!complete && linli_vol_item_get_number (squad, "suggested") == 0 && self->db != NULL)
    {
      g_autoptr(GPtrArray) people = linli_team_suggest (self->db, linli_vol_item_get_id (squad), 3, NULL);
      g_autoptr(GString) s = g_string_new (NULL);

      for (guint i = 0; people != NULL && i < people->len; i++)
        {
          LinliTeamSuggestion *p = g_ptr_array_index (people, i);
          const char *role = linli_vocab_label (LINLI_VOCAB_TEAM_ROLE, p->role);

          if (s->len)
            g_string_append (s, C_("list separator", "; "));
          /* A sunk cadre's detail is the title, often the role's own word. */
          if (p->detail == NULL || *p->detail == '\0' || g_strcmp0 (p->detail, role) == 0)
            /* Translators: a person suggested for a squad: name, role */
            g_string_append_printf (s, _("%s (%s)"), p->name, role);
          else
            /* Translators: a person suggested for a squad: name, role, where they live */
            g_string_append_printf (s, _("%s (%s, %s)"), p->name, role, p->detail);
        }
      if (s->len > 0)
        {
          g_autofree char *line = g_strdup_printf (_("Could fill it: %s"), s->str);

          linli_vol_item_set (squad, "suggest", line);
        }
      linli_vol_item_set_number (squad, "suggested", 1);
    }
  gtk_label_set_text (GTK_LABEL (suggest), linli_vol_item_get (squad, "suggest"));
  gtk_widget_set_visible (suggest, *linli_vol_item_get (squad, "suggest") != '\0');
}

static void
on_activated_cb (LinliSquadsPage *self,
                 guint            position)
{
  g_autoptr(LinliVolItem) squad = g_list_model_get_item (G_LIST_MODEL (self->store), position);

  if (squad != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self), "volunteers.show-team-page", "(ss)",
                                linli_vol_item_get_id (squad), "members");
}

void
linli_squads_page_reload (LinliSquadsPage *self)
{
  g_autoptr(GPtrArray) squads = NULL;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *summary = NULL;
  guint incomplete = 0;

  g_list_store_remove_all (self->store);
  if (self->db == NULL || self->community_id == NULL)
    return;

  squads = linli_team_check_squads (self->db, self->community_id, NULL);
  for (guint i = 0; squads != NULL && i < squads->len; i++)
    {
      LinliTeamStatus *st = g_ptr_array_index (squads, i);
      LinliVolItem *item = linli_vol_item_new (st->team_id);
      g_autoptr(GString) lacks = g_string_new (NULL);

      for (guint k = 0; k < st->lacks->len; k++)
        {
          if (k > 0)
            g_string_append (lacks, C_("list separator", "; "));
          g_string_append (lacks, ((LinliTeamLack *) g_ptr_array_index (st->lacks, k))->text);
        }
      if (st->complete)
        g_string_append_printf (lacks, g_dngettext (GETTEXT_PACKAGE, "Complete · %u member", "Complete · %u members",
                                                    st->n_members), st->n_members);
      else
        {
          g_autofree char *head = g_strdup_printf (_("Lacks %s"), lacks->str);

          g_string_assign (lacks, head);
          incomplete++;
        }
      linli_vol_item_set (item, "name", st->name);
      linli_vol_item_set (item, "lacks", lacks->str);
      linli_vol_item_set_number (item, "complete", st->complete);
      g_ptr_array_add (items, item);
    }
  g_list_store_splice (self->store, 0, 0, items->pdata, items->len);

  /* Translators: squads in all, and how many of them are incomplete */
  summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u squad, %u of them incomplete: listed first, with who could fill the gap.",
                                          "%u squads, %u of them incomplete: listed first, with who could fill the gap.",
                                          items->len), items->len, incomplete);
  gtk_label_set_text (self->summary_label, summary);
  gtk_stack_set_visible_child_name (self->stack, items->len > 0 ? "list" : "empty");
}

void
linli_squads_page_set_context (LinliSquadsPage *self,
                               LinliDb         *db,
                               const char      *community_id)
{
  g_set_object (&self->db, db);
  g_free (self->community_id);
  self->community_id = g_strdup (community_id);
  linli_squads_page_reload (self);
}

/**
 * linli_squads_page_get_model:
 *
 * Returns: (transfer none): the squads shown (LinliVolItem: name, lacks,
 *   complete, suggest)
 */
GListModel *
linli_squads_page_get_model (LinliSquadsPage *self)
{
  return G_LIST_MODEL (self->store);
}

static void
linli_squads_page_dispose (GObject *object)
{
  LinliSquadsPage *self = LINLI_SQUADS_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), LINLI_TYPE_SQUADS_PAGE);
  /* The template's top box has no field: unparent it here. */
  while (gtk_widget_get_first_child (GTK_WIDGET (self)) != NULL)
    gtk_widget_unparent (gtk_widget_get_first_child (GTK_WIDGET (self)));
  g_clear_object (&self->store);
  g_clear_object (&self->db);
  g_clear_pointer (&self->community_id, g_free);

  G_OBJECT_CLASS (linli_squads_page_parent_class)->dispose (object);
}

static void
linli_squads_page_class_init (LinliSquadsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = linli_squads_page_dispose;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/linli/Linli/volunteers/linli-squads-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LinliSquadsPage, box);
  gtk_widget_class_bind_template_child (widget_class, LinliSquadsPage, summary_label);
  gtk_widget_class_bind_template_child (widget_class, LinliSquadsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, LinliSquadsPage, list);
  gtk_widget_class_bind_template_callback (widget_class, on_activated_cb);
}

static void
linli_squads_page_init (LinliSquadsPage *self)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  self->store = g_list_store_new (LINLI_TYPE_VOL_ITEM);
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect (factory, "setup", G_CALLBACK (setup_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cb), self);
  gtk_list_view_set_factory (self->list, factory);
  g_object_unref (factory);
  gtk_list_view_set_model (self->list, GTK_SELECTION_MODEL (gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->store)))));
}
