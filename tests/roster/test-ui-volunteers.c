/* test-ui-volunteers.c: the Volunteers view in the real window, in zh_CN:
 * create a team, add volunteers, generate four weeks, swap two people,
 * check in a shift and see the hours ledger change (on the small demo);
 * the seed demo's incomplete squads in the overview with what they lack;
 * printing the roster and the member sheet through the print engine (the
 * print dialog, and PDF read back); a narrow window. Screenshots go to data/screenshots/ (with
 * LINLI_UPDATE_SCREENSHOTS) and to the build folder.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "linli-application.h"
#include "linli-format.h"
#include "linli-hours-page.h"
#include "linli-person-chooser.h"
#include "linli-roster.h"
#include "linli-roster-grid.h"
#include "linli-roster-time.h"
#include "linli-squads-page.h"
#include "linli-team-editor.h"
#include "linli-team-page.h"
#include "linli-test-ui.h"
#include "linli-vol-item.h"
#include "linli-volunteer-editor.h"
#include "linli-volunteer-list.h"
#include "linli-volunteers-view.h"
#include "linli-window.h"

static char *db_path;     /* the small demo: the acceptance path changes it */
static char *seed_path;   /* the seed demo: 60 buildings, their squads */
static char *dir;

typedef struct
{
  LinliApplication    *app;
  LinliWindow         *window;
  LinliVolunteersView *view;
  LinliDb             *db;   /* a second connection, to check what was written */
} Fixture;

typedef void (*TestBody) (Fixture *f);

static gboolean
window_shown (gpointer type)
{
  return linli_test_find_toplevel ((GType) GPOINTER_TO_SIZE (type)) != NULL;
}

static GtkWindow *
wait_window (GType type)
{
  g_assert_true (linli_test_wait_until (window_shown, GSIZE_TO_POINTER (type), 5000));
  return linli_test_find_toplevel (type);
}

static void
shot (GtkWidget  *widget,
      const char *name)
{
  g_autofree char *png = NULL;

  linli_test_wait_for_draw (widget);
  linli_test_iterate (150);
  png = linli_test_screenshot (widget, name);
  g_test_message ("screenshot: %s", png);
}

static gint64
count (Fixture    *f,
       const char *sql,
       const char *arg)
{
  g_autoptr(GError) error = NULL;
  gint64 n = arg ? linli_db_query_int (f->db, &error, sql, "s", arg) : linli_db_query_int (f->db, &error, sql, NULL);

  g_assert_no_error (error);
  return n;
}

static GtkWindow *
find_print_dialog (void)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l; l = l->next)
    /* GtkPrintUnixDialog, without the gtk4-unix-print headers. */
    if (G_TYPE_CHECK_INSTANCE_TYPE (l->data, g_type_from_name ("GtkPrintUnixDialog")) &&
        gtk_widget_get_visible (l->data))
      return l->data;
  return NULL;
}

static gboolean
print_dialog_shown (gpointer data)
{
  return find_print_dialog () != NULL;
}

/* The text of a PDF, or NULL without poppler (tests/print checks the
 * sheets' pages fully). */
