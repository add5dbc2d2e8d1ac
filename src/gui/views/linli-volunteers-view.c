/* linli-volunteers-view.c: volunteers, teams, fair rosters, check-in and
 * service hours
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A sidebar (all volunteers, the 119 squads, the hours ledger, then every
 * team) folds away on a narrow window (AdwLeaflet); the content is one of
 * the pages in src/gui/volunteers/. Ctrl+P prints, through the print
 * engine, the duty roster of the weeks the team's roster shows, or its
 * member sheet when its members are shown.
 */

#define G_LOG_DOMAIN "linli-volunteers-view"

#include "config.h"

#include <glib/gi18n.h>

#include "linli-hours-page.h"
#include "linli-person-chooser.h"
#include "linli-print-operation.h"
#include "linli-roster-time.h"
#include "linli-squads-page.h"
#include "linli-team.h"
#include "linli-team-editor.h"
#include "linli-team-page.h"
#include "linli-vocab.h"
#include "linli-vol-item.h"
#include "linli-vol-util.h"
#include "linli-volunteer.h"
#include "linli-volunteer-editor.h"
#include "linli-volunteer-list.h"
#include "linli-volunteers-view.h"

struct _LinliVolunteersView
{
  LinliView           parent_instance;

  GListStore         *teams;
  GtkSingleSelection *team_selection;

  AdwLeaflet         *leaflet;
  GtkListBox         *nav_list;
  GtkListView        *team_list;
  GtkStack           *content_stack;
  LinliVolunteerList *volunteer_list;
  LinliSquadsPage    *squads_page;
  LinliHoursPage     *hours_page;
  LinliTeamPage      *team_page;
};

G_DEFINE_FINAL_TYPE (LinliVolunteersView, linli_volunteers_view, LINLI_TYPE_VIEW)

static const struct {
  const char *page;
  const char *icon;
  const char *label;
} nav_rows[] = {
  { "volunteers", "system-users-symbolic", N_("All Volunteers") },
  { "squads", "dialog-warning-symbolic", N_("119 Squads") },
  { "hours", "document-open-recent-symbolic", N_("Service Hours") },
};

static LinliDb *
db_of (LinliVolunteersView *self)
{
  return linli_view_get_db (LINLI_VIEW (self));
}

/* The sidebar's teams --------------------------------------------------------- */

static void
setup_team_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *name = gtk_label_new (NULL);
  GtkWidget *detail = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (detail), 0);
  gtk_label_set_ellipsize (GTK_LABEL (detail), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (detail, "caption");
  gtk_box_append (GTK_BOX (box), name);
  gtk_box_append (GTK_BOX (box), detail);
  gtk_list_item_set_child (item, box);
}

static void
bind_team_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              LinliVolunteersView      *self)
{
  LinliVolItem *team = gtk_list_item_get_item (item);
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *name = gtk_widget_get_first_child (box);
  GtkWidget *detail = gtk_widget_get_next_sibling (name);

  /* A team's rules are checked when its row shows. */
  if (linli_vol_item_get_number (team, "checked") == 0 && db_of (self) != NULL)
    {
      g_autoptr(LinliTeamStatus) st = linli_team_check (db_of (self), linli_vol_item_get_id (team), NULL);

      if (st != NULL && !st->complete && st->lacks->len > 0)
        {
          g_autofree char *text = g_strdup_printf (_("Lacks %s"), ((LinliTeamLack *) g_ptr_array_index (st->lacks, 0))->text);

          linli_vol_item_set (team, "lacks", text);
        }
      linli_vol_item_set_number (team, "checked", 1);
    }
  gtk_label_set_text (GTK_LABEL (name), linli_vol_item_get (team, "name"));
  if (*linli_vol_item_get (team, "lacks"))
    {
      gtk_label_set_text (GTK_LABEL (detail), linli_vol_item_get (team, "lacks"));
      gtk_widget_add_css_class (detail, "error");
      gtk_widget_remove_css_class (detail, "dim-label");
    }
  else
    {
      gtk_label_set_text (GTK_LABEL (detail), linli_vol_item_get (team, "kind"));
      gtk_widget_remove_css_class (detail, "error");
      gtk_widget_add_css_class (detail, "dim-label");
    }
}

