/* linli-team-page.c: one team: its roster by week and by volunteer, its
 * members and the rules of its kind, its items and times
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "linli-volunteers"

#include "config.h"

#include <glib/gi18n.h>

#include "linli-format.h"
#include "linli-person-chooser.h"
#include "linli-roster.h"
#include "linli-roster-time.h"
#include "linli-shift-pattern.h"
#include "linli-team.h"
#include "linli-team-page.h"
#include "linli-vocab.h"
#include "linli-vol-item.h"
#include "linli-vol-util.h"

struct _LinliTeamPage
{
  GtkWidget            parent_instance;

  LinliDb             *db;
  char                *team_id;
  char                *community_id;
  char                *kind;
  guint32              from;
  guint                weeks;
  GListStore          *members;
  GPtrArray           *skill_ids;    /* by row of the item skill dropdown; NULL for none */
  guint                n_gaps;

  GtkWidget           *box;
  GtkLabel            *title_label;
  GtkLabel            *subtitle_label;
  GtkLabel            *status_label;
  GtkMenuButton       *generate_button;
  GtkLabel            *generate_label;
  GtkSpinButton       *weeks_spin;
  AdwViewStack        *stack;
  GtkLabel            *period_label;
  GtkLabel            *summary_label;
  LinliRosterGrid     *grid;
  GtkExpander         *gaps_expander;
  GtkListBox          *gaps_list;
  LinliRosterTimeline *timeline;
  GtkLabel            *members_label;
  GtkWidget           *suggest_box;
  GtkFlowBox          *suggest_flow;
  GtkColumnView       *members_view;
  GtkListBox          *items_list;
  GtkWidget           *item_name_entry;
  GtkDropDown         *item_skill_dropdown;
  GtkSpinButton       *item_needed_spin;
  GtkListBox          *patterns_list;
  GtkDropDown         *freq_dropdown;
  GtkDropDown         *nth_dropdown;
  GtkDropDown         *weekday_dropdown;
  GtkEntry            *start_entry;
  GtkEntry            *end_entry;
  GtkSpinButton       *pattern_needed_spin;
  GtkWidget           *pattern_needed_row;
  GtkListBox          *exceptions_list;
  GtkWidget           *exception_date_entry;
  GtkWidget           *exception_note_entry;
};

G_DEFINE_FINAL_TYPE (LinliTeamPage, linli_team_page, GTK_TYPE_WIDGET)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
changed (LinliTeamPage *self)
{
  linli_team_page_reload (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
clear_list (GtkListBox *list)
{
  GtkListBoxRow *row;

  /* Rows only: the placeholder stays. */
  while ((row = gtk_list_box_get_row_at_index (list, 0)) != NULL)
    gtk_list_box_remove (list, GTK_WIDGET (row));
}

static GtkWidget *
remove_button (const char *action,
               const char *id,
               const char *tooltip)
{
  GtkWidget *button = gtk_button_new_from_icon_name ("user-trash-symbolic");

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), g_variant_new_string (id));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  return button;
}

static char *
format_day (guint32 jd)
{
  g_autofree char *iso = linli_roster_format_date (jd);

  return linli_format_date_iso (iso);
}

/* A team with many shifts a week (daily rounds with many items) shows one
 * week at a time, so that the grid stays a few hundred names. */
#define MANY_SHIFTS_A_WEEK 24

static guint
weeks_to_show (LinliTeamPage *self,
               guint          wanted)
{
  g_autofree char *from = linli_roster_format_date (self->from);
  g_autofree char *to = linli_roster_format_date (self->from + 6);
  gint64 n = linli_db_query_int (self->db, NULL, "SELECT count(*) FROM shift WHERE team_id = ? AND deleted = 0 "
                                 "AND date BETWEEN ? AND ?", "sss", self->team_id, from, to);

  return n > MANY_SHIFTS_A_WEEK ? 1 : wanted;
}

/* Header and status ----------------------------------------------------------- */