static char *
pdf_text (const char *pdf)
{
  g_autofree char *pdftotext = g_find_program_in_path ("pdftotext");
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  int status = 0;

  if (pdftotext == NULL)
    {
      g_test_message ("pdftotext is not installed: %s not read back", pdf);
      return NULL;
    }
  g_assert_true (g_spawn_sync (NULL, (char *[]) { pdftotext, (char *) "-enc", (char *) "UTF-8", (char *) pdf,
                                                  (char *) "-", NULL },
                               NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return out;
}

static void
assert_in (const char *text,
           const char *needle)
{
  if (strstr (text, needle) == NULL)
    g_error ("“%s” is not in the printed sheet:\n%s", needle, text);
}

/* The acceptance path ------------------------------------------------------------ */

static void
set_dropdown_to (GtkDropDown *dropdown,
                 const char  *text)
{
  GListModel *model = gtk_drop_down_get_model (dropdown);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    if (g_str_equal (gtk_string_list_get_string (GTK_STRING_LIST (model), i), text))
      {
        gtk_drop_down_set_selected (dropdown, i);
        return;
      }
  g_error ("no “%s” in the dropdown", text);
}

static GtkWidget *
template_child (GtkWidget  *widget,
                GType       type,
                const char *name)
{
  return GTK_WIDGET (gtk_widget_get_template_child (widget, type, name));
}

static void
add_members (Fixture       *f,
             LinliTeamPage *page,
             guint          n)
{
  for (guint i = 0; i < n; i++)
    {
      LinliPersonChooser *chooser;

      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "team.add-member", NULL));
      chooser = LINLI_PERSON_CHOOSER (wait_window (LINLI_TYPE_PERSON_CHOOSER));
      /* The list scrolls over every resident; pick the i-th adult named
       * with the surname 王 (any will do). */
      linli_person_chooser_search (chooser, "王");
      g_assert_cmpuint (linli_person_chooser_get_n_found (chooser), >, n);
      linli_person_chooser_select (chooser, i * 3);
      if (i == 0)
        shot (GTK_WIDGET (chooser), "volunteers-choose-person");
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (chooser), "chooser.choose", NULL));
      linli_test_iterate (50);
    }
}

