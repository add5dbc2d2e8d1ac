/* linli-roster-grid.c: the week grid: service items down, dates across,
 * names in the cells
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each name is a button with what can be done to that place: check in
 * (attended, absent), swap with another name, remove. Empty places stand
 * out in red and offer the team's volunteers, those who keep every rule
 * first; a place that breaks a rule (made by hand anyway) stands out in
 * orange with the reason. Names can be dragged onto another cell (moved)
 * or onto another name (swapped). Every change is checked against the
 * generator's rules and warns before breaking one; removals and swaps
 * can be undone from a toast.
 *
 * The grid shows one period (a few weeks): its size is bounded by the
 * team's items and the dates of the period, so a plain GtkGrid fits.
 */

#define G_LOG_DOMAIN "linli-volunteers"

#include "config.h"

#include <glib/gi18n.h>

#include "linli-format.h"
#include "linli-roster.h"
#include "linli-roster-grid.h"
#include "linli-roster-time.h"
#include "linli-vol-util.h"

struct _LinliRosterGrid
{
  GtkWidget       parent_instance;

  LinliDb        *db;
  char           *team_id;
  guint32         from;
  guint32         to;
  char           *swap_source;
  guint           n_open;
  guint           n_conflicts;
  guint           n_shifts;

  GtkWidget      *box;
  GtkWidget      *swap_bar;
  GtkWidget      *swap_label;
  GtkWidget      *scroller;
  GtkWidget      *grid;
  GtkWidget      *empty;
};

G_DEFINE_FINAL_TYPE (LinliRosterGrid, linli_roster_grid, GTK_TYPE_WIDGET)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
changed (LinliRosterGrid *self)
{
  linli_roster_grid_reload (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

static char *
volunteer_name (LinliRosterGrid *self,
                const char      *volunteer_id)
{
  char *name = linli_db_query_string (self->db, NULL,
                                      "SELECT p.name FROM volunteer v JOIN person p ON p.id = v.person_id WHERE v.id = ?",
                                      "s", volunteer_id);

  return name ? name : g_strdup ("");
}

static char *
assignment_volunteer (LinliRosterGrid *self,
                      const char      *assignment_id)
{
  return linli_db_query_string (self->db, NULL, "SELECT volunteer_id FROM assignment WHERE id = ?",
                                "s", assignment_id);
}

static void
report_error (LinliRosterGrid *self,
              const char      *heading,
              GError          *error)
{
  if (error != NULL)
    linli_vol_error (GTK_WIDGET (self), heading, error);
}

/* Check-in --------------------------------------------------------------- */

static void
check_in_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  LinliRosterGrid *self = LINLI_ROSTER_GRID (widget);
  g_autoptr(GError) error = NULL;
  const char *id, *status;

  g_variant_get (parameter, "(&s&s)", &id, &status);
  if (!linli_roster_check_in (self->db, id, status, -1, &error))
    report_error (self, _("Cannot check in"), error);
  else
    changed (self);
}

static void
check_in_all_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  LinliRosterGrid *self = LINLI_ROSTER_GRID (widget);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(LinliQuery) q = linli_db_query (self->db, &error,
    "SELECT a.id FROM assignment a JOIN shift s ON s.id = a.shift_id WHERE s.team_id = ? AND s.date = ? "
    "AND s.deleted = 0 AND s.cancelled = 0 AND a.deleted = 0 AND a.status = 'planned'",
    "ss", self->team_id, g_variant_get_string (parameter, NULL));

  while (q != NULL && linli_query_next (q, &error))
    g_ptr_array_add (ids, linli_query_dup_string (q, 0));
  if (!linli_db_begin (self->db, &error))
    goto out;
  for (guint i = 0; i < ids->len && error == NULL; i++)
    linli_roster_check_in (self->db, ids->pdata[i], LINLI_ATTENDANCE_ATTENDED, -1, &error);
  if (error != NULL || !linli_db_commit (self->db, &error))
    linli_db_rollback (self->db);

out:
  if (error != NULL)
    report_error (self, _("Cannot check in"), error);
  changed (self);
}

/* Removing a place, with undo ---------------------------------------------- */

typedef struct
{
  LinliRosterGrid *self;
  char            *id;
} Undo;

static void
undo_free (gpointer data)
{
  Undo *undo = data;

  g_object_unref (undo->self);
  g_free (undo->id);
  g_free (undo);
}

static void
on_undo_remove_cb (AdwToast *toast,
                   Undo     *undo)
{
  g_autoptr(GError) error = NULL;

  if (!linli_db_undelete (undo->self->db, "assignment", undo->id, &error))
    report_error (undo->self, _("Cannot undo"), error);
  changed (undo->self);
}

