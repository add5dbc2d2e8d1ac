/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void     linli_test_ui_init          (int         *argc,
                                      char      ***argv);
void     linli_test_wait_for_draw    (GtkWidget   *widget);
void     linli_test_iterate          (guint        ms);
gboolean linli_test_wait_until       (gboolean   (*cond) (gpointer),
                                      gpointer     data,
                                      guint        timeout_ms);
char    *linli_test_screenshot       (GtkWidget   *widget,
                                      const char  *name);
gboolean linli_test_send_keys        (GtkWindow   *window,
                                      const char  *keys);
gboolean linli_test_can_send_keys    (void);
gboolean linli_test_pointer          (GtkWidget   *widget,
                                      double       x,
                                      double       y,
                                      const char  *commands);
char    *linli_test_make_demo        (const char  *dir,
                                      const char  *scale);

/* Runs @body inside the real application's main loop, opened on @db_path
 * with --db, the way a user's session does; then closes every window,
 * quits, and checks that the application is finalized. */
typedef void (*LinliTestAppBody) (GtkApplication *app,
                                  GtkWindow      *window,
                                  gpointer        data);

void     linli_test_run_app          (const char       *db_path,
                                      LinliTestAppBody  body,
                                      gpointer          data);
GtkWidget *linli_test_find_descendant (GtkWidget       *widget,
                                      GType            type);
GtkWindow *linli_test_find_toplevel  (GType            type);

G_END_DECLS
