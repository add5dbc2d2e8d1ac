/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "linli-server-store.h"

G_BEGIN_DECLS

int linli_server_admin (LinliServerStore  *store,
                        int                argc,
                        char             **argv);

G_END_DECLS
