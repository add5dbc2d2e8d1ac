/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

GArray  *linli_shift_pattern_expand   (const char  *rrule,
                                       const char  *dtstart,
                                       const char  *until,
                                       guint32      from,
                                       guint32      to,
                                       GError     **error);
gboolean linli_shift_pattern_validate (const char  *rrule,
                                       GError     **error);
char    *linli_shift_pattern_describe (const char  *rrule);

G_END_DECLS
