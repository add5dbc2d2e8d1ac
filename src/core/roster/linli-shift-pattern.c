/* linli-shift-pattern.c: recurring shifts as RFC 5545 rules
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A shift pattern keeps its recurrence as an RRULE ("FREQ=WEEKLY;BYDAY=WE",
 * "FREQ=MONTHLY;BYDAY=2TH", "FREQ=DAILY"), the form calendars exchange,
 * and libical expands it: the rules of RFC 5545 (week starts, the fifth
 * Thursday that some months lack, COUNT and UNTIL) are its job, not ours.
 */

#define G_LOG_DOMAIN "linli-roster"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libical/ical.h>

#include "linli-db.h"
#include "linli-format.h"
#include "linli-roster-time.h"
#include "linli-shift-pattern.h"

/* Bounds the walk: decades of daily shifts, and a stuck iterator. */
#define MAX_OCCURRENCES 100000
#define MAX_REPEATS     64

static struct icaltimetype
julian_to_ical (guint32 julian)
{
  GDate date;
  char buf[16];

  /* Built from text: a struct filled field by field (from
   * icaltime_null_date()) makes libical 3.0 repeat daily dates. */
  g_date_clear (&date, 1);
  g_date_set_julian (&date, julian);
  g_snprintf (buf, sizeof buf, "%04d%02d%02d", g_date_get_year (&date),
              g_date_get_month (&date), g_date_get_day (&date));
  return icaltime_from_string (buf);
}

static guint32
ical_to_julian (struct icaltimetype t)
{
  GDate d;

  if (!g_date_valid_dmy (t.day, t.month, t.year))
    return 0;
  g_date_clear (&d, 1);
  g_date_set_dmy (&d, t.day, t.month, t.year);
  return g_date_get_julian (&d);
}

static gboolean
parse_rule (const char                 *rrule,
            struct icalrecurrencetype  *out,
            GError                    **error)
{
  if (rrule == NULL || *rrule == '\0')
    {
      g_set_error (error, LINLI_DB_ERROR, LINLI_DB_ERROR_INVALID,
                   _("The recurrence is empty"));
      return FALSE;
    }

  icalerror_clear_errno ();
  *out = icalrecurrencetype_from_string (rrule);
  if (out->freq == ICAL_NO_RECURRENCE || icalerrno != ICAL_NO_ERROR)
    {
      icalerror_clear_errno ();
      g_set_error (error, LINLI_DB_ERROR, LINLI_DB_ERROR_INVALID,
                   _("“%s” is not a recurrence rule (RFC 5545 RRULE)"), rrule);
      return FALSE;
    }
  if (out->freq < ICAL_DAILY_RECURRENCE)
    {
      g_set_error (error, LINLI_DB_ERROR, LINLI_DB_ERROR_INVALID,
                   _("“%s” repeats more often than once a day"), rrule);
      return FALSE;
    }
  return TRUE;
}

gboolean
linli_shift_pattern_validate (const char  *rrule,
                              GError     **error)
{
  struct icalrecurrencetype recur;

  return parse_rule (rrule, &recur, error);
}

/* libical, like RFC 5545, counts DTSTART as the first occurrence even when
 * the rule would not produce it (a market "on the second Thursday" whose
 * first date is the 1st). A secretary means the rule: drop such a start. */
