/* linli-map-legend.c: what the colours of the layers mean
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "linli-map"

#include "config.h"

#include <glib/gi18n.h>

#include "linli-map-legend.h"
#include "linli-map-style.h"

struct _LinliMapLegend
{
  GtkWidget       parent_instance;

  GtkWidget      *box;
  GtkWidget      *coverage;
  GtkLabel       *coverage_title;
  GtkDrawingArea *coverage_ramp;
  GtkWidget      *care;
  GtkDrawingArea *care_sample;
  GtkWidget      *squad;
  GtkDrawingArea *squad_sample;
  GtkWidget      *heat;
  GtkDrawingArea *heat_sample;
};

G_DEFINE_FINAL_TYPE (LinliMapLegend, linli_map_legend, GTK_TYPE_WIDGET)

static void
draw_ramp (GtkDrawingArea *area,
           cairo_t        *cr,
           int             width,
           int             height,
           gpointer        data)
{
  cairo_pattern_t *p = cairo_pattern_create_linear (0, 0, width, 0);
  GdkRGBA c;

  for (int i = 0; i <= 4; i++)
    {
      linli_map_coverage_color (i / 4.0, &c);
      cairo_pattern_add_color_stop_rgb (p, i / 4.0, c.red, c.green, c.blue);
    }
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_set_source (cr, p);
  cairo_fill (cr);
  cairo_pattern_destroy (p);
}

static void
draw_care (GtkDrawingArea *area,
           cairo_t        *cr,
           int             width,
           int             height,
           gpointer        data)
{
  GdkRGBA c;

  cairo_set_source_rgb (cr, 0.86, 0.84, 0.79);
  cairo_rectangle (cr, 0, 6, width - 6, height - 6);
  cairo_fill (cr);
  linli_map_care_color (&c);
  gdk_cairo_set_source_rgba (cr, &c);
  cairo_arc (cr, width - 6, 6, 6, 0, 2 * G_PI);
  cairo_fill (cr);
}

static void
draw_squad (GtkDrawingArea *area,
            cairo_t        *cr,
            int             width,
            int             height,
            gpointer        data)
{
  GdkRGBA c;

  cairo_set_source_rgb (cr, 0.86, 0.84, 0.79);
  cairo_rectangle (cr, 3, 4, width - 6, height - 8);
  cairo_fill (cr);
  linli_map_squad_color (&c);
  gdk_cairo_set_source_rgba (cr, &c);
  cairo_set_line_width (cr, 3);
  cairo_rectangle (cr, 1.5, 2.5, width - 3, height - 5);
  cairo_stroke (cr);
}

static void
draw_heat (GtkDrawingArea *area,
           cairo_t        *cr,
           int             width,
           int             height,
           gpointer        data)
{
  cairo_pattern_t *p = cairo_pattern_create_radial (width / 2.0, height / 2.0, 0, width / 2.0, height / 2.0, width / 2.0);
  GdkRGBA c;

  linli_map_heat_color (1, &c);
  cairo_pattern_add_color_stop_rgba (p, 0, c.red, c.green, c.blue, c.alpha);
  cairo_pattern_add_color_stop_rgba (p, 1, c.red, c.green, c.blue, 0);
  cairo_set_source (cr, p);
  cairo_paint (cr);
  cairo_pattern_destroy (p);
}

/**
 * linli_map_legend_set_layers:
 *
 * Shows the keys of the layers that are on; the legend hides itself
 * when none is.
 */
void
linli_map_legend_set_layers (LinliMapLegend *self,
                             LinliMapLayers  layers,
                             int             coverage_days)
{
  g_autofree char *title = g_strdup_printf (_("Households visited in the last %d days"), coverage_days);

  gtk_label_set_label (self->coverage_title, title);
  gtk_widget_set_visible (self->coverage, (layers & LINLI_MAP_LAYER_COVERAGE) != 0);
  gtk_widget_set_visible (self->care, (layers & LINLI_MAP_LAYER_CARE) != 0);
  gtk_widget_set_visible (self->squad, (layers & LINLI_MAP_LAYER_SQUAD) != 0);
  gtk_widget_set_visible (self->heat, (layers & LINLI_MAP_LAYER_HEAT) != 0);
  gtk_widget_set_visible (GTK_WIDGET (self), layers != 0);
}

static void
linli_map_legend_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), LINLI_TYPE_MAP_LEGEND);

  G_OBJECT_CLASS (linli_map_legend_parent_class)->dispose (object);
}

static void
linli_map_legend_class_init (LinliMapLegendClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = linli_map_legend_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/linli/Linli/map/linli-map-legend.ui");
  gtk_widget_class_bind_template_child (widget_class, LinliMapLegend, box);
  gtk_widget_class_bind_template_child (widget_class, LinliMapLegend, coverage);
  gtk_widget_class_bind_template_child (widget_class, LinliMapLegend, coverage_title);
  gtk_widget_class_bind_template_child (widget_class, LinliMapLegend, coverage_ramp);
  gtk_widget_class_bind_template_child (widget_class, LinliMapLegend, care);
  gtk_widget_class_bind_template_child (widget_class, LinliMapLegend, care_sample);
  gtk_widget_class_bind_template_child (widget_class, LinliMapLegend, squad);
  gtk_widget_class_bind_template_child (widget_class, LinliMapLegend, squad_sample);
  gtk_widget_class_bind_template_child (widget_class, LinliMapLegend, heat);
  gtk_widget_class_bind_template_child (widget_class, LinliMapLegend, heat_sample);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "linli-map-legend");
}

static void
linli_map_legend_init (LinliMapLegend *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_drawing_area_set_draw_func (self->coverage_ramp, draw_ramp, NULL, NULL);
  gtk_drawing_area_set_draw_func (self->care_sample, draw_care, NULL, NULL);
  gtk_drawing_area_set_draw_func (self->squad_sample, draw_squad, NULL, NULL);
  gtk_drawing_area_set_draw_func (self->heat_sample, draw_heat, NULL, NULL);
  linli_map_legend_set_layers (self, 0, 7);
}
