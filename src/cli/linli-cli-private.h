/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  char *db_path;      /* --db, or the app's default database */
} LinliCli;

typedef int (*LinliCliCommandFunc) (LinliCli *cli, int argc, char **argv);

typedef struct
{
  const char          *name;
  const char          *synopsis;  /* arguments, untranslated */
  const char          *summary;   /* N_() */
  LinliCliCommandFunc  func;
} LinliCliCommand;

/* Exit statuses shared by every command. */
enum {
  LINLI_CLI_OK = 0,
  LINLI_CLI_FAILED = 1,
  LINLI_CLI_USAGE = 2,
};

int linli_cli_usage_error (const char *command, const char *message);

/* Commands, one file each. */
int linli_cli_print (LinliCli *cli, int argc, char **argv);  /* linli-cli-print.c */

G_END_DECLS