static void
load_header (LinliTeamPage *self)
{
  g_autoptr(LinliQuery) q = linli_db_query (self->db, NULL,
    "SELECT t.name, t.kind, t.scope, CASE t.scope WHEN 'building' THEN (SELECT number FROM building WHERE id = t.scope_id) "
    "WHEN 'grid' THEN (SELECT name FROM grid WHERE id = t.scope_id) END, t.community_id "
    "FROM team t WHERE t.id = ?", "s", self->team_id);
  g_autoptr(LinliTeamStatus) status = linli_team_check (self->db, self->team_id, NULL);
  g_autoptr(GString) sub = g_string_new (NULL);

  if (q == NULL || !linli_query_next (q, NULL))
    return;
  gtk_label_set_text (self->title_label, linli_query_get_string (q, 0));
  g_free (self->kind);
  self->kind = linli_query_dup_string (q, 1);
  g_free (self->community_id);
  self->community_id = linli_query_dup_string (q, 4);
  g_string_append (sub, linli_vocab_label (LINLI_VOCAB_TEAM_KIND, self->kind));
  if (!linli_query_is_null (q, 3))
    {
      if (g_strcmp0 (linli_query_get_string (q, 2), "building") == 0)
        {
          g_string_append (sub, " · ");
          g_string_append_printf (sub, _("Building %s"), linli_query_get_string (q, 3));
        }
      else
        g_string_append_printf (sub, " · %s", linli_query_get_string (q, 3));
    }
  if (status != NULL)
    {
      g_string_append (sub, " · ");
      g_string_append_printf (sub, g_dngettext (GETTEXT_PACKAGE, "%u member", "%u members", status->n_members),
                              status->n_members);
    }
  gtk_label_set_text (self->subtitle_label, sub->str);

  gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "success");
  if (status == NULL || (status->complete && status->lacks->len == 0 && g_strcmp0 (self->kind, LINLI_TEAM_SQUAD119) != 0))
    gtk_widget_set_visible (GTK_WIDGET (self->status_label), FALSE);
  else if (status->complete)
    {
      gtk_label_set_text (self->status_label, _("Complete"));
      gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "success");
      gtk_widget_set_visible (GTK_WIDGET (self->status_label), TRUE);
    }
  else
    {
      g_autoptr(GString) lacks = g_string_new (NULL);
      g_autofree char *text = NULL;

      for (guint i = 0; i < status->lacks->len; i++)
        {
          LinliTeamLack *lack = g_ptr_array_index (status->lacks, i);

          if (i > 0)
            g_string_append (lacks, C_("list separator", "; "));
          g_string_append (lacks, lack->text);
        }
      text = g_strdup_printf (_("Incomplete: lacks %s"), lacks->str);
      gtk_label_set_text (self->status_label, text);
      gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "error");
      gtk_widget_set_visible (GTK_WIDGET (self->status_label), TRUE);
    }
}

/* The roster ---------------------------------------------------------------------- */

static void
load_gaps (LinliTeamPage *self)
{
  g_autofree char *from = linli_roster_format_date (self->from);
  g_autofree char *to = linli_roster_format_date (self->from + 7 * self->weeks - 1);
  g_autoptr(GPtrArray) gaps = linli_roster_explain (self->db, self->team_id, from, to, NULL);
  g_autofree char *title = NULL;
  guint missing = 0;

  clear_list (self->gaps_list);
  self->n_gaps = 0;
  for (guint i = 0; gaps != NULL && i < gaps->len; i++)
    {
      LinliRosterGapInfo *gap = g_ptr_array_index (gaps, i);
      g_autofree char *day = linli_format_date_iso (gap->date);
      g_autofree char *why = linli_roster_gap_describe (gap);
      g_autofree char *heading = NULL;
      GtkWidget *row = adw_action_row_new ();

      heading = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s %s–%s %s: %u place open",
                                              "%s %s–%s %s: %u places open", gap->missing),
                                 day, gap->start, gap->end, gap->item ? gap->item : "", gap->missing);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), heading);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), why);
      gtk_list_box_append (self->gaps_list, row);
      missing += gap->missing;
      self->n_gaps++;
    }
  title = missing == 0 ? g_strdup (_("Every place is taken"))
                       : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u place open, and why",
                                                       "%u places open, and why", missing), missing);
  gtk_expander_set_label (self->gaps_expander, title);
  gtk_widget_set_visible (GTK_WIDGET (self->gaps_expander), linli_roster_grid_get_n_shifts (self->grid) > 0);
}

static void
load_roster (LinliTeamPage *self)
{
  guint32 to = self->from + 7 * self->weeks - 1;
  g_autofree char *a = format_day (self->from);
  g_autofree char *b = format_day (to);
  g_autofree char *period = g_strdup_printf (_("%s to %s"), a, b);
  g_autofree char *summary = NULL;
  g_autofree char *generate = NULL;
  guint open, conflicts;

  gtk_label_set_text (self->period_label, period);
  linli_roster_grid_set_period (self->grid, self->from, to);
  linli_roster_timeline_set_period (self->timeline, self->from, to);

  open = linli_roster_grid_get_n_open (self->grid);
  conflicts = linli_roster_grid_get_n_conflicts (self->grid);
  if (conflicts > 0)
    summary = g_strdup_printf (_("%u open · %u breaking a rule"), open, conflicts);
  else
    summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u place open", "%u places open", open), open);
  gtk_label_set_text (self->summary_label, summary);
  gtk_widget_remove_css_class (GTK_WIDGET (self->summary_label), "warning");
  if (open > 0 || conflicts > 0)
    gtk_widget_add_css_class (GTK_WIDGET (self->summary_label), "warning");

  generate = g_strdup_printf (_("Fill the shifts from %s on, fairly: who can come, with the skill, within their limits, those who served least first. Places made by hand stay."), a);
  gtk_label_set_text (self->generate_label, generate);
  load_gaps (self);
}

static void
generate (LinliTeamPage *self,
          guint          weeks)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LinliRosterReport) report = NULL;
  g_autofree char *from = linli_roster_format_date (self->from);
  g_autofree char *to = linli_roster_format_date (self->from + 7 * weeks - 1);
  g_autofree char *text = NULL;

  report = linli_roster_generate (self->db, self->team_id, from, to, &error);
  if (report == NULL)
    {
      linli_vol_error (GTK_WIDGET (self), _("Cannot generate the roster"), error);
      return;
    }
  if (report->n_shifts == 0)
    text = g_strdup (_("No shifts in these weeks: give the team its times under “Items and Times”"));
  else
    /* Translators: weeks, places filled, places */
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u week generated: %u of %u places filled",
                                         "%u weeks generated: %u of %u places filled", weeks),
                            weeks, report->n_filled, report->n_places);
  linli_vol_toast (GTK_WIDGET (self), adw_toast_new (text));
  self->weeks = weeks_to_show (self, MIN (weeks, 8));
  gtk_menu_button_popdown (self->generate_button);
  changed (self);
  adw_view_stack_set_visible_child_name (self->stack, "roster");
}