static void
load_teams (LinliVolunteersView *self)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  const char *shown = linli_team_page_get_team (self->team_page);
  guint selected = GTK_INVALID_LIST_POSITION;

  if (db_of (self) != NULL && linli_view_get_community_id (LINLI_VIEW (self)) != NULL)
    {
      g_autoptr(LinliQuery) q = linli_db_query (db_of (self), NULL,
        "SELECT t.id, t.name, t.kind FROM team t LEFT JOIN building b ON b.id = t.scope_id "
        "LEFT JOIN grid g ON g.id = t.scope_id "
        "WHERE t.community_id = ? AND t.deleted = 0 ORDER BY CASE t.kind WHEN 'service_market' THEN 0 "
        "WHEN 'meal_delivery' THEN 1 WHEN 'mediation' THEN 2 WHEN 'door_knocking' THEN 3 WHEN 'custom' THEN 4 "
        "ELSE 5 END, g.number, length (b.number), b.number, t.name", "s", linli_view_get_community_id (LINLI_VIEW (self)));

      while (q != NULL && linli_query_next (q, NULL))
        {
          LinliVolItem *team = linli_vol_item_new (linli_query_get_string (q, 0));

          linli_vol_item_set (team, "name", linli_query_get_string (q, 1));
          linli_vol_item_set (team, "kind", linli_vocab_label (LINLI_VOCAB_TEAM_KIND, linli_query_get_string (q, 2)));
          if (g_strcmp0 (shown, linli_query_get_string (q, 0)) == 0)
            selected = items->len;
          g_ptr_array_add (items, team);
        }
    }
  g_list_store_splice (self->teams, 0, g_list_model_get_n_items (G_LIST_MODEL (self->teams)),
                       items->pdata, items->len);
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->content_stack), "team") == 0)
    gtk_single_selection_set_selected (self->team_selection, selected);
}

/* Pages ------------------------------------------------------------------- */

static void
show_page (LinliVolunteersView *self,
           const char          *page)
{
  gtk_stack_set_visible_child_name (self->content_stack, page);
  if (g_strcmp0 (page, "team") != 0)
    gtk_single_selection_set_selected (self->team_selection, GTK_INVALID_LIST_POSITION);
  for (guint i = 0; i < G_N_ELEMENTS (nav_rows); i++)
    if (g_str_equal (nav_rows[i].page, page))
      gtk_list_box_select_row (self->nav_list, gtk_list_box_get_row_at_index (self->nav_list, (int) i));
  if (g_str_equal (page, "team"))
    gtk_list_box_unselect_all (self->nav_list);
  if (g_str_equal (page, "hours"))
    linli_hours_page_reload (self->hours_page);
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

static void
show_team (LinliVolunteersView *self,
           const char          *team_id,
           const char          *subpage)
{
  linli_team_page_set_team (self->team_page, db_of (self), team_id);
  if (subpage != NULL)
    linli_team_page_show (self->team_page, subpage);
  show_page (self, "team");
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->teams)); i++)
    {
      g_autoptr(LinliVolItem) team = g_list_model_get_item (G_LIST_MODEL (self->teams), i);

      if (g_str_equal (linli_vol_item_get_id (team), team_id))
        gtk_single_selection_set_selected (self->team_selection, i);
    }
}

static void
on_nav_row_activated_cb (LinliVolunteersView *self,
                         GtkListBoxRow       *row)
{
  show_page (self, nav_rows[gtk_list_box_row_get_index (row)].page);
}

static void
on_team_activated_cb (LinliVolunteersView *self,
                      guint                position)
{
  g_autoptr(LinliVolItem) team = g_list_model_get_item (G_LIST_MODEL (self->teams), position);

  if (team != NULL)
    show_team (self, linli_vol_item_get_id (team), NULL);
}

/* Something changed in a page: the others follow. */
static void
on_team_changed_cb (LinliVolunteersView *self)
{
  load_teams (self);
  linli_volunteer_list_reload (self->volunteer_list);
  linli_squads_page_reload (self->squads_page);
  linli_hours_page_reload (self->hours_page);
}

/* Actions ------------------------------------------------------------------------ */

static void
show_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  show_page (LINLI_VOLUNTEERS_VIEW (widget), g_variant_get_string (parameter, NULL));
}

static void
show_team_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  show_team (LINLI_VOLUNTEERS_VIEW (widget), g_variant_get_string (parameter, NULL), NULL);
}

