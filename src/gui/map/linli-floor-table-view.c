/* linli-floor-table-view.c: the floor-by-room table on screen
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "linli-map"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "linli-floor-table-view.h"
#include "linli-format.h"
#include "linli-map-stats.h"
#include "linli-map-style.h"

#define FLOOR_W         44
#define HEAD_H          30
#define CELL_W          118
#define CELL_H          70
#define GAP             4
#define UNIT_GAP        14
#define COMPACT_FLOOR_W 26
#define COMPACT_HEAD_H  22
#define COMPACT_W       20
#define COMPACT_H       13
#define COMPACT_GAP     2

/* All a cell says, in one layout: "501 <tab> 3人", the head's name, the
 * marks. One layout shapes faster than four. */
typedef struct
{
  PangoLayout *layout;
} CellText;

struct _LinliFloorTableView
{
  GtkWidget        parent_instance;

  LinliFloorTable *table;
  gboolean         compact;
  LinliMapLayers   layers;
  int              coverage_days;
  char            *selected;
  int              compact_w;   /* a compact cell's width, fitted to the space */
  int              focus_row;
  int              focus_column;
  int              hover_row;
  int              hover_column;

  GHashTable      *texts;      /* LinliFloorCell* -> CellText* */
  GPtrArray       *headers;    /* PangoLayout* per unit */
  GPtrArray       *floors;     /* PangoLayout* per row */
  GtkWidget       *viewport;   /* watched for scrolling, not owned */
};

G_DEFINE_FINAL_TYPE (LinliFloorTableView, linli_floor_table_view, GTK_TYPE_WIDGET)

enum {
  HOUSEHOLD_ACTIVATED,
  UNIT_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
cell_text_free (gpointer data)
{
  CellText *t = data;

  g_clear_object (&t->layout);
  g_free (t);
}

static int
cell_w (LinliFloorTableView *self)
{
  return self->compact ? self->compact_w : CELL_W;
}

static int
cell_h (LinliFloorTableView *self)
{
  return self->compact ? COMPACT_H : CELL_H;
}

static int
gap (LinliFloorTableView *self)
{
  return self->compact ? COMPACT_GAP : GAP;
}

static int
unit_gap (LinliFloorTableView *self)
{
  return self->compact ? 8 : UNIT_GAP;
}

static int
floor_w (LinliFloorTableView *self)
{
  return self->compact ? COMPACT_FLOOR_W : FLOOR_W;
}

static int
head_h (LinliFloorTableView *self)
{
  /* One unit alone needs no header. */
  if (self->table == NULL || (self->table->units->len <= 1 && !self->compact))
    return 0;
  return self->compact ? COMPACT_HEAD_H : HEAD_H;
}

static double
column_x (LinliFloorTableView *self,
          int                  column)
{
  int unit = linli_floor_table_unit_at (self->table, column);

  return floor_w (self) + column * (cell_w (self) + gap (self)) + MAX (unit, 0) * unit_gap (self);
}

static double
row_y (LinliFloorTableView *self,
       int                  row)
{
  return head_h (self) + row * (cell_h (self) + gap (self));
}

static void
table_size (LinliFloorTableView *self,
            int                 *width,
            int                 *height)
{
  if (self->table == NULL || self->table->n_columns == 0)
    {
      *width = *height = 0;
      return;
    }
  *width = (int) column_x (self, self->table->n_columns - 1) + cell_w (self) + 2;
  *height = (int) row_y (self, self->table->n_rows - 1) + cell_h (self) + 2;
}

static gboolean
cell_at (LinliFloorTableView *self,
         double               x,
         double               y,
         int                 *row,
         int                 *column)
{
  if (self->table == NULL)
    return FALSE;
  for (int c = 0; c < self->table->n_columns; c++)
    {
      double cx = column_x (self, c);

      if (x < cx || x >= cx + cell_w (self))
        continue;
      for (int r = 0; r < self->table->n_rows; r++)
        {
          double cy = row_y (self, r);

          if (y >= cy && y < cy + cell_h (self))
            {
              *row = r;
              *column = c;
              return TRUE;
            }
        }
    }
  return FALSE;
}

static int
unit_header_at (LinliFloorTableView *self,
                double               x,
                double               y)
{
  if (self->table == NULL || y >= head_h (self))
    return -1;
  for (guint u = 0; u < self->table->units->len; u++)
    {
      LinliFloorUnit *unit = self->table->units->pdata[u];
      double x0 = column_x (self, unit->first_column);
      double x1 = column_x (self, unit->first_column + unit->n_columns - 1) + cell_w (self);

      if (x >= x0 && x < x1)
        return (int) u;
    }
  return -1;
}

static PangoLayout *
layout_new (LinliFloorTableView *self,
            const char          *text,
            double               size,
            gboolean             bold)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);
  PangoFontDescription *font = pango_font_description_copy (pango_context_get_font_description (pango_layout_get_context (layout)));

  pango_font_description_set_absolute_size (font, size * PANGO_SCALE);
  if (bold)
    pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);
  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);
  return layout;
}

