/* linli-format.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Dates, numbers and money the way a Chinese user writes them. The
 * formats are translatable: the English catalogue keeps an English
 * style, zh_CN says 2026年11月23日 and 12,000.00元.
 */

#define G_LOG_DOMAIN "linli-format"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <string.h>

#include "linli-format.h"

/* Groups the integer part by thousands: Chinese ledgers write
 * 12,000.00 like everyone else, not 1,2000.00. */
static char *
group_thousands (guint64 value)
{
  g_autofree char *digits = g_strdup_printf ("%" G_GUINT64_FORMAT, value);
  GString *out = g_string_new (NULL);
  gsize len = strlen (digits);

  for (gsize i = 0; i < len; i++)
    {
      if (i > 0 && (len - i) % 3 == 0)
        g_string_append_c (out, ',');
      g_string_append_c (out, digits[i]);
    }

  return g_string_free (out, FALSE);
}

/**
 * linli_format_money:
 * @cents: an amount in fen (1/100 yuan)
 *
 * Returns: (transfer full): the amount as the user's locale writes it
 */
char *
linli_format_money (gint64 cents)
{
  g_autofree char *number = NULL;
  g_autofree char *integer = NULL;
  guint64 abs_cents = cents < 0 ? (guint64) -cents : (guint64) cents;

  integer = group_thousands (abs_cents / 100);
  number = g_strdup_printf ("%s%s.%02u", cents < 0 ? "-" : "", integer,
                            (guint) (abs_cents % 100));

  /* Translators: an amount of money; %s is the number, e.g. 12,000.00.
   * Chinese writes it as "%s元". */
  return g_strdup_printf (C_("money", "¥%s"), number);
}

char *
linli_format_count (gint64 n)
{
  g_autofree char *grouped = group_thousands (n < 0 ? (guint64) -n : (guint64) n);

  return n < 0 ? g_strconcat ("-", grouped, NULL) : g_steal_pointer (&grouped);
}

char *
linli_format_date (GDate *date)
{
  char buf[128];
  g_autoptr(GDateTime) dt = NULL;

  g_return_val_if_fail (date != NULL && g_date_valid (date), NULL);

  dt = g_date_time_new_local (g_date_get_year (date), g_date_get_month (date),
                              g_date_get_day (date), 0, 0, 0);
  /* Translators: a date as strftime() writes it; zh_CN: "%Y年%-m月%-d日" */
  if (dt != NULL)
    return g_date_time_format (dt, C_("date format", "%-d %b %Y"));

  g_date_strftime (buf, sizeof buf, "%Y-%m-%d", date);
  return g_strdup (buf);
}

/**
 * linli_format_date_iso:
 * @iso_date: a date as YYYY-MM-DD (a longer ISO 8601 string is cut)
 *
 * Returns: (transfer full) (nullable): the date for display, or %NULL if
 *   @iso_date is not a date
 */
char *
linli_format_date_iso (const char *iso_date)
{
  GDate date;
  int y, m, d;

  if (iso_date == NULL || sscanf (iso_date, "%d-%d-%d", &y, &m, &d) != 3)
    return NULL;
  if (!g_date_valid_dmy (d, m, y))
    return NULL;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, d, m, y);
  return linli_format_date (&date);
}

char *
linli_format_datetime (GDateTime *datetime)
{
  g_return_val_if_fail (datetime != NULL, NULL);

  /* Translators: date and time as strftime() writes them;
   * zh_CN: "%Y年%-m月%-d日 %H:%M" */
  return g_date_time_format (datetime, C_("datetime format", "%-d %b %Y %H:%M"));
}

const char *
linli_weekday_name (GDateWeekday weekday)
{
  switch (weekday)
    {
    case G_DATE_MONDAY: return _("Monday");
    case G_DATE_TUESDAY: return _("Tuesday");
    case G_DATE_WEDNESDAY: return _("Wednesday");
    case G_DATE_THURSDAY: return _("Thursday");
    case G_DATE_FRIDAY: return _("Friday");
    case G_DATE_SATURDAY: return _("Saturday");
    case G_DATE_SUNDAY: return _("Sunday");
    case G_DATE_BAD_WEEKDAY:
    default:
      return "";
    }
}

/**
 * linli_mask_phone:
 * @phone: (nullable): a phone number
 *
 * Masks the middle of a phone number as Chinese notices do: 138****1234.
 * Short numbers keep only their last two digits.
 *
 * Returns: (transfer full): the masked number, "" for %NULL
 */
char *
linli_mask_phone (const char *phone)
{
  GString *out;
  glong len;

  if (phone == NULL || *phone == '\0')
    return g_strdup ("");

  len = g_utf8_strlen (phone, -1);
  out = g_string_new (NULL);

  if (len >= 11)
    {
      const char *tail = g_utf8_offset_to_pointer (phone, len - 4);
      const char *head_end = g_utf8_offset_to_pointer (phone, 3);

      g_string_append_len (out, phone, head_end - phone);
      for (glong i = 3; i < len - 4; i++)
        g_string_append_c (out, '*');
      g_string_append (out, tail);
    }
  else
    {
      const char *tail = len > 2 ? g_utf8_offset_to_pointer (phone, len - 2) : phone;

      for (glong i = 0; i < len - 2; i++)
        g_string_append_c (out, '*');
      g_string_append (out, tail);
    }

  return g_string_free (out, FALSE);
}

/**
 * linli_mask_id_number:
 * @id_number: (nullable): an 18-digit resident ID number
 *
 * Keeps the first six (region) and the last four characters.
 *
 * Returns: (transfer full): the masked number, "" for %NULL
 */
char *
linli_mask_id_number (const char *id_number)
{
  GString *out;
  glong len, i = 0;

  if (id_number == NULL || *id_number == '\0')
    return g_strdup ("");

  /* Characters, not bytes: a cell of the ID column may hold any text.
   * Only letters and digits are hidden, so that a note typed there
   * ("无", "见备注") still says what it is. */
  len = g_utf8_strlen (id_number, -1);
  out = g_string_new (NULL);
  for (const char *p = id_number; *p; p = g_utf8_next_char (p), i++)
    {
      gboolean kept = len > 10 && (i < 6 || i >= len - 4);

      if (!kept && g_ascii_isalnum (*p))
        g_string_append_c (out, '*');
      else
        g_string_append_len (out, p, g_utf8_next_char (p) - p);
    }
  return g_string_free (out, FALSE);
}