static void
remove_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  LinliRosterGrid *self = LINLI_ROSTER_GRID (widget);
  const char *id = g_variant_get_string (parameter, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *volunteer = assignment_volunteer (self, id);
  g_autofree char *name = volunteer ? volunteer_name (self, volunteer) : g_strdup ("");
  g_autofree char *title = NULL;
  AdwToast *toast;
  Undo *undo;

  if (!linli_db_soft_delete (self->db, "assignment", id, &error))
    {
      report_error (self, _("Cannot remove"), error);
      return;
    }
  title = g_strdup_printf (_("%s taken off the roster"), name);
  toast = adw_toast_new (title);
  adw_toast_set_button_label (toast, _("_Undo"));
  undo = g_new0 (Undo, 1);
  undo->self = g_object_ref (self);
  undo->id = g_strdup (id);
  g_signal_connect_data (toast, "button-clicked", G_CALLBACK (on_undo_remove_cb), undo,
                         (GClosureNotify) (void (*) (void)) undo_free, 0);
  linli_vol_toast (GTK_WIDGET (self), toast);
  changed (self);
}

/* Placing, moving and swapping, checked first -------------------------------- */

typedef struct
{
  LinliRosterGrid *self;
  char            *a;
  char            *b;
} Pending;

static void
pending_free (gpointer data)
{
  Pending *p = data;

  g_object_unref (p->self);
  g_free (p->a);
  g_free (p->b);
  g_free (p);
}

static Pending *
pending_new (LinliRosterGrid *self,
             const char      *a,
             const char      *b)
{
  Pending *p = g_new0 (Pending, 1);

  p->self = g_object_ref (self);
  p->a = g_strdup (a);
  p->b = g_strdup (b);
  return p;
}

static void
do_place (gpointer data)
{
  Pending *p = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = linli_roster_place (p->self->db, p->a, p->b, &error);

  if (id == NULL)
    report_error (p->self, _("Cannot put on the roster"), error);
  changed (p->self);
}

static void
place_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  LinliRosterGrid *self = LINLI_ROSTER_GRID (widget);
  g_autoptr(GError) error = NULL;
  const char *shift, *volunteer;
  LinliRosterRule rules;

  g_variant_get (parameter, "(&s&s)", &shift, &volunteer);
  rules = linli_roster_check_place (self->db, shift, volunteer, NULL, &error);
  if (error != NULL)
    {
      report_error (self, _("Cannot put on the roster"), error);
      return;
    }
  if (rules != LINLI_RULE_OK)
    {
      g_autofree char *name = volunteer_name (self, volunteer);
      g_autofree char *body = linli_roster_rules_describe (rules, name);

      linli_vol_confirm (GTK_WIDGET (self), _("This Breaks a Rule"), body, _("Put on _Anyway"),
                         do_place, pending_new (self, shift, volunteer), pending_free);
      return;
    }
  {
    Pending *now = pending_new (self, shift, volunteer);

    do_place (now);
    pending_free (now);
  }
}

static void
do_move (gpointer data)
{
  Pending *p = data;
  g_autoptr(GError) error = NULL;

  if (!linli_roster_move_to_shift (p->self->db, p->a, p->b, &error))
    report_error (p->self, _("Cannot move"), error);
  changed (p->self);
}

static void
move_to_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  LinliRosterGrid *self = LINLI_ROSTER_GRID (widget);
  g_autoptr(GError) error = NULL;
  const char *assignment, *shift;
  g_autofree char *volunteer = NULL;
  LinliRosterRule rules;

  g_variant_get (parameter, "(&s&s)", &assignment, &shift);
  volunteer = assignment_volunteer (self, assignment);
  if (volunteer == NULL)
    return;
  rules = linli_roster_check_place (self->db, shift, volunteer, (const char *[]) { assignment, NULL }, &error);
  if (error == NULL && rules != LINLI_RULE_OK)
    {
      g_autofree char *name = volunteer_name (self, volunteer);
      g_autofree char *body = linli_roster_rules_describe (rules, name);

      linli_vol_confirm (GTK_WIDGET (self), _("This Breaks a Rule"), body, _("_Move Anyway"),
                         do_move, pending_new (self, assignment, shift), pending_free);
      return;
    }
  {
    Pending *now = pending_new (self, assignment, shift);

    do_move (now);
    pending_free (now);
  }
}

static void
set_swap_source (LinliRosterGrid *self,
                 const char      *id)
{
  g_free (self->swap_source);
  self->swap_source = g_strdup (id);
  gtk_widget_set_visible (self->swap_bar, id != NULL);
  if (id != NULL)
    {
      g_autofree char *volunteer = assignment_volunteer (self, id);
      g_autofree char *name = volunteer ? volunteer_name (self, volunteer) : g_strdup ("");
      g_autofree char *text = g_strdup_printf (_("Click the name to swap %s with"), name);

      gtk_label_set_text (GTK_LABEL (self->swap_label), text);
    }
  linli_roster_grid_reload (self);
}

static void
on_undo_swap_cb (AdwToast *toast,
                 Pending  *p)
{
  g_autoptr(GError) error = NULL;

  if (!linli_roster_swap (p->self->db, p->a, p->b, &error))
    report_error (p->self, _("Cannot undo"), error);
  changed (p->self);
}

