/* test-ui-map.c: the Map view on the seed demo community, in zh_CN
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>

#include <math.h>
#include <string.h>

#include "linli-application.h"
#include "linli-db.h"
#include "linli-floor-table-view.h"
#include "linli-map-canvas.h"
#include "linli-map-view.h"
#include "linli-print-document.h"
#include "linli-test-ui.h"
#include "linli-window.h"

typedef struct {
  LinliApplication *app;
  LinliWindow      *window;
  LinliMapView     *view;
  LinliMapCanvas   *canvas;
} Fixture;

static char *db_path;

static GtkWidget *
find_descendant (GtkWidget *widget,
                 GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_descendant (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
shot (Fixture    *f,
      const char *name)
{
  g_autofree char *png = NULL;

  /* Let the camera's animation end. */
  while (linli_map_canvas_is_animating (f->canvas))
    linli_test_iterate (20);
  linli_test_iterate (60);
  linli_test_wait_for_draw (GTK_WIDGET (f->window));
  png = linli_test_screenshot (GTK_WIDGET (f->window), name);
  g_test_message ("screenshot: %s", png);
}

/* GtkPrintUnixDialog, without the gtk4-unix-print headers. */
static GtkWindow *
find_print_dialog (void)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l; l = l->next)
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

typedef void (*TestBody) (Fixture *f);

typedef struct {
  Fixture  *f;
  TestBody  body;
  gboolean  started;
} Run;

static void
run_body_cb (gpointer user_data)
{
  Run *run = user_data;
  Fixture *f = run->f;

  f->window = LINLI_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (f->app)));
  g_assert_nonnull (f->window);
  /* No animations: the camera, the sidebar and the pages move at once,
   * and the test waits for nothing. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1280, 820);
  linli_test_wait_for_draw (GTK_WIDGET (f->window));
  g_action_group_activate_action (G_ACTION_GROUP (f->window), "view", g_variant_new_string ("map"));
  f->view = LINLI_MAP_VIEW (find_descendant (GTK_WIDGET (f->window), LINLI_TYPE_MAP_VIEW));
  g_assert_nonnull (f->view);
  linli_map_view_set_today (f->view, "2026-11-23");
  f->canvas = LINLI_MAP_CANVAS (linli_map_view_get_canvas (f->view));
  linli_test_wait_for_draw (GTK_WIDGET (f->window));
  /* The pointer rests off the map: a building under it shows its number. */
  if (linli_test_can_send_keys ())
    linli_test_pointer (GTK_WIDGET (f->window), 200, 20, NULL);

  run->body (f);

  f->window = LINLI_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (f->app)));
  if (f->window != NULL)
    {
      g_object_add_weak_pointer (G_OBJECT (f->window), (gpointer *) &f->window);
      gtk_window_close (GTK_WINDOW (f->window));
      linli_test_iterate (50);
      g_assert_null (f->window);
    }
  g_application_quit (G_APPLICATION (f->app));
}

static void
on_activate_cb (GApplication *app,
                Run          *run)
{
  if (!run->started)
    {
      run->started = TRUE;
      g_idle_add_once (run_body_cb, run);
    }
}

static void
run_in_app (gconstpointer data)
{
  Fixture f = { 0 };
  Run run = { &f, (TestBody) data, FALSE };
  char *argv[] = { (char *) "linli", (char *) "--db", db_path, NULL };
  gulong id;

  f.app = linli_application_new ();
  id = g_signal_connect_after (f.app, "activate", G_CALLBACK (on_activate_cb), &run);
  g_assert_cmpint (g_application_run (G_APPLICATION (f.app), 3, argv), ==, 0);
  g_signal_handler_disconnect (f.app, id);
  g_assert_finalize_object (f.app);
}


/* Helpers ------------------------------------------------------------------------ */

static LinliDb *
open_db (void)
{
  g_autoptr(GError) error = NULL;
  LinliDb *db = linli_db_open (db_path, &error);

  g_assert_no_error (error);
  return db;
}

/* A step of the walk: kept in the build folder only. */
static void
step_of (GtkWidget  *widget,
         const char *name)
{
  g_autofree char *update = g_strdup (g_getenv ("LINLI_UPDATE_SCREENSHOTS"));
  g_autofree char *full = g_strconcat ("map-walk-", name, NULL);

  g_unsetenv ("LINLI_UPDATE_SCREENSHOTS");
  g_free (linli_test_screenshot (widget, full));
  if (update)
    g_setenv ("LINLI_UPDATE_SCREENSHOTS", update, TRUE);
}

static void
step (Fixture    *f,
      const char *name)
{
  /* Let the camera's animation end. */
  while (linli_map_canvas_is_animating (f->canvas))
    linli_test_iterate (20);
  linli_test_iterate (60);
  linli_test_wait_for_draw (GTK_WIDGET (f->window));
  step_of (GTK_WIDGET (f->window), name);
}

typedef struct { Fixture *f; const char *level; } LevelWait;

static gboolean
level_is (gpointer data)
{
  LevelWait *w = data;
  return g_str_equal (linli_map_view_get_level (w->f->view), w->level);
}

static void
assert_level (Fixture    *f,
              const char *level)
{
  LevelWait w = { f, level };

  if (!linli_test_wait_until (level_is, &w, 3000))
    g_error ("the map shows %s, not %s", linli_map_view_get_level (f->view), level);
}

static void
keys (Fixture    *f,
      const char *k)
{
  g_assert_true (linli_test_send_keys (GTK_WINDOW (f->window), k));
  while (linli_map_canvas_is_animating (f->canvas))
    linli_test_iterate (20);
}