static void
add_attr (PangoAttrList  *attrs,
          PangoAttribute *attr,
          gsize           start,
          gsize           end)
{
  attr->start_index = (guint) start;
  attr->end_index = (guint) end;
  pango_attr_list_insert (attrs, attr);
}

static void
add_color (PangoAttrList *attrs,
           const char    *hex,
           gsize          start,
           gsize          end)
{
  GdkRGBA c;

  gdk_rgba_parse (&c, hex);
  add_attr (attrs, pango_attr_foreground_new ((guint16) (c.red * 65535), (guint16) (c.green * 65535),
                                              (guint16) (c.blue * 65535)), start, end);
  if (c.alpha < 1)
    add_attr (attrs, pango_attr_foreground_alpha_new ((guint16) (c.alpha * 65535)), start, end);
}

static CellText *
cell_text (LinliFloorTableView *self,
           LinliFloorCell      *c)
{
  CellText *t = g_hash_table_lookup (self->texts, c);

  if (t == NULL)
    {
      /* Translators: residents of a household in the floor-by-room table; zh_CN: %d人 */
      g_autofree char *count = g_strdup_printf (C_("table", "%d res."), c->residents);
      const char *name = (c->marks & LINLI_MARK_VACANT) ? linli_mark_label (12) : (c->head_name ? c->head_name : "—");
      gboolean dark = adw_style_manager_get_dark (adw_style_manager_get_default ());
      PangoAttrList *attrs = pango_attr_list_new ();
      PangoTabArray *tabs = pango_tab_array_new (1, TRUE);
      GString *text = g_string_new (NULL);
      gsize a, b;

      a = text->len;
      g_string_append (text, c->room);
      add_attr (attrs, pango_attr_size_new_absolute (15 * PANGO_SCALE), a, text->len);
      add_attr (attrs, pango_attr_weight_new (PANGO_WEIGHT_BOLD), a, text->len);
      g_string_append_c (text, '\t');
      b = text->len;
      g_string_append (text, count);
      add_attr (attrs, pango_attr_size_new_absolute (12 * PANGO_SCALE), b, text->len);
      add_color (attrs, dark ? "rgba(255,255,255,0.65)" : "rgba(36,31,49,0.6)", b, text->len);
      g_string_append_c (text, '\n');
      a = text->len;
      g_string_append (text, name);
      g_string_append_c (text, '\n');
      add_attr (attrs, pango_attr_size_new_absolute (13 * PANGO_SCALE), a, text->len);
      for (guint bit = 0; bit < LINLI_N_MARKS - 1; bit++)
        if (c->marks & (1u << bit))
          {
            a = text->len;
            g_string_append (text, linli_mark_short_label (bit));
            add_color (attrs, linli_mark_color (bit), a, text->len);
            add_attr (attrs, pango_attr_weight_new (PANGO_WEIGHT_BOLD), a, text->len);
            add_attr (attrs, pango_attr_size_new_absolute (12 * PANGO_SCALE), a, text->len);
            g_string_append_c (text, ' ');
          }

      t = g_new0 (CellText, 1);
      t->layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text->str);
      pango_layout_set_attributes (t->layout, attrs);
      /* The residents' count sits at the right of the first line. */
      pango_tab_array_set_tab (tabs, 0, PANGO_TAB_RIGHT, CELL_W - 18);
      pango_layout_set_tabs (t->layout, tabs);
      pango_layout_set_width (t->layout, (CELL_W - 16) * PANGO_SCALE);
      pango_layout_set_ellipsize (t->layout, PANGO_ELLIPSIZE_END);
      pango_layout_set_spacing (t->layout, 3 * PANGO_SCALE);
      pango_tab_array_free (tabs);
      pango_attr_list_unref (attrs);
      g_string_free (text, TRUE);
      g_hash_table_insert (self->texts, c, t);
    }
  return t;
}

