/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "linli-db.h"

G_BEGIN_DECLS

#define LINLI_BACKUPS_KEPT 14

gboolean   linli_backup_to     (LinliDb     *db,
                                const char  *dest,
                                GError     **error);
char      *linli_backup_daily  (LinliDb     *db,
                                GDate       *today,
                                guint        keep,
                                GError     **error);
GPtrArray *linli_backup_list   (LinliDb     *db);
gboolean   linli_restore       (const char  *db_path,
                                const char  *source,
                                char       **safety_copy,
                                GError     **error);

G_END_DECLS
