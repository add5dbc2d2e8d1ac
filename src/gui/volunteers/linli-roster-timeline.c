/* linli-roster-timeline.c: each volunteer's days in the period, one row
 * each
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A row shows, day by day, where the volunteer is: on this team's roster
 * (blue), checked in (green), absent (red), on another team's shift
 * (grey), in two places at once (orange), away (hatched). It is a
 * GtkListView, so a team of thousands scrolls; a row can be dragged onto
 * a cell of the week grid to put that person there.
 */

#define G_LOG_DOMAIN "linli-volunteers"

#include "config.h"

#include <glib/gi18n.h>
#include <pango/pangocairo.h>

#include "linli-roster-time.h"
#include "linli-roster-timeline.h"
#include "linli-vol-item.h"
#include "linli-vol-util.h"

struct _LinliRosterTimeline
{
  GtkWidget    parent_instance;

  LinliDb     *db;
  char        *team_id;
  guint32      from;
  guint32      to;
  GListStore  *store;

  GtkWidget   *box;
  GtkWidget   *dates;
  GtkListView *list;
};

G_DEFINE_FINAL_TYPE (LinliRosterTimeline, linli_roster_timeline, GTK_TYPE_WIDGET)

/* Day marks, one character a day. */
#define MARK_NONE      '.'
#define MARK_PLANNED   'p'
#define MARK_ATTENDED  'a'
#define MARK_ABSENT    'x'
#define MARK_ELSEWHERE 'o'
#define MARK_CONFLICT  'c'
#define MARK_AWAY      'b'

static void
mark_color (char     mark,
            GdkRGBA *color)
{
  const char *spec;

  switch (mark)
    {
    case MARK_PLANNED: spec = "#3584e4"; break;
    case MARK_ATTENDED: spec = "#2ec27e"; break;
    case MARK_ABSENT: spec = "#e01b24"; break;
    case MARK_ELSEWHERE: spec = "#9a9996"; break;
    case MARK_CONFLICT: spec = "#ff7800"; break;
    case MARK_AWAY: spec = "#deddda"; break;
    default: spec = "rgba(128,128,128,0.08)"; break;
    }
  gdk_rgba_parse (color, spec);
}

static void
draw_strip (GtkDrawingArea *area,
            cairo_t        *cr,
            int             width,
            int             height,
            gpointer        user_data)
{
  const char *marks = g_object_get_data (G_OBJECT (area), "marks");
  guint32 from = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (area), "from"));
  guint n = marks ? strlen (marks) : 0;
  double w;

  if (n == 0)
    return;
  w = (double) width / n;
  for (guint i = 0; i < n; i++)
    {
      GdkRGBA color;
      double x = i * w;

      mark_color (marks[i], &color);
      gdk_cairo_set_source_rgba (cr, &color);
      cairo_rectangle (cr, x + 1, 4, MAX (w - 2, 1), height - 8);
      cairo_fill (cr);
      if (marks[i] == MARK_AWAY)
        {
          cairo_set_source_rgba (cr, 0.5, 0.5, 0.5, 0.6);
          cairo_set_line_width (cr, 1);
          cairo_move_to (cr, x + 1, height - 4);
          cairo_line_to (cr, x + w - 1, 4);
          cairo_stroke (cr);
        }
      /* A line before each Monday. */
      if (linli_roster_weekday (from + i) == 1 && i > 0)
        {
          cairo_set_source_rgba (cr, 0.5, 0.5, 0.5, 0.5);
          cairo_rectangle (cr, x - 0.5, 0, 1, height);
          cairo_fill (cr);
        }
    }
}

