/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "linli-db.h"

G_BEGIN_DECLS

JsonNode *linli_stats_counts (LinliDb     *db,
                              const char  *community_id,
                              GError     **error);

G_END_DECLS
