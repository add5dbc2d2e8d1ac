/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "linli-cli-private.h"

G_BEGIN_DECLS

int linli_cli_enrol (LinliCli *cli, int argc, char **argv);
int linli_cli_sync  (LinliCli *cli, int argc, char **argv);

G_END_DECLS
