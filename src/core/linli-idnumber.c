/* linli-idnumber.c: resident ID numbers (GB 11643-1999) and phones
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "linli-idnumber"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <string.h>

#include "linli-idnumber.h"

static const int weights[17] = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };
static const char check_chars[11] = { '1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2' };

/**
 * linli_id_number_check_digit:
 * @first17: the first 17 digits
 *
 * Returns: the check character that completes them, or '\0' when they are
 *   not 17 digits
 */
char
linli_id_number_check_digit (const char *first17)
{
  int sum = 0;

  for (int i = 0; i < 17; i++)
    {
      if (!g_ascii_isdigit (first17[i]))
        return '\0';
      sum += (first17[i] - '0') * weights[i];
    }
  return check_chars[sum % 11];
}

/* Spreadsheets keep ID numbers with spaces, a lower-case x, full-width
 * digits, or a leading apostrophe that forced Excel to keep it as text. */
char *
linli_id_number_normalize (const char *id_number)
{
  GString *out;

  if (id_number == NULL)
    return NULL;

  /* Most are written as they should be: digits and X. */
  {
    const char *p;

    for (p = id_number; g_ascii_isdigit (*p) || *p == 'X'; p++)
      ;
    if (*p == '\0')
      return g_strdup (id_number);
  }

  out = g_string_new (NULL);
  for (const char *p = id_number; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c >= 0xFF10 && c <= 0xFF19) /* full-width digits */
        c = '0' + (c - 0xFF10);
      else if (c == 0xFF38 || c == 0xFF58) /* full-width X x */
        c = 'X';

      if (c == 'x')
        c = 'X';
      if (g_unichar_isspace (c) || c == '\'' || c == '-' || c == 0x3000)
        continue;
      g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

LinliIdStatus
linli_id_number_check (const char *id_number)
{
  int y, m, d;

  if (id_number == NULL || *id_number == '\0')
    return LINLI_ID_EMPTY;
  if (strlen (id_number) != 18)
    return LINLI_ID_BAD_LENGTH;
  for (int i = 0; i < 17; i++)
    if (!g_ascii_isdigit (id_number[i]))
      return LINLI_ID_BAD_CHARACTERS;
  if (!g_ascii_isdigit (id_number[17]) && id_number[17] != 'X')
    return LINLI_ID_BAD_CHARACTERS;

  /* The 17 first characters are digits: the date needs no sscanf. */
  y = (id_number[6] - '0') * 1000 + (id_number[7] - '0') * 100 + (id_number[8] - '0') * 10 + (id_number[9] - '0');
  m = (id_number[10] - '0') * 10 + (id_number[11] - '0');
  d = (id_number[12] - '0') * 10 + (id_number[13] - '0');
  if (y < 1880 || !g_date_valid_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y))
    return LINLI_ID_BAD_DATE;

  if (linli_id_number_check_digit (id_number) != id_number[17])
    return LINLI_ID_BAD_CHECK_DIGIT;

  return LINLI_ID_OK;
}

/**
 * linli_id_number_birth_date:
 *
 * Returns: (transfer full) (nullable): YYYY-MM-DD from a valid ID number
 */
char *
linli_id_number_birth_date (const char *id_number)
{
  if (linli_id_number_check (id_number) == LINLI_ID_BAD_LENGTH ||
      id_number == NULL || strlen (id_number) != 18)
    return NULL;

  {
    char *date = g_malloc (11);

    /* "%.4s-%.2s-%.2s" of the digits 7 to 14 */
    memcpy (date, id_number + 6, 4);
    date[4] = '-';
    memcpy (date + 5, id_number + 10, 2);
    date[7] = '-';
    memcpy (date + 8, id_number + 12, 2);
    date[10] = '\0';
    return date;
  }
}

/* The 17th digit is odd for men, even for women. */
char
linli_id_number_gender (const char *id_number)
{
  if (id_number == NULL || strlen (id_number) != 18 || !g_ascii_isdigit (id_number[16]))
    return '\0';
  return ((id_number[16] - '0') % 2) ? 'M' : 'F';
}

