/* test-sync-fuzz-corpus.c: the fuzz target's corpus, as a test
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every file of tests/sync/fuzz-corpus/ (seeds, and inputs that once
 * crashed something) goes through the decoders in every build.
 */

#include "config.h"

#include <locale.h>

#include "linli-core.h"
#include "linli-sync-fuzz.h"

static void
run_file (gconstpointer data)
{
  const char *path = data;
  g_autofree char *contents = NULL;
  gsize len = 0;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_get_contents (path, &contents, &len, &error));
  LLVMFuzzerTestOneInput ((const uint8_t *) contents, len);
}

int
main (int argc, char *argv[])
{
  g_autofree char *dir = g_build_filename (g_getenv ("LINLI_SOURCE_ROOT"), "tests", "sync", "fuzz-corpus", NULL);
  g_autoptr(GDir) d = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);
  linli_core_init ();

  d = g_dir_open (dir, 0, NULL);
  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, (GCompareFunc) g_ascii_strcasecmp);
  g_assert_cmpuint (names->len, >, 5);

  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *test = g_strdup_printf ("/sync/fuzz-corpus/%s", (char *) names->pdata[i]);

      g_test_add_data_func_full (test, g_build_filename (dir, names->pdata[i], NULL), run_file, g_free);
    }
  return g_test_run ();
}
