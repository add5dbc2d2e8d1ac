/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "linli-db.h"

G_BEGIN_DECLS

typedef enum
{
  LINLI_EXPORT_FLAGS_NONE = 0,
  LINLI_EXPORT_FLAGS_FULL = 1 << 0, /* ID numbers and phones in full, not masked */
} LinliExportFlags;

gboolean linli_export_residents (LinliDb           *db,
                                 const char        *community_id,
                                 const char        *path,
                                 LinliExportFlags   flags,
                                 guint             *n_exported,
                                 GError           **error);

G_END_DECLS