static void
do_swap (gpointer data)
{
  Pending *p = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *va = assignment_volunteer (p->self, p->a);
  g_autofree char *vb = assignment_volunteer (p->self, p->b);
  g_autofree char *na = va ? volunteer_name (p->self, va) : NULL;
  g_autofree char *nb = vb ? volunteer_name (p->self, vb) : NULL;
  g_autofree char *title = NULL;
  AdwToast *toast;

  if (!linli_roster_swap (p->self->db, p->a, p->b, &error))
    {
      report_error (p->self, _("Cannot swap"), error);
      changed (p->self);
      return;
    }
  title = g_strdup_printf (_("%s and %s swapped"), na ? na : "", nb ? nb : "");
  toast = adw_toast_new (title);
  adw_toast_set_button_label (toast, _("_Undo"));
  g_signal_connect_data (toast, "button-clicked", G_CALLBACK (on_undo_swap_cb),
                         pending_new (p->self, p->a, p->b),
                         (GClosureNotify) (void (*) (void)) pending_free, 0);
  linli_vol_toast (GTK_WIDGET (p->self), toast);
  changed (p->self);
}

static void
swap (LinliRosterGrid *self,
      const char      *a,
      const char      *b)
{
  g_autoptr(GError) error = NULL;
  LinliRosterRule ra = 0, rb = 0;

  if (g_strcmp0 (a, b) == 0)
    return;
  if (!linli_roster_check_swap (self->db, a, b, &ra, &rb, &error))
    {
      report_error (self, _("Cannot swap"), error);
      return;
    }
  if (ra != LINLI_RULE_OK || rb != LINLI_RULE_OK)
    {
      g_autofree char *va = assignment_volunteer (self, a);
      g_autofree char *vb = assignment_volunteer (self, b);
      g_autofree char *na = volunteer_name (self, va);
      g_autofree char *nb = volunteer_name (self, vb);
      g_autofree char *ta = linli_roster_rules_describe (ra, nb);
      g_autofree char *tb = linli_roster_rules_describe (rb, na);
      g_autofree char *body = g_strdup_printf ("%s%s%s", ta, *ta && *tb ? "\n" : "", tb);

      linli_vol_confirm (GTK_WIDGET (self), _("This Breaks a Rule"), body, _("_Swap Anyway"),
                         do_swap, pending_new (self, a, b), pending_free);
      return;
    }
  {
    Pending *now = pending_new (self, a, b);

    do_swap (now);
    pending_free (now);
  }
}

static void
swap_start_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  set_swap_source (LINLI_ROSTER_GRID (widget), g_variant_get_string (parameter, NULL));
}

static void
swap_cancel_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  set_swap_source (LINLI_ROSTER_GRID (widget), NULL);
}

static void
swap_with_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  LinliRosterGrid *self = LINLI_ROSTER_GRID (widget);
  g_autofree char *source = g_strdup (self->swap_source);

  if (source == NULL)
    return;
  g_free (self->swap_source);
  self->swap_source = NULL;
  gtk_widget_set_visible (self->swap_bar, FALSE);
  swap (self, source, g_variant_get_string (parameter, NULL));
  linli_roster_grid_reload (self);
}

static void
walk_in_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  LinliRosterGrid *self = LINLI_ROSTER_GRID (widget);
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  const char *shift, *volunteer;

  g_variant_get (parameter, "(&s&s)", &shift, &volunteer);
  id = linli_roster_walk_in (self->db, shift, volunteer, -1, &error);
  if (id == NULL)
    report_error (self, _("Cannot record the walk-in"), error);
  changed (self);
}

/* Drag and drop ----------------------------------------------------------- */

static GdkContentProvider *
on_drag_prepare_cb (GtkDragSource *source,
                    double         x,
                    double         y,
                    const char    *id)
{
  g_autofree char *text = g_strconcat ("assignment:", id, NULL);

  return gdk_content_provider_new_typed (G_TYPE_STRING, text);
}

static gboolean
on_drop_cb (GtkDropTarget *target,
            const GValue  *value,
            double         x,
            double         y,
            GtkWidget     *cell)
{
  LinliRosterGrid *self = LINLI_ROSTER_GRID (gtk_widget_get_ancestor (cell, LINLI_TYPE_ROSTER_GRID));
  const char *text = g_value_get_string (value);
  const char *shift = g_object_get_data (G_OBJECT (cell), "shift");
  const char *onto = g_object_get_data (G_OBJECT (cell), "assignment");

  if (self == NULL || text == NULL)
    return FALSE;
  if (g_str_has_prefix (text, "assignment:"))
    {
      if (onto != NULL)
        swap (self, text + strlen ("assignment:"), onto);
      else if (shift != NULL)
        gtk_widget_activate_action (GTK_WIDGET (self), "roster.move-to", "(ss)", text + strlen ("assignment:"), shift);
      return TRUE;
    }
  if (g_str_has_prefix (text, "volunteer:") && shift != NULL)
    {
      gtk_widget_activate_action (GTK_WIDGET (self), "roster.place", "(ss)", shift, text + strlen ("volunteer:"));
      return TRUE;
    }
  return FALSE;
}