static void
show_team_page_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  const char *team, *page;

  g_variant_get (parameter, "(&s&s)", &team, &page);
  show_team (LINLI_VOLUNTEERS_VIEW (widget), team, page);
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  adw_leaflet_navigate (LINLI_VOLUNTEERS_VIEW (widget)->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static void
on_team_created_cb (LinliVolunteersView *self,
                    const char          *team_id)
{
  load_teams (self);
  linli_squads_page_reload (self->squads_page);
  show_team (self, team_id, "members");
}

static void
new_team_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  LinliVolunteersView *self = LINLI_VOLUNTEERS_VIEW (widget);
  LinliTeamEditor *editor;

  if (db_of (self) == NULL)
    return;
  editor = linli_team_editor_new (linli_vol_toplevel (widget), db_of (self),
                                  linli_view_get_community_id (LINLI_VIEW (self)));
  g_signal_connect_object (editor, "created", G_CALLBACK (on_team_created_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (editor));
}

static void
edit_volunteer (LinliVolunteersView *self,
                const char          *volunteer_id)
{
  LinliVolunteerEditor *editor = linli_volunteer_editor_new (linli_vol_toplevel (GTK_WIDGET (self)), db_of (self),
                                                             volunteer_id);

  g_signal_connect_object (editor, "changed", G_CALLBACK (on_team_changed_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (editor));
}

static void
on_volunteer_person_chosen_cb (LinliVolunteersView *self,
                               const char          *person_id,
                               const char          *role)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = linli_volunteer_for_person (db_of (self), person_id, &error);

  if (id == NULL)
    {
      linli_vol_error (GTK_WIDGET (self), _("Cannot add the volunteer"), error);
      return;
    }
  on_team_changed_cb (self);
  edit_volunteer (self, id);
}

static void
add_volunteer_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  LinliVolunteersView *self = LINLI_VOLUNTEERS_VIEW (widget);
  LinliPersonChooser *chooser;

  if (db_of (self) == NULL)
    return;
  chooser = linli_person_chooser_new (linli_vol_toplevel (widget), db_of (self),
                                      linli_view_get_community_id (LINLI_VIEW (self)), _("New Volunteer"), FALSE, NULL);
  g_signal_connect_object (chooser, "chosen", G_CALLBACK (on_volunteer_person_chosen_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (chooser));
}

static void
edit_volunteer_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  edit_volunteer (LINLI_VOLUNTEERS_VIEW (widget), g_variant_get_string (parameter, NULL));
}

typedef struct
{
  LinliVolunteersView *self;
  char                *id;
} Undo;

static void
undo_free (gpointer data)
{
  Undo *u = data;

  g_object_unref (u->self);
  g_free (u->id);
  g_free (u);
}

static void
on_undo_remove_cb (AdwToast *toast,
                   Undo     *u)
{
  g_autoptr(GError) error = NULL;

  if (!linli_db_undelete (db_of (u->self), "volunteer", u->id, &error))
    linli_vol_error (GTK_WIDGET (u->self), _("Cannot undo"), error);
  on_team_changed_cb (u->self);
}

static void
remove_volunteer_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  LinliVolunteersView *self = LINLI_VOLUNTEERS_VIEW (widget);
  const char *id = g_variant_get_string (parameter, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *name = linli_db_query_string (db_of (self), NULL, "SELECT p.name FROM volunteer v "
                                                 "JOIN person p ON p.id = v.person_id WHERE v.id = ?", "s", id);
  g_autofree char *text = g_strdup_printf (_("%s is no longer a volunteer"), name ? name : "");
  AdwToast *toast;
  Undo *u;

  if (!linli_db_soft_delete (db_of (self), "volunteer", id, &error))
    {
      linli_vol_error (widget, _("Cannot remove the volunteer"), error);
      return;
    }
  toast = adw_toast_new (text);
  adw_toast_set_button_label (toast, _("_Undo"));
  u = g_new0 (Undo, 1);
  u->self = g_object_ref (self);
  u->id = g_strdup (id);
  g_signal_connect_data (toast, "button-clicked", G_CALLBACK (on_undo_remove_cb), u,
                         (GClosureNotify) (void (*) (void)) undo_free, 0);
  linli_vol_toast (widget, toast);
  on_team_changed_cb (self);
}

/* Print ----------------------------------------------------------------------------- */

/**
 * linli_volunteers_view_get_print_request:
 *
 * What Ctrl+P prints: the duty roster of the weeks the team's roster
 * shows, or the team's member sheet when its members are shown.
 *
 * Returns: (transfer full) (nullable): the request for the print engine,
 *   or %NULL when no team is shown
 */