static void
test_acceptance (Fixture *f)
{
  LinliTeamEditor *editor;
  LinliTeamPage *page;
  LinliRosterGrid *grid;
  LinliHoursPage *hours;
  g_autofree char *team = NULL;
  g_autofree char *a = NULL, *b = NULL, *va = NULL, *vb = NULL, *checked = NULL, *checked_vol = NULL;
  double hours_before = -1, hours_after = -1;
  guint32 monday = linli_roster_parse_date ("2026-11-23");

  /* The volunteers of the demo community, and its squads. */
  shot (GTK_WIDGET (f->window), "volunteers");
  g_assert_cmpstr (linli_volunteers_view_get_page (f->view), ==, "volunteers");

  /* 1. Create a team. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->view), "volunteers.new-team", NULL));
  editor = LINLI_TEAM_EDITOR (wait_window (LINLI_TYPE_TEAM_EDITOR));
  linli_team_editor_set (editor, "周六便民服务", "service_market", "community", 0);
  shot (GTK_WIDGET (editor), "volunteers-new-team");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.create", NULL));
  linli_test_iterate (100);
  g_assert_cmpstr (linli_volunteers_view_get_page (f->view), ==, "team");
  page = LINLI_TEAM_PAGE (linli_volunteers_view_get_child (f->view, "team"));
  team = g_strdup (linli_team_page_get_team (page));
  g_assert_cmpint (count (f, "SELECT count(*) FROM team WHERE id = ? AND name = '周六便民服务'", team), ==, 1);

  /* Its items and its time: haircuts for two, blood pressure for one,
   * every Saturday morning. */
  linli_team_page_show (page, "setup");
  gtk_editable_set_text (GTK_EDITABLE (template_child (GTK_WIDGET (page), LINLI_TYPE_TEAM_PAGE, "item_name_entry")), "义务理发");
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (template_child (GTK_WIDGET (page), LINLI_TYPE_TEAM_PAGE, "item_needed_spin")), 2);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "team.add-item", NULL));
  gtk_editable_set_text (GTK_EDITABLE (template_child (GTK_WIDGET (page), LINLI_TYPE_TEAM_PAGE, "item_name_entry")), "量血压");
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (template_child (GTK_WIDGET (page), LINLI_TYPE_TEAM_PAGE, "item_needed_spin")), 1);
  set_dropdown_to (GTK_DROP_DOWN (template_child (GTK_WIDGET (page), LINLI_TYPE_TEAM_PAGE, "item_skill_dropdown")), "健康检测");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "team.add-item", NULL));
  linli_team_page_set_period (page, monday, 4);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (template_child (GTK_WIDGET (page), LINLI_TYPE_TEAM_PAGE, "weekday_dropdown")), 5);
  gtk_editable_set_text (GTK_EDITABLE (template_child (GTK_WIDGET (page), LINLI_TYPE_TEAM_PAGE, "start_entry")), "09:00");
  gtk_editable_set_text (GTK_EDITABLE (template_child (GTK_WIDGET (page), LINLI_TYPE_TEAM_PAGE, "end_entry")), "11:30");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "team.add-pattern", NULL));
  g_assert_cmpint (count (f, "SELECT count(*) FROM service_item WHERE team_id = ? AND deleted = 0", team), ==, 2);
  g_assert_cmpint (count (f, "SELECT count(*) FROM shift_pattern WHERE team_id = ? AND rrule = 'FREQ=WEEKLY;BYDAY=SA'", team), ==, 1);
  shot (GTK_WIDGET (f->window), "volunteers-team-setup");

  /* 2. Add volunteers: residents of the ledger, not typed again. */
  linli_team_page_show (page, "members");
  add_members (f, page, 6);
  g_assert_cmpuint (g_list_model_get_n_items (linli_team_page_get_members (page)), ==, 6);
  g_assert_cmpint (count (f, "SELECT count(*) FROM team_member m JOIN volunteer v ON v.person_id = m.person_id "
                             "WHERE m.team_id = ? AND m.deleted = 0 AND v.deleted = 0", team), ==, 6);

  /* One of them measures blood pressure: given the skill in the
   * volunteer's editor. */
  {
    g_autoptr(LinliVolItem) first = g_list_model_get_item (linli_team_page_get_members (page), 0);
    LinliVolunteerEditor *ed;
    GtkWidget *flow;

    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->view), "volunteers.edit-volunteer", "s",
                                               linli_vol_item_get (first, "volunteer")));
    ed = LINLI_VOLUNTEER_EDITOR (wait_window (LINLI_TYPE_VOLUNTEER_EDITOR));
    flow = template_child (GTK_WIDGET (ed), LINLI_TYPE_VOLUNTEER_EDITOR, "skills_box");
    for (GtkWidget *c = gtk_widget_get_first_child (flow); c; c = gtk_widget_get_next_sibling (c))
      {
        GtkWidget *check = gtk_flow_box_child_get_child (GTK_FLOW_BOX_CHILD (c));

        if (g_str_equal (gtk_check_button_get_label (GTK_CHECK_BUTTON (check)), "健康检测"))
          gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
      }
    gtk_drop_down_set_selected (GTK_DROP_DOWN (template_child (GTK_WIDGET (ed), LINLI_TYPE_VOLUNTEER_EDITOR, "day_dropdown")), 5);
    gtk_editable_set_text (GTK_EDITABLE (template_child (GTK_WIDGET (ed), LINLI_TYPE_VOLUNTEER_EDITOR, "from_entry")), "08:00");
    gtk_editable_set_text (GTK_EDITABLE (template_child (GTK_WIDGET (ed), LINLI_TYPE_VOLUNTEER_EDITOR, "to_entry")), "12:00");
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (ed), "editor.add-time", NULL));
    /* No monthly limit: every Saturday is possible. */
    gtk_spin_button_set_value (GTK_SPIN_BUTTON (template_child (GTK_WIDGET (ed), LINLI_TYPE_VOLUNTEER_EDITOR, "limit_spin")), 3);
    gtk_spin_button_set_value (GTK_SPIN_BUTTON (template_child (GTK_WIDGET (ed), LINLI_TYPE_VOLUNTEER_EDITOR, "limit_spin")), 0);
    g_assert_cmpint (count (f, "SELECT count(*) FROM volunteer WHERE id = ? AND max_per_month IS NULL",
                            linli_vol_item_get (first, "volunteer")), ==, 1);
    shot (GTK_WIDGET (ed), "volunteers-editor");
    g_assert_cmpint (count (f, "SELECT count(*) FROM volunteer v, skill k WHERE v.id = ? AND k.name = '健康检测' "
                               "AND instr (v.skills, k.id) > 0 AND v.availability LIKE '%\"day\":6%'",
                            linli_vol_item_get (first, "volunteer")), ==, 1);
    gtk_window_close (GTK_WINDOW (ed));
    linli_test_iterate (50);
  }
  shot (GTK_WIDGET (f->window), "volunteers-members");

  /* 3. Generate four weeks. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "team.generate", "i", 4));
  linli_test_iterate (100);
  grid = linli_team_page_get_grid (page);
  g_assert_cmpuint (linli_roster_grid_get_n_shifts (grid), ==, 4 * 2);
  g_assert_cmpint (count (f, "SELECT count(*) FROM assignment a JOIN shift s ON s.id = a.shift_id "
                             "WHERE s.team_id = ? AND a.deleted = 0", team), ==, 4 * 3);
  g_assert_cmpuint (linli_roster_grid_get_n_open (grid), ==, 0);
  g_assert_cmpuint (linli_roster_grid_get_n_conflicts (grid), ==, 0);
  shot (GTK_WIDGET (f->window), "volunteers-roster");

  /* 4. Swap two people: two haircut places of different Saturdays, whose
   * people may go either way. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(LinliQuery) q = linli_db_query (f->db, &error,
      "SELECT a.id, a.volunteer_id, s.date FROM assignment a JOIN shift s ON s.id = a.shift_id "
      "JOIN service_item i ON i.id = s.service_item_id WHERE s.team_id = ? AND i.name = '义务理发' "
      "AND a.deleted = 0 ORDER BY s.date, a.id", "s", team);
    g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
    g_autoptr(GPtrArray) vols = g_ptr_array_new_with_free_func (g_free);

    while (linli_query_next (q, &error))
      {
        g_ptr_array_add (ids, linli_query_dup_string (q, 0));
        g_ptr_array_add (vols, linli_query_dup_string (q, 1));
      }
    for (guint i = 0; i < ids->len && a == NULL; i++)
      for (guint j = i + 1; j < ids->len && a == NULL; j++)
        {
          LinliRosterRule ra, rb;

          if (g_str_equal (vols->pdata[i], vols->pdata[j]))
            continue;
          g_assert_true (linli_roster_check_swap (f->db, ids->pdata[i], ids->pdata[j], &ra, &rb, &error));
          if (ra == LINLI_RULE_OK && rb == LINLI_RULE_OK)
            {
              a = g_strdup (ids->pdata[i]);
              b = g_strdup (ids->pdata[j]);
              va = g_strdup (vols->pdata[i]);
              vb = g_strdup (vols->pdata[j]);
            }
        }
    g_assert_nonnull (a);
  }
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (grid), "roster.swap-start", "s", a));
  g_assert_cmpstr (linli_roster_grid_get_swap_source (grid), ==, a);
  shot (GTK_WIDGET (f->window), "volunteers-swap");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (grid), "roster.swap-with", "s", b));
  linli_test_iterate (100);
  g_assert_null (linli_roster_grid_get_swap_source (grid));
  {
    g_autofree char *now_a = linli_db_query_string (f->db, NULL, "SELECT volunteer_id FROM assignment WHERE id = ?", "s", a);
    g_autofree char *now_b = linli_db_query_string (f->db, NULL, "SELECT volunteer_id FROM assignment WHERE id = ?", "s", b);

    g_assert_cmpstr (now_a, ==, vb);
    g_assert_cmpstr (now_b, ==, va);
    g_assert_cmpint (count (f, "SELECT manual FROM assignment WHERE id = ?", a), ==, 1);
  }

  /* The ledger before anyone came. */
  checked = g_strdup (a);
  checked_vol = g_strdup (vb);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->view), "volunteers.show", "s", "hours"));
  hours = LINLI_HOURS_PAGE (linli_volunteers_view_get_child (f->view, "hours"));
  linli_hours_page_set_year (hours, 2026);
  for (guint i = 0; i < g_list_model_get_n_items (linli_hours_page_get_model (hours)); i++)
    {
      g_autoptr(LinliVolItem) row = g_list_model_get_item (linli_hours_page_get_model (hours), i);

      if (g_str_equal (linli_vol_item_get_id (row), checked_vol))
        hours_before = linli_vol_item_get_number (row, "total");
    }
  g_assert_cmpfloat (hours_before, ==, 0.0);

  /* 5. Check in a shift: the swapped-in volunteer came. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->view), "volunteers.show-team", "s", team));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (grid), "roster.check-in", "(ss)", checked, "attended"));
  linli_test_iterate (100);
  g_assert_cmpint (count (f, "SELECT count(*) FROM assignment WHERE id = ? AND status = 'attended' AND hours = 2.5",
                          checked), ==, 1);
  shot (GTK_WIDGET (f->window), "volunteers-checked-in");

  /* 6. The ledger changed. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->view), "volunteers.show", "s", "hours"));
  for (guint i = 0; i < g_list_model_get_n_items (linli_hours_page_get_model (hours)); i++)
    {
      g_autoptr(LinliVolItem) row = g_list_model_get_item (linli_hours_page_get_model (hours), i);

      if (g_str_equal (linli_vol_item_get_id (row), checked_vol))
        {
          hours_after = linli_vol_item_get_number (row, "total");
          g_assert_cmpstr (linli_vol_item_get (row, "m11"), ==, "2.5");
        }
    }
  g_assert_cmpfloat (hours_after, ==, 2.5);
  shot (GTK_WIDGET (f->window), "volunteers-hours");
  {
    g_autofree char *xlsx = g_build_filename (dir, "hours.xlsx", NULL);
    g_autoptr(GError) error = NULL;

    g_assert_true (linli_hours_page_export (hours, xlsx, &error));
    g_assert_no_error (error);
    g_assert_true (g_file_test (xlsx, G_FILE_TEST_IS_REGULAR));
  }

  /* The same week by volunteer. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->view), "volunteers.show-team-page", "(ss)", team, "timeline"));
  g_assert_cmpuint (g_list_model_get_n_items (linli_roster_timeline_get_model (linli_team_page_get_timeline (page))), ==, 6);
  shot (GTK_WIDGET (f->window), "volunteers-timeline");

  /* Ctrl+P: the duty roster of the weeks shown, through the print engine:
   * the print dialog opens... */
  linli_team_page_show (page, "roster");
  {
    g_autoptr(LinliSheetRequest) request = linli_volunteers_view_get_print_request (f->view);
    GtkWindow *dialog;

    g_assert_nonnull (request);
    g_assert_cmpstr (request->kind, ==, "roster");
    g_assert_cmpint (request->scope, ==, LINLI_SCOPE_TEAM);
    g_assert_cmpstr (request->scope_id, ==, team);
    g_assert_cmpstr (request->from, ==, "2026-11-23");
    g_assert_cmpuint (request->weeks, ==, 4);

    g_action_group_activate_action (G_ACTION_GROUP (f->window), "print", NULL);
    g_assert_true (linli_test_wait_until (print_dialog_shown, NULL, 20000));
    dialog = find_print_dialog ();
    g_assert_true (gtk_window_get_transient_for (dialog) == GTK_WINDOW (f->window));
    G_GNUC_BEGIN_IGNORE_DEPRECATIONS
    gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_CANCEL);
    G_GNUC_END_IGNORE_DEPRECATIONS
    linli_test_iterate (200);
    g_assert_null (find_print_dialog ());
  }
  /* ... and its pages, exported to PDF, hold the roster. */
  {
    g_autofree char *pdf = g_build_filename (dir, "roster.pdf", NULL);
    g_autoptr(GError) error = NULL;
    g_autofree char *text = NULL;
    g_autoptr(LinliQuery) q = NULL;

    g_assert_true (linli_volunteers_view_print_to_pdf (f->view, pdf, &error));
    g_assert_no_error (error);
    text = pdf_text (pdf);
    if (text != NULL)
      {
        assert_in (text, "周六便民服务 志愿服务排班表");
        assert_in (text, "2026年11月23日至2026年12月20日");
        assert_in (text, "义务理发");
        assert_in (text, "量血压");
        assert_in (text, "11月28日");
        assert_in (text, "12月19日");
        q = linli_db_query (f->db, NULL,
                            "SELECT DISTINCT p.name FROM assignment a JOIN shift s ON s.id = a.shift_id "
                            "JOIN volunteer v ON v.id = a.volunteer_id JOIN person p ON p.id = v.person_id "
                            "WHERE s.team_id = ? AND a.deleted = 0 AND a.status != 'absent'", "s", team);
        while (linli_query_next (q, NULL))
          assert_in (text, linli_query_get_string (q, 0));
      }
  }

  /* On the team's members, Ctrl+P prints the member sheet: phones whole
   * only for those who agreed to be posted. */
  linli_team_page_show (page, "members");
  {
    g_autoptr(LinliSheetRequest) request = linli_volunteers_view_get_print_request (f->view);
    g_autofree char *pdf = g_build_filename (dir, "members.pdf", NULL);
    g_autoptr(GError) error = NULL;
    g_autofree char *text = NULL;
    g_autoptr(LinliQuery) q = NULL;

    g_assert_cmpstr (request->kind, ==, "team");
    g_assert_cmpstr (request->scope_id, ==, team);
    g_assert_true (linli_volunteers_view_print_to_pdf (f->view, pdf, &error));
    g_assert_no_error (error);
    text = pdf_text (pdf);
    if (text != NULL)
      {
        assert_in (text, "周六便民服务 成员名单");
        assert_in (text, "共6人");
        q = linli_db_query (f->db, NULL,
                            "SELECT p.name, p.phone, p.consent_publish FROM team_member m "
                            "JOIN person p ON p.id = m.person_id WHERE m.team_id = ? AND m.deleted = 0", "s", team);
        while (linli_query_next (q, NULL))
          {
            const char *phone = linli_query_get_string (q, 1);

            assert_in (text, linli_query_get_string (q, 0));
            if (phone != NULL && *phone != '\0')
              {
                g_autofree char *masked = linli_mask_phone (phone);

                assert_in (text, linli_query_get_int (q, 2) ? phone : masked);
                if (!linli_query_get_int (q, 2))
                  g_assert_null (strstr (text, phone));
              }
          }
      }
  }

  /* Nothing to print away from a team: the window says so. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->view), "volunteers.show", "s", "hours"));
  g_assert_null (linli_volunteers_view_get_print_request (f->view));
  {
    g_autoptr(GError) error = NULL;

    g_assert_false (linli_volunteers_view_print_to_pdf (f->view, "/nonexistent/never.pdf", &error));
    g_assert_nonnull (error);
  }
}

/* The seed of the overview: incomplete squads first, with what they lack. */
static void
test_squads (Fixture *f)
{
  LinliSquadsPage *squads;
  GListModel *model;
  guint incomplete = 0;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->view), "volunteers.show", "s", "squads"));
  squads = LINLI_SQUADS_PAGE (linli_volunteers_view_get_child (f->view, "squads"));
  model = linli_squads_page_get_model (squads);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==,
                    (guint) count (f, "SELECT count(*) FROM team WHERE kind = 'squad119' AND deleted = 0", NULL));
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(LinliVolItem) row = g_list_model_get_item (model, i);

      if (linli_vol_item_get_number (row, "complete") == 0)
        {
          g_assert_cmpuint (i, ==, incomplete);
          g_assert_true (g_str_has_prefix (linli_vol_item_get (row, "lacks"), "缺"));
          incomplete++;
        }
    }
  g_assert_cmpuint (incomplete, >, 0);
  shot (GTK_WIDGET (f->window), "volunteers-squads");

  /* A squad's members, with who could fill its gap. */
  {
    g_autoptr(LinliVolItem) first = g_list_model_get_item (model, 0);
    LinliTeamPage *page;

    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->view), "volunteers.show-team-page", "(ss)",
                                               linli_vol_item_get_id (first), "members"));
    page = LINLI_TEAM_PAGE (linli_volunteers_view_get_child (f->view, "team"));
    g_assert_cmpstr (linli_team_page_get_visible (page), ==, "members");
    shot (GTK_WIDGET (f->window), "volunteers-squad");

    /* Its member sheet for the stairwell. */
    {
      g_autofree char *pdf = g_build_filename (dir, "squad.pdf", NULL);
      g_autoptr(GError) error = NULL;
      g_autofree char *text = NULL;
      g_autofree char *name = linli_db_query_string (f->db, NULL, "SELECT name FROM team WHERE id = ?", "s",
                                                     linli_vol_item_get_id (first));

      g_assert_true (linli_volunteers_view_print_to_pdf (f->view, pdf, &error));
      g_assert_no_error (error);
      text = pdf_text (pdf);
      if (text != NULL)
        {
          g_autofree char *title = g_strdup_printf ("%s 成员名单", name);

          assert_in (text, title);
          assert_in (text, "1小时内集结");
        }
    }
  }
}