static void
add_drop_target (GtkWidget  *widget,
                 const char *shift,
                 const char *assignment)
{
  GtkDropTarget *target = gtk_drop_target_new (G_TYPE_STRING, GDK_ACTION_MOVE);

  if (shift)
    g_object_set_data_full (G_OBJECT (widget), "shift", g_strdup (shift), g_free);
  if (assignment)
    g_object_set_data_full (G_OBJECT (widget), "assignment", g_strdup (assignment), g_free);
  g_signal_connect (target, "drop", G_CALLBACK (on_drop_cb), widget);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (target));
}

/* Building the grid ---------------------------------------------------------- */

static void
on_chip_pressed_cb (GtkGestureClick *gesture,
                    int              n_press,
                    double           x,
                    double           y,
                    GtkWidget       *chip)
{
  LinliRosterGrid *self = LINLI_ROSTER_GRID (gtk_widget_get_ancestor (chip, LINLI_TYPE_ROSTER_GRID));

  /* While swapping, a click picks the other name instead of opening
   * the name's menu. */
  if (self == NULL || self->swap_source == NULL)
    return;
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  gtk_widget_activate_action (GTK_WIDGET (self), "roster.swap-with", "s",
                              (const char *) g_object_get_data (G_OBJECT (chip), "assignment"));
}

static GtkWidget *
make_chip (LinliRosterGrid *self,
           const char      *id,
           const char      *name,
           const char      *status,
           gboolean         manual,
           const char      *problem)
{
  GtkWidget *button = gtk_menu_button_new ();
  GtkWidget *label = gtk_label_new (name);
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GMenu) day = g_menu_new ();
  g_autoptr(GMenu) change = g_menu_new ();
  g_autoptr(GString) tip = g_string_new (name);
  GtkDragSource *drag = gtk_drag_source_new ();
  GtkGesture *click = gtk_gesture_click_new ();
  GMenuItem *item;

#define ADD(menu_, text, action, target) G_STMT_START { \
    item = g_menu_item_new (text, NULL); \
    g_menu_item_set_action_and_target_value (item, action, target); \
    g_menu_append_item (menu_, item); g_object_unref (item); } G_STMT_END

  if (g_strcmp0 (status, LINLI_ATTENDANCE_PLANNED) == 0)
    {
      ADD (day, _("Came"), "roster.check-in", g_variant_new ("(ss)", id, LINLI_ATTENDANCE_ATTENDED));
      ADD (day, _("Did not come"), "roster.check-in", g_variant_new ("(ss)", id, LINLI_ATTENDANCE_ABSENT));
      ADD (change, _("Swap With…"), "roster.swap-start", g_variant_new_string (id));
      ADD (change, _("Take Off the Roster"), "roster.remove", g_variant_new_string (id));
    }
  else
    {
      ADD (day, _("Undo Check-in"), "roster.check-in", g_variant_new ("(ss)", id, LINLI_ATTENDANCE_PLANNED));
      if (g_strcmp0 (status, LINLI_ATTENDANCE_WALK_IN) == 0)
        ADD (change, _("Take Off the Roster"), "roster.remove", g_variant_new_string (id));
    }
#undef ADD
  g_menu_append_section (menu, NULL, G_MENU_MODEL (day));
  g_menu_append_section (menu, NULL, G_MENU_MODEL (change));
  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (button), G_MENU_MODEL (menu));
  gtk_menu_button_set_child (GTK_MENU_BUTTON (button), label);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);

  gtk_widget_add_css_class (button, "linli-chip");
  if (manual)
    {
      gtk_widget_add_css_class (button, "manual");
      g_string_append_printf (tip, " · %s", _("placed by hand"));
    }
  if (g_strcmp0 (status, LINLI_ATTENDANCE_ATTENDED) == 0)
    {
      gtk_widget_add_css_class (button, "attended");
      g_string_append_printf (tip, " · %s", _("came"));
    }
  else if (g_strcmp0 (status, LINLI_ATTENDANCE_ABSENT) == 0)
    {
      gtk_widget_add_css_class (button, "absent");
      g_string_append_printf (tip, " · %s", _("did not come"));
    }
  else if (g_strcmp0 (status, LINLI_ATTENDANCE_WALK_IN) == 0)
    {
      gtk_widget_add_css_class (button, "walk-in");
      g_string_append_printf (tip, " · %s", _("came without being on the roster"));
    }
  if (problem != NULL && *problem)
    {
      gtk_widget_add_css_class (button, "conflict");
      g_string_append_printf (tip, "\n%s", problem);
    }
  if (g_strcmp0 (self->swap_source, id) == 0)
    gtk_widget_add_css_class (button, "swap-source");
  gtk_widget_set_tooltip_text (button, tip->str);
  g_object_set_data_full (G_OBJECT (button), "assignment", g_strdup (id), g_free);

  g_signal_connect_data (drag, "prepare", G_CALLBACK (on_drag_prepare_cb), g_strdup (id),
                         (GClosureNotify) (void (*) (void)) g_free, 0);
  gtk_widget_add_controller (button, GTK_EVENT_CONTROLLER (drag));
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (click), GTK_PHASE_CAPTURE);
  g_signal_connect (click, "pressed", G_CALLBACK (on_chip_pressed_cb), button);
  gtk_widget_add_controller (button, GTK_EVENT_CONTROLLER (click));
  add_drop_target (button, NULL, id);
  return button;
}

