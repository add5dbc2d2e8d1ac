/* linli-map-style.c: the map's colours
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "linli-map"

#include "config.h"

#include "linli-map-style.h"

void
linli_map_color_parse (const char *hex,
                       double      alpha,
                       GdkRGBA    *rgba)
{
  if (hex == NULL || !gdk_rgba_parse (rgba, hex))
    gdk_rgba_parse (rgba, "#9a9996");
  rgba->alpha = alpha;
}

void
linli_map_color_mix (const GdkRGBA *a,
                     const GdkRGBA *b,
                     double         t,
                     GdkRGBA       *out)
{
  t = CLAMP (t, 0, 1);
  out->red = a->red + (b->red - a->red) * t;
  out->green = a->green + (b->green - a->green) * t;
  out->blue = a->blue + (b->blue - a->blue) * t;
  out->alpha = a->alpha + (b->alpha - a->alpha) * t;
}

/* Green when everyone was visited, through yellow, to red when nobody
 * was: the colours of a traffic light, which needs no legend to read. */
void
linli_map_coverage_color (double   share,
                          GdkRGBA *rgba)
{
  GdkRGBA green, yellow, red;

  gdk_rgba_parse (&green, "#57e389");
  gdk_rgba_parse (&yellow, "#f6d32d");
  gdk_rgba_parse (&red, "#e01b24");
  share = CLAMP (share, 0, 1);
  if (share < 0.5)
    linli_map_color_mix (&green, &yellow, share * 2, rgba);
  else
    linli_map_color_mix (&yellow, &red, (share - 0.5) * 2, rgba);
}

void
linli_map_heat_color (double   intensity,
                      GdkRGBA *rgba)
{
  GdkRGBA low, high;

  gdk_rgba_parse (&low, "rgba(255,190,111,0.0)");
  gdk_rgba_parse (&high, "rgba(230,60,0,0.62)");
  linli_map_color_mix (&low, &high, 0.25 + 0.75 * CLAMP (intensity, 0, 1), rgba);
}

void
linli_map_care_color (GdkRGBA *rgba)
{
  gdk_rgba_parse (rgba, "#c01c28");
}

void
linli_map_squad_color (GdkRGBA *rgba)
{
  gdk_rgba_parse (rgba, "#e66100");
}

void
linli_map_building_color (gboolean  dark,
                          GdkRGBA  *fill,
                          GdkRGBA  *border)
{
  gdk_rgba_parse (fill, dark ? "#5e5c64" : "#ddd5c7");
  gdk_rgba_parse (border, dark ? "#c0bfbc" : "#6f6454");
}