static void
pointer (GtkWidget  *widget,
         double      x,
         double      y,
         const char *what)
{
  g_assert_true (linli_test_pointer (widget, x, y, what));
}

static void
building_point (Fixture *f,
                int      index,
                double  *x,
                double  *y)
{
  LinliMapBuilding *b = linli_map_territory_get_building (linli_map_canvas_get_territory (f->canvas), index);

  linli_map_canvas_world_to_screen (f->canvas, b->fp.x, b->fp.y, x, y);
}

static gboolean
is_row_titled (GtkWidget  *w,
               const char *title)
{
  return ADW_IS_PREFERENCES_ROW (w) && g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (w)), title) == 0;
}

/* The first widget under @root that @match accepts, depth first. */
static GtkWidget *
find_widget (GtkWidget  *root,
             gboolean  (*match) (GtkWidget *, gconstpointer),
             gconstpointer data)
{
  if (match (root, data) && gtk_widget_get_mapped (root))
    return root;
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_widget (c, match, data);

      if (found)
        return found;
    }
  return NULL;
}

static gboolean
match_nav_row (GtkWidget    *w,
               gconstpointer data)
{
  return GTK_IS_LIST_BOX_ROW (w) && g_object_get_data (G_OBJECT (w), "linli-table") != NULL &&
         g_strcmp0 (g_object_get_data (G_OBJECT (w), "linli-table"), data) == 0;
}

static gboolean
match_type (GtkWidget    *w,
            gconstpointer data)
{
  return G_TYPE_CHECK_INSTANCE_TYPE (w, GPOINTER_TO_SIZE (data));
}

static gboolean
match_suggested_button (GtkWidget    *w,
                        gconstpointer data)
{
  return GTK_IS_BUTTON (w) && gtk_widget_has_css_class (w, "suggested-action");
}

static gboolean
match_title (GtkWidget    *w,
             gconstpointer data)
{
  return is_row_titled (w, data);
}

static gboolean
match_name (GtkWidget    *w,
            gconstpointer data)
{
  return g_strcmp0 (gtk_widget_get_name (w), data) == 0 && GTK_IS_BUTTON (w);
}

#define click_center(w, what) click_center_at (w, what, #w)

static void
click_center_at (GtkWidget  *w,
                 const char *what,
                 const char *expr)
{
  GtkWidget *viewport;
  graphene_rect_t b;

  if (w == NULL)
    g_error ("nothing to click: %s", expr);
  /* A page just shown is laid out on its first frame. */
  linli_test_wait_for_draw (GTK_WIDGET (gtk_widget_get_root (w)));
  /* Scrolled into sight first, as a hand would. */
  for (viewport = gtk_widget_get_parent (w); viewport && !GTK_IS_VIEWPORT (viewport); viewport = gtk_widget_get_parent (viewport))
    ;
  if (viewport != NULL && gtk_widget_compute_bounds (w, viewport, &b))
    {
      GtkAdjustment *v = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (viewport));

      gtk_adjustment_set_value (v, gtk_adjustment_get_value (v) + b.origin.y + b.size.height / 2 -
                                   gtk_widget_get_height (viewport) / 2.0);
      linli_test_wait_for_draw (GTK_WIDGET (gtk_widget_get_root (w)));
    }
  pointer (w, gtk_widget_get_width (w) / 2.0, gtk_widget_get_height (w) / 2.0, what);
}

static GtkWidget *
page (Fixture    *f,
      const char *name)
{
  /* What a page shows is laid out on its next frame. */
  linli_test_wait_for_draw (GTK_WIDGET (f->window));
  return linli_map_view_get_page (f->view, name);
}

static GtkWindow *
find_toplevel (GType type)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l; l = l->next)
    if (G_TYPE_CHECK_INSTANCE_TYPE (l->data, type) && gtk_widget_get_visible (l->data))
      return l->data;
  return NULL;
}

static gboolean
has_toplevel (gpointer type)
{
  return find_toplevel (GPOINTER_TO_SIZE (type)) != NULL;
}

static gboolean
no_toplevel (gpointer type)
{
  return find_toplevel (GPOINTER_TO_SIZE (type)) == NULL;
}

/* The whole community ----------------------------------------------------------------- */

static void
test_community (Fixture *f)
{
  LinliMapTerritory *t = linli_map_canvas_get_territory (f->canvas);
  int w = gtk_widget_get_width (GTK_WIDGET (f->canvas)), h = gtk_widget_get_height (GTK_WIDGET (f->canvas));
  guint labels, building_labels;

  /* All 15 grids and every building, on screen at once. */
  g_assert_cmpuint (t->grids->len, ==, 15);
  g_assert_cmpuint (t->buildings->len, ==, 60);
  for (guint i = 0; i < t->grids->len; i++)
    g_assert_cmpuint (((LinliMapGrid *) t->grids->pdata[i])->outline->len, >=, 3);
  for (guint i = 0; i < t->buildings->len; i++)
    {
      LinliMapBuilding *a = t->buildings->pdata[i];
      double x, y;

      /* Each one seen apart from the others. */
      for (guint j = i + 1; j < t->buildings->len; j++)
        if (linli_map_footprints_overlap (&a->fp, &((LinliMapBuilding *) t->buildings->pdata[j])->fp, 0))
          g_error ("buildings %s and %s overlap", a->number, ((LinliMapBuilding *) t->buildings->pdata[j])->number);
      g_assert_true (a->located);
      building_point (f, (int) i, &x, &y);
      g_assert_cmpfloat (x, >, 0);
      g_assert_cmpfloat (x, <, w);
      g_assert_cmpfloat (y, >, 0);
      g_assert_cmpfloat (y, <, h);
    }
  shot (f, "map-community");
  /* At this zoom the grids are named; building numbers wait. */
  labels = linli_map_canvas_get_n_labels (f->canvas, &building_labels);
  g_assert_cmpuint (labels, >=, 15);
  g_assert_cmpuint (building_labels, ==, 0);
  g_assert_cmpstr (linli_map_view_get_level (f->view), ==, "community");
}