LinliSheetRequest *
linli_volunteers_view_get_print_request (LinliVolunteersView *self)
{
  const char *team;
  LinliSheetRequest *request;

  g_return_val_if_fail (LINLI_IS_VOLUNTEERS_VIEW (self), NULL);

  team = linli_team_page_get_team (self->team_page);
  if (db_of (self) == NULL || team == NULL
      || g_strcmp0 (gtk_stack_get_visible_child_name (self->content_stack), "team") != 0)
    return NULL;

  if (g_strcmp0 (linli_team_page_get_visible (self->team_page), "members") == 0)
    return linli_sheet_request_new ("team", LINLI_SCOPE_TEAM, team);

  request = linli_sheet_request_new ("roster", LINLI_SCOPE_TEAM, team);
  request->from = linli_roster_format_date (linli_team_page_get_from (self->team_page));
  request->weeks = linli_team_page_get_weeks (self->team_page);
  return request;
}

static gboolean
linli_volunteers_view_print (LinliView *view,
                             GtkWindow *parent)
{
  LinliVolunteersView *self = LINLI_VOLUNTEERS_VIEW (view);
  g_autoptr(LinliSheetRequest) request = linli_volunteers_view_get_print_request (self);

  if (request == NULL)
    return FALSE;
  /* The print dialog, its preview and the remembered settings, as every
   * sheet of Linli; a message when there is nothing to print. */
  linli_print_sheet (parent, db_of (self), request);
  return TRUE;
}

/**
 * linli_volunteers_view_print_to_pdf:
 *
 * Prints what Ctrl+P would, through the same print operation, into a PDF
 * file instead of the print dialog.
 *
 * Returns: %FALSE when there is nothing to print or the file fails
 */
gboolean
linli_volunteers_view_print_to_pdf (LinliVolunteersView  *self,
                                    const char           *path,
                                    GError              **error)
{
  g_autoptr(LinliSheetRequest) request = linli_volunteers_view_get_print_request (self);
  g_autoptr(LinliPrintOperation) operation = NULL;
  GtkPrintOperationResult result;

  if (request == NULL)
    {
      g_set_error (error, LINLI_PRINT_ERROR, LINLI_PRINT_ERROR_EMPTY, _("Open a team to print its roster or its members"));
      return FALSE;
    }

  operation = linli_print_operation_new (db_of (self), request);
  gtk_print_operation_set_export_filename (GTK_PRINT_OPERATION (operation), path);
  result = gtk_print_operation_run (GTK_PRINT_OPERATION (operation), GTK_PRINT_OPERATION_ACTION_EXPORT, NULL, error);
  if (result == GTK_PRINT_OPERATION_RESULT_ERROR)
    return FALSE;
  /* The sheets could not be made: the operation ended as cancelled. */
  return !linli_print_operation_take_error (operation, error);
}

/* LinliView ---------------------------------------------------------------------- */

