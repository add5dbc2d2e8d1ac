/* linli-test-ui.c: helpers for the tests that open real windows.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* dl_iterate_phdr() */
#define _GNU_SOURCE 1

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <adwaita.h>
#include <gtk/gtk.h>
#include <link.h>
#include <locale.h>
#include <string.h>
#ifdef GDK_WINDOWING_X11
#include <gdk/x11/gdkx.h>
#endif

#include "linli-application.h"
#include "linli-core.h"
#include "linli-db.h"
#include "linli-demo.h"
#include "linli-test-ui.h"

/* The sanitizer runtime's own functions, when the tests are built with
 * it (weak: absent otherwise). */
int    __sanitizer_get_ownership      (const volatile void *p) __attribute__ ((weak));
size_t __sanitizer_get_allocated_size (const volatile void *p) __attribute__ ((weak));
void   __lsan_ignore_object           (const void *p) __attribute__ ((weak));

static int
find_quark_block_cb (struct dl_phdr_info *info,
                     size_t               size,
                     void                *data)
{
  const char *first = g_quark_to_string (1), *second = g_quark_to_string (2);

  if (info->dlpi_name == NULL || strstr (info->dlpi_name, "libglib-2.0") == NULL)
    return 0;
  for (int i = 0; i < info->dlpi_phnum; i++)
    {
      const ElfW (Phdr) *ph = &info->dlpi_phdr[i];
      guintptr start, end;

      if (ph->p_type != PT_LOAD || !(ph->p_flags & PF_W))
        continue;
      start = (info->dlpi_addr + ph->p_vaddr + sizeof (gpointer) - 1) & ~(guintptr) (sizeof (gpointer) - 1);
      end = info->dlpi_addr + ph->p_vaddr + ph->p_memsz;
      for (guintptr a = start; a + sizeof (gpointer) <= end; a += sizeof (gpointer))
        {
          const char **block = *(const char ***) a;

          /* Only a live heap block of the allocator is looked into. */
          if (block == NULL || !__sanitizer_get_ownership (block) ||
              __sanitizer_get_allocated_size (block) < 3 * sizeof (gpointer))
            continue;
          if (block[1] == first && block[2] == second)
            {
              __lsan_ignore_object (block);
              return 1;
            }
        }
    }
  return 0;
}

/* GLib keeps its quarks in an array that it does not free when it grows
 * past 2,048 quarks (lock-free readers may still hold the old one). A
 * window with all four views passes that number, and LeakSanitizer then
 * reports the first 16 KB block: its fast unwinder cannot see into
 * GLib, so no suppression can name the frame. Found while GLib still
 * points at it, the block is marked as not a leak. */
static void
ignore_glib_quark_block (void)
{
  if (__sanitizer_get_ownership != NULL && __sanitizer_get_allocated_size != NULL &&
      __lsan_ignore_object != NULL)
    dl_iterate_phdr (find_quark_block_cb, NULL);
}

/* Opens GTK in Simplified Chinese, as the users see it. Unlike
 * gtk_test_init(), which forces the C locale. */
void
linli_test_ui_init (int    *argc,
                    char ***argv)
{
  const char *lang = g_getenv ("LINLI_TEST_LANG");

  if (lang == NULL)
    lang = "zh_CN.UTF-8";
  g_setenv ("LANG", lang, TRUE);
  g_setenv ("LC_ALL", lang, TRUE);
  g_setenv ("LANGUAGE", "", TRUE);

  g_test_init (argc, argv, NULL);
  /* libadwaita's style sheet and the app's own, as LinliApplication loads
   * them: a dialog tested on its own looks as it does in the app. */
  adw_init ();
  {
    g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

    gtk_css_provider_load_from_resource (css, "/io/github/linli/Linli/style.css");
    gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  }
  linli_core_init ();
  textdomain (GETTEXT_PACKAGE);
  ignore_glib_quark_block ();
}

void
linli_test_iterate (guint ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) ms * 1000;

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
}