/* Zoom and pan, building → unit → household → resident by keyboard and by
 * pointer, Escape and the breadcrumbs, and printing. */
static void
test_walk (Fixture *f)
{
  double z0, z1, cx0, cy0, cx1, cy1, x, y, wx, wy, wx2, wy2;
  guint building_labels;
  int focused;
  const char *building;

  if (!linli_test_can_send_keys ())
    {
      g_test_skip ("xdotool on an X11 display is needed for real keys and pointer");
      return;
    }
  step (f, "01-community");

  /* Zoom with the keyboard: +, around the middle. */
  gtk_widget_grab_focus (GTK_WIDGET (f->canvas));
  linli_map_canvas_get_view (f->canvas, NULL, NULL, &z0);
  keys (f, "plus");
  keys (f, "plus");
  linli_map_canvas_get_view (f->canvas, &cx0, &cy0, &z1);
  g_assert_cmpfloat (z1, >, z0 * 2);
  step (f, "02-zoomed-keys");

  /* Zoom with the wheel around the pointer: the point under it stays. */
  x = gtk_widget_get_width (GTK_WIDGET (f->canvas)) * 0.3;
  y = gtk_widget_get_height (GTK_WIDGET (f->canvas)) * 0.6;
  linli_map_canvas_screen_to_world (f->canvas, x, y, &wx, &wy);
  pointer (GTK_WIDGET (f->canvas), x, y, "click 4");
  linli_map_canvas_get_view (f->canvas, NULL, NULL, &z0);
  g_assert_cmpfloat (z0, >, z1 * 1.1);
  linli_map_canvas_screen_to_world (f->canvas, x, y, &wx2, &wy2);
  g_assert_cmpfloat (fabs (wx2 - wx), <, 2);
  g_assert_cmpfloat (fabs (wy2 - wy), <, 2);
  /* Building numbers appear as one zooms in. */
  step (f, "03-zoomed-wheel");
  linli_map_canvas_get_n_labels (f->canvas, &building_labels);
  g_assert_cmpuint (building_labels, >, 0);

  /* Pan by dragging: the map follows the hand. */
  linli_map_canvas_get_view (f->canvas, &cx0, &cy0, &z0);
  pointer (GTK_WIDGET (f->canvas), 300, 300,
           "mousedown 1 sleep 0.05 mousemove_relative --sync 20 10 sleep 0.05 mousemove_relative --sync 100 30 sleep 0.05 mouseup 1");
  linli_map_canvas_get_view (f->canvas, &cx1, &cy1, NULL);
  g_assert_cmpfloat (fabs ((cx0 - cx1) * z0 - 120), <, 6);
  g_assert_cmpfloat (fabs ((cy0 - cy1) * z0 - 40), <, 6);
  g_assert_cmpstr (linli_map_view_get_level (f->view), ==, "community");
  step (f, "04-panned");

  /* By keyboard: the whole community again, Tab to a building, an arrow
   * to its neighbour, Enter opens it. */
  gtk_widget_grab_focus (GTK_WIDGET (f->canvas));
  keys (f, "0");
  keys (f, "Tab");
  g_assert_cmpint (linli_map_canvas_get_focus_building (f->canvas), ==, 0);
  keys (f, "Right");
  focused = linli_map_canvas_get_focus_building (f->canvas);
  g_assert_cmpint (focused, >, 0);
  step (f, "05-focus");
  keys (f, "Return");
  assert_level (f, "building");
  building = linli_map_view_get_current (f->view, "building");
  g_assert_cmpstr (building, ==, linli_map_territory_get_building (linli_map_canvas_get_territory (f->canvas), focused)->id);
  step (f, "06-building");

  /* The sidebar has the keyboard now: its first unit, its first
   * household, its first resident. */
  keys (f, "Return");
  assert_level (f, "unit");
  step (f, "07-unit");
  keys (f, "Down");
  keys (f, "Return");
  assert_level (f, "household");
  step (f, "08-household");
  keys (f, "Return");
  assert_level (f, "person");
  step (f, "09-person");

  /* Escape goes up, level by level. */
  keys (f, "Escape");
  assert_level (f, "household");
  keys (f, "Escape");
  assert_level (f, "unit");
  keys (f, "Escape");
  assert_level (f, "building");
  keys (f, "Escape");
  assert_level (f, "grid");
  keys (f, "Escape");
  assert_level (f, "community");

  /* By pointer: a click opens a building, a double click zooms to it. */
  keys (f, "0");
  building_point (f, 17, &x, &y);
  pointer (GTK_WIDGET (f->canvas), x, y, "click 1");
  assert_level (f, "building");
  g_assert_cmpstr (linli_map_view_get_current (f->view, "building"), ==,
                   linli_map_territory_get_building (linli_map_canvas_get_territory (f->canvas), 17)->id);
  linli_map_canvas_get_view (f->canvas, NULL, NULL, &z0);
  building_point (f, 17, &x, &y);
  pointer (GTK_WIDGET (f->canvas), x, y, "click 1 click 1");
  while (linli_map_canvas_is_animating (f->canvas))
    linli_test_iterate (20);
  linli_map_canvas_get_view (f->canvas, NULL, NULL, &z1);
  g_assert_cmpfloat (z1, >, z0 * 2);
  step (f, "10-pointer-building");

  /* A unit of its list, a household of the table, a resident. */
  click_center (find_widget (page (f, "building"), match_nav_row, "unit"), "click 1");
  assert_level (f, "unit");
  step (f, "11-pointer-unit");
  {
    GtkWidget *table = find_widget (page (f, "unit"), match_type, GSIZE_TO_POINTER (g_type_from_name ("LinliFloorTableView")));
    LinliFloorTable *t = linli_floor_table_view_get_table (LINLI_FLOOR_TABLE_VIEW (table));
    LinliFloorCell *cell = t->cells->pdata[t->cells->len / 2];
    graphene_rect_t area;

    g_assert_true (linli_floor_table_view_get_cell_area (LINLI_FLOOR_TABLE_VIEW (table), cell->id, &area));
    pointer (table, area.origin.x + area.size.width / 2, area.origin.y + area.size.height / 2, "click 1");
    assert_level (f, "household");
    g_assert_cmpstr (linli_map_view_get_current (f->view, "household"), ==, cell->id);
  }
  step (f, "12-pointer-household");
  click_center (find_widget (page (f, "household"), match_nav_row, "person"), "click 1");
  assert_level (f, "person");
  step (f, "13-pointer-person");

  /* The breadcrumbs lead back up. */
  click_center (find_widget (GTK_WIDGET (f->view), match_name, "unit"), "click 1");
  assert_level (f, "unit");

  /* Ctrl+P from a building: its floor-by-room table, from the print
   * engine; the dialog opens, and the sheet is that building's. */
  {
    g_autoptr(LinliSheetRequest) request = linli_map_view_get_print_request (f->view);
    g_autoptr(LinliPrintDocument) document = NULL;
    g_autoptr(GError) error = NULL;
    g_autofree char *label = NULL;
    g_autoptr(LinliDb) db = open_db ();

    g_assert_nonnull (request);
    g_assert_cmpstr (request->kind, ==, "households");
    g_assert_cmpint (request->scope, ==, LINLI_SCOPE_BUILDING);
    g_assert_cmpstr (request->scope_id, ==, linli_map_view_get_current (f->view, "building"));
    document = linli_print_document_new (db, request, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (linli_print_document_get_n_sheets (document), ==, 1);
    label = g_strdup_printf ("%s栋", linli_map_territory_get_building (linli_map_canvas_get_territory (f->canvas), 17)->number);
    g_assert_nonnull (strstr (linli_print_document_get_sheet_title (document, 0), label));

    keys (f, "ctrl+p");
    g_assert_true (linli_test_wait_until (print_dialog_shown, NULL, 20000));
    linli_test_wait_for_draw (GTK_WIDGET (find_print_dialog ()));
    step_of (GTK_WIDGET (find_print_dialog ()), "14-print");
    G_GNUC_BEGIN_IGNORE_DEPRECATIONS
    gtk_dialog_response (GTK_DIALOG (find_print_dialog ()), GTK_RESPONSE_CANCEL);
    G_GNUC_END_IGNORE_DEPRECATIONS
    linli_test_iterate (100);
    g_assert_null (find_print_dialog ());
  }

  /* From a grid, the tables of its buildings. */
  keys (f, "Escape");
  keys (f, "Escape");
  assert_level (f, "grid");
  {
    g_autoptr(LinliSheetRequest) request = linli_map_view_get_print_request (f->view);

    g_assert_cmpstr (request->kind, ==, "households");
    g_assert_cmpint (request->scope, ==, LINLI_SCOPE_GRID);
  }
}

/* Logging a visit changes the coverage layer at once. */
static void
test_visit (Fixture *f)
{
  g_autoptr(LinliDb) db = open_db ();
  g_autofree char *household = NULL;
  g_autofree char *building = NULL;
  g_autoptr(LinliQuery) q = NULL;
  int before, after;
  GtkWindow *dialog;

  if (!linli_test_can_send_keys ())
    {
      g_test_skip ("xdotool on an X11 display is needed for real keys and pointer");
      return;
    }
  /* A household nobody visited this week. */
  q = linli_db_query (db, NULL,
                      "SELECT h.id, u.building_id FROM household h JOIN unit u ON u.id = h.unit_id "
                      "WHERE h.deleted = 0 AND instr(h.flags, 'vacant') = 0 AND NOT EXISTS (SELECT 1 FROM visit v "
                      "WHERE v.household_id = h.id AND v.deleted = 0 AND substr(v.visited_at, 1, 10) > '2026-11-16') "
                      "ORDER BY h.rowid LIMIT 1 OFFSET 40", NULL);
  g_assert_true (linli_query_next (q, NULL));
  household = linli_query_dup_string (q, 0);
  building = linli_query_dup_string (q, 1);
  /* An open statement would keep this connection on the old snapshot. */
  g_clear_pointer (&q, linli_query_free);

  /* As a search result would: it lands on the map, its page open. */
  linli_map_view_set_layers (f->view, LINLI_MAP_LAYER_COVERAGE, 7);
  linli_window_show_record (f->window, "household", household);
  assert_level (f, "household");
  g_assert_cmpstr (linli_map_view_get_current (f->view, "building"), ==, building);
  before = linli_map_stats_get_building (linli_map_canvas_get_stats (f->canvas), building)->not_visited_7;
  shot (f, "map-visit-before");

  click_center (find_widget (page (f, "household"), match_suggested_button, NULL), "click 1");
  g_assert_true (linli_test_wait_until (has_toplevel, GSIZE_TO_POINTER (g_type_from_name ("LinliMapVisitDialog")), 3000));
  dialog = find_toplevel (g_type_from_name ("LinliMapVisitDialog"));
  linli_test_iterate (300);
  {
    GtkWidget *follow = find_widget (GTK_WIDGET (dialog), match_title, _("What to do next"));
    GtkWidget *due = find_widget (GTK_WIDGET (dialog), match_title, _("Due (YYYY-MM-DD)"));

    g_assert_nonnull (follow);
    gtk_editable_set_text (GTK_EDITABLE (follow), "下周送药上门");
    gtk_editable_set_text (GTK_EDITABLE (due), "not a date");
    linli_test_iterate (100);
    /* A wrong date says so, and Save waits for a right one. */
    g_assert_true (gtk_widget_has_css_class (due, "error"));
    g_assert_false (gtk_widget_get_sensitive (find_widget (GTK_WIDGET (dialog), match_suggested_button, NULL)));
    gtk_editable_set_text (GTK_EDITABLE (due), "2026-11-30");
  }
  linli_test_wait_for_draw (GTK_WIDGET (dialog));
  {
    g_autofree char *update = g_strdup (g_getenv ("LINLI_UPDATE_SCREENSHOTS"));

    g_unsetenv ("LINLI_UPDATE_SCREENSHOTS");
    g_free (linli_test_screenshot (GTK_WIDGET (dialog), "map-walk-14-visit-dialog"));
    if (update)
      g_setenv ("LINLI_UPDATE_SCREENSHOTS", update, TRUE);
  }
  click_center (find_widget (GTK_WIDGET (dialog), match_suggested_button, NULL), "click 1");
  g_assert_true (linli_test_wait_until (no_toplevel, GSIZE_TO_POINTER (g_type_from_name ("LinliMapVisitDialog")), 3000));

  after = linli_map_stats_get_building (linli_map_canvas_get_stats (f->canvas), building)->not_visited_7;
  g_assert_cmpint (after, ==, before - 1);
  g_assert_cmpint (linli_db_query_int (db, NULL, "SELECT count(*) FROM visit WHERE household_id = ? AND follow_up = '下周送药上门' "
                                                 "AND follow_up_due = '2026-11-30' AND visited_at LIKE '2026-11-23T%'",
                                       "s", household), ==, 1);
  shot (f, "map-visit-after");

  /* The follow-up is on its grid's list. */
  click_center (find_widget (GTK_WIDGET (f->view), match_name, "grid"), "click 1");
  assert_level (f, "grid");
  g_assert_nonnull (find_widget (page (f, "grid"), match_type, GSIZE_TO_POINTER (GTK_TYPE_CHECK_BUTTON)));
  step (f, "15-grid-follow-ups");
}

/* Edit mode: move and resize a building, reshape a grid, add a building,
 * draw a grid, each undone with Ctrl+Z and redone with Ctrl+Shift+Z. */
static char *
geometry (LinliDb    *db,
          const char *building,
          const char *grid)
{
  g_autofree char *b = linli_db_query_string (db, NULL, "SELECT printf('%.2f,%.2f,%.2f,%.2f,%.2f,%d,%s', x, y, width, depth, angle, placed, grid_id) "
                                                     "FROM building WHERE id = ?", "s", building);
  g_autofree char *g = linli_db_query_string (db, NULL, "SELECT outline FROM grid WHERE id = ?", "s", grid);

  return g_strdup_printf ("%s | %s", b, g);
}

static void
test_edit (Fixture *f)
{
  g_autoptr(LinliDb) db = open_db ();
  LinliMapTerritory *t;
  LinliMapBuilding *b;
  LinliMapGrid *g;
  g_autofree char *building = NULL;
  g_autofree char *grid = NULL;
  g_autofree char *before = NULL;
  double x, y, z, bx0, width0;
  gint64 n_buildings, n_grids;

  if (!linli_test_can_send_keys ())
    {
      g_test_skip ("xdotool on an X11 display is needed for real keys and pointer");
      return;
    }
  gtk_widget_grab_focus (GTK_WIDGET (f->canvas));
  keys (f, "ctrl+e");
  g_assert_true (linli_map_canvas_get_edit_mode (f->canvas));

  /* A building of grid 2, big on screen. */
  t = linli_map_canvas_get_territory (f->canvas);
  b = linli_map_territory_get_building (t, 5);
  building = g_strdup (b->id);
  grid = g_strdup (((LinliMapGrid *) t->grids->pdata[b->grid])->id);
  before = geometry (db, building, grid);
  n_buildings = linli_db_query_int (db, NULL, "SELECT count(*) FROM building WHERE deleted = 0", NULL);
  n_grids = linli_db_query_int (db, NULL, "SELECT count(*) FROM grid WHERE deleted = 0", NULL);
  linli_view_show_record (LINLI_VIEW (f->view), "building", building);
  while (linli_map_canvas_is_animating (f->canvas))
    linli_test_iterate (20);
  linli_map_canvas_get_view (f->canvas, NULL, NULL, &z);
  shot (f, "map-edit");

  /* Move it 100 px to the right, by hand. */
  b = linli_map_territory_get_building (linli_map_canvas_get_territory (f->canvas), 5);
  bx0 = b->fp.x;
  building_point (f, 5, &x, &y);
  pointer (GTK_WIDGET (f->canvas), x, y,
           "mousedown 1 sleep 0.05 mousemove_relative --sync 20 0 sleep 0.05 mousemove_relative --sync 80 0 sleep 0.1 mouseup 1");
  g_assert_cmpfloat (fabs (linli_db_query_int (db, NULL, "SELECT round(x * 100) FROM building WHERE id = ?", "s", building) / 100.0
                           - (bx0 + 100 / z)), <, 1.5);
  g_assert_cmpint (linli_db_query_int (db, NULL, "SELECT placed FROM building WHERE id = ?", "s", building), ==, 1);

  /* Its east end: wider by 40 px. */
  b = linli_map_territory_get_building (linli_map_canvas_get_territory (f->canvas), 5);
  width0 = b->fp.width;
  linli_map_canvas_world_to_screen (f->canvas, b->fp.x + b->fp.width / 2, b->fp.y, &x, &y);
  pointer (GTK_WIDGET (f->canvas), x, y,
           "mousedown 1 sleep 0.05 mousemove_relative --sync 20 0 sleep 0.05 mousemove_relative --sync 20 0 sleep 0.1 mouseup 1");
  b = linli_map_territory_get_building (linli_map_canvas_get_territory (f->canvas), 5);
  g_assert_cmpfloat (fabs (b->fp.width - (width0 + 40 / z)), <, 1.5);
  step (f, "16-edited");

  /* Reshape its grid: drag a corner out. */
  g = linli_map_territory_get_grid (linli_map_canvas_get_territory (f->canvas),
                                    linli_map_territory_find_grid (linli_map_canvas_get_territory (f->canvas), grid));
  {
    LinliMapPoint corner = g_array_index (g->outline, LinliMapPoint, 0);
    double cx, cy;

    /* A bottom corner: the edit bar covers the top of the map. */
    for (guint k = 1; k < g->outline->len; k++)
      if (g_array_index (g->outline, LinliMapPoint, k).y > corner.y)
        corner = g_array_index (g->outline, LinliMapPoint, k);
    linli_view_show_record (LINLI_VIEW (f->view), "grid", grid);
    while (linli_map_canvas_is_animating (f->canvas))
      linli_test_iterate (20);
    linli_map_canvas_world_to_screen (f->canvas, corner.x, corner.y, &cx, &cy);
    pointer (GTK_WIDGET (f->canvas), cx, cy,
             "mousedown 1 sleep 0.05 mousemove_relative --sync -- -10 10 sleep 0.05 mousemove_relative --sync -- -30 20 sleep 0.1 mouseup 1");
  }
  {
    g_autofree char *now = geometry (db, building, grid);
    g_autofree char *outline = linli_db_query_string (db, NULL, "SELECT outline FROM grid WHERE id = ?", "s", grid);

    g_assert_cmpstr (now, !=, before);
    g_assert_false (g_str_has_suffix (before, outline));
  }
  step (f, "17-grid-reshaped");

  /* Ctrl+Z three times: all as before, in the database. */
  keys (f, "ctrl+z");
  keys (f, "ctrl+z");
  keys (f, "ctrl+z");
  {
    g_autofree char *now = geometry (db, building, grid);
    g_assert_cmpstr (now, ==, before);
  }
  /* And once more forward. */
  keys (f, "ctrl+shift+z");
  {
    g_autofree char *now = geometry (db, building, grid);
    g_assert_cmpstr (now, !=, before);
  }
  keys (f, "ctrl+z");

  /* A new building where one clicks; undone, it is gone again. */
  linli_map_canvas_set_tool (f->canvas, LINLI_MAP_TOOL_ADD_BUILDING);
  pointer (GTK_WIDGET (f->canvas), 120, 300, "click 1");
  g_assert_cmpint (linli_db_query_int (db, NULL, "SELECT count(*) FROM building WHERE deleted = 0", NULL), ==, n_buildings + 1);
  assert_level (f, "building");
  keys (f, "ctrl+z");
  g_assert_cmpint (linli_db_query_int (db, NULL, "SELECT count(*) FROM building WHERE deleted = 0", NULL), ==, n_buildings);

  /* A new grid, corner by corner. */
  linli_map_canvas_set_tool (f->canvas, LINLI_MAP_TOOL_DRAW_GRID);
  pointer (GTK_WIDGET (f->canvas), 60, 260, "click 1");
  pointer (GTK_WIDGET (f->canvas), 200, 260, "click 1");
  pointer (GTK_WIDGET (f->canvas), 200, 360, "click 1");
  pointer (GTK_WIDGET (f->canvas), 60, 360, "click 1");
  keys (f, "Return");
  g_assert_cmpint (linli_db_query_int (db, NULL, "SELECT count(*) FROM grid WHERE deleted = 0", NULL), ==, n_grids + 1);
  assert_level (f, "grid");
  step (f, "18-grid-drawn");
  keys (f, "ctrl+z");
  g_assert_cmpint (linli_db_query_int (db, NULL, "SELECT count(*) FROM grid WHERE deleted = 0", NULL), ==, n_grids);

  keys (f, "ctrl+e");
  g_assert_false (linli_map_canvas_get_edit_mode (f->canvas));
}

/* A narrow window: the sidebar folds away, and comes over the map when
 * something opens. */
static gboolean
flap_folded (gpointer data)
{
  return adw_flap_get_folded (ADW_FLAP (data));
}

static void
test_narrow (Fixture *f)
{
  AdwFlap *flap = ADW_FLAP (find_descendant (GTK_WIDGET (f->view), ADW_TYPE_FLAP));

  gtk_window_set_default_size (GTK_WINDOW (f->window), 420, 760);
  g_assert_true (linli_test_wait_until (flap_folded, flap, 5000));
  linli_test_iterate (600);
  linli_map_canvas_fit (f->canvas, FALSE);
  g_assert_false (adw_flap_get_reveal_flap (flap));
  shot (f, "map-narrow");
  linli_view_show_record (LINLI_VIEW (f->view), "building",
                          linli_map_territory_get_building (linli_map_canvas_get_territory (f->canvas), 9)->id);
  g_assert_true (adw_flap_get_reveal_flap (flap));
  linli_test_iterate (600);
  shot (f, "map-narrow-building");
}

/* Editing in place: add a resident, tag someone, remove them and take
 * it back from the toast, move a household. */
static gboolean
match_button_label (GtkWidget    *w,
                    gconstpointer data)
{
  return GTK_IS_BUTTON (w) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (w)), data) == 0;
}