static void
generate_weeks_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  LinliTeamPage *self = LINLI_TEAM_PAGE (widget);

  generate (self, (guint) gtk_spin_button_get_value_as_int (self->weeks_spin));
}

static void
generate_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  generate (LINLI_TEAM_PAGE (widget), (guint) MAX (g_variant_get_int32 (parameter), 1));
}

static void
earlier_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  LinliTeamPage *self = LINLI_TEAM_PAGE (widget);

  linli_team_page_set_period (self, self->from - 7 * self->weeks, self->weeks);
}

static void
later_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  LinliTeamPage *self = LINLI_TEAM_PAGE (widget);

  linli_team_page_set_period (self, self->from + 7 * self->weeks, self->weeks);
}

static void
this_week_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  LinliTeamPage *self = LINLI_TEAM_PAGE (widget);

  linli_team_page_set_period (self, linli_roster_today (), self->weeks);
}

static void
on_roster_changed_cb (LinliTeamPage *self)
{
  load_gaps (self);
  linli_roster_timeline_reload (self->timeline);
  load_roster (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

/* Members ------------------------------------------------------------------------------- */

static void
setup_remove_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 gpointer                  user_data)
{
  GtkWidget *button = gtk_button_new_from_icon_name ("user-trash-symbolic");

  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, _("Remove from the team"));
  /* A target first: the action takes a parameter. */
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), g_variant_new_string (""));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "team.remove-member");
  gtk_list_item_set_child (item, button);
}

static void
bind_remove_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                gpointer                  user_data)
{
  LinliVolItem *row = gtk_list_item_get_item (item);

  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (gtk_list_item_get_child (item)),
                                          g_variant_new_string (linli_vol_item_get_id (row)));
}

static void
load_members (LinliTeamPage *self)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(LinliQuery) q = linli_db_query (self->db, NULL,
    "SELECT m.id, p.name, m.role, b.number, u.number, h.room, p.title, p.phone, p.consent_publish, m.person_id, "
    "(SELECT v.id FROM volunteer v WHERE v.person_id = p.id AND v.deleted = 0 LIMIT 1) "
    "FROM team_member m JOIN person p ON p.id = m.person_id AND p.deleted = 0 "
    "LEFT JOIN household h ON h.id = p.household_id AND h.deleted = 0 "
    "LEFT JOIN unit u ON u.id = h.unit_id LEFT JOIN building b ON b.id = u.building_id "
    "WHERE m.team_id = ? AND m.deleted = 0 AND m.left_on IS NULL "
    "ORDER BY CASE m.role WHEN 'leader' THEN 0 WHEN 'party_backbone' THEN 1 WHEN 'sunk_cadre' THEN 2 "
    "WHEN 'building_resident' THEN 3 ELSE 4 END, p.name", "s", self->team_id);
  g_autofree char *count = NULL;
  GtkWidget *child;

  while (q != NULL && linli_query_next (q, NULL))
    {
      LinliVolItem *row = linli_vol_item_new (linli_query_get_string (q, 0));
      g_autofree char *where = linli_vol_address (linli_query_get_string (q, 3), linli_query_get_int (q, 4),
                                                  linli_query_get_string (q, 5), linli_query_get_string (q, 6));
      g_autofree char *phone = linli_vol_phone (linli_query_get_string (q, 7), linli_query_get_int (q, 8) != 0);

      linli_vol_item_set (row, "name", linli_query_get_string (q, 1));
      linli_vol_item_set (row, "role", linli_vocab_label (LINLI_VOCAB_TEAM_ROLE, linli_query_get_string (q, 2)));
      linli_vol_item_set (row, "where", where);
      linli_vol_item_set (row, "phone", phone);
      linli_vol_item_set (row, "person", linli_query_get_string (q, 9));
      linli_vol_item_set (row, "volunteer", linli_query_get_string (q, 10));
      g_ptr_array_add (items, row);
    }
  g_list_store_splice (self->members, 0, g_list_model_get_n_items (G_LIST_MODEL (self->members)),
                       items->pdata, items->len);
  count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u member", "%u members", items->len), items->len);
  gtk_label_set_text (self->members_label, count);

  /* Who could fill what the team lacks. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->suggest_flow))) != NULL)
    gtk_flow_box_remove (self->suggest_flow, child);
  {
    g_autoptr(GPtrArray) suggestions = linli_team_suggest (self->db, self->team_id, 4, NULL);

    for (guint i = 0; suggestions != NULL && i < suggestions->len; i++)
      {
        LinliTeamSuggestion *s = g_ptr_array_index (suggestions, i);
        g_autofree char *label = g_strdup_printf (_("%s as %s (%s)"), s->name,
                                                  linli_vocab_label (LINLI_VOCAB_TEAM_ROLE, s->role), s->detail);
        GtkWidget *button = gtk_button_new_with_label (label);

        gtk_widget_set_tooltip_text (button, _("Add to the team"));
        gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), g_variant_new ("(ss)", s->person_id, s->role));
        gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "team.add-suggested");
        gtk_flow_box_append (self->suggest_flow, button);
      }
    gtk_widget_set_visible (self->suggest_box, suggestions != NULL && suggestions->len > 0);
  }
}

static void
add_member (LinliTeamPage *self,
            const char    *person_id,
            const char    *role)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = linli_team_add_member (self->db, self->team_id, person_id, role, &error);

  if (id == NULL)
    {
      linli_vol_error (GTK_WIDGET (self), _("Cannot add to the team"), error);
      return;
    }
  changed (self);
}

static void
on_person_chosen_cb (LinliTeamPage *self,
                     const char    *person_id,
                     const char    *role)
{
  add_member (self, person_id, role);
}

static void
add_member_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  LinliTeamPage *self = LINLI_TEAM_PAGE (widget);
  const char *role = g_strcmp0 (self->kind, LINLI_TEAM_SQUAD119) == 0 ? "building_resident" : "volunteer";
  LinliPersonChooser *chooser = linli_person_chooser_new (linli_vol_toplevel (widget), self->db, self->community_id,
                                                          _("Add a Member"), TRUE, role);

  g_signal_connect_object (chooser, "chosen", G_CALLBACK (on_person_chosen_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (chooser));
}

static void
add_suggested_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  const char *person, *role;

  g_variant_get (parameter, "(&s&s)", &person, &role);
  add_member (LINLI_TEAM_PAGE (widget), person, role);
}

typedef struct
{
  LinliTeamPage *self;
  char          *table;
  char          *id;
} Undo;

static void
undo_free (gpointer data)
{
  Undo *u = data;

  g_object_unref (u->self);
  g_free (u->table);
  g_free (u->id);
  g_free (u);
}

static void
on_undo_cb (AdwToast *toast,
            Undo     *u)
{
  g_autoptr(GError) error = NULL;

  if (!linli_db_undelete (u->self->db, u->table, u->id, &error))
    linli_vol_error (GTK_WIDGET (u->self), _("Cannot undo"), error);
  changed (u->self);
}

/* Soft-deletes a row and offers to undo it in a toast. */
static void
remove_with_undo (LinliTeamPage *self,
                  const char    *table,
                  const char    *id,
                  const char    *message)
{
  g_autoptr(GError) error = NULL;
  AdwToast *toast;
  Undo *u;

  if (!linli_db_soft_delete (self->db, table, id, &error))
    {
      linli_vol_error (GTK_WIDGET (self), _("Cannot remove"), error);
      return;
    }
  toast = adw_toast_new (message);
  adw_toast_set_button_label (toast, _("_Undo"));
  u = g_new0 (Undo, 1);
  u->self = g_object_ref (self);
  u->table = g_strdup (table);
  u->id = g_strdup (id);
  g_signal_connect_data (toast, "button-clicked", G_CALLBACK (on_undo_cb), u,
                         (GClosureNotify) (void (*) (void)) undo_free, 0);
  linli_vol_toast (GTK_WIDGET (self), toast);
  changed (self);
}