static gboolean
start_follows_rule (const struct icalrecurrencetype *recur,
                    guint32                          jd)
{
  struct icaltimetype t = julian_to_ical (jd);
  int weekday = linli_roster_weekday (jd);   /* 1 Monday .. 7 Sunday */
  int days_in_month = g_date_get_days_in_month (t.month, t.year);
  gboolean day_ok = recur->by_day[0] == ICAL_RECURRENCE_ARRAY_MAX;
  gboolean month_day_ok = recur->by_month_day[0] == ICAL_RECURRENCE_ARRAY_MAX;

  for (int i = 0; i < ICAL_BY_DAY_SIZE && recur->by_day[i] != ICAL_RECURRENCE_ARRAY_MAX; i++)
    {
      /* libical: Sunday is 1 .. Saturday 7. */
      int day = icalrecurrencetype_day_day_of_week (recur->by_day[i]);
      int pos = icalrecurrencetype_day_position (recur->by_day[i]);

      if ((day == ICAL_SUNDAY_WEEKDAY ? 7 : day - 1) != weekday)
        continue;
      if (pos == 0 || recur->freq != ICAL_MONTHLY_RECURRENCE
          || (pos > 0 && (t.day - 1) / 7 + 1 == pos)
          || (pos < 0 && (days_in_month - t.day) / 7 + 1 == -pos))
        day_ok = TRUE;
    }
  for (int i = 0; i < ICAL_BY_MONTHDAY_SIZE && recur->by_month_day[i] != ICAL_RECURRENCE_ARRAY_MAX; i++)
    {
      int md = recur->by_month_day[i];

      if ((md > 0 && md == t.day) || (md < 0 && days_in_month + md + 1 == t.day))
        month_day_ok = TRUE;
    }
  return day_ok && month_day_ok;
}

/**
 * linli_shift_pattern_expand:
 * @rrule: the pattern's RRULE, without the "RRULE:" prefix
 * @dtstart: its first date, YYYY-MM-DD
 * @until: (nullable): its last date
 * @from: the first Julian day wanted
 * @to: the last Julian day wanted
 *
 * Returns: (transfer full) (element-type guint32): the Julian days of the
 *   occurrences within @from..@to, ascending; %NULL on a bad rule or date
 */
GArray *
linli_shift_pattern_expand (const char  *rrule,
                            const char  *dtstart,
                            const char  *until,
                            guint32      from,
                            guint32      to,
                            GError     **error)
{
  g_autoptr(GArray) dates = g_array_new (FALSE, FALSE, sizeof (guint32));
  struct icalrecurrencetype recur;
  icalrecur_iterator *it;
  guint32 start = linli_roster_parse_date (dtstart);
  guint32 last = until && *until ? linli_roster_parse_date (until) : G_MAXUINT32;
  guint32 previous = 0;
  gboolean keep_start;
  guint n = 0, repeats = 0;

  if (start == 0)
    {
      g_set_error (error, LINLI_DB_ERROR, LINLI_DB_ERROR_INVALID,
                   _("The first date “%s” of the pattern is not a date (YYYY-MM-DD)"),
                   dtstart ? dtstart : "");
      return NULL;
    }
  if (last == 0)
    {
      g_set_error (error, LINLI_DB_ERROR, LINLI_DB_ERROR_INVALID,
                   _("The last date “%s” of the pattern is not a date (YYYY-MM-DD)"), until);
      return NULL;
    }
  if (!parse_rule (rrule, &recur, error))
    return NULL;

  keep_start = start_follows_rule (&recur, start);
  last = MIN (last, to);
  if (last < start || last < from)
    return g_steal_pointer (&dates);

  it = icalrecur_iterator_new (recur, julian_to_ical (start));
  if (it == NULL)
    {
      icalerror_clear_errno ();
      g_set_error (error, LINLI_DB_ERROR, LINLI_DB_ERROR_INVALID,
                   _("The recurrence “%s” cannot start on %s"), rrule, dtstart);
      return NULL;
    }

  /* Jump ahead when the rule allows it; COUNT needs the walk from the
   * start, since it counts the occurrences before "from" too. */
  if (from > start && recur.count == 0)
    icalrecur_iterator_set_start (it, julian_to_ical (from));

  for (struct icaltimetype t = icalrecur_iterator_next (it);
       !icaltime_is_null_time (t) && n < MAX_OCCURRENCES;
       t = icalrecur_iterator_next (it), n++)
    {
      guint32 jd = ical_to_julian (t);

      if (jd == 0 || jd > last)
        break;
      /* Dates only ever grow; a stuck iterator ends the walk. */
      if (jd <= previous)
        {
          if (++repeats > MAX_REPEATS)
            break;
          continue;
        }
      repeats = 0;
      previous = jd;
      if (jd == start && !keep_start)
        continue;
      if (jd >= from)
        g_array_append_val (dates, jd);
    }
  icalrecur_iterator_free (it);
  icalerror_clear_errno ();

  return g_steal_pointer (&dates);
}

