/* linli-map-grid-page.c: a grid, its buildings and its follow-ups
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "linli-map"

#include "config.h"

#include <glib/gi18n.h>

#include "linli-format.h"
#include "linli-map-grid-page.h"

struct _LinliMapGridPage
{
  LinliMapPage  parent_instance;

  GtkLabel     *title;
  GtkLabel     *subtitle;
  GtkWidget    *follow_ups_heading;
  GtkListBox   *follow_ups;
  GtkListBox   *buildings;
  AdwEntryRow  *name_row;
};

G_DEFINE_FINAL_TYPE (LinliMapGridPage, linli_map_grid_page, LINLI_TYPE_MAP_PAGE)

static void
on_done_toggled_cb (GtkCheckButton   *check,
                    LinliMapGridPage *self)
{
  LinliMapSession *session = linli_map_page_get_session (LINLI_MAP_PAGE (self));
  LinliMapHistory *history = linli_map_session_get_history (session);
  const char *visit = g_object_get_data (G_OBJECT (check), "visit");
  g_autoptr(GError) error = NULL;
  guint serial;

  if (!gtk_check_button_get_active (check))
    return;
  if (!linli_map_history_begin (history, _("Follow-up done"), &error))
    {
      linli_map_session_error (session, _("The follow-up could not be marked done"), error);
      return;
    }
  linli_map_history_set (history, "visit", visit, "follow_up_done", "i", 1);
  serial = linli_map_history_commit (history, &error);
  if (serial == 0)
    linli_map_session_error (session, _("The follow-up could not be marked done"), error);
  else
    linli_map_session_toast_undo (session, _("Follow-up marked done"), serial);
}

/* The follow-ups promised at the doors of this grid, the earliest due
 * first. */
static void
load_follow_ups (LinliMapGridPage *self,
                 const char       *grid_id)
{
  LinliDb *db = linli_map_page_get_db (LINLI_MAP_PAGE (self));
  const char *today = linli_map_page_get_today (LINLI_MAP_PAGE (self));
  g_autoptr(LinliQuery) q = NULL;
  g_autoptr(GError) error = NULL;
  int n = 0;

  linli_map_list_clear (self->follow_ups);
  q = linli_db_query (db, &error,
                      "SELECT v.id, v.household_id, b.number || '栋' || u.number || '单元' || h.room, "
                      "coalesce((SELECT name FROM person WHERE id = h.head_id AND deleted = 0), ''), "
                      "v.follow_up, v.follow_up_due "
                      "FROM visit v JOIN household h ON h.id = v.household_id AND h.deleted = 0 "
                      "JOIN unit u ON u.id = h.unit_id AND u.deleted = 0 "
                      "JOIN building b ON b.id = u.building_id AND b.deleted = 0 "
                      "WHERE b.grid_id = ? AND v.deleted = 0 AND v.follow_up_done = 0 "
                      "AND ((v.follow_up IS NOT NULL AND v.follow_up <> '') OR v.follow_up_due IS NOT NULL) "
                      "ORDER BY v.follow_up_due IS NULL, v.follow_up_due, v.visited_at",
                      "s", grid_id);
  while (q != NULL && linli_query_next (q, &error))
    {
      const char *due = linli_query_get_string (q, 5);
      const char *what = linli_query_get_string (q, 4);
      g_autofree char *title = g_strdup_printf ("%s %s", linli_query_get_string (q, 2), linli_query_get_string (q, 3));
      g_autofree char *date = due ? linli_format_date_iso (due) : NULL;
      g_autofree char *sub = NULL;
      gboolean overdue = due != NULL && g_strcmp0 (due, today) < 0;
      GtkWidget *row, *check;

      if (date != NULL)
        /* Translators: a follow-up and its due date */
        sub = g_strdup_printf (overdue ? _("%s · overdue since %s") : _("%s · due %s"),
                               what && *what ? what : _("Follow-up"), date);
      else
        sub = g_strdup (what);
      row = linli_map_nav_row (title, sub, "household", linli_query_get_string (q, 1));
      if (overdue)
        gtk_widget_add_css_class (row, "linli-overdue");
      check = gtk_check_button_new ();
      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      gtk_widget_set_tooltip_text (check, _("Mark as done"));
      g_object_set_data_full (G_OBJECT (check), "visit", linli_query_dup_string (q, 0), g_free);
      g_signal_connect_object (check, "toggled", G_CALLBACK (on_done_toggled_cb), self, 0);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      linli_map_list_append (self->follow_ups, row);
      n++;
    }
  if (n == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("No follow-ups waiting"));
      gtk_widget_add_css_class (row, "dim-label");
      linli_map_list_append (self->follow_ups, row);
    }
}

static char *
person_name (LinliDb    *db,
             const char *grid_id,
             const char *column)
{
  g_autofree char *sql = g_strdup_printf ("SELECT p.name FROM grid g JOIN person p ON p.id = g.%s "
                                          "AND p.deleted = 0 WHERE g.id = ?", column);

  return linli_db_query_string (db, NULL, sql, "s", grid_id);
}