static void
test_ledger (Fixture *f)
{
  g_autoptr(LinliDb) db = open_db ();
  g_autofree char *household = linli_db_query_string (db, NULL, "SELECT id FROM household WHERE deleted = 0 ORDER BY rowid LIMIT 1 OFFSET 300", NULL);
  g_autofree char *person = NULL;
  gint64 before = linli_db_query_int (db, NULL, "SELECT count(*) FROM person WHERE household_id = ? AND deleted = 0", "s", household);
  GtkWindow *dialog;

  if (!linli_test_can_send_keys ())
    {
      g_test_skip ("xdotool on an X11 display is needed for real keys and pointer");
      return;
    }
  linli_view_show_record (LINLI_VIEW (f->view), "household", household);
  assert_level (f, "household");

  /* A new resident. */
  click_center (find_widget (page (f, "household"), match_title, _("Add a resident…")), "click 1");
  g_assert_true (linli_test_wait_until (has_toplevel, GSIZE_TO_POINTER (ADW_TYPE_MESSAGE_DIALOG), 3000));
  dialog = find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  gtk_editable_set_text (GTK_EDITABLE (find_widget (GTK_WIDGET (dialog), match_title, _("Full name"))), "测试居民");
  gtk_editable_set_text (GTK_EDITABLE (find_widget (GTK_WIDGET (dialog), match_title, _("Date of birth (YYYY-MM-DD)"))), "1944-02-30");
  linli_test_iterate (50);
  /* No such day: it says so, and Add waits. */
  g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "add"));
  gtk_editable_set_text (GTK_EDITABLE (find_widget (GTK_WIDGET (dialog), match_title, _("Date of birth (YYYY-MM-DD)"))), "1944-02-28");
  g_assert_true (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "add"));
  click_center (find_widget (GTK_WIDGET (dialog), match_button_label, _("_Add")), "click 1");
  g_assert_true (linli_test_wait_until (no_toplevel, GSIZE_TO_POINTER (ADW_TYPE_MESSAGE_DIALOG), 3000));
  g_assert_cmpint (linli_db_query_int (db, NULL, "SELECT count(*) FROM person WHERE household_id = ? AND deleted = 0", "s", household),
                   ==, before + 1);
  person = linli_db_query_string (db, NULL, "SELECT id FROM person WHERE name = '测试居民'", NULL);
  g_assert_nonnull (person);

  /* Tag them: a click on the tag. */
  linli_view_show_record (LINLI_VIEW (f->view), "person", person);
  assert_level (f, "person");
  click_center (find_widget (page (f, "person"), match_type, GSIZE_TO_POINTER (GTK_TYPE_TOGGLE_BUTTON)), "click 1");
  g_assert_cmpint (linli_db_query_int (db, NULL, "SELECT count(*) FROM person_tag WHERE person_id = ? AND deleted = 0", "s", person), ==, 1);
  step (f, "19-person-tagged");

  /* Remove them: the toast's Undo brings them back. */
  click_center (find_widget (page (f, "person"), match_button_label, _("_Remove from the Ledger")), "click 1");
  g_assert_cmpint (linli_db_query_int (db, NULL, "SELECT deleted FROM person WHERE id = ?", "s", person), ==, 1);
  assert_level (f, "household");
  linli_test_iterate (300);
  step (f, "20-removed-toast");
  click_center (find_widget (GTK_WIDGET (f->window), match_button_label, _("_Undo")), "click 1");
  g_assert_cmpint (linli_db_query_int (db, NULL, "SELECT deleted FROM person WHERE id = ?", "s", person), ==, 0);

  /* Move the household to another room. */
  click_center (find_widget (page (f, "household"), match_title, _("Move the household")), "click 1");
  g_assert_true (linli_test_wait_until (has_toplevel, GSIZE_TO_POINTER (ADW_TYPE_MESSAGE_DIALOG), 3000));
  dialog = find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  gtk_editable_set_text (GTK_EDITABLE (find_widget (GTK_WIDGET (dialog), match_title, _("Room"))), "999");
  linli_test_iterate (50);
  click_center (find_widget (GTK_WIDGET (dialog), match_button_label, _("_Move")), "click 1");
  g_assert_true (linli_test_wait_until (no_toplevel, GSIZE_TO_POINTER (ADW_TYPE_MESSAGE_DIALOG), 3000));
  {
    g_autofree char *room = linli_db_query_string (db, NULL, "SELECT room FROM household WHERE id = ?", "s", household);
    g_assert_cmpstr (room, ==, "999");
  }
  gtk_widget_grab_focus (GTK_WIDGET (f->canvas));
  keys (f, "ctrl+z");
  {
    g_autofree char *room = linli_db_query_string (db, NULL, "SELECT room FROM household WHERE id = ?", "s", household);
    g_assert_cmpstr (room, !=, "999");
  }
}