/* The dates above the strips: each Monday's, where its week starts. */
static void
draw_dates (GtkDrawingArea *area,
            cairo_t        *cr,
            int             width,
            int             height,
            gpointer        user_data)
{
  LinliRosterTimeline *self = user_data;
  guint n;
  double w;
  GdkRGBA color;

  if (self->from == 0 || self->to < self->from)
    return;
  n = self->to - self->from + 1;
  w = (double) width / n;
  gtk_style_context_get_color (gtk_widget_get_style_context (GTK_WIDGET (area)), &color);
  gdk_cairo_set_source_rgba (cr, &color);
  for (guint i = 0; i < n; i++)
    {
      guint32 jd = self->from + i;
      g_autoptr(GDateTime) dt = NULL;
      g_autofree char *text = NULL;
      g_autoptr(PangoLayout) layout = NULL;

      if (linli_roster_weekday (jd) != 1 && i != 0)
        continue;
      dt = g_date_time_new_local (linli_roster_year_of (jd), linli_roster_month_of (jd),
                                  jd - linli_roster_month_start (jd) + 1, 0, 0, 0);
      text = g_date_time_format (dt, C_("roster column", "%b %-d"));
      layout = gtk_widget_create_pango_layout (GTK_WIDGET (area), text);
      cairo_move_to (cr, i * w + 2, 0);
      pango_cairo_show_layout (cr, layout);
    }
}

static GdkContentProvider *
on_drag_prepare_cb (GtkDragSource *source,
                    double         x,
                    double         y,
                    GtkListItem   *item)
{
  LinliVolItem *row = gtk_list_item_get_item (item);
  g_autofree char *text = NULL;

  if (row == NULL)
    return NULL;
  text = g_strconcat ("volunteer:", linli_vol_item_get_id (row), NULL);
  return gdk_content_provider_new_typed (G_TYPE_STRING, text);
}

static void
setup_cb (GtkSignalListItemFactory *factory,
          GtkListItem              *item,
          gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *names = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *name = gtk_label_new (NULL);
  GtkWidget *counts = gtk_label_new (NULL);
  GtkWidget *strip = gtk_drawing_area_new ();
  GtkDragSource *drag = gtk_drag_source_new ();

  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_xalign (GTK_LABEL (counts), 0);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (counts, "caption");
  gtk_widget_add_css_class (counts, "dim-label");
  gtk_widget_set_size_request (names, 140, -1);
  gtk_box_append (GTK_BOX (names), name);
  gtk_box_append (GTK_BOX (names), counts);
  gtk_box_append (GTK_BOX (box), names);
  gtk_widget_set_hexpand (strip, TRUE);
  gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (strip), 28);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (strip), draw_strip, NULL, NULL);
  gtk_box_append (GTK_BOX (box), strip);
  g_signal_connect (drag, "prepare", G_CALLBACK (on_drag_prepare_cb), item);
  gtk_widget_add_controller (box, GTK_EVENT_CONTROLLER (drag));
  gtk_list_item_set_child (item, box);
}

static void
bind_cb (GtkSignalListItemFactory *factory,
         GtkListItem              *item,
         LinliRosterTimeline      *self)
{
  LinliVolItem *row = gtk_list_item_get_item (item);
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *names = gtk_widget_get_first_child (box);
  GtkWidget *strip = gtk_widget_get_next_sibling (names);
  GtkWidget *name = gtk_widget_get_first_child (names);
  GtkWidget *counts = gtk_widget_get_next_sibling (name);

  gtk_label_set_text (GTK_LABEL (name), linli_vol_item_get (row, "name"));
  gtk_label_set_text (GTK_LABEL (counts), linli_vol_item_get (row, "counts"));
  g_object_set_data_full (G_OBJECT (strip), "marks", g_strdup (linli_vol_item_get (row, "marks")), g_free);
  g_object_set_data (G_OBJECT (strip), "from", GUINT_TO_POINTER (self->from));
  gtk_widget_set_tooltip_text (strip, linli_vol_item_get (row, "tooltip"));
  gtk_widget_queue_draw (strip);
}

