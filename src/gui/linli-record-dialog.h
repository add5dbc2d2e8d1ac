/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "linli-db.h"

G_BEGIN_DECLS

GtkWindow *linli_record_dialog_new (GtkWindow  *parent,
                                    LinliDb    *db,
                                    const char *table,
                                    const char *id);

G_END_DECLS
