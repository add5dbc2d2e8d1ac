/* linli-core.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "linli-core"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <locale.h>

#include "linli-core.h"

/**
 * linli_core_init:
 *
 * Binds the translation domain of the core. Programs call it once, after
 * setlocale(). LINLI_LOCALEDIR overrides the installed catalogue location
 * so that uninstalled builds and tests find their translations.
 */
void
linli_core_init (void)
{
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      const char *localedir = g_getenv ("LINLI_LOCALEDIR");

      bindtextdomain (GETTEXT_PACKAGE, localedir ? localedir : LOCALEDIR);
      bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
      g_once_init_leave (&initialized, 1);
    }
}

const char *
linli_core_get_version (void)
{
  return PACKAGE_VERSION;
}
