/* fuzz-sync-decode.c: the decoders of sync's requests and answers, for
 * libFuzzer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every input goes to the server's decoders of a push and of an
 * enrolment, and to the client's decoder of a pull page: whatever the
 * bytes, each returns a value or an error, and never crashes, leaks or
 * reads out of bounds. Built with clang by build-aux/fuzz-sync; the
 * corpus runs as a test in every build (test-sync-fuzz-corpus).
 */

#include "config.h"

#include <stdint.h>

#include "linli-sync-wire.h"
#include "linli-sync-fuzz.h"

static LinliSyncSchema *schema;

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  const char *text = (const char *) data;

  if (schema == NULL)
    {
      g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
      schema = linli_sync_schema_new_builtin (NULL);
      g_assert (schema != NULL);
    }

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(LinliSyncPush) push = linli_sync_decode_push (schema, text, size, &error);

    g_assert ((push == NULL) == (error != NULL));
    if (push != NULL)
      for (guint i = 0; i < push->changes->len; i++)
        {
          g_autoptr(GString) out = g_string_new (NULL);

          linli_sync_change_append_json (out, push->changes->pdata[i], FALSE);
          g_assert (out->len > 0);
        }
  }
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(LinliSyncEnrol) enrol = linli_sync_decode_enrol (text, size, &error);

    g_assert ((enrol == NULL) == (error != NULL));
  }
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(LinliSyncPullPage) page = linli_sync_decode_page (schema, text, size, &error);

    g_assert ((page == NULL) == (error != NULL));
  }
  return 0;
}