static void
remove_member_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  LinliTeamPage *self = LINLI_TEAM_PAGE (widget);
  const char *id = g_variant_get_string (parameter, NULL);
  g_autofree char *name = linli_db_query_string (self->db, NULL,
                                                 "SELECT p.name FROM team_member m JOIN person p ON p.id = m.person_id "
                                                 "WHERE m.id = ?", "s", id);
  g_autofree char *message = g_strdup_printf (_("%s left the team"), name ? name : "");

  remove_with_undo (self, "team_member", id, message);
}

/* Items, times, days off ------------------------------------------------------------ */

static void
load_setup (LinliTeamPage *self)
{
  g_autoptr(GtkStringList) skills = gtk_string_list_new (NULL);

  clear_list (self->items_list);
  {
    g_autoptr(LinliQuery) q = linli_db_query (self->db, NULL,
      "SELECT i.id, i.name, k.name, i.needed FROM service_item i LEFT JOIN skill k ON k.id = i.skill_id "
      "WHERE i.team_id = ? AND i.deleted = 0 ORDER BY i.position, i.name", "s", self->team_id);

    while (q != NULL && linli_query_next (q, NULL))
      {
        GtkWidget *row = adw_action_row_new ();
        g_autofree char *sub = linli_query_is_null (q, 2)
          ? g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d person a shift", "%d people a shift",
                                          (gulong) linli_query_get_int (q, 3)), (int) linli_query_get_int (q, 3))
          : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Needs %s · %d person a shift", "Needs %s · %d people a shift",
                                          (gulong) linli_query_get_int (q, 3)),
                             linli_query_get_string (q, 2), (int) linli_query_get_int (q, 3));

        adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), linli_query_get_string (q, 1));
        adw_action_row_set_subtitle (ADW_ACTION_ROW (row), sub);
        adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove_button ("team.remove-item", linli_query_get_string (q, 0),
                                                                        _("Remove this item")));
        gtk_list_box_append (self->items_list, row);
      }
  }

  clear_list (self->patterns_list);
  {
    g_autoptr(LinliQuery) q = linli_db_query (self->db, NULL,
      "SELECT id, rrule, dtstart, until, start_time, end_time, needed FROM shift_pattern "
      "WHERE team_id = ? AND deleted = 0 ORDER BY dtstart, start_time", "s", self->team_id);

    while (q != NULL && linli_query_next (q, NULL))
      {
        GtkWidget *row = adw_action_row_new ();
        g_autofree char *when = linli_shift_pattern_describe (linli_query_get_string (q, 1));
        g_autofree char *title = g_strdup_printf ("%s %s–%s", when, linli_query_get_string (q, 4), linli_query_get_string (q, 5));
        g_autofree char *since = linli_format_date_iso (linli_query_get_string (q, 2));
        g_autofree char *sub = g_strdup_printf (_("From %s"), since ? since : linli_query_get_string (q, 2));

        adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
        adw_action_row_set_subtitle (ADW_ACTION_ROW (row), sub);
        adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove_button ("team.remove-pattern", linli_query_get_string (q, 0),
                                                                        _("Remove this time")));
        gtk_list_box_append (self->patterns_list, row);
      }
  }

  clear_list (self->exceptions_list);
  {
    g_autoptr(LinliQuery) q = linli_db_query (self->db, NULL,
      "SELECT min (e.id), e.date, e.note FROM shift_exception e JOIN shift_pattern p ON p.id = e.pattern_id "
      "WHERE p.team_id = ? AND p.deleted = 0 AND e.deleted = 0 GROUP BY e.date ORDER BY e.date", "s", self->team_id);

    while (q != NULL && linli_query_next (q, NULL))
      {
        GtkWidget *row = adw_action_row_new ();
        g_autofree char *day = linli_format_date_iso (linli_query_get_string (q, 1));

        adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), day ? day : linli_query_get_string (q, 1));
        adw_action_row_set_subtitle (ADW_ACTION_ROW (row), linli_query_get_string (q, 2) ? linli_query_get_string (q, 2) : "");
        adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove_button ("team.remove-exception", linli_query_get_string (q, 1),
                                                                        _("Serve on this day after all")));
        gtk_list_box_append (self->exceptions_list, row);
      }
  }

  /* Nothing to generate before the team has times; a squad, which turns
   * out when called, usually has none. */
  {
    gboolean has_times = gtk_list_box_get_row_at_index (self->patterns_list, 0) != NULL;

    gtk_widget_set_sensitive (GTK_WIDGET (self->generate_button), has_times);
    gtk_widget_set_tooltip_text (GTK_WIDGET (self->generate_button),
                                 has_times ? NULL : _("Give the team its times under “Items and Times” first"));
  }

  /* A head count for the shift only matters when there are no items. */
  gtk_widget_set_visible (self->pattern_needed_row,
                          gtk_list_box_get_row_at_index (self->items_list, 0) == NULL);

  /* The skills an item may need. */
  g_ptr_array_set_size (self->skill_ids, 0);
  gtk_string_list_append (skills, _("No particular skill"));
  g_ptr_array_add (self->skill_ids, NULL);
  {
    g_autoptr(LinliQuery) q = linli_db_query (self->db, NULL, "SELECT id, name FROM skill WHERE community_id = ? "
                                              "AND deleted = 0 ORDER BY name", "s", self->community_id);
    while (q != NULL && linli_query_next (q, NULL))
      {
        gtk_string_list_append (skills, linli_query_get_string (q, 1));
        g_ptr_array_add (self->skill_ids, linli_query_dup_string (q, 0));
      }
  }
  gtk_drop_down_set_model (self->item_skill_dropdown, G_LIST_MODEL (skills));
}

