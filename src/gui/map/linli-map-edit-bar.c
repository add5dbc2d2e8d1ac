/* linli-map-edit-bar.c: the toolbar of the map's edit mode
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "linli-map"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "linli-map-edit-bar.h"

struct _LinliMapEditBar
{
  GtkWidget        parent_instance;

  GtkWidget       *box;
  GtkToggleButton *select_button;
  GtkToggleButton *add_button;
  GtkToggleButton *grid_button;
  GtkToggleButton *plan_button;
  GtkWidget       *underlay_button;
  GtkRange        *opacity_scale;
  GtkSpinButton   *scale_spin;
  GtkSpinButton   *rotation_spin;
  GtkWidget       *remove_button;
  GtkLabel        *hint;
  gboolean         quiet;
};

G_DEFINE_FINAL_TYPE (LinliMapEditBar, linli_map_edit_bar, GTK_TYPE_WIDGET)

enum {
  TOOL_CHANGED,
  DONE,
  ARRANGE,
  CHOOSE_UNDERLAY,
  REMOVE_UNDERLAY,
  UNDERLAY_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char *
hint_for (LinliMapTool tool)
{
  switch (tool)
    {
    case LINLI_MAP_TOOL_ADD_BUILDING:
      return _("Click where the new building stands. It goes into the grid it is in.");
    case LINLI_MAP_TOOL_DRAW_GRID:
      return _("Click the corners of the new grid one by one; double-click, Enter or a click on the first corner finishes, Escape starts again.");
    case LINLI_MAP_TOOL_UNDERLAY:
      return _("Drag the plan until the buildings sit on their places in it.");
    case LINLI_MAP_TOOL_SELECT:
    default:
      return _("Drag a building to move it; its square handles resize it and the round one turns it (Shift: by 15°). Click a grid, then drag its corners; drag a middle dot for a new corner, right-click a corner to take it away.");
    }
}

static LinliMapTool
current_tool (LinliMapEditBar *self)
{
  if (gtk_toggle_button_get_active (self->add_button))
    return LINLI_MAP_TOOL_ADD_BUILDING;
  if (gtk_toggle_button_get_active (self->grid_button))
    return LINLI_MAP_TOOL_DRAW_GRID;
  if (gtk_toggle_button_get_active (self->plan_button))
    return LINLI_MAP_TOOL_UNDERLAY;
  return LINLI_MAP_TOOL_SELECT;
}

static void
on_tool_toggled_cb (LinliMapEditBar *self,
                    GtkToggleButton *button)
{
  if (!gtk_toggle_button_get_active (button))
    return;
  gtk_label_set_label (self->hint, hint_for (current_tool (self)));
  if (!self->quiet)
    g_signal_emit (self, signals[TOOL_CHANGED], 0, (int) current_tool (self));
}

void
linli_map_edit_bar_set_tool (LinliMapEditBar *self,
                             LinliMapTool     tool)
{
  GtkToggleButton *buttons[] = { self->select_button, self->add_button, self->grid_button, self->plan_button };

  self->quiet = TRUE;
  gtk_toggle_button_set_active (buttons[tool], TRUE);
  gtk_label_set_label (self->hint, hint_for (tool));
  self->quiet = FALSE;
}

/**
 * linli_map_edit_bar_set_underlay:
 *
 * Shows the plan's settings without telling anyone they changed.
 */
void
linli_map_edit_bar_set_underlay (LinliMapEditBar *self,
                                 gboolean         present,
                                 double           opacity,
                                 double           scale,
                                 double           rotation)
{
  self->quiet = TRUE;
  gtk_range_set_value (self->opacity_scale, opacity);
  gtk_spin_button_set_value (self->scale_spin, scale);
  gtk_spin_button_set_value (self->rotation_spin, rotation);
  gtk_widget_set_sensitive (GTK_WIDGET (self->opacity_scale), present);
  gtk_widget_set_sensitive (GTK_WIDGET (self->scale_spin), present);
  gtk_widget_set_sensitive (GTK_WIDGET (self->rotation_spin), present);
  gtk_widget_set_sensitive (self->remove_button, present);
  gtk_widget_set_sensitive (GTK_WIDGET (self->plan_button), present);
  self->quiet = FALSE;
}

