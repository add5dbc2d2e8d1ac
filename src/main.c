/* main.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "linli-core.h"
#include "linli-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(LinliApplication) app = NULL;

  setlocale (LC_ALL, "");
  linli_core_init ();
  textdomain (GETTEXT_PACKAGE);

  app = linli_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
