/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "linli-cli.h"

int
main (int   argc,
      char *argv[])
{
  return linli_cli_main (argc, argv);
}
