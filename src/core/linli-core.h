/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

void         linli_core_init        (void);
const char  *linli_core_get_version (void);

G_END_DECLS