typedef struct
{
  LinliRosterGrid *self;
  char            *shift;
  gboolean         walk_in;
} PopupData;

static void
popup_data_free (gpointer data)
{
  PopupData *d = data;

  g_free (d->shift);
  g_free (d);
}

/* The team's volunteers for an open place (those who keep every rule
 * first), or for a walk-in (everyone, by name). */
static void
create_candidates_popup (GtkMenuButton *button,
                         gpointer       user_data)
{
  PopupData *d = user_data;
  LinliRosterGrid *self = d->self;
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *list = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *heading = gtk_label_new (d->walk_in ? _("Who came without being on the roster?")
                                                 : _("Who can take this place?"));
  g_autoptr(GPtrArray) good = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) other = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(LinliQuery) q = linli_db_query (self->db, NULL,
    "SELECT v.id, p.name FROM team_member m JOIN volunteer v ON v.person_id = m.person_id AND v.deleted = 0 "
    "JOIN person p ON p.id = m.person_id WHERE m.team_id = ? AND m.deleted = 0 AND m.left_on IS NULL "
    "AND v.active = 1 AND v.id NOT IN (SELECT volunteer_id FROM assignment WHERE shift_id = ? AND deleted = 0) "
    "GROUP BY v.person_id ORDER BY p.name", "ss", self->team_id, d->shift);

  gtk_widget_add_css_class (heading, "heading");
  gtk_widget_set_margin_bottom (heading, 6);
  gtk_box_append (GTK_BOX (list), heading);
  while (q != NULL && linli_query_next (q, NULL))
    {
      const char *vid = linli_query_get_string (q, 0);
      GtkWidget *row = gtk_button_new ();
      GtkWidget *label = gtk_label_new (linli_query_get_string (q, 1));
      LinliRosterRule rules = d->walk_in ? LINLI_RULE_OK
                              : linli_roster_check_place (self->db, d->shift, vid, NULL, NULL) & ~LINLI_RULE_FULL;

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_button_set_child (GTK_BUTTON (row), label);
      gtk_widget_add_css_class (row, "flat");
      gtk_actionable_set_action_target_value (GTK_ACTIONABLE (row), g_variant_new ("(ss)", d->shift, vid));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (row), d->walk_in ? "roster.walk-in" : "roster.place");
      if (rules != LINLI_RULE_OK)
        {
          g_autofree char *why = linli_roster_rules_describe (rules, linli_query_get_string (q, 1));

          gtk_widget_add_css_class (label, "dim-label");
          gtk_widget_set_tooltip_text (row, why);
          g_ptr_array_add (other, g_object_ref_sink (row));
        }
      else
        g_ptr_array_add (good, g_object_ref_sink (row));
    }
  for (guint i = 0; i < good->len; i++)
    gtk_box_append (GTK_BOX (list), good->pdata[i]);
  if (other->len > 0)
    {
      GtkWidget *sep = gtk_label_new (_("These would break a rule:"));

      gtk_widget_add_css_class (sep, "caption");
      gtk_widget_add_css_class (sep, "dim-label");
      gtk_widget_set_margin_top (sep, 6);
      gtk_box_append (GTK_BOX (list), sep);
    }
  for (guint i = 0; i < other->len; i++)
    gtk_box_append (GTK_BOX (list), other->pdata[i]);
  if (good->len + other->len == 0)
    gtk_box_append (GTK_BOX (list), gtk_label_new (_("Nobody else in the team")));

  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), list);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scroller), 420);
  gtk_popover_set_child (GTK_POPOVER (popover), scroller);
  gtk_menu_button_set_popover (button, popover);
}

static GtkWidget *
make_open_place (LinliRosterGrid *self,
                 const char      *shift,
                 guint            missing)
{
  GtkWidget *button = gtk_menu_button_new ();
  g_autofree char *text = missing > 1 ? g_strdup_printf (_("%u open"), missing) : g_strdup (_("Open"));
  PopupData *d = g_new0 (PopupData, 1);

  d->self = self;
  d->shift = g_strdup (shift);
  gtk_menu_button_set_child (GTK_MENU_BUTTON (button), gtk_label_new (text));
  gtk_menu_button_set_create_popup_func (GTK_MENU_BUTTON (button), create_candidates_popup, d, popup_data_free);
  gtk_widget_add_css_class (button, "linli-open");
  gtk_widget_set_tooltip_text (button, _("Nobody on this place yet: click to choose someone, or drag a name here"));
  add_drop_target (button, shift, NULL);
  return button;
}