static GtkWidget *
placeholder (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_set_margin_top (label, 12);
  gtk_widget_set_margin_bottom (label, 12);
  gtk_widget_set_margin_start (label, 12);
  gtk_widget_set_margin_end (label, 12);
  return label;
}

static void
mark (gpointer  entry,
      gboolean  bad)
{
  if (bad)
    gtk_widget_add_css_class (GTK_WIDGET (entry), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (entry), "error");
}

static void
add_item_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  LinliTeamPage *self = LINLI_TEAM_PAGE (widget);
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->item_name_entry))));
  guint skill = gtk_drop_down_get_selected (self->item_skill_dropdown);
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  gint64 position;

  mark (self->item_name_entry, *name == '\0');
  if (*name == '\0')
    return;
  position = linli_db_query_int (self->db, NULL, "SELECT coalesce (max (position) + 1, 0) FROM service_item "
                                 "WHERE team_id = ?", "s", self->team_id);
  id = linli_db_insert (self->db, &error, "service_item", "community_id,team_id,name,skill_id,needed,position",
                        "ssssii", self->community_id, self->team_id, name,
                        skill < self->skill_ids->len ? g_ptr_array_index (self->skill_ids, skill) : NULL,
                        gtk_spin_button_get_value_as_int (self->item_needed_spin), (int) position);
  if (id == NULL)
    {
      linli_vol_error (GTK_WIDGET (self), _("Cannot add the item"), error);
      return;
    }
  gtk_editable_set_text (GTK_EDITABLE (self->item_name_entry), "");
  changed (self);
}

