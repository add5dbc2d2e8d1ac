/* linli-import-parse.c: reading what people write in ledger cells
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Addresses come as 12栋2单元501, 12号楼2单元501室, 12-2-501 or
 * 青和居12幢二单元501; dates as 1956-03-12, 1956/3/12, 1956年3月12日,
 * 19560312 or only 1956.03 (出生年月); digits in full width from Chinese
 * input methods. These helpers turn them into Linli's forms.
 */

#define G_LOG_DOMAIN "linli-import"

#include "config.h"

#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "linli-import-private.h"

/**
 * _linli_import_needs_fold:
 *
 * Returns: whether _linli_import_fold() changes more of @text than the
 *   spaces at its ends. Most cells of a ledger hold nothing to fold.
 */
gboolean
_linli_import_needs_fold (const char *text)
{
  /* \t \r \n, and the lead bytes of what folds: NBSP (C2 A0), the
   * dashes (E2 80 92-94, E2 88 92), the ideographic space (E3 80 80),
   * the full-width forms and the small hyphen (EF …) */
  for (const guchar *p = (const guchar *) text; *p; p++)
    if (*p == '\t' || *p == '\r' || *p == '\n' || *p == 0xC2 || *p == 0xE2 || *p == 0xEF ||
        (*p == 0xE3 && p[1] == 0x80 && p[2] == 0x80))
      return TRUE;
  return FALSE;
}

/**
 * _linli_import_fold:
 *
 * Full-width letters, digits and signs to ASCII, the ideographic space
 * and NBSP to a space, dashes to "-", and trims.
 *
 * Returns: (transfer full): the folded text
 */
char *
_linli_import_fold (const char *text)
{
  GString *out;

  if (text == NULL)
    return NULL;

  if (!_linli_import_needs_fold (text))
    {
      const char *start = text, *end = text + strlen (text);

      while (g_ascii_isspace (*start))
        start++;
      while (end > start && g_ascii_isspace (end[-1]))
        end--;
      return g_strndup (start, (gsize) (end - start));
    }

  out = g_string_sized_new (strlen (text));
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c >= 0xFF01 && c <= 0xFF5E)
        c = c - 0xFF01 + 0x21;
      else if (c == 0x3000 || c == 0x00A0 || c == '\t' || c == '\r' || c == '\n')
        c = ' ';
      else if (c == 0x2014 || c == 0x2013 || c == 0x2012 || c == 0x2212 || c == 0xFE63)
        c = '-';
      g_string_append_unichar (out, c);
    }
  g_strstrip (out->str);
  g_string_set_size (out, strlen (out->str));
  return g_string_free (out, FALSE);
}

static int
chinese_number (const char *s)
{
  static const char *digits[] = { "零", "一", "二", "三", "四", "五", "六", "七", "八", "九" };
  int value = 0, current = -1;
  const char *p = s;

  if (*p == '\0')
    return -1;

  while (*p)
    {
      gboolean matched = FALSE;

      for (int d = 0; d < 10; d++)
        if (g_str_has_prefix (p, digits[d]))
          {
            current = d;
            p += strlen (digits[d]);
            matched = TRUE;
            break;
          }
      if (matched)
        continue;
      if (g_str_has_prefix (p, "两"))
        {
          current = 2;
          p += strlen ("两");
          continue;
        }
      if (g_str_has_prefix (p, "十"))
        {
          value += (current < 0 ? 1 : current) * 10;
          current = -1;
          p += strlen ("十");
          continue;
        }
      return -1;
    }
  if (current > 0)
    value += current;
  return value;
}

static gboolean strip_suffix (char *s, const char *suffix);
static void strip_prefix (char *s, const char *prefix);

/* "第3网格", "三网格", "3", "第三网格" -> 3; -1 for a name that is not
 * only a number ("3-1网格", "东区网格"). */
int
_linli_import_grid_number (const char *text)
{
  g_autofree char *s = _linli_import_fold (text);
  char *end = NULL;
  long n;

  if (s == NULL || *s == '\0')
    return -1;
  strip_prefix (s, "第");
  if (!strip_suffix (s, "号网格"))
    strip_suffix (s, "网格");
  strip_suffix (s, "号");
  if (*s == '\0')
    return -1;
  n = strtol (s, &end, 10);
  if (end != s && *end == '\0')
    return n >= 0 && n < 10000 ? (int) n : -1;
  n = chinese_number (s);
  return n >= 1 && n < 100 ? (int) n : -1;
}