const char *
linli_id_status_describe (LinliIdStatus status)
{
  switch (status)
    {
    case LINLI_ID_OK: return _("valid");
    case LINLI_ID_EMPTY: return _("the ID number is empty");
    case LINLI_ID_BAD_LENGTH: return _("an ID number has 18 characters");
    case LINLI_ID_BAD_CHARACTERS: return _("an ID number is 17 digits and a last digit or X");
    case LINLI_ID_BAD_DATE: return _("the birth date inside the ID number does not exist");
    case LINLI_ID_BAD_CHECK_DIGIT: return _("the ID number’s check digit is wrong (a digit was mistyped)");
    default: return "";
    }
}

/* Keeps digits and one dash of a landline: "139 0718 1234" → 13907181234,
 * "027-8888 6666" → 027-88886666. */
char *
linli_phone_normalize (const char *phone)
{
  g_autoptr(GString) digits = g_string_new (NULL);
  gsize first_group = 0;
  gboolean in_first = TRUE, plus = FALSE;

  if (phone == NULL)
    return NULL;

  for (const char *p = phone; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c >= 0xFF10 && c <= 0xFF19)
        c = '0' + (c - 0xFF10);
      if (g_ascii_isdigit (c))
        {
          g_string_append_c (digits, (char) c);
          if (in_first)
            first_group++;
        }
      else if (c == '+' && digits->len == 0)
        plus = TRUE;
      else if (digits->len > 0)
        in_first = FALSE;
    }

  /* 0086, the international prefix dialled from China, then as +86 */
  if (g_str_has_prefix (digits->str, "0086") && digits->len >= 13)
    {
      g_string_erase (digits, 0, 2);
      first_group = first_group > 2 ? first_group - 2 : 0;
      plus = TRUE;
    }
  /* +86 or 86 in front of a mobile number */
  if ((plus && g_str_has_prefix (digits->str, "86")) ||
      (digits->len == 13 && g_str_has_prefix (digits->str, "861")))
    {
      g_string_erase (digits, 0, 2);
      first_group = first_group > 2 ? first_group - 2 : 0;
    }

  /* A landline written with its area code apart: 027-88886666. */
  if (digits->str[0] == '0' && (first_group == 3 || first_group == 4) &&
      digits->len > first_group + 6)
    {
      g_string_insert_c (digits, (gssize) first_group, '-');
    }

  return g_string_free (g_steal_pointer (&digits), FALSE);
}

/* A mainland mobile (1[3-9] and 9 more digits), or a landline with or
 * without its area code (0 + 2-3 digits, then 7-8 digits). */
gboolean
linli_phone_is_valid (const char *phone)
{
  gsize len;
  const char *dash;

  if (phone == NULL)
    return FALSE;

  len = strlen (phone);
  dash = strchr (phone, '-');

  if (dash == NULL)
    {
      for (gsize i = 0; i < len; i++)
        if (!g_ascii_isdigit (phone[i]))
          return FALSE;
      if (len == 11 && phone[0] == '1')
        return phone[1] >= '3' && phone[1] <= '9';
      if (len >= 10 && len <= 12 && phone[0] == '0')
        return TRUE;   /* area code and number written together */
      return len == 7 || len == 8;
    }
  else
    {
      gsize area = (gsize) (dash - phone);
      gsize rest = len - area - 1;

      if (phone[0] != '0' || area < 3 || area > 4 || rest < 7 || rest > 8)
        return FALSE;
      for (gsize i = 0; i < len; i++)
        if (i != area && !g_ascii_isdigit (phone[i]))
          return FALSE;
      return TRUE;
    }
}

/**
 * linli_age_on:
 * @birth_date: YYYY-MM-DD
 * @on: (nullable): the day to count to; today when %NULL
 *
 * Returns: the age in whole years, or -1 when @birth_date is not a date
 */
int
linli_age_on (const char *birth_date,
              GDate      *on)
{
  int y, m, d, age;
  GDate today;

  if (birth_date == NULL || sscanf (birth_date, "%d-%d-%d", &y, &m, &d) != 3 ||
      !g_date_valid_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y))
    return -1;

  if (on == NULL)
    {
      g_date_clear (&today, 1);
      g_date_set_time_t (&today, time (NULL));
      on = &today;
    }

  age = g_date_get_year (on) - y;
  if ((int) g_date_get_month (on) < m ||
      ((int) g_date_get_month (on) == m && g_date_get_day (on) < d))
    age--;
  return age;
}
