/* linli-office-chart.c: bars of the street office's communities
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Horizontal bars, one per community, their parts stacked (projects by
 * stage, money by source), the total at the end of each bar, a legend
 * above when there is more than one part. Drawn with cairo and Pango.
 */

#define G_LOG_DOMAIN "linli-office-chart"

#include "config.h"

#include <math.h>

#include "linli-office-chart.h"

#define ROW_HEIGHT    30
#define BAR_HEIGHT    18
#define LEGEND_HEIGHT 28
#define GAP           12

struct _LinliOfficeChart
{
  GtkWidget               parent_instance;

  GPtrArray              *rows;      /* char * */
  GPtrArray              *series;    /* char * */
  GArray                 *values;    /* double */
  LinliOfficeChartFormat  format;
};

G_DEFINE_FINAL_TYPE (LinliOfficeChart, linli_office_chart, GTK_TYPE_WIDGET)

/* libadwaita's palette: blue, green, yellow, orange, purple, red. */
static const double palette[][3] = {
  { 0x35 / 255.0, 0x84 / 255.0, 0xe4 / 255.0 },
  { 0x33 / 255.0, 0xd1 / 255.0, 0x7a / 255.0 },
  { 0xf6 / 255.0, 0xd3 / 255.0, 0x2d / 255.0 },
  { 0xff / 255.0, 0x78 / 255.0, 0x00 / 255.0 },
  { 0x91 / 255.0, 0x41 / 255.0, 0xac / 255.0 },
  { 0xe0 / 255.0, 0x1b / 255.0, 0x24 / 255.0 },
};

GtkWidget *
linli_office_chart_new (void)
{
  return g_object_new (LINLI_TYPE_OFFICE_CHART, NULL);
}

void
linli_office_chart_set_data (LinliOfficeChart       *self,
                             const char * const     *rows,
                             guint                   n_rows,
                             const char * const     *series,
                             guint                   n_series,
                             const double           *values,
                             LinliOfficeChartFormat  format)
{
  g_return_if_fail (LINLI_IS_OFFICE_CHART (self));

  g_ptr_array_set_size (self->rows, 0);
  g_ptr_array_set_size (self->series, 0);
  g_array_set_size (self->values, 0);
  for (guint i = 0; i < n_rows; i++)
    g_ptr_array_add (self->rows, g_strdup (rows[i]));
  for (guint i = 0; i < n_series; i++)
    g_ptr_array_add (self->series, g_strdup (series[i]));
  g_array_append_vals (self->values, values, n_rows * n_series);
  self->format = format;

  gtk_widget_queue_resize (GTK_WIDGET (self));
}

static int
legend_height (LinliOfficeChart *self)
{
  return self->series->len > 1 ? LEGEND_HEIGHT : 0;
}

static void
linli_office_chart_measure (GtkWidget      *widget,
                            GtkOrientation  orientation,
                            int             for_size,
                            int            *minimum,
                            int            *natural,
                            int            *minimum_baseline,
                            int            *natural_baseline)
{
  LinliOfficeChart *self = LINLI_OFFICE_CHART (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 320;
      *natural = 640;
    }
  else
    *minimum = *natural = legend_height (self) + (int) MAX (self->rows->len, 1) * ROW_HEIGHT + 4;
}

static PangoLayout *
layout (GtkWidget  *widget,
        const char *text)
{
  PangoLayout *l = gtk_widget_create_pango_layout (widget, text);

  pango_layout_set_ellipsize (l, PANGO_ELLIPSIZE_END);
  return l;
}