static gboolean
strip_suffix (char       *s,
              const char *suffix)
{
  gsize len = strlen (s), n = strlen (suffix);

  if (len > n && g_str_equal (s + len - n, suffix))
    {
      s[len - n] = '\0';
      g_strchomp (s);
      return TRUE;
    }
  return FALSE;
}

static void
strip_prefix (char       *s,
              const char *prefix)
{
  gsize n = strlen (prefix);

  if (g_str_has_prefix (s, prefix) && s[n] != '\0')
    {
      memmove (s, s + n, strlen (s + n) + 1);
      g_strchug (s);
    }
}

/* "12栋", "12号楼", "第12幢", "A3座" -> "12", "A3"; NULL if nothing is left. */
char *
_linli_import_building (const char *text)
{
  g_autofree char *s = _linli_import_fold (text);
  static const char *suffixes[] = { "号楼", "栋", "幢", "座", "楼", "号", "#" };

  if (s == NULL)
    return NULL;
  strip_prefix (s, "第");
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    if (strip_suffix (s, suffixes[i]))
      break;
  if (*s == '\0')
    return NULL;
  for (char *p = s; *p; p++)
    *p = g_ascii_toupper (*p);
  return g_steal_pointer (&s);
}

/* "2", "2单元", "第二单元", "二门" -> 2; 0 when empty, -1 when unreadable. */
int
_linli_import_unit (const char *text)
{
  g_autofree char *s = _linli_import_fold (text);
  static const char *suffixes[] = { "单元", "门", "单" };
  char *end = NULL;
  long n;

  if (s == NULL || *s == '\0')
    return 0;
  strip_prefix (s, "第");
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    if (strip_suffix (s, suffixes[i]))
      break;

  n = strtol (s, &end, 10);
  if (end != s && *end == '\0')
    return (n >= 1 && n <= 99) ? (int) n : -1;
  n = chinese_number (s);
  return (n >= 1 && n <= 99) ? (int) n : -1;
}

/* "501", "501室", "501号" -> "501"; NULL when empty or not a room. */
char *
_linli_import_room (const char *text)
{
  g_autofree char *s = _linli_import_fold (text);
  static const char *suffixes[] = { "室", "号", "房" };

  if (s == NULL || *s == '\0')
    return NULL;
  /* 5楼1号: the fifth floor's first door */
  {
    int f = 0, n = 0, used = 0;

    if (sscanf (s, "%d楼%d%n", &f, &n, &used) == 2 && f > 0 && f < 100 && n > 0 && n < 100 &&
        (s[used] == '\0' || g_str_equal (s + used, "号") || g_str_equal (s + used, "室")))
      return g_strdup_printf ("%d%02d", f, n);
  }
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    if (strip_suffix (s, suffixes[i]))
      break;
  if (*s == '\0' || strlen (s) > 8)
    return NULL;
  for (char *p = s; *p; p++)
    {
      if (!g_ascii_isalnum (*p) && *p != '-')
        return NULL;
      *p = g_ascii_toupper (*p);
    }
  return g_steal_pointer (&s);
}

/* 501 -> 5, 1203 -> 12, B101 -> 1, 5-1 -> 5; -1 when it cannot tell. */
int
_linli_import_floor_of_room (const char *room)
{
  const char *p = room;
  const char *dash;
  gsize digits = 0;
  long n;

  if (room == NULL)
    return -1;
  while (*p && g_ascii_isalpha (*p))
    p++;
  dash = strchr (p, '-');
  if (dash != NULL)
    {
      /* 5-01: the floor, then the door; 101-1: a room, then a door in it */
      n = strtol (p, NULL, 10);
      if (dash - p >= 3)
        n /= 100;
      return (dash > p && n > 0 && n < 200) ? (int) n : -1;
    }
  for (const char *q = p; *q && g_ascii_isdigit (*q); q++)
    digits++;
  if (digits < 3 || digits > 5)
    return -1;
  n = strtol (p, NULL, 10);
  return (int) (n / 100);
}

static GRegex *
regex_once (GRegex    **slot,
            const char *pattern)
{
  if (g_once_init_enter (slot))
    {
      GRegex *re = g_regex_new (pattern, G_REGEX_OPTIMIZE, 0, NULL);

      g_assert (re != NULL);
      g_once_init_leave (slot, re);
    }
  return *slot;
}