static void
on_activated_cb (GtkListView         *list,
                 guint                position,
                 LinliRosterTimeline *self)
{
  g_autoptr(LinliVolItem) row = g_list_model_get_item (G_LIST_MODEL (self->store), position);

  if (row != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self), "volunteers.edit-volunteer", "s", linli_vol_item_get_id (row));
}

void
linli_roster_timeline_reload (LinliRosterTimeline *self)
{
  g_autoptr(GHashTable) rows = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *from = NULL, *to = NULL, *year = NULL;
  guint n_days;

  g_list_store_remove_all (self->store);
  if (self->db == NULL || self->team_id == NULL || self->from == 0)
    return;

  from = linli_roster_format_date (self->from);
  to = linli_roster_format_date (self->to);
  year = g_strdup_printf ("%04d-01-01", linli_roster_year_of (self->from));
  n_days = self->to - self->from + 1;

  {
    g_autoptr(LinliQuery) q = linli_db_query (self->db, NULL,
      "SELECT v.id, p.name, (SELECT count(*) FROM assignment a JOIN shift s ON s.id = a.shift_id "
      " WHERE a.volunteer_id = v.id AND a.deleted = 0 AND a.status != 'absent' AND s.deleted = 0 "
      " AND s.cancelled = 0 AND s.date >= ? AND s.date <= ?) "
      "FROM team_member m JOIN volunteer v ON v.person_id = m.person_id AND v.deleted = 0 "
      "JOIN person p ON p.id = m.person_id WHERE m.team_id = ? AND m.deleted = 0 AND m.left_on IS NULL "
      "GROUP BY v.person_id ORDER BY p.name", "sss", year, to, self->team_id);

    while (q != NULL && linli_query_next (q, NULL))
      {
        LinliVolItem *row = linli_vol_item_new (linli_query_get_string (q, 0));
        g_autofree char *marks = g_strnfill (n_days, MARK_NONE);

        linli_vol_item_set (row, "name", linli_query_get_string (q, 1));
        linli_vol_item_set (row, "marks", marks);
        linli_vol_item_set_number (row, "year", (double) linli_query_get_int (q, 2));
        g_ptr_array_add (items, row);
        g_hash_table_insert (rows, (gpointer) linli_vol_item_get_id (row), row);
      }
  }

  /* Blackouts first: a place on top of them shows. */
  {
    g_autoptr(LinliQuery) q = linli_db_query (self->db, NULL,
      "SELECT volunteer_id, from_date, to_date FROM blackout WHERE deleted = 0 AND to_date >= ? AND from_date <= ?",
      "ss", from, to);

    while (q != NULL && linli_query_next (q, NULL))
      {
        LinliVolItem *row = g_hash_table_lookup (rows, linli_query_get_string (q, 0));
        guint32 f = linli_roster_parse_date (linli_query_get_string (q, 1));
        guint32 t = linli_roster_parse_date (linli_query_get_string (q, 2));
        g_autofree char *marks = NULL;

        if (row == NULL || f == 0 || t == 0)
          continue;
        marks = g_strdup (linli_vol_item_get (row, "marks"));
        for (guint32 d = MAX (f, self->from); d <= MIN (t, self->to); d++)
          marks[d - self->from] = MARK_AWAY;
        linli_vol_item_set (row, "marks", marks);
      }
  }

  {
    g_autoptr(LinliQuery) q = linli_db_query (self->db, NULL,
      "SELECT a.volunteer_id, s.date, a.status, s.team_id = ?, s.start_time, s.end_time FROM assignment a "
      "JOIN shift s ON s.id = a.shift_id WHERE a.deleted = 0 AND s.deleted = 0 AND s.cancelled = 0 "
      "AND s.date BETWEEN ? AND ? ORDER BY s.date, s.start_time", "sss", self->team_id, from, to);
    g_autoptr(GHashTable) last_end = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

    while (q != NULL && linli_query_next (q, NULL))
      {
        const char *vid = linli_query_get_string (q, 0);
        LinliVolItem *row = g_hash_table_lookup (rows, vid);
        guint32 d = linli_roster_parse_date (linli_query_get_string (q, 1));
        const char *status = linli_query_get_string (q, 2);
        gboolean ours = linli_query_get_int (q, 3) != 0;
        int start = linli_roster_parse_time (linli_query_get_string (q, 4));
        int end = linli_roster_parse_time (linli_query_get_string (q, 5));
        g_autofree char *key = NULL;
        g_autofree char *marks = NULL;
        char mark;
        int previous;

        if (row == NULL || d < self->from || d > self->to)
          continue;
        marks = g_strdup (linli_vol_item_get (row, "marks"));
        key = g_strdup_printf ("%s@%u", vid, d);
        previous = GPOINTER_TO_INT (g_hash_table_lookup (last_end, key));
        if (g_str_equal (status, "attended") || g_str_equal (status, "walk_in"))
          mark = MARK_ATTENDED;
        else if (g_str_equal (status, "absent"))
          mark = MARK_ABSENT;
        else
          mark = ours ? MARK_PLANNED : MARK_ELSEWHERE;
        /* Two places whose hours overlap on one day: in two places at once. */
        if (previous > 0 && start < previous - 1 && mark != MARK_ABSENT)
          mark = MARK_CONFLICT;
        if (mark == MARK_CONFLICT || marks[d - self->from] == MARK_NONE || marks[d - self->from] == MARK_AWAY
            || marks[d - self->from] == MARK_ELSEWHERE)
          marks[d - self->from] = mark;
        g_hash_table_insert (last_end, g_steal_pointer (&key), GINT_TO_POINTER (MAX (previous, end + 1)));
        linli_vol_item_set (row, "marks", marks);
      }
  }

  for (guint i = 0; i < items->len; i++)
    {
      LinliVolItem *row = items->pdata[i];
      const char *marks = linli_vol_item_get (row, "marks");
      guint here = 0;
      g_autofree char *counts = NULL;

      for (const char *m = marks; *m; m++)
        here += *m == MARK_PLANNED || *m == MARK_ATTENDED || *m == MARK_CONFLICT;
      /* Translators: shifts in the weeks shown, and this year */
      counts = g_strdup_printf (_("%u in these weeks · %.0f this year"), here,
                                linli_vol_item_get_number (row, "year"));
      linli_vol_item_set (row, "counts", counts);
      linli_vol_item_set_number (row, "here", here);
    }
  g_list_store_splice (self->store, 0, 0, items->pdata, items->len);
  gtk_widget_queue_draw (self->dates);
}