gboolean
linli_test_wait_until (gboolean (*cond) (gpointer),
                       gpointer   data,
                       guint      timeout_ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  while (!cond (data))
    {
      if (g_get_monotonic_time () > end)
        return FALSE;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  return TRUE;
}

static void
after_paint_cb (GdkFrameClock *clock,
                guint         *count)
{
  (*count)++;
}

/* Waits until the widget is mapped and two frames were painted. */
void
linli_test_wait_for_draw (GtkWidget *widget)
{
  GdkFrameClock *clock;
  guint count = 0;
  gulong id;
  gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (!gtk_widget_get_mapped (widget) && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
  g_assert_true (gtk_widget_get_mapped (widget));

  clock = gtk_widget_get_frame_clock (widget);
  g_assert_nonnull (clock);
  id = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &count);
  gtk_widget_queue_draw (widget);
  while (count < 2 && g_get_monotonic_time () < end)
    {
      gdk_frame_clock_request_phase (clock, GDK_FRAME_CLOCK_PHASE_PAINT);
      g_main_context_iteration (NULL, FALSE);
    }
  g_signal_handler_disconnect (clock, id);
  g_assert_cmpuint (count, >=, 2);
}

/**
 * linli_test_screenshot:
 *
 * Renders @widget as it is on screen into NAME.png under
 * $LINLI_BUILD_ROOT/screenshots and, when LINLI_UPDATE_SCREENSHOTS is set,
 * also into data/screenshots of the source tree.
 *
 * Returns: (transfer full): the path of the PNG in the build folder
 */
char *
linli_test_screenshot (GtkWidget  *widget,
                       const char *name)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *file = g_strconcat (name, ".png", NULL);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  GskRenderer *renderer;
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  char *path;

  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);

  renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  texture = gsk_renderer_render_texture (renderer, node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));

  dir = g_build_filename (g_getenv ("LINLI_BUILD_ROOT") ? g_getenv ("LINLI_BUILD_ROOT") : ".",
                          "screenshots", NULL);
  g_mkdir_with_parents (dir, 0755);
  path = g_build_filename (dir, file, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));

  if (g_getenv ("LINLI_UPDATE_SCREENSHOTS") && g_getenv ("LINLI_SOURCE_ROOT"))
    {
      g_autofree char *src = g_build_filename (g_getenv ("LINLI_SOURCE_ROOT"),
                                               "data", "screenshots", file, NULL);
      g_assert_true (gdk_texture_save_to_png (texture, src));
    }

  return path;
}

gboolean
linli_test_can_send_keys (void)
{
#ifdef GDK_WINDOWING_X11
  g_autofree char *xdotool = g_find_program_in_path ("xdotool");

  return xdotool != NULL && GDK_IS_X11_DISPLAY (gdk_display_get_default ());
#else
  return FALSE;
#endif
}

/* Types real keys into @window through the X server (XTEST), so that
 * they travel the whole way a user's keys do: X, GDK, the shortcut
 * controllers, the actions. @keys is in xdotool's syntax, e.g. "alt+2". */
gboolean
linli_test_send_keys (GtkWindow  *window,
                      const char *keys)
{
#ifdef GDK_WINDOWING_X11
  g_autoptr(GError) error = NULL;
  g_autofree char *xid = NULL;
  g_autofree char *cmd = NULL;
  int status = 0;
  GdkSurface *surface;

  if (!linli_test_can_send_keys ())
    return FALSE;

  surface = gtk_native_get_surface (GTK_NATIVE (window));
  xid = g_strdup_printf ("%lu", (gulong) gdk_x11_surface_get_xid (surface));
  cmd = g_strdup_printf ("xdotool windowfocus --sync %s key --clearmodifiers %s", xid, keys);
  if (!g_spawn_command_line_sync (cmd, NULL, NULL, &status, &error))
    {
      g_printerr ("xdotool: %s\n", error->message);
      return FALSE;
    }
  /* Let the events arrive and be handled. */
  linli_test_iterate (150);
  return g_spawn_check_wait_status (status, NULL);
#else
  return FALSE;
#endif
}

/**
 * linli_test_pointer:
 * @x: where in @widget to put the pointer
 * @commands: what to do there, in xdotool's syntax: "click 1",
 *   "click --repeat 2 1", "mousedown 1 mousemove_relative 80 0 mouseup 1",
 *   "click 5" (the wheel down)
 *
 * Moves the real pointer over @widget through the X server and acts
 * there, as a user's hand does.
 */
