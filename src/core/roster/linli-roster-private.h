/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

void     _linli_roster_csv_row    (GString            *out,
                                   const char * const *fields,
                                   guint               n_fields);
gboolean _linli_roster_csv_write  (const char         *path,
                                   GString            *content,
                                   GError            **error);

G_END_DECLS
