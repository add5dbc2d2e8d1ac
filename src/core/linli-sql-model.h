/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "linli-db.h"

G_BEGIN_DECLS

#define LINLI_TYPE_RECORD (linli_record_get_type ())

G_DECLARE_FINAL_TYPE (LinliRecord, linli_record, LINLI, RECORD, GObject)

const char *linli_record_get_id     (LinliRecord *self);
const char *linli_record_get_string (LinliRecord *self,
                                     const char  *column);
gint64      linli_record_get_int    (LinliRecord *self,
                                     const char  *column);
double      linli_record_get_double (LinliRecord *self,
                                     const char  *column);
guint       linli_record_count_alive (void);

#define LINLI_TYPE_SQL_MODEL (linli_sql_model_get_type ())

G_DECLARE_FINAL_TYPE (LinliSqlModel, linli_sql_model, LINLI, SQL_MODEL, GObject)

LinliSqlModel *linli_sql_model_new     (LinliDb       *db,
                                        const char    *from,
                                        const char    *where,
                                        const char    *order_by,
                                        const char    *columns,
                                        const char    *format,
                                        ...);
gboolean       linli_sql_model_refresh (LinliSqlModel *self,
                                        GError       **error);
guint          linli_sql_model_get_cached_pages (LinliSqlModel *self);
gint           linli_sql_model_find    (LinliSqlModel *self,
                                        const char    *id);

G_END_DECLS