static GtkWidget *
make_walk_in (LinliRosterGrid *self,
              const char      *shift)
{
  GtkWidget *button = gtk_menu_button_new ();
  PopupData *d = g_new0 (PopupData, 1);

  d->self = self;
  d->shift = g_strdup (shift);
  d->walk_in = TRUE;
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (button), "list-add-symbolic");
  gtk_menu_button_set_create_popup_func (GTK_MENU_BUTTON (button), create_candidates_popup, d, popup_data_free);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_add_css_class (button, "linli-walk-in-button");
  gtk_widget_set_tooltip_text (button, _("Someone came without being on the roster"));
  gtk_widget_set_halign (button, GTK_ALIGN_START);
  return button;
}

typedef struct
{
  char *id;
  char *date;
  guint needed;
  gboolean cancelled;
  char *note;
} CellShift;

static void
cell_shift_free (gpointer data)
{
  CellShift *c = data;

  g_free (c->id);
  g_free (c->date);
  g_free (c->note);
  g_free (c);
}

static GtkWidget *
date_header (LinliRosterGrid *self,
             const char      *date)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
  GtkWidget *label;
  GtkWidget *button = gtk_button_new_from_icon_name ("object-select-symbolic");
  guint32 jd = linli_roster_parse_date (date);
  g_autoptr(GDateTime) dt = g_date_time_new_local (linli_roster_year_of (jd), linli_roster_month_of (jd),
                                                   jd - linli_roster_month_start (jd) + 1, 0, 0, 0);
  g_autofree char *day = g_date_time_format (dt, C_("roster column", "%b %-d"));
  g_autofree char *text = g_strdup_printf ("%s\n%s", day, linli_weekday_name ((GDateWeekday) linli_roster_weekday (jd)));

  label = gtk_label_new (text);
  gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_CENTER);
  gtk_widget_add_css_class (label, "heading");
  gtk_widget_set_hexpand (label, TRUE);
  gtk_box_append (GTK_BOX (box), label);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, _("Everyone on the roster this day came"));
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), g_variant_new_string (date));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "roster.check-in-all");
  gtk_box_append (GTK_BOX (box), button);
  gtk_widget_add_css_class (box, "linli-roster-header");
  if (jd == linli_roster_today ())
    gtk_widget_add_css_class (box, "today");
  return box;
}

static int
compare_dates (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(char * const *) a, *(char * const *) b);
}

