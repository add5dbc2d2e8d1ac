/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <locale.h>

#include "linli-core.h"
#include "linli-format.h"
#include "linli-idnumber.h"

static void
test_money (void)
{
  g_autofree char *a = linli_format_money (1200000);
  g_autofree char *b = linli_format_money (-5);
  g_autofree char *c = linli_format_money (0);

  /* The C locale keeps the English form. */
  g_assert_cmpstr (a, ==, "¥12,000.00");
  g_assert_cmpstr (b, ==, "¥-0.05");
  g_assert_cmpstr (c, ==, "¥0.00");
}

static void
test_count (void)
{
  g_autofree char *a = linli_format_count (5309);
  g_autofree char *b = linli_format_count (15);
  g_autofree char *c = linli_format_count (1234567);

  g_assert_cmpstr (a, ==, "5,309");
  g_assert_cmpstr (b, ==, "15");
  g_assert_cmpstr (c, ==, "1,234,567");
}

static void
test_mask_phone (void)
{
  g_autofree char *a = linli_mask_phone ("13812341234");
  g_autofree char *b = linli_mask_phone ("88886666");
  g_autofree char *c = linli_mask_phone (NULL);

  g_assert_cmpstr (a, ==, "138****1234");
  g_assert_cmpstr (b, ==, "******66");
  g_assert_cmpstr (c, ==, "");
}

static void
test_mask_id (void)
{
  g_autofree char *a = linli_mask_id_number ("42010619500101123X");

  g_autofree char *b = linli_mask_id_number ("无");
  g_autofree char *c = linli_mask_id_number ("注：身份证号见户口本第2页");
  g_autofree char *d = linli_mask_id_number ("4.20106198506106E+17");
  g_autofree char *e = linli_mask_id_number ("4201061985");

  g_assert_cmpstr (a, ==, "420106********123X");
  /* Characters, not bytes; text that is not a number stays readable. */
  g_assert_cmpstr (b, ==, "无");
  g_assert_cmpstr (c, ==, "注：身份证号见户口本第2页");
  g_assert_true (g_utf8_validate (c, -1, NULL));
  g_assert_cmpstr (d, ==, "4.2010**********E+17");
  g_assert_cmpstr (e, ==, "**********");
}

static void
test_date (void)
{
  g_autofree char *a = linli_format_date_iso ("2026-11-23");
  g_autofree char *b = linli_format_date_iso ("2026-02-30");
  g_autofree char *c = linli_format_date_iso ("not a date");

  g_assert_cmpstr (a, ==, "23 Nov 2026");
  g_assert_null (b);
  g_assert_null (c);
}

static void
test_zh_cn (void)
{
  g_autofree char *money = NULL;
  g_autofree char *date = NULL;

  if (setlocale (LC_ALL, "zh_CN.UTF-8") == NULL)
    {
      g_test_skip ("the zh_CN.UTF-8 locale is not generated on this machine");
      return;
    }

  money = linli_format_money (1200000);
  date = linli_format_date_iso ("2026-11-23");
  setlocale (LC_ALL, "C.UTF-8");

  g_assert_cmpstr (money, ==, "12,000.00元");
  g_assert_cmpstr (date, ==, "2026年11月23日");
}

static void
test_id_number (void)
{
  g_autofree char *birth = NULL;
  g_autofree char *norm = NULL;

  /* The example of GB 11643 itself. */
  g_assert_cmpint (linli_id_number_check ("11010519491231002X"), ==, LINLI_ID_OK);
  g_assert_cmpint (linli_id_number_check ("110105194912310021"), ==, LINLI_ID_BAD_CHECK_DIGIT);
  g_assert_cmpint (linli_id_number_check ("11010519491331002X"), ==, LINLI_ID_BAD_DATE);
  g_assert_cmpint (linli_id_number_check ("1101051949123100"), ==, LINLI_ID_BAD_LENGTH);
  g_assert_cmpint (linli_id_number_check ("11010519491231002Y"), ==, LINLI_ID_BAD_CHARACTERS);
  g_assert_cmpint (linli_id_number_check (""), ==, LINLI_ID_EMPTY);
  g_assert_cmpint (linli_id_number_check_digit ("11010519491231002"), ==, 'X');

  birth = linli_id_number_birth_date ("11010519491231002X");
  g_assert_cmpstr (birth, ==, "1949-12-31");
  g_assert_cmpint (linli_id_number_gender ("11010519491231002X"), ==, 'F');

  norm = linli_id_number_normalize ("'110105 19491231 002x");
  g_assert_cmpstr (norm, ==, "11010519491231002X");
}

static void
test_phone (void)
{
  g_autofree char *a = linli_phone_normalize ("139 0718 1234");
  g_autofree char *b = linli_phone_normalize ("+86 139-0718-1234");
  g_autofree char *c = linli_phone_normalize ("027-8888 6666");

  g_assert_cmpstr (a, ==, "13907181234");
  g_assert_cmpstr (b, ==, "13907181234");
  g_assert_cmpstr (c, ==, "027-88886666");
  g_assert_true (linli_phone_is_valid (a));
  g_assert_true (linli_phone_is_valid (c));
  g_assert_true (linli_phone_is_valid ("88886666"));
  g_assert_false (linli_phone_is_valid ("1390718123"));
  g_assert_false (linli_phone_is_valid ("12907181234"));
  g_assert_false (linli_phone_is_valid ("abc"));
}

static void
test_age (void)
{
  GDate on;

  g_date_clear (&on, 1);
  g_date_set_dmy (&on, 23, 11, 2026);
  g_assert_cmpint (linli_age_on ("1946-11-23", &on), ==, 80);
  g_assert_cmpint (linli_age_on ("1946-11-24", &on), ==, 79);
  g_assert_cmpint (linli_age_on ("bad", &on), ==, -1);
}

int
main (int argc, char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_setenv ("LANGUAGE", "", TRUE);
  linli_core_init ();
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/format/money", test_money);
  g_test_add_func ("/format/count", test_count);
  g_test_add_func ("/format/mask-phone", test_mask_phone);
  g_test_add_func ("/format/mask-id", test_mask_id);
  g_test_add_func ("/format/date", test_date);
  g_test_add_func ("/format/zh-cn", test_zh_cn);
  g_test_add_func ("/rules/id-number", test_id_number);
  g_test_add_func ("/rules/phone", test_phone);
  g_test_add_func ("/rules/age", test_age);

  return g_test_run ();
}