static void
drop_texts (LinliFloorTableView *self)
{
  g_hash_table_remove_all (self->texts);
  g_ptr_array_set_size (self->headers, 0);
  g_ptr_array_set_size (self->floors, 0);
}

/* The colours of the cells, worked out once a frame. */
typedef struct
{
  GdkRGBA fill, ink, vacant, compact, visited, not_visited;
  char   *cut;   /* visits after this day count as recent */
} CellPalette;

static void
cell_palette_init (LinliFloorTableView *self,
                   gboolean             dark,
                   CellPalette         *p)
{
  gdk_rgba_parse (&p->fill, dark ? "#3a3a3a" : "#ffffff");
  gdk_rgba_parse (&p->ink, dark ? "#ffffff" : "#241f31");
  gdk_rgba_parse (&p->vacant, dark ? "#2e2e32" : "#ebebed");
  gdk_rgba_parse (&p->compact, dark ? "#77767b" : "#c0bfbc");
  linli_map_coverage_color (0, &p->visited);
  linli_map_coverage_color (1, &p->not_visited);
  p->cut = linli_map_date_minus (self->table->today, self->coverage_days);
}

static void
cell_colors (LinliFloorTableView *self,
             const CellPalette   *p,
             LinliFloorCell      *c,
             GdkRGBA             *fill,
             GdkRGBA             *ink)
{
  *fill = p->fill;
  *ink = p->ink;
  if (c->marks & LINLI_MARK_VACANT)
    {
      *fill = p->vacant;
      return;
    }
  if (self->layers & LINLI_MAP_LAYER_COVERAGE)
    linli_map_color_mix (fill, linli_floor_cell_visited_since (c, p->cut) ? &p->visited : &p->not_visited,
                         self->compact ? 0.85 : 0.35, fill);
  else if (self->compact)
    *fill = p->compact;
}

static void
append_border (GtkSnapshot           *snapshot,
               const graphene_rect_t *r,
               double                 radius,
               double                 width,
               const GdkRGBA         *color)
{
  GskRoundedRect rr;

  gsk_rounded_rect_init_from_rect (&rr, r, radius);
  gtk_snapshot_append_border (snapshot, &rr, (float[4]) { width, width, width, width },
                              (GdkRGBA[4]) { *color, *color, *color, *color });
}

