/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Dates are Julian day numbers (GDate's, day 1 = 0001-01-01) inside the
 * roster code: weeks and months are then plain arithmetic. Times of day
 * are minutes after midnight. */

int      linli_roster_parse_time      (const char *hhmm);
char    *linli_roster_format_time     (int         minutes);
guint32  linli_roster_parse_date      (const char *iso_date);
char    *linli_roster_format_date     (guint32     julian);
int      linli_roster_weekday         (guint32     julian);
guint    linli_roster_iso_week        (guint32     julian);
guint32  linli_roster_week_start      (guint32     julian);
guint32  linli_roster_month_start     (guint32     julian);
guint32  linli_roster_month_end       (guint32     julian);
int      linli_roster_month_of        (guint32     julian);
int      linli_roster_year_of         (guint32     julian);
guint32  linli_roster_today           (void);

G_END_DECLS