static void
remove_item_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  LinliTeamPage *self = LINLI_TEAM_PAGE (widget);
  const char *id = g_variant_get_string (parameter, NULL);
  g_autofree char *name = linli_db_query_string (self->db, NULL, "SELECT name FROM service_item WHERE id = ?", "s", id);
  g_autofree char *message = g_strdup_printf (_("“%s” removed"), name ? name : "");

  remove_with_undo (self, "service_item", id, message);
}

static const char *ical_days[] = { "MO", "TU", "WE", "TH", "FR", "SA", "SU" };

static void
on_freq_changed_cb (LinliTeamPage *self)
{
  guint freq = gtk_drop_down_get_selected (self->freq_dropdown);

  gtk_widget_set_visible (GTK_WIDGET (self->nth_dropdown), freq == 2);
  gtk_widget_set_visible (GTK_WIDGET (self->weekday_dropdown), freq != 3);
}

static void
add_pattern_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  LinliTeamPage *self = LINLI_TEAM_PAGE (widget);
  static const int nth[] = { 1, 2, 3, 4, -1 };
  guint freq = gtk_drop_down_get_selected (self->freq_dropdown);
  const char *day = ical_days[MIN (gtk_drop_down_get_selected (self->weekday_dropdown), 6)];
  const char *start_text = gtk_editable_get_text (GTK_EDITABLE (self->start_entry));
  const char *end_text = gtk_editable_get_text (GTK_EDITABLE (self->end_entry));
  int start = linli_roster_parse_time (*start_text ? start_text : "09:00");
  int end = linli_roster_parse_time (*end_text ? end_text : "11:30");
  g_autofree char *rrule = NULL;
  g_autofree char *dtstart = linli_roster_format_date (self->from);
  g_autofree char *s = NULL, *e = NULL, *id = NULL;
  g_autoptr(GError) error = NULL;

  mark (self->start_entry, start < 0);
  mark (self->end_entry, end <= start);
  if (start < 0 || end <= start)
    return;

  switch (freq)
    {
    case 0: rrule = g_strdup_printf ("FREQ=WEEKLY;BYDAY=%s", day); break;
    case 1: rrule = g_strdup_printf ("FREQ=WEEKLY;INTERVAL=2;BYDAY=%s", day); break;
    case 2: rrule = g_strdup_printf ("FREQ=MONTHLY;BYDAY=%d%s", nth[MIN (gtk_drop_down_get_selected (self->nth_dropdown), 4)], day); break;
    default: rrule = g_strdup ("FREQ=DAILY"); break;
    }
  s = linli_roster_format_time (start);
  e = linli_roster_format_time (end);
  id = linli_db_insert (self->db, &error, "shift_pattern", "community_id,team_id,rrule,dtstart,start_time,end_time,needed",
                        "ssssssi", self->community_id, self->team_id, rrule, dtstart, s, e,
                        gtk_spin_button_get_value_as_int (self->pattern_needed_spin));
  if (id == NULL)
    {
      linli_vol_error (GTK_WIDGET (self), _("Cannot add the time"), error);
      return;
    }
  changed (self);
}

static void
remove_pattern_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  remove_with_undo (LINLI_TEAM_PAGE (widget), "shift_pattern", g_variant_get_string (parameter, NULL),
                    _("Time removed; shifts already made stay until the roster is generated again"));
}

static void
add_exception_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  LinliTeamPage *self = LINLI_TEAM_PAGE (widget);
  const char *date = gtk_editable_get_text (GTK_EDITABLE (self->exception_date_entry));
  const char *note = gtk_editable_get_text (GTK_EDITABLE (self->exception_note_entry));
  g_autoptr(GError) error = NULL;
  g_autoptr(LinliQuery) q = NULL;
  g_autoptr(GPtrArray) patterns = g_ptr_array_new_with_free_func (g_free);

  mark (self->exception_date_entry, linli_roster_parse_date (date) == 0);
  if (linli_roster_parse_date (date) == 0)
    return;
  q = linli_db_query (self->db, NULL, "SELECT id FROM shift_pattern WHERE team_id = ? AND deleted = 0", "s", self->team_id);
  while (q != NULL && linli_query_next (q, NULL))
    g_ptr_array_add (patterns, linli_query_dup_string (q, 0));

  /* A day off holds for every time of the team; the shifts of that day
   * are cancelled at once. */
  if (!linli_db_begin (self->db, &error))
    goto fail;
  for (guint i = 0; i < patterns->len; i++)
    {
      g_autofree char *id = linli_db_insert (self->db, &error, "shift_exception", "community_id,pattern_id,date,note",
                                             "ssss", self->community_id, (char *) patterns->pdata[i], date,
                                             *note ? note : NULL);
      if (id == NULL)
        goto fail;
    }
  if (!linli_db_exec (self->db, &error, "UPDATE shift SET cancelled = 1 WHERE team_id = ? AND date = ? AND deleted = 0 "
                      "AND cancelled = 0", "ss", self->team_id, date)
      || !linli_db_commit (self->db, &error))
    goto fail;
  gtk_editable_set_text (GTK_EDITABLE (self->exception_date_entry), "");
  gtk_editable_set_text (GTK_EDITABLE (self->exception_note_entry), "");
  changed (self);
  return;

fail:
  linli_db_rollback (self->db);
  linli_vol_error (GTK_WIDGET (self), _("Cannot add the day off"), error);
}