void
_linli_address_clear (LinliAddress *address)
{
  g_clear_pointer (&address->compound, g_free);
  g_clear_pointer (&address->building, g_free);
  g_clear_pointer (&address->room, g_free);
  address->unit = 0;
}

static char *
named_group (GMatchInfo *match,
             const char *name)
{
  char *s = g_match_info_fetch_named (match, name);

  if (s != NULL && *s == '\0')
    g_clear_pointer (&s, g_free);
  if (s != NULL)
    g_strstrip (s);
  return s;
}

/**
 * _linli_import_parse_address:
 * @text: "12栋2单元501", "青和居12号楼2单元501室", "12-2-501", "12-501"
 *
 * Returns: %TRUE when @text names at least a building and a room
 */
gboolean
_linli_import_parse_address (const char   *text,
                             LinliAddress *address)
{
  static GRegex *floor_door, *written, *dashed3, *dashed2;
  g_autofree char *s = _linli_import_fold (text);
  g_autoptr(GMatchInfo) match = NULL;
  GRegex *res[4];
  gboolean ok = FALSE;

  memset (address, 0, sizeof *address);
  if (s == NULL || *s == '\0')
    return FALSE;

  /* 12栋2单元5楼1号: the fifth floor's first door, room 501 */
  res[0] = regex_once (&floor_door,
                       "^(?<c>.*?)第?(?<b>[A-Za-z]?\\d+[A-Za-z]?|[A-Za-z])\\s*(?:号楼|栋|幢|座|#)\\s*"
                       "(?:第?(?<u>\\d+|[一二三四五六七八九十两]+)\\s*(?:单元|门)\\s*)?"
                       "(?<f>\\d{1,2})\\s*(?:楼|层)\\s*(?<n>\\d{1,2})\\s*(?:号|室|户)?$");
  /* 12栋2单元501, A座2单元1203, 12栋2-501 */
  res[1] = regex_once (&written,
                       "^(?<c>.*?)第?(?<b>[A-Za-z]?\\d+[A-Za-z]?|[A-Za-z])\\s*(?:号楼|栋|幢|座|#|号|楼)\\s*"
                       "(?:第?(?<u>\\d+|[一二三四五六七八九十两]+)\\s*(?:单元|门|单)\\s*-?\\s*|(?<u2>\\d{1,2})\\s*-\\s*(?=\\d{3}))?"
                       "(?<r>[A-Za-z]?\\d+(?:-\\d+)?)\\s*(?:室|号|房)?$");
  res[2] = regex_once (&dashed3,
                       "^(?<c>.*?)(?<b>[A-Za-z]?\\d+[A-Za-z]?)\\s*-\\s*(?<u>\\d+)\\s*-\\s*(?<r>[A-Za-z]?\\d+)\\s*(?:室|号)?$");
  res[3] = regex_once (&dashed2,
                       "^(?<c>.*?)(?<b>[A-Za-z]?\\d+[A-Za-z]?)\\s*-\\s*(?<r>\\d{3,4})\\s*(?:室|号)?$");

  for (guint i = 0; i < G_N_ELEMENTS (res) && !ok; i++)
    {
      g_autofree char *c = NULL;
      g_autofree char *b = NULL;
      g_autofree char *u = NULL;
      g_autofree char *r = NULL;

      g_clear_pointer (&match, g_match_info_free);
      if (!g_regex_match (res[i], s, 0, &match))
        continue;

      c = named_group (match, "c");
      b = named_group (match, "b");
      u = named_group (match, "u");
      if (u == NULL && i == 1)
        u = named_group (match, "u2");
      if (i == 0)
        {
          g_autofree char *f = named_group (match, "f");
          g_autofree char *n = named_group (match, "n");

          r = g_strdup_printf ("%d%02d", atoi (f), atoi (n));
        }
      else
        r = named_group (match, "r");

      if (c != NULL)
        {
          strip_suffix (c, "第");
          if (*c == '\0')
            g_clear_pointer (&c, g_free);
        }
      address->compound = g_steal_pointer (&c);
      address->building = _linli_import_building (b);
      address->unit = u ? _linli_import_unit (u) : 0;
      address->room = _linli_import_room (r);
      ok = address->building != NULL && address->room != NULL && address->unit >= 0;
      if (!ok)
        _linli_address_clear (address);
    }

  return ok;
}

