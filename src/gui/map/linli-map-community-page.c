/* linli-map-community-page.c: the community at a glance, and its grids
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "linli-map"

#include "config.h"

#include <glib/gi18n.h>

#include "linli-format.h"
#include "linli-map-community-page.h"

struct _LinliMapCommunityPage
{
  LinliMapPage  parent_instance;

  GtkLabel     *title;
  GtkLabel     *subtitle;
  GtkListBox   *waiting;
  GtkListBox   *grids;
};

G_DEFINE_FINAL_TYPE (LinliMapCommunityPage, linli_map_community_page, LINLI_TYPE_MAP_PAGE)

static GtkWidget *
waiting_row (const char *title,
             int         count,
             const char *icon,
             const char *css)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *n = linli_format_count (count);
  GtkWidget *label = gtk_label_new (n);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_icon_name (ADW_ACTION_ROW (row), icon);
  gtk_widget_add_css_class (label, "title-4");
  if (count > 0 && css)
    gtk_widget_add_css_class (label, css);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
  return row;
}

static void
linli_map_community_page_reload (LinliMapPage *page)
{
  LinliMapCommunityPage *self = LINLI_MAP_COMMUNITY_PAGE (page);
  LinliMapSession *session = linli_map_page_get_session (page);
  LinliMapTerritory *t = linli_map_session_get_territory (session);
  LinliMapStats *stats = linli_map_session_get_stats (session);
  const LinliMapCounts *all;
  int days = linli_map_session_get_coverage_days (session);
  int incomplete = 0;
  g_autofree char *hh = NULL;
  g_autofree char *res = NULL;
  g_autofree char *sub = NULL;
  g_autofree char *nv_title = NULL;

  if (t == NULL || stats == NULL)
    return;
  all = linli_map_stats_get_total (stats);
  gtk_label_set_label (self->title, t->name);
  hh = linli_format_count (all->households);
  res = linli_format_count (all->residents);
  /* Translators: grids, buildings, households, residents of the community */
  sub = g_strdup_printf (_("%u grids · %u buildings · %s households · %s residents"),
                         t->grids->len, t->buildings->len, hh, res);
  gtk_label_set_label (self->subtitle, sub);

  for (guint i = 0; i < t->buildings->len; i++)
    {
      LinliMapBuilding *b = t->buildings->pdata[i];
      const LinliMapCounts *c = linli_map_stats_get_building (stats, b->id);

      if (c->households > 0 && c->squad != LINLI_SQUAD_COMPLETE)
        incomplete++;
    }

  linli_map_list_clear (self->waiting);
  /* Translators: %d is 7 or 30 */
  nv_title = g_strdup_printf (_("Households not visited in %d days"), days);
  linli_map_list_append (self->waiting, waiting_row (nv_title, linli_map_counts_not_visited (all, days),
                                                   "system-users-symbolic", "warning"));
  linli_map_list_append (self->waiting, waiting_row (_("Residents of special care"), all->care_residents,
                                                   "emblem-favorite-symbolic", NULL));
  linli_map_list_append (self->waiting, waiting_row (_("Follow-ups to do"), all->follow_ups_open,
                                                   "x-office-calendar-symbolic", all->follow_ups_overdue ? "error" : "warning"));
  linli_map_list_append (self->waiting, waiting_row (_("Incomplete 119 squads"), incomplete,
                                                   "dialog-warning-symbolic", "error"));

  linli_map_list_clear (self->grids);
  for (guint i = 0; i < t->grids->len; i++)
    {
      LinliMapGrid *g = t->grids->pdata[i];
      const LinliMapCounts *c = linli_map_stats_get_grid (stats, g->id);
      int n = 0;
      g_autofree char *line = NULL;
      GtkWidget *row;
      int nv = linli_map_counts_not_visited (c, days);

      for (guint k = 0; k < t->buildings->len; k++)
        n += ((LinliMapBuilding *) t->buildings->pdata[k])->grid == (int) i;
      /* Translators: buildings, households and residents of a grid */
      line = g_strdup_printf (_("%d buildings · %d households · %d residents"), n, c->households, c->residents);
      row = linli_map_nav_row (g->name, line, "grid", g->id);
      if (nv > 0)
        {
          g_autofree char *text = g_strdup_printf (_("%d not visited"), nv);
          GtkWidget *pill = linli_map_pill (text, c->occupied && nv * 2 > c->occupied ? "error" : "warning");

          gtk_widget_set_tooltip_text (pill, nv_title);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), pill);
        }
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), linli_map_swatch_new (g->color));
      linli_map_list_append (self->grids, row);
    }
}

static void
linli_map_community_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), LINLI_TYPE_MAP_COMMUNITY_PAGE);

  G_OBJECT_CLASS (linli_map_community_page_parent_class)->dispose (object);
}

static void
linli_map_community_page_class_init (LinliMapCommunityPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  LinliMapPageClass *page_class = LINLI_MAP_PAGE_CLASS (klass);

  object_class->dispose = linli_map_community_page_dispose;
  page_class->reload = linli_map_community_page_reload;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/linli/Linli/map/linli-map-community-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LinliMapCommunityPage, title);
  gtk_widget_class_bind_template_child (widget_class, LinliMapCommunityPage, subtitle);
  gtk_widget_class_bind_template_child (widget_class, LinliMapCommunityPage, waiting);
  gtk_widget_class_bind_template_child (widget_class, LinliMapCommunityPage, grids);
}

static void
linli_map_community_page_init (LinliMapCommunityPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  linli_map_list_open_rows (self->grids, LINLI_MAP_PAGE (self));
}