void
linli_roster_grid_reload (LinliRosterGrid *self)
{
  g_autoptr(GPtrArray) row_keys = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) row_labels = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) dates = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) cells = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, cell_shift_free);
  g_autoptr(GHashTable) people = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *from = NULL, *to = NULL;
  g_autoptr(GHashTable) times = g_hash_table_new (g_str_hash, g_str_equal);
  GtkWidget *child;

  g_return_if_fail (LINLI_IS_ROSTER_GRID (self));

  while ((child = gtk_widget_get_first_child (self->grid)) != NULL)
    gtk_grid_remove (GTK_GRID (self->grid), child);
  self->n_open = self->n_conflicts = self->n_shifts = 0;
  if (self->db == NULL || self->team_id == NULL || self->from == 0)
    return;

  from = linli_roster_format_date (self->from);
  to = linli_roster_format_date (self->to);

  {
    g_autoptr(LinliQuery) q = linli_db_query (self->db, NULL,
      "SELECT s.id, s.date, s.start_time, s.end_time, s.needed, s.cancelled, coalesce (i.name, sp.name, ''), "
      "coalesce (s.service_item_id, ''), s.note FROM shift s LEFT JOIN service_item i ON i.id = s.service_item_id "
      "LEFT JOIN shift_pattern sp ON sp.id = s.pattern_id "
      "WHERE s.team_id = ? AND s.deleted = 0 AND s.date BETWEEN ? AND ? "
      "ORDER BY s.start_time, coalesce (i.position, 0), i.name, s.date", "sss", self->team_id, from, to);

    while (q != NULL && linli_query_next (q, NULL))
      {
        g_autofree char *key = g_strdup_printf ("%s|%s", linli_query_get_string (q, 7), linli_query_get_string (q, 2));
        CellShift *c = g_new0 (CellShift, 1);
        const char *date = linli_query_get_string (q, 1);
        guint k;

        if (!g_ptr_array_find_with_equal_func (row_keys, key, g_str_equal, NULL))
          {
            g_ptr_array_add (row_keys, g_strdup (key));
            g_ptr_array_add (row_labels, g_strdup_printf ("%s\t%s–%s", linli_query_get_string (q, 6),
                                                          linli_query_get_string (q, 2), linli_query_get_string (q, 3)));
          }
        g_hash_table_add (times, (gpointer) g_intern_string (linli_query_get_string (q, 2)));
        if (!g_ptr_array_find_with_equal_func (dates, date, g_str_equal, &k))
          g_ptr_array_add (dates, g_strdup (date));
        c->id = linli_query_dup_string (q, 0);
        c->date = g_strdup (date);
        c->needed = (guint) MAX (linli_query_get_int (q, 4), 0);
        c->cancelled = linli_query_get_int (q, 5) != 0;
        c->note = linli_query_dup_string (q, 8);
        g_hash_table_insert (cells, g_strdup_printf ("%s@%s", key, date), c);
        if (!c->cancelled)
          self->n_shifts++;
      }
  }
  g_ptr_array_sort (dates, compare_dates);

  gtk_widget_set_visible (self->empty, dates->len == 0);
  gtk_widget_set_visible (self->scroller, dates->len > 0);
  if (dates->len == 0)
    return;

  /* The corner and the dates. */
  {
    GtkWidget *corner = gtk_label_new (_("Service item"));

    gtk_widget_add_css_class (corner, "heading");
    gtk_widget_add_css_class (corner, "linli-roster-header");
    gtk_label_set_xalign (GTK_LABEL (corner), 0);
    gtk_grid_attach (GTK_GRID (self->grid), corner, 0, 0, 1, 1);
  }
  for (guint d = 0; d < dates->len; d++)
    gtk_grid_attach (GTK_GRID (self->grid), date_header (self, dates->pdata[d]), (int) d + 1, 0, 1, 1);

  for (guint r = 0; r < row_keys->len; r++)
    {
      g_auto(GStrv) parts = g_strsplit (row_labels->pdata[r], "\t", 2);
      GtkWidget *head = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
      GtkWidget *name = gtk_label_new (*parts[0] ? parts[0] : _("Shift"));

      gtk_label_set_xalign (GTK_LABEL (name), 0);
      gtk_label_set_wrap (GTK_LABEL (name), TRUE);
      gtk_widget_add_css_class (name, "heading");
      gtk_box_append (GTK_BOX (head), name);
      /* The hours only when the team has shifts at several times. */
      if (g_hash_table_size (times) > 1 || !*parts[0])
        {
          GtkWidget *hours = gtk_label_new (parts[1]);

          gtk_label_set_xalign (GTK_LABEL (hours), 0);
          gtk_widget_add_css_class (hours, "caption");
          gtk_widget_add_css_class (hours, "dim-label");
          gtk_box_append (GTK_BOX (head), hours);
        }
      gtk_widget_add_css_class (head, "linli-roster-rowhead");
      gtk_grid_attach (GTK_GRID (self->grid), head, 0, (int) r + 1, 1, 1);

      for (guint d = 0; d < dates->len; d++)
        {
          g_autofree char *key = g_strdup_printf ("%s@%s", (char *) row_keys->pdata[r], (char *) dates->pdata[d]);
          CellShift *c = g_hash_table_lookup (cells, key);
          GtkWidget *cell = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
          guint present = 0;

          gtk_widget_add_css_class (cell, "linli-roster-cell");
          gtk_grid_attach (GTK_GRID (self->grid), cell, (int) d + 1, (int) r + 1, 1, 1);
          if (c == NULL)
            continue;
          if (c->cancelled)
            {
              GtkWidget *label = gtk_label_new (_("No service"));

              gtk_widget_add_css_class (label, "dim-label");
              gtk_widget_set_tooltip_text (label, c->note);
              gtk_box_append (GTK_BOX (cell), label);
              continue;
            }
          add_drop_target (cell, c->id, NULL);

          {
            g_autoptr(LinliQuery) q = linli_db_query (self->db, NULL,
              "SELECT a.id, a.volunteer_id, a.manual, a.status, p.name FROM assignment a "
              "JOIN volunteer v ON v.id = a.volunteer_id JOIN person p ON p.id = v.person_id "
              "WHERE a.shift_id = ? AND a.deleted = 0 ORDER BY a.status = 'walk_in', p.name, a.id", "s", c->id);

            while (q != NULL && linli_query_next (q, NULL))
              {
                const char *id = linli_query_get_string (q, 0);
                const char *status = linli_query_get_string (q, 3);
                g_autofree char *problem = NULL;

                if (g_strcmp0 (status, LINLI_ATTENDANCE_PLANNED) == 0)
                  {
                    LinliRosterRule rules = linli_roster_check_place (self->db, c->id, linli_query_get_string (q, 1),
                                                                      (const char *[]) { id, NULL }, NULL);

                    /* Over the head count is not a conflict of the person. */
                    rules &= ~LINLI_RULE_FULL;
                    if (rules != LINLI_RULE_OK)
                      {
                        problem = linli_roster_rules_describe (rules, linli_query_get_string (q, 4));
                        self->n_conflicts++;
                      }
                  }
                if (g_strcmp0 (status, LINLI_ATTENDANCE_ABSENT) != 0)
                  present++;
                gtk_box_append (GTK_BOX (cell), make_chip (self, id, linli_query_get_string (q, 4), status,
                                                           linli_query_get_int (q, 2) != 0, problem));
                g_hash_table_add (people, linli_query_dup_string (q, 1));
              }
          }
          if (present < c->needed)
            {
              gtk_box_append (GTK_BOX (cell), make_open_place (self, c->id, c->needed - present));
              self->n_open += c->needed - present;
            }
          gtk_box_append (GTK_BOX (cell), make_walk_in (self, c->id));
        }
    }
}