static gboolean
valid_birth (int y,
             int m,
             int d)
{
  static gsize this_year;

  if (g_once_init_enter (&this_year))
    {
      GDateTime *now = g_date_time_new_now_local ();

      g_once_init_leave (&this_year, (gsize) g_date_time_get_year (now));
      g_date_time_unref (now);
    }
  return y >= 1880 && y <= (int) this_year && m >= 1 && m <= 12 &&
         (d == 0 || g_date_valid_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y));
}

/* The date grammar below is read by hand, not with GRegex: every row of a
 * ledger has a birth date, and three regular expressions per cell were a
 * good part of the validation's time. It reads what these would:
 *
 *   full     ^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$
 *   compact  ^(\d{4})(\d{2})(\d{2})$
 *   month    ^(\d{4})\s*(?:[-/.年]\s*(\d{1,2})\s*月?|(\d{2}))$
 *
 * with \d and \s of Unicode, and a $ that also matches before a last line
 * break of any kind, as GRegex has them. */

static gboolean
is_pattern_space (gunichar c)
{
  return c == '\v' || c == 0x85 || g_unichar_isspace (c);
}

static const char *
skip_pattern_spaces (const char *p)
{
  while (*p != '\0' && is_pattern_space (g_utf8_get_char (p)))
    p = g_utf8_next_char (p);
  return p;
}

/* \d{min,max} at @p: the end of the digits, or NULL; *value is what
 * atoi() reads of them. */
static const char *
read_digits (const char *p,
             int         min,
             int         max,
             int        *value)
{
  const char *start = p;
  char buf[32];
  int n = 0;

  while (n < max && *p != '\0' && g_unichar_isdigit (g_utf8_get_char (p)))
    {
      p = g_utf8_next_char (p);
      n++;
    }
  if (n < min || (gsize) (p - start) >= sizeof buf)
    return NULL;
  memcpy (buf, start, (gsize) (p - start));
  buf[p - start] = '\0';
  *value = atoi (buf);
  return p;
}

/* One of - / . or @word at @p: what follows it, or NULL. */
static const char *
read_separator (const char *p,
                const char *word)
{
  if (*p == '-' || *p == '/' || *p == '.')
    return p + 1;
  if (g_str_has_prefix (p, word))
    return p + strlen (word);
  return NULL;
}

/* $: the end, or a line break that ends the text */
static gboolean
at_end (const char *p)
{
  gunichar c;

  if (*p == '\0')
    return TRUE;
  if (p[0] == '\r' && p[1] == '\n')
    return p[2] == '\0';
  c = g_utf8_get_char (p);
  return (c == '\n' || c == '\r' || c == '\v' || c == '\f' || c == 0x85 || c == 0x2028 || c == 0x2029) &&
         *g_utf8_next_char (p) == '\0';
}

/* @word, if it is at @p, then the end of the text. */
static gboolean
ends_with_optional (const char *p,
                    const char *word)
{
  if (g_str_has_prefix (p, word))
    p += strlen (word);
  return at_end (p);
}

static gboolean
read_full_date (const char *p,
                int        *y,
                int        *m,
                int        *d)
{
  if ((p = read_digits (p, 4, 4, y)) == NULL ||
      (p = read_separator (skip_pattern_spaces (p), "年")) == NULL ||
      (p = read_digits (skip_pattern_spaces (p), 1, 2, m)) == NULL ||
      (p = read_separator (skip_pattern_spaces (p), "月")) == NULL ||
      (p = read_digits (skip_pattern_spaces (p), 1, 2, d)) == NULL)
    return FALSE;
  return ends_with_optional (skip_pattern_spaces (p), "日");
}

static gboolean
read_compact_date (const char *p,
                   int        *y,
                   int        *m,
                   int        *d)
{
  return (p = read_digits (p, 4, 4, y)) != NULL &&
         (p = read_digits (p, 2, 2, m)) != NULL &&
         (p = read_digits (p, 2, 2, d)) != NULL &&
         at_end (p);
}

static gboolean
read_month (const char *p,
            int        *y,
            int        *m)
{
  const char *q;

  if ((p = read_digits (p, 4, 4, y)) == NULL)
    return FALSE;
  p = skip_pattern_spaces (p);
  if ((q = read_separator (p, "年")) != NULL &&
      (q = read_digits (skip_pattern_spaces (q), 1, 2, m)) != NULL &&
      ends_with_optional (skip_pattern_spaces (q), "月"))
    return TRUE;
  return (q = read_digits (p, 2, 2, m)) != NULL && at_end (q);
}