static void
linli_office_chart_snapshot (GtkWidget   *widget,
                             GtkSnapshot *snapshot)
{
  LinliOfficeChart *self = LINLI_OFFICE_CHART (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  guint n_series = self->series->len;
  GdkRGBA fg;
  cairo_t *cr;
  double max_total = 0;
  int label_width = 0, value_width = 0;
  double x0, bar_width;
  int top = legend_height (self);

  if (self->rows->len == 0 || n_series == 0)
    return;

  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &fg);
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));

  for (guint r = 0; r < self->rows->len; r++)
    {
      g_autoptr(PangoLayout) l = layout (widget, self->rows->pdata[r]);
      g_autofree char *total_text = NULL;
      g_autoptr(PangoLayout) t = NULL;
      double total = 0;
      int w, h;

      for (guint s = 0; s < n_series; s++)
        total += g_array_index (self->values, double, r * n_series + s);
      max_total = MAX (max_total, total);
      pango_layout_get_pixel_size (l, &w, &h);
      label_width = MAX (label_width, w);

      total_text = self->format ? self->format (total) : g_strdup_printf ("%.0f", total);
      t = layout (widget, total_text);
      pango_layout_get_pixel_size (t, &w, &h);
      value_width = MAX (value_width, w);
    }
  label_width = MIN (label_width, width / 3);
  x0 = label_width + GAP;
  bar_width = MAX (width - x0 - value_width - GAP, 10);

  /* The legend. */
  if (n_series > 1)
    {
      double x = x0;

      for (guint s = 0; s < n_series; s++)
        {
          g_autoptr(PangoLayout) l = layout (widget, self->series->pdata[s]);
          int w, h;

          cairo_set_source_rgb (cr, palette[s % G_N_ELEMENTS (palette)][0],
                                palette[s % G_N_ELEMENTS (palette)][1], palette[s % G_N_ELEMENTS (palette)][2]);
          cairo_rectangle (cr, x, 6, 12, 12);
          cairo_fill (cr);
          pango_layout_get_pixel_size (l, &w, &h);
          cairo_move_to (cr, x + 16, 12 - h / 2.0);
          gdk_cairo_set_source_rgba (cr, &fg);
          pango_cairo_show_layout (cr, l);
          x += 16 + w + GAP;
        }
    }

  for (guint r = 0; r < self->rows->len; r++)
    {
      double y = top + r * ROW_HEIGHT;
      double x = x0;
      double total = 0;
      g_autoptr(PangoLayout) name = layout (widget, self->rows->pdata[r]);
      g_autoptr(PangoLayout) value = NULL;
      g_autofree char *total_text = NULL;
      int w, h;

      pango_layout_set_width (name, label_width * PANGO_SCALE);
      pango_layout_get_pixel_size (name, &w, &h);
      gdk_cairo_set_source_rgba (cr, &fg);
      cairo_move_to (cr, label_width - w, y + (ROW_HEIGHT - h) / 2.0);
      pango_cairo_show_layout (cr, name);

      for (guint s = 0; s < n_series; s++)
        {
          double v = g_array_index (self->values, double, r * n_series + s);
          double w_bar = max_total > 0 ? bar_width * v / max_total : 0;

          total += v;
          if (w_bar <= 0)
            continue;
          cairo_set_source_rgb (cr, palette[s % G_N_ELEMENTS (palette)][0],
                                palette[s % G_N_ELEMENTS (palette)][1], palette[s % G_N_ELEMENTS (palette)][2]);
          cairo_rectangle (cr, x, y + (ROW_HEIGHT - BAR_HEIGHT) / 2.0, w_bar, BAR_HEIGHT);
          cairo_fill (cr);
          x += w_bar;
        }

      total_text = self->format ? self->format (total) : g_strdup_printf ("%.0f", total);
      value = layout (widget, total_text);
      pango_layout_get_pixel_size (value, &w, &h);
      gdk_cairo_set_source_rgba (cr, &fg);
      cairo_move_to (cr, x + 6, y + (ROW_HEIGHT - h) / 2.0);
      pango_cairo_show_layout (cr, value);
    }

  cairo_destroy (cr);
}

static void
linli_office_chart_finalize (GObject *object)
{
  LinliOfficeChart *self = LINLI_OFFICE_CHART (object);

  g_ptr_array_unref (self->rows);
  g_ptr_array_unref (self->series);
  g_array_unref (self->values);

  G_OBJECT_CLASS (linli_office_chart_parent_class)->finalize (object);
}

static void
linli_office_chart_class_init (LinliOfficeChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = linli_office_chart_finalize;
  widget_class->measure = linli_office_chart_measure;
  widget_class->snapshot = linli_office_chart_snapshot;
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
linli_office_chart_init (LinliOfficeChart *self)
{
  self->rows = g_ptr_array_new_with_free_func (g_free);
  self->series = g_ptr_array_new_with_free_func (g_free);
  self->values = g_array_new (FALSE, TRUE, sizeof (double));
}