static const char *
ordinal (int n)
{
  switch (n)
    {
    /* Translators: "the first Thursday of every month" */
    case 1: return C_("week of month", "first");
    case 2: return C_("week of month", "second");
    case 3: return C_("week of month", "third");
    case 4: return C_("week of month", "fourth");
    case 5: return C_("week of month", "fifth");
    case -1: return C_("week of month", "last");
    default: return "";
    }
}

static const char *
ical_weekday_name (enum icalrecurrencetype_weekday day)
{
  static const GDateWeekday map[] = {
    [ICAL_MONDAY_WEEKDAY] = G_DATE_MONDAY, [ICAL_TUESDAY_WEEKDAY] = G_DATE_TUESDAY,
    [ICAL_WEDNESDAY_WEEKDAY] = G_DATE_WEDNESDAY, [ICAL_THURSDAY_WEEKDAY] = G_DATE_THURSDAY,
    [ICAL_FRIDAY_WEEKDAY] = G_DATE_FRIDAY, [ICAL_SATURDAY_WEEKDAY] = G_DATE_SATURDAY,
    [ICAL_SUNDAY_WEEKDAY] = G_DATE_SUNDAY,
  };

  if (day < ICAL_SUNDAY_WEEKDAY || day > ICAL_SATURDAY_WEEKDAY)
    return "";
  return linli_weekday_name (map[day]);
}

/**
 * linli_shift_pattern_describe:
 *
 * Returns: (transfer full): the recurrence in words ("Every Wednesday",
 *   "The second Thursday of every month"), or the rule itself when it
 *   is too unusual to put in words
 */
char *
linli_shift_pattern_describe (const char *rrule)
{
  struct icalrecurrencetype recur;
  g_autoptr(GString) days = g_string_new (NULL);
  int n_days = 0;
  int position = 0;

  if (!parse_rule (rrule, &recur, NULL))
    return g_strdup (rrule ? rrule : "");

  for (int i = 0; i < ICAL_BY_DAY_SIZE && recur.by_day[i] != ICAL_RECURRENCE_ARRAY_MAX; i++)
    {
      enum icalrecurrencetype_weekday day = icalrecurrencetype_day_day_of_week (recur.by_day[i]);
      int pos = icalrecurrencetype_day_position (recur.by_day[i]);

      if (n_days > 0)
        g_string_append (days, C_("list separator", ", "));
      g_string_append (days, ical_weekday_name (day));
      if (pos != 0)
        position = pos;
      n_days++;
    }

  switch (recur.freq)
    {
    case ICAL_DAILY_RECURRENCE:
      if (recur.interval <= 1 && n_days == 0)
        return g_strdup (_("Every day"));
      break;
    case ICAL_WEEKLY_RECURRENCE:
      if (n_days == 0)
        break;
      if (recur.interval <= 1)
        return g_strdup_printf (_("Every %s"), days->str);
      if (recur.interval == 2)
        return g_strdup_printf (_("Every other %s"), days->str);
      break;
    case ICAL_MONTHLY_RECURRENCE:
      if (n_days == 1 && position != 0 && recur.interval <= 1)
        /* Translators: "The second Thursday of every month": 1$ the
         * ordinal, 2$ the weekday */
        return g_strdup_printf (_("The %1$s %2$s of every month"), ordinal (position), days->str);
      if (n_days == 0 && recur.by_month_day[0] != ICAL_RECURRENCE_ARRAY_MAX && recur.interval <= 1)
        return g_strdup_printf (_("Day %d of every month"), recur.by_month_day[0]);
      break;
    case ICAL_SECONDLY_RECURRENCE:
    case ICAL_MINUTELY_RECURRENCE:
    case ICAL_HOURLY_RECURRENCE:
    case ICAL_YEARLY_RECURRENCE:
    case ICAL_NO_RECURRENCE:
    default:
      break;
    }

  return g_strdup (rrule);
}