/* The compound's plan under the map: a picture is laid under it, a file
 * that is no picture is refused with its name, Ctrl+Z takes it away. */
static void
test_plan (Fixture *f)
{
  g_autoptr(LinliDb) db = open_db ();
  g_autofree char *dir = g_dir_make_tmp ("linli-plan-XXXXXX", NULL);
  g_autofree char *png = g_build_filename (dir, "小区平面图.png", NULL);
  g_autofree char *txt = g_build_filename (dir, "不是图片.png", NULL);
  g_autoptr(GFile) png_file = g_file_new_for_path (png);
  g_autoptr(GFile) txt_file = g_file_new_for_path (txt);
  g_autoptr(GError) error = NULL;
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 600, 340);
  cairo_t *cr = cairo_create (surface);

  /* A plan as a scanner gives it: paper, roads, blocks. */
  cairo_set_source_rgb (cr, 0.97, 0.96, 0.92);
  cairo_paint (cr);
  cairo_set_source_rgb (cr, 0.55, 0.55, 0.6);
  for (int i = 0; i < 6; i++)
    cairo_rectangle (cr, i * 120 - 6, 0, 8, 340);
  for (int j = 0; j < 4; j++)
    cairo_rectangle (cr, 0, j * 112 - 6, 600, 8);
  cairo_fill (cr);
  cairo_destroy (cr);
  g_assert_cmpint (cairo_surface_write_to_png (surface, png), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);
  g_assert_true (g_file_set_contents (txt, "not a picture", -1, NULL));

  g_assert_false (linli_map_view_set_plan (f->view, txt_file, &error));
  g_assert_nonnull (strstr (error->message, txt));
  g_clear_error (&error);
  g_assert_null (linli_db_query_string (db, NULL, "SELECT plan_image FROM community", NULL));

  g_assert_true (linli_map_view_set_plan (f->view, png_file, &error));
  g_assert_no_error (error);
  {
    g_autofree char *name = linli_db_query_string (db, NULL, "SELECT plan_image FROM community", NULL);
    g_autofree char *plans = g_strconcat (db_path, NULL);
    g_autofree char *copy = NULL;

    g_assert_nonnull (name);
    plans[strlen (plans) - 3] = '\0';
    copy = g_strdup_printf ("%s-plans/%s", plans, name);
    g_assert_true (g_file_test (copy, G_FILE_TEST_EXISTS));
  }
  linli_map_canvas_fit (f->canvas, FALSE);
  shot (f, "map-plan");
  gtk_widget_grab_focus (GTK_WIDGET (f->canvas));
  keys (f, "ctrl+z");
  g_assert_null (linli_db_query_string (db, NULL, "SELECT plan_image FROM community", NULL));
  g_unlink (png);
  g_unlink (txt);
  g_rmdir (dir);
}