void
linli_roster_grid_set_team (LinliRosterGrid *self,
                            LinliDb         *db,
                            const char      *team_id)
{
  g_return_if_fail (LINLI_IS_ROSTER_GRID (self));

  g_set_object (&self->db, db);
  g_free (self->team_id);
  self->team_id = g_strdup (team_id);
  g_clear_pointer (&self->swap_source, g_free);
  gtk_widget_set_visible (self->swap_bar, FALSE);
  linli_roster_grid_reload (self);
}

void
linli_roster_grid_set_period (LinliRosterGrid *self,
                              guint32          from,
                              guint32          to)
{
  g_return_if_fail (LINLI_IS_ROSTER_GRID (self));

  self->from = from;
  self->to = to;
  linli_roster_grid_reload (self);
}

guint
linli_roster_grid_get_n_open (LinliRosterGrid *self)
{
  return self->n_open;
}

guint
linli_roster_grid_get_n_conflicts (LinliRosterGrid *self)
{
  return self->n_conflicts;
}

guint
linli_roster_grid_get_n_shifts (LinliRosterGrid *self)
{
  return self->n_shifts;
}

const char *
linli_roster_grid_get_swap_source (LinliRosterGrid *self)
{
  return self->swap_source;
}

static void
linli_roster_grid_dispose (GObject *object)
{
  LinliRosterGrid *self = LINLI_ROSTER_GRID (object);

  g_clear_pointer (&self->box, gtk_widget_unparent);
  g_clear_object (&self->db);
  g_clear_pointer (&self->team_id, g_free);
  g_clear_pointer (&self->swap_source, g_free);

  G_OBJECT_CLASS (linli_roster_grid_parent_class)->dispose (object);
}

static void
linli_roster_grid_class_init (LinliRosterGridClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = linli_roster_grid_dispose;

  /**
   * LinliRosterGrid::changed:
   *
   * The roster was changed from the grid: the team's other views (the
   * empty places, the timeline, the hours) show it anew.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "linli-roster-grid");

  gtk_widget_class_install_action (widget_class, "roster.check-in", "(ss)", check_in_action);
  gtk_widget_class_install_action (widget_class, "roster.check-in-all", "s", check_in_all_action);
  gtk_widget_class_install_action (widget_class, "roster.remove", "s", remove_action);
  gtk_widget_class_install_action (widget_class, "roster.place", "(ss)", place_action);
  gtk_widget_class_install_action (widget_class, "roster.move-to", "(ss)", move_to_action);
  gtk_widget_class_install_action (widget_class, "roster.swap-start", "s", swap_start_action);
  gtk_widget_class_install_action (widget_class, "roster.swap-with", "s", swap_with_action);
  gtk_widget_class_install_action (widget_class, "roster.swap-cancel", NULL, swap_cancel_action);
  gtk_widget_class_install_action (widget_class, "roster.walk-in", "(ss)", walk_in_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "roster.swap-cancel", NULL);
}

static void
linli_roster_grid_init (LinliRosterGrid *self)
{
  GtkWidget *cancel;

  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));

  self->swap_bar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_widget_add_css_class (self->swap_bar, "linli-swap-bar");
  self->swap_label = gtk_label_new (NULL);
  gtk_widget_set_hexpand (self->swap_label, TRUE);
  gtk_label_set_xalign (GTK_LABEL (self->swap_label), 0);
  cancel = gtk_button_new_with_mnemonic (_("_Cancel"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (cancel), "roster.swap-cancel");
  gtk_box_append (GTK_BOX (self->swap_bar), self->swap_label);
  gtk_box_append (GTK_BOX (self->swap_bar), cancel);
  gtk_widget_set_visible (self->swap_bar, FALSE);
  gtk_box_append (GTK_BOX (self->box), self->swap_bar);

  self->grid = gtk_grid_new ();
  gtk_grid_set_column_spacing (GTK_GRID (self->grid), 0);
  gtk_grid_set_row_spacing (GTK_GRID (self->grid), 0);
  gtk_widget_add_css_class (self->grid, "linli-roster-table");
  self->scroller = gtk_scrolled_window_new ();
  gtk_widget_set_vexpand (self->scroller, TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->scroller), self->grid);
  gtk_box_append (GTK_BOX (self->box), self->scroller);

  self->empty = adw_status_page_new ();
  adw_status_page_set_icon_name (ADW_STATUS_PAGE (self->empty), "x-office-calendar-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (self->empty), _("No Shifts in These Weeks"));
  adw_status_page_set_description (ADW_STATUS_PAGE (self->empty),
                                   _("Give the team its service items and times under “Items and Times”, then generate the roster."));
  gtk_widget_set_vexpand (self->empty, TRUE);
  gtk_box_append (GTK_BOX (self->box), self->empty);
}

GtkWidget *
linli_roster_grid_new (void)
{
  return g_object_new (LINLI_TYPE_ROSTER_GRID, NULL);
}
