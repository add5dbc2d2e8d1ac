/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "linli-db.h"

G_BEGIN_DECLS

typedef enum
{
  LINLI_DEMO_SMALL,  /* a tenth of the seed community's territory, for quick tests */
  LINLI_DEMO_SEED,   /* one community of the seeds' size: 15 grids, 60 buildings, 337 units, 5,309 households */
  LINLI_DEMO_CITY,   /* 50 communities of seed size */
} LinliDemoScale;

typedef void (*LinliDemoProgress) (double fraction, gpointer user_data);

gboolean linli_demo_parse_scale (const char      *name,
                                 LinliDemoScale  *scale);
gboolean linli_demo_generate    (LinliDb         *db,
                                 LinliDemoScale   scale,
                                 guint32          seed,
                                 GDate           *today,
                                 LinliDemoProgress progress,
                                 gpointer         user_data,
                                 GError         **error);

G_END_DECLS