static void
on_scrolled_cb (LinliFloorTableView *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* The part of the table a scrolled window shows; all of it elsewhere. */
static void
visible_area (LinliFloorTableView *self,
              graphene_rect_t     *area)
{
  GtkWidget *w;
  graphene_rect_t bounds;

  graphene_rect_init (area, 0, 0, gtk_widget_get_width (GTK_WIDGET (self)), gtk_widget_get_height (GTK_WIDGET (self)));
  for (w = gtk_widget_get_parent (GTK_WIDGET (self)); w != NULL && !GTK_IS_VIEWPORT (w); w = gtk_widget_get_parent (w))
    ;
  if (w == NULL || !gtk_widget_compute_bounds (GTK_WIDGET (self), w, &bounds))
    return;
  if (self->viewport != w)
    {
      /* Scrolling shows other cells: draw them then. */
      self->viewport = w;
      g_signal_connect_object (gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (w)), "value-changed",
                               G_CALLBACK (on_scrolled_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (gtk_scrollable_get_hadjustment (GTK_SCROLLABLE (w)), "value-changed",
                               G_CALLBACK (on_scrolled_cb), self, G_CONNECT_SWAPPED);
    }
  graphene_rect_init (area, -bounds.origin.x - 8, -bounds.origin.y - 8,
                      gtk_widget_get_width (w) + 16, gtk_widget_get_height (w) + 16);
}

static void
linli_floor_table_view_snapshot (GtkWidget   *widget,
                                 GtkSnapshot *snapshot)
{
  LinliFloorTableView *self = LINLI_FLOOR_TABLE_VIEW (widget);
  LinliFloorTable *t = self->table;
  gboolean dark = adw_style_manager_get_dark (adw_style_manager_get_default ());
  GdkRGBA ink, soft, accent, care, overdue, line;
  double cw = cell_w (self), ch = cell_h (self), radius = self->compact ? 1 : 2;
  graphene_rect_t visible;
  GdkRGBA line_solid;
  CellPalette palette;

  if (t == NULL)
    return;
  cell_palette_init (self, dark, &palette);
  gdk_rgba_parse (&ink, dark ? "#ffffff" : "#241f31");
  gdk_rgba_parse (&soft, dark ? "rgba(255,255,255,0.65)" : "rgba(36,31,49,0.6)");
  gdk_rgba_parse (&accent, dark ? "#78aeed" : "#1c71d8");
  gdk_rgba_parse (&line, dark ? "rgba(255,255,255,0.12)" : "rgba(0,0,0,0.12)");
  linli_map_care_color (&care);
  linli_map_squad_color (&overdue);
  gdk_rgba_parse (&line_solid, dark ? "#5e5c64" : "#d6d4d0");
  visible_area (self, &visible);

  /* Unit headers. */
  if (head_h (self) > 0)
    for (guint u = 0; u < t->units->len; u++)
      {
        LinliFloorUnit *unit = t->units->pdata[u];
        double x0 = column_x (self, unit->first_column);
        double x1 = column_x (self, unit->first_column + unit->n_columns - 1) + cw;
        PangoLayout *layout;
        int tw, th;

        if (u >= self->headers->len)
          g_ptr_array_set_size (self->headers, t->units->len);
        layout = self->headers->pdata[u];
        if (layout == NULL)
          {
            g_autofree char *name = unit->name && *unit->name ? g_strdup (unit->name)
                                                             : g_strdup_printf (_("Unit %d"), unit->number);

            layout = self->headers->pdata[u] = layout_new (self, name, self->compact ? 11 : 14, TRUE);
          }
        pango_layout_get_pixel_size (layout, &tw, &th);
        gtk_snapshot_save (snapshot);
        gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT ((x0 + x1 - tw) / 2, (head_h (self) - th) / 2 - 1));
        gtk_snapshot_append_layout (snapshot, layout, &ink);
        gtk_snapshot_restore (snapshot);
        gtk_snapshot_append_color (snapshot, &line, &GRAPHENE_RECT_INIT (x0, head_h (self) - 3, x1 - x0, 1));
      }

  /* Floors. */
  for (int r = 0; r < t->n_rows; r++)
    {
      PangoLayout *layout;
      int tw, th;

      if ((guint) r >= self->floors->len)
        g_ptr_array_set_size (self->floors, t->n_rows);
      layout = self->floors->pdata[r];
      if (layout == NULL)
        {
          /* Translators: a floor in the floor-by-room table; zh_CN: %d层 */
          g_autofree char *label = t->row_floors[r] == LINLI_FLOOR_UNKNOWN ? g_strdup ("?")
                                                                           : g_strdup_printf (self->compact ? "%d" : _("F%d"), t->row_floors[r]);
          layout = self->floors->pdata[r] = layout_new (self, label, self->compact ? 9 : 13, !self->compact);
        }
      if (self->compact && t->n_rows > 12 && r % 2 == 1 && r != t->n_rows - 1)
        continue;
      pango_layout_get_pixel_size (layout, &tw, &th);
      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (floor_w (self) - tw - 6, row_y (self, r) + (ch - th) / 2));
      gtk_snapshot_append_layout (snapshot, layout, &soft);
      gtk_snapshot_restore (snapshot);
    }

  /* Households. */
  for (guint i = 0; i < t->cells->len; i++)
    {
      LinliFloorCell *c = t->cells->pdata[i];
      double x = column_x (self, c->column), y = row_y (self, c->row);
      graphene_rect_t rect = GRAPHENE_RECT_INIT (x, y, cw, ch);
      GdkRGBA fill, cell_ink;
      gboolean selected = self->selected && g_str_equal (self->selected, c->id);
      gboolean hovered = c->row == self->hover_row && c->column == self->hover_column;

      /* Cells out of sight (the table scrolls) cost nothing. */
      if (!graphene_rect_intersection (&rect, &visible, NULL))
        continue;
      cell_colors (self, &palette, c, &fill, &cell_ink);
      if (hovered)
        linli_map_color_mix (&fill, &accent, 0.15, &fill);
      /* Square cells, as on the paper table: plain rectangles, the
       * cheapest thing to draw. */
      if (!self->compact)
        {
          gtk_snapshot_append_color (snapshot, &line_solid, &rect);
          gtk_snapshot_append_color (snapshot, &fill, &GRAPHENE_RECT_INIT (x + 1, y + 1, cw - 2, ch - 2));
        }
      else
        gtk_snapshot_append_color (snapshot, &fill, &rect);
      if ((self->layers & LINLI_MAP_LAYER_CARE) && c->care > 0)
        gtk_snapshot_append_color (snapshot, &care, self->compact ? &GRAPHENE_RECT_INIT (x, y, cw, 4)
                                                                  : &GRAPHENE_RECT_INIT (x + 1, y + 1, 5, ch - 2));

      if (!self->compact)
        {
          CellText *text = cell_text (self, c);

          gtk_snapshot_save (snapshot);
          gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x + 9, y + 5));
          gtk_snapshot_append_layout (snapshot, text->layout, &cell_ink);
          gtk_snapshot_restore (snapshot);
          if (c->follow_ups_open > 0)
            {
              GskRoundedRect dot;
              graphene_rect_t d = GRAPHENE_RECT_INIT (x + cw - 12, y + ch - 12, 7, 7);

              gsk_rounded_rect_init_from_rect (&dot, &d, 3.5);
              gtk_snapshot_push_rounded_clip (snapshot, &dot);
              gtk_snapshot_append_color (snapshot, c->follow_ups_overdue ? &care : &overdue, &d);
              gtk_snapshot_pop (snapshot);
            }
        }
      if (selected)
        append_border (snapshot, &GRAPHENE_RECT_INIT (x - 2, y - 2, cw + 4, ch + 4), radius + 2, self->compact ? 2 : 3, &accent);
      else if (c->row == self->focus_row && c->column == self->focus_column &&
               gtk_widget_has_visible_focus (widget))
        append_border (snapshot, &GRAPHENE_RECT_INIT (x - 2, y - 2, cw + 4, ch + 4), radius + 2, 2, &ink);
    }
  g_free (palette.cut);
}

