/* linli-map-page.c: the pages of the Map view's sidebar
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "linli-map"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "linli-map-page.h"

typedef struct
{
  LinliMapSession *session;
  char            *id;
  gboolean         stale;
} LinliMapPagePrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (LinliMapPage, linli_map_page, ADW_TYPE_BIN)

static void
reload (LinliMapPage *self)
{
  LinliMapPagePrivate *priv = linli_map_page_get_instance_private (self);

  priv->stale = FALSE;
  if (priv->session != NULL && LINLI_MAP_PAGE_GET_CLASS (self)->reload)
    LINLI_MAP_PAGE_GET_CLASS (self)->reload (self);
}

/* Pages out of sight wait until they are shown again. */
static void
on_session_changed_cb (LinliMapPage *self)
{
  LinliMapPagePrivate *priv = linli_map_page_get_instance_private (self);

  if (priv->id == NULL)
    return;
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    reload (self);
  else
    priv->stale = TRUE;
}

static void
linli_map_page_map (GtkWidget *widget)
{
  LinliMapPagePrivate *priv = linli_map_page_get_instance_private (LINLI_MAP_PAGE (widget));

  GTK_WIDGET_CLASS (linli_map_page_parent_class)->map (widget);
  if (priv->stale)
    reload (LINLI_MAP_PAGE (widget));
}

static void
linli_map_page_dispose (GObject *object)
{
  LinliMapPagePrivate *priv = linli_map_page_get_instance_private (LINLI_MAP_PAGE (object));

  if (priv->session != NULL)
    g_signal_handlers_disconnect_by_data (priv->session, object);
  g_clear_object (&priv->session);
  g_clear_pointer (&priv->id, g_free);

  G_OBJECT_CLASS (linli_map_page_parent_class)->dispose (object);
}

static void
linli_map_page_class_init (LinliMapPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = linli_map_page_dispose;
  widget_class->map = linli_map_page_map;
}

static void
linli_map_page_init (LinliMapPage *self)
{
}