/* "%04d-%02d-%02d", or "%04d-%02d" when @d is 0, for a valid birth date */
static char *
format_date (int y,
             int m,
             int d)
{
  char *out = g_malloc (11);

  out[0] = (char) ('0' + y / 1000);
  out[1] = (char) ('0' + y / 100 % 10);
  out[2] = (char) ('0' + y / 10 % 10);
  out[3] = (char) ('0' + y % 10);
  out[4] = '-';
  out[5] = (char) ('0' + m / 10);
  out[6] = (char) ('0' + m % 10);
  if (d == 0)
    {
      out[7] = '\0';
      return out;
    }
  out[7] = '-';
  out[8] = (char) ('0' + d / 10);
  out[9] = (char) ('0' + d % 10);
  out[10] = '\0';
  return out;
}

/**
 * _linli_import_date:
 * @month_only: (out): set when only the year and month were written
 *
 * Returns: (transfer full) (nullable): YYYY-MM-DD, or YYYY-MM when
 *   @month_only; %NULL when @text is not a date
 */
char *
_linli_import_date (const char *text,
                    gboolean   *month_only)
{
  g_autofree char *s = _linli_import_fold (text);
  int y = 0, m = 0, d = 0;
  char *space;

  *month_only = FALSE;
  if (s == NULL || *s == '\0')
    return NULL;

  /* "1956-03-12 00:00:00", "1956-03-12T00:00" */
  space = strpbrk (s, " T");
  if (space != NULL)
    *space = '\0';

  if (read_full_date (s, &y, &m, &d) || read_compact_date (s, &y, &m, &d))
    {
      if (d == 0 || !valid_birth (y, m, d))
        return NULL;
      return format_date (y, m, d);
    }

  if (read_month (s, &y, &m))
    {
      if (!valid_birth (y, m, 0))
        return NULL;
      *month_only = TRUE;
      return format_date (y, m, 0);
    }

  /* A date that lost its format on the way to CSV: Excel's day number. */
  {
    char *end = NULL;
    long serial = strtol (s, &end, 10);

    if (end != s && *end == '\0' && strlen (s) == 5 && serial >= 10000 && serial < 60000)
      {
        GDate date;

        g_date_clear (&date, 1);
        g_date_set_dmy (&date, 30, 12, 1899);
        g_date_add_days (&date, (guint) serial);
        y = g_date_get_year (&date);
        m = g_date_get_month (&date);
        d = g_date_get_day (&date);
        if (valid_birth (y, m, d))
          return g_strdup_printf ("%04d-%02d-%02d", y, m, d);
      }
  }

  return NULL;
}

typedef struct
{
  const char *code;
  const char *name;   /* as Linli names it */
  const char *other;  /* other names ledgers use, '|'-separated */
} BuiltinTag;

static const BuiltinTag builtin_tags[] = {
  { "alone", "独居老人", "独居|独居老年人|孤寡老人" },
  { "empty_nest", "空巢老人", "空巢|空巢老年人" },
  { "disabled", "残疾人", "残疾|残障人士|残障" },
  { "low_income", "低保", "低保户|低保对象|最低生活保障" },
  { "party_member", "党员", "中共党员|共产党员|中共预备党员" },
  { "floating", "流动人口", "外来人口|流动人员|暂住人口" },
  { "veteran", "退役军人", "退伍军人|复员军人|转业军人" },
};

/**
 * _linli_import_tag_code:
 * @canonical: (out) (optional): Linli's name of the tag
 *
 * Returns: (nullable): the built-in code of a category, %NULL for one of
 *   the user's own
 */
const char *
_linli_import_tag_code (const char  *name,
                        const char **canonical)
{
  for (guint i = 0; i < G_N_ELEMENTS (builtin_tags); i++)
    {
      const char *o = builtin_tags[i].other;
      gsize len = strlen (name);
      gboolean other = FALSE;

      /* "|"-separated: look for the name between separators */
      for (const char *p = strstr (o, name); p != NULL && !other; p = strstr (p + 1, name))
        other = (p == o || p[-1] == '|') && (p[len] == '\0' || p[len] == '|');

      if (g_str_equal (name, builtin_tags[i].name) || other)
        {
          if (canonical)
            *canonical = builtin_tags[i].name;
          return builtin_tags[i].code;
        }
    }
  return NULL;
}