void
linli_roster_timeline_set_team (LinliRosterTimeline *self,
                                LinliDb             *db,
                                const char          *team_id)
{
  g_set_object (&self->db, db);
  g_free (self->team_id);
  self->team_id = g_strdup (team_id);
  linli_roster_timeline_reload (self);
}

void
linli_roster_timeline_set_period (LinliRosterTimeline *self,
                                  guint32              from,
                                  guint32              to)
{
  self->from = from;
  self->to = to;
  linli_roster_timeline_reload (self);
}

/**
 * linli_roster_timeline_get_model:
 *
 * Returns: (transfer none): the rows (LinliVolItem: name, marks, counts)
 */
GListModel *
linli_roster_timeline_get_model (LinliRosterTimeline *self)
{
  return G_LIST_MODEL (self->store);
}

static GtkWidget *
legend_item (char        mark,
             const char *text)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
  GtkWidget *swatch = gtk_drawing_area_new ();
  g_autofree char *marks = g_strnfill (1, mark);

  g_object_set_data_full (G_OBJECT (swatch), "marks", g_steal_pointer (&marks), g_free);
  gtk_drawing_area_set_content_width (GTK_DRAWING_AREA (swatch), 14);
  gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (swatch), 18);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (swatch), draw_strip, NULL, NULL);
  gtk_box_append (GTK_BOX (box), swatch);
  gtk_box_append (GTK_BOX (box), gtk_label_new (text));
  gtk_widget_add_css_class (box, "caption");
  return box;
}