static void
linli_map_grid_page_reload (LinliMapPage *page)
{
  LinliMapGridPage *self = LINLI_MAP_GRID_PAGE (page);
  LinliMapSession *session = linli_map_page_get_session (page);
  LinliMapTerritory *t = linli_map_session_get_territory (session);
  LinliMapStats *stats = linli_map_session_get_stats (session);
  const char *id = linli_map_page_get_id (page);
  int gi = linli_map_territory_find_grid (t, id);
  LinliMapGrid *g = linli_map_territory_get_grid (t, gi);
  const LinliMapCounts *c;
  g_autofree char *worker = NULL;
  g_autofree char *secretary = NULL;
  GString *sub;
  int days = linli_map_session_get_coverage_days (session);

  if (g == NULL)
    return;
  c = linli_map_stats_get_grid (stats, g->id);
  gtk_label_set_label (self->title, g->name);
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), g->name);

  worker = person_name (linli_map_page_get_db (page), id, "worker_id");
  secretary = person_name (linli_map_page_get_db (page), id, "secretary_id");
  sub = g_string_new (NULL);
  if (worker)
    /* Translators: the grid worker (网格员) */
    g_string_append_printf (sub, _("Grid worker %s"), worker);
  if (secretary)
    {
      if (sub->len)
        g_string_append (sub, " · ");
      /* Translators: the grid's party branch secretary (网格党支部书记) */
      g_string_append_printf (sub, _("Party branch secretary %s"), secretary);
    }
  if (sub->len)
    g_string_append_c (sub, '\n');
  g_string_append_printf (sub, _("%d households · %d residents"), c->households, c->residents);
  g_string_append (sub, " · ");
  g_string_append_printf (sub, _("%d not visited in %d days"), linli_map_counts_not_visited (c, days), days);
  gtk_label_set_label (self->subtitle, sub->str);
  g_string_free (sub, TRUE);

  linli_map_list_clear (self->buildings);
  for (guint i = 0; i < t->buildings->len; i++)
    {
      LinliMapBuilding *b = t->buildings->pdata[i];
      const LinliMapCounts *bc;
      g_autofree char *title = NULL;
      g_autofree char *line = NULL;
      GtkWidget *row;

      if (b->grid != gi)
        continue;
      bc = linli_map_stats_get_building (stats, b->id);
      title = g_strdup_printf (C_("map label", "No. %s"), b->number);
      /* Translators: units, floors, households, residents of a building */
      line = g_strdup_printf (_("%d units · %d floors · %d households · %d residents"),
                              b->n_units, b->floors, bc->households, bc->residents);
      row = linli_map_nav_row (title, line, "building", b->id);
      if (bc->care_residents > 0)
        {
          g_autofree char *text = g_strdup_printf (_("%d care"), bc->care_residents);
          GtkWidget *pill = linli_map_pill (text, "linli-care");

          gtk_widget_set_tooltip_text (pill, _("Residents of special care"));
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), pill);
        }
      if (bc->households > 0 && bc->squad != LINLI_SQUAD_COMPLETE)
        {
          GtkWidget *pill = linli_map_pill ("119", "linli-squad");

          gtk_widget_set_tooltip_text (pill, bc->squad == LINLI_SQUAD_NONE ? _("No 119 squad") : _("119 squad incomplete"));
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), pill);
        }
      linli_map_list_append (self->buildings, row);
    }

  load_follow_ups (self, id);
}

static void
on_name_applied_cb (LinliMapGridPage *self,
                    AdwEntryRow      *row)
{
  LinliMapSession *session = linli_map_page_get_session (LINLI_MAP_PAGE (self));
  LinliMapHistory *history = linli_map_session_get_history (session);
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
  g_autoptr(GError) error = NULL;

  if (*name == '\0')
    {
      linli_map_session_toast (session, _("A grid needs a name"));
      return;
    }
  if (!linli_map_history_begin (history, _("Rename the grid"), &error))
    return;
  linli_map_history_set (history, "grid", linli_map_page_get_id (LINLI_MAP_PAGE (self)), "name", "s", name);
  if (linli_map_history_commit (history, &error) == 0)
    linli_map_session_error (session, _("The name could not be stored"), error);
}

static void
linli_map_grid_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), LINLI_TYPE_MAP_GRID_PAGE);

  G_OBJECT_CLASS (linli_map_grid_page_parent_class)->dispose (object);
}

static void
linli_map_grid_page_class_init (LinliMapGridPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  LinliMapPageClass *page_class = LINLI_MAP_PAGE_CLASS (klass);

  object_class->dispose = linli_map_grid_page_dispose;
  page_class->reload = linli_map_grid_page_reload;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/linli/Linli/map/linli-map-grid-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LinliMapGridPage, title);
  gtk_widget_class_bind_template_child (widget_class, LinliMapGridPage, subtitle);
  gtk_widget_class_bind_template_child (widget_class, LinliMapGridPage, follow_ups_heading);
  gtk_widget_class_bind_template_child (widget_class, LinliMapGridPage, follow_ups);
  gtk_widget_class_bind_template_child (widget_class, LinliMapGridPage, buildings);
  gtk_widget_class_bind_template_child (widget_class, LinliMapGridPage, name_row);
  gtk_widget_class_bind_template_callback (widget_class, on_name_applied_cb);
}

static void
linli_map_grid_page_init (LinliMapGridPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  linli_map_list_open_rows (self->buildings, LINLI_MAP_PAGE (self));
  linli_map_list_open_rows (self->follow_ups, LINLI_MAP_PAGE (self));
}