static void
remove_exception_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  LinliTeamPage *self = LINLI_TEAM_PAGE (widget);
  const char *date = g_variant_get_string (parameter, NULL);
  g_autoptr(GError) error = NULL;

  if (!linli_db_begin (self->db, &error)
      || !linli_db_exec (self->db, &error, "UPDATE shift_exception SET deleted = 1 WHERE date = ? AND deleted = 0 "
                         "AND pattern_id IN (SELECT id FROM shift_pattern WHERE team_id = ?)", "ss", date, self->team_id)
      || !linli_db_exec (self->db, &error, "UPDATE shift SET cancelled = 0 WHERE team_id = ? AND date = ? "
                         "AND deleted = 0 AND cancelled = 1", "ss", self->team_id, date)
      || !linli_db_commit (self->db, &error))
    {
      linli_db_rollback (self->db);
      linli_vol_error (GTK_WIDGET (self), _("Cannot remove the day off"), error);
      return;
    }
  changed (self);
}

/* Public ------------------------------------------------------------------- */

void
linli_team_page_reload (LinliTeamPage *self)
{
  g_return_if_fail (LINLI_IS_TEAM_PAGE (self));

  if (self->db == NULL || self->team_id == NULL)
    return;
  load_header (self);
  load_roster (self);
  load_members (self);
  load_setup (self);
}

void
linli_team_page_set_team (LinliTeamPage *self,
                          LinliDb       *db,
                          const char    *team_id)
{
  g_return_if_fail (LINLI_IS_TEAM_PAGE (self));

  g_set_object (&self->db, db);
  if (g_strcmp0 (self->team_id, team_id) != 0)
    {
      gint64 times = linli_db_query_int (db, NULL, "SELECT count(*) FROM shift_pattern WHERE team_id = ? "
                                         "AND deleted = 0", "s", team_id);

      g_free (self->team_id);
      self->team_id = g_strdup (team_id);
      /* A team without times opens on its members. */
      adw_view_stack_set_visible_child_name (self->stack, times > 0 ? "roster" : "members");
      if (self->from == 0)
        self->from = linli_roster_week_start (linli_roster_today ());
      self->weeks = weeks_to_show (self, 4);
    }
  if (self->from == 0)
    self->from = linli_roster_week_start (linli_roster_today ());
  linli_roster_grid_set_team (self->grid, db, team_id);
  linli_roster_timeline_set_team (self->timeline, db, team_id);
  linli_team_page_reload (self);
}

const char *
linli_team_page_get_team (LinliTeamPage *self)
{
  return self->team_id;
}

/**
 * linli_team_page_set_period:
 * @first_day: any day of the first week shown
 */
void
linli_team_page_set_period (LinliTeamPage *self,
                            guint32        first_day,
                            guint          weeks)
{
  g_return_if_fail (LINLI_IS_TEAM_PAGE (self));

  self->from = linli_roster_week_start (first_day);
  self->weeks = CLAMP (weeks, 1, 8);
  if (self->db != NULL && self->team_id != NULL)
    load_roster (self);
}

guint32
linli_team_page_get_from (LinliTeamPage *self)
{
  return self->from;
}

/* How many weeks the roster shows from linli_team_page_get_from(). */
guint
linli_team_page_get_weeks (LinliTeamPage *self)
{
  return self->weeks;
}

void
linli_team_page_show (LinliTeamPage *self,
                      const char    *page)
{
  adw_view_stack_set_visible_child_name (self->stack, page);
}

const char *
linli_team_page_get_visible (LinliTeamPage *self)
{
  return adw_view_stack_get_visible_child_name (self->stack);
}

LinliRosterGrid *
linli_team_page_get_grid (LinliTeamPage *self)
{
  return self->grid;
}

LinliRosterTimeline *
linli_team_page_get_timeline (LinliTeamPage *self)
{
  return self->timeline;
}

/**
 * linli_team_page_get_members:
 *
 * Returns: (transfer none): the members shown (LinliVolItem: name, role,
 *   where, phone, person, volunteer)
 */
GListModel *
linli_team_page_get_members (LinliTeamPage *self)
{
  return G_LIST_MODEL (self->members);
}

guint
linli_team_page_get_n_gaps (LinliTeamPage *self)
{
  return self->n_gaps;
}

static void
linli_team_page_dispose (GObject *object)
{
  LinliTeamPage *self = LINLI_TEAM_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), LINLI_TYPE_TEAM_PAGE);
  /* The template's top box has no field: unparent it here. */
  while (gtk_widget_get_first_child (GTK_WIDGET (self)) != NULL)
    gtk_widget_unparent (gtk_widget_get_first_child (GTK_WIDGET (self)));
  g_clear_object (&self->db);
  g_clear_object (&self->members);
  g_clear_pointer (&self->team_id, g_free);
  g_clear_pointer (&self->community_id, g_free);
  g_clear_pointer (&self->kind, g_free);
  g_clear_pointer (&self->skill_ids, g_ptr_array_unref);

  G_OBJECT_CLASS (linli_team_page_parent_class)->dispose (object);
}

