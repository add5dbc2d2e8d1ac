/* linli-roster-time.c: dates and times of the roster
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "linli-roster"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "linli-roster-time.h"

/**
 * linli_roster_parse_time:
 * @hhmm: (nullable): a time of day as HH:MM; 24:00 is the end of the day
 *
 * Returns: minutes after midnight, or -1 when @hhmm is not a time
 */
int
linli_roster_parse_time (const char *hhmm)
{
  int h, m;
  char tail;

  if (hhmm == NULL || sscanf (hhmm, "%2d:%2d%c", &h, &m, &tail) != 2)
    return -1;
  if (strlen (hhmm) != 5 || h < 0 || m < 0 || m > 59 || h > 24 || (h == 24 && m != 0))
    return -1;
  return h * 60 + m;
}

char *
linli_roster_format_time (int minutes)
{
  g_return_val_if_fail (minutes >= 0 && minutes <= 24 * 60, NULL);

  return g_strdup_printf ("%02d:%02d", minutes / 60, minutes % 60);
}

/**
 * linli_roster_parse_date:
 * @iso_date: (nullable): a date as YYYY-MM-DD
 *
 * Returns: its Julian day number, or 0 when @iso_date is not a date
 */
guint32
linli_roster_parse_date (const char *iso_date)
{
  GDate date;
  int y, m, d;
  char tail;

  if (iso_date == NULL || strlen (iso_date) != 10
      || sscanf (iso_date, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3)
    return 0;
  if (!g_date_valid_dmy (d, m, y))
    return 0;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, d, m, y);
  return g_date_get_julian (&date);
}

char *
linli_roster_format_date (guint32 julian)
{
  GDate date;

  g_return_val_if_fail (g_date_valid_julian (julian), NULL);

  g_date_clear (&date, 1);
  g_date_set_julian (&date, julian);
  return g_strdup_printf ("%04d-%02d-%02d", g_date_get_year (&date),
                          g_date_get_month (&date), g_date_get_day (&date));
}

/* Monday is 1, Sunday 7, as in the availability JSON and ISO 8601. */
int
linli_roster_weekday (guint32 julian)
{
  /* Julian day 1 (0001-01-01) was a Monday. */
  return (int) ((julian - 1) % 7) + 1;
}

guint
linli_roster_iso_week (guint32 julian)
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_julian (&date, julian);
  return g_date_get_iso8601_week_of_year (&date);
}

guint32
linli_roster_week_start (guint32 julian)
{
  return julian - (guint32) (linli_roster_weekday (julian) - 1);
}

guint32
linli_roster_month_start (guint32 julian)
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_julian (&date, julian);
  return julian - g_date_get_day (&date) + 1;
}

guint32
linli_roster_month_end (guint32 julian)
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_julian (&date, julian);
  return julian - g_date_get_day (&date)
    + g_date_get_days_in_month (g_date_get_month (&date), g_date_get_year (&date));
}

int
linli_roster_month_of (guint32 julian)
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_julian (&date, julian);
  return g_date_get_month (&date);
}

int
linli_roster_year_of (guint32 julian)
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_julian (&date, julian);
  return g_date_get_year (&date);
}

guint32
linli_roster_today (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, g_date_time_get_day_of_month (now),
                  g_date_time_get_month (now), g_date_time_get_year (now));
  return g_date_get_julian (&date);
}