/* The layers, each alone and together: the screenshots of the README. */
static void
test_layers (Fixture *f)
{
  static const struct { LinliMapLayers layers; const char *png; } shots[] = {
    { LINLI_MAP_LAYER_COVERAGE, "map-coverage" },   /* over 30 days: the grids differ */
    { LINLI_MAP_LAYER_CARE, "map-care" },
    { LINLI_MAP_LAYER_SQUAD, "map-squad" },
    { LINLI_MAP_LAYER_HEAT, "map-heat" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (shots); i++)
    {
      linli_map_view_set_layers (f->view, shots[i].layers, 30);
      linli_map_canvas_fit (f->canvas, FALSE);
      shot (f, shots[i].png);
    }

  /* Together, with a building open, over the whole community: the
   * picture of the README. */
  linli_map_view_set_layers (f->view, LINLI_MAP_LAYER_COVERAGE | LINLI_MAP_LAYER_CARE | LINLI_MAP_LAYER_SQUAD, 30);
  linli_view_show_record (LINLI_VIEW (f->view), "building",
                          linli_map_territory_get_building (linli_map_canvas_get_territory (f->canvas), 13)->id);
  while (linli_map_canvas_is_animating (f->canvas))
    linli_test_iterate (20);
  linli_map_canvas_fit (f->canvas, FALSE);
  shot (f, "map");
}
int
main (int argc, char *argv[])
{
  g_autofree char *dir = NULL;
  int ret;

  linli_test_ui_init (&argc, &argv);
  dir = g_dir_make_tmp ("linli-ui-map-XXXXXX", NULL);
  db_path = linli_test_make_demo (dir, "seed");

  g_test_add_data_func ("/ui/map/community", test_community, run_in_app);
  g_test_add_data_func ("/ui/map/walk", test_walk, run_in_app);
  g_test_add_data_func ("/ui/map/visit", test_visit, run_in_app);
  g_test_add_data_func ("/ui/map/layers", test_layers, run_in_app);
  g_test_add_data_func ("/ui/map/edit", test_edit, run_in_app);
  g_test_add_data_func ("/ui/map/ledger", test_ledger, run_in_app);
  g_test_add_data_func ("/ui/map/plan", test_plan, run_in_app);
  g_test_add_data_func ("/ui/map/narrow", test_narrow, run_in_app);

  ret = g_test_run ();
  g_free (db_path);
  return ret;
}