static int
compact_width_for (LinliFloorTableView *self,
                   int                  cell)
{
  int saved = self->compact_w, w, h;

  self->compact_w = cell;
  table_size (self, &w, &h);
  self->compact_w = saved;
  return w;
}

static void
linli_floor_table_view_measure (GtkWidget      *widget,
                                GtkOrientation  orientation,
                                int             for_size,
                                int            *minimum,
                                int            *natural,
                                int            *minimum_baseline,
                                int            *natural_baseline)
{
  LinliFloorTableView *self = LINLI_FLOOR_TABLE_VIEW (widget);
  int w, h;

  table_size (self, &w, &h);
  if (orientation == GTK_ORIENTATION_HORIZONTAL && self->compact)
    {
      /* The front of a building narrows to the space it has. */
      *minimum = compact_width_for (self, 6);
      *natural = compact_width_for (self, COMPACT_W);
    }
  else
    *minimum = *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? w : h;
}

static void
linli_floor_table_view_size_allocate (GtkWidget *widget,
                                      int        width,
                                      int        height,
                                      int        baseline)
{
  LinliFloorTableView *self = LINLI_FLOOR_TABLE_VIEW (widget);

  if (self->compact && self->table != NULL)
    {
      int cell = COMPACT_W;

      while (cell > 6 && compact_width_for (self, cell) > width)
        cell--;
      self->compact_w = cell;
    }
}