static void
linli_volunteers_view_reload (LinliView *view)
{
  LinliVolunteersView *self = LINLI_VOLUNTEERS_VIEW (view);
  LinliDb *db = db_of (self);
  const char *community = linli_view_get_community_id (view);

  linli_volunteer_list_set_context (self->volunteer_list, db, community);
  linli_squads_page_set_context (self->squads_page, db, community);
  linli_hours_page_set_context (self->hours_page, db, community);
  load_teams (self);
  if (db == NULL || community == NULL)
    gtk_stack_set_visible_child_name (self->content_stack, "none");
  else
    show_page (self, "volunteers");
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

/* The lists and the team shown read again, on the page the user is on. */
static void
linli_volunteers_view_refresh (LinliView *view)
{
  LinliVolunteersView *self = LINLI_VOLUNTEERS_VIEW (view);

  on_team_changed_cb (self);
  if (linli_team_page_get_team (self->team_page) != NULL)
    linli_team_page_reload (self->team_page);
}

static gboolean
linli_volunteers_view_show_record (LinliView  *view,
                                   const char *table,
                                   const char *id)
{
  LinliVolunteersView *self = LINLI_VOLUNTEERS_VIEW (view);

  if (g_strcmp0 (table, "team") == 0)
    {
      show_team (self, id, NULL);
      return TRUE;
    }
  if (g_strcmp0 (table, "volunteer") == 0)
    {
      show_page (self, "volunteers");
      edit_volunteer (self, id);
      return TRUE;
    }
  return FALSE;
}

const char *
linli_volunteers_view_get_page (LinliVolunteersView *self)
{
  return gtk_stack_get_visible_child_name (self->content_stack);
}

/**
 * linli_volunteers_view_get_child:
 * @page: volunteers, squads, hours or team
 *
 * Returns: (transfer none): that page's widget
 */
GtkWidget *
linli_volunteers_view_get_child (LinliVolunteersView *self,
                                 const char          *page)
{
  return gtk_stack_get_child_by_name (self->content_stack, page);
}

/**
 * linli_volunteers_view_get_teams:
 *
 * Returns: (transfer none): the sidebar's teams (LinliVolItem)
 */
GListModel *
linli_volunteers_view_get_teams (LinliVolunteersView *self)
{
  return G_LIST_MODEL (self->teams);
}

static void
linli_volunteers_view_dispose (GObject *object)
{
  LinliVolunteersView *self = LINLI_VOLUNTEERS_VIEW (object);

  gtk_widget_dispose_template (GTK_WIDGET (object), LINLI_TYPE_VOLUNTEERS_VIEW);
  g_clear_object (&self->team_selection);
  g_clear_object (&self->teams);

  G_OBJECT_CLASS (linli_volunteers_view_parent_class)->dispose (object);
}

static void
linli_volunteers_view_class_init (LinliVolunteersViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  LinliViewClass *view_class = LINLI_VIEW_CLASS (klass);
  g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

  object_class->dispose = linli_volunteers_view_dispose;
  view_class->print = linli_volunteers_view_print;
  view_class->reload = linli_volunteers_view_reload;
  view_class->refresh = linli_volunteers_view_refresh;
  view_class->show_record = linli_volunteers_view_show_record;

  g_type_ensure (LINLI_TYPE_VOLUNTEER_LIST);
  g_type_ensure (LINLI_TYPE_SQUADS_PAGE);
  g_type_ensure (LINLI_TYPE_HOURS_PAGE);
  g_type_ensure (LINLI_TYPE_TEAM_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/linli/Linli/views/linli-volunteers-view.ui");
  gtk_widget_class_bind_template_child (widget_class, LinliVolunteersView, nav_list);
  gtk_widget_class_bind_template_child (widget_class, LinliVolunteersView, team_list);
  gtk_widget_class_bind_template_child (widget_class, LinliVolunteersView, content_stack);
  gtk_widget_class_bind_template_child (widget_class, LinliVolunteersView, volunteer_list);
  gtk_widget_class_bind_template_child (widget_class, LinliVolunteersView, squads_page);
  gtk_widget_class_bind_template_child (widget_class, LinliVolunteersView, hours_page);
  gtk_widget_class_bind_template_child (widget_class, LinliVolunteersView, team_page);
  gtk_widget_class_bind_template_callback (widget_class, on_nav_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_team_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_team_changed_cb);

  gtk_widget_class_install_action (widget_class, "volunteers.show", "s", show_action);
  gtk_widget_class_install_action (widget_class, "volunteers.show-team", "s", show_team_action);
  gtk_widget_class_install_action (widget_class, "volunteers.show-team-page", "(ss)", show_team_page_action);
  gtk_widget_class_install_action (widget_class, "volunteers.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "volunteers.new-team", NULL, new_team_action);
  gtk_widget_class_install_action (widget_class, "volunteers.add-volunteer", NULL, add_volunteer_action);
  gtk_widget_class_install_action (widget_class, "volunteers.edit-volunteer", "s", edit_volunteer_action);
  gtk_widget_class_install_action (widget_class, "volunteers.remove-volunteer", "s", remove_volunteer_action);

  /* The view's own look: the roster's cells and names. */
  gtk_css_provider_load_from_resource (css, "/io/github/linli/Linli/volunteers/linli-volunteers.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

static void
linli_volunteers_view_init (LinliVolunteersView *self)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  /* Not a bound template child: AdwBin owns and unparents its child. */
  self->leaflet = ADW_LEAFLET (adw_bin_get_child (ADW_BIN (self)));

  for (guint i = 0; i < G_N_ELEMENTS (nav_rows); i++)
    {
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
      GtkWidget *label = gtk_label_new (_(nav_rows[i].label));

      gtk_box_append (GTK_BOX (box), gtk_image_new_from_icon_name (nav_rows[i].icon));
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_box_append (GTK_BOX (box), label);
      gtk_list_box_append (self->nav_list, box);
    }

  self->teams = g_list_store_new (LINLI_TYPE_VOL_ITEM);
  self->team_selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->teams)));
  gtk_single_selection_set_autoselect (self->team_selection, FALSE);
  gtk_single_selection_set_can_unselect (self->team_selection, TRUE);
  gtk_single_selection_set_selected (self->team_selection, GTK_INVALID_LIST_POSITION);
  g_signal_connect (factory, "setup", G_CALLBACK (setup_team_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_team_cb), self);
  gtk_list_view_set_factory (self->team_list, factory);
  g_object_unref (factory);
  gtk_list_view_set_model (self->team_list, GTK_SELECTION_MODEL (self->team_selection));
}