/* A narrow window folds the sidebar away. */
static void
test_narrow (Fixture *f)
{
  AdwLeaflet *leaflet = ADW_LEAFLET (linli_test_find_descendant (GTK_WIDGET (f->view), ADW_TYPE_LEAFLET));
  const char *pages[] = { "volunteers", "squads", "hours", "team" };
  g_autoptr(LinliVolItem) team = g_list_model_get_item (linli_volunteers_view_get_teams (f->view), 0);
  int min = 0;

  /* Every page fits the narrowest window the application allows. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->view), "volunteers.show-team", "s",
                                             linli_vol_item_get_id (team)));
  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      gtk_widget_measure (linli_volunteers_view_get_child (f->view, pages[i]), GTK_ORIENTATION_HORIZONTAL, -1,
                          &min, NULL, NULL, NULL);
      g_test_message ("%s: at least %d pixels wide", pages[i], min);
      g_assert_cmpint (min, <=, 360);
    }

  gtk_window_set_default_size (GTK_WINDOW (f->window), 380, 700);
  linli_test_iterate (600);
  linli_test_wait_for_draw (GTK_WIDGET (f->window));
  g_assert_true (adw_leaflet_get_folded (leaflet));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->view), "volunteers.show", "s", "squads"));
  linli_test_iterate (400);
  g_assert_cmpstr (adw_leaflet_get_visible_child_name (leaflet), ==, "content");
  shot (GTK_WIDGET (f->window), "volunteers-narrow");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->view), "volunteers.back", NULL));
  linli_test_iterate (400);
  g_assert_cmpstr (adw_leaflet_get_visible_child_name (leaflet), ==, "sidebar");
}

/* Running in the application ----------------------------------------------------- */

typedef struct
{
  TestBody  body;
  char    **path;
} Case;

static void
run_body (GtkApplication *app,
          GtkWindow      *window,
          gpointer        data)
{
  const Case *c = data;
  TestBody body = c->body;
  g_autoptr(GError) error = NULL;
  Fixture f = { 0 };

  f.app = LINLI_APPLICATION (app);
  f.window = LINLI_WINDOW (window);
  gtk_window_set_default_size (window, 1400, 860);
  linli_test_wait_for_draw (GTK_WIDGET (window));
  g_action_group_activate_action (G_ACTION_GROUP (window), "view", g_variant_new_string ("volunteers"));
  f.view = LINLI_VOLUNTEERS_VIEW (linli_test_find_descendant (GTK_WIDGET (window), LINLI_TYPE_VOLUNTEERS_VIEW));
  g_assert_nonnull (f.view);
  f.db = linli_db_open (*c->path, &error);
  g_assert_no_error (error);

  body (&f);

  g_clear_object (&f.db);
}

static void
run_in_app (gconstpointer data)
{
  const Case *c = data;

  linli_test_run_app (*c->path, run_body, (gpointer) c);
}

int
main (int argc, char *argv[])
{
  int ret;

  /* Printing keeps the print settings under the user data folder: a
   * fresh one, before anything asks GLib where it is. */
  dir = g_dir_make_tmp ("linli-ui-volunteers-XXXXXX", NULL);
  {
    g_autofree char *data_home = g_build_filename (dir, "data-home", NULL);

    g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  }
  linli_test_ui_init (&argc, &argv);
  db_path = linli_test_make_demo (dir, "small");
  seed_path = linli_test_make_demo (dir, "seed");

  {
    static Case acceptance = { test_acceptance, &db_path };
    static Case squads = { test_squads, &seed_path };
    static Case narrow = { test_narrow, &seed_path };

    g_test_add_data_func ("/ui/volunteers/acceptance", &acceptance, run_in_app);
    g_test_add_data_func ("/ui/volunteers/squads", &squads, run_in_app);
    g_test_add_data_func ("/ui/volunteers/narrow", &narrow, run_in_app);
  }

  ret = g_test_run ();
  g_free (db_path);
  g_free (seed_path);
  g_free (dir);
  return ret;
}