static void
on_underlay_changed_cb (LinliMapEditBar *self)
{
  if (self->quiet)
    return;
  g_signal_emit (self, signals[UNDERLAY_CHANGED], 0, gtk_range_get_value (self->opacity_scale),
                 gtk_spin_button_get_value (self->scale_spin), gtk_spin_button_get_value (self->rotation_spin));
}

static void
on_choose_clicked_cb (LinliMapEditBar *self)
{
  gtk_menu_button_popdown (GTK_MENU_BUTTON (self->underlay_button));
  g_signal_emit (self, signals[CHOOSE_UNDERLAY], 0);
}

static void
on_remove_clicked_cb (LinliMapEditBar *self)
{
  gtk_menu_button_popdown (GTK_MENU_BUTTON (self->underlay_button));
  g_signal_emit (self, signals[REMOVE_UNDERLAY], 0);
}

static void
on_arrange_clicked_cb (LinliMapEditBar *self)
{
  g_signal_emit (self, signals[ARRANGE], 0);
}

static void
on_done_clicked_cb (LinliMapEditBar *self)
{
  g_signal_emit (self, signals[DONE], 0);
}

static void
linli_map_edit_bar_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), LINLI_TYPE_MAP_EDIT_BAR);

  G_OBJECT_CLASS (linli_map_edit_bar_parent_class)->dispose (object);
}

static void
linli_map_edit_bar_class_init (LinliMapEditBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = linli_map_edit_bar_dispose;

  signals[TOOL_CHANGED] = g_signal_new ("tool-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                        0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT);
  signals[DONE] = g_signal_new ("done", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[ARRANGE] = g_signal_new ("arrange", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[CHOOSE_UNDERLAY] = g_signal_new ("choose-underlay", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                           0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[REMOVE_UNDERLAY] = g_signal_new ("remove-underlay", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                           0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* @opacity, @scale (metres per pixel), @rotation (degrees) */
  signals[UNDERLAY_CHANGED] = g_signal_new ("underlay-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                            0, NULL, NULL, NULL, G_TYPE_NONE, 3,
                                            G_TYPE_DOUBLE, G_TYPE_DOUBLE, G_TYPE_DOUBLE);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/linli/Linli/map/linli-map-edit-bar.ui");
  gtk_widget_class_bind_template_child (widget_class, LinliMapEditBar, box);
  gtk_widget_class_bind_template_child (widget_class, LinliMapEditBar, select_button);
  gtk_widget_class_bind_template_child (widget_class, LinliMapEditBar, add_button);
  gtk_widget_class_bind_template_child (widget_class, LinliMapEditBar, grid_button);
  gtk_widget_class_bind_template_child (widget_class, LinliMapEditBar, plan_button);
  gtk_widget_class_bind_template_child (widget_class, LinliMapEditBar, underlay_button);
  gtk_widget_class_bind_template_child (widget_class, LinliMapEditBar, opacity_scale);
  gtk_widget_class_bind_template_child (widget_class, LinliMapEditBar, scale_spin);
  gtk_widget_class_bind_template_child (widget_class, LinliMapEditBar, rotation_spin);
  gtk_widget_class_bind_template_child (widget_class, LinliMapEditBar, remove_button);
  gtk_widget_class_bind_template_child (widget_class, LinliMapEditBar, hint);
  gtk_widget_class_bind_template_callback (widget_class, on_tool_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_underlay_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_choose_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_remove_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_arrange_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_done_clicked_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "linli-map-edit-bar");
}

static void
linli_map_edit_bar_init (LinliMapEditBar *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_label_set_label (self->hint, hint_for (LINLI_MAP_TOOL_SELECT));
  linli_map_edit_bar_set_underlay (self, FALSE, 0.5, 1, 0);
}
