/* fuzz-csv.c: libFuzzer target for the CSV reader (every encoding), then the column
 * detection and the validation of what it read.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Built and run by build-aux/linli-fuzz (clang, -fsanitize=fuzzer,address).
 */

#include <stdint.h>

#include "linli-import.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  GError *error = NULL;
  LinliSheet *sheet = linli_csv_read (data, size, &error);

  if (sheet != NULL)
    {
      LinliImport *import = linli_import_new (sheet, NULL);

      if (import != NULL)
        {
          linli_import_validate (import);
          g_free (linli_import_format_report (import));
          g_object_unref (import);
        }
    }
  g_clear_error (&error);
  return 0;
}
