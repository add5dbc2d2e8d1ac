/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  LINLI_ID_OK,
  LINLI_ID_EMPTY,
  LINLI_ID_BAD_LENGTH,      /* not 18 characters */
  LINLI_ID_BAD_CHARACTERS,  /* not 17 digits and a digit or X */
  LINLI_ID_BAD_DATE,        /* the birth date in it does not exist */
  LINLI_ID_BAD_CHECK_DIGIT, /* GB 11643 check digit wrong */
} LinliIdStatus;

LinliIdStatus linli_id_number_check      (const char *id_number);
char          linli_id_number_check_digit (const char *first17);
char         *linli_id_number_normalize  (const char *id_number);
char         *linli_id_number_birth_date (const char *id_number);
char          linli_id_number_gender     (const char *id_number);
const char   *linli_id_status_describe   (LinliIdStatus status);

gboolean      linli_phone_is_valid       (const char *phone);
char         *linli_phone_normalize      (const char *phone);

int           linli_age_on               (const char *birth_date,
                                          GDate      *on);

G_END_DECLS