static void
linli_roster_timeline_dispose (GObject *object)
{
  LinliRosterTimeline *self = LINLI_ROSTER_TIMELINE (object);

  g_clear_pointer (&self->box, gtk_widget_unparent);
  g_clear_object (&self->store);
  g_clear_object (&self->db);
  g_clear_pointer (&self->team_id, g_free);

  G_OBJECT_CLASS (linli_roster_timeline_parent_class)->dispose (object);
}

static void
linli_roster_timeline_class_init (LinliRosterTimelineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = linli_roster_timeline_dispose;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
linli_roster_timeline_init (LinliRosterTimeline *self)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkWidget *legend = gtk_flow_box_new ();
  GtkWidget *scroller = gtk_scrolled_window_new ();

  self->store = g_list_store_new (LINLI_TYPE_VOL_ITEM);
  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));

  gtk_widget_set_margin_start (legend, 12);
  gtk_widget_set_margin_top (legend, 6);
  gtk_flow_box_set_selection_mode (GTK_FLOW_BOX (legend), GTK_SELECTION_NONE);
  gtk_flow_box_set_max_children_per_line (GTK_FLOW_BOX (legend), 6);
  gtk_flow_box_set_column_spacing (GTK_FLOW_BOX (legend), 12);
  gtk_flow_box_append (GTK_FLOW_BOX (legend), legend_item (MARK_PLANNED, _("on this roster")));
  gtk_flow_box_append (GTK_FLOW_BOX (legend), legend_item (MARK_ATTENDED, _("came")));
  gtk_flow_box_append (GTK_FLOW_BOX (legend), legend_item (MARK_ABSENT, _("did not come")));
  gtk_flow_box_append (GTK_FLOW_BOX (legend), legend_item (MARK_ELSEWHERE, _("another team")));
  gtk_flow_box_append (GTK_FLOW_BOX (legend), legend_item (MARK_CONFLICT, _("two places at once")));
  gtk_flow_box_append (GTK_FLOW_BOX (legend), legend_item (MARK_AWAY, _("away")));
  gtk_box_append (GTK_BOX (self->box), legend);

  {
    GtkWidget *header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
    GtkWidget *spacer = gtk_label_new (NULL);

    /* Lined up with the rows: the names' width, then the strip. */
    gtk_widget_set_size_request (spacer, 140, -1);
    gtk_box_append (GTK_BOX (header), spacer);
    self->dates = gtk_drawing_area_new ();
    gtk_widget_set_hexpand (self->dates, TRUE);
    gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (self->dates), 20);
    gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (self->dates), draw_dates, self, NULL);
    gtk_widget_add_css_class (self->dates, "caption");
    gtk_box_append (GTK_BOX (header), self->dates);
    gtk_widget_set_margin_start (header, 6);
    gtk_widget_set_margin_end (header, 6);
    gtk_box_append (GTK_BOX (self->box), header);
  }

  g_signal_connect (factory, "setup", G_CALLBACK (setup_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cb), self);
  self->list = GTK_LIST_VIEW (gtk_list_view_new (GTK_SELECTION_MODEL (gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->store)))),
                                                 factory));
  gtk_list_view_set_single_click_activate (self->list, FALSE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "linli-timeline");
  g_signal_connect_object (self->list, "activate", G_CALLBACK (on_activated_cb), self, 0);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), GTK_WIDGET (self->list));
  gtk_widget_set_vexpand (scroller, TRUE);
  gtk_box_append (GTK_BOX (self->box), scroller);
}

GtkWidget *
linli_roster_timeline_new (void)
{
  return g_object_new (LINLI_TYPE_ROSTER_TIMELINE, NULL);
}
