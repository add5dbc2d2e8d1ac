/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "linli-db.h"

G_BEGIN_DECLS

/* A volunteer's service hours in one year: a line of the ledger. */
typedef struct
{
  char   *volunteer_id;
  char   *name;
  char   *phone;        /* masked unless they consented to be posted */
  double  months[12];
  double  total;
  guint   n_shifts;     /* shifts attended or walked in */
  guint   n_absent;
} LinliHoursRow;

void       linli_hours_row_free   (LinliHoursRow *row);
GPtrArray *linli_hours_ledger     (LinliDb     *db,
                                   const char  *community_id,
                                   int          year,
                                   const char  *team_id,
                                   GError     **error);
gboolean   linli_hours_write_csv  (GPtrArray   *rows,
                                   int          year,
                                   const char  *path,
                                   GError     **error);
gboolean   linli_hours_write_xlsx (GPtrArray   *rows,
                                   int          year,
                                   const char  *title,
                                   const char  *path,
                                   GError     **error);

gboolean   linli_roster_export_csv     (LinliDb     *db,
                                        const char  *path,
                                        const char  *team_id,
                                        const char  *from,
                                        const char  *to,
                                        GError     **error);
gboolean   linli_volunteers_export_csv (LinliDb     *db,
                                        const char  *community_id,
                                        const char  *path,
                                        GError     **error);

G_END_DECLS
