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
int linli_cli_fail (const char *command, const GError *error);
gboolean linli_cli_parse (const char *command, const char *parameter, GOptionEntry *entries,
                          int *argc, char ***argv, int min_args, int max_args, int *status);

/* The database named by --db, opened (created when missing). */
struct _LinliDb *linli_cli_open_db (LinliCli *cli, GError **error);

/* A team by its name or id (linli-cli-roster.c). */
char *linli_cli_find_team (struct _LinliDb *db, const char *name, GError **error);

/* Commands, one function each, listed in commands[] of linli-cli.c. */
int linli_cli_init   (LinliCli *cli, int argc, char **argv);
int linli_cli_demo   (LinliCli *cli, int argc, char **argv);
int linli_cli_stats  (LinliCli *cli, int argc, char **argv);
int linli_cli_check  (LinliCli *cli, int argc, char **argv);
int linli_cli_search (LinliCli *cli, int argc, char **argv);
int linli_cli_backup (LinliCli *cli, int argc, char **argv);
int linli_cli_restore (LinliCli *cli, int argc, char **argv);
int linli_cli_import (LinliCli *cli, int argc, char **argv);
int linli_cli_export (LinliCli *cli, int argc, char **argv);
int linli_cli_roster (LinliCli *cli, int argc, char **argv);
int linli_cli_squads (LinliCli *cli, int argc, char **argv);
int linli_cli_print  (LinliCli *cli, int argc, char **argv);

/* Kinds of `export`, listed in kinds[] of linli-cli-export.c: each gets
 * argv[0] = "export KIND", argv[1] = FILE, then its options. */
int linli_cli_export_residents  (LinliCli *cli, int argc, char **argv);
int linli_cli_export_roster     (LinliCli *cli, int argc, char **argv);
int linli_cli_export_volunteers (LinliCli *cli, int argc, char **argv);
int linli_cli_export_hours      (LinliCli *cli, int argc, char **argv);

G_END_DECLS