static void
linli_team_page_class_init (LinliTeamPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = linli_team_page_dispose;

  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure (LINLI_TYPE_ROSTER_GRID);
  g_type_ensure (LINLI_TYPE_ROSTER_TIMELINE);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/linli/Linli/volunteers/linli-team-page.ui");
#define CHILD(name) gtk_widget_class_bind_template_child (widget_class, LinliTeamPage, name)
  CHILD (box);
  CHILD (title_label);
  CHILD (subtitle_label);
  CHILD (status_label);
  CHILD (generate_button);
  CHILD (generate_label);
  CHILD (weeks_spin);
  CHILD (stack);
  CHILD (period_label);
  CHILD (summary_label);
  CHILD (grid);
  CHILD (gaps_expander);
  CHILD (gaps_list);
  CHILD (timeline);
  CHILD (members_label);
  CHILD (suggest_box);
  CHILD (suggest_flow);
  CHILD (members_view);
  CHILD (items_list);
  CHILD (item_name_entry);
  CHILD (item_skill_dropdown);
  CHILD (item_needed_spin);
  CHILD (patterns_list);
  CHILD (freq_dropdown);
  CHILD (nth_dropdown);
  CHILD (weekday_dropdown);
  CHILD (start_entry);
  CHILD (end_entry);
  CHILD (pattern_needed_spin);
  CHILD (pattern_needed_row);
  CHILD (exceptions_list);
  CHILD (exception_date_entry);
  CHILD (exception_note_entry);
#undef CHILD
  gtk_widget_class_bind_template_callback (widget_class, on_roster_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_freq_changed_cb);

  gtk_widget_class_install_action (widget_class, "team.generate-weeks", NULL, generate_weeks_action);
  gtk_widget_class_install_action (widget_class, "team.generate", "i", generate_action);
  gtk_widget_class_install_action (widget_class, "team.earlier", NULL, earlier_action);
  gtk_widget_class_install_action (widget_class, "team.later", NULL, later_action);
  gtk_widget_class_install_action (widget_class, "team.this-week", NULL, this_week_action);
  gtk_widget_class_install_action (widget_class, "team.add-member", NULL, add_member_action);
  gtk_widget_class_install_action (widget_class, "team.add-suggested", "(ss)", add_suggested_action);
  gtk_widget_class_install_action (widget_class, "team.remove-member", "s", remove_member_action);
  gtk_widget_class_install_action (widget_class, "team.add-item", NULL, add_item_action);
  gtk_widget_class_install_action (widget_class, "team.remove-item", "s", remove_item_action);
  gtk_widget_class_install_action (widget_class, "team.add-pattern", NULL, add_pattern_action);
  gtk_widget_class_install_action (widget_class, "team.remove-pattern", "s", remove_pattern_action);
  gtk_widget_class_install_action (widget_class, "team.add-exception", NULL, add_exception_action);
  gtk_widget_class_install_action (widget_class, "team.remove-exception", "s", remove_exception_action);
}

static void
linli_team_page_init (LinliTeamPage *self)
{
  const char *freqs[] = { _("Every week"), _("Every other week"), _("Every month, the"), _("Every day"), NULL };
  const char *nths[] = { C_("week of month", "first"), C_("week of month", "second"), C_("week of month", "third"),
                         C_("week of month", "fourth"), C_("week of month", "last"), NULL };
  const char *days[] = { C_("weekday", "Mon"), C_("weekday", "Tue"), C_("weekday", "Wed"), C_("weekday", "Thu"),
                         C_("weekday", "Fri"), C_("weekday", "Sat"), C_("weekday", "Sun"), NULL };
  g_autoptr(GtkStringList) freq_list = gtk_string_list_new (freqs);
  g_autoptr(GtkStringList) nth_list = gtk_string_list_new (nths);
  g_autoptr(GtkStringList) day_list = gtk_string_list_new (days);
  GtkListItemFactory *factory;
  GtkColumnViewColumn *column;

  self->weeks = 4;
  self->members = g_list_store_new (LINLI_TYPE_VOL_ITEM);
  self->skill_ids = g_ptr_array_new_with_free_func (g_free);
  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_drop_down_set_model (self->freq_dropdown, G_LIST_MODEL (freq_list));
  gtk_drop_down_set_model (self->nth_dropdown, G_LIST_MODEL (nth_list));
  gtk_drop_down_set_model (self->weekday_dropdown, G_LIST_MODEL (day_list));
  gtk_drop_down_set_selected (self->weekday_dropdown, 2);
  on_freq_changed_cb (self);
  gtk_list_box_set_placeholder (self->items_list, placeholder (_("No items: each shift needs people for the shift as a whole.")));
  gtk_list_box_set_placeholder (self->patterns_list, placeholder (_("No times yet: add when the team serves.")));
  gtk_list_box_set_placeholder (self->exceptions_list, placeholder (_("No days off.")));

  gtk_column_view_set_model (self->members_view,
                             GTK_SELECTION_MODEL (gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->members)))));
  linli_vol_add_column (self->members_view, C_("person", "Name"), "name", FALSE, FALSE);
  linli_vol_add_column (self->members_view, _("Role"), "role", FALSE, FALSE);
  linli_vol_add_column (self->members_view, _("Lives at or works as"), "where", TRUE, FALSE);
  linli_vol_add_column (self->members_view, _("Phone"), "phone", FALSE, FALSE);
  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_remove_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_remove_cb), NULL);
  column = gtk_column_view_column_new (NULL, factory);
  gtk_column_view_append_column (self->members_view, column);
  g_object_unref (column);
}