static gboolean
linli_floor_table_view_query_tooltip (GtkWidget  *widget,
                                      int         x,
                                      int         y,
                                      gboolean    keyboard_mode,
                                      GtkTooltip *tooltip)
{
  LinliFloorTableView *self = LINLI_FLOOR_TABLE_VIEW (widget);
  LinliFloorCell *c;
  GString *s;
  int row, column;
  g_autofree char *room = NULL;

  if (keyboard_mode)
    {
      row = self->focus_row;
      column = self->focus_column;
    }
  else if (!cell_at (self, x, y, &row, &column))
    return FALSE;
  c = linli_floor_table_get (self->table, row, column);
  if (c == NULL)
    return FALSE;

  s = g_string_new (NULL);
  room = g_markup_escape_text (c->room, -1);
  g_string_append_printf (s, "<b>%s</b>", room);
  if (c->head_name)
    {
      g_autofree char *name = g_markup_escape_text (c->head_name, -1);
      g_string_append_printf (s, " %s", name);
    }
  g_string_append_c (s, '\n');
  g_string_append_printf (s, ngettext ("%d resident", "%d residents", c->residents), c->residents);
  for (guint bit = 0; bit < LINLI_N_MARKS; bit++)
    if (c->marks & (1u << bit))
      g_string_append_printf (s, " · %s", linli_mark_label (bit));
  g_string_append_c (s, '\n');
  if (c->last_visit)
    {
      g_autofree char *date = linli_format_date_iso (c->last_visit);
      /* Translators: %s is a date */
      g_string_append_printf (s, _("Last visited %s"), date ? date : c->last_visit);
    }
  else
    g_string_append (s, _("Never visited"));
  if (c->follow_ups_open > 0)
    {
      g_string_append_c (s, '\n');
      g_string_append_printf (s, ngettext ("%d follow-up to do", "%d follow-ups to do", c->follow_ups_open),
                              c->follow_ups_open);
    }
  gtk_tooltip_set_markup (tooltip, s->str);
  g_string_free (s, TRUE);
  return TRUE;
}

static void
on_click_released_cb (GtkGestureClick     *gesture,
                      int                  n_press,
                      double               x,
                      double               y,
                      LinliFloorTableView *self)
{
  int row, column, unit;
  LinliFloorCell *c;

  gtk_widget_grab_focus (GTK_WIDGET (self));
  unit = unit_header_at (self, x, y);
  if (unit >= 0)
    {
      g_signal_emit (self, signals[UNIT_ACTIVATED], 0, unit);
      return;
    }
  if (!cell_at (self, x, y, &row, &column))
    return;
  c = linli_floor_table_get (self->table, row, column);
  if (c == NULL)
    return;
  self->focus_row = row;
  self->focus_column = column;
  g_signal_emit (self, signals[HOUSEHOLD_ACTIVATED], 0, c->id);
}