gboolean
linli_test_pointer (GtkWidget  *widget,
                    double      x,
                    double      y,
                    const char *commands)
{
#ifdef GDK_WINDOWING_X11
  g_autoptr(GError) error = NULL;
  g_autofree char *cmd = NULL;
  GtkNative *native = gtk_widget_get_native (widget);
  graphene_point_t p;
  double sx, sy;
  int status = 0;

  if (!linli_test_can_send_keys ())
    return FALSE;
  if (!gtk_widget_compute_point (widget, GTK_WIDGET (native), &GRAPHENE_POINT_INIT (x, y), &p))
    return FALSE;
  gtk_native_get_surface_transform (native, &sx, &sy);
  /* No --sync: when the pointer is there already it would wait for a
   * move that never comes. */
  cmd = g_strdup_printf ("xdotool mousemove --window %lu %d %d sleep 0.05 %s",
                         (gulong) gdk_x11_surface_get_xid (gtk_native_get_surface (native)),
                         (int) (p.x + sx), (int) (p.y + sy), commands ? commands : "");
  if (!g_spawn_command_line_sync (cmd, NULL, NULL, &status, &error))
    {
      g_printerr ("xdotool: %s\n", error->message);
      return FALSE;
    }
  linli_test_iterate (120);
  return g_spawn_check_wait_status (status, NULL);
#else
  return FALSE;
#endif
}

/* Libraries that are unloaded before exit (GL drivers, GIO modules) leave
 * LeakSanitizer with frames it cannot name, which no suppression can
 * match. Keeping them loaded lets lsan.supp name the library instead. */
int dlclose (void *handle);

int
dlclose (void *handle)
{
  return 0;
}

/**
 * linli_test_make_demo:
 * @scale: "small" or "seed"
 *
 * Returns: (transfer full): the path of a new community file in @dir
 *   holding the demo community, made for 23 November 2026
 */
char *
linli_test_make_demo (const char *dir,
                      const char *scale)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LinliDb) db = NULL;
  g_autofree char *name = g_strdup_printf ("demo-%s.db", scale);
  char *path = g_build_filename (dir, name, NULL);
  LinliDemoScale s;
  GDate today;

  g_assert_true (linli_demo_parse_scale (scale, &s));
  g_date_clear (&today, 1);
  g_date_set_dmy (&today, 23, 11, 2026);
  db = linli_db_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (linli_demo_generate (db, s, 20230812, &today, NULL, NULL, &error));
  g_assert_no_error (error);
  return path;
}

GtkWidget *
linli_test_find_descendant (GtkWidget *widget,
                            GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = linli_test_find_descendant (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The first visible toplevel of @type: dialogs are not always in the
 * application's window list. */
GtkWindow *
linli_test_find_toplevel (GType type)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l; l = l->next)
    if (G_TYPE_CHECK_INSTANCE_TYPE (l->data, type) && gtk_widget_get_visible (l->data))
      return l->data;
  return NULL;
}

typedef struct
{
  GtkApplication   *app;
  LinliTestAppBody  body;
  gpointer          data;
  gboolean          started;
} AppRun;

static void
app_run_body_cb (gpointer user_data)
{
  AppRun *run = user_data;
  GtkWindow *window = gtk_application_get_active_window (run->app);
  GList *windows;

  g_assert_nonnull (window);
  linli_test_wait_for_draw (GTK_WIDGET (window));

  run->body (run->app, window, run->data);

  /* Close everything, as a user quitting does. */
  while ((windows = gtk_application_get_windows (run->app)) != NULL)
    {
      gtk_window_destroy (windows->data);
      linli_test_iterate (20);
    }
  {
    g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

    for (GList *l = toplevels; l; l = l->next)
      gtk_window_destroy (l->data);
  }
  g_application_quit (G_APPLICATION (run->app));
}

static void
app_activated_cb (GApplication *app,
                  AppRun       *run)
{
  /* Later activations come from the test body itself. */
  if (!run->started)
    {
      run->started = TRUE;
      g_idle_add_once (app_run_body_cb, run);
    }
}

void
linli_test_run_app (const char       *db_path,
                    LinliTestAppBody  body,
                    gpointer          data)
{
  AppRun run = { NULL, body, data, FALSE };
  char *argv[] = { (char *) "linli", (char *) "--db", (char *) db_path, NULL };
  gulong id;

  run.app = GTK_APPLICATION (linli_application_new ());
  id = g_signal_connect_after (run.app, "activate", G_CALLBACK (app_activated_cb), &run);
  g_assert_cmpint (g_application_run (G_APPLICATION (run.app), 3, argv), ==, 0);
  g_signal_handler_disconnect (run.app, id);
  g_assert_finalize_object (run.app);
}
