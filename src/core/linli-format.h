/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *linli_format_money        (gint64       cents);
char *linli_format_date         (GDate       *date);
char *linli_format_date_iso     (const char  *iso_date);
char *linli_format_datetime     (GDateTime   *datetime);
char *linli_format_count        (gint64       n);
char *linli_mask_phone          (const char  *phone);
char *linli_mask_id_number      (const char  *id_number);
const char *linli_weekday_name  (GDateWeekday weekday);

G_END_DECLS