static void
on_motion_cb (GtkEventControllerMotion *controller,
              double                    x,
              double                    y,
              LinliFloorTableView      *self)
{
  int row = -1, column = -1;

  if (!cell_at (self, x, y, &row, &column) || linli_floor_table_get (self->table, row, column) == NULL)
    row = column = -1;
  if (row != self->hover_row || column != self->hover_column)
    {
      self->hover_row = row;
      self->hover_column = column;
      gtk_widget_set_cursor_from_name (GTK_WIDGET (self), row >= 0 || unit_header_at (self, x, y) >= 0 ? "pointer" : NULL);
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
}

static void
on_leave_cb (GtkEventControllerMotion *controller,
             LinliFloorTableView      *self)
{
  self->hover_row = self->hover_column = -1;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* Moves the keyboard focus to the next household that way, skipping
 * rooms that are not homes. */
static gboolean
step_focus (LinliFloorTableView *self,
            int                  dr,
            int                  dc)
{
  int r = self->focus_row, c = self->focus_column;

  if (self->table == NULL || self->table->cells->len == 0)
    return FALSE;
  if (linli_floor_table_get (self->table, r, c) == NULL)
    {
      LinliFloorCell *first = self->table->cells->pdata[0];

      self->focus_row = first->row;
      self->focus_column = first->column;
      return TRUE;
    }
  for (;;)
    {
      r += dr;
      c += dc;
      if (r < 0 || r >= self->table->n_rows || c < 0 || c >= self->table->n_columns)
        return FALSE;
      if (linli_floor_table_get (self->table, r, c) != NULL)
        {
          self->focus_row = r;
          self->focus_column = c;
          return TRUE;
        }
    }
}

static void
scroll_to_focus (LinliFloorTableView *self)
{
  graphene_rect_t area;
  LinliFloorCell *c = linli_floor_table_get (self->table, self->focus_row, self->focus_column);
  GtkWidget *viewport = gtk_widget_get_parent (GTK_WIDGET (self));

  if (c == NULL || !GTK_IS_VIEWPORT (viewport) || !linli_floor_table_view_get_cell_area (self, c->id, &area))
    return;
  {
    GtkAdjustment *v = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (viewport));
    GtkAdjustment *h = gtk_scrollable_get_hadjustment (GTK_SCROLLABLE (viewport));

    gtk_adjustment_clamp_page (v, area.origin.y - 8, area.origin.y + area.size.height + 8);
    gtk_adjustment_clamp_page (h, area.origin.x - 8, area.origin.x + area.size.width + 8);
  }
}

static gboolean
on_key_pressed_cb (GtkEventControllerKey *controller,
                   guint                  keyval,
                   guint                  keycode,
                   GdkModifierType        state,
                   LinliFloorTableView   *self)
{
  gboolean moved;
  LinliFloorCell *c;

  if (state & (GDK_CONTROL_MASK | GDK_ALT_MASK))
    return FALSE;
  switch (keyval)
    {
    case GDK_KEY_Left: case GDK_KEY_KP_Left: moved = step_focus (self, 0, -1); break;
    case GDK_KEY_Right: case GDK_KEY_KP_Right: moved = step_focus (self, 0, 1); break;
    case GDK_KEY_Up: case GDK_KEY_KP_Up: moved = step_focus (self, -1, 0); break;
    case GDK_KEY_Down: case GDK_KEY_KP_Down: moved = step_focus (self, 1, 0); break;
    case GDK_KEY_Return:
    case GDK_KEY_KP_Enter:
    case GDK_KEY_ISO_Enter:
    case GDK_KEY_space:
      c = linli_floor_table_get (self->table, self->focus_row, self->focus_column);
      if (c == NULL)
        return FALSE;
      g_signal_emit (self, signals[HOUSEHOLD_ACTIVATED], 0, c->id);
      return TRUE;
    default:
      return FALSE;
    }
  if (moved)
    {
      scroll_to_focus (self);
      gtk_widget_trigger_tooltip_query (GTK_WIDGET (self));
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
  /* At an edge the arrow is still ours: the table keeps the focus. */
  return TRUE;
}

static void
on_focus_enter_cb (LinliFloorTableView *self)
{
  if (self->table != NULL && linli_floor_table_get (self->table, self->focus_row, self->focus_column) == NULL)
    step_focus (self, 0, 0);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
linli_floor_table_view_dispose (GObject *object)
{
  LinliFloorTableView *self = LINLI_FLOOR_TABLE_VIEW (object);

  g_clear_pointer (&self->texts, g_hash_table_unref);
  g_clear_pointer (&self->headers, g_ptr_array_unref);
  g_clear_pointer (&self->floors, g_ptr_array_unref);
  g_clear_pointer (&self->table, linli_floor_table_unref);
  g_clear_pointer (&self->selected, g_free);

  G_OBJECT_CLASS (linli_floor_table_view_parent_class)->dispose (object);
}

static void
linli_floor_table_view_class_init (LinliFloorTableViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = linli_floor_table_view_dispose;
  widget_class->snapshot = linli_floor_table_view_snapshot;
  widget_class->measure = linli_floor_table_view_measure;
  widget_class->size_allocate = linli_floor_table_view_size_allocate;
  widget_class->query_tooltip = linli_floor_table_view_query_tooltip;

  /**
   * LinliFloorTableView::household-activated:
   * @household_id: the household
   */
  signals[HOUSEHOLD_ACTIVATED] = g_signal_new ("household-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                               0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  /* A click on a unit's header: @unit is its index in the table. */
  signals[UNIT_ACTIVATED] = g_signal_new ("unit-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT);

  gtk_widget_class_set_css_name (widget_class, "linli-floor-table");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GRID);
}

/* The cells' text carries its colours: made again for the other theme. */
static void
on_dark_changed_cb (LinliFloorTableView *self)
{
  drop_texts (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
linli_floor_table_view_init (LinliFloorTableView *self)
{
  GtkEventController *controller;
  GtkGesture *gesture;

  self->texts = g_hash_table_new_full (NULL, NULL, NULL, cell_text_free);
  self->headers = g_ptr_array_new_with_free_func (g_object_unref);
  self->floors = g_ptr_array_new_with_free_func (g_object_unref);
  self->coverage_days = 7;
  self->compact_w = COMPACT_W;
  self->hover_row = self->hover_column = -1;
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Households floor by floor"), -1);
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (on_dark_changed_cb), self, G_CONNECT_SWAPPED);

  gesture = gtk_gesture_click_new ();
  g_signal_connect (gesture, "released", G_CALLBACK (on_click_released_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));

  controller = gtk_event_controller_motion_new ();
  g_signal_connect (controller, "motion", G_CALLBACK (on_motion_cb), self);
  g_signal_connect (controller, "leave", G_CALLBACK (on_leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  controller = gtk_event_controller_key_new ();
  g_signal_connect (controller, "key-pressed", G_CALLBACK (on_key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  controller = gtk_event_controller_focus_new ();
  g_signal_connect_swapped (controller, "enter", G_CALLBACK (on_focus_enter_cb), self);
  g_signal_connect_swapped (controller, "leave", G_CALLBACK (gtk_widget_queue_draw), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);
}

GtkWidget *
linli_floor_table_view_new (void)
{
  return g_object_new (LINLI_TYPE_FLOOR_TABLE_VIEW, NULL);
}

void
linli_floor_table_view_set_table (LinliFloorTableView *self,
                                  LinliFloorTable     *table)
{
  g_return_if_fail (LINLI_IS_FLOOR_TABLE_VIEW (self));

  if (table != NULL)
    linli_floor_table_ref (table);
  g_clear_pointer (&self->table, linli_floor_table_unref);
  self->table = table;
  drop_texts (self);
  if (self->table != NULL && linli_floor_table_get (self->table, self->focus_row, self->focus_column) == NULL)
    self->focus_row = self->focus_column = -1;
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

LinliFloorTable *
linli_floor_table_view_get_table (LinliFloorTableView *self)
{
  return self->table;
}

void
linli_floor_table_view_set_compact (LinliFloorTableView *self,
                                    gboolean             compact)
{
  self->compact = compact;
  drop_texts (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

void
linli_floor_table_view_set_layers (LinliFloorTableView *self,
                                   LinliMapLayers       layers,
                                   int                  coverage_days)
{
  self->layers = layers;
  self->coverage_days = coverage_days;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
linli_floor_table_view_set_selected (LinliFloorTableView *self,
                                     const char          *household_id)
{
  LinliFloorCell *c;

  g_free (self->selected);
  self->selected = g_strdup (household_id);
  if (self->table != NULL && (c = linli_floor_table_find (self->table, household_id)) != NULL)
    {
      self->focus_row = c->row;
      self->focus_column = c->column;
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * linli_floor_table_view_get_cell_area:
 *
 * Returns: %TRUE and where the household's cell is, in the widget
 */
gboolean
linli_floor_table_view_get_cell_area (LinliFloorTableView *self,
                                      const char          *household_id,
                                      graphene_rect_t     *area)
{
  LinliFloorCell *c;

  if (self->table == NULL || (c = linli_floor_table_find (self->table, household_id)) == NULL)
    return FALSE;
  graphene_rect_init (area, column_x (self, c->column), row_y (self, c->row), cell_w (self), cell_h (self));
  return TRUE;
}