void
linli_map_page_set_session (LinliMapPage    *self,
                            LinliMapSession *session)
{
  LinliMapPagePrivate *priv = linli_map_page_get_instance_private (self);

  g_return_if_fail (LINLI_IS_MAP_PAGE (self));

  if (priv->session == session)
    return;
  if (priv->session != NULL)
    g_signal_handlers_disconnect_by_data (priv->session, self);
  g_set_object (&priv->session, session);
  g_clear_pointer (&priv->id, g_free);
  if (session != NULL)
    {
      g_signal_connect_object (session, "changed", G_CALLBACK (on_session_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (session, "layers-changed", G_CALLBACK (on_session_changed_cb), self, G_CONNECT_SWAPPED);
    }
}

LinliMapSession *
linli_map_page_get_session (LinliMapPage *self)
{
  LinliMapPagePrivate *priv = linli_map_page_get_instance_private (self);

  return priv->session;
}

/**
 * linli_map_page_show:
 * @id: the record the page shows
 */
void
linli_map_page_show (LinliMapPage *self,
                     const char   *id)
{
  LinliMapPagePrivate *priv = linli_map_page_get_instance_private (self);

  g_return_if_fail (LINLI_IS_MAP_PAGE (self));

  g_free (priv->id);
  priv->id = g_strdup (id);
  reload (self);
}

const char *
linli_map_page_get_id (LinliMapPage *self)
{
  LinliMapPagePrivate *priv = linli_map_page_get_instance_private (self);

  return priv->id;
}

LinliDb *
linli_map_page_get_db (LinliMapPage *self)
{
  LinliMapPagePrivate *priv = linli_map_page_get_instance_private (self);

  return priv->session ? linli_map_session_get_db (priv->session) : NULL;
}

const char *
linli_map_page_get_today (LinliMapPage *self)
{
  LinliMapPagePrivate *priv = linli_map_page_get_instance_private (self);

  return linli_map_session_get_today (priv->session);
}

/* Helpers ------------------------------------------------------------------------ */

void
linli_map_list_clear (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

/**
 * linli_map_nav_row:
 * @table: what the row opens
 *
 * Returns: (transfer floating): a row that opens a record when activated
 */
GtkWidget *
linli_map_nav_row (const char *title,
                   const char *subtitle,
                   const char *table,
                   const char *id)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL && *subtitle)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  g_object_set_data_full (G_OBJECT (row), "linli-table", g_strdup (table), g_free);
  g_object_set_data_full (G_OBJECT (row), "linli-id", g_strdup (id), g_free);
  return row;
}

/**
 * linli_map_list_append:
 *
 * Appends a row; rows that open a record get their arrow last, after
 * whatever was added to them.
 */
void
linli_map_list_append (GtkListBox *list,
                       GtkWidget  *row)
{
  if (g_object_get_data (G_OBJECT (row), "linli-table") != NULL)
    adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
  gtk_list_box_append (list, row);
}

static void
on_row_activated_cb (LinliMapPage  *self,
                     GtkListBoxRow *row,
                     GtkListBox    *list)
{
  const char *table = g_object_get_data (G_OBJECT (row), "linli-table");
  const char *id = g_object_get_data (G_OBJECT (row), "linli-id");
  LinliMapSession *session = linli_map_page_get_session (self);

  if (table != NULL && id != NULL && session != NULL)
    linli_map_session_open (session, table, id);
}

/* Rows made with linli_map_nav_row() open their record. */
void
linli_map_list_open_rows (GtkListBox   *list,
                          LinliMapPage *page)
{
  g_signal_connect_object (list, "row-activated", G_CALLBACK (on_row_activated_cb), page, G_CONNECT_SWAPPED);
}

/**
 * linli_map_pill:
 *
 * Returns: (transfer floating): a small rounded label
 */
GtkWidget *
linli_map_pill (const char *text,
                const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_widget_add_css_class (label, "linli-pill");
  if (css_class)
    gtk_widget_add_css_class (label, css_class);
  gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
  return label;
}

int
linli_map_age (const char *birth_date,
               const char *today)
{
  int by, bm, bd, ty, tm, td, age;

  if (birth_date == NULL || today == NULL ||
      sscanf (birth_date, "%d-%d-%d", &by, &bm, &bd) != 3 ||
      sscanf (today, "%d-%d-%d", &ty, &tm, &td) != 3)
    return -1;
  age = ty - by;
  if (tm < bm || (tm == bm && td < bd))
    age--;
  return age;
}

char *
linli_map_age_text (const char *birth_date,
                    const char *today)
{
  int age = linli_map_age (birth_date, today);

  if (age < 0)
    return NULL;
  /* Translators: a person's age; zh_CN: %d岁 */
  return g_strdup_printf (ngettext ("%d year old", "%d years old", age), age);
}

gboolean
linli_map_valid_date (const char *text)
{
  int y, m, d;
  char tail;

  return text != NULL && sscanf (text, "%4d-%2d-%2d%c", &y, &m, &d, &tail) == 3 &&
         g_date_valid_dmy (d, m, y) && strlen (text) == 10;
}

gboolean
linli_map_valid_time (const char *text)
{
  int h, m;
  char tail;

  return text != NULL && sscanf (text, "%2d:%2d%c", &h, &m, &tail) == 2 &&
         h >= 0 && h < 24 && m >= 0 && m < 60 && strlen (text) == 5;
}

void
linli_map_set_entry_error (GtkWidget *entry,
                           gboolean   error)
{
  if (error)
    gtk_widget_add_css_class (entry, "error");
  else
    gtk_widget_remove_css_class (entry, "error");
}

static void
draw_swatch (GtkDrawingArea *area,
             cairo_t        *cr,
             int             width,
             int             height,
             gpointer        data)
{
  GdkRGBA rgba;

  if (data == NULL || !gdk_rgba_parse (&rgba, data))
    gdk_rgba_parse (&rgba, "#9a9996");
  cairo_arc (cr, width / 2.0, height / 2.0, MIN (width, height) / 2.0 - 0.5, 0, 2 * G_PI);
  gdk_cairo_set_source_rgba (cr, &rgba);
  cairo_fill_preserve (cr);
  cairo_set_source_rgba (cr, 0, 0, 0, 0.35);
  cairo_set_line_width (cr, 1);
  cairo_stroke (cr);
}

/**
 * linli_map_swatch_new:
 * @color: (nullable): #rrggbb
 *
 * Returns: (transfer floating): a dot of a grid's colour
 */
GtkWidget *
linli_map_swatch_new (const char *color)
{
  GtkWidget *area = gtk_drawing_area_new ();

  gtk_drawing_area_set_content_width (GTK_DRAWING_AREA (area), 16);
  gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (area), 16);
  gtk_widget_set_valign (area, GTK_ALIGN_CENTER);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (area), draw_swatch, g_strdup (color), g_free);
  return area;
}
